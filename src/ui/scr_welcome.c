/* scr_welcome.c - the neutral first screen: choose a language.  Also
 * the language chooser reached from any screen (F2). */
#include "config.h"

#include <string.h>

#include "ui-int.h"

struct welcome_st {
	struct ui_list list;
};

static struct welcome_st *st(struct ui *u)
{
	return ui_st(u, SCR_WELCOME);
}

static void welcome_enter(struct ui *u)
{
	struct ui_list *l = &st(u)->list;
	l->n = (int)ui_nlangs;
	l->sel = 0;
	l->top = 0;
	for (size_t i = 0; i < ui_nlangs; i++)
		if (u->lang == &ui_langs[i] && (u->depth > 1 || !u->kiosk))
			l->sel = (int)i;
}

static int first_row(void)
{
	return ui_body_top() + 3;
}

static void welcome_draw(struct ui *u)
{
	const struct ui_list *l = &st(u)->list;
	ui_title("recourse");
	int y = ui_body_top();
	/* TRANSLATORS: the first screen, above the list of languages. */
	ui_text(y, 2, COLS - 4, _("Choose your language, then press Enter."), R_HEADER, AL_START);
	ui_text(y + 1, 2, COLS - 4, "↑ ↓  Enter", R_HINT, AL_START);
	y = first_row();
	for (int i = 0; i < l->n; i++)
		ui_row(y + i, i == l->sel, ui_langs[i].name, R_NORMAL);
}

static bool welcome_action(struct ui *u, enum ui_action a)
{
	struct ui_list *l = &st(u)->list;
	if (ui_list_nav(l, a, l->n))
		return true;
	if (a == UI_A_SELECT) {
		ui_set_language(u, ui_langs[l->sel].code);
		ui_settings_save(&u->set);
		if (u->depth <= 1)
			ui_push(u, SCR_PICKER);
		else
			ui_pop(u);
		return true;
	}
	if (a == UI_A_LANG)
		return true;
	/* Reached with F2 from another screen: Esc or Backspace goes back
	 * there, the language unchanged.  As the first screen: nothing. */
	if (a == UI_A_BACK && u->depth <= 1)
		return true;
	return false;
}

static void welcome_click(struct ui *u, int row)
{
	struct ui_list *l = &st(u)->list;
	int i = row - (first_row() - ui_body_top());
	if (i < 0 || i >= l->n)
		return;
	if (i == l->sel)
		welcome_action(u, UI_A_SELECT);
	else
		l->sel = i;
}

static const enum ui_action welcome_actions[] = {
	UI_A_SELECT, UI_A_BACK, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_NONE
};

const struct ui_screen scr_welcome = {
	.name = "welcome",
	.state_size = sizeof(struct welcome_st),
	.enter = welcome_enter,
	.draw = welcome_draw,
	.action = welcome_action,
	.click = welcome_click,
	.actions = welcome_actions,
};
