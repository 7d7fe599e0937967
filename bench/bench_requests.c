/* bench_requests.c - a case with N requests (default 1,000) for the
 * request screens' benchmark (bench/bench-ui-requests.sh), made through
 * the case operations as "recourse request add" and "request move" do:
 * a mix of kinds, regimes (GDPR, UK, none), drafts, requests sent over
 * the last 15 months, some received or given more time.  Then the
 * in-process baseline: rc_op_request_views (every deadline computed),
 * median and p95 of 50 runs.
 *
 *   bench_requests DIR [N]     (the passphrase: "bench passphrase") */
#include "config.h"

#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
	if (argc < 2 || rc_base_init() != 0) {
		fprintf(stderr, "usage: bench_requests DIR [N]\n");
		return 2;
	}
	int n = argc > 2 ? atoi(argv[2]) : 1000;
	char *path = rc_path_join(argv[1], "reqs.case");
	struct rc_secret *pass = bench_secret("bench passphrase");
	struct rc_kdf floor_ = { 3, (size_t)64 << 20 };
	rc_op_test_kdf(&floor_);
	struct rc_profile prof = { .regimes = "gdpr, uk-dpa", .countries = "SY" };
	struct rc_case *c;
	if (access(path, F_OK) == 0) { /* made already: the baseline only (for a profiler) */
		n = 0;
		if (rc_case_open(path, pass, &c) != RC_OK) {
			fprintf(stderr, "bench_requests: cannot open %s\n", path);
			return 1;
		}
	} else if (rc_op_case_create(path, "applicant", pass, &prof, &c) != RC_OK) {
		fprintf(stderr, "bench_requests: cannot make %s: %s\n", path, rc_error_detail());
		return 1;
	}
	static const char *const kinds[] = { "access", "rectification", "erasure", "restriction", "completion" };
	struct rc_ymd today = rc_op_today();
	double t0 = rc_mono_ms();
	for (int i = 0; i < n; i++) {
		char filed[RC_YMD_LEN];
		struct rc_ymd d = rc_ymd_add_days(today, -(i * 7 % 450) - 1);
		rc_ymd_format(d, filed);
		bool gb = i % 5 == 1, none = i % 17 == 3, draft = i % 9 == 4;
		struct rc_request_in in = {
			.kind = kinds[i % 5],
			.regime = none ? NULL : gb ? "uk-dpa" : "gdpr",
			.filed = draft ? NULL : filed,
			.controller = draft || none ? NULL : gb ? "GB" : "DE",
			.about = "bench",
		};
		int64_t id;
		if (rc_op_request_add(c, &in, NULL, NULL, &id) != RC_OK) {
			fprintf(stderr, "bench_requests: request %d: %s\n", i, rc_error_detail());
			return 1;
		}
		if (!draft && i % 4 == 0) {
			char day[RC_YMD_LEN];
			rc_ymd_format(rc_ymd_add_days(d, 3), day);
			struct rc_request_move m = { .to = i % 8 == 0 ? "extended" : "acknowledged", .day = day,
				.reasons = true, .proof_fd = -1 };
			if (rc_ymd_cmp(rc_ymd_add_days(d, 3), today) <= 0)
				rc_op_request_move(c, id, &m, NULL, NULL);
		}
	}
	if (n)
		printf("made %d requests in %.1f s\n", n, (rc_mono_ms() - t0) / 1000);
	enum { RUNS = 50 };
	size_t shown = 0;
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		struct rc_request_view *v;
		size_t nv;
		double a = rc_mono_ms();
		if (rc_op_request_views(c, today, &v, &nv) != RC_OK) {
			fprintf(stderr, "bench_requests: views failed\n");
			return 1;
		}
		t[r] = rc_mono_ms() - a;
		shown = nv;
		rc_request_views_free(&v, nv);
	}
	qsort(t, RUNS, sizeof *t, cmp_double);
	printf("baseline rc_op_request_views (%zu requests, every deadline, no drawing): median-ms=%.2f p95-ms=%.2f\n",
	       shown, t[RUNS / 2], t[RUNS * 95 / 100]);
	rc_case_close(&c);
	rc_secret_free(&pass);
	free(path);
	return 0;
}
