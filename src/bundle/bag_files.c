/* bag_files.c - a bag's payload files, a file at a time or several at
 * once (rc_bag_file_open/write/close; bagit.h), hashed and written by a
 * second thread while the caller makes the next bytes: the evidence
 * bundle's generation of the access log and the SHA-256, SHA-512 and
 * writes of its gigabytes each get a processor (bench/bench-bundle.sh).
 *
 * The caller's thread fills 1 MB buffers and queues them; the worker
 * takes them in order, hashes them, writes them and gives the buffer
 * back.  Eight buffers in all: a caller faster than the disk waits.  A
 * folder's files are written in place.  In an archive, each file comes
 * with its size first, so a file whose size is not known yet goes to an
 * unnamed file in the destination folder (gone with the process if it
 * dies) and is copied in once it ends, when no other file is being
 * written into the archive.  Nothing of libarchive, no file of the bag,
 * is touched by both threads: the worker owns them between
 * rc_bag_begin and rc_bag_finish.  The worker's failure is an errno,
 * turned into the person's message in the caller's thread. */
#include "config.h"

#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bagit-int.h"

/* ------------------------------------------------------------------ */
/* The worker's side. */

static void fail(struct rc_bag_writer *w, int err)
{
	if (!w->werr)
		w->werr = err ? err : EIO;
}

static int ar_err(struct rc_bag_writer *w)
{
	return w->ar_errno ? w->ar_errno : EIO;
}

static bool ar_header(struct rc_bag_writer *w, const char *path, uint64_t size)
{
	char *rel = rc_path_join("data", path);
	int r = bag_ar_header(w, rel, size);
	free(rel);
	if (r != ARCHIVE_OK)
		fail(w, r == ARCHIVE_FATAL - 1 ? ENOMEM : ar_err(w));
	return r == ARCHIVE_OK;
}

static bool ar_data(struct rc_bag_writer *w, const unsigned char *p, size_t n)
{
	while (n > 0) {
		la_ssize_t k = archive_write_data(w->ar, p, n);
		if (k <= 0) {
			fail(w, ar_err(w));
			return false;
		}
		p += k;
		n -= (size_t)k;
	}
	return true;
}

static bool ar_end(struct rc_bag_writer *w)
{
	if (archive_write_finish_entry(w->ar) != ARCHIVE_OK) {
		fail(w, ar_err(w));
		return false;
	}
	return true;
}

/* Staged files whose turn has come, into the archive. */
static void flush_pending(struct rc_bag_writer *w)
{
	while (w->pending && !w->werr && !w->ar_busy) {
		struct rc_bag_out *f = w->pending;
		w->pending = f->pending;
		if (!w->pending)
			w->pending_tail = NULL;
		f->pending = NULL;
		if (!ar_header(w, f->path, f->size))
			break;
		if (lseek(f->fd, 0, SEEK_SET) != 0) {
			fail(w, errno);
			break;
		}
		uint64_t left = f->size;
		while (left > 0 && !w->werr) {
			size_t want = left > CHUNK ? CHUNK : (size_t)left;
			ssize_t k = read(f->fd, w->chunk, want);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				/* the stick went away under the staged copy */
				fail(w, k < 0 ? errno : EIO);
				break;
			}
			if (ar_data(w, w->chunk, (size_t)k))
				left -= (uint64_t)k;
		}
		if (!w->werr)
			ar_end(w);
		close(f->fd);
		f->fd = -1;
	}
}

static void do_job(struct rc_bag_writer *w, struct bag_job *j)
{
	struct rc_bag_out *f = j->f;
	if (w->werr)
		return;
	switch (j->kind) {
	case JOB_OPEN:
		if (ar_header(w, f->path, (uint64_t)f->declared))
			w->ar_busy = true;
		break;
	case JOB_DATA:
		bag_hash_update(&f->hs, j->buf, j->len);
		if (f->fd >= 0) {
			if (bag_raw_write(f->fd, j->buf, j->len) != 0)
				fail(w, errno);
			f->written += j->len;
			bag_flush_early(f->fd, f->written, &f->flushed);
		} else {
			ar_data(w, j->buf, j->len);
		}
		break;
	case JOB_CLOSE: {
		unsigned char h256[32], h512[64];
		bag_hash_final(&f->hs, h256, h512);
		rc_hex_encode(h256, sizeof h256, f->sha256);
		rc_hex_encode(h512, sizeof h512, f->sha512);
		if (f->staged) {
			if (w->pending_tail)
				w->pending_tail->pending = f;
			else
				w->pending = f;
			w->pending_tail = f;
		} else if (f->fd >= 0) {
			int r = fsync(f->fd);
			int err = errno;
			if (close(f->fd) != 0 && r == 0) {
				r = -1;
				err = errno;
			}
			f->fd = -1;
			if (r != 0)
				fail(w, err);
		} else {
			ar_end(w);
			w->ar_busy = false;
		}
		flush_pending(w);
		break;
	}
	}
}

static void *worker(void *arg)
{
	struct rc_bag_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->qn && !w->stop)
			pthread_cond_wait(&w->cv_job, &w->mu);
		if (!w->qn)
			break;
		struct bag_job j = w->q[w->qh];
		w->qh = (w->qh + 1) % BAG_QCAP;
		w->qn--;
		w->busy = true;
		pthread_mutex_unlock(&w->mu);
		do_job(w, &j);
		pthread_mutex_lock(&w->mu);
		if (j.buf)
			w->pool[w->npool++] = j.buf;
		w->busy = false;
		pthread_cond_broadcast(&w->cv_free);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The caller's side. */

void bag_worker_start(struct rc_bag_writer *w)
{
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv_job, NULL);
	pthread_cond_init(&w->cv_free, NULL);
	for (size_t i = 0; i < BAG_NBUF; i++)
		w->pool[i] = rc_xmalloc(BAG_BUF);
	w->npool = BAG_NBUF;
	w->qh = w->qn = 0;
	w->stop = w->busy = false;
	w->werr = 0;
	w->running = pthread_create(&w->thread, NULL, worker, w) == 0;
}

static void submit(struct rc_bag_writer *w, struct rc_bag_out *f, enum bag_job_kind kind, unsigned char *buf,
	size_t len)
{
	struct bag_job j = { f, kind, buf, len };
	if (!w->running) {
		/* no second thread could be made: the same work, here */
		do_job(w, &j);
		if (buf)
			w->pool[w->npool++] = buf;
		return;
	}
	pthread_mutex_lock(&w->mu);
	while (w->qn == BAG_QCAP)
		pthread_cond_wait(&w->cv_free, &w->mu);
	w->q[(w->qh + w->qn) % BAG_QCAP] = j;
	w->qn++;
	pthread_cond_signal(&w->cv_job);
	pthread_mutex_unlock(&w->mu);
}

static unsigned char *take_buf(struct rc_bag_writer *w)
{
	if (!w->running)
		return w->pool[--w->npool];
	pthread_mutex_lock(&w->mu);
	while (!w->npool)
		pthread_cond_wait(&w->cv_free, &w->mu);
	unsigned char *b = w->pool[--w->npool];
	pthread_mutex_unlock(&w->mu);
	return b;
}

static int worker_err(struct rc_bag_writer *w)
{
	if (!w->running)
		return w->werr;
	pthread_mutex_lock(&w->mu);
	int e = w->werr;
	pthread_mutex_unlock(&w->mu);
	return e;
}

enum rc_status bag_worker_sync(struct rc_bag_writer *w)
{
	if (w->running) {
		pthread_mutex_lock(&w->mu);
		while (w->qn || w->busy)
			pthread_cond_wait(&w->cv_free, &w->mu);
		int e = w->werr;
		pthread_mutex_unlock(&w->mu);
		return e ? bag_dest_error(e) : RC_OK;
	}
	return w->werr ? bag_dest_error(w->werr) : RC_OK;
}

void bag_worker_stop(struct rc_bag_writer *w)
{
	if (w->running) {
		pthread_mutex_lock(&w->mu);
		w->stop = true;
		/* what is still waiting is dropped: the bag is being removed or is done */
		while (w->qn) {
			struct bag_job *j = &w->q[w->qh];
			if (j->buf)
				w->pool[w->npool++] = j->buf;
			w->qh = (w->qh + 1) % BAG_QCAP;
			w->qn--;
		}
		pthread_cond_broadcast(&w->cv_job);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
		w->running = false;
		pthread_cond_destroy(&w->cv_job);
		pthread_cond_destroy(&w->cv_free);
		pthread_mutex_destroy(&w->mu);
	}
	for (size_t i = 0; i < w->nfiles; i++) {
		struct rc_bag_out *f = w->files[i];
		if (f->fd >= 0)
			close(f->fd);
		f->fd = -1;
		if (f->buf) {
			w->pool[w->npool++] = f->buf;
			f->buf = NULL;
		}
	}
	for (size_t i = 0; i < w->npool; i++)
		free(w->pool[i]);
	w->npool = 0;
	w->pending = w->pending_tail = NULL;
}

void bag_files_free(struct rc_bag_writer *w)
{
	for (size_t i = 0; i < w->nfiles; i++) {
		bag_hash_free(&w->files[i]->hs);
		free(w->files[i]->path);
		free(w->files[i]);
	}
	free(w->files);
	w->files = NULL;
	w->nfiles = 0;
}

/* The sticky failure, as a status with its message. */
static enum rc_status state(struct rc_bag_writer *w)
{
	if (w->broken)
		return RC_INVALID;
	int e = worker_err(w);
	if (e) {
		w->broken = true;
		return bag_dest_error(e);
	}
	return RC_OK;
}

enum rc_status rc_bag_file_open(struct rc_bag_writer *w, const char *path, int64_t size, struct rc_bag_out **out)
{
	*out = NULL;
	if (!w->begun || w->written || !w->tmp)
		return RC_INVALID;
	enum rc_status st = state(w);
	if (st != RC_OK)
		return st;
	if (!path || !rc_bag_path_ok(path) || strlen(path) > RC_BAG_PATH_MAX - 5) {
		/* TRANSLATORS: writing an evidence bundle; %s is a file name given for it (only letters A-Z, digits, ".", "_", "-" and "/" are allowed). */
		rc_error_set(_("The file name %s cannot go into a bundle."), path ? path : "");
		return RC_INVALID;
	}
	/* each open file may hold a buffer: with one always free, the worker
	 * can never wait for a file that waits for it */
	size_t open_files = 0;
	for (size_t i = 0; i < w->nfiles; i++)
		open_files += !w->files[i]->closed;
	if (open_files >= BAG_NBUF - 1)
		return RC_INVALID;
	char *rel = rc_path_join("data", path);
	st = bag_name_add(w, rel);
	if (st == RC_OK && w->fmt == RC_BAG_DIR)
		st = bag_mkdirs(w, rel);
	struct rc_bag_out *f = rc_xcalloc(1, sizeof *f);
	f->w = w;
	f->path = rc_xstrdup(path);
	f->fd = -1;
	f->declared = size;
	if (st == RC_OK && !bag_hash_init(&f->hs))
		st = RC_NOMEM;
	if (st == RC_OK && w->fmt == RC_BAG_DIR) {
		char *full = rc_path_join(w->tmp, rel);
		f->fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		int err = errno;
		free(full);
		if (f->fd < 0)
			st = bag_dest_error(err);
	} else if (st == RC_OK && (size < 0 || w->direct_open)) {
		/* an unnamed file next to the archive: removed at once, so
		 * nothing is left if the process dies */
		size_t n = strlen(w->tmp) + 16;
		char *name = rc_xmalloc(n);
		snprintf(name, n, "%s.part-XXXXXX", w->tmp);
		f->fd = mkostemp(name, O_CLOEXEC);
		int err = errno;
		if (f->fd >= 0)
			unlink(name);
		free(name);
		f->staged = true;
		if (f->fd < 0)
			st = bag_dest_error(err);
	} else if (st == RC_OK) {
		w->direct_open = true;
		submit(w, f, JOB_OPEN, NULL, 0);
	}
	free(rel);
	if (st != RC_OK) {
		if (f->fd >= 0)
			close(f->fd);
		bag_hash_free(&f->hs);
		free(f->path);
		free(f);
		if (st != RC_INVALID)
			w->broken = true;
		return st;
	}
	w->files = rc_xrealloc(w->files, (w->nfiles + 1) * sizeof *w->files);
	w->files[w->nfiles++] = f;
	*out = f;
	return RC_OK;
}

static enum rc_status too_long(const struct rc_bag_out *f)
{
	/* TRANSLATORS: writing an evidence bundle; %s is a file name inside it. */
	rc_error_set(_("The file %s changed while it was written into the bundle."), f->path);
	f->w->broken = true;
	return RC_INVALID;
}

enum rc_status rc_bag_file_write(struct rc_bag_out *f, const void *p, size_t n)
{
	struct rc_bag_writer *w = f->w;
	if (f->closed)
		return RC_INVALID;
	enum rc_status st = state(w);
	if (st != RC_OK)
		return st;
	if (f->declared >= 0 && f->size + n > (uint64_t)f->declared)
		return too_long(f);
	const unsigned char *c = p;
	f->size += n;
	while (n > 0) {
		if (!f->buf) {
			f->buf = take_buf(w);
			f->len = 0;
		}
		size_t k = BAG_BUF - f->len;
		if (k > n)
			k = n;
		memcpy(f->buf + f->len, c, k);
		f->len += k;
		c += k;
		n -= k;
		if (f->len == BAG_BUF) {
			submit(w, f, JOB_DATA, f->buf, f->len);
			f->buf = NULL;
		}
	}
	return RC_OK;
}

enum rc_status rc_bag_file_close(struct rc_bag_out *f)
{
	struct rc_bag_writer *w = f->w;
	if (f->closed)
		return RC_INVALID;
	f->closed = true;
	if (f->buf) {
		submit(w, f, JOB_DATA, f->buf, f->len);
		f->buf = NULL;
	}
	if (!f->staged && f->fd < 0)
		w->direct_open = false;
	enum rc_status st = state(w);
	if (st != RC_OK)
		return st;
	if (f->declared >= 0 && f->size != (uint64_t)f->declared)
		return too_long(f);
	submit(w, f, JOB_CLOSE, NULL, 0);
	return RC_OK;
}

enum rc_status rc_bag_file_sha256(struct rc_bag_writer *w, const char *path, char hex[65], uint64_t *size)
{
	enum rc_status st = bag_worker_sync(w);
	if (st != RC_OK) {
		w->broken = true;
		return st;
	}
	for (size_t i = 0; i < w->nfiles; i++)
		if (w->files[i]->closed && !strcmp(w->files[i]->path, path)) {
			memcpy(hex, w->files[i]->sha256, 65);
			if (size)
				*size = w->files[i]->size;
			return RC_OK;
		}
	return RC_NOTFOUND;
}
