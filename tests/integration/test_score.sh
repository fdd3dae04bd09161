#!/bin/bash
# test_score.sh - the `score` program on a small truth/draft set written here.
# Three truth records of three fields each (HO_TEN, NAM_HOC, TOAN/CA_NAM):
#   a.xml  draft reads CA_NAM 8.8 for 8.3, unflagged  -> one silent error
#   b.xml  draft reads CA_NAM 8.8, flagged review="1"  -> one caught error
#   c.xml  no draft                                    -> lost (3 fields)
# so: 9 fields, 4 correct, 1 flagged, 1 caught, 1 silent (11.1%), 3 lost.
# Runtime: well under a second.
. "$SRC/tests/integration/lib.sh"
SCORE="$BUILD/score"
T="$WORK/truth"
D="$WORK/drafts"
mkdir -p "$T" "$D"

record() { # record CA_NAM [ANNOTATIONS]
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<HOC_BA xmlns="urn:hocbaso:hbs:1" phienBan="1.0">
  <DU_LIEU_HOC_BA Id="data">
    <THONG_TIN_HO_SO><PHIEN_BAN>1</PHIEN_BAN><NGUON_DU_LIEU>SO_HOA_HOC_BA_GIAY</NGUON_DU_LIEU></THONG_TIN_HO_SO>
    <CO_SO_GIAO_DUC/>
    <LY_LICH Id="lyLich"><HO_TEN>Nguyễn Văn An</HO_TEN></LY_LICH>
    <THONG_TIN_HOC_BA Id="thongtinhocba">
      <NAM_HOC>2019-2020</NAM_HOC>
      <BANG_DIEM>
        <DIEM_TONG_KET Id="mon-TOAN" ma="TOAN" ten="Toán"><CA_NAM$2>$1</CA_NAM></DIEM_TONG_KET>
      </BANG_DIEM>
      <TONG_KET_CA_NAM Id="tongket"/>
    </THONG_TIN_HOC_BA>
    <NGUON_SO_HOA/>
  </DU_LIEU_HOC_BA>
  <DANH_SACH_THONG_TIN_KY><NGUOI_XAC_MINH/><GVCN/><DANH_SACH_GVBM/></DANH_SACH_THONG_TIN_KY>
  <PHAT_HANH_HOC_BA><CBQL/><KY_PHAT_HANH/></PHAT_HANH_HOC_BA>
</HOC_BA>
EOF
}
for x in a b c; do record 8.3 >"$T/$x.xml"; done
record 8.8 ' conf="91"' >"$D/a.xml"
record 8.8 ' conf="40" review="1" reason="rule:ca-nam"' >"$D/b.xml"

ok "score prints the table" "$SCORE" "$T" "$D"
cp "$WORK/last.out" "$WORK/table.txt"
check "overall: 9 fields, 44.44% right, 11.111% silent, 1/2 caught, 3 lost" \
    "grep -Eq '^overall +9 +44.44% +11.11% +11.111% +1/2 +0 +3\$' '$WORK/table.txt'"
check "per kind: the score row" \
    "grep -Eq '^score +3 +0.00% +33.33% +33.333% +1/2 ' '$WORK/table.txt'"
check "records and lost records are reported" \
    "grep -q 'records 3, lost 1; drafts without truth 0' '$WORK/table.txt'"

ok "--json --worst 5" "$SCORE" --json --worst 5 "$T" "$D"
cp "$WORK/last.out" "$WORK/out.json"
check "json: overall counts" \
    "grep -q '\"overall\":{\"fields\":9,\"correct\":4,\"flagged\":1,\"caught\":1,\"silent\":1,' '$WORK/out.json'"
check "json: the silent error with what was read" \
    "grep -q '\"record\":\"a.xml\",\"path\":\"THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET\[TOAN\]/CA_NAM\",\"kind\":\"score\",\"truth\":\"8.3\",\"read\":\"8.8\"' '$WORK/out.json'"

ok "--worst lists silent errors" "$SCORE" --worst 3 "$T" "$D"
check "worst: path, truth, read" \
    "grep -q 'a.xml THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET\[TOAN\]/CA_NAM: truth \"8.3\", read \"8.8\"' '$WORK/last.out'"

ok_fails "a silent rate above --max-silent fails" 1 "$SCORE" --max-silent 10 "$T" "$D"
ok "within --max-silent passes" "$SCORE" --max-silent 12 --max-review 12 "$T" "$D"
ok_fails "accuracy below --min-accuracy fails" 1 "$SCORE" --min-accuracy 50 "$T" "$D"
ok_fails "bad usage is exit 2" 2 "$SCORE" "$T"
ok_fails "an unknown option is exit 2" 2 "$SCORE" --nope "$T" "$D"
ok_fails "a missing draft directory is exit 1" 1 "$SCORE" "$T" "$WORK/none"
check "the error names the directory" "grep -q '$WORK/none' '$WORK/last.out'"
