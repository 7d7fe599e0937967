/* scr_slotform.c - add a key slot (label and passphrase twice), or give
 * a slot a new passphrase. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

static struct ui_field fields[3];
static struct ui_form form = { fields, 3, 0, 0 };
static bool active;

static struct ui_field *pass_field(struct ui *u, int k)
{
	return &fields[(u->slot_mode == 0 ? 1 : 0) + k];
}

static void slot_enter(struct ui *u)
{
	if (active)
		return;
	active = true;
	int n = 0;
	if (u->slot_mode == 0)
		/* TRANSLATORS: key slot form, field labels and hints. */
		ui_field_init(&fields[n++], FK_TEXT, N_("Slot label"), N_("Who holds it, for example counsel or office-recovery."), RC_LABEL_MAX);
	ui_field_init(&fields[n++], FK_SECRET, N_("New passphrase"), N_("At least 8 characters. It is not shown."), 0);
	ui_field_init(&fields[n++], FK_SECRET, N_("Same again"), N_("Type the same passphrase again."), 0);
	form.n = n;
	form.cur = 0;
}

static void slot_leave(struct ui *u)
{
	active = false;
	for (int i = 0; i < 3; i++)
		ui_field_wipe(&fields[i]);
}

static void slot_draw(struct ui *u)
{
	char t[256];
	if (u->slot_mode == 0)
		/* TRANSLATORS: title of the key slot form. */
		snprintf(t, sizeof t, "%s", _("Add a key slot"));
	else
		/* TRANSLATORS: title of the key slot form; %s is the slot label. */
		snprintf(t, sizeof t, _("New passphrase for key slot %s"), u->slot_target);
	ui_title(t);
	int y = ui_body_top();
	/* TRANSLATORS: key slot form, explanation. */
	y = ui_para(y, 2, _("Whoever knows this passphrase can open the whole case. Nobody can get it back if it is forgotten."), R_NORMAL) + 1;
	y = ui_form_draw(&form, y, form.n) + 1;
	if (fields[form.cur].hint)
		ui_para(y, 2, _(fields[form.cur].hint), R_HINT);
}

static void submit(struct ui *u)
{
	struct ui_field *p1 = pass_field(u, 0), *p2 = pass_field(u, 1);
	char *label = u->slot_mode == 0 ? ui_field_utf8(&fields[0]) : NULL;
	if (label && !rc_slot_label_valid(label)) {
		/* TRANSLATORS: key slot form. */
		ui_message(u, true, "%s", _("Give the key slot a label of 1 to 64 characters."));
		form.cur = 0;
		free(label);
		return;
	}
	if (ui_secret_chars(p1->secret) < RC_PASSPHRASE_MIN) {
		ui_message(u, true, ngettext("The passphrase must have at least %d character.",
		                             "The passphrase must have at least %d characters.", RC_PASSPHRASE_MIN), RC_PASSPHRASE_MIN);
		rc_secret_clear(p1->secret);
		rc_secret_clear(p2->secret);
		form.cur = u->slot_mode == 0 ? 1 : 0;
		free(label);
		return;
	}
	if (p1->secret->len != p2->secret->len || memcmp(p1->secret->data, p2->secret->data, p1->secret->len) != 0) {
		ui_message(u, true, "%s", _("The two passphrases are not the same. Type them again."));
		rc_secret_clear(p1->secret);
		rc_secret_clear(p2->secret);
		free(label);
		return;
	}
	/* TRANSLATORS: shown while a passphrase is stored (takes a second). */
	ui_message(u, false, "%s", _("Saving the passphrase..."));
	ui_paint(u);
	enum rc_status st = label ? rc_op_slot_add(u->c, label, p1->secret)
	                          : rc_op_slot_passwd(u->c, u->slot_target, p1->secret);
	rc_secret_clear(p1->secret);
	rc_secret_clear(p2->secret);
	free(label);
	if (st != RC_OK) {
		ui_message(u, true, "%s %s", rc_status_message(st), rc_error_detail());
		return;
	}
	ui_pop(u);
	/* TRANSLATORS: after adding a key slot or changing its passphrase. */
	ui_message(u, false, "%s", _("Saved. The new passphrase opens this case."));
}

static bool slot_key(struct ui *u, int key)
{
	if (key == UI_KEY_ENTER) {
		if (form.cur < form.n - 1)
			form.cur++;
		else
			submit(u);
		return true;
	}
	return ui_form_key(&form, key);
}

static bool slot_action(struct ui *u, enum ui_action a)
{
	if (a == UI_A_SAVE) {
		submit(u);
		return true;
	}
	return ui_form_action(&form, a);
}

static const enum ui_action slot_actions[] = { UI_A_SAVE, UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_slotform = {
	.name = "slotform",
	.enter = slot_enter,
	.draw = slot_draw,
	.action = slot_action,
	.key = slot_key,
	.leave = slot_leave,
	.actions = slot_actions,
	.sensitive = true,
};
