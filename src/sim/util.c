/* util.c - a growable buffer, JSON and URL escaping, civil dates and
 * time zones, the FHIR search date parser, and an interruptible sleep. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs(SIM_PROGRAM ": out of memory\n", stderr);
		abort();
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void jb_init(struct jbuf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void jb_free(struct jbuf *b)
{
	free(b->p);
	jb_init(b);
}

void jb_reserve(struct jbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		fputs(SIM_PROGRAM ": out of memory\n", stderr);
		abort();
	}
	b->p = p;
	b->cap = cap;
}

void jb_add(struct jbuf *b, const char *s, size_t n)
{
	jb_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void jb_printf(struct jbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		jb_add(b, tmp, (size_t)n);
		return;
	}
	jb_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void jb_u64(struct jbuf *b, uint64_t v)
{
	char tmp[24];
	int i = (int)sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	jb_add(b, tmp + i, sizeof tmp - (size_t)i);
}

/* Escapes for JSON: quotes, backslashes and control characters; other
 * bytes (UTF-8 included) as they are.  U+2028 and U+2029 are escaped too,
 * so that the text is also safe in JavaScript. */
void jb_json_str(struct jbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	for (; *u; u++) {
		unsigned char ch = *u;
		if (ch == '"' || ch == '\\') {
			char e[2] = { '\\', (char)ch };
			jb_add(b, e, 2);
		} else if (ch == '\n') {
			JB_LIT(b, "\\n");
		} else if (ch == '\r') {
			JB_LIT(b, "\\r");
		} else if (ch == '\t') {
			JB_LIT(b, "\\t");
		} else if (ch < 0x20 || ch == 0x7f) {
			char e[6] = { '\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15] };
			jb_add(b, e, 6);
		} else if (ch == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9)) {
			jb_puts(b, u[2] == 0xa8 ? "\\u2028" : "\\u2029");
			u += 2;
		} else {
			jb_add(b, (const char *)u, 1);
		}
	}
}

char *json_escape(const char *s)
{
	struct jbuf b;
	jb_init(&b);
	jb_json_str(&b, s);
	jb_reserve(&b, 0);
	return b.p;
}

/* Percent-encodes all but the unreserved characters and '/' and ':'. */
char *url_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct jbuf b;
	jb_init(&b);
	jb_reserve(&b, 0);
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		unsigned char ch = *u;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
			|| ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '/' || ch == ':') {
			jb_add(&b, (const char *)u, 1);
		} else {
			char e[3] = { '%', hex[ch >> 4], hex[ch & 15] };
			jb_add(&b, e, 3);
		}
	}
	return b.p;
}

/* ---- civil dates (H. Hinnant's algorithms) ---- */

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static inline void two(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10 % 10);
	o[1] = (char)('0' + v % 10);
}

size_t fmt_time(char *o, int64_t t, int off_min)
{
	int64_t lt = t + (int64_t)off_min * 60;
	int64_t days = lt >= 0 ? lt / 86400 : -((-lt + 86399) / 86400);
	int64_t sod = lt - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	two(o, (unsigned)(y / 100));
	two(o + 2, (unsigned)(y % 100));
	o[4] = '-';
	two(o + 5, m);
	o[7] = '-';
	two(o + 8, d);
	o[10] = 'T';
	two(o + 11, (unsigned)(sod / 3600));
	o[13] = ':';
	two(o + 14, (unsigned)(sod / 60 % 60));
	o[16] = ':';
	two(o + 17, (unsigned)(sod % 60));
	int a = off_min < 0 ? -off_min : off_min;
	o[19] = off_min < 0 ? '-' : '+';
	two(o + 20, (unsigned)(a / 60));
	o[22] = ':';
	two(o + 23, (unsigned)(a % 60));
	o[25] = '\0';
	return 25;
}

/* ---- summer time ---- */

/* Last Sunday of a month (days since 1970). */
static int64_t last_sunday(int64_t y, unsigned m, unsigned mdays)
{
	int64_t z = days_from_civil(y, m, mdays);
	int64_t wd = ((z % 7) + 7 + 4) % 7; /* 0 Sunday */
	return z - wd;
}

static int64_t nth_sunday(int64_t y, unsigned m, unsigned n)
{
	int64_t z = days_from_civil(y, m, 1);
	int64_t wd = ((z % 7) + 7 + 4) % 7;
	return z + (7 - wd) % 7 + 7 * (n - 1);
}

/* The offset in minutes of a zone at t (EU and US summer time rules). */
int tz_offset(enum tz z, int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	if (z == TZ_US_EAST) {
		int64_t a = nth_sunday(y, 3, 2) * 86400 + 7 * 3600;
		int64_t b = nth_sunday(y, 11, 1) * 86400 + 6 * 3600;
		return t >= a && t < b ? -240 : -300;
	}
	int64_t a = last_sunday(y, 3, 31) * 86400 + 3600;
	int64_t b = last_sunday(y, 10, 31) * 86400 + 3600;
	int base = z == TZ_EET ? 120 : 60;
	return t >= a && t < b ? base + 60 : base;
}

/* ---- search dates ---- */

static bool num(const char **s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char ch = (*s)[i];
		if (ch < '0' || ch > '9')
			return false;
		v = v * 10 + (ch - '0');
	}
	*s += n;
	*out = v;
	return true;
}

static unsigned mdays(int y, int m)
{
	static const unsigned char md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : md[m - 1];
}

bool parse_search_date(const char *s, int64_t *from, int64_t *to)
{
	int y, mo = 1, d = 1, h = 0, mi = 0, se = 0;
	bool frac = false;
	if (!num(&s, 4, &y) || y < 1)
		return false;
	if (!*s) {
		*from = days_from_civil(y, 1, 1) * 86400;
		*to = days_from_civil(y + 1, 1, 1) * 86400;
		return true;
	}
	if (*s++ != '-' || !num(&s, 2, &mo) || mo < 1 || mo > 12)
		return false;
	if (!*s) {
		*from = days_from_civil(y, (unsigned)mo, 1) * 86400;
		*to = (mo == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, (unsigned)mo + 1, 1)) * 86400;
		return true;
	}
	if (*s++ != '-' || !num(&s, 2, &d) || d < 1 || (unsigned)d > mdays(y, mo))
		return false;
	int64_t day = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400;
	if (!*s) {
		*from = day;
		*to = day + 86400;
		return true;
	}
	if (*s != 'T' && *s != 't')
		return false;
	s++;
	int64_t span = 60;
	if (!num(&s, 2, &h) || h > 23 || *s++ != ':' || !num(&s, 2, &mi) || mi > 59)
		return false;
	if (*s == ':') {
		s++;
		if (!num(&s, 2, &se) || se > 60)
			return false;
		span = 1;
		if (*s == '.') {
			s++;
			if (*s < '0' || *s > '9')
				return false;
			for (; *s >= '0' && *s <= '9'; s++)
				if (*s != '0')
					frac = true;
		}
	}
	int off = 0;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-' || *s == ' ') {
		/* ' ': a '+' that was not percent-encoded becomes a space. */
		int sign = *s == '-' ? -1 : 1, oh, om = 0;
		s++;
		if (!num(&s, 2, &oh) || oh > 23)
			return false;
		if (*s == ':')
			s++;
		if (*s && (!num(&s, 2, &om) || om > 59))
			return false;
		off = sign * (oh * 60 + om);
	}
	if (*s)
		return false;
	int64_t t = day + h * 3600 + mi * 60 + se - (int64_t)off * 60;
	if (frac) {
		*from = *to = t + 1; /* events fall on whole seconds */
	} else {
		*from = t;
		*to = t + span;
	}
	return true;
}

void sleep_ms_interruptible(unsigned ms)
{
	while (ms && !atomic_load(&g_sim.stopping)) {
		unsigned step = ms < 20 ? ms : 20;
		struct timespec ts = { 0, (long)step * 1000000L };
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
		ms -= step;
	}
}
