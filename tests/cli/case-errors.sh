#!/bin/sh
# Each bad situation gets its own clear message and exit code, and changes
# nothing on disk: wrong passphrase, damaged keyslots, truncated case.db,
# a folder that is not a case, a case open elsewhere.
. "$top_srcdir/tests/lib/common.sh"

new_case err "right passphrase" || bail "case new"
r "right passphrase" -- log import err "$SAMPLES/letter-transcription.csv" >/dev/null 2>&1 || bail "import"
dir="$RECOURSE_CASES_DIR/err.case"
before=$(snapshot "$dir")

out=$(r "wrong passphrase" -- case info err 2>&1); st=$?
is "$st" "3" "wrong passphrase: exit 3"
like "$out" "does not open this case" "wrong passphrase: says so"
is "$(snapshot "$dir")" "$before" "wrong passphrase: nothing on disk changed"

# a case open elsewhere: hold the folder's lock
flock -n -o "$dir" sleep 30 & holder=$!
sleep 0.3
out=$(r "right passphrase" -- case info err 2>&1); st=$?
kill $holder 2>/dev/null; wait $holder 2>/dev/null
is "$st" "7" "open elsewhere: exit 7"
like "$out" "open elsewhere" "open elsewhere: says so"
is "$(snapshot "$dir")" "$before" "open elsewhere: nothing on disk changed"

# damaged keyslots: its two copies (doc/case-file.md) each with a byte
# flipped; one damaged copy alone is repaired from the other
cp "$dir/keyslots" "$WORK/keyslots.good"
size=$(stat -c %s "$dir/keyslots")
printf 'Z' | dd of="$dir/keyslots" bs=1 seek=$((size * 3 / 4)) conv=notrunc 2>/dev/null
r "right passphrase" -- case info err >/dev/null 2>&1; ok $? "one damaged copy of keyslots: the case opens with the other"
cmp -s "$dir/keyslots" "$WORK/keyslots.good"; [ $? -ne 0 ]; ok $? "(the damaged copy was rewritten)"
r "right passphrase" -- case verify err >/dev/null 2>&1; ok $? "and verifies"
cp "$WORK/keyslots.good" "$dir/keyslots"
before=$(snapshot "$dir")
printf 'Z' | dd of="$dir/keyslots" bs=1 seek=$((size / 4)) conv=notrunc 2>/dev/null
printf 'Z' | dd of="$dir/keyslots" bs=1 seek=$((size * 3 / 4)) conv=notrunc 2>/dev/null
damaged=$(snapshot "$dir")
out=$(r "right passphrase" -- case info err 2>&1); st=$?
is "$st" "6" "damaged keyslots: exit 6"
like "$out" "key file of this case \(keyslots\) is damaged" "damaged keyslots: says so (not 'wrong passphrase')"
is "$(snapshot "$dir")" "$damaged" "damaged keyslots: nothing on disk changed"
out=$("$RECOURSE" case slots err 2>&1); st=$?
is "$st" "6" "damaged keyslots: case slots also reports it"
cp "$WORK/keyslots.good" "$dir/keyslots"

# truncated keyslots
head -c 100 "$WORK/keyslots.good" > "$dir/keyslots"
out=$(r "right passphrase" -- case info err 2>&1); st=$?
is "$st" "6" "truncated keyslots: exit 6"
cp "$WORK/keyslots.good" "$dir/keyslots"
is "$(snapshot "$dir")" "$before" "restored keyslots: the case is as before"

# truncated case.db: in the middle of a page, then at a page boundary
cp "$dir/case.db" "$WORK/case.db.good"
dbsize=$(stat -c %s "$dir/case.db")
head -c $((dbsize / 2 + 100)) "$WORK/case.db.good" > "$dir/case.db"
cut=$(snapshot "$dir")
out=$(r "right passphrase" -- case info err 2>&1); st=$?
is "$st" "6" "truncated case.db: exit 6"
like "$out" "damaged or incomplete" "truncated case.db: says the case file is damaged"
like "$out" "cut short" "truncated case.db: says it was cut short"
is "$(snapshot "$dir")" "$cut" "truncated case.db: nothing on disk changed"
head -c 16384 "$WORK/case.db.good" > "$dir/case.db"
out=$(r "right passphrase" -- case info err 2>&1); st=$?
is "$st" "6" "case.db cut at a page boundary: exit 6"
cp "$WORK/case.db.good" "$dir/case.db"
r "right passphrase" -- case verify err >/dev/null 2>&1
ok $? "the restored case verifies"

# another case's database under these keys
new_case other "other passphrase" || bail "case new other"
cp "$RECOURSE_CASES_DIR/other.case/case.db" "$dir/case.db"
out=$(r "right passphrase" -- case info err 2>&1); st=$?
is "$st" "6" "a database that is not this case's: exit 6"
cp "$WORK/case.db.good" "$dir/case.db"

# a folder that is not a case
mkdir -p "$WORK/plain.case"
echo hello > "$WORK/plain.case/notes.txt"
out=$(r "right passphrase" -- case info "$WORK/plain.case" 2>&1); st=$?
is "$st" "5" "a folder that is not a case: exit 5"
like "$out" "not a case" "a folder that is not a case: says so"
is "$(cat "$WORK/plain.case/notes.txt")" "hello" "a folder that is not a case: untouched"
out=$(r "right passphrase" -- case info nosuchcase 2>&1); st=$?
is "$st" "5" "no such case: exit 5"
like "$out" "no case with that name" "no such case: says so"

# no passphrase source at all
out=$("$RECOURSE" case info err </dev/null 2>&1 | head -3)
like "$out" "passphrase-fd" "without a terminal it asks for --passphrase-fd"

# a full disk: a 1 MiB tmpfs is not available to non-root, so simulate with
# a file size limit on the import (the write fails, nothing is kept)
if [ "$(id -u)" = 0 ] && mkdir -p "$WORK/small" && mount -t tmpfs -o size=600k,mode=0700 tmpfs "$WORK/small" 2>/dev/null; then
	RECOURSE_CASES_DIR="$WORK/small" r "small disk passphrase" -- case new tiny $KDF >/dev/null 2>&1
	python3 "$top_srcdir/bench/gen_events.py" 3000 --seed 3 > "$WORK/many.ndjson"
	before_small=$(RECOURSE_CASES_DIR="$WORK/small" r "small disk passphrase" -- case info tiny --format csv 2>/dev/null | grep accesses)
	out=$(RECOURSE_CASES_DIR="$WORK/small" r "small disk passphrase" -- log import tiny "$WORK/many.ndjson" 2>&1); st=$?
	is "$st" "4" "full disk: exit 4"
	like "$out" "disk is full" "full disk: says so"
	after_small=$(RECOURSE_CASES_DIR="$WORK/small" r "small disk passphrase" -- case info tiny --format csv 2>/dev/null | grep accesses)
	is "$after_small" "$before_small" "full disk: the case still opens and holds what it held"
	umount "$WORK/small"
else
	skip "full disk: needs root to mount a small tmpfs (CI runs as root)"
fi

done_testing
