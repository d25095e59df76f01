#!/usr/bin/env bash
# Serving benchmark: dossier.cgi next to Xapian's Omega CGI over the same
# Reuters corpus.  Each CGI run directly, one process a request; then wrk
# against lighttpd for 30 s at 8 connections: dossier.cgi as CGI and as
# FastCGI, Omega, then dossier.cgi again while dossier-index commits new
# batches into the index being searched.
#
#   load.sh BUILD DOSSIER_INDEX XAPIAN_INDEX MORE_ARTICLES.jsonl.gz
#
# Prints Markdown sections.  Needs wrk, lighttpd, xapian-omega, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 dossier_db=$2 xapian_db=$3 dump=$4 more=$5
duration=${LOAD_SECONDS:-30}
for tool in wrk lighttpd; do
    command -v "$tool" > /dev/null || { echo "Load test skipped: $tool missing."; exit 0; }
done
omega=/usr/lib/cgi-bin/omega/omega
[ -x "$omega" ] || { echo "Load test skipped: xapian-omega missing."; exit 0; }

root=$(mktemp -d)
trap 'kill "$(cat "$root/lighttpd.pid" 2>/dev/null)" 2>/dev/null || true; cp "$root/error.log" "${LOAD_LOG:-/dev/null}" 2>/dev/null || true; rm -rf "$root"' EXIT
abs() { (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }
mkdir -p "$root/www" "$root/omega/data" "$root/omega/log" "$root/omega/cdb"
ln -s "$(abs "$xapian_db")" "$root/omega/data/reuters"
scriptindex --stemmer=english "$root/omega/data/reuters-sample" bench/omega.idx \
    "$dump" > /dev/null
cp -r /usr/share/xapian-omega/templates "$root/omega/templates" 2>/dev/null ||
    cp -r /var/lib/xapian-omega/templates "$root/omega/templates"
cat > "$root/omega.conf" <<CONF
database_dir $root/omega/data
template_dir $root/omega/templates
log_dir $root/omega/log
cdb_dir $root/omega/cdb
CONF
port=$(for p in $(shuf -i 20000-60000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done)
cat > "$root/lighttpd.conf" <<CONF
server.bind = "127.0.0.1"
server.port = $port
server.document-root = "$root/www"
server.errorlog = "$root/error.log"
server.pid-file = "$root/lighttpd.pid"
server.modules = ("mod_alias", "mod_cgi", "mod_fastcgi", "mod_setenv")
setenv.add-environment = (
    "DOSSIER_DB" => "$(abs "$dossier_db")",
    "DOSSIER_ENTITIES" => "$(abs feeds/entities.tsv)",
    "OMEGA_CONFIG_FILE" => "$root/omega.conf",
)
alias.url = ("/search" => "$(abs "$build/bin/dossier.cgi")", "/omega" => "$omega",
             "/somega" => "$omega")
\$HTTP["url"] =~ "^/(search|omega|somega)" { cgi.assign = ("" => "") }
# The same binary as FastCGI processes lighttpd keeps: one per core.
fastcgi.server = ("/fsearch" => ((
    "bin-path" => "$(abs "$build/bin/dossier.cgi")",
    "socket" => "$root/dossier.socket",
    "max-procs" => 2,
    "check-local" => "disable",
    "bin-environment" => (
        "DOSSIER_DB" => "$(abs "$dossier_db")",
        "DOSSIER_ENTITIES" => "$(abs feeds/entities.tsv)",
    ),
)))
CONF
lighttpd -f "$root/lighttpd.conf"
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/search" && break; sleep 0.1; done

# The queries, rotated by a wrk script.
lua_queries=$(grep -v '^#' bench/queries.txt | grep -v '^$' | sed 's/ /+/g; s/.*/"&",/' | tr -d '\n')
for target in search fsearch omega somega; do
    param=q
    extra=""
    [ "$target" = omega ] && param=P && extra="&DB=reuters"
    [ "$target" = somega ] && param=P && extra="&DB=reuters-sample"
    cat > "$root/$target.lua" <<LUA
local queries = { $lua_queries }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/$target?$param=" .. queries[(i % #queries) + 1] .. "$extra")
end
LUA
done

# One request each, to show what each page holds: its highlighted words.
marked() { # URL, tag -> words of "oil prices" marked with the tag
    { curl -s "http://127.0.0.1:$port/$1" | grep -oi "<$2>\(oil\|price\)" || true; } | wc -l
}
marked_dossier=$(marked "search?q=oil+prices" mark)
marked_somega=$(marked "somega?P=oil+prices&DB=reuters-sample" strong)
marked_omega=$(marked "omega?P=oil+prices&DB=reuters" strong)

run_wrk() { # target -> wrk's report
    wrk -t2 -c8 -d"${duration}s" --latency -s "$root/$1.lua" "http://127.0.0.1:$port" 2>&1
}

# Each CGI run directly, one process a request, before any load.
direct=$(DOSSIER_DB="$(abs "$dossier_db")" DOSSIER_ENTITIES="$(abs feeds/entities.tsv)" \
    OMEGA_CONFIG_FILE="$root/omega.conf" python3 bench/cgi_direct.py bench/queries.txt 3 \
    "dossier.cgi=$(abs "$build/bin/dossier.cgi")?q" \
    "Omega, index with samples (snippets)=$omega?P&DB=reuters-sample" \
    "Omega, index without (titles only)=$omega?P&DB=reuters" \
    "/bin/true (process start alone)=/bin/true?q")

# Each alone; then dossier.cgi, as CGI and as FastCGI, while
# dossier-index commits batches into the same index.
cgi_report=$(run_wrk search)
fastcgi_report=$(run_wrk fsearch)
omega_report=$(run_wrk omega)
somega_report=$(run_wrk somega)
"$build/bin/dossier-index" --quiet --jobs 1 --batch 500 --db "$dossier_db" "$more" \
    > "$root/index.log" 2>&1 &
indexer=$!
cgi_indexing_report=$(run_wrk search)
fastcgi_indexing_report=$(run_wrk fsearch)
kill -INT "$indexer" 2>/dev/null || true
wait "$indexer" 2>/dev/null || true

summary() { # report -> "req/s | p50 | p90 | p99 | failures"
    awk '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
        /Non-2xx or 3xx responses/ { bad += $5 }
        /Socket errors/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
        /requests in/ { total = $1 }
        END { printf "%s | %s | %s | %s | %s | %d", total, rps, p50, p90, p99, bad }'
}
echo "## Serving: each CGI run directly"
echo
echo "The first page of results for \"oil prices\" marks the query's words $marked_dossier times in dossier.cgi's"
echo "snippets (with the entities in them marked too, and facets and a timeline beside), $marked_somega times in Omega's"
echo "from the index with samples, and $marked_omega times from the one without."
echo
echo "Every query of bench/queries.txt, 3 passes after a warm-up, one process a request (as a web server runs a CGI):"
echo
echo '```'
echo "$direct"
echo '```'
echo
echo "## Serving: wrk, ${duration} s, 8 connections, 2 threads, behind lighttpd"
echo
echo "The queries of bench/queries.txt in turn.  dossier.cgi is one binary: run as a CGI (a"
echo "process a request, like Omega) or as FastCGI (2 processes lighttpd keeps, each reopening the"
echo "index per request).  In the last two runs dossier-index committed batches of 500 articles of"
echo "another corpus (WCEP) into the index being searched, on the same 2 cores."
echo
echo "| server | requests | requests/s | p50 | p90 | p99 | failed |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| dossier.cgi as CGI (snippets with entities, facets, timeline) | $(echo "$cgi_report" | summary) |"
echo "| dossier.cgi as FastCGI | $(echo "$fastcgi_report" | summary) |"
echo "| Xapian Omega CGI, stock template, index with samples (snippets) | $(echo "$somega_report" | summary) |"
echo "| Xapian Omega CGI, stock template, index without (titles only) | $(echo "$omega_report" | summary) |"
echo "| dossier.cgi as CGI, dossier-index committing meanwhile | $(echo "$cgi_indexing_report" | summary) |"
echo "| dossier.cgi as FastCGI, dossier-index committing meanwhile | $(echo "$fastcgi_indexing_report" | summary) |"
echo
echo "Articles committed by dossier-index during the last two runs: $(grep -o '[0-9]* added' "$root/index.log" | head -1 || echo 'the run was stopped before its summary')."
echo
