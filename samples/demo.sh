#!/bin/bash
# samples/demo.sh BUILD - the main job on the bundled sample books.
#
# What a school does with hocba, on synthetic books so nobody's real
# transcript is involved: create a workspace, scan the books, let the
# machine read them, see what waits for a person, then (standing in for
# the review step, which is not built yet) sign the verified records with
# throwaway demo keys, verify them, issue them and export them for the
# Ministry's database.
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
H="$B/hocba"
D=demo-workspace
step() { printf '\n== %s\n' "$*"; }

rm -rf "$D"
step "1. A workspace for the school"
"$H" init --school-code 37001234 --school-name "Trường THCS Nguyễn Du" \
    --province "Ninh Bình" "$D"

# The sample books: synthetic scans of học bạ, each beside its ground truth
# (samples/books/README.md says how they were made).  samples/gen makes
# more, deterministically; two fresh ones show it.
step "2. The sample books (synthetic scans, typical quality)"
books=()
for b in samples/books/book-*; do
    case $b in *.xml) continue ;; esac
    n=$(basename "$b")
    n=${n%.*}
    books+=("$b")
    echo "  $b  ($(ls samples/books/"$n".xml samples/books/"$n"-*.xml 2>/dev/null | wc -l) truth XML)"
done
"$B/gen" --seed 2025 --count 2 --quiet --out "$D/generated-books"
echo "  + 2 more books generated into $D/generated-books/ (samples/gen --help)"

step "3. Scan: every page stored once, by its SHA-256"
"$H" scan -w "$D" "${books[@]}"

step "4. Read: clean the pages, find the tables, read every cell, check the rules"
"$H" process -w "$D"

step "5. What the machine read, and what waits for a teacher"
"$H" queue -w "$D"
echo
"$H" queue -w "$D" --records

step "6. How good was the reading? (the same books, scored against their truth)"
"$H" extract --out "$D/drafts" "${books[@]}" >/dev/null
"$B/score" samples/books "$D/drafts"

# The review step (a teacher confirms or corrects the flagged fields with
# the scan beside them) is not built yet.  As a stand-in, the demo signs
# the books' ground truth, i.e. records as a teacher would have verified
# them, with demo keys made on the spot (tests/pki.sh; never for real use).
step "7. Sign (stand-in for reviewed records), verify, print"
mkdir -p "$D/signed"
bash tests/pki.sh "$D/demo-keys" >/dev/null 2>&1
K="$D/demo-keys"
rec=samples/books/book-1-001.xml
cp "$rec" "$D/signed/book-1-001.xml"
"$H" sign --role NGUOI_XAC_MINH --key "$K/xacminh.p12" --pass-file "$K/pass.txt" \
    --in-place "$D/signed/book-1-001.xml"
"$H" sign --role CBQL --key "$K/cbql.p12" --pass-file "$K/pass.txt" \
    --in-place "$D/signed/book-1-001.xml"
"$H" verify --trust "$K/root.pem" "$D/signed/book-1-001.xml"
"$H" print "$D/signed/book-1-001.xml" -o "$D/signed/book-1-001.pdf"
echo "  PDF copy for the family: $D/signed/book-1-001.pdf"

step "Next"
cat <<EOT
  Workspace:        $D/   (hocba queue -w $D)
  Drafts to review: $D/drafts/*.xml  (review="1" marks each doubtful field)
  Signed record:    $D/signed/book-1-001.xml  (+ .pdf)
  Verify yourself:  xmlsec1 --verify --trusted-pem $K/root.pem --id-attr:Id DU_LIEU_HOC_BA \\
                      --id-attr:Id SignatureProperties $D/signed/book-1-001.xml
EOT
