/* clock.c - the clock (injectable in builds with test hooks) and process
 * hygiene. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "base.h"

#ifdef RC_TEST_HOOKS
static rc_clock_fn clock_fn;

void rc_clock_set(rc_clock_fn fn)
{
	clock_fn = fn;
}
#endif

time_t rc_now(void)
{
#ifdef RC_TEST_HOOKS
	if (clock_fn)
		return clock_fn();
#endif
	return time(NULL);
}

void rc_time_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

double rc_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void rc_process_harden(void)
{
	struct rlimit rl = { 0, 0 };
	umask(077);
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
