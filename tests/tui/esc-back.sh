#!/bin/sh
# esc-back.sh - Esc always means back, also pressed twice quickly (the
# way Midnight Commander users cancel): "back, back" never ends the
# program.  The quick exit is F12 alone.  In English and in Arabic at
# 80x24.  (Issue 16, point 1.)
. "$top_srcdir/tests/tui/lib.sh"

new_case E-1 "$PASS1" --country ER || bail "case new"
r "$PASS1" -- log add E-1 --when 2024-03-01T10:00:00Z --authority "Eritrean embassy" \
	--country ER --categories fingerprints >/dev/null 2>&1 || bail "log add"

for lang in en ar; do
	tui_start 80 24 tui E-1 --lang $lang
	unlock "$PASS1"
	wait_for '\[!\]' >/dev/null
	keys l
	wait_for ' ER ' "$lang: the log opens"
	keys Enter
	wait_for '\(1/1\)|\(١/١\)' "$lang: the detail opens"
	log_title=$(screen | sed -n 1p)
	# Two Esc presses in the same instant (one send-keys): back twice.
	keys Escape Escape
	# Back on the case home: the log title is gone, the program runs.
	wait_gone ' ER ' "$lang: Esc Esc went back two screens (log gone)"
	sleep 0.3
	unlike "$(screen)" '^\[exited' "$lang: Esc Esc did not end the program"
	[ -n "$(screen | sed -n 1p | tr -d ' ')" ]; ok $? "$lang: a screen is still drawn"
	keys l
	wait_for ' ER ' "$lang: keys still work after Esc Esc (the log again)"
	# F12 is the quick exit.
	keys F12
	wait_exit "$lang: F12 ends at once"
	unlike "$(screen)" 'Eritrean|ER' "$lang: nothing of the case left on the screen"
done

# The help no longer tells people to press Esc twice to leave.
tui_start 80 24 tui E-1 --lang en
unlock "$PASS1"
wait_for '\[!\]' >/dev/null
keys F1
wait_for 'Keys on this screen' >/dev/null
# the keys of the screen come first: the rest is a page further down
screen | grep -q 'Leaving quickly' || keys PgDn
wait_for 'Leaving quickly' "the help explains leaving quickly"
unlike "$(screen)" 'Esc twice' "the help does not say Esc twice"
like "$(screen)" 'Esc only goes' "it says Esc only goes back"
keys F12
wait_exit "quick exit"
done_testing
