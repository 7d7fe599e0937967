/* test_flags.c - each flag on its own, with events that must and must not
 * raise it; the texts; the burst detector against a brute-force count. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

/* ------------------------------------------------------------------ */
/* Helpers: events built by hand (the event model is tested elsewhere). */

static void ev_init(struct rc_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->occurred_ts = RC_TS_UNKNOWN;
	ev->recorded_ts = RC_TS_UNKNOWN;
}

static void set(char **field, const char *v)
{
	free(*field);
	*field = v ? rc_xstrdup(v) : NULL;
}

static void ev_free(struct rc_event *ev)
{
	char **fields[] = {
		&ev->source, &ev->ext_id, &ev->occurred, &ev->recorded, &ev->authority,
		&ev->authority_country, &ev->authority_type, &ev->role, &ev->agent, &ev->system,
		&ev->purpose, &ev->legal_basis, &ev->dest, &ev->dest_country, &ev->origin,
		&ev->note, &ev->imported, &ev->raw,
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		set(fields[i], NULL);
	ev_init(ev);
}

/* Unix seconds of a UTC date and time. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

static void at(struct rc_event *ev, int64_t ts)
{
	char buf[32];
	rc_time_iso((time_t)ts, buf, sizeof buf);
	set(&ev->occurred, buf);
	ev->occurred_ts = ts;
}

/* A date without a time: 00:00Z of that day, text "YYYY-MM-DD". */
static void on_day(struct rc_event *ev, int y, int mo, int d)
{
	char buf[16];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
	set(&ev->occurred, buf);
	ev->occurred_ts = utc(y, mo, d, 0, 0, 0);
}

/* A plain, lawful-looking access: BAMF reading Eurodac, with a purpose
 * and a legal basis.  Raises nothing. */
static void ev_clean(struct rc_event *ev)
{
	ev_init(ev);
	set(&ev->authority, "Bundesamt für Migration und Flüchtlinge");
	set(&ev->authority_country, "DE");
	set(&ev->authority_type, "asylum authority");
	set(&ev->agent, "BAMF-2210");
	set(&ev->system, "Eurodac Central System");
	set(&ev->purpose, "asylum-determination");
	set(&ev->legal_basis, "https://eur-lex.europa.eu/eli/reg/2024/1358/oj");
	ev->action = RC_ACT_READ;
	at(ev, utc(2024, 4, 1, 19, 9, 58));
}

static char *read_data(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/regimes/%s", top && *top ? top : ".", name);
	char *buf = NULL;
	enum rc_status st = rc_file_read_all(path, 1u << 20, &buf, len);
	if (st != RC_OK)
		fail_msg("cannot read %s: %s", path, rc_status_name(st));
	return buf;
}

static void load(struct rc_regimes **r, const char *name)
{
	size_t len;
	char *buf = read_data(name, &len);
	if (rc_regimes_add_json(r, buf, len) != RC_OK)
		fail_msg("%s: %s", name, rc_error_detail());
	free(buf);
}

/* The sample case's regimes: gdpr, eurodac, sis (+ vis-ees for VIS). */
static struct rc_regimes *eu_regimes(void)
{
	struct rc_regimes *r = NULL;
	load(&r, "common.json");
	load(&r, "gdpr.json");
	load(&r, "eurodac.json");
	load(&r, "sis.json");
	load(&r, "vis-ees.json");
	return r;
}

static void ctx_feared(struct rc_flag_ctx *ctx, const char *cc)
{
	ctx->feared = rc_xrealloc(ctx->feared, (ctx->n_feared + 1) * sizeof *ctx->feared);
	snprintf(ctx->feared[ctx->n_feared], 3, "%s", cc);
	ctx->n_feared++;
}

static void ctx_request(struct rc_flag_ctx *ctx, const char *kind, int64_t filed, int64_t confirmed)
{
	ctx->requests = rc_xrealloc(ctx->requests, (ctx->n_requests + 1) * sizeof *ctx->requests);
	struct rc_request_mark *m = &ctx->requests[ctx->n_requests++];
	memset(m, 0, sizeof *m);
	snprintf(m->kind, sizeof m->kind, "%s", kind);
	m->filed_ts = filed;
	m->confirmed_ts = confirmed;
}

/* ------------------------------------------------------------------ */
/* Ids, labels, explanations. */

static int count_sentences(const char *s)
{
	int n = 0;
	for (const char *p = s; *p; p++)
		if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\0'))
			n++;
	return n;
}

static void test_ids_and_texts(void **state)
{
	(void)state;
	uint32_t all = 0;
	for (int i = 0; i < RC_FLAG_COUNT; i++) {
		uint32_t bit = rc_flag_bit(i);
		assert_int_not_equal(bit, 0);
		assert_int_equal(bit & (bit - 1), 0); /* one bit */
		assert_int_equal(all & bit, 0);       /* distinct */
		all |= bit;
		const char *id = rc_flag_id(bit);
		assert_non_null(id);
		uint32_t back = 0;
		assert_true(rc_flag_parse(id, &back));
		assert_int_equal(back, bit);
		char upper[64];
		snprintf(upper, sizeof upper, "%s", id);
		for (char *p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		back = 0;
		assert_true(rc_flag_parse(upper, &back));
		assert_int_equal(back, bit);
		const char *label = rc_flag_label(bit);
		assert_non_null(label);
		assert_true(strlen(label) > 3 && strlen(label) < 40);
		const char *ex = rc_flag_explanation(bit);
		assert_non_null(ex);
		int n = count_sentences(ex);
		if (n < 2 || n > 4)
			fail_msg("explanation of %s has %d sentences", id, n);
		/* addressed to the applicant, says what to do */
		assert_true(strstr(ex, "your") || strstr(ex, "you"));
		assert_true(strstr(ex, "lawyer") || strstr(ex, "You can"));
		assert_null(strchr(ex, '\n'));
	}
	assert_int_equal(all, 0x7f);
	assert_int_equal(rc_flag_bit(-1), 0);
	assert_int_equal(rc_flag_bit(RC_FLAG_COUNT), 0);
	assert_string_equal(rc_flag_id(RC_FLAG_FLED_COUNTRY), "fled-country");
	assert_string_equal(rc_flag_id(RC_FLAG_ONWARD), "onward-transfer");
	assert_string_equal(rc_flag_id(RC_FLAG_RETENTION), "after-retention");
	assert_null(rc_flag_id(0));
	assert_null(rc_flag_id(RC_FLAG_BURST | RC_FLAG_ONWARD));
	assert_null(rc_flag_id(0x80));
	assert_null(rc_flag_label(0x80));
	assert_null(rc_flag_explanation(0));
	uint32_t untouched = 99;
	assert_false(rc_flag_parse("nope", &untouched));
	assert_false(rc_flag_parse("", &untouched));
	assert_false(rc_flag_parse(NULL, &untouched));
	assert_int_equal(untouched, 99);
	assert_true(rc_flag_parse("burst", NULL));
}

static void test_ctx_init_and_clear(void **state)
{
	(void)state;
	struct rc_flag_ctx ctx;
	memset(&ctx, 0xAB, sizeof ctx);
	rc_flag_ctx_init(&ctx);
	assert_null(ctx.feared);
	assert_int_equal(ctx.n_feared, 0);
	assert_null(ctx.requests);
	assert_int_equal(ctx.n_requests, 0);
	assert_true(ctx.record_created_ts == RC_TS_UNKNOWN);
	assert_int_equal(ctx.burst_count, 10);
	assert_int_equal(ctx.burst_window_s, 600);
	assert_null(ctx.regimes);

	struct rc_regimes *r = eu_regimes();
	ctx.regimes = r;
	ctx_feared(&ctx, "ER");
	ctx_request(&ctx, "erasure", 1000, RC_TS_UNKNOWN);
	ctx.burst_count = 3;
	rc_flag_ctx_clear(&ctx); /* frees feared and requests (ASan), not regimes */
	assert_null(ctx.feared);
	assert_null(ctx.requests);
	assert_int_equal(ctx.burst_count, 10);
	assert_null(ctx.regimes);
	/* the regimes are still ours and alive */
	assert_int_equal(rc_regimes_retention_days(r, "Eurodac"), 3653);
	rc_regimes_free(&r);
	rc_flag_ctx_clear(NULL);

	/* a clean event raises nothing, with or without regimes */
	struct rc_event ev;
	ev_clean(&ev);
	assert_int_equal(rc_flags_event(&ctx, &ev), 0);
	r = eu_regimes();
	ctx.regimes = r;
	assert_int_equal(rc_flags_event(&ctx, &ev), 0);
	assert_int_equal(rc_flags_event(NULL, &ev), 0);
	assert_int_equal(rc_flags_event(&ctx, NULL), 0);
	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
	rc_regimes_free(&r);
}

/* ------------------------------------------------------------------ */
/* One rule at a time. */

static void test_fled_country(void **state)
{
	(void)state;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event ev;
	ev_clean(&ev);
	set(&ev.authority, "Immigration and Nationality Department");
	set(&ev.authority_type, "national immigration authority");

	set(&ev.authority_country, "ER");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY); /* nothing feared */
	ctx_feared(&ctx, "SY");
	ctx_feared(&ctx, "ER");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	assert_int_equal(rc_flags_event(&ctx, &ev), RC_FLAG_FLED_COUNTRY);
	set(&ev.authority_country, "er");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);

	/* must not */
	set(&ev.authority_country, "DE");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	set(&ev.authority_country, "ERI");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	set(&ev.authority_country, "E");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	set(&ev.authority_country, "ER X");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	set(&ev.authority_country, " ER ");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	set(&ev.authority_country, NULL);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);

	/* a German authority sending the data to the feared country */
	set(&ev.authority_country, "DE");
	set(&ev.dest, "Ministry of Interior");
	set(&ev.dest_country, "SY");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	set(&ev.dest_country, "TR");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);

	/* a malformed feared entry matches nothing */
	rc_flag_ctx_clear(&ctx);
	ctx_feared(&ctx, "");
	set(&ev.dest_country, NULL);
	set(&ev.authority_country, "");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_FLED_COUNTRY);
	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
}

static void test_no_mandate(void **state)
{
	(void)state;
	struct rc_regimes *r = eu_regimes();
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event ev;
	ev_clean(&ev);

	/* without regimes there are no keyword lists: never */
	set(&ev.authority, "Klinikum Nord Hamburg");
	set(&ev.authority_type, "hospital");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	ctx.regimes = r;

	/* must: a hospital, a job centre, a school, local police without purpose */
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.authority, "Jobcenter Hamburg-Mitte");
	set(&ev.authority_type, "employment and welfare office");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.authority, "École primaire Voltaire");
	set(&ev.authority_type, NULL);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.authority, "Landespolizei Hamburg");
	set(&ev.authority_type, "local police");
	set(&ev.purpose, NULL);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.purpose, "   ");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);

	/* must not: local police with a purpose, border police, asylum office,
	 * a body nobody knows */
	set(&ev.purpose, "identity check");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.authority, "Bundespolizei");
	set(&ev.authority_type, "border police");
	set(&ev.purpose, NULL);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.authority, "Office français de protection des réfugiés et apatrides");
	set(&ev.authority_type, "asylum authority");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.authority, "Ministero dell'Interno");
	set(&ev.authority_type, NULL);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);
	set(&ev.authority, NULL);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_MANDATE);

	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
	rc_regimes_free(&r);
}

static void test_no_purpose(void **state)
{
	(void)state;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event ev;
	ev_clean(&ev);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_PURPOSE);

	const char *blank[] = { NULL, "", "   ", "\t\n", "-", " - ", "—", "–", ".",
		"\xc2\xa0", "?", "--" };
	for (size_t i = 0; i < sizeof blank / sizeof *blank; i++) {
		set(&ev.purpose, blank[i]);
		if (!(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_PURPOSE))
			fail_msg("purpose \"%s\" should count as none", blank[i] ? blank[i] : "(null)");
		set(&ev.purpose, "border-control");
		set(&ev.legal_basis, blank[i]);
		if (!(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_PURPOSE))
			fail_msg("legal basis \"%s\" should count as none", blank[i] ? blank[i] : "(null)");
		set(&ev.legal_basis, "Art. 6(1)(e) GDPR");
	}
	/* must not: both given, even short or odd */
	set(&ev.purpose, " TREAT ");
	set(&ev.legal_basis, "§ 16 AsylG");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_PURPOSE);
	set(&ev.purpose, "n/a");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_PURPOSE); /* words are words */
	set(&ev.purpose, "\xd8\xa7"); /* Arabic letter */
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_NO_PURPOSE);
	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
}

static void test_retention(void **state)
{
	(void)state;
	struct rc_regimes *r = eu_regimes();
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.regimes = r;
	struct rc_event ev;
	ev_clean(&ev);

	int64_t created = utc(2013, 1, 10, 8, 0, 0);
	int64_t end = created + (int64_t)3653 * 86400; /* Eurodac: 10 years */

	/* record creation unknown: never */
	at(&ev, end + 86400 * 30);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	ctx.record_created_ts = created;
	/* must */
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	at(&ev, end + 1);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	/* must not: on the last second, before it */
	at(&ev, end);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	at(&ev, created + 86400);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);

	/* VIS: 5 years */
	at(&ev, created + (int64_t)1827 * 86400 + 60);
	set(&ev.system, "Visa Information System (VIS)");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	/* a system no regime sets a period for */
	set(&ev.system, "National AFIS (INPOL-Z)");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	set(&ev.system, "Schengen Information System (SIS)");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	set(&ev.system, NULL);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);

	/* time of the event unknown: never; recorded time used otherwise */
	set(&ev.system, "Eurodac Central System");
	set(&ev.occurred, NULL);
	ev.occurred_ts = RC_TS_UNKNOWN;
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	ev.recorded_ts = end + 3600;
	set(&ev.recorded, "2023-01-10T09:00:00Z");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	ev.recorded_ts = RC_TS_UNKNOWN;

	/* dates without a time, on both sides: the record made on 10 January
	 * 2013 may be as late as 12:00Z on the 11th (UTC-12); an access on a
	 * date may be as early as 10:00Z the day before (UTC+14) */
	ctx.record_created_ts = utc(2013, 1, 10, 0, 0, 0);
	end = utc(2013, 1, 11, 11, 59, 59) + (int64_t)3653 * 86400; /* 2023-01-12T11:59:59Z */
	on_day(&ev, 2023, 1, 11);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	on_day(&ev, 2023, 1, 13);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	on_day(&ev, 2023, 1, 14);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	assert_true(ev.occurred_ts - 14 * 3600 > end);
	at(&ev, end);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	at(&ev, end + 1);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);

	/* no regimes: never */
	ctx.regimes = NULL;
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);
	/* extreme values do not overflow */
	ctx.regimes = r;
	ctx.record_created_ts = INT64_MAX - 10;
	at(&ev, 0);
	ev.occurred_ts = INT64_MAX;
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_RETENTION);

	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
	rc_regimes_free(&r);
}

static void test_after_erasure(void **state)
{
	(void)state;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event ev;
	ev_clean(&ev);
	int64_t filed = utc(2025, 6, 2, 23, 59, 59); /* filed on 2 June: end of that day */

	at(&ev, utc(2025, 7, 14, 11, 4, 58));
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE); /* no request */
	ctx_request(&ctx, "access", utc(2020, 1, 1, 0, 0, 0), RC_TS_UNKNOWN);
	ctx_request(&ctx, "rectification", utc(2020, 1, 1, 0, 0, 0), utc(2020, 2, 1, 0, 0, 0));
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE); /* other kinds */

	ctx_request(&ctx, "erasure", filed, RC_TS_UNKNOWN);
	/* must */
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	at(&ev, filed + 1);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	/* must not: at the moment of filing, before, same day date-only */
	at(&ev, filed);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	at(&ev, utc(2025, 6, 1, 12, 0, 0));
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	on_day(&ev, 2025, 6, 2);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	on_day(&ev, 2025, 6, 4);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	/* time unknown */
	set(&ev.occurred, NULL);
	ev.occurred_ts = RC_TS_UNKNOWN;
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);

	/* a filing date without a time (00:00:00Z): the whole day, anywhere */
	rc_flag_ctx_clear(&ctx);
	ctx_request(&ctx, "erasure", utc(2025, 6, 2, 0, 0, 0), RC_TS_UNKNOWN);
	at(&ev, utc(2025, 6, 2, 16, 30, 0));
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	at(&ev, utc(2025, 6, 3, 11, 59, 59));
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	at(&ev, utc(2025, 6, 3, 12, 0, 0));
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	on_day(&ev, 2025, 6, 3);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	on_day(&ev, 2025, 6, 5);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);

	/* restriction, any case, and confirmation alone */
	rc_flag_ctx_clear(&ctx);
	int64_t confirmed = utc(2024, 3, 1, 10, 0, 0);
	ctx_request(&ctx, "Restriction", RC_TS_UNKNOWN, confirmed);
	at(&ev, confirmed + 60);
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	at(&ev, confirmed - 60);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	/* a request with neither date */
	rc_flag_ctx_clear(&ctx);
	ctx_request(&ctx, "erasure", RC_TS_UNKNOWN, RC_TS_UNKNOWN);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	/* a kind that fills all 16 bytes, no terminating NUL */
	rc_flag_ctx_clear(&ctx);
	ctx_request(&ctx, "erasure", 0, RC_TS_UNKNOWN);
	memcpy(ctx.requests[0].kind, "restrictionXXXXX", 16);
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_AFTER_ERASURE);
	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
}

static void test_onward(void **state)
{
	(void)state;
	struct rc_regimes *r = eu_regimes();
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event ev;
	ev_clean(&ev);
	set(&ev.authority, "Bundespolizei");
	set(&ev.authority_type, "border police");
	set(&ev.system, "National AFIS (INPOL-Z)");
	set(&ev.dest, "U.S. Department of Homeland Security (IDENT/HART)");
	set(&ev.dest_country, "US");
	ev.action = RC_ACT_EXPORT;

	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD); /* no regimes */
	ctx.regimes = r;
	/* must */
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	set(&ev.system, "Eurodac Central System");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	ev.action = RC_ACT_READ; /* the destination is what counts */
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	set(&ev.dest, NULL); /* a country alone shows the transfer */
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);

	/* must not: inside the area, no country, not a country code */
	set(&ev.dest, "Bundeskriminalamt");
	const char *inside[] = { "DE", "fr", "CH", "NO", "EU" };
	for (size_t i = 0; i < sizeof inside / sizeof *inside; i++) {
		set(&ev.dest_country, inside[i]);
		assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	}
	set(&ev.dest, "Some foreign body");
	set(&ev.dest_country, NULL);
	ev.action = RC_ACT_EXPORT;
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	set(&ev.dest_country, "USA");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	/* an authority abroad reading the record is not an onward transfer */
	set(&ev.dest, NULL);
	set(&ev.dest_country, NULL);
	set(&ev.authority_country, "US");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	rc_regimes_free(&r);

	/* the UK regime: France is inside its area, the US is not */
	load(&r, "common.json");
	load(&r, "uk-dpa.json");
	ctx.regimes = r;
	set(&ev.dest, "Ministère de l'Intérieur");
	set(&ev.dest_country, "FR");
	assert_false(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);
	set(&ev.dest_country, "US");
	assert_true(rc_flags_event(&ctx, &ev) & RC_FLAG_ONWARD);

	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
	rc_regimes_free(&r);
}

/* The accesses of the sample case (tests/data/samples), built by hand:
 * each pattern raises exactly the flags it should. */
static void test_sample_patterns(void **state)
{
	(void)state;
	struct rc_regimes *r = eu_regimes();
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.regimes = r;
	ctx_feared(&ctx, "ER");
	ctx_request(&ctx, "erasure", utc(2025, 6, 2, 0, 0, 0), RC_TS_UNKNOWN); /* "filed": "2025-06-02" */
	ctx.record_created_ts = utc(2023, 9, 4, 7, 11, 58);
	struct rc_event ev;

	/* ae-00002: BAMF, purpose and basis: nothing */
	ev_clean(&ev);
	assert_int_equal(rc_flags_event(&ctx, &ev), 0);
	ev_free(&ev);

	/* ae-00005: Eritrean immigration, no legal basis */
	ev_clean(&ev);
	set(&ev.authority, "Immigration and Nationality Department");
	set(&ev.authority_country, "ER");
	set(&ev.authority_type, "national immigration authority");
	set(&ev.system, "National AFIS (INPOL-Z)");
	set(&ev.purpose, "border-control");
	set(&ev.legal_basis, NULL);
	assert_int_equal(rc_flags_event(&ctx, &ev), RC_FLAG_FLED_COUNTRY | RC_FLAG_NO_PURPOSE);
	ev_free(&ev);

	/* ae-00006: a hospital, purpose TREAT, no legal basis */
	ev_clean(&ev);
	set(&ev.authority, "Klinikum Nord Hamburg");
	set(&ev.authority_type, "hospital");
	set(&ev.system, "National AFIS (INPOL-Z)");
	set(&ev.purpose, "TREAT");
	set(&ev.legal_basis, NULL);
	assert_int_equal(rc_flags_event(&ctx, &ev), RC_FLAG_NO_MANDATE | RC_FLAG_NO_PURPOSE);
	ev_free(&ev);

	/* ae-00009: local police, no purpose, no basis */
	ev_clean(&ev);
	set(&ev.authority, "Landespolizei Hamburg");
	set(&ev.authority_type, "local police");
	set(&ev.purpose, NULL);
	set(&ev.legal_basis, NULL);
	assert_int_equal(rc_flags_event(&ctx, &ev), RC_FLAG_NO_MANDATE | RC_FLAG_NO_PURPOSE);
	ev_free(&ev);

	/* ae-00024: export to the US, no legal basis */
	ev_clean(&ev);
	set(&ev.authority, "Bundespolizei");
	set(&ev.authority_type, "border police");
	set(&ev.system, "National AFIS (INPOL-Z)");
	set(&ev.purpose, "law-enforcement");
	set(&ev.legal_basis, NULL);
	set(&ev.dest, "U.S. Department of Homeland Security (IDENT/HART)");
	set(&ev.dest_country, "US");
	assert_int_equal(rc_flags_event(&ctx, &ev), RC_FLAG_ONWARD | RC_FLAG_NO_PURPOSE);
	ev_free(&ev);

	/* ae-00050: BAMF after the erasure request */
	ev_clean(&ev);
	at(&ev, utc(2025, 7, 14, 11, 4, 58));
	assert_int_equal(rc_flags_event(&ctx, &ev), RC_FLAG_AFTER_ERASURE);
	ev_free(&ev);

	rc_flag_ctx_clear(&ctx);
	rc_regimes_free(&r);
}

/* ------------------------------------------------------------------ */
/* Bursts. */

struct marks {
	int64_t *ids;
	size_t n, cap;
};

static void on_mark(void *ud, int64_t id)
{
	struct marks *m = ud;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->ids = rc_xrealloc(m->ids, m->cap * sizeof *m->ids);
	}
	m->ids[m->n++] = id;
}

static bool marked(const struct marks *m, int64_t id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->ids[i] == id)
			return true;
	return false;
}

static void test_burst_sample(void **state)
{
	(void)state;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct marks m = { 0 };
	struct rc_burst *b = rc_burst_new(&ctx, on_mark, &m);
	assert_non_null(b);
	/* ae-00009 three weeks earlier, then ae-00010..23: 14 searches by
	 * LPH-9902 in nine minutes (times in UTC) */
	static const int hms[14][3] = {
		{ 9, 12, 6 }, { 9, 12, 39 }, { 9, 13, 16 }, { 9, 13, 50 }, { 9, 14, 34 },
		{ 9, 15, 3 }, { 9, 15, 49 }, { 9, 16, 23 }, { 9, 16, 56 }, { 9, 17, 37 },
		{ 9, 18, 14 }, { 9, 18, 52 }, { 9, 19, 26 }, { 9, 20, 4 },
	};
	rc_burst_feed(b, "BAMF-2210", utc(2024, 1, 2, 7, 11, 58), 2);
	rc_burst_feed(b, "LPH-9902", utc(2024, 1, 15, 7, 11, 58), 9);
	for (int i = 0; i < 14; i++)
		rc_burst_feed(b, "LPH-9902", utc(2024, 2, 1, hms[i][0], hms[i][1], hms[i][2]), 10 + i);
	rc_burst_feed(b, "OFPRA-118", utc(2024, 2, 1, 9, 15, 0), 99);
	rc_burst_free(&b);
	assert_null(b);
	assert_int_equal(m.n, 14);
	for (int i = 0; i < 14; i++)
		assert_true(marked(&m, 10 + i));
	assert_false(marked(&m, 9));
	/* reported oldest first */
	for (size_t i = 1; i < m.n; i++)
		assert_true(m.ids[i - 1] < m.ids[i]);
	free(m.ids);
	rc_flag_ctx_clear(&ctx);
}

static void test_burst_edges(void **state)
{
	(void)state;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.burst_count = 3;
	ctx.burst_window_s = 10;
	struct marks m = { 0 };

	/* exactly the window: marked */
	struct rc_burst *b = rc_burst_new(&ctx, on_mark, &m);
	rc_burst_feed(b, "a", 100, 1);
	rc_burst_feed(b, "a", 105, 2);
	assert_int_equal(m.n, 0);
	rc_burst_feed(b, "a", 110, 3);
	assert_int_equal(m.n, 3); /* reported as soon as known */
	rc_burst_feed(b, "a", 111, 4); /* 105,110,111 */
	assert_int_equal(m.n, 4);
	rc_burst_feed(b, "a", 500, 5);
	rc_burst_free(&b);
	assert_int_equal(m.n, 4);
	assert_false(marked(&m, 5));

	/* one second too wide: nothing */
	m.n = 0;
	b = rc_burst_new(&ctx, on_mark, &m);
	rc_burst_feed(b, "a", 100, 1);
	rc_burst_feed(b, "a", 105, 2);
	rc_burst_feed(b, "a", 111, 3);
	assert_int_equal(m.n, 0);
	rc_burst_feed(b, "a", 112, 4); /* 105,111,112 */
	assert_int_equal(m.n, 3);
	assert_false(marked(&m, 1));
	rc_burst_free(&b);

	/* a new key starts a new group */
	m.n = 0;
	b = rc_burst_new(&ctx, on_mark, &m);
	rc_burst_feed(b, "a", 100, 1);
	rc_burst_feed(b, "a", 101, 2);
	rc_burst_feed(b, "b", 102, 3);
	rc_burst_feed(b, "b", 103, 4);
	/* skipped: no key, unknown time */
	rc_burst_feed(b, NULL, 103, 5);
	rc_burst_feed(b, "b", RC_TS_UNKNOWN, 6);
	assert_int_equal(m.n, 0);
	rc_burst_feed(b, "b", 104, 7);
	assert_int_equal(m.n, 3);
	assert_true(marked(&m, 3) && marked(&m, 4) && marked(&m, 7));
	/* out of order: a new group, nothing wrongly marked */
	rc_burst_feed(b, "b", 50, 8);
	rc_burst_feed(b, "b", 51, 9);
	assert_int_equal(m.n, 3);
	rc_burst_free(&b);

	/* same second, many events */
	m.n = 0;
	b = rc_burst_new(&ctx, on_mark, &m);
	for (int i = 0; i < 5; i++)
		rc_burst_feed(b, "x", 7, i);
	assert_int_equal(m.n, 5);
	rc_burst_free(&b);

	/* extreme times: no overflow */
	m.n = 0;
	b = rc_burst_new(&ctx, on_mark, &m);
	rc_burst_feed(b, "x", INT64_MIN + 1, 1);
	rc_burst_feed(b, "x", 0, 2);
	rc_burst_feed(b, "x", INT64_MAX, 3);
	rc_burst_feed(b, "x", INT64_MAX, 4);
	rc_burst_feed(b, "x", INT64_MAX, 5);
	assert_int_equal(m.n, 3);
	rc_burst_free(&b);

	/* disabled counts, bad arguments */
	m.n = 0;
	ctx.burst_count = 1;
	b = rc_burst_new(&ctx, on_mark, &m);
	assert_non_null(b);
	rc_burst_feed(b, "x", 1, 1);
	rc_burst_feed(b, "x", 1, 2);
	rc_burst_free(&b);
	ctx.burst_count = 0;
	b = rc_burst_new(&ctx, on_mark, &m);
	rc_burst_feed(b, "x", 1, 1);
	rc_burst_free(&b);
	assert_int_equal(m.n, 0);
	ctx.burst_count = RC_BURST_MAX + 1;
	assert_null(rc_burst_new(&ctx, on_mark, &m));
	ctx.burst_count = 3;
	assert_null(rc_burst_new(&ctx, NULL, &m));
	rc_burst_feed(NULL, "x", 1, 1);
	rc_burst_free(NULL);
	b = NULL;
	rc_burst_free(&b);
	/* no ctx: the defaults, 10 in 600 s */
	b = rc_burst_new(NULL, on_mark, &m);
	for (int i = 0; i < 9; i++)
		rc_burst_feed(b, "x", i * 60, i);
	assert_int_equal(m.n, 0);
	rc_burst_feed(b, "x", 600, 9);
	assert_int_equal(m.n, 10);
	rc_burst_free(&b);
	free(m.ids);
	rc_flag_ctx_clear(&ctx);
}

/* Against a brute force: an event is in a burst when some window of at
 * least N consecutive events of its key, spanning at most W seconds,
 * contains it. */
static void test_burst_against_brute_force(void **state)
{
	(void)state;
	uint32_t seed = 42;
#define RND() (seed = seed * 1664525u + 1013904223u, seed >> 8)
	for (int round = 0; round < 300; round++) {
		struct rc_flag_ctx ctx;
		rc_flag_ctx_init(&ctx);
		ctx.burst_count = 2 + RND() % 6;
		ctx.burst_window_s = RND() % 120;
		size_t n = 1 + RND() % 200;
		char (*keys)[16] = rc_xcalloc(n, sizeof *keys);
		int64_t *ts = rc_xcalloc(n, sizeof *ts);
		/* sorted by (key, ts): keys k0, k1, k2 in order, times rising */
		int64_t t = 0;
		unsigned k = 0;
		for (size_t i = 0; i < n; i++) {
			if (RND() % 20 == 0 && k < 9) {
				k++;
				t = 0;
			}
			t += RND() % 4 == 0 ? RND() % 300 : RND() % 15;
			snprintf(keys[i], sizeof keys[i], "k%u", k);
			ts[i] = t;
		}
		struct marks m = { 0 };
		struct rc_burst *b = rc_burst_new(&ctx, on_mark, &m);
		for (size_t i = 0; i < n; i++)
			rc_burst_feed(b, keys[i], ts[i], (int64_t)i);
		rc_burst_free(&b);
		for (size_t i = 0; i < n; i++) {
			bool want = false;
			for (size_t s = 0; s <= i && !want; s++) {
				if (strcmp(keys[s], keys[i]))
					continue;
				for (size_t e = i; e < n && !strcmp(keys[e], keys[i]); e++) {
					if (ts[e] - ts[s] > (int64_t)ctx.burst_window_s)
						break;
					if (e - s + 1 >= ctx.burst_count) {
						want = true;
						break;
					}
				}
			}
			size_t times = 0;
			for (size_t j = 0; j < m.n; j++)
				times += m.ids[j] == (int64_t)i;
			if (times != (want ? 1u : 0u))
				fail_msg("round %d event %zu: marked %zu times, want %d (N=%u W=%u)",
					round, i, times, want, ctx.burst_count, ctx.burst_window_s);
		}
		free(m.ids);
		free(keys);
		free(ts);
		rc_flag_ctx_clear(&ctx);
	}
#undef RND
}

/* A million accesses by one agent, one a minute: every one is in a burst
 * (10 in 600 s), memory stays that of the ring. */
static void test_burst_million(void **state)
{
	(void)state;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	size_t count = 0;
	struct rc_burst *b = rc_burst_new(&ctx, (void (*)(void *, int64_t))NULL, NULL);
	assert_null(b);
	struct marks m = { 0 };
	b = rc_burst_new(&ctx, on_mark, &m);
	for (int64_t i = 0; i < 1000000; i++) {
		rc_burst_feed(b, "BPOL-4471", 1700000000 + i * 60, i);
		if (m.n > 4096) { /* keep the test's own memory small */
			count += m.n;
			m.n = 0;
		}
	}
	rc_burst_free(&b);
	count += m.n;
	assert_int_equal(count, 1000000);
	/* one a minute and a half: never 10 in 600 s */
	m.n = 0;
	b = rc_burst_new(&ctx, on_mark, &m);
	for (int64_t i = 0; i < 100000; i++)
		rc_burst_feed(b, "BPOL-4471", i * 67, i);
	rc_burst_free(&b);
	assert_int_equal(m.n, 0);
	free(m.ids);
	rc_flag_ctx_clear(&ctx);
}

/* ------------------------------------------------------------------ */
/* The memo gives the same flags as the rules without it, in every
 * order, whatever clashes or regimes change. */

static void test_memo_same_flags(void **state)
{
	(void)state;
	struct rc_regimes *r = eu_regimes();
	struct rc_regimes *r2 = NULL;
	load(&r2, "common.json");
	load(&r2, "gdpr.json");
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.regimes = r;
	ctx.record_created_ts = utc(2015, 1, 1, 0, 0, 0);
	ctx_feared(&ctx, "ER");

	static const char *const auths[][2] = {
		{ "Klinikum Nord Hamburg", "hospital" },
		{ "Landespolizei Hamburg", "local police" },
		{ "Bundespolizei", "border police" },
		{ "Jobcenter Hamburg-Mitte", NULL },
		{ NULL, "employment and welfare office" },
		{ NULL, NULL },
		{ "", "" },
		{ "Bundesamt für Migration und Flüchtlinge", "asylum authority" },
	};
	static const char *const systems[] = {
		"Eurodac Central System", "Visa Information System (VIS)", "National AFIS (INPOL-Z)",
		"Schengen Information System (SIS)", NULL, "",
	};
	static const char *const dests[] = { NULL, "US", "DE", "", "ER", "xx" };
	static const char *const purposes[] = { NULL, "identity check", "  " };
	/* a name too long to keep, and one that differs from it at the end */
	char longname[700];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	memcpy(longname, "Jobcenter ", 10);

	struct rc_flag_memo *m = rc_flag_memo_new();
	struct rc_event ev;
	ev_clean(&ev);
	at(&ev, utc(2030, 6, 1, 0, 0, 0)); /* after SIS and VIS retention */
	size_t checked = 0, differing = 0;
	uint32_t seen = 0;
	for (int pass = 0; pass < 3; pass++) {
		ctx.regimes = pass == 1 ? r2 : r;
		for (size_t a = 0; a < sizeof auths / sizeof auths[0] + 1; a++)
			for (size_t sy = 0; sy < sizeof systems / sizeof systems[0]; sy++)
				for (size_t d = 0; d < sizeof dests / sizeof dests[0]; d++)
					for (size_t p = 0; p < sizeof purposes / sizeof purposes[0]; p++) {
						bool last = a == sizeof auths / sizeof auths[0];
						set(&ev.authority, last ? longname : auths[a][0]);
						set(&ev.authority_type, last ? "welfare" : auths[a][1]);
						set(&ev.system, systems[sy]);
						set(&ev.dest_country, dests[d]);
						set(&ev.purpose, purposes[p]);
						uint32_t want = rc_flags_event(&ctx, &ev);
						uint32_t got = rc_flags_event_memo(&ctx, m, &ev);
						if (want != got)
							differing++;
						seen |= want;
						checked++;
					}
		/* many different systems: more keys than slots, so answers are
		 * replaced, and the replaced ones asked again */
		char sys[64];
		for (int i = 0; i < 3000; i++) {
			snprintf(sys, sizeof sys, "%s %d", i % 2 ? "Eurodac" : "Local index", i % 1500);
			set(&ev.system, sys);
			set(&ev.dest_country, i % 3 ? "US" : "FR");
			if (rc_flags_event(&ctx, &ev) != rc_flags_event_memo(&ctx, m, &ev))
				differing++;
			checked++;
		}
	}
	assert_int_equal(differing, 0);
	assert_true(checked > 3 * 9 * 6 * 6 * 3);
	/* the loops exercised every rule that reads the regimes */
	assert_true(seen & RC_FLAG_NO_MANDATE);
	assert_true(seen & RC_FLAG_RETENTION);
	assert_true(seen & RC_FLAG_ONWARD);
	/* a NULL memo is the rules themselves; NULLs are refused */
	assert_int_equal(rc_flags_event_memo(&ctx, NULL, &ev), rc_flags_event(&ctx, &ev));
	assert_int_equal(rc_flags_event_memo(NULL, m, &ev), 0);
	assert_int_equal(rc_flags_event_memo(&ctx, m, NULL), 0);

	rc_flag_memo_free(&m);
	assert_null(m);
	rc_flag_memo_free(&m);
	rc_flag_memo_free(NULL);
	ev_free(&ev);
	rc_flag_ctx_clear(&ctx);
	rc_regimes_free(&r);
	rc_regimes_free(&r2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_texts),
		cmocka_unit_test(test_ctx_init_and_clear),
		cmocka_unit_test(test_fled_country),
		cmocka_unit_test(test_no_mandate),
		cmocka_unit_test(test_no_purpose),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_after_erasure),
		cmocka_unit_test(test_onward),
		cmocka_unit_test(test_sample_patterns),
		cmocka_unit_test(test_memo_same_flags),
		cmocka_unit_test(test_burst_sample),
		cmocka_unit_test(test_burst_edges),
		cmocka_unit_test(test_burst_against_brute_force),
		cmocka_unit_test(test_burst_million),
	};
	return cmocka_run_group_tests_name("flags", tests, NULL, NULL);
}
