#!/bin/bash
# test_review_cli.sh - the command-line twins of the review UI: `hocba
# review set / show / return`, `hocba approve`, and the accounts (`hocba
# user add / list / passwd / disable / enable / classes`): exit statuses
# (0 done, 1 refused, 2 bad usage), what each changes in the record, its
# fields, the audit trail and NGUON_SO_HOA, and that a refused command
# changes nothing.  The story: a wrong CA_NAM is flagged; approval is
# refused while it is open; a note ("the paper says so") explains it and
# approval passes; the principal sends the record back; the teacher
# corrects the score (the flag clears, no note needed) and approves again;
# a change to an approved record takes it back to in_review.
#
# Fixture: book-2-001 read with the plain build; every command under test
# is $HOCBA.  Cost: about 12 s, 13 s under ASan.
. "$SRC/tests/integration/lib.sh"
. "$SRC/tests/integration/reviewfix.sh"
W=$WORK/ws
bail() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$WORK/bail.out" | tail -n 30; exit 1; }
command -v node >/dev/null || bash "$SRC/tests/browser/setup.sh" --node-only >"$WORK/bail.out" 2>&1 || bail "node (JSON)"
rf_build "$W" "$SRC/samples/books/book-2-001" >"$WORK/bail.out" 2>&1 || bail "fixture: init, scan, process"
rf_pick "$W" >"$WORK/bail.out" 2>&1 || bail "fixture: the record's id, year and class"
R=$REC_ID RV="$REC_ID@$REC_VER"
H() { "$HOCBA" "$@"; }
q() { rf_sql "$W" "$1"; }
show() { H review show -w "$W" "$RV" --json >"$WORK/show.json" 2>"$WORK/show.err"; }
js() { jget "$1" <"$WORK/show.json" >/dev/null; }
# snapshot: what a refused command must leave alone
# (a query that fails gives a different answer each time, never a match)
snap() {
    local out
    out=$(q "SELECT state, rev, xml FROM records WHERE id = '$R'; SELECT path, value, review, reason FROM fields ORDER BY record, path;
       SELECT * FROM review_actions; SELECT login, role, full_name, disabled, pw_hash FROM users ORDER BY login;
       SELECT * FROM user_classes") && [ -n "$out" ] || out="failed $RANDOM$RANDOM"
    sha256sum <<<"$out"
}
state() { q "SELECT state FROM records WHERE id = '$R' AND version = $REC_VER"; }

# ---- accounts
pw() { rf_password "$1" >"$WORK/pw-$1"; echo "$WORK/pw-$1"; }
ok "user add: a teacher of the record's class" H user add -w "$W" gv --role teacher --name "Nguyễn Thị Lan" --class "$REC_CLASS" --pass-file "$(pw gv)"
ok "user add: a teacher of two classes" H user add -w "$W" gvhai --role teacher --name "Trần Văn Hai" --class 9B --class "$REC_YEAR/$REC_CLASS" --pass-file "$(pw gvhai)"
ok "user add: a principal" H user add -w "$W" hieutruong --role principal --name "Huỳnh Xuân Hùng" --pass-file "$(pw hieutruong)"
ok "user add: a clerk" H user add -w "$W" vanthu --role clerk --name "Vũ Thị Thư" --pass-file "$(pw vanthu)"
S=$(snap)
ok_fails "user add: the same login again: exit 1" 1 H user add -w "$W" gv --role teacher --name X --pass-file "$(pw gv)"
ok_fails "user add: a role that does not exist: exit 2" 2 H user add -w "$W" gvba --role director --name X --pass-file "$(pw gvba)"
ok_fails "user add: no login: exit 2" 2 H user add -w "$W" --role teacher --name X --pass-file "$(pw gvba)"
printf 'ngan' >"$WORK/pw-short"
ok_fails "user add: a password of 4 bytes: exit 1" 1 H user add -w "$W" gvba --role teacher --name X --pass-file "$WORK/pw-short"
ok_fails "user frob: exit 2" 2 H user frob -w "$W" gv
check "none of them changed anything" '[ "$(snap)" = "$S" ]'
H user list -w "$W" --json >"$WORK/users.json" 2>&1
check "user list --json: the accounts with role, name, classes, not disabled" \
    'jget "j.length === 4 && j.some(u => u.login === \"gvhai\" && u.role === \"teacher\" && u.full_name === \"Trần Văn Hai\" &&
           u.classes.length === 2 && u.classes.includes(\"9B\") && u.classes.includes(\"$REC_YEAR/$REC_CLASS\") && u.disabled === false)" <"$WORK/users.json" >/dev/null'
check "... and no password hash" '! grep -q scrypt "$WORK/users.json"'
ok "user classes: replaces them" H user classes -w "$W" gvhai 6C
check "... user list shows 6C only" \
    'H user list -w "$W" --json | jget "JSON.stringify(j.find(u => u.login === \"gvhai\").classes) === JSON.stringify([\"6C\"])" >/dev/null'
old=$(q "SELECT pw_hash FROM users WHERE login = 'gvhai'")
printf 'Mật-khẩu-mới-2025' >"$WORK/pw-new"
ok "user passwd --pass-file" H user passwd -w "$W" gvhai --pass-file "$WORK/pw-new"
check "... a new scrypt hash" '[ "$(q "SELECT pw_hash FROM users WHERE login = '\''gvhai'\''")" != "$old" ] &&
    q "SELECT pw_hash FROM users WHERE login = '\''gvhai'\''" | grep -q "^scrypt\\$"'
ok_fails "user passwd of nobody: exit 1" 1 H user passwd -w "$W" khongco --pass-file "$WORK/pw-new"

# ---- show
ok "review show (text)" H review show -w "$W" "$RV"
ok "review show --json" show
check "... the record's id, version, state, rev, counts and every field" \
    'js "j.id === \"$R\" && j.version == $REC_VER && j.state === \"draft\" && j.rev >= 1 && j.fields.length > 50 && j.open === 0"'
ok_fails "review show of a record that does not exist: exit 1" 1 H review show -w "$W" khong-co-ho-so
ok_fails "review show with no record: exit 2" 2 H review show -w "$W"
ok_fails "review show ID@x: exit 2" 2 H review show -w "$W" "$R@x"
ok_fails "review frob: exit 2" 2 H review frob -w "$W" "$RV"

# the score to work on: a numeric CA_NAM read without doubt, Toán first
TGT= ; while IFS='|' read -r p v; do case $v in [0-9].[0-9]) TGT=$p TGT_OK=$v; break ;; esac; done < <(
    q "SELECT path, value FROM fields f JOIN records r ON r.rid = f.record WHERE r.id = '$R'
       AND f.review = 0 AND f.path LIKE '%/DIEM_TONG_KET[%]/CA_NAM'
       ORDER BY f.path <> 'THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM', f.ord")
[ -n "$TGT" ] || { echo "# no numeric CA_NAM"; TGT=THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM TGT_OK=6.2; }
TGT_BAD=$(awk -v x="$TGT_OK" 'BEGIN { printf "%.1f", (x >= 5 ? x - 3 : x + 3) }')
echo "# $RV: $TGT read $TGT_OK, set to $TGT_BAD"
# other flags the reading may have raised on this machine: explained first
while IFS='|' read -r p v; do
    H review set -w "$W" "$RV" "$p" "$v" --note "Giấy ghi như vậy" --as hieutruong >/dev/null 2>&1
done < <(q "SELECT f.path, f.value FROM fields f JOIN records r ON r.rid = f.record WHERE r.id = '$R' AND f.review = 1")
fjs="j.fields.find(f => f.path === \"$TGT\")"

# ---- review set: bad usage and refusals change nothing
S=$(snap)
ok_fails "review set with 2 arguments: exit 2" 2 H review set -w "$W" "$RV" "$TGT" --as gv
ok_fails "review set with 4 arguments: exit 2" 2 H review set -w "$W" "$RV" "$TGT" 1 2 --as gv
ok_fails "review set, an unknown option: exit 2" 2 H review set -w "$W" "$RV" "$TGT" 1 --frob --as gv
ok_fails "review set on a record that does not exist: exit 1" 1 H review set -w "$W" khong-co-ho-so "$TGT" 1.0 --as gv
ok_fails "review set on a version that does not exist: exit 1" 1 H review set -w "$W" "$R@9" "$TGT" 1.0 --as gv
ok_fails "review set of a field the form has not: exit 1" 1 H review set -w "$W" "$RV" LY_LICH/KHONG_CO x --as gv
ok_fails "review set of 1001 bytes: exit 1" 1 H review set -w "$W" "$RV" "$TGT" "$(head -c 1001 /dev/zero | tr '\0' 9)" --as gv
ok_fails "review set of a value that is not UTF-8: exit 1" 1 H review set -w "$W" "$RV" "$TGT" "$(printf '7\xff')" --as gv
ok_fails "review set --as an account that does not exist: exit 1" 1 H review set -w "$W" "$RV" "$TGT" 1.0 --as khongco
ok_fails "approve with no record: exit 2" 2 H approve -w "$W" --as gv
ok_fails "approve with two records: exit 2" 2 H approve -w "$W" "$RV" "$RV" --as gv
ok_fails "approve of a record that does not exist: exit 1" 1 H approve -w "$W" khong-co-ho-so --as gv
ok_fails "review return without --reason: exit 2" 2 H review return -w "$W" "$RV" --as gv
H review return -w "$W" "$RV" --reason "" --as gv >"$WORK/last.out" 2>&1; rc=$?
check "review return with an empty reason: refused (exit $rc)" '[ $rc = 1 ] || [ $rc = 2 ]'
check "none of them changed the record, its fields, the audit or the accounts" '[ "$(snap)" = "$S" ]'

# ---- a wrong score is flagged; approval waits for it
ok "review set: a wrong CA_NAM" H review set -w "$W" "$RV" "$TGT" "$TGT_BAD" --as gv
show
check "... stored, flagged rule:ca-nam in words, open; the record in_review" \
    'js "(f => f.value === \"$TGT_BAD\" && f.review && f.open && f.checked && f.reasons.includes(\"rule:ca-nam\") &&
             f.reason_text.some(t => /[À-ỹ]/.test(t)) && f.note === null)($fjs) && j.state === \"in_review\" && j.open >= 1"'
OPEN=$(jget 'j.fields.filter(f => f.open).map(f => f.path).join(" ")' <"$WORK/show.json")
echo "# open now: $OPEN"
H review show -w "$W" "$RV" >"$WORK/show.txt" 2>&1
# the field lines start with "!" (open), "~" (flagged, noted) or " "; reasons are indented further
check "review show (text): the open fields first, each with its reason in words under it" \
    'awk -v t="$TGT" '\''NR == 1 { next } /^      / { if (prev_open && /[À-ỹ]/) words++; next }
        { if (/^!/) { if (seen_other) bad = 1; opens++; prev_open = 1; if ($2 == t) tgt = 1 } else { seen_other = 1; prev_open = 0 } }
        END { exit !(!bad && tgt && opens >= 1 && words >= opens) }'\'' "$WORK/show.txt"'
corr=$(q "SELECT who || '|' || name || '|' || role || '|' || old_value || '|' || new_value FROM review_actions
          WHERE action = 'correct' AND path = '$TGT'")
check "the audit: correct by gv, Nguyễn Thị Lan, Giáo viên, old and new" '[ "$corr" = "gv|Nguyễn Thị Lan|Giáo viên|$TGT_OK|$TGT_BAD" ]'
S=$(snap)
H approve -w "$W" "$RV" --as gv >"$WORK/ap.out" 2>&1; rc=$?
check "approve with the flag open: exit 1, naming the field" '[ $rc = 1 ] && grep -qF "$TGT" "$WORK/ap.out"'
check "... and nothing changed" '[ "$(snap)" = "$S" ] && [ "$(state)" = in_review ]'

# ---- a note explains it
ok "review set: the same value with a note (the paper says so)" \
    H review set -w "$W" "$RV" "$TGT" "$TGT_BAD" --note "Giấy ghi như vậy" --as gv
show
check "... still flagged but not open, the note standing" \
    'js "(f => f.value === \"$TGT_BAD\" && f.review && !f.open && f.note === \"Giấy ghi như vậy\")($fjs)"'
check "... a confirm with the note in the audit" \
    '[ "$(q "SELECT count(*) FROM review_actions WHERE action = '\''confirm'\'' AND who = '\''gv'\'' AND path = '\''$TGT'\'' AND note = '\''Giấy ghi như vậy'\''")" = 1 ]'
# the rule also flags the other scores of its formula (HK1, HK2): each needs its note too
REST=$(jget 'j.fields.filter(f => f.open).map(f => f.path).join(" ") || "-"' <"$WORK/show.json")
nrest=0
if [ "$REST" != - ]; then
    S=$(snap)
    H approve -w "$W" "$RV" --as gv >"$WORK/ap.out" 2>&1; rc=$?
    first=${REST%% *}
    check "approve while the formula's other scores are open: exit 1, naming them" '[ $rc = 1 ] && grep -qF "$first" "$WORK/ap.out"'
    check "... and nothing changed" '[ "$(snap)" = "$S" ]'
    for p in $REST; do
        v=$(jget "j.fields.find(f => f.path === \"$p\").value" <"$WORK/show.json")
        H review set -w "$W" "$RV" "$p" "$v" --note "Giấy ghi như vậy" --as gv >/dev/null 2>&1 || echo "# review set --note $p failed"
        nrest=$((nrest + 1))
    done
fi
show
check "every flagged field explained: none open" 'js "j.open === 0 && j.fields.every(f => !f.open)"'
ok "approve: passes once every flag is explained" H approve -w "$W" "$RV" --as gv
check "... approved (review show, queue --records --json)" \
    'show && js "j.state === \"approved\"" && H queue -w "$W" --records --json | jget "j.some(r => r.id === \"$R\" && r.state === \"approved\")" >/dev/null'
rf_sql "$W" "SELECT xml FROM records WHERE id = '$R'" >"$WORK/rec.xml"
x() { xmllint --xpath "$1" "$WORK/rec.xml" 2>/dev/null; }
check "the XML: her XAC_MINH with the correction and the noted confirmation (ghiChu)" \
    '[ "$(x "count(//*[local-name()=\"XAC_MINH\"][@nguoi=\"Nguyễn Thị Lan\" and @vaiTro=\"Giáo viên\"]/*[local-name()=\"SUA_DOI\"][@truong=\"$TGT\" and @cu=\"$TGT_OK\" and @moi=\"$TGT_BAD\"])")" = 1 ] &&
     [ "$(x "count(//*[local-name()=\"XAC_MINH\"][@nguoi=\"Nguyễn Thị Lan\"]/*[local-name()=\"SUA_DOI\"][@truong=\"$TGT\" and @cu=\"$TGT_BAD\" and @moi=\"$TGT_BAD\" and @ghiChu=\"Giấy ghi như vậy\"])")" = 1 ]'
check "the stored record is valid against schemas/hocba-1.xsd" 'xmllint --noout --schema "$SRC/schemas/hocba-1.xsd" "$WORK/rec.xml" 2>/dev/null'

# ---- sent back, corrected, approved again
ok "review return by the principal, with a reason" \
    H review return -w "$W" "$RV" --reason "Điểm Toán cả năm chưa đúng, xem lại trang 2" --as hieutruong
check "... in_review; the reason in the audit" \
    '[ "$(state)" = in_review ] && [ "$(q "SELECT count(*) FROM review_actions WHERE action = '\''return'\'' AND who = '\''hieutruong'\'' AND (note = '\''Điểm Toán cả năm chưa đúng, xem lại trang 2'\'' OR new_value = '\''Điểm Toán cả năm chưa đúng, xem lại trang 2'\'')")" = 1 ]'
ok "review set: the right value (ID@VERSION)" H review set -w "$W" "$RV" "$TGT" "$TGT_OK" --as gv
show
check "... stored, the rule's flag gone, no note standing, nothing open" \
    'js "(f => f.value === \"$TGT_OK\" && !f.review && !f.open && f.checked && !/rule:ca-nam/.test(f.reasons) && f.note === null)($fjs) && j.open === 0"'
ok "approve (ID@VERSION): no note needed now" H approve -w "$W" "$RV" --as gv
check "... approved" '[ "$(state)" = approved ]'
ok "review set on an approved record" H review set -w "$W" "$R" LY_LICH/DAN_TOC "Tày" --as gv
check "... takes it back to in_review" '[ "$(state)" = in_review ]'
ok "approve again" H approve -w "$W" "$R" --as gv
nfd=$(printf 'Mu\xcc\x9bo\xcc\x9b\xcc\x80ng') nfc=$(printf 'M\xc6\xb0\xe1\xbb\x9dng') # Mường
ok "review set of a value typed decomposed (NFD), without --as" env USER=thuky "$HOCBA" review set -w "$W" "$RV" LY_LICH/DAN_TOC "$nfd"
check "... stored composed (NFC), as typed otherwise" '[ "$(rf_field "$W" "$R" "$REC_VER" LY_LICH/DAN_TOC value)" = "$nfc" ]'
check "... the audit names \$USER" '[ "$(q "SELECT who FROM review_actions ORDER BY id DESC LIMIT 1")" = thuky ]'
ok "approve again, after it" H approve -w "$W" "$R" --as gv
ok "user disable" H user disable -w "$W" gv
S=$(snap)
ok_fails "review set --as a disabled account: exit 1" 1 H review set -w "$W" "$RV" LY_LICH/DAN_TOC Kinh --as gv
ok_fails "approve --as a disabled account: exit 1" 1 H approve -w "$W" "$RV" --as gv
check "... nothing changed" '[ "$(snap)" = "$S" ]'
ok "user enable" H user enable -w "$W" gv
check "user list: enabled again" 'H user list -w "$W" --json | jget "j.find(u => u.login === \"gv\").disabled === false" >/dev/null'
want="gv:correct gv:confirm"; for i in $(seq 1 $nrest); do want="$want gv:confirm"; done
want="$want gv:approve hieutruong:return gv:correct gv:approve gv:correct gv:approve gv:approve"
seq=$(q "SELECT group_concat(who || ':' || action, ' ') FROM (SELECT who, action FROM review_actions
         WHERE record = '$R' AND (who = 'gv' OR action = 'return') ORDER BY id)")
check "the audit: every action in order" \
    '[ "$seq" = "$want" ] || { echo "#   $seq"; false; }'
