/* bag_verify.c - verifying a BagIt bag given as a folder, a .tar or a
 * .zip (told apart by their first bytes).
 *
 * One pass reads every file, in whatever order the folder or archive
 * gives them, through SHA-256 and SHA-512 (never a whole payload file in
 * memory); only the tag files at the top (bagit.txt, bag-info.txt, the
 * manifests) are kept, up to RC_BAG_TAG_MAX each.  Then the manifests are
 * parsed (strictly: bagit.c) and compared with what was read.  An archive
 * may hold the bag at its top or inside one folder ("NAME/bagit.txt"), as
 * RFC 8493 section 4 describes.
 *
 * Names: an archive entry or a folder entry whose name is not safe
 * (rc_bag_path_ok: "..", a leading "/", anything but [A-Za-z0-9._-/]), a
 * link, a device, or a name given twice is a BAD_PATH finding and is not
 * read; nothing is ever written. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bagit-int.h"

#define CHUNK ((size_t)64 << 10)

struct vfile {
	char *path; /* relative to the bag (after the archive's folder is taken off) */
	uint64_t size;
	unsigned char h256[32];
	unsigned char h512[64];
	char *content; /* tag files only */
	size_t clen;
	bool too_big;
	bool altered;  /* found altered by a manifest */
	unsigned listed; /* bit 0: sha256 manifest, bit 1: sha512 manifest */
};

struct verify {
	struct vfile *f;
	size_t nf, capf;
	struct rc_strset seen;
	struct rc_bag_report *rep;
	size_t capv;
	unsigned char *chunk;
	bool stop; /* a fatal finding: no verdict on the files */
	const char *const *keep; /* the caller's prefixes: files kept whole for it */
	size_t keep_max;
};

static void add_finding(struct verify *v, enum rc_bag_kind kind, const char *path, unsigned line)
{
	struct rc_bag_report *r = v->rep;
	if (r->n == v->capv) {
		v->capv = v->capv ? 2 * v->capv : 16;
		r->v = rc_xrealloc(r->v, v->capv * sizeof *r->v);
	}
	/* the name as it can be shown: it may come from outside */
	r->v[r->n].kind = kind;
	r->v[r->n].path = rc_text_sanitize(path, strlen(path), false);
	r->v[r->n].line = line;
	r->n++;
}

/* A kept prefix matches the path, or the path without its first folder
 * (an archive's bag sits in one folder; which one is known later). */
static bool keep_for_caller(const struct verify *v, const char *path)
{
	if (!v->keep)
		return false;
	const char *slash = strchr(path, '/');
	for (size_t i = 0; v->keep[i]; i++) {
		size_t n = strlen(v->keep[i]);
		if (!strncmp(path, v->keep[i], n) || (slash && !strncmp(slash + 1, v->keep[i], n)))
			return true;
	}
	return false;
}

static bool keep_content(const char *path)
{
	const char *slash = strchr(path, '/');
	if (slash && strchr(slash + 1, '/'))
		return false;
	return rc_bag_is_tag_name(slash ? slash + 1 : path);
}

/* A file read: hash it (and keep it when it is a tag file).  read_fn
 * returns bytes read, 0 at the end, < 0 on error. */
typedef long (*read_fn)(void *ctx, unsigned char *buf, size_t cap);

/* 0 read, -1 read error (finding added by the caller) */
static int take_file(struct verify *v, const char *path, read_fn rd, void *ctx)
{
	if (v->nf == v->capf) {
		v->capf = v->capf ? 2 * v->capf : 64;
		v->f = rc_xrealloc(v->f, v->capf * sizeof *v->f);
	}
	struct vfile *f = &v->f[v->nf];
	memset(f, 0, sizeof *f);
	bool tag = keep_content(path);
	bool keep = tag || keep_for_caller(v, path);
	size_t keep_max = tag ? RC_BAG_TAG_MAX : v->keep_max;
	struct rc_buf content;
	rc_buf_init(&content);
	struct bag_hash hs;
	if (!bag_hash_init(&hs)) {
		rc_buf_free(&content);
		return -1;
	}
	for (;;) {
		long k = rd(ctx, v->chunk, CHUNK);
		if (k < 0) {
			rc_buf_free(&content);
			bag_hash_free(&hs);
			return -1;
		}
		if (k == 0)
			break;
		bag_hash_update(&hs, v->chunk, (size_t)k);
		f->size += (uint64_t)k;
		if (keep && !f->too_big) {
			if (content.len + (size_t)k > keep_max) {
				f->too_big = true;
				rc_buf_free(&content);
				rc_buf_init(&content);
			} else {
				rc_buf_add(&content, v->chunk, (size_t)k);
			}
		}
	}
	bag_hash_final(&hs, f->h256, f->h512);
	f->path = rc_xstrdup(path);
	if (keep && !f->too_big) {
		rc_buf_cstr(&content);
		f->content = content.data;
		f->clen = content.len;
	} else {
		rc_buf_free(&content);
	}
	v->nf++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* A folder. */

static long fd_read(void *ctx, unsigned char *buf, size_t cap)
{
	int fd = *(int *)ctx;
	for (;;) {
		ssize_t k = read(fd, buf, cap);
		if (k < 0 && errno == EINTR)
			continue;
		return (long)k;
	}
}

static void walk(struct verify *v, int dfd, const char *rel, unsigned depth)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		add_finding(v, RC_BAG_UNREADABLE, rel, 0);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *path = *rel ? rc_path_join(rel, de->d_name) : rc_xstrdup(de->d_name);
		struct stat sb;
		if (!rc_bag_path_ok(path) || depth > 64) {
			add_finding(v, RC_BAG_BAD_PATH, path, 0);
		} else if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			add_finding(v, RC_BAG_UNREADABLE, path, 0);
		} else if (S_ISDIR(sb.st_mode)) {
			int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0)
				add_finding(v, RC_BAG_UNREADABLE, path, 0);
			else
				walk(v, fd, path, depth + 1);
		} else if (!S_ISREG(sb.st_mode)) {
			add_finding(v, RC_BAG_BAD_PATH, path, 0); /* a link, a device, a pipe */
		} else {
			int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0 || take_file(v, path, fd_read, &fd) != 0)
				add_finding(v, RC_BAG_UNREADABLE, path, 0);
			if (fd >= 0)
				close(fd);
		}
		free(path);
	}
	closedir(d);
}

/* ------------------------------------------------------------------ */
/* A .tar or a .zip. */

static long ar_read(void *ctx, unsigned char *buf, size_t cap)
{
	la_ssize_t k = archive_read_data(ctx, buf, cap);
	return k < 0 ? -1 : (long)k;
}

static void read_archive(struct verify *v, const char *path, bool zip)
{
	struct archive *a = archive_read_new();
	if (!a) {
		v->stop = true;
		add_finding(v, RC_BAG_UNREADABLE, "", 0);
		return;
	}
	if (zip)
		archive_read_support_format_zip(a);
	else
		archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, CHUNK) != ARCHIVE_OK) {
		v->stop = true;
		add_finding(v, RC_BAG_TRUNCATED, "", 0);
		archive_read_free(a);
		return;
	}
	struct archive_entry *e;
	for (;;) {
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			add_finding(v, RC_BAG_TRUNCATED, "", 0);
			v->stop = true;
			break;
		}
		const char *name = archive_entry_pathname(e);
		char *clean = NULL;
		if (name) {
			/* "dir/" names a folder; "./x" is how some tar programs write x */
			size_t nl = strlen(name);
			while (nl > 2 && name[0] == '.' && name[1] == '/') {
				name += 2;
				nl -= 2;
			}
			clean = rc_xstrndup(name, nl);
			if (nl > 1 && clean[nl - 1] == '/' && archive_entry_filetype(e) == AE_IFDIR)
				clean[nl - 1] = '\0';
		}
		mode_t type = archive_entry_filetype(e);
		if (!clean || !rc_bag_path_ok(clean)) {
			add_finding(v, RC_BAG_BAD_PATH, clean ? clean : "?", 0);
		} else if (type == AE_IFDIR) {
			/* nothing to read */
		} else if (type != AE_IFREG || archive_entry_hardlink(e) || archive_entry_symlink(e)) {
			add_finding(v, RC_BAG_BAD_PATH, clean, 0);
		} else if (!rc_strset_add(&v->seen, clean)) {
			add_finding(v, RC_BAG_BAD_PATH, clean, 0); /* twice */
		} else if (take_file(v, clean, ar_read, a) != 0) {
			add_finding(v, RC_BAG_TRUNCATED, clean, 0);
			v->stop = true;
			free(clean);
			break;
		}
		free(clean);
	}
	archive_read_free(a);
}

/* ------------------------------------------------------------------ */
/* Comparing. */

static int vfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vfile *)a)->path, ((const struct vfile *)b)->path);
}

static struct vfile *find(struct verify *v, const char *path)
{
	struct vfile key = { .path = (char *)path };
	if (v->nf == 0)
		return NULL;
	return bsearch(&key, v->f, v->nf, sizeof *v->f, vfile_cmp);
}

/* An archive's bag inside one folder: take the folder off every name. */
static void strip_prefix(struct verify *v)
{
	if (v->nf == 0)
		return;
	for (size_t i = 0; i < v->nf; i++)
		if (!strcmp(v->f[i].path, "bagit.txt"))
			return;
	const char *first = v->f[0].path;
	const char *slash = strchr(first, '/');
	if (!slash)
		return;
	size_t pl = (size_t)(slash - first) + 1;
	for (size_t i = 1; i < v->nf; i++)
		if (strncmp(v->f[i].path, first, pl) != 0)
			return;
	for (size_t i = 0; i < v->nf; i++) {
		char *p = rc_xstrdup(v->f[i].path + pl);
		free(v->f[i].path);
		v->f[i].path = p;
	}
}

struct bagit_txt {
	unsigned n;
	bool ok;
};

static bool bagit_field(void *ctx, const char *label, const char *value)
{
	struct bagit_txt *b = ctx;
	b->n++;
	if (b->n == 1) {
		uint64_t maj, min;
		b->ok = !strcmp(label, "BagIt-Version") && rc_bag_parse_oxum(value, &maj, &min);
	} else if (b->n == 2) {
		b->ok = b->ok && !strcmp(label, "Tag-File-Character-Encoding") && !strcasecmp(value, "UTF-8");
	} else {
		b->ok = false;
	}
	return true;
}

struct mctx {
	struct verify *v;
	int alg; /* 0 sha256, 1 sha512 */
	bool tag;
};

static bool manifest_line(void *ctx, const char *path, const unsigned char *digest)
{
	struct mctx *m = ctx;
	struct vfile *f = find(m->v, path);
	if (!f) {
		add_finding(m->v, RC_BAG_REMOVED, path, 0);
		return true;
	}
	if (!m->tag)
		f->listed |= 1u << m->alg;
	if (memcmp(digest, m->alg ? f->h512 : f->h256, m->alg ? 64 : 32) != 0 && !f->altered) {
		f->altered = true;
		add_finding(m->v, RC_BAG_ALTERED, path, 0);
	}
	return true;
}

/* Check one manifest; false when it cannot be read. */
static bool check_manifest(struct verify *v, const char *name, int alg, bool tag)
{
	struct vfile *f = find(v, name);
	if (!f)
		return false;
	if (f->too_big) {
		add_finding(v, RC_BAG_BAD_MANIFEST, name, 0);
		return false;
	}
	/* parse first, compare after: a damaged manifest says nothing of the files */
	unsigned bad = 0;
	struct rc_bag_report *saved = v->rep;
	struct rc_bag_report scratch = { 0 };
	size_t savedcap = v->capv;
	struct mctx m = { v, alg, tag };
	v->rep = &scratch;
	v->capv = 0;
	/* listed bits are set as lines are read; undo them if the manifest is bad */
	unsigned *listed = rc_xcalloc(v->nf ? v->nf : 1, sizeof *listed);
	bool *alt = rc_xcalloc(v->nf ? v->nf : 1, sizeof *alt);
	for (size_t i = 0; i < v->nf; i++) {
		listed[i] = v->f[i].listed;
		alt[i] = v->f[i].altered;
	}
	bool ok = rc_bag_parse_manifest(f->content, f->clen, alg ? 128 : 64, !tag, manifest_line, &m, &bad);
	v->rep = saved;
	v->capv = savedcap;
	if (ok) {
		for (size_t i = 0; i < scratch.n; i++) {
			add_finding(v, scratch.v[i].kind, scratch.v[i].path, 0);
			free(scratch.v[i].path);
		}
	} else {
		for (size_t i = 0; i < scratch.n; i++)
			free(scratch.v[i].path);
		for (size_t i = 0; i < v->nf; i++) {
			v->f[i].listed = listed[i];
			v->f[i].altered = alt[i];
		}
		add_finding(v, RC_BAG_BAD_MANIFEST, name, bad);
	}
	free(scratch.v);
	free(listed);
	free(alt);
	return ok;
}

struct info {
	unsigned oxums;
	bool oxum_ok;
	uint64_t octets, count;
};

static bool info_field(void *ctx, const char *label, const char *value)
{
	struct info *in = ctx;
	if (!strcasecmp(label, "Payload-Oxum")) {
		in->oxums++;
		in->oxum_ok = rc_bag_parse_oxum(value, &in->octets, &in->count);
		if (in->oxums > 1 || !in->oxum_ok)
			return false;
	}
	return true;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct rc_bag_finding *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : (int)x->kind - (int)y->kind;
}

static void analyse(struct verify *v)
{
	struct rc_bag_report *r = v->rep;
	if (v->nf > 0)
		qsort(v->f, v->nf, sizeof *v->f, vfile_cmp);
	for (size_t i = 0; i < v->nf; i++)
		if (!strncmp(v->f[i].path, "data/", 5)) {
			r->payload_files++;
			r->payload_bytes += v->f[i].size;
		}
	if (v->stop)
		return;

	struct vfile *bt = find(v, "bagit.txt");
	struct bagit_txt b = { 0, false };
	unsigned bad = 0;
	if (!bt || bt->too_big || !rc_bag_parse_info(bt->content, bt->clen, bagit_field, &b, &bad) || !b.ok || b.n != 2) {
		add_finding(v, RC_BAG_NOT_A_BAG, "bagit.txt", 0);
		return;
	}

	bool have256 = find(v, "manifest-sha256.txt") != NULL, have512 = find(v, "manifest-sha512.txt") != NULL;
	if (!have256 && !have512) {
		add_finding(v, RC_BAG_NOT_A_BAG, "manifest-sha256.txt", 0);
		return;
	}
	bool good256 = have256 && check_manifest(v, "manifest-sha256.txt", 0, false);
	bool good512 = have512 && check_manifest(v, "manifest-sha512.txt", 1, false);
	unsigned need = (good256 ? 1u : 0u) | (good512 ? 2u : 0u);
	for (size_t i = 0; i < v->nf && need; i++) {
		struct vfile *f = &v->f[i];
		if (strncmp(f->path, "data/", 5) != 0)
			continue;
		if ((f->listed & need) != need)
			add_finding(v, RC_BAG_ADDED, f->path, 0);
		else if (!f->altered && (have256 == good256) && (have512 == good512))
			add_finding(v, RC_BAG_OK, f->path, 0);
	}

	struct vfile *bi = find(v, "bag-info.txt");
	if (bi) {
		struct info in = { 0 };
		if (bi->too_big) {
			add_finding(v, RC_BAG_BAD_INFO, "bag-info.txt", 0);
		} else if (!rc_bag_parse_info(bi->content, bi->clen, info_field, &in, &bad)) {
			add_finding(v, RC_BAG_BAD_INFO, "bag-info.txt", bad);
		} else if (in.oxums == 1 && (in.octets != r->payload_bytes || in.count != r->payload_files)) {
			add_finding(v, RC_BAG_BAD_OXUM, "bag-info.txt", 0);
		}
	}

	if (find(v, "tagmanifest-sha256.txt"))
		check_manifest(v, "tagmanifest-sha256.txt", 0, true);
	if (find(v, "tagmanifest-sha512.txt"))
		check_manifest(v, "tagmanifest-sha512.txt", 1, true);
}

enum rc_status rc_bag_verify(const char *path, struct rc_bag_report *report)
{
	return rc_bag_verify_keep(path, NULL, 0, report);
}

enum rc_status rc_bag_verify_keep(const char *path, const char *const *keep, size_t keep_max,
	struct rc_bag_report *report)
{
	memset(report, 0, sizeof *report);
	struct verify v = { 0 };
	v.rep = report;
	v.keep = keep;
	v.keep_max = keep_max;
	v.chunk = rc_xmalloc(CHUNK);
	struct stat sb;
	if (stat(path, &sb) != 0) {
		add_finding(&v, errno == ENOENT ? RC_BAG_NOT_A_BAG : RC_BAG_UNREADABLE, "", 0);
		v.stop = true;
	} else if (S_ISDIR(sb.st_mode)) {
		report->format = RC_BAG_DIR;
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			add_finding(&v, RC_BAG_UNREADABLE, "", 0);
			v.stop = true;
		} else {
			walk(&v, fd, "", 0);
		}
	} else {
		/* by the bytes: "PK\3\4" (or an empty zip's "PK\5\6"), or "ustar" at 257 */
		unsigned char head[512] = { 0 };
		ssize_t k = -1;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			size_t got = 0;
			while (got < sizeof head) {
				k = read(fd, head + got, sizeof head - got);
				if (k < 0 && errno == EINTR)
					continue;
				if (k <= 0)
					break;
				got += (size_t)k;
			}
			if (k >= 0)
				k = (ssize_t)got;
			close(fd);
		}
		bool zip = k >= 4 && !memcmp(head, "PK\3\4", 4);
		zip = zip || (k >= 4 && !memcmp(head, "PK\5\6", 4));
		bool tar = k >= 262 && !memcmp(head + 257, "ustar", 5);
		if (k < 0) {
			add_finding(&v, RC_BAG_UNREADABLE, "", 0);
			v.stop = true;
		} else if (zip || tar) {
			report->format = zip ? RC_BAG_ZIP : RC_BAG_TAR;
			read_archive(&v, path, zip);
			if (!v.stop)
				strip_prefix(&v);
		} else {
			add_finding(&v, RC_BAG_NOT_A_BAG, "", 0);
			v.stop = true;
		}
	}
	analyse(&v);
	/* what the caller asked to read, whole, with the SHA-256 of what was read */
	for (size_t i = 0; keep && i < v.nf; i++) {
		struct vfile *f = &v.f[i];
		if (!keep_for_caller(&v, f->path))
			continue;
		report->kept = rc_xrealloc(report->kept, (report->nkept + 1) * sizeof *report->kept);
		struct rc_bag_file *k = &report->kept[report->nkept++];
		memset(k, 0, sizeof *k);
		k->path = rc_xstrdup(f->path);
		k->size = f->size;
		memcpy(k->sha256, f->h256, 32);
		k->too_big = f->too_big || !f->content;
		if (!k->too_big) {
			k->data = (unsigned char *)f->content;
			k->len = f->clen;
			f->content = NULL;
		}
	}
	for (size_t i = 0; i < v.nf; i++) {
		free(v.f[i].path);
		free(v.f[i].content);
	}
	free(v.f);
	rc_strset_free(&v.seen);
	free(v.chunk);
	if (report->n > 0)
		qsort(report->v, report->n, sizeof *report->v, finding_cmp);
	report->valid = true;
	for (size_t i = 0; i < report->n; i++)
		if (report->v[i].kind != RC_BAG_OK)
			report->valid = false;
	if (report->n == 0 && report->payload_files == 0 && v.stop)
		report->valid = false;
	return RC_OK;
}

const struct rc_bag_file *rc_bag_report_file(const struct rc_bag_report *r, const char *path)
{
	for (size_t i = 0; i < r->nkept; i++)
		if (!strcmp(r->kept[i].path, path))
			return &r->kept[i];
	return NULL;
}

void rc_bag_report_free(struct rc_bag_report *report)
{
	for (size_t i = 0; i < report->n; i++)
		free(report->v[i].path);
	free(report->v);
	for (size_t i = 0; i < report->nkept; i++) {
		free(report->kept[i].path);
		free(report->kept[i].data);
	}
	free(report->kept);
	memset(report, 0, sizeof *report);
}
