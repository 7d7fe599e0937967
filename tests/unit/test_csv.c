/* test_csv.c - the CSV importer on hostile files (issue 14): every case
 * is either refused with a message naming the row (and the column), or
 * kept faithfully with a mark (RC_MARK_*); raw always keeps the bytes.
 * The ordinary CSV cases are in test_import.c. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	enum rc_status st;
};

static enum rc_status on_event(void *ud, struct rc_event *ev)
{
	struct got *g = ud;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->ev = rc_xrealloc(g->ev, g->cap * sizeof *g->ev);
	}
	g->ev[g->n++] = *ev;
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

static enum rc_status import_into(enum rc_import_format fmt, const char *data, size_t len,
	size_t chunk, struct got *g)
{
	struct rc_import *imp = rc_import_new(fmt, "letters.csv", NULL, on_event, on_invalid, g);
	enum rc_status st = RC_OK;
	if (!chunk)
		chunk = len ? len : 1;
	for (size_t i = 0; i < len && st == RC_OK; i += chunk)
		st = rc_import_feed(imp, data + i, len - i < chunk ? len - i : chunk);
	if (st == RC_OK)
		st = rc_import_finish(imp);
	rc_import_free(&imp);
	g->st = st;
	return st;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Imports len bytes of data as CSV whole, then byte by byte, and checks
 * that both give the same events (fields, marks, raw) and problems. */
static enum rc_status run_len(const char *data, size_t len, struct got *g)
{
	struct got h = { 0 };
	enum rc_status st = import_into(RC_IMPORT_CSV, data, len, 0, g);
	assert_int_equal(import_into(RC_IMPORT_CSV, data, len, 1, &h), st);
	assert_int_equal(h.n, g->n);
	assert_int_equal(h.ninv, g->ninv);
	for (size_t i = 0; i < g->n; i++) {
		const struct rc_event *a = &g->ev[i], *b = &h.ev[i];
		assert_true(same(a->ext_id, b->ext_id) && same(a->occurred, b->occurred));
		assert_true(same(a->authority, b->authority) && same(a->note, b->note));
		assert_int_equal(a->marks, b->marks);
		assert_int_equal(a->raw_len, b->raw_len);
		assert_memory_equal(a->raw, b->raw, a->raw_len);
		/* raw is the row's bytes, a slice of the input */
		assert_non_null(memmem(data, len, a->raw, a->raw_len));
	}
	for (size_t i = 0; i < g->ninv; i++) {
		assert_int_equal(h.inv[i].entry, g->inv[i].entry);
		assert_int_equal(h.inv[i].line, g->inv[i].line);
		assert_string_equal(h.inv[i].message, g->inv[i].message);
	}
	got_free(&h);
	return st;
}

static enum rc_status run(const char *s, struct got *g)
{
	return run_len(s, strlen(s), g);
}

#define assert_str(a, b) do { \
		const char *a_ = (a); \
		if (!a_) \
			fail_msg("%s is NULL, wanted \"%s\"", #a, (b)); \
		assert_string_equal(a_, (b)); \
	} while (0)

#define assert_has(msg, part) do { \
		if (!strstr((msg), (part))) \
			fail_msg("\"%s\" is not in the message: %s", (part), (msg)); \
	} while (0)

static void assert_marks(const struct rc_event *e, uint32_t want)
{
	if (e->marks != want)
		fail_msg("marks are 0x%x, wanted 0x%x", (unsigned)e->marks, (unsigned)want);
}

/* The template's columns (data/templates/access-log-template.csv). */
#define HEADER "occurred_at,authority,authority_country,role,system,action,data_categories," \
	"purpose,legal_basis,outcome,source_document,note\n"

/* ------------------------------------------------------------------ */
/* 1. A NUL inside a value is left out, the rest kept, with a mark. */

static void test_nul(void **state)
{
	static const char in[] =
		"occurred_at,authority,note\n"
		"2024-03-01,Bundes\0polizei,before\0after\n"
		"2024-03-01\0,BfDI,x\n"               /* after the date */
		"2024-03\0-05,BfDI,y\n"               /* inside the date */
		"2024-03-01\0junk,BfDI,z\n"           /* not a date once the NUL is out */
		"2024-03-01,BfDI,plain\n";
	struct got g = { 0 };
	assert_int_equal(run_len(in, sizeof in - 1, &g), RC_OK);
	assert_int_equal(g.n, 4);
	assert_str(g.ev[0].authority, "Bundespolizei");
	assert_str(g.ev[0].note, "beforeafter");
	assert_marks(&g.ev[0], RC_MARK_CONTROL);
	assert_str(g.ev[1].occurred, "2024-03-01");
	assert_marks(&g.ev[1], RC_MARK_CONTROL);
	assert_str(g.ev[2].occurred, "2024-03-05");
	assert_marks(&g.ev[2], RC_MARK_CONTROL);
	assert_str(g.ev[3].note, "plain");
	assert_marks(&g.ev[3], 0);
	/* raw keeps the NUL */
	const char *row = in + strlen("occurred_at,authority,note\n");
	assert_int_equal(g.ev[0].raw_len, strlen("2024-03-01,Bundes") + 1 + strlen("polizei,before") + 1 + strlen("after"));
	assert_memory_equal(g.ev[0].raw, row, g.ev[0].raw_len);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].entry, 4);
	assert_int_equal(g.inv[0].line, 5);
	assert_has(g.inv[0].message, "occurred_at");
	got_free(&g);
}

/* ------------------------------------------------------------------ */
/* 2. Bytes that are not UTF-8 (a file saved as Latin-1 or Windows-1252)
 * are shown as U+FFFD with a mark; nothing is guessed or converted. */

static void test_not_utf8(void **state)
{
	const char *in =
		"occurred_at,authority,role,note\n"
		"2024-02-12,Pr\xE9" "fecture de police,agent de guichet,\x93titre de s\xE9jour\x94\n"
		"2024-02-13,Garante,,ok\n"
		"2024-02-14,Pr\xC3\xA9" "fecture de police,,\n"; /* the same in UTF-8 */
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.ninv, 0);
	assert_str(g.ev[0].authority, "Pr\xEF\xBF\xBD" "fecture de police");
	assert_str(g.ev[0].note, "\xEF\xBF\xBDtitre de s\xEF\xBF\xBDjour\xEF\xBF\xBD");
	assert_marks(&g.ev[0], RC_MARK_NOT_UTF8);
	assert_marks(&g.ev[1], 0);
	assert_str(g.ev[2].authority, "Pr\xC3\xA9" "fecture de police");
	assert_marks(&g.ev[2], 0);
	/* The original bytes stay in raw. */
	assert_non_null(memmem(g.ev[0].raw, g.ev[0].raw_len, "Pr\xE9" "fecture", 10));
	got_free(&g);
}

/* ------------------------------------------------------------------ */
/* 3. A time without a zone: read as UTC, marked. */

static void test_no_timezone(void **state)
{
	const char *in =
		"occurred_at,authority\n"
		"2024-02-12T10:40:00,Bundespolizei\n"
		"2024-02-12 10:40,Bundespolizei\n"
		"2024-02-12T10:40:00+01:00,Bundespolizei\n"
		"2024-02-12T10:40:00Z,Bundespolizei\n"
		"2024-02-12,Bundespolizei\n";
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 5);
	assert_str(g.ev[0].occurred, "2024-02-12T10:40:00Z");
	assert_true(g.ev[0].occurred_ts == 1707734400);
	assert_marks(&g.ev[0], RC_MARK_NO_TIMEZONE);
	assert_marks(&g.ev[1], RC_MARK_NO_TIMEZONE);
	assert_str(g.ev[2].occurred, "2024-02-12T09:40:00Z");
	assert_marks(&g.ev[2], 0);
	assert_marks(&g.ev[3], 0);
	assert_str(g.ev[4].occurred, "2024-02-12");
	assert_marks(&g.ev[4], 0); /* a day alone has no time to be off */
	got_free(&g);
}

/* ------------------------------------------------------------------ */
/* 4. A row with fewer or more values than the header is refused, never
 * read by position. */

static void test_field_count(void **state)
{
	const char *in = HEADER
		/* legal_basis left out: "no hit" would land in legal_basis and
		 * the source document in outcome */
		"2024-03-01,Bundespolizei,DE,Grenzbeamter,SIS,search,fingerprints,border check,no hit,BfDI p.4,note\n"
		/* one value too many: an unquoted comma in the legal basis */
		"2024-03-01,Bundespolizei,DE,Grenzbeamter,SIS,search,fingerprints,border check,Regulation (EU) 2018/1861, Art. 33,no hit,BfDI p.4,\n"
		/* an empty value too many (a trailing comma) */
		"2024-03-01,Bundespolizei,DE,,SIS,search,,,,,,,\n"
		/* quoted values with commas and line breaks: 12 values */
		"2024-03-01,\"Bundespolizei, Abt. 2\",DE,\"Grenz-\r\nbeamter\",SIS,search,\"fingerprints,face-image\","
		"border check,\"Regulation (EU) 2018/1861, Art. 33\",no hit,\"BfDI, p.4\",\"line 1\nline 2\"\n"
		/* a spreadsheet's empty row: skipped */
		",,,,,,,,,,,\n"
		"  ,\t,\n"
		/* a single value */
		"2024-03-01\n";
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 1);
	const struct rc_event *e = &g.ev[0];
	assert_str(e->authority, "Bundespolizei, Abt. 2");
	assert_str(e->role, "Grenz- beamter"); /* a line break in a one-line value: a space */
	assert_int_equal(e->categories, RC_CAT_FINGERPRINTS | RC_CAT_FACE);
	assert_str(e->legal_basis, "Regulation (EU) 2018/1861, Art. 33");
	assert_int_equal(e->outcome, RC_OUT_NOHIT);
	assert_str(e->origin, "letters.csv: BfDI, p.4");
	assert_str(e->note, "line 1\nline 2");
	assert_marks(e, 0);
	assert_int_equal(g.ninv, 4);
	const uint64_t lines[] = { 2, 3, 4, 10 }, entries[] = { 1, 2, 3, 5 };
	const char *counts[][2] = { { "11", "12" }, { "13", "12" }, { "13", "12" }, { "1", "12" } };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(g.inv[i].line, lines[i]);
		assert_int_equal(g.inv[i].entry, entries[i]);
		assert_has(g.inv[i].message, counts[i][0]);
		assert_has(g.inv[i].message, counts[i][1]);
	}
	got_free(&g);
}

/* ------------------------------------------------------------------ */
/* 5. A leap second in occurred_at. */

static void test_leap_second(void **state)
{
	const char *in =
		"occurred_at,authority\n"
		"2016-12-31T23:59:60Z,Bundespolizei\n"
		"2017-01-01T00:59:60+01:00,Bundespolizei\n"
		"2016-12-31T12:59:60Z,Bundespolizei\n"   /* not a leap second */
		"2016-12-31T24:00:00Z,Bundespolizei\n";  /* refused */
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_str(g.ev[0].occurred, "2016-12-31T23:59:60Z");
	assert_true(g.ev[0].occurred_ts == 1483228800);
	assert_string_equal(g.ev[0].ext_id, g.ev[1].ext_id); /* the same second */
	assert_int_equal(g.ninv, 2);
	assert_int_equal(g.inv[0].line, 4);
	assert_int_equal(g.inv[1].line, 5);
	assert_has(g.inv[0].message, "occurred_at");
	got_free(&g);
}

/* ------------------------------------------------------------------ */
/* 6. A period: the CSV has no end column (the template has occurred_at
 * only); a period written in occurred_at, ending before it starts or
 * not, is refused with a message saying so. */

static void test_period(void **state)
{
	const char *in =
		"occurred_at,authority\n"
		"2024-03-05/2024-03-01,Bundespolizei\n"
		"2024-03-01/2024-03-05,Bundespolizei\n"
		"2024-03-01T10:00:00Z/P1D,Bundespolizei\n"
		"01/03/2024,Bundespolizei\n";             /* a date, not a period */
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 4);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(g.inv[i].line, (uint64_t)i + 2);
		assert_has(g.inv[i].message, "period");
	}
	assert_has(g.inv[3].message, "not a valid date");
	got_free(&g);
}

/* ------------------------------------------------------------------ */
/* 7. Invisible characters, bidi controls, runs of accents, long values. */

static void test_invisible(void **state)
{
	const char *in =
		"occurred_at,authority,authority_country,note\n"
		"2024-03-01,Bundespolizei,DE,x\n"
		"2024-03-01,Bundes\xE2\x80\x8Bpolizei,D\xE2\x80\x8D" "E,x\n"   /* ZWSP, ZWJ */
		"2024-03-01,\xEF\xBB\xBF" "Bundespolizei\xC2\xAD,de,x\n"       /* BOM, soft hyphen */
		"2024-03-01,Bundes\xE2\x80\xAEpolizei,DE,x\n"                  /* RLO */
		"\xE2\x80\x8B" "2024-03-01,Garante,IT,x\n";                     /* in the date */
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.ninv, 0);
	assert_marks(&g.ev[0], 0);
	for (int i = 1; i < 4; i++) {
		assert_str(g.ev[i].authority, "Bundespolizei");
		assert_str(g.ev[i].authority_country, "DE");
		/* the same authority, so the same access as the first row */
		assert_string_equal(g.ev[i].ext_id, g.ev[0].ext_id);
	}
	assert_marks(&g.ev[1], RC_MARK_INVISIBLE);
	assert_marks(&g.ev[2], RC_MARK_INVISIBLE);
	assert_marks(&g.ev[3], RC_MARK_CONTROL);
	assert_str(g.ev[4].occurred, "2024-03-01");
	assert_marks(&g.ev[4], RC_MARK_INVISIBLE);
	got_free(&g);
}

static void test_long_values(void **state)
{
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, "occurred_at,authority,note,legal_basis\n");
	/* 1: an authority with 10,000 combining marks on one letter */
	rc_buf_addstr(&b, "2024-03-01,Bundespolize");
	for (int i = 0; i < 10000; i++)
		rc_buf_addstr(&b, "\xCC\x81");
	rc_buf_addstr(&b, "i,,\n");
	/* 2: a note of 5,000 bytes of two-byte letters */
	rc_buf_addstr(&b, "2024-03-01,BfDI,");
	for (int i = 0; i < 2500; i++)
		rc_buf_addstr(&b, "\xC3\xA9");
	rc_buf_addstr(&b, ",\n");
	/* 3 and 4: the same long legal basis, differing only at the end;
	 * a letter with its accent (e + U+0301) across byte 1000 */
	for (int k = 0; k < 2; k++) {
		rc_buf_addstr(&b, "2024-03-01,BfDI,,");
		for (int i = 0; i < 334; i++) /* the 334th e at byte 999, its accent at 1000 */
			rc_buf_addstr(&b, "e\xCC\x81");
		rc_buf_addstr(&b, k ? "tail one\n" : "tail two\n");
	}
	/* 5: exactly 1,000 bytes: kept whole */
	rc_buf_addstr(&b, "2024-03-01,BfDI,");
	for (int i = 0; i < 1000; i++)
		rc_buf_add(&b, "n", 1);
	rc_buf_addstr(&b, ",\n");
	struct got g = { 0 };
	assert_int_equal(run_len(b.data, b.len, &g), RC_OK);
	assert_int_equal(g.n, 5);
	assert_int_equal(g.ninv, 0);

	const struct rc_event *e = &g.ev[0];
	assert_str(e->authority, "Bundespolize\xCC\x81\xCC\x81\xCC\x81\xCC\x81i");
	assert_marks(e, RC_MARK_CUT);
	assert_true(e->raw_len > 20000); /* raw keeps every mark */

	e = &g.ev[1];
	size_t n = strlen(e->note);
	assert_true(n <= 1000 + 3);
	assert_memory_equal(e->note + n - 3, "\xE2\x80\xA6", 3);
	assert_true(rc_text_is_clean(e->note, n));
	assert_int_equal(n, 1000 + 3); /* 500 letters of 2 bytes, then the ellipsis */
	assert_marks(e, RC_MARK_CUT);

	for (int k = 2; k < 4; k++) {
		e = &g.ev[k];
		n = strlen(e->legal_basis);
		/* cut before the whole 334th "e\u0301", never between the e
		 * and its accent */
		assert_int_equal(n, 999 + 3);
		assert_memory_equal(e->legal_basis + n - 5, "\xCC\x81\xE2\x80\xA6", 5);
		assert_marks(e, RC_MARK_CUT);
	}
	assert_string_equal(g.ev[2].legal_basis, g.ev[3].legal_basis);
	/* They differ past the cut: two accesses, not one. */
	assert_string_not_equal(g.ev[2].ext_id, g.ev[3].ext_id);

	e = &g.ev[4];
	assert_int_equal(strlen(e->note), 1000);
	assert_marks(e, 0);
	got_free(&g);
	rc_buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* 8. Other hostile files. */

static void test_bom_crlf(void **state)
{
	const char *in = "\xEF\xBB\xBF" "occurred_at,authority\r\n2024-03-01,BfDI\r\n2024-03-02,\"Gar\r\nante\"\r\n";
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 2);
	assert_str(g.ev[0].authority, "BfDI");
	assert_int_equal(g.ev[0].raw_len, strlen("2024-03-01,BfDI"));
	assert_str(g.ev[1].authority, "Gar ante");
	assert_marks(&g.ev[1], 0);
	got_free(&g);
	/* The same through RC_IMPORT_AUTO. */
	assert_int_equal(import_into(RC_IMPORT_AUTO, in, strlen(in), 1, &g), RC_OK);
	assert_int_equal(g.n, 2);
	got_free(&g);
}

static void test_header(void **state)
{
	struct got g = { 0 };
	/* Unknown columns are left out (their values stay in raw). */
	assert_int_equal(run("occurred_at,page,authority,Seite\n2024-03-01,4,BfDI,4\n", &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_str(g.ev[0].authority, "BfDI");
	got_free(&g);
	/* Blanks or '-' for '_', any case: the same column. */
	assert_int_equal(run("Occurred at,AUTHORITY,Legal Basis,data-categories\n2024-03-01,BfDI,Art. 6,iris\n", &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_str(g.ev[0].legal_basis, "Art. 6");
	assert_int_equal(g.ev[0].categories, RC_CAT_IRIS);
	got_free(&g);
	/* A name close to a known one would lose its values: refused. */
	static const char *const typos[][2] = {
		{ "occurred_at,authority,legal_basi\n", "legal_basis" },
		{ "occurred_at,authority,legalbasis\n", "legal_basis" },
		{ "occurred_at,authority,notes\n", "note" },
		{ "ocurred_at,authority\n", "occurred_at" },
		{ "occurred_at,authority,outcomes\n", "outcome" },
		/* a part of a name: whose country, which type? */
		{ "occurred_at,authority,Country\n", "authority_country" },
		{ "occurred_at,authority,type\n", "authority_type" },
		{ "occurred_at,authority,basis\n", "legal_basis" },
		{ "occurred_at,authority,categories\n", "data_categories" },
		{ "occurred_at,authority,source\n", "source_document" },
	};
	for (size_t i = 0; i < sizeof typos / sizeof typos[0]; i++) {
		assert_int_equal(run(typos[i][0], &g), RC_INVALID);
		assert_int_equal(g.ninv, 1);
		assert_int_equal(g.inv[0].entry, 0);
		assert_int_equal(g.inv[0].line, 1);
		assert_has(g.inv[0].message, typos[i][1]);
		got_free(&g);
	}
	/* Not close enough to be a typo. */
	assert_int_equal(run("occurred_at,authority,zone,date,text\n2024-03-01,BfDI,a,b,c\n", &g), RC_OK);
	assert_int_equal(g.n, 1);
	got_free(&g);
	/* A column twice, also written differently: refused, named. */
	assert_int_equal(run("# comment\noccurred_at,authority,note,Note\n", &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].line, 2);
	assert_has(g.inv[0].message, "\"note\"");
	got_free(&g);
	assert_int_equal(run("occurred_at,authority,legal basis,legal_basis\n", &g), RC_INVALID);
	assert_has(g.inv[0].message, "legal_basis");
	got_free(&g);
	/* A header name with a NUL or an invisible character in it. */
	static const char nul[] = "occurred_at,autho\0rity\n2024-03-01,BfDI\n";
	assert_int_equal(run_len(nul, sizeof nul - 1, &g), RC_OK);
	assert_int_equal(g.n, 1);
	got_free(&g);
	assert_int_equal(run("occurred_at,autho\xE2\x80\x8Brity\n2024-03-01,BfDI\n", &g), RC_OK);
	assert_int_equal(g.n, 1);
	got_free(&g);
	/* No header: the first access is read as one, and refused. */
	assert_int_equal(run("2024-03-01,BfDI\n", &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	assert_has(g.inv[0].message, "occurred_at");
	got_free(&g);
}

static void test_empty(void **state)
{
	struct got g = { 0 };
	/* An empty file, or one with only a byte order mark. */
	static const char *const empty[] = { "", "\xEF\xBB\xBF" };
	for (int i = 0; i < 2; i++) {
		assert_int_equal(run(empty[i], &g), RC_INVALID);
		assert_int_equal(g.ninv, 1);
		assert_int_equal(g.inv[0].line, 1);
		assert_has(g.inv[0].message, "empty");
		got_free(&g);
	}
	/* Blank lines and comments only: no header. */
	assert_int_equal(run("\n\r\n# nothing\n", &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	assert_has(g.inv[0].message, "first row");
	got_free(&g);
	/* A header only: nothing to import, and nothing wrong. */
	assert_int_equal(run(HEADER, &g), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 0);
	got_free(&g);
	assert_int_equal(run("occurred_at,authority", &g), RC_OK); /* without its line end */
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 0);
	got_free(&g);
}

/* The template as shipped: a header and a comment; its example row,
 * once uncommented, is a valid access without marks. */
static void test_template(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	snprintf(path, sizeof path, "%s/data/templates/access-log-template.csv", top ? top : ".");
	char *data = NULL;
	size_t len = 0;
	if (rc_file_read_all(path, 1 << 20, &data, &len) != RC_OK)
		fail_msg("cannot read %s (is top_srcdir set?)", path);
	struct got g = { 0 };
	assert_int_equal(run_len(data, len, &g), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 0);
	got_free(&g);
	char *hash = strstr(data, "\n# ");
	assert_non_null(hash);
	memmove(hash + 1, hash + 3, len - (size_t)(hash + 3 - data) + 1);
	len -= 2;
	assert_int_equal(run_len(data, len, &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 0);
	assert_str(g.ev[0].occurred, "2024-03-01T09:40:00Z");
	assert_str(g.ev[0].legal_basis, "Regulation (EU) 2018/1861");
	assert_int_equal(g.ev[0].outcome, RC_OUT_NOHIT);
	assert_marks(&g.ev[0], 0);
	got_free(&g);
	free(data);
}

static void test_formula(void **state)
{
	/* Cells a spreadsheet would run are kept as text, as written. */
	const char *in =
		"occurred_at,authority,agent,role,note\n"
		"2024-03-01,\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"BfDI\"\")\",+49 30 1234,@SUM(A1:A9),-2+3\n";
	struct got g = { 0 };
	assert_int_equal(run(in, &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_str(g.ev[0].authority, "=HYPERLINK(\"http://example.invalid\",\"BfDI\")");
	assert_str(g.ev[0].agent, "+49 30 1234");
	assert_str(g.ev[0].role, "@SUM(A1:A9)");
	assert_str(g.ev[0].note, "-2+3");
	assert_marks(&g.ev[0], 0);
	got_free(&g);
}

static void test_quotes(void **state)
{
	struct got g = { 0 };
	/* A quote opened and never closed: the row is reported, with its
	 * column, at the line where it starts. */
	assert_int_equal(run("occurred_at,authority,note\n2024-03-01,BfDI,ok\n2024-03-02,BfDI,\"open\nmore\n", &g), RC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].entry, 2);
	assert_int_equal(g.inv[0].line, 3);
	assert_has(g.inv[0].message, "3");
	assert_has(g.inv[0].message, "not closed");
	got_free(&g);
	/* In the header: the import stops. */
	assert_int_equal(run("occurred_at,\"authority\n", &g), RC_INVALID);
	assert_int_equal(g.ninv, 1);
	assert_int_equal(g.inv[0].entry, 0);
	got_free(&g);
	/* A lone quote inside a quoted value: its column is named. */
	assert_int_equal(run("occurred_at,authority,note\n2024-03-01,BfDI,\"say \"no\" here\"\n", &g), RC_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ninv, 1);
	assert_has(g.inv[0].message, "3");
	got_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_no_timezone),
		cmocka_unit_test(test_field_count),
		cmocka_unit_test(test_leap_second),
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_formula),
		cmocka_unit_test(test_quotes),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
