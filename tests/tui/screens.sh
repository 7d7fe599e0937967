#!/bin/sh
# screens.sh - every screen in English at 80x24: welcome and language,
# case picker, unlock (wrong passphrase, then right), case home, access
# log, detail with the original record, filter, help, settings; the
# cursor on the selection; attributes in monochrome (NO_COLOR).
. "$top_srcdir/tests/tui/lib.sh"

new_case A-2025-014 "$PASS1" --country ER || bail "case new"
r "$PASS1" -- log import A-2025-014 "$SAMPLES/auditevents-r5.ndjson" >/dev/null 2>&1 || bail "log import"
r "$PASS1" -- log add A-2025-014 --when 2024-03-01T10:00:00Z --authority "Eritrean embassy" \
	--country ER --categories fingerprints >/dev/null 2>&1 || bail "log add"

TUI_ENV="NO_COLOR=1"
tui_start 80 24
wait_for 'Choose your language' "welcome screen asks for the language"
s=$(screen)
like "$s" 'English' "English is listed"
like "$s" 'Українська' "Ukrainian in its own script"
like "$s" 'ትግርኛ' "Tigrinya in its own script"
like "$s" 'ﺔﻴﺑﺮﻌﻟﺍ' "Arabic name shaped (presentation forms)"
cursor_on '^> English' "cursor on the selected language"
like "$(screen_attr | grep 'English')" '\[(0;)?7m' "selection shown in reverse video without colour"
keys Enter
wait_for 'cases on this computer' "Enter goes to the case picker"
like "$(screen)" '> A-2025-014' "the case label is listed and selected"
unlike "$(screen)" 'Eritrean' "nothing from inside a case before unlock"
cursor_on '> A-2025-014' "cursor on the selected case"
like "$(screen)" 'F12 Hide now' "footer shows the quick exit"
keys Enter
wait_for 'Open the case A-2025-014' "Enter opens the unlock screen"
type_text "wrong passphrase"
wait_for '\*{16}' "one star a character, no echo"
unlike "$(screen)" 'wrong passphrase' "the passphrase is never shown"
keys Enter
wait_for 'does not open this case' "a wrong passphrase says so"
unlock "$PASS1"
wait_for 'Since your last visit: 31 new accesses' "case home: new accesses since the last visit"
s=$(screen)
like "$s" 'with a warning \[!\]' "case home: flagged count with [!]"
like "$s" '\[!\] Country you fled: ' "case home: the flags with counts"
cursor_on '^> Who looked' "cursor on the first choice"
keys l
wait_for 'When \(UTC\)' "l opens the access log"
s=$(screen)
like "$s" '^>( |•)2024-05-16 19:40 +Bundespolizei' "newest first, first row selected (the body that acted)"
like "$s" '\[!\] Country you fle' "a flag shows [!] and a word"
cursor_on '^>( |•)2024-05-16' "cursor on the selected access"
keys Down Down
wait_for '^>( |•)2024-04-28' "Down moves the selection"
cursor_on '^>( |•)2024-04-28' "cursor follows the selection"
keys o
wait_for 'Oldest first' "o sorts oldest first"
keys o
wait_for 'Newest first' "o again: newest first"
keys F4
wait_for 'Show only some accesses' "F4 opens the filter"
type_text "embassy"
keys Enter
wait_for 'authority: embassy' "the filter is applied"
s=$(screen)
like "$s" '^>( |•)2024-03-01 10:00 +Eritrean embassy +ER' "only the matching access is listed"
keys Enter
wait_for 'One access to your record' "Enter opens the detail"
s=$(screen)
like "$s" 'Authority +Eritrean embassy' "detail: every field"
like "$s" '\[!\] Country you fled' "detail: the flag"
keys F6
wait_for 'exactly as it was received:' "F6 shows the original record"
keys Escape
wait_for 'When \(UTC\)' "Esc goes back to the log"
keys F1
wait_for 'Keys on this screen' "F1 opens the help, with the keys of the screen it came from"
like "$(screen)" 'F12' "help lists the quick-exit key"
keys PgDn
wait_for 'Page down|Hide now|Language' "help scrolls"
keys BSpace
wait_for 'When \(UTC\)' "Backspace leaves the help"
keys BSpace
wait_for 'Since your last visit' "Backspace: back to the case home"
keys F9
wait_for 'Key slot applicant' "settings list the key slots"
like "$(screen)" 'Lock after 3 minutes' "settings: idle lock time"
keys Down Down Down Down Down # language, lock, direction, colours, terminal
wait_for '^> Key slot applicant' "a key slot selected"
like "$(screen)" 'old copies of the case' "removing is explained (rekey)"
keys BSpace
wait_for 'Since your last visit'
keys F10
wait_exit "F10 quits"
unlike "$(screen)" 'A-2025-014|Bundespolizei' "nothing of the case left on the screen"
is "$(tm display-message -p -t t '#{history_size}')" "0" "scrollback is empty"

# The case was opened twice (the CLI did not mark visits): a new visit
# sees nothing new.
tui_start 80 24 tui A-2025-014
unlock "$PASS1"
wait_for 'Since your last visit: 0 new accesses' "the visit mark moved"
keys Escape
wait_for 'cases on this computer' "Esc on home closes the case and goes to the picker"
keys F12
wait_exit "F12 quick exit from the picker"
done_testing
