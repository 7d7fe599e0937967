/* pdf.c - the letter as a PDF (rc_letter_pdf): Pango lays out and shapes
 * the text (Arabic script joined and right to left, Ethiopic), Cairo
 * writes A4 pages with the fonts embedded, straight to the caller's file
 * descriptor (no temp file).  Pages, fonts and the flow of lines are
 * shared with the bundle's index (pdf_page.c, pdf-int.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>

#include "pdf-int.h"

static void footer(struct lp_doc *d)
{
	char num[16];
	snprintf(num, sizeof num, "%d", d->number);
	PangoLayout *lay = lp_layout(d->cr, "en", false, 8, false, false, LP_BODY_W);
	pango_layout_set_text(lay, num, -1);
	int w, h;
	pango_layout_get_pixel_size(lay, &w, &h);
	cairo_move_to(d->cr, (LP_PAGE_W - w) / 2, LP_PAGE_H - LP_MARGIN / 2 - h);
	pango_cairo_show_layout(d->cr, lay);
	g_object_unref(lay);
}

/* Lay text out over as many pages as it takes, line by line, from the
 * current position.  rtl: every paragraph right to left (aligned right),
 * whatever script it starts with (an address in Latin letters inside an
 * Arabic letter stays on the right). */
static void flow(struct lp_doc *pg, const char *text, const char *lang, double size, bool bold, double grey)
{
	PangoLayout *lay = lp_layout(pg->cr, lang, lt_lang_rtl(lang), size, bold, false, LP_BODY_W);
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
	lp_flow(pg, lay, LP_MARGIN, tail);
	cairo_set_source_rgb(pg->cr, 0, 0, 0);
	g_object_unref(lay);
	pg->y += size; /* a paragraph's space after */
}

enum rc_status rc_letter_pdf(const struct rc_letter *l, int fd)
{
	struct lt_letter o;
	enum rc_status st = lt_render(l, true, &o);
	if (st != RC_OK)
		return st;
	struct lp_sink s = { .fd = fd };
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(lp_sink_write, &s, LP_PAGE_W, LP_PAGE_H);
	cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
	cairo_t *cr = cairo_create(surf);
	struct lp_doc pg = { .cr = cr, .footer = footer };
	for (size_t i = 0; i < o.n; i++) {
		const struct lt_part *p = &o.part[i];
		lp_new_page(&pg);
		if (p->header)
			flow(&pg, p->header, p->lang, 10, true, 0.25);
		if (p->body)
			flow(&pg, p->body, p->lang, 10.5, false, 0);
		if (p->notes) {
			if (p->body)
				lp_new_page(&pg);
			flow(&pg, p->notes, p->lang, 10, false, 0);
		}
	}
	lp_end(&pg);
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
