#!/bin/bash
# samples/demo.sh BUILD - the main job on the bundled sample books.
#
# What a school does with hocba, on synthetic books so nobody's real
# transcript is involved: create a workspace, scan the books, let the
# machine read them, see what waits for a person, review the flagged fields
# (through the review UI's command-line twins), approve, sign with
# throwaway demo keys, issue and verify; in a terminal, end by serving the
# review UI with demo accounts.
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

# The review step.  A teacher would open the review UI and, with the scan
# beside each doubtful field, confirm or correct it.  The demo plays her
# part through the command-line twins of the UI: for each *flagged* field
# only (never the whole record), it looks at what the book's truth file
# says -- standing in for her reading of the paper -- and corrects the
# field when the machine read it wrong, or confirms it when it read it
# right; then it approves.  The last book is left for you to review in the
# browser.
step "7. Review: accounts, corrections of the flagged fields (CLI twins of the UI)"
echo "hocba-demo-2025" >"$D/demo-password.txt"
"$H" user add -w "$D" quantri --role admin --name "Quản trị viên" \
    --pass-file "$D/demo-password.txt" >/dev/null
"$H" user add -w "$D" vanthu --role clerk --name "Văn thư Lê Thị Hoa" \
    --pass-file "$D/demo-password.txt" >/dev/null
"$H" user add -w "$D" hieutruong --role principal --name "Hiệu trưởng Trần Văn Hải" \
    --pass-file "$D/demo-password.txt" >/dev/null
classes=$("$H" queue -w "$D" --records --json | grep -o '"class":"[^"]*"' |
    cut -d'"' -f4 | sort -u)
args=()
while IFS= read -r c; do
    [ -n "$c" ] && args+=(--class "$c")
done <<<"$classes"
"$H" user add -w "$D" co.lan --role teacher --name "Cô Nguyễn Thị Lan" \
    "${args[@]}" --pass-file "$D/demo-password.txt" >/dev/null
"$H" user list -w "$D"

# A field path (relative to DU_LIEU_HOC_BA, e.g.
# THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM) as an XPath into a
# truth file: [CODE] selects a subject by its code or printed name, [N] a
# history row, [Name] a MUC item by its name.
truth_value() {
    local file=$1 path=$2 xp="//*[local-name()='DU_LIEU_HOC_BA']" step name key
    local IFS=/
    for step in $path; do
        name=${step%%\[*}
        xp="$xp/*[local-name()='$name']"
        if [ "$name" != "$step" ]; then
            key=${step#*\[}
            key=${key%\]}
            case $key in
                *[!0-9]*) xp="$xp[@ma='$key' or @ten='$key']" ;;
                *) xp="$xp[$key]" ;;
            esac
        fi
    done
    xmllint --xpath "string($xp)" "$file" 2>/dev/null
}

# The books were scanned in this order, so book N of the workspace is
# ${books[N-1]}; its truth is NAME.xml or NAME-YEAR.xml.
left=""
"$H" queue -w "$D" --records --json | grep -o '{"id":[^}]*}' >"$D/records.txt"
while IFS= read -r row; do
    id=$(sed 's/.*"id":"\([^"]*\)".*/\1/' <<<"$row")
    book=$(sed 's/.*"book":\([0-9]*\).*/\1/' <<<"$row")
    year=$(sed 's/.*"year":"\([^"]*\)".*/\1/' <<<"$row")
    name=$(basename "${books[book - 1]}")
    name=${name%.*}
    truth=samples/books/$name.xml
    [ -f "$truth" ] || truth=samples/books/$name-$year.xml
    if [ "$book" -eq "${#books[@]}" ] || [ ! -f "$truth" ]; then
        left="$left $id"
        continue
    fi
    fixed=0 confirmed=0 noted=0
    "$H" review show -w "$D" "$id" --json | grep '"open":true' >"$D/open.txt" || true
    while IFS= read -r f; do
        path=$(sed 's/.*"path":"\([^"]*\)".*/\1/' <<<"$f")
        read_as=$(sed 's/.*"value":"\([^"]*\)".*/\1/' <<<"$f")
        paper=$(truth_value "$truth" "$path")
        if [ "$paper" != "$read_as" ]; then
            "$H" review set -w "$D" --as co.lan "$id" "$path" "$paper"
            fixed=$((fixed + 1))
        else
            "$H" review set -w "$D" --as co.lan "$id" "$path" "$read_as"
            confirmed=$((confirmed + 1))
        fi
    done <"$D/open.txt"
    # What stays flagged now is the paper's own doing (the rules doubt a
    # value the paper really holds): the teacher says so in a note.
    "$H" review show -w "$D" "$id" --json | grep '"open":true' >"$D/open.txt" || true
    while IFS= read -r f; do
        path=$(sed 's/.*"path":"\([^"]*\)".*/\1/' <<<"$f")
        value=$(sed 's/.*"value":"\([^"]*\)".*/\1/' <<<"$f")
        "$H" review set -w "$D" --as co.lan --note "Giấy ghi như vậy" "$id" "$path" "$value"
        noted=$((noted + 1))
    done <"$D/open.txt"
    echo "  $name $year: $fixed corrected, $confirmed confirmed, $noted kept with a note"
    "$H" approve -w "$D" --as co.lan "$id"
done <"$D/records.txt"

step "8. Sign the approved records (demo keys), issue them, verify them"
# Throwaway keys made on the spot (tests/pki.sh; never for real use).
bash tests/pki.sh "$D/demo-keys" >/dev/null 2>&1
K="$D/demo-keys"
"$H" sign -w "$D" --role NGUOI_XAC_MINH --key "$K/xacminh.p12" \
    --pass-file "$K/pass.txt" --approved
"$H" sign -w "$D" --role CBQL --key "$K/cbql.p12" --pass-file "$K/pass.txt" \
    --approved
"$H" verify --trust "$K/root.pem" "$D"/outbox/*/*.xml
issued=$(ls "$D"/outbox/*/*.xml | head -n 1)

step "Next"
cat <<EOT
  Workspace:        $D/   (hocba queue -w $D --records)
  Issued records:   $D/outbox/<năm học>/*.xml and the family's PDF beside each
  Verify yourself:  xmlsec1 --verify --trusted-pem $K/root.pem --id-attr:Id DU_LIEU_HOC_BA \\
                      --id-attr:Id SignatureProperties $issued
  Left for you:    $(echo $left | wc -w) record(s) of the last book, in the review UI
EOT

# In a terminal, the demo ends by serving the review UI; without one (CI,
# a script) it stops here.
if [ -t 0 ] && [ -t 1 ]; then
    step "9. The review UI (Ctrl-C stops it)"
    cat <<EOT
  Open http://127.0.0.1:8080/ and log in (password: $(cat "$D/demo-password.txt")):
    co.lan      giáo viên: reviews the records of her classes
    hieutruong  hiệu trưởng: sends back, signs
    vanthu      văn thư: the queue
    quantri     quản trị: accounts
EOT
    exec "$H" review -w "$D" --listen 127.0.0.1:8080
fi
