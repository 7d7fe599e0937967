/* scr_picker.c - the cases on this terminal, by label only (nothing
 * inside a case is read before it is unlocked), and "create a case". */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui-int.h"

struct picker_st {
	struct ui_list list;
	char **labels;
	size_t nlabels;
	bool office;       /* this computer has an office board (its folder exists) */
};

static struct picker_st *st(struct ui *u)
{
	return ui_st(u, SCR_PICKER);
}

static void picker_free(struct picker_st *s)
{
	rc_strv_free(&s->labels, s->nlabels);
	s->nlabels = 0;
}

static void picker_enter(struct ui *u)
{
	struct picker_st *s = st(u);
	picker_free(s);
	char *dir = rc_cases_dir();
	if (rc_cases_list(dir, &s->labels, &s->nlabels) != RC_OK) {
		s->labels = NULL;
		s->nlabels = 0;
	}
	free(dir);
	char *odir = rc_office_default_dir();
	s->office = access(odir, F_OK) == 0 || ui_office_db(u);
	free(odir);
	u->open_request = 0;
	s->list.n = (int)s->nlabels + 1;
	if (s->list.sel >= s->list.n)
		s->list.sel = s->list.n - 1;
	if (s->list.sel == 0 && s->nlabels > 0)
		s->list.sel = 1;
}

static void picker_leave(struct ui *u)
{
	picker_free(st(u));
}

static int list_y(void)
{
	return ui_body_top() + 3;
}

static void picker_draw(struct ui *u)
{
	struct picker_st *s = st(u);
	/* TRANSLATORS: title of the case picker screen. */
	ui_title(_("recourse - cases on this computer"));
	int y = ui_body_top();
	/* TRANSLATORS: case picker; a case is one person's file. */
	ui_para(y, 2, _("Choose your case and press Enter. Only the short labels are shown here; names appear after the passphrase."), R_NORMAL);
	int rows = ui_body_rows() - 4;
	ui_list_scroll(&s->list, rows);
	y = list_y();
	for (int i = s->list.top; i < s->list.n && y < list_y() + rows; i++, y++) {
		if (i == 0)
			/* TRANSLATORS: case picker, the first line of the list. */
			ui_row(y, s->list.sel == 0, _("+ Create a new case"), R_HEADER);
		else
			ui_row(y, s->list.sel == i, s->labels[i - 1], R_NORMAL);
	}
	if (s->nlabels == 0)
		/* TRANSLATORS: case picker, when no case exists yet. */
		ui_text(y + 1, 4, COLS - 6, _("There are no cases on this computer yet."), R_HINT, AL_START);
}

static bool picker_action(struct ui *u, enum ui_action a)
{
	struct picker_st *s = st(u);
	if (ui_list_nav(&s->list, a, ui_body_rows() - 4))
		return true;
	if (a == UI_A_NEW || (a == UI_A_SELECT && s->list.sel == 0)) {
		ui_push(u, SCR_NEWCASE);
		return true;
	}
	if (a == UI_A_SELECT) {
		free(u->case_label);
		free(u->case_path);
		u->case_label = rc_xstrdup(s->labels[s->list.sel - 1]);
		u->case_path = rc_case_resolve(u->case_label);
		ui_push(u, SCR_UNLOCK);
		return true;
	}
	if (a == UI_A_SETTINGS) {
		ui_push(u, SCR_SETTINGS);
		return true;
	}
	if (a == UI_A_OFFICE) {
		if (s->office)
			ui_push(u, SCR_BOARD);
		return true;
	}
	return false;
}

/* The office board's key only when there is a board. */
static bool picker_offers(struct ui *u, enum ui_action a)
{
	struct picker_st *s = st(u);
	return a != UI_A_OFFICE || (s && s->office);
}

static void picker_click(struct ui *u, int row)
{
	struct picker_st *s = st(u);
	int i = s->list.top + row - (list_y() - ui_body_top());
	if (i < 0 || i >= s->list.n)
		return;
	if (i == s->list.sel)
		picker_action(u, UI_A_SELECT);
	else
		s->list.sel = i;
}

static const enum ui_action picker_actions[] = {
	UI_A_NEW, UI_A_SETTINGS, UI_A_OFFICE, UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN,
	UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_picker = {
	.name = "picker",
	.state_size = sizeof(struct picker_st),
	.enter = picker_enter,
	.draw = picker_draw,
	.action = picker_action,
	.click = picker_click,
	.leave = picker_leave,
	.actions = picker_actions,
	.offers = picker_offers,
	.sensitive = true, /* the case labels: the idle lock applies here too */
};
