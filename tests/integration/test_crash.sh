#!/bin/bash
# test_crash.sh - crash safety: SIGKILL at random points of `process`,
# `review set` / `approve` (the review UI's writes, same code), `sign
# --approved`, `export` and `backup`, at least 50 kills over a batch of
# more than 50 pages with reviews and signing.  After every kill: the database passes
# PRAGMA integrity_check, and no file under a final name in the outbox or
# the export is incomplete.  After each stage, restarted until done: every
# book read once (one final state, its drafts stored once), every
# correction there exactly once, every approved record issued once with
# one signature per role, `hocba verify` valid on every issued file,
# `export --check` clean, a killed backup's destination absent or whole.
#
# Fixture: 6 x 9 plain pages (a few repeat and are not added twice) (mkbooks; reading rejects them quickly) and 3
# one-year books from gen (6 pages, real drafts), scanned with $HOCBA;
# `process` runs the plain build (the reading is the slow part; what is
# tested is the job protocol on disk); 20 more drafts from wsfill; every
# other command is $HOCBA.  Kill points are random: the seed is printed
# (CRASH_SEED=N repeats a run).  Cost: about 60 s under ASan.
. "$SRC/tests/integration/lib.sh"
SEED=${CRASH_SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$SEED
echo "# CRASH_SEED=$SEED"
LIBB=${PLAIN_BUILD:-$BUILD}
PLAIN=$LIBB/hocba
[ -x "$PLAIN" ] || PLAIN=$HOCBA
W=$WORK/ws
P=$WORK/pki
E=$WORK/export
q() { sqlite3 -cmd ".timeout 5000" "$W/hocba.db" "$1"; }
bail() { n=$((n + 1)); echo "not ok $n - $1"; exit 1; }

build_wsfill "$LIBB" "$WORK/wsfill" || bail "build wsfill"
sh "$SRC/tests/pki.sh" "$P" >/dev/null 2>&1 || bail "pki"
cc -std=c11 -o "$WORK/mkbooks" "$SRC/tests/integration/mkbooks.c" \
    $(pkg-config --cflags --libs lept cairo) || bail "build mkbooks"

# ---- killing -----------------------------------------------------------------
# kill_at MS CMD...: runs CMD in its own session, SIGKILLs the whole session
# (workers included) after MS milliseconds.  Returns 0 when CMD was still
# running then (a kill), 1 when it had ended by itself.
kills=0
declare -A kills_of
kill_at() {
    local ms=$1; shift
    setsid "$@" >>"$WORK/cmd.out" 2>&1 &
    local pid=$! t=0
    while [ "$t" -lt "$ms" ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.01; t=$((t + 10))
    done
    if kill -KILL -- "-$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        kills=$((kills + 1))
        kills_of[$STAGE]=$(( ${kills_of[$STAGE]:-0} + 1 ))
        return 0
    fi
    wait "$pid" 2>/dev/null
    return 1
}
rnd() { echo $(( $1 + RANDOM % ($2 - $1 + 1) )); } # rnd LO HI
# try_kill CMD...: kill_at a random point within MAXMS, which adapts to how
# long CMD takes on this machine (shorter after CMD ended first, longer
# after a kill), so that kills land all along the command's run.
MAXMS=400
try_kill() {
    if kill_at "$(rnd 0 "$MAXMS")" "$@"; then
        MAXMS=$((MAXMS * 11 / 10 + 5)); after_kill; return 0
    fi
    MAXMS=$((MAXMS * 3 / 4 + 5)); return 1
}

# What must hold after every kill; failures are collected, reported per stage.
bad=()
after_kill() {
    local ic
    ic=$(q "PRAGMA integrity_check" 2>&1)
    [ "$ic" = ok ] || bad+=("$STAGE: integrity_check: $ic")
    local f
    for f in $(find "$W/outbox" "$E" -type f ! -name '.*' 2>/dev/null); do
        case $f in
            *.xml) xmllint --noout --nonet "$f" 2>/dev/null || bad+=("$STAGE: half file $f") ;;
            *.pdf) tail -c 1024 "$f" | grep -q '%%EOF' || bad+=("$STAGE: half file $f") ;;
        esac
    done
    return 0
}
T0=$SECONDS
stage_ok() { # stage_ok NAME: one TAP line for the kills of the stage
    echo "# $STAGE: $((SECONDS - T0)) s"; T0=$SECONDS
    local mine=() b
    for b in "${bad[@]}"; do [[ $b == "$STAGE:"* ]] && mine+=("$b"); done
    check "$1 (${kills_of[$STAGE]:-0} kills): after each, integrity_check ok and no half file" \
        '[ ${#mine[@]} = 0 ] || { printf "#   %s\n" "${mine[@]}" | head -n 10; false; }'
}

# ---- the batch: 51 pages ---------------------------------------------------------
"$HOCBA" init --school-code 27001234 --school-name "Trường THCS Nguyễn Du" "$W" >/dev/null || bail "init"
books=()
for s in 1 2 3 4 5 6; do
    mkdir -p "$WORK/b$s"
    "$WORK/mkbooks" "$WORK/b$s" "$s" >/dev/null || bail "mkbooks"
    books+=("$WORK/b$s/tiff-book.tif" "$WORK/b$s/single.png" "$WORK/b$s/pdf-book.pdf" "$WORK/b$s/folder-book")
done
for gen in "$LIBB/gen" "$BUILD/gen"; do
    [ -x "$gen" ] && "$gen" --out "$WORK/gen" --count 3 --level clean --single-page --years 1 \
        --family TT58 --gray --dpi 200 --quiet >/dev/null 2>&1 && break
done
books+=("$WORK"/gen/*.tiff)
"$HOCBA" scan -w "$W" "${books[@]}" >"$WORK/scan.out" 2>&1
pages=$(q "SELECT count(*) FROM pages")
nbooks=$(q "SELECT count(*) FROM books")
check "the batch: $nbooks books, $pages pages scanned" '[ "$pages" -ge 50 ] && [ "$nbooks" -ge 20 ]'

# ---- 1. process --------------------------------------------------------------
STAGE=process
MAXMS=400
export HOCBA_LEASE_SECONDS=8
for i in $(seq 40); do
    [ "${kills_of[process]:-0}" -ge 10 ] && break
    [ "$(q "SELECT count(*) FROM jobs WHERE state IN ('queued', 'claimed')")" = 0 ] && break
    try_kill "$PLAIN" process -w "$W" --jobs 2
    # a job killed three times is given up (README); the clerk retries it
    q "UPDATE jobs SET state = 'queued', attempts = 0, error = NULL
       WHERE state = 'failed' AND error LIKE '%abandoned%'" 2>/dev/null
done
# Restarted until every job has ended.  A dead worker's job is taken back
# at once when its pid is gone; when the pid is seen alive (reused by
# another process, or a worker not reaped yet) it waits for its lease: a
# short one here (renewed between pages, README "Leases").
for i in 1 2 3 4 5 6; do
    q "UPDATE jobs SET state = 'queued', attempts = 0, error = NULL
       WHERE state = 'failed' AND error LIKE '%abandoned%'" 2>/dev/null
    "$PLAIN" process -w "$W" --jobs 2 >>"$WORK/p-last.out" 2>&1
    [ "$(q "SELECT count(*) FROM jobs WHERE state IN ('queued', 'claimed') OR error LIKE '%abandoned%'")" = 0 ] && break
    sleep 3
done
unset HOCBA_LEASE_SECONDS
stage_ok "process killed at random points"
check "every book read once: each job done or failed (by reading), none waiting" \
    '[ "$(q "SELECT count(*) FROM jobs WHERE state IN (\"done\", \"failed\") AND (error IS NULL OR error NOT LIKE \"%abandoned%\")")" = "$nbooks" ] &&
     [ "$(q "SELECT count(*) FROM jobs")" = "$nbooks" ]'
check "the 3 real books each have one draft, the plain ones none" \
    '[ "$(q "SELECT count(*) FROM records")" = 3 ] &&
     [ "$(q "SELECT count(DISTINCT book) FROM records")" = 3 ] &&
     [ "$(q "SELECT count(*) FROM jobs WHERE state = \"done\"")" = 3 ]'
# A killed worker's claim folder (clean/book-N-XXXXXX) is not removed by
# anyone yet: counted and reported, not a failure (README "Safety").
stale=$(( $(find "$W/clean" -mindepth 1 -maxdepth 1 | wc -l) - $(q "SELECT count(*) FROM jobs WHERE state = 'done'") ))
check "cleaned-image folders of killed claims left behind: $stale (reported, not counted)" true

# ---- 2. review writes --------------------------------------------------------
STAGE=review
MAXMS=400
ids=($("$WORK/wsfill" "$W" records 20 2019-2020 draft)) || bail "wsfill"
FIELD=LY_LICH/CHO_O
val() { echo "Thôn số $1, xã Ninh Hải"; }
cur() { q "SELECT f.value FROM fields f JOIN records r ON f.record = r.rid
           WHERE r.id = '$1' AND f.path = '$FIELD' ORDER BY r.version DESC LIMIT 1"; }
# Each correction: up to 3 tries killed at random points; the reviewer
# looks again after each and redoes what did not land, then once unkilled.
for i in "${!ids[@]}"; do
    id=${ids[$i]}
    for k in 1 2 3; do
        [ "$(cur "$id")" = "$(val "$i")" ] && break
        try_kill "$HOCBA" review set -w "$W" "$id" "$FIELD" "$(val "$i")"
    done
    [ "$(cur "$id")" = "$(val "$i")" ] || "$HOCBA" review set -w "$W" "$id" "$FIELD" "$(val "$i")" >>"$WORK/cmd.out" 2>&1
done
for i in $(seq 0 9); do
    id=${ids[$i]}
    for k in 1 2; do
        [ "$(q "SELECT state FROM records WHERE id = '$id'")" = approved ] && break
        try_kill "$HOCBA" approve -w "$W" "$id"
    done
    [ "$(q "SELECT state FROM records WHERE id = '$id'")" = approved ] ||
        "$HOCBA" approve -w "$W" "$id" >>"$WORK/cmd.out" 2>&1
done
stage_ok "review set and approve killed at random points"
lost=0 doubled=0
for i in "${!ids[@]}"; do
    [ "$(cur "${ids[$i]}")" = "$(val "$i")" ] || lost=$((lost + 1))
    c=$(q "SELECT count(*) FROM review_actions WHERE record = '${ids[$i]}' AND action = 'correct' AND path = '$FIELD'")
    [ "$c" = 1 ] || doubled=$((doubled + 1))
done
check "every correction there, none lost ($lost) or doubled ($doubled) in the audit trail" \
    '[ $lost = 0 ] && [ $doubled = 0 ]'
check "the 10 approved records approved once each" \
    '[ "$(q "SELECT count(*) FROM records WHERE state = \"approved\"")" = 10 ] &&
     [ "$(q "SELECT count(*) FROM review_actions WHERE action = \"approve\"")" = 10 ]'

# ---- 3. sign --approved ---------------------------------------------------------
STAGE=sign
sign_cmd() { echo "$HOCBA" sign -w "$W" --role "$1" --key "$P/$2.p12" --pass-file "$P/pass.txt" --approved; }
limit=5
MAXMS=800
for role in NGUOI_XAC_MINH:xacminh CBQL:cbql; do
    for i in $(seq 30); do
        [ "${kills_of[sign]:-0}" -ge $limit ] && break
        [ "$(q "SELECT count(*) FROM records WHERE state IN ('approved', 'signed')")" = 0 ] && break
        try_kill $(sign_cmd "${role%%:*}" "${role#*:}")
    done
    $(sign_cmd "${role%%:*}" "${role#*:}") >>"$WORK/cmd.out" 2>&1
    after_kill
    limit=10
done
stage_ok "sign --approved killed at random points"
issued=$(q "SELECT count(*) FROM records WHERE state = 'issued'")
xmls=$(find "$W/outbox" -name '*.xml' ! -name '.*' | wc -l)
pdfs=$(find "$W/outbox" -name '*.pdf' ! -name '.*' | wc -l)
check "the 10 approved records issued once each: 10 XML and 10 PDF in the outbox" \
    '[ "$issued" = 10 ] && [ "$xmls" = 10 ] && [ "$pdfs" = 10 ]'
twice=0
for f in $(find "$W/outbox" -name '*.xml' ! -name '.*'); do
    [ "$(grep -o '<ds:Signature\b\|<Signature\b' "$f" | wc -l)" = 2 ] || twice=$((twice + 1))
done
check "each issued record carries one signature per role (2), none doubled" '[ $twice = 0 ]'
ok "hocba verify: every issued file valid" \
    "$HOCBA" verify --trust "$P/root.pem" $(find "$W/outbox" -name '*.xml' ! -name '.*')
check "no temporary file left in the outbox" \
    '[ -z "$(find "$W/outbox" -name ".*")" ] || { find "$W/outbox" -name ".*" | sed "s/^/#   /"; false; }'

# ---- 4. export ---------------------------------------------------------------
STAGE=export
MAXMS=1500
for i in $(seq 20); do
    [ "${kills_of[export]:-0}" -ge 8 ] && break
    try_kill "$HOCBA" export -w "$W" --year 2019-2020 --out "$E"
done
ok "export after the kills" "$HOCBA" export -w "$W" --year 2019-2020 --out "$E"
stage_ok "export killed at random points"
ok "export --check: the directory is whole" "$HOCBA" export --check "$E"
check "no temporary file left in the export" \
    '[ -z "$(find "$E" -name ".*")" ] || { find "$E" -name ".*" | sed "s/^/#   /"; false; }'
ok "hocba verify: every exported record valid" \
    "$HOCBA" verify --trust "$P/root.pem" $(find "$E" -name '*.xml' ! -name manifest.xml ! -name '.*')

# ---- 5. backup ---------------------------------------------------------------
STAGE=backup
half=0
MAXMS=1500
for i in $(seq 20); do
    [ "${kills_of[backup]:-0}" -ge 8 ] && break
    rm -rf "$WORK/bk"
    if try_kill "$HOCBA" backup -w "$W" "$WORK/bk"; then
        # the destination is absent, or complete (killed after the rename)
        [ ! -e "$WORK/bk" ] || (cd "$WORK/bk" && sha256sum -c --quiet MANIFEST.sha256 >/dev/null 2>&1) ||
            half=$((half + 1))
    fi
done
stage_ok "backup killed at random points"
check "a killed backup leaves no half backup under its name" '[ $half = 0 ]'
rm -rf "$WORK/bk"
ok "backup after the kills" "$HOCBA" backup -w "$W" "$WORK/bk"
ok "restore of that backup" "$HOCBA" restore "$WORK/bk" "$WORK/restored"
check "the restored workspace holds the same records" \
    '[ "$(sqlite3 "$WORK/restored/hocba.db" "SELECT count(*), sum(state = \"issued\") FROM records")" = \
       "$(q "SELECT count(*), sum(state = \"issued\") FROM records")" ]'
check "stale backup stages of killed runs: $(ls -d "$WORK"/bk.* 2>/dev/null | wc -l) (reported, not counted)" true

per=$(for k in process review sign export backup; do printf '%s %s, ' $k "${kills_of[$k]:-0}"; done)
check "no sanitizer report from any command" \
    '! grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$WORK/cmd.out" ||
     { grep -A8 -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$WORK/cmd.out" | head -n 30 | sed "s/^/#   /"; false; }'
check "at least 50 kills in all ($kills: ${per%, })" '[ $kills -ge 50 ]'
ok "the workspace's database: integrity_check ok at the end" test "$(q 'PRAGMA integrity_check')" = ok
