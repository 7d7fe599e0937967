/* scr_entry.c - write down one access by hand (from a paper letter),
 * as "recourse log add" does: source "manual", id = hash of the fields. */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

enum { EF_WHEN, EF_AUTH, EF_COUNTRY, EF_ROLE, EF_SYSTEM, EF_ACTION, EF_CATS, EF_PURPOSE, EF_LEGAL,
	EF_OUTCOME, EF_DOC, EF_NOTE, EF_N };
struct entry_st {
	struct ui_field fields[EF_N];
	struct ui_form form;
	const char *action_choices[RC_ACT_COUNT];
	const char *outcome_choices[RC_OUT_COUNT];
};

static struct entry_st *st(struct ui *u)
{
	return ui_st(u, SCR_ENTRY);
}

/* The labels of the choices, in the language of the moment. */
static void fill_choices(struct entry_st *s)
{
	for (int i = 0; i < RC_ACT_COUNT; i++)
		s->action_choices[i] = rc_action_label((enum rc_action)i);
	for (int i = 0; i < RC_OUT_COUNT; i++)
		s->outcome_choices[i] = rc_outcome_label((enum rc_outcome)i);
}

static void entry_init(struct ui *u)
{
	struct entry_st *s = st(u);
	struct ui_field *f = s->fields;
	/* TRANSLATORS: manual entry form: field labels and the hint shown under each. */
	ui_field_init(&f[EF_WHEN], FK_TEXT, N_("When"), N_("The date of the access, like 2024-05-22 or 2024-05-22T08:15:00Z. Needed."), 40);
	ui_field_init(&f[EF_AUTH], FK_TEXT, N_("Authority"), N_("Who looked at the record, as the letter names them. Needed."), 160);
	ui_field_init(&f[EF_COUNTRY], FK_TEXT, N_("Country"), N_("The authority's country, two letters, for example DE."), 2);
	ui_field_init(&f[EF_ROLE], FK_TEXT, N_("Role or unit"), N_("The office or unit, if the letter says."), 160);
	ui_field_init(&f[EF_SYSTEM], FK_TEXT, N_("System"), N_("The database, for example Eurodac, if the letter says."), 160);
	ui_field_init(&f[EF_ACTION], FK_CHOICE, N_("Did what"), N_("Space or the arrows change the choice."), 0);
	ui_field_init(&f[EF_CATS], FK_TEXT, N_("Data touched"), N_("Any of: fingerprints, face-image, iris, biographic, other (with commas)."), 120);
	ui_field_init(&f[EF_PURPOSE], FK_TEXT, N_("Purpose given"), N_("Why they say they looked, if the letter says."), 190);
	ui_field_init(&f[EF_LEGAL], FK_TEXT, N_("Legal basis"), N_("The law or article they name, if any."), 190);
	ui_field_init(&f[EF_OUTCOME], FK_CHOICE, N_("Result"), N_("Space or the arrows change the choice."), 0);
	ui_field_init(&f[EF_DOC], FK_TEXT, N_("From which letter"), N_("For example: letter of 2024-06-01 from the Dublin unit."), 190);
	ui_field_init(&f[EF_NOTE], FK_TEXT, N_("Note"), N_("Anything else worth keeping."), 190);
	fill_choices(s);
	f[EF_ACTION].choices = s->action_choices;
	f[EF_ACTION].nchoices = RC_ACT_COUNT;
	f[EF_ACTION].literal_choices = true;
	f[EF_ACTION].choice = RC_ACT_READ;
	f[EF_OUTCOME].choices = s->outcome_choices;
	f[EF_OUTCOME].nchoices = RC_OUT_COUNT;
	f[EF_OUTCOME].literal_choices = true;
	s->form = (struct ui_form){ s->fields, EF_N, 0, 0 };
}

static void entry_leave(struct ui *u)
{
	struct entry_st *s = st(u);
	for (int i = 0; i < EF_N; i++)
		ui_field_wipe(&s->fields[i]);
}

static void entry_draw(struct ui *u)
{
	struct entry_st *s = st(u);
	fill_choices(s);
	/* TRANSLATORS: title of the manual entry form. */
	ui_title(_("Write down an access from a letter"));
	int y = ui_body_top();
	char k[16], t[256];
	ui_action_key_name(UI_A_SAVE, k, sizeof k);
	/* TRANSLATORS: manual entry form; %s is the key that saves (F5). */
	snprintf(t, sizeof t, _("Move with Tab or the arrows. Press %s to save."), k);
	ui_text(y++, 2, COLS - 4, t, R_NORMAL, AL_START);
	y++;
	int rows = ui_body_rows() - 5;
	y = ui_form_draw(&s->form, y, rows < EF_N ? rows : EF_N) + 1;
	ui_para(y, 2, _(s->fields[s->form.cur].hint), R_HINT);
}

/* The form's field for an operation's field (for the cursor). */
static int field_of(enum rc_access_field f)
{
	switch (f) {
	case RC_AF_WHEN: return EF_WHEN;
	case RC_AF_AUTHORITY: return EF_AUTH;
	case RC_AF_COUNTRY: return EF_COUNTRY;
	case RC_AF_ROLE: return EF_ROLE;
	case RC_AF_SYSTEM: return EF_SYSTEM;
	case RC_AF_ACTION: return EF_ACTION;
	case RC_AF_CATEGORIES: return EF_CATS;
	case RC_AF_PURPOSE: return EF_PURPOSE;
	case RC_AF_LEGAL_BASIS: return EF_LEGAL;
	case RC_AF_OUTCOME: return EF_OUTCOME;
	case RC_AF_SOURCE_DOCUMENT: return EF_DOC;
	case RC_AF_NOTE: return EF_NOTE;
	default: return -1;
	}
}

static void save(struct ui *u, struct entry_st *s)
{
	struct ui_field *fields = s->fields;
	char *text[EF_N] = { 0 };
	for (int i = 0; i < EF_N; i++)
		if (fields[i].kind == FK_TEXT)
			text[i] = ui_field_utf8(&fields[i]);
	struct rc_manual_access in;
	rc_manual_access_init(&in);
	in.when = text[EF_WHEN];
	in.authority = text[EF_AUTH];
	in.country = text[EF_COUNTRY];
	in.role = text[EF_ROLE];
	in.system = text[EF_SYSTEM];
	in.action = (enum rc_action)fields[EF_ACTION].choice;
	in.categories = text[EF_CATS];
	in.purpose = text[EF_PURPOSE];
	in.legal_basis = text[EF_LEGAL];
	in.outcome = (enum rc_outcome)fields[EF_OUTCOME].choice;
	in.source_document = text[EF_DOC];
	in.note = text[EF_NOTE];
	struct rc_access_result res;
	enum rc_status rs = rc_op_access_add(u->c, &in, &res);
	for (int i = 0; i < EF_N; i++) {
		if (text[i])
			explicit_bzero(text[i], strlen(text[i]));
		free(text[i]);
	}
	if (rs == RC_OK) {
		ui_log_reload(u);
		ui_pop(u);
		if (res.duplicate)
			/* TRANSLATORS: after saving a manual entry that was already there. */
			ui_message(u, false, _("This access was already in the case (number %" PRId64 ")."), res.id);
		else
			/* TRANSLATORS: after saving a manual entry. */
			ui_message(u, false, _("Saved. The access has number %" PRId64 "."), res.id);
		return;
	}
	int f = rs == RC_INVALID ? field_of(res.bad) : -1;
	if (f >= 0)
		s->form.cur = f;
	ui_message(u, true, "%s", f >= 0 ? rc_error_detail() : rc_status_message(rs));
	if (f < 0 && *rc_error_detail())
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
}

static bool entry_key(struct ui *u, int key)
{
	struct entry_st *s = st(u);
	if (key == UI_KEY_ENTER) {
		if (s->form.cur < EF_N - 1)
			s->form.cur++;
		else
			save(u, s);
		return true;
	}
	return ui_form_key(&s->form, key);
}

static bool entry_action(struct ui *u, enum ui_action a)
{
	struct entry_st *s = st(u);
	if (a == UI_A_SAVE) {
		save(u, s);
		return true;
	}
	return ui_form_action(&s->form, a);
}

static void entry_click(struct ui *u, int row)
{
	ui_form_click(&st(u)->form, row - 2);
}

static const enum ui_action entry_actions[] = { UI_A_SAVE, UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_entry = {
	.name = "entry",
	.state_size = sizeof(struct entry_st),
	.init = entry_init,
	.draw = entry_draw,
	.action = entry_action,
	.key = entry_key,
	.click = entry_click,
	.leave = entry_leave,
	.actions = entry_actions,
	.sensitive = true,
};
