/* bench.h - helpers for the benchmarks. */
#ifndef RECOURSE_BENCH_H
#define RECOURSE_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base.h"
#include "core.h"
#include "store.h"
#include "store-int.h" /* rc_case_open_plain_for_bench (test builds) */
#include "ops.h"

/* Peak resident memory since the last bench_peak_reset(), in KiB
 * (VmHWM; Linux resets it when "5" is written to clear_refs). */
static inline long bench_peak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	if (kb < 0) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		kb = ru.ru_maxrss;
	}
	return kb;
}

/* Forget the peak so far (the unlock's Argon2id memory, for instance). */
static inline void bench_peak_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (f) {
		fputs("5", f);
		fclose(f);
	}
}

/* Processor time used so far by the whole process (all threads, user
 * and system), in seconds. */
static inline double bench_cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
	       + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static inline struct rc_secret *bench_secret(const char *s)
{
	struct rc_secret *p = rc_secret_new(RC_PASSPHRASE_MAX);
	for (; *s; s++)
		rc_secret_append(p, (unsigned char)*s);
	return p;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#endif
