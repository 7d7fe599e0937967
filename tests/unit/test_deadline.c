/* test_deadline.c - civil dates, the shipped holiday calendars and the
 * deadline rules, on worked examples derived by hand from the texts
 * (each names its rule).  A wrong deadline can lose a challenge: every
 * example here was counted on a calendar first, then checked. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

static struct rc_holidays *all; /* every shipped calendar */

static const char *const shipped[] = {
	"at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "hu", "ie",
	"it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se",
	"is", "li", "no", "ch", "uk-england-wales", "uk-scotland", "uk-northern-ireland",
	"us-federal", "ca-federal", "eu-commission", NULL
};

static const char *top(void)
{
	const char *t = getenv("top_srcdir");
	return t && *t ? t : ".";
}

static char *read_cal(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/data/holidays/%s", top(), name);
	char *buf = NULL;
	enum rc_status st = rc_file_read_all(path, 1u << 20, &buf, len);
	if (st != RC_OK)
		fail_msg("cannot read %s: %s", path, rc_status_name(st));
	return buf;
}

static int setup(void **state)
{
	(void)state;
	DIR *d = opendir(strcat(strcpy((char[1024]){ 0 }, top()), "/data/holidays"));
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".json"))
			continue;
		size_t len;
		char *buf = read_cal(e->d_name, &len);
		if (rc_holidays_add_json(&all, buf, len) != RC_OK) {
			fprintf(stderr, "%s: %s\n", e->d_name, rc_error_detail());
			free(buf);
			closedir(d);
			return -1;
		}
		free(buf);
	}
	closedir(d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rc_holidays_free(&all);
	return 0;
}

static struct rc_ymd D(const char *s)
{
	struct rc_ymd d;
	if (!rc_ymd_parse(s, &d))
		fail_msg("bad date in the test: %s", s);
	return d;
}

static void assert_date(struct rc_ymd got, const char *want, const char *what)
{
	char g[RC_YMD_LEN];
	rc_ymd_format(got, g);
	if (strcmp(g, want))
		fail_msg("%s: got %s, want %s", what, g, want);
}

/* ------------------------------------------------------------------ */
/* Civil dates. */

static void test_parse_format(void **state)
{
	(void)state;
	struct rc_ymd d;
	assert_true(rc_ymd_parse("2028-02-29", &d)); /* 2028 is a leap year */
	assert_int_equal(d.y, 2028);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	assert_true(rc_ymd_parse("2000-02-29", &d));   /* divisible by 400 */
	assert_false(rc_ymd_parse("2100-02-29", &d));  /* 2100 is not leap */
	assert_false(rc_ymd_parse("2027-02-29", &d));
	assert_false(rc_ymd_parse("2025-04-31", &d));
	assert_false(rc_ymd_parse("2025-13-01", &d));
	assert_false(rc_ymd_parse("2025-00-10", &d));
	assert_false(rc_ymd_parse("2025-01-00", &d));
	assert_false(rc_ymd_parse("1899-12-31", &d));  /* years 1900-2200 */
	assert_false(rc_ymd_parse("2201-01-01", &d));
	assert_true(rc_ymd_parse("1900-01-01", &d));
	assert_true(rc_ymd_parse("2200-12-31", &d));
	assert_false(rc_ymd_parse("2025-1-01", &d));
	assert_false(rc_ymd_parse("2025-01-01 ", &d));
	assert_false(rc_ymd_parse(" 2025-01-01", &d));
	assert_false(rc_ymd_parse("2025-01-01T00:00", &d));
	assert_false(rc_ymd_parse("2025/01/01", &d));
	assert_false(rc_ymd_parse("", &d));
	assert_false(rc_ymd_parse(NULL, &d));
	assert_false(rc_ymd_parse("+025-01-01", &d));
	char buf[RC_YMD_LEN];
	rc_ymd_format((struct rc_ymd){ 1900, 3, 7 }, buf);
	assert_string_equal(buf, "1900-03-07");
	rc_ymd_format((struct rc_ymd){ 2100, 2, 29 }, buf);
	assert_string_equal(buf, "?\?\?\?-?\?-?\?");
	assert_false(rc_ymd_is_leap(2100));
	assert_false(rc_ymd_is_leap(1900));
	assert_true(rc_ymd_is_leap(2000));
	assert_true(rc_ymd_is_leap(2024));
	assert_int_equal(rc_ymd_month_days(2100, 2), 28);
	assert_int_equal(rc_ymd_month_days(2028, 2), 29);
	assert_int_equal(rc_ymd_month_days(2028, 13), 0);
}

/* Day numbers and weekdays against brute force: walk every day from
 * 1900 to 2200 one at a time. */
static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(rc_ymd_to_days(D("1970-01-01")), 0);
	assert_int_equal(rc_ymd_weekday(D("1970-01-01")), 4);  /* Thursday */
	assert_int_equal(rc_ymd_weekday(D("2027-02-28")), 7);  /* Sunday */
	assert_int_equal(rc_ymd_weekday(D("2025-04-21")), 1);  /* Easter Monday */
	assert_int_equal(rc_ymd_weekday(D("1900-01-01")), 1);  /* a Monday */
	struct rc_ymd d = { 1900, 1, 1 };
	int32_t n = rc_ymd_to_days(d);
	int wd = 1;
	while (d.y <= 2200) {
		assert_true(rc_ymd_valid(d));
		assert_int_equal(rc_ymd_to_days(d), n);
		struct rc_ymd back = rc_ymd_from_days(n);
		assert_int_equal(rc_ymd_cmp(back, d), 0);
		assert_int_equal(rc_ymd_weekday(d), wd);
		/* the next day by hand */
		struct rc_ymd next = d;
		if (++next.d > rc_ymd_month_days(next.y, next.m)) {
			next.d = 1;
			if (++next.m > 12) {
				next.m = 1;
				next.y++;
			}
		}
		assert_int_equal(rc_ymd_cmp(rc_ymd_add_days(d, 1), next), 0);
		assert_true(rc_ymd_cmp(d, next) < 0);
		assert_int_equal(rc_ymd_diff(d, next), 1);
		d = next;
		n++;
		wd = wd % 7 + 1;
	}
	assert_int_equal(rc_ymd_diff(D("2024-01-01"), D("2025-01-01")), 366);
	assert_int_equal(rc_ymd_diff(D("2100-01-01"), D("2101-01-01")), 365);
}

static void test_add_months(void **state)
{
	(void)state;
	assert_date(rc_ymd_add_months(D("2025-01-31"), 1), "2025-02-28", "31 Jan 2025 + 1 month");
	assert_date(rc_ymd_add_months(D("2028-01-31"), 1), "2028-02-29", "31 Jan 2028 + 1 month (leap)");
	assert_date(rc_ymd_add_months(D("2100-01-31"), 1), "2100-02-28", "31 Jan 2100 + 1 month (not leap)");
	assert_date(rc_ymd_add_months(D("2028-02-29"), 12), "2029-02-28", "29 Feb 2028 + 1 year");
	assert_date(rc_ymd_add_months(D("2025-03-31"), 1), "2025-04-30", "31 Mar + 1 month");
	assert_date(rc_ymd_add_months(D("2025-12-15"), 1), "2026-01-15", "across the year");
	assert_date(rc_ymd_add_months(D("2025-01-15"), -1), "2024-12-15", "backwards");
	assert_date(rc_ymd_add_months(D("2025-08-31"), 6), "2026-02-28", "six months");
}

/* A day later is the next civil day even across a change of daylight
 * saving time.  mktime under TZ=Europe/Berlin normalises a struct tm
 * with tm_mday + 1 to the same civil date; adding 86400 seconds to local
 * midnight does not (on 25 October 2026 the day has 25 hours). */
static void test_dst(void **state)
{
	(void)state;
	const char *old = getenv("TZ");
	char *saved = old ? rc_xstrdup(old) : NULL;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	int naive_wrong = 0;
	for (struct rc_ymd d = D("2024-01-01"); d.y <= 2030; d = rc_ymd_add_days(d, 1)) {
		struct tm tm = { .tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d + 1, .tm_isdst = -1 };
		time_t t = mktime(&tm);
		assert_true(t != (time_t)-1);
		struct rc_ymd ours = rc_ymd_add_days(d, 1);
		assert_int_equal(ours.y, tm.tm_year + 1900);
		assert_int_equal(ours.m, tm.tm_mon + 1);
		assert_int_equal(ours.d, tm.tm_mday);
		/* the naive way: local midnight + 86400 s */
		struct tm m0 = { .tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_isdst = -1 };
		time_t t0 = mktime(&m0) + 86400;
		struct tm n;
		localtime_r(&t0, &n);
		if (n.tm_mday != ours.d)
			naive_wrong++;
	}
	/* one autumn change a year, 2024-2030: 86400 s stays on the same day */
	assert_int_equal(naive_wrong, 7);
	/* a deadline over the change: received Saturday 28 March 2026 (the
	 * clocks go forward that night), 1 day later is Sunday 29 March */
	assert_date(rc_ymd_add_days(D("2026-03-28"), 1), "2026-03-29", "over the spring change");
	assert_date(rc_ymd_add_days(D("2026-10-25"), 1), "2026-10-26", "over the autumn change");
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

/* ------------------------------------------------------------------ */
/* The shipped calendars. */

static void test_shipped_calendars(void **state)
{
	(void)state;
	assert_int_equal(rc_holidays_count(all), sizeof shipped / sizeof *shipped - 1);
	for (size_t i = 0; shipped[i]; i++) {
		int from, to;
		if (!rc_holidays_years(all, shipped[i], &from, &to))
			fail_msg("calendar %s not shipped", shipped[i]);
		assert_int_equal(from, 2024);
		assert_int_equal(to, 2030);
		struct rc_ymd prev = { 0, 0, 0 }, d;
		const char *name;
		bool obs;
		size_t k = 0;
		for (; rc_holidays_entry(all, shipped[i], k, &d, &name, &obs); k++) {
			assert_true(rc_ymd_valid(d));
			assert_true(d.y >= from && d.y <= to);
			if (k > 0 && rc_ymd_cmp(prev, d) >= 0)
				fail_msg("%s: not sorted or twice at entry %zu", shipped[i], k);
			assert_true(name && name[0]);
			/* observed days only in the US calendar */
			if (obs)
				assert_string_equal(shipped[i], "us-federal");
			prev = d;
		}
		if (k < 7 * 4) /* Switzerland keeps 4 a year; all others more */
			fail_msg("%s: only %zu days", shipped[i], k);
	}
	for (size_t i = 0; i < rc_holidays_count(all); i++)
		assert_non_null(rc_holidays_title(all, i));
	assert_null(rc_holidays_id(all, rc_holidays_count(all)));
}

static void holiday_is(const char *cal, const char *date, const char *name, bool observed)
{
	const char *got;
	enum rc_answer a = rc_holidays_is_holiday(all, cal, D(date), observed, &got);
	if (a != RC_ANSWER_YES)
		fail_msg("%s %s: not a holiday (%d)", cal, date, (int)a);
	if (name && (!got || !strstr(got, name)))
		fail_msg("%s %s: named %s, want %s", cal, date, got ? got : "(null)", name);
}

static void not_holiday(const char *cal, const char *date)
{
	enum rc_answer a = rc_holidays_is_holiday(all, cal, D(date), true, NULL);
	if (a != RC_ANSWER_NO)
		fail_msg("%s %s: %d, want no", cal, date, (int)a);
}

/* Spot checks against published lists (gov.uk, OPM, the Commission's
 * 2025 list) and the laws cited in the files. */
static void test_spot_checks(void **state)
{
	(void)state;
	holiday_is("de", "2025-04-21", "Ostermontag", false);
	holiday_is("de", "2025-05-29", "Himmelfahrt", false);
	holiday_is("de", "2025-06-09", "Pfingstmontag", false);
	holiday_is("de", "2025-10-03", "Einheit", false);
	not_holiday("de", "2025-10-31"); /* Reformation Day: some Länder only */
	holiday_is("fr", "2027-05-08", "1945", false);
	holiday_is("nl", "2025-04-26", "Koningsdag", false); /* 27 April 2025 is a Sunday */
	holiday_is("nl", "2026-04-27", "Koningsdag", false);
	holiday_is("gr", "2025-04-21", "Δευτέρα του Πάσχα", false); /* Orthodox = Western in 2025 */
	holiday_is("gr", "2026-04-13", "Δευτέρα του Πάσχα", false); /* Orthodox Easter 12 April 2026 */
	holiday_is("it", "2027-10-04", "Francesco", false); /* from 2026 */
	not_holiday("it", "2025-10-04");
	holiday_is("pl", "2025-12-24", "Wigilia", false);  /* from 2025 */
	not_holiday("pl", "2024-12-24");
	holiday_is("ie", "2025-02-03", "Bríde", false);    /* first Monday in February */
	holiday_is("ie", "2030-02-01", "Bríde", false);    /* 1 February 2030 is a Friday */
	holiday_is("uk-england-wales", "2026-12-28", "substitute", false); /* Boxing Day on a Saturday */
	holiday_is("uk-england-wales", "2025-05-26", "Spring", false);
	holiday_is("uk-england-wales", "2025-08-25", "Summer", false);
	not_holiday("uk-scotland", "2025-04-21");           /* no Easter Monday in Scotland */
	holiday_is("uk-scotland", "2025-08-04", "Summer", false);
	holiday_is("uk-scotland", "2028-01-04", "2nd January", false); /* substitute */
	holiday_is("uk-northern-ireland", "2026-07-13", "Boyne", false); /* 12 July 2026 is a Sunday */
	holiday_is("us-federal", "2027-06-18", "Juneteenth", true);      /* observed Friday */
	assert_int_equal(rc_holidays_is_holiday(all, "us-federal", D("2027-06-18"), false, NULL), RC_ANSWER_NO);
	holiday_is("us-federal", "2027-12-31", "New Year", true);         /* 1 January 2028 observed */
	holiday_is("us-federal", "2025-11-27", "Thanksgiving", false);
	holiday_is("us-federal", "2026-01-19", "Martin Luther King", false);
	holiday_is("ca-federal", "2024-09-30", "Truth and Reconciliation", false);
	holiday_is("ca-federal", "2025-05-19", "Victoria Day", false);
	holiday_is("ca-federal", "2025-10-13", "Thanksgiving", false);
	holiday_is("ca-federal", "2029-07-02", "Canada Day (following Monday)", false); /* s. 35(2): 1 July 2029 is a Sunday */
	holiday_is("eu-commission", "2025-04-17", "Maundy Thursday", false);
	holiday_is("eu-commission", "2025-05-30", "Friday after Ascension", false);
	holiday_is("eu-commission", "2025-11-02", "All Souls", false);
	holiday_is("eu-commission", "2025-12-31", "End-of-year", false);
	holiday_is("ch", "2025-08-01", NULL, false);
	holiday_is("bg", "2025-05-26", "почивен ден", false); /* 24 May 2025 is a Saturday */
	/* working days */
	assert_int_equal(rc_holidays_is_working_day(all, "de", D("2025-04-22"), true), RC_ANSWER_YES);
	assert_int_equal(rc_holidays_is_working_day(all, "de", D("2025-04-21"), true), RC_ANSWER_NO);
	assert_int_equal(rc_holidays_is_working_day(all, "de", D("2025-04-26"), true), RC_ANSWER_NO);
	assert_int_equal(rc_holidays_is_working_day(all, "us-federal", D("2027-06-18"), false), RC_ANSWER_YES);
	assert_int_equal(rc_holidays_is_working_day(all, "us-federal", D("2027-06-18"), true), RC_ANSWER_NO);
}

/* Unknown is never a guessed "no". */
static void test_unknown(void **state)
{
	(void)state;
	const char *name = "x";
	assert_int_equal(rc_holidays_is_holiday(all, "de", D("2031-01-01"), true, &name), RC_ANSWER_UNKNOWN);
	assert_null(name);
	assert_int_equal(rc_holidays_is_holiday(all, "de", D("2023-12-25"), true, NULL), RC_ANSWER_UNKNOWN);
	assert_int_equal(rc_holidays_is_holiday(all, "xx", D("2025-01-01"), true, NULL), RC_ANSWER_UNKNOWN);
	assert_int_equal(rc_holidays_is_holiday(NULL, "de", D("2025-01-01"), true, NULL), RC_ANSWER_UNKNOWN);
	assert_int_equal(rc_holidays_is_holiday(all, NULL, D("2025-01-01"), true, NULL), RC_ANSWER_UNKNOWN);
	assert_int_equal(rc_holidays_is_working_day(all, "de", D("2031-01-04"), true), RC_ANSWER_UNKNOWN); /* a Saturday */
	assert_int_equal(rc_holidays_is_working_day(all, "nowhere", D("2025-01-06"), true), RC_ANSWER_UNKNOWN);
	assert_int_equal(rc_holidays_is_holiday(all, "de", D("2030-12-31"), true, NULL), RC_ANSWER_NO);

	struct rc_deadline_query q = { .event = D("2030-12-10"), .period = { 1, RC_UNIT_MONTHS },
		.rule = RC_RULE_EU_1182_71, .calendar = "de" };
	struct rc_deadline r;
	rc_error_clear();
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_NOTFOUND); /* ends in 2031 */
	assert_non_null(strstr(rc_error_detail(), "2031"));
	assert_false(rc_ymd_valid(r.due));
	q.event = D("2025-03-10");
	q.calendar = "atlantis";
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_NOTFOUND);
	assert_non_null(strstr(rc_error_detail(), "atlantis"));
	assert_int_equal(rc_deadline_compute(NULL, &q, &r), RC_NOTFOUND);
	/* a received date before the calendar starts: FOIA asks about it */
	q = (struct rc_deadline_query){ .event = D("2023-12-30"), .period = { 20, RC_UNIT_WORKING_DAYS },
		.rule = RC_RULE_US_FOIA, .calendar = "us-federal" };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_NOTFOUND);
}

/* ------------------------------------------------------------------ */
/* Worked examples. */

struct example {
	const char *what;          /* the rule and why */
	const char *event;
	struct rc_period period;
	struct rc_period ext;      /* n = 0: none */
	enum rc_rule rule;
	const char *cal;
	const char *authority_due; /* the later date */
	const char *applicant_due; /* the earlier date */
	unsigned uncertain;
	const char *unmoved;       /* the authority's date before a move, or NULL */
};

#define M(n) { n, RC_UNIT_MONTHS }
#define CD(n) { n, RC_UNIT_CALENDAR_DAYS }
#define WD(n) { n, RC_UNIT_WORKING_DAYS }
#define NONE { 0, RC_UNIT_MONTHS }

static const struct example examples[] = {
	/* 1182/71 Art. 3(1), 3(2)(c): 31 January + 1 month = 28 February
	 * (a Friday in 2025, a working day in DE). */
	{ "EU month end", "2025-01-31", M(1), NONE, RC_RULE_EU_1182_71, "de",
	  "2025-02-28", "2025-02-28", 0, NULL },
	/* leap year: 31 January 2028 + 1 month = Tuesday 29 February 2028 */
	{ "EU leap year", "2028-01-31", M(1), NONE, RC_RULE_EU_1182_71, "de",
	  "2028-02-29", "2028-02-29", 0, NULL },
	/* 29 February 2028 + 1 year = Wednesday 28 February 2029 */
	{ "EU year from 29 February", "2028-02-29", { 1, RC_UNIT_YEARS }, NONE, RC_RULE_EU_1182_71, "de",
	  "2029-02-28", "2029-02-28", 0, NULL },
	/* received on a holiday (Christmas Day 2025, Thursday): the day is not
	 * counted anyway; 25 January 2026 is a Sunday: Art. 3(4) -> Monday 26 */
	{ "EU received on a holiday", "2025-12-25", M(1), NONE, RC_RULE_EU_1182_71, "de",
	  "2026-01-26", "2026-01-26", 0, "2026-01-25" },
	/* the last day is Easter Monday 21 April 2025 in DE: Art. 3(4) moves it
	 * to Tuesday 22 April */
	{ "EU ends on Easter Monday (DE)", "2025-03-21", M(1), NONE, RC_RULE_EU_1182_71, "de",
	  "2025-04-22", "2025-04-22", 0, "2025-04-21" },
	/* 10 calendar days from Friday 18 April 2025 (Good Friday): the 10th day
	 * is Monday 28 April, a working day */
	{ "EU days", "2025-04-18", CD(10), NONE, RC_RULE_EU_1182_71, "de",
	  "2025-04-28", "2025-04-28", 0, NULL },
	/* Art. 3(5): 2 calendar days from Wednesday 24 December 2025 end on
	 * Friday 26 December (holiday) -> 3(4) Monday 29; (25, 29] holds only
	 * one working day (29), so one more: Tuesday 30 December */
	{ "EU Art. 3(5)", "2025-12-24", CD(2), NONE, RC_RULE_EU_1182_71, "de",
	  "2025-12-30", "2025-12-30", 0, "2025-12-26" },
	/* GDPR Art. 12(3): received Sunday 31 January 2027; 28 February 2027
	 * is a Sunday: with 3(4) Monday 1 March, without it 28 February */
	{ "GDPR, 3(4) uncertain", "2027-01-31", M(1), NONE, RC_RULE_GDPR_12_3, "de",
	  "2027-03-01", "2027-02-28", RC_DLQ_EU_3_4, "2027-02-28" },
	/* GDPR extension by two further months, received Monday 10 March 2025:
	 * 10 April, then 10 June (Tuesday; Whit Monday is 9 June) either way */
	{ "GDPR extension, certain", "2025-03-10", M(1), M(2), RC_RULE_GDPR_12_3, "de",
	  "2025-06-10", "2025-06-10", 0, NULL },
	/* GDPR extension from 31 January 2027: chained without 3(4) 28 Feb ->
	 * 28 April; chained with 3(4) 1 March -> 1 May (Saturday, Tag der
	 * Arbeit) -> Monday 3 May; as 3 months from receipt 30 April */
	{ "GDPR extension, uncertain", "2027-01-31", M(1), M(2), RC_RULE_GDPR_12_3, "de",
	  "2027-05-03", "2027-04-28", RC_DLQ_EU_3_4 | RC_DLQ_EXTENSION, "2027-05-01" },
	/* ICO's own examples: 3 September -> 3 October (2025: a Friday); the
	 * strict reading ends 2 October */
	{ "UK ICO 3 Sep", "2025-09-03", M(1), NONE, RC_RULE_UK_BEGINNING, "uk-england-wales",
	  "2025-10-03", "2025-10-02", RC_DLQ_UK_STRICT, NULL },
	/* 31 March -> 30 April (no 31 April): both readings agree */
	{ "UK ICO 31 Mar", "2025-03-31", M(1), NONE, RC_RULE_UK_BEGINNING, "uk-england-wales",
	  "2025-04-30", "2025-04-30", 0, NULL },
	/* 25 November 2024 -> 25 December, bank holidays 25 and 26 -> Friday
	 * 27 December 2024 (ICO's example); strict: 24 December */
	{ "UK ICO 25 Nov", "2024-11-25", M(1), NONE, RC_RULE_UK_BEGINNING, "uk-england-wales",
	  "2024-12-27", "2024-12-24", RC_DLQ_UK_STRICT, "2024-12-25" },
	/* a UK substitute bank holiday: received Saturday 28 November 2026;
	 * 28 December 2026 is the Boxing Day substitute -> Tuesday 29 December;
	 * strict: Sunday 27 December */
	{ "UK substitute bank holiday", "2026-11-28", M(1), NONE, RC_RULE_UK_BEGINNING, "uk-england-wales",
	  "2026-12-29", "2026-12-27", RC_DLQ_UK_STRICT, "2026-12-28" },
	/* UK extension by two further months, received Monday 2 March 2026:
	 * ICO 2 June (Tuesday); strict 1 June either way it is counted */
	{ "UK extension", "2026-03-02", M(1), M(2), RC_RULE_UK_BEGINNING, "uk-england-wales",
	  "2026-06-02", "2026-06-01", RC_DLQ_UK_STRICT, NULL },
	/* FOIA across Thanksgiving: received Monday 3 November 2025; 20 working
	 * days skip Veterans Day (11 Nov) and Thanksgiving (27 Nov): 3 December */
	{ "FOIA Thanksgiving", "2025-11-03", WD(20), NONE, RC_RULE_US_FOIA, "us-federal",
	  "2025-12-03", "2025-12-03", 0, NULL },
	/* FOIA unusual circumstances, 10 more: 17 December 2025 */
	{ "FOIA extension", "2025-11-03", WD(20), WD(10), RC_RULE_US_FOIA, "us-federal",
	  "2025-12-17", "2025-12-17", 0, NULL },
	/* FOIA across Christmas 2027 with observed holidays (Friday 24 Dec for
	 * Christmas, Friday 31 Dec for New Year 2028): received Friday 3
	 * December 2027; counting them as working days: 31 December; as
	 * holidays: Tuesday 4 January 2028 */
	{ "FOIA Christmas observed", "2027-12-03", WD(20), NONE, RC_RULE_US_FOIA, "us-federal",
	  "2028-01-04", "2027-12-31", RC_DLQ_OBSERVED, NULL },
	/* FOIA, received on Saturday 14 June 2025: counted from Monday 16 (day
	 * 1), skipping Juneteenth and 4 July: 15 July; deemed received Monday:
	 * 16 July */
	{ "FOIA received on a Saturday", "2025-06-14", WD(20), NONE, RC_RULE_US_FOIA, "us-federal",
	  "2025-07-16", "2025-07-15", RC_DLQ_RECEIPT_DAY, NULL },
	/* Canada Privacy Act s. 14: 30 days after Friday 2 May 2025 is Sunday
	 * 1 June, a holiday (s. 35) -> Monday 2 June (s. 26) */
	{ "Canada ends on a Sunday", "2025-05-02", CD(30), NONE, RC_RULE_CA_INTERP, "ca-federal",
	  "2025-06-02", "2025-06-02", 0, "2025-06-01" },
	/* 30 days after Thursday 3 April 2025 is Saturday 3 May: not a holiday
	 * in s. 35; in federal practice Monday 5 May */
	{ "Canada ends on a Saturday", "2025-04-03", CD(30), NONE, RC_RULE_CA_INTERP, "ca-federal",
	  "2025-05-05", "2025-05-03", RC_DLQ_CA_SATURDAY, "2025-05-03" },
	/* 30 days after Sunday 1 June 2025 is Canada Day (Tuesday 1 July) ->
	 * Wednesday 2 July */
	{ "Canada ends on Canada Day", "2025-06-01", CD(30), NONE, RC_RULE_CA_INTERP, "ca-federal",
	  "2025-07-02", "2025-07-02", 0, "2025-07-01" },
	/* s. 15 extension of 30 days: 2 July + 30 = Friday 1 August 2025 */
	{ "Canada extension", "2025-06-01", CD(30), CD(30), RC_RULE_CA_INTERP, "ca-federal",
	  "2025-08-01", "2025-07-31", RC_DLQ_EXTENSION, NULL },
	/* an EU institution: 1 month from Thursday 17 April 2025 ends Saturday
	 * 17 May -> Monday 19 May (Commission calendar) */
	{ "EU institution", "2025-04-17", M(1), NONE, RC_RULE_EU_1182_71, "eu-commission",
	  "2025-05-19", "2025-05-19", 0, "2025-05-17" },
};

static void check_example(const struct example *ex)
{
	struct rc_deadline_query q = { .event = D(ex->event), .period = ex->period, .rule = ex->rule,
		.calendar = ex->cal, .whose = RC_WHOSE_AUTHORITY };
	if (ex->ext.n) {
		q.ext[0] = ex->ext;
		q.n_ext = 1;
	}
	struct rc_deadline r;
	if (rc_deadline_compute(all, &q, &r) != RC_OK)
		fail_msg("%s: %s", ex->what, rc_error_detail());
	char what[128];
	snprintf(what, sizeof what, "%s (authority)", ex->what);
	assert_date(r.due, ex->authority_due, what);
	assert_date(r.latest, ex->authority_due, what);
	assert_date(r.earliest, ex->applicant_due, what);
	assert_date(r.other, ex->applicant_due, what);
	if (r.uncertain != ex->uncertain)
		fail_msg("%s: uncertain 0x%x, want 0x%x", ex->what, r.uncertain, ex->uncertain);
	if (ex->unmoved) {
		assert_true(r.moved);
		assert_date(r.unmoved, ex->unmoved, what);
	}
	q.whose = RC_WHOSE_APPLICANT;
	if (rc_deadline_compute(all, &q, &r) != RC_OK)
		fail_msg("%s: %s", ex->what, rc_error_detail());
	snprintf(what, sizeof what, "%s (applicant)", ex->what);
	assert_date(r.due, ex->applicant_due, what);
	assert_date(r.other, ex->authority_due, what);
}

static void test_examples(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof examples / sizeof *examples; i++)
		check_example(&examples[i]);
}

/* The stopped clock (DPA 2018 s. 54(3C)): received Monday 2 March 2026,
 * clarification asked Thursday 5 March, received Thursday 12 March: the
 * 8 days 5..12 do not count.  ICO: 2 April + 8 = Friday 10 April 2026;
 * strict: 1 April + 8 = Thursday 9 April. */
static void test_stopped_clock(void **state)
{
	(void)state;
	struct rc_pause p[2] = { { D("2026-03-05"), D("2026-03-12") } };
	struct rc_deadline_query q = { .event = D("2026-03-02"), .period = { 1, RC_UNIT_MONTHS },
		.rule = RC_RULE_UK_BEGINNING, .calendar = "uk-england-wales", .pauses = p, .n_pauses = 1 };
	struct rc_deadline r;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_OK);
	assert_date(r.due, "2026-04-10", "stopped clock");
	assert_date(r.other, "2026-04-09", "stopped clock, strict");
	assert_int_equal(r.paused_days, 8);
	assert_int_equal(r.uncertain, RC_DLQ_UK_STRICT);
	/* asked and answered the same day: that one day does not count.
	 * 2 April + 1 = Friday 3 April 2026, Good Friday -> Easter Monday ->
	 * Tuesday 7 April (ICO) */
	p[0] = (struct rc_pause){ D("2026-03-05"), D("2026-03-05") };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_OK);
	assert_int_equal(r.paused_days, 1);
	assert_date(r.due, "2026-04-07", "one-day pause");
	assert_date(r.unmoved, "2026-04-03", "one-day pause, before the move");
	assert_non_null(r.moved_holiday);
	assert_string_equal(r.moved_holiday, "Good Friday");
	/* a second pause that only falls inside the period once the first has
	 * pushed it: 2 April + 8 = 10 April; pause 9..10 April adds 2 -> 12
	 * April (Sunday) -> Monday 13 (ICO); strict 9 + 8 = ... */
	p[0] = (struct rc_pause){ D("2026-03-05"), D("2026-03-12") };
	p[1] = (struct rc_pause){ D("2026-04-09"), D("2026-04-10") };
	q.n_pauses = 2;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_OK);
	assert_int_equal(r.paused_days, 10);
	assert_date(r.due, "2026-04-13", "two pauses, ICO");
	assert_date(r.other, "2026-04-11", "two pauses, strict");
	/* pauses are for the UK rule only, and must be in order */
	q.rule = RC_RULE_GDPR_12_3;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	q.rule = RC_RULE_UK_BEGINNING;
	p[1] = (struct rc_pause){ D("2026-03-10"), D("2026-03-20") }; /* overlaps */
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "2"));
	p[0] = (struct rc_pause){ D("2026-03-01"), D("2026-03-03") }; /* before receipt */
	q.n_pauses = 1;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	p[0] = (struct rc_pause){ D("2026-03-05"), D("2026-03-04") }; /* ends before it starts */
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
}

static void test_bad_queries(void **state)
{
	(void)state;
	struct rc_deadline r;
	struct rc_deadline_query q = { .event = { 2025, 2, 29 }, .period = { 1, RC_UNIT_MONTHS },
		.rule = RC_RULE_EU_1182_71, .calendar = "de" };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	q.event = D("2025-02-28");
	q.period.n = 0;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	q.period.n = RC_PERIOD_N_MAX + 1;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	q.period = (struct rc_period){ 1, RC_UNIT_COUNT };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	q.period = (struct rc_period){ 1, RC_UNIT_MONTHS };
	q.rule = RC_RULE_COUNT;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	q.rule = RC_RULE_EU_1182_71;
	q.n_ext = RC_DEADLINE_MAX_EXT + 1;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	q.n_ext = 1;
	q.ext[0] = (struct rc_period){ -2, RC_UNIT_MONTHS };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_INVALID);
	assert_int_equal(rc_deadline_compute(all, NULL, &r), RC_INVALID);
	assert_int_equal(rc_deadline_compute(all, &q, NULL), RC_INVALID);
	/* the largest period runs past every calendar: not known, no crash */
	q.n_ext = 0;
	q.period = (struct rc_period){ RC_PERIOD_N_MAX, RC_UNIT_YEARS };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_NOTFOUND);
	/* ids */
	enum rc_rule rule;
	enum rc_unit unit;
	assert_true(rc_rule_parse("gdpr-12-3", &rule));
	assert_int_equal(rule, RC_RULE_GDPR_12_3);
	assert_false(rc_rule_parse("gdpr", &rule));
	assert_string_equal(rc_rule_id(RC_RULE_US_FOIA), "us-foia");
	assert_null(rc_rule_id(RC_RULE_COUNT));
	assert_true(rc_unit_parse("working-days", &unit));
	assert_int_equal(unit, RC_UNIT_WORKING_DAYS);
	assert_false(rc_unit_parse("fortnights", &unit));
	assert_null(rc_unit_id(RC_UNIT_COUNT));
	assert_string_equal(rc_dlq_id(RC_DLQ_OBSERVED), "observed-holiday");
	assert_null(rc_dlq_id(RC_DLQ_OBSERVED | RC_DLQ_EU_3_4));
	for (unsigned b = 1; b <= RC_DLQ_EXTENSION; b <<= 1)
		assert_non_null(rc_dlq_explanation(b));
	assert_null(rc_dlq_explanation(0));
}

/* The explanation names the date, the period, the rule, the move and the
 * doubt (the C locale: English). */
static void test_explain(void **state)
{
	(void)state;
	struct rc_deadline_query q = { .event = D("2027-01-31"), .period = { 1, RC_UNIT_MONTHS },
		.rule = RC_RULE_GDPR_12_3, .calendar = "de" };
	struct rc_deadline r;
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_OK);
	char *s = rc_deadline_explain(&q, &r, "GDPR Art. 12(3)");
	assert_non_null(s);
	assert_non_null(strstr(s, "Due 1 March 2027: 1 month after the day of receipt, GDPR Art. 12(3)."));
	assert_non_null(strstr(s, "Moved from Sunday 28 February 2027, which is not a working day."));
	assert_non_null(strstr(s, "Uncertain: it may be 28 February 2027 instead."));
	assert_non_null(strstr(s, "Article 3(4)"));
	assert_non_null(strstr(s, "only clearly late after the later date"));
	free(s);
	/* a holiday by name, an extension, the applicant's side */
	q = (struct rc_deadline_query){ .event = D("2025-03-21"), .period = { 1, RC_UNIT_MONTHS },
		.rule = RC_RULE_EU_1182_71, .calendar = "de", .whose = RC_WHOSE_APPLICANT };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_OK);
	s = rc_deadline_explain(&q, &r, NULL);
	assert_non_null(strstr(s, "Due 22 April 2025: 1 month after the day of receipt."));
	assert_non_null(strstr(s, "Moved from Monday 21 April 2025 (Ostermontag, a public holiday)."));
	assert_null(strstr(s, "Uncertain"));
	free(s);
	struct rc_pause p = { D("2026-03-05"), D("2026-03-12") };
	q = (struct rc_deadline_query){ .event = D("2026-03-02"), .period = { 1, RC_UNIT_MONTHS },
		.ext = { { 2, RC_UNIT_MONTHS } }, .n_ext = 1, .rule = RC_RULE_UK_BEGINNING,
		.calendar = "uk-england-wales", .pauses = &p, .n_pauses = 1, .whose = RC_WHOSE_APPLICANT };
	assert_int_equal(rc_deadline_compute(all, &q, &r), RC_OK);
	s = rc_deadline_explain(&q, &r, "UK GDPR Art. 12A");
	assert_non_null(strstr(s, "1 month beginning with the day of receipt, extended by 2 further months, UK GDPR Art. 12A."));
	assert_non_null(strstr(s, "The clock stood still for 8 days"));
	assert_non_null(strstr(s, "act by the earlier date"));
	free(s);
	assert_null(rc_deadline_explain(NULL, &r, NULL));
	char buf[64];
	rc_date_words(D("2027-03-03"), false, buf, sizeof buf);
	assert_string_equal(buf, "3 March 2027");
	rc_date_words(D("2027-02-28"), true, buf, sizeof buf);
	assert_string_equal(buf, "Sunday 28 February 2027");
	rc_date_words((struct rc_ymd){ 2027, 2, 30 }, true, buf, sizeof buf);
	assert_string_equal(buf, "?");
}

/* Every rule, every calendar, every start day 2024-2029 with a month and
 * 20 working days: never a crash, the due date a working day under the
 * rules that move (3(4), ICO, FOIA), earliest <= due <= latest. */
static void test_sweep(void **state)
{
	(void)state;
	for (size_t c = 0; shipped[c]; c++) {
		for (struct rc_ymd d = D("2024-01-01"); d.y < 2030; d = rc_ymd_add_days(d, 3)) {
			for (int rule = 0; rule < RC_RULE_COUNT; rule++) {
				struct rc_deadline_query q = { .event = d, .rule = (enum rc_rule)rule, .calendar = shipped[c],
					.period = rule == RC_RULE_US_FOIA ? (struct rc_period){ 20, RC_UNIT_WORKING_DAYS }
					                                  : (struct rc_period){ 1, RC_UNIT_MONTHS } };
				struct rc_deadline r;
				enum rc_status st = rc_deadline_compute(all, &q, &r);
				if (st == RC_NOTFOUND)
					continue; /* ran into 2031 */
				assert_int_equal(st, RC_OK);
				assert_true(rc_ymd_cmp(r.earliest, r.due) <= 0 && rc_ymd_cmp(r.due, r.latest) <= 0);
				assert_true(rc_ymd_cmp(d, r.earliest) < 0);
				if (rule == RC_RULE_EU_1182_71 || rule == RC_RULE_US_FOIA)
					assert_int_equal(rc_holidays_is_working_day(all, shipped[c], r.due, true), RC_ANSWER_YES);
				assert_int_equal(r.uncertain == 0, rc_ymd_cmp(r.earliest, r.latest) == 0);
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Malformed calendars. */

#define HEAD "{\"kind\":\"holidays\",\"format\":1,\"id\":\"t\",\"title\":\"T\",\"source\":[\"s\"],"
#define YEARS "\"years\":{\"from\":2025,\"to\":2025},"

static const struct {
	const char *json;
	const char *detail;
} bad_cals[] = {
	{ "[]", "whole file" },
	{ "{\"kind\":\"regime\",\"format\":1}", "\"kind\"" },
	{ "{\"kind\":\"holidays\",\"format\":2}", "\"format\"" },
	{ "{\"kind\":\"holidays\"}", "\"format\"" },
	{ "{\"kind\":\"holidays\",\"format\":1,\"id\":\"T\"}", "\"id\"" },
	{ "{\"kind\":\"holidays\",\"format\":1,\"id\":\"t\"}", "\"title\"" },
	{ HEAD "\"days\":[]}", "\"years\"" },
	{ "{\"kind\":\"holidays\",\"format\":1,\"id\":\"t\",\"title\":\"T\"," YEARS "\"days\":[]}", "\"source\"" },
	{ "{\"kind\":\"holidays\",\"format\":1,\"id\":\"t\",\"title\":\"T\",\"source\":[]," YEARS "\"days\":[]}", "\"source\"" },
	{ "{\"kind\":\"holidays\",\"format\":1,\"id\":\"t\",\"title\":\"T\",\"source\":[1]," YEARS "\"days\":[]}", "\"source[0]\"" },
	{ HEAD "\"years\":{\"from\":2025}, \"days\":[]}", "\"years.to\"" },
	{ HEAD "\"years\":{\"from\":2026,\"to\":2025}, \"days\":[]}", "\"years\"" },
	{ HEAD "\"years\":{\"from\":1800,\"to\":2025}, \"days\":[]}", "\"years.from\"" },
	{ HEAD "\"years\":{\"from\":2025,\"to\":2025,\"by\":1}, \"days\":[]}", "\"years.by\"" },
	{ HEAD YEARS "\"days\":{}}", "\"days\"" },
	{ HEAD "\"years\":{\"from\":2025,\"to\":2025}}", "\"days\"" },
	{ HEAD YEARS "\"days\":[5]}", "\"days[0]\"" },
	{ HEAD YEARS "\"days\":[{\"name\":\"x\"}]}", "\"days[0].date\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-01-01\"}]}", "\"days[0].name\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-02-29\",\"name\":\"x\"}]}", "\"days[0].date\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-1-1\",\"name\":\"x\"}]}", "\"days[0].date\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2026-01-01\",\"name\":\"x\"}]}", "\"days[0].date\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-01-02\",\"name\":\"x\"},{\"date\":\"2025-01-01\",\"name\":\"y\"}]}",
	  "\"days[1].date\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-01-01\",\"name\":\"x\"},{\"date\":\"2025-01-01\",\"name\":\"y\"}]}",
	  "\"days[1].date\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-01-01\",\"name\":\"x\",\"observed\":\"yes\"}]}",
	  "\"days[0].observed\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-01-01\",\"name\":\" \"}]}", "\"days[0].name\"" },
	{ HEAD YEARS "\"days\":[{\"date\":\"2025-01-01\",\"name\":\"x\",\"when\":1}]}", "\"days[0].when\"" },
	{ HEAD YEARS "\"days\":[],\"region\":\"x\"}", "\"region\"" },
	{ HEAD YEARS "\"days\":[],\"notes\":5}", "\"notes\"" },
	{ HEAD YEARS "\"days\":[],\"days\":[]}", "line" },  /* duplicate key */
	{ HEAD YEARS "\"days\":[", "line" },
};

static void test_malformed(void **state)
{
	(void)state;
	size_t len;
	char *de = read_cal("de.json", &len);
	struct rc_holidays *set = NULL;
	assert_int_equal(rc_holidays_add_json(&set, de, len), RC_OK);
	for (size_t i = 0; i < sizeof bad_cals / sizeof *bad_cals; i++) {
		struct rc_holidays *r = NULL;
		rc_error_clear();
		if (rc_holidays_add_json(&r, bad_cals[i].json, strlen(bad_cals[i].json)) != RC_INVALID)
			fail_msg("bad calendar %zu accepted: %s", i, bad_cals[i].json);
		assert_null(r);
		if (!strstr(rc_error_detail(), bad_cals[i].detail))
			fail_msg("bad calendar %zu: \"%s\" does not name %s", i, rc_error_detail(), bad_cals[i].detail);
		assert_int_equal(rc_holidays_add_json(&set, bad_cals[i].json, strlen(bad_cals[i].json)), RC_INVALID);
		assert_int_equal(rc_holidays_count(set), 1);
	}
	/* the same calendar twice */
	assert_int_equal(rc_holidays_add_json(&set, de, len), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "\"de\""));
	/* a good one of an office's own */
	const char own[] = HEAD YEARS "\"notes\":\"ours\",\"days\":[{\"date\":\"2025-03-03\",\"name\":\"Office day\"}]}";
	assert_int_equal(rc_holidays_add_json(&set, own, strlen(own)), RC_OK);
	holiday_is("de", "2025-04-21", NULL, false); /* (all, not set: just still fine) */
	assert_int_equal(rc_holidays_is_holiday(set, "t", D("2025-03-03"), false, NULL), RC_ANSWER_YES);
	assert_int_equal(rc_holidays_is_holiday(set, "t", D("2024-03-03"), false, NULL), RC_ANSWER_UNKNOWN);
	assert_int_equal(rc_holidays_add_json(NULL, own, strlen(own)), RC_INVALID);
	assert_int_equal(rc_holidays_add_json(&set, NULL, 3), RC_INVALID);
	/* every prefix of a shipped file: a clear answer, never a crash */
	for (size_t cut = 0; cut < len; cut += 5) {
		struct rc_holidays *r = NULL;
		enum rc_status st = rc_holidays_add_json(&r, de, cut);
		assert_true(st == RC_OK || st == RC_INVALID);
		rc_holidays_free(&r);
	}
	free(de);
	rc_holidays_free(&set);
	assert_null(set);
	rc_holidays_free(&set);
	rc_holidays_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_day_numbers),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_shipped_calendars),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_stopped_clock),
		cmocka_unit_test(test_bad_queries),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests_name("deadline", tests, setup, teardown);
}
