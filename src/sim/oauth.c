/* oauth.c - the training registry's sign-in: an OAuth 2.0 Device
 * Authorization Grant (RFC 8628) with bearer tokens (RFC 6750), bound to
 * the client certificate when asked (RFC 8705), and the client
 * certificate check of mutual TLS (doc/registry-api.md, section 7).
 *
 *   POST /oauth/device_authorization   client_id, scope -> device_code,
 *                                      user_code, verification_uri, ...
 *   POST /oauth/token                  the polls -> authorization_pending,
 *                                      slow_down, access_denied,
 *                                      expired_token, or a token
 *   GET  /device?user_code=CODE&approve=1 (or deny=1)
 *                                      what the person's phone would do
 *
 * The verification URI is always https://127.0.0.1:PORT/device, even
 * when the simulator speaks plain HTTP: recourse refuses any other, and
 * never opens it itself (a person would, on a phone).  Each user code is
 * printed on standard error, as a registry's own screen would show it;
 * each poll is logged with its time, so that a test can measure the
 * interval the client keeps. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <openssl/sha.h>
#include <sodium.h>

#include "sim.h"

#define GRANTS_MAX 64
#define TOKENS_MAX 256
#define FORM_MAX 8192

struct grant {
	bool used;
	char device_code[44];
	char user_code[10];
	char client_id[64];
	double created, last_poll;
	unsigned polls;
	bool approved, denied, done;
	unsigned slow_downs;
};

struct token {
	char value[44];
	double expires;           /* monotonic seconds */
	unsigned char cnf[32];    /* the client certificate's SHA-256 (RFC 8705 x5t#S256) */
	bool bound;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct grant grants[GRANTS_MAX];
static struct token tokens[TOKENS_MAX];
static size_t ntokens;

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void oauth_init(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, SIM_PROGRAM ": libsodium cannot start\n");
		exit(1);
	}
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char line[300];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, (size_t)n); /* one write: lines do not mix */
	(void)w;
}

static void random_text(char *out, size_t n, const char *alphabet)
{
	size_t k = strlen(alphabet);
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)k)];
	out[n] = 0;
}

static void new_secret(char *out) /* 43 characters, base64url of 32 bytes */
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2base64(out, 44, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void oauth_discovery(struct jbuf *b)
{
	if (!g_sim.oauth) {
		JB_LIT(b, "null");
		return;
	}
	jb_printf(b, "{\"device_authorization_endpoint\":\"%s/oauth/device_authorization\","
		"\"token_endpoint\":\"%s/oauth/token\","
		"\"scopes_supported\":[\"auditevent.read\",\"requests.write\"]}", g_sim.base, g_sim.base);
}

/* ---- forms ---- */

static int hex(int ch)
{
	return isdigit(ch) ? ch - '0' : isxdigit(ch) ? (tolower(ch) - 'a' + 10) : -1;
}

/* The value of name in an application/x-www-form-urlencoded body, decoded
 * into out (at most len-1 bytes); false when absent. */
static bool form_get(const struct post *p, const char *name, char *out, size_t len)
{
	const char *s = p->body.p ? p->body.p : "";
	const char *end = s + p->body.len;
	size_t nl = strlen(name);
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *stop = amp ? amp : end;
		if ((size_t)(stop - s) > nl && !memcmp(s, name, nl) && s[nl] == '=') {
			size_t o = 0;
			for (const char *q = s + nl + 1; q < stop && o + 1 < len; q++) {
				if (*q == '+')
					out[o++] = ' ';
				else if (*q == '%' && q + 2 < stop && hex(q[1]) >= 0 && hex(q[2]) >= 0) {
					out[o++] = (char)(hex(q[1]) * 16 + hex(q[2]));
					q += 2;
				} else
					out[o++] = *q;
			}
			out[o] = 0;
			return true;
		}
		s = stop + 1;
	}
	return false;
}

static unsigned oauth_error(struct MHD_Connection *c, unsigned status, const char *error, const char *desc)
{
	struct jbuf b;
	jb_init(&b);
	jb_printf(&b, "{\"error\":\"%s\"", error);
	if (desc) {
		JB_LIT(&b, ",\"error_description\":\"");
		jb_json_str(&b, desc);
		JB_LIT(&b, "\"");
	}
	JB_LIT(&b, "}");
	return queue_json(c, status, "application/json", &b);
}

/* ---- mutual TLS ---- */

static bool client_thumbprint(struct MHD_Connection *c, unsigned char out[32])
{
	if (!g_sim.tls)
		return false;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (!ci || !ci->tls_session)
		return false;
	gnutls_session_t s = (gnutls_session_t)ci->tls_session;
	unsigned n = 0;
	const gnutls_datum_t *certs = gnutls_certificate_get_peers(s, &n);
	if (!certs || n == 0)
		return false;
	SHA256(certs[0].data, certs[0].size, out);
	return true;
}

bool oauth_client_cert_ok(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (!ci || !ci->tls_session)
		return false;
	gnutls_session_t s = (gnutls_session_t)ci->tls_session;
	unsigned status = 0;
	int rc = gnutls_certificate_verify_peers2(s, &status);
	if (rc != GNUTLS_E_SUCCESS || status != 0) {
		say(SIM_PROGRAM ": a connection without a client certificate the CA signed: closed (%s)",
			rc != GNUTLS_E_SUCCESS ? gnutls_strerror(rc) : "not verified");
		return false;
	}
	return true;
}

/* ---- the endpoints ---- */

unsigned serve_device_authorization(struct MHD_Connection *c, const struct post *p)
{
	char client_id[64], scope[256] = "";
	if (p->too_big)
		return oauth_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request", "The form is too long.");
	if (!form_get(p, "client_id", client_id, sizeof client_id) || !*client_id)
		return oauth_error(c, MHD_HTTP_BAD_REQUEST, "invalid_client", "No client_id.");
	form_get(p, "scope", scope, sizeof scope);
	pthread_mutex_lock(&mu);
	struct grant *g = NULL;
	for (size_t i = 0; i < GRANTS_MAX && !g; i++)
		if (!grants[i].used || grants[i].done || mono() - grants[i].created > g_sim.device_expires)
			g = &grants[i];
	if (!g)
		g = &grants[randombytes_uniform(GRANTS_MAX)];
	memset(g, 0, sizeof *g);
	g->used = true;
	new_secret(g->device_code);
	char a[5], b[5];
	random_text(a, 4, "BCDFGHJKLMNPQRSTVWXZ");
	random_text(b, 4, "BCDFGHJKLMNPQRSTVWXZ");
	snprintf(g->user_code, sizeof g->user_code, "%s-%s", a, b);
	snprintf(g->client_id, sizeof g->client_id, "%s", client_id);
	g->created = mono();
	char user_code[10], device_code[44];
	memcpy(user_code, g->user_code, sizeof user_code);
	memcpy(device_code, g->device_code, sizeof device_code);
	pthread_mutex_unlock(&mu);
	/* what a registry's sign-in page would show; never the device code */
	say(SIM_PROGRAM ": sign-in started for client %.40s: user code %s (approve: GET /device?user_code=%s&approve=1)",
		client_id, user_code, user_code);
	const char *scheme = (g_sim.misbehave & MB_HTTP_VERIFY) ? "http" : "https";
	struct jbuf r;
	jb_init(&r);
	jb_printf(&r, "{\"device_code\":\"%s\",\"user_code\":\"%s\","
		"\"verification_uri\":\"%s://127.0.0.1:%u/device\","
		"\"verification_uri_complete\":\"%s://127.0.0.1:%u/device?user_code=%s\","
		"\"expires_in\":%u,\"interval\":%u}",
		device_code, user_code, scheme, g_sim.port, scheme, g_sim.port, user_code,
		g_sim.device_expires, g_sim.interval);
	sodium_memzero(device_code, sizeof device_code);
	return queue_json(c, MHD_HTTP_OK, "application/json", &r);
}

static void token_file_append(const char *tok)
{
	if (!g_sim.tokens_file)
		return;
	FILE *f = fopen(g_sim.tokens_file, "a");
	if (f) {
		fprintf(f, "%s\n", tok);
		fclose(f);
	}
}

unsigned serve_token(struct MHD_Connection *c, const struct post *p)
{
	char grant_type[100], device_code[64], client_id[64];
	if (p->too_big)
		return oauth_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request", "The form is too long.");
	if (!form_get(p, "grant_type", grant_type, sizeof grant_type)
		|| strcmp(grant_type, "urn:ietf:params:oauth:grant-type:device_code"))
		return oauth_error(c, MHD_HTTP_BAD_REQUEST, "unsupported_grant_type", NULL);
	if (!form_get(p, "device_code", device_code, sizeof device_code)
		|| !form_get(p, "client_id", client_id, sizeof client_id))
		return oauth_error(c, MHD_HTTP_BAD_REQUEST, "invalid_request", "device_code and client_id are needed.");
	double now = mono();
	pthread_mutex_lock(&mu);
	struct grant *g = NULL;
	for (size_t i = 0; i < GRANTS_MAX && !g; i++)
		if (grants[i].used && !grants[i].done && !sodium_memcmp(grants[i].device_code, device_code, 44))
			g = &grants[i];
	sodium_memzero(device_code, sizeof device_code);
	const char *answer;
	char tok[44] = "";
	unsigned polls = 0;
	double gap = 0;
	if (!g || strcmp(g->client_id, client_id)) {
		answer = "invalid_grant";
	} else {
		polls = ++g->polls;
		gap = g->last_poll > 0 ? now - g->last_poll : now - g->created;
		g->last_poll = now;
		if (now - g->created > g_sim.device_expires) {
			answer = "expired_token";
			g->done = true;
		} else if (g_sim.deny || g->denied) {
			answer = "access_denied";
			g->done = true;
		} else if ((g_sim.misbehave & MB_SLOW_DOWN) && g->slow_downs < 1) {
			answer = "slow_down";
			g->slow_downs++;
		} else if (g->approved || (g_sim.approve_after && polls > g_sim.approve_after)) {
			answer = "token";
			g->done = true;
			new_secret(tok);
		} else {
			answer = "authorization_pending";
		}
	}
	pthread_mutex_unlock(&mu);
	say(SIM_PROGRAM ": token poll %u after %.3f s: %s", polls, gap, answer);
	if (strcmp(answer, "token"))
		return oauth_error(c, MHD_HTTP_BAD_REQUEST, answer, NULL);
	struct token t = { .expires = now + g_sim.token_expires };
	memcpy(t.value, tok, sizeof t.value);
	if (g_sim.bind_token)
		t.bound = client_thumbprint(c, t.cnf);
	pthread_mutex_lock(&mu);
	tokens[ntokens++ % TOKENS_MAX] = t;
	pthread_mutex_unlock(&mu);
	token_file_append(tok);
	struct jbuf r;
	jb_init(&r);
	jb_printf(&r, "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":%u,\"scope\":\"auditevent.read\"}",
		tok, g_sim.token_expires);
	sodium_memzero(tok, sizeof tok);
	sodium_memzero(&t, sizeof t);
	return queue_json(c, MHD_HTTP_OK, "application/json", &r);
}

unsigned serve_device_page(struct MHD_Connection *c)
{
	const char *code = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "user_code");
	bool approve = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "approve") != NULL;
	bool deny = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "deny") != NULL;
	const char *said = "no such code";
	pthread_mutex_lock(&mu);
	for (size_t i = 0; code && i < GRANTS_MAX; i++)
		if (grants[i].used && !grants[i].done && !strcmp(grants[i].user_code, code)) {
			if (approve)
				grants[i].approved = true, said = "approved";
			else if (deny)
				grants[i].denied = true, said = "denied";
			else
				said = "waiting: add approve=1 or deny=1";
		}
	pthread_mutex_unlock(&mu);
	struct jbuf b;
	jb_init(&b);
	jb_printf(&b, "Training registry (fictional): %s\n", said);
	return queue_json(c, strcmp(said, "no such code") ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND, "text/plain", &b);
}

static unsigned unauthorized(struct MHD_Connection *c, const char *error, const char *text)
{
	struct jbuf b;
	jb_init(&b);
	outcome_json(&b, "error", "login", text);
	char h[120];
	if (error)
		snprintf(h, sizeof h, "Bearer realm=\"training\", error=\"%s\"", error);
	else
		snprintf(h, sizeof h, "Bearer realm=\"training\"");
	return queue_json_with(c, MHD_HTTP_UNAUTHORIZED, "application/fhir+json", &b, MHD_HTTP_HEADER_WWW_AUTHENTICATE, h);
}

unsigned oauth_check(struct MHD_Connection *c)
{
	if (!g_sim.require_token)
		return 0;
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!a || strncasecmp(a, "Bearer ", 7))
		return unauthorized(c, NULL, "Sign in first.");
	const char *v = a + 7;
	double now = mono();
	bool found = false, expired = false, wrong_cert = false;
	pthread_mutex_lock(&mu);
	size_t n = ntokens < TOKENS_MAX ? ntokens : TOKENS_MAX;
	for (size_t i = 0; i < n && !found; i++)
		if (strlen(v) == 43 && !sodium_memcmp(tokens[i].value, v, 43)) {
			found = true;
			expired = now > tokens[i].expires;
			if (tokens[i].bound) {
				unsigned char here[32];
				wrong_cert = !client_thumbprint(c, here) || sodium_memcmp(here, tokens[i].cnf, 32);
			}
		}
	pthread_mutex_unlock(&mu);
	if (!found)
		return unauthorized(c, "invalid_token", "This token is not one the registry gave.");
	if (expired)
		return unauthorized(c, "invalid_token", "The sign-in has ended.");
	if (wrong_cert)
		return unauthorized(c, "invalid_token", "The token is bound to another client certificate.");
	return 0;
}
