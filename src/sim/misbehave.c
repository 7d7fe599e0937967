/* misbehave.c - the ways the training registry can misbehave, so that a
 * client can be tried against them: throttling, outages, redirects to
 * another host, slow, cut, huge or broken bodies.  The kinds that change
 * the content of a page (escapes, foreign, wrong-total, next-elsewhere)
 * are applied where the page is written (data.c, fhir.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static const struct {
	const char *name;
	unsigned bit;
	const char *help;
} kinds[] = {
	{ "slow", MB_SLOW, "the body of each search waits --delay-ms" },
	{ "truncated", MB_TRUNCATED, "the body is cut in the middle (JSON incomplete)" },
	{ "oversized", MB_OVERSIZED, "the body is 200 MiB: a Bundle start, then padding" },
	{ "malformed", MB_MALFORMED, "the body is not valid JSON" },
	{ "redirect", MB_REDIRECT, "each search answers 302 to http://127.0.0.2:PORT" },
	{ "next-elsewhere", MB_NEXT_ELSEWHERE, "the next link points to another host, 127.0.0.2" },
	{ "ratelimit", MB_RATELIMIT, "the first 2 searches answer 429, Retry-After: 1" },
	{ "unavailable", MB_UNAVAILABLE, "the next 2 (or first 2) searches answer 503" },
	{ "escapes", MB_ESCAPES, "names hold an ANSI escape, a CR, a bidi override" },
	{ "foreign", MB_FOREIGN, "page 2 (or 1), and the export, has an event of Patient/someone-else" },
	{ "wrong-total", MB_WRONG_TOTAL, "Bundle.total says 10 more than there are" },
	{ "bad-signature", MB_BAD_SIGNATURE, "the export's signature value is damaged" },
	{ "tampered", MB_TAMPERED, "the export is changed after it was signed" },
	{ "wrong-signer", MB_WRONG_SIGNER, "the export is signed with another, fresh key" },
	{ "changed", MB_CHANGED, "the export changes once before its signature (412)" },
	{ "slow-down", MB_SLOW_DOWN, "the token endpoint answers slow_down to the first poll" },
	{ "http-verification-uri", MB_HTTP_VERIFY, "the sign-in address given is http://, not https://" },
	{ "bad-task", MB_BAD_TASK, "a Task's businessStatus is a code no guide defines" },
	{ "drp-bad-status", MB_DRP_BAD_STATUS, "a DRP request's status is not one DRP defines" },
};

bool misbehave_parse(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].name) == 0) {
			g_sim.misbehave |= kinds[i].bit;
			return true;
		}
	return false;
}

void misbehave_help(void)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		printf("      %-15s %s\n", kinds[i].name, kinds[i].help);
}

static unsigned queue_with(struct MHD_Connection *c, unsigned status, struct jbuf *body,
	const char *hname, const char *hval)
{
	return queue_json_with(c, status, "application/fhir+json", body, hname, hval);
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct jbuf *b = cls;
	if (!key)
		return MHD_YES;
	if (b->p[b->len - 1] != '?')
		JB_LIT(b, "&");
	char *k = url_encode(key);
	jb_puts(b, k);
	free(k);
	if (value) {
		char *v = url_encode(value);
		JB_LIT(b, "=");
		jb_puts(b, v);
		free(v);
	}
	return MHD_YES;
}

unsigned misbehave_before(struct MHD_Connection *c)
{
	unsigned mb = g_sim.misbehave;
	if (mb & (MB_RATELIMIT | MB_UNAVAILABLE)) {
		unsigned n = atomic_fetch_add(&g_sim.n_throttle, 1);
		struct jbuf b;
		jb_init(&b);
		if ((mb & MB_RATELIMIT) && n < 2) {
			outcome_json(&b, "error", "throttled", "Too many requests; try again after 1 second.");
			return queue_with(c, MHD_HTTP_TOO_MANY_REQUESTS, &b, MHD_HTTP_HEADER_RETRY_AFTER, "1");
		}
		if (mb & MB_RATELIMIT)
			n -= n >= 2 ? 2 : n;
		if ((mb & MB_UNAVAILABLE) && n < 2) {
			outcome_json(&b, "error", "transient", "The registry is briefly unavailable; try again after 1 second.");
			return queue_with(c, MHD_HTTP_SERVICE_UNAVAILABLE, &b, MHD_HTTP_HEADER_RETRY_AFTER, "1");
		}
	}
	if (mb & MB_REDIRECT) {
		struct jbuf loc, b;
		jb_init(&loc);
		jb_init(&b);
		jb_puts(&loc, g_sim.elsewhere);
		JB_LIT(&loc, "/fhir/AuditEvent?");
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &loc);
		outcome_json(&b, "information", "informational", "The search has moved to another host.");
		unsigned st = queue_with(c, MHD_HTTP_FOUND, &b, MHD_HTTP_HEADER_LOCATION, loc.p);
		jb_free(&loc);
		return st;
	}
	return 0;
}

/* ---- oversized: 200 MiB made on the fly ---- */

#define BIG_SIZE ((uint64_t)200 * 1024 * 1024)
static const char big_tail[] = "</div>\"}}}]}";

struct big {
	struct jbuf head;
	bool delay;
};

static ssize_t big_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	struct big *g = cls;
	if (g->delay) {
		g->delay = false;
		sleep_ms_interruptible(g_sim.delay_ms);
	}
	if (atomic_load(&g_sim.stopping))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (pos >= BIG_SIZE)
		return MHD_CONTENT_READER_END_OF_STREAM;
	uint64_t tail_at = BIG_SIZE - (sizeof big_tail - 1);
	size_t n = 0;
	while (n < max && pos < BIG_SIZE) {
		size_t k;
		if (pos < g->head.len) {
			k = (size_t)(g->head.len - pos);
			if (k > max - n)
				k = max - n;
			memcpy(out + n, g->head.p + pos, k);
		} else if (pos < tail_at) {
			uint64_t left = tail_at - pos;
			k = left < max - n ? (size_t)left : max - n;
			memset(out + n, 'A', k);
		} else {
			k = (size_t)(BIG_SIZE - pos);
			if (k > max - n)
				k = max - n;
			memcpy(out + n, big_tail + (pos - tail_at), k);
		}
		n += k;
		pos += k;
	}
	return (ssize_t)n;
}

static void big_free(void *cls)
{
	struct big *g = cls;
	jb_free(&g->head);
	free(g);
}

static unsigned oversized(struct MHD_Connection *c, struct page *pg)
{
	struct big *g = calloc(1, sizeof *g);
	if (!g)
		return 0;
	jb_init(&g->head);
	jb_printf(&g->head, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":%llu,"
		"\"link\":[{\"relation\":\"self\",\"url\":\"", (unsigned long long)(pg->hi - pg->lo));
	jb_json_str(&g->head, pg->self_url);
	jb_printf(&g->head, "\"}],\"entry\":[{\"fullUrl\":\"%s/fhir/AuditEvent/sim-padding\","
		"\"resource\":{\"resourceType\":\"AuditEvent\",\"id\":\"sim-padding\","
		"\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">",
		g_sim.base);
	g->delay = (g_sim.misbehave & MB_SLOW) != 0;
	page_free(pg);
	struct MHD_Response *r = MHD_create_response_from_callback(BIG_SIZE, 256 * 1024, big_reader, g, big_free);
	if (!r) {
		big_free(g);
		return 0;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/fhir+json");
	enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok == MHD_YES ? MHD_HTTP_OK : 0;
}

unsigned misbehave_body(struct MHD_Connection *c, struct page *pg)
{
	unsigned mb = g_sim.misbehave;
	if (mb & MB_MALFORMED) {
		static const char junk[] =
			"{\"resourceType\": \"Bundle\", \"entry\": [ {"
			" \"fullUrl\": <html><body>502 Bad Gateway</body></html>\n"
			"\xff\xfe ,,, ]] \"unterminated: {{{ \\q \x01 NaN";
		struct jbuf b;
		jb_init(&b);
		jb_add(&b, junk, sizeof junk - 1);
		page_free(pg);
		if (mb & MB_SLOW)
			sleep_ms_interruptible(g_sim.delay_ms);
		return queue_with(c, MHD_HTTP_OK, &b, NULL, NULL);
	}
	if (mb & MB_OVERSIZED)
		return oversized(c, pg);
	if (mb & MB_TRUNCATED) {
		while (page_step(pg))
			;
		struct jbuf b = pg->buf;
		jb_init(&pg->buf);
		page_free(pg);
		b.len = b.len / 2;
		if (mb & MB_SLOW)
			sleep_ms_interruptible(g_sim.delay_ms);
		return queue_with(c, MHD_HTTP_OK, &b, NULL, NULL);
	}
	return 0;
}
