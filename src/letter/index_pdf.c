/* index_pdf.c - the evidence bundle's index, data/index.pdf
 * (rc_index_pdf; doc/bundles.md): a cover page, a table of contents with
 * page numbers and links, bookmarks for every section, numbered pages
 * with the case label, then the summary of the access log, the flagged
 * accesses in full, the requests, the registry exports, the bag's
 * contents and how to verify it.  Its words come from
 * data/templates/LANG/index.txt, in the court's language and, under
 * each heading and flagged access, the applicant's.
 *
 * Laid out twice: the first pass writes nowhere and notes the page each
 * section starts on and the number of pages; the second writes them into
 * the contents and the footers.  Nothing in the layout depends on those
 * numbers (the contents' page column has a fixed width), so both passes
 * break pages alike.  Every string from the case goes through
 * rc_text_sanitize (no control or bidi-override characters) and is cut
 * to a length a page can hold. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "pdf-int.h"

/* Longest text kept from the case: in a table cell (the narrowest column
 * still fits it on one page) and in a paragraph (which flows over pages). */
#define CELL_MAX 400
#define PARA_MAX 8000

#define ISO_OPEN "\xe2\x81\xa8"  /* U+2068 first-strong isolate */
#define ISO_CLOSE "\xe2\x81\xa9" /* U+2069 pop directional isolate */

/* An entry of the contents: a section (level 1) or sub-section (2); its
 * page is found by the first pass. */
struct toc {
	int level;
	char num[16];  /* "3.2" */
	char *title;   /* court's language (a request's title as given) */
	char *title_a; /* applicant's language, or NULL */
	char dest[16]; /* the named destination */
	int page;
};

struct ix {
	const struct rc_index *in;
	struct lt_lang court, en, app; /* en: words missing in court's file */
	bool has_en, has_app;
	bool rtl, app_rtl;
	int pass;  /* 1: measure, 2: write */
	int total; /* pages (from the first pass) */
	bool bad;  /* a word missing or a template error: rc_error_set said it */
	cairo_surface_t *surf;
	struct lp_doc d;
	struct toc *toc;
	size_t n_toc, toc_next;
	int outline_parent; /* the current section's bookmark */
	char *label;        /* the case label, cleaned */
	char **tmp;         /* strings of the current block, freed by tmp_free */
	size_t n_tmp, cap_tmp;
};

/* ------------------------------------------------------------------ */
/* Strings */

static char *keep(struct ix *x, char *s)
{
	if (x->n_tmp == x->cap_tmp) {
		x->cap_tmp = x->cap_tmp ? 2 * x->cap_tmp : 32;
		x->tmp = rc_xrealloc(x->tmp, x->cap_tmp * sizeof *x->tmp);
	}
	x->tmp[x->n_tmp++] = s;
	return s;
}

static void tmp_free(struct ix *x)
{
	for (size_t i = 0; i < x->n_tmp; i++)
		free(x->tmp[i]);
	x->n_tmp = 0;
}

/* s from the case, fit to print (NULL when NULL or empty): sanitized,
 * cut to max bytes at a character's start with "…". */
static char *clean_cut(const char *s, bool lines, size_t max)
{
	if (!s || !*s)
		return NULL;
	size_t n = strnlen(s, max * 4 + 16);
	char *r = rc_text_sanitize(s, n, lines);
	if (r && strlen(r) > max) {
		size_t e = max;
		while (e > 0 && ((unsigned char)r[e] & 0xc0) == 0x80)
			e--;
		memcpy(r + e, "\xe2\x80\xa6", 4); /* max leaves room: strlen(r) > max >= e */
	}
	if (r && !*r) {
		free(r);
		r = NULL;
	}
	return r;
}

static const char *cl(struct ix *x, const char *s, bool lines, size_t max)
{
	char *r = clean_cut(s, lines, max);
	return r ? keep(x, r) : NULL;
}

/* s put in a right-to-left paragraph: each line isolated, so "Art. 9(1),
 * 2024/1358" or a hash keeps its own order (as text.c's iso()). */
static const char *iso(struct ix *x, bool rtl, const char *s)
{
	if (!rtl || !s || !*s)
		return s;
	struct rc_buf b;
	rc_buf_init(&b);
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n) {
			rc_buf_addstr(&b, ISO_OPEN);
			rc_buf_add(&b, s, n);
			rc_buf_addstr(&b, ISO_CLOSE);
		}
		s += n;
		if (*s == '\n') {
			rc_buf_addstr(&b, "\n");
			s++;
		}
	}
	rc_buf_cstr(&b);
	return keep(x, b.data);
}

/* A word of the court's language (English when its file lacks it); an
 * error, noted once, when neither has it. */
static const char *word(struct ix *x, const char *key)
{
	const char *w = lt_word(&x->court, key);
	if (!w && x->has_en)
		w = lt_word(&x->en, key);
	if (!w) {
		if (!x->bad)
			rc_error_set(_("Index template %s/index.txt: no word for %s."), x->court.lang, key);
		x->bad = true;
		return "?";
	}
	return w;
}

/* The applicant's word, or NULL (no applicant's language, or not in it). */
static const char *aword(struct ix *x, const char *key)
{
	return x->has_app ? lt_word(&x->app, key) : NULL;
}

/* A word with its {{values}} filled (vars may be NULL), kept until tmp_free. */
static const char *fill(struct ix *x, const struct lt_lang *t, const char *w, const char *key,
	const struct lt_vars *vars)
{
	if (!w)
		return NULL;
	struct lt_vars none = { .n = 0 };
	struct rc_buf b;
	rc_buf_init(&b);
	char where[96];
	snprintf(where, sizeof where, "%s/index.txt %s", t->lang, key);
	if (!lt_expand(w, vars ? vars : &none, where, &b)) {
		x->bad = true;
		rc_buf_free(&b);
		return "?";
	}
	rc_buf_cstr(&b);
	return keep(x, b.data);
}

static const char *cword(struct ix *x, const char *key, const struct lt_vars *v)
{
	return fill(x, &x->court, word(x, key), key, v);
}

static const char *caword(struct ix *x, const char *key, const struct lt_vars *v)
{
	return x->has_app ? fill(x, &x->app, aword(x, key), key, v) : NULL;
}

/* "1 234 567" (narrow no-break spaces: a grouping no locale misreads) */
static const char *count(struct ix *x, uint64_t n)
{
	char d[32], o[96];
	snprintf(d, sizeof d, "%" PRIu64, n);
	size_t l = strlen(d), j = 0;
	for (size_t i = 0; i < l; i++) {
		if (i > 0 && (l - i) % 3 == 0) {
			memcpy(o + j, "\xe2\x80\xaf", 3);
			j += 3;
		}
		o[j++] = d[i];
	}
	o[j] = '\0';
	return keep(x, rc_xstrdup(o));
}

/* ------------------------------------------------------------------ */
/* Drawing */

#define GREY_SOFT 0.35

static void colour(struct ix *x, double g)
{
	cairo_set_source_rgb(x->d.cr, g, g, g);
}

/* A paragraph flowed over pages: indent on its start side, after points
 * of space under it. */
static void para(struct ix *x, const char *text, const char *lang, bool rtl, double size, bool bold, bool mono,
	double grey, double indent, double after)
{
	if (!text || !*text)
		return;
	PangoLayout *lay = lp_layout(x->d.cr, lang, rtl, size, bold, mono, LP_BODY_W - indent);
	pango_layout_set_text(lay, text, -1);
	colour(x, grey);
	lp_flow(&x->d, lay, LP_MARGIN + (rtl ? 0 : indent), -1);
	colour(x, 0);
	g_object_unref(lay);
	x->d.y += after;
}

static void cpara(struct ix *x, const char *text, double size, bool bold, double after)
{
	para(x, text, x->court.lang, x->rtl, size, bold, false, 0, 0, after);
}

static void apara(struct ix *x, const char *text, double size, double after)
{
	if (text)
		para(x, text, x->app.lang, x->app_rtl, size, false, false, GREY_SOFT, 0, after);
}

/* A word of index.txt as a paragraph in the court's language, then the
 * applicant's, smaller; after points under the pair. */
static void both(struct ix *x, const char *key, double size, double after)
{
	const char *a = aword(x, key);
	cpara(x, word(x, key), size, false, a ? 2 : after);
	apara(x, a, size - 1, after);
}

/* A new page unless need points are left on this one. */
static void room(struct ix *x, double need)
{
	if (x->d.y > 0 && x->d.y + need > LP_BODY_H)
		lp_new_page(&x->d);
}

/* A named destination here (the second pass), for links and bookmarks. */
static void dest_here(struct ix *x, const char *name)
{
	if (x->pass != 2)
		return;
	char attr[96];
	snprintf(attr, sizeof attr, "name='%s' x=0 y=%d", name, (int)(LP_MARGIN + x->d.y));
	cairo_tag_begin(x->d.cr, CAIRO_TAG_DEST, attr);
	cairo_tag_end(x->d.cr, CAIRO_TAG_DEST);
}

static int bookmark(struct ix *x, int parent, const char *title, const char *dest, bool open)
{
	if (x->pass != 2)
		return 0;
	char attr[64];
	snprintf(attr, sizeof attr, "dest='%s'", dest);
	return cairo_pdf_surface_add_outline(x->surf, parent, title, attr, open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
}

/* The next entry of the contents as a heading: its destination, its
 * bookmark, its page noted; the title in the court's language, under it
 * the applicant's, smaller. */
static void heading(struct ix *x)
{
	if (x->toc_next >= x->n_toc)
		abort(); /* a programming error: build_toc and the sections disagree */
	struct toc *t = &x->toc[x->toc_next++];
	if (t->level == 1 && x->d.y > 0)
		lp_new_page(&x->d);
	room(x, 90);
	if (x->pass == 1)
		t->page = x->d.number;
	dest_here(x, t->dest);
	size_t n = strlen(t->num) + strlen(t->title) + 8;
	char *full = rc_xmalloc(n);
	snprintf(full, n, "%s  %s", t->num, t->title);
	int id = bookmark(x, t->level == 1 ? CAIRO_PDF_OUTLINE_ROOT : x->outline_parent, full, t->dest, t->level == 1);
	if (t->level == 1)
		x->outline_parent = id;
	if (x->d.y > 0)
		x->d.y += t->level == 1 ? 6 : 10;
	const char *shown = full;
	if (x->rtl) { /* the number on the right, a Latin title (a request's) in its own order */
		size_t m = strlen(t->num) + strlen(t->title) + 16;
		char *s = keep(x, rc_xmalloc(m));
		snprintf(s, m, "%s  %s", t->num, iso(x, true, t->title));
		shown = s;
	}
	para(x, shown, x->court.lang, x->rtl, t->level == 1 ? 16 : 12.5, true, false, 0, 0, t->title_a ? 1 : 8);
	if (t->title_a)
		para(x, t->title_a, x->app.lang, x->app_rtl, t->level == 1 ? 11 : 9.5, false, false, GREY_SOFT, 0, 8);
	free(full);
}

/* A label and its value side by side (cover, figures, a request's
 * fields): the label in the court's language with the applicant's under
 * it, the value in the rest of the line.  Kept on one page. */
static void field(struct ix *x, const char *key, const char *value, bool mono, double vsize)
{
	double lw = LP_BODY_W * 0.32, vw = LP_BODY_W - lw - 10;
	cairo_t *cr = x->d.cr;
	PangoLayout *l1 = lp_layout(cr, x->court.lang, x->rtl, 9, true, false, lw);
	pango_layout_set_text(l1, word(x, key), -1);
	PangoLayout *l2 = NULL;
	const char *aw = aword(x, key);
	if (aw) {
		l2 = lp_layout(cr, x->app.lang, x->app_rtl, 8, false, false, lw);
		pango_layout_set_alignment(l2, x->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		pango_layout_set_text(l2, aw, -1);
	}
	PangoLayout *v = lp_layout(cr, x->court.lang, x->rtl, vsize, false, mono, vw);
	pango_layout_set_text(v, value ? iso(x, x->rtl, value) : "—", -1);
	int h1, h2 = 0, hv;
	pango_layout_get_pixel_size(l1, NULL, &h1);
	if (l2)
		pango_layout_get_pixel_size(l2, NULL, &h2);
	pango_layout_get_pixel_size(v, NULL, &hv);
	double h = h1 + h2 > hv ? h1 + h2 : hv;
	room(x, h + 4);
	double lx = x->rtl ? LP_MARGIN + LP_BODY_W - lw : LP_MARGIN;
	double vx = x->rtl ? LP_MARGIN : LP_MARGIN + lw + 10;
	double y = LP_MARGIN + x->d.y;
	colour(x, 0.25);
	cairo_move_to(cr, lx, y);
	pango_cairo_show_layout(cr, l1);
	if (l2) {
		colour(x, GREY_SOFT);
		cairo_move_to(cr, lx, y + h1);
		pango_cairo_show_layout(cr, l2);
	}
	colour(x, 0);
	cairo_move_to(cr, vx, y);
	pango_cairo_show_layout(cr, v);
	x->d.y += h + 4;
	g_object_unref(l1);
	if (l2)
		g_object_unref(l2);
	g_object_unref(v);
}

/* A thin rule across the body. */
static void rule(struct ix *x, double grey, double after)
{
	cairo_t *cr = x->d.cr;
	colour(x, grey);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, LP_MARGIN, LP_MARGIN + x->d.y);
	cairo_line_to(cr, LP_MARGIN + LP_BODY_W, LP_MARGIN + x->d.y);
	cairo_stroke(cr);
	colour(x, 0);
	x->d.y += after;
}

static void footer(struct lp_doc *d)
{
	struct ix *x = d->arg;
	cairo_t *cr = d->cr;
	char n[16], t[16];
	snprintf(n, sizeof n, "%d", d->number);
	snprintf(t, sizeof t, "%d", x->total > 0 ? x->total : d->number);
	struct lt_vars v = { .n = 0 };
	lt_vars_set(&v, "n", n);
	lt_vars_set(&v, "total", t);
	char *page;
	{
		struct rc_buf b;
		rc_buf_init(&b);
		char where[64];
		snprintf(where, sizeof where, "%s/index.txt page", x->court.lang);
		if (!lt_expand(word(x, "page"), &v, where, &b))
			x->bad = true;
		page = rc_xstrdup(rc_buf_cstr(&b));
		rc_buf_free(&b);
	}
	double y = LP_PAGE_H - LP_MARGIN / 2 - 10;
	colour(x, 0.6);
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, LP_MARGIN, y - 6);
	cairo_line_to(cr, LP_MARGIN + LP_BODY_W, y - 6);
	cairo_stroke(cr);
	colour(x, GREY_SOFT);
	PangoLayout *pl = lp_layout(cr, x->court.lang, x->rtl, 8, false, false, LP_BODY_W * 0.4);
	pango_layout_set_text(pl, page, -1);
	pango_layout_set_alignment(pl, x->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
	cairo_move_to(cr, x->rtl ? LP_MARGIN : LP_MARGIN + LP_BODY_W * 0.6, y);
	pango_cairo_show_layout(cr, pl);
	g_object_unref(pl);
	if (x->label) {
		PangoLayout *ll = lp_layout(cr, x->court.lang, x->rtl, 8, false, false, LP_BODY_W * 0.58);
		pango_layout_set_text(ll, x->rtl ? iso(x, true, x->label) : x->label, -1);
		pango_layout_set_ellipsize(ll, PANGO_ELLIPSIZE_END);
		cairo_move_to(cr, x->rtl ? LP_MARGIN + LP_BODY_W * 0.42 : LP_MARGIN, y);
		pango_cairo_show_layout(cr, ll);
		g_object_unref(ll);
	}
	colour(x, 0);
	free(page);
}

/* ------------------------------------------------------------------ */
/* Tables: rows that break across pages, the header row repeated (with
 * the table's title and "continued") on every page it goes on to. */

struct col {
	const char *key; /* its name in index.txt */
	double w;        /* share of the body's width */
	bool mono, num;
};

typedef void (*row_fn)(struct ix *x, size_t i, const char *cell[6]);

#define CELL_PAD 3.0

static PangoLayout *cell_layout(struct ix *x, const struct col *c, const char *lang, bool rtl, double size,
	bool bold, const char *text)
{
	double w = c->w * LP_BODY_W - 2 * CELL_PAD;
	PangoLayout *l = lp_layout(x->d.cr, lang, rtl, size, bold, c->mono && !bold, w);
	if (c->num && !rtl) /* figures and their column's name on the right */
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* Column c's left edge (the columns run right to left in a right-to-left
 * language). */
static double col_x(struct ix *x, const struct col *cols, int c)
{
	double off = 0;
	for (int i = 0; i < c; i++)
		off += cols[i].w * LP_BODY_W;
	return x->rtl ? LP_MARGIN + LP_BODY_W - off - cols[c].w * LP_BODY_W : LP_MARGIN + off;
}

static void row_draw(struct ix *x, const struct col *cols, int ncol, PangoLayout **l, PangoLayout **l2, double h,
	double shade)
{
	cairo_t *cr = x->d.cr;
	double y = LP_MARGIN + x->d.y;
	if (shade < 1) {
		colour(x, shade);
		cairo_rectangle(cr, LP_MARGIN, y, LP_BODY_W, h);
		cairo_fill(cr);
	}
	for (int c = 0; c < ncol; c++) {
		double cx = col_x(x, cols, c) + CELL_PAD;
		colour(x, 0);
		cairo_move_to(cr, cx, y + CELL_PAD);
		pango_cairo_show_layout(cr, l[c]);
		if (l2 && l2[c]) {
			int hh;
			pango_layout_get_pixel_size(l[c], NULL, &hh);
			colour(x, GREY_SOFT);
			cairo_move_to(cr, cx, y + CELL_PAD + hh);
			pango_cairo_show_layout(cr, l2[c]);
		}
	}
	colour(x, 0.75);
	cairo_set_line_width(cr, 0.3);
	cairo_move_to(cr, LP_MARGIN, y + h);
	cairo_line_to(cr, LP_MARGIN + LP_BODY_W, y + h);
	cairo_stroke(cr);
	colour(x, 0);
	x->d.y += h;
}

static void header_row(struct ix *x, const struct col *cols, int ncol)
{
	PangoLayout *l[6] = { 0 }, *l2[6] = { 0 };
	double h = 0;
	for (int c = 0; c < ncol; c++) {
		l[c] = cell_layout(x, &cols[c], x->court.lang, x->rtl, 8.5, true, word(x, cols[c].key));
		const char *aw = aword(x, cols[c].key);
		if (aw) { /* on the court's side of the cell, under its name */
			l2[c] = cell_layout(x, &cols[c], x->app.lang, x->app_rtl, 7.5, false, aw);
			if (!cols[c].num || x->rtl)
				pango_layout_set_alignment(l2[c], x->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		}
		int a, b = 0;
		pango_layout_get_pixel_size(l[c], NULL, &a);
		if (l2[c])
			pango_layout_get_pixel_size(l2[c], NULL, &b);
		if (a + b + 2 * CELL_PAD > h)
			h = a + b + 2 * CELL_PAD;
	}
	row_draw(x, cols, ncol, l, l2, h, 0.88);
	for (int c = 0; c < ncol; c++) {
		g_object_unref(l[c]);
		if (l2[c])
			g_object_unref(l2[c]);
	}
}

static void table(struct ix *x, const char *title_key, const struct col *cols, int ncol, size_t n, row_fn get)
{
	room(x, 60);
	header_row(x, cols, ncol);
	for (size_t i = 0; i < n; i++) {
		const char *cell[6] = { 0 };
		get(x, i, cell);
		PangoLayout *l[6] = { 0 };
		double h = 0;
		for (int c = 0; c < ncol; c++) {
			const char *t = cl(x, cell[c], false, CELL_MAX);
			l[c] = cell_layout(x, &cols[c], x->court.lang, x->rtl, 8.5, false,
				t ? iso(x, x->rtl, t) : "—");
			int a;
			pango_layout_get_pixel_size(l[c], NULL, &a);
			if (a + 2 * CELL_PAD > h)
				h = a + 2 * CELL_PAD;
		}
		if (x->d.y + h > LP_BODY_H) {
			lp_new_page(&x->d);
			const char *t[2] = { word(x, title_key), word(x, "continued") };
			char *s = rc_xmalloc(strlen(t[0]) + strlen(t[1]) + 8);
			sprintf(s, "%s (%s)", t[0], t[1]);
			para(x, keep(x, s), x->court.lang, x->rtl, 9, true, false, GREY_SOFT, 0, 4);
			header_row(x, cols, ncol);
		}
		row_draw(x, cols, ncol, l, NULL, h, i % 2 ? 0.96 : 1);
		for (int c = 0; c < ncol; c++)
			g_object_unref(l[c]);
		tmp_free(x);
	}
	x->d.y += 12;
}

static void row_authority(struct ix *x, size_t i, const char *cell[6])
{
	memcpy(cell, x->in->by_authority[i].cell, 4 * sizeof *cell);
}

static void row_purpose(struct ix *x, size_t i, const char *cell[6])
{
	memcpy(cell, x->in->by_purpose[i].cell, 3 * sizeof *cell);
}

static void row_export(struct ix *x, size_t i, const char *cell[6])
{
	memcpy(cell, x->in->exports[i].cell, 5 * sizeof *cell);
}

static void row_file(struct ix *x, size_t i, const char *cell[6])
{
	const struct rc_index_file *f = &x->in->files[i];
	cell[0] = f->path;
	cell[1] = f->what;
	cell[2] = count(x, f->size);
	cell[3] = f->sha256;
}

/* ------------------------------------------------------------------ */
/* The pages */

static void cover(struct ix *x)
{
	const struct rc_index *in = x->in;
	lp_new_page(&x->d);
	x->d.y = x->has_app ? 0 : 30;
	cpara(x, word(x, "title"), 24, true, 4);
	apara(x, aword(x, "title"), 15, 4);
	both(x, "subtitle", 11, 0);
	x->d.y += x->has_app ? 12 : 24;
	rule(x, 0.5, 14);
	field(x, "cover.case", x->label, false, 12);
	field(x, "cover.court", cl(x, in->court, true, PARA_MAX / 8), false, 10.5);
	field(x, "cover.date", cl(x, in->date, false, 32), false, 10.5);
	field(x, "cover.prepared_by", cl(x, in->prepared_by, true, PARA_MAX / 8), false, 10.5);
	const char *period = cl(x, in->period, false, CELL_MAX);
	field(x, "cover.period", period ? period : word(x, "cover.period.all"), false, 10.5);
	const char *fp = cl(x, in->signer_fp, false, CELL_MAX);
	field(x, "cover.signer", fp ? fp : word(x, "cover.unsigned"), fp != NULL, 9);
	if (fp)
		field(x, "cover.subject", cl(x, in->signer_subject, false, CELL_MAX), false, 10);
	const char *jh = cl(x, in->journal_head, false, CELL_MAX);
	field(x, "cover.journal", jh ? jh : word(x, "cover.journal.none"), jh != NULL, 9);
	x->d.y += 4;
	rule(x, 0.5, 10);
	struct lt_vars v = { .n = 0 };
	lt_vars_set(&v, "fingerprint", fp ? iso(x, x->rtl, fp) : NULL);
	/* in the court's language only: the cover stays one page (the
	 * applicant's words for it are under "How to verify") */
	cpara(x, cword(x, fp ? "cover.fingerprint" : "cover.not_signed", &v), 9.5, false, 4);
	tmp_free(x);
}

/* The contents: a line an entry, linked to its page; the page column
 * has a fixed width so the first pass (pages not yet known) breaks alike. */
static void contents(struct ix *x)
{
	lp_new_page(&x->d);
	cpara(x, word(x, "toc"), 16, true, 1);
	apara(x, aword(x, "toc"), 11, 8);
	x->d.y += 6;
	cairo_t *cr = x->d.cr;
	double pw = 36;
	for (size_t i = 0; i < x->n_toc; i++) {
		const struct toc *t = &x->toc[i];
		double indent = t->level == 1 ? 0 : 22;
		double tw = LP_BODY_W - pw - indent - 8;
		size_t n = strlen(t->num) + strlen(t->title) + 8;
		char *s = keep(x, rc_xmalloc(n));
		snprintf(s, n, "%s  %s", t->num, t->title);
		PangoLayout *l = lp_layout(cr, x->court.lang, x->rtl, t->level == 1 ? 11 : 10, t->level == 1, false, tw);
		if (x->rtl) {
			n = strlen(t->num) + strlen(t->title) + 16;
			s = keep(x, rc_xmalloc(n));
			snprintf(s, n, "%s  %s", t->num, iso(x, true, t->title));
		}
		pango_layout_set_text(l, s, -1);
		PangoLayout *la = NULL;
		if (t->title_a) {
			la = lp_layout(cr, x->app.lang, x->app_rtl, 8.5, false, false, tw);
			pango_layout_set_text(la, t->title_a, -1);
		}
		char num[16];
		snprintf(num, sizeof num, "%d", x->pass == 2 ? t->page : 0);
		PangoLayout *lp = lp_layout(cr, "en", false, t->level == 1 ? 11 : 10, t->level == 1, false, pw);
		pango_layout_set_alignment(lp, x->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
		pango_layout_set_text(lp, num, -1);
		int h1, h2 = 0;
		pango_layout_get_pixel_size(l, NULL, &h1);
		if (la)
			pango_layout_get_pixel_size(la, NULL, &h2);
		double h = h1 + h2 + (t->level == 1 ? 7 : 4);
		if (t->level == 1 && i > 0)
			x->d.y += 4;
		room(x, h);
		double y = LP_MARGIN + x->d.y;
		double tx = x->rtl ? LP_MARGIN + pw + 8 : LP_MARGIN + indent;
		double px = x->rtl ? LP_MARGIN : LP_MARGIN + LP_BODY_W - pw;
		if (x->pass == 2) {
			char attr[128];
			snprintf(attr, sizeof attr, "dest='%s' rect=[%d %d %d %d]", t->dest, (int)LP_MARGIN, (int)y,
				(int)LP_BODY_W, (int)(h1 + h2));
			cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
		}
		cairo_move_to(cr, tx, y);
		pango_cairo_show_layout(cr, l);
		if (la) {
			colour(x, GREY_SOFT);
			cairo_move_to(cr, tx, y + h1);
			pango_cairo_show_layout(cr, la);
			colour(x, 0);
		}
		cairo_move_to(cr, px, y);
		pango_cairo_show_layout(cr, lp);
		if (x->pass == 2)
			cairo_tag_end(cr, CAIRO_TAG_LINK);
		x->d.y += h;
		g_object_unref(l);
		if (la)
			g_object_unref(la);
		g_object_unref(lp);
		tmp_free(x);
	}
}

static void summary(struct ix *x)
{
	const struct rc_index *in = x->in;
	heading(x);
	heading(x); /* 1.1 figures */
	field(x, "s1.events", count(x, in->n_events), false, 11);
	field(x, "s1.flagged", count(x, in->n_flagged), false, 11);
	const char *first = cl(x, in->first, false, 64), *last = cl(x, in->last, false, 64);
	field(x, "s1.first", first ? first : word(x, "s1.none"), false, 11);
	field(x, "s1.last", last ? last : word(x, "s1.none"), false, 11);
	x->d.y += 6;
	both(x, "s1.full", 9.5, 8);
	tmp_free(x);

	static const struct col by_auth[] = {
		{ "col.authority", 0.52, false, false },
		{ "col.country", 0.16, false, false },
		{ "col.accesses", 0.16, false, true },
		{ "col.flagged", 0.16, false, true },
	};
	heading(x); /* 1.2 */
	table(x, "s1.by_authority", by_auth, 4, in->n_by_authority, row_authority);
	static const struct col by_purp[] = {
		{ "col.purpose", 0.60, false, false },
		{ "col.accesses", 0.20, false, true },
		{ "col.flagged", 0.20, false, true },
	};
	heading(x); /* 1.3 */
	table(x, "s1.by_purpose", by_purp, 3, in->n_by_purpose, row_purpose);
}

/* "Label: value" lines of the accesses' record, in lang's words. */
static const char *record_lines(struct ix *x, const struct rc_index_flagged *f)
{
	static const char *const keys[] = { "s2.authority", "s2.role", "s2.country", "s2.purpose", "s2.legal_basis" };
	const char *vals[] = { f->authority, f->role, f->country, f->purpose, f->legal_basis };
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; i < 5; i++) {
		const char *v = cl(x, vals[i], false, CELL_MAX);
		if (!v)
			continue;
		if (b.len)
			rc_buf_addstr(&b, "\n");
		rc_buf_printf(&b, "%s: %s", word(x, keys[i]), iso(x, x->rtl, v));
	}
	if (!b.len) {
		rc_buf_free(&b);
		return NULL;
	}
	rc_buf_cstr(&b);
	return keep(x, b.data);
}

static const char *label_value(struct ix *x, const char *label, const char *value, bool rtl)
{
	if (!value)
		return NULL;
	size_t n = strlen(label) + strlen(value) + 16;
	char *s = keep(x, rc_xmalloc(n));
	snprintf(s, n, "%s: %s", label, iso(x, rtl, value));
	return s;
}

static void flagged_one(struct ix *x, size_t i, const struct rc_index_flagged *f)
{
	room(x, 110);
	char dest[24];
	snprintf(dest, sizeof dest, "f%zu", i + 1);
	dest_here(x, dest);
	const char *ref = cl(x, f->event_ref, false, 64), *when = cl(x, f->when, false, 64);
	struct lt_vars v = { .n = 0 };
	lt_vars_set(&v, "ref", ref ? iso(x, x->rtl, ref) : "?");
	lt_vars_set(&v, "when", when ? iso(x, x->rtl, when) : "?");
	const char *title = cword(x, "s2.entry", &v);
	if (x->pass == 2) {
		struct lt_vars vb = { .n = 0 };
		lt_vars_set(&vb, "ref", ref ? ref : "?");
		lt_vars_set(&vb, "when", when ? when : "?");
		bookmark(x, x->outline_parent, cword(x, "s2.entry", &vb), dest, false);
	}
	cpara(x, title, 11, true, 3);
	para(x, record_lines(x, f), x->court.lang, x->rtl, 9.5, false, false, 0.15, 0, 4);
	const char *flag = cl(x, f->flag, false, CELL_MAX);
	cpara(x, label_value(x, word(x, "s2.flag"), flag ? flag : "—", x->rtl), 10, true, 2);
	const char *ex = cl(x, f->explanation, true, PARA_MAX);
	if (ex) {
		cpara(x, word(x, "s2.explanation"), 9, true, 1);
		cpara(x, ex, 10, false, 3);
	}
	cpara(x, label_value(x, word(x, "s2.rule"), cl(x, f->rule, false, CELL_MAX), x->rtl), 9.5, false, 3);
	if (f->uncertain) {
		/* shown in red, bold, marked [!] (a meaning never in colour alone),
		 * with a bar on its start side */
		int page = x->d.number;
		double y0 = x->d.y;
		const char *u = word(x, "s2.uncertain");
		size_t n = strlen(u) + 8;
		char *s = keep(x, rc_xmalloc(n));
		snprintf(s, n, "[!] %s", u);
		cairo_set_source_rgb(x->d.cr, 0.65, 0, 0);
		PangoLayout *l = lp_layout(x->d.cr, x->court.lang, x->rtl, 10, true, false, LP_BODY_W - 10);
		pango_layout_set_text(l, s, -1);
		lp_flow(&x->d, l, LP_MARGIN + (x->rtl ? 0 : 10), -1);
		g_object_unref(l);
		if (page == x->d.number) {
			double bx = x->rtl ? LP_MARGIN + LP_BODY_W - 3 : LP_MARGIN;
			cairo_rectangle(x->d.cr, bx, LP_MARGIN + y0, 3, x->d.y - y0);
			cairo_fill(x->d.cr);
		}
		colour(x, 0);
		x->d.y += 3;
	}
	/* the applicant's language: the flag and why, indented, in grey */
	const char *fa = x->has_app ? cl(x, f->flag_applicant, false, CELL_MAX) : NULL;
	const char *ea = x->has_app ? cl(x, f->explanation_applicant, true, PARA_MAX) : NULL;
	if (fa || ea) {
		x->d.y += 2;
		const char *fl = aword(x, "s2.flag");
		if (fa)
			para(x, label_value(x, fl ? fl : "", fa, x->app_rtl), x->app.lang, x->app_rtl, 9.5, true, false,
				0.2, 18, 1);
		if (ea)
			para(x, ea, x->app.lang, x->app_rtl, 9.5, false, false, 0.2, 18, 2);
		const char *ua = f->uncertain ? aword(x, "s2.uncertain") : NULL;
		if (ua) {
			size_t n = strlen(ua) + 8;
			char *s = keep(x, rc_xmalloc(n));
			snprintf(s, n, "[!] %s", ua);
			cairo_set_source_rgb(x->d.cr, 0.65, 0, 0);
			PangoLayout *l = lp_layout(x->d.cr, x->app.lang, x->app_rtl, 9.5, true, false, LP_BODY_W - 18);
			pango_layout_set_text(l, s, -1);
			lp_flow(&x->d, l, LP_MARGIN + (x->app_rtl ? 0 : 18), -1);
			g_object_unref(l);
			colour(x, 0);
			x->d.y += 2;
		}
	}
	x->d.y += 6;
	if (x->d.y < LP_BODY_H)
		rule(x, 0.7, 10);
	tmp_free(x);
}

static void flagged(struct ix *x)
{
	const struct rc_index *in = x->in;
	heading(x);
	if (in->n_flagged_shown == 0 && in->n_flagged == 0) {
		cpara(x, word(x, "s2.none"), 10.5, false, 2);
		apara(x, aword(x, "s2.none"), 9.5, 6);
	}
	for (size_t i = 0; i < in->n_flagged_shown; i++)
		flagged_one(x, i, &in->flagged[i]);
	if (in->n_flagged > in->n_flagged_shown) {
		uint64_t more = in->n_flagged - in->n_flagged_shown;
		char key[32], n[24];
		snprintf(n, sizeof n, "%" PRIu64, more);
		struct lt_vars v = { .n = 0 };
		lt_vars_set(&v, "n", n);
		snprintf(key, sizeof key, "s2.more.%s", lt_plural_cat(x->court.lang, more));
		if (!lt_word(&x->court, key))
			snprintf(key, sizeof key, "s2.more.other");
		room(x, 40);
		cpara(x, cword(x, key, &v), 10.5, true, 2);
		if (x->has_app) {
			snprintf(key, sizeof key, "s2.more.%s", lt_plural_cat(x->app.lang, more));
			if (!lt_word(&x->app, key))
				snprintf(key, sizeof key, "s2.more.other");
			apara(x, caword(x, key, &v), 9.5, 6);
		}
		tmp_free(x);
	}
}

static void requests(struct ix *x)
{
	const struct rc_index *in = x->in;
	heading(x);
	if (in->n_requests == 0) {
		cpara(x, word(x, "s3.none"), 10.5, false, 2);
		apara(x, aword(x, "s3.none"), 9.5, 6);
	}
	for (size_t i = 0; i < in->n_requests; i++) {
		const struct rc_index_request *r = &in->requests[i];
		heading(x);
		field(x, "s3.state", cl(x, r->state, false, CELL_MAX), false, 10.5);
		const char *due = cl(x, r->due, false, 32), *dr = cl(x, r->due_rule, false, CELL_MAX);
		const char *d = due;
		if (due && dr) {
			size_t n = strlen(due) + strlen(dr) + 8;
			char *s = keep(x, rc_xmalloc(n));
			snprintf(s, n, "%s (%s)", due, dr);
			d = s;
		}
		field(x, "s3.due", d, false, 10.5);
		const char *tl = cl(x, r->timeline, true, PARA_MAX);
		if (tl) {
			x->d.y += 4;
			cpara(x, word(x, "s3.timeline"), 9, true, 1);
			apara(x, aword(x, "s3.timeline"), 8, 1);
			para(x, iso(x, x->rtl, tl), x->court.lang, x->rtl, 9.5, false, false, 0, 0, 4);
		}
		const char *fl = cl(x, r->files, true, PARA_MAX);
		if (fl) {
			cpara(x, word(x, "s3.files"), 9, true, 1);
			apara(x, aword(x, "s3.files"), 8, 1);
			para(x, iso(x, x->rtl, fl), x->court.lang, x->rtl, 8.5, false, true, 0, 0, 4);
		}
		x->d.y += 8;
		tmp_free(x);
	}
}

static void exports(struct ix *x)
{
	heading(x);
	if (x->in->n_exports == 0) {
		cpara(x, word(x, "s4.none"), 10.5, false, 2);
		apara(x, aword(x, "s4.none"), 9.5, 6);
		return;
	}
	static const struct col cols[] = {
		{ "col.registry", 0.22, false, false },
		{ "col.downloaded", 0.15, false, false },
		{ "col.sha256", 0.25, true, false },
		{ "col.signer", 0.25, true, false },
		{ "col.verified", 0.13, false, false },
	};
	table(x, "s4", cols, 5, x->in->n_exports, row_export);
}

static void files(struct ix *x)
{
	heading(x);
	both(x, "s5.intro", 9.5, 8);
	if (x->in->n_files == 0) {
		cpara(x, word(x, "s5.none"), 10.5, false, 2);
		return;
	}
	static const struct col cols[] = {
		{ "col.path", 0.30, true, false },
		{ "col.what", 0.25, false, false },
		{ "col.size", 0.13, false, true },
		{ "col.sha256", 0.32, true, false },
	};
	table(x, "s5", cols, 4, x->in->n_files, row_file);
}

static void command(struct ix *x, const char *cmd)
{
	room(x, 40);
	double y0 = x->d.y;
	int page = x->d.number;
	/* laid out first to know its height: a grey box behind it */
	PangoLayout *l = lp_layout(x->d.cr, "en", false, 8.5, false, true, LP_BODY_W - 16);
	pango_layout_set_text(l, cmd, -1);
	/* lines broken only between its words, never at a word's "-" or "/"
	 * (a reader would type "-\nprint_certs" apart) */
	PangoAttrList *al = pango_layout_get_attributes(l);
	for (const char *p = cmd; *p;) {
		size_t w = strcspn(p, " ");
		if (w) {
			PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
			a->start_index = (guint)(p - cmd);
			a->end_index = (guint)(p - cmd + w);
			pango_attr_list_insert(al, a);
		}
		p += w;
		p += strspn(p, " ");
	}
	pango_layout_set_attributes(l, al);
	int h;
	pango_layout_get_pixel_size(l, NULL, &h);
	if (page == x->d.number) {
		colour(x, 0.93);
		cairo_rectangle(x->d.cr, LP_MARGIN, LP_MARGIN + y0, LP_BODY_W, h + 10);
		cairo_fill(x->d.cr);
	}
	colour(x, 0);
	x->d.y += 5;
	lp_flow(&x->d, l, LP_MARGIN + 8, -1);
	g_object_unref(l);
	x->d.y += 13;
}

static void verify(struct ix *x)
{
	heading(x);
	const char *fp = cl(x, x->in->signer_fp, false, CELL_MAX);
	both(x, "s6.intro", 10, 8);
	if (x->has_app) { /* the cover's sentence on the signature, for the applicant */
		struct lt_vars va = { .n = 0 };
		lt_vars_set(&va, "fingerprint", fp ? iso(x, x->app_rtl, fp) : NULL);
		apara(x, caword(x, fp ? "cover.fingerprint" : "cover.not_signed", &va), 9, 8);
	}
	both(x, "s6.manifest", 10, 4);
	command(x, "sha256sum -c manifest-sha256.txt");
	both(x, "s6.tagmanifest", 9.5, 8);
	if (!fp) {
		cpara(x, word(x, "s6.signature.none"), 10, false, 2);
		apara(x, aword(x, "s6.signature.none"), 9, 8);
		tmp_free(x);
		return;
	}
	both(x, "s6.signature", 10, 4);
	command(x, "openssl cms -verify -binary -inform DER -in signature/tagmanifest-sha256.txt.p7s "
		"-content tagmanifest-sha256.txt -noverify");
	struct lt_vars v = { .n = 0 };
	lt_vars_set(&v, "fingerprint", iso(x, x->rtl, fp));
	cpara(x, cword(x, "s6.fingerprint", &v), 10, false, 2);
	if (x->has_app) {
		struct lt_vars va = { .n = 0 };
		lt_vars_set(&va, "fingerprint", iso(x, x->app_rtl, fp));
		apara(x, caword(x, "s6.fingerprint", &va), 9, 4);
	}
	command(x, "openssl pkcs7 -inform DER -in signature/tagmanifest-sha256.txt.p7s -print_certs "
		"| openssl x509 -noout -fingerprint -sha256");
	tmp_free(x);
}

/* ------------------------------------------------------------------ */
/* The whole */

static void toc_add(struct ix *x, size_t *cap, int level, const char *num, const char *title, const char *title_a)
{
	if (x->n_toc == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		x->toc = rc_xrealloc(x->toc, *cap * sizeof *x->toc);
	}
	struct toc *t = &x->toc[x->n_toc];
	memset(t, 0, sizeof *t);
	t->level = level;
	snprintf(t->num, sizeof t->num, "%s", num);
	t->title = rc_xstrdup(title);
	t->title_a = title_a ? rc_xstrdup(title_a) : NULL;
	snprintf(t->dest, sizeof t->dest, "s%zu", x->n_toc + 1);
	x->n_toc++;
}

/* The entries of the contents, known before any page is laid out (so the
 * contents take the same room in both passes). */
static void build_toc(struct ix *x)
{
	size_t cap = 0;
	static const char *const sub1[] = { "s1.counts", "s1.by_authority", "s1.by_purpose" };
	toc_add(x, &cap, 1, "1", word(x, "s1"), aword(x, "s1"));
	for (size_t i = 0; i < 3; i++) {
		char num[16];
		snprintf(num, sizeof num, "1.%zu", i + 1);
		toc_add(x, &cap, 2, num, word(x, sub1[i]), aword(x, sub1[i]));
	}
	toc_add(x, &cap, 1, "2", word(x, "s2"), aword(x, "s2"));
	toc_add(x, &cap, 1, "3", word(x, "s3"), aword(x, "s3"));
	for (size_t i = 0; i < x->in->n_requests; i++) {
		char num[32];
		snprintf(num, sizeof num, "3.%zu", i + 1);
		char *t = clean_cut(x->in->requests[i].title, false, 300);
		toc_add(x, &cap, 2, num, t ? t : "—", NULL);
		free(t);
	}
	toc_add(x, &cap, 1, "4", word(x, "s4"), aword(x, "s4"));
	toc_add(x, &cap, 1, "5", word(x, "s5"), aword(x, "s5"));
	toc_add(x, &cap, 1, "6", word(x, "s6"), aword(x, "s6"));
}

/* One pass: pass 1 writes nowhere and notes the pages, pass 2 into buf. */
static enum rc_status render(struct ix *x, int pass, struct rc_buf *buf)
{
	x->pass = pass;
	x->toc_next = 0;
	x->outline_parent = CAIRO_PDF_OUTLINE_ROOT;
	struct lp_sink s = { .fd = -1, .buf = buf };
	x->surf = cairo_pdf_surface_create_for_stream(lp_sink_write, &s, LP_PAGE_W, LP_PAGE_H);
	cairo_pdf_surface_restrict_to_version(x->surf, CAIRO_PDF_VERSION_1_5);
	if (pass == 2) {
		const char *t = word(x, "title");
		size_t n = strlen(t) + strlen(x->label) + 8;
		char *title = rc_xmalloc(n);
		snprintf(title, n, "%s: %s", t, x->label);
		cairo_pdf_surface_set_metadata(x->surf, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(x->surf, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
		free(title);
	}
	cairo_t *cr = cairo_create(x->surf);
	x->d = (struct lp_doc){ .cr = cr, .footer = footer, .arg = x };
	cover(x);
	contents(x);
	summary(x);
	flagged(x);
	requests(x);
	exports(x);
	files(x);
	verify(x);
	lp_end(&x->d);
	if (pass == 1)
		x->total = x->d.number;
	tmp_free(x);
	cairo_destroy(cr);
	cairo_surface_finish(x->surf);
	cairo_status_t cs = cairo_surface_status(x->surf);
	cairo_surface_destroy(x->surf);
	x->surf = NULL;
	if (cs != CAIRO_STATUS_SUCCESS) {
		rc_error_set(_("The bundle's index could not be made into a PDF: %s."), cairo_status_to_string(cs));
		return RC_ERR;
	}
	return x->bad ? RC_INVALID : RC_OK;
}

static bool ymd_ok(const char *s)
{
	struct rc_ymd d;
	return s && rc_ymd_parse(s, &d);
}

/* What the caller must give; false with rc_error_set. */
static bool valid(const struct rc_index *in)
{
	if (!in || !in->data_dir || !in->court_lang || !in->case_label || !*in->case_label || !in->date) {
		rc_error_set(_("The bundle's index needs the data folder, the court's language, the case label and "
			"the date."));
		return false;
	}
	char l[LT_LANG_MAX];
	if (!lt_lang_norm(in->court_lang, l) ||
	    (in->applicant_lang && *in->applicant_lang && !lt_lang_norm(in->applicant_lang, l))) {
		rc_error_set(_("\"%s\" is not a language code."), lt_lang_norm(in->court_lang, l) ? in->applicant_lang
			: in->court_lang);
		return false;
	}
	if (!ymd_ok(in->date)) {
		rc_error_set(_("The bundle's index needs its date written YYYY-MM-DD."));
		return false;
	}
	if ((in->n_by_authority && !in->by_authority) || (in->n_by_purpose && !in->by_purpose) ||
	    (in->n_flagged_shown && !in->flagged) || (in->n_requests && !in->requests) ||
	    (in->n_exports && !in->exports) || (in->n_files && !in->files)) {
		rc_error_set(_("The bundle's index was given a count of rows without the rows."));
		return false;
	}
	for (size_t i = 0; i < in->n_files; i++)
		if (!in->files[i].path || !in->files[i].sha256) {
			rc_error_set(_("A file of the bundle's index has no name or no checksum."));
			return false;
		}
	for (size_t i = 0; i < in->n_requests; i++)
		if (!in->requests[i].title || (in->requests[i].due && *in->requests[i].due &&
		    !ymd_ok(in->requests[i].due))) {
			rc_error_set(_("A request of the bundle's index has no title, or a due date not written YYYY-MM-DD."));
			return false;
		}
	return true;
}

static enum rc_status load_words(struct ix *x)
{
	const struct rc_index *in = x->in;
	char court[LT_LANG_MAX], app[LT_LANG_MAX];
	lt_lang_norm(in->court_lang, court);
	enum rc_status st = lt_words_load(in->data_dir, "en", "index.txt", &x->en);
	if (st == RC_NOTFOUND)
		return RC_NODATA;
	if (st != RC_OK)
		return st;
	x->has_en = true;
	st = strcmp(court, "en") ? lt_words_load(in->data_dir, court, "index.txt", &x->court) : RC_NOTFOUND;
	if (st == RC_NOTFOUND) /* English: the court's language has no index.txt */
		st = lt_words_load(in->data_dir, "en", "index.txt", &x->court);
	if (st != RC_OK)
		return st;
	x->rtl = lt_lang_rtl(x->court.lang);
	if (in->applicant_lang && *in->applicant_lang && lt_lang_norm(in->applicant_lang, app) &&
	    strcmp(app, x->court.lang) != 0) {
		st = lt_words_load(in->data_dir, app, "index.txt", &x->app);
		if (st == RC_OK) {
			x->has_app = true;
			x->app_rtl = lt_lang_rtl(x->app.lang);
		} else if (st != RC_NOTFOUND) {
			return st;
		}
		/* no index.txt in the applicant's language: one language only */
	}
	return RC_OK;
}

enum rc_status rc_index_pdf(const struct rc_index *in, unsigned char **out, size_t *len)
{
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!out || !len || !valid(in))
		return RC_INVALID;
	struct ix x = { .in = in };
	enum rc_status st = load_words(&x);
	if (st == RC_OK) {
		x.label = clean_cut(in->case_label, false, CELL_MAX);
		if (!x.label) {
			rc_error_set(_("The bundle's index needs the data folder, the court's language, the case label "
				"and the date."));
			st = RC_INVALID;
		}
	}
	struct rc_buf buf;
	rc_buf_init(&buf);
	if (st == RC_OK) {
		build_toc(&x);
		st = x.bad ? RC_INVALID : render(&x, 1, NULL);
	}
	if (st == RC_OK)
		st = render(&x, 2, &buf);
	if (st == RC_OK) {
		*out = (unsigned char *)buf.data;
		*len = buf.len;
	} else {
		rc_buf_free(&buf);
	}
	for (size_t i = 0; i < x.n_toc; i++) {
		free(x.toc[i].title);
		free(x.toc[i].title_a);
	}
	free(x.toc);
	tmp_free(&x);
	free(x.tmp);
	free(x.label);
	lt_lang_free(&x.court);
	lt_lang_free(&x.en);
	lt_lang_free(&x.app);
	return st;
}
