/* test_tmpvfs.c - SQLite's temporary files are encrypted and kept in the
 * case folder (src/store/tmpvfs.c). */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>

#include "testutil.h"
#include "store-int.h"

static const char secret_text[] = "Bundesamt fuer Migration SECRET-MARKER-7f3a";

/* The descriptor of this process's open, deleted temporary file in dir
 * (-1 if there is none): the test reads the bytes on disk through it. */
static int open_deleted_tmp(const char *dir)
{
	DIR *d = opendir("/proc/self/fd");
	assert_non_null(d);
	int found = -1;
	struct dirent *e;
	char want[PATH_MAX];
	snprintf(want, sizeof want, "%s/.tmp-", dir);
	while ((e = readdir(d))) {
		char link[300], target[PATH_MAX];
		snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
		ssize_t n = readlink(link, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = 0;
		if (strncmp(target, want, strlen(want)) == 0 && strstr(target, "(deleted)")) {
			found = atoi(e->d_name);
			break;
		}
	}
	closedir(d);
	return found;
}

static size_t names_in(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static bool contains(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static void test_one_vfs_per_folder(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	const char *a = tmpvfs_for(dir);
	assert_non_null(a);
	assert_non_null(sqlite3_vfs_find(a));
	assert_string_equal(tmpvfs_for(dir), a);
	const char *b = tmpvfs_for("/somewhere/else");
	assert_non_null(b);
	assert_string_not_equal(a, b);
	tu_rmdir(dir);
}

static void test_temp_file_is_encrypted(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	sqlite3_vfs *v = sqlite3_vfs_find(tmpvfs_for(dir));
	assert_non_null(v);
	sqlite3_file *f = calloc(1, (size_t)v->szOsFile);
	int out = 0;
	assert_int_equal(v->xOpen(v, NULL, f, SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_READWRITE
		| SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE | SQLITE_OPEN_DELETEONCLOSE, &out), SQLITE_OK);
	assert_non_null(f->pMethods);
	/* unlinked at once: no name left in the folder */
	assert_int_equal(names_in(dir, ".tmp-"), 0);

	/* writes at odd offsets, across key-stream blocks */
	unsigned char page[5000];
	for (size_t i = 0; i < sizeof page; i++)
		page[i] = (unsigned char)(i * 7 + 3);
	memcpy(page + 100, secret_text, sizeof secret_text - 1);
	assert_int_equal(f->pMethods->xWrite(f, page, (int)sizeof page, 0), SQLITE_OK);
	assert_int_equal(f->pMethods->xWrite(f, secret_text, (int)sizeof secret_text - 1, 5061), SQLITE_OK);

	unsigned char back[6000];
	assert_int_equal(f->pMethods->xRead(f, back, (int)sizeof page, 0), SQLITE_OK);
	assert_memory_equal(back, page, sizeof page);
	assert_int_equal(f->pMethods->xRead(f, back, 10, 5065), SQLITE_OK);
	assert_memory_equal(back, secret_text + 4, 10);
	/* a read from the middle of a block, shorter than a block */
	assert_int_equal(f->pMethods->xRead(f, back, 3, 101), SQLITE_OK);
	assert_memory_equal(back, secret_text + 1, 3);

	/* past the end: what exists decrypted, the rest zeros */
	sqlite3_int64 size = 0;
	assert_int_equal(f->pMethods->xFileSize(f, &size), SQLITE_OK);
	assert_int_equal(size, 5061 + (sqlite3_int64)sizeof secret_text - 1);
	memset(back, 0xee, sizeof back);
	assert_int_equal(f->pMethods->xRead(f, back, 100, 5061), SQLITE_IOERR_SHORT_READ);
	assert_memory_equal(back, secret_text, sizeof secret_text - 1);
	for (size_t i = sizeof secret_text - 1; i < 100; i++)
		assert_int_equal(back[i], 0);

	/* what is on the disk holds neither the text nor the pattern */
	int fd = open_deleted_tmp(dir);
	assert_true(fd >= 0);
	unsigned char disk[6000];
	ssize_t n = pread(fd, disk, sizeof disk, 0);
	assert_int_equal(n, size);
	assert_false(contains(disk, (size_t)n, "SECRET-MARKER"));
	assert_false(contains(disk, (size_t)n, "Bundesamt"));
	assert_true(memcmp(disk, page, 64) != 0);

	assert_int_equal(f->pMethods->xClose(f), SQLITE_OK);
	free(f);
	assert_int_equal(open_deleted_tmp(dir), -1);
	assert_int_equal(names_in(dir, ".tmp-"), 0);
	tu_rmdir(dir);
}

/* An index build bigger than the cache sorts through temporary files:
 * they are in the case folder, encrypted, and gone afterwards. */
static void test_index_build_spills_encrypted(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *p = rc_path_join(dir, "t.case");
	struct rc_secret *s = tu_secret("a passphrase for the test");
	struct rc_kdf k = tu_kdf();
	struct rc_case *c = NULL;
	assert_int_equal(rc_case_create(p, "applicant", s, &k, NULL, &c), RC_OK);
	assert_int_equal(db_exec(&c->db, "PRAGMA cache_size = 8"), RC_OK);
	assert_int_equal(db_exec(&c->db, "PRAGMA threads = 0"), RC_OK);
	assert_int_equal(db_exec(&c->db, "CREATE TABLE big(t TEXT)"), RC_OK);
	/* more than the sorter keeps in memory (250 pages: 4 MiB) */
	assert_int_equal(db_exec(&c->db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
		"INSERT INTO big SELECT printf('%s %08d %0300d', 'SECRET-MARKER', (i * 7919) % 20000, 0) FROM n"), RC_OK);
	uint64_t before = tmpvfs_opened();
	assert_int_equal(db_exec(&c->db, "CREATE INDEX big_t ON big(t)"), RC_OK);
	assert_true(tmpvfs_opened() > before);
	sqlite3_stmt *q;
	assert_int_equal(db_prepare(&c->db, "SELECT t FROM big ORDER BY t LIMIT 1 OFFSET 19999", &q), RC_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_memory_equal(sqlite3_column_text(q, 0), "SECRET-MARKER 00019999 000", 26);
	sqlite3_finalize(q);
	rc_case_close(&c);
	assert_int_equal(names_in(p, ".tmp-"), 0);
	rc_secret_free(&s);
	free(p);
	tu_rmdir(dir);
}

int main(void)
{
	if (rc_base_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_vfs_per_folder),
		cmocka_unit_test(test_temp_file_is_encrypted),
		cmocka_unit_test(test_index_build_spills_encrypted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
