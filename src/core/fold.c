/* fold.c - text folded for matching keywords and patterns: the
 * authority's type and name, a system's name, and the keywords of the
 * regime files are compared in this form (data/regimes/README.md,
 * "Matching"). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "regimes-int.h"

/* ------------------------------------------------------------------ */
/* Folding text for matching: lower case, accents removed (Latin, Greek),
 * anything that is not a letter or a digit becomes one space.  With pad,
 * the result starts and ends with a space, so a keyword written with a
 * space at either end matches only at a word boundary. */

static const char *const latin1_fold[64] = {
	/* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", " ",
	/* U+00D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", " ",
	/* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100..U+017F, one base letter each (ligatures handled apart). */
static const char latin_ext_a_fold[] =
	"aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "iiXXjjkkklllllll"
	"lllnnnnnnnnnoooo" "ooXXrrrrrrssssss" "sstttttttuuuuuuu" "uuuuwwyyyzzzzzzs";

static uint32_t greek_fold(uint32_t cp)
{
	switch (cp) {
	case 0x386: case 0x3AC: return 0x3B1; /* alpha */
	case 0x388: case 0x3AD: return 0x3B5; /* epsilon */
	case 0x389: case 0x3AE: return 0x3B7; /* eta */
	case 0x38A: case 0x390: case 0x3AA: case 0x3AF: case 0x3CA: return 0x3B9; /* iota */
	case 0x38C: case 0x3CC: return 0x3BF; /* omicron */
	case 0x38E: case 0x3AB: case 0x3B0: case 0x3CB: case 0x3CD: return 0x3C5; /* upsilon */
	case 0x38F: case 0x3CE: return 0x3C9; /* omega */
	case 0x3C2: return 0x3C3; /* final sigma */
	default: break;
	}
	if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
		return cp + 0x20;
	return cp;
}

static void buf_space(struct rc_buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] != ' ')
		rc_buf_add(b, " ", 1);
}

static void buf_utf8(struct rc_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	rc_buf_add(b, u, n);
}

/* Decode one UTF-8 character at s (n bytes left); returns its length and
 * the code point, or length 1 and U+FFFD for an invalid sequence. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < len) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

static void fold_cp(struct rc_buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z') {
			char c = (char)(cp - 'A' + 'a');
			rc_buf_add(b, &c, 1);
		} else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			char c = (char)cp;
			rc_buf_add(b, &c, 1);
		} else {
			buf_space(b);
		}
	} else if (cp < 0xC0) {
		buf_space(b); /* C1 controls, no-break space, Latin-1 signs */
	} else if (cp < 0x100) {
		const char *f = latin1_fold[cp - 0xC0];
		if (f[0] == ' ')
			buf_space(b);
		else
			rc_buf_addstr(b, f);
	} else if (cp < 0x180) {
		if (cp == 0x132 || cp == 0x133)
			rc_buf_addstr(b, "ij");
		else if (cp == 0x152 || cp == 0x153)
			rc_buf_addstr(b, "oe");
		else
			rc_buf_add(b, &latin_ext_a_fold[cp - 0x100], 1);
	} else if (cp == 0x218 || cp == 0x219) {
		rc_buf_addstr(b, "s");
	} else if (cp == 0x21A || cp == 0x21B) {
		rc_buf_addstr(b, "t");
	} else if (cp >= 0x300 && cp <= 0x36F) {
		/* combining accents: dropped */
	} else if (cp == 0x37E || cp == 0x387) {
		buf_space(b); /* Greek question mark, ano teleia */
	} else if (cp >= 0x370 && cp <= 0x3FF) {
		buf_utf8(b, greek_fold(cp));
	} else if (cp >= 0x400 && cp <= 0x40F) {
		buf_utf8(b, cp + 0x50);
	} else if (cp >= 0x410 && cp <= 0x42F) {
		buf_utf8(b, cp + 0x20);
	} else if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFFFD
		|| (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF) {
		buf_space(b);
	} else {
		buf_utf8(b, cp);
	}
}

/* Malloc'ed folded copy of s.  With pad: " words ", else "words". */
char *fold(const char *s, bool pad)
{
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_add(&b, " ", 1);
	size_t n = s ? strlen(s) : 0;
	const unsigned char *p = (const unsigned char *)s;
	while (n > 0) {
		uint32_t cp;
		size_t len = utf8_next(p, n, &cp);
		fold_cp(&b, cp);
		p += len;
		n -= len;
	}
	buf_space(&b);
	rc_buf_cstr(&b);
	if (pad)
		return b.data;
	/* strip the two spaces */
	char *out;
	if (b.len <= 2)
		out = rc_xstrdup("");
	else
		out = rc_xstrndup(b.data + 1, b.len - 2);
	rc_buf_free(&b);
	return out;
}

char *rc_text_fold(const char *s)
{
	return fold(s, false);
}

/* A keyword or pattern: folded, and kept with a leading or trailing space
 * when written with one (a word boundary).  NULL when nothing is left. */
char *fold_keyword(const char *s)
{
	char *core = fold(s, false);
	if (!core[0]) {
		free(core);
		return NULL;
	}
	size_t n = strlen(s);
	bool lead = n > 0 && s[0] == ' ';
	bool trail = n > 0 && s[n - 1] == ' ';
	if (!lead && !trail)
		return core;
	struct rc_buf b;
	rc_buf_init(&b);
	if (lead)
		rc_buf_add(&b, " ", 1);
	rc_buf_addstr(&b, core);
	if (trail)
		rc_buf_add(&b, " ", 1);
	free(core);
	rc_buf_cstr(&b);
	return b.data;
}

bool fold_matches_any(char *const *kw, size_t n, const char *folded)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(folded, kw[i]))
			return true;
	return false;
}
