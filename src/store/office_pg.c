/* office_pg.c - the office board in the office's PostgreSQL server
 * (doc/office.md, "An office of many terminals").  The rows are the
 * embedded index's (office.c), in clear on the server: only what the
 * board needs, never a case file.  Every update is one transaction; the
 * board of another terminal hears of it by LISTEN/NOTIFY.
 *
 * The connection string is a libpq service name or URI: it may not hold a
 * password (libpq reads ~/.pgpass or the service file), and anything but
 * a Unix socket or loopback needs TLS with the server's certificate and
 * name checked (sslmode=verify-full, or verify-ca when given). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

#ifdef HAVE_LIBPQ
#include <libpq-fe.h>
#include <poll.h>

struct office_pg {
	PGconn *c;
	char *conninfo;
	bool init;
	bool denied;  /* the last error was a missing privilege */
	bool reconnected; /* the connection was lost and made again */
};

/* Frozen: a change is a new entry at the end (the case file's rule). */
static const char *const pg_migrations[] = {
	"CREATE TABLE board_case("
	"  case_id text PRIMARY KEY,"
	"  label text NOT NULL,"
	"  seq bigint NOT NULL,"
	"  updated text NOT NULL);"
	"CREATE TABLE board_request("
	"  case_id text NOT NULL REFERENCES board_case(case_id) ON DELETE CASCADE,"
	"  req bigint NOT NULL,"
	"  kind text NOT NULL, regime text, state text NOT NULL, filed text, received text,"
	"  controller text, ext_notice text, ext_reasons boolean NOT NULL DEFAULT false,"
	"  answered text, answer text, relation text, follows bigint NOT NULL DEFAULT 0,"
	"  check_result text, due text, due_state text, next_action text, updated text,"
	"  closed boolean NOT NULL DEFAULT false,"
	"  PRIMARY KEY(case_id, req));"
	"CREATE INDEX board_request_due ON board_request(closed, due);"
	"CREATE TABLE board_step("
	"  case_id text NOT NULL, req bigint NOT NULL, n integer NOT NULL,"
	"  day text NOT NULL, from_state text NOT NULL, to_state text NOT NULL,"
	"  PRIMARY KEY(case_id, req, n),"
	"  FOREIGN KEY(case_id, req) REFERENCES board_request(case_id, req) ON DELETE CASCADE);"
	/* the board's own id: a case that joins it again keeps its rows */
	"INSERT INTO recourse_board_meta(key, value) VALUES ('id', md5(random()::text || clock_timestamp()::text));"
	"CREATE INDEX board_request_waiting ON board_request(due COLLATE \"C\", case_id COLLATE \"C\", req) "
	"WHERE NOT closed AND due IS NOT NULL AND state IN ('filed', 'acknowledged', 'clarification', 'extended');",
};
#define PG_VERSION_LATEST ((int)(sizeof pg_migrations / sizeof pg_migrations[0]))
#define PG_CHANNEL "recourse_board"
/* serialises schema changes between terminals (pg_advisory_xact_lock) */
#define PG_LOCK_SCHEMA "7294520117"

static bool local_host(const char *h)
{
	if (!h || !*h || h[0] == '/' || h[0] == '@')
		return true;
	return !strcmp(h, "localhost") || !strcmp(h, "127.0.0.1") || !strcmp(h, "::1");
}

/* Every host of a comma-separated list local. */
static bool all_local(const char *hosts)
{
	if (!hosts || !*hosts)
		return true;
	char *copy = rc_xstrdup(hosts), *save = NULL;
	bool local = true;
	for (char *h = strtok_r(copy, ",", &save); h && local; h = strtok_r(NULL, ",", &save))
		local = local_host(h);
	free(copy);
	return local;
}

static const char *first_line(const char *msg, char *buf, size_t n)
{
	snprintf(buf, n, "%s", msg ? msg : "");
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = 0;
	return buf;
}

static enum rc_status server_lost(struct office_pg *p)
{
	char b[400];
	rc_error_set(_("The office database said: %s"), first_line(PQerrorMessage(p->c), b, sizeof b));
	return RC_NOSERVER;
}

/* A connection that was lost (a server restarted) is made again once. */
static enum rc_status alive(struct office_pg *p)
{
	if (PQstatus(p->c) == CONNECTION_OK)
		return RC_OK;
	PQreset(p->c);
	if (PQstatus(p->c) != CONNECTION_OK)
		return server_lost(p);
	rc_log(RC_LOG_INFO, "office: the connection to the office database was lost and made again");
	p->reconnected = true;
	PGresult *r = PQexec(p->c, "LISTEN " PG_CHANNEL);
	PQclear(r);
	return RC_OK;
}

static bool lost(struct office_pg *p)
{
	return PQstatus(p->c) != CONNECTION_OK;
}

/* Run sql with params (none: several statements may be given); the
 * result (caller clears) or NULL with the status. */
static PGresult *run(struct office_pg *p, const char *sql, int n, const char *const *v, enum rc_status *st)
{
	PGresult *r = n ? PQexecParams(p->c, sql, n, NULL, v, NULL, NULL, 0) : PQexec(p->c, sql);
	ExecStatusType k = PQresultStatus(r);
	if (k == PGRES_COMMAND_OK || k == PGRES_TUPLES_OK)
		return r;
	char b[400];
	if (lost(p)) {
		*st = server_lost(p);
	} else {
		rc_error_set(_("The office database said: %s"), first_line(PQresultErrorMessage(r), b, sizeof b));
		const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		p->denied = code && !strncmp(code, "42501", 5); /* insufficient privilege */
		*st = RC_IO;
	}
	PQclear(r);
	return NULL;
}

static enum rc_status exec0(struct office_pg *p, const char *sql)
{
	enum rc_status st = RC_OK;
	PGresult *r = run(p, sql, 0, NULL, &st);
	PQclear(r);
	return st;
}

static enum rc_status migrate(struct office_pg *p, bool init)
{
	enum rc_status st = RC_OK;
	PGresult *r = run(p, "SELECT to_regclass('recourse_board_meta') IS NOT NULL", 0, NULL, &st);
	if (!r)
		return st;
	bool have = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!have && !init) {
		rc_error_set("%s", _("This database holds no office board. Make one with: recourse office new --office-db CONNECTION"));
		return RC_NOTFOUND;
	}
	if (have) {
		/* up to date: nothing to change (a role that may only read or
		 * write rows never needs more) */
		r = run(p, "SELECT value FROM recourse_board_meta WHERE key = 'version'", 0, NULL, &st);
		if (!r)
			return st;
		int v = PQntuples(r) == 1 ? atoi(PQgetvalue(r, 0, 0)) : 0;
		PQclear(r);
		if (v == PG_VERSION_LATEST)
			return RC_OK;
	}
	if ((st = exec0(p, "BEGIN")) != RC_OK)
		return st;
	st = exec0(p, "SELECT pg_advisory_xact_lock(" PG_LOCK_SCHEMA ")");
	if (st == RC_OK)
		st = exec0(p, "CREATE TABLE IF NOT EXISTS recourse_board_meta(key text PRIMARY KEY, value text NOT NULL)");
	int v = 0;
	if (st == RC_OK && (r = run(p, "SELECT value FROM recourse_board_meta WHERE key = 'version'", 0, NULL, &st))) {
		if (PQntuples(r) == 1)
			v = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	if (st == RC_OK && v > PG_VERSION_LATEST) {
		rc_error_set("%s", _("The office board was written by a newer version of recourse."));
		st = RC_TOONEW;
	}
	for (int i = v; st == RC_OK && i < PG_VERSION_LATEST; i++) {
		st = exec0(p, pg_migrations[i]);
		char num[16];
		snprintf(num, sizeof num, "%d", i + 1);
		const char *val[] = { num };
		if (st == RC_OK) {
			PQclear(run(p, "INSERT INTO recourse_board_meta(key, value) VALUES ('version', $1) "
			               "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", 1, val, &st));
		}
	}
	if (st == RC_OK)
		return exec0(p, "COMMIT");
	exec0(p, "ROLLBACK");
	if (p->denied)
		rc_error_set("%s", _("This database role may not change the office board's tables. Ask whoever runs the office's database to run: recourse office new --office-db CONNECTION"));
	return st;
}

enum rc_status office_pg_connect(const char *conninfo, bool init, struct office_pg **out)
{
	*out = NULL;
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
	if (!opts) {
		char b[400];
		rc_error_set(_("The office database's connection string is not valid: %s"), first_line(err, b, sizeof b));
		PQfreemem(err);
		return RC_USAGE;
	}
	const char *host = NULL, *hostaddr = NULL, *sslmode = NULL, *service = NULL;
	bool password = false;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (!strcmp(o->keyword, "password"))
			password = true;
		else if (!strcmp(o->keyword, "host"))
			host = o->val;
		else if (!strcmp(o->keyword, "hostaddr"))
			hostaddr = o->val;
		else if (!strcmp(o->keyword, "sslmode"))
			sslmode = o->val;
		else if (!strcmp(o->keyword, "service"))
			service = o->val;
	}
	enum rc_status st = RC_OK;
	/* what libpq will reach: the string's host, else $PGHOST; a service
	 * (named or $PGSERVICE) is not looked into: TLS is asked for, and the
	 * check after connecting lets a Unix socket or loopback through */
	const char *env_host = getenv("PGHOST");
	bool local = (host ? all_local(host) : !env_host || all_local(env_host)) && all_local(hostaddr) && !service
		&& !(getenv("PGSERVICE") && *getenv("PGSERVICE"));
	const char *force = NULL;
	if (password) {
		rc_error_set("%s", _("A password may not be written in the office database's connection string: it would be seen by other users and kept in files. Put it in ~/.pgpass (mode 0600) or the service file."));
		st = RC_USAGE;
	} else if (!local) {
		if (!sslmode)
			force = "verify-full";
		else if (strcmp(sslmode, "verify-full") != 0 && strcmp(sslmode, "verify-ca") != 0) {
			rc_error_set(_("The office database is reached over the network, so its connection must be encrypted and its certificate checked: use sslmode=verify-full, not sslmode=%s."), sslmode);
			st = RC_USAGE;
		}
	}
	PQconninfoFree(opts);
	if (st != RC_OK)
		return st;
	const char *keys[] = { "dbname", "connect_timeout", "application_name", force ? "sslmode" : NULL, NULL };
	const char *vals[] = { conninfo, "5", "recourse", force, NULL };
	struct office_pg *p = rc_xcalloc(1, sizeof *p);
	p->c = PQconnectdbParams(keys, vals, 1);
	p->conninfo = rc_xstrdup(conninfo);
	p->init = init;
	if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
		char b[400];
		rc_error_set(_("The office database could not be reached: %s"),
			first_line(p->c ? PQerrorMessage(p->c) : "out of memory", b, sizeof b));
		office_pg_close(&p);
		return RC_NOSERVER;
	}
	/* what was reached, whatever the service file or environment said */
	if (!local_host(PQhost(p->c)) && !PQsslInUse(p->c)) {
		rc_error_set("%s", _("The office database is reached over the network without encryption. recourse does not send the board that way."));
		office_pg_close(&p);
		return RC_NOSERVER;
	}
	PQclear(PQexec(p->c, "SET client_min_messages = warning"));
	st = migrate(p, init);
	if (st == RC_OK)
		st = exec0(p, "LISTEN " PG_CHANNEL);
	if (st != RC_OK) {
		office_pg_close(&p);
		return st;
	}
	*out = p;
	return RC_OK;
}

void office_pg_close(struct office_pg **pp)
{
	struct office_pg *p = *pp;
	if (!p)
		return;
	if (p->c)
		PQfinish(p->c);
	free(p->conninfo);
	free(p);
	*pp = NULL;
}

static char *val(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : rc_xstrdup(PQgetvalue(r, row, col));
}

/* One board row from row k (the columns of office.c's BOARD_COLS). */
static void row_from(PGresult *r, int k, struct rc_board_row *w)
{
	snprintf(w->case_id, sizeof w->case_id, "%s", PQgetvalue(r, k, 0));
	w->label = val(r, k, 1);
	w->r.id = strtoll(PQgetvalue(r, k, 2), NULL, 10);
	char **f[] = { &w->r.kind, &w->r.regime, &w->r.state, &w->r.filed, &w->r.received, &w->r.controller,
		&w->r.ext_notice };
	for (int j = 0; j < 7; j++)
		*f[j] = val(r, k, 3 + j);
	w->r.ext_reasons = PQgetvalue(r, k, 10)[0] == 't';
	w->r.answered = val(r, k, 11);
	w->r.answer = val(r, k, 12);
	w->r.relation = val(r, k, 13);
	w->r.follows = strtoll(PQgetvalue(r, k, 14), NULL, 10);
	w->r.check_result = val(r, k, 15);
	w->r.due = val(r, k, 16);
	w->r.due_state = val(r, k, 17);
	w->r.next_action = val(r, k, 18);
	w->r.updated = val(r, k, 19);
	w->case_updated = val(r, k, 20);
}

/* The board's rows of one case (inside the caller's transaction). */
static enum rc_status load_have(struct office_pg *p, const char *case_id, struct rc_board_snapshot *h, bool *known)
{
	memset(h, 0, sizeof *h);
	*known = false;
	enum rc_status st = RC_OK;
	const char *v[] = { case_id };
	PGresult *r = run(p, "SELECT seq, label FROM board_case WHERE case_id = $1", 1, v, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1) {
		*known = true;
		h->seq = strtoull(PQgetvalue(r, 0, 0), NULL, 10);
		h->label = val(r, 0, 1);
		h->left = !h->label || !*h->label;
	}
	PQclear(r);
	if (!*known)
		return RC_OK;
	r = run(p, "SELECT req, state FROM board_request WHERE case_id = $1 ORDER BY req", 1, v, &st);
	if (!r)
		return st;
	h->nreqs = (size_t)PQntuples(r);
	h->reqs = rc_xcalloc(h->nreqs ? h->nreqs : 1, sizeof *h->reqs);
	for (size_t i = 0; i < h->nreqs; i++) {
		h->reqs[i].id = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
		h->reqs[i].state = val(r, (int)i, 1);
	}
	PQclear(r);
	r = run(p, "SELECT req, day, from_state, to_state FROM board_step WHERE case_id = $1 ORDER BY req, n", 1, v, &st);
	if (!r)
		return st;
	h->nsteps = (size_t)PQntuples(r);
	h->steps = rc_xcalloc(h->nsteps ? h->nsteps : 1, sizeof *h->steps);
	for (size_t i = 0; i < h->nsteps; i++) {
		struct rc_board_step *t = &h->steps[i];
		t->req = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
		snprintf(t->day, sizeof t->day, "%s", PQgetvalue(r, (int)i, 1));
		snprintf(t->from, sizeof t->from, "%s", PQgetvalue(r, (int)i, 2));
		snprintf(t->to, sizeof t->to, "%s", PQgetvalue(r, (int)i, 3));
	}
	PQclear(r);
	return RC_OK;
}

static enum rc_status push_tx(struct office_pg *p, const struct rc_board_snapshot *s, bool *applied)
{
	enum rc_status st = exec0(p, "BEGIN");
	if (st != RC_OK)
		return st;
	const char *cid[] = { s->case_id };
	/* one terminal at a time per case (and no race on its first row) */
	PQclear(run(p, "SELECT pg_advisory_xact_lock(hashtext($1))", 1, cid, &st));
	struct rc_board_snapshot have;
	bool known = false;
	if (st == RC_OK)
		st = load_have(p, s->case_id, &have, &known);
	else
		memset(&have, 0, sizeof have);
	int64_t creq = 0;
	enum rc_board_verdict v = st == RC_OK ? rc_board_judge(known ? &have : NULL, s, &creq) : RC_BOARD_SKIP;
	if (st == RC_OK && v == RC_BOARD_CONFLICT) {
		office_conflict_say(&have, s, creq);
		st = RC_CONFLICT;
	}
	rc_board_snapshot_clear(&have);
	if (st != RC_OK || v == RC_BOARD_SKIP) {
		char saved[1024];
		snprintf(saved, sizeof saved, "%s", rc_error_detail());
		if (!lost(p))
			exec0(p, "ROLLBACK");
		rc_error_set("%s", saved);
		return st;
	}
	PQclear(run(p, "DELETE FROM board_case WHERE case_id = $1", 1, cid, &st));
	char seq[24], now[24];
	snprintf(seq, sizeof seq, "%" PRIu64, s->seq);
	rc_time_iso(rc_now(), now, sizeof now);
	const char *cv[] = { s->case_id, s->left ? "" : s->label, seq, now };
	if (st == RC_OK)
		PQclear(run(p, "INSERT INTO board_case(case_id, label, seq, updated) VALUES ($1, $2, $3, $4)", 4, cv, &st));
	for (size_t i = 0; st == RC_OK && i < s->nreqs; i++) {
		const struct rc_board_req *q = &s->reqs[i];
		char id[24], fol[24];
		snprintf(id, sizeof id, "%" PRId64, q->id);
		snprintf(fol, sizeof fol, "%" PRId64, q->follows);
		const char *rv[] = { s->case_id, id, q->kind, q->regime, q->state, q->filed, q->received, q->controller,
			q->ext_notice, q->ext_reasons ? "true" : "false", q->answered, q->answer, q->relation, fol,
			q->check_result, q->due, q->due_state, q->next_action, q->updated,
			q->state && !strcmp(q->state, "closed") ? "true" : "false" };
		PQclear(run(p,
			"INSERT INTO board_request(case_id, req, kind, regime, state, filed, received, controller, "
			"ext_notice, ext_reasons, answered, answer, relation, follows, check_result, due, due_state, "
			"next_action, updated, closed) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,"
			"$17,$18,$19,$20)", 20, rv, &st));
	}
	for (size_t i = 0; st == RC_OK && i < s->nsteps; i++) {
		char req[24], n[24];
		snprintf(req, sizeof req, "%" PRId64, s->steps[i].req);
		snprintf(n, sizeof n, "%zu", i);
		const char *sv[] = { s->case_id, req, n, s->steps[i].day, s->steps[i].from, s->steps[i].to };
		PQclear(run(p, "INSERT INTO board_step(case_id, req, n, day, from_state, to_state) "
		               "VALUES ($1,$2,$3,$4,$5,$6)", 6, sv, &st));
	}
	/* a test kills the process here: the server rolls the update back */
	store_step("office-pg-update");
	if (st == RC_OK)
		PQclear(run(p, "SELECT pg_notify('" PG_CHANNEL "', $1)", 1, cid, &st));
	if (st == RC_OK)
		st = exec0(p, "COMMIT");
	else if (!lost(p)) {
		char saved[1024];
		snprintf(saved, sizeof saved, "%s", rc_error_detail());
		exec0(p, "ROLLBACK");
		rc_error_set("%s", saved);
	}
	*applied = st == RC_OK;
	return st;
}

enum rc_status office_pg_push(struct office_pg *p, const struct rc_board_snapshot *s, bool *applied)
{
	*applied = false;
	enum rc_status st = alive(p);
	if (st != RC_OK)
		return st;
	st = push_tx(p, s, applied);
	if (st == RC_NOSERVER && alive(p) == RC_OK)
		st = push_tx(p, s, applied); /* lost in the middle: nothing was kept; once more */
	return st;
}

static enum rc_status board_once(struct office_pg *p, bool open_only, bool with_steps, struct rc_board_row **out,
	size_t *nout)
{
	enum rc_status st = RC_OK;
	/* one snapshot of the board for both reads */
	if ((st = exec0(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) != RC_OK)
		return st;
	PGresult *r = run(p,
		open_only
			? "SELECT r.case_id, c.label, r.req, r.kind, r.regime, r.state, r.filed, r.received, r.controller, "
			  "r.ext_notice, r.ext_reasons, r.answered, r.answer, r.relation, r.follows, r.check_result, r.due, "
			  "r.due_state, r.next_action, r.updated, c.updated FROM board_request r JOIN board_case c USING(case_id) "
			  "WHERE NOT r.closed ORDER BY r.due IS NULL, r.due COLLATE \"C\", c.label COLLATE \"C\", r.req"
			: "SELECT r.case_id, c.label, r.req, r.kind, r.regime, r.state, r.filed, r.received, r.controller, "
			  "r.ext_notice, r.ext_reasons, r.answered, r.answer, r.relation, r.follows, r.check_result, r.due, "
			  "r.due_state, r.next_action, r.updated, c.updated FROM board_request r JOIN board_case c USING(case_id) "
			  "ORDER BY r.closed, r.due IS NULL, r.due COLLATE \"C\", c.label COLLATE \"C\", r.req",
		0, NULL, &st);
	if (!r) {
		if (!lost(p))
			exec0(p, "ROLLBACK");
		return st;
	}
	size_t n = (size_t)PQntuples(r);
	struct rc_board_row *rows = rc_xcalloc(n ? n : 1, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		struct rc_board_row *w = &rows[i];
		int k = (int)i;
		row_from(r, k, w);
	}
	PQclear(r);
	if (with_steps && n) {
		r = run(p, "SELECT case_id, req, day, from_state, to_state FROM board_step "
		           "ORDER BY case_id COLLATE \"C\", req, n", 0, NULL, &st);
		if (r) {
			/* rows sorted by (case_id, req) to walk with the steps */
			size_t ns = (size_t)PQntuples(r);
			struct rc_board_row **by = rc_xcalloc(n, sizeof *by);
			for (size_t i = 0; i < n; i++)
				by[i] = &rows[i];
			qsort(by, n, sizeof *by, office_row_key_cmp);
			size_t at = 0, cap = 0;
			for (size_t i = 0; i < ns; i++) {
				const char *cid = PQgetvalue(r, (int)i, 0);
				int64_t req = strtoll(PQgetvalue(r, (int)i, 1), NULL, 10);
				int c = 1;
				while (at < n && (c = office_row_key(by[at], cid, req)) < 0) {
					at++;
					cap = 0;
				}
				if (at == n)
					break;
				if (c != 0)
					continue;
				struct rc_board_row *w = by[at];
				if (w->nsteps == cap) {
					cap = cap ? cap * 2 : 8;
					w->steps = rc_xrealloc(w->steps, cap * sizeof *w->steps);
				}
				struct rc_board_step *t = &w->steps[w->nsteps++];
				memset(t, 0, sizeof *t);
				t->req = req;
				snprintf(t->day, sizeof t->day, "%s", PQgetvalue(r, (int)i, 2));
				snprintf(t->from, sizeof t->from, "%s", PQgetvalue(r, (int)i, 3));
				snprintf(t->to, sizeof t->to, "%s", PQgetvalue(r, (int)i, 4));
			}
			free(by);
			PQclear(r);
		}
	}
	if (!lost(p))
		exec0(p, "COMMIT");
	if (st != RC_OK) {
		rc_board_rows_free(&rows, n);
		return st;
	}
	*out = rows;
	*nout = n;
	return RC_OK;
}

enum rc_status office_pg_board(struct office_pg *p, bool open_only, bool with_steps, struct rc_board_row **out,
	size_t *nout)
{
	*out = NULL;
	*nout = 0;
	enum rc_status st = alive(p);
	if (st != RC_OK)
		return st;
	st = board_once(p, open_only, with_steps, out, nout);
	if (st == RC_NOSERVER && alive(p) == RC_OK)
		st = board_once(p, open_only, with_steps, out, nout);
	return st;
}

enum rc_status office_pg_board_page(struct office_pg *p, size_t limit, struct rc_board_row **out, size_t *nout)
{
	/* the same as the whole board read, cut: PostgreSQL sorts with a
	 * LIMIT by a bounded heap (board_request_waiting keeps it short) */
	*out = NULL;
	*nout = 0;
	enum rc_status st = alive(p);
	if (st != RC_OK)
		return st;
	char lim[24];
	snprintf(lim, sizeof lim, "%zu", limit);
	const char *v[] = { lim };
	PGresult *r = run(p,
		"SELECT r.case_id, c.label, r.req, r.kind, r.regime, r.state, r.filed, r.received, r.controller, "
		"r.ext_notice, r.ext_reasons, r.answered, r.answer, r.relation, r.follows, r.check_result, r.due, "
		"r.due_state, r.next_action, r.updated, c.updated FROM board_request r JOIN board_case c USING(case_id) "
		"WHERE NOT r.closed AND r.due IS NOT NULL AND r.state IN ('filed', 'acknowledged', 'clarification', 'extended') "
		"ORDER BY r.due COLLATE \"C\", c.label COLLATE \"C\", r.req, r.case_id COLLATE \"C\" LIMIT $1::bigint", 1, v, &st);
	if (!r)
		return st;
	size_t n = (size_t)PQntuples(r);
	struct rc_board_row *rows = rc_xcalloc(n ? n : 1, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		struct rc_board_row *w = &rows[i];
		int k = (int)i;
		row_from(r, k, w);
	}
	PQclear(r);
	for (size_t i = 0; st == RC_OK && i < n; i++) {
		char req[24];
		snprintf(req, sizeof req, "%" PRId64, rows[i].r.id);
		const char *sv[] = { rows[i].case_id, req };
		r = run(p, "SELECT day, from_state, to_state FROM board_step WHERE case_id = $1 AND req = $2::bigint ORDER BY n",
			2, sv, &st);
		if (!r)
			break;
		rows[i].nsteps = (size_t)PQntuples(r);
		rows[i].steps = rc_xcalloc(rows[i].nsteps ? rows[i].nsteps : 1, sizeof *rows[i].steps);
		for (size_t t = 0; t < rows[i].nsteps; t++) {
			rows[i].steps[t].req = rows[i].r.id;
			snprintf(rows[i].steps[t].day, sizeof rows[i].steps[t].day, "%s", PQgetvalue(r, (int)t, 0));
			snprintf(rows[i].steps[t].from, sizeof rows[i].steps[t].from, "%s", PQgetvalue(r, (int)t, 1));
			snprintf(rows[i].steps[t].to, sizeof rows[i].steps[t].to, "%s", PQgetvalue(r, (int)t, 2));
		}
		PQclear(r);
	}
	if (st != RC_OK) {
		rc_board_rows_free(&rows, n);
		return st;
	}
	*out = rows;
	*nout = n;
	return RC_OK;
}

enum rc_status office_pg_cases(struct office_pg *p, size_t *n)
{
	enum rc_status st = alive(p);
	if (st != RC_OK)
		return st;
	PGresult *r = run(p, "SELECT count(*) FROM board_case WHERE label <> ''", 0, NULL, &st);
	if (!r)
		return st;
	*n = (size_t)strtoull(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return RC_OK;
}

enum rc_status office_pg_wait(struct office_pg *p, int timeout_ms, bool *changed)
{
	*changed = false;
	enum rc_status st = alive(p);
	if (st != RC_OK)
		return st;
	for (int round = 0; round < 2; round++) {
		if (!PQconsumeInput(p->c) || lost(p)) {
			/* what was said while it was away is not known: read again */
			st = alive(p);
			*changed = st == RC_OK;
			return st;
		}
		PGnotify *nt;
		while ((nt = PQnotifies(p->c))) {
			*changed = true;
			PQfreemem(nt);
		}
		if (*changed || round == 1 || timeout_ms <= 0)
			break;
		struct pollfd pf = { .fd = PQsocket(p->c), .events = POLLIN };
		int k = poll(&pf, 1, timeout_ms);
		if (k < 0 && errno != EINTR)
			return rc_status_from_errno(errno);
		if (k == 0)
			break;
	}
	return RC_OK;
}

enum rc_status office_pg_snapshots(struct office_pg *p, struct rc_board_snapshot **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	struct rc_board_row *rows;
	size_t n;
	enum rc_status st = office_pg_board(p, false, true, &rows, &n);
	if (st != RC_OK)
		return st;
	PGresult *r = run(p, "SELECT case_id, label, seq FROM board_case ORDER BY case_id", 0, NULL, &st);
	if (!r) {
		rc_board_rows_free(&rows, n);
		return st;
	}
	size_t nc = (size_t)PQntuples(r);
	struct rc_board_snapshot *s = rc_xcalloc(nc ? nc : 1, sizeof *s);
	for (size_t i = 0; i < nc; i++) {
		snprintf(s[i].case_id, sizeof s[i].case_id, "%s", PQgetvalue(r, (int)i, 0));
		s[i].label = val(r, (int)i, 1);
		s[i].left = !s[i].label || !*s[i].label;
		s[i].seq = strtoull(PQgetvalue(r, (int)i, 2), NULL, 10);
	}
	PQclear(r);
	office_rows_to_snapshots(rows, n, s, nc);
	rc_board_rows_free(&rows, n);
	*out = s;
	*nout = nc;
	return RC_OK;
}

enum rc_status office_pg_moved_to(struct office_pg *p, const char *set_dir, char **get_dir)
{
	enum rc_status st = alive(p);
	if (st != RC_OK)
		return st;
	if (set_dir) {
		const char *v[] = { set_dir };
		PQclear(run(p, "INSERT INTO recourse_board_meta(key, value) VALUES ('moved_to', $1) "
		               "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", 1, v, &st));
		return st;
	}
	*get_dir = NULL;
	PGresult *r = run(p, "SELECT value FROM recourse_board_meta WHERE key = 'moved_to'", 0, NULL, &st);
	if (!r)
		return st;
	if (PQntuples(r) == 1)
		*get_dir = val(r, 0, 0);
	PQclear(r);
	return RC_OK;
}

enum rc_status office_pg_id(struct office_pg *p, char id[RC_BOARD_ID_HEX + 1])
{
	enum rc_status st = alive(p);
	if (st != RC_OK)
		return st;
	PGresult *r = run(p, "SELECT value FROM recourse_board_meta WHERE key = 'id'", 0, NULL, &st);
	if (!r)
		return st;
	if (PQntuples(r) != 1 || strlen(PQgetvalue(r, 0, 0)) != RC_BOARD_ID_HEX) {
		PQclear(r);
		rc_error_set("%s", _("The office database's board has no id: it was not made by recourse office new."));
		return RC_CORRUPT;
	}
	memcpy(id, PQgetvalue(r, 0, 0), RC_BOARD_ID_HEX + 1);
	PQclear(r);
	return RC_OK;
}

bool office_pg_reconnected(struct office_pg *p)
{
	bool r = p->reconnected;
	p->reconnected = false;
	return r;
}

#else /* !HAVE_LIBPQ */

static enum rc_status no_pg(void)
{
	rc_error_set("%s", _("This recourse was built without PostgreSQL (configure --with-libpq=yes). Use the office board on this computer (--office-dir) instead."));
	return RC_USAGE;
}

enum rc_status office_pg_id(struct office_pg *p, char id[RC_BOARD_ID_HEX + 1])
{
	(void)p;
	id[0] = 0;
	return no_pg();
}

bool office_pg_reconnected(struct office_pg *p)
{
	(void)p;
	return false;
}


enum rc_status office_pg_connect(const char *conninfo, bool init, struct office_pg **out)
{
	(void)conninfo;
	(void)init;
	*out = NULL;
	return no_pg();
}
void office_pg_close(struct office_pg **p) { *p = NULL; }
enum rc_status office_pg_push(struct office_pg *p, const struct rc_board_snapshot *s, bool *applied)
{
	(void)p; (void)s; *applied = false;
	return no_pg();
}
enum rc_status office_pg_board(struct office_pg *p, bool open_only, bool with_steps, struct rc_board_row **rows,
	size_t *n)
{
	(void)p; (void)open_only; (void)with_steps; *rows = NULL; *n = 0;
	return no_pg();
}
enum rc_status office_pg_cases(struct office_pg *p, size_t *n) { (void)p; *n = 0; return no_pg(); }
enum rc_status office_pg_board_page(struct office_pg *p, size_t limit, struct rc_board_row **rows, size_t *n)
{
	(void)p; (void)limit; *rows = NULL; *n = 0;
	return no_pg();
}
enum rc_status office_pg_wait(struct office_pg *p, int timeout_ms, bool *changed)
{
	(void)p; (void)timeout_ms; *changed = false;
	return no_pg();
}
enum rc_status office_pg_snapshots(struct office_pg *p, struct rc_board_snapshot **out, size_t *n)
{
	(void)p; *out = NULL; *n = 0;
	return no_pg();
}
enum rc_status office_pg_moved_to(struct office_pg *p, const char *set_dir, char **get_dir)
{
	(void)p; (void)set_dir; if (get_dir) *get_dir = NULL;
	return no_pg();
}
#endif
