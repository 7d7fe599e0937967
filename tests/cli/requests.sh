#!/bin/bash
# Requests followed to their answer (issue 17): the states and the moves
# the law allows, each deadline with the rule that produced it, an
# extension without reasons, the UK clock that stops for a clarification,
# the office's deadlines as a table, CSV, JSON and iCalendar (RFC 5545).
# Every expected date below was worked out by hand from the rule quoted
# next to it, not copied from the program's output.
. "$top_srcdir/tests/lib/common.sh"
P="req passphrase"
# today: 1 May 2026 (a Friday)
export RECOURSE_FAKE_NOW=$(date -u -d 2026-05-01T12:00:00Z +%s)

new_case q "$P" --regime gdpr --regime uk-dpa --regime eurodac || bail "case new"

# ---- a draft: no date, "send it"
out=$(rt "My date of birth is wrong" "1990-02-03" -- "$P" -- request add q --kind rectification --regime gdpr \
	--about - --correct-value - 2>&1); st=$?
is "$st" "0" "request add without --filed: a draft"
like "$out" "draft was recorded" "it says it is a draft and how to send it"
out=$(r "$P" -- request list q --format csv 2>/dev/null)
like "$out" "^1,rectification,gdpr,draft,,,none,send," "the draft has no deadline; next: send it"

# ---- illegal moves are refused with a reason, nothing changes
out=$(r "$P" -- request move q 1 --to answered --day 2026-04-01 --answer granted 2>&1); st=$?
is "$st" "2" "draft -> answered: refused (exit 2)"
like "$out" "Send the request first" "the message says why: it must be sent first"
out=$(r "$P" -- request move q 1 --to filed --day 2026-04-01 2>&1); st=$?
is "$st" "2" "filed without --channel: refused"
like "$out" "channel" "the message asks how it was sent"
out=$(r "$P" -- request move q 1 --to filed --day 2026-06-01 --channel post 2>&1); st=$?
is "$st" "2" "a step in the future: refused"
out=$(r "$P" -- request move q 1 --to sent --day 2026-04-01 --channel post 2>&1); st=$?
is "$st" "2" "an unknown state: refused"
like "$out" "not a state" "the message lists the states"
like "$(r "$P" -- request show q 1 --format json 2>/dev/null)" '"state": "draft"' "still a draft after the refusals"

# ---- sent on 2 March 2026 to a German authority (GDPR Art. 12(3): one
# month from receipt, Regulation 1182/71: 2 April 2026, a Thursday, not a
# holiday in Germany (Good Friday is 3 April))
rt "BAMF, Nuremberg" -- "$P" -- request move q 1 --to filed --day 2026-03-02 --channel post --controller DE \
	--detail - >/dev/null 2>&1
st=$?
is "$st" "0" "draft -> filed by post"
js=$(r "$P" -- request show q 1 --format json 2>/dev/null)
like "$js" '"due": "2026-04-02"' "due 2 April 2026: one month from 2 March (GDPR Art. 12(3))"
like "$js" '"due_state": "overdue"' "on 1 May it is overdue"
like "$js" 'Art\. 12\(3\), 2016/679' "the deadline cites its article and act"
like "$js" '"channel": "post"' "the channel is kept"
like "$js" '"detail": "BAMF, Nuremberg"' "the step keeps what was sent (read from standard input)"
like "$js" '"next": "escalate"' "next: a reminder or a complaint"

# ---- an extension told within the month but without reasons does not count
r "$P" -- request move q 1 --to extended --day 2026-03-20 >/dev/null 2>&1
js=$(r "$P" -- request show q 1 --format json 2>/dev/null)
like "$js" '"due": "2026-04-02"' "an extension without reasons leaves the due date"
like "$js" 'does not count' "and the deadline says the extension does not count"
like "$js" '"next": "contest-extension"' "next: contest it"

# ---- the same, with reasons, told in time: two more months (2 June 2026)
rt "Dept X" -- "$P" -- request add q --kind access --regime gdpr --filed 2026-03-02 --controller DE --addressee - \
	>/dev/null 2>&1
r "$P" -- request move q 2 --to extended --day 2026-03-20 --with-reasons >/dev/null 2>&1
js=$(r "$P" -- request show q 2 --format json 2>/dev/null)
like "$js" '"due": "2026-06-02"' "a lawful extension: three months from receipt, 2 June 2026"
like "$js" '"due_state": "pending"' "pending on 1 May"

# ---- UK: received 2 March 2026 (the amended UK GDPR, Art. 12A: one month
# beginning with the relevant time); a clarification asked on 10 March and
# sent on 20 March stops the clock for 11 days (both days included):
# 2 April + 11 = 13 April 2026 (ICO counting), or 12 April (strict
# reading, a Sunday): shown as uncertain
r "$P" -- request add q --kind access --regime uk-dpa --filed 2026-03-02 --controller GB >/dev/null 2>&1
r "$P" -- request move q 3 --to clarification --day 2026-03-10 >/dev/null 2>&1
is "$(r "$P" -- request show q 3 --format json 2>/dev/null | grep -c '"next": "clarify"')" "1" \
	"while the authority waits for information: next is to send it"
r "$P" -- request move q 3 --to acknowledged --day 2026-03-20 >/dev/null 2>&1
js=$(r "$P" -- request show q 3 --format json 2>/dev/null)
like "$js" '"due": "2026-04-13"' "UK: due 13 April 2026 after 11 days of stopped clock"
like "$js" 'stood still for 11 days' "the explanation counts the stopped days"
like "$js" '12 April 2026' "and gives the other reading's date"
like "$js" '"uncertain": true' "marked uncertain"

# ---- no calendar for the answering authority: no date, never a guess
r "$P" -- request add q --kind erasure --regime eurodac --filed 2026-04-20 >/dev/null 2>&1
js=$(r "$P" -- request show q 4 --format json 2>/dev/null)
like "$js" '"due_state": "unknown"' "no controller calendar: the deadline is unknown"
unlike "$js" '"due": "2' "and no date is shown"
like "$js" 'controller CC' "the explanation says what to give"

# ---- answered: a granted erasure is confirmed, a follow-up is proposed
r "$P" -- request move q 4 --to answered --day 2026-04-28 --answer granted --controller DE >/dev/null 2>&1
js=$(r "$P" -- request show q 4 --format json 2>/dev/null)
like "$js" '"confirmed": "2026-04-28"' "a granted erasure is confirmed that day"
like "$js" '"next": "follow-up"' "next: ask for access again to check it was done"
out=$(r "$P" -- request move q 4 --to extended --day 2026-04-29 2>&1); st=$?
is "$st" "2" "answered -> extended: refused"

# ---- the case's deadlines: open requests, soonest first
out=$(r "$P" -- deadlines q --format csv 2>/dev/null)
is "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" "1 3 2 " \
	"deadlines: the open requests with a date, soonest first (2 Apr, 13 Apr, 2 Jun)"
like "$out" ',-29,overdue,' "days left is a plain number in CSV (no formula guard on -29)"
out=$(r "$P" -- deadlines q --format xml 2>&1); st=$?
is "$st" "2" "deadlines --format xml: refused"

# ---- iCalendar (RFC 5545)
r "$P" -- deadlines q --format ical > "$WORK/q.ics" 2>/dev/null
st=$?
is "$st" "0" "deadlines --format ical"
is "$(head -c 17 "$WORK/q.ics")" "BEGIN:VCALENDAR$(printf '\r')" "starts with BEGIN:VCALENDAR and CRLF"
is "$(grep -c $'\r$' "$WORK/q.ics")" "$(wc -l < "$WORK/q.ics")" "every line ends in CRLF"
is "$(grep -c '^BEGIN:VEVENT' "$WORK/q.ics")" "3" "one event per dated open request"
like "$(cat "$WORK/q.ics")" "DTSTART;VALUE=DATE:20260413" "the UK request's day as an all-day event"
is "$(LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > 75) n++ } END { print n + 0 }' "$WORK/q.ics")" "0" \
	"no line longer than 75 octets (folded)"
unfolded=$(sed 's/\r$//' "$WORK/q.ics" | awk 'NR > 1 && /^ / { printf "%s", substr($0, 2); next } { if (NR > 1) print ""; printf "%s", $0 } END { print "" }')
like "$unfolded" 'DESCRIPTION:.*Art\. 12\(3\)\\, 2016/679' "unfolded, the description cites the rule with commas escaped"

# ---- before sending: what the texts would tell the authority
out=$(rt "Please write to me at Hauptstraße 12, call +49 151 2345 6789" -- "$P" -- request add q --kind access \
	--regime gdpr --controller DE --about - 2>&1 >/dev/null)
like "$out" "telephone number" "a phone number in the request is pointed out before sending"
like "$out" "street address" "and a street address"
out=$(rt "The date of birth is wrong" "12.03.1994, not 1994-03-21" -- "$P" -- request add q --kind rectification \
	--regime gdpr --about - --correct-value - 2>&1 >/dev/null)
unlike "$out" "Think before sending" "a plain request with dates raises no warning"

# ---- where it goes and where to turn next, from the regime file
out=$(r "$P" -- request show q 1 2>/dev/null)
like "$out" "If late or refused +1\. A complaint to a supervisory authority.*Art\. 77\(1\), 2016/679" \
	"request show gives the escalation ladder with its articles"
like "$out" "Route +to the authority directly" "and the route"

# ---- the letter: the rule, the accesses it relies on, the deadline
rt "Amina Y." -- "$P" -- case set q name - >/dev/null 2>&1
rt "Landespolizei Hamburg" -- "$P" -- log add q --when 2026-02-01 --authority - --country DE >/dev/null 2>&1
aid=$(r "$P" -- log list q --format csv 2>/dev/null | sed -n 2p | cut -d, -f1)
rt "A wrong photo" -- "$P" -- request add q --kind erasure --regime gdpr --filed 2026-04-20 --controller DE \
	--access "$aid" --about - >/dev/null 2>&1
rid=$(r "$P" -- request list q --format csv 2>/dev/null | tail -n 1 | cut -d, -f1)
txt=$(r "$P" -- request letter q "$rid" 2>/dev/null); st=$?
is "$st" "0" "request letter (text)"
like "$txt" "Art\. 17" "the letter cites the erasure article of the GDPR"
like "$txt" "Amina Y\." "it names the applicant"
like "$txt" "A wrong photo" "it says what is asked"
like "$txt" "2026-02-01.*Landespolizei Hamburg" "it lists the access it relies on"
like "$txt" "2026|20 May" "it gives the answer deadline"
unlike "$txt" "\{\{" "no placeholder left"
out=$(r "$P" -- request letter q 999 2>&1); st=$?
is "$st" "10" "a letter of a request that does not exist: exit 10 (not found)"
r "$P" -- request letter q "$rid" --format pdf --output "$WORK/letter.pdf" >/dev/null 2>&1
st=$?
is "$st" "0" "request letter --format pdf --output FILE"
is "$(head -c 5 "$WORK/letter.pdf")" "%PDF-" "a PDF was written"
is "$(stat -c %a "$WORK/letter.pdf")" "600" "readable by its owner only"
like "$(pdftotext "$WORK/letter.pdf" - 2>/dev/null | tr '\n' ' ')" "Landespolizei Hamburg" "pdftotext finds the access in the PDF"
out=$(r "$P" -- request letter q "$rid" --format pdf --output "$WORK/letter.pdf" 2>&1); st=$?
is "$st" "4" "never over an existing file (exit 4)"

# ---- proofs and powers of attorney, kept inside the case
printf 'Einschreiben RR123456789DE\n' > "$WORK/receipt.txt"
printf '%%PDF-1.4\n%%fake scan\n' > "$WORK/poa.pdf"
mid=$(rt "Refugee Law Clinic (counsel)" -- "$P" -- mandate add q --holder - --granted 2026-03-01 --proof "$WORK/poa.pdf" 2>/dev/null)
is "$mid" "1" "mandate add prints the number of the power of attorney"
like "$(r "$P" -- mandate list q --format csv 2>/dev/null)" "^1,Refugee Law Clinic \(counsel\),2026-03-01,,1" "mandate list: holder, signed day, its signed copy"
rid=$(r "$P" -- request add q --kind access --regime gdpr --controller DE --mandate 1 2>/dev/null)
r "$P" -- request move q "$rid" --to filed --day 2026-04-02 --channel post --proof "$WORK/receipt.txt" >/dev/null 2>&1
st=$?
is "$st" "0" "request move --proof FILE"
docs=$(r "$P" -- document list q --format csv 2>/dev/null)
like "$docs" ",poa\.pdf,application/pdf," "the signed copy is kept, its kind read from its bytes"
like "$docs" ",receipt\.txt,text/plain; charset=utf-8,27," "the receipt is kept with its size"
like "$(r "$P" -- request show q "$rid" 2>/dev/null)" "sent \(applicant\) \[proof: document 2\]" "the step names its proof"
like "$(r "$P" -- request letter q "$rid" 2>/dev/null)" "Refugee Law Clinic" "the letter names the representative"
r "$P" -- mandate revoke q 1 --day 2026-04-10 >/dev/null 2>&1
out=$(r "$P" -- request add q --kind access --regime gdpr --mandate 1 2>&1); st=$?
is "$st" "2" "no new request under a revoked power of attorney"
like "$out" "revoked on 2026-04-10" "the message says when it was revoked"
out=$(r "$P" -- request move q "$rid" --to acknowledged --day 2026-04-05 --proof "$WORK/nothing-here" 2>&1); st=$?
is "$st" "4" "a proof file that cannot be read: exit 4, before anything else"

# ---- personal text never as an argument
out=$("$RECOURSE" --passphrase-fd 3 request add q --kind erasure --about "my new address" 3<<<"$P" 2>&1); st=$?
is "$st" "2" "--about as an argument: refused"

done_testing
