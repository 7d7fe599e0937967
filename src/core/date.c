/* date.c - ISO 8601 dates and date-times, as access logs write them.
 *
 * Accepted (and nothing else):
 *   YYYY-MM-DD                              a day; stays a day
 *   YYYY-MM-DDTHH:MM[:SS[.fraction]][zone]  a moment; converted to UTC
 * where zone is Z, +hh:mm, -hh:mm, +hhmm or +hh.  A date-time without a
 * zone is taken as UTC (FHIR requires a zone; letters often give none, and
 * a guess of the office's own zone would be no better); rc_date_parse_ex
 * says so, so that the reader can be told the time may be hours off.  A
 * space may stand for the T, and t/z in lower case are accepted.
 * Fractions of a second are dropped.  A leap second is accepted where
 * one can be: 23:59:60 in UTC (so 00:59:60+01:00 too); its normalized
 * text keeps :60 and its Unix time is the start of the next second (Unix
 * time has no leap seconds).  24:00 is refused (FHIR and RFC 3339 allow
 * hours 00-23 only; write 00:00 of the next day).  Impossible days
 * (2023-02-29, 2024-04-31) are refused. */
#include "config.h"

#include <string.h>

#include "core.h"

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DD" without the NUL (snprintf is slow for a bulk import). */
static void put_date(char *p, int y, int m, int d)
{
	put2(p, y / 100);
	put2(p + 2, y % 100);
	p[4] = '-';
	put2(p + 5, m);
	p[7] = '-';
	put2(p + 8, d);
}

bool rc_date_parse(const char *s, int64_t *ts, char *norm, size_t normlen)
{
	return rc_date_parse_ex(s, ts, norm, normlen, NULL);
}

bool rc_date_parse_ex(const char *s, int64_t *ts, char *norm, size_t normlen, bool *zoned)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (!s || strlen(s) < 10)
		return false;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-'
		|| !digits(s + 8, 2, &d))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
		return false;
	const char *p = s + 10;
	if (*p == '\0') {
		int64_t t = days_from_civil(y, mo, d) * 86400;
		if (norm) {
			if (normlen < 11)
				return false;
			put_date(norm, y, mo, d);
			norm[10] = 0;
		}
		if (ts)
			*ts = t;
		if (zoned)
			*zoned = true; /* a day has no time to be off */
		return true;
	}
	if (*p != 'T' && *p != 't' && *p != ' ')
		return false;
	p++;
	if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi))
		return false;
	p += 5;
	if (*p == ':') {
		if (!digits(p + 1, 2, &sec))
			return false;
		p += 3;
		if (*p == '.' || *p == ',') {
			p++;
			if (*p < '0' || *p > '9')
				return false;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
		return false;
	bool leap = sec == 60;
	if (leap)
		sec = 59; /* checked below: it must be 23:59:59 in UTC */
	int off = 0; /* seconds east of UTC */
	bool has_zone = false;
	if (*p == 'Z' || *p == 'z') {
		p++;
		has_zone = true;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, oh, om = 0;
		p++;
		if (!digits(p, 2, &oh))
			return false;
		p += 2;
		if (*p == ':') {
			if (!digits(p + 1, 2, &om))
				return false;
			p += 3;
		} else if (*p >= '0' && *p <= '9') {
			if (!digits(p, 2, &om))
				return false;
			p += 2;
		}
		if (oh > 23 || om > 59)
			return false;
		off = sign * (oh * 3600 + om * 60);
		has_zone = true;
	}
	if (*p != '\0')
		return false;
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	if (leap && rem != 86399)
		return false; /* a leap second is only ever 23:59:60 UTC */
	int64_t uy;
	int um, ud;
	civil_from_days(days, &uy, &um, &ud);
	if (uy < 0 || uy > 9999)
		return false;
	if (norm) {
		if (normlen < 21)
			return false;
		put_date(norm, (int)uy, um, ud);
		norm[10] = 'T';
		put2(norm + 11, (int)(rem / 3600));
		norm[13] = ':';
		put2(norm + 14, (int)(rem / 60 % 60));
		norm[16] = ':';
		put2(norm + 17, leap ? 60 : (int)(rem % 60));
		norm[19] = 'Z';
		norm[20] = 0;
	}
	if (ts)
		*ts = leap ? t + 1 : t; /* the leap second: the start of the next second */
	if (zoned)
		*zoned = has_zone;
	return true;
}
