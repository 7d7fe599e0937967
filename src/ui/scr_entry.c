/* scr_entry.c - write down one access by hand (from a paper letter),
 * as "recourse log add" does: source "manual", id = hash of the fields.
 * The same form corrects or withdraws an access written down by hand
 * (u->entry_edit_id, from the detail screen), as "recourse log correct"
 * and "log withdraw" do: the earlier version stays in the journal.
 *
 * "Data touched" is a list of ticks in the reader's language, never
 * keywords to type.  Esc with something typed asks first. */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui-int.h"

/* EF_DO and EF_REASON are only in the correction form. */
enum { EF_DO, EF_WHEN, EF_AUTH, EF_COUNTRY, EF_ROLE, EF_SYSTEM, EF_ACTION, EF_CATS, EF_PURPOSE, EF_LEGAL,
	EF_OUTCOME, EF_DOC, EF_NOTE, EF_REASON, EF_N };

static const unsigned cat_bits[] = {
#define CAT_BIT(name, bit, id, label) bit,
	RC_CATEGORY_INFO(CAT_BIT)
#undef CAT_BIT
};
#define N_CATS ((int)(sizeof cat_bits / sizeof cat_bits[0]))

enum confirm { CONFIRM_NONE, CONFIRM_DISCARD, CONFIRM_WITHDRAW };

struct entry_st {
	struct ui_field fields[EF_N];
	struct ui_form form;
	const char *action_choices[RC_ACT_COUNT];
	const char *outcome_choices[RC_OUT_COUNT];
	const char *do_choices[2];
	unsigned cats;        /* the ticked categories */
	int cat_cur;          /* the one the cursor is on */
	int64_t edit_id;      /* 0: a new access */
	enum confirm confirm; /* a question is asked */
	unsigned start_cats;  /* what the form held when it opened (for "changed") */
	uint64_t start_sum;   /* a hash of its texts (not the texts) */
	int start_action, start_outcome;
};

static struct entry_st *st(struct ui *u)
{
	return ui_st(u, SCR_ENTRY);
}

/* The index in fields[] of the form's current field. */
static int cur_field(const struct entry_st *s)
{
	return (int)(s->form.f - s->fields) + s->form.cur;
}

static void set_cur_field(struct entry_st *s, int i)
{
	int base = (int)(s->form.f - s->fields);
	if (i >= base && i < base + s->form.n)
		s->form.cur = i - base;
}

/* The labels of the choices, in the language of the moment. */
static void fill_choices(struct entry_st *s)
{
	for (int i = 0; i < RC_ACT_COUNT; i++)
		s->action_choices[i] = rc_action_label((enum rc_action)i);
	for (int i = 0; i < RC_OUT_COUNT; i++)
		s->outcome_choices[i] = rc_outcome_label((enum rc_outcome)i);
	/* TRANSLATORS: correcting an access written down by hand: what to do with it. */
	s->do_choices[0] = _("Correct it");
	/* TRANSLATORS: correcting an access written down by hand: what to do with it. */
	s->do_choices[1] = _("Withdraw it: it was written down by mistake");
}

/* One category's name in the reader's language. */
static char *cat_label(unsigned bit)
{
	return rc_categories_format(bit, true);
}

/* The ticked categories, in words, shown in the field. */
static void cats_show(struct entry_st *s)
{
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, "");
	for (int i = 0; i < N_CATS; i++) {
		if (!(s->cats & cat_bits[i]))
			continue;
		if (b.len)
			/* TRANSLATORS: between the items of a list ("fingerprints, iris"); Arabic "، ". */
			rc_buf_addstr(&b, _(", "));
		char *l = cat_label(cat_bits[i]);
		rc_buf_addstr(&b, l);
		free(l);
	}
	ui_field_set(&s->fields[EF_CATS], b.data);
	s->fields[EF_CATS].pos = 0;
	rc_buf_free(&b);
}

static uint64_t texts_sum(const struct entry_st *s);

static void entry_init(struct ui *u)
{
	struct entry_st *s = st(u);
	struct ui_field *f = s->fields;
	s->edit_id = u->entry_edit_id;
	u->entry_edit_id = 0;
	/* TRANSLATORS: correcting an access: the first field, a choice. */
	ui_field_init(&f[EF_DO], FK_CHOICE, N_("What to do"), N_("Space or Left/Right: correct the details below, or withdraw the access. Either way the earlier version stays in the case journal."), 0);
	/* TRANSLATORS: manual entry form: field labels and the hint shown under each. */
	ui_field_init(&f[EF_WHEN], FK_TEXT, N_("When"), N_("The date of the access, like 2024-05-22 or 2024-05-22T08:15:00Z. Needed."), 40);
	ui_field_init(&f[EF_AUTH], FK_TEXT, N_("Authority"), N_("Who looked at the record, as the letter names them. Needed."), 160);
	ui_field_init(&f[EF_COUNTRY], FK_TEXT, N_("Country"), N_("The authority's country, two letters, for example DE."), 2);
	ui_field_init(&f[EF_ROLE], FK_TEXT, N_("Role or unit"), N_("The office or unit, if the letter says."), 160);
	ui_field_init(&f[EF_SYSTEM], FK_TEXT, N_("System"), N_("The database, for example Eurodac, if the letter says."), 160);
	ui_field_init(&f[EF_ACTION], FK_CHOICE, N_("Did what"), N_("Space or the arrows change the choice."), 0);
	/* TRANSLATORS: manual entry form, the hint under "Data touched": a list of ticks below it. */
	ui_field_init(&f[EF_CATS], FK_TEXT, N_("Data touched"), N_("Tick what the letter names: Left and Right move, Space ticks or unticks."), 120);
	ui_field_init(&f[EF_PURPOSE], FK_TEXT, N_("Purpose given"), N_("Why they say they looked, if the letter says."), 190);
	ui_field_init(&f[EF_LEGAL], FK_TEXT, N_("Legal basis"), N_("The law or article they name, if any."), 190);
	ui_field_init(&f[EF_OUTCOME], FK_CHOICE, N_("Result"), N_("Space or the arrows change the choice."), 0);
	ui_field_init(&f[EF_DOC], FK_TEXT, N_("From which letter"), N_("For example: letter of 2024-06-01 from the Dublin unit."), 190);
	ui_field_init(&f[EF_NOTE], FK_TEXT, N_("Note"), N_("Anything else worth keeping."), 190);
	/* TRANSLATORS: correcting an access: why (kept in the case journal). */
	ui_field_init(&f[EF_REASON], FK_TEXT, N_("Why"), N_("Why it changes, for example: wrong date typed. Kept in the case journal. You may leave it empty."), 190);
	fill_choices(s);
	f[EF_DO].choices = s->do_choices;
	f[EF_DO].nchoices = 2;
	f[EF_DO].literal_choices = true;
	f[EF_ACTION].choices = s->action_choices;
	f[EF_ACTION].nchoices = RC_ACT_COUNT;
	f[EF_ACTION].literal_choices = true;
	f[EF_ACTION].choice = RC_ACT_READ;
	f[EF_OUTCOME].choices = s->outcome_choices;
	f[EF_OUTCOME].nchoices = RC_OUT_COUNT;
	f[EF_OUTCOME].literal_choices = true;
	if (s->edit_id > 0) {
		s->form = (struct ui_form){ s->fields, EF_N, 0, 0 };
		struct rc_event ev;
		rc_event_init(&ev);
		enum rc_status rs = u->c ? rc_events_get(u->c, s->edit_id, &ev) : RC_NOTFOUND;
		if (rs != RC_OK) {
			ui_message(u, true, "%s", rc_status_message(rs));
		} else {
			ui_field_set(&f[EF_WHEN], ev.occurred);
			ui_field_set(&f[EF_AUTH], ev.authority);
			ui_field_set(&f[EF_COUNTRY], ev.authority_country);
			ui_field_set(&f[EF_ROLE], ev.role);
			ui_field_set(&f[EF_SYSTEM], ev.system);
			f[EF_ACTION].choice = ev.action;
			s->cats = ev.categories;
			ui_field_set(&f[EF_PURPOSE], ev.purpose);
			ui_field_set(&f[EF_LEGAL], ev.legal_basis);
			f[EF_OUTCOME].choice = ev.outcome;
			/* "manual entry" is what the store puts when no letter was named. */
			ui_field_set(&f[EF_DOC], ev.origin && strcmp(ev.origin, "manual entry") ? ev.origin : "");
			ui_field_set(&f[EF_NOTE], ev.note);
			/* The agent and the recipient are not on this form: kept as they were. */
		}
		rc_event_clear(&ev);
	} else {
		s->form = (struct ui_form){ &s->fields[EF_WHEN], EF_NOTE - EF_WHEN + 1, 0, 0 };
	}
	cats_show(s);
	s->start_cats = s->cats;
	s->start_action = f[EF_ACTION].choice;
	s->start_outcome = f[EF_OUTCOME].choice;
	s->start_sum = texts_sum(s);
}

static void entry_leave(struct ui *u)
{
	struct entry_st *s = st(u);
	for (int i = 0; i < EF_N; i++)
		ui_field_wipe(&s->fields[i]);
	s->cats = 0;
}

/* FNV-1a over the typed texts: to notice a change without keeping a
 * second copy of them. */
static uint64_t texts_sum(const struct entry_st *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (int i = EF_WHEN; i < EF_N; i++) {
		if (s->fields[i].kind != FK_TEXT || i == EF_CATS)
			continue;
		for (int j = 0; j <= s->fields[i].len; j++) {
			h ^= (uint64_t)(uint32_t)s->fields[i].buf[j];
			h *= 1099511628211ULL;
		}
	}
	return h;
}

/* Whether anything was typed or chosen since the form opened. */
static bool entry_changed(const struct entry_st *s)
{
	return s->cats != s->start_cats || s->fields[EF_ACTION].choice != s->start_action ||
	       s->fields[EF_OUTCOME].choice != s->start_outcome || s->fields[EF_DO].choice != 0 ||
	       texts_sum(s) != s->start_sum;
}

/* The ticks under "Data touched", flowing over as many lines as they
 * need in the language of the moment; returns the row after them. */
static int draw_ticks(struct entry_st *s, int y, int ymax)
{
	int x = 2, w = COLS - 4, cur_y = y, cur_x = 2;
	for (int i = 0; i < N_CATS; i++) {
		char *l = cat_label(cat_bits[i]);
		char item[160];
		snprintf(item, sizeof item, "[%s] %s", (s->cats & cat_bits[i]) ? "x" : " ", l);
		free(l);
		int iw = rc_text_width(item);
		if (x > 2 && x + iw > 2 + w) {
			y++;
			x = 2;
		}
		if (y >= ymax)
			break;
		bool on = i == s->cat_cur;
		ui_text(y, x, iw < w ? iw : w, item, on ? R_SELECTED : R_FIELD, AL_START);
		if (on)
			cur_y = y, cur_x = x + 1;
		x += iw + 3;
	}
	ui_cursor_at(cur_y, cur_x);
	return y + 1;
}

static void entry_draw(struct ui *u)
{
	struct entry_st *s = st(u);
	fill_choices(s);
	cats_show(s);
	char k[16], t[256];
	if (s->edit_id > 0) {
		char n[32];
		snprintf(n, sizeof n, "%" PRId64, s->edit_id);
		ui_local_digits(n, sizeof n);
		/* TRANSLATORS: title of the form that corrects an access; %s is its number. */
		snprintf(t, sizeof t, _("Correct or withdraw access number %s"), n);
		ui_title(t);
	} else {
		/* TRANSLATORS: title of the manual entry form. */
		ui_title(_("Write down an access from a letter"));
	}
	int y = ui_body_top();
	ui_action_key_name(UI_A_SAVE, k, sizeof k);
	/* TRANSLATORS: manual entry form; %s is the key that saves (F5). */
	snprintf(t, sizeof t, _("Move with Tab or the arrows. Press %s to save."), k);
	ui_text(y++, 2, COLS - 4, t, R_NORMAL, AL_START);
	y++;
	int rows = ui_body_rows() - 6;
	if (rows > s->form.n)
		rows = s->form.n;
	y = ui_form_draw(&s->form, y, rows) + 1;
	int ymax = ui_body_top() + ui_body_rows();
	if (s->confirm != CONFIRM_NONE) {
		if (s->confirm == CONFIRM_DISCARD)
			/* TRANSLATORS: manual entry form, after Esc with something typed. */
			snprintf(t, sizeof t, "%s", _("Throw away what you typed? Enter: yes, throw it away. Esc or another key: no, go on."));
		else
			/* TRANSLATORS: correcting an access, before withdrawing it. */
			snprintf(t, sizeof t, "%s", _("Withdraw this access? It is taken out of the list; the case journal keeps it. Enter: yes, withdraw it. Esc or another key: no."));
		int y0 = y;
		ui_para(y, 2, t, R_ERROR);
		ui_cursor_at(y0, 2);
		return;
	}
	int fi = cur_field(s);
	y = ui_para(y, 2, _(s->fields[fi].hint), R_HINT);
	if (fi == EF_CATS)
		draw_ticks(s, y, ymax);
}

/* The form's field for an operation's field (for the cursor). */
static int field_of(enum rc_access_field f)
{
	switch (f) {
	case RC_AF_WHEN: return EF_WHEN;
	case RC_AF_AUTHORITY: return EF_AUTH;
	case RC_AF_COUNTRY: return EF_COUNTRY;
	case RC_AF_ROLE: return EF_ROLE;
	case RC_AF_SYSTEM: return EF_SYSTEM;
	case RC_AF_ACTION: return EF_ACTION;
	case RC_AF_CATEGORIES: return EF_CATS;
	case RC_AF_PURPOSE: return EF_PURPOSE;
	case RC_AF_LEGAL_BASIS: return EF_LEGAL;
	case RC_AF_OUTCOME: return EF_OUTCOME;
	case RC_AF_SOURCE_DOCUMENT: return EF_DOC;
	case RC_AF_NOTE: return EF_NOTE;
	default: return -1;
	}
}

/* Whether the log's filter would hide access id; the filter is then
 * cleared (the order kept), so the list shows what was just saved. */
static bool clear_filter_hiding(struct ui *u, int64_t id)
{
	struct rc_event_filter *f = &u->filter;
	struct rc_event ev;
	rc_event_init(&ev);
	if (rc_events_get(u->c, id, &ev) != RC_OK)
		return false;
	bool hidden = false;
	if (f->since_ts != RC_TS_UNKNOWN && (ev.occurred_ts == RC_TS_UNKNOWN || ev.occurred_ts < f->since_ts))
		hidden = true;
	if (f->until_ts != RC_TS_UNKNOWN && (ev.occurred_ts == RC_TS_UNKNOWN || ev.occurred_ts > f->until_ts))
		hidden = true;
	if (f->flag == RC_FLAGGED_ANY ? ev.flags == 0 : f->flag && !(ev.flags & f->flag))
		hidden = true;
	if (f->country && *f->country && (!ev.authority_country || strcasecmp(f->country, ev.authority_country)))
		hidden = true;
	if (f->authority && *f->authority && (!ev.authority || !strcasestr(ev.authority, f->authority)))
		hidden = true;
	rc_event_clear(&ev);
	if (!hidden)
		return false;
	enum rc_event_sort sort = f->sort;
	rc_event_filter_init(f);
	f->sort = sort;
	u->f_authority[0] = u->f_country[0] = 0;
	return true;
}

/* The screen under the form. */
static enum ui_screen_id below(const struct ui *u)
{
	return u->depth >= 2 ? u->stack[u->depth - 2].id : SCR_COUNT;
}

/* Back where the form was opened from, with what was saved in view. */
static void after_save(struct ui *u, int64_t id, bool duplicate)
{
	bool cleared = below(u) == SCR_LOG && clear_filter_hiding(u, id);
	ui_log_reload(u);
	ui_pop(u);
	char n[32];
	snprintf(n, sizeof n, "%" PRId64, id);
	ui_local_digits(n, sizeof n);
	if (duplicate)
		/* TRANSLATORS: after saving a manual entry that was already there; %s is its number. */
		ui_message(u, false, _("This access was already in the case (number %s)."), n);
	else if (cleared)
		/* TRANSLATORS: after saving a manual entry; %s is its number.  The list had a filter that hid it. */
		ui_message(u, false, _("Saved. The access has number %s. The filter is cleared, so that it shows in the list."), n);
	else
		/* TRANSLATORS: after saving a manual entry; %s is its number. */
		ui_message(u, false, _("Saved. The access has number %s."), n);
}

static void withdraw(struct ui *u, struct entry_st *s)
{
	char *why = ui_field_utf8(&s->fields[EF_REASON]);
	int64_t id = s->edit_id;
	enum rc_status rs = rc_op_access_withdraw(u->c, id, *why ? why : NULL);
	explicit_bzero(why, strlen(why));
	free(why);
	if (rs != RC_OK) {
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
		return;
	}
	ui_log_reload(u);
	ui_pop(u);                     /* the form */
	if (ui_top(u) == SCR_DETAIL)
		ui_pop(u);             /* the access, gone from the list */
	char n[32];
	snprintf(n, sizeof n, "%" PRId64, id);
	ui_local_digits(n, sizeof n);
	/* TRANSLATORS: after withdrawing an access written down by hand; %s is its number. */
	ui_message(u, false, _("Access number %s is withdrawn. The case journal keeps what it said."), n);
}

static void save(struct ui *u, struct entry_st *s)
{
	if (s->edit_id > 0 && s->fields[EF_DO].choice == 1) {
		s->confirm = CONFIRM_WITHDRAW;
		return;
	}
	struct ui_field *fields = s->fields;
	char *text[EF_N] = { 0 };
	for (int i = EF_WHEN; i < EF_N; i++)
		if (fields[i].kind == FK_TEXT && i != EF_CATS)
			text[i] = ui_field_utf8(&fields[i]);
	char *cats = rc_categories_format(s->cats, false);
	struct rc_manual_access in;
	rc_manual_access_init(&in);
	in.when = text[EF_WHEN];
	in.authority = text[EF_AUTH];
	in.country = text[EF_COUNTRY];
	in.role = text[EF_ROLE];
	in.system = text[EF_SYSTEM];
	in.action = (enum rc_action)fields[EF_ACTION].choice;
	in.categories = *cats ? cats : NULL;
	in.purpose = text[EF_PURPOSE];
	in.legal_basis = text[EF_LEGAL];
	in.outcome = (enum rc_outcome)fields[EF_OUTCOME].choice;
	in.source_document = text[EF_DOC];
	in.note = text[EF_NOTE];
	struct rc_access_result res;
	enum rc_status rs;
	if (s->edit_id > 0) {
		/* Keep what this form does not show (agent, recipient). */
		struct rc_event old;
		rc_event_init(&old);
		if (rc_events_get(u->c, s->edit_id, &old) == RC_OK) {
			in.agent = old.agent;
			in.dest = old.dest;
			in.dest_country = old.dest_country;
		}
		rs = rc_op_access_correct(u->c, s->edit_id, &in, text[EF_REASON] && *text[EF_REASON] ? text[EF_REASON] : NULL, &res);
		rc_event_clear(&old);
	} else {
		rs = rc_op_access_add(u->c, &in, &res);
	}
	for (int i = 0; i < EF_N; i++) {
		if (text[i])
			explicit_bzero(text[i], strlen(text[i]));
		free(text[i]);
	}
	free(cats);
	if (rs == RC_OK) {
		if (s->edit_id > 0) {
			int64_t id = s->edit_id;
			ui_log_reload(u);
			ui_pop(u); /* the form */
			if (ui_top(u) == SCR_DETAIL) {
				/* The access again, as corrected. */
				ui_pop(u);
				u->detail_id = id;
				ui_push(u, SCR_DETAIL);
			}
			char n[32];
			snprintf(n, sizeof n, "%" PRId64, id);
			ui_local_digits(n, sizeof n);
			/* TRANSLATORS: after correcting an access; %s is its number. */
			ui_message(u, false, _("Access number %s is corrected. The case journal keeps the earlier version."), n);
			return;
		}
		after_save(u, res.id, res.duplicate);
		return;
	}
	int f = rs == RC_INVALID ? field_of(res.bad) : -1;
	if (f >= 0)
		set_cur_field(s, f);
	ui_message(u, true, "%s", f >= 0 ? rc_error_detail() : rc_status_message(rs));
	if (f < 0 && *rc_error_detail())
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
}

/* Keys on "Data touched": move between the ticks, tick, untick. */
static bool cats_key(struct ui *u, struct entry_st *s, int key)
{
	if (key == (UI_KEY_FN | KEY_RIGHT) || key == (UI_KEY_FN | KEY_LEFT)) {
		int d = key == (UI_KEY_FN | KEY_RIGHT) ? 1 : -1;
		if (u->rtl)
			d = -d;
		s->cat_cur = (s->cat_cur + d + N_CATS) % N_CATS;
		return true;
	}
	if (key == ' ') {
		s->cats ^= cat_bits[s->cat_cur];
		return true;
	}
	if (key == 21) { /* Ctrl-U: none ticked */
		s->cats = 0;
		return true;
	}
	if (key == (UI_KEY_FN | KEY_BACKSPACE) || key == (UI_KEY_FN | KEY_DC)) {
		s->cats &= ~cat_bits[s->cat_cur];
		return true;
	}
	/* Typing does nothing here (it would be lost). */
	return !(key & UI_KEY_FN) && key >= 0x20 && key != 0x7F;
}

static bool entry_key(struct ui *u, int key)
{
	struct entry_st *s = st(u);
	if (s->confirm != CONFIRM_NONE) {
		/* The quick exit and Quit stay what they are. */
		static const enum ui_action none[] = { UI_A_NONE };
		enum ui_action g = ui_key_action(key, none);
		if (g == UI_A_HIDE || g == UI_A_QUIT)
			return false;
		enum confirm c = s->confirm;
		s->confirm = CONFIRM_NONE;
		if (key == UI_KEY_ENTER) {
			if (c == CONFIRM_DISCARD)
				ui_pop(u);
			else
				withdraw(u, s);
		}
		return true;
	}
	if (key == UI_KEY_ENTER) {
		if (s->form.cur < s->form.n - 1)
			s->form.cur++;
		else
			save(u, s);
		return true;
	}
	if (cur_field(s) == EF_CATS && cats_key(u, s, key))
		return true;
	return ui_form_key(&s->form, key);
}

static bool entry_action(struct ui *u, enum ui_action a)
{
	struct entry_st *s = st(u);
	if (a == UI_A_SAVE) {
		save(u, s);
		return true;
	}
	if (a == UI_A_BACK && entry_changed(s)) {
		s->confirm = CONFIRM_DISCARD;
		return true;
	}
	return ui_form_action(&s->form, a);
}

static void entry_click(struct ui *u, int row)
{
	ui_form_click(&st(u)->form, row - 2);
}

static const enum ui_action entry_actions[] = { UI_A_SAVE, UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_entry = {
	.name = "entry",
	.state_size = sizeof(struct entry_st),
	.init = entry_init,
	.draw = entry_draw,
	.action = entry_action,
	.key = entry_key,
	.click = entry_click,
	.leave = entry_leave,
	.actions = entry_actions,
	.sensitive = true,
};
