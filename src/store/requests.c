/* requests.c - requests made to authorities, as far as the access-log
 * flags need them: kind, filing and confirmation dates. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* ---- requests (the marks the flags need) ---- */

enum rc_status rc_case_request_add(struct rc_case *c, const char *kind,
	const char *regime, const char *filed, const char *confirmed, const char *addressee, int64_t *id)
{
	rc_error_clear();
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "INSERT INTO request(kind, regime, filed, confirmed, addressee, created) "
	                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &q);
	if (st == RC_OK) {
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		db_bind_text(q, 1, kind);
		db_bind_text(q, 2, regime);
		db_bind_text(q, 3, filed);
		db_bind_text(q, 4, confirmed);
		db_bind_text(q, 5, addressee);
		db_bind_text(q, 6, now);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
		if (st == RC_OK && id)
			*id = sqlite3_last_insert_rowid(c->db.h);
	}
	if (st == RC_OK)
		st = journal_append_tx(c, "request-add", kind);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_request_confirm(struct rc_case *c, int64_t id, const char *confirmed)
{
	rc_error_clear();
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "UPDATE request SET confirmed = ?1 WHERE id = ?2", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, confirmed);
		sqlite3_bind_int64(q, 2, id);
		st = db_run(&c->db, q);
		if (st == RC_OK && sqlite3_changes(c->db.h) == 0) {
			/* TRANSLATORS: error detail; %lld is a request number. */
			rc_error_set(_("There is no request with the number %lld."), (long long)id);
			st = RC_NOTFOUND;
		}
		sqlite3_finalize(q);
	}
	if (st == RC_OK) {
		char obj[48];
		snprintf(obj, sizeof obj, "%lld", (long long)id);
		st = journal_append_tx(c, "request-confirm", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_requests(struct rc_case *c, struct rc_request_row **rows, size_t *n)
{
	rc_error_clear();
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT id, kind, regime, filed, confirmed, addressee, created "
	                                  "FROM request ORDER BY filed, id", &q);
	if (st != RC_OK)
		return st;
	size_t cap = 0;
	while (db_row(&c->db, q, &st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*rows = rc_xrealloc(*rows, cap * sizeof **rows);
		}
		struct rc_request_row *r = &(*rows)[(*n)++];
		r->id = sqlite3_column_int64(q, 0);
		r->kind = db_col_text(q, 1);
		r->regime = db_col_text(q, 2);
		r->filed = db_col_text(q, 3);
		r->confirmed = db_col_text(q, 4);
		r->addressee = db_col_text(q, 5);
		r->created = db_col_text(q, 6);
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		rc_request_rows_free(rows, *n);
	return st;
}

void rc_request_rows_free(struct rc_request_row **rows, size_t n)
{
	if (!rows || !*rows)
		return;
	for (size_t i = 0; i < n; i++) {
		struct rc_request_row *r = &(*rows)[i];
		free(r->kind);
		free(r->regime);
		free(r->filed);
		free(r->confirmed);
		free(r->addressee);
		free(r->created);
	}
	free(*rows);
	*rows = NULL;
}

