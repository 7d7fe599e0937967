/* requests.c - requests made to authorities: their fields, their steps
 * (each with its day, who at the terminal and the document proving it),
 * the accesses and documents they rely on; documents kept in the case;
 * powers of attorney.  Whether a step is allowed is the case operations'
 * (src/ops, from core's rules); here it is kept. */
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
	st = db_prepare(&c->db, "INSERT INTO request(kind, regime, filed, confirmed, addressee, created, "
	                   "state, received, answered, answer, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	                   "CASE WHEN ?4 IS NULL THEN 'filed' ELSE 'answered' END, ?3, ?4, "
	                   "CASE WHEN ?4 IS NULL THEN NULL ELSE 'granted' END, ?6)", &q);
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
	st = db_prepare(&c->db, "UPDATE request SET confirmed = ?1, answered = ?1, answer = 'granted', "
	                   "state = 'answered' WHERE id = ?2", &q);
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

#define REQ_COLS "id, kind, regime, filed, confirmed, addressee, created, state, channel, received, " \
	"answered, answer, about, correct_value, controller, ext_notice, ext_reasons, mandate, due, " \
	"due_state, next_action, updated, follows, relation, check_day, check_result, held_value, registry, " \
	"remote_id, remote_url, remote_status, remote_reason, expected_by, remote_checked"

static void request_from_row(sqlite3_stmt *q, struct rc_request_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(q, 0);
	char **txt[] = { &r->kind, &r->regime, &r->filed, &r->confirmed, &r->addressee, &r->created,
		&r->state, &r->channel, &r->received, &r->answered, &r->answer, &r->about, &r->correct_value,
		&r->controller, &r->ext_notice };
	for (int i = 0; i < (int)(sizeof txt / sizeof txt[0]); i++)
		*txt[i] = db_col_text(q, i + 1);
	r->ext_reasons = sqlite3_column_int(q, 16) != 0;
	r->mandate = sqlite3_column_int64(q, 17);
	r->due = db_col_text(q, 18);
	r->due_state = db_col_text(q, 19);
	r->next_action = db_col_text(q, 20);
	r->updated = db_col_text(q, 21);
	r->follows = sqlite3_column_int64(q, 22);
	r->relation = db_col_text(q, 23);
	r->check_day = db_col_text(q, 24);
	r->check_result = db_col_text(q, 25);
	r->held_value = db_col_text(q, 26);
	r->registry = sqlite3_column_int64(q, 27);
	r->remote_id = db_col_text(q, 28);
	r->remote_url = db_col_text(q, 29);
	r->remote_status = db_col_text(q, 30);
	r->remote_reason = db_col_text(q, 31);
	r->expected_by = db_col_text(q, 32);
	r->remote_checked = db_col_text(q, 33);
}

void rc_request_row_clear(struct rc_request_row *r)
{
	char *txt[] = { r->kind, r->regime, r->filed, r->confirmed, r->addressee, r->created, r->state,
		r->channel, r->received, r->answered, r->answer, r->about, r->correct_value, r->controller,
		r->ext_notice, r->due, r->due_state, r->next_action, r->updated, r->relation, r->check_day,
		r->check_result, r->remote_id, r->remote_url, r->remote_status, r->remote_reason, r->expected_by,
		r->remote_checked };
	if (r->held_value) {
		explicit_bzero(r->held_value, strlen(r->held_value));
		free(r->held_value);
	}
	for (size_t i = 0; i < sizeof txt / sizeof txt[0]; i++)
		free(txt[i]);
	memset(r, 0, sizeof *r);
}

enum rc_status rc_case_requests(struct rc_case *c, struct rc_request_row **rows, size_t *n)
{
	rc_error_clear();
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT " REQ_COLS " FROM request ORDER BY filed, id", &q);
	if (st != RC_OK)
		return st;
	size_t cap = 0;
	while (db_row(&c->db, q, &st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*rows = rc_xrealloc(*rows, cap * sizeof **rows);
		}
		request_from_row(q, &(*rows)[(*n)++]);
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		rc_request_rows_free(rows, *n);
	return st;
}

enum rc_status rc_case_request_get(struct rc_case *c, int64_t id, struct rc_request_row *out)
{
	rc_error_clear();
	memset(out, 0, sizeof *out);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT " REQ_COLS " FROM request WHERE id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	if (db_row(&c->db, q, &st))
		request_from_row(q, out);
	else if (st == RC_OK) {
		/* TRANSLATORS: error detail; %lld is a request number. */
		rc_error_set(_("There is no request with the number %lld."), (long long)id);
		st = RC_NOTFOUND;
	}
	sqlite3_finalize(q);
	return st;
}

static enum rc_status step_insert(struct rc_case *c, int64_t id, const char *from, const char *to,
	const char *day, const char *detail, int64_t document)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "INSERT INTO request_step(request, day, at, slot, from_state, "
	                                "to_state, detail, document) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &q);
	if (st != RC_OK)
		return st;
	char now[24];
	rc_time_iso(rc_now(), now, sizeof now);
	sqlite3_bind_int64(q, 1, id);
	db_bind_text(q, 2, day);
	db_bind_text(q, 3, now);
	db_bind_text(q, 4, c->slot_label);
	db_bind_text(q, 5, from);
	db_bind_text(q, 6, to);
	db_bind_text(q, 7, detail);
	if (document > 0)
		sqlite3_bind_int64(q, 8, document);
	else
		sqlite3_bind_null(q, 8);
	st = db_run(&c->db, q);
	sqlite3_finalize(q);
	if (st == RC_OK) {
		char obj[96];
		snprintf(obj, sizeof obj, "%lld %s -> %s", (long long)id, from ? from : "", to);
		st = journal_append_tx(c, "request-step", obj);
	}
	return st;
}

enum rc_status rc_case_request_create(struct rc_case *c, const struct rc_request_row *in,
	const char *day, const char *detail, int64_t document, int64_t *id)
{
	rc_error_clear();
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "INSERT INTO request(kind, regime, filed, confirmed, addressee, created, state, "
	                   "channel, received, answered, answer, about, correct_value, controller, ext_notice, "
	                   "ext_reasons, mandate, updated, follows, relation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	                   "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?6, ?18, ?19)", &q);
	int64_t rid = 0;
	if (st == RC_OK) {
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		const char *txt[] = { in->kind, in->regime, in->filed, in->confirmed, in->addressee, now,
			in->state ? in->state : "draft", in->channel, in->received ? in->received : in->filed,
			in->answered, in->answer, in->about, in->correct_value, in->controller, in->ext_notice };
		for (int i = 0; i < 15; i++)
			db_bind_text(q, i + 1, txt[i]);
		sqlite3_bind_int(q, 16, in->ext_reasons);
		if (in->mandate > 0)
			sqlite3_bind_int64(q, 17, in->mandate);
		else
			sqlite3_bind_null(q, 17);
		if (in->follows > 0)
			sqlite3_bind_int64(q, 18, in->follows);
		else
			sqlite3_bind_null(q, 18);
		db_bind_text(q, 19, in->relation);
		st = db_run(&c->db, q);
		sqlite3_finalize(q);
		rid = sqlite3_last_insert_rowid(c->db.h);
	}
	if (st == RC_OK)
		st = journal_append_tx(c, "request-add", in->kind);
	if (st == RC_OK)
		st = step_insert(c, rid, NULL, in->state ? in->state : "draft", day, detail, document);
	if (st == RC_OK) {
		if (id)
			*id = rid;
		return db_commit(&c->db);
	}
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_request_step(struct rc_case *c, int64_t id, const char *to_state, const char *day,
	const char *detail, int64_t document, const struct rc_request_row *set)
{
	rc_error_clear();
	struct rc_request_row old;
	enum rc_status st = rc_case_request_get(c, id, &old);
	if (st != RC_OK)
		return st;
	st = db_begin(&c->db);
	sqlite3_stmt *q = NULL;
	if (st == RC_OK)
		st = db_prepare(&c->db, "UPDATE request SET state = ?2, channel = coalesce(?3, channel), "
		                "filed = coalesce(?4, filed), received = coalesce(?5, received), "
		                "answered = coalesce(?6, answered), answer = coalesce(?7, answer), "
		                "confirmed = coalesce(?8, confirmed), ext_notice = coalesce(?9, ext_notice), "
		                "ext_reasons = CASE WHEN ?9 IS NULL THEN ext_reasons ELSE ?10 END, "
		                "about = coalesce(?11, about), correct_value = coalesce(?12, correct_value), "
		                "controller = coalesce(?13, controller), addressee = coalesce(?14, addressee), "
		                "updated = ?15 WHERE id = ?1", &q);
	if (st == RC_OK) {
		static const struct rc_request_row none;
		const struct rc_request_row *s = set ? set : &none;
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		sqlite3_bind_int64(q, 1, id);
		db_bind_text(q, 2, to_state);
		db_bind_text(q, 3, s->channel);
		db_bind_text(q, 4, s->filed);
		db_bind_text(q, 5, s->received);
		db_bind_text(q, 6, s->answered);
		db_bind_text(q, 7, s->answer);
		db_bind_text(q, 8, s->confirmed);
		db_bind_text(q, 9, s->ext_notice);
		sqlite3_bind_int(q, 10, s->ext_reasons);
		db_bind_text(q, 11, s->about);
		db_bind_text(q, 12, s->correct_value);
		db_bind_text(q, 13, s->controller);
		db_bind_text(q, 14, s->addressee);
		db_bind_text(q, 15, now);
		st = db_run(&c->db, q);
	}
	sqlite3_finalize(q);
	if (st == RC_OK)
		st = step_insert(c, id, old.state, to_state, day, detail, document);
	rc_request_row_clear(&old);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_request_checked(struct rc_case *c, int64_t id, const char *day, const char *result,
	const char *held_value, const char *note)
{
	rc_error_clear();
	struct rc_request_row old;
	enum rc_status st = rc_case_request_get(c, id, &old);
	if (st != RC_OK)
		return st;
	st = db_begin(&c->db);
	sqlite3_stmt *q = NULL;
	if (st == RC_OK)
		st = db_prepare(&c->db, "UPDATE request SET check_day = ?2, check_result = ?3, held_value = ?4, "
		                "updated = ?5 WHERE id = ?1", &q);
	if (st == RC_OK) {
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		sqlite3_bind_int64(q, 1, id);
		db_bind_text(q, 2, day);
		db_bind_text(q, 3, result);
		db_bind_text(q, 4, held_value);
		db_bind_text(q, 5, now);
		st = db_run(&c->db, q);
	}
	sqlite3_finalize(q);
	if (st == RC_OK)
		st = step_insert(c, id, old.state, old.state ? old.state : "draft", day, note, 0);
	rc_request_row_clear(&old);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_request_steps(struct rc_case *c, int64_t id, struct rc_request_step **steps, size_t *n)
{
	rc_error_clear();
	*steps = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT id, request, day, at, slot, from_state, to_state, detail, "
	                                  "coalesce(document, 0) FROM request_step WHERE request = ?1 ORDER BY id", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	size_t cap = 0;
	while (db_row(&c->db, q, &st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*steps = rc_xrealloc(*steps, cap * sizeof **steps);
		}
		struct rc_request_step *x = &(*steps)[(*n)++];
		x->id = sqlite3_column_int64(q, 0);
		x->request = sqlite3_column_int64(q, 1);
		x->day = db_col_text(q, 2);
		x->at = db_col_text(q, 3);
		x->slot = db_col_text(q, 4);
		x->from_state = db_col_text(q, 5);
		x->to_state = db_col_text(q, 6);
		x->detail = db_col_text(q, 7);
		x->document = sqlite3_column_int64(q, 8);
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		rc_request_steps_free(steps, *n);
	return st;
}

void rc_request_steps_free(struct rc_request_step **steps, size_t n)
{
	if (!steps || !*steps)
		return;
	for (size_t i = 0; i < n; i++) {
		struct rc_request_step *x = &(*steps)[i];
		free(x->day);
		free(x->at);
		free(x->slot);
		free(x->from_state);
		free(x->to_state);
		free(x->detail);
	}
	free(*steps);
	*steps = NULL;
}

enum rc_status rc_case_request_board(struct rc_case *c, int64_t id, const char *due, const char *due_state,
	const char *next_action)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "UPDATE request SET due = ?2, due_state = ?3, next_action = ?4 "
	                                  "WHERE id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	db_bind_text(q, 2, due);
	db_bind_text(q, 3, due_state);
	db_bind_text(q, 4, next_action);
	st = db_run(&c->db, q);
	sqlite3_finalize(q);
	if (st == RC_OK)
		st = office_touch(c); /* the office board hears of it after the commit */
	return st;
}

enum rc_status rc_case_request_link(struct rc_case *c, int64_t id, int64_t event, int64_t document)
{
	rc_error_clear();
	enum rc_status st = db_begin(&c->db);
	sqlite3_stmt *q = NULL;
	if (st == RC_OK)
		st = db_prepare(&c->db, "INSERT INTO request_link(request, event, document) VALUES (?1, ?2, ?3)", &q);
	if (st == RC_OK) {
		sqlite3_bind_int64(q, 1, id);
		if (event > 0)
			sqlite3_bind_int64(q, 2, event);
		else
			sqlite3_bind_null(q, 2);
		if (document > 0)
			sqlite3_bind_int64(q, 3, document);
		else
			sqlite3_bind_null(q, 3);
		st = db_run(&c->db, q);
	}
	sqlite3_finalize(q);
	if (st == RC_OK) {
		char obj[80];
		snprintf(obj, sizeof obj, "%lld event %lld document %lld", (long long)id, (long long)event,
		         (long long)document);
		st = journal_append_tx(c, "request-link", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_request_links(struct rc_case *c, int64_t id, int64_t **events, size_t *nev,
	int64_t **documents, size_t *ndoc)
{
	*events = *documents = NULL;
	*nev = *ndoc = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT coalesce(event, 0), coalesce(document, 0) FROM request_link "
	                                  "WHERE request = ?1 ORDER BY rowid", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	while (db_row(&c->db, q, &st)) {
		int64_t e = sqlite3_column_int64(q, 0), d = sqlite3_column_int64(q, 1);
		if (e) {
			*events = rc_xrealloc(*events, (*nev + 1) * sizeof **events);
			(*events)[(*nev)++] = e;
		}
		if (d) {
			*documents = rc_xrealloc(*documents, (*ndoc + 1) * sizeof **documents);
			(*documents)[(*ndoc)++] = d;
		}
	}
	sqlite3_finalize(q);
	return st;
}

/* ---- documents ---- */

enum rc_status rc_case_document_add(struct rc_case *c, const char *name, const char *mime,
	const void *bytes, size_t len, const char *note, int64_t *id)
{
	rc_error_clear();
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(h, bytes, len);
	rc_hex_encode(h, sizeof h, hex);
	enum rc_status st = db_begin(&c->db);
	sqlite3_stmt *q = NULL;
	if (st == RC_OK)
		st = db_prepare(&c->db, "INSERT INTO document(name, mime, size, sha256, bytes, added, note) "
		                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &q);
	if (st == RC_OK) {
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		db_bind_text(q, 1, name);
		db_bind_text(q, 2, mime);
		sqlite3_bind_int64(q, 3, (int64_t)len);
		db_bind_text(q, 4, hex);
		sqlite3_bind_blob64(q, 5, bytes, len, SQLITE_STATIC);
		db_bind_text(q, 6, now);
		db_bind_text(q, 7, note);
		st = db_run(&c->db, q);
		if (st == RC_OK && id)
			*id = sqlite3_last_insert_rowid(c->db.h);
	}
	sqlite3_finalize(q);
	if (st == RC_OK)
		st = journal_append_tx(c, "document-add", hex);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

static void doc_from_row(sqlite3_stmt *q, struct rc_document *d)
{
	d->id = sqlite3_column_int64(q, 0);
	d->name = db_col_text(q, 1);
	d->mime = db_col_text(q, 2);
	d->size = (uint64_t)sqlite3_column_int64(q, 3);
	d->sha256 = db_col_text(q, 4);
	d->added = db_col_text(q, 5);
	d->note = db_col_text(q, 6);
}

void rc_document_clear(struct rc_document *d)
{
	free(d->name);
	free(d->mime);
	free(d->sha256);
	free(d->added);
	free(d->note);
	memset(d, 0, sizeof *d);
}

enum rc_status rc_case_documents(struct rc_case *c, struct rc_document **docs, size_t *n)
{
	rc_error_clear();
	*docs = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT id, name, mime, size, sha256, added, note FROM document "
	                                  "ORDER BY id", &q);
	if (st != RC_OK)
		return st;
	while (db_row(&c->db, q, &st)) {
		*docs = rc_xrealloc(*docs, (*n + 1) * sizeof **docs);
		doc_from_row(q, &(*docs)[(*n)++]);
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		rc_documents_free(docs, *n);
	return st;
}

enum rc_status rc_case_document_bytes(struct rc_case *c, int64_t id, struct rc_document *meta,
	unsigned char **bytes, size_t *len)
{
	rc_error_clear();
	*bytes = NULL;
	*len = 0;
	memset(meta, 0, sizeof *meta);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT id, name, mime, size, sha256, added, note, bytes "
	                                  "FROM document WHERE id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	if (db_row(&c->db, q, &st)) {
		doc_from_row(q, meta);
		*len = (size_t)sqlite3_column_bytes(q, 7);
		*bytes = rc_xmalloc(*len ? *len : 1);
		if (*len)
			memcpy(*bytes, sqlite3_column_blob(q, 7), *len);
	} else if (st == RC_OK) {
		/* TRANSLATORS: error detail; %lld is a document number. */
		rc_error_set(_("There is no document with the number %lld."), (long long)id);
		st = RC_NOTFOUND;
	}
	sqlite3_finalize(q);
	return st;
}

void rc_documents_free(struct rc_document **docs, size_t n)
{
	if (!docs || !*docs)
		return;
	for (size_t i = 0; i < n; i++)
		rc_document_clear(&(*docs)[i]);
	free(*docs);
	*docs = NULL;
}

/* ---- powers of attorney ---- */

enum rc_status rc_case_mandate_add(struct rc_case *c, const char *holder, const char *granted,
	int64_t document, const char *note, int64_t *id)
{
	rc_error_clear();
	enum rc_status st = db_begin(&c->db);
	sqlite3_stmt *q = NULL;
	if (st == RC_OK)
		st = db_prepare(&c->db, "INSERT INTO mandate(holder, granted, document, note) VALUES (?1, ?2, ?3, ?4)", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, holder);
		db_bind_text(q, 2, granted);
		if (document > 0)
			sqlite3_bind_int64(q, 3, document);
		else
			sqlite3_bind_null(q, 3);
		db_bind_text(q, 4, note);
		st = db_run(&c->db, q);
		if (st == RC_OK && id)
			*id = sqlite3_last_insert_rowid(c->db.h);
	}
	sqlite3_finalize(q);
	if (st == RC_OK)
		st = journal_append_tx(c, "mandate-add", granted);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_mandate_revoke(struct rc_case *c, int64_t id, const char *day)
{
	rc_error_clear();
	enum rc_status st = db_begin(&c->db);
	sqlite3_stmt *q = NULL;
	if (st == RC_OK)
		st = db_prepare(&c->db, "UPDATE mandate SET revoked = ?2 WHERE id = ?1 AND revoked IS NULL", &q);
	if (st == RC_OK) {
		sqlite3_bind_int64(q, 1, id);
		db_bind_text(q, 2, day);
		st = db_run(&c->db, q);
		if (st == RC_OK && sqlite3_changes(c->db.h) == 0) {
			/* TRANSLATORS: error detail; %lld is a number. */
			rc_error_set(_("There is no power of attorney %lld in force."), (long long)id);
			st = RC_NOTFOUND;
		}
	}
	sqlite3_finalize(q);
	if (st == RC_OK) {
		char obj[48];
		snprintf(obj, sizeof obj, "%lld", (long long)id);
		st = journal_append_tx(c, "mandate-revoke", obj);
	}
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

enum rc_status rc_case_mandates(struct rc_case *c, struct rc_mandate_row **m, size_t *n)
{
	rc_error_clear();
	*m = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT id, holder, granted, revoked, note, coalesce(document, 0) "
	                                  "FROM mandate ORDER BY id", &q);
	if (st != RC_OK)
		return st;
	while (db_row(&c->db, q, &st)) {
		*m = rc_xrealloc(*m, (*n + 1) * sizeof **m);
		struct rc_mandate_row *x = &(*m)[(*n)++];
		x->id = sqlite3_column_int64(q, 0);
		x->holder = db_col_text(q, 1);
		x->granted = db_col_text(q, 2);
		x->revoked = db_col_text(q, 3);
		x->note = db_col_text(q, 4);
		x->document = sqlite3_column_int64(q, 5);
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		rc_mandates_free(m, *n);
	return st;
}

void rc_mandates_free(struct rc_mandate_row **m, size_t n)
{
	if (!m || !*m)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*m)[i].holder);
		free((*m)[i].granted);
		free((*m)[i].revoked);
		free((*m)[i].note);
	}
	free(*m);
	*m = NULL;
}

void rc_request_rows_free(struct rc_request_row **rows, size_t n)
{
	if (!rows || !*rows)
		return;
	for (size_t i = 0; i < n; i++)
		rc_request_row_clear(&(*rows)[i]);
	free(*rows);
	*rows = NULL;
}
