/* scr_log.c - the access log: a window of rows fetched by keyset paging
 * (rc_events_page / rc_events_page_before), so a case with a million
 * events stays fast: only the rows on screen are ever in memory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

#define LOG_MAX 256

struct log_st {
	struct rc_event rows[LOG_MAX];
	size_t nrows;
	int sel;
	bool at_start, loaded;
	uint64_t first;      /* the place of rows[0] in the list (0-based) */
	bool first_unknown;  /* from the end of a list that was not counted */
	/* The text search (u->search): the prompt while it is typed, and the
	 * countries whose names hold the text (u->filter points here). */
	bool prompt;
	struct ui_field field;
	struct ui_form form;
	char countries[1024];
	/* New since the last visit: ids above visit_id (rc_events_visit_before). */
	int64_t visit_id;
	bool visit_known;
};

static struct log_st *st(struct ui *u)
{
	return ui_st(u, SCR_LOG);
}

static int page_rows(void)
{
	int n = ui_body_rows() - 3;
	if (n > LOG_MAX)
		n = LOG_MAX;
	return n < 1 ? 1 : n;
}

/* The keyset position of a row, as the store computes it. */
static struct rc_event_cursor pos_of(const struct rc_event *ev)
{
	struct rc_event_cursor c;
	c.ts = ev->occurred_ts != RC_TS_UNKNOWN ? ev->occurred_ts :
	       ev->recorded_ts != RC_TS_UNKNOWN ? ev->recorded_ts : 0;
	c.id = ev->id;
	c.valid = true;
	return c;
}

static void clear_rows(struct log_st *s)
{
	for (size_t i = 0; i < s->nrows; i++)
		rc_event_clear(&s->rows[i]);
	s->nrows = 0;
}

static void show_error(struct ui *u, enum rc_status st)
{
	ui_message(u, true, "%s", rc_status_message(st));
}

/* How many accesses the filter lets through (for "12/84"): once for
 * each filter, not on every key. */
static void count_all(struct ui *u)
{
	uint64_t n = 0;
	/* A warning or a part of a name is a scan of every access: seconds
	 * on a million (bench/bench-ui.sh).  Then the place shows without
	 * the total ("12/…") rather than hold the screen. */
	if (u->filter.flag || u->filter.authority || u->filter.text ||
	    rc_events_count(u->c, &u->filter, &n) != RC_OK)
		n = 0;
	u->log_total = n;
}

/* Load the page from the start (or from the end when last). */
static void load_from_start(struct ui *u, struct log_st *s, bool last)
{
	clear_rows(s);
	if (!s->loaded)
		count_all(u);
	struct rc_event_filter f = u->filter;
	if (last)
		f.sort = f.sort == RC_SORT_NEWEST ? RC_SORT_OLDEST : RC_SORT_NEWEST;
	struct rc_event_cursor cur = { 0, 0, false };
	size_t n = 0;
	enum rc_status rs = rc_events_page(u->c, &f, &cur, (size_t)page_rows(), s->rows, &n);
	if (rs != RC_OK) {
		show_error(u, rs);
		n = 0;
	}
	s->nrows = n;
	if (last) {
		for (size_t i = 0; i < n / 2; i++) {
			struct rc_event t = s->rows[i];
			s->rows[i] = s->rows[n - 1 - i];
			s->rows[n - 1 - i] = t;
		}
		s->sel = n ? (int)n - 1 : 0;
		s->first = u->log_total > n ? u->log_total - n : 0;
		s->first_unknown = !u->log_total;
	} else {
		s->sel = 0;
		s->first = 0;
		s->first_unknown = false;
	}
	s->at_start = !last;
	s->loaded = true;
}

/* Move the window by delta rows (+ down, - up); false at an end. */
static bool shift(struct ui *u, struct log_st *s, int delta)
{
	if (s->nrows == 0)
		return false;
	size_t want = (size_t)(delta < 0 ? -delta : delta);
	if (want > LOG_MAX)
		want = LOG_MAX;
	struct rc_event got[LOG_MAX];
	size_t n = 0;
	enum rc_status rs;
	if (delta > 0) {
		struct rc_event_cursor cur = pos_of(&s->rows[s->nrows - 1]);
		rs = rc_events_page(u->c, &u->filter, &cur, want, got, &n);
	} else {
		struct rc_event_cursor first = pos_of(&s->rows[0]);
		rs = rc_events_page_before(u->c, &u->filter, &first, want, got, &n);
	}
	if (rs != RC_OK) {
		show_error(u, rs);
		return false;
	}
	if (n == 0)
		return false;
	size_t page = (size_t)page_rows();
	if (delta > 0) {
		/* Drop n from the top, append at the bottom. */
		size_t drop = s->nrows + n > page ? s->nrows + n - page : 0;
		if (drop > s->nrows)
			drop = s->nrows;
		for (size_t i = 0; i < drop; i++)
			rc_event_clear(&s->rows[i]);
		memmove(s->rows, s->rows + drop, (s->nrows - drop) * sizeof s->rows[0]);
		s->nrows -= drop;
		memcpy(s->rows + s->nrows, got, n * sizeof got[0]);
		s->nrows += n;
		s->at_start = false;
		s->first += drop;
	} else {
		size_t drop = s->nrows + n > page ? s->nrows + n - page : 0;
		if (drop > s->nrows)
			drop = s->nrows;
		for (size_t i = s->nrows - drop; i < s->nrows; i++)
			rc_event_clear(&s->rows[i]);
		s->nrows -= drop;
		memmove(s->rows + n, s->rows, s->nrows * sizeof s->rows[0]);
		memcpy(s->rows, got, n * sizeof got[0]);
		s->nrows += n;
		s->first = s->first > n ? s->first - n : 0;
		if (n < want) {
			s->at_start = true;
			s->first = 0;
		}
	}
	return true;
}

static void log_enter(struct ui *u)
{
	if (!u->c) {
		ui_pop(u);
		return;
	}
	struct log_st *s = st(u);
	if (!s->visit_known) {
		s->visit_known = true;
		char mark[RC_LABEL_MAX + 16];
		snprintf(mark, sizeof mark, "visit:%s", rc_case_slot_label(u->c));
		if (rc_events_visit_before(u->c, mark, &s->visit_id) != RC_OK)
			s->visit_id = INT64_MAX; /* unknown: nothing marked */
	}
	if (!s->loaded)
		load_from_start(u, s, false);
}

/* The search ends with the list (home's filters do not keep it). */
static void search_forget(struct ui *u, struct log_st *s)
{
	explicit_bzero(u->search, sizeof u->search);
	u->filter.text = NULL;
	u->filter.text_countries = NULL;
	explicit_bzero(s->countries, sizeof s->countries);
	s->prompt = false;
	ui_field_wipe(&s->field);
}

static void log_leave(struct ui *u)
{
	struct log_st *s = st(u);
	clear_rows(s);
	search_forget(u, s);
}

void ui_log_reload(struct ui *u)
{
	struct log_st *s = st(u);
	if (!s)
		return;
	clear_rows(s);
	s->loaded = false;
}

static void filter_summary(struct ui *u, char *buf, size_t len)
{
	const struct rc_event_filter *f = &u->filter;
	size_t o = 0;
	/* TRANSLATORS: access log, above the list: the order shown. */
	o += (size_t)snprintf(buf + o, len - o, "%s", f->sort == RC_SORT_NEWEST ? _("Newest first") : _("Oldest first"));
	if (f->flag == RC_FLAGGED_ANY && o < len)
		/* TRANSLATORS: access log, the filter in use. */
		o += (size_t)snprintf(buf + o, len - o, " · %s", _("[!] with a warning only"));
	else if (f->flag && o < len)
		o += (size_t)snprintf(buf + o, len - o, " · [!] %s", rc_flag_label(f->flag));
	if (f->authority && o < len)
		/* TRANSLATORS: access log, the filter in use; %s is what the person typed. */
		o += (size_t)snprintf(buf + o, len - o, _(" · authority: %s"), f->authority);
	if (f->country && o < len)
		/* TRANSLATORS: access log, the filter in use; %s is a country code. */
		o += (size_t)snprintf(buf + o, len - o, _(" · country: %s"), f->country);
	if (f->text && o < len)
		/* TRANSLATORS: access log, the search in use; %s is what the person typed. */
		o += (size_t)snprintf(buf + o, len - o, _(" · search: “%s”"), f->text);
	char d[64];
	if (f->since_ts != RC_TS_UNKNOWN && o < len) {
		ui_fmt_time(f->since_ts, false, d, sizeof d);
		/* TRANSLATORS: access log, the filter in use; %s is a date. */
		o += (size_t)snprintf(buf + o, len - o, _(" · from %s"), d);
	}
	if (f->until_ts != RC_TS_UNKNOWN && o < len) {
		ui_fmt_time(f->until_ts - 1, false, d, sizeof d);
		/* TRANSLATORS: access log, the filter in use; %s is a date. */
		snprintf(buf + o, len - o, _(" · until %s"), d);
	}
}

/* Column layout: logical x positions (mirrored by ui_text in RTL),
 * widths from what the rows on screen hold and from the window; the
 * warning column is never squeezed below what its first warning needs
 * (or half the room left), the authority takes the rest. */
struct cols {
	int when, when_w, auth, auth_w, cc, cc_w, what, what_w, warn, warn_w;
};

static int imax(int a, int b)
{
	return a > b ? a : b;
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

static void row_when(const struct rc_event *e, char *d, size_t len)
{
	ui_fmt_time(pos_of(e).ts, e->occurred && strlen(e->occurred) > 10, d, len);
}

/* The country: its name where the window has room (100 columns and
 * more), else its code (the detail names it). */
static const char *row_country(const struct rc_event *e, char *buf, size_t len)
{
	if (!e->authority_country)
		return "-";
	if (COLS < 100) {
		snprintf(buf, len, "%s", e->authority_country);
		return buf;
	}
	ui_country_name(e->authority_country, buf, len);
	return buf;
}

/* The warning of a row: the first flag's label and "+N" for the others. */
static int warn_count(uint32_t flags, uint32_t *first)
{
	int n = 0;
	*first = 0;
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		if (flags & rc_flag_bit(i)) {
			if (!*first)
				*first = rc_flag_bit(i);
			n++;
		}
	return n;
}

static int warn_width(uint32_t flags)
{
	uint32_t first;
	int n = warn_count(flags, &first);
	if (!n)
		return 0;
	int w = 4 + rc_text_width(rc_flag_label(first));
	if (n > 1) {
		char more[32];
		snprintf(more, sizeof more, " +%d", n - 1);
		ui_local_digits(more, sizeof more);
		w += rc_text_width(more);
	}
	return w;
}

static struct cols layout(const struct log_st *s)
{
	struct cols c;
	c.when = 2;
	c.when_w = rc_text_width(_("When (UTC)"));
	c.cc_w = rc_text_width(_("Ctry"));
	c.what_w = rc_text_width(_("Did what"));
	int warn_need = rc_text_width(_("Warning")), auth_need = rc_text_width(_("Who"));
	for (size_t i = 0; i < s->nrows; i++) {
		const struct rc_event *e = &s->rows[i];
		char d[64];
		row_when(e, d, sizeof d);
		c.when_w = imax(c.when_w, rc_text_width(d));
		c.cc_w = imax(c.cc_w, rc_text_width(row_country(e, d, sizeof d)));
		c.what_w = imax(c.what_w, rc_text_width(rc_action_label(e->action)));
		warn_need = imax(warn_need, warn_width(e->flags));
		auth_need = imax(auth_need, rc_text_width(rc_event_body(e) ? rc_event_body(e) : _("(not given)")));
	}
	c.when_w = imin(c.when_w, 20);
	c.cc_w = imin(c.cc_w, COLS >= 110 ? 18 : 12);
	c.what_w = imin(c.what_w, COLS >= 100 ? 18 : 12);
	/* What is left for who and the warning (four gaps, one at the end). */
	int avail = COLS - c.when - c.when_w - c.cc_w - c.what_w - 5;
	if (auth_need + warn_need <= avail) {
		c.warn_w = warn_need;
		c.auth_w = avail - warn_need;
	} else {
		c.warn_w = imin(warn_need, imax(avail / 2, avail - imin(auth_need, 14)));
		c.auth_w = avail - c.warn_w;
		if (c.auth_w < 10) {
			c.auth_w = 10;
			c.warn_w = avail - 10;
		}
	}
	c.auth = c.when + c.when_w + 1;
	c.cc = c.auth + c.auth_w + 1;
	c.what = c.cc + c.cc_w + 1;
	c.warn = c.what + c.what_w + 1;
	return c;
}

/* The warning cell: "[!] label" cut to fit, "+N" always kept. */
static void draw_warn(int y, int x, int w, uint32_t flags, enum ui_role r)
{
	uint32_t first;
	int n = warn_count(flags, &first);
	if (!n)
		return;
	char more[32] = "";
	if (n > 1) {
		snprintf(more, sizeof more, " +%d", n - 1);
		ui_local_digits(more, sizeof more);
	}
	int mw = rc_text_width(more);
	char t[256];
	snprintf(t, sizeof t, "[!] %s", rc_flag_label(first));
	int used = ui_text(y, x, w - mw, t, r, AL_START);
	if (mw)
		ui_text(y, x + used, mw, more, r, AL_START);
}

static bool filtered(const struct ui *u)
{
	const struct rc_event_filter *f = &u->filter;
	return f->flag || f->authority || f->country || f->since_ts != RC_TS_UNKNOWN || f->until_ts != RC_TS_UNKNOWN;
}

static bool is_new(const struct log_st *s, const struct rc_event *e)
{
	return s->visit_known && e->id > s->visit_id;
}

static void log_draw(struct ui *u)
{
	struct log_st *s = st(u);
	char t[512];
	/* TRANSLATORS: title of the access log; %s is the case label. */
	snprintf(t, sizeof t, _("Case %s - who looked at your record"), u->case_label ? u->case_label : "");
	ui_title(t);
	int y = ui_body_top();
	/* The place of the selected access in the list: "12/84". */
	char pos[64] = "";
	if (s->nrows && u->log_total) {
		/* TRANSLATORS: access log, top right: the selected access and how many the list has ("12/84"). */
		snprintf(pos, sizeof pos, _("%llu/%llu"), (unsigned long long)(s->first + (uint64_t)s->sel + 1),
		         (unsigned long long)u->log_total);
		ui_local_digits(pos, sizeof pos);
	} else if (s->nrows && !s->first_unknown) {
		/* Not counted (a filter that would take seconds): the place alone. */
		snprintf(pos, sizeof pos, "%llu/…", (unsigned long long)(s->first + (uint64_t)s->sel + 1));
		ui_local_digits(pos, sizeof pos);
	}
	int pw = rc_text_width(pos);
	if (s->prompt) {
		/* The search prompt in place of the summary (the cursor in it). */
		ui_form_draw(&s->form, y, 1);
	} else {
		filter_summary(u, t, sizeof t);
		ui_text(y, 2, COLS - 5 - pw, t, R_HINT, AL_START);
	}
	if (pw && !s->prompt)
		ui_text(y, COLS - 1 - pw, pw, pos, R_HEADER, AL_START);
	y++;
	struct cols c = layout(s);
	/* TRANSLATORS: access log column headings (short). Times are UTC. */
	ui_text(y, c.when, c.when_w, _("When (UTC)"), R_HEADER, AL_START);
	/* TRANSLATORS: access log column: the body that looked at the record. */
	ui_text(y, c.auth, c.auth_w, _("Who"), R_HEADER, AL_START);
	/* TRANSLATORS: access log column: the country of the body (keep very short). */
	ui_text(y, c.cc, c.cc_w, _("Ctry"), R_HEADER, AL_START);
	/* TRANSLATORS: access log column: what was done. */
	ui_text(y, c.what, c.what_w, _("Did what"), R_HEADER, AL_START);
	/* TRANSLATORS: access log column: the warnings ([!]) of each access. */
	ui_text(y, c.warn, c.warn_w, _("Warning"), R_HEADER, AL_START);
	y++;
	if (s->nrows == 0) {
		/* TRANSLATORS: access log, when nothing matches. */
		if (u->filter.text) {
			/* TRANSLATORS: access log, when a search finds nothing; %s is what the person typed. */
			snprintf(t, sizeof t, _("No access contains “%s”. Esc ends the search."), u->filter.text);
			ui_text(y + 1, 2, COLS - 4, t, R_HINT, AL_START);
		} else {
			ui_text(y + 1, 2, COLS - 4, filtered(u) ?
			        _("No access matches this filter.") : _("No access is recorded in this case yet."),
			        R_HINT, AL_START);
		}
		return;
	}
	if (s->sel >= (int)s->nrows)
		s->sel = (int)s->nrows - 1;
	for (size_t i = 0; i < s->nrows; i++, y++) {
		const struct rc_event *e = &s->rows[i];
		bool on = (int)i == s->sel;
		enum ui_role r = on ? R_SELECTED : R_NORMAL;
		if (on)
			ui_fill(y, 0, COLS, R_SELECTED);
		ui_text(y, 0, 1, on ? ">" : " ", r, AL_START);
		/* New since the last visit: a dot beside the marker (the help says so). */
		if (is_new(s, e))
			ui_text(y, 1, 1, "•", on ? R_SELECTED : R_HEADER, AL_START);
		char d[64];
		row_when(e, d, sizeof d);
		ui_text(y, c.when, c.when_w, d, r, AL_START);
		/* TRANSLATORS: access log, when the record does not name the body. */
		ui_text(y, c.auth, c.auth_w, rc_event_body(e) ? rc_event_body(e) : _("(not given)"), r, AL_START);
		ui_text(y, c.cc, c.cc_w, row_country(e, d, sizeof d), r, AL_START);
		ui_text(y, c.what, c.what_w, rc_action_label(e->action), r, AL_START);
		draw_warn(y, c.warn, c.warn_w, e->flags, on ? R_SELECTED : R_FLAG);
		if (on && !s->prompt)
			ui_cursor_at(y, 0);
	}
}

/* One step in the list for the detail screen (dir +1: the next access
 * below, -1: above); the selection follows.  0 at an end. */
int64_t ui_log_step(struct ui *u, int dir)
{
	struct log_st *s = st(u);
	if (!s || !s->nrows)
		return 0;
	int before = s->sel;
	uint64_t first = s->first;
	if (dir > 0) {
		if (s->sel < (int)s->nrows - 1)
			s->sel++;
		else if (shift(u, s, 1))
			s->sel = (int)s->nrows - 1;
	} else {
		if (s->sel > 0)
			s->sel--;
		else if (!s->at_start && shift(u, s, -1))
			s->sel = 0;
	}
	if (s->sel == before && s->first == first)
		return 0;
	return s->rows[s->sel].id;
}

void ui_log_position(struct ui *u, uint64_t *pos, uint64_t *total)
{
	struct log_st *s = st(u);
	*pos = s && s->nrows && !s->first_unknown ? s->first + (uint64_t)s->sel + 1 : 0;
	*total = u->log_total;
}

static bool match_step(struct ui *u, struct log_st *s, int dir);
static void search_open(struct ui *u, struct log_st *s);
static void search_reload(struct ui *u, struct log_st *s);

static bool log_action(struct ui *u, enum ui_action a)
{
	struct log_st *s = st(u);
	int page = page_rows();
	switch (a) {
	case UI_A_UP:
		if (s->sel > 0)
			s->sel--;
		else if (!s->at_start)
			shift(u, s, -1);
		return true;
	case UI_A_DOWN:
		if (s->sel < (int)s->nrows - 1)
			s->sel++;
		else
			shift(u, s, 1);
		return true;
	case UI_A_PGDN:
		if (!shift(u, s, page))
			s->sel = s->nrows ? (int)s->nrows - 1 : 0;
		return true;
	case UI_A_PGUP:
		if (s->at_start || !shift(u, s, -page))
			s->sel = 0;
		if (s->at_start && s->nrows < (size_t)page)
			load_from_start(u, s, false);
		return true;
	case UI_A_TOP:
		load_from_start(u, s, false);
		return true;
	case UI_A_BOTTOM:
		load_from_start(u, s, true);
		return true;
	case UI_A_SORT:
		u->filter.sort = u->filter.sort == RC_SORT_NEWEST ? RC_SORT_OLDEST : RC_SORT_NEWEST;
		load_from_start(u, s, false);
		return true;
	case UI_A_FILTER:
		ui_push(u, SCR_FILTER);
		return true;
	case UI_A_SEARCH:
		if (u->search[0])
			return match_step(u, s, 1);
		search_open(u, s);
		return true;
	case UI_A_MATCH_NEXT:
		return match_step(u, s, 1);
	case UI_A_MATCH_PREV:
		return match_step(u, s, -1);
	case UI_A_BACK:
		if (!u->search[0])
			return false;
		search_forget(u, s);
		search_reload(u, s);
		/* TRANSLATORS: access log, after Esc ended the search. */
		ui_message(u, false, "%s", _("Search ended."));
		return true;
	case UI_A_CLEAR:
		if (u->search[0])
			search_forget(u, s);
		else if (!filtered(u)) {
			/* TRANSLATORS: access log, after the clear-filter key when no filter is in use. */
			ui_message(u, false, "%s", _("No filter is in use: every access is shown."));
			return true;
		}
		{
			enum rc_event_sort sort = u->filter.sort;
			rc_event_filter_init(&u->filter);
			u->filter.sort = sort;
			search_forget(u, s);
			ui_log_reload(u);
			load_from_start(u, s, false);
			/* TRANSLATORS: access log, after the clear-filter key. */
			ui_message(u, false, "%s", _("Filter cleared: every access is shown."));
		}
		return true;
	case UI_A_NEW:
		ui_push(u, SCR_ENTRY);
		return true;
	case UI_A_SELECT:
		if (s->nrows) {
			u->detail_id = s->rows[s->sel].id;
			ui_push(u, SCR_DETAIL);
		}
		return true;
	default:
		return false;
	}
}

/* ---- the text search ---- */

static void search_hint(struct ui *u)
{
	/* TRANSLATORS: access log, while the search is typed (the message line). */
	ui_message(u, false, "%s", _("Type a word: a name, a role, a purpose, a system or a country. Enter searches, Esc stops."));
}

static void search_open(struct ui *u, struct log_st *s)
{
	s->prompt = true;
	/* TRANSLATORS: access log: the label of the search field. */
	ui_field_init(&s->field, FK_TEXT, N_("Search for"), NULL, 100);
	ui_field_set(&s->field, u->search);
	s->form.f = &s->field;
	s->form.n = 1;
	s->form.cur = 0;
	s->form.top = 0;
	search_hint(u);
}

static void search_reload(struct ui *u, struct log_st *s)
{
	ui_log_reload(u);
	load_from_start(u, s, false);
}

/* The typed text becomes the search (an empty one ends it). */
static void search_apply(struct ui *u, struct log_st *s)
{
	char *t = ui_field_utf8(&s->field);
	char *f = rc_text_fold(t);
	if (!*t) {
		search_forget(u, s);
		search_reload(u, s);
	} else if (!*f) {
		/* TRANSLATORS: access log, a search of only signs (no letter or digit). */
		ui_message(u, true, "%s", _("Type at least one letter or digit."));
	} else {
		s->prompt = false;
		snprintf(u->search, sizeof u->search, "%s", t);
		ui_countries_matching(f, s->countries, sizeof s->countries);
		u->filter.text = u->search;
		u->filter.text_countries = s->countries[0] ? s->countries : NULL;
		ui_field_wipe(&s->field);
		search_reload(u, s);
		if (s->nrows) {
			char n[16], p[16];
			ui_action_key_name(UI_A_MATCH_NEXT, n, sizeof n);
			ui_action_key_name(UI_A_MATCH_PREV, p, sizeof p);
			/* TRANSLATORS: access log, after a search; the first two %s are keys (n, N), the third Esc. */
			ui_message(u, false, _("Only the accesses that match are shown. %s: next match, %s: the one before, %s: end the search."),
			           n, p, "Esc");
		}
	}
	explicit_bzero(f, strlen(f));
	explicit_bzero(t, strlen(t));
	free(f);
	free(t);
}

/* Typed input while the search prompt is open; '/' opens it. */
static bool log_key(struct ui *u, int key)
{
	struct log_st *s = st(u);
	if (!s->prompt) {
		if (key == '/') {
			search_open(u, s);
			return true;
		}
		return false;
	}
	if (key & UI_KEY_FN) {
		/* F1, F2, F10, F12 work as everywhere; F3 searches as Enter does. */
		enum ui_action g = ui_key_action(key, NULL);
		if (g == UI_A_HELP || g == UI_A_LANG || g == UI_A_QUIT || g == UI_A_HIDE)
			return false;
		if (ui_key_action(key, (const enum ui_action[]){ UI_A_SEARCH, UI_A_NONE }) == UI_A_SEARCH) {
			search_apply(u, s);
			return true;
		}
	}
	if (key == UI_KEY_ENTER) {
		search_apply(u, s);
		return true;
	}
	if (key == UI_KEY_ESC) {
		s->prompt = false;
		ui_field_wipe(&s->field);
		return true;
	}
	ui_form_key(&s->form, key);
	search_hint(u);
	return true;
}

static bool match_step(struct ui *u, struct log_st *s, int dir)
{
	if (!u->search[0]) {
		char k[16];
		ui_action_key_name(UI_A_SEARCH, k, sizeof k);
		/* TRANSLATORS: access log, n or N pressed without a search; %s is a key (F3). */
		ui_message(u, false, _("No search in use: press %s or / to search."), k);
		return true;
	}
	int before = s->sel;
	uint64_t first = s->first;
	log_action(u, dir > 0 ? UI_A_DOWN : UI_A_UP);
	if (s->sel == before && s->first == first)
		/* TRANSLATORS: access log, next/previous match at an end of the list. */
		ui_message(u, false, "%s", dir > 0 ? _("That was the last match.") : _("That was the first match."));
	return true;
}

static void log_click(struct ui *u, int row)
{
	struct log_st *s = st(u);
	int i = row - 2;
	if (i < 0 || i >= (int)s->nrows)
		return;
	if (i == s->sel)
		log_action(u, UI_A_SELECT);
	else
		s->sel = i;
}

static const enum ui_action log_actions[] = {
	UI_A_MATCH_NEXT, UI_A_MATCH_PREV, UI_A_SEARCH, UI_A_FILTER, UI_A_CLEAR, UI_A_SORT, UI_A_NEW, UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN,
	UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_log = {
	.name = "log",
	.state_size = sizeof(struct log_st),
	.enter = log_enter,
	.draw = log_draw,
	.action = log_action,
	.key = log_key,
	.click = log_click,
	.leave = log_leave,
	.actions = log_actions,
};

#ifdef RC_TEST_HOOKS
/* ------------------------------------------------------------------ */
/* The benchmark (a test hook, --enable-test-hooks): page down through a
 * million events, and a filter. */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int p95 = (int)(n * 0.95);
	if (p95 >= n)
		p95 = n - 1;
	fprintf(stderr, "%s presses=%d median-ms=%.2f p95-ms=%.2f max-ms=%.2f\n", what, n, v[n / 2], v[p95], v[n - 1]);
}

/* Time N key presses (page down; every reload-th one starts again from
 * the top, as applying a filter does), each to the finished screen. */
static void bench_series(struct ui *u, const char *what, int reload, int presses)
{
	enum { N = 300 };
	double t[N];
	if (presses > N)
		presses = N;
	for (int i = 0; i < presses; i++) {
		double t0 = rc_mono_ms();
		if (reload && i % reload == 0) {
			st(u)->loaded = false; /* a new filter: counted again */
			load_from_start(u, st(u), false);
		}
		else
			log_action(u, UI_A_PGDN);
		ui_paint(u);
		t[i] = rc_mono_ms() - t0;
	}
	report(what, t, presses);
}

int ui_bench_run(struct ui *u)
{
	if (!u->c) {
		/* Without a case: only the start-up figure. */
		return 0;
	}
	rc_event_filter_init(&u->filter);
	ui_push(u, SCR_LOG);
	ui_paint(u);
	bench_series(u, "page-down", 0, 300);
	/* A filter applied: flagged only, then page down through it. */
	u->filter.flag = RC_FLAGGED_ANY;
	bench_series(u, "page-down-flagged", 300, 300);
	/* Country filter, applied again every tenth press. */
	u->filter.flag = 0;
	u->filter.country = "DE";
	bench_series(u, "filter-country-and-page", 10, 300);
	u->filter.country = NULL;
	/* A name filter: its first press reads the distinct values of the
	 * log once (authorities_matching, pages.c; each page walked the
	 * organisation index before, seconds a press on a million), then
	 * pages through the merged runs of the authorities it stands for. */
	{
		double t0 = rc_mono_ms();
		u->filter.authority = "polizei"; /* two authorities in the synthetic log: merged pages */
		st(u)->loaded = false;
		load_from_start(u, st(u), false);
		ui_paint(u);
		fprintf(stderr, "filter-authority-first (distinct values read) ms=%.2f\n", rc_mono_ms() - t0);
		bench_series(u, "filter-authority-and-page", 10, 300);
		u->filter.authority = NULL;
	}
	/* The text search (issue 16): the first search (or name filter)
	 * reads the distinct values of the searched columns once (one pass
	 * over the log); then
	 * each series types a search (every tenth press) and pages down
	 * through its matches, or steps match by match (n). */
	{
		double t0 = rc_mono_ms();
		u->filter.text = "hamburg";
		st(u)->loaded = false;
		load_from_start(u, st(u), false);
		ui_paint(u);
		fprintf(stderr, "search-first (values read by the name filter) ms=%.2f\n", rc_mono_ms() - t0);
	}
	static const struct { const char *series, *text, *countries; } searches[] = {
		{ "search-and-page (role/org: hamburg)", "hamburg", NULL },
		{ "search-and-page (authority: polizei)", "polizei", NULL },
		{ "search-and-page (country: france)", "france", "FR" },
		{ "search-and-page (purpose: serious crime)", "serious crime", NULL },
		{ "search-and-page (no match)", "zzzz", NULL },
	};
	for (size_t k = 0; k < sizeof searches / sizeof searches[0]; k++) {
		u->filter.text = searches[k].text;
		u->filter.text_countries = searches[k].countries;
		bench_series(u, searches[k].series, 10, 300);
	}
	{
		u->filter.text = "polizei";
		u->filter.text_countries = NULL;
		snprintf(u->search, sizeof u->search, "%s", u->filter.text);
		st(u)->loaded = false;
		load_from_start(u, st(u), false);
		enum { M = 300 };
		double t[M];
		for (int i = 0; i < M; i++) {
			double t0 = rc_mono_ms();
			log_action(u, UI_A_MATCH_NEXT);
			ui_paint(u);
			t[i] = rc_mono_ms() - t0;
		}
		report("search-next-match (n)", t, M);
	}
	u->filter.text = NULL;
	u->filter.text_countries = NULL;
	u->search[0] = 0;
	/* One access, then the next one from the detail (issue 16): each
	 * press reads the access, explains its warnings and draws it. */
	st(u)->loaded = false;
	load_from_start(u, st(u), false);
	u->detail_id = st(u)->rows[0].id;
	ui_push(u, SCR_DETAIL);
	ui_paint(u);
	{
		enum { M = 300 };
		double t[M];
		for (int i = 0; i < M; i++) {
			double t0 = rc_mono_ms();
			ui_screens[SCR_DETAIL]->action(u, UI_A_NEXT);
			ui_paint(u);
			t[i] = rc_mono_ms() - t0;
		}
		report("detail-next", t, M);
	}
	ui_pop(u);
	ui_close_and_exit(u, 0);
	return 0;
}
#endif /* RC_TEST_HOOKS */
