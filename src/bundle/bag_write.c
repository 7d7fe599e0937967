/* bag_write.c - writing a BagIt 1.0 bag (RFC 8493) as a folder, a .tar
 * or a .zip (libarchive), never whole in memory, never half-written.
 *
 * Crash-safety: everything goes to ".NAME.tmp-XXXXXX" (a folder, or one
 * file for an archive) in the destination folder; every file is fsync'ed,
 * then the folders, then the temporary name is renamed to NAME (not over
 * anything that is there) and the destination folder fsync'ed.  Any
 * failure before that, and a writer freed without a commit, removes the
 * temporary name: a pulled stick leaves at most that name behind, which
 * the next write does not mistake for a bag.
 *
 * Order of the files: bagit.txt first, then the payload (bag_files.c:
 * each file hashed, SHA-256 and SHA-512, and written by a second thread
 * as the caller gives its bytes), then bag-info.txt (its Payload-Oxum
 * counts what was written), the two manifests and the tag manifest, then
 * the caller's unlisted files.  rc_bag_write() is the same from a list of
 * files. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "bagit-int.h"

/* ------------------------------------------------------------------ */
/* Test hook: a destination that fills up or goes away. */
static uint64_t fail_budget = UINT64_MAX;
static int fail_errno;
#ifdef RC_TEST_HOOKS
void rc_bag_test_fail_after(uint64_t bytes, int err)
{
	fail_budget = bytes;
	fail_errno = err;
}
#endif

/* Write all of p to fd; -1 with errno set on failure. */
int bag_raw_write(int fd, const void *p, size_t n)
{
	if (fail_budget != UINT64_MAX) {
		if (n > fail_budget) {
			fail_budget = 0;
			errno = fail_errno;
			return -1;
		}
		fail_budget -= n;
	}
	const char *c = p;
	while (n > 0) {
		ssize_t k = write(fd, c, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

void bag_flush_early(int fd, uint64_t written, uint64_t *flushed)
{
	if (written - *flushed < ((uint64_t)8 << 20))
		return;
	/* a failure here shows at the fsync */
	(void)sync_file_range(fd, (off_t)*flushed, (off_t)(written - *flushed), SYNC_FILE_RANGE_WRITE);
	*flushed = written;
}

/* The status and the translated detail for a failed write or fsync. */
enum rc_status bag_dest_error(int err)
{
	switch (err) {
	case ENOSPC:
	case EDQUOT:
		/* TRANSLATORS: writing an evidence bundle; the disk or USB stick is full. */
		rc_error_set("%s", _("The destination is full. The unfinished bundle was removed."));
		return RC_NOSPACE;
	case EIO:
	case ENODEV:
	case ENXIO:
	case ENOENT:
	case ESTALE:
		/* TRANSLATORS: writing an evidence bundle; the USB stick was probably pulled out. */
		rc_error_set("%s", _("The destination went away or cannot be written any more (was the drive removed?). Nothing usable was left there."));
		return RC_IO;
	case ENOMEM:
		return RC_NOMEM;
	default:
		/* TRANSLATORS: writing an evidence bundle; %s is the system's reason. */
		rc_error_set(_("The bundle could not be written: %s. The unfinished bundle was removed."), strerror(err));
		return RC_IO;
	}
}

/* "5.2 MB": decimal units, one decimal, whatever the locale. */
static void human_size(uint64_t n, char *buf, size_t len)
{
	static const char *const units[] = { "KB", "MB", "GB", "TB", "PB" };
	if (n < 1000) {
		snprintf(buf, len, "%llu bytes", (unsigned long long)n);
		return;
	}
	int u = 0;
	uint64_t div = 1000;
	while (u < 4 && n / div >= 1000) {
		div *= 1000;
		u++;
	}
	uint64_t tenths = (n * 10 + div / 2) / div; /* n < 1e18: no overflow */
	if (n >= UINT64_MAX / 10)
		tenths = n / div * 10;
	snprintf(buf, len, "%llu.%llu %s", (unsigned long long)(tenths / 10),
	         (unsigned long long)(tenths % 10), units[u]);
}

/* ------------------------------------------------------------------ */
/* libarchive's output: our own write, so that errno is ours to map. */

static la_ssize_t ar_write_cb(struct archive *a, void *ud, const void *buf, size_t n)
{
	struct rc_bag_writer *w = ud;
	if (bag_raw_write(w->fd, buf, n) != 0) {
		w->ar_errno = errno;
		archive_set_error(a, errno, "write failed");
		return -1;
	}
	w->ar_written += n;
	bag_flush_early(w->fd, w->ar_written, &w->ar_flushed);
	return (la_ssize_t)n;
}

static int ar_close_cb(struct archive *a, void *ud)
{
	(void)a;
	(void)ud;
	return ARCHIVE_OK;
}

static enum rc_status ar_fail(struct rc_bag_writer *w)
{
	/* our write callback's errno; any other failure of libarchive is
	 * reported as a failed write */
	int err = w->ar_errno ? w->ar_errno : EIO;
	w->broken = true;
	return bag_dest_error(err);
}

/* ------------------------------------------------------------------ */
/* One file in the bag: begin, data, end. */

enum rc_status bag_mkdirs(struct rc_bag_writer *w, const char *rel)
{
	char buf[RC_BAG_PATH_MAX + 1];
	snprintf(buf, sizeof buf, "%s", rel);
	for (char *s = strchr(buf, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (!rc_strset_has(&w->dirs, buf)) {
			char *full = rc_path_join(w->tmp, buf);
			int r = mkdir(full, 0700);
			int err = errno;
			free(full);
			if (r != 0 && err != EEXIST)
				return bag_dest_error(err);
			rc_strset_add(&w->dirs, buf);
		}
		*s = '/';
	}
	return RC_OK;
}

enum rc_status bag_name_add(struct rc_bag_writer *w, const char *rel)
{
	if (!rc_strset_add(&w->names, rel)) {
		/* TRANSLATORS: writing an evidence bundle; %s is a file name inside it. */
		rc_error_set(_("The name %s is given twice."), rel);
		return RC_INVALID;
	}
	return RC_OK;
}

/* A tag file (or an unlisted one): begin, data, end, in the caller's
 * thread while the worker is idle. */
static enum rc_status file_begin(struct rc_bag_writer *w, const char *rel, uint64_t size)
{
	enum rc_status st0 = bag_name_add(w, rel);
	if (st0 != RC_OK)
		return st0;
	if (w->fmt == RC_BAG_DIR) {
		enum rc_status st = bag_mkdirs(w, rel);
		if (st != RC_OK)
			return st;
		char *full = rc_path_join(w->tmp, rel);
		w->file_fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		int err = errno;
		free(full);
		return w->file_fd < 0 ? bag_dest_error(err) : RC_OK;
	}
	int r = bag_ar_header(w, rel, size);
	return r == ARCHIVE_OK ? RC_OK : r == ARCHIVE_FATAL - 1 ? RC_NOMEM : ar_fail(w);
}

int bag_ar_header(struct rc_bag_writer *w, const char *rel, uint64_t size)
{
	struct archive_entry *e = archive_entry_new();
	if (!e)
		return ARCHIVE_FATAL - 1;
	char *name = rc_path_join(w->prefix, rel); /* prefix ends without "/" */
	archive_entry_set_pathname(e, name);
	free(name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_mtime(e, w->mtime, 0);
	int r = archive_write_header(w->ar, e);
	archive_entry_free(e);
	return r;
}

static enum rc_status file_data(struct rc_bag_writer *w, const void *p, size_t n)
{
	if (w->fmt == RC_BAG_DIR)
		return bag_raw_write(w->file_fd, p, n) == 0 ? RC_OK : bag_dest_error(errno);
	const char *c = p;
	while (n > 0) {
		la_ssize_t k = archive_write_data(w->ar, c, n);
		if (k <= 0)
			return ar_fail(w);
		c += k;
		n -= (size_t)k;
	}
	return RC_OK;
}

static enum rc_status file_end(struct rc_bag_writer *w)
{
	if (w->fmt == RC_BAG_DIR) {
		int r = fsync(w->file_fd);
		int err = errno;
		if (close(w->file_fd) != 0 && r == 0) {
			r = -1;
			err = errno;
		}
		w->file_fd = -1;
		return r == 0 ? RC_OK : bag_dest_error(err);
	}
	return archive_write_finish_entry(w->ar) == ARCHIVE_OK ? RC_OK : ar_fail(w);
}

static enum rc_status file_whole(struct rc_bag_writer *w, const char *rel, const void *p, size_t n)
{
	enum rc_status st = file_begin(w, rel, n);
	if (st == RC_OK && n > 0)
		st = file_data(w, p, n);
	if (st == RC_OK)
		st = file_end(w);
	return st;
}

/* ------------------------------------------------------------------ */

enum rc_status rc_bag_writer_new(struct rc_bag_writer **out, const char *dest, enum rc_bag_format fmt)
{
	*out = NULL;
	if (!dest || !*dest || (fmt != RC_BAG_DIR && fmt != RC_BAG_TAR && fmt != RC_BAG_ZIP))
		return RC_INVALID;
	struct stat sb;
	if (lstat(dest, &sb) == 0) {
		/* TRANSLATORS: writing an evidence bundle; the chosen name is taken. */
		rc_error_set("%s", _("Something with that name is already there. Choose another name."));
		return RC_INVALID;
	}
	struct rc_bag_writer *w = rc_xcalloc(1, sizeof *w);
	w->dest = rc_xstrdup(dest);
	size_t dl = strlen(dest);
	while (dl > 1 && dest[dl - 1] == '/')
		w->dest[--dl] = '\0';
	const char *slash = strrchr(w->dest, '/');
	w->parent = slash ? (slash == w->dest ? rc_xstrdup("/") : rc_xstrndup(w->dest, (size_t)(slash - w->dest)))
	                  : rc_xstrdup(".");
	const char *base = slash ? slash + 1 : w->dest;
	size_t bl = strlen(base);
	if (bl > 4 && (!strcasecmp(base + bl - 4, ".tar") || !strcasecmp(base + bl - 4, ".zip")))
		bl -= 4;
	w->prefix = rc_xstrndup(base, bl);
	if (!rc_bag_path_ok(w->prefix) || strchr(w->prefix, '/')) {
		free(w->prefix);
		w->prefix = rc_xstrdup("bag");
	}
	w->fmt = fmt;
	w->fd = -1;
	w->file_fd = -1;
	rc_buf_init(&w->tagmanifest);
	w->chunk = rc_xmalloc(CHUNK);
	w->mtime = rc_now();
	*out = w;
	return RC_OK;
}

static int rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tmp(struct rc_bag_writer *w)
{
	bag_worker_stop(w);
	if (!w->tmp)
		return;
	if (w->fmt == RC_BAG_DIR) {
		if (w->file_fd >= 0)
			close(w->file_fd);
		w->file_fd = -1;
		nftw(w->tmp, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	} else {
		if (w->ar) {
			archive_write_free(w->ar); /* may try to write the end: it goes nowhere useful */
			w->ar = NULL;
		}
		if (w->fd >= 0)
			close(w->fd);
		w->fd = -1;
		unlink(w->tmp);
	}
	free(w->tmp);
	w->tmp = NULL;
}

void rc_bag_writer_free(struct rc_bag_writer **pw)
{
	struct rc_bag_writer *w = *pw;
	if (!w)
		return;
	if (!w->committed)
		remove_tmp(w);
	free(w->dest);
	free(w->parent);
	free(w->tmp);
	free(w->prefix);
	bag_worker_stop(w);
	bag_files_free(w);
	rc_strset_free(&w->names);
	rc_strset_free(&w->dirs);
	rc_buf_free(&w->tagmanifest);
	free(w->chunk);
	free(w);
	*pw = NULL;
}

/* The temporary folder or file. */
static enum rc_status make_tmp(struct rc_bag_writer *w)
{
	const char *base = strrchr(w->dest, '/');
	base = base ? base + 1 : w->dest;
	size_t n = strlen(w->parent) + strlen(base) + 32;
	w->tmp = rc_xmalloc(n);
	snprintf(w->tmp, n, "%s/.%s.tmp-XXXXXX", w->parent, base);
	if (w->fmt == RC_BAG_DIR) {
		if (!mkdtemp(w->tmp)) {
			int err = errno;
			free(w->tmp);
			w->tmp = NULL;
			return bag_dest_error(err);
		}
		return RC_OK;
	}
	w->fd = mkostemp(w->tmp, O_CLOEXEC);
	if (w->fd < 0) {
		int err = errno;
		free(w->tmp);
		w->tmp = NULL;
		return bag_dest_error(err);
	}
	w->ar = archive_write_new();
	if (!w->ar)
		return RC_NOMEM;
	int r = w->fmt == RC_BAG_TAR ? archive_write_set_format_pax_restricted(w->ar)
	                             : archive_write_set_format_zip(w->ar);
	if (r == ARCHIVE_OK && w->fmt == RC_BAG_TAR)
		r = archive_write_set_bytes_in_last_block(w->ar, 1);
	if (r == ARCHIVE_OK)
		r = archive_write_open2(w->ar, w, NULL, ar_write_cb, ar_close_cb, NULL);
	return r == ARCHIVE_OK ? RC_OK : ar_fail(w);
}

/* Is there room for about `need` bytes in the destination folder? */
static enum rc_status check_space(const struct rc_bag_writer *w, uint64_t need)
{
	struct statvfs vfs;
	if (statvfs(w->parent, &vfs) != 0)
		return bag_dest_error(errno);
	uint64_t avail = (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize;
	if (avail >= need)
		return RC_OK;
	char have[32], want[32];
	human_size(avail, have, sizeof have);
	human_size(need, want, sizeof want);
	/* TRANSLATORS: writing an evidence bundle; the first %s is the free space ("3.1 MB"), the second what the bundle needs. */
	rc_error_set(_("The destination has %s free; the bundle needs about %s. Nothing was written."), have, want);
	return RC_NOSPACE;
}

static bool label_ok(const char *l)
{
	if (!l || !*l)
		return false;
	for (const char *p = l; *p; p++)
		if (*p <= 0x20 || *p > 0x7e || *p == ':')
			return false;
	return strcasecmp(l, "Payload-Oxum") != 0 && strcasecmp(l, "Bag-Size") != 0;
}

/* "Label: value", folded at single spaces to lines of at most 79 bytes
 * (RFC 8493 2.2.2); continuation lines start with two spaces, which a
 * reader turns back into the one space that was there. */
static void add_field(struct rc_buf *b, const char *label, const char *value)
{
	size_t col = strlen(label) + 2;
	rc_buf_printf(b, "%s: ", label);
	const char *p = value;
	while (*p) {
		size_t rest = strlen(p);
		if (col + rest <= 79) {
			rc_buf_addstr(b, p);
			break;
		}
		/* the last single space at which the line still fits, else the first one */
		const char *cut = NULL;
		for (const char *s = p + 1; *s; s++) {
			if (s[0] == ' ' && s[-1] != ' ' && s[1] && s[1] != ' ') {
				if (col + (size_t)(s - p) > 79 && cut)
					break;
				cut = s;
				if (col + (size_t)(s - p) > 79)
					break;
			}
		}
		if (!cut) {
			rc_buf_addstr(b, p);
			break;
		}
		rc_buf_add(b, p, (size_t)(cut - p));
		rc_buf_addstr(b, "\n  ");
		col = 2;
		p = cut + 1;
	}
	rc_buf_addstr(b, "\n");
}

/* bag-info.txt's fields: a label of its own, one line of clean text. */
static enum rc_status check_fields(const struct rc_bag_field *fields, size_t nfields)
{
	for (size_t i = 0; i < nfields; i++) {
		const char *v = fields[i].value;
		if (!label_ok(fields[i].label) || !v || !rc_text_is_clean(v, strlen(v))) {
			/* TRANSLATORS: writing an evidence bundle; %s is the name of a field of its description (bag-info.txt), such as "Contact-Name". */
			rc_error_set(_("The field %s of the bundle's description is not valid."),
			             label_ok(fields[i].label) ? fields[i].label : "?");
			return RC_INVALID;
		}
	}
	return RC_OK;
}

/* The checks made before anything is written. */
static enum rc_status check_input(const struct rc_bag_entry *entries, size_t n,
                                  const struct rc_bag_field *fields, size_t nfields)
{
	enum rc_status st = RC_OK;
	struct rc_strset files = { 0 };
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		const struct rc_bag_entry *e = &entries[i];
		if (!rc_bag_path_ok(e->path) || strlen(e->path) > RC_BAG_PATH_MAX - 5) {
			/* TRANSLATORS: writing an evidence bundle; %s is a file name given for it (only letters A-Z, digits, ".", "_", "-" and "/" are allowed). */
			rc_error_set(_("The file name %s cannot go into a bundle."), e->path ? e->path : "");
			st = RC_INVALID;
		} else if ((e->read && e->data) || (!e->read && !e->data && e->len > 0)) {
			rc_error_set(_("The file name %s cannot go into a bundle."), e->path);
			st = RC_INVALID;
		} else if (!rc_strset_add(&files, e->path)) {
			rc_error_set(_("The name %s is given twice."), e->path);
			st = RC_INVALID;
		}
	}
	/* a name that is also a folder of another ("a" and "a/b") */
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		char buf[RC_BAG_PATH_MAX + 1];
		snprintf(buf, sizeof buf, "%s", entries[i].path);
		for (char *s = strchr(buf, '/'); s && st == RC_OK; s = strchr(s + 1, '/')) {
			*s = '\0';
			if (rc_strset_has(&files, buf)) {
				rc_error_set(_("The name %s is given twice."), buf);
				st = RC_INVALID;
			}
			*s = '/';
		}
	}
	rc_strset_free(&files);
	return st == RC_OK ? check_fields(fields, nfields) : st;
}

/* Write a tag file and add its line to the tag manifest. */
static enum rc_status write_tag(struct rc_bag_writer *w, const char *name, struct rc_buf *b, struct rc_buf *tm)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256((unsigned char *)h, (const unsigned char *)(b->data ? b->data : ""), b->len);
	rc_hex_encode(h, sizeof h, hex);
	if (tm)
		rc_buf_printf(tm, "%s  %s\n", hex, name);
	return file_whole(w, name, b->data ? b->data : "", b->len);
}

static int by_file_path(const void *a, const void *b)
{
	const struct rc_bag_out *x = *(const struct rc_bag_out *const *)a, *y = *(const struct rc_bag_out *const *)b;
	return strcmp(x->path, y->path);
}

static enum rc_status fail_now(struct rc_bag_writer *w, enum rc_status st)
{
	if (st != RC_OK) {
		w->broken = true;
		remove_tmp(w);
	}
	return st;
}

enum rc_status rc_bag_begin(struct rc_bag_writer *w, uint64_t about)
{
	if (w->begun || w->broken)
		return RC_INVALID;
	w->begun = true;
	enum rc_status st = check_space(w, about);
	if (st == RC_OK)
		st = make_tmp(w);
	if (st == RC_OK) {
		struct rc_buf b;
		rc_buf_init(&b);
		rc_buf_addstr(&b, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
		st = write_tag(w, "bagit.txt", &b, &w->tagmanifest);
		rc_buf_free(&b);
	}
	if (st == RC_OK)
		bag_worker_start(w);
	return fail_now(w, st);
}

enum rc_status rc_bag_finish(struct rc_bag_writer *w, const struct rc_bag_field *fields, size_t nfields)
{
	if (!w->begun || w->written || w->broken || !w->tmp)
		return RC_INVALID;
	enum rc_status st = bag_worker_sync(w);
	for (size_t i = 0; st == RC_OK && i < w->nfiles; i++)
		if (!w->files[i]->closed)
			st = RC_INVALID;
	bag_worker_stop(w);
	if (st != RC_OK)
		return fail_now(w, st);
	w->written = true;
	st = check_fields(fields, nfields);
	struct rc_buf b, tm;
	rc_buf_init(&b);
	rc_buf_init(&tm);
	rc_buf_add(&tm, w->tagmanifest.data, w->tagmanifest.len); /* bagit.txt's line */
	uint64_t total = 0;
	for (size_t i = 0; i < w->nfiles; i++)
		total += w->files[i]->size;
	if (st == RC_OK) {
		char oxum[48], size[32];
		for (size_t i = 0; i < nfields; i++)
			add_field(&b, fields[i].label, fields[i].value);
		snprintf(oxum, sizeof oxum, "%llu.%llu", (unsigned long long)total, (unsigned long long)w->nfiles);
		add_field(&b, "Payload-Oxum", oxum);
		human_size(total, size, sizeof size);
		add_field(&b, "Bag-Size", size);
		st = write_tag(w, "bag-info.txt", &b, &tm);
	}
	struct rc_bag_out **order = rc_xcalloc(w->nfiles + 1, sizeof *order);
	memcpy(order, w->files, w->nfiles * sizeof *order);
	if (w->nfiles)
		qsort(order, w->nfiles, sizeof *order, by_file_path);
	for (int alg = 0; alg < 2 && st == RC_OK; alg++) {
		rc_buf_reset(&b);
		for (size_t i = 0; i < w->nfiles; i++)
			rc_buf_printf(&b, "%s  data/%s\n", alg ? order[i]->sha512 : order[i]->sha256, order[i]->path);
		st = write_tag(w, alg ? "manifest-sha512.txt" : "manifest-sha256.txt", &b, &tm);
	}
	free(order);
	if (st == RC_OK) {
		/* the lines so far are in the order written: sort them by name */
		rc_buf_reset(&w->tagmanifest);
		const char *names[] = { "bag-info.txt", "bagit.txt", "manifest-sha256.txt", "manifest-sha512.txt" };
		for (size_t k = 0; k < 4; k++) {
			const char *line = tm.data;
			while (line && *line) {
				const char *nl = strchr(line, '\n');
				if (!strncmp(line + 66, names[k], strlen(names[k])) && line + 66 + strlen(names[k]) == nl)
					rc_buf_add(&w->tagmanifest, line, (size_t)(nl - line + 1));
				line = nl + 1;
			}
		}
		crypto_hash_sha256(w->tm_sha, (const unsigned char *)w->tagmanifest.data, w->tagmanifest.len);
		st = write_tag(w, "tagmanifest-sha256.txt", &w->tagmanifest, NULL);
	}
	rc_buf_free(&b);
	rc_buf_free(&tm);
	return fail_now(w, st);
}

/* rc_bag_write: the checks, then the same as a file at a time. */
enum rc_status rc_bag_write(struct rc_bag_writer *w, const struct rc_bag_entry *entries, size_t n,
                            const struct rc_bag_field *fields, size_t nfields)
{
	if (w->begun || w->broken)
		return RC_INVALID;
	enum rc_status st = check_input(entries, n, fields, nfields);
	if (st != RC_OK) {
		w->begun = w->broken = true;
		return st;
	}
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += entries[i].len;
	/* payload, a block and an archive header per file, the tag files */
	st = rc_bag_begin(w, total + (uint64_t)n * (4096 + 1024 + 300) + ((uint64_t)1 << 20));
	unsigned char *buf = rc_xmalloc(CHUNK);
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		const struct rc_bag_entry *e = &entries[i];
		struct rc_bag_out *f;
		st = rc_bag_file_open(w, e->path, (int64_t)e->len, &f);
		uint64_t done = 0;
		while (st == RC_OK) {
			const unsigned char *p;
			size_t got;
			if (e->read) {
				got = 0;
				st = e->read(e->ctx, buf, CHUNK, &got);
				if (st != RC_OK)
					break;
				if (got > CHUNK) {
					rc_error_set(_("The file %s changed while it was written into the bundle."), e->path);
					st = RC_INVALID;
					break;
				}
				p = buf;
			} else {
				got = e->len - done > CHUNK ? CHUNK : (size_t)(e->len - done);
				p = (const unsigned char *)e->data + done;
			}
			if (got == 0)
				break;
			st = rc_bag_file_write(f, p, got);
			done += got;
		}
		if (st == RC_OK)
			st = rc_bag_file_close(f);
	}
	free(buf);
	if (st == RC_OK)
		st = rc_bag_finish(w, fields, nfields);
	return fail_now(w, st);
}

void rc_bag_tagmanifest(const struct rc_bag_writer *w, const char **text, size_t *len, unsigned char sha256[32])
{
	*text = w->tagmanifest.data ? w->tagmanifest.data : "";
	*len = w->tagmanifest.len;
	memcpy(sha256, w->tm_sha, 32);
}

enum rc_status rc_bag_write_unlisted(struct rc_bag_writer *w, const char *path, const void *data, size_t len)
{
	if (!w->written || w->broken || w->committed)
		return RC_INVALID;
	if (!rc_bag_path_ok(path) || !strncmp(path, "data/", 5) || rc_bag_is_tag_name(path)) {
		rc_error_set(_("The file name %s cannot go into a bundle."), path ? path : "");
		return RC_INVALID;
	}
	/* "x" where "x/..." was written, or the reverse */
	char buf[RC_BAG_PATH_MAX + 1];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *s = strchr(buf, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (rc_strset_has(&w->names, buf)) {
			rc_error_set(_("The name %s is given twice."), path);
			return RC_INVALID;
		}
		*s = '/';
	}
	for (size_t i = 0; i < w->names.cap; i++) {
		const char *k = w->names.v ? w->names.v[i] : NULL;
		size_t pl = strlen(path);
		if (k && !strncmp(k, path, pl) && k[pl] == '/') {
			rc_error_set(_("The name %s is given twice."), path);
			return RC_INVALID;
		}
	}
	enum rc_status st = file_whole(w, path, data, len);
	if (st != RC_OK && st != RC_INVALID) {
		w->broken = true;
		remove_tmp(w);
	}
	return st;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	int err = errno;
	close(fd);
	errno = err;
	return r;
}

static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* a file system without RENAME_NOREPLACE (some FAT drivers) */
	struct stat sb;
	if (lstat(to, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

enum rc_status rc_bag_commit(struct rc_bag_writer *w)
{
	if (!w->written || w->broken || w->committed || !w->tmp)
		return RC_INVALID;
	int err = 0;
	if (w->fmt == RC_BAG_DIR) {
		/* the files are fsync'ed; now every folder, deepest last is fine */
		for (size_t i = 0; i < w->dirs.cap && !err; i++) {
			const char *k = w->dirs.v ? w->dirs.v[i] : NULL;
			if (!k)
				continue;
			char *full = rc_path_join(w->tmp, k);
			if (fsync_path(full, O_RDONLY | O_DIRECTORY) != 0)
				err = errno;
			free(full);
		}
		if (!err && fsync_path(w->tmp, O_RDONLY | O_DIRECTORY) != 0)
			err = errno;
	} else {
		if (archive_write_close(w->ar) != ARCHIVE_OK) {
			enum rc_status st = ar_fail(w);
			remove_tmp(w);
			return st;
		}
		archive_write_free(w->ar);
		w->ar = NULL;
		if (fsync(w->fd) != 0)
			err = errno;
		if (close(w->fd) != 0 && !err)
			err = errno;
		w->fd = -1;
	}
	if (!err && rename_noreplace(w->tmp, w->dest) != 0)
		err = errno;
	if (err) {
		w->broken = true;
		remove_tmp(w);
		if (err == EEXIST || err == ENOTEMPTY) {
			rc_error_set("%s", _("Something with that name is already there. Choose another name."));
			return RC_INVALID;
		}
		return bag_dest_error(err);
	}
	w->committed = true;
	enum rc_status st = rc_fsync_dir(w->parent);
	if (st != RC_OK)
		return bag_dest_error(errno);
	return RC_OK;
}
