#!/bin/bash
# test_ingest.sh - hocba init, scan and queue on generated books: a
# multi-page TIFF, a PDF, a folder and a broken file in one batch; then
# duplicates, bad input and how commands find their workspace.
# Cost: about 2 s (1 s of it compiling the fixture generator).
. "$SRC/tests/integration/lib.sh"

cc -std=c11 -o "$WORK/mkbooks" "$SRC/tests/integration/mkbooks.c" \
    $(pkg-config --cflags --libs lept cairo) || { echo "not ok 1 - build mkbooks"; exit 1; }
B=$WORK/books
B2=$WORK/books2
mkdir -p "$B" "$B2"
"$WORK/mkbooks" "$B" && "$WORK/mkbooks" "$B2" 1 || { echo "not ok 1 - mkbooks"; exit 1; }
W=$WORK/ws
q() { sqlite3 "$W/hocba.db" "$1"; }

ok "init creates a workspace" "$HOCBA" init "$W"
check "init made the database, page store and config" \
    '[ -f "$W/hocba.db" ] && [ -d "$W/pages" ] && [ -f "$W/config" ]'
check "the database is in WAL mode, every migration of the schema applied" \
    '[ "$(q "PRAGMA journal_mode")" = wal ] &&
     [ "$(q "SELECT max(version) FROM schema_version")" = "$(grep -c "^-- migration [0-9]" "$SRC/schemas/workspace.sql")" ]'
ok_fails "init refuses an existing workspace" 1 "$HOCBA" init "$W"
check "...and says so" 'grep -q "already a hocba workspace" "$WORK/last.out"'
ok "init takes the school and the signing roles" "$HOCBA" init \
    --school-code 37001234 --school-name "Trường THCS  Nguyễn Du" \
    --province "Ninh Bình" --sign-roles "NGUOI_XAC_MINH CBQL KY_PHAT_HANH" "$WORK/named"
check "...into the config file, normalized" \
    'grep -qx "school_name = Trường THCS Nguyễn Du" "$WORK/named/config" &&
     grep -qx "province = Ninh Bình" "$WORK/named/config" &&
     grep -qx "sign_roles = NGUOI_XAC_MINH CBQL KY_PHAT_HANH" "$WORK/named/config"'
ok_fails "init refuses an unknown role" 2 "$HOCBA" init --sign-roles "CBQL HIEU_TRUONG" "$WORK/badrole"
check "...creating nothing" '[ ! -e "$WORK/badrole" ] && grep -q "unknown role" "$WORK/last.out"'

# One batch: multi-page TIFF, PDF, folder, broken PDF, one PNG.
"$HOCBA" scan -w "$W" "$B/tiff-book.tif" "$B/pdf-book.pdf" "$B/folder-book" \
    "$B/broken.pdf" "$B/single.png" >"$WORK/scan.out" 2>"$WORK/scan.err"
rc=$?
check "scan exits 1 when one file of the batch is bad" '[ $rc = 1 ]'
check "exactly one error line, naming the broken file and the reason" \
    '[ "$(wc -l <"$WORK/scan.err")" = 1 ] &&
     grep -q "^hocba scan: $B/broken.pdf: damaged or unreadable PDF" "$WORK/scan.err"'
check "the summary counts 4 books, 9 pages, 1 failure" \
    'grep -q "^scanned: 4 books added (9 pages), 0 already scanned, 1 failed" "$WORK/scan.out"'

json=$("$HOCBA" queue -w "$W" --json)
check "queue --json: 4 books queued, 9 pages stored, 4 jobs queued" \
    '[[ $json == *"\"books\":{\"total\":4,\"scanned\":0,\"queued\":4,"* ]] &&
     [[ $json == *"\"pages\":{\"total\":9,\"stored\":9,"* ]] &&
     [[ $json == *"\"jobs\":{\"total\":4,\"queued\":4,"* ]] &&
     [[ $json == *"\"records\":{\"total\":0,"* ]]'
check "the TIFF is one book of 3 pages in order, at its 200 dpi" \
    '[ "$(q "SELECT group_concat(s, \" \") FROM (SELECT p.source_file||\":\"||p.source_page||\":\"||p.dpi AS s FROM pages p JOIN books b ON b.id=p.book WHERE b.name=\"tiff-book.tif\" ORDER BY p.idx)")" = \
       "tiff-book.tif:1:200 tiff-book.tif:2:200 tiff-book.tif:3:200" ]'
check "the PDF pages are rasterized at 300 dpi (4x5 in = 1200x1500)" \
    '[ "$(q "SELECT group_concat(s, \" \") FROM (SELECT width||\"x\"||height||\"@\"||dpi AS s FROM pages WHERE source_file=\"pdf-book.pdf\" ORDER BY idx)")" = \
       "1200x1500@300 1200x1500@300" ]'
check "the folder is one book, pages in name order (p1, p2, p10)" \
    '[ "$(q "SELECT group_concat(source_file, \" \") FROM (SELECT source_file FROM pages WHERE source_file LIKE \"folder-book/%\" ORDER BY idx)")" = \
       "folder-book/p1.png folder-book/p2.jpg folder-book/p10.png" ]'
check "one extract job per book" \
    '[ "$(q "SELECT count(*) FROM jobs j JOIN books b ON b.id=j.target WHERE j.kind=\"extract\" AND j.state=\"queued\"")" = 4 ]'

# Every page is a PNG in the page store named by the SHA-256 of its bytes.
bad=0
for sha in $(q "SELECT sha256 FROM pages"); do
    f=$W/pages/${sha:0:2}/$sha.png
    [ "$(sha256sum <"$f" | cut -c1-64)" = "$sha" ] || bad=1
    [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || bad=1
done
check "each stored page's name, database digest and sha256sum agree" '[ $bad = 0 ]'
check "9 files in the page store" '[ "$(find "$W/pages" -type f -name "*.png" | wc -l)" = 9 ]'

# The same scans again: recognised, reported, not added; not an error.
"$HOCBA" scan -w "$W" "$B/tiff-book.tif" "$B/single.png" >"$WORK/rescan.out" 2>"$WORK/rescan.err"
rc=$?
check "rescanning exits 0" '[ $rc = 0 ]'
check "each duplicate book is reported on one line" \
    '[ "$(grep -c "already scanned" "$WORK/rescan.err")" = 2 ] &&
     grep -q "tiff-book.tif: already scanned: all its 3 pages are already in the workspace (book 1)" "$WORK/rescan.err"'
check "nothing was added" \
    '[ "$(q "SELECT count(*) FROM books")" = 4 ] && [ "$(q "SELECT count(*) FROM pages")" = 9 ] &&
     [ "$(q "SELECT count(*) FROM jobs")" = 4 ]'

# A folder mixing a known page with a new one: the new page only.
mkdir -p "$WORK/mixed"
cp "$B/folder-book/p1.png" "$WORK/mixed/a.png"
cp "$B2/folder-book/p2.jpg" "$WORK/mixed/b.jpg"
"$HOCBA" scan -w "$W" "$WORK/mixed" >"$WORK/mixed.out" 2>"$WORK/mixed.err"
rc=$?
check "a partly known book is added with its new page" \
    '[ $rc = 0 ] && grep -q "mixed: book 5, 1 page" "$WORK/mixed.out" &&
     [ "$(q "SELECT source_file||\":\"||idx FROM pages WHERE book=5")" = "mixed/b.jpg:1" ]'
check "the known page is reported with where it already is" \
    'grep -q "page 1 is the same image as page 1 of book 3 (folder-book/p1.png page 1); not added again" "$WORK/mixed.err"'

# Bad input of every kind: one line each, the good file still goes in.
: >"$WORK/empty.tif"
printf 'Danh sách lớp 8A\n' >"$WORK/notes.png"
head -c 300 "$B2/single.png" >"$WORK/cut.png"
"$HOCBA" scan -w "$W" "$WORK/empty.tif" "$WORK/notes.png" "$WORK/cut.png" \
    "$WORK/nowhere.pdf" "$B2/single.png" >"$WORK/bad.out" 2>"$WORK/bad.err"
rc=$?
check "bad files: exit 1, one line each, the good one added" \
    '[ $rc = 1 ] && [ "$(wc -l <"$WORK/bad.err")" = 4 ] &&
     grep -q "^hocba scan: $WORK/empty.tif: empty file" "$WORK/bad.err" &&
     grep -q "^hocba scan: $WORK/notes.png: not an image" "$WORK/bad.err" &&
     grep -q "^hocba scan: $WORK/cut.png: truncated PNG" "$WORK/bad.err" &&
     grep -q "^hocba scan: $WORK/nowhere.pdf: No such file" "$WORK/bad.err" &&
     grep -q "single.png: book 6, 1 page" "$WORK/bad.out"'

# Finding the workspace: -w, then $HOCBA_WORKSPACE, then the current dir.
check "HOCBA_WORKSPACE is used without -w" \
    '[[ "$(HOCBA_WORKSPACE=$W "$HOCBA" queue --json)" == *"\"books\":{\"total\":6,"* ]]'
check "the current directory is used last" \
    '[[ "$(cd "$W" && "$HOCBA" queue --json)" == *"\"pages\":{\"total\":11,"* ]]'
check "queue speaks to the clerk in Vietnamese" \
    '"$HOCBA" queue -w "$W" | grep -q "^Sổ học bạ *6 .*chờ đọc 6"'
ok_fails "scan without files is bad usage" 2 "$HOCBA" scan -w "$W"
ok_fails "scan outside a workspace fails" 1 "$HOCBA" scan -w "$WORK/books" "$B/single.png"
check "...naming the directory" 'grep -q "not a hocba workspace" "$WORK/last.out"'
ok_fails "queue with a stray argument is bad usage" 2 "$HOCBA" queue -w "$W" extra
