#!/bin/sh
# busy.sh - a long operation runs as a task and the screen keeps
# answering: changing the data key of a case with 100,000 accesses
# (bench/gen_events.py, then "recourse log import"), the progress line
# moves, other keys are ignored, Esc cancels (nothing changed), F12
# clears the screen at once and ends the program as soon as the task has
# stopped, and a rekey left to run finishes.  RECOURSE_TEST_TASK_SLOW_MS
# (test builds) slows each progress step of the task, so the rekey lasts
# long enough to be watched on any machine.  RECOURSE_TUI_EVENTS sets
# another number of events.
. "$top_srcdir/tests/tui/lib.sh"

N=${RECOURSE_TUI_EVENTS:-100000}
PY=${PYTHON3:-python3}
[ "$PY" != no ] && command -v "$PY" >/dev/null 2>&1 || { echo "1..0 # SKIP python3 is needed to make the events"; exit 0; }
[ -f "$top_srcdir/bench/gen_events.py" ] || { echo "1..0 # SKIP bench/gen_events.py is missing"; exit 0; }

new_case B-1 "$PASS1" --country SY || bail "case new"
"$PY" "$top_srcdir/bench/gen_events.py" "$N" --seed 11 |
	{ exec 4<&0; printf '%s\n' "$PASS1" | "$RECOURSE" --passphrase-fd 3 -q log import B-1 /dev/fd/4 --format ndjson 3<&0 </dev/null; } ||
	bail "the import of $N events failed"
CASE="$RECOURSE_CASES_DIR/B-1.case"
datakey() { echo "$PASS1" | "$top_builddir/tests/unit/keydump" "$CASE" | cut -d' ' -f1; }
key0=$(datakey)
[ -n "$key0" ] || bail "keydump"

isnt() { # isnt GOT NOT-WANTED DESCRIPTION
	[ "$1" != "$2" ]
	ok $? "$3"
	[ "$1" != "$2" ] || printf '# got the same: %s\n' "$1"
}

# The message line (the one above the footer).
msgline() { screen | sed -n "$(($(screen | wc -l) - 1))p"; }

# start_rekey: settings, the last line, Enter twice; waits for the task.
start_rekey() {
	keys F9
	wait_for 'Change the data key' >/dev/null
	keys End Enter
	wait_for 'press Enter again' >/dev/null
	keys Enter
}

TUI_ENV="RECOURSE_TEST_TASK_SLOW_MS=10"
tui_start 80 24 tui B-1
unlock "$PASS1"
wait_for "accessed [0-9,. ]+ times" "the case is open"

# 1. Esc cancels; nothing changes.
start_rekey
wait_for 'Changing the data key\.\.\.' "the rekey runs while the screen is drawn"
# (waited for: the message line and the footer may reach the pane in two writes)
wait_for 'Esc Cancel +F12 Hide now *$' "the footer shows the two keys taken now"
first=$(msgline)
i=0
while [ "$(msgline)" = "$first" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
isnt "$(msgline)" "$first" "the progress text changes"
keys F1
keys F5
sleep 0.3
like "$(screen)" 'Changing the data key' "other keys are ignored while it runs"
unlike "$(screen)" 'What is this program' "no help opened"
keys Escape
wait_for 'Cancelled\. Nothing was changed\.' "Esc cancels the rekey"
like "$(screen)" 'Key slot applicant' "back on the settings, live"
is "$(datakey)" "$key0" "a cancelled rekey leaves the data key as it was"
[ ! -e "$CASE/case.db.rekey" ] && [ ! -e "$CASE/keyslots.rekey" ]
ok $? "and no half-made files"

# 2. A rekey left to run finishes.  The idle lock (2 seconds here) waits
# while it runs (no key is pressed for longer than that), then applies
# again.
keys F12
wait_exit "quick exit"
mkdir -p "$XDG_CONFIG_HOME/recourse"
printf 'idle-lock = 2\n' > "$XDG_CONFIG_HOME/recourse/settings"
tui_start 80 24 tui B-1
unlock "$PASS1"
wait_for "accessed [0-9,. ]+ times" "open again, idle lock 2 seconds"
TUI_TIMEOUT=60
start_rekey
wait_for 'Changing the data key\.\.\.' "a second rekey starts"
wait_for 'The data key is changed' "it finishes, the idle lock held off meanwhile"
TUI_TIMEOUT=15
key1=$(datakey)
isnt "$key1" "$key0" "the data key is new"
keys Home
wait_for '^> .*Language' "keys work again after the task"
wait_exit "then the idle lock applies again"
rm -f "$XDG_CONFIG_HOME/recourse/settings"

# 3. F12 during the task: the screen is cleared at once, the task told to
# stop, the case closed, the process ended when it has stopped.
tui_start 80 24 tui B-1
unlock "$PASS1"
wait_for "accessed [0-9,. ]+ times" "open again"
start_rekey
sleep 0.3
keys F12
TUI_TIMEOUT=1
wait_gone 'Changing|Key slot|B-1' "F12 during the rekey clears the screen at once (within a second)"
TUI_TIMEOUT=3
wait_exit "the program ends as soon as the rekey has stopped"
TUI_TIMEOUT=15
unlike "$(screen)" 'Changing|Key slot|B-1|Settings' "nothing of the case is left on the screen"
is "$(tm display-message -p -t t '#{history_size}')" "0" "the scrollback is cleared"
is "$(datakey)" "$key1" "the stopped rekey changed nothing"
[ ! -e "$CASE/case.db.rekey" ] && [ ! -e "$CASE/keyslots.rekey" ] && [ ! -e "$CASE/case.db-journal" ]
ok $? "no half-made files, no journal left open"
out=$(r "$PASS1" -- case verify B-1 2>&1)
ok $? "the case verifies"
done_testing
