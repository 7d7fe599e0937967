/* text.c - make text from outside safe to display. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base.h"

/* Decode one UTF-8 sequence strictly (no overlongs, no surrogates, max
 * U+10FFFF).  Returns its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static bool is_dropped(uint32_t cp, bool keep_newlines)
{
	if (cp == '\n' && keep_newlines)
		return false;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return true;
	switch (cp) {
	case 0x061C: /* arabic letter mark */
	case 0x200E: case 0x200F: /* LRM, RLM */
	case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E:
	case 0x2066: case 0x2067: case 0x2068: case 0x2069:
	case 0xFEFF: /* BOM / zero width no-break space */
		return true;
	default:
		return false;
	}
}

char *rc_text_sanitize(const char *src, size_t len, bool keep_newlines)
{
	const unsigned char *s = (const unsigned char *)src;
	char *out = rc_xmalloc(len * 3 + 1); /* U+FFFD is 3 bytes for 1 */
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		if (cp == '\t' || (cp == '\r' && !keep_newlines))
			out[o++] = ' ';
		else if (!is_dropped(cp, keep_newlines)) {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	/* trim blanks */
	size_t start = 0;
	while (start < o && (out[start] == ' ' || out[start] == '\n'))
		start++;
	while (o > start && (out[o - 1] == ' ' || out[o - 1] == '\n'))
		o--;
	memmove(out, out + start, o - start);
	out[o - start] = 0;
	return out;
}

bool rc_text_is_clean(const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp == '\t' || is_dropped(cp, false))
			return false;
		i += n;
	}
	return true;
}

int rc_text_width(const char *src)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t len = strlen(src);
	int w = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			w++;
			i++;
			continue;
		}
		int cw = wcwidth((wchar_t)cp);
		w += cw > 0 ? cw : 0;
		i += n;
	}
	return w;
}
