/* db.c - one SQLite (SQLCipher) database: opening it with a raw key, the
 * statement helpers and nested transactions.  The case file uses it; any
 * other database of the program (the office index) can too, since
 * nothing here knows about cases. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

enum rc_status db_status(const struct rc_db *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return RC_OK;
	case SQLITE_FULL:
		return RC_NOSPACE;
	case SQLITE_NOMEM:
		return RC_NOMEM;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return RC_CORRUPT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return RC_LOCKED;
	case SQLITE_INTERRUPT:
		return RC_CANCELLED;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
		if (db && db->h && sqlite3_system_errno(db->h) == ENOSPC)
			return RC_NOSPACE;
		return RC_IO;
	default:
		return RC_ERR;
	}
}

enum rc_status db_exec(struct rc_db *db, const char *sql)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		rc_log(RC_LOG_DEBUG, "sqlite: %s", sqlite3_errmsg(db->h));
	return db_status(db, rc);
}

enum rc_status db_prepare(struct rc_db *db, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		rc_log(RC_LOG_ERROR, "sqlite prepare: %s", sqlite3_errmsg(db->h));
		*st = NULL;
	}
	return db_status(db, rc);
}

bool db_row(struct rc_db *db, sqlite3_stmt *q, enum rc_status *st)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE) {
		rc_log(RC_LOG_DEBUG, "sqlite step: %s", sqlite3_errmsg(db->h));
		if (*st == RC_OK)
			*st = db_status(db, rc);
		if (*st == RC_OK)
			*st = RC_ERR;
	}
	return false;
}

enum rc_status db_run(struct rc_db *db, sqlite3_stmt *q)
{
	enum rc_status st = RC_OK;
	while (db_row(db, q, &st))
		;
	sqlite3_reset(q);
	return st;
}

enum rc_status db_begin(struct rc_db *db)
{
	if (db->tx_depth++ > 0)
		return RC_OK;
	enum rc_status st = db_exec(db, "BEGIN IMMEDIATE");
	if (st != RC_OK)
		db->tx_depth = 0;
	return st;
}

enum rc_status db_commit(struct rc_db *db)
{
	if (db->tx_depth == 0)
		return RC_ERR; /* an inner step rolled everything back */
	if (--db->tx_depth > 0)
		return RC_OK;
	enum rc_status st = db_exec(db, "COMMIT");
	if (st != RC_OK)
		db_exec(db, "ROLLBACK");
	return st;
}

void db_rollback(struct rc_db *db)
{
	if (db->tx_depth > 0) {
		db->tx_depth = 0;
		db_exec(db, "ROLLBACK");
	}
}

bool db_in_tx(const struct rc_db *db)
{
	return db->tx_depth > 0;
}

/* Bound text must outlive the next sqlite3_step (SQLITE_STATIC): every
 * caller steps before the string is freed. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? rc_xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

int64_t db_one_int(struct rc_db *db, const char *sql, int64_t dflt, enum rc_status *st)
{
	sqlite3_stmt *q;
	enum rc_status s = db_prepare(db, sql, &q);
	int64_t v = dflt;
	if (s == RC_OK && db_row(db, q, &s))
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (st && *st == RC_OK)
		*st = s;
	return v;
}

int db_cipher_major(struct rc_db *db)
{
	sqlite3_stmt *q;
	int major = 3;
	enum rc_status st = RC_OK;
	if (sqlite3_prepare_v2(db->h, "PRAGMA cipher_version", -1, &q, NULL) == SQLITE_OK) {
		if (db_row(db, q, &st) && sqlite3_column_text(q, 0))
			major = atoi((const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
	}
	return major;
}

/* The raw-key form x'HEX' in locked memory, for sqlite3_key and ATTACH
 * (never in SQL text).  NULL when out of memory; free with sodium_free. */
char *db_key_text(const unsigned char key[RC_DATA_KEY_BYTES])
{
	char *hex = sodium_malloc(3 + 2 * RC_DATA_KEY_BYTES + 2);
	if (!hex)
		return NULL;
	hex[0] = 'x';
	hex[1] = '\'';
	rc_hex_encode(key, RC_DATA_KEY_BYTES, hex + 2);
	hex[2 + 2 * RC_DATA_KEY_BYTES] = '\'';
	hex[3 + 2 * RC_DATA_KEY_BYTES] = 0;
	return hex;
}

void db_close(struct rc_db *db)
{
	if (!db->h)
		return;
	db_rollback(db);
	/* close_v2: the connection goes even when a statement was left
	 * unfinalized by mistake (it is closed when that one is). */
	if (sqlite3_close_v2(db->h) != SQLITE_OK)
		rc_log(RC_LOG_ERROR, "sqlite close: %s", sqlite3_errmsg(db->h));
	db->h = NULL;
	db->tx_depth = 0;
}

/* Open file with the raw key: the key goes to sqlite3_key as x'HEX' (the
 * raw-key form, so SQLCipher's own KDF is not used), never in SQL text.
 * key NULL: a plain SQLite file (the benchmarks' comparison only). */
enum rc_status db_open(struct rc_db *db, const char *file, const unsigned char *key, int page_size,
	int compat, bool create)
{
	memset(db, 0, sizeof *db);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	/* An encrypted database's temporary files are encrypted too, in its
	 * folder. */
	const char *vfs = NULL;
	if (key) {
		char *dir = rc_xstrdup(file);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = 0;
		vfs = tmpvfs_for(slash ? (*dir ? dir : "/") : ".");
		free(dir);
		if (!vfs)
			return RC_ERR;
	}
	int rc = sqlite3_open_v2(file, &db->h, flags, vfs);
	if (rc != SQLITE_OK) {
		enum rc_status st = db_status(db, rc);
		db_close(db);
		return st == RC_ERR ? RC_IO : st;
	}
	if (key) {
		char *hex = db_key_text(key);
		if (!hex) {
			db_close(db);
			return RC_NOMEM;
		}
		rc = sqlite3_key(db->h, hex, 3 + 2 * RC_DATA_KEY_BYTES);
		sodium_free(hex);
		if (rc != SQLITE_OK) {
			db_close(db);
			return RC_ERR;
		}
		/* A database made by SQLCipher 3 opened by SQLCipher 4 keeps
		 * the defaults it was written with. */
		if (compat == 3 && db_cipher_major(db) >= 4)
			db_exec(db, "PRAGMA cipher_compatibility = 3");
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cipher_page_size = %d", page_size);
		db_exec(db, sql);
	} else {
		db_exec(db, "PRAGMA page_size = 16384");
	}
	/* Temporary files (an index build's sort runs) on disk, not in
	 * memory, so memory stays bounded: for an encrypted database they go
	 * through tmpvfs.c, encrypted. */
	db_exec(db, "PRAGMA temp_store = FILE");
	/* 16 MiB of decrypted pages (an index build's sorter may use as
	 * much again, twice with the helper thread). */
	db_exec(db, "PRAGMA cache_size = " RC_CACHE_PRAGMA);
	db_exec(db, "PRAGMA threads = " RC_THREADS_PRAGMA);
	db_exec(db, "PRAGMA synchronous = FULL");
	db_exec(db, "PRAGMA secure_delete = ON");
	db_exec(db, "PRAGMA foreign_keys = ON");
	/* The probe: a wrong key is only noticed on the first read. */
	rc = sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum rc_status st = db_status(db, rc);
		db_close(db);
		return st == RC_ERR ? RC_CORRUPT : st;
	}
	if (db_exec(db, "PRAGMA journal_mode = DELETE") != RC_OK) {
		db_close(db);
		return RC_IO;
	}
	return RC_OK;
}

/* Release what SQLite holds of the database in memory (its page cache),
 * so decrypted pages do not outlive their use. */
void db_forget(struct rc_db *db)
{
	if (db->h)
		sqlite3_db_release_memory(db->h);
}
