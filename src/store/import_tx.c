/* import_tx.c - an import is one transaction: events put by upsert on
 * (source, ext_id), their flag rows, and for a large import the bulk mode
 * that drops the secondary indexes and rebuilds them at commit.  Bursts
 * are found again at commit for the actors the import touched. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* ---- import transactions ---- */

struct rc_event_tx {
	struct rc_case *c;
	const struct rc_flag_ctx *ctx;
	sqlite3_stmt *ins, *ins_raw, *find, *upd_all;
	bool bulk;           /* secondary indexes dropped, rebuilt at commit */
	bool all_actors;     /* bursts: walk every actor (after bulk mode) */
	bool bulk_used;      /* bulk mode was on: the bursts of every time too */
	int64_t bulk_from;   /* first row id written in bulk mode (no flag rows yet) */
	uint64_t bulk_count; /* rows added in bulk mode */
	struct flag_stmts fs;
	struct rc_import_counts counts;
	struct rc_strset actors;
	bool ts_any;         /* the times of what changed, for the bursts: */
	int64_t ts_lo, ts_hi;
	char imported[24];
	int64_t dict_id; /* raw_dict row of this import, 0 if none */
	/* progress and cancelling while the transaction finishes */
	rc_progress_fn fin_fn;
	void *fin_ud;
	uint64_t fin_step, fin_steps;
};

/* An actor whose bursts must be found again at commit, around ts. */
static void tx_actor(struct rc_event_tx *tx, const char *actor, int64_t ts)
{
	if (!tx->ts_any || ts < tx->ts_lo)
		tx->ts_lo = ts;
	if (!tx->ts_any || ts > tx->ts_hi)
		tx->ts_hi = ts;
	tx->ts_any = true;
	if (tx->all_actors)
		return;
	rc_strset_add(&tx->actors, actor);
	if (tx->actors.n > BURST_ACTORS_MAX) {
		tx->all_actors = true;
		rc_strset_free(&tx->actors);
	}
}

/* Called every few thousand SQLite steps while the transaction finishes:
 * non-zero interrupts the statement (SQLITE_INTERRUPT: RC_CANCELLED). */
static int fin_handler(void *p)
{
	struct rc_event_tx *tx = p;
	return tx->fin_fn && !tx->fin_fn(tx->fin_ud, tx->fin_step, tx->fin_steps) ? 1 : 0;
}

static void fin_begin(struct rc_event_tx *tx)
{
	if (tx->fin_fn)
		sqlite3_progress_handler(tx->c->db.h, 20000, fin_handler, tx);
}

static void fin_end(struct rc_event_tx *tx)
{
	if (tx->fin_fn)
		sqlite3_progress_handler(tx->c->db.h, 0, NULL, NULL);
}

/* Between two steps of finishing: say how far it is, stop when asked. */
static enum rc_status fin_report(struct rc_event_tx *tx)
{
	return fin_handler(tx) ? RC_CANCELLED : RC_OK;
}

void rc_events_on_finish(struct rc_event_tx *tx, rc_progress_fn fn, void *ud)
{
	tx->fin_fn = fn;
	tx->fin_ud = ud;
}

/* The original bytes: as they are (z NULL), or z, compressed against the
 * transaction's dictionary (rawz.c). */
static enum rc_status raw_write(struct rc_event_tx *tx, int64_t id, const struct rc_event *ev,
	const unsigned char *z, size_t zlen)
{
	sqlite3_stmt *st = tx->ins_raw;
	sqlite3_bind_int64(st, 1, id);
	if (z) {
		sqlite3_bind_blob(st, 2, z, (int)zlen, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, tx->dict_id);
	} else {
		if (ev->raw)
			sqlite3_bind_blob(st, 2, ev->raw, (int)ev->raw_len, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_int64(st, 3, 0);
	}
	return db_run(&tx->c->db, st);
}

enum rc_status rc_events_raw_dict(struct rc_event_tx *tx, const void *dict, size_t len)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&tx->c->db, "INSERT INTO raw_dict(dict) VALUES (?1)", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_blob(q, 1, dict, (int)len, SQLITE_STATIC);
	st = db_run(&tx->c->db, q);
	sqlite3_finalize(q);
	if (st == RC_OK)
		tx->dict_id = sqlite3_last_insert_rowid(tx->c->db.h);
	return st;
}

/* The statements that name the event table's indexes (made again when
 * bulk mode drops or rebuilds them). */
static enum rc_status tx_prepare(struct rc_event_tx *tx)
{
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->find);
	tx->ins = tx->find = NULL;
	enum rc_status st = db_prepare(&tx->c->db, "INSERT OR IGNORE INTO event(" INSERT_COLS ") VALUES " INSERT_VALS, &tx->ins);
	if (st == RC_OK)
		st = db_prepare(&tx->c->db, "SELECT e.id, e.ts, r.raw, e.flags, r.dict, e.actor FROM event e LEFT JOIN event_raw r "
		                       "ON r.id = e.id WHERE e.source = ?1 AND e.ext_id = ?2", &tx->find);
	return st;
}

enum rc_status rc_events_begin(struct rc_case *c, const struct rc_flag_ctx *ctx, struct rc_event_tx **out)
{
	rc_error_clear();
	*out = NULL;
	struct rc_event_tx *tx = rc_xcalloc(1, sizeof *tx);
	tx->c = c;
	tx->ctx = ctx;
	rc_time_iso(rc_now(), tx->imported, sizeof tx->imported);
	enum rc_status st = db_begin(&c->db);
	if (st == RC_OK)
		st = db_prepare(&c->db, "INSERT OR REPLACE INTO event_raw(id, raw, dict) VALUES (?1, ?2, ?3)", &tx->ins_raw);
	if (st == RC_OK)
		st = tx_prepare(tx);
	if (st != RC_OK) {
		rc_events_rollback(&tx);
		return st;
	}
	*out = tx;
	return RC_OK;
}

enum rc_status rc_events_bulk(struct rc_event_tx *tx)
{
	if (tx->bulk)
		return RC_OK;
	struct rc_case *c = tx->c;
	/* The rows put so far have their flag rows; later ones get them in
	 * one sorted insert at commit. */
	enum rc_status st = RC_OK;
	tx->bulk_from = db_one_int(&c->db, "SELECT coalesce(max(id), 0) + 1 FROM event", 1, &st);
	if (st != RC_OK)
		return st;
	/* Statements prepared against the indexes must go before they do. */
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->find);
	tx->ins = tx->find = NULL;
	for (int i = 0; st == RC_OK && schema_event_index_names[i]; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DROP INDEX IF EXISTS %s", schema_event_index_names[i]);
		st = db_exec(&c->db, sql);
	}
	if (st == RC_OK)
		st = tx_prepare(tx);
	if (st == RC_OK) {
		tx->bulk = true;
		tx->bulk_used = true;
		tx->all_actors = true;
		rc_strset_free(&tx->actors);
	}
	return st;
}

/* Leave bulk mode: rebuild the indexes (CREATE INDEX sorts once: far
 * cheaper than a million random inserts into encrypted index pages),
 * then the flag rows of the bulk rows.  The sort spills to temporary
 * files, encrypted (tmpvfs.c), so memory stays bounded. */
static enum rc_status bulk_end(struct rc_event_tx *tx)
{
	struct rc_case *c = tx->c;
	enum rc_status st = RC_OK;
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->find);
	tx->ins = tx->find = NULL;
	/* The sorter may hold as much as the page cache, once more for each
	 * helper thread.  A quarter of the cache and two helpers: the sort
	 * is cut into more pieces that the helpers sort while this thread
	 * reads the rows (a tenth faster than half the cache and one helper
	 * on two cores), and the whole import stays under 64 MB. */
	db_exec(&c->db, "PRAGMA cache_size = -4096");
	db_exec(&c->db, "PRAGMA threads = 2");
	for (int i = 0; st == RC_OK && schema_event_indexes[i]; i++) {
		double t0 = rc_mono_ms();
		st = fin_report(tx);
		if (st == RC_OK)
			st = db_exec(&c->db, schema_event_indexes[i]);
		tx->fin_step++;
		rc_log(RC_LOG_DEBUG, "import: index %s built in %.0f ms", schema_event_index_names[i], rc_mono_ms() - t0);
	}
	rc_log(RC_LOG_DEBUG, "import: indexes built; peak %ld KiB, %llu temporary files so far", rc_peak_rss_kb(),
	       (unsigned long long)tmpvfs_opened());
	db_exec(&c->db, "PRAGMA cache_size = " RC_CACHE_PRAGMA);
	db_exec(&c->db, "PRAGMA threads = " RC_THREADS_PRAGMA);
	double t0 = rc_mono_ms();
	if (st == RC_OK)
		st = fin_report(tx);
	if (st == RC_OK)
		st = flag_rows_bulk(&c->db, tx->bulk_from);
	tx->fin_step++;
	rc_log(RC_LOG_DEBUG, "import: flag rows in %.0f ms", rc_mono_ms() - t0);
	if (st == RC_OK)
		st = tx_prepare(tx);
	if (st == RC_OK)
		tx->bulk = false;
	return st;
}

uint64_t rc_events_bulk_rows(const struct rc_event_tx *tx)
{
	return tx->bulk ? tx->bulk_count : 0;
}

enum rc_status rc_events_bulk_end(struct rc_event_tx *tx)
{
	if (!tx->bulk)
		return RC_OK;
	fin_begin(tx);
	enum rc_status st = bulk_end(tx);
	fin_end(tx);
	return st;
}

bool rc_events_is_bulk(const struct rc_event_tx *tx)
{
	return tx->bulk;
}

const struct rc_import_counts *rc_events_counts(const struct rc_event_tx *tx)
{
	return &tx->counts;
}

/* An event seen before: update it when its original bytes changed. */
static enum rc_status event_update_existing(struct rc_event_tx *tx, struct rc_event *ev,
	const unsigned char *z, size_t zlen)
{
	struct rc_case *c = tx->c;
	sqlite3_stmt *f = tx->find;
	db_bind_text(f, 1, ev->source ? ev->source : "");
	db_bind_text(f, 2, ev->ext_id ? ev->ext_id : "");
	enum rc_status st = RC_OK;
	if (!db_row(&c->db, f, &st)) {
		sqlite3_reset(f);
		return st == RC_OK ? RC_ERR : st;
	}
	int64_t id = sqlite3_column_int64(f, 0), old_ts = sqlite3_column_int64(f, 1);
	char *old = NULL;
	size_t old_len = 0;
	st = rawz_load(c, sqlite3_column_int64(f, 4), sqlite3_column_blob(f, 2),
		(size_t)sqlite3_column_bytes(f, 2), &old, &old_len);
	bool same = st == RC_OK && old_len == ev->raw_len
		&& (ev->raw_len == 0 || memcmp(old, ev->raw, ev->raw_len) == 0);
	free(old);
	/* The bursts of the actor it had are found again too: the update
	 * may take the access away from that actor, or move it in time. */
	if (st == RC_OK && !same && !tx->bulk && sqlite3_column_text(f, 5))
		tx_actor(tx, (const char *)sqlite3_column_text(f, 5), old_ts);
	sqlite3_reset(f);
	if (st != RC_OK)
		return st;
	ev->id = id;
	if (same) {
		tx->counts.unchanged++;
		return RC_OK;
	}
	if (!tx->upd_all) {
		st = db_prepare(&c->db, "UPDATE event SET (" INSERT_COLS ") = " INSERT_VALS " WHERE id = ?31",
			&tx->upd_all);
		if (st != RC_OK)
			return st;
	}
	bind_event(tx->upd_all, ev, tx->imported);
	sqlite3_bind_int64(tx->upd_all, INSERT_NCOLS + 1, id);
	st = db_run(&c->db, tx->upd_all);
	if (st != RC_OK)
		return st;
	st = raw_write(tx, id, ev, z, zlen);
	if (st == RC_OK)
		st = flag_rows_delete(&c->db, &tx->fs, id, old_ts);
	if (st == RC_OK)
		st = flag_rows_write(&c->db, &tx->fs, id, event_sort_ts(ev), ev->flags);
	tx->counts.updated++;
	return st;
}

enum rc_status rc_events_put(struct rc_event_tx *tx, struct rc_event *ev)
{
	ev->flags = tx->ctx ? rc_flags_event(tx->ctx, ev, &ev->uncertain) : 0;
	return rc_events_put_flagged(tx, ev);
}

enum rc_status rc_events_put_flagged(struct rc_event_tx *tx, struct rc_event *ev)
{
	return rc_events_put_packed(tx, ev, NULL, 0);
}

enum rc_status rc_events_put_packed(struct rc_event_tx *tx, struct rc_event *ev, const unsigned char *z,
	size_t zlen)
{
	struct rc_case *c = tx->c;
	tx->counts.seen++;
	bind_event(tx->ins, ev, tx->imported);
	enum rc_status st = db_run(&c->db, tx->ins);
	if (st != RC_OK)
		return st;
	uint64_t unchanged = tx->counts.unchanged;
	if (sqlite3_changes(c->db.h) == 0) {
		st = event_update_existing(tx, ev, z, zlen);
	} else {
		ev->id = sqlite3_last_insert_rowid(c->db.h);
		tx->counts.added++;
		if (tx->bulk)
			tx->bulk_count++;
		st = raw_write(tx, ev->id, ev, z, zlen);
		/* in bulk mode the flag index is filled in order at commit */
		if (st == RC_OK && ev->flags && !tx->bulk)
			st = flag_rows_write(&c->db, &tx->fs, ev->id, event_sort_ts(ev), ev->flags);
	}
	/* The bursts of the actors of what was added or changed are found
	 * again at commit (in bulk mode the burst pass walks every actor
	 * anyway); an access seen before and unchanged changes nothing. */
	if (st == RC_OK && !tx->bulk && tx->counts.unchanged == unchanged)
		tx_actor(tx, event_actor(ev), event_sort_ts(ev));
	return st;
}

static void tx_free(struct rc_event_tx *tx)
{
	sqlite3_finalize(tx->ins_raw);
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->find);
	sqlite3_finalize(tx->upd_all);
	flag_stmts_free(&tx->fs);
	rc_strset_free(&tx->actors);
	free(tx);
}

enum rc_status rc_events_commit(struct rc_event_tx **txp, const char *what)
{
	struct rc_event_tx *tx = *txp;
	struct rc_case *c = tx->c;
	enum rc_status st = RC_OK;
	double t0 = rc_mono_ms();
	{
		int hit = 0, miss = 0, wr = 0, hw;
		sqlite3_db_status(c->db.h, SQLITE_DBSTATUS_CACHE_HIT, &hit, &hw, 0);
		sqlite3_db_status(c->db.h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hw, 0);
		sqlite3_db_status(c->db.h, SQLITE_DBSTATUS_CACHE_WRITE, &wr, &hw, 0);
		rc_log(RC_LOG_DEBUG, "import: %llu events put; cache hit %d miss %d write %d; peak %ld KiB",
		       (unsigned long long)tx->counts.seen, hit, miss, wr, rc_peak_rss_kb());
	}
	/* The steps: each index and the flag rows (bulk), the bursts. */
	tx->fin_step = 0;
	tx->fin_steps = 0;
	for (int i = 0; tx->bulk && schema_event_indexes[i]; i++)
		tx->fin_steps++;
	tx->fin_steps += (tx->bulk ? 1 : 0) + (tx->ctx ? 1 : 0);
	fin_begin(tx);
	if (tx->bulk)
		st = bulk_end(tx);
	rc_log(RC_LOG_DEBUG, "import: indexes rebuilt in %.0f ms", rc_mono_ms() - t0);
	t0 = rc_mono_ms();
	if (st == RC_OK && tx->ctx) {
		st = fin_report(tx);
		if (st == RC_OK)
			st = tx->bulk_used || !tx->ts_any
				? bursts_recompute(&c->db, tx->ctx, tx->all_actors ? NULL : &tx->actors)
				: bursts_recompute_in(&c->db, tx->ctx, tx->all_actors ? NULL : &tx->actors, tx->ts_lo, tx->ts_hi);
		tx->fin_step++;
	}
	rc_log(RC_LOG_DEBUG, "import: bursts in %.0f ms", rc_mono_ms() - t0);
	/* the last moment to stop: what follows is the commit */
	if (st == RC_OK)
		st = fin_report(tx);
	fin_end(tx);
	t0 = rc_mono_ms();
	if (st == RC_OK) {
		char obj[512];
		snprintf(obj, sizeof obj, "%s; seen %llu, added %llu, updated %llu, unchanged %llu",
			what ? what : "", (unsigned long long)tx->counts.seen,
			(unsigned long long)tx->counts.added, (unsigned long long)tx->counts.updated,
			(unsigned long long)tx->counts.unchanged);
		st = journal_append_tx(c, "log-import", obj);
	}
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->ins_raw);
	sqlite3_finalize(tx->find);
	sqlite3_finalize(tx->upd_all);
	tx->ins = tx->ins_raw = tx->find = tx->upd_all = NULL;
	flag_stmts_free(&tx->fs);
	if (st == RC_OK)
		st = db_commit(&c->db);
	else
		db_rollback(&c->db);
	rc_log(RC_LOG_DEBUG, "import: commit in %.0f ms", rc_mono_ms() - t0);
	tx_free(tx);
	*txp = NULL;
	return st;
}

void rc_events_rollback(struct rc_event_tx **txp)
{
	if (!txp || !*txp)
		return;
	db_rollback(&(*txp)->c->db);
	tx_free(*txp);
	*txp = NULL;
}

