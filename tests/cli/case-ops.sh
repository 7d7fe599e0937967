#!/bin/bash
# What the case operations check and keep together (issue 13): an
# unknown regime, a country that is not one, a binary run from its build
# folder finding its regimes, a passphrase change keeping the slot's
# date, and a change whose re-check is cancelled leaving the case as it
# was.
. "$top_srcdir/tests/lib/common.sh"

# ---- unknown regime: refused with the known ones, nothing made
out=$(r "ops passphrase" -- case new typo $KDF --regime gdrp 2>&1); st=$?
is "$st" "2" "case new --regime gdrp: exit 2"
like "$out" "gdrp" "the message names the unknown regime"
like "$out" "gdpr, .*eurodac|eurodac.*gdpr" "and lists the known ones"
ok "$([ ! -e "$RECOURSE_CASES_DIR/typo.case" ]; echo $?)" "no case was made"

new_case c "ops passphrase" --regime gdpr --regime eurodac || bail "case new"
out=$(r "ops passphrase" -- case set c regimes gdpr,gdrp 2>&1); st=$?
is "$st" "2" "case set regimes with an unknown id: exit 2"
like "$out" "gdrp" "the message names it"
like "$(r "ops passphrase" -- case info c --format csv 2>/dev/null)" "regimes,gdpr,eurodac|regimes,\"gdpr,eurodac\"" "the case's regimes are unchanged"

# ---- a country that is not one
out=$(rt "Some office" -- "ops passphrase" -- log add c --when 2025-01-01 --authority - --country 1x 2>&1); st=$?
is "$st" "2" "log add --country 1x: exit 2"
like "$out" "\"1x\" is not a country code" "the message says why"
out=$(r "ops passphrase" -- case new c2 $KDF --country ER --country 'Z\x01' 2>&1); st=$?
is "$st" "2" "case new with a control character in a country: exit 2"
is "$(r "ops passphrase" -- log list c --format csv 2>/dev/null | wc -l)" "1" "nothing was added (only the header)"
rt "Some office" -- "ops passphrase" -- log add c --when 2025-01-01 --authority - --country de >/dev/null 2>&1
like "$(r "ops passphrase" -- log list c --format csv 2>/dev/null)" ",DE," "a lower-case country is stored in capitals"

# ---- the binary of a build folder finds its regimes without RECOURSE_DATA_DIR
new_case with "ops passphrase" --country ER --regime gdpr --regime eurodac || bail "case new"
new_case without "ops passphrase" --country ER --regime gdpr --regime eurodac || bail "case new"
for f in auditevents-r4-page1.json auditevents-r4-page2.json auditevents-r5.ndjson; do
	r "ops passphrase" -- log import with "$SAMPLES/$f" >/dev/null 2>&1
	(unset RECOURSE_DATA_DIR; r "ops passphrase" -- log import without "$SAMPLES/$f" >/dev/null 2>&1)
done
a=$(r "ops passphrase" -- log list with --limit 1000 --format csv 2>/dev/null | cut -d, -f1,21-)
b=$(unset RECOURSE_DATA_DIR; r "ops passphrase" -- log list without --limit 1000 --format csv 2>/dev/null | cut -d, -f1,21-)
is "$b" "$a" "without RECOURSE_DATA_DIR the same flags as with it"
like "$a" "no-mandate" "(the samples do raise no-mandate)"
like "$a" "onward-transfer" "(and onward-transfer)"
out=$(RECOURSE_DATA_DIR="$WORK/nowhere" r "ops passphrase" -- log import with "$SAMPLES/letter-transcription.csv" 2>&1); st=$?
is "$st" "12" "no regimes where RECOURSE_DATA_DIR says: exit 12"
like "$out" "$WORK/nowhere/regimes" "the message names the place it looked in"

# ---- case passwd keeps the slot's creation date
RECOURSE_FAKE_NOW=1700000000 new_case p "ops passphrase" || bail "case new"
before=$(r -- case slots p --format csv 2>/dev/null | grep '^applicant,')
printf 'ops passphrase\nnew passphrase 2\nnew passphrase 2\n' | RECOURSE_FAKE_NOW=1800000000 \
	"$RECOURSE" --passphrase-fd 3 case passwd p $KDF 3<&0 </dev/null >/dev/null 2>&1
ok $? "case passwd"
after=$(r -- case slots p --format csv 2>/dev/null | grep '^applicant,')
like "$before" "2023-11-14" "the slot was made on 2023-11-14"
is "$after" "$before" "after a new passphrase in 2027 it still says when it was made"
r "new passphrase 2" -- case info p >/dev/null 2>&1; ok $? "the new passphrase opens the case"

# ---- a change cancelled while every access is checked again: nothing saved
python3 "$top_srcdir/bench/gen_events.py" 60000 --seed 3 > "$WORK/big.ndjson" || bail "gen_events"
new_case big "ops passphrase" --regime gdpr || bail "case new"
r "ops passphrase" -- log import big "$WORK/big.ndjson" >/dev/null 2>&1 || bail "import"
flagged() { r "ops passphrase" -- case info big --format csv 2>/dev/null | sed -n 's/^flagged,//p' | tr -d '\r'; }
# (every AuditEvent lacks a legal basis, so each is flagged already: the
# change shows in the flag it concerns)
fled() { r "ops passphrase" -- log list big --flag fled-country --limit 100000 --format csv 2>/dev/null | tail -n +2 | grep -c .; }
countries() { r "ops passphrase" -- case info big --format csv 2>/dev/null | sed -n 's/^countries,//p' | tr -d '\r"'; }
f0=$(flagged)
fled0=$(fled)
printf 'ops passphrase\n' | RECOURSE_DEBUG=1 "$RECOURSE" --passphrase-fd 3 case set big countries SY,IT \
	3<&0 </dev/null >"$WORK/out" 2>&1 &
pid=$!
for i in $(seq 1 1000); do
	grep -q "reflag: checking" "$WORK/out" && break
	sleep 0.01
done
kill -INT $pid
wait $pid; st=$?
like "$(cat "$WORK/out")" "reflag: checking" "Ctrl-C came while every access was being checked again"
is "$st" "11" "Ctrl-C there: exit 11 (cancelled)"
is "$(countries)" "" "the countries were not changed"
is "$(flagged)" "$f0" "nor any access's flags"
is "$(fled)" "$fled0" "nor the country-fled flags"
r "ops passphrase" -- case set big countries SY,IT >/dev/null 2>&1; ok $? "the same change, not cancelled"
is "$(countries)" "SY,IT" "is saved"
ok "$([ "$(fled)" -gt "$fled0" ]; echo $?)" "with the flags it moves (fled-country)"
r "ops passphrase" -- case verify big >/dev/null 2>&1; ok $? "the case verifies"
done_testing
