#!/bin/bash
# The office deadline board on one terminal (issue 18, doc/office.md):
# an office made under its own passphrase, two cases joining it, every
# change of a request reaching the board, deadlines --office as a table,
# CSV, JSON and iCalendar read by an independent parser (python3-icalendar),
# the filters, a wrong passphrase, a case whose office is away catching up,
# and nothing of a case's personal text in the office folder.
. "$top_srcdir/tests/lib/common.sh"
OP="office passphrase"
A="case a passphrase"
B="case b passphrase"
export RECOURSE_OFFICE_DIR="$WORK/office"
# today: 6 December 2026
export RECOURSE_FAKE_NOW=$(date -u -d 2026-12-06T12:00:00Z +%s)
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

out=$(r "$OP" "$OP" -- office new $KDF 2>&1); st=$?
is "$st" "0" "office new"
[ -f "$WORK/office/index.db" ] && [ -f "$WORK/office/keyslots" ] && [ -d "$WORK/office/inbox" ]
ok $? "the office folder holds index.db, keyslots and inbox/"
is "$(stat -c %a "$WORK/office")" "700" "the office folder is the user's alone"
out=$(r "$OP" "$OP" -- office new $KDF 2>&1); st=$?
is "$st" "5" "a second office new at the same place: refused (exit 5)"

new_case ca "$A" --regime gdpr || bail "case ca"
new_case cb "$B" --regime gdpr || bail "case cb"
# ca: sent 2 November 2026 to a German authority: GDPR Art. 12(3), one
# month from receipt: 2 December 2026 (a Wednesday): overdue by 4 days
rt "BAMF" -- "$A" -- request add ca --kind access --regime gdpr --filed 2026-11-02 --controller DE \
	--addressee - >/dev/null 2>&1 || bail "request ca"
out=$(r "$A" -- office join ca 2>&1); st=$?
is "$st" "0" "office join"
like "$out" "on the office board" "it says the case is on the board"
# cb joins first, then its requests: each change reaches the board
r "$B" -- office join cb >/dev/null 2>&1 || bail "join cb"
# cb 1: sent 20 November 2026: due 21 December 2026 (a Monday)
rt "Police" -- "$B" -- request add cb --kind erasure --regime gdpr --filed 2026-11-20 --controller DE \
	--addressee - >/dev/null 2>&1 || bail "request cb 1"
# cb 2: sent 1 October 2026, answered: not open
r "$B" -- request add cb --kind rectification --regime gdpr --filed 2026-10-01 --controller DE >/dev/null 2>&1
r "$B" -- request move cb 2 --to answered --day 2026-10-20 --answer granted >/dev/null 2>&1 || bail "move cb 2"

out=$(r "x-wrong-office-pass" -- deadlines --office 2>&1); st=$?
is "$st" "3" "a wrong office passphrase: exit 3"
like "$out" "does not open the office board" "the message names the office board"
out=$(r "$A" -- deadlines --office 2>&1); st=$?
is "$st" "3" "a case's passphrase does not open the board"

out=$(r "$OP" -- deadlines --office --format csv 2>/dev/null); st=$?
is "$st" "0" "deadlines --office --format csv"
is "$(printf "%s\n" "$out" | head -1 | tr -d "\r")" "case,id,kind,regime,state,due,days_left,due_state,uncertain,next,rule" "the CSV header"
is "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2,6,7,8 | tr '\n' ' ')" \
	"ca,1,2026-12-02,-4,overdue cb,1,2026-12-21,15,pending " \
	"every open request of both cases, overdue first, the answered one left out"
like "$out" "Art\. 12\(3\), 2016/679" "each date with its rule"
ca_case=$(r "$A" -- deadlines ca --format csv 2>/dev/null | tail -1 | cut -d, -f10)
ca_board=$(printf '%s\n' "$out" | grep '^ca,' | cut -d, -f11)
is "$ca_board" "$ca_case" "the board's sentence is the case's own"

out=$(r "$OP" -- deadlines --office 2>/dev/null)
like "$out" "Case +ID +Kind" "the table's header"
like "$out" "overdue: send a reminder or a complaint" "the next action in words"

out=$(r "$OP" -- deadlines --office --due-within 7 --format csv 2>/dev/null)
is "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" "ca " "--due-within 7: the overdue one only"
out=$(r "$OP" -- deadlines --office --state answered --format csv 2>/dev/null)
is "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2,5 | tr '\n' ' ')" "cb,2,answered " "--state answered"
out=$(r "$OP" -- deadlines --office --state overdue --format json 2>/dev/null)
like "$out" '"case": "ca"' "--state overdue (a deadline's state), JSON"
unlike "$out" '"case": "cb"' "and only that"
out=$(r "$OP" -- deadlines --office --state lost 2>&1); st=$?
is "$st" "2" "--state with an unknown word: exit 2"
out=$(r "$A" -- deadlines ca --office 2>&1); st=$?
is "$st" "2" "a case and --office together: refused"
out=$(r "$A" -- deadlines ca --due-within 3 2>&1); st=$?
is "$st" "2" "--due-within without --office: refused"

# ---- iCalendar, read by python3-icalendar
r "$OP" -- deadlines --office --format ical > "$WORK/o.ics" 2>/dev/null
is "$?" "0" "deadlines --office --format ical"
out=$($PY - "$WORK/o.ics" <<'PYEOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in cal.walk('VEVENT'):
    print(ev.decoded('dtstart').isoformat(), str(ev.get('uid')), str(ev.get('summary')))
PYEOF
); st=$?
is "$st" "0" "python3-icalendar reads it"
is "$(printf '%s\n' "$out" | cut -d' ' -f1,2 | tr '\n' ' ')" \
	"2026-12-02 request-1-ca@recourse.invalid 2026-12-21 request-1-cb@recourse.invalid " \
	"one all-day event per dated open request, each with its day and a stable UID"
like "$out" "case ca, request 1" "the summary names the case and the request"

# ---- a case whose office is away (a stick pulled): the change is kept,
# and the board catches up the next time the case is opened
mv "$WORK/office" "$WORK/office-away"
out=$(r "$A" -- request move ca 1 --to answered --day 2026-12-05 --answer refused 2>&1); st=$?
is "$st" "0" "a request changes while the office is away"
out=$(r "$A" -- office status ca --format json 2>/dev/null)
like "$out" '"behind": "true"' "office status says the board has not heard of it"
mv "$WORK/office-away" "$WORK/office"
r "$A" -- office status ca >/dev/null 2>&1
out=$(r "$A" -- office status ca --format json 2>/dev/null)
like "$out" '"behind": "false"' "opened again with the office back: sent"
out=$(r "$OP" -- deadlines --office --format csv 2>/dev/null)
unlike "$out" "^ca," "the board no longer shows ca's request as open"

# ---- leaving
r "$B" -- office leave cb >/dev/null 2>&1; is "$?" "0" "office leave"
out=$(r "$OP" -- deadlines --office --state answered --format csv 2>/dev/null)
unlike "$out" "^cb," "its rows are gone"

# ---- an unreadable update is set aside and said
echo "garbage" > "$WORK/office/inbox/x.board"
out=$(r "$OP" -- deadlines --office 2>&1 >/dev/null)
like "$out" "could not be read" "an unreadable update is said on standard error"
[ -f "$WORK/office/inbox/x.refused" ]
ok $? "and set aside as .refused"

# ---- a second key slot for the board
out=$(r "$OP" "caseworker two pass" "caseworker two pass" -- office add-slot caseworker:2 $KDF 2>&1); st=$?
is "$st" "0" "office add-slot"
out=$(r "caseworker two pass" -- deadlines --office --state answered --format csv 2>/dev/null); st=$?
is "$st" "0" "the new slot opens the board"

# ---- the same rules as the PostgreSQL board (tests/pg/board.sh)
new_case cd "$A" --regime gdpr || bail "case cd"
r "$A" -- request add cd --kind access --regime gdpr --filed 2026-11-02 --controller DE >/dev/null 2>&1
r "$A" -- office join cd >/dev/null 2>&1 || bail "join cd"
# two processes changing two cases at once, a third reading the board
r "$A" -- request add cd --kind erasure --regime gdpr --filed 2026-11-03 --controller DE >/dev/null 2>&1 &
r "$B" -- office join cb >/dev/null 2>&1 &
r "$OP" -- deadlines --office --format csv >/dev/null 2>&1 &
wait
out=$(r "$OP" -- deadlines --office --format csv 2>/dev/null)
is "$(printf '%s\n' "$out" | grep -c '^cd,')" "2" "two processes at once, a third reading: every update on the board"
like "$out" "^cb," "and the other case's"
# a copy of the case changed the other way: refused, the board keeps the first
cp -a "$WORK/cases/cd.case" "$WORK/cd-copy.case"
r "$A" -- request move cd 1 --to answered --day 2026-11-30 --answer granted >/dev/null 2>&1
r "$OP" -- deadlines --office >/dev/null 2>&1
r "$A" -- request move "$WORK/cd-copy.case" 1 --to extended --day 2026-11-25 --with-reasons >/dev/null 2>&1
out=$(r "$OP" -- deadlines --office --state answered --format csv 2>&1)
like "$out" "^cd,1," "the copy's change did not replace the first terminal's"
ls "$WORK/office/inbox/"*.conflict >/dev/null 2>&1
ok $? "the copy's update is set aside as NAME.conflict"
# a board killed in the middle of reading its inbox: nothing half read
r "$A" -- request move cd 2 --to acknowledged --day 2026-11-05 >/dev/null 2>&1
out=$(RECOURSE_TEST_STOP=office-ingest r "$OP" -- deadlines --office --format csv 2>&1); st=$?
is "$st" "137" "the board killed while reading its inbox (SIGKILL)"
ls "$WORK/office/inbox/"*.board >/dev/null 2>&1
ok $? "the update is still in the inbox"
out=$(r "$OP" -- deadlines --office --state acknowledged --format csv 2>/dev/null)
like "$out" "^cd,2," "the next opening reads it"

# ---- nothing personal in the office folder (the addressees above)
hits=$(grep -rl -e "BAMF" -e "Police" "$WORK/office" | wc -l)
is "$hits" "0" "no addressee in any file of the office folder"

done_testing
