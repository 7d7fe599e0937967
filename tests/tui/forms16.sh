#!/bin/sh
# forms16.sh - the forms and safety points of issues 16 and 15, in
# English and Arabic at 80x24: a key slot's passphrases typed differently
# start again on the first field; settings change with Left/Right (and
# say so); the idle lock counts down its last seconds and any key keeps
# the case open; a shared terminal starts neutral (the last language only
# on a personal one); the unlock screen counts down the wait the case
# keeps after wrong passphrases (across restarts) and the home reports
# them; the home lists the case's requests.
. "$top_srcdir/tests/tui/lib.sh"
# file_has PATTERN FILE: the file holds a line matching PATTERN, within 2 s
# (the screen is painted before the settings file is written)
file_has() {
	_n=0
	until grep -q -- "$1" "$2" 2>/dev/null; do
		_n=$((_n + 1))
		[ $_n -lt 40 ] || return 1
		sleep 0.05
	done
}

CONF="$XDG_CONFIG_HOME/recourse/settings"
mkdir -p "$XDG_CONFIG_HOME/recourse"

# open_case LABEL: on the unlock screen (its title names the case, in any language), the passphrase.
open_case() { wait_for "$1" >/dev/null; sleep 0.3; type_text "$PASS1"; keys Enter; }

# home_ready: the case home is shown (its counts, in either language's digits).
home_ready() { wait_for ' l ' >/dev/null && wait_for '[0-9٠١٢٣٤٥٦٧٨٩]' >/dev/null; sleep 0.3; }

# ---- a key slot: the two passphrases differ ----
for L in en ar; do
	new_case S-$L "$PASS1" || bail "case new"
	rm -f "$CONF"
	tui_start 80 24 tui S-$L --lang $L
	open_case S-$L
	home_ready
	keys F9
	wait_for '\+|\[' >/dev/null
	keys End Up Enter
	sleep 0.5
	type_text "counsel"
	keys Enter
	type_text "one passphrase"
	keys Enter
	type_text "another passphrase"
	keys Enter
	sleep 0.5
	[ $L = en ] && wait_for 'The two passphrases are not the same' "$L: the passphrases differ: said"
	first=$(( $(line_of 'counsel') + 1 ))
	_cy=$(cursor | cut -d, -f2)
	is "$_cy" "$first" "$L: the cursor is back on the first passphrase"
	like "$(screen | sed -n "$((first + 1))p")" '^[^*]*$' "$L: the first passphrase is emptied"
	like "$(screen | sed -n "$((first + 2))p")" '^[^*]*$' "$L: the second too"
	type_text "counsel passphrase"
	keys Enter
	type_text "counsel passphrase"
	keys Enter
	wait_for 'applicant' >/dev/null
	like "$(screen)" 'counsel' "$L: typed again from the first field: the slot is added"
	keys F10
	wait_for '^\[exited [0-9]+\]' >/dev/null
	out=$(r "counsel passphrase" -- case info S-$L 2>&1)
	like "$out" 'counsel' "$L: the new passphrase opens the case"
done

# ---- settings: Left and Right ----
rm -f "$CONF"
tui_start 80 24 tui S-en --lang en
unlock "$PASS1"
home_ready
keys F9
wait_for 'Lock after 3 minutes' "settings: the idle lock at 3 minutes"
keys Down
wait_for 'Left and Right \(or Enter\) change it' "the hint says Left and Right change it"
keys Right
wait_for 'Lock after 5 minutes' "Right: the next value"
file_has '^idle-lock = 300$' "$CONF"; ok $? "kept at once in the settings file"
keys Left Left
wait_for 'Lock after 2 minutes' "Left twice: two values back"
keys Down Right
wait_for 'arranged by the terminal' "Right on the text direction changes it"
keys Left
wait_for 'arranged by recourse' "Left changes it back"
keys Down Down Right
wait_for 'This terminal: personal' "Right: this terminal is personal"
grep -q '^terminal = personal$' "$CONF"; ok $? "the settings file says so"
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null

rm -f "$CONF"
tui_start 80 24 tui S-ar --lang ar
open_case S-ar
home_ready
keys F9
wait_for '٣' "Arabic: settings, the idle lock at ٣ minutes"
keys Down
keys Left
wait_for '٥' "Arabic: Left (the next value, right to left) gives ٥ minutes"
file_has '^idle-lock = 300$' "$CONF"; ok $? "Arabic: kept at once"
keys Right Right
_i=0
until grep -q '^idle-lock = 120$' "$CONF" || [ $_i -ge 100 ]; do sleep 0.05; _i=$((_i + 1)); done
grep -q '^idle-lock = 120$' "$CONF"; ok $? "Arabic: Right twice: two values back (2 minutes), kept"
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null

# ---- a shared terminal starts neutral ----
printf 'language = ar\n' > "$CONF"
tui_start 80 24
wait_for 'Choose your language' "shared (the default): the start is in English, whatever was chosen last"
cursor_on '^> English' "English preselected, not the last person's language"
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null
printf 'terminal = personal\nlanguage = ar\n' > "$CONF"
tui_start 80 24
wait_for 'ﺔﻴﺑﺮﻌﻟﺍ' >/dev/null
sleep 0.3
unlike "$(screen)" 'Choose your language' "personal: the last language (Arabic) comes back"
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null
printf 'terminal = shared\n' > "$CONF"
tui_start 80 24
wait_for 'Choose your language' >/dev/null
keys Down Enter
wait_for 'F10' >/dev/null
sleep 0.3
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null
grep -q '^terminal = shared$' "$CONF" && grep -q '^language = $' "$CONF"
ok $? "shared: no language written to the settings file"

# ---- the idle lock counts down ----
for L in en ar; do
	printf 'idle-lock = 6\n' > "$CONF"
	tui_start 80 24 tui S-$L --lang $L
	open_case S-$L
	home_ready
	home=$(screen | sed -n 1,6p)
	if [ $L = en ]; then
		wait_for 'The case closes in [0-9] seconds?\. Press any key to keep it open' "$L: the idle lock warns, counting down"
	else
		wait_for '[١٢٣]' "$L: the idle lock warns, counting down (Arabic-Indic digits)"
	fi
	t1=$(screen | tail -3)
	sleep 1.1
	t2=$(screen | tail -3)
	[ "$t1" != "$t2" ]; ok $? "$L: the count goes down"
	keys x
	sleep 0.3
	is "$(screen | tail -3 | head -2 | tr -d ' \n')" "" "$L: a key: the warning is gone"
	is "$(screen | sed -n 1,6p)" "$home" "$L: the key did nothing else; the case is still open"
	wait_exit "$L: left alone again, the lock closes the case"
	unlike "$(screen)" 'S-' "$L: the screen is cleared"
done
rm -f "$CONF"

# ---- unlock: the wait the case keeps, counted down ----
# Real time here: the wait is measured in seconds of the wall clock.
unset RECOURSE_FAKE_NOW
new_case U-1 "$PASS1" || bail "case new"
r "$PASS1" -- request add U-1 --kind erasure --filed 2025-11-01 >/dev/null 2>&1 || bail "request add"
r "$PASS1" -- request add U-1 --kind access --filed 2025-12-01 >/dev/null 2>&1 || bail "request add"
for i in 1 2 3 4; do r "wrong pass $i" -- case info U-1 >/dev/null 2>&1; done
tui_start 80 24 tui U-1 --lang en
wait_for 'Please wait [0-9]+ seconds? before the next try' "wrong passphrases before this start: the wait is shown at once"
like "$(screen)" 'also after the program is started again' "and why"
t1=$(screen)
wait_gone 'Please wait' "the countdown ends"
type_text "wrong again"
keys Enter
wait_for 'does not open this case' "a wrong passphrase"
wait_for 'Please wait [0-9]+ seconds?' "the next wait, counted down"
wait_gone 'Please wait' >/dev/null
sleep 0.2
type_text "$PASS1"
keys Enter
wait_for 'Since the case was last opened, [0-9]+ wrong passphrases were typed' "the home says how many wrong passphrases were typed"
wait_for 'Requests sent to authorities' "the home lists the requests"
like "$(screen)" 'deletion · sent 2025-11-01' "a request: what and when, in words"
like "$(screen)" 'access \(a copy of the record and its log\) · sent 2025-12-01' "the second request"
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null

for i in 1 2 3 4 5; do r "wrong pass $i" -- case info U-1 >/dev/null 2>&1; done
tui_start 80 24 tui U-1 --lang ar
wait_for 'ﺔﻴﻟﺎﺘﻟﺍ ﺔﻟﻭﺎﺤﻤﻟﺍ ﻞﺒﻗ' "Arabic: the wait is shown at once"
wait_gone 'ﺔﻴﻟﺎﺘﻟﺍ ﺔﻟﻭﺎﺤﻤﻟﺍ ﻞﺒﻗ' "Arabic: the countdown ends"
type_text "$PASS1"
keys Enter
wait_for '٢٠٢٥' "Arabic: the home, its request dates in Arabic-Indic digits"
like "$(screen)" '\[!\].*[١٢٣٤٥٦٧٨٩]|[١٢٣٤٥٦٧٨٩].*\[!\]' "Arabic: the wrong passphrases reported, with their count"
unlike "$(screen)" '2025' "Arabic: no ASCII date"
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null
# ---- the new-case wizard asks about the person (Arabic; English in forms.sh) ----
export RECOURSE_FAKE_NOW=1768478400
rm -f "$CONF"
tui_start 80 24 tui --lang ar
wait_for 'F1' >/dev/null
sleep 0.3
keys Home Enter
wait_for '٥' "Arabic: the wizard's steps in Arabic-Indic digits (of ٥)"
unlike "$(screen | head -1)" '[0-9]' "Arabic: no ASCII digit in the step title"
type_text "W-ar"
keys Enter Enter Enter
wait_for '٤' "Arabic: step ٤, about the person"
type_text "Amina Y."
keys Enter
type_text "EU-REF-88"
keys Enter
wait_for 'eurodac:applicant=2023-09-04' "Arabic: on the record's date, its example as it is typed"
type_text "2023-09-04"
keys Enter
wait_gone 'eurodac:applicant' "Arabic: on to the passphrase"
type_text "$PASS1"
keys Tab
type_text "$PASS1"
keys Enter
wait_for 'Amina Y' "Arabic: the case home greets by the name typed in the wizard"
keys F10
wait_for '^\[exited [0-9]+\]' >/dev/null
out=$(r "$PASS1" -- case info W-ar 2>&1)
like "$out" 'EU-REF-88' "Arabic: the record reference is kept"
like "$out" '2023-09-04' "Arabic: and the record's date"
done_testing
