# tests/integration/reviewfix.sh - the review tests' shared fixture, sourced
# after lib.sh by test_review_*.sh (and by tests/browser/screenshot.mjs).
#
# A real workspace: `hocba init`, `hocba scan` of bundled sample books,
# `hocba process`, then accounts made with `hocba user add`.  The fixture is
# built with the plain build ($PLAIN_BUILD/hocba, about 7 s a book) when
# there is one, since reading pages under the sanitizers is slow; everything
# under test (the server, the review commands) runs as $HOCBA.
#
# The sample books read with no flagged field, so rf_flag makes one that
# cannot fail to be flagged: a subject's CA_NAM score changed by 3 points
# (`hocba review set ... --as nhaplieu`), which rule:ca-nam flags (with the
# other scores of its formula, HK1 and HK2, and maybe the year's result);
# the correct value is the one the machine read, so that putting it back
# clears every one of those flags.  Any flag the reading itself raised on
# another machine is explained with a note first, so that only the rule's
# flags are open.
FIX_HOCBA=$HOCBA
[ -n "${PLAIN_BUILD:-}" ] && [ -x "$PLAIN_BUILD/hocba" ] && FIX_HOCBA=$PLAIN_BUILD/hocba
export OMP_THREAD_LIMIT=1

# jget EXPR: evaluates the JavaScript expression EXPR with `j` = the JSON on
# stdin; prints a string as is, anything else as JSON; exit 1 when the input
# is not JSON or the expression is undefined, null or false.
jget() {
    node -e '
let s = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", d => s += d).on("end", () => {
    let j, v;
    try { j = JSON.parse(s); } catch (e) { process.stderr.write("not JSON: " + s.slice(0, 200) + "\n"); process.exit(1); }
    try { v = (new Function("j", "return (" + process.argv[1] + ");"))(j); }
    catch (e) { process.stderr.write(String(e) + "\n"); process.exit(1); }
    if (v === undefined || v === null || v === false) process.exit(1);
    process.stdout.write(typeof v === "string" ? v : JSON.stringify(v));
});' "$1"
}

# rf_sql DIR SQL: one query on the workspace's database.
rf_sql() { sqlite3 -batch "$1/hocba.db" "$2"; }

# rf_build DIR BOOK...: a workspace with the books read into drafts.
# Reading is most of a review test's cost and gives the same workspace every
# time, so under tests/run.sh (which sets RF_CACHE, a directory of its run)
# the first test to ask for a set of books reads them and the others copy
# that workspace; a flock keeps a test that asks meanwhile waiting for it.
# A workspace holds no path of its own, so a copy is as good as a fresh one.
rf_build() {
    local dir=$1; shift
    [ -n "${RF_CACHE:-}" ] || { rf_read "$dir" "$@"; return; }
    local key
    key=$(printf '%s\n' "$FIX_HOCBA" "$@" | sha256sum | cut -c1-16)
    (
        flock 9 || exit 1
        [ -f "$RF_CACHE/$key.done" ] && exit 0
        rm -rf "$RF_CACHE/$key"
        rf_read "$RF_CACHE/$key" "$@" && touch "$RF_CACHE/$key.done"
    ) 9>"$RF_CACHE/$key.lock" || return 1
    cp -a "$RF_CACHE/$key" "$dir"
}
# rf_read DIR BOOK...: init, scan and process.
rf_read() {
    local dir=$1; shift
    "$FIX_HOCBA" init "$dir" >"$WORK/fix-init.out" 2>&1 || { cat "$WORK/fix-init.out"; return 1; }
    "$FIX_HOCBA" scan -w "$dir" "$@" >"$WORK/fix-scan.out" 2>&1 || { cat "$WORK/fix-scan.out"; return 1; }
    "$FIX_HOCBA" process -w "$dir" >"$WORK/fix-process.out" 2>&1 || { cat "$WORK/fix-process.out"; return 1; }
}

# rf_password LOGIN: the fixture's password of an account (also in the file
# $WORK/pw-LOGIN, without a newline, for --pass-file).
rf_password() { printf 'Mật-khẩu-%s-2024' "$1"; }

# rf_user DIR LOGIN ROLE NAME [CLASS...]: an account made with `hocba user add`.
rf_user() {
    local dir=$1 login=$2 role=$3 name=$4; shift 4
    local args=() c
    for c in "$@"; do args+=(--class "$c"); done
    rf_password "$login" >"$WORK/pw-$login"
    "$FIX_HOCBA" user add -w "$dir" "$login" --role "$role" --name "$name" \
        "${args[@]}" --pass-file "$WORK/pw-$login" >"$WORK/fix-user.out" 2>&1 ||
        { echo "user add $login failed:"; cat "$WORK/fix-user.out"; return 1; }
}

# rf_records DIR: `hocba queue --records --json` into $WORK/records.json.
rf_records() { "$FIX_HOCBA" queue -w "$1" --records --json >"$WORK/records.json"; }

# rf_pick DIR [N]: the Nth (0-based) record of the queue: sets REC_ID,
# REC_VER, REC_YEAR and REC_CLASS (the class from the queue's row when it
# has one, else from the record's THONG_TIN_HOC_BA/LOP field).
rf_pick() {
    local dir=$1 i=${2:-0}
    rf_records "$dir" || return 1
    REC_ID=$(jget "j[$i].id" <"$WORK/records.json") || return 1
    REC_VER=$(jget "j[$i].version" <"$WORK/records.json") || return 1
    REC_YEAR=$(jget "j[$i].year" <"$WORK/records.json") || return 1
    REC_CLASS=$(jget "j[$i].class || j[$i].klass || j[$i].lop" <"$WORK/records.json") ||
        REC_CLASS=$(rf_field "$dir" "$REC_ID" "$REC_VER" THONG_TIN_HOC_BA/LOP value)
    [ -n "$REC_ID" ] && [ -n "$REC_CLASS" ] && [ -n "$REC_YEAR" ]
}

# rf_field DIR ID VERSION PATH COLUMN: a column (value, review, reason) of
# one field of a record version, from the workspace's fields table.
rf_field() {
    rf_sql "$1" "SELECT f.$5 FROM fields f JOIN records r ON r.rid = f.record
                 WHERE r.id = '$2' AND r.version = $3 AND f.path = '$4'"
}

# rf_flag DIR ID VERSION: makes a CA_NAM score that rule:ca-nam flags, the
# record's open fields being that rule's only.  Sets TGT (its path), TGT_OK (the value read,
# which clears the flag) and TGT_BAD (the wrong value now stored).  Needs
# the accounts nhaplieu (a teacher of the record's class).
rf_flag() {
    local dir=$1 id=$2 ver=$3 p v
    TGT=
    # a numeric CA_NAM the machine read without doubt, Toán first
    while IFS='|' read -r p v; do
        case $v in [0-9].[0-9]|10|10.0) TGT=$p TGT_OK=$v; break ;; esac
    done < <(rf_sql "$dir" "SELECT f.path, f.value FROM fields f JOIN records r ON r.rid = f.record
            WHERE r.id = '$id' AND r.version = $ver AND f.review = 0
              AND f.path LIKE 'THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[%]/CA_NAM'
            ORDER BY f.path <> 'THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM', f.ord")
    [ -n "$TGT" ] || { echo "no numeric CA_NAM in record $id"; return 1; }
    TGT_BAD=$(awk -v x="$TGT_OK" 'BEGIN { printf "%.1f", (x >= 5 ? x - 3 : x + 3) }')
    # every other flag the reading raised: explained, so that the target is
    # the only open field
    while IFS='|' read -r p v; do
        [ "$p" = "$TGT" ] && continue
        "$FIX_HOCBA" review set -w "$dir" "$id@$ver" "$p" "$v" --note "Giấy ghi như vậy" \
            --as nhaplieu >"$WORK/fix-set.out" 2>&1 || { cat "$WORK/fix-set.out"; return 1; }
    done < <(rf_sql "$dir" "SELECT f.path, f.value FROM fields f JOIN records r ON r.rid = f.record
            WHERE r.id = '$id' AND r.version = $ver AND f.review = 1")
    "$FIX_HOCBA" review set -w "$dir" "$id@$ver" "$TGT" "$TGT_BAD" --as nhaplieu \
        >"$WORK/fix-set.out" 2>&1 || { cat "$WORK/fix-set.out"; return 1; }
    [ "$(rf_field "$dir" "$id" "$ver" "$TGT" review)" = 1 ] &&
        rf_field "$dir" "$id" "$ver" "$TGT" reason | grep -q 'rule:ca-nam' ||
        { echo "$TGT = $TGT_BAD is not flagged rule:ca-nam"; return 1; }
}

# rf_prev_year 2023-2024 -> 2022-2023
rf_prev_year() { local y=${1%%-*}; echo "$((y - 1))-$y"; }

# rf_serve DIR: starts `$HOCBA review` on 127.0.0.1, a free port, in the
# background; sets URL ("http://127.0.0.1:PORT/") and SRV_PID.  The server is
# killed when the script exits.
SRV_PID=
rf_serve() {
    "$HOCBA" review -w "$1" --listen 127.0.0.1:0 >"$WORK/server.out" 2>"$WORK/server.err" &
    SRV_PID=$!
    trap rf_kill EXIT
    local i
    for i in $(seq 1 300); do
        URL=$(sed -n 's|^hocba review: \(http://127\.0\.0\.1:[0-9][0-9]*/\)$|\1|p' "$WORK/server.out" | head -n 1)
        [ -n "$URL" ] && return 0
        kill -0 "$SRV_PID" 2>/dev/null || { echo "hocba review exited:"; cat "$WORK/server.err"; return 1; }
        sleep 0.1
    done
    echo "hocba review printed no 'hocba review: http://127.0.0.1:PORT/' line in 30 s:"
    cat "$WORK/server.out" "$WORK/server.err"
    return 1
}
rf_kill() {
    [ -n "$SRV_PID" ] || return 0
    kill -TERM "$SRV_PID" 2>/dev/null
    local i
    for i in $(seq 1 50); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SRV_PID" 2>/dev/null
    SRV_PID=
}
# rf_stop: SIGTERM to the server; SRV_RC = its exit status (124 when it had
# not ended 10 s later, and was killed).
rf_stop() {
    SRV_RC=124
    [ -n "$SRV_PID" ] || return 0
    kill -TERM "$SRV_PID" 2>/dev/null
    local i
    for i in $(seq 1 100); do
        if ! kill -0 "$SRV_PID" 2>/dev/null; then wait "$SRV_PID"; SRV_RC=$?; SRV_PID=; return 0; fi
        sleep 0.1
    done
    kill -KILL "$SRV_PID" 2>/dev/null
    wait "$SRV_PID" 2>/dev/null
    SRV_PID=
}
# rf_server_checks: stops the server and prints the TAP lines of a clean end.
rf_server_checks() {
    rf_stop
    check "hocba review ends with status 0 on SIGTERM" '[ "$SRV_RC" = 0 ] || { echo "#   exit $SRV_RC"; sed "s/^/#   /" "$WORK/server.err" | tail -n 20; false; }'
    check "no sanitizer report from the server" \
        '! grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: " "$WORK/server.err" ||
         { sed "s/^/#   /" "$WORK/server.err" | head -n 40; false; }'
}
