#!/bin/sh
# detail-list.sh - issue 16, points 3 to 5, in English and Arabic at
# 80x24 and the layout at 120x40:
# - the detail leads with the warnings and their explanation (with the
#   rule), says "more below" and which lines are shown, and its place in
#   the list; Enter reads on and does not jump into the original record;
#   Right/Left step to the next/previous access (Left/Right in Arabic,
#   Persian and Pashto: the way the text reads);
# - the list shows the selected access's place (1/31), ^U clears every
#   filter at once;
# - the warning column keeps the "+N more" marker and the first words;
#   the footer drops nothing in silence ("F1 More keys" at 80 columns,
#   every key at 120).
. "$top_srcdir/tests/tui/lib.sh"

new_case D-1 "$PASS1" --country ER || bail "case new"
r "$PASS1" -- log import D-1 "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "log import"
r "$PASS1" -- log add D-1 --when 2024-03-01T10:00:00Z --authority "Eritrean embassy" \
	--country ER --categories fingerprints >/dev/null 2>&1 || bail "log add"

# English, 80x24.
tui_start 80 24 tui D-1 --lang en
unlock "$PASS1"
wait_for 'Since your last visit' >/dev/null
keys l
wait_for '1/31' "en: the list shows the place of the selected access (1/31)"
is "$(line_of '1/31')" "2" "en: on the line above the headings"
keys Down
wait_for '2/31' "en: the place follows the selection (2/31)"
row=$(screen | grep 'Eritrean')
like "$row" '\[!\] Country you fled \+1' "en: at 80 columns the warning and its +1 marker are whole"
like "$(screen | tail -1)" 'F1 More keys' "en: the footer says there are more keys (nothing dropped silently)"
# The flagged access: its detail.
keys Home
wait_for '^>( |•)2024-05-16' >/dev/null
i=0
while ! screen | grep -qE '^>( |•)2024-03-01' && [ $i -lt 40 ]; do keys Down; sleep 0.05; i=$((i + 1)); done
wait_for '^>( |•)2024-03-01' "en: the Eritrean access selected"
keys Enter
wait_for 'One access to your record \([0-9]+/31\)' "en: the detail says where the access is in the list"
pos=$(screen | sed -n 1p | sed 's/.*(\([0-9]*\)\/31).*/\1/')
is "$(line_of 'Warnings about this access')" "2" "en: the warnings come first (first body line)"
like "$(screen | sed -n 4p)" '\[!\] Country you fled' "en: the first warning right under the heading"
like "$(screen)" 'Rule:' "en: the explanation gives the rule it rests on"
like "$(screen | sed -n 22p)" '▼ more below' "en: a sign says there is more below"
like "$(screen | sed -n 22p)" 'lines 1-19/[0-9]+' "en: and which lines are shown"
keys Enter
wait_for '▲ more above' "en: Enter reads on (more above now)"
unlike "$(screen)" 'exactly as it was received:|resourceType' "en: Enter does not open the original record"
keys Right
wait_for "One access to your record \\($((pos + 1))/31\\)" "en: Right goes to the next access"
like "$(screen | sed -n 22p)" 'lines 1-' "en: the next access is shown from its start"
keys Left Left
wait_for "One access to your record \\($((pos - 1))/31\\)" "en: Left goes back one access at a time"
keys Escape
wait_for "^>.*$((pos - 1))/31|$((pos - 1))/31" "en: the list followed the detail"
# A filter, then clear every filter at once.
keys F4
wait_for 'Show only some accesses' >/dev/null
type_text "embassy"
keys Enter
wait_for 'authority: embassy' "en: a filter is in use"
like "$(screen | sed -n 3p)" ' 1/…$' "en: a filter by name is not counted (a scan): the place alone (1/…)"
keys C-u
wait_for 'Filter cleared' "en: ^U clears every filter"
unlike "$(screen | sed -n 3p)" 'authority' "en: no filter left"
like "$(screen | sed -n 3p)" '1/31' "en: the whole list again"
keys F12
wait_exit "en: quick exit"

# The layout at 120x40: every key in the footer, the warning whole.
tui_start 120 40 tui D-1 --lang en
unlock "$PASS1"
wait_for 'Since your last visit' >/dev/null
keys l
wait_for '1/31' "120: the list"
# the footer is painted with the list, but a loaded machine may show the
# pane between the two: wait for the list's own footer key first
wait_for 'F7 New' >/dev/null
f=$(screen | tail -1)
like "$f" 'F7 New' "120: the footer has room for every key (F7 New)"
unlike "$f" 'More keys' "120: and says Help"
like "$(screen | grep 'Landespolizei' | head -1)" '\[!\] Not an asylum or border authority \+2' "120: the warning column is not starved"
keys F12
wait_exit "120: quick exit"

# Arabic, 80x24.
tui_start 80 24 tui D-1 --lang ar
unlock "$PASS1"
wait_for '\[!\]' >/dev/null
keys l
wait_for '١/٣١' "ar: the place in the list, in Arabic-Indic digits"
keys Enter
wait_for '\(١/٣١\)' "ar: the detail says its place"
keys Left
wait_for '\(٢/٣١\)' "ar: Left goes on to the next access (the way Arabic reads)"
keys Right
wait_for '\(١/٣١\)' "ar: Right goes back"
like "$(screen | sed -n 22p)" '▼' "ar: a sign says there is more below"
keys F12
wait_exit "ar: quick exit"
done_testing
