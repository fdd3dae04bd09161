#!/bin/bash
# test_layout_pages.sh - `hocba extract` on books laid out as samples/gen's
# books are not: a subject table that runs past its page (the rest of its
# rows open the next page, without the column headings or under them
# printed again, and no year header), and tables
# printed without their outer frame.  The books are made by mklayout.c
# (built here against the plain build's library); the drafts are scored
# against their truth, and the subjects of the continued rows must be in
# the one draft of their year with the values printed; then gen's books
# with both at once.  About 25 s under ASan on 2 idle cores, 15 s without.
. "$SRC/tests/integration/lib.sh"
export OMP_THREAD_LIMIT=1
LIB=${PLAIN_BUILD:-$BUILD}
SCORE=$LIB/score
B=$WORK/books D=$WORK/drafts
mkdir -p "$B" "$D"

MK=$WORK/mklayout
ok "mklayout builds" build_wsfill "$LIB" "$MK" "$SRC/tests/integration/mklayout.c"

# split58: TT58, the table split, headless; split22: TT22, split under its
# headings printed again, no frames; open27: TT27 (levels, tests, the two
# assessment tables), no frames
ok "a TT58 book whose subject table runs over the page" \
    sh -c "'$MK' '$B' split58 22 TT58 split >'$WORK/split58.out'"
ok "a TT22 book, split (headings again) and without frames" \
    sh -c "'$MK' '$B' split22 24 TT22 split-head no-frame >'$WORK/split22.out'"
ok "a TT27 book without frames" \
    sh -c "'$MK' '$B' open27 23 TT27 no-frame >'$WORK/open27.out'"
check "a split year takes three pages (personal page + 3)" \
    '[ "$(head -n 1 "$WORK/split58.out")" = 4 ] && [ "$(head -n 1 "$WORK/split22.out")" = 4 ]'
check "two or more rows went on the next page" \
    '[ $(sed -n 2p "$WORK/split58.out" | wc -w) -ge 2 ] && [ $(sed -n 2p "$WORK/split22.out" | wc -w) -ge 2 ]'

ok "extract reads the books" "$HOCBA" extract --jobs 2 --out "$D" "$B"/*.tiff
check "one draft per book: the continued page joins its year" \
    '[ "$(ls "$D" | wc -l)" -eq 3 ] && [ -f "$D/split58.xml" ] && [ -f "$D/split22.xml" ] && [ -f "$D/open27.xml" ]'

# leaf VALUE|PAGE of subject CODE in FILE: "<value> <page>"
cell() {
    awk -v code="$2" -v leaf="$3" '
        $0 ~ "<DIEM_TONG_KET .*ma=\"" code "\"" { f = 1 }
        f && /<\/DIEM_TONG_KET>/ { exit }
        f && $0 ~ "<" leaf "[ >]" {
            v = $0; sub(".*<" leaf "[^>]*>", "", v); sub("</.*", "", v)
            p = ""; if (match($0, /page="[0-9]+"/)) p = substr($0, RSTART + 6, RLENGTH - 7)
            print v, p; exit
        }' "$1"
}
# every subject of the continued rows: read from page 3, its year's value
continued_ok() {
    local book=$1 code want got n=0 bad=0
    for code in $(sed -n 2p "$WORK/$book.out"); do
        n=$((n + 1))
        want=$(cell "$B/$book.xml" "$code" CA_NAM | cut -d' ' -f1)
        got=$(cell "$D/$book.xml" "$code" CA_NAM)
        if [ "$got" != "$want 3" ]; then
            echo "$book $code: truth '$want', draft '$got' (value page)"
            bad=$((bad + 1))
        fi
    done
    [ "$n" -ge 2 ] && [ "$bad" -eq 0 ]
}
ok "TT58: the continued subjects are in the draft, read on page 3, right" continued_ok split58
ok "TT22: the continued subjects are in the draft, read on page 3, right" continued_ok split22
check "the draft cites the continued page" \
    'grep -q "<TRANG [^>]*trang=\"3\"" "$D/split58.xml"'
ok "accuracy >= 95%, silent errors <= 1%, review <= 12%" \
    "$SCORE" --min-accuracy 95 --max-silent 1 --max-review 12 "$B" "$D"

# Both at once, from samples/gen: a primary book whose frameless table runs
# on to a page with only its last two rows, too few lines for a grid.  That
# page cannot be placed; the year's results page after it still joins the
# year (one draft per year, none extra), and the rows it held come back
# as the form's missing rows, flagged: nothing silent.
G=$WORK/gen G2=$WORK/gen-drafts
mkdir -p "$G" "$G2"
ok "gen makes frameless, split books" \
    "$LIB/gen" --out "$G" --seed 106 --count 2 --no-frame --split-table --quiet
ok "extract reads them" "$HOCBA" extract --jobs 2 --out "$G2" "$G"/*.tiff
check "one draft per student-year, none extra" \
    '[ "$(ls "$G2"/*.xml | wc -l)" -eq "$(ls "$G"/*.xml | wc -l)" ]'
ok "no silent error" "$SCORE" --max-silent 0 "$G" "$G2"
