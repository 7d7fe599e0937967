/* received.c - every file received kept whole (doc/bundles.md, "What
 * came from where"): an imported log or a registry's page, exactly as it
 * came, so an evidence bundle can show the file and prove with its
 * SHA-256 that it is the one the journal recorded.
 *
 * The importer's reader thread feeds each block it reads to a writer
 * (received_w_feed): SHA-256 (OpenSSL: rc_sha256) and one zstd stream cut into
 * chunks of about RECV_CHUNK compressed bytes.  The thread that owns the
 * database stores the finished chunks as they come (received_w_store),
 * in the import's own transaction, so a file is kept exactly when its
 * events are.  Reading back (rc_received_open) streams the chunks through
 * zstd and checks the SHA-256 at the end: a case file whose chunks were
 * damaged says so instead of handing out other bytes. */
#include "config.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "i18n.h"
#include "store-int.h"

#define RECV_CHUNK ((size_t)1 << 20)
#define RECV_LEVEL 3

struct chunk {
	struct chunk *next;
	size_t len;
	unsigned char bytes[];
};

struct received_w {
	struct rc_sha256 sha;
	ZSTD_CCtx *z;
	unsigned char *out; /* the chunk being filled */
	size_t out_len;
	uint64_t size;
	bool failed;
	pthread_mutex_t mu;
	struct chunk *head, *tail; /* finished, not yet stored */
	int64_t id;                /* the received row */
};

struct received_w *received_w_new(void)
{
	struct received_w *w = rc_xcalloc(1, sizeof *w);
	w->z = ZSTD_createCCtx();
	w->out = malloc(RECV_CHUNK);
	if (!rc_sha256_init(&w->sha) || !w->z || !w->out) {
		rc_sha256_free(&w->sha);
		ZSTD_freeCCtx(w->z);
		free(w->out);
		free(w);
		return NULL;
	}
	ZSTD_CCtx_setParameter(w->z, ZSTD_c_compressionLevel, RECV_LEVEL);
	ZSTD_CCtx_setParameter(w->z, ZSTD_c_checksumFlag, 1);
	pthread_mutex_init(&w->mu, NULL);
	return w;
}

void received_w_free(struct received_w **wp)
{
	struct received_w *w = *wp;
	if (!w)
		return;
	for (struct chunk *ch = w->head, *nx; ch; ch = nx) {
		nx = ch->next;
		free(ch);
	}
	ZSTD_freeCCtx(w->z);
	rc_sha256_free(&w->sha);
	free(w->out);
	pthread_mutex_destroy(&w->mu);
	free(w);
	*wp = NULL;
}

/* The filled chunk joins the queue. */
static void hand_over(struct received_w *w)
{
	if (!w->out_len)
		return;
	struct chunk *ch = malloc(sizeof *ch + w->out_len);
	if (!ch) {
		__atomic_store_n(&w->failed, true, __ATOMIC_RELAXED);
		return;
	}
	ch->next = NULL;
	ch->len = w->out_len;
	memcpy(ch->bytes, w->out, w->out_len);
	w->out_len = 0;
	pthread_mutex_lock(&w->mu);
	if (w->tail)
		w->tail->next = ch;
	else
		w->head = ch;
	w->tail = ch;
	pthread_mutex_unlock(&w->mu);
}

static void compress(struct received_w *w, const void *p, size_t n, ZSTD_EndDirective end)
{
	ZSTD_inBuffer in = { p, n, 0 };
	for (;;) {
		ZSTD_outBuffer out = { w->out, RECV_CHUNK, w->out_len };
		size_t left = ZSTD_compressStream2(w->z, &out, &in, end);
		if (ZSTD_isError(left)) {
			__atomic_store_n(&w->failed, true, __ATOMIC_RELAXED);
			return;
		}
		w->out_len = out.pos;
		if (w->out_len == RECV_CHUNK)
			hand_over(w);
		if (end == ZSTD_e_end ? left == 0 : in.pos == in.size)
			break;
	}
}

void received_w_feed(struct received_w *w, const void *p, size_t n)
{
	if (!n || __atomic_load_n(&w->failed, __ATOMIC_RELAXED))
		return;
	rc_sha256_update(&w->sha, p, n);
	w->size += n;
	compress(w, p, n, ZSTD_e_continue);
}

void received_w_end(struct received_w *w, char sha256_hex[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	rc_sha256_final(&w->sha, d);
	sodium_bin2hex(sha256_hex, 65, d, sizeof d);
	if (!__atomic_load_n(&w->failed, __ATOMIC_RELAXED)) {
		compress(w, "", 0, ZSTD_e_end);
		hand_over(w);
	}
}

uint64_t received_w_size(const struct received_w *w)
{
	return w->size;
}

enum rc_status received_w_begin(struct rc_case *c, struct received_w *w, const char *kind, const char *name,
	int64_t registry, const char *url)
{
	char now[32];
	rc_time_iso(rc_now(), now, sizeof now);
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "INSERT INTO received (kind, name, size, sha256, at, registry, url) "
	                                       "VALUES (?, ?, 0, '', ?, ?, ?)", &q);
	if (st != RC_OK)
		return st;
	db_bind_text(q, 1, kind);
	db_bind_text(q, 2, name && *name ? name : "-");
	db_bind_text(q, 3, now);
	if (registry > 0)
		sqlite3_bind_int64(q, 4, registry);
	db_bind_text(q, 5, url);
	st = db_run(&c->db, q);
	sqlite3_finalize(q);
	if (st == RC_OK)
		w->id = sqlite3_last_insert_rowid(c->db.h);
	return st;
}

enum rc_status received_w_store(struct rc_case *c, struct received_w *w)
{
	pthread_mutex_lock(&w->mu);
	struct chunk *ch = w->head;
	w->head = w->tail = NULL;
	pthread_mutex_unlock(&w->mu);
	if (!ch)
		return __atomic_load_n(&w->failed, __ATOMIC_RELAXED) ? RC_NOMEM : RC_OK;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "INSERT INTO received_chunk (file, bytes) VALUES (?, ?)", &q);
	for (struct chunk *nx; ch; ch = nx) {
		nx = ch->next;
		if (st == RC_OK) {
			sqlite3_reset(q);
			sqlite3_bind_int64(q, 1, w->id);
			sqlite3_bind_blob64(q, 2, ch->bytes, ch->len, SQLITE_STATIC);
			st = db_run(&c->db, q);
		}
		free(ch);
	}
	if (q)
		sqlite3_finalize(q);
	return st == RC_OK && __atomic_load_n(&w->failed, __ATOMIC_RELAXED) ? RC_NOMEM : st;
}

enum rc_status received_w_finish(struct rc_case *c, struct received_w *w, const char *sha256_hex,
	const char *format, int64_t events_from, int64_t events_to)
{
	enum rc_status st = received_w_store(c, w);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&c->db, "UPDATE received SET size = ?, sha256 = ?, format = ?, events_from = ?, "
	                        "events_to = ? WHERE id = ?", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, (sqlite3_int64)w->size);
	db_bind_text(q, 2, sha256_hex);
	db_bind_text(q, 3, format);
	if (events_to >= events_from && events_from > 0) {
		sqlite3_bind_int64(q, 4, events_from);
		sqlite3_bind_int64(q, 5, events_to);
	}
	sqlite3_bind_int64(q, 6, w->id);
	st = db_run(&c->db, q);
	sqlite3_finalize(q);
	return st;
}

/* ------------------------------------------------------------------ */
/* Reading back. */

#define RECV_COLS "id, kind, name, format, size, sha256, at, registry, url, events_from, events_to"

static void row_read(sqlite3_stmt *q, struct rc_received_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(q, 0);
	r->kind = db_col_text(q, 1);
	r->name = db_col_text(q, 2);
	r->format = db_col_text(q, 3);
	r->size = (uint64_t)sqlite3_column_int64(q, 4);
	r->sha256 = db_col_text(q, 5);
	r->at = db_col_text(q, 6);
	r->registry = sqlite3_column_int64(q, 7);
	r->url = db_col_text(q, 8);
	r->events_from = sqlite3_column_int64(q, 9);
	r->events_to = sqlite3_column_int64(q, 10);
}

void rc_received_row_clear(struct rc_received_row *r)
{
	free(r->kind);
	free(r->name);
	free(r->format);
	free(r->sha256);
	free(r->at);
	free(r->url);
	memset(r, 0, sizeof *r);
}

void rc_received_rows_free(struct rc_received_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rc_received_row_clear(&v[i]);
	free(v);
}

enum rc_status rc_received_list(struct rc_case *c, int64_t since_ts, int64_t until_ts,
	struct rc_received_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	bool range = since_ts != RC_TS_UNKNOWN || until_ts != RC_TS_UNKNOWN;
	/* a file belongs to a period when it added an event of that period */
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, range
		? "SELECT " RECV_COLS " FROM received r WHERE sha256 <> '' AND EXISTS (SELECT 1 FROM event e "
		  "WHERE e.id BETWEEN r.events_from AND r.events_to AND e.ts >= ?1 AND e.ts < ?2) ORDER BY id"
		: "SELECT " RECV_COLS " FROM received WHERE sha256 <> '' ORDER BY id", &q);
	if (st != RC_OK)
		return st;
	if (range) {
		sqlite3_bind_int64(q, 1, since_ts == RC_TS_UNKNOWN ? INT64_MIN : since_ts);
		sqlite3_bind_int64(q, 2, until_ts == RC_TS_UNKNOWN ? INT64_MAX : until_ts);
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = rc_xrealloc(*out, cap * sizeof **out);
		}
		row_read(q, &(*out)[(*n)++]);
	}
	if (rc != SQLITE_DONE)
		st = db_status(&c->db, rc);
	sqlite3_finalize(q);
	if (st != RC_OK) {
		rc_received_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}

enum rc_status rc_received_count_unkept(struct rc_case *c, uint64_t *n)
{
	enum rc_status st = RC_OK;
	/* events no kept file added: manual entries, imports before the
	 * files were kept (migration 10) */
	int64_t v = db_one_int(&c->db, "SELECT count(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM received r "
	                               "WHERE r.sha256 <> '' AND e.id BETWEEN r.events_from AND r.events_to)", 0, &st);
	*n = v > 0 ? (uint64_t)v : 0;
	return st;
}

struct rc_received_reader {
	struct rc_case *c;
	sqlite3_stmt *q;
	ZSTD_DCtx *z;
	const unsigned char *in; /* the current chunk, from q */
	size_t in_len, in_pos;
	bool chunks_done, frame_done;
	struct rc_sha256 sha;
	char want[65];
	uint64_t size, got;
};

enum rc_status rc_received_open(struct rc_case *c, int64_t id, struct rc_received_reader **out)
{
	*out = NULL;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT size, sha256 FROM received WHERE id = ?", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		st = rc == SQLITE_DONE ? RC_NOTFOUND : db_status(&c->db, rc);
		sqlite3_finalize(q);
		return st;
	}
	struct rc_received_reader *r = rc_xcalloc(1, sizeof *r);
	r->c = c;
	r->size = (uint64_t)sqlite3_column_int64(q, 0);
	const unsigned char *h = sqlite3_column_text(q, 1);
	snprintf(r->want, sizeof r->want, "%s", h ? (const char *)h : "");
	sqlite3_finalize(q);
	r->z = rc_sha256_init(&r->sha) ? ZSTD_createDCtx() : NULL;
	st = r->z ? db_prepare(&c->db, "SELECT bytes FROM received_chunk WHERE file = ? ORDER BY id", &r->q) : RC_NOMEM;
	if (st != RC_OK) {
		rc_received_close(&r);
		return st;
	}
	sqlite3_bind_int64(r->q, 1, id);
	*out = r;
	return RC_OK;
}

uint64_t rc_received_size(const struct rc_received_reader *r)
{
	return r->size;
}

static enum rc_status damaged(void)
{
	/* TRANSLATORS: a file kept in the case file reads back other than it was stored. */
	rc_error_set("%s", _("A file kept in the case file is damaged: it no longer matches the SHA-256 recorded "
	                     "when it was received."));
	return RC_CORRUPT;
}

enum rc_status rc_received_read(struct rc_received_reader *r, unsigned char *buf, size_t cap, size_t *got)
{
	*got = 0;
	while (*got == 0) {
		if (r->in_pos == r->in_len && !r->chunks_done) {
			int rc = sqlite3_step(r->q);
			if (rc == SQLITE_ROW) {
				r->in = sqlite3_column_blob(r->q, 0);
				r->in_len = (size_t)sqlite3_column_bytes(r->q, 0);
				r->in_pos = 0;
			} else if (rc == SQLITE_DONE) {
				r->chunks_done = true;
				r->in_len = r->in_pos = 0;
			} else {
				return db_status(&r->c->db, rc);
			}
		}
		ZSTD_inBuffer in = { r->in, r->in_len, r->in_pos };
		ZSTD_outBuffer out = { buf, cap, 0 };
		if (r->in_len > r->in_pos || (!r->frame_done && r->chunks_done)) {
			size_t left = ZSTD_decompressStream(r->z, &out, &in);
			if (ZSTD_isError(left))
				return damaged();
			r->in_pos = in.pos;
			if (left == 0)
				r->frame_done = true;
			else
				r->frame_done = false;
		}
		if (out.pos) {
			rc_sha256_update(&r->sha, buf, out.pos);
			r->got += out.pos;
			if (r->got > r->size)
				return damaged();
			*got = out.pos;
			return RC_OK;
		}
		if (r->chunks_done && r->in_pos == r->in_len) {
			/* the end: everything came out, and it is what was recorded */
			unsigned char d[crypto_hash_sha256_BYTES];
			char hex[65];
			rc_sha256_final(&r->sha, d);
			sodium_bin2hex(hex, sizeof hex, d, sizeof d);
			if (r->got != r->size || strcmp(hex, r->want) || (r->size && !r->frame_done))
				return damaged();
			return RC_OK;
		}
	}
	return RC_OK;
}

void rc_received_close(struct rc_received_reader **rp)
{
	struct rc_received_reader *r = *rp;
	if (!r)
		return;
	if (r->q)
		sqlite3_finalize(r->q);
	ZSTD_freeDCtx(r->z);
	rc_sha256_free(&r->sha);
	free(r);
	*rp = NULL;
}
