/* test_keyslots.c - the keyslots file and what the store keeps beside it.
 *  - format 2: round trip, a damaged or torn copy falls back on the other,
 *    a newer version refused, the erase marker, updates in place (the file
 *    keeps its inode, the older keys leave it);
 *  - version 1: still read, converted in place on the first write, and a
 *    conversion cut short leaves a readable file;
 *  - the slots' crypto: label binding, reseal;
 *  - the wait after wrong passphrases, kept on disk, and the record of
 *    them noticed when removed (issue 15, finding 4);
 *  - nothing of a closed case left in the process's heap (finding 5). */
#include "config.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "testutil.h"
#include "store-int.h"

static unsigned char key[RC_DATA_KEY_BYTES];

static void make_two(struct keyslots *ks)
{
	memset(ks, 0, sizeof *ks);
	ks->version = KS_VERSION;
	ks->page_size = 16384;
	ks->compat = 3;
	struct rc_kdf k = tu_kdf();
	struct rc_secret *a = tu_secret("correct horse battery");
	struct rc_secret *b = tu_secret("counsel passphrase 2");
	assert_int_equal(ks_slot_make(&ks->slot[0], "applicant", a, &k, key), RC_OK);
	assert_int_equal(ks_slot_make(&ks->slot[1], "counsel:Maria Lopez", b, &k, key), RC_OK);
	ks->n = 2;
	rc_secret_free(&a);
	rc_secret_free(&b);
}

static bool slots_equal(const struct keyslots *a, const struct keyslots *b)
{
	return a->n == b->n && a->page_size == b->page_size && a->compat == b->compat &&
	       a->flags == b->flags && memcmp(a->slot, b->slot, a->n * sizeof a->slot[0]) == 0;
}

/* A whole format-2 image in memory: copy A generation ga, B gb. */
static unsigned char *image(const struct keyslots *ks, uint64_t ga, uint64_t gb)
{
	unsigned char *img = rc_xmalloc(KS_FILE_BYTES);
	ks_encode_copy(ks, KS_KIND_KEYS, ga, img);
	ks_encode_copy(ks, KS_KIND_KEYS, gb, img + KS_COPY_BYTES);
	return img;
}

static bool contains(const unsigned char *hay, size_t n, const void *needle, size_t m)
{
	return memmem(hay, n, needle, m) != NULL;
}

static char *tmpfile_path(const char *dir, const char *name)
{
	return rc_path_join(dir, name);
}

static unsigned char *slurp(const char *path, size_t *n)
{
	char *t;
	assert_int_equal(rc_file_read_all(path, 1 << 20, &t, n), RC_OK);
	return (unsigned char *)t;
}

static void test_roundtrip(void **state)
{
	(void)state;
	struct keyslots ks, back;
	struct ks_state st;
	make_two(&ks);
	unsigned char *img = image(&ks, 1, 2);
	assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, &st), RC_OK);
	assert_int_equal(st.format, 2);
	assert_int_equal(st.winner, 1);
	assert_true(st.same);
	assert_int_equal(back.n, 2);
	assert_true(slots_equal(&ks, &back));
	assert_string_equal(back.slot[1].label, "counsel:Maria Lopez");
	unsigned char got[RC_DATA_KEY_BYTES];
	struct rc_secret *b2 = tu_secret("counsel passphrase 2");
	assert_int_equal(ks_slot_open(&back.slot[1], b2, got), RC_OK);
	assert_memory_equal(got, key, sizeof key);
	/* the other slot's passphrase does not open this one */
	struct rc_secret *a = tu_secret("correct horse battery");
	assert_int_equal(ks_slot_open(&back.slot[1], a, got), RC_BADPASS);
	assert_int_equal(ks_slot_open(&back.slot[0], a, got), RC_OK);
	rc_secret_free(&a);
	rc_secret_free(&b2);
	/* a half-done rekey keeps the second seal */
	ks.flags = KS_FLAG_REKEY;
	unsigned char nk[RC_DATA_KEY_BYTES];
	randombytes_buf(nk, sizeof nk);
	assert_int_equal(ks_slot_reseal_next(&ks.slot[0], nk), RC_OK);
	assert_int_equal(ks_slot_reseal_next(&ks.slot[1], nk), RC_OK);
	free(img);
	img = image(&ks, 7, 8);
	assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, &st), RC_OK);
	assert_true(slots_equal(&ks, &back));
	free(img);
}

static void test_damage_falls_back(void **state)
{
	(void)state;
	struct keyslots ks, back;
	struct ks_state st;
	make_two(&ks);
	unsigned char *img = image(&ks, 1, 2);
	/* any byte of copy B flipped: copy A is read, and said to differ */
	for (size_t i = KS_COPY_BYTES; i < KS_FILE_BYTES; i += 97) {
		img[i] ^= 0x01;
		assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, &st), RC_OK);
		assert_int_equal(st.winner, 0);
		assert_false(st.same);
		assert_true(slots_equal(&ks, &back));
		img[i] ^= 0x01;
	}
	/* one byte in each copy: damaged, told apart from a wrong passphrase */
	for (size_t i = 0; i < KS_COPY_BYTES; i += 389) {
		img[i] ^= 0x40;
		img[KS_COPY_BYTES + (i * 7) % KS_COPY_BYTES] ^= 0x40;
		assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, NULL), RC_KEYSLOTS);
		img[i] ^= 0x40;
		img[KS_COPY_BYTES + (i * 7) % KS_COPY_BYTES] ^= 0x40;
	}
	/* cut short: copy A alone is still a case; less than a copy is not */
	assert_int_equal(ks_parse(img, KS_COPY_BYTES, &back, &st), RC_OK);
	assert_int_equal(st.valid, 1u);
	assert_int_equal(ks_parse(img, KS_COPY_BYTES - 1, &back, NULL), RC_KEYSLOTS);
	assert_int_equal(ks_parse(img, 0, &back, NULL), RC_KEYSLOTS);
	/* padding must stay zero */
	img[KS_COPY_BYTES - 100] = 1;
	img[2 * KS_COPY_BYTES - 100] = 1;
	assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, NULL), RC_KEYSLOTS);
	free(img);
}

static void test_torn_write(void **state)
{
	(void)state;
	struct keyslots old, new, back;
	struct ks_state st;
	make_two(&old);
	new = old;
	new.n = 1; /* remove-slot */
	/* generations 5 (A) and 6 (B): the next write goes to A (g 7), then B (g 8) */
	unsigned char *img = image(&old, 5, 6);
	unsigned char *copy = rc_xmalloc(KS_COPY_BYTES);
	ks_encode_copy(&new, KS_KIND_KEYS, 7, copy);
	/* A torn at every 512-byte sector: B (the old keys) is read */
	for (size_t cut = 512; cut < KS_COPY_BYTES; cut += 512 * 7) {
		memcpy(img, copy, cut);
		assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, &st), RC_OK);
		assert_true(slots_equal(&old, &back));
	}
	/* A whole: the new keys win over B */
	memcpy(img, copy, KS_COPY_BYTES);
	assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, &st), RC_OK);
	assert_true(slots_equal(&new, &back));
	assert_int_equal(st.winner, 0);
	/* then B torn: still the new keys */
	ks_encode_copy(&new, KS_KIND_KEYS, 8, copy);
	for (size_t cut = 512; cut < KS_COPY_BYTES; cut += 512 * 5) {
		memcpy(img + KS_COPY_BYTES, copy, cut);
		assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, &st), RC_OK);
		assert_true(slots_equal(&new, &back));
	}
	free(copy);
	free(img);
}

static void test_newer_version(void **state)
{
	(void)state;
	struct keyslots ks, back;
	make_two(&ks);
	unsigned char *img = image(&ks, 1, 2);
	/* both copies from the future, checksums made anew */
	for (int i = 0; i < 2; i++) {
		unsigned char *c = img + i * KS_COPY_BYTES;
		c[19] = 3;
		crypto_generichash(c + KS_COPY_BYTES - 32, 32, c, KS_COPY_BYTES - 32, NULL, 0);
	}
	assert_int_equal(ks_parse(img, KS_FILE_BYTES, &back, NULL), RC_TOONEW);
	free(img);
	/* and a version 1 text naming version 9 */
	struct rc_buf b, c;
	rc_buf_init(&b);
	rc_buf_init(&c);
	ks_serialize_v1(&ks, &b);
	char *v = strstr(b.data, "\t1\n");
	v[1] = '9';
	char *check = strstr(b.data, "check\t");
	unsigned char h[32];
	char hex[65];
	crypto_generichash(h, 32, (unsigned char *)b.data, (size_t)(check - b.data), NULL, 0);
	rc_hex_encode(h, 32, hex);
	rc_buf_add(&c, b.data, (size_t)(check - b.data));
	rc_buf_printf(&c, "check\t%s\n", hex);
	assert_int_equal(ks_parse(c.data, c.len, &back, NULL), RC_TOONEW);
	rc_buf_free(&b);
	rc_buf_free(&c);
}

/* Updates happen in place: the same inode, fixed size; the keys of two
 * writes before are nowhere in the file; the erase marker holds none. */
static void test_in_place(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *p = tmpfile_path(dir, "keyslots");
	struct keyslots a, b, back;
	struct ks_state st;
	make_two(&a);
	make_two(&b); /* new key pairs and salts: a passwd of both */
	int fd = open(p, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ks_write_fd(fd, &a, "test"), RC_OK);
	struct stat s1, s2;
	assert_int_equal(fstat(fd, &s1), 0);
	assert_int_equal(s1.st_size, KS_FILE_BYTES);
	assert_int_equal(ks_read_fd(fd, &back, &st), RC_OK);
	assert_true(st.same);
	assert_true(st.gen[0] == 1 && st.gen[1] == 2);
	assert_int_equal(ks_write_fd(fd, &b, "test"), RC_OK);
	assert_int_equal(ks_read_fd(fd, &back, &st), RC_OK);
	assert_true(slots_equal(&b, &back));
	assert_true(st.same);
	assert_true(st.gen[0] == 3 && st.gen[1] == 4);
	assert_int_equal(stat(p, &s2), 0);
	assert_int_equal(s1.st_ino, s2.st_ino);
	size_t n;
	unsigned char *bytes = slurp(p, &n);
	assert_int_equal(n, KS_FILE_BYTES);
	for (size_t i = 0; i < a.n; i++) {
		assert_false(contains(bytes, n, a.slot[i].salt, KS_SALT_BYTES));
		assert_false(contains(bytes, n, a.slot[i].pk, KS_PK_BYTES));
		assert_false(contains(bytes, n, a.slot[i].wrapped_sk, KS_WRAPPED_BYTES));
		assert_true(contains(bytes, n, b.slot[i].pk, KS_PK_BYTES));
	}
	free(bytes);
	/* the erase marker: read as such, no key in it, never written over */
	assert_int_equal(ks_mark_erased_fd(fd, "test-mark"), RC_OK);
	assert_int_equal(ks_read_fd(fd, &back, &st), RC_ERASED);
	assert_true(st.erased);
	bytes = slurp(p, &n);
	assert_int_equal(n, KS_FILE_BYTES);
	for (size_t i = 0; i < b.n; i++) {
		assert_false(contains(bytes, n, b.slot[i].salt, KS_SALT_BYTES));
		assert_false(contains(bytes, n, b.slot[i].pk, KS_PK_BYTES));
	}
	free(bytes);
	assert_int_equal(ks_write_fd(fd, &a, "test"), RC_ERASED);
	/* wiped: not even the magic is left */
	assert_int_equal(ks_wipe_fd(fd), RC_OK);
	bytes = slurp(p, &n);
	assert_false(contains(bytes, n, "recourse-keyslots", 17));
	free(bytes);
	close(fd);
	free(p);
	tu_rmdir(dir);
}

static void write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
}

/* Version 1 files: read; the first write converts them in place (their
 * bytes overwritten), and a conversion cut short leaves them readable. */
static void test_v1_conversion(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *p = tmpfile_path(dir, "keyslots");
	struct keyslots a, back;
	struct ks_state st;
	make_two(&a);
	a.version = 1;
	struct rc_buf v1;
	rc_buf_init(&v1);
	ks_serialize_v1(&a, &v1);
	assert_true(v1.len < KS_COPY_BYTES);
	write_file(p, v1.data, v1.len);
	assert_int_equal(ks_load(p, &back), RC_OK);
	assert_int_equal(back.version, 1);
	assert_true(slots_equal(&a, &back) || back.n == 2);

	/* cut short while copy B was written (past the old text): the old
	 * text is still read */
	struct keyslots b = a;
	b.version = KS_VERSION;
	unsigned char *copy = rc_xmalloc(KS_COPY_BYTES);
	ks_encode_copy(&b, KS_KIND_KEYS, 1, copy);
	int fd = open(p, O_RDWR);
	assert_int_equal(pwrite(fd, copy, KS_COPY_BYTES / 3, KS_COPY_BYTES), KS_COPY_BYTES / 3);
	assert_int_equal(ks_read_fd(fd, &back, &st), RC_OK);
	assert_int_equal(st.format, 1);
	/* B whole, A still the old text: B is read */
	assert_int_equal(pwrite(fd, copy, KS_COPY_BYTES, KS_COPY_BYTES), KS_COPY_BYTES);
	assert_int_equal(ks_read_fd(fd, &back, &st), RC_OK);
	assert_int_equal(st.format, 2);
	assert_int_equal(st.winner, 1);
	close(fd);

	/* the real conversion, from the version 1 file */
	write_file(p, v1.data, v1.len);
	struct stat s1, s2;
	assert_int_equal(stat(p, &s1), 0);
	fd = open(p, O_RDWR);
	assert_int_equal(ks_read_fd(fd, &back, &st), RC_OK);
	assert_int_equal(st.format, 1);
	assert_int_equal(ks_write_fd(fd, &back, "convert"), RC_OK);
	assert_int_equal(ks_read_fd(fd, &back, &st), RC_OK);
	assert_int_equal(st.format, 2);
	assert_true(st.same);
	close(fd);
	assert_int_equal(stat(p, &s2), 0);
	assert_int_equal(s1.st_ino, s2.st_ino);
	size_t n;
	unsigned char *bytes = slurp(p, &n);
	assert_int_equal(n, KS_FILE_BYTES);
	assert_false(contains(bytes, n, "recourse-keyslots\t1", 19));
	char hex[2 * KS_PK_BYTES + 1];
	rc_hex_encode(a.slot[0].pk, KS_PK_BYTES, hex);
	assert_false(contains(bytes, n, hex, strlen(hex)));
	free(bytes);
	struct rc_secret *s = tu_secret("correct horse battery");
	unsigned char got[RC_DATA_KEY_BYTES];
	assert_int_equal(ks_slot_open(&back.slot[0], s, got), RC_OK);
	assert_memory_equal(got, key, sizeof key);
	rc_secret_free(&s);
	free(copy);
	rc_buf_free(&v1);
	free(p);
	tu_rmdir(dir);
}

static void test_label_bound(void **state)
{
	(void)state;
	struct keyslots ks;
	make_two(&ks);
	/* renaming a slot (even with a valid checksum) breaks its AEAD */
	snprintf(ks.slot[0].label, sizeof ks.slot[0].label, "office-recovery");
	struct rc_secret *a = tu_secret("correct horse battery");
	unsigned char got[RC_DATA_KEY_BYTES];
	assert_int_equal(ks_slot_open(&ks.slot[0], a, got), RC_BADPASS);
	rc_secret_free(&a);
}

static void test_reseal(void **state)
{
	(void)state;
	struct keyslots ks;
	make_two(&ks);
	unsigned char nk[RC_DATA_KEY_BYTES], got[RC_DATA_KEY_BYTES];
	randombytes_buf(nk, sizeof nk);
	assert_int_equal(ks_slot_reseal(&ks.slot[1], nk), RC_OK);
	struct rc_secret *b = tu_secret("counsel passphrase 2");
	assert_int_equal(ks_slot_open(&ks.slot[1], b, got), RC_OK);
	assert_memory_equal(got, nk, sizeof nk);
	rc_secret_free(&b);
}

static void test_labels(void **state)
{
	(void)state;
	assert_true(rc_slot_label_valid("applicant"));
	assert_true(rc_slot_label_valid("counsel:Maria L\xc3\xb3pez"));
	assert_false(rc_slot_label_valid(""));
	assert_false(rc_slot_label_valid("a\tb"));
	assert_false(rc_slot_label_valid(" lead"));
	assert_false(rc_slot_label_valid("bidi\xe2\x80\xaeX"));
	struct rc_kdf k = { 2, (size_t)64 << 20 };
	assert_false(rc_kdf_acceptable(&k));
	k.opslimit = 3;
	k.memlimit = (size_t)32 << 20;
	assert_false(rc_kdf_acceptable(&k));
	rc_kdf_default(&k);
	assert_true(rc_kdf_acceptable(&k));
}

/* ---- the case: wrong passphrases ---- */

static time_t fake_now = 1768478400;
static time_t clock_fn(void)
{
	return fake_now;
}

static enum rc_status try_open(const char *path, const char *pass, struct rc_case **c)
{
	struct rc_secret *s = tu_secret(pass);
	enum rc_status st = rc_case_open(path, s, c);
	rc_secret_free(&s);
	return st;
}

static void test_attempts(void **state)
{
	(void)state;
	rc_clock_set(clock_fn);
	char *dir = tu_tmpdir();
	char *p = rc_path_join(dir, "w.case");
	struct rc_secret *s = tu_secret("the right passphrase");
	struct rc_kdf k = tu_kdf();
	struct rc_case *c = NULL;
	assert_int_equal(rc_case_create(p, "applicant", s, &k, NULL, &c), RC_OK);
	rc_case_close(&c);
	rc_secret_free(&s);
	unsigned w = 99;
	assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
	assert_int_equal(w, 0);
	/* 3 wrong passphrases: no wait yet; then 2 s, 4 s, 8 s ... */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
		assert_int_equal(w, 0);
		assert_int_equal(try_open(p, "wrong wrong wrong", &c), RC_BADPASS);
	}
	unsigned want = 2;
	for (int i = 0; i < 5; i++, want *= 2) {
		/* every call reads the file: as a restarted program would */
		assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
		assert_int_equal(w, want);
		/* during the wait even the right passphrase is not tried */
		assert_int_equal(try_open(p, "the right passphrase", &c), RC_WAIT);
		assert_non_null(strstr(rc_error_detail(), "seconds"));
		fake_now += want - 1;
		assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
		assert_int_equal(w, 1);
		fake_now += 1;
		assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
		assert_int_equal(w, 0);
		assert_int_equal(try_open(p, "wrong wrong wrong", &c), RC_BADPASS);
	}
	/* capped at 5 minutes */
	for (int i = 0; i < 6; i++) {
		fake_now += 301;
		assert_int_equal(try_open(p, "wrong wrong wrong", &c), RC_BADPASS);
	}
	assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
	assert_int_equal(w, 300);
	/* a clock set back waits no longer than the delay */
	fake_now -= 100000;
	assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
	assert_int_equal(w, 300);
	fake_now += 100000 + 300;
	/* the right one: opens, says how many failed (3 + 5 + 6), starts again */
	assert_int_equal(try_open(p, "the right passphrase", &c), RC_OK);
	unsigned failed;
	bool tampered;
	rc_case_unlock_report(c, &failed, &tampered);
	assert_int_equal(failed, 14);
	assert_false(tampered);
	rc_case_close(&c);
	assert_int_equal(rc_case_unlock_wait(p, &w), RC_OK);
	assert_int_equal(w, 0);
	assert_int_equal(try_open(p, "the right passphrase", &c), RC_OK);
	rc_case_unlock_report(c, &failed, &tampered);
	assert_int_equal(failed, 0);
	rc_case_close(&c);
	/* the record removed: noticed at the next unlock */
	assert_int_equal(try_open(p, "wrong wrong wrong", &c), RC_BADPASS);
	char *att = rc_path_join(p, "attempts");
	assert_int_equal(unlink(att), 0);
	assert_int_equal(try_open(p, "the right passphrase", &c), RC_OK);
	rc_case_unlock_report(c, &failed, &tampered);
	assert_true(tampered);
	rc_case_close(&c);
	/* set back to an older copy: noticed too */
	assert_int_equal(try_open(p, "wrong wrong wrong", &c), RC_BADPASS);
	size_t n;
	unsigned char *saved = slurp(att, &n);
	assert_int_equal(try_open(p, "wrong wrong wrong", &c), RC_BADPASS);
	assert_int_equal(try_open(p, "the right passphrase", &c), RC_OK);
	rc_case_close(&c);
	write_file(att, saved, n); /* total now below the one the database saw */
	assert_int_equal(try_open(p, "the right passphrase", &c), RC_OK);
	rc_case_unlock_report(c, &failed, &tampered);
	assert_true(tampered);
	rc_case_close(&c);
	free(saved);
	free(att);
	free(p);
	tu_rmdir(dir);
	rc_clock_set(NULL);
}

/* ---- the case: nothing of it left in memory once closed ----
 * The canary is made at run time into a page of its own; the scan reads
 * every writable mapping of the process (heap, anonymous maps, stacks,
 * data) through /proc/self/mem into a buffer of its own, and skips those
 * two.  While the case is open the canary is found (SQLite's page cache
 * holds it): the scan works.  After rc_case_close it must be gone. */

static unsigned char *scan_buf;
#define SCAN_CHUNK (1 << 20)

static int heap_count(const unsigned char *needle, size_t n)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	int mem = open("/proc/self/mem", O_RDONLY);
	assert_non_null(maps);
	assert_true(mem >= 0);
	int found = 0;
	char line[512];
	uintptr_t skip1 = (uintptr_t)needle & ~(uintptr_t)4095, skip2 = (uintptr_t)scan_buf;
	while (fgets(line, sizeof line, maps)) {
		unsigned long lo, hi;
		char perms[8] = "";
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[0] != 'r' || perms[1] != 'w')
			continue;
		if (strstr(line, "[vvar]") || strstr(line, "[vsyscall]"))
			continue;
		/* AddressSanitizer's shadow is terabytes of read-write mapping:
		 * reading it through /proc/self/mem makes it resident (it was
		 * killed at 24 GB). No heap of this test comes near 1 GiB. */
		if (hi - lo > (1UL << 30))
			continue;
		uintptr_t last = 0;
		for (unsigned long at = lo; at < hi;) {
			size_t len = hi - at < SCAN_CHUNK ? hi - at : SCAN_CHUNK;
			ssize_t r = pread(mem, scan_buf, len, (off_t)at);
			if (r < (ssize_t)n)
				break;
			for (unsigned char *q = scan_buf;
			     (q = memmem(q, (size_t)r - (size_t)(q - scan_buf), needle, n)) != NULL; q++) {
				uintptr_t where = at + (uintptr_t)(q - scan_buf);
				if ((where & ~(uintptr_t)4095) == skip1 || (where >= skip2 && where < skip2 + SCAN_CHUNK) ||
				    (last && where <= last))
					continue;
				last = where;
				found++;
			}
			if ((size_t)r < len || at + len >= hi)
				break;
			at += len - (n - 1); /* overlap: a canary across two reads */
		}
	}
	fclose(maps);
	close(mem);
	return found;
}

static void test_closed_case_leaves_no_plaintext(void **state)
{
	(void)state;
	scan_buf = mmap(NULL, SCAN_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *needle = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(scan_buf != MAP_FAILED && needle != MAP_FAILED);
	/* "CANARY-" and 32 random hex digits, made here, nowhere in the binary */
	unsigned char r[16];
	randombytes_buf(r, sizeof r);
	memcpy(needle, "CANARY-", 7);
	rc_hex_encode(r, sizeof r, (char *)needle + 7);
	size_t n = 7 + 32;
	sodium_memzero(r, sizeof r);

	char *dir = tu_tmpdir();
	char *p = rc_path_join(dir, "m.case");
	struct rc_secret *s = tu_secret("memory passphrase");
	struct rc_kdf k = tu_kdf();
	struct rc_case *c = NULL;
	assert_int_equal(rc_case_create(p, "applicant", s, &k, NULL, &c), RC_OK);
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event_tx *tx;
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	struct rc_event e;
	rc_event_init(&e);
	e.source = rc_xstrdup("test-system");
	e.ext_id = rc_xstrdup("ev-1");
	e.occurred = rc_xstrdup("2025-01-02T03:04:05Z");
	e.occurred_ts = 1735787045;
	e.authority = rc_xstrdup("Authority A");
	e.authority_country = rc_xstrdup("DE");
	e.note = rc_xstrndup((const char *)needle, n);
	e.raw = rc_xstrdup("{}");
	e.raw_len = 2;
	assert_int_equal(rc_events_put(tx, &e), RC_OK);
	assert_int_equal(rc_events_commit(&tx, "test"), RC_OK);
	int64_t id = e.id;
	sodium_memzero(e.note, n); /* the test's own copy */
	rc_event_clear(&e);
	rc_case_close(&c);

	/* opened again, read back: the decrypted page is in memory */
	assert_int_equal(rc_case_open(p, s, &c), RC_OK);
	struct rc_event back;
	rc_event_init(&back);
	assert_int_equal(rc_events_get(c, id > 0 ? id : 1, &back), RC_OK);
	assert_non_null(back.note);
	assert_memory_equal(back.note, needle, n);
	sodium_memzero(back.note, n); /* the caller's copy is the caller's to wipe */
	rc_event_clear(&back);
	int open_hits = heap_count(needle, n);
	print_message("# canary copies while the case is open: %d\n", open_hits);
	assert_true(open_hits > 0); /* the scan sees SQLite's memory */
	rc_case_close(&c);
	int closed_hits = heap_count(needle, n);
	print_message("# canary copies after rc_case_close: %d\n", closed_hits);
	assert_int_equal(closed_hits, 0);

	rc_flag_ctx_clear(&ctx);
	rc_secret_free(&s);
	free(p);
	tu_rmdir(dir);
	munmap(needle, 4096);
	munmap(scan_buf, SCAN_CHUNK);
}

int main(void)
{
	assert_int_equal(rc_base_init(), 0);
	randombytes_buf(key, sizeof key);
	const struct CMUnitTest tests[] = {
		/* first: SQLite's allocator is installed by the first case */
		cmocka_unit_test(test_closed_case_leaves_no_plaintext),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_damage_falls_back),
		cmocka_unit_test(test_torn_write),
		cmocka_unit_test(test_newer_version),
		cmocka_unit_test(test_in_place),
		cmocka_unit_test(test_v1_conversion),
		cmocka_unit_test(test_label_bound),
		cmocka_unit_test(test_reseal),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_attempts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
