#!/bin/bash
# tests/fuzz/seeds.sh BUILD OUT - seed corpora for the fuzz targets, made
# from samples/ (OUT/<target>/): small images of a sample book's first page
# in every accepted form, the sample records, a roster naming the sample
# students, a workspace config, request lines and API bodies.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$1
OUT=$2
mkdir -p "$OUT"/{load,record_xml,roster,config,http,json}
pkgs="lept cairo"
"${CC:-cc}" -std=c11 -D_GNU_SOURCE $(pkg-config --cflags $pkgs) -o "$OUT/mkseeds" \
    "$SRC/tests/fuzz/mkseeds.c" $(pkg-config --libs $pkgs)
"$OUT/mkseeds" "$SRC/samples/books/book-6-001.tiff" "$OUT/load"
cp "$SRC"/samples/books/*.xml "$OUT/record_xml/"
# a draft with annotations, as `hocba extract` writes them
"$BUILD/gen" --out "$OUT/gen" --seed 7 --truth-only --quiet --family TT27 >/dev/null
cp "$OUT"/gen/*.xml "$OUT/record_xml/" 2>/dev/null || true
printf '\xEF\xBB\xBFSTT;Mã học sinh;Mã định danh;Họ và tên;Ngày sinh;Giới tính;Lớp\r\n1;HS0001;37306001234;Nguyễn Thị Minh Anh;12/03/2006;Nữ;12A\r\n2;HS0002;037206000002;Trần Văn Bình;05-09-2010;Nam;8B\r\n' >"$OUT/roster/semicolon.csv"
printf 'ma hoc sinh,ho ten,ngay sinh,gioi tinh,lop\n"HS1","Nguyễn Thị Minh Anh",2006-03-12,Nữ,"12A"\n"HS2","Lê ""Văn"" An",1.2.2007,Nam,12B\n' >"$OUT/roster/comma.csv"
printf '# hocba workspace\nschool_code = 27001234\nschool_name = Trường THCS Nguyễn Du\ncommune     = Phường Đông Thành\nprovince    = Ninh Bình\nsign_roles  = NGUOI_XAC_MINH CBQL\nschool_cert =\n' >"$OUT/config/config"
printf '\xEF\xBB\xBFsign_roles = GVCN CBQL KY_PHAT_HANH\r\nschool_cert = pkcs11:token=X\r\n' >"$OUT/config/bom"
i=0
for u in / /static/app.js /api/login /api/me /api/queue /api/records/0a1b-2c/1 \
         /api/records/0a1b-2c/3/pages/2 /api/records/ab/1/field /api/records/ab/1/approve \
         /api/records/ab/1/return /api/sign /api/users /api/users/co.lan; do
    i=$((i + 1))
    printf '%s\0application/json; charset=utf-8\0%064d\0127.0.0.1:8080\0%d\0clean/book-1/p1.png' "$u" 0 "$i" \
        >"$OUT/http/u$i"
done
printf '/api/x\0text/plain\0\0[::1]:0\00\0../etc' >"$OUT/http/bad"
echo '{"login":"co.lan","password":"mật khẩu"}' >"$OUT/json/login"
echo '{"path":"THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM","value":"7.6","note":"Giấy ghi như vậy","rev":3}' >"$OUT/json/field"
echo '{"rev":4,"reason":"Sai điểm Toán"}' >"$OUT/json/return"
echo '{"login":"a","full_name":"Cô Lan","role":"teacher","password":"x","classes":["8A","2023-2024/9B"]}' >"$OUT/json/user"
echo '{"disabled":true,"classes":[]}' >"$OUT/json/userset"
echo '{"role":"CBQL","key":"/k.p12","pin":"1234"}' >"$OUT/json/sign"
rm -rf "$OUT/gen" "$OUT/mkseeds"
