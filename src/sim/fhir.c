/* fhir.c - the JSON endpoints: the registry's discovery document, the
 * FHIR CapabilityStatement, AuditEvent search (streamed, page by page)
 * and read, and OperationOutcome errors. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define FHIR_JSON "application/fhir+json"

unsigned queue_json(struct MHD_Connection *c, unsigned status, const char *ctype, struct jbuf *body)
{
	return queue_json_with(c, status, ctype, body, NULL, NULL);
}

unsigned queue_json_with(struct MHD_Connection *c, unsigned status, const char *ctype, struct jbuf *body,
	const char *hname, const char *hval)
{
	jb_reserve(body, 0);
	struct MHD_Response *r = MHD_create_response_from_buffer(body->len, body->p, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		jb_free(body);
		return 0;
	}
	jb_init(body);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (hname)
		MHD_add_response_header(r, hname, hval);
	enum MHD_Result ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok == MHD_YES ? status : 0;
}

void outcome_json(struct jbuf *b, const char *severity, const char *code, const char *text)
{
	JB_LIT(b, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"");
	jb_json_str(b, severity);
	JB_LIT(b, "\",\"code\":\"");
	jb_json_str(b, code);
	JB_LIT(b, "\",\"diagnostics\":\"");
	jb_json_str(b, text);
	JB_LIT(b, "\"}]}");
}

unsigned serve_outcome(struct MHD_Connection *c, unsigned status, const char *severity,
	const char *code, const char *text)
{
	struct jbuf b;
	jb_init(&b);
	outcome_json(&b, severity, code, text);
	return queue_json(c, status, FHIR_JSON, &b);
}

unsigned serve_wellknown(struct MHD_Connection *c)
{
	struct jbuf b;
	jb_init(&b);
	JB_LIT(&b, "{\"api_version\":\"1.0\",\"registry\":\"");
	jb_json_str(&b, g_sim.name);
	jb_printf(&b, "\",\"fhir_base\":\"%s/fhir\",\"request_kinds\":[\"correction\",\"deletion\",\"access\"],"
		"\"drp_base\":\"%s/drp\",\"tls_pins\":[],\"oauth\":", g_sim.base, g_sim.base);
	oauth_discovery(&b);
	export_discovery(&b);
	JB_LIT(&b, "}");
	return queue_json(c, MHD_HTTP_OK, "application/json", &b);
}

unsigned serve_metadata(struct MHD_Connection *c)
{
	struct jbuf b;
	jb_init(&b);
	JB_LIT(&b, "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"date\":\"2026-11-30\","
		"\"publisher\":\"recourse (training simulator)\",\"kind\":\"instance\","
		"\"software\":{\"name\":\"" SIM_PROGRAM "\",\"version\":\"" SIM_VERSION "\"},"
		"\"implementation\":{\"description\":\"");
	jb_json_str(&b, g_sim.name);
	jb_printf(&b, "\",\"url\":\"%s/fhir\"},", g_sim.base);
	JB_LIT(&b, "\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"],"
		"\"rest\":[{\"mode\":\"server\",\"resource\":[{\"type\":\"AuditEvent\","
		"\"interaction\":[{\"code\":\"search-type\"},{\"code\":\"read\"}],"
		"\"searchParam\":["
		"{\"name\":\"patient\",\"type\":\"reference\"},"
		"{\"name\":\"date\",\"type\":\"date\"},"
		"{\"name\":\"_sort\",\"type\":\"string\"},"
		"{\"name\":\"_count\",\"type\":\"number\"}]},");
	metadata_communication(&b);
	JB_LIT(&b, "]}]}");
	return queue_json(c, MHD_HTTP_OK, FHIR_JSON, &b);
}

unsigned serve_read(struct MHD_Connection *c, const char *id)
{
	const struct person *p;
	uint64_t i;
	if (strlen(id) > 64 || !parse_event_id(id, &p, &i))
		return serve_outcome(c, MHD_HTTP_NOT_FOUND, "error", "not-found", "No AuditEvent has this id.");
	struct jbuf b;
	jb_init(&b);
	event_json(&b, p, i, 0);
	return queue_json(c, MHD_HTTP_OK, FHIR_JSON, &b);
}

/* ---- page tokens: "o" offset "." check, both in base 36 ---- */

static void b36(struct jbuf *b, uint64_t v)
{
	char tmp[16];
	int n = (int)sizeof tmp;
	do {
		tmp[--n] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v);
	jb_add(b, tmp + n, sizeof tmp - (size_t)n);
}

static uint64_t token_check(const struct person *p, uint64_t off)
{
	uint64_t z = off * 0x9e3779b97f4a7c15ULL ^ g_sim.seed ^ (p ? p->hash : 0);
	z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ULL;
	return (z ^ (z >> 29)) & 0xfffff;
}

static bool token_decode(const char *t, const struct person *p, uint64_t *off)
{
	uint64_t v[2] = { 0, 0 };
	int part = 0;
	if (strlen(t) > 24 || *t++ != 'o')
		return false;
	bool digit = false;
	for (; *t; t++) {
		int d = *t >= '0' && *t <= '9' ? *t - '0' : *t >= 'a' && *t <= 'z' ? *t - 'a' + 10 : -1;
		if (*t == '.' && part == 0 && digit) {
			part = 1;
			digit = false;
			continue;
		}
		if (d < 0 || v[part] > (UINT64_MAX - 35) / 36)
			return false;
		v[part] = v[part] * 36 + (uint64_t)d;
		digit = true;
	}
	if (part != 1 || !digit || v[1] != token_check(p, v[0]))
		return false;
	*off = v[0];
	return true;
}

/* ---- search ---- */

struct query {
	const char *dates[4];
	unsigned ndates;
	bool too_many;
};

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct query *q = cls;
	if (key && strcmp(key, "date") == 0) {
		if (q->ndates < 4)
			q->dates[q->ndates++] = value ? value : "";
		else
			q->too_many = true;
	}
	return MHD_YES;
}

/* The first index in [0, count) whose time is < t (times fall with i). */
static uint64_t first_before(const struct person *p, int64_t t)
{
	uint64_t a = 0, b = p->count;
	while (a < b) {
		uint64_t m = a + (b - a) / 2;
		if (event_time(p, m) < t)
			b = m;
		else
			a = m + 1;
	}
	return a;
}

static void page_url(struct jbuf *b, const char *base, const char *patient, const struct page *pg,
	const struct query *q, const struct person *p, uint64_t off)
{
	jb_puts(b, base);
	JB_LIT(b, "/fhir/AuditEvent?patient=");
	jb_puts(b, patient);
	jb_printf(b, "&_count=%u&_sort=%s", pg->count, pg->asc ? "date" : "-date");
	for (unsigned i = 0; i < q->ndates; i++) {
		char *e = url_encode(q->dates[i]);
		JB_LIT(b, "&date=");
		jb_puts(b, e);
		free(e);
	}
	if (off) {
		JB_LIT(b, "&_page_token=o");
		b36(b, off);
		JB_LIT(b, ".");
		b36(b, token_check(p, off));
	}
}

void page_free(struct page *pg)
{
	if (!pg)
		return;
	free(pg->self_url);
	free(pg->next_url);
	jb_free(&pg->buf);
	free(pg);
}

static void page_free_cb(void *cls)
{
	page_free(cls);
}

static const char withheld_entry[] =
	"{\"resource\":{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\","
	"\"code\":\"suppressed\",\"details\":{\"text\":\"Some access records are withheld under a "
	"law-enforcement exemption (fictional training registry: it names no legal basis).\"},\"diagnostics\":"
	"\"Records of consultations by designated law-enforcement authorities are not shown in this "
	"answer; ask the national supervisory authority to verify them.\"}]},\"search\":{\"mode\":\"outcome\"}}";

static void entry(struct page *pg, uint64_t idx, int shift)
{
	struct jbuf *b = &pg->buf;
	if (!pg->any_entry)
		JB_LIT(b, ",\"entry\":[");
	else
		JB_LIT(b, ",");
	pg->any_entry = true;
	char id[SIM_ID_MAX];
	if (shift)
		snprintf(id, sizeof id, "sim-%s-f%07llu", pg->p->hash8, (unsigned long long)idx);
	else
		event_id(id, pg->p, idx);
	JB_LIT(b, "{\"fullUrl\":\"");
	jb_puts(b, g_sim.base);
	JB_LIT(b, "/fhir/AuditEvent/");
	jb_puts(b, id);
	JB_LIT(b, "\",\"resource\":");
	event_json(b, pg->p, idx, shift);
	JB_LIT(b, ",\"search\":{\"mode\":\"match\"}}");
}

bool page_step(struct page *pg)
{
	struct jbuf *b = &pg->buf;
	switch (pg->stage) {
	case 0: {
		uint64_t total = pg->hi - pg->lo;
		if (g_sim.misbehave & MB_WRONG_TOTAL)
			total += 10;
		JB_LIT(b, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":");
		jb_u64(b, total);
		JB_LIT(b, ",\"link\":[{\"relation\":\"self\",\"url\":\"");
		jb_json_str(b, pg->self_url);
		JB_LIT(b, "\"}");
		if (pg->next_url) {
			JB_LIT(b, ",{\"relation\":\"next\",\"url\":\"");
			jb_json_str(b, pg->next_url);
			JB_LIT(b, "\"}");
		}
		JB_LIT(b, "]");
		pg->stage = pg->withheld_here ? 1 : 2;
		return true;
	}
	case 1:
		JB_LIT(b, ",\"entry\":[");
		jb_add(b, withheld_entry, sizeof withheld_entry - 1);
		pg->any_entry = true;
		pg->stage = 2;
		return true;
	case 2:
		if (pg->foreign_here && pg->k == pg->foreign_at) {
			/* just before event k in the page's order, its time between
			 * that event's and the one before it */
			uint64_t pos = pg->off + pg->k;
			if (pg->asc)
				entry(pg, pg->hi - 1 - pos, -1);
			else
				entry(pg, pg->lo + pos, 1);
			pg->foreign_here = false;
			return true;
		}
		if (pg->k < pg->n) {
			uint64_t pos = pg->off + pg->k++;
			entry(pg, pg->asc ? pg->hi - 1 - pos : pg->lo + pos, 0);
			return true;
		}
		pg->stage = 3;
		/* fall through */
	case 3:
		if (pg->any_entry)
			JB_LIT(b, "]}");
		else
			JB_LIT(b, "}");
		pg->stage = 4;
		return true;
	default:
		return false;
	}
}

static ssize_t page_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct page *pg = cls;
	if (pg->delay) {
		pg->delay = false;
		sleep_ms_interruptible(g_sim.delay_ms);
	}
	if (atomic_load(&g_sim.stopping))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (pg->sent == pg->buf.len) {
		pg->buf.len = 0;
		pg->sent = 0;
		while (pg->buf.len < 60000 && page_step(pg))
			;
		if (pg->buf.len == 0)
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
	size_t n = pg->buf.len - pg->sent;
	if (n > max)
		n = max;
	memcpy(out, pg->buf.p + pg->sent, n);
	pg->sent += n;
	return (ssize_t)n;
}

static unsigned bad(struct MHD_Connection *c, const char *code, const char *text)
{
	return serve_outcome(c, MHD_HTTP_BAD_REQUEST, "error", code, text);
}

unsigned serve_search(struct MHD_Connection *c)
{
	unsigned st = misbehave_before(c);
	if (st)
		return st;
	const char *patient = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "patient");
	if (!patient)
		patient = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "patient:identifier");
	if (!patient || !*patient)
		return bad(c, "required", "The search needs the parameter patient (the record's reference).");
	if (strlen(patient) > SIM_REF_MAX)
		return bad(c, "too-long", "The parameter patient is too long.");

	unsigned count = SIM_COUNT_DEFAULT;
	const char *cs = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "_count");
	if (cs) {
		size_t n = strlen(cs);
		if (n == 0 || strspn(cs, "0123456789") != n)
			return bad(c, "invalid", "_count must be a whole number from 0.");
		count = n > 6 ? SIM_COUNT_MAX : (unsigned)strtoul(cs, NULL, 10);
		if (count > SIM_COUNT_MAX)
			count = SIM_COUNT_MAX;
	}
	bool asc = false;
	const char *so = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "_sort");
	if (so && strcmp(so, "-date") != 0) {
		if (strcmp(so, "date") != 0)
			return bad(c, "not-supported", "_sort can only be -date (the default) or date.");
		asc = true;
	}
	struct query q = { 0 };
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, &q);
	if (q.too_many)
		return bad(c, "not-supported", "At most 4 date parameters.");
	int64_t tmin = INT64_MIN, tmax = INT64_MAX; /* t >= tmin && t < tmax */
	for (unsigned i = 0; i < q.ndates; i++) {
		const char *d = q.dates[i];
		char pfx[3] = "eq";
		if (d[0] >= 'a' && d[0] <= 'z' && d[1] >= 'a' && d[1] <= 'z') {
			pfx[0] = d[0];
			pfx[1] = d[1];
			d += 2;
		}
		int64_t from, to;
		if (strlen(d) > 40 || !parse_search_date(d, &from, &to))
			return bad(c, "invalid", "date must be a FHIR date or dateTime, e.g. ge2026-01-01 or "
				"ge2026-01-01T00:00:00Z.");
		if (strcmp(pfx, "ge") == 0) {
			if (from > tmin) tmin = from;
		} else if (strcmp(pfx, "gt") == 0) {
			if (to > tmin) tmin = to;
		} else if (strcmp(pfx, "le") == 0) {
			if (to < tmax) tmax = to;
		} else if (strcmp(pfx, "lt") == 0) {
			if (from < tmax) tmax = from;
		} else if (strcmp(pfx, "eq") == 0) {
			if (from > tmin) tmin = from;
			if (to < tmax) tmax = to;
		} else {
			return bad(c, "not-supported", "The date prefixes understood are ge, gt, le, lt and eq.");
		}
	}

	const struct person *p = person_find(patient);
	uint64_t off = 0;
	const char *tok = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "_page_token");
	if (tok && !token_decode(tok, p, &off))
		return bad(c, "invalid", "The _page_token is not one this server gave.");

	struct page *pg = calloc(1, sizeof *pg);
	if (!pg)
		return 0;
	pg->p = p;
	pg->count = count;
	pg->asc = asc;
	pg->off = off;
	if (p && tmin < tmax) {
		pg->hi = tmin == INT64_MIN ? p->count : first_before(p, tmin);
		pg->lo = tmax == INT64_MAX ? 0 : first_before(p, tmax);
		if (pg->lo > pg->hi)
			pg->lo = pg->hi;
	}
	uint64_t matched = pg->hi - pg->lo;
	pg->n = off < matched ? matched - off : 0;
	if (pg->n > count)
		pg->n = count;
	pg->withheld_here = p && p->withheld && off == 0;
	if ((g_sim.misbehave & MB_FOREIGN) && pg->n > 0 && !p->fev
		&& (matched > count ? off == count : off == 0)) {
		pg->foreign_here = true;
		pg->foreign_at = pg->n / 2;
	}
	char *pref = p ? xstrdup(p->ref_url) : url_encode(patient);
	struct jbuf u;
	jb_init(&u);
	page_url(&u, g_sim.base, pref, pg, &q, p, off);
	pg->self_url = u.p;
	if (count > 0 && off + pg->n < matched) {
		jb_init(&u);
		page_url(&u, (g_sim.misbehave & MB_NEXT_ELSEWHERE) ? g_sim.elsewhere : g_sim.base,
			pref, pg, &q, p, off + pg->n);
		pg->next_url = u.p;
	}
	free(pref);

	st = misbehave_body(c, pg);
	if (st)
		return st;
	pg->delay = (g_sim.misbehave & MB_SLOW) != 0;
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024,
		page_reader, pg, page_free_cb);
	if (!r) {
		page_free(pg);
		return 0;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, FHIR_JSON);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok == MHD_YES ? MHD_HTTP_OK : 0;
}
