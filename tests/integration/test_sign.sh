# test_sign.sh - `hocba sign` and `hocba verify` on the command line, and
# the signatures checked again with the independent xmlsec1 tool.
# Records: one written by samples/gen (a real, pretty-printed record) and
# the hand-written tests/data/sign/record.xml.  Keys: tests/pki.sh.
# Cost: about 1 s for the PKI, 5 s of hocba runs under ASan.
. "$SRC/tests/integration/lib.sh"
unset HOCBA_TRUST
P="$WORK/pki"
R="$WORK/rec"
mkdir -p "$R"
sh "$SRC/tests/pki.sh" "$P" >/dev/null 2>&1
check "test PKI made" "[ -f '$P/root.pem' ] && [ -f '$P/legacy.p12' ]"
GEN="${PLAIN_BUILD:-$BUILD}/gen"
"$GEN" --seed 11 --count 1 --truth-only --quiet --out "$WORK/truth" >/dev/null 2>&1
cp "$(ls "$WORK"/truth/*.xml | head -n 1)" "$R/a.xml"
cp "$SRC/tests/data/sign/record.xml" "$R/b.xml"
cp "$R/a.xml" "$R/a.orig"
check "a generated record to sign" "[ -s '$R/a.xml' ]"
PASS="$P/pass.txt"

# xmlsec1 checks signature N of FILE on its own, against the test root.
# Ids are declared the way xmlsec1 needs them (records have no DTD).
xmlsec_ok() { # xmlsec_ok FILE N
    xmlsec1 --verify --trusted-pem "$P/root.pem" --enabled-reference-uris same-doc \
        --id-attr:Id DU_LIEU_HOC_BA --id-attr:Id THONG_TIN_HOC_BA \
        --id-attr:Id DIEM_TONG_KET --id-attr:Id SignatureProperties \
        --node-xpath "(//*[local-name()='Signature'])[$2]" "$1"
}
count_valid() { grep -c 'hợp lệ/valid$' "$WORK/last.out"; }

# ---- usage -----------------------------------------------------------------
ok_fails "sign without --role is bad usage" 2 "$HOCBA" sign --key "$P/gvcn.p12" "$R/a.xml"
ok_fails "unknown role is bad usage" 2 "$HOCBA" sign --role HIEU_TRUONG --key "$P/gvcn.p12" "$R/a.xml"
check "the roles are listed" "grep -q 'KY_PHAT_HANH' '$WORK/last.out'"
ok_fails "GVBM without --subject is bad usage" 2 "$HOCBA" sign --role GVBM --key "$P/gvbm.p12" "$R/a.xml"
ok_fails "--out with two records is bad usage" 2 "$HOCBA" sign --role GVCN --key "$P/gvcn.p12" --out "$R/x.xml" "$R/a.xml" "$R/b.xml"
ok_fails "--out with --in-place is bad usage" 2 "$HOCBA" sign --role GVCN --key "$P/gvcn.p12" --out "$R/x.xml" --in-place "$R/a.xml"
ok_fails "verify without a file is bad usage" 2 "$HOCBA" verify
check "nothing was written" "[ ! -e '$R/x.xml' ] && [ ! -e '$R/a.signed.xml' ]"

# ---- three roles on a generated record -------------------------------------
ok "NGUOI_XAC_MINH signs a.xml into a.signed.xml" "$HOCBA" sign --role NGUOI_XAC_MINH --key "$P/xacminh.p12" --pass-file "$PASS" "$R/a.xml"
check "the input is untouched" "cmp -s '$R/a.xml' '$R/a.orig'"
check "the signer is named" "grep -q 'Phạm Minh Đức' '$WORK/last.out'"
ok_fails "an existing output is not overwritten" 1 "$HOCBA" sign --role NGUOI_XAC_MINH --key "$P/xacminh.p12" --pass-file "$PASS" "$R/a.xml"
check "... and it says how to go on" "grep -q 'in-place' '$WORK/last.out'"
ok_fails "a .signed.xml needs --in-place or --out" 1 "$HOCBA" sign --role GVCN --key "$P/gvcn.p12" --pass-file "$PASS" "$R/a.signed.xml"
ok "GVCN adds a signature in place" "$HOCBA" sign --role GVCN --key "$P/gvcn.p12" --pass-file "$PASS" --in-place "$R/a.signed.xml"
ok "the two-signature record verifies" "$HOCBA" verify --trust "$P/root.pem" "$R/a.signed.xml"
check "two valid lines" "[ \$(count_valid) -eq 2 ]"
cp "$R/a.signed.xml" "$R/two.xml"
ok "CBQL (ECDSA) adds a third" "$HOCBA" sign --role CBQL --key "$P/ecdsa.p12" --pass-file "$PASS" --in-place "$R/a.signed.xml"
ok "all three verify with hocba" "$HOCBA" verify --trust "$P/root.pem" "$R/a.signed.xml"
check "three valid lines, one per role" "[ \$(count_valid) -eq 3 ] && grep -q ': NGUOI_XAC_MINH: ' '$WORK/last.out' && grep -q ': GVCN: Nguyễn Thị Hoa, ' '$WORK/last.out' && grep -q ': CBQL: Võ Thị Lan, ' '$WORK/last.out'"
ok "the signed record is valid against the XSD" xmllint --noout --schema "$SRC/schemas/hocba-1.xsd" "$R/a.signed.xml"
ok "xmlsec1 verifies signature 1 (NGUOI_XAC_MINH)" xmlsec_ok "$R/a.signed.xml" 1
ok "xmlsec1 verifies signature 2 (GVCN)" xmlsec_ok "$R/a.signed.xml" 2
ok "xmlsec1 verifies signature 3 (CBQL, ECDSA)" xmlsec_ok "$R/a.signed.xml" 3
two_ok() { xmlsec_ok "$R/two.xml" 1 && xmlsec_ok "$R/two.xml" 2; }
ok "xmlsec1 verifies both signatures of the two-role file" two_ok
check "the data block was not re-indented" "[ \$(sed -n '/<DU_LIEU_HOC_BA/,/<\/DU_LIEU_HOC_BA>/p' '$R/a.orig' | md5sum | cut -c1-32) = \$(sed -n '/<DU_LIEU_HOC_BA/,/<\/DU_LIEU_HOC_BA>/p' '$R/a.signed.xml' | md5sum | cut -c1-32) ]"

# ---- subject teacher, school certificate, legacy .p12 ------------------------
SUBJ=$(grep -o 'DIEM_TONG_KET Id="mon-[A-Z_0-9]*" ma="[A-Z_0-9]*"' "$R/b.xml" | head -n 1 | sed 's/.*ma="\(.*\)"/\1/')
ok "GVBM signs one subject" "$HOCBA" sign --role GVBM --subject "$SUBJ" --key "$P/gvbm.p12" --pass-file "$PASS" --out "$R/b2.xml" "$R/b.xml"
ok "KY_PHAT_HANH with the school's MST: certificate" "$HOCBA" sign --role KY_PHAT_HANH --key "$P/school.p12" --pass-file "$PASS" --in-place "$R/b2.xml"
ok "GVCN with an RC2/3DES-encrypted .p12" "$HOCBA" sign --role GVCN --key "$P/legacy.p12" --pass-file "$PASS" --in-place "$R/b2.xml"
ok "the three verify" "$HOCBA" verify --trust "$P/root.pem" "$R/b2.xml"
check "GVBM[$SUBJ] and KY_PHAT_HANH lines" "grep -q ': GVBM\[$SUBJ\]: Lê Văn Toàn, .*valid$' '$WORK/last.out' && grep -q ': KY_PHAT_HANH: TRƯỜNG THCS NGUYỄN DU, .*valid$' '$WORK/last.out'"
ok "xmlsec1 verifies the GVBM signature" xmlsec_ok "$R/b2.xml" 2
ok "xmlsec1 verifies the KY_PHAT_HANH signature" xmlsec_ok "$R/b2.xml" 3

# ---- one changed character ---------------------------------------------------
sed '0,/<HO_TEN>/s/<HO_TEN>\(.\)/<HO_TEN>X\1/' "$R/a.signed.xml" >"$R/t1.xml"
ok_fails "a changed name fails" 1 "$HOCBA" verify --trust "$P/root.pem" "$R/t1.xml"
check "... every #data signature says the data changed" "[ \$(grep -c 'INVALID: the data of #data was changed after signing' '$WORK/last.out') -eq 2 ]"
check "... and GVCN (#thongtinhocba, untouched) stays valid" "grep -q ': GVCN: .*hợp lệ/valid$' '$WORK/last.out'"
ok_fails "xmlsec1 agrees" 1 xmlsec_ok "$R/t1.xml" 1
sed '0,/<CA_NAM>/s/<CA_NAM>/<CA_NAM>x/' "$R/a.signed.xml" >"$R/t2.xml"
check "one score changed" "! cmp -s '$R/a.signed.xml' '$R/t2.xml'"
ok_fails "a changed score fails" 1 "$HOCBA" verify --trust "$P/root.pem" "$R/t2.xml"
check "... all three signatures fail" "[ \$(grep -c 'INVALID: the data of #' '$WORK/last.out') -eq 3 ]"
ok_fails "xmlsec1 agrees (GVCN)" 1 xmlsec_ok "$R/t2.xml" 2
sed '0,/<SigningTime>2/s/<SigningTime>2/<SigningTime>1/' "$R/a.signed.xml" >"$R/t3.xml"
ok_fails "a changed signing time fails" 1 "$HOCBA" verify --trust "$P/root.pem" "$R/t3.xml"
check "... on the properties reference" "grep -q 'INVALID: the data of #sig-nguoi-xac-minh-1-props was changed' '$WORK/last.out'"

# ---- wrapping: a duplicated Id ------------------------------------------------
sed 's|<PHAT_HANH_HOC_BA>|<PHAT_HANH_HOC_BA><CBQL><LY_LICH Id="data"/></CBQL>|' "$R/b2.xml" >"$R/w1.xml"
ok_fails "a duplicated Id fails" 1 "$HOCBA" verify --trust "$P/root.pem" "$R/w1.xml"
check "... naming the Id" "grep -q '\"data\"' '$WORK/last.out'"

# ---- trust -------------------------------------------------------------------
ok_fails "no trust store: untrusted" 1 "$HOCBA" verify "$R/a.signed.xml"
check "... says no CA was given, and that the data is intact" "[ \$(grep -c 'untrusted: no trusted CA given.*intact' '$WORK/last.out') -eq 3 ]"
ok_fails "the wrong root: untrusted" 1 "$HOCBA" verify --trust "$P/other-root.pem" "$R/a.signed.xml"
check "... names the root it chains to" "grep -q 'chain ends at \"hocba Test Root CA\", which is not a trusted CA' '$WORK/last.out'"
ok "HOCBA_TRUST names the trust store" env HOCBA_TRUST="$P/root.pem" "$HOCBA" verify "$R/a.signed.xml"
ok "--trust is repeatable" "$HOCBA" verify --trust "$P/other-root.pem" --trust "$P/root.pem" "$R/a.signed.xml"
ok_fails "a missing trust file is bad usage" 2 "$HOCBA" verify --trust "$P/nope.pem" "$R/a.signed.xml"
ok_fails "several files: one bad makes exit 1" 1 "$HOCBA" verify --trust "$P/root.pem" "$R/a.signed.xml" "$R/t1.xml"
check "... and the good one is still reported valid" "[ \$(grep -c '^$R/a.signed.xml: .*hợp lệ/valid$' '$WORK/last.out') -eq 3 ]"
ok_fails "an unsigned record fails" 1 "$HOCBA" verify --trust "$P/root.pem" "$R/b.xml"
check "... with 'no signature'" "grep -q 'no signature' '$WORK/last.out'"
echo "not xml" >"$R/junk.xml"
ok_fails "a file that is not XML fails" 1 "$HOCBA" verify --trust "$P/root.pem" "$R/junk.xml"

# ---- refusals at signing -----------------------------------------------------
ok_fails "an expired certificate is refused" 1 "$HOCBA" sign --role GVCN --key "$P/expired.p12" --pass-file "$PASS" --out "$R/x.xml" "$R/b.xml"
check "... saying expired, with the date" "grep -q 'certificate expired at .*valid until 2021-01-01' '$WORK/last.out'"
ok_fails "a not-yet-valid certificate is refused" 1 "$HOCBA" sign --role GVCN --key "$P/notyet.p12" --pass-file "$PASS" --out "$R/x.xml" "$R/b.xml"
check "... saying not yet valid" "grep -q 'not yet valid' '$WORK/last.out'"
ok_fails "KY_PHAT_HANH without MST: is refused" 1 "$HOCBA" sign --role KY_PHAT_HANH --key "$P/nomst.p12" --pass-file "$PASS" --out "$R/x.xml" "$R/b.xml"
check "... naming MST:" "grep -q 'MST:' '$WORK/last.out'"
ok_fails "an unknown subject is refused" 1 "$HOCBA" sign --role GVBM --subject LICH_SU_X --key "$P/gvbm.p12" --pass-file "$PASS" --out "$R/x.xml" "$R/b.xml"
echo "not-the-passphrase" >"$R/wrong.txt"
ok_fails "a wrong passphrase is refused" 1 "$HOCBA" sign --role GVCN --key "$P/gvcn.p12" --pass-file "$R/wrong.txt" --out "$R/x.xml" "$R/b.xml"
check "... saying so" "grep -q 'wrong passphrase' '$WORK/last.out'"
ok_fails "without a terminal or --pass-file, no passphrase" 1 setsid -w "$HOCBA" sign --role GVCN --key "$P/gvcn.p12" --out "$R/x.xml" "$R/b.xml"
check "... and it says to use --pass-file" "grep -q -- '--pass-file' '$WORK/last.out'"
check "no output after refusals" "[ ! -e '$R/x.xml' ]"

# ---- the passphrase prompt, through a pseudo-terminal --------------------------
# The passphrase is typed once the prompt is out (hocba turns echo off before
# it writes the prompt): typed sooner, the terminal would still echo it; a
# fixed pause is not enough on a busy machine under ASan.
prompt_sign() {
    local out=$WORK/prompt.out rc
    : >"$out"
    { for _ in $(seq 300); do grep -q 'Passphrase for' "$out" && break; sleep 0.1; done
      printf 'hocba-test-pass\n'; } |
        script -qec "'$HOCBA' sign --role GVCN --key '$P/gvcn.p12' --out '$R/p.xml' '$R/b.xml'" /dev/null >"$out"
    rc=$?
    cat "$out"
    return $rc
}
ok "the passphrase can be typed at the prompt" prompt_sign
check "... it was asked for" "grep -q 'Passphrase for' '$WORK/last.out'"
check "... and not echoed" "! grep -q 'hocba-test-pass' '$WORK/last.out'"
ok "... and the record verifies" "$HOCBA" verify --trust "$P/root.pem" "$R/p.xml"
