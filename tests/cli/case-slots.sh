#!/bin/sh
# Key slots: add, remove, passwd; after remove-slot + rekey the old
# passphrase AND the old data key both fail.
. "$top_srcdir/tests/lib/common.sh"

new_case s "applicant passphrase" || bail "case new"
r "applicant passphrase" "counsel passphrase" -- case add-slot s "counsel:María López" $KDF >/dev/null 2>&1
ok $? "add-slot with an existing and a new passphrase"
out=$("$RECOURSE" case slots s --format csv)
like "$out" "counsel:María López" "the new slot is listed"
r "counsel passphrase" -- case info s >/dev/null 2>&1; ok $? "the counsel passphrase opens the case"
out=$(r "counsel passphrase" -- case info s --format json); like "$out" '"opened_with": "counsel:María López"' "and info says which slot opened it"

out=$(r "applicant passphrase" "x" -- case add-slot s "office" $KDF 2>&1); st=$?
is "$st" "2" "a too-short new passphrase is refused"
out=$(r "applicant passphrase" "another long one" -- case add-slot s "counsel:María López" $KDF 2>&1); st=$?
is "$st" "2" "a duplicate slot label is refused"
like "$out" "exists already" "and says so"

oldkey=$(echo "applicant passphrase" | "$top_builddir/tests/unit/keydump" "$RECOURSE_CASES_DIR/s.case" | cut -d' ' -f1)
[ ${#oldkey} -eq 64 ]; ok $? "the old data key is recorded for the test"

out=$(r "counsel passphrase" -- case remove-slot s applicant 2>&1)
ok $? "remove-slot applicant"
like "$out" "rekey" "remove-slot says that only a rekey locks the holder out"
out=$(r "counsel passphrase" -- case remove-slot s "counsel:María López" 2>&1); st=$?
is "$st" "2" "the last slot cannot be removed"
like "$out" "last key slot" "and says so"

r "applicant passphrase" -- case info s >/dev/null 2>&1; st=$?
is "$st" "3" "the removed slot's passphrase no longer opens the case"

# before the rekey, the old data key still opens the database: that is why rekey exists
db="$RECOURSE_CASES_DIR/s.case/case.db"
q() { printf "PRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = 16384;\nSELECT count(*) FROM journal;\n" "$1" | "$SQLCIPHER_SHELL" "$db" 2>&1; }
like "$(q "$oldkey")" "^[0-9]+$" "before rekey the old data key still decrypts case.db"

out=$(r "counsel passphrase" -- case rekey s 2>&1)
ok $? "rekey succeeds"
unlike "$(q "$oldkey")" "^[0-9]+$" "after rekey the old data key no longer decrypts case.db"
newkey=$(echo "counsel passphrase" | "$top_builddir/tests/unit/keydump" "$RECOURSE_CASES_DIR/s.case" | cut -d' ' -f1)
[ "$newkey" != "$oldkey" ]; ok $? "the data key changed"
like "$(q "$newkey")" "^[0-9]+$" "the new key decrypts case.db"
r "counsel passphrase" -- case verify s >/dev/null 2>&1; ok $? "the case verifies after rekey"
is "$(ls -A "$RECOURSE_CASES_DIR/s.case" | tr '\n' ' ')" "attempts case.db keyslots " "no rekey leftovers"

r "counsel passphrase" "new counsel passphrase" -- case passwd s $KDF >/dev/null 2>&1; ok $? "passwd"
r "counsel passphrase" -- case info s >/dev/null 2>&1; is "$?" "3" "the old passphrase fails after passwd"
r "new counsel passphrase" -- case info s >/dev/null 2>&1; ok $? "the new passphrase works"

# a rekey cut short before the switch: the old pair stays whole
cp "$db" "$RECOURSE_CASES_DIR/s.case/case.db.rekey"
cp "$RECOURSE_CASES_DIR/s.case/keyslots" "$RECOURSE_CASES_DIR/s.case/keyslots.rekey"
r "new counsel passphrase" -- case info s >/dev/null 2>&1; ok $? "an interrupted rekey (before the switch) is undone on open"
is "$(ls -A "$RECOURSE_CASES_DIR/s.case" | tr '\n' ' ')" "attempts case.db keyslots " "and its leftovers are removed"

# erase: keys first, then files
out=$(r "new counsel passphrase" -- case erase s --yes 2>&1); ok $? "erase"
[ ! -e "$RECOURSE_CASES_DIR/s.case" ]; ok $? "the case folder is gone"
like "$out" "keys were destroyed first" "erase says what it did"
like "$out" "USB" "erase says what it cannot guarantee on flash storage"
out=$(r "x" -- case erase nosuch --yes 2>&1); is "$?" "5" "erasing a missing case exits 5"
out=$("$RECOURSE" case erase x --passphrase-fd 0 </dev/null 2>&1); st=$?
is "$st" "2" "erase without --yes off a terminal refuses"

done_testing
