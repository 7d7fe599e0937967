/* scr_requests.c - the requests of the case, the most urgent first:
 * overdue, then by due date, then those without a date.  Each row: the
 * kind in plain words, the regime (and the addressee), where it stands,
 * the due date in the reader's form and a mark ([!] overdue, [>] due
 * within 7 days, [?] the law leaves the date open).  The dates and
 * states come from the case operations (rc_op_request_views), the same
 * as "recourse request list" prints. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct reqs_st {
	struct ui_list list;
	const struct rc_request_view *v; /* borrowed: ui_requests_get, again on every use */
	size_t n;
	int64_t sel_id;      /* the selected request, kept across a change of the case */
};

static struct reqs_st *st(struct ui *u)
{
	return ui_st(u, SCR_REQUESTS);
}

bool ui_day_shown(const char *iso, char *buf, size_t len)
{
	int64_t ts;
	char norm[32];
	if (!iso || !*iso || !rc_date_parse(iso, &ts, norm, sizeof norm))
		return false;
	ui_fmt_time(ts, false, buf, len);
	return true;
}

/* Overdue first, then the nearest due date, then the rest by number. */
static int cmp_urgent(const void *a, const void *b)
{
	const struct rc_request_view *x = a, *y = b;
	bool ox = x->d.state == RC_DUE_OVERDUE, oy = y->d.state == RC_DUE_OVERDUE;
	if (ox != oy)
		return ox ? -1 : 1;
	if (!*x->due != !*y->due)
		return *x->due ? -1 : 1;
	int c = strcmp(x->due, y->due);
	if (c)
		return c;
	return x->r.id < y->r.id ? -1 : x->r.id > y->r.id;
}

void ui_requests_forget(struct ui *u)
{
	rc_request_views_free(&u->reqs, u->nreqs);
	u->nreqs = 0;
	u->reqs_case = NULL;
}

enum rc_status ui_requests_get(struct ui *u, const struct rc_request_view **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!u->c) {
		ui_requests_forget(u);
		return RC_NOTFOUND;
	}
	struct rc_ymd today = rc_op_today();
	int64_t changes = rc_case_changes(u->c);
	if (!u->reqs || u->reqs_case != u->c || u->reqs_changes != changes || rc_ymd_cmp(u->reqs_day, today)) {
		ui_requests_forget(u);
		struct rc_request_view *v;
		size_t nv;
		enum rc_status rs = rc_op_request_views(u->c, today, &v, &nv);
		if (rs != RC_OK)
			return rs;
		if (nv > 1)
			qsort(v, nv, sizeof *v, cmp_urgent);
		u->reqs = v;
		u->nreqs = nv;
		u->reqs_case = u->c;
		u->reqs_changes = changes;
		u->reqs_day = today;
	}
	*out = u->reqs;
	*n = u->nreqs;
	return RC_OK;
}

bool ui_request_urgent(const struct rc_request_view *v)
{
	switch (v->next) {
	case RC_NEXT_ESCALATE:
	case RC_NEXT_DUE_SOON:
	case RC_NEXT_CONTEST_EXTENSION:
	case RC_NEXT_FOLLOW_UP:
	case RC_NEXT_CLARIFY:
		return true;
	default:
		return v->d.state == RC_DUE_OVERDUE || (*v->due && v->d.days_left <= 7);
	}
}

void ui_request_mark(const struct rc_request_view *v, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	if (v->d.state == RC_DUE_OVERDUE)
		/* TRANSLATORS: request list mark: the answer's deadline has passed. */
		o += (size_t)snprintf(buf + o, len - o, "%s", _("[!] overdue"));
	else if (v->d.state == RC_DUE_PENDING && v->d.days_left <= 7)
		/* TRANSLATORS: request list mark: the answer is due within 7 days. */
		o += (size_t)snprintf(buf + o, len - o, "%s", _("[>] due soon"));
	/* the word only where there is room: "[?]" alone is explained in the help and the detail */
	if (o < len && (v->d.uncertain || v->d.rule_uncertain) && (*v->due || v->d.state == RC_DUE_PAUSED))
		/* TRANSLATORS: request list mark: the law leaves the due date open. */
		snprintf(buf + o, len - o, "%s%s", o ? " " : "", COLS >= 100 || !o ? _("[?] uncertain") : "[?]");
}

/* The rows, fresh (the case may have changed under another screen). */
static void fetch(struct ui *u, struct reqs_st *s)
{
	if (ui_requests_get(u, &s->v, &s->n) != RC_OK) {
		s->v = NULL;
		s->n = 0;
	}
	s->list.n = (int)s->n;
	if (s->list.sel >= s->list.n)
		s->list.sel = s->list.n ? s->list.n - 1 : 0;
}

static void reqs_enter(struct ui *u)
{
	struct reqs_st *s = st(u);
	int64_t keep = s->sel_id; /* s->v may be gone: the case may have changed meanwhile */
	if (u->open_request) { /* opened from the office board at one of its requests */
		keep = u->open_request;
		u->open_request = 0;
	}
	s->v = NULL;
	s->n = 0;
	enum rc_status rs = ui_requests_get(u, &s->v, &s->n);
	if (rs != RC_OK)
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
	s->list.n = (int)s->n;
	if (keep)
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].r.id == keep)
				s->list.sel = (int)i;
	if (s->list.sel >= s->list.n)
		s->list.sel = s->list.n ? s->list.n - 1 : 0;
	s->sel_id = s->n ? s->v[s->list.sel].r.id : 0;
}

static void reqs_leave(struct ui *u)
{
	struct reqs_st *s = st(u);
	s->v = NULL; /* borrowed */
	s->n = 0;
}

static int page_rows(void)
{
	return ui_body_rows() - 2;
}

struct cols {
	int kind, kind_w, reg, reg_w, state, state_w, due, due_w, mark, mark_w;
};

static const char *kind_words(const char *id)
{
	enum rc_request_kind k;
	return id && rc_request_kind_parse(id, &k) ? rc_request_kind_label(k) : (id ? id : "?");
}

static const char *state_words(const char *id)
{
	enum rc_request_state s;
	return id && rc_request_state_parse(id, &s) ? rc_request_state_label(s) : (id ? id : "");
}

static int wmax(int a, const char *s)
{
	int w = s ? rc_text_width(s) : 0;
	return w > a ? w : a;
}

/* Widths from the rows and the window, as the access list does: the
 * kind, the state and the mark get what the rows need (up to a share of
 * the window), the due date its own width, the law and addressee the
 * rest; when that is too little, the kind gives first. */
static struct cols layout(const struct reqs_st *s)
{
	struct cols c;
	int w = COLS - 2;
	int kind = wmax(0, _("Request")), state = wmax(0, _("Where it stands")), due = wmax(0, _("Due")), mark = 0;
	for (size_t i = 0; i < s->n; i++) {
		char m[128], d[64];
		kind = wmax(kind, kind_words(s->v[i].r.kind));
		state = wmax(state, state_words(s->v[i].r.state));
		ui_request_mark(&s->v[i], m, sizeof m);
		mark = wmax(mark, m);
		if (ui_day_shown(s->v[i].due, d, sizeof d))
			due = wmax(due, d);
	}
	c.due_w = due;
	c.kind_w = kind < w * 2 / 5 ? kind : w * 2 / 5;
	c.state_w = state < w * 2 / 7 ? state : w * 2 / 7;
	c.mark_w = mark < 28 ? mark : 28;
	c.reg_w = w - c.due_w - c.mark_w - c.kind_w - c.state_w - 4;
	if (c.reg_w < 12) {
		c.kind_w -= 12 - c.reg_w;
		c.reg_w = 12;
	}
	if (c.reg_w > 40) { /* no wider than needed: the mark gets its room */
		c.mark_w += c.reg_w - 40;
		c.reg_w = 40;
	}
	c.kind = 2;
	c.reg = c.kind + c.kind_w + 1;
	c.state = c.reg + c.reg_w + 1;
	c.due = c.state + c.state_w + 1;
	c.mark = c.due + c.due_w + 1;
	return c;
}

static void reqs_draw(struct ui *u)
{
	struct reqs_st *s = st(u);
	fetch(u, s);
	char t[512];
	/* TRANSLATORS: title of the request list; %s is the case label. */
	snprintf(t, sizeof t, _("Case %s - requests to authorities"), u->case_label ? u->case_label : "");
	ui_title(t);
	int y = ui_body_top();
	char pos[64] = "";
	if (s->n) {
		/* TRANSLATORS: request list, top right: the selected request and how many there are ("2/5"). */
		snprintf(pos, sizeof pos, _("%llu/%llu"), (unsigned long long)s->list.sel + 1, (unsigned long long)s->n);
		ui_local_digits(pos, sizeof pos);
	}
	int pw = rc_text_width(pos);
	/* TRANSLATORS: request list, above the rows: the order. */
	ui_text(y, 2, COLS - 5 - pw, _("Overdue first, then by the day the answer is due"), R_HINT, AL_START);
	if (pw)
		ui_text(y, COLS - 1 - pw, pw, pos, R_HEADER, AL_START);
	y++;
	struct cols c = layout(s);
	/* TRANSLATORS: request list column headings (short). */
	ui_text(y, c.kind, c.kind_w, _("Request"), R_HEADER, AL_START);
	/* TRANSLATORS: request list column: the law and the authority it goes to. */
	ui_text(y, c.reg, c.reg_w, _("Law / to"), R_HEADER, AL_START);
	/* TRANSLATORS: request list column: where the request stands. */
	ui_text(y, c.state, c.state_w, _("Where it stands"), R_HEADER, AL_START);
	/* TRANSLATORS: request list column: the day the answer is due. */
	ui_text(y, c.due, c.due_w, _("Due"), R_HEADER, AL_START);
	y++;
	if (!s->n) {
		char k[16];
		ui_action_key_name(UI_A_NEW, k, sizeof k);
		/* TRANSLATORS: request list, when there is none; %s is the key for a new one (F7). */
		snprintf(t, sizeof t, _("No request in this case yet. %s: a new request."), k);
		ui_text(y + 1, 2, COLS - 4, t, R_HINT, AL_START);
		return;
	}
	ui_list_scroll(&s->list, page_rows());
	for (int i = s->list.top; i < (int)s->n && y < ui_body_top() + ui_body_rows(); i++, y++) {
		const struct rc_request_view *v = &s->v[i];
		bool on = i == s->list.sel;
		enum ui_role r = on ? R_SELECTED : R_NORMAL;
		if (on)
			ui_fill(y, 0, COLS, R_SELECTED);
		ui_text(y, 0, 1, on ? ">" : " ", r, AL_START);
		ui_text(y, c.kind, c.kind_w, kind_words(v->r.kind), r, AL_START);
		if (v->r.addressee && *v->r.addressee) {
			char *a = rc_text_sanitize(v->r.addressee, strlen(v->r.addressee), false);
			snprintf(t, sizeof t, "%s: %s", v->r.regime ? v->r.regime : "-", a);
			free(a);
		} else {
			snprintf(t, sizeof t, "%s", v->r.regime && *v->r.regime ? v->r.regime : "-");
		}
		ui_text(y, c.reg, c.reg_w, t, r, AL_START);
		ui_text(y, c.state, c.state_w, state_words(v->r.state), r, AL_START);
		char d[64];
		if (!ui_day_shown(v->due, d, sizeof d))
			snprintf(d, sizeof d, "-");
		ui_text(y, c.due, c.due_w, d, r, AL_START);
		ui_request_mark(v, t, sizeof t);
		if (*t)
			ui_text(y, c.mark, c.mark_w, t, on ? R_SELECTED : R_FLAG, AL_START);
		if (on)
			ui_cursor_at(y, 0);
	}
}

static bool reqs_action(struct ui *u, enum ui_action a)
{
	struct reqs_st *s = st(u);
	fetch(u, s);
	if (ui_list_nav(&s->list, a, page_rows())) {
		s->sel_id = s->n ? s->v[s->list.sel].r.id : 0;
		return true;
	}
	switch (a) {
	case UI_A_SELECT:
		if (s->n) {
			u->request_id = s->v[s->list.sel].r.id;
			ui_push(u, SCR_REQUEST);
		}
		return true;
	case UI_A_NEW:
		ui_push(u, SCR_REQNEW);
		return true;
	default:
		return false;
	}
}

static void reqs_click(struct ui *u, int row)
{
	struct reqs_st *s = st(u);
	fetch(u, s);
	int i = s->list.top + row - 2;
	if (i < 0 || i >= (int)s->n)
		return;
	if (i == s->list.sel) {
		reqs_action(u, UI_A_SELECT);
	} else {
		s->list.sel = i;
		s->sel_id = s->v[i].r.id;
	}
}

static const enum ui_action reqs_actions[] = {
	UI_A_SELECT, UI_A_NEW, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK,
	UI_A_NONE
};

const struct ui_screen scr_requests = {
	.name = "requests",
	.state_size = sizeof(struct reqs_st),
	.enter = reqs_enter,
	.draw = reqs_draw,
	.action = reqs_action,
	.click = reqs_click,
	.leave = reqs_leave,
	.actions = reqs_actions,
};

#ifdef RC_TEST_HOOKS
static int cmp_ms(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_ms);
	int p95 = n * 95 / 100;
	fprintf(stderr, "%s presses=%d median-ms=%.2f p95-ms=%.2f max-ms=%.2f\n", what, n, v[n / 2], v[p95], v[n - 1]);
}

/* bench/bench-ui-requests.sh (RECOURSE_BENCH_UI=requests): from the case
 * home, the key that opens the requests screen to the finished screen
 * (every deadline computed, sorted, drawn, doupdate), over many presses;
 * then paging down the list, and opening one request. */
int ui_bench_requests(struct ui *u)
{
	if (!u->c)
		return 0;
	ui_push(u, SCR_HOME);
	ui_paint(u);
	enum { M = 200 };
	double t[M];
	for (int i = 0; i < M; i++) {
		double t0 = rc_mono_ms();
		ui_screens[ui_top(u)]->action(u, UI_A_REQUESTS);
		ui_paint(u);
		t[i] = rc_mono_ms() - t0;
		if (ui_top(u) != SCR_REQUESTS) {
			fprintf(stderr, "bench: the requests screen did not open\n");
			return 1;
		}
		ui_pop(u);
	}
	report("open-requests (home, r; the home has read them)", t, M);
	/* Cold: as after a change to the case (a step recorded): every
	 * deadline computed again on the key press. */
	for (int i = 0; i < M; i++) {
		ui_requests_forget(u);
		double t0 = rc_mono_ms();
		ui_screens[ui_top(u)]->action(u, UI_A_REQUESTS);
		ui_paint(u);
		t[i] = rc_mono_ms() - t0;
		ui_pop(u);
	}
	report("open-requests (cold: after a change, every deadline computed)", t, M);
	ui_screens[ui_top(u)]->action(u, UI_A_REQUESTS);
	ui_paint(u);
	fprintf(stderr, "requests-in-list %zu\n", st(u)->n);
	for (int i = 0; i < M; i++) {
		double t0 = rc_mono_ms();
		reqs_action(u, UI_A_PGDN);
		ui_paint(u);
		t[i] = rc_mono_ms() - t0;
	}
	report("page-down (requests)", t, M);
	reqs_action(u, UI_A_TOP);
	for (int i = 0; i < M; i++) {
		double t0 = rc_mono_ms();
		reqs_action(u, UI_A_SELECT);
		ui_paint(u);
		t[i] = rc_mono_ms() - t0;
		ui_pop(u);
		reqs_action(u, UI_A_DOWN);
	}
	report("open-one-request (Enter)", t, M);
	return 0;
}
#endif
