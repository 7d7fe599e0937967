/* events.c - access events in the case file: import transactions (upsert
 * by source + id), flags and their index, keyset pages, summaries. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

#define EVENT_COLS "e.id, e.source, e.ext_id, e.occurred, e.ts, e.recorded, e.authority, e.country, " \
	"e.authority_type, e.role, e.agent, e.system, e.categories, e.action, e.outcome, e.purpose, " \
	"e.legal_basis, e.dest, e.dest_country, e.origin, e.note, e.imported, e.flags"

static int64_t event_sort_ts(const struct rc_event *ev)
{
	if (ev->occurred_ts != RC_TS_UNKNOWN)
		return ev->occurred_ts;
	if (ev->recorded_ts != RC_TS_UNKNOWN)
		return ev->recorded_ts;
	return 0;
}

static const char *event_actor(const struct rc_event *ev)
{
	if (ev->agent && *ev->agent)
		return ev->agent;
	return ev->authority ? ev->authority : "";
}

static void event_from_row(sqlite3_stmt *st, struct rc_event *ev)
{
	rc_event_init(ev);
	ev->id = sqlite3_column_int64(st, 0);
	ev->source = db_col_text(st, 1);
	ev->ext_id = db_col_text(st, 2);
	ev->occurred = db_col_text(st, 3);
	ev->occurred_ts = ev->occurred ? sqlite3_column_int64(st, 4) : RC_TS_UNKNOWN;
	ev->recorded = db_col_text(st, 5);
	ev->authority = db_col_text(st, 6);
	ev->authority_country = db_col_text(st, 7);
	ev->authority_type = db_col_text(st, 8);
	ev->role = db_col_text(st, 9);
	ev->agent = db_col_text(st, 10);
	ev->system = db_col_text(st, 11);
	ev->categories = (unsigned)sqlite3_column_int(st, 12);
	int a = sqlite3_column_int(st, 13), o = sqlite3_column_int(st, 14);
	ev->action = a >= 0 && a < RC_ACT_COUNT ? (enum rc_action)a : RC_ACT_UNKNOWN;
	ev->outcome = o >= 0 && o < RC_OUT_COUNT ? (enum rc_outcome)o : RC_OUT_UNKNOWN;
	ev->purpose = db_col_text(st, 15);
	ev->legal_basis = db_col_text(st, 16);
	ev->dest = db_col_text(st, 17);
	ev->dest_country = db_col_text(st, 18);
	ev->origin = db_col_text(st, 19);
	ev->note = db_col_text(st, 20);
	ev->imported = db_col_text(st, 21);
	ev->flags = (uint32_t)sqlite3_column_int64(st, 22);
	if (ev->recorded) {
		char norm[32];
		int64_t ts;
		if (rc_date_parse(ev->recorded, &ts, norm, sizeof norm))
			ev->recorded_ts = ts;
	}
}

/* Peak resident memory so far (KiB), for the debug log. */
static long peak_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* ---- flags index ---- */

struct flag_stmts {
	sqlite3_stmt *ins, *del;
};

/* Run a (flag, ts, event_id) statement for each of n flag bits. */
static enum rc_status flag_rows_run(struct rc_case *c, sqlite3_stmt *st, const uint32_t *bits, int n,
	int64_t ts, int64_t id)
{
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, bits[i]);
		sqlite3_bind_int64(st, 2, ts);
		sqlite3_bind_int64(st, 3, id);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_status(c->db, rc);
	}
	return RC_OK;
}

static enum rc_status flag_rows_write(struct rc_case *c, struct flag_stmts *fs, int64_t id,
	int64_t ts, uint32_t flags)
{
	if (!fs->ins) {
		enum rc_status st = db_prepare(c, "INSERT OR IGNORE INTO event_flag(flag, ts, event_id) VALUES (?1, ?2, ?3)", &fs->ins);
		if (st != RC_OK)
			return st;
	}
	uint32_t bits[RC_FLAG_COUNT + 1];
	int n = 0;
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		if (flags & rc_flag_bit(i))
			bits[n++] = rc_flag_bit(i);
	if (n)
		bits[n++] = RC_FLAGGED_ANY;
	return flag_rows_run(c, fs->ins, bits, n, ts, id);
}

static enum rc_status flag_rows_delete(struct rc_case *c, struct flag_stmts *fs, int64_t id, int64_t ts)
{
	if (!fs->del) {
		enum rc_status st = db_prepare(c, "DELETE FROM event_flag WHERE flag = ?1 AND ts = ?2 AND event_id = ?3", &fs->del);
		if (st != RC_OK)
			return st;
	}
	uint32_t bits[RC_FLAG_COUNT + 1];
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		bits[i] = rc_flag_bit(i);
	bits[RC_FLAG_COUNT] = RC_FLAGGED_ANY;
	return flag_rows_run(c, fs->del, bits, RC_FLAG_COUNT + 1, ts, id);
}

static void flag_stmts_free(struct flag_stmts *fs)
{
	sqlite3_finalize(fs->ins);
	sqlite3_finalize(fs->del);
	fs->ins = fs->del = NULL;
}

static enum rc_status set_flags(struct rc_case *c, struct flag_stmts *fs, sqlite3_stmt **upd,
	int64_t id, int64_t ts, uint32_t old, uint32_t now)
{
	if (old == now)
		return RC_OK;
	if (!*upd) {
		enum rc_status st = db_prepare(c, "UPDATE event SET flags = ?1 WHERE id = ?2", upd);
		if (st != RC_OK)
			return st;
	}
	sqlite3_bind_int64(*upd, 1, now);
	sqlite3_bind_int64(*upd, 2, id);
	int rc = sqlite3_step(*upd);
	sqlite3_reset(*upd);
	if (rc != SQLITE_DONE)
		return db_status(c->db, rc);
	enum rc_status st = flag_rows_delete(c, fs, id, ts);
	return st == RC_OK ? flag_rows_write(c, fs, id, ts, now) : st;
}

/* ---- bursts ---- */

struct idset {
	int64_t *v;
	size_t n, cap;
};

static void idset_mark(void *ud, int64_t id)
{
	struct idset *s = ud;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = rc_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static bool idset_has(const struct idset *s, int64_t id)
{
	return s->n && bsearch(&id, s->v, s->n, sizeof *s->v, cmp_i64);
}

/* One actor's events, oldest first, while bursts are recomputed. */
struct group {
	int64_t *id, *ts;
	uint32_t *flags;
	size_t n, cap;
};

static void group_add(struct group *g, int64_t id, int64_t ts, uint32_t flags)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->id = rc_xrealloc(g->id, g->cap * sizeof *g->id);
		g->ts = rc_xrealloc(g->ts, g->cap * sizeof *g->ts);
		g->flags = rc_xrealloc(g->flags, g->cap * sizeof *g->flags);
	}
	g->id[g->n] = id;
	g->ts[g->n] = ts;
	g->flags[g->n] = flags;
	g->n++;
}

static void group_free(struct group *g)
{
	free(g->id);
	free(g->ts);
	free(g->flags);
	memset(g, 0, sizeof *g);
}

/* Run the detector over one actor's events and write what changed. */
static enum rc_status group_apply(struct rc_case *c, const struct rc_flag_ctx *ctx, struct group *g,
	const char *actor, struct flag_stmts *fs, sqlite3_stmt **upd)
{
	struct idset marked = { 0 };
	struct rc_burst *b = rc_burst_new(ctx, idset_mark, &marked);
	for (size_t i = 0; i < g->n; i++)
		rc_burst_feed(b, actor, g->ts[i], g->id[i]);
	rc_burst_free(&b);
	if (marked.n)
		qsort(marked.v, marked.n, sizeof *marked.v, cmp_i64);
	enum rc_status st = RC_OK;
	for (size_t i = 0; st == RC_OK && i < g->n; i++) {
		uint32_t old = g->flags[i];
		uint32_t now = idset_has(&marked, g->id[i]) ? old | RC_FLAG_BURST : old & ~(uint32_t)RC_FLAG_BURST;
		st = set_flags(c, fs, upd, g->id[i], g->ts[i], old, now);
	}
	free(marked.v);
	g->n = 0;
	return st;
}

/* The actors an import touched: an open-addressing hash set. */
struct strset {
	char **v;
	size_t n, cap; /* cap is a power of two */
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void strset_add(struct strset *s, const char *k)
{
	if (2 * (s->n + 1) > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		char **nv = rc_xcalloc(ncap, sizeof *nv);
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->v[i])
				continue;
			size_t j = str_hash(s->v[i]) & (ncap - 1);
			while (nv[j])
				j = (j + 1) & (ncap - 1);
			nv[j] = s->v[i];
		}
		free(s->v);
		s->v = nv;
		s->cap = ncap;
	}
	size_t j = str_hash(k) & (s->cap - 1);
	while (s->v[j]) {
		if (strcmp(s->v[j], k) == 0)
			return;
		j = (j + 1) & (s->cap - 1);
	}
	s->v[j] = rc_xstrdup(k);
	s->n++;
}

static void strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The members, sorted (malloc'ed array of borrowed pointers). */
static char **strset_sorted(const struct strset *s)
{
	char **out = rc_xcalloc(s->n ? s->n : 1, sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < s->cap; i++)
		if (s->v[i])
			out[k++] = s->v[i];
	qsort(out, k, sizeof *out, cmp_str);
	return out;
}

/* Up to this many actors the burst pass looks at each one; beyond, it
 * walks every actor in one pass (and the set of them is no longer kept,
 * so memory stays bounded whatever the import). */
#define BURST_ACTORS_MAX 2000

/* Recompute BURST for the actors touched (all of them when actors is
 * NULL).  Few actors: one indexed query each.  Many: one pass over the
 * (actor, ts) index, one actor's group in memory at a time. */
static enum rc_status bursts_recompute(struct rc_case *c, const struct rc_flag_ctx *ctx, struct strset *actors)
{
	sqlite3_stmt *q = NULL, *upd = NULL;
	struct flag_stmts fs = { 0 };
	struct group g = { 0 };
	enum rc_status st;
	int rc = SQLITE_DONE;
	if (actors && actors->n <= BURST_ACTORS_MAX) {
		char **sorted = strset_sorted(actors);
		st = db_prepare(c, "SELECT id, ts, flags FROM event WHERE actor = ?1 ORDER BY ts, id", &q);
		for (size_t i = 0; st == RC_OK && i < actors->n; i++) {
			sqlite3_bind_text(q, 1, sorted[i], -1, SQLITE_STATIC);
			while ((rc = sqlite3_step(q)) == SQLITE_ROW)
				group_add(&g, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
				          (uint32_t)sqlite3_column_int64(q, 2));
			sqlite3_reset(q);
			if (rc != SQLITE_DONE)
				st = db_status(c->db, rc);
			else
				st = group_apply(c, ctx, &g, sorted[i], &fs, &upd);
		}
		free(sorted);
	} else {
		/* Updating flags while scanning is safe: flags is in no index
		 * this statement walks. */
		st = db_prepare(c, "SELECT id, ts, flags, actor FROM event ORDER BY actor, ts, id", &q);
		char *cur = NULL;
		while (st == RC_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(q, 3);
			if (!cur || strcmp(cur, a ? a : "") != 0) {
				if (cur)
					st = group_apply(c, ctx, &g, cur, &fs, &upd);
				free(cur);
				cur = rc_xstrdup(a ? a : "");
			}
			group_add(&g, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
			          (uint32_t)sqlite3_column_int64(q, 2));
		}
		if (st == RC_OK && rc != SQLITE_DONE)
			st = db_status(c->db, rc);
		if (st == RC_OK && cur)
			st = group_apply(c, ctx, &g, cur, &fs, &upd);
		free(cur);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(upd);
	flag_stmts_free(&fs);
	group_free(&g);
	return st;
}

/* ---- import transactions ---- */

struct rc_event_tx {
	struct rc_case *c;
	const struct rc_flag_ctx *ctx;
	sqlite3_stmt *ins, *ins_raw, *find, *upd_all;
	bool bulk;           /* secondary indexes dropped, rebuilt at commit */
	bool all_actors;     /* bursts: walk every actor (after bulk mode) */
	int64_t bulk_from;   /* first row id written in bulk mode (no flag rows yet) */
	uint64_t bulk_count; /* rows added in bulk mode */
	struct flag_stmts fs;
	struct rc_import_counts counts;
	struct strset actors;
	char imported[24];
	int64_t dict_id; /* raw_dict row of this import, 0 if none */
	/* progress and cancelling while the transaction finishes */
	rc_progress_fn fin_fn;
	void *fin_ud;
	uint64_t fin_step, fin_steps;
};

/* An actor whose bursts must be found again at commit. */
static void tx_actor(struct rc_event_tx *tx, const char *actor)
{
	if (tx->all_actors)
		return;
	strset_add(&tx->actors, actor);
	if (tx->actors.n > BURST_ACTORS_MAX) {
		tx->all_actors = true;
		strset_free(&tx->actors);
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
		sqlite3_progress_handler(tx->c->db, 20000, fin_handler, tx);
}

static void fin_end(struct rc_event_tx *tx)
{
	if (tx->fin_fn)
		sqlite3_progress_handler(tx->c->db, 0, NULL, NULL);
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

static void bind_event(sqlite3_stmt *st, const struct rc_event *ev, const char *imported)
{
	db_bind_text(st, 1, ev->source ? ev->source : "");
	db_bind_text(st, 2, ev->ext_id ? ev->ext_id : "");
	db_bind_text(st, 3, ev->occurred);
	sqlite3_bind_int64(st, 4, event_sort_ts(ev));
	db_bind_text(st, 5, ev->recorded);
	db_bind_text(st, 6, ev->authority);
	db_bind_text(st, 7, ev->authority_country);
	db_bind_text(st, 8, ev->authority_type);
	db_bind_text(st, 9, ev->role);
	db_bind_text(st, 10, ev->agent);
	db_bind_text(st, 11, event_actor(ev));
	db_bind_text(st, 12, ev->system);
	sqlite3_bind_int(st, 13, (int)ev->categories);
	sqlite3_bind_int(st, 14, (int)ev->action);
	sqlite3_bind_int(st, 15, (int)ev->outcome);
	db_bind_text(st, 16, ev->purpose);
	db_bind_text(st, 17, ev->legal_basis);
	db_bind_text(st, 18, ev->dest);
	db_bind_text(st, 19, ev->dest_country);
	db_bind_text(st, 20, ev->origin);
	db_bind_text(st, 21, ev->note);
	db_bind_text(st, 22, imported);
	sqlite3_bind_int64(st, 23, ev->flags);
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
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? RC_OK : db_status(tx->c->db, rc);
}

enum rc_status rc_events_raw_dict(struct rc_event_tx *tx, const void *dict, size_t len)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(tx->c, "INSERT INTO raw_dict(dict) VALUES (?1)", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_blob(q, 1, dict, (int)len, SQLITE_STATIC);
	st = db_status(tx->c->db, sqlite3_step(q));
	sqlite3_finalize(q);
	if (st == RC_OK)
		tx->dict_id = sqlite3_last_insert_rowid(tx->c->db);
	return st;
}

#define INSERT_COLS "source, ext_id, occurred, ts, recorded, authority, country, authority_type, role, " \
	"agent, actor, system, categories, action, outcome, purpose, legal_basis, dest, dest_country, " \
	"origin, note, imported, flags"

/* The statements that name the event table's indexes (made again when
 * bulk mode drops or rebuilds them). */
static enum rc_status tx_prepare(struct rc_event_tx *tx)
{
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->find);
	tx->ins = tx->find = NULL;
	enum rc_status st = db_prepare(tx->c, "INSERT OR IGNORE INTO event(" INSERT_COLS ") VALUES "
		"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23)", &tx->ins);
	if (st == RC_OK)
		st = db_prepare(tx->c, "SELECT e.id, e.ts, r.raw, e.flags, r.dict, e.actor FROM event e LEFT JOIN event_raw r "
		                       "ON r.id = e.id WHERE e.source = ?1 AND e.ext_id = ?2", &tx->find);
	return st;
}

enum rc_status rc_events_begin(struct rc_case *c, const struct rc_flag_ctx *ctx, struct rc_event_tx **out)
{
	*out = NULL;
	struct rc_event_tx *tx = rc_xcalloc(1, sizeof *tx);
	tx->c = c;
	tx->ctx = ctx;
	rc_time_iso(rc_now(), tx->imported, sizeof tx->imported);
	enum rc_status st = db_begin(c);
	if (st == RC_OK)
		st = db_prepare(c, "INSERT OR REPLACE INTO event_raw(id, raw, dict) VALUES (?1, ?2, ?3)", &tx->ins_raw);
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
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(c, "SELECT coalesce(max(id), 0) + 1 FROM event", &q);
	if (st != RC_OK)
		return st;
	if (sqlite3_step(q) == SQLITE_ROW)
		tx->bulk_from = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	/* Statements prepared against the indexes must go before they do. */
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->find);
	tx->ins = tx->find = NULL;
	for (int i = 0; st == RC_OK && schema_event_index_names[i]; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DROP INDEX IF EXISTS %s", schema_event_index_names[i]);
		st = db_exec(c, sql);
	}
	if (st == RC_OK)
		st = tx_prepare(tx);
	if (st == RC_OK) {
		tx->bulk = true;
		tx->all_actors = true;
		strset_free(&tx->actors);
	}
	return st;
}

static enum rc_status bulk_flag_rows(struct rc_case *c, int64_t from);

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
	db_exec(c, "PRAGMA cache_size = -4096");
	db_exec(c, "PRAGMA threads = 2");
	for (int i = 0; st == RC_OK && schema_event_indexes[i]; i++) {
		double t0 = rc_mono_ms();
		st = fin_report(tx);
		if (st == RC_OK)
			st = db_exec(c, schema_event_indexes[i]);
		tx->fin_step++;
		rc_log(RC_LOG_DEBUG, "import: index %s built in %.0f ms", schema_event_index_names[i], rc_mono_ms() - t0);
	}
	rc_log(RC_LOG_DEBUG, "import: indexes built; peak %ld KiB, %llu temporary files so far", peak_kb(),
	       (unsigned long long)tmpvfs_opened());
	db_exec(c, "PRAGMA cache_size = " RC_CACHE_PRAGMA);
	db_exec(c, "PRAGMA threads = 1");
	double t0 = rc_mono_ms();
	if (st == RC_OK)
		st = fin_report(tx);
	if (st == RC_OK)
		st = bulk_flag_rows(c, tx->bulk_from);
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

/* The flag rows of everything written in bulk mode, in one walk of the
 * (ts, id, flags) index: each flag's rows come in key order, so the
 * WITHOUT ROWID table is appended to at one place per flag and nothing
 * is sorted in memory. */
static enum rc_status bulk_flag_rows(struct rc_case *c, int64_t from)
{
	char bits[32 * (RC_FLAG_COUNT + 1) + 64];
	int n = snprintf(bits, sizeof bits, "VALUES (%u)", RC_FLAGGED_ANY);
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		n += snprintf(bits + n, sizeof bits - (size_t)n, ", (%u)", rc_flag_bit(i));
	char sql[sizeof bits + 512];
	snprintf(sql, sizeof sql, "WITH bit(b) AS (%s) "
		"INSERT OR IGNORE INTO event_flag(flag, ts, event_id) "
		"SELECT bit.b, e.ts, e.id FROM event e INDEXED BY event_ts CROSS JOIN bit "
		"WHERE e.id >= ?1 AND e.flags != 0 AND (bit.b = %u OR (e.flags & bit.b) != 0) "
		"ORDER BY e.ts, e.id", bits, RC_FLAGGED_ANY);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(c, sql, &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, from);
	st = db_status(c->db, sqlite3_step(q));
	sqlite3_finalize(q);
	return st;
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
	int rc = sqlite3_step(f);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(f);
		return rc == SQLITE_DONE ? RC_ERR : db_status(c->db, rc);
	}
	int64_t id = sqlite3_column_int64(f, 0), old_ts = sqlite3_column_int64(f, 1);
	char *old = NULL;
	size_t old_len = 0;
	enum rc_status st = rawz_load(c, sqlite3_column_int64(f, 4), sqlite3_column_blob(f, 2),
		(size_t)sqlite3_column_bytes(f, 2), &old, &old_len);
	bool same = st == RC_OK && old_len == ev->raw_len
		&& (ev->raw_len == 0 || memcmp(old, ev->raw, ev->raw_len) == 0);
	free(old);
	/* The bursts of the actor it had are found again too: the update
	 * may take the access away from that actor, or move it in time. */
	if (st == RC_OK && !same && !tx->bulk && sqlite3_column_text(f, 5))
		tx_actor(tx, (const char *)sqlite3_column_text(f, 5));
	sqlite3_reset(f);
	if (st != RC_OK)
		return st;
	ev->id = id;
	if (same) {
		tx->counts.unchanged++;
		return RC_OK;
	}
	if (!tx->upd_all) {
		st = db_prepare(c, "UPDATE event SET (" INSERT_COLS ") = "
			"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23) "
			"WHERE id = ?24", &tx->upd_all);
		if (st != RC_OK)
			return st;
	}
	bind_event(tx->upd_all, ev, tx->imported);
	sqlite3_bind_int64(tx->upd_all, 24, id);
	rc = sqlite3_step(tx->upd_all);
	sqlite3_reset(tx->upd_all);
	if (rc != SQLITE_DONE)
		return db_status(c->db, rc);
	st = raw_write(tx, id, ev, z, zlen);
	if (st == RC_OK)
		st = flag_rows_delete(c, &tx->fs, id, old_ts);
	if (st == RC_OK)
		st = flag_rows_write(c, &tx->fs, id, event_sort_ts(ev), ev->flags);
	tx->counts.updated++;
	return st;
}

enum rc_status rc_events_put(struct rc_event_tx *tx, struct rc_event *ev)
{
	ev->flags = tx->ctx ? rc_flags_event(tx->ctx, ev) : 0;
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
	int rc = sqlite3_step(tx->ins);
	sqlite3_reset(tx->ins);
	if (rc != SQLITE_DONE)
		return db_status(c->db, rc);
	enum rc_status st;
	uint64_t unchanged = tx->counts.unchanged;
	if (sqlite3_changes(c->db) == 0) {
		st = event_update_existing(tx, ev, z, zlen);
	} else {
		ev->id = sqlite3_last_insert_rowid(c->db);
		tx->counts.added++;
		if (tx->bulk)
			tx->bulk_count++;
		st = raw_write(tx, ev->id, ev, z, zlen);
		/* in bulk mode the flag index is filled in order at commit */
		if (st == RC_OK && ev->flags && !tx->bulk)
			st = flag_rows_write(c, &tx->fs, ev->id, event_sort_ts(ev), ev->flags);
	}
	/* The bursts of the actors of what was added or changed are found
	 * again at commit (in bulk mode the burst pass walks every actor
	 * anyway); an access seen before and unchanged changes nothing. */
	if (st == RC_OK && !tx->bulk && tx->counts.unchanged == unchanged)
		tx_actor(tx, event_actor(ev));
	return st;
}

static void tx_free(struct rc_event_tx *tx)
{
	sqlite3_finalize(tx->ins_raw);
	sqlite3_finalize(tx->ins);
	sqlite3_finalize(tx->find);
	sqlite3_finalize(tx->upd_all);
	flag_stmts_free(&tx->fs);
	strset_free(&tx->actors);
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
		sqlite3_db_status(c->db, SQLITE_DBSTATUS_CACHE_HIT, &hit, &hw, 0);
		sqlite3_db_status(c->db, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hw, 0);
		sqlite3_db_status(c->db, SQLITE_DBSTATUS_CACHE_WRITE, &wr, &hw, 0);
		rc_log(RC_LOG_DEBUG, "import: %llu events put; cache hit %d miss %d write %d; peak %ld KiB",
		       (unsigned long long)tx->counts.seen, hit, miss, wr, peak_kb());
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
			st = bursts_recompute(c, tx->ctx, tx->all_actors ? NULL : &tx->actors);
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
		st = db_commit(c);
	else
		db_rollback(c);
	rc_log(RC_LOG_DEBUG, "import: commit in %.0f ms", rc_mono_ms() - t0);
	tx_free(tx);
	*txp = NULL;
	return st;
}

void rc_events_rollback(struct rc_event_tx **txp)
{
	if (!txp || !*txp)
		return;
	db_rollback((*txp)->c);
	tx_free(*txp);
	*txp = NULL;
}

/* ---- reflag ---- */

enum rc_status rc_events_reflag(struct rc_case *c, const struct rc_flag_ctx *ctx,
	rc_progress_fn progress, void *ud)
{
	uint64_t total = 0, done = 0;
	rc_events_count(c, NULL, &total);
	enum rc_status st = db_begin(c);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q = NULL, *upd = NULL;
	struct flag_stmts fs = { 0 };
	st = db_prepare(c, "SELECT " EVENT_COLS " FROM event e ORDER BY e.id", &q);
	struct rc_flag_memo *memo = rc_flag_memo_new();
	int rc = SQLITE_DONE;
	while (st == RC_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct rc_event ev;
		event_from_row(q, &ev);
		uint32_t now = rc_flags_event_memo(ctx, memo, &ev) | (ev.flags & RC_FLAG_BURST);
		st = set_flags(c, &fs, &upd, ev.id, event_sort_ts(&ev), ev.flags, now);
		rc_event_clear(&ev);
		if (progress && ++done % 4096 == 0 && !progress(ud, done, total))
			st = RC_CANCELLED;
	}
	if (st == RC_OK && rc != SQLITE_DONE)
		st = db_status(c->db, rc);
	rc_flag_memo_free(&memo);
	sqlite3_finalize(q);
	sqlite3_finalize(upd);
	flag_stmts_free(&fs);
	if (st == RC_OK)
		st = bursts_recompute(c, ctx, NULL);
	if (st == RC_OK)
		st = journal_append_tx(c, "log-reflag", "");
	if (st == RC_OK)
		return db_commit(c);
	db_rollback(c);
	return st;
}

/* ---- pages ---- */

void rc_event_filter_init(struct rc_event_filter *f)
{
	memset(f, 0, sizeof *f);
	f->since_ts = RC_TS_UNKNOWN;
	f->until_ts = RC_TS_UNKNOWN;
	f->sort = RC_SORT_NEWEST;
}

/* The authorities a filter text stands for: an exact (case-insensitive)
 * match when there is one, else every authority containing the text.
 * Walks the distinct values of the authority index, one seek each. */
static enum rc_status authorities_matching(struct rc_case *c, const char *text, struct strset *out)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(c, "SELECT authority FROM event WHERE authority = ?1 COLLATE NOCASE LIMIT 1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		strset_add(out, (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		return RC_OK;
	}
	sqlite3_finalize(q);
	st = db_prepare(c, "SELECT authority FROM event WHERE authority > ?1 COLLATE NOCASE "
	                   "ORDER BY authority COLLATE NOCASE LIMIT 1", &q);
	if (st != RC_OK)
		return st;
	char *last = rc_xstrdup("");
	size_t tl = strlen(text);
	for (int guard = 0; guard < 100000; guard++) {
		sqlite3_bind_text(q, 1, last, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(q);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(q);
			break;
		}
		const char *a = (const char *)sqlite3_column_text(q, 0);
		if (a && tl && strcasestr(a, text))
			strset_add(out, a);
		free(last);
		last = rc_xstrdup(a ? a : "");
		sqlite3_reset(q);
	}
	free(last);
	sqlite3_finalize(q);
	return RC_OK;
}

/* Build the query for one driving index.  Only fixed fragments go into
 * the SQL text; every value is bound. */
static enum rc_status page_query(struct rc_case *c, const struct rc_event_filter *f, bool by_authority,
	bool descending, bool have_cursor, sqlite3_stmt **out)
{
	char sql[2048];
	const char *cmp = descending ? "<" : ">";
	const char *dir = descending ? "DESC" : "ASC";
	char tscol[16], idcol[24];
	int n;
	if (f->flag) {
		snprintf(tscol, sizeof tscol, "f.ts");
		snprintf(idcol, sizeof idcol, "f.event_id");
		n = snprintf(sql, sizeof sql, "SELECT " EVENT_COLS " FROM event_flag f JOIN event e ON e.id = f.event_id "
		             "WHERE f.flag = :flag");
	} else {
		snprintf(tscol, sizeof tscol, "e.ts");
		snprintf(idcol, sizeof idcol, "e.id");
		n = snprintf(sql, sizeof sql, "SELECT " EVENT_COLS " FROM event e WHERE 1");
	}
	if (by_authority)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND e.authority = :auth COLLATE NOCASE");
	if (f->country)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND e.country = :country");
	if (f->since_ts != RC_TS_UNKNOWN)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND %s >= :since", tscol);
	if (f->until_ts != RC_TS_UNKNOWN)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND %s < :until", tscol);
	if (have_cursor)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND %s %s= :cts AND (%s %s :cts OR %s %s :cid)",
		              tscol, cmp, tscol, cmp, idcol, cmp);
	snprintf(sql + n, sizeof sql - (size_t)n, " ORDER BY %s %s, %s %s LIMIT :lim", tscol, dir, idcol, dir);
	return db_prepare(c, sql, out);
}

static void bind_named_i64(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_int64(st, i, v);
}

static void bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* The filter's values into the named parameters its SQL uses. */
static void bind_filter(sqlite3_stmt *q, const struct rc_event_filter *f, const char *authority)
{
	if (f->flag)
		bind_named_i64(q, ":flag", f->flag);
	if (authority)
		bind_named_text(q, ":auth", authority);
	if (f->country)
		bind_named_text(q, ":country", f->country);
	if (f->since_ts != RC_TS_UNKNOWN)
		bind_named_i64(q, ":since", f->since_ts);
	if (f->until_ts != RC_TS_UNKNOWN)
		bind_named_i64(q, ":until", f->until_ts);
}

static int64_t ev_ts(const struct rc_event *e)
{
	return event_sort_ts(e);
}

static bool ev_before(const struct rc_event *a, const struct rc_event *b, bool descending)
{
	int64_t ta = ev_ts(a), tb = ev_ts(b);
	if (ta != tb)
		return descending ? ta > tb : ta < tb;
	return descending ? a->id > b->id : a->id < b->id;
}

/* One page in the given direction, merged over the matching authorities. */
static enum rc_status page_dir(struct rc_case *c, const struct rc_event_filter *f,
	const struct rc_event_cursor *cur, bool descending, size_t limit, struct rc_event *out, size_t *n)
{
	*n = 0;
	struct strset auths = { 0 };
	enum rc_status st = RC_OK;
	if (f->authority && *f->authority) {
		st = authorities_matching(c, f->authority, &auths);
		if (st != RC_OK || auths.n == 0) {
			strset_free(&auths);
			return st;
		}
	}
	size_t runs = auths.n ? auths.n : 1;
	char **alist = strset_sorted(&auths);
	sqlite3_stmt *q = NULL;
	st = page_query(c, f, auths.n > 0, descending, cur && cur->valid, &q);
	struct rc_event *tmp = rc_xcalloc(limit ? limit : 1, sizeof *tmp);
	for (size_t r = 0; st == RC_OK && r < runs; r++) {
		bind_filter(q, f, auths.n ? alist[r] : NULL);
		if (cur && cur->valid) {
			bind_named_i64(q, ":cts", cur->ts);
			bind_named_i64(q, ":cid", cur->id);
		}
		bind_named_i64(q, ":lim", (int64_t)limit);
		size_t m = 0;
		int rc;
		while (m < limit && (rc = sqlite3_step(q)) == SQLITE_ROW)
			event_from_row(q, &tmp[m++]);
		sqlite3_reset(q);
		/* merge tmp[0..m) into out[0..*n), keeping the first limit */
		struct rc_event *merged = rc_xcalloc(limit ? limit : 1, sizeof *merged);
		size_t i = 0, j = 0, k = 0;
		while (k < limit && (i < *n || j < m)) {
			if (j >= m || (i < *n && ev_before(&out[i], &tmp[j], descending)))
				merged[k++] = out[i++];
			else
				merged[k++] = tmp[j++];
		}
		for (; i < *n; i++)
			rc_event_clear(&out[i]);
		for (; j < m; j++)
			rc_event_clear(&tmp[j]);
		memcpy(out, merged, k * sizeof *out);
		*n = k;
		free(merged);
	}
	free(tmp);
	free(alist);
	sqlite3_finalize(q);
	strset_free(&auths);
	return st;
}

enum rc_status rc_events_page(struct rc_case *c, const struct rc_event_filter *f,
	struct rc_event_cursor *cursor, size_t limit, struct rc_event *out, size_t *n)
{
	bool desc = f->sort == RC_SORT_NEWEST;
	enum rc_status st = page_dir(c, f, cursor, desc, limit, out, n);
	if (st == RC_OK && *n) {
		cursor->ts = ev_ts(&out[*n - 1]);
		cursor->id = out[*n - 1].id;
		cursor->valid = true;
	}
	return st;
}

enum rc_status rc_events_page_before(struct rc_case *c, const struct rc_event_filter *f,
	const struct rc_event_cursor *first, size_t limit, struct rc_event *out, size_t *n)
{
	bool desc = f->sort == RC_SORT_NEWEST;
	enum rc_status st = page_dir(c, f, first, !desc, limit, out, n);
	for (size_t i = 0; st == RC_OK && i < *n / 2; i++) {
		struct rc_event t = out[i];
		out[i] = out[*n - 1 - i];
		out[*n - 1 - i] = t;
	}
	return st;
}

enum rc_status rc_events_count(struct rc_case *c, const struct rc_event_filter *f, uint64_t *n)
{
	*n = 0;
	struct rc_event_filter all;
	if (!f) {
		rc_event_filter_init(&all);
		f = &all;
	}
	struct strset auths = { 0 };
	enum rc_status st = RC_OK;
	if (f->authority && *f->authority) {
		st = authorities_matching(c, f->authority, &auths);
		if (st != RC_OK || auths.n == 0) {
			strset_free(&auths);
			return st;
		}
	}
	char sql[512];
	int k = snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE 1",
	                 f->flag ? "event_flag f JOIN event e ON e.id = f.event_id" : "event e");
	if (f->flag)
		k += snprintf(sql + k, sizeof sql - (size_t)k, " AND f.flag = :flag");
	if (auths.n)
		k += snprintf(sql + k, sizeof sql - (size_t)k, " AND e.authority = :auth COLLATE NOCASE");
	if (f->country)
		k += snprintf(sql + k, sizeof sql - (size_t)k, " AND e.country = :country");
	if (f->since_ts != RC_TS_UNKNOWN)
		k += snprintf(sql + k, sizeof sql - (size_t)k, " AND e.ts >= :since");
	if (f->until_ts != RC_TS_UNKNOWN)
		snprintf(sql + k, sizeof sql - (size_t)k, " AND e.ts < :until");
	sqlite3_stmt *q;
	st = db_prepare(c, sql, &q);
	size_t runs = auths.n ? auths.n : 1;
	char **alist = strset_sorted(&auths);
	for (size_t r = 0; st == RC_OK && r < runs; r++) {
		bind_filter(q, f, auths.n ? alist[r] : NULL);
		int rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			*n += (uint64_t)sqlite3_column_int64(q, 0);
		else
			st = db_status(c->db, rc);
		sqlite3_reset(q);
	}
	if (st == RC_OK)
		sqlite3_finalize(q);
	free(alist);
	strset_free(&auths);
	return st;
}

enum rc_status rc_events_get(struct rc_case *c, int64_t id, struct rc_event *out)
{
	sqlite3_stmt *q;
	rc_event_init(out);
	enum rc_status st = db_prepare(c, "SELECT " EVENT_COLS ", r.raw, r.dict FROM event e "
	                                  "LEFT JOIN event_raw r ON r.id = e.id WHERE e.id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		event_from_row(q, out);
		st = rawz_load(c, sqlite3_column_int64(q, 24), sqlite3_column_blob(q, 23),
			(size_t)sqlite3_column_bytes(q, 23), &out->raw, &out->raw_len);
		if (st != RC_OK)
			rc_event_clear(out);
	} else {
		st = rc == SQLITE_DONE ? RC_NOTFOUND : db_status(c->db, rc);
	}
	sqlite3_finalize(q);
	return st;
}

/* ---- summaries ---- */

void rc_count_rows_free(struct rc_count_row **rows, size_t n)
{
	if (!rows || !*rows)
		return;
	for (size_t i = 0; i < n; i++)
		free((*rows)[i].key);
	free(*rows);
	*rows = NULL;
}

enum rc_status rc_events_summary(struct rc_case *c, enum rc_summary_by by,
	struct rc_count_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	if (by == RC_BY_FLAG) {
		*rows = rc_xcalloc(RC_FLAG_COUNT, sizeof **rows);
		sqlite3_stmt *q;
		enum rc_status st = db_prepare(c, "SELECT count(*) FROM event_flag WHERE flag = ?1", &q);
		for (int i = 0; st == RC_OK && i < RC_FLAG_COUNT; i++) {
			sqlite3_bind_int64(q, 1, rc_flag_bit(i));
			if (sqlite3_step(q) == SQLITE_ROW) {
				uint64_t cnt = (uint64_t)sqlite3_column_int64(q, 0);
				(*rows)[*n].key = rc_xstrdup(rc_flag_id(rc_flag_bit(i)));
				(*rows)[*n].count = cnt;
				(*rows)[*n].flagged = cnt;
				(*n)++;
			}
			sqlite3_reset(q);
		}
		if (st == RC_OK)
			sqlite3_finalize(q);
		return st;
	}
	static const char *const col[] = {
		[RC_BY_AUTHORITY] = "authority", [RC_BY_COUNTRY] = "country",
		[RC_BY_PURPOSE] = "purpose", [RC_BY_SYSTEM] = "system",
	};
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s, count(*), sum(flags != 0) FROM event GROUP BY 1 "
	         "ORDER BY 2 DESC, 1", col[by]);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(c, sql, &q);
	if (st != RC_OK)
		return st;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = rc_xrealloc(*rows, cap * sizeof **rows);
		}
		(*rows)[*n].key = db_col_text(q, 0);
		(*rows)[*n].count = (uint64_t)sqlite3_column_int64(q, 1);
		(*rows)[*n].flagged = (uint64_t)sqlite3_column_int64(q, 2);
		(*n)++;
	}
	st = db_status(c->db, rc);
	sqlite3_finalize(q);
	return st;
}

enum rc_status rc_events_new_since_mark(struct rc_case *c, const char *mark_name, bool mark,
	uint64_t *n_new, uint64_t *n_flagged)
{
	*n_new = *n_flagged = 0;
	sqlite3_stmt *q;
	int64_t since = 0;
	enum rc_status st = db_prepare(c, "SELECT event_id FROM mark WHERE name = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, mark_name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		since = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	st = db_prepare(c, "SELECT count(*), coalesce(sum(flags != 0), 0), coalesce(max(id), ?1) FROM event WHERE id > ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, since);
	int64_t maxid = since;
	if (sqlite3_step(q) == SQLITE_ROW) {
		*n_new = (uint64_t)sqlite3_column_int64(q, 0);
		*n_flagged = (uint64_t)sqlite3_column_int64(q, 1);
		maxid = sqlite3_column_int64(q, 2);
	}
	sqlite3_finalize(q);
	if (!mark)
		return RC_OK;
	st = db_prepare(c, "INSERT OR REPLACE INTO mark(name, event_id, at) VALUES (?1, ?2, ?3)", &q);
	if (st != RC_OK)
		return st;
	char now[24];
	rc_time_iso(rc_now(), now, sizeof now);
	sqlite3_bind_text(q, 1, mark_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, maxid);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
	st = db_status(c->db, sqlite3_step(q));
	sqlite3_finalize(q);
	return st;
}

/* ---- requests (the marks the flags need) ---- */

enum rc_status rc_case_request_add(struct rc_case *c, const char *kind,
	const char *regime, const char *filed, const char *confirmed, const char *addressee)
{
	enum rc_status st = db_begin(c);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(c, "INSERT INTO request(kind, regime, filed, confirmed, addressee, created) "
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
		st = db_status(c->db, sqlite3_step(q));
		sqlite3_finalize(q);
	}
	if (st == RC_OK)
		st = journal_append_tx(c, "request-add", kind);
	if (st == RC_OK)
		return db_commit(c);
	db_rollback(c);
	return st;
}

enum rc_status rc_case_requests(struct rc_case *c, struct rc_request_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(c, "SELECT id, kind, regime, filed, confirmed, addressee, created "
	                                  "FROM request ORDER BY filed, id", &q);
	if (st != RC_OK)
		return st;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
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
	st = db_status(c->db, rc);
	sqlite3_finalize(q);
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

/* ---- the flag context ---- */

static char *data_dir(void)
{
	const char *e = getenv("RECOURSE_DATA_DIR");
	return rc_xstrdup(e && *e ? e : PKGDATADIR);
}

static enum rc_status load_regime(struct rc_regimes **r, const char *dir, const char *id)
{
	char name[96];
	snprintf(name, sizeof name, "%s.json", id);
	char *p = rc_path_join(dir, name);
	char *text;
	size_t len;
	enum rc_status st = rc_file_read_all(p, 1 << 20, &text, &len);
	if (st == RC_OK) {
		st = rc_regimes_add_json(r, text, len);
		free(text);
	} else if (st == RC_NOTFOUND) {
		rc_log(RC_LOG_WARN, "no regime file %s", p);
		st = RC_OK; /* an unknown regime id adds no rules */
	}
	free(p);
	return st;
}

enum rc_status rc_case_flag_ctx(struct rc_case *c, const char *regime_dir, struct rc_flag_ctx *ctx)
{
	rc_flag_ctx_init(ctx);
	struct rc_case_meta m;
	enum rc_status st = rc_case_meta_get(c, &m);
	if (st != RC_OK)
		return st;
	/* countries */
	if (m.countries) {
		size_t cap = 0;
		for (char *save = NULL, *t = strtok_r(m.countries, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
			if (strlen(t) != 2)
				continue;
			if (ctx->n_feared == cap) {
				cap = cap ? cap * 2 : 4;
				ctx->feared = rc_xrealloc(ctx->feared, cap * sizeof *ctx->feared);
			}
			ctx->feared[ctx->n_feared][0] = (char)(t[0] & ~0x20);
			ctx->feared[ctx->n_feared][1] = (char)(t[1] & ~0x20);
			ctx->feared[ctx->n_feared][2] = 0;
			ctx->n_feared++;
		}
	}
	if (m.record_created) {
		char norm[32];
		int64_t ts;
		if (rc_date_parse(m.record_created, &ts, norm, sizeof norm))
			ctx->record_created_ts = ts;
	}
	if (m.burst_count && atoi(m.burst_count) >= 2)
		ctx->burst_count = (unsigned)atoi(m.burst_count);
	if (m.burst_window && atoi(m.burst_window) >= 1)
		ctx->burst_window_s = (unsigned)atoi(m.burst_window);
	/* requests */
	sqlite3_stmt *q;
	st = db_prepare(c, "SELECT kind, filed, confirmed FROM request", &q);
	size_t cap = 0;
	while (st == RC_OK && sqlite3_step(q) == SQLITE_ROW) {
		if (ctx->n_requests == cap) {
			cap = cap ? cap * 2 : 4;
			ctx->requests = rc_xrealloc(ctx->requests, cap * sizeof *ctx->requests);
		}
		struct rc_request_mark *r = &ctx->requests[ctx->n_requests++];
		memset(r, 0, sizeof *r);
		snprintf(r->kind, sizeof r->kind, "%s", sqlite3_column_text(q, 0));
		r->filed_ts = r->confirmed_ts = RC_TS_UNKNOWN;
		char norm[32];
		int64_t ts;
		if (sqlite3_column_text(q, 1) && rc_date_parse((const char *)sqlite3_column_text(q, 1), &ts, norm, sizeof norm))
			r->filed_ts = ts;
		if (sqlite3_column_text(q, 2) && rc_date_parse((const char *)sqlite3_column_text(q, 2), &ts, norm, sizeof norm))
			r->confirmed_ts = ts;
	}
	if (st == RC_OK)
		sqlite3_finalize(q);
	/* regimes: common.json, then each regime of the case */
	if (st == RC_OK) {
		char *dir = regime_dir ? rc_xstrdup(regime_dir) : NULL;
		if (!dir) {
			char *d = data_dir();
			dir = rc_path_join(d, "regimes");
			free(d);
		}
		if (c->regimes)
			rc_regimes_free(&c->regimes);
		st = load_regime(&c->regimes, dir, "common");
		if (st == RC_OK && m.regimes) {
			for (char *save = NULL, *t = strtok_r(m.regimes, ", ", &save); st == RC_OK && t;
			     t = strtok_r(NULL, ", ", &save))
				if (rc_case_label_valid(t))
					st = load_regime(&c->regimes, dir, t);
		}
		free(dir);
		ctx->regimes = c->regimes;
	}
	rc_case_meta_clear(&m);
	return st;
}
