# lib.sh - the TUI test harness: the real recourse in a detached tmux
# session on a private socket, keys sent with send-keys, the screen read
# with capture-pane and polled until it matches (never fixed sleeps).
. "$top_srcdir/tests/lib/common.sh"

TMUX_BIN=${TMUX_BIN:-tmux}
[ "$TMUX_BIN" != no ] && command -v "$TMUX_BIN" >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }
unset TMUX TMUX_PANE
TSOCK="$WORK/tmux.sock"
PASS1="correct horse battery"
export RECOURSE_KDF_MEMORY=64 RECOURSE_KDF_OPS=3
# Poll every 50 ms, up to TUI_TIMEOUT seconds.
TUI_TIMEOUT=${TUI_TIMEOUT:-15}

tm() { "$TMUX_BIN" -S "$TSOCK" -f /dev/null "$@"; }

tui_cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$WORK"
}
trap tui_cleanup EXIT

# tui_start COLS ROWS [ARGS...]: start recourse; the pane stays after it
# ends so the test can see what it left on the screen.
tui_start() {
	_c=$1 _r=$2
	shift 2
	tm kill-server >/dev/null 2>&1
	_envs="RECOURSE_CASES_DIR='$RECOURSE_CASES_DIR' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
LANGUAGE='$LANGUAGE' LC_ALL='$LC_ALL' RECOURSE_FAKE_NOW='$RECOURSE_FAKE_NOW' \
RECOURSE_DATA_DIR='${RECOURSE_DATA_DIR:-}' RECOURSE_LOCALEDIR='${RECOURSE_LOCALEDIR:-}' \
RECOURSE_KDF_MEMORY=64 RECOURSE_KDF_OPS=3 TERM=screen-256color ${TUI_ENV:-}"
	# A server that is still going away can refuse the new session: retry.
	_i=0
	until tm new-session -d -x "$_c" -y "$_r" -s t "env $_envs ${TUI_WRAP:-} '$RECOURSE' $*; echo \"[exited \$?]\"; exec sleep 600" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || bail "tmux could not start"
		tm kill-server >/dev/null 2>&1
		sleep 0.05
	done
	tm set-option -t t status off >/dev/null
}

screen() { tm capture-pane -p -t t; }
screen_attr() { tm capture-pane -p -e -t t; }
cursor() { tm display-message -p -t t '#{cursor_x},#{cursor_y}'; }
keys() { tm send-keys -t t "$@"; }
type_text() { tm send-keys -t t -l "$1"; }

# settle: wait until two captures 30 ms apart are the same (at most
# 0.2 s), so that what a test reads next is a whole screen: on a loaded
# machine tmux may be caught between the body of a screen and its footer.
settle() {
	_prev=$(screen)
	_j=0
	while [ $_j -lt 6 ]; do
		sleep 0.03
		_now=$(screen)
		[ "$_now" = "$_prev" ] && return 0
		_prev=$_now
		_j=$((_j + 1))
	done
	return 0
}

# wait_for PATTERN [DESCRIPTION]: poll the screen until it matches (grep -E).
# As a TAP test when DESCRIPTION is given.
wait_for() {
	_pat=$1
	_i=0
	_max=$((TUI_TIMEOUT * 20))
	while [ $_i -lt $_max ]; do
		if screen | grep -Eq -- "$_pat"; then
			settle
			[ -n "${2:-}" ] && pass "$2"
			return 0
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
	if [ -n "${2:-}" ]; then
		fail "$2"
		echo "# waited for /$_pat/; the screen was:"
		screen | sed 's/^/#   /'
	fi
	return 1
}

# wait_gone PATTERN [DESCRIPTION]
wait_gone() {
	_i=0
	_max=$((TUI_TIMEOUT * 20))
	while [ $_i -lt $_max ]; do
		if ! screen | grep -Eq -- "$1"; then
			[ -n "${2:-}" ] && pass "$2"
			return 0
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
	[ -n "${2:-}" ] && { fail "$2"; screen | sed 's/^/#   /'; }
	return 1
}

# The line of the screen (0-based) that matches PATTERN first.
line_of() { screen | grep -nE -- "$1" | head -1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }

# cursor_on PATTERN DESCRIPTION: the terminal cursor is on that line.
cursor_on() {
	_want=$(line_of "$1")
	_cy=$(cursor | cut -d, -f2)
	is "$_cy" "$_want" "$2"
}

# The process has ended (the pane shows the wrapper's "[exited N]").
wait_exit() { wait_for '^\[exited [0-9]+\]' "$1"; }

# unlock PASSPHRASE: on the unlock screen, type it and press Enter.
unlock() {
	wait_for 'Passphrase' >/dev/null
	type_text "$1"
	keys Enter
}

# Whether po/LL.po has translations (the catalog strings are then checked).
has_catalog() {
	[ -n "${RECOURSE_LOCALEDIR:-}" ] && [ -f "$RECOURSE_LOCALEDIR/$1/LC_MESSAGES/recourse.mo" ]
}
