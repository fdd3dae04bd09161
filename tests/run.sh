#!/bin/bash
# tests/run.sh BUILD [SAN_BUILD] - runs every test and prints the summary.
#
# Unit tests are cmocka programs (tests/unit/test_*.c); they run in both the
# normal build and the sanitizer build.  Integration tests are shell scripts
# (tests/integration/*.sh) run against the sanitizer build's `hocba` when
# there is one, so that ASan/UBSan watch the real commands too.  Every test
# speaks TAP ("ok N - name" / "not ok N - name"); this script counts those
# lines and ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
SANB=${2:-}
ROOT=$(pwd)
pass=0
fail=0
failed_names=()
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_THREAD_LIMIT=1
export CMOCKA_MESSAGE_OUTPUT=TAP
TMPROOT=$(mktemp -d)
trap 'rm -rf "$TMPROOT"' EXIT

# run_tap LABEL TIMEOUT CMD... : runs CMD, counts its TAP lines.
run_tap() {
    local label=$1 limit=$2
    shift 2
    local out rc p f t0=$SECONDS
    out=$(timeout "$limit" "$@" 2>&1)
    rc=$?
    local took=$((SECONDS - t0))
    p=$(grep -cE '^ok [0-9]+' <<<"$out")
    f=$(grep -cE '^not ok [0-9]+' <<<"$out")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed, timed out or a sanitizer fired outside any test case
    fi
    if [ "$f" -gt 0 ]; then
        echo "---- $label (exit $rc)"
        echo "$out" | tail -n 60
        failed_names+=("$label")
    fi
    printf '%-50s %3d passed, %d failed  (%ds)\n' "$label" "$p" "$f" "$took"
    pass=$((pass + p))
    fail=$((fail + f))
}

for b in "$BUILD" $SANB; do
    for t in "$b"/tests/test_*; do
        [ -x "$t" ] || continue
        run_tap "$b/$(basename "$t")" 300 "$t"
    done
done

HOCBA_BUILD=${SANB:-$BUILD}
for s in tests/integration/test_*.sh; do
    [ -f "$s" ] || continue
    work="$TMPROOT/$(basename "$s" .sh)"
    mkdir -p "$work"
    run_tap "$s" 600 env HOCBA="$ROOT/$HOCBA_BUILD/hocba" BUILD="$ROOT/$HOCBA_BUILD" \
        PLAIN_BUILD="$ROOT/$BUILD" SRC="$ROOT" WORK="$work" bash "$s"
done

if [ ${#failed_names[@]} -gt 0 ]; then
    echo "failed: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
