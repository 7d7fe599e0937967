#!/bin/sh
# requests.sh - the request screens (issue 17, the terminal side): the
# list (the most urgent first, the same rows and due dates as "recourse
# request list" and "recourse deadlines"), one request with "What to do
# now" (the rule's text) and its timeline, a step recorded (and one
# refused with the case operations' reason), the new-request wizard, the
# letter shown and saved as a PDF; English and Arabic at 80x24, one check
# at 120x40.
. "$top_srcdir/tests/tui/lib.sh"
# today: 1 May 2026 (a Friday), as in tests/cli/requests.sh
export RECOURSE_FAKE_NOW=$(date -u -d 2026-05-01T12:00:00Z +%s)

new_case Q "$PASS1" --regime gdpr --regime uk-dpa || bail "case new"
r "$PASS1" -- log add Q --when 2026-01-10T10:00:00Z --authority "Dublin unit" --country DE \
	--categories fingerprints >/dev/null 2>&1 || bail "log add"
# 1: sent 2 March 2026 to a German authority: due 2 April (GDPR Art. 12(3)), overdue on 1 May
rt "My date of birth is wrong" "1990-02-03" -- "$PASS1" -- request add Q --kind rectification --regime gdpr \
	--filed 2026-03-02 --controller DE --about - --correct-value - >/dev/null 2>&1 || bail "request 1"
# 2: sent 2 April: due 4 May 2026 (2 May is a Saturday), within 7 days
r "$PASS1" -- request add Q --kind access --regime gdpr --filed 2026-04-02 --controller DE >/dev/null 2>&1 || bail "request 2"
# 3: a draft, no date
r "$PASS1" -- request add Q --kind erasure --regime gdpr >/dev/null 2>&1 || bail "request 3"
# 4: sent 20 April: due 20 May
r "$PASS1" -- request add Q --kind access --regime gdpr --filed 2026-04-20 --controller DE >/dev/null 2>&1 || bail "request 4"
# the authority's answer to request 1, on a (fake) USB stick, as a proof
mkdir -p "$WORK/media/STICK" || bail "mkdir"
printf 'Synthetic answer, ref 4471: refused.\n' > "$WORK/media/STICK/answer-4471.txt" || bail "proof"
# a print command that keeps what it is sent (PATH holds only it: no
# other lp answers), and refuses when told to
mkdir -p "$WORK/bin" || bail "mkdir"
cat > "$WORK/bin/lp" <<EOF || bail "fake lp"
#!/bin/sh
PATH=/usr/bin:/bin
if [ -e "$WORK/lp-fail" ]; then
	echo "lp: Error - The printer or class does not exist." >&2
	exit 1
fi
echo "\$*" > "$WORK/lp-args"
cat > "$WORK/printed.pdf"
EOF
chmod +x "$WORK/bin/lp"
TUI_ENV="RECOURSE_TEST_MEDIA='$WORK/media' PATH='$WORK/bin'"

# scroll_until PATTERN: PgDn until the screen shows it (at most 10 pages).
scroll_until() {
	_i=0
	while ! screen | grep -Eq -- "$1" && [ $_i -lt 10 ]; do
		keys PgDn
		sleep 0.1
		_i=$((_i + 1))
	done
	screen | grep -Eq -- "$1"
}
# The oracle: what the command line says of the same case.
csv=$(r "$PASS1" -- request list Q --format csv 2>/dev/null)
dl=$(r "$PASS1" -- deadlines Q --format csv 2>/dev/null)
due_of() { printf '%s\n' "$csv" | awk -F, -v id="$1" '$1 == id { print $6 }'; }
state_of() { printf '%s\n' "$csv" | awk -F, -v id="$1" '$1 == id { print $4 }'; }
is "$(due_of 1)" "2026-04-02" "oracle: request 1 due 2 April 2026"
is "$(due_of 2)" "2026-05-04" "oracle: request 2 due 4 May 2026"
is "$(due_of 4)" "2026-05-20" "oracle: request 4 due 20 May 2026"
# deadlines CSV: sorted by due date (the TUI puts overdue first, then by date: the same here)
order=$(printf '%s\n' "$dl" | awk -F, 'NR > 1 && $5 != "" { printf "%s ", $1 }')
is "$order" "1 2 4 " "oracle: deadlines in the order 1, 2, 4"

tui_start 80 24 tui Q --lang en
unlock "$PASS1"
wait_for 'Since your last visit' >/dev/null
wait_for 'Needs doing now' "home: the block of what needs doing now"
like "$(screen)" '\[!\] correction: overdue: send a reminder or a complaint \(due 2026-04-02\)' \
	"home: the overdue request, what to do and when"
like "$(screen)" '\[>\] access \(a copy of the record and its log\): the answer is due' \
	"home: the request due within 7 days"
unlike "$(screen)" 'deletion:' "home: the draft does not need doing now"
keys r
wait_for 'requests to authorities' "r: the requests screen"
s=$(screen)
like "$s" '1/4' "the position in the list (1/4)"
# rows: the order and the due dates of the CLI
rows=$(screen | grep -E '^[> ] (correction|access|deletion)')
first=$(printf '%s\n' "$rows" | sed -n 1p)
second=$(printf '%s\n' "$rows" | sed -n 2p)
third=$(printf '%s\n' "$rows" | sed -n 3p)
fourth=$(printf '%s\n' "$rows" | sed -n 4p)
like "$first" "^> correction .*gdpr .*sent .*$(due_of 1) +\[!\] overdue" "row 1: the overdue correction, due as the CLI says, marked"
like "$second" "access .*gdpr .*sent .*$(due_of 2) +\[>\] due soon" "row 2: due within 7 days, marked"
like "$third" "access .*gdpr .*sent .*$(due_of 4) *$" "row 3: due 20 May, no mark"
like "$fourth" "deletion .*gdpr .*draft .* - *$" "row 4: the draft, no date, last"
is "$(state_of 3)" "draft" "oracle: request 3 is a draft"

# ---- one request
keys Enter
wait_for 'Request 1: correction' "Enter: the request"
s=$(screen)
like "$s" 'What to do now' "What to do now, first"
like "$s" 'overdue: send a reminder or a complaint' "the next action"
like "$s" 'Art\. 12\(3\), 2016/679' "the rule's article and act"
like "$s" '2 April 2026' "the due date in the rule's sentence"
like "$s" 'more below' "more below"
keys PgDn PgDn
wait_for 'What happened, step by step' "the timeline"
like "$(screen)" '2026-03-02 +sent' "the timeline: the day it was sent"
like "$(screen)" 'more above' "more above"

# ---- the answer is overdue: a reminder letter is offered
like "$(screen)" '\[ Reminder \(w\) \]' "overdue: the reminder is offered"
keys w
wait_for 'A reminder for request 1' "w: the reminder letter"
scroll_until 'was due by 2026-04-02'; ok $? "the reminder says when the answer was due"
like "$(screen)" 'due by 2026-04-02 \(Art\. 12\(3\), 2016/679\)\. I have received' "the deadline it missed, with its rule, and that none came"
keys Escape
wait_for 'Request 1: correction' "Esc: back on the request"

# ---- record a step: a day in the future is refused with the operation's reason
keys m
wait_for 'Record a step of request 1' "m: the step form"
like "$(screen)" 'What happened +< received by the authority >' "the first legal step from sent"
# every state offered, once round: only the moves the law allows from "sent"
seen=""
for i in 1 2 3 4 5 6 7 8 9; do
	seen="$seen|$(screen | grep '^> What happened' | sed 's/.*< \(.*\) >.*/\1/')"
	keys Right
	sleep 0.1
done
unlike "$seen" 'draft' "the form never offers going back to a draft"
unlike "$seen" '\|sent\|' "nor \"sent\" again"
like "$seen" 'answered' "it offers answered"
like "$seen" 'the authority took more time' "and more time"
# back to the first choice
while ! screen | grep -Eq '^> What happened +< received by the authority >'; do keys Right; sleep 0.05; done
keys Down C-u
type_text "2026-06-01"
keys F5
wait_for 'is in the future' "a step in the future is refused with the operations' message"
# choose "answered" (Up back to the state, Right until it reads answered)
keys Up
i=0
while ! screen | grep -Eq '^> What happened +< answered >'; do
	keys Right
	i=$((i + 1))
	[ $i -lt 10 ] || break
done
like "$(screen)" '> What happened +< answered >' "the form offers answered"
keys Down C-u
type_text "2026-04-28"
keys Down Down Down
wait_for '^> The answer' >/dev/null
keys Right Right
wait_for 'The answer +< refused >' "the answer: refused"
keys Down Down Down
wait_for '^> Proof +< no file' "the proof: none yet, Enter chooses one"
keys Enter
wait_for 'Choose the proof of the step' "Enter: the file chooser, for a proof"
like "$(screen)" 'USB stick or disk: STICK' "the stick is listed"
keys Enter
wait_for 'answer-4471\.txt' "the stick's files"
keys Enter
wait_for 'Keep this file in the case as the proof' "the file is confirmed first"
unlike "$(screen)" 'Looks like' "a proof is not sniffed as a log"
keys Enter
wait_for '^> Proof +< answer-4471\.txt >' "back on the form: the proof chosen"
like "$(screen)" 'What happened +< answered >' "the form kept what was chosen"
keys Down
type_text "Letter ref 4471"
# the stick pulled out before saving: said, nothing recorded, the form kept
mv "$WORK/media/STICK/answer-4471.txt" "$WORK/answer-away.txt"
keys F5
wait_for 'The proof cannot be read: No such file or directory\. Put the stick back' "a proof gone before saving: said why"
like "$(screen)" 'Record a step of request 1' "the form stays, with what was typed"
# (nothing recorded: the CLI counts two steps once the interface is closed, below)
mv "$WORK/answer-away.txt" "$WORK/media/STICK/answer-4471.txt"
keys Escape
wait_for 'not saved' "Esc with typed text asks first"
keys F5
wait_for 'The step was recorded' "saved: the step is recorded"
wait_for 'Request 1: correction' "back on the request"
like "$(screen)" 'refused: consider a complaint or a court' "the next action follows"
keys F10
wait_exit >/dev/null
# the command line reads the case once the interface has closed it
js=$(r "$PASS1" -- request show Q 1 --format json 2>/dev/null)
like "$js" '"state": "answered"' "the CLI: request 1 is answered"
like "$js" '"answer": "refused"' "the CLI: refused"
like "$js" '"detail": "Letter ref 4471"' "the CLI: the detail typed"
like "$js" '"day": "2026-04-28"' "the CLI: the day typed"
is "$(r "$PASS1" -- request show Q 1 --format json 2>/dev/null | grep -c '"to": ')" "2" \
	"the CLI: two steps (sent, answered): the refused one and the one without its proof left nothing"
docs=$(r "$PASS1" -- document list Q --format csv 2>/dev/null)
like "$docs" ",answer-4471\.txt,text/plain; charset=utf-8,$(stat -c %s "$WORK/media/STICK/answer-4471.txt")," \
	"the CLI: the proof is kept inside the case, with its name and size"
like "$(r "$PASS1" -- request show Q 1 2>/dev/null)" 'answered.*\[proof: document 1\]' "the CLI: the step names its proof"

tui_start 80 24 tui Q --lang en
unlock "$PASS1"
wait_for 'Since your last visit' >/dev/null
keys r
wait_for 'requests to authorities' >/dev/null
# answered now: after the requests with a date (2, 4), before the draft (3)
like "$(screen | grep -E '^[> ] (correction|access|deletion)' | sed -n 3p)" '^  correction .*answered' \
	"the answered request moved down: no due date any more"
keys Down Down Enter
wait_for 'Request 1: correction' >/dev/null

# ---- the letter: shown, saved as a PDF
keys t
wait_for 'The letter of request 1' "t: the letter"
like "$(screen)" "Letter sent in the authority's language\. Left/Right: another language" \
	"the letter's language: the authority's by default"
like "$(screen)" 'Betreff:' "a German authority: the letter in German"
keys Right
wait_for 'Letter sent in English\.' "Right: the letter sent in English"
wait_for 'Subject:' "the letter is made again in English"
scroll_until 'Art\. 16'; ok $? "the letter cites the legal basis (Art. 16)"
keys F5
wait_for 'Save as' "F5: the file name is asked"
type_text "$WORK/letter1.pdf"
keys F5
wait_for 'The letter was written to' "saved"
[ -f "$WORK/letter1.pdf" ]; ok $? "the PDF exists"
is "$(stat -c %a "$WORK/letter1.pdf" 2>/dev/null)" "600" "the PDF is 0600"
if command -v pdftotext >/dev/null 2>&1; then
	like "$(pdftotext "$WORK/letter1.pdf" - 2>/dev/null | tr '\n' ' ')" 'Legal basis: Art\. 16' "pdftotext reads the legal basis, in the language chosen"
else
	skip "pdftotext is not installed"
fi
keys F5
wait_for 'Save as' >/dev/null
type_text "$WORK/letter1.pdf"
keys F5
wait_for 'exists already' "a second save to the same name is refused with the operation's message"
keys Escape
sleep 0.6
keys Escape
wait_gone 'Save as' >/dev/null
# ---- the letter printed: asked first, a refusal in lp's words, then sent
keys p
wait_for 'Print the letter now' "p: printing asks first"
keys Escape
wait_gone 'Print the letter now' "Esc: not now"
[ ! -e "$WORK/lp-args" ]; ok $? "nothing was sent to the printer"
: > "$WORK/lp-fail"
keys p
wait_for 'Print the letter now' >/dev/null
keys Enter
wait_for 'The printer did not take the letter: lp: Error - The printer or class' \
	"a refusal is shown, with the print system's words"
rm -f "$WORK/lp-fail"
keys p
wait_for 'Print the letter now' >/dev/null
keys Enter
wait_for 'The letter was sent to the printer' "Enter: sent to the printer"
is "$(cat "$WORK/lp-args" 2>/dev/null)" "-s -t recourse" "lp is given no personal text: its job is titled recourse"
is "$(head -c 5 "$WORK/printed.pdf" 2>/dev/null)" "%PDF-" "the printer is sent a PDF"
if command -v pdftotext >/dev/null 2>&1; then
	like "$(pdftotext "$WORK/printed.pdf" - 2>/dev/null | tr '\n' ' ')" 'Art\. 16' "the printed letter cites the legal basis"
else
	skip "pdftotext is not installed"
fi
rm -f "$WORK/printed.pdf"
# no print command at all: said plainly, with what to do instead
mv "$WORK/bin/lp" "$WORK/bin/lp.off"
keys p
wait_for 'Print the letter now' >/dev/null
keys Enter
wait_for 'no print command' "without lp: the message says so and what to do instead"
mv "$WORK/bin/lp.off" "$WORK/bin/lp"
keys Escape
wait_for 'Request 1' >/dev/null
keys Escape
wait_for 'requests to authorities' >/dev/null

# ---- the wizard: a new correction under the GDPR
keys F7
wait_for 'New request \(1/6\)' "F7: the new-request wizard"
keys Down
keys Enter
wait_for 'Under which law' "the law"
like "$(screen)" 'Who must answer' "the routing is explained"
keys Enter
wait_for 'What is wrong' "what is wrong"
type_text "My name is misspelt"
keys Enter
type_text "Amina Yusuf"
keys Enter
type_text "Call +49 170 1234567"
keys Enter Enter
wait_for 'this request would tell the authority a telephone' "the risk check: a telephone number typed is found"
like "$(screen | tr '\n' ' ' | tr -s ' ')" 'take it out now\. Enter again: keep it' "it says what to do, and the wizard waits"
like "$(screen)" 'New request \(3/6\)' "still on the same step"
keys Up C-u
wait_gone '1234567' "the number taken out"
keys Down Enter
wait_for 'Which accesses' "the accesses"
like "$(screen)" '\[ \] .*Dublin unit' "the case's access, to tick"
keys Space
wait_for '\[x\] .*Dublin unit' "ticked"
keys Enter
wait_for 'New request \(5/6\)' "the letter's preview"
scroll_until 'Art\. 16'; ok $? "the preview shows the legal basis"
keys Enter
wait_for 'Sent, or a draft' "the last step"
keys Right
wait_for 'How it was sent' >/dev/null
keys Down C-u
type_text "2026-04-30"
keys F5
wait_for 'is recorded as sent' "recorded as sent"
wait_for 'Request 5: correction' "then the new request is shown"
keys F10
wait_exit >/dev/null
js=$(r "$PASS1" -- request show Q 5 --format json 2>/dev/null)
like "$js" '"kind": "rectification"' "the CLI: the new request is a correction"
like "$js" '"about": "My name is misspelt"' "the CLI: what is wrong, as typed"
like "$js" '"correct_value": "Amina Yusuf"' "the CLI: the right value"
unlike "$js" '1234567' "the CLI: the number taken out was never recorded"
like "$js" '"state": "filed"' "the CLI: sent"
like "$js" '"filed": "2026-04-30"' "the CLI: on the day typed"
like "$(r "$PASS1" -- request show Q 5 2>/dev/null)" 'Step 1' "the CLI: its timeline"

# ---- Arabic, 80x24: the list with Arabic-Indic dates, the detail's rule
tui_start 80 24 tui Q --lang ar
unlock "$PASS1"
wait_for 'ﺓﺮﻴﺧﺄﻟﺍ ﻚﺗﺭﺎﻳﺯ ﺬﻨﻣ' >/dev/null # the case home ("Since your last visit")
keys r
wait_for '١/٥' "Arabic: the requests screen, its position in Arabic-Indic digits"
s=$(screen)
like "$s" '٠٤-٠٥-٢٠٢٦|٢٠٢٦-٠٥-٠٤' "Arabic: request 2's due date (4 May 2026) in Arabic-Indic digits"
unlike "$(screen | sed -n '4,20p')" '2026' "Arabic: no ASCII date in the rows"
like "$(screen | grep '٢٠٢٦' | head -1)" '< *$' "Arabic: the selected row marked at the right (mirrored)"
keys Enter
wait_for 'Art\. 12\(3\), 2016/679|2016/679 ,Art\. 12\(3\)' "Arabic: the detail cites the article"
keys F10
wait_exit >/dev/null

# ---- 120x40: the wider list
tui_start 120 40 tui Q --lang en
unlock "$PASS1"
wait_for 'Since your last visit' >/dev/null
keys r
wait_for 'requests to authorities' >/dev/null
like "$(screen | grep -E '^> ')" "access \(a copy of the record and its log\) +gdpr +sent +$(due_of 2) +\[>\] due soon" \
	"120x40: the first row, due within 7 days (1 is answered now), the kind in full"
keys F10
wait_exit >/dev/null

# ---- the day the authority received it: request 4, sent 20 April, was
# received on 22 April (its acknowledgment says so): one month from
# receipt is 22 May 2026, a Friday (GDPR Art. 12(3))
tui_start 80 24 tui Q --lang en
unlock "$PASS1"
wait_for 'Since your last visit' >/dev/null
keys r
wait_for 'requests to authorities' >/dev/null
keys Down Enter
wait_for 'Request 4: access' "request 4"
unlike "$(screen)" 'Reminder \(w\)' "not overdue: no reminder offered"
keys w
wait_for 'A reminder is for an answer that is overdue' "w on a request not overdue: said why"
keys m
wait_for 'Record a step of request 4' >/dev/null
like "$(screen)" 'What happened +< received by the authority >' "received by the authority"
keys Down C-u
type_text "2026-04-24"
keys Down Down
wait_for '^> Received on' "the day it was received, a field of its own"
type_text "2026-04-22"
keys F5
wait_for 'The step was recorded' "saved"
keys F10
wait_exit >/dev/null
is "$(r "$PASS1" -- request list Q --format csv 2>/dev/null | awk -F, '$1 == 4 { print $6 }')" "2026-05-22" \
	"the CLI: request 4 is due one month from the day it was received, 22 May 2026"
like "$(r "$PASS1" -- request show Q 4 --format json 2>/dev/null)" '"received": "2026-04-22"' "the CLI: received on 22 April"

# ---- Arabic: a step recorded with the day typed in Arabic-Indic digits,
# in the form the screen shows it (day-month-year read from the left)
tui_start 80 24 tui Q --lang ar
unlock "$PASS1"
wait_for 'ﺓﺮﻴﺧﺄﻟﺍ ﻚﺗﺭﺎﻳﺯ ﺬﻨﻣ' >/dev/null # the case home ("Since your last visit")
keys r
wait_for '١/٥' >/dev/null
keys Enter
wait_for 'Art\. 12\(3\), 2016/679|2016/679 ,Art\. 12\(3\)' >/dev/null
keys m
wait_for '٠١-٠٥-٢٠٢٦' "Arabic: the step form, today in the form the screen shows dates"
keys Down C-u
type_text "٢٩-٠٤-٢٠٢٦"
keys F5
wait_gone '٠١-٠٥-٢٠٢٦' "Arabic: saved, back on the request"
# the wizard in Arabic: an erasure, what is wrong typed in Arabic, kept as a draft
keys Escape
wait_for '١/٥' >/dev/null
keys F7
wait_for '١/٦' "Arabic: the wizard, its steps in Arabic-Indic digits"
keys Down Down Down Enter
wait_for '٢/٦' >/dev/null
keys Enter
wait_for '٣/٦' >/dev/null
type_text "بصماتي محفوظة بعد المدة"
keys Enter Enter Enter Enter
wait_for '٤/٦' >/dev/null
keys Enter
wait_for '٥/٦' "Arabic: the letter's preview"
keys Enter
wait_for '٦/٦' >/dev/null
keys F5
wait_gone '٦/٦' "Arabic: kept as a draft, the wizard closes"
keys F10
wait_exit >/dev/null
js=$(r "$PASS1" -- request show Q 2 --format json 2>/dev/null)
like "$js" '"state": "acknowledged"' "Arabic: the CLI: request 2 received by the authority"
like "$js" '"day": "2026-04-29"' "Arabic: the CLI: on 29 April 2026, typed in Arabic-Indic digits"
js=$(r "$PASS1" -- request show Q 6 --format json 2>/dev/null)
like "$js" '"kind": "erasure"' "Arabic: the CLI: the wizard's request is an erasure"
like "$js" '"about": "بصماتي محفوظة بعد المدة"' "Arabic: the CLI: what is wrong, as typed in Arabic"
like "$js" '"state": "draft"' "Arabic: the CLI: a draft"
done_testing
