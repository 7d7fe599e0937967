/* test_event.c - the event model: life cycle, ids, tables, dates. */
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

static void test_init_clear(void **state)
{
	struct rc_event ev;
	rc_event_init(&ev);
	assert_null(ev.authority);
	assert_true(ev.occurred_ts == RC_TS_UNKNOWN);
	assert_true(ev.recorded_ts == RC_TS_UNKNOWN);
	assert_int_equal(ev.action, RC_ACT_UNKNOWN);
	assert_int_equal(ev.outcome, RC_OUT_UNKNOWN);
	ev.authority = rc_xstrdup("Bundespolizei");
	ev.raw = rc_xstrdup("{}");
	ev.raw_len = 2;
	ev.categories = RC_CAT_IRIS;
	rc_event_clear(&ev);
	assert_null(ev.authority);
	assert_null(ev.raw);
	assert_int_equal(ev.raw_len, 0);
	assert_int_equal(ev.categories, 0);
	rc_event_clear(&ev); /* twice is harmless */
	assert_null(ev.raw);
}

static void test_actions_outcomes(void **state)
{
	enum rc_action a;
	for (int i = 0; i < RC_ACT_COUNT; i++) {
		assert_true(rc_action_parse(rc_action_id((enum rc_action)i), &a));
		assert_int_equal(a, i);
		assert_non_null(rc_action_label((enum rc_action)i));
	}
	assert_string_equal(rc_action_id(RC_ACT_EXPORT), "export");
	assert_string_equal(rc_action_label(RC_ACT_READ), "looked at");
	assert_true(rc_action_parse("SEARCH", &a));
	assert_int_equal(a, RC_ACT_SEARCH);
	assert_false(rc_action_parse("peek", &a));
	assert_false(rc_action_parse(NULL, &a));
	assert_string_equal(rc_action_id((enum rc_action)99), "unknown");

	enum rc_outcome o;
	for (int i = 0; i < RC_OUT_COUNT; i++) {
		assert_true(rc_outcome_parse(rc_outcome_id((enum rc_outcome)i), &o));
		assert_int_equal(o, i);
	}
	assert_string_equal(rc_outcome_id(RC_OUT_NOHIT), "no-hit");
	assert_string_equal(rc_outcome_label(RC_OUT_HIT), "found (hit)");
	assert_false(rc_outcome_parse("maybe", &o));
}

static void test_categories(void **state)
{
	unsigned c = 99;
	assert_true(rc_categories_parse("fingerprints,face-image", &c));
	assert_int_equal(c, RC_CAT_FINGERPRINTS | RC_CAT_FACE);
	assert_true(rc_categories_parse(" iris ; Biographic ", &c));
	assert_int_equal(c, RC_CAT_IRIS | RC_CAT_BIOGRAPHIC);
	assert_true(rc_categories_parse("", &c));
	assert_int_equal(c, 0);
	assert_false(rc_categories_parse("fingerprints,dna", &c));
	/* The commas of other scripts: Arabic, fullwidth, ideographic. */
	assert_true(rc_categories_parse("fingerprints\xD8\x8C iris", &c));
	assert_int_equal(c, RC_CAT_FINGERPRINTS | RC_CAT_IRIS);
	assert_true(rc_categories_parse("face-image\xEF\xBC\x8C" "other\xE3\x80\x81" "iris", &c));
	assert_int_equal(c, RC_CAT_FACE | RC_CAT_OTHER | RC_CAT_IRIS);

	char *s = rc_categories_format(RC_CAT_FACE | RC_CAT_FINGERPRINTS | RC_CAT_OTHER, false);
	assert_string_equal(s, "fingerprints,face-image,other");
	assert_true(rc_categories_parse(s, &c));
	assert_int_equal(c, RC_CAT_FACE | RC_CAT_FINGERPRINTS | RC_CAT_OTHER);
	free(s);
	s = rc_categories_format(RC_CAT_FACE | RC_CAT_IRIS, true);
	assert_string_equal(s, "face image, iris");
	free(s);
	s = rc_categories_format(0, false);
	assert_string_equal(s, "");
	free(s);
}

static void test_hash_id(void **state)
{
	struct rc_event a, b;
	rc_event_init(&a);
	rc_event_init(&b);
	a.source = rc_xstrdup("letter");
	a.occurred = rc_xstrdup("2024-03-01");
	a.authority = rc_xstrdup("Ministero dell'Interno");
	a.action = RC_ACT_SEARCH;
	a.origin = rc_xstrdup("one.csv");
	b.source = rc_xstrdup("letter");
	b.occurred = rc_xstrdup("2024-03-01");
	b.authority = rc_xstrdup("Ministero dell'Interno");
	b.action = RC_ACT_SEARCH;
	b.origin = rc_xstrdup("another-name.csv");
	char *ha = rc_event_hash_id(&a), *hb = rc_event_hash_id(&b);
	assert_int_equal(strlen(ha), 64);
	/* The origin (file name) does not change the id. */
	assert_string_equal(ha, hb);
	free(hb);
	/* Any field that says what happened does. */
	b.action = RC_ACT_READ;
	hb = rc_event_hash_id(&b);
	assert_string_not_equal(ha, hb);
	free(hb);
	b.action = RC_ACT_SEARCH;
	free(b.authority);
	b.authority = NULL;
	b.role = rc_xstrdup("Ministero dell'Interno");
	hb = rc_event_hash_id(&b);
	assert_string_not_equal(ha, hb);
	free(hb);
	free(ha);
	rc_event_clear(&a);
	rc_event_clear(&b);
}

static void check_date(const char *in, const char *norm_want, int64_t ts_want)
{
	int64_t ts = 0;
	char norm[32];
	if (!rc_date_parse(in, &ts, norm, sizeof norm))
		fail_msg("rejected: %s", in);
	assert_string_equal(norm, norm_want);
	assert_true(ts == ts_want);
}

static void test_dates(void **state)
{
	check_date("2024-03-01", "2024-03-01", 1709251200);
	check_date("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", 0);
	check_date("2023-09-04T09:11:58+02:00", "2023-09-04T07:11:58Z", 1693811518);
	check_date("2021-12-27T09:49:00.000Z", "2021-12-27T09:49:00Z", 1640598540);
	check_date("2019-12-04T11:59:28.646+00:00", "2019-12-04T11:59:28Z", 1575460768);
	/* An offset that moves the day, month and year. */
	check_date("2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z", 1704065400);
	check_date("2023-12-31T23:30:00-05:30", "2024-01-01T05:00:00Z", 1704085200);
	/* No zone: taken as UTC. */
	check_date("2024-02-12T10:40:00", "2024-02-12T10:40:00Z", 1707734400);
	check_date("2024-02-12 10:40", "2024-02-12T10:40:00Z", 1707734400);
	check_date("2024-02-12T10:40:00+0100", "2024-02-12T09:40:00Z", 1707730800);
	/* Leap days. */
	check_date("2024-02-29", "2024-02-29", 1709164800);
	check_date("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z", 951825600);
	check_date("2016-12-31T23:59:59Z", "2016-12-31T23:59:59Z", 1483228799);
	check_date("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", -1);

	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01",
		"2024-00-10", "2024-01-00", "2024-1-01", "24-01-01", "2024-01-01T24:00:00Z",
		"2024-01-01T10:60:00Z", "2024-01-01T10:00:61Z", "2024-01-01T10:00:00+25:00",
		"2024-01-01T10:00:00Zjunk", "2024-01-01T10", "2024-01-01T10:00:00.Z",
		"2024-01-01x", "", "2024", "2024-03", " 2024-03-01", "2024-03-01 ",
		"0000-01-01T00:30:00+01:00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ts;
		char norm[32];
		if (rc_date_parse(bad[i], &ts, norm, sizeof norm))
			fail_msg("accepted: \"%s\" as %s", bad[i], norm);
	}
	/* Too small a buffer is refused, NULL outputs are allowed. */
	char small[8];
	assert_false(rc_date_parse("2024-03-01", NULL, small, sizeof small));
	assert_true(rc_date_parse("2024-03-01T00:00:00Z", NULL, NULL, 0));
}

/* rc_date_parse_ex: whether a zone was given (issue 14, case 3). */
static void check_zone(const char *in, const char *norm_want, int64_t ts_want, bool zoned_want)
{
	int64_t ts = 0;
	char norm[32];
	bool zoned = !zoned_want;
	if (!rc_date_parse_ex(in, &ts, norm, sizeof norm, &zoned))
		fail_msg("rejected: %s", in);
	assert_string_equal(norm, norm_want);
	assert_true(ts == ts_want);
	if (zoned != zoned_want)
		fail_msg("%s: zoned is %d, not %d", in, zoned, zoned_want);
}

static void test_dates_zone(void **state)
{
	/* A time without a zone is still read as UTC (for sorting) ... */
	check_zone("2024-02-12T10:40:00", "2024-02-12T10:40:00Z", 1707734400, false);
	check_zone("2024-02-12 10:40", "2024-02-12T10:40:00Z", 1707734400, false);
	check_zone("2024-02-12t10:40:00.250", "2024-02-12T10:40:00Z", 1707734400, false);
	/* ... and said to have none; with a zone, or a day alone, it is exact. */
	check_zone("2024-02-12T10:40:00Z", "2024-02-12T10:40:00Z", 1707734400, true);
	check_zone("2024-02-12T10:40:00z", "2024-02-12T10:40:00Z", 1707734400, true);
	check_zone("2024-02-12T11:40:00+01:00", "2024-02-12T10:40:00Z", 1707734400, true);
	check_zone("2024-02-12T11:40:00+0100", "2024-02-12T10:40:00Z", 1707734400, true);
	check_zone("2024-02-12T05:40:00-05", "2024-02-12T10:40:00Z", 1707734400, true);
	check_zone("2024-02-12T10:40:00+00:00", "2024-02-12T10:40:00Z", 1707734400, true);
	check_zone("2024-03-01", "2024-03-01", 1709251200, true);
	/* NULL outputs are allowed, and rc_date_parse keeps its behaviour. */
	assert_true(rc_date_parse_ex("2024-02-12T10:40:00", NULL, NULL, 0, NULL));
	int64_t ts = 0;
	char norm[32];
	assert_true(rc_date_parse("2024-02-12T10:40:00", &ts, norm, sizeof norm));
	assert_string_equal(norm, "2024-02-12T10:40:00Z");
	/* A refused date leaves *zoned alone. */
	bool zoned = true;
	assert_false(rc_date_parse_ex("2024-02-30T10:40:00", &ts, norm, sizeof norm, &zoned));
	assert_true(zoned);
}

/* A leap second (issue 14, case 5): 23:59:60 in UTC is valid (FHIR
 * instants, ISO 8601, RFC 3339); its text keeps :60 and its Unix time is
 * the start of the next second. */
static void test_dates_leap_second(void **state)
{
	check_date("2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z", 1483228800);
	check_date("2016-12-31T23:59:60.999Z", "2016-12-31T23:59:60Z", 1483228800);
	check_date("2015-06-30T23:59:60+00:00", "2015-06-30T23:59:60Z", 1435708800);
	/* In another zone, the same UTC second (RFC 3339, 5.7). */
	check_date("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:60Z", 1483228800);
	check_date("2016-12-31T15:59:60-08:00", "2016-12-31T23:59:60Z", 1483228800);
	/* Without a zone: taken as UTC, like any time. */
	check_zone("2016-12-31T23:59:60", "2016-12-31T23:59:60Z", 1483228800, false);
	/* It sorts between the second before and the one after. */
	int64_t before, leap, after;
	assert_true(rc_date_parse("2016-12-31T23:59:59Z", &before, NULL, 0));
	assert_true(rc_date_parse("2016-12-31T23:59:60Z", &leap, NULL, 0));
	assert_true(rc_date_parse("2017-01-01T00:00:00Z", &after, NULL, 0));
	assert_true(before < leap && leap <= after);

	static const char *const bad[] = {
		"2016-12-31T23:58:60Z",      /* not the last minute of the day */
		"2016-12-31T22:59:60Z",      /* not the last hour */
		"2016-12-31T23:59:60+01:00", /* 22:59:60 in UTC */
		"2016-12-31T12:00:60",
		"2016-12-31T23:59:61Z",
		"2016-12-31T24:00:00Z",      /* 24:00 is refused: write 00:00 of the next day */
		"2016-12-31T24:00Z",
		"2016-12-31T24:00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char norm[32];
		if (rc_date_parse(bad[i], NULL, norm, sizeof norm))
			fail_msg("accepted: \"%s\" as %s", bad[i], norm);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_clear),
		cmocka_unit_test(test_actions_outcomes),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_hash_id),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_dates_zone),
		cmocka_unit_test(test_dates_leap_second),
	};
	return cmocka_run_group_tests_name("event", tests, NULL, NULL);
}
