#!/bin/sh
# letter.sh - the letter form (issue 16, point 5), in English and Arabic
# at 80x24: "Data touched" ticked from a list in the reader's language
# (no keywords), Esc asks before throwing typed text away, the saved
# access shows in the list (a filter hiding it is cleared, and said), and
# a hand-written access corrected or withdrawn from its detail (e), the
# earlier version kept in the journal.  Any script's comma between
# categories on the command line.
. "$top_srcdir/tests/tui/lib.sh"

new_case L-en "$PASS1" --country SY || bail "case new"
r "$PASS1" -- log add L-en --when 2024-03-01T10:00:00Z --authority "Syrian police" --country SY \
	--categories fingerprints >/dev/null 2>&1 || bail "log add"
r "$PASS1" -- log import L-en "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "log import"

tui_start 80 24 tui L-en --lang en
unlock "$PASS1"
wait_for 'Since your last visit' >/dev/null
keys l
wait_for 'Syrian police' "the list"
keys F4
wait_for 'Show only some accesses' >/dev/null
keys Tab
type_text SY
keys F5
wait_for 'country: SY' "a filter on the country SY"
keys F7
wait_for 'Write down an access' "F7: the letter form"
type_text "2024-06-01"
keys Enter
type_text "Dublin unit"
keys Enter
type_text DE
# When, Authority, Country, Role, System, Did what: the sixth Enter is on Data touched
keys Enter Enter Enter Enter
wait_for '\[ \] fingerprints +\[ \] face image +\[ \] iris' "Data touched: a list of ticks in words"
s=$(screen)
unlike "$s" 'face-image|biographic' "no keyword to type"
cursor_on '\[ \] fingerprints' "the cursor is on the ticks"
keys Right Space
wait_for '\[x\] face image' "Right and Space tick the second one"
like "$(screen | grep '^> Data touched')" 'Data touched +face image$' "the field shows what is ticked, in words"
keys Right Right Space
wait_for '\[x\] personal details' "a second tick"
like "$(screen | grep '^> Data touched')" 'face image, personal details' "both, with a comma"
x=$(cursor | cut -d, -f1)
[ "$x" -gt 40 ]; ok $? "the cursor moved right along the ticks (x=$x)"
type_text "abc"
like "$(screen | grep '^> Data touched')" 'face image, personal details$' "typing on the ticks changes nothing"

keys Escape
wait_for 'Throw away what you typed\?' "Esc with typed text asks first"
sleep 0.9 # not a second Esc at once (the old quick exit)
keys Escape
wait_gone 'Throw away' "Esc again: the question goes"
like "$(screen)" 'Dublin unit' "and what was typed is still there"

keys F5
wait_for 'The filter is cleared' "saved: the filter that hid it is cleared, and said"
wait_for 'Dublin unit +DE' "the new access shows in the list"
unlike "$(screen)" 'country: SY' "no filter line left"
like "$(screen)" 'Syrian police' "the other access too"

# Correct it from its detail.
keys Home Enter
wait_for 'One access to your record' "its detail"
keys e
wait_for 'Correct or withdraw access number [0-9]+' "e: the correction form"
like "$(screen)" 'When +2024-06-01' "the form holds the access as it was (date)"
like "$(screen)" 'Data touched +face image, personal details' "and what it touched"
keys Down C-u
type_text "2024-06-02"
# down to the last field, "Why"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do keys Down; done
wait_for '^> Why' "the last field: why it changes"
type_text "wrong day typed"
keys F5
wait_for 'Access number [0-9]+ is corrected' "saved as a correction"
like "$(screen)" 'One access to your record' "back on the access, as corrected"
keys Escape
wait_for '2024-06-02 +Dublin unit' "the list shows the corrected date"

# Withdraw it.
keys Enter
wait_for 'One access to your record' >/dev/null
keys e
wait_for 'Correct or withdraw' >/dev/null
keys Space
wait_for 'Withdraw it: it was written down by mistake' "the choice: withdraw"
keys F5
wait_for 'Withdraw this access\?' "withdrawing asks first"
keys Enter
wait_for 'Access number [0-9]+ is withdrawn' "withdrawn"
wait_gone 'Dublin unit' "gone from the list"

# An imported (not hand-written) access cannot be corrected: said so.
keys End Enter
wait_for 'One access to your record' >/dev/null
keys e
wait_for 'Only an access you wrote down by hand' "an access from a log: e says why not"

# Esc on an empty form goes straight back.
keys Escape
wait_for 'Syrian police' >/dev/null
keys F7
wait_for 'Write down an access' >/dev/null
keys Escape
wait_for 'who looked at your record' "Esc on an empty form: back at once"
keys F10
wait_exit "quit"
out=$(r "$PASS1" -- log list L-en 2>&1)
unlike "$out" 'Dublin' "the withdrawn access is not in the case"
out=$(r "$PASS1" -- case journal L-en --format json 2>&1)
like "$out" 'wrong day typed' "the journal keeps the reason of the correction"
like "$out" '2024-06-01' "and the earlier version"

# The command line takes the Arabic comma (and the others) between categories.
out=$(r "$PASS1" -- log add L-en --when 2024-07-01 --authority "Amt" --country DE \
	--categories "fingerprints، iris，other" 2>&1)
ok $? "log add --categories with Arabic and fullwidth commas"
id=$(printf '%s' "$out" | grep -Eo '[0-9]+' | tail -1)
out=$(r "$PASS1" -- log show L-en "$id" 2>&1)
like "$out" 'fingerprints' "fingerprints kept"
like "$out" 'iris' "iris kept"

# ---- Arabic ----
new_case L-ar "$PASS1" --country SY || bail "case new"
tui_start 80 24 tui L-ar --lang ar
unlock "$PASS1"
wait_for '٠' >/dev/null # the case home: its counts in Arabic-Indic digits
keys F7
wait_for 'ﺔﻟﺎﺳﺭ ﻦﻣ ﻝﻮﺻﻭ' >/dev/null # the form's title
type_text "2024-06-01"
keys Enter
type_text "Dublin unit"
keys Enter
type_text DE
keys Enter Enter Enter Enter
# Visual order: the tick after the (reversed, shaped) words, the first on the right.
wait_for 'ﻊﺑﺎﺻﺄﻟﺍ ﺕﺎﻤﺼﺑ \[ \] *$' "Arabic: the ticks in Arabic, the first at the right edge"
s=$(screen)
unlike "$s" 'fingerprints|face-image|biographic' "Arabic: no English keyword"
keys Left Space
wait_for 'ﻪﺟﻮﻟﺍ ﺓﺭﻮﺻ \[x\]' "Arabic: Left moves on (right to left), Space ticks face image"
x=$(cursor | cut -d, -f1)
[ "$x" -lt 60 ]; ok $? "Arabic: the cursor moved left along the ticks (x=$x)"
row=$(screen | grep 'ﻪﺟﻮﻟﺍ ﺓﺭﻮﺻ' | grep -v '\[' | head -1)
like "$row" 'ﻪﺟﻮﻟﺍ ﺓﺭﻮﺻ' "Arabic: the field shows the tick in Arabic"
keys Escape
sleep 0.9
wait_gone 'ﻊﺑﺎﺻﺄﻟﺍ ﺕﺎﻤﺼﺑ \[ \]' "Arabic: Esc asks (the ticks give way to the question)"
like "$(screen)" 'Dublin unit' "Arabic: the text is still there"
keys Enter
wait_gone 'Dublin unit' "Arabic: Enter throws it away"
keys F7
wait_for 'ﺔﻟﺎﺳﺭ ﻦﻣ ﻝﻮﺻﻭ' >/dev/null
type_text "2024-06-01"
keys Enter
type_text "Dublin unit"
keys F5
wait_for '١' "Arabic: saved, its number in Arabic-Indic digits"
keys l
wait_for 'Dublin unit' "Arabic: the access is in the list"
keys F10
wait_exit "quit"
out=$(r "$PASS1" -- log list L-ar 2>&1)
like "$out" 'Dublin unit' "Arabic: one access saved"
done_testing
