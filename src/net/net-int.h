/* net-int.h - what http.c and multi.c share: one transfer's state, its
 * libcurl options under the rules of doc/registry-api.md, and what a
 * failure means.  Private to src/net. */
#ifndef RECOURSE_NET_INT_H
#define RECOURSE_NET_INT_H

#include <curl/curl.h>

#include "net.h"

#ifndef ERROR_BODY_MAX
#define ERROR_BODY_MAX 4096     /* an error answer's body, read for its words */
#endif

struct xfer {
	CURL *h;
	const struct rc_net_opts *o;
	rc_net_body_fn fn;      /* rc_net_get's body function, or NULL */
	rc_net_take_fn take;    /* multi.c's, which can pause, or NULL */
	void *ud;
	struct rc_net_result *res;
	uint64_t max;
	bool decided, good;     /* the status was looked at; 2xx */
	bool oauth;             /* a 400 or 401's body is wanted too (OAuth errors) */
	enum rc_status stop;    /* why the body function stopped it */
	bool too_big, cancelled;
	char errbody[ERROR_BODY_MAX + 1]; /* an error answer's first bytes */
	size_t errlen;
};

/* Every option of one transfer on h (headers in *hdrs, freed by the
 * caller with curl_slist_free_all); a POST of blen bytes of body as ctype
 * when ctype is not NULL. */
enum rc_status net_xfer_setup(CURL *h, const char *url, const char *accept, const struct rc_net_opts *o,
	struct curl_slist **hdrs, struct xfer *x, const char *ctype, const void *body, size_t blen);
/* What a libcurl failure means, with its message (rc_error_set). */
enum rc_status net_curl_failed(CURLcode cc, struct xfer *x, const char *host);
/* What an answer other than 2xx means, with its message. */
enum rc_status net_status_failed(long code, CURL *h, const char *host, const struct rc_net_result *res);

#endif
