/* test_rawz.c - an import's original bytes are stored compressed against
 * a dictionary of its first records (src/store/rawz.c) and come back byte
 * for byte; small imports and manual entries are stored as they are. */
#include "config.h"

#include <fcntl.h>

#include "testutil.h"
#include "store-int.h"

#define N_EVENTS 300

struct fixture {
	char *dir;
	char *file;
	struct rc_case *c;
	char *line[N_EVENTS];
};

static char *event_line(int i, const char *extra)
{
	char buf[1024];
	snprintf(buf, sizeof buf,
		"{\"resourceType\": \"AuditEvent\", \"id\": \"t-%05d\", \"type\": {\"system\": "
		"\"http://dicom.nema.org/resources/ontology/DCM\", \"code\": \"110110\"}, \"action\": \"R\", "
		"\"recorded\": \"2024-01-%02dT10:%02d:00Z\", \"outcome\": \"0\", \"agent\": [{\"who\": "
		"{\"display\": \"Officer %d\"}, \"requestor\": true}], \"source\": {\"observer\": {\"display\": "
		"\"Eurodac Central System\"}}, \"entity\": [{\"what\": {\"identifier\": {\"value\": \"EU-%d%s\"}}}]}",
		i, i % 28 + 1, i % 60, i % 17, i * 31, extra);
	return rc_xstrdup(buf);
}

static void write_lines(const char *path, char **lines, int n)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	assert_int_equal(fclose(f), 0);
}

static struct rc_import_file_result import(struct rc_case *c, const char *path)
{
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	struct rc_import_file_opts o = { .format = RC_IMPORT_NDJSON, .origin = "t.ndjson" };
	struct rc_import_file_result res;
	assert_int_equal(rc_case_import_fd(c, fd, &o, &res), RC_OK);
	close(fd);
	return res;
}

static int64_t scalar(struct rc_case *c, const char *sql)
{
	sqlite3_stmt *q;
	assert_int_equal(db_prepare(&c->db, sql, &q), RC_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static int64_t id_of(struct rc_case *c, int i)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM event WHERE ext_id = 't-%05d'", i);
	return scalar(c, sql);
}

static void assert_raw(struct rc_case *c, int64_t id, const char *want)
{
	struct rc_event ev;
	assert_int_equal(rc_events_get(c, id, &ev), RC_OK);
	assert_int_equal(ev.raw_len, strlen(want));
	assert_memory_equal(ev.raw, want, ev.raw_len);
	rc_event_clear(&ev);
}

static int setup(void **state)
{
	struct fixture *fx = rc_xcalloc(1, sizeof *fx);
	fx->dir = tu_tmpdir();
	fx->file = rc_path_join(fx->dir, "t.ndjson");
	char *p = rc_path_join(fx->dir, "z.case");
	struct rc_secret *s = tu_secret("a passphrase for the test");
	struct rc_kdf k = tu_kdf();
	assert_int_equal(rc_case_create(p, "applicant", s, &k, NULL, &fx->c), RC_OK);
	rc_secret_free(&s);
	free(p);
	for (int i = 0; i < N_EVENTS; i++)
		fx->line[i] = event_line(i, "");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	rc_case_close(&fx->c);
	for (int i = 0; i < N_EVENTS; i++)
		free(fx->line[i]);
	free(fx->file);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

static void test_compressed_and_exact(void **state)
{
	struct fixture *fx = *state;
	write_lines(fx->file, fx->line, N_EVENTS);
	struct rc_import_file_result r = import(fx->c, fx->file);
	assert_int_equal(r.counts.added, N_EVENTS);
	/* one dictionary, every record compressed against it, and smaller */
	assert_int_equal(scalar(fx->c, "SELECT count(*) FROM raw_dict"), 1);
	assert_int_equal(scalar(fx->c, "SELECT count(*) FROM event_raw WHERE dict != 0"), N_EVENTS);
	size_t total = 0;
	for (int i = 0; i < N_EVENTS; i++)
		total += strlen(fx->line[i]);
	int64_t stored = scalar(fx->c, "SELECT sum(length(raw)) FROM event_raw");
	assert_true(stored > 0 && (size_t)stored * 3 < total);
	/* byte for byte, first, middle and last (inside and outside the
	 * dictionary's records) */
	for (int i = 0; i < N_EVENTS; i += 7)
		assert_raw(fx->c, id_of(fx->c, i), fx->line[i]);
	assert_raw(fx->c, id_of(fx->c, N_EVENTS - 1), fx->line[N_EVENTS - 1]);

	/* again: nothing new, nothing changed (compared uncompressed) */
	r = import(fx->c, fx->file);
	assert_int_equal(r.counts.added, 0);
	assert_int_equal(r.counts.unchanged, N_EVENTS);

	/* one record changed: updated, and its new bytes are kept */
	free(fx->line[150]);
	fx->line[150] = event_line(150, "-corrected");
	write_lines(fx->file, fx->line, N_EVENTS);
	r = import(fx->c, fx->file);
	assert_int_equal(r.counts.updated, 1);
	assert_int_equal(r.counts.unchanged, N_EVENTS - 1);
	assert_raw(fx->c, id_of(fx->c, 150), fx->line[150]);
	assert_raw(fx->c, id_of(fx->c, 151), fx->line[151]);
}

static void test_small_import_stored_as_is(void **state)
{
	struct fixture *fx = *state;
	write_lines(fx->file, fx->line, 3);
	struct rc_import_file_result r = import(fx->c, fx->file);
	assert_int_equal(r.counts.added, 3);
	assert_int_equal(scalar(fx->c, "SELECT count(*) FROM raw_dict"), 0);
	assert_int_equal(scalar(fx->c, "SELECT count(*) FROM event_raw WHERE dict = 0"), 3);
	assert_raw(fx->c, id_of(fx->c, 2), fx->line[2]);
}

static void test_damaged_record_is_reported(void **state)
{
	struct fixture *fx = *state;
	write_lines(fx->file, fx->line, N_EVENTS);
	import(fx->c, fx->file);
	int64_t id = id_of(fx->c, 42);
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE event_raw SET raw = x'28b52ffd0000' WHERE id = %lld", (long long)id);
	assert_int_equal(db_exec(&fx->c->db, sql), RC_OK);
	struct rc_event ev;
	assert_int_equal(rc_events_get(fx->c, id, &ev), RC_CORRUPT);
	assert_null(ev.raw);
	snprintf(sql, sizeof sql, "UPDATE event_raw SET dict = 999 WHERE id = %lld", (long long)id);
	assert_int_equal(db_exec(&fx->c->db, sql), RC_OK);
	assert_int_equal(rc_events_get(fx->c, id, &ev), RC_CORRUPT);
	/* the others are unharmed */
	assert_raw(fx->c, id_of(fx->c, 43), fx->line[43]);
}

int main(void)
{
	if (rc_base_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_compressed_and_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_import_stored_as_is, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_record_is_reported, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
