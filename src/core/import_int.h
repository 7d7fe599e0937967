/* import_int.h - what the importers of access logs share inside src/core
 * (import.c, import_fhir.c, import_csv.c).  Not a public header. */
#ifndef RECOURSE_IMPORT_INT_H
#define RECOURSE_IMPORT_INT_H

#include "core.h"

#define RC_IMPORT_DEFAULT_ENTRY_BYTES ((size_t)1 << 20)
#define RC_IMPORT_DEFAULT_DEPTH 64u

struct rc_impjson;
struct rc_impcsv;

struct rc_import {
	enum rc_import_format fmt;     /* in use; AUTO until decided */
	char *origin;                  /* as given, may be NULL */
	struct rc_import_limits lim;
	rc_import_event_fn on_event;
	rc_import_invalid_fn on_invalid;
	void *ud;
	uint64_t n_events;
	uint64_t n_invalid;
	uint64_t n_apart;              /* entries that are neither accesses nor errors */
	enum rc_status status;         /* sticky once not RC_OK */
	bool finished;
	char imported[32];             /* when this import started (ISO, UTC) */
	char msg[320];                 /* the message handed to on_invalid */

	/* Before the format's parser: the UTF-8 byte order mark, and for
	 * AUTO the first bytes kept until the format is known. */
	unsigned char head[3];
	size_t nhead;
	bool head_done;
	uint64_t skipped;              /* bytes dropped before the parser (BOM) */
	struct rc_buf sniff;

	struct rc_impjson *json;
	struct rc_impcsv *csv;
};

/* Tell on_invalid about a problem.  entry != 0 counts one invalid entry.
 * The message is printf-formatted into imp->msg; callers pass a
 * translated format and no personal data. */
void rc_import_report(struct rc_import *imp, uint64_t entry, uint64_t line, uint64_t offset,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Hand an event to on_event: fills origin and imported when empty,
 * counts it.  The event's members belong to on_event afterwards; ev is
 * re-initialized (not cleared) here. */
enum rc_status rc_import_emit(struct rc_import *imp, struct rc_event *ev);

/* Sanitized copy for an event field; NULL when nothing is left. */
char *rc_import_text(const char *s, size_t len, bool keep_newlines);
/* The same for a field of an access log that is shown, saying in *marks
 * (enum rc_mark bits, ORed in) what had to be done: what the sanitizer
 * removed or cut (rc_marks_of_text), and a text longer than
 * RC_IMPORT_TEXT_MAX bytes cut there, at a character boundary (CUT). */
#define RC_IMPORT_TEXT_MAX 1000
char *rc_import_text_ex(const char *s, size_t len, bool keep_newlines, uint32_t *marks);

/* The meaning of a code of a code system the FHIR importer knows
 * (fhir_codes.c): an English text marked N_(), to translate with _();
 * NULL when the system or the code is not known. */
const char *rc_fhir_code_meaning(const char *system, size_t slen, const char *code, size_t clen);
/* Sanitized country: two ASCII letters are upper-cased. */
char *rc_import_country(const char *s, size_t len);

/* FHIR JSON (one document) and NDJSON. */
struct rc_impjson *rc_impjson_new(struct rc_import *imp, bool ndjson);
enum rc_status rc_impjson_feed(struct rc_impjson *js, const unsigned char *p, size_t n);
enum rc_status rc_impjson_finish(struct rc_impjson *js);
void rc_impjson_free(struct rc_impjson *js);

/* CSV of transcribed letters. */
struct rc_impcsv *rc_impcsv_new(struct rc_import *imp);
enum rc_status rc_impcsv_feed(struct rc_impcsv *cs, const unsigned char *p, size_t n);
enum rc_status rc_impcsv_finish(struct rc_impcsv *cs);
void rc_impcsv_free(struct rc_impcsv *cs);

#endif
