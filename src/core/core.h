/* core.h - the domain: access events, their flags and explanations, the
 * importers of access logs, legal regimes.  No I/O of its own (callers
 * feed bytes and read results), no curses, no SQL.  The one public header
 * of src/core (libcore.a). */
#ifndef RECOURSE_CORE_H
#define RECOURSE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "deadline.h" /* civil dates, holidays, periods and deadlines */
#include "board.h"    /* what the office board is told */

/* ------------------------------------------------------------------ */
/* Access events ("who looked at my record"). */

#define RC_TS_UNKNOWN INT64_MIN

/* Data categories touched (bit mask). */
#define RC_CATEGORY_INFO(_) \
	_(FINGERPRINTS, 0x01, "fingerprints", N_("fingerprints")) \
	_(FACE,         0x02, "face-image",   N_("face image")) \
	_(IRIS,         0x04, "iris",         N_("iris")) \
	_(BIOGRAPHIC,   0x08, "biographic",   N_("personal details")) \
	_(OTHER,        0x10, "other",        N_("other data"))

enum rc_category {
#define RC_CAT_ENUM(name, bit, id, label) RC_CAT_##name = bit,
	RC_CATEGORY_INFO(RC_CAT_ENUM)
#undef RC_CAT_ENUM
};

/* What was done with the record. */
#define RC_ACTION_INFO(_) \
	_(UNKNOWN, "unknown", N_("unknown")) \
	_(SEARCH,  "search",  N_("searched")) \
	_(READ,    "read",    N_("looked at")) \
	_(CREATE,  "create",  N_("created")) \
	_(UPDATE,  "update",  N_("changed")) \
	_(DELETE,  "delete",  N_("deleted")) \
	_(EXPORT,  "export",  N_("shared or exported")) \
	_(OTHER,   "other",   N_("other"))

enum rc_action {
#define RC_ACT_ENUM(name, id, label) RC_ACT_##name,
	RC_ACTION_INFO(RC_ACT_ENUM)
#undef RC_ACT_ENUM
	RC_ACT_COUNT
};

/* What came of it.  For a search, success is a hit. */
#define RC_OUTCOME_INFO(_) \
	_(UNKNOWN, "unknown", N_("unknown")) \
	_(HIT,     "hit",     N_("found (hit)")) \
	_(NOHIT,   "no-hit",  N_("not found (no hit)")) \
	_(ERROR,   "error",   N_("failed"))

enum rc_outcome {
#define RC_OUT_ENUM(name, id, label) RC_OUT_##name,
	RC_OUTCOME_INFO(RC_OUT_ENUM)
#undef RC_OUT_ENUM
	RC_OUT_COUNT
};

/* Who received the data when it was shared: a public body of a country,
 * an international organisation, or a private body (the transfer rules
 * differ for each). */
#define RC_DEST_KIND_INFO(_) \
	_(UNKNOWN, "unknown",       N_("not said")) \
	_(STATE,   "state",         N_("a public authority of a country")) \
	_(INTL,    "international", N_("an international organisation")) \
	_(PRIVATE, "private",       N_("a private body"))
enum rc_dest_kind {
#define RC_DK_ENUM(name, id, label) RC_DEST_##name,
	RC_DEST_KIND_INFO(RC_DK_ENUM)
#undef RC_DK_ENUM
	RC_DEST_KIND_COUNT
};
const char *rc_dest_kind_id(enum rc_dest_kind k);
const char *rc_dest_kind_label(enum rc_dest_kind k); /* translated */
bool rc_dest_kind_parse(const char *id, enum rc_dest_kind *out);

/* Marks: what a record lacks, or what had to be done to show it, said to
 * the reader next to the access.  The original bytes stay as received. */
#define RC_MARK_INFO(_) \
	/* TRANSLATORS: marks shown next to an access; say what the reader needs to know. */ \
	_(NO_TIMEZONE, 0x01, "no-timezone", N_("No time zone was given: the time is read as UTC and may be some hours off.")) \
	_(NOT_UTF8,    0x02, "not-utf8",    N_("Some bytes were not UTF-8 text: they are shown as \xef\xbf\xbd; the original record keeps them as received.")) \
	_(INVISIBLE,   0x04, "invisible",   N_("The record contains invisible characters (such as zero-width spaces); they are left out here.")) \
	_(CONTROL,     0x08, "control",     N_("The record contains control characters; they are left out here.")) \
	_(CUT,         0x10, "cut",         N_("A text in the record was too long or had too many accents to show whole; it is cut here.")) \
	_(NO_RECORD,   0x20, "no-record",   N_("The record does not say whose record was accessed."))
enum rc_mark {
#define RC_MARK_ENUM(name, bit, id, text) RC_MARK_##name = bit,
	RC_MARK_INFO(RC_MARK_ENUM)
#undef RC_MARK_ENUM
};
#define RC_MARK_COUNT 6
uint32_t rc_mark_bit(int i);                /* i in 0..RC_MARK_COUNT-1 */
const char *rc_mark_id(uint32_t bit);
const char *rc_mark_text(uint32_t bit);     /* translated */
/* The marks a sanitizer report (RC_TEXT_* of base.h) stands for. */
uint32_t rc_marks_of_text(unsigned what);

/* One access, normalized.  Every string is malloc'ed, owned by the event,
 * sanitized for display (rc_text_sanitize), NULL when not given.  raw
 * keeps the original bytes untouched, as evidence.  The fields follow
 * the FHIR AuditEvent (R4, R5) and IHE BALP: doc/access-log-formats.md. */
struct rc_event {
	int64_t id;           /* store row id; 0 before it is stored */
	char *source;         /* identity namespace: the system that recorded it */
	char *ext_id;         /* the event's own id, or a hash for letters */
	char *occurred;       /* normalized: "2023-09-04T07:11:58Z", or "2024-03-01" */
	int64_t occurred_ts;  /* Unix seconds UTC (date only: 00:00Z), or RC_TS_UNKNOWN */
	char *recorded;
	int64_t recorded_ts;
	char *authority;      /* the accessing body (or the person, as the log names them) */
	char *authority_country; /* ISO 3166-1 alpha-2, upper case */
	char *authority_type; /* e.g. "border police", "hospital" */
	char *organization;   /* the organisation the actor acted for, when apart */
	char *role;           /* the person's role or unit, in words */
	char *agent;          /* the person's staff number or user id */
	char *client;         /* the application or machine used, when the log says */
	char *system;         /* e.g. "Eurodac Central System" */
	char *patient;        /* whose record: a reference or an identifier, as written */
	unsigned categories;  /* enum rc_category bits */
	enum rc_action action;
	enum rc_outcome outcome;
	char *purpose;        /* the stated purpose, in words (a code with its meaning) */
	char *legal_basis;    /* a law or article, only when the record gives one */
	char *authorization;  /* a token, consent or policy reference (not a law) */
	char *dest;           /* onward recipient when data was shared */
	char *dest_country;
	enum rc_dest_kind dest_kind;
	char *origin;         /* where it came from: file, registry, letter */
	char *note;
	char *imported;       /* when it was imported (ISO) */
	uint32_t flags;       /* enum rc_flag bits, computed by rc_flags_* */
	uint32_t uncertain;   /* of those, the ones the law leaves uncertain */
	uint32_t marks;       /* enum rc_mark bits */
	char *raw;            /* original bytes (not NUL-terminated data) */
	size_t raw_len;
};

/* The body that accessed, as shown to a person: the organisation the
 * actor acted for when the log names it apart, else the actor. */
const char *rc_event_body(const struct rc_event *ev);
/* Text folded for searching, in any script: lower case (Latin, Greek,
 * Cyrillic), accents off (Latin, Greek), anything that is not a letter
 * or a digit one space, no space at the ends ("Bundesamt für M." ->
 * "bundesamt fur m").  A text contains another when the folded forms
 * do (strstr).  Malloc'ed. */
char *rc_text_fold(const char *s);
void rc_event_init(struct rc_event *ev);
void rc_event_clear(struct rc_event *ev); /* frees every member, re-inits */
/* The stable id of an event without one of its own (letters, manual
 * entry): hex SHA-256 over its normalized fields.  Malloc'ed. */
char *rc_event_hash_id(const struct rc_event *ev);

const char *rc_action_id(enum rc_action a);       /* "search" */
const char *rc_action_label(enum rc_action a);    /* translated */
bool rc_action_parse(const char *id, enum rc_action *out);
const char *rc_outcome_id(enum rc_outcome o);
const char *rc_outcome_label(enum rc_outcome o);
bool rc_outcome_parse(const char *id, enum rc_outcome *out);
/* "fingerprints,face-image" <-> bits.  _format writes ids or, with
 * translated=true, translated labels joined by ", ". */
bool rc_categories_parse(const char *list, unsigned *out);
char *rc_categories_format(unsigned cats, bool translated);

/* Dates: parse ISO 8601 (date, or date-time with Z or +hh:mm) into Unix
 * seconds and a normalized text.  false when invalid. */
bool rc_date_parse(const char *s, int64_t *ts, char *norm, size_t normlen);
/* The same; *zoned (when not NULL) is set false for a date-time given
 * without a zone (read as UTC: set RC_MARK_NO_TIMEZONE on the event),
 * true otherwise (a zone, or a day alone). */
bool rc_date_parse_ex(const char *s, int64_t *ts, char *norm, size_t normlen, bool *zoned);

/* ------------------------------------------------------------------ */
/* Validators (validate.c): one of each, used everywhere. */

/* A country as ISO 3166-1 alpha-2 (any case, blanks around allowed; UK
 * and EL read as GB and GR): true and the code in capitals in out, only
 * for an assigned code (or XK). */
bool rc_country_parse(const char *in, char out[3]);
bool rc_country_known(const char code[3]);
/* Every known code, two letters each, concatenated; returns how many. */
size_t rc_country_codes(const char **codes);
/* "er, sd" -> "ER,SD" (malloc'ed, NULL for an empty list; duplicates
 * dropped; any comma, including the Arabic one).  RC_INVALID with
 * rc_error_set naming the item that is not a country. */
enum rc_status rc_country_list_parse(const char *in, char **norm);
/* A case label fit for a folder name: letters, digits, '-', '_', '.',
 * 1..64 bytes, not starting with '.' or '-'.  It is visible without a
 * passphrase, so it must never be a person's name. */
bool rc_case_label_valid(const char *label);
/* A key slot label: printable UTF-8, no spaces at either end, 1..64. */
bool rc_slot_label_valid(const char *label);

/* Kinds of request to an authority. */
#define RC_REQUEST_KIND_INFO(_) \
	/* TRANSLATORS: kinds of request to an authority about one's data. */ \
	_(ACCESS,        "access",        N_("access (a copy of the record and its log)")) \
	_(RECTIFICATION, "rectification", N_("correction")) \
	_(COMPLETION,    "completion",    N_("completion")) \
	_(ERASURE,       "erasure",       N_("deletion")) \
	_(RESTRICTION,   "restriction",   N_("restriction of use")) \
	_(OBJECTION,     "objection",     N_("objection")) \
	_(COMPLAINT,     "complaint",     N_("complaint to the data protection authority"))

enum rc_request_kind {
#define RC_RK_ENUM(name, id, label) RC_REQ_##name,
	RC_REQUEST_KIND_INFO(RC_RK_ENUM)
#undef RC_RK_ENUM
	RC_REQ_KIND_COUNT
};
const char *rc_request_kind_id(enum rc_request_kind k);     /* "erasure" */
const char *rc_request_kind_label(enum rc_request_kind k);  /* translated */
bool rc_request_kind_parse(const char *id, enum rc_request_kind *out);
char *rc_request_kind_list(void); /* "access, rectification, ..." malloc'ed */

/* ------------------------------------------------------------------ */
/* Flags: transparent rules about the authorities' conduct, never a score
 * of the person.  id (stable, for --flag and files), short label, and a
 * plain explanation: what was seen, why it may matter, what to do. */
#define RC_FLAG_INFO(_) \
	_(FLED_COUNTRY,    0x001, "fled-country") \
	_(NO_MANDATE,      0x002, "no-mandate") \
	_(NO_PURPOSE,      0x004, "no-purpose") \
	_(RETENTION,       0x008, "after-retention") \
	_(AFTER_ERASURE,   0x010, "after-erasure") \
	_(BURST,           0x020, "burst") \
	_(ONWARD,          0x040, "onward-transfer") \
	_(NO_LEGAL_BASIS,  0x080, "no-legal-basis") \
	_(REQUEST_PENDING, 0x100, "request-pending")

enum rc_flag {
#define RC_FLAG_ENUM(name, bit, id) RC_FLAG_##name = bit,
	RC_FLAG_INFO(RC_FLAG_ENUM)
#undef RC_FLAG_ENUM
};
#define RC_FLAG_COUNT 9

/* i in 0..RC_FLAG_COUNT-1; 0 outside. */
uint32_t rc_flag_bit(int i);
/* For a bit that is not exactly one flag these return NULL. */
const char *rc_flag_id(uint32_t bit);
bool rc_flag_parse(const char *id, uint32_t *bit); /* ids, any case */
const char *rc_flag_label(uint32_t bit);        /* translated, short */
/* The flag in general (for a list of the flags): translated. */
const char *rc_flag_explanation(uint32_t bit);

/* Everything the rules need to know about the case and its regimes.
 *
 * A request on file: only kinds "erasure" and "restriction" count.  An
 * access after the authority confirmed the erasure (or granted the
 * restriction) is AFTER_ERASURE; one after the request was filed and
 * before it was confirmed is REQUEST_PENDING (processing may lawfully go
 * on while the authority decides).  Neither where the regime the request
 * was made under gives no such right.  A time at exactly 00:00:00Z (what
 * rc_date_parse gives for a date alone) is read as that whole date,
 * anywhere: only an access after 12:00Z the next day counts as after it. */
struct rc_request_mark {
	char kind[16];         /* "erasure", "restriction" */
	char regime[32];       /* the regime it was made under, "" when not said */
	int64_t filed_ts;      /* RC_TS_UNKNOWN when not */
	int64_t confirmed_ts;  /* the authority confirmed it */
};

/* Ownership: the ctx owns feared, requests, dates and own_regimes (freed
 * by rc_flag_ctx_clear).  regimes is what the rules read: the case
 * operations set it to own_regimes, a subset of the catalogue (which must
 * outlive the ctx); a caller may instead point it at a set it keeps alive
 * and frees itself.  Without regimes, NO_MANDATE, NO_LEGAL_BASIS,
 * RETENTION and ONWARD are never set. */
struct rc_flag_ctx {
	char (*feared)[3];     /* countries fled or feared, ISO alpha-2 */
	size_t n_feared;
	struct rc_request_mark *requests;
	size_t n_requests;
	struct rc_record_date *dates; /* where retention periods start */
	size_t n_dates;
	unsigned burst_count;      /* this many accesses ... (below 2: no bursts) */
	unsigned burst_window_s;   /* ... by one agent in this many seconds */
	const struct rc_regimes *regimes; /* retention, areas, mandates, logs */
	struct rc_regimes *own_regimes;   /* freed with the ctx, or NULL */
};

/* Defaults: nothing feared, no requests, no record dates, burst 10 in
 * 600 s, no regimes. */
void rc_flag_ctx_init(struct rc_flag_ctx *ctx);
/* Frees feared, requests, dates and own_regimes; re-inits to the defaults. */
void rc_flag_ctx_clear(struct rc_flag_ctx *ctx);

/* The flags of one event that need only the event and the context
 * (everything but BURST); *uncertain (may be NULL) gets those of them the
 * law leaves uncertain.  The time of the event is occurred_ts, else
 * recorded_ts; a date-only time counts as the earliest moment of that day
 * anywhere (UTC+14), so "after" rules never fire early; the law applied
 * is the version in force on that day. */
uint32_t rc_flags_event(const struct rc_flag_ctx *ctx, const struct rc_event *ev, uint32_t *uncertain);

/* The same, keeping the answers of the regime lookups in m for the next
 * events (a memo is for one thread and one set of regimes; it forgets
 * them when ctx->regimes changes).  m NULL: rc_flags_event. */
struct rc_flag_memo;
struct rc_flag_memo *rc_flag_memo_new(void);
void rc_flag_memo_free(struct rc_flag_memo **m);
uint32_t rc_flags_event_memo(const struct rc_flag_ctx *ctx, struct rc_flag_memo *m,
	const struct rc_event *ev, uint32_t *uncertain);

/* One flag of one event explained to the applicant: what was seen, why it
 * may matter, what to do, the rule it rests on (the article and act, or
 * recourse's own rule), and "uncertain" with the reason where the law is.
 * Translated, malloc'ed; NULL when the event does not have the flag. */
char *rc_flag_explain(const struct rc_flag_ctx *ctx, const struct rc_event *ev, uint32_t bit);

/* Bursts: feed events sorted by (key, ts); key is the agent (or the
 * authority when there is no agent).  Returns, through mark(), the ids
 * that belong to a window of at least burst_count accesses within
 * burst_window_s seconds (last - first <= burst_window_s); each id once.
 * Marks are reported as soon as they are known.  Memory is bounded by
 * burst_count whatever the number of events.  A NULL key or an unknown
 * ts is skipped; a ts earlier than the previous one of the same key
 * starts a new group.  rc_burst_new returns NULL when mark is NULL or
 * burst_count is above RC_BURST_MAX; feed and free accept NULL. */
#define RC_BURST_MAX 100000u
struct rc_burst;
struct rc_burst *rc_burst_new(const struct rc_flag_ctx *ctx,
	void (*mark)(void *ud, int64_t id), void *ud);
void rc_burst_feed(struct rc_burst *b, const char *key, int64_t ts, int64_t id);
void rc_burst_free(struct rc_burst **b); /* flushes the last group */

/* ------------------------------------------------------------------ */
/* Regimes (one JSON file a regime in data/regimes/, format in
 * data/regimes/README.md): retention per system, the area inside which
 * sharing is not onward transfer, bodies with a mandate.  Load
 * common.json (areas, mandate keywords) and the case's regime files, in
 * any order. */
struct rc_regimes;
/* Parse one document (JSON bytes, a regime or the common document) into
 * r (created when *r is NULL).  All or nothing: on error *r is left as it
 * was, and RC_INVALID comes with rc_error_set naming the field. */
enum rc_status rc_regimes_add_json(struct rc_regimes **r, const char *json, size_t len);
void rc_regimes_free(struct rc_regimes **r);
/* Whether a body has an asylum, immigration or border mandate, judged
 * from its type and name on the keyword lists of common.json: mandate
 * keywords win; police words count as a mandate only with a purpose;
 * service words (health, schools, welfare, jobs, tax, housing) mean none;
 * local police words mean none only without a purpose. */
enum rc_mandate {
	RC_MANDATE_UNKNOWN,
	RC_MANDATE_YES,
	RC_MANDATE_NO
};
enum rc_mandate rc_regimes_mandate(const struct rc_regimes *r, const char *authority_type,
	const char *authority, bool has_purpose);
/* The regime ids loaded, e.g. "gdpr". */
size_t rc_regimes_count(const struct rc_regimes *r);
const char *rc_regimes_id(const struct rc_regimes *r, size_t i);
const char *rc_regimes_title(const struct rc_regimes *r, size_t i);
/* The name of regime i's first system ("Eurodac Central System"); NULL:
 * the regime has no systems (a general law such as the GDPR). */
const char *rc_regimes_system_name(const struct rc_regimes *r, size_t i);
const char *rc_regimes_cite(const struct rc_regimes *r, size_t i); /* NULL: none */
bool rc_regimes_has(const struct rc_regimes *r, const char *id);
/* Whether the common document (areas, mandate keywords) is loaded. */
bool rc_regimes_has_common(const struct rc_regimes *r);
/* "gdpr, eurodac, ..." (malloc'ed). */
char *rc_regimes_ids(const struct rc_regimes *r);
/* A shipped regime's title in the current language (others unchanged),
 * and whether a title is one of the shipped ones (for the tests). */
const char *rc_regime_title_translated(const char *title);
bool rc_regime_title_known(const char *title);

/* The catalogue is a set holding every regime file and the common
 * document; a case uses the subset its profile names.  A subset borrows
 * from cat (which must outlive it) and is freed with rc_regimes_free.
 * ids: "gdpr,eurodac" (commas or spaces); an id cat does not hold gives
 * RC_INVALID with rc_error_set naming it and listing the known ids.
 * Documents cannot be added to a subset. */
enum rc_status rc_regimes_subset(const struct rc_regimes *cat, const char *ids, struct rc_regimes **out);

/* A regime's rules for one kind of request, as its file gives them.  A
 * period there: its length (p.n 0 when the law sets none), where and how
 * the file says it runs, the counting rule and the public holidays that
 * turn it into a date, and why it is uncertain (NULL: settled). */
struct rc_rule_period {
	struct rc_period p;
	const char *from, *what, *article, *instrument; /* NULL when not given */
	bool has_counting;
	enum rc_rule counting;
	const char *calendar;  /* a holidays file id, or "controller" */
	const char *uncertain;
};
struct rc_escalation {
	const char *to, *article, *instrument, *uncertain;
	struct rc_rule_period period;
};
struct rc_request_rule {
	enum rc_request_kind kind;
	bool known;        /* the file has this kind */
	bool available;    /* false: the regime gives no such right */
	bool indirect;     /* only through the data protection authority */
	const char *instrument, *article, *addressee, *notes, *languages, *uncertain;
	struct rc_rule_period answer;
	struct rc_rule_period extension;
	const char *extension_condition;
	struct rc_rule_period notice; /* within which the extension must be told */
	const char *clock_stops, *clock_stops_article; /* when the period does not run */
	const struct rc_escalation *esc;
	size_t n_esc;
};
/* The rule of the version in force on day (a request: the day it was
 * received), or NULL when the regime is not in r, no version applies on
 * that day, or the version does not name the kind.  The strings belong
 * to the set (the catalogue). */
const struct rc_request_rule *rc_regimes_request_at(const struct rc_regimes *r, const char *id,
	enum rc_request_kind kind, struct rc_ymd day);
/* The id of the version of regime id in force on day, or NULL. */
const char *rc_regimes_version_at(const struct rc_regimes *r, const char *id, struct rc_ymd day);

/* The dates a case knows of the person's records, per system (an id of a
 * regime's systems: "eurodac") and dataset ("applicant"): where each
 * retention period starts. */
struct rc_record_date {
	char system[32];
	char dataset[32];
	struct rc_ymd date;
};
/* "eurodac:applicant=2023-09-04, vis=2024-10-01" -> dates (malloc'ed),
 * each system and dataset checked against r: RC_INVALID with
 * rc_error_set naming what is wrong (and the known ids).  A system with
 * one dataset may be given without it.  *norm: the same, as stored. */
enum rc_status rc_record_dates_parse(const struct rc_regimes *r, const char *in,
	struct rc_record_date **dates, size_t *n, char **norm);

/* What a finding rests on: the regime, the article and act, and why it
 * is uncertain (NULL: settled). */
struct rc_basis {
	const char *regime_title, *version, *article, *instrument, *uncertain;
};

/* Retention: whether an access on day to the system a log names came
 * after the retention period of every dataset the case has a date for
 * (so never early), by the version in force on that day.  UNKNOWN when it
 * cannot be computed: no regime covers the system, a dataset has no rule,
 * or the case has no date for the system. */
enum rc_verdict { RC_VERDICT_UNKNOWN, RC_VERDICT_NO, RC_VERDICT_YES };
struct rc_retention_finding {
	enum rc_verdict after;
	struct rc_ymd start, end;     /* the dataset whose period ends last */
	struct rc_period period;
	const char *system_name, *dataset_title;
	const char *system_id, *regime_id; /* the system's and its regime's ids ("eurodac") */
	struct rc_basis basis;
};
void rc_regimes_retention(const struct rc_regimes *r, const char *system, struct rc_ymd day,
	const struct rc_record_date *dates, size_t n, struct rc_retention_finding *out);
/* The same for a system named by its id in the regime files ("vis"), as
 * the case's record dates name it, rather than as a log names it. */
void rc_regimes_retention_id(const struct rc_regimes *r, const char *system_id, struct rc_ymd day,
	const struct rc_record_date *dates, size_t n, struct rc_retention_finding *out);

/* Transfers: what the regimes covering the system (all of them when none
 * does) say, on day, of data sent to a recipient of that kind in that
 * country (NULL: not said).  The strictest rule wins. */
enum rc_transfer_rule {
	RC_TRANSFER_UNKNOWN,     /* nothing to go on */
	RC_TRANSFER_INSIDE,      /* a public body inside the area: not a transfer */
	RC_TRANSFER_ALLOWED,
	RC_TRANSFER_CONDITIONS,  /* only on conditions the log cannot show */
	RC_TRANSFER_FORBIDDEN
};
struct rc_transfer_finding {
	enum rc_transfer_rule rule;
	const char *exception, *exception_article;
	struct rc_basis basis;
};
void rc_regimes_transfer(const struct rc_regimes *r, const char *system, struct rc_ymd day,
	enum rc_dest_kind kind, const char *country, struct rc_transfer_finding *out);

/* Whether the version in force on day of a regime covering the system
 * requires the access log to record the purpose (legal_basis false) or
 * the legal basis (true). */
bool rc_regimes_log_requires(const struct rc_regimes *r, const char *system, struct rc_ymd day,
	bool legal_basis, struct rc_basis *basis);

/* ------------------------------------------------------------------ */
/* Importers of access logs.  Push parsers: feed bytes in chunks of any
 * size; each event found is handed to on_event (which takes ownership of
 * its members by rc_event_clear'ing it when done); each invalid entry to
 * on_invalid.  Memory stays bounded whatever the input size. */
enum rc_import_format {
	RC_IMPORT_AUTO,   /* decide from the first bytes */
	RC_IMPORT_FHIR,   /* one JSON document: Bundle or AuditEvent */
	RC_IMPORT_NDJSON, /* one resource per line */
	RC_IMPORT_CSV     /* transcribed letters, doc/access-log-formats.md */
};

struct rc_import_error {
	uint64_t entry;      /* 1-based entry (event) number, 0 when not known */
	uint64_t line;       /* 1-based line in the input */
	uint64_t offset;     /* byte offset in the input */
	const char *message; /* translated, no personal data */
};

typedef enum rc_status (*rc_import_event_fn)(void *ud, struct rc_event *ev);
typedef void (*rc_import_invalid_fn)(void *ud, const struct rc_import_error *err);

struct rc_import_limits {
	size_t max_entry_bytes; /* one resource or CSV row (default 1 MiB) */
	unsigned max_depth;     /* JSON nesting (default 64) */
};

struct rc_import;
struct rc_import *rc_import_new(enum rc_import_format fmt, const char *origin,
	const struct rc_import_limits *limits /* NULL: defaults */,
	rc_import_event_fn on_event, rc_import_invalid_fn on_invalid, void *ud);
/* RC_OK, or RC_INVALID when the input as a whole cannot be read further
 * (on_invalid was told why), or whatever on_event returned. */
enum rc_status rc_import_feed(struct rc_import *imp, const void *data, size_t len);
enum rc_status rc_import_finish(struct rc_import *imp);
void rc_import_free(struct rc_import **imp);
/* Counts so far. */
uint64_t rc_import_entries(const struct rc_import *imp); /* events + invalid */
uint64_t rc_import_invalid(const struct rc_import *imp);
/* Entries set apart: neither an access nor an error, and not counted in
 * rc_import_entries: a Bundle entry whose search.mode is "outcome" (an
 * OperationOutcome in a searchset) or "include" (a resource a search
 * included that is not an AuditEvent). */
uint64_t rc_import_apart(const struct rc_import *imp);
/* Which format AUTO settled on (or the one given). */
enum rc_import_format rc_import_format_of(const struct rc_import *imp);

#include "request.h" /* requests: states, moves, deadlines */

/* journal_check.c: a case journal's hash chain and its checkpoint, from
 * their JSON texts (an evidence bundle's data/journal/; doc/bundles.md). */
void rc_journal_entry_hash(const unsigned char prev[32], int64_t seq, const char *at, const char *slot,
	const char *action, const char *object, unsigned char out[32]);
struct rc_journal_check {
	bool journal_read;       /* an object with an "entries" array */
	bool chain_ok;           /* every entry numbered from 1 and hashed from the one before */
	int64_t broken_at;       /* when not: the first entry that is not */
	int64_t entries;         /* entries checked */
	char last_hash[65];
	bool checkpoint_read;    /* "seq" and a 64-hex-digit "head" */
	int64_t checkpoint_seq;
	char checkpoint_head[65];
	bool checkpoint_ok;      /* the chain is whole and ends at the checkpoint */
};
void rc_journal_check_texts(const char *journal, size_t jn, const char *checkpoint, size_t cn,
	struct rc_journal_check *out);

#endif
