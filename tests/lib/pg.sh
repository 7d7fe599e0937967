# pg.sh - a real PostgreSQL server of the test's own (no mock): initdb and
# pg_ctl in a temporary folder, listening on a Unix socket only (no TCP
# port), run by an unprivileged user (made here when the test runs as
# root: PostgreSQL refuses to run as root).  Source after common.sh.
#
#   pg_start       start it; sets PGHOST (the socket's folder), PGDATABASE,
#                  PGUSER (the owner role, "boardadmin"); roles board_writer
#                  and board_reader exist (LOGIN, no password)
#   pg_stop        stop it (an EXIT trap does it too)
#   pg_restart     stop and start it again (the same data)
#   pg_kill        stop it at once (immediate mode)
#   pg_sql SQL     run SQL as the owner, print tuples only
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PG_OSUSER=recourse-pgtest

pg_available() {
	[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]
}

_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$PG_OSUSER" -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	pg_available || bail "PostgreSQL is not installed (apt-get install postgresql)"
	PGBASE=$(mktemp -d "${TMPDIR:-/tmp}/recourse-pg-XXXXXX") || bail "mktemp"
	if [ "$(id -u)" = 0 ]; then
		id "$PG_OSUSER" >/dev/null 2>&1 ||
			useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OSUSER" || bail "useradd"
		chown "$PG_OSUSER" "$PGBASE"
		chmod 755 "$PGBASE"
	fi
	_pg_as "$PG_BIN/initdb" -D "$PGBASE/data" -U boardadmin --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$PGBASE/initdb.log" 2>&1 || { cat "$PGBASE/initdb.log" >&2; bail "initdb"; }
	_pg_as mkdir "$PGBASE/sock"
	pg_start_again
	export PGHOST="$PGBASE/sock" PGUSER=boardadmin PGDATABASE=board
	_pg_as "$PG_BIN/createdb" -h "$PGHOST" -U boardadmin board || bail "createdb"
	pg_sql "CREATE ROLE board_writer LOGIN; CREATE ROLE board_reader LOGIN;" >/dev/null
	trap 'pg_stop; rm -rf "$WORK"' EXIT
}

pg_start_again() {
	# PG_TCP_PORT (the benchmark): loopback TCP too, on that port
	_listen="''"
	[ -n "${PG_TCP_PORT:-}" ] && _listen="127.0.0.1 -p $PG_TCP_PORT" && export PGPORT=$PG_TCP_PORT
	_pg_as "$PG_BIN/pg_ctl" -D "$PGBASE/data" -l "$PGBASE/server.log" -w -t 30 \
		-o "-c listen_addresses=$_listen -k $PGBASE/sock -c fsync=${PG_FSYNC:-off}" start >/dev/null || {
		cat "$PGBASE/server.log" >&2
		bail "pg_ctl start"
	}
}

pg_stop() {
	[ -n "${PGBASE:-}" ] && [ -d "$PGBASE/data" ] || return 0
	_pg_as "$PG_BIN/pg_ctl" -D "$PGBASE/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$PGBASE"
}

pg_restart() {
	_pg_as "$PG_BIN/pg_ctl" -D "$PGBASE/data" -m fast -w stop >/dev/null 2>&1
	pg_start_again
}

pg_kill() {
	_pg_as "$PG_BIN/pg_ctl" -D "$PGBASE/data" -m immediate -w stop >/dev/null 2>&1
}

pg_sql() {
	"$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h "$PGHOST" -U boardadmin -d "${PGDATABASE:-board}" -c "$1"
}
