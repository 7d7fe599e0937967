/* bench_deadline.c - how many deadlines a second: N computations (default
 * 100,000) across every shipped calendar and every rule, from received
 * dates drawn from 2024-2029 with a fixed seed (the same draw as
 * bench/baseline_deadline.py, which prints the same checksum when both
 * agree on every date).
 *
 *   bench_deadline DATA_DIR [N]
 *
 * Periods: 1 month (EU, GDPR, UK), 20 working days (FOIA), 30 days
 * (Canada); every reading each rule leaves open is computed, as the
 * program does. */
#include "config.h"

#include <dirent.h>
#include <inttypes.h>

#include "bench.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DATA_DIR [N]\n", argv[0]);
		return 2;
	}
	long n = argc > 2 ? atol(argv[2]) : 100000;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/holidays", argv[1]);
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return 1;
	}
	struct rc_holidays *set = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		char path[8192], *buf;
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (rc_file_read_all(path, 1u << 20, &buf, &len) != RC_OK
			|| rc_holidays_add_json(&set, buf, len) != RC_OK) {
			fprintf(stderr, "%s: %s\n", path, rc_error_detail());
			return 1;
		}
		free(buf);
	}
	closedir(d);
	size_t ncal = rc_holidays_count(set);
	char **ids = rc_xcalloc(ncal, sizeof *ids);
	for (size_t i = 0; i < ncal; i++)
		ids[i] = rc_xstrdup(rc_holidays_id(set, i));
	qsort(ids, ncal, sizeof *ids, cmp_str);

	int32_t first = rc_ymd_to_days((struct rc_ymd){ 2024, 1, 1 });
	int32_t span = rc_ymd_to_days((struct rc_ymd){ 2029, 12, 31 }) - first + 1;
	static const struct rc_period periods[RC_RULE_COUNT] = {
		[RC_RULE_EU_1182_71] = { 1, RC_UNIT_MONTHS }, [RC_RULE_GDPR_12_3] = { 1, RC_UNIT_MONTHS },
		[RC_RULE_UK_BEGINNING] = { 1, RC_UNIT_MONTHS }, [RC_RULE_US_FOIA] = { 20, RC_UNIT_WORKING_DAYS },
		[RC_RULE_CA_INTERP] = { 30, RC_UNIT_CALENDAR_DAYS },
	};
	uint64_t x = 1, sum = 0;
	long ok = 0, unknown = 0, uncertain = 0;
	double t0 = rc_mono_ms();
	for (long i = 0; i < n; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		struct rc_deadline_query q = {
			.event = rc_ymd_from_days(first + (int32_t)((x >> 33) % (uint64_t)span)),
			.rule = (enum rc_rule)((size_t)i / ncal % RC_RULE_COUNT),
			.calendar = ids[(size_t)i % ncal],
		};
		q.period = periods[q.rule];
		struct rc_deadline r;
		enum rc_status st = rc_deadline_compute(set, &q, &r);
		if (st == RC_OK) {
			ok++;
			uncertain += r.uncertain != 0;
			sum += (uint64_t)(rc_ymd_to_days(r.earliest) - first) + 3u * (uint64_t)(rc_ymd_to_days(r.latest) - first);
		} else {
			unknown++;
		}
	}
	double s = (rc_mono_ms() - t0) / 1000.0;
	printf("  %-40s %8ld in %6.3f s = %10.0f computations/s (%ld computed, %ld uncertain, %ld unknown; checksum %" PRIu64 ")\n",
	       "recourse (C, rc_deadline_compute)", n, s, s > 0 ? (double)n / s : 0.0, ok, uncertain, unknown, sum);
	for (size_t i = 0; i < ncal; i++)
		free(ids[i]);
	free(ids);
	rc_holidays_free(&set);
	return 0;
}
