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

/* What is dropped, and why (RC_TEXT_* of base.h); 0: kept. */
static unsigned dropped(uint32_t cp, bool keep_newlines)
{
	if (cp == '\n' && keep_newlines)
		return 0;
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return RC_TEXT_CONTROL;
	switch (cp) {
	case 0x061C: /* arabic letter mark */
	case 0x200E: case 0x200F: /* LRM, RLM */
	case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E:
	case 0x2066: case 0x2067: case 0x2068: case 0x2069:
		return RC_TEXT_BIDI;
	case 0x200B: /* zero width space */
	case 0x200C: case 0x200D: /* zero width non-joiner, joiner */
	case 0x2060: /* word joiner */
	case 0x00AD: /* soft hyphen */
	case 0x180E: /* Mongolian vowel separator */
	case 0xFEFF: /* BOM / zero width no-break space */
		return RC_TEXT_INVISIBLE;
	default:
		return 0;
	}
}

/* Combining marks (the Unicode ranges of combining diacritics): a run of
 * more than COMBINING_MAX on one base character is cut, so a cell of
 * ten thousand marks cannot fill a screen. */
#define COMBINING_MAX 4
static bool combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

char *rc_text_sanitize_ex(const char *src, size_t len, bool keep_newlines, unsigned *what)
{
	const unsigned char *s = (const unsigned char *)src;
	char *out = rc_xmalloc(len * 3 + 1); /* U+FFFD is 3 bytes for 1 */
	size_t o = 0;
	unsigned did = 0;
	int marks = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			did |= RC_TEXT_NOT_UTF8;
			marks = 0;
			continue;
		}
		unsigned why = cp == '\t' || (cp == '\r' && !keep_newlines) ? 0 : dropped(cp, keep_newlines);
		if (cp == '\t' || (cp == '\r' && !keep_newlines)) {
			out[o++] = ' ';
			marks = 0;
		} else if (why) {
			did |= why;
		} else if (combining(cp) && ++marks > COMBINING_MAX) {
			did |= RC_TEXT_MARKS_CUT;
		} else {
			if (!combining(cp))
				marks = 0;
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
	if (what)
		*what |= did;
	return out;
}

char *rc_text_sanitize(const char *src, size_t len, bool keep_newlines)
{
	return rc_text_sanitize_ex(src, len, keep_newlines, NULL);
}

bool rc_text_is_clean(const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp == '\t' || dropped(cp, false))
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
