#!/usr/bin/env bash
# What --recent (the page's "Favour recent news") does to the top 10 of
# bench/queries.txt on a news index: how many of the ten change, and how
# old the hits are (median age in days of the ten, then the median over
# the queries), for each half-life against relevance alone.  Relevance
# judgments for news do not exist here, so this measures the reordering,
# not whether it is better.
#
#     bench/recency.sh INDEX [HALF_LIVES...]     (default: 7 30 365)
set -euo pipefail
cd "$(dirname "$0")/.."
db=$1
shift
lives=${*:-7 30 365}
search=${BUILD:-build}/bin/dossier-search
run() { # QUERY [--recent DAYS]: "id published" of the top 10, one a line
    "$search" --db "$db" --json --limit 10 "$@" 2>/dev/null |
        jq -r '.hits[] | "\(.id) \(.published // "")"'
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
while IFS= read -r q; do
    case $q in "" | "#"*) continue ;; esac
    run "$q" > "$work/$n.plain"
    for d in $lives; do
        run "$q" --recent "$d" > "$work/$n.$d"
    done
    n=$((n + 1))
done < bench/queries.txt
python3 - "$work" "$n" $lives <<'PY'
import datetime, statistics, sys
work, n, lives = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
today = datetime.date.today()

def read(path):
    rows = [line.split() for line in open(path)]
    return [r[0] for r in rows], [r[1] for r in rows if len(r) > 1]

def age(dates):
    days = [(today - datetime.date.fromisoformat(d[:10])).days
            for d in dates if len(d) >= 10]
    return statistics.median(days) if days else None

def summary(label, key):
    changed, ages = [], []
    for q in range(n):
        plain, _ = read(f"{work}/{q}.plain")
        ids, dates = read(f"{work}/{q}.{key}")
        if not plain:
            continue
        changed.append(len(set(ids) - set(plain)))
        a = age(dates)
        if a is not None:
            ages.append(a)
    print(f"{label:22} new in the top 10: {statistics.mean(changed):4.1f} "
          f"of 10 (mean); median age of the top 10: "
          f"{statistics.median(ages):6.0f} days (median over {len(ages)} "
          f"queries)")

summary("relevance alone", "plain")
for d in lives:
    summary(f"--recent {d}", d)
PY
