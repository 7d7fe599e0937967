#!/bin/bash
# Nothing is written outside the case folder: a large import (which
# rebuilds indexes; SQLite's temporary files go to the case folder,
# encrypted: tests/unit/test_tmpvfs.c reads their bytes), a
# rekey (sqlcipher_export), a verify and a listing open no file for
# writing anywhere else (strace sees every open of the process and its
# threads, including unnamed temporary files).
. "$top_srcdir/tests/lib/common.sh"

if ! command -v strace >/dev/null 2>&1; then
	skip "strace is not installed (tools/install-deps installs it)"
	done_testing
	exit
fi
python3 "$top_srcdir/bench/gen_events.py" 12000 --seed 5 > "$WORK/big.ndjson" || bail "gen_events"
new_case p "plaintext passphrase" --country ER || bail "case new"
casedir="$RECOURSE_CASES_DIR/p.case"

trace() { # trace NAME ARGS...: run recourse under strace, list files opened for writing
	_n=$1
	shift
	# LeakSanitizer cannot run under ptrace: off for the traced runs only
	# -y: a folder given as a descriptor (openat(3</x/p.case>, "keyslots", ...))
	# is shown with its path, so a name relative to it is read as a whole path
	printf 'plaintext passphrase\n' | ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -y \
		-e trace=open,openat,creat,rename,renameat,renameat2,mkdir,mkdirat,link,linkat,symlink \
		-o "$WORK/$_n.strace" "$RECOURSE" --passphrase-fd 3 "$@" 3<&0 </dev/null >/dev/null 2>&1
	_st=$?
	grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|rename(at2?)?\(|mkdir(at)?\(|link(at)?\(' "$WORK/$_n.strace" | \
		grep -v ' = -1 ' | python3 -c '
import re, sys
for line in sys.stdin:
    # a name after a descriptor shown with its folder: the whole path
    line = re.sub(r"\d+<([^>]*)>, \"([^/\"][^\"]*)\"", lambda m: "\"" + m.group(1).rstrip("/") + "/" + m.group(2) + "\"", line)
    for q in re.findall(r"\"([^\"]*)\"", line):
        print(q)
' | sort -u > "$WORK/$_n.paths"
	return $_st
}

outside() { # files written outside the case folder (devices excepted)
	grep -v "^$casedir\(/\|$\)" "$WORK/$1.paths" | grep -v '^/dev/\(urandom\|tty\|null\)$' || true
}

trace import log import p "$WORK/big.ndjson"; ok $? "a large import (index rebuild) succeeds under strace"
is "$(outside import)" "" "the import writes nothing outside the case folder"
grep -q "case.db" "$WORK/import.paths"; ok $? "(the trace did see the case file being written)"
trace rekey case rekey p; ok $? "rekey succeeds under strace"
is "$(outside rekey)" "" "the rekey writes nothing outside the case folder"
trace verify case verify p; ok $? "verify succeeds under strace"
is "$(outside verify)" "" "verify writes nothing outside the case folder"
trace list log list p --limit 500 --flag no-purpose; ok $? "a listing succeeds under strace"
is "$(outside list)" "" "a listing writes nothing outside the case folder"
done_testing
