/* scr_home.c - the case at a glance: what is new since the last visit,
 * the flags with their counts, and one key to each part. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

/* The choices at the top, in this order; "Fetch" only when the case is
 * connected to a registry's online service. */
enum { ITEM_ALL, ITEM_FLAGGED, ITEM_ADD, ITEM_IMPORT, ITEM_SYNC, ITEM_SETTINGS, ITEM_REQUESTS, ITEM_BUNDLE, ITEM_N };
/* At most this many registries' lines on the home screen. */
#define HOME_REGISTRIES_MAX 3
/* At most this many requests under "Needs doing now" (the rest: Requests). */
#define HOME_URGENT_MAX 3

struct home_st {
	struct ui_list list;
	uint64_t total;
	struct rc_count_row *flags;
	size_t nflags;
	char *display_name;
	uint32_t item_flag[RC_FLAG_COUNT];
	int nitem_flags;
	int list_y;
	char **requests;     /* one line each, as shown (read only) */
	size_t nrequests;
	/* Requests whose next action is due now, the most urgent first:
	 * their numbers and one line each. */
	int64_t urgent_id[HOME_URGENT_MAX];
	char *urgent[HOME_URGENT_MAX];
	int nurgent, more_urgent;
	int urgent_y;
	int fixed[ITEM_N];   /* the choices shown, in order */
	int nfixed;
	char *registries[HOME_REGISTRIES_MAX]; /* one line each: last reached, what it sent */
	int nregistries, more_registries;
};

/* The first urgent request's item. */
static int urgent0(const struct home_st *s)
{
	return s->nfixed;
}

/* The first item of the warnings, after the urgent requests. */
static int flag0(const struct home_st *s)
{
	return urgent0(s) + s->nurgent;
}

static struct home_st *st(struct ui *u)
{
	return ui_st(u, SCR_HOME);
}

static void home_free(struct home_st *s)
{
	rc_count_rows_free(&s->flags, s->nflags);
	s->nflags = 0;
	free(s->display_name);
	s->display_name = NULL;
	rc_strv_free(&s->requests, s->nrequests);
	s->nrequests = 0;
	for (int i = 0; i < s->nurgent; i++)
		free(s->urgent[i]);
	s->nurgent = s->more_urgent = 0;
	for (int i = 0; i < s->nregistries; i++)
		free(s->registries[i]);
	s->nregistries = s->more_registries = 0;
}

static void load_registries(struct ui *u, struct home_st *s)
{
	struct rc_registry *r = NULL;
	size_t n = 0;
	if (rc_registry_list(u->c, &r, &n) != RC_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s->nregistries == HOME_REGISTRIES_MAX) {
			s->more_registries++;
			continue;
		}
		char line[600];
		ui_registry_line(&r[i], line, sizeof line);
		s->registries[s->nregistries++] = rc_xstrdup(line);
	}
	rc_registries_free(r, n);
}

/* What needs doing now: the requests whose next action is due
 * (overdue, due within 7 days, an extension to contest, a follow-up),
 * each with what to do and when. */
static void load_urgent(struct ui *u, struct home_st *s)
{
	const struct rc_request_view *v;
	size_t n;
	if (ui_requests_get(u, &v, &n) != RC_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!ui_request_urgent(&v[i]))
			continue;
		if (s->nurgent == HOME_URGENT_MAX) {
			s->more_urgent++;
			continue;
		}
		enum rc_request_kind k;
		const char *kind = v[i].r.kind && rc_request_kind_parse(v[i].r.kind, &k) ? rc_request_kind_label(k) : "?";
		char d[64], t[512];
		/* the sign first, as the warnings have theirs: [!] overdue or to act on, [>] due soon */
		const char *sign = v[i].d.state == RC_DUE_PENDING && v[i].next == RC_NEXT_DUE_SOON ? "[>]" : "[!]";
		if (ui_day_shown(v[i].due, d, sizeof d))
			/* TRANSLATORS: case home, a request that needs doing now: %1$s its kind, %2$s what to do, %3$s the due day. */
			snprintf(t, sizeof t, _("%1$s: %2$s (due %3$s)"), kind, rc_next_action_label(v[i].next), d);
		else
			/* TRANSLATORS: case home, a request that needs doing now: %1$s its kind, %2$s what to do. */
			snprintf(t, sizeof t, _("%1$s: %2$s"), kind, rc_next_action_label(v[i].next));
		char line[600];
		snprintf(line, sizeof line, "%s %s%s", sign, t,
		         v[i].d.uncertain || v[i].d.rule_uncertain ? " [?]" : "");
		s->urgent_id[s->nurgent] = v[i].r.id;
		s->urgent[s->nurgent++] = rc_xstrdup(line);
	}
}


/* The case's requests, one line each: what, where it stands, when sent,
 * when the answer is due (the requests issue adds the rest). */
static void load_requests(struct ui *u, struct home_st *s)
{
	struct rc_request_row *rows = NULL;
	size_t n = 0;
	if (rc_case_requests(u->c, &rows, &n) != RC_OK)
		return;
	s->requests = rc_xcalloc(n + 1, sizeof *s->requests);
	for (size_t i = 0; i < n; i++) {
		const struct rc_request_row *r = &rows[i];
		enum rc_request_kind k;
		enum rc_request_state rs;
		const char *kind = r->kind && rc_request_kind_parse(r->kind, &k) ? rc_request_kind_label(k) : r->kind;
		const char *state = r->state && rc_request_state_parse(r->state, &rs) ? rc_request_state_label(rs) : NULL;
		struct rc_buf b;
		rc_buf_init(&b);
		char *kc = rc_text_sanitize(kind ? kind : "?", strlen(kind ? kind : "?"), false);
		rc_buf_addstr(&b, kc);
		free(kc);
		char d[64], t[160];
		bool sent = ui_day_shown(r->filed, d, sizeof d);
		if (sent) {
			/* TRANSLATORS: case home, a request: the day it was sent; %s is a date. */
			snprintf(t, sizeof t, _("sent %s"), d);
			rc_buf_addstr(&b, " · ");
			rc_buf_addstr(&b, t);
		}
		/* "sent" is said with its day already */
		if (state && !(sent && rs == RC_RS_FILED)) {
			rc_buf_addstr(&b, " · ");
			rc_buf_addstr(&b, state);
		}
		if (ui_day_shown(r->due, d, sizeof d)) {
			/* TRANSLATORS: case home, a request: the day the answer is due; %s is a date. */
			snprintf(t, sizeof t, _("answer due %s"), d);
			rc_buf_addstr(&b, " · ");
			rc_buf_addstr(&b, t);
		}
		s->requests[s->nrequests++] = rc_xstrdup(rc_buf_cstr(&b));
		rc_buf_free(&b);
	}
	rc_request_rows_free(&rows, n);
}

static void home_enter(struct ui *u)
{
	struct home_st *s = st(u);
	home_free(s);
	if (!u->c)
		return;
	if (rc_events_count(u->c, NULL, &s->total) != RC_OK)
		s->total = 0;
	if (rc_events_summary(u->c, RC_BY_FLAG, &s->flags, &s->nflags) != RC_OK) {
		s->flags = NULL;
		s->nflags = 0;
	}
	s->nitem_flags = 0;
	for (size_t i = 0; i < s->nflags && s->nitem_flags < RC_FLAG_COUNT; i++) {
		uint32_t bit;
		if (s->flags[i].count && s->flags[i].key && rc_flag_parse(s->flags[i].key, &bit))
			s->item_flag[s->nitem_flags++] = bit;
	}
	struct rc_case_meta m;
	memset(&m, 0, sizeof m);
	if (rc_case_meta_get(u->c, &m) == RC_OK && m.display_name && *m.display_name)
		s->display_name = rc_text_sanitize(m.display_name, strlen(m.display_name), false);
	rc_case_meta_clear(&m);
	load_requests(u, s);
	load_urgent(u, s);
	load_registries(u, s);
	s->nfixed = 0;
	for (int k = 0; k < ITEM_N; k++)
		if (k != ITEM_SYNC || s->nregistries)
			s->fixed[s->nfixed++] = k;
	s->list.n = flag0(s) + s->nitem_flags;
	if (s->list.sel >= s->list.n)
		s->list.sel = 0;
}

static void home_leave(struct ui *u)
{
	home_free(st(u));
	/* Leaving the case home closes the case. */
	ui_requests_forget(u);
	rc_case_close(&u->c);
	u->unlock_failed = 0;
	u->unlock_tampered = false;
}

static uint64_t flag_count(const struct home_st *s, uint32_t bit)
{
	for (size_t i = 0; i < s->nflags; i++) {
		uint32_t b;
		if (s->flags[i].key && rc_flag_parse(s->flags[i].key, &b) && b == bit)
			return s->flags[i].count;
	}
	return 0;
}

static void home_draw(struct ui *u)
{
	struct home_st *s = st(u);
	char t[512];
	/* TRANSLATORS: title of the case home; %s is the case label. */
	snprintf(t, sizeof t, _("Case %s"), u->case_label ? u->case_label : "");
	ui_title(t);
	int y = ui_body_top();
	if (s->display_name) {
		/* TRANSLATORS: case home, greeting; %s is the person's name. */
		snprintf(t, sizeof t, _("Hello, %s."), s->display_name);
		ui_text(y++, 2, COLS - 4, t, R_HEADER, AL_START);
	}
	/* TRANSLATORS: case home, first line: %llu is a number of accesses. */
	snprintf(t, sizeof t, ngettext("Since your last visit: %llu new access",
	                               "Since your last visit: %llu new accesses",
	                               u->new_accesses), (unsigned long long)u->new_accesses);
	if (u->new_flagged) {
		size_t l = strlen(t);
		/* TRANSLATORS: follows "... new accesses"; %llu is how many have a warning. */
		snprintf(t + l, sizeof t - l, ngettext(", %llu with a warning [!]", ", %llu with a warning [!]",
		                                       u->new_flagged), (unsigned long long)u->new_flagged);
	}
	ui_local_digits(t, sizeof t);
	ui_text(y++, 2, COLS - 4, t, u->new_flagged ? R_FLAG : R_NORMAL, AL_START);
	if (u->unlock_failed) {
		/* TRANSLATORS: case home, after unlocking: wrong passphrases typed since the case was last opened. */
		snprintf(t, sizeof t, ngettext("[!] Since the case was last opened, %u wrong passphrase was typed for it.",
		                               "[!] Since the case was last opened, %u wrong passphrases were typed for it.",
		                               u->unlock_failed), u->unlock_failed);
		ui_local_digits(t, sizeof t);
		ui_text(y++, 2, COLS - 4, t, R_FLAG, AL_START);
	}
	if (u->unlock_tampered)
		/* TRANSLATORS: case home, after unlocking: the attempts file was deleted or changed. */
		ui_text(y++, 2, COLS - 4, _("[!] The count of wrong passphrases was removed or changed since the last visit."), R_FLAG, AL_START);
	/* TRANSLATORS: case home; %llu is the number of accesses in the case. */
	snprintf(t, sizeof t, ngettext("Your record was accessed %llu time in all.",
	                               "Your record was accessed %llu times in all.", s->total),
	         (unsigned long long)s->total);
	ui_local_digits(t, sizeof t);
	ui_text(y++, 2, COLS - 4, t, R_NORMAL, AL_START);
	for (int i = 0; i < s->nregistries; i++) {
		/* A registry that failed last time is shown as a warning. */
		bool bad = strstr(s->registries[i], "[!]") != NULL;
		ui_text(y++, 2, COLS - 4, s->registries[i], bad ? R_FLAG : R_HINT, AL_START);
	}
	if (s->more_registries) {
		/* TRANSLATORS: case home, under the registries' lines; %d how many more are connected. */
		snprintf(t, sizeof t, ngettext("+%d more registry", "+%d more registries", s->more_registries), s->more_registries);
		ui_local_digits(t, sizeof t);
		ui_text(y++, 2, COLS - 4, t, R_HINT, AL_START);
	}
	y++;
	s->list_y = y;
	for (int i = 0; i < s->list.n && y < LINES - 3; i++, y++) {
		switch (i < s->nfixed ? s->fixed[i] : ITEM_N) {
		case ITEM_ALL:
			/* TRANSLATORS: case home, a choice. */
			ui_row(y, s->list.sel == i, _("Who looked at your record (all accesses)"), R_NORMAL);
			break;
		case ITEM_FLAGGED:
			/* TRANSLATORS: case home, a choice. */
			ui_row(y, s->list.sel == i, _("[!] Accesses with a warning"), R_NORMAL);
			break;
		case ITEM_ADD:
			/* TRANSLATORS: case home, a choice: type in an access from a paper letter. */
			ui_row(y, s->list.sel == i, _("Write down an access from a letter"), R_NORMAL);
			break;
		case ITEM_IMPORT:
			/* TRANSLATORS: case home, a choice: bring in the access log file a registry sent (e.g. on a USB stick). */
			ui_row(y, s->list.sel == i, _("Import a registry's log..."), R_NORMAL);
			break;
		case ITEM_SYNC:
			/* TRANSLATORS: case home, a choice: fetch the newest accesses from the registries' online service. */
			ui_row(y, s->list.sel == i, _("Fetch the newest accesses from the registry"), R_NORMAL);
			break;
		case ITEM_SETTINGS:
			/* TRANSLATORS: case home, a choice. */
			ui_row(y, s->list.sel == i, _("Settings and key slots"), R_NORMAL);
			break;
		case ITEM_REQUESTS:
			/* TRANSLATORS: case home, a choice: the list of requests to authorities. */
			snprintf(t, sizeof t, ngettext("Requests to authorities (%lu)", "Requests to authorities (%lu)",
			                               (unsigned long)s->nrequests), (unsigned long)s->nrequests);
			ui_local_digits(t, sizeof t);
			ui_row(y, s->list.sel == i, t, R_NORMAL);
			break;
		case ITEM_BUNDLE:
			/* TRANSLATORS: case home, a choice: make an evidence bundle (the case's evidence, signed) for a court. */
			ui_row(y, s->list.sel == i, _("Evidence bundle for a court"), R_NORMAL);
			break;
		default: {
			if (i < flag0(s)) {
				int k = i - urgent0(s);
				if (k == 0) {
					y++;
					s->urgent_y = y;
					/* TRANSLATORS: case home, heading above the requests whose next step is due now. */
					ui_text(y - 1, 2, COLS - 4, _("Needs doing now:"), R_HEADER, AL_START);
				}
				ui_row(y, s->list.sel == i, s->urgent[k], R_FLAG);
				if (k == s->nurgent - 1 && s->more_urgent && y + 1 < LINES - 3) {
					y++;
					/* TRANSLATORS: case home, under "Needs doing now"; %d is how many more (see Requests). */
					snprintf(t, sizeof t, ngettext("+%d more: see Requests", "+%d more: see Requests",
					                               s->more_urgent), s->more_urgent);
					ui_local_digits(t, sizeof t);
					ui_text(y, 4, COLS - 6, t, R_HINT, AL_START);
				}
				break;
			}
			uint32_t bit = s->item_flag[i - flag0(s)];
			uint64_t n = flag_count(s, bit);
			if (i == flag0(s)) {
				y++;
				/* TRANSLATORS: case home, heading above the list of warnings. */
				ui_text(y - 1, 2, COLS - 4, _("Warnings found in your record:"), R_HEADER, AL_START);
			}
			/* TRANSLATORS: case home; %s is a warning's name, %llu how many accesses have it. */
			snprintf(t, sizeof t, ngettext("[!] %s: %llu access", "[!] %s: %llu accesses", n),
			         rc_flag_label(bit), (unsigned long long)n);
			ui_local_digits(t, sizeof t);
			ui_row(y, s->list.sel == i, t, R_FLAG);
			break;
		}
		}
	}
	/* The requests, read only, in the room left. */
	if (s->nrequests && y + 2 < LINES - 3) {
		y++;
		/* TRANSLATORS: case home, heading above the case's requests (shown, not changed, here). */
		ui_text(y++, 2, COLS - 4, _("Requests sent to authorities:"), R_HEADER, AL_START);
		size_t room = (size_t)(LINES - 3 - y);
		for (size_t i = 0; i < s->nrequests && room; i++, room--, y++) {
			if (room == 1 && i + 1 < s->nrequests) {
				unsigned long more = (unsigned long)(s->nrequests - i);
				/* TRANSLATORS: case home, when not every request fits; %lu is how many are not shown. */
				snprintf(t, sizeof t, ngettext("+%lu more request",
				                               "+%lu more requests", more), more);
				ui_local_digits(t, sizeof t);
				ui_text(y, 4, COLS - 6, t, R_HINT, AL_START);
				break;
			}
			ui_text(y, 4, COLS - 6, s->requests[i], R_NORMAL, AL_START);
		}
	}
}

static void open_log(struct ui *u, uint32_t flag)
{
	rc_event_filter_init(&u->filter);
	u->f_authority[0] = u->f_country[0] = 0;
	u->filter.flag = flag;
	ui_push(u, SCR_LOG);
}

static bool home_action(struct ui *u, enum ui_action a)
{
	struct home_st *s = st(u);
	if (ui_list_nav(&s->list, a, s->list.n))
		return true;
	switch (a) {
	case UI_A_LOG:
		open_log(u, 0);
		return true;
	case UI_A_FLAGGED:
		open_log(u, RC_FLAGGED_ANY);
		return true;
	case UI_A_NEW:
		ui_push(u, SCR_ENTRY);
		return true;
	case UI_A_IMPORT:
		ui_push(u, SCR_FILES);
		return true;
	case UI_A_SETTINGS:
		ui_push(u, SCR_SETTINGS);
		return true;
	case UI_A_REQUESTS:
		ui_push(u, SCR_REQUESTS);
		return true;
	case UI_A_SYNC:
		ui_sync_start(u, home_enter);
		return true;
	case UI_A_BUNDLE:
		ui_push(u, SCR_BUNDLE);
		return true;
	case UI_A_SELECT:
		switch (s->list.sel < s->nfixed ? s->fixed[s->list.sel] : ITEM_N) {
		case ITEM_ALL: open_log(u, 0); break;
		case ITEM_FLAGGED: open_log(u, RC_FLAGGED_ANY); break;
		case ITEM_ADD: ui_push(u, SCR_ENTRY); break;
		case ITEM_IMPORT: ui_push(u, SCR_FILES); break;
		case ITEM_SETTINGS: ui_push(u, SCR_SETTINGS); break;
		case ITEM_REQUESTS: ui_push(u, SCR_REQUESTS); break;
		case ITEM_SYNC: ui_sync_start(u, home_enter); break;
		case ITEM_BUNDLE: ui_push(u, SCR_BUNDLE); break;
		default:
			if (s->list.sel < flag0(s)) {
				u->request_id = s->urgent_id[s->list.sel - urgent0(s)];
				ui_push(u, SCR_REQUEST);
			} else {
				open_log(u, s->item_flag[s->list.sel - flag0(s)]);
			}
			break;
		}
		return true;
	default:
		return false;
	}
}

static void home_click(struct ui *u, int row)
{
	struct home_st *s = st(u);
	int y = row + ui_body_top();
	int i = y - s->list_y;
	if (i > urgent0(s) && s->nurgent)
		i--; /* the heading above the urgent requests */
	if (s->more_urgent && i > flag0(s))
		i--; /* "+N more" */
	if (i > flag0(s))
		i--; /* the heading above the flags */
	if (i < 0 || i >= s->list.n)
		return;
	if (i == s->list.sel)
		home_action(u, UI_A_SELECT);
	else
		s->list.sel = i;
}

static const enum ui_action home_actions[] = {
	UI_A_LOG, UI_A_FLAGGED, UI_A_IMPORT, UI_A_SYNC, UI_A_REQUESTS, UI_A_BUNDLE, UI_A_NEW, UI_A_SETTINGS, UI_A_SELECT, UI_A_UP, UI_A_DOWN,
	UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_home = {
	.name = "home",
	.state_size = sizeof(struct home_st),
	.enter = home_enter,
	.draw = home_draw,
	.action = home_action,
	.click = home_click,
	.leave = home_leave,
	.actions = home_actions,
};
