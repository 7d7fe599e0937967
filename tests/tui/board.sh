#!/bin/sh
# board.sh - the office deadline board in the terminal: reached from the
# case list with d (only when there is a board), the office passphrase
# (a wrong one said plainly), every case's open requests with the most
# overdue first and the same due dates as "recourse deadlines --office",
# the board read again when a case changes while it is open, Enter opens
# the case at that request; Arabic at 80x24, one look at 120x40.
. "$top_srcdir/tests/tui/lib.sh"
# today: 1 May 2026 (a Friday), as in requests.sh
export RECOURSE_FAKE_NOW=$(date -u -d 2026-05-01T12:00:00Z +%s)
OPASS="office pass one"
export RECOURSE_OFFICE_DIR="$WORK/office"
TUI_ENV="RECOURSE_OFFICE_DIR='$RECOURSE_OFFICE_DIR'"

# no board yet: the case list does not offer the key
new_case alpha "$PASS1" --regime gdpr || bail "case alpha"
tui_start 80 24 tui --lang en
wait_for 'cases on this computer' "the case list"
unlike "$(screen | tail -1)" 'Deadlines' "no office board: the footer does not offer it"
keys d
sleep 0.3
unlike "$(screen)" 'Office deadlines' "no office board: d does nothing"
tm kill-server >/dev/null 2>&1

r "$OPASS" -- office new $KDF >/dev/null 2>&1 || bail "office new"
new_case beta "$PASS1" --regime gdpr || bail "case beta"
# alpha: sent 2 March, due 2 April 2026: overdue by 29 days; and one due 20 May
r "$PASS1" -- request add alpha --kind rectification --regime gdpr --filed 2026-03-02 --controller DE \
	>/dev/null 2>&1 || bail "alpha request 1"
r "$PASS1" -- request add alpha --kind access --regime gdpr --filed 2026-04-20 --controller DE \
	>/dev/null 2>&1 || bail "alpha request 2"
# beta: sent 2 February, due 2 March 2026: overdue by 60 days, the most overdue
r "$PASS1" -- request add beta --kind access --regime gdpr --filed 2026-02-02 --controller DE \
	>/dev/null 2>&1 || bail "beta request 1"
r "$PASS1" -- office join alpha >/dev/null 2>&1 || bail "join alpha"
r "$PASS1" -- office join beta >/dev/null 2>&1 || bail "join beta"
# the oracle: the command line's board
csv=$(r "$OPASS" -- deadlines --office --format csv 2>/dev/null)
like "$csv" 'beta,1,access,gdpr,filed,2026-03-02,-60,overdue' "oracle: beta's request overdue by 60 days"
like "$csv" 'alpha,1,rectification,gdpr,filed,2026-04-02,-29,overdue' "oracle: alpha's overdue by 29 days"
like "$csv" 'alpha,2,access,gdpr,filed,2026-05-20,19,pending' "oracle: alpha's second due 20 May"

tui_start 80 24 tui --lang en
wait_for 'cases on this computer' >/dev/null
like "$(screen | tail -1)" 'd Deadlines' "with a board: the footer offers d"
keys d
wait_for 'Office deadlines' "d: the office deadlines"
wait_for 'Office passphrase' "the office passphrase is asked first"
type_text "not the office pass"
keys Enter
wait_for "This is not the office board's passphrase" "a wrong passphrase is said plainly"
unlike "$(screen)" 'not the office pass' "nothing typed is shown"
type_text "$OPASS"
keys Enter
wait_for '1/3' "the right passphrase: the board, 3 open requests"
rows=$(screen | grep -E '^[> ] (alpha|beta) ')
first=$(printf '%s\n' "$rows" | sed -n 1p)
second=$(printf '%s\n' "$rows" | sed -n 2p)
third=$(printf '%s\n' "$rows" | sed -n 3p)
like "$first" '^> beta +access.* 2026-03-02 +-60 \[!\] overdue' "first: the most overdue (beta, 60 days), marked"
like "$second" '^  alpha +correction.* 2026-04-02 +-29 \[!\] overdue' "second: alpha's overdue request, marked"
like "$third" '^  alpha +access.* 2026-05-20 +19 +wait for the answer' "third: alpha's request due in 19 days, not marked"
unlike "$third" '\[!\]' "the pending row has no overdue mark"
like "$(screen)" 'Next action: overdue: send a reminder or a complaint\.' "the selected row's next action in full"
like "$(screen | tr '\n' ' ' | tr -s ' ')" 'Overdue by 60 days\. Due 2 March 2026: 1 month after the day of receipt, Art\. 12\(3\), 2016/679' \
	"the selected row's rule, as the CLI says it"
# the overdue mark in the colour the requests screen gives it
esc=$(printf '\033')
like "$(screen_attr | grep -E 'alpha .*2026-04-02')" "${esc}\\[[0-9;]*m\\[!\\]" "the mark is drawn in an attribute of its own (R_FLAG, as on the requests screen)"

# ---- a case changes while the board is open: the board follows
keys Down
wait_for '2/3' >/dev/null
r "$PASS1" -- request move alpha 1 --to answered --day 2026-04-30 --answer granted >/dev/null 2>&1 || bail "move"
wait_for '1/2|2/2' "the board read the update: 2 open requests now"
unlike "$(screen)" 'alpha +correction' "alpha's answered request left the board"
like "$(screen | grep -E '^> ')" '^> (beta|alpha)' "a row is still selected"
# a new request in beta appears too
r "$PASS1" -- request add beta --kind erasure --regime gdpr --filed 2026-04-10 --controller DE \
	>/dev/null 2>&1 || bail "beta request 2"
wait_for '/3' "the board shows beta's new request"
like "$(screen)" 'beta +erasure|beta +deletion' "beta's new request is listed"

# ---- Enter: the case, its passphrase, then that request selected
keys Home
wait_for '1/3' >/dev/null
keys Enter
wait_for 'Open the case beta' "Enter: beta's passphrase is asked"
unlock "$PASS1"
wait_for 'Case beta - requests to authorities' "unlocked: beta's requests"
like "$(screen | grep -E '^> ')" '^> access .*2026-03-02' "that request is selected"
keys Escape
wait_for 'Since your last visit|Case beta' >/dev/null
keys Escape
wait_for 'Office deadlines' "Esc from the case home: back on the board"
like "$(screen)" '/3' "the board is still open"
keys Escape
wait_for 'cases on this computer' "Esc: back to the case list"
keys F10
wait_exit >/dev/null

# ---- 120x40: the mark in words, nothing cut that fits
tui_start 120 40 tui --lang en
wait_for 'cases on this computer' >/dev/null
keys d
wait_for 'Office passphrase' >/dev/null
type_text "$OPASS"
keys Enter
wait_for '1/3' "120x40: the board"
like "$(screen | grep -E '^> ')" 'beta +access \(a copy of the record and its log\) +2026-03-02 +-60 \[!\] overdue: send a reminder or a complaint' \
	"120x40: the first row whole (the kind and the next action in full)"
keys F10
wait_exit >/dev/null

# ---- Arabic
tui_start 80 24 tui --lang ar
wait_for 'd ' >/dev/null
keys d
wait_for '\*|F1' >/dev/null
sleep 0.3
type_text "$OPASS"
keys Enter
wait_for '١/٣' "Arabic: the board opens, its position in Arabic-Indic digits"
like "$(screen)" 'beta' "Arabic: the case label"
like "$(screen)" '٢٠٢٦-٠٣-٠٢|٠٢-٠٣-٢٠٢٦' "Arabic: the most overdue due date (2 March 2026)"
keys F10
wait_exit >/dev/null
done_testing
