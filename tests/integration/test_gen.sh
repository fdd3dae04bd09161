# test_gen.sh - samples/gen: usage errors, books and truth files as
# promised, valid truth, same seed -> same bytes, layout variants.  Pages are kept few and
# small (--years 1, gray, 150 dpi) so that the sanitizer build stays quick:
# about 20 s under ASan, 6 s without.
. "$SRC/tests/integration/lib.sh"
GEN="$BUILD/gen"
XSD="$SRC/schemas/hocba-1.xsd"
export HOCBA_BUILD="$BUILD"

# ---- usage ---------------------------------------------------------------
ok_fails "no --out is bad usage" 2 "$GEN" --count 1
check "usage line printed" "grep -q '^usage: gen --out DIR' '$WORK/last.out'"
ok_fails "unknown level is bad usage" 2 "$GEN" --out "$WORK/x" --level medium
check "the bad value is named" "grep -q \"medium\" '$WORK/last.out'"
ok_fails "count 0 is bad usage" 2 "$GEN" --out "$WORK/x" --count 0
ok_fails "unknown format is bad usage" 2 "$GEN" --out "$WORK/x" --format png
ok_fails "unknown family is bad usage" 2 "$GEN" --out "$WORK/x" --family TT30
ok_fails "unknown option is bad usage" 2 "$GEN" --out "$WORK/x" --colour
ok_fails "stray argument is bad usage" 2 "$GEN" --out "$WORK/x" extra
check "nothing written on bad usage" "[ ! -e '$WORK/x' ]"
ok "--help works" "$GEN" --help
ok_fails "wrapper says when gen is not built" 1 env HOCBA_BUILD="$WORK/nowhere" "$SRC/samples/gen" --help
check "wrapper names the missing program" "grep -q 'not built' '$WORK/last.out'"

# ---- truth only: names, years, validity (fast) -----------------------------
T="$WORK/truth"
ok "truth-only, 4 books of 2 years" "$SRC/samples/gen" --seed 5 --count 4 --years 2 --truth-only --quiet --out "$T"
check "8 truth files named book-5-00i-<year>.xml" \
    "[ \$(ls '$T' | grep -cE '^book-5-00[1-4]-[0-9]{4}-[0-9]{4}\.xml$') -eq 8 ]"
check "no book files in truth-only mode" "[ \$(ls '$T' | grep -vc '\.xml$') -eq 0 ]"
names_match() { # each file's NAM_HOC is the year in its name
    local f y
    for f in "$T"/*.xml; do
        y=$(basename "$f" .xml | sed -E 's/^book-[0-9]+-[0-9]+-//')
        grep -q "<NAM_HOC>$y</NAM_HOC>" "$f" || return 1
    done
}
ok "each file holds the year its name says" names_match
consecutive() { # the two years of a book follow each other
    local i a b
    for i in 1 2 3 4; do
        set -- $(ls "$T" | sed -nE "s/^book-5-00$i-([0-9]{4})-[0-9]{4}\.xml$/\1/p" | sort)
        [ $# -eq 2 ] && [ $(($2 - $1)) -eq 1 ] || return 1
    done
}
ok "a book's years are consecutive" consecutive
ok "truth validates against the XSD" xmllint --noout --schema "$XSD" "$T"/*.xml
ok "family TT27 gives primary records" "$GEN" --seed 6 --family TT27 --truth-only --quiet --out "$WORK/t27"
check "TT27 record with CAP_HOC TH" "grep -q '<CHE_DO>TT27</CHE_DO>' '$WORK/t27/book-6-001'*.xml && grep -q '<CAP_HOC>TH</CAP_HOC>' '$WORK/t27/book-6-001'*.xml"

# ---- real books ------------------------------------------------------------
small="--gray --dpi 150 --quiet"
A="$WORK/a"
ok "2 TIFF books" "$GEN" --seed 7 --count 2 --years 1 $small --out "$A"
check "book-7-001.tiff and book-7-002.tiff" "[ -s '$A/book-7-001.tiff' ] && [ -s '$A/book-7-002.tiff' ]"
check "TIFF magic" "head -c 4 '$A/book-7-001.tiff' | od -An -c | grep -q 'I   I   \*'"
check "one truth per book" "[ -s '$A/book-7-001.xml' ] && [ -s '$A/book-7-002.xml' ]"
check "truth cites the 3 pages of its book" \
    "[ \$(grep -c '<TRANG tep=\"book-7-001.tiff\"' '$A/book-7-001.xml') -eq 3 ]"
check "page digests are sha256" "grep -qE 'sha256=\"[0-9a-f]{64}\"' '$A/book-7-001.xml'"
ok "book truth validates" xmllint --noout --schema "$XSD" "$A"/*.xml
check "no temporary files left" "[ -z \"\$(ls '$A' | grep part)\" ]"

B="$WORK/b"
ok "same seed again" "$GEN" --seed 7 --count 2 --years 1 $small --out "$B"
ok "same seed, same bytes (TIFF and truth)" diff -r "$A" "$B"
ok "another seed" "$GEN" --seed 8 --count 1 --years 1 $small --out "$WORK/c"
check "another seed, other bytes" "! cmp -s '$A/book-7-001.tiff' '$WORK/c/book-8-001.tiff'"

P="$WORK/p"
ok "PDF, single-page years" "$GEN" --seed 9 --format pdf --single-page --years 2 --family TT22 $small --out "$P"
check "two truth files" "[ \$(ls '$P' | grep -c '^book-9-001-.*\.xml$') -eq 2 ]"
check "PDF has 1 + 2 pages" "pdfinfo '$P/book-9-001.pdf' | grep -qE '^Pages: +3$'"
ok "PDF again" "$GEN" --seed 9 --format pdf --single-page --years 2 --family TT22 $small --out "$P.2"
ok "same seed, same PDF bytes" cmp "$P/book-9-001.pdf" "$P.2/book-9-001.pdf"

J="$WORK/j"
ok "JPEG folder, handwritten, hard" "$GEN" --seed 3 --format jpeg --handwritten --level hard --years 1 $small --out "$J"
check "pages page-01..03.jpg" "[ \$(ls '$J/book-3-001' | grep -cE '^page-0[1-3]\.jpg$') -eq 3 ]"
check "JPEG magic" "head -c 3 '$J/book-3-001/page-01.jpg' | od -An -tx1 | grep -q 'ff d8 ff'"
check "truth cites the folder's images" "grep -q 'tep=\"book-3-001/page-02.jpg\"' '$J/book-3-001.xml'"
ok_fails "unwritable output fails with exit 1" 1 "$GEN" --truth-only --quiet --out /proc/hocba-gen
check "the error names the book" "grep -q 'book-1-001' '$WORK/last.out' || grep -q '/proc/hocba-gen' '$WORK/last.out'"

# ---- layout variants (--layouts) --------------------------------------------
L="$WORK/l"
ok "--layouts, 3 books, JPEG folders" "$GEN" --seed 20 --count 3 --years 1 --layouts --format jpeg $small --out "$L"
# the first book again on its own: the same bytes (a book's draw depends on
# the seed and its number, not on how many books are made)
ok "--layouts again, same bytes" sh -c "'$GEN' --seed 20 --count 1 --years 1 --layouts --format jpeg $small --out '$L.2' && diff -r '$L/book-20-001' '$L.2/book-20-001' && cmp '$L/book-20-001.xml' '$L.2/book-20-001.xml'"
ok "--layouts truth validates" xmllint --noout --schema "$XSD" "$L"/*.xml
year_pages() { # per book: its year's pages (the personal page aside), all cited by its truth
    local b np
    for b in "$L"/book-20-00[1-3]; do
        np=$(ls "$b" | grep -c '^page-.*\.jpg$')
        [ "$(grep -c '<TRANG ' "$b.xml")" -eq "$np" ] || return 1
        echo $((np - 1))
    done
}
ok "each year on the pages its truth cites" year_pages
check "one-page and two-page years both drawn" "year_pages | sort -u | tr -d '\n' | grep -qx 12"
ok "the same book on the standard forms" "$GEN" --seed 20 --count 1 --years 1 --format jpeg $small --out "$WORK/l0"
check "--layouts changes the pages" "! cmp -s '$L/book-20-001/page-01.jpg' '$WORK/l0/book-20-001/page-01.jpg'"
ok "truth only, with and without --layouts" sh -c "'$GEN' --seed 20 --count 3 --years 2 --truth-only --quiet --out '$WORK/lt' && '$GEN' --seed 20 --count 3 --years 2 --layouts --truth-only --quiet --out '$WORK/lt0'"
ok "--layouts leaves the records alone" diff -r "$WORK/lt" "$WORK/lt0"
check "--help documents --layouts" "'$GEN' --help | grep -q -- '--layouts'"

# ---- the pipeline reads what gen writes ----------------------------------------
W="$WORK/ws"
ok "workspace for ingest" "$HOCBA" init "$W"
ok "hocba scan ingests the TIFF, PDF and JPEG-folder books" \
    sh -c "cd '$W' && '$HOCBA' scan '$A/book-7-001.tiff' '$P/book-9-001.pdf' '$J/book-3-001'"
check "3 + 3 + 3 pages stored" "(cd '$W' && '$HOCBA' queue --json) | grep -q '\"pages\":{\"total\":9'"
