/* multi.c - transfers driven by the caller's poll() loop (libcurl's multi
 * interface with its socket and timer callbacks): the terminal interface
 * never waits on the network.  Every transfer follows the rules of
 * http.c (net_xfer_setup); only who waits differs.  All calls, and every
 * callback, run on the loop's thread. */
#include "config.h"

#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net-int.h"

struct rc_net_xfer {
	struct xfer x;
	struct rc_net_result res;
	struct curl_slist *hdrs;
	char host[200];
	rc_net_done_fn done;
	void *ud;
	struct rc_net_multi *m;
	struct rc_net_xfer *next;
};

struct rc_net_multi {
	CURLM *cm;
	struct rc_net_loop loop;
	int timer;                   /* the loop's timer id, 0: none */
	struct rc_net_xfer *list;
	size_t n;
};

static void on_fd(int fd, short revents, void *ud);
static void on_timer(void *ud);

/* libcurl says which socket to watch for what. */
static int sock_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
	(void)e;
	struct rc_net_multi *m = userp;
	int id = (int)(intptr_t)socketp;
	if (what == CURL_POLL_REMOVE) {
		if (id)
			m->loop.unwatch(id);
		return 0;
	}
	short ev = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) | ((what & CURL_POLL_OUT) ? POLLOUT : 0));
	if (id) {
		m->loop.rewatch(id, ev);
	} else {
		id = m->loop.watch(s, ev, on_fd, m);
		curl_multi_assign(m->cm, s, (void *)(intptr_t)id);
	}
	return 0;
}

/* libcurl asks to be called back in ms (-1: no timer). */
static int timer_cb(CURLM *cm, long ms, void *userp)
{
	(void)cm;
	struct rc_net_multi *m = userp;
	if (m->timer)
		m->loop.untimer(m->timer);
	m->timer = ms >= 0 ? m->loop.timer((double)ms, on_timer, m) : 0;
	return 0;
}

static void xfer_free(struct rc_net_xfer *t)
{
	curl_slist_free_all(t->hdrs);
	curl_easy_cleanup(t->x.h);
	free(t);
}

static void unlink_xfer(struct rc_net_multi *m, struct rc_net_xfer *t)
{
	for (struct rc_net_xfer **p = &m->list; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			m->n--;
			return;
		}
}

/* The transfers that ended: their verdict as rc_net_get gives it. */
static void check_done(struct rc_net_multi *m)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(m->cm, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		struct rc_net_xfer *t = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		if (!t)
			continue;
		CURLcode cc = msg->data.result;
		curl_multi_remove_handle(m->cm, t->x.h);
		unlink_xfer(m, t);
		rc_error_clear();
		enum rc_status st = RC_OK;
		curl_easy_getinfo(t->x.h, CURLINFO_RESPONSE_CODE, &t->res.http_status);
		if (cc != CURLE_OK)
			st = net_curl_failed(cc, &t->x, t->host);
		else if (t->res.http_status < 200 || t->res.http_status >= 300)
			st = net_status_failed(t->res.http_status, t->x.h, t->host, &t->res);
		if (st != RC_OK && st != RC_NONET && st != RC_CANCELLED && st != RC_NOMEM)
			t->res.bytes = 0;
		t->done(t->ud, st, &t->res, rc_error_detail());
		xfer_free(t);
	}
}

static void on_fd(int fd, short revents, void *ud)
{
	struct rc_net_multi *m = ud;
	int flags = ((revents & POLLIN) ? CURL_CSELECT_IN : 0) | ((revents & POLLOUT) ? CURL_CSELECT_OUT : 0)
		| ((revents & (POLLERR | POLLHUP | POLLNVAL)) ? CURL_CSELECT_ERR : 0);
	int running;
	curl_multi_socket_action(m->cm, fd, flags, &running);
	check_done(m);
}

static void on_timer(void *ud)
{
	struct rc_net_multi *m = ud;
	m->timer = 0;
	int running;
	curl_multi_socket_action(m->cm, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(m);
}

struct rc_net_multi *rc_net_multi_new(const struct rc_net_loop *loop)
{
	struct rc_net_multi *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cm = curl_multi_init();
	if (!m->cm) {
		free(m);
		return NULL;
	}
	m->loop = *loop;
	curl_multi_setopt(m->cm, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(m->cm, CURLMOPT_SOCKETDATA, m);
	curl_multi_setopt(m->cm, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(m->cm, CURLMOPT_TIMERDATA, m);
	return m;
}

void rc_net_multi_free(struct rc_net_multi **mp)
{
	struct rc_net_multi *m = *mp;
	if (!m)
		return;
	while (m->list) {
		struct rc_net_xfer *t = m->list;
		m->list = t->next;
		curl_multi_remove_handle(m->cm, t->x.h);
		xfer_free(t);
	}
	curl_multi_cleanup(m->cm); /* removes the sockets' watches (CURL_POLL_REMOVE) */
	if (m->timer)
		m->loop.untimer(m->timer);
	free(m);
	*mp = NULL;
}

struct rc_net_xfer *rc_net_multi_get(struct rc_net_multi *m, const char *url, const char *accept,
	const struct rc_net_opts *o, rc_net_take_fn take, rc_net_done_fn done, void *ud)
{
	static const struct rc_net_opts none;
	if (!o)
		o = &none;
	rc_error_clear();
	if (!rc_net_url_allowed(url))
		return NULL;
	struct rc_net_xfer *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->x.h = curl_easy_init();
	if (!t->x.h) {
		free(t);
		return NULL;
	}
	rc_net_host(url, t->host, sizeof t->host);
	t->res.retry_after_s = -1;
	t->x.o = o;
	t->x.take = take;
	t->x.ud = ud;
	t->x.res = &t->res;
	t->x.max = o->max_body ? o->max_body : ((uint64_t)64 << 20);
	t->x.stop = RC_OK;
	t->done = done;
	t->ud = ud;
	t->m = m;
	if (net_xfer_setup(t->x.h, url, accept, o, &t->hdrs, &t->x, NULL, NULL, 0) != RC_OK) {
		xfer_free(t);
		return NULL;
	}
	curl_easy_setopt(t->x.h, CURLOPT_PRIVATE, (char *)t);
	if (curl_multi_add_handle(m->cm, t->x.h) != CURLM_OK) {
		xfer_free(t);
		return NULL;
	}
	t->next = m->list;
	m->list = t;
	m->n++;
	return t;
}

void rc_net_xfer_resume(struct rc_net_xfer *t)
{
	if (!t)
		return;
	curl_easy_pause(t->x.h, CURLPAUSE_CONT);
	/* what libcurl held back may have ended the transfer */
	check_done(t->m);
}

void rc_net_xfer_cancel(struct rc_net_xfer *t)
{
	if (!t)
		return;
	struct rc_net_multi *m = t->m;
	curl_multi_remove_handle(m->cm, t->x.h);
	unlink_xfer(m, t);
	struct rc_net_result res = t->res;
	rc_error_set("%s", rc_status_message(RC_CANCELLED));
	t->done(t->ud, RC_CANCELLED, &res, rc_error_detail());
	xfer_free(t);
}

void rc_net_multi_cancel_all(struct rc_net_multi *m)
{
	while (m && m->list)
		rc_net_xfer_cancel(m->list);
}

size_t rc_net_multi_running(const struct rc_net_multi *m)
{
	return m ? m->n : 0;
}
