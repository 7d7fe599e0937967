/* requests.c - requests made to the training registry
 * (doc/registry-api.md, sections 4 and 5):
 *
 *   POST /fhir/Communication/$correction-request   HL7 Patient Request for
 *        Corrections: a Parameters holding a Patient Correction Bundle
 *        holding a Communication; answers the Communication, with about
 *        naming the Task it spawned
 *   GET  /fhir/Task/ID, /fhir/Task/ID/_history      the Task, its versions
 *   POST /drp/v1/agent/AGENT                        DRP pairing
 *   POST /drp/v1/data-rights-request                DRP exercise
 *   GET  /drp/v1/data-rights-request/ID             DRP Exercise Status
 *
 * A request's status moves with time: one step every --request-delay
 * seconds (0: at once to its outcome), the last step being
 * --request-outcome.  Correction: queued, in-review, outcome.  DRP: open,
 * in_progress, then fulfilled (accepted, partial-accept), denied, or
 * in_progress with reason need_user_verification
 * (waiting-for-information).
 *
 * DRP's service directory, where an agent's public key is found, is out
 * of band; the simulator learns the key from the first pairing of an
 * agent id: its signed body carries "verify_key" (base64 Ed25519 public
 * key, as the directory names it), and the signature must verify under
 * it.  Later pairings of that agent must verify under the same key.
 * Tokens are random; with --drp-token-file each is also written there
 * (one a line) so that a test can look for it on disk. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "sim.h"

#define FHIR_JSON "application/fhir+json"
#define BS_SYSTEM "http://hl7.org/fhir/uv/patient-corrections/CodeSystem/PatientCorrectionBusinessStatus"
#define OP_URL "http://hl7.org/fhir/uv/patient-corrections/OperationDefinition/correction-request"
#define MAX_REQUESTS 10000
#define MAX_AGENTS 64

struct sreq {
	bool drp;
	char id[40];
	int64_t created;
	char exercise[16];
};

struct agent {
	char id[101];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char token[65];
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct sreq reqs[MAX_REQUESTS];
static size_t nreqs;
static struct agent agents[MAX_AGENTS];
static size_t nagents;
static unsigned next_id = 1;

bool requests_outcome_ok(const char *o)
{
	return !strcmp(o, "accepted") || !strcmp(o, "partial-accept") || !strcmp(o, "denied")
		|| !strcmp(o, "waiting-for-information");
}

static const char *outcome(void)
{
	return g_sim.request_outcome ? g_sim.request_outcome : "accepted";
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static void iso_utc(int64_t t, char out[32])
{
	fmt_time(out, t, 0);
	/* "+00:00" written as "Z" */
	char *p = strstr(out, "+00:00");
	if (p)
		strcpy(p, "Z");
}

/* "YYYY-MM-DDThh:mm:ss" then "Z" or "+hh:mm"/"-hh:mm": seconds, or false. */
static bool parse_instant(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 || n != 19)
		return false;
	int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
	const char *z = s + 19;
	if (*z == '.')
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	if (*z == 'Z' && !z[1]) {
		*out = t;
		return true;
	}
	int oh, om;
	if ((*z == '+' || *z == '-') && sscanf(z + 1, "%2d:%2d", &oh, &om) == 2 && strlen(z) == 6) {
		*out = t - (*z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		return true;
	}
	return false;
}

/* The step a request is at: 0, 1, or 2 (its outcome). */
static unsigned step_of(const struct sreq *r, int64_t *at)
{
	unsigned st = 2;
	if (g_sim.request_delay) {
		int64_t k = (now_s() - r->created) / g_sim.request_delay;
		st = k >= 2 ? 2 : (unsigned)k;
	}
	*at = r->created + (int64_t)st * g_sim.request_delay;
	return st;
}

static struct sreq *find(bool drp, const char *id)
{
	for (size_t i = 0; i < nreqs; i++)
		if (reqs[i].drp == drp && !strcmp(reqs[i].id, id))
			return &reqs[i];
	return NULL;
}

static struct sreq *add(bool drp, const char *exercise)
{
	if (nreqs == MAX_REQUESTS)
		return NULL;
	struct sreq *r = &reqs[nreqs++];
	memset(r, 0, sizeof *r);
	r->drp = drp;
	r->created = now_s();
	snprintf(r->id, sizeof r->id, "%s-%04u", drp ? "drp" : "task", next_id++);
	if (exercise)
		snprintf(r->exercise, sizeof r->exercise, "%s", exercise);
	return r;
}

static unsigned drp_error(struct MHD_Connection *c, unsigned status, const char *code, const char *msg)
{
	struct jbuf b;
	jb_init(&b);
	JB_LIT(&b, "{\"code\":\"");
	jb_json_str(&b, code);
	JB_LIT(&b, "\",\"message\":\"");
	jb_json_str(&b, msg);
	JB_LIT(&b, "\",\"fatal\":true}");
	return queue_json(c, status, "application/json", &b);
}

/* ---- corrections ---- */

void metadata_communication(struct jbuf *b)
{
	JB_LIT(b, "{\"type\":\"Communication\",\"operation\":[{\"name\":\"correction-request\",\"definition\":\""
		OP_URL "\"}]},{\"type\":\"Task\",\"interaction\":[{\"code\":\"read\"},{\"code\":\"history-instance\"}]}");
}

static const char *business_at(unsigned step)
{
	if (step == 0)
		return "queued";
	if (step == 1)
		return "in-review";
	return outcome();
}

static const char *task_status_of(const char *bs)
{
	if (!strcmp(bs, "queued"))
		return "requested";
	if (!strcmp(bs, "in-review"))
		return "in-progress";
	if (!strcmp(bs, "waiting-for-information"))
		return "on-hold";
	return "completed";
}

static void task_json(struct jbuf *b, const struct sreq *r, unsigned step, int64_t at)
{
	char when[32];
	iso_utc(at, when);
	const char *bs = business_at(step);
	if (g_sim.misbehave & MB_BAD_TASK)
		bs = "\x1b[31mexploded";
	JB_LIT(b, "{\"resourceType\":\"Task\",\"id\":\"");
	jb_json_str(b, r->id);
	jb_printf(b, "\",\"meta\":{\"versionId\":\"%u\",\"lastUpdated\":\"%s\"},", step + 1, when);
	JB_LIT(b, "\"status\":\"");
	jb_json_str(b, task_status_of(step < 2 ? business_at(step) : outcome()));
	JB_LIT(b, "\",\"businessStatus\":{\"coding\":[{\"system\":\"" BS_SYSTEM "\",\"code\":\"");
	jb_json_str(b, bs);
	jb_printf(b, "\"}]},\"intent\":\"order\",\"lastModified\":\"%s\"", when);
	if (step == 2 && !strcmp(outcome(), "denied"))
		JB_LIT(b, ",\"statusReason\":{\"text\":\"The recorded value matches the source document.\"}");
	JB_LIT(b, "}");
}

/* The Communication inside Parameters.parameter[CorrectionRequest].resource
 * (a Bundle), checked for what the operation needs. */
static json_t *communication_of(json_t *params, const char **why)
{
	*why = "the body is not a Parameters resource";
	const char *rt = json_string_value(json_object_get(params, "resourceType"));
	if (!rt || strcmp(rt, "Parameters"))
		return NULL;
	json_t *p, *bundle = NULL;
	size_t i;
	json_array_foreach(json_object_get(params, "parameter"), i, p) {
		const char *nm = json_string_value(json_object_get(p, "name"));
		if (nm && !strcmp(nm, "CorrectionRequest"))
			bundle = json_object_get(p, "resource");
	}
	*why = "the parameter CorrectionRequest (a Bundle) is missing";
	rt = json_string_value(json_object_get(bundle, "resourceType"));
	if (!rt || strcmp(rt, "Bundle"))
		return NULL;
	json_t *e, *comm = NULL;
	json_array_foreach(json_object_get(bundle, "entry"), i, e) {
		json_t *res = json_object_get(e, "resource");
		const char *t = json_string_value(json_object_get(res, "resourceType"));
		if (!comm && t && !strcmp(t, "Communication"))
			comm = res;
	}
	*why = "the Bundle holds no Communication";
	if (!comm)
		return NULL;
	*why = "the Communication has no identifier";
	json_t *id0 = json_array_get(json_object_get(comm, "identifier"), 0);
	if (!json_is_string(json_object_get(id0, "value")))
		return NULL;
	*why = "the Communication has no status";
	if (!json_is_string(json_object_get(comm, "status")))
		return NULL;
	*why = "the Communication has no payload";
	json_t *pl = json_array_get(json_object_get(comm, "payload"), 0);
	if (!json_is_string(json_object_get(pl, "contentString")) && !json_object_get(pl, "contentAttachment"))
		return NULL;
	json_t *item;
	json_array_foreach(json_object_get(comm, "payload"), i, item) {
		json_t *att = json_object_get(item, "contentAttachment");
		if (!att)
			continue;
		const char *ct = json_string_value(json_object_get(att, "contentType"));
		const char *data = json_string_value(json_object_get(att, "data"));
		*why = "an attachment is not a PDF (contentType application/pdf, data base64 of %PDF-...)";
		if (!ct || strcmp(ct, "application/pdf") || !data || strncmp(data, "JVBERi0", 7))
			return NULL;
	}
	*why = "the Communication names no subject (the person)";
	if (!json_object_get(comm, "subject"))
		return NULL;
	return comm;
}

static unsigned serve_correction(struct MHD_Connection *c, const char *body, size_t len)
{
	json_error_t err;
	json_t *j = json_loadb(body, len, 0, &err);
	const char *why = "the body is not JSON";
	json_t *comm = j ? communication_of(j, &why) : NULL;
	if (!comm) {
		json_decref(j);
		return serve_outcome(c, MHD_HTTP_BAD_REQUEST, "error", "required", why);
	}
	pthread_mutex_lock(&mu);
	struct sreq *r = add(false, NULL);
	char id[40] = "";
	if (r)
		snprintf(id, sizeof id, "%s", r->id);
	pthread_mutex_unlock(&mu);
	if (!*id) {
		json_decref(j);
		return serve_outcome(c, MHD_HTTP_SERVICE_UNAVAILABLE, "error", "transient", "Too many requests.");
	}
	/* the Communication, stored, with the Task it spawned */
	json_t *out = json_deep_copy(comm);
	char ref[64], cid[48];
	snprintf(ref, sizeof ref, "Task/%s", id);
	snprintf(cid, sizeof cid, "comm-%s", id + 5);
	json_object_set_new(out, "id", json_string(cid));
	json_object_set_new(out, "about", json_pack("[{s:s}]", "reference", ref));
	char when[32];
	iso_utc(now_s(), when);
	json_object_set_new(out, "received", json_string(when));
	char *s = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	json_decref(j);
	struct jbuf b;
	jb_init(&b);
	jb_puts(&b, s ? s : "{}");
	free(s);
	return queue_json(c, MHD_HTTP_OK, FHIR_JSON, &b);
}

static unsigned serve_task(struct MHD_Connection *c, const char *id, bool history)
{
	pthread_mutex_lock(&mu);
	struct sreq *r = find(false, id);
	struct sreq copy;
	if (r)
		copy = *r;
	pthread_mutex_unlock(&mu);
	if (!r)
		return serve_outcome(c, MHD_HTTP_NOT_FOUND, "error", "not-found", "No Task has this id.");
	int64_t at;
	unsigned step = step_of(&copy, &at);
	struct jbuf b;
	jb_init(&b);
	if (!history) {
		task_json(&b, &copy, step, at);
		return queue_json(c, MHD_HTTP_OK, FHIR_JSON, &b);
	}
	jb_printf(&b, "{\"resourceType\":\"Bundle\",\"type\":\"history\",\"total\":%u,\"entry\":[", step + 1);
	for (unsigned k = step + 1; k-- > 0;) {
		JB_LIT(&b, "{\"resource\":");
		task_json(&b, &copy, k, copy.created + (int64_t)k * g_sim.request_delay);
		JB_LIT(&b, "}");
		if (k)
			JB_LIT(&b, ",");
	}
	JB_LIT(&b, "]}");
	return queue_json(c, MHD_HTTP_OK, FHIR_JSON, &b);
}

/* ---- DRP ---- */

/* The signed body: base64 of signature || message.  The message, as a
 * NUL-terminated string (malloc'd), once the signature verifies under pk
 * (NULL: the key given in the message, verify_key, is used and written
 * to pk_out). */
static char *open_signed(const char *body, size_t len, const unsigned char *pk, unsigned char *pk_out,
	const char **why)
{
	*why = "the body is not base64 of a signed message";
	unsigned char *sm = xmalloc(len + 1);
	size_t smlen = 0;
	if (len > 65536 || sodium_base642bin(sm, len + 1, body, len, " \r\n", &smlen, NULL,
		sodium_base64_VARIANT_ORIGINAL) != 0 || smlen <= crypto_sign_BYTES) {
		free(sm);
		return NULL;
	}
	unsigned char key[crypto_sign_PUBLICKEYBYTES];
	if (pk) {
		memcpy(key, pk, sizeof key);
	} else {
		/* the key the message names (trust on first use: see above) */
		size_t mlen = smlen - crypto_sign_BYTES;
		json_t *j = json_loadb((const char *)sm + crypto_sign_BYTES, mlen, 0, NULL);
		const char *vk = json_string_value(json_object_get(j, "verify_key"));
		size_t klen = 0;
		*why = "the first pairing of an agent must carry its verify_key";
		if (!vk || sodium_base642bin(key, sizeof key, vk, strlen(vk), NULL, &klen, NULL,
			sodium_base64_VARIANT_ORIGINAL) != 0 || klen != sizeof key) {
			json_decref(j);
			free(sm);
			return NULL;
		}
		json_decref(j);
		memcpy(pk_out, key, sizeof key);
	}
	char *m = xmalloc(smlen + 1);
	unsigned long long mlen = 0;
	*why = "the signature does not verify under the agent's key";
	if (crypto_sign_open((unsigned char *)m, &mlen, sm, smlen, key) != 0) {
		free(sm);
		free(m);
		return NULL;
	}
	m[mlen] = 0;
	free(sm);
	return m;
}

/* issued-at and expires-at: present, expires-at after now and at most 10
 * minutes after issued-at, issued-at not in the future (a minute's skew). */
static bool times_ok(json_t *j, const char **why)
{
	int64_t ia, ea, now = now_s();
	*why = "issued-at or expires-at is missing or not an instant";
	if (!parse_instant(json_string_value(json_object_get(j, "issued-at")), &ia)
		|| !parse_instant(json_string_value(json_object_get(j, "expires-at")), &ea))
		return false;
	*why = "expires-at is more than 10 minutes after issued-at";
	if (ea - ia > 600 || ea < ia)
		return false;
	*why = "the request has expired, or was issued in the future";
	return ea >= now && ia <= now + 60;
}

static void write_token(const char *token)
{
	if (!g_sim.drp_token_file)
		return;
	FILE *f = fopen(g_sim.drp_token_file, "a");
	if (f) {
		fprintf(f, "%s\n", token);
		fclose(f);
	}
}

static unsigned serve_pair(struct MHD_Connection *c, const char *agent_id, const char *body, size_t len)
{
	if (strlen(agent_id) > 100 || !*agent_id)
		return drp_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", "agent id too long");
	pthread_mutex_lock(&mu);
	struct agent *a = NULL;
	for (size_t i = 0; i < nagents; i++)
		if (!strcmp(agents[i].id, agent_id))
			a = &agents[i];
	unsigned char known[crypto_sign_PUBLICKEYBYTES], learnt[crypto_sign_PUBLICKEYBYTES];
	bool have = a != NULL;
	if (a)
		memcpy(known, a->pk, sizeof known);
	pthread_mutex_unlock(&mu);
	const char *why;
	char *m = open_signed(body, len, have ? known : NULL, learnt, &why);
	if (!m)
		return drp_error(c, MHD_HTTP_FORBIDDEN, "invalid_signature", why);
	json_t *j = json_loads(m, 0, NULL);
	free(m);
	const char *aid = json_string_value(json_object_get(j, "agent-id"));
	const char *bid = json_string_value(json_object_get(j, "business-id"));
	const char *ver = json_string_value(json_object_get(j, "drp.version"));
	if (!aid || strcmp(aid, agent_id) || !bid || !ver) {
		json_decref(j);
		return drp_error(c, MHD_HTTP_BAD_REQUEST, "bad_request",
			"agent-id must match the URL; business-id and drp.version are required");
	}
	if (!times_ok(j, &why)) {
		json_decref(j);
		return drp_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", why);
	}
	json_decref(j);
	unsigned char rnd[24];
	randombytes_buf(rnd, sizeof rnd);
	char token[65];
	sodium_bin2hex(token, sizeof token, rnd, sizeof rnd);
	pthread_mutex_lock(&mu);
	a = NULL;
	for (size_t i = 0; i < nagents; i++)
		if (!strcmp(agents[i].id, agent_id))
			a = &agents[i];
	if (!a && nagents < MAX_AGENTS) {
		a = &agents[nagents++];
		snprintf(a->id, sizeof a->id, "%s", agent_id);
		memcpy(a->pk, learnt, sizeof a->pk);
	}
	if (a)
		snprintf(a->token, sizeof a->token, "%s", token);
	pthread_mutex_unlock(&mu);
	if (!a)
		return drp_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "too_many", "too many agents");
	write_token(token);
	struct jbuf b;
	jb_init(&b);
	JB_LIT(&b, "{\"agent-id\":\"");
	jb_json_str(&b, agent_id);
	jb_printf(&b, "\",\"token\":\"%s\"}", token);
	return queue_json(c, MHD_HTTP_OK, "application/json", &b);
}

/* The agent whose token the Authorization header carries. */
static bool agent_of_bearer(struct MHD_Connection *c, struct agent *out)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncmp(h, "Bearer ", 7))
		return false;
	bool ok = false;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < nagents && !ok; i++)
		if (*agents[i].token && !strcmp(agents[i].token, h + 7)) {
			*out = agents[i];
			ok = true;
		}
	pthread_mutex_unlock(&mu);
	return ok;
}

static void drp_status_json(struct jbuf *b, const struct sreq *r, bool fresh)
{
	int64_t at;
	unsigned step = fresh ? 0 : step_of(r, &at);
	char rec[32], exp[32];
	iso_utc(r->created, rec);
	iso_utc(r->created + 45 * 86400, exp);
	const char *status = "open", *reason = NULL, *details = NULL;
	if (step == 1) {
		status = "in_progress";
	} else if (step == 2) {
		const char *o = outcome();
		if (!strcmp(o, "denied")) {
			status = "denied";
			reason = "outside_jurisdiction";
			/* hostile text, for the client's cleaning */
			details = "Refused: \x1b[31mno record\x1b[0m \xe2\x80\xae" "found under this name";
		} else if (!strcmp(o, "waiting-for-information")) {
			status = "in_progress";
			reason = "need_user_verification";
		} else {
			status = "fulfilled";
		}
	}
	if (!fresh && (g_sim.misbehave & MB_DRP_BAD_STATUS))
		status = "exploded\x1b[2J";
	JB_LIT(b, "{\"request_id\":\"");
	jb_json_str(b, r->id);
	jb_printf(b, "\",\"received_at\":\"%s\",\"expected_by\":\"%s\",\"status\":\"", rec, exp);
	jb_json_str(b, status);
	JB_LIT(b, "\"");
	if (reason) {
		JB_LIT(b, ",\"reason\":\"");
		jb_json_str(b, reason);
		JB_LIT(b, "\"");
	}
	if (details) {
		JB_LIT(b, ",\"processing_details\":\"");
		jb_json_str(b, details);
		JB_LIT(b, "\"");
	}
	if (step == 2 && !strcmp(status, "fulfilled") && !strcmp(r->exercise, "access"))
		jb_printf(b, ",\"results_url\":\"%s/drp/results/%s\"", g_sim.base, r->id);
	JB_LIT(b, "}");
}

static unsigned serve_exercise(struct MHD_Connection *c, const char *body, size_t len)
{
	struct agent a;
	if (!agent_of_bearer(c, &a))
		return drp_error(c, MHD_HTTP_UNAUTHORIZED, "unauthorized", "a paired agent's bearer token is needed");
	const char *why;
	char *m = open_signed(body, len, a.pk, NULL, &why);
	if (!m)
		return drp_error(c, MHD_HTTP_FORBIDDEN, "invalid_signature", why);
	json_t *j = json_loads(m, 0, NULL);
	free(m);
	const char *aid = json_string_value(json_object_get(j, "agent-id"));
	const char *ex = json_string_value(json_object_get(j, "exercise"));
	const char *arid = json_string_value(json_object_get(j, "agent-request-id"));
	unsigned st = 0;
	if (!aid || strcmp(aid, a.id))
		st = drp_error(c, MHD_HTTP_FORBIDDEN, "bad_agent", "agent-id is not the token's agent");
	else if (!times_ok(j, &why))
		st = drp_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", why);
	else if (!ex || (strcmp(ex, "deletion") && strcmp(ex, "access")))
		st = drp_error(c, MHD_HTTP_BAD_REQUEST, "unsupported_exercise", "only deletion and access are taken here");
	else if (!arid || !json_is_string(json_object_get(j, "business-id"))
		|| !json_is_string(json_object_get(j, "drp.version")))
		st = drp_error(c, MHD_HTTP_BAD_REQUEST, "bad_request",
			"agent-request-id, business-id and drp.version are required");
	else if (json_object_get(j, "regime"))
		st = drp_error(c, MHD_HTTP_BAD_REQUEST, "bad_request", "this registry works under no DRP regime");
	if (st) {
		json_decref(j);
		return st;
	}
	pthread_mutex_lock(&mu);
	struct sreq *r = add(true, ex);
	struct sreq copy;
	if (r)
		copy = *r;
	pthread_mutex_unlock(&mu);
	json_decref(j);
	if (!r)
		return drp_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "too_many", "too many requests");
	struct jbuf b;
	jb_init(&b);
	drp_status_json(&b, &copy, true);
	return queue_json(c, MHD_HTTP_OK, "application/json", &b);
}

static unsigned serve_drp_status(struct MHD_Connection *c, const char *id)
{
	struct agent a;
	if (!agent_of_bearer(c, &a))
		return drp_error(c, MHD_HTTP_UNAUTHORIZED, "unauthorized", "a paired agent's bearer token is needed");
	pthread_mutex_lock(&mu);
	struct sreq *r = find(true, id);
	struct sreq copy;
	if (r)
		copy = *r;
	pthread_mutex_unlock(&mu);
	if (!r)
		return drp_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such request");
	struct jbuf b;
	jb_init(&b);
	drp_status_json(&b, &copy, false);
	return queue_json(c, MHD_HTTP_OK, "application/json", &b);
}

/* ---- routing ---- */

unsigned serve_requests(struct MHD_Connection *c, const char *url, const char *method, const char *body,
	size_t len)
{
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	bool post = !strcmp(method, "POST");
	if (!strcmp(url, "/fhir/Communication/$correction-request")) {
		if (!post)
			return serve_outcome(c, MHD_HTTP_METHOD_NOT_ALLOWED, "error", "not-supported", "POST only.");
		return serve_correction(c, body, len);
	}
	if (!strncmp(url, "/fhir/Task/", 11) && url[11]) {
		const char *id = url + 11;
		const char *slash = strchr(id, '/');
		bool hist = slash && !strcmp(slash, "/_history");
		if (!get || (slash && !hist))
			return serve_outcome(c, MHD_HTTP_NOT_FOUND, "error", "not-found", "Nothing is served at this path.");
		char tid[40];
		size_t n = slash ? (size_t)(slash - id) : strlen(id);
		if (n >= sizeof tid)
			return serve_outcome(c, MHD_HTTP_NOT_FOUND, "error", "not-found", "No Task has this id.");
		memcpy(tid, id, n);
		tid[n] = 0;
		return serve_task(c, tid, hist);
	}
	if (!strncmp(url, "/drp/v1/agent/", 14)) {
		if (!post)
			return drp_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method", "POST only");
		return serve_pair(c, url + 14, body, len);
	}
	if (!strcmp(url, "/drp/v1/data-rights-request")) {
		if (!post)
			return drp_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method", "POST only");
		return serve_exercise(c, body, len);
	}
	if (!strncmp(url, "/drp/v1/data-rights-request/", 28) && url[28] && !strchr(url + 28, '/')) {
		if (!get)
			return drp_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method", "GET only");
		return serve_drp_status(c, url + 28);
	}
	return SIM_NOT_MINE;
}
