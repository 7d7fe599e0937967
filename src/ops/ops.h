/* ops.h - case operations: every change to a case, in one place, each in
 * one transaction.  The command line and the terminal interface read what
 * the person typed, call one operation, and show its result; they never
 * change a case by themselves.  Operations validate their input with
 * core's validators, build the flag context from the regime catalogue,
 * and compose the store's calls.  The one public header of src/ops
 * (libops.a); below it: store, core, base (doc/architecture.md). */
#ifndef RECOURSE_OPS_H
#define RECOURSE_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "base.h"
#include "core.h"
#include "store.h"
#include "net.h"

/* ------------------------------------------------------------------ */
/* The regime catalogue: every file of data/regimes/, read once per
 * process on first use and kept until exit.  Where it is looked for:
 * $RECOURSE_DATA_DIR/regimes when that variable is set (and only there);
 * else the installed data folder; else the source tree of the build the
 * binary came from.  None holds it: RC_NODATA, and the detail names
 * every place looked in.  A file that does not load: RC_INVALID naming
 * the file and the field.  Never a catalogue with fewer regimes than the
 * folder holds. */
enum rc_status rc_op_catalogue(const struct rc_regimes **out);
/* The data folder the catalogue came from (after rc_op_catalogue), or
 * NULL. */
const char *rc_op_data_dir(void);

/* The public holiday calendars: every file of data/holidays/ of the same
 * data folder, then the office's own ($XDG_CONFIG_HOME/recourse/holidays,
 * a region's or a court's days), read once per process.  A file that does
 * not load: RC_INVALID naming it. */
enum rc_status rc_op_holidays(const struct rc_holidays **out);
/* The calendar an authority keeps: a country (two letters: its nationwide
 * calendar), "EU" (the Commission's), or a calendar's id.  *id points into
 * the set.  None: RC_INVALID, and the detail lists the calendars known. */
enum rc_status rc_op_calendar_of(const char *in, const char **id);

/* The flag context of an open case: its countries, record date, burst
 * settings and requests, and the subset of the catalogue its profile
 * names (owned by ctx; rc_flag_ctx_clear frees it). */
enum rc_status rc_op_flag_ctx(struct rc_case *c, struct rc_flag_ctx *ctx);

/* ------------------------------------------------------------------ */
/* The case and its profile. */

/* What a person gives about the case, as typed (validated here).  NULL
 * or "" means not given. */
struct rc_profile {
	const char *display_name;   /* the applicant's name, as they want it shown */
	const char *record_ref;     /* the registry's reference of the record */
	const char *countries;      /* fled or feared: "ER, SD" */
	const char *regimes;        /* "gdpr, eurodac": ids of the catalogue */
	const char *language;       /* "ar" */
	const char *record_created; /* a date */
	const char *record_dates;   /* "eurodac:applicant=2023-09-04, vis:visa=..." */
	const char *burst_count;    /* the burst flag's settings */
	const char *burst_window;   /* seconds */
};

#define RC_PROFILE_FIELD_INFO(_) \
	_(NAME,           "name",           "display_name") \
	_(RECORD,         "record",         "record_ref") \
	_(RECORD_CREATED, "record-created", "record_created") \
	_(RECORD_DATES,   "record-dates",   "record_dates") \
	_(COUNTRIES,      "countries",      "countries") \
	_(REGIMES,        "regimes",        "regimes") \
	_(LANGUAGE,       "language",       "language") \
	_(BURST_COUNT,    "burst-count",    "burst_count") \
	_(BURST_WINDOW,   "burst-window",   "burst_window")

enum rc_profile_field {
#define RC_PF_ENUM(name, arg, meta) RC_PF_##name,
	RC_PROFILE_FIELD_INFO(RC_PF_ENUM)
#undef RC_PF_ENUM
	RC_PF_COUNT
};
/* "record-created" -> RC_PF_RECORD_CREATED */
bool rc_profile_field_parse(const char *name, enum rc_profile_field *out);
const char *rc_profile_field_name(enum rc_profile_field f);
/* "name, record, record-created, ..." (static) */
const char *rc_profile_field_list(void);
/* Whether the access-log flags depend on the field. */
bool rc_profile_field_flags(enum rc_profile_field f);

/* Check one field's value: RC_OK and its stored form in *norm (malloc'ed;
 * NULL for an empty value), or RC_INVALID with the reason in
 * rc_error_detail(). */
enum rc_status rc_op_profile_check(enum rc_profile_field f, const char *value, char **norm);

/* Check every field of p (before asking for a passphrase): RC_OK, or
 * RC_INVALID with *bad the first wrong field and the reason in
 * rc_error_detail(). */
enum rc_status rc_op_profile_validate(const struct rc_profile *p, enum rc_profile_field *bad);

/* A new case at path (rc_case_resolve) with its first key slot.  The
 * profile is checked first: nothing is made when a field is wrong (the
 * detail names it).  The slot's key derivation: rc_op_kdf. */
enum rc_status rc_op_case_create(const char *path, const char *slot_label, const struct rc_secret *pass,
	const struct rc_profile *profile, struct rc_case **out);

/* Set one field.  When the flags depend on it, every access is checked
 * again in the same transaction (progress: done, total events; returning
 * false cancels), so a cancel or a crash leaves the case as it was. */
enum rc_status rc_op_profile_set(struct rc_case *c, enum rc_profile_field f, const char *value,
	rc_progress_fn progress, void *ud);

/* ------------------------------------------------------------------ */
/* Accesses written down by hand (from a paper answer). */

#define RC_ACCESS_FIELD_INFO(_) \
	_(WHEN) _(AUTHORITY) _(COUNTRY) _(ROLE) _(AGENT) _(SYSTEM) _(ACTION) _(CATEGORIES) \
	_(PURPOSE) _(LEGAL_BASIS) _(OUTCOME) _(DEST) _(DEST_COUNTRY) _(SOURCE_DOCUMENT) _(NOTE)
enum rc_access_field {
	RC_AF_NONE = 0,
#define RC_AF_ENUM(name) RC_AF_##name,
	RC_ACCESS_FIELD_INFO(RC_AF_ENUM)
#undef RC_AF_ENUM
};

/* As typed; texts are cleaned of control and bidi-override characters
 * here.  when and authority are needed. */
struct rc_manual_access {
	const char *when;          /* "2024-05-22" or "2024-05-22T08:15:00+02:00" */
	const char *authority;
	const char *country;       /* two letters */
	const char *role, *agent, *system;
	enum rc_action action;
	const char *categories;    /* "fingerprints, face-image" (NULL: none) */
	const char *purpose, *legal_basis;
	enum rc_outcome outcome;
	const char *dest, *dest_country;
	const char *source_document; /* which letter it came from */
	const char *note;
};
void rc_manual_access_init(struct rc_manual_access *in); /* read, unknown */

struct rc_access_result {
	int64_t id;                /* the access's number */
	bool duplicate;            /* it was in the case already (add) */
	enum rc_access_field bad;  /* with RC_INVALID: the field to correct */
};

enum rc_status rc_op_access_add(struct rc_case *c, const struct rc_manual_access *in,
	struct rc_access_result *res);
/* A hand-written access replaced by a corrected one (same number); the
 * earlier version and the reason are kept in the journal. */
enum rc_status rc_op_access_correct(struct rc_case *c, int64_t id, const struct rc_manual_access *in,
	const char *reason, struct rc_access_result *res);
/* A hand-written access withdrawn (a mistake); it stays in the journal. */
enum rc_status rc_op_access_withdraw(struct rc_case *c, int64_t id, const char *reason);

/* ------------------------------------------------------------------ */
/* Importing an access log (fd open for reading): opts as for
 * rc_case_import_fd, whose ctx and accept are ignored (the case's own are
 * used).  Only the person's own accesses go in: an access naming another
 * record than the case's record references (its profile's "record", any
 * of a comma-separated list, and also_records for this import) is left
 * out and counted in res->left_out.  A case without a reference takes a
 * log about one record; a log about several stops the import
 * (RC_INVALID, nothing kept, the detail says how to go on).  An access
 * that names no record is kept, with its mark. */
enum rc_status rc_op_import_fd(struct rc_case *c, int fd, const struct rc_import_file_opts *opts,
	const char *also_records, struct rc_import_file_result *res);

/* ------------------------------------------------------------------ */
/* Requests (what the flags need of them; the full request model comes
 * with the requests issue).  Every access is checked again in the same
 * transaction. */
struct rc_request_in {
	const char *kind;      /* rc_request_kind_parse */
	const char *regime;    /* an id of the catalogue, or NULL */
	const char *filed;     /* date it was sent; NULL: a draft, not sent yet */
	const char *confirmed; /* date the authority confirmed it, or NULL */
	const char *addressee;
	const char *channel;   /* rc_channel_parse, when filed (default: post) */
	const char *about;     /* what is wrong or what is asked (personal text) */
	const char *correct_value; /* what it should say (personal text) */
	const char *controller;    /* the authority's holiday calendar or its country */
	int64_t mandate;           /* the power of attorney it is made under, 0: none */
	const int64_t *accesses;   /* the accesses it relies on (ids), each must exist */
	size_t n_accesses;
	/* The earlier request this one follows, 0: none.  A complaint about
	 * it ("escalates"): the earlier request must be overdue today, or
	 * answered refused or partly, else RC_INVALID saying why; its letter
	 * then names the earlier request's kind, the day it was sent and
	 * received, and the deadline it missed with its rule, or the refusal
	 * and its day (doc/letters.md).  Other kinds: see
	 * rc_op_request_check_add. */
	int64_t follows;
};
enum rc_status rc_op_request_add(struct rc_case *c, const struct rc_request_in *in,
	rc_progress_fn progress, void *ud, int64_t *id);
/* The authority confirmed the erasure or restriction on date. */
enum rc_status rc_op_request_confirm(struct rc_case *c, int64_t id, const char *date,
	rc_progress_fn progress, void *ud);

/* What to do next about a request (what the office board shows). */
#define RC_NEXT_ACTION_INFO(_) \
	/* TRANSLATORS: what to do next about a request to an authority. */ \
	_(NONE,             "none",             N_("nothing")) \
	_(SEND,             "send",             N_("send it")) \
	_(WAIT,             "wait",             N_("wait for the answer")) \
	_(DUE_SOON,         "due-soon",         N_("the answer is due within 7 days")) \
	_(ESCALATE,         "escalate",         N_("overdue: send a reminder or a complaint")) \
	_(CONTEST_EXTENSION, "contest-extension", N_("the extension is not lawful: contest it")) \
	_(CLARIFY,          "clarify",          N_("send the information the authority asked for")) \
	_(CHECK_DATE,       "check-date",       N_("no date could be computed: check the deadline yourself")) \
	_(FOLLOW_UP,        "follow-up",        N_("check it was done: ask for access again")) \
	_(CHALLENGE,        "challenge",        N_("refused: consider a complaint or a court")) \
	_(COMPARE,          "compare",          N_("compare the answer with what was asked")) \
	_(COMPLAIN_NOT_DONE, "complain-not-done", N_("complain: the correction or erasure was not made")) \
	_(WAIT_COMPLAINT,   "wait-complaint",   N_("wait for the complaint's answer")) \
	_(CLOSE,            "close",            N_("answered: close it when done"))
enum rc_next_action {
#define RC_NX_ENUM(name, id, label) RC_NEXT_##name,
	RC_NEXT_ACTION_INFO(RC_NX_ENUM)
#undef RC_NX_ENUM
	RC_NEXT_COUNT
};
const char *rc_next_action_id(enum rc_next_action a);
const char *rc_next_action_label(enum rc_next_action a); /* translated */
bool rc_next_action_parse(const char *id, enum rc_next_action *out);
const char *rc_due_state_id(enum rc_due_state s);    /* "pending", "overdue", ... */

/* Today, from the program's clock (injectable in test builds). */
struct rc_ymd rc_op_today(void);

/* The deadline of request r on today, from the regime's rule in force on
 * the day it was received, the holiday calendars and its steps (the
 * clock's pauses).  RC_DUE_UNKNOWN, never a guess, when the regime, its
 * rule or a calendar is missing. */
enum rc_status rc_op_request_due(struct rc_case *c, const struct rc_request_row *r, struct rc_ymd today,
	struct rc_request_due *out);
/* The same from the request and its steps, without the case (the office
 * board computes its rows' deadlines with it). */
enum rc_status rc_op_request_due_of(const struct rc_request_row *r, const struct rc_request_step *steps, size_t ns,
	struct rc_ymd today, struct rc_request_due *out);
/* What a request's texts may reveal to the authority (a telephone
 * number, an e-mail address, a street address): the caller warns before
 * it is sent, and offers the indirect route where the regime has one. */
enum {
	RC_RISK_PHONE = 1u << 0,
	RC_RISK_EMAIL = 1u << 1,
	RC_RISK_ADDRESS = 1u << 2,
};
unsigned rc_op_request_risks(const char *const *texts, size_t n);

/* The regime's rule for r: the version in force on the day it was
 * received (today for a draft); NULL when there is none. */
const struct rc_request_rule *rc_op_request_rule(const struct rc_request_row *r);
enum rc_next_action rc_op_request_next(const struct rc_request_row *r, const struct rc_request_due *d);

/* One step of a request: to state m->to on m->day, checked against the
 * states' rules (rc_request_move_allowed); "filed" needs a channel,
 * "answered" what was answered (a granted erasure or restriction is then
 * confirmed that day), "extended" records the notice (with reasons or
 * not).  The accesses' flags and the board's fields in the same
 * transaction. */
struct rc_request_move {
	const char *to;        /* rc_request_state_parse */
	const char *day;       /* the day it happened, not in the future */
	const char *channel;   /* filed */
	const char *received;  /* the day the authority received it, when it says so */
	const char *answer;    /* answered: rc_answer_kind_parse */
	bool reasons;          /* extended: the authority gave its reasons */
	const char *detail;    /* what was sent or said, the proof's number (personal text) */
	int64_t document;      /* the document that proves it, 0: none */
	const char *controller; /* the answering authority's country or calendar, when now known */
	int proof_fd;          /* the proof to keep in the case (read whole), -1: none */
	const char *proof_name; /* its file's name */
};
enum rc_status rc_op_request_move(struct rc_case *c, int64_t id, const struct rc_request_move *m,
	rc_progress_fn progress, void *ud);
/* The printable letter of request id (doc/letters.md): the authority's
 * language and the applicant's side by side, as text or as a PDF,
 * written to fd only.  RC_INVALID (rc_error_set says why) when the
 * request names no regime or the regime gives no such right. */
struct rc_letter_opts {
	const char *lang;           /* the applicant's language; NULL: the case's */
	const char *authority_lang; /* NULL: the first the rule accepts */
	const char *date;           /* the letter's date; NULL: today */
	bool pdf;
	/* A reminder of the request instead of the request: only when its
	 * answer is overdue on the letter's date (RC_INVALID, the detail
	 * says when it is due, otherwise). */
	bool reminder;
};
enum rc_status rc_op_request_letter(struct rc_case *c, int64_t id, const struct rc_letter_opts *o, int fd);
/* Whether letters can be written in lang ("de"): templates for it are in
 * the data folder. */
bool rc_op_letter_has_language(const char *lang);

/* A document (a proof, an answer, a scan) kept inside the case, read
 * whole from fd (at most 64 MiB); its kind from its first bytes. */
enum rc_status rc_op_document_add(struct rc_case *c, int fd, const char *name, int64_t *id);
/* A power of attorney the applicant signed (holder: personal text), with
 * its signed copy from proof_fd (-1: none); revoked from day on. */
enum rc_status rc_op_mandate_add(struct rc_case *c, const char *holder, const char *granted, int proof_fd,
	const char *proof_name, int64_t *id);
enum rc_status rc_op_mandate_revoke(struct rc_case *c, int64_t id, const char *day);

/* ------------------------------------------------------------------ */
/* Retention periods that have run out (followup.c): the data should
 * already have been erased, so the program suggests an erasure request.
 * One suggestion per system the case has record dates for ("case set
 * CASE record-dates"), when the retention periods of every dataset it
 * has a date for ended before today, by the version of the regime in
 * force today (the day the data is still held).  A system whose period
 * cannot be computed (no rule, no date, no version in force) gives no
 * suggestion: never a guess. */
#define RC_SUGGESTION_MAX_ACCESSES 64
struct rc_retention_suggestion {
	size_t n;                    /* its number, from 1 (request suggest) */
	const char *system_id;       /* "eurodac" (the catalogue's strings, kept until exit) */
	const char *system_name;     /* "Eurodac" */
	const char *dataset_title;   /* the dataset whose period ends last */
	const char *regime_id;       /* the regime whose rule it is: the draft's regime */
	struct rc_ymd start, end;    /* the period ran from start; the data should be gone after end */
	struct rc_period period;
	struct rc_basis basis;       /* article, act, version; uncertain: why the law is (NULL: settled) */
	int64_t *accesses;           /* accesses after the period (flagged), at most RC_SUGGESTION_MAX_ACCESSES */
	size_t n_accesses;
	int64_t open_request;        /* an erasure request about it still open (draft, sent, escalated), 0: none */
};
enum rc_status rc_op_retention_suggestions(struct rc_case *c, struct rc_retention_suggestion **out, size_t *n);
void rc_retention_suggestions_free(struct rc_retention_suggestion **s, size_t n);
/* What the draft says is wrong, in plain words citing the rule, in the
 * language of the interface (malloc'ed). */
char *rc_retention_suggestion_about(const struct rc_retention_suggestion *s);
/* A draft erasure request from suggestion number (1..n): kind erasure,
 * the rule's regime, the text above, linked to the accesses that show the
 * data still held; its relation "retention:SYSTEM" says where it came
 * from.  RC_INVALID (the detail says which) when there is no such
 * suggestion or an erasure request about it is open already. */
enum rc_status rc_op_retention_draft(struct rc_case *c, size_t number, rc_progress_fn progress, void *ud,
	int64_t *id);

/* ------------------------------------------------------------------ */
/* Checking a granted correction or erasure (followup.c).  After the
 * authority answered a rectification, completion or erasure granted (or
 * partly), request show proposes "check it": an access request that
 * follows it (relation "checks"), a draft to the same regime and
 * authority.  When that check is answered, what the answer shows is
 * compared with what was asked, and the result kept on both requests
 * (and as a step of each, for the timeline): a correction is "done" when
 * the value now held is the one asked for (spaces and ASCII letter case
 * aside), else "not-done"; an erasure "erased" or "still-held".  The
 * original's next action then becomes close, or complain-not-done. */
bool rc_op_request_checkable(const struct rc_request_row *r); /* answered granted/partly, not compared yet */
/* The request that checks id (the last one), 0: none. */
enum rc_status rc_op_request_check_of(struct rc_case *c, int64_t id, int64_t *check);
/* The check of request id, as a draft access request: RC_INVALID when id
 * cannot be checked or a check of it exists already. */
enum rc_status rc_op_request_check_add(struct rc_case *c, int64_t id, rc_progress_fn progress, void *ud,
	int64_t *check);
enum rc_check_result {
	RC_CHECK_NONE, RC_CHECK_DONE, RC_CHECK_NOT_DONE, RC_CHECK_ERASED, RC_CHECK_STILL_HELD
};
const char *rc_check_result_id(enum rc_check_result r);      /* "done", ...; NULL for NONE */
bool rc_check_result_parse(const char *id, enum rc_check_result *out);
/* The value asked for against the value now held: DONE or NOT_DONE
 * (NONE when either is missing). */
enum rc_check_result rc_check_compare(const char *asked, const char *held);
/* What the check found, in words ("The record still says X; you asked
 * for Y (checked on D)."), or NULL when not compared (malloc'ed). */
char *rc_check_explain(const struct rc_request_row *r);
struct rc_check_in {
	const char *held_value; /* a correction: what the record says now, from the answer (personal text) */
	int still_held;         /* an erasure: 1 still held, 0 erased, -1 not said */
};
/* Compare the answer of the check with what was asked (id: the check or
 * the request it checks).  The check must be answered; the day of the
 * comparison is the day of that answer.  *result (may be NULL) gets it. */
enum rc_status rc_op_request_compare(struct rc_case *c, int64_t id, const struct rc_check_in *in,
	enum rc_check_result *result);

/* Every request's board fields again, on today (after the clock moved or
 * the catalogue changed). */
enum rc_status rc_op_requests_refresh(struct rc_case *c);

/* A request as the front ends show it: its row, its deadline on a day,
 * the next action, the due date ("" when none) and the sentence that
 * explains the deadline (rc_request_due_explain; NULL when there is no
 * date or pause to explain). */
struct rc_request_view {
	struct rc_request_row r;
	struct rc_request_due d;
	enum rc_next_action next;
	char due[RC_YMD_LEN];
	char *explain;
};
/* One request (RC_NOTFOUND when there is none), or every request of the
 * case in the store's order; freed with rc_request_view_clear /
 * rc_request_views_free. */
enum rc_status rc_op_request_view(struct rc_case *c, int64_t id, struct rc_ymd today, struct rc_request_view *out);
enum rc_status rc_op_request_views(struct rc_case *c, struct rc_ymd today, struct rc_request_view **out,
	size_t *n);
void rc_request_view_clear(struct rc_request_view *v);
void rc_request_views_free(struct rc_request_view **v, size_t n);
/* Whether the request's next step may go to state to (rc_request_move_allowed
 * on its present state); when not, the translated reason in *why. */
bool rc_op_request_can_move(const struct rc_request_row *r, enum rc_request_state to, const char **why);

/* The letter of request id written to a new file at path: never over an
 * existing file (RC_IO, the detail says so), mode 0600, synced; nothing
 * left behind when it fails.  The detail names the file and the reason. */
enum rc_status rc_op_request_letter_save(struct rc_case *c, int64_t id, const struct rc_letter_opts *o,
	const char *path);
/* The letter of request id, as a PDF, sent to the default print queue
 * with the system's lp: made whole in memory first, so nothing is sent
 * when it cannot be made.  RC_IO with the detail when there is no lp or
 * the printer refused (lp's own words). */
enum rc_status rc_op_request_letter_print(struct rc_case *c, int64_t id, const struct rc_letter_opts *o);

/* ------------------------------------------------------------------ */
/* Key slots, the data key, erasing. */

/* The key derivation for every new passphrase: the defaults
 * (doc/recourse.1), never less. */
void rc_op_kdf(struct rc_kdf *out);
#ifdef RC_TEST_HOOKS
/* Builds configured for tests only: new passphrases get k instead (the
 * floor, so tests run quickly); NULL restores the defaults. */
void rc_op_test_kdf(const struct rc_kdf *k);
#endif

enum rc_status rc_op_slot_add(struct rc_case *c, const char *label, const struct rc_secret *pass);
enum rc_status rc_op_slot_remove(struct rc_case *c, const char *label);
/* label NULL: the slot that opened the case. */
enum rc_status rc_op_slot_passwd(struct rc_case *c, const char *label, const struct rc_secret *pass);
enum rc_status rc_op_rekey(struct rc_case *c, rc_progress_fn progress, void *ud);
/* The case destroyed: keys first, then its files; *c closed and NULLed. */
enum rc_status rc_op_erase(struct rc_case **c);


/* ------------------------------------------------------------------ */
/* The office deadline board (doc/office.md): the rows of rc_office_board
 * with their deadlines computed on today, as in the case. */
struct rc_board_view {
	const struct rc_board_row *row;
	bool filled;                 /* d, next, due, explain computed */
	struct rc_request_due d;
	enum rc_next_action next;
	char due[RC_YMD_LEN];
	char *explain;               /* rc_request_due_explain, or NULL */
};
struct rc_board_filter {
	int due_within;              /* days from today (overdue included); -1: any */
	const char *request_state;   /* only this state (closed ones too); NULL: the open ones */
	const char *due_state;       /* "overdue", "pending", "paused" or "unknown"; NULL: any */
};
/* --state S: a request's state or a deadline's; false when it is neither. */
bool rc_op_board_state_parse(const char *s, struct rc_board_filter *f);
/* Waiting for the authority (filed, acknowledged, clarification, extended),
 * as "recourse deadlines CASE" counts them. */
bool rc_op_board_row_open(const struct rc_board_row *b);
enum rc_status rc_op_board_fill(struct rc_board_view *v, struct rc_ymd today);
bool rc_op_board_keep(const struct rc_board_view *v, const struct rc_board_filter *f, struct rc_ymd today);
/* qsort order: overdue first, then by date, paused, no date. */
int rc_op_board_cmp(const void *a, const void *b);
/* Every row that f keeps, filled and in that order (rows must outlive the
 * views). */
enum rc_status rc_op_board_views(struct rc_board_row *rows, size_t n, struct rc_ymd today,
	const struct rc_board_filter *f, struct rc_board_view **out, size_t *nout);
void rc_board_view_clear(struct rc_board_view *v);
void rc_board_views_free(struct rc_board_view **v, size_t n);


/* ------------------------------------------------------------------ */
/* Registries and the sync of the access log (registry.c, sync.c;
 * doc/registry-api.md). */

struct rc_registry_in {
	const char *name, *url, *regime, *pins;
	const char *ca_pem;  /* the registry's own CA (PEM), or NULL */
	const char *signing_cert_pem; /* the certificate that signs its exports (PEM), or NULL */
	/* sign-in and mutual TLS (rc_op_registry_set too: NULL leaves a
	 * field as it is, "" clears it) */
	const char *client_id, *scope;
	const char *client_cert_pem, *client_key_pem; /* together; the key
	                          * checked against the certificate */
	const char *drp_agent, *drp_business; /* the Data Rights Protocol's ids, or NULL */
};
/* Bad input: RC_USAGE with a message. */
enum rc_status rc_op_registry_add(struct rc_case *c, const struct rc_registry_in *in);
/* RC_NOTFOUND with a message. */
enum rc_status rc_op_registry_get(struct rc_case *c, const char *name, struct rc_registry *r);
/* The connection's rules for a registry (pins, its CA, the settings'
 * proxy); r NULL: for another server (a time stamp authority), the
 * settings' proxy only.  o points into a per-thread copy of the settings,
 * valid until the thread's next call. */
void rc_op_net_opts(const struct rc_registry *r, struct rc_net_opts *o);
/* Reach the registry and read its discovery document. */
enum rc_status rc_op_registry_test(struct rc_case *c, const char *name, struct rc_discovery *d);

/* auth.c: sign-in (OAuth 2.0 Device Authorization Grant) and mutual TLS
 * (doc/registry-api.md, section 7). */

/* Change a registry's client id, scope, client certificate and key
 * (in->name names it; in->url, regime, pins, ca_pem are not read).
 * Bad input: RC_USAGE or RC_INVALID with a message. */
enum rc_status rc_op_registry_set(struct rc_case *c, const struct rc_registry_in *in);
/* The checks of a client certificate, client id and scope, for add and set. */
enum rc_status ops_registry_auth_check(const struct rc_registry_in *in);

struct rc_login_ui {
	/* the code to show; registry is the name the case gives it */
	void (*show)(void *ud, const char *registry, const char *user_code, const char *uri,
		const char *uri_complete, long expires_in);
	/* about every second while waiting: seconds left before the code
	 * ends, the interval between asks; false: cancel */
	bool (*tick)(void *ud, long left, long interval);
	/* the connection (proxy or not), once, before anything is sent */
	void (*route)(void *ud, const char *how);
	void *ud;
};
struct rc_login_result {
	char expires[32];        /* when the sign-in ends (UTC), or "" */
	long interval;           /* the interval in the end (after slow_down) */
	unsigned polls;          /* how many times the token endpoint was asked */
};
/* Sign in to the registry: RC_OK and the token kept in the case;
 * RC_CANCELLED (Ctrl-C, or the person refused on the other device),
 * RC_BADREG (the code ran out, an answer refused), RC_NONET, RC_USAGE
 * (no client id, no sign-in offered), each with a message. */
enum rc_status rc_op_registry_login(struct rc_case *c, const char *name, const struct rc_login_ui *ui,
	struct rc_login_result *out);
/* Forget the sign-in; *had: there was one. */
enum rc_status rc_op_registry_logout(struct rc_case *c, const char *name, bool *had);

/* netset.c: the program's network settings ($XDG_CONFIG_HOME/recourse/
 * settings, beside the terminal interface's; never anything of a case). */
struct rc_net_settings {
	char proxy[512];         /* "" none */
	bool proxy_env;          /* honour the environment's proxy variables */
	char tsa[512];           /* the time stamp authority for bundles (RFC 3161), "" none */
};
void rc_op_net_settings(struct rc_net_settings *s);
/* The time stamp authority's certificate (PEM, malloc'ed), or NULL: none set. */
char *rc_op_tsa_cert(void);
/* Set one: "proxy" (a URL, or "" / "none" to remove), "proxy-env" (yes
 * or no), "tsa" (the time stamp authority's URL, or "none") or "tsa-cert"
 * (a file holding its certificate, PEM, copied beside the settings; "none"
 * forgets it).  RC_USAGE with a message when the value is not one. */
enum rc_status rc_op_net_setting_set(const char *key, const char *value);
/* The one line shown while talking to a registry: how it is reached
 * (o NULL: as the settings say). */
void rc_op_net_route(const struct rc_net_opts *o, char *out, size_t len);

struct rc_sync_progress {
	uint64_t pages, events;  /* received so far in this run */
	int64_t total;           /* the registry's count, -1 when not given */
	bool resumed;
};
struct rc_sync_opts {
	bool full;               /* the whole log from its first page, not only
	                          * what is newer, nor from where a sync stopped */
	unsigned page_size;      /* _count; 0: 1000 */
	bool (*progress)(void *ud, const struct rc_sync_progress *p); /* false: cancel */
	bool (*wait)(void *ud, long seconds);  /* the registry asked to wait; false: cancel */
	void *ud;
	/* How each GET is made: NULL: blocking libcurl on the page's own
	 * thread (rc_net_get).  The terminal interface gives its own, whose
	 * transfers run in its poll() loop; it is called on the page's
	 * thread with rc_net_get's contract. */
	rc_net_get_fn get;
	void *get_ud;
};
enum rc_sync_outcome {
	RC_SYNC_COMPLETE,        /* the log, every page */
	RC_SYNC_NONE,            /* the registry has no (new) access to this record */
	RC_SYNC_WITHHELD,        /* the registry says part of the log is withheld */
};
struct rc_sync_result {
	enum rc_sync_outcome outcome;
	bool resumed;            /* went on from where a sync was cut short */
	uint64_t pages, received, added, updated, unchanged, invalid, flagged;
	char withheld[520];      /* the registry's words, cleaned, or "" */
	char asked_since[32];    /* only events from this time were asked for, or "" */
	bool signin;             /* the registry answered 401: sign in again */
};
/* Read the registry's access log for the case's record, page by page:
 * each page is stored in one transaction with where the sync stands, so
 * a sync cut short goes on from there and ends with every event once.
 * A page is refused whole (nothing of it stored) when it is not a valid
 * searchset, holds an access to another person's record, or links on to
 * another address.  RC_NONET / RC_BADREG / RC_CANCELLED with a message;
 * the time of the attempt and its result are kept in every case. */
enum rc_status rc_op_sync(struct rc_case *c, const char *name, const struct rc_sync_opts *o,
	struct rc_sync_result *r);

/* The signed export (export.c; doc/registry-api.md, section 6). */

/* pem (n bytes) as one certificate: RC_INVALID with a message. */
enum rc_status rc_op_cert_read(const char *pem, size_t n, struct rc_cert_info *out);
/* Set the certificate a registry's exports must be signed with;
 * out gets its fingerprint (rc_cert_info_clear it). */
enum rc_status rc_op_registry_set_signing_cert(struct rc_case *c, const char *name, const char *pem, size_t n,
	struct rc_cert_info *out);
struct rc_export_opts {
	bool (*wait)(void *ud, long seconds);  /* the registry asked to wait; false: cancel */
	void *ud;
};
struct rc_export_result {
	int64_t id;                  /* in the case */
	uint64_t size;
	char sha256[65];
	char signer_fp[RC_CERT_FP_LEN], signer_subject[300];
	char signed_at[32];          /* "" when the signature does not say */
	enum rc_cms_check failed;    /* which check refused it (RC_CMS_NONE) */
	unsigned refetched;          /* 412 answers: the export changed meanwhile */
	/* its AuditEvents, put in the log once the pair was kept */
	bool imported;               /* they were (counts below) */
	bool foreign;                /* one was about another person: none were */
	enum rc_status import_status; /* RC_OK, or why they were not */
	char import_error[600];
	uint64_t added, unchanged, flagged;
	uint64_t not_accesses;       /* entries that are no AuditEvent (the record itself) */
};
/* Fetch the export of the case's record and its signature, verify the
 * signature against the registry's configured certificate (only it),
 * and only then store the pair with a journal entry; then put its
 * AuditEvents in the log (one import, deduplicated, only when every one
 * is about the case's record).  RC_USAGE: no
 * certificate configured, or no record reference; RC_BADREG: refused
 * (r->failed says which check), nothing stored; RC_NONET. */
enum rc_status rc_op_export_download(struct rc_case *c, const char *name, const struct rc_export_opts *o,
	struct rc_export_result *r);
/* Write export id as DIR/export.json and DIR/export.p7s, new files
 * only (RC_EXISTS with a message). */
enum rc_status rc_op_export_save(struct rc_case *c, int64_t id, const char *dir);

/* remote.c: a request submitted to a registry and followed there
 * (doc/registry-api.md, sections 4 and 5). */
struct rc_submit_result {
	char remote_id[80];      /* the registry's id of it */
	char received[RC_YMD_LEN]; /* the day the registry received it */
	char expected_by[48];    /* the registry's date, "" when none */
	bool tracked;            /* a status can be followed */
	bool paired;             /* a DRP pairing was made now */
	bool drp;                /* sent by the Data Rights Protocol (else HL7's correction operation) */
	bool letter_attached;    /* a correction: the letter went with it as a PDF */
	char drp_public_key[64]; /* a DRP key made now: its public half (base64), to register; else "" */
};
/* Submit request id to the registry named registry: a rectification
 * by the correction-request operation, an erasure or access request by
 * DRP.  A draft becomes "filed" (channel api) on the registry's day of
 * receipt.  RC_INVALID: not one that can be submitted (submitted
 * already, another kind, gone further); RC_NONET, RC_BADREG as the net. */
enum rc_status rc_op_request_submit(struct rc_case *c, int64_t id, const char *registry,
	struct rc_submit_result *out);
struct rc_status_change {
	int64_t id;
	char from[24], to[24];   /* the request's state before and after */
	bool changed;            /* the state or the registry's status changed */
	bool untracked;          /* submitted, but the registry gives nothing to follow */
	char remote_status[120]; /* the registry's code ("in-review", "denied") */
	char shown[160];         /* its words, translated */
	char reason[1024];       /* the registry's reason, cleaned */
	char expected_by[48];
	char results_url[1024];  /* DRP: a fulfilled access request's results, cleaned */
	char day[RC_YMD_LEN];    /* the day of the step recorded, "" when none */
	bool no_later;           /* the answer's day is a latest date */
};
/* Ask the registry about request id (0: every open request submitted
 * online) and move it as its answer says, by the lawful moves only.
 * *out (free()) holds one row per request asked.  An answer that cannot
 * be read stops with RC_BADREG, the request unchanged. */
enum rc_status rc_op_request_status(struct rc_case *c, int64_t id, struct rc_status_change **out, size_t *nout);
/* A stored remote_status in words (translated), NULL for NULL. */
const char *rc_op_remote_status_label(const char *stored);

/* ------------------------------------------------------------------ */
/* Evidence bundles (bundle*.c; doc/bundles.md): a BagIt bag of what the
 * person chose, planned (shown before writing), written to the place
 * they chose, signed, recorded in the journal; and any bag verified. */

#include "bagit.h"

struct rc_bundle_opts {
	const char *dest_dir;        /* the folder the bag goes into (a USB stick) */
	const char *name;            /* the bag's name; NULL: LABEL-bundle-YYYYMMDD (safe ASCII) */
	enum rc_bag_format format;
	int64_t since_ts, until_ts;  /* the accesses of a period; RC_TS_UNKNOWN: no bound */
	bool flagged_only;           /* only the flagged accesses */
	bool whole_files;            /* the received files whole even for a part of the log */
	bool no_log;                 /* no access log at all */
	bool all_requests;           /* every request, or only those in requests[] */
	const int64_t *requests;
	size_t n_requests;
	bool all_documents;          /* every document, or those in documents[] (a request's own go with it) */
	const int64_t *documents;
	size_t n_documents;
	bool no_exports;             /* leave out the registry's signed exports */
	const char *court;           /* court or tribunal (personal text: not from argv) */
	const char *prepared_by;     /* Source-Organization / who prepared it */
	const char *contact;         /* Contact-Name */
	const char *court_lang;      /* the index's language; NULL: the case's */
	const char *applicant_lang;  /* a second language for the applicant; NULL: none */
	bool unsigned_ok;            /* write it unsigned when the case has no signing certificate */
	bool no_stamp;               /* no time stamp even when a TSA is configured */
	rc_progress_fn progress;     /* bytes written of the plan's total */
	void *progress_ud;
};

/* One file of the plan. */
struct rc_bundle_item {
	char *path;                  /* under data/ ("log/accesses.csv") */
	uint64_t size;
	char *what;                  /* what it is, translated */
	const char *what_id;         /* the same untranslated (for the court's language) */
	int src;                     /* where the bytes come from (bundle.c) */
	int64_t ref;                 /* its number there */
	unsigned char *mem;          /* bytes made in advance */
	char sha256[65];             /* of its bytes, when known before writing */
	bool estimated;              /* size told from a sample (the access log's files) */
};
struct rc_bundle_plan {
	struct rc_bundle_item *v;
	size_t n;
	uint64_t bytes;              /* the payload */
	uint64_t events, flagged;    /* accesses in the bag, of them flagged */
	uint64_t received_files;     /* received files whole */
	uint64_t requests, documents, exports;
	char *name;                  /* the bag's name */
	char *dest;                  /* dest_dir/name[.tar|.zip] */
	char *content;               /* the choice in words, for the journal */
	bool signing;                /* a signing certificate will sign it */
	char *signer_fp;
	struct rc_bundle_priv *priv; /* what the writer needs of the plan */
};
void rc_bundle_plan_free(struct rc_bundle_plan *p);
/* What the bag would hold, file by file, with the sizes: nothing is
 * written.  RC_EXISTS when dest is taken; RC_INVALID (explained) for a
 * bad name or choice; RC_NOTFOUND for a request or document not there;
 * RC_USAGE (explained) when the case has no signing certificate and
 * unsigned_ok is not set. */
enum rc_status rc_op_bundle_plan(struct rc_case *c, const struct rc_bundle_opts *o, struct rc_bundle_plan *p);
struct rc_bundle_result {
	int64_t id;                  /* its record in the case */
	char tagmanifest_sha256[65];
	char signer_fp[RC_CERT_FP_LEN];
	char stamped[40];            /* the time stamp's time, "" when none */
	uint64_t files, bytes;       /* payload */
};
/* Write the plan's bag (p from rc_op_bundle_plan with the same o, the
 * case unchanged since), sign it, record it ("bundle-create" in the
 * journal).  RC_NOSPACE / RC_IO (the detail says where and why) leave
 * nothing at dest and nothing recorded; RC_CANCELLED likewise. */
enum rc_status rc_op_bundle_write(struct rc_case *c, const struct rc_bundle_opts *o, struct rc_bundle_plan *p,
	struct rc_bundle_result *r);

/* The case's certificate for signing bundles: a new self-signed one (CN
 * name, O organization; ECDSA P-256, ten years), or the office's or
 * counsel's (a CA-issued one, with its chain: key_pem is checked against
 * it); it replaces the one before ("signer-set" in the journal).  desc
 * says what it is and its fingerprint.  RC_INVALID with the reason. */
enum rc_status rc_op_signer_new(struct rc_case *c, const char *name, const char *organization,
	struct rc_signer_desc *desc);
enum rc_status rc_op_signer_import(struct rc_case *c, const char *cert_pem, const char *key_pem,
	struct rc_signer_desc *desc);
/* The one in use (cert_pem may be NULL; else malloc'ed).  RC_NOTFOUND
 * with the command that makes one. */
enum rc_status rc_op_signer_show(struct rc_case *c, struct rc_signer_desc *desc, char **cert_pem);
/* The same kept in the office board's folder, for every case of the
 * office (the PostgreSQL board keeps none: RC_INVALID, explained); and a
 * case taking the office's (a copy of its certificate and key, "signer-set"
 * in the case's journal).  RC_NOTFOUND when the office has none. */
enum rc_status rc_op_office_signer_new(struct rc_office *o, const char *name, struct rc_signer_desc *desc);
enum rc_status rc_op_office_signer_import(struct rc_office *o, const char *cert_pem, const char *key_pem,
	struct rc_signer_desc *desc);
enum rc_status rc_op_office_signer_show(struct rc_office *o, struct rc_signer_desc *desc);
enum rc_status rc_op_signer_from_office(struct rc_case *c, struct rc_office *o, struct rc_signer_desc *desc);

/* Verifying a bag made here or anywhere (no case needed). */
enum rc_bundle_check_kind {
	RC_BCHK_BAG,        /* BagIt structure, checksums, Payload-Oxum */
	RC_BCHK_SIGNATURE,  /* the CMS signature over tagmanifest-sha256.txt */
	RC_BCHK_STAMP,      /* the RFC 3161 time stamp over the signature */
	RC_BCHK_EXPORT,     /* a registry's signed export inside */
	RC_BCHK_JOURNAL,    /* the journal chain */
	RC_BCHK_CHECKPOINT, /* the signed checkpoint against the chain */
};
enum rc_bundle_verdict { RC_BV_OK, RC_BV_FAILED, RC_BV_ABSENT, RC_BV_NOTE };
struct rc_bundle_check {
	enum rc_bundle_check_kind kind;
	enum rc_bundle_verdict verdict;
	char *path;                  /* the file it is about, "" for the bag */
	char *text;                  /* what it found, translated */
};
struct rc_bundle_verification {
	bool valid;                  /* no check FAILED */
	struct rc_bag_report bag;
	struct rc_bundle_check *v;
	size_t n;
	char signer_fp[RC_CERT_FP_LEN];
	char signer_subject[300];
};
enum rc_status rc_op_bundle_verify(const char *path, struct rc_bundle_verification *out);
void rc_bundle_verification_free(struct rc_bundle_verification *v);
const char *rc_bundle_check_name(enum rc_bundle_check_kind k); /* "bag", "signature", ... */

#endif
