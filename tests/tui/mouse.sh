#!/bin/sh
# mouse.sh - clicks (xterm mouse reports typed into the pane): a click on a
# footer key presses it; a click on a row selects it, a second one opens it.
. "$top_srcdir/tests/tui/lib.sh"

new_case M-a "$PASS1" || bail "case new"
new_case M-b "$PASS1" || bail "case new"

click() { # click COL ROW (0-based): press and release of button 1
	_seq=$(python3 -c 'import sys; x, y = int(sys.argv[1]), int(sys.argv[2]); p = lambda b: "\x1b[M" + chr(32 + b) + chr(33 + x) + chr(33 + y); sys.stdout.write(p(0) + p(3))' "$1" "$2")
	type_text "$_seq"
}

tui_start 80 24 tui --lang en
wait_for 'M-b' "the picker lists both cases"
row=$(screen | grep -n 'M-b' | head -1 | cut -d: -f1)
unlike "$(screen)" '^> +M-b' "M-b is not selected yet"
click 4 $((row - 1))
wait_for '^> +M-b' "a click on a row selects it"
click 4 $((row - 1))
wait_for 'Open the case M-b' "a second click on the selected row opens it"
keys Escape
wait_for 'cases on this computer' "back to the picker"
col=$(screen | tail -1 | grep -bo 'F1 Help' | head -1 | cut -d: -f1)
click $((col + 1)) 23
wait_for 'What is this program' "a click on a footer key presses it (F1 Help)"
done_testing
