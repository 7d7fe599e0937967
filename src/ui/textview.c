/* textview.c - a text that scrolls, with "more above / more below" and
 * the lines shown at its foot (the request detail, the letter). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

void ui_tview_add(struct ui_tview *t, const char *text, enum ui_role role, int indent)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->l = rc_xrealloc(t->l, t->cap * sizeof *t->l);
	}
	t->l[t->n].text = rc_xstrdup(text ? text : "");
	t->l[t->n].role = role;
	t->l[t->n].indent = indent;
	t->l[t->n].ltr = false;
	t->n++;
}

void ui_tview_wrap(struct ui_tview *t, const char *text, enum ui_role role, int indent)
{
	if (!text)
		return;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		char *para = rc_xstrndup(p, len);
		if (!*para) {
			ui_tview_add(t, "", role, indent);
		} else {
			bool ltr = ui_text_is_ltr(para);
			char **w;
			size_t n = ui_wrap(para, COLS - indent - 3, &w);
			for (size_t i = 0; i < n; i++) {
				ui_tview_add(t, w[i], role, indent);
				t->l[t->n - 1].ltr = ltr && ui_cur && ui_cur->rtl;
			}
			ui_lines_free(&w, n);
		}
		free(para);
		p += len + (p[len] == '\n');
	}
}

void ui_tview_field(struct ui_tview *t, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	int lw = ui_label_width();
	char **w;
	size_t n = ui_wrap(value, COLS - lw - 6, &w);
	for (size_t i = 0; i < n; i++) {
		struct rc_buf b;
		rc_buf_init(&b);
		const char *l = i == 0 ? label : "";
		rc_buf_addstr(&b, l);
		for (int k = rc_text_width(l); k < lw; k++)
			rc_buf_addstr(&b, " ");
		rc_buf_addstr(&b, "  ");
		rc_buf_addstr(&b, w[i]);
		ui_tview_add(t, rc_buf_cstr(&b), R_NORMAL, 2);
		rc_buf_free(&b);
	}
	ui_lines_free(&w, n);
}

void ui_tview_clear(struct ui_tview *t)
{
	for (size_t i = 0; i < t->n; i++) {
		explicit_bzero(t->l[i].text, strlen(t->l[i].text));
		free(t->l[i].text);
	}
	free(t->l);
	t->l = NULL;
	t->n = t->cap = 0;
}

void ui_tview_draw(struct ui_tview *t, int y0, int rows)
{
	int text = rows - 1;
	if (text < 1)
		return;
	if (t->top > (int)t->n - text)
		t->top = (int)t->n - text;
	if (t->top < 0)
		t->top = 0;
	int y = y0;
	for (int i = t->top; i < (int)t->n && y < y0 + text; i++, y++) {
		const struct ui_tline *l = &t->l[i];
		if (l->ltr)
			ui_text_ltr(y, l->indent, COLS - l->indent - 1, l->text, l->role);
		else
			ui_text(y, l->indent, COLS - l->indent - 1, l->text, l->role, AL_START);
	}
	bool above = t->top > 0, below = t->top + text < (int)t->n;
	char m[256] = "", range[64];
	size_t o = 0;
	if (above)
		o += (size_t)snprintf(m + o, sizeof m - o, "%s", _("▲ more above"));
	if (below && o < sizeof m)
		o += (size_t)snprintf(m + o, sizeof m - o, "%s%s", o ? "  " : "", _("▼ more below"));
	int last = t->top + text < (int)t->n ? t->top + text : (int)t->n;
	snprintf(range, sizeof range, _("lines %d-%d/%d"), t->n ? t->top + 1 : 0, last, (int)t->n);
	ui_local_digits(range, sizeof range);
	int rw = rc_text_width(range);
	int fy = y0 + text;
	if (m[0])
		ui_text(fy, 2, COLS - rw - 6, m, R_HEADER, AL_START);
	ui_text(fy, COLS - rw - 2, rw, range, R_HINT, AL_START);
}

bool ui_tview_nav(struct ui_tview *t, enum ui_action a, int rows)
{
	int text = rows - 1;
	switch (a) {
	case UI_A_UP: t->top--; break;
	case UI_A_DOWN: t->top++; break;
	case UI_A_PGUP: t->top -= text - 1; break;
	case UI_A_PGDN: t->top += text - 1; break;
	case UI_A_TOP: t->top = 0; break;
	case UI_A_BOTTOM: t->top = (int)t->n; break;
	default: return false;
	}
	if (t->top > (int)t->n - text)
		t->top = (int)t->n - text;
	if (t->top < 0)
		t->top = 0;
	return true;
}
