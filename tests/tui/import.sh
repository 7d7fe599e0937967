#!/bin/sh
# import.sh - issue 16: importing a registry's log from the terminal.
# The file picker lists the USB sticks (RECOURSE_TEST_MEDIA, test
# builds: a temporary folder stands for /media/$USER and the rest) and
# the home folder, opens folders, hides hidden files; a log is imported
# (the list shows as many accesses as "recourse log list" counts), again
# (all already there), a file that is no log says so and adds nothing, a
# file gone before Enter adds nothing, and Esc during a long import asks,
# then stops it with nothing added.  In English and Arabic, at 80x24.
. "$top_srcdir/tests/tui/lib.sh"

MEDIA="$WORK/media"
STICK="$MEDIA/REGISTRY-STICK"
mkdir -p "$STICK/logs" "$MEDIA/OTHER-DISK" "$HOME/Documents" || bail "mkdir"
cp "$SAMPLES/auditevents-r5.ndjson" "$STICK/logs/registry-log.ndjson" || bail "cp"
printf 'Dear Amina,\nthis is a letter, not a log.\n' > "$STICK/notes.txt"
printf 'x\n' > "$STICK/.hidden-file"
TUI_ENV="RECOURSE_TEST_MEDIA='$MEDIA'"

# count CASE: the accesses in a case, by the command line (the oracle).
count() { r "$PASS1" -- log list "$1" --format csv | tail -n +2 | grep -c .; }
home_ready() { wait_for 'Since your last visit' >/dev/null; sleep 0.2; }
# open_picker: from the case home, i opens the picker.
open_picker() {
	keys i
	wait_for "${2:-Where is the file}" "${1:-the picker opens with i}"
}

new_case I-1 "$PASS1" --country ER || bail "case new"
is "$(count I-1)" "0" "the case starts empty"

# ---- English ----
tui_start 80 24 tui I-1 --lang en
unlock "$PASS1"
home_ready
like "$(screen)" "> Who looked|  Import a registry's log\\.\\.\\." "en: the home has the import line"
# The footer has no room for every key of the home at 80 columns: it
# says so ("More keys"), and the help lists i.
like "$(screen | tail -1)" 'i Import|F1 More keys' "en: the footer names the i key, or says there are more keys"
keys F1
wait_for 'Import the access log a registry sent you' "en: the help lists the import"
like "$(screen | grep 'Import the access log')" '(^| )i ' "en: with its key, i"
keys Escape
home_ready
open_picker "en: i opens the file picker"
s=$(screen)
like "$s" 'USB stick or disk: OTHER-DISK' "en: a stick is listed (the fake media root)"
like "$s" 'USB stick or disk: REGISTRY-STICK' "en: the other stick too"
like "$s" "Your home folder \\($HOME\\)" "en: the home folder is listed"
unlike "$s" 'No USB stick found' "en: no 'no stick' line when there are sticks"
[ "$(line_of 'OTHER-DISK')" -lt "$(line_of 'REGISTRY-STICK')" ] && [ "$(line_of 'REGISTRY-STICK')" -lt "$(line_of 'home folder')" ]
ok $? "en: sticks by name, then the home"
keys Down Enter
wait_for "Folder: $STICK" "en: Enter opens the stick"
s=$(screen)
like "$s" '^> logs/' "en: its folder first, selected"
like "$s" 'notes\.txt +[0-9]+ bytes' "en: then its file with the size"
unlike "$s" 'hidden-file' "en: hidden files are not shown"
keys Enter
wait_for 'registry-log\.ndjson' "en: Enter opens the folder"
like "$(screen | grep registry-log)" 'registry-log\.ndjson +[0-9.]+ kB +[0-9/.-]+ [0-9]{2}:[0-9]{2}' "en: the file with its size and date"
keys BSpace
wait_for '^> logs/' "en: Backspace goes up, the folder it came from selected"
keys Escape
wait_for '^> USB stick or disk: REGISTRY-STICK' "en: Esc goes up to the places"
keys Enter Enter Enter
wait_for 'Import this file into the case' "en: Enter on a file asks first"
s=$(screen)
like "$s" 'File: +registry-log\.ndjson' "en: the confirmation names the file"
like "$s" 'Size: +[0-9.]+ kB' "en: its size"
like "$s" 'NDJSON' "en: and the format it looks like"
keys Enter
wait_for 'who looked at your record' "en: the import ends on the access list"
s=$(screen)
like "$s" '30 accesses added\.' "en: the summary says how many were added"
like "$s" '[0-9]+ ha(s|ve) a warning' "en: and how many have a warning"
pos=$(screen | sed -n 3p | grep -oE '[0-9]+/[0-9]+$')
is "$(screen | grep -c '•')" "$(screen | grep -cE '^[> ]•')" "en: the new accesses are marked"
keys F10
wait_exit "en: quit"
n=$(count I-1)
is "$n" "30" "en: the oracle counts 30 accesses"
is "$pos" "1/$n" "en: the list showed exactly the oracle's count"

# Again: nothing twice.
tui_start 80 24 tui I-1 --lang en
unlock "$PASS1"
home_ready
open_picker
keys Down Enter Enter Enter
wait_for 'Import this file' >/dev/null
keys Enter
wait_for '0 accesses added, 30 were already there\.' "en: importing again: all were already there"
keys F10
wait_exit "en: quit"
is "$(count I-1)" "30" "en: the count is unchanged"

# A file that is no log.
tui_start 80 24 tui I-1 --lang en
unlock "$PASS1"
home_ready
open_picker
keys Down Enter Down Enter
wait_for 'Import this file' >/dev/null
like "$(screen)" 'File: +notes\.txt' "en: the letter file is chosen"
keys Enter
wait_for 'Nothing was added: this file is not an access log' "en: a file that is no log: a clear message"
like "$(screen)" 'Folder:' "en: still in the picker, nothing lost"
# A file gone (the stick pulled) between the choice and Enter.
cp "$STICK/notes.txt" "$STICK/gone.ndjson"
keys C-r
wait_for 'gone\.ndjson' >/dev/null
keys Home Down Enter
wait_for 'File: +gone\.ndjson' "en: a file chosen"
rm -f "$STICK/gone.ndjson"
keys Enter
wait_for 'This file cannot be read: .*Nothing was added' "en: a file gone before Enter: nothing added, said"
keys F10
wait_exit "en: quit"
is "$(count I-1)" "30" "en: the count is unchanged after the bad files"

# No stick at all: the line says how to look again.
TUI_ENV="RECOURSE_TEST_MEDIA='$WORK/no-media'"
tui_start 80 24 tui I-1 --lang en
unlock "$PASS1"
home_ready
open_picker
like "$(screen)" 'No USB stick found\. Put one in and press \^R to look again\.' "en: no stick: the line says how to look again"
like "$(screen)" '^> Your home folder' "en: the home folder is selected"
mkdir -p "$WORK/no-media/NEW-STICK"
keys C-r
wait_for 'USB stick or disk: NEW-STICK' "en: ^R finds the stick put in"
keys F10
wait_exit "en: quit"

# ---- Esc during a long import ----
PY=${PYTHON3:-python3}
if [ "$PY" != no ] && command -v "$PY" >/dev/null 2>&1 && [ -f "$top_srcdir/bench/gen_events.py" ]; then
	"$PY" "$top_srcdir/bench/gen_events.py" 20000 --seed 5 > "$STICK/big.ndjson" || bail "gen_events"
	new_case C-1 "$PASS1" || bail "case new"
	TUI_ENV="RECOURSE_TEST_MEDIA='$MEDIA' RECOURSE_TEST_TASK_SLOW_MS=300"
	tui_start 80 24 tui C-1 --lang en
	unlock "$PASS1"
	home_ready
	open_picker
	keys Down Enter Down Enter
	wait_for 'File: +big\.ndjson' "cancel: the big file chosen"
	size=$(screen | grep -oE 'Size: +[0-9.]+ MB' | grep -oE '[0-9.]+ MB')
	keys Enter
	wait_for "Importing the log\\.\\.\\. [0-9]+%   [0-9.]+ [kM]B of $size" "cancel: the progress shows done and total (the file's size, $size)"
	wait_for 'seconds? left' "cancel: and the time left"
	like "$(screen | tail -1)" 'Esc Cancel +F12 Hide now' "cancel: the footer shows the keys taken now"
	keys Escape
	wait_for 'Stop the import\? Nothing will be added\. Press Esc again to stop' "cancel: Esc asks first"
	keys Down
	wait_for 'Importing the log\.\.\.' "cancel: another key goes on"
	keys Escape
	wait_for 'Stop the import\?' >/dev/null
	keys Escape
	wait_for 'The import was stopped\. Nothing was added\.' "cancel: Esc again stops it"
	like "$(screen)" 'Folder:' "cancel: back in the picker"
	# The file cut short while it is read (as a stick pulled part way
	# would leave it): nothing is added, and it says so.
	keys Enter
	wait_for 'File: +big\.ndjson' >/dev/null
	keys Enter
	wait_for 'Importing the log\.\.\. [0-9]+%' "cut short: the import runs again"
	truncate -s 3000123 "$STICK/big.ndjson"
	wait_for 'Nothing was added: this log could not be read whole, it may be cut short' "cut short: the message says nothing was added, and why"
	screen | grep -A1 'Nothing was added' | sed 's/^/# /'
	like "$(screen)" 'Folder:' "cut short: still in the picker"
	keys F10
	wait_exit "cancel: quit"
	is "$(count C-1)" "0" "cancel: the case is as it was (no access)"
	out=$(r "$PASS1" -- case verify C-1 2>&1)
	ok $? "cancel: the case verifies"
else
	skip "python3 is needed to make a long log"
fi

# ---- Arabic ----
new_case A-1 "$PASS1" --country ER || bail "case new"
TUI_ENV="RECOURSE_TEST_MEDIA='$MEDIA'"
tui_start 80 24 tui A-1 --lang ar
unlock "$PASS1"
wait_for '٠' >/dev/null
sleep 0.2
open_picker "ar: i opens the file picker" 'REGISTRY-STICK'
s=$(screen)
like "$s" 'REGISTRY-STICK' "ar: the stick is listed"
like "$s" "\\($HOME\\)" "ar: the home folder is listed, its path left to right as written"
keys Down Enter
wait_for "$STICK" "ar: Enter opens the stick"
like "$(screen)" 'logs/|/logs' "ar: its folder"
keys Enter
wait_for 'registry-log\.ndjson' "ar: Enter opens the folder"
like "$(screen | grep registry-log)" '[٠١٢٣٤٥٦٧٨٩]+:[٠١٢٣٤٥٦٧٨٩]+ .*kB [٠١٢٣٤٥٦٧٨٩]+' "ar: size and date in Arabic-Indic digits"
keys Enter
wait_for 'registry-log\.ndjson' >/dev/null
wait_for 'NDJSON' "ar: the confirmation"
keys Enter
wait_for '١/٣٠' "ar: the import ends on the list, 30 accesses (١/٣٠)"
like "$(screen)" '٣٠' "ar: the summary in Arabic-Indic digits"
keys F10
wait_exit "ar: quit"
is "$(count A-1)" "30" "ar: the oracle counts 30"
done_testing
