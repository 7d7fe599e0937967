/* import_file.c - import an access-log file into a case: one
 * transaction, the file read and parsed on one thread while the events are
 * written on the calling thread, through a small bounded queue (memory
 * stays bounded whatever the file size).  Each record's original bytes
 * are compressed (rawz.c) so there is less to encrypt and write: by the
 * reader when the writer is behind, by the writer when it is waiting. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-int.h"

#define BATCH 256
#define BULK_MIN 20000
#define QUEUE 8
#define RAWZ_MIN_BYTES 16384 /* less than this in the first batch: stored as is */

struct batch {
	struct rc_event ev[BATCH];
	size_t n;
	/* the original bytes compressed: ev[i]'s are z[zoff[i]..+zlen[i]]
	 * (zlen 0: stored as is) */
	bool packed;
	unsigned char *z;
	size_t zcap, zused;
	size_t zoff[BATCH], zlen[BATCH];
	/* the first batch carries the import's dictionary */
	const unsigned char *dict;
	size_t dict_len;
};

struct pipe_state {
	/* set up by the caller */
	int fd;
	struct rc_import *imp;
	const struct rc_import_file_opts *opts;
	/* the queue */
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	struct batch *q[QUEUE];
	size_t head, count;
	bool producer_done;
	enum rc_status producer_status;
	/* shared flags */
	bool stop;            /* consumer asks the producer to stop */
	struct batch *spent[QUEUE + 2]; /* written batches, back to the reader to free and reuse */
	size_t nspent;
	uint64_t bytes_read;  /* under mu */
	uint64_t produced;    /* under mu: events pushed */
	uint64_t invalid;     /* producer only, read after join */
	uint64_t left_out;    /* producer only, read after join */
	struct batch *cur;    /* producer's batch being filled */
	bool z_decided;       /* producer only: compress or not, and the dictionary */
	struct rawz_enc *enc; /* set by the producer before its first push, then read-only */
	struct rc_flag_memo *memo; /* producer only */
	struct received_w *recv;   /* the file kept whole: fed by the producer */
};

static void batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		rc_event_clear(&b->ev[i]);
	free(b->z);
	free(b);
}

/* The first batch decides, on the reader: when it holds enough, its
 * first records become the import's dictionary. */
static void pack_decide(struct pipe_state *ps, struct batch *b)
{
	ps->z_decided = true;
	size_t total = 0;
	for (size_t i = 0; i < b->n; i++)
		total += b->ev[i].raw_len;
	if (total < RAWZ_MIN_BYTES)
		return;
	size_t len = total < RAWZ_DICT_MAX ? total : RAWZ_DICT_MAX, at = 0;
	unsigned char *d = rc_xmalloc(len);
	for (size_t i = 0; i < b->n && at < len; i++) {
		size_t k = b->ev[i].raw_len < len - at ? b->ev[i].raw_len : len - at;
		if (k)
			memcpy(d + at, b->ev[i].raw, k);
		at += k;
	}
	ps->enc = rawz_enc_new(d, len);
	sodium_memzero(d, len);
	free(d);
	if (ps->enc)
		b->dict = rawz_enc_dict(ps->enc, &b->dict_len);
}

/* Compress a batch's original bytes; side 0 is the reader, 1 the writer
 * (each has its own compression context). */
static void pack(struct pipe_state *ps, struct batch *b, int side)
{
	b->packed = true;
	b->zused = 0;
	for (size_t i = 0; i < b->n; i++) {
		b->zlen[i] = 0;
		const struct rc_event *ev = &b->ev[i];
		if (!ps->enc || !ev->raw || !ev->raw_len)
			continue;
		size_t need = rawz_bound(ev->raw_len);
		if (b->zcap - b->zused < need) {
			size_t cap = b->zcap ? b->zcap : 65536;
			while (cap - b->zused < need)
				cap *= 2;
			b->z = rc_xrealloc(b->z, cap);
			b->zcap = cap;
		}
		size_t n = rawz_compress(ps->enc, side, b->z + b->zused, need, ev->raw, ev->raw_len);
		b->zoff[i] = b->zused;
		b->zlen[i] = n;
		b->zused += n;
	}
}

/* The reader compresses when the writer has work queued (the writer is
 * the slower one), else leaves it to the writer. */
static void pack_maybe(struct pipe_state *ps, struct batch *b)
{
	if (!ps->z_decided)
		pack_decide(ps, b);
	pthread_mutex_lock(&ps->mu);
	bool writer_busy = ps->count >= QUEUE / 2;
	pthread_mutex_unlock(&ps->mu);
	if (writer_busy || !ps->enc)
		pack(ps, b, 0);
}

static bool push(struct pipe_state *ps, struct batch *b)
{
	pthread_mutex_lock(&ps->mu);
	while (ps->count == QUEUE && !ps->stop)
		pthread_cond_wait(&ps->not_full, &ps->mu);
	bool stopped = ps->stop;
	if (!stopped) {
		ps->q[(ps->head + ps->count) % QUEUE] = b;
		ps->count++;
		ps->produced += b->n;
		pthread_cond_signal(&ps->not_empty);
	}
	pthread_mutex_unlock(&ps->mu);
	if (stopped)
		batch_free(b);
	return !stopped;
}

/* A batch for the reader to fill: a written one back from the writer
 * (its events freed here, off the writing thread), or a new one. */
static struct batch *batch_get(struct pipe_state *ps)
{
	struct batch *b = NULL;
	pthread_mutex_lock(&ps->mu);
	if (ps->nspent)
		b = ps->spent[--ps->nspent];
	pthread_mutex_unlock(&ps->mu);
	if (!b)
		return rc_xcalloc(1, sizeof *b);
	for (size_t i = 0; i < b->n; i++)
		rc_event_clear(&b->ev[i]);
	b->n = 0;
	b->packed = false;
	b->dict = NULL;
	b->dict_len = 0;
	return b;
}

/* Producer side: the importer hands over events here.  The flags that
 * need only the event are computed here too, off the writing thread. */
static enum rc_status take_event(void *ud, struct rc_event *ev)
{
	struct pipe_state *ps = ud;
	if (!ps->cur)
		ps->cur = batch_get(ps);
	if (ps->opts->accept) {
		enum rc_accept a = ps->opts->accept(ps->opts->accept_ud, ev);
		if (a != RC_ACCEPT) {
			rc_event_clear(ev);
			if (a == RC_STOP)
				return RC_INVALID;
			ps->left_out++;
			return RC_OK;
		}
	}
	ev->flags = ps->opts->ctx ? rc_flags_event_memo(ps->opts->ctx, ps->memo, ev, &ev->uncertain) : 0;
	ps->cur->ev[ps->cur->n++] = *ev; /* ownership moves into the batch */
	rc_event_init(ev);
	if (ps->cur->n == BATCH) {
		struct batch *b = ps->cur;
		ps->cur = NULL;
		pack_maybe(ps, b);
		if (!push(ps, b))
			return RC_CANCELLED;
	}
	return RC_OK;
}

static void take_invalid(void *ud, const struct rc_import_error *e)
{
	struct pipe_state *ps = ud;
	__atomic_fetch_add(&ps->invalid, 1, __ATOMIC_RELAXED);
	if (ps->opts->on_invalid)
		ps->opts->on_invalid(ps->opts->invalid_ud, e);
}

static void *producer(void *arg)
{
	struct pipe_state *ps = arg;
	static _Thread_local char buf[1 << 18];
	enum rc_status st = RC_OK;
	for (;;) {
		ssize_t n = read(ps->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = rc_status_from_errno(errno);
			break;
		}
		if (n == 0) {
			st = rc_import_finish(ps->imp);
			break;
		}
		pthread_mutex_lock(&ps->mu);
		ps->bytes_read += (uint64_t)n;
		bool stop = ps->stop;
		pthread_mutex_unlock(&ps->mu);
		if (stop) {
			st = RC_CANCELLED;
			break;
		}
		received_w_feed(ps->recv, buf, (size_t)n);
		st = rc_import_feed(ps->imp, buf, (size_t)n);
		if (st != RC_OK)
			break;
	}
	if (ps->cur) {
		struct batch *b = ps->cur;
		ps->cur = NULL;
		if (b->n && st == RC_OK) {
			pack_maybe(ps, b);
			push(ps, b);
		}
		else
			batch_free(b);
	}
	pthread_mutex_lock(&ps->mu);
	ps->producer_done = true;
	ps->producer_status = st;
	pthread_cond_signal(&ps->not_empty);
	pthread_mutex_unlock(&ps->mu);
	return NULL;
}

static struct batch *pop(struct pipe_state *ps, uint64_t *bytes, uint64_t *produced)
{
	pthread_mutex_lock(&ps->mu);
	while (ps->count == 0 && !ps->producer_done)
		pthread_cond_wait(&ps->not_empty, &ps->mu);
	struct batch *b = NULL;
	if (ps->count) {
		b = ps->q[ps->head];
		ps->head = (ps->head + 1) % QUEUE;
		ps->count--;
		pthread_cond_signal(&ps->not_full);
	}
	*bytes = ps->bytes_read;
	*produced = ps->produced;
	pthread_mutex_unlock(&ps->mu);
	return b;
}

/* Progress is in bytes of the file, and after the file is read, in the
 * steps that finish the transaction.  Those take a share of the time
 * that grows with the file when the indexes are rebuilt (about three
 * quarters of the reading, measured on 200,000 and 1,000,000 events),
 * and little otherwise: the total shown is the file's size plus that
 * share, so the time left stays honest to the end. */
struct progress_map {
	const struct rc_import_file_opts *opts;
	uint64_t total; /* the file's bytes and the share of finishing; 0 unknown */
	uint64_t tail;  /* the share of finishing */
	uint64_t bytes; /* read so far */
	bool reading;
};

static bool progress_at(struct progress_map *m, uint64_t done)
{
	const struct rc_import_file_opts *o = m->opts;
	return !o->progress || o->progress(o->progress_ud, done, m->total);
}

static bool finish_progress(void *ud, uint64_t step, uint64_t steps)
{
	struct progress_map *m = ud;
	if (m->reading || !steps || !m->total)
		return progress_at(m, m->total ? m->bytes : 0);
	uint64_t base = m->total - m->tail;
	return progress_at(m, base + (step >= steps ? m->tail : m->tail / steps * step));
}

static void stop_producer(struct pipe_state *ps)
{
	pthread_mutex_lock(&ps->mu);
	ps->stop = true;
	pthread_cond_broadcast(&ps->not_full);
	pthread_mutex_unlock(&ps->mu);
}

/* Whether to switch to bulk mode now.  A log the case mostly holds
 * already (a registry's whole log again, with a few new accesses) adds
 * few rows and must not rebuild the indexes of every event the case has;
 * one that adds many, beside what the case holds, should.  Such a log
 * often has its old accesses first and the new ones last, so the answer
 * is asked again as the import goes: the new rows expected are those
 * added so far, and of the events still to come (from the reader's count
 * per byte) the share that was new among the last few thousand.  A pipe
 * (no size): once enough new rows have come. */
#define BULK_WINDOW 5000
struct bulk_watch {
	uint64_t seen0, added0; /* the window's start */
	uint64_t seen1, added1; /* its middle: the next start */
};

static bool bulk_pays(struct bulk_watch *w, const struct rc_import_counts *k, uint64_t have,
	uint64_t total_bytes, uint64_t bytes, uint64_t produced)
{
	if (k->seen >= w->seen1 + BULK_WINDOW) {
		w->seen0 = w->seen1;
		w->added0 = w->added1;
		w->seen1 = k->seen;
		w->added1 = k->added;
	}
	if (k->seen < BULK_MIN)
		return false;
	if (!total_bytes || !bytes || !produced)
		return k->added >= BULK_MIN && (have <= 10 * BULK_MIN || k->added >= have / 2);
	double events = (double)total_bytes * (double)produced / (double)bytes;
	double rest = events > (double)k->seen ? events - (double)k->seen : 0;
	double recent = (double)(k->added - w->added0) / (double)(k->seen - w->seen0);
	double expect = (double)k->added + rest * recent;
	return expect >= BULK_MIN && expect >= (double)have / 2;
}

enum rc_status rc_case_import_fd(struct rc_case *c, int fd, const struct rc_import_file_opts *opts,
	struct rc_import_file_result *res)
{
	memset(res, 0, sizeof *res);
	struct rc_event_tx *tx = NULL;
	enum rc_status st = rc_events_begin(c, opts->ctx, &tx);
	if (st != RC_OK)
		return st;
	/* An import that adds more than ~20,000 events, many beside what the
	 * case holds, rebuilds the indexes once instead of growing them (bulk
	 * mode).  Into a case without events: from the start when the file
	 * is large.  Otherwise from BULK_MIN events on, as soon as the new
	 * rows expected are many (bulk_pays). */
	uint64_t have = 0;
	if (rc_events_count(c, NULL, &have) != RC_OK)
		have = UINT64_MAX;
	if (have == 0 && opts->total_bytes / 1000 >= BULK_MIN)
		st = rc_events_bulk(tx);
	if (st != RC_OK) {
		rc_events_rollback(&tx);
		return st;
	}
	struct progress_map pm = { opts, 0, 0, 0, true };
	if (opts->total_bytes) {
		pm.tail = rc_events_is_bulk(tx) ? opts->total_bytes / 4 * 3 : opts->total_bytes / 50;
		pm.total = opts->total_bytes + pm.tail;
	}
	rc_events_on_finish(tx, finish_progress, &pm);
	struct pipe_state ps;
	memset(&ps, 0, sizeof ps);
	ps.fd = fd;
	ps.opts = opts;
	pthread_mutex_init(&ps.mu, NULL);
	pthread_cond_init(&ps.not_empty, NULL);
	pthread_cond_init(&ps.not_full, NULL);
	ps.imp = rc_import_new(opts->format, opts->origin, NULL, take_event, take_invalid, &ps);
	ps.memo = rc_flag_memo_new();
	/* the file itself is kept whole (received.c), with the events it
	 * adds: those with ids above the case's highest now */
	enum rc_status sdb = RC_OK;
	int64_t id_before = db_one_int(&c->db, "SELECT coalesce(max(id), 0) FROM event", 0, &sdb);
	ps.recv = received_w_new();
	if (!ps.recv || sdb != RC_OK ||
	    received_w_begin(c, ps.recv, opts->kind ? opts->kind : "import", opts->origin, opts->registry,
	                     opts->url) != RC_OK) {
		received_w_free(&ps.recv);
		rc_import_free(&ps.imp);
		rc_flag_memo_free(&ps.memo);
		rc_events_rollback(&tx);
		return sdb != RC_OK ? sdb : RC_NOMEM;
	}
	pthread_t th;
	if (pthread_create(&th, NULL, producer, &ps) != 0) {
		received_w_free(&ps.recv);
		rc_import_free(&ps.imp);
		rc_flag_memo_free(&ps.memo);
		rc_events_rollback(&tx);
		return RC_NOMEM;
	}
	uint64_t bytes = 0, produced = 0, flagged = 0;
	bool keep_putting = true, bulk_done = false;
	struct bulk_watch watch = { 0, 0, 0, 0 };
	double t_start = rc_mono_ms(), t_wait = 0, t_put = 0, t_pack = 0;
	for (;;) {
		double tw = rc_mono_ms();
		struct batch *b = pop(&ps, &bytes, &produced);
		t_wait += rc_mono_ms() - tw;
		if (!b)
			break;
		/* An invalid entry without skip_invalid: nothing will be kept,
		 * so stop writing but let the reader report every entry. */
		if (!opts->skip_invalid && __atomic_load_n(&ps.invalid, __ATOMIC_RELAXED))
			keep_putting = false;
		if (st == RC_OK && !bulk_done && !rc_events_is_bulk(tx) &&
		    bulk_pays(&watch, rc_events_counts(tx), have, opts->total_bytes, bytes, produced)) {
			rc_log(RC_LOG_DEBUG, "import: bulk mode after %llu events, %llu of them new",
			       (unsigned long long)rc_events_counts(tx)->seen,
			       (unsigned long long)rc_events_counts(tx)->added);
			st = rc_events_bulk(tx);
			if (opts->total_bytes) {
				pm.tail = opts->total_bytes / 4 * 3;
				pm.total = opts->total_bytes + pm.tail;
			}
		}
		/* Memory stays bounded: after RC_BULK_MAX rows the indexes are
		 * rebuilt and the rest goes in the ordinary way. */
		if (st == RC_OK && rc_events_is_bulk(tx) && rc_events_bulk_rows(tx) >= RC_BULK_MAX) {
			st = rc_events_bulk_end(tx);
			bulk_done = true;
		}
		double tp = rc_mono_ms();
		if (st == RC_OK && keep_putting && !b->packed)
			pack(&ps, b, 1);
		t_pack += rc_mono_ms() - tp;
		tp = rc_mono_ms();
		if (st == RC_OK && keep_putting && b->dict)
			st = rc_events_raw_dict(tx, b->dict, b->dict_len);
		for (size_t i = 0; st == RC_OK && keep_putting && i < b->n; i++) {
			st = b->zlen[i] ? rc_events_put_packed(tx, &b->ev[i], b->z + b->zoff[i], b->zlen[i])
			                : rc_events_put_flagged(tx, &b->ev[i]);
			if (st == RC_OK && b->ev[i].flags)
				flagged++;
		}
		if (st == RC_OK && keep_putting)
			st = received_w_store(c, ps.recv);
		t_put += rc_mono_ms() - tp;
		pthread_mutex_lock(&ps.mu);
		if (ps.nspent < sizeof ps.spent / sizeof ps.spent[0]) {
			ps.spent[ps.nspent++] = b;
			b = NULL;
		}
		pthread_mutex_unlock(&ps.mu);
		if (b)
			batch_free(b);
		pm.bytes = bytes < opts->total_bytes || !opts->total_bytes ? bytes : opts->total_bytes;
		if (st == RC_OK && !progress_at(&pm, pm.bytes))
			st = RC_CANCELLED;
		if (st != RC_OK)
			stop_producer(&ps);
	}
	pthread_join(th, NULL);
	rc_log(RC_LOG_DEBUG, "import: read+put %.0f ms; the writer waited for the reader %.0f ms, "
	       "compressed %.0f ms, wrote (SQLite) %.0f ms",
	       rc_mono_ms() - t_start, t_wait, t_pack, t_put);
	/* drain what a stopped producer left, and the spent batches */
	while (ps.count) {
		batch_free(ps.q[ps.head]);
		ps.head = (ps.head + 1) % QUEUE;
		ps.count--;
	}
	while (ps.nspent)
		batch_free(ps.spent[--ps.nspent]);
	if (st == RC_OK && ps.producer_status != RC_OK)
		st = ps.producer_status;
	res->invalid = ps.invalid;
	res->left_out = ps.left_out;
	res->format = rc_import_format_of(ps.imp);
	res->counts = *rc_events_counts(tx);
	res->flagged = flagged;
	if (st == RC_OK && ps.invalid && !opts->skip_invalid)
		st = RC_INVALID;
	pm.reading = false;
	pm.bytes = opts->total_bytes;
	if (st == RC_OK && opts->confirm)
		st = opts->confirm(opts->confirm_ud);
	char sha[65] = "";
	const char *fmt = res->format == RC_IMPORT_CSV ? "csv" : res->format == RC_IMPORT_NDJSON ? "ndjson" : "fhir";
	if (st == RC_OK) {
		received_w_end(ps.recv, sha);
		int64_t id_after = db_one_int(&c->db, "SELECT coalesce(max(id), 0) FROM event", 0, &st);
		if (st == RC_OK)
			st = received_w_finish(c, ps.recv, sha, fmt, id_before + 1, id_after);
	}
	if (st == RC_OK) {
		char what[700];
		snprintf(what, sizeof what, "%s (%s), %llu invalid skipped; %llu bytes, sha256 %s",
		         opts->origin ? opts->origin : "", fmt, (unsigned long long)ps.invalid,
		         (unsigned long long)received_w_size(ps.recv), sha);
		st = rc_events_commit(&tx, what);
	} else {
		rc_events_rollback(&tx);
	}
	rc_import_free(&ps.imp);
	rc_flag_memo_free(&ps.memo);
	received_w_free(&ps.recv);
	rawz_enc_free(&ps.enc);
	pthread_mutex_destroy(&ps.mu);
	pthread_cond_destroy(&ps.not_empty);
	pthread_cond_destroy(&ps.not_full);
	return st;
}
