#!/bin/bash
# test_export.sh - hocba export, hocba revoke and hocba queue --deadline on
# a workspace whose records were signed for real (tests/pki.sh keys) with
# `hocba sign` on workspace record ids and with `--approved`; records in
# the states that review produces come from tests/integration/wsfill.c.  The export is checked with independent
# tools: xmllint against both XSDs, sha256sum against the manifest, and
# hocba verify against the test root.
# Cost: about 5 s (PKI 1.5 s, building wsfill 1 s, three PDF renderings).
. "$SRC/tests/integration/lib.sh"

LIBB=${PLAIN_BUILD:-$BUILD}
build_wsfill "$LIBB" "$WORK/wsfill" || { echo "not ok 1 - build wsfill"; exit 1; }
sh "$SRC/tests/pki.sh" "$WORK/pki" >/dev/null 2>&1 || { echo "not ok 1 - pki"; exit 1; }
P=$WORK/pki
W=$WORK/ws
E=$WORK/export
q() { sqlite3 "$W/hocba.db" "$1"; }
fill() { "$WORK/wsfill" "$W" "$@"; }
hsign() { # hsign ROLE KEY ARGS...: hocba sign in the workspace
    local role=$1 key=$2; shift 2
    "$HOCBA" sign -w "$W" --role "$role" --key "$P/$key.p12" --pass-file "$P/pass.txt" "$@"
}
sign_both() { # sign_both ID: verifier then principal; prints "issued" when it was
    hsign NGUOI_XAC_MINH xacminh "$1" >/dev/null &&
        hsign CBQL cbql "$1" | grep -q "issued to the outbox" && echo issued
}
"$HOCBA" init --school-code 27001234 --school-name "Trường THCS Nguyễn Du" "$W" >/dev/null

ids=($(fill records 3 2019-2020 approved))
other=$(fill records 1 2020-2021 approved)
late=$(fill records 1 2019-2020 approved "Kiểm tra lại trong hè")
check "three approved records of 2019-2020" '[ ${#ids[@]} = 3 ] && [ -n "$late" ]'
st=$(sign_both "${ids[0]}")
check "signed by the verifier and the principal, the record is issued" '[ "$st" = issued ]'
sign_both "${ids[1]}" >/dev/null
sign_both "$other" >/dev/null
check "issued in the workspace" '[ "$(q "SELECT count(*) FROM records WHERE state = '\''issued'\''")" = 3 ]'
out0=$W/outbox/2019-2020/${ids[0]}-v1
check "the outbox holds the XML and the PDF" '[ -s "$out0.xml" ] && head -c 5 "$out0.pdf" | grep -q "%PDF-"'
q "SELECT writefile('$WORK/stored.xml', xml) FROM records WHERE id = '${ids[0]}'" >/dev/null
ok "the outbox XML is the stored document, byte for byte" cmp "$WORK/stored.xml" "$out0.xml"

# --- export ---------------------------------------------------------------
ok "hocba export writes the year" "$HOCBA" export -w "$W" --year 2019-2020 --out "$E"
check "two records, XML and PDF each, and the manifest" '[ "$(ls "$E" | wc -l)" = 5 ] && [ -f "$E/manifest.xml" ]'
check "the other year and the unissued record are not exported" '! ls "$E" | grep -q -e "$other" -e "${ids[2]}" -e "$late"'
ok "the manifest is valid (xmllint, export-1.xsd)" \
    xmllint --noout --schema "$SRC/schemas/export-1.xsd" "$E/manifest.xml"
ok "every record is valid (xmllint, hocba-1.xsd)" \
    xmllint --noout --schema "$SRC/schemas/hocba-1.xsd" "$E"/*-v*.xml
digests_ok() {
    for f in "$E"/*-v*.xml "$E"/*-v*.pdf; do
        grep -q "sha256=\"$(sha256sum "$f" | cut -c1-64)\"" "$E/manifest.xml" || return 1
    done
}
ok "every file's SHA-256 is in the manifest" digests_ok
ok "the exported records verify against the test root" \
    "$HOCBA" verify --trust "$P/root.pem" "$E"/*-v*.xml
snap() { (cd "$E" && ls -i && sha256sum *); }
before=$(snap)
ok "exporting again succeeds" "$HOCBA" export -w "$W" --year 2019-2020 --out "$E"
check "exporting again changes no file (same bytes, same inodes)" '[ "$before" = "$(snap)" ]'

# --- revoke ---------------------------------------------------------------
id=${ids[1]}
old=$(sha256sum "$W/outbox/2019-2020/$id-v1.xml" | cut -c1-64)
ok_fails "revoke without a reason is bad usage" 2 "$HOCBA" revoke -w "$W" "$id" --by "Hiệu trưởng"
ok_fails "a record that is not issued is not revoked" 1 \
    "$HOCBA" revoke -w "$W" "${ids[2]}" --reason "x" --by "y"
ok "hocba revoke" "$HOCBA" revoke -w "$W" "$id" --reason "Sai điểm môn Toán" --by "Nguyễn Văn Hiệu"
check "it names the replacing version and the old digest" 'grep -q "v2" "$WORK/last.out" && grep -q "$old" "$WORK/last.out"'
check "version 1 is revoked, version 2 a draft replacing it" \
    '[ "$(q "SELECT state FROM records WHERE id = '\''$id'\'' ORDER BY version" | tr "\n" " ")" = "revoked draft " ]'
check "THAY_THE of version 2 is the SHA-256 of the revoked file" \
    '[ "$(q "SELECT replaces FROM records WHERE id = '\''$id'\'' AND version = 2")" = "$old" ] && q "SELECT xml FROM records WHERE id = '\''$id'\'' AND version = 2" | grep -q "<THAY_THE>$old</THAY_THE>"'
check "the revocation and its reason are recorded" \
    '[ "$(q "SELECT reason || '\''|'\'' || revoked_by || '\''|'\'' || replaced_by FROM revocations")" = "Sai điểm môn Toán|Nguyễn Văn Hiệu|2" ]'
check "the audit trail has it" '[ "$(q "SELECT count(*) FROM review_actions WHERE action = '\''revoke'\'' AND record = '\''$id'\''")" = 1 ]'
ok_fails "revoking again is refused" 1 "$HOCBA" revoke -w "$W" "$id" --version 1 --reason x --by y
check "the revoked file stays in the outbox, unchanged" '[ "$(sha256sum "$W/outbox/2019-2020/$id-v1.xml" | cut -c1-64)" = "$old" ]'

touch "$E/0badc0de-v9.pdf"
echo "ghi chú" >"$E/ghi-chu.txt"
ok_fails "a stale export file fails the check" 1 "$HOCBA" export --check "$E"
ok "exporting after the revocation" "$HOCBA" export -w "$W" --year 2019-2020 --out "$E"
check "the stale file is removed, the unknown one reported and kept" \
    '[ ! -e "$E/0badc0de-v9.pdf" ] && [ -e "$E/ghi-chu.txt" ] && grep -q "ghi-chu.txt" "$WORK/last.out"'
check "the manifest lists the revoked version with its replacement" \
    'grep -q "<TRANG_THAI>revoked</TRANG_THAI>" "$E/manifest.xml" && grep -q "<THAY_THE_BOI>2</THAY_THE_BOI>" "$E/manifest.xml"'
ok "hocba export --check passes" "$HOCBA" export --check "$E"
sed -i 's/<HO_TEN>/<HO_TEN> /' "$E/${ids[0]}-v1.xml"
ok_fails "one changed record fails the check" 1 "$HOCBA" export --check "$E"
ok_fails "exporting another year into the directory is refused" 1 \
    "$HOCBA" export -w "$W" --year 2020-2021 --out "$E"
ok_fails "a malformed year is bad usage" 2 "$HOCBA" export -w "$W" --year 2019 --out "$WORK/x"

# --- deadlines ------------------------------------------------------------
ok "hocba queue --deadline with a fixed today" \
    "$HOCBA" queue -w "$W" --deadline --today 2020-06-20
cp "$WORK/last.out" "$WORK/deadline.out"
check "25/6/2020: the approved record of a student who completed the year, 5 days left" \
    'grep -q "hạn 25/06/2020.*: 1 còn thiếu (missing), còn 5 ngày" "$WORK/deadline.out" && grep -A1 "hạn 25/06/2020" "$WORK/deadline.out" | grep -q "${ids[2]} v1  approved"'
check "10/8/2020: the summer re-test and the correction, 51 days left" \
    'grep -q "hạn 10/08/2020.*: 2 còn thiếu (missing), còn 51 ngày" "$WORK/deadline.out" && grep -q "$id v2.*correction" "$WORK/deadline.out"'
check "2020-2021: issued, nothing missing" \
    'grep -A2 "Năm học 2020-2021" "$WORK/deadline.out" | grep -q "đủ (nothing missing)"'
ok "the JSON form" "$HOCBA" queue -w "$W" --deadline --json --today 2020-07-01
check "JSON: overdue is negative" 'grep -q "\"due\":\"2020-06-25\",\"days_left\":-6" "$WORK/last.out"'
ok_fails "--today without --deadline is bad usage" 2 "$HOCBA" queue -w "$W" --today 2020-06-20
ok_fails "an impossible date is bad usage" 2 "$HOCBA" queue -w "$W" --deadline --today 2020-02-30

# --- hocba sign in the workspace -------------------------------------------
more=($(fill records 2 2021-2022 approved))
draft=$(fill records 1 2021-2022 draft)
ok_fails "a draft is not signed" 1 hsign NGUOI_XAC_MINH xacminh "$draft"
ok_fails "an unknown record id is refused" 1 hsign NGUOI_XAC_MINH xacminh 00000000-0000-4000-8000-000000000000
ok_fails "--approved with a RECORD is bad usage" 2 hsign CBQL cbql --approved "${more[0]}"
ok "sign --approved as the verifier" hsign NGUOI_XAC_MINH xacminh --approved
# approved by now: ids[2] and $late of 2019-2020, and the two new ones
check "the four approved records signed, none issued yet" 'grep -q "signed 4 record(s) as NGUOI_XAC_MINH; 0 issued" "$WORK/last.out"'
ok "sign --approved as the principal" hsign CBQL cbql --approved
check "all four signed and issued" 'grep -q "signed 4 record(s) as CBQL; 4 issued" "$WORK/last.out"'
check "the draft was left alone" '[ "$(q "SELECT state FROM records WHERE id = '\''$draft'\''")" = draft ]'
ok "the issued records verify, both signatures" \
    "$HOCBA" verify --trust "$P/root.pem" "$W"/outbox/2021-2022/*.xml
check "one line per signature: two records, two roles each" \
    '[ "$(grep -c "NGUOI_XAC_MINH\|CBQL" "$WORK/last.out")" = 4 ]'
