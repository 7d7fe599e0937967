/* import.c - the importers' front door: one API for FHIR JSON, NDJSON and
 * CSV, the choice of format for RC_IMPORT_AUTO, the byte order mark, the
 * counters, and the hand-over of events and problems to the caller.
 *
 * Ownership: rc_import_new copies origin.  Each event handed to on_event
 * is the callee's: it rc_event_clear's it (now or later: a shallow copy of
 * the struct is allowed, the importer never touches the members again).
 * The rc_import_error handed to on_invalid lives only during the call. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

struct rc_import *rc_import_new(enum rc_import_format fmt, const char *origin,
	const struct rc_import_limits *limits,
	rc_import_event_fn on_event, rc_import_invalid_fn on_invalid, void *ud)
{
	struct rc_import *imp = rc_xcalloc(1, sizeof *imp);
	imp->fmt = fmt;
	imp->origin = origin && *origin ? rc_xstrdup(origin) : NULL;
	imp->lim.max_entry_bytes = RC_IMPORT_DEFAULT_ENTRY_BYTES;
	imp->lim.max_depth = RC_IMPORT_DEFAULT_DEPTH;
	if (limits) {
		if (limits->max_entry_bytes)
			imp->lim.max_entry_bytes = limits->max_entry_bytes;
		if (limits->max_depth)
			imp->lim.max_depth = limits->max_depth;
	}
	/* Offsets are kept in 32 bits inside an entry. */
	if (imp->lim.max_entry_bytes > ((size_t)1 << 30))
		imp->lim.max_entry_bytes = (size_t)1 << 30;
	if (imp->lim.max_depth > 100000)
		imp->lim.max_depth = 100000;
	imp->on_event = on_event;
	imp->on_invalid = on_invalid;
	imp->ud = ud;
	imp->status = RC_OK;
	rc_time_iso(rc_now(), imp->imported, sizeof imp->imported);
	rc_buf_init(&imp->sniff);
	return imp;
}

void rc_import_free(struct rc_import **pimp)
{
	struct rc_import *imp = pimp ? *pimp : NULL;
	if (!imp)
		return;
	if (imp->json)
		rc_impjson_free(imp->json);
	if (imp->csv)
		rc_impcsv_free(imp->csv);
	rc_buf_free(&imp->sniff);
	free(imp->origin);
	free(imp);
	*pimp = NULL;
}

uint64_t rc_import_entries(const struct rc_import *imp)
{
	return imp->n_events + imp->n_invalid;
}

uint64_t rc_import_invalid(const struct rc_import *imp)
{
	return imp->n_invalid;
}

uint64_t rc_import_apart(const struct rc_import *imp)
{
	return imp->n_apart;
}

enum rc_import_format rc_import_format_of(const struct rc_import *imp)
{
	return imp->fmt;
}

void rc_import_report(struct rc_import *imp, uint64_t entry, uint64_t line, uint64_t offset,
	const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(imp->msg, sizeof imp->msg, fmt, ap);
	va_end(ap);
	if (entry)
		imp->n_invalid++;
	if (imp->on_invalid) {
		struct rc_import_error err = {
			.entry = entry, .line = line, .offset = offset, .message = imp->msg,
		};
		imp->on_invalid(imp->ud, &err);
	}
}

enum rc_status rc_import_emit(struct rc_import *imp, struct rc_event *ev)
{
	if (!ev->origin && imp->origin)
		ev->origin = rc_xstrdup(imp->origin);
	if (!ev->imported)
		ev->imported = rc_xstrdup(imp->imported);
	imp->n_events++;
	enum rc_status st = RC_OK;
	if (imp->on_event)
		st = imp->on_event(imp->ud, ev);
	else
		rc_event_clear(ev);
	rc_event_init(ev);
	return st;
}

char *rc_import_text(const char *s, size_t len, bool keep_newlines)
{
	if (!s || !len)
		return NULL;
	/* Fast path: printable ASCII without blanks at either end is what
	 * rc_text_sanitize would return unchanged. */
	if (s[0] != ' ' && s[len - 1] != ' ') {
		size_t i = 0;
		while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
			i++;
		if (i == len)
			return rc_xstrndup(s, len);
	}
	char *t = rc_text_sanitize(s, len, keep_newlines);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

char *rc_import_text_ex(const char *s, size_t len, bool keep_newlines, uint32_t *marks)
{
	if (!s || !len)
		return NULL;
	if (len <= RC_IMPORT_TEXT_MAX && s[0] != ' ' && s[len - 1] != ' ') {
		size_t i = 0;
		while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
			i++;
		if (i == len)
			return rc_xstrndup(s, len);
	}
	unsigned what = 0;
	char *t = rc_text_sanitize_ex(s, len, keep_newlines, &what);
	if (marks)
		*marks |= rc_marks_of_text(what);
	size_t n = strlen(t);
	if (n > RC_IMPORT_TEXT_MAX) {
		/* Back to the first byte of a character, then drop the blanks
		 * the cut may leave at the end. */
		n = RC_IMPORT_TEXT_MAX;
		while (n && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
		while (n && (t[n - 1] == ' ' || (keep_newlines && t[n - 1] == '\n')))
			n--;
		t[n] = 0;
		if (marks)
			*marks |= RC_MARK_CUT;
	}
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

char *rc_import_country(const char *s, size_t len)
{
	char *t = rc_import_text(s, len, false);
	if (t && strlen(t) == 2) {
		bool alpha = true;
		for (int i = 0; i < 2; i++) {
			char c = t[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
				alpha = false;
		}
		if (alpha) {
			for (int i = 0; i < 2; i++)
				if (t[i] >= 'a' && t[i] <= 'z')
					t[i] = (char)(t[i] - 'a' + 'A');
		}
	}
	return t;
}

/* ------------------------------------------------------------------ */
/* Choosing the format (RC_IMPORT_AUTO). */

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Does the text p[0..n) hold exactly one complete JSON object or array,
 * with only blanks after it?  A cheap scan of brackets and strings; the
 * real parser judges the details later. */
static bool one_complete_value(const unsigned char *p, size_t n)
{
	int depth = 0;
	bool in_str = false, esc = false;
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth <= 0) {
				i++;
				break;
			}
		}
	}
	/* Whatever follows on the same line is NDJSON's to report. */
	return depth == 0 && !in_str;
}

/* 0: need more bytes; else the format.  eof: no more bytes will come. */
static enum rc_import_format sniff(struct rc_import *imp, bool eof, bool *empty)
{
	const unsigned char *p = (const unsigned char *)imp->sniff.data;
	size_t n = imp->sniff.len, i = 0;
	size_t cap = 2 * imp->lim.max_entry_bytes + 4096;
	*empty = false;
	while (i < n && is_blank(p[i]))
		i++;
	if (i == n) {
		if (eof) {
			*empty = true;
			return RC_IMPORT_FHIR;
		}
		return n > cap ? RC_IMPORT_FHIR : RC_IMPORT_AUTO;
	}
	if (p[i] == '[')
		return RC_IMPORT_FHIR;
	if (p[i] != '{')
		return RC_IMPORT_CSV;
	const unsigned char *nl = memchr(p + i, '\n', n - i);
	if (!nl)
		return eof || n > cap ? RC_IMPORT_FHIR : RC_IMPORT_AUTO;
	if (!one_complete_value(p + i, (size_t)(nl - (p + i))))
		return RC_IMPORT_FHIR; /* a document spread over lines */
	for (size_t j = (size_t)(nl - p); j < n; j++)
		if (!is_blank(p[j]))
			return RC_IMPORT_NDJSON; /* a second value on a later line */
	return eof || n > cap ? RC_IMPORT_FHIR : RC_IMPORT_AUTO;
}

static void start_parser(struct rc_import *imp)
{
	switch (imp->fmt) {
	case RC_IMPORT_CSV:
		imp->csv = rc_impcsv_new(imp);
		break;
	case RC_IMPORT_NDJSON:
		imp->json = rc_impjson_new(imp, true);
		break;
	default:
		imp->fmt = RC_IMPORT_FHIR;
		imp->json = rc_impjson_new(imp, false);
		break;
	}
}

static enum rc_status to_parser(struct rc_import *imp, const unsigned char *p, size_t n)
{
	if (!n)
		return RC_OK;
	if (imp->csv)
		return rc_impcsv_feed(imp->csv, p, n);
	return rc_impjson_feed(imp->json, p, n);
}

/* Past the byte order mark (and AUTO's wait), bytes go to the parser. */
static enum rc_status after_head(struct rc_import *imp, const unsigned char *p, size_t n, bool eof)
{
	if (imp->fmt != RC_IMPORT_AUTO)
		return to_parser(imp, p, n);
	rc_buf_add(&imp->sniff, p, n);
	bool empty;
	enum rc_import_format f = sniff(imp, eof, &empty);
	if (f == RC_IMPORT_AUTO)
		return RC_OK;
	if (empty) {
		/* TRANSLATORS: an access log file given to import holds nothing. */
		rc_import_report(imp, 0, 1, imp->skipped, "%s", _("The file is empty."));
		return RC_INVALID;
	}
	imp->fmt = f;
	start_parser(imp);
	enum rc_status st = to_parser(imp, (const unsigned char *)imp->sniff.data, imp->sniff.len);
	rc_buf_free(&imp->sniff);
	return st;
}

static enum rc_status feed(struct rc_import *imp, const unsigned char *p, size_t n, bool eof)
{
	if (!imp->head_done) {
		/* Keep up to 3 bytes to see whether they are a UTF-8 BOM. */
		static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
		while (n && imp->nhead < 3) {
			imp->head[imp->nhead++] = *p++;
			n--;
			if (imp->head[imp->nhead - 1] != bom[imp->nhead - 1])
				break;
		}
		if (imp->nhead < 3 && !eof && memcmp(imp->head, bom, imp->nhead) == 0)
			return RC_OK;
		imp->head_done = true;
		bool is_bom = imp->nhead == 3 && memcmp(imp->head, bom, 3) == 0;
		if (is_bom)
			imp->skipped = 3;
		if (imp->fmt != RC_IMPORT_AUTO)
			start_parser(imp);
		if (!is_bom) {
			enum rc_status st = after_head(imp, imp->head, imp->nhead, eof && !n);
			if (st != RC_OK)
				return st;
		}
	}
	return after_head(imp, p, n, eof);
}

enum rc_status rc_import_feed(struct rc_import *imp, const void *data, size_t len)
{
	if (imp->status != RC_OK)
		return imp->status;
	if (imp->finished)
		return RC_OK;
	imp->status = feed(imp, data, len, false);
	return imp->status;
}

enum rc_status rc_import_finish(struct rc_import *imp)
{
	if (imp->status != RC_OK || imp->finished)
		return imp->status;
	imp->finished = true;
	enum rc_status st = feed(imp, NULL, 0, true);
	if (st == RC_OK && imp->fmt == RC_IMPORT_AUTO) {
		/* Nothing at all was fed. */
		rc_import_report(imp, 0, 1, 0, "%s", _("The file is empty."));
		st = RC_INVALID;
	}
	if (st == RC_OK) {
		if (imp->csv)
			st = rc_impcsv_finish(imp->csv);
		else if (imp->json)
			st = rc_impjson_finish(imp->json);
	}
	imp->status = st;
	return st;
}
