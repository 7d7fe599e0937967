/* remote.c - requests followed at a registry (doc/registry-api.md,
 * sections 4 and 5): what the client reads of the registry's answers
 * (the CapabilityStatement's correction operation, the Communication the
 * operation returns, a Task, DRP's pairing answer and Exercise Status),
 * and the DRP signed body (Ed25519, libsodium's combined mode).
 *
 * Every answer is hostile: each parser takes at most RC_REMOTE_MAX bytes,
 * accepts only the values the tables of the document name, checks the
 * dates it keeps, and cleans every text (rc_net_clean) before it leaves
 * here.  An answer that is not one of these is RC_BADREG with a message;
 * nothing of it is kept. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "i18n.h"
#include "net.h"

#define TEXT_MAX 1000

void rc_remote_status_clear(struct rc_remote_status *s)
{
	char **f[] = { &s->status, &s->code, &s->reason, &s->modified, &s->received_at, &s->expected_by, &s->id,
		&s->results_url };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

static json_t *load(const void *p, size_t n, const char *what)
{
	if (n > RC_REMOTE_MAX) {
		/* TRANSLATORS: %s names what the registry sent ("a Task"). */
		rc_error_set(_("The registry's answer (%s) is too large; it was not read."), what);
		return NULL;
	}
	json_error_t e;
	json_t *j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &e);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		/* TRANSLATORS: %s names what the registry sent ("a Task"). */
		rc_error_set(_("The registry's answer (%s) is not valid JSON; it was refused."), what);
		return NULL;
	}
	return j;
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *clean(const char *s)
{
	return s ? rc_net_clean(s, strlen(s), TEXT_MAX) : NULL;
}

/* A date or an instant (YYYY-MM-DD, then anything of a time) of sensible
 * years: kept as given, cut to 40 bytes; NULL when it is not one. */
static char *date_of(const char *s)
{
	if (!s || strlen(s) < 10 || strlen(s) > 40)
		return NULL;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return NULL;
	}
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	for (const char *p = s + 10; *p; p++)
		if (!strchr("0123456789T:.+-Z", *p))
			return NULL;
	return strdup(s);
}

/* An id a registry gives (FHIR id, DRP request_id): 1 to 64 of
 * [A-Za-z0-9.-_], so that it can go into a URL path as it is. */
static bool id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
		      || s[i] == '-' || s[i] == '.' || s[i] == '_'))
			return false;
	return true;
}

static enum rc_status refuse(const char *msg)
{
	rc_error_set("%s", msg);
	return RC_BADREG;
}

/* ---- section 4: the correction operation ---- */

enum rc_status rc_remote_correction_op(const void *p, size_t n, char **name)
{
	*name = NULL;
	json_t *j = load(p, n, "CapabilityStatement");
	if (!j)
		return RC_BADREG;
	const char *found = NULL;
	json_t *rest = json_object_get(j, "rest"), *r, *res, *op;
	size_t i, k, m;
	if (!str(j, "resourceType") || strcmp(str(j, "resourceType"), "CapabilityStatement"))
		rest = NULL;
	json_array_foreach(rest, i, r) {
		json_array_foreach(json_object_get(r, "resource"), k, res) {
			const char *type = str(res, "type");
			if (!type || strcmp(type, "Communication"))
				continue;
			json_array_foreach(json_object_get(res, "operation"), m, op) {
				const char *def = str(op, "definition"), *nm = str(op, "name");
				if (!found && def && nm && !strcmp(def, RC_CORRECTION_OP_URL))
					found = nm;
			}
		}
	}
	enum rc_status st = RC_OK;
	/* the name goes into the URL: letters, digits and dashes only */
	if (found && *found == '$')
		found++;
	if (!found || !*found || strlen(found) > 64 || strspn(found, "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(found))
		st = refuse(_("The registry does not list the correction-request operation (HL7 Patient Request for "
		              "Corrections) in its CapabilityStatement, so a correction cannot be sent to it online. "
		              "Send the letter instead."));
	else
		*name = strdup(found);
	json_decref(j);
	return st;
}

/* "Task/ID", "[base]/Task/ID" or "Task/ID/_history/N": ID. */
static const char *task_ref(const char *ref)
{
	if (!ref)
		return NULL;
	const char *t = strstr(ref, "Task/");
	if (!t || (t != ref && t[-1] != '/'))
		return NULL;
	return t + 5;
}

enum rc_status rc_remote_communication(const void *p, size_t n, char **task_id)
{
	*task_id = NULL;
	json_t *j = load(p, n, "Communication");
	if (!j)
		return RC_BADREG;
	enum rc_status st = RC_OK;
	const char *rt = str(j, "resourceType");
	if (!rt || strcmp(rt, "Communication")) {
		json_decref(j);
		return refuse(_("The registry did not answer the correction request with a Communication."));
	}
	/* the Task it spawned: in about, basedOn or partOf */
	static const char *const keys[] = { "about", "basedOn", "partOf" };
	char id[80] = "";
	for (size_t k = 0; k < 3 && !*id; k++) {
		json_t *a = json_object_get(j, keys[k]), *ref;
		size_t i;
		json_array_foreach(a, i, ref) {
			const char *t = task_ref(str(ref, "reference"));
			if (t && !*id) {
				size_t len = strcspn(t, "/");
				if (len < sizeof id) {
					memcpy(id, t, len);
					id[len] = 0;
				}
			}
		}
	}
	if (*id && !id_ok(id))
		st = refuse(_("The registry named its Task with an id recourse cannot use; the answer was refused."));
	else if (*id)
		*task_id = strdup(id);
	json_decref(j);
	return st;
}

/* The businessStatus codes of PatientCorrectionBusinessStatus. */
static const char *const business_codes[] = { "queued", "in-review", "waiting-for-information",
	"requester-cancelled", "accepted", "partial-accept", "amendment-completed", "denied", "disagreement-logged",
	"completed" };
/* FHIR R4 TaskStatus. */
static const char *const task_statuses[] = { "draft", "requested", "received", "accepted", "rejected", "ready",
	"cancelled", "in-progress", "on-hold", "failed", "completed", "entered-in-error" };

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

enum rc_status rc_remote_task(const void *p, size_t n, struct rc_remote_status *out)
{
	memset(out, 0, sizeof *out);
	json_t *j = load(p, n, "Task");
	if (!j)
		return RC_BADREG;
	enum rc_status st = RC_OK;
	const char *rt = str(j, "resourceType"), *status = str(j, "status"), *code = NULL;
	json_t *bs = json_object_get(j, "businessStatus"), *c;
	size_t i;
	json_array_foreach(json_object_get(bs, "coding"), i, c) {
		const char *sys = str(c, "system");
		if (!code && sys && !strcmp(sys, RC_CORRECTION_BS_SYSTEM))
			code = str(c, "code");
	}
	if (!rt || strcmp(rt, "Task"))
		st = refuse(_("The registry's answer is not a Task; it was refused."));
	else if (!one_of(status, task_statuses, sizeof task_statuses / sizeof *task_statuses))
		st = refuse(_("The registry's Task has no status recourse knows; it was refused."));
	else if (code && !one_of(code, business_codes, sizeof business_codes / sizeof *business_codes))
		st = refuse(_("The registry's Task has a business status that is not one of the Patient Request for "
		              "Corrections guide's; it was refused, and the request is unchanged."));
	if (st == RC_OK) {
		const char *lm = str(j, "lastModified");
		out->status = strdup(status);
		out->code = code ? strdup(code) : NULL;
		out->id = id_ok(str(j, "id")) ? strdup(str(j, "id")) : NULL;
		out->modified = date_of(lm);
		if (lm && !out->modified)
			st = refuse(_("The registry's Task has a date that is not a date; it was refused."));
		json_t *sr = json_object_get(j, "statusReason");
		out->reason = clean(str(sr, "text"));
	}
	if (st != RC_OK)
		rc_remote_status_clear(out);
	json_decref(j);
	return st;
}

enum rc_status rc_remote_task_history(const void *p, size_t n, const char *const *codes, size_t ncodes,
	char **first)
{
	*first = NULL;
	json_t *j = load(p, n, "Task history");
	if (!j)
		return RC_BADREG;
	const char *rt = str(j, "resourceType"), *type = str(j, "type");
	if (!rt || strcmp(rt, "Bundle") || !type || strcmp(type, "history")) {
		json_decref(j);
		return refuse(_("The registry's Task history is not a history Bundle; it was refused."));
	}
	json_t *e;
	size_t i;
	char *best = NULL;
	json_array_foreach(json_object_get(j, "entry"), i, e) {
		json_t *res = json_object_get(e, "resource"), *c;
		json_t *bs = json_object_get(res, "businessStatus");
		size_t k;
		json_array_foreach(json_object_get(bs, "coding"), k, c) {
			const char *sys = str(c, "system"), *code = str(c, "code");
			if (!sys || strcmp(sys, RC_CORRECTION_BS_SYSTEM) || !one_of(code, codes, ncodes))
				continue;
			char *d = date_of(str(res, "lastModified"));
			if (d && (!best || strcmp(d, best) < 0)) {
				free(best);
				best = d;
			} else {
				free(d);
			}
		}
	}
	json_decref(j);
	*first = best;
	return RC_OK;
}

/* ---- section 5: the Data Rights Protocol ---- */

enum rc_status rc_remote_drp_pairing(const void *p, size_t n, char **token)
{
	*token = NULL;
	json_t *j = load(p, n, "DRP pairing");
	if (!j)
		return RC_BADREG;
	const char *t = str(j, "token");
	enum rc_status st = RC_OK;
	size_t len = t ? strlen(t) : 0;
	/* a bearer token: RFC 6750's b64token characters, sensible length */
	if (len < 8 || len > 4096 || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=")
		!= len)
		st = refuse(_("The registry's answer to the pairing holds no usable token; it was refused."));
	else
		*token = strdup(t);
	json_decref(j);
	return st;
}

static const char *const drp_statuses[] = { "open", "in_progress", "fulfilled", "denied", "revoked", "expired" };

enum rc_status rc_remote_drp_status(const void *p, size_t n, struct rc_remote_status *out)
{
	memset(out, 0, sizeof *out);
	json_t *j = load(p, n, "DRP status");
	if (!j)
		return RC_BADREG;
	enum rc_status st = RC_OK;
	const char *status = str(j, "status"), *rid = str(j, "request_id");
	if (!one_of(status, drp_statuses, sizeof drp_statuses / sizeof *drp_statuses))
		st = refuse(_("The registry's status of the request is not one the Data Rights Protocol defines; it was "
		              "refused, and the request is unchanged."));
	else if (!id_ok(rid))
		st = refuse(_("The registry's answer names no request id recourse can use; it was refused."));
	if (st == RC_OK) {
		out->status = strdup(status);
		out->id = strdup(rid);
		const char *reason = str(j, "reason");
		/* a reason is a code (need_user_verification, ...): cleaned, short */
		out->code = reason ? rc_net_clean(reason, strlen(reason), 80) : NULL;
		out->reason = clean(str(j, "processing_details"));
		const char *ra = str(j, "received_at"), *eb = str(j, "expected_by");
		out->received_at = date_of(ra);
		out->expected_by = date_of(eb);
		if ((ra && !out->received_at) || (eb && !out->expected_by))
			st = refuse(_("The registry's status holds a date that is not a date; it was refused."));
		const char *url = str(j, "results_url");
		if (st == RC_OK && url && strlen(url) < 2000)
			out->results_url = clean(url);
	}
	if (st != RC_OK)
		rc_remote_status_clear(out);
	json_decref(j);
	return st;
}

/* The body DRP signs: base64 (original variant, padded) of the Ed25519
 * signature followed by the message (crypto_sign's combined mode). */
char *rc_drp_sign(const char *json, const unsigned char sk[RC_DRP_SK_BYTES])
{
	size_t n = strlen(json);
	unsigned char *sm = malloc(n + crypto_sign_BYTES);
	if (!sm)
		return NULL;
	unsigned long long smlen = 0;
	crypto_sign(sm, &smlen, (const unsigned char *)json, n, sk);
	size_t blen = sodium_base64_encoded_len(smlen, sodium_base64_VARIANT_ORIGINAL);
	char *b = malloc(blen);
	if (b)
		sodium_bin2base64(b, blen, sm, smlen, sodium_base64_VARIANT_ORIGINAL);
	free(sm);
	return b;
}

void rc_drp_keypair(unsigned char pk[RC_DRP_PK_BYTES], unsigned char sk[RC_DRP_SK_BYTES])
{
	crypto_sign_keypair(pk, sk);
}

void rc_drp_public_of(const unsigned char sk[RC_DRP_SK_BYTES], unsigned char pk[RC_DRP_PK_BYTES])
{
	crypto_sign_ed25519_sk_to_pk(pk, sk);
}
