/* bursts.c - the BURST flag: many accesses by one agent in a short
 * window.  The detector is core's (rc_burst_*); here each actor's events
 * are read in time order and the flags that changed are written. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

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

/* Run the detector over one actor's events and write what changed, for
 * the events from write_lo to write_hi (the group holds more around them:
 * what their marks depend on). */
static enum rc_status group_apply(struct rc_db *db, const struct rc_flag_ctx *ctx, struct group *g,
	const char *actor, struct flag_stmts *fs, int64_t write_lo, int64_t write_hi)
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
		if (g->ts[i] < write_lo || g->ts[i] > write_hi)
			continue;
		uint32_t old = g->flags[i];
		uint32_t now = idset_has(&marked, g->id[i]) ? old | RC_FLAG_BURST : old & ~(uint32_t)RC_FLAG_BURST;
		st = flags_set(db, fs, g->id[i], g->ts[i], old, now, -1, 0);
	}
	free(marked.v);
	g->n = 0;
	return st;
}

static int64_t sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

enum rc_status bursts_recompute(struct rc_db *db, const struct rc_flag_ctx *ctx,
	const struct rc_strset *actors)
{
	return bursts_recompute_in(db, ctx, actors, INT64_MIN, INT64_MAX);
}

/* Recompute BURST for the actors given (all of them when actors is NULL
 * or holds more than BURST_ACTORS_MAX), for what changed between lo and
 * hi (event times).  Whether an access is in a burst depends only on the
 * same actor's accesses less than a window W before or after it
 * (rc_burst_feed: N in a row within W), so a change between lo and hi
 * can change marks from lo - W to hi + W only, and those depend on the
 * accesses from lo - 2W to hi + 2W: only those are read, only the first
 * are written.  (INT64_MIN, INT64_MAX): everything.  Few actors: one
 * indexed query each.  Many: one pass over the (actor, ts) index (or the
 * time range), one actor's group in memory at a time.  Updating flags
 * while scanning is safe: flags is in no index these statements walk. */
enum rc_status bursts_recompute_in(struct rc_db *db, const struct rc_flag_ctx *ctx,
	const struct rc_strset *actors, int64_t lo, int64_t hi)
{
	sqlite3_stmt *q = NULL;
	struct flag_stmts fs = { 0 };
	struct group g = { 0 };
	enum rc_status st;
	int64_t w = ctx ? (int64_t)ctx->burst_window_s : 600;
	bool all_time = lo == INT64_MIN && hi == INT64_MAX;
	int64_t write_lo = all_time ? INT64_MIN : sat_add(lo, -w), write_hi = all_time ? INT64_MAX : sat_add(hi, w);
	int64_t read_lo = all_time ? INT64_MIN : sat_add(write_lo, -w), read_hi = all_time ? INT64_MAX : sat_add(write_hi, w);
	if (actors && actors->n <= BURST_ACTORS_MAX) {
		const char **sorted = rc_strset_sorted(actors);
		st = db_prepare(db, "SELECT id, ts, flags FROM event WHERE actor = ?1 AND ts BETWEEN ?2 AND ?3 "
		                    "ORDER BY ts, id", &q);
		for (size_t i = 0; st == RC_OK && i < actors->n; i++) {
			sqlite3_bind_text(q, 1, sorted[i], -1, SQLITE_STATIC);
			sqlite3_bind_int64(q, 2, read_lo);
			sqlite3_bind_int64(q, 3, read_hi);
			while (db_row(db, q, &st))
				group_add(&g, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
				          (uint32_t)sqlite3_column_int64(q, 2));
			sqlite3_reset(q);
			if (st == RC_OK)
				st = group_apply(db, ctx, &g, sorted[i], &fs, write_lo, write_hi);
		}
		free(sorted);
	} else if (!all_time) {
		st = db_prepare(db, "SELECT id, ts, flags, actor FROM event WHERE ts BETWEEN ?1 AND ?2 "
		                    "ORDER BY actor, ts, id", &q);
		if (st == RC_OK) {
			sqlite3_bind_int64(q, 1, read_lo);
			sqlite3_bind_int64(q, 2, read_hi);
		}
	} else {
		st = db_prepare(db, "SELECT id, ts, flags, actor FROM event ORDER BY actor, ts, id", &q);
	}
	if (st == RC_OK && !(actors && actors->n <= BURST_ACTORS_MAX)) {
		char *cur = NULL;
		while (st == RC_OK && db_row(db, q, &st)) {
			const char *a = (const char *)sqlite3_column_text(q, 3);
			if (!cur || strcmp(cur, a ? a : "") != 0) {
				if (cur)
					st = group_apply(db, ctx, &g, cur, &fs, write_lo, write_hi);
				free(cur);
				cur = rc_xstrdup(a ? a : "");
			}
			group_add(&g, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
			          (uint32_t)sqlite3_column_int64(q, 2));
		}
		if (st == RC_OK && cur)
			st = group_apply(db, ctx, &g, cur, &fs, write_lo, write_hi);
		free(cur);
	}
	sqlite3_finalize(q);
	flag_stmts_free(&fs);
	group_free(&g);
	return st;
}
