/* test_import.c - the importers of access logs: FHIR R4/R5 Bundles and
 * single AuditEvents, NDJSON, CSV.  Sample files are read from
 * $top_srcdir/tests/data/samples/. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core.h"

/* ------------------------------------------------------------------ */
/* Helpers. */

struct inv {
	uint64_t entry, line, offset;
	char *message;
};

struct got {
	struct rc_event *ev;
	size_t n, cap;
	struct inv *inv;
	size_t ninv, capinv;
	int stop_after;          /* on_event returns RC_CANCELLED after this many (0: never) */
};

static enum rc_status on_event(void *ud, struct rc_event *ev)
{
	struct got *g = ud;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->ev = rc_xrealloc(g->ev, g->cap * sizeof *g->ev);
	}
	g->ev[g->n++] = *ev; /* takes the members; cleared in got_free */
	if (g->stop_after && (int)g->n >= g->stop_after)
		return RC_CANCELLED;
	return RC_OK;
}

static void on_invalid(void *ud, const struct rc_import_error *e)
{
	struct got *g = ud;
	if (g->ninv == g->capinv) {
		g->capinv = g->capinv ? 2 * g->capinv : 8;
		g->inv = rc_xrealloc(g->inv, g->capinv * sizeof *g->inv);
	}
	g->inv[g->ninv++] = (struct inv){ e->entry, e->line, e->offset, rc_xstrdup(e->message) };
}

static void got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		rc_event_clear(&g->ev[i]);
	for (size_t i = 0; i < g->ninv; i++)
		free(g->inv[i].message);
	free(g->ev);
	free(g->inv);
	memset(g, 0, sizeof *g);
}

/* Feeds data in pieces of `chunk` bytes (0: all at once). */
static enum rc_status run_ex(enum rc_import_format fmt, const char *data, size_t len, size_t chunk,
	const struct rc_import_limits *lim, struct got *g, enum rc_import_format *fmt_out)
{
	size_t n0 = g->n, ninv0 = g->ninv;
	struct rc_import *imp = rc_import_new(fmt, "test-origin", lim, on_event, on_invalid, g);
	assert_non_null(imp);
	enum rc_status st = RC_OK;
	if (!chunk)
		chunk = len ? len : 1;
	for (size_t i = 0; i < len && st == RC_OK; i += chunk)
		st = rc_import_feed(imp, data + i, len - i < chunk ? len - i : chunk);
	if (st == RC_OK)
		st = rc_import_finish(imp);
	uint64_t counted = 0;
	for (size_t i = ninv0; i < g->ninv; i++)
		counted += g->inv[i].entry != 0;
	assert_int_equal(rc_import_entries(imp), g->n - n0 + counted);
	assert_int_equal(rc_import_invalid(imp), counted);
	if (fmt_out)
		*fmt_out = rc_import_format_of(imp);
	rc_import_free(&imp);
	assert_null(imp);
	return st;
}

static enum rc_status run(enum rc_import_format fmt, const char *data, size_t len, size_t chunk,
	struct got *g)
{
	return run_ex(fmt, data, len, chunk, NULL, g, NULL);
}

static enum rc_status run_str(enum rc_import_format fmt, const char *s, struct got *g)
{
	return run(fmt, s, strlen(s), 0, g);
}

static char *sample_path(const char *rel)
{
	const char *top = getenv("top_srcdir");
	char *p = rc_xmalloc(strlen(top ? top : ".") + strlen(rel) + 32);
	sprintf(p, "%s/tests/data/samples/%s", top ? top : ".", rel);
	return p;
}

static char *slurp(const char *rel, size_t *len)
{
	char *path = sample_path(rel), *data = NULL;
	if (rc_file_read_all(path, 64u << 20, &data, len) != RC_OK)
		fail_msg("cannot read %s (is top_srcdir set?)", path);
	free(path);
	return data;
}

static const struct rc_event *find(const struct got *g, const char *ext_id)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->ev[i].ext_id && strcmp(g->ev[i].ext_id, ext_id) == 0)
			return &g->ev[i];
	fail_msg("no event %s", ext_id);
	return NULL;
}

#define assert_str(a, b) do { \
		const char *a_ = (a); \
		if (!a_) \
			fail_msg("%s is NULL, expected \"%s\"", #a, (b)); \
		assert_string_equal(a_, (b)); \
	} while (0)

/* Everything an import produced, as text, to compare two runs. */
static char *digest(const struct got *g)
{
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; i < g->n; i++) {
		const struct rc_event *e = &g->ev[i];
		char *cats = rc_categories_format(e->categories, false);
		rc_buf_printf(&b, "%s|%s|%s|%lld|%s|%lld|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%zu|",
			e->source, e->ext_id, e->occurred, (long long)e->occurred_ts, e->recorded,
			(long long)e->recorded_ts, e->authority, e->authority_country, e->authority_type,
			e->role, e->agent, e->system, cats, rc_action_id(e->action),
			rc_outcome_id(e->outcome), e->purpose, e->legal_basis, e->dest, e->dest_country,
			e->origin, e->note, e->raw_len);
		rc_buf_add(&b, e->raw, e->raw_len);
		rc_buf_addstr(&b, "\n");
		free(cats);
	}
	for (size_t i = 0; i < g->ninv; i++)
		rc_buf_printf(&b, "invalid %llu %llu %llu %s\n", (unsigned long long)g->inv[i].entry,
			(unsigned long long)g->inv[i].line, (unsigned long long)g->inv[i].offset,
			g->inv[i].message);
	rc_buf_cstr(&b);
	return b.data;
}

/* ------------------------------------------------------------------ */
/* The standards' own examples: every file, exactly its count. */

static void test_fhir_examples(void **state)
{
	size_t len;
	char *tsv = slurp("fhir-examples/expected.tsv", &len);
	int files = 0;
	char *save = NULL;
	strtok_r(tsv, "\n", &save); /* header */
	for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char file[256], version[8], kind[16];
		unsigned n;
		assert_int_equal(sscanf(line, "%255[^\t]\t%7[^\t]\t%15[^\t]\t%u", file, version, kind, &n), 4);
		char rel[300];
		snprintf(rel, sizeof rel, "fhir-examples/%s", file);
		size_t dlen;
		char *data = slurp(rel, &dlen);
		enum rc_import_format want = strcmp(kind, "ndjson") == 0 ? RC_IMPORT_NDJSON : RC_IMPORT_FHIR;
		/* AUTO, the explicit format, and one byte at a time. */
		struct got a = { 0 }, b = { 0 }, c = { 0 };
		enum rc_import_format chosen;
		assert_int_equal(run_ex(RC_IMPORT_AUTO, data, dlen, 0, NULL, &a, &chosen), RC_OK);
		assert_int_equal(chosen, want);
		assert_int_equal(run(want, data, dlen, 0, &b), RC_OK);
		assert_int_equal(run(want, data, dlen, 1, &c), RC_OK);
		if (a.n != n || a.ninv)
			fail_msg("%s: %zu events, %zu invalid (%s), expected %u", file, a.n, a.ninv,
				a.ninv ? a.inv[0].message : "", n);
		assert_int_equal(b.n, n);
		char *da = digest(&a), *db = digest(&b), *dc = digest(&c);
		assert_string_equal(da, db);
		assert_string_equal(da, dc);
		for (size_t i = 0; i < a.n; i++) {
			const struct rc_event *e = &a.ev[i];
			assert_non_null(e->ext_id);
			assert_non_null(e->source);
			assert_non_null(e->occurred);
			assert_true(e->occurred_ts != RC_TS_UNKNOWN);
			assert_str(e->origin, "test-origin");
			/* The raw bytes are a slice of the input. */
			assert_true(e->raw_len > 2 && e->raw[0] == '{');
			assert_non_null(memmem(data, dlen, e->raw, e->raw_len));
		}
		free(da);
		free(db);
		free(dc);
		got_free(&a);
		got_free(&b);
		got_free(&c);
		free(data);
		files++;
	}
	assert_int_equal(files, 59);
	free(tsv);
}

/* A few standard examples, mapped. */
static void test_fhir_examples_mapped(void **state)
{
	size_t len;
	char *data = slurp("fhir-examples/r4-hl7-core/searchset.json", &len);
	struct got g = { 0 };
	assert_int_equal(run(RC_IMPORT_FHIR, data, len, 0, &g), RC_OK);
	const struct rc_event *e = find(&g, "example-disclosure");
	assert_int_equal(e->action, RC_ACT_EXPORT);
	assert_str(e->dest, "Where");
	assert_str(e->purpose, "healthcare marketing");
	assert_str(e->legal_basis, "http://consent.com/yes");
	assert_str(e->agent, "SomeIdiot@nowhere");
	assert_str(e->system, "Watchers Accounting of Disclosures Application");
	assert_str(e->source, "Watchers Accounting of Disclosures Application @ Watcher");
	e = find(&g, "example-error");
	assert_int_equal(e->outcome, RC_OUT_ERROR);
	assert_int_equal(e->action, RC_ACT_CREATE);
	e = find(&g, "example-pixQuery");
	assert_int_equal(e->action, RC_ACT_SEARCH);
	e = find(&g, "example-rest");
	assert_int_equal(e->action, RC_ACT_READ);
	e = find(&g, "example");
	assert_str(e->occurred, "2012-10-25T11:04:27Z");
	assert_str(e->role, "Service User (Logon)");
	got_free(&g);
	free(data);

	data = slurp("fhir-examples/r5-hl7-core/searchset.json", &len);
	assert_int_equal(run(RC_IMPORT_FHIR, data, len, 0, &g), RC_OK);
	e = find(&g, "example-error");
	assert_int_equal(e->outcome, RC_OUT_ERROR);
	e = find(&g, "example-breakglass-start");
	assert_str(e->purpose, "Emergency Treatment");
	e = find(&g, "example-advanced-create");
	assert_int_equal(e->action, RC_ACT_CREATE);
	assert_str(e->purpose, "TREAT");
	assert_str(e->occurred, "2020-04-29T09:49:00Z");
	got_free(&g);
	free(data);

	/* ITI-81 response: an OperationOutcome entry with search.mode=outcome. */
	data = slurp("fhir-examples/r4-ch-atc/Bundle-ch-atc-iti-81-response-sample.json", &len);
	assert_int_equal(run(RC_IMPORT_FHIR, data, len, 0, &g), RC_OK);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.ninv, 0);
	got_free(&g);
	free(data);
}

/* ------------------------------------------------------------------ */
/* The synthetic samples. */

static void check_r4_r5_common(const struct rc_event *e, const char *authority, const char *country,
	const char *role, const char *agent, const char *system, unsigned cats, enum rc_action act,
	enum rc_outcome out, const char *purpose, const char *legal)
{
	assert_str(e->authority, authority);
	assert_str(e->authority_country, country);
	assert_str(e->role, role);
	assert_str(e->agent, agent);
	assert_str(e->system, system);
	assert_int_equal(e->categories, cats);
	assert_int_equal(e->action, act);
	assert_int_equal(e->outcome, out);
	if (purpose)
		assert_str(e->purpose, purpose);
	else
		assert_null(e->purpose);
	if (legal)
		assert_str(e->legal_basis, legal);
	else
		assert_null(e->legal_basis);
}

static void test_r4_pages(void **state)
{
	struct got g = { 0 };
	const char *pages[] = { "auditevents-r4-page1.json", "auditevents-r4-page2.json" };
	for (int p = 0; p < 2; p++) {
		size_t len;
		char *data = slurp(pages[p], &len);
		assert_int_equal(run(RC_IMPORT_AUTO, data, len, 0, &g), RC_OK);
		free(data);
	}
	assert_int_equal(g.n, 50);
	assert_int_equal(g.ninv, 0);

	const struct rc_event *e = find(&g, "ae-00001");
	check_r4_r5_common(e, "Bundespolizei", "DE", "border officer", "BPOL-4471",
		"Eurodac Central System", RC_CAT_FINGERPRINTS | RC_CAT_FACE, RC_ACT_UPDATE, RC_OUT_HIT,
		"Border check", "https://eur-lex.europa.eu/eli/reg/2024/1358/oj");
	assert_str(e->authority_type, "border police");
	assert_str(e->occurred, "2023-09-04T07:11:58Z");
	assert_true(e->occurred_ts == 1693811518);
	assert_str(e->recorded, "2023-09-04T07:12:00Z");
	assert_str(e->source, "Eurodac Central System @ eu-LISA");
	assert_null(e->dest);

	/* The country the person fled. */
	e = find(&g, "ae-00005");
	check_r4_r5_common(e, "Immigration and Nationality Department", "ER", "immigration officer",
		"ERI-0007", "National AFIS (INPOL-Z)", RC_CAT_FINGERPRINTS | RC_CAT_FACE, RC_ACT_SEARCH,
		RC_OUT_HIT, "Border check", NULL);
	/* A search with no hit. */
	e = find(&g, "ae-00008");
	check_r4_r5_common(e, "Europol", "EU", "analyst", "EPL-A-55", "Eurodac Central System",
		RC_CAT_FINGERPRINTS, RC_ACT_SEARCH, RC_OUT_NOHIT,
		"Prevention, detection or investigation of serious crime",
		"https://eur-lex.europa.eu/eli/reg/2024/1358/oj");
	/* No purpose, no legal basis. */
	e = find(&g, "ae-00009");
	check_r4_r5_common(e, "Landespolizei Hamburg", "DE", "patrol officer", "LPH-9902",
		"National AFIS (INPOL-Z)", RC_CAT_FACE, RC_ACT_SEARCH, RC_OUT_HIT, NULL, NULL);
	/* The export to a third country. */
	e = find(&g, "ae-00024");
	check_r4_r5_common(e, "Bundespolizei", "DE", "liaison officer", "BPOL-7001",
		"National AFIS (INPOL-Z)", RC_CAT_FINGERPRINTS | RC_CAT_FACE | RC_CAT_IRIS,
		RC_ACT_EXPORT, RC_OUT_HIT, "Prevention, detection or investigation of serious crime", NULL);
	assert_str(e->dest, "U.S. Department of Homeland Security (IDENT/HART)");
	assert_str(e->dest_country, "US");
	/* A hospital, a read. */
	e = find(&g, "ae-00006");
	check_r4_r5_common(e, "Klinikum Nord Hamburg", "DE", "registration clerk", "KN-331",
		"National AFIS (INPOL-Z)", RC_CAT_FACE | RC_CAT_BIOGRAPHIC, RC_ACT_READ, RC_OUT_HIT,
		"Treatment", NULL);
	assert_str(e->authority_type, "hospital");
	/* After the erasure request. */
	e = find(&g, "ae-00050");
	assert_str(e->occurred, "2025-07-14T11:04:58Z");
	assert_str(e->agent, "BAMF-5120");
	got_free(&g);
}

static void test_r5_ndjson(void **state)
{
	size_t len;
	char *data = slurp("auditevents-r5.ndjson", &len);
	struct got g = { 0 };
	enum rc_import_format f;
	assert_int_equal(run_ex(RC_IMPORT_AUTO, data, len, 0, NULL, &g, &f), RC_OK);
	assert_int_equal(f, RC_IMPORT_NDJSON);
	assert_int_equal(g.n, 30);
	assert_int_equal(g.ninv, 0);
	const struct rc_event *e = find(&g, "ae5-00001");
	check_r4_r5_common(e, "Bundespolizei", "DE", "border officer", "BPOL-4471",
		"Eurodac Central System", RC_CAT_FINGERPRINTS | RC_CAT_FACE, RC_ACT_UPDATE, RC_OUT_HIT,
		"Border check", "https://eur-lex.europa.eu/eli/reg/2024/1358/oj");
	assert_str(e->occurred, "2023-09-04T07:11:58Z");
	assert_str(e->source, "Eurodac Central System @ eu-LISA");
	e = find(&g, "ae5-00024");
	assert_int_equal(e->action, RC_ACT_EXPORT);
	assert_str(e->dest, "U.S. Department of Homeland Security (IDENT/HART)");
	assert_str(e->dest_country, "US");
	assert_str(e->authority, "Bundespolizei");
	e = find(&g, "ae5-00002");
	assert_int_equal(e->action, RC_ACT_SEARCH);
	assert_str(e->purpose, "Examination of an application for international protection");

	/* Each raw is its line, without the newline. */
	const char *p = data;
	for (size_t i = 0; i < g.n; i++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		assert_int_equal(g.ev[i].raw_len, n);
		assert_memory_equal(g.ev[i].raw, p, n);
		p = nl ? nl + 1 : p + n;
	}
	/* One byte at a time, the same. */
	struct got h = { 0 };
	assert_int_equal(run(RC_IMPORT_NDJSON, data, len, 1, &h), RC_OK);
	char *d1 = digest(&g), *d2 = digest(&h);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	got_free(&h);
	got_free(&g);
	free(data);
}

static void test_raw_is_slice(void **state)
{
	size_t len;
	char *data = slurp("auditevents-r4-page1.json", &len);
	struct got g = { 0 };
	assert_int_equal(run(RC_IMPORT_FHIR, data, len, 4093, &g), RC_OK);
	/* ae-00001's resource object, from its '{' to its '}'. */
	const char *start = strstr(data, "\"resource\": {");
	assert_non_null(start);
	start = strchr(start, '{');
	const char *end = strstr(start, "\n   },\n   \"search\"");
	assert_non_null(end);
	size_t n = (size_t)(end - start) + 5;
	assert_int_equal(g.ev[0].raw_len, n);
	assert_memory_equal(g.ev[0].raw, start, n);
	assert_int_equal(g.ev[0].raw[n - 1], '}');
	/* Each raw alone is the same event again. */
	for (size_t i = 0; i < g.n; i++) {
		struct got one = { 0 };
		assert_int_equal(run(RC_IMPORT_FHIR, g.ev[i].raw, g.ev[i].raw_len, 0, &one), RC_OK);
		assert_int_equal(one.n, 1);
		assert_string_equal(one.ev[0].ext_id, g.ev[i].ext_id);
		assert_int_equal(one.ev[0].raw_len, g.ev[i].raw_len);
		got_free(&one);
	}
	got_free(&g);
	free(data);
}

static void test_csv_sample(void **state)
{
	size_t len;
	char *data = slurp("letter-transcription.csv", &len);
	struct got g = { 0 };
	enum rc_import_format f;
	assert_int_equal(run_ex(RC_IMPORT_AUTO, data, len, 0, NULL, &g, &f), RC_OK);
	assert_int_equal(f, RC_IMPORT_CSV);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.ninv, 0);
	const struct rc_event *e = &g.ev[0];
	assert_str(e->source, "letter");
	assert_int_equal(strlen(e->ext_id), 64);
	assert_str(e->occurred, "2024-02-12T09:40:00Z");
	assert_str(e->authority, "Préfecture de police de Paris");
	assert_str(e->authority_country, "FR");
	assert_str(e->role, "agent de guichet");
	assert_str(e->system, "VIS");
	assert_int_equal(e->action, RC_ACT_READ);
	assert_int_equal(e->categories, RC_CAT_FACE | RC_CAT_BIOGRAPHIC);
	assert_str(e->purpose, "titre de séjour");
	assert_null(e->legal_basis);
	assert_int_equal(e->outcome, RC_OUT_HIT);
	assert_str(e->origin, "test-origin: CNIL answer of 2025-03-18, p.2");
	assert_null(e->note);
	e = &g.ev[1];
	assert_str(e->occurred, "2024-03-01");
	assert_true(e->occurred_ts == 1709251200);
	assert_null(e->role);
	assert_int_equal(e->action, RC_ACT_SEARCH);
	assert_int_equal(e->outcome, RC_OUT_NOHIT);
	assert_str(e->note, "time not given in the letter");
	e = &g.ev[2];
	assert_str(e->legal_basis, "Verordnung (EU) 2018/1861");
	assert_str(e->note, "«Treffer» in the letter");
	assert_str(e->purpose, "Grenzkontrolle");
	/* raw: the row as written, without its line end (CRLF here). */
	const char *row = strstr(data, "2024-05-22");
	assert_non_null(row);
	assert_int_equal(e->raw_len, strlen(row) - 2);
	assert_memory_equal(e->raw, row, e->raw_len);

	/* Stable ids: the same rows under another origin and byte by byte. */
	struct got h = { 0 };
	struct rc_import *imp = rc_import_new(RC_IMPORT_CSV, "copy.csv", NULL, on_event, on_invalid, &h);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(rc_import_feed(imp, data + i, 1), RC_OK);
	assert_int_equal(rc_import_finish(imp), RC_OK);
	rc_import_free(&imp);
	assert_int_equal(h.n, 3);
	for (int i = 0; i < 3; i++)
		assert_string_equal(h.ev[i].ext_id, g.ev[i].ext_id);
	assert_str(h.ev[0].origin, "copy.csv: CNIL answer of 2025-03-18, p.2");
	got_free(&h);
	got_free(&g);
	free(data);
}

/* ------------------------------------------------------------------ */
/* Hand-made edge cases. */

#define AE(extra) "{\"resourceType\":\"AuditEvent\",\"id\":\"x\",\"recorded\":\"2024-01-02T03:04:05Z\"" extra "}"

static void test_duplicate_keys(void **state)
{
	struct got g = { 0 };
	const char *in =
		AE("") "\n"
		"{\"resourceType\":\"AuditEvent\",\"id\":\"a\",\"id\":\"b\",\"recorded\":\"2024-01-02T03:04:05Z\"}\n"
		AE(",\"agent\":[{\"who\":{\"display\":\"P\",\"display\":\"Q\"}}]") "\n"
		/* the same key in sibling objects is fine */
		AE(",\"agent\":[{\"name\":\"P\"},{\"name\":\"Q\"}]") "\n";
	assert_int_equal(run_str(RC_IMPORT_NDJSON, in, &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ninv, 2);
	assert_int_equal(g.inv[0].entry, 2);
	assert_int_equal(g.inv[0].line, 2);
	assert_non_null(strstr(g.inv[0].message, "\"id\""));
	assert_int_equal(g.inv[1].entry, 3);
	assert_non_null(strstr(g.inv[1].message, "\"display\""));
	got_free(&g);

	/* A big object: the hash index finds the duplicate too. */
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, "{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\",\"x\":{");
	for (int i = 0; i < 500; i++)
		rc_buf_printf(&b, "\"k%d\":%d,", i, i);
	rc_buf_addstr(&b, "\"k377\":1}}");
	assert_int_equal(run(RC_IMPORT_FHIR, b.data, b.len, 0, &g), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 1);
	assert_non_null(strstr(g.inv[0].message, "\"k377\""));
	got_free(&g);
	rc_buf_free(&b);

	/* Duplicate keys in a Bundle entry. */
	const char *bundle = "{\"resourceType\":\"Bundle\",\"entry\":["
		"{\"resource\":" AE("") ",\"resource\":" AE("") "},"
		"{\"resource\":" AE("") "}]}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, bundle, &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].entry, 1);
	got_free(&g);
}

static char *nested(const char *pre, int depth, const char *post)
{
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, pre);
	for (int i = 0; i < depth; i++)
		rc_buf_addstr(&b, "{\"a\":");
	rc_buf_addstr(&b, "1");
	for (int i = 0; i < depth; i++)
		rc_buf_addstr(&b, "}");
	rc_buf_addstr(&b, post);
	return b.data;
}

static void test_depth(void **state)
{
	struct got g = { 0 };
	/* NDJSON: the deep line only. */
	char *deep = nested(AE("") "\n{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\",\"x\":", 100,
		"}\n" AE("") "\n");
	assert_int_equal(run_str(RC_IMPORT_NDJSON, deep, &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].line, 2);
	assert_non_null(strstr(g.inv[0].message, "64"));
	got_free(&g);
	free(deep);

	/* A lower limit. */
	struct rc_import_limits lim = { 0, 8 };
	deep = nested("{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\",\"x\":", 8, "}");
	assert_int_equal(run_ex(RC_IMPORT_FHIR, deep, strlen(deep), 0, &lim, &g, NULL), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 1);
	got_free(&g);
	free(deep);
	deep = nested("{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\",\"x\":", 6, "}");
	assert_int_equal(run_ex(RC_IMPORT_FHIR, deep, strlen(deep), 0, &lim, &g, NULL), RC_OK);
	assert_int_equal(g.n, 1);
	got_free(&g);
	free(deep);

	/* Bundles in Bundles past the limit: told, not an entry. */
	const char *bb = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Bundle\","
		"\"entry\":[{\"resource\":" AE("") "}]}}]}";
	lim.max_depth = 4;
	assert_int_equal(run_ex(RC_IMPORT_FHIR, bb, strlen(bb), 0, &lim, &g, NULL), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].entry, 0);
	got_free(&g);
	lim.max_depth = 7;
	assert_int_equal(run_ex(RC_IMPORT_FHIR, bb, strlen(bb), 0, &lim, &g, NULL), RC_OK);
	assert_int_equal(g.n, 1);
	got_free(&g);

	/* A Bundle: the deep entry is invalid, the next one is read. */
	deep = nested("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\",\"x\":",
		200, "}},{\"resource\":" AE("") "}]}");
	assert_int_equal(run(RC_IMPORT_FHIR, deep, strlen(deep), 3, &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].entry, 1);
	got_free(&g);
	free(deep);

	/* A depth bomb: given up, memory bounded. */
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":");
	for (int i = 0; i < 200000; i++)
		rc_buf_add(&b, "[", 1);
	assert_int_equal(run(RC_IMPORT_FHIR, b.data, b.len, 65536, &g), RC_INVALID);
	assert_int_equal(g.n, 0);
	assert_true(g.ninv >= 1);
	got_free(&g);
	rc_buf_free(&b);
}

static void test_oversize(void **state)
{
	struct got g = { 0 };
	struct rc_import_limits lim = { 4096, 0 };
	struct rc_buf big;
	rc_buf_init(&big);
	rc_buf_addstr(&big, ",\"note\":\"");
	for (int i = 0; i < 5000; i++)
		rc_buf_add(&big, "x", 1);
	rc_buf_addstr(&big, "\"");
	struct rc_buf in;
	rc_buf_init(&in);
	rc_buf_printf(&in, "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":%s},"
		"{\"resource\":{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\"%s}},"
		"{\"resource\":%s}]}", AE(""), big.data, AE(""));
	for (size_t chunk = 0; chunk < 3000; chunk += 1000) {
		assert_int_equal(run_ex(RC_IMPORT_FHIR, in.data, in.len, chunk + 1, &lim, &g, NULL), RC_OK);
		assert_int_equal(g.n, 2);
		assert_int_equal(g.ninv, 1);
		assert_int_equal(g.inv[0].entry, 2);
		assert_non_null(strstr(g.inv[0].message, "4096"));
		got_free(&g);
	}
	/* NDJSON: the long line only. */
	rc_buf_reset(&in);
	rc_buf_printf(&in, "%s\n{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\"%s}\n%s\n",
		AE(""), big.data, AE(""));
	assert_int_equal(run_ex(RC_IMPORT_NDJSON, in.data, in.len, 100, &lim, &g, NULL), RC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].line, 2);
	got_free(&g);
	/* A single huge string in a single document: given up. */
	rc_buf_reset(&in);
	rc_buf_addstr(&in, "{\"resourceType\":\"Bundle\",\"x\":\"");
	for (int i = 0; i < 2 * 1024 * 1024; i++)
		rc_buf_add(&in, "y", 1);
	rc_buf_addstr(&in, "\"}");
	assert_int_equal(run_ex(RC_IMPORT_FHIR, in.data, in.len, 65536, &lim, &g, NULL), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	got_free(&g);
	rc_buf_free(&in);
	rc_buf_free(&big);
}

static void test_sanitize(void **state)
{
	struct got g = { 0 };
	/* Invalid UTF-8 and a right-to-left override in the names. */
	const char *in = "{\"resourceType\":\"AuditEvent\",\"id\":\"s1\",\"recorded\":\"2024-01-02T03:04:05Z\","
		"\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"org\",\"name\":\"Bad\xff\xfeName\","
		"\"address\":[{\"country\":\"de\"}]}],"
		"\"agent\":[{\"requestor\":true,\"who\":{\"reference\":\"#org\",\"identifier\":{\"value\":\"\xe2\x80\xae" "1234\"}},"
		"\"role\":[{\"text\":\"  officer\\u202e\\u0007 \"}]}]}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, &g), RC_OK);
	assert_int_equal(g.n, 1);
	const struct rc_event *e = &g.ev[0];
	assert_str(e->authority, "Bad\xef\xbf\xbd\xef\xbf\xbdName");
	assert_str(e->authority_country, "DE");
	assert_str(e->agent, "1234");
	assert_str(e->role, "officer");
	assert_true(rc_text_is_clean(e->authority, strlen(e->authority)));
	/* raw: untouched. */
	assert_int_equal(e->raw_len, strlen(in));
	assert_memory_equal(e->raw, in, e->raw_len);
	got_free(&g);
}

static void test_half_valid_bundle(void **state)
{
	struct got g = { 0 };
	const char *in =
		"{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [\n"  /* line 1 */
		"{\"resource\": " AE("") "},\n"                                           /* 2: entry 1 ok */
		"42,\n"                                                                  /* 3: entry 2 not an object */
		"{\"resource\": {\"id\": \"n\"}},\n"                                     /* 4: entry 3 no resourceType */
		"{\"resource\": {\"resourceType\": \"AuditEvent\", \"id\": \"t\"}},\n"    /* 5: entry 4 no time */
		"{\"resource\": {\"resourceType\": \"AuditEvent\", \"recorded\": \"2023-02-29\"}},\n" /* 6: entry 5 bad date */
		"{\"resource\": {\"resourceType\": \"OperationOutcome\", \"id\": \"oo\"}},\n" /* 7: entry 6 skipped */
		"{\"search\": {\"mode\": \"outcome\"}, \"resource\": " AE("") "},\n"    /* 8: entry 7 skipped */
		"{\"fullUrl\": \"urn:x\"},\n"                                            /* 9: entry 8, no resource */
		"{\"resource\": {\"resourceType\": \"AuditEvent\", \"id\": \"last\", \"period\": {\"start\": \"2024-02-29T23:30:00-01:00\"}, \"recorded\": \"2024-03-01T01:00:00Z\"}}\n"
		"]}\n";
	for (size_t chunk = 1; chunk <= 64; chunk *= 4) {
		assert_int_equal(run(RC_IMPORT_AUTO, in, strlen(in), chunk, &g), RC_OK);
		assert_int_equal(g.n, 2);
		assert_string_equal(g.ev[0].ext_id, "x");
		assert_string_equal(g.ev[1].ext_id, "last");
		assert_str(g.ev[1].occurred, "2024-03-01T00:30:00Z");
		assert_int_equal(g.ninv, 4);
		const uint64_t entries[] = { 2, 3, 4, 5 }, lines[] = { 3, 4, 5, 6 };
		for (int i = 0; i < 4; i++) {
			assert_int_equal(g.inv[i].entry, entries[i]);
			assert_int_equal(g.inv[i].line, lines[i]);
		}
		/* The offsets: where each entry starts. */
		assert_int_equal(g.inv[0].offset, (uint64_t)(strstr(in, "42,") - in));
		assert_int_equal(g.inv[1].offset, (uint64_t)(strstr(in, "{\"resource\": {\"id\"") - in));
		assert_non_null(strstr(g.inv[2].message, "time"));
		assert_non_null(strstr(g.inv[3].message, "date"));
		got_free(&g);
	}
}

static void test_syntax_error(void **state)
{
	struct got g = { 0 };
	const char *in =
		"{\"resourceType\":\"Bundle\",\"entry\":[\n"
		"{\"resource\":" AE("") "},\n"
		"{\"resource\":{\"resourceType\":\"AuditEvent\",,}},\n"
		"{\"resource\":" AE("") "}]}\n";
	size_t bad = (size_t)(strstr(in, ",,") - in);
	for (size_t chunk = 1; chunk <= 1000; chunk *= 10) {
		assert_int_equal(run(RC_IMPORT_FHIR, in, strlen(in), chunk, &g), RC_INVALID);
		assert_int_equal(g.n, 1);
		assert_int_equal(g.ninv, 1);
		assert_int_equal(g.inv[0].line, 3);
		assert_int_equal(g.inv[0].entry, 2);
		/* yajl stops at the second comma */
		assert_true(g.inv[0].offset >= bad && g.inv[0].offset <= bad + 2);
		got_free(&g);
	}
	/* Feeding after the error says the same. */
	struct rc_import *imp = rc_import_new(RC_IMPORT_FHIR, NULL, NULL, on_event, on_invalid, &g);
	assert_int_equal(rc_import_feed(imp, "{]", 2), RC_INVALID);
	assert_int_equal(rc_import_feed(imp, "{}", 2), RC_INVALID);
	assert_int_equal(rc_import_finish(imp), RC_INVALID);
	rc_import_free(&imp);
	got_free(&g);

	/* Truncated. */
	assert_int_equal(run_str(RC_IMPORT_FHIR, "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":", &g),
		RC_INVALID);
	assert_int_equal(g.ninv, 1);
	got_free(&g);
	/* In NDJSON only the line is lost. */
	assert_int_equal(run_str(RC_IMPORT_NDJSON, AE("") "\n{\"a\":tru}\n\n" AE("") "\n", &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].line, 2);
	assert_int_equal(g.inv[0].entry, 2);
	got_free(&g);
	/* Not FHIR at all. */
	assert_int_equal(run_str(RC_IMPORT_FHIR, "{\"resourceType\":\"Patient\",\"id\":\"p\"}", &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	got_free(&g);
	assert_int_equal(run_str(RC_IMPORT_FHIR, "[1,2]", &g), RC_INVALID);
	got_free(&g);
	assert_int_equal(run_str(RC_IMPORT_AUTO, " \n ", &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	got_free(&g);
	assert_int_equal(run_str(RC_IMPORT_FHIR, "", &g), RC_INVALID);
	got_free(&g);
	assert_int_equal(run_str(RC_IMPORT_NDJSON, "", &g), RC_OK);
	assert_int_equal(g.n + g.ninv, 0);
	got_free(&g);
}

static void test_ndjson_lines(void **state)
{
	struct got g = { 0 };
	const char *in =
		"\xef\xbb\xbf" AE("") "\r\n"     /* BOM, CRLF */
		"   \n"
		"[1]\n"                            /* not an object */
		"{\"resourceType\":\"Patient\"}\n" /* skipped */
		AE("") " " AE("") "\n"             /* two values */
		"7\n"
		AE("");                            /* no newline at the end */
	assert_int_equal(run(RC_IMPORT_AUTO, in, strlen(in), 3, &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ev[0].raw_len, strlen(AE("")));
	assert_memory_equal(g.ev[0].raw, AE(""), g.ev[0].raw_len);
	assert_int_equal(g.ninv, 3);
	assert_int_equal(g.inv[0].line, 3);
	assert_int_equal(g.inv[0].offset, (uint64_t)(strstr(in, "[1]") - in));
	assert_int_equal(g.inv[1].line, 5);
	assert_non_null(strstr(g.inv[1].message, "more than one"));
	assert_int_equal(g.inv[2].line, 6);
	got_free(&g);
}

static void test_stop(void **state)
{
	size_t len;
	char *data = slurp("auditevents-r4-page1.json", &len);
	struct got g = { 0 };
	g.stop_after = 3;
	assert_int_equal(run(RC_IMPORT_FHIR, data, len, 100, &g), RC_CANCELLED);
	assert_int_equal(g.n, 3);
	got_free(&g);
	free(data);
	g.stop_after = 1;
	assert_int_equal(run_str(RC_IMPORT_NDJSON, AE("") "\n" AE("") "\n", &g), RC_CANCELLED);
	assert_int_equal(g.n, 1);
	got_free(&g);
}

static void test_fhir_mapping_rules(void **state)
{
	struct got g = { 0 };
	/* No id: the hash of the raw bytes.  Outcome codes. */
	const char *in =
		"{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02T03:04:05Z\",\"outcome\":\"4\"}\n"
		"{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02T03:04:05Z\",\"outcome\":{\"code\":{\"code\":\"fatal\"}}}\n"
		"{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02T03:04:05Z\",\"outcome\":\"12\",\"action\":\"D\"}\n"
		/* R5 occurredDateTime; authority from an organization agent; a
		 * destination that is not a contained organization in a plain
		 * read is not an onward transfer. */
		"{\"resourceType\":\"AuditEvent\",\"id\":\"r5\",\"occurredDateTime\":\"2024-05-06\",\"recorded\":\"2024-05-07T00:00:00Z\","
		"\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/restful-interaction\",\"code\":\"read\"}]},"
		"\"agent\":[{\"requestor\":true,\"who\":{\"display\":\"Officer X\"},\"role\":[{\"coding\":[{\"code\":\"BO\",\"display\":\"Border officer\"}]}]},"
		"{\"who\":{\"reference\":\"Organization/1\",\"display\":\"Grenzpolizei\"}},"
		"{\"type\":{\"coding\":[{\"code\":\"110152\"}]},\"who\":{\"display\":\"client app\"}}],"
		"\"source\":{\"observer\":{\"identifier\":{\"value\":\"urn:oid:1.2.3\"}},\"site\":{\"display\":\"Site A\"}},"
		"\"entity\":[{\"detail\":[{\"type\":{\"coding\":[{\"code\":\"biometric-modality\"}]},\"valueCode\":\"iris\"},"
		"{\"type\":\"biometric-modality\",\"valueString\":\"dna\"},{\"type\":\"other\",\"valueString\":\"face-image\"}]},"
		"{\"detail\":[{\"type\":{\"text\":\"biometric-modality\"},\"valueCodeableConcept\":{\"coding\":[{\"code\":\"fingerprints\",\"display\":\"Finger prints\"}]}}]}]}\n";
	assert_int_equal(run_str(RC_IMPORT_NDJSON, in, &g), RC_OK);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.ninv, 0);
	unsigned char h[32];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)g.ev[0].raw, g.ev[0].raw_len);
	rc_hex_encode(h, 32, hex);
	assert_string_equal(g.ev[0].ext_id, hex);
	assert_str(g.ev[0].source, "unknown");
	assert_int_equal(g.ev[0].outcome, RC_OUT_NOHIT);
	assert_int_equal(g.ev[1].outcome, RC_OUT_ERROR);
	assert_int_equal(g.ev[2].outcome, RC_OUT_ERROR);
	assert_int_equal(g.ev[2].action, RC_ACT_DELETE);
	const struct rc_event *e = &g.ev[3];
	assert_str(e->occurred, "2024-05-06");
	assert_int_equal(e->action, RC_ACT_READ);
	assert_str(e->authority, "Grenzpolizei");
	assert_str(e->role, "Border officer");
	assert_str(e->agent, "Officer X");
	assert_null(e->dest);
	assert_str(e->system, "urn:oid:1.2.3");
	assert_str(e->source, "urn:oid:1.2.3 @ Site A");
	assert_int_equal(e->categories, RC_CAT_IRIS | RC_CAT_OTHER | RC_CAT_FINGERPRINTS);
	got_free(&g);
}

/* A Bundle whose entries hold Bundles (a batch-response of searches). */
static void test_nested_bundle(void **state)
{
	struct got g = { 0 };
	const char *in = "{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":["
		"{\"resource\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
		"{\"resource\":" AE("") "},{\"resource\":{\"resourceType\":\"AuditEvent\",\"id\":\"y\",\"recorded\":\"2024-01-01\"}}]},"
		"\"response\":{\"status\":\"200\"}},"
		"{\"response\":{\"status\":\"404\"}}]}";
	assert_int_equal(run(RC_IMPORT_AUTO, in, strlen(in), 5, &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ninv, 0);
	assert_string_equal(g.ev[1].ext_id, "y");
	got_free(&g);
}

static void test_csv_edges(void **state)
{
	struct got g = { 0 };
	const char *in =
		"\xef\xbb\xbf" "Note,Authority,occurred_at,extra,data_categories,outcome,action\r\n"
		"# a comment row, as in the template\r\n"
		"\"two\r\nlines, \"\"quoted\"\"\",\"Bundespolizei, Abt. 2\",2024-02-29,whatever,fingerprints;iris,No Hit,share\r\n"
		"\r\n"
		",Garante,2024-02-30,,,,\r\n"               /* bad date */
		",Garante,2024-03-01,,dna,,\r\n"            /* bad category */
		",Garante,2024-03-01,,,maybe,\r\n"          /* bad outcome */
		",Garante,2024-03-01,,,,peek\r\n"           /* bad action */
		",,2024-03-01,,,,\r\n"                      /* no authority */
		",Garante,2024-03-01,,,,,surplus\r\n"       /* too many values */
		",\"Gar\"ante,2024-03-01,,,,\r\n"           /* stray quote */
		"last,BfDI,2024-03-01T10:00:00+01:00,,,,\n"; /* empty values, LF */
	assert_int_equal(run(RC_IMPORT_AUTO, in, strlen(in), 1, &g), RC_OK);
	assert_int_equal(g.n, 2);
	const struct rc_event *e = &g.ev[0];
	assert_str(e->note, "two\nlines, \"quoted\"");
	assert_str(e->authority, "Bundespolizei, Abt. 2");
	assert_str(e->occurred, "2024-02-29");
	assert_int_equal(e->categories, RC_CAT_FINGERPRINTS | RC_CAT_IRIS);
	assert_int_equal(e->outcome, RC_OUT_NOHIT);
	assert_int_equal(e->action, RC_ACT_EXPORT);
	assert_str(e->origin, "test-origin");
	const char *row = strstr(in, "\"two");
	assert_memory_equal(e->raw, row, e->raw_len);
	assert_int_equal(e->raw_len, (size_t)(strstr(row, "share") + 5 - row));
	e = &g.ev[1];
	assert_str(e->note, "last");
	assert_str(e->occurred, "2024-03-01T09:00:00Z");
	assert_int_equal(e->action, RC_ACT_UNKNOWN);
	assert_int_equal(e->outcome, RC_OUT_UNKNOWN);
	assert_int_equal(g.ninv, 7);
	/* The row that spans two lines moves the line numbers. */
	const uint64_t lines[] = { 6, 7, 8, 9, 10, 11, 12 };
	for (int i = 0; i < 7; i++) {
		assert_int_equal(g.inv[i].line, lines[i]);
		assert_int_equal(g.inv[i].entry, (uint64_t)i + 2);
	}
	assert_non_null(strstr(g.inv[0].message, "occurred_at"));
	assert_int_equal(g.inv[0].offset, (uint64_t)(strstr(in, ",Garante,2024-02-30") - in));
	got_free(&g);

	/* Headers that cannot be read. */
	assert_int_equal(run_str(RC_IMPORT_CSV, "occurred_at,role\n2024-01-01,x\n", &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	assert_non_null(strstr(g.inv[0].message, "authority"));
	got_free(&g);
	assert_int_equal(run_str(RC_IMPORT_CSV, "occurred_at,authority,Authority\n", &g), RC_INVALID);
	got_free(&g);
	assert_int_equal(run_str(RC_IMPORT_CSV, "", &g), RC_INVALID);
	got_free(&g);
	/* An unclosed quote at the end. */
	assert_int_equal(run_str(RC_IMPORT_CSV, "occurred_at,authority\n2024-01-01,\"open", &g), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].line, 2);
	got_free(&g);
	/* The same row twice is the same access (same id). */
	assert_int_equal(run_str(RC_IMPORT_CSV, "occurred_at,authority\n2024-01-01,A\n2024-01-01,A\n2024-01-01,B\n", &g), RC_OK);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.ev[0].ext_id, g.ev[1].ext_id);
	assert_string_not_equal(g.ev[0].ext_id, g.ev[2].ext_id);
	got_free(&g);
	/* A row over the limit. */
	struct rc_import_limits lim = { 64, 0 };
	const char *lng = "occurred_at,authority,note\n2024-01-01,A,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n2024-01-02,B,\n";
	assert_int_equal(run_ex(RC_IMPORT_CSV, lng, strlen(lng), 0, &lim, &g, NULL), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].line, 2);
	got_free(&g);
}

static void test_auto(void **state)
{
	struct got g = { 0 };
	enum rc_import_format f;
	/* A single compact document on one line, then blank lines. */
	const char *one = AE("") "\n\n  \n";
	assert_int_equal(run_ex(RC_IMPORT_AUTO, one, strlen(one), 1, NULL, &g, &f), RC_OK);
	assert_int_equal(f, RC_IMPORT_FHIR);
	assert_int_equal(g.n, 1);
	got_free(&g);
	const char *two = AE("") "\n" AE("");
	assert_int_equal(run_ex(RC_IMPORT_AUTO, two, strlen(two), 2, NULL, &g, &f), RC_OK);
	assert_int_equal(f, RC_IMPORT_NDJSON);
	assert_int_equal(g.n, 2);
	got_free(&g);
	const char *pretty = "{\n \"resourceType\": \"AuditEvent\",\n \"recorded\": \"2024-01-01\"\n}\n";
	assert_int_equal(run_ex(RC_IMPORT_AUTO, pretty, strlen(pretty), 0, NULL, &g, &f), RC_OK);
	assert_int_equal(f, RC_IMPORT_FHIR);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ev[0].raw_len, strlen(pretty) - 1);
	got_free(&g);
	const char *csv = "occurred_at,authority\n2024-01-01,A\n";
	assert_int_equal(run_ex(RC_IMPORT_AUTO, csv, strlen(csv), 0, NULL, &g, &f), RC_OK);
	assert_int_equal(f, RC_IMPORT_CSV);
	assert_int_equal(g.n, 1);
	got_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fhir_examples),
		cmocka_unit_test(test_fhir_examples_mapped),
		cmocka_unit_test(test_r4_pages),
		cmocka_unit_test(test_r5_ndjson),
		cmocka_unit_test(test_raw_is_slice),
		cmocka_unit_test(test_csv_sample),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_half_valid_bundle),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_ndjson_lines),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_fhir_mapping_rules),
		cmocka_unit_test(test_nested_bundle),
		cmocka_unit_test(test_csv_edges),
		cmocka_unit_test(test_auto),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
