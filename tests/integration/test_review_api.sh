#!/bin/bash
# test_review_api.sh - the review server's boundaries, over HTTP (curl), as
# README.md ("The JSON API") states them: who may see and change what (a teacher only
# her classes' records and their page images, clerk and admin no record,
# principal no correction), CSRF (a POST without the token, or with a wrong
# one, is 403 and changes nothing), outdated saves (409, a Vietnamese
# message, the current rev, nothing changed), 401/404/413/415/422/429, the
# session cookie's flags, logout and a disabled account ending sessions,
# paths with ../ or %2e%2e and unknown names (404, never a file), a new
# password or fewer classes taking effect at once, accounts through the API,
# malformed requests (chunked bodies, deep JSON, long URLs, odd ids) that
# must neither crash nor change anything, the security headers, and that
# the database keeps neither the session token nor the password.
#
# Fixture: book-2-001 (TT22, one record) read with the plain build, one
# CA_NAM made wrong so that rule:ca-nam flags it (reviewfix.sh); the server
# is $HOCBA (the sanitizer build).  Cost: about 15 s, 18 s under ASan.
. "$SRC/tests/integration/lib.sh"
. "$SRC/tests/integration/reviewfix.sh"
W=$WORK/ws

bail() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$WORK/bail.out" | tail -n 30; exit 1; }
command -v node >/dev/null || bash "$SRC/tests/browser/setup.sh" --node-only >"$WORK/bail.out" 2>&1 || bail "node (JSON)"
rf_build "$W" "$SRC/samples/books/book-2-001" >"$WORK/bail.out" 2>&1 || bail "fixture: init, scan, process"
rf_pick "$W" >"$WORK/bail.out" 2>&1 || bail "fixture: the record's id, year and class from hocba queue --records --json"
OTHER=9B; [ "$REC_CLASS" = 9B ] && OTHER=6C
{
    rf_user "$W" nhaplieu teacher "Đỗ Nhập Liệu" "$REC_CLASS" &&
    rf_user "$W" gv teacher "Nguyễn Thị Lan" "$REC_CLASS" &&
    rf_user "$W" gvkhac teacher "Trần Văn Bình" "$OTHER" &&
    rf_user "$W" gvnam teacher "Lê Thu Hà" "$(rf_prev_year "$REC_YEAR")/$REC_CLASS" &&
    rf_user "$W" gvtam teacher "Phạm Minh Tâm" "$REC_CLASS" &&
    rf_user "$W" khoa teacher "Hoàng Văn Khoa" "$REC_CLASS" &&
    rf_user "$W" vanthu clerk "Vũ Thị Thư" &&
    rf_user "$W" quantri admin "Bùi Quản Trị" &&
    rf_user "$W" hieutruong principal "Huỳnh Xuân Hùng"
} >"$WORK/bail.out" 2>&1 || bail "fixture: accounts (hocba user add)"
rf_flag "$W" "$REC_ID" "$REC_VER" >"$WORK/bail.out" 2>&1 || bail "fixture: a CA_NAM flagged rule:ca-nam"
rf_serve "$W" >"$WORK/bail.out" 2>&1 || bail "hocba review listens on 127.0.0.1, port 0"
n=$((n + 1)); echo "ok $n - hocba review listens on 127.0.0.1, a free port: $URL"
echo "# record $REC_ID@$REC_VER, $REC_YEAR, class $REC_CLASS; $TGT = $TGT_BAD (read $TGT_OK)"

R="/api/records/$REC_ID/$REC_VER"
declare -A CSRF

# req JAR METHOD PATH [BODY [CSRF [CONTENT-TYPE]]]: one request (JAR "" =
# no cookies); CODE = the status, the body in $WORK/body, headers in $WORK/hdr.
req() {
    local jar=$1 m=$2 p=$3 body=${4-} csrf=${5-} ctype=${6-application/json}
    local a=(-s --path-as-is --max-time 60 -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' -X "$m")
    [ -n "$jar" ] && a+=(-b "$jar" -c "$jar")
    [ "$m" = POST ] && a+=(-H "Content-Type: $ctype" --data-binary "$body")
    [ -n "$csrf" ] && a+=(-H "X-CSRF-Token: $csrf")
    CODE=$(curl "${a[@]}" "${URL%/}$p")
}
jar() { echo "$WORK/jar-$1"; }
# is NAME WANT: passes when the last status matches WANT (an ERE: 400|422)
is() {
    n=$((n + 1))
    if [[ $CODE =~ ^($2)$ ]]; then echo "ok $n - $1"
    else echo "not ok $n - $1 (status $CODE, wanted $2)"; head -c 400 "$WORK/body" | sed 's/^/#   /'; echo; fi
}
body() { jget "$1" <"$WORK/body"; }
# login LOGIN [PASSWORD]: a fresh session in LOGIN's jar; CSRF[LOGIN] set.
login() {
    rm -f "$(jar "$1")"
    req "$(jar "$1")" POST /api/login "{\"login\":\"$1\",\"password\":\"${2-$(rf_password "$1")}\"}"
    [ "$CODE" = 200 ] && CSRF[$1]=$(body 'j.csrf')
}
# state: what must not change when a request is refused (the record's XML,
# its fields, its state and the audit trail), as one hash.
# (a query that fails gives a different answer each time, never a match)
state() {
    local out
    out=$(rf_sql "$W" "SELECT state, rev, xml FROM records WHERE id = '$REC_ID' AND version = $REC_VER;
                 SELECT path, value, review, reason FROM fields f JOIN records r ON r.rid = f.record
                  WHERE r.id = '$REC_ID' AND r.version = $REC_VER ORDER BY path;
                 SELECT count(*) FROM review_actions WHERE record = '$REC_ID'") && [ -n "$out" ] || out="failed $RANDOM$RANDOM"
    sha256sum <<<"$out"
}
fieldjs="j.fields.find(f => f.path === '$TGT')"
S0=$(state)

# ---- not logged in
req "" GET /api/me; is "GET /api/me without a session: 401" 401
check "... an error in Vietnamese, as JSON" 'body "j.error && /[À-ỹ]/.test(j.error)" >/dev/null'
req "" GET /api/queue; is "GET /api/queue without a session: 401" 401
req "" GET "$R"; is "GET a record without a session: 401" 401
req "" GET "$R/pages/1"; is "GET a page image without a session: 401" 401
req "" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"$TGT_OK\",\"rev\":1}"
is "POST a correction without a session: 401" 401
req "" GET / ; is "GET / (the UI) without a session: 200" 200
check "... as text/html" 'grep -qi "^content-type: text/html" "$WORK/hdr"'

# ---- a teacher of the record's class
login gv; is "teacher logs in: 200" 200
check "... the answer names her and her role, with a CSRF token" \
    '[ "$(body "j.user.login + \" \" + j.user.role")" = "gv teacher" ] && [[ ${CSRF[gv]} =~ ^[0-9a-f]{32,}$ ]]'
grep -i '^set-cookie: *hocba_session=' "$WORK/hdr" >"$WORK/setcookie"
check "the session cookie is hocba_session, HttpOnly, SameSite=Strict, Path=/" \
    'grep -qi "httponly" "$WORK/setcookie" && grep -qi "samesite=strict" "$WORK/setcookie" && grep -qi "path=/" "$WORK/setcookie"'
check "... for 12 hours (Max-Age=43200)" 'grep -qi "max-age=43200" "$WORK/setcookie"'
check "API answers: Cache-Control no-store, nosniff, no framing" \
    'grep -qi "^cache-control: *no-store" "$WORK/hdr" && grep -qi "^x-content-type-options: *nosniff" "$WORK/hdr" &&
     { grep -qi "^x-frame-options: *deny" "$WORK/hdr" || grep -qi "frame-ancestors .none." "$WORK/hdr"; }'
TOKEN=$(sed -n 's/^[Ss]et-[Cc]ookie: *hocba_session=\([^;[:space:]]*\).*/\1/p' "$WORK/hdr" | head -n 1)
req "$(jar gv)" GET /api/me; is "GET /api/me with the session: 200" 200
check "... the same user and CSRF token" '[ "$(body "j.user.login")" = gv ] && [ "$(body "j.csrf")" = "${CSRF[gv]}" ]'
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "hocba_session=00$TOKEN" "${URL}api/me")
is "a forged session cookie: 401" 401
req "$(jar gv)" GET /api/queue; is "teacher's queue: 200" 200
check "... lists the record of her class, with its class and open flag" \
    'body "j.records.some(r => r.id === \"$REC_ID\" && r.version == $REC_VER && r.class === \"$REC_CLASS\" && r.open >= 1)" >/dev/null'
req "$(jar gv)" GET "$R"; is "teacher opens the record: 200" 200
check "... the flagged CA_NAM is open, rule:ca-nam, with words, on a page, with a box" \
    'body "(f => f && f.value === \"$TGT_BAD\" && f.open === true && f.review === true &&
            f.reasons.includes(\"rule:ca-nam\") && f.reason_text.length > 0 && f.reason_text[0].length > 10 &&
            f.page >= 1 && Array.isArray(f.box) && f.box.length === 4)($fieldjs)" >/dev/null'
check "... can_edit, not can_approve while a flag is open" 'body "j.can_edit === true && j.can_approve === false" >/dev/null'
REV=$(body 'j.rev'); PAGE=$(body "($fieldjs).page")
check "... with a numeric rev" '[[ $REV =~ ^[0-9]+$ ]]'
req "$(jar gv)" GET "$R/pages/$PAGE"; is "teacher gets the field's page image: 200" 200
check "... a PNG" 'grep -qi "^content-type: image/png" "$WORK/hdr" && [ "$(head -c 8 "$WORK/body" | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a ]'
req "$(jar gv)" GET "$R/pages/99"; is "a page the book has not: 404" 404
for p in "$R/pages/0" "$R/pages/-1" "$R/pages/1e3" "$R/pages/99999999999999999999" "$R/pages/" \
         "/api/records/$REC_ID/0" "/api/records/$REC_ID/-1" "/api/records/$REC_ID/99999999999999999999" "/api/records/$REC_ID/abc" \
         "/api/records/%27%20OR%201=1--/1" "/api/records/$REC_ID%27--/1" "/api/records/$REC_ID/$REC_VER/"; do
    req "$(jar gv)" GET "$p"; is "GET $p: 400 or 404" '400|404'
done
req "$(jar gv)" GET /api/me; is "... and the server still answers" 200
req "$(jar gv)" GET "/api/records/khong-co/1"; is "a record that does not exist: 404" 404
req "$(jar gv)" GET "/api/records/$REC_ID/99"; is "a version that does not exist: 404" 404
req "$(jar gv)" GET /api/users; is "teacher lists accounts: 403" 403
req "$(jar gv)" GET /api/sign; is "teacher opens the signing page: 403" 403
req "$(jar gv)" GET / ; is "the UI page" 200
check "... with a Content-Security-Policy, nosniff and no framing" \
    'grep -qi "^content-security-policy: *default-src" "$WORK/hdr" && grep -qi "^x-content-type-options: *nosniff" "$WORK/hdr" &&
     { grep -qi "^x-frame-options: *deny" "$WORK/hdr" || grep -qi "frame-ancestors .none." "$WORK/hdr"; }'


# ---- others
login gvkhac; is "teacher of another class logs in" 200
req "$(jar gvkhac)" GET /api/queue; is "her queue: 200" 200
check "... does not list the record" 'body "!j.records.some(r => r.id === \"$REC_ID\")" >/dev/null'
req "$(jar gvkhac)" GET "/api/queue?year=$REC_YEAR&class=$REC_CLASS"; is "her queue filtered on the record's class: 200" 200
check "... still does not list it" 'body "!j.records.some(r => r.id === \"$REC_ID\") && !JSON.stringify(j.classes).includes(\"\\\"$REC_CLASS\\\"\")" >/dev/null'
req "$(jar gvkhac)" GET "$R"; is "teacher of another class opens the record: 403" 403
check "... an error in Vietnamese" 'body "j.error && /[À-ỹ]/.test(j.error)" >/dev/null'
req "$(jar gvkhac)" GET "$R/pages/$PAGE"; is "... its page image: 403" 403
check "... and no image bytes" '! grep -q PNG "$WORK/body"'
req "$(jar gvkhac)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"$TGT_OK\",\"rev\":$REV}" "${CSRF[gvkhac]}"
is "... corrects it, with her CSRF token: 403" 403
req "$(jar gvkhac)" POST "$R/approve" "{\"rev\":$REV}" "${CSRF[gvkhac]}"; is "... approves it: 403" 403
req "$(jar gvkhac)" POST "$R/return" "{\"rev\":$REV,\"reason\":\"Xem lại\"}" "${CSRF[gvkhac]}"; is "... sends it back: 403" 403
login gvnam; is "teacher of the same class in another year logs in" 200
req "$(jar gvnam)" GET "$R"; is "... opens the record: 403" 403
login vanthu; is "clerk logs in" 200
req "$(jar vanthu)" GET /api/queue; is "clerk sees the queue: 200" 200
req "$(jar vanthu)" GET "$R"; is "clerk opens a record: 403" 403
req "$(jar vanthu)" GET "$R/pages/$PAGE"; is "clerk gets a page image: 403" 403
req "$(jar vanthu)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"$TGT_OK\",\"rev\":$REV}" "${CSRF[vanthu]}"
is "clerk corrects a field: 403" 403
login quantri; is "admin logs in" 200
req "$(jar quantri)" GET "$R"; is "admin opens a record: 403" 403
req "$(jar quantri)" GET /api/users; is "admin lists accounts: 200" 200
check "... every account, with roles and classes" \
    'body "j.users.length >= 9 && j.users.some(u => u.login === \"gv\" && u.role === \"teacher\" && u.classes.includes(\"$REC_CLASS\") && u.disabled === false)" >/dev/null'
login hieutruong; is "principal logs in" 200
req "$(jar hieutruong)" GET /api/sign; is "principal opens the signing page: 200" 200
req "$(jar hieutruong)" GET "$R"; is "principal opens any record: 200" 200
req "$(jar hieutruong)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"$TGT_OK\",\"rev\":$REV}" "${CSRF[hieutruong]}"
is "principal corrects a field: 403" 403
check "none of the refused requests changed the record, its fields or the audit" '[ "$(state)" = "$S0" ]'

# ---- CSRF and malformed requests, as the teacher who may edit
good="{\"path\":\"$TGT\",\"value\":\"$TGT_OK\",\"rev\":$REV}"
req "$(jar gv)" POST "$R/field" "$good"; is "a correction without X-CSRF-Token: 403" 403
req "$(jar gv)" POST "$R/field" "$good" "$(printf '%064d' 0)"; is "... with a wrong token: 403" 403
req "$(jar gv)" POST "$R/field" "$good" "${CSRF[gvkhac]}"; is "... with another session's token: 403" 403
req "$(jar gv)" POST "$R/approve" "{\"rev\":$REV}"; is "an approval without X-CSRF-Token: 403" 403
req "$(jar gv)" POST /api/logout "{}"; is "a logout without X-CSRF-Token: 403" 403
req "$(jar gv)" POST "$R/field" "$good" "${CSRF[gv]}" "text/plain"; is "Content-Type text/plain: 415" 415
req "$(jar gv)" POST "$R/field" "path=$TGT&value=$TGT_OK&rev=$REV" "${CSRF[gv]}" "application/x-www-form-urlencoded"
is "Content-Type application/x-www-form-urlencoded: 415" 415
head -c 70000 /dev/zero | tr '\0' 7 >"$WORK/big"
printf '{"path":"%s","value":"%s","rev":%s}' "$TGT" "$(cat "$WORK/big")" "$REV" >"$WORK/big.json"
req "$(jar gv)" POST "$R/field" "@$WORK/big.json" "${CSRF[gv]}"; is "a body of 70 kB: 413" 413
req "$(jar gv)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":" "${CSRF[gv]}"; is "a body that is not JSON: 400" 400
req "$(jar gv)" POST "$R/field" "{\"value\":\"$TGT_OK\",\"rev\":$REV}" "${CSRF[gv]}"; is "a body without path: 400" 400
req "$(jar gv)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":7,\"rev\":$REV}" "${CSRF[gv]}"; is "a value that is not a string: 400" 400
long=$(head -c 1001 /dev/zero | tr '\0' 8)
req "$(jar gv)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"$long\",\"rev\":$REV}" "${CSRF[gv]}"; is "a value of 1001 bytes: 422" 422
req "$(jar gv)" POST "$R/field" "{\"path\":\"LY_LICH/KHONG_CO\",\"value\":\"x\",\"rev\":$REV}" "${CSRF[gv]}"
is "a field the form has not: 404" 404
req "$(jar gv)" POST "$R/field" "$good" "${CSRF[gv]}" "application/jsonx"; is "Content-Type application/jsonx: 415" 415
req "$(jar gv)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"$TGT_OK\",\"rev\":\"$REV\"}" "${CSRF[gv]}"; is "a rev that is a string: 400" 400
req "$(jar gv)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"6\\u0000.2\",\"rev\":$REV}" "${CSRF[gv]}"; is "a value with a NUL (\\u0000): 400 or 422" '400|422'
# a body sent in chunks has no Content-Length to refuse it by
CODE=$(curl -s --max-time 60 -o "$WORK/body" -w '%{http_code}' -b "$(jar gv)" -H "Content-Type: application/json" \
    -H "X-CSRF-Token: ${CSRF[gv]}" -H "Transfer-Encoding: chunked" --data-binary "@$WORK/big.json" "${URL}${R#/}/field")
is "a body of 70 kB sent chunked (no Content-Length): 413" 413
head -c 60000 /dev/zero | tr '\0' '[' >"$WORK/deep.json"
req "$(jar gv)" POST "$R/field" "@$WORK/deep.json" "${CSRF[gv]}"; is "60000 nested arrays: 400" 400
req "$(jar gv)" GET /api/me; is "... and the server still answers" 200
# (the cookie as a header: curl leaves a jar's cookies out of a request this big)
GVTOKEN=$(sed -n 's/.*[[:space:]]hocba_session[[:space:]]\([^[:space:]]*\)$/\1/p' "$(jar gv)")
for len in 20000 100000; do
    CODE=$(curl -s --max-time 30 -o "$WORK/body" -w '%{http_code}' -H "Cookie: hocba_session=$GVTOKEN" \
        "${URL}$(head -c $len /dev/zero | tr '\0' a)")
    is "a URL of $len bytes: 404 or 414" '404|414|431'
done
req "$(jar gv)" GET "/index.html%00.png"; is "a NUL in the path: 400 or 404" '400|404'
for m in PUT DELETE PATCH; do
    CODE=$(curl -s --max-time 60 -o "$WORK/body" -w '%{http_code}' -X $m -b "$(jar gv)" -H "Content-Type: application/json" \
        -H "X-CSRF-Token: ${CSRF[gv]}" --data-binary "$good" "${URL}${R#/}/field")
    is "$m on a record's field: refused (404 or 405)" '404|405'
done
req "" POST /api/login "{\"login\":\"gv\",\"password\":\"$(rf_password gv)\"}" "" "text/plain"
is "a login posted as text/plain (a cross-site form): 415" 415
check "... and no cookie set" '! grep -qi "^set-cookie: *hocba_session=[^;]" "$WORK/hdr"'
req "$(jar gv)" POST "$R/approve" "{\"rev\":$REV}" "${CSRF[gv]}"; is "approval while a flag is open: 422" 422
check "... naming the open field" 'body "j.open.includes(\"$TGT\") && /[À-ỹ]/.test(j.error)" >/dev/null'
check "none of them changed anything" '[ "$(state)" = "$S0" ]'

# ---- a correction, then a save from the outdated copy
req "$(jar gv)" POST "$R/field" "$good" "${CSRF[gv]}"; is "teacher corrects the flagged score: 200" 200
REV2=$(body 'j.rev')
check "... the answer is the record: value stored, flag cleared, rev moved on, in_review" \
    'body "(f => f.value === \"$TGT_OK\" && f.open === false && f.checked === true && !f.reasons.includes(\"rule:ca-nam\"))($fieldjs) &&
           j.rev > $REV && j.state === \"in_review\" && j.can_approve === true" >/dev/null'
check "... its audit names her, the field, old and new value" \
    'body "j.audit.some(a => a.who === \"gv\" && a.action === \"correct\" && a.path === \"$TGT\" && a.old === \"$TGT_BAD\" && a.new === \"$TGT_OK\")" >/dev/null'
S1=$(state)
req "$(jar gv)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"9.9\",\"rev\":$REV}" "${CSRF[gv]}"
is "a save from the outdated copy (old rev): 409" 409
check "... a Vietnamese message and the current rev" 'body "/[À-ỹ]/.test(j.error) && j.rev == $REV2" >/dev/null'
req "$(jar gv)" POST "$R/approve" "{\"rev\":$REV}" "${CSRF[gv]}"; is "an approval from the outdated copy: 409" 409
check "... and nothing changed" '[ "$(state)" = "$S1" ] && [ "$(rf_field "$W" "$REC_ID" "$REC_VER" "$TGT" value)" = "$TGT_OK" ]'
req "$(jar gv)" POST "$R/approve" "{\"rev\":$REV2}" "${CSRF[gv]}"; is "approval with the current rev: 200" 200
REV3=$(body 'j.rev')
check "... approved" 'body "j.state === \"approved\"" >/dev/null && [ "$(rf_sql "$W" "SELECT state FROM records WHERE id = '\''$REC_ID'\'' AND version = $REC_VER")" = approved ]'
req "$(jar gv)" POST "$R/return" "{\"rev\":$REV3,\"reason\":\"\"}" "${CSRF[gv]}"; is "sending back without a reason: 400 or 422" '400|422'
req "$(jar hieutruong)" POST "$R/return" "{\"rev\":$REV3,\"reason\":\"Điểm Toán HK II chưa đúng, xem lại trang 2\"}" "${CSRF[hieutruong]}" \
    "application/json; charset=utf-8"
is "principal sends the record back (Content-Type application/json; charset=utf-8): 200" 200
check "... in_review, with the reason" 'body "j.state === \"in_review\" && j.returned === \"Điểm Toán HK II chưa đúng, xem lại trang 2\"" >/dev/null'

# ---- paths: 404 and never a file
leak() { grep -qaE 'root:x:0:|SQLite format 3|\[core\]|school_|#include|BUILD|IHDR' "$WORK/body"; }
for p in "/../../../../etc/passwd" "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/%2E%2E/%2E%2E/%2E%2E/etc/passwd" \
         "/..%2f..%2f..%2f..%2fetc%2fpasswd" "/%2e%2e%2f%2e%2e%2fhocba.db" "/./../hocba.db" "//etc/passwd" \
         "/index.html/../../config" "/static/../../hocba.db" "/api/../../hocba.db" \
         "/api/records/../../../../etc/passwd" "/api/records/%2e%2e/%2e%2e/hocba.db" \
         "$R/pages/..%2f..%2f..%2f..%2fhocba.db" "$R/pages/%2e%2e/%2e%2e/%2e%2e/hocba.db" \
         "/hocba.db" "/config" "/Makefile" "/.git/config" "/server.c" "/nosuch.js" "/index.html.bak" \
         "/api/nosuch"; do
    req "$(jar hieutruong)" GET "$p"
    n=$((n + 1))
    if [ "$CODE" = 404 ] && ! leak; then echo "ok $n - GET $p: 404, no file"
    else echo "not ok $n - GET $p: status $CODE, wanted 404 and no file"; head -c 200 "$WORK/body" | sed 's/^/#   /'; echo; fi
done

# ---- the session ends: logout, a disabled account
PHT=$(sed -n 's/.*[[:space:]]hocba_session[[:space:]]\([^[:space:]]*\)$/\1/p' "$(jar hieutruong)")
req "$(jar hieutruong)" POST /api/logout "{}" "${CSRF[hieutruong]}"; is "logout: 200" 200
req "$(jar hieutruong)" GET /api/me; is "after logout, GET /api/me: 401" 401
CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "hocba_session=$PHT" "${URL}api/me")
check "... and the old cookie, sent again, opens nothing: 401" '[ -n "$PHT" ] && [ "$CODE" = 401 ]'
login gvtam; is "another teacher logs in" 200
req "$(jar gvtam)" GET "$R"; is "... and opens the record" 200
ok "hocba user disable gvtam (while the server runs)" "$HOCBA" user disable -w "$W" gvtam
req "$(jar gvtam)" GET /api/me; is "the disabled account's session: GET /api/me 401" 401
req "$(jar gvtam)" GET "$R"; is "... GET the record 401" 401
req "$(jar gvtam)" POST "$R/field" "{\"path\":\"$TGT\",\"value\":\"1.0\",\"rev\":$REV3}" "${CSRF[gvtam]}"; is "... POST a correction 401" 401
login gvtam; is "the disabled account cannot log in again" '401|403'
ok "hocba user enable gvtam" "$HOCBA" user enable -w "$W" gvtam
login gvtam; is "... and after enabling, she can" 200

printf 'Mật-khẩu-đổi-2025' >"$WORK/pw-gvtam-new"
req "$(jar gvtam)" GET /api/me; is "her session works" 200
ok "hocba user passwd gvtam (while the server runs)" "$HOCBA" user passwd -w "$W" gvtam --pass-file "$WORK/pw-gvtam-new"
req "$(jar gvtam)" GET /api/me; is "a new password ends her session: 401" 401
login gvtam; is "... the old password no longer logs in" 401
login gvtam "Mật-khẩu-đổi-2025"; is "... the new one does" 200
req "$(jar gvtam)" GET "$R"; is "... and she opens the record" 200
ok "hocba user classes gvtam $OTHER (while the server runs)" "$HOCBA" user classes -w "$W" gvtam "$OTHER"
req "$(jar gvtam)" GET "$R"; is "without the class, the same session gets 403" 403
req "$(jar gvtam)" GET /api/queue
check "... and her queue no longer lists the record" '[ "$CODE" = 200 ] && body "!j.records.some(r => r.id === \"$REC_ID\")" >/dev/null'

# ---- accounts through the API (admin)
req "$(jar quantri)" POST /api/users "{\"login\":\"gvmoi\",\"full_name\":\"Lý Thị Mới\",\"role\":\"teacher\",\"password\":\"Mật-khẩu-mới-1\",\"classes\":[\"$REC_CLASS\"]}"
is "admin adds an account without X-CSRF-Token: 403" 403
check "... and no account is made" '! "$HOCBA" user list -w "$W" | grep -q "^gvmoi "'
req "$(jar gv)" POST /api/users "{\"login\":\"gvmoi\",\"full_name\":\"Lý Thị Mới\",\"role\":\"admin\",\"password\":\"Mật-khẩu-mới-1\",\"classes\":[]}" "${CSRF[gv]}"
is "a teacher adds an account: 403" 403
req "$(jar quantri)" POST /api/users "{\"login\":\"gvmoi\",\"full_name\":\"Lý Thị Mới\",\"role\":\"teacher\",\"password\":\"Mật-khẩu-mới-1\",\"classes\":[\"$REC_CLASS\"]}" "${CSRF[quantri]}"
is "admin adds an account: 200" 200
check "... the answer is the account, without its password" 'body "j.login === \"gvmoi\" && j.role === \"teacher\" && j.disabled === false" >/dev/null && ! grep -q "scrypt\|Mật-khẩu" "$WORK/body"'
req "$(jar quantri)" POST /api/users "{\"login\":\"gvmoi\",\"full_name\":\"X\",\"role\":\"teacher\",\"password\":\"Mật-khẩu-mới-1\",\"classes\":[]}" "${CSRF[quantri]}"
is "... the same login again: 409" 409
login gvmoi "Mật-khẩu-mới-1"; is "the new account logs in" 200
req "$(jar gvmoi)" GET "$R"; is "... and opens her class's record" 200
req "$(jar quantri)" POST /api/users/gvmoi "{\"disabled\":true}" "${CSRF[quantri]}"; is "admin disables it: 200" 200
req "$(jar gvmoi)" GET "$R"; is "... its session ends: 401" 401
req "$(jar quantri)" POST /api/users/khongco "{\"disabled\":true}" "${CSRF[quantri]}"; is "disabling an account that does not exist: 404" 404

# ---- failed logins
for i in 1 2 3 4 5; do
    login khoa "sai-mat-khau-$i"; is "wrong password $i: 401" 401
done
login khoa "sai-mat-khau-6"; is "the 6th wrong password: 429" 429
check "... said in Vietnamese" 'body "/[À-ỹ]/.test(j.error)" >/dev/null'
login khoa; is "... and then even the right password: 429" 429
login gv; is "another account still logs in from the same address" 200
# 20 failures from one address: every account is closed to it
first=0
for i in $(seq 1 25); do
    login "khong-co-$i" "sai-mat-khau"
    [ "$CODE" = 429 ] && { first=$i; break; }
    [ "$CODE" = 401 ] || break
done
check "wrong logins of unknown accounts from one address: 429 by the 20th failure (here: attempt $first)" '[ $first -ge 1 ] && [ $first -le 21 ]'
login gv; is "... and then every account from that address: 429" 429

# ---- what the database keeps
rf_sql "$W" .dump >"$WORK/dump.sql"
check "the database holds no session token, only its hash" '[ ${#TOKEN} -ge 32 ] && ! grep -qF "$TOKEN" "$WORK/dump.sql"'
check "... no password, scrypt hashes" '! grep -qF "$(rf_password gv)" "$WORK/dump.sql" && grep -q "scrypt\\$" "$WORK/dump.sql"'

rf_server_checks
