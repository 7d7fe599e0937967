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

static inline long bench_peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
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
