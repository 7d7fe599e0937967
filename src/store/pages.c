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

/* The authorities a filter text stands for: an exact (case-insensitive)
 * match when there is one, else every authority containing the text.
 * Walks the distinct values of the authority index, one seek each. */
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
	if (st != RC_OK)
		return st;
	size_t tl = strlen(text);
	if (exact)
		goto organisations;
	st = db_prepare(&c->db, "SELECT authority FROM event WHERE authority > ?1 COLLATE NOCASE "
	                   "ORDER BY authority COLLATE NOCASE LIMIT 1", &q);
	if (st != RC_OK)
		return st;
	/* one seek per distinct authority while they are few (bodies); past
	 * 256 (a log naming each officer) one pass over the rest of the
	 * index is quicker than a seek each */
	char *last = rc_xstrdup("");
	bool more = false;
	for (int guard = 0; st == RC_OK; guard++) {
		if (guard == 256) {
			more = true;
			break;
		}
		sqlite3_bind_text(q, 1, last, -1, SQLITE_TRANSIENT);
		if (!db_row(&c->db, q, &st)) {
			sqlite3_reset(q);
			break;
		}
		const char *a = (const char *)sqlite3_column_text(q, 0);
		if (a && tl && strcasestr(a, text))
			rc_strset_add(out, a);
		free(last);
		last = rc_xstrdup(a ? a : "");
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	if (st == RC_OK && more) {
		st = db_prepare(&c->db, "SELECT DISTINCT authority FROM event WHERE authority > ?1 COLLATE NOCASE "
		                "ORDER BY authority COLLATE NOCASE", &q);
		if (st == RC_OK) {
			sqlite3_bind_text(q, 1, last, -1, SQLITE_TRANSIENT);
			while (db_row(&c->db, q, &st)) {
				const char *a = (const char *)sqlite3_column_text(q, 0);
				if (a && tl && strcasestr(a, text))
					rc_strset_add(out, a);
			}
			sqlite3_finalize(q);
		}
	}
	free(last);
organisations:
	/* the body a person acted for (FHIR: the organisation apart from who
	 * acted): "Bundesamt" finds the accesses of its officers too, through
	 * runs of their own (rc_events_page); the index is walked one distinct
	 * organisation at a time */
	if (st == RC_OK && tl && orgs) {
		st = db_prepare(&c->db, "SELECT organization FROM event WHERE organization > ?1 COLLATE NOCASE "
		                "ORDER BY organization COLLATE NOCASE LIMIT 1", &q);
		char *lo = rc_xstrdup("");
		for (int guard = 0; st == RC_OK && guard < 100000; guard++) {
			sqlite3_bind_text(q, 1, lo, -1, SQLITE_TRANSIENT);
			if (!db_row(&c->db, q, &st))
				break;
			char *o = rc_xstrdup((const char *)sqlite3_column_text(q, 0));
			sqlite3_reset(q);
			free(lo);
			lo = o;
			if (strcasestr(o, text))
				rc_strset_add(orgs, o);
		}
		free(lo);
		sqlite3_finalize(q);
	}
	return st;
}

/* Build the query for one driving index.  Only fixed fragments go into
 * the SQL text; every value is bound. */
enum run_kind { RUN_ALL, RUN_AUTHORITY, RUN_ORGANIZATION };

static enum rc_status page_query(struct rc_case *c, const struct rc_event_filter *f, enum run_kind by,
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
	if (by == RUN_AUTHORITY)
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND e.authority = :auth COLLATE NOCASE");
	else if (by == RUN_ORGANIZATION)
		/* an event whose own authority matches is in that run already */
		n += snprintf(sql + n, sizeof sql - (size_t)n, " AND e.organization = :org COLLATE NOCASE"
		              " AND instr(lower(coalesce(e.authority, '')), lower(:text)) = 0");
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

/* One page in the given direction, merged over the matching authorities. */
static enum rc_status page_dir(struct rc_case *c, const struct rc_event_filter *f,
	const struct rc_event_cursor *cur, bool descending, size_t limit, struct rc_event *out, size_t *n)
{
	*n = 0;
	struct rc_strset auths = { 0 }, orgs = { 0 };
	enum rc_status st = RC_OK;
	bool named = f->authority && *f->authority;
	if (named) {
		st = authorities_matching(c, f->authority, &auths, &orgs);
		if (st != RC_OK || auths.n + orgs.n == 0) {
			rc_strset_free(&auths);
			rc_strset_free(&orgs);
			return st;
		}
	}
	/* one run per matching authority, then one per matching organisation;
	 * without a name, one run over everything */
	size_t runs = named ? auths.n + orgs.n : 1;
	const char **alist = rc_strset_sorted(&auths), **olist = rc_strset_sorted(&orgs);
	sqlite3_stmt *q = NULL, *qa = NULL, *qo = NULL;
	bool have = cur && cur->valid;
	if (!named)
		st = page_query(c, f, RUN_ALL, descending, have, &qa);
	if (st == RC_OK && auths.n)
		st = page_query(c, f, RUN_AUTHORITY, descending, have, &qa);
	if (st == RC_OK && orgs.n)
		st = page_query(c, f, RUN_ORGANIZATION, descending, have, &qo);
	struct rc_event *tmp = rc_xcalloc(limit ? limit : 1, sizeof *tmp);
	for (size_t r = 0; st == RC_OK && r < runs; r++) {
		bool org_run = named && r >= auths.n;
		q = org_run ? qo : qa;
		bind_filter(q, f, named && !org_run ? alist[r] : NULL, org_run ? olist[r - auths.n] : NULL);
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
	free((void *)alist);
	free((void *)olist);
	sqlite3_finalize(qa);
	sqlite3_finalize(qo);
	rc_strset_free(&auths);
	rc_strset_free(&orgs);
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
	enum rc_status st = RC_OK;
	bool named = f->authority && *f->authority;
	if (named) {
		st = authorities_matching(c, f->authority, &auths, &orgs);
		if (st != RC_OK || auths.n + orgs.n == 0) {
			rc_strset_free(&auths);
			rc_strset_free(&orgs);
			return st;
		}
	}
	char sql[512];
	int k = snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE 1",
	                 f->flag ? "event_flag f JOIN event e ON e.id = f.event_id" : "event e");
	if (f->flag)
		k += snprintf(sql + k, sizeof sql - (size_t)k, " AND f.flag = :flag");
	/* then: by authority, or by the organisation an officer acted for
	 * (those whose own authority matches are counted with it) */
	char rest[256] = "";
	int k2 = 0;
	if (f->country)
		k2 += snprintf(rest + k2, sizeof rest - (size_t)k2, " AND e.country = :country");
	if (f->since_ts != RC_TS_UNKNOWN)
		k2 += snprintf(rest + k2, sizeof rest - (size_t)k2, " AND e.ts >= :since");
	if (f->until_ts != RC_TS_UNKNOWN)
		snprintf(rest + k2, sizeof rest - (size_t)k2, " AND e.ts < :until");
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
			char full[768];
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

