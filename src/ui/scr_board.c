/* scr_board.c - the office deadline board (src/store/store.h): every open
 * request of every case that joined the office, overdue first, with the
 * same rows, dates and words as "recourse deadlines --office".  Reached
 * from the case list (no case open) when this computer has an office
 * board.  First the office passphrase (key by key into locked memory,
 * as the unlock screen takes a case's); then the rows.  While the board
 * is open it reads the inbox again when a case sent an update (looked at
 * once a second), keeping the selection on the same request.  Enter on a
 * row opens that case (its own passphrase) at that request.  The board
 * never holds a case's key, and nothing here is written anywhere. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui-int.h"

struct board_st {
	struct ui_field pass;  /* FK_SECRET until the board is open */
	struct ui_form form;
	char *dir;             /* the office folder */
	struct rc_office *o;   /* open board, or NULL (asking for the passphrase) */
	struct rc_board_row *rows;
	size_t nrows;
	struct rc_board_view *v; /* the rows shown, in order (borrow rows) */
	size_t n;
	struct rc_ymd day;     /* the day the deadlines were computed on */
	struct ui_list list;
	int poll;              /* timer: the inbox, once a second */
	bool opening;          /* the open task runs */
	int full;              /* timer: the whole board after its first screen was drawn */
	char *db;              /* the office's PostgreSQL (settings or $RECOURSE_OFFICE_DB), or NULL */
};

static struct board_st *st(struct ui *u)
{
	return ui_st(u, SCR_BOARD);
}

static void views_drop(struct board_st *s)
{
	rc_board_views_free(&s->v, s->n);
	rc_board_rows_free(&s->rows, s->nrows);
	s->v = NULL;
	s->rows = NULL;
	s->n = s->nrows = 0;
	s->list.n = 0;
}

/* Why no date is shown: the same sentences as the command line
 * (cli_unknown_why, src/cli/cmd_request.c), so one translation serves
 * both. */
static const char *unknown_why(const char *regime, const char *controller)
{
	if (!regime || !*regime)
		return _("No deadline: the request names no legal regime, so no rule gives a period. "
		         "Check the deadline yourself.");
	if (!controller)
		return _("No deadline yet: the period counts the public holidays of the authority that "
		         "must answer. Give its country: recourse request move CASE ID --controller CC "
		         "(with the request's next step).");
	return _("No deadline could be computed: the regime has no period for this kind of request "
	         "on that day, or the holiday calendar does not cover these years. Check the deadline "
	         "yourself.");
}

/* The rows again from the index (after an update or a new day), the
 * selection kept on the same request of the same case. */
static void rebuild(struct ui *u, struct board_st *s)
{
	char keep_case[RC_BOARD_ID_HEX + 1] = "";
	int64_t keep_id = 0;
	if (s->n && s->list.sel < (int)s->n) {
		snprintf(keep_case, sizeof keep_case, "%s", s->v[s->list.sel].row->case_id);
		keep_id = s->v[s->list.sel].row->r.id;
	}
	int old_sel = s->list.sel;
	views_drop(s);
	if (!s->o)
		return;
	/* the open requests, as "deadlines --office" shows them by default */
	struct rc_board_filter f = { .due_within = -1, .request_state = NULL, .due_state = NULL };
	s->day = rc_op_today();
	enum rc_status rs = rc_office_board(s->o, true, true, &s->rows, &s->nrows);
	if (rs == RC_OK)
		rs = rc_op_board_views(s->rows, s->nrows, s->day, &f, &s->v, &s->n);
	if (rs != RC_OK) {
		views_drop(s);
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
		return;
	}
	s->list.n = (int)s->n;
	s->list.sel = old_sel;
	if (keep_id)
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].row->r.id == keep_id && !strcmp(s->v[i].row->case_id, keep_case)) {
				s->list.sel = (int)i;
				break;
			}
	if (s->list.sel >= s->list.n)
		s->list.sel = s->list.n ? s->list.n - 1 : 0;
	if (s->list.sel < 0)
		s->list.sel = 0;
	u->dirty = true;
}

static void full_tick(void *ud)
{
	struct ui *u = ud;
	struct board_st *s = st(u);
	if (!s)
		return;
	s->full = 0;
	rebuild(u, s);
}

/* The first screen at once, from the index (rc_office_board_page: the
 * stored due dates give the board's order), each row computed on today;
 * the whole board a moment later, once that screen is drawn (on 50,000
 * requests the whole takes some hundred milliseconds: bench/README.md). */
static void rebuild_first(struct ui *u, struct board_st *s)
{
	views_drop(s);
	if (!s->o)
		return;
	struct rc_board_filter f = { .due_within = -1, .request_state = NULL, .due_state = NULL };
	s->day = rc_op_today();
	size_t want = (size_t)(LINES > 4 ? LINES : 24);
	enum rc_status rs = rc_office_board_page(s->o, want, &s->rows, &s->nrows);
	if (rs == RC_OK) {
		s->v = rc_xcalloc(s->nrows ? s->nrows : 1, sizeof *s->v);
		for (size_t i = 0; i < s->nrows && rs == RC_OK; i++) {
			s->v[s->n].row = &s->rows[i];
			rs = rc_op_board_fill(&s->v[s->n], s->day);
			if (rs == RC_OK && rc_op_board_keep(&s->v[s->n], &f, s->day))
				s->n++;
			else
				rc_board_view_clear(&s->v[s->n]);
		}
	}
	if (rs != RC_OK) {
		views_drop(s);
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
		return;
	}
	s->list.n = (int)s->n;
	if (s->list.sel >= s->list.n)
		s->list.sel = s->list.n ? s->list.n - 1 : 0;
	u->dirty = true;
	ui_timer_cancel(s->full);
	s->full = ui_timer_add(30, full_tick, u);
}

static void refused_said(struct ui *u, unsigned refused)
{
	if (!refused)
		return;
	/* TRANSLATORS: office board, the message line: updates in its inbox that could not be read. */
	ui_message(u, true, ngettext("%u update in the office board's inbox could not be read; it was set aside and the board does not show it.",
	                             "%u updates in the office board's inbox could not be read; they were set aside and the board does not show them.",
	                             refused), refused);
	ui_local_digits(u->msg, sizeof u->msg);
}

/* Once a second while the board is open: a case sent an update (a file
 * in the inbox, seen without the passphrase), or the day changed. */
static void poll_tick(void *ud)
{
	struct ui *u = ud;
	struct board_st *s = st(u);
	if (!s || !s->o || ui_task_running())
		return;
	bool newday = rc_ymd_cmp(s->day, rc_op_today()) != 0;
	if (s->db) {
		/* LISTEN/NOTIFY: another terminal or a case changed a row */
		bool changed = false;
		enum rc_status rs = rc_office_wait(s->o, 0, &changed);
		if (rs != RC_OK) {
			ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
			u->dirty = true;
			return;
		}
		if (rc_office_reconnected(s->o))
			/* TRANSLATORS: office board in PostgreSQL, after the server came back. */
			ui_message(u, false, "%s", _("The connection to the office database was lost and has been made again."));
		if (changed || newday)
			rebuild(u, s);
		return;
	}
	if (rc_office_inbox_waiting(s->dir)) {
		unsigned applied = 0, refused = 0;
		enum rc_status rs = rc_office_ingest(s->o, &applied, &refused);
		if (rs != RC_OK) {
			ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
			u->dirty = true;
			return;
		}
		refused_said(u, refused);
		if (applied || newday)
			rebuild(u, s);
	} else if (newday) {
		rebuild(u, s);
	}
}

static void board_init(struct ui *u)
{
	struct board_st *s = st(u);
	/* TRANSLATORS: office board, the label before the hidden passphrase. */
	ui_field_init(&s->pass, FK_SECRET, N_("Office passphrase"),
		/* TRANSLATORS: office board, shown above the passphrase field. */
		N_("Type the passphrase of the office board and press Enter. It is not shown; each * is one character. It opens the board only, never a case."), 0);
	s->form = (struct ui_form){ &s->pass, 1, 0, 0 };
	s->dir = rc_office_default_dir();
	const char *db = ui_office_db(u);
	s->db = db ? rc_xstrdup(db) : NULL;
}

static void try_open(struct ui *u, struct board_st *s);

static void board_enter(struct ui *u)
{
	/* back from a case (closed on leaving its home) or an unlock given up */
	u->open_request = 0;
	struct board_st *s = st(u);
	if (s->o)
		poll_tick(u);
	else if (s->db && !s->opening)
		try_open(u, s); /* the database's own login: no passphrase here */
}

static void board_leave(struct ui *u)
{
	struct board_st *s = st(u);
	ui_timer_cancel(s->poll);
	s->poll = 0;
	ui_timer_cancel(s->full);
	s->full = 0;
	views_drop(s);
	rc_office_close(&s->o);
	ui_field_wipe(&s->pass);
	free(s->dir);
	s->dir = NULL;
	free(s->db);
	s->db = NULL;
}

/* Opening is a task: the key derivation takes about a second.  The job
 * owns what was typed and, until the loop takes it, the open board. */
struct open_job {
	char *dir;
	char *db;
	struct rc_secret *pass;
	struct rc_office *o;
	enum rc_status st;
	char detail[512];
};

static void open_work(void *p)
{
	struct open_job *j = p;
	j->st = j->db ? rc_office_open_db(j->db, false, &j->o) : rc_office_open(j->dir, j->pass, &j->o);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
	rc_secret_free(&j->pass);
}

static void open_done(struct ui *u, void *p)
{
	struct open_job *j = p;
	struct board_st *s = st(u);
	if (s)
		s->opening = false;
	if (j->st == RC_OK && s && !u->busy.hiding) {
		s->o = j->o;
		j->o = NULL;
		unsigned applied = 0, refused = 0;
		rc_office_inbox_counts(s->o, &applied, &refused);
		refused_said(u, refused);
		rebuild_first(u, s);
		ui_timer_cancel(s->poll);
		s->poll = ui_timer_every(1000, poll_tick, u);
	} else if (j->st == RC_BADPASS) {
		/* TRANSLATORS: office board after a wrong passphrase. */
		ui_message(u, true, "%s %s", _("This is not the office board's passphrase."),
		           _("Check the keyboard language and Caps Lock, then try again."));
	} else if (j->st != RC_OK) {
		ui_message(u, true, "%s %s", rc_status_message(j->st), j->detail);
	}
	rc_office_close(&j->o);
	rc_secret_free(&j->pass);
	free(j->dir);
	free(j->db);
	free(j);
	u->dirty = true;
}

static void try_open(struct ui *u, struct board_st *s)
{
	struct rc_secret *pass = s->pass.secret;
	if (!s->db && (!pass || pass->len == 0)) {
		/* TRANSLATORS: office board, Enter with nothing typed. */
		ui_message(u, true, "%s", _("Type the passphrase first."));
		return;
	}
	struct open_job *j = rc_xcalloc(1, sizeof *j);
	j->dir = rc_xstrdup(s->dir);
	j->db = s->db ? rc_xstrdup(s->db) : NULL;
	j->pass = s->db ? NULL : ui_field_take_secret(&s->pass);
	s->opening = true;
	/* TRANSLATORS: shown while the office passphrase is checked (about a second). */
	if (!ui_busy_run(u, N_("Opening the office board..."), false, open_work, j, open_done)) {
		j->st = RC_ERR;
		open_done(u, j);
	}
}

static int page_rows(void)
{
	return ui_body_rows() - 2;
}

static const char *kind_words(const char *id)
{
	enum rc_request_kind k;
	return id && rc_request_kind_parse(id, &k) ? rc_request_kind_label(k) : (id ? id : "?");
}

static int wmax(int a, const char *s)
{
	int w = s ? rc_text_width(s) : 0;
	return w > a ? w : a;
}

struct cols {
	int label, label_w, kind, kind_w, due, due_w, left, left_w, mark, mark_w, next, next_w;
	bool words;  /* the overdue mark in words ("[!] overdue"), else "[!]" */
};

static const char *overdue_mark(bool words)
{
	/* TRANSLATORS: request list mark: the answer's deadline has passed. */
	return words ? _("[!] overdue") : "[!]";
}

/* Widths from the rows and the window: the case label (up to a sixth),
 * the dates and the mark what they need, the kind and the next action
 * the rest; when both do not fit, the kind gives down to a quarter of
 * the window (the detail lines below say the next action in full). */
static struct cols layout_with(const struct board_st *s, bool words, bool *whole)
{
	struct cols c;
	int w = COLS - 2;
	/* TRANSLATORS: office board column headings (short). */
	int label = wmax(0, _("Case")), kind = wmax(0, _("Kind")), due = wmax(0, _("Due")),
	    left = wmax(0, _("Days left")), mark = 0;
	/* TRANSLATORS: office board column: what to do next about the request. */
	int next = wmax(0, _("Next action"));
	for (size_t i = 0; i < s->n; i++) {
		char d[64];
		label = wmax(label, s->v[i].row->label);
		kind = wmax(kind, kind_words(s->v[i].row->r.kind));
		if (ui_day_shown(s->v[i].due, d, sizeof d))
			due = wmax(due, d);
		if (s->v[i].d.state == RC_DUE_OVERDUE)
			mark = wmax(mark, overdue_mark(words));
		next = wmax(next, rc_next_action_label(s->v[i].next));
	}
	c.words = words;
	c.label_w = label < w / 6 ? label : w / 6;
	c.due_w = due;
	c.left_w = left;
	c.mark_w = mark;
	int fixed = 2 + c.label_w + 1 + c.due_w + 1 + c.left_w + 1 + (mark ? mark + 1 : 0);
	int rest = COLS - 1 - fixed; /* for the kind, a space, the next action */
	c.kind_w = kind;
	if (c.kind_w + 1 + next > rest) {
		c.kind_w = rest - 1 - next;
		if (c.kind_w < w / 4)
			c.kind_w = kind < w / 4 ? kind : w / 4;
	}
	*whole = c.kind_w >= kind && rest - c.kind_w - 1 >= next;
	c.label = 2;
	c.kind = c.label + c.label_w + 1;
	c.due = c.kind + c.kind_w + 1;
	c.left = c.due + c.due_w + 1;
	c.mark = c.left + c.left_w + 1;
	c.next = c.mark + (c.mark_w ? c.mark_w + 1 : 0);
	c.next_w = COLS - 1 - c.next;
	if (c.next_w < 10)
		c.next_w = 10;
	return c;
}

/* The mark in words only when every column then fits whole. */
static struct cols layout(const struct board_st *s)
{
	bool whole;
	struct cols c = layout_with(s, true, &whole);
	if (!whole)
		c = layout_with(s, false, &whole);
	return c;
}

static void draw_pass(struct ui *u, struct board_st *s)
{
	int y = ui_body_top();
	if (s->db) {
		/* TRANSLATORS: office board in PostgreSQL, before it is open (or when it could not be reached: the message line says why; Enter tries again). */
		ui_para(y, 2, _("The office board is in the office's database. Connecting... (Enter tries again.)"), R_NORMAL);
		(void)u;
		return;
	}
	y = ui_para(y, 2, _(s->pass.hint), R_NORMAL) + 1;
	ui_form_draw(&s->form, y, 1);
	(void)u;
}

/* The selected row's next action and rule in full (or why there is no
 * date), wrapped: malloc'ed lines. */
static size_t detail_lines(const struct board_st *s, char ***lines)
{
	*lines = NULL;
	if (!s->n)
		return 0;
	const struct rc_board_view *v = &s->v[s->list.sel];
	const char *rule = v->explain;
	if (!rule && v->d.state == RC_DUE_UNKNOWN)
		rule = unknown_why(v->row->r.regime, v->row->r.controller);
	char t[2048];
	/* TRANSLATORS: office board, under the list: the selected request's next action in full; %s is the action. */
	snprintf(t, sizeof t, _("Next action: %s."), rc_next_action_label(v->next));
	size_t n = ui_wrap(t, COLS - 4, lines);
	if (rule) {
		char **w;
		size_t k = ui_wrap(rule, COLS - 4, &w);
		*lines = rc_xrealloc(*lines, (n + k) * sizeof **lines);
		memcpy(*lines + n, w, k * sizeof *w);
		free(w);
		n += k;
	}
	return n;
}

/* Into rows rows from y; the last one shown ends with "…" when cut. */
static void draw_detail(const struct board_st *s, int y, int rows)
{
	char **w;
	size_t n = detail_lines(s, &w);
	for (size_t i = 0; i < n && (int)i < rows; i++) {
		enum ui_role r = i == 0 ? R_NORMAL : R_HINT;
		if ((int)i == rows - 1 && i + 1 < n) {
			char t[1024];
			snprintf(t, sizeof t, "%s …", w[i]);
			ui_text(y + (int)i, 2, COLS - 4, t, r, AL_START);
		} else {
			ui_text(y + (int)i, 2, COLS - 4, w[i], r, AL_START);
		}
	}
	ui_lines_free(&w, n);
}

/* How many rows the detail gets: what it needs, leaving the list at
 * least a few rows. */
static int detail_rows(const struct board_st *s)
{
	if (!s->n)
		return 0;
	char **w;
	int need = (int)detail_lines(s, &w);
	ui_lines_free(&w, (size_t)need);
	/* keep the size steadier while moving: at least 3 lines */
	if (need < 3)
		need = 3;
	int list_min = (int)s->n < 5 ? (int)s->n : 5;
	int room = ui_body_rows() - 3 - list_min;
	return need < room ? need : (room > 1 ? room : 1);
}

static void draw_list(struct ui *u, struct board_st *s)
{
	int y = ui_body_top();
	char pos[64] = "";
	if (s->n) {
		/* TRANSLATORS: office board, top right: the selected row and how many there are ("2/5"). */
		snprintf(pos, sizeof pos, _("%llu/%llu"), (unsigned long long)s->list.sel + 1, (unsigned long long)s->n);
		ui_local_digits(pos, sizeof pos);
	}
	int pw = rc_text_width(pos);
	/* TRANSLATORS: office board, above the rows: what they are and their order. */
	ui_text(y, 2, COLS - 5 - pw, _("Open requests of every case, overdue first"),
	        R_HINT, AL_START);
	if (pw)
		ui_text(y, COLS - 1 - pw, pw, pos, R_HEADER, AL_START);
	y++;
	if (!s->n) {
		/* TRANSLATORS: office board with no rows; "recourse office join CASE" is a command, keep it as it is. */
		ui_para(y + 1, 2, _("No case has joined this office board yet, or none has an open request. To put a case on the board, run on this computer: recourse office join CASE"), R_HINT);
		return;
	}
	struct cols c = layout(s);
	ui_text(y, c.label, c.label_w, _("Case"), R_HEADER, AL_START);
	ui_text(y, c.kind, c.kind_w, _("Kind"), R_HEADER, AL_START);
	ui_text(y, c.due, c.due_w, _("Due"), R_HEADER, AL_START);
	ui_text(y, c.left, c.left_w, _("Days left"), R_HEADER, AL_START);
	ui_text(y, c.next, c.next_w, _("Next action"), R_HEADER, AL_START);
	y++;
	int drows = detail_rows(s);
	int lrows = ui_body_rows() - 2 - drows - 1;
	if (lrows < 1)
		lrows = 1;
	ui_list_scroll(&s->list, lrows);
	int end = y + lrows;
	for (int i = s->list.top; i < (int)s->n && y < end; i++, y++) {
		const struct rc_board_view *v = &s->v[i];
		bool on = i == s->list.sel;
		enum ui_role r = on ? R_SELECTED : R_NORMAL;
		if (on)
			ui_fill(y, 0, COLS, R_SELECTED);
		ui_text(y, 0, 1, on ? ">" : " ", r, AL_START);
		ui_text(y, c.label, c.label_w, v->row->label ? v->row->label : "", r, AL_START);
		ui_text(y, c.kind, c.kind_w, kind_words(v->row->r.kind), r, AL_START);
		char d[64], left[32] = "";
		if (!ui_day_shown(v->due, d, sizeof d))
			snprintf(d, sizeof d, "-");
		ui_text(y, c.due, c.due_w, d, r, AL_START);
		if (*v->due) {
			snprintf(left, sizeof left, "%d", v->d.days_left);
			ui_local_digits(left, sizeof left);
		}
		ui_text(y, c.left, c.left_w, *left ? left : "-", r, AL_END);
		if (v->d.state == RC_DUE_OVERDUE)
			ui_text(y, c.mark, c.mark_w, overdue_mark(c.words), on ? R_SELECTED : R_FLAG, AL_START);
		ui_text(y, c.next, c.next_w, rc_next_action_label(v->next), r, AL_START);
		if (on)
			ui_cursor_at(y, 0);
	}
	draw_detail(s, y + 1, drows); /* under the last row shown */
}

static void board_draw(struct ui *u)
{
	struct board_st *s = st(u);
	/* TRANSLATORS: title of the office deadline board screen. */
	ui_title(_("Office deadlines"));
	if (s->o)
		draw_list(u, s);
	else
		draw_pass(u, s);
}

/* Enter on a row: that case, with its own passphrase, at that request. */
static void open_case(struct ui *u, struct board_st *s)
{
	if (!s->n)
		return;
	const struct rc_board_row *b = s->v[s->list.sel].row;
	char *path = b->label ? rc_case_resolve(b->label) : NULL;
	if (!path || access(path, F_OK) != 0) {
		/* TRANSLATORS: office board, Enter on a case that is not on this computer; %s is its label. */
		ui_message(u, true, _("The case %s is not on this computer: the board only shows its deadlines."),
		           b->label ? b->label : "");
		free(path);
		return;
	}
	free(u->case_label);
	free(u->case_path);
	u->case_label = rc_xstrdup(b->label);
	u->case_path = path;
	u->open_request = b->r.id; /* read by scr_unlock once unlocked, then scr_requests */
	ui_push(u, SCR_UNLOCK);
}

static bool board_key(struct ui *u, int key)
{
	struct board_st *s = st(u);
	if (s->o)
		return false; /* the list: actions */
	if (s->opening)
		return true;
	if (key == UI_KEY_ENTER) {
		try_open(u, s);
		return true;
	}
	return ui_form_key(&s->form, key);
}

static bool board_action(struct ui *u, enum ui_action a)
{
	struct board_st *s = st(u);
	if (!s->o)
		return ui_form_action(&s->form, a);
	if (ui_list_nav(&s->list, a, page_rows()))
		return true;
	if (a == UI_A_SELECT) {
		open_case(u, s);
		return true;
	}
	return false;
}

static void board_click(struct ui *u, int row)
{
	struct board_st *s = st(u);
	if (!s->o)
		return;
	int i = s->list.top + row - 2;
	if (i < 0 || i >= (int)s->n)
		return;
	if (i == s->list.sel)
		open_case(u, s);
	else
		s->list.sel = i;
}

static const enum ui_action board_actions[] = {
	UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_board = {
	.name = "office-deadlines",
	.state_size = sizeof(struct board_st),
	.init = board_init,
	.enter = board_enter,
	.draw = board_draw,
	.action = board_action,
	.key = board_key,
	.click = board_click,
	.leave = board_leave,
	.actions = board_actions,
	.sensitive = true, /* the passphrase typed, then the case labels */
};
