/* summary.c - counts of the access log by authority, country, purpose,
 * system or flag, and the per-slot marks behind "new since your last
 * visit". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

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
	rc_error_clear();
	*rows = NULL;
	*n = 0;
	if (by == RC_BY_FLAG) {
		*rows = rc_xcalloc(RC_FLAG_COUNT, sizeof **rows);
		sqlite3_stmt *q;
		enum rc_status st = db_prepare(&c->db, "SELECT count(*) FROM event_flag WHERE flag = ?1", &q);
		for (int i = 0; st == RC_OK && i < RC_FLAG_COUNT; i++) {
			sqlite3_bind_int64(q, 1, rc_flag_bit(i));
			if (db_row(&c->db, q, &st)) {
				uint64_t cnt = (uint64_t)sqlite3_column_int64(q, 0);
				(*rows)[*n].key = rc_xstrdup(rc_flag_id(rc_flag_bit(i)));
				(*rows)[*n].count = cnt;
				(*rows)[*n].flagged = cnt;
				(*n)++;
			}
			sqlite3_reset(q);
		}
		sqlite3_finalize(q);
		if (st != RC_OK)
			rc_count_rows_free(rows, *n);
		return st;
	}
	static const char *const col[] = {
		[RC_BY_AUTHORITY] = "coalesce(organization, authority)", [RC_BY_COUNTRY] = "country",
		[RC_BY_PURPOSE] = "purpose", [RC_BY_SYSTEM] = "system",
	};
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s, count(*), sum(flags != 0) FROM event GROUP BY 1 "
	         "ORDER BY 2 DESC, 1", col[by]);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, sql, &q);
	if (st != RC_OK)
		return st;
	size_t cap = 0;
	while (db_row(&c->db, q, &st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = rc_xrealloc(*rows, cap * sizeof **rows);
		}
		(*rows)[*n].key = db_col_text(q, 0);
		(*rows)[*n].count = (uint64_t)sqlite3_column_int64(q, 1);
		(*rows)[*n].flagged = (uint64_t)sqlite3_column_int64(q, 2);
		(*n)++;
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		rc_count_rows_free(rows, *n);
	return st;
}

enum rc_status rc_events_new_since_mark(struct rc_case *c, const char *mark_name, bool mark,
	uint64_t *n_new, uint64_t *n_flagged)
{
	rc_error_clear();
	*n_new = *n_flagged = 0;
	sqlite3_stmt *q;
	int64_t since = 0;
	enum rc_status st = db_prepare(&c->db, "SELECT event_id FROM mark WHERE name = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, mark_name, -1, SQLITE_STATIC);
	if (db_row(&c->db, q, &st))
		since = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (st != RC_OK)
		return st;
	st = db_prepare(&c->db, "SELECT count(*), coalesce(sum(flags != 0), 0), coalesce(max(id), ?1) FROM event WHERE id > ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, since);
	int64_t maxid = since;
	if (db_row(&c->db, q, &st)) {
		*n_new = (uint64_t)sqlite3_column_int64(q, 0);
		*n_flagged = (uint64_t)sqlite3_column_int64(q, 1);
		maxid = sqlite3_column_int64(q, 2);
	}
	sqlite3_finalize(q);
	if (st != RC_OK || !mark)
		return st;
	/* The mark moves to now; where it was is kept beside it
	 * ("before:NAME"), so the visit under way can still tell which
	 * events are new (rc_events_visit_before). */
	st = db_prepare(&c->db, "INSERT OR REPLACE INTO mark(name, event_id, at) VALUES (?1, ?2, ?3)", &q);
	if (st != RC_OK)
		return st;
	char now[24];
	rc_time_iso(rc_now(), now, sizeof now);
	char before[RC_LABEL_MAX + 64];
	snprintf(before, sizeof before, "before:%s", mark_name);
	sqlite3_bind_text(q, 1, before, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, since);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
	st = db_run(&c->db, q);
	sqlite3_reset(q);
	if (st == RC_OK) {
		sqlite3_bind_text(q, 1, mark_name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, maxid);
		st = db_run(&c->db, q);
	}
	sqlite3_finalize(q);
	return st;
}

enum rc_status rc_events_visit_before(struct rc_case *c, const char *mark_name, int64_t *last_id)
{
	rc_error_clear();
	*last_id = 0;
	char before[RC_LABEL_MAX + 64];
	snprintf(before, sizeof before, "before:%s", mark_name);
	sqlite3_stmt *q;
	/* the kept mark first; a case marked before it was kept: the mark */
	enum rc_status st = db_prepare(&c->db, "SELECT event_id FROM mark WHERE name IN (?1, ?2) "
	                                  "ORDER BY name = ?1 DESC LIMIT 1", &q);
	if (st == RC_OK) {
		sqlite3_bind_text(q, 1, before, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, mark_name, -1, SQLITE_STATIC);
		if (db_row(&c->db, q, &st))
			*last_id = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	return st;
}

