/* scr_detail.c - one access: its warnings first, each explained with
 * the rule it rests on, then the facts in plain words, and (on request)
 * the original record exactly as received, always left to right.  A
 * line at the foot says whether there is more above or below; the
 * title says where the access is in the list; Left/Right step to the
 * access before or after it without going back to the list. */
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
	bool ltr;            /* the original record: left to right as received */
};

struct detail_st {
	struct rc_event ev;
	bool have_ev, show_raw;
	char *why[RC_FLAG_COUNT]; /* rc_flag_explain of each flag of ev */
	struct dline *lines;
	size_t nlines, caplines;
	int top;
	int raw_at;          /* the line of the original record's heading */
	int built_cols;
	char built_lang[16];
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
	s->lines[s->nlines].ltr = false;
	s->nlines++;
}

/* A paragraph, wrapped; each of its lines of the paragraph's own
 * direction (a text in a Latin script, such as one not translated yet,
 * stays left to right inside a right-to-left screen).  A text with
 * several lines (an explanation, its Rule: and Uncertain: lines) is
 * taken line by line. */
static void add_wrapped(struct detail_st *s, const char *text, enum ui_role role, int indent)
{
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		char *para = rc_xstrndup(p, len);
		bool ltr = ui_text_is_ltr(para);
		char **w;
		size_t n = ui_wrap(para, COLS - indent - 3, &w);
		for (size_t i = 0; i < n; i++) {
			add_line(s, w[i], role, indent);
			s->lines[s->nlines - 1].ltr = ltr;
		}
		ui_lines_free(&w, n);
		free(para);
		p += len + (p[len] == '\n');
	}
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

/* A country: its name in the reader's language, and the code. */
static void add_country(struct detail_st *s, const char *label, const char *code)
{
	if (!code || !*code)
		return;
	char name[128], t[160];
	ui_country_name(code, name, sizeof name);
	if (strcmp(name, code))
		snprintf(t, sizeof t, "%s (%s)", name, code);
	else
		snprintf(t, sizeof t, "%s", code);
	add_field(s, label, t);
}

/* A time written in ISO 8601 by the record or by recourse, in the form
 * the rest of the screen uses. */
static void add_time(struct detail_st *s, const char *label, const char *iso, int64_t ts)
{
	if (!iso || !*iso)
		return;
	char norm[40], buf[64];
	if (ts == RC_TS_UNKNOWN && !rc_date_parse(iso, &ts, norm, sizeof norm))
		ts = RC_TS_UNKNOWN;
	if (ts == RC_TS_UNKNOWN) {
		add_field(s, label, iso);
		return;
	}
	ui_fmt_time(ts, strlen(iso) > 10, buf, sizeof buf);
	add_field(s, label, buf);
}

static bool is_hex64(const char *x)
{
	if (!x || strlen(x) != 64)
		return false;
	for (const char *p = x; *p; p++)
		if (!strchr("0123456789abcdefABCDEF", *p))
			return false;
	return true;
}

static void clear_lines(struct detail_st *s)
{
	for (size_t i = 0; i < s->nlines; i++)
		free(s->lines[i].text);
	s->nlines = 0;
}

static void build(struct ui *u, struct detail_st *s)
{
	clear_lines(s);
	s->built_cols = COLS;
	snprintf(s->built_lang, sizeof s->built_lang, "%s", u->lang ? u->lang->code : "");
	s->raw_at = 0;
	if (!s->have_ev)
		return;
	const struct rc_event *e = &s->ev;
	char buf[128];
	/* What matters first: the warnings, each with what to do and the
	 * rule it rests on. */
	if (e->flags) {
		/* TRANSLATORS: access detail, heading above the warnings. */
		add_line(s, _("Warnings about this access:"), R_HEADER, 2);
		for (int i = 0; i < RC_FLAG_COUNT; i++) {
			uint32_t bit = rc_flag_bit(i);
			if (!(e->flags & bit))
				continue;
			char t[256];
			/* TRANSLATORS: after a warning's label when the law behind it is uncertain. */
			snprintf(t, sizeof t, "[!] %s%s", rc_flag_label(bit), e->uncertain & bit ? _(" (uncertain)") : "");
			add_line(s, t, R_FLAG, 2);
			add_wrapped(s, s->why[i] ? s->why[i] : rc_flag_explanation(bit), R_NORMAL, 6);
		}
	} else {
		/* TRANSLATORS: access detail, when no rule found anything. */
		add_line(s, _("No warning: none of the rules found a problem with this access."), R_NORMAL, 2);
	}
	add_line(s, "", R_NORMAL, 0);
	/* TRANSLATORS: access detail, heading above the facts of the access. */
	add_line(s, _("What happened:"), R_HEADER, 2);
	/* TRANSLATORS: access detail, field labels. */
	ui_fmt_time(e->occurred_ts, e->occurred && strlen(e->occurred) > 10, buf, sizeof buf);
	add_field(s, _("When (UTC)"), e->occurred_ts != RC_TS_UNKNOWN ? buf : e->occurred);
	add_field(s, _("Authority"), rc_event_body(e));
	if (e->organization && *e->organization)
		/* TRANSLATORS: access detail: the person (or system) who acted for the authority above. */
		add_field(s, _("Who acted"), e->authority);
	add_country(s, _("Country"), e->authority_country);
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
	add_country(s, _("Passed on to country"), e->dest_country);
	add_time(s, _("Recorded"), e->recorded, e->recorded_ts);
	bool manual = e->source && !strcmp(e->source, "manual");
	if (manual)
		/* TRANSLATORS: access detail, "Came from" of an access written down from a letter. */
		add_field(s, _("Came from"), _("written down by hand, from a letter or a paper"));
	else
		add_field(s, _("Came from"), e->origin);
	if (!manual)
		add_field(s, _("Source"), e->source);
	/* A reference recourse made itself (a fingerprint of a letter) says
	 * nothing to a person: not shown. */
	if (!is_hex64(e->ext_id))
		add_field(s, _("Reference"), e->ext_id);
	add_field(s, _("Note"), e->note);
	add_time(s, _("Imported"), e->imported, RC_TS_UNKNOWN);
	snprintf(buf, sizeof buf, "%" PRId64, e->id);
	ui_local_digits(buf, sizeof buf);
	/* TRANSLATORS: access detail: the number of this access in the case. */
	add_field(s, _("Number in this case"), buf);
	add_line(s, "", R_NORMAL, 0);
	s->raw_at = (int)s->nlines;
	if (s->show_raw) {
		/* TRANSLATORS: access detail, heading above the original record. */
		add_line(s, _("The record exactly as it was received:"), R_HEADER, 2);
		char *raw = rc_text_sanitize(e->raw ? e->raw : "", e->raw ? e->raw_len : 0, true);
		char **w;
		size_t n = ui_wrap(raw, COLS - 6, &w);
		for (size_t i = 0; i < n; i++) {
			add_line(s, w[i], R_NORMAL, 4);
			s->lines[s->nlines - 1].ltr = true;
		}
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

static void forget(struct detail_st *s)
{
	for (int i = 0; i < RC_FLAG_COUNT; i++) {
		free(s->why[i]);
		s->why[i] = NULL;
	}
	if (s->have_ev)
		rc_event_clear(&s->ev);
	s->have_ev = false;
}

/* Read the access and the explanation of each of its warnings. */
static void load(struct ui *u, struct detail_st *s, int64_t id)
{
	forget(s);
	rc_event_init(&s->ev);
	enum rc_status rs = u->c ? rc_events_get(u->c, id, &s->ev) : RC_NOTFOUND;
	if (rs != RC_OK) {
		ui_message(u, true, "%s", rc_status_message(rs));
		rc_event_clear(&s->ev);
		return;
	}
	s->have_ev = true;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	bool have_ctx = s->ev.flags && rc_op_flag_ctx(u->c, &ctx) == RC_OK;
	for (int i = 0; have_ctx && i < RC_FLAG_COUNT; i++)
		if (s->ev.flags & rc_flag_bit(i))
			s->why[i] = rc_flag_explain(&ctx, &s->ev, rc_flag_bit(i));
	rc_flag_ctx_clear(&ctx);
	s->top = 0;
	s->built_cols = 0; /* build again */
}

static void detail_init(struct ui *u)
{
	load(u, st(u), u->detail_id);
}

static void detail_enter(struct ui *u)
{
	build(u, st(u));
}

static void detail_leave(struct ui *u)
{
	struct detail_st *s = st(u);
	clear_lines(s);
	free(s->lines);
	s->lines = NULL;
	s->caplines = 0;
	forget(s);
}

/* Rows for the text: the body less the line that says what is above
 * and below. */
static int text_rows(void)
{
	return ui_body_rows() - 1;
}

static void detail_draw(struct ui *u)
{
	struct detail_st *s = st(u);
	if (s->built_cols != COLS || strcmp(s->built_lang, u->lang ? u->lang->code : ""))
		build(u, s);
	/* TRANSLATORS: title of the access detail screen. */
	const char *title = _("One access to your record");
	uint64_t pos, total;
	ui_log_position(u, &pos, &total);
	char t[256];
	if (pos && total) {
		/* TRANSLATORS: access detail title: the title, then the access's place in the list ("12/84"). */
		snprintf(t, sizeof t, _("%s (%llu/%llu)"), title, (unsigned long long)pos, (unsigned long long)total);
		ui_local_digits(t, sizeof t);
		title = t;
	}
	ui_title(title);
	int rows = text_rows();
	if (s->top > (int)s->nlines - rows)
		s->top = (int)s->nlines - rows;
	if (s->top < 0)
		s->top = 0;
	int y = ui_body_top();
	for (int i = s->top; i < (int)s->nlines && y < ui_body_top() + rows; i++, y++) {
		const struct dline *l = &s->lines[i];
		if (l->ltr)
			ui_text_ltr(y, l->indent, COLS - l->indent - 1, l->text, l->role);
		else
			ui_text(y, l->indent, COLS - l->indent - 1, l->text, l->role, AL_START);
	}
	/* More above, more below, and which lines are shown. */
	bool above = s->top > 0, below = s->top + rows < (int)s->nlines;
	char m[256] = "", range[64];
	size_t o = 0;
	if (above)
		/* TRANSLATORS: access detail, foot of the text: there is more text above (PgUp). */
		o += (size_t)snprintf(m + o, sizeof m - o, "%s", _("▲ more above"));
	if (below && o < sizeof m)
		/* TRANSLATORS: access detail, foot of the text: there is more text below (PgDn). */
		o += (size_t)snprintf(m + o, sizeof m - o, "%s%s", o ? "  " : "", _("▼ more below"));
	int last = s->top + rows < (int)s->nlines ? s->top + rows : (int)s->nlines;
	/* TRANSLATORS: access detail, foot of the text: the lines shown and how many there are ("1-20/42"). */
	snprintf(range, sizeof range, _("lines %d-%d/%d"), s->top + 1, last, (int)s->nlines);
	ui_local_digits(range, sizeof range);
	int rw = rc_text_width(range);
	int fy = ui_body_top() + rows;
	if (m[0])
		ui_text(fy, 2, COLS - rw - 6, m, R_HEADER, AL_START);
	ui_text(fy, COLS - rw - 2, rw, range, R_HINT, AL_START);
	ui_cursor_at(ui_body_top(), 0);
}

static void step(struct ui *u, struct detail_st *s, int dir)
{
	int64_t id = ui_log_step(u, dir);
	if (!id) {
		ui_message(u, false, "%s", dir > 0 ?
			/* TRANSLATORS: access detail, Next at the end of the list. */
			_("This is the last access in the list.") :
			/* TRANSLATORS: access detail, Previous at the start of the list. */
			_("This is the first access in the list."));
		return;
	}
	u->detail_id = id;
	s->show_raw = false;
	load(u, s, id);
	build(u, s);
}

static bool detail_action(struct ui *u, enum ui_action a)
{
	struct detail_st *s = st(u);
	int rows = text_rows();
	switch (a) {
	case UI_A_UP: s->top--; return true;
	case UI_A_DOWN: s->top++; return true;
	case UI_A_PGUP: s->top -= rows - 1; return true;
	case UI_A_PGDN:
	case UI_A_SELECT: /* Enter reads on, a page at a time */
		s->top += rows - 1;
		return true;
	case UI_A_TOP: s->top = 0; return true;
	case UI_A_BOTTOM: s->top = (int)s->nlines; return true;
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
		s->show_raw = !s->show_raw;
		build(u, s);
		/* The heading of the original record at the top. */
		if (s->show_raw)
			s->top = s->raw_at;
		return true;
	case UI_A_NEXT:
		step(u, s, 1);
		return true;
	case UI_A_PREV:
		step(u, s, -1);
		return true;
	default:
		return false;
	}
}

static const enum ui_action detail_actions[] = {
	UI_A_RAW, UI_A_EDIT, UI_A_NEXT, UI_A_PREV, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP,
	UI_A_BOTTOM, UI_A_BACK, UI_A_SELECT, UI_A_NONE
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
