/* scr_request.c - one request: "What to do now" first (the next action,
 * the due date with the rule that produced it, "uncertain" with the
 * other date where the law is open, and where the request goes: who
 * must answer, directly or through the data protection authority, in
 * which languages), then the request itself and its timeline (every
 * step: the day, the state in words, who recorded it, what was sent or
 * said, the proof's name).  Actions above the text, Left/Right and
 * Enter (or their letter keys): record a step, show the letter, and,
 * when the answer is overdue, a reminder letter.  All of
 * it as "recourse request show" reads it (rc_op_request_view). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

enum { ACT_STEP, ACT_LETTER, ACT_REMIND, ACT_N };

struct req_st {
	struct rc_request_view v;
	bool have;
	struct rc_request_step *steps;
	size_t nsteps;
	struct rc_document *docs;
	size_t ndocs;
	struct ui_tview t;
	int act;             /* the action Enter does */
	int built_cols;
	char built_lang[16];
};

static struct req_st *st(struct ui *u)
{
	return ui_st(u, SCR_REQUEST);
}

static void forget(struct req_st *s)
{
	if (s->have)
		rc_request_view_clear(&s->v);
	s->have = false;
	rc_request_steps_free(&s->steps, s->nsteps);
	s->nsteps = 0;
	if (s->docs)
		rc_documents_free(&s->docs, s->ndocs);
	s->docs = NULL;
	s->ndocs = 0;
}

/* The answer is overdue today: a reminder can be written. */
static bool overdue(const struct req_st *s)
{
	return s->have && !s->v.r.answered && s->v.d.state == RC_DUE_OVERDUE;
}

static const char *doc_name(const struct req_st *s, int64_t id)
{
	for (size_t i = 0; i < s->ndocs; i++)
		if (s->docs[i].id == id)
			return s->docs[i].name;
	return NULL;
}

static const char *state_words(const char *id)
{
	enum rc_request_state rs;
	return id && rc_request_state_parse(id, &rs) ? rc_request_state_label(rs) : id;
}

/* Personal or outside text, cleaned before it is drawn (malloc'ed). */
static char *clean(const char *x)
{
	return x ? rc_text_sanitize(x, strlen(x), false) : NULL;
}

static void field_clean(struct ui_tview *t, const char *label, const char *x)
{
	char *c = clean(x);
	ui_tview_field(t, label, c);
	free(c);
}

static void field_day(struct ui_tview *t, const char *label, const char *iso)
{
	char d[64];
	if (ui_day_shown(iso, d, sizeof d))
		ui_tview_field(t, label, d);
}

static void build(struct ui *u, struct req_st *s)
{
	ui_tview_clear(&s->t);
	s->built_cols = COLS;
	snprintf(s->built_lang, sizeof s->built_lang, "%s", u->lang ? u->lang->code : "");
	if (!s->have)
		return;
	const struct rc_request_view *v = &s->v;
	struct ui_tview *t = &s->t;
	char b[1024];
	/* TRANSLATORS: request detail, heading of its first part. */
	ui_tview_add(t, _("What to do now:"), R_HEADER, 2);
	bool urgent = ui_request_urgent(v);
	snprintf(b, sizeof b, "%s%s", urgent ? "[!] " : "", rc_next_action_label(v->next));
	ui_tview_wrap(t, b, urgent ? R_FLAG : R_NORMAL, 4);
	if (v->explain) {
		ui_tview_wrap(t, v->explain, R_NORMAL, 4);
	} else if (v->d.state == RC_DUE_UNKNOWN) {
		/* TRANSLATORS: request detail, when no due date can be computed. */
		ui_tview_wrap(t, _("No due date is shown: the request names no legal regime, the regime gives no period "
		                   "for it, or the holiday calendar of the authority is not known. Check the deadline "
		                   "yourself."), R_HINT, 4);
	}
	const struct rc_request_rule *rule = rc_op_request_rule(&v->r);
	if (rule) {
		/* TRANSLATORS: request detail: who must answer, by the law. */
		ui_tview_field(t, _("Who must answer"), rule->addressee);
		/* TRANSLATORS: request detail: the route of the request. */
		ui_tview_field(t, _("Route"), rule->indirect ? _("only through the data protection authority (indirect access)")
		                                         : _("to the authority directly"));
		ui_tview_field(t, _("Languages the authority accepts"), rule->languages);
		if (rule->article) {
			snprintf(b, sizeof b, "%s%s%s", rule->article, rule->instrument ? ", " : "",
			         rule->instrument ? rule->instrument : "");
			ui_tview_field(t, _("The law it relies on"), b);
		}
		struct rc_buf e;
		rc_buf_init(&e);
		for (size_t i = 0; i < rule->n_esc; i++) {
			const struct rc_escalation *x = &rule->esc[i];
			rc_buf_printf(&e, "%s%zu. %s", i ? " " : "", i + 1, x->to ? x->to : "");
			if (x->article)
				rc_buf_printf(&e, " (%s%s%s)", x->article, x->instrument ? ", " : "",
				              x->instrument ? x->instrument : "");
		}
		if (e.len)
			ui_tview_field(t, _("If late or refused"), rc_buf_cstr(&e));
		rc_buf_free(&e);
		if (rule->uncertain) {
			/* TRANSLATORS: request detail; %s is the regime file's reason (in English). */
			snprintf(b, sizeof b, _("Uncertain: %s"), rule->uncertain);
			ui_tview_wrap(t, b, R_HINT, 4);
		}
	}
	ui_tview_add(t, "", R_NORMAL, 0);
	/* TRANSLATORS: request detail, heading above the request's fields. */
	ui_tview_add(t, _("The request:"), R_HEADER, 2);
	enum rc_request_kind k;
	ui_tview_field(t, _("Kind"), v->r.kind && rc_request_kind_parse(v->r.kind, &k) ? rc_request_kind_label(k) : v->r.kind);
	ui_tview_field(t, _("Regime"), v->r.regime);
	ui_tview_field(t, _("State"), state_words(v->r.state));
	char d[64];
	if (*v->due && ui_day_shown(v->due, d, sizeof d))
		ui_tview_field(t, _("Due"), d);
	/* the registry's own date, beside the legal one, never instead of it */
	if (v->r.expected_by && *v->r.expected_by) {
		if (!ui_day_shown(v->r.expected_by, d, sizeof d))
			snprintf(d, sizeof d, "%.40s", v->r.expected_by);
		/* TRANSLATORS: request detail: the date the registry says it will answer by (not the legal deadline). */
		ui_tview_field(t, _("The registry expects to answer by"), d);
	}
	if (v->r.remote_status && *v->r.remote_status) {
		const char *w = rc_op_remote_status_label(v->r.remote_status);
		/* TRANSLATORS: request detail: what the registry's online service says of the request now. */
		ui_tview_field(t, _("At the registry"), w ? w : v->r.remote_status);
	}
	field_clean(t, _("The registry's reason"), v->r.remote_reason);
	field_clean(t, _("Its reference at the registry"), v->r.remote_id);
	field_day(t, _("Sent"), v->r.filed);
	enum rc_channel ch;
	if (v->r.channel && rc_channel_parse(v->r.channel, &ch))
		ui_tview_field(t, _("How it was sent"), rc_channel_label(ch));
	field_day(t, _("Received by the authority"), v->r.received);
	field_clean(t, _("Addressed to"), v->r.addressee);
	field_clean(t, _("What is asked"), v->r.about);
	field_clean(t, _("What it should say"), v->r.correct_value);
	field_day(t, _("More time claimed on"), v->r.ext_notice);
	field_day(t, _("Answered on"), v->r.answered);
	enum rc_answer_kind ak;
	if (v->r.answer && rc_answer_kind_parse(v->r.answer, &ak))
		ui_tview_field(t, _("Answer"), rc_answer_kind_label(ak));
	field_day(t, _("Confirmed on"), v->r.confirmed);
	snprintf(b, sizeof b, "%" PRId64, v->r.id);
	ui_local_digits(b, sizeof b);
	/* TRANSLATORS: request detail: the request's number (as "recourse request list" shows it). */
	ui_tview_field(t, _("Number in this case"), b);
	ui_tview_add(t, "", R_NORMAL, 0);
	/* TRANSLATORS: request detail, heading above the timeline. */
	ui_tview_add(t, _("What happened, step by step:"), R_HEADER, 2);
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct rc_request_step *x = &s->steps[i];
		if (!ui_day_shown(x->day, d, sizeof d))
			snprintf(d, sizeof d, "%s", x->day ? x->day : "?");
		struct rc_buf l;
		rc_buf_init(&l);
		rc_buf_printf(&l, "%s  %s", d, state_words(x->to_state) ? state_words(x->to_state) : "");
		if (x->slot && *x->slot) {
			char *sl = clean(x->slot);
			/* TRANSLATORS: request timeline: who recorded the step (a key slot's label). */
			rc_buf_printf(&l, _(" (by %s)"), sl);
			free(sl);
		}
		ui_tview_wrap(t, rc_buf_cstr(&l), R_NORMAL, 4);
		rc_buf_free(&l);
		char *det = clean(x->detail);
		if (det && *det)
			ui_tview_wrap(t, det, R_NORMAL, 8);
		free(det);
		if (x->document) {
			const char *n = doc_name(s, x->document);
			char *nc = clean(n);
			char num[32];
			snprintf(num, sizeof num, "%" PRId64, x->document);
			ui_local_digits(num, sizeof num);
			/* TRANSLATORS: request timeline: the document that proves a step; %1$s its name, %2$s its number. */
			snprintf(b, sizeof b, _("Proof: %1$s (document %2$s)"), nc ? nc : "?", num);
			free(nc);
			ui_tview_wrap(t, b, R_HINT, 8);
		}
	}
	if (!s->nsteps)
		/* TRANSLATORS: request timeline, when nothing was recorded. */
		ui_tview_add(t, _("No step recorded yet."), R_HINT, 4);
}

static void load(struct ui *u, struct req_st *s)
{
	forget(s);
	if (!u->c)
		return;
	enum rc_status rs = rc_op_request_view(u->c, u->request_id, rc_op_today(), &s->v);
	if (rs == RC_OK)
		rs = rc_case_request_steps(u->c, u->request_id, &s->steps, &s->nsteps);
	if (rs == RC_OK && rc_case_documents(u->c, &s->docs, &s->ndocs) != RC_OK) {
		s->docs = NULL;
		s->ndocs = 0;
	}
	if (rs != RC_OK) {
		rc_request_view_clear(&s->v);
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
		return;
	}
	s->have = true;
}

static void req_enter(struct ui *u)
{
	struct req_st *s = st(u);
	int top = s->t.top;
	load(u, s);
	build(u, s);
	s->t.top = top;
}

static void req_leave(struct ui *u)
{
	struct req_st *s = st(u);
	ui_tview_clear(&s->t);
	forget(s);
}

/* The body less the line of the two actions. */
static int text_rows(void)
{
	return ui_body_rows() - 1;
}

static void req_draw(struct ui *u)
{
	struct req_st *s = st(u);
	if (s->built_cols != COLS || strcmp(s->built_lang, u->lang ? u->lang->code : "")) {
		int top = s->t.top;
		build(u, s);
		s->t.top = top;
	}
	char t[256], num[32];
	snprintf(num, sizeof num, "%" PRId64, u->request_id);
	ui_local_digits(num, sizeof num);
	enum rc_request_kind k;
	const char *kind = s->have && s->v.r.kind && rc_request_kind_parse(s->v.r.kind, &k) ? rc_request_kind_label(k) : "";
	/* TRANSLATORS: title of one request; %1$s is its number, %2$s its kind ("access to your data"). */
	snprintf(t, sizeof t, _("Request %1$s: %2$s"), num, kind);
	ui_title(t);
	int y = ui_body_top();
	/* The two actions, Left/Right choose, Enter does. */
	char ks[16], kl[16], a0[128], a1[128];
	ui_action_key_name(UI_A_STEP, ks, sizeof ks);
	ui_action_key_name(UI_A_LETTER, kl, sizeof kl);
	snprintf(a0, sizeof a0, "[ %s (%s) ]", _("Record a step"), ks);
	/* TRANSLATORS: request detail, an action: show the printable letter. */
	snprintf(a1, sizeof a1, "[ %s (%s) ]", _("Show the letter"), kl);
	if (s->act == ACT_REMIND && !overdue(s))
		s->act = ACT_STEP; /* a step was recorded since */
	int w0 = rc_text_width(a0), w1 = rc_text_width(a1);
	ui_text(y, 2, w0, a0, s->act == ACT_STEP ? R_SELECTED : R_FIELD, AL_START);
	ui_text(y, 4 + w0, w1, a1, s->act == ACT_LETTER ? R_SELECTED : R_FIELD, AL_START);
	int cy = y, cx = s->act == ACT_STEP ? 2 : 4 + w0;
	if (overdue(s)) {
		char kr[16], a2[128];
		ui_action_key_name(UI_A_REMIND, kr, sizeof kr);
		/* TRANSLATORS: request detail, an action shown when the answer is overdue: a reminder letter. */
		snprintf(a2, sizeof a2, "[ %s (%s) ]", _("Reminder"), kr);
		ui_text(y, 6 + w0 + w1, rc_text_width(a2), a2, s->act == ACT_REMIND ? R_SELECTED : R_FIELD, AL_START);
		if (s->act == ACT_REMIND)
			cx = 6 + w0 + w1;
	}
	y++;
	ui_tview_draw(&s->t, y, text_rows());
	ui_cursor_at(cy, cx);
}

static void do_act(struct ui *u, int act)
{
	struct req_st *s = st(u);
	if (!s->have)
		return;
	if (act == ACT_REMIND && !overdue(s)) {
		/* TRANSLATORS: w pressed on a request whose answer is not overdue. */
		ui_message(u, true, "%s", _("A reminder is for an answer that is overdue: this one is not."));
		return;
	}
	u->letter_reminder = act == ACT_REMIND;
	ui_push(u, act == ACT_STEP ? SCR_REQSTEP : SCR_REQLETTER);
}

static bool req_action(struct ui *u, enum ui_action a)
{
	struct req_st *s = st(u);
	if (ui_tview_nav(&s->t, a, text_rows()))
		return true;
	switch (a) {
	case UI_A_SELECT:
		do_act(u, s->act);
		return true;
	case UI_A_STEP:
		do_act(u, ACT_STEP);
		return true;
	case UI_A_LETTER:
		do_act(u, ACT_LETTER);
		return true;
	case UI_A_REMIND:
		do_act(u, ACT_REMIND);
		return true;
	case UI_A_ONLINE:
		ui_request_online(u, u->request_id, req_enter);
		return true;
	default:
		return false;
	}
}

/* Left and Right choose between the two actions (not in the footer:
 * they are not "next" and "previous" here). */
static bool req_key(struct ui *u, int key)
{
	if (key == (UI_KEY_FN | KEY_LEFT) || key == (UI_KEY_FN | KEY_RIGHT)) {
		struct req_st *s = st(u);
		int n = overdue(s) ? ACT_N : ACT_REMIND;
		bool fwd = key == ui_key_as_read(UI_KEY_FN | KEY_RIGHT);
		s->act = (s->act + (fwd ? 1 : n - 1)) % n;
		return true;
	}
	return false;
}

static void req_click(struct ui *u, int row)
{
	if (row == 0) {
		struct req_st *s = st(u);
		do_act(u, s->act);
	}
}

static const enum ui_action req_actions[] = {
	UI_A_STEP, UI_A_LETTER, UI_A_REMIND, UI_A_ONLINE, UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN,
	UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_request = {
	.name = "request",
	.state_size = sizeof(struct req_st),
	.enter = req_enter,
	.draw = req_draw,
	.action = req_action,
	.key = req_key,
	.click = req_click,
	.leave = req_leave,
	.actions = req_actions,
};
