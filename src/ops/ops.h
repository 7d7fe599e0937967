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
	const char *filed;     /* date, needed */
	const char *confirmed; /* date the authority confirmed it, or NULL */
	const char *addressee;
};
enum rc_status rc_op_request_add(struct rc_case *c, const struct rc_request_in *in,
	rc_progress_fn progress, void *ud, int64_t *id);
/* The authority confirmed the erasure or restriction on date. */
enum rc_status rc_op_request_confirm(struct rc_case *c, int64_t id, const char *date,
	rc_progress_fn progress, void *ud);

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

#endif
