#!/bin/bash
# test_review_concurrent.sh - 20 reviewers at once on one workspace lose no
# write.  Twenty teacher accounts log in at the same moment and each
# corrects 4 fields of its own (80 corrections spread over two records, so
# that every save races the others on the same record and is often refused
# as outdated: 409, reload, retry), while two `hocba review set` processes
# correct other fields of the same records.  Afterwards, through the API
# (tests/browser/concurrent.mjs) and straight from the database: every
# correction is in the stored record, in its XML and in the audit trail
# exactly once, by its author, and the audit holds no other correction.
#
# Fixture: book-2-001 (TT22) and book-1-001.pdf (TT58) read with the plain
# build; the server is $HOCBA.  Loopback only; bounded to 80 corrections,
# 100 tries each, 180 s.  Cost: about 19 s, 25 s under ASan.
. "$SRC/tests/integration/lib.sh"
. "$SRC/tests/integration/reviewfix.sh"
W=$WORK/ws
bail() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/#   /' "$WORK/bail.out" | tail -n 30; exit 1; }
command -v node >/dev/null || bash "$SRC/tests/browser/setup.sh" --node-only >"$WORK/bail.out" 2>&1 || bail "node"
rf_build "$W" "$SRC/samples/books/book-2-001" "$SRC/samples/books/book-1-001.pdf" >"$WORK/bail.out" 2>&1 ||
    bail "fixture: init, scan, process two books"
rf_records "$W" 2>"$WORK/bail.out" || bail "fixture: hocba queue --records --json"
classes=()
for i in 0 1; do
    rf_pick "$W" $i >"$WORK/bail.out" 2>&1 || bail "fixture: record $i's class"
    classes+=("$REC_YEAR/$REC_CLASS")
done
logins=()
for i in $(seq -w 1 20); do
    rf_user "$W" "gv$i" teacher "Giáo viên số $i" "${classes[@]}" >"$WORK/bail.out" 2>&1 || bail "fixture: account gv$i"
    logins+=("gv$i")
done
for c in cli1 cli2; do
    rf_user "$W" $c teacher "Dòng lệnh $c" "${classes[@]}" >"$WORK/bail.out" 2>&1 || bail "fixture: account $c"
done
n=$((n + 1)); echo "ok $n - fixture: 2 records (${classes[*]}), 20 teachers of both classes"
ids=($(jget 'j.map(r => r.id + "@" + r.version).join(" ")' <"$WORK/records.json"))
rf_serve "$W" >"$WORK/bail.out" 2>&1 || bail "hocba review listens"

# meanwhile, two command-line writers (other processes, the same database):
# 4 corrections each of the students' personal pages, which the sessions
# leave alone
cli_fields=(LY_LICH/NOI_SINH LY_LICH/CHO_O LY_LICH/HO_TEN_CHA LY_LICH/HO_TEN_ME)
cli_writer() {
    local c=$1 k f
    sleep 1
    for k in 0 1 2 3; do
        f=${cli_fields[$k]}
        "$HOCBA" review set -w "$W" "${ids[$(( (k + ${c#cli}) % 2 ))]}" "$f" "Dòng lệnh $c.$k" --as $c \
            >>"$WORK/$c.out" 2>&1 || echo "FAILED $f" >>"$WORK/$c.out"
    done
}
cli_writer cli1 & p1=$!
cli_writer cli2 & p2=$!
t0=$(date +%s)
OTHER_WRITERS=cli1,cli2 URL=$URL LOGINS=$(IFS=,; echo "${logins[*]}") PASSWORD_DIR=$WORK PER_SESSION=4 TAP_START=$((n + 1)) \
    OUT=$WORK/corrections.json timeout 240 node "$SRC/tests/browser/concurrent.mjs" >"$WORK/node.out" 2>&1
rc=$?
sed '/^\(not \)\?ok [0-9]\|^#/!s/^/# /' "$WORK/node.out"
n=$((n + $(grep -cE '^(not )?ok [0-9]+' "$WORK/node.out")))
check "the load program ran to its end (exit 0, $(($(date +%s) - t0)) s)" '[ $rc = 0 ] && [ -s "$WORK/corrections.json" ]'
wait $p1 $p2
check "the 8 command-line corrections made meanwhile all succeeded (no busy database)" \
    '! grep -q . "$WORK/cli1.out" "$WORK/cli2.out" || { cat "$WORK/cli1.out" "$WORK/cli2.out" | sed "s/^/#   /"; false; }'

# the same, straight from the database
node -e '
const all = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const c of all) console.log([c.id, c.version, c.path, c.value, c.login, c.old ?? ""].join("\t"));' \
    "$WORK/corrections.json" >"$WORK/corrections.tsv" 2>/dev/null
bad=0 badxml=0
while IFS=$'\t' read -r id ver path value login old; do
    got=$(rf_sql "$W" "SELECT count(*) FROM review_actions WHERE record = '$id' AND version = $ver
                       AND action = 'correct' AND path = '$path' AND new_value = '$value' AND who = '$login'")
    [ "$got" = 1 ] || { bad=$((bad + 1)); echo "# audit: $path '$value' by $login: $got times"; }
    [ "$(rf_field "$W" "$id" "$ver" "$path" value)" = "$value" ] || { bad=$((bad + 1)); echo "# field: $path is not '$value'"; }
    rf_sql "$W" "SELECT xml FROM records WHERE id = '$id' AND version = $ver" | grep -qF ">$value<" ||
        { badxml=$((badxml + 1)); echo "# xml: no '$value' ($path)"; }
done <"$WORK/corrections.tsv"
total=$(wc -l <"$WORK/corrections.tsv")
check "database: each of the $total corrections once in review_actions, by its author, and in the fields table" \
    '[ "$total" = 80 ] && [ $bad = 0 ]'
check "database: each corrected value in the stored XML of its record" '[ "$total" = 80 ] && [ $badxml = 0 ]'
cli_bad=0
for c in cli1 cli2; do for k in 0 1 2 3; do
    id=${ids[$(( (k + ${c#cli}) % 2 ))]}
    [ "$(rf_field "$W" "${id%@*}" "${id#*@}" "${cli_fields[$k]}" value)" = "Dòng lệnh $c.$k" ] &&
    [ "$(rf_sql "$W" "SELECT count(*) FROM review_actions WHERE record = '${id%@*}' AND who = '$c' AND action = 'correct'
                      AND path = '${cli_fields[$k]}' AND new_value = 'Dòng lệnh $c.$k'")" = 1 ] ||
        { cli_bad=$((cli_bad + 1)); echo "# $c: ${cli_fields[$k]} of $id"; }
done; done
check "database: each command-line correction stored, once in the audit" '[ $cli_bad = 0 ]'
check "database: the audit holds those 88 corrections and no other" \
    '[ "$(rf_sql "$W" "SELECT count(*) FROM review_actions WHERE action = '\''correct'\''")" = 88 ] &&
     [ "$(rf_sql "$W" "SELECT count(*) FROM review_actions WHERE action = '\''correct'\'' AND who NOT LIKE '\''gv__'\'' AND who NOT LIKE '\''cli_'\''")" = 0 ]'
check "database: every record version still holds one row per field, nothing duplicated" \
    '[ "$(rf_sql "$W" "SELECT count(*) FROM (SELECT record, path FROM fields GROUP BY record, path HAVING count(*) > 1)")" = 0 ] &&
     [ "$(rf_sql "$W" "PRAGMA integrity_check")" = ok ]'
rf_server_checks
