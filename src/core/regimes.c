/* regimes.c - legal regimes loaded from data/regimes/ (JSON): retention
 * per system, the areas inside which sharing is not an onward transfer,
 * and the keyword lists that tell bodies with an asylum, immigration or
 * border mandate from those without.  The format is described in
 * data/regimes/README.md.  Documents are small and shipped with the
 * program; they are read with jansson, duplicate keys rejected, and every
 * field checked, so a broken file fails with the field's name instead of
 * producing wrong flags. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core.h"

#define DOC_MAX_BYTES (4u * 1024u * 1024u)
#define DAYS_MAX 36525 /* 100 years */
#define PERIOD_N_MAX 3650
#define ID_MAX 31

enum kw_class {
	KW_MANDATE,            /* asylum, immigration, border: these win */
	KW_MANDATE_IF_PURPOSE, /* police: a mandate when a purpose is recorded */
	KW_NONE,               /* services: health, schools, welfare, ... */
	KW_NONE_IF_NO_PURPOSE  /* local police without a purpose */
};

struct area {
	char *name;
	char (*cc)[3];
	size_t n;
};

struct kwset {
	enum kw_class cls;
	char *sector;  /* "health", ... or NULL */
	char **kw;     /* folded (see fold()) */
	size_t n;
};

struct system {
	char **match;  /* folded patterns */
	size_t n_match;
	int days;      /* longest retention, -1 when none */
};

struct regime {
	char *id;
	char *title;
	char *cite;
	char *area_ref;      /* name of an area of a common document, or NULL */
	char (*area)[3];     /* or an inline list */
	size_t n_area;
	bool has_area;
	struct system *sys;
	size_t n_sys;
	/* the requests section, kept whole; its strings live in pool */
	struct rc_request_rule req[RC_REQ_KIND_COUNT];
	struct rc_escalation *esc;
	size_t n_esc;
	char **pool;
	size_t n_pool;
};

/* A set of regimes: a catalogue that owns what it read, or a subset of
 * one (borrowed: its regime entries are shallow copies and its areas and
 * keyword lists the catalogue's own). */
struct rc_regimes {
	bool borrowed;
	struct regime *reg;
	size_t n_reg;
	struct area *areas;
	size_t n_areas;
	struct kwset *kw;
	size_t n_kw;
};

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
static char *fold(const char *s, bool pad)
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

/* A keyword or pattern: folded, and kept with a leading or trailing space
 * when written with one (a word boundary).  NULL when nothing is left. */
static char *fold_keyword(const char *s)
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

/* ------------------------------------------------------------------ */
/* Freeing. */

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void regime_clear(struct regime *g)
{
	free(g->id);
	free(g->title);
	free(g->cite);
	strv_free(g->pool, g->n_pool);
	free(g->esc);
	free(g->area_ref);
	free(g->area);
	for (size_t i = 0; i < g->n_sys; i++)
		strv_free(g->sys[i].match, g->sys[i].n_match);
	free(g->sys);
	memset(g, 0, sizeof *g);
}

static void contents_clear(struct rc_regimes *r)
{
	if (r->borrowed) {
		free(r->reg);
		memset(r, 0, sizeof *r);
		return;
	}
	for (size_t i = 0; i < r->n_reg; i++)
		regime_clear(&r->reg[i]);
	free(r->reg);
	for (size_t i = 0; i < r->n_areas; i++) {
		free(r->areas[i].name);
		free(r->areas[i].cc);
	}
	free(r->areas);
	for (size_t i = 0; i < r->n_kw; i++) {
		free(r->kw[i].sector);
		strv_free(r->kw[i].kw, r->kw[i].n);
	}
	free(r->kw);
	memset(r, 0, sizeof *r);
}

void rc_regimes_free(struct rc_regimes **r)
{
	if (!r || !*r)
		return;
	contents_clear(*r);
	free(*r);
	*r = NULL;
}

/* ------------------------------------------------------------------ */
/* Checking a document.  v->path names the field being read, for the
 * error detail: "systems[1].retention[0].days". */

struct vctx {
	char path[256];
	size_t len;
};

static size_t vpush_key(struct vctx *v, const char *key)
{
	size_t old = v->len;
	int n = snprintf(v->path + v->len, sizeof v->path - v->len, "%s%s",
		v->len ? "." : "", key);
	if (n > 0)
		v->len += (size_t)n < sizeof v->path - v->len ? (size_t)n : sizeof v->path - v->len - 1;
	return old;
}

static size_t vpush_idx(struct vctx *v, size_t i)
{
	size_t old = v->len;
	int n = snprintf(v->path + v->len, sizeof v->path - v->len, "[%zu]", i);
	if (n > 0)
		v->len += (size_t)n < sizeof v->path - v->len ? (size_t)n : sizeof v->path - v->len - 1;
	return old;
}

static void vpop(struct vctx *v, size_t old)
{
	v->len = old;
	v->path[old] = '\0';
}

static const char *vname(const struct vctx *v)
{
	return v->len ? v->path : _("(the whole file)");
}

static enum rc_status bad_missing(const struct vctx *v)
{
	/* TRANSLATORS: error detail when a regime data file lacks a field;
	 * %s is the field's name, e.g. "systems[0].match". */
	rc_error_set(_("Regime file: the field \"%s\" is missing."), vname(v));
	return RC_INVALID;
}

static enum rc_status bad_type(const struct vctx *v, const char *what)
{
	/* TRANSLATORS: error detail for a regime data file; %s (1) is a
	 * field's name, %s (2) what it must be, e.g. "a text". */
	rc_error_set(_("Regime file: the field \"%s\" must be %s."), vname(v), what);
	return RC_INVALID;
}

static enum rc_status bad_unknown(const struct vctx *v)
{
	/* TRANSLATORS: error detail for a regime data file with a field it
	 * should not have (often a typing mistake); %s is the field. */
	rc_error_set(_("Regime file: the field \"%s\" is not known."), vname(v));
	return RC_INVALID;
}

static enum rc_status bad_value(const struct vctx *v, const char *why)
{
	/* TRANSLATORS: error detail for a regime data file; %s (1) is a
	 * field's name, %s (2) says what is wrong with its value. */
	rc_error_set(_("Regime file: the field \"%s\" is wrong: %s."), vname(v), why);
	return RC_INVALID;
}

/* Only the keys listed (NULL-terminated) may appear in obj. */
static enum rc_status check_keys(struct vctx *v, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val) {
		bool ok = false;
		for (size_t i = 0; allowed[i]; i++)
			if (!strcmp(key, allowed[i])) {
				ok = true;
				break;
			}
		if (!ok) {
			size_t o = vpush_key(v, key);
			enum rc_status st = bad_unknown(v);
			vpop(v, o);
			return st;
		}
	}
	return RC_OK;
}

static bool str_nonblank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

/* A non-empty text; out (may be NULL) borrows jansson's string. */
static enum rc_status get_text(struct vctx *v, json_t *obj, const char *key, bool required,
	const char **out)
{
	size_t o = vpush_key(v, key);
	enum rc_status st = RC_OK;
	json_t *j = json_object_get(obj, key);
	if (out)
		*out = NULL;
	if (!j) {
		if (required)
			st = bad_missing(v);
	} else if (!json_is_string(j) || !str_nonblank(json_string_value(j))) {
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a text that is not empty"));
	} else if (out) {
		*out = json_string_value(j);
	}
	vpop(v, o);
	return st;
}

/* Notes: a text or a list of texts. */
static enum rc_status check_notes(struct vctx *v, json_t *obj)
{
	json_t *j = json_object_get(obj, "notes");
	if (!j)
		return RC_OK;
	size_t o = vpush_key(v, "notes");
	enum rc_status st = RC_OK;
	if (json_is_string(j)) {
		;
	} else if (json_is_array(j)) {
		size_t i;
		json_t *e;
		json_array_foreach(j, i, e) {
			if (!json_is_string(e)) {
				size_t o2 = vpush_idx(v, i);
				st = bad_type(v, _("a text"));
				vpop(v, o2);
				break;
			}
		}
	} else {
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a text or a list of texts"));
	}
	vpop(v, o);
	return st;
}

static enum rc_status get_int(struct vctx *v, json_t *obj, const char *key, bool required,
	long long lo, long long hi, long long *out)
{
	size_t o = vpush_key(v, key);
	enum rc_status st = RC_OK;
	json_t *j = json_object_get(obj, key);
	*out = -1;
	if (!j) {
		if (required)
			st = bad_missing(v);
	} else if (!json_is_integer(j) || json_integer_value(j) < lo || json_integer_value(j) > hi) {
		char what[96];
		/* TRANSLATORS: what a field of a regime file must be; the two
		 * numbers are the smallest and largest allowed. */
		snprintf(what, sizeof what, _("a whole number from %lld to %lld"), lo, hi);
		st = bad_type(v, what);
	} else {
		*out = json_integer_value(j);
	}
	vpop(v, o);
	return st;
}

static bool valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

static bool valid_cc(const char *s)
{
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] == '\0';
}

/* A list of country codes into *cc (malloc'ed). */
static enum rc_status get_countries(struct vctx *v, json_t *arr, char (**cc)[3], size_t *n)
{
	*cc = NULL;
	*n = 0;
	if (!json_is_array(arr))
		/* TRANSLATORS: what a field of a regime file must be. */
		return bad_type(v, _("a list of two-letter country codes"));
	size_t count = json_array_size(arr);
	char (*out)[3] = rc_xcalloc(count ? count : 1, sizeof *out);
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		if (!json_is_string(e) || !valid_cc(json_string_value(e))) {
			size_t o = vpush_idx(v, i);
			/* TRANSLATORS: what an entry of a regime file must be;
			 * "DE" is an example, keep it. */
			enum rc_status st = bad_type(v, _("a two-letter country code in capitals, like \"DE\""));
			vpop(v, o);
			free(out);
			return st;
		}
		memcpy(out[i], json_string_value(e), 3);
	}
	*cc = out;
	*n = count;
	return RC_OK;
}

/* A list of keywords or patterns, folded into *kw (malloc'ed). */
static enum rc_status get_keywords(struct vctx *v, json_t *arr, bool nonempty, char ***kw, size_t *n)
{
	*kw = NULL;
	*n = 0;
	if (!json_is_array(arr) || (nonempty && json_array_size(arr) == 0))
		/* TRANSLATORS: what a field of a regime file must be. */
		return bad_type(v, _("a list of texts that is not empty"));
	size_t count = json_array_size(arr);
	char **out = rc_xcalloc(count ? count : 1, sizeof *out);
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		char *f = json_is_string(e) ? fold_keyword(json_string_value(e)) : NULL;
		if (!f) {
			size_t o = vpush_idx(v, i);
			/* TRANSLATORS: what an entry of a regime file must be. */
			enum rc_status st = bad_type(v, _("a text with at least one letter or digit"));
			vpop(v, o);
			strv_free(out, i);
			return st;
		}
		out[i] = f;
	}
	*kw = out;
	*n = count;
	return RC_OK;
}

/* {"n": 1, "unit": "months", "from": "...", "what": "...", "article": "..."} */
static enum rc_status check_period(struct vctx *v, json_t *p, bool allow_null,
	const char *const *extra_keys)
{
	static const char *const base[] = { "n", "unit", "from", "what", "article", "instrument", "notes", NULL };
	if (json_is_null(p) && allow_null)
		return RC_OK;
	if (!json_is_object(p))
		/* TRANSLATORS: what a field of a regime file must be; keep the
		 * JSON between the quotes as it is. */
		return bad_type(v, _("a period like {\"n\": 1, \"unit\": \"months\"}"));
	const char *keys[16];
	size_t k = 0;
	for (size_t i = 0; base[i]; i++)
		keys[k++] = base[i];
	for (size_t i = 0; extra_keys && extra_keys[i] && k < 15; i++)
		keys[k++] = extra_keys[i];
	keys[k] = NULL;
	enum rc_status st = check_keys(v, p, keys);
	if (st != RC_OK)
		return st;
	long long n;
	if ((st = get_int(v, p, "n", true, 1, PERIOD_N_MAX, &n)) != RC_OK)
		return st;
	const char *unit;
	if ((st = get_text(v, p, "unit", true, &unit)) != RC_OK)
		return st;
	if (strcmp(unit, "calendar-days") && strcmp(unit, "working-days") && strcmp(unit, "months")) {
		size_t o = vpush_key(v, "unit");
		/* TRANSLATORS: what a field of a regime file must be; keep the
		 * three words in quotes as they are. */
		st = bad_type(v, _("\"calendar-days\", \"working-days\" or \"months\""));
		vpop(v, o);
		return st;
	}
	if ((st = get_text(v, p, "from", false, NULL)) != RC_OK
		|| (st = get_text(v, p, "what", false, NULL)) != RC_OK
		|| (st = get_text(v, p, "article", false, NULL)) != RC_OK
		|| (st = get_text(v, p, "instrument", false, NULL)) != RC_OK)
		return st;
	return check_notes(v, p);
}

static const char *const request_kinds[RC_REQ_KIND_COUNT + 1] = {
#define RC_RK_ID(name, id, label) id,
	RC_REQUEST_KIND_INFO(RC_RK_ID)
#undef RC_RK_ID
	NULL
};

static enum rc_status check_request(struct vctx *v, json_t *q)
{
	static const char *const keys[] = {
		"available", "instrument", "article", "answer", "extension",
		"addressee", "escalation", "notes", NULL
	};
	static const char *const ext_keys[] = { "condition", "notice", NULL };
	static const char *const esc_keys[] = { "to", "article", "instrument", "period", "notes", NULL };
	if (!json_is_object(q))
		/* TRANSLATORS: what a field of a regime file must be. */
		return bad_type(v, _("an object"));
	enum rc_status st = check_keys(v, q, keys);
	if (st != RC_OK)
		return st;
	bool available = true;
	json_t *a = json_object_get(q, "available");
	if (a) {
		if (!json_is_boolean(a)) {
			size_t o = vpush_key(v, "available");
			/* TRANSLATORS: what a field of a regime file must be;
			 * keep true and false as they are. */
			st = bad_type(v, _("true or false"));
			vpop(v, o);
			return st;
		}
		available = json_is_true(a);
	}
	if ((st = get_text(v, q, "instrument", false, NULL)) != RC_OK
		|| (st = get_text(v, q, "article", available, NULL)) != RC_OK
		|| (st = get_text(v, q, "addressee", available, NULL)) != RC_OK)
		return st;
	json_t *ans = json_object_get(q, "answer");
	if (available && !ans) {
		size_t o = vpush_key(v, "answer");
		st = bad_missing(v);
		vpop(v, o);
		return st;
	}
	if (ans) {
		size_t o = vpush_key(v, "answer");
		st = check_period(v, ans, true, NULL);
		vpop(v, o);
		if (st != RC_OK)
			return st;
	}
	json_t *ext = json_object_get(q, "extension");
	if (ext) {
		size_t o = vpush_key(v, "extension");
		st = check_period(v, ext, true, ext_keys);
		if (st == RC_OK && json_is_object(ext)) {
			st = get_text(v, ext, "condition", false, NULL);
			json_t *notice = json_object_get(ext, "notice");
			if (st == RC_OK && notice) {
				size_t o2 = vpush_key(v, "notice");
				st = check_period(v, notice, false, NULL);
				vpop(v, o2);
			}
		}
		vpop(v, o);
		if (st != RC_OK)
			return st;
	}
	json_t *esc = json_object_get(q, "escalation");
	if (esc) {
		size_t o = vpush_key(v, "escalation");
		if (!json_is_array(esc)) {
			/* TRANSLATORS: what a field of a regime file must be. */
			st = bad_type(v, _("a list of steps"));
		} else {
			size_t i;
			json_t *e;
			json_array_foreach(esc, i, e) {
				size_t o2 = vpush_idx(v, i);
				if (!json_is_object(e))
					st = bad_type(v, _("an object"));
				else if ((st = check_keys(v, e, esc_keys)) == RC_OK
					&& (st = get_text(v, e, "to", true, NULL)) == RC_OK
					&& (st = get_text(v, e, "article", false, NULL)) == RC_OK
					&& (st = get_text(v, e, "instrument", false, NULL)) == RC_OK
					&& (st = check_notes(v, e)) == RC_OK) {
					json_t *per = json_object_get(e, "period");
					if (per) {
						size_t o3 = vpush_key(v, "period");
						st = check_period(v, per, false, NULL);
						vpop(v, o3);
					}
				}
				vpop(v, o2);
				if (st != RC_OK)
					break;
			}
		}
		vpop(v, o);
		if (st != RC_OK)
			return st;
	}
	return check_notes(v, q);
}

static enum rc_status check_requests(struct vctx *v, json_t *doc)
{
	size_t o = vpush_key(v, "requests");
	enum rc_status st = RC_OK;
	json_t *reqs = json_object_get(doc, "requests");
	if (!reqs) {
		st = bad_missing(v);
	} else if (!json_is_object(reqs)) {
		st = bad_type(v, _("an object"));
	} else if ((st = check_keys(v, reqs, request_kinds)) == RC_OK) {
		for (size_t i = 0; request_kinds[i] && st == RC_OK; i++) {
			json_t *q = json_object_get(reqs, request_kinds[i]);
			if (!q)
				continue;
			size_t o2 = vpush_key(v, request_kinds[i]);
			st = check_request(v, q);
			vpop(v, o2);
		}
	}
	vpop(v, o);
	return st;
}

static enum rc_status check_instruments(struct vctx *v, json_t *doc)
{
	static const char *const keys[] = {
		"id", "title", "url", "applies_from", "applies_until", "notes", NULL
	};
	size_t o = vpush_key(v, "instruments");
	enum rc_status st = RC_OK;
	json_t *arr = json_object_get(doc, "instruments");
	if (!arr) {
		st = bad_missing(v);
	} else if (!json_is_array(arr) || json_array_size(arr) == 0) {
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a list of instruments that is not empty"));
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(arr, i, e) {
			size_t o2 = vpush_idx(v, i);
			if (!json_is_object(e))
				st = bad_type(v, _("an object"));
			else if ((st = check_keys(v, e, keys)) == RC_OK
				&& (st = get_text(v, e, "id", true, NULL)) == RC_OK
				&& (st = get_text(v, e, "title", true, NULL)) == RC_OK
				&& (st = get_text(v, e, "url", false, NULL)) == RC_OK
				&& (st = get_text(v, e, "applies_from", false, NULL)) == RC_OK
				&& (st = get_text(v, e, "applies_until", false, NULL)) == RC_OK)
				st = check_notes(v, e);
			vpop(v, o2);
			if (st != RC_OK)
				break;
		}
	}
	vpop(v, o);
	return st;
}

/* retention[] (days required) or review[] (days optional). */
static enum rc_status check_periods_list(struct vctx *v, json_t *sys, const char *key,
	bool days_required, int *longest)
{
	static const char *const keys[] = {
		"days", "text", "from", "applies_to", "instrument", "article", "counted_from", "notes", NULL
	};
	json_t *arr = json_object_get(sys, key);
	if (!arr)
		return RC_OK;
	size_t o = vpush_key(v, key);
	enum rc_status st = RC_OK;
	if (!json_is_array(arr)) {
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a list of periods"));
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(arr, i, e) {
			size_t o2 = vpush_idx(v, i);
			long long days = -1;
			if (!json_is_object(e))
				st = bad_type(v, _("an object"));
			else if ((st = check_keys(v, e, keys)) == RC_OK
				&& (st = get_int(v, e, "days", days_required, 1, DAYS_MAX, &days)) == RC_OK
				&& (st = get_text(v, e, "text", true, NULL)) == RC_OK
				&& (st = get_text(v, e, "article", true, NULL)) == RC_OK
				&& (st = get_text(v, e, "from", false, NULL)) == RC_OK
				&& (st = get_text(v, e, "applies_to", false, NULL)) == RC_OK
				&& (st = get_text(v, e, "instrument", false, NULL)) == RC_OK) {
				const char *cf;
				st = get_text(v, e, "counted_from", false, &cf);
				if (st == RC_OK && cf && strcmp(cf, "record-created") && strcmp(cf, "later-event")) {
					size_t o3 = vpush_key(v, "counted_from");
					/* TRANSLATORS: what a field of a regime file must
					 * be; keep the two words in quotes as they are. */
					st = bad_type(v, _("\"record-created\" or \"later-event\""));
					vpop(v, o3);
				}
				if (st == RC_OK)
					st = check_notes(v, e);
			}
			vpop(v, o2);
			if (st != RC_OK)
				break;
			if (longest && days > *longest)
				*longest = (int)days;
		}
	}
	vpop(v, o);
	return st;
}

static enum rc_status read_systems(struct vctx *v, json_t *doc, struct regime *g)
{
	static const char *const keys[] = {
		"id", "name", "match", "retention", "review", "notes", NULL
	};
	json_t *arr = json_object_get(doc, "systems");
	if (!arr)
		return RC_OK;
	size_t o = vpush_key(v, "systems");
	enum rc_status st = RC_OK;
	if (!json_is_array(arr)) {
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a list of systems"));
		vpop(v, o);
		return st;
	}
	size_t count = json_array_size(arr);
	g->sys = rc_xcalloc(count ? count : 1, sizeof *g->sys);
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		size_t o2 = vpush_idx(v, i);
		struct system *s = &g->sys[i];
		s->days = -1;
		g->n_sys = i + 1; /* so regime_clear frees it */
		if (!json_is_object(e)) {
			st = bad_type(v, _("an object"));
		} else if ((st = check_keys(v, e, keys)) == RC_OK
			&& (st = get_text(v, e, "id", true, NULL)) == RC_OK
			&& (st = get_text(v, e, "name", true, NULL)) == RC_OK) {
			json_t *m = json_object_get(e, "match");
			size_t o3 = vpush_key(v, "match");
			st = m ? get_keywords(v, m, true, &s->match, &s->n_match) : bad_missing(v);
			vpop(v, o3);
			if (st == RC_OK)
				st = check_periods_list(v, e, "retention", true, &s->days);
			if (st == RC_OK)
				st = check_periods_list(v, e, "review", false, NULL);
			if (st == RC_OK)
				st = check_notes(v, e);
		}
		vpop(v, o2);
		if (st != RC_OK)
			break;
	}
	vpop(v, o);
	return st;
}

/* ------------------------------------------------------------------ */
/* Keeping the requests section (already checked by check_requests). */

static const char *pool_dup(struct regime *g, json_t *obj, const char *key)
{
	json_t *j = json_object_get(obj, key);
	if (!json_is_string(j))
		return NULL;
	g->pool = rc_xrealloc(g->pool, (g->n_pool + 1) * sizeof *g->pool);
	g->pool[g->n_pool] = rc_xstrdup(json_string_value(j));
	return g->pool[g->n_pool++];
}

/* notes: a text or a list of texts, kept as one text */
static const char *pool_notes(struct regime *g, json_t *obj)
{
	json_t *j = json_object_get(obj, "notes");
	if (json_is_string(j))
		return pool_dup(g, obj, "notes");
	if (!json_is_array(j) || json_array_size(j) == 0)
		return NULL;
	struct rc_buf b;
	rc_buf_init(&b);
	size_t i;
	json_t *e;
	json_array_foreach(j, i, e)
		if (json_is_string(e))
			rc_buf_printf(&b, "%s%s", b.len ? " " : "", json_string_value(e));
	g->pool = rc_xrealloc(g->pool, (g->n_pool + 1) * sizeof *g->pool);
	g->pool[g->n_pool] = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	return g->pool[g->n_pool++];
}

static void keep_period(struct regime *g, json_t *p, struct rc_rule_period *out)
{
	memset(out, 0, sizeof *out);
	if (!json_is_object(p))
		return;
	/* checked already: a known unit, 1 <= n <= PERIOD_N_MAX */
	if (!rc_unit_parse(json_string_value(json_object_get(p, "unit")), &out->p.unit))
		return;
	out->p.n = (int)json_integer_value(json_object_get(p, "n"));
	out->from = pool_dup(g, p, "from");
	out->what = pool_dup(g, p, "what");
	out->article = pool_dup(g, p, "article");
	out->instrument = pool_dup(g, p, "instrument");
}

static void keep_requests(json_t *doc, struct regime *g)
{
	json_t *reqs = json_object_get(doc, "requests");
	size_t n_esc = 0;
	for (int k = 0; k < RC_REQ_KIND_COUNT; k++) {
		json_t *esc = json_object_get(json_object_get(reqs, request_kinds[k]), "escalation");
		n_esc += json_array_size(esc);
	}
	g->esc = rc_xcalloc(n_esc ? n_esc : 1, sizeof *g->esc);
	for (int k = 0; k < RC_REQ_KIND_COUNT; k++) {
		json_t *q = json_object_get(reqs, request_kinds[k]);
		struct rc_request_rule *r = &g->req[k];
		memset(r, 0, sizeof *r);
		r->kind = (enum rc_request_kind)k;
		if (!json_is_object(q))
			continue;
		r->known = true;
		json_t *a = json_object_get(q, "available");
		r->available = !a || json_is_true(a);
		r->instrument = pool_dup(g, q, "instrument");
		r->article = pool_dup(g, q, "article");
		r->addressee = pool_dup(g, q, "addressee");
		r->notes = pool_notes(g, q);
		keep_period(g, json_object_get(q, "answer"), &r->answer);
		json_t *ext = json_object_get(q, "extension");
		keep_period(g, ext, &r->extension);
		if (json_is_object(ext)) {
			r->extension_condition = pool_dup(g, ext, "condition");
			keep_period(g, json_object_get(ext, "notice"), &r->notice);
		}
		json_t *esc = json_object_get(q, "escalation");
		r->esc = g->esc + g->n_esc;
		size_t i;
		json_t *e;
		json_array_foreach(esc, i, e) {
			struct rc_escalation *x = &g->esc[g->n_esc++];
			x->to = pool_dup(g, e, "to");
			x->article = pool_dup(g, e, "article");
			x->instrument = pool_dup(g, e, "instrument");
			keep_period(g, json_object_get(e, "period"), &x->period);
			r->n_esc++;
		}
	}
}

static enum rc_status read_regime(struct vctx *v, json_t *doc, struct rc_regimes *tmp)
{
	static const char *const keys[] = {
		"kind", "format", "id", "title", "cite", "instruments", "area",
		"systems", "requests", "notes", NULL
	};
	enum rc_status st = check_keys(v, doc, keys);
	if (st != RC_OK)
		return st;
	const char *id, *title;
	if ((st = get_text(v, doc, "id", true, &id)) != RC_OK)
		return st;
	if (!valid_id(id)) {
		size_t o = vpush_key(v, "id");
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("small letters, digits and '-' (at most 31)"));
		vpop(v, o);
		return st;
	}
	if ((st = get_text(v, doc, "title", true, &title)) != RC_OK
		|| (st = get_text(v, doc, "cite", false, NULL)) != RC_OK
		|| (st = check_instruments(v, doc)) != RC_OK
		|| (st = check_requests(v, doc)) != RC_OK
		|| (st = check_notes(v, doc)) != RC_OK)
		return st;

	tmp->reg = rc_xcalloc(1, sizeof *tmp->reg);
	tmp->n_reg = 1;
	struct regime *g = &tmp->reg[0];
	g->id = rc_xstrdup(id);
	g->title = rc_xstrdup(title);
	json_t *cite = json_object_get(doc, "cite");
	g->cite = json_is_string(cite) ? rc_xstrdup(json_string_value(cite)) : NULL;
	keep_requests(doc, g);

	json_t *area = json_object_get(doc, "area");
	if (area) {
		size_t o = vpush_key(v, "area");
		if (json_is_string(area)) {
			if (!valid_id(json_string_value(area)))
				/* TRANSLATORS: what a field of a regime file must be. */
				st = bad_type(v, _("the name of an area of common.json or a list of country codes"));
			else
				g->area_ref = rc_xstrdup(json_string_value(area));
		} else {
			st = get_countries(v, area, &g->area, &g->n_area);
		}
		g->has_area = st == RC_OK;
		vpop(v, o);
		if (st != RC_OK)
			return st;
	}
	return read_systems(v, doc, g);
}

static enum rc_status read_areas(struct vctx *v, json_t *doc, struct rc_regimes *tmp)
{
	static const char *const keys[] = { "title", "countries", "notes", NULL };
	json_t *areas = json_object_get(doc, "areas");
	if (!areas)
		return RC_OK;
	size_t o = vpush_key(v, "areas");
	enum rc_status st = RC_OK;
	if (!json_is_object(areas)) {
		st = bad_type(v, _("an object"));
		vpop(v, o);
		return st;
	}
	size_t count = json_object_size(areas);
	tmp->areas = rc_xcalloc(count ? count : 1, sizeof *tmp->areas);
	const char *name;
	json_t *a;
	json_object_foreach(areas, name, a) {
		size_t o2 = vpush_key(v, name);
		if (!valid_id(name)) {
			/* TRANSLATORS: what the name of an area in a regime file must be. */
			st = bad_value(v, _("an area name must be small letters, digits and '-'"));
		} else if (!json_is_object(a)) {
			st = bad_type(v, _("an object"));
		} else if ((st = check_keys(v, a, keys)) == RC_OK
			&& (st = get_text(v, a, "title", false, NULL)) == RC_OK
			&& (st = check_notes(v, a)) == RC_OK) {
			json_t *c = json_object_get(a, "countries");
			size_t o3 = vpush_key(v, "countries");
			struct area *ar = &tmp->areas[tmp->n_areas];
			st = c ? get_countries(v, c, &ar->cc, &ar->n) : bad_missing(v);
			vpop(v, o3);
			if (st == RC_OK) {
				ar->name = rc_xstrdup(name);
				tmp->n_areas++;
			}
		}
		vpop(v, o2);
		if (st != RC_OK)
			break;
	}
	vpop(v, o);
	return st;
}

static void kwset_add(struct rc_regimes *tmp, enum kw_class cls, const char *sector,
	char **kw, size_t n)
{
	tmp->kw = rc_xrealloc(tmp->kw, (tmp->n_kw + 1) * sizeof *tmp->kw);
	struct kwset *k = &tmp->kw[tmp->n_kw++];
	k->cls = cls;
	k->sector = sector ? rc_xstrdup(sector) : NULL;
	k->kw = kw;
	k->n = n;
}

/* "with_mandate": [...] or "without_mandate": {"health": [...], ...} */
static enum rc_status read_kw_field(struct vctx *v, json_t *m, const char *key,
	enum kw_class cls, bool by_sector, struct rc_regimes *tmp)
{
	json_t *j = json_object_get(m, key);
	if (!j)
		return RC_OK;
	size_t o = vpush_key(v, key);
	enum rc_status st = RC_OK;
	char **kw;
	size_t n;
	if (!by_sector) {
		st = get_keywords(v, j, false, &kw, &n);
		if (st == RC_OK)
			kwset_add(tmp, cls, NULL, kw, n);
	} else if (!json_is_object(j)) {
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("an object of keyword lists by sector"));
	} else {
		const char *sector;
		json_t *list;
		json_object_foreach(j, sector, list) {
			size_t o2 = vpush_key(v, sector);
			if (!valid_id(sector))
				/* TRANSLATORS: what a sector name in a regime file must be. */
				st = bad_value(v, _("a sector name must be small letters, digits and '-'"));
			else
				st = get_keywords(v, list, false, &kw, &n);
			if (st == RC_OK)
				kwset_add(tmp, cls, sector, kw, n);
			vpop(v, o2);
			if (st != RC_OK)
				break;
		}
	}
	vpop(v, o);
	return st;
}

static enum rc_status read_common(struct vctx *v, json_t *doc, struct rc_regimes *tmp)
{
	static const char *const keys[] = { "kind", "format", "areas", "mandate", "notes", NULL };
	static const char *const mkeys[] = {
		"with_mandate", "with_mandate_if_purpose", "without_mandate",
		"without_mandate_if_no_purpose", "matching", "notes", NULL
	};
	enum rc_status st = check_keys(v, doc, keys);
	if (st != RC_OK || (st = check_notes(v, doc)) != RC_OK)
		return st;
	if ((st = read_areas(v, doc, tmp)) != RC_OK)
		return st;
	json_t *m = json_object_get(doc, "mandate");
	if (!m)
		return RC_OK;
	size_t o = vpush_key(v, "mandate");
	if (!json_is_object(m))
		st = bad_type(v, _("an object"));
	else if ((st = check_keys(v, m, mkeys)) == RC_OK
		&& (st = check_notes(v, m)) == RC_OK
		&& (st = get_text(v, m, "matching", false, NULL)) == RC_OK
		&& (st = read_kw_field(v, m, "with_mandate", KW_MANDATE, false, tmp)) == RC_OK
		&& (st = read_kw_field(v, m, "with_mandate_if_purpose", KW_MANDATE_IF_PURPOSE, false, tmp)) == RC_OK
		&& (st = read_kw_field(v, m, "without_mandate", KW_NONE, true, tmp)) == RC_OK)
		st = read_kw_field(v, m, "without_mandate_if_no_purpose", KW_NONE_IF_NO_PURPOSE, true, tmp);
	vpop(v, o);
	return st;
}

/* Names in tmp must not clash with those already loaded, nor with each
 * other (jansson already rejects duplicate keys inside one object). */
static enum rc_status check_clashes(const struct rc_regimes *r, const struct rc_regimes *tmp)
{
	for (size_t i = 0; i < tmp->n_reg; i++)
		for (size_t j = 0; r && j < r->n_reg; j++)
			if (!strcmp(tmp->reg[i].id, r->reg[j].id)) {
				/* TRANSLATORS: error detail; %s is a regime id like "gdpr". */
				rc_error_set(_("Regime file: the regime \"%s\" is already loaded."), tmp->reg[i].id);
				return RC_INVALID;
			}
	for (size_t i = 0; i < tmp->n_areas; i++)
		for (size_t j = 0; r && j < r->n_areas; j++)
			if (!strcmp(tmp->areas[i].name, r->areas[j].name)) {
				/* TRANSLATORS: error detail; %s is an area name like "eu". */
				rc_error_set(_("Regime file: the area \"%s\" is already loaded."), tmp->areas[i].name);
				return RC_INVALID;
			}
	return RC_OK;
}

#define APPEND(dst, ndst, src, nsrc) do { \
	if ((nsrc) > 0) { \
		(dst) = rc_xrealloc((dst), ((ndst) + (nsrc)) * sizeof *(dst)); \
		memcpy((dst) + (ndst), (src), (nsrc) * sizeof *(dst)); \
		(ndst) += (nsrc); \
	} \
	free(src); \
	(src) = NULL; \
	(nsrc) = 0; \
} while (0)

enum rc_status rc_regimes_add_json(struct rc_regimes **r, const char *json, size_t len)
{
	if (!r || (!json && len > 0) || (*r && (*r)->borrowed)) {
		rc_error_set("%s", _("Regime file: nothing to read."));
		return RC_INVALID;
	}
	if (len > DOC_MAX_BYTES) {
		/* TRANSLATORS: error detail; %u is a size in mebibytes. */
		rc_error_set(_("Regime file: larger than %u MiB."), DOC_MAX_BYTES / (1024u * 1024u));
		return RC_INVALID;
	}
	json_error_t jerr;
	json_t *doc = json_loadb(json ? json : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		/* TRANSLATORS: error detail; line and column numbers, then the
		 * JSON parser's own message (in English). */
		rc_error_set(_("Regime file, line %d, column %d: %s"), jerr.line, jerr.column, jerr.text);
		return RC_INVALID;
	}
	struct vctx v = { .path = "", .len = 0 };
	struct rc_regimes tmp;
	memset(&tmp, 0, sizeof tmp);
	enum rc_status st;
	const char *kind = NULL;
	long long format;
	if (!json_is_object(doc)) {
		st = bad_type(&v, _("an object"));
	} else if ((st = get_text(&v, doc, "kind", true, &kind)) == RC_OK
		&& (st = get_int(&v, doc, "format", true, 1, 1, &format)) == RC_OK) {
		if (!strcmp(kind, "regime")) {
			st = read_regime(&v, doc, &tmp);
		} else if (!strcmp(kind, "common")) {
			st = read_common(&v, doc, &tmp);
		} else {
			size_t o = vpush_key(&v, "kind");
			/* TRANSLATORS: what a field of a regime file must be;
			 * keep the two words in quotes as they are. */
			st = bad_type(&v, _("\"regime\" or \"common\""));
			vpop(&v, o);
		}
	}
	json_decref(doc);
	if (st == RC_OK)
		st = check_clashes(*r, &tmp);
	if (st != RC_OK) {
		contents_clear(&tmp);
		return st;
	}
	if (!*r)
		*r = rc_xcalloc(1, sizeof **r);
	struct rc_regimes *d = *r;
	APPEND(d->reg, d->n_reg, tmp.reg, tmp.n_reg);
	APPEND(d->areas, d->n_areas, tmp.areas, tmp.n_areas);
	APPEND(d->kw, d->n_kw, tmp.kw, tmp.n_kw);
	return RC_OK;
}

/* ------------------------------------------------------------------ */
/* Subsets of a catalogue. */

static const struct regime *regime_find(const struct rc_regimes *r, const char *id)
{
	for (size_t i = 0; r && id && i < r->n_reg; i++)
		if (!strcmp(r->reg[i].id, id))
			return &r->reg[i];
	return NULL;
}

bool rc_regimes_has(const struct rc_regimes *r, const char *id)
{
	return regime_find(r, id) != NULL;
}

bool rc_regimes_has_common(const struct rc_regimes *r)
{
	return r && (r->n_areas > 0 || r->n_kw > 0);
}

char *rc_regimes_ids(const struct rc_regimes *r)
{
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; r && i < r->n_reg; i++)
		rc_buf_printf(&b, "%s%s", i ? ", " : "", r->reg[i].id);
	rc_buf_cstr(&b);
	return b.data;
}

enum rc_status rc_regimes_subset(const struct rc_regimes *cat, const char *ids, struct rc_regimes **out)
{
	*out = NULL;
	struct rc_regimes *s = rc_xcalloc(1, sizeof *s);
	s->borrowed = true;
	if (cat) {
		s->areas = cat->areas;
		s->n_areas = cat->n_areas;
		s->kw = cat->kw;
		s->n_kw = cat->n_kw;
	}
	char *copy = rc_xstrdup(ids ? ids : "");
	enum rc_status st = RC_OK;
	for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		const struct regime *g = regime_find(cat, t);
		if (!g) {
			char *known = rc_regimes_ids(cat);
			char *shown = rc_text_sanitize(t, strlen(t), false);
			/* TRANSLATORS: %1$s is what was given, %2$s the list of
			 * known regime ids ("gdpr, eurodac, ..."). */
			rc_error_set(_("\"%1$s\" is not a legal regime recourse knows. Known regimes: %2$s."),
			             shown, *known ? known : "-");
			free(shown);
			free(known);
			st = RC_INVALID;
			break;
		}
		if (regime_find(s, t))
			continue;
		s->reg = rc_xrealloc(s->reg, (s->n_reg + 1) * sizeof *s->reg);
		s->reg[s->n_reg++] = *g; /* shallow: the catalogue owns it */
	}
	free(copy);
	if (st != RC_OK) {
		rc_regimes_free(&s);
		return st;
	}
	*out = s;
	return RC_OK;
}

const struct rc_request_rule *rc_regimes_request(const struct rc_regimes *r, const char *id,
	enum rc_request_kind kind)
{
	const struct regime *g = regime_find(r, id);
	if (!g || kind < 0 || kind >= RC_REQ_KIND_COUNT || !g->req[kind].known)
		return NULL;
	return &g->req[kind];
}

const char *rc_regimes_cite(const struct rc_regimes *r, size_t i)
{
	return r && i < r->n_reg ? r->reg[i].cite : NULL;
}

/* ------------------------------------------------------------------ */
/* Queries. */

size_t rc_regimes_count(const struct rc_regimes *r)
{
	return r ? r->n_reg : 0;
}

const char *rc_regimes_id(const struct rc_regimes *r, size_t i)
{
	return r && i < r->n_reg ? r->reg[i].id : NULL;
}

const char *rc_regimes_title(const struct rc_regimes *r, size_t i)
{
	return r && i < r->n_reg ? r->reg[i].title : NULL;
}

static bool matches_any(char *const *kw, size_t n, const char *folded)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(folded, kw[i]))
			return true;
	return false;
}

static bool regime_covers(const struct regime *g, const char *folded_system)
{
	for (size_t i = 0; i < g->n_sys; i++)
		if (matches_any(g->sys[i].match, g->sys[i].n_match, folded_system))
			return true;
	return false;
}

int rc_regimes_retention_days(const struct rc_regimes *r, const char *system)
{
	if (!r || !system)
		return -1;
	char *f = fold(system, true);
	int best = -1;
	for (size_t i = 0; i < r->n_reg; i++) {
		const struct regime *g = &r->reg[i];
		for (size_t j = 0; j < g->n_sys; j++)
			if (g->sys[j].days > best && matches_any(g->sys[j].match, g->sys[j].n_match, f))
				best = g->sys[j].days;
	}
	free(f);
	return best;
}

static const struct area *area_find(const struct rc_regimes *r, const char *name)
{
	for (size_t i = 0; i < r->n_areas; i++)
		if (!strcmp(r->areas[i].name, name))
			return &r->areas[i];
	return NULL;
}

static bool cc_in(char (*cc)[3], size_t n, const char *c)
{
	for (size_t i = 0; i < n; i++)
		if (cc[i][0] == c[0] && cc[i][1] == c[1])
			return true;
	return false;
}

/* 1 inside, 0 outside, -1 unknown, for one regime. */
static int regime_area_has(const struct rc_regimes *r, const struct regime *g, const char *c)
{
	if (!g->has_area)
		return -1;
	if (g->area_ref) {
		const struct area *a = area_find(r, g->area_ref);
		if (!a)
			return -1;
		return cc_in(a->cc, a->n, c);
	}
	return cc_in(g->area, g->n_area, c);
}

/* Normalize a country code: trimmed, two ASCII letters, upper case. */
static bool norm_cc(const char *s, char out[3])
{
	if (!s)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!s[0] || !s[1])
		return false;
	char a = s[0], b = s[1];
	const char *rest = s + 2;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest)
		return false;
	if (a >= 'a' && a <= 'z')
		a = (char)(a - 'a' + 'A');
	if (b >= 'a' && b <= 'z')
		b = (char)(b - 'a' + 'A');
	if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
		return false;
	out[0] = a;
	out[1] = b;
	out[2] = '\0';
	return true;
}

int rc_regimes_in_area(const struct rc_regimes *r, const char *system, const char *country)
{
	char c[3];
	if (!r || !norm_cc(country, c))
		return -1;
	char *f = system ? fold(system, true) : NULL;
	int result = -1;
	/* First the regimes that cover the system, then all of them. */
	for (int pass = f ? 0 : 1; pass < 2 && result < 0; pass++) {
		for (size_t i = 0; i < r->n_reg; i++) {
			const struct regime *g = &r->reg[i];
			if (pass == 0 && !regime_covers(g, f))
				continue;
			int h = regime_area_has(r, g, c);
			if (h > result)
				result = h;
		}
	}
	free(f);
	return result;
}

static bool class_matches(const struct rc_regimes *r, enum kw_class cls,
	const char *ftype, const char *fname)
{
	for (size_t i = 0; i < r->n_kw; i++) {
		const struct kwset *k = &r->kw[i];
		if (k->cls != cls)
			continue;
		if ((ftype && matches_any(k->kw, k->n, ftype)) || (fname && matches_any(k->kw, k->n, fname)))
			return true;
	}
	return false;
}

enum rc_mandate rc_regimes_mandate(const struct rc_regimes *r, const char *authority_type,
	const char *authority, bool has_purpose)
{
	if (!r || r->n_kw == 0 || (!authority_type && !authority))
		return RC_MANDATE_UNKNOWN;
	char *ft = authority_type ? fold(authority_type, true) : NULL;
	char *fn = authority ? fold(authority, true) : NULL;
	enum rc_mandate m = RC_MANDATE_UNKNOWN;
	if (class_matches(r, KW_MANDATE, ft, fn))
		m = RC_MANDATE_YES;
	else if (has_purpose && class_matches(r, KW_MANDATE_IF_PURPOSE, ft, fn))
		m = RC_MANDATE_YES;
	else if (class_matches(r, KW_NONE, ft, fn))
		m = RC_MANDATE_NO;
	else if (!has_purpose && class_matches(r, KW_NONE_IF_NO_PURPOSE, ft, fn))
		m = RC_MANDATE_NO;
	free(ft);
	free(fn);
	return m;
}
