/* store-int.h - shared between the files of src/store only. */
#ifndef RECOURSE_STORE_INT_H
#define RECOURSE_STORE_INT_H

#include <sodium.h>
#include <sqlcipher/sqlite3.h>

#include "store.h"

#define KS_SALT_BYTES crypto_pwhash_SALTBYTES
#define KS_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define KS_SK_BYTES crypto_box_SECRETKEYBYTES
#define KS_PK_BYTES crypto_box_PUBLICKEYBYTES
#define KS_WRAPPED_BYTES (KS_SK_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define KS_SEALED_BYTES (RC_DATA_KEY_BYTES + crypto_box_SEALBYTES)
#define KS_MAX_SLOTS 32
#define KS_FILE_MAX 65536
#define RC_CIPHER_PAGE_SIZE 16384
#define RC_CACHE_PRAGMA "-16384" /* KiB of decrypted pages */

struct ks_slot {
	char label[RC_LABEL_MAX + 1];
	unsigned long long opslimit;
	size_t memlimit;
	char created[24];
	unsigned char salt[KS_SALT_BYTES];
	unsigned char pk[KS_PK_BYTES];
	unsigned char nonce[KS_NONCE_BYTES];
	unsigned char wrapped_sk[KS_WRAPPED_BYTES];
	unsigned char sealed_key[KS_SEALED_BYTES];
};

struct keyslots {
	int version;
	int page_size;
	int compat; /* SQLCipher major version whose defaults the file uses */
	size_t n;
	struct ks_slot slot[KS_MAX_SLOTS];
};

/* keyslots.c */
enum rc_status ks_parse(const char *text, size_t len, struct keyslots *ks);
enum rc_status ks_serialize(const struct keyslots *ks, struct rc_buf *out);
enum rc_status ks_load(const char *path, struct keyslots *ks);
enum rc_status ks_save(const char *path, const struct keyslots *ks);
/* Make a slot holding key under pass. */
enum rc_status ks_slot_make(struct ks_slot *s, const char *label, const struct rc_secret *pass,
	const struct rc_kdf *kdf, const unsigned char key[RC_DATA_KEY_BYTES]);
/* Open one slot with pass: RC_OK and key filled, or RC_BADPASS. */
enum rc_status ks_slot_open(const struct ks_slot *s, const struct rc_secret *pass,
	unsigned char key[RC_DATA_KEY_BYTES]);
/* Seal key anew for a slot (rekey; needs no passphrase). */
enum rc_status ks_slot_reseal(struct ks_slot *s, const unsigned char key[RC_DATA_KEY_BYTES]);
int ks_find(const struct keyslots *ks, const char *label);

/* db.c: one database and its transactions (nested: only the outermost
 * begin and commit reach SQLite; a rollback at any depth undoes all). */
struct rc_db {
	sqlite3 *h;
	int tx_depth;
};
#define RC_THREADS_PRAGMA "1" /* sorter helper threads outside index builds */
enum rc_status db_open(struct rc_db *db, const char *file, const unsigned char *key, int page_size,
	int compat, bool create);
void db_close(struct rc_db *db);
void db_forget(struct rc_db *db);
enum rc_status db_status(const struct rc_db *db, int rc);
enum rc_status db_exec(struct rc_db *db, const char *sql);
enum rc_status db_prepare(struct rc_db *db, const char *sql, sqlite3_stmt **st);
/* Every sqlite3_step goes through these.  db_row: true with a row; false
 * at the end, or on an error, which it records in *st (the first error is
 * kept; *st must start as RC_OK).  db_run: a statement without rows (or
 * whose rows do not matter) stepped to its end and reset. */
bool db_row(struct rc_db *db, sqlite3_stmt *q, enum rc_status *st);
enum rc_status db_run(struct rc_db *db, sqlite3_stmt *q);
/* The first column of the first row of sql, or dflt; errors into *st. */
int64_t db_one_int(struct rc_db *db, const char *sql, int64_t dflt, enum rc_status *st);
enum rc_status db_begin(struct rc_db *db);
enum rc_status db_commit(struct rc_db *db);
void db_rollback(struct rc_db *db);
bool db_in_tx(const struct rc_db *db);
int db_cipher_major(struct rc_db *db);
char *db_key_text(const unsigned char key[RC_DATA_KEY_BYTES]);
/* bind text or NULL */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
char *db_col_text(sqlite3_stmt *st, int i); /* malloc'ed or NULL */

struct rc_case {
	char *path;        /* NAME.case */
	char *db_path;
	char *ks_path;
	int dir_fd;        /* holds the flock */
	struct rc_db db;
	unsigned char *key; /* sodium_malloc'ed, RC_DATA_KEY_BYTES */
	struct keyslots ks;
	char slot_label[RC_LABEL_MAX + 1];
	bool plain;        /* benchmark comparison file (test builds only) */
	struct rawz_cache *rawz;    /* decompression dictionaries, freed at close */
};

/* schema.c */
/* The secondary indexes of the event table as they are now (a large
 * import drops and rebuilds them).  The migrations keep their own frozen
 * text; a test checks that a new case's indexes equal these. */
extern const char *const schema_event_indexes[];
extern const char *const schema_event_index_names[];
enum rc_status schema_migrate(struct rc_case *c);
int schema_version_latest(void);

/* tmpvfs.c: the name of a VFS that keeps SQLite's temporary files
 * encrypted in dir (NULL if it could not be registered). */
const char *tmpvfs_for(const char *dir);
/* How many temporary files it has opened (tests, debug log). */
uint64_t tmpvfs_opened(void);

/* rawz.c: original bytes compressed against a per-import dictionary */
#define RAWZ_LEVEL 1
#define RAWZ_DICT_MAX 32768          /* bytes of the first records */
#define RAWZ_RECORD_MAX ((size_t)1 << 30)
struct rawz_enc;
struct rawz_cache;
struct rawz_enc *rawz_enc_new(const void *dict, size_t len); /* NULL: no memory */
void rawz_enc_free(struct rawz_enc **z);
const unsigned char *rawz_enc_dict(const struct rawz_enc *z, size_t *len);
size_t rawz_bound(size_t n);
/* Compressed size written to out, 0 if it did not fit.  side (0 or 1)
 * picks the compression context: two threads may compress at once. */
size_t rawz_compress(struct rawz_enc *z, int side, unsigned char *out, size_t cap, const void *src,
	size_t n);
/* The original bytes of a stored record (dict 0: as stored), malloc'ed
 * and NUL-terminated; RC_CORRUPT if they cannot be restored. */
enum rc_status rawz_load(struct rc_case *c, int64_t dict, const void *blob, size_t n, char **out,
	size_t *out_len);
void rawz_cache_free(struct rawz_cache **c);

/* journal.c */
enum rc_status journal_append_tx(struct rc_case *c, const char *action, const char *object);

/* event_row.c: an event's columns */
#define EVENT_COLS "e.id, e.source, e.ext_id, e.occurred, e.ts, e.recorded, e.authority, e.country, " \
	"e.authority_type, e.role, e.agent, e.system, e.categories, e.action, e.outcome, e.purpose, " \
	"e.legal_basis, e.dest, e.dest_country, e.origin, e.note, e.imported, e.flags, " \
	"e.patient, e.organization, e.client, e.authorization, e.dest_kind, e.marks, e.uncertain"
#define EVENT_NCOLS 30
#define INSERT_COLS "source, ext_id, occurred, ts, recorded, authority, country, authority_type, role, " \
	"agent, actor, system, categories, action, outcome, purpose, legal_basis, dest, dest_country, " \
	"origin, note, imported, flags, patient, organization, client, authorization, dest_kind, " \
	"marks, uncertain"
/* ?1..?30, in INSERT_COLS's order */
#define INSERT_VALS "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20," \
	"?21,?22,?23,?24,?25,?26,?27,?28,?29,?30)"
#define INSERT_NCOLS 30
int64_t event_sort_ts(const struct rc_event *ev);
const char *event_actor(const struct rc_event *ev);
void event_from_row(sqlite3_stmt *st, struct rc_event *ev);      /* EVENT_COLS first */
void bind_event(sqlite3_stmt *st, const struct rc_event *ev, const char *imported); /* INSERT_VALS */

/* flagidx.c: the (flag, ts, event) index of flagged events */
struct flag_stmts {
	sqlite3_stmt *ins, *del, *upd;
};
enum rc_status flag_rows_write(struct rc_db *db, struct flag_stmts *fs, int64_t id, int64_t ts,
	uint32_t flags);
enum rc_status flag_rows_delete(struct rc_db *db, struct flag_stmts *fs, int64_t id, int64_t ts);
/* An event's flags from old to now: the row and its index rows; and its
 * uncertain bits to unc (from unc_old; unc -1: left as they are). */
enum rc_status flags_set(struct rc_db *db, struct flag_stmts *fs, int64_t id, int64_t ts, uint32_t old,
	uint32_t now, int64_t unc, uint32_t unc_old);
void flag_stmts_free(struct flag_stmts *fs);
/* The index rows of every flagged event with id >= from, in one walk. */
enum rc_status flag_rows_bulk(struct rc_db *db, int64_t from);

/* bursts.c: the BURST flag of the actors given (every actor: NULL) */
#define BURST_ACTORS_MAX 2000
enum rc_status bursts_recompute(struct rc_db *db, const struct rc_flag_ctx *ctx,
	const struct rc_strset *actors);

/* import_tx.c: an import is one transaction (store.h has the rest) */
/* Bulk mode (at any point of an import): the secondary indexes are
 * dropped inside the transaction and rebuilt (sorted) at commit, and the
 * flag index of the rows written from then on is filled in one sorted
 * insert.  Only the importer (import_file.c) and the tests use it. */
enum rc_status rc_events_bulk(struct rc_event_tx *tx);
bool rc_events_is_bulk(const struct rc_event_tx *tx);
/* Rows added since bulk mode began, and leaving it early (the indexes are
 * rebuilt now; later rows go in the ordinary way).  The rebuild sorts in
 * memory, so an import leaves bulk mode after RC_BULK_MAX rows to keep
 * its memory bounded whatever the size of the file. */
#define RC_BULK_MAX 1000000
uint64_t rc_events_bulk_rows(const struct rc_event_tx *tx);
enum rc_status rc_events_bulk_end(struct rc_event_tx *tx);
/* The same as rc_events_put, with ev->flags already computed by
 * rc_flags_event with the transaction's context (the import pipeline
 * does it on its reader). */
enum rc_status rc_events_put_flagged(struct rc_event_tx *tx, struct rc_event *ev);
/* An import's dictionary, and an event whose original bytes are z,
 * compressed against it. */
enum rc_status rc_events_raw_dict(struct rc_event_tx *tx, const void *dict, size_t len);
enum rc_status rc_events_put_packed(struct rc_event_tx *tx, struct rc_event *ev, const unsigned char *z,
	size_t zlen);

#ifdef RC_TEST_HOOKS
/* A plain (unencrypted) SQLite file with the same schema, for the
 * benchmarks' comparisons only (test builds).  Never used for a case. */
enum rc_status rc_case_open_plain_for_bench(const char *file, struct rc_case **out);
#endif

#endif
