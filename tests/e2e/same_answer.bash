# Comparing the answers of two databases (an index, an archive, a stub, a
# replica) to one search.  Needs SEARCH, the dossier-search to run.

# What a search answers, without what may differ run to run (the time it
# took) or in the last bits of a sum's rounding (the scores).
answer() {
    "$SEARCH" "$@" 2>&1 | jq -S 'del(.elapsed_ms) | if .hits then .hits |= map(del(.score)) else . end'
}

# Asserts that $1 and $2 answer "${@:3}" the same.
same_answer() {
    local a b
    a=$(answer --db "$1" "${@:3}")
    b=$(answer --db "$2" "${@:3}")
    if [ "$a" != "$b" ]; then
        diff <(echo "$a") <(echo "$b") | head -20
        return 1
    fi
}
