/* cases.c - where cases live, and listing them by label only (nothing
 * inside a case is read but whether its keys are still there: see
 * case_listed in casefile.c). */
#include "config.h"

#include <dirent.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-int.h"

char *rc_cases_dir(void)
{
	const char *e = getenv("RECOURSE_CASES_DIR");
	if (e && *e)
		return rc_xstrdup(e);
	e = getenv("XDG_DATA_HOME");
	if (e && *e == '/')
		return rc_path_join(e, "recourse/cases");
	e = getenv("HOME");
	if (!e || !*e) {
		struct passwd *pw = getpwuid(getuid());
		e = pw ? pw->pw_dir : "/";
	}
	return rc_path_join(e, ".local/share/recourse/cases");
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

char *rc_case_resolve(const char *arg)
{
	if (strchr(arg, '/') || ends_with(arg, ".case")) {
		size_t n = strlen(arg);
		while (n > 1 && arg[n - 1] == '/')
			n--;
		char *p = rc_xstrndup(arg, n);
		if (ends_with(p, ".case"))
			return p;
		char *q = rc_xmalloc(n + 6);
		memcpy(q, p, n);
		memcpy(q + n, ".case", 6);
		free(p);
		return q;
	}
	char *dir = rc_cases_dir();
	size_t n = strlen(arg);
	char *name = rc_xmalloc(n + 6);
	memcpy(name, arg, n);
	memcpy(name + n, ".case", 6);
	char *p = rc_path_join(dir, name);
	free(dir);
	free(name);
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum rc_status rc_cases_list(const char *dir, char ***labels, size_t *n)
{
	*labels = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return RC_OK; /* no cases yet */
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l <= 5 || !ends_with(de->d_name, ".case") || de->d_name[0] == '.')
			continue;
		/* what an interrupted erase left is finished, not listed */
		if (!case_listed(dir, de->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*labels = rc_xrealloc(*labels, cap * sizeof **labels);
		}
		(*labels)[(*n)++] = rc_xstrndup(de->d_name, l - 5);
	}
	closedir(d);
	if (*n)
		qsort(*labels, *n, sizeof **labels, cmp_str);
	return RC_OK;
}

void rc_strv_free(char ***v, size_t n)
{
	if (!v || !*v)
		return;
	for (size_t i = 0; i < n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
}
