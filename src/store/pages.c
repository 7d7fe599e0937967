/* pages.c - reading the access log: a filter, keyset pages in either
 * direction (one per matching authority, merged), counts, one event with
 * its original bytes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* ---- pages ---- */

void rc_event_filter_init(struct rc_event_filter *f)
{
	memset(f, 0, sizeof *f);
	f->since_ts = RC_TS_UNKNOWN;
	f->until_ts = RC_TS_UNKNOWN;
	f->sort = RC_SORT_NEWEST;
}

/* The distinct values a search or a name filter looks through, read
 * once per change of the case (below). */
enum { SCOL_AUTH, SCOL_ORG, SCOL_ROLE, SCOL_PURPOSE, SCOL_SYSTEM, SCOL_N };
struct search_cache;
static enum rc_status search_cache_get(struct rc_case *c, struct search_cache **out);
static void cache_matching(const struct search_cache *sc, int col, const char *text, struct rc_strset *out);

/* The authorities a filter text stands for: an exact (case-insensitive)
 * match when there is one (one seek in the authority index), else every
 * authority containing the text; and the organisations (the body a
 * person acted for, FHIR: the organisation apart from who acted) that
 * contain it, so "Bundesamt" finds the accesses of its officers too,
 * through runs of their own (rc_events_page).  The containing values
 * come from the distinct values kept for the text search: one pass over
 * the log when the case has changed, then none (a page of a name filter
 * on a million accesses took seconds when each page walked the indexes). */
static enum rc_status authorities_matching(struct rc_case *c, const char *text, struct rc_strset *out,
	struct rc_strset *orgs)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT authority FROM event WHERE authority = ?1 COLLATE NOCASE LIMIT 1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	bool exact = false;
	if (db_row(&c->db, q, &st)) {
		rc_strset_add(out, (const char *)sqlite3_column_text(q, 0));
		exact = true;
	}
	sqlite3_finalize(q);
	if (st != RC_OK || !*text || (exact && !orgs))
		return st;
	struct search_cache *sc;
	st = search_cache_get(c, &sc);
	if (st != RC_OK)
		return st;
	if (!exact)
		cache_matching(sc, SCOL_AUTH, text, out);
	if (orgs)
		cache_matching(sc, SCOL_ORG, text, orgs);
	return RC_OK;
}

/* ---- text search ---- */

/* The columns a search looks in, and their distinct values (raw and
 * folded), read in one pass over the log and kept until the case
 * changes (sqlite3_total_changes moves) or closes. */

struct search_vals {
	struct rc_strset seen;
	char **raw, **folded;
	size_t n, cap;
};

struct search_cache {
	sqlite3 *h;
	int changes;
	struct search_vals col[SCOL_N];
};

void search_cache_free(struct search_cache **sc)
{
	if (!sc || !*sc)
		return;
	for (int k = 0; k < SCOL_N; k++) {
		struct search_vals *v = &(*sc)->col[k];
		for (size_t i = 0; i < v->n; i++) {
			free(v->raw[i]);
			free(v->folded[i]);
		}
		free(v->raw);
		free(v->folded);
		rc_strset_free(&v->seen);
	}
	free(*sc);
	*sc = NULL;
}

static void vals_add(struct search_vals *v, const char *raw)
{
	if (!raw || !rc_strset_add(&v->seen, raw))
		return;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->raw = rc_xrealloc(v->raw, v->cap * sizeof *v->raw);
		v->folded = rc_xrealloc(v->folded, v->cap * sizeof *v->folded);
	}
	v->raw[v->n] = rc_xstrdup(raw);
	v->folded[v->n] = rc_text_fold(raw);
	v->n++;
}

static enum rc_status search_cache_get(struct rc_case *c, struct search_cache **out)
{
	int changes = sqlite3_total_changes(c->db.h);
	struct search_cache *sc = c->search;
	if (sc && sc->h == c->db.h && sc->changes == changes) {
		*out = sc;
		return RC_OK;
	}
	search_cache_free(&c->search);
	sc = rc_xcalloc(1, sizeof *sc);
	sc->h = c->db.h;
	sc->changes = changes;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT authority, organization, role, purpose, system "
	                                  "FROM event", &q);
	if (st == RC_OK) {
		while (db_row(&c->db, q, &st))
			for (int k = 0; k < SCOL_N; k++)
				vals_add(&sc->col[k], (const char *)sqlite3_column_text(q, k));
		sqlite3_finalize(q);
	}
	if (st != RC_OK) {
		search_cache_free(&sc);
		return st;
	}
	c->search = sc;
	*out = sc;
	return RC_OK;
}

static void cache_matching(const struct search_cache *sc, int col, const char *text, struct rc_strset *out)
{
	const struct search_vals *v = &sc->col[col];
	for (size_t i = 0; i < v->n; i++)
		if (strcasestr(v->raw[i], text))
			rc_strset_add(out, v->raw[i]);
}

/* What one search stands for: the values of each column that contain
 * the text, and the countries the caller named. */
struct search_ctx {
	bool on;
	struct rc_strset hit[SCOL_N];
	struct rc_strset countries;
	size_t nhit[SCOL_N];
};

static void search_ctx_free(struct search_ctx *x)
{
	for (int k = 0; k < SCOL_N; k++)
		rc_strset_free(&x->hit[k]);
	rc_strset_free(&x->countries);
	memset(x, 0, sizeof *x);
}

static bool search_ctx_empty(const struct search_ctx *x)
{
	for (int k = 0; k < SCOL_N; k++)
		if (x->hit[k].n)
			return false;
	return x->countries.n == 0;
}

/* rc_search_row(authority, organization, role, purpose, system, country):
 * 1 when one of them is a value the search found. */
static void search_row_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct search_ctx *x = sqlite3_user_data(cx);
	int hit = 0;
	for (int k = 0; k < SCOL_N && k < argc && !hit; k++) {
		const char *v = (const char *)sqlite3_value_text(argv[k]);
		if (v && x->hit[k].n && rc_strset_has(&x->hit[k], v))
			hit = 1;
	}
	if (!hit && argc > SCOL_N && x->countries.n) {
		const char *v = (const char *)sqlite3_value_text(argv[SCOL_N]);
		hit = v && rc_strset_has(&x->countries, v);
	}
	sqlite3_result_int(cx, hit);
}

#define SEARCH_ROW_SQL " AND rc_search_row(e.authority, e.organization, e.role, e.purpose, e.system, e.country)"

/* The search of a filter resolved against the distinct values; the row
 * function registered on the connection with x as its data (x must
 * outlive the statements that use it).  x->on false: no search. */
static enum rc_status search_ctx_make(struct rc_case *c, const struct rc_event_filter *f, struct search_ctx *x)
{
	memset(x, 0, sizeof *x);
	if (!f->text || !*f->text)
		return RC_OK;
	char *t = rc_text_fold(f->text);
	bool have_text = *t != 0;
	if (have_text) {
		struct search_cache *sc = NULL;
		enum rc_status st = search_cache_get(c, &sc);
		if (st != RC_OK) {
			free(t);
			return st;
		}
		for (int k = 0; k < SCOL_N; k++)
			for (size_t i = 0; i < sc->col[k].n; i++)
				if (strstr(sc->col[k].folded[i], t))
					rc_strset_add(&x->hit[k], sc->col[k].raw[i]);
	}
	free(t);
	if (f->text_countries) {
		char *list = rc_xstrdup(f->text_countries), *save = NULL;
		for (char *cc = strtok_r(list, ", ", &save); cc; cc = strtok_r(NULL, ", ", &save))
			rc_strset_add(&x->countries, cc);
		free(list);
	}
	if (!have_text && !x->countries.n)
		return RC_OK; /* nothing to look for (only signs): no search */
	x->on = true;
	return db_status(&c->db, sqlite3_create_function_v2(c->db.h, "rc_search_row", SCOL_N + 1, SQLITE_UTF8,
	                                                       x, search_row_fn, NULL, NULL, NULL));
}

/* Build the query for one driving index.  Only fixed fragments go into
 * the SQL text; every value is bound. */
enum run_kind { RUN_ALL, RUN_AUTHORITY, RUN_ORGANIZATION, RUN_COUNTRY, RUN_N };

static enum rc_status page_query(struct rc_case *c, const struct rc_event_filter *f, enum run_kind run,
	bool search, bool descending, bool have_cursor, sqlite3_stmt **out)
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
	if (run == RUN_AUTHORITY)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND e.authority = :auth COLLATE NOCASE");
	else if (run == RUN_ORGANIZATION)
		/* an event whose own authority matches is in that run already */
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND e.organization = :org COLLATE NOCASE"
		              " AND instr(lower(coalesce(e.authority, '')), lower(:text)) = 0");
	else if (run == RUN_COUNTRY)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND e.country = :rcountry");
	if (search)
		n += snprintf(sql + n, sizeof sql - (size_t)n, SEARCH_ROW_SQL);
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
	return db_prepare(&c->db, sql, out);
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
static void bind_filter(sqlite3_stmt *q, const struct rc_event_filter *f, const char *authority,
	const char *org)
{
	if (f->flag)
		bind_named_i64(q, ":flag", f->flag);
	if (authority)
		bind_named_text(q, ":auth", authority);
	if (org) {
		bind_named_text(q, ":org", org);
		bind_named_text(q, ":text", f->authority);
	}
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

struct rc_event_cursor rc_event_cursor_of(const struct rc_event *ev)
{
	struct rc_event_cursor c = { event_sort_ts(ev), ev->id, true };
	return c;
}

static bool ev_before(const struct rc_event *a, const struct rc_event *b, bool descending)
{
	int64_t ta = ev_ts(a), tb = ev_ts(b);
	if (ta != tb)
		return descending ? ta > tb : ta < tb;
	return descending ? a->id > b->id : a->id < b->id;
}

/* The runs a page is merged from: one per authority the filter's name
 * stands for; for a search that found only authorities and countries
 * (few of them), one per authority and country (their indexes); else
 * one over the whole log in order. */
struct runs {
	enum run_kind kind[64];
	const char *v[64];
	size_t n;
	/* for a name (--authority): its authorities, then its organisations
	 * (sorted, owned), n = their total */
	const char **alist, **olist;
	struct rc_strset auths, orgs;
};

/* The i-th run: its kind, and in *v the value it is bound to. */
static enum run_kind runs_at(const struct runs *r, size_t i, const char **v)
{
	if (r->alist) {
		if (i < r->auths.n) {
			*v = r->alist[i];
			return RUN_AUTHORITY;
		}
		*v = r->olist[i - r->auths.n];
		return RUN_ORGANIZATION;
	}
	*v = r->v[i];
	return r->kind[i];
}

#define SEARCH_MAX_RUNS 32

static enum rc_status runs_make(struct rc_case *c, const struct rc_event_filter *f, const struct search_ctx *x,
	struct runs *r, bool *none)
{
	memset(r, 0, sizeof *r);
	*none = false;
	if (f->authority && *f->authority) {
		enum rc_status st = authorities_matching(c, f->authority, &r->auths, &r->orgs);
		if (st != RC_OK)
			return st;
		if (r->auths.n + r->orgs.n == 0 || (x->on && search_ctx_empty(x))) {
			*none = true;
			return RC_OK;
		}
		r->alist = rc_strset_sorted(&r->auths);
		r->olist = rc_strset_sorted(&r->orgs);
		r->n = r->auths.n + r->orgs.n;
		return RC_OK;
	}
	if (x->on && search_ctx_empty(x)) {
		*none = true;
		return RC_OK;
	}
	if (x->on && !f->country && !x->hit[SCOL_ORG].n && !x->hit[SCOL_ROLE].n && !x->hit[SCOL_PURPOSE].n &&
	    !x->hit[SCOL_SYSTEM].n && x->hit[SCOL_AUTH].n + x->countries.n <= SEARCH_MAX_RUNS) {
		const struct rc_strset *a = &x->hit[SCOL_AUTH], *cc = &x->countries;
		for (size_t i = 0; i < a->cap; i++)
			if (a->v[i]) {
				r->kind[r->n] = RUN_AUTHORITY;
				r->v[r->n++] = a->v[i];
			}
		for (size_t i = 0; i < cc->cap; i++)
			if (cc->v[i]) {
				r->kind[r->n] = RUN_COUNTRY;
				r->v[r->n++] = cc->v[i];
			}
		return RC_OK;
	}
	r->kind[0] = RUN_ALL;
	r->n = 1;
	return RC_OK;
}

static void runs_free(struct runs *r)
{
	free((void *)r->alist);
	free((void *)r->olist);
	rc_strset_free(&r->auths);
	rc_strset_free(&r->orgs);
}

/* One page in the given direction, merged over the runs (an event found
 * by two runs, as a search's authority and its country, taken once). */
static enum rc_status page_dir(struct rc_case *c, const struct rc_event_filter *f,
	const struct rc_event_cursor *cur, bool descending, size_t limit, struct rc_event *out, size_t *n)
{
	*n = 0;
	struct search_ctx x;
	enum rc_status st = search_ctx_make(c, f, &x);
	struct runs r = { 0 };
	bool none = false;
	if (st == RC_OK)
		st = runs_make(c, f, &x, &r, &none);
	if (st != RC_OK || none) {
		runs_free(&r);
		search_ctx_free(&x);
		return st;
	}
	sqlite3_stmt *qs[RUN_N] = { NULL };
	struct rc_event *tmp = rc_xcalloc(limit ? limit : 1, sizeof *tmp);
	for (size_t i = 0; st == RC_OK && i < r.n; i++) {
		const char *v = NULL;
		enum run_kind kind = runs_at(&r, i, &v);
		if (!qs[kind])
			st = page_query(c, f, kind, x.on, descending, cur && cur->valid, &qs[kind]);
		if (st != RC_OK)
			break;
		sqlite3_stmt *q = qs[kind];
		bind_filter(q, f, kind == RUN_AUTHORITY ? v : NULL, kind == RUN_ORGANIZATION ? v : NULL);
		if (kind == RUN_COUNTRY)
			bind_named_text(q, ":rcountry", v);
		if (cur && cur->valid) {
			bind_named_i64(q, ":cts", cur->ts);
			bind_named_i64(q, ":cid", cur->id);
		}
		bind_named_i64(q, ":lim", (int64_t)limit);
		size_t m = 0;
		while (m < limit && db_row(&c->db, q, &st))
			event_from_row(q, &tmp[m++]);
		sqlite3_reset(q);
		/* merge tmp[0..m) into out[0..*n), keeping the first limit */
		struct rc_event *merged = rc_xcalloc(limit ? limit : 1, sizeof *merged);
		size_t a = 0, b = 0, k = 0;
		while (k < limit && (a < *n || b < m)) {
			if (a < *n && b < m && out[a].id == tmp[b].id)
				rc_event_clear(&tmp[b++]);
			else if (b >= m || (a < *n && ev_before(&out[a], &tmp[b], descending)))
				merged[k++] = out[a++];
			else
				merged[k++] = tmp[b++];
		}
		for (; a < *n; a++)
			rc_event_clear(&out[a]);
		for (; b < m; b++)
			rc_event_clear(&tmp[b]);
		memcpy(out, merged, k * sizeof *out);
		*n = k;
		free(merged);
	}
	free(tmp);
	for (int i = 0; i < RUN_N; i++)
		sqlite3_finalize(qs[i]);
	runs_free(&r);
	search_ctx_free(&x);
	return st;
}

enum rc_status rc_events_page(struct rc_case *c, const struct rc_event_filter *f,
	struct rc_event_cursor *cursor, size_t limit, struct rc_event *out, size_t *n)
{
	rc_error_clear();
	bool desc = f->sort == RC_SORT_NEWEST;
	enum rc_status st = page_dir(c, f, cursor, desc, limit, out, n);
	if (st == RC_OK && *n) {
		cursor->ts = ev_ts(&out[*n - 1]);
		cursor->id = out[*n - 1].id;
		cursor->valid = true;
	}
	return st;
}

enum rc_status rc_events_scan(struct rc_case *c, const struct rc_event_filter *f, int64_t *after, size_t limit,
	struct rc_event *out, size_t *n)
{
	rc_error_clear();
	*n = 0;
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT " EVENT_COLS " FROM event e WHERE e.id > :after%s%s%s ORDER BY e.id LIMIT :lim",
	         f->since_ts != RC_TS_UNKNOWN ? " AND e.ts >= :since" : "",
	         f->until_ts != RC_TS_UNKNOWN ? " AND e.ts < :until" : "", f->flag ? " AND e.flags <> 0" : "");
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, sql, &q);
	if (st != RC_OK)
		return st;
	bind_named_i64(q, ":after", *after);
	bind_named_i64(q, ":lim", (int64_t)limit);
	if (f->since_ts != RC_TS_UNKNOWN)
		bind_named_i64(q, ":since", f->since_ts);
	if (f->until_ts != RC_TS_UNKNOWN)
		bind_named_i64(q, ":until", f->until_ts);
	while (*n < limit && db_row(&c->db, q, &st))
		event_from_row(q, &out[(*n)++]);
	sqlite3_finalize(q);
	if (st != RC_OK) {
		for (size_t i = 0; i < *n; i++)
			rc_event_clear(&out[i]);
		*n = 0;
		return st;
	}
	if (*n)
		*after = out[*n - 1].id;
	return RC_OK;
}

enum rc_status rc_events_page_before(struct rc_case *c, const struct rc_event_filter *f,
	const struct rc_event_cursor *first, size_t limit, struct rc_event *out, size_t *n)
{
	rc_error_clear();
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
	rc_error_clear();
	*n = 0;
	struct rc_event_filter all;
	if (!f) {
		rc_event_filter_init(&all);
		f = &all;
	}
	struct rc_strset auths = { 0 }, orgs = { 0 };
	struct search_ctx x;
	bool named = f->authority && *f->authority;
	enum rc_status st = search_ctx_make(c, f, &x);
	if (st == RC_OK && named)
		st = authorities_matching(c, f->authority, &auths, &orgs);
	if (st != RC_OK || (named && auths.n + orgs.n == 0) || (x.on && search_ctx_empty(&x))) {
		rc_strset_free(&auths);
		rc_strset_free(&orgs);
		search_ctx_free(&x);
		return st;
	}
	char sql[768];
	/* a flag and a period alone: event_flag holds the time too (a
	 * join to event was most of a count of a million accesses) */
	bool flag_only = f->flag && !x.on && !named && !f->country;
	int k = snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE 1",
	                 flag_only ? "event_flag f" : f->flag ? "event_flag f JOIN event e ON e.id = f.event_id" : "event e");
	if (f->flag)
		k += snprintf(sql + k, sizeof sql - (size_t)k, " AND f.flag = :flag");
	if (x.on)
		k += snprintf(sql + k, sizeof sql - (size_t)k, SEARCH_ROW_SQL);
	/* then: by authority, or by the organisation an officer acted for
	 * (those whose own authority matches are counted with it) */
	char rest[256] = "";
	int k2 = 0;
	if (f->country)
		k2 += snprintf(rest + k2, sizeof rest - (size_t)k2, " AND e.country = :country");
	if (f->since_ts != RC_TS_UNKNOWN)
		k2 += snprintf(rest + k2, sizeof rest - (size_t)k2, " AND %s.ts >= :since", flag_only ? "f" : "e");
	if (f->until_ts != RC_TS_UNKNOWN)
		snprintf(rest + k2, sizeof rest - (size_t)k2, " AND %s.ts < :until", flag_only ? "f" : "e");
	(void)k;
	static const char *const by[] = {
		"", " AND e.authority = :auth COLLATE NOCASE",
		" AND e.organization = :org COLLATE NOCASE AND instr(lower(coalesce(e.authority, '')), lower(:text)) = 0",
	};
	const char **alist = rc_strset_sorted(&auths), **olist = rc_strset_sorted(&orgs);
	size_t runs = named ? auths.n + orgs.n : 1;
	sqlite3_stmt *q = NULL;
	int kind = -1;
	for (size_t r = 0; st == RC_OK && r < runs; r++) {
		int want = !named ? 0 : r < auths.n ? 1 : 2;
		if (want != kind) {
			sqlite3_finalize(q);
			q = NULL;
			char full[1280];
			snprintf(full, sizeof full, "%s%s%s", sql, by[want], rest);
			st = db_prepare(&c->db, full, &q);
			kind = want;
			if (st != RC_OK)
				break;
		}
		bind_filter(q, f, want == 1 ? alist[r] : NULL, want == 2 ? olist[r - auths.n] : NULL);
		if (db_row(&c->db, q, &st))
			*n += (uint64_t)sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	free((void *)olist);
	rc_strset_free(&orgs);
	sqlite3_finalize(q);
	if (st != RC_OK)
		*n = 0;
	free((void *)alist);
	rc_strset_free(&auths);
	search_ctx_free(&x);
	return st;
}

enum rc_status rc_events_raws(struct rc_case *c, const int64_t *ids, size_t n, char **raw, size_t *len)
{
	rc_error_clear();
	for (size_t i = 0; i < n; i++) {
		raw[i] = NULL;
		len[i] = 0;
	}
	if (!n)
		return RC_OK;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT id, raw, dict FROM event_raw WHERE id BETWEEN ?1 AND ?2 "
	                                       "ORDER BY id", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, ids[0]);
	sqlite3_bind_int64(q, 2, ids[n - 1]);
	size_t k = 0;
	while (st == RC_OK && k < n && db_row(&c->db, q, &st)) {
		int64_t id = sqlite3_column_int64(q, 0);
		while (k < n && ids[k] < id)
			k++;
		if (k < n && ids[k] == id)
			st = rawz_load(c, sqlite3_column_int64(q, 2), sqlite3_column_blob(q, 1),
			               (size_t)sqlite3_column_bytes(q, 1), &raw[k], &len[k]);
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		for (size_t i = 0; i < n; i++) {
			free(raw[i]);
			raw[i] = NULL;
		}
	return st;
}

enum rc_status rc_events_get(struct rc_case *c, int64_t id, struct rc_event *out)
{
	rc_error_clear();
	sqlite3_stmt *q;
	rc_event_init(out);
	enum rc_status st = db_prepare(&c->db, "SELECT " EVENT_COLS ", r.raw, r.dict FROM event e "
	                                  "LEFT JOIN event_raw r ON r.id = e.id WHERE e.id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	if (db_row(&c->db, q, &st)) {
		event_from_row(q, out);
		st = rawz_load(c, sqlite3_column_int64(q, EVENT_NCOLS + 1), sqlite3_column_blob(q, EVENT_NCOLS),
			(size_t)sqlite3_column_bytes(q, EVENT_NCOLS), &out->raw, &out->raw_len);
		if (st != RC_OK)
			rc_event_clear(out);
	} else if (st == RC_OK) {
		st = RC_NOTFOUND;
	}
	sqlite3_finalize(q);
	return st;
}

