/* testutil.h - helpers shared by the cmocka tests. */
#ifndef RECOURSE_TESTUTIL_H
#define RECOURSE_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base.h"
/* Each test sees only the headers of the layer it tests and those below
 * (Makefile.am): the store's helpers are for the tests that see it. */
#if __has_include("store.h")
#include "store.h"
#define TU_SECRET_CAP RC_PASSPHRASE_MAX
#else
#define TU_SECRET_CAP 1024 /* as RC_PASSPHRASE_MAX */
#endif

/* A fresh private folder under $TMPDIR; removed by tu_rmdir. */
static inline char *tu_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof tmpl, "%s/recourse-test-XXXXXX", t && *t ? t : "/tmp");
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return rc_xstrdup(d);
}

static inline void tu_rmdir(char *dir)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

static inline struct rc_secret *tu_secret(const char *s)
{
	struct rc_secret *p = rc_secret_new(TU_SECRET_CAP);
	for (; *s; s++)
		rc_secret_append(p, (unsigned char)*s);
	return p;
}

#ifdef RECOURSE_STORE_H
/* The floor of the KDF, to keep tests quick. */
static inline struct rc_kdf tu_kdf(void)
{
	struct rc_kdf k = { 3, (size_t)64 << 20 };
	return k;
}
#endif

#endif
