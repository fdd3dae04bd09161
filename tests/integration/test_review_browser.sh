#!/bin/bash
# test_review_browser.sh - a teacher reviews a record in the real web UI,
# keyboard only, in headless Chromium (tests/browser/review.mjs: log in,
# open the record from the queue, meet a conflict and reload, correct the
# flagged score, approve), then the result is checked outside the browser:
# `hocba review show --json` and `hocba queue --records --json` say
# approved, the stored XML carries the value and, under the teacher's
# NGUON_SO_HOA/XAC_MINH, a SUA_DOI with truong/cu/moi of her correction,
# and the audit trail has her correction and approval, once each.  Then
# the principal, in the browser again, sends the record back with a reason
# typed there and logs out.  The student's name holds markup all along,
# which every view must show as text, never run.
#
# Needs Debian's chromium, node and npm, and tests/browser/node_modules:
# tests/browser/setup.sh installs what is missing; when it cannot, the test
# fails (it never skips).  Fixture: book-2-001 read with the plain build,
# one CA_NAM made wrong (reviewfix.sh).  Cost: about 11 s, 15 s under ASan
# (about 2 s more the first time, for `npm ci`).
. "$SRC/tests/integration/lib.sh"
. "$SRC/tests/integration/reviewfix.sh"
W=$WORK/ws
bail() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$WORK/bail.out" | tail -n 30; exit 1; }
bash "$SRC/tests/browser/setup.sh" >"$WORK/bail.out" 2>&1 ||
    bail "tests/browser/setup.sh: chromium, node, npm and playwright-core are there"
n=$((n + 1)); echo "ok $n - chromium, node and playwright-core are there (tests/browser/setup.sh)"
rf_build "$W" "$SRC/samples/books/book-2-001" >"$WORK/bail.out" 2>&1 || bail "fixture: init, scan, process"
rf_pick "$W" >"$WORK/bail.out" 2>&1 || bail "fixture: the record's id, year and class"
{
    rf_user "$W" nhaplieu teacher "Đỗ Nhập Liệu" "$REC_CLASS" &&
    rf_user "$W" gv teacher "Nguyễn Thị Lan" "$REC_YEAR/$REC_CLASS" &&
    rf_user "$W" hieutruong principal "Huỳnh Xuân Hùng"
} >"$WORK/bail.out" 2>&1 || bail "fixture: accounts"
# markup in the student's name, which the UI must show as text
XSS_NAME='Dương <img src=x id=xss onerror="window.__xss=1"> Kiên'
"$FIX_HOCBA" review set -w "$W" "$REC_ID@$REC_VER" LY_LICH/HO_TEN "$XSS_NAME" --as nhaplieu >"$WORK/bail.out" 2>&1 ||
    bail "fixture: markup in the student's name"
rf_flag "$W" "$REC_ID" "$REC_VER" >"$WORK/bail.out" 2>&1 || bail "fixture: a CA_NAM flagged rule:ca-nam"
rf_serve "$W" >"$WORK/bail.out" 2>&1 || bail "hocba review listens on 127.0.0.1, port 0"
echo "# $URL record $REC_ID@$REC_VER class $REC_CLASS: $TGT = $TGT_BAD (read $TGT_OK)"
mkdir -p "$WORK/shots"
# what another person does meanwhile: confirms the student's ethnicity
dt=$(rf_field "$W" "$REC_ID" "$REC_VER" LY_LICH/DAN_TOC value)
printf -v other '%q review set -w %q %q LY_LICH/DAN_TOC %q --as nhaplieu' "$HOCBA" "$W" "$REC_ID@$REC_VER" "$dt"

t0=$(date +%s)
PHASE=teacher URL=$URL LOGIN=gv PASSWORD=$(rf_password gv) REC_ID=$REC_ID REC_VER=$REC_VER TGT=$TGT TGT_OK=$TGT_OK \
    TGT_BAD=$TGT_BAD OTHER_CMD=$other TAP_START=$((n + 1)) SHOTS=$WORK/shots \
    timeout 180 node "$SRC/tests/browser/review.mjs" >"$WORK/node.out" 2>&1
rc=$?
sed '/^\(not \)\?ok [0-9]\|^#/!s/^/# /' "$WORK/node.out"
n=$((n + $(grep -cE '^(not )?ok [0-9]+' "$WORK/node.out")))
check "the browser program ran to its end (exit 0, $(($(date +%s) - t0)) s)" '[ $rc = 0 ]'
mv "$WORK/node.out" "$WORK/node-teacher.out"

# ---- outside the browser
"$HOCBA" review show -w "$W" "$REC_ID@$REC_VER" --json >"$WORK/show.json" 2>"$WORK/show.err"
check "hocba review show --json: approved, nothing open, the value typed" \
    'jget "j.state === \"approved\" && j.open === 0 &&
           j.fields.some(f => f.path === \"$TGT\" && f.value === \"$TGT_OK\" && f.open === false && f.checked === true)" <"$WORK/show.json" >/dev/null'
"$HOCBA" queue -w "$W" --records --json >"$WORK/queue.json" 2>"$WORK/queue.err"
check "hocba queue --records --json: approved" \
    'jget "j.some(r => r.id === \"$REC_ID\" && r.version == $REC_VER && r.state === \"approved\")" <"$WORK/queue.json" >/dev/null'
rf_sql "$W" "SELECT xml FROM records WHERE id = '$REC_ID' AND version = $REC_VER" >"$WORK/rec.xml"
check "the stored field has the value typed" '[ "$(rf_field "$W" "$REC_ID" "$REC_VER" "$TGT" value)" = "$TGT_OK" ]'
# the score in the XML: DIEM_TONG_KET whose subject code is in the path
subj=${TGT#*DIEM_TONG_KET[}; subj=${subj%%]*}; leaf=${TGT##*/}
x() { xmllint --xpath "$1" "$WORK/rec.xml" 2>/dev/null; }
check "the XML's DIEM_TONG_KET ma=$subj / $leaf is $TGT_OK" \
    '[ "$(x "string(//*[local-name()=\"DIEM_TONG_KET\"][@ma=\"$subj\"]/*[local-name()=\"$leaf\"])")" = "$TGT_OK" ]'
check "the XML's NGUON_SO_HOA has XAC_MINH by Nguyễn Thị Lan (Giáo viên) with SUA_DOI truong/cu/moi of her correction" \
    '[ "$(x "count(//*[local-name()=\"NGUON_SO_HOA\"]/*[local-name()=\"XAC_MINH\"][@nguoi=\"Nguyễn Thị Lan\" and @vaiTro=\"Giáo viên\"]/*[local-name()=\"SUA_DOI\"][@truong=\"$TGT\" and @cu=\"$TGT_BAD\" and @moi=\"$TGT_OK\"])")" = 1 ]'
check "... and the fixture's wrong value by Đỗ Nhập Liệu, before it" \
    '[ "$(x "count(//*[local-name()=\"XAC_MINH\"][@nguoi=\"Đỗ Nhập Liệu\"]/*[local-name()=\"SUA_DOI\"][@truong=\"$TGT\" and @cu=\"$TGT_OK\" and @moi=\"$TGT_BAD\"])")" = 1 ]'
check "the audit: her correction, once, old and new" \
    '[ "$(rf_sql "$W" "SELECT count(*) FROM review_actions WHERE record = '\''$REC_ID'\'' AND version = $REC_VER AND who = '\''gv'\''
        AND action = '\''correct'\'' AND path = '\''$TGT'\'' AND old_value = '\''$TGT_BAD'\'' AND new_value = '\''$TGT_OK'\''")" = 1 ]'
acts=$(rf_sql "$W" "SELECT group_concat(action, ' ') FROM (SELECT action FROM review_actions
          WHERE record = '$REC_ID' AND who = 'gv' ORDER BY id)")
check "the audit: her correction then her approval, and no other action of hers" '[ "$acts" = "correct approve" ] || { echo "#   $acts"; false; }'
check "the stored record is valid against schemas/hocba-1.xsd" \
    'xmllint --noout --schema "$SRC/schemas/hocba-1.xsd" "$WORK/rec.xml" 2>/dev/null'

# ---- the principal sends it back, from the browser
REASON="Điểm Toán cả năm chưa khớp sổ gốc, xem lại trang 2"
t0=$(date +%s)
PHASE=principal URL=$URL LOGIN=hieutruong PASSWORD=$(rf_password hieutruong) REC_ID=$REC_ID REC_VER=$REC_VER \
    REASON=$REASON TAP_START=$((n + 1)) SHOTS=$WORK/shots \
    timeout 120 node "$SRC/tests/browser/review.mjs" >"$WORK/node.out" 2>&1
rc=$?
sed '/^\(not \)\?ok [0-9]\|^#/!s/^/# /' "$WORK/node.out"
n=$((n + $(grep -cE '^(not )?ok [0-9]+' "$WORK/node.out")))
check "the browser program ran to its end (exit 0, $(($(date +%s) - t0)) s)" '[ $rc = 0 ]'
"$HOCBA" review show -w "$W" "$REC_ID@$REC_VER" --json >"$WORK/show.json" 2>"$WORK/show.err"
check "hocba review show --json: in_review again" 'jget "j.state === \"in_review\"" <"$WORK/show.json" >/dev/null'
ret=$(rf_sql "$W" "SELECT count(*) FROM review_actions WHERE record = '$REC_ID' AND who = 'hieutruong' AND action = 'return'
                   AND (note = '$REASON' OR new_value = '$REASON')")
check "the audit: the principal's return with the reason typed" '[ "$ret" = 1 ]'
check "the student's name is stored as typed, markup and all" '[ "$(rf_field "$W" "$REC_ID" "$REC_VER" LY_LICH/HO_TEN value)" = "$XSS_NAME" ]'
rf_server_checks
