/* test_loop.c - the interface's event loop (src/ui/loop.c) on its own:
 * file descriptors and their events, timers in order and cancelled, a
 * task whose done callback runs on the loop's thread, a cancel that
 * reaches the worker.  No terminal is needed. */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>

#include "testutil.h"
#include "ui-int.h"

/* Turns until *flag or ms have passed; how many turns it took. */
static int turn_until(const bool *flag, double ms)
{
	double end = rc_mono_ms() + ms;
	int turns = 0;
	while (!*flag && rc_mono_ms() < end) {
		assert_true(ui_loop_turn((int)(end - rc_mono_ms()) + 1) >= 0);
		turns++;
	}
	return turns;
}

static int teardown(void **state)
{
	(void)state;
	ui_loop_reset();
	return 0;
}

/* ------------------------------------------------------------------ */
/* File descriptors. */

struct fd_seen {
	int calls;
	int fd;
	short revents;
	bool flag;
};

static void on_fd(int fd, short revents, void *ud)
{
	struct fd_seen *s = ud;
	s->calls++;
	s->fd = fd;
	s->revents = revents;
	s->flag = true;
	if (revents & POLLIN) {
		char b[16];
		while (read(fd, b, sizeof b) > 0)
			;
	}
}

static void test_fd_readable(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	struct fd_seen s = { 0 };
	int id = ui_watch_fd(p[0], POLLIN, on_fd, &s);
	assert_true(id > 0);
	/* Nothing to read: the turn times out and calls nothing. */
	assert_int_equal(ui_loop_turn(20), 0);
	assert_int_equal(s.calls, 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(ui_loop_turn(1000), 1);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.fd, p[0]);
	assert_true(s.revents & POLLIN);
	/* Paused (events 0): not polled; resumed: called. */
	ui_watch_events(id, 0);
	assert_int_equal(write(p[1], "y", 1), 1);
	assert_int_equal(ui_loop_turn(20), 0);
	assert_int_equal(s.calls, 1);
	ui_watch_events(id, POLLIN);
	assert_int_equal(ui_loop_turn(1000), 1);
	assert_int_equal(s.calls, 2);
	/* Unwatched: never again, and a stale id does nothing. */
	ui_unwatch(id);
	ui_unwatch(id);
	ui_unwatch(0);
	assert_int_equal(write(p[1], "z", 1), 1);
	assert_int_equal(ui_loop_turn(20), 0);
	assert_int_equal(s.calls, 2);
	close(p[0]);
	close(p[1]);
}

static void test_fd_events_changed(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	/* The write end: POLLIN never comes; switched to POLLOUT (as
	 * libcurl's CURL_POLL_OUT would), it is ready at once. */
	struct fd_seen s = { 0 };
	int id = ui_watch_fd(p[1], POLLIN, on_fd, &s);
	assert_int_equal(ui_loop_turn(20), 0);
	ui_watch_events(id, POLLOUT);
	assert_int_equal(ui_loop_turn(1000), 1);
	assert_true(s.revents & POLLOUT);
	ui_unwatch(id);
	close(p[0]);
	close(p[1]);
}

/* A callback that removes a source another ready source would call in
 * the same turn: the removed one is not called. */
struct two {
	int ids[2];
	int calls[2];
};

static void on_first(int fd, short revents, void *ud)
{
	struct two *t = ud;
	t->calls[0]++;
	ui_unwatch(t->ids[1]);
}

static void on_second(int fd, short revents, void *ud)
{
	struct two *t = ud;
	t->calls[1]++;
}

static void test_fd_removed_in_turn(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	struct two t = { { 0 }, { 0 } };
	t.ids[0] = ui_watch_fd(p[0], POLLIN, on_first, &t);
	t.ids[1] = ui_watch_fd(p[0], POLLIN, on_second, &t);
	assert_int_equal(ui_loop_turn(1000), 1);
	assert_int_equal(t.calls[0], 1);
	assert_int_equal(t.calls[1], 0);
	ui_unwatch(t.ids[0]);
	close(p[0]);
	close(p[1]);
}

/* ------------------------------------------------------------------ */
/* Timers. */

struct order {
	int seen[16];
	int n;
	bool all;
	int want;
	double at[16];
};

struct tag {
	struct order *o;
	int v;
};

static void on_timer(void *ud)
{
	struct tag *t = ud;
	t->o->at[t->o->n] = rc_mono_ms();
	t->o->seen[t->o->n++] = t->v;
	if (t->o->n == t->o->want)
		t->o->all = true;
}

static void test_timers_in_order(void **state)
{
	(void)state;
	struct order o = { .want = 4 };
	struct tag t30 = { &o, 30 }, t10 = { &o, 10 }, t20 = { &o, 20 }, t20b = { &o, 21 }, tx = { &o, 99 };
	double t0 = rc_mono_ms();
	ui_timer_add(60, on_timer, &t30);
	ui_timer_add(20, on_timer, &t10);
	ui_timer_add(40, on_timer, &t20);
	int gone = ui_timer_add(30, on_timer, &tx);
	ui_timer_add(40, on_timer, &t20b); /* 40 ms too, made after t20 */
	ui_timer_cancel(gone);
	ui_timer_cancel(gone); /* twice: nothing */
	turn_until(&o.all, 2000);
	assert_true(o.all);
	assert_int_equal(o.seen[0], 10);
	assert_int_equal(o.seen[1], 20);
	assert_int_equal(o.seen[2], 21);
	assert_int_equal(o.seen[3], 30);
	/* Never early. */
	assert_true(o.at[0] - t0 >= 20);
	assert_true(o.at[3] - t0 >= 60);
	/* The cancelled one never ran, even later. */
	ui_loop_turn(50);
	assert_int_equal(o.n, 4);
}

/* The poll() waits for the nearest timer, not longer, not busily. */
static void test_timer_is_the_timeout(void **state)
{
	(void)state;
	struct order o = { .want = 1 };
	struct tag t = { &o, 1 };
	ui_timer_add(80, on_timer, &t);
	ui_timer_add(5000, on_timer, &t);
	double t0 = rc_mono_ms();
	int turns = turn_until(&o.all, 3000);
	double took = rc_mono_ms() - t0;
	assert_true(o.all);
	assert_true(took >= 80);
	assert_true(took < 1000);
	assert_true(turns <= 3); /* one wait, maybe one more for rounding */
}

struct rep {
	int calls;
	int id;
	bool done;
};

static void on_repeat(void *ud)
{
	struct rep *r = ud;
	if (++r->calls == 3) {
		ui_timer_cancel(r->id);
		r->done = true;
	}
}

static void test_timer_repeats_until_cancelled(void **state)
{
	(void)state;
	struct rep r = { 0 };
	r.id = ui_timer_every(10, on_repeat, &r);
	assert_true(r.id > 0);
	turn_until(&r.done, 2000);
	assert_int_equal(r.calls, 3);
	ui_loop_turn(50);
	assert_int_equal(r.calls, 3);
}

/* A timer made by a timer's callback, due at once, runs on the next
 * turn (a turn never loops on its own timers). */
struct chain {
	int calls;
	bool done;
};

static void on_chain(void *ud)
{
	struct chain *c = ud;
	if (++c->calls < 3)
		ui_timer_add(0, on_chain, c);
	else
		c->done = true;
}

static void test_timer_added_in_callback(void **state)
{
	(void)state;
	struct chain c = { 0 };
	ui_timer_add(0, on_chain, &c);
	assert_int_equal(ui_loop_turn(1000), 1);
	assert_int_equal(c.calls, 1);
	assert_int_equal(ui_loop_turn(1000), 1);
	assert_int_equal(c.calls, 2);
	assert_int_equal(ui_loop_turn(1000), 1);
	assert_true(c.done);
}

/* ------------------------------------------------------------------ */
/* Tasks. */

struct job {
	pthread_t worker, done_on;
	atomic_bool go;
	bool done;
	int done_calls;
	bool cancelled_in_done;
	uint64_t steps;
	bool stopped_by_cancel;
};

static void work_wait_go(void *p)
{
	struct job *j = p;
	j->worker = pthread_self();
	while (!atomic_load(&j->go))
		usleep(1000);
}

static void job_done(void *p)
{
	struct job *j = p;
	j->done_on = pthread_self();
	j->done_calls++;
	j->done = true;
	j->cancelled_in_done = ui_task_cancelled();
}

static void test_task_done_on_loop_thread(void **state)
{
	(void)state;
	struct job j = { 0 };
	assert_false(ui_task_running());
	assert_true(ui_task_run(work_wait_go, &j, job_done));
	assert_true(ui_task_running());
	/* One at a time. */
	assert_false(ui_task_run(work_wait_go, &j, job_done));
	/* The loop is not held up by the worker: timers still run. */
	struct order o = { .want = 1 };
	struct tag t = { &o, 1 };
	ui_timer_add(10, on_timer, &t);
	turn_until(&o.all, 2000);
	assert_true(o.all);
	assert_false(j.done);
	atomic_store(&j.go, true);
	/* done() is called by a turn of the loop, never by the worker. */
	turn_until(&j.done, 5000);
	assert_true(j.done);
	assert_int_equal(j.done_calls, 1);
	assert_false(ui_task_running());
	assert_true(pthread_equal(j.done_on, pthread_self()));
	assert_false(pthread_equal(j.worker, pthread_self()));
	assert_false(j.cancelled_in_done);
	/* The next task may start. */
	j.done = false;
	assert_true(ui_task_run(work_wait_go, &j, job_done));
	turn_until(&j.done, 5000);
	assert_int_equal(j.done_calls, 2);
}

/* A long operation as recourse's are: it reports progress through an
 * rc_progress_fn and stops when that returns false. */
static bool long_operation(rc_progress_fn progress, void *ud, uint64_t *steps)
{
	double end = rc_mono_ms() + 20000;
	for (uint64_t i = 1; rc_mono_ms() < end; i++) {
		*steps = i;
		if (!progress(ud, i, 0))
			return false;
		usleep(500);
	}
	return true;
}

static void work_until_cancelled(void *p)
{
	struct job *j = p;
	j->stopped_by_cancel = !long_operation(ui_task_progress, NULL, &j->steps);
}

struct watcher {
	bool seen;
};

static void on_watch_progress(void *ud)
{
	struct watcher *w = ud;
	uint64_t done, total;
	ui_task_progress_get(&done, &total);
	if (done >= 5)
		w->seen = true;
}

static void test_task_cancel_reaches_worker(void **state)
{
	(void)state;
	struct job j = { 0 };
	assert_true(ui_task_run(work_until_cancelled, &j, job_done));
	/* Progress reaches the loop's thread, read by a repeating timer as
	 * the screen reads it at paint time. */
	struct watcher w = { 0 };
	int id = ui_timer_every(5, on_watch_progress, &w);
	turn_until(&w.seen, 5000);
	ui_timer_cancel(id);
	assert_true(w.seen);
	assert_false(ui_task_cancelled());
	double t0 = rc_mono_ms();
	ui_task_cancel();
	turn_until(&j.done, 5000);
	assert_true(j.done);
	assert_true(rc_mono_ms() - t0 < 2000); /* far before the 20 s it would take */
	assert_true(j.stopped_by_cancel);
	assert_true(j.cancelled_in_done);
	assert_true(j.steps >= 5);
	/* The next task starts uncancelled. */
	j.done = false;
	atomic_store(&j.go, true);
	assert_true(ui_task_run(work_wait_go, &j, job_done));
	assert_false(ui_task_cancelled());
	turn_until(&j.done, 5000);
	assert_false(j.cancelled_in_done);
}

static void test_task_wait(void **state)
{
	(void)state;
	struct job j = { 0 };
	atomic_store(&j.go, true);
	assert_true(ui_task_run(work_wait_go, &j, job_done));
	ui_task_wait();
	assert_true(j.done);
	assert_false(ui_task_running());
	assert_true(pthread_equal(j.done_on, pthread_self()));
	ui_task_wait(); /* none running: returns */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_fd_readable, teardown),
		cmocka_unit_test_teardown(test_fd_events_changed, teardown),
		cmocka_unit_test_teardown(test_fd_removed_in_turn, teardown),
		cmocka_unit_test_teardown(test_timers_in_order, teardown),
		cmocka_unit_test_teardown(test_timer_is_the_timeout, teardown),
		cmocka_unit_test_teardown(test_timer_repeats_until_cancelled, teardown),
		cmocka_unit_test_teardown(test_timer_added_in_callback, teardown),
		cmocka_unit_test_teardown(test_task_done_on_loop_thread, teardown),
		cmocka_unit_test_teardown(test_task_cancel_reaches_worker, teardown),
		cmocka_unit_test_teardown(test_task_wait, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
