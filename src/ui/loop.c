/* loop.c - the one poll() loop of the interface: registered file
 * descriptors (the keyboard, the signal pipe, later libcurl's sockets),
 * timers (the idle lock, countdowns, a repaint while a task runs, later
 * libcurl's timeout), and a task runner that does one long operation on
 * a worker thread and tells the loop through a pipe when it is done.
 *
 * Callbacks run on the loop's thread, one after the other; they change
 * state and mark what is dirty, and never draw: ui.c paints between two
 * turns.  There is one loop per process (one terminal), so the calls
 * take no loop argument.  No curses here, and nothing of struct ui:
 * tests/unit/test_loop.c drives it alone.  API: ui-int.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui-int.h"

struct watch {
	int id;
	int fd;
	short events;
	ui_fd_fn cb;
	void *ud;
};

struct timer {
	int id;
	double due;     /* rc_mono_ms() */
	double every;   /* 0: once */
	ui_timer_fn cb;
	void *ud;
};

/* The task: at most one.  The worker reads fn/arg and writes the
 * progress and the end byte; everything else belongs to the loop's
 * thread. */
struct task {
	bool running;
	pthread_t th;
	ui_task_fn fn, done;
	void *arg;
	int pipe[2];              /* the worker writes one byte to [1] when fn returned */
	int watch;                /* [0] as a source */
	_Atomic uint64_t p_done, p_total;
	atomic_bool cancel;
#ifdef RC_TEST_HOOKS
	int slow_ms;              /* each progress call waits this long (tests) */
#endif
};

static struct loop {
	struct watch *w;
	size_t nw, capw;
	struct timer *t;
	size_t nt, capt;
	int last_id;
	struct pollfd *pf;        /* poll()'s set, rebuilt each turn */
	int *pf_id;               /* the watch of each entry */
	size_t cappf;
	struct task task;
} L = { .task = { .pipe = { -1, -1 } } };

static int new_id(void)
{
	if (L.last_id == INT32_MAX)
		L.last_id = 0;
	return ++L.last_id;
}

/* ------------------------------------------------------------------ */
/* File descriptors. */

static struct watch *watch_find(int id)
{
	for (size_t i = 0; id > 0 && i < L.nw; i++)
		if (L.w[i].id == id)
			return &L.w[i];
	return NULL;
}

int ui_watch_fd(int fd, short events, ui_fd_fn cb, void *ud)
{
	if (fd < 0 || !cb)
		return 0;
	if (L.nw == L.capw) {
		L.capw = L.capw ? L.capw * 2 : 8;
		L.w = rc_xrealloc(L.w, L.capw * sizeof *L.w);
	}
	struct watch *w = &L.w[L.nw++];
	w->id = new_id();
	w->fd = fd;
	w->events = events;
	w->cb = cb;
	w->ud = ud;
	return w->id;
}

void ui_watch_events(int id, short events)
{
	struct watch *w = watch_find(id);
	if (w)
		w->events = events;
}

void ui_unwatch(int id)
{
	struct watch *w = watch_find(id);
	if (!w)
		return;
	/* Keep the order: sources are served in the order they came. */
	size_t i = (size_t)(w - L.w);
	memmove(&L.w[i], &L.w[i + 1], (L.nw - i - 1) * sizeof *L.w);
	L.nw--;
}

/* ------------------------------------------------------------------ */
/* Timers: a short list (a handful, plus libcurl's one), searched whole. */

static struct timer *timer_find(int id)
{
	for (size_t i = 0; id > 0 && i < L.nt; i++)
		if (L.t[i].id == id)
			return &L.t[i];
	return NULL;
}

static int timer_new(double ms, double every, ui_timer_fn cb, void *ud)
{
	if (!cb)
		return 0;
	if (L.nt == L.capt) {
		L.capt = L.capt ? L.capt * 2 : 8;
		L.t = rc_xrealloc(L.t, L.capt * sizeof *L.t);
	}
	struct timer *t = &L.t[L.nt++];
	t->id = new_id();
	t->due = rc_mono_ms() + (ms > 0 ? ms : 0);
	t->every = every;
	t->cb = cb;
	t->ud = ud;
	return t->id;
}

int ui_timer_add(double ms, ui_timer_fn cb, void *ud)
{
	return timer_new(ms, 0, cb, ud);
}

int ui_timer_every(double ms, ui_timer_fn cb, void *ud)
{
	if (ms < 1)
		ms = 1; /* a repeating timer of 0 ms would never let poll() run */
	return timer_new(ms, ms, cb, ud);
}

void ui_timer_cancel(int id)
{
	struct timer *t = timer_find(id);
	if (!t)
		return;
	*t = L.t[--L.nt];
}

/* The timer due first (the earlier made on a tie), due by `now`, or NULL. */
static struct timer *timer_due(double now)
{
	struct timer *best = NULL;
	for (size_t i = 0; i < L.nt; i++) {
		struct timer *t = &L.t[i];
		if (t->due > now)
			continue;
		if (!best || t->due < best->due || (t->due == best->due && t->id < best->id))
			best = t;
	}
	return best;
}

static int timeout_ms(int max_ms)
{
	if (L.nt == 0)
		return max_ms;
	double next = L.t[0].due;
	for (size_t i = 1; i < L.nt; i++)
		if (L.t[i].due < next)
			next = L.t[i].due;
	double left = next - rc_mono_ms();
	/* Rounded up: waking a little late is fine, waking early only spins. */
	int ms = left <= 0 ? 0 : left >= INT32_MAX ? INT32_MAX : (int)ceil(left);
	return max_ms >= 0 && max_ms < ms ? max_ms : ms;
}

/* ------------------------------------------------------------------ */
/* One turn. */

int ui_loop_turn(int max_ms)
{
	if (L.cappf < L.nw) {
		L.cappf = L.nw;
		L.pf = rc_xrealloc(L.pf, L.cappf * sizeof *L.pf);
		L.pf_id = rc_xrealloc(L.pf_id, L.cappf * sizeof *L.pf_id);
	}
	nfds_t n = 0;
	for (size_t i = 0; i < L.nw; i++) {
		if (!L.w[i].events)
			continue; /* paused */
		L.pf[n].fd = L.w[i].fd;
		L.pf[n].events = L.w[i].events;
		L.pf[n].revents = 0;
		L.pf_id[n] = L.w[i].id;
		n++;
	}
	int pr = poll(L.pf, n, timeout_ms(max_ms));
	if (pr < 0 && errno != EINTR)
		return -1;
	int ran = 0;
	/* Sources first, in the order they were registered.  A callback may
	 * add or remove sources and timers: each is looked up again by id. */
	for (nfds_t i = 0; pr > 0 && i < n; i++) {
		if (!L.pf[i].revents)
			continue;
		struct watch *w = watch_find(L.pf_id[i]);
		if (!w)
			continue; /* removed by an earlier callback of this turn */
		w->cb(w->fd, L.pf[i].revents, w->ud);
		ran++;
	}
	/* Then the timers due now, earliest first.  A repeating timer is set
	 * again from now before it runs; one added during this turn waits
	 * for the next (its due time is after `now`). */
	double now = rc_mono_ms();
	struct timer *t;
	while ((t = timer_due(now)) != NULL) {
		ui_timer_fn cb = t->cb;
		void *ud = t->ud;
		if (t->every > 0)
			t->due = now + t->every;
		else
			*t = L.t[--L.nt];
		cb(ud);
		ran++;
	}
	return ran;
}

void ui_loop_reset(void)
{
	ui_task_wait();
	free(L.w);
	free(L.t);
	free(L.pf);
	free(L.pf_id);
	L.w = NULL;
	L.t = NULL;
	L.pf = NULL;
	L.pf_id = NULL;
	L.nw = L.capw = L.nt = L.capt = L.cappf = 0;
}

/* ------------------------------------------------------------------ */
/* Tasks. */

static void *task_main(void *p)
{
	struct task *t = p;
	t->fn(t->arg);
	unsigned char b = 1;
	/* The pipe is empty (one byte per task): this write does not block. */
	while (write(t->pipe[1], &b, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* The worker has written its byte (or is about to): join it, then
 * done(arg) here, on the loop's thread. */
static void task_finish(void)
{
	struct task *t = &L.task;
	pthread_join(t->th, NULL);
	ui_unwatch(t->watch);
	close(t->pipe[0]);
	close(t->pipe[1]);
	t->pipe[0] = t->pipe[1] = -1;
	t->watch = 0;
	t->running = false;
	ui_task_fn done = t->done;
	void *arg = t->arg;
	t->fn = t->done = NULL;
	t->arg = NULL;
	if (done)
		done(arg);
}

static void task_ended(int fd, short revents, void *ud)
{
	unsigned char b;
	if (read(fd, &b, 1) != 1 && !(revents & (POLLHUP | POLLERR)))
		return; /* a spurious wake-up: the byte has not come yet */
	task_finish();
}

bool ui_task_run(ui_task_fn fn, void *arg, ui_task_fn done)
{
	struct task *t = &L.task;
	if (t->running || !fn)
		return false;
	if (pipe2(t->pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return false;
	t->fn = fn;
	t->done = done;
	t->arg = arg;
	atomic_store(&t->p_done, 0);
	atomic_store(&t->p_total, 0);
	atomic_store(&t->cancel, false);
	/* The worker takes no signals: they go to the loop's thread, whose
	 * handler writes to the signal pipe; the worker's system calls are
	 * not cut short. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int e = pthread_create(&t->th, NULL, task_main, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		close(t->pipe[0]);
		close(t->pipe[1]);
		t->pipe[0] = t->pipe[1] = -1;
		return false;
	}
	t->running = true;
	t->watch = ui_watch_fd(t->pipe[0], POLLIN, task_ended, NULL);
	return true;
}

bool ui_task_running(void)
{
	return L.task.running;
}

void ui_task_wait(void)
{
	struct task *t = &L.task;
	if (!t->running)
		return;
	struct pollfd pf = { t->pipe[0], POLLIN, 0 };
	while (poll(&pf, 1, -1) < 0 && errno == EINTR)
		;
	task_finish();
}

#ifdef RC_TEST_HOOKS
void ui_task_test_slow(int ms)
{
	L.task.slow_ms = ms > 0 ? ms : 0;
}
#endif

bool ui_task_progress(void *ud, uint64_t done, uint64_t total)
{
	(void)ud;
#ifdef RC_TEST_HOOKS
	if (L.task.slow_ms)
		usleep((useconds_t)L.task.slow_ms * 1000);
#endif
	atomic_store(&L.task.p_done, done);
	atomic_store(&L.task.p_total, total);
	return !atomic_load(&L.task.cancel);
}

void ui_task_progress_get(uint64_t *done, uint64_t *total)
{
	*done = atomic_load(&L.task.p_done);
	*total = atomic_load(&L.task.p_total);
}

void ui_task_cancel(void)
{
	if (L.task.running)
		atomic_store(&L.task.cancel, true);
}

bool ui_task_cancelled(void)
{
	return atomic_load(&L.task.cancel);
}
