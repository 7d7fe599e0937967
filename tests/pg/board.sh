#!/bin/bash
# The office board in a real PostgreSQL server (issue 18): started here by
# tests/lib/pg.sh (initdb, pg_ctl, Unix socket only, an unprivileged
# user), no mock.  Two recourse processes against one board: concurrent
# updates, a conflicting change refused, a process killed in the middle of
# an update, the server restarted under an open board (a message, then a
# reconnect), a terminal that was offline catching up, roles that may read
# but not write, the board moved from a folder into PostgreSQL and back,
# and LISTEN/NOTIFY reaching an open board.
. "$top_srcdir/tests/lib/common.sh"
. "$top_srcdir/tests/lib/pg.sh"
pg_start
A="case a passphrase"
B="case b passphrase"
OP="office passphrase"
DB="dbname=board"
export RECOURSE_FAKE_NOW=$(date -u -d 2026-12-06T12:00:00Z +%s)
export RECOURSE_OFFICE_DIR="$WORK/office"

# ---- the connection string's rules, before any server is asked
out=$(r -- deadlines --office --office-db "postgresql://boardadmin:secret@db.example.org/board" 2>&1); st=$?
is "$st" "2" "a password in the connection string: refused (exit 2)"
like "$out" "pgpass" "the message says where a password goes"
unlike "$out" "secret" "and does not repeat it"
out=$(r -- deadlines --office --office-db "host=db.example.org dbname=board sslmode=require" 2>&1); st=$?
is "$st" "2" "the network without a checked certificate (sslmode=require): refused"
like "$out" "verify-full" "the message names the mode to use"

# ---- the board, its tables made by the owner role
out=$(r -- deadlines --office --office-db "$DB" 2>&1); st=$?
is "$st" "10" "a database without a board: exit 10"
like "$out" "office new --office-db" "the message says how to make one"
out=$(r -- office new --office-db "$DB" 2>&1); st=$?
is "$st" "0" "office new --office-db"
is "$(pg_sql "SELECT value FROM recourse_board_meta WHERE key = 'version'")" "1" "the schema's version is kept in the database"
r -- office new --office-db "$DB" >/dev/null 2>&1; is "$?" "0" "office new again: nothing changes"
# the office chooses who may read and who may write
pg_sql "GRANT SELECT ON board_case, board_request, board_step, recourse_board_meta TO board_reader;
	GRANT SELECT, INSERT, UPDATE, DELETE ON board_case, board_request, board_step TO board_writer;
	GRANT SELECT ON recourse_board_meta TO board_writer;" >/dev/null
W="dbname=board user=board_writer"
RD="dbname=board user=board_reader"

new_case ca "$A" --regime gdpr || bail "case ca"
new_case cb "$B" --regime gdpr || bail "case cb"
# ca 1: sent 2 November 2026 (GDPR Art. 12(3): due 2 December 2026, overdue)
r "$A" -- request add ca --kind access --regime gdpr --filed 2026-11-02 --controller DE >/dev/null 2>&1
out=$(r "$A" -- office join ca --office-db "$W" 2>&1); st=$?
is "$st" "0" "office join --office-db (as the writer role)"
is "$(pg_sql "SELECT label || ' ' || req || ' ' || state || ' ' || due FROM board_request JOIN board_case USING (case_id)")" \
	"ca 1 filed 2026-12-02" "the row is in the server at once"
r "$B" -- office join cb --office-db "$W" >/dev/null 2>&1 || bail "join cb"

out=$(r -- deadlines --office --office-db "$RD" --format csv 2>/dev/null); st=$?
is "$st" "0" "the reader role reads the board"
is "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2,6,8 | tr -d '\r' | tr '\n' ' ')" "ca,1,2026-12-02,overdue " \
	"deadlines --office from PostgreSQL, the date computed as in the case"
# a case joined with the reader role cannot write: the change is kept, the board says nothing
r "$A" -- office join ca --office-db "$RD" >/dev/null 2>&1
out=$(r "$A" -- request add ca --kind erasure --regime gdpr --filed 2026-11-20 --controller DE 2>&1); st=$?
is "$st" "0" "a change through a role that may not write is still saved in the case"
like "$out" "office board did not get it" "and it says the board did not get it"
is "$(pg_sql "SELECT count(*) FROM board_request")" "1" "the board is unchanged"
r "$A" -- office join ca --office-db "$W" >/dev/null 2>&1
is "$(pg_sql "SELECT count(*) FROM board_request")" "2" "joined again as the writer: both requests there"

# ---- two processes at once, many updates each: every one lands
for i in 1 2 3 4 5 6; do
	r "$B" -- request add cb --kind access --regime gdpr --filed 2026-11-1$i --controller FR >/dev/null 2>&1 &
	pb=$!
	wait $pb
done &
loop_b=$!
for i in 1 2 3 4 5 6; do
	out=$(r -- deadlines --office --office-db "$RD" --format csv 2>&1) || echo "reader failed: $out" >&2
done
wait $loop_b
is "$(pg_sql "SELECT count(*) FROM board_request r JOIN board_case c USING (case_id) WHERE c.label = 'cb'")" "6" \
	"six updates of cb while another process read the board: six rows"
r "$A" -- request move ca 1 --to acknowledged --day 2026-11-04 >/dev/null 2>&1 &
r "$B" -- request move cb 1 --to acknowledged --day 2026-11-12 >/dev/null 2>&1 &
wait
is "$(pg_sql "SELECT string_agg(label || ':' || state, ' ' ORDER BY label) FROM board_request JOIN board_case USING (case_id) WHERE req = 1")" \
	"ca:acknowledged cb:acknowledged" "two cases changed at the same moment from two processes: both on the board"

# ---- the same request changed on two copies of the case: the second refused
cp -a "$WORK/cases/ca.case" "$WORK/ca-copy.case"
r "$A" -- request move ca 1 --to answered --day 2026-11-30 --answer granted >/dev/null 2>&1
out=$(r "$A" -- request move "$WORK/ca-copy.case" 1 --to extended --day 2026-11-25 --with-reasons 2>&1); st=$?
is "$st" "0" "the copy's change is saved in the copy"
like "$out" "Request 1 of case ca" "the board's refusal names the request"
like "$out" "another copy of the case" "and says why"
is "$(pg_sql "SELECT state FROM board_request JOIN board_case USING (case_id) WHERE label = 'ca' AND req = 1")" \
	"answered" "the board kept the first terminal's state"
out=$(r "$A" -- office status "$WORK/ca-copy.case" --format csv 2>/dev/null)
like "$out" ",true" "the copy says the board has not got its change"

# ---- a process killed in the middle of an update: the board as it was
before=$(pg_sql "SELECT count(*) FROM board_request")
out=$(RECOURSE_TEST_STOP=office-pg-update r "$B" -- request add cb --kind erasure --regime gdpr --filed 2026-11-28 \
	--controller FR 2>&1); st=$?
is "$st" "137" "killed (SIGKILL) after writing rows, before the commit"
is "$(pg_sql "SELECT count(*) FROM board_request")" "$before" "the server rolled the half update back"
r "$B" -- office status cb >/dev/null 2>&1
is "$(pg_sql "SELECT count(*) FROM board_request")" "$((before + 1))" "the next opening of the case sends it"

# ---- an open board (office watch) across a server restart, and NOTIFY
# (the reader role needs no passphrase: recourse itself in the background, so that kill reaches it)
"$RECOURSE" office watch --office-db "$RD" --format csv < /dev/null > "$WORK/watch.out" 2> "$WORK/watch.err" &
watch=$!
for _ in $(seq 50); do grep -q '^ca,' "$WORK/watch.out" 2>/dev/null && break; sleep 0.1; done
r "$B" -- request move cb 2 --to answered --day 2026-11-29 --answer refused >/dev/null 2>&1
for _ in $(seq 50); do [ "$(grep -c '^case,' "$WORK/watch.out")" -ge 2 ] && break; sleep 0.1; done
ok $([ "$(grep -c '^case,' "$WORK/watch.out")" -ge 2 ]; echo $?) "the open board printed again after another process's change (NOTIFY)"
pg_restart
r "$B" -- request move cb 3 --to answered --day 2026-11-29 --answer granted >/dev/null 2>&1
for _ in $(seq 100); do grep -q "made again" "$WORK/watch.err" 2>/dev/null && break; sleep 0.1; done
like "$(cat "$WORK/watch.err")" "lost and has been made again" "after the restart the open board says so and reconnects"
n=$(grep -c '^case,' "$WORK/watch.out")
r "$B" -- request move cb 4 --to answered --day 2026-11-29 --answer granted >/dev/null 2>&1
for _ in $(seq 50); do [ "$(grep -c '^case,' "$WORK/watch.out")" -gt "$n" ] && break; sleep 0.1; done
ok $([ "$(grep -c '^case,' "$WORK/watch.out")" -gt "$n" ]; echo $?) "and hears the next change"
kill $watch 2>/dev/null; wait $watch 2>/dev/null

# ---- offline: the server is away, three changes, then it is back
pg_kill
for d in 2026-11-13 2026-11-14; do :; done
out=$(r "$B" -- request move cb 5 --to acknowledged --day 2026-11-20 2>&1); st=$?
is "$st" "0" "with the server down the change is saved"
like "$out" "could not be told of this change" "and it says the board will hear of it later"
r "$B" -- request move cb 5 --to clarification --day 2026-11-22 >/dev/null 2>&1
r "$B" -- request move cb 5 --to acknowledged --day 2026-11-25 >/dev/null 2>&1
out=$(r -- deadlines --office --office-db "$RD" 2>&1); st=$?
is "$st" "16" "reading the board with the server down: exit 16"
pg_start_again
r "$B" -- office status cb >/dev/null 2>&1
is "$(pg_sql "SELECT string_agg(to_state, ' ' ORDER BY n) FROM board_step JOIN board_case USING (case_id) WHERE label = 'cb' AND req = 5")" \
	"filed acknowledged clarification acknowledged" "back online: every step sent, in order"

# ---- moving: the folder's board into PostgreSQL and back, losing nothing
pg_sql "CREATE DATABASE board2" >/dev/null
r "$OP" "$OP" -- office new $KDF >/dev/null 2>&1 || bail "office new (folder)"
new_case cc "$A" --regime gdpr || bail "case cc"
r "$A" -- request add cc --kind access --regime gdpr --filed 2026-11-03 --controller DE >/dev/null 2>&1
r "$A" -- office join cc >/dev/null 2>&1 || bail "join cc"
out=$(r "$OP" -- office move --to-db "dbname=board2" 2>&1); st=$?
is "$st" "0" "office move --to-db"
is "$(PGDATABASE=board2 pg_sql "SELECT label || ' ' || state FROM board_request JOIN board_case USING (case_id)")" "cc filed" \
	"the folder's rows are in PostgreSQL"
r "$A" -- request move cc 1 --to acknowledged --day 2026-11-05 >/dev/null 2>&1
is "$(PGDATABASE=board2 pg_sql "SELECT state FROM board_request")" "acknowledged" \
	"the case followed the board to PostgreSQL at its next change"
out=$(r "new office pass" "new office pass" -- office move --office-db "dbname=board2" --to-dir "$WORK/office-back" $KDF 2>&1); st=$?
is "$st" "0" "office move --to-dir"
out=$(r "new office pass" -- deadlines --office --office-dir "$WORK/office-back" --format csv 2>/dev/null)
like "$out" "^cc,1,.*acknowledged" "back in a folder: the row, as it was"
r "$A" -- request move cc 1 --to answered --day 2026-11-20 --answer granted >/dev/null 2>&1
out=$(r "new office pass" -- deadlines --office --office-dir "$WORK/office-back" --state answered --format csv 2>/dev/null)
like "$out" "^cc,1," "and the case followed it back"

done_testing
