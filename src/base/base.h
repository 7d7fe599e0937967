/* base.h - small shared helpers: status codes, logging, clock, secure
 * memory, files written whole, text sanitizing.  The one public header of
 * src/base (libbase.a).  No curses, no SQL, no network here. */
#ifndef RECOURSE_BASE_H
#define RECOURSE_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "i18n.h"

/* ------------------------------------------------------------------ */
/* Status codes: every fallible function returns one.  The message is what
 * the person at the terminal reads; callers may add detail through
 * rc_error_set().  Exit codes are documented in doc/recourse.1. */
#define RC_STATUS_INFO(_) \
	_(OK,          0, N_("Done.")) \
	_(ERR,         1, N_("Something went wrong.")) \
	_(USAGE,       2, N_("The command was not understood.")) \
	_(NOMEM,       1, N_("The computer ran out of memory.")) \
	_(IO,          4, N_("Reading or writing a file failed.")) \
	_(NOSPACE,     4, N_("The disk is full. Nothing was changed; free some space and try again.")) \
	_(BADPASS,     3, N_("That passphrase does not open this case.")) \
	_(NOTCASE,     5, N_("This folder is not a case.")) \
	_(NOCASE,      5, N_("There is no case with that name.")) \
	_(EXISTS,      5, N_("A case with that name already exists.")) \
	_(KEYSLOTS,    6, N_("The key file of this case (keyslots) is damaged. The case cannot be opened with it.")) \
	_(CORRUPT,     6, N_("The case file (case.db) is damaged or incomplete.")) \
	_(TOONEW,      6, N_("This case was written by a newer version of recourse. Update recourse to open it.")) \
	_(LOCKED,      7, N_("This case is open elsewhere. Close it there first.")) \
	_(JOURNAL,     8, N_("The case history (journal) has been altered.")) \
	_(INVALID,     9, N_("The input is not valid.")) \
	_(NOTFOUND,   10, N_("Nothing was found.")) \
	_(LASTSLOT,    2, N_("This is the last key slot. Add another before removing it.")) \
	_(CANCELLED,  11, N_("Cancelled. Nothing was changed.")) \
	_(NODATA,     12, N_("The program's own data files (the legal regimes) were not found: recourse is not installed completely. Nothing was changed.")) \
	/* TRANSLATORS: a refusal (exit 13); the next line says which folder or file and the command that fixes it. */ \
	_(UNSAFE,     13, N_("Someone other than you could change this case's folder or files, so recourse will not use them. Nothing was read or changed.")) \
	/* TRANSLATORS: after several wrong passphrases (exit 14); the next line says how many seconds. */ \
	_(WAIT,       14, N_("Too many wrong passphrases for this case.")) \
	/* TRANSLATORS: "case erase" (or any command naming the case) found an erase cut short and finished it. */ \
	_(ERASED,      5, N_("An erase of this case had been interrupted. It has now been finished: nothing of the case is left.")) \
	/* TRANSLATORS: the office board refused an update (exit 15); the next line names the request. */ \
	_(CONFLICT,   15, N_("The office board holds another version of this request, recorded elsewhere. Nothing on the board was changed.")) \
	/* TRANSLATORS: the office's PostgreSQL server (exit 16); the next line says why. */ \
	_(NOSERVER,   16, N_("The office database cannot be reached. Nothing on the board was changed; this terminal sends its changes when it can.")) \
	/* TRANSLATORS: a registry (exit 17); the next line says which and why (no answer, a timeout, ...). */ \
	_(NONET,      17, N_("The registry did not answer. Nothing in the case was changed; try again later.")) \
	/* TRANSLATORS: a registry's answer was refused (exit 18); the next line says why. */ \
	_(BADREG,     18, N_("The registry's answer was refused. Nothing from it was stored.")) \
	/* TRANSLATORS: bundle verify (exit 19); the lines before say what each check found. */ \
	_(BADBAG,     19, N_("The evidence bundle does not verify: it is not as it was made, or its signature does not match it."))

enum rc_status {
#define RC_ENUM(name, exit, msg) RC_##name,
	RC_STATUS_INFO(RC_ENUM)
#undef RC_ENUM
	RC_STATUS_COUNT
};

/* The translated message of a status. */
const char *rc_status_message(enum rc_status st);
/* The process exit code for a status (doc/recourse.1, EXIT STATUS). */
int rc_status_exit(enum rc_status st);
/* The status's name, e.g. "BADPASS", for logs and JSON output. */
const char *rc_status_name(enum rc_status st);

/* A thread-local detail for the last error ("line 4: ..."), already
 * translated by whoever set it.  Never holds personal data from the case. */
void rc_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rc_error_clear(void);
const char *rc_error_detail(void); /* "" when none */

/* ------------------------------------------------------------------ */
/* Logging through a function the front end installs (tests capture it).
 * Messages never contain personal data. */
enum rc_log_level { RC_LOG_DEBUG, RC_LOG_INFO, RC_LOG_WARN, RC_LOG_ERROR };
typedef void (*rc_log_fn)(enum rc_log_level lvl, const char *msg);
void rc_log_set(rc_log_fn fn);
void rc_log(enum rc_log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* The clock.  Everything that needs "now" asks here, so tests can fix it:
 * in a build with test hooks (--enable-test-hooks) rc_clock_set replaces
 * it, and RECOURSE_FAKE_NOW=<unix seconds> fixes it for the CLI tests. */
#ifdef RC_TEST_HOOKS
typedef time_t (*rc_clock_fn)(void);
void rc_clock_set(rc_clock_fn fn); /* NULL restores the real clock */
#endif
time_t rc_now(void);
/* "2025-06-02T10:11:12Z" into buf (>= 21 bytes). */
void rc_time_iso(time_t t, char *buf, size_t len);
/* Monotonic milliseconds, for progress and benchmarks. */
double rc_mono_ms(void);

/* ------------------------------------------------------------------ */
/* Process hygiene: umask 077, no core dumps, not dumpable. */
void rc_process_harden(void);

/* Secret buffers: sodium_malloc'ed (guard pages, mlock'ed), wiped and
 * freed by rc_secret_free, which NULLs the pointer. */
struct rc_secret {
	unsigned char *data;
	size_t len; /* bytes in use */
	size_t cap;
};
struct rc_secret *rc_secret_new(size_t cap);
void rc_secret_free(struct rc_secret **s);
bool rc_secret_append(struct rc_secret *s, unsigned char c);
void rc_secret_pop_utf8(struct rc_secret *s); /* backspace: drop one character */
void rc_secret_clear(struct rc_secret *s);
int rc_base_init(void); /* sodium_init; 0 on success */

/* ------------------------------------------------------------------ */
/* Files. */
/* Write data to path whole or not at all: temp file in the same folder,
 * fsync, rename, fsync the folder.  Mode as given (0600). */
/* Write all of data to fd (EINTR retried). */
enum rc_status rc_fd_write_all(int fd, const void *data, size_t len);
enum rc_status rc_file_write_atomic(const char *path, const void *data, size_t len, int mode);
/* Read a whole small file (max bytes) into a malloc'ed, NUL-terminated buffer. */
enum rc_status rc_file_read_all(const char *path, size_t max, char **out, size_t *outlen);
enum rc_status rc_fsync_dir(const char *dir);
/* Map errno after a failed write to NOSPACE or IO. */
enum rc_status rc_status_from_errno(int err);
/* path join into a malloc'ed string */
char *rc_path_join(const char *a, const char *b);

/* ------------------------------------------------------------------ */
/* Growable byte buffer. */
struct rc_buf {
	char *data;
	size_t len;
	size_t cap;
};
void rc_buf_init(struct rc_buf *b);
void rc_buf_free(struct rc_buf *b);
bool rc_buf_add(struct rc_buf *b, const void *p, size_t n);
bool rc_buf_addstr(struct rc_buf *b, const char *s);
bool rc_buf_printf(struct rc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rc_buf_reset(struct rc_buf *b);
const char *rc_buf_cstr(struct rc_buf *b); /* NUL-terminated view */

void *rc_xmalloc(size_t n);   /* aborts with a message on failure */
void *rc_xcalloc(size_t n, size_t m);
void *rc_xrealloc(void *p, size_t n);
char *rc_xstrdup(const char *s);
char *rc_xstrndup(const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* Text from outside.  rc_text_sanitize copies src (len bytes) into a
 * malloc'ed string fit for display: invalid UTF-8 becomes U+FFFD, C0/C1
 * controls (tab and newline too unless keep_newlines) and bidi controls
 * (U+202A-202E, U+2066-2069, U+200E/200F, U+061C) are removed, and
 * leading/trailing blanks trimmed.  The original bytes stay untouched
 * elsewhere, as evidence. */
char *rc_text_sanitize(const char *src, size_t len, bool keep_newlines);
/* The same, adding to *what (when not NULL) what it had to do, so the
 * reader can be told: bytes that were not UTF-8, control characters,
 * bidi controls, invisible characters (zero-width, soft hyphen, BOM: they
 * would make "Bundes\u200bpolizei" another authority), and runs of more
 * than 4 combining marks on one character cut. */
#define RC_TEXT_NOT_UTF8   0x01
#define RC_TEXT_CONTROL    0x02
#define RC_TEXT_BIDI       0x04
#define RC_TEXT_INVISIBLE  0x08
#define RC_TEXT_MARKS_CUT  0x10
char *rc_text_sanitize_ex(const char *src, size_t len, bool keep_newlines, unsigned *what);
/* True when s is valid UTF-8 with nothing rc_text_sanitize would change. */
bool rc_text_is_clean(const char *s, size_t len);
/* Display columns of a UTF-8 string (wcwidth per character). */
int rc_text_width(const char *s);

/* Hex helpers (lowercase). out must hold 2*len+1. */
void rc_hex_encode(const unsigned char *in, size_t len, char *out);
/* Returns false on bad input or a length other than outlen. */
bool rc_hex_decode(const char *in, size_t inlen, unsigned char *out, size_t outlen);

/* SHA-256 of a long stream (sha256.c: OpenSSL, the processor's SHA
 * instructions).  final frees the state, as does free. */
struct rc_sha256 {
	void *ctx;
};
bool rc_sha256_init(struct rc_sha256 *h);
void rc_sha256_update(struct rc_sha256 *h, const void *p, size_t n);
bool rc_sha256_final(struct rc_sha256 *h, unsigned char out[32]);
void rc_sha256_free(struct rc_sha256 *h);

/* ------------------------------------------------------------------ */
/* A set of strings (copies kept).  Zero-initialise; rc_strset_free. */
struct rc_strset {
	char **v;
	size_t n, cap; /* cap is a power of two */
};
bool rc_strset_add(struct rc_strset *s, const char *k); /* false: already there */
bool rc_strset_has(const struct rc_strset *s, const char *k);
void rc_strset_free(struct rc_strset *s);
/* The members sorted (strcmp): a malloc'ed array of borrowed pointers. */
const char **rc_strset_sorted(const struct rc_strset *s);

/* Peak resident memory of the process so far (KiB, -1 unknown), for the
 * debug log and the benchmarks. */
long rc_peak_rss_kb(void);

/* The language of the messages from now on ("ar"; NULL or "": the
 * environment's), the one before copied into prev (may be NULL): give
 * it back to switch back.  Not while another thread translates. */
void rc_lang_switch(const char *code, char *prev, size_t prevlen);

/* A CSV cell appended to out: quoted when it must be, and guarded
 * against spreadsheet formulas (base/csv.c); numeric: a plain number
 * computed by the program is written as a number. */
void rc_csv_cell(struct rc_buf *out, const char *s, bool numeric);

#endif
