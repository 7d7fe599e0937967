#!/bin/sh
# Wrong passphrases (issue 15, finding 4): the wait before the next try
# is kept in the case folder (attempts), so it survives the program being
# started again (every command here is a new process): none for the
# first 3, then 2 s, doubling; while it runs even the right passphrase is
# not tried (exit 14).  A successful unlock journals how many failed since
# the one before, and notices when the record was removed.
. "$top_srcdir/tests/lib/common.sh"

P="attempts passphrase"
new_case a "$P" || bail "case new"
d="$RECOURSE_CASES_DIR/a.case"
T=$RECOURSE_FAKE_NOW

for i in 1 2 3; do
	r "wrong passphrase" -- case info a >/dev/null 2>&1
	is "$?" "3" "wrong passphrase $i: exit 3, no wait"
done
out=$(r "wrong passphrase" -- case info a 2>&1); st=$?
is "$st" "14" "the 4th try, in a new process: exit 14"
like "$out" "Too many wrong passphrases" "says why"
like "$out" "Wait 2 seconds before the next try" "and how long"
out=$(r "$P" -- case info a 2>&1); st=$?
is "$st" "14" "during the wait even the right passphrase is not tried"
is "$(stat -c %a "$d/attempts")" "600" "the attempts file is 0600"

export RECOURSE_FAKE_NOW=$((T + 2))
r "wrong passphrase" -- case info a >/dev/null 2>&1
is "$?" "3" "2 s later: tried again (wrong)"
out=$(r "wrong passphrase" -- case info a 2>&1); st=$?
is "$st" "14" "then a longer wait"
like "$out" "Wait 4 seconds" "4 s"

export RECOURSE_FAKE_NOW=$((T + 6))
r "$P" -- case info a >/dev/null 2>&1; ok $? "after the wait the right passphrase opens the case"
out=$(r "$P" -- case journal a --format csv 2>&1)
like "$out" "unlock-failures,4" "the journal says 4 wrong passphrases came before that unlock"
r "wrong passphrase" -- case info a >/dev/null 2>&1
r "wrong passphrase" -- case info a >/dev/null 2>&1
r "wrong passphrase" -- case info a >/dev/null 2>&1
r "$P" -- case info a >/dev/null 2>&1; is "$?" "14" "an unlock starts the count again: 3 more, then a wait"

# the record removed: noticed at the next unlock
export RECOURSE_FAKE_NOW=$((T + 60))
rm "$d/attempts"
r "$P" -- case info a >/dev/null 2>&1; ok $? "with the record removed the case opens"
out=$(r "$P" -- case journal a --format csv 2>&1)
like "$out" "attempts-record,removed" "and the journal says the record had been removed"
[ -f "$d/attempts" ]; ok $? "the record is made again"
r "$P" -- case verify a >/dev/null 2>&1; ok $? "the case verifies"

done_testing
