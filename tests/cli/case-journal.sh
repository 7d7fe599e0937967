#!/bin/sh
# The journal: every change and unlock; altering one row (with the raw key,
# through sqlcipher) makes case verify fail and name that row.
. "$top_srcdir/tests/lib/common.sh"

new_case j "journal passphrase" --country ER || bail "case new"
r "journal passphrase" -- log import j "$SAMPLES/letter-transcription.csv" >/dev/null 2>&1
r "journal passphrase" -- case set j countries ER,AF >/dev/null 2>&1
out=$(r "journal passphrase" -- case journal j --format csv)
like "$out" "case-create" "the journal records the creation"
like "$out" "unlock" "the journal records unlocks"
like "$out" "log-import,\"?letter-transcription.csv \\(csv\\)" "the journal records the import with its source"
like "$out" "meta-set,countries" "the journal records the change of countries"
out=$(r "journal passphrase" -- case verify j); st=$?
is "$st" "0" "case verify passes on an untouched case"
like "$out" "unbroken" "and says the journal is unbroken"

set -- $(echo "journal passphrase" | "$top_builddir/tests/unit/keydump" "$RECOURSE_CASES_DIR/j.case")
key=$1
printf "PRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = 16384;\nUPDATE journal SET object = 'forged' WHERE seq = 3;\n" "$key" | "$SQLCIPHER_SHELL" "$RECOURSE_CASES_DIR/j.case/case.db" >/dev/null 2>&1
out=$(r "journal passphrase" -- case verify j); st=$?
is "$st" "8" "case verify fails (exit 8) after one row was altered"
like "$out" "BROKEN at entry 3" "and names the altered row"
like "$out" "changed after it was written" "and says how"

printf "PRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = 16384;\nDELETE FROM journal WHERE seq = 2;\n" "$key" | "$SQLCIPHER_SHELL" "$RECOURSE_CASES_DIR/j.case/case.db" >/dev/null 2>&1
out=$(r "journal passphrase" -- case verify j); st=$?
is "$st" "8" "a deleted row is found too"
like "$out" "BROKEN at entry 3: an entry is missing" "naming where the gap is"

done_testing
