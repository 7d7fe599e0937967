#!/bin/bash
# A process killed (SIGKILL) at any step of add-slot, passwd, rekey, erase
# or case new leaves a case that opens with the passphrases of before or
# of after (never neither, never a stray key file), and erase then leaves
# nothing of it; erase itself, cut short anywhere, is finished by the next
# command (issue 15, finding 2).  The steps are the store's named steps:
# RECOURSE_TEST_STOP=STEP makes the process kill itself there (a test
# hook: RC_TEST_HOOKS builds only), and STEP/tornN writes half of a
# keyslots copy first.  Then what older versions of recourse left behind
# (keyslots.tmpXXXXXX, keyslots.rekey.tmpXXXXXX, case.db.rekey-journal, a
# folder whose keyslots an erase had removed) is cleaned up or finished.
. "$top_srcdir/tests/lib/common.sh"

C="$RECOURSE_CASES_DIR"
P1="first passphrase"
P2="second passphrase"

# stop STEP PASSPHRASES... -- ARGS: run recourse, expecting it to kill
# itself at STEP
stop() {
	_step=$1
	shift
	RECOURSE_TEST_STOP=$_step r "$@" >/dev/null 2>&1
}

opens() { # opens CASE PASSPHRASE: exit status of case info
	r "$2" -- case info "$1" >/dev/null 2>&1
}

listing() { ls -A "$C/$1.case" 2>/dev/null | tr '\n' ' '; }

# after an interrupted change: whichever passphrases hold, the case
# verifies, nothing but its own three files is left; then erase leaves
# nothing (on a copy first, so the state checks see the folder as the
# kill left it)
then_erase() { # then_erase CASE PASSPHRASE WHAT
	rm -rf "$C/copy.case"
	cp -a "$C/$1.case" "$C/copy.case"
	out=$(r "$2" -- case erase "$1" --yes 2>&1); st=$?
	is "$st" "0" "$3: then erase succeeds"
	[ ! -e "$C/$1.case" ]; ok $? "$3: then nothing of the case is left"
	mv "$C/copy.case" "$C/$1.case"
}

# ---- add-slot and passwd: the older copy first, then the other ----
for step in torn1 1 torn2 2; do
	new_case a "$P1" || bail "case new"
	stop "slot-add/$step" "$P1" "$P2" -- case add-slot a counsel $KDF
	is "$?" "137" "add-slot killed at slot-add/$step"
	if [ "$step" = torn1 ]; then
		opens a "$P2"; is "$?" "3" "add-slot cut at $step: the new slot is not there"
	else
		opens a "$P2"; ok $? "add-slot cut at $step: the new slot opens the case"
	fi
	opens a "$P1"; ok $? "add-slot cut at $step: the old slot still opens it"
	r "$P1" -- case verify a >/dev/null 2>&1; ok $? "add-slot cut at $step: the case verifies"
	is "$(listing a)" "attempts case.db keyslots " "add-slot cut at $step: no other file"
	then_erase a "$P1" "add-slot cut at $step"
	rm -rf "$C/a.case"

	new_case p "$P1" || bail "case new"
	stop "slot-passwd/$step" "$P1" "$P2" -- case passwd p $KDF
	is "$?" "137" "passwd killed at slot-passwd/$step"
	if [ "$step" = torn1 ]; then
		opens p "$P1"; ok $? "passwd cut at $step: the old passphrase opens the case"
		opens p "$P2"; is "$?" "3" "passwd cut at $step: the new one does not"
	else
		opens p "$P2"; ok $? "passwd cut at $step: the new passphrase opens the case"
		opens p "$P1"; is "$?" "3" "passwd cut at $step: the old one no longer does"
	fi
	is "$(listing p)" "attempts case.db keyslots " "passwd cut at $step: no other file"
	then_erase p "$([ "$step" = torn1 ] && echo "$P1" || echo "$P2")" "passwd cut at $step"
	rm -rf "$C/p.case"
done

# ---- rekey: export, keyslots with both keys, switch, keyslots ----
for step in rekey/exported rekey-pending/torn1 rekey-pending/1 rekey-pending/torn2 rekey-pending/2 \
	rekey/switched rekey-finish/torn1 rekey-finish/1 rekey-finish/torn2 rekey-finish/2; do
	new_case k "$P1" || bail "case new"
	r "$P1" -- log import k "$SAMPLES/letter-transcription.csv" >/dev/null 2>&1 || bail "import"
	old=$(echo "$P1" | "$top_builddir/tests/unit/keydump" "$C/k.case" | cut -d' ' -f1)
	stop "$step" "$P1" -- case rekey k
	is "$?" "137" "rekey killed at $step"
	opens k "$P1"; ok $? "rekey cut at $step: the case opens"
	new=$(echo "$P1" | "$top_builddir/tests/unit/keydump" "$C/k.case" | cut -d' ' -f1)
	case $step in
	rekey/exported | rekey-pending/torn1)
		[ "$new" = "$old" ]; ok $? "rekey cut at $step: undone (the old key)" ;;
	*)
		[ "$new" != "$old" ] && [ ${#new} = 64 ]; ok $? "rekey cut at $step: finished (a new key)" ;;
	esac
	r "$P1" -- case verify k >/dev/null 2>&1; ok $? "rekey cut at $step: the case verifies"
	is "$(r "$P1" -- case info k --format csv 2>/dev/null | tr -d '\r' | sed -n 's/^accesses,//p')" "3" \
		"rekey cut at $step: every access is there"
	is "$(listing k)" "attempts case.db keyslots " "rekey cut at $step: no rekey leftovers"
	rm -rf "$C/k.case"
	# and erase straight after the kill
	new_case k "$P1" || bail "case new"
	stop "$step" "$P1" -- case rekey k
	then_erase k "$P1" "rekey cut at $step"
	rm -rf "$C/k.case"
done

# ---- erase itself: the next command finishes it ----
for step in erase/begin erase-mark/torn1 erase-mark/1 erase-mark/torn2 erase-mark/2 erase/marked \
	erase/files erase/wiped erase/unlinked; do
	new_case e "$P1" || bail "case new"
	stop "$step" "$P1" -- case erase e --yes
	is "$?" "137" "erase killed at $step"
	out=$(r "$P1" -- case erase e --yes 2>&1); st=$?
	case $step in
	erase/begin | erase-mark/torn1)
		# the keys were still whole: an ordinary erase
		is "$st" "0" "erase cut at $step: erase again succeeds" ;;
	erase/unlinked)
		# only the empty folder was left: it is gone, nothing to say
		ok $([ "$st" = 0 ] || [ "$st" = 5 ]; echo $?) "erase cut at $step: erase again ends ($st)" ;;
	*)
		is "$st" "5" "erase cut at $step: erase again exits 5"
		like "$out" "had been interrupted. It has now been finished" "erase cut at $step: and says it finished it" ;;
	esac
	[ ! -e "$C/e.case" ]; ok $? "erase cut at $step: nothing of the case is left"
	unlike "$("$RECOURSE" case list 2>&1)" "^e " "erase cut at $step: not listed"
done
# case list alone finishes an erase whose keys were destroyed
new_case e "$P1" || bail "case new"
stop erase/files "$P1" -- case erase e --yes
is "$("$RECOURSE" case list --format csv | tr -d '\r' | grep -c '^e,')" "0" "an erase cut after the keys: case list does not list it"
[ ! -e "$C/e.case" ]; ok $? "and has finished it"

# ---- case new cut short: finished, and the label can be used again ----
for step in create-keys/1 create-keys/2 create-done/torn1; do
	stop "$step" "$P1" -- case new n $KDF
	is "$?" "137" "case new killed at $step"
	is "$("$RECOURSE" case list --format csv | tr -d '\r' | grep -c '^n,')" "0" "case new cut at $step: not listed"
	new_case n "$P1"; ok $? "case new cut at $step: the label can be used again"
	opens n "$P1"; ok $? "case new cut at $step: the new case opens"
	rm -rf "$C/n.case"
done

# ---- what older versions left ----
# key files of an interrupted passwd or rekey (the rename path): removed
# on the next open, overwritten first
new_case o "$P1" || bail "case new"
d="$C/o.case"
cp "$d/keyslots" "$d/keyslots.tmpAbC123"
cp "$d/keyslots" "$d/keyslots.rekey.tmpXyZ789"
head -c 512 /dev/urandom >"$d/case.db.rekey-journal"
out=$(RECOURSE_DEBUG=1 r "$P1" -- case info o 2>&1); ok $? "a case with an older version's leftovers opens"
is "$(listing o)" "attempts case.db keyslots " "and they are removed"
like "$out" "keyslots.tmpAbC123 \(overwritten first\)" "a leftover key file is overwritten before it goes"
# the same leftovers, then erase (an older recourse exited 4 here, and
# then 5: "This folder is not a case")
cp "$d/keyslots" "$d/keyslots.tmpAbC123"
out=$(r "$P1" -- case erase o --yes 2>&1); st=$?
is "$st" "0" "erase with a stray key file beside keyslots succeeds"
[ ! -e "$d" ]; ok $? "and leaves nothing"
like "$out" "backups" "erase says what it cannot reach (backups ...)"
like "$out" "copy-on-write" "(... copy-on-write file systems ...)"
like "$out" "USB" "(... USB sticks)"

# an older recourse's erase cut short after it removed keyslots: a stray
# key file and a journal left, no keyslots
new_case o "$P1" || bail "case new"
cp "$d/keyslots" "$WORK/o.keyslots"
rm -f "$d/keyslots" "$d/case.db" "$d/attempts"
cp "$WORK/o.keyslots" "$d/keyslots.tmpQwErTy"
head -c 512 /dev/urandom >"$d/case.db.rekey-journal"
out=$(r "$P1" -- case erase o --yes 2>&1); st=$?
is "$st" "5" "a half-erased folder (no keyslots): erase exits 5"
like "$out" "had been interrupted. It has now been finished" "and says it finished the erase"
[ ! -e "$d" ]; ok $? "and nothing of it is left"
# the same, with case.db still there: listed, finished when named
new_case o "$P1" || bail "case new"
rm -f "$d/keyslots"
is "$("$RECOURSE" case list --format csv | tr -d '\r' | grep -c '^o,')" "1" "a folder whose keyslots is gone is listed (nothing is guessed by a listing)"
out=$("$RECOURSE" case slots o 2>&1); st=$?
is "$st" "5" "naming it finishes the erase (exit 5)"
[ ! -e "$d" ]; ok $? "and nothing of it is left"
is "$("$RECOURSE" case list --format csv | tr -d '\r' | grep -c '^o,')" "0" "and it is no longer listed"

# never a folder that is not a case
mkdir -p "$C/notes.case"
echo "mine" >"$C/notes.case/notes.txt"
out=$(r "$P1" -- case erase notes --yes 2>&1); st=$?
is "$st" "5" "a folder that is not a case: erase exits 5"
like "$out" "not a case" "and says so"
is "$(cat "$C/notes.case/notes.txt")" "mine" "and leaves it untouched"
# a case folder with a file of the person's own: the case goes, the file stays
new_case f "$P1" || bail "case new"
echo "mine" >"$C/f.case/letter.txt"
out=$(r "$P1" -- case erase f --yes 2>&1); st=$?
is "$st" "4" "erase of a case holding another file: exit 4 (the folder stays)"
is "$(ls -A "$C/f.case" | tr '\n' ' ')" "letter.txt " "only that file is left"

done_testing
