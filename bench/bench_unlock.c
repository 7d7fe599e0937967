/* bench_unlock.c - time to unlock a case with the default Argon2id
 * parameters (target 0.3-1.5 s on a 2-core machine), and with the floor
 * for comparison.  Usage: bench_unlock DIR [RUNS] */
#include "config.h"

#include "bench.h"

static void run(const char *dir, const char *name, const struct rc_kdf *k, int runs)
{
	char *path = rc_path_join(dir, name);
	struct rc_secret *pass = bench_secret("benchmark passphrase");
	struct rc_case *c;
	if (rc_case_create(path, "applicant", pass, k, NULL, &c) != RC_OK) {
		fprintf(stderr, "create failed\n");
		exit(1);
	}
	rc_case_close(&c);
	double *t = calloc((size_t)runs, sizeof *t);
	for (int i = 0; i < runs; i++) {
		double t0 = rc_mono_ms();
		if (rc_case_open(path, pass, &c) != RC_OK) {
			fprintf(stderr, "open failed\n");
			exit(1);
		}
		t[i] = rc_mono_ms() - t0;
		rc_case_close(&c);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("unlock  argon2id t=%llu m=%4zu MiB: median %7.1f ms  min %7.1f  max %7.1f  (%d runs)\n",
	       k->opslimit, k->memlimit >> 20, t[runs / 2], t[0], t[runs - 1], runs);
	free(t);
	rc_secret_free(&pass);
	free(path);
}

int main(int argc, char **argv)
{
	if (argc < 2 || rc_base_init() != 0) {
		fprintf(stderr, "usage: bench_unlock DIR [RUNS]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 7;
	struct rc_kdf def, floor_ = { 3, (size_t)64 << 20 };
	rc_kdf_default(&def);
	run(argv[1], "unlock-default.case", &def, runs);
	run(argv[1], "unlock-floor.case", &floor_, runs);
	return 0;
}
