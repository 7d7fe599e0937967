/* netpump.c - the network in the loop: a registry's answers are fetched by
 * libcurl's multi interface on the loop's thread (src/net/multi.c, its
 * sockets and timer registered as the loop's sources), so the interface
 * never waits on the network.  An operation running on the task's worker
 * (a sync) makes its GETs through ui_net_get, on a thread of its own: the
 * request goes to the loop through a pipe, the body comes back through a
 * bounded buffer that this thread drains into the operation's body
 * function (which may block: it feeds the importer); when the buffer is
 * full the transfer pauses, and resumes when it has room.
 *
 *   loop thread:    pipe -> rc_net_multi_get -> take() fills the buffer
 *   caller thread:  ui_net_get waits, hands each piece to fn, asks resume */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui-int.h"

#define PUMP_CAP ((size_t)1 << 20)   /* body bytes held between the threads */
#define PUMP_PIECE ((size_t)64 << 10) /* handed to fn at a time */

enum msg_kind { MSG_START, MSG_RESUME, MSG_CANCEL };

struct pump {
	/* the request (the caller's, read by the loop) */
	const char *url, *accept;
	const struct rc_net_opts *o;
	/* shared, under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *buf;
	size_t cap, head, len;         /* a ring of cap bytes (PUMP_CAP, more
	                                * when one piece is larger) */
	bool paused;                   /* take() said no: resume when half empty */
	bool resume_asked;
	bool done;
	unsigned posted;               /* messages the loop has not handled yet */
	enum rc_status st;
	struct rc_net_result res;
	char msg[600];
	/* the loop's */
	struct rc_net_xfer *x;
};

struct msg {
	enum msg_kind kind;
	struct pump *p;
};

static struct {
	struct rc_net_multi *m;
	int pipe[2];
	int watch;
	pthread_mutex_t wmu;           /* one writer of the pipe at a time */
	atomic_bool stopping;          /* the loop ends: nothing more is started */
	atomic_ulong resumes;          /* transfers paused then resumed (tests) */
} N = { .pipe = { -1, -1 }, .wmu = PTHREAD_MUTEX_INITIALIZER };

/* p->mu not held. */
static void post(enum msg_kind k, struct pump *p)
{
	struct msg m = { k, p };
	pthread_mutex_lock(&p->mu);
	p->posted++;
	pthread_mutex_unlock(&p->mu);
	pthread_mutex_lock(&N.wmu);
	const char *q = (const char *)&m;
	size_t left = sizeof m;
	while (left) {
		ssize_t w = write(N.pipe[1], q, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		q += w;
		left -= (size_t)w;
	}
	pthread_mutex_unlock(&N.wmu);
}

/* ---- on the loop's thread ---- */

static size_t take(void *ud, const void *data, size_t n)
{
	struct pump *p = ud;
	pthread_mutex_lock(&p->mu);
	if (p->len == 0 && n > p->cap) {
		/* one piece larger than the ring (libcurl may give what it held
		 * while paused at once): the ring grows, empty as it is */
		unsigned char *b = realloc(p->buf, n);
		if (!b) {
			pthread_mutex_unlock(&p->mu);
			return (size_t)-1;
		}
		p->buf = b;
		p->cap = n;
		p->head = 0;
	}
	if (p->len + n > p->cap) {
		p->paused = true;
		pthread_mutex_unlock(&p->mu);
		return 0;
	}
	const unsigned char *s = data;
	size_t tail = (p->head + p->len) % p->cap;
	size_t first = n < p->cap - tail ? n : p->cap - tail;
	memcpy(p->buf + tail, s, first);
	memcpy(p->buf, s + first, n - first);
	p->len += n;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return n;
}

static void done(void *ud, enum rc_status st, const struct rc_net_result *res, const char *msg)
{
	struct pump *p = ud;
	pthread_mutex_lock(&p->mu);
	p->x = NULL;
	p->done = true;
	p->st = st;
	p->res = *res;
	snprintf(p->msg, sizeof p->msg, "%s", msg ? msg : "");
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static void on_pipe(int fd, short revents, void *ud)
{
	(void)revents;
	(void)ud;
	struct msg m;
	for (;;) {
		ssize_t r = read(fd, &m, sizeof m);
		if (r != (ssize_t)sizeof m)
			return; /* empty (non-blocking), or gone */
		struct pump *p = m.p;
		struct rc_net_xfer *x;
		switch (m.kind) {
		case MSG_START:
			if (atomic_load(&N.stopping)) {
				struct rc_net_result none = { .retry_after_s = -1 };
				done(p, RC_CANCELLED, &none, rc_status_message(RC_CANCELLED));
				break;
			}
			x = rc_net_multi_get(N.m, p->url, p->accept, p->o, take, done, p);
			if (!x) {
				struct rc_net_result none = { .retry_after_s = -1 };
				done(p, RC_BADREG, &none, *rc_error_detail() ? rc_error_detail() : rc_status_message(RC_NOMEM));
			} else {
				pthread_mutex_lock(&p->mu);
				p->x = x;
				pthread_mutex_unlock(&p->mu);
			}
			break;
		case MSG_RESUME:
			pthread_mutex_lock(&p->mu);
			p->resume_asked = false;
			p->paused = false;
			x = p->x;
			pthread_mutex_unlock(&p->mu);
			if (x)
				rc_net_xfer_resume(x); /* may call take and done */
			break;
		case MSG_CANCEL:
			pthread_mutex_lock(&p->mu);
			x = p->x;
			pthread_mutex_unlock(&p->mu);
			if (x)
				rc_net_xfer_cancel(x); /* calls done */
			break;
		}
		/* the last thing the loop does with p: the caller may free it */
		pthread_mutex_lock(&p->mu);
		p->posted--;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

bool ui_net_start(void)
{
	if (N.m)
		return true;
	if (pipe2(N.pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return false;
	/* the writers block (a message is small, the reader is the loop) */
	fcntl(N.pipe[1], F_SETFL, fcntl(N.pipe[1], F_GETFL) & ~O_NONBLOCK);
	static const struct rc_net_loop loop = {
		.watch = ui_watch_fd, .rewatch = ui_watch_events, .unwatch = ui_unwatch,
		.timer = ui_timer_add, .untimer = ui_timer_cancel,
	};
	N.m = rc_net_multi_new(&loop);
	N.watch = N.m ? ui_watch_fd(N.pipe[0], POLLIN, on_pipe, NULL) : 0;
	if (!N.m || !N.watch) {
		rc_net_multi_free(&N.m);
		close(N.pipe[0]);
		close(N.pipe[1]);
		N.pipe[0] = N.pipe[1] = -1;
		return false;
	}
	return true;
}

/* The loop ends: what waits for a transfer is told it was cancelled
 * (the task's worker can then end; ui_loop_reset waits for it).  The
 * pipe stays open: a caller may still write to it. */
void ui_net_stop(void)
{
	if (!N.m)
		return;
	atomic_store(&N.stopping, true);
	on_pipe(N.pipe[0], POLLIN, NULL);
	rc_net_multi_cancel_all(N.m);
	ui_unwatch(N.watch);
	N.watch = 0;
}

unsigned long ui_net_resumes(void)
{
	return atomic_load(&N.resumes);
}

size_t ui_net_running(void)
{
	return rc_net_multi_running(N.m);
}

/* ---- on the caller's thread (never the loop's) ---- */

enum rc_status ui_net_get(void *get_ud, const char *url, const char *accept, const struct rc_net_opts *o,
	rc_net_body_fn fn, void *ud, struct rc_net_result *res)
{
	(void)get_ud;
	memset(res, 0, sizeof *res);
	res->retry_after_s = -1;
	if (!N.m)
		return rc_net_get(url, accept, o, fn, ud, res);
	if (atomic_load(&N.stopping))
		return RC_CANCELLED;
	struct pump *p = calloc(1, sizeof *p);
	unsigned char *piece = malloc(PUMP_PIECE);
	if (p)
		p->buf = malloc(PUMP_CAP);
	if (!p || !p->buf || !piece) {
		if (p)
			free(p->buf);
		free(p);
		free(piece);
		return RC_NOMEM;
	}
	p->cap = PUMP_CAP;
	p->url = url;
	p->accept = accept;
	p->o = o;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	post(MSG_START, p);
	enum rc_status stop = RC_OK;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->len && stop == RC_OK) {
			size_t n = p->len < PUMP_PIECE ? p->len : PUMP_PIECE;
			size_t first = n < p->cap - p->head ? n : p->cap - p->head;
			memcpy(piece, p->buf + p->head, first);
			memcpy(piece + first, p->buf, n - first);
			p->head = (p->head + n) % p->cap;
			p->len -= n;
			bool ask = p->paused && !p->resume_asked && p->len <= p->cap / 2;
			if (ask)
				p->resume_asked = true;
			pthread_mutex_unlock(&p->mu);
			if (ask) {
				atomic_fetch_add(&N.resumes, 1);
				post(MSG_RESUME, p);
			}
			stop = fn ? fn(ud, piece, n) : RC_OK;
			if (stop != RC_OK)
				post(MSG_CANCEL, p); /* the body function stopped it */
			pthread_mutex_lock(&p->mu);
			continue;
		}
		if (p->len && stop != RC_OK) {
			p->len = 0; /* dropped: the transfer is being stopped */
			continue;
		}
		if (p->done && (!p->posted || atomic_load(&N.stopping)))
			break;
		pthread_cond_wait(&p->cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	enum rc_status st = stop != RC_OK ? stop : p->st;
	*res = p->res;
	if (stop == RC_OK)
		rc_error_set("%s", p->msg);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->buf);
	free(p);
	free(piece);
	return st;
}
