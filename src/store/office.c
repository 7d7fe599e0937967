/* office.c - the office index on one terminal (doc/office.md).
 *
 *   OFFICE/keyslots   the data key of index.db, once per passphrase
 *                     (the case's format and code: keyslots.c)
 *   OFFICE/index.db   SQLCipher: the board's rows and the inbox's secret key
 *   OFFICE/public     the inbox's public key and the office's id (text)
 *   OFFICE/inbox/     CASEID-SEQ.board files, each sealed to that key
 *
 * A case never holds the office passphrase, and the index never holds a
 * key to a case: a case writes what the board needs into the inbox, sealed
 * (crypto_box_seal) so that only the index can read it, and the index
 * reads the inbox when it is opened.  Every update carries the case's
 * whole board with a sequence number; the highest one wins, so updates
 * that arrive twice, late or out of order change nothing. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store-int.h"

#define OFFICE_PUBLIC_MAGIC "recourse-office 1"
#define OFFICE_UPDATE_MAX (RC_BOARD_TEXT_MAX + crypto_box_SEALBYTES)

struct rc_office {
	char *dir;
	struct rc_db db;
	unsigned char *key; /* sodium_malloc'ed */
	unsigned char *sk;  /* the inbox's secret key, sodium_malloc'ed */
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	char id[RC_BOARD_ID_HEX + 1];
	struct keyslots ks;
	char slot_label[RC_LABEL_MAX + 1];
	unsigned applied, refused; /* updates read from the inbox since it was opened */
	unsigned conflicts;        /* of which refused as another copy's (NAME.conflict) */
	char *last_conflict;       /* what the last one said */
	struct office_pg *pg;      /* PostgreSQL (office_pg.c): the rest is unused */
};

/* Frozen: a change is a new entry at the end (doc/case-file.md,
 * "Migrations"). */
static const char *const office_migrations[] = {
	"CREATE TABLE office_meta(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;"
	"CREATE TABLE board_case("
	"  case_id TEXT PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  updated TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE board_request("
	"  case_id TEXT NOT NULL REFERENCES board_case(case_id) ON DELETE CASCADE,"
	"  req INTEGER NOT NULL,"
	"  kind TEXT NOT NULL, regime TEXT, state TEXT NOT NULL, filed TEXT, received TEXT,"
	"  controller TEXT, ext_notice TEXT, ext_reasons INTEGER NOT NULL DEFAULT 0,"
	"  answered TEXT, answer TEXT, relation TEXT, follows INTEGER NOT NULL DEFAULT 0,"
	"  check_result TEXT, due TEXT, due_state TEXT, next_action TEXT, updated TEXT,"
	"  closed INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY(case_id, req)) WITHOUT ROWID;"
	"CREATE INDEX board_request_due ON board_request(closed, due);"
	"CREATE TABLE board_step("
	"  case_id TEXT NOT NULL, req INTEGER NOT NULL, n INTEGER NOT NULL,"
	"  day TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL,"
	"  PRIMARY KEY(case_id, req, n),"
	"  FOREIGN KEY(case_id, req) REFERENCES board_request(case_id, req) ON DELETE CASCADE) WITHOUT ROWID;",
	/* 2: the first screen of the board read by an index, without reading
	 * the whole board (rc_office_board_page) */
	"CREATE INDEX board_request_waiting ON board_request(due, case_id, req) "
	"WHERE closed = 0 AND due IS NOT NULL AND state IN ('filed', 'acknowledged', 'clarification', 'extended');",
	/* 3: the office's certificate and key for signing evidence bundles,
	 * which cases take (rc_office_signer_get; doc/bundles.md) */
	"CREATE TABLE office_signer("
	"  id INTEGER PRIMARY KEY,"
	"  cert TEXT NOT NULL, key BLOB NOT NULL, fingerprint TEXT NOT NULL, subject TEXT,"
	"  added TEXT NOT NULL, retired TEXT);",
};
#define OFFICE_VERSION ((int)(sizeof office_migrations / sizeof office_migrations[0]))

char *rc_office_default_dir(void)
{
	const char *e = getenv("RECOURSE_OFFICE_DIR");
	if (e && *e)
		return rc_xstrdup(e);
	char *cases = rc_cases_dir();
	char *slash = strrchr(cases, '/');
	struct rc_buf b;
	rc_buf_init(&b);
	if (slash && slash != cases)
		rc_buf_printf(&b, "%.*s/office", (int)(slash - cases), cases);
	else
		rc_buf_addstr(&b, "office");
	free(cases);
	char *out = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	return out;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = rc_xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* ---- the office's signing certificate ---- */

static enum rc_status no_signer_in_db(void)
{
	/* TRANSLATORS: keep the commands as they are. */
	rc_error_set("%s", _("The office's PostgreSQL board keeps no signing key (a private key does not belong on a "
	                     "shared server). Give the office's certificate to each case instead: recourse bundle "
	                     "signer CASE --cert FILE --key-fd N."));
	return RC_INVALID;
}

enum rc_status rc_office_signer_put(struct rc_office *o, const char *cert_pem, const char *key_pem, const char *fp,
	const char *subject)
{
	if (o->pg)
		return no_signer_in_db();
	enum rc_status st = db_begin(&o->db);
	if (st == RC_OK)
		st = signer_row_put(&o->db, "office_signer", cert_pem, key_pem, fp, subject);
	if (st == RC_OK)
		return db_commit(&o->db);
	db_rollback(&o->db);
	return st;
}

enum rc_status rc_office_signer_get(struct rc_office *o, bool with_key, struct rc_signer *out)
{
	memset(out, 0, sizeof *out);
	if (o->pg)
		return no_signer_in_db();
	return signer_row_get(&o->db, "office_signer", with_key, out);
}

void rc_office_close(struct rc_office **op)
{
	struct rc_office *o = *op;
	if (!o)
		return;
	office_pg_close(&o->pg);
	db_close(&o->db);
	if (o->key)
		sodium_free(o->key);
	if (o->sk)
		sodium_free(o->sk);
	sodium_memzero(&o->ks, sizeof o->ks);
	free(o->last_conflict);
	free(o->dir);
	free(o);
	*op = NULL;
}

static enum rc_status migrate(struct rc_office *o)
{
	enum rc_status st = RC_OK;
	int64_t v = db_one_int(&o->db, "PRAGMA user_version", 0, &st);
	if (st != RC_OK)
		return st;
	if (v > OFFICE_VERSION) {
		rc_error_set(_("The office board was written by a newer version of recourse."));
		return RC_TOONEW;
	}
	for (int i = (int)v; i < OFFICE_VERSION && st == RC_OK; i++) {
		st = db_begin(&o->db);
		if (st == RC_OK)
			st = db_exec(&o->db, office_migrations[i]);
		char sql[48];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", i + 1);
		if (st == RC_OK)
			st = db_exec(&o->db, sql);
		if (st == RC_OK)
			st = db_commit(&o->db);
		else
			db_rollback(&o->db);
	}
	return st;
}

static enum rc_status check_dir(const char *dir)
{
	struct stat sb;
	if (lstat(dir, &sb) != 0)
		return errno == ENOENT ? RC_NOTFOUND : rc_status_from_errno(errno);
	if (!S_ISDIR(sb.st_mode)) {
		rc_error_set(_("%s is not an office board folder."), dir);
		return RC_NOTCASE;
	}
	return store_check_owner_mode(&sb, dir, true);
}

/* The public file: magic, "id HEX", "pk HEX". */
static enum rc_status public_write(const char *dir, const char *id, const unsigned char *pk)
{
	char pkhex[2 * crypto_box_PUBLICKEYBYTES + 1];
	rc_hex_encode(pk, crypto_box_PUBLICKEYBYTES, pkhex);
	char *path = join(dir, "public");
	enum rc_status st = RC_OK;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		st = rc_status_from_errno(errno);
	} else {
		char text[256];
		int n = snprintf(text, sizeof text, OFFICE_PUBLIC_MAGIC "\nid %s\npk %s\n", id, pkhex);
		if (write(fd, text, (size_t)n) != n || fsync(fd) != 0)
			st = rc_status_from_errno(errno ? errno : EIO);
		close(fd);
	}
	free(path);
	return st;
}

static enum rc_status public_read(const char *dir, char id[RC_BOARD_ID_HEX + 1], unsigned char *pk)
{
	enum rc_status st = check_dir(dir);
	if (st == RC_NOTFOUND) {
		rc_error_set(_("There is no office board at %s."), dir);
		return RC_NOTFOUND;
	}
	if (st != RC_OK)
		return st;
	char *path = join(dir, "public");
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0) {
		if (errno == ENOENT) {
			rc_error_set(_("%s is not an office board folder."), dir);
			return RC_NOTCASE;
		}
		return rc_status_from_errno(errno);
	}
	char text[512];
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0)
		return rc_status_from_errno(errno);
	text[n] = 0;
	char idhex[80], pkhex[80];
	if (sscanf(text, OFFICE_PUBLIC_MAGIC "\nid %79s\npk %79s\n", idhex, pkhex) != 2 || strlen(idhex) != RC_BOARD_ID_HEX
		|| !rc_hex_decode(pkhex, strlen(pkhex), pk, crypto_box_PUBLICKEYBYTES)) {
		rc_error_set(_("The file \"public\" of the office board %s is damaged."), dir);
		return RC_CORRUPT;
	}
	unsigned char raw[RC_BOARD_ID_HEX / 2];
	if (!rc_hex_decode(idhex, RC_BOARD_ID_HEX, raw, sizeof raw)) {
		rc_error_set(_("The file \"public\" of the office board %s is damaged."), dir);
		return RC_CORRUPT;
	}
	memcpy(id, idhex, RC_BOARD_ID_HEX + 1);
	return RC_OK;
}

/* Exported for office_link.c through store-int.h would be tidier; the
 * case side only needs to read the public file. */
enum rc_status office_public_read(const char *dir, char id[RC_BOARD_ID_HEX + 1], unsigned char *pk);
enum rc_status office_public_read(const char *dir, char id[RC_BOARD_ID_HEX + 1], unsigned char *pk)
{
	return public_read(dir, id, pk);
}

static enum rc_status meta_blob_put(struct rc_office *o, const char *k, const void *v, size_t n)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&o->db, "INSERT OR REPLACE INTO office_meta(key, value) VALUES (?1, ?2)", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, v, (int)n, SQLITE_STATIC);
	st = db_run(&o->db, q);
	sqlite3_finalize(q);
	return st;
}

static enum rc_status meta_blob_get(struct rc_office *o, const char *k, void *v, size_t n)
{
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&o->db, "SELECT value FROM office_meta WHERE key = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
	bool found = false;
	if (db_row(&o->db, q, &st) && (size_t)sqlite3_column_bytes(q, 0) == n) {
		memcpy(v, sqlite3_column_blob(q, 0), n);
		found = true;
	}
	sqlite3_finalize(q);
	if (st == RC_OK && !found) {
		rc_error_set(_("The office board's index is damaged (%s is missing)."), k);
		st = RC_CORRUPT;
	}
	return st;
}

static void office_busy(struct rc_office *o)
{
	/* several processes of one terminal may read and write it */
	sqlite3_busy_timeout(o->db.h, 10000);
}

enum rc_status rc_office_create(const char *dir, const char *slot_label, const struct rc_secret *pass,
	const struct rc_kdf *kdf, struct rc_office **out)
{
	rc_error_clear();
	*out = NULL;
	if (!rc_slot_label_valid(slot_label) || !rc_kdf_acceptable(kdf))
		return RC_USAGE;
	/* its parent, like the cases folder's */
	char *parent = rc_xstrdup(dir);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		mkdir(parent, 0700);
	}
	free(parent);
	if (mkdir(dir, 0700) != 0) {
		if (errno == EEXIST) {
			rc_error_set(_("There is already an office board at %s."), dir);
			return RC_EXISTS;
		}
		return rc_status_from_errno(errno);
	}
	struct rc_office *o = rc_xcalloc(1, sizeof *o);
	o->dir = rc_xstrdup(dir);
	o->key = sodium_malloc(RC_DATA_KEY_BYTES);
	o->sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
	enum rc_status st = o->key && o->sk ? RC_OK : RC_NOMEM;
	int kfd = -1;
	char *ks_path = join(dir, "keyslots"), *db_path = join(dir, "index.db"), *inbox = join(dir, "inbox");
	if (st == RC_OK) {
		randombytes_buf(o->key, RC_DATA_KEY_BYTES);
		crypto_box_keypair(o->pk, o->sk);
		unsigned char raw[RC_BOARD_ID_HEX / 2];
		randombytes_buf(raw, sizeof raw);
		rc_hex_encode(raw, sizeof raw, o->id);
		o->ks.version = KS_VERSION;
		o->ks.page_size = RC_CIPHER_PAGE_SIZE;
		o->ks.compat = 4;
		st = ks_slot_make(&o->ks.slot[0], slot_label, pass, kdf, o->key);
		o->ks.n = 1;
	}
	if (st == RC_OK) {
		kfd = open(ks_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (kfd < 0)
			st = rc_status_from_errno(errno);
	}
	if (st == RC_OK)
		st = db_open(&o->db, db_path, o->key, o->ks.page_size, 0, true);
	if (st == RC_OK) {
		chmod(db_path, 0600);
		o->ks.compat = db_cipher_major(&o->db) >= 4 ? 4 : 3;
		st = ks_write_fd(kfd, &o->ks, "office-create-keys");
	}
	if (st == RC_OK)
		st = migrate(o);
	if (st == RC_OK) {
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		st = db_begin(&o->db);
		if (st == RC_OK)
			st = meta_blob_put(o, "inbox_sk", o->sk, crypto_box_SECRETKEYBYTES);
		if (st == RC_OK)
			st = meta_blob_put(o, "inbox_pk", o->pk, crypto_box_PUBLICKEYBYTES);
		if (st == RC_OK)
			st = meta_blob_put(o, "id", o->id, RC_BOARD_ID_HEX);
		if (st == RC_OK)
			st = meta_blob_put(o, "created", now, strlen(now));
		if (st == RC_OK)
			st = db_commit(&o->db);
		else
			db_rollback(&o->db);
	}
	if (st == RC_OK && mkdir(inbox, 0700) != 0)
		st = rc_status_from_errno(errno);
	/* the public file last: a folder without it is no office yet */
	if (st == RC_OK)
		st = public_write(dir, o->id, o->pk);
	if (kfd >= 0)
		close(kfd);
	if (st != RC_OK) {
		char saved[512];
		snprintf(saved, sizeof saved, "%s", rc_error_detail());
		db_close(&o->db);
		unlink(db_path);
		int fd = open(ks_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			ks_wipe_fd(fd);
			close(fd);
		}
		unlink(ks_path);
		rmdir(inbox);
		rmdir(dir);
		rc_error_set("%s", saved);
		rc_office_close(&o);
	} else {
		snprintf(o->slot_label, sizeof o->slot_label, "%s", slot_label);
		office_busy(o);
		*out = o;
	}
	free(ks_path);
	free(db_path);
	free(inbox);
	return st;
}

enum rc_status rc_office_open(const char *dir, const struct rc_secret *pass, struct rc_office **out)
{
	rc_error_clear();
	*out = NULL;
	char id[RC_BOARD_ID_HEX + 1];
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	enum rc_status st = public_read(dir, id, pk);
	if (st != RC_OK)
		return st;
	struct rc_office *o = rc_xcalloc(1, sizeof *o);
	o->dir = rc_xstrdup(dir);
	char *ks_path = join(dir, "keyslots"), *db_path = join(dir, "index.db");
	st = ks_load(ks_path, &o->ks);
	if (st == RC_OK) {
		o->key = sodium_malloc(RC_DATA_KEY_BYTES);
		o->sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
		st = o->key && o->sk ? RC_BADPASS : RC_NOMEM;
		for (size_t i = 0; st == RC_BADPASS && i < o->ks.n; i++) {
			st = ks_slot_open(&o->ks.slot[i], pass, o->key);
			if (st == RC_OK)
				snprintf(o->slot_label, sizeof o->slot_label, "%s", o->ks.slot[i].label);
		}
		if (st == RC_BADPASS)
			rc_error_set("%s", _("That passphrase does not open the office board."));
	}
	if (st == RC_OK)
		st = db_open(&o->db, db_path, o->key, o->ks.page_size, o->ks.compat, false);
	if (st == RC_OK) {
		office_busy(o);
		st = migrate(o);
	}
	unsigned char pk_in[crypto_box_PUBLICKEYBYTES];
	char id_in[RC_BOARD_ID_HEX + 1] = "";
	if (st == RC_OK)
		st = meta_blob_get(o, "inbox_sk", o->sk, crypto_box_SECRETKEYBYTES);
	if (st == RC_OK)
		st = meta_blob_get(o, "inbox_pk", pk_in, sizeof pk_in);
	if (st == RC_OK)
		st = meta_blob_get(o, "id", id_in, RC_BOARD_ID_HEX);
	if (st == RC_OK) {
		memcpy(o->pk, pk_in, sizeof pk_in);
		memcpy(o->id, id_in, RC_BOARD_ID_HEX);
		o->id[RC_BOARD_ID_HEX] = 0;
		/* the public file is outside the encryption: it must say what
		 * the index says, or cases would seal to somebody else's key */
		if (sodium_memcmp(pk, o->pk, sizeof pk) != 0 || strcmp(id, o->id) != 0) {
			rc_error_set(_("The file \"public\" of the office board %s has been changed: cases that join now would write to another key. Its right content was written back."), dir);
			char *path = join(dir, "public");
			unlink(path);
			free(path);
			public_write(dir, o->id, o->pk);
			rc_log(RC_LOG_WARN, "office: public file did not match the index; rewritten");
		}
	}
	free(ks_path);
	free(db_path);
	if (st != RC_OK) {
		rc_office_close(&o);
		return st;
	}
	st = rc_office_ingest(o, NULL, NULL);
	if (st != RC_OK) {
		rc_office_close(&o);
		return st;
	}
	*out = o;
	return RC_OK;
}

enum rc_status rc_office_slot_add(struct rc_office *o, const char *label, const struct rc_secret *pass,
	const struct rc_kdf *kdf)
{
	if (o->pg) {
		rc_error_set("%s", _("An office board in PostgreSQL has no key slots: the database's roles say who may read and write it."));
		return RC_USAGE;
	}
	if (!rc_slot_label_valid(label) || !rc_kdf_acceptable(kdf))
		return RC_USAGE;
	if (ks_find(&o->ks, label) >= 0) {
		rc_error_set(_("There is already a key slot named \"%s\"."), label);
		return RC_EXISTS;
	}
	if (o->ks.n >= KS_MAX_SLOTS)
		return RC_USAGE;
	struct keyslots next = o->ks;
	enum rc_status st = ks_slot_make(&next.slot[next.n], label, pass, kdf, o->key);
	next.n++;
	char *ks_path = join(o->dir, "keyslots");
	int fd = st == RC_OK ? open(ks_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC) : -1;
	if (st == RC_OK && fd < 0)
		st = rc_status_from_errno(errno);
	if (st == RC_OK)
		st = ks_write_fd(fd, &next, "office-slot-add");
	if (fd >= 0)
		close(fd);
	free(ks_path);
	if (st == RC_OK)
		o->ks = next;
	sodium_memzero(&next, sizeof next);
	return st;
}

#ifdef RC_TEST_HOOKS
void rc_office_key_for_bench(const struct rc_office *o, unsigned char key[RC_DATA_KEY_BYTES], int *page_size,
	int *compat)
{
	memcpy(key, o->key, RC_DATA_KEY_BYTES);
	*page_size = o->ks.page_size;
	*compat = o->ks.compat;
}
#endif

/* ---- the inbox ---- */

bool rc_office_inbox_waiting(const char *dir)
{
	char *inbox = join(dir, "inbox");
	DIR *d = opendir(inbox);
	free(inbox);
	if (!d)
		return false;
	bool any = false;
	struct dirent *e;
	while (!any && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		any = n > 6 && !strcmp(e->d_name + n - 6, ".board");
	}
	closedir(d);
	return any;
}

static enum rc_status read_small(int dirfd, const char *name, unsigned char **out, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rc_status_from_errno(errno);
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (off_t)OFFICE_UPDATE_MAX) {
		close(fd);
		return RC_INVALID;
	}
	unsigned char *b = rc_xmalloc((size_t)sb.st_size + 1);
	size_t got = 0;
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, b + got, (size_t)sb.st_size - got);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)sb.st_size) {
		free(b);
		return RC_IO;
	}
	*out = b;
	*len = got;
	return RC_OK;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What the board holds for a case: its seq, its requests' states and
 * their steps (*known false when nothing). */
static enum rc_status load_have(struct rc_office *o, const char *case_id, struct rc_board_snapshot *h, bool *known)
{
	memset(h, 0, sizeof *h);
	*known = false;
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&o->db, "SELECT seq, label FROM board_case WHERE case_id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, case_id, -1, SQLITE_STATIC);
	if (db_row(&o->db, q, &st)) {
		*known = true;
		h->seq = (uint64_t)sqlite3_column_int64(q, 0);
		h->label = db_col_text(q, 1);
		h->left = !h->label || !*h->label;
	}
	sqlite3_finalize(q);
	if (st != RC_OK || !*known)
		return st;
	size_t cap = 0;
	if ((st = db_prepare(&o->db, "SELECT req, state FROM board_request WHERE case_id = ?1 ORDER BY req", &q)) != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, case_id, -1, SQLITE_STATIC);
	while (db_row(&o->db, q, &st)) {
		if (h->nreqs == cap) {
			cap = cap ? cap * 2 : 8;
			h->reqs = rc_xrealloc(h->reqs, cap * sizeof *h->reqs);
		}
		struct rc_board_req *r = &h->reqs[h->nreqs++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(q, 0);
		r->state = db_col_text(q, 1);
	}
	sqlite3_finalize(q);
	if (st != RC_OK)
		return st;
	cap = 0;
	if ((st = db_prepare(&o->db, "SELECT req, day, from_state, to_state FROM board_step WHERE case_id = ?1 "
	                             "ORDER BY req, n", &q)) != RC_OK)
		return st;
	sqlite3_bind_text(q, 1, case_id, -1, SQLITE_STATIC);
	while (db_row(&o->db, q, &st)) {
		if (h->nsteps == cap) {
			cap = cap ? cap * 2 : 16;
			h->steps = rc_xrealloc(h->steps, cap * sizeof *h->steps);
		}
		struct rc_board_step *t = &h->steps[h->nsteps++];
		memset(t, 0, sizeof *t);
		t->req = sqlite3_column_int64(q, 0);
		snprintf(t->day, sizeof t->day, "%s", (const char *)sqlite3_column_text(q, 1));
		snprintf(t->from, sizeof t->from, "%s", (const char *)sqlite3_column_text(q, 2));
		snprintf(t->to, sizeof t->to, "%s", (const char *)sqlite3_column_text(q, 3));
	}
	sqlite3_finalize(q);
	return st;
}

/* The board's state of request id in h (NULL when none). */
static const char *have_state(const struct rc_board_snapshot *h, int64_t id)
{
	for (size_t i = 0; i < h->nreqs; i++)
		if (h->reqs[i].id == id)
			return h->reqs[i].state;
	return NULL;
}

const char *office_conflict_say(const struct rc_board_snapshot *have, const struct rc_board_snapshot *in, int64_t req)
{
	const char *was = have_state(have, req), *now = NULL;
	for (size_t i = 0; i < in->nreqs; i++)
		if (in->reqs[i].id == req)
			now = in->reqs[i].state;
	enum rc_request_state a, b;
	const char *wl = was && rc_request_state_parse(was, &a) ? rc_request_state_label(a) : (was ? was : "?");
	const char *nl = now && rc_request_state_parse(now, &b) ? rc_request_state_label(b) : (now ? now : "?");
	/* TRANSLATORS: %1$s is a request's number, %2$s the case's label,
	 * %3$s and %4$s states of a request ("sent", "answered"...). */
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)req);
	rc_error_set(_("Request %1$s of case %2$s is \"%3$s\" on the office board, written from another copy of the case, and \"%4$s\" here, and their steps differ. The board was not changed. Check which is right and record the missing steps in the copy that lacks them."),
		num, in->label ? in->label : "?", wl, nl);
	return rc_error_detail();
}

static enum rc_status apply(struct rc_office *o, const struct rc_board_snapshot *s, bool *applied)
{
	*applied = false;
	enum rc_status st = db_begin(&o->db);
	if (st != RC_OK)
		return st;
	bool known;
	struct rc_board_snapshot have;
	st = load_have(o, s->case_id, &have, &known);
	int64_t creq = 0;
	enum rc_board_verdict v = st == RC_OK ? rc_board_judge(known ? &have : NULL, s, &creq) : RC_BOARD_SKIP;
	if (st == RC_OK && v == RC_BOARD_CONFLICT) {
		office_conflict_say(&have, s, creq);
		st = RC_CONFLICT;
	}
	rc_board_snapshot_clear(&have);
	if (st == RC_CONFLICT || (st == RC_OK && v == RC_BOARD_SKIP)) {
		/* nothing written: ends this (maybe nested) transaction without
		 * undoing the batch around it */
		enum rc_status c = db_commit(&o->db);
		return c != RC_OK ? c : st;
	}
	if (st != RC_OK) {
		db_rollback(&o->db);
		return st;
	}
	sqlite3_stmt *q = NULL;
	if (st == RC_OK)
		st = db_prepare(&o->db, "DELETE FROM board_case WHERE case_id = ?1", &q);
	if (st == RC_OK) {
		sqlite3_bind_text(q, 1, s->case_id, -1, SQLITE_STATIC);
		st = db_run(&o->db, q);
	}
	sqlite3_finalize(q);
	q = NULL;
	char now[24];
	rc_time_iso(rc_now(), now, sizeof now);
	/* a case that left keeps a row without requests, so that an update
	 * of before it left, arriving late, does not bring them back */
	if (st == RC_OK)
		st = db_prepare(&o->db, "INSERT INTO board_case(case_id, label, seq, updated) VALUES (?1, ?2, ?3, ?4)", &q);
	if (st == RC_OK) {
		sqlite3_bind_text(q, 1, s->case_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, s->left ? "" : s->label, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, (int64_t)s->seq);
		sqlite3_bind_text(q, 4, now, -1, SQLITE_STATIC);
		st = db_run(&o->db, q);
	}
	sqlite3_finalize(q);
	q = NULL;
	if (st == RC_OK && s->nreqs)
		st = db_prepare(&o->db,
			"INSERT INTO board_request(case_id, req, kind, regime, state, filed, received, controller, "
			"ext_notice, ext_reasons, answered, answer, relation, follows, check_result, due, due_state, "
			"next_action, updated, closed) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
			"?17,?18,?19,?20)", &q);
	for (size_t i = 0; st == RC_OK && i < s->nreqs; i++) {
		const struct rc_board_req *r = &s->reqs[i];
		sqlite3_bind_text(q, 1, s->case_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, r->id);
		const char *t[] = { r->kind, r->regime, r->state, r->filed, r->received, r->controller, r->ext_notice };
		for (int k = 0; k < 7; k++)
			db_bind_text(q, 3 + k, t[k]);
		sqlite3_bind_int(q, 10, r->ext_reasons);
		db_bind_text(q, 11, r->answered);
		db_bind_text(q, 12, r->answer);
		db_bind_text(q, 13, r->relation);
		sqlite3_bind_int64(q, 14, r->follows);
		db_bind_text(q, 15, r->check_result);
		db_bind_text(q, 16, r->due);
		db_bind_text(q, 17, r->due_state);
		db_bind_text(q, 18, r->next_action);
		db_bind_text(q, 19, r->updated);
		sqlite3_bind_int(q, 20, r->state && !strcmp(r->state, "closed"));
		st = db_run(&o->db, q);
	}
	sqlite3_finalize(q);
	q = NULL;
	if (st == RC_OK && s->nsteps)
		st = db_prepare(&o->db,
			"INSERT INTO board_step(case_id, req, n, day, from_state, to_state) VALUES (?1,?2,?3,?4,?5,?6)", &q);
	for (size_t i = 0; st == RC_OK && i < s->nsteps; i++) {
		sqlite3_bind_text(q, 1, s->case_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, s->steps[i].req);
		sqlite3_bind_int64(q, 3, (int64_t)i);
		sqlite3_bind_text(q, 4, s->steps[i].day, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, s->steps[i].from, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, s->steps[i].to, -1, SQLITE_STATIC);
		st = db_run(&o->db, q);
	}
	sqlite3_finalize(q);
	if (st == RC_OK) {
		st = db_commit(&o->db);
		*applied = st == RC_OK;
	} else {
		db_rollback(&o->db);
	}
	return st;
}

/* One update: RC_OK (applied, or older than what the board has),
 * RC_INVALID (it cannot be read: set aside), or an error of the index. */
static enum rc_status ingest_one(struct rc_office *o, int dirfd, const char *name, bool *applied)
{
	unsigned char *sealed = NULL;
	size_t n = 0;
	*applied = false;
	enum rc_status st = read_small(dirfd, name, &sealed, &n);
	if (st != RC_OK)
		return st == RC_IO ? RC_IO : RC_INVALID;
	if (n < crypto_box_SEALBYTES) {
		free(sealed);
		return RC_INVALID;
	}
	size_t plen = n - crypto_box_SEALBYTES;
	char *plain = sodium_malloc(plen + 1);
	if (!plain) {
		free(sealed);
		return RC_NOMEM;
	}
	if (crypto_box_seal_open((unsigned char *)plain, sealed, n, o->pk, o->sk) != 0) {
		free(sealed);
		sodium_free(plain);
		return RC_INVALID;
	}
	free(sealed);
	struct rc_board_snapshot s;
	st = rc_board_decode(plain, plen, &s);
	sodium_free(plain);
	if (st != RC_OK) {
		rc_log(RC_LOG_WARN, "office: %s: %s", name, rc_error_detail());
		return RC_INVALID;
	}
	if (strcmp(s.office, o->id) != 0) {
		rc_board_snapshot_clear(&s);
		return RC_INVALID; /* meant for another office */
	}
	st = apply(o, &s, applied);
	rc_board_snapshot_clear(&s);
	return st;
}

enum rc_status rc_office_ingest(struct rc_office *o, unsigned *applied_out, unsigned *refused_out)
{
	unsigned applied = 0, refused = 0;
	if (o->pg) { /* every update went to the server in its own transaction */
		if (applied_out)
			*applied_out = 0;
		if (refused_out)
			*refused_out = 0;
		return RC_OK;
	}
	char *inbox = join(o->dir, "inbox");
	int dirfd = open(inbox, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	free(inbox);
	if (dirfd < 0)
		return rc_status_from_errno(errno);
	DIR *d = fdopendir(dup(dirfd));
	if (!d) {
		close(dirfd);
		return rc_status_from_errno(errno);
	}
	/* names sorted, so one case's updates are read in their order */
	char **names = NULL;
	size_t nn = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l <= 6 || strcmp(e->d_name + l - 6, ".board") != 0)
			continue;
		if (nn == cap) {
			cap = cap ? cap * 2 : 16;
			names = rc_xrealloc(names, cap * sizeof *names);
		}
		names[nn++] = rc_xstrdup(e->d_name);
	}
	closedir(d);
	if (nn > 1)
		qsort(names, nn, sizeof *names, cmp_name);
	/* in batches, each one transaction (one sync of the index, not one
	 * per update); an update's file goes once its batch is committed */
	enum rc_status st = RC_OK;
	bool *done = rc_xcalloc(nn ? nn : 1, sizeof *done);
	for (size_t b = 0; b < nn && st == RC_OK; b += 256) {
		size_t end = b + 256 < nn ? b + 256 : nn;
		unsigned got = 0;
		st = db_begin(&o->db);
		for (size_t i = b; i < end && st == RC_OK; i++) {
			bool ok;
			enum rc_status one = ingest_one(o, dirfd, names[i], &ok);
			if (one == RC_OK) {
				got += ok;
				done[i] = true;
			} else if (one == RC_CONFLICT) {
				char aside[512];
				snprintf(aside, sizeof aside, "%.*s.conflict", (int)(strlen(names[i]) - 6), names[i]);
				renameat(dirfd, names[i], dirfd, aside);
				rc_log(RC_LOG_WARN, "office: %s: %s", aside, rc_error_detail());
				o->conflicts++;
				free(o->last_conflict);
				o->last_conflict = rc_xstrdup(rc_error_detail());
				refused++;
			} else if (one == RC_INVALID) {
				/* kept, for whoever looks into it, but not read again */
				char aside[512];
				snprintf(aside, sizeof aside, "%.*s.refused", (int)(strlen(names[i]) - 6), names[i]);
				renameat(dirfd, names[i], dirfd, aside);
				rc_log(RC_LOG_WARN, "office: an update could not be read and was set aside: %s", aside);
				refused++;
			} else {
				st = one;
			}
		}
		/* a test kills the process here: the batch is not kept, its files stay */
		store_step("office-ingest");
		if (st == RC_OK && db_in_tx(&o->db))
			st = db_commit(&o->db);
		else if (db_in_tx(&o->db))
			db_rollback(&o->db);
		if (st == RC_OK) {
			applied += got;
			for (size_t i = b; i < end; i++)
				if (done[i])
					unlinkat(dirfd, names[i], 0);
		}
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(done);
	free(names);
	fsync(dirfd);
	close(dirfd);
	o->applied += applied;
	o->refused += refused;
	if (applied_out)
		*applied_out = applied;
	if (refused_out)
		*refused_out = refused;
	return st;
}

/* ---- the board ---- */

void rc_board_rows_free(struct rc_board_row **rows, size_t n)
{
	if (!*rows)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*rows)[i].label);
		free((*rows)[i].case_updated);
		free((*rows)[i].steps);
		rc_board_req_clear(&(*rows)[i].r);
	}
	free(*rows);
	*rows = NULL;
}

void rc_office_inbox_counts(const struct rc_office *o, unsigned *applied, unsigned *refused)
{
	*applied = o->applied;
	*refused = o->refused;
}

enum rc_status rc_office_cases(struct rc_office *o, size_t *n)
{
	if (o->pg)
		return office_pg_cases(o->pg, n);
	enum rc_status st = RC_OK;
	*n = (size_t)db_one_int(&o->db, "SELECT count(*) FROM board_case WHERE label <> ''", 0, &st);
	return st;
}

/* The columns a board row is read from, and the reading (BOARD_COLS
 * first in the SELECT). */
#define BOARD_COLS "r.case_id, c.label, r.req, r.kind, r.regime, r.state, r.filed, r.received, r.controller, " \
	"r.ext_notice, r.ext_reasons, r.answered, r.answer, r.relation, r.follows, r.check_result, r.due, " \
	"r.due_state, r.next_action, r.updated, c.updated"

static void row_from(sqlite3_stmt *q, struct rc_board_row *w)
{
	const char *cid = (const char *)sqlite3_column_text(q, 0);
	snprintf(w->case_id, sizeof w->case_id, "%s", cid ? cid : "");
	w->label = db_col_text(q, 1);
	w->r.id = sqlite3_column_int64(q, 2);
	char **f[] = { &w->r.kind, &w->r.regime, &w->r.state, &w->r.filed, &w->r.received, &w->r.controller,
		&w->r.ext_notice };
	for (int k = 0; k < 7; k++)
		*f[k] = db_col_text(q, 3 + k);
	w->r.ext_reasons = sqlite3_column_int(q, 10) != 0;
	w->r.answered = db_col_text(q, 11);
	w->r.answer = db_col_text(q, 12);
	w->r.relation = db_col_text(q, 13);
	w->r.follows = sqlite3_column_int64(q, 14);
	w->r.check_result = db_col_text(q, 15);
	w->r.due = db_col_text(q, 16);
	w->r.due_state = db_col_text(q, 17);
	w->r.next_action = db_col_text(q, 18);
	w->r.updated = db_col_text(q, 19);
	w->case_updated = db_col_text(q, 20);
}

int office_row_key(const struct rc_board_row *r, const char *case_id, int64_t req)
{
	int c = strcmp(r->case_id, case_id ? case_id : "");
	return c ? c : (r->r.id < req ? -1 : r->r.id > req);
}

int office_row_key_cmp(const void *a, const void *b)
{
	const struct rc_board_row *x = *(struct rc_board_row *const *)a, *y = *(struct rc_board_row *const *)b;
	return office_row_key(x, y->case_id, y->r.id);
}

/* The board's order: (not closed first, when closed ones are read) the
 * soonest stored due date first, those without one after, then by label,
 * request and case. */
static bool row_closed(const struct rc_board_row *r)
{
	return r->r.state && !strcmp(r->r.state, "closed");
}

static int cmp_row_due(const void *a, const void *b)
{
	const struct rc_board_row *x = *(struct rc_board_row *const *)a, *y = *(struct rc_board_row *const *)b;
	int c = (int)row_closed(x) - (int)row_closed(y);
	if (c)
		return c;
	if (!x->r.due != !y->r.due)
		return x->r.due ? -1 : 1;
	if (x->r.due && (c = strcmp(x->r.due, y->r.due)) != 0)
		return c;
	if ((c = strcmp(x->label ? x->label : "", y->label ? y->label : "")) != 0)
		return c;
	if (x->r.id != y->r.id)
		return x->r.id < y->r.id ? -1 : 1;
	return strcmp(x->case_id, y->case_id);
}

/* A step's text column into a fixed field (the decoder bounds them). */
static void col_copy(sqlite3_stmt *q, int i, char *to, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(q, i) : 0;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(to, t, n);
	to[n] = 0;
}

enum rc_status rc_office_board(struct rc_office *o, bool open_only, bool with_steps, struct rc_board_row **out,
	size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (o->pg)
		return office_pg_board(o->pg, open_only, with_steps, out, nout);
	enum rc_status st = db_begin(&o->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q = NULL;
	st = db_prepare(&o->db,
		/* in key order, as the table is stored (no sort in SQL: the rows
		 * are sorted below, once their steps are attached in the same
		 * order); "+r.closed" keeps the planner on the table's key */
		open_only
			? "SELECT " BOARD_COLS " FROM board_request r JOIN board_case c USING(case_id) "
			  "WHERE +r.closed = 0 ORDER BY r.case_id, r.req"
			: "SELECT " BOARD_COLS " FROM board_request r JOIN board_case c USING(case_id) "
			  "ORDER BY r.case_id, r.req",
		&q);
	struct rc_board_row *rows = NULL;
	size_t n = 0, cap = 0;
	while (st == RC_OK && db_row(&o->db, q, &st)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = rc_xrealloc(rows, cap * sizeof *rows);
		}
		struct rc_board_row *w = &rows[n++];
		memset(w, 0, sizeof *w);
		row_from(q, w);
	}
	sqlite3_finalize(q);
	q = NULL;
	/* the steps, for the deadline's pauses: one pass over them in key
	 * order, against the rows read in the same order */
	if (st == RC_OK && n && with_steps)
		st = db_prepare(&o->db, "SELECT case_id, req, day, from_state, to_state FROM board_step "
		                        "ORDER BY case_id, req, n", &q);
	size_t at = 0, scap = 0;
	while (q && st == RC_OK && db_row(&o->db, q, &st)) {
		const char *cid = (const char *)sqlite3_column_text(q, 0);
		int64_t req = sqlite3_column_int64(q, 1);
		int c = 1;
		while (at < n && (c = office_row_key(&rows[at], cid, req)) < 0) {
			at++;
			scap = 0;
		}
		if (at == n)
			break;
		if (c != 0)
			continue; /* a closed request's steps, when only open ones are read */
		struct rc_board_row *w = &rows[at];
		if (w->nsteps == scap) {
			scap = scap ? scap * 2 : 8;
			w->steps = rc_xrealloc(w->steps, scap * sizeof *w->steps);
		}
		struct rc_board_step *t = &w->steps[w->nsteps++];
		t->req = req;
		col_copy(q, 2, t->day, sizeof t->day);
		col_copy(q, 3, t->from, sizeof t->from);
		col_copy(q, 4, t->to, sizeof t->to);
	}
	sqlite3_finalize(q);
	/* then in the board's order */
	if (st == RC_OK && n > 1) {
		struct rc_board_row **by_due = rc_xcalloc(n, sizeof *by_due);
		for (size_t i = 0; i < n; i++)
			by_due[i] = &rows[i];
		qsort(by_due, n, sizeof *by_due, cmp_row_due);
		struct rc_board_row *sorted = rc_xcalloc(n, sizeof *sorted);
		for (size_t i = 0; i < n; i++)
			sorted[i] = *by_due[i];
		free(by_due);
		free(rows);
		rows = sorted;
	}
	db_rollback(&o->db);
	if (st != RC_OK) {
		rc_board_rows_free(&rows, n);
		return st;
	}
	*out = rows;
	*nout = n;
	return RC_OK;
}

#ifdef RC_TEST_HOOKS
/* Every value of every table of the index, as text (blobs in hex), for
 * the test that no personal field of a case reaches it. */
enum rc_status rc_office_test_dump(struct rc_office *o, struct rc_buf *out)
{
	sqlite3_stmt *t;
	enum rc_status st = db_prepare(&o->db, "SELECT name FROM sqlite_master WHERE type = 'table'", &t);
	while (st == RC_OK && db_row(&o->db, t, &st)) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", (const char *)sqlite3_column_text(t, 0));
		sqlite3_stmt *q;
		if ((st = db_prepare(&o->db, sql, &q)) != RC_OK)
			break;
		while (db_row(&o->db, q, &st)) {
			for (int i = 0; i < sqlite3_column_count(q); i++) {
				if (sqlite3_column_type(q, i) == SQLITE_BLOB) {
					int n = sqlite3_column_bytes(q, i);
					char *hex = rc_xmalloc(2 * (size_t)n + 1);
					rc_hex_encode(sqlite3_column_blob(q, i), (size_t)n, hex);
					rc_buf_printf(out, "%s\t", hex);
					free(hex);
				} else {
					const unsigned char *v = sqlite3_column_text(q, i);
					rc_buf_printf(out, "%s\t", v ? (const char *)v : "");
				}
			}
			rc_buf_addstr(out, "\n");
		}
		sqlite3_finalize(q);
	}
	sqlite3_finalize(t);
	return st;
}
#endif

/* ---- PostgreSQL, waiting, moving ---- */

enum rc_status rc_office_open_db(const char *conninfo, bool init, struct rc_office **out)
{
	rc_error_clear();
	*out = NULL;
	struct office_pg *pg;
	enum rc_status st = office_pg_connect(conninfo, init, &pg);
	if (st != RC_OK)
		return st;
	struct rc_office *o = rc_xcalloc(1, sizeof *o);
	o->pg = pg;
	o->dir = rc_xstrdup(conninfo);
	*out = o;
	return RC_OK;
}

bool rc_office_reconnected(struct rc_office *o)
{
	return o->pg && office_pg_reconnected(o->pg);
}

bool rc_office_is_db(const struct rc_office *o)
{
	return o->pg != NULL;
}

enum rc_status rc_office_wait(struct rc_office *o, int timeout_ms, bool *changed)
{
	*changed = false;
	if (o->pg)
		return office_pg_wait(o->pg, timeout_ms, changed);
	double end = rc_mono_ms() + timeout_ms;
	for (;;) {
		if (rc_office_inbox_waiting(o->dir)) {
			*changed = true;
			return RC_OK;
		}
		if (rc_mono_ms() >= end)
			return RC_OK;
		struct timespec ts = { 0, 2 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

void office_rows_to_snapshots(const struct rc_board_row *rows, size_t n, struct rc_board_snapshot *s, size_t ns)
{
	for (size_t k = 0; k < ns; k++) {
		size_t cr = 0, cs = 0;
		for (size_t i = 0; i < n; i++) {
			const struct rc_board_row *w = &rows[i];
			if (strcmp(w->case_id, s[k].case_id) != 0)
				continue;
			if (s[k].nreqs == cr) {
				cr = cr ? cr * 2 : 8;
				s[k].reqs = rc_xrealloc(s[k].reqs, cr * sizeof *s[k].reqs);
			}
			struct rc_board_req *r = &s[k].reqs[s[k].nreqs++];
			*r = w->r;
			const char *const *src[] = { (const char *const *)&w->r.kind, (const char *const *)&w->r.regime,
				(const char *const *)&w->r.state, (const char *const *)&w->r.filed,
				(const char *const *)&w->r.received, (const char *const *)&w->r.controller,
				(const char *const *)&w->r.ext_notice, (const char *const *)&w->r.answered,
				(const char *const *)&w->r.answer, (const char *const *)&w->r.relation,
				(const char *const *)&w->r.check_result, (const char *const *)&w->r.due,
				(const char *const *)&w->r.due_state, (const char *const *)&w->r.next_action,
				(const char *const *)&w->r.updated };
			char **dst[] = { &r->kind, &r->regime, &r->state, &r->filed, &r->received, &r->controller,
				&r->ext_notice, &r->answered, &r->answer, &r->relation, &r->check_result, &r->due,
				&r->due_state, &r->next_action, &r->updated };
			for (size_t f = 0; f < sizeof dst / sizeof dst[0]; f++)
				*dst[f] = *src[f] ? rc_xstrdup(*src[f]) : NULL;
			for (size_t t = 0; t < w->nsteps; t++) {
				if (s[k].nsteps == cs) {
					cs = cs ? cs * 2 : 16;
					s[k].steps = rc_xrealloc(s[k].steps, cs * sizeof *s[k].steps);
				}
				s[k].steps[s[k].nsteps++] = w->steps[t];
			}
		}
		/* requests in order, their steps after them in the same order */
		for (size_t a = 1; a < s[k].nreqs; a++)
			for (size_t b = a; b > 0 && s[k].reqs[b - 1].id > s[k].reqs[b].id; b--) {
				struct rc_board_req t = s[k].reqs[b];
				s[k].reqs[b] = s[k].reqs[b - 1];
				s[k].reqs[b - 1] = t;
			}
		for (size_t a = 1; a < s[k].nsteps; a++)
			for (size_t b = a; b > 0 && s[k].steps[b - 1].req > s[k].steps[b].req; b--) {
				struct rc_board_step t = s[k].steps[b];
				s[k].steps[b] = s[k].steps[b - 1];
				s[k].steps[b - 1] = t;
			}
	}
}

enum rc_status rc_office_snapshots(struct rc_office *o, struct rc_board_snapshot **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (o->pg)
		return office_pg_snapshots(o->pg, out, nout);
	struct rc_board_row *rows;
	size_t n;
	enum rc_status st = rc_office_board(o, false, true, &rows, &n);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q;
	st = db_prepare(&o->db, "SELECT case_id, label, seq FROM board_case ORDER BY case_id", &q);
	struct rc_board_snapshot *s = NULL;
	size_t ns = 0, cap = 0;
	while (st == RC_OK && db_row(&o->db, q, &st)) {
		if (ns == cap) {
			cap = cap ? cap * 2 : 64;
			s = rc_xrealloc(s, cap * sizeof *s);
		}
		struct rc_board_snapshot *t = &s[ns++];
		memset(t, 0, sizeof *t);
		snprintf(t->case_id, sizeof t->case_id, "%s", (const char *)sqlite3_column_text(q, 0));
		t->label = db_col_text(q, 1);
		t->left = !t->label || !*t->label;
		t->seq = (uint64_t)sqlite3_column_int64(q, 2);
	}
	if (st == RC_OK)
		sqlite3_finalize(q);
	if (st == RC_OK)
		office_rows_to_snapshots(rows, n, s, ns);
	rc_board_rows_free(&rows, n);
	if (st != RC_OK) {
		for (size_t i = 0; i < ns; i++)
			rc_board_snapshot_clear(&s[i]);
		free(s);
		return st;
	}
	*out = s;
	*nout = ns;
	return RC_OK;
}

enum rc_status rc_office_put(struct rc_office *o, const struct rc_board_snapshot *s, bool *applied)
{
	if (o->pg)
		return office_pg_push(o->pg, s, applied);
	return apply(o, s, applied);
}

/* The note a moved board leaves for the cases that still write to it. */
static enum rc_status moved_note(struct rc_office *from, const char *to)
{
	if (from->pg)
		return office_pg_moved_to(from->pg, to, NULL);
	char *path = join(from->dir, "moved");
	char *tmp = join(from->dir, "moved.tmp");
	enum rc_status st = RC_OK;
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "recourse-office-moved 1\n%s\n", to) < 0 || fflush(f) != 0 || fsync(fileno(f)) != 0)
		st = rc_status_from_errno(errno ? errno : EIO);
	if (f && fclose(f) != 0 && st == RC_OK)
		st = rc_status_from_errno(errno);
	if (st == RC_OK && rename(tmp, path) != 0)
		st = rc_status_from_errno(errno);
	if (st != RC_OK)
		unlink(tmp);
	free(path);
	free(tmp);
	return st;
}

enum rc_status rc_office_moved(const char *dir, char **to)
{
	*to = NULL;
	char *path = join(dir, "moved");
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return errno == ENOENT ? RC_OK : rc_status_from_errno(errno);
	char line[4096];
	enum rc_status st = RC_CORRUPT;
	if (fgets(line, sizeof line, f) && !strcmp(line, "recourse-office-moved 1\n") && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (*line) {
			*to = rc_xstrdup(line);
			st = RC_OK;
		}
	}
	fclose(f);
	return st;
}

enum rc_status rc_office_move(struct rc_office *from, struct rc_office *to, const char *to_name, size_t *cases)
{
	*cases = 0;
	enum rc_status st = rc_office_ingest(from, NULL, NULL);
	struct rc_board_snapshot *s = NULL;
	size_t n = 0;
	if (st == RC_OK)
		st = rc_office_snapshots(from, &s, &n);
	for (size_t i = 0; st == RC_OK && i < n; i++) {
		bool applied;
		st = rc_office_put(to, &s[i], &applied);
		*cases += applied && !s[i].left;
	}
	for (size_t i = 0; i < n; i++)
		rc_board_snapshot_clear(&s[i]);
	free(s);
	/* the old board says where it went: a case that writes to it next
	 * follows (office_link.c) */
	if (st == RC_OK)
		st = moved_note(from, to_name);
	return st;
}

/* ---- the first screen ---- */


enum rc_status rc_office_board_page(struct rc_office *o, size_t limit, struct rc_board_row **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (o->pg)
		return office_pg_board_page(o->pg, limit, out, nout);
	enum rc_status st = db_begin(&o->db);
	if (st != RC_OK)
		return st;
	sqlite3_stmt *q = NULL;
	st = db_prepare(&o->db,
		"SELECT " BOARD_COLS " FROM board_request r INDEXED BY board_request_waiting JOIN board_case c USING(case_id) "
		"WHERE r.closed = 0 AND r.due IS NOT NULL AND r.state IN ('filed', 'acknowledged', 'clarification', 'extended') "
		"ORDER BY r.due, c.label, r.req, r.case_id LIMIT ?1", &q);
	if (st == RC_OK)
		sqlite3_bind_int64(q, 1, (int64_t)limit);
	struct rc_board_row *rows = rc_xcalloc(limit ? limit : 1, sizeof *rows);
	size_t n = 0;
	while (st == RC_OK && n < limit && db_row(&o->db, q, &st)) {
		row_from(q, &rows[n++]);
	}
	sqlite3_finalize(q);
	q = NULL;
	if (st == RC_OK && n)
		st = db_prepare(&o->db, "SELECT day, from_state, to_state FROM board_step WHERE case_id = ?1 AND req = ?2 "
		                        "ORDER BY n", &q);
	for (size_t i = 0; st == RC_OK && i < n; i++) {
		sqlite3_bind_text(q, 1, rows[i].case_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, rows[i].r.id);
		size_t cap = 0;
		while (db_row(&o->db, q, &st)) {
			if (rows[i].nsteps == cap) {
				cap = cap ? cap * 2 : 8;
				rows[i].steps = rc_xrealloc(rows[i].steps, cap * sizeof *rows[i].steps);
			}
			struct rc_board_step *t = &rows[i].steps[rows[i].nsteps++];
			t->req = rows[i].r.id;
			col_copy(q, 0, t->day, sizeof t->day);
			col_copy(q, 1, t->from, sizeof t->from);
			col_copy(q, 2, t->to, sizeof t->to);
		}
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	db_rollback(&o->db);
	if (st != RC_OK) {
		rc_board_rows_free(&rows, n);
		return st;
	}
	*out = rows;
	*nout = n;
	return RC_OK;
}
