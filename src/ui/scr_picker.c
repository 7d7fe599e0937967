/* scr_picker.c - the cases on this terminal, by label only (nothing
 * inside a case is read before it is unlocked), and "create a case". */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

static struct ui_list list;
static char **labels;
static size_t nlabels;

static void picker_free(void)
{
	rc_strv_free(&labels, nlabels);
	nlabels = 0;
}

static void picker_enter(struct ui *u)
{
	picker_free();
	char *dir = rc_cases_dir();
	if (rc_cases_list(dir, &labels, &nlabels) != RC_OK) {
		labels = NULL;
		nlabels = 0;
	}
	free(dir);
	list.n = (int)nlabels + 1;
	if (list.sel >= list.n)
		list.sel = list.n - 1;
	if (list.sel == 0 && nlabels > 0)
		list.sel = 1;
}

static void picker_leave(struct ui *u)
{
	picker_free();
	list.sel = 0;
}

static int list_y(void)
{
	return ui_body_top() + 3;
}

static void picker_draw(struct ui *u)
{
	/* TRANSLATORS: title of the case picker screen. */
	ui_title(_("recourse - cases on this computer"));
	int y = ui_body_top();
	/* TRANSLATORS: case picker; a case is one person's file. */
	ui_para(y, 2, _("Choose your case and press Enter. Only the short labels are shown here; names appear after the passphrase."), R_NORMAL);
	int rows = ui_body_rows() - 4;
	ui_list_scroll(&list, rows);
	y = list_y();
	for (int i = list.top; i < list.n && y < list_y() + rows; i++, y++) {
		if (i == 0)
			/* TRANSLATORS: case picker, the first line of the list. */
			ui_row(y, list.sel == 0, _("+ Create a new case"), R_HEADER);
		else
			ui_row(y, list.sel == i, labels[i - 1], R_NORMAL);
	}
	if (nlabels == 0)
		/* TRANSLATORS: case picker, when no case exists yet. */
		ui_text(y + 1, 4, COLS - 6, _("There are no cases on this computer yet."), R_HINT, AL_START);
}

static bool picker_action(struct ui *u, enum ui_action a)
{
	if (ui_list_nav(&list, a, ui_body_rows() - 4))
		return true;
	if (a == UI_A_NEW || (a == UI_A_SELECT && list.sel == 0)) {
		ui_push(u, SCR_NEWCASE);
		return true;
	}
	if (a == UI_A_SELECT) {
		free(u->case_label);
		free(u->case_path);
		u->case_label = rc_xstrdup(labels[list.sel - 1]);
		u->case_path = rc_case_resolve(u->case_label);
		ui_push(u, SCR_UNLOCK);
		return true;
	}
	if (a == UI_A_SETTINGS) {
		ui_push(u, SCR_SETTINGS);
		return true;
	}
	return false;
}

static void picker_click(struct ui *u, int row)
{
	int i = list.top + row - (list_y() - ui_body_top());
	if (i < 0 || i >= list.n)
		return;
	if (i == list.sel)
		picker_action(u, UI_A_SELECT);
	else
		list.sel = i;
}

static const enum ui_action picker_actions[] = {
	UI_A_NEW, UI_A_SETTINGS, UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN,
	UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_picker = {
	.name = "picker",
	.enter = picker_enter,
	.draw = picker_draw,
	.action = picker_action,
	.click = picker_click,
	.leave = picker_leave,
	.actions = picker_actions,
};
