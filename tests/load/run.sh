#!/bin/bash
# tests/load/run.sh [SECONDS] - load: 20 reviewers (tests/load/load.mjs,
# each its own account and session) and 2 workers on one workspace for
# SECONDS (default 300), loopback only.  The workers are two `wsfill batch`
# processes: in a loop, one transaction each that stores a page, a book, a
# draft record and an audit entry, as an extraction worker does when it
# finishes a book.  Passes when no request got a 5xx, no reviewer failed,
# and every correction answered 200 is in the audit trail exactly once,
# the last of each record being its stored value.  Prints the figures
# (p50/p95/p99 per call) as TAP comments.
#   after `make`: tests/load/run.sh 300 (make check runs 20 s of it:
#   tests/integration/test_load.sh).
# Environment as in tests/integration (HOCBA, BUILD, SRC, WORK) when run
# from there; standalone, it uses build/ and a temporary WORK.
SECS=${1:-${LOAD_SECONDS:-300}}
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
HOCBA=${HOCBA:-$SRC/build/hocba}
BUILD=${BUILD:-$(dirname "$HOCBA")}
own=
[ -n "${WORK:-}" ] || { WORK=$(mktemp -d); own=1; }
export OMP_THREAD_LIMIT=1
. "$SRC/tests/integration/lib.sh"
FIX_HOCBA=$HOCBA
. "$SRC/tests/integration/reviewfix.sh"
W=$WORK/ws
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rf_kill; [ -n "$own" ] && rm -rf "$WORK"; }
trap cleanup EXIT
bail() { n=$((n + 1)); echo "not ok $n - $1"; exit 1; }
q() { sqlite3 -cmd ".timeout 10000" "$W/hocba.db" "$1"; }

LIBB=${PLAIN_BUILD:-$BUILD}
build_wsfill "$LIBB" "$WORK/wsfill" || bail "build wsfill"
"$HOCBA" init "$W" >/dev/null || bail "init"
ids=($("$WORK/wsfill" "$W" records 60 2019-2020 draft)) || bail "wsfill records"
cls=$(q "SELECT DISTINCT year || '/' || class FROM records")
logins=()
for i in $(seq -w 1 20); do
    rf_user "$W" "gv$i" teacher "Giáo viên $i" "$cls" >/dev/null || bail "user gv$i"
    logins+=("gv$i")
done
rf_serve "$W" >"$WORK/serve.out" 2>&1 || { cat "$WORK/serve.out"; bail "hocba review"; }
before=$(q "SELECT count(*) FROM records")
worker() { # a book stored every WORKER_PAUSE s (default 1; a real book takes 3-5 s)
    local end=$((SECONDS + SECS))
    while [ $SECONDS -lt $end ]; do
        "$WORK/wsfill" "$W" batch 1 >>"$WORK/worker$1.out" 2>&1 || echo "worker $1 failed" >>"$WORK/worker$1.err"
        sleep "${WORKER_PAUSE:-1}"
    done
}
for k in 1 2; do
    worker $k &
    pids+=($!)
done
URL=$URL LOGINS=$(IFS=,; echo "${logins[*]}") IDS=$(IFS=,; echo "${ids[*]}") PASSWORD_DIR=$WORK \
    FIELD=LY_LICH/CHO_O SECONDS=$SECS OUT=$WORK/saved.json \
    timeout $((SECS + 60)) node "$SRC/tests/load/load.mjs" >"$WORK/load.out" 2>&1
rc=$?
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
pids=()
res=$(tail -n 1 "$WORK/load.out")
echo "# $res"
jv() { node -e "const j=JSON.parse(process.argv[1]); console.log($2)" "$res"; }
check "the reviewers ran for $SECS s (exit $rc)" '[ $rc = 0 ] && jv "$res" "j.seconds" >/dev/null'
check "no 5xx, no failed reviewer" '[ "$(jv "$res" "j.n_errors")" = 0 ] && ! jv "$res" "Object.keys(j.statuses).join(\" \")" | grep -q "5[0-9][0-9]" || { sed "s/^/#   /" "$WORK/load.out" | tail -n 5; false; }'
added=$(( $(q "SELECT count(*) FROM records") - before ))
check "the 2 workers wrote meanwhile ($added records), none failed" '[ "$added" -gt 0 ] && ! cat "$WORK"/worker*.err 2>/dev/null | grep -q .'
# every saved correction exactly once in the audit trail
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const c of s) console.log([c.login, c.id, c.value].join("\t"));' "$WORK/saved.json" >"$WORK/saved.tsv"
q "SELECT who, record, new_value FROM review_actions WHERE action = 'correct' AND path = 'LY_LICH/CHO_O'" |
    tr '|' '\t' | sort >"$WORK/audit.tsv"
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const c of s) console.log([c.login, c.id, c.value].join("\t"));' "$WORK/saved.json.unknown" | sort >"$WORK/unknown.tsv"
sort "$WORK/saved.tsv" >"$WORK/saved.sorted"
nsaved=$(wc -l <"$WORK/saved.sorted")
missing=$(comm -23 "$WORK/saved.sorted" "$WORK/audit.tsv" | wc -l)
dups=$(uniq -d "$WORK/audit.tsv" | wc -l)
strays=$(comm -13 "$WORK/saved.sorted" "$WORK/audit.tsv" | comm -23 - "$WORK/unknown.tsv" | wc -l)
check "every correction answered 200 ($nsaved) is in the audit trail exactly once ($missing lost, $dups doubled, $strays strays)" \
    '[ "$nsaved" -gt 0 ] && [ $missing = 0 ] && [ $dups = 0 ] && [ $strays = 0 ]'
lastbad=0
for id in "${ids[@]}"; do
    want=$(q "SELECT new_value FROM review_actions WHERE action = 'correct' AND record = '$id' ORDER BY id DESC LIMIT 1")
    [ -z "$want" ] && continue
    got=$(q "SELECT f.value FROM fields f JOIN records r ON f.record = r.rid WHERE r.id = '$id' AND f.path = 'LY_LICH/CHO_O'")
    [ "$got" = "$want" ] || lastbad=$((lastbad + 1))
done
check "each record holds its last correction ($lastbad wrong)" '[ $lastbad = 0 ]'
check "integrity_check ok" '[ "$(q "PRAGMA integrity_check")" = ok ]'
rf_server_checks
