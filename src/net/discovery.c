/* discovery.c - the registry's discovery document,
 * GET [base]/.well-known/recourse-registry (doc/registry-api.md). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "i18n.h"
#include "net.h"

#define DISCOVERY_MAX ((size_t)64 << 10)

void rc_discovery_clear(struct rc_discovery *d)
{
	free(d->api_version);
	free(d->registry);
	free(d->fhir_base);
	free(d->drp_base);
	free(d->export_endpoint);
	free(d->request_kinds);
	free(d->signing_cert);
	free(d->device_endpoint);
	free(d->token_endpoint);
	free(d->scopes);
	memset(d, 0, sizeof *d);
}

static char *member(json_t *o, const char *k, size_t max)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_string(v))
		return NULL;
	return rc_net_clean(json_string_value(v), json_string_length(v), max);
}

static enum rc_status refuse(struct rc_discovery *out, const char *why)
{
	rc_discovery_clear(out);
	/* TRANSLATORS: %s says what is wrong with it. The "discovery document" is
	 * what a registry publishes about itself (doc/registry-api.md). */
	rc_error_set(_("The registry's discovery document cannot be used: %s"), why);
	return RC_BADREG;
}

enum rc_status rc_discovery_parse(const char *base, const void *p, size_t n, struct rc_discovery *out)
{
	memset(out, 0, sizeof *out);
	json_error_t jerr;
	json_t *root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(root)) {
		json_decref(root);
		return refuse(out, _("it is not a JSON object."));
	}
	out->api_version = member(root, "api_version", 16);
	out->registry = member(root, "registry", 200);
	out->fhir_base = member(root, "fhir_base", 2000);
	out->drp_base = member(root, "drp_base", 2000);
	out->export_endpoint = member(root, "export_endpoint", 2000);
	json_t *kinds = json_object_get(root, "request_kinds");
	if (json_is_array(kinds)) {
		size_t i;
		json_t *k;
		char buf[200] = "";
		json_array_foreach(kinds, i, k) {
			if (!json_is_string(k) || i >= 8)
				continue;
			const char *s = json_string_value(k);
			if (strcmp(s, "correction") && strcmp(s, "deletion") && strcmp(s, "access"))
				continue; /* only the kinds the document defines */
			size_t l = strlen(buf);
			snprintf(buf + l, sizeof buf - l, "%s%s", l ? ", " : "", s);
		}
		out->request_kinds = strdup(buf);
	}
	json_t *oa = json_object_get(root, "oauth");
	out->oauth = json_is_object(oa);
	if (out->oauth) {
		/* the sign-in's endpoints may be on another origin (they never
		 * get the bearer), but only https (or http on loopback) */
		out->device_endpoint = member(oa, "device_authorization_endpoint", 2000);
		out->token_endpoint = member(oa, "token_endpoint", 2000);
		if (out->device_endpoint && !rc_net_url_allowed(out->device_endpoint)) {
			free(out->device_endpoint);
			out->device_endpoint = NULL;
		}
		if (out->token_endpoint && !rc_net_url_allowed(out->token_endpoint)) {
			free(out->token_endpoint);
			out->token_endpoint = NULL;
		}
		rc_error_clear();
		json_t *sc = json_object_get(oa, "scopes_supported");
		if (json_is_array(sc)) {
			size_t i;
			json_t *k;
			char buf[1000] = "";
			json_array_foreach(sc, i, k) {
				if (!json_is_string(k) || i >= 32)
					continue;
				const char *s = json_string_value(k);
				/* RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
				bool good = *s && strlen(s) < 100;
				for (const char *q = s; good && *q; q++)
					good = *q >= 0x21 && *q <= 0x7e && *q != '"' && *q != '\\';
				size_t l = strlen(buf);
				if (good && l + strlen(s) + 2 < sizeof buf)
					snprintf(buf + l, sizeof buf - l, "%s%s", l ? " " : "", s);
			}
			if (*buf)
				out->scopes = strdup(buf);
		}
	}
	json_t *scert = json_object_get(root, "signing_certificate");
	if (json_is_string(scert)) {
		/* shown to be compared by another channel, never trusted */
		struct rc_cert_info ci;
		if (rc_cert_check(json_string_value(scert), json_string_length(scert), &ci) == RC_OK) {
			out->signing_cert = ci.pem;
			ci.pem = NULL;
		} else {
			out->signing_cert_bad = true;
		}
		rc_cert_info_clear(&ci);
	}
	json_decref(root);
	if (!out->api_version)
		return refuse(out, _("it does not say which version of the API it speaks."));
	if (strncmp(out->api_version, "1.", 2) && strcmp(out->api_version, "1"))
		/* TRANSLATORS: the registry speaks a version of the API recourse does not know. */
		return refuse(out, _("it speaks another version of the API than this recourse."));
	if (!out->fhir_base)
		return refuse(out, _("it gives no address for the access log (fhir_base)."));
	if (!rc_net_same_origin(base, out->fhir_base))
		return refuse(out, _("its access log is at another address than the registry itself."));
	size_t l = strlen(out->fhir_base);
	while (l && out->fhir_base[l - 1] == '/')
		out->fhir_base[--l] = 0;
	return RC_OK;
}

struct grab {
	char *p;
	size_t n;
};

static enum rc_status take(void *ud, const void *p, size_t n)
{
	struct grab *g = ud;
	if (g->n + n > DISCOVERY_MAX)
		return RC_BADREG;
	char *q = realloc(g->p, g->n + n + 1);
	if (!q)
		return RC_NOMEM;
	memcpy(q + g->n, p, n);
	g->p = q;
	g->n += n;
	return RC_OK;
}

enum rc_status rc_discovery_fetch(const char *base, const struct rc_net_opts *o, struct rc_discovery *out,
	struct rc_net_result *res)
{
	return rc_discovery_fetch_via(NULL, NULL, base, o, out, res);
}

enum rc_status rc_discovery_fetch_via(rc_net_get_fn get, void *get_ud, const char *base,
	const struct rc_net_opts *o, struct rc_discovery *out, struct rc_net_result *res)
{
	memset(out, 0, sizeof *out);
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	char *url = malloc(bl + 40);
	if (!url)
		return RC_NOMEM;
	memcpy(url, base, bl);
	strcpy(url + bl, "/.well-known/recourse-registry");
	struct grab g = { 0 };
	struct rc_net_opts oo = *o;
	oo.max_body = DISCOVERY_MAX;
	enum rc_status st = get ? get(get_ud, url, "application/json", &oo, take, &g, res)
	                        : rc_net_get(url, "application/json", &oo, take, &g, res);
	free(url);
	if (st == RC_BADREG && g.n >= DISCOVERY_MAX && !*rc_error_detail())
		refuse(out, _("it is larger than 64 KB."));
	if (st == RC_OK)
		st = rc_discovery_parse(base, g.p ? g.p : "", g.n, out);
	free(g.p);
	return st;
}
