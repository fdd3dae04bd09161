#!/bin/bash
# tests/fuzz/run.sh [SECONDS] [TARGET...] - runs each libFuzzer target of
# `make fuzz` (build-fuzz/fuzz/fuzz_TARGET) for SECONDS (default 600), one
# after the other, niced, on one core: seeds from samples/ (seeds.sh), the
# committed nasty corpus (tests/fuzz/corpus/TARGET), and its own growing
# corpus in build-fuzz/corpus/TARGET.  A crash, leak or improper error is
# saved as build-fuzz/crash/TARGET/crash-*; copy it (minimized) into
# tests/fuzz/corpus/TARGET once fixed, so that `make check` replays it.
# Prints per target: seconds, executions, and whether it found anything.
set -u
cd "$(dirname "$0")/../.." || exit 1
SECS=${1:-600}
shift || true
TARGETS=${*:-load record_xml roster config http json}
B=build-fuzz
[ -x $B/fuzz/fuzz_json ] || { echo "fuzz: run 'make fuzz' first" >&2; exit 2; }
[ -d $B/seeds/load ] || ./tests/fuzz/seeds.sh build $B/seeds || exit 1
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_THREAD_LIMIT=1
status=0
for t in $TARGETS; do
    mkdir -p $B/corpus/$t $B/crash/$t
    log=$B/fuzz-$t.log
    start=$(date +%s)
    nice -n 10 $B/fuzz/fuzz_$t -max_total_time="$SECS" -timeout=30 -rss_limit_mb=3072 \
        -max_len=262144 -print_final_stats=1 -artifact_prefix=$B/crash/$t/ \
        $B/corpus/$t $B/seeds/$t tests/fuzz/corpus/$t >"$log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    found=$(ls $B/crash/$t | wc -l)
    printf '%-11s %5ds %10s execs  exit %d  %d finding(s) in %s/crash/%s\n' \
        "$t" "$took" "${execs:-?}" "$rc" "$found" $B "$t"
    [ "$rc" -eq 0 ] && [ "$found" -eq 0 ] || status=1
done
exit $status
