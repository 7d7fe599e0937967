/* test_bagit.c - BagIt bags (src/bundle): written as a folder, a .tar and
 * a .zip from a few synthetic files (one of about 5 MB streamed), verified;
 * then, in each form, one altered byte, an added file, a removed file, a
 * bad Payload-Oxum, a bad manifest line, a ".." name, and (tar, zip) a
 * truncated archive, each found with the right kind and name.  A full
 * or pulled destination (test hook) leaves nothing behind.  The same bags
 * a file at a time, several files open together (test_incremental). */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <sodium.h>
#include <sys/stat.h>

#include "testutil.h"
#include "bagit.h"

#define BIG ((size_t)5 * 1000 * 1000 + 123)

static const char *const LONG_DESC =
	"Synthetic test bundle: access log, flagged events and letters of a fictional case, "
	"written by the unit tests of recourse to check that long bag-info values are folded "
	"and read back unchanged. \xd9\x85\xd9\x84\xd9\x81 \xd8\xa7\xd8\xae\xd8\xaa\xd8\xa8\xd8\xa7\xd8\xb1.";

/* ~5 MB of synthetic bytes, streamed 7,777 bytes at a time */
struct stream {
	size_t done;
	uint32_t x;
};
static unsigned char big_byte(size_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13 ^ i);
}
static enum rc_status big_read(void *ctx, unsigned char *buf, size_t cap, size_t *got)
{
	struct stream *s = ctx;
	size_t n = BIG - s->done;
	if (n > cap)
		n = cap;
	if (n > 7777)
		n = 7777;
	for (size_t i = 0; i < n; i++)
		buf[i] = big_byte(s->done + i);
	s->done += n;
	*got = n;
	return RC_OK;
}

static const char JSON[] = "{\"resourceType\":\"AuditEvent\",\"id\":\"synthetic-1\"}\n";
static const char NOTE[] = "A synthetic note.\n";

static char *write_bag(const char *dir, const char *name, enum rc_bag_format fmt, unsigned char tm_sha[32])
{
	struct stream s = { 0, 0 };
	struct rc_bag_entry e[] = {
		{ .path = "log/access.json", .data = JSON, .len = sizeof JSON - 1 },
		{ .path = "docs/big.bin", .len = BIG, .read = big_read, .ctx = &s },
		{ .path = "empty.txt", .data = NULL, .len = 0 },
		{ .path = "notes/long-name_1.txt", .data = NOTE, .len = sizeof NOTE - 1 },
	};
	struct rc_bag_field f[] = {
		{ "Source-Organization", "Example Legal Aid (synthetic)" },
		{ "Contact-Name", "Test Clerk" },
		{ "External-Identifier", "case-0001" },
		{ "Bagging-Date", "2026-12-06" },
		{ "External-Description", LONG_DESC },
	};
	char *path = rc_path_join(dir, name);
	struct rc_bag_writer *w;
	assert_int_equal(rc_bag_writer_new(&w, path, fmt), RC_OK);
	assert_int_equal(rc_bag_write(w, e, 4, f, 5), RC_OK);
	const char *tm;
	size_t tmlen;
	rc_bag_tagmanifest(w, &tm, &tmlen, tm_sha);
	assert_true(tmlen > 0);
	assert_non_null(strstr(tm, "  bagit.txt\n"));
	assert_int_equal(rc_bag_write_unlisted(w, "signature/tagmanifest-sha256.txt.p7s", "SIG", 3), RC_OK);
	assert_int_equal(rc_bag_write_unlisted(w, "data/x", "x", 1), RC_INVALID);
	assert_int_equal(rc_bag_write_unlisted(w, "bag-info.txt", "x", 1), RC_INVALID);
	assert_int_equal(rc_bag_commit(w), RC_OK);
	rc_bag_writer_free(&w);
	assert_null(w);
	return path;
}

static bool has(const struct rc_bag_report *r, enum rc_bag_kind k, const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].kind == k && !strcmp(r->v[i].path, path))
			return true;
	return false;
}

static void print_report(const struct rc_bag_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		print_message("#   %s %s (line %u)\n", rc_bag_kind_name(r->v[i].kind), r->v[i].path, r->v[i].line);
}

/* Verify path and expect one finding (plus whatever else). */
static void expect(const char *path, enum rc_bag_kind k, const char *where)
{
	struct rc_bag_report r;
	assert_int_equal(rc_bag_verify(path, &r), RC_OK);
	if (!has(&r, k, where) || r.valid) {
		print_message("# wanted %s %s in %s; got:\n", rc_bag_kind_name(k), where, path);
		print_report(&r);
	}
	assert_false(r.valid);
	assert_true(has(&r, k, where));
	rc_bag_report_free(&r);
}

/* The same for a kind found anywhere (a truncated archive names the
 * entry where it was cut, or none). */
static void expect_kind(const char *path, enum rc_bag_kind k)
{
	struct rc_bag_report r;
	bool found = false;
	assert_int_equal(rc_bag_verify(path, &r), RC_OK);
	for (size_t i = 0; i < r.n; i++)
		found = found || r.v[i].kind == k;
	if (!found || r.valid) {
		print_message("# wanted %s in %s; got:\n", rc_bag_kind_name(k), path);
		print_report(&r);
	}
	assert_false(r.valid);
	assert_true(found);
	rc_bag_report_free(&r);
}

static void expect_valid(const char *path, enum rc_bag_format fmt)
{
	struct rc_bag_report r;
	assert_int_equal(rc_bag_verify(path, &r), RC_OK);
	if (!r.valid)
		print_report(&r);
	assert_true(r.valid);
	assert_int_equal(r.format, fmt);
	assert_int_equal(r.payload_files, 4);
	assert_int_equal(r.payload_bytes, BIG + sizeof JSON - 1 + sizeof NOTE - 1);
	assert_int_equal(r.n, 4);
	assert_true(has(&r, RC_BAG_OK, "data/docs/big.bin"));
	assert_true(has(&r, RC_BAG_OK, "data/empty.txt"));
	rc_bag_report_free(&r);
}

static void copy_tree(const char *from, const char *to)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
	assert_int_equal(system(cmd), 0);
}

static void put_file(const char *dir, const char *rel, const char *text, bool append)
{
	char *p = rc_path_join(dir, rel);
	FILE *f = fopen(p, append ? "a" : "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(p);
}

static char *get_file(const char *dir, const char *rel)
{
	char *p = rc_path_join(dir, rel), *s;
	size_t n;
	assert_int_equal(rc_file_read_all(p, 1 << 20, &s, &n), RC_OK);
	free(p);
	return s;
}

/* The bag-info.txt text with a wrong Payload-Oxum. */
static char *bad_oxum_copy(const char *info)
{
	const char *p = strstr(info, "Payload-Oxum: ");
	assert_non_null(p);
	const char *nl = strchr(p, '\n');
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_add(&b, info, (size_t)(p - info));
	rc_buf_addstr(&b, "Payload-Oxum: 1.4");
	rc_buf_addstr(&b, nl);
	char *out = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	return out;
}

/* ------------------------------------------------------------------ */

static void test_paths(void **state)
{
	(void)state;
	assert_true(rc_bag_path_ok("a"));
	assert_true(rc_bag_path_ok("log/access-2026_01.json"));
	assert_true(rc_bag_path_ok(".hidden/x"));
	assert_false(rc_bag_path_ok(""));
	assert_false(rc_bag_path_ok("/etc/passwd"));
	assert_false(rc_bag_path_ok("../x"));
	assert_false(rc_bag_path_ok("a/../x"));
	assert_false(rc_bag_path_ok("a/./x"));
	assert_false(rc_bag_path_ok("a/.."));
	assert_false(rc_bag_path_ok("a//b"));
	assert_false(rc_bag_path_ok("a/"));
	assert_false(rc_bag_path_ok("a b"));
	assert_false(rc_bag_path_ok("a\nb"));
	assert_false(rc_bag_path_ok("a\\b"));
	assert_false(rc_bag_path_ok("caf\xc3\xa9"));
	for (int k = 0; k < RC_BAG_KIND_COUNT; k++) {
		assert_true(strlen(rc_bag_kind_text((enum rc_bag_kind)k)) > 5);
		assert_true(strlen(rc_bag_kind_name((enum rc_bag_kind)k)) > 1);
	}
}

static bool collect_info(void *ctx, const char *label, const char *value)
{
	struct rc_buf *b = ctx;
	rc_buf_printf(b, "%s=%s|", label, value);
	return true;
}

static bool count_line(void *ctx, const char *path, const unsigned char *digest)
{
	(*(int *)ctx)++;
	return true;
}

static void test_parsers(void **state)
{
	(void)state;
	struct rc_buf b;
	unsigned bad;
	rc_buf_init(&b);
	const char info[] = "A: one\nB-Label:  two\n \t folded three\r\nC:\n";
	assert_true(rc_bag_parse_info(info, sizeof info - 1, collect_info, &b, &bad));
	assert_string_equal(rc_buf_cstr(&b), "A=one|B-Label=two folded three|C=|");
	/* a tab inside a value is not clean text: refused */
	assert_false(rc_bag_parse_info("A: b\tc\n", 7, collect_info, &b, &bad));
	assert_int_equal(bad, 1);
	rc_buf_reset(&b);
	const char info2[] = "A: one\n  two\n";
	assert_true(rc_bag_parse_info(info2, sizeof info2 - 1, collect_info, &b, &bad));
	assert_string_equal(rc_buf_cstr(&b), "A=one two|");
	/* a value that starts on the next line (found by fuzz_bagit) */
	rc_buf_reset(&b);
	assert_true(rc_bag_parse_info("A:\n  one\n  two\n", 15, collect_info, &b, &bad));
	assert_string_equal(rc_buf_cstr(&b), "A=one two|");
	assert_false(rc_bag_parse_info("  x\n", 4, collect_info, &b, &bad));
	assert_int_equal(bad, 1);
	assert_false(rc_bag_parse_info("A: b\n\nC: d\n", 11, collect_info, &b, &bad));
	assert_int_equal(bad, 2);
	assert_false(rc_bag_parse_info("A b\n", 4, collect_info, &b, &bad));
	assert_false(rc_bag_parse_info("A: b\rc\n", 7, collect_info, &b, &bad));
	rc_buf_free(&b);

	char m[400];
	int n = 0;
	snprintf(m, sizeof m, "%064d  data/a\n%064d  data/b/c\r\n", 0, 1);
	assert_true(rc_bag_parse_manifest(m, strlen(m), 64, true, count_line, &n, &bad));
	assert_int_equal(n, 2);
	snprintf(m, sizeof m, "%064d  data/a\n%064d data/b\n", 0, 1);
	assert_false(rc_bag_parse_manifest(m, strlen(m), 64, true, count_line, &n, &bad));
	assert_int_equal(bad, 2);
	snprintf(m, sizeof m, "%063d  data/a\n", 0);
	assert_false(rc_bag_parse_manifest(m, strlen(m), 64, true, count_line, &n, &bad));
	snprintf(m, sizeof m, "%064d  data/../a\n", 0);
	assert_false(rc_bag_parse_manifest(m, strlen(m), 64, true, count_line, &n, &bad));
	snprintf(m, sizeof m, "%064d  bagit.txt\n", 0);
	assert_false(rc_bag_parse_manifest(m, strlen(m), 64, true, count_line, &n, &bad));
	assert_true(rc_bag_parse_manifest(m, strlen(m), 64, false, count_line, &n, &bad));
	snprintf(m, sizeof m, "%064d  data/a\n%064d  data/a\n", 0, 1);
	assert_false(rc_bag_parse_manifest(m, strlen(m), 64, true, count_line, &n, &bad));
	assert_int_equal(bad, 2);

	uint64_t o, c;
	assert_true(rc_bag_parse_oxum("123.4", &o, &c));
	assert_true(o == 123 && c == 4);
	assert_false(rc_bag_parse_oxum("123", &o, &c));
	assert_false(rc_bag_parse_oxum("1.2.3", &o, &c));
	assert_false(rc_bag_parse_oxum("99999999999999999999.1", &o, &c));
	assert_false(rc_bag_parse_oxum(".1", &o, &c));
}

/* Folder: written, verified, the files as sha256sum expects, then each
 * kind of damage on a copy. */
static void test_dir(void **state)
{
	(void)state;
	char *tmp = tu_tmpdir();
	unsigned char tm_sha[32], h[32];
	char *bag = write_bag(tmp, "bag", RC_BAG_DIR, tm_sha);
	expect_valid(bag, RC_BAG_DIR);

	/* the tag manifest handed back is the one written */
	char *p = rc_path_join(bag, "tagmanifest-sha256.txt"), *tm;
	size_t tmlen;
	assert_int_equal(rc_file_read_all(p, 1 << 20, &tm, &tmlen), RC_OK);
	crypto_hash_sha256(h, (unsigned char *)tm, tmlen);
	assert_memory_equal(h, tm_sha, 32);
	assert_int_equal(memcmp(tm, "", 0), 0);
	free(tm);
	free(p);
	/* the bag-info: folded lines, read back unchanged; oxum; no temp left */
	char *info = get_file(bag, "bag-info.txt");
	for (char *l = info; *l;) {
		char *nl = strchr(l, '\n');
		assert_non_null(nl);
		assert_true(nl - l <= 79);
		l = nl + 1;
	}
	char oxum[64];
	snprintf(oxum, sizeof oxum, "Payload-Oxum: %zu.4\n", BIG + sizeof JSON - 1 + sizeof NOTE - 1);
	assert_non_null(strstr(info, oxum));
	assert_non_null(strstr(info, "Bag-Size: 5.0 MB\n"));
	struct rc_buf b;
	unsigned bad;
	rc_buf_init(&b);
	assert_true(rc_bag_parse_info(info, strlen(info), collect_info, &b, &bad));
	assert_non_null(strstr(rc_buf_cstr(&b), LONG_DESC));
	rc_buf_free(&b);
	char *bagit = get_file(bag, "bagit.txt");
	assert_string_equal(bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	free(bagit);
	DIR *d = opendir(tmp);
	struct dirent *de;
	int entries = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			entries++;
		else
			assert_true(!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."));
	closedir(d);
	assert_int_equal(entries, 1);

	char *c = rc_path_join(tmp, "copy");
	/* one altered byte */
	copy_tree(bag, c);
	char *bigp = rc_path_join(c, "data/docs/big.bin");
	FILE *f = fopen(bigp, "r+");
	assert_non_null(f);
	fseek(f, 4000000, SEEK_SET);
	int ch = fgetc(f);
	fseek(f, 4000000, SEEK_SET);
	fputc(ch ^ 1, f);
	fclose(f);
	free(bigp);
	expect(c, RC_BAG_ALTERED, "data/docs/big.bin");
	/* an added file */
	copy_tree(bag, c);
	put_file(c, "data/log/extra.json", "{}\n", false);
	expect(c, RC_BAG_ADDED, "data/log/extra.json");
	expect(c, RC_BAG_BAD_OXUM, "bag-info.txt");
	/* a removed file */
	copy_tree(bag, c);
	char *rm = rc_path_join(c, "data/notes/long-name_1.txt");
	assert_int_equal(unlink(rm), 0);
	free(rm);
	expect(c, RC_BAG_REMOVED, "data/notes/long-name_1.txt");
	/* a bad Payload-Oxum (and so bag-info.txt altered, per the tag manifest) */
	copy_tree(bag, c);
	char *bo = bad_oxum_copy(info);
	put_file(c, "bag-info.txt", bo, false);
	free(bo);
	expect(c, RC_BAG_BAD_OXUM, "bag-info.txt");
	expect(c, RC_BAG_ALTERED, "bag-info.txt");
	/* a bad manifest line (one space) */
	copy_tree(bag, c);
	put_file(c, "manifest-sha256.txt", "0000000000000000000000000000000000000000000000000000000000000000 data/empty.txt\n", true);
	expect(c, RC_BAG_BAD_MANIFEST, "manifest-sha256.txt");
	/* a ".." name in a manifest */
	copy_tree(bag, c);
	put_file(c, "manifest-sha512.txt",
	         "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000  data/../bagit.txt\n", true);
	{
		struct rc_bag_report r;
		assert_int_equal(rc_bag_verify(c, &r), RC_OK);
		assert_false(r.valid);
		assert_true(has(&r, RC_BAG_BAD_MANIFEST, "manifest-sha512.txt"));
		assert_int_equal(r.v[0].kind == RC_BAG_BAD_MANIFEST ? r.v[0].line : 5, 5);
		rc_bag_report_free(&r);
	}
	/* a link in data/ */
	copy_tree(bag, c);
	char *ln = rc_path_join(c, "data/link");
	assert_int_equal(symlink("/etc/hostname", ln), 0);
	free(ln);
	expect(c, RC_BAG_BAD_PATH, "data/link");
	/* no bagit.txt */
	copy_tree(bag, c);
	put_file(c, "bagit.txt", "BagIt-Version: one\nTag-File-Character-Encoding: UTF-8\n", false);
	expect(c, RC_BAG_NOT_A_BAG, "bagit.txt");
	free(c);

	free(info);
	free(bag);
	tu_rmdir(tmp);
}

/* ------------------------------------------------------------------ */
/* Archives: rewritten entry by entry with one change. */

enum change { CH_ALTER, CH_ADD, CH_REMOVE, CH_OXUM, CH_MANIFEST, CH_DOTDOT };

static const char *after_top(const char *name)
{
	const char *s = strchr(name, '/');
	return s ? s + 1 : name;
}

static void rewrite(const char *from, const char *to, bool zip, enum change ch)
{
	struct archive *in = archive_read_new(), *out = archive_write_new();
	archive_read_support_format_tar(in);
	archive_read_support_format_zip(in);
	assert_int_equal(archive_read_open_filename(in, from, 65536), ARCHIVE_OK);
	if (zip)
		archive_write_set_format_zip(out);
	else
		archive_write_set_format_pax_restricted(out);
	assert_int_equal(archive_write_open_filename(out, to), ARCHIVE_OK);
	struct archive_entry *e;
	char top[256] = "";
	while (archive_read_next_header(in, &e) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		if (!*top)
			snprintf(top, sizeof top, "%.*s", (int)(after_top(name) - name), name);
		size_t n = (size_t)archive_entry_size(e);
		unsigned char *buf = rc_xmalloc(n + 1);
		assert_int_equal(archive_read_data(in, buf, n), (la_ssize_t)n);
		buf[n] = 0;
		const char *rel = after_top(name);
		if (ch == CH_REMOVE && !strcmp(rel, "data/notes/long-name_1.txt")) {
			free(buf);
			continue;
		}
		if (ch == CH_ALTER && !strcmp(rel, "data/docs/big.bin"))
			buf[123456] ^= 0x80;
		char *repl = NULL;
		if (ch == CH_OXUM && !strcmp(rel, "bag-info.txt"))
			repl = bad_oxum_copy((char *)buf);
		if (ch == CH_MANIFEST && !strcmp(rel, "manifest-sha256.txt")) {
			repl = rc_xmalloc(n + 100);
			snprintf(repl, n + 100, "%sxyz  data/empty.txt\n", (char *)buf);
		}
		struct archive_entry *o = archive_entry_clone(e);
		if (repl)
			archive_entry_set_size(o, (la_int64_t)strlen(repl));
		assert_int_equal(archive_write_header(out, o), ARCHIVE_OK);
		if (repl)
			archive_write_data(out, repl, strlen(repl));
		else
			archive_write_data(out, buf, n);
		archive_entry_free(o);
		free(repl);
		free(buf);
	}
	const char *extra = NULL;
	if (ch == CH_ADD)
		extra = "data/added.txt";
	if (ch == CH_DOTDOT)
		extra = "../evil.txt";
	if (extra) {
		struct archive_entry *o = archive_entry_new();
		char name[512];
		snprintf(name, sizeof name, "%s%s", ch == CH_DOTDOT ? "" : top, extra);
		archive_entry_set_pathname(o, name);
		archive_entry_set_filetype(o, AE_IFREG);
		archive_entry_set_perm(o, 0600);
		archive_entry_set_size(o, 4);
		assert_int_equal(archive_write_header(out, o), ARCHIVE_OK);
		archive_write_data(out, "evil", 4);
		archive_entry_free(o);
	}
	assert_int_equal(archive_write_close(out), ARCHIVE_OK);
	archive_write_free(out);
	archive_read_free(in);
}

static void truncate_copy(const char *from, const char *to, double part)
{
	char *s;
	size_t n;
	assert_int_equal(rc_file_read_all(from, 64 << 20, &s, &n), RC_OK);
	assert_int_equal(rc_file_write_atomic(to, s, (size_t)(n * part), 0600), RC_OK);
	free(s);
}

static void archive_case(enum rc_bag_format fmt)
{
	bool zip = fmt == RC_BAG_ZIP;
	char *tmp = tu_tmpdir();
	unsigned char tm_sha[32];
	char *bag = write_bag(tmp, zip ? "bag.zip" : "bag.tar", fmt, tm_sha);
	expect_valid(bag, fmt);
	char *c = rc_path_join(tmp, zip ? "c.zip" : "c.tar");

	/* the bag sits in one folder named after the file */
	{
		struct archive *a = archive_read_new();
		struct archive_entry *e;
		archive_read_support_format_all(a);
		assert_int_equal(archive_read_open_filename(a, bag, 65536), ARCHIVE_OK);
		assert_int_equal(archive_read_next_header(a, &e), ARCHIVE_OK);
		assert_string_equal(archive_entry_pathname(e), "bag/bagit.txt");
		assert_int_equal(archive_format(a) & ARCHIVE_FORMAT_BASE_MASK,
		                 zip ? ARCHIVE_FORMAT_ZIP : ARCHIVE_FORMAT_TAR);
		archive_read_free(a);
	}

	rewrite(bag, c, zip, CH_ALTER);
	expect(c, RC_BAG_ALTERED, "data/docs/big.bin");
	unlink(c);
	rewrite(bag, c, zip, CH_ADD);
	expect(c, RC_BAG_ADDED, "data/added.txt");
	unlink(c);
	rewrite(bag, c, zip, CH_REMOVE);
	expect(c, RC_BAG_REMOVED, "data/notes/long-name_1.txt");
	unlink(c);
	rewrite(bag, c, zip, CH_OXUM);
	expect(c, RC_BAG_BAD_OXUM, "bag-info.txt");
	unlink(c);
	rewrite(bag, c, zip, CH_MANIFEST);
	expect(c, RC_BAG_BAD_MANIFEST, "manifest-sha256.txt");
	unlink(c);
	rewrite(bag, c, zip, CH_DOTDOT);
	expect(c, RC_BAG_BAD_PATH, "../evil.txt");
	unlink(c);
	/* cut in the middle of the big file, and just before the end */
	truncate_copy(bag, c, 0.5);
	expect_kind(c, RC_BAG_TRUNCATED);
	unlink(c);
	truncate_copy(bag, c, 0.97);
	expect_kind(c, RC_BAG_TRUNCATED);
	unlink(c);
	/* not an archive at all */
	put_file(tmp, "junk.tar", "this is not a tar file, nor a zip\n", false);
	char *junk = rc_path_join(tmp, "junk.tar");
	expect(junk, RC_BAG_NOT_A_BAG, "");
	free(junk);
	free(c);
	free(bag);
	tu_rmdir(tmp);
}

static void test_tar(void **state)
{
	(void)state;
	archive_case(RC_BAG_TAR);
}

static void test_zip(void **state)
{
	(void)state;
	archive_case(RC_BAG_ZIP);
}

/* Refusals, and a destination that fills up or goes away: nothing left. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_refusals(void **state)
{
	(void)state;
	char *tmp = tu_tmpdir();
	char *dest = rc_path_join(tmp, "bag");
	struct rc_bag_writer *w;
	const char *bad_paths[] = { "../x", "/abs", "a b", "a/../b", "a//b", "dir/", "\x01" };
	for (size_t i = 0; i < sizeof bad_paths / sizeof *bad_paths; i++) {
		struct rc_bag_entry e = { .path = bad_paths[i], .data = "x", .len = 1 };
		assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_DIR), RC_OK);
		assert_int_equal(rc_bag_write(w, &e, 1, NULL, 0), RC_INVALID);
		rc_bag_writer_free(&w);
	}
	/* a name twice, a file that is also a folder, a reserved field, a newline in a value */
	struct rc_bag_entry two[] = { { .path = "a", .data = "x", .len = 1 }, { .path = "a", .data = "y", .len = 1 } };
	struct rc_bag_entry dir[] = { { .path = "a", .data = "x", .len = 1 }, { .path = "a/b", .data = "y", .len = 1 } };
	struct rc_bag_field oxum = { "Payload-Oxum", "1.1" }, nl = { "Contact-Name", "a\nb" };
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_TAR), RC_OK);
	assert_int_equal(rc_bag_write(w, two, 2, NULL, 0), RC_INVALID);
	rc_bag_writer_free(&w);
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_ZIP), RC_OK);
	assert_int_equal(rc_bag_write(w, dir, 2, NULL, 0), RC_INVALID);
	rc_bag_writer_free(&w);
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_DIR), RC_OK);
	assert_int_equal(rc_bag_write(w, two, 1, &oxum, 1), RC_INVALID);
	rc_bag_writer_free(&w);
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_DIR), RC_OK);
	assert_int_equal(rc_bag_write(w, two, 1, &nl, 1), RC_INVALID);
	rc_bag_writer_free(&w);
	/* a stream shorter than declared */
	struct stream s = { BIG - 10, 0 };
	struct rc_bag_entry shortstream = { .path = "s", .len = 100, .read = big_read, .ctx = &s };
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_DIR), RC_OK);
	assert_int_equal(rc_bag_write(w, &shortstream, 1, NULL, 0), RC_INVALID);
	rc_bag_writer_free(&w);
	assert_int_equal(count_entries(tmp), 0);

	/* full, pulled: in each form, part way through the big file */
	const enum rc_bag_format fmts[] = { RC_BAG_DIR, RC_BAG_TAR, RC_BAG_ZIP };
	for (int i = 0; i < 3; i++) {
		for (int k = 0; k < 2; k++) {
			struct stream st = { 0, 0 };
			struct rc_bag_entry e = { .path = "docs/big.bin", .len = BIG, .read = big_read, .ctx = &st };
			assert_int_equal(rc_bag_writer_new(&w, dest, fmts[i]), RC_OK);
			rc_bag_test_fail_after(1000000, k ? EIO : ENOSPC);
			rc_error_clear();
			assert_int_equal(rc_bag_write(w, &e, 1, NULL, 0), k ? RC_IO : RC_NOSPACE);
			assert_true(strlen(rc_error_detail()) > 10);
			rc_bag_test_fail_after(UINT64_MAX, 0);
			assert_int_equal(count_entries(tmp), 0);
			assert_int_equal(rc_bag_commit(w), RC_INVALID);
			rc_bag_writer_free(&w);
		}
	}
	/* the name is taken */
	assert_int_equal(mkdir(dest, 0700), 0);
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_DIR), RC_INVALID);
	assert_null(w);
	free(dest);
	tu_rmdir(tmp);
}

/* A file at a time, several open together, sizes unknown until the end
 * (the evidence bundle's access log): in each form the bag verifies, each
 * file's SHA-256 and size are as written, and a file left open, a file
 * longer than announced, or a full destination part way (with staged
 * files of an archive about) each leave nothing behind. */
static void sha_hex(const void *p, size_t n, char out[65])
{
	unsigned char d[32];
	crypto_hash_sha256(d, p, n);
	sodium_bin2hex(out, 65, d, 32);
}

static void test_incremental(void **state)
{
	(void)state;
	char *tmp = tu_tmpdir();
	const enum rc_bag_format fmts[] = { RC_BAG_DIR, RC_BAG_TAR, RC_BAG_ZIP };
	const char *names[] = { "inc", "inc.tar", "inc.zip" };
	unsigned char *big = malloc(BIG);
	for (size_t i = 0; i < BIG; i++)
		big[i] = big_byte(i);
	for (int k = 0; k < 3; k++) {
		char *dest = rc_path_join(tmp, names[k]);
		struct rc_bag_writer *w;
		struct rc_bag_out *a, *b, *c, *d;
		assert_int_equal(rc_bag_writer_new(&w, dest, fmts[k]), RC_OK);
		assert_int_equal(rc_bag_file_open(w, "x", -1, &a), RC_INVALID); /* before begin */
		assert_int_equal(rc_bag_begin(w, 1 << 20), RC_OK);
		assert_int_equal(rc_bag_file_open(w, "log/a.csv", -1, &a), RC_OK);
		assert_int_equal(rc_bag_file_open(w, "log/b.json", -1, &b), RC_OK);
		assert_int_equal(rc_bag_file_open(w, "log/c.json", -1, &c), RC_OK);
		assert_int_equal(rc_bag_file_open(w, "log/a.csv", -1, &d), RC_INVALID); /* twice */
		/* a known size among them: straight into an archive */
		assert_int_equal(rc_bag_file_open(w, "docs/note.txt", sizeof NOTE - 1, &d), RC_OK);
		assert_int_equal(rc_bag_file_write(d, NOTE, 5), RC_OK);
		for (size_t off = 0; off < BIG; off += 300007) {
			size_t n = BIG - off < 300007 ? BIG - off : 300007;
			assert_int_equal(rc_bag_file_write(a, big + off, n), RC_OK);
			assert_int_equal(rc_bag_file_write(b, JSON, sizeof JSON - 1), RC_OK);
		}
		assert_int_equal(rc_bag_file_write(d, NOTE + 5, sizeof NOTE - 1 - 5), RC_OK);
		assert_int_equal(rc_bag_file_close(d), RC_OK);
		assert_int_equal(rc_bag_file_close(c), RC_OK);
		assert_int_equal(rc_bag_file_close(b), RC_OK);
		assert_int_equal(rc_bag_file_close(a), RC_OK);
		char hex[65], want[65];
		uint64_t size;
		assert_int_equal(rc_bag_file_sha256(w, "log/a.csv", hex, &size), RC_OK);
		sha_hex(big, BIG, want);
		assert_string_equal(hex, want);
		assert_int_equal(size, BIG);
		assert_int_equal(rc_bag_file_sha256(w, "log/c.json", hex, &size), RC_OK);
		sha_hex("", 0, want);
		assert_string_equal(hex, want);
		assert_int_equal(size, 0);
		assert_int_equal(rc_bag_file_sha256(w, "log/none", hex, &size), RC_NOTFOUND);
		struct rc_bag_field f[] = { { "External-Identifier", "case-0002" } };
		assert_int_equal(rc_bag_finish(w, f, 1), RC_OK);
		assert_int_equal(rc_bag_commit(w), RC_OK);
		rc_bag_writer_free(&w);
		size_t payload = BIG + (size_t)((BIG + 300006) / 300007) * (sizeof JSON - 1) + sizeof NOTE - 1;
		struct rc_bag_report r;
		assert_int_equal(rc_bag_verify(dest, &r), RC_OK);
		if (!r.valid)
			print_report(&r);
		assert_true(r.valid);
		assert_int_equal(r.format, fmts[k]);
		assert_int_equal(r.payload_files, 4);
		assert_int_equal(r.payload_bytes, payload);
		assert_true(has(&r, RC_BAG_OK, "data/log/a.csv"));
		assert_true(has(&r, RC_BAG_OK, "data/log/c.json"));
		rc_bag_report_free(&r);
		if (fmts[k] == RC_BAG_DIR) {
			char *bi = rc_path_join(dest, "bag-info.txt");
			FILE *fp = fopen(bi, "r");
			char line[200];
			bool oxum = false;
			char expect_oxum[80];
			snprintf(expect_oxum, sizeof expect_oxum, "Payload-Oxum: %zu.4\n", payload);
			while (fp && fgets(line, sizeof line, fp))
				oxum = oxum || !strcmp(line, expect_oxum);
			if (fp)
				fclose(fp);
			free(bi);
			assert_true(oxum);
		}
		tu_rmdir(dest);
	}
	/* a file left open at the end; a file longer than announced; an
	 * eighth file open at once */
	char *dest = rc_path_join(tmp, "bad");
	struct rc_bag_writer *w;
	struct rc_bag_out *a;
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_TAR), RC_OK);
	assert_int_equal(rc_bag_begin(w, 1 << 20), RC_OK);
	for (int i = 0; i < 8; i++) {
		char name[16];
		snprintf(name, sizeof name, "f%d", i);
		assert_int_equal(rc_bag_file_open(w, name, -1, &a), i < 7 ? RC_OK : RC_INVALID);
		if (i < 7)
			assert_int_equal(rc_bag_file_write(a, big, 1500000), RC_OK); /* each holds a buffer */
	}
	rc_bag_writer_free(&w);
	assert_int_equal(count_entries(tmp), 0);
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_TAR), RC_OK);
	assert_int_equal(rc_bag_begin(w, 1 << 20), RC_OK);
	assert_int_equal(rc_bag_file_open(w, "open", -1, &a), RC_OK);
	assert_int_equal(rc_bag_file_write(a, "x", 1), RC_OK);
	assert_int_equal(rc_bag_finish(w, NULL, 0), RC_INVALID);
	rc_bag_writer_free(&w);
	assert_int_equal(count_entries(tmp), 0);
	assert_int_equal(rc_bag_writer_new(&w, dest, RC_BAG_DIR), RC_OK);
	assert_int_equal(rc_bag_begin(w, 1 << 20), RC_OK);
	assert_int_equal(rc_bag_file_open(w, "short", 3, &a), RC_OK);
	assert_int_equal(rc_bag_file_write(a, "abcd", 4), RC_INVALID);
	rc_bag_writer_free(&w);
	assert_int_equal(count_entries(tmp), 0);
	/* full part way, staged files about */
	for (int k = 0; k < 3; k++) {
		assert_int_equal(rc_bag_writer_new(&w, dest, fmts[k]), RC_OK);
		assert_int_equal(rc_bag_begin(w, 1 << 20), RC_OK);
		rc_bag_test_fail_after(3000000, ENOSPC);
		struct rc_bag_out *b;
		assert_int_equal(rc_bag_file_open(w, "a", -1, &a), RC_OK);
		assert_int_equal(rc_bag_file_open(w, "b", -1, &b), RC_OK);
		enum rc_status st = RC_OK;
		for (size_t off = 0; st == RC_OK && off < BIG; off += 65536) {
			size_t n = BIG - off < 65536 ? BIG - off : 65536;
			st = rc_bag_file_write(a, big + off, n);
			if (st == RC_OK)
				st = rc_bag_file_write(b, big + off, n);
		}
		if (st == RC_OK)
			st = rc_bag_file_close(a);
		if (st == RC_OK)
			st = rc_bag_file_close(b);
		if (st == RC_OK)
			st = rc_bag_finish(w, NULL, 0);
		rc_bag_test_fail_after(UINT64_MAX, 0);
		assert_int_equal(st, RC_NOSPACE);
		assert_true(strlen(rc_error_detail()) > 10);
		assert_int_equal(rc_bag_commit(w), RC_INVALID);
		rc_bag_writer_free(&w);
		assert_int_equal(count_entries(tmp), 0);
	}
	free(dest);
	free(big);
	tu_rmdir(tmp);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	assert_int_equal(rc_base_init(), 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_tar),
		cmocka_unit_test(test_zip),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_incremental),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
