/* scr_reqstep.c - record a step of a request (as "recourse request
 * move"): the new state, offered among those the law allows from where
 * the request stands (rc_op_request_can_move), the day (typed in the
 * form the screen shows dates, any of the digits recourse draws), how it
 * was sent (to "sent"), what was answered (to "answered"), whether the
 * authority gave reasons (to "more time"), the day the authority received
 * the request when it says so (the period runs from it), the authority's
 * country, what was sent or said, typed here, and the file that proves
 * the step (a receipt, a scan, the answer: chosen on a USB stick or in
 * the home folder with the import's file chooser, kept inside the case
 * when the step is saved).  Anything else the case operations refuse is
 * shown with their reason.  Esc with something typed asks first. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui-int.h"

enum { SF_TO, SF_DAY, SF_CHANNEL, SF_RECEIVED, SF_ANSWER, SF_REASONS, SF_COUNTRY, SF_PROOF, SF_DETAIL, SF_N };

struct step_st {
	struct ui_field f[SF_N];
	struct ui_form form;
	enum rc_request_state to[RC_RS_COUNT]; /* the states offered */
	const char *to_labels[RC_RS_COUNT];
	const char *ch_labels[RC_CH_COUNT];
	const char *ans_labels[RC_AK_COUNT - 1];
	const char *yes_no[2];
	const char *proof_labels[2]; /* no file, the file chosen */
	char *proof_path;            /* the file chosen (malloc'ed), NULL: none */
	char proof_shown[256];
	int nto;
	uint64_t start_sum;
	int start_choice[SF_N];
	char from_label[160];
};

static struct step_st *st(struct ui *u)
{
	return ui_st(u, SCR_REQSTEP);
}

static void fill_labels(struct step_st *s)
{
	for (int i = 0; i < s->nto; i++)
		s->to_labels[i] = rc_request_state_label(s->to[i]);
	for (int i = 0; i < RC_CH_COUNT; i++)
		s->ch_labels[i] = rc_channel_label((enum rc_channel)i);
	for (int i = 1; i < RC_AK_COUNT; i++)
		s->ans_labels[i - 1] = rc_answer_kind_label((enum rc_answer_kind)i);
	/* TRANSLATORS: recording a step: did the authority give its reasons for taking more time. */
	s->yes_no[0] = _("no reasons given");
	s->yes_no[1] = _("with reasons");
	/* TRANSLATORS: recording a step: no file proves it (yet); Enter chooses one. */
	s->proof_labels[0] = _("no file (Enter: choose one)");
	s->proof_labels[1] = s->proof_shown;
}

static uint64_t texts_sum(const struct step_st *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (int i = 0; i < SF_N; i++) {
		if (s->f[i].kind != FK_TEXT)
			continue;
		for (int j = 0; j <= s->f[i].len; j++) {
			h ^= (uint64_t)(uint32_t)s->f[i].buf[j];
			h *= 1099511628211ULL;
		}
	}
	return h;
}

static bool changed(const struct step_st *s)
{
	for (int i = 0; i < SF_N; i++)
		if (s->f[i].kind == FK_CHOICE && s->f[i].choice != s->start_choice[i])
			return true;
	return texts_sum(s) != s->start_sum;
}

static void step_init(struct ui *u)
{
	struct step_st *s = st(u);
	struct rc_request_row r;
	memset(&r, 0, sizeof r);
	if (u->c && rc_case_request_get(u->c, u->request_id, &r) == RC_OK) {
		for (int i = 0; i < RC_RS_COUNT; i++) {
			const char *why;
			if (rc_op_request_can_move(&r, (enum rc_request_state)i, &why))
				s->to[s->nto++] = (enum rc_request_state)i;
		}
		enum rc_request_state cur;
		if (r.state && rc_request_state_parse(r.state, &cur))
			snprintf(s->from_label, sizeof s->from_label, "%s", r.state);
	}
	rc_request_row_clear(&r);
	struct ui_field *f = s->f;
	/* TRANSLATORS: recording a step of a request: field labels and hints. */
	ui_field_init(&f[SF_TO], FK_CHOICE, N_("What happened"), N_("Space or Left/Right: only the steps the law allows from where the request stands are offered."), 0);
	ui_field_init(&f[SF_DAY], FK_TEXT, N_("On which day"), N_("The day it happened, in the form the screen shows dates. Not a day in the future."), 40);
	ui_field_init(&f[SF_CHANNEL], FK_CHOICE, N_("How it was sent"), N_("Only for \"sent\": how the request reached the authority."), 0);
	ui_field_init(&f[SF_RECEIVED], FK_TEXT, N_("Received on"), N_("The day the authority received the request, when a receipt or its answer says so: the time it has to answer counts from that day. Empty: the day it was sent."), 40);
	ui_field_init(&f[SF_ANSWER], FK_CHOICE, N_("The answer"), N_("Only for \"answered\": what the authority answered."), 0);
	ui_field_init(&f[SF_REASONS], FK_CHOICE, N_("Reasons for more time"), N_("Only for \"took more time\": whether the authority said why. Without reasons the extension does not count."), 0);
	ui_field_init(&f[SF_COUNTRY], FK_TEXT, N_("Authority's country"), N_("Two letters, for example DE, when it is now known: its public holidays count in the deadline. May stay empty."), 8);
	ui_field_init(&f[SF_PROOF], FK_CHOICE, N_("Proof"), N_("Press Enter to choose the file that proves this step (a receipt, a scan of the stamped copy, an e-mail with its headers, the answer) on a USB stick or in your home folder. A copy is kept inside the case."), 0);
	ui_field_init(&f[SF_DETAIL], FK_TEXT, N_("What was sent or said"), N_("For example the number of a registered letter, or what the authority wrote. Kept in the case only."), 190);
	fill_labels(s);
	f[SF_TO].choices = s->to_labels;
	f[SF_TO].nchoices = s->nto;
	f[SF_TO].literal_choices = true;
	f[SF_CHANNEL].choices = s->ch_labels;
	f[SF_CHANNEL].nchoices = RC_CH_COUNT;
	f[SF_CHANNEL].literal_choices = true;
	f[SF_CHANNEL].choice = RC_CH_POST;
	f[SF_ANSWER].choices = s->ans_labels;
	f[SF_ANSWER].nchoices = RC_AK_COUNT - 1;
	f[SF_ANSWER].literal_choices = true;
	f[SF_REASONS].choices = s->yes_no;
	f[SF_REASONS].nchoices = 2;
	f[SF_REASONS].literal_choices = true;
	f[SF_PROOF].choices = s->proof_labels;
	f[SF_PROOF].nchoices = 1;
	f[SF_PROOF].literal_choices = true;
	/* Today, in the form the screen shows dates. */
	char d[64];
	struct rc_ymd today = rc_op_today();
	char iso[RC_YMD_LEN];
	rc_ymd_format(today, iso);
	if (ui_day_shown(iso, d, sizeof d))
		ui_field_set(&f[SF_DAY], d);
	s->form = (struct ui_form){ s->f, SF_N, 0, 0 };
	for (int i = 0; i < SF_N; i++)
		s->start_choice[i] = f[i].choice;
	s->start_sum = texts_sum(s);
}

/* Back from the file chooser: the proof it handed over. */
static void step_enter(struct ui *u)
{
	struct step_st *s = st(u);
	if (!u->proof_path)
		return;
	free(s->proof_path);
	s->proof_path = u->proof_path;
	u->proof_path = NULL;
	snprintf(s->proof_shown, sizeof s->proof_shown, "%s", u->proof_shown);
	explicit_bzero(u->proof_shown, sizeof u->proof_shown);
	s->f[SF_PROOF].nchoices = 2;
	s->f[SF_PROOF].choice = 1;
}

static void step_leave(struct ui *u)
{
	struct step_st *s = st(u);
	for (int i = 0; i < SF_N; i++)
		ui_field_wipe(&s->f[i]);
	if (s->proof_path) {
		explicit_bzero(s->proof_path, strlen(s->proof_path));
		free(s->proof_path);
		s->proof_path = NULL;
	}
	explicit_bzero(s->proof_shown, sizeof s->proof_shown);
}

static void step_draw(struct ui *u)
{
	struct step_st *s = st(u);
	fill_labels(s);
	char t[256], num[32], k[16];
	snprintf(num, sizeof num, "%" PRId64, u->request_id);
	ui_local_digits(num, sizeof num);
	/* TRANSLATORS: title of the form that records a step; %s is the request's number. */
	snprintf(t, sizeof t, _("Record a step of request %s"), num);
	ui_title(t);
	int y = ui_body_top();
	enum rc_request_state cur;
	if (rc_request_state_parse(s->from_label, &cur)) {
		/* TRANSLATORS: recording a step: where the request stands now; %s is a state ("sent"). */
		snprintf(t, sizeof t, _("Where it stands now: %s"), rc_request_state_label(cur));
		ui_text(y++, 2, COLS - 4, t, R_HEADER, AL_START);
	}
	ui_action_key_name(UI_A_SAVE, k, sizeof k);
	snprintf(t, sizeof t, _("Move with Tab or the arrows. Press %s to save."), k);
	ui_text(y++, 2, COLS - 4, t, R_NORMAL, AL_START);
	y++;
	if (!s->nto) {
		/* TRANSLATORS: recording a step when the request is closed. */
		ui_text(y, 2, COLS - 4, _("No step can follow: the request is closed."), R_HINT, AL_START);
		return;
	}
	y = ui_form_draw(&s->form, y, SF_N) + 1;
	ui_para(y, 2, _(s->f[s->form.cur].hint), R_HINT);
}

/* The typed day as the case operations read it (2026-04-02), or the
 * text as typed when it is no date (the operation then says why). */
static char *day_iso(const char *typed)
{
	int64_t ts;
	if (!ui_date_parse(typed, &ts))
		return rc_xstrdup(typed);
	time_t t = (time_t)ts;
	struct tm tm;
	gmtime_r(&t, &tm);
	char b[16];
	strftime(b, sizeof b, "%Y-%m-%d", &tm);
	return rc_xstrdup(b);
}

static void save(struct ui *u, struct step_st *s)
{
	if (!s->nto)
		return;
	enum rc_request_state to = s->to[s->f[SF_TO].choice];
	char *typed = ui_field_utf8(&s->f[SF_DAY]);
	char *day = day_iso(typed);
	char *country = ui_field_utf8(&s->f[SF_COUNTRY]);
	char *detail = ui_field_utf8(&s->f[SF_DETAIL]);
	char *rtyped = ui_field_utf8(&s->f[SF_RECEIVED]);
	char *received = *rtyped ? day_iso(rtyped) : NULL;
	int proof_fd = -1;
	const char *proof_name = NULL;
	if (s->proof_path && s->f[SF_PROOF].choice == 1) {
		proof_fd = open(s->proof_path, O_RDONLY | O_CLOEXEC);
		if (proof_fd < 0) {
			/* TRANSLATORS: recording a step: the proof chosen can no longer be read (a stick pulled out); %s says why. */
			ui_message(u, true, _("The proof cannot be read: %s. Put the stick back, or choose the file again."), strerror(errno));
			explicit_bzero(detail, strlen(detail));
			free(detail);
			free(country);
			free(typed);
			free(day);
			free(rtyped);
			free(received);
			return;
		}
		const char *b = strrchr(s->proof_path, '/');
		proof_name = b ? b + 1 : s->proof_path;
	}
	struct rc_request_move m = {
		.to = rc_request_state_id(to),
		.day = day,
		.channel = to == RC_RS_FILED ? rc_channel_id((enum rc_channel)s->f[SF_CHANNEL].choice) : NULL,
		.answer = to == RC_RS_ANSWERED ? rc_answer_kind_id((enum rc_answer_kind)(s->f[SF_ANSWER].choice + 1)) : NULL,
		.reasons = to == RC_RS_EXTENDED && s->f[SF_REASONS].choice == 1,
		.detail = *detail ? detail : NULL,
		.controller = *country ? country : NULL,
		.received = received,
		.proof_fd = proof_fd,
		.proof_name = proof_name,
	};
	enum rc_status rs = rc_op_request_move(u->c, u->request_id, &m, NULL, NULL);
	if (proof_fd >= 0)
		close(proof_fd);
	free(rtyped);
	free(received);
	explicit_bzero(detail, strlen(detail));
	free(detail);
	free(country);
	free(typed);
	free(day);
	if (rs != RC_OK) {
		if (rs == RC_INVALID && *rc_error_detail())
			ui_message(u, true, "%s", rc_error_detail());
		else
			ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
		return;
	}
	struct rc_request_view v;
	enum rc_next_action next = RC_NEXT_NONE;
	if (rc_op_request_view(u->c, u->request_id, rc_op_today(), &v) == RC_OK) {
		next = v.next;
		rc_request_view_clear(&v);
	}
	ui_pop(u);
	/* TRANSLATORS: after recording a step of a request; %s is what to do next. */
	ui_message(u, false, _("The step was recorded. Next: %s."), rc_next_action_label(next));
}

static bool step_key(struct ui *u, int key)
{
	struct step_st *s = st(u);
	if (!s->nto) /* closed: nothing to choose (Esc goes back) */
		return key != UI_KEY_ESC && !(key & UI_KEY_FN);
	if (key == UI_KEY_ENTER && s->form.cur == SF_PROOF) {
		u->files_for_proof = true;
		ui_push(u, SCR_FILES);
		return true;
	}
	if (key == UI_KEY_ENTER) {
		if (s->form.cur < s->form.n - 1)
			s->form.cur++;
		else
			save(u, s);
		return true;
	}
	return ui_form_key(&s->form, key);
}

static bool step_action(struct ui *u, enum ui_action a)
{
	struct step_st *s = st(u);
	if (a == UI_A_SAVE) {
		save(u, s);
		return true;
	}
	if (a == UI_A_BACK) {
		if (ui_confirm_discard(u, changed(s)))
			ui_pop(u);
		return true;
	}
	if (!s->nto)
		return true;
	return ui_form_action(&s->form, a);
}

static void step_click(struct ui *u, int row)
{
	if (st(u)->nto)
		ui_form_click(&st(u)->form, row - 3);
}

static const enum ui_action step_actions[] = { UI_A_SAVE, UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_reqstep = {
	.name = "request-step",
	.state_size = sizeof(struct step_st),
	.init = step_init,
	.enter = step_enter,
	.draw = step_draw,
	.action = step_action,
	.key = step_key,
	.click = step_click,
	.leave = step_leave,
	.actions = step_actions,
	.sensitive = true,
};
