#!/bin/bash
# test_backup.sh - hocba backup while a batch writes, hocba restore (checks,
# refusals, damage), hocba handover.  The batch is tests/integration/
# wsfill.c in another process: a loop of transactions each adding a page to
# the page store, a record citing it and an audit entry, through the
# workspace API, as extraction workers do.  Checked with independent
# tools: sha256sum -c on the manifests, sqlite3's integrity_check.
# Cost: about 4 s (building wsfill 1 s, the batch runs through two backups).
. "$SRC/tests/integration/lib.sh"

LIBB=${PLAIN_BUILD:-$BUILD}
build_wsfill "$LIBB" "$WORK/wsfill" || { echo "not ok 1 - build wsfill"; exit 1; }
W=$WORK/ws
q() { sqlite3 "$1/hocba.db" "$2"; }
"$HOCBA" init --school-code 27001234 "$W" >/dev/null
"$WORK/wsfill" "$W" records 2 2019-2020 approved >/dev/null
"$WORK/wsfill" "$W" batch 20 >/dev/null

# --- a backup while the batch writes --------------------------------------
"$WORK/wsfill" "$W" batch 0 2>"$WORK/batch.err" &
batch=$!
for _ in $(seq 100); do
    [ "$(q "$W" "SELECT count(*) FROM records")" -gt 30 ] && break
    sleep 0.05
done
n0=$(q "$W" "SELECT count(*) FROM records")
ok "hocba backup while the batch writes" "$HOCBA" backup -w "$W" "$WORK/b1"
ok "a second backup while it still writes" "$HOCBA" backup -w "$W" "$WORK/b2"
kill -0 $batch 2>/dev/null
alive=$?
kill $batch 2>/dev/null
wait $batch 2>/dev/null
n1=$(q "$W" "SELECT count(*) FROM records")
check "the batch was writing all along" '[ $alive = 0 ] && [ $n1 -gt $n0 ] && [ ! -s "$WORK/batch.err" ]'
ok "the backup's manifest checks (sha256sum -c)" sh -c "cd '$WORK/b1' && sha256sum --quiet -c MANIFEST.sha256"
check "no staging directory is left" '! ls "$WORK" | grep -q partial'

ok "hocba restore" "$HOCBA" restore "$WORK/b1" "$WORK/r1"
check "it reports every page and record checked" 'grep -q "pages and .* records check out" "$WORK/last.out"'
check "sqlite3 finds the restored database intact" '[ "$(q "$WORK/r1" "PRAGMA integrity_check")" = ok ]'
nr=$(q "$WORK/r1" "SELECT count(*) FROM records")
check "the restored workspace is a state between start and end" '[ $nr -ge $n0 ] && [ $nr -le $n1 ]'
check "every batch record came with its page and audit entry" \
    '[ "$(q "$WORK/r1" "SELECT count(*) FROM review_actions WHERE action = '\''extract'\''")" = $((nr - 2)) ] && [ "$(q "$WORK/r1" "SELECT count(*) FROM pages")" = $((nr - 2)) ]'
allpages() { # every page row of $1 has its file, whose SHA-256 is its name
    q "$1" "SELECT sha256 FROM pages" | while read -r s; do
        [ "$(sha256sum "$1/pages/${s:0:2}/$s.png" | cut -c1-64)" = "$s" ] || exit 1
    done
}
ok "every page of the restored workspace checks out (sha256sum)" allpages "$WORK/r1"
ok "the restored workspace opens (hocba queue)" "$HOCBA" queue -w "$WORK/r1"
ok "the second backup restores too" "$HOCBA" restore "$WORK/b2" "$WORK/r2"
check "the second backup is later than the first" '[ "$(q "$WORK/r2" "SELECT count(*) FROM records")" -ge $nr ]'

ok_fails "restore never overwrites a workspace" 1 "$HOCBA" restore "$WORK/b1" "$WORK/r1"
ok_fails "backup never overwrites" 1 "$HOCBA" backup -w "$W" "$WORK/b1"
ok_fails "a workspace is not a backup" 1 "$HOCBA" restore "$W" "$WORK/r3"
page=$(ls "$WORK"/b2/pages/*/*.png | head -n 1)
printf 'x' >>"$page"
ok_fails "a damaged page in a backup fails the restore" 1 "$HOCBA" restore "$WORK/b2" "$WORK/r3"
check "it names the file, and leaves nothing behind" 'grep -q "$(basename "$page")" "$WORK/last.out" && [ ! -e "$WORK/r3" ] && ! ls "$WORK" | grep -q restoring'
ok_fails "restore without arguments is bad usage" 2 "$HOCBA" restore "$WORK/b1"

# --- handover -------------------------------------------------------------
ok "hocba handover" "$HOCBA" handover -w "$W" "$WORK/h"
H=$WORK/h
check "README, config, tables, schemas" '[ -s "$H/README.txt" ] && [ -s "$H/config" ] && [ -s "$H/tables/audit.csv" ] && [ -s "$H/schemas/hocba-1.xsd" ]'
ok "its manifest checks (sha256sum -c)" sh -c "cd '$H' && sha256sum --quiet -c MANIFEST.sha256"
nrec=$(q "$W" "SELECT count(*) FROM records")
check "every record version is there as XML" '[ "$(find "$H/records" -name "*.xml" | wc -l)" = $nrec ]'
check "records.csv has a row per version (plus the header)" '[ "$(grep -c $'"'"'\r$'"'"' "$H/tables/records.csv")" = $((nrec + 1)) ]'
ok "the records are valid (xmllint, hocba-1.xsd)" \
    xmllint --noout --schema "$SRC/schemas/hocba-1.xsd" "$H"/records/*/*.xml
check "every page is there as PNG" '[ "$(find "$H/pages" -name "*.png" | wc -l)" = "$(q "$W" "SELECT count(*) FROM pages")" ] && file "$(find "$H/pages" -name "*.png" | head -n 1)" | grep -q PNG'
check "the README is in Vietnamese and English" 'grep -q "TIẾNG VIỆT" "$H/README.txt" && grep -q "ENGLISH" "$H/README.txt"'
ok_fails "handover never overwrites" 1 "$HOCBA" handover -w "$W" "$H"
