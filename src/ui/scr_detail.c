/* scr_detail.c - one access with every field, its warnings explained,
 * and (on request) the original record as received. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct dline {
	char *text;
	enum ui_role role;
	int indent;
};

static struct rc_event ev;
static bool have_ev, show_raw;
static struct dline *lines;
static size_t nlines, caplines;
static int top;
static int built_cols;

static void add_line(const char *s, enum ui_role role, int indent)
{
	if (nlines == caplines) {
		caplines = caplines ? caplines * 2 : 64;
		lines = rc_xrealloc(lines, caplines * sizeof *lines);
	}
	lines[nlines].text = rc_xstrdup(s);
	lines[nlines].role = role;
	lines[nlines].indent = indent;
	nlines++;
}

static void add_wrapped(const char *s, enum ui_role role, int indent)
{
	char **w;
	size_t n = ui_wrap(s, COLS - indent - 3, &w);
	for (size_t i = 0; i < n; i++)
		add_line(w[i], role, indent);
	ui_lines_free(&w, n);
}

static void add_field(const char *label, const char *value)
{
	if (!value || !*value)
		return;
	/* Label on its own width, value beside it (wrapped). */
	int lw = ui_label_width();
	char **w;
	size_t n = ui_wrap(value, COLS - lw - 6, &w);
	for (size_t i = 0; i < n; i++) {
		struct rc_buf b;
		rc_buf_init(&b);
		/* Pad the label to lw columns. */
		const char *l = i == 0 ? label : "";
		rc_buf_addstr(&b, l);
		for (int k = rc_text_width(l); k < lw; k++)
			rc_buf_addstr(&b, " ");
		rc_buf_addstr(&b, "  ");
		rc_buf_addstr(&b, w[i]);
		add_line(rc_buf_cstr(&b), R_NORMAL, 2);
		rc_buf_free(&b);
	}
	ui_lines_free(&w, n);
}

static void clear_lines(void)
{
	for (size_t i = 0; i < nlines; i++)
		free(lines[i].text);
	nlines = 0;
}

static void build(struct ui *u)
{
	clear_lines();
	built_cols = COLS;
	if (!have_ev)
		return;
	char buf[128];
	/* TRANSLATORS: access detail, field labels. */
	ui_fmt_time(ev.occurred_ts, ev.occurred && strlen(ev.occurred) > 10, buf, sizeof buf);
	add_field(_("When (UTC)"), ev.occurred_ts != RC_TS_UNKNOWN ? buf : ev.occurred);
	add_field(_("Authority"), ev.authority);
	add_field(_("Country"), ev.authority_country);
	add_field(_("Kind of body"), ev.authority_type);
	add_field(_("Role or unit"), ev.role);
	add_field(_("Staff member"), ev.agent);
	add_field(_("System"), ev.system);
	add_field(_("Did what"), rc_action_label(ev.action));
	char *cats = rc_categories_format(ev.categories, true);
	add_field(_("Data touched"), cats);
	free(cats);
	add_field(_("Result"), rc_outcome_label(ev.outcome));
	/* TRANSLATORS: access detail, shown when the record states no purpose. */
	add_field(_("Purpose given"), ev.purpose ? ev.purpose : _("none recorded"));
	add_field(_("Legal basis"), ev.legal_basis ? ev.legal_basis : _("none recorded"));
	add_field(_("Passed on to"), ev.dest);
	add_field(_("Passed on to country"), ev.dest_country);
	add_field(_("Recorded"), ev.recorded);
	add_field(_("Came from"), ev.origin);
	add_field(_("Source"), ev.source);
	add_field(_("Reference"), ev.ext_id);
	add_field(_("Note"), ev.note);
	add_field(_("Imported"), ev.imported);
	snprintf(buf, sizeof buf, "%" PRId64, ev.id);
	/* TRANSLATORS: access detail: the number of this access in the case. */
	add_field(_("Number in this case"), buf);
	add_line("", R_NORMAL, 0);
	if (ev.flags) {
		/* TRANSLATORS: access detail, heading above the warnings. */
		add_line(_("Warnings about this access:"), R_HEADER, 2);
		for (int i = 0; i < RC_FLAG_COUNT; i++) {
			uint32_t bit = rc_flag_bit(i);
			if (!(ev.flags & bit))
				continue;
			char t[256];
			snprintf(t, sizeof t, "[!] %s", rc_flag_label(bit));
			add_line(t, R_FLAG, 2);
			add_wrapped(rc_flag_explanation(bit), R_NORMAL, 6);
		}
	} else {
		/* TRANSLATORS: access detail, when no rule found anything. */
		add_line(_("No warning: none of the rules found a problem with this access."), R_NORMAL, 2);
	}
	add_line("", R_NORMAL, 0);
	if (show_raw) {
		/* TRANSLATORS: access detail, heading above the original record. */
		add_line(_("The record exactly as it was received:"), R_HEADER, 2);
		char *s = rc_text_sanitize(ev.raw ? ev.raw : "", ev.raw ? ev.raw_len : 0, true);
		char **w;
		size_t n = ui_wrap(s, COLS - 6, &w);
		for (size_t i = 0; i < n; i++)
			add_line(w[i], R_NORMAL, 4);
		ui_lines_free(&w, n);
		free(s);
	} else {
		char k[16];
		ui_action_key_name(UI_A_RAW, k, sizeof k);
		char t[256];
		/* TRANSLATORS: access detail; %s is a key such as F6. */
		snprintf(t, sizeof t, _("Press %s to see the record exactly as it was received."), k);
		add_line(t, R_HINT, 2);
	}
	(void)u;
}

static void detail_enter(struct ui *u)
{
	if (!have_ev) {
		rc_event_init(&ev);
		enum rc_status st = u->c ? rc_events_get(u->c, u->detail_id, &ev) : RC_NOTFOUND;
		if (st != RC_OK) {
			ui_message(u, true, "%s", rc_status_message(st));
			rc_event_clear(&ev);
		} else {
			have_ev = true;
		}
		top = 0;
		show_raw = false;
	}
	build(u);
}

static void detail_leave(struct ui *u)
{
	clear_lines();
	free(lines);
	lines = NULL;
	caplines = 0;
	if (have_ev)
		rc_event_clear(&ev);
	have_ev = false;
}

static void detail_draw(struct ui *u)
{
	if (built_cols != COLS)
		build(u);
	/* TRANSLATORS: title of the access detail screen. */
	ui_title(_("One access to your record"));
	int rows = ui_body_rows();
	if (top > (int)nlines - rows)
		top = (int)nlines - rows;
	if (top < 0)
		top = 0;
	int y = ui_body_top();
	for (int i = top; i < (int)nlines && y < ui_body_top() + rows; i++, y++)
		ui_text(y, lines[i].indent, COLS - lines[i].indent - 1, lines[i].text, lines[i].role, AL_START);
	ui_cursor_at(ui_body_top(), 0);
}

static bool detail_action(struct ui *u, enum ui_action a)
{
	if (ui_scroll_nav(&top, (int)nlines, a))
		return true;
	switch (a) {
	case UI_A_RAW:
	case UI_A_SELECT:
		show_raw = !show_raw;
		build(u);
		if (show_raw)
			top = (int)nlines;
		return true;
	default:
		return false;
	}
}

static const enum ui_action detail_actions[] = {
	UI_A_RAW, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_SELECT, UI_A_NONE
};

const struct ui_screen scr_detail = {
	.name = "detail",
	.enter = detail_enter,
	.draw = detail_draw,
	.action = detail_action,
	.leave = detail_leave,
	.actions = detail_actions,
};
