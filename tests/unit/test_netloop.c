/* test_netloop.c - HTTP transfers in the interface's poll() loop
 * (src/net/multi.c, src/ui/netpump.c) against a small server on a thread
 * of this test, on 127.0.0.1: a body of 3 MiB arrives whole and in order
 * through a taker that pauses and resumes; through ui_net_get a slow
 * reader on another thread gets it whole while the loop turns (the 1 MiB
 * ring pauses the transfer); a 404 and a redirect are refused with
 * rc_net_get's verdicts; a body function that stops ends the transfer;
 * cancelling calls done at once.  No terminal is needed. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"
#include "ui-int.h"

#define BODY ((size_t)3 << 20)

static int srv_fd = -1, srv_port;
static pthread_t srv_th;
static atomic_int srv_conns;

static unsigned char pat(size_t i)
{
	return (unsigned char)(i % 251);
}

static void write_all(int fd, const void *p, size_t n)
{
	const char *q = p;
	while (n) {
		ssize_t w = send(fd, q, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		q += w;
		n -= (size_t)w;
	}
}

static void *serve(void *arg)
{
	(void)arg;
	for (;;) {
		int c = accept(srv_fd, NULL, NULL);
		if (c < 0)
			return NULL;
		atomic_fetch_add(&srv_conns, 1);
		char req[4096];
		size_t got = 0;
		while (got < sizeof req - 1) {
			ssize_t r = recv(c, req + got, sizeof req - 1 - got, 0);
			if (r <= 0)
				break;
			got += (size_t)r;
			req[got] = 0;
			if (strstr(req, "\r\n\r\n"))
				break;
		}
		req[got] = 0;
		char head[256];
		if (strstr(req, "GET /missing ")) {
			snprintf(head, sizeof head, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
			write_all(c, head, strlen(head));
		} else if (strstr(req, "GET /moved ")) {
			snprintf(head, sizeof head, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:9/x\r\n"
			                            "Content-Length: 0\r\nConnection: close\r\n\r\n");
			write_all(c, head, strlen(head));
		} else {
			snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
			                            "Content-Length: %zu\r\nConnection: close\r\n\r\n", BODY);
			write_all(c, head, strlen(head));
			unsigned char chunk[8192];
			for (size_t off = 0; off < BODY; off += sizeof chunk) {
				size_t n = BODY - off < sizeof chunk ? BODY - off : sizeof chunk;
				for (size_t i = 0; i < n; i++)
					chunk[i] = pat(off + i);
				write_all(c, chunk, n);
			}
		}
		close(c);
	}
}

static int setup(void **state)
{
	(void)state;
	rc_net_global_init();
	srv_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(srv_fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(srv_fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(srv_fd, 8), 0);
	socklen_t l = sizeof a;
	assert_int_equal(getsockname(srv_fd, (struct sockaddr *)&a, &l), 0);
	srv_port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&srv_th, NULL, serve, NULL), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	shutdown(srv_fd, SHUT_RDWR);
	close(srv_fd);
	pthread_join(srv_th, NULL);
	ui_net_stop();
	ui_loop_reset();
	return 0;
}

static void url_of(const char *path, char *buf, size_t len)
{
	snprintf(buf, len, "http://127.0.0.1:%d%s", srv_port, path);
}

/* ------------------------------------------------------------------ */
/* rc_net_multi on the loop, with a taker that pauses. */

struct got {
	size_t n;
	bool bad, ended;
	int calls, pauses;
	enum rc_status st;
	long http;
	char msg[600];
	struct rc_net_xfer *x;
};

static void resume_later(void *ud)
{
	struct got *g = ud;
	if (g->x && !g->ended)
		rc_net_xfer_resume(g->x);
}

static size_t take_pausing(void *ud, const void *p, size_t n)
{
	struct got *g = ud;
	if (++g->calls % 7 == 0) {
		g->pauses++;
		ui_timer_add(2, resume_later, g);
		return 0; /* not now: the same bytes come again */
	}
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != pat(g->n + i))
			g->bad = true;
	g->n += n;
	return n;
}

static void on_done(void *ud, enum rc_status st, const struct rc_net_result *res, const char *msg)
{
	struct got *g = ud;
	g->ended = true;
	g->st = st;
	g->http = res->http_status;
	snprintf(g->msg, sizeof g->msg, "%s", msg ? msg : "");
	g->x = NULL;
}

static const struct rc_net_loop loop = {
	.watch = ui_watch_fd, .rewatch = ui_watch_events, .unwatch = ui_unwatch,
	.timer = ui_timer_add, .untimer = ui_timer_cancel,
};

static void turn_until(const bool *flag, double ms)
{
	double end = rc_mono_ms() + ms;
	while (!*flag && rc_mono_ms() < end)
		assert_true(ui_loop_turn(50) >= 0);
}

static void test_multi_pause_resume(void **state)
{
	(void)state;
	struct rc_net_multi *m = rc_net_multi_new(&loop);
	assert_non_null(m);
	char url[80];
	url_of("/body", url, sizeof url);
	struct got g = { 0 };
	g.x = rc_net_multi_get(m, url, "application/fhir+json", NULL, take_pausing, on_done, &g);
	assert_non_null(g.x);
	assert_int_equal(rc_net_multi_running(m), 1);
	turn_until(&g.ended, 20000);
	assert_true(g.ended);
	assert_int_equal(g.st, RC_OK);
	assert_int_equal(g.http, 200);
	assert_int_equal(g.n, BODY);
	assert_false(g.bad);
	assert_true(g.pauses > 0);
	assert_int_equal(rc_net_multi_running(m), 0);
	rc_net_multi_free(&m);
}

static void test_multi_refusals(void **state)
{
	(void)state;
	struct rc_net_multi *m = rc_net_multi_new(&loop);
	char url[80];
	url_of("/missing", url, sizeof url);
	struct got g = { 0 };
	g.x = rc_net_multi_get(m, url, NULL, NULL, take_pausing, on_done, &g);
	turn_until(&g.ended, 10000);
	assert_int_equal(g.st, RC_BADREG);
	assert_int_equal(g.http, 404);
	assert_non_null(strstr(g.msg, "HTTP 404"));
	assert_int_equal(g.n, 0);

	url_of("/moved", url, sizeof url);
	memset(&g, 0, sizeof g);
	g.x = rc_net_multi_get(m, url, NULL, NULL, take_pausing, on_done, &g);
	turn_until(&g.ended, 10000);
	assert_int_equal(g.st, RC_BADREG);
	assert_non_null(strstr(g.msg, "127.0.0.2"));

	/* an address recourse never asks is refused before anything starts */
	memset(&g, 0, sizeof g);
	assert_null(rc_net_multi_get(m, "http://example.org/", NULL, NULL, take_pausing, on_done, &g));
	assert_false(g.ended);

	/* cancelled: done at once, with RC_CANCELLED */
	url_of("/body", url, sizeof url);
	memset(&g, 0, sizeof g);
	g.x = rc_net_multi_get(m, url, NULL, NULL, take_pausing, on_done, &g);
	assert_non_null(g.x);
	rc_net_xfer_cancel(g.x);
	assert_true(g.ended);
	assert_int_equal(g.st, RC_CANCELLED);
	assert_int_equal(rc_net_multi_running(m), 0);
	rc_net_multi_free(&m);
}

/* ------------------------------------------------------------------ */
/* ui_net_get from another thread while the loop turns. */

struct reader {
	const char *path;
	size_t stop_after;       /* 0: read it all */
	size_t n;
	bool bad;
	enum rc_status st;
	struct rc_net_result res;
	bool finished;
	atomic_bool done_flag;
};

static enum rc_status slow_body(void *ud, const void *p, size_t n)
{
	struct reader *r = ud;
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != pat(r->n + i))
			r->bad = true;
	r->n += n;
	if (r->stop_after && r->n >= r->stop_after)
		return RC_IO;
	usleep(3000); /* a slow importer: the ring fills, the transfer pauses */
	return RC_OK;
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	char url[80];
	url_of(r->path, url, sizeof url);
	r->st = ui_net_get(NULL, url, "application/fhir+json", NULL, slow_body, r, &r->res);
	atomic_store(&r->done_flag, true);
	return NULL;
}

static void run_reader(struct reader *r)
{
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, reader_main, r), 0);
	double end = rc_mono_ms() + 30000;
	while (!atomic_load(&r->done_flag) && rc_mono_ms() < end)
		assert_true(ui_loop_turn(20) >= 0);
	assert_true(atomic_load(&r->done_flag));
	pthread_join(th, NULL);
}

static void test_pump(void **state)
{
	(void)state;
	assert_true(ui_net_start());
	int before = atomic_load(&srv_conns);
	unsigned long resumed = ui_net_resumes();
	struct reader r = { .path = "/body" };
	run_reader(&r);
	assert_true(ui_net_resumes() > resumed); /* the ring was full at least once */
	assert_int_equal(r.st, RC_OK);
	assert_int_equal(r.res.http_status, 200);
	assert_int_equal(r.n, BODY);
	assert_int_equal(r.res.bytes, BODY);
	assert_false(r.bad);
	assert_int_equal(atomic_load(&srv_conns), before + 1);

	/* the body function stops it: its status comes back, nothing runs on */
	struct reader s = { .path = "/body", .stop_after = 200000 };
	run_reader(&s);
	assert_int_equal(s.st, RC_IO);
	assert_true(s.n >= 200000 && s.n < BODY);
	for (int i = 0; i < 20 && ui_net_running(); i++)
		ui_loop_turn(10);
	assert_int_equal(ui_net_running(), 0);

	/* refused as rc_net_get refuses, with its message on the caller's thread */
	struct reader t = { .path = "/missing" };
	run_reader(&t);
	assert_int_equal(t.st, RC_BADREG);
	assert_int_equal(t.res.http_status, 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multi_pause_resume),
		cmocka_unit_test(test_multi_refusals),
		cmocka_unit_test(test_pump),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
