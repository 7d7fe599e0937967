/* oauth.c - the answers of an OAuth 2.0 Device Authorization Grant
 * (RFC 8628; doc/registry-api.md, section 7): the device authorization
 * answer and the token endpoint's answers.  Both are hostile JSON: every
 * text shown is cleaned, a verification URI must be https, and the
 * secrets (device code, tokens) are wiped when cleared. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "i18n.h"
#include "net.h"

#define TOKEN_MAX 8192

static void wipe_free(char **s)
{
	if (*s) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

static char *text(json_t *o, const char *k, size_t max)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_string(v) || !json_string_length(v))
		return NULL;
	return rc_net_clean(json_string_value(v), json_string_length(v), max);
}

/* A secret is taken only as printable ASCII (RFC 6749 A.2, A.13, A.17:
 * VSCHAR), so that it can go in a form and a header unchanged. */
static char *secret(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_string(v))
		return NULL;
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (!n || n > TOKEN_MAX)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return NULL;
	char *out = malloc(n + 1);
	if (out) {
		memcpy(out, s, n);
		out[n] = 0;
	}
	return out;
}

static long number(json_t *o, const char *k, long dflt, long max)
{
	json_t *v = json_object_get(o, k);
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		return i < 0 ? dflt : i > max ? max : (long)i;
	}
	if (json_is_string(v)) { /* some servers send numbers as strings */
		char *end;
		long i = strtol(json_string_value(v), &end, 10);
		if (*json_string_value(v) && !*end && i >= 0)
			return i > max ? max : i;
	}
	return dflt;
}

static bool https(const char *u)
{
	return u && !strncmp(u, "https://", 8) && u[8];
}

void rc_oauth_device_clear(struct rc_oauth_device *d)
{
	wipe_free(&d->device_code);
	free(d->user_code);
	free(d->verification_uri);
	free(d->verification_uri_complete);
	memset(d, 0, sizeof *d);
}

static enum rc_status device_refuse(struct rc_oauth_device *d, const char *why)
{
	rc_oauth_device_clear(d);
	/* TRANSLATORS: %s says what is wrong. The "sign-in service" is the registry's OAuth server. */
	rc_error_set(_("The registry's sign-in service sent an answer recourse cannot use: %s"), why);
	return RC_BADREG;
}

enum rc_status rc_oauth_device_parse(const void *p, size_t n, struct rc_oauth_device *out)
{
	memset(out, 0, sizeof *out);
	json_error_t jerr;
	json_t *root = n <= RC_OAUTH_MAX ? json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return device_refuse(out, _("it is not a JSON object."));
	}
	out->device_code = secret(root, "device_code");
	out->user_code = text(root, "user_code", 64);
	out->verification_uri = text(root, "verification_uri", 2000);
	if (!out->verification_uri) /* an early draft's name, still met */
		out->verification_uri = text(root, "verification_url", 2000);
	out->verification_uri_complete = text(root, "verification_uri_complete", 2000);
	out->expires_in = number(root, "expires_in", -1, 86400);
	out->interval = number(root, "interval", 5, 3600);
	json_decref(root);
	if (!out->device_code)
		return device_refuse(out, _("it gives no device code."));
	if (!out->user_code)
		return device_refuse(out, _("it gives no code to type."));
	if (!out->verification_uri)
		return device_refuse(out, _("it gives no address to sign in at."));
	if (out->expires_in <= 0)
		return device_refuse(out, _("it does not say how long the code is valid."));
	/* RFC 8628 5.4: a phishing page would not be https on a name the
	 * person can check; refuse anything else */
	if (!https(out->verification_uri) || (out->verification_uri_complete && !https(out->verification_uri_complete)))
		/* TRANSLATORS: keep https:// as it is. */
		return device_refuse(out, _("the address to sign in at does not start with https://."));
	if (out->interval < 1)
		out->interval = 1;
	return RC_OK;
}

void rc_oauth_token_clear(struct rc_oauth_token *t)
{
	wipe_free(&t->access_token);
	wipe_free(&t->refresh_token);
	free(t->error);
	memset(t, 0, sizeof *t);
}

static enum rc_status token_refuse(struct rc_oauth_token *t, const char *why)
{
	rc_oauth_token_clear(t);
	/* TRANSLATORS: %s says what is wrong. The "sign-in service" is the registry's OAuth server. */
	rc_error_set(_("The registry's sign-in service sent an answer recourse cannot use: %s"), why);
	return RC_BADREG;
}

enum rc_status rc_oauth_token_parse(long http_status, const void *p, size_t n, struct rc_oauth_token *out)
{
	memset(out, 0, sizeof *out);
	out->expires_in = -1;
	json_error_t jerr;
	json_t *root = n <= RC_OAUTH_MAX ? json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return token_refuse(out, _("it is not a JSON object."));
	}
	json_t *err = json_object_get(root, "error");
	if (http_status >= 200 && http_status < 300 && !err) {
		out->access_token = secret(root, "access_token");
		out->refresh_token = secret(root, "refresh_token");
		out->expires_in = number(root, "expires_in", -1, 10L * 366 * 86400);
		json_t *tt = json_object_get(root, "token_type");
		bool bearer = json_is_string(tt) && !strcasecmp(json_string_value(tt), "Bearer");
		json_decref(root);
		if (!out->access_token)
			return token_refuse(out, _("it gives no usable access token."));
		if (!bearer)
			/* TRANSLATORS: keep Bearer as it is: it is the kind of token (RFC 6750). */
			return token_refuse(out, _("the token is not of the kind Bearer."));
		out->answer = RC_OAUTH_TOKEN;
		return RC_OK;
	}
	if (!json_is_string(err)) {
		json_decref(root);
		return token_refuse(out, _("it is neither a token nor an error."));
	}
	const char *e = json_string_value(err);
	out->answer = !strcmp(e, "authorization_pending") ? RC_OAUTH_PENDING
		: !strcmp(e, "slow_down") ? RC_OAUTH_SLOW_DOWN
		: !strcmp(e, "access_denied") ? RC_OAUTH_DENIED
		: !strcmp(e, "expired_token") ? RC_OAUTH_EXPIRED : RC_OAUTH_ERROR;
	char *code = text(root, "error", 100);
	char *desc = text(root, "error_description", 300);
	size_t len = (code ? strlen(code) : 0) + (desc ? strlen(desc) : 0) + 4;
	out->error = malloc(len);
	if (out->error)
		snprintf(out->error, len, "%s%s%s", code ? code : "", desc ? ": " : "", desc ? desc : "");
	free(code);
	free(desc);
	json_decref(root);
	return RC_OK;
}

bool rc_oauth_form_add(struct rc_buf *b, const char *name, const char *value)
{
	char *v = curl_easy_escape(NULL, value ? value : "", 0);
	if (!v)
		return false;
	bool ok = rc_buf_printf(b, "%s%s=%s", b->len ? "&" : "", name, v);
	explicit_bzero(v, strlen(v));
	curl_free(v);
	return ok;
}
