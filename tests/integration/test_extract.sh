#!/bin/bash
# test_extract.sh - `hocba extract` on a small generated set: drafts named
# per student-year, scored against the ground truth with thresholds a little
# below the bench targets (samples/bench.sh); bad input named on stderr
# while the other books are still read.  About 35-60 s on 2 cores (the
# books are made with the plain build's gen, read by the tested hocba).
. "$SRC/tests/integration/lib.sh"
export OMP_THREAD_LIMIT=1
GEN=${PLAIN_BUILD:-$BUILD}/gen
SCORE=${PLAIN_BUILD:-$BUILD}/score
B=$WORK/books D=$WORK/drafts
mkdir -p "$B" "$D"

ok "extract --help" "$HOCBA" extract --help
# Tesseract's OpenMP regions bind to the program's serial entry points
# (ocr/omp_serial.c), which they do only when the program exports them
check "hocba carries the serial OpenMP entry points" \
    '[ "$(nm -D "$HOCBA" | grep -c " T GOMP_\(parallel\|parallel_sections\|sections_next\|sections_end_nowait\)$")" -eq 4 ]'
ok_fails "extract without a book is bad usage" 2 "$HOCBA" extract --out "$D"
ok_fails "extract --jobs 0 is bad usage" 2 "$HOCBA" extract --jobs 0 "$B"

# three books (TT58 and TT22, one of two years), typical scans; one single-page
ok "gen makes the test books" "$GEN" --out "$B" --seed 7 --count 3 --quiet
ok "gen makes a single-page book" "$GEN" --out "$B/single" --seed 8 --count 1 \
    --single-page --years 1 --quiet
single=$(cd "$B/single" && ls *.tiff | head -n 1)
mv "$B"/single/* "$B"/ && rmdir "$B/single"
ok "extract reads the books with two workers" \
    "$HOCBA" extract --jobs 2 --out "$D" "$B"/*.tiff

ntruth=$(ls "$B"/*.xml | wc -l)
ndraft=$(ls "$D"/*.xml 2>/dev/null | wc -l)
check "one draft per student-year ($ndraft of $ntruth)" '[ "$ndraft" -eq "$ntruth" ]'
names_match=1
for t in "$B"/*.xml; do
    [ -f "$D/$(basename "$t")" ] || names_match=0
done
check "drafts are named like the truth (<name>.xml, <name>-<NAM_HOC>.xml)" \
    '[ $names_match -eq 1 ]'
check "drafts carry confidences and review flags" \
    'grep -q "conf=\"" "$D"/*.xml && grep -q "review=\"1\"" "$D"/*.xml'
check "drafts cite their scanned pages" 'grep -q "<TRANG " "$D"/*.xml'
ok "accuracy >= 97%, silent errors <= 0.8%, review <= 15%" \
    "$SCORE" --min-accuracy 97 --max-silent 0.8 --max-review 15 "$B" "$D"

# bad input: one line naming the file, exit 1, the good book still read;
# the same run keeps the cleaned images the boxes refer to (--pages).  The
# good book is the single-page one, the quickest to read again.
printf 'not a pdf' >"$WORK/broken.pdf"
good=$B/$single
mkdir -p "$WORK/d2"
ok_fails "a broken book fails the run" 1 \
    "$HOCBA" extract --jobs 2 --pages --out "$WORK/d2" "$WORK/broken.pdf" "$good"
check "the error names the broken file" 'grep -q "broken.pdf" "$WORK/last.out"'
check "the other book was still read" \
    '[ "$(ls "$WORK"/d2/*.xml 2>/dev/null | wc -l)" -ge 1 ]'
check "extract --pages: cleaned page images written" \
    '[ -f "$WORK/d2/$(basename "$good" .tiff).pages/page-001.png" ]'

# a year whose subject-table page is missing (not scanned, or its table not
# found): the form's rows are in the draft, empty and flagged, so nothing
# the paper holds is silently absent
ok "gen makes a one-year TT22 book as a folder of pages" \
    "$GEN" --out "$WORK/lost" --seed 9 --count 1 --years 1 --family TT22 \
    --format jpeg --level clean --quiet
rm -f "$WORK/lost/book-9-001/page-02.jpg"
mkdir -p "$WORK/d4"
ok "extract reads the book without its table page" \
    "$HOCBA" extract --jobs 1 --out "$WORK/d4" "$WORK/lost/book-9-001"
check "the form's subjects are in the draft" \
    '[ "$(grep -c "<DIEM_TONG_KET " "$WORK/d4/book-9-001.xml")" -eq \
       "$(grep -c "<DIEM_TONG_KET " "$WORK/lost/book-9-001.xml")" ]'
ok "every value of the lost table is flagged: no silent error" \
    "$SCORE" --max-silent 0 "$WORK/lost" "$WORK/d4"
