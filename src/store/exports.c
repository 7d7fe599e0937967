/* exports.c - the signed exports of a registry kept as evidence
 * (doc/registry-api.md, section 6): the export's exact bytes and its
 * signature, stored only after the signature was verified (ops), with a
 * journal entry in the same transaction; and the certificate a
 * registry's exports must be signed with. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

enum rc_status rc_registry_set_signing_cert(struct rc_case *c, const char *name, const char *pem, const char *fp)
{
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "UPDATE registry SET signing_cert = ? WHERE name = ?", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, pem);
		db_bind_text(q, 2, name);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
	}
	if (st == RC_OK && sqlite3_changes(c->db.h) != 1)
		st = RC_NOTFOUND;
	if (st == RC_OK) {
		char obj[200];
		snprintf(obj, sizeof obj, "%s: signing certificate %s", name, fp && *fp ? fp : "-");
		st = journal_append_tx(c, "registry-set", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_export_add(struct rc_case *c, const struct rc_export_in *in, int64_t *id)
{
	*id = 0;
	char now[32];
	rc_time_iso(rc_now(), now, sizeof now);
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "INSERT INTO export (registry, fetched, name, mime, size, sha256, bytes, signature, "
	                        "signer, signed_at) VALUES (?,?,?,?,?,?,?,?,?,?)", &q);
	if (st == RC_OK) {
		sqlite3_bind_int64(q, 1, in->registry);
		db_bind_text(q, 2, now);
		db_bind_text(q, 3, in->name);
		db_bind_text(q, 4, in->mime);
		sqlite3_bind_int64(q, 5, (sqlite3_int64)in->size);
		db_bind_text(q, 6, in->sha256);
		sqlite3_bind_blob64(q, 7, in->bytes, in->size, SQLITE_STATIC);
		sqlite3_bind_blob64(q, 8, in->sig, in->sig_size, SQLITE_STATIC);
		db_bind_text(q, 9, in->signer);
		db_bind_text(q, 10, in->signed_at && *in->signed_at ? in->signed_at : NULL);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
	}
	if (st == RC_OK) {
		*id = sqlite3_last_insert_rowid(c->db.h);
		char obj[300];
		snprintf(obj, sizeof obj, "%s: export %lld, %llu bytes, sha256 %s", in->registry_name, (long long)*id,
		         (unsigned long long)in->size, in->sha256);
		st = journal_append_tx(c, "export-download", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	*id = 0;
	return st;
}

#define EXP_COLS "e.id, r.name, e.fetched, e.name, e.mime, e.size, e.sha256, e.signer, e.signed_at"

static void exp_read(sqlite3_stmt *q, struct rc_export_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(q, 0);
	r->registry = db_col_text(q, 1);
	r->fetched = db_col_text(q, 2);
	r->name = db_col_text(q, 3);
	r->mime = db_col_text(q, 4);
	r->size = sqlite3_column_int64(q, 5);
	r->sha256 = db_col_text(q, 6);
	r->signer = db_col_text(q, 7);
	r->signed_at = db_col_text(q, 8);
}

void rc_export_row_clear(struct rc_export_row *r)
{
	if (!r)
		return;
	free(r->registry);
	free(r->fetched);
	free(r->name);
	free(r->mime);
	free(r->sha256);
	free(r->signer);
	free(r->signed_at);
	memset(r, 0, sizeof *r);
}

void rc_export_rows_free(struct rc_export_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rc_export_row_clear(&r[i]);
	free(r);
}

enum rc_status rc_export_list(struct rc_case *c, struct rc_export_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT " EXP_COLS " FROM export e LEFT JOIN registry r "
	                                       "ON r.id = e.registry ORDER BY e.id", &q);
	if (st != RC_OK)
		return st;
	while (db_row(&c->db, q, &st)) {
		*out = rc_xrealloc(*out, (*n + 1) * sizeof **out);
		exp_read(q, &(*out)[(*n)++]);
	}
	sqlite3_finalize(q);
	if (st != RC_OK) {
		rc_export_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

static void *blob_copy(sqlite3_stmt *q, int col, size_t *len)
{
	*len = (size_t)sqlite3_column_bytes(q, col);
	void *p = rc_xmalloc(*len ? *len : 1);
	if (*len)
		memcpy(p, sqlite3_column_blob(q, col), *len);
	return p;
}

enum rc_status rc_export_get(struct rc_case *c, int64_t id, struct rc_export_row *row, void **bytes, size_t *n,
	void **sig, size_t *sn)
{
	memset(row, 0, sizeof *row);
	*bytes = *sig = NULL;
	*n = *sn = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT " EXP_COLS ", e.bytes, e.signature FROM export e "
	                                       "LEFT JOIN registry r ON r.id = e.registry WHERE e.id = ?", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	bool found = db_row(&c->db, q, &st);
	if (found) {
		exp_read(q, row);
		*bytes = blob_copy(q, 9, n);
		*sig = blob_copy(q, 10, sn);
	}
	sqlite3_finalize(q);
	if (st != RC_OK) {
		rc_export_row_clear(row);
		free(*bytes);
		free(*sig);
		*bytes = *sig = NULL;
		return st;
	}
	return found ? RC_OK : RC_NOTFOUND;
}
