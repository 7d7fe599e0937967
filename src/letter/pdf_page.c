/* pdf_page.c - what the letter's PDF and the bundle's index share
 * (pdf-int.h): the sink Cairo writes through, the pages, the fonts, and
 * text flowed line by line over pages. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pdf-int.h"

/* The families, in the order Pango tries them for each character: Latin,
 * Cyrillic and Greek from Noto Sans, Arabic script from Noto Naskh Arabic,
 * Ethiopic from Noto Sans Ethiopic (Debian: fonts-noto-core). */
#define FONTS "Noto Sans, Noto Naskh Arabic, Noto Sans Ethiopic"
#define FONTS_ARABIC "Noto Naskh Arabic, Noto Sans, Noto Sans Ethiopic"
#define FONTS_MONO "Noto Sans Mono, Noto Sans, Noto Naskh Arabic, Noto Sans Ethiopic"

cairo_status_t lp_sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct lp_sink *s = closure;
	if (s->buf) {
		rc_buf_add(s->buf, data, length);
		return CAIRO_STATUS_SUCCESS;
	}
	if (s->fd < 0)
		return CAIRO_STATUS_SUCCESS;
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

void lp_new_page(struct lp_doc *d)
{
	if (d->number > 0)
		lp_end(d);
	d->number++;
	d->y = 0;
}

void lp_end(struct lp_doc *d)
{
	if (d->footer)
		d->footer(d);
	cairo_show_page(d->cr);
}

static bool arabic_script(const char *lang)
{
	return strcmp(lang, "ar") == 0 || strcmp(lang, "fa") == 0 || strcmp(lang, "ps") == 0;
}

PangoLayout *lp_layout(cairo_t *cr, const char *lang, bool rtl, double size, bool bold, bool mono, double width)
{
	PangoLayout *lay = pango_cairo_create_layout(cr);
	PangoContext *ctx = pango_layout_get_context(lay);
	pango_context_set_language(ctx, pango_language_from_string(lang));
	pango_context_set_base_dir(ctx, rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
	pango_layout_context_changed(lay);
	pango_layout_set_auto_dir(lay, FALSE);
	/* the size set as a number: "%.1f" in a font string would follow
	 * LC_NUMERIC (the program runs in the user's locale: "10,5") */
	PangoFontDescription *fd = pango_font_description_from_string(mono ? FONTS_MONO : arabic_script(lang)
		? FONTS_ARABIC : FONTS);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(lay, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_spacing(lay, (int)(size * 0.25 * PANGO_SCALE));
	/* no hyphen added where a long word is broken: a hash, a path or a
	 * reference copied from the page must be what it is */
	PangoAttrList *al = pango_attr_list_new();
	pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(lay, al);
	pango_attr_list_unref(al);
	return lay;
}

void lp_flow(struct lp_doc *d, PangoLayout *lay, double x, int keep_from)
{
	int lay_h_px;
	pango_layout_get_pixel_size(lay, NULL, &lay_h_px);
	PangoLayoutIter *it = pango_layout_get_iter(lay);
	/* the layout's y that is at the top of the current page's body (so
	 * negative on the first page when the text starts below its top) */
	double top = -d->y;
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double ly = (double)logical.y / PANGO_SCALE, lh = (double)logical.height / PANGO_SCALE;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		if (keep_from >= 0 && line->start_index >= keep_from) {
			keep_from = -1;
			double need = (double)lay_h_px - ly;
			if (ly - top + need > LP_BODY_H && need < LP_BODY_H && ly - top > 0) {
				lp_new_page(d);
				top = ly;
			}
		}
		if (ly + lh - top > LP_BODY_H && d->y > 0) {
			lp_new_page(d);
			top = ly;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE, LP_MARGIN + base - top);
		pango_cairo_show_layout_line(d->cr, line);
		d->y = ly + lh - top;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}
