/* auth.c - signing in to a registry (OAuth 2.0 Device Authorization
 * Grant, RFC 8628) and the office's client certificate (mutual TLS):
 * doc/registry-api.md, section 7.  The token, the refresh token and the
 * client key are kept only inside the encrypted case; the device code
 * and the answers holding a token only in memory, wiped after use. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ops-int.h"

/* A client id or scope: printable ASCII (RFC 6749 A.1, A.4), no space in
 * a client id. */
static bool ascii_ok(const char *s, size_t max, bool spaces)
{
	size_t n = strlen(s);
	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch > 0x7e || (ch == ' ' && !spaces) || ch == '"' || ch == '\\')
			return false;
	}
	return true;
}

enum rc_status ops_registry_auth_check(const struct rc_registry_in *in)
{
	if (in->client_id && !ascii_ok(in->client_id, 200, false)) {
		/* TRANSLATORS: the client id is what the registry calls the office's program (OAuth). */
		rc_error_set("%s", _("A client id is at most 200 letters, digits and signs, without spaces."));
		return RC_USAGE;
	}
	if (in->scope && !ascii_ok(in->scope, 1000, true)) {
		rc_error_set("%s", _("A scope is a list of words separated by spaces (letters, digits and signs)."));
		return RC_USAGE;
	}
	bool cert = in->client_cert_pem && *in->client_cert_pem;
	bool key = in->client_key_pem && *in->client_key_pem;
	if (cert != key) {
		/* TRANSLATORS: keep the options as they are. */
		rc_error_set("%s", _("The client certificate and its key go together: --client-cert FILE with --client-key-fd N."));
		return RC_USAGE;
	}
	if (cert)
		return rc_net_client_cert_check(in->client_cert_pem, in->client_key_pem);
	return RC_OK;
}

enum rc_status rc_op_registry_set(struct rc_case *c, const struct rc_registry_in *in)
{
	rc_error_clear();
	enum rc_status st = ops_registry_auth_check(in);
	if (st != RC_OK)
		return st;
	if (!in->client_id && !in->scope && !in->client_cert_pem) {
		/* TRANSLATORS: keep the options as they are. */
		rc_error_set("%s", _("Say what to change: --client-id, --scope, --client-cert with --client-key-fd, or "
		                     "--no-client-cert."));
		return RC_USAGE;
	}
	struct rc_registry r;
	st = rc_op_registry_get(c, in->name, &r);
	if (st != RC_OK)
		return st;
	struct rc_registry_auth a = { .client_cert = in->client_cert_pem,
		.client_key = in->client_cert_pem ? (in->client_key_pem ? in->client_key_pem : "") : NULL,
		.oauth_client_id = in->client_id, .oauth_scope = in->scope };
	st = rc_registry_save_auth(c, &r, &a);
	rc_registry_clear(&r);
	return st;
}

enum rc_status rc_op_registry_logout(struct rc_case *c, const char *name, bool *had)
{
	rc_error_clear();
	*had = false;
	struct rc_registry r;
	enum rc_status st = rc_op_registry_get(c, name, &r);
	if (st != RC_OK)
		return st;
	*had = r.has_token;
	st = rc_registry_save_token(c, &r, NULL, NULL, NULL);
	rc_registry_clear(&r);
	return st;
}

/* ---- the device grant ---- */

struct grab {
	struct rc_buf b;
};

static enum rc_status take(void *ud, const void *p, size_t n)
{
	struct grab *g = ud;
	if (g->b.len + n > RC_OAUTH_MAX)
		return RC_BADREG;
	return rc_buf_add(&g->b, p, n) ? RC_OK : RC_NOMEM;
}

static void grab_wipe(struct grab *g)
{
	if (g->b.data)
		explicit_bzero(g->b.data, g->b.len);
	rc_buf_free(&g->b);
	rc_buf_init(&g->b);
}

static void buf_wipe(struct rc_buf *b)
{
	if (b->data)
		explicit_bzero(b->data, b->len);
	rc_buf_free(b);
}

static double mono_s(void)
{
	return rc_mono_ms() / 1000.0;
}

/* Wait s seconds, a second at a time, asking ui whether to go on. */
static bool wait_s(const struct rc_login_ui *ui, long s, double deadline, long interval)
{
	for (long k = 0; k < s; k++) {
		long left = (long)(deadline - mono_s());
		if (ui && ui->tick && !ui->tick(ui->ud, left > 0 ? left : 0, interval))
			return false;
		if (mono_s() >= deadline)
			return true;
		struct timespec ts = { 1, 0 };
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			if (ui && ui->tick && !ui->tick(ui->ud, left > 0 ? left : 0, interval))
				return false;
	}
	return !(ui && ui->tick && !ui->tick(ui->ud, (long)(deadline - mono_s()), interval));
}

static enum rc_status cancelled(void)
{
	rc_error_set("%s", _("The sign-in was stopped here. Nothing was kept; a code already shown no longer counts."));
	return RC_CANCELLED;
}

enum rc_status rc_op_registry_login(struct rc_case *c, const char *name, const struct rc_login_ui *ui,
	struct rc_login_result *out)
{
	memset(out, 0, sizeof *out);
	rc_error_clear();
	struct rc_registry reg;
	enum rc_status st = rc_op_registry_get(c, name, &reg);
	if (st != RC_OK)
		return st;
	if (!reg.oauth_client_id) {
		/* TRANSLATORS: %s is the registry's name; keep the command as it is. */
		rc_error_set(_("The case has no client id for \"%s\": the registry gives the office one. Give it with: "
		               "recourse registry set CASE NAME --client-id ID"), reg.name);
		rc_registry_clear(&reg);
		return RC_USAGE;
	}
	struct rc_net_opts net;
	rc_op_net_opts(&reg, &net);
	/* the sign-in never sends the old token: a new one is asked for */
	net.bearer = NULL;
	net.max_body = RC_OAUTH_MAX;
	if (ui && ui->route) {
		char how[300];
		rc_op_net_route(&net, how, sizeof how);
		ui->route(ui->ud, how);
	}
	struct rc_discovery d;
	struct rc_net_result res;
	st = rc_discovery_fetch(reg.base_url, &net, &d, &res);
	if (st != RC_OK) {
		rc_registry_clear(&reg);
		return st;
	}
	if (!d.oauth || !d.device_endpoint || !d.token_endpoint) {
		rc_error_set("%s", d.oauth ? _("The registry's sign-in service has no usable addresses (they must start "
		                               "with https://).")
		                           : _("The registry does not ask for a sign-in: its log can be fetched without one."));
		rc_discovery_clear(&d);
		rc_registry_clear(&reg);
		return d.oauth ? RC_BADREG : RC_USAGE;
	}
	/* step 1: the device authorization request */
	struct rc_buf form;
	rc_buf_init(&form);
	const char *scope = reg.oauth_scope ? reg.oauth_scope : d.scopes;
	bool ok = rc_oauth_form_add(&form, "client_id", reg.oauth_client_id)
		&& (!scope || rc_oauth_form_add(&form, "scope", scope));
	struct grab g;
	rc_buf_init(&g.b);
	if (!ok)
		st = RC_NOMEM;
	else
		st = rc_net_post_form(d.device_endpoint, rc_buf_cstr(&form), "application/json", &net, take, &g, &res);
	rc_buf_free(&form);
	struct rc_oauth_device dev = { 0 };
	if (st == RC_OK && (res.http_status < 200 || res.http_status >= 300)) {
		struct rc_oauth_token e;
		if (rc_oauth_token_parse(res.http_status, g.b.data ? g.b.data : "", g.b.len, &e) == RC_OK && e.error)
			/* TRANSLATORS: %s is the sign-in service's error, e.g. invalid_client: unknown client. */
			rc_error_set(_("The registry's sign-in service refused to start a sign-in: %s"), e.error);
		else
			rc_error_set(_("The registry's sign-in service refused to start a sign-in (HTTP %ld)."), res.http_status);
		rc_oauth_token_clear(&e);
		st = RC_BADREG;
	} else if (st == RC_OK) {
		st = rc_oauth_device_parse(g.b.data ? g.b.data : "", g.b.len, &dev);
	}
	grab_wipe(&g);
	if (st != RC_OK) {
		rc_discovery_clear(&d);
		rc_registry_clear(&reg);
		return st;
	}
	/* step 3: show it, named as the case names the registry */
	if (ui && ui->show)
		ui->show(ui->ud, reg.name, dev.user_code, dev.verification_uri, dev.verification_uri_complete,
		         dev.expires_in);
	/* step 4: poll */
	rc_buf_init(&form);
	ok = rc_oauth_form_add(&form, "grant_type", "urn:ietf:params:oauth:grant-type:device_code")
		&& rc_oauth_form_add(&form, "device_code", dev.device_code)
		&& rc_oauth_form_add(&form, "client_id", reg.oauth_client_id);
	long interval = dev.interval;
	double deadline = mono_s() + (double)dev.expires_in;
	struct rc_oauth_token tok = { 0 };
	st = ok ? RC_OK : RC_NOMEM;
	while (st == RC_OK) {
		if (!wait_s(ui, interval, deadline + 1, interval)) {
			st = cancelled();
			break;
		}
		out->polls++;
		st = rc_net_post_form(d.token_endpoint, rc_buf_cstr(&form), "application/json", &net, take, &g, &res);
		if (st == RC_CANCELLED) {
			grab_wipe(&g);
			st = cancelled();
			break;
		}
		if (st == RC_OK)
			st = rc_oauth_token_parse(res.http_status, g.b.data ? g.b.data : "", g.b.len, &tok);
		grab_wipe(&g);
		if (st != RC_OK)
			break;
		switch (tok.answer) {
		case RC_OAUTH_TOKEN:
			break;
		case RC_OAUTH_PENDING:
		case RC_OAUTH_SLOW_DOWN:
			if (tok.answer == RC_OAUTH_SLOW_DOWN)
				interval += 5; /* RFC 8628 3.5: for good */
			/* the code's life is over (the server should have said
			 * expired_token): stop asking */
			if (mono_s() >= deadline) {
				rc_error_set("%s", _("The code ran out before the sign-in was confirmed. Start again: recourse "
				                     "registry login CASE NAME"));
				st = RC_BADREG;
			}
			break;
		case RC_OAUTH_DENIED:
			rc_error_set("%s", _("The sign-in was refused on the phone or computer where the code was entered. "
			                     "Nothing was kept."));
			st = RC_CANCELLED;
			break;
		case RC_OAUTH_EXPIRED:
			rc_error_set("%s", _("The code ran out before the sign-in was confirmed. Start again: recourse "
			                     "registry login CASE NAME"));
			st = RC_BADREG;
			break;
		case RC_OAUTH_ERROR:
			/* TRANSLATORS: %s is the sign-in service's error, e.g. invalid_grant. */
			rc_error_set(_("The registry's sign-in service refused: %s"), tok.error ? tok.error : "?");
			st = RC_BADREG;
			break;
		}
		if (st != RC_OK || tok.answer == RC_OAUTH_TOKEN)
			break;
		rc_oauth_token_clear(&tok);
	}
	buf_wipe(&form);
	out->interval = interval;
	if (st == RC_OK && tok.answer == RC_OAUTH_TOKEN) {
		char exp[32] = "";
		if (tok.expires_in > 0)
			rc_time_iso(rc_now() + (time_t)tok.expires_in, exp, sizeof exp);
		st = rc_registry_save_token(c, &reg, tok.access_token, *exp ? exp : NULL, tok.refresh_token);
		if (st == RC_OK)
			snprintf(out->expires, sizeof out->expires, "%s", exp);
	}
	rc_oauth_token_clear(&tok);
	rc_oauth_device_clear(&dev);
	rc_discovery_clear(&d);
	rc_registry_clear(&reg);
	return st;
}
