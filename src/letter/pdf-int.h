/* pdf-int.h - inside src/letter: what the letter's PDF (pdf.c) and the
 * bundle's index (index_pdf.c) share: the A4 page, the fonts, the sink
 * Cairo writes through, and text flowed line by line over pages
 * (pdf_page.c).  Only the files that call Pango and Cairo include it. */
#ifndef RECOURSE_PDF_INT_H
#define RECOURSE_PDF_INT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "letter-int.h"

/* A4 in points, margins of 25 mm. */
#define LP_PAGE_W 595.2756
#define LP_PAGE_H 841.8898
#define LP_MARGIN 70.8661
#define LP_BODY_W (LP_PAGE_W - 2 * LP_MARGIN)
#define LP_BODY_H (LP_PAGE_H - 2 * LP_MARGIN)

/* Where Cairo's bytes go: a file descriptor (buf NULL, fd >= 0), a buffer
 * (buf), or nowhere (buf NULL, fd < 0: a pass that only measures).  The
 * first failed write is kept (failed, err) and stops Cairo. */
struct lp_sink {
	int fd;
	struct rc_buf *buf;
	bool failed;
	int err;
};
cairo_status_t lp_sink_write(void *closure, const unsigned char *data, unsigned int length);

/* Pages being written: the current page's number (from 1; 0 before the
 * first) and the height of its body used so far.  footer (may be NULL)
 * draws the page's footer before it is shown. */
struct lp_doc {
	cairo_t *cr;
	int number;
	double y;
	void (*footer)(struct lp_doc *d);
	void *arg;
};
/* The current page (if any) finished, a new one begun. */
void lp_new_page(struct lp_doc *d);
/* The last page finished. */
void lp_end(struct lp_doc *d);

/* A layout for text in lang: Pango's language, the families in the order
 * that script wants them (Arabic script first for ar, fa and ps; mono:
 * Noto Sans Mono first, for hashes and commands), the base direction
 * (rtl: right to left and aligned right, whatever the text starts with),
 * wrapped at words or, for a word longer than the line (a hash, a URL),
 * anywhere, to width points.  Text not yet set. */
PangoLayout *lp_layout(cairo_t *cr, const char *lang, bool rtl, double size, bool bold, bool mono, double width);

/* lay's lines drawn from the current position, as many pages as they
 * take, the layout's box x points from the page's left edge.  keep_from:
 * the byte index of a last part that should not be split from what
 * follows it when it fits on a page (-1: none): it starts a new page
 * instead.  d->y is left under the last line. */
void lp_flow(struct lp_doc *d, PangoLayout *lay, double x, int keep_from);

#endif
