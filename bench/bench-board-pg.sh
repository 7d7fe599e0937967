#!/bin/bash
# bench/bench-board-pg.sh [BUILD_DIR] [CASES] - the office board in
# PostgreSQL on loopback (TCP 127.0.0.1, a server of its own started by
# tests/lib/pg.sh, fsync on): bench_board's figures for the board moved
# there (first screen; an update by one terminal seen by another's open
# board through LISTEN/NOTIFY), and the same first-screen query in plain
# SQL with psql in the same run.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
cases=${2:-10000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/recourse-bench-pg-XXXXXX")
export RECOURSE_DATA_DIR=$here/data
bail() { echo "bench-board-pg: $*" >&2; exit 1; }
. "$here/tests/lib/pg.sh"
export PG_TCP_PORT=$((20000 + RANDOM % 20000)) PG_FSYNC=on
pg_start
conn="host=127.0.0.1 port=$PG_TCP_PORT dbname=board user=boardadmin"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_TCP_PORT (TCP loopback, fsync on)"
BENCH_BOARD_PG="$conn" "$build/bench/bench_board" "$WORK/office-bench" "$cases" 5 20 | sed -n '/^PostgreSQL:/,$p;/^(pg /,$p' | awk '!seen[$0]++'
q="SELECT r.case_id, c.label, r.req, r.kind, r.regime, r.state, r.filed, r.received, r.controller, r.ext_notice, r.ext_reasons, r.answered, r.answer, r.relation, r.follows, r.check_result, r.due, r.due_state, r.next_action, r.updated, c.updated FROM board_request r JOIN board_case c USING(case_id) WHERE NOT r.closed AND r.due IS NOT NULL AND r.state IN ('filed', 'acknowledged', 'clarification', 'extended') ORDER BY r.due COLLATE \"C\", c.label COLLATE \"C\", r.req, r.case_id COLLATE \"C\" LIMIT 20"
times=$(for i in $(seq 20); do echo '\timing on'; echo "$q;"; done |
	"$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_TCP_PORT" -U boardadmin -d board -o /dev/null 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n)
n=$(printf '%s\n' "$times" | wc -l)
med=$(printf '%s\n' "$times" | sed -n "$(( (n + 1) / 2 ))p")
p95=$(printf '%s\n' "$times" | sed -n "$(( (n * 95 + 99) / 100 ))p")
printf '(pg c) baseline: the same first-screen query in plain SQL with psql (%s runs, server time)\n' "$n"
printf '  psql \\timing, LIMIT 20                                          median-ms= %7.2f p95-ms= %7.2f\n' "$med" "$p95"
pg_stop
rm -rf "$WORK"
