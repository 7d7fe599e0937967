/* import_csv.c - accesses transcribed by hand from authorities' letters,
 * as CSV (RFC 4180: quoted values with "" for a quote and line breaks
 * inside quotes, CRLF or LF).  doc/access-log-formats.md lists the columns.
 *
 * The first row that is not blank and not a comment (a row whose first
 * value starts with '#') names the columns, in any order; occurred_at and
 * authority are required, unknown columns are ignored.  Each other row is
 * one access.  A row that cannot be read is reported with its line and
 * skipped; a header that cannot be read stops the import. */
#include "config.h"

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

enum fstate { F_START, F_UNQUOTED, F_QUOTED, F_QUOTE };

struct rc_impcsv {
	struct rc_import *imp;
	enum fstate st;
	bool in_row;           /* a row has started */
	bool after_cr;         /* the last byte was a CR that ended a row */
	bool bad_quote;        /* a lone quote inside a quoted value */
	bool over;             /* the row is longer than the limit */
	bool quoted_first;     /* the first value was quoted */
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

static const char *field(struct rc_impcsv *cs, enum col c, size_t *len)
{
	int i = cs->col[c];
	if (i < 0 || (size_t)i >= cs->nfields) {
		*len = 0;
		return "";
	}
	const char *s = cs->val.data + cs->fields[i];
	*len = strlen(s); /* a NUL inside a value ends it */
	trim(&s, len);
	return s;
}

static char *text(struct rc_impcsv *cs, enum col c, bool keep_newlines)
{
	size_t n;
	const char *s = field(cs, c, &n);
	return rc_import_text(s, n, keep_newlines);
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

static enum rc_status header_row(struct rc_impcsv *cs)
{
	struct rc_import *imp = cs->imp;
	for (size_t i = 0; i < cs->nfields; i++) {
		const char *s = cs->val.data + cs->fields[i];
		size_t n = strlen(s);
		trim(&s, &n);
		for (int c = 0; c < C_COUNT; c++) {
			if (!word_is(s, n, col_names[c]))
				continue;
			if (cs->col[c] >= 0) {
				rc_import_report(imp, 0, cs->row_line, cs->row_start,
					/* TRANSLATORS: %s is a column name such as occurred_at;
					 * keep it as it is. */
					_("The column \"%s\" appears twice in the first row."), col_names[c]);
				return RC_INVALID;
			}
			cs->col[c] = (int)i;
		}
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

static enum rc_status data_row(struct rc_impcsv *cs)
{
	struct rc_import *imp = cs->imp;
	uint64_t no = ++cs->rows;
	size_t n;
	const char *s;
#define BAD(...) do { \
		rc_import_report(imp, no, cs->row_line, cs->row_start, __VA_ARGS__); \
		rc_event_clear(&ev); \
		return RC_OK; \
	} while (0)
	struct rc_event ev;
	rc_event_init(&ev);
	if (cs->over)
		BAD(_("The row is longer than the limit of %zu bytes."), imp->lim.max_entry_bytes);
	if (cs->bad_quote)
		BAD("%s", _("A quote inside a quoted value must be doubled (\"\")."));
	for (size_t i = cs->ncols; i < cs->nfields; i++) {
		const char *v = cs->val.data + cs->fields[i];
		size_t vn = strlen(v);
		trim(&v, &vn);
		if (vn)
			BAD("%s", _("The row has more values than the first row has columns."));
	}

	s = field(cs, C_OCCURRED_AT, &n);
	char date[64], norm[32];
	if (!n)
		BAD("%s", _("occurred_at is empty; write the date of the access, e.g. 2024-03-01."));
	if (n >= sizeof date)
		n = sizeof date - 1;
	memcpy(date, s, n);
	date[n] = 0;
	if (!rc_date_parse(date, &ev.occurred_ts, norm, sizeof norm))
		BAD("%s", _("occurred_at is not a valid date; write e.g. 2024-03-01 or 2024-03-01T10:40:00+01:00."));
	ev.occurred = rc_xstrdup(norm);

	ev.authority = text(cs, C_AUTHORITY, false);
	if (!ev.authority)
		BAD("%s", _("authority is empty; write who accessed the record."));

	s = field(cs, C_ACTION, &n);
	if (!parse_action(s, n, &ev.action))
		BAD("%s", _("The action is not understood; write one of: search, read, create, update, delete, export, other."));
	s = field(cs, C_OUTCOME, &n);
	if (!parse_outcome(s, n, &ev.outcome))
		BAD("%s", _("The outcome is not understood; write hit, no hit or error, or leave it empty."));
	s = field(cs, C_DATA_CATEGORIES, &n);
	if (!parse_categories(s, n, &ev.categories))
		BAD("%s", _("A data category is not understood; write fingerprints, face-image, iris, biographic or other, separated by ';'."));
#undef BAD

	s = field(cs, C_AUTHORITY_COUNTRY, &n);
	ev.authority_country = rc_import_country(s, n);
	ev.authority_type = text(cs, C_AUTHORITY_TYPE, false);
	ev.role = text(cs, C_ROLE, false);
	ev.agent = text(cs, C_AGENT, false);
	ev.system = text(cs, C_SYSTEM, false);
	ev.purpose = text(cs, C_PURPOSE, false);
	ev.legal_basis = text(cs, C_LEGAL_BASIS, false);
	ev.dest = text(cs, C_DEST, false);
	s = field(cs, C_DEST_COUNTRY, &n);
	ev.dest_country = rc_import_country(s, n);
	ev.note = text(cs, C_NOTE, true);
	ev.source = rc_xstrdup("letter");
	ev.ext_id = rc_event_hash_id(&ev);

	/* origin: "<origin given>: <source_document>", or either alone. */
	char *doc = text(cs, C_SOURCE_DOCUMENT, false);
	if (doc && imp->origin) {
		struct rc_buf b;
		rc_buf_init(&b);
		rc_buf_printf(&b, "%s: %s", imp->origin, doc);
		ev.origin = b.data;
		free(doc);
	} else if (doc) {
		ev.origin = doc;
	}

	ev.raw = rc_xmalloc(cs->raw.len ? cs->raw.len : 1);
	memcpy(ev.raw, cs->raw.data, cs->raw.len);
	ev.raw_len = cs->raw.len;
	return rc_import_emit(imp, &ev);
}

static enum rc_status end_row(struct rc_impcsv *cs)
{
	enum rc_status st = RC_OK;
	const char *first = cs->nfields ? cs->val.data + cs->fields[0] : "";
	bool blank = cs->nfields <= 1 && !*first && !cs->quoted_first && !cs->over;
	bool comment = !cs->quoted_first && cs->raw.len && cs->raw.data[0] == '#';
	if (!blank && !comment) {
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
	cs->nfields = 0;
	cs->in_row = false;
	cs->over = cs->bad_quote = cs->quoted_first = false;
	cs->st = F_START;
	return st;
}

static void end_field(struct rc_impcsv *cs)
{
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
				if (cs->nfields == 0)
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
			rc_import_report(cs->imp, no, cs->row_line, cs->row_start, "%s",
				_("A quoted value is not closed before the end of the file."));
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
		rc_import_report(cs->imp, 0, cs->line, cs->pos, "%s",
			_("The file has no first row naming the columns (occurred_at, authority, ...)."));
		return RC_INVALID;
	}
	return st;
}
