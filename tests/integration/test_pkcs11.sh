# test_pkcs11.sh - signing with keys on a PKCS#11 token, SoftHSM2 standing
# in for the USB tokens Vietnamese official-duty certificates live on.
# The token is made in $WORK (SOFTHSM2_CONF), keys imported with
# softhsm2-util, certificates with pkcs11-tool (opensc); hocba reaches it
# through libp11.  Cost: about 1 s for the PKI, 2 s for the token and runs.
. "$SRC/tests/integration/lib.sh"
unset HOCBA_TRUST HOCBA_PKCS11_MODULE
MOD=/usr/lib/softhsm/libsofthsm2.so
P="$WORK/pki"
T="$WORK/token"
R="$WORK/rec"
mkdir -p "$T/tokens" "$R"
sh "$SRC/tests/pki.sh" "$P" >/dev/null 2>&1
check "test PKI made" "[ -f '$P/cbql.key' ] && [ -f '$P/ecdsa.key' ]"
check "SoftHSM2 module installed" "[ -f '$MOD' ]"
check "softhsm2-util and pkcs11-tool installed" "command -v softhsm2-util >/dev/null && command -v pkcs11-tool >/dev/null"

export SOFTHSM2_CONF="$T/softhsm2.conf"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$T" >"$SOFTHSM2_CONF"
echo 1234 >"$T/pin.txt"
echo 9999 >"$T/wrong-pin.txt"
make_token() {
    softhsm2-util --init-token --free --label "hocba-test" --pin 1234 --so-pin 5678 &&
    # RSA key of the principal (id 01) and ECDSA key of a teacher (id 02),
    # each with its certificate under the same id, plus the intermediate CA
    # (as real tokens often carry it) so the chain comes from the token
    openssl pkcs8 -topk8 -nocrypt -in "$P/cbql.key" -out "$T/cbql.p8" &&
    openssl pkcs8 -topk8 -nocrypt -in "$P/ecdsa.key" -out "$T/ecdsa.p8" &&
    softhsm2-util --import "$T/cbql.p8" --token hocba-test --label cbql --id 01 --pin 1234 &&
    softhsm2-util --import "$T/ecdsa.p8" --token hocba-test --label lan --id 02 --pin 1234 &&
    for c in cbql:01 ecdsa:02 inter:10; do
        openssl x509 -in "$P/${c%%:*}.pem" -outform DER -out "$T/${c%%:*}.der" &&
        pkcs11-tool --module "$MOD" --token-label hocba-test --login --pin 1234 \
            --write-object "$T/${c%%:*}.der" --type cert --id "${c##*:}" --label "${c%%:*}" || return 1
    done
}
ok "a SoftHSM2 token with two keys" make_token
rm -f "$T"/*.p8
cp "$SRC/tests/data/sign/record.xml" "$R/r.xml"

URI="pkcs11:token=hocba-test;object=cbql?module-path=$MOD"
ok "CBQL signs with the token's RSA key" "$HOCBA" sign --role CBQL --key "$URI" --pass-file "$T/pin.txt" --out "$R/s.xml" "$R/r.xml"
check "the signer comes from the token's certificate" "grep -q 'by Trần Văn Bình' '$WORK/last.out'"
ok "GVCN signs with the ECDSA key, chosen by id, module from the environment" \
    env HOCBA_PKCS11_MODULE="$MOD" "$HOCBA" sign --role GVCN --key "pkcs11:token=hocba-test;id=%02" --pass-file "$T/pin.txt" --in-place "$R/s.xml"
ok "both verify with hocba" "$HOCBA" verify --trust "$P/root.pem" "$R/s.xml"
check "two valid lines" "[ \$(grep -c 'hợp lệ/valid$' '$WORK/last.out') -eq 2 ]"
xmlsec_ok() {
    xmlsec1 --verify --trusted-pem "$P/root.pem" --enabled-reference-uris same-doc \
        --id-attr:Id DU_LIEU_HOC_BA --id-attr:Id THONG_TIN_HOC_BA --id-attr:Id SignatureProperties \
        --node-xpath "(//*[local-name()='Signature'])[$1]" "$R/s.xml"
}
ok "xmlsec1 verifies the GVCN (ECDSA, token) signature" xmlsec_ok 1
ok "xmlsec1 verifies the CBQL (RSA, token) signature" xmlsec_ok 2
check "the chain in X509Data came from the token (leaf + intermediate, twice)" \
    "[ \$(grep -o '<ds:X509Certificate>' '$R/s.xml' | wc -l) -eq 4 ]"
ok "the token reached through p11-kit's proxy (no module named)" \
    "$HOCBA" sign --role NGUOI_XAC_MINH --key "pkcs11:token=hocba-test;object=cbql" --pass-file "$T/pin.txt" --in-place "$R/s.xml"
ok "three signatures verify" "$HOCBA" verify --trust "$P/root.pem" "$R/s.xml"

# ---- refusals --------------------------------------------------------------------
ok_fails "a wrong PIN is refused" 1 "$HOCBA" sign --role CBQL --key "$URI" --pass-file "$T/wrong-pin.txt" --out "$R/x.xml" "$R/r.xml"
check "... saying so" "grep -q \"token 'hocba-test': wrong PIN\" '$WORK/last.out'"
ok_fails "a missing token" 1 "$HOCBA" sign --role CBQL --key "pkcs11:token=nope?module-path=$MOD" --pass-file "$T/pin.txt" --out "$R/x.xml" "$R/r.xml"
check "... is named as missing" "grep -q 'no such token' '$WORK/last.out'"
ok_fails "a missing key" 1 "$HOCBA" sign --role CBQL --key "pkcs11:token=hocba-test;object=nope?module-path=$MOD" --pass-file "$T/pin.txt" --out "$R/x.xml" "$R/r.xml"
check "... is named as missing" "grep -q 'no such private key' '$WORK/last.out'"
ok_fails "two keys match: ambiguous" 1 "$HOCBA" sign --role CBQL --key "pkcs11:token=hocba-test?module-path=$MOD" --pass-file "$T/pin.txt" --out "$R/x.xml" "$R/r.xml"
check "... asks for object= or id=" "grep -q 'object= or id=' '$WORK/last.out'"
ok_fails "a PIN in the URI is refused" 1 "$HOCBA" sign --role CBQL --key "pkcs11:token=hocba-test;object=cbql?pin-value=1234&module-path=$MOD" --out "$R/x.xml" "$R/r.xml"
check "... before touching the token" "grep -q 'PIN in the URI' '$WORK/last.out'"
ok_fails "no PIN without a terminal" 1 setsid -w "$HOCBA" sign --role CBQL --key "$URI" --out "$R/x.xml" "$R/r.xml"
check "nothing written by the refusals" "[ ! -e '$R/x.xml' ]"
