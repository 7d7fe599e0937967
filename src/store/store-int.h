/* store-int.h - shared between the files of src/store only. */
#ifndef RECOURSE_STORE_INT_H
#define RECOURSE_STORE_INT_H

#include <sodium.h>
#include <sys/stat.h>
#include <sqlcipher/sqlite3.h>

#include "store.h"

#define KS_SALT_BYTES crypto_pwhash_SALTBYTES
#define KS_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define KS_SK_BYTES crypto_box_SECRETKEYBYTES
#define KS_PK_BYTES crypto_box_PUBLICKEYBYTES
#define KS_WRAPPED_BYTES (KS_SK_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define KS_SEALED_BYTES (RC_DATA_KEY_BYTES + crypto_box_SEALBYTES)
#define KS_MAX_SLOTS 32
#define KS_FILE_MAX 65536          /* a version 1 file is refused above this */
#define RC_CIPHER_PAGE_SIZE 16384
#define RC_CACHE_PRAGMA "-16384" /* KiB of decrypted pages */

/* The keyslots file, format 2 (doc/case-file.md): exactly KS_FILE_BYTES,
 * two copies (A at 0, B at KS_COPY_BYTES), each whole on its own, each
 * updated in place: never renamed, so no earlier copy is left in the
 * file system's free blocks. */
#define KS_VERSION 2
#define KS_COPY_BYTES 32768
#define KS_FILE_BYTES (2 * KS_COPY_BYTES)
#define KS_KIND_KEYS 1
#define KS_KIND_ERASED 2           /* an erase marker: no key in it */
#define KS_FLAG_REKEY 0x1          /* a rekey is half done: every slot also has sealed_next */
#define KS_FLAG_CREATING 0x2       /* the case is being made */
#define KS_FLAGS_KNOWN (KS_FLAG_REKEY | KS_FLAG_CREATING)

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
	unsigned char sealed_next[KS_SEALED_BYTES]; /* KS_FLAG_REKEY: the new data key */
};

struct keyslots {
	int version;       /* of the file it was read from (1 or 2) */
	int page_size;
	int compat; /* SQLCipher major version whose defaults the file uses */
	uint32_t flags;    /* KS_FLAG_* */
	size_t n;
	struct ks_slot slot[KS_MAX_SLOTS];
};

/* What reading a keyslots file found besides the slots. */
struct ks_state {
	int format;        /* 1 or 2; 0 when neither could be read */
	int winner;        /* format 2: the copy read (0 A, 1 B) */
	unsigned valid;    /* format 2: bit i set when copy i holds keys and checks */
	uint64_t gen[2];   /* their generations */
	bool same;         /* format 2: both copies valid, with the same slots */
	bool erased;       /* a copy is an erase marker (the status is then RC_ERASED) */
	size_t size;       /* bytes in the file */
};

/* keyslots.c */
/* A whole keyslots file (either format): RC_OK and the slots of the
 * newest valid copy; RC_ERASED for an erase marker; RC_TOONEW; else
 * RC_KEYSLOTS.  st (may be NULL) says what was found. */
enum rc_status ks_parse(const void *data, size_t len, struct keyslots *ks, struct ks_state *st);
/* Version 1 (text), as recourse wrote it before format 2: read for old
 * cases; written only by the tests and the fuzzer. */
enum rc_status ks_parse_v1(const char *text, size_t len, struct keyslots *ks);
enum rc_status ks_serialize_v1(const struct keyslots *ks, struct rc_buf *out);
/* One copy of format 2: out holds KS_COPY_BYTES.  Decoding: RC_OK with
 * *kind KS_KIND_KEYS (ks filled) or KS_KIND_ERASED, RC_TOONEW, or
 * RC_KEYSLOTS when the bytes are not a whole, valid copy. */
void ks_encode_copy(const struct keyslots *ks, int kind, uint64_t gen, unsigned char *out);
enum rc_status ks_decode_copy(const unsigned char *in, struct keyslots *ks, int *kind, uint64_t *gen);
/* The file open as fd: read; write ks in place (the older copy first,
 * each copy fsync'ed: a crash leaves one copy whole; a version 1 file is
 * converted, its bytes overwritten); make it an erase marker (copy B,
 * then A); overwrite every byte with random ones.  step names the
 * operation in the debug log and for the test hook. */
enum rc_status ks_read_fd(int fd, struct keyslots *ks, struct ks_state *st);
enum rc_status ks_write_fd(int fd, const struct keyslots *ks, const char *step);
enum rc_status ks_mark_erased_fd(int fd, const char *step);
enum rc_status ks_wipe_fd(int fd);
/* Read the keyslots file at path (no symbolic link followed). */
enum rc_status ks_load(const char *path, struct keyslots *ks);
/* Make a slot holding key under pass. */
enum rc_status ks_slot_make(struct ks_slot *s, const char *label, const struct rc_secret *pass,
	const struct rc_kdf *kdf, const unsigned char key[RC_DATA_KEY_BYTES]);
/* Open one slot with pass: RC_OK and key filled, or RC_BADPASS. */
enum rc_status ks_slot_open(const struct ks_slot *s, const struct rc_secret *pass,
	unsigned char key[RC_DATA_KEY_BYTES]);
/* Seal key anew for a slot (rekey; needs no passphrase), into sealed_key
 * or (next) into sealed_next. */
enum rc_status ks_slot_reseal(struct ks_slot *s, const unsigned char key[RC_DATA_KEY_BYTES]);
enum rc_status ks_slot_reseal_next(struct ks_slot *s, const unsigned char key[RC_DATA_KEY_BYTES]);
int ks_find(const struct keyslots *ks, const char *label);

/* A named step of an operation on the case folder: a debug log line
 * ("step NAME"); in a build with test hooks, RECOURSE_TEST_STOP=NAME
 * makes the process kill itself (SIGKILL) there, so the tests can cut an
 * operation short at every step.  store_step_torn: true when the test
 * wants a write cut in the middle here (the caller writes half, then
 * calls store_step_kill). */
void store_step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool store_step_torn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void store_step_kill(void);
/* Overwrite a whole open file with random bytes and fsync it. */
enum rc_status store_overwrite_fd(int fd);

/* casefile.c: for rc_cases_list (cases.c): false when the folder name
 * in dir is what an interrupted erase left (then finished, when nothing
 * of the case could ever be opened in it), or an empty folder. */
bool case_listed(const char *dir, const char *name);

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
	int dir_fd;        /* holds the folder's flock: shared while open, exclusive to make, rekey, erase */
	int wlock_fd;      /* keyslots, flock'ed exclusive: the one process that changes the case (-1: a reader) */
	bool reader;       /* opened to read (rc_case_open_read): changes nothing on disk but its journal */
	struct rc_db db;
	unsigned char *key; /* sodium_malloc'ed, RC_DATA_KEY_BYTES */
	struct keyslots ks;
	char slot_label[RC_LABEL_MAX + 1];
	bool plain;        /* benchmark comparison file (test builds only) */
	struct rawz_cache *rawz;    /* decompression dictionaries, freed at close */
	unsigned failed_unlocks;    /* wrong passphrases since the unlock before this one */
	bool attempts_tampered;     /* the record of them was removed, damaged or reset */
	struct search_cache *search; /* pages.c: distinct values for the text search */
	/* office_link.c: the office board this case tells about its requests */
	struct office_link *office;
	bool office_loaded;  /* office read from meta */
	bool office_dirty;   /* this transaction changed what the board shows */
	bool office_behind;  /* the last update could not be written to the office */
};
/* pages.c: the text search's distinct values, freed at close. */
struct search_cache;
void search_cache_free(struct search_cache **sc);

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

/* casefile.c: a folder or file must be the user's own and not writable by
 * others (RC_UNSAFE with the fix in the detail). */
enum rc_status store_check_owner_mode(const struct stat *sb, const char *shown, bool dir);

/* office_link.c: the case's side of the office board (doc/office.md) */
struct office_pg;
struct office_link {
	char *dir;                                  /* the office folder (NULL with db) */
	char *db;                                   /* or the office's PostgreSQL (conninfo) */
	struct office_pg *pg;                       /* its connection, once made */
	char office_id[RC_BOARD_ID_HEX + 1];
	unsigned char pk[crypto_box_PUBLICKEYBYTES]; /* the office's inbox key */
	char case_id[RC_BOARD_ID_HEX + 1];           /* this case, on the board */
};
/* Inside a transaction that changed a request: the board must hear of it
 * (the case's update counter is raised in the same transaction). */
enum rc_status office_touch(struct rc_case *c);
/* After the outermost commit: the update is written to the office. */
void office_after_commit(struct rc_case *c);
void office_link_free(struct office_link **l);
/* At opening: an update the office missed is written now (failures logged). */
void office_catch_up(struct rc_case *c);

/* office.c: the message of a refused update (rc_error_set; returned) */
const char *office_conflict_say(const struct rc_board_snapshot *have, const struct rc_board_snapshot *in,
	int64_t req);

/* office.c: rows ordered by (case_id, request) */
int office_row_key(const struct rc_board_row *r, const char *case_id, int64_t req);
int office_row_key_cmp(const void *a, const void *b);
/* Give each snapshot of s (case_id set) its requests and steps from rows. */
void office_rows_to_snapshots(const struct rc_board_row *rows, size_t n, struct rc_board_snapshot *s, size_t ns);

/* office_pg.c: the board in the office's PostgreSQL server (HAVE_LIBPQ;
 * without it every function says so with RC_USAGE). */
struct office_pg;
/* Connect (checks: no password in conninfo, TLS with the server's
 * certificate checked unless a Unix socket or loopback); init: make the
 * schema when there is none. */
enum rc_status office_pg_connect(const char *conninfo, bool init, struct office_pg **out);
void office_pg_close(struct office_pg **p);
/* One update in one transaction (rc_board_judge against the rows there),
 * then NOTIFY; RC_CONFLICT, RC_NOSERVER. */
enum rc_status office_pg_push(struct office_pg *p, const struct rc_board_snapshot *s, bool *applied);
enum rc_status office_pg_board(struct office_pg *p, bool open_only, bool with_steps, struct rc_board_row **rows,
	size_t *n);
enum rc_status office_pg_cases(struct office_pg *p, size_t *n);
enum rc_status office_pg_board_page(struct office_pg *p, size_t limit, struct rc_board_row **rows, size_t *n);
/* Wait up to timeout_ms for another terminal's change (LISTEN/NOTIFY). */
enum rc_status office_pg_wait(struct office_pg *p, int timeout_ms, bool *changed);
/* The board's id (made with its tables). */
enum rc_status office_pg_id(struct office_pg *p, char id[RC_BOARD_ID_HEX + 1]);
/* The connection was lost and made again since the last call. */
bool office_pg_reconnected(struct office_pg *p);
/* Every case's rows as snapshots (for moving a board). */
enum rc_status office_pg_snapshots(struct office_pg *p, struct rc_board_snapshot **out, size_t *n);
/* A note left for cases: the board moved to dir (NULL: it did not). */
enum rc_status office_pg_moved_to(struct office_pg *p, const char *set_dir, char **get_dir);

/* journal.c */
enum rc_status journal_append_tx(struct rc_case *c, const char *action, const char *object);
/* bundles.c: a signing certificate in table "signer" (a case) or
 * "office_signer" (office.c): put inside the caller's transaction (the
 * one before retired), get the one in use (RC_NOTFOUND: none). */
enum rc_status signer_row_put(struct rc_db *db, const char *table, const char *cert_pem, const char *key_pem,
	const char *fp, const char *subject);
enum rc_status signer_row_get(struct rc_db *db, const char *table, bool with_key, struct rc_signer *out);
/* received.c: a received file kept whole while it is imported; feed and
 * end on the reader thread, the rest on the database's thread. */
struct received_w;
struct received_w *received_w_new(void);
void received_w_free(struct received_w **w);
void received_w_feed(struct received_w *w, const void *p, size_t n);
void received_w_end(struct received_w *w, char sha256_hex[65]);
uint64_t received_w_size(const struct received_w *w);
enum rc_status received_w_begin(struct rc_case *c, struct received_w *w, const char *kind, const char *name,
	int64_t registry, const char *url);
enum rc_status received_w_store(struct rc_case *c, struct received_w *w);
enum rc_status received_w_finish(struct rc_case *c, struct received_w *w, const char *sha256_hex,
	const char *format, int64_t events_from, int64_t events_to);

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
/* The same for what changed between the event times lo and hi only. */
enum rc_status bursts_recompute_in(struct rc_db *db, const struct rc_flag_ctx *ctx,
	const struct rc_strset *actors, int64_t lo, int64_t hi);

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
/* The office index's data key and cipher settings, so that a benchmark
 * can open index.db with the SQLCipher API alone (test builds only). */
struct rc_office;
void rc_office_key_for_bench(const struct rc_office *o, unsigned char key[RC_DATA_KEY_BYTES], int *page_size,
	int *compat);
#endif

#endif
