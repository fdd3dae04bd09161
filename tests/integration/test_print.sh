# test_print.sh - `hocba print`: the PDF copy of a record (A4, fonts
# embedded, three pages with a footer) reads back through pdftotext with the
# record's own Vietnamese text: the name with its diacritics, the school
# year, a score as the paper writes it ("7,8"), the record id.  Usage
# errors and unreadable records fail with the documented statuses.
# About 1 s plain, 4 s under ASan.
. "$SRC/tests/integration/lib.sh"
T="$WORK/t"
REC="$T/book-5-001.xml"
PDF="$T/book-5-001.pdf"

ok "gen writes a sample record (truth only)" \
    "$BUILD/gen" --seed 5 --count 1 --family TT58 --years 1 --truth-only --quiet --out "$T"
ok "hocba print RECORD" "$HOCBA" print "$REC"
check "the PDF goes beside the record, named after it" '[ -s "$PDF" ] && grep -qx "$PDF" "$WORK/last.out"'

# What the record says (xmllint reads the XML independently of hocba).
# Not "$name": lib.sh's check() has a local of that name.
xv() { xmllint --xpath "string($1)" "$REC" 2>/dev/null; }
student=$(xv "//*[local-name()='LY_LICH']/*[local-name()='HO_TEN']")
year=$(xv "//*[local-name()='THONG_TIN_HOC_BA']/*[local-name()='NAM_HOC']")
score=$(xv "(//*[local-name()='DIEM_TONG_KET'])[1]/*[local-name()='CA_NAM']")
id=$(xv "//*[local-name()='MA_HO_SO']")
check "the record has a name with diacritics, a year, a score" \
    'printf "%s" "$student" | LC_ALL=C grep -q "[^ -~]" && [ -n "$year" ] && [ -n "$score" ]'

pdftotext -enc UTF-8 "$PDF" "$WORK/all.txt" 2>/dev/null
check "pdftotext reads the name with its diacritics" 'grep -qF -- "$student" "$WORK/all.txt"'
check "pdftotext reads the school year" 'grep -qF -- "$year" "$WORK/all.txt"'
check "pdftotext reads a score as printed (decimal comma)" 'grep -qF -- "${score/./,}" "$WORK/all.txt"'
check "the footer names the record, its version and the page" \
    'grep -qF -- "$id" "$WORK/all.txt" && grep -qF "Phiên bản 1" "$WORK/all.txt" && grep -qF "Trang 3/3" "$WORK/all.txt"'
check "the form's heading is in the text" 'grep -qF "HỌC BẠ TRUNG HỌC" "$WORK/all.txt"'

pdfinfo "$PDF" >"$WORK/info.txt" 2>/dev/null
check "three A4 pages" 'grep -q "^Pages: *3$" "$WORK/info.txt" && grep -q "(A4)" "$WORK/info.txt"'
pdffonts "$PDF" 2>/dev/null | tail -n +3 >"$WORK/fonts.txt"
check "every font is embedded" \
    '[ -s "$WORK/fonts.txt" ] && ! awk "{ if (\$(NF-4) != \"yes\") bad = 1 } END { exit !bad }" "$WORK/fonts.txt"'

ok "-o names the output" "$HOCBA" print -o "$WORK/copy.pdf" "$REC"
check "-o output reads back too" 'pdftotext -enc UTF-8 "$WORK/copy.pdf" - 2>/dev/null | grep -qF -- "$student"'

ok_fails "no RECORD is bad usage" 2 "$HOCBA" print
ok_fails "two RECORDs are bad usage" 2 "$HOCBA" print "$REC" "$REC"
ok_fails "the PDF may not overwrite the record" 2 "$HOCBA" print -o "$REC" "$REC"
ok_fails "a missing record fails" 1 "$HOCBA" print "$WORK/nope.xml"
check "the error names the file" 'grep -q "nope.xml" "$WORK/last.out"'
printf '<HOC_BA xmlns="urn:hocbaso:hbs:1"/>\n' >"$WORK/bad.xml"
ok_fails "a record that is not valid fails" 1 "$HOCBA" print "$WORK/bad.xml"
check "and leaves no PDF behind" '[ ! -e "$WORK/bad.pdf" ]'
ok_fails "an unwritable output fails" 1 "$HOCBA" print -o /nonexistent-dir/x.pdf "$REC"
