#!/usr/bin/env bash
# Compares the analyzer of two builds, each with its own gazetteer, as
# bench_analyzer measures one: MB/s on a news corpus held in memory, with
# and without entities.  The machine is shared and its speed drifts by
# more than the differences to measure, so the builds take turns, ROUNDS
# times, one short run each (old, new, new, old, ...); a build's figure is
# the median, and the best, of its runs.  The ratio of the two builds is
# also taken round by round, the two runs of a round close in time, and
# its median printed: a burst of load on the machine slows both runs of
# its round, and moves that figure least.
#
#     bench/ab_analyzer.sh OLD_BUILD OLD_GAZETTEER [NEW_BUILD [NEW_GAZETTEER [ROUNDS]]]
#
# OLD_BUILD holds bench/bench_analyzer of the build to compare with; for
# issue 15, the build of 9236ce5 with bench/entities-before-issue15.tsv
# (git worktree add /tmp/old 9236ce5 && make -C /tmp/old
# build/bench/bench_analyzer).  CORPUS (default Reuters-21578) picks
# another corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
old_gaz=$(realpath "$2")
new=$(realpath "${3:-build}")
new_gaz=$(realpath "${4:-feeds/entities.tsv}")
rounds=${5:-8}
corpus=${CORPUS:-${CORPORA:-../shared/corpora}/news/reuters21578.jsonl.gz}
[ -f "$corpus" ] || { echo "ab_analyzer: $corpus not found; skipped" >&2; exit 0; }
for build in "$old" "$new"; do
    [ -x "$build/bench/bench_analyzer" ] ||
        { echo "ab_analyzer: $build/bench/bench_analyzer missing" >&2; exit 2; }
done
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT
one_run() {
    local side=$1 build=$2 gaz=$3 round=$4
    "$build/bench/bench_analyzer" "$gaz" "$corpus" 1 2>/dev/null |
        awk -v side="$side" -v round="$round" '
            /^dossier, no entities/   { print side, "plain", $(NF - 7), round }
            /^dossier, with entities/ { print side, "entities", $(NF - 7), round }' \
        >> "$runs"
}
for round in $(seq "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then
        one_run old "$old" "$old_gaz" "$round"
        one_run new "$new" "$new_gaz" "$round"
    else
        one_run new "$new" "$new_gaz" "$round"
        one_run old "$old" "$old_gaz" "$round"
    fi
done
python3 - "$runs" "$rounds" "$corpus" <<'PY'
import statistics, sys
runs, by_round = {}, {}
for line in open(sys.argv[1]):
    side, kind, mbs, rnd = line.split()
    runs.setdefault((kind, side), []).append(float(mbs))
    by_round.setdefault((kind, rnd), {})[side] = float(mbs)
print(f"{sys.argv[3].rsplit('/', 1)[-1]}: {sys.argv[2]} rounds, old and new in turn; "
      "MB/s, median (best) of the rounds")
for kind, name in (("plain", "no entities"), ("entities", "with entities")):
    o, n = runs[(kind, "old")], runs[(kind, "new")]
    paired = [r["new"] / r["old"] for (k, _), r in by_round.items()
              if k == kind and len(r) == 2]
    print(f"{name:14}: old {statistics.median(o):.1f} ({max(o):.1f}), "
          f"new {statistics.median(n):.1f} ({max(n):.1f}); ratio new/old "
          f"{statistics.median(n) / statistics.median(o):.3f} "
          f"({max(n) / max(o):.3f}); by round {statistics.median(paired):.3f} "
          f"({min(paired):.3f}-{max(paired):.3f})")
PY
