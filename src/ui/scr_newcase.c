/* scr_newcase.c - create a case, step by step: a label, the countries
 * fled or feared, the legal regimes, the first passphrase. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

enum { STEP_LABEL, STEP_COUNTRIES, STEP_REGIMES, STEP_PASS, STEP_N };
static int step;
static bool active;
static struct ui_field f_label, f_countries, f_pass[2];
static struct ui_form form_label = { &f_label, 1, 0, 0 };
static struct ui_form form_countries = { &f_countries, 1, 0, 0 };
static struct ui_form form_pass = { f_pass, 2, 0, 0 };

/* Regimes: file names in the regimes folder (without ".json"), titles. */
static char **reg_ids, **reg_titles;
static bool *reg_on;
static size_t nreg;
static struct ui_list reg_list;

/* The regimes of the catalogue, ticked or not.  Without a catalogue the
 * wizard says why and cannot finish (a case without its regimes would
 * raise fewer flags without a word). */
static enum rc_status load_regimes(void)
{
	const struct rc_regimes *cat;
	nreg = 0;
	enum rc_status st = rc_op_catalogue(&cat);
	if (st == RC_OK)
		nreg = rc_regimes_count(cat);
	reg_ids = rc_xcalloc(nreg + 1, sizeof *reg_ids);
	reg_titles = rc_xcalloc(nreg + 1, sizeof *reg_titles);
	reg_on = rc_xcalloc(nreg + 1, sizeof *reg_on);
	for (size_t i = 0; i < nreg; i++) {
		reg_ids[i] = rc_xstrdup(rc_regimes_id(cat, i));
		const char *tt = rc_regime_title_translated(rc_regimes_title(cat, i));
		reg_titles[i] = rc_text_sanitize(tt, strlen(tt), false);
	}
	reg_list.n = (int)nreg;
	reg_list.sel = reg_list.top = 0;
	return st;
}

static void free_regimes(void)
{
	for (size_t i = 0; i < nreg; i++) {
		free(reg_ids[i]);
		free(reg_titles[i]);
	}
	free(reg_ids);
	free(reg_titles);
	free(reg_on);
	reg_ids = reg_titles = NULL;
	reg_on = NULL;
	nreg = 0;
}

static void newcase_enter(struct ui *u)
{
	if (active)
		return;
	active = true;
	step = STEP_LABEL;
	/* TRANSLATORS: new case wizard, field labels. */
	ui_field_init(&f_label, FK_TEXT, N_("Case label"), NULL, RC_LABEL_MAX);
	ui_field_init(&f_countries, FK_TEXT, N_("Countries"), NULL, 120);
	ui_field_init(&f_pass[0], FK_SECRET, N_("Passphrase"), NULL, 0);
	ui_field_init(&f_pass[1], FK_SECRET, N_("Same again"), NULL, 0);
	form_pass.cur = 0;
	if (load_regimes() != RC_OK)
		ui_message(u, true, "%s %s", rc_status_message(RC_NODATA), rc_error_detail());
}

static void newcase_leave(struct ui *u)
{
	active = false;
	ui_field_wipe(&f_label);
	ui_field_wipe(&f_countries);
	ui_field_wipe(&f_pass[0]);
	ui_field_wipe(&f_pass[1]);
	free_regimes();
}

static void newcase_draw(struct ui *u)
{
	char t[256];
	/* TRANSLATORS: title of the new case wizard; %d of %d are the step numbers. */
	snprintf(t, sizeof t, _("New case - step %d of %d"), step + 1, STEP_N);
	ui_title(t);
	int y = ui_body_top();
	switch (step) {
	case STEP_LABEL:
		/* TRANSLATORS: new case wizard, step 1. */
		y = ui_para(y, 2, _("Give the case a short label, for example A-2025-014. Use letters, digits and - only. Do not use the person's name: anyone at this computer can see the labels."), R_NORMAL) + 1;
		ui_form_draw(&form_label, y, 1);
		break;
	case STEP_COUNTRIES:
		/* TRANSLATORS: new case wizard, step 2. */
		y = ui_para(y, 2, _("Which countries did the person flee, or fear being sent to? Write their two-letter codes with commas, for example ER, SD. Accesses by these countries get a warning. You may leave it empty."), R_NORMAL) + 1;
		ui_form_draw(&form_countries, y, 1);
		break;
	case STEP_REGIMES:
		/* TRANSLATORS: new case wizard, step 3. */
		y = ui_para(y, 2, _("Which laws apply to the record? Space ticks or unticks a line; Enter goes on."), R_NORMAL) + 1;
		if (nreg == 0)
			/* TRANSLATORS: new case wizard, step 3, when no regime files are installed. */
			ui_text(y, 4, COLS - 6, _("No legal regimes are installed. You can add them later."), R_HINT, AL_START);
		ui_list_scroll(&reg_list, ui_body_rows() - 5);
		for (int i = reg_list.top; i < (int)nreg && y < LINES - 3; i++, y++) {
			snprintf(t, sizeof t, "[%s] %s%s%s", reg_on[i] ? "x" : " ", reg_ids[i],
			         reg_titles[i] ? " - " : "", reg_titles[i] ? reg_titles[i] : "");
			ui_row(y, i == reg_list.sel, t, R_NORMAL);
		}
		break;
	case STEP_PASS:
		/* TRANSLATORS: new case wizard, step 4: what the passphrase is. */
		y = ui_para(y, 2, _("Choose a passphrase: several words only you know, at least 8 characters. It locks the whole case. Nobody can open the case or get the passphrase back without it, unless a recovery key slot is added later in Settings."), R_NORMAL) + 1;
		ui_form_draw(&form_pass, y, 2);
		break;
	}
}

static void create(struct ui *u)
{
	if (ui_secret_chars(f_pass[0].secret) < RC_PASSPHRASE_MIN) {
		/* TRANSLATORS: new case and key slot forms; %d is the minimum. */
		ui_message(u, true, ngettext("The passphrase must have at least %d character.",
		                             "The passphrase must have at least %d characters.", RC_PASSPHRASE_MIN), RC_PASSPHRASE_MIN);
		rc_secret_clear(f_pass[0].secret);
		rc_secret_clear(f_pass[1].secret);
		form_pass.cur = 0;
		return;
	}
	if (f_pass[0].secret->len != f_pass[1].secret->len ||
	    memcmp(f_pass[0].secret->data, f_pass[1].secret->data, f_pass[0].secret->len) != 0) {
		/* TRANSLATORS: new case and key slot forms. */
		ui_message(u, true, "%s", _("The two passphrases are not the same. Type them again."));
		rc_secret_clear(f_pass[0].secret);
		rc_secret_clear(f_pass[1].secret);
		form_pass.cur = 0;
		return;
	}
	char *label = ui_field_utf8(&f_label);
	char *countries = ui_field_utf8(&f_countries);
	struct rc_buf regs;
	rc_buf_init(&regs);
	for (size_t i = 0; i < nreg; i++)
		if (reg_on[i])
			rc_buf_printf(&regs, "%s%s", regs.len ? "," : "", reg_ids[i]);
	struct rc_profile prof = { 0 };
	prof.countries = countries;
	prof.regimes = regs.len ? rc_buf_cstr(&regs) : NULL;
	prof.language = u->lang ? u->lang->code : NULL;
	/* The store makes the folder of cases when it is missing. */
	char *path = rc_case_resolve(label);
	/* TRANSLATORS: shown while a new case is made (takes a second). */
	ui_message(u, false, "%s", _("Making the case..."));
	ui_paint(u);
	struct rc_case *c = NULL;
	enum rc_status st = rc_op_case_create(path, "applicant", f_pass[0].secret, &prof, &c);
	rc_secret_clear(f_pass[0].secret);
	rc_secret_clear(f_pass[1].secret);
	u->msg[0] = 0;
	if (st == RC_OK) {
		free(u->case_path);
		free(u->case_label);
		u->case_path = path;
		u->case_label = label;
		u->c = c;
		u->new_accesses = u->new_flagged = 0;
		char mark[RC_LABEL_MAX + 8];
		snprintf(mark, sizeof mark, "visit:%s", rc_case_slot_label(c));
		uint64_t a, b;
		rc_events_new_since_mark(c, mark, true, &a, &b);
		ui_replace(u, SCR_HOME);
		/* TRANSLATORS: after the new case wizard. */
		ui_message(u, false, "%s", _("The case is made and open."));
	} else {
		ui_message(u, true, "%s %s", rc_status_message(st), rc_error_detail());
		free(path);
		free(label);
		if (st == RC_EXISTS)
			step = STEP_LABEL;
	}
	free(countries);
	rc_buf_free(&regs);
}

static void next(struct ui *u)
{
	if (step == STEP_LABEL) {
		char *l = ui_field_utf8(&f_label);
		bool ok = rc_case_label_valid(l);
		free(l);
		if (!ok) {
			/* TRANSLATORS: new case wizard, step 1. */
			ui_message(u, true, "%s", _("Use only letters, digits, - and _ in the label (not starting with a dot)."));
			return;
		}
	} else if (step == STEP_COUNTRIES) {
		char *s = ui_field_utf8(&f_countries), *n = NULL;
		enum rc_status st = rc_op_profile_check(RC_PF_COUNTRIES, s, &n);
		free(s);
		free(n);
		if (st != RC_OK) {
			ui_message(u, true, "%s", rc_error_detail());
			return;
		}
	} else if (step == STEP_REGIMES && nreg == 0) {
		const struct rc_regimes *cat;
		enum rc_status st = rc_op_catalogue(&cat);
		if (st != RC_OK) {
			ui_message(u, true, "%s %s", rc_status_message(st), rc_error_detail());
			return;
		}
	} else if (step == STEP_PASS) {
		if (form_pass.cur == 0) {
			form_pass.cur = 1;
			return;
		}
		create(u);
		return;
	}
	step++;
}

static bool newcase_key(struct ui *u, int key)
{
	if (key == UI_KEY_ENTER) {
		next(u);
		return true;
	}
	switch (step) {
	case STEP_LABEL: return ui_form_key(&form_label, key);
	case STEP_COUNTRIES: return ui_form_key(&form_countries, key);
	case STEP_PASS: return ui_form_key(&form_pass, key);
	case STEP_REGIMES:
		if (key == ' ' && nreg) {
			reg_on[reg_list.sel] = !reg_on[reg_list.sel];
			return true;
		}
		return false;
	}
	return false;
}

static bool newcase_action(struct ui *u, enum ui_action a)
{
	if (step == STEP_REGIMES && ui_list_nav(&reg_list, a, ui_body_rows() - 5))
		return true;
	if (a == UI_A_BACK && step > STEP_LABEL) {
		if (step == STEP_PASS) {
			rc_secret_clear(f_pass[0].secret);
			rc_secret_clear(f_pass[1].secret);
			form_pass.cur = 0;
		}
		step--;
		return true;
	}
	if (a == UI_A_SELECT) {
		next(u);
		return true;
	}
	return false;
}

static const enum ui_action newcase_actions[] = {
	UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_newcase = {
	.name = "newcase",
	.enter = newcase_enter,
	.draw = newcase_draw,
	.action = newcase_action,
	.key = newcase_key,
	.leave = newcase_leave,
	.actions = newcase_actions,
	.sensitive = true,
};
