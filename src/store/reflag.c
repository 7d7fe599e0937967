/* reflag.c - every access's flags computed again, after what they depend
 * on changed (countries, regimes, record dates, requests).  Runs inside
 * the caller's transaction when there is one, so the change and its flags
 * are saved together or not at all. */
#include "config.h"

#include "store-int.h"

enum rc_status rc_events_reflag(struct rc_case *c, const struct rc_flag_ctx *ctx,
	rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	struct rc_db *db = &c->db;
	enum rc_status st = RC_OK;
	uint64_t total = (uint64_t)db_one_int(db, "SELECT count(*) FROM event", 0, &st), done = 0;
	if (st == RC_OK)
		st = db_begin(db);
	if (st != RC_OK)
		return st;
	rc_log(RC_LOG_DEBUG, "reflag: checking %llu accesses again", (unsigned long long)total);
	sqlite3_stmt *q = NULL;
	struct flag_stmts fs = { 0 };
	st = db_prepare(db, "SELECT " EVENT_COLS " FROM event e ORDER BY e.id", &q);
	struct rc_flag_memo *memo = rc_flag_memo_new();
	while (st == RC_OK && db_row(db, q, &st)) {
		struct rc_event ev;
		event_from_row(q, &ev);
		uint32_t unc = 0;
		uint32_t now = rc_flags_event_memo(ctx, memo, &ev, &unc) | (ev.flags & RC_FLAG_BURST);
		st = flags_set(db, &fs, ev.id, event_sort_ts(&ev), ev.flags, now, (int64_t)unc, ev.uncertain);
		rc_event_clear(&ev);
		if (st == RC_OK && progress && ++done % 4096 == 0 && !progress(ud, done, total))
			st = RC_CANCELLED;
	}
	rc_flag_memo_free(&memo);
	sqlite3_finalize(q);
	flag_stmts_free(&fs);
	if (st == RC_OK)
		st = bursts_recompute(db, ctx, NULL);
	/* the last moment to stop: what follows is the commit */
	if (st == RC_OK && progress && !progress(ud, total, total))
		st = RC_CANCELLED;
	if (st == RC_OK)
		st = journal_append_tx(c, "log-reflag", "");
	if (st == RC_OK)
		return db_commit(db);
	db_rollback(db);
	return st;
}
