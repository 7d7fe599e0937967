/* ical.c - iCalendar output (RFC 5545) of deadlines: one all-day event
 * per due date, with a reminder a week before. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* iCalendar text (RFC 5545 3.3.11): backslash, semicolon, comma and
 * newline escaped. */
static void ics_text(struct rc_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			rc_buf_printf(b, "\\%c", *s);
		else if (*s == '\n')
			rc_buf_printf(b, "\\n");
		else if (*s != '\r')
			rc_buf_printf(b, "%c", *s);
	}
}

/* One content line, folded at 75 octets without splitting a UTF-8
 * character (RFC 5545 3.1), ended by CRLF. */
static void ics_line(FILE *out, const char *line)
{
	size_t n = strlen(line), col = 0;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		unsigned char ch = (unsigned char)line[i];
		if (ch >= 0xf0) len = 4;
		else if (ch >= 0xe0) len = 3;
		else if (ch >= 0xc0) len = 2;
		if (i + len > n)
			len = n - i;
		if (col + len > 75) {
			fputs("\r\n ", out);
			col = 1;
		}
		fwrite(line + i, 1, len, out);
		col += len;
		i += len;
	}
	fputs("\r\n", out);
}

static void ics_prop(FILE *out, const char *name, const char *text)
{
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_printf(&b, "%s:", name);
	ics_text(&b, text);
	ics_line(out, rc_buf_cstr(&b));
	rc_buf_free(&b);
}

void cli_ical_begin(FILE *out)
{
	ics_line(out, "BEGIN:VCALENDAR");
	ics_line(out, "VERSION:2.0");
	ics_line(out, "PRODID:-//recourse//deadlines " PACKAGE_VERSION "//EN");
	ics_line(out, "CALSCALE:GREGORIAN");
	ics_line(out, "METHOD:PUBLISH");
}

void cli_ical_event(FILE *out, const char *uid, struct rc_ymd d, const char *summary, const char *description)
{
	char stamp[32], line[256];
	time_t now = rc_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	struct rc_ymd e = rc_ymd_add_days(d, 1);
	ics_line(out, "BEGIN:VEVENT");
	ics_prop(out, "UID", uid);
	snprintf(line, sizeof line, "DTSTAMP:%s", stamp);
	ics_line(out, line);
	snprintf(line, sizeof line, "DTSTART;VALUE=DATE:%04d%02d%02d", d.y, d.m, d.d);
	ics_line(out, line);
	snprintf(line, sizeof line, "DTEND;VALUE=DATE:%04d%02d%02d", e.y, e.m, e.d);
	ics_line(out, line);
	ics_prop(out, "SUMMARY", summary);
	if (description)
		ics_prop(out, "DESCRIPTION", description);
	ics_line(out, "TRANSP:TRANSPARENT");
	ics_line(out, "BEGIN:VALARM");
	ics_line(out, "ACTION:DISPLAY");
	ics_line(out, "TRIGGER:-P7D");
	ics_prop(out, "DESCRIPTION", summary);
	ics_line(out, "END:VALARM");
	ics_line(out, "END:VEVENT");
}

bool cli_ical_end(FILE *out)
{
	ics_line(out, "END:VCALENDAR");
	return fflush(out) == 0 && !ferror(out);
}
