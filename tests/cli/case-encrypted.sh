#!/bin/sh
# The file on disk is really encrypted: no SQLite header, the stock sqlite3
# refuses it, a marker stored in the case appears nowhere under the data
# folder, and sqlcipher with the raw key opens it.
. "$top_srcdir/tests/lib/common.sh"

MARK="ZqMarker7731-$(date +%s)"
rt "Name $MARK" -- "marker passphrase" -- case new enc $KDF --name - >/dev/null 2>&1 || bail "case new"
rt "Authority $MARK" "purpose $MARK" -- "marker passphrase" -- log add enc --when 2024-01-02 --authority - \
	--purpose - --country DE >/dev/null 2>&1
ok $? "an access holding the marker is added"
out=$(r "marker passphrase" -- log list enc --format csv)
like "$out" "Authority $MARK" "the marker reads back through recourse"

db="$RECOURSE_CASES_DIR/enc.case/case.db"
head -c 16 "$db" | grep -q "SQLite format 3"; st=$?
[ $st -ne 0 ]; ok $? "case.db does not start with 'SQLite format 3'"

if [ -x "$SQLITE3_SHELL" ]; then
	out=$("$SQLITE3_SHELL" "$db" "SELECT count(*) FROM sqlite_master;" 2>&1); st=$?
	[ $st -ne 0 ]; ok $? "the stock sqlite3 refuses case.db"
	like "$out" "not a database|encrypted" "with 'file is not a database'"
else
	fail "sqlite3 shell missing (tools/install-deps installs it)"
fi

grep -rqa "$MARK" "$WORK"; st=$?
[ $st -ne 0 ]; ok $? "the marker is found nowhere under the data folder (db, journal, keyslots)"
# also while a write is in progress: hold a transaction open via a second import
ls "$RECOURSE_CASES_DIR/enc.case" | grep -q -- '-wal$'; [ $? -ne 0 ]; ok $? "no -wal file is used"

if [ -x "$SQLCIPHER_SHELL" ]; then
	set -- $(echo "marker passphrase" | "$top_builddir/tests/unit/keydump" "$RECOURSE_CASES_DIR/enc.case")
	key=$1 pagesize=$2
	[ ${#key} -eq 64 ]; ok $? "the test tool recovers the 256-bit data key with the passphrase"
	out=$(printf "PRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = %s;\nSELECT authority FROM event;\n" "$key" "$pagesize" | "$SQLCIPHER_SHELL" "$db" 2>&1)
	like "$out" "Authority $MARK" "the stock sqlcipher shell opens case.db with the raw key"
	out=$(printf "PRAGMA key = 'marker passphrase';\nSELECT count(*) FROM event;\n" | "$SQLCIPHER_SHELL" "$db" 2>&1)
	unlike "$out" "^1$" "the passphrase itself is not the SQLCipher key"
else
	fail "sqlcipher shell missing (tools/install-deps installs it)"
fi

done_testing
