#!/bin/bash
# test_valgrind.sh - the fast hocba commands under valgrind's memcheck: no
# definite or indirect leak, no invalid read or write, no decision on
# uninitialised memory, on success and on the error paths (bad usage,
# missing files, broken images, hostile XML from tests/data/xml/).
#
# ASan (the rest of the suite) and memcheck find different things: memcheck
# sees uninitialised bytes (a padding byte written to a pipe, a branch on a
# field nobody set) and the leaks behind library calls, ASan sees stack and
# global overflows.  Memcheck cannot run an ASan binary, so this script runs
# the plain build ($PLAIN_BUILD).  Leaks that system libraries keep for
# themselves are in tests/valgrind.supp, which never names a hocba frame.
# `process` and `extract` are left out (Tesseract under memcheck takes
# minutes); they run under ASan in test_jobs.sh and test_gen.sh.
#
# One TAP line per command: it passes when the command exits as expected
# and memcheck reports nothing (--error-exitcode=99, and no error in the
# log of any process).  A few plain checks confirm that the commands did
# their work.  Two lanes of independent commands run side by side (make
# check runs one test at a time, so the second core is free).
# Cost: about 55 CPU seconds, so about 35 s on an idle 2-core machine (2 min
# with six other busy processes); each command takes 1-6 CPU s under
# memcheck, most of it valgrind loading Tesseract, xmlsec and pango.  To
# find where an uninitialised value came from, run the failing command
# again with --track-origins=yes (left out here: it costs 30 % more).
# Inlined frames are not read from hocba's debug information
# (--read-inline-info=no: a tenth of a command's cost; a report still
# names the function and line the inlined code was put in).
. "$SRC/tests/integration/lib.sh"

PB=${PLAIN_BUILD:-$BUILD}
H=$PB/hocba
if ! command -v valgrind >/dev/null; then
    echo "not ok 1 - valgrind is installed (make deps)"; exit 1
fi
if nm "$PB/libhocba.a" 2>/dev/null | grep -q __asan_init; then
    echo "not ok 1 - a plain build for valgrind ($PB is a sanitizer build)"; exit 1
fi
# hocba re-executes itself when OMP_THREAD_LIMIT is unset (main.c); set, so
# that memcheck watches the process that does the work.
export OMP_THREAD_LIMIT=1
unset HOCBA_TRUST HOCBA_WORKSPACE
D=$WORK # the data; each lane has its own WORK (lib.sh's last.out)

VG_ERRORS='^==[0-9]+== ([0-9,]+ .*(definitely|indirectly) lost in loss record|Invalid |Conditional jump|Use of uninitialised|Syscall param|Mismatched |Source and destination overlap|Argument .* fishy|Jump to the invalid|Process terminating)'
# vg NAME STATUS CMD...: CMD under memcheck exits STATUS with clean logs.
vg() {
    local name=$1 want=$2; shift 2
    n=$((n + 1))
    local logs="$WORK/vg-$n"
    mkdir -p "$logs"
    valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        --num-callers=40 --read-inline-info=no --vgdb=no \
        --suppressions="$SRC/tests/valgrind.supp" \
        --log-file="$logs/%p.log" "$@" >"$WORK/last.out" 2>&1
    local rc=$?
    # every process's log: a forked child's errors do not reach rc.  Only
    # memcheck's error headings count, not its notes about the environment.
    local bad
    bad=$(cat "$logs"/*.log 2>/dev/null | grep -E "$VG_ERRORS")
    if [ "$rc" = "$want" ] && [ -z "$bad" ]; then
        echo "ok $n - valgrind: $name"
    else
        echo "not ok $n - valgrind: $name (exit $rc, wanted $want)"
        sed 's/^/#   /' "$WORK/last.out" | tail -n 5
        cat "$logs"/*.log 2>/dev/null | sed 's/^/#   /' | head -n 60
    fi
}

# ---- inputs, made natively ------------------------------------------------
I=$D/in
P=$D/pki
mkdir -p "$I"
"$PB/gen" --out "$I" --format pdf --level clean --family TT22 --years 1 \
    --single-page --gray --dpi 100 --quiet
"$PB/gen" --out "$I" --seed 2 --format tiff --level clean --family TT58 \
    --years 1 --single-page --gray --dpi 100 --quiet
pdftoppm -r 60 -gray -png -f 2 -l 2 "$I/book-1-001.pdf" "$I/small"
PNG=$(ls "$I"/small*.png 2>/dev/null | head -n 1)
head -c 200 "$PNG" >"$I/truncated.png"
: >"$I/empty.png"
echo "not an image" >"$I/text.png"
sh "$SRC/tests/pki.sh" "$P" >/dev/null 2>&1
build_wsfill "$PB" "$D/wsfill"
check "inputs: a PDF, a TIFF, a small PNG, test keys, wsfill" \
    '[ -s "$I/book-1-001.pdf" ] && [ -s "$I/book-2-001.tiff" ] && [ -s "$PNG" ] && [ -s "$P/pass.txt" ] && [ -x "$D/wsfill" ]'
X=$SRC/tests/data/xml

# ---- lane 1: a workspace (init, scan, queue), then issue, export, revoke,
# backup, restore, handover on a tiny one --------------------------------
lane1() {
    local W=$D/ws T=$D/tiny E=$D/export
    vg "hocba init" 0 "$H" init --school-code 27001234 --school-name "Trường THCS Nguyễn Du" "$W"
    vg "hocba init on an existing workspace" 1 "$H" init "$W"
    vg "hocba scan: PNG, TIFF, PDF, truncated, empty, not an image, missing" 1 \
        "$H" scan -w "$W" --dpi 50 "$PNG" "$I/book-2-001.tiff" "$I/book-1-001.pdf" \
        "$I/truncated.png" "$I/empty.png" "$I/text.png" "$I/missing.png"
    check "... three books stored, four files refused" \
        'grep -q "3 books added (5 pages), 0 already scanned, 4 failed" "$WORK/last.out"'
    vg "hocba scan: a page already stored" 0 "$H" scan -w "$W" "$PNG"
    check "... is recognised and not added twice" \
        'grep -q "0 books added (0 pages), 1 already scanned" "$WORK/last.out"'
    vg "hocba scan: bad usage" 2 "$H" scan -w "$W" --dpi 10 "$PNG"
    vg "hocba queue" 0 "$H" queue -w "$W"
    vg "hocba queue --json --records" 0 "$H" queue -w "$W" --json --records
    vg "hocba queue --deadline --json" 0 "$H" queue -w "$W" --deadline --json --today 2024-06-01
    vg "hocba queue: not a workspace" 1 "$H" queue -w "$D/nowhere"

    # One approved record (wsfill), signed by the verifier natively; the
    # principal's signature under memcheck issues it (XML + PDF).
    "$H" init --school-code 27001234 --school-name "Trường THCS Nguyễn Du" "$T" >/dev/null
    local id
    id=$("$D/wsfill" "$T" records 1 2019-2020 approved)
    "$D/wsfill" "$T" sign "$id" NGUOI_XAC_MINH "$P/xacminh.p12" "$P/pass.txt" >/dev/null
    vg "hocba sign -w --approved (issues the record)" 0 "$H" sign -w "$T" --role CBQL \
        --key "$P/cbql.p12" --pass-file "$P/pass.txt" --approved
    check "... issued to the outbox" \
        '[ -s "$T/outbox/2019-2020/$id-v1.xml" ] && [ -s "$T/outbox/2019-2020/$id-v1.pdf" ]'
    vg "hocba export" 0 "$H" export -w "$T" --year 2019-2020 --out "$E"
    vg "hocba export --check" 0 "$H" export --check "$E"
    vg "hocba export: bad year" 2 "$H" export -w "$T" --year 2019 --out "$E"
    vg "hocba revoke" 0 "$H" revoke -w "$T" "$id" --reason "Sai điểm Toán" --by "Hiệu trưởng"
    vg "hocba revoke: no such record" 1 "$H" revoke -w "$T" nosuch --reason x --by y
    # the review twins on the new version (a draft): an account, a wrong
    # CA_NAM that the rules flag, approval refused, the fields shown, sent back
    local toan="THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM"
    vg "hocba user add" 0 "$H" user add -w "$T" lan --role teacher --name "Cô Lan" \
        --class 8A --pass-file "$P/pass.txt"
    vg "hocba review set" 0 "$H" review set -w "$T" --as lan "$id@2" "$toan" 1.0
    vg "hocba approve: refused, a field is open" 1 "$H" approve -w "$T" --as lan "$id@2"
    vg "hocba review show --json" 0 "$H" review show -w "$T" --json "$id@2"
    vg "hocba review return" 0 "$H" review return -w "$T" --as lan "$id@2" --reason "Xem lại"
    vg "hocba review set: no such field" 1 "$H" review set -w "$T" "$id@2" LY_LICH/KHONG 1
    vg "hocba backup" 0 "$H" backup -w "$T" "$D/bk"
    vg "hocba backup: destination not empty" 1 "$H" backup -w "$T" "$D/bk"
    vg "hocba restore" 0 "$H" restore "$D/bk" "$D/restored"
    vg "hocba restore: not a backup" 1 "$H" restore "$D/nowhere" "$D/r2"
    vg "hocba handover" 0 "$H" handover -w "$T" "$D/handover"
    check "... manifests that sha256sum accepts" \
        '(cd "$D/bk" && sha256sum -c --quiet MANIFEST.sha256) && (cd "$D/handover" && sha256sum -c --quiet MANIFEST.sha256)'
}

# ---- lane 2: record files (sign, verify, print), hostile XML, score -------
lane2() {
    local R=$D/rec
    mkdir -p "$R"
    cp "$SRC/tests/data/sign/record.xml" "$R/a.xml"
    vg "hocba: no command" 2 "$H"
    vg "hocba: unknown command" 2 "$H" frobnicate
    vg "hocba sign a file" 0 "$H" sign --role NGUOI_XAC_MINH --key "$P/xacminh.p12" \
        --pass-file "$P/pass.txt" "$R/a.xml"
    vg "hocba sign: wrong passphrase" 1 "$H" sign --role GVCN --key "$P/gvcn.p12" \
        --pass-file "$P/root.pem" --in-place "$R/a.signed.xml"
    vg "hocba sign: missing key" 1 "$H" sign --role GVCN --key "$P/none.p12" \
        --pass-file "$P/pass.txt" --in-place "$R/a.signed.xml"
    vg "hocba sign: unknown role" 2 "$H" sign --role HIEU_TRUONG --key "$P/gvcn.p12" "$R/a.xml"
    vg "hocba verify" 0 "$H" verify --trust "$P/root.pem" "$R/a.signed.xml"
    vg "hocba verify: untrusted root, unsigned file, missing file" 1 \
        "$H" verify --trust "$P/other-root.pem" "$R/a.signed.xml" "$R/a.xml" "$R/missing.xml"
    vg "hocba print" 0 "$H" print "$R/a.signed.xml" -o "$R/a.pdf"
    check "... a PDF" 'head -c 5 "$R/a.pdf" | grep -q "%PDF-"'

    vg "hocba verify on every file of tests/data/xml" 1 "$H" verify --trust "$P/root.pem" "$X"/*.xml
    vg "hocba print: DOCTYPE refused (XXE)" 1 "$H" print "$X/xxe.xml" -o "$R/x.pdf"
    vg "hocba print: not UTF-8" 1 "$H" print "$X/utf16.xml" -o "$R/x.pdf"
    vg "hocba print: against the schema" 1 "$H" print "$X/bad_order.xml" -o "$R/x.pdf"
    vg "hocba sign: truncated XML" 1 "$H" sign --role GVCN --key "$P/gvcn.p12" \
        --pass-file "$P/pass.txt" --out "$R/t.xml" "$X/truncated.xml"
    vg "hocba sign: duplicate Id" 1 "$H" sign --role GVCN --key "$P/gvcn.p12" \
        --pass-file "$P/pass.txt" --out "$R/d.xml" "$X/dup_id.xml"

    "$PB/gen" --out "$D/truth" --seed 5 --count 2 --truth-only --quiet
    mkdir -p "$D/drafts"
    cp "$D"/truth/*.xml "$D/drafts/"
    vg "score" 0 "$PB/score" "$D/truth" "$D/drafts"
    vg "score --json" 0 "$PB/score" --json --worst 3 "$D/truth" "$D/drafts"
    vg "score: a truth directory of hostile XML" 1 "$PB/score" "$X" "$D/drafts"
}

mkdir -p "$D/lane1" "$D/lane2"
(WORK=$D/lane1 lane1 >"$D/lane1.tap" 2>&1) &
(WORK=$D/lane2 lane2 >"$D/lane2.tap" 2>&1) &
wait
# one TAP stream, numbered on from the checks above
cat "$D/lane1.tap" "$D/lane2.tap" | while IFS= read -r line; do
    if [[ $line =~ ^(not\ )?ok\ [0-9]+\ (.*)$ ]]; then
        n=$((n + 1))
        echo "${BASH_REMATCH[1]}ok $n ${BASH_REMATCH[2]}"
    else
        echo "$line"
    fi
done
