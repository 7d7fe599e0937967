/* deadline.h - civil dates, public-holiday calendars and the legal
 * deadlines computed from them.  Part of src/core (included at the end of
 * core.h).  Pure computation: no file I/O (callers pass the calendars'
 * bytes), no clock (callers pass the dates), no curses, no SQL.
 *
 * Dates are civil dates of the proleptic Gregorian calendar, counted in
 * whole days: no time of day, no time zone, so a change of daylight
 * saving time can never move a deadline.  The rules, the texts they come
 * from and every point left uncertain are in src/core/deadline.c and
 * data/holidays/README.md. */
#ifndef RECOURSE_DEADLINE_H
#define RECOURSE_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

/* ------------------------------------------------------------------ */
/* Civil dates. */

struct rc_ymd {
	int y, m, d;
};

#define RC_YMD_YEAR_MIN 1900
#define RC_YMD_YEAR_MAX 2200
#define RC_YMD_LEN 11 /* "YYYY-MM-DD" and the NUL */

bool rc_ymd_is_leap(int y);
int rc_ymd_month_days(int y, int m);            /* 28..31; 0 for a bad month */
/* A real date with a year from 1900 to 2200. */
bool rc_ymd_valid(struct rc_ymd d);
/* Exactly "YYYY-MM-DD" (nothing before or after), a real date, 1900-2200. */
bool rc_ymd_parse(const char *s, struct rc_ymd *out);
/* "YYYY-MM-DD" into buf (RC_YMD_LEN bytes); "????-??-??" when d is not valid. */
void rc_ymd_format(struct rc_ymd d, char buf[RC_YMD_LEN]);
/* Day number: days since 1970-01-01 (negative before). */
int32_t rc_ymd_to_days(struct rc_ymd d);
struct rc_ymd rc_ymd_from_days(int32_t n);
/* ISO weekday: Monday 1 .. Sunday 7. */
int rc_ymd_weekday(struct rc_ymd d);
struct rc_ymd rc_ymd_add_days(struct rc_ymd d, int32_t n);
/* n months later (earlier when negative), on the same day of the month,
 * or the last day of the month when that day does not exist there
 * (31 January + 1 month = 28 or 29 February). */
struct rc_ymd rc_ymd_add_months(struct rc_ymd d, int n);
/* <0, 0, >0 as a is before, the same as, after b. */
int rc_ymd_cmp(struct rc_ymd a, struct rc_ymd b);
/* Days from a to b (b - a). */
int32_t rc_ymd_diff(struct rc_ymd a, struct rc_ymd b);

/* ------------------------------------------------------------------ */
/* Public-holiday calendars: one JSON document each (data/holidays/,
 * format in data/holidays/README.md), loaded into one set. */

/* Yes, no, or not known (never a guess). */
enum rc_answer {
	RC_ANSWER_NO = 0,
	RC_ANSWER_YES = 1,
	RC_ANSWER_UNKNOWN = 2
};

struct rc_holidays;
/* Parse one calendar (JSON bytes) into the set *set (created when NULL).
 * All or nothing: on error *set is left as it was, and RC_INVALID comes
 * with rc_error_set naming the field ("days[3].date"); a calendar whose
 * id is already in the set is refused. */
enum rc_status rc_holidays_add_json(struct rc_holidays **set, const char *json, size_t len);
void rc_holidays_free(struct rc_holidays **set);
size_t rc_holidays_count(const struct rc_holidays *set);
const char *rc_holidays_id(const struct rc_holidays *set, size_t i);    /* NULL past the end */
const char *rc_holidays_title(const struct rc_holidays *set, size_t i);
/* The years a calendar covers; false when there is no such calendar. */
bool rc_holidays_years(const struct rc_holidays *set, const char *cal, int *from, int *to);
/* The i-th dated entry of calendar cal, in date order (false past the
 * end or without the calendar). */
bool rc_holidays_entry(const struct rc_holidays *set, const char *cal, size_t i,
	struct rc_ymd *date, const char **name, bool *observed);

/* Whether date is a public holiday in calendar cal.  UNKNOWN when the set
 * has no such calendar or the date's year is outside its years.  An entry
 * marked "observed" (a US holiday moved off a weekend) counts only when
 * count_observed.  *name (may be NULL) gets the holiday's name, borrowed
 * from the set, or NULL. */
enum rc_answer rc_holidays_is_holiday(const struct rc_holidays *set, const char *cal,
	struct rc_ymd date, bool count_observed, const char **name);
/* A working day: not a Saturday or Sunday and not a holiday of cal.
 * UNKNOWN as above (also for a weekend day: the calendar is needed to
 * answer at all). */
enum rc_answer rc_holidays_is_working_day(const struct rc_holidays *set, const char *cal,
	struct rc_ymd date, bool count_observed);

/* ------------------------------------------------------------------ */
/* Periods and deadlines. */

#define RC_UNIT_INFO(_) \
	_(CALENDAR_DAYS, "calendar-days") \
	_(WORKING_DAYS,  "working-days") \
	_(WEEKS,         "weeks") \
	_(MONTHS,        "months") \
	_(YEARS,         "years")

enum rc_unit {
#define RC_UNIT_ENUM(name, id) RC_UNIT_##name,
	RC_UNIT_INFO(RC_UNIT_ENUM)
#undef RC_UNIT_ENUM
	RC_UNIT_COUNT
};
const char *rc_unit_id(enum rc_unit u);               /* "months"; NULL when bad */
bool rc_unit_parse(const char *id, enum rc_unit *out);

struct rc_period {
	int n;              /* 1 .. RC_PERIOD_N_MAX */
	enum rc_unit unit;
};
#define RC_PERIOD_N_MAX 3660

/* The counting rules (deadline.c states each with its source):
 *   EU_1182_71   Regulation 1182/71 Art. 3: event day not counted; days end
 *                after n days, weeks/months/years on the same weekday/date
 *                (or the month's last day); moved off a Saturday, Sunday or
 *                holiday to the next working day (3(4)); at least two
 *                working days in a period of two days or more (3(5)).
 *   GDPR_12_3    The same for GDPR Art. 12(3) answer periods, but whether
 *                3(4) and 3(5) apply is not settled: both dates.
 *   UK_BEGINNING "one month beginning with the day on which the request is
 *                received" (UK GDPR Art. 12(3)/12A, DPA 2018): the day of
 *                receipt counts; ICO guidance (corresponding date, then
 *                the next working day) vs the strict reading (the day
 *                before the corresponding date): both dates.  Takes pauses
 *                (the stopped clock).
 *   US_FOIA      5 U.S.C. 552(a)(6): working days after receipt, excepting
 *                Saturdays, Sundays and legal public holidays; whether an
 *                observed day counts: both dates.
 *   CA_INTERP    Canada Interpretation Act ss. 26-27, 35: first day
 *                excluded, last included; a limit ending on a holiday
 *                (Sunday included) extends to the next day that is not a
 *                holiday; Saturday is not a holiday in s. 35 but federal
 *                practice treats it as a non-business day: both dates. */
#define RC_RULE_INFO(_) \
	_(EU_1182_71,   "eu-1182-71") \
	_(GDPR_12_3,    "gdpr-12-3") \
	_(UK_BEGINNING, "uk-beginning-with") \
	_(US_FOIA,      "us-foia") \
	_(CA_INTERP,    "ca-interpretation-act")

enum rc_rule {
#define RC_RULE_ENUM(name, id) RC_RULE_##name,
	RC_RULE_INFO(RC_RULE_ENUM)
#undef RC_RULE_ENUM
	RC_RULE_COUNT
};
const char *rc_rule_id(enum rc_rule r);
bool rc_rule_parse(const char *id, enum rc_rule *out);

/* The open questions a result can depend on.  A bit is set in
 * rc_deadline.uncertain only when the two answers give different dates. */
#define RC_DLQ_INFO(_) \
	_(EU_3_4,       0x01, "eu-3-4") \
	_(UK_STRICT,    0x02, "uk-beginning-with") \
	_(OBSERVED,     0x04, "observed-holiday") \
	_(RECEIPT_DAY,  0x08, "receipt-on-non-working-day") \
	_(CA_SATURDAY,  0x10, "ca-saturday") \
	_(EXTENSION,    0x20, "extension-counting")

enum rc_dlq {
#define RC_DLQ_ENUM(name, bit, id) RC_DLQ_##name = bit,
	RC_DLQ_INFO(RC_DLQ_ENUM)
#undef RC_DLQ_ENUM
};
#define RC_DLQ_COUNT 6
const char *rc_dlq_id(unsigned bit);          /* NULL unless exactly one bit */
const char *rc_dlq_explanation(unsigned bit); /* translated; NULL as above */

/* Whose deadline it is decides which date is shown first when the law is
 * uncertain: an authority is only clearly late after the later date; an
 * applicant is only clearly in time before the earlier one. */
enum rc_whose {
	RC_WHOSE_AUTHORITY, /* an answer due from an authority: the later date */
	RC_WHOSE_APPLICANT  /* a complaint or appeal time limit: the earlier date */
};

/* The stopped clock: the controller asked for a clarification on `asked`
 * and received it on `received`.  Both days and every day between do not
 * count (DPA 2018 s. 54(3C); UK GDPR Art. 12A): as a half-open range,
 * [asked, received + 1). */
struct rc_pause {
	struct rc_ymd asked;
	struct rc_ymd received;
};

#define RC_DEADLINE_MAX_EXT 4
#define RC_DEADLINE_MAX_PAUSES 16

struct rc_deadline_query {
	struct rc_ymd event;           /* receipt of the request (or other event) */
	struct rc_period period;
	struct rc_period ext[RC_DEADLINE_MAX_EXT]; /* further periods, in order */
	size_t n_ext;
	enum rc_rule rule;
	const char *calendar;          /* holiday calendar id: where the act is done */
	const struct rc_pause *pauses; /* sorted, not overlapping; UK rule only */
	size_t n_pauses;
	enum rc_whose whose;
};

struct rc_deadline {
	struct rc_ymd due;       /* the main date (by whose) */
	struct rc_ymd other;     /* the other end of the range (== due when certain) */
	struct rc_ymd earliest, latest;
	unsigned uncertain;      /* RC_DLQ_* bits that change the date */
	/* How the main date was reached. */
	struct rc_ymd unmoved;   /* the period's last day before moving off a non-working day */
	bool moved;              /* due != unmoved because unmoved was not a working day */
	const char *moved_holiday; /* unmoved's holiday name (borrowed from the set), NULL: a weekend */
	int paused_days;         /* days the clock stood still (within the period) */
	int added_3_5;           /* days added so the period holds two working days (1182/71 3(5)) */
};

/* Compute a deadline.  RC_OK, or RC_INVALID for a bad query (rc_error_set
 * says which part), or RC_NOTFOUND when the calendar is not in the set or
 * does not cover a year the computation needs (rc_error_set names the
 * calendar and the year): then *out holds no date, never a guess. */
enum rc_status rc_deadline_compute(const struct rc_holidays *set,
	const struct rc_deadline_query *q, struct rc_deadline *out);

/* "3 March 2027" (day, translated month name, year) into buf; with
 * weekday, "Wednesday 3 March 2027". */
void rc_date_words(struct rc_ymd d, bool weekday, char *buf, size_t len);

/* The explanation, translated, malloc'ed:
 * "Due 3 March 2027: one month after the day of receipt (GDPR Art. 12(3));
 *  moved from Sunday 28 February 2027.  Uncertain: it may be ..."
 * cite is the rule's citation as the caller shows it ("GDPR Art. 12(3)"),
 * or NULL. */
char *rc_deadline_explain(const struct rc_deadline_query *q, const struct rc_deadline *r,
	const char *cite);

#endif
