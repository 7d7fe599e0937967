/* tmpvfs.c - SQLite's temporary files, encrypted and kept in the case
 * folder.
 *
 * SQLCipher encrypts the case database and its rollback journal, but not
 * the temporary files SQLite opens on its own: the sorter's runs when an
 * index is built, statement journals, TEMP tables.  Keeping them in
 * memory (temp_store=MEMORY) makes a large import's memory grow with the
 * number of events.  So every connection to a case goes through a thin
 * VFS over the default one that:
 *
 *   - passes the case database and its journal straight through (the
 *     file object is the default VFS's own, at no cost per call);
 *   - gives each temporary file a name in the case folder (so it is on
 *     the same disk as the case, and nothing is written anywhere else),
 *     opened delete-on-close: the name is unlinked at once, and nothing
 *     is left behind when the process is killed;
 *   - encrypts every byte written to a temporary file with XChaCha20,
 *     under a random key that exists only in this process's memory for
 *     as long as the file is open (the stream is addressed by file
 *     offset, so reads and writes at any offset work).
 *
 * The temporary files are not authenticated: they live for one statement
 * or one transaction, their key never leaves memory, and anyone able to
 * change them under a running process could change the process itself.
 *
 * One VFS is registered per case folder and kept for the life of the
 * process (a program opens a handful of cases). */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

#define TMP_KEY_BYTES crypto_stream_xchacha20_KEYBYTES
#define TMP_NONCE_BYTES crypto_stream_xchacha20_NONCEBYTES
#define TMP_BLOCK 64 /* bytes of key stream per counter step */

struct tmpvfs {
	sqlite3_vfs base;    /* first: SQLite sees a sqlite3_vfs */
	sqlite3_vfs *real;
	char *dir;
	char name[48];
	struct tmpvfs *next;
};

struct tmpfile {
	sqlite3_file base;   /* first: pMethods */
	sqlite3_file *real;  /* the default VFS's file, just after this struct */
	char *path;
	unsigned char key[TMP_KEY_BYTES];
	unsigned char nonce[TMP_NONCE_BYTES];
	unsigned char *scratch; /* encrypted copy of what is being written */
	size_t scratch_cap;
};

static pthread_mutex_t vfs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tmpvfs *vfs_list;
static unsigned vfs_serial;
static uint64_t files_opened;

uint64_t tmpvfs_opened(void)
{
	return __atomic_load_n(&files_opened, __ATOMIC_RELAXED);
}

/* ---- the key stream ---- */

/* out = in XOR key stream at byte offset off (in and out may be the same). */
static void tmp_xor(const struct tmpfile *f, unsigned char *out, const unsigned char *in, size_t n,
	sqlite3_int64 off)
{
	uint64_t block = (uint64_t)off / TMP_BLOCK;
	size_t skip = (size_t)((uint64_t)off % TMP_BLOCK);
	if (skip) {
		unsigned char ks[TMP_BLOCK] = { 0 };
		crypto_stream_xchacha20_xor_ic(ks, ks, TMP_BLOCK, f->nonce, block, f->key);
		size_t k = TMP_BLOCK - skip < n ? TMP_BLOCK - skip : n;
		for (size_t i = 0; i < k; i++)
			out[i] = in[i] ^ ks[skip + i];
		sodium_memzero(ks, sizeof ks);
		out += k;
		in += k;
		n -= k;
		block++;
	}
	if (n)
		crypto_stream_xchacha20_xor_ic(out, in, n, f->nonce, block, f->key);
}

/* ---- the temporary file's methods ---- */

static int tmp_close(sqlite3_file *pf)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
	sodium_memzero(f->key, sizeof f->key);
	if (f->scratch) {
		sodium_memzero(f->scratch, f->scratch_cap);
		free(f->scratch);
	}
	free(f->path);
	f->scratch = NULL;
	f->path = NULL;
	return rc;
}

static int tmp_read(sqlite3_file *pf, void *buf, int amt, sqlite3_int64 off)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	int rc = f->real->pMethods->xRead(f->real, buf, amt, off);
	if (rc == SQLITE_OK) {
		tmp_xor(f, buf, buf, (size_t)amt, off);
	} else if (rc == SQLITE_IOERR_SHORT_READ) {
		/* The bytes past the end are zeros, and must stay zeros. */
		sqlite3_int64 size = 0;
		if (f->real->pMethods->xFileSize(f->real, &size) != SQLITE_OK)
			return SQLITE_IOERR_READ;
		if (size > off) {
			size_t got = (size_t)(size - off) < (size_t)amt ? (size_t)(size - off) : (size_t)amt;
			tmp_xor(f, buf, buf, got, off);
		}
	}
	return rc;
}

static int tmp_write(sqlite3_file *pf, const void *buf, int amt, sqlite3_int64 off)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	if (amt <= 0)
		return f->real->pMethods->xWrite(f->real, buf, amt, off);
	if ((size_t)amt > f->scratch_cap) {
		unsigned char *p = malloc((size_t)amt);
		if (!p)
			return SQLITE_IOERR_NOMEM;
		if (f->scratch) {
			sodium_memzero(f->scratch, f->scratch_cap);
			free(f->scratch);
		}
		f->scratch = p;
		f->scratch_cap = (size_t)amt;
	}
	tmp_xor(f, f->scratch, buf, (size_t)amt, off);
	return f->real->pMethods->xWrite(f->real, f->scratch, amt, off);
}

static int tmp_truncate(sqlite3_file *pf, sqlite3_int64 size)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xTruncate(f->real, size);
}

static int tmp_sync(sqlite3_file *pf, int flags)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xSync(f->real, flags);
}

static int tmp_file_size(sqlite3_file *pf, sqlite3_int64 *size)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xFileSize(f->real, size);
}

static int tmp_lock(sqlite3_file *pf, int lock)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xLock(f->real, lock);
}

static int tmp_unlock(sqlite3_file *pf, int lock)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xUnlock(f->real, lock);
}

static int tmp_check_lock(sqlite3_file *pf, int *out)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int tmp_control(sqlite3_file *pf, int op, void *arg)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	/* No memory-mapped reads: they would bypass the decryption. */
	if (op == SQLITE_FCNTL_MMAP_SIZE)
		return SQLITE_NOTFOUND;
	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int tmp_sector_size(sqlite3_file *pf)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xSectorSize(f->real);
}

static int tmp_device(sqlite3_file *pf)
{
	struct tmpfile *f = (struct tmpfile *)pf;
	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

/* Version 1: no shared memory and no xFetch (memory-mapped pages would
 * be read without being decrypted). */
static const sqlite3_io_methods tmp_methods = {
	1, tmp_close, tmp_read, tmp_write, tmp_truncate, tmp_sync, tmp_file_size, tmp_lock,
	tmp_unlock, tmp_check_lock, tmp_control, tmp_sector_size, tmp_device,
	NULL, NULL, NULL, NULL, NULL, NULL,
};

/* ---- the VFS ---- */

#define TEMP_KINDS (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TRANSIENT_DB | SQLITE_OPEN_TEMP_JOURNAL \
	| SQLITE_OPEN_SUBJOURNAL)

static int vfs_open(sqlite3_vfs *pv, const char *name, sqlite3_file *pf, int flags, int *out_flags)
{
	struct tmpvfs *v = (struct tmpvfs *)pv;
	if (name && !(flags & TEMP_KINDS))
		return v->real->xOpen(v->real, name, pf, flags, out_flags);
	struct tmpfile *f = (struct tmpfile *)pf;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)(f + 1);
	memset(f->real, 0, (size_t)v->real->szOsFile);
	char rnd[9], hex[19];
	randombytes_buf(rnd, 8);
	rc_hex_encode((const unsigned char *)rnd, 8, hex);
	hex[16] = 0;
	size_t n = strlen(v->dir) + 32;
	f->path = malloc(n);
	if (!f->path)
		return SQLITE_NOMEM;
	snprintf(f->path, n, "%s/.tmp-%s", v->dir, hex);
	int fl = (flags & ~(SQLITE_OPEN_READONLY)) | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
	         | SQLITE_OPEN_EXCLUSIVE | SQLITE_OPEN_DELETEONCLOSE;
	int rc = v->real->xOpen(v->real, f->path, f->real, fl, out_flags);
	if (rc != SQLITE_OK) {
		free(f->path);
		f->path = NULL;
		return rc;
	}
	randombytes_buf(f->key, sizeof f->key);
	randombytes_buf(f->nonce, sizeof f->nonce);
	f->base.pMethods = &tmp_methods;
	__atomic_fetch_add(&files_opened, 1, __ATOMIC_RELAXED);
	return SQLITE_OK;
}

#define REAL(pv) (((struct tmpvfs *)(pv))->real)

static int vfs_delete(sqlite3_vfs *pv, const char *name, int sync_dir)
{
	return REAL(pv)->xDelete(REAL(pv), name, sync_dir);
}

static int vfs_access(sqlite3_vfs *pv, const char *name, int flags, int *out)
{
	return REAL(pv)->xAccess(REAL(pv), name, flags, out);
}

static int vfs_full_pathname(sqlite3_vfs *pv, const char *name, int n, char *out)
{
	return REAL(pv)->xFullPathname(REAL(pv), name, n, out);
}

static void *vfs_dl_open(sqlite3_vfs *pv, const char *name)
{
	(void)pv;
	(void)name;
	return NULL; /* no extensions are ever loaded */
}

static void vfs_dl_error(sqlite3_vfs *pv, int n, char *msg)
{
	(void)pv;
	if (n > 0)
		snprintf(msg, (size_t)n, "loading extensions is disabled");
}

static void (*vfs_dl_sym(sqlite3_vfs *pv, void *h, const char *sym))(void)
{
	(void)pv;
	(void)h;
	(void)sym;
	return NULL;
}

static void vfs_dl_close(sqlite3_vfs *pv, void *h)
{
	(void)pv;
	(void)h;
}

static int vfs_randomness(sqlite3_vfs *pv, int n, char *out)
{
	return REAL(pv)->xRandomness(REAL(pv), n, out);
}

static int vfs_sleep(sqlite3_vfs *pv, int us)
{
	return REAL(pv)->xSleep(REAL(pv), us);
}

static int vfs_current_time(sqlite3_vfs *pv, double *out)
{
	return REAL(pv)->xCurrentTime(REAL(pv), out);
}

static int vfs_last_error(sqlite3_vfs *pv, int n, char *out)
{
	return REAL(pv)->xGetLastError ? REAL(pv)->xGetLastError(REAL(pv), n, out) : 0;
}

static int vfs_current_time64(sqlite3_vfs *pv, sqlite3_int64 *out)
{
	if (REAL(pv)->iVersion >= 2 && REAL(pv)->xCurrentTimeInt64)
		return REAL(pv)->xCurrentTimeInt64(REAL(pv), out);
	double d;
	int rc = REAL(pv)->xCurrentTime(REAL(pv), &d);
	*out = (sqlite3_int64)(d * 86400000.0);
	return rc;
}

const char *tmpvfs_for(const char *dir)
{
	const char *name = NULL;
	pthread_mutex_lock(&vfs_mu);
	for (struct tmpvfs *v = vfs_list; v; v = v->next)
		if (strcmp(v->dir, dir) == 0) {
			name = v->name;
			break;
		}
	sqlite3_vfs *real = name ? NULL : sqlite3_vfs_find(NULL);
	if (real) {
		struct tmpvfs *v = rc_xcalloc(1, sizeof *v);
		v->real = real;
		v->dir = rc_xstrdup(dir);
		snprintf(v->name, sizeof v->name, "recourse-tmp-%u", ++vfs_serial);
		v->base.iVersion = 2;
		v->base.szOsFile = (int)sizeof(struct tmpfile) + real->szOsFile;
		v->base.mxPathname = real->mxPathname;
		v->base.zName = v->name;
		v->base.xOpen = vfs_open;
		v->base.xDelete = vfs_delete;
		v->base.xAccess = vfs_access;
		v->base.xFullPathname = vfs_full_pathname;
		v->base.xDlOpen = vfs_dl_open;
		v->base.xDlError = vfs_dl_error;
		v->base.xDlSym = vfs_dl_sym;
		v->base.xDlClose = vfs_dl_close;
		v->base.xRandomness = vfs_randomness;
		v->base.xSleep = vfs_sleep;
		v->base.xCurrentTime = vfs_current_time;
		v->base.xGetLastError = vfs_last_error;
		v->base.xCurrentTimeInt64 = vfs_current_time64;
		if (sqlite3_vfs_register(&v->base, 0) == SQLITE_OK) {
			v->next = vfs_list;
			vfs_list = v;
			name = v->name;
		} else {
			free(v->dir);
			free(v);
		}
	}
	pthread_mutex_unlock(&vfs_mu);
	return name;
}
