/* manual.c - correcting or withdrawing an access written down by hand.
 * Only those (source "manual"): an imported record is the registry's own
 * evidence and stays as received.  The earlier version goes into the
 * journal with the change, so nothing typed is ever lost from the case. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

struct old_row {
	int64_t ts;
	uint32_t flags;
	char *actor;
};

static enum rc_status manual_row(struct rc_db *db, int64_t id, struct old_row *o)
{
	memset(o, 0, sizeof *o);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(db, "SELECT source, ts, flags, actor FROM event WHERE id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	if (db_row(db, q, &st)) {
		const char *src = (const char *)sqlite3_column_text(q, 0);
		if (!src || strcmp(src, "manual") != 0) {
			/* TRANSLATORS: error detail; %lld is an access number. */
			rc_error_set(_("Access %lld came from a registry's log: it is kept exactly as received. Only accesses written down by hand can be corrected or withdrawn."),
			             (long long)id);
			st = RC_USAGE;
		} else {
			o->ts = sqlite3_column_int64(q, 1);
			o->flags = (uint32_t)sqlite3_column_int64(q, 2);
			o->actor = db_col_text(q, 3);
		}
	} else if (st == RC_OK) {
		/* TRANSLATORS: error detail; %lld is an access number. */
		rc_error_set(_("There is no access with the number %lld."), (long long)id);
		st = RC_NOTFOUND;
	}
	sqlite3_finalize(q);
	return st;
}

/* The bursts of the actors an access left and joined. */
static enum rc_status bursts_of(struct rc_db *db, const struct rc_flag_ctx *ctx, const char *a,
	const char *b)
{
	if (!ctx)
		return RC_OK;
	struct rc_strset actors = { 0 };
	if (a)
		rc_strset_add(&actors, a);
	if (b)
		rc_strset_add(&actors, b);
	enum rc_status st = bursts_recompute(db, ctx, &actors);
	rc_strset_free(&actors);
	return st;
}

enum rc_status rc_events_manual_replace(struct rc_case *c, const struct rc_flag_ctx *ctx, int64_t id,
	struct rc_event *ev, const char *journal_object)
{
	rc_error_clear();
	struct rc_db *db = &c->db;
	enum rc_status st = db_begin(db);
	if (st != RC_OK)
		return st;
	struct old_row o;
	st = manual_row(db, id, &o);
	sqlite3_stmt *q = NULL;
	/* The same details as another access written by hand: that one. */
	if (st == RC_OK)
		st = db_prepare(db, "SELECT id FROM event WHERE source = ?1 AND ext_id = ?2 AND id != ?3", &q);
	if (st == RC_OK) {
		db_bind_text(q, 1, ev->source);
		db_bind_text(q, 2, ev->ext_id);
		sqlite3_bind_int64(q, 3, id);
		if (db_row(db, q, &st)) {
			/* TRANSLATORS: error detail; %lld is an access number. */
			rc_error_set(_("An access with exactly these details is already in the case (number %lld)."),
			             (long long)sqlite3_column_int64(q, 0));
			st = RC_INVALID;
		}
		sqlite3_finalize(q);
		q = NULL;
	}
	struct flag_stmts fs = { 0 };
	if (st == RC_OK) {
		ev->id = id;
		ev->flags = (ctx ? rc_flags_event(ctx, ev, &ev->uncertain) : 0) | (o.flags & RC_FLAG_BURST);
		st = db_prepare(db, "UPDATE event SET (" INSERT_COLS ") = " INSERT_VALS " WHERE id = ?31", &q);
	}
	if (st == RC_OK) {
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		bind_event(q, ev, now);
		sqlite3_bind_int64(q, INSERT_NCOLS + 1, id);
		st = db_run(db, q);
	}
	sqlite3_finalize(q);
	if (st == RC_OK)
		st = flag_rows_delete(db, &fs, id, o.ts);
	if (st == RC_OK)
		st = flag_rows_write(db, &fs, id, event_sort_ts(ev), ev->flags);
	flag_stmts_free(&fs);
	if (st == RC_OK)
		st = bursts_of(db, ctx, o.actor, event_actor(ev));
	if (st == RC_OK)
		st = journal_append_tx(c, "access-correct", journal_object);
	free(o.actor);
	if (st == RC_OK)
		return db_commit(db);
	db_rollback(db);
	return st;
}

enum rc_status rc_events_manual_remove(struct rc_case *c, const struct rc_flag_ctx *ctx, int64_t id,
	const char *journal_object)
{
	rc_error_clear();
	struct rc_db *db = &c->db;
	enum rc_status st = db_begin(db);
	if (st != RC_OK)
		return st;
	struct old_row o;
	st = manual_row(db, id, &o);
	struct flag_stmts fs = { 0 };
	if (st == RC_OK)
		st = flag_rows_delete(db, &fs, id, o.ts);
	flag_stmts_free(&fs);
	static const char *const del[] = {
		"DELETE FROM event_raw WHERE id = ?1", "DELETE FROM event WHERE id = ?1", NULL
	};
	for (int i = 0; st == RC_OK && del[i]; i++) {
		sqlite3_stmt *q;
		st = db_prepare(db, del[i], &q);
		if (st == RC_OK) {
			sqlite3_bind_int64(q, 1, id);
			st = db_run(db, q);
		}
		sqlite3_finalize(q);
	}
	if (st == RC_OK)
		st = bursts_of(db, ctx, o.actor, NULL);
	if (st == RC_OK)
		st = journal_append_tx(c, "access-withdraw", journal_object);
	free(o.actor);
	if (st == RC_OK)
		return db_commit(db);
	db_rollback(db);
	return st;
}
