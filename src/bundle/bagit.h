/* bagit.h - evidence bundles as BagIt bags (RFC 8493, version 1.0): the
 * one public header of src/bundle (libbundle.a).  On base (and core).
 * doc/bundles.md, "The bag".
 *
 * Writing: rc_bag_writer_new() picks the destination and the form (a
 * folder, a .tar, a .zip); rc_bag_write() writes bagit.txt, bag-info.txt,
 * the payload under data/ (each file from memory or streamed through a
 * callback, never held whole), manifest-sha256.txt, manifest-sha512.txt
 * and tagmanifest-sha256.txt; rc_bag_tagmanifest() hands the tag
 * manifest's bytes and SHA-256 to the caller (to sign them);
 * rc_bag_write_unlisted() adds files the manifests do not list (the
 * signature); rc_bag_commit() makes it appear under its name.  Until the
 * commit everything goes to a temporary name in the destination folder;
 * rc_bag_writer_free() without a commit removes it.
 *
 * Verifying: rc_bag_verify() reads a folder, a .tar or a .zip (told apart
 * by their bytes, not by their names) and lists what it found. */
#ifndef RECOURSE_BAGIT_H
#define RECOURSE_BAGIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

/* ------------------------------------------------------------------ */
/* Writing. */

enum rc_bag_format { RC_BAG_DIR, RC_BAG_TAR, RC_BAG_ZIP };

/* A streamed payload file: put up to cap bytes into buf and their number
 * into *got; *got == 0 means the end.  Any status other than RC_OK stops
 * the bag (and removes it); the callback may set rc_error_set() first. */
typedef enum rc_status (*rc_bag_read_fn)(void *ctx, unsigned char *buf, size_t cap, size_t *got);

/* One payload file.  path is relative to data/ ("log/access.json" is
 * written as data/log/access.json): safe ASCII only ([A-Za-z0-9._-] and
 * "/" between names; no "." or ".." name, no leading or trailing "/").
 * Either data (len bytes, in memory) or read+ctx (a stream of exactly
 * len bytes: the size goes into bag-info.txt and the archive headers
 * before the bytes are read; a stream of another length is an error). */
struct rc_bag_entry {
	const char *path;
	const void *data;
	uint64_t len;
	rc_bag_read_fn read;
	void *ctx;
};

/* One bag-info.txt field, in the caller's order (Source-Organization,
 * Contact-Name, External-Identifier, Bagging-Date, External-Description,
 * ...).  Labels: printable ASCII without ":" and without blanks at either
 * end; values: clean UTF-8 text (rc_text_is_clean), one line (long ones
 * are folded on output).  Payload-Oxum and Bag-Size are the library's. */
struct rc_bag_field {
	const char *label;
	const char *value;
};

struct rc_bag_writer;

/* Start a bag at dest (a folder path, or the .tar/.zip file's path),
 * which must not exist yet; its parent folder must.  Nothing is created
 * until rc_bag_write(). */
enum rc_status rc_bag_writer_new(struct rc_bag_writer **out, const char *dest, enum rc_bag_format fmt);

/* Check the names and fields, check the free space, then write the whole
 * bag up to its tag manifest.  Called once. */
enum rc_status rc_bag_write(struct rc_bag_writer *w, const struct rc_bag_entry *entries, size_t n,
                            const struct rc_bag_field *fields, size_t nfields);

/* The same bag a file at a time, for a caller that makes the payload as
 * it goes (the evidence bundle: one pass over the access log makes four
 * files at once) and may not know a file's size before its end:
 *
 *   rc_bag_begin(w, about)      checks that about `about` bytes are free,
 *                               creates the temporary name, bagit.txt
 *   rc_bag_file_open(w, path, size or -1, &f)
 *   rc_bag_file_write(f, p, n)  (any number, files open together)
 *   rc_bag_file_close(f)
 *   rc_bag_file_sha256(w, path, hex)  (a closed file's SHA-256)
 *   rc_bag_finish(w, fields, n) bag-info.txt (Payload-Oxum), the
 *                               manifests and the tag manifest
 *
 * Bytes are hashed (SHA-256 and SHA-512) and written by a second thread
 * while the caller goes on, through at most 8 MB of buffers (so at most
 * seven files may be open at once: RC_INVALID for an eighth).  A folder's
 * files are written in place; an archive's file of unknown size is kept
 * in an unnamed file in the destination folder until its end, then
 * copied in (an archive declares each size first).  Any failure is
 * sticky: every later call returns it, and rc_bag_writer_free removes
 * what was written.  Paths follow the payload rules below. */
enum rc_status rc_bag_begin(struct rc_bag_writer *w, uint64_t about);
struct rc_bag_out;
enum rc_status rc_bag_file_open(struct rc_bag_writer *w, const char *path, int64_t size, struct rc_bag_out **f);
enum rc_status rc_bag_file_write(struct rc_bag_out *f, const void *p, size_t n);
enum rc_status rc_bag_file_close(struct rc_bag_out *f);
/* Waits for the worker; RC_NOTFOUND for a path not written and closed. */
enum rc_status rc_bag_file_sha256(struct rc_bag_writer *w, const char *path, char hex[65], uint64_t *size);
enum rc_status rc_bag_finish(struct rc_bag_writer *w, const struct rc_bag_field *fields, size_t nfields);

/* After rc_bag_write: tagmanifest-sha256.txt's bytes (owned by the
 * writer, valid until rc_bag_writer_free) and their SHA-256. */
void rc_bag_tagmanifest(const struct rc_bag_writer *w, const char **text, size_t *len,
                        unsigned char sha256[32]);

/* After rc_bag_write, before rc_bag_commit: a file outside data/ that no
 * manifest lists (e.g. "signature/tagmanifest-sha256.txt.p7s").  The path
 * follows the payload rules, must not be under data/ and must not be one
 * of the tag files (bagit.txt, bag-info.txt, manifest-*, tagmanifest-*). */
enum rc_status rc_bag_write_unlisted(struct rc_bag_writer *w, const char *path, const void *data, size_t len);

/* fsync everything and rename the temporary name to dest. */
enum rc_status rc_bag_commit(struct rc_bag_writer *w);

/* Free the writer, NULLing *w; without a commit the temporary folder or
 * file is removed. */
void rc_bag_writer_free(struct rc_bag_writer **w);

/* True when path is a safe relative name (the rules above). */
bool rc_bag_path_ok(const char *path);

#ifdef RC_TEST_HOOKS
/* Tests: after `bytes` more bytes written by any bag writer, writes fail
 * with errno err (ENOSPC: a full stick; EIO: a pulled one).  bytes ==
 * UINT64_MAX turns it off. */
void rc_bag_test_fail_after(uint64_t bytes, int err);
#endif

/* ------------------------------------------------------------------ */
/* Verifying. */

/* The kinds of finding: enum name, the name for logs and JSON, and a
 * short description for the person at the terminal (rc_bag_kind_text). */
#define RC_BAG_KIND_INFO(_) \
	_(OK,           "ok") \
	_(ALTERED,      "altered") \
	_(ADDED,        "added") \
	_(REMOVED,      "removed") \
	_(BAD_MANIFEST, "bad-manifest") \
	_(BAD_INFO,     "bad-bag-info") \
	_(BAD_OXUM,     "bad-oxum") \
	_(BAD_PATH,     "bad-path") \
	_(NOT_A_BAG,    "not-a-bag") \
	_(TRUNCATED,    "truncated") \
	_(UNREADABLE,   "unreadable")

enum rc_bag_kind {
#define RC_BAG_KIND_ENUM(name, str) RC_BAG_##name,
	RC_BAG_KIND_INFO(RC_BAG_KIND_ENUM)
#undef RC_BAG_KIND_ENUM
	RC_BAG_KIND_COUNT
};

/* "altered", ... */
const char *rc_bag_kind_name(enum rc_bag_kind k);
/* The translated description ("This file was changed after the bag was
 * made."). */
const char *rc_bag_kind_text(enum rc_bag_kind k);

struct rc_bag_finding {
	enum rc_bag_kind kind;
	char *path;  /* relative to the bag ("data/x.pdf", "manifest-sha256.txt"); "" for the bag as a whole */
	unsigned line; /* for BAD_MANIFEST and BAD_INFO: the line, from 1; else 0 */
};

/* A file the caller asked to read (rc_bag_verify_keep), whole unless too big. */
struct rc_bag_file {
	char *path;             /* relative to the bag */
	uint64_t size;
	unsigned char sha256[32]; /* of the bytes read */
	unsigned char *data;    /* NUL-terminated, len bytes; NULL when too_big */
	size_t len;
	bool too_big;
};

struct rc_bag_report {
	bool valid;             /* no finding other than OK */
	enum rc_bag_format format;
	uint64_t payload_bytes; /* what data/ holds */
	uint64_t payload_files;
	struct rc_bag_finding *v; /* sorted by path, then kind */
	size_t n;
	struct rc_bag_file *kept; /* rc_bag_verify_keep's files, in the bag's order */
	size_t nkept;
};

/* Verify the bag at path.  RC_OK when it could be read to a verdict
 * (report->valid says which); RC_NOMEM or RC_IO when the verification
 * itself failed.  A missing or unreadable path, or a file that is neither
 * a tar nor a zip, is a report with a NOT_A_BAG or UNREADABLE finding. */
enum rc_status rc_bag_verify(const char *path, struct rc_bag_report *report);
/* The same, also reading whole every file whose path (relative to the
 * bag) starts with one of keep (NULL-ended: "signature/", "data/journal/")
 * up to keep_max bytes each, for the caller's own checks. */
enum rc_status rc_bag_verify_keep(const char *path, const char *const *keep, size_t keep_max,
	struct rc_bag_report *report);
/* A kept file by its path, or NULL. */
const struct rc_bag_file *rc_bag_report_file(const struct rc_bag_report *r, const char *path);
void rc_bag_report_free(struct rc_bag_report *report);

/* ------------------------------------------------------------------ */
/* The verifier's text parsers, public for the fuzzer.  Both are strict
 * and call back once per accepted item; on the first bad line they
 * return false with *bad_line (from 1) set. */

/* A manifest: lines "HEX  PATH" (LF or CRLF), HEX hexlen hex digits,
 * PATH safe (rc_bag_path_ok), under data/ when payload, elsewhere
 * otherwise; no path twice.  digest is hexlen/2 bytes. */
typedef bool (*rc_bag_manifest_fn)(void *ctx, const char *path, const unsigned char *digest);
bool rc_bag_parse_manifest(const char *text, size_t len, size_t hexlen, bool payload,
                           rc_bag_manifest_fn fn, void *ctx, unsigned *bad_line);

/* bag-info.txt: "Label: value" lines, continued on lines that start with
 * a blank (folded); the value is given unfolded (one space for each
 * fold). */
typedef bool (*rc_bag_info_fn)(void *ctx, const char *label, const char *value);
bool rc_bag_parse_info(const char *text, size_t len, rc_bag_info_fn fn, void *ctx, unsigned *bad_line);

/* Payload-Oxum "OCTETS.COUNT". */
bool rc_bag_parse_oxum(const char *value, uint64_t *octets, uint64_t *count);

/* SHA-256 as the bag computes it (OpenSSL EVP: the processor's SHA
 * instructions where there are some), for the caller's own streams:
 * NULL when out of memory; final frees it. */
void *rc_bag_sha256_new(void);
void rc_bag_sha256_update(void *c, const void *p, size_t n);
bool rc_bag_sha256_final(void *c, unsigned char out[32]);

#endif
