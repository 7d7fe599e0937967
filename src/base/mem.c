/* mem.c - allocation that never returns NULL, and a growable buffer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static void oom(void)
{
	fputs(_("recourse: out of memory\n"), stderr);
	abort();
}

void *rc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *rc_xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		oom();
	return p;
}

void *rc_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *rc_xstrdup(const char *s)
{
	return rc_xstrndup(s, strlen(s));
}

char *rc_xstrndup(const char *s, size_t n)
{
	char *p = rc_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void rc_buf_init(struct rc_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void rc_buf_free(struct rc_buf *b)
{
	free(b->data);
	rc_buf_init(b);
}

void rc_buf_reset(struct rc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

static void buf_reserve(struct rc_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = rc_xrealloc(b->data, cap);
	b->cap = cap;
}

bool rc_buf_add(struct rc_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
	return true;
}

bool rc_buf_addstr(struct rc_buf *b, const char *s)
{
	return rc_buf_add(b, s, strlen(s));
}

bool rc_buf_printf(struct rc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

const char *rc_buf_cstr(struct rc_buf *b)
{
	if (!b->data)
		buf_reserve(b, 0), b->data[0] = 0;
	return b->data;
}

void rc_hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool rc_hex_decode(const char *in, size_t inlen, unsigned char *out, size_t outlen)
{
	if (inlen != 2 * outlen)
		return false;
	for (size_t i = 0; i < outlen; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

long rc_peak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}
