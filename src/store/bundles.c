/* bundles.c - what the case keeps for its evidence bundles
 * (doc/bundles.md): the certificate and key it signs them with, the
 * journal checkpoints signed into them, a record of each bundle made
 * (journalled "bundle-create"), and its documents read in pieces (a
 * 200 MB scan goes into a bag without being held whole). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store-int.h"

/* ------------------------------------------------------------------ */
/* A document, streamed (SQLite's incremental blob I/O). */

struct rc_doc_reader {
	sqlite3_blob *b;
	int size, off;
};

enum rc_status rc_case_document_open(struct rc_case *c, int64_t id, struct rc_doc_reader **out)
{
	*out = NULL;
	sqlite3_blob *b = NULL;
	int rc = sqlite3_blob_open(c->db.h, "main", "document", "bytes", id, 0, &b);
	if (rc != SQLITE_OK) {
		if (b)
			sqlite3_blob_close(b);
		if (rc == SQLITE_ERROR) {
			/* TRANSLATORS: error detail; %lld is a document number. */
			rc_error_set(_("There is no document with the number %lld."), (long long)id);
			return RC_NOTFOUND;
		}
		return db_status(&c->db, rc);
	}
	struct rc_doc_reader *r = rc_xcalloc(1, sizeof *r);
	r->b = b;
	r->size = sqlite3_blob_bytes(b);
	*out = r;
	return RC_OK;
}

uint64_t rc_doc_reader_size(const struct rc_doc_reader *r)
{
	return (uint64_t)r->size;
}

enum rc_status rc_doc_read(struct rc_doc_reader *r, unsigned char *buf, size_t cap, size_t *got)
{
	*got = 0;
	int n = r->size - r->off;
	if (n <= 0)
		return RC_OK;
	if ((size_t)n > cap)
		n = (int)cap;
	if (sqlite3_blob_read(r->b, buf, n, r->off) != SQLITE_OK)
		return RC_IO;
	r->off += n;
	*got = (size_t)n;
	return RC_OK;
}

void rc_doc_reader_close(struct rc_doc_reader **rp)
{
	if (!*rp)
		return;
	sqlite3_blob_close((*rp)->b);
	free(*rp);
	*rp = NULL;
}

/* ------------------------------------------------------------------ */
/* The signing certificate: one in use; a new one retires it. */

/* In a transaction of db: the one in use in table (signer, or the
 * office's office_signer) retired, this one in use. */
enum rc_status signer_row_put(struct rc_db *db, const char *table, const char *cert_pem, const char *key_pem,
	const char *fp, const char *subject)
{
	char now[32], sql[160];
	rc_time_iso(rc_now(), now, sizeof now);
	sqlite3_stmt *q;
	snprintf(sql, sizeof sql, "UPDATE %s SET retired = ? WHERE retired IS NULL", table);
	enum rc_status st = db_prepare(db, sql, &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, now);
		st = db_run(db, q);
		sqlite3_finalize(q);
	}
	snprintf(sql, sizeof sql, "INSERT INTO %s (cert, key, fingerprint, subject, added) VALUES (?,?,?,?,?)", table);
	if (st == RC_OK)
		st = db_prepare(db, sql, &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, cert_pem);
		sqlite3_bind_blob(q, 2, key_pem, (int)strlen(key_pem), SQLITE_STATIC);
		db_bind_text(q, 3, fp);
		db_bind_text(q, 4, subject);
		db_bind_text(q, 5, now);
		st = db_run(db, q);
		sqlite3_finalize(q);
	}
	return st;
}

enum rc_status signer_row_get(struct rc_db *db, const char *table, bool with_key, struct rc_signer *out)
{
	memset(out, 0, sizeof *out);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT cert, key, fingerprint, subject, added FROM %s "
	                          "WHERE retired IS NULL ORDER BY id DESC LIMIT 1", table);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(db, sql, &q);
	if (st != RC_OK)
		return st;
	if (db_row(db, q, &st)) {
		out->cert = db_col_text(q, 0);
		if (with_key) {
			int n = sqlite3_column_bytes(q, 1);
			out->key = rc_xmalloc((size_t)n + 1);
			memcpy(out->key, sqlite3_column_blob(q, 1), (size_t)n);
			out->key[n] = 0;
		}
		out->fingerprint = db_col_text(q, 2);
		out->subject = db_col_text(q, 3);
		out->added = db_col_text(q, 4);
	} else if (st == RC_OK) {
		st = RC_NOTFOUND;
	}
	sqlite3_finalize(q);
	return st;
}

enum rc_status rc_signer_put(struct rc_case *c, const char *cert_pem, const char *key_pem, const char *fp,
	const char *subject)
{
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	st = signer_row_put(&c->db, "signer", cert_pem, key_pem, fp, subject);
	if (st == RC_OK) {
		char obj[400];
		snprintf(obj, sizeof obj, "signing certificate %s", fp);
		st = journal_append_tx(c, "signer-set", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

void rc_signer_clear(struct rc_signer *s)
{
	free(s->cert);
	if (s->key) {
		sodium_memzero(s->key, strlen(s->key));
		free(s->key);
	}
	free(s->fingerprint);
	free(s->subject);
	free(s->added);
	memset(s, 0, sizeof *s);
}

enum rc_status rc_signer_get(struct rc_case *c, bool with_key, struct rc_signer *out)
{
	return signer_row_get(&c->db, "signer", with_key, out);
}

/* ------------------------------------------------------------------ */
/* A bundle made: its checkpoint and its record, journalled together. */

enum rc_status rc_bundle_record(struct rc_case *c, const struct rc_bundle_rec *b, int64_t *id)
{
	*id = 0;
	char now[32];
	rc_time_iso(rc_now(), now, sizeof now);
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	int64_t cp = 0;
	sqlite3_stmt *q;
	if (b->checkpoint_doc) {
		st = db_prepare(&c->db, "INSERT INTO checkpoint (at, seq, head, doc, signature, stamp) VALUES (?,?,?,?,?,?)", &q);
		if (st == RC_OK) {
			db_bind_text(q, 1, now);
			sqlite3_bind_int64(q, 2, b->checkpoint_seq);
			db_bind_text(q, 3, b->checkpoint_head);
			sqlite3_bind_blob64(q, 4, b->checkpoint_doc, b->checkpoint_len, SQLITE_STATIC);
			if (b->checkpoint_sig)
				sqlite3_bind_blob64(q, 5, b->checkpoint_sig, b->checkpoint_sig_len, SQLITE_STATIC);
			if (b->checkpoint_stamp)
				sqlite3_bind_blob64(q, 6, b->checkpoint_stamp, b->checkpoint_stamp_len, SQLITE_STATIC);
			st = db_run(&c->db, q);
			sqlite3_finalize(q);
			cp = sqlite3_last_insert_rowid(c->db.h);
		}
	}
	if (st == RC_OK)
		st = db_prepare(&c->db, "INSERT INTO bundle (made, slot, name, format, content, files, bytes, "
		                        "tagmanifest_sha256, signer, stamped, checkpoint) VALUES (?,?,?,?,?,?,?,?,?,?,?)", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, now);
		db_bind_text(q, 2, c->slot_label);
		db_bind_text(q, 3, b->name);
		db_bind_text(q, 4, b->format);
		db_bind_text(q, 5, b->content);
		sqlite3_bind_int64(q, 6, (sqlite3_int64)b->files);
		sqlite3_bind_int64(q, 7, (sqlite3_int64)b->bytes);
		db_bind_text(q, 8, b->tagmanifest_sha256);
		db_bind_text(q, 9, b->signer);
		db_bind_text(q, 10, b->stamped);
		if (cp)
			sqlite3_bind_int64(q, 11, cp);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
		*id = sqlite3_last_insert_rowid(c->db.h);
	}
	if (st == RC_OK) {
		char obj[1200];
		snprintf(obj, sizeof obj, "bundle %lld %s (%s): %s; %llu files, %llu bytes; tagmanifest sha256 %s; "
		         "signed %s; time stamp %s; checkpoint seq %lld head %s",
		         (long long)*id, b->name, b->format, b->content, (unsigned long long)b->files,
		         (unsigned long long)b->bytes, b->tagmanifest_sha256, b->signer ? b->signer : "no",
		         b->stamped ? b->stamped : "no", (long long)b->checkpoint_seq,
		         b->checkpoint_head ? b->checkpoint_head : "-");
		st = journal_append_tx(c, "bundle-create", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	*id = 0;
	return st;
}

void rc_bundle_rows_free(struct rc_bundle_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].made);
		free(v[i].slot);
		free(v[i].name);
		free(v[i].format);
		free(v[i].content);
		free(v[i].tagmanifest_sha256);
		free(v[i].signer);
		free(v[i].stamped);
	}
	free(v);
}

enum rc_status rc_bundle_list(struct rc_case *c, struct rc_bundle_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT b.id, made, slot, name, format, content, files, bytes, "
	                                       "tagmanifest_sha256, signer, stamped, k.seq FROM bundle b "
	                                       "LEFT JOIN checkpoint k ON k.id = b.checkpoint ORDER BY b.id", &q);
	if (st != RC_OK)
		return st;
	size_t cap = 0;
	while (db_row(&c->db, q, &st)) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = rc_xrealloc(*out, cap * sizeof **out);
		}
		struct rc_bundle_row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(q, 0);
		r->made = db_col_text(q, 1);
		r->slot = db_col_text(q, 2);
		r->name = db_col_text(q, 3);
		r->format = db_col_text(q, 4);
		r->content = db_col_text(q, 5);
		r->files = (uint64_t)sqlite3_column_int64(q, 6);
		r->bytes = (uint64_t)sqlite3_column_int64(q, 7);
		r->tagmanifest_sha256 = db_col_text(q, 8);
		r->signer = db_col_text(q, 9);
		r->stamped = db_col_text(q, 10);
		r->checkpoint_seq = sqlite3_column_int64(q, 11);
	}
	sqlite3_finalize(q);
	if (st != RC_OK) {
		rc_bundle_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}
