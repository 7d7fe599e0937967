#!/bin/sh
# rtl-screens.sh - every screen in Arabic: text shaped (presentation
# forms, no unshaped joining letter anywhere), laid out from the right.
. "$top_srcdir/tests/tui/lib.sh"

new_case A-ar "$PASS1" --country SY || bail "case new"
has_catalog ar || bail "the Arabic catalog is not installed for the tests"

# settle: wait until the screen differs from $1 and then stays the same
settle() {
	_prev=$1 _i=0 _last=""
	while [ $_i -lt 300 ]; do
		_now=$(screen)
		if [ "$_now" != "$_prev" ] && [ "$_now" = "$_last" ]; then
			return 0
		fi
		_last=$_now
		_i=$((_i + 1))
		sleep 0.05
	done
	return 1
}

nav() { # nav KEYS...: press them and wait for a new, settled screen
	_s=$(screen)
	keys "$@"
	settle "$_s"
	ok $? "keys $*: a new screen"
}

check_ar() { # check_ar NAME: the current screen is Arabic done right
	screen > "$WORK/screen.txt"
	python3 - "$WORK/screen.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
text = "\n".join(lines)
shaped = sum(0xFE70 <= ord(c) <= 0xFEFF for c in text)
# U+0621 (hamza) and U+0640 (tatweel) have no joined forms
unshaped = [c for c in text if 0x0622 <= ord(c) <= 0x064A and c != "\u0640"]
right = [l for l in lines if l.strip() and len(l) - len(l.lstrip(" ")) >= 10 and len(l.rstrip()) >= 78]
sys.exit(0 if shaped >= 10 and not unshaped and right else 1)
PY
	ok $? "$1: shaped Arabic, nothing unshaped, lines end at the right edge"
}

tui_start 80 24 tui --lang ar
wait_for 'A-ar' "the case picker opens in Arabic"
check_ar "case picker"

nav F1; check_ar "help"
nav BSpace
nav F7; check_ar "new case, first step"
nav Escape
nav F9; check_ar "settings without a case"
nav BSpace
nav F2
like "$(screen)" 'English' "the language list shows English in Latin letters"
check_ar "language list"
nav Escape

# open the case
wait_for 'A-ar'
nav Enter; check_ar "unlock"
type_text "$PASS1"; keys Enter
wait_for '\[!\]| l ' "the case opens"
check_ar "case home"
nav F9; check_ar "settings with key slots"
nav BSpace
nav l; check_ar "access log"
nav F4; check_ar "filter"
nav Escape
nav F7; check_ar "write down an access"
keys F12
wait_for '\[exited' "quick exit"
done_testing
