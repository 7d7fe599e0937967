#!/bin/sh
# resize.sh - redraw on resize at any moment; below 80x24 a clear message.
. "$top_srcdir/tests/tui/lib.sh"

new_case R-1 "$PASS1" || bail "case new"
tui_start 120 40 tui R-1
unlock "$PASS1"
wait_for 'Since your last visit' "home at 120x40"
like "$(screen | tail -1)" 'F12 Hide now' "footer on the last line"
tm resize-window -t t -x 80 -y 24
wait_for 'Since your last visit' "redrawn at 80x24"
is "$(screen | wc -l | tr -d ' ')" "24" "24 lines"
like "$(screen | sed -n 24p)" 'F12 Hide now' "footer moved to line 24"
tm resize-window -t t -x 60 -y 20
wait_for 'too small' "below 80x24: a clear message"
unlike "$(screen)" 'Since your last visit' "nothing else is drawn"
keys l
tm resize-window -t t -x 100 -y 30
wait_for 'Since your last visit' "back to a large size: the same screen"
like "$(screen | sed -n 30p)" 'F12 Hide now' "footer on line 30"
keys F12
wait_exit "quick exit"
done_testing
