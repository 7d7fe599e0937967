/* scr_unlock.c - the passphrase, key by key into locked memory; no echo
 * but one '*' a character; after repeated failures the wait the case
 * itself keeps (rc_case_unlock_wait: it survives a restart), counted
 * down on the screen. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct unlock_st {
	struct ui_field fields[2];
	struct ui_form form;
	char **slot_names; /* [0] "any" (translated at draw), then labels */
	size_t nslots;
	double wait_until;
	int tick;          /* timer: the countdown, once a second */
};

static struct unlock_st *st(struct ui *u)
{
	return ui_st(u, SCR_UNLOCK);
}

static void wait_from_case(struct ui *u, struct unlock_st *s);

static void unlock_leave(struct ui *u)
{
	struct unlock_st *s = st(u);
	for (int i = 0; i < 2; i++)
		ui_field_wipe(&s->fields[i]);
	rc_strv_free(&s->slot_names, s->nslots);
	s->nslots = 0;
	ui_timer_cancel(s->tick);
}

static void unlock_init(struct ui *u)
{
	struct unlock_st *s = st(u);
	/* TRANSLATORS: unlock screen, the label before the hidden passphrase. */
	ui_field_init(&s->fields[0], FK_SECRET, N_("Passphrase"),
		/* TRANSLATORS: unlock screen, shown under the passphrase field. */
		N_("Type the passphrase of this case and press Enter. It is not shown; each * is one character."), 0);
	struct rc_slot_info *si = NULL;
	size_t n = 0;
	s->form = (struct ui_form){ s->fields, 1, 0, 0 };
	if (rc_case_slots(u->case_path, &si, &n) == RC_OK && n > 1) {
		s->nslots = n + 1;
		s->slot_names = rc_xcalloc(s->nslots, sizeof *s->slot_names);
		s->slot_names[0] = rc_xstrdup("");
		for (size_t i = 0; i < n; i++)
			s->slot_names[i + 1] = rc_text_sanitize(si[i].label, strlen(si[i].label), false);
		/* TRANSLATORS: unlock screen: which key slot to try (optional). */
		ui_field_init(&s->fields[1], FK_CHOICE, N_("Key slot"),
			N_("Which key slot to try. \"Any\" tries each one."), 0);
		s->fields[1].choices = (const char *const *)s->slot_names;
		s->fields[1].literal_choices = true;
		s->fields[1].nchoices = (int)s->nslots;
		s->form.n = 2;
	}
	free(si);
	wait_from_case(u, s);
}

static void tick(void *ud);

/* The wait the case asks for now (wrong passphrases before, maybe in
 * another run of the program), counted down from here. */
static void wait_from_case(struct ui *u, struct unlock_st *s)
{
	unsigned secs = 0;
	if (!u->case_path || rc_case_unlock_wait(u->case_path, &secs) != RC_OK || secs == 0)
		return;
	s->wait_until = rc_mono_ms() + secs * 1000.0;
	ui_timer_cancel(s->tick);
	s->tick = ui_timer_add(1000, tick, u);
	u->dirty = true;
}

static double wait_left(const struct unlock_st *s)
{
	double l = s->wait_until - rc_mono_ms();
	return l > 0 ? l : 0;
}

/* The countdown: a repaint at each whole second until the wait is over. */
static void tick(void *ud)
{
	struct ui *u = ud;
	struct unlock_st *s = st(u);
	u->dirty = true;
	if (!s)
		return;
	s->tick = 0;
	double left = wait_left(s);
	if (left > 0)
		s->tick = ui_timer_add(fmod(left, 1000.0) + 1, tick, u);
}

static void unlock_draw(struct ui *u)
{
	struct unlock_st *s = st(u);
	char t[256];
	/* TRANSLATORS: title of the unlock screen; %s is the case label. */
	snprintf(t, sizeof t, _("Open the case %s"), u->case_label ? u->case_label : "");
	ui_title(t);
	int y = ui_body_top();
	y = ui_para(y, 2, _(s->fields[0].hint), R_NORMAL) + 1;
	if (s->slot_names)
		free(s->slot_names[0]), s->slot_names[0] = rc_xstrdup(_("Any"));
	y = ui_form_draw(&s->form, y, 2) + 1;
	if (s->form.cur == 1)
		y = ui_para(y, 2, _(s->fields[1].hint), R_HINT) + 1;
	double left = wait_left(s);
	if (left > 0) {
		char m[256];
		int secs = (int)ceil(left / 1000);
		/* TRANSLATORS: unlock screen after several wrong passphrases (counted down). */
		snprintf(m, sizeof m, ngettext("Please wait %d second before the next try.",
		                               "Please wait %d seconds before the next try.", secs), secs);
		ui_local_digits(m, sizeof m);
		ui_text(y++, 2, COLS - 4, m, R_HEADER, AL_START);
		/* TRANSLATORS: unlock screen, under the countdown. */
		ui_para(y, 2, _("Several wrong passphrases were typed for this case. Each new wrong one makes the wait longer, also after the program is started again."), R_HINT);
	}
}

/* Unlocking is a task: the key derivation takes about a second.  The job
 * owns what was typed and, until the loop takes it, the open case. */
struct open_job {
	char *path, *slot;
	struct rc_secret *pass;
	struct rc_case *c;
	enum rc_status st;
	char detail[512];
	uint64_t new_accesses, new_flagged;
	unsigned failed;     /* wrong passphrases since the unlock before */
	bool tampered;       /* their record was removed or changed meanwhile */
};

/* On the worker: no curses, no struct ui. */
static void open_work(void *p)
{
	struct open_job *j = p;
	j->st = rc_case_open_as(j->path, j->slot, j->pass, &j->c);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
	rc_secret_free(&j->pass);
	if (j->st == RC_OK) {
		rc_case_unlock_report(j->c, &j->failed, &j->tampered);
		char mark[RC_LABEL_MAX + 8];
		snprintf(mark, sizeof mark, "visit:%s", rc_case_slot_label(j->c));
		if (rc_events_new_since_mark(j->c, mark, true, &j->new_accesses, &j->new_flagged) != RC_OK)
			j->new_accesses = j->new_flagged = 0;
	}
}

static void open_done(struct ui *u, void *p)
{
	struct open_job *j = p;
	struct unlock_st *s = st(u);
	if (j->st == RC_OK) {
		u->c = j->c;
		j->c = NULL;
		u->new_accesses = j->new_accesses;
		u->new_flagged = j->new_flagged;
		u->unlock_failed = j->failed;
		u->unlock_tampered = j->tampered;
		ui_replace(u, SCR_HOME);
		if (u->open_request) /* from the office board: on to its request (scr_board.c) */
			ui_push(u, SCR_REQUESTS);
	} else if (j->st == RC_BADPASS) {
		/* TRANSLATORS: unlock screen after a wrong passphrase. */
		ui_message(u, true, "%s %s", rc_status_message(j->st), _("Check the keyboard language and Caps Lock, then try again."));
		if (s)
			wait_from_case(u, s);
	} else if (j->st == RC_WAIT) {
		if (s)
			wait_from_case(u, s);
	} else {
		ui_message(u, true, "%s %s", rc_status_message(j->st), j->detail);
	}
	rc_case_close(&j->c);
	rc_secret_free(&j->pass);
	free(j->path);
	free(j->slot);
	free(j);
}

static void try_open(struct ui *u, struct unlock_st *s)
{
	struct rc_secret *pass = s->fields[0].secret;
	if (!pass || pass->len == 0) {
		/* TRANSLATORS: unlock screen, Enter with nothing typed. */
		ui_message(u, true, "%s", _("Type the passphrase first."));
		return;
	}
	struct open_job *j = rc_xcalloc(1, sizeof *j);
	j->path = rc_xstrdup(u->case_path);
	if (s->form.n > 1 && s->fields[1].choice > 0)
		j->slot = rc_xstrdup(s->slot_names[s->fields[1].choice]);
	j->pass = ui_field_take_secret(&s->fields[0]);
	/* TRANSLATORS: shown while the passphrase is checked (about a second). */
	if (!ui_busy_run(u, N_("Opening the case..."), false, open_work, j, open_done)) {
		j->st = RC_ERR;
		open_done(u, j);
	}
}

static bool unlock_key(struct ui *u, int key)
{
	struct unlock_st *s = st(u);
	if (wait_left(s) > 0 && !(key & UI_KEY_FN) && key != UI_KEY_ESC)
		return true; /* ignore typing while waiting */
	if (key == UI_KEY_ENTER) {
		if (wait_left(s) <= 0)
			try_open(u, s);
		return true;
	}
	return ui_form_key(&s->form, key);
}

static bool unlock_action(struct ui *u, enum ui_action a)
{
	return ui_form_action(&st(u)->form, a);
}

static void unlock_click(struct ui *u, int row)
{
	(void)u;
	(void)row;
}

static const enum ui_action unlock_actions[] = { UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_unlock = {
	.name = "unlock",
	.state_size = sizeof(struct unlock_st),
	.init = unlock_init,
	.draw = unlock_draw,
	.action = unlock_action,
	.key = unlock_key,
	.click = unlock_click,
	.leave = unlock_leave,
	.actions = unlock_actions,
	.sensitive = true,
};
