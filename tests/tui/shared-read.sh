#!/bin/sh
# shared-read.sh - a case open in the terminal interface can still be read
# from the command line (issue 18), and not changed from it: one writer,
# any number of readers; rekey and erase wait until it is closed there.
. "$top_srcdir/tests/tui/lib.sh"

new_case S-1 "$PASS1" || bail "case new"
r "$PASS1" -- request add S-1 --kind access --regime gdpr --filed 2026-01-02 --controller DE >/dev/null 2>&1 ||
	bail "request add"

tui_start 80 24 tui S-1
unlock "$PASS1"
wait_for 'Since your last visit' "the case is open in the terminal interface"

out=$(r "$PASS1" -- request list S-1 --format csv 2>&1); st=$?
is "$st" "0" "request list works while the window has the case open"
like "$out" "^1,access,gdpr" "and shows the request"
out=$(r "$PASS1" -- deadlines S-1 --format csv 2>&1); st=$?
is "$st" "0" "deadlines too"
out=$(r "$PASS1" -- case verify S-1 2>&1); st=$?
is "$st" "0" "case verify too (the journal, with this opening in it, holds)"

out=$(r "$PASS1" -- request add S-1 --kind erasure --regime gdpr 2>&1); st=$?
is "$st" "7" "a change from the command line meanwhile: refused (exit 7)"
like "$out" "only read it .*work meanwhile" "the message says what works meanwhile"
out=$(r "$PASS1" -- request list S-1 --format csv 2>&1)
is "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" "1" "nothing was added"
out=$(r "$PASS1" -- case rekey S-1 2>&1); st=$?
is "$st" "7" "a rekey meanwhile: refused"

# the window still works and can change the case
keys r
wait_for 'access' "the requests screen in the window"
keys F10
wait_exit "the window closes"
out=$(r "$PASS1" -- request add S-1 --kind erasure --regime gdpr 2>&1); st=$?
is "$st" "0" "once it is closed there, the command line changes it"
done_testing
