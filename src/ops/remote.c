/* remote.c - a request submitted to a registry and followed there
 * (doc/registry-api.md, sections 4 and 5).
 *
 * A correction (rectification) goes by HL7's Patient Request for
 * Corrections: the correction-request operation with a Communication,
 * then the Task it spawned, polled.  An erasure or an access request goes
 * by the Data Rights Protocol: pairing once (an Ed25519 key made here,
 * kept in the case file; the bearer token likewise), the exercise, then
 * its status, polled.  What the registry says moves the request only by
 * the lawful moves of its state machine (rc_op_request_move), with the
 * registry's dates; it never touches the statutory deadline, which
 * follows from the law and the day of receipt.  An answer the client
 * cannot read is refused whole: the request stays as it was. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "ops-int.h"

/* ---- bodies read whole, capped ---- */

struct body {
	struct rc_buf b;
};

static enum rc_status body_take(void *ud, const void *p, size_t n)
{
	struct body *x = ud;
	if (x->b.len + n > RC_REMOTE_MAX)
		return RC_BADREG;
	return rc_buf_add(&x->b, p, n) ? RC_OK : RC_NOMEM;
}

static void body_free(struct body *x)
{
	if (x->b.data)
		sodium_memzero(x->b.data, x->b.len);
	rc_buf_free(&x->b);
}

static enum rc_status get_json(const char *url, const char *accept, const struct rc_net_opts *o, struct body *x)
{
	rc_buf_init(&x->b);
	struct rc_net_result res;
	return rc_net_get_retry(url, accept, o, body_take, x, &res, 3, 60, NULL, NULL);
}

static enum rc_status post_json(const char *url, const char *accept, const char *ctype, const char *payload,
	const struct rc_net_opts *o, struct body *x)
{
	rc_buf_init(&x->b);
	struct rc_net_result res;
	return rc_net_post_retry(url, accept, ctype, payload, strlen(payload), o, body_take, x, &res, 3, 60);
}

/* ---- dates ---- */

static void today_iso(char out[RC_YMD_LEN])
{
	rc_ymd_format(rc_op_today(), out);
}

/* The day of a registry's date for a step: its first ten characters, no
 * earlier than the day the request was sent and no later than today (a
 * registry's clock ahead of this one's must not make a step "in the
 * future"). */
static void step_day(const char *date, const char *filed, char out[RC_YMD_LEN])
{
	today_iso(out);
	struct rc_ymd d, t = rc_op_today(), f;
	char b[11];
	if (date && strlen(date) >= 10) {
		memcpy(b, date, 10);
		b[10] = 0;
		if (rc_ymd_parse(b, &d) && rc_ymd_cmp(d, t) <= 0)
			rc_ymd_format(d, out);
	}
	if (filed && strlen(filed) >= 10) {
		memcpy(b, filed, 10);
		b[10] = 0;
		if (rc_ymd_parse(b, &f) && rc_ymd_parse(out, &d) && rc_ymd_cmp(d, f) < 0)
			rc_ymd_format(f, out);
	}
}

/* ---- the registry ---- */

struct reg {
	struct rc_registry r;
	struct rc_discovery d;
	struct rc_net_opts o;      /* the FHIR calls: the sign-in's token, if any */
	struct rc_net_opts drp_o;  /* the DRP calls: the pairing's token, if any */
	unsigned char *token;      /* the DRP pairing's token (registry.drp_token) */
	size_t ntoken;
};

static void reg_free(struct reg *g)
{
	rc_registry_clear(&g->r);
	rc_discovery_clear(&g->d);
	if (g->token) {
		sodium_memzero(g->token, g->ntoken);
		free(g->token);
	}
	memset(g, 0, sizeof *g);
}

/* The registry, its discovery document, and the token when one is kept
 * (only ever sent to the registry's origin: every URL used here is
 * checked against it). */
static enum rc_status reg_open(struct rc_case *c, const char *name, int64_t id, struct reg *g)
{
	memset(g, 0, sizeof *g);
	enum rc_status st;
	if (name) {
		st = rc_op_registry_get(c, name, &g->r);
	} else {
		struct rc_registry *all;
		size_t n;
		st = rc_registry_list(c, &all, &n);
		if (st != RC_OK)
			return st;
		st = RC_NOTFOUND;
		for (size_t i = 0; i < n; i++)
			if (all[i].id == id) {
				g->r = all[i];
				memset(&all[i], 0, sizeof all[i]);
				st = RC_OK;
			}
		rc_registries_free(all, n);
		if (st == RC_NOTFOUND)
			rc_error_set("%s", _("The registry this request was submitted to is no longer in the case."));
	}
	if (st != RC_OK)
		return st;
	rc_op_net_opts(&g->r, &g->o);
	g->o.max_body = RC_REMOTE_MAX;
	g->drp_o = g->o;
	g->drp_o.bearer = NULL;
	st = rc_registry_secret_get(c, g->r.id, "drp_token", &g->token, &g->ntoken);
	if (st == RC_OK && g->token)
		g->drp_o.bearer = (const char *)g->token;
	struct rc_net_result res;
	if (st == RC_OK)
		st = rc_discovery_fetch(g->r.base_url, &g->o, &g->d, &res);
	if (st != RC_OK)
		reg_free(g);
	return st;
}

static bool kind_offered(const struct rc_discovery *d, const char *kind)
{
	if (!d->request_kinds)
		return false;
	const char *p = d->request_kinds;
	size_t n = strlen(kind);
	while ((p = strstr(p, kind))) {
		bool start = p == d->request_kinds || p[-1] == ' ' || p[-1] == ',';
		bool end = p[n] == 0 || p[n] == ',' || p[n] == ' ';
		if (start && end)
			return true;
		p += n;
	}
	return false;
}

/* ---- section 4: a correction ---- */

static char *uuid_urn(void)
{
	unsigned char u[16];
	randombytes_buf(u, sizeof u);
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	char *s = rc_xmalloc(48);
	snprintf(s, 48, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
	         u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
	return s;
}

/* The printable letter of request id as a PDF, base64 (malloc'ed), made
 * in memory (a memfd, as letter_print.c does: no file on any disk); NULL
 * when it cannot be made (no regime, no template) or is over max bytes. */
static char *letter_pdf64(struct rc_case *c, int64_t id, size_t max)
{
	int mem = memfd_create("letter", MFD_CLOEXEC);
	if (mem < 0)
		return NULL;
	struct rc_letter_opts lo = { .pdf = true };
	char *out = NULL;
	off_t end;
	if (rc_op_request_letter(c, id, &lo, mem) == RC_OK && (end = lseek(mem, 0, SEEK_END)) > 0
		&& (size_t)end <= max && lseek(mem, 0, SEEK_SET) == 0) {
		size_t n = (size_t)end, got = 0;
		unsigned char *pdf = rc_xmalloc(n);
		while (got < n) {
			ssize_t k = read(mem, pdf + got, n - got);
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		if (got == n) {
			size_t blen = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
			out = rc_xmalloc(blen);
			sodium_bin2base64(out, blen, pdf, n, sodium_base64_VARIANT_ORIGINAL);
		}
		sodium_memzero(pdf, n);
		free(pdf);
	}
	close(mem);
	rc_error_clear(); /* a letter that cannot be made is said by the caller */
	return out;
}

/* The Parameters of the correction-request operation: a Patient
 * Correction Bundle holding the Communication.  Its payload is the text
 * of the correction (what is recorded, what it should be, under which
 * law) and, when it can be made, the printable letter as a PDF
 * (doc/registry-api.md, section 4). */
static char *correction_body(const struct rc_request_row *r, const struct rc_case_meta *m, const char *ident,
	const char *now, const char *pdf64)
{
	struct rc_buf t;
	rc_buf_init(&t);
	/* the registry's language is not known: the text is in English, as
	 * the letter's authority copy is when there is no other */
	rc_buf_printf(&t, "Request for correction (rectification) of personal data.\nRecorded: %s\nShould be: %s\n",
	              r->about ? r->about : "", r->correct_value ? r->correct_value : "");
	if (r->regime)
		rc_buf_printf(&t, "Legal regime: %s\n", r->regime);
	json_t *comm = json_pack("{s:s, s:[{s:s, s:s}], s:s, s:[{s:[{s:s, s:s}]}], s:s, s:[{s:s}]}",
		"resourceType", "Communication",
		"identifier", "system", "urn:ietf:rfc:3986", "value", ident,
		"status", "in-progress",
		"category", "coding", "system", "http://hl7.org/fhir/uv/patient-corrections/CodeSystem/PatientCorrectionCommunicationTypes",
		"code", "medRecCxReq",
		"sent", now,
		"payload", "contentString", rc_buf_cstr(&t));
	if (comm && pdf64) {
		/* the printable letter, the legally operative document */
		json_t *att = json_pack("{s:{s:s, s:s, s:s}}", "contentAttachment", "contentType", "application/pdf",
			"data", pdf64, "title", "letter.pdf");
		json_array_append_new(json_object_get(comm, "payload"), att);
	}
	if (comm && m->record_ref) {
		json_t *subj = strchr(m->record_ref, '|') && strncmp(m->record_ref, "Patient/", 8)
			? json_pack("{s:{s:s%, s:s}}", "identifier", "system", m->record_ref,
			            (size_t)(strchr(m->record_ref, '|') - m->record_ref), "value", strchr(m->record_ref, '|') + 1)
			: json_pack("{s:s}", "reference", m->record_ref);
		json_object_set_new(comm, "subject", subj);
	}
	json_t *params = comm ? json_pack("{s:s, s:[{s:s, s:{s:s, s:s, s:[{s:o}]}}]}", "resourceType", "Parameters",
		"parameter", "name", "CorrectionRequest", "resource", "resourceType", "Bundle", "type", "collection",
		"entry", "resource", comm) : NULL;
	char *out = params ? json_dumps(params, JSON_COMPACT) : NULL;
	json_decref(params);
	sodium_memzero(t.data, t.len);
	rc_buf_free(&t);
	return out;
}

static enum rc_status submit_correction(struct rc_case *c, const struct rc_request_row *r, struct reg *g,
	struct rc_request_row *set, char received[RC_YMD_LEN], struct rc_submit_result *res)
{
	char *url = NULL, *op = NULL, *ident = NULL, *payload = NULL, *task = NULL;
	struct body x = { 0 };
	struct rc_case_meta m;
	memset(&m, 0, sizeof m);
	enum rc_status st = rc_case_meta_get(c, &m);
	if (st == RC_OK) {
		url = rc_xmalloc(strlen(g->d.fhir_base) + 16);
		sprintf(url, "%s/metadata", g->d.fhir_base);
		st = get_json(url, "application/fhir+json", &g->o, &x);
	}
	if (st == RC_OK)
		st = rc_remote_correction_op(x.b.data, x.b.len, &op);
	body_free(&x);
	if (st == RC_OK) {
		char now[32];
		rc_time_iso(rc_now(), now, sizeof now);
		ident = uuid_urn();
		/* the letter at most 600 KB, so the whole stays within a
		 * registry's 1 MiB */
		char *pdf64 = letter_pdf64(c, r->id, 600 * 1024);
		res->letter_attached = pdf64 != NULL;
		payload = correction_body(r, &m, ident, now, pdf64);
		if (pdf64) {
			sodium_memzero(pdf64, strlen(pdf64));
			free(pdf64);
		}
		if (!payload)
			st = RC_NOMEM;
	}
	if (st == RC_OK) {
		free(url);
		url = rc_xmalloc(strlen(g->d.fhir_base) + strlen(op) + 24);
		sprintf(url, "%s/Communication/$%s", g->d.fhir_base, op);
		st = post_json(url, "application/fhir+json", "application/fhir+json", payload, &g->o, &x);
	}
	if (st == RC_OK)
		st = rc_remote_communication(x.b.data, x.b.len, &task);
	body_free(&x);
	if (st == RC_OK) {
		today_iso(received);
		set->remote_status = rc_xstrdup(task ? "queued" : "sent");
		if (task) {
			set->remote_id = task;
			set->remote_url = rc_xmalloc(strlen(g->d.fhir_base) + strlen(task) + 8);
			sprintf(set->remote_url, "%s/Task/%s", g->d.fhir_base, task);
			task = NULL;
		} else {
			/* no Task: sent, not followed; the identifier stops a second
			 * submission */
			set->remote_id = ident;
			ident = NULL;
		}
	}
	if (payload) {
		sodium_memzero(payload, strlen(payload));
		free(payload);
	}
	free(url);
	free(op);
	free(ident);
	free(task);
	rc_case_meta_clear(&m);
	return st;
}

/* ---- section 5: the Data Rights Protocol ---- */

static void iso_at(time_t t, char out[32])
{
	rc_time_iso(t, out, 32);
}

/* The agent's secret key: the one kept, or a new one (kept at once). */
static enum rc_status drp_key(struct rc_case *c, int64_t reg, unsigned char sk[RC_DRP_SK_BYTES], bool *made)
{
	unsigned char *k = NULL;
	size_t n = 0;
	*made = false;
	enum rc_status st = rc_registry_secret_get(c, reg, "drp_key", &k, &n);
	if (st == RC_OK && k && n == RC_DRP_SK_BYTES) {
		memcpy(sk, k, RC_DRP_SK_BYTES);
	} else if (st == RC_OK && !k) {
		unsigned char pk[RC_DRP_PK_BYTES];
		rc_drp_keypair(pk, sk);
		st = rc_registry_secret_set(c, reg, "drp_key", sk, RC_DRP_SK_BYTES);
		*made = st == RC_OK;
	} else if (st == RC_OK) {
		rc_error_set("%s", _("The case's DRP key for this registry is damaged."));
		st = RC_CORRUPT;
	}
	if (k) {
		sodium_memzero(k, n);
		free(k);
	}
	return st;
}

static char *signed_body(json_t *o, const unsigned char sk[RC_DRP_SK_BYTES])
{
	char *js = json_dumps(o, JSON_COMPACT);
	if (!js)
		return NULL;
	char *b = rc_drp_sign(js, sk);
	sodium_memzero(js, strlen(js));
	free(js);
	return b;
}

static enum rc_status drp_pair(struct rc_case *c, struct reg *g, const char *agent, const char *business,
	const unsigned char sk[RC_DRP_SK_BYTES])
{
	char issued[32], expires[32];
	time_t now = rc_now();
	iso_at(now, issued);
	iso_at(now + 600, expires);
	unsigned char pk[RC_DRP_PK_BYTES];
	rc_drp_public_of(sk, pk);
	char pk64[64];
	sodium_bin2base64(pk64, sizeof pk64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
	/* verify_key: the agent's public key, as DRP's directory lists it;
	 * a registry that reads the directory ignores it (section 5) */
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "agent-id", agent, "business-id", business,
		"issued-at", issued, "expires-at", expires, "drp.version", RC_DRP_VERSION, "verify_key", pk64);
	char *body = o ? signed_body(o, sk) : NULL;
	json_decref(o);
	if (!body)
		return RC_NOMEM;
	char *esc = rc_net_escape(agent);
	char *url = rc_xmalloc(strlen(g->d.drp_base) + (esc ? strlen(esc) : 0) + 16);
	sprintf(url, "%s/v1/agent/%s", g->d.drp_base, esc ? esc : "");
	free(esc);
	struct body x = { 0 };
	/* no bearer token for the pairing: it is what gives one */
	struct rc_net_opts o2 = g->drp_o;
	o2.bearer = NULL;
	enum rc_status st = post_json(url, "application/json", "text/plain", body, &o2, &x);
	free(url);
	free(body);
	char *token = NULL;
	if (st == RC_OK)
		st = rc_remote_drp_pairing(x.b.data, x.b.len, &token);
	body_free(&x);
	if (st == RC_OK)
		st = rc_registry_secret_set(c, g->r.id, "drp_token", token, strlen(token));
	if (st == RC_OK) {
		if (g->token) {
			sodium_memzero(g->token, g->ntoken);
			free(g->token);
		}
		g->token = (unsigned char *)token;
		g->ntoken = strlen(token);
		g->drp_o.bearer = token;
		token = NULL;
	}
	if (token) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	return st;
}

static enum rc_status submit_drp(struct rc_case *c, const struct rc_request_row *r, const char *exercise,
	struct reg *g, struct rc_request_row *set, char received[RC_YMD_LEN], struct rc_submit_result *out)
{
	char *agent = NULL, *business = NULL;
	enum rc_status st = rc_registry_drp_get(c, g->r.id, &agent, &business);
	if (st == RC_OK && (!agent || !business)) {
		/* TRANSLATORS: keep the command and its options as they are. */
		rc_error_set("%s", _("This registry takes erasure and access requests by the Data Rights Protocol, which "
		                     "needs the office's agent id and the registry's business id. Add the registry again with "
		                     "them: recourse registry add CASE NAME --url URL --drp-agent ID --drp-business ID."));
		st = RC_USAGE;
	}
	unsigned char *sk = sodium_malloc(RC_DRP_SK_BYTES);
	if (!sk)
		st = RC_NOMEM;
	bool made = false;
	if (st == RC_OK)
		st = drp_key(c, g->r.id, sk, &made);
	if (st == RC_OK && made) {
		unsigned char pk[RC_DRP_PK_BYTES];
		rc_drp_public_of(sk, pk);
		sodium_bin2base64(out->drp_public_key, sizeof out->drp_public_key, pk, sizeof pk,
		                  sodium_base64_VARIANT_ORIGINAL);
	}
	if (st == RC_OK && !g->token) {
		st = drp_pair(c, g, agent, business, sk);
		out->paired = st == RC_OK;
	}
	struct rc_case_meta m;
	memset(&m, 0, sizeof m);
	if (st == RC_OK)
		st = rc_case_meta_get(c, &m);
	char *body = NULL;
	if (st == RC_OK) {
		char issued[32], expires[32], rid[40];
		time_t now = rc_now();
		iso_at(now, issued);
		iso_at(now + 600, expires);
		/* random, revealing nothing of the case */
		unsigned char u[16];
		randombytes_buf(u, sizeof u);
		sodium_bin2hex(rid, sizeof rid, u, sizeof u);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "agent-id", agent, "business-id", business,
			"issued-at", issued, "expires-at", expires, "agent-request-id", rid, "drp.version", RC_DRP_VERSION,
			"exercise", exercise);
		/* the identity claims: the name only (no registry here asks more) */
		if (o && m.display_name && *m.display_name)
			json_object_set_new(o, "name", json_string(m.display_name));
		body = o ? signed_body(o, sk) : NULL;
		json_decref(o);
		if (!body)
			st = RC_NOMEM;
	}
	struct body x = { 0 };
	if (st == RC_OK) {
		char *url = rc_xmalloc(strlen(g->d.drp_base) + 32);
		sprintf(url, "%s/v1/data-rights-request", g->d.drp_base);
		st = post_json(url, "application/json", "text/plain", body, &g->drp_o, &x);
		free(url);
	}
	if (body) {
		sodium_memzero(body, strlen(body));
		free(body);
	}
	struct rc_remote_status s;
	memset(&s, 0, sizeof s);
	if (st == RC_OK)
		st = rc_remote_drp_status(x.b.data, x.b.len, &s);
	body_free(&x);
	if (st == RC_OK) {
		step_day(s.received_at, NULL, received);
		set->remote_id = s.id;
		s.id = NULL;
		set->remote_url = rc_xmalloc(strlen(g->d.drp_base) + strlen(set->remote_id) + 32);
		sprintf(set->remote_url, "%s/v1/data-rights-request/%s", g->d.drp_base, set->remote_id);
		set->remote_status = s.status;
		s.status = NULL;
		set->expected_by = s.expected_by;
		s.expected_by = NULL;
	}
	rc_remote_status_clear(&s);
	rc_case_meta_clear(&m);
	sodium_free(sk);
	free(agent);
	free(business);
	return st;
}

/* ---- submitting ---- */

static void set_clear(struct rc_request_row *s)
{
	free(s->remote_id);
	free(s->remote_url);
	free(s->remote_status);
	free(s->remote_reason);
	free(s->expected_by);
	free(s->remote_checked);
	memset(s, 0, sizeof *s);
}

enum rc_status rc_op_request_submit(struct rc_case *c, int64_t id, const char *registry,
	struct rc_submit_result *out)
{
	rc_error_clear();
	memset(out, 0, sizeof *out);
	struct rc_request_row r;
	enum rc_status st = rc_case_request_get(c, id, &r);
	if (st == RC_NOTFOUND) {
		rc_error_set(_("There is no request %lld in this case (see request list)."), (long long)id);
		return RC_INVALID;
	}
	if (st != RC_OK)
		return st;
	const char *how = NULL, *exercise = NULL;
	if (r.kind && !strcmp(r.kind, "rectification"))
		how = "correction";
	else if (r.kind && !strcmp(r.kind, "erasure"))
		how = exercise = "deletion";
	else if (r.kind && !strcmp(r.kind, "access"))
		how = exercise = "access";
	if (r.remote_id) {
		/* TRANSLATORS: %lld is a request's number; keep the command as it is. */
		rc_error_set(_("Request %lld was submitted to a registry already; follow it with recourse request status. "
		               "It is not sent twice."), (long long)id);
		st = RC_INVALID;
	} else if (!how) {
		rc_error_set("%s", _("Only corrections (rectification), erasures and access requests can be submitted to a "
		                     "registry online. Send the letter (recourse request letter) instead."));
		st = RC_INVALID;
	} else if (r.state && strcmp(r.state, "draft") && strcmp(r.state, "filed")) {
		rc_error_set("%s", _("Only a draft, or a request just sent, can be submitted online: this one has gone further."));
		st = RC_INVALID;
	}
	struct reg g;
	memset(&g, 0, sizeof g);
	if (st == RC_OK)
		st = reg_open(c, registry, 0, &g);
	if (st == RC_OK && !kind_offered(&g.d, how)) {
		/* TRANSLATORS: %s is "correction", "deletion" or "access", as the registry names it. */
		rc_error_set(_("The registry does not take %s requests online (its discovery document says so). Send the "
		               "letter instead."), how);
		st = RC_INVALID;
	}
	if (st == RC_OK && exercise && (!g.d.drp_base || !rc_net_same_origin(g.d.drp_base, g.r.base_url))) {
		rc_error_set("%s", _("The registry names no Data Rights Protocol address on its own origin, so an erasure or "
		                     "access request cannot be sent to it online."));
		st = RC_BADREG;
	}
	struct rc_request_row set;
	memset(&set, 0, sizeof set);
	char received[RC_YMD_LEN] = "";
	if (st == RC_OK)
		st = exercise ? submit_drp(c, &r, exercise, &g, &set, received, out)
		              : submit_correction(c, &r, &g, &set, received, out);
	/* what the registry said, and the step, in one transaction */
	if (st == RC_OK) {
		char now[32];
		rc_time_iso(rc_now(), now, sizeof now);
		set.registry = g.r.id;
		set.remote_checked = rc_xstrdup(now);
		st = rc_case_begin(c);
		if (st == RC_OK) {
			struct rc_buf detail;
			rc_buf_init(&detail);
			/* TRANSLATORS: a step's detail: %s is the registry's name as the case calls it. */
			rc_buf_printf(&detail, _("submitted online to %s"), g.r.name);
			if (r.state && !strcmp(r.state, "draft")) {
				struct rc_request_move mv = { .to = "filed", .day = received, .channel = "api",
					.received = received, .detail = rc_buf_cstr(&detail), .proof_fd = -1 };
				st = rc_op_request_move(c, id, &mv, NULL, NULL);
			}
			rc_buf_free(&detail);
			if (st == RC_OK)
				st = rc_case_request_remote(c, id, &set, "request-submit");
			if (st == RC_OK)
				st = ops_request_board(c, id, rc_op_today());
			if (st == RC_OK)
				st = rc_case_commit(c);
			else
				rc_case_rollback(c);
		}
	}
	if (st == RC_OK) {
		out->drp = exercise != NULL;
		snprintf(out->remote_id, sizeof out->remote_id, "%s", set.remote_id);
		snprintf(out->received, sizeof out->received, "%s", received);
		out->tracked = set.remote_url != NULL;
		snprintf(out->expected_by, sizeof out->expected_by, "%s", set.expected_by ? set.expected_by : "");
	}
	set_clear(&set);
	reg_free(&g);
	rc_request_row_clear(&r);
	return st;
}

/* ---- following ---- */

/* What a registry's status means for the request: the state to move to
 * (RC_RS_COUNT: none), the answer, and the words shown. */
struct meaning {
	const char *code;
	enum rc_request_state to;
	const char *answer;
	const char *shown;
};

static const struct meaning fhir_table[] = {
	/* TRANSLATORS: what the registry says of a correction request. */
	{ "queued", RC_RS_ACKNOWLEDGED, NULL, N_("received") },
	{ "in-review", RC_RS_ACKNOWLEDGED, NULL, N_("in review") },
	{ "waiting-for-information", RC_RS_CLARIFICATION, NULL, N_("waiting for the person") },
	{ "requester-cancelled", RC_RS_CLOSED, NULL, N_("withdrawn") },
	{ "accepted", RC_RS_ANSWERED, "granted", N_("granted") },
	{ "partial-accept", RC_RS_ANSWERED, "partly", N_("partly granted") },
	{ "amendment-completed", RC_RS_ANSWERED, "granted", N_("done: the record was corrected") },
	{ "denied", RC_RS_ANSWERED, "refused", N_("refused") },
	{ "disagreement-logged", RC_RS_ANSWERED, "refused", N_("disagreement recorded") },
	{ "completed", RC_RS_COUNT, NULL, N_("done") },
};

static const struct meaning drp_table[] = {
	/* TRANSLATORS: what the registry says of an erasure or access request. */
	{ "open", RC_RS_FILED, NULL, N_("sent") },
	{ "in_progress", RC_RS_ACKNOWLEDGED, NULL, N_("received") },
	{ "in_progress:need_user_verification", RC_RS_CLARIFICATION, NULL, N_("waiting for the person") },
	{ "fulfilled", RC_RS_ANSWERED, "granted", N_("done") },
	{ "denied", RC_RS_ANSWERED, "refused", N_("refused") },
	{ "revoked", RC_RS_CLOSED, NULL, N_("withdrawn") },
	{ "expired", RC_RS_COUNT, NULL, N_("the registry let the request lapse") },
};

static const struct meaning *meaning_of(const struct meaning *t, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(t[i].code, code))
			return &t[i];
	return NULL;
}

const char *rc_op_remote_status_label(const char *stored)
{
	if (!stored)
		return NULL;
	const struct meaning *m = meaning_of(fhir_table, sizeof fhir_table / sizeof *fhir_table, stored);
	if (!m)
		m = meaning_of(drp_table, sizeof drp_table / sizeof *drp_table, stored);
	if (!m && !strcmp(stored, "sent"))
		/* TRANSLATORS: a correction sent to a registry that opened no Task to follow. */
		return _("sent (the registry gives no status to follow)");
	return m ? _(m->shown) : stored;
}

/* The date of the answer (section 4): the lastModified of the first Task
 * version carrying accepted, partial-accept or denied, from _history when
 * the registry keeps it; else the current version's, as "no later than". */
static char *answer_date(const char *task_url, const struct rc_net_opts *o, const char *current, bool *no_later)
{
	static const char *const codes[] = { "accepted", "partial-accept", "denied" };
	*no_later = false;
	char *url = rc_xmalloc(strlen(task_url) + 16);
	sprintf(url, "%s/_history", task_url);
	struct body x = { 0 };
	char *first = NULL;
	if (get_json(url, "application/fhir+json", o, &x) != RC_OK
		|| rc_remote_task_history(x.b.data, x.b.len, codes, 3, &first) != RC_OK || !first) {
		free(first);
		first = current ? rc_xstrdup(current) : NULL;
		*no_later = true;
	}
	body_free(&x);
	free(url);
	rc_error_clear();
	return first;
}

static enum rc_status follow_one(struct rc_case *c, const struct rc_request_row *r, struct rc_status_change *ch)
{
	memset(ch, 0, sizeof *ch);
	ch->id = r->id;
	snprintf(ch->from, sizeof ch->from, "%s", r->state ? r->state : "");
	snprintf(ch->to, sizeof ch->to, "%s", ch->from);
	if (!r->remote_url) {
		ch->untracked = true;
		return RC_OK;
	}
	struct reg g;
	enum rc_status st = reg_open(c, NULL, r->registry, &g);
	if (st != RC_OK)
		return st;
	if (!rc_net_same_origin(r->remote_url, g.r.base_url)) {
		rc_error_set("%s", _("The address kept for this request is not on the registry's own origin; it was not asked."));
		reg_free(&g);
		return RC_BADREG;
	}
	bool drp = r->kind && strcmp(r->kind, "rectification") != 0;
	struct body x = { 0 };
	st = get_json(r->remote_url, drp ? "application/json" : "application/fhir+json", drp ? &g.drp_o : &g.o, &x);
	struct rc_remote_status s;
	memset(&s, 0, sizeof s);
	if (st == RC_OK)
		st = drp ? rc_remote_drp_status(x.b.data, x.b.len, &s) : rc_remote_task(x.b.data, x.b.len, &s);
	body_free(&x);
	if (st == RC_OK && (drp || s.id) && (!s.id || strcmp(s.id, r->remote_id))) {
		rc_error_set("%s", _("The registry answered about another request; the answer was refused."));
		st = RC_BADREG;
	}
	const struct meaning *m = NULL;
	char key[120] = "";
	if (st == RC_OK) {
		if (drp) {
			snprintf(key, sizeof key, "%s%s%s", s.status, s.code && !strcmp(s.status, "in_progress") ? ":" : "",
			         s.code && !strcmp(s.status, "in_progress") ? s.code : "");
			m = meaning_of(drp_table, sizeof drp_table / sizeof *drp_table, key);
			if (!m) {
				snprintf(key, sizeof key, "%s", s.status);
				m = meaning_of(drp_table, sizeof drp_table / sizeof *drp_table, key);
			}
		} else if (s.code) {
			snprintf(key, sizeof key, "%s", s.code);
			m = meaning_of(fhir_table, sizeof fhir_table / sizeof *fhir_table, key);
		} else {
			/* a Task with no business status: its status only, no move */
			snprintf(key, sizeof key, "%s", s.status);
		}
	}
	/* the move, when the machine allows it from where the request is */
	enum rc_request_state from = RC_RS_DRAFT;
	if (r->state)
		rc_request_state_parse(r->state, &from);
	bool move = st == RC_OK && m && m->to != RC_RS_COUNT && m->to != from
		&& rc_request_move_allowed(from, m->to, NULL);
	/* an answer once given is not taken back by a later status */
	if (move && from == RC_RS_ANSWERED)
		move = false;
	char day[RC_YMD_LEN] = "";
	char *ans_date = NULL;
	bool no_later = false;
	if (move) {
		if (drp)
			step_day(m->to == RC_RS_ACKNOWLEDGED ? s.received_at : NULL, r->filed, day);
		else if (m->to == RC_RS_ANSWERED && m->answer && strcmp(m->code, "amendment-completed")
		         && strcmp(m->code, "disagreement-logged")) {
			ans_date = answer_date(r->remote_url, &g.o, s.modified, &no_later);
			step_day(ans_date, r->filed, day);
		} else {
			step_day(s.modified, r->filed, day);
		}
	}
	/* the reason shown and kept: DRP's reason code and its processing
	 * details, both cleaned; a Task's statusReason */
	char *why = NULL;
	if (st == RC_OK && drp && s.code && s.reason) {
		why = rc_xmalloc(strlen(s.code) + strlen(s.reason) + 3);
		sprintf(why, "%s: %s", s.code, s.reason);
	} else if (st == RC_OK) {
		why = s.reason ? rc_xstrdup(s.reason) : drp && s.code ? rc_xstrdup(s.code) : NULL;
	}
	if (st == RC_OK) {
		char now[32];
		rc_time_iso(rc_now(), now, sizeof now);
		struct rc_request_row set;
		memset(&set, 0, sizeof set);
		set.registry = r->registry;
		set.remote_id = r->remote_id;
		set.remote_url = r->remote_url;
		set.remote_status = key;
		set.remote_reason = why;
		set.expected_by = s.expected_by ? s.expected_by : r->expected_by;
		set.remote_checked = now;
		st = rc_case_begin(c);
		if (st == RC_OK && move) {
			struct rc_buf d;
			rc_buf_init(&d);
			/* TRANSLATORS: a step's detail: %s is what the registry said ("in review"). */
			rc_buf_printf(&d, _("the registry says: %s"), _(m->shown));
			if (set.remote_reason)
				rc_buf_printf(&d, " (%s)", set.remote_reason);
			if (no_later)
				/* TRANSLATORS: the registry keeps no history: the day of the answer is a latest date. */
				rc_buf_printf(&d, "%s", _("; the answer came no later than this day"));
			struct rc_request_move mv = { .to = rc_request_state_id(m->to), .day = day, .answer = m->answer,
				.detail = rc_buf_cstr(&d), .proof_fd = -1 };
			if (m->to == RC_RS_ACKNOWLEDGED && drp && s.received_at)
				mv.received = day;
			st = rc_op_request_move(c, r->id, &mv, NULL, NULL);
			rc_buf_free(&d);
		}
		if (st == RC_OK)
			st = rc_case_request_remote(c, r->id, &set, "request-status");
		if (st == RC_OK)
			st = ops_request_board(c, r->id, rc_op_today());
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	if (st == RC_OK) {
		ch->changed = move || !r->remote_status || strcmp(r->remote_status, key);
		if (move)
			snprintf(ch->to, sizeof ch->to, "%s", rc_request_state_id(m->to));
		snprintf(ch->remote_status, sizeof ch->remote_status, "%s", key);
		snprintf(ch->shown, sizeof ch->shown, "%s", m ? _(m->shown) : key);
		snprintf(ch->reason, sizeof ch->reason, "%s", why ? why : "");
		snprintf(ch->expected_by, sizeof ch->expected_by, "%s", s.expected_by ? s.expected_by : "");
		snprintf(ch->results_url, sizeof ch->results_url, "%s", s.results_url ? s.results_url : "");
		snprintf(ch->day, sizeof ch->day, "%s", day);
		ch->no_later = no_later;
	}
	free(ans_date);
	free(why);
	rc_remote_status_clear(&s);
	reg_free(&g);
	return st;
}

enum rc_status rc_op_request_status(struct rc_case *c, int64_t id, struct rc_status_change **out, size_t *nout)
{
	rc_error_clear();
	*out = NULL;
	*nout = 0;
	struct rc_request_row *rows;
	size_t n;
	enum rc_status st = rc_case_requests(c, &rows, &n);
	if (st != RC_OK)
		return st;
	bool found = false;
	struct rc_status_change *v = rc_xcalloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	/* every request asked: one registry's failure does not keep the
	 * others from being asked; a refused answer is returned before a
	 * registry that did not answer, with every failure's message */
	enum rc_status first = RC_OK;
	struct rc_buf msgs;
	rc_buf_init(&msgs);
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		const struct rc_request_row *r = &rows[i];
		if (id > 0 && r->id != id)
			continue;
		found = true;
		if (id > 0 && !r->remote_id) {
			rc_error_set(_("Request %lld was not submitted to a registry online (recourse request submit)."),
			             (long long)id);
			st = RC_INVALID;
			break;
		}
		enum rc_request_state s = RC_RS_DRAFT;
		if (r->state)
			rc_request_state_parse(r->state, &s);
		if (!r->remote_id || (id <= 0 && !rc_request_state_open(s)))
			continue;
		st = follow_one(c, r, &v[k]);
		if (st != RC_OK && *rc_error_detail()) {
			char *m = rc_xstrdup(rc_error_detail());
			/* TRANSLATORS: %1$lld is a request's number, %2$s what went wrong with it. */
			rc_error_set(_("Request %1$lld: %2$s"), (long long)r->id, m);
			free(m);
		}
		if (st == RC_OK) {
			k++;
		} else if (id <= 0 && (st == RC_NONET || st == RC_BADREG)) {
			if (first != RC_BADREG)
				first = st;
			rc_buf_printf(&msgs, "%s%s", msgs.len ? "\n" : "", rc_error_detail());
			st = RC_OK;
		}
	}
	if (st == RC_OK && first != RC_OK) {
		st = first;
		rc_error_set("%s", rc_buf_cstr(&msgs));
	}
	rc_buf_free(&msgs);
	if (st == RC_OK && id > 0 && !found) {
		rc_error_set(_("There is no request %lld in this case (see request list)."), (long long)id);
		st = RC_INVALID;
	}
	rc_request_rows_free(&rows, n);
	*out = v;
	*nout = k;
	return st;
}
