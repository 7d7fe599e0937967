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

struct rc_case {
	char *path;        /* NAME.case */
	char *db_path;
	char *ks_path;
	int dir_fd;        /* holds the flock */
	sqlite3 *db;
	unsigned char *key; /* sodium_malloc'ed, RC_DATA_KEY_BYTES */
	struct keyslots ks;
	char slot_label[RC_LABEL_MAX + 1];
	bool plain;        /* benchmark comparison file */
	struct rc_regimes *regimes; /* loaded by rc_case_flag_ctx, freed at close */
	struct rawz_cache *rawz;    /* decompression dictionaries, freed at close */
	int tx_depth;
};

/* casefile.c */
enum rc_status db_open_keyed(const char *file, const unsigned char *key, int page_size,
	int compat, sqlite3 **out);
enum rc_status db_status(sqlite3 *db, int rc);
enum rc_status db_exec(struct rc_case *c, const char *sql);
enum rc_status db_begin(struct rc_case *c);
enum rc_status db_commit(struct rc_case *c);
void db_rollback(struct rc_case *c);
enum rc_status db_prepare(struct rc_case *c, const char *sql, sqlite3_stmt **st);
/* bind text or NULL */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
char *db_col_text(sqlite3_stmt *st, int i); /* malloc'ed or NULL */

/* schema.c */
/* The secondary indexes of the event table (migration 2), also rebuilt
 * by a large import (events.c). */
#define SCHEMA_EVENT_INDEX_TS "CREATE INDEX event_ts ON event(ts, id, flags)"
#define SCHEMA_EVENT_INDEX_AUTHORITY "CREATE INDEX event_authority ON event(authority COLLATE NOCASE, ts, id)"
#define SCHEMA_EVENT_INDEX_COUNTRY "CREATE INDEX event_country ON event(country, ts, id)"
#define SCHEMA_EVENT_INDEX_ACTOR "CREATE INDEX event_actor ON event(actor, ts, flags)"
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
/* events.c: an import's dictionary, and an event whose original bytes
 * are z, compressed against it. */
enum rc_status rc_events_raw_dict(struct rc_event_tx *tx, const void *dict, size_t len);
enum rc_status rc_events_put_packed(struct rc_event_tx *tx, struct rc_event *ev, const unsigned char *z,
	size_t zlen);

/* journal.c */
enum rc_status journal_append_tx(struct rc_case *c, const char *action, const char *object);

#endif
