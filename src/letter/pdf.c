/* pdf.c - the letter as a PDF (rc_letter_pdf): Pango lays out and shapes
 * the text (Arabic script joined and right to left, Ethiopic), Cairo
 * writes A4 pages with the fonts embedded, straight to the caller's file
 * descriptor (no temp file).  The only file that calls Pango and Cairo. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "letter-int.h"

/* A4 in points, margins of 25 mm. */
#define PAGE_W 595.2756
#define PAGE_H 841.8898
#define MARGIN 70.8661
#define BODY_W (PAGE_W - 2 * MARGIN)
#define BODY_H (PAGE_H - 2 * MARGIN)

/* The families, in the order Pango tries them for each character: Latin,
 * Cyrillic and Greek from Noto Sans, Arabic script from Noto Naskh Arabic,
 * Ethiopic from Noto Sans Ethiopic (Debian: fonts-noto-core). */
#define FONTS "Noto Sans, Noto Naskh Arabic, Noto Sans Ethiopic"
#define FONTS_ARABIC "Noto Naskh Arabic, Noto Sans, Noto Sans Ethiopic"

struct sink {
	int fd;
	bool failed;
	int err;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct sink *s = closure;
	while (length > 0) {
		ssize_t n = write(s->fd, data, length);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->failed = true;
			s->err = n < 0 ? errno : EIO;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		data += n;
		length -= (unsigned int)n;
	}
	return CAIRO_STATUS_SUCCESS;
}

struct page {
	cairo_t *cr;
	int number;
	double y; /* used height of the current page's body */
};

static void footer(struct page *pg)
{
	char num[16];
	snprintf(num, sizeof num, "%d", pg->number);
	PangoLayout *lay = pango_cairo_create_layout(pg->cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONTS " 8");
	pango_layout_set_font_description(lay, fd);
	pango_layout_set_text(lay, num, -1);
	int w, h;
	pango_layout_get_pixel_size(lay, &w, &h);
	cairo_move_to(pg->cr, (PAGE_W - w) / 2, PAGE_H - MARGIN / 2 - h);
	pango_cairo_show_layout(pg->cr, lay);
	pango_font_description_free(fd);
	g_object_unref(lay);
}

static void new_page(struct page *pg)
{
	if (pg->number > 0) {
		footer(pg);
		cairo_show_page(pg->cr);
	}
	pg->number++;
	pg->y = 0;
}

/* Lay text out over as many pages as it takes, line by line, from the
 * current position.  rtl: every paragraph right to left (aligned right),
 * whatever script it starts with (an address in Latin letters inside an
 * Arabic letter stays on the right). */
static void flow(struct page *pg, const char *text, const char *lang, double size, bool bold, double grey)
{
	bool rtl = lt_lang_rtl(lang);
	PangoLayout *lay = pango_cairo_create_layout(pg->cr);
	PangoContext *ctx = pango_layout_get_context(lay);
	PangoLanguage *pl = pango_language_from_string(lang);
	pango_context_set_language(ctx, pl);
	pango_context_set_base_dir(ctx, rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
	pango_layout_context_changed(lay);
	pango_layout_set_auto_dir(lay, FALSE);
	char font[160];
	snprintf(font, sizeof font, "%s %s%.1f", strcmp(lang, "ar") == 0 || strcmp(lang, "fa") == 0 ||
		strcmp(lang, "ps") == 0 ? FONTS_ARABIC : FONTS, bold ? "Bold " : "", size);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(lay, fd);
	pango_layout_set_width(lay, (int)(BODY_W * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(lay, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_spacing(lay, (int)(size * 0.25 * PANGO_SCALE));
	pango_layout_set_text(lay, text, -1);

	cairo_set_source_rgb(pg->cr, grey, grey, grey);
	/* The closing and the signature stay together: the paragraph before
	 * the last signature line ("Yours faithfully," then the line to sign
	 * on and the name) starts a new page rather than leave the signature
	 * alone on one. */
	int tail = -1;
	const char *sig = NULL;
	for (const char *q = strstr(text, "\n\n____"); q; q = strstr(q + 1, "\n\n____"))
		sig = q;
	if (sig) {
		const char *b = sig;
		while (b > text && b[-1] != '\n')
			b--;
		tail = (int)(b - text);
	}
	int lay_h_px;
	pango_layout_get_pixel_size(lay, NULL, &lay_h_px);
	PangoLayoutIter *it = pango_layout_get_iter(lay);
	double top = -1; /* the layout's y where this page's part starts */
	bool tail_seen = false;
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double ly = (double)logical.y / PANGO_SCALE, lh = (double)logical.height / PANGO_SCALE;
		if (top < 0)
			top = ly - pg->y;
		PangoLayoutLine *first = pango_layout_iter_get_line_readonly(it);
		if (tail >= 0 && !tail_seen && first->start_index >= tail) {
			tail_seen = true;
			double need = (double)lay_h_px - ly;
			if (ly - top + need > BODY_H && need < BODY_H && ly - top > 0) {
				new_page(pg);
				top = ly;
			}
		}
		if (ly + lh - top > BODY_H && pg->y > 0) {
			new_page(pg);
			top = ly;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		cairo_move_to(pg->cr, MARGIN + (double)logical.x / PANGO_SCALE, MARGIN + base - top);
		pango_cairo_show_layout_line(pg->cr, line);
		pg->y = ly + lh - top;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	cairo_set_source_rgb(pg->cr, 0, 0, 0);
	pango_font_description_free(fd);
	g_object_unref(lay);
	pg->y += size; /* a paragraph's space after */
}

enum rc_status rc_letter_pdf(const struct rc_letter *l, int fd)
{
	struct lt_letter o;
	enum rc_status st = lt_render(l, true, &o);
	if (st != RC_OK)
		return st;
	struct sink s = { .fd = fd };
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(sink_write, &s, PAGE_W, PAGE_H);
	cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
	cairo_t *cr = cairo_create(surf);
	struct page pg = { .cr = cr };
	for (size_t i = 0; i < o.n; i++) {
		const struct lt_part *p = &o.part[i];
		new_page(&pg);
		if (p->header)
			flow(&pg, p->header, p->lang, 10, true, 0.25);
		if (p->body)
			flow(&pg, p->body, p->lang, 10.5, false, 0);
		if (p->notes) {
			if (p->body)
				new_page(&pg);
			flow(&pg, p->notes, p->lang, 10, false, 0);
		}
	}
	footer(&pg);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	cairo_status_t cs = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	lt_letter_free(&o);
	if (s.failed) {
		rc_error_set(_("The letter could not be written: %s."), strerror(s.err));
		return rc_status_from_errno(s.err);
	}
	if (cs != CAIRO_STATUS_SUCCESS) {
		rc_error_set(_("The letter could not be made into a PDF: %s."), cairo_status_to_string(cs));
		return RC_ERR;
	}
	return RC_OK;
}
