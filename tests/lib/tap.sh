# tap.sh - a tiny TAP producer for the shell tests.  Source it, call ok /
# not_ok / is / like, and finish with done_testing.
_tap_n=0
_tap_failed=0

ok() { # ok CONDITION-EXIT-CODE DESCRIPTION
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

pass() { ok 0 "$1"; }
fail() { ok 1 "$1"; }

is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '# got:  %s\n# want: %s\n' "$1" "$2" | head -40
	fi
}

like() { # like TEXT PATTERN(grep -E) DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '# text did not match /%s/:\n' "$2"
		printf '%s\n' "$1" | head -20 | sed 's/^/#   /'
	fi
}

unlike() { # unlike TEXT PATTERN DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '# text matched /%s/\n' "$2"
	else
		ok 0 "$3"
	fi
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}

bail() {
	echo "Bail out! $*"
	exit 1
}

skip() { # skip REASON: counted as SKIP by the TAP driver, never as a pass
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n # SKIP $1"
}
