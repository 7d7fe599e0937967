/* scr_newcase.c - create a case, step by step: a label, the countries
 * fled or feared, the legal regimes, about the person (optional: name,
 * the record's reference and date, typed here only, never given as an
 * argument), the first passphrase. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

enum { STEP_LABEL, STEP_COUNTRIES, STEP_REGIMES, STEP_PERSON, STEP_PASS, STEP_N };
enum { PF_NAME, PF_RECORD, PF_DATE, PF_N };

struct newcase_st {
	int step;
	struct ui_field f_label, f_countries, f_person[PF_N], f_pass[2];
	struct ui_form form_label, form_countries, form_person, form_pass;
	/* Regimes: file names in the regimes folder (without ".json"), titles. */
	char **reg_ids, **reg_titles;
	bool *reg_on;
	size_t nreg;
	struct ui_list reg_list;
};

static struct newcase_st *st(struct ui *u)
{
	return ui_st(u, SCR_NEWCASE);
}

/* The regimes of the catalogue, ticked or not.  Without a catalogue the
 * wizard says why and cannot finish (a case without its regimes would
 * raise fewer flags without a word). */
static enum rc_status load_regimes(struct newcase_st *s)
{
	const struct rc_regimes *cat;
	s->nreg = 0;
	enum rc_status rs = rc_op_catalogue(&cat);
	if (rs == RC_OK)
		s->nreg = rc_regimes_count(cat);
	s->reg_ids = rc_xcalloc(s->nreg + 1, sizeof *s->reg_ids);
	s->reg_titles = rc_xcalloc(s->nreg + 1, sizeof *s->reg_titles);
	s->reg_on = rc_xcalloc(s->nreg + 1, sizeof *s->reg_on);
	for (size_t i = 0; i < s->nreg; i++) {
		s->reg_ids[i] = rc_xstrdup(rc_regimes_id(cat, i));
		const char *tt = rc_regime_title_translated(rc_regimes_title(cat, i));
		s->reg_titles[i] = rc_text_sanitize(tt, strlen(tt), false);
	}
	s->reg_list.n = (int)s->nreg;
	s->reg_list.sel = s->reg_list.top = 0;
	return rs;
}

static void free_regimes(struct newcase_st *s)
{
	for (size_t i = 0; i < s->nreg; i++) {
		free(s->reg_ids[i]);
		free(s->reg_titles[i]);
	}
	free(s->reg_ids);
	free(s->reg_titles);
	free(s->reg_on);
	s->reg_ids = s->reg_titles = NULL;
	s->reg_on = NULL;
	s->nreg = 0;
}

static void newcase_init(struct ui *u)
{
	struct newcase_st *s = st(u);
	s->step = STEP_LABEL;
	/* TRANSLATORS: new case wizard, field labels. */
	ui_field_init(&s->f_label, FK_TEXT, N_("Case label"), NULL, RC_LABEL_MAX);
	ui_field_init(&s->f_countries, FK_TEXT, N_("Countries"), NULL, 120);
	/* TRANSLATORS: new case wizard, step 4: fields about the person and the hint under each. */
	ui_field_init(&s->f_person[PF_NAME], FK_TEXT, N_("Name"), N_("The person's name as they want it shown, for example on the case home. It is kept only inside the locked case. You may leave it empty."), 120);
	ui_field_init(&s->f_person[PF_RECORD], FK_TEXT, N_("Record reference"), N_("The number or reference the registry gives the person's record, as on its letters. Imports then keep only this person's accesses. You may leave it empty."), 190);
	ui_field_init(&s->f_person[PF_DATE], FK_TEXT, N_("Record made on"), N_("The day the record was made, like 2023-09-04; or one day for each system, like eurodac:applicant=2023-09-04. The time it may be kept counts from it. You may leave it empty."), 190);
	ui_field_init(&s->f_pass[0], FK_SECRET, N_("Passphrase"), NULL, 0);
	ui_field_init(&s->f_pass[1], FK_SECRET, N_("Same again"), NULL, 0);
	s->form_label = (struct ui_form){ &s->f_label, 1, 0, 0 };
	s->form_countries = (struct ui_form){ &s->f_countries, 1, 0, 0 };
	s->form_person = (struct ui_form){ s->f_person, PF_N, 0, 0 };
	s->form_pass = (struct ui_form){ s->f_pass, 2, 0, 0 };
	if (load_regimes(s) != RC_OK)
		ui_message(u, true, "%s %s", rc_status_message(RC_NODATA), rc_error_detail());
}

static void newcase_leave(struct ui *u)
{
	struct newcase_st *s = st(u);
	ui_field_wipe(&s->f_label);
	ui_field_wipe(&s->f_countries);
	for (int i = 0; i < PF_N; i++)
		ui_field_wipe(&s->f_person[i]);
	ui_field_wipe(&s->f_pass[0]);
	ui_field_wipe(&s->f_pass[1]);
	free_regimes(s);
}

static void newcase_draw(struct ui *u)
{
	struct newcase_st *s = st(u);
	char t[256];
	/* TRANSLATORS: title of the new case wizard; %d of %d are the step numbers. */
	snprintf(t, sizeof t, _("New case - step %d of %d"), s->step + 1, STEP_N);
	ui_local_digits(t, sizeof t);
	ui_title(t);
	int y = ui_body_top();
	switch (s->step) {
	case STEP_LABEL:
		/* TRANSLATORS: new case wizard, step 1. */
		y = ui_para(y, 2, _("Give the case a short label, for example A-2025-014. Use letters, digits and - only. Do not use the person's name: anyone at this computer can see the labels."), R_NORMAL) + 1;
		ui_form_draw(&s->form_label, y, 1);
		break;
	case STEP_COUNTRIES:
		/* TRANSLATORS: new case wizard, step 2. */
		y = ui_para(y, 2, _("Which countries did the person flee, or fear being sent to? Write their two-letter codes with commas, for example ER, SD. Accesses by these countries get a warning. You may leave it empty."), R_NORMAL) + 1;
		ui_form_draw(&s->form_countries, y, 1);
		break;
	case STEP_REGIMES:
		/* TRANSLATORS: new case wizard, step 3. */
		y = ui_para(y, 2, _("Which laws apply to the record? Space ticks or unticks a line; Enter goes on."), R_NORMAL) + 1;
		if (s->nreg == 0)
			/* TRANSLATORS: new case wizard, step 3, when no regime files are installed. */
			ui_text(y, 4, COLS - 6, _("No legal regimes are installed. You can add them later."), R_HINT, AL_START);
		ui_list_scroll(&s->reg_list, ui_body_rows() - 5);
		for (int i = s->reg_list.top; i < (int)s->nreg && y < LINES - 3; i++, y++) {
			snprintf(t, sizeof t, "[%s] %s%s%s", s->reg_on[i] ? "x" : " ", s->reg_ids[i],
			         s->reg_titles[i] ? " - " : "", s->reg_titles[i] ? s->reg_titles[i] : "");
			ui_row(y, i == s->reg_list.sel, t, R_NORMAL);
		}
		break;
	case STEP_PERSON:
		/* TRANSLATORS: new case wizard, step 4: optional details about the person. */
		y = ui_para(y, 2, _("About the person and the record. Each line may stay empty; you can add it later. Tab or the arrows move, Enter goes on."), R_NORMAL) + 1;
		y = ui_form_draw(&s->form_person, y, PF_N) + 1;
		ui_para(y, 2, _(s->f_person[s->form_person.cur].hint), R_HINT);
		break;
	case STEP_PASS:
		/* TRANSLATORS: new case wizard, step 5: what the passphrase is. */
		y = ui_para(y, 2, _("Choose a passphrase: several words only you know, at least 8 characters. It locks the whole case. Nobody can open the case or get the passphrase back without it, unless a recovery key slot is added later in Settings."), R_NORMAL) + 1;
		ui_form_draw(&s->form_pass, y, 2);
		break;
	}
}

/* Making the case is a task: the first key slot's key derivation takes
 * a second.  The job owns copies of what was typed. */
struct create_job {
	char *path, *label, *countries, *regimes, *language;
	char *name, *record, *created, *dates; /* personal: wiped when freed */
	struct rc_secret *pass;
	struct rc_case *c;
	enum rc_status st;
	char detail[512];  /* rc_error_detail() is the worker's own */
};

/* On the worker: no curses, no struct ui. */
static void create_work(void *p)
{
	struct create_job *j = p;
	struct rc_profile prof = { 0 };
	prof.countries = j->countries;
	prof.regimes = j->regimes;
	prof.language = j->language;
	prof.display_name = j->name;
	prof.record_ref = j->record;
	prof.record_created = j->created;
	prof.record_dates = j->dates;
	/* The store makes the folder of cases when it is missing. */
	j->st = rc_op_case_create(j->path, "applicant", j->pass, &prof, &j->c);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
	rc_secret_free(&j->pass);
	if (j->st == RC_OK) {
		char mark[RC_LABEL_MAX + 8];
		snprintf(mark, sizeof mark, "visit:%s", rc_case_slot_label(j->c));
		uint64_t a, b;
		rc_events_new_since_mark(j->c, mark, true, &a, &b);
	}
}

static void create_job_free(struct create_job *j)
{
	rc_secret_free(&j->pass);
	rc_case_close(&j->c);
	free(j->path);
	free(j->label);
	free(j->countries);
	free(j->regimes);
	free(j->language);
	char *personal[] = { j->name, j->record, j->created, j->dates };
	for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++) {
		if (personal[i])
			explicit_bzero(personal[i], strlen(personal[i]));
		free(personal[i]);
	}
	free(j);
}

/* Back on the loop's thread. */
static void create_done(struct ui *u, void *p)
{
	struct create_job *j = p;
	struct newcase_st *s = st(u);
	if (j->st == RC_OK) {
		free(u->case_path);
		free(u->case_label);
		u->case_path = j->path;
		u->case_label = j->label;
		u->c = j->c;
		j->path = j->label = NULL;
		j->c = NULL;
		u->new_accesses = u->new_flagged = 0;
		ui_replace(u, SCR_HOME);
		/* TRANSLATORS: after the new case wizard. */
		ui_message(u, false, "%s", _("The case is made and open."));
	} else {
		ui_message(u, true, "%s %s", rc_status_message(j->st), j->detail);
		if (j->st == RC_EXISTS && s)
			s->step = STEP_LABEL;
	}
	create_job_free(j);
}

static void create(struct ui *u, struct newcase_st *s)
{
	if (ui_secret_chars(s->f_pass[0].secret) < RC_PASSPHRASE_MIN) {
		/* TRANSLATORS: new case and key slot forms; %d is the minimum. */
		ui_message(u, true, ngettext("The passphrase must have at least %d character.",
		                             "The passphrase must have at least %d characters.", RC_PASSPHRASE_MIN), RC_PASSPHRASE_MIN);
		rc_secret_clear(s->f_pass[0].secret);
		rc_secret_clear(s->f_pass[1].secret);
		s->form_pass.cur = 0;
		return;
	}
	if (s->f_pass[0].secret->len != s->f_pass[1].secret->len ||
	    memcmp(s->f_pass[0].secret->data, s->f_pass[1].secret->data, s->f_pass[0].secret->len) != 0) {
		/* TRANSLATORS: new case and key slot forms. */
		ui_message(u, true, "%s", _("The two passphrases are not the same. Type them again."));
		rc_secret_clear(s->f_pass[0].secret);
		rc_secret_clear(s->f_pass[1].secret);
		s->form_pass.cur = 0;
		return;
	}
	struct create_job *j = rc_xcalloc(1, sizeof *j);
	j->label = ui_field_utf8(&s->f_label);
	j->countries = ui_field_utf8(&s->f_countries);
	struct rc_buf regs;
	rc_buf_init(&regs);
	for (size_t i = 0; i < s->nreg; i++)
		if (s->reg_on[i])
			rc_buf_printf(&regs, "%s%s", regs.len ? "," : "", s->reg_ids[i]);
	j->regimes = regs.len ? rc_xstrdup(rc_buf_cstr(&regs)) : NULL;
	rc_buf_free(&regs);
	j->language = u->lang ? rc_xstrdup(u->lang->code) : NULL;
	j->name = ui_field_utf8(&s->f_person[PF_NAME]);
	j->record = ui_field_utf8(&s->f_person[PF_RECORD]);
	char *when = ui_field_utf8(&s->f_person[PF_DATE]);
	/* One date: the record's; "system=date, ...": each system's. */
	if (strchr(when, '='))
		j->dates = when;
	else
		j->created = when;
	j->path = rc_case_resolve(j->label);
	j->pass = ui_field_take_secret(&s->f_pass[0]);
	rc_secret_clear(s->f_pass[1].secret);
	/* TRANSLATORS: shown while a new case is made (takes a second). */
	if (!ui_busy_run(u, N_("Making the case..."), false, create_work, j, create_done)) {
		ui_message(u, true, "%s", rc_status_message(RC_ERR));
		create_job_free(j);
	}
}

static void next(struct ui *u, struct newcase_st *s)
{
	if (s->step == STEP_LABEL) {
		char *l = ui_field_utf8(&s->f_label);
		bool ok = rc_case_label_valid(l);
		free(l);
		if (!ok) {
			/* TRANSLATORS: new case wizard, step 1. */
			ui_message(u, true, "%s", _("Use only letters, digits, - and _ in the label (not starting with a dot)."));
			return;
		}
	} else if (s->step == STEP_COUNTRIES) {
		char *c = ui_field_utf8(&s->f_countries), *n = NULL;
		enum rc_status rs = rc_op_profile_check(RC_PF_COUNTRIES, c, &n);
		free(c);
		free(n);
		if (rs != RC_OK) {
			ui_message(u, true, "%s", rc_error_detail());
			return;
		}
	} else if (s->step == STEP_REGIMES && s->nreg == 0) {
		const struct rc_regimes *cat;
		enum rc_status rs = rc_op_catalogue(&cat);
		if (rs != RC_OK) {
			ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
			return;
		}
	} else if (s->step == STEP_PERSON) {
		if (s->form_person.cur < PF_N - 1) {
			s->form_person.cur++;
			return;
		}
		for (int i = 0; i < PF_N; i++) {
			char *v = ui_field_utf8(&s->f_person[i]), *n = NULL;
			enum rc_profile_field f = i == PF_NAME ? RC_PF_NAME : i == PF_RECORD ? RC_PF_RECORD :
			                          strchr(v, '=') ? RC_PF_RECORD_DATES : RC_PF_RECORD_CREATED;
			enum rc_status rs = rc_op_profile_check(f, v, &n);
			explicit_bzero(v, strlen(v));
			free(v);
			if (n)
				explicit_bzero(n, strlen(n));
			free(n);
			if (rs != RC_OK) {
				ui_message(u, true, "%s", *rc_error_detail() ? rc_error_detail() : rc_status_message(rs));
				s->form_person.cur = i;
				return;
			}
		}
	} else if (s->step == STEP_PASS) {
		if (s->form_pass.cur == 0) {
			s->form_pass.cur = 1;
			return;
		}
		create(u, s);
		return;
	}
	s->step++;
}

static bool newcase_key(struct ui *u, int key)
{
	struct newcase_st *s = st(u);
	if (key == UI_KEY_ENTER) {
		next(u, s);
		return true;
	}
	switch (s->step) {
	case STEP_LABEL: return ui_form_key(&s->form_label, key);
	case STEP_COUNTRIES: return ui_form_key(&s->form_countries, key);
	case STEP_PERSON: return ui_form_key(&s->form_person, key);
	case STEP_PASS: return ui_form_key(&s->form_pass, key);
	case STEP_REGIMES:
		if (key == ' ' && s->nreg) {
			s->reg_on[s->reg_list.sel] = !s->reg_on[s->reg_list.sel];
			return true;
		}
		return false;
	}
	return false;
}

static bool newcase_action(struct ui *u, enum ui_action a)
{
	struct newcase_st *s = st(u);
	if (s->step == STEP_REGIMES && ui_list_nav(&s->reg_list, a, ui_body_rows() - 5))
		return true;
	if (a == UI_A_BACK && s->step > STEP_LABEL) {
		if (s->step == STEP_PASS) {
			rc_secret_clear(s->f_pass[0].secret);
			rc_secret_clear(s->f_pass[1].secret);
			s->form_pass.cur = 0;
		}
		s->step--;
		return true;
	}
	if (a == UI_A_SELECT) {
		next(u, s);
		return true;
	}
	return false;
}

static const enum ui_action newcase_actions[] = {
	UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_newcase = {
	.name = "newcase",
	.state_size = sizeof(struct newcase_st),
	.init = newcase_init,
	.draw = newcase_draw,
	.action = newcase_action,
	.key = newcase_key,
	.leave = newcase_leave,
	.actions = newcase_actions,
	.sensitive = true,
};
