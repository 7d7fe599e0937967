/* scr_help.c - what this program is, and every key, from the action
 * table (so remapped keys show as they are). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

static char **lines;
static enum ui_role *roles;
static size_t nlines, cap;
static int top, built_cols;
static char built_lang[16];

static void add(const char *s, enum ui_role r)
{
	if (nlines == cap) {
		cap = cap ? cap * 2 : 64;
		lines = rc_xrealloc(lines, cap * sizeof *lines);
		roles = rc_xrealloc(roles, cap * sizeof *roles);
	}
	lines[nlines] = rc_xstrdup(s);
	roles[nlines++] = r;
}

static void add_para(const char *s, enum ui_role r, int indent)
{
	char **w;
	size_t n = ui_wrap(s, COLS - indent - 4, &w);
	for (size_t i = 0; i < n; i++) {
		char t[1024];
		snprintf(t, sizeof t, "%*s%s", indent, "", w[i]);
		add(t, r);
	}
	ui_lines_free(&w, n);
}

static void help_clear(void)
{
	for (size_t i = 0; i < nlines; i++)
		free(lines[i]);
	nlines = 0;
}

static void build(struct ui *u)
{
	help_clear();
	built_cols = COLS;
	snprintf(built_lang, sizeof built_lang, "%s", u->lang ? u->lang->code : "");
	/* TRANSLATORS: help screen, heading. */
	add(_("What is this program?"), R_HEADER);
	/* TRANSLATORS: help screen, the short description of recourse. */
	add_para(_("recourse shows who looked at your fingerprints, face or other data in a government register, and explains each access in plain words. A warning [!] means a rule found something that may be wrong, for example an access by the country you fled. Your case is locked with a passphrase; nothing is kept outside it."), R_NORMAL, 2);
	add("", R_NORMAL);
	/* TRANSLATORS: help screen, heading. */
	add(_("Leaving quickly"), R_HEADER);
	char k[16];
	ui_action_key_name(UI_A_HIDE, k, sizeof k);
	char t[512];
	/* TRANSLATORS: help screen; %s is a key such as F12. */
	snprintf(t, sizeof t, _("Press %s, or Esc twice, to clear the screen and close the case at once. The case also closes by itself when nobody uses the keyboard for a while."), k);
	add_para(t, R_NORMAL, 2);
	add("", R_NORMAL);
	/* TRANSLATORS: help screen, heading above the table of keys. */
	add(_("Keys"), R_HEADER);
	for (int a = 1; a < UI_A_COUNT; a++) {
		char keys[96] = "";
		size_t o = 0;
		for (int i = 0; i < ui_actions[a].nkeys && o < sizeof keys; i++) {
			char n[16];
			ui_key_name(ui_actions[a].keys[i], n, sizeof n);
			o += (size_t)snprintf(keys + o, sizeof keys - o, "%s%s", i ? " " : "", n);
		}
		snprintf(t, sizeof t, "  %-16s %s: %s", keys, _(ui_actions[a].label), _(ui_actions[a].help));
		add_para(t, R_NORMAL, 0);
	}
	add("", R_NORMAL);
	/* TRANSLATORS: help screen, last lines. */
	add_para(_("The arrow keys and F-keys work with any keyboard language. The mouse can choose lines and press the keys at the bottom."), R_HINT, 2);
}

static void help_enter(struct ui *u)
{
	top = 0;
	build(u);
}

static void help_leave(struct ui *u)
{
	help_clear();
	free(lines);
	free(roles);
	lines = NULL;
	roles = NULL;
	cap = 0;
}

static void help_draw(struct ui *u)
{
	if (built_cols != COLS || strcmp(built_lang, u->lang ? u->lang->code : ""))
		build(u);
	/* TRANSLATORS: title of the help screen. */
	ui_title(_("Help"));
	int rows = ui_body_rows();
	if (top > (int)nlines - rows)
		top = (int)nlines - rows;
	if (top < 0)
		top = 0;
	int y = ui_body_top();
	for (int i = top; i < (int)nlines && y < ui_body_top() + rows; i++, y++)
		ui_text(y, 1, COLS - 2, lines[i], roles[i], AL_START);
	ui_cursor_at(ui_body_top(), 1);
}

static bool help_action(struct ui *u, enum ui_action a)
{
	if (ui_scroll_nav(&top, (int)nlines, a))
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
	.enter = help_enter,
	.draw = help_draw,
	.action = help_action,
	.leave = help_leave,
	.actions = help_actions,
};
