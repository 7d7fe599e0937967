/* strset.c - a set of strings: open addressing, FNV-1a, copies kept. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base.h"

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void grow(struct rc_strset *s)
{
	size_t ncap = s->cap ? s->cap * 2 : 64;
	char **nv = rc_xcalloc(ncap, sizeof *nv);
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->v[i])
			continue;
		size_t j = str_hash(s->v[i]) & (ncap - 1);
		while (nv[j])
			j = (j + 1) & (ncap - 1);
		nv[j] = s->v[i];
	}
	free(s->v);
	s->v = nv;
	s->cap = ncap;
}

bool rc_strset_add(struct rc_strset *s, const char *k)
{
	if (2 * (s->n + 1) > s->cap)
		grow(s);
	size_t j = str_hash(k) & (s->cap - 1);
	while (s->v[j]) {
		if (strcmp(s->v[j], k) == 0)
			return false;
		j = (j + 1) & (s->cap - 1);
	}
	s->v[j] = rc_xstrdup(k);
	s->n++;
	return true;
}

bool rc_strset_has(const struct rc_strset *s, const char *k)
{
	if (!s->cap)
		return false;
	size_t j = str_hash(k) & (s->cap - 1);
	while (s->v[j]) {
		if (strcmp(s->v[j], k) == 0)
			return true;
		j = (j + 1) & (s->cap - 1);
	}
	return false;
}

void rc_strset_free(struct rc_strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char **rc_strset_sorted(const struct rc_strset *s)
{
	const char **out = rc_xcalloc(s->n ? s->n : 1, sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < s->cap; i++)
		if (s->v[i])
			out[k++] = s->v[i];
	if (k > 1)
		qsort(out, k, sizeof *out, cmp_str);
	return out;
}
