#!/bin/bash
# tests/pki.sh DIR - a throwaway test PKI for the signing tests, made with
# the openssl command line at test time (no private key is ever committed).
#
# Vietnamese practice, which the subjects imitate: a personal certificate
# from a licensed CA (VNPT-CA, Viettel-CA, the Government Cipher Committee
# for officials) names the holder in CN and an identity number in
# UID=CCCD:<12 digits> (citizen id card); an organisation's certificate puts
# the tax code in UID=MST:<10 digits> (mã số thuế).  hocba requires MST: in
# the subject of the school certificate that signs KY_PHAT_HANH.
#
# Writes into DIR (created if missing):
#   root.pem            test root CA ("trust this" in the tests)
#   inter.pem           intermediate CA, issued by root
#   other-root.pem      an unrelated root (the "wrong trust" case)
#   chain.pem           inter + root
#   <who>.p12           key + leaf + inter + root, passphrase in pass.txt
#   <who>.pem           the leaf certificate alone
#   <who>.key           its private key (PEM, unencrypted; for tokens)
#   pass.txt            the passphrase of every .p12 (one line)
#   legacy.p12          the teacher's key in an RC2-40/3DES PKCS#12
#                       (what older Windows tools export)
# <who> is one of:
#   gvcn      homeroom teacher (RSA 2048)
#   cbql      the principal (RSA 2048)
#   school    the school's organisational certificate, UID=MST:0101234567
#             (RSA 2048)
#   ecdsa     a teacher's ECDSA P-256 certificate
#   gvbm      subject teacher (P-256)
#   xacminh   the clerk who verified the digitization (P-256)
#   nomst     an organisation certificate without MST: (refused for
#             KY_PHAT_HANH; P-256)
#   expired   valid 2020-01-01 .. 2021-01-01 (P-256)
#   notyet    valid 2040-01-01 .. 2045-01-01 (P-256)
#   stranger  a teacher whose certificate comes from other-root (P-256)
# Every leaf is valid from 2020-01-01 to 2040-01-01 unless said otherwise,
# so tests may sign at fixed dates in between.
# Cost: 5 RSA-2048 keys (root, intermediate, gvcn, cbql, school; RSA is
# what most Vietnamese certificates are) and 8 P-256 keys: about 1 s.
set -eu
DIR=${1:?usage: tests/pki.sh DIR}
mkdir -p "$DIR"
cd "$DIR"
PASS=hocba-test-pass
echo "$PASS" >pass.txt
umask 077
export CA_NAME=none # ca.cnf reads it; each `openssl ca` call sets its own

rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# `openssl ca` is the only OpenSSL 3.0 command that takes explicit start and
# end dates, which the expired and not-yet-valid cases need.
cat >ca.cnf <<'EOF'
[ ca ]
default_ca = ca_any
[ ca_any ]
dir = .
database = $dir/index-$ENV::CA_NAME.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial-$ENV::CA_NAME
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
userId = optional
[ req ]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
[ dn ]
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_inter ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
mkdir -p newcerts

# issue CA_NAME CA_CERT CA_KEY CSR OUT EXT START END
issue() {
    local name=$1 cacert=$2 cakey=$3 csr=$4 out=$5 ext=$6 start=$7 end=$8
    [ -f "index-$name.txt" ] || : >"index-$name.txt"
    [ -f "serial-$name" ] || openssl rand -hex 8 >"serial-$name"
    CA_NAME=$name openssl ca -batch -notext -config ca.cnf -cert "$cacert" -keyfile "$cakey" \
        -in "$csr" -out "$out" -extensions "$ext" -startdate "$start" -enddate "$end" \
        -utf8 >/dev/null 2>&1
}

# root SUBJECT NAME KEYTYPE: a self-signed root valid 2019..2049 (explicit
# dates, so that signatures dated in the past chain up at their signing time)
root() {
    "$3" "$2.key"
    openssl req -new -key "$2.key" -subj "$1" -utf8 -config ca.cnf -out "$2.csr"
    CA_NAME=$2 openssl ca -batch -selfsign -notext -config ca.cnf -keyfile "$2.key" \
        -in "$2.csr" -out "$2.pem" -extensions v3_ca -startdate 20190101000000Z \
        -enddate 20490101000000Z -utf8 >/dev/null 2>&1
}

# leaf WHO KEYTYPE SUBJECT [START END [CA]]
leaf() {
    local who=$1 type=$2 subj=$3 start=${4:-20200101000000Z} end=${5:-20400101000000Z}
    local ca=${6:-inter}
    "$type" "$who.key"
    openssl req -new -key "$who.key" -subj "$subj" -utf8 -config ca.cnf -out "$who.csr"
    issue "$ca" "$ca.pem" "$ca.key" "$who.csr" "$who.pem" v3_leaf "$start" "$end"
    local chain=chain.pem
    [ "$ca" = inter ] || chain=other-root.pem
    openssl pkcs12 -export -inkey "$who.key" -in "$who.pem" -certfile "$chain" \
        -name "$who" -passout "pass:$PASS" -out "$who.p12"
}

for n in root other-root; do : >"index-$n.txt"; openssl rand -hex 8 >"serial-$n"; done
root "/C=VN/O=hocba test/CN=hocba Test Root CA" root rsa
root "/C=VN/O=Somewhere Else/CN=Unrelated Root CA" other-root ec

rsa inter.key
openssl req -new -key inter.key -subj "/C=VN/O=hocba test/CN=hocba Test Intermediate CA" \
    -utf8 -config ca.cnf -out inter.csr
issue root root.pem root.key inter.csr inter.pem v3_inter 20190601000000Z 20480101000000Z
cat inter.pem root.pem >chain.pem

leaf gvcn rsa "/C=VN/ST=Hà Nội/O=Trường THCS Nguyễn Du/CN=Nguyễn Thị Hoa/UID=CCCD:001185012345"
leaf gvbm ec "/C=VN/ST=Hà Nội/O=Trường THCS Nguyễn Du/CN=Lê Văn Toàn/UID=CCCD:001085054321"
leaf xacminh ec "/C=VN/ST=Hà Nội/O=Trường THCS Nguyễn Du/CN=Phạm Minh Đức/UID=CCCD:001090011111"
leaf cbql rsa "/C=VN/ST=Hà Nội/O=Trường THCS Nguyễn Du/CN=Trần Văn Bình/UID=CCCD:001075022222"
leaf school rsa "/C=VN/ST=Hà Nội/L=Quận Ba Đình/CN=TRƯỜNG THCS NGUYỄN DU/UID=MST:0101234567"
leaf nomst ec "/C=VN/ST=Hà Nội/CN=TRƯỜNG THCS NGUYỄN DU"
leaf ecdsa ec "/C=VN/ST=Hà Nội/O=Trường THCS Nguyễn Du/CN=Võ Thị Lan/UID=CCCD:001188033333"
leaf expired ec "/C=VN/ST=Hà Nội/CN=Đỗ Văn Cũ/UID=CCCD:001070044444" 20200101000000Z 20210101000000Z
leaf notyet ec "/C=VN/ST=Hà Nội/CN=Hồ Văn Sớm/UID=CCCD:001095055555" 20400101000000Z 20450101000000Z
leaf stranger ec "/C=VN/CN=Người Lạ/UID=CCCD:001099066666" 20200101000000Z 20400101000000Z other-root

# The same teacher key in the old encryption (RC2-40 for the certificates,
# 3DES for the key): OpenSSL 3 reads it only with the legacy provider.
openssl pkcs12 -export -legacy -inkey gvcn.key -in gvcn.pem -certfile chain.pem \
    -name gvcn -passout "pass:$PASS" -out legacy.p12

rm -rf ./*.csr index-* serial-* newcerts ca.cnf
chmod 644 ./*.pem ./*.p12 pass.txt
