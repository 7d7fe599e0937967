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
	uint64_t apart;          /* rc_import_apart of the last run */
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
	g->apart = rc_import_apart(imp);
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
		rc_buf_printf(&b, "%s|%s|%s|%lld|%s|%lld|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%u|%zu|",
			e->source, e->ext_id, e->occurred, (long long)e->occurred_ts, e->recorded,
			(long long)e->recorded_ts, e->authority, e->authority_country, e->authority_type,
			e->role, e->agent, e->system, cats, rc_action_id(e->action),
			rc_outcome_id(e->outcome), e->purpose, e->legal_basis, e->dest, e->dest_country,
			e->origin, e->note, e->organization, e->client, e->patient, e->authorization,
			(unsigned)e->marks, e->raw_len);
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
		unsigned n, n_patient;
		assert_int_equal(sscanf(line, "%255[^\t]\t%7[^\t]\t%15[^\t]\t%u\t%u", file, version,
			kind, &n, &n_patient), 5);
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
		/* Whose record: as many Patient references as count.py found
		 * (the others name the person by identifier); none, marked. */
		unsigned refs = 0;
		for (size_t i = 0; i < a.n; i++) {
			const struct rc_event *e = &a.ev[i];
			refs += e->patient && strncmp(e->patient, "Patient/", 8) == 0;
			assert_int_equal(!e->patient, !!(e->marks & RC_MARK_NO_RECORD));
			assert_null(e->legal_basis);
		}
		if (refs != n_patient)
			fail_msg("%s: %u events name a Patient by reference, expected %u", file, refs,
				n_patient);
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
	assert_int_equal(files, 92);
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
	/* agent.policy: what authorized the agent, not a law. */
	assert_null(e->legal_basis);
	assert_str(e->authorization, "http://consent.com/yes");
	assert_str(e->authority, "That guy everyone wishes would be caught");
	assert_str(e->agent, "SomeIdiot@nowhere");
	assert_str(e->patient, "Patient/example");
	assert_null(e->client);
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
	/* No requestor: the human user acted, the workstation (DICOM
	 * 110153, with a network address) was the client. */
	assert_str(e->authority, "Grahame");
	assert_str(e->client, "urn:oid:2.16.840.1.113883.4.2|2.16.840.1.113883.4.2 "
		"(Workstation1.ehr.familyclinic.com)");
	assert_null(e->patient);
	assert_true(e->marks & RC_MARK_NO_RECORD);
	/* Media: the application used, the disc as the recipient. */
	e = find(&g, "example-media");
	assert_str(e->client, "ExportToMedia.app");
	assert_str(e->dest, "Media title: Hello World");
	assert_str(e->patient, "e3cdfc81a0d24bd^^^&2.16.840.1.113883.4.2&ISO");
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
	assert_str(e->purpose, "treatment (TREAT)");
	assert_str(e->occurred, "2020-04-29T09:49:00Z");
	assert_str(e->patient, "Patient/example");
	e = find(&g, "example-consent-permit-authz");
	assert_str(e->purpose, "treatment (TREAT)");
	assert_str(e->authorization, "Consent/consent-example-basic");
	got_free(&g);
	free(data);

	/* ITI-81 response: an OperationOutcome entry with search.mode=outcome. */
	data = slurp("fhir-examples/r4-ch-atc/Bundle-ch-atc-iti-81-response-sample.json", &len);
	assert_int_equal(run(RC_IMPORT_FHIR, data, len, 0, &g), RC_OK);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.ninv, 0);
	assert_int_equal(g.apart, 1);
	e = find(&g, "1");
	assert_str(e->authority, "Julia Helfe-Gern");
	assert_str(e->role, "Representative");
	assert_str(e->agent, "761322222222222222");
	assert_str(e->purpose, "Normal Access");
	assert_str(e->patient, "urn:oid:2.16.756.5.30.1.127.3.10.3|761337610469261945");
	assert_int_equal(e->action, RC_ACT_CREATE);
	got_free(&g);
	free(data);

	/* CH:ATC: the assistant acted, for her group; the type of every
	 * event is DICOM Export, its own code says what was done. */
	data = slurp("fhir-examples/r4-ch-atc/AuditEvent-atc-doc-read-ass-hpc.json", &len);
	assert_int_equal(run(RC_IMPORT_FHIR, data, len, 0, &g), RC_OK);
	e = &g.ev[0];
	assert_str(e->authority, "Regula Fischer");
	assert_str(e->role, "Assistant");
	assert_str(e->organization, "Labor 1 Bertaspital");
	assert_str(e->purpose, "Emergency Access");
	assert_int_equal(e->action, RC_ACT_READ);
	got_free(&g);
	free(data);
}

/* ------------------------------------------------------------------ */
/* The synthetic samples. */

/* The samples name the officer who acted (requestor, who.display) and
 * the body they act for (an agent pointing to a contained Organization);
 * agent.policy is an authorization, and no legal basis is read. */
static void check_r4_r5_common(const struct rc_event *e, const char *authority,
	const char *organization, const char *country,
	const char *role, const char *agent, const char *system, unsigned cats, enum rc_action act,
	enum rc_outcome out, const char *purpose, const char *authorization)
{
	assert_str(e->authority, authority);
	assert_str(e->organization, organization);
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
	if (authorization)
		assert_str(e->authorization, authorization);
	else
		assert_null(e->authorization);
	assert_null(e->legal_basis);
	assert_str(e->patient, "Patient/eurodac-DE-7F3A-0042");
	assert_null(e->client);
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
	check_r4_r5_common(e, "BPOL-4471", "Bundespolizei", "DE", "border officer", "BPOL-4471",
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
	check_r4_r5_common(e, "ERI-0007", "Immigration and Nationality Department", "ER",
		"immigration officer",
		"ERI-0007", "National AFIS (INPOL-Z)", RC_CAT_FINGERPRINTS | RC_CAT_FACE, RC_ACT_SEARCH,
		RC_OUT_HIT, "Border check", NULL);
	/* A search with no hit. */
	e = find(&g, "ae-00008");
	check_r4_r5_common(e, "EPL-A-55", "Europol", "EU", "analyst", "EPL-A-55", "Eurodac Central System",
		RC_CAT_FINGERPRINTS, RC_ACT_SEARCH, RC_OUT_NOHIT,
		"Prevention, detection or investigation of serious crime",
		"https://eur-lex.europa.eu/eli/reg/2024/1358/oj");
	/* No purpose, no legal basis. */
	e = find(&g, "ae-00009");
	check_r4_r5_common(e, "LPH-9902", "Landespolizei Hamburg", "DE", "patrol officer", "LPH-9902",
		"National AFIS (INPOL-Z)", RC_CAT_FACE, RC_ACT_SEARCH, RC_OUT_HIT, NULL, NULL);
	/* The export to a third country. */
	e = find(&g, "ae-00024");
	check_r4_r5_common(e, "BPOL-7001", "Bundespolizei", "DE", "liaison officer", "BPOL-7001",
		"National AFIS (INPOL-Z)", RC_CAT_FINGERPRINTS | RC_CAT_FACE | RC_CAT_IRIS,
		RC_ACT_EXPORT, RC_OUT_HIT, "Prevention, detection or investigation of serious crime", NULL);
	assert_str(e->dest, "U.S. Department of Homeland Security (IDENT/HART)");
	assert_str(e->dest_country, "US");
	/* A hospital, a read. */
	e = find(&g, "ae-00006");
	check_r4_r5_common(e, "KN-331", "Klinikum Nord Hamburg", "DE", "registration clerk", "KN-331",
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
	check_r4_r5_common(e, "BPOL-4471", "Bundespolizei", "DE", "border officer", "BPOL-4471",
		"Eurodac Central System", RC_CAT_FINGERPRINTS | RC_CAT_FACE, RC_ACT_UPDATE, RC_OUT_HIT,
		"Border check", "https://eur-lex.europa.eu/eli/reg/2024/1358/oj");
	assert_str(e->occurred, "2023-09-04T07:11:58Z");
	assert_str(e->source, "Eurodac Central System @ eu-LISA");
	e = find(&g, "ae5-00024");
	assert_int_equal(e->action, RC_ACT_EXPORT);
	assert_str(e->dest, "U.S. Department of Homeland Security (IDENT/HART)");
	assert_str(e->dest_country, "US");
	assert_str(e->authority, "BPOL-7001");
	assert_str(e->organization, "Bundespolizei");
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
	/* A resource that is a long string, not an object: the entry was too
	 * big before the string ended, so that is what is told, whether the
	 * string arrives whole or a byte at a time (found by fuzz_fhir). */
	rc_buf_reset(&in);
	rc_buf_printf(&in, "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":\"%.5000s\"},"
		"{\"resource\":%s}]}", big.data + 9 /* the x's */, AE(""));
	for (size_t chunk = 0; chunk < 6000; chunk = chunk ? chunk * 10 : 1) {
		assert_int_equal(run_ex(RC_IMPORT_FHIR, in.data, in.len, chunk, &lim, &g, NULL), RC_OK);
		assert_int_equal(g.n, 1);
		assert_int_equal(g.ninv, 1);
		assert_int_equal(g.inv[0].entry, 1);
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
	/* The organization acted: by its identifier (before the reference),
	 * its country from the contained resource. */
	assert_str(e->authority, "1234");
	assert_null(e->organization);
	assert_str(e->authority_country, "DE");
	assert_null(e->agent); /* an organization has no user id */
	assert_str(e->role, "officer");
	assert_true(rc_text_is_clean(e->authority, strlen(e->authority)));
	assert_int_equal(e->marks, RC_MARK_CONTROL | RC_MARK_NO_RECORD);
	got_free(&g);
	/* Its name, once it is named through the reference alone. */
	in = "{\"resourceType\":\"AuditEvent\",\"id\":\"s2\",\"recorded\":\"2024-01-02T03:04:05Z\","
		"\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"org\",\"name\":\"Bad\xff\xfeName\"}],"
		"\"agent\":[{\"requestor\":true,\"who\":{\"reference\":\"#org\"}}],"
		"\"entity\":[{\"what\":{\"reference\":\"Patient/1\"}}]}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, &g), RC_OK);
	e = &g.ev[0];
	assert_str(e->authority, "Bad\xef\xbf\xbd\xef\xbf\xbdName");
	assert_str(e->patient, "Patient/1");
	assert_int_equal(e->marks, RC_MARK_NOT_UTF8);
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
		"{\"resource\": {\"resourceType\": \"OperationOutcome\", \"id\": \"oo\"}},\n" /* 7: entry 6 not an access */
		"{\"search\": {\"mode\": \"outcome\"}, \"resource\": " AE("") "},\n"    /* 8: entry 7 set apart */
		"{\"fullUrl\": \"urn:x\"},\n"                                            /* 9: entry 8, no resource */
		"{\"resource\": {\"resourceType\": \"AuditEvent\", \"id\": \"last\", \"period\": {\"start\": \"2024-02-29T23:30:00-01:00\"}, \"recorded\": \"2024-03-01T01:00:00Z\"}}\n"
		"]}\n";
	for (size_t chunk = 1; chunk <= 64; chunk *= 4) {
		assert_int_equal(run(RC_IMPORT_AUTO, in, strlen(in), chunk, &g), RC_OK);
		assert_int_equal(g.n, 2);
		assert_string_equal(g.ev[0].ext_id, "x");
		assert_string_equal(g.ev[1].ext_id, "last");
		assert_str(g.ev[1].occurred, "2024-03-01T00:30:00Z");
		assert_int_equal(g.ninv, 5);
		assert_int_equal(g.apart, 1);
		const uint64_t entries[] = { 2, 3, 4, 5, 6 }, lines[] = { 3, 4, 5, 6, 7 };
		for (int i = 0; i < 5; i++) {
			assert_int_equal(g.inv[i].entry, entries[i]);
			assert_int_equal(g.inv[i].line, lines[i]);
		}
		/* The offsets: where each entry starts. */
		assert_int_equal(g.inv[0].offset, (uint64_t)(strstr(in, "42,") - in));
		assert_int_equal(g.inv[1].offset, (uint64_t)(strstr(in, "{\"resource\": {\"id\"") - in));
		assert_non_null(strstr(g.inv[2].message, "time"));
		assert_non_null(strstr(g.inv[3].message, "date"));
		assert_string_equal(g.inv[4].message, "The entry holds a resource of type OperationOutcome, not an AuditEvent.");
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
		"{\"resourceType\":\"Patient\"}\n" /* not an access: invalid */
		AE("") " " AE("") "\n"             /* two values */
		"7\n"
		AE("");                            /* no newline at the end */
	assert_int_equal(run(RC_IMPORT_AUTO, in, strlen(in), 3, &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ev[0].raw_len, strlen(AE("")));
	assert_memory_equal(g.ev[0].raw, AE(""), g.ev[0].raw_len);
	assert_int_equal(g.ninv, 4);
	assert_int_equal(g.inv[0].line, 3);
	assert_int_equal(g.inv[0].offset, (uint64_t)(strstr(in, "[1]") - in));
	assert_int_equal(g.inv[1].line, 4);
	assert_string_equal(g.inv[1].message, "The line holds a resource of type Patient, not an AuditEvent.");
	assert_int_equal(g.inv[1].entry, 3);
	assert_int_equal(g.inv[2].line, 5);
	assert_non_null(strstr(g.inv[2].message, "more than one"));
	assert_int_equal(g.inv[3].line, 6);
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
	assert_str(e->authority, "Officer X");
	assert_str(e->organization, "Grenzpolizei");
	assert_str(e->role, "Border officer");
	assert_null(e->agent); /* no identifier: no user id */
	assert_null(e->dest);
	assert_str(e->client, "client app");
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

/* ------------------------------------------------------------------ */
/* Issue 14: map by the definitions (FHIR R4/R5 AuditEvent, IHE BALP).
 * Each test here failed on the mapping before it. */

#define AE1(body) "{\"resourceType\":\"AuditEvent\",\"id\":\"e\",\"recorded\":\"2024-01-02T03:04:05Z\"," body "}"
#define DCM "\"system\":\"http://dicom.nema.org/resources/ontology/DCM\""

/* One event from one document. */
static const struct rc_event *one(const char *in, struct got *g)
{
	memset(g, 0, sizeof *g);
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, g), RC_OK);
	if (g->n != 1 || g->ninv)
		fail_msg("%zu events, %zu invalid (%s)", g->n, g->ninv, g->ninv ? g->inv[0].message : "");
	return &g->ev[0];
}

/* Who acted, given only by who.reference; the organisation they act
 * for (an Organization agent, a PractitionerRole, OnBehalfOf). */
static void test_who_by_reference(void **state)
{
	struct got g;
	const struct rc_event *e = one(AE1(
		"\"agent\":[{\"type\":{\"coding\":[{" DCM ",\"code\":\"110153\"}]},\"who\":{\"display\":\"server.example\"},\"requestor\":false},"
		"{\"who\":{\"reference\":\"Practitioner/p7\"},\"requestor\":true},"
		"{\"who\":{\"reference\":\"Organization/o3\"}}]"), &g);
	assert_str(e->authority, "Practitioner/p7");
	assert_str(e->organization, "Organization/o3");
	assert_null(e->agent);
	got_free(&g);

	e = one(AE1(
		"\"contained\":[{\"resourceType\":\"PractitionerRole\",\"id\":\"pr\",\"practitioner\":{\"display\":\"Dr. A\"},"
		"\"organization\":{\"reference\":\"#o\"}},"
		"{\"resourceType\":\"Organization\",\"id\":\"o\",\"name\":\"Ausl\xc3\xa4nderbeh\xc3\xb6rde K\xc3\xb6ln\","
		"\"type\":[{\"text\":\"immigration office\"}],\"address\":[{\"country\":\"de\"}]}],"
		"\"agent\":[{\"who\":{\"reference\":\"#pr\"},\"requestor\":true,\"altId\":\"u-17\"}]"), &g);
	assert_str(e->authority, "Dr. A");
	assert_str(e->organization, "Ausl\xc3\xa4nderbeh\xc3\xb6rde K\xc3\xb6ln");
	assert_str(e->authority_country, "DE");
	assert_str(e->authority_type, "immigration office");
	assert_str(e->agent, "u-17");
	got_free(&g);

	/* A contained Practitioner by its HumanName; an identifier before a
	 * reference; R5's OnBehalfOf extension. */
	e = one(AE1(
		"\"contained\":[{\"resourceType\":\"Practitioner\",\"id\":\"p\",\"name\":[{\"family\":\"Okafor\",\"given\":[\"Ada\",\"N.\"]}]}],"
		"\"agent\":[{\"who\":{\"reference\":\"#p\"},\"requestor\":true,"
		"\"extension\":[{\"valueReference\":{\"display\":\"Border Agency\"},"
		"\"url\":\"http://hl7.org/fhir/StructureDefinition/auditevent-OnBehalfOf\"},"
		"{\"url\":\"http://hl7.org/fhir/StructureDefinition/auditevent-AlternativeUserID\",\"valueIdentifier\":{\"value\":\"ao-1\"}}]}]"), &g);
	assert_str(e->authority, "Ada Okafor");
	assert_str(e->organization, "Border Agency");
	assert_str(e->agent, "ao-1");
	got_free(&g);
	e = one(AE1("\"agent\":[{\"who\":{\"reference\":\"Device/d1\",\"identifier\":{\"system\":\"urn:x\",\"value\":\"7\"}},\"requestor\":true}]"), &g);
	assert_str(e->authority, "urn:x|7");
	got_free(&g);
	e = one(AE1("\"agent\":[{\"who\":{\"reference\":\"https://x.example/fhir/Device/d1\"},\"requestor\":true}]"), &g);
	assert_str(e->authority, "https://x.example/fhir/Device/d1");
	got_free(&g);
}

/* The client machine is the client, whatever DICOM role says it (the
 * source of a create, the destination of a read, an application); the
 * server never acted. */
static void test_client(void **state)
{
	struct got g;
	const char *kinds[][3] = {
		/* code of the client, code of the server, action */
		{ "110153", "110152", "create" },
		{ "110150", "custodian", "delete" },
		{ "110152", "110153", "read" },
	};
	for (int i = 0; i < 3; i++) {
		char in[1024];
		snprintf(in, sizeof in, AE1(
			"\"subtype\":[{\"system\":\"http://hl7.org/fhir/restful-interaction\",\"code\":\"%s\"}],"
			"\"agent\":[{\"type\":{\"coding\":[{\"system\":\"%s\",\"code\":\"%s\"}]},\"who\":{\"reference\":\"Device/server\"},"
			"\"network\":{\"address\":\"https://registry.example/fhir\"}},"
			"{\"type\":{\"coding\":[{" DCM ",\"code\":\"%s\"}]},\"who\":{\"display\":\"clinic-pc-4\"},"
			"\"network\":{\"address\":\"10.0.0.4\"}}]"), kinds[i][2],
			kinds[i][1][0] == 'c' ? "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
				: "http://dicom.nema.org/resources/ontology/DCM", kinds[i][1], kinds[i][0]);
		const struct rc_event *e = one(in, &g);
		assert_str(e->client, "clinic-pc-4 (10.0.0.4)");
		/* No person: the client acted. */
		assert_str(e->authority, "clinic-pc-4");
		assert_null(e->agent);
		assert_null(e->role);
		got_free(&g);
	}
	/* With a user: the user acted, the server (the source of a read)
	 * is neither the actor nor the client. */
	const struct rc_event *e = one(AE1(
		"\"subtype\":[{\"system\":\"http://hl7.org/fhir/restful-interaction\",\"code\":\"read\"}],"
		"\"agent\":[{\"type\":{\"coding\":[{" DCM ",\"code\":\"110153\"}]},\"who\":{\"display\":\"registry\"}},"
		"{\"type\":{\"coding\":[{" DCM ",\"code\":\"110152\"}]},\"who\":{\"display\":\"clinic-pc-4\"}},"
		"{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
		"\"who\":{\"display\":\"Nurse D\"}}]"), &g);
	assert_str(e->authority, "Nurse D");
	assert_str(e->client, "clinic-pc-4");
	assert_str(e->role, "information recipient (IRCP)");
	got_free(&g);
}

/* agent.policy holds a token id or a policy: an authorization, never a
 * legal basis (no AuditEvent element holds one). */
static void test_policy_not_law(void **state)
{
	struct got g;
	const struct rc_event *e = one(AE1(
		"\"agent\":[{\"who\":{\"display\":\"u\"},\"requestor\":true,\"policy\":[\"XC4WdYS0W5bjsMGc5Ue6tClD_5U\"]}]"), &g);
	assert_str(e->authorization, "XC4WdYS0W5bjsMGc5Ue6tClD_5U");
	assert_null(e->legal_basis);
	got_free(&g);
	e = one(AE1(
		"\"agent\":[{\"who\":{\"display\":\"u\"},\"requestor\":true}],"
		"\"entity\":[{\"what\":{\"reference\":\"Consent/c9\"},\"type\":{\"system\":\"http://hl7.org/fhir/resource-types\",\"code\":\"Consent\"}}]"), &g);
	assert_str(e->authorization, "Consent/c9");
	assert_null(e->legal_basis);
	got_free(&g);
}

/* Purposes and roles coded, not written out: by their meaning. */
static void test_codes_in_words(void **state)
{
	struct got g;
	const struct rc_event *e = one(AE1(
		"\"purposeOfEvent\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"PATRQT\"}]}],"
		"\"agent\":[{\"requestor\":true,\"who\":{\"display\":\"H\"},"
		"\"role\":[{\"coding\":[{\"system\":\"urn:oid:2.16.756.5.30.1.127.3.10.6\",\"code\":\"HCP\"}]}]}]"), &g);
	assert_str(e->purpose, "patient requested (PATRQT)");
	assert_str(e->role, "healthcare professional (HCP)");
	got_free(&g);
	/* The user's purposes, several; a display; R5 authorization. */
	e = one(AE1(
		"\"agent\":[{\"requestor\":true,\"who\":{\"display\":\"H\"},\"purposeOfUse\":["
		"{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"TREAT\"}]},"
		"{\"coding\":[{\"system\":\"urn:oid:2.16.756.5.30.1.127.3.10.5\",\"code\":\"NORM\",\"display\":\"Normal Access\"}]}]}]"), &g);
	assert_str(e->purpose, "treatment (TREAT); Normal Access");
	got_free(&g);
	e = one(AE1("\"authorization\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"PUBHLTH\"}]}]"), &g);
	assert_str(e->purpose, "public health (PUBHLTH)");
	got_free(&g);
	/* A code is looked up in its own system only; unknown, it stays. */
	e = one(AE1("\"purposeOfEvent\":[{\"coding\":[{\"code\":\"TREAT\"}]},{\"coding\":[{\"system\":\"urn:x\",\"code\":\"PATRQT\"}]}]"), &g);
	assert_str(e->purpose, "TREAT; PATRQT");
	got_free(&g);
	/* Of several codings, the one whose meaning is known. */
	e = one(AE1("\"agent\":[{\"requestor\":true,\"who\":{\"display\":\"H\"},\"type\":{\"coding\":["
		"{\"system\":\"urn:local\",\"code\":\"X1\"},"
		"{\"system\":\"https://profiles.ihe.net/ITI/BALP/CodeSystem/UserAgentTypes\",\"code\":\"UserSamlAgent\"}]}}]"), &g);
	assert_str(e->role, "user (SAML token) (UserSamlAgent)");
	got_free(&g);
}

/* The custodian is never who acted, even when the actor has only a name. */
static void test_custodian_never_actor(void **state)
{
	struct got g;
	const struct rc_event *e = one(AE1(
		"\"agent\":[{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/provenance-participant-type\",\"code\":\"custodian\"}]},"
		"\"who\":{\"display\":\"Registry Operator\"}},"
		"{\"name\":\"Inspector C\",\"requestor\":true}]"), &g);
	assert_str(e->authority, "Inspector C");
	got_free(&g);
}

/* DICOM 110107 Import is no export; the destination of an import is the
 * system that recorded it, not an onward recipient. */
static void test_import_not_export(void **state)
{
	struct got g;
	const struct rc_event *e = one(AE1(
		"\"type\":{" DCM ",\"code\":\"110107\",\"display\":\"Import\"},"
		"\"subtype\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle\",\"code\":\"disclose\"}],"
		"\"action\":\"C\","
		"\"agent\":[{\"type\":{\"coding\":[{" DCM ",\"code\":\"110153\"}]},\"who\":{\"display\":\"sender.example\"},\"network\":{\"address\":\"10.1.1.1\"}},"
		"{\"type\":{\"coding\":[{" DCM ",\"code\":\"110152\"}]},\"who\":{\"display\":\"us\"}},"
		"{\"who\":{\"reference\":\"Patient/p\"},\"requestor\":true}]"), &g);
	assert_int_equal(e->action, RC_ACT_CREATE);
	assert_null(e->dest);
	assert_null(e->client);
	got_free(&g);
	/* Export stays export. */
	e = one(AE1(
		"\"type\":{" DCM ",\"code\":\"110106\"},"
		"\"agent\":[{\"who\":{\"display\":\"u\"},\"requestor\":true},"
		"{\"type\":{\"coding\":[{" DCM ",\"code\":\"110152\"}]},\"who\":{\"display\":\"Third Country Agency\"}}]"), &g);
	assert_int_equal(e->action, RC_ACT_EXPORT);
	assert_str(e->dest, "Third Country Agency");
	got_free(&g);
}

/* Whose record: kept for each event, and its absence marked. */
static void test_patient(void **state)
{
	struct got g = { 0 };
	const char *in = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
		"{\"resource\":" AE1("\"entity\":[{\"what\":{\"reference\":\"List/l\"}},"
			"{\"what\":{\"reference\":\"Patient/A\"},\"role\":{\"system\":\"http://terminology.hl7.org/CodeSystem/object-role\",\"code\":\"1\"}}]") "},"
		"{\"resource\":" AE1("\"entity\":[{\"what\":{\"identifier\":{\"system\":\"urn:oid:2.16.756.5.30.1.127.3.10.3\",\"value\":\"761\"}},"
			"\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/object-role\",\"code\":\"1\"}]}}]") "},"
		"{\"resource\":" AE1("\"patient\":{\"reference\":\"Patient/C\"},\"entity\":[{\"what\":{\"reference\":\"Patient/D\"}}]") "},"
		"{\"resource\":" AE1("\"entity\":[{\"what\":{\"reference\":\"https://r.example/fhir/Patient/E\"}}]") "},"
		"{\"resource\":" AE1("\"entity\":[{\"what\":{\"reference\":\"Device/x\"}}]") "}]}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, &g), RC_OK);
	assert_int_equal(g.n, 5);
	assert_str(g.ev[0].patient, "Patient/A");
	assert_str(g.ev[1].patient, "urn:oid:2.16.756.5.30.1.127.3.10.3|761");
	assert_str(g.ev[2].patient, "Patient/C");
	assert_str(g.ev[3].patient, "https://r.example/fhir/Patient/E");
	assert_null(g.ev[4].patient);
	for (int i = 0; i < 4; i++)
		assert_false(g.ev[i].marks & RC_MARK_NO_RECORD);
	assert_true(g.ev[4].marks & RC_MARK_NO_RECORD);
	got_free(&g);
}

/* Hostile input: refused with a message naming the entry, or kept with a
 * visible mark; never silently changed; raw as received. */
static void test_hostile(void **state)
{
	struct got g = { 0 };
	/* A searchset whose entry is an object: the document is refused. */
	const char *in = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":{\"resource\":" AE("") "}}";
	for (size_t chunk = 1; chunk <= 64; chunk *= 8) {
		assert_int_equal(run(RC_IMPORT_AUTO, in, strlen(in), chunk, &g), RC_INVALID);
		assert_int_equal(g.n, 0);
		assert_int_equal(g.ninv, 1);
		assert_non_null(strstr(g.inv[0].message, "\"entry\" is not a list"));
		got_free(&g);
	}
	/* The same with entry before resourceType, and entry a string. */
	in = "{\"entry\":{},\"resourceType\":\"Bundle\"}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	got_free(&g);
	in = "{\"resourceType\":\"Bundle\",\"entry\":\"none\"}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, &g), RC_INVALID);
	got_free(&g);
	/* In an entry: that entry is invalid, the others are read. */
	in = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Bundle\",\"entry\":{}}},"
		"{\"resource\":" AE("") "}]}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].entry, 1);
	got_free(&g);
	/* An AuditEvent's own "entry" key means nothing. */
	assert_int_equal(run_str(RC_IMPORT_FHIR, AE(",\"entry\":{}"), &g), RC_OK);
	assert_int_equal(g.n, 1);
	got_free(&g);

	/* NDJSON: a line of another type is an invalid entry naming it. */
	in = AE("") "\n{\"resourceType\":\"OperationOutcome\"}\n{\"resourceType\":\"Bundle\",\"entry\":[]}\n"
		"{\"resourceType\":\"Not a type!\"}\n";
	assert_int_equal(run_str(RC_IMPORT_NDJSON, in, &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 3);
	assert_string_equal(g.inv[0].message, "The line holds a resource of type OperationOutcome, not an AuditEvent.");
	assert_string_equal(g.inv[1].message, "The line holds a resource of type Bundle, not an AuditEvent.");
	assert_string_equal(g.inv[2].message, "The line holds a resource that is not an AuditEvent.");
	got_free(&g);

	/* A searchset's OperationOutcome: set apart, counted, no error;
	 * an included Patient the same. */
	in = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
		"{\"resource\":" AE("") ",\"search\":{\"mode\":\"match\"}},"
		"{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p\"},\"search\":{\"mode\":\"include\"}},"
		"{\"resource\":{\"resourceType\":\"OperationOutcome\",\"id\":\"oo\"},\"search\":{\"mode\":\"outcome\"}}]}";
	assert_int_equal(run_str(RC_IMPORT_FHIR, in, &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 0);
	assert_int_equal(g.apart, 2);
	got_free(&g);

	/* A period that ends before it starts. */
	in = "{\"resourceType\":\"AuditEvent\",\"id\":\"p\",\"recorded\":\"2024-01-03T00:00:00Z\","
		"\"period\":{\"start\":\"2024-01-02T10:00:00Z\",\"end\":\"2024-01-02T09:59:59Z\"}}\n"
		"{\"resourceType\":\"AuditEvent\",\"id\":\"q\",\"recorded\":\"2024-01-03T00:00:00Z\","
		"\"occurredPeriod\":{\"start\":\"2024-01-02T10:00:00+01:00\",\"end\":\"2024-01-02\"}}\n"
		"{\"resourceType\":\"AuditEvent\",\"id\":\"r\",\"recorded\":\"2024-01-03T00:00:00Z\","
		"\"period\":{\"start\":\"2024-01-02\",\"end\":\"2024-01-01\"}}\n"
		"{\"resourceType\":\"AuditEvent\",\"id\":\"s\",\"recorded\":\"2024-01-03T00:00:00Z\","
		"\"period\":{\"start\":\"2024-01-02\",\"end\":\"soon\"}}\n";
	assert_int_equal(run_str(RC_IMPORT_NDJSON, in, &g), RC_OK);
	assert_int_equal(g.n, 1); /* q: a day alone is the whole day */
	assert_string_equal(g.ev[0].ext_id, "q");
	assert_int_equal(g.ninv, 3);
	assert_string_equal(g.inv[0].message, "The AuditEvent's period ends before it starts.");
	assert_string_equal(g.inv[1].message, "The AuditEvent's period ends before it starts.");
	assert_non_null(strstr(g.inv[2].message, "period end"));
	got_free(&g);

	/* A NUL, a zero-width space, a bidi override: removed and marked. */
	in = AE1("\"agent\":[{\"requestor\":true,\"who\":{\"display\":\"Beamter\\u0000 K\"}},"
		"{\"who\":{\"reference\":\"Organization/1\",\"display\":\"Bundes\\u200bpolizei\"}}],"
		"\"entity\":[{\"what\":{\"reference\":\"Patient/\\u202eA\"}}]");
	const struct rc_event *e = one(in, &g);
	assert_str(e->authority, "Beamter K");
	assert_str(e->organization, "Bundespolizei");
	assert_str(e->patient, "Patient/A");
	assert_int_equal(e->marks, RC_MARK_CONTROL | RC_MARK_INVISIBLE);
	assert_int_equal(e->raw_len, strlen(in));
	assert_memory_equal(e->raw, in, e->raw_len);
	got_free(&g);

	/* 10,000 combining marks; 3,000 bytes of text: cut, marked. */
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, "{\"resourceType\":\"AuditEvent\",\"id\":\"c\",\"recorded\":\"2024-01-02\","
		"\"agent\":[{\"requestor\":true,\"name\":\"Z");
	for (int i = 0; i < 10000; i++)
		rc_buf_addstr(&b, "\xcc\x81");
	rc_buf_addstr(&b, "\",\"role\":[{\"text\":\"");
	for (int i = 0; i < 1500; i++)
		rc_buf_addstr(&b, "\xc3\xa9");
	rc_buf_addstr(&b, "\"}]}],\"entity\":[{\"what\":{\"reference\":\"Patient/1\"}}]}");
	e = one(rc_buf_cstr(&b), &g);
	assert_str(e->authority, "Z\xcc\x81\xcc\x81\xcc\x81\xcc\x81");
	assert_int_equal(strlen(e->role), 1000);
	assert_true(rc_text_is_clean(e->role, strlen(e->role)));
	assert_int_equal(e->marks, RC_MARK_CUT);
	assert_int_equal(e->raw_len, b.len);
	got_free(&g);

	/* An id of 2,000 bytes: not cut short (it is the event's identity),
	 * but kept short with the hash of the whole; two such ids that
	 * differ only at their end stay two events. */
	rc_buf_reset(&b);
	for (int k = 0; k < 2; k++) {
		rc_buf_addstr(&b, "{\"resourceType\":\"AuditEvent\",\"recorded\":\"2024-01-02\",\"id\":\"");
		for (int i = 0; i < 1999; i++)
			rc_buf_add(&b, "a", 1);
		rc_buf_add(&b, k ? "b" : "c", 1);
		rc_buf_addstr(&b, "\"}\n");
	}
	assert_int_equal(run_str(RC_IMPORT_NDJSON, rc_buf_cstr(&b), &g), RC_OK);
	assert_int_equal(g.n, 2);
	for (int k = 0; k < 2; k++) {
		assert_true(strlen(g.ev[k].ext_id) <= 1000);
		assert_true(g.ev[k].marks & RC_MARK_CUT);
	}
	assert_string_not_equal(g.ev[0].ext_id, g.ev[1].ext_id);
	got_free(&g);
	rc_buf_free(&b);

	/* A time without a zone is read as UTC, and marked. */
	e = one("{\"resourceType\":\"AuditEvent\",\"id\":\"t\",\"recorded\":\"2024-01-02T03:04:05\","
		"\"entity\":[{\"what\":{\"reference\":\"Patient/1\"}}]}", &g);
	assert_str(e->occurred, "2024-01-02T03:04:05Z");
	assert_int_equal(e->marks, RC_MARK_NO_TIMEZONE);
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
		cmocka_unit_test(test_who_by_reference),
		cmocka_unit_test(test_client),
		cmocka_unit_test(test_policy_not_law),
		cmocka_unit_test(test_codes_in_words),
		cmocka_unit_test(test_custodian_never_actor),
		cmocka_unit_test(test_import_not_export),
		cmocka_unit_test(test_patient),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_csv_edges),
		cmocka_unit_test(test_auto),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
