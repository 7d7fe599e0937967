/* registry.c - the registries of a case: adding one (its address, pins,
 * its own CA), listing them with where their sync stands, and testing
 * the connection (the discovery document).  doc/registry-api.md. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "ops-int.h"

/* "sha256//" and 44 characters of base64 (32 bytes), ";"-separated. */
static bool pins_ok(const char *p)
{
	if (!p || !*p)
		return true;
	size_t n = 0;
	while (*p) {
		if (strncmp(p, "sha256//", 8))
			return false;
		p += 8;
		size_t k = 0;
		while (p[k] && p[k] != ';') {
			char ch = p[k];
			if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+'
			      || ch == '/' || ch == '='))
				return false;
			k++;
		}
		if (k != 44)
			return false;
		p += k;
		if (*p == ';')
			p++;
		if (++n > 8)
			return false;
	}
	return n > 0;
}

static bool name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 60)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f)
			return false;
	}
	char *clean = rc_text_sanitize(s, n, false);
	bool same = clean && !strcmp(clean, s);
	free(clean);
	return same;
}

/* A DRP agent or business id: it goes into a URL path. */
static bool id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 100)
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_") == n;
}

enum rc_status rc_op_registry_add(struct rc_case *c, const struct rc_registry_in *in)
{
	rc_error_clear();
	if (!name_ok(in->name)) {
		rc_error_set("%s", _("A registry's name is 1 to 60 characters, without control characters."));
		return RC_USAGE;
	}
	if (!in->url || !rc_net_url_allowed(in->url))
		return RC_USAGE;
	if (!pins_ok(in->pins)) {
		/* TRANSLATORS: keep "sha256//" as it is; a pin is the expected key of a server. */
		rc_error_set("%s", _("A pin is written sha256// followed by 44 characters of base64 (the SHA-256 of the "
		                     "server's public key); give several separated by \";\" (a backup pin)."));
		return RC_USAGE;
	}
	if (in->ca_pem && !strstr(in->ca_pem, "-----BEGIN CERTIFICATE-----")) {
		/* TRANSLATORS: PEM is a file format; leave it as it is. */
		rc_error_set("%s", _("The CA file is not a certificate in PEM form (-----BEGIN CERTIFICATE-----)."));
		return RC_USAGE;
	}
	struct rc_cert_info ci = { 0 };
	if (in->signing_cert_pem) {
		enum rc_status st = rc_op_cert_read(in->signing_cert_pem, strlen(in->signing_cert_pem), &ci);
		if (st != RC_OK)
			return st == RC_INVALID ? RC_USAGE : st;
	}
	if (in->regime && *in->regime) {
		const struct rc_regimes *cat;
		enum rc_status st = rc_op_catalogue(&cat);
		if (st != RC_OK) {
			rc_cert_info_clear(&ci);
			return st;
		}
		bool found = false;
		for (size_t i = 0; i < rc_regimes_count(cat) && !found; i++)
			found = !strcmp(rc_regimes_id(cat, i), in->regime);
		if (!found) {
			/* TRANSLATORS: %s is what the user gave; "recourse regime list" is a command. */
			rc_error_set(_("There is no regime \"%s\" (recourse regime list shows them)."), in->regime);
			rc_cert_info_clear(&ci);
			return RC_USAGE;
		}
	}
	enum rc_status ast = ops_registry_auth_check(in);
	if (ast != RC_OK) {
		rc_cert_info_clear(&ci);
		return ast;
	}
	struct rc_registry r = { 0 };
	r.client_cert = in->client_cert_pem && *in->client_cert_pem ? (char *)in->client_cert_pem : NULL;
	r.client_key = r.client_cert ? (char *)in->client_key_pem : NULL;
	r.oauth_client_id = in->client_id && *in->client_id ? (char *)in->client_id : NULL;
	r.oauth_scope = in->scope && *in->scope ? (char *)in->scope : NULL;
	r.name = (char *)in->name;
	r.base_url = (char *)in->url;
	r.regime = in->regime && *in->regime ? (char *)in->regime : NULL;
	r.pins = in->pins && *in->pins ? (char *)in->pins : NULL;
	r.ca = (char *)in->ca_pem;
	r.signing_cert = ci.pem;
	bool drp = (in->drp_agent && *in->drp_agent) || (in->drp_business && *in->drp_business);
	if (drp && !(id_ok(in->drp_agent) && id_ok(in->drp_business))) {
		/* TRANSLATORS: keep the option names as they are. */
		rc_error_set("%s", _("--drp-agent and --drp-business go together: each 1 to 100 letters, digits, dots, "
		                     "dashes or underscores, as the Data Rights Protocol's directory gives them."));
		rc_cert_info_clear(&ci);
		return RC_USAGE;
	}
	enum rc_status st = rc_case_begin(c);
	if (st != RC_OK) {
		rc_cert_info_clear(&ci);
		return st;
	}
	st = rc_registry_add(c, &r);
	rc_cert_info_clear(&ci);
	struct rc_registry got;
	if (st == RC_OK && drp && (st = rc_registry_get(c, in->name, &got)) == RC_OK) {
		st = rc_registry_drp_set(c, got.id, in->drp_agent, in->drp_business);
		rc_registry_clear(&got);
	}
	if (st == RC_OK)
		return rc_case_commit(c);
	rc_case_rollback(c);
	return st;
}

void rc_op_net_opts(const struct rc_registry *r, struct rc_net_opts *o)
{
	/* the program's settings, read again each time (a small file): the
	 * terminal interface sees a proxy changed while it runs */
	static __thread struct rc_net_settings set;
	rc_op_net_settings(&set);
	memset(o, 0, sizeof *o);
	/* a proxy only when the settings name one; the environment's proxy
	 * variables only when they say so (doc/registry-api.md, section 8) */
	o->proxy = set.proxy[0] ? set.proxy : NULL;
	o->proxy_env = set.proxy_env;
	if (!r)
		return; /* not a registry (a time stamp authority): no pin, no sign-in */
	o->pins = r->pins;
	o->ca_pem = r->ca;
	/* the sign-in, only ever to the registry's own origin (section 7) */
	o->bearer = r->token;
	o->bearer_origin = r->base_url;
	/* mutual TLS: from the encrypted case, as blobs */
	if (r->client_cert && r->client_key) {
		o->client_cert = r->client_cert;
		o->client_key = r->client_key;
	}
}

enum rc_status rc_op_registry_get(struct rc_case *c, const char *name, struct rc_registry *r)
{
	enum rc_status st = rc_registry_get(c, name, r);
	if (st == RC_NOTFOUND)
		/* TRANSLATORS: %s is a registry's name; "recourse registry list" is a command. */
		rc_error_set(_("The case has no registry named \"%s\" (recourse registry list CASE shows them)."), name);
	return st;
}

enum rc_status rc_op_registry_test(struct rc_case *c, const char *name, struct rc_discovery *d)
{
	rc_error_clear();
	memset(d, 0, sizeof *d);
	struct rc_registry r;
	enum rc_status st = rc_op_registry_get(c, name, &r);
	if (st != RC_OK)
		return st;
	struct rc_net_opts o;
	rc_op_net_opts(&r, &o);
	struct rc_net_result res;
	st = rc_discovery_fetch(r.base_url, &o, d, &res);
	rc_registry_clear(&r);
	return st;
}
