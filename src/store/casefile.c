/* casefile.c - create, open (unlock), close, key slots, rekey and erase
 * of a NAME.case/ folder; who may own it; the record of wrong
 * passphrases; finishing an erase that was cut short.
 *
 * Every file of the case is opened relative to the folder, never through
 * a symbolic link (O_NOFOLLOW), and checked once open: a regular file with
 * one name, owned by us, writable by nobody else.  The folder and the
 * folder that holds it are checked the same way (ssh's rule for its own
 * files), so nobody else can swap a file under us between the check and
 * the use. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-int.h"

/* ---- SQLite's memory, wiped as it is freed ----
 *
 * SQLCipher 3.4 wipes only its own buffers (keys, the page being
 * encrypted or decrypted: sqlcipher_free); SQLite's page cache of
 * decrypted pages, the values of rows and the sorter's buffers go back to
 * malloc as they are and stay in the heap.  SQLCipher 4 can wipe all of
 * it (PRAGMA cipher_memory_security, off by default since 4.5, and it
 * locks every allocation in memory, which is slow).  So whatever the
 * version, recourse gives SQLite an allocator that zeroes every block as
 * it is freed: once a case is closed (sqlite3_close frees its page cache),
 * nothing SQLite decrypted is left in the heap.  It must be installed
 * before SQLite is first initialised: by the first case of the process. */
#define WIPE_HDR 16 /* keeps malloc's 16-byte alignment */

static size_t wipe_cap(void *q)
{
	size_t n;
	memcpy(&n, (unsigned char *)q - WIPE_HDR, sizeof n);
	return n;
}

static void *wipe_malloc(int n)
{
	if (n <= 0)
		return NULL;
	unsigned char *p = malloc((size_t)n + WIPE_HDR);
	if (!p)
		return NULL;
	size_t cap = (size_t)n;
	memcpy(p, &cap, sizeof cap);
	return p + WIPE_HDR;
}

static void wipe_free(void *q)
{
	if (!q)
		return;
	unsigned char *p = (unsigned char *)q - WIPE_HDR;
	sodium_memzero(p, wipe_cap(q) + WIPE_HDR);
	free(p);
}

static void *wipe_realloc(void *q, int n)
{
	if (!q)
		return wipe_malloc(n);
	if (n <= 0) {
		wipe_free(q);
		return NULL;
	}
	size_t cap = wipe_cap(q);
	if ((size_t)n <= cap)
		return q; /* smaller: the same block */
	void *r = wipe_malloc(n);
	if (!r)
		return NULL;
	memcpy(r, q, cap);
	wipe_free(q); /* never realloc(): it would free the old block as it is */
	return r;
}

static int wipe_size(void *q)
{
	return q ? (int)wipe_cap(q) : 0;
}

static int wipe_roundup(int n)
{
	return (n + 7) & ~7;
}

static int wipe_init(void *ud)
{
	(void)ud;
	return SQLITE_OK;
}

static void wipe_shutdown(void *ud)
{
	(void)ud;
}

static const sqlite3_mem_methods wipe_methods = {
	wipe_malloc, wipe_free, wipe_realloc, wipe_size, wipe_roundup, wipe_init, wipe_shutdown, NULL
};
static pthread_once_t wipe_once = PTHREAD_ONCE_INIT;

static void wipe_install(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wipe_methods) != SQLITE_OK)
		rc_log(RC_LOG_WARN, "SQLite was in use before the first case: its memory is not wiped when freed");
}

/* ---- the case ---- */

static struct rc_case *case_alloc(const char *path)
{
	pthread_once(&wipe_once, wipe_install);
	struct rc_case *c = rc_xcalloc(1, sizeof *c);
	c->path = rc_xstrdup(path);
	c->db_path = rc_path_join(path, "case.db");
	c->ks_path = rc_path_join(path, "keyslots");
	c->dir_fd = -1;
	c->wlock_fd = -1;
	return c;
}

void rc_case_close(struct rc_case **cp)
{
	if (!cp || !*cp)
		return;
	struct rc_case *c = *cp;
	if (c->db.h) {
		int hit = 0, miss = 0, hw;
		sqlite3_db_status(c->db.h, SQLITE_DBSTATUS_CACHE_HIT, &hit, &hw, 0);
		sqlite3_db_status(c->db.h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hw, 0);
		rc_log(RC_LOG_DEBUG, "case: page cache %d hits, %d misses (pages read and decrypted)", hit, miss);
	}
	db_forget(&c->db); /* SQLite's page cache back to the (wiping) allocator */
	db_close(&c->db);
	if (c->key)
		sodium_free(c->key);
	rawz_cache_free(&c->rawz);
	search_cache_free(&c->search);
	office_link_free(&c->office);
	sodium_memzero(&c->ks, sizeof c->ks);
	if (c->wlock_fd >= 0)
		close(c->wlock_fd); /* releases the writer's flock */
	if (c->dir_fd >= 0)
		close(c->dir_fd); /* releases the flock */
	free(c->path);
	free(c->db_path);
	free(c->ks_path);
	sodium_memzero(c, sizeof *c);
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

/* ---- who owns the case ---- */

static const char *user_name(uid_t u, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(u);
	if (pw && pw->pw_name)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "%lu", (unsigned long)u);
	return buf;
}

/* ssh's rule: owned by the user running recourse, writable by nobody
 * else (a folder or file of root's is refused too, unless we are root). */
enum rc_status store_check_owner_mode(const struct stat *sb, const char *shown, bool dir)
{
	uid_t me = geteuid();
	if (sb->st_uid != me) {
		char owner[64], self[64];
		user_name(sb->st_uid, owner, sizeof owner);
		user_name(me, self, sizeof self);
		if (dir)
			/* TRANSLATORS: %1$s is a folder, %2$s the user who owns it, %3$s the user running recourse.  The command after "with:" is typed as it is. */
			rc_error_set(_("The folder %1$s belongs to the user %2$s, not to you (%3$s). Fix it (as root) with: chown -R %3$s '%1$s'"),
				shown, owner, self);
		else
			/* TRANSLATORS: %1$s is a file, %2$s the user who owns it, %3$s the user running recourse.  The command after "with:" is typed as it is. */
			rc_error_set(_("The file %1$s belongs to the user %2$s, not to you (%3$s). Fix it (as root) with: chown %3$s '%1$s'"),
				shown, owner, self);
		return RC_UNSAFE;
	}
	if (sb->st_mode & (S_IWGRP | S_IWOTH)) {
		if (dir)
			/* TRANSLATORS: %1$s is a folder.  The command after "with:" is typed as it is. */
			rc_error_set(_("Other users of this computer can change the folder %1$s. Fix it with: chmod go-w '%1$s'"), shown);
		else
			/* TRANSLATORS: %1$s is a file.  The command after "with:" is typed as it is. */
			rc_error_set(_("Other users of this computer can change the file %1$s. Fix it with: chmod go-w '%1$s'"), shown);
		return RC_UNSAFE;
	}
	return RC_OK;
}

static char *parent_of(const char *path)
{
	char *p = rc_xstrdup(path);
	char *slash = strrchr(p, '/');
	if (!slash) {
		free(p);
		return rc_xstrdup(".");
	}
	if (slash == p)
		slash[1] = 0;
	else
		*slash = 0;
	return p;
}

/* The folder that holds the case folder (the cases folder). */
static enum rc_status check_parent(const char *path)
{
	char *parent = parent_of(path);
	struct stat sb;
	enum rc_status st;
	if (stat(parent, &sb) != 0)
		st = errno == ENOENT || errno == ENOTDIR ? RC_NOCASE : rc_status_from_errno(errno);
	else if (!S_ISDIR(sb.st_mode))
		st = RC_NOCASE;
	else
		st = store_check_owner_mode(&sb, parent, true);
	free(parent);
	return st;
}

/* Open the case folder itself (a symbolic link is refused) and check it. */
static enum rc_status open_case_dir(const char *path, int *out)
{
	*out = -1;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		struct stat lsb;
		if (e == ENOENT)
			return RC_NOCASE;
		if ((e == ELOOP || e == ENOTDIR) && lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
			/* TRANSLATORS: %1$s is the case folder given. */
			rc_error_set(_("%1$s is a symbolic link. recourse opens only the case folder itself: put the folder there instead of a link to it."),
				path);
			return RC_UNSAFE;
		}
		return e == ENOTDIR ? RC_NOTCASE : rc_status_from_errno(e);
	}
	struct stat sb;
	enum rc_status st = fstat(fd, &sb) == 0 ? store_check_owner_mode(&sb, path, true) : rc_status_from_errno(errno);
	if (st != RC_OK) {
		close(fd);
		return st;
	}
	*out = fd;
	return RC_OK;
}

/* Open a file of the case (name, in the folder dir_fd, shown as dir/name):
 * never through a symbolic link, and only a regular file with one name,
 * ours, writable by nobody else.  -1 with *st set on failure (RC_NOTFOUND
 * when it is not there). */
static int open_in_case(int dir_fd, const char *dir, const char *name, int flags, mode_t mode,
	enum rc_status *st)
{
	*st = RC_OK;
	/* O_NONBLOCK: a FIFO put there must not hang the open */
	int fd = openat(dir_fd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode);
	char *shown = rc_path_join(dir, name);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT) {
			*st = RC_NOTFOUND;
		} else if (e == ELOOP) {
			/* TRANSLATORS: %1$s is a file of the case (for example .../keyslots). */
			rc_error_set(_("%1$s is a symbolic link. A case's files must be the files themselves, in its folder: remove the link and put the file there."),
				shown);
			*st = RC_UNSAFE;
		} else {
			*st = rc_status_from_errno(e);
		}
		free(shown);
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		*st = rc_status_from_errno(errno);
	} else if (!S_ISREG(sb.st_mode)) {
		/* TRANSLATORS: %1$s is a file of the case. */
		rc_error_set(_("%1$s is not an ordinary file."), shown);
		*st = RC_UNSAFE;
	} else if (sb.st_nlink != 1) {
		/* TRANSLATORS: %1$s is a file of the case.  The command after "with:" is typed as it is. */
		rc_error_set(_("%1$s has other names (hard links) outside the case. Give the case its own copy with: cp -p '%1$s' '%1$s.new' && mv '%1$s.new' '%1$s'"),
			shown);
		*st = RC_UNSAFE;
	} else {
		*st = store_check_owner_mode(&sb, shown, false);
	}
	free(shown);
	if (*st != RC_OK) {
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

/* Who may have the case open at once (doc/case-file.md, "Locks"): any
 * number of readers and one writer, each with a shared flock on the
 * folder; the writer also holds an exclusive flock on keyslots.  Making,
 * rekeying and erasing take the folder's flock exclusive: nobody else
 * has the case open then.  So a case open in the terminal interface can
 * still be read from the command line, and not changed from it. */
enum case_lock_mode { CL_MAKE, CL_WRITE, CL_READ };

static enum rc_status case_lock(struct rc_case *c, enum case_lock_mode mode)
{
	enum rc_status st = open_case_dir(c->path, &c->dir_fd);
	if (st != RC_OK)
		return st;
	if (flock(c->dir_fd, (mode == CL_MAKE ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? RC_LOCKED : rc_status_from_errno(errno);
	c->reader = mode == CL_READ;
	return RC_OK;
}

/* The writer's lock, once the folder is known to be a case. */
static enum rc_status case_lock_writer(struct rc_case *c)
{
	c->wlock_fd = openat(c->dir_fd, "keyslots", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (c->wlock_fd < 0)
		return errno == ENOENT ? RC_NOTCASE : rc_status_from_errno(errno);
	if (flock(c->wlock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK)
			return rc_status_from_errno(errno);
		rc_error_set("%s", _("It is open for changes in another window or command. Commands that only read it (log list, request list, deadlines...) work meanwhile."));
		return RC_LOCKED;
	}
	return RC_OK;
}

/* Nobody else may have the case open (rekey, erase). */
static enum rc_status case_exclusive(struct rc_case *c)
{
	if (c->reader)
		return RC_USAGE;
	if (flock(c->dir_fd, LOCK_EX | LOCK_NB) == 0)
		return RC_OK;
	if (errno != EWOULDBLOCK)
		return rc_status_from_errno(errno);
	rc_error_set("%s", _("The case is being read elsewhere at this moment (another window or a command). Try again when it is closed there."));
	return RC_LOCKED;
}

static enum rc_status sync_dir_fd(int fd)
{
	return fsync(fd) == 0 ? RC_OK : rc_status_from_errno(errno);
}

/* ---- the files of a case, and what an interrupted erase leaves ---- */

enum entry_kind {
	ENTRY_FOREIGN,  /* not a name recourse gives: never touched */
	ENTRY_KEYSLOTS,
	ENTRY_DB,       /* case.db, case.db.rekey */
	ENTRY_KEYTEMP,  /* keyslots.rekey, keyslots.tmpXXXXXX, keyslots.rekey.tmpXXXXXX: key material */
	ENTRY_OTHER,    /* journals, attempts, SQLite's encrypted temporary files */
};

static bool mkstemp_suffix(const char *s)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	return strlen(s) == 6 && strspn(s, set) == 6;
}

static enum entry_kind entry_kind(const char *n)
{
	static const char *const other[] = {
		"case.db-journal", "case.db-wal", "case.db-shm", "case.db.rekey-journal",
		"case.db.rekey-wal", "case.db.rekey-shm", "attempts", NULL
	};
	if (!strcmp(n, "keyslots"))
		return ENTRY_KEYSLOTS;
	if (!strcmp(n, "case.db") || !strcmp(n, "case.db.rekey"))
		return ENTRY_DB;
	if (!strcmp(n, "keyslots.rekey") ||
	    (!strncmp(n, "keyslots.tmp", 12) && mkstemp_suffix(n + 12)) ||
	    (!strncmp(n, "keyslots.rekey.tmp", 18) && mkstemp_suffix(n + 18)))
		return ENTRY_KEYTEMP;
	for (int i = 0; other[i]; i++)
		if (!strcmp(n, other[i]))
			return ENTRY_OTHER;
	if (!strncmp(n, ".tmp-", 5) && strlen(n) == 21 && strspn(n + 5, "0123456789abcdef") == 16)
		return ENTRY_OTHER;
	return ENTRY_FOREIGN;
}

/* Each entry of the folder, with its kind and (not followed) its stat. */
typedef void (*entry_fn)(void *ud, int dir_fd, const char *name, enum entry_kind k, const struct stat *sb);

static enum rc_status each_entry(int dir_fd, entry_fn fn, void *ud)
{
	/* a description of its own: readdir must not move dir_fd's */
	int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		enum rc_status st = rc_status_from_errno(errno);
		if (fd >= 0)
			close(fd);
		return st;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		struct stat sb;
		if (fstatat(dir_fd, n, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		fn(ud, dir_fd, n, entry_kind(n), &sb);
	}
	closedir(d);
	return RC_OK;
}

struct scan {
	bool any, keyslots, keyslots_odd, db, foreign;
};

static void scan_entry(void *ud, int dir_fd, const char *n, enum entry_kind k, const struct stat *sb)
{
	(void)dir_fd;
	(void)n;
	struct scan *s = ud;
	s->any = true;
	if (k == ENTRY_KEYSLOTS) {
		s->keyslots = true;
		s->keyslots_odd = !S_ISREG(sb->st_mode);
	} else if (k == ENTRY_FOREIGN || !S_ISREG(sb->st_mode)) {
		s->foreign = true;
	} else if (k == ENTRY_DB) {
		s->db = true;
	}
}

/* What a case folder is.  The rule (doc/case-file.md, "Erase"):
 *  - keyslots holds an erase marker, or keys marked "being made": an
 *    erase or a creation was cut short (MARKED);
 *  - keyslots has no valid copy and there is no case.db: erase had wiped
 *    the keys and removed the data (DEAD);
 *  - no keyslots, and every file has a name the case's own files have:
 *    the keys are gone (an erase by an older recourse cut short, a
 *    creation cut short), the rest can never be decrypted (NOKEYS);
 *  - an empty folder (EMPTY);
 *  - no keyslots and some other file: not a case, never touched;
 *  - anything else is a case (the open says if it is damaged). */
enum folder_kind { FOLDER_CASE, FOLDER_NOTCASE, FOLDER_MARKED, FOLDER_DEAD, FOLDER_NOKEYS, FOLDER_EMPTY };

static enum folder_kind classify(int dir_fd, const char *path)
{
	struct scan s = { 0 };
	if (each_entry(dir_fd, scan_entry, &s) != RC_OK)
		return FOLDER_CASE; /* let the open say what is wrong */
	if (!s.keyslots) {
		if (s.foreign)
			return FOLDER_NOTCASE;
		return s.any ? FOLDER_NOKEYS : FOLDER_EMPTY;
	}
	if (s.keyslots_odd)
		return FOLDER_CASE; /* the open refuses it, saying why */
	enum rc_status st;
	int fd = open_in_case(dir_fd, path, "keyslots", O_RDONLY, 0, &st);
	if (fd < 0)
		return FOLDER_CASE;
	struct keyslots *ks = malloc(sizeof *ks);
	struct ks_state kst;
	enum folder_kind kind = FOLDER_CASE;
	if (ks) {
		st = ks_read_fd(fd, ks, &kst);
		if (st == RC_ERASED || (st == RC_OK && (ks->flags & KS_FLAG_CREATING)))
			kind = FOLDER_MARKED;
		else if (st == RC_KEYSLOTS && !s.db && !s.foreign)
			kind = FOLDER_DEAD;
		sodium_memzero(ks, sizeof *ks);
		free(ks);
	}
	close(fd);
	return kind;
}

struct erase_walk {
	const char *path;
	enum rc_status st;
	bool foreign;
};

static void erase_entry(void *ud, int dir_fd, const char *n, enum entry_kind k, const struct stat *sb)
{
	struct erase_walk *w = ud;
	if (k == ENTRY_FOREIGN || k == ENTRY_KEYSLOTS || !S_ISREG(sb->st_mode)) {
		if (k != ENTRY_KEYSLOTS)
			w->foreign = true; /* left as it is */
		return;
	}
	if (k == ENTRY_KEYTEMP) {
		/* key material: overwritten in place before it goes (not when
		 * it has other names: that would destroy another file) */
		enum rc_status st;
		int fd = open_in_case(dir_fd, w->path, n, O_WRONLY, 0, &st);
		if (fd >= 0) {
			if (store_overwrite_fd(fd) != RC_OK)
				rc_log(RC_LOG_WARN, "could not overwrite %s before removing it", n);
			close(fd);
		}
	}
	if (unlinkat(dir_fd, n, 0) != 0 && errno != ENOENT && w->st == RC_OK)
		w->st = rc_status_from_errno(errno);
	else
		rc_log(RC_LOG_DEBUG, "erase: removed %s", n);
}

/* Destroy a case (its folder open as dir_fd, locked): keyslots becomes an
 * erase marker (copy B, then A: from then on nothing opens the case, and
 * the folder is known as an erase cut short), the files with key material
 * are overwritten and every file of the case removed, then keyslots is
 * overwritten with random bytes, removed, and the folder removed.  Each
 * step leaves a folder the next contact finishes (classify).  Files that
 * are not the case's are left. */
static enum rc_status erase_dir(int dir_fd, const char *path, const char *step)
{
	enum rc_status st = RC_OK, s;
	int kfd = open_in_case(dir_fd, path, "keyslots", O_RDWR, 0, &s);
	if (kfd < 0 && s != RC_NOTFOUND)
		return s; /* a symbolic link, another owner's file: never written */
	if (kfd >= 0) {
		char mark[64];
		snprintf(mark, sizeof mark, "%s-mark", step);
		st = ks_mark_erased_fd(kfd, mark);
	}
	if (st == RC_OK) {
		store_step("%s/marked", step);
		struct erase_walk w = { path, RC_OK, false };
		st = each_entry(dir_fd, erase_entry, &w);
		if (st == RC_OK)
			st = w.st;
		if (st == RC_OK)
			st = sync_dir_fd(dir_fd);
		if (st == RC_OK)
			store_step("%s/files", step);
		if (st == RC_OK && kfd >= 0) {
			st = ks_wipe_fd(kfd);
			if (st == RC_OK)
				store_step("%s/wiped", step);
			if (st == RC_OK && unlinkat(dir_fd, "keyslots", 0) != 0)
				st = rc_status_from_errno(errno);
			if (st == RC_OK)
				st = sync_dir_fd(dir_fd);
			if (st == RC_OK)
				store_step("%s/unlinked", step);
		}
		if (st == RC_OK && rmdir(path) != 0) {
			rc_error_set(_("The keys were destroyed, but the folder %s could not be removed completely."), path);
			st = RC_IO;
		}
		if (st == RC_OK) {
			char *parent = parent_of(path);
			rc_fsync_dir(parent);
			free(parent);
		}
	}
	if (kfd >= 0)
		close(kfd);
	return st;
}

/* A folder that is what an interrupted erase (or creation) left: finish
 * it, holding its lock.  RC_OK: it is a case (nothing done); RC_ERASED:
 * finished; RC_NOCASE: it was an empty folder, now removed;
 * RC_NOTCASE: not a case, untouched. */
static enum rc_status finish_if_remnant(int dir_fd, const char *path, bool locked)
{
	enum folder_kind k = classify(dir_fd, path);
	if (k == FOLDER_CASE)
		return RC_OK;
	if (k == FOLDER_NOTCASE)
		return RC_NOTCASE;
	if (!locked) {
		if (flock(dir_fd, LOCK_EX | LOCK_NB) != 0)
			return errno == EWOULDBLOCK ? RC_LOCKED : rc_status_from_errno(errno);
		k = classify(dir_fd, path); /* again, now that nobody else can change it */
		if (k == FOLDER_CASE)
			return RC_OK;
		if (k == FOLDER_NOTCASE)
			return RC_NOTCASE;
	}
	static const char *const why[] = {
		[FOLDER_MARKED] = "an erase marker or a creation cut short",
		[FOLDER_DEAD] = "keys wiped and data removed",
		[FOLDER_NOKEYS] = "no keyslots left",
		[FOLDER_EMPTY] = "an empty folder",
	};
	rc_log(RC_LOG_INFO, "%s: finishing an interrupted erase (%s)", path, why[k]);
	enum rc_status st = erase_dir(dir_fd, path, "finish");
	if (st != RC_OK)
		return st;
	return k == FOLDER_EMPTY ? RC_NOCASE : RC_ERASED;
}

/* cases.c: whether the folder name in dir belongs in the list of cases.
 * What an erase cut short left is finished here when nothing of the case
 * can be opened again in it (an erase marker, or wiped keys and no data),
 * and not listed; an empty folder is not listed.  A folder without
 * keyslots (an older recourse's erase cut short) is listed, and finished
 * when it is named. */
bool case_listed(const char *dir, const char *name)
{
	char *path = rc_path_join(dir, name);
	int fd;
	bool listed = true;
	if (open_case_dir(path, &fd) == RC_OK) {
		enum folder_kind k = classify(fd, path);
		if (k == FOLDER_EMPTY)
			listed = false;
		else if ((k == FOLDER_MARKED || k == FOLDER_DEAD) && check_parent(path) == RC_OK)
			listed = finish_if_remnant(fd, path, false) != RC_ERASED;
		close(fd);
	}
	rc_error_clear();
	free(path);
	return listed;
}

/* ---- leftovers of a process killed in the middle ---- */

/* SQLite's temporary files (tmpvfs.c) are unlinked as soon as they are
 * opened; one can stay behind only when the process died in between, and
 * its key died with the process.  Older versions of recourse replaced
 * keyslots by rename, through keyslots.tmpXXXXXX (and
 * keyslots.rekey.tmpXXXXXX): one left by a killed process holds the keys
 * as they were, so it is overwritten before it goes.  Under the case's
 * lock nobody else can be using any of them.  keyslots.rekey is the rekey
 * recovery's (rekey_recover). */
static void stale_entry(void *ud, int dir_fd, const char *n, enum entry_kind k, const struct stat *sb)
{
	const char *path = ud;
	if (!S_ISREG(sb->st_mode))
		return;
	if (k == ENTRY_OTHER && !strncmp(n, ".tmp-", 5)) {
		rc_log(RC_LOG_DEBUG, "removing a temporary file left by a killed process: %s", n);
		unlinkat(dir_fd, n, 0);
	} else if (k == ENTRY_KEYTEMP && strcmp(n, "keyslots.rekey") != 0) {
		enum rc_status st;
		int fd = open_in_case(dir_fd, path, n, O_WRONLY, 0, &st);
		if (fd >= 0) {
			store_overwrite_fd(fd);
			close(fd);
		}
		rc_log(RC_LOG_DEBUG, "removing a key file left by an interrupted change: %s (%s)", n,
			fd >= 0 ? "overwritten first" : "not overwritten: not a file of ours alone");
		unlinkat(dir_fd, n, 0);
	}
}

static void stale_tmp_remove(struct rc_case *c)
{
	each_entry(c->dir_fd, stale_entry, c->path);
	rc_error_clear();
	sync_dir_fd(c->dir_fd);
}

static bool exists_at(int dir_fd, const char *name)
{
	struct stat sb;
	return fstatat(dir_fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Overwrite (when it is ours alone) and remove a file holding keys. */
static void drop_key_file(struct rc_case *c, const char *name)
{
	enum rc_status st;
	int fd = open_in_case(c->dir_fd, c->path, name, O_WRONLY, 0, &st);
	if (fd >= 0) {
		store_overwrite_fd(fd);
		close(fd);
	}
	unlinkat(c->dir_fd, name, 0);
	rc_error_clear();
}

/* The keyslots file, read (and open as *fdp when fdp is given, for
 * writing). */
static enum rc_status keys_read(struct rc_case *c, struct keyslots *ks, struct ks_state *kst, int *fdp)
{
	enum rc_status st;
	int fd = open_in_case(c->dir_fd, c->path, "keyslots", fdp ? O_RDWR : O_RDONLY, 0, &st);
	if (fd < 0)
		return st == RC_NOTFOUND ? RC_NOTCASE : st;
	st = ks_read_fd(fd, ks, kst);
	if (fdp && st == RC_OK)
		*fdp = fd;
	else
		close(fd);
	return st;
}

static enum rc_status keys_write(struct rc_case *c, const struct keyslots *ks, const char *step)
{
	enum rc_status st;
	int fd = open_in_case(c->dir_fd, c->path, "keyslots", O_RDWR, 0, &st);
	if (fd < 0)
		return st == RC_NOTFOUND ? RC_NOTCASE : st;
	st = ks_write_fd(fd, ks, step);
	close(fd);
	return st;
}

/* Finish or undo a rekey that a crash interrupted (see rc_case_rekey).
 *  - keyslots says a rekey is half done (every slot also holds the new
 *    key, sealed) and case.db.rekey is there, whole (its export was
 *    committed: no journal beside it): the switch is made now, then
 *    keyslots keeps only the new key;
 *  - the same, case.db.rekey gone: the switch was made: keyslots keeps
 *    only the new key;
 *  - the same, with case.db.rekey-journal beside it (cannot happen: the
 *    half-done mark is written after the export committed): undone;
 *  - no mark and case.db.rekey there: the export was cut short: dropped;
 *  - keyslots.rekey (older versions, which renamed it over keyslots after
 *    switching the database): with case.db.rekey the switch never
 *    happened and it is dropped; without, the database was switched and
 *    its slots are written into keyslots, in place. */
static enum rc_status rekey_recover(struct rc_case *c)
{
	bool dbr = exists_at(c->dir_fd, "case.db.rekey");
	bool dbrj = exists_at(c->dir_fd, "case.db.rekey-journal");
	bool ksr = exists_at(c->dir_fd, "keyslots.rekey");
	struct keyslots *ks = rc_xmalloc(sizeof *ks);
	struct ks_state kst;
	enum rc_status st = keys_read(c, ks, &kst, NULL);
	if (st != RC_OK) {
		free(ks);
		return st == RC_KEYSLOTS || st == RC_TOONEW ? RC_OK : st; /* the open says so */
	}
	if (ks->flags & KS_FLAG_REKEY) {
		bool finish = !(dbr && dbrj);
		if (dbr && finish) {
			rc_log(RC_LOG_INFO, "finishing a rekey that was cut short: switching the database");
			if (renameat(c->dir_fd, "case.db.rekey", c->dir_fd, "case.db") != 0)
				st = rc_status_from_errno(errno);
			else
				st = sync_dir_fd(c->dir_fd);
		}
		if (st == RC_OK) {
			rc_log(RC_LOG_INFO, "%s a rekey that was cut short: keyslots", finish ? "finishing" : "undoing");
			for (size_t i = 0; i < ks->n; i++) {
				if (finish)
					memcpy(ks->slot[i].sealed_key, ks->slot[i].sealed_next, KS_SEALED_BYTES);
				sodium_memzero(ks->slot[i].sealed_next, KS_SEALED_BYTES);
			}
			ks->flags &= ~(uint32_t)KS_FLAG_REKEY;
			st = keys_write(c, ks, finish ? "rekey-recover" : "rekey-undo");
		}
		if (st == RC_OK && !finish) {
			unlinkat(c->dir_fd, "case.db.rekey", 0);
			unlinkat(c->dir_fd, "case.db.rekey-journal", 0);
		}
	} else if (dbr) {
		/* not switched: the case as it was is whole; drop the new files */
		rc_log(RC_LOG_INFO, "dropping a rekey that was cut short before the switch");
		unlinkat(c->dir_fd, "case.db.rekey", 0);
		unlinkat(c->dir_fd, "case.db.rekey-journal", 0);
		if (ksr)
			drop_key_file(c, "keyslots.rekey");
	} else if (ksr) {
		/* an older recourse switched the database, not yet keyslots */
		enum rc_status s2;
		int fd = open_in_case(c->dir_fd, c->path, "keyslots.rekey", O_RDONLY, 0, &s2);
		struct ks_state rst;
		if (fd >= 0 && ks_read_fd(fd, ks, &rst) == RC_OK && rst.format == 1) {
			rc_log(RC_LOG_INFO, "finishing an older recourse's rekey: keyslots.rekey into keyslots");
			st = keys_write(c, ks, "rekey-recover-v1");
		}
		if (fd >= 0)
			close(fd);
		if (st == RC_OK)
			drop_key_file(c, "keyslots.rekey");
	}
	if (st == RC_OK && !dbr && dbrj)
		unlinkat(c->dir_fd, "case.db.rekey-journal", 0);
	if (st == RC_OK)
		st = sync_dir_fd(c->dir_fd);
	sodium_memzero(ks, sizeof *ks);
	free(ks);
	return st;
}

/* ---- wrong passphrases: NAME.case/attempts ----
 *
 * 64 bytes, rewritten in place:
 *    0  20  "recourse-attempts" and NULs
 *   20   4  version, 1
 *   24   4  failures: wrong passphrases since the last unlock
 *   28   4  zero
 *   32   8  total: every wrong passphrase ever (never goes down)
 *   40   8  the time of the last one (Unix seconds)
 *   48  16  BLAKE2b-128 of the bytes above (damage, not forgery)
 * The database keeps the total as it was at the last unlock (meta
 * attempts_total), so that a file removed, damaged or set back is noticed
 * at the next unlock and journaled. */
#define ATT_BYTES 64
#define ATT_FREE 3          /* failures before the first wait */
#define ATT_FIRST_WAIT 2    /* seconds, doubling */
#define ATT_MAX_WAIT 300

struct att {
	uint32_t failures;
	uint64_t total;
	int64_t last;
};
enum { ATT_OK, ATT_MISSING, ATT_DAMAGED };

static const char att_magic[20] = "recourse-attempts";

static void be_put(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t be_get(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static void att_encode(const struct att *a, unsigned char *b)
{
	memset(b, 0, ATT_BYTES);
	memcpy(b, att_magic, sizeof att_magic);
	be_put(b + 20, 1, 4);
	be_put(b + 24, a->failures, 4);
	be_put(b + 32, a->total, 8);
	be_put(b + 40, (uint64_t)a->last, 8);
	crypto_generichash(b + 48, 16, b, 48, NULL, 0);
}

static bool att_decode(const unsigned char *b, struct att *a)
{
	unsigned char sum[16];
	crypto_generichash(sum, 16, b, 48, NULL, 0);
	if (memcmp(b, att_magic, sizeof att_magic) != 0 || be_get(b + 20, 4) != 1 ||
	    sodium_memcmp(sum, b + 48, 16) != 0)
		return false;
	a->failures = (uint32_t)be_get(b + 24, 4);
	a->total = be_get(b + 32, 8);
	a->last = (int64_t)be_get(b + 40, 8);
	return true;
}

static enum rc_status att_read(int dir_fd, const char *path, struct att *a, int *state)
{
	memset(a, 0, sizeof *a);
	*state = ATT_MISSING;
	enum rc_status st;
	int fd = open_in_case(dir_fd, path, "attempts", O_RDONLY, 0, &st);
	if (fd < 0)
		return st == RC_NOTFOUND ? RC_OK : st;
	unsigned char b[ATT_BYTES + 1];
	ssize_t n = pread(fd, b, sizeof b, 0);
	close(fd);
	*state = n == ATT_BYTES && att_decode(b, a) ? ATT_OK : ATT_DAMAGED;
	if (*state == ATT_DAMAGED)
		memset(a, 0, sizeof *a);
	return RC_OK;
}

static enum rc_status att_write(int dir_fd, const char *path, const struct att *a)
{
	enum rc_status st;
	int fd = open_in_case(dir_fd, path, "attempts", O_RDWR | O_CREAT, 0600, &st);
	if (fd < 0)
		return st;
	struct stat sb;
	bool made = fstat(fd, &sb) == 0 && sb.st_size == 0;
	unsigned char b[ATT_BYTES];
	att_encode(a, b);
	st = pwrite(fd, b, sizeof b, 0) == (ssize_t)sizeof b ? RC_OK : rc_status_from_errno(errno);
	if (st == RC_OK && sb.st_size > ATT_BYTES && ftruncate(fd, ATT_BYTES) != 0)
		st = rc_status_from_errno(errno);
	if (st == RC_OK && fsync(fd) != 0)
		st = rc_status_from_errno(errno);
	close(fd);
	if (st == RC_OK && made)
		st = sync_dir_fd(dir_fd);
	return st;
}

/* The wait before the next try after f wrong passphrases in a row: none
 * for the first 3, then 2 s, doubling, up to 5 minutes. */
static unsigned att_delay(uint32_t f)
{
	if (f < ATT_FREE)
		return 0;
	unsigned d = ATT_FIRST_WAIT;
	for (uint32_t i = ATT_FREE; i < f && d < ATT_MAX_WAIT; i++)
		d *= 2;
	return d > ATT_MAX_WAIT ? ATT_MAX_WAIT : d;
}

static unsigned att_wait(const struct att *a, time_t now)
{
	unsigned d = att_delay(a->failures);
	if (d == 0)
		return 0;
	int64_t end = a->last + (int64_t)d;
	if (end <= (int64_t)now)
		return 0;
	int64_t w = end - (int64_t)now;
	return w > (int64_t)d ? d : (unsigned)w; /* a clock set back waits no longer */
}

enum rc_status rc_case_unlock_wait(const char *path, unsigned *seconds)
{
	rc_error_clear();
	*seconds = 0;
	enum rc_status st = check_parent(path);
	int fd = -1;
	if (st == RC_OK)
		st = open_case_dir(path, &fd);
	if (st != RC_OK)
		return st;
	struct att a;
	int state;
	st = att_read(fd, path, &a, &state);
	close(fd);
	if (st == RC_OK)
		*seconds = att_wait(&a, rc_now());
	return st;
}

void rc_case_unlock_report(const struct rc_case *c, unsigned *failed, bool *record_tampered)
{
	if (failed)
		*failed = c->failed_unlocks;
	if (record_tampered)
		*record_tampered = c->attempts_tampered;
}

/* ---- create ---- */

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

/* The folder exists: what an interrupted erase or creation left is
 * finished (then a new case can take its place); anything else is
 * RC_EXISTS. */
static enum rc_status create_over(const char *path)
{
	int fd;
	enum rc_status st = open_case_dir(path, &fd);
	if (st == RC_NOCASE)
		return RC_OK; /* gone meanwhile */
	if (st != RC_OK)
		return st == RC_NOTCASE ? RC_EXISTS : st;
	st = finish_if_remnant(fd, path, false);
	close(fd);
	if (st == RC_ERASED || st == RC_NOCASE) {
		rc_error_clear();
		return RC_OK;
	}
	return st == RC_OK || st == RC_NOTCASE ? RC_EXISTS : st;
}

/* The steps (each cut short leaves what the next contact finishes):
 * the folder; keyslots, its slots marked "being made"; case.db with its
 * schema, metadata and first journal entry; attempts; keyslots again,
 * unmarked: from then on it is a case. */
enum rc_status rc_case_create(const char *path, const char *slot_label,
	const struct rc_secret *pass, const struct rc_kdf *kdf,
	const struct rc_case_meta *meta, struct rc_case **out)
{
	rc_error_clear();
	*out = NULL;
	if (!rc_slot_label_valid(slot_label) || !rc_kdf_acceptable(kdf))
		return RC_USAGE;
	mkdir_parents(path);
	enum rc_status st = check_parent(path);
	if (st != RC_OK)
		return st;
	struct rc_case *c = NULL;
	for (int tries = 0; tries < 3; tries++) {
		if (mkdir(path, 0700) != 0) {
			if (errno != EEXIST)
				return rc_status_from_errno(errno);
			st = create_over(path);
			if (st != RC_OK)
				return st;
			continue;
		}
		c = case_alloc(path);
		st = case_lock(c, CL_MAKE);
		if (st != RC_NOCASE)
			break;
		rc_case_close(&c); /* removed between mkdir and open: again */
	}
	if (!c)
		return RC_EXISTS;
	int kfd = -1;
	if (st == RC_OK) {
		c->key = sodium_malloc(RC_DATA_KEY_BYTES);
		if (!c->key)
			st = RC_NOMEM;
	}
	if (st == RC_OK) {
		randombytes_buf(c->key, RC_DATA_KEY_BYTES);
		c->ks.version = KS_VERSION;
		c->ks.page_size = RC_CIPHER_PAGE_SIZE;
		c->ks.compat = 3; /* until the database says */
		c->ks.flags = KS_FLAG_CREATING;
		st = ks_slot_make(&c->ks.slot[0], slot_label, pass, kdf, c->key);
		c->ks.n = 1;
	}
	if (st == RC_OK) {
		kfd = open_in_case(c->dir_fd, path, "keyslots", O_RDWR | O_CREAT | O_EXCL, 0600, &st);
		if (kfd >= 0 && fchmod(kfd, 0600) != 0)
			st = rc_status_from_errno(errno);
	}
	if (st == RC_OK)
		st = ks_write_fd(kfd, &c->ks, "create-keys");
	if (st == RC_OK)
		st = sync_dir_fd(c->dir_fd);
	if (st == RC_OK) {
		/* 0600 whatever the umask: SQLite gives its journal the same mode */
		int fd = open_in_case(c->dir_fd, path, "case.db", O_WRONLY | O_CREAT | O_EXCL, 0600, &st);
		if (fd >= 0 && fchmod(fd, 0600) != 0)
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
		if (st == RC_OK)
			st = meta_put(c, "attempts_total", "0");
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
	if (st == RC_OK) {
		struct att a = { 0, 0, 0 };
		st = att_write(c->dir_fd, path, &a);
	}
	if (st == RC_OK) {
		c->ks.flags = 0;
		st = ks_write_fd(kfd, &c->ks, "create-done");
	}
	if (kfd >= 0)
		close(kfd);
	if (st != RC_OK) {
		if (c->dir_fd >= 0 && st != RC_LOCKED) {
			db_close(&c->db);
			char saved[512];
			snprintf(saved, sizeof saved, "%s", rc_error_detail());
			erase_dir(c->dir_fd, path, "create-undo");
			rc_error_set("%s", saved);
		}
		rc_case_close(&c);
		return st;
	}
	*out = c;
	return RC_OK;
}

/* ---- open ---- */

static bool db_size_whole(struct rc_case *c, off_t size)
{
	if (size == 0 || size % c->ks.page_size != 0) {
		rc_error_set(_("case.db has been cut short (its size is not a whole number of pages)."));
		return false;
	}
	return true;
}

/* The database file: ours, not cut short.  *hot: a rollback journal is
 * there (a write cut short, by a crash or a full disk): SQLite puts the
 * database back as it was when it opens it, so its size is judged after
 * that. */
static enum rc_status check_db_file(struct rc_case *c, bool *hot)
{
	enum rc_status st;
	*hot = false;
	/* SQLite opens its journal by name: it must be a file of ours too */
	int fd = open_in_case(c->dir_fd, c->path, "case.db-journal", O_RDONLY, 0, &st);
	if (fd >= 0) {
		struct stat jsb;
		*hot = fstat(fd, &jsb) == 0 && jsb.st_size > 0;
		close(fd);
	}
	if (st == RC_NOTFOUND)
		st = RC_OK;
	if (st != RC_OK)
		return st;
	fd = open_in_case(c->dir_fd, c->path, "case.db", O_RDONLY, 0, &st);
	if (fd < 0)
		return st == RC_NOTFOUND ? RC_CORRUPT : st;
	struct stat sb;
	if (fstat(fd, &sb) != 0)
		st = rc_status_from_errno(errno);
	else if (!*hot && !db_size_whole(c, sb.st_size))
		st = RC_CORRUPT;
	close(fd);
	return st;
}

static int64_t meta_int(struct rc_case *c, const char *key, int64_t dflt)
{
	sqlite3_stmt *q;
	int64_t v = dflt;
	enum rc_status st = db_prepare(&c->db, "SELECT value FROM meta WHERE key = ?1", &q);
	if (st != RC_OK)
		return dflt;
	db_bind_text(q, 1, key);
	if (db_row(&c->db, q, &st) && sqlite3_column_text(q, 0)) {
		const char *t = (const char *)sqlite3_column_text(q, 0);
		char *end;
		long long x = strtoll(t, &end, 10);
		if (*t && !*end && x >= 0)
			v = x;
	}
	sqlite3_finalize(q);
	return v;
}

/* The unlock, journaled with what the attempts record says: how many
 * wrong passphrases since the unlock before (the total now against the
 * total then, kept in the database), and whether the record was removed,
 * damaged or set back meanwhile.  Then the record starts again at 0. */
static enum rc_status journal_unlock(struct rc_case *c, const struct att *a, int astate)
{
	int64_t anchor = meta_int(c, "attempts_total", -1);
	uint64_t since = 0;
	const char *tampered = NULL;
	char why[96];
	if (astate == ATT_OK) {
		if (anchor >= 0 && a->total < (uint64_t)anchor) {
			snprintf(why, sizeof why, "set back: %llu wrong passphrases recorded, %lld before",
				(unsigned long long)a->total, (long long)anchor);
			tampered = why;
		} else {
			since = anchor >= 0 ? a->total - (uint64_t)anchor : a->failures;
		}
	} else if (anchor >= 0) {
		tampered = astate == ATT_MISSING ? "removed" : "damaged";
	}
	uint64_t total = astate == ATT_OK ? a->total : (anchor > 0 ? (uint64_t)anchor : 0);
	enum rc_status st = db_begin(&c->db);
	if (st == RC_OK)
		st = journal_append_tx(c, "unlock", "");
	if (st == RC_OK && since > 0) {
		char n[32];
		snprintf(n, sizeof n, "%llu", (unsigned long long)since);
		st = journal_append_tx(c, "unlock-failures", n);
	}
	if (st == RC_OK && tampered)
		st = journal_append_tx(c, "attempts-record", tampered);
	if (st == RC_OK && anchor != (int64_t)total) {
		char n[32];
		snprintf(n, sizeof n, "%llu", (unsigned long long)total);
		st = meta_put(c, "attempts_total", n);
	}
	if (st == RC_OK)
		st = db_commit(&c->db);
	else
		db_rollback(&c->db);
	if (st != RC_OK)
		return st;
	c->failed_unlocks = since > UINT32_MAX ? UINT32_MAX : (unsigned)since;
	c->attempts_tampered = tampered != NULL;
	if (tampered)
		rc_log(RC_LOG_WARN, "the record of wrong passphrases was %s since the last unlock", tampered);
	if (astate != ATT_OK || a->failures != 0) {
		struct att z = { 0, total, astate == ATT_OK ? a->last : 0 };
		if (att_write(c->dir_fd, c->path, &z) != RC_OK)
			rc_log(RC_LOG_WARN, "could not reset the record of wrong passphrases");
		rc_error_clear();
	}
	return RC_OK;
}

static enum rc_status case_open(const char *path, const char *slot, const struct rc_secret *pass, bool reader,
	struct rc_case **out)
{
	rc_error_clear();
	*out = NULL;
	enum rc_status st = check_parent(path);
	if (st != RC_OK)
		return st;
	struct rc_case *c = case_alloc(path);
	st = case_lock(c, reader ? CL_READ : CL_WRITE);
	/* what an erase cut short left is finished (it takes the folder's
	 * flock exclusive for that, so only when nobody has it open) */
	if (st == RC_OK)
		st = finish_if_remnant(c->dir_fd, path, false);
	/* the writer's lock: a reader takes it too when nobody writes, so
	 * that what a killed process left is finished by whoever comes next */
	bool writer = false;
	if (st == RC_OK) {
		enum rc_status w = case_lock_writer(c);
		if (w == RC_OK) {
			writer = true;
		} else if (reader && w == RC_LOCKED) {
			rc_error_clear();
			close(c->wlock_fd);
			c->wlock_fd = -1;
		} else {
			st = w;
		}
	}
	/* a rekey cut short is finished only by one who has the case alone:
	 * it swaps the database under anyone reading it */
	bool alone = writer && flock(c->dir_fd, LOCK_EX | LOCK_NB) == 0;
	if (st == RC_OK && writer)
		stale_tmp_remove(c);
	if (st == RC_OK && alone)
		st = rekey_recover(c);
	if (alone)
		flock(c->dir_fd, LOCK_SH);
	struct ks_state kst;
	if (st == RC_OK)
		st = keys_read(c, &c->ks, &kst, NULL);
	if (st == RC_ERASED)
		st = RC_KEYSLOTS; /* cannot be: finish_if_remnant saw it first */
	if (st == RC_OK && !alone && (c->ks.flags & KS_FLAG_REKEY)) {
		rc_error_set("%s", _("A change of this case's key was cut short; it is finished the next time the case is opened while it is open nowhere else. Close it elsewhere and try again."));
		st = RC_LOCKED;
	}
	if (st == RC_OK && writer && kst.format == 2 && !kst.same) {
		/* a crash cut an update short, or a copy was damaged: both
		 * copies become the one read (and the older keys go) */
		rc_log(RC_LOG_INFO, "keyslots: copy %c was older or damaged; rewritten from copy %c",
			"AB"[1 - kst.winner], "AB"[kst.winner]);
		st = keys_write(c, &c->ks, "repair");
	}
	bool hot = false;
	if (st == RC_OK)
		st = check_db_file(c, &hot);
	struct att a;
	int astate = ATT_MISSING;
	if (st == RC_OK)
		st = att_read(c->dir_fd, path, &a, &astate);
	if (st == RC_OK) {
		unsigned w = att_wait(&a, rc_now());
		if (w > 0) {
			/* TRANSLATORS: under "Too many wrong passphrases for this case."; %u is a number of seconds. */
			rc_error_set(ngettext("Wait %u second before the next try.", "Wait %u seconds before the next try.", w), w);
			st = RC_WAIT;
		}
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
		if (st == RC_BADPASS) {
			/* kept outside the database, so the wait survives a restart */
			a.failures = a.failures < UINT32_MAX ? a.failures + 1 : a.failures;
			a.total++;
			a.last = (int64_t)rc_now();
			if (att_write(c->dir_fd, path, &a) != RC_OK)
				rc_log(RC_LOG_WARN, "could not record the wrong passphrase");
			rc_error_clear();
		}
	}
	if (st == RC_OK)
		st = db_open(&c->db, c->db_path, c->key, c->ks.page_size, c->ks.compat, false);
	if (st == RC_OK) {
		struct stat sb;
		int64_t pages = db_one_int(&c->db, "PRAGMA page_count", 0, &st);
		if (st == RC_OK && hot && stat(c->db_path, &sb) == 0 && !db_size_whole(c, sb.st_size))
			st = RC_CORRUPT; /* still not whole once the journal was played back */
		else if (st == RC_OK && stat(c->db_path, &sb) == 0 && pages * c->ks.page_size > sb.st_size) {
			rc_error_set(_("case.db is shorter than its own header says: it has been cut short."));
			st = RC_CORRUPT;
		}
	}
	if (st == RC_OK) {
		/* a writer elsewhere may be in a transaction: wait for it */
		sqlite3_busy_timeout(c->db.h, 10000);
		if (writer) {
			st = schema_migrate(c);
		} else {
			int64_t v = db_one_int(&c->db, "PRAGMA user_version", -1, &st);
			if (st == RC_OK && v != schema_version_latest()) {
				rc_error_set("%s", _("This case must be brought up to date by this version of recourse before it can be read alongside another window. Close it there and open it once here."));
				st = RC_LOCKED;
			}
		}
	}
	if (st == RC_OK)
		st = journal_unlock(c, &a, astate);
	if (st != RC_OK) {
		rc_case_close(&c);
		return st;
	}
	/* an update the office board missed, by whoever holds the writer's
	 * lock (a reader that found nobody writing too) */
	if (writer)
		office_catch_up(c);
	if (reader && c->wlock_fd >= 0) {
		close(c->wlock_fd); /* a reader: another may write now */
		c->wlock_fd = -1;
	}
	*out = c;
	return RC_OK;
}

enum rc_status rc_case_open_as(const char *path, const char *slot, const struct rc_secret *pass,
	struct rc_case **out)
{
	return case_open(path, slot, pass, false, out);
}

enum rc_status rc_case_open_read(const char *path, const char *slot, const struct rc_secret *pass,
	struct rc_case **out)
{
	return case_open(path, slot, pass, true, out);
}

enum rc_status rc_case_open(const char *path, const struct rc_secret *pass, struct rc_case **out)
{
	return rc_case_open_as(path, NULL, pass, out);
}

/* A slot list without unlocking (no passphrase).  A folder that an
 * interrupted erase left is finished here: the first thing the command
 * line and the terminal do with a case is list its slots. */
enum rc_status rc_case_slots(const char *path, struct rc_slot_info **slots, size_t *n)
{
	rc_error_clear();
	*slots = NULL;
	*n = 0;
	enum rc_status st = check_parent(path);
	int dfd = -1;
	if (st == RC_OK)
		st = open_case_dir(path, &dfd);
	if (st == RC_OK)
		st = finish_if_remnant(dfd, path, false);
	struct keyslots *ks = NULL;
	if (st == RC_OK) {
		ks = rc_xmalloc(sizeof *ks);
		int fd = open_in_case(dfd, path, "keyslots", O_RDONLY, 0, &st);
		if (fd >= 0) {
			st = ks_read_fd(fd, ks, NULL);
			close(fd);
		} else if (st == RC_NOTFOUND) {
			st = RC_NOTCASE;
		}
	}
	if (dfd >= 0)
		close(dfd);
	if (st == RC_OK) {
		*slots = rc_xcalloc(ks->n, sizeof **slots);
		for (size_t i = 0; i < ks->n; i++) {
			snprintf((*slots)[i].label, sizeof (*slots)[i].label, "%s", ks->slot[i].label);
			(*slots)[i].opslimit = ks->slot[i].opslimit;
			(*slots)[i].memlimit = ks->slot[i].memlimit;
			snprintf((*slots)[i].created, sizeof (*slots)[i].created, "%s", ks->slot[i].created);
		}
		*n = ks->n;
	}
	if (ks) {
		sodium_memzero(ks, sizeof *ks);
		free(ks);
	}
	return st;
}

/* ---- a transaction around several calls ---- */

int64_t rc_case_changes(struct rc_case *c)
{
	return c && c->db.h ? (int64_t)sqlite3_total_changes(c->db.h) : -1;
}

enum rc_status rc_case_begin(struct rc_case *c)
{
	rc_error_clear();
	return db_begin(&c->db);
}

enum rc_status rc_case_commit(struct rc_case *c)
{
	enum rc_status st = db_commit(&c->db);
	if (st != RC_OK)
		c->office_dirty = false; /* rolled back: the counter too */
	else if (!db_in_tx(&c->db))
		office_after_commit(c);
	return st;
}

void rc_case_rollback(struct rc_case *c)
{
	db_rollback(&c->db);
	c->office_dirty = false;
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

/* Write keyslots (in place) and the journal entry together: the journal
 * row is committed only once the new keyslots are safely on disk. */
static enum rc_status slots_commit(struct rc_case *c, struct keyslots *ks,
	const char *action, const char *label)
{
	if (ks->flags & KS_FLAG_REKEY) {
		/* a rekey whose last write failed in this process: the key in
		 * force is c->key; no slot keeps a second one */
		for (size_t i = 0; i < ks->n; i++) {
			ks_slot_reseal(&ks->slot[i], c->key);
			sodium_memzero(ks->slot[i].sealed_next, KS_SEALED_BYTES);
		}
		ks->flags &= ~(uint32_t)KS_FLAG_REKEY;
	}
	enum rc_status st = db_begin(&c->db);
	if (st != RC_OK)
		return st;
	st = journal_append_tx(c, action, label);
	if (st == RC_OK)
		st = keys_write(c, ks, action);
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
		if (ks.flags & KS_FLAG_REKEY)
			ks_slot_reseal_next(&ks.slot[ks.n], c->key);
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
	sodium_memzero(&ks.slot[ks.n], sizeof ks.slot[0]);
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
 * The steps, each safe to be cut short by a crash (rekey_recover() on the
 * next open finishes or undoes what is left):
 *  1. journal "rekey" in the old database;
 *  2. sqlcipher_export into case.db.rekey under the new key, fsync'ed
 *     (cut short: dropped);
 *  3. keyslots, in place: every slot keeps the old key and gets the new
 *     one sealed beside it, marked "rekey half done" (from here on the
 *     rekey is finished, not undone);
 *  4. rename case.db.rekey -> case.db (the switch), fsync of the folder;
 *  5. keyslots, in place: every slot keeps only the new key.
 */
enum rc_status rc_case_rekey(struct rc_case *c, rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	if (c->plain)
		return RC_USAGE;
	enum rc_status ex = case_exclusive(c);
	if (ex != RC_OK)
		return ex;
	char *dbr = rc_path_join(c->path, "case.db.rekey");
	unsigned char *nk = sodium_malloc(RC_DATA_KEY_BYTES);
	char *keytext = NULL;
	struct keyslots *ks = rc_xmalloc(sizeof *ks);
	*ks = c->ks;
	enum rc_status st = nk ? RC_OK : RC_NOMEM;
	sqlite3_stmt *q = NULL;
	struct progress_ctx pc = { progress, ud, 0 };

	unlinkat(c->dir_fd, "case.db.rekey", 0);
	unlinkat(c->dir_fd, "case.db.rekey-journal", 0);
	if (st == RC_OK) {
		randombytes_buf(nk, RC_DATA_KEY_BYTES);
		keytext = db_key_text(nk);
		st = keytext ? rc_journal_append(c, "rekey", "") : RC_NOMEM;
	}
	if (st == RC_OK) {
		/* The connection was opened without SQLITE_OPEN_CREATE, which
		 * ATTACH inherits: make the file here, 0600. */
		int fd = open_in_case(c->dir_fd, c->path, "case.db.rekey", O_WRONLY | O_CREAT | O_EXCL, 0600, &st);
		if (fd >= 0)
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
		int fd = open_in_case(c->dir_fd, c->path, "case.db.rekey", O_RDONLY, 0, &st);
		if (fd >= 0 && fsync(fd) != 0)
			st = rc_status_from_errno(errno);
		if (fd >= 0)
			close(fd);
	}
	if (st == RC_OK)
		store_step("rekey/exported");
	/* 3. both keys in keyslots */
	for (size_t i = 0; st == RC_OK && i < ks->n; i++)
		st = ks_slot_reseal_next(&ks->slot[i], nk);
	if (st == RC_OK) {
		ks->flags |= KS_FLAG_REKEY;
		st = keys_write(c, ks, "rekey-pending");
		if (st != RC_OK)
			keys_write(c, &c->ks, "rekey-undo"); /* back to the old key only */
	}
	if (st != RC_OK) {
		unlinkat(c->dir_fd, "case.db.rekey", 0);
		unlinkat(c->dir_fd, "case.db.rekey-journal", 0);
		goto out;
	}
	/* 4. the switch.  Close the old handle first. */
	db_close(&c->db);
	if (renameat(c->dir_fd, "case.db.rekey", c->dir_fd, "case.db") != 0 || sync_dir_fd(c->dir_fd) != RC_OK) {
		st = rc_status_from_errno(errno);
		if (!exists_at(c->dir_fd, "case.db.rekey")) {
			/* renamed, not synced: the new database is in force */
			memcpy(c->key, nk, RC_DATA_KEY_BYTES);
			c->ks = *ks; /* the next open (or slot change) finishes keyslots */
		} else {
			keys_write(c, &c->ks, "rekey-undo");
			unlinkat(c->dir_fd, "case.db.rekey", 0);
		}
	} else {
		store_step("rekey/switched");
		/* 5. only the new key */
		memcpy(c->key, nk, RC_DATA_KEY_BYTES);
		struct keyslots *fin = rc_xmalloc(sizeof *fin);
		*fin = *ks;
		for (size_t i = 0; i < fin->n; i++) {
			memcpy(fin->slot[i].sealed_key, fin->slot[i].sealed_next, KS_SEALED_BYTES);
			sodium_memzero(fin->slot[i].sealed_next, KS_SEALED_BYTES);
		}
		fin->flags &= ~(uint32_t)KS_FLAG_REKEY;
		st = keys_write(c, fin, "rekey-finish");
		c->ks = st == RC_OK ? *fin : *ks; /* not written: the next open finishes it */
		sodium_memzero(fin, sizeof *fin);
		free(fin);
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
	sodium_memzero(ks, sizeof *ks);
	free(ks);
	free(dbr);
	return st;
}

/* ---- erase ---- */

enum rc_status rc_case_erase(struct rc_case **cp)
{
	rc_error_clear();
	struct rc_case *c = *cp;
	if (c->plain) {
		rc_case_close(cp);
		return RC_USAGE;
	}
	enum rc_status ex = case_exclusive(c);
	if (ex != RC_OK) {
		char saved[512];
		snprintf(saved, sizeof saved, "%s", rc_error_detail());
		rc_case_close(cp); /* untouched on disk */
		rc_error_set("%s", saved);
		return ex;
	}
	store_step("erase/begin");
	/* SQLite first: nothing of it may write into the folder afterwards */
	db_forget(&c->db);
	db_close(&c->db);
	enum rc_status st = erase_dir(c->dir_fd, c->path, "erase");
	rc_case_close(cp); /* the lock goes last */
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
