/* flagidx.c - the index of flagged events: one (flag, ts, event) row per
 * flag an event has, and one more under RC_FLAGGED_ANY, so "show only
 * this warning" pages through an index instead of scanning. */
#include "config.h"

#include <stdio.h>

#include "store-int.h"

/* Run a (flag, ts, event_id) statement for each of n flag bits. */
static enum rc_status rows_run(struct rc_db *db, sqlite3_stmt *st, const uint32_t *bits, int n,
	int64_t ts, int64_t id)
{
	enum rc_status s = RC_OK;
	for (int i = 0; s == RC_OK && i < n; i++) {
		sqlite3_bind_int64(st, 1, bits[i]);
		sqlite3_bind_int64(st, 2, ts);
		sqlite3_bind_int64(st, 3, id);
		s = db_run(db, st);
	}
	return s;
}

enum rc_status flag_rows_write(struct rc_db *db, struct flag_stmts *fs, int64_t id, int64_t ts,
	uint32_t flags)
{
	if (!fs->ins) {
		enum rc_status st = db_prepare(db, "INSERT OR IGNORE INTO event_flag(flag, ts, event_id) VALUES (?1, ?2, ?3)", &fs->ins);
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
	return rows_run(db, fs->ins, bits, n, ts, id);
}

enum rc_status flag_rows_delete(struct rc_db *db, struct flag_stmts *fs, int64_t id, int64_t ts)
{
	if (!fs->del) {
		enum rc_status st = db_prepare(db, "DELETE FROM event_flag WHERE flag = ?1 AND ts = ?2 AND event_id = ?3", &fs->del);
		if (st != RC_OK)
			return st;
	}
	uint32_t bits[RC_FLAG_COUNT + 1];
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		bits[i] = rc_flag_bit(i);
	bits[RC_FLAG_COUNT] = RC_FLAGGED_ANY;
	return rows_run(db, fs->del, bits, RC_FLAG_COUNT + 1, ts, id);
}

void flag_stmts_free(struct flag_stmts *fs)
{
	sqlite3_finalize(fs->ins);
	sqlite3_finalize(fs->del);
	sqlite3_finalize(fs->upd);
	fs->ins = fs->del = fs->upd = NULL;
}

enum rc_status flags_set(struct rc_db *db, struct flag_stmts *fs, int64_t id, int64_t ts, uint32_t old,
	uint32_t now, int64_t unc, uint32_t unc_old)
{
	bool unc_changes = unc >= 0 && (uint32_t)unc != unc_old;
	if (old == now && !unc_changes)
		return RC_OK;
	if (!fs->upd) {
		enum rc_status st = db_prepare(db, "UPDATE event SET flags = ?1, "
			"uncertain = coalesce(?3, uncertain) WHERE id = ?2", &fs->upd);
		if (st != RC_OK)
			return st;
	}
	sqlite3_bind_int64(fs->upd, 1, now);
	sqlite3_bind_int64(fs->upd, 2, id);
	if (unc >= 0)
		sqlite3_bind_int64(fs->upd, 3, unc);
	else
		sqlite3_bind_null(fs->upd, 3);
	enum rc_status st = db_run(db, fs->upd);
	if (st != RC_OK || old == now)
		return st;
	st = flag_rows_delete(db, fs, id, ts);
	return st == RC_OK ? flag_rows_write(db, fs, id, ts, now) : st;
}

/* The flag rows of every flagged event from id `from` on, in one walk of
 * the (ts, id, flags) index: each flag's rows come in key order, so the
 * WITHOUT ROWID table is appended to at one place per flag and nothing
 * is sorted in memory. */
enum rc_status flag_rows_bulk(struct rc_db *db, int64_t from)
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
	enum rc_status st = db_prepare(db, sql, &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, from);
	st = db_run(db, q);
	sqlite3_finalize(q);
	return st;
}
