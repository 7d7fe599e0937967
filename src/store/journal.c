/* journal.c - the hash-chained journal of every change and every unlock.
 *
 * hash = SHA-256(prev_hash || seq (8 bytes, big-endian) || for each of
 *        at, slot, action, object: length (4 bytes, big-endian) || bytes)
 * The first entry's prev_hash is 32 zero bytes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

static void entry_hash(const unsigned char prev[32], int64_t seq, const char *at,
	const char *slot, const char *action, const char *object, unsigned char out[32])
{
	rc_journal_entry_hash(prev, seq, at, slot, action, object, out);
}

enum rc_status rc_journal_head(struct rc_case *c, int64_t *seq, char hash_hex[65])
{
	*seq = 0;
	hash_hex[0] = 0;
	sqlite3_stmt *st;
	enum rc_status s = db_prepare(&c->db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", &st);
	if (s != RC_OK)
		return s;
	if (db_row(&c->db, st, &s)) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			rc_hex_encode(sqlite3_column_blob(st, 1), 32, hash_hex);
	}
	sqlite3_finalize(st);
	return s;
}

enum rc_status journal_append_tx(struct rc_case *c, const char *action, const char *object)
{
	if (c->plain)
		return RC_OK;
	sqlite3_stmt *st;
	unsigned char prev[32] = { 0 }, hash[32];
	int64_t seq = 1;
	enum rc_status s = db_prepare(&c->db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", &st);
	if (s != RC_OK)
		return s;
	if (db_row(&c->db, st, &s)) {
		seq = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(prev, sqlite3_column_blob(st, 1), 32);
	}
	sqlite3_finalize(st);
	if (s != RC_OK)
		return s;
	char at[24];
	rc_time_iso(rc_now(), at, sizeof at);
	if (!object)
		object = "";
	entry_hash(prev, seq, at, c->slot_label, action, object, hash);
	s = db_prepare(&c->db, "INSERT INTO journal(seq, at, slot, action, object, prev_hash, hash) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st);
	if (s != RC_OK)
		return s;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->slot_label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, object, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, hash, 32, SQLITE_STATIC);
	s = db_run(&c->db, st);
	sqlite3_finalize(st);
	return s;
}

enum rc_status rc_journal_append(struct rc_case *c, const char *action, const char *object)
{
	rc_error_clear();
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	st = journal_append_tx(c, action, object);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

void rc_journal_entry_clear(struct rc_journal_entry *e)
{
	free(e->slot);
	free(e->action);
	free(e->object);
	memset(e, 0, sizeof *e);
}

enum rc_status rc_journal_each(struct rc_case *c,
	bool (*fn)(void *ud, const struct rc_journal_entry *e), void *ud)
{
	rc_error_clear();
	sqlite3_stmt *st;
	enum rc_status s = db_prepare(&c->db, "SELECT seq, at, slot, action, object, hash FROM journal ORDER BY seq", &st);
	if (s != RC_OK)
		return s;
	while (db_row(&c->db, st, &s)) {
		struct rc_journal_entry e = { 0 };
		e.seq = sqlite3_column_int64(st, 0);
		snprintf(e.at, sizeof e.at, "%s", sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
		e.slot = db_col_text(st, 2);
		e.action = db_col_text(st, 3);
		e.object = db_col_text(st, 4);
		if (sqlite3_column_bytes(st, 5) == 32)
			rc_hex_encode(sqlite3_column_blob(st, 5), 32, e.hash);
		bool go = fn(ud, &e);
		rc_journal_entry_clear(&e);
		if (!go)
			break;
	}
	sqlite3_finalize(st);
	return s;
}

enum rc_status rc_case_verify(struct rc_case *c, struct rc_verify_report *rep)
{
	rc_error_clear();
	memset(rep, 0, sizeof *rep);
	sqlite3_stmt *st;
	enum rc_status s = db_prepare(&c->db, "SELECT seq, at, slot, action, object, prev_hash, hash "
	                                 "FROM journal ORDER BY seq", &st);
	if (s != RC_OK)
		return s;
	unsigned char prev[32] = { 0 }, want[32];
	int64_t expect_seq = 1;
	while (db_row(&c->db, st, &s)) {
		int64_t seq = sqlite3_column_int64(st, 0);
		rep->entries++;
		const char *why = NULL;
		if (seq != expect_seq)
			why = N_("an entry is missing before this one");
		else if (sqlite3_column_bytes(st, 5) != 32 || memcmp(sqlite3_column_blob(st, 5), prev, 32) != 0)
			why = N_("it does not link to the entry before it");
		else {
			entry_hash(prev, seq, (const char *)sqlite3_column_text(st, 1),
				(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
				(const char *)sqlite3_column_text(st, 4), want);
			if (sqlite3_column_bytes(st, 6) != 32 || memcmp(sqlite3_column_blob(st, 6), want, 32) != 0)
				why = N_("its content was changed after it was written");
		}
		if (why && !rep->first_bad_seq) {
			rep->first_bad_seq = seq;
			snprintf(rep->bad_reason, sizeof rep->bad_reason, "%s", _(why));
		}
		if (sqlite3_column_bytes(st, 6) == 32)
			memcpy(prev, sqlite3_column_blob(st, 6), 32);
		expect_seq = seq + 1;
	}
	sqlite3_finalize(st);
	if (s != RC_OK)
		return s;
	rc_hex_encode(prev, 32, rep->head);

	s = db_prepare(&c->db, "PRAGMA integrity_check", &st);
	if (s != RC_OK)
		return s;
	/* A damaged file may fail the check itself: that is its answer. */
	enum rc_status cs = RC_OK;
	bool row = db_row(&c->db, st, &cs);
	const char *msg = row ? (const char *)sqlite3_column_text(st, 0) : sqlite3_errmsg(c->db.h);
	rep->integrity_ok = row && msg && strcmp(msg, "ok") == 0;
	snprintf(rep->integrity_msg, sizeof rep->integrity_msg, "%s", msg ? msg : "");
	sqlite3_finalize(st);
	return RC_OK;
}
