/* scr_help.c - what this program is, and every key, from the action
 * table (so remapped keys show as they are). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct help_st {
	char **lines;
	enum ui_role *roles;
	size_t nlines, cap;
	int top, built_cols;
	char built_lang[16];
};

static struct help_st *st(struct ui *u)
{
	return ui_st(u, SCR_HELP);
}

static void add(struct help_st *s, const char *text, enum ui_role r)
{
	if (s->nlines == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->lines = rc_xrealloc(s->lines, s->cap * sizeof *s->lines);
		s->roles = rc_xrealloc(s->roles, s->cap * sizeof *s->roles);
	}
	s->lines[s->nlines] = rc_xstrdup(text);
	s->roles[s->nlines++] = r;
}

static void add_para(struct help_st *s, const char *text, enum ui_role r, int indent)
{
	char **w;
	size_t n = ui_wrap(text, COLS - indent - 4, &w);
	for (size_t i = 0; i < n; i++) {
		char t[1024];
		snprintf(t, sizeof t, "%*s%s", indent, "", w[i]);
		add(s, t, r);
	}
	ui_lines_free(&w, n);
}

static void help_clear(struct help_st *s)
{
	for (size_t i = 0; i < s->nlines; i++)
		free(s->lines[i]);
	s->nlines = 0;
}

/* One key line: the keys, then "Label: what it does", wrapped with the
 * continuation lines under the text (a hanging indent). */
static void add_key(struct help_st *s, enum ui_action a)
{
	char keys[96] = "";
	size_t o = 0;
	for (int i = 0; i < ui_actions[a].nkeys && o < sizeof keys; i++) {
		char n[16];
		ui_key_name(ui_key_as_read(ui_actions[a].keys[i]), n, sizeof n);
		o += (size_t)snprintf(keys + o, sizeof keys - o, "%s%s", i ? " " : "", n);
	}
	if (!keys[0])
		return;
	char t[1024];
	snprintf(t, sizeof t, "%s: %s", _(ui_actions[a].label), _(ui_actions[a].help));
	int kw = 16;
	char **w;
	size_t n = ui_wrap(t, COLS - kw - 8, &w);
	for (size_t i = 0; i < n; i++) {
		char line[1200];
		int pad = kw - rc_text_width(i ? "" : keys);
		snprintf(line, sizeof line, "  %s%*s %s", i ? "" : keys, pad > 0 ? pad : 0, "", w[i]);
		add(s, line, R_NORMAL);
	}
	ui_lines_free(&w, n);
}

static bool in_list(const enum ui_action *list, enum ui_action a)
{
	for (; list && *list; list++)
		if (*list == a)
			return true;
	return false;
}

static void build(struct ui *u, struct help_st *s)
{
	help_clear(s);
	s->built_cols = COLS;
	snprintf(s->built_lang, sizeof s->built_lang, "%s", u->lang ? u->lang->code : "");
	/* The screen the help was called from (the one under it). */
	const enum ui_action *here = NULL;
	const struct ui_screen *from = NULL;
	for (int i = u->depth - 1; i >= 0; i--)
		if (u->stack[i].id != SCR_HELP) {
			from = ui_screens[u->stack[i].id];
			here = from->actions;
			break;
		}
	if (here && *here) {
		/* TRANSLATORS: help screen, heading above the keys of the screen the help was opened from. */
		add(s, _("Keys on this screen"), R_HEADER);
		for (const enum ui_action *a = here; *a; a++)
			if (!from->offers || from->offers(u, *a)) /* a key offered only sometimes: when it is */
				add_key(s, *a);
		add(s, "", R_NORMAL);
	}
	/* TRANSLATORS: help screen, heading. */
	add(s, _("Leaving quickly"), R_HEADER);
	char k[16];
	ui_action_key_name(UI_A_HIDE, k, sizeof k);
	char t[512];
	/* TRANSLATORS: help screen; %s is a key such as F12. */
	snprintf(t, sizeof t, _("Press %s to clear the screen and close the case at once. Esc only goes back one screen. The case also closes by itself when nobody uses the keyboard for a while."), k);
	add_para(s, t, R_NORMAL, 2);
	add(s, "", R_NORMAL);
	/* TRANSLATORS: help screen, heading. */
	add(s, _("What is this program?"), R_HEADER);
	/* TRANSLATORS: help screen, the short description of recourse. */
	add_para(s, _("recourse shows who looked at your fingerprints, face or other data in a government register, and explains each access in plain words. A warning [!] means a rule found something that may be wrong, for example an access by the country you fled. Your case is locked with a passphrase; nothing is kept outside it."), R_NORMAL, 2);
	add(s, "", R_NORMAL);
	/* TRANSLATORS: help screen, heading above the list of warnings and what each means. */
	add(s, _("The warnings [!] and what they mean"), R_HEADER);
	for (int i = 0; i < RC_FLAG_COUNT; i++) {
		uint32_t bit = rc_flag_bit(i);
		char l[256];
		snprintf(l, sizeof l, "[!] %s", rc_flag_label(bit));
		add_para(s, l, R_FLAG, 2);
		add_para(s, rc_flag_explanation(bit), R_NORMAL, 6);
	}
	add(s, "", R_NORMAL);
	/* TRANSLATORS: help screen, heading above the table of keys. */
	add(s, _("All the keys"), R_HEADER);
	for (int a = 1; a < UI_A_COUNT; a++)
		if (!in_list(here, (enum ui_action)a))
			add_key(s, (enum ui_action)a);
	add(s, "", R_NORMAL);
	/* TRANSLATORS: help screen, last lines. */
	add_para(s, _("The arrow keys and F-keys work with any keyboard language. The mouse can choose lines and press the keys at the bottom."), R_HINT, 2);
}

static void help_enter(struct ui *u)
{
	struct help_st *s = st(u);
	s->top = 0;
	build(u, s);
}

static void help_leave(struct ui *u)
{
	struct help_st *s = st(u);
	help_clear(s);
	free(s->lines);
	free(s->roles);
	s->lines = NULL;
	s->roles = NULL;
	s->cap = 0;
}

static void help_draw(struct ui *u)
{
	struct help_st *s = st(u);
	if (s->built_cols != COLS || strcmp(s->built_lang, u->lang ? u->lang->code : ""))
		build(u, s);
	/* TRANSLATORS: title of the help screen. */
	ui_title(_("Help"));
	int rows = ui_body_rows();
	if (s->top > (int)s->nlines - rows)
		s->top = (int)s->nlines - rows;
	if (s->top < 0)
		s->top = 0;
	int y = ui_body_top();
	for (int i = s->top; i < (int)s->nlines && y < ui_body_top() + rows; i++, y++)
		ui_text(y, 1, COLS - 2, s->lines[i], s->roles[i], AL_START);
	ui_cursor_at(ui_body_top(), 1);
}

static bool help_action(struct ui *u, enum ui_action a)
{
	struct help_st *s = st(u);
	if (ui_scroll_nav(&s->top, (int)s->nlines, a))
		return true;
	switch (a) {
	case UI_A_HELP: ui_pop(u); return true;
	default: return false;
	}
}

static const enum ui_action help_actions[] = {
	UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_help = {
	.name = "help",
	.state_size = sizeof(struct help_st),
	.enter = help_enter,
	.draw = help_draw,
	.action = help_action,
	.leave = help_leave,
	.actions = help_actions,
};
