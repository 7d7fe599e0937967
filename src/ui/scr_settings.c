/* scr_settings.c - language, idle lock, text direction, colours, and
 * (with a case open) its key slots: add, remove, change a passphrase,
 * change the data key.  Each line explains what it does below the list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

enum { IT_LANG, IT_IDLE, IT_BIDI, IT_COLOURS, IT_TERMINAL, IT_SLOTS_FIRST };

static const int idle_choices[] = { 60, 120, 180, 300, 600, 900 };

struct settings_st {
	struct ui_list list;
	struct rc_slot_info *slots;
	size_t nslots;
	char my_slot[RC_LABEL_MAX + 1]; /* the slot the case was opened with */
	bool rekey_armed;
};

static struct settings_st *st(struct ui *u)
{
	return ui_st(u, SCR_SETTINGS);
}

/* Lines after the general settings: one per slot, then "add", then "rekey". */
static int it_add(const struct settings_st *s) { return IT_SLOTS_FIRST + (int)s->nslots; }
static int it_rekey(const struct settings_st *s) { return it_add(s) + 1; }

static void settings_enter(struct ui *u)
{
	struct settings_st *s = st(u);
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	s->my_slot[0] = 0;
	if (u->c && rc_case_slots(rc_case_path(u->c), &s->slots, &s->nslots) != RC_OK) {
		s->slots = NULL;
		s->nslots = 0;
	}
	if (u->c)
		snprintf(s->my_slot, sizeof s->my_slot, "%s", rc_case_slot_label(u->c));
	s->list.n = u->c ? it_rekey(s) + 1 : IT_SLOTS_FIRST;
	if (s->list.sel >= s->list.n)
		s->list.sel = 0;
	s->rekey_armed = false;
}

static void settings_leave(struct ui *u)
{
	struct settings_st *s = st(u);
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
}

static const char *item_help(const struct settings_st *s, int i)
{
	switch (i) {
	/* TRANSLATORS: settings, the explanation under the selected line. */
	case IT_LANG: return _("The language of every screen. F2 changes it from anywhere.");
	case IT_IDLE: return _("When nobody touches the keyboard for this long, the case is closed and the screen cleared.");
	case IT_BIDI: return _("Arabic, Dari, Persian and Pashto are laid out right to left by recourse. If this terminal does that itself, choose \"by the terminal\".");
	case IT_COLOURS: return _("Colours help, but every warning also shows [!] and a word.");
	case IT_TERMINAL: return _("Shared (a library, an office): each start is in English, so the next person cannot see which language was used. Personal: the last language chosen comes back. Either way, closing a case clears the screen and what was typed.");
	default: break;
	}
	if (i == it_add(s))
		return _("A key slot is a second passphrase that also opens this case, for example for the lawyer, or a recovery passphrase kept in the office safe.");
	if (i == it_rekey(s))
		return _("Makes a new key for the data and re-locks the case with it. Do this after removing a key slot: until then, an old copy of the case still opens with the removed passphrase.");
	return _("Enter: give this key slot a new passphrase. F8: remove it. A removed passphrase stops working here at once, but old copies of the case still open with it until you change the data key (the last line).");
}

/* The general settings' explanation, then how to change the value. */
static const char *item_hint(const struct settings_st *s, int i, char *buf, size_t len)
{
	const char *h = item_help(s, i);
	if (i != IT_IDLE && i != IT_BIDI && i != IT_COLOURS && i != IT_TERMINAL)
		return h;
	/* TRANSLATORS: settings, after the explanation of a setting with values. */
	snprintf(buf, len, "%s %s", h, _("Left and Right (or Enter) change it; it is kept at once."));
	return buf;
}

static void settings_draw(struct ui *u)
{
	struct settings_st *s = st(u);
	/* TRANSLATORS: title of the settings screen. */
	ui_title(_("Settings"));
	int y = ui_body_top();
	char t[512];
	int rows = ui_body_rows() - 6;
	ui_list_scroll(&s->list, rows);
	for (int i = s->list.top; i < s->list.n && y < ui_body_top() + rows; i++, y++) {
		bool on = i == s->list.sel;
		if (i == IT_LANG)
			/* TRANSLATORS: settings line; %s is the language's name. */
			snprintf(t, sizeof t, _("Language: %s"), u->lang ? u->lang->name : "English");
		else if (i == IT_IDLE) {
			int m = u->set.idle_s / 60;
			if (u->set.idle_s % 60)
				/* TRANSLATORS: settings line; %d is seconds. */
				snprintf(t, sizeof t, ngettext("Lock after %d second without a key press",
				                               "Lock after %d seconds without a key press", u->set.idle_s), u->set.idle_s);
			else
				/* TRANSLATORS: settings line; %d is minutes. */
				snprintf(t, sizeof t, ngettext("Lock after %d minute without a key press",
				                               "Lock after %d minutes without a key press", m), m);
			ui_local_digits(t, sizeof t);
		} else if (i == IT_BIDI)
			snprintf(t, sizeof t, "%s", u->set.bidi_program ?
			         /* TRANSLATORS: settings line: who arranges right-to-left text. */
			         _("Right-to-left text: arranged by recourse") : _("Right-to-left text: arranged by the terminal"));
		else if (i == IT_COLOURS)
			snprintf(t, sizeof t, "%s", u->set.colours == UI_COLOURS_AUTO ?
			         /* TRANSLATORS: settings line. */
			         _("Colours: automatic") : u->set.colours == UI_COLOURS_ON ? _("Colours: on") : _("Colours: off"));
		else if (i == IT_TERMINAL)
			snprintf(t, sizeof t, "%s", u->set.personal ?
			         /* TRANSLATORS: settings line: whether the last language is remembered. */
			         _("This terminal: personal (the language is remembered)") :
			         _("This terminal: shared (starts in English, remembers nothing)"));
		else if (i == it_add(s))
			/* TRANSLATORS: settings line, under the key slots. */
			snprintf(t, sizeof t, "%s", _("+ Add a key slot"));
		else if (i == it_rekey(s))
			/* TRANSLATORS: settings line, under the key slots. */
			snprintf(t, sizeof t, "%s", s->rekey_armed ? _("Change the data key: press Enter again to confirm") :
			         _("Change the data key (after removing a slot)"));
		else {
			const struct rc_slot_info *si = &s->slots[i - IT_SLOTS_FIRST];
			char *l = rc_text_sanitize(si->label, strlen(si->label), false);
			bool mine = !strcmp(si->label, s->my_slot);
			/* The day it was made, as the reader writes dates. */
			char made[64], norm[32];
			int64_t ts;
			if (rc_date_parse(si->created, &ts, norm, sizeof norm))
				ui_fmt_time(ts, false, made, sizeof made);
			else
				snprintf(made, sizeof made, "%s", si->created);
			/* TRANSLATORS: settings, one key slot; %s is its label, the second %s its date. */
			snprintf(t, sizeof t, _("Key slot %s (made %s)%s"), l, made,
			         /* TRANSLATORS: settings, after the key slot this case was opened with. */
			         mine ? _(" - you opened the case with it") : "");
			free(l);
		}
		if (i == IT_SLOTS_FIRST) {
			/* TRANSLATORS: settings, heading above the key slots. */
			ui_text(y, 2, COLS - 4, _("Key slots (passphrases that open this case):"), R_HEADER, AL_START);
			y++;
		}
		ui_row(y, on, t, R_NORMAL);
	}
	y = LINES - 3 - 4;
	ui_para(y, 2, item_hint(s, s->list.sel, t, sizeof t), R_HINT);
}

/* The new data key is a task: the whole database is written again
 * (seconds for a large case); Esc cancels it, and nothing changes then. */
struct rekey_job {
	struct rc_case *c;  /* the task's while it runs */
	enum rc_status st;
	char detail[512];
};

/* On the worker: no curses, no struct ui. */
static void rekey_work(void *p)
{
	struct rekey_job *j = p;
	j->st = rc_op_rekey(j->c, ui_task_progress, NULL);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
}

static void rekey_done(struct ui *u, void *p)
{
	struct rekey_job *j = p;
	if (j->st == RC_OK)
		/* TRANSLATORS: settings, after the data key was changed. */
		ui_message(u, false, "%s", _("The data key is changed. Removed passphrases no longer open any copy made from now on."));
	else if (ui_task_cancelled())
		ui_message(u, false, "%s", rc_status_message(RC_CANCELLED));
	else
		ui_message(u, true, "%s %s", rc_status_message(j->st), j->detail);
	free(j);
}

static void rekey(struct ui *u)
{
	struct rekey_job *j = rc_xcalloc(1, sizeof *j);
	j->c = u->c;
	/* TRANSLATORS: settings, while the data key is changed (it can take a while). */
	if (!ui_busy_run(u, N_("Changing the data key..."), true, rekey_work, j, rekey_done)) {
		j->st = RC_ERR;
		rekey_done(u, j);
	}
}

/* A setting's next (d 1) or previous (d -1) value, kept at once. */
static void change(struct ui *u, int i, int d)
{
	if (i == IT_IDLE) {
		int n = (int)(sizeof idle_choices / sizeof idle_choices[0]), k;
		if (d > 0) {
			for (k = 0; k < n && idle_choices[k] <= u->set.idle_s; k++)
				;
			k %= n;
		} else {
			for (k = n - 1; k >= 0 && idle_choices[k] >= u->set.idle_s; k--)
				;
			if (k < 0)
				k = n - 1;
		}
		u->set.idle_s = idle_choices[k];
	} else if (i == IT_BIDI) {
		u->set.bidi_program = !u->set.bidi_program;
		ui_apply_settings(u);
	} else if (i == IT_COLOURS) {
		u->set.colours = (enum ui_colours)((u->set.colours + 3 + d) % 3);
		ui_colours_init(u);
	} else if (i == IT_TERMINAL) {
		u->set.personal = !u->set.personal;
	} else {
		return;
	}
	ui_settings_save(&u->set);
}

/* Left and Right change the selected setting (mirrored right to left). */
static bool settings_key(struct ui *u, int key)
{
	struct settings_st *s = st(u);
	if (key != (UI_KEY_FN | KEY_LEFT) && key != (UI_KEY_FN | KEY_RIGHT))
		return false;
	int i = s->list.sel;
	if (i != IT_IDLE && i != IT_BIDI && i != IT_COLOURS && i != IT_TERMINAL)
		return false;
	int d = key == (UI_KEY_FN | KEY_RIGHT) ? 1 : -1;
	if (u->rtl)
		d = -d;
	change(u, i, d);
	u->dirty = true;
	return true;
}

static bool settings_action(struct ui *u, enum ui_action a)
{
	struct settings_st *s = st(u);
	if (ui_list_nav(&s->list, a, ui_body_rows() - 6)) {
		s->rekey_armed = false;
		return true;
	}
	int i = s->list.sel;
	if (a == UI_A_REMOVE && i >= IT_SLOTS_FIRST && i < it_add(s)) {
		enum rc_status rs = rc_op_slot_remove(u->c, s->slots[i - IT_SLOTS_FIRST].label);
		if (rs == RC_OK)
			/* TRANSLATORS: settings, after removing a key slot. */
			ui_message(u, false, "%s", _("The key slot is removed. Change the data key too, so old copies stop opening with it."));
		else
			ui_message(u, true, "%s", rc_status_message(rs));
		settings_enter(u);
		return true;
	}
	if (a != UI_A_SELECT)
		return false;
	if (i == IT_LANG) {
		ui_push(u, SCR_WELCOME);
	} else if (i == IT_IDLE || i == IT_BIDI || i == IT_COLOURS || i == IT_TERMINAL) {
		change(u, i, 1);
	} else if (i == it_add(s)) {
		u->slot_mode = 0;
		ui_push(u, SCR_SLOTFORM);
	} else if (i == it_rekey(s)) {
		if (!s->rekey_armed) {
			s->rekey_armed = true;
			return true;
		}
		s->rekey_armed = false;
		rekey(u);
	} else {
		u->slot_mode = 1;
		snprintf(u->slot_target, sizeof u->slot_target, "%s", s->slots[i - IT_SLOTS_FIRST].label);
		ui_push(u, SCR_SLOTFORM);
	}
	return true;
}

static void settings_click(struct ui *u, int row)
{
	struct settings_st *s = st(u);
	int i = s->list.top + row;
	if (i > IT_SLOTS_FIRST - 1 + 1 && u->c)
		i--; /* the heading */
	if (i < 0 || i >= s->list.n)
		return;
	if (i == s->list.sel)
		settings_action(u, UI_A_SELECT);
	else
		s->list.sel = i;
}

static const enum ui_action settings_actions[] = {
	UI_A_REMOVE, UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_settings = {
	.name = "settings",
	.state_size = sizeof(struct settings_st),
	.enter = settings_enter,
	.draw = settings_draw,
	.action = settings_action,
	.key = settings_key,
	.click = settings_click,
	.leave = settings_leave,
	.actions = settings_actions,
};
