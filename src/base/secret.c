/* secret.c - locked, guarded memory for passphrases and keys. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "base.h"

int rc_base_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

struct rc_secret *rc_secret_new(size_t cap)
{
	struct rc_secret *s = rc_xcalloc(1, sizeof *s);
	s->data = sodium_malloc(cap + 1);
	if (!s->data) {
		free(s);
		return NULL;
	}
	sodium_memzero(s->data, cap + 1);
	s->cap = cap;
	return s;
}

void rc_secret_free(struct rc_secret **sp)
{
	if (!sp || !*sp)
		return;
	sodium_free((*sp)->data); /* wipes before freeing */
	free(*sp);
	*sp = NULL;
}

bool rc_secret_append(struct rc_secret *s, unsigned char c)
{
	if (s->len >= s->cap)
		return false;
	s->data[s->len++] = c;
	s->data[s->len] = 0;
	return true;
}

void rc_secret_pop_utf8(struct rc_secret *s)
{
	while (s->len > 0) {
		unsigned char c = s->data[--s->len];
		s->data[s->len] = 0;
		if ((c & 0xC0) != 0x80)
			break; /* removed the lead byte of one character */
	}
}

void rc_secret_clear(struct rc_secret *s)
{
	sodium_memzero(s->data, s->cap + 1);
	s->len = 0;
}
