/* registries.c - the registries a case talks to (doc/registry-api.md):
 * where each is, how its connection is checked (pins), and where its sync
 * stands.  The bearer token, when there is one, lives only here, inside
 * the encrypted case file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"

#define REG_COLS "id, name, base_url, regime, pins, added, fhir_base, next_url, sync_high, since, " \
	"last_attempt, last_reached, last_result, last_note, last_events, token IS NOT NULL, ca, " \
	"signing_cert, token_expires, drp_agent, client_cert IS NOT NULL AND client_key IS NOT NULL, drp_key IS NOT NULL, " \
	"token, client_cert, client_key, oauth_client_id, oauth_scope"

static void reg_read(sqlite3_stmt *q, struct rc_registry *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(q, 0);
	r->name = db_col_text(q, 1);
	r->base_url = db_col_text(q, 2);
	r->regime = db_col_text(q, 3);
	r->pins = db_col_text(q, 4);
	r->added = db_col_text(q, 5);
	r->fhir_base = db_col_text(q, 6);
	r->next_url = db_col_text(q, 7);
	r->sync_high = db_col_text(q, 8);
	r->since = db_col_text(q, 9);
	r->last_attempt = db_col_text(q, 10);
	r->last_reached = db_col_text(q, 11);
	r->last_result = db_col_text(q, 12);
	r->last_note = db_col_text(q, 13);
	r->last_events = sqlite3_column_int64(q, 14);
	r->has_token = sqlite3_column_int(q, 15) != 0;
	r->ca = db_col_text(q, 16);
	r->signing_cert = db_col_text(q, 17);
	r->token_expires = db_col_text(q, 18);
	r->drp_agent = db_col_text(q, 19);
	r->has_client_cert = sqlite3_column_int(q, 20) != 0;
	r->has_drp_key = sqlite3_column_int(q, 21) != 0;
	r->token = db_col_text(q, 22);
	r->client_cert = db_col_text(q, 23);
	r->client_key = db_col_text(q, 24);
	r->oauth_client_id = db_col_text(q, 25);
	r->oauth_scope = db_col_text(q, 26);
}

static void wipe_free(char **s)
{
	if (*s) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

void rc_registry_clear(struct rc_registry *r)
{
	if (!r)
		return;
	char **f[] = { &r->name, &r->base_url, &r->regime, &r->pins, &r->added, &r->fhir_base, &r->next_url,
		&r->sync_high, &r->since, &r->last_attempt, &r->last_reached, &r->last_result, &r->last_note, &r->ca,
		&r->signing_cert, &r->token_expires, &r->drp_agent, &r->oauth_client_id, &r->oauth_scope };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
	wipe_free(&r->token);
	wipe_free(&r->client_cert);
	wipe_free(&r->client_key);
}

void rc_registries_free(struct rc_registry *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rc_registry_clear(&r[i]);
	free(r);
}

enum rc_status rc_registry_add(struct rc_case *c, const struct rc_registry *in)
{
	rc_error_clear();
	if (!in->name || !*in->name || !in->base_url || !*in->base_url)
		return RC_USAGE;
	struct rc_registry have;
	enum rc_status st = rc_registry_get(c, in->name, &have);
	rc_registry_clear(&have);
	if (st == RC_OK) {
		/* TRANSLATORS: %s is the name the user gave a registry. */
		rc_error_set(_("The case already has a registry named \"%s\"."), in->name);
		return RC_INVALID;
	}
	if (st != RC_NOTFOUND)
		return st;
	char now[32];
	rc_time_iso(rc_now(), now, sizeof now);
	st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "INSERT INTO registry (name, base_url, regime, pins, added, ca, client_cert, client_key, "
	                        "oauth_client_id, oauth_scope, signing_cert) VALUES (?,?,?,?,?,?,?,?,?,?,?)", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, in->name);
		db_bind_text(q, 2, in->base_url);
		db_bind_text(q, 3, in->regime);
		db_bind_text(q, 4, in->pins);
		db_bind_text(q, 5, now);
		db_bind_text(q, 6, in->ca);
		db_bind_text(q, 7, in->client_cert);
		db_bind_text(q, 8, in->client_key);
		db_bind_text(q, 9, in->oauth_client_id);
		db_bind_text(q, 10, in->oauth_scope);
		db_bind_text(q, 11, in->signing_cert);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
	}
	if (st == RC_OK)
		st = journal_append_tx(c, "registry-add", in->name);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_registry_list(struct rc_case *c, struct rc_registry **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT " REG_COLS " FROM registry ORDER BY name COLLATE NOCASE", &q);
	if (st != RC_OK)
		return st;
	while (db_row(&c->db, q, &st)) {
		*out = rc_xrealloc(*out, (*n + 1) * sizeof **out);
		reg_read(q, &(*out)[(*n)++]);
	}
	sqlite3_finalize(q);
	if (st != RC_OK) {
		rc_registries_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

enum rc_status rc_registry_get(struct rc_case *c, const char *name, struct rc_registry *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT " REG_COLS " FROM registry WHERE name = ?", &q);
	if (st != RC_OK)
		return st;
	db_bind_text(q, 1, name);
	bool found = db_row(&c->db, q, &st);
	if (found)
		reg_read(q, out);
	sqlite3_finalize(q);
	if (st != RC_OK)
		return st;
	return found ? RC_OK : RC_NOTFOUND;
}

/* Where the sync stands: after each stored page (journal false), and at
 * the end of an attempt (journal true: "registry-sync" and the result). */
enum rc_status rc_registry_save_sync(struct rc_case *c, const struct rc_registry *r, bool journal)
{
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "UPDATE registry SET fhir_base = ?, next_url = ?, sync_high = ?, since = ?, "
	                        "last_attempt = ?, last_reached = ?, last_result = ?, last_note = ?, last_events = ? "
	                        "WHERE id = ?", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, r->fhir_base);
		db_bind_text(q, 2, r->next_url);
		db_bind_text(q, 3, r->sync_high);
		db_bind_text(q, 4, r->since);
		db_bind_text(q, 5, r->last_attempt);
		db_bind_text(q, 6, r->last_reached);
		db_bind_text(q, 7, r->last_result);
		db_bind_text(q, 8, r->last_note);
		sqlite3_bind_int64(q, 9, r->last_events);
		sqlite3_bind_int64(q, 10, r->id);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
	}
	if (st == RC_OK && journal) {
		char obj[200];
		snprintf(obj, sizeof obj, "%s: %s", r->name, r->last_result ? r->last_result : "");
		st = journal_append_tx(c, "registry-sync", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_registry_save_token(struct rc_case *c, const struct rc_registry *r, const char *token,
	const char *expires, const char *refresh)
{
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "UPDATE registry SET token = ?, token_expires = ?, refresh_token = ? WHERE id = ?", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, token);
		db_bind_text(q, 2, token ? expires : NULL);
		db_bind_text(q, 3, token ? refresh : NULL);
		sqlite3_bind_int64(q, 4, r->id);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
	}
	if (st == RC_OK)
		st = journal_append_tx(c, token ? "registry-login" : "registry-logout", r->name);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_registry_save_auth(struct rc_case *c, const struct rc_registry *r,
	const struct rc_registry_auth *a)
{
	static const char *const cols[] = { "client_cert", "client_key", "oauth_client_id", "oauth_scope" };
	const char *vals[] = { a->client_cert, a->client_key, a->oauth_client_id, a->oauth_scope };
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	char what[200];
	snprintf(what, sizeof what, "%s:", r->name);
	for (size_t i = 0; i < 4 && st == RC_OK; i++) {
		if (!vals[i])
			continue;
		char sql[100];
		snprintf(sql, sizeof sql, "UPDATE registry SET %s = ? WHERE id = ?", cols[i]);
		sqlite3_stmt *q;
		st = db_prepare(&c->db, sql, &q);
		if (st == RC_OK) {
			db_bind_text(q, 1, *vals[i] ? vals[i] : NULL);
			sqlite3_bind_int64(q, 2, r->id);
			st = db_run(&c->db, q);
			sqlite3_finalize(q);
		}
		size_t l = strlen(what);
		snprintf(what + l, sizeof what - l, " %s", cols[i]);
	}
	/* a new certificate: a token bound to the old one is of no use */
	if (st == RC_OK && a->client_cert) {
		sqlite3_stmt *q;
		st = db_prepare(&c->db, "UPDATE registry SET token = NULL, token_expires = NULL, refresh_token = NULL "
		                        "WHERE id = ?", &q);
		if (st == RC_OK) {
			sqlite3_bind_int64(q, 1, r->id);
			st = db_run(&c->db, q);
			sqlite3_finalize(q);
		}
	}
	if (st == RC_OK)
		st = journal_append_tx(c, "registry-set", what);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}
