/* bursts.c - the BURST flag: many accesses by one agent in a short
 * window.  The detector is core's (rc_burst_*); here each actor's events
 * are read in time order and the flags that changed are written. */
#include "config.h"

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

/* Run the detector over one actor's events and write what changed. */
static enum rc_status group_apply(struct rc_db *db, const struct rc_flag_ctx *ctx, struct group *g,
	const char *actor, struct flag_stmts *fs)
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
		st = flags_set(db, fs, g->id[i], g->ts[i], old, now, -1, 0);
	}
	free(marked.v);
	g->n = 0;
	return st;
}

/* Recompute BURST for the actors given (all of them when actors is NULL
 * or holds more than BURST_ACTORS_MAX).  Few actors: one indexed query
 * each.  Many: one pass over the (actor, ts) index, one actor's group in
 * memory at a time.  Updating flags while scanning is safe: flags is in
 * no index these statements walk. */
enum rc_status bursts_recompute(struct rc_db *db, const struct rc_flag_ctx *ctx,
	const struct rc_strset *actors)
{
	sqlite3_stmt *q = NULL;
	struct flag_stmts fs = { 0 };
	struct group g = { 0 };
	enum rc_status st;
	if (actors && actors->n <= BURST_ACTORS_MAX) {
		const char **sorted = rc_strset_sorted(actors);
		st = db_prepare(db, "SELECT id, ts, flags FROM event WHERE actor = ?1 ORDER BY ts, id", &q);
		for (size_t i = 0; st == RC_OK && i < actors->n; i++) {
			sqlite3_bind_text(q, 1, sorted[i], -1, SQLITE_STATIC);
			while (db_row(db, q, &st))
				group_add(&g, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
				          (uint32_t)sqlite3_column_int64(q, 2));
			sqlite3_reset(q);
			if (st == RC_OK)
				st = group_apply(db, ctx, &g, sorted[i], &fs);
		}
		free(sorted);
	} else {
		st = db_prepare(db, "SELECT id, ts, flags, actor FROM event ORDER BY actor, ts, id", &q);
		char *cur = NULL;
		while (st == RC_OK && db_row(db, q, &st)) {
			const char *a = (const char *)sqlite3_column_text(q, 3);
			if (!cur || strcmp(cur, a ? a : "") != 0) {
				if (cur)
					st = group_apply(db, ctx, &g, cur, &fs);
				free(cur);
				cur = rc_xstrdup(a ? a : "");
			}
			group_add(&g, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
			          (uint32_t)sqlite3_column_int64(q, 2));
		}
		if (st == RC_OK && cur)
			st = group_apply(db, ctx, &g, cur, &fs);
		free(cur);
	}
	sqlite3_finalize(q);
	flag_stmts_free(&fs);
	group_free(&g);
	return st;
}
