#!/bin/bash
# test_roster.sh - the school's roster (rule 7) in the pipeline: `hocba init
# --roster` keeps the CSV in the workspace, `hocba process` matches every
# draft against it (a student on the list: matched, no flag; one who is
# not: roster-none on HO_TEN and NGAY_SINH), `process --roster` replaces
# it, `extract --roster` matches without a workspace, and a file that is
# not a roster is one line on stderr, exit 1, and changes nothing.
#
# Two clean one-year books made by samples/gen (their names and birth dates
# read reliably), read by two workers at once, then one of them again by
# `hocba extract`.  Cost: about 10 s (the reading runs the plain build).
. "$SRC/tests/integration/lib.sh"
export OMP_THREAD_LIMIT=1
GEN=${PLAIN_BUILD:-$BUILD}/gen
# The two commands that read pages run the plain build: reading under the
# sanitizers costs three times as much, and is watched by test_extract.sh,
# test_layout_pages.sh and test_jobs.sh; the roster's matching runs under
# them in the unit tests (test_roster.c), its files' errors here.
READ=${PLAIN_BUILD:-$BUILD}/hocba
W=$WORK/ws B=$WORK/books
q() { sqlite3 "$W/hocba.db" "$1"; }
for s in 1 2; do
    "$GEN" --out "$B" --seed $s --format tiff --level clean --family TT58 \
        --years 1 --single-page --quiet || { echo "not ok 1 - gen"; exit 1; }
done
# truth FILE ELEMENT: the element's text in a ground-truth record
truth() { sed -n "s:.*<$2>\([^<]*\)</$2>.*:\1:p" "$1" | head -n 1; }
T1=$B/book-1-001.xml T2=$B/book-2-001.xml
name1=$(truth "$T1" HO_TEN) dob1=$(truth "$T1" NGAY_SINH)
name2=$(truth "$T2" HO_TEN) dob2=$(truth "$T2" NGAY_SINH)
dmy() { echo "${1:8:2}/${1:5:2}/${1:0:4}"; } # ISO -> dd/mm/yyyy

# The list as a spreadsheet in a Vietnamese locale saves it (BOM, ';',
# CRLF, dd/mm/yyyy): book 1's student, with her identifiers as printed on
# her personal page, and two others; book 2's student is not on it.
printf '\xEF\xBB\xBFSTT;Mã học sinh;Mã định danh;Họ và tên;Ngày sinh;Giới tính;Lớp\r\n' >"$WORK/roster.csv"
printf '1;%s;%s;%s;%s;%s;12A\r\n' "$(truth "$T1" MA_HOC_SINH)" \
    "$(truth "$T1" MA_DINH_DANH)" "$name1" "$(dmy "$dob1")" \
    "$(truth "$T1" GIOI_TINH)" >>"$WORK/roster.csv"
printf '2;HS0002;037206000002;Trần Văn Bình;02/03/2006;Nam;12B\r\n' >>"$WORK/roster.csv"
printf '3;HS0003;037306000003;%s;01/01/2001;Nữ;12B\r\n' "$name2" >>"$WORK/roster.csv"
printf 'Họ tên,Lớp\nAn,9A\n' >"$WORK/bad.csv"

# 1. init --roster
"$HOCBA" init --roster "$WORK/bad.csv" "$W" >"$WORK/i0.out" 2>"$WORK/i0.err"
rc=$?
check "init with a bad roster: exit 1, one line naming the file and the reason" \
    '[ $rc = 1 ] && [ "$(wc -l <"$WORK/i0.err")" = 1 ] &&
     grep -q "bad.csv: the header row has no .ngày sinh. column" "$WORK/i0.err"'
check "... and no workspace is made" '[ ! -e "$W/hocba.db" ] && [ ! -e "$W/config" ]'
ok "init --roster" "$HOCBA" init --roster "$WORK/roster.csv" "$W"
check "the roster is kept in the workspace, byte for byte" \
    '[ "$(q "SELECT students||\" \"||sha256||\" \"||length(csv) FROM roster")" = \
       "3 $(sha256sum <"$WORK/roster.csv" | cut -d" " -f1) $(stat -c %s "$WORK/roster.csv")" ]'
# the workspace needs the file no more
mv "$WORK/roster.csv" "$WORK/roster-moved.csv"

# 2. process matches the drafts
"$HOCBA" scan -w "$W" "$B/book-1-001.tiff" "$B/book-2-001.tiff" >/dev/null 2>&1
"$READ" process -w "$W" --jobs 2 >"$WORK/p1.out" 2>"$WORK/p1.err"
rc=$?
check "process reads both books with the stored roster" \
    '[ $rc = 0 ] && grep -q "^book 1 (.*): 1 draft record; roster: 1 matched, 0 not found" "$WORK/p1.out" &&
     grep -q "^book 2 (.*): 1 draft record; roster: 0 matched, 1 not found" "$WORK/p1.out"'
# field BOOK PATH: value|reason of a draft's field
field() { q "SELECT coalesce(f.value, '')||'|'||coalesce(f.reason, '') FROM fields f
             JOIN records r ON r.rid = f.record WHERE r.book = $1 AND f.path = '$2'"; }
check "book 1: read as on the list, nothing flagged roster-*" \
    '[ "$(field 1 LY_LICH/HO_TEN)" = "$name1|" ] && [ "$(field 1 LY_LICH/NGAY_SINH)" = "$dob1|" ] &&
     [ "$(field 1 LY_LICH/MA_DINH_DANH)" = "$(truth "$T1" MA_DINH_DANH)|" ] &&
     [ -z "$(q "SELECT 1 FROM fields f JOIN records r ON r.rid = f.record
                WHERE r.book = 1 AND f.reason LIKE \"%roster%\"")" ]'
check "book 2: not on the list (same name, other birth date): roster-none on name and birth date" \
    '[ "$(field 2 LY_LICH/HO_TEN)" = "$name2|roster-none" ] &&
     [ "$(field 2 LY_LICH/NGAY_SINH)" = "$dob2|roster-none" ] &&
     [ "$(q "SELECT review FROM fields f JOIN records r ON r.rid = f.record
             WHERE r.book = 2 AND f.path = \"LY_LICH/HO_TEN\"")" = 1 ]'

# 3. process --roster: a bad file changes nothing, a good one replaces
dump() { sqlite3 "$W/hocba.db" .dump | sha256sum; }
before=$(dump)
"$HOCBA" process -w "$W" --roster "$WORK/bad.csv" >"$WORK/p2.out" 2>"$WORK/p2.err"
rc=$?
check "process --roster with a bad file: exit 1, one line, the database unchanged" \
    '[ $rc = 1 ] && [ "$(wc -l <"$WORK/p2.err")" = 1 ] && grep -q "bad.csv: " "$WORK/p2.err" &&
     [ ! -s "$WORK/p2.out" ] && [ "$(dump)" = "$before" ]'
"$HOCBA" process -w "$W" --roster "$WORK/missing.csv" >/dev/null 2>"$WORK/p3.err"
rc=$?
check "process --roster with a missing file: exit 1, unchanged" \
    '[ $rc = 1 ] && grep -q "missing.csv: cannot open" "$WORK/p3.err" && [ "$(dump)" = "$before" ]'
printf 'ho ten,ngay sinh,ma hoc sinh\n%s,%s,HS-2\n' "$name2" "$dob2" >"$WORK/roster2.csv"
"$HOCBA" process -w "$W" --roster "$WORK/roster2.csv" >"$WORK/p4.out" 2>&1
rc=$?
check "process --roster replaces the stored list" \
    '[ $rc = 0 ] && grep -q "roster: 1 student from .*roster2.csv, kept in the workspace" "$WORK/p4.out" &&
     [ "$(q "SELECT count(*)||\" \"||students||\" \"||name FROM roster")" = "1 1 $WORK/roster2.csv" ]'

# 4. extract --roster, no workspace: book 2's student is on this list, with
#    a student code other than the one printed on the page
printf 'ho ten;ngay sinh;ma hoc sinh;ma dinh danh\n%s;%s;HS-2;%s\n' "$name2" "$(dmy "$dob2")" \
    "$(truth "$T2" MA_DINH_DANH)" >"$WORK/roster3.csv"
ok "extract --roster" "$READ" extract --jobs 1 --roster "$WORK/roster3.csv" --out "$WORK/d" "$B/book-2-001.tiff"
D=$WORK/d/book-2-001.xml
check "the draft: matched, the code that differs from the list is flagged and kept" \
    'grep -q "<MA_HOC_SINH [^>]*reason=\"roster-differs\"[^>]*>$(truth "$T2" MA_HOC_SINH)<" "$D" &&
     ! grep -q "roster-none" "$D" && ! grep -q "<MA_DINH_DANH [^>]*roster" "$D"'
ok_fails "extract with a bad roster: exit 1 before reading anything" 1 \
    "$HOCBA" extract --roster "$WORK/bad.csv" --out "$WORK/d2" "$B/book-1-001.tiff"
check "... one line, no draft" \
    '[ "$(wc -l <"$WORK/last.out")" = 1 ] && [ ! -e "$WORK/d2" ]'
