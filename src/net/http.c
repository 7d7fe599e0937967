/* http.c - GET and POST with libcurl under the rules of doc/registry-api.md: HTTPS
 * only (plain HTTP to loopback), TLS 1.2+, verification always on, pins,
 * no redirects, timeouts, a size cap, a proxy only when the settings say,
 * cookies in memory, never verbose (a token would show). */
#include "config.h"

#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "i18n.h"
#include "net.h"
#include "net-int.h"

#define DEFAULT_MAX_BODY ((uint64_t)64 << 20)
#define ERROR_BODY_MAX 4096

void rc_net_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- URLs ---- */

struct url_parts {
	char *scheme, *host, *port;
};

static void parts_free(struct url_parts *u)
{
	curl_free(u->scheme);
	curl_free(u->host);
	curl_free(u->port);
	memset(u, 0, sizeof *u);
}

static bool parts_of_flags(const char *url, struct url_parts *u, unsigned flags)
{
	memset(u, 0, sizeof *u);
	if (!url || strlen(url) > 8192)
		return false;
	CURLU *h = curl_url();
	if (!h)
		return false;
	bool ok = curl_url_set(h, CURLUPART_URL, url, flags) == CURLUE_OK
		&& curl_url_get(h, CURLUPART_SCHEME, &u->scheme, 0) == CURLUE_OK
		&& curl_url_get(h, CURLUPART_HOST, &u->host, 0) == CURLUE_OK
		&& curl_url_get(h, CURLUPART_PORT, &u->port, CURLU_DEFAULT_PORT) == CURLUE_OK;
	curl_url_cleanup(h);
	if (!ok)
		parts_free(u);
	return ok;
}

static bool parts_of(const char *url, struct url_parts *u)
{
	return parts_of_flags(url, u, 0);
}

static bool host_loopback(const char *h)
{
	/* literal addresses only: a name (even localhost) could resolve elsewhere */
	if (!strcmp(h, "[::1]") || !strcmp(h, "::1"))
		return true;
	unsigned a, b, c, d;
	char end;
	return sscanf(h, "%u.%u.%u.%u%c", &a, &b, &c, &d, &end) == 4 && a == 127 && b < 256 && c < 256 && d < 256;
}

bool rc_net_url_allowed(const char *url)
{
	struct url_parts u;
	if (!parts_of(url, &u)) {
		rc_error_set("%s", _("The address is not a valid web address (URL)."));
		return false;
	}
	bool ok = !strcasecmp(u.scheme, "https") || (!strcasecmp(u.scheme, "http") && host_loopback(u.host));
	if (!ok)
		rc_error_set("%s", !strcasecmp(u.scheme, "http")
			/* TRANSLATORS: HTTPS and HTTP are protocol names. */
			? _("recourse talks to a registry only over HTTPS (plain HTTP only to this computer itself, 127.0.0.1, for tests).")
			: _("The address does not start with https://."));
	parts_free(&u);
	return ok;
}

bool rc_net_same_origin(const char *a, const char *b)
{
	struct url_parts x, y;
	if (!parts_of(a, &x))
		return false;
	if (!parts_of(b, &y)) {
		parts_free(&x);
		return false;
	}
	bool same = !strcasecmp(x.scheme, y.scheme) && !strcasecmp(x.host, y.host) && !strcmp(x.port, y.port);
	parts_free(&x);
	parts_free(&y);
	return same;
}

void rc_net_host(const char *url, char *out, size_t len)
{
	struct url_parts u;
	if (!len)
		return;
	out[0] = 0;
	if (!parts_of(url, &u))
		return;
	char *clean = rc_net_clean(u.host, strlen(u.host), len - 1);
	snprintf(out, len, "%s", clean ? clean : "");
	free(clean);
	parts_free(&u);
}

char *rc_net_clean(const char *s, size_t len, size_t max)
{
	char *t = rc_text_sanitize(s, len, false);
	if (!t)
		return NULL;
	size_t n = strlen(t);
	if (n > max) {
		n = max;
		while (n && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
		t[n] = 0;
	}
	return t;
}

/* ---- one transfer (struct xfer: net-int.h) ---- */

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;
	if (len > 12 && !strncasecmp(p, "Retry-After:", 12)) {
		const char *v = p + 12;
		while (v < p + len && (*v == ' ' || *v == '\t'))
			v++;
		if (v < p + len && isdigit((unsigned char)*v)) {
			long s = 0;
			while (v < p + len && isdigit((unsigned char)*v) && s < 100000)
				s = s * 10 + (*v++ - '0');
			x->res->retry_after_s = s;
		} else {
			x->res->retry_after_s = 60; /* an HTTP date: wait a minute */
		}
	} else if (len > 5 && !strncasecmp(p, "ETag:", 5)) {
		const char *v = p + 5;
		size_t m = len - 5;
		while (m && (*v == ' ' || *v == '\t'))
			v++, m--;
		while (m && (v[m - 1] == '\r' || v[m - 1] == '\n' || v[m - 1] == ' '))
			m--;
		bool printable = m < sizeof x->res->etag;
		for (size_t i = 0; printable && i < m; i++)
			printable = v[i] > 0x20 && v[i] < 0x7f;
		if (printable) {
			memcpy(x->res->etag, v, m);
			x->res->etag[m] = 0;
		}
	} else if (len > 13 && !strncasecmp(p, "Content-Type:", 13)) {
		const char *v = p + 13;
		size_t m = len - 13;
		while (m && (*v == ' ' || *v == '\t'))
			v++, m--;
		while (m && (v[m - 1] == '\r' || v[m - 1] == '\n'))
			m--;
		if (m >= sizeof x->res->content_type)
			m = sizeof x->res->content_type - 1;
		memcpy(x->res->content_type, v, m);
		x->res->content_type[m] = 0;
	}
	return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;
	if (!x->decided) {
		long code = 0;
		curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
		x->good = (code >= 200 && code < 300) || (x->oauth && (code == 400 || code == 401));
		x->decided = true;
	}
	if (!x->good) { /* an error's body: read a little, for its words */
		if (x->res->bytes + len > ERROR_BODY_MAX)
			return 0;
		memcpy(x->errbody + x->errlen, p, len);
		x->errlen += len;
		x->errbody[x->errlen] = 0;
		x->res->bytes += len;
		return len;
	}
	if (x->res->bytes + len > x->max) {
		x->too_big = true;
		return 0;
	}
	if (x->take) {
		/* the taker's buffer is full: libcurl gives the same bytes again
		 * once the transfer is resumed */
		size_t k = x->take(x->ud, p, len);
		if (k == 0)
			return CURL_WRITEFUNC_PAUSE;
		if (k != len) {
			x->stop = RC_IO;
			return 0;
		}
		x->res->bytes += len;
		return len;
	}
	x->res->bytes += len;
	if (x->fn) {
		enum rc_status st = x->fn(x->ud, p, len);
		if (st != RC_OK) {
			x->stop = st;
			return 0;
		}
	}
	return len;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct xfer *x = arg;
	if (x->o->progress && !x->o->progress(x->o->progress_ud, (uint64_t)dlnow, (uint64_t)dltotal)) {
		x->cancelled = true;
		return 1;
	}
	return 0;
}

enum rc_status net_xfer_setup(CURL *h, const char *url, const char *accept, const struct rc_net_opts *o,
	struct curl_slist **hdrs, struct xfer *x, const char *ctype, const void *body, size_t blen)
{
	char line[200];
	snprintf(line, sizeof line, "Accept: %s", accept ? accept : "application/json");
	*hdrs = curl_slist_append(NULL, line);
	if (!*hdrs)
		return RC_NOMEM;
	if (o->if_match && *o->if_match) {
		/* an ETag as the server gave it: printable, no CR or LF (on_header) */
		char im[240];
		snprintf(im, sizeof im, "If-Match: %s", o->if_match);
		struct curl_slist *more = curl_slist_append(*hdrs, im);
		if (!more)
			return RC_NOMEM;
		*hdrs = more;
	}
	if (ctype) {
		/* a POST: its body given whole, never "Expect: 100-continue" */
		snprintf(line, sizeof line, "Content-Type: %s", ctype);
		struct curl_slist *more = curl_slist_append(*hdrs, line);
		if (more)
			more = curl_slist_append(more, "Expect:");
		if (!more)
			return RC_NOMEM;
		*hdrs = more;
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, *hdrs);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 0L);
	curl_easy_setopt(h, CURLOPT_COOKIEFILE, ""); /* cookies in memory, for this transfer only */
	curl_easy_setopt(h, CURLOPT_USERAGENT, "recourse/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s > 0 ? o->connect_timeout_s : 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, o->total_timeout_s > 0 ? o->total_timeout_s : 120L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* what libcurl can decode */
	if (o->pins && *o->pins)
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, o->pins);
	if (o->ca_pem && *o->ca_pem) {
		struct curl_blob b = { (void *)o->ca_pem, strlen(o->ca_pem), CURL_BLOB_COPY };
		curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &b);
	}
	/* "" turns off the proxy environment variables; a proxy only when the
	 * settings name one, or say to honour the environment */
	if (o->proxy && *o->proxy)
		curl_easy_setopt(h, CURLOPT_PROXY, o->proxy);
	else if (!o->proxy_env)
		curl_easy_setopt(h, CURLOPT_PROXY, "");
	/* through an HTTP proxy always a CONNECT tunnel, plain HTTP (training,
	 * loopback) too: the proxy never sees a request, nor its bearer */
	curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
	/* the bearer only to the registry's own origin (redirects are never
	 * followed, so it cannot be carried elsewhere) */
	if (o->bearer && *o->bearer && o->bearer_origin && rc_net_same_origin(url, o->bearer_origin)) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, o->bearer);
	}
	/* mutual TLS: the certificate and key from the encrypted case, in
	 * memory; libcurl copies them */
	if (o->client_cert && *o->client_cert && o->client_key && *o->client_key) {
		struct curl_blob c = { (void *)o->client_cert, strlen(o->client_cert), CURL_BLOB_COPY };
		struct curl_blob k = { (void *)o->client_key, strlen(o->client_key), CURL_BLOB_COPY };
		curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &c);
		curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
		curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &k);
		curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
	}
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
	return RC_OK;
}

/* What a failed transfer means, and its message. */
enum rc_status net_curl_failed(CURLcode cc, struct xfer *x, const char *host)
{
	if (x->cancelled || cc == CURLE_ABORTED_BY_CALLBACK)
		return RC_CANCELLED;
	if (x->stop != RC_OK)
		return x->stop;
	unsigned long max_mib = (unsigned long)(x->max >> 20);
	switch (cc) {
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR:
		if (cc == CURLE_FILESIZE_EXCEEDED || x->too_big) {
			/* TRANSLATORS: %s is a host name, %lu a number of megabytes. */
			rc_error_set(_("The answer from %s is larger than %lu MB, more than recourse accepts; it was not read."),
			             host, max_mib ? max_mib : 1);
			return RC_BADREG;
		}
		break;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		/* TRANSLATORS: %s is a host name; a "pin" is the key recourse was told to expect. */
		rc_error_set(_("The key of %s is not the one configured for this registry (its pin). Someone may be "
		               "intercepting the connection. Nothing was sent; tell the office's administrator."), host);
		return RC_BADREG;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
		/* TRANSLATORS: %s is a host name. */
		rc_error_set(_("The certificate of %s could not be verified, so recourse did not talk to it."), host);
		return RC_BADREG;
	case CURLE_SSL_CONNECT_ERROR:
		if (!(x->o->client_cert && *x->o->client_cert))
			/* TRANSLATORS: %s is a host name. TLS is the protocol name; "registry set" and its options are to be typed as they are. */
			rc_error_set(_("A secure connection (TLS 1.2 or newer) to %s could not be made. If the registry asks for "
			               "the office's client certificate, give it with: recourse registry set CASE NAME "
			               "--client-cert FILE --client-key-fd N"), host);
		else
			/* TRANSLATORS: %s is a host name. TLS is the protocol name. */
			rc_error_set(_("A secure connection (TLS 1.2 or newer) to %s could not be made. The registry may not "
			               "accept the office's client certificate kept in the case."), host);
		return RC_BADREG;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		if (x->o->client_cert && *x->o->client_cert)
			break;
		/* a server that wants a client certificate closes the connection
		 * after the handshake (TLS 1.3): say what may be missing */
		/* TRANSLATORS: %s is a host name; "registry set" and its options are to be typed as they are. */
		rc_error_set(_("%s closed the connection. If the registry asks for the office's client certificate, give "
		               "it with: recourse registry set CASE NAME --client-cert FILE --client-key-fd N"), host);
		return RC_NONET;
	case CURLE_COULDNT_RESOLVE_PROXY:
		/* TRANSLATORS: a proxy is the computer the office's settings send connections through. */
		rc_error_set("%s", _("The proxy named in the settings could not be found (recourse settings show)."));
		return RC_NONET;
	case CURLE_UNSUPPORTED_PROTOCOL:
		rc_error_set("%s", _("The address does not start with https://."));
		return RC_BADREG;
	case CURLE_OPERATION_TIMEDOUT:
		/* TRANSLATORS: %s is a host name. */
		rc_error_set(_("%s did not answer in time."), host);
		return RC_NONET;
	case CURLE_COULDNT_RESOLVE_HOST:
		/* TRANSLATORS: %s is a host name. */
		rc_error_set(_("The name %s could not be found. Is this computer connected to the network?"), host);
		return RC_NONET;
	case CURLE_COULDNT_CONNECT:
		/* TRANSLATORS: %s is a host name. */
		rc_error_set(_("No connection could be made to %s."), host);
		return RC_NONET;
	case CURLE_OUT_OF_MEMORY:
		return RC_NOMEM;
	default:
		break;
	}
	/* TRANSLATORS: %s is a host name. */
	rc_error_set(_("The connection to %s was cut before the answer was whole."), host);
	return RC_NONET;
}

enum rc_status net_status_failed(long code, CURL *h, const char *host, const struct rc_net_result *res)
{
	if (code >= 300 && code < 400) {
		char *loc = NULL, where[200] = "";
		if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
			rc_net_host(loc, where, sizeof where);
		/* TRANSLATORS: %s are host names. recourse never follows a registry elsewhere. */
		rc_error_set(_("%s sent recourse on to another address (%s). recourse does not follow such redirections: "
		               "the registry's address may have changed, or someone is interfering."), host,
		             *where ? where : "?");
		return RC_BADREG;
	}
	if (code == 401) {
		/* TRANSLATORS: %s is a host name. */
		rc_error_set(_("%s refused: this terminal is not signed in to it, or its sign-in has ended."), host);
		return RC_BADREG;
	}
	if (code == 403) {
		/* TRANSLATORS: %s is a host name. */
		rc_error_set(_("%s refused: this terminal is not signed in to it, or not allowed to ask."), host);
		return RC_BADREG;
	}
	if (code == 429 || code >= 500) {
		if (res->retry_after_s >= 0)
			/* TRANSLATORS: %s is a host name, %ld a number of seconds. */
			rc_error_set(_("%s is busy and asked to wait %ld seconds."), host, res->retry_after_s);
		else
			/* TRANSLATORS: %s is a host name, %ld an HTTP status code. */
			rc_error_set(_("%s had a problem answering (HTTP %ld)."), host, code);
		return RC_NONET;
	}
	/* TRANSLATORS: %s is a host name, %ld an HTTP status code such as 404. */
	rc_error_set(_("%s refused the request (HTTP %ld)."), host, code);
	return RC_BADREG;
}

static enum rc_status transfer(const char *url, const char *accept, const char *ctype, const void *body,
	size_t blen, bool oauth, const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res);

enum rc_status rc_net_get(const char *url, const char *accept, const struct rc_net_opts *o,
	rc_net_body_fn fn, void *ud, struct rc_net_result *res)
{
	return transfer(url, accept, NULL, NULL, 0, false, o, fn, ud, res);
}

enum rc_status rc_net_post(const char *url, const char *accept, const char *ctype, const void *body, size_t len,
	const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res)
{
	return transfer(url, accept, ctype ? ctype : "application/json", body, len, false, o, fn, ud, res);
}

/* The words of an error answer, when it is JSON that has some: a FHIR
 * OperationOutcome's first issue (details.text, diagnostics), DRP's error
 * object (message), OAuth's (error_description, error).  Cleaned, at most
 * 300 bytes; NULL when there are none. */
static char *error_words(const char *p, size_t n)
{
	json_t *j = json_loadb(p, n, 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	json_t *issue = json_array_get(json_object_get(j, "issue"), 0);
	const char *w = json_string_value(json_object_get(json_object_get(issue, "details"), "text"));
	if (!w)
		w = json_string_value(json_object_get(issue, "diagnostics"));
	if (!w)
		w = json_string_value(json_object_get(j, "message"));
	if (!w)
		w = json_string_value(json_object_get(j, "error_description"));
	if (!w)
		w = json_string_value(json_object_get(j, "error"));
	char *out = w && *w ? rc_net_clean(w, strlen(w), 300) : NULL;
	json_decref(j);
	return out;
}

static enum rc_status transfer(const char *url, const char *accept, const char *ctype, const void *body,
	size_t blen, bool oauth, const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res)
{
	static const struct rc_net_opts none;
	if (!o)
		o = &none;
	memset(res, 0, sizeof *res);
	res->retry_after_s = -1;
	rc_error_clear();
	if (!rc_net_url_allowed(url))
		return RC_BADREG;
	char host[200];
	rc_net_host(url, host, sizeof host);
	CURL *h = curl_easy_init();
	if (!h)
		return RC_NOMEM;
	struct xfer x = { .h = h, .o = o, .fn = fn, .ud = ud, .res = res,
		.max = o->max_body ? o->max_body : DEFAULT_MAX_BODY, .stop = RC_OK, .oauth = oauth };
	struct curl_slist *hdrs = NULL;
	enum rc_status st = net_xfer_setup(h, url, accept, o, &hdrs, &x, ctype, body, blen);
	if (st == RC_OK) {
		CURLcode cc = curl_easy_perform(h);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->http_status);
		if (cc != CURLE_OK)
			st = net_curl_failed(cc, &x, host);
		else if ((res->http_status < 200 || res->http_status >= 300)
		         && !(oauth && (res->http_status == 400 || res->http_status == 401))) {
			st = net_status_failed(res->http_status, h, host, res);
			char *w = res->http_status >= 400 && x.errlen ? error_words(x.errbody, x.errlen) : NULL;
			if (w) {
				char *was = rc_xstrdup(rc_error_detail());
				/* TRANSLATORS: %1$s is recourse's message, %2$s the registry's own words (cleaned). */
				rc_error_set(_("%1$s The registry says: %2$s"), was, w);
				free(was);
				free(w);
			}
		}
	}
	if (st != RC_OK && st != RC_NONET && st != RC_CANCELLED && st != RC_NOMEM)
		res->bytes = 0;
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return st;
}

enum rc_status rc_net_post_form(const char *url, const char *form, const char *accept,
	const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res)
{
	form = form ? form : "";
	return transfer(url, accept, "application/x-www-form-urlencoded", form, strlen(form), true, o, fn, ud, res);
}

enum rc_status rc_net_get_retry(const char *url, const char *accept, const struct rc_net_opts *o,
	rc_net_body_fn fn, void *ud, struct rc_net_result *res, int tries, long max_wait_s,
	bool (*wait)(void *ud, long seconds), void *wait_ud)
{
	return rc_net_get_retry_via(NULL, NULL, url, accept, o, fn, ud, res, tries, max_wait_s, wait, wait_ud);
}

enum rc_status rc_net_get_retry_via(rc_net_get_fn get, void *get_ud, const char *url, const char *accept,
	const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res, int tries,
	long max_wait_s, bool (*wait)(void *ud, long seconds), void *wait_ud)
{
	enum rc_status st = RC_NONET;
	for (int i = 0; i < (tries > 0 ? tries : 1); i++) {
		st = get ? get(get_ud, url, accept, o, fn, ud, res) : rc_net_get(url, accept, o, fn, ud, res);
		bool busy = res->http_status == 429 || res->http_status == 503;
		/* only a refusal before any body byte was taken can be asked again */
		if (st != RC_NONET || !busy || res->retry_after_s < 0 || res->retry_after_s > max_wait_s
		    || i + 1 >= tries)
			break;
		long s = res->retry_after_s;
		if (wait && !wait(wait_ud, s))
			return RC_CANCELLED;
		for (long k = 0; k < s; k++)
			sleep(1);
	}
	return st;
}

enum rc_status rc_net_post_retry(const char *url, const char *accept, const char *ctype, const void *body,
	size_t len, const struct rc_net_opts *o, rc_net_body_fn fn, void *ud, struct rc_net_result *res, int tries,
	long max_wait_s)
{
	enum rc_status st = RC_NONET;
	for (int i = 0; i < (tries > 0 ? tries : 1); i++) {
		st = rc_net_post(url, accept, ctype, body, len, o, fn, ud, res);
		bool busy = res->http_status == 429 || res->http_status == 503;
		if (st != RC_NONET || !busy || res->retry_after_s < 0 || res->retry_after_s > max_wait_s
		    || i + 1 >= tries)
			break;
		for (long k = 0; k < res->retry_after_s; k++)
			sleep(1);
	}
	return st;
}

char *rc_net_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);
	char *out = e ? strdup(e) : NULL;
	curl_free(e);
	return out;
}

/* ---- the proxy ---- */

bool rc_net_proxy_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 500) {
		rc_error_set("%s", _("A proxy is written http://HOST:PORT, https://HOST:PORT or socks5h://HOST:PORT."));
		return false;
	}
	CURLU *h = curl_url();
	if (!h)
		return false;
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL, *path = NULL, *query = NULL;
	bool parsed = curl_url_set(h, CURLUPART_URL, s, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK
		&& curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK
		&& curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK;
	curl_url_get(h, CURLUPART_USER, &user, 0);
	curl_url_get(h, CURLUPART_PASSWORD, &pass, 0);
	curl_url_get(h, CURLUPART_PATH, &path, 0);
	curl_url_get(h, CURLUPART_QUERY, &query, 0);
	bool ok = parsed && (!strcasecmp(scheme, "http") || !strcasecmp(scheme, "https") || !strcasecmp(scheme, "socks5h"))
		&& strncasecmp(s, scheme, strlen(scheme)) == 0; /* the scheme written, not guessed */
	if (!ok)
		rc_error_set("%s", _("A proxy is written http://HOST:PORT, https://HOST:PORT or socks5h://HOST:PORT."));
	else if (user || pass) {
		/* TRANSLATORS: a proxy's address must not hold a password: the settings file is not encrypted. */
		rc_error_set("%s", _("A proxy's address must not hold a user name or password: the settings file is not "
		                     "encrypted. recourse takes only proxies that need no password."));
		ok = false;
	} else if ((path && strcmp(path, "/")) || query) {
		rc_error_set("%s", _("A proxy is written http://HOST:PORT, https://HOST:PORT or socks5h://HOST:PORT."));
		ok = false;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pass);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(h);
	return ok;
}

void rc_net_proxy_describe(const struct rc_net_opts *o, char *out, size_t len)
{
	if (o && o->proxy && *o->proxy) {
		struct url_parts u;
		if (parts_of_flags(o->proxy, &u, CURLU_NON_SUPPORT_SCHEME)) {
			char *host = rc_net_clean(u.host, strlen(u.host), 200);
			/* TRANSLATORS: %s://%s:%s is the proxy's scheme, host and port. */
			snprintf(out, len, _("through the proxy %s://%s:%s"), u.scheme, host ? host : "?", u.port);
			free(host);
			parts_free(&u);
			return;
		}
		snprintf(out, len, "%s", _("through the proxy of the settings"));
	} else if (o && o->proxy_env) {
		const char *vars[] = { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "http_proxy" };
		for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
			const char *v = getenv(vars[i]);
			if (v && *v) {
				/* TRANSLATORS: %s is the name of an environment variable, e.g. https_proxy. */
				snprintf(out, len, _("through the proxy the environment names (%s)"), vars[i]);
				return;
			}
		}
		snprintf(out, len, "%s", _("no proxy (the environment names none)"));
	} else {
		/* TRANSLATORS: how recourse connects to a registry: directly, without a proxy. */
		snprintf(out, len, "%s", _("no proxy"));
	}
}
