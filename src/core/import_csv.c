/* import_csv.c - accesses transcribed by hand from authorities' letters,
 * as CSV (RFC 4180: quoted values with "" for a quote and line breaks
 * inside quotes, CRLF or LF).  doc/access-log-formats.md lists the columns
 * and says what happens to hostile input.
 *
 * The first row that is not blank and not a comment (a row whose first
 * value starts with '#') names the columns, in any order; occurred_at and
 * authority are required, unknown columns are ignored (a name that looks
 * like a misspelt known one stops the import).  Each other row is one
 * access, with exactly as many values as the first row has names: a value
 * is never moved to another column to fill a gap.  A row that cannot be
 * read is reported with its line and skipped; a header that cannot be
 * read stops the import.
 *
 * Nothing is changed silently: every value goes through
 * rc_text_sanitize_ex, and what it had to do (bytes that were not UTF-8,
 * control or invisible characters left out, accents cut), a time without
 * a zone and a value cut at RC_CSV_MAX_VALUE bytes are marks on the event
 * (RC_MARK_*).  The event's raw keeps the row's bytes as they were. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_int.h"

enum col {
	C_OCCURRED_AT, C_AUTHORITY, C_AUTHORITY_COUNTRY, C_AUTHORITY_TYPE, C_ROLE,
	C_AGENT, C_SYSTEM, C_ACTION, C_DATA_CATEGORIES, C_PURPOSE, C_LEGAL_BASIS,
	C_OUTCOME, C_DEST, C_DEST_COUNTRY, C_SOURCE_DOCUMENT, C_NOTE, C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"occurred_at", "authority", "authority_country", "authority_type", "role",
	"agent", "system", "action", "data_categories", "purpose", "legal_basis",
	"outcome", "dest", "dest_country", "source_document", "note",
};

/* A value longer than this (after sanitizing) is cut, with a mark; the
 * row keeps it whole in raw.  Its id is computed before the cut. */
#define RC_CSV_MAX_VALUE 1000

enum fstate { F_START, F_UNQUOTED, F_QUOTED, F_QUOTE };

struct rc_impcsv {
	struct rc_import *imp;
	enum fstate st;
	bool in_row;           /* a row has started */
	bool after_cr;         /* the last byte was a CR that ended a row */
	bool bad_quote;        /* a lone quote inside a quoted value */
	bool over;             /* the row is longer than the limit */
	bool quoted_first;     /* the first value was quoted */
	bool quoted_any;       /* some value of the row was quoted */
	size_t nvals;          /* values ended in the row (counted past the limit too) */
	size_t bad_quote_col;  /* 1-based column of the first lone quote */
	uint64_t pos;          /* absolute offset of the next byte */
	uint64_t line;         /* line of the next byte */
	uint64_t row_start, row_line;
	struct rc_buf raw;     /* the row's bytes, as in the input */
	struct rc_buf val;     /* its values, unescaped, each NUL-ended */
	uint32_t *fields;      /* offsets of the values in val */
	size_t nfields, capfields;
	size_t field_start;    /* where the value being read starts in val */
	bool header_done;
	int col[C_COUNT];      /* position of each column, -1 when absent */
	size_t ncols;          /* values in the header row */
	uint64_t rows;         /* data rows (entry numbers) */
};

struct rc_impcsv *rc_impcsv_new(struct rc_import *imp)
{
	struct rc_impcsv *cs = rc_xcalloc(1, sizeof *cs);
	cs->imp = imp;
	cs->pos = imp->skipped;
	cs->line = 1;
	rc_buf_init(&cs->raw);
	rc_buf_init(&cs->val);
	for (int i = 0; i < C_COUNT; i++)
		cs->col[i] = -1;
	return cs;
}

void rc_impcsv_free(struct rc_impcsv *cs)
{
	if (!cs)
		return;
	rc_buf_free(&cs->raw);
	rc_buf_free(&cs->val);
	free(cs->fields);
	free(cs);
}

/* ------------------------------------------------------------------ */
/* Values. */

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* The bytes of value i of the row (a NUL inside is kept), trimmed of
 * blanks. */
static const char *value(const struct rc_impcsv *cs, size_t i, size_t *len)
{
	size_t a = cs->fields[i];
	size_t b = (i + 1 < cs->nfields ? cs->fields[i + 1] : cs->val.len) - 1; /* its NUL */
	const char *s = cs->val.data + a;
	*len = b - a;
	trim(&s, len);
	return s;
}

static const char *field(const struct rc_impcsv *cs, enum col c, size_t *len)
{
	int i = cs->col[c];
	if (i < 0 || (size_t)i >= cs->nfields) {
		*len = 0;
		return "";
	}
	return value(cs, (size_t)i, len);
}

/* s[0..n) fit for display: a line end inside quotes (CRLF, CR or LF)
 * becomes one LF with keep_newlines (the note), else a space; then
 * rc_text_sanitize_ex, whose report goes to *marks.  NULL when nothing is
 * left. */
static char *clean(const char *s, size_t n, bool keep_newlines, uint32_t *marks)
{
	if (!n)
		return NULL;
	size_t i = 0;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
		i++;
	if (i == n && s[0] != ' ' && s[n - 1] != ' ')
		return rc_xstrndup(s, n); /* printable ASCII: nothing to do */
	char *tmp = NULL;
	size_t m = n;
	if (memchr(s, '\r', n) || (!keep_newlines && memchr(s, '\n', n))) {
		tmp = rc_xmalloc(n);
		m = 0;
		for (i = 0; i < n; i++) {
			char ch = s[i];
			if (ch == '\r') {
				if (i + 1 < n && s[i + 1] == '\n')
					i++;
				ch = '\n';
			}
			if (ch == '\n' && !keep_newlines)
				ch = ' ';
			tmp[m++] = ch;
		}
		s = tmp;
	}
	unsigned what = 0;
	char *t = rc_text_sanitize_ex(s, m, keep_newlines, &what);
	free(tmp);
	*marks |= rc_marks_of_text(what);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

static char *text(const struct rc_impcsv *cs, enum col c, bool keep_newlines, uint32_t *marks)
{
	size_t n;
	const char *s = field(cs, c, &n);
	return clean(s, n, keep_newlines, marks);
}

/* Two ASCII letters are a country code: upper-cased.  Other text is kept
 * as written. */
static char *country(const struct rc_impcsv *cs, enum col c, uint32_t *marks)
{
	char *t = text(cs, c, false, marks);
	if (t && strlen(t) == 2) {
		bool alpha = true;
		for (int i = 0; i < 2; i++)
			if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
				alpha = false;
		for (int i = 0; alpha && i < 2; i++)
			if (t[i] >= 'a' && t[i] <= 'z')
				t[i] = (char)(t[i] - 'a' + 'A');
	}
	return t;
}

/* The combining marks rc_text_sanitize_ex counts (src/base/text.c). */
static bool combining_at(const unsigned char *p)
{
	uint32_t cp;
	if (p[0] < 0x80)
		return false;
	if ((p[0] & 0xE0) == 0xC0)
		cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	else if ((p[0] & 0xF0) == 0xE0)
		cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	else
		return false; /* 4-byte characters: none of the ranges */
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* A value (sanitized, so valid UTF-8) longer than RC_CSV_MAX_VALUE bytes
 * is cut at the start of a character that is not a combining mark (a
 * letter never loses its accents), blanks before the cut dropped, and
 * "\u2026" put where it was cut; the CUT mark says so. */
static void cut(char **ps, uint32_t *marks)
{
	char *s = *ps;
	if (!s || strlen(s) <= RC_CSV_MAX_VALUE)
		return;
	const unsigned char *u = (const unsigned char *)s;
	size_t k = RC_CSV_MAX_VALUE;
	for (;;) {
		while (k > 0 && (u[k] & 0xC0) == 0x80)
			k--;
		if (k == 0 || !combining_at(u + k))
			break;
		k--;
	}
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\n'))
		k--;
	s = rc_xrealloc(s, k + 4);
	memcpy(s + k, "\xE2\x80\xA6", 4); /* with its NUL */
	*ps = s;
	*marks |= RC_MARK_CUT;
}

static bool word_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

static bool parse_action(const char *s, size_t n, enum rc_action *out)
{
	static const struct { const char *w; enum rc_action a; } words[] = {
		{ "share", RC_ACT_EXPORT }, { "shared", RC_ACT_EXPORT },
		{ "transfer", RC_ACT_EXPORT }, { "transferred", RC_ACT_EXPORT },
		{ "disclose", RC_ACT_EXPORT }, { "disclosed", RC_ACT_EXPORT },
		{ "disclosure", RC_ACT_EXPORT }, { "exported", RC_ACT_EXPORT },
		{ "query", RC_ACT_SEARCH }, { "searched", RC_ACT_SEARCH },
		{ "view", RC_ACT_READ }, { "viewed", RC_ACT_READ },
		{ "consulted", RC_ACT_READ },
		{ "created", RC_ACT_CREATE }, { "updated", RC_ACT_UPDATE },
		{ "changed", RC_ACT_UPDATE }, { "deleted", RC_ACT_DELETE },
		{ "erased", RC_ACT_DELETE },
	};
	if (!n) {
		*out = RC_ACT_UNKNOWN;
		return true;
	}
	for (int a = 0; a < RC_ACT_COUNT; a++)
		if (word_is(s, n, rc_action_id((enum rc_action)a))) {
			*out = (enum rc_action)a;
			return true;
		}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (word_is(s, n, words[i].w)) {
			*out = words[i].a;
			return true;
		}
	return false;
}

static bool parse_outcome(const char *s, size_t n, enum rc_outcome *out)
{
	static const struct { const char *w; enum rc_outcome o; } words[] = {
		{ "hit", RC_OUT_HIT }, { "found", RC_OUT_HIT },
		{ "no hit", RC_OUT_NOHIT }, { "no-hit", RC_OUT_NOHIT },
		{ "nohit", RC_OUT_NOHIT }, { "no_hit", RC_OUT_NOHIT },
		{ "not found", RC_OUT_NOHIT },
		{ "error", RC_OUT_ERROR }, { "failed", RC_OUT_ERROR },
		{ "failure", RC_OUT_ERROR }, { "unknown", RC_OUT_UNKNOWN },
	};
	if (!n) {
		*out = RC_OUT_UNKNOWN;
		return true;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (word_is(s, n, words[i].w)) {
			*out = words[i].o;
			return true;
		}
	return false;
}

static bool parse_categories(const char *s, size_t n, unsigned *out)
{
	static const struct { const char *w; unsigned bit; } syn[] = {
		{ "fingerprint", RC_CAT_FINGERPRINTS }, { "face", RC_CAT_FACE },
		{ "facial-image", RC_CAT_FACE }, { "facial image", RC_CAT_FACE },
		{ "face image", RC_CAT_FACE },
	};
	unsigned bits = 0;
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ';' && s[j] != ',')
			j++;
		const char *w = s + i;
		size_t wn = j - i;
		trim(&w, &wn);
		if (wn) {
			char tmp[64];
			unsigned b = 0;
			if (wn < sizeof tmp) {
				memcpy(tmp, w, wn);
				tmp[wn] = 0;
				if (!rc_categories_parse(tmp, &b))
					b = 0;
			}
			for (size_t k = 0; !b && k < sizeof syn / sizeof syn[0]; k++)
				if (word_is(w, wn, syn[k].w))
					b = syn[k].bit;
			if (!b)
				return false;
			bits |= b;
		}
		i = j + 1;
	}
	*out = bits;
	return true;
}

/* ------------------------------------------------------------------ */
/* Rows. */

/* A header name is a column's when they are equal, case ignored, with a
 * blank or '-' standing for '_' ("Legal basis" is legal_basis). */
static char norm_name_char(char c)
{
	if (c == ' ' || c == '-')
		return '_';
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c;
}

static bool name_is(const char *s, size_t n, const char *col)
{
	if (strlen(col) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (norm_name_char(s[i]) != col[i])
			return false;
	return true;
}

/* Edit distance (Levenshtein) between a header name and a column name,
 * in the same normalized form; names longer than 64 bytes are far. */
static size_t name_distance(const char *s, size_t n, const char *col)
{
	size_t m = strlen(col), row[65];
	if (n > 64)
		return SIZE_MAX;
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (norm_name_char(s[i - 1]) != col[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

/* Does an unknown name look like a known column misspelt ("legal_basi",
 * "legalbasis", "notes") or cut short ("country", "basis", "source": a
 * part of 4 letters or more of a name with '_')?  Then its values would
 * be lost without a word: the name of the column it resembles, else
 * NULL.  Short names (role, dest, note) only count with a letter more or
 * less, so that "zone" or "date" stay other columns. */
static const char *misspelt(const char *s, size_t n)
{
	for (int c = 0; c < C_COUNT; c++) {
		const char *col = col_names[c];
		size_t m = strlen(col);
		size_t d = name_distance(s, n, col);
		size_t most = m <= 4 ? (n != m) : m <= 6 ? 1 : 2;
		if (d <= most)
			return col;
		for (const char *part = col; *part;) {
			const char *end = strchr(part, '_');
			size_t pn = end ? (size_t)(end - part) : strlen(part);
			if (pn >= 4 && pn < m && pn == n) {
				size_t i = 0;
				while (i < n && norm_name_char(s[i]) == part[i])
					i++;
				if (i == n)
					return col;
			}
			part += pn + (end != NULL);
		}
	}
	return NULL;
}

static enum rc_status header_row(struct rc_impcsv *cs)
{
	struct rc_import *imp = cs->imp;
	for (size_t i = 0; i < cs->nfields; i++) {
		size_t n;
		const char *v = value(cs, i, &n);
		char *name = rc_text_sanitize(v, n, false); /* NULs, invisible characters out */
		n = strlen(name);
		int known = -1;
		for (int c = 0; c < C_COUNT && known < 0; c++)
			if (name_is(name, n, col_names[c]))
				known = c;
		const char *like = known < 0 && n ? misspelt(name, n) : NULL;
		free(name);
		if (like) {
			rc_import_report(imp, 0, cs->row_line, cs->row_start,
				/* TRANSLATORS: %zu is a column's number (1 for the first);
				 * %s is a column name such as legal_basis: keep it as it is. */
				_("Column %zu of the first row is not a known name, but is close to \"%s\": correct it, or its values would be left out."),
				i + 1, like);
			return RC_INVALID;
		}
		if (known < 0)
			continue;
		if (cs->col[known] >= 0) {
			rc_import_report(imp, 0, cs->row_line, cs->row_start,
				/* TRANSLATORS: %s is a column name such as occurred_at;
				 * keep it as it is. */
				_("The column \"%s\" appears twice in the first row."), col_names[known]);
			return RC_INVALID;
		}
		cs->col[known] = (int)i;
	}
	static const enum col required[] = { C_OCCURRED_AT, C_AUTHORITY };
	for (size_t r = 0; r < sizeof required / sizeof required[0]; r++) {
		if (cs->col[required[r]] < 0) {
			rc_import_report(imp, 0, cs->row_line, cs->row_start,
				/* TRANSLATORS: %s is a column name such as occurred_at;
				 * keep it as it is. */
				_("The first row must name the columns; \"%s\" is missing."),
				col_names[required[r]]);
			return RC_INVALID;
		}
	}
	cs->ncols = cs->nfields;
	cs->header_done = true;
	return RC_OK;
}

/* Does s hold an ISO 8601 period ("start/end", "start/P1D")? */
static bool is_period(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= 40)
		return false;
	char start[40];
	memcpy(start, s, (size_t)(slash - s));
	start[slash - s] = 0;
	return rc_date_parse(start, NULL, NULL, 0);
}

static enum rc_status data_row(struct rc_impcsv *cs)
{
	struct rc_import *imp = cs->imp;
	uint64_t no = ++cs->rows;
	struct rc_event ev;
	rc_event_init(&ev);
	char *v[C_COUNT] = { NULL };
	uint32_t marks = 0;
	const char *why = NULL;
	char msg[sizeof imp->msg];
#define BAD(...) do { \
		snprintf(msg, sizeof msg, __VA_ARGS__); \
		why = msg; \
		goto bad; \
	} while (0)
	if (cs->over)
		BAD(_("The row is longer than the limit of %zu bytes."), imp->lim.max_entry_bytes);
	if (cs->bad_quote)
		/* TRANSLATORS: %zu is the number of the column (1 for the first). */
		BAD(_("Column %zu: a quote inside a quoted value must be doubled (\"\")."), cs->bad_quote_col);
	if (cs->nfields != cs->ncols)
		/* TRANSLATORS: the first %zu is how many values the row has, the
		 * second how many columns the first row (the header) names. */
		BAD(_("Values in this row: %zu; columns in the first row: %zu. A comma is missing or extra (a value that holds a comma must be in quotes)."),
			cs->nfields, cs->ncols);

	/* Every value, sanitized whole: what that did becomes marks. */
	for (int c = 0; c < C_COUNT; c++)
		v[c] = c == C_AUTHORITY_COUNTRY || c == C_DEST_COUNTRY ? country(cs, (enum col)c, &marks)
			: text(cs, (enum col)c, c == C_NOTE, &marks);

	if (!v[C_OCCURRED_AT])
		BAD("%s", _("occurred_at is empty; write the date of the access, e.g. 2024-03-01."));
	char norm[32];
	bool zoned = true;
	if (is_period(v[C_OCCURRED_AT]))
		/* TRANSLATORS: keep occurred_at as it is; "/" joins the two dates of a period. */
		BAD("%s", _("occurred_at holds a period (two dates joined by /); write when the access happened, and the period in the note."));
	if (!rc_date_parse_ex(v[C_OCCURRED_AT], &ev.occurred_ts, norm, sizeof norm, &zoned))
		BAD("%s", _("occurred_at is not a valid date; write e.g. 2024-03-01 or 2024-03-01T10:40:00+01:00."));
	if (!zoned)
		marks |= RC_MARK_NO_TIMEZONE;
	ev.occurred = rc_xstrdup(norm);

	if (!v[C_AUTHORITY])
		BAD("%s", _("authority is empty; write who accessed the record."));
	const char *w = v[C_ACTION] ? v[C_ACTION] : "";
	if (!parse_action(w, strlen(w), &ev.action))
		BAD("%s", _("The action is not understood; write one of: search, read, create, update, delete, export, other."));
	w = v[C_OUTCOME] ? v[C_OUTCOME] : "";
	if (!parse_outcome(w, strlen(w), &ev.outcome))
		BAD("%s", _("The outcome is not understood; write hit, no hit or error, or leave it empty."));
	w = v[C_DATA_CATEGORIES] ? v[C_DATA_CATEGORIES] : "";
	if (!parse_categories(w, strlen(w), &ev.categories))
		BAD("%s", _("A data category is not understood; write fingerprints, face-image, iris, biographic or other, separated by ';'."));
#undef BAD

	static const struct { enum col c; size_t off; } texts[] = {
		{ C_AUTHORITY, offsetof(struct rc_event, authority) },
		{ C_AUTHORITY_COUNTRY, offsetof(struct rc_event, authority_country) },
		{ C_AUTHORITY_TYPE, offsetof(struct rc_event, authority_type) },
		{ C_ROLE, offsetof(struct rc_event, role) },
		{ C_AGENT, offsetof(struct rc_event, agent) },
		{ C_SYSTEM, offsetof(struct rc_event, system) },
		{ C_PURPOSE, offsetof(struct rc_event, purpose) },
		{ C_LEGAL_BASIS, offsetof(struct rc_event, legal_basis) },
		{ C_DEST, offsetof(struct rc_event, dest) },
		{ C_DEST_COUNTRY, offsetof(struct rc_event, dest_country) },
		{ C_NOTE, offsetof(struct rc_event, note) },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		*(char **)((char *)&ev + texts[i].off) = v[texts[i].c];
		v[texts[i].c] = NULL;
	}
	ev.source = rc_xstrdup("letter");
	/* The id from the whole values: two rows that differ only past the
	 * cut stay two accesses. */
	ev.ext_id = rc_event_hash_id(&ev);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		cut((char **)((char *)&ev + texts[i].off), &marks);
	cut(&v[C_SOURCE_DOCUMENT], &marks);

	/* origin: "<origin given>: <source_document>", or either alone. */
	char *doc = v[C_SOURCE_DOCUMENT];
	v[C_SOURCE_DOCUMENT] = NULL;
	if (doc && imp->origin) {
		struct rc_buf b;
		rc_buf_init(&b);
		rc_buf_printf(&b, "%s: %s", imp->origin, doc);
		ev.origin = b.data;
		free(doc);
	} else if (doc) {
		ev.origin = doc;
	}
	ev.marks = marks;

	ev.raw = rc_xmalloc(cs->raw.len ? cs->raw.len : 1);
	memcpy(ev.raw, cs->raw.data, cs->raw.len);
	ev.raw_len = cs->raw.len;
	for (int c = 0; c < C_COUNT; c++)
		free(v[c]);
	return rc_import_emit(imp, &ev);

bad:
	rc_import_report(imp, no, cs->row_line, cs->row_start, "%s", why);
	for (int c = 0; c < C_COUNT; c++)
		free(v[c]);
	rc_event_clear(&ev);
	return RC_OK;
}

/* A row of nothing but blanks and commas (a spreadsheet's empty row). */
static bool row_is_blank(const struct rc_impcsv *cs)
{
	if (cs->over || cs->quoted_any)
		return false;
	for (size_t i = 0; i < cs->nfields; i++) {
		size_t n;
		value(cs, i, &n);
		if (n)
			return false;
	}
	return true;
}

static enum rc_status end_row(struct rc_impcsv *cs)
{
	enum rc_status st = RC_OK;
	bool comment = !cs->quoted_first && cs->raw.len && cs->raw.data[0] == '#';
	if (!comment && !row_is_blank(cs)) {
		if (cs->header_done)
			st = data_row(cs);
		else if (cs->over) {
			rc_import_report(cs->imp, 0, cs->row_line, cs->row_start,
				_("The first row is longer than the limit of %zu bytes."),
				cs->imp->lim.max_entry_bytes);
			st = RC_INVALID;
		} else
			st = header_row(cs);
	}
	rc_buf_reset(&cs->raw);
	rc_buf_reset(&cs->val);
	cs->nfields = cs->nvals = cs->bad_quote_col = 0;
	cs->in_row = false;
	cs->over = cs->bad_quote = cs->quoted_first = cs->quoted_any = false;
	cs->st = F_START;
	return st;
}

static void end_field(struct rc_impcsv *cs)
{
	cs->nvals++;
	if (cs->over)
		return;
	if (cs->nfields == cs->capfields) {
		cs->capfields = cs->capfields ? 2 * cs->capfields : 32;
		cs->fields = rc_xrealloc(cs->fields, cs->capfields * sizeof *cs->fields);
	}
	cs->fields[cs->nfields++] = (uint32_t)cs->field_start;
	rc_buf_add(&cs->val, "", 1); /* the NUL that ends the value */
	cs->field_start = cs->val.len;
}

static void add_val(struct rc_impcsv *cs, unsigned char c)
{
	if (!cs->over)
		rc_buf_add(&cs->val, &c, 1);
}

enum rc_status rc_impcsv_feed(struct rc_impcsv *cs, const unsigned char *p, size_t n)
{
	size_t max = cs->imp->lim.max_entry_bytes;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		uint64_t at = cs->pos++;
		if (cs->after_cr) {
			cs->after_cr = false;
			if (c == '\n') {
				cs->line++;
				continue;
			}
		}
		if (!cs->in_row) {
			cs->in_row = true;
			cs->row_start = at;
			cs->row_line = cs->line;
			cs->st = F_START;
			cs->field_start = 0;
		}
		bool eol = false;
		switch (cs->st) {
		case F_START:
			if (c == '"') {
				cs->st = F_QUOTED;
				cs->quoted_any = true;
				if (cs->nvals == 0)
					cs->quoted_first = true;
			} else if (c == ',') {
				end_field(cs);
			} else if (c == '\n' || c == '\r') {
				eol = true;
			} else {
				cs->st = F_UNQUOTED;
				add_val(cs, c);
			}
			break;
		case F_UNQUOTED:
			if (c == ',') {
				end_field(cs);
				cs->st = F_START;
			} else if (c == '\n' || c == '\r') {
				eol = true;
			} else {
				add_val(cs, c);
			}
			break;
		case F_QUOTED:
			if (c == '"')
				cs->st = F_QUOTE;
			else
				add_val(cs, c);
			break;
		case F_QUOTE:
			if (c == '"') {
				add_val(cs, c);
				cs->st = F_QUOTED;
			} else if (c == ',') {
				end_field(cs);
				cs->st = F_START;
			} else if (c == '\n' || c == '\r') {
				eol = true;
			} else {
				if (!cs->bad_quote)
					cs->bad_quote_col = cs->nvals + 1;
				cs->bad_quote = true;
				add_val(cs, c);
				cs->st = F_UNQUOTED;
			}
			break;
		}
		if (eol) {
			end_field(cs);
			if (c == '\r')
				cs->after_cr = true;
			else
				cs->line++;
			enum rc_status st = end_row(cs);
			if (st != RC_OK)
				return st;
			continue;
		}
		if (c == '\n')
			cs->line++;
		if (!cs->over) {
			if (cs->raw.len >= max) {
				cs->over = true;
				rc_buf_reset(&cs->raw);
				rc_buf_reset(&cs->val);
				cs->nfields = 0;
			} else {
				rc_buf_add(&cs->raw, &c, 1);
			}
		}
	}
	return RC_OK;
}

enum rc_status rc_impcsv_finish(struct rc_impcsv *cs)
{
	enum rc_status st = RC_OK;
	if (cs->in_row) {
		if (cs->st == F_QUOTED) {
			uint64_t no = cs->header_done ? ++cs->rows : 0;
			rc_import_report(cs->imp, no, cs->row_line, cs->row_start,
				/* TRANSLATORS: %zu is the number of the column (1 for the first). */
				_("Column %zu: the quote that opens this value is not closed before the end of the file."),
				cs->nvals + 1);
			if (!cs->header_done)
				return RC_INVALID;
		} else {
			end_field(cs);
			st = end_row(cs);
			if (st != RC_OK)
				return st;
		}
	}
	if (!cs->header_done) {
		if (cs->pos == cs->imp->skipped)
			/* TRANSLATORS: an access log file given to import holds nothing. */
			rc_import_report(cs->imp, 0, 1, cs->pos, "%s", _("The file is empty."));
		else
			rc_import_report(cs->imp, 0, cs->line, cs->pos, "%s",
				_("The file has no first row naming the columns (occurred_at, authority, ...)."));
		return RC_INVALID;
	}
	return st;
}
