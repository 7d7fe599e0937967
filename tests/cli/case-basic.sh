#!/bin/sh
# case new, list, info, slots; help; modes of files and folders.
. "$top_srcdir/tests/lib/common.sh"

out=$(rt "Test Person" -- "first passphrase" -- case new alpha $KDF --country er --regime gdpr --name - 2>&1)
ok $? "case new succeeds"
like "$out" "alpha.case" "case new prints the folder"
[ -d "$RECOURSE_CASES_DIR/alpha.case" ]; ok $? "the case folder exists"
is "$(stat -c %a "$RECOURSE_CASES_DIR/alpha.case")" "700" "the case folder is 0700"
is "$(stat -c %a "$RECOURSE_CASES_DIR/alpha.case/case.db")" "600" "case.db is 0600"
is "$(stat -c %a "$RECOURSE_CASES_DIR/alpha.case/keyslots")" "600" "keyslots is 0600"
is "$(stat -c %a "$RECOURSE_CASES_DIR/alpha.case/attempts")" "600" "attempts (the count of wrong passphrases) is 0600"
is "$(ls -A "$RECOURSE_CASES_DIR/alpha.case" | tr '\n' ' ')" "attempts case.db keyslots " "no other file is left in the case folder"

out=$(r "first passphrase" -- case new alpha $KDF 2>&1); st=$?
is "$st" "5" "a second case new with the same label fails with exit 5"
like "$out" "already exists" "and says the case exists"

out=$(r "short" -- case new beta $KDF 2>&1); st=$?
is "$st" "2" "a passphrase under 8 characters is refused"
like "$out" "at least 8 characters" "with the minimum length"
[ ! -e "$RECOURSE_CASES_DIR/beta.case" ]; ok $? "and no case is left behind"

out=$(r "x" -- case new "../evil" $KDF 2>&1); st=$?
[ "$st" -ne 0 ]; ok $? "a label with a path escape is refused"

is "$("$RECOURSE" case list --format csv | tr -d '\r')" "label,path
alpha,$RECOURSE_CASES_DIR/alpha.case" "case list shows labels only, no passphrase needed"

out=$(r "first passphrase" -- case info alpha --format json)
ok $? "case info succeeds"
like "$out" '"countries": "ER"' "countries are stored upper case"
like "$out" '"name": "Test Person"' "the name is stored"
like "$out" '"opened_with": "applicant"' "the first slot is 'applicant'"
like "$out" '"accesses": "0"' "a new case has no accesses"

out=$("$RECOURSE" case slots alpha --format csv)
like "$out" "^label,created,kdf" "case slots has a header"
like "$out" "applicant,.*argon2id t=3 m=64MiB" "case slots lists the slot and its KDF"

out=$("$RECOURSE" --help)
like "$out" "recourse case new" "--help lists the commands"
like "$out" "Exit status" "--help lists exit codes"
out=$("$RECOURSE" log import --help)
like "$out" "skip-invalid" "log import --help explains the command"
"$RECOURSE" --version | grep -q "^recourse "; ok $? "--version"
"$RECOURSE" nonsense >/dev/null 2>&1; is "$?" "2" "an unknown noun exits 2"
"$RECOURSE" case info alpha --format xml >/dev/null 2>&1; is "$?" "2" "a bad --format exits 2"

out=$(LANGUAGE=fr "$RECOURSE" case info nosuch --passphrase-fd 0 </dev/null 2>&1); st=$?
is "$st" "5" "a missing case exits 5"

done_testing
