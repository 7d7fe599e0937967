/* store.h - the case file: a NAME.case/ folder holding case.db (SQLCipher)
 * and keyslots.  The only part of recourse that speaks SQL.  The one
 * public header of src/store (libstore.a). */
#ifndef RECOURSE_STORE_H
#define RECOURSE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "core.h"

#define RC_DATA_KEY_BYTES 32
#define RC_LABEL_MAX 64
#define RC_PASSPHRASE_MAX 1024
#define RC_PASSPHRASE_MIN 8 /* characters */

/* ------------------------------------------------------------------ */
/* Where cases live: $RECOURSE_CASES_DIR, else $XDG_DATA_HOME/recourse/cases,
 * else ~/.local/share/recourse/cases.  Malloc'ed. */
char *rc_cases_dir(void);
/* A case argument: a path (contains '/' or ends in ".case") is used as
 * is (".case" added when missing); a bare name is looked up in
 * rc_cases_dir().  Malloc'ed. */
char *rc_case_resolve(const char *arg);
/* Case labels (folder names without ".case") in dir, sorted; no
 * passphrase needed.  Nothing inside the cases is read but whether their
 * keys are still there: what an interrupted erase left, once no case can
 * be opened in it any more, is finished and not listed, and an empty
 * folder is not listed (doc/case-file.md, "Erase"). */
enum rc_status rc_cases_list(const char *dir, char ***labels, size_t *n);
void rc_strv_free(char ***v, size_t n);

/* ------------------------------------------------------------------ */
/* Key derivation parameters of a slot (Argon2id, libsodium). */
struct rc_kdf {
	unsigned long long opslimit;
	size_t memlimit; /* bytes */
};
/* The defaults (doc/recourse.1): opslimit 3, memlimit 256 MiB. */
void rc_kdf_default(struct rc_kdf *k);
/* The floor: opslimit 3, 64 MiB.  Anything lower is refused. */
bool rc_kdf_acceptable(const struct rc_kdf *k);

/* A slot as listed without unlocking. */
struct rc_slot_info {
	char label[RC_LABEL_MAX + 1];
	unsigned long long opslimit;
	size_t memlimit;
	char created[24];
};
/* Read the keyslots file of a case (no passphrase).  A folder that an
 * interrupted erase left (doc/case-file.md, "Erase") is finished here:
 * RC_ERASED. */
enum rc_status rc_case_slots(const char *path, struct rc_slot_info **slots, size_t *n);

/* ------------------------------------------------------------------ */
/* The case. */
struct rc_case; /* open and unlocked; holds the data key in locked memory */

/* What the case knows about itself (stored encrypted in case.db). */
struct rc_case_meta {
	char *label;          /* the folder name */
	char *display_name;   /* the applicant's name, as they want it shown */
	char *record_ref;     /* the registry's reference of the record */
	char *countries;      /* fled or feared, "ER,AF" */
	char *regimes;        /* "gdpr,eurodac" */
	char *language;       /* the applicant's language, e.g. "ar" */
	char *record_created; /* date the record was made, ISO; NULL unknown */
	char *record_dates;   /* where retention starts: "eurodac:applicant=2023-09-04,..." */
	char *created;        /* when the case was made */
	char *burst_count;    /* the burst flag's settings (NULL: defaults) */
	char *burst_window;   /* seconds */
};
void rc_case_meta_clear(struct rc_case_meta *m);

/* Progress of a long operation: done of total (total 0 when unknown).
 * Return false to cancel. */
typedef bool (*rc_progress_fn)(void *ud, uint64_t done, uint64_t total);

/* Create NAME.case/ at path with a first slot.  Fails with RC_EXISTS when
 * the folder exists.  Folder 0700, files 0600. */
enum rc_status rc_case_create(const char *path, const char *slot_label,
	const struct rc_secret *pass, const struct rc_kdf *kdf,
	const struct rc_case_meta *meta, struct rc_case **out);
/* Open and unlock with whichever slot the passphrase opens; journals the
 * unlock.  RC_NOTCASE, RC_KEYSLOTS, RC_BADPASS, RC_CORRUPT,
 * RC_LOCKED, RC_TOONEW, RC_WAIT (wrong passphrases before: see
 * rc_case_unlock_wait), RC_UNSAFE (the cases folder, the case folder or
 * a file of it is not the user's alone, or is a link) as the case may
 * be.  On an error nothing on disk changes but the count of wrong
 * passphrases, and what a process killed in the middle of a change left:
 * the change is finished or undone (a rekey), temporary files removed,
 * an interrupted erase finished (RC_ERASED). */
enum rc_status rc_case_open(const char *path, const struct rc_secret *pass, struct rc_case **out);
/* The same, trying only the slot named slot (NULL: every slot). */
enum rc_status rc_case_open_as(const char *path, const char *slot, const struct rc_secret *pass,
	struct rc_case **out);
/* Open to read only, while the case may be open elsewhere (the terminal
 * interface): any number of readers and one writer at once; rekey and
 * erase wait until the case is closed everywhere else.  A reader changes
 * nothing but its journal (the opening is journaled) and the count of
 * wrong passphrases; it does not finish another's interrupted change
 * (RC_LOCKED while a rekey is half done). */
enum rc_status rc_case_open_read(const char *path, const char *slot, const struct rc_secret *pass,
	struct rc_case **out);
/* Close: SQLite's memory is released (and wiped: the store gives SQLite
 * an allocator that zeroes every block it frees), the key and the slots
 * wiped, the lock released. */
void rc_case_close(struct rc_case **c);

/* Wrong passphrases.  Each failed unlock of a case is counted in
 * NAME.case/attempts (outside the encrypted database) with its time, so
 * the wait before the next try survives a restart of the program: none
 * for the first 3 failures in a row, then 2 s, doubling up to 5 minutes.
 * *seconds: how long to wait now (0: try now).  rc_case_open refuses
 * with RC_WAIT (its detail says how long) while a wait is running, so a
 * front end calls this first to show the countdown. */
enum rc_status rc_case_unlock_wait(const char *path, unsigned *seconds);
/* What the unlock that opened c found: wrong passphrases since the unlock
 * before it, and whether the record of them had been removed, damaged or
 * set back meanwhile (both are journaled too). */
void rc_case_unlock_report(const struct rc_case *c, unsigned *failed, bool *record_tampered);
const char *rc_case_path(const struct rc_case *c);
const char *rc_case_slot_label(const struct rc_case *c); /* the slot that opened it */

enum rc_status rc_case_meta_get(struct rc_case *c, struct rc_case_meta *out);
/* Set one field by name ("display_name", "countries", ...); journaled. */
enum rc_status rc_case_meta_set(struct rc_case *c, const char *field, const char *value);

/* Key slots of the open case. */
enum rc_status rc_case_slot_add(struct rc_case *c, const char *label,
	const struct rc_secret *pass, const struct rc_kdf *kdf);
enum rc_status rc_case_slot_remove(struct rc_case *c, const char *label);
/* New passphrase for a slot (label NULL: the slot that opened the case). */
enum rc_status rc_case_slot_passwd(struct rc_case *c, const char *label,
	const struct rc_secret *pass, const struct rc_kdf *kdf);
/* New data key: the database is re-encrypted into a new file, every
 * remaining slot gets the new key, then both are swapped in.  A crash at
 * any point leaves the old or the new case whole. */
enum rc_status rc_case_rekey(struct rc_case *c, rc_progress_fn progress, void *ud);

/* Crypto-erase: keyslots is overwritten in place (an erase marker in
 * both copies, fsync), every file holding key material overwritten, the
 * case's files removed, keyslots overwritten with random bytes and
 * removed, then the folder.  Cut short at any point, the next contact
 * with the case finishes it (RC_ERASED).  The case must be open
 * (unlocked); c is closed and NULLed. */
enum rc_status rc_case_erase(struct rc_case **c);

/* ------------------------------------------------------------------ */
/* The journal: every change and every unlock, hash-chained. */
struct rc_journal_entry {
	int64_t seq;
	char at[24];
	char *slot;
	char *action;
	char *object;
	char hash[65];
};
void rc_journal_entry_clear(struct rc_journal_entry *e);
/* Append (in its own transaction unless one is open). */
enum rc_status rc_journal_append(struct rc_case *c, const char *action, const char *object);
/* Walk the journal oldest first. */
enum rc_status rc_journal_each(struct rc_case *c,
	bool (*fn)(void *ud, const struct rc_journal_entry *e), void *ud);

struct rc_verify_report {
	int64_t entries;
	int64_t first_bad_seq;  /* 0 when the chain holds */
	char bad_reason[128];   /* translated */
	bool integrity_ok;      /* PRAGMA integrity_check said ok */
	char integrity_msg[256];
	char head[65];          /* hash of the last entry */
};
enum rc_status rc_case_verify(struct rc_case *c, struct rc_verify_report *rep);

/* ------------------------------------------------------------------ */
/* One transaction around several of the calls below (theirs nest inside
 * it): the case operations (src/ops) use it so that a change and what
 * follows from it (the flags it changes) are saved together or not at
 * all.  A failed call inside rolls everything back; commit then fails. */
/* How many rows this open case has changed so far (it only grows): what
 * was read from it stays good while the number stays the same. */
int64_t rc_case_changes(struct rc_case *c);
enum rc_status rc_case_begin(struct rc_case *c);
enum rc_status rc_case_commit(struct rc_case *c);
void rc_case_rollback(struct rc_case *c);

/* ------------------------------------------------------------------ */
/* Access events. */

struct rc_import_counts {
	uint64_t seen, added, updated, unchanged, invalid;
};

/* An import is one transaction. */
struct rc_event_tx;
enum rc_status rc_events_begin(struct rc_case *c, const struct rc_flag_ctx *ctx, struct rc_event_tx **tx);
/* Upsert by (source, ext_id); flags are computed here. */
enum rc_status rc_events_put(struct rc_event_tx *tx, struct rc_event *ev);
const struct rc_import_counts *rc_events_counts(const struct rc_event_tx *tx);
/* Recompute bursts, journal "import" with what and counts, commit. */
enum rc_status rc_events_commit(struct rc_event_tx **tx, const char *what);
/* Progress while the transaction finishes (a large import's indexes and
 * flag rows, the bursts: the steps before the commit, which can take
 * seconds): fn(ud, step, steps) between the steps and every few thousand
 * SQLite steps within them, and (steps, steps) just before the commit.
 * fn returning false stops: rc_events_commit returns RC_CANCELLED and
 * the transaction is rolled back. */
void rc_events_on_finish(struct rc_event_tx *tx, rc_progress_fn fn, void *ud);
void rc_events_rollback(struct rc_event_tx **tx);

enum rc_accept { RC_ACCEPT, RC_LEAVE_OUT, RC_STOP };

/* Import an access-log file (already open as fd) in one transaction:
 * read and parsed on a second thread, written on this one.  With an
 * invalid entry and !skip_invalid nothing is kept and RC_INVALID is
 * returned after every entry was reported.  on_invalid is called from
 * the reader thread; progress from this one (done and total in bytes).
 * A large import drops and rebuilds the indexes by itself. */
struct rc_import_file_opts {
	enum rc_import_format format;
	const char *origin;          /* the file's name, kept with each event */
	const struct rc_flag_ctx *ctx;
	bool skip_invalid;
	rc_import_invalid_fn on_invalid;
	void *invalid_ud;
	rc_progress_fn progress;
	uint64_t total_bytes;        /* 0 when unknown */
	void *progress_ud;
	/* Called on the reader thread for every event before it is kept:
	 * RC_ACCEPT keeps it, RC_LEAVE_OUT leaves it out (counted), RC_STOP
	 * stops the import (nothing is kept; RC_INVALID).  NULL: keep all. */
	enum rc_accept (*accept)(void *ud, const struct rc_event *ev);
	void *accept_ud;
	/* Called once everything was read and parsed, just before the
	 * commit: anything but RC_OK rolls the import back and is returned
	 * (a registry's page whose transfer failed after the last byte the
	 * parser saw).  NULL: commit. */
	enum rc_status (*confirm)(void *ud);
	void *confirm_ud;
	/* what the file is, kept with it whole (received.c): "import" (NULL)
	 * or "sync", the registry (0: none) and the URL it came from */
	const char *kind;
	int64_t registry;
	const char *url;
};
struct rc_import_file_result {
	struct rc_import_counts counts;
	uint64_t invalid, flagged;
	uint64_t left_out;           /* by opts->accept */
	enum rc_import_format format;
};
enum rc_status rc_case_import_fd(struct rc_case *c, int fd, const struct rc_import_file_opts *opts,
	struct rc_import_file_result *res);

/* Recompute every event's flags (after the countries or requests change). */
enum rc_status rc_events_reflag(struct rc_case *c, const struct rc_flag_ctx *ctx,
	rc_progress_fn progress, void *ud);

enum rc_event_sort { RC_SORT_NEWEST, RC_SORT_OLDEST };

struct rc_event_filter {
	int64_t since_ts;    /* RC_TS_UNKNOWN: no bound */
	int64_t until_ts;
	uint32_t flag;       /* one flag bit, 0: any; RC_FLAGGED_ANY: any flag */
	const char *authority; /* substring, case-insensitive */
	const char *country;   /* exact alpha-2 */
	enum rc_event_sort sort;
	/* Text search (the terminal's "/"): only the events whose authority,
	 * the organisation it acted for, role, purpose or system contains
	 * text (rc_text_fold: any script, case and accents ignored), or whose
	 * country is one of text_countries ("DE,FR": the caller's match of
	 * the text against country names in the reader's language).  NULL:
	 * no search.  Paging stays fast on a million events: the text is
	 * matched against the columns' distinct values (kept per open case
	 * until the next change), an event by hash lookups; a text that
	 * matches no value returns nothing at once, and one that matches only
	 * authorities and countries pages through their indexes.  Only a
	 * text matching a rare role, purpose, system or organisation reads
	 * the log in order until a page is full (no index on those). */
	const char *text;
	const char *text_countries;
};
#define RC_FLAGGED_ANY 0x80000000u
void rc_event_filter_init(struct rc_event_filter *f);

/* Keyset position: the last row of the page before. */
struct rc_event_cursor {
	int64_t ts;
	int64_t id;
	bool valid;          /* false: from the start */
};
/* The position of an event as a page boundary (for paging from it). */
struct rc_event_cursor rc_event_cursor_of(const struct rc_event *ev);

/* Up to limit events after cursor (raw not loaded), newest first unless
 * sort says; *cursor is moved past the last one returned. */
enum rc_status rc_events_page(struct rc_case *c, const struct rc_event_filter *f,
	struct rc_event_cursor *cursor, size_t limit, struct rc_event *out, size_t *n);
/* The page before the one starting at first (for paging back). */
enum rc_status rc_events_page_before(struct rc_case *c, const struct rc_event_filter *f,
	const struct rc_event_cursor *first, size_t limit, struct rc_event *out, size_t *n);
enum rc_status rc_events_count(struct rc_case *c, const struct rc_event_filter *f, uint64_t *n);
/* Every event in the order received (by number), a page at a time from
 * the first after *after, which is moved past the last returned: one
 * sequential read of the log, where time order reads its pages again and
 * again when files came in out of order (a bundle of a million accesses).
 * Only the filter's period and flag (any flag) apply. */
enum rc_status rc_events_scan(struct rc_case *c, const struct rc_event_filter *f, int64_t *after, size_t limit,
	struct rc_event *out, size_t *n);
/* The original bytes of the events ids[0..n) (ascending, as
 * rc_events_scan gives them), read in one range over event_raw:
 * raw[i] (malloc'ed, NULL when the event has none) and len[i]. */
enum rc_status rc_events_raws(struct rc_case *c, const int64_t *ids, size_t n, char **raw, size_t *len);
/* One event with its original bytes. */
enum rc_status rc_events_get(struct rc_case *c, int64_t id, struct rc_event *out);

/* An access written down by hand (source "manual") replaced by ev (same
 * number; ev's flags computed with ctx), or removed; the bursts of the
 * agents involved follow, and journal_object (the earlier version, for
 * the record) is journaled with the change, all in one transaction.  An
 * imported access: RC_USAGE; no such number: RC_NOTFOUND; the same
 * details as another hand-written access: RC_INVALID (detail names it). */
enum rc_status rc_events_manual_replace(struct rc_case *c, const struct rc_flag_ctx *ctx, int64_t id,
	struct rc_event *ev, const char *journal_object);
enum rc_status rc_events_manual_remove(struct rc_case *c, const struct rc_flag_ctx *ctx, int64_t id,
	const char *journal_object);

/* Counts by a column, for the summary. */
enum rc_summary_by { RC_BY_AUTHORITY, RC_BY_COUNTRY, RC_BY_PURPOSE, RC_BY_FLAG, RC_BY_SYSTEM };
struct rc_count_row {
	char *key;      /* NULL: not recorded */
	uint64_t count;
	uint64_t flagged;
};
enum rc_status rc_events_summary(struct rc_case *c, enum rc_summary_by by,
	struct rc_count_row **rows, size_t *n);
void rc_count_rows_free(struct rc_count_row **rows, size_t n);
/* Events imported since the last time this was marked (per slot label),
 * and how many of those are flagged; mark=true moves the mark to now. */
enum rc_status rc_events_new_since_mark(struct rc_case *c, const char *mark_name, bool mark,
	uint64_t *n_new, uint64_t *n_flagged);

/* The last visit of a mark_name ("visit:SLOT") as it was before the
 * visit now under way: an event is new since then when its id is
 * greater than *last_id (0: never visited, every event is new).
 * rc_events_new_since_mark(mark=true) keeps the mark it moves, so this
 * still answers after it; nothing is written here. */
enum rc_status rc_events_visit_before(struct rc_case *c, const char *mark_name, int64_t *last_id);

/* Requests known to the case (erasure/restriction marks for the flags);
 * the full request model comes with the requests issue.  *id: the new
 * request's number (id may be NULL). */
enum rc_status rc_case_request_add(struct rc_case *c, const char *kind,
	const char *regime, const char *filed, const char *confirmed, const char *addressee, int64_t *id);

struct rc_request_row {
	int64_t id;
	char *kind, *regime, *filed, *confirmed, *addressee, *created;
	/* followed to the answer (all NULL or 0 when not known) */
	char *state;          /* rc_request_state_id */
	char *channel;        /* rc_channel_id */
	char *received;       /* the day the authority received it (default: filed) */
	char *answered, *answer; /* the day and rc_answer_kind_id */
	char *about;          /* what is wrong, or what is asked */
	char *correct_value;  /* what it should say (corrections) */
	char *controller;     /* the holiday calendar of the authority that answers */
	char *ext_notice;     /* the day the authority said it needed more time */
	bool ext_reasons;     /* with reasons */
	int64_t mandate;      /* the power of attorney it was made under, 0: none */
	char *due, *due_state, *next_action; /* what the office board reads */
	char *updated;
	/* the earlier request this one follows, 0: none, and how: "escalates"
	 * (a complaint about it) or "checks" (an access request checking it
	 * was done) */
	int64_t follows;
	char *relation;
	/* what the check found, on the request it checked (NULL: no check
	 * yet): its day, "done", "not-done", "erased" or "still-held", and
	 * the value the record holds now (personal text) */
	char *check_day, *check_result, *held_value;
	/* where it was submitted online (doc/registry-api.md, sections 4
	 * and 5): the registry (0: none), its id there and the URL to ask,
	 * what the registry last said (status, reason, cleaned), the date it
	 * expects to answer by (beside the statutory deadline, never instead
	 * of it), and when it was last asked */
	int64_t registry;
	char *remote_id, *remote_url, *remote_status, *remote_reason, *expected_by, *remote_checked;
};
enum rc_status rc_case_requests(struct rc_case *c, struct rc_request_row **rows, size_t *n);
enum rc_status rc_case_request_get(struct rc_case *c, int64_t id, struct rc_request_row *out);
void rc_request_row_clear(struct rc_request_row *r);

/* A new request with every field of in (id, created, updated ignored),
 * and its first step (to its state, on day), in one transaction. */
enum rc_status rc_case_request_create(struct rc_case *c, const struct rc_request_row *in,
	const char *day, const char *detail, int64_t document, int64_t *id);

/* One step of a request: from its state to to_state on day (a date),
 * with what the authority said or what was sent (detail) and the document
 * that proves it (0: none); the fields of set that are not NULL (and
 * set->ext_reasons when set->ext_notice is) replace the request's, all in
 * one transaction, journaled.  The move's legality is the caller's (ops). */
struct rc_request_step {
	int64_t id, request;
	char *day, *at, *slot, *from_state, *to_state, *detail;
	int64_t document;
};
enum rc_status rc_case_request_step(struct rc_case *c, int64_t id, const char *to_state, const char *day,
	const char *detail, int64_t document, const struct rc_request_row *set);
enum rc_status rc_case_request_steps(struct rc_case *c, int64_t id, struct rc_request_step **steps, size_t *n);
void rc_request_steps_free(struct rc_request_step **steps, size_t n);
/* What the office board reads, computed by the caller (no journal entry:
 * it follows from the rest). */
enum rc_status rc_case_request_board(struct rc_case *c, int64_t id, const char *due, const char *due_state,
	const char *next_action);
/* What a check found, on the request it checked (one transaction,
 * journaled; a step with from = to = its state and the note as detail
 * records it in the timeline). */
enum rc_status rc_case_request_checked(struct rc_case *c, int64_t id, const char *day, const char *result,
	const char *held_value, const char *note);
/* Accesses and documents a request relies on. */
enum rc_status rc_case_request_link(struct rc_case *c, int64_t id, int64_t event, int64_t document);
enum rc_status rc_case_request_links(struct rc_case *c, int64_t id, int64_t **events, size_t *nev,
	int64_t **documents, size_t *ndoc);

/* Documents kept in the case (encrypted with it): proofs of sending,
 * answers, scans, e-mails with their headers. */
struct rc_document {
	int64_t id;
	char *name, *mime, *sha256, *added, *note;
	uint64_t size;
};
enum rc_status rc_case_document_add(struct rc_case *c, const char *name, const char *mime,
	const void *bytes, size_t len, const char *note, int64_t *id);
enum rc_status rc_case_documents(struct rc_case *c, struct rc_document **docs, size_t *n);
/* The bytes of one (malloc'ed). */
enum rc_status rc_case_document_bytes(struct rc_case *c, int64_t id, struct rc_document *meta,
	unsigned char **bytes, size_t *len);
void rc_documents_free(struct rc_document **docs, size_t n);
void rc_document_clear(struct rc_document *d);

/* Powers of attorney the applicant signed for counsel or the office. */
struct rc_mandate_row {
	int64_t id;
	char *holder, *granted, *revoked, *note;
	int64_t document;
};
enum rc_status rc_case_mandate_add(struct rc_case *c, const char *holder, const char *granted,
	int64_t document, const char *note, int64_t *id);
enum rc_status rc_case_mandate_revoke(struct rc_case *c, int64_t id, const char *day);
enum rc_status rc_case_mandates(struct rc_case *c, struct rc_mandate_row **m, size_t *n);
void rc_mandates_free(struct rc_mandate_row **m, size_t n);
/* The authority confirmed the erasure (or restriction) on this date. */
enum rc_status rc_case_request_confirm(struct rc_case *c, int64_t id, const char *confirmed);
void rc_request_rows_free(struct rc_request_row **rows, size_t n);

/* ------------------------------------------------------------------ */
/* The office deadline board, on one terminal (doc/office.md): a folder
 * holding index.db (SQLCipher, under the office passphrase, with key
 * slots like a case's), "public" (the key cases seal their updates to)
 * and inbox/ (the sealed updates not yet read).  A case that joined the
 * office writes a sealed update there each time a request changes; the
 * index reads them when it is opened.  The index never holds a key to a
 * case, and a case never holds the office passphrase. */
struct rc_office;

/* $RECOURSE_OFFICE_DIR, else "office" next to the cases folder
 * (~/.local/share/recourse/office).  Malloc'ed. */
char *rc_office_default_dir(void);
/* Make the office folder with its first slot (RC_EXISTS when there is one
 * already). */
enum rc_status rc_office_create(const char *dir, const char *slot_label, const struct rc_secret *pass,
	const struct rc_kdf *kdf, struct rc_office **out);
/* Unlock (RC_BADPASS, RC_NOTCASE when dir is no office, RC_UNSAFE, ...)
 * and read the inbox. */
enum rc_status rc_office_open(const char *dir, const struct rc_secret *pass, struct rc_office **out);
void rc_office_close(struct rc_office **o);
enum rc_status rc_office_slot_add(struct rc_office *o, const char *label, const struct rc_secret *pass,
	const struct rc_kdf *kdf);
/* Read what the inbox holds now: updates applied (a case's newer one
 * replaces its rows in one transaction), older or repeated ones dropped,
 * unreadable ones set aside as NAME.refused and counted. */
enum rc_status rc_office_ingest(struct rc_office *o, unsigned *applied, unsigned *refused);
/* The board in the office's PostgreSQL server (doc/office.md): conninfo a
 * libpq service ("service=office") or URI, with no password in it; TLS
 * with the certificate checked unless it is a Unix socket or loopback.
 * init: make the tables when there are none (the role must be allowed
 * to).  RC_NOSERVER when it cannot be reached. */
enum rc_status rc_office_open_db(const char *conninfo, bool init, struct rc_office **out);
bool rc_office_is_db(const struct rc_office *o);
/* The connection to the office database was lost (a server restarted)
 * and made again since the last call: the front end says so. */
bool rc_office_reconnected(struct rc_office *o);
/* Wait up to timeout_ms for a change from another terminal or case
 * (*changed; then rc_office_ingest and rc_office_board again). */
enum rc_status rc_office_wait(struct rc_office *o, int timeout_ms, bool *changed);
/* Every case's board (for moving it). */
enum rc_status rc_office_snapshots(struct rc_office *o, struct rc_board_snapshot **s, size_t *n);
/* One case's board written as an update would be (the same rules). */
enum rc_status rc_office_put(struct rc_office *o, const struct rc_board_snapshot *s, bool *applied);
/* Copy every case of from into to (one transaction per case, the same
 * rules as updates: nothing newer in to is replaced), then leave a note
 * in from naming to_name (a folder or a connection string), which cases
 * follow the next time they write to from.  *cases: how many were copied. */
enum rc_status rc_office_move(struct rc_office *from, struct rc_office *to, const char *to_name, size_t *cases);
/* The note of an embedded board that moved (*to NULL: none). */
enum rc_status rc_office_moved(const char *dir, char **to);
/* Updates applied and set aside since the office was opened (the opening
 * reads the inbox too). */
void rc_office_inbox_counts(const struct rc_office *o, unsigned *applied, unsigned *refused);
/* True when the inbox holds an update not read yet (no passphrase). */
bool rc_office_inbox_waiting(const char *dir);

/* One request on the board, with its case. */
struct rc_board_row {
	char case_id[RC_BOARD_ID_HEX + 1];
	char *label;                 /* the case's label */
	struct rc_board_req r;
	struct rc_board_step *steps; /* this request's */
	size_t nsteps;
	char *case_updated;          /* when the office last heard from the case */
};
/* Every request of every case (open_only: those waiting for an answer
 * or a step: not closed), soonest stored due date first, those without
 * one after; with_steps: each with its steps (for the deadline's
 * pauses). */
enum rc_status rc_office_board(struct rc_office *o, bool open_only, bool with_steps, struct rc_board_row **rows,
	size_t *n);
void rc_board_rows_free(struct rc_board_row **rows, size_t n);
/* The board's first screen without reading the whole board: at most limit
 * requests waiting for an answer (filed, acknowledged, clarification,
 * extended) with a stored due date, soonest first (overdue first), with
 * their steps, read by an index.  The front end computes these rows'
 * deadlines on today and shows them while it reads the rest: the stored
 * date is the one the case computed with the same rules, so the order is
 * the board's (doc/office.md, "Dates on the board"). */
enum rc_status rc_office_board_page(struct rc_office *o, size_t limit, struct rc_board_row **rows, size_t *n);
/* How many cases the board holds. */
enum rc_status rc_office_cases(struct rc_office *o, size_t *n);

/* The case's side.  Join: the case keeps the office folder and its public
 * key (no passphrase of the office is needed) and sends its board at
 * once.  Leave: sends that it left (its rows go), and forgets the office. */
enum rc_status rc_case_office_join(struct rc_case *c, const char *office_dir);
enum rc_status rc_case_office_leave(struct rc_case *c);
/* The same with the office's PostgreSQL (conninfo as rc_office_open_db):
 * the case writes its board there directly, in one transaction. */
enum rc_status rc_case_office_join_db(struct rc_case *c, const char *conninfo);
/* The office this case tells (NULL: none; malloc'ed), and whether an
 * update could not be written there yet (it is, at the next change or
 * opening that reaches the office). */
enum rc_status rc_case_office(struct rc_case *c, char **office_dir, bool *behind);
/* Why the last update of this process could not be written ("" none). */
const char *rc_case_office_trouble(void);
/* Send the case's board now (what every change does by itself). */
enum rc_status rc_case_office_send(struct rc_case *c);
#ifdef RC_TEST_HOOKS
/* Every value in the office index as text (tests). */
enum rc_status rc_office_test_dump(struct rc_office *o, struct rc_buf *out);
#endif


/* ------------------------------------------------------------------ */
/* Registries (registries.c; doc/registry-api.md). */

struct rc_registry {
	int64_t id;
	char *name;          /* the user's name for it, unique in the case */
	char *base_url;
	char *regime;        /* a regime id of the catalogue, or NULL */
	char *pins;          /* "sha256//...;sha256//..." or NULL */
	char *ca;            /* PEM of the CA that signs its certificate, when
	                      * not one the system trusts; or NULL */
	char *added;
	char *fhir_base;     /* from discovery */
	char *next_url;      /* the next page of a sync cut short */
	char *sync_high;     /* newest event time seen by the sync in progress */
	char *since;         /* newest event time of the last whole sync */
	char *last_attempt, *last_reached;
	char *last_result;   /* complete, none, withheld, unreachable, refused */
	char *last_note;     /* the registry's words (withheld) or the error, cleaned */
	int64_t last_events; /* events the last whole sync received */
	bool has_token;
	char *signing_cert;  /* PEM of the certificate that signs its exports, or NULL */
	char *token_expires; /* when the sign-in ends (ISO 8601 UTC), or NULL */
	char *drp_agent;     /* the agent id a DRP pairing gave, or NULL */
	bool has_client_cert; /* a client certificate and key are kept (mutual TLS) */
	bool has_drp_key;    /* an Ed25519 agent key is kept */
	/* sign-in and mutual TLS (doc/registry-api.md, section 7): secrets,
	 * read from the encrypted case and wiped by rc_registry_clear */
	char *token;         /* the bearer token, or NULL */
	char *client_cert;   /* PEM, or NULL */
	char *client_key;    /* PEM, or NULL */
	char *oauth_client_id; /* the office's client id at the registry, or NULL */
	char *oauth_scope;   /* the scopes to ask, space-separated, or NULL: all offered */
};
void rc_registry_clear(struct rc_registry *r);
void rc_registries_free(struct rc_registry *r, size_t n);
/* A name already used: RC_INVALID with a message. */
enum rc_status rc_registry_add(struct rc_case *c, const struct rc_registry *r);
enum rc_status rc_registry_list(struct rc_case *c, struct rc_registry **out, size_t *n);
enum rc_status rc_registry_get(struct rc_case *c, const char *name, struct rc_registry *out);
enum rc_status rc_registry_save_sync(struct rc_case *c, const struct rc_registry *r, bool journal);
/* The certificate its exports must be signed with (PEM, or NULL: none),
 * journaled with its fingerprint fp (exports.c).  RC_NOTFOUND: no such
 * registry. */
enum rc_status rc_registry_set_signing_cert(struct rc_case *c, const char *name, const char *pem, const char *fp);

/* Signed exports (exports.c; doc/registry-api.md, section 6): stored
 * only once verified, unchanged, with their signature. */
struct rc_export_in {
	int64_t registry;
	const char *registry_name;   /* for the journal */
	const char *name, *mime;     /* "export.json", "application/fhir+json" */
	const void *bytes;
	size_t size;
	const void *sig;
	size_t sig_size;
	const char *sha256;          /* of bytes, hex */
	const char *signer;          /* "FINGERPRINT SUBJECT" of the verified signer */
	const char *signed_at;       /* signing-time, or NULL */
};
/* Insert it and journal "export-download", in one transaction. */
enum rc_status rc_export_add(struct rc_case *c, const struct rc_export_in *in, int64_t *id);
struct rc_export_row {
	int64_t id;
	char *registry;              /* its name, or NULL when it was removed */
	char *fetched, *name, *mime, *sha256, *signer, *signed_at;
	int64_t size;
};
void rc_export_row_clear(struct rc_export_row *r);
void rc_export_rows_free(struct rc_export_row *r, size_t n);
enum rc_status rc_export_list(struct rc_case *c, struct rc_export_row **out, size_t *n);
/* One export with its bytes and signature (malloc'ed).  RC_NOTFOUND. */
enum rc_status rc_export_get(struct rc_case *c, int64_t id, struct rc_export_row *row, void **bytes, size_t *n,
	void **sig, size_t *sn);
/* Files received, kept whole (received.c; doc/bundles.md): an imported
 * log ("import") or a registry's page ("sync"), with its SHA-256 (also in
 * the journal entry of its import) and the events it added. */
struct rc_received_row {
	int64_t id;
	char *kind, *name, *format, *sha256, *at, *url;
	uint64_t size;
	int64_t registry;                 /* 0: none */
	int64_t events_from, events_to;   /* the ids of the events it added; 0: none */
};
void rc_received_row_clear(struct rc_received_row *r);
void rc_received_rows_free(struct rc_received_row *v, size_t n);
/* All (both bounds RC_TS_UNKNOWN), or those that added an event of the
 * period, oldest first. */
enum rc_status rc_received_list(struct rc_case *c, int64_t since_ts, int64_t until_ts,
	struct rc_received_row **out, size_t *n);
/* How many events came in no kept file (manual, or imported before). */
enum rc_status rc_received_count_unkept(struct rc_case *c, uint64_t *n);
/* One file's bytes, streamed: rc_received_read gives *got == 0 at the
 * end, after checking the SHA-256 (RC_CORRUPT, explained, when the bytes
 * are not the ones recorded).  No write to the case between open and close. */
struct rc_received_reader;
enum rc_status rc_received_open(struct rc_case *c, int64_t id, struct rc_received_reader **out);
uint64_t rc_received_size(const struct rc_received_reader *r);
enum rc_status rc_received_read(struct rc_received_reader *r, unsigned char *buf, size_t cap, size_t *got);
void rc_received_close(struct rc_received_reader **r);

/* Evidence bundles (bundles.c; doc/bundles.md). */
/* A document's bytes in pieces (no write to the case in between). */
struct rc_doc_reader;
enum rc_status rc_case_document_open(struct rc_case *c, int64_t id, struct rc_doc_reader **out);
uint64_t rc_doc_reader_size(const struct rc_doc_reader *r);
enum rc_status rc_doc_read(struct rc_doc_reader *r, unsigned char *buf, size_t cap, size_t *got);
void rc_doc_reader_close(struct rc_doc_reader **r);
/* The certificate (PEM) and key (PEM, kept only in the case file) the
 * case signs bundles with: a new one retires the one before ("signer-set"
 * in the journal, with the fingerprint). */
struct rc_signer {
	char *cert, *key, *fingerprint, *subject, *added;
};
enum rc_status rc_signer_put(struct rc_case *c, const char *cert_pem, const char *key_pem, const char *fp,
	const char *subject);
/* The one in use (key only when with_key; wiped by rc_signer_clear).  RC_NOTFOUND: none. */
enum rc_status rc_signer_get(struct rc_case *c, bool with_key, struct rc_signer *out);
void rc_signer_clear(struct rc_signer *s);
/* The same kept in the office board's folder (office.c), for cases to
 * take (rc_op_signer_from_office): a new one retires the one before.
 * The PostgreSQL board keeps none (RC_INVALID, explained). */
enum rc_status rc_office_signer_put(struct rc_office *o, const char *cert_pem, const char *key_pem, const char *fp,
	const char *subject);
enum rc_status rc_office_signer_get(struct rc_office *o, bool with_key, struct rc_signer *out);
/* A bundle made, with the journal checkpoint signed into it; journalled
 * "bundle-create" in the same transaction. */
struct rc_bundle_rec {
	const char *name, *format, *content, *tagmanifest_sha256;
	uint64_t files, bytes;
	const char *signer;          /* the signing certificate's fingerprint, or NULL */
	const char *stamped;         /* the time stamp's time, or NULL */
	int64_t checkpoint_seq;
	const char *checkpoint_head; /* hex */
	const void *checkpoint_doc, *checkpoint_sig, *checkpoint_stamp;
	size_t checkpoint_len, checkpoint_sig_len, checkpoint_stamp_len;
};
enum rc_status rc_bundle_record(struct rc_case *c, const struct rc_bundle_rec *b, int64_t *id);
struct rc_bundle_row {
	int64_t id;
	char *made, *slot, *name, *format, *content, *tagmanifest_sha256, *signer, *stamped;
	uint64_t files, bytes;
	int64_t checkpoint_seq;
};
enum rc_status rc_bundle_list(struct rc_case *c, struct rc_bundle_row **out, size_t *n);
void rc_bundle_rows_free(struct rc_bundle_row *v, size_t n);
/* The journal's last entry: its number and hash (hex); 0 and "" when empty. */
enum rc_status rc_journal_head(struct rc_case *c, int64_t *seq, char hash_hex[65]);

/* The sign-in: keep token (NULL: forget it, and the refresh token and the
 * expiry), its end (ISO 8601 UTC or NULL) and refresh token; journalled
 * as "registry-login" or "registry-logout" with the registry's name. */
enum rc_status rc_registry_save_token(struct rc_case *c, const struct rc_registry *r, const char *token,
	const char *expires, const char *refresh);
/* What can be changed of a registry's sign-in and mutual TLS: each
 * field that is set is written (an empty string clears it).  Journalled
 * as "registry-set" with the registry's name and the fields' names. */
struct rc_registry_auth {
	const char *client_cert, *client_key; /* together */
	const char *oauth_client_id, *oauth_scope;
};
enum rc_status rc_registry_save_auth(struct rc_case *c, const struct rc_registry *r,
	const struct rc_registry_auth *a);

/* remote.c: what a request's submission to a registry keeps. */
/* The registry's fields of a request (registry, remote_*, expected_by;
 * NULL texts are written as NULL), journaled as action ("request-submit",
 * "request-status"). */
enum rc_status rc_case_request_remote(struct rc_case *c, int64_t id, const struct rc_request_row *set,
	const char *action);
/* A registry's secret: "token" (the bearer token) or "drp_key" (the DRP
 * agent's Ed25519 secret key).  *out malloc'ed (the caller wipes and
 * frees it), NULL with *n 0 when none is kept. */
enum rc_status rc_registry_secret_get(struct rc_case *c, int64_t registry, const char *which,
	unsigned char **out, size_t *n);
enum rc_status rc_registry_secret_set(struct rc_case *c, int64_t registry, const char *which,
	const void *p, size_t n);
/* The DRP agent and business ids of a registry (NULL when not set). */
enum rc_status rc_registry_drp_get(struct rc_case *c, int64_t registry, char **agent, char **business);
enum rc_status rc_registry_drp_set(struct rc_case *c, int64_t registry, const char *agent, const char *business);

#endif
