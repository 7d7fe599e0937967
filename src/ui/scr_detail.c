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

struct detail_st {
	struct rc_event ev;
	bool have_ev, show_raw;
	struct dline *lines;
	size_t nlines, caplines;
	int top;
	int built_cols;
};

static struct detail_st *st(struct ui *u)
{
	return ui_st(u, SCR_DETAIL);
}

static void add_line(struct detail_st *s, const char *text, enum ui_role role, int indent)
{
	if (s->nlines == s->caplines) {
		s->caplines = s->caplines ? s->caplines * 2 : 64;
		s->lines = rc_xrealloc(s->lines, s->caplines * sizeof *s->lines);
	}
	s->lines[s->nlines].text = rc_xstrdup(text);
	s->lines[s->nlines].role = role;
	s->lines[s->nlines].indent = indent;
	s->nlines++;
}

static void add_wrapped(struct detail_st *s, const char *text, enum ui_role role, int indent)
{
	char **w;
	size_t n = ui_wrap(text, COLS - indent - 3, &w);
	for (size_t i = 0; i < n; i++)
		add_line(s, w[i], role, indent);
	ui_lines_free(&w, n);
}

static void add_field(struct detail_st *s, const char *label, const char *value)
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
		add_line(s, rc_buf_cstr(&b), R_NORMAL, 2);
		rc_buf_free(&b);
	}
	ui_lines_free(&w, n);
}

static void clear_lines(struct detail_st *s)
{
	for (size_t i = 0; i < s->nlines; i++)
		free(s->lines[i].text);
	s->nlines = 0;
}

static void build(struct detail_st *s)
{
	clear_lines(s);
	s->built_cols = COLS;
	if (!s->have_ev)
		return;
	const struct rc_event *e = &s->ev;
	char buf[128];
	/* TRANSLATORS: access detail, field labels. */
	ui_fmt_time(e->occurred_ts, e->occurred && strlen(e->occurred) > 10, buf, sizeof buf);
	add_field(s, _("When (UTC)"), e->occurred_ts != RC_TS_UNKNOWN ? buf : e->occurred);
	add_field(s, _("Authority"), e->authority);
	add_field(s, _("Country"), e->authority_country);
	add_field(s, _("Kind of body"), e->authority_type);
	add_field(s, _("Role or unit"), e->role);
	add_field(s, _("Staff member"), e->agent);
	add_field(s, _("System"), e->system);
	add_field(s, _("Did what"), rc_action_label(e->action));
	char *cats = rc_categories_format(e->categories, true);
	add_field(s, _("Data touched"), cats);
	free(cats);
	add_field(s, _("Result"), rc_outcome_label(e->outcome));
	/* TRANSLATORS: access detail, shown when the record states no purpose. */
	add_field(s, _("Purpose given"), e->purpose ? e->purpose : _("none recorded"));
	add_field(s, _("Legal basis"), e->legal_basis ? e->legal_basis : _("none recorded"));
	add_field(s, _("Passed on to"), e->dest);
	add_field(s, _("Passed on to country"), e->dest_country);
	add_field(s, _("Recorded"), e->recorded);
	add_field(s, _("Came from"), e->origin);
	add_field(s, _("Source"), e->source);
	add_field(s, _("Reference"), e->ext_id);
	add_field(s, _("Note"), e->note);
	add_field(s, _("Imported"), e->imported);
	snprintf(buf, sizeof buf, "%" PRId64, e->id);
	/* TRANSLATORS: access detail: the number of this access in the case. */
	add_field(s, _("Number in this case"), buf);
	add_line(s, "", R_NORMAL, 0);
	if (e->flags) {
		/* TRANSLATORS: access detail, heading above the warnings. */
		add_line(s, _("Warnings about this access:"), R_HEADER, 2);
		for (int i = 0; i < RC_FLAG_COUNT; i++) {
			uint32_t bit = rc_flag_bit(i);
			if (!(e->flags & bit))
				continue;
			char t[256];
			snprintf(t, sizeof t, "[!] %s", rc_flag_label(bit));
			add_line(s, t, R_FLAG, 2);
			add_wrapped(s, rc_flag_explanation(bit), R_NORMAL, 6);
		}
	} else {
		/* TRANSLATORS: access detail, when no rule found anything. */
		add_line(s, _("No warning: none of the rules found a problem with this access."), R_NORMAL, 2);
	}
	add_line(s, "", R_NORMAL, 0);
	if (s->show_raw) {
		/* TRANSLATORS: access detail, heading above the original record. */
		add_line(s, _("The record exactly as it was received:"), R_HEADER, 2);
		char *raw = rc_text_sanitize(e->raw ? e->raw : "", e->raw ? e->raw_len : 0, true);
		char **w;
		size_t n = ui_wrap(raw, COLS - 6, &w);
		for (size_t i = 0; i < n; i++)
			add_line(s, w[i], R_NORMAL, 4);
		ui_lines_free(&w, n);
		free(raw);
	} else {
		char k[16];
		ui_action_key_name(UI_A_RAW, k, sizeof k);
		char t[256];
		/* TRANSLATORS: access detail; %s is a key such as F6. */
		snprintf(t, sizeof t, _("Press %s to see the record exactly as it was received."), k);
		add_line(s, t, R_HINT, 2);
	}
}

static void detail_init(struct ui *u)
{
	struct detail_st *s = st(u);
	rc_event_init(&s->ev);
	enum rc_status rs = u->c ? rc_events_get(u->c, u->detail_id, &s->ev) : RC_NOTFOUND;
	if (rs != RC_OK) {
		ui_message(u, true, "%s", rc_status_message(rs));
		rc_event_clear(&s->ev);
	} else {
		s->have_ev = true;
	}
}

static void detail_enter(struct ui *u)
{
	build(st(u));
}

static void detail_leave(struct ui *u)
{
	struct detail_st *s = st(u);
	clear_lines(s);
	free(s->lines);
	s->lines = NULL;
	s->caplines = 0;
	if (s->have_ev)
		rc_event_clear(&s->ev);
	s->have_ev = false;
}

static void detail_draw(struct ui *u)
{
	struct detail_st *s = st(u);
	if (s->built_cols != COLS)
		build(s);
	/* TRANSLATORS: title of the access detail screen. */
	ui_title(_("One access to your record"));
	int rows = ui_body_rows();
	if (s->top > (int)s->nlines - rows)
		s->top = (int)s->nlines - rows;
	if (s->top < 0)
		s->top = 0;
	int y = ui_body_top();
	for (int i = s->top; i < (int)s->nlines && y < ui_body_top() + rows; i++, y++)
		ui_text(y, s->lines[i].indent, COLS - s->lines[i].indent - 1, s->lines[i].text, s->lines[i].role, AL_START);
	ui_cursor_at(ui_body_top(), 0);
}

static bool detail_action(struct ui *u, enum ui_action a)
{
	struct detail_st *s = st(u);
	if (ui_scroll_nav(&s->top, (int)s->nlines, a))
		return true;
	switch (a) {
	case UI_A_EDIT: /* the letter form, to correct or withdraw it (scr_entry.c) */
		if (s->have_ev && s->ev.source && !strcmp(s->ev.source, "manual")) {
			u->entry_edit_id = s->ev.id;
			ui_push(u, SCR_ENTRY);
		} else {
			/* TRANSLATORS: access detail, Correct pressed on an access from a registry's log. */
			ui_message(u, true, "%s", _("Only an access you wrote down by hand can be corrected. This one came from a registry's log."));
		}
		return true;
	case UI_A_RAW:
	case UI_A_SELECT:
		s->show_raw = !s->show_raw;
		build(s);
		if (s->show_raw)
			s->top = (int)s->nlines;
		return true;
	default:
		return false;
	}
}

static const enum ui_action detail_actions[] = {
	UI_A_RAW, UI_A_EDIT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_SELECT, UI_A_NONE
};

const struct ui_screen scr_detail = {
	.name = "detail",
	.state_size = sizeof(struct detail_st),
	.init = detail_init,
	.enter = detail_enter,
	.draw = detail_draw,
	.action = detail_action,
	.leave = detail_leave,
	.actions = detail_actions,
};
