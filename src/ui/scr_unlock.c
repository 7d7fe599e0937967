/* scr_unlock.c - the passphrase, key by key into locked memory; no echo
 * but one '*' a character; a growing wait after repeated failures. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

static struct ui_field fields[2];
static struct ui_form form = { fields, 1, 0, 0 };
static char **slot_names; /* [0] "any" (translated at draw), then labels */
static size_t nslots;
static int failures;
static double wait_until;

static void unlock_leave(struct ui *u)
{
	for (int i = 0; i < 2; i++)
		ui_field_wipe(&fields[i]);
	rc_strv_free(&slot_names, nslots);
	nslots = 0;
	failures = 0;
	wait_until = 0;
}

static void unlock_enter(struct ui *u)
{
	if (fields[0].secret)
		return; /* back from help or language: keep what is typed */
	/* TRANSLATORS: unlock screen, the label before the hidden passphrase. */
	ui_field_init(&fields[0], FK_SECRET, N_("Passphrase"),
		/* TRANSLATORS: unlock screen, shown under the passphrase field. */
		N_("Type the passphrase of this case and press Enter. It is not shown; each * is one character."), 0);
	rc_strv_free(&slot_names, nslots);
	struct rc_slot_info *si = NULL;
	size_t n = 0;
	form.n = 1;
	if (rc_case_slots(u->case_path, &si, &n) == RC_OK && n > 1) {
		nslots = n + 1;
		slot_names = rc_xcalloc(nslots, sizeof *slot_names);
		slot_names[0] = rc_xstrdup("");
		for (size_t i = 0; i < n; i++)
			slot_names[i + 1] = rc_text_sanitize(si[i].label, strlen(si[i].label), false);
		/* TRANSLATORS: unlock screen: which key slot to try (optional). */
		ui_field_init(&fields[1], FK_CHOICE, N_("Key slot"),
			N_("Which key slot to try. \"Any\" tries each one."), 0);
		fields[1].choices = (const char *const *)slot_names;
		fields[1].literal_choices = true;
		fields[1].nchoices = (int)nslots;
		form.n = 2;
	}
	free(si);
	form.cur = 0;
}

static double wait_left(void)
{
	double l = wait_until - rc_mono_ms();
	return l > 0 ? l : 0;
}

static void unlock_draw(struct ui *u)
{
	char t[256];
	/* TRANSLATORS: title of the unlock screen; %s is the case label. */
	snprintf(t, sizeof t, _("Open the case %s"), u->case_label ? u->case_label : "");
	ui_title(t);
	int y = ui_body_top();
	y = ui_para(y, 2, _(fields[0].hint), R_NORMAL) + 1;
	if (slot_names)
		free(slot_names[0]), slot_names[0] = rc_xstrdup(_("Any"));
	y = ui_form_draw(&form, y, 2) + 1;
	if (form.cur == 1)
		y = ui_para(y, 2, _(fields[1].hint), R_HINT) + 1;
	double left = wait_left();
	if (left > 0) {
		char m[256];
		int s = (int)ceil(left / 1000);
		/* TRANSLATORS: unlock screen after several wrong passphrases. */
		snprintf(m, sizeof m, ngettext("Please wait %d second before the next try.",
		                               "Please wait %d seconds before the next try.", s), s);
		ui_local_digits(m, sizeof m);
		ui_text(y, 2, COLS - 4, m, R_HEADER, AL_START);
		u->wake_ms = rc_mono_ms() + fmod(left, 1000.0) + 1;
	}
}

static void try_open(struct ui *u)
{
	struct rc_secret *pass = fields[0].secret;
	if (!pass || pass->len == 0) {
		/* TRANSLATORS: unlock screen, Enter with nothing typed. */
		ui_message(u, true, "%s", _("Type the passphrase first."));
		return;
	}
	/* TRANSLATORS: shown while the passphrase is checked (about a second). */
	ui_message(u, false, "%s", _("Opening the case..."));
	ui_paint(u);
	const char *slot = form.n > 1 && fields[1].choice > 0 ? slot_names[fields[1].choice] : NULL;
	struct rc_case *c = NULL;
	enum rc_status st = rc_case_open_as(u->case_path, slot, pass, &c);
	rc_secret_clear(pass);
	u->msg[0] = 0;
	if (st == RC_OK) {
		u->c = c;
		char mark[RC_LABEL_MAX + 8];
		snprintf(mark, sizeof mark, "visit:%s", rc_case_slot_label(c));
		if (rc_events_new_since_mark(c, mark, true, &u->new_accesses, &u->new_flagged) != RC_OK)
			u->new_accesses = u->new_flagged = 0;
		failures = 0;
		ui_replace(u, SCR_HOME);
		return;
	}
	if (st == RC_BADPASS) {
		failures++;
		/* TRANSLATORS: unlock screen after a wrong passphrase. */
		ui_message(u, true, "%s %s", rc_status_message(st), _("Check the keyboard language and Caps Lock, then try again."));
		if (failures >= 3) {
			double secs = pow(2, failures - 3);
			if (secs > 60)
				secs = 60;
			wait_until = rc_mono_ms() + secs * 1000;
			u->wake_ms = rc_mono_ms() + 1000;
		}
	} else {
		ui_message(u, true, "%s %s", rc_status_message(st), rc_error_detail());
	}
}

static bool unlock_key(struct ui *u, int key)
{
	if (wait_left() > 0 && !(key & UI_KEY_FN) && key != UI_KEY_ESC)
		return true; /* ignore typing while waiting */
	if (key == UI_KEY_ENTER) {
		if (wait_left() <= 0)
			try_open(u);
		return true;
	}
	return ui_form_key(&form, key);
}

static bool unlock_action(struct ui *u, enum ui_action a)
{
	return ui_form_action(&form, a);
}

static void unlock_click(struct ui *u, int row)
{
	(void)u;
	(void)row;
}

static const enum ui_action unlock_actions[] = { UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_unlock = {
	.name = "unlock",
	.enter = unlock_enter,
	.draw = unlock_draw,
	.action = unlock_action,
	.key = unlock_key,
	.click = unlock_click,
	.leave = unlock_leave,
	.actions = unlock_actions,
	.sensitive = true,
};
