#!/bin/sh
# Who may own a case (issue 15, finding 3): like ssh with its own files,
# recourse refuses (exit 13) a cases folder, case folder or case file that
# other users can write or that belongs to someone else, and a case file
# or folder that is a symbolic link or has other names; the message says
# which and the command that fixes it; nothing is read or changed.  Erase
# never writes through a symbolic link.
. "$top_srcdir/tests/lib/common.sh"

P="perms passphrase"
new_case c "$P" || bail "case new"
d="$RECOURSE_CASES_DIR/c.case"
before=$(snapshot "$d")

refused() { # refused WHAT PATTERN [ARGS]: case info is refused with exit 13
	_what=$1 _pat=$2
	out=$(r "$P" -- case info c 2>&1); st=$?
	is "$st" "13" "$_what: exit 13"
	like "$out" "$_pat" "$_what: says how to fix it"
}

# the cases folder, writable by others
chmod 0777 "$RECOURSE_CASES_DIR"
refused "a cases folder anyone can write" "chmod go-w '$RECOURSE_CASES_DIR'"
out=$(r "$P" -- case new d $KDF 2>&1); st=$?
is "$st" "13" "a cases folder anyone can write: case new refused too"
[ ! -e "$RECOURSE_CASES_DIR/d.case" ]; ok $? "and no case made"
chmod 0770 "$RECOURSE_CASES_DIR"
refused "a cases folder its group can write" "chmod go-w"
chmod 0700 "$RECOURSE_CASES_DIR"

# the case folder
chmod 0770 "$d"
refused "a case folder its group can write" "chmod go-w '$d'"
chmod 0700 "$d"

# a file of the case
chmod 0620 "$d/keyslots"
refused "a keyslots file its group can write" "chmod go-w '$d/keyslots'"
out=$("$RECOURSE" case slots c 2>&1); st=$?
is "$st" "13" "case slots refuses it too"
chmod 0600 "$d/keyslots"
chmod 0606 "$d/case.db"
refused "a case.db anyone can write" "chmod go-w '$d/case.db'"
chmod 0600 "$d/case.db"
chmod 0602 "$d/attempts"
refused "an attempts file anyone can write" "chmod go-w '$d/attempts'"
chmod 0600 "$d/attempts"

# symbolic links: the folder, keyslots, case.db
mv "$d" "$WORK/real.case"
ln -s "$WORK/real.case" "$d"
refused "a case folder that is a symbolic link" "symbolic link"
rm "$d"
mv "$WORK/real.case" "$d"
mv "$d/case.db" "$WORK/outside.db"
ln -s "$WORK/outside.db" "$d/case.db"
refused "a case.db that is a symbolic link" "symbolic link"
rm "$d/case.db"
mv "$WORK/outside.db" "$d/case.db"

# erase through a symbolic keyslots: refused, the file it points to untouched
cp "$d/keyslots" "$WORK/outside-keyslots"
printf 'not a case file: the person'"'"'s own\n' >"$WORK/precious"
rm "$d/keyslots"
ln -s "$WORK/outside-keyslots" "$d/keyslots"
refused "a keyslots that is a symbolic link" "symbolic link"
sum=$(sha256sum <"$WORK/outside-keyslots")
out=$(r "$P" -- case erase c --yes 2>&1); st=$?
is "$st" "13" "erase with a symbolic keyslots: refused (exit 13)"
is "$(sha256sum <"$WORK/outside-keyslots")" "$sum" "erase wrote nothing through the link"
ln -sf "$WORK/precious" "$d/keyslots"
out=$(r "$P" -- case erase c --yes 2>&1); st=$?
is "$st" "13" "erase with keyslots linked to another file: refused"
is "$(cat "$WORK/precious")" "not a case file: the person's own" "and that file is untouched"
rm "$d/keyslots"
cp "$WORK/outside-keyslots" "$d/keyslots"
chmod 0600 "$d/keyslots"

# a hard link: another name for keyslots elsewhere
ln "$d/keyslots" "$WORK/keyslots-link"
refused "a keyslots with another name (hard link)" "hard links"
rm "$WORK/keyslots-link"

is "$(snapshot "$d")" "$before" "nothing of the case changed through all of it"
r "$P" -- case info c >/dev/null 2>&1; ok $? "with everything put right the case opens"

# another user's folder, and root's folder for another user
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; then
	chown nobody "$d"
	refused "a case folder of another user" "chown -R $(id -un) '$d'"
	chown root "$d"
	chown nobody "$d/keyslots"
	refused "a keyslots of another user" "belongs to the user nobody"
	chown root "$d/keyslots"
	# root's case, opened by another user: refused (the folder is
	# readable, so only the check stops it)
	shared=$(mktemp -d /tmp/recourse-perms-XXXXXX)
	chmod 0755 "$shared"
	mkdir "$shared/cases"
	chown nobody "$shared/cases"
	cp -a "$d" "$shared/cases/r.case"
	chmod 0755 "$shared/cases/r.case"
	out=$(cd / && setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent \
		RECOURSE_CASES_DIR="$shared/cases" "$RECOURSE" case slots r 2>&1); st=$?
	is "$st" "13" "root's case folder, for another user: exit 13"
	like "$out" "belongs to the user root" "and says whose it is"
	rm -rf "$shared"
else
	skip "a case folder of another user: needs root and setpriv"
	skip "a case folder of another user: the message"
	skip "a keyslots of another user: needs root"
	skip "a keyslots of another user: the message"
	skip "root's case folder, for another user: needs root and setpriv"
	skip "root's case folder, for another user: the message"
fi

done_testing
