/* bundle_data.c - the access log as the evidence bundle carries it
 * (doc/bundles.md, "What is in the bag"): the normalized fields of the
 * chosen accesses as CSV and as JSON lines, the flagged ones with their
 * explanations (in the court's language, and in the applicant's when
 * asked), and the original bytes of accesses whose file is not in the
 * bag.  All of them are made in one pass over the chosen accesses, a
 * page at a time, never held whole (bundle_gen_pass): the writer hands
 * each page's bytes to the bag as they come, and the plan runs the first
 * page alone to tell their sizes beforehand. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

static const char *const csv_cols[] = {
	"id", "occurred", "recorded", "authority", "organization", "country", "authority_type", "role", "agent",
	"client", "system", "patient", "action", "outcome", "categories", "purpose", "legal_basis", "authorization",
	"dest", "dest_country", "dest_kind", "source", "ext_id", "origin", "imported", "flags", "uncertain", NULL
};

static const char *const flag_cols[] = {
	"id", "occurred", "authority", "country", "role", "purpose", "legal_basis", "flag", "flag_label",
	"uncertain", "explanation", "flag_label_applicant", "explanation_applicant", NULL
};

struct bundle_gen {
	struct rc_case *c;
	enum bundle_gen_kind kind;
	const struct rc_flag_ctx *ctx;
	const char *court_lang, *applicant_lang;
	const struct bundle_ranges *kept; /* GEN_RECORDS: the accesses whose file is in the bag */
	const struct rc_event *page;      /* the pass's page */
	size_t n;
	char **lc, **tc, **la, **ta;      /* its flags explained (flagged_page), made once for both files */
	struct rc_buf out;
	uint64_t events;  /* accesses written */
	uint64_t rows;    /* flag rows written (flagged files) */
	enum rc_status st;
};

static struct bundle_gen *gen_new(struct rc_case *c, enum bundle_gen_kind kind, const struct bundle_sel *sel,
	const struct rc_flag_ctx *ctx)
{
	struct bundle_gen *g = rc_xcalloc(1, sizeof *g);
	g->c = c;
	g->kind = kind;
	g->ctx = ctx;
	g->court_lang = sel->court_lang;
	g->applicant_lang = sel->applicant_lang;
	g->kept = sel->kept;
	rc_buf_init(&g->out);
	return g;
}

static void gen_free(struct bundle_gen **gp)
{
	struct bundle_gen *g = *gp;
	if (!g)
		return;
	rc_buf_free(&g->out);
	free(g);
	*gp = NULL;
}

static void csv_line(struct rc_buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			rc_buf_add(b, ",", 1);
		if (cells[i])
			rc_csv_cell(b, cells[i], false);
	}
	rc_buf_add(b, "\r\n", 2);
}

/* The flag ids of bits, "a;b" (malloc'ed). */
static char *flag_ids(uint32_t bits)
{
	struct rc_buf b;
	rc_buf_init(&b);
	for (int i = 0; i < RC_FLAG_COUNT; i++) {
		uint32_t bit = rc_flag_bit(i);
		if (bits & bit) {
			if (b.len)
				rc_buf_add(&b, ";", 1);
			rc_buf_addstr(&b, rc_flag_id(bit));
		}
	}
	rc_buf_cstr(&b);
	return b.data ? b.data : rc_xstrdup("");
}

/* JSON text written by hand (the log's JSON files: a million lines; a
 * jansson tree a line was most of their cost).  Valid UTF-8 goes as it
 * is, with '"', '\\', control characters and NULs escaped; a value that
 * is not is cleaned first (rc_text_sanitize), as jansson refuses it. */
static bool utf8_okn(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
		if (n == 9 || (n == 1 && c < 0xc2) || n >= len - i)
			return false;
		for (size_t k = 1; k <= n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		if (n == 2 && ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] >= 0xa0)))
			return false;
		if (n == 3 && ((c == 0xf0 && s[i + 1] < 0x90) || c > 0xf4 || (c == 0xf4 && s[i + 1] >= 0x90)))
			return false;
		i += n + 1;
	}
	return true;
}

/* len bytes of valid UTF-8 as a JSON string */
static void jstrn(struct rc_buf *b, const char *v, size_t len)
{
	rc_buf_add(b, "\"", 1);
	const char *run = v;
	for (const char *p = v; p < v + len; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc_buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		char esc[8];
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else if (c == '\t')
			snprintf(esc, sizeof esc, "\\t");
		else if (c == '\r')
			snprintf(esc, sizeof esc, "\\r");
		else
			snprintf(esc, sizeof esc, "\\u%04x", c);
		rc_buf_addstr(b, esc);
	}
	rc_buf_add(b, run, (size_t)(v + len - run));
	rc_buf_add(b, "\"", 1);
}

static void jstr(struct rc_buf *b, const char *v)
{
	if (!v) {
		rc_buf_add(b, "null", 4);
		return;
	}
	size_t n = strlen(v);
	if (utf8_okn((const unsigned char *)v, n)) {
		jstrn(b, v, n);
		return;
	}
	char *clean = rc_text_sanitize(v, n, true);
	jstrn(b, clean ? clean : "", clean ? strlen(clean) : 0);
	free(clean);
}

/* ,"key":value */
static void jkey(struct rc_buf *b, const char *key, bool first)
{
	if (!first)
		rc_buf_add(b, ",", 1);
	rc_buf_add(b, "\"", 1);
	rc_buf_addstr(b, key);
	rc_buf_add(b, "\":", 2);
}

static void jflags(struct rc_buf *b, uint32_t bits)
{
	rc_buf_add(b, "[", 1);
	bool first = true;
	for (int i = 0; i < RC_FLAG_COUNT; i++) {
		uint32_t bit = rc_flag_bit(i);
		if (bits & bit) {
			if (!first)
				rc_buf_add(b, ",", 1);
			jstr(b, rc_flag_id(bit));
			first = false;
		}
	}
	rc_buf_add(b, "]", 1);
}

static void ev_csv(struct rc_buf *b, const struct rc_event *e)
{
	char id[24], *cats = rc_categories_format(e->categories, false), *fl = flag_ids(e->flags),
	     *un = flag_ids(e->uncertain);
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	const char *cells[] = {
		id, e->occurred, e->recorded, e->authority, e->organization, e->authority_country, e->authority_type,
		e->role, e->agent, e->client, e->system, e->patient, rc_action_id(e->action), rc_outcome_id(e->outcome),
		cats, e->purpose, e->legal_basis, e->authorization, e->dest, e->dest_country,
		rc_dest_kind_id(e->dest_kind), e->source, e->ext_id, e->origin, e->imported, fl, un
	};
	csv_line(b, cells, sizeof cells / sizeof cells[0]);
	free(cats);
	free(fl);
	free(un);
}

static void ev_json(struct rc_buf *b, const struct rc_event *e)
{
	char *cats = rc_categories_format(e->categories, false);
	rc_buf_printf(b, "{\"id\":%lld", (long long)e->id);
	const char *vals[] = {
		e->occurred, e->recorded, e->authority, e->organization, e->authority_country, e->authority_type,
		e->role, e->agent, e->client, e->system, e->patient, rc_action_id(e->action), rc_outcome_id(e->outcome),
		cats, e->purpose, e->legal_basis, e->authorization, e->dest, e->dest_country,
		rc_dest_kind_id(e->dest_kind), e->source, e->ext_id, e->origin, e->imported
	};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		jkey(b, csv_cols[i + 1], false);
		jstr(b, vals[i]);
	}
	jkey(b, "flags", false);
	jflags(b, e->flags);
	jkey(b, "uncertain", false);
	jflags(b, e->uncertain);
	rc_buf_add(b, "}\n", 2);
	free(cats);
}

/* The page's flags explained in one language: texts[i * RC_FLAG_COUNT + k]. */
static void explain_page(const struct rc_flag_ctx *ctx, const struct rc_event *page, size_t n, const char *lang,
	char **labels, char **texts)
{
	char prev[64];
	rc_lang_switch(lang, prev, sizeof prev);
	const char *label[RC_FLAG_COUNT] = { NULL };
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < RC_FLAG_COUNT; k++) {
			uint32_t bit = rc_flag_bit(k);
			if (!(page[i].flags & bit))
				continue;
			if (!label[k])
				label[k] = rc_flag_label(bit);
			labels[i * RC_FLAG_COUNT + (size_t)k] = (char *)label[k];
			texts[i * RC_FLAG_COUNT + (size_t)k] = ctx ? rc_flag_explain(ctx, &page[i], bit) : NULL;
		}
	rc_lang_switch(prev, NULL, 0);
}

static void flagged_page(struct bundle_gen *g)
{
	char **lc = g->lc, **tc = g->tc, **la = g->la, **ta = g->ta;
	for (size_t i = 0; i < g->n; i++) {
		const struct rc_event *e = &g->page[i];
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)e->id);
		for (int k = 0; k < RC_FLAG_COUNT; k++) {
			uint32_t bit = rc_flag_bit(k);
			size_t at = i * RC_FLAG_COUNT + (size_t)k;
			if (!(e->flags & bit))
				continue;
			const char *unc = e->uncertain & bit ? "yes" : "no";
			if (g->kind == GEN_FLAGGED_CSV) {
				const char *row[] = { id, e->occurred, rc_event_body(e), e->authority_country, e->role,
				                      e->purpose, e->legal_basis, rc_flag_id(bit), lc[at], unc, tc[at],
				                      la ? la[at] : NULL, ta ? ta[at] : NULL };
				csv_line(&g->out, row, g->applicant_lang ? 13 : 11);
			} else {
				struct rc_buf *b = &g->out;
				if (g->rows)
					rc_buf_add(b, ",\n", 2);
				rc_buf_add(b, "{\"id\":", 6);
				rc_buf_addstr(b, id);
				jkey(b, "occurred", false);
				jstr(b, e->occurred);
				jkey(b, "authority", false);
				jstr(b, rc_event_body(e));
				jkey(b, "country", false);
				jstr(b, e->authority_country);
				jkey(b, "role", false);
				jstr(b, e->role);
				jkey(b, "purpose", false);
				jstr(b, e->purpose);
				jkey(b, "legal_basis", false);
				jstr(b, e->legal_basis);
				jkey(b, "flag", false);
				jstr(b, rc_flag_id(bit));
				jkey(b, "flag_label", false);
				jstr(b, lc[at]);
				jkey(b, "uncertain", false);
				rc_buf_addstr(b, e->uncertain & bit ? "true" : "false");
				jkey(b, "explanation", false);
				jstr(b, tc[at]);
				if (la) {
					jkey(b, "flag_label_applicant", false);
					jstr(b, la[at]);
					jkey(b, "explanation_applicant", false);
					jstr(b, ta[at]);
				}
				rc_buf_add(b, "}", 1);
			}
			g->rows++;
		}
		if (e->flags)
			g->events++;
	}
}

/* An access's original bytes (raw, len; NULL: none kept), as one JSON
 * line: text when UTF-8, else base64. */
static void record_line(struct bundle_gen *g, const struct rc_event *e, const char *raw, size_t len)
{
	struct rc_buf *b = &g->out;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	rc_buf_add(b, "{\"id\":", 6);
	rc_buf_addstr(b, id);
	jkey(b, "source", false);
	jstr(b, e->source);
	jkey(b, "ext_id", false);
	jstr(b, e->ext_id);
	jkey(b, "origin", false);
	jstr(b, e->origin);
	if (!raw) {
		jkey(b, "raw", false);
		rc_buf_add(b, "null", 4);
	} else if (utf8_okn((const unsigned char *)raw, len)) {
		jkey(b, "raw", false);
		jstrn(b, raw, len);
	} else {
		jkey(b, "raw_base64", false);
		size_t bl = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = rc_xmalloc(bl);
		sodium_bin2base64(b64, bl, (const unsigned char *)raw, len, sodium_base64_VARIANT_ORIGINAL);
		rc_buf_add(b, "\"", 1);
		rc_buf_addstr(b, b64);
		rc_buf_add(b, "\"", 1);
		free(b64);
	}
	rc_buf_add(b, "}\n", 2);
	g->events++;
}

/* The original bytes of the page's accesses no file in the bag holds,
 * read together. */
static void records_page(struct bundle_gen *g)
{
	int64_t *ids = rc_xcalloc(g->n + 1, sizeof *ids);
	size_t m = 0;
	for (size_t i = 0; i < g->n; i++)
		if (bundle_event_unkept(g->kept, g->page[i].id))
			ids[m++] = g->page[i].id;
	char **raw = rc_xcalloc(m + 1, sizeof *raw);
	size_t *len = rc_xcalloc(m + 1, sizeof *len);
	enum rc_status st = rc_events_raws(g->c, ids, m, raw, len);
	if (st != RC_OK)
		g->st = st;
	for (size_t i = 0, k = 0; st == RC_OK && i < g->n && k < m; i++)
		if (g->page[i].id == ids[k]) {
			record_line(g, &g->page[i], raw[k], len[k]);
			k++;
		}
	for (size_t k = 0; k < m; k++)
		free(raw[k]);
	free(raw);
	free(len);
	free(ids);
}

bool bundle_event_unkept(const struct bundle_ranges *k, int64_t id)
{
	if (!k)
		return true;
	size_t lo = 0, hi = k->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (id < k->v[mid].from)
			hi = mid;
		else if (id > k->v[mid].to)
			lo = mid + 1;
		else
			return false;
	}
	return true;
}

/* The output of the events in g->page[0..n). */
static void process(struct bundle_gen *g)
{
	if (g->kind == GEN_FLAGGED_CSV || g->kind == GEN_FLAGGED_JSON) {
		flagged_page(g);
		return;
	}
	if (g->kind == GEN_RECORDS) {
		records_page(g);
		return;
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct rc_event *e = &g->page[i];
		if (g->kind == GEN_CSV) {
			ev_csv(&g->out, e);
			g->events++;
		} else {
			ev_json(&g->out, e);
			g->events++;
		}
	}
}

static void header(struct bundle_gen *g)
{
	if (g->kind == GEN_CSV) {
		size_t n = 0;
		while (csv_cols[n])
			n++;
		csv_line(&g->out, csv_cols, n);
	} else if (g->kind == GEN_FLAGGED_CSV) {
		csv_line(&g->out, flag_cols, g->applicant_lang ? 13 : 11);
	} else if (g->kind == GEN_FLAGGED_JSON) {
		rc_buf_add(&g->out, "[\n", 2);
	}
}

static void footer(struct bundle_gen *g)
{
	if (g->kind == GEN_FLAGGED_JSON)
		rc_buf_addstr(&g->out, g->rows ? "\n]\n" : "]\n");
}

void bundle_sel_filter(const struct bundle_sel *sel, struct rc_event_filter *f)
{
	rc_event_filter_init(f);
	f->since_ts = sel->since_ts;
	f->until_ts = sel->until_ts;
	if (sel->flagged_only)
		f->flag = RC_FLAGGED_ANY;
}

static bool flagged_kind(enum bundle_gen_kind k)
{
	return k == GEN_FLAGGED_CSV || k == GEN_FLAGGED_JSON;
}

/* Hand g's bytes to the pass's out, and empty it. */
static enum rc_status emit(const struct bundle_pass *ps, size_t k, struct bundle_gen *g)
{
	enum rc_status st = g->st;
	if (st == RC_OK && g->out.len)
		st = ps->out(ps->ud, k, g->out.data, g->out.len);
	g->out.len = 0;
	return st;
}

enum rc_status bundle_gen_pass(struct rc_case *c, const struct bundle_sel *sel, const struct rc_flag_ctx *ctx,
	const enum bundle_gen_kind *kinds, size_t nk, const struct bundle_pass *ps, uint64_t *events, uint64_t *seen)
{
	struct bundle_gen *g[8];
	if (nk > 8)
		return RC_INVALID;
	enum rc_status st = RC_OK;
	bool flagged = false;
	for (size_t k = 0; k < nk; k++) {
		g[k] = gen_new(c, kinds[k], sel, ctx);
		flagged |= flagged_kind(kinds[k]);
		header(g[k]);
		if (st == RC_OK)
			st = emit(ps, k, g[k]);
	}
	*seen = 0;
	struct rc_event_filter f;
	bundle_sel_filter(sel, &f);
	int64_t after = 0;
	struct rc_event *page = rc_xcalloc(GEN_PAGE, sizeof *page);
	size_t cells = GEN_PAGE * RC_FLAG_COUNT;
	char **lc = NULL, **tc = NULL, **la = NULL, **ta = NULL;
	if (flagged) {
		lc = rc_xcalloc(cells, sizeof *lc);
		tc = rc_xcalloc(cells, sizeof *tc);
		if (sel->applicant_lang) {
			la = rc_xcalloc(cells, sizeof *la);
			ta = rc_xcalloc(cells, sizeof *ta);
		}
	}
	for (size_t pages = 0; st == RC_OK && (!ps->max_pages || pages < ps->max_pages); pages++) {
		size_t n = 0;
		st = rc_events_scan(c, &f, &after, GEN_PAGE, page, &n);
		if (st != RC_OK)
			break;
		*seen += n;
		for (size_t i = 0; ps->each && i < n; i++)
			ps->each(ps->each_ud, &page[i]);
		/* the flags explained once, for both flagged files */
		if (flagged) {
			explain_page(ctx, page, n, sel->court_lang, lc, tc);
			if (la)
				explain_page(ctx, page, n, sel->applicant_lang, la, ta);
		}
		for (size_t k = 0; st == RC_OK && k < nk; k++) {
			g[k]->page = page;
			g[k]->n = n;
			g[k]->lc = lc;
			g[k]->tc = tc;
			g[k]->la = la;
			g[k]->ta = ta;
			process(g[k]);
			st = emit(ps, k, g[k]);
		}
		if (flagged)
			for (size_t i = 0; i < n * RC_FLAG_COUNT; i++) {
				free(tc[i]);
				tc[i] = lc[i] = NULL;
				if (la) {
					free(ta[i]);
					ta[i] = la[i] = NULL;
				}
			}
		for (size_t i = 0; i < n; i++)
			rc_event_clear(&page[i]);
		if (st == RC_OK && ps->page_done && !ps->page_done(ps->ud))
			st = RC_CANCELLED;
		if (n < GEN_PAGE)
			break;
	}
	free(page);
	free(lc);
	free(tc);
	free(la);
	free(ta);
	for (size_t k = 0; k < nk; k++) {
		g[k]->page = NULL;
		g[k]->n = 0;
		footer(g[k]);
		if (st == RC_OK)
			st = emit(ps, k, g[k]);
		if (events)
			events[k] = g[k]->events;
		gen_free(&g[k]);
	}
	return st;
}
