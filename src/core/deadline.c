/* deadline.c - civil dates and legal deadlines.
 *
 * Civil dates are counted as day numbers (days since 1970-01-01, H.
 * Hinnant's algorithms, as date.c does), never as seconds: a deadline is
 * a date, and adding 86400 seconds across a change of daylight saving
 * time would land on the wrong day.
 *
 * The counting rules, from the texts (read in the stored EUR-Lex,
 * legislation.gov.uk, ICO and Justice Laws pages; see also
 * data/holidays/README.md):
 *
 * EU, Regulation (EEC, Euratom) No 1182/71 (OJ L 124, 8.6.1971, p. 1):
 *   Art. 3(1)  a period in days, weeks, months or years calculated from an
 *              event: the day of the event is not counted;
 *   Art. 3(2)(b) a period in days ends with the expiry of its last day;
 *   Art. 3(2)(c) weeks, months, years end on the day of the last week,
 *              month or year with the same weekday or date as the day of
 *              the event; when that date does not exist in the last month,
 *              on that month's last day;
 *   Art. 3(3)  periods include public holidays, Saturdays and Sundays unless
 *              these are expressly excepted or the period is in working days;
 *   Art. 3(4)  a period ending on a public holiday, Saturday or Sunday ends
 *              with the expiry of the last hour of the following working day;
 *   Art. 3(5)  a period of two days or more includes at least two working
 *              days;
 *   Art. 2     public holidays are those of the Member State or institution
 *              where the act is to be done (the caller names the calendar);
 *              working days are all days but those, Saturdays and Sundays.
 *   GDPR Art. 12(3) ("within one month of receipt of the request ... may be
 *   extended by two further months"): whether Art. 3(4)-(5) of 1182/71
 *   apply is not settled, so RC_RULE_GDPR_12_3 computes both.
 *
 * UK: UK GDPR Art. 12(3) and Art. 12A, DPA 2018 s. 54 (as amended by the
 *   Data (Use and Access) Act 2025, s. 76; in force 5 February 2026):
 *   "the period of one month beginning with the relevant time" -- the day
 *   of receipt counts.  ICO guidance (for the public, "Time limits for
 *   responding"): from the day of receipt to the corresponding calendar
 *   date of the next month (3 September -> 3 October; 31 March -> 30 April
 *   when there is no corresponding date); if that date is a Saturday,
 *   Sunday or bank holiday, the next working day (25 November -> 27
 *   December).  The strict reading of "beginning with" (the period
 *   includes the first day, so it ends the day before the corresponding
 *   date; the month's last day when there is none) has no such move.
 *   Both are computed.  Extension: "by two further months" (s. 54(3A)).
 *   Stopped clock, DPA 2018 s. 54(3C) (the text read): "the period
 *   beginning with the day on which the controller makes the request and
 *   ending with the day on which the controller receives the information
 *   does not count towards" the period.  So both of those days and every
 *   day between are not counted: the end moves later by that many days
 *   (for a period in working days, those days are skipped when counting).
 *   Art. 12A UK GDPR is taken to say the same; its text was not read here.
 *
 * US FOIA, 5 U.S.C. 552(a)(6)(A)(i): "within 20 days (excepting
 *   Saturdays, Sundays, and legal public holidays) after the receipt";
 *   (B)(i): 10 more such days in unusual circumstances.  Working days
 *   after the day of receipt.  Legal public holidays: 5 U.S.C. 6103(a).
 *   Whether the day a holiday is observed on (6103(b)) counts is not
 *   settled: both.  A request received on a non-working day is deemed
 *   received on the next working day by some agencies' rules: both.
 *
 * Canada: Privacy Act s. 14 ("within thirty days after the request is
 *   received"), s. 15 (extension up to thirty days); Interpretation Act
 *   s. 27(2): the day of the first event is excluded, the day of the
 *   second included; s. 26: a time limit that expires on a holiday
 *   extends to the next day that is not a holiday; s. 35: Sunday is a
 *   holiday, Saturday is not.  Federal practice (Treasury Board guidance)
 *   treats Saturday as a non-business day: both.
 *
 * Extensions: a further period counted from the end of the first one
 *   ("extended by two further months"), with the same rule.  Whether the
 *   further period runs from the first one's end or the whole is one
 *   longer period from the event (31 January: 28 February + 2 months = 28
 *   April, or 3 months = 30 April) is not settled: both.
 *
 * Every reading the rule leaves open is computed; the earliest and the
 * latest date are returned, and a question is marked uncertain only when
 * its answer changes the date. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "holidays_int.h"

/* ------------------------------------------------------------------ */
/* Civil dates. */

bool rc_ymd_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rc_ymd_month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && rc_ymd_is_leap(y) ? 29 : days[m - 1];
}

bool rc_ymd_valid(struct rc_ymd d)
{
	return d.y >= RC_YMD_YEAR_MIN && d.y <= RC_YMD_YEAR_MAX && d.m >= 1 && d.m <= 12
		&& d.d >= 1 && d.d <= rc_ymd_month_days(d.y, d.m);
}

bool rc_ymd_parse(const char *s, struct rc_ymd *out)
{
	if (!s)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	if (s[10] != '\0')
		return false;
	struct rc_ymd d = {
		(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
		(s[5] - '0') * 10 + (s[6] - '0'),
		(s[8] - '0') * 10 + (s[9] - '0'),
	};
	if (!rc_ymd_valid(d))
		return false;
	if (out)
		*out = d;
	return true;
}

void rc_ymd_format(struct rc_ymd d, char buf[RC_YMD_LEN])
{
	if (!rc_ymd_valid(d)) {
		memcpy(buf, "?\?\?\?-?\?-?\?", RC_YMD_LEN); /* no trigraphs */
		return;
	}
	/* valid: four digits, two, two */
	buf[0] = (char)('0' + d.y / 1000);
	buf[1] = (char)('0' + d.y / 100 % 10);
	buf[2] = (char)('0' + d.y / 10 % 10);
	buf[3] = (char)('0' + d.y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + d.m / 10);
	buf[6] = (char)('0' + d.m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d.d / 10);
	buf[9] = (char)('0' + d.d % 10);
	buf[10] = '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int32_t rc_ymd_to_days(struct rc_ymd d)
{
	int y = d.y - (d.m <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct rc_ymd rc_ymd_from_days(int32_t z)
{
	z += 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	struct rc_ymd r;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

/* 1970-01-01 was a Thursday (4). */
static int weekday_of(int32_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7) + 1;
}

int rc_ymd_weekday(struct rc_ymd d)
{
	return weekday_of(rc_ymd_to_days(d));
}

struct rc_ymd rc_ymd_add_days(struct rc_ymd d, int32_t n)
{
	return rc_ymd_from_days(rc_ymd_to_days(d) + n);
}

struct rc_ymd rc_ymd_add_months(struct rc_ymd d, int n)
{
	int total = d.y * 12 + (d.m - 1) + n;
	int y = total >= 0 ? total / 12 : -((-total + 11) / 12);
	struct rc_ymd r = { y, total - y * 12 + 1, d.d };
	int last = rc_ymd_month_days(r.y, r.m);
	if (r.d > last)
		r.d = last;
	return r;
}

int rc_ymd_cmp(struct rc_ymd a, struct rc_ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d < b.d ? -1 : a.d > b.d;
}

int32_t rc_ymd_diff(struct rc_ymd a, struct rc_ymd b)
{
	return rc_ymd_to_days(b) - rc_ymd_to_days(a);
}

/* ------------------------------------------------------------------ */
/* Tables. */

static const char *const unit_ids[] = {
#define RC_UNIT_ID(name, id) id,
	RC_UNIT_INFO(RC_UNIT_ID)
#undef RC_UNIT_ID
};

const char *rc_unit_id(enum rc_unit u)
{
	return (unsigned)u < RC_UNIT_COUNT ? unit_ids[u] : NULL;
}

bool rc_unit_parse(const char *id, enum rc_unit *out)
{
	for (int i = 0; id && i < RC_UNIT_COUNT; i++)
		if (!strcmp(id, unit_ids[i])) {
			*out = (enum rc_unit)i;
			return true;
		}
	return false;
}

static const char *const rule_ids[] = {
#define RC_RULE_ID(name, id) id,
	RC_RULE_INFO(RC_RULE_ID)
#undef RC_RULE_ID
};

const char *rc_rule_id(enum rc_rule r)
{
	return (unsigned)r < RC_RULE_COUNT ? rule_ids[r] : NULL;
}

bool rc_rule_parse(const char *id, enum rc_rule *out)
{
	for (int i = 0; id && i < RC_RULE_COUNT; i++)
		if (!strcmp(id, rule_ids[i])) {
			*out = (enum rc_rule)i;
			return true;
		}
	return false;
}

static const struct {
	unsigned bit;
	const char *id;
} dlq_table[] = {
#define RC_DLQ_ROW(name, bit, id) { bit, id },
	RC_DLQ_INFO(RC_DLQ_ROW)
#undef RC_DLQ_ROW
};

const char *rc_dlq_id(unsigned bit)
{
	for (size_t i = 0; i < RC_DLQ_COUNT; i++)
		if (dlq_table[i].bit == bit)
			return dlq_table[i].id;
	return NULL;
}

const char *rc_dlq_explanation(unsigned bit)
{
	switch (bit) {
	case RC_DLQ_EU_3_4:
		/* TRANSLATORS: why a deadline is uncertain.  "Regulation
		 * 1182/71" is the EU regulation on periods and time limits. */
		return _("It is not settled whether Article 3(4) and 3(5) of Regulation 1182/71 (a period that ends on a Saturday, Sunday or public holiday ends on the next working day) apply to this period.");
	case RC_DLQ_UK_STRICT:
		/* TRANSLATORS: why a deadline is uncertain.  ICO is the UK's
		 * data protection authority; keep "beginning with" as the
		 * law's words. */
		return _("The ICO counts to the same date of the next month, moved to the next working day; a strict reading of \"beginning with the day of receipt\" ends the day before.");
	case RC_DLQ_OBSERVED:
		/* TRANSLATORS: why a deadline is uncertain (United States). */
		return _("It is not settled whether a holiday observed on another day (the Friday before or the Monday after) counts as a legal public holiday.");
	case RC_DLQ_RECEIPT_DAY:
		/* TRANSLATORS: why a deadline is uncertain. */
		return _("The request arrived on a day that is not a working day; some authorities count it as received on the next working day.");
	case RC_DLQ_CA_SATURDAY:
		/* TRANSLATORS: why a deadline is uncertain (Canada). */
		return _("Canada's Interpretation Act does not count Saturday as a holiday, but federal offices treat Saturdays as non-business days.");
	case RC_DLQ_EXTENSION:
		/* TRANSLATORS: why a deadline is uncertain. */
		return _("An extension may be counted from the end of the first period, or as one longer period from the day of receipt.");
	default:
		return NULL;
	}
}

/* ------------------------------------------------------------------ */
/* One reading of the rule. */

struct reading {
	bool eu_3_4;       /* apply 1182/71 Art. 3(4) and 3(5) */
	bool uk_ico;       /* ICO: corresponding date, then the next working day */
	bool observed;     /* observed days count as holidays */
	bool receipt_next; /* receipt on a non-working day counts from the next working day */
	bool ca_saturday;  /* Saturday treated as a non-business day (Canada) */
	bool ext_whole;    /* base + extensions as one period from the event */
};

struct ctx {
	const struct hcal *cal;
	const struct rc_deadline_query *q;
	bool unknown;        /* a day outside the calendar was needed */
	int32_t unknown_day;
};

struct detail {
	int32_t end, unmoved;
	bool moved;
	int paused;
	int added_3_5;
};

static bool holiday(struct ctx *c, int32_t day, bool observed)
{
	enum rc_answer a = rc_hcal_holiday(c->cal, day, observed, NULL);
	if (a == RC_ANSWER_UNKNOWN) {
		if (!c->unknown)
			c->unknown_day = day;
		c->unknown = true;
		return false;
	}
	return a == RC_ANSWER_YES;
}

static bool working(struct ctx *c, int32_t day, bool observed)
{
	/* the calendar is asked even on a weekend: a day outside it is unknown */
	bool h = holiday(c, day, observed);
	return weekday_of(day) < 6 && !h;
}

static bool first_day_counts(enum rc_rule r)
{
	return r == RC_RULE_UK_BEGINNING;
}

/* The paused days of the query that fall in [from, to]. */
static int paused_in(const struct rc_deadline_query *q, int32_t from, int32_t to)
{
	int n = 0;
	for (size_t i = 0; i < q->n_pauses; i++) {
		int32_t a = rc_ymd_to_days(q->pauses[i].asked), b = rc_ymd_to_days(q->pauses[i].received);
		if (a < from)
			a = from;
		if (b > to)
			b = to;
		if (b >= a)
			n += (int)(b - a + 1);
	}
	return n;
}

static bool is_paused(const struct rc_deadline_query *q, int32_t day)
{
	return paused_in(q, day, day) > 0;
}

/* The last day of a period whose first counted day is `first` (the day
 * after the event, or the day of receipt under "beginning with"), before
 * any move off a non-working day; pauses included. */
static int32_t period_last(struct ctx *c, const struct reading *rd, int32_t first,
	struct rc_period p, int *paused)
{
	enum rc_rule rule = c->q->rule;
	int32_t end;
	*paused = 0;
	switch (p.unit) {
	case RC_UNIT_WORKING_DAYS: {
		int32_t day = first - 1;
		for (int k = 0; k < p.n;) {
			day++;
			if (is_paused(c->q, day)) {
				(*paused)++;
				continue;
			}
			if (working(c, day, rd->observed))
				k++;
			if (c->unknown)
				return day;
		}
		return day;
	}
	case RC_UNIT_CALENDAR_DAYS:
		end = first + p.n - 1;
		break;
	case RC_UNIT_WEEKS:
		end = first + 7 * p.n - 1;
		break;
	case RC_UNIT_MONTHS:
	case RC_UNIT_YEARS:
	default: {
		int months = p.unit == RC_UNIT_YEARS ? 12 * p.n : p.n;
		if (!first_day_counts(rule)) {
			/* 1182/71 Art. 3(2)(c): the same date as the event's day */
			end = rc_ymd_to_days(rc_ymd_add_months(rc_ymd_from_days(first - 1), months));
		} else {
			struct rc_ymd s = rc_ymd_from_days(first);
			struct rc_ymd corr = rc_ymd_add_months(s, months);
			end = rc_ymd_to_days(corr);
			/* strict "beginning with": the day before the corresponding
			 * date, which exists when it was not clamped */
			if (!rd->uk_ico && corr.d == s.d)
				end--;
		}
		break;
	}
	}
	/* The stopped clock: every paused day inside the period pushes the
	 * end one day later (a later pause may then fall inside too). */
	for (;;) {
		int n = paused_in(c->q, first, end) - *paused;
		if (n <= 0)
			break;
		*paused += n;
		end += n;
	}
	return end;
}

/* One segment: the period p whose first counted day is `first`, with the
 * rule's moves.  Fills d. */
static void segment(struct ctx *c, const struct reading *rd, int32_t first, struct rc_period p,
	struct detail *d)
{
	enum rc_rule rule = c->q->rule;
	int paused;
	int32_t end = period_last(c, rd, first, p, &paused);
	d->paused += paused;
	d->unmoved = end;
	d->moved = false;
	switch (rule) {
	case RC_RULE_EU_1182_71:
	case RC_RULE_GDPR_12_3:
		if (!rd->eu_3_4)
			break;
		while (!working(c, end, rd->observed) && !c->unknown)
			end++; /* Art. 3(4) */
		d->moved = end != d->unmoved;
		/* Art. 3(5): a period of two days or more holds two working days */
		if (p.n >= 2 || p.unit >= RC_UNIT_WEEKS) {
			int w = 0;
			for (int32_t k = first; k <= end && w < 2 && !c->unknown; k++)
				w += working(c, k, rd->observed);
			int32_t before = end;
			while (w < 2 && !c->unknown) {
				end++;
				w += working(c, end, rd->observed);
			}
			d->added_3_5 += (int)(end - before);
		}
		break;
	case RC_RULE_UK_BEGINNING:
		if (rd->uk_ico)
			while (!working(c, end, rd->observed) && !c->unknown)
				end++;
		d->moved = end != d->unmoved;
		break;
	case RC_RULE_CA_INTERP:
		/* s. 26: to the next day that is not a holiday (s. 35: Sundays
		 * and the calendar's days); in practice, the next business day */
		for (;;) {
			bool h = holiday(c, end, rd->observed);
			int wd = weekday_of(end);
			if (c->unknown || !(h || wd == 7 || (rd->ca_saturday && wd == 6)))
				break;
			end++;
		}
		d->moved = end != d->unmoved;
		break;
	case RC_RULE_US_FOIA:
	default:
		/* in working days: the end is a working day already; a period
		 * in calendar days has no rule that moves it */
		break;
	}
	d->end = end;
}

static bool same_family(enum rc_unit a, enum rc_unit b)
{
	bool ma = a == RC_UNIT_MONTHS || a == RC_UNIT_YEARS;
	bool mb = b == RC_UNIT_MONTHS || b == RC_UNIT_YEARS;
	return a == b || (ma && mb);
}

static void one_reading(struct ctx *c, const struct reading *rd, struct detail *d)
{
	const struct rc_deadline_query *q = c->q;
	memset(d, 0, sizeof *d);
	int32_t event = rc_ymd_to_days(q->event);
	if (rd->receipt_next)
		while (!working(c, event, rd->observed) && !c->unknown)
			event++;
	int32_t first = first_day_counts(q->rule) ? event : event + 1;
	bool whole = rd->ext_whole && q->n_ext > 0;
	struct rc_period total = q->period;
	for (size_t i = 0; whole && i < q->n_ext; i++) {
		if (!same_family(q->ext[i].unit, total.unit)) {
			whole = false;
			break;
		}
		int a = total.unit == RC_UNIT_YEARS ? 12 * total.n : total.n;
		int b = q->ext[i].unit == RC_UNIT_YEARS ? 12 * q->ext[i].n : q->ext[i].n;
		if (total.unit != q->ext[i].unit)
			total.unit = RC_UNIT_MONTHS;
		total.n = total.unit == RC_UNIT_MONTHS ? a + b : total.n + q->ext[i].n;
	}
	if (whole) {
		segment(c, rd, first, total, d);
		return;
	}
	segment(c, rd, first, q->period, d);
	for (size_t i = 0; i < q->n_ext && !c->unknown; i++) {
		/* the further period's first counted day follows the end */
		struct detail next = *d;
		segment(c, rd, d->end + 1, q->ext[i], &next);
		*d = next;
	}
}

/* ------------------------------------------------------------------ */

static enum rc_status check_query(const struct rc_deadline_query *q)
{
	if (!rc_ymd_valid(q->event)) {
		rc_error_set("%s", _("Deadline: the day of receipt is not a real date from 1900 to 2200."));
		return RC_INVALID;
	}
	if ((unsigned)q->rule >= RC_RULE_COUNT || (unsigned)q->whose > RC_WHOSE_APPLICANT
		|| q->n_ext > RC_DEADLINE_MAX_EXT || q->n_pauses > RC_DEADLINE_MAX_PAUSES
		|| (q->n_pauses > 0 && !q->pauses)) {
		rc_error_set("%s", _("Deadline: the rule, the extensions or the pauses are not valid."));
		return RC_INVALID;
	}
	for (size_t i = 0; i <= q->n_ext; i++) {
		const struct rc_period *p = i == 0 ? &q->period : &q->ext[i - 1];
		if (p->n < 1 || p->n > RC_PERIOD_N_MAX || (unsigned)p->unit >= RC_UNIT_COUNT) {
			/* TRANSLATORS: %d is the largest number allowed. */
			rc_error_set(_("Deadline: a period must be from 1 to %d days, weeks, months or years."),
				RC_PERIOD_N_MAX);
			return RC_INVALID;
		}
	}
	if (q->n_pauses > 0 && q->rule != RC_RULE_UK_BEGINNING) {
		rc_error_set("%s", _("Deadline: only the UK rule stops the clock while a clarification is awaited."));
		return RC_INVALID;
	}
	int32_t prev = rc_ymd_to_days(q->event) - 1;
	for (size_t i = 0; i < q->n_pauses; i++) {
		const struct rc_pause *p = &q->pauses[i];
		if (!rc_ymd_valid(p->asked) || !rc_ymd_valid(p->received)
			|| rc_ymd_to_days(p->asked) <= prev || rc_ymd_cmp(p->received, p->asked) < 0) {
			/* TRANSLATORS: %zu is the pause's number, from 1. */
			rc_error_set(_("Deadline: pause %zu is not valid: it must start on or after the day of receipt and after the pause before it, and end on or after its start."),
				i + 1);
			return RC_INVALID;
		}
		prev = rc_ymd_to_days(p->received);
	}
	return RC_OK;
}

/* The questions the rule leaves open, as RC_DLQ_* bits. */
static unsigned open_questions(const struct ctx *c)
{
	const struct rc_deadline_query *q = c->q;
	unsigned open = 0;
	if (q->rule == RC_RULE_GDPR_12_3)
		open |= RC_DLQ_EU_3_4;
	if (q->rule == RC_RULE_UK_BEGINNING)
		open |= RC_DLQ_UK_STRICT;
	if (q->rule == RC_RULE_US_FOIA)
		open |= RC_DLQ_RECEIPT_DAY;
	if (q->rule == RC_RULE_CA_INTERP)
		open |= RC_DLQ_CA_SATURDAY;
	if (rc_hcal_has_observed(c->cal))
		open |= RC_DLQ_OBSERVED;
	/* UK: the period itself is "extended by two further months" (DPA 2018
	 * s. 54(3A); ICO: at most three months from the day of receipt), so
	 * it is one longer period, not a second one chained on */
	if (q->n_ext > 0 && q->rule != RC_RULE_UK_BEGINNING)
		open |= RC_DLQ_EXTENSION;
	return open;
}

/* The reading for a combination of answers (bit set: the answer that
 * gives more time, or the reading named first above). */
static struct reading reading_for(enum rc_rule rule, unsigned open, unsigned yes)
{
	struct reading rd = {
		.eu_3_4 = rule == RC_RULE_EU_1182_71 || (yes & RC_DLQ_EU_3_4),
		.uk_ico = (yes & RC_DLQ_UK_STRICT) != 0,
		.observed = !(open & RC_DLQ_OBSERVED) || (yes & RC_DLQ_OBSERVED),
		.receipt_next = (yes & RC_DLQ_RECEIPT_DAY) != 0,
		.ca_saturday = (yes & RC_DLQ_CA_SATURDAY) != 0,
		.ext_whole = rule == RC_RULE_UK_BEGINNING || (yes & RC_DLQ_EXTENSION),
	};
	return rd;
}

enum rc_status rc_deadline_compute(const struct rc_holidays *set,
	const struct rc_deadline_query *q, struct rc_deadline *out)
{
	if (!q || !out) {
		rc_error_set("%s", _("Deadline: the rule, the extensions or the pauses are not valid."));
		return RC_INVALID;
	}
	memset(out, 0, sizeof *out);
	enum rc_status st = check_query(q);
	if (st != RC_OK)
		return st;
	struct ctx c = { .cal = rc_hcal_find(set, q->calendar), .q = q };
	if (!c.cal) {
		/* TRANSLATORS: %s is a holiday calendar's id, like "de". */
		rc_error_set(_("Deadline: there is no holiday calendar \"%s\", so the deadline is not known."),
			q->calendar ? q->calendar : "");
		return RC_NOTFOUND;
	}
	unsigned open = open_questions(&c);
	/* Every combination of the open answers (at most 2^5). */
	unsigned bits[RC_DLQ_COUNT], nb = 0;
	for (unsigned b = 1; b <= RC_DLQ_EXTENSION; b <<= 1)
		if (open & b)
			bits[nb++] = b;
	struct detail det[1u << RC_DLQ_COUNT];
	unsigned lo = 0, hi = 0;
	for (unsigned k = 0; k < (1u << nb); k++) {
		unsigned yes = 0;
		for (unsigned i = 0; i < nb; i++)
			if (k & (1u << i))
				yes |= bits[i];
		struct reading rd = reading_for(q->rule, open, yes);
		one_reading(&c, &rd, &det[k]);
		if (c.unknown) {
			struct rc_ymd u = rc_ymd_from_days(c.unknown_day);
			/* TRANSLATORS: %s is a holiday calendar's id, %d a year. */
			rc_error_set(_("Deadline: the holiday calendar \"%s\" does not cover %d, so the deadline is not known."),
				q->calendar, u.y);
			memset(out, 0, sizeof *out);
			return RC_NOTFOUND;
		}
		if (det[k].end < det[lo].end)
			lo = k;
		if (det[k].end > det[hi].end)
			hi = k;
	}
	/* A question is uncertain when flipping its answer alone changes the date. */
	for (unsigned i = 0; i < nb; i++)
		for (unsigned k = 0; k < (1u << nb); k++)
			if (det[k].end != det[k ^ (1u << i)].end)
				out->uncertain |= bits[i];
	const struct detail *main = q->whose == RC_WHOSE_APPLICANT ? &det[lo] : &det[hi];
	const struct detail *other = q->whose == RC_WHOSE_APPLICANT ? &det[hi] : &det[lo];
	out->earliest = rc_ymd_from_days(det[lo].end);
	out->latest = rc_ymd_from_days(det[hi].end);
	out->due = rc_ymd_from_days(main->end);
	out->other = rc_ymd_from_days(other->end);
	out->unmoved = rc_ymd_from_days(main->unmoved);
	out->moved = main->moved;
	out->paused_days = main->paused;
	out->added_3_5 = main->added_3_5;
	out->moved_holiday = NULL;
	if (main->moved)
		rc_hcal_holiday(c.cal, main->unmoved, true, &out->moved_holiday);
	return RC_OK;
}

/* ------------------------------------------------------------------ */
/* Words. */

static const char *month_name(int m)
{
	switch (m) {
	case 1: return P_("month", "January");
	case 2: return P_("month", "February");
	case 3: return P_("month", "March");
	case 4: return P_("month", "April");
	case 5: return P_("month", "May");
	case 6: return P_("month", "June");
	case 7: return P_("month", "July");
	case 8: return P_("month", "August");
	case 9: return P_("month", "September");
	case 10: return P_("month", "October");
	case 11: return P_("month", "November");
	case 12: return P_("month", "December");
	default: return "?";
	}
}

static const char *weekday_name(int wd)
{
	switch (wd) {
	case 1: return P_("weekday", "Monday");
	case 2: return P_("weekday", "Tuesday");
	case 3: return P_("weekday", "Wednesday");
	case 4: return P_("weekday", "Thursday");
	case 5: return P_("weekday", "Friday");
	case 6: return P_("weekday", "Saturday");
	case 7: return P_("weekday", "Sunday");
	default: return "?";
	}
}

void rc_date_words(struct rc_ymd d, bool weekday, char *buf, size_t len)
{
	if (!buf || len == 0)
		return;
	if (!rc_ymd_valid(d)) {
		snprintf(buf, len, "?");
		return;
	}
	/* Day, month name, year in this order in every language, digits as
	 * they are: the form is the same on every screen and letter. */
	if (weekday)
		snprintf(buf, len, "%s %d %s %d", weekday_name(rc_ymd_weekday(d)), d.d, month_name(d.m), d.y);
	else
		snprintf(buf, len, "%d %s %d", d.d, month_name(d.m), d.y);
}

/* "1 month after the day of receipt" and the like.  Each message is
 * written out whole, so that xgettext sees it and the compiler checks
 * its format. */
static void add_period(struct rc_buf *b, struct rc_period p, bool beginning_with)
{
	unsigned long n = (unsigned long)p.n;
	switch (p.unit) {
	case RC_UNIT_CALENDAR_DAYS:
		if (beginning_with)
			/* TRANSLATORS: a deadline's period; the day of receipt is day 1. */
			rc_buf_printf(b, ngettext("%d day beginning with the day of receipt",
				"%d days beginning with the day of receipt", n), p.n);
		else
			/* TRANSLATORS: a deadline's period; the day of receipt is not counted. */
			rc_buf_printf(b, ngettext("%d day after the day of receipt",
				"%d days after the day of receipt", n), p.n);
		break;
	case RC_UNIT_WORKING_DAYS:
		if (beginning_with)
			rc_buf_printf(b, ngettext("%d working day beginning with the day of receipt",
				"%d working days beginning with the day of receipt", n), p.n);
		else
			rc_buf_printf(b, ngettext("%d working day after the day of receipt",
				"%d working days after the day of receipt", n), p.n);
		break;
	case RC_UNIT_WEEKS:
		if (beginning_with)
			rc_buf_printf(b, ngettext("%d week beginning with the day of receipt",
				"%d weeks beginning with the day of receipt", n), p.n);
		else
			rc_buf_printf(b, ngettext("%d week after the day of receipt",
				"%d weeks after the day of receipt", n), p.n);
		break;
	case RC_UNIT_YEARS:
		if (beginning_with)
			rc_buf_printf(b, ngettext("%d year beginning with the day of receipt",
				"%d years beginning with the day of receipt", n), p.n);
		else
			rc_buf_printf(b, ngettext("%d year after the day of receipt",
				"%d years after the day of receipt", n), p.n);
		break;
	case RC_UNIT_MONTHS:
	default:
		if (beginning_with)
			rc_buf_printf(b, ngettext("%d month beginning with the day of receipt",
				"%d months beginning with the day of receipt", n), p.n);
		else
			rc_buf_printf(b, ngettext("%d month after the day of receipt",
				"%d months after the day of receipt", n), p.n);
		break;
	}
}

static void add_extension(struct rc_buf *b, struct rc_period p)
{
	unsigned long n = (unsigned long)p.n;
	/* TRANSLATORS: the separator between a deadline's period and its
	 * extension ("1 month after ..., extended by 2 further months"). */
	rc_buf_addstr(b, _(", "));
	switch (p.unit) {
	case RC_UNIT_CALENDAR_DAYS:
		rc_buf_printf(b, ngettext("extended by %d further day", "extended by %d further days", n), p.n);
		break;
	case RC_UNIT_WORKING_DAYS:
		rc_buf_printf(b, ngettext("extended by %d further working day",
			"extended by %d further working days", n), p.n);
		break;
	case RC_UNIT_WEEKS:
		rc_buf_printf(b, ngettext("extended by %d further week", "extended by %d further weeks", n), p.n);
		break;
	case RC_UNIT_YEARS:
		rc_buf_printf(b, ngettext("extended by %d further year", "extended by %d further years", n), p.n);
		break;
	case RC_UNIT_MONTHS:
	default:
		rc_buf_printf(b, ngettext("extended by %d further month", "extended by %d further months", n), p.n);
		break;
	}
}

char *rc_deadline_explain(const struct rc_deadline_query *q, const struct rc_deadline *r,
	const char *cite)
{
	if (!q || !r || !rc_ymd_valid(r->due))
		return NULL;
	char due[96], when[96], other[96];
	rc_date_words(r->due, false, due, sizeof due);
	struct rc_buf per, b;
	rc_buf_init(&per);
	rc_buf_init(&b);
	add_period(&per, q->period, first_day_counts(q->rule));
	for (size_t i = 0; i < q->n_ext && i < RC_DEADLINE_MAX_EXT; i++)
		add_extension(&per, q->ext[i]);
	if (cite && *cite)
		/* TRANSLATORS: %s (1) a date like "3 March 2027", %s (2) the
		 * period, e.g. "1 month after the day of receipt", %s (3) the
		 * law, e.g. "GDPR Art. 12(3)". */
		rc_buf_printf(&b, _("Due %s: %s, %s."), due, rc_buf_cstr(&per), cite);
	else
		/* TRANSLATORS: %s (1) a date, %s (2) the period. */
		rc_buf_printf(&b, _("Due %s: %s."), due, rc_buf_cstr(&per));
	if (r->paused_days > 0) {
		rc_buf_addstr(&b, " ");
		/* TRANSLATORS: the "stopped clock" of UK data protection law. */
		rc_buf_printf(&b, ngettext("The clock stood still for %d day while a clarification was awaited.",
			"The clock stood still for %d days while a clarification was awaited.",
			(unsigned long)r->paused_days), r->paused_days);
	}
	if (r->moved) {
		rc_date_words(r->unmoved, true, when, sizeof when);
		rc_buf_addstr(&b, " ");
		if (r->moved_holiday)
			/* TRANSLATORS: %s (1) a date with its weekday, %s (2) the
			 * name of a public holiday (often in its own language). */
			rc_buf_printf(&b, _("Moved from %s (%s, a public holiday)."), when, r->moved_holiday);
		else
			/* TRANSLATORS: %s is a date with its weekday, e.g. "Sunday
			 * 28 February 2027". */
			rc_buf_printf(&b, _("Moved from %s, which is not a working day."), when);
	}
	if (r->added_3_5 > 0) {
		rc_buf_addstr(&b, " ");
		rc_buf_printf(&b, ngettext("%d day added so that the period holds two working days (Regulation 1182/71 Art. 3(5)).",
			"%d days added so that the period holds two working days (Regulation 1182/71 Art. 3(5)).",
			(unsigned long)r->added_3_5), r->added_3_5);
	}
	if (r->uncertain) {
		rc_date_words(r->other, false, other, sizeof other);
		rc_buf_addstr(&b, " ");
		/* TRANSLATORS: %s is the other possible date of an uncertain deadline. */
		rc_buf_printf(&b, _("Uncertain: it may be %s instead."), other);
		for (unsigned bit = 1; bit <= RC_DLQ_EXTENSION; bit <<= 1)
			if (r->uncertain & bit) {
				rc_buf_addstr(&b, " ");
				rc_buf_addstr(&b, rc_dlq_explanation(bit));
			}
		rc_buf_addstr(&b, " ");
		rc_buf_addstr(&b, q->whose == RC_WHOSE_APPLICANT
			/* TRANSLATORS: why the earlier of two possible dates is shown. */
			? _("This is your own time limit: act by the earlier date to be safe.")
			/* TRANSLATORS: why the later of two possible dates is shown. */
			: _("The authority is only clearly late after the later date."));
	}
	rc_buf_free(&per);
	rc_buf_cstr(&b);
	return b.data;
}
