#!/bin/bash
# Ctrl-C (SIGINT) or SIGTERM during an import or a rekey: the operation
# stops, says it was cancelled (exit 11), and the case is as before.
. "$top_srcdir/tests/lib/common.sh"

python3 "$top_srcdir/bench/gen_events.py" 30000 --seed 9 > "$WORK/big.ndjson" || bail "gen_events"
new_case c "cancel passphrase" || bail "case new"
r "cancel passphrase" -- log import c "$SAMPLES/letter-transcription.csv" >/dev/null 2>&1 || bail "import"
count() { r "cancel passphrase" -- case info c --format csv 2>/dev/null | sed -n 's/^accesses,//p' | tr -d '\r'; }
before=$(count)

for sig in INT TERM; do
	printf 'cancel passphrase\n' | "$RECOURSE" --passphrase-fd 3 log import c "$WORK/big.ndjson" 3<&0 </dev/null >"$WORK/out" 2>&1 &
	pid=$!
	# wait until the import is under way (the unlock is done), then signal
	for i in $(seq 1 100); do
		[ -e "$RECOURSE_CASES_DIR/c.case/case.db-journal" ] && break
		sleep 0.02
	done
	kill -$sig $pid
	wait $pid; st=$?
	is "$st" "11" "SIG$sig during an import: exit 11 (cancelled)"
	like "$(cat "$WORK/out")" "Cancelled" "SIG$sig: says it was cancelled"
	is "$(count)" "$before" "SIG$sig: the case holds what it held before"
done
# Ctrl-C after the whole file is read, while a large import builds its
# indexes and finishes: still cancelled, nothing kept (the debug lines on
# stderr say when the rows are all in and the finishing begins)
printf 'cancel passphrase\n' | RECOURSE_DEBUG=1 "$RECOURSE" --passphrase-fd 3 log import c "$WORK/big.ndjson" \
	3<&0 </dev/null >"$WORK/out" 2>&1 &
pid=$!
for i in $(seq 1 500); do
	grep -q "events put;" "$WORK/out" && break
	sleep 0.01
done
kill -INT $pid
wait $pid; st=$?
like "$(cat "$WORK/out")" "events put;" "the signal came after every row was written"
is "$st" "11" "SIGINT while the indexes are built: exit 11 (cancelled)"
unlike "$(cat "$WORK/out")" "Imported" "and it does not say it imported"
is "$(count)" "$before" "SIGINT while finishing: the case holds what it held before"

r "cancel passphrase" -- case verify c >/dev/null 2>&1; ok $? "the case verifies after the cancelled imports"
done_testing
