/* scr_entry.c - write down one access by hand (from a paper letter),
 * as "recourse log add" does: source "manual", id = hash of the fields. */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

void ui_log_reload(void);

enum { EF_WHEN, EF_AUTH, EF_COUNTRY, EF_ROLE, EF_SYSTEM, EF_ACTION, EF_CATS, EF_PURPOSE, EF_LEGAL,
	EF_OUTCOME, EF_DOC, EF_NOTE, EF_N };
static struct ui_field fields[EF_N];
static struct ui_form form = { fields, EF_N, 0, 0 };
static const char *action_choices[RC_ACT_COUNT];
static const char *outcome_choices[RC_OUT_COUNT];
static bool active;

static void fill_choices(void)
{
	for (int i = 0; i < RC_ACT_COUNT; i++)
		action_choices[i] = rc_action_label((enum rc_action)i);
	for (int i = 0; i < RC_OUT_COUNT; i++)
		outcome_choices[i] = rc_outcome_label((enum rc_outcome)i);
}

static void entry_enter(struct ui *u)
{
	if (active)
		return;
	active = true;
	/* TRANSLATORS: manual entry form: field labels and the hint shown under each. */
	ui_field_init(&fields[EF_WHEN], FK_TEXT, N_("When"), N_("The date of the access, like 2024-05-22 or 2024-05-22T08:15:00Z. Needed."), 40);
	ui_field_init(&fields[EF_AUTH], FK_TEXT, N_("Authority"), N_("Who looked at the record, as the letter names them. Needed."), 160);
	ui_field_init(&fields[EF_COUNTRY], FK_TEXT, N_("Country"), N_("The authority's country, two letters, for example DE."), 2);
	ui_field_init(&fields[EF_ROLE], FK_TEXT, N_("Role or unit"), N_("The office or unit, if the letter says."), 160);
	ui_field_init(&fields[EF_SYSTEM], FK_TEXT, N_("System"), N_("The database, for example Eurodac, if the letter says."), 160);
	ui_field_init(&fields[EF_ACTION], FK_CHOICE, N_("Did what"), N_("Space or the arrows change the choice."), 0);
	ui_field_init(&fields[EF_CATS], FK_TEXT, N_("Data touched"), N_("Any of: fingerprints, face-image, iris, biographic, other (with commas)."), 120);
	ui_field_init(&fields[EF_PURPOSE], FK_TEXT, N_("Purpose given"), N_("Why they say they looked, if the letter says."), 190);
	ui_field_init(&fields[EF_LEGAL], FK_TEXT, N_("Legal basis"), N_("The law or article they name, if any."), 190);
	ui_field_init(&fields[EF_OUTCOME], FK_CHOICE, N_("Result"), N_("Space or the arrows change the choice."), 0);
	ui_field_init(&fields[EF_DOC], FK_TEXT, N_("From which letter"), N_("For example: letter of 2024-06-01 from the Dublin unit."), 190);
	ui_field_init(&fields[EF_NOTE], FK_TEXT, N_("Note"), N_("Anything else worth keeping."), 190);
	fill_choices();
	fields[EF_ACTION].choices = action_choices;
	fields[EF_ACTION].nchoices = RC_ACT_COUNT;
	fields[EF_ACTION].literal_choices = true;
	fields[EF_ACTION].choice = RC_ACT_READ;
	fields[EF_OUTCOME].choices = outcome_choices;
	fields[EF_OUTCOME].nchoices = RC_OUT_COUNT;
	fields[EF_OUTCOME].literal_choices = true;
	form.cur = 0;
}

static void entry_leave(struct ui *u)
{
	active = false;
	for (int i = 0; i < EF_N; i++)
		ui_field_wipe(&fields[i]);
}

static void entry_draw(struct ui *u)
{
	fill_choices();
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
	y = ui_form_draw(&form, y, rows < EF_N ? rows : EF_N) + 1;
	ui_para(y, 2, _(fields[form.cur].hint), R_HINT);
}

static char *opt(int i)
{
	char *s = ui_field_utf8(&fields[i]);
	if (!*s) {
		free(s);
		return NULL;
	}
	char *t = rc_text_sanitize(s, strlen(s), false);
	explicit_bzero(s, strlen(s));
	free(s);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

static void save(struct ui *u)
{
	struct rc_event ev;
	rc_event_init(&ev);
	char *when = opt(EF_WHEN);
	char norm[32];
	if (!when || !rc_date_parse(when, &ev.occurred_ts, norm, sizeof norm)) {
		ui_message(u, true, _("\"%s\" is not a date. Write it like 2024-05-22."), when ? when : "");
		form.cur = EF_WHEN;
		free(when);
		return;
	}
	free(when);
	ev.occurred = rc_xstrdup(norm);
	ev.authority = opt(EF_AUTH);
	if (!ev.authority) {
		/* TRANSLATORS: manual entry form, when the authority is empty. */
		ui_message(u, true, "%s", _("Write who looked at the record."));
		form.cur = EF_AUTH;
		rc_event_clear(&ev);
		return;
	}
	char *cc = opt(EF_COUNTRY);
	if (cc && (strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) || !isalpha((unsigned char)cc[1]))) {
		ui_message(u, true, "%s", _("A country is two letters, for example DE."));
		form.cur = EF_COUNTRY;
		free(cc);
		rc_event_clear(&ev);
		return;
	}
	if (cc) {
		cc[0] = (char)toupper((unsigned char)cc[0]);
		cc[1] = (char)toupper((unsigned char)cc[1]);
	}
	ev.authority_country = cc;
	char *cats = opt(EF_CATS);
	if (cats && !rc_categories_parse(cats, &ev.categories)) {
		/* TRANSLATORS: manual entry form. */
		ui_message(u, true, "%s", _("Data touched: use fingerprints, face-image, iris, biographic or other, with commas."));
		form.cur = EF_CATS;
		free(cats);
		rc_event_clear(&ev);
		return;
	}
	free(cats);
	ev.role = opt(EF_ROLE);
	ev.system = opt(EF_SYSTEM);
	ev.action = (enum rc_action)fields[EF_ACTION].choice;
	ev.outcome = (enum rc_outcome)fields[EF_OUTCOME].choice;
	ev.purpose = opt(EF_PURPOSE);
	ev.legal_basis = opt(EF_LEGAL);
	ev.origin = opt(EF_DOC);
	if (!ev.origin)
		ev.origin = rc_xstrdup("manual entry");
	ev.note = opt(EF_NOTE);
	ev.source = rc_xstrdup("manual");
	ev.ext_id = rc_event_hash_id(&ev);

	struct rc_flag_ctx ctx;
	struct rc_event_tx *tx = NULL;
	enum rc_status st = rc_case_flag_ctx(u->c, ui_regimes_dir(), &ctx);
	if (st == RC_OK) {
		st = rc_events_begin(u->c, &ctx, &tx);
		if (st == RC_OK)
			st = rc_events_put(tx, &ev);
		bool dup = st == RC_OK && rc_events_counts(tx)->added == 0;
		if (st == RC_OK)
			st = rc_events_commit(&tx, "manual entry");
		else
			rc_events_rollback(&tx);
		rc_flag_ctx_clear(&ctx);
		if (st == RC_OK) {
			int64_t id = ev.id;
			rc_event_clear(&ev);
			ui_log_reload();
			ui_pop(u);
			if (dup)
				/* TRANSLATORS: after saving a manual entry that was already there. */
				ui_message(u, false, _("This access was already in the case (number %" PRId64 ")."), id);
			else
				/* TRANSLATORS: after saving a manual entry. */
				ui_message(u, false, _("Saved. The access has number %" PRId64 "."), id);
			return;
		}
	}
	rc_event_clear(&ev);
	ui_message(u, true, "%s %s", rc_status_message(st), rc_error_detail());
}

static bool entry_key(struct ui *u, int key)
{
	if (key == UI_KEY_ENTER) {
		if (form.cur < EF_N - 1)
			form.cur++;
		else
			save(u);
		return true;
	}
	return ui_form_key(&form, key);
}

static bool entry_action(struct ui *u, enum ui_action a)
{
	if (a == UI_A_SAVE) {
		save(u);
		return true;
	}
	return ui_form_action(&form, a);
}

static void entry_click(struct ui *u, int row)
{
	ui_form_click(&form, row - 2);
}

static const enum ui_action entry_actions[] = { UI_A_SAVE, UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_entry = {
	.name = "entry",
	.enter = entry_enter,
	.draw = entry_draw,
	.action = entry_action,
	.key = entry_key,
	.click = entry_click,
	.leave = entry_leave,
	.actions = entry_actions,
	.sensitive = true,
};
