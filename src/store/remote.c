/* remote.c - what a case keeps of a request submitted to a registry
 * (doc/registry-api.md, sections 4 and 5): the registry's id of it and
 * what the registry last said; and the registry's secrets (the bearer
 * token, the DRP agent's Ed25519 secret key), which live only in the
 * encrypted case file, and its DRP agent and business ids. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

enum rc_status rc_case_request_remote(struct rc_case *c, int64_t id, const struct rc_request_row *set,
	const char *action)
{
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "UPDATE request SET registry = ?2, remote_id = ?3, remote_url = ?4, "
	                        "remote_status = ?5, remote_reason = ?6, expected_by = ?7, remote_checked = ?8 "
	                        "WHERE id = ?1", &q);
	if (st == RC_OK) {
		sqlite3_bind_int64(q, 1, id);
		if (set->registry > 0)
			sqlite3_bind_int64(q, 2, set->registry);
		else
			sqlite3_bind_null(q, 2);
		db_bind_text(q, 3, set->remote_id);
		db_bind_text(q, 4, set->remote_url);
		db_bind_text(q, 5, set->remote_status);
		db_bind_text(q, 6, set->remote_reason);
		db_bind_text(q, 7, set->expected_by);
		db_bind_text(q, 8, set->remote_checked);
		st = db_run(&c->db, q);
		if (st == RC_OK && sqlite3_changes(c->db.h) == 0)
			st = RC_NOTFOUND;
		sqlite3_finalize(q);
	}
	if (st == RC_OK) {
		char obj[120];
		snprintf(obj, sizeof obj, "%lld: %s", (long long)id, set->remote_status ? set->remote_status : "");
		st = journal_append_tx(c, action, obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

/* The column of a secret: a fixed list, never text from outside. */
static const char *secret_col(const char *which)
{
	if (which && !strcmp(which, "token"))
		return "token";
	if (which && !strcmp(which, "drp_token"))
		return "drp_token";
	if (which && !strcmp(which, "drp_key"))
		return "drp_key";
	return NULL;
}

enum rc_status rc_registry_secret_get(struct rc_case *c, int64_t registry, const char *which,
	unsigned char **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const char *col = secret_col(which);
	if (!col)
		return RC_USAGE;
	char sql[80];
	snprintf(sql, sizeof sql, "SELECT %s FROM registry WHERE id = ?1", col);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, sql, &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, registry);
	if (db_row(&c->db, q, &st)) {
		const void *p = sqlite3_column_blob(q, 0);
		int len = sqlite3_column_bytes(q, 0);
		if (p && len > 0) {
			*out = rc_xmalloc((size_t)len + 1);
			memcpy(*out, p, (size_t)len);
			(*out)[len] = 0; /* a token is also a string */
			*n = (size_t)len;
		}
	} else if (st == RC_OK) {
		st = RC_NOTFOUND;
	}
	sqlite3_finalize(q);
	return st;
}

enum rc_status rc_registry_secret_set(struct rc_case *c, int64_t registry, const char *which,
	const void *p, size_t n)
{
	const char *col = secret_col(which);
	if (!col)
		return RC_USAGE;
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	char sql[80];
	snprintf(sql, sizeof sql, "UPDATE registry SET %s = ?2 WHERE id = ?1", col);
	sqlite3_stmt *q;
	st = db_prepare(&c->db, sql, &q);
	if (st == RC_OK) {
		sqlite3_bind_int64(q, 1, registry);
		if (p && n)
			sqlite3_bind_blob(q, 2, p, (int)n, SQLITE_STATIC);
		else
			sqlite3_bind_null(q, 2);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
	}
	if (st == RC_OK) {
		char obj[48];
		/* the journal names the secret, never its value */
		snprintf(obj, sizeof obj, "%lld: %s", (long long)registry, col);
		st = journal_append_tx(c, "registry-secret", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_registry_drp_get(struct rc_case *c, int64_t registry, char **agent, char **business)
{
	*agent = *business = NULL;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT drp_agent, drp_business FROM registry WHERE id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, registry);
	if (db_row(&c->db, q, &st)) {
		*agent = db_col_text(q, 0);
		*business = db_col_text(q, 1);
	} else if (st == RC_OK) {
		st = RC_NOTFOUND;
	}
	sqlite3_finalize(q);
	return st;
}

enum rc_status rc_registry_drp_set(struct rc_case *c, int64_t registry, const char *agent, const char *business)
{
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "UPDATE registry SET drp_agent = coalesce(?2, drp_agent), "
	                        "drp_business = coalesce(?3, drp_business) WHERE id = ?1", &q);
	if (st == RC_OK) {
		sqlite3_bind_int64(q, 1, registry);
		db_bind_text(q, 2, agent);
		db_bind_text(q, 3, business);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
	}
	if (st == RC_OK) {
		char obj[48];
		snprintf(obj, sizeof obj, "%lld", (long long)registry);
		st = journal_append_tx(c, "registry-drp", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}
