/* regime_read.c - reading the regime files (data/regimes/, format 2 in
 * its README.md): every field checked, every unknown key refused, so a
 * broken file fails with the field's name instead of producing wrong
 * flags or dates.  Documents are small and shipped with the program; they
 * are read with jansson, duplicate keys rejected.  What a file holds is
 * kept whole (regimes-int.h), its texts in the regime's pool. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "regimes-int.h"

#define DOC_MAX_BYTES (4u * 1024u * 1024u)

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
	for (size_t i = 0; i < g->n_sys; i++) {
		strv_free(g->sys[i].match, g->sys[i].n_match);
		free(g->sys[i].ds);
	}
	free(g->sys);
	for (size_t i = 0; i < g->n_ver; i++) {
		free(g->ver[i].area);
		free(g->ver[i].ret);
	}
	free(g->ver);
	free(g->esc);
	strv_free(g->pool, g->n_pool);
	memset(g, 0, sizeof *g);
}

void regimes_contents_clear(struct rc_regimes *r)
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
		free(r->areas[i].title);
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
	regimes_contents_clear(*r);
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

/* An assigned ISO 3166 code in capitals, or EU (EU bodies) and EL (the
 * EU's code for Greece) and UK, which logs use. */
static bool valid_cc(const char *s)
{
	if (!(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] == '\0'))
		return false;
	return rc_country_known(s) || !strcmp(s, "EU") || !strcmp(s, "EL") || !strcmp(s, "UK");
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

/* ------------------------------------------------------------------ */
/* Format 2. */

static enum rc_status get_format(struct vctx *v, json_t *doc)
{
	long long format;
	enum rc_status st = get_int(v, doc, "format", true, 1, 2, &format);
	if (st == RC_OK && format != 2) {
		size_t o = vpush_key(v, "format");
		/* TRANSLATORS: error detail for a regime file written for an older recourse. */
		st = bad_value(v, _("format 1 is no longer read: the file must follow format 2 (data/regimes/README.md)"));
		vpop(v, o);
	}
	return st;
}

/* A copy of s in the regime's pool (NULL for NULL). */
static const char *pool(struct regime *g, const char *s)
{
	if (!s)
		return NULL;
	g->pool = rc_xrealloc(g->pool, (g->n_pool + 1) * sizeof *g->pool);
	g->pool[g->n_pool] = rc_xstrdup(s);
	return g->pool[g->n_pool++];
}

/* A checked text field, kept in the pool (NULL when absent). */
static enum rc_status keep_text(struct vctx *v, struct regime *g, json_t *obj, const char *key,
	bool required, const char **out)
{
	const char *t;
	enum rc_status st = get_text(v, obj, key, required, &t);
	*out = st == RC_OK ? pool(g, t) : NULL;
	return st;
}

/* notes: a text or a list of texts, kept as one text */
static const char *keep_notes(struct regime *g, json_t *obj)
{
	json_t *j = json_object_get(obj, "notes");
	if (json_is_string(j))
		return pool(g, json_string_value(j));
	if (!json_is_array(j) || json_array_size(j) == 0)
		return NULL;
	struct rc_buf b;
	rc_buf_init(&b);
	size_t i;
	json_t *e;
	json_array_foreach(j, i, e)
		if (json_is_string(e))
			rc_buf_printf(&b, "%s%s", b.len ? " " : "", json_string_value(e));
	const char *p = pool(g, rc_buf_cstr(&b));
	rc_buf_free(&b);
	return p;
}

static enum rc_status get_date(struct vctx *v, json_t *obj, const char *key, bool required,
	struct rc_ymd *out, bool *present)
{
	size_t o = vpush_key(v, key);
	enum rc_status st = RC_OK;
	json_t *j = json_object_get(obj, key);
	memset(out, 0, sizeof *out);
	if (present)
		*present = j && !json_is_null(j);
	if (!j || json_is_null(j)) {
		if (required)
			st = bad_missing(v);
	} else if (!json_is_string(j) || !rc_ymd_parse(json_string_value(j), out)) {
		/* TRANSLATORS: what a field of a regime file must be; keep the example. */
		st = bad_type(v, _("a date like \"2026-06-12\""));
	}
	vpop(v, o);
	return st;
}

static enum rc_status get_bool(struct vctx *v, json_t *obj, const char *key, bool dflt, bool *out)
{
	json_t *j = json_object_get(obj, key);
	*out = dflt;
	if (!j)
		return RC_OK;
	if (!json_is_boolean(j)) {
		size_t o = vpush_key(v, key);
		/* TRANSLATORS: what a field of a regime file must be; keep true and false as they are. */
		enum rc_status st = bad_type(v, _("true or false"));
		vpop(v, o);
		return st;
	}
	*out = json_is_true(j);
	return RC_OK;
}

/* One of words (NULL-terminated): its index in *out. */
static enum rc_status get_word(struct vctx *v, json_t *obj, const char *key, bool required,
	const char *const *words, const char *expected, int *out)
{
	const char *t;
	*out = -1;
	enum rc_status st = get_text(v, obj, key, required, &t);
	if (st != RC_OK || !t)
		return st;
	for (int i = 0; words[i]; i++)
		if (!strcmp(t, words[i])) {
			*out = i;
			return RC_OK;
		}
	size_t o = vpush_key(v, key);
	st = bad_type(v, expected);
	vpop(v, o);
	return st;
}

/* An instrument must be one the file declares. */
static enum rc_status check_instrument(struct vctx *v, json_t *doc, const char *id)
{
	if (!id)
		return RC_OK;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(doc, "instruments"), i, e)
		if (!strcmp(json_string_value(json_object_get(e, "id")), id))
			return RC_OK;
	size_t o = vpush_key(v, "instrument");
	/* TRANSLATORS: error detail of a regime file: an act is cited that the file does not declare. */
	enum rc_status st = bad_value(v, _("it names an act that is not in \"instruments\""));
	vpop(v, o);
	return st;
}

/* article, instrument, uncertain of obj into c; instrument defaults to dflt. */
static enum rc_status read_cite(struct vctx *v, struct regime *g, json_t *doc, json_t *obj,
	bool need_article, const char *dflt, struct cite *c)
{
	memset(c, 0, sizeof *c);
	enum rc_status st;
	if ((st = keep_text(v, g, obj, "article", need_article, &c->article)) != RC_OK
		|| (st = keep_text(v, g, obj, "instrument", false, &c->instrument)) != RC_OK
		|| (st = keep_text(v, g, obj, "uncertain", false, &c->uncertain)) != RC_OK)
		return st;
	if ((st = check_instrument(v, doc, c->instrument)) != RC_OK)
		return st;
	if (!c->instrument)
		c->instrument = dflt;
	return RC_OK;
}

#define UNITS_REQUEST ((1u << RC_UNIT_CALENDAR_DAYS) | (1u << RC_UNIT_WORKING_DAYS) | \
	(1u << RC_UNIT_WEEKS) | (1u << RC_UNIT_MONTHS) | (1u << RC_UNIT_YEARS))
#define UNITS_RETENTION ((1u << RC_UNIT_CALENDAR_DAYS) | (1u << RC_UNIT_MONTHS) | (1u << RC_UNIT_YEARS))

/* {n, unit, from?, what?, article?, instrument?, counting?, calendar?,
 * uncertain?, notes?} (and extra keys the caller reads). */
static enum rc_status read_period(struct vctx *v, struct regime *g, json_t *doc, json_t *p,
	unsigned units, const char *const *extra, const char *dflt_instrument, struct rc_rule_period *out)
{
	static const char *const base[] = { "n", "unit", "from", "what", "article", "instrument",
		"counting", "calendar", "uncertain", "notes", NULL };
	memset(out, 0, sizeof *out);
	if (!json_is_object(p))
		/* TRANSLATORS: what a field of a regime file must be; keep the JSON as it is. */
		return bad_type(v, _("a period like {\"n\": 1, \"unit\": \"months\"}"));
	const char *keys[16];
	size_t k = 0;
	for (size_t i = 0; base[i]; i++)
		keys[k++] = base[i];
	for (size_t i = 0; extra && extra[i] && k < 15; i++)
		keys[k++] = extra[i];
	keys[k] = NULL;
	enum rc_status st = check_keys(v, p, keys);
	long long n;
	if (st == RC_OK)
		st = get_int(v, p, "n", true, 1, RC_PERIOD_N_MAX, &n);
	const char *unit = NULL;
	if (st == RC_OK)
		st = get_text(v, p, "unit", true, &unit);
	if (st == RC_OK && (!rc_unit_parse(unit, &out->p.unit) || !(units & (1u << out->p.unit)))) {
		size_t o = vpush_key(v, "unit");
		/* TRANSLATORS: what a field of a regime file must be; keep the words in quotes as they are. */
		st = bad_type(v, units == UNITS_RETENTION ? _("\"calendar-days\", \"months\" or \"years\"")
			: _("\"calendar-days\", \"working-days\", \"weeks\", \"months\" or \"years\""));
		vpop(v, o);
	}
	if (st != RC_OK)
		return st;
	out->p.n = (int)n;
	const char *counting = NULL;
	if ((st = keep_text(v, g, p, "from", false, &out->from)) != RC_OK
		|| (st = keep_text(v, g, p, "what", false, &out->what)) != RC_OK
		|| (st = keep_text(v, g, p, "article", false, &out->article)) != RC_OK
		|| (st = keep_text(v, g, p, "instrument", false, &out->instrument)) != RC_OK
		|| (st = keep_text(v, g, p, "calendar", false, &out->calendar)) != RC_OK
		|| (st = keep_text(v, g, p, "uncertain", false, &out->uncertain)) != RC_OK
		|| (st = get_text(v, p, "counting", false, &counting)) != RC_OK
		|| (st = check_instrument(v, doc, out->instrument)) != RC_OK
		|| (st = check_notes(v, p)) != RC_OK)
		return st;
	if (counting) {
		out->has_counting = rc_rule_parse(counting, &out->counting);
		if (!out->has_counting) {
			size_t o = vpush_key(v, "counting");
			/* TRANSLATORS: what a field of a regime file must be; keep the ids as they are. */
			st = bad_type(v, _("one of eu-1182-71, gdpr-12-3, uk-beginning-with, us-foia, ca-interpretation-act"));
			vpop(v, o);
			return st;
		}
	}
	if (!out->instrument)
		out->instrument = dflt_instrument;
	return RC_OK;
}

static const char *const request_kinds[RC_REQ_KIND_COUNT + 1] = {
#define RC_RK_ID(name, id, label) id,
	RC_REQUEST_KIND_INFO(RC_RK_ID)
#undef RC_RK_ID
	NULL
};

static enum rc_status read_request(struct vctx *v, struct regime *g, json_t *doc, json_t *q,
	const char *dflt_instrument, struct rc_request_rule *r)
{
	static const char *const keys[] = {
		"available", "instrument", "article", "answer", "extension", "clock_stops", "addressee",
		"route", "languages", "escalation", "notes", "uncertain", NULL
	};
	static const char *const ext_keys[] = { "condition", "notice", NULL };
	static const char *const stop_keys[] = { "when", "article", "instrument", "notes", "uncertain", NULL };
	static const char *const esc_keys[] = { "to", "article", "instrument", "period", "notes", "uncertain", NULL };
	static const char *const routes[] = { "direct", "indirect", NULL };
	if (!json_is_object(q))
		/* TRANSLATORS: what a field of a regime file must be. */
		return bad_type(v, _("an object"));
	enum rc_status st = check_keys(v, q, keys);
	if (st != RC_OK || (st = get_bool(v, q, "available", true, &r->available)) != RC_OK)
		return st;
	r->known = true;
	int route = 0;
	if ((st = keep_text(v, g, q, "instrument", false, &r->instrument)) != RC_OK
		|| (st = check_instrument(v, doc, r->instrument)) != RC_OK
		|| (st = keep_text(v, g, q, "article", r->available, &r->article)) != RC_OK
		|| (st = keep_text(v, g, q, "addressee", r->available, &r->addressee)) != RC_OK
		|| (st = keep_text(v, g, q, "uncertain", false, &r->uncertain)) != RC_OK
		/* TRANSLATORS: what a field of a regime file must be; keep the two words as they are. */
		|| (st = get_word(v, q, "route", false, routes, _("\"direct\" or \"indirect\""), &route)) != RC_OK
		|| (st = check_notes(v, q)) != RC_OK)
		return st;
	if (!r->instrument)
		r->instrument = dflt_instrument;
	r->indirect = route == 1;
	r->notes = keep_notes(g, q);
	json_t *langs = json_object_get(q, "languages");
	if (langs) {
		size_t o = vpush_key(v, "languages");
		char **kw;
		size_t nkw;
		st = get_keywords(v, langs, true, &kw, &nkw);
		vpop(v, o);
		if (st != RC_OK)
			return st;
		strv_free(kw, nkw);
		struct rc_buf b;
		rc_buf_init(&b);
		size_t i;
		json_t *e;
		json_array_foreach(langs, i, e)
			rc_buf_printf(&b, "%s%s", b.len ? ", " : "", json_string_value(e));
		r->languages = pool(g, rc_buf_cstr(&b));
		rc_buf_free(&b);
	}
	json_t *ans = json_object_get(q, "answer");
	if (r->available && !ans) {
		size_t o = vpush_key(v, "answer");
		st = bad_missing(v);
		vpop(v, o);
		return st;
	}
	if (ans && !json_is_null(ans)) {
		size_t o = vpush_key(v, "answer");
		st = read_period(v, g, doc, ans, UNITS_REQUEST, NULL, r->instrument, &r->answer);
		vpop(v, o);
		if (st != RC_OK)
			return st;
	}
	json_t *ext = json_object_get(q, "extension");
	if (ext && !json_is_null(ext)) {
		size_t o = vpush_key(v, "extension");
		st = read_period(v, g, doc, ext, UNITS_REQUEST, ext_keys, r->instrument, &r->extension);
		if (st == RC_OK)
			st = keep_text(v, g, ext, "condition", false, &r->extension_condition);
		json_t *notice = json_object_get(ext, "notice");
		if (st == RC_OK && notice) {
			size_t o2 = vpush_key(v, "notice");
			st = read_period(v, g, doc, notice, UNITS_REQUEST, NULL, r->instrument, &r->notice);
			vpop(v, o2);
		}
		vpop(v, o);
		if (st != RC_OK)
			return st;
	}
	json_t *stop = json_object_get(q, "clock_stops");
	if (stop) {
		size_t o = vpush_key(v, "clock_stops");
		if (!json_is_object(stop))
			st = bad_type(v, _("an object"));
		else if ((st = check_keys(v, stop, stop_keys)) == RC_OK
			&& (st = keep_text(v, g, stop, "when", true, &r->clock_stops)) == RC_OK
			&& (st = keep_text(v, g, stop, "article", true, &r->clock_stops_article)) == RC_OK
			&& (st = get_text(v, stop, "instrument", false, NULL)) == RC_OK
			&& (st = check_instrument(v, doc, json_string_value(json_object_get(stop, "instrument")))) == RC_OK
			&& (st = get_text(v, stop, "uncertain", false, NULL)) == RC_OK)
			st = check_notes(v, stop);
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
				struct rc_escalation *x = &g->esc[g->n_esc];
				memset(x, 0, sizeof *x);
				if (!json_is_object(e))
					st = bad_type(v, _("an object"));
				else if ((st = check_keys(v, e, esc_keys)) == RC_OK
					&& (st = keep_text(v, g, e, "to", true, &x->to)) == RC_OK
					&& (st = keep_text(v, g, e, "article", false, &x->article)) == RC_OK
					&& (st = keep_text(v, g, e, "instrument", false, &x->instrument)) == RC_OK
					&& (st = keep_text(v, g, e, "uncertain", false, &x->uncertain)) == RC_OK
					&& (st = check_instrument(v, doc, x->instrument)) == RC_OK
					&& (st = check_notes(v, e)) == RC_OK) {
					json_t *per = json_object_get(e, "period");
					if (per) {
						size_t o3 = vpush_key(v, "period");
						st = read_period(v, g, doc, per, UNITS_REQUEST, NULL,
							x->instrument ? x->instrument : r->instrument, &x->period);
						vpop(v, o3);
					}
				}
				vpop(v, o2);
				if (st != RC_OK)
					break;
				if (!x->instrument)
					x->instrument = r->instrument;
				if (r->n_esc == 0)
					r->esc = x;
				g->n_esc++;
				r->n_esc++;
			}
		}
		vpop(v, o);
		if (st != RC_OK)
			return st;
	}
	return RC_OK;
}

static enum rc_status read_instruments(struct vctx *v, json_t *doc)
{
	static const char *const keys[] = {
		"id", "title", "url", "applies_from", "applies_until", "notes", "uncertain", NULL
	};
	size_t o = vpush_key(v, "instruments");
	enum rc_status st = RC_OK;
	json_t *arr = json_object_get(doc, "instruments");
	if (!arr)
		st = bad_missing(v);
	else if (!json_is_array(arr) || json_array_size(arr) == 0)
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a list of the acts, not empty"));
	size_t i;
	json_t *e;
	if (st == RC_OK) {
		json_array_foreach(arr, i, e) {
			size_t o2 = vpush_idx(v, i);
			struct rc_ymd d;
			if (!json_is_object(e))
				st = bad_type(v, _("an object"));
			else if ((st = check_keys(v, e, keys)) == RC_OK
				&& (st = get_text(v, e, "id", true, NULL)) == RC_OK
				&& (st = get_text(v, e, "title", true, NULL)) == RC_OK
				&& (st = get_text(v, e, "url", false, NULL)) == RC_OK
				&& (st = get_text(v, e, "uncertain", false, NULL)) == RC_OK
				&& (st = get_date(v, e, "applies_from", false, &d, NULL)) == RC_OK
				&& (st = get_date(v, e, "applies_until", false, &d, NULL)) == RC_OK)
				st = check_notes(v, e);
			vpop(v, o2);
			if (st != RC_OK)
				break;
		}
	}
	vpop(v, o);
	return st;
}

static enum rc_status read_systems(struct vctx *v, json_t *doc, struct regime *g)
{
	static const char *const keys[] = { "id", "name", "match", "datasets", "notes", "uncertain", NULL };
	static const char *const ds_keys[] = { "id", "title", "start", "notes", "uncertain", NULL };
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
		g->n_sys = i + 1; /* so regime_clear frees it */
		const char *id = NULL;
		if (!json_is_object(e)) {
			st = bad_type(v, _("an object"));
		} else if ((st = check_keys(v, e, keys)) == RC_OK
			&& (st = get_text(v, e, "id", true, &id)) == RC_OK
			&& (st = keep_text(v, g, e, "name", true, &s->name)) == RC_OK
			&& (st = get_text(v, e, "uncertain", false, NULL)) == RC_OK
			&& (st = check_notes(v, e)) == RC_OK) {
			if (!valid_id(id) || strlen(id) >= sizeof(((struct rc_record_date *)0)->system)) {
				size_t o3 = vpush_key(v, "id");
				st = bad_type(v, _("small letters, digits and '-' (at most 31)"));
				vpop(v, o3);
			}
			for (size_t j = 0; st == RC_OK && j < i; j++)
				if (!strcmp(g->sys[j].id, id)) {
					size_t o3 = vpush_key(v, "id");
					/* TRANSLATORS: error detail of a regime file: the same id twice. */
					st = bad_value(v, _("the same id is used twice"));
					vpop(v, o3);
				}
			if (st == RC_OK)
				s->id = pool(g, id);
			json_t *m = json_object_get(e, "match");
			if (st == RC_OK) {
				size_t o3 = vpush_key(v, "match");
				st = m ? get_keywords(v, m, true, &s->match, &s->n_match) : bad_missing(v);
				vpop(v, o3);
			}
			json_t *ds = json_object_get(e, "datasets");
			size_t nds = json_is_array(ds) ? json_array_size(ds) : 0;
			if (st == RC_OK && ds && (!json_is_array(ds) || nds == 0)) {
				size_t o3 = vpush_key(v, "datasets");
				/* TRANSLATORS: what a field of a regime file must be. */
				st = bad_type(v, _("a list of datasets, not empty"));
				vpop(v, o3);
			}
			if (st == RC_OK) {
				s->ds = rc_xcalloc(nds ? nds : 1, sizeof *s->ds);
				if (!nds) {
					s->ds[0].id = pool(g, "record");
					s->n_ds = 1;
				}
				size_t k;
				json_t *d;
				json_array_foreach(ds, k, d) {
					size_t o3 = vpush_key(v, "datasets");
					size_t o4 = vpush_idx(v, k);
					const char *did = NULL;
					if (!json_is_object(d))
						st = bad_type(v, _("an object"));
					else if ((st = check_keys(v, d, ds_keys)) == RC_OK
						&& (st = get_text(v, d, "id", true, &did)) == RC_OK
						&& (st = keep_text(v, g, d, "title", true, &s->ds[k].title)) == RC_OK
						&& (st = keep_text(v, g, d, "start", true, &s->ds[k].start)) == RC_OK
						&& (st = keep_text(v, g, d, "uncertain", false, &s->ds[k].uncertain)) == RC_OK
						&& (st = check_notes(v, d)) == RC_OK
						&& (!valid_id(did) || strlen(did) >= sizeof(((struct rc_record_date *)0)->dataset))) {
						size_t o5 = vpush_key(v, "id");
						st = bad_type(v, _("small letters, digits and '-' (at most 31)"));
						vpop(v, o5);
					}
					for (size_t j = 0; st == RC_OK && j < k; j++)
						if (!strcmp(s->ds[j].id, did)) {
							size_t o5 = vpush_key(v, "id");
							st = bad_value(v, _("the same id is used twice"));
							vpop(v, o5);
						}
					if (st == RC_OK) {
						s->ds[k].id = pool(g, did);
						s->n_ds = k + 1;
					}
					vpop(v, o4);
					vpop(v, o3);
					if (st != RC_OK)
						break;
				}
			}
		}
		vpop(v, o2);
		if (st != RC_OK)
			break;
	}
	vpop(v, o);
	return st;
}

static int system_index(const struct regime *g, const char *id)
{
	for (size_t i = 0; id && i < g->n_sys; i++)
		if (!strcmp(g->sys[i].id, id))
			return (int)i;
	return -1;
}

static int dataset_index(const struct system *s, const char *id)
{
	for (size_t i = 0; id && i < s->n_ds; i++)
		if (!strcmp(s->ds[i].id, id))
			return (int)i;
	return -1;
}

static enum rc_status read_log(struct vctx *v, struct regime *g, json_t *doc, json_t *ver,
	struct version *out)
{
	static const char *const keys[] = { "purpose", "legal_basis", "notes", "uncertain", NULL };
	static const char *const item_keys[] = { "required", "article", "instrument", "notes", "uncertain", NULL };
	json_t *log = json_object_get(ver, "log");
	if (!log)
		return RC_OK;
	size_t o = vpush_key(v, "log");
	enum rc_status st = json_is_object(log) ? check_keys(v, log, keys) : bad_type(v, _("an object"));
	const char *log_unc = NULL;
	if (st == RC_OK)
		st = keep_text(v, g, log, "uncertain", false, &log_unc);
	const char *names[2] = { "purpose", "legal_basis" };
	struct log_rule *rules[2] = { &out->log_purpose, &out->log_legal_basis };
	for (int i = 0; st == RC_OK && i < 2; i++) {
		json_t *it = json_object_get(log, names[i]);
		if (!it)
			continue;
		size_t o2 = vpush_key(v, names[i]);
		if (!json_is_object(it))
			st = bad_type(v, _("an object"));
		else if ((st = check_keys(v, it, item_keys)) == RC_OK && !json_object_get(it, "required"))
			st = (vpush_key(v, "required"), bad_missing(v));
		if (st == RC_OK)
			st = get_bool(v, it, "required", false, &rules[i]->required);
		if (st == RC_OK)
			st = read_cite(v, g, doc, it, rules[i]->required, out->instrument, &rules[i]->cite);
		if (st == RC_OK && !rules[i]->cite.uncertain)
			rules[i]->cite.uncertain = log_unc;
		if (st == RC_OK)
			st = check_notes(v, it);
		rules[i]->known = st == RC_OK;
		vpop(v, o2);
	}
	if (st == RC_OK)
		st = check_notes(v, log);
	vpop(v, o);
	return st;
}

static enum rc_status read_retention(struct vctx *v, struct regime *g, json_t *doc, json_t *ver,
	struct version *out)
{
	static const char *const keys[] = { "system", "dataset", "period", "start", "article", "instrument",
		"uncertain", "notes", NULL };
	json_t *arr = json_object_get(ver, "retention");
	if (!arr)
		return RC_OK;
	size_t o = vpush_key(v, "retention");
	enum rc_status st = RC_OK;
	if (!json_is_array(arr)) {
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a list of retention periods"));
		vpop(v, o);
		return st;
	}
	size_t count = json_array_size(arr);
	out->ret = rc_xcalloc(count ? count : 1, sizeof *out->ret);
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		size_t o2 = vpush_idx(v, i);
		struct retention *rt = &out->ret[i];
		const char *sys = NULL, *ds = NULL;
		int si = -1, di = -1;
		if (!json_is_object(e))
			st = bad_type(v, _("an object"));
		else if ((st = check_keys(v, e, keys)) == RC_OK
			&& (st = get_text(v, e, "system", true, &sys)) == RC_OK
			&& (st = get_text(v, e, "dataset", false, &ds)) == RC_OK
			&& (st = keep_text(v, g, e, "start", false, &rt->start)) == RC_OK
			&& (st = read_cite(v, g, doc, e, true, out->instrument, &rt->cite)) == RC_OK
			&& (st = check_notes(v, e)) == RC_OK) {
			si = system_index(g, sys);
			if (si < 0) {
				size_t o3 = vpush_key(v, "system");
				/* TRANSLATORS: error detail of a regime file. */
				st = bad_value(v, _("it names a system that is not in \"systems\""));
				vpop(v, o3);
			} else {
				di = ds ? dataset_index(&g->sys[si], ds) : (g->sys[si].n_ds == 1 ? 0 : -1);
				if (di < 0) {
					size_t o3 = vpush_key(v, "dataset");
					/* TRANSLATORS: error detail of a regime file. */
					st = bad_value(v, _("it names no dataset of that system (or the system has several and none is named)"));
					vpop(v, o3);
				}
			}
			json_t *p = json_object_get(e, "period");
			if (st == RC_OK) {
				size_t o3 = vpush_key(v, "period");
				struct rc_rule_period rp;
				st = p ? read_period(v, g, doc, p, UNITS_RETENTION, NULL, NULL, &rp) : bad_missing(v);
				rt->period = rp.p;
				vpop(v, o3);
			}
		}
		vpop(v, o2);
		if (st != RC_OK)
			break;
		rt->sys = (size_t)si;
		rt->ds = (size_t)di;
		out->n_ret = i + 1;
	}
	vpop(v, o);
	return st;
}

static enum rc_status read_transfers(struct vctx *v, struct regime *g, json_t *doc, json_t *ver,
	struct version *out)
{
	static const char *const keys[] = { "article", "instrument", "outside_area", "international", "private",
		"exceptions", "uncertain", "notes", NULL };
	static const char *const words[] = { "forbidden", "conditions", "allowed", "forbidden-everywhere", NULL };
	json_t *tr = json_object_get(ver, "transfers");
	if (!tr)
		return RC_OK;
	size_t o = vpush_key(v, "transfers");
	enum rc_status st = json_is_object(tr) ? check_keys(v, tr, keys) : bad_type(v, _("an object"));
	/* TRANSLATORS: what a field of a regime file must be; keep the words in quotes as they are. */
	const char *three = _("\"forbidden\", \"conditions\" or \"allowed\"");
	if (st == RC_OK
		&& (st = read_cite(v, g, doc, tr, true, out->instrument, &out->tr.cite)) == RC_OK
		&& (st = get_word(v, tr, "outside_area", true, words, three, &out->tr.outside)) == RC_OK
		&& (st = get_word(v, tr, "international", true, words, three, &out->tr.international)) == RC_OK
		/* TRANSLATORS: what a field of a regime file must be; keep the words in quotes as they are. */
		&& (st = get_word(v, tr, "private", true, words, _("\"forbidden\", \"forbidden-everywhere\", \"conditions\" or \"allowed\""), &out->tr.private_)) == RC_OK
		&& (st = check_notes(v, tr)) == RC_OK) {
		if (out->tr.outside == 3 || out->tr.international == 3) {
			size_t o2 = vpush_key(v, out->tr.outside == 3 ? "outside_area" : "international");
			st = bad_type(v, three);
			vpop(v, o2);
		}
	}
	json_t *ex = json_object_get(tr, "exceptions");
	if (st == RC_OK && ex) {
		static const char *const ex_keys[] = { "text", "article", "instrument", "notes", "uncertain", NULL };
		size_t o2 = vpush_key(v, "exceptions");
		if (!json_is_array(ex)) {
			st = bad_type(v, _("a list of steps"));
		} else {
			size_t i;
			json_t *e;
			json_array_foreach(ex, i, e) {
				size_t o3 = vpush_idx(v, i);
				const char *text = NULL, *art = NULL;
				if (!json_is_object(e))
					st = bad_type(v, _("an object"));
				else if ((st = check_keys(v, e, ex_keys)) == RC_OK
					&& (st = keep_text(v, g, e, "text", true, &text)) == RC_OK
					&& (st = keep_text(v, g, e, "article", true, &art)) == RC_OK
					&& (st = get_text(v, e, "instrument", false, NULL)) == RC_OK
					&& (st = check_instrument(v, doc, json_string_value(json_object_get(e, "instrument")))) == RC_OK)
					st = check_notes(v, e);
				if (st == RC_OK && i == 0) {
					out->tr.exception = text;
					out->tr.exception_article = art;
				}
				vpop(v, o3);
				if (st != RC_OK)
					break;
			}
		}
		vpop(v, o2);
	}
	out->tr.known = st == RC_OK;
	vpop(v, o);
	return st;
}

static enum rc_status read_version(struct vctx *v, struct regime *g, json_t *doc, json_t *e,
	struct version *out)
{
	static const char *const keys[] = { "id", "from", "until", "instrument", "area", "log", "retention",
		"transfers", "requests", "uncertain", "notes", NULL };
	if (!json_is_object(e))
		return bad_type(v, _("an object"));
	enum rc_status st = check_keys(v, e, keys);
	bool has_until = false;
	if (st == RC_OK
		&& (st = keep_text(v, g, e, "id", true, &out->id)) == RC_OK
		&& (st = get_date(v, e, "from", true, &out->from, NULL)) == RC_OK
		&& (st = get_date(v, e, "until", false, &out->until, &has_until)) == RC_OK
		&& (st = keep_text(v, g, e, "instrument", false, &out->instrument)) == RC_OK
		&& (st = check_instrument(v, doc, out->instrument)) == RC_OK
		&& (st = keep_text(v, g, e, "uncertain", false, &out->uncertain)) == RC_OK
		&& (st = check_notes(v, e)) == RC_OK) {
		if (has_until && rc_ymd_cmp(out->until, out->from) < 0) {
			size_t o = vpush_key(v, "until");
			/* TRANSLATORS: error detail of a regime file. */
			st = bad_value(v, _("it is before \"from\""));
			vpop(v, o);
		}
	}
	json_t *area = json_object_get(e, "area");
	if (st == RC_OK && area) {
		size_t o = vpush_key(v, "area");
		if (json_is_string(area)) {
			if (!valid_id(json_string_value(area)))
				/* TRANSLATORS: what a field of a regime file must be. */
				st = bad_type(v, _("the name of an area of common.json or a list of country codes"));
			else
				out->area_ref = pool(g, json_string_value(area));
		} else {
			st = get_countries(v, area, &out->area, &out->n_area);
		}
		out->has_area = st == RC_OK;
		vpop(v, o);
	}
	if (st == RC_OK)
		st = read_log(v, g, doc, e, out);
	if (st == RC_OK)
		st = read_retention(v, g, doc, e, out);
	if (st == RC_OK)
		st = read_transfers(v, g, doc, e, out);
	/* transfers and retention rules without their own reason inherit the version's */
	if (st == RC_OK && out->uncertain) {
		if (out->tr.known && !out->tr.cite.uncertain)
			out->tr.cite.uncertain = out->uncertain;
	}
	json_t *reqs = json_object_get(e, "requests");
	if (st == RC_OK && reqs) {
		size_t o = vpush_key(v, "requests");
		if (!json_is_object(reqs))
			st = bad_type(v, _("an object"));
		else
			st = check_keys(v, reqs, request_kinds);
		for (int k = 0; st == RC_OK && k < RC_REQ_KIND_COUNT; k++) {
			out->req[k].kind = (enum rc_request_kind)k;
			json_t *q = json_object_get(reqs, request_kinds[k]);
			if (!q)
				continue;
			size_t o2 = vpush_key(v, request_kinds[k]);
			st = read_request(v, g, doc, q, out->instrument, &out->req[k]);
			vpop(v, o2);
			/* A number is uncertain when it, or an object holding it,
			 * says so (data/regimes/README.md). */
			struct rc_request_rule *rq = &out->req[k];
			if (!rq->uncertain)
				rq->uncertain = out->uncertain;
			struct rc_rule_period *ps[3] = { &rq->answer, &rq->extension, &rq->notice };
			for (int pi = 0; pi < 3; pi++)
				if (!ps[pi]->uncertain)
					ps[pi]->uncertain = rq->uncertain;
			for (size_t ei = 0; ei < rq->n_esc; ei++) {
				struct rc_escalation *x = (struct rc_escalation *)&rq->esc[ei];
				if (!x->uncertain)
					x->uncertain = rq->uncertain;
				if (!x->period.uncertain)
					x->period.uncertain = x->uncertain;
			}
		}
		vpop(v, o);
	}
	return st;
}

/* The escalation steps of every request of every version, counted first
 * so that g->esc does not move while requests point into it. */
static size_t count_escalations(json_t *doc)
{
	size_t n = 0, i;
	json_t *ver;
	json_array_foreach(json_object_get(doc, "versions"), i, ver) {
		const char *k;
		json_t *q;
		json_object_foreach(json_object_get(ver, "requests"), k, q)
			n += json_array_size(json_object_get(q, "escalation"));
	}
	return n;
}

static enum rc_status read_regime(struct vctx *v, json_t *doc, struct rc_regimes *tmp)
{
	static const char *const keys[] = {
		"kind", "format", "id", "title", "cite", "instruments", "systems", "versions", "notes",
		"uncertain", NULL
	};
	enum rc_status st = check_keys(v, doc, keys);
	if (st != RC_OK)
		return st;
	const char *id, *title, *cite;
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
		|| (st = get_text(v, doc, "cite", false, &cite)) != RC_OK
		|| (st = get_text(v, doc, "uncertain", false, NULL)) != RC_OK
		|| (st = read_instruments(v, doc)) != RC_OK
		|| (st = check_notes(v, doc)) != RC_OK)
		return st;
	tmp->reg = rc_xcalloc(1, sizeof *tmp->reg);
	tmp->n_reg = 1;
	struct regime *g = &tmp->reg[0];
	g->id = rc_xstrdup(id);
	g->title = rc_xstrdup(title);
	g->cite = cite ? rc_xstrdup(cite) : NULL;
	if ((st = read_systems(v, doc, g)) != RC_OK)
		return st;
	json_t *vers = json_object_get(doc, "versions");
	size_t o = vpush_key(v, "versions");
	if (!vers)
		st = bad_missing(v);
	else if (!json_is_array(vers) || json_array_size(vers) == 0)
		/* TRANSLATORS: what a field of a regime file must be. */
		st = bad_type(v, _("a list of versions, not empty"));
	if (st == RC_OK) {
		size_t n_esc = count_escalations(doc);
		g->esc = rc_xcalloc(n_esc ? n_esc : 1, sizeof *g->esc);
		g->ver = rc_xcalloc(json_array_size(vers), sizeof *g->ver);
		size_t i;
		json_t *e;
		json_array_foreach(vers, i, e) {
			size_t o2 = vpush_idx(v, i);
			st = read_version(v, g, doc, e, &g->ver[i]);
			g->n_ver = i + 1;
			/* in date order, not overlapping */
			if (st == RC_OK && i > 0) {
				const struct version *p = &g->ver[i - 1];
				if (!p->until.y || rc_ymd_cmp(p->until, g->ver[i].from) >= 0) {
					size_t o3 = vpush_key(v, "from");
					/* TRANSLATORS: error detail of a regime file: two versions of the law overlap. */
					st = bad_value(v, _("it starts before the version before it ends (or that one has no \"until\")"));
					vpop(v, o3);
				}
			}
			vpop(v, o2);
			if (st != RC_OK)
				break;
		}
	}
	vpop(v, o);
	return st;
}

/* ------------------------------------------------------------------ */
/* The common document. */

static enum rc_status read_areas(struct vctx *v, json_t *doc, struct rc_regimes *tmp)
{
	static const char *const keys[] = { "title", "countries", "article", "notes", "uncertain", NULL };
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
			&& (st = get_text(v, a, "article", false, NULL)) == RC_OK
			&& (st = get_text(v, a, "uncertain", false, NULL)) == RC_OK
			&& (st = check_notes(v, a)) == RC_OK) {
			json_t *c = json_object_get(a, "countries");
			size_t o3 = vpush_key(v, "countries");
			struct area *ar = &tmp->areas[tmp->n_areas];
			st = c ? get_countries(v, c, &ar->cc, &ar->n) : bad_missing(v);
			vpop(v, o3);
			if (st == RC_OK) {
				ar->name = rc_xstrdup(name);
				const char *t = json_string_value(json_object_get(a, "title"));
				ar->title = t ? rc_xstrdup(t) : NULL;
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
	static const char *const keys[] = { "kind", "format", "areas", "mandate", "notes", "uncertain", NULL };
	static const char *const mkeys[] = {
		"with_mandate", "with_mandate_if_purpose", "without_mandate",
		"without_mandate_if_no_purpose", "matching", "notes", "uncertain", NULL
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

/* ------------------------------------------------------------------ */
/* A document into a set. */

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
	if (!json_is_object(doc)) {
		st = bad_type(&v, _("an object"));
	} else if ((st = get_text(&v, doc, "kind", true, &kind)) == RC_OK
		&& (st = get_format(&v, doc)) == RC_OK) {
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
		regimes_contents_clear(&tmp);
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

