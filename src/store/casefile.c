/* casefile.c - create, open (unlock), close, key slots, rekey and erase
 * of a NAME.case/ folder. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-int.h"

/* ---- the case ---- */

static struct rc_case *case_alloc(const char *path)
{
	struct rc_case *c = rc_xcalloc(1, sizeof *c);
	c->path = rc_xstrdup(path);
	c->db_path = rc_path_join(path, "case.db");
	c->ks_path = rc_path_join(path, "keyslots");
	c->dir_fd = -1;
	return c;
}

void rc_case_close(struct rc_case **cp)
{
	if (!cp || !*cp)
		return;
	struct rc_case *c = *cp;
	db_close(&c->db);
	if (c->key)
		sodium_free(c->key);
	rawz_cache_free(&c->rawz);
	sodium_memzero(&c->ks, sizeof c->ks);
	if (c->dir_fd >= 0)
		close(c->dir_fd); /* releases the flock */
	free(c->path);
	free(c->db_path);
	free(c->ks_path);
	free(c);
	*cp = NULL;
}

const char *rc_case_path(const struct rc_case *c)
{
	return c->path;
}

const char *rc_case_slot_label(const struct rc_case *c)
{
	return c->slot_label;
}

/* One process per case: an exclusive flock on the folder itself. */
static enum rc_status case_lock(struct rc_case *c)
{
	c->dir_fd = open(c->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->dir_fd < 0)
		return errno == ENOENT ? RC_NOCASE : errno == ENOTDIR ? RC_NOTCASE : rc_status_from_errno(errno);
	if (flock(c->dir_fd, LOCK_EX | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? RC_LOCKED : rc_status_from_errno(errno);
	return RC_OK;
}

static void mkdir_parents(const char *path)
{
	char *p = rc_xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0700);
			*s = '/';
		}
	}
	free(p);
}

static enum rc_status meta_put(struct rc_case *c, const char *k, const char *v)
{
	sqlite3_stmt *st;
	enum rc_status s = db_prepare(&c->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", &st);
	if (s != RC_OK)
		return s;
	db_bind_text(st, 1, k);
	db_bind_text(st, 2, v);
	s = db_run(&c->db, st);
	sqlite3_finalize(st);
	return s;
}

static void remove_case_files(const char *path)
{
	static const char *const files[] = {
		"keyslots", "keyslots.rekey", "case.db", "case.db-journal", "case.db-wal",
		"case.db-shm", "case.db.rekey", "case.db.rekey-journal", NULL
	};
	for (int i = 0; files[i]; i++) {
		char *f = rc_path_join(path, files[i]);
		unlink(f);
		free(f);
	}
	rmdir(path);
}

enum rc_status rc_case_create(const char *path, const char *slot_label,
	const struct rc_secret *pass, const struct rc_kdf *kdf,
	const struct rc_case_meta *meta, struct rc_case **out)
{
	rc_error_clear();
	*out = NULL;
	if (!rc_slot_label_valid(slot_label) || !rc_kdf_acceptable(kdf))
		return RC_USAGE;
	mkdir_parents(path);
	if (mkdir(path, 0700) != 0)
		return errno == EEXIST ? RC_EXISTS : rc_status_from_errno(errno);
	struct rc_case *c = case_alloc(path);
	enum rc_status st = case_lock(c);
	if (st == RC_OK) {
		c->key = sodium_malloc(RC_DATA_KEY_BYTES);
		if (!c->key)
			st = RC_NOMEM;
	}
	if (st == RC_OK) {
		randombytes_buf(c->key, RC_DATA_KEY_BYTES);
		c->ks.version = 1;
		c->ks.page_size = RC_CIPHER_PAGE_SIZE;
		st = ks_slot_make(&c->ks.slot[0], slot_label, pass, kdf, c->key);
		c->ks.n = 1;
	}
	if (st == RC_OK) {
		/* 0600 whatever the umask: SQLite gives its journal the same mode */
		int fd = open(c->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || fchmod(fd, 0600) != 0)
			st = rc_status_from_errno(errno);
		if (fd >= 0)
			close(fd);
	}
	if (st == RC_OK)
		st = db_open(&c->db, c->db_path, c->key, c->ks.page_size, 0, true);
	if (st == RC_OK) {
		c->ks.compat = db_cipher_major(&c->db) >= 4 ? 4 : 3;
		snprintf(c->slot_label, sizeof c->slot_label, "%s", slot_label);
		st = schema_migrate(c);
	}
	if (st == RC_OK)
		st = db_begin(&c->db);
	if (st == RC_OK) {
		char now[24];
		rc_time_iso(rc_now(), now, sizeof now);
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		char *label = rc_xstrdup(base);
		char *dot = strstr(label, ".case");
		if (dot)
			*dot = 0;
		st = meta_put(c, "label", label);
		free(label);
		if (st == RC_OK)
			st = meta_put(c, "created", now);
		if (meta) {
			const struct { const char *k; const char *v; } kv[] = {
				{ "display_name", meta->display_name }, { "record_ref", meta->record_ref },
				{ "countries", meta->countries }, { "regimes", meta->regimes },
				{ "language", meta->language }, { "record_created", meta->record_created },
				{ "record_dates", meta->record_dates },
			};
			for (size_t i = 0; st == RC_OK && i < sizeof kv / sizeof kv[0]; i++)
				if (kv[i].v)
					st = meta_put(c, kv[i].k, kv[i].v);
		}
		if (st == RC_OK)
			st = journal_append_tx(c, "case-create", slot_label);
		if (st == RC_OK)
			st = db_commit(&c->db);
		else
			db_rollback(&c->db);
	}
	if (st == RC_OK)
		st = ks_save(c->ks_path, &c->ks);
	if (st != RC_OK) {
		rc_case_close(&c);
		remove_case_files(path);
		return st;
	}
	*out = c;
	return RC_OK;
}

/* Temporary files (tmpvfs.c) are unlinked as soon as they are opened;
 * one can stay behind only when the process died in between.  Its key
 * died with the process, so it is noise: under the case's lock nobody
 * else can be using it.  Only names tmpvfs makes (".tmp-" and 16 hex
 * digits) are touched. */
static void stale_tmp_remove(struct rc_case *c)
{
	int fd = dup(c->dir_fd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (strncmp(n, ".tmp-", 5) != 0 || strlen(n) != 21 || strspn(n + 5, "0123456789abcdef") != 16)
			continue;
		struct stat sb;
		if (fstatat(c->dir_fd, n, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode)) {
			rc_log(RC_LOG_DEBUG, "removing a temporary file left by a killed process: %s", n);
			unlinkat(c->dir_fd, n, 0);
		}
	}
	closedir(d);
}

/* Finish or undo a rekey that a crash interrupted (see rc_case_rekey). */
static enum rc_status rekey_recover(struct rc_case *c)
{
	char *ksr = rc_path_join(c->path, "keyslots.rekey");
	char *dbr = rc_path_join(c->path, "case.db.rekey");
	enum rc_status st = RC_OK;
	struct stat sb;
	bool have_ksr = stat(ksr, &sb) == 0, have_dbr = stat(dbr, &sb) == 0;
	if (have_dbr) {
		/* not switched yet: the old pair is whole; drop the new one */
		unlink(dbr);
		unlink(ksr);
		st = rc_fsync_dir(c->path);
	} else if (have_ksr) {
		/* the database was switched: switch the keyslots too */
		if (rename(ksr, c->ks_path) != 0)
			st = rc_status_from_errno(errno);
		else
			st = rc_fsync_dir(c->path);
	}
	free(ksr);
	free(dbr);
	return st;
}

enum rc_status rc_case_open_as(const char *path, const char *slot, const struct rc_secret *pass,
	struct rc_case **out)
{
	rc_error_clear();
	*out = NULL;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return errno == ENOENT ? RC_NOCASE : rc_status_from_errno(errno);
	if (!S_ISDIR(sb.st_mode))
		return RC_NOTCASE;
	struct rc_case *c = case_alloc(path);
	enum rc_status st = case_lock(c);
	if (st == RC_OK) {
		stale_tmp_remove(c);
		st = rekey_recover(c);
	}
	if (st == RC_OK) {
		st = ks_load(c->ks_path, &c->ks);
		if (st == RC_NOTFOUND)
			st = RC_NOTCASE;
	}
	if (st == RC_OK && stat(c->db_path, &sb) != 0)
		st = errno == ENOENT ? RC_CORRUPT : rc_status_from_errno(errno);
	if (st == RC_OK && (sb.st_size == 0 || sb.st_size % c->ks.page_size != 0)) {
		rc_error_set(_("case.db has been cut short (its size is not a whole number of pages)."));
		st = RC_CORRUPT;
	}
	if (st == RC_OK) {
		c->key = sodium_malloc(RC_DATA_KEY_BYTES);
		st = c->key ? RC_BADPASS : RC_NOMEM;
		bool tried = false;
		for (size_t i = 0; st == RC_BADPASS && i < c->ks.n; i++) {
			if (slot && strcmp(slot, c->ks.slot[i].label) != 0)
				continue;
			tried = true;
			st = ks_slot_open(&c->ks.slot[i], pass, c->key);
			if (st == RC_OK)
				snprintf(c->slot_label, sizeof c->slot_label, "%s", c->ks.slot[i].label);
		}
		if (slot && !tried) {
			rc_error_set(_("This case has no key slot named \"%s\"."), slot);
			st = RC_NOTFOUND;
		}
	}
	if (st == RC_OK)
		st = db_open(&c->db, c->db_path, c->key, c->ks.page_size, c->ks.compat, false);
	if (st == RC_OK) {
		int64_t pages = db_one_int(&c->db, "PRAGMA page_count", 0, &st);
		if (st == RC_OK && stat(c->db_path, &sb) == 0 && pages * c->ks.page_size > sb.st_size) {
			rc_error_set(_("case.db is shorter than its own header says: it has been cut short."));
			st = RC_CORRUPT;
		}
	}
	if (st == RC_OK)
		st = schema_migrate(c);
	if (st == RC_OK)
		st = rc_journal_append(c, "unlock", "");
	if (st != RC_OK) {
		rc_case_close(&c);
		return st;
	}
	*out = c;
	return RC_OK;
}

enum rc_status rc_case_open(const char *path, const struct rc_secret *pass, struct rc_case **out)
{
	return rc_case_open_as(path, NULL, pass, out);
}

/* ---- a transaction around several calls ---- */

enum rc_status rc_case_begin(struct rc_case *c)
{
	rc_error_clear();
	return db_begin(&c->db);
}

enum rc_status rc_case_commit(struct rc_case *c)
{
	return db_commit(&c->db);
}

void rc_case_rollback(struct rc_case *c)
{
	db_rollback(&c->db);
}

/* ---- metadata ---- */

void rc_case_meta_clear(struct rc_case_meta *m)
{
	free(m->label);
	free(m->display_name);
	free(m->record_ref);
	free(m->countries);
	free(m->regimes);
	free(m->language);
	free(m->record_created);
	free(m->record_dates);
	free(m->created);
	free(m->burst_count);
	free(m->burst_window);
	memset(m, 0, sizeof *m);
}

static char **meta_field(struct rc_case_meta *m, const char *k)
{
	if (!strcmp(k, "label")) return &m->label;
	if (!strcmp(k, "display_name")) return &m->display_name;
	if (!strcmp(k, "record_ref")) return &m->record_ref;
	if (!strcmp(k, "countries")) return &m->countries;
	if (!strcmp(k, "regimes")) return &m->regimes;
	if (!strcmp(k, "language")) return &m->language;
	if (!strcmp(k, "record_created")) return &m->record_created;
	if (!strcmp(k, "record_dates")) return &m->record_dates;
	if (!strcmp(k, "created")) return &m->created;
	if (!strcmp(k, "burst_count")) return &m->burst_count;
	if (!strcmp(k, "burst_window")) return &m->burst_window;
	return NULL;
}

enum rc_status rc_case_meta_get(struct rc_case *c, struct rc_case_meta *out)
{
	rc_error_clear();
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	enum rc_status s = db_prepare(&c->db, "SELECT key, value FROM meta", &st);
	if (s != RC_OK)
		return s;
	while (db_row(&c->db, st, &s)) {
		char **f = meta_field(out, (const char *)sqlite3_column_text(st, 0));
		if (f && !*f)
			*f = db_col_text(st, 1);
	}
	sqlite3_finalize(st);
	if (s != RC_OK)
		rc_case_meta_clear(out);
	return s;
}

enum rc_status rc_case_meta_set(struct rc_case *c, const char *field, const char *value)
{
	rc_error_clear();
	struct rc_case_meta probe = { 0 };
	if (!meta_field(&probe, field) || !strcmp(field, "label") || !strcmp(field, "created"))
		return RC_USAGE;
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	st = meta_put(c, field, value && *value ? value : NULL);
	if (st == RC_OK)
		st = journal_append_tx(c, "meta-set", field);
	if (st == RC_OK)
		return db_commit(&c->db);
	db_rollback(&c->db);
	return st;
}

/* ---- key slots ---- */

/* Write keyslots and the journal entry together: the journal row is
 * committed only once the new keyslots file is safely on disk. */
static enum rc_status slots_commit(struct rc_case *c, const struct keyslots *ks,
	const char *action, const char *label)
{
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	st = journal_append_tx(c, action, label);
	if (st == RC_OK)
		st = ks_save(c->ks_path, ks);
	if (st != RC_OK) {
		db_rollback(&c->db);
		return st;
	}
	st = db_commit(&c->db);
	if (st == RC_OK)
		c->ks = *ks;
	return st;
}

enum rc_status rc_case_slot_add(struct rc_case *c, const char *label,
	const struct rc_secret *pass, const struct rc_kdf *kdf)
{
	rc_error_clear();
	if (c->plain || !rc_slot_label_valid(label) || !rc_kdf_acceptable(kdf))
		return RC_USAGE;
	if (ks_find(&c->ks, label) >= 0) {
		rc_error_set(_("A key slot named \"%s\" exists already."), label);
		return RC_USAGE;
	}
	if (c->ks.n == KS_MAX_SLOTS)
		return RC_USAGE;
	struct keyslots ks = c->ks;
	enum rc_status st = ks_slot_make(&ks.slot[ks.n], label, pass, kdf, c->key);
	if (st == RC_OK) {
		ks.n++;
		st = slots_commit(c, &ks, "slot-add", label);
	}
	sodium_memzero(&ks, sizeof ks);
	return st;
}

enum rc_status rc_case_slot_remove(struct rc_case *c, const char *label)
{
	rc_error_clear();
	int i = ks_find(&c->ks, label);
	if (i < 0) {
		rc_error_set(_("This case has no key slot named \"%s\"."), label);
		return RC_NOTFOUND;
	}
	if (c->ks.n == 1)
		return RC_LASTSLOT;
	struct keyslots ks = c->ks;
	memmove(&ks.slot[i], &ks.slot[i + 1], (ks.n - (size_t)i - 1) * sizeof ks.slot[0]);
	ks.n--;
	enum rc_status st = slots_commit(c, &ks, "slot-remove", label);
	sodium_memzero(&ks, sizeof ks);
	return st;
}

enum rc_status rc_case_slot_passwd(struct rc_case *c, const char *label,
	const struct rc_secret *pass, const struct rc_kdf *kdf)
{
	rc_error_clear();
	if (!label)
		label = c->slot_label;
	int i = ks_find(&c->ks, label);
	if (i < 0) {
		rc_error_set(_("This case has no key slot named \"%s\"."), label);
		return RC_NOTFOUND;
	}
	if (!rc_kdf_acceptable(kdf))
		return RC_USAGE;
	struct keyslots ks = c->ks;
	char created[24];
	snprintf(created, sizeof created, "%s", ks.slot[i].created);
	enum rc_status st = ks_slot_make(&ks.slot[i], label, pass, kdf, c->key);
	/* A new passphrase, the same slot: it keeps the date it was made. */
	if (st == RC_OK) {
		snprintf(ks.slot[i].created, sizeof ks.slot[i].created, "%s", created);
		st = slots_commit(c, &ks, "slot-passwd", label);
	}
	sodium_memzero(&ks, sizeof ks);
	return st;
}

/* ---- rekey ---- */

struct progress_ctx {
	rc_progress_fn fn;
	void *ud;
	uint64_t ticks;
};

static int progress_handler(void *p)
{
	struct progress_ctx *pc = p;
	pc->ticks++;
	return pc->fn && !pc->fn(pc->ud, pc->ticks, 0) ? 1 : 0;
}

/*
 * The steps, each safe to be cut short by a crash:
 *  1. journal "rekey" in the old database;
 *  2. sqlcipher_export into case.db.rekey under the new key, fsync'ed;
 *  3. keyslots.rekey: every slot's seal made anew for the new key;
 *  4. rename case.db.rekey -> case.db   (the switch);
 *  5. rename keyslots.rekey -> keyslots.
 * On open, rekey_recover() drops the new files when 4 did not happen and
 * finishes 5 when it did.
 */
enum rc_status rc_case_rekey(struct rc_case *c, rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	if (c->plain)
		return RC_USAGE;
	char *dbr = rc_path_join(c->path, "case.db.rekey");
	char *ksr = rc_path_join(c->path, "keyslots.rekey");
	unsigned char *nk = sodium_malloc(RC_DATA_KEY_BYTES);
	char *keytext = NULL;
	struct keyslots ks = c->ks;
	enum rc_status st = nk ? RC_OK : RC_NOMEM;
	sqlite3_stmt *q = NULL;
	struct progress_ctx pc = { progress, ud, 0 };

	unlink(dbr);
	if (st == RC_OK) {
		randombytes_buf(nk, RC_DATA_KEY_BYTES);
		keytext = db_key_text(nk);
		st = keytext ? rc_journal_append(c, "rekey", "") : RC_NOMEM;
	}
	if (st == RC_OK) {
		/* The connection was opened without SQLITE_OPEN_CREATE, which
		 * ATTACH inherits: make the file here, 0600. */
		int fd = open(dbr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			st = rc_status_from_errno(errno);
		else
			close(fd);
	}
	if (st == RC_OK) {
		/* The key is a bound parameter, not SQL text. */
		st = db_prepare(&c->db, "ATTACH DATABASE ?1 AS rekey KEY ?2", &q);
		if (st == RC_OK) {
			sqlite3_bind_text(q, 1, dbr, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 2, keytext, -1, SQLITE_STATIC);
			st = db_run(&c->db, q);
			sqlite3_finalize(q);
		}
	}
	if (st == RC_OK) {
		char sql[128];
		if (c->ks.compat == 3 && db_cipher_major(&c->db) >= 4)
			db_exec(&c->db, "PRAGMA rekey.cipher_compatibility = 3");
		snprintf(sql, sizeof sql, "PRAGMA rekey.cipher_page_size = %d", c->ks.page_size);
		st = db_exec(&c->db, sql);
		sqlite3_progress_handler(c->db.h, 10000, progress_handler, &pc);
		if (st == RC_OK)
			st = db_exec(&c->db, "SELECT sqlcipher_export('rekey')");
		sqlite3_progress_handler(c->db.h, 0, NULL, NULL);
		if (st == RC_OK) {
			snprintf(sql, sizeof sql, "PRAGMA rekey.user_version = %d", schema_version_latest());
			st = db_exec(&c->db, sql);
		}
		db_exec(&c->db, "DETACH DATABASE rekey");
	}
	/* make sure the export is on disk */
	if (st == RC_OK) {
		int fd = open(dbr, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0)
			st = rc_status_from_errno(errno);
		if (fd >= 0)
			close(fd);
	}
	for (size_t i = 0; st == RC_OK && i < ks.n; i++)
		st = ks_slot_reseal(&ks.slot[i], nk);
	if (st == RC_OK)
		st = ks_save(ksr, &ks);
	if (st != RC_OK) {
		unlink(dbr);
		unlink(ksr);
		goto out;
	}
	/* The switch.  Close the old handle first. */
	db_close(&c->db);
	if (rename(dbr, c->db_path) != 0 || rc_fsync_dir(c->path) != RC_OK) {
		st = rc_status_from_errno(errno);
		unlink(dbr);
		unlink(ksr);
	} else if (rename(ksr, c->ks_path) != 0 || rc_fsync_dir(c->path) != RC_OK) {
		st = rc_status_from_errno(errno); /* rekey_recover() finishes it on the next open */
	}
	if (st == RC_OK) {
		memcpy(c->key, nk, RC_DATA_KEY_BYTES);
		c->ks = ks;
	}
	{
		/* reopen with whichever key is now in force */
		enum rc_status st2 = db_open(&c->db, c->db_path, c->key, c->ks.page_size, c->ks.compat, false);
		if (st == RC_OK)
			st = st2;
	}
out:
	if (nk)
		sodium_free(nk);
	if (keytext)
		sodium_free(keytext);
	sodium_memzero(&ks, sizeof ks);
	free(dbr);
	free(ksr);
	return st;
}

/* ---- erase ---- */

static void overwrite_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct stat sb;
	if (fstat(fd, &sb) == 0) {
		unsigned char junk[4096];
		off_t left = sb.st_size;
		while (left > 0) {
			size_t n = left > (off_t)sizeof junk ? sizeof junk : (size_t)left;
			randombytes_buf(junk, n);
			if (write(fd, junk, n) != (ssize_t)n)
				break;
			left -= (off_t)n;
		}
		fsync(fd);
	}
	close(fd);
}

enum rc_status rc_case_erase(struct rc_case **cp)
{
	rc_error_clear();
	struct rc_case *c = *cp;
	char *path = rc_xstrdup(c->path);
	char *ksp = rc_xstrdup(c->ks_path);
	char *ksr = rc_path_join(path, "keyslots.rekey");
	/* 1. crypto-erase: without the keyslots nobody can get the data key */
	overwrite_file(ksp);
	overwrite_file(ksr);
	enum rc_status st = RC_OK;
	if (unlink(ksp) != 0 && errno != ENOENT)
		st = rc_status_from_errno(errno);
	unlink(ksr);
	if (st == RC_OK)
		st = rc_fsync_dir(path);
	rc_case_close(cp);
	/* 2. the files themselves */
	if (st == RC_OK) {
		remove_case_files(path);
		char *parent = rc_xstrdup(path);
		char *slash = strrchr(parent, '/');
		if (slash && slash != parent) {
			*slash = 0;
			rc_fsync_dir(parent);
		}
		free(parent);
		struct stat sb;
		if (stat(path, &sb) == 0) {
			rc_error_set(_("The keys were destroyed, but the folder %s could not be removed completely."), path);
			st = RC_IO;
		}
	}
	free(path);
	free(ksp);
	free(ksr);
	return st;
}

/* ---- the benchmark's plain twin (test builds only) ---- */

#ifdef RC_TEST_HOOKS
enum rc_status rc_case_open_plain_for_bench(const char *file, struct rc_case **out)
{
	struct rc_case *c = case_alloc("/nonexistent-plain-bench");
	c->plain = true;
	snprintf(c->slot_label, sizeof c->slot_label, "bench");
	enum rc_status st = db_open(&c->db, file, NULL, 16384, 0, true);
	if (st == RC_OK)
		st = schema_migrate(c);
	if (st != RC_OK) {
		rc_case_close(&c);
		return st;
	}
	*out = c;
	return RC_OK;
}
#endif
