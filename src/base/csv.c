/* csv.c - a CSV cell (RFC 4180) that a spreadsheet will not run: text
 * beginning with = + - @ (or such a cell after a separator inside it) is
 * quoted and prefixed with an apostrophe.  Used by every listing
 * (--format csv) and the evidence bundle's CSV files. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "base.h"

/* The separators a spreadsheet may split a line on, and line breaks. */
static bool csv_sep(char c)
{
	return c == ',' || c == ';' || c == '\t' || c == '|' || c == '\n' || c == '\r';
}

static bool csv_formula_char(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@';
}

/* Whether a cell beginning at p (past spaces and quotes) is a formula. */
static bool csv_formula_at(const char *p)
{
	while (*p == ' ' || *p == '"')
		p++;
	return csv_formula_char(*p);
}

/* A plain number ("-119", "3.5"): what a spreadsheet reads as a number,
 * never a formula, so it needs no guard. */
static bool csv_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.' && isdigit((unsigned char)s[1]))
		for (s++; isdigit((unsigned char)*s); s++)
			;
	return *s == 0;
}

void rc_csv_cell(struct rc_buf *out, const char *s, bool numeric)
{
	if (!s)
		return;
	/* a column of numbers the program computed (days left) is written as
	 * a number; anything else that only looks like one is guarded */
	if (numeric && csv_number(s)) {
		rc_buf_addstr(out, s);
		return;
	}
	bool guard = *s == '\t' || *s == '\r' || csv_formula_at(s);
	for (const char *p = s; *p && !guard; p++)
		guard = csv_sep(*p) && csv_formula_at(p + 1);
	bool quote = guard || strpbrk(s, ",\"\r\n") != NULL || *s == ' ';
	if (!quote) {
		rc_buf_addstr(out, s);
		return;
	}
	rc_buf_add(out, "\"", 1);
	if (guard)
		rc_buf_add(out, "'", 1);
	bool cell_start = false; /* after a separator, past spaces and quotes */
	const char *run = s;     /* bytes copied as they are, in one go */
	for (; *s; s++) {
		bool apos = guard && cell_start && csv_formula_char(*s);
		if (apos || *s == '"') {
			rc_buf_add(out, run, (size_t)(s - run));
			run = s;
			rc_buf_add(out, apos ? "'" : "\"", 1);
			if (apos && *s == '"')
				rc_buf_add(out, "\"", 1);
		}
		if (csv_sep(*s))
			cell_start = true;
		else if (*s != ' ' && *s != '"')
			cell_start = false;
	}
	rc_buf_add(out, run, (size_t)(s - run));
	rc_buf_add(out, "\"", 1);
}
