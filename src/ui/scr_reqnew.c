/* scr_reqnew.c - a new request, step by step: the kind, the regime (from
 * the case's regimes in the catalogue, each with where its requests go),
 * what is wrong (typed here only), the accesses it concerns (a list of
 * ticks, those with a warning first), then the letter as it would be
 * sent, and last: keep it as a draft, or record it as sent with the day
 * and the channel.  The letter is made by src/letter from the request as
 * stored, so the request is recorded as a draft when the preview opens
 * (the message says so); "sent" then records that step
 * (rc_op_request_move), as "recourse request move" does.
 *
 * Before the request is recorded, a risk check (rc_op_request_risks):
 * when what was typed would tell the authority a telephone number, an
 * e-mail address or a street address, Enter on "What is wrong" first
 * shows a warning and waits (take it out, or Enter again to keep it);
 * the warning is shown again where it is recorded as sent. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ui-int.h"

enum page { P_KIND, P_REGIME, P_WHAT, P_ACCESS, P_PREVIEW, P_FINISH, P_N };
enum { WF_ABOUT, WF_CORRECT, WF_ADDRESSEE, WF_COUNTRY, WF_N };
enum { FF_HOW, FF_DAY, FF_CHANNEL, FF_N };
#define MAX_REGIMES 32
#define MAX_ACCESSES 200

struct new_st {
	enum page page;
	struct ui_list kinds;
	struct ui_list regimes;
	char *reg_id[MAX_REGIMES];
	int nreg;
	struct ui_field wf[WF_N];
	struct ui_form wform;
	struct rc_event *ev;       /* the accesses offered, flagged first */
	size_t nev;
	bool *ticked;
	struct ui_list acc;
	int64_t id;                /* the draft, once recorded */
	char *letter;
	struct ui_tview t;
	struct ui_field ff[FF_N];
	struct ui_form fform;
	const char *how[2];
	const char *ch_labels[RC_CH_COUNT];
	unsigned risks;            /* what the typed texts would tell the authority (RC_RISK_*) */
	unsigned risks_seen;       /* the warning was shown for these: Enter again goes on */
};

static struct new_st *st(struct ui *u)
{
	return ui_st(u, SCR_REQNEW);
}

static enum rc_request_kind kind_of(const struct new_st *s)
{
	return (enum rc_request_kind)s->kinds.sel;
}

/* The case's regimes that give this kind of request today. */
static void load_regimes(struct ui *u, struct new_st *s)
{
	for (int i = 0; i < s->nreg; i++)
		free(s->reg_id[i]);
	s->nreg = 0;
	const struct rc_regimes *cat;
	if (rc_op_catalogue(&cat) != RC_OK)
		return;
	struct rc_case_meta m;
	memset(&m, 0, sizeof m);
	rc_case_meta_get(u->c, &m);
	struct rc_ymd today = rc_op_today();
	for (size_t i = 0; i < rc_regimes_count(cat) && s->nreg < MAX_REGIMES; i++) {
		const char *id = rc_regimes_id(cat, i);
		const struct rc_request_rule *r = rc_regimes_request_at(cat, id, kind_of(s), today);
		if (!r || !r->known || !r->available)
			continue;
		/* the case's own regimes only, when it names any */
		if (m.regimes && *m.regimes) {
			char pat[80];
			snprintf(pat, sizeof pat, ",%s,", id);
			char all[512];
			snprintf(all, sizeof all, ",%s,", m.regimes);
			for (char *p = all; *p; p++)
				if (*p == ' ')
					memmove(p, p + 1, strlen(p));
			if (!strstr(all, pat))
				continue;
		}
		s->reg_id[s->nreg++] = rc_xstrdup(id);
	}
	rc_case_meta_clear(&m);
	s->regimes.n = s->nreg;
	if (s->regimes.sel >= s->nreg)
		s->regimes.sel = 0;
}

/* The case's accesses, those with a warning first, at most MAX_ACCESSES. */
static void load_accesses(struct ui *u, struct new_st *s)
{
	s->ev = rc_xcalloc(MAX_ACCESSES, sizeof *s->ev);
	for (int pass = 0; pass < 2 && s->nev < MAX_ACCESSES; pass++) {
		struct rc_event_filter f;
		rc_event_filter_init(&f);
		if (pass == 0)
			f.flag = RC_FLAGGED_ANY;
		struct rc_event_cursor cur = { 0 };
		struct rc_event page[64];
		size_t n;
		while (s->nev < MAX_ACCESSES &&
		       rc_events_page(u->c, &f, &cur, 64, page, &n) == RC_OK && n) {
			for (size_t i = 0; i < n; i++) {
				if ((pass == 1 && page[i].flags) || s->nev == MAX_ACCESSES) {
					rc_event_clear(&page[i]);
					continue;
				}
				s->ev[s->nev++] = page[i];
			}
			if (n < 64)
				break;
		}
	}
	s->ticked = rc_xcalloc(s->nev ? s->nev : 1, sizeof *s->ticked);
	s->acc.n = (int)s->nev;
}

static void fill_labels(struct new_st *s)
{
	/* TRANSLATORS: the last step of a new request: keep it as a draft, or record that it was sent. */
	s->how[0] = _("Keep it as a draft (not sent yet)");
	s->how[1] = _("It was sent: record the day and how");
	for (int i = 0; i < RC_CH_COUNT; i++)
		s->ch_labels[i] = rc_channel_label((enum rc_channel)i);
}

static void new_init(struct ui *u)
{
	struct new_st *s = st(u);
	s->kinds.n = RC_REQ_KIND_COUNT;
	/* TRANSLATORS: new request, "what is wrong": field labels and hints. */
	ui_field_init(&s->wf[WF_ABOUT], FK_TEXT, N_("What is wrong or asked"), N_("Which data is wrong, which access you contest, or what you ask. Typed here only."), 190);
	ui_field_init(&s->wf[WF_CORRECT], FK_TEXT, N_("What it should say"), N_("For a correction or completion: the right value. Else leave it empty."), 190);
	ui_field_init(&s->wf[WF_ADDRESSEE], FK_TEXT, N_("Addressed to"), N_("The authority's name and address, if you know it. Else the law's addressee is used."), 190);
	ui_field_init(&s->wf[WF_COUNTRY], FK_TEXT, N_("Authority's country"), N_("Two letters, for example DE: its public holidays count in the deadline."), 8);
	s->wform = (struct ui_form){ s->wf, WF_N, 0, 0 };
	/* TRANSLATORS: new request, last step: field labels and hints. */
	ui_field_init(&s->ff[FF_HOW], FK_CHOICE, N_("Sent?"), N_("Space or Left/Right. A draft can be recorded as sent later (Record a step)."), 0);
	ui_field_init(&s->ff[FF_DAY], FK_TEXT, N_("On which day"), N_("The day it was sent, in the form the screen shows dates."), 40);
	ui_field_init(&s->ff[FF_CHANNEL], FK_CHOICE, N_("How it was sent"), N_("Space or Left/Right."), 0);
	fill_labels(s);
	s->ff[FF_HOW].choices = s->how;
	s->ff[FF_HOW].nchoices = 2;
	s->ff[FF_HOW].literal_choices = true;
	s->ff[FF_CHANNEL].choices = s->ch_labels;
	s->ff[FF_CHANNEL].nchoices = RC_CH_COUNT;
	s->ff[FF_CHANNEL].literal_choices = true;
	s->ff[FF_CHANNEL].choice = RC_CH_POST;
	char iso[RC_YMD_LEN], d[64];
	rc_ymd_format(rc_op_today(), iso);
	if (ui_day_shown(iso, d, sizeof d))
		ui_field_set(&s->ff[FF_DAY], d);
	s->fform = (struct ui_form){ s->ff, FF_N, 0, 0 };
}

static void drop_letter(struct new_st *s)
{
	ui_tview_clear(&s->t);
	if (s->letter) {
		explicit_bzero(s->letter, strlen(s->letter));
		free(s->letter);
		s->letter = NULL;
	}
}

static void new_leave(struct ui *u)
{
	struct new_st *s = st(u);
	for (int i = 0; i < WF_N; i++)
		ui_field_wipe(&s->wf[i]);
	for (int i = 0; i < FF_N; i++)
		ui_field_wipe(&s->ff[i]);
	for (int i = 0; i < s->nreg; i++)
		free(s->reg_id[i]);
	for (size_t i = 0; i < s->nev; i++)
		rc_event_clear(&s->ev[i]);
	free(s->ev);
	free(s->ticked);
	drop_letter(s);
}

static bool typed(const struct new_st *s)
{
	for (int i = 0; i < WF_N; i++)
		if (s->wf[i].len)
			return true;
	for (size_t i = 0; i < s->nev; i++)
		if (s->ticked[i])
			return true;
	return false;
}

/* The draft recorded (once), and its letter made for the preview. */
static bool record_draft(struct ui *u, struct new_st *s)
{
	if (!s->id) {
		char *t[WF_N];
		for (int i = 0; i < WF_N; i++)
			t[i] = ui_field_utf8(&s->wf[i]);
		int64_t acc[MAX_ACCESSES];
		size_t na = 0;
		for (size_t i = 0; i < s->nev; i++)
			if (s->ticked[i] && na < MAX_ACCESSES)
				acc[na++] = s->ev[i].id;
		struct rc_request_in in = {
			.kind = rc_request_kind_id(kind_of(s)),
			.regime = s->nreg ? s->reg_id[s->regimes.sel] : NULL,
			.about = *t[WF_ABOUT] ? t[WF_ABOUT] : NULL,
			.correct_value = *t[WF_CORRECT] ? t[WF_CORRECT] : NULL,
			.addressee = *t[WF_ADDRESSEE] ? t[WF_ADDRESSEE] : NULL,
			.controller = *t[WF_COUNTRY] ? t[WF_COUNTRY] : NULL,
			.accesses = acc,
			.n_accesses = na,
		};
		enum rc_status rs = rc_op_request_add(u->c, &in, NULL, NULL, &s->id);
		for (int i = 0; i < WF_N; i++) {
			explicit_bzero(t[i], strlen(t[i]));
			free(t[i]);
		}
		if (rs != RC_OK) {
			s->id = 0;
			if (*rc_error_detail())
				ui_message(u, true, "%s", rc_error_detail());
			else
				ui_message(u, true, "%s", rc_status_message(rs));
			return false;
		}
	}
	drop_letter(s);
	int fd = memfd_create("letter", MFD_CLOEXEC);
	if (fd >= 0) {
		struct rc_letter_opts o = { .lang = u->lang ? u->lang->code : NULL };
		enum rc_status rs = rc_op_request_letter(u->c, s->id, &o, fd);
		off_t len = rs == RC_OK ? lseek(fd, 0, SEEK_END) : -1;
		if (rs != RC_OK)
			ui_message(u, true, "%s", *rc_error_detail() ? rc_error_detail() : rc_status_message(rs));
		if (len > 0 && len < 16 * 1024 * 1024 && lseek(fd, 0, SEEK_SET) == 0) {
			s->letter = rc_xcalloc((size_t)len + 1, 1);
			ssize_t k, got = 0;
			while (got < len && (k = read(fd, s->letter + got, (size_t)(len - got))) > 0)
				got += k;
		}
		close(fd);
	}
	if (s->letter)
		ui_tview_wrap(&s->t, s->letter, R_NORMAL, 2);
	char num[32];
	snprintf(num, sizeof num, "%" PRId64, s->id);
	ui_local_digits(num, sizeof num);
	if (!u->msg[0])
		/* TRANSLATORS: new request, at the letter's preview; %s is the request's number. */
		ui_message(u, false, _("Recorded as draft number %s. Read the letter, then press Enter."), num);
	return true;
}

/* What the texts typed would tell the authority. */
static unsigned texts_risks(struct new_st *s)
{
	char *t[3] = { ui_field_utf8(&s->wf[WF_ABOUT]), ui_field_utf8(&s->wf[WF_CORRECT]),
		ui_field_utf8(&s->wf[WF_ADDRESSEE]) };
	const char *c[3] = { t[0], t[1], t[2] };
	unsigned r = rc_op_request_risks(c, 3);
	for (int i = 0; i < 3; i++) {
		explicit_bzero(t[i], strlen(t[i]));
		free(t[i]);
	}
	return r;
}

/* The warning, from row y: what the request would tell, and what to do. */
static int draw_risks(struct ui *u, const struct new_st *s, int y, bool can_change)
{
	(void)u;
	if (!s->risks)
		return y;
	char list[256] = "", t[700];
	const char *items[3];
	int n = 0;
	if (s->risks & RC_RISK_PHONE)
		items[n++] = _("a telephone number");
	if (s->risks & RC_RISK_EMAIL)
		items[n++] = _("an e-mail address");
	if (s->risks & RC_RISK_ADDRESS)
		items[n++] = _("a street address");
	for (int i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? _(", ") : "", items[i]);
	/* TRANSLATORS: new request wizard, the risk check; %s lists what was found ("a telephone number, a street address"). */
	snprintf(t, sizeof t, _("[!] Think before sending: this request would tell the authority %s."), list);
	y = ui_para(y, 2, t, R_FLAG);
	if (can_change)
		/* TRANSLATORS: new request wizard, the risk check, while the text can still be changed. */
		y = ui_para(y, 2, _("If the applicant does not want the authority to know it, take it out now. Enter again: keep it as it is."), R_FLAG);
	else
		/* TRANSLATORS: new request wizard, the risk check, on the last step (the draft is recorded). */
		y = ui_para(y, 2, _("If the applicant does not want the authority to know it, keep this as a draft and do not send it."), R_FLAG);
	return y;
}

static int body_rows_left(int used)
{
	return ui_body_rows() - used;
}

static void new_draw(struct ui *u)
{
	struct new_st *s = st(u);
	fill_labels(s);
	char t[512], k[16];
	static const char *const titles[P_N] = {
		/* TRANSLATORS: new request wizard, the title of each step ("1/6"). */
		N_("What kind of request?"), N_("Under which law?"), N_("What is wrong?"),
		N_("Which accesses does it concern?"), N_("The letter"), N_("Sent, or a draft?")
	};
	/* TRANSLATORS: new request wizard title: %1$d the step, %2$d how many, %3$s the step's title. */
	snprintf(t, sizeof t, _("New request (%1$d/%2$d): %3$s"), (int)s->page + 1, (int)P_N, _(titles[s->page]));
	ui_local_digits(t, sizeof t);
	ui_title(t);
	int y = ui_body_top();
	int ymax = ui_body_top() + ui_body_rows();
	switch (s->page) {
	case P_KIND:
		/* TRANSLATORS: new request wizard, step 1. */
		ui_text(y++, 2, COLS - 4, _("Up and Down choose, Enter goes on."), R_HINT, AL_START);
		y++;
		for (int i = 0; i < RC_REQ_KIND_COUNT && y < ymax; i++, y++)
			ui_row(y, i == s->kinds.sel, rc_request_kind_label((enum rc_request_kind)i), R_NORMAL);
		break;
	case P_REGIME: {
		if (!s->nreg) {
			/* TRANSLATORS: new request wizard, when no regime of the case gives this kind of request. */
			ui_para(y, 2, _("None of this case's laws gives this kind of request. Esc: choose another kind."), R_ERROR);
			break;
		}
		ui_text(y++, 2, COLS - 4, _("Up and Down choose, Enter goes on."), R_HINT, AL_START);
		for (int i = 0; i < s->nreg && y < ymax - 6; i++, y++)
			ui_row(y, i == s->regimes.sel, s->reg_id[i], R_NORMAL);
		y++;
		const struct rc_regimes *cat;
		const struct rc_request_rule *r = NULL;
		if (rc_op_catalogue(&cat) == RC_OK)
			r = rc_regimes_request_at(cat, s->reg_id[s->regimes.sel], kind_of(s), rc_op_today());
		if (r) {
			/* TRANSLATORS: new request wizard: where the request goes under the chosen law.
			 * %1$s who must answer, %2$s the route, %3$s the languages, %4$s the article. */
			snprintf(t, sizeof t, _("Who must answer: %1$s. Route: %2$s. Languages: %3$s. Law: %4$s."),
			         r->addressee ? r->addressee : "-",
			         r->indirect ? _("only through the data protection authority (indirect access)")
			                     : _("to the authority directly"),
			         r->languages ? r->languages : "-", r->article ? r->article : "-");
			ui_para(y, 2, t, R_NORMAL);
		}
		break;
	}
	case P_WHAT:
		ui_action_key_name(UI_A_SAVE, k, sizeof k);
		/* TRANSLATORS: new request wizard, step 3: Enter on the last field goes on. */
		ui_text(y++, 2, COLS - 4, _("Move with Tab or the arrows. Enter on the last field goes on."), R_HINT, AL_START);
		y++;
		y = ui_form_draw(&s->wform, y, WF_N) + 1;
		if (s->risks && s->risks_seen)
			draw_risks(u, s, y, true);
		else
			ui_para(y, 2, _(s->wf[s->wform.cur].hint), R_HINT);
		break;
	case P_ACCESS: {
		/* TRANSLATORS: new request wizard, step 4. */
		ui_text(y++, 2, COLS - 4, _("Space ticks the accesses the request is about ([!]: with a warning). Enter goes on."), R_HINT, AL_START);
		if (!s->nev) {
			ui_text(y + 1, 2, COLS - 4, _("No access is recorded in this case yet."), R_HINT, AL_START);
			break;
		}
		int page = ymax - y;
		ui_list_scroll(&s->acc, page);
		for (int i = s->acc.top; i < (int)s->nev && y < ymax; i++, y++) {
			const struct rc_event *e = &s->ev[i];
			char d[64];
			ui_fmt_time(e->occurred_ts, true, d, sizeof d);
			const char *body = rc_event_body(e);
			char *b = body ? rc_text_sanitize(body, strlen(body), false) : NULL;
			snprintf(t, sizeof t, "[%s] %s %s %s", s->ticked[i] ? "x" : " ", d, b ? b : "?",
			         e->flags ? "[!]" : "");
			free(b);
			ui_row(y, i == s->acc.sel, t, e->flags ? R_FLAG : R_NORMAL);
		}
		break;
	}
	case P_PREVIEW:
		ui_text(y++, 2, COLS - 4, _("The letter as it would be sent. Enter goes on."), R_HINT, AL_START);
		ui_tview_draw(&s->t, y, body_rows_left(1));
		break;
	case P_FINISH:
		ui_action_key_name(UI_A_SAVE, k, sizeof k);
		snprintf(t, sizeof t, _("Move with Tab or the arrows. Press %s to save."), k);
		ui_text(y++, 2, COLS - 4, t, R_NORMAL, AL_START);
		y++;
		y = ui_form_draw(&s->fform, y, s->ff[FF_HOW].choice ? FF_N : 1) + 1;
		y = ui_para(y, 2, _(s->ff[s->fform.cur].hint), R_HINT) + 1;
		draw_risks(u, s, y, false);
		break;
	default:
		break;
	}
}

static char *day_iso(const char *typed)
{
	int64_t ts;
	if (!ui_date_parse(typed, &ts))
		return rc_xstrdup(typed);
	time_t tt = (time_t)ts;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char b[16];
	strftime(b, sizeof b, "%Y-%m-%d", &tm);
	return rc_xstrdup(b);
}

static void finish(struct ui *u, struct new_st *s)
{
	char num[32];
	snprintf(num, sizeof num, "%" PRId64, s->id);
	ui_local_digits(num, sizeof num);
	if (s->ff[FF_HOW].choice == 1) {
		char *typed = ui_field_utf8(&s->ff[FF_DAY]);
		char *day = day_iso(typed);
		struct rc_request_move m = {
			.to = "filed", .day = day,
			.channel = rc_channel_id((enum rc_channel)s->ff[FF_CHANNEL].choice), .proof_fd = -1,
		};
		enum rc_status rs = rc_op_request_move(u->c, s->id, &m, NULL, NULL);
		free(typed);
		free(day);
		if (rs != RC_OK) {
			ui_message(u, true, "%s", *rc_error_detail() ? rc_error_detail() : rc_status_message(rs));
			return;
		}
		int64_t id = s->id;
		ui_pop(u);
		/* TRANSLATORS: after the new-request wizard; %s is the request's number. */
		ui_message(u, false, _("Request %s is recorded as sent. Its deadline is followed."), num);
		if (ui_top(u) == SCR_REQUESTS) {
			u->request_id = id;
			ui_push(u, SCR_REQUEST);
		}
		return;
	}
	int64_t id = s->id;
	ui_pop(u);
	/* TRANSLATORS: after the new-request wizard; %s is the request's number. */
	ui_message(u, false, _("Request %s is kept as a draft. When it is sent, record that step."), num);
	if (ui_top(u) == SCR_REQUESTS) {
		u->request_id = id;
		ui_push(u, SCR_REQUEST);
	}
}

static void next_page(struct ui *u, struct new_st *s)
{
	switch (s->page) {
	case P_KIND:
		load_regimes(u, s);
		s->page = P_REGIME;
		break;
	case P_REGIME:
		if (s->nreg)
			s->page = P_WHAT;
		break;
	case P_WHAT:
		s->risks = texts_risks(s);
		if (s->risks && (s->risks & ~s->risks_seen)) {
			s->risks_seen = s->risks; /* shown: Enter again goes on */
			return;
		}
		if (!s->ev)
			load_accesses(u, s);
		s->page = P_ACCESS;
		break;
	case P_ACCESS:
		if (record_draft(u, s))
			s->page = P_PREVIEW;
		break;
	case P_PREVIEW:
		s->page = P_FINISH;
		break;
	case P_FINISH:
		finish(u, s);
		break;
	default:
		break;
	}
}

static bool new_key(struct ui *u, int key)
{
	struct new_st *s = st(u);
	if (s->page == P_WHAT) {
		if (key == UI_KEY_ENTER) {
			if (s->wform.cur < s->wform.n - 1)
				s->wform.cur++;
			else
				next_page(u, s);
			return true;
		}
		return ui_form_key(&s->wform, key);
	}
	if (s->page == P_FINISH) {
		if (key == UI_KEY_ENTER) {
			int n = s->ff[FF_HOW].choice ? FF_N : 1;
			if (s->fform.cur < n - 1)
				s->fform.cur++;
			else
				finish(u, s);
			return true;
		}
		bool r = ui_form_key(&s->fform, key);
		if (!s->ff[FF_HOW].choice)
			s->fform.cur = 0;
		return r;
	}
	if (s->page == P_ACCESS && key == ' ') {
		if (s->nev)
			s->ticked[s->acc.sel] = !s->ticked[s->acc.sel];
		return true;
	}
	return false;
}

static bool new_action(struct ui *u, enum ui_action a)
{
	struct new_st *s = st(u);
	if (a == UI_A_BACK) {
		if (s->page >= P_PREVIEW) {
			/* the draft stays: it is recorded */
			ui_pop(u);
			return true;
		}
		if (s->page > P_KIND && !typed(s)) {
			s->page--;
			return true;
		}
		if (ui_confirm_discard(u, typed(s)))
			ui_pop(u);
		return true;
	}
	if (a == UI_A_SAVE && s->page == P_FINISH) {
		finish(u, s);
		return true;
	}
	switch (s->page) {
	case P_KIND:
		if (ui_list_nav(&s->kinds, a, RC_REQ_KIND_COUNT))
			return true;
		break;
	case P_REGIME:
		if (ui_list_nav(&s->regimes, a, s->nreg))
			return true;
		break;
	case P_WHAT:
		return ui_form_action(&s->wform, a);
	case P_ACCESS:
		if (ui_list_nav(&s->acc, a, ui_body_rows() - 1))
			return true;
		break;
	case P_PREVIEW:
		if (ui_tview_nav(&s->t, a, body_rows_left(1)))
			return true;
		break;
	case P_FINISH: {
		bool r = ui_form_action(&s->fform, a);
		if (!s->ff[FF_HOW].choice)
			s->fform.cur = 0;
		return r;
	}
	default:
		break;
	}
	if (a == UI_A_SELECT) {
		next_page(u, s);
		return true;
	}
	return false;
}

static const enum ui_action new_actions[] = {
	UI_A_SELECT, UI_A_SAVE, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK,
	UI_A_NONE
};

const struct ui_screen scr_reqnew = {
	.name = "request-new",
	.state_size = sizeof(struct new_st),
	.init = new_init,
	.draw = new_draw,
	.action = new_action,
	.key = new_key,
	.leave = new_leave,
	.actions = new_actions,
	.sensitive = true,
};
