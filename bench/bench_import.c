/* bench_import.c - import an NDJSON access log the way "recourse log
 * import" does (same importer, same store calls), into an encrypted case
 * and into a plain SQLite file with the same schema, each in its own
 * process so peak memory is measured per run; then, with the events
 * stored, time the first and next pages of "log list" filtered by
 * authority and by flag (keyset paging), inside the process.
 * Usage: bench_import DIR FILE.ndjson */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static void on_invalid(void *ud, const struct rc_import_error *e)
{
	(void)ud;
	fprintf(stderr, "invalid entry %" PRIu64 ": %s\n", e->entry, e->message);
}

static struct rc_case *open_target(const char *dir, bool plain, bool create)
{
	struct rc_case *c = NULL;
	if (plain) {
		char *p = rc_path_join(dir, "import-plain.sqlite");
		if (create)
			unlink(p);
		if (rc_case_open_plain_for_bench(p, &c) != RC_OK)
			exit(1);
		free(p);
		return c;
	}
	char *p = rc_path_join(dir, "import.case");
	struct rc_secret *pass = bench_secret("benchmark passphrase");
	struct rc_kdf k = { 3, (size_t)64 << 20 };
	struct rc_case_meta m = { 0 };
	m.countries = (char *)"ER";
	m.regimes = (char *)"gdpr,eurodac";
	enum rc_status st = create ? rc_case_create(p, "bench", pass, &k, &m, &c) : rc_case_open(p, pass, &c);
	if (st != RC_OK) {
		fprintf(stderr, "case: %s\n", rc_status_message(st));
		exit(1);
	}
	rc_secret_free(&pass);
	free(p);
	return c;
}

static void import_run(const char *dir, const char *file, bool plain)
{
	struct rc_case *c = open_target(dir, plain, true);
	struct rc_flag_ctx fctx;
	if (plain) {
		rc_flag_ctx_init(&fctx);
		fctx.feared = rc_xcalloc(1, sizeof *fctx.feared);
		memcpy(fctx.feared[0], "ER", 3);
		fctx.n_feared = 1;
	} else if (rc_op_flag_ctx(c, &fctx) != RC_OK) {
		exit(1);
	}
	int fd = open(file, O_RDONLY);
	if (fd < 0) {
		perror(file);
		exit(1);
	}
	long before = bench_peak_rss_kb();
	bench_peak_reset();
	double cpu0 = bench_cpu_s();
	double t0 = rc_mono_ms();
	struct stat sb;
	fstat(fd, &sb);
	struct rc_import_file_opts o = { .format = RC_IMPORT_NDJSON, .origin = "bench.ndjson",
		.ctx = &fctx, .on_invalid = on_invalid, .total_bytes = (uint64_t)sb.st_size };
	struct rc_import_file_result res;
	enum rc_status st = rc_case_import_fd(c, fd, &o, &res);
	double secs = (rc_mono_ms() - t0) / 1000.0;
	double cpu = bench_cpu_s() - cpu0;
	if (st != RC_OK) {
		fprintf(stderr, "import failed: %s\n", rc_status_message(st));
		exit(1);
	}
	close(fd);
	uint64_t n = res.counts.seen;
	printf("  %-28s %9" PRIu64 " events in %6.2f s = %8.0f events/s, peak RSS of the import %6.1f MB"
	       " (with the unlock before it: %.1f MB)\n",
	       plain ? "plain SQLite, same schema:" : "encrypted case (SQLCipher):", n, secs, n / secs,
	       bench_peak_rss_kb() / 1024.0, (before > bench_peak_rss_kb() ? before : bench_peak_rss_kb()) / 1024.0);
	/* The processor time the import used, all threads: with every core
	 * busy for the whole import it could go no faster than this. */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	printf("  %-28s processor time %6.2f s (%.1f us/event, %.0f%% of one core); all %ld cores busy "
	       "throughout would give at most %.0f events/s\n",
	       "", cpu, n ? cpu * 1e6 / (double)n : 0.0, secs > 0 ? 100.0 * cpu / secs : 0.0, cores,
	       cpu > 0 ? (double)n * (double)cores / cpu : 0.0);
	rc_flag_ctx_clear(&fctx);
	rc_case_close(&c);
}

static double page_ms(struct rc_case *c, const struct rc_event_filter *f, struct rc_event_cursor *cur, size_t *got)
{
	struct rc_event evs[50];
	double t0 = rc_mono_ms();
	if (rc_events_page(c, f, cur, 50, evs, got) != RC_OK)
		exit(1);
	double ms = rc_mono_ms() - t0;
	for (size_t i = 0; i < *got; i++)
		rc_event_clear(&evs[i]);
	return ms;
}

static void list_run(const char *dir)
{
	struct rc_case *c = open_target(dir, false, false);
	struct { const char *what; struct rc_event_filter f; } cases[4];
	for (int i = 0; i < 4; i++)
		rc_event_filter_init(&cases[i].f);
	cases[0].what = "no filter";
	cases[1].what = "authority \"Bundespolizei\"";
	cases[1].f.authority = "Bundespolizei";
	cases[2].what = "authority substring \"polizei\"";
	cases[2].f.authority = "polizei";
	cases[3].what = "flag no-purpose";
	cases[3].f.flag = RC_FLAG_NO_PURPOSE;
	for (int i = 0; i < 4; i++) {
		struct rc_event_cursor cur = { 0 };
		size_t g1, g2;
		double a = page_ms(c, &cases[i].f, &cur, &g1);
		double b = page_ms(c, &cases[i].f, &cur, &g2);
		/* once more, warm */
		struct rc_event_cursor cur2 = { 0 };
		double a2 = page_ms(c, &cases[i].f, &cur2, &g1);
		double b2 = page_ms(c, &cases[i].f, &cur2, &g2);
		printf("  log list, %-32s first page %6.2f ms (warm %6.2f), next page %6.2f ms (warm %6.2f), rows %zu+%zu\n",
		       cases[i].what, a, a2, b, b2, g1, g2);
	}
	rc_case_close(&c);
}

static void in_child(void (*fn)(const char *, const char *, bool), const char *dir, const char *file, bool plain)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn(dir, file, plain);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		exit(1);
}

int main(int argc, char **argv)
{
	if (argc < 3 || rc_base_init() != 0) {
		fprintf(stderr, "usage: bench_import DIR FILE.ndjson\n");
		return 2;
	}
	printf("import %s\n", argv[2]);
	in_child(import_run, argv[1], argv[2], false);
	in_child(import_run, argv[1], argv[2], true);
	list_run(argv[1]);
	return 0;
}
