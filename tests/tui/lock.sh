#!/bin/sh
# lock.sh - the idle lock and the quick exit close the case, clear the
# screen and the scrollback, and end the process; Ctrl-Z does not
# suspend an open case.
. "$top_srcdir/tests/tui/lib.sh"

new_case L-1 "$PASS1" || bail "case new"
r "$PASS1" -- log add L-1 --when 2024-03-01 --authority "Border office" >/dev/null 2>&1 || bail "log add"
mkdir -p "$XDG_CONFIG_HOME/recourse"
printf 'idle-lock = 2\n' > "$XDG_CONFIG_HOME/recourse/settings"

tui_start 80 24 tui L-1
unlock "$PASS1"
wait_for 'Since your last visit' "case open"
keys C-z
wait_for 'Since your last visit' "Ctrl-Z does not suspend"
like "$(screen)" 'Since your last visit' "still open, not suspended"
wait_exit "idle lock after 2 seconds ends the process"
unlike "$(screen)" 'L-1|Border' "the screen is cleared"
is "$(tm display-message -p -t t '#{history_size}')" "0" "the scrollback is cleared"
[ ! -e "$RECOURSE_CASES_DIR/L-1.case/case.db-journal" ]
ok $? "no journal left open"

printf 'idle-lock = 180\n' > "$XDG_CONFIG_HOME/recourse/settings"
tui_start 80 24 tui L-1
unlock "$PASS1"
wait_for 'Since your last visit' "open again"
keys l
wait_for 'Border office' "the log shows the access"
keys F12
wait_exit "F12 is the quick exit"
unlike "$(screen)" 'Border' "nothing left on the screen"
is "$(tm display-message -p -t t '#{history_size}')" "0" "the scrollback is cleared"
grep -q 'L-1\|Border' "$XDG_CONFIG_HOME/recourse/settings"
ok $((! $?)) "the settings file holds no case data"
done_testing
