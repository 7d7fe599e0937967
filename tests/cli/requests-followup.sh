#!/bin/bash
# What follows a request (issue 17): an expired retention period suggests
# a draft erasure request (never twice); a complaint about an overdue or
# refused request names it in its letter (text and PDF, every language);
# a granted correction or erasure is checked with an access request and
# its answer compared with what was asked.  Every expected date below was
# worked out by hand from the rule quoted next to it.
. "$top_srcdir/tests/lib/common.sh"
P="followup passphrase"
# today: 1 May 2026 (a Friday)
export RECOURSE_FAKE_NOW=$(date -u -d 2026-05-01T12:00:00Z +%s)

# ---- 1. retention: Eurodac, a person apprehended crossing a border on
# 10 January 2023: 18 months (603/2013 Art. 16(1), the version in force
# on 1 May 2026): the data should have been erased by 10 July 2024
new_case r "$P" --regime gdpr --regime eurodac --record-dates eurodac:irregular-crossing=2023-01-10,eurodac:applicant=2025-11-01 \
	|| bail "case new"
out=$(r "$P" -- request suggest r 2>&1); st=$?
is "$st" "0" "request suggest: an applicant dataset of 2025 keeps the system in time (10 years)"
like "$out" "No retention period has run out" "nothing suggested while one dataset's period still runs"
rt "2025-11-01" -- "$P" -- case set r record-dates eurodac:irregular-crossing=2023-01-10 >/dev/null 2>&1
rt "Bundespolizei" "Eurodac" -- "$P" -- log add r --when 2024-01-01 --authority - --country DE --system - >/dev/null 2>&1
rt "Bundespolizei" "Eurodac" -- "$P" -- log add r --when 2025-03-01 --authority - --country DE --system - >/dev/null 2>&1
csv=$(r "$P" -- request suggest r --format csv 2>/dev/null); st=$?
is "$st" "0" "request suggest --format csv"
is "$(printf '%s\n' "$csv" | wc -l)" "2" "one suggestion (a header and one row)"
like "$csv" "^1,Eurodac Central System," "the system by its name"
like "$csv" ',eurodac,"?Art\. 16\(1\), 603/2013"?,2023-01-10,2024-07-10,' \
	"the rule (Art. 16(1), 603/2013), the start and the day it should have been erased (10 July 2024)"
like "$csv" "Art\. 16 was not read" "the regime file's reason it is uncertain, never shown as settled law"
a_after=$(r "$P" -- log list r --format csv 2>/dev/null | grep ',2025-03-01,' | cut -d, -f1)
like "$csv" ",${a_after},," "only the access after 10 July 2024 shows the data still held"
js=$(r "$P" -- request suggest r --format json 2>/dev/null)
like "$js" '"erase_by": "2024-07-10"' "JSON: erase_by"
like "$js" '"open_request": null' "no erasure request is open yet"
out=$(r "$P" -- request suggest r 2>&1)
like "$out" "Should have been erased by" "the table says it in words"
like "$out" "suggest CASE --draft N" "and how to make the draft"

id=$(r "$P" -- request suggest r --draft 1 2>/dev/null); st=$?
is "$st" "0" "request suggest --draft 1"
is "$id" "1" "it prints the new request's number"
js=$(r "$P" -- request show r "$id" --format json 2>/dev/null)
like "$js" '"kind": "erasure"' "a draft erasure request"
like "$js" '"state": "draft"' "not sent"
like "$js" '"regime": "eurodac"' "under the rule's regime"
like "$js" '"about": "My data in Eurodac Central System.*Art\. 16\(1\), 603/2013.*ended on 2024-07-10' \
	"what is wrong, in plain words, citing the article and the day"
like "$js" '"follows": "retention:eurodac"' "it says where it came from"
txt=$(r "$P" -- request letter r "$id" 2>/dev/null)
like "$txt" "2025-03-01.*Bundespolizei" "its letter lists the access that shows the data still held"
unlike "$txt" "2024-01-01" "and not the access made in time"
out=$(r "$P" -- request suggest r --draft 1 2>&1); st=$?
is "$st" "2" "the same suggestion again: refused"
like "$out" "open already: request $id" "the message names the open request"
like "$(r "$P" -- request suggest r --format csv 2>/dev/null)" ",${a_after},${id}," "the listing names the open request"
out=$(r "$P" -- request suggest r --draft 5 2>&1); st=$?
is "$st" "2" "no suggestion 5"
out=$(r "$P" -- request suggest r --draft x 2>&1); st=$?
is "$st" "2" "--draft x: refused"

# ---- 1b. the law in force on the day the period ended: an applicant
# fingerprinted on 4 September 2013, seen on 1 December 2026 (2024/1358
# in force since 12 June 2026): ten years ended on 4 September 2023, when
# 603/2013 was in force: Art. 12(1), 603/2013 is cited, not 2024/1358.
old_now=$RECOURSE_FAKE_NOW
export RECOURSE_FAKE_NOW=$(date -u -d 2026-12-01T12:00:00Z +%s)
new_case r13 "$P" --regime gdpr --regime eurodac --record-dates eurodac:applicant=2013-09-04 || bail "case new r13"
csv=$(r "$P" -- request suggest r13 --format csv 2>/dev/null)
like "$csv" ',eurodac,"?Art\. 12\(1\), 603/2013"?,2013-09-04,2023-09-04,' \
	"a period that ended in 2023 cites the law then in force (Art. 12(1), 603/2013)"
unlike "$csv" '2024/1358"?,2013' "not the regulation that applies from 12 June 2026"
export RECOURSE_FAKE_NOW=$old_now

# ---- 2. a complaint about an overdue request: GDPR Art. 12(3), sent 2
# March 2026 to a German authority: due 2 April 2026, overdue on 1 May
new_case q "$P" --regime gdpr || bail "case new q"
rt "Amina Y." -- "$P" -- case set q name - >/dev/null 2>&1
rt "My date of birth is wrong" "1990-02-03" -- "$P" -- request add q --kind rectification --regime gdpr \
	--filed 2026-03-02 --controller DE --about - --correct-value - >/dev/null 2>&1
r "$P" -- request add q --kind access --regime gdpr --filed 2026-04-20 --controller DE >/dev/null 2>&1
out=$(r "$P" -- request add q --kind complaint --regime gdpr --follows 2 2>&1); st=$?
is "$st" "2" "a complaint about a request not yet due: refused"
like "$out" "not overdue: its answer is due on 2026-05-20" "the message gives its due date"
out=$(r "$P" -- request add q --kind access --regime gdpr --follows 1 2>&1); st=$?
is "$st" "2" "--follows on an access request: refused"
out=$(r "$P" -- request add q --kind complaint --regime gdpr --follows 99 2>&1); st=$?
is "$st" "2" "--follows a request that does not exist: refused"
cid=$(r "$P" -- request add q --kind complaint --regime gdpr --follows 1 2>/dev/null); st=$?
is "$st" "0" "a complaint about the overdue request"
like "$(r "$P" -- request show q "$cid" 2>/dev/null)" "Follows +a complaint about request 1" "request show says what it follows"
txt=$(r "$P" -- request letter q "$cid" 2>/dev/null)
like "$txt" "On 2026-03-02 I sent a request for rectification of my personal data" \
	"the letter names the earlier request's kind and the day it was sent"
like "$txt" "The answer was due by 2026-04-02 \(Art\. 12\(3\), 2016/679\)\. I have received no answer\." \
	"and the deadline it missed with its rule"
unlike "$txt" "\{\{" "no placeholder left"
for l in de fr es ar fa ps ti uk; do
	t=$(r "$P" -- request letter q "$cid" --authority-language $l 2>/dev/null); st=$?
	is "$st" "0" "the complaint's letter in $l"
	like "$t" "2026-03-02" "$l: the day the earlier request was sent"
	like "$t" "2026-04-02" "$l: the deadline missed"
	like "$t" "Art\. 12\(3\), 2016/679" "$l: its rule"
	unlike "$t" "\{\{|earlier_" "$l: no placeholder left"
done
de=$(r "$P" -- request letter q "$cid" --authority-language de 2>/dev/null)
like "$de" "Antrag auf Berichtigung meiner personenbezogenen Daten" "de: the kind in German"
r "$P" -- request letter q "$cid" --format pdf --output "$WORK/complaint.pdf" >/dev/null 2>&1
is "$?" "0" "the complaint as a PDF"
pdf=$(pdftotext "$WORK/complaint.pdf" - 2>/dev/null | tr '\n' ' ')
like "$pdf" "request for rectification" "pdftotext: the earlier request's kind"
like "$pdf" "2026-04-02" "pdftotext: the deadline missed"
like "$pdf" "Art\. 12\(3\), 2016/679" "pdftotext: its rule"

# ---- a reminder of the overdue request (request letter --reminder)
txt=$(r "$P" -- request letter q 1 --reminder --authority-language en 2>/dev/null); st=$?
is "$st" "0" "a reminder of the overdue request"
like "$txt" "Subject: Reminder: a request for rectification of my personal data, sent on 2026-03-02, not answered" \
	"its subject: what was asked, when"
like "$txt" "The answer was due by 2026-04-02 \(Art\. 12\(3\), 2016/679\)\. I have received no answer\." \
	"the deadline it missed, with the rule that gave it"
like "$txt" "the remedies the law gives me \(Art\. 77\(1\), 2016/679\)" "the next remedy, cited from the regime file"
like "$txt" "- A copy of my request of 2026-03-02" "the copy of the request is among the attachments"
unlike "$txt" "You must answer within" "no answer period claimed: the law gives a reminder none"
like "$txt" "gives the authority no new time limit" "the applicant is told what a reminder does not do"
unlike "$txt" "\{\{" "no placeholder left"
for l in de fr es ar fa ps ti uk; do
	t=$(r "$P" -- request letter q 1 --reminder --authority-language $l --language $l 2>/dev/null); st=$?
	is "$st" "0" "the reminder in $l"
	like "$t" "2026-04-02" "$l: the deadline missed"
	like "$t" "Art\. 77\(1\), 2016/679" "$l: the next remedy"
	unlike "$t" "\{\{|earlier_|remedy_cite" "$l: no placeholder left"
done
r "$P" -- request letter q 1 --reminder --authority-language en --format pdf --output "$WORK/reminder.pdf" >/dev/null 2>&1
is "$?" "0" "the reminder as a PDF"
like "$(pdftotext "$WORK/reminder.pdf" - 2>/dev/null | tr '\n' ' ')" "Reminder: a request for rectification" "pdftotext: the reminder's subject"
out=$(r "$P" -- request letter q 2 --reminder 2>&1); st=$?
is "$st" "2" "no reminder before the answer is due"
like "$out" "not due yet \(it is due on 2026-05-20\)" "the message gives the due date"
[ ! -e "$WORK/none.txt" ] && r "$P" -- request letter q 2 --reminder --output "$WORK/none.txt" >/dev/null 2>&1
[ ! -e "$WORK/none.txt" ]; ok $? "a refused reminder leaves no file behind"

# a refused request: the letter gives the refusal and its day
r "$P" -- request move q 2 --to answered --day 2026-04-28 --answer refused >/dev/null 2>&1
rid=$(r "$P" -- request add q --kind complaint --regime gdpr --follows 2 2>/dev/null); st=$?
is "$st" "0" "a complaint about a refused request"
txt=$(r "$P" -- request letter q "$rid" 2>/dev/null)
like "$txt" "request for access to my personal data" "the earlier kind: access"
like "$txt" "The authority refused the request on 2026-04-28\." "the refusal and its day"
unlike "$txt" "was due by" "no deadline claimed for a refused request"
out=$(r "$P" -- request letter q 2 --reminder 2>&1); st=$?
is "$st" "2" "no reminder of an answered request"
like "$out" "has answered this request" "the message says why"

# ---- 3. checking a granted correction
r "$P" -- request move q 1 --to answered --day 2026-04-20 --answer granted >/dev/null 2>&1
out=$(r "$P" -- request show q 1 2>/dev/null)
like "$out" "Check it: ask for a copy of the record \(recourse request check q 1\)" "request show proposes the check"
out=$(r "$P" -- request check q 2 2>&1); st=$?
is "$st" "2" "a refused request cannot be checked"
chk=$(r "$P" -- request check q 1 2>/dev/null); st=$?
is "$st" "0" "request check"
js=$(r "$P" -- request show q "$chk" --format json 2>/dev/null)
like "$js" '"kind": "access"' "the check is an access request"
like "$js" '"state": "draft"' "a draft"
like "$js" '"follows": "checks 1"' "linked to the correction"
like "$js" '"controller": "de"' "to the same authority (its calendar)"
out=$(r "$P" -- request check q 1 2>&1); st=$?
is "$st" "2" "a second check: refused"
like "$out" "checks request 1 already" "the message names the check"
like "$(r "$P" -- request show q 1 2>/dev/null)" "Check +checked by request $chk" "request show names the check"
out=$(rt "1990-03-02" -- "$P" -- request compare q "$chk" --held-value - 2>&1); st=$?
is "$st" "2" "compare before the check is answered: refused"
r "$P" -- request move q "$chk" --to filed --day 2026-04-21 --channel post >/dev/null 2>&1
r "$P" -- request move q "$chk" --to answered --day 2026-04-30 --answer granted >/dev/null 2>&1
like "$(r "$P" -- request show q "$chk" --format json 2>/dev/null)" '"next": "compare"' "the answered check: next is to compare"
out=$("$RECOURSE" --passphrase-fd 3 request compare q "$chk" --held-value "1990-03-02" 3<<<"$P" 2>&1); st=$?
is "$st" "2" "--held-value as an argument: refused (personal text)"
out=$(rt "1990-03-02" -- "$P" -- request compare q "$chk" --held-value - 2>&1); st=$?
is "$st" "0" "request compare: the value now held, from standard input"
like "$out" "Not done as asked" "it says the correction was not made"
out=$(r "$P" -- request show q 1 2>/dev/null)
like "$out" 'What the check found +The record still says "1990-03-02"; you asked for "1990-02-03" \(checked on 2026-04-30\)\.' \
	"request show: what the record says and what was asked"
like "$out" "Next +complain: the correction or erasure was not made" "next: complain"
like "$(r "$P" -- request show q "$chk" 2>/dev/null)" 'you asked for "1990-02-03"' "the check shows the same comparison"
like "$(r "$P" -- request list q --format csv 2>/dev/null)" "^1,rectification,gdpr,answered,.*,complain-not-done," \
	"request list: next complain-not-done"
nid=$(r "$P" -- request add q --kind complaint --regime gdpr --follows 1 2>/dev/null); st=$?
is "$st" "0" "a complaint about the correction not made"
txt=$(r "$P" -- request letter q "$nid" 2>/dev/null)
like "$txt" "On 2026-04-20 the authority answered that it had granted the request, but the copy of my record it gave me on 2026-04-30 shows that this was not done\." \
	"its letter says it was granted and not done"
unlike "$txt" "1990-03-02" "the letter does not repeat the values"

# a correction made as asked (spaces and letter case aside)
gid=$(rt "Wrong name" "Amina Yusuf" -- "$P" -- request add q --kind rectification --regime gdpr --filed 2026-03-02 \
	--controller DE --about - --correct-value - 2>/dev/null)
r "$P" -- request move q "$gid" --to answered --day 2026-04-10 --answer granted >/dev/null 2>&1
c2=$(r "$P" -- request check q "$gid" 2>/dev/null)
r "$P" -- request move q "$c2" --to filed --day 2026-04-11 --channel post >/dev/null 2>&1
r "$P" -- request move q "$c2" --to answered --day 2026-04-25 --answer granted >/dev/null 2>&1
out=$(rt " amina  YUSUF" -- "$P" -- request compare q "$gid" --held-value - 2>&1); st=$?
is "$st" "0" "request compare by the corrected request's number"
like "$out" "Done as asked" "done"
out=$(r "$P" -- request show q "$gid" 2>/dev/null)
like "$out" "Corrected as asked \(checked on 2026-04-25\)" "request show: corrected as asked"
like "$out" "Next +answered: close it when done" "next: close"

# an erasure: still held
eid=$(r "$P" -- request add q --kind erasure --regime gdpr --filed 2026-03-02 --controller DE 2>/dev/null)
r "$P" -- request move q "$eid" --to answered --day 2026-04-10 --answer granted >/dev/null 2>&1
c3=$(r "$P" -- request check q "$eid" 2>/dev/null)
r "$P" -- request move q "$c3" --to filed --day 2026-04-11 --channel post >/dev/null 2>&1
r "$P" -- request move q "$c3" --to answered --day 2026-04-29 --answer granted >/dev/null 2>&1
out=$(r "$P" -- request compare q "$c3" 2>&1); st=$?
is "$st" "2" "an erasure's check needs --still-held"
out=$(r "$P" -- request compare q "$c3" --still-held maybe 2>&1); st=$?
is "$st" "2" "--still-held maybe: refused"
r "$P" -- request compare q "$c3" --still-held yes >/dev/null 2>&1
is "$?" "0" "request compare --still-held yes"
out=$(r "$P" -- request show q "$eid" 2>/dev/null)
like "$out" "The data is still held, although the erasure was granted \(checked on 2026-04-29\)" "request show: still held"
like "$out" "Next +complain: the correction or erasure was not made" "next: complain"

done_testing
