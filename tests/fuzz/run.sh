#!/usr/bin/env bash
# tests/fuzz/run.sh NAME BINARY SECONDS WORKDIR: runs one libFuzzer harness
# for SECONDS on its corpus, as `make fuzz` does (tests/fuzz/fuzz.mk).
#
# The seeds of tests/fuzz/corpus/NAME/, and the files corpus/NAME.from
# names, are copied into WORKDIR/corpus/NAME,
# where the inputs found are kept from run to run (the seeds in git stay
# small); crashes go to WORKDIR/artifacts/NAME/, the whole output to
# WORKDIR/logs/NAME.log.  Prints one line: the harness, its result,
# executions, executions a second, coverage (cov: edges, ft: features) and
# corpus size, also written to WORKDIR/logs/NAME.summary.  Exits non-zero
# when the harness found a crash, a leak, a timeout or ran out of memory.
set -u
name=$1 bin=$2 seconds=$3 work=$4
top=$(pwd)
corpus=$work/corpus/$name
artifacts=$work/artifacts/$name
logs=$work/logs
mkdir -p "$corpus" "$artifacts" "$logs"
if [ -d "tests/fuzz/corpus/$name" ]; then
    cp -n "tests/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null
fi
# Fixtures of the other tests that also make good seeds, named in
# corpus/NAME.from rather than copied into git twice.
if [ -f "tests/fuzz/corpus/$name.from" ]; then
    grep -v '^#' "tests/fuzz/corpus/$name.from" | while read -r seed; do
        [ -n "$seed" ] && cp -n "$seed" "$corpus"/
    done
fi
dict=()
[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
# Inputs past these lengths are refused at once by the code under test.
max_len=()
case $name in
    query) max_len=(-max_len=8300) ;;
    url|date|http_headers) max_len=(-max_len=512) ;;
esac
log=$logs/$name.log
summary=$logs/$name.summary

start=$(date +%s)
DOSSIER_FUZZ_GAZETTEER=$top/feeds/entities.tsv \
DOSSIER_FUZZ_SEED_DIR=$corpus \
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=25 \
        -rss_limit_mb=2048 -artifact_prefix="$artifacts/" "${dict[@]}" \
        "${max_len[@]}" "$corpus" > "$log" 2>&1
status=$?
elapsed=$(( $(date +%s) - start ))

stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
execs=$(stat number_of_executed_units)
rate=$(stat average_exec_per_sec)
# The last status line of libFuzzer: "#N DONE cov: X ft: Y corp: Z/..."
line=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$line")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$line")
corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$line")
if [ "$status" -eq 0 ]; then result=ok; else result="FAILED($status)"; fi
printf '%-16s %-10s %10s runs %8s exec/s  cov %6s  ft %7s  corpus %6s  %ss\n' \
    "$name" "$result" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$elapsed" | tee "$summary"
if [ "$status" -ne 0 ]; then
    echo "---- $name: the end of $log:"
    grep -v '^#[0-9]' "$log" | tail -n 60
    echo "---- $name: inputs kept in $artifacts/:"
    ls -l "$artifacts"
fi
exit "$status"
