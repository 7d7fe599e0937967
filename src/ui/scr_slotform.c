/* scr_slotform.c - add a key slot (label and passphrase twice), or give
 * a slot a new passphrase. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct slot_st {
	struct ui_field fields[3];
	struct ui_form form;
	int mode;                          /* u->slot_mode when pushed: 0 add, 1 new passphrase */
	char target[RC_LABEL_MAX + 1];     /* the slot (mode 1) */
};

static struct slot_st *st(struct ui *u)
{
	return ui_st(u, SCR_SLOTFORM);
}

static struct ui_field *pass_field(struct slot_st *s, int k)
{
	return &s->fields[(s->mode == 0 ? 1 : 0) + k];
}

static void slot_init(struct ui *u)
{
	struct slot_st *s = st(u);
	s->mode = u->slot_mode;
	snprintf(s->target, sizeof s->target, "%s", u->slot_target);
	int n = 0;
	if (s->mode == 0)
		/* TRANSLATORS: key slot form, field labels and hints. */
		ui_field_init(&s->fields[n++], FK_TEXT, N_("Slot label"), N_("Who holds it, for example counsel or office-recovery."), RC_LABEL_MAX);
	ui_field_init(&s->fields[n++], FK_SECRET, N_("New passphrase"), N_("At least 8 characters. It is not shown."), 0);
	ui_field_init(&s->fields[n++], FK_SECRET, N_("Same again"), N_("Type the same passphrase again."), 0);
	s->form = (struct ui_form){ s->fields, n, 0, 0 };
}

static void slot_leave(struct ui *u)
{
	struct slot_st *s = st(u);
	for (int i = 0; i < 3; i++)
		ui_field_wipe(&s->fields[i]);
}

static void slot_draw(struct ui *u)
{
	struct slot_st *s = st(u);
	char t[256];
	if (s->mode == 0)
		/* TRANSLATORS: title of the key slot form. */
		snprintf(t, sizeof t, "%s", _("Add a key slot"));
	else
		/* TRANSLATORS: title of the key slot form; %s is the slot label. */
		snprintf(t, sizeof t, _("New passphrase for key slot %s"), s->target);
	ui_title(t);
	int y = ui_body_top();
	/* TRANSLATORS: key slot form, explanation. */
	y = ui_para(y, 2, _("Whoever knows this passphrase can open the whole case. Nobody can get it back if it is forgotten."), R_NORMAL) + 1;
	y = ui_form_draw(&s->form, y, s->form.n) + 1;
	if (s->fields[s->form.cur].hint)
		ui_para(y, 2, _(s->fields[s->form.cur].hint), R_HINT);
}

/* Storing a passphrase is a task: its key derivation (Argon2id) takes
 * about a second.  The job owns what was typed. */
struct slot_job {
	struct rc_case *c;   /* the task's while it runs */
	char *label;         /* add: the new slot's label; NULL: new passphrase for target */
	char target[RC_LABEL_MAX + 1];
	struct rc_secret *pass;
	enum rc_status st;
	char detail[512];
};

/* On the worker: no curses, no struct ui. */
static void slot_work(void *p)
{
	struct slot_job *j = p;
	j->st = j->label ? rc_op_slot_add(j->c, j->label, j->pass) : rc_op_slot_passwd(j->c, j->target, j->pass);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
	rc_secret_free(&j->pass);
}

static void slot_done(struct ui *u, void *p)
{
	struct slot_job *j = p;
	if (j->st != RC_OK) {
		ui_message(u, true, "%s %s", rc_status_message(j->st), j->detail);
	} else {
		ui_pop(u);
		/* TRANSLATORS: after adding a key slot or changing its passphrase. */
		ui_message(u, false, "%s", _("Saved. The new passphrase opens this case."));
	}
	rc_secret_free(&j->pass);
	free(j->label);
	free(j);
}

static void submit(struct ui *u, struct slot_st *s)
{
	struct ui_field *p1 = pass_field(s, 0), *p2 = pass_field(s, 1);
	char *label = s->mode == 0 ? ui_field_utf8(&s->fields[0]) : NULL;
	if (label && !rc_slot_label_valid(label)) {
		/* TRANSLATORS: key slot form. */
		ui_message(u, true, "%s", _("Give the key slot a label of 1 to 64 characters."));
		s->form.cur = 0;
		free(label);
		return;
	}
	if (ui_secret_chars(p1->secret) < RC_PASSPHRASE_MIN) {
		ui_message(u, true, ngettext("The passphrase must have at least %d character.",
		                             "The passphrase must have at least %d characters.", RC_PASSPHRASE_MIN), RC_PASSPHRASE_MIN);
		rc_secret_clear(p1->secret);
		rc_secret_clear(p2->secret);
		s->form.cur = s->mode == 0 ? 1 : 0;
		free(label);
		return;
	}
	if (p1->secret->len != p2->secret->len || memcmp(p1->secret->data, p2->secret->data, p1->secret->len) != 0) {
		ui_message(u, true, "%s", _("The two passphrases are not the same. Type them again."));
		rc_secret_clear(p1->secret);
		rc_secret_clear(p2->secret);
		/* Both emptied: the next try starts on the first of them. */
		s->form.cur = s->mode == 0 ? 1 : 0;
		free(label);
		return;
	}
	struct slot_job *j = rc_xcalloc(1, sizeof *j);
	j->c = u->c;
	j->label = label;
	snprintf(j->target, sizeof j->target, "%s", s->target);
	j->pass = ui_field_take_secret(p1);
	rc_secret_clear(p2->secret);
	/* TRANSLATORS: shown while a passphrase is stored (takes a second). */
	if (!ui_busy_run(u, N_("Saving the passphrase..."), false, slot_work, j, slot_done)) {
		j->st = RC_ERR;
		slot_done(u, j);
	}
}

static bool slot_key(struct ui *u, int key)
{
	struct slot_st *s = st(u);
	if (key == UI_KEY_ENTER) {
		if (s->form.cur < s->form.n - 1)
			s->form.cur++;
		else
			submit(u, s);
		return true;
	}
	return ui_form_key(&s->form, key);
}

static bool slot_action(struct ui *u, enum ui_action a)
{
	struct slot_st *s = st(u);
	if (a == UI_A_SAVE) {
		submit(u, s);
		return true;
	}
	return ui_form_action(&s->form, a);
}

static const enum ui_action slot_actions[] = { UI_A_SAVE, UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_slotform = {
	.name = "slotform",
	.state_size = sizeof(struct slot_st),
	.init = slot_init,
	.draw = slot_draw,
	.action = slot_action,
	.key = slot_key,
	.leave = slot_leave,
	.actions = slot_actions,
	.sensitive = true,
};
