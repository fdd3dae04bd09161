#!/bin/bash
# tests/run.sh BUILD [SAN_BUILD] - runs every test and prints the summary.
#
# Unit tests are cmocka programs (tests/unit/test_*.c); they run in both the
# normal build and the sanitizer build.  Integration tests are shell scripts
# (tests/integration/*.sh) run against the sanitizer build's `hocba` when
# there is one, so that ASan/UBSan watch the real commands too.  Every test
# speaks TAP ("ok N - name" / "not ok N - name"); this script counts those
# lines and ends with one line "N passed, N failed".
#
# TEST_JOBS (default 2) test programs run at once, each with its own scratch
# and temporary directory; a program's output is kept until it ends and is
# then printed whole (its line, and the end of its output when it failed),
# so that nothing interleaves.  The programs of EXCLUSIVE (below) never run
# beside each other: they keep both cores busy or time what they do, so two
# of them together would each run twice as long or miss their deadlines.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
SANB=${2:-}
ROOT=$(pwd)
JOBS=${TEST_JOBS:-2}
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || JOBS=1
pass=0
fail=0
failed_names=()
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
# A 32 MB quarantine instead of 256: freed memory waits there before it
# is reused, so that a use after free still lands in poisoned memory.  The
# pages' images are megabytes each; ASan maps every one afresh and a large
# quarantine keeps dozens of them mapped, which costs the reading tests a
# sixth of their time in page faults (measured: 8.2 s against 6.9 s for a
# two-page book).  32 MB still holds every small object's recent past.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:quarantine_size_mb=32"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_THREAD_LIMIT=1
export CMOCKA_MESSAGE_OUTPUT=TAP
TMPROOT=$(mktemp -d)
trap 'rm -rf "$TMPROOT"' EXIT
# The review tests' workspace, read once per run and copied by each
# (tests/integration/reviewfix.sh, rf_build).
export RF_CACHE=$TMPROOT/fixtures
mkdir -p "$RF_CACHE"

# Two extraction workers, the crash test's kill timing, the load and
# concurrency tests' 20 clients, Chromium's timeouts, memcheck's two lanes.
EXCLUSIVE=" test_extract test_layout_pages test_crash test_load test_review_concurrent
            test_review_browser test_valgrind "

# The queue, longest first so that the short ones fill in at the end:
# integration scripts, then the sanitizer build's unit tests, then the plain
# ones.  A job is KIND:ARG (unit:PROGRAM or int:SCRIPT).
queue=()
for s in tests/integration/test_*.sh; do
    [ -f "$s" ] && queue+=("int:$s")
done
for b in $SANB "$BUILD"; do
    for t in "$b"/tests/test_*; do
        [ -x "$t" ] && queue+=("unit:$t")
    done
done

# job_name JOB: the program's base name without .sh (for EXCLUSIVE).
job_name() { local b=${1##*/}; echo "${b%.sh}"; }
job_exclusive() { [[ $EXCLUSIVE == *" $(job_name "$1") "* ]]; }

# job_run DIR LIMIT CMD...: runs CMD with output into DIR/out, its wall,
# user and system seconds into DIR/time, then its status into DIR/rc (the
# last, so that rc's presence means the rest is there).
job_run() {
    local d=$1 limit=$2 rc
    shift 2
    local TIMEFORMAT='%R %U %S'
    { time TMPDIR=$d/tmp timeout "$limit" "$@" >"$d/out" 2>&1; } 2>"$d/time"
    rc=$?
    echo "$rc" >"$d/rc.part" && mv "$d/rc.part" "$d/rc"
}

# job_start INDEX: starts queue[INDEX] in the background; running[pid]=INDEX.
declare -A running=()
job_start() {
    local i=$1 job=${queue[$1]} d=$TMPROOT/job$1
    mkdir -p "$d/tmp"
    case $job in
    unit:*)
        job_run "$d" 300 "${job#unit:}" &
        ;;
    int:*)
        local s=${job#int:} hb=${SANB:-$BUILD}
        mkdir -p "$d/work"
        job_run "$d" 600 env HOCBA="$ROOT/$hb/hocba" BUILD="$ROOT/$hb" \
            PLAIN_BUILD="$ROOT/$BUILD" SRC="$ROOT" WORK="$d/work" bash "$s" &
        ;;
    esac
    running[$!]=$i
}

# job_report INDEX: counts the TAP lines of a finished job and prints them.
job_report() {
    local i=$1 job=${queue[$1]} d=$TMPROOT/job$1 label rc p f wall user sys
    label=${job#*:}
    [[ $job == unit:* ]] && label=${label%/tests/*}/${label##*/}
    rc=$(cat "$d/rc")
    read -r wall user sys <"$d/time" || { wall=0 user=0 sys=0; }
    p=$(grep -cE '^ok [0-9]+' "$d/out")
    f=$(grep -cE '^not ok [0-9]+' "$d/out")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed, timed out or a sanitizer fired outside any test case
    fi
    if [ "$f" -gt 0 ]; then
        echo "---- $label (exit $rc)"
        tail -n 60 "$d/out"
        failed_names+=("$label")
    fi
    printf '%-50s %3d passed, %d failed  (%.0fs, %.0fs CPU)\n' "$label" "$p" "$f" \
        "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
    pass=$((pass + p))
    fail=$((fail + f))
    rm -rf "$d"
}

# The scheduler: fill the free slots with the first jobs of the queue that
# may start (an exclusive one only when no other exclusive one runs), then
# wait for any job to end and report every one that has.
started=()
left=${#queue[@]}
while [ "$left" -gt 0 ]; do
    excl_running=0
    for pid in "${!running[@]}"; do
        job_exclusive "${queue[${running[$pid]}]}" && excl_running=1
    done
    for i in "${!queue[@]}"; do
        [ "${#running[@]}" -lt "$JOBS" ] || break
        [ -z "${started[$i]:-}" ] || continue
        if job_exclusive "${queue[$i]}"; then
            [ "$excl_running" = 0 ] || continue
            excl_running=1
        fi
        started[$i]=1
        job_start "$i"
    done
    wait -n 2>/dev/null
    for pid in "${!running[@]}"; do
        i=${running[$pid]}
        [ -f "$TMPROOT/job$i/rc" ] || continue
        wait "$pid" 2>/dev/null
        unset "running[$pid]"
        job_report "$i"
        left=$((left - 1))
    done
done

if [ ${#failed_names[@]} -gt 0 ]; then
    echo "failed: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
