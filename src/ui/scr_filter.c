/* scr_filter.c - the access log's filter: authority, country, warning,
 * dates.  Applies on Enter (or F5), clears with Ctrl-U in a field. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

enum { FF_AUTH, FF_COUNTRY, FF_FLAG, FF_SINCE, FF_UNTIL, FF_N };
struct filter_st {
	struct ui_field fields[FF_N];
	struct ui_form form;
	const char *flag_choices[RC_FLAG_COUNT + 2];
};

static struct filter_st *st(struct ui *u)
{
	return ui_st(u, SCR_FILTER);
}

/* The labels of the choices, in the language of the moment. */
static void fill_choices(struct filter_st *s)
{
	/* TRANSLATORS: filter form, the warning choice: no restriction. */
	s->flag_choices[0] = _("any access");
	/* TRANSLATORS: filter form, the warning choice. */
	s->flag_choices[1] = _("[!] any warning");
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		s->flag_choices[i + 2] = rc_flag_label(rc_flag_bit(i));
}

static void filter_init(struct ui *u)
{
	struct filter_st *s = st(u);
	struct ui_field *fields = s->fields;
	const struct rc_event_filter *f = &u->filter;
	/* TRANSLATORS: filter form field labels and hints. */
	ui_field_init(&fields[FF_AUTH], FK_TEXT, N_("Authority"), N_("Part of the name, for example: police"), 100);
	ui_field_init(&fields[FF_COUNTRY], FK_TEXT, N_("Country"), N_("Two letters, for example: DE"), 2);
	ui_field_init(&fields[FF_FLAG], FK_CHOICE, N_("Warning"), N_("Space or the arrows change the choice."), 0);
	ui_field_init(&fields[FF_SINCE], FK_TEXT, N_("From date"), N_("A date like 2024-05-22, or empty"), 24);
	ui_field_init(&fields[FF_UNTIL], FK_TEXT, N_("Until date"), N_("A date like 2024-05-22, or empty"), 24);
	ui_field_set(&fields[FF_AUTH], f->authority);
	ui_field_set(&fields[FF_COUNTRY], f->country);
	fill_choices(s);
	fields[FF_FLAG].choices = s->flag_choices;
	fields[FF_FLAG].literal_choices = true;
	fields[FF_FLAG].nchoices = RC_FLAG_COUNT + 2;
	fields[FF_FLAG].choice = 0;
	if (f->flag == RC_FLAGGED_ANY)
		fields[FF_FLAG].choice = 1;
	for (int i = 0; f->flag && f->flag != RC_FLAGGED_ANY && i < RC_FLAG_COUNT; i++)
		if (rc_flag_bit(i) == f->flag)
			fields[FF_FLAG].choice = i + 2;
	/* The dates as the list shows them (ui_date_parse reads them back). */
	char d[64];
	if (f->since_ts != RC_TS_UNKNOWN) {
		ui_fmt_time(f->since_ts, false, d, sizeof d);
		ui_field_set(&fields[FF_SINCE], d);
	}
	if (f->until_ts != RC_TS_UNKNOWN) {
		ui_fmt_time(f->until_ts - 86400, false, d, sizeof d);
		ui_field_set(&fields[FF_UNTIL], d);
	}
	s->form = (struct ui_form){ s->fields, FF_N, 0, 0 };
}

static void filter_leave(struct ui *u)
{
	struct filter_st *s = st(u);
	for (int i = 0; i < FF_N; i++)
		ui_field_wipe(&s->fields[i]);
}

/* 22 May 2024, as the list writes a day in the language of the moment. */
static void example_day(char *buf, size_t len)
{
	ui_fmt_time(1716336000, false, buf, len);
}

static void filter_draw(struct ui *u)
{
	struct filter_st *s = st(u);
	fill_choices(s);
	/* TRANSLATORS: title of the filter form. */
	ui_title(_("Show only some accesses"));
	int y = ui_body_top();
	/* TRANSLATORS: filter form, the explanation at the top. */
	y = ui_para(y, 2, _("Fill in what you want to see, then press Enter. Empty fields do not filter."), R_NORMAL) + 1;
	y = ui_form_draw(&s->form, y, FF_N) + 1;
	if (s->form.cur == FF_SINCE || s->form.cur == FF_UNTIL) {
		/* The example in the form the screen shows dates. */
		char d[64], t[256];
		example_day(d, sizeof d);
		/* TRANSLATORS: filter form, hint of a date field; %s is an example date as the list shows dates. */
		snprintf(t, sizeof t, _("A date like %s (as the list shows dates), or empty."), d);
		ui_para(y, 2, t, R_HINT);
	} else {
		ui_para(y, 2, _(s->fields[s->form.cur].hint), R_HINT);
	}
}

static bool parse_day(struct ui *u, struct ui_field *fl, int64_t *ts, bool end)
{
	char *s = ui_field_utf8(fl);
	*ts = RC_TS_UNKNOWN;
	bool ok = true;
	if (*s) {
		if (ui_date_parse(s, ts)) {
			if (end)
				*ts += 86400;
		} else {
			char d[64];
			example_day(d, sizeof d);
			/* TRANSLATORS: filter form; the first %s is what was typed, the second an example date as the list shows dates. */
			ui_message(u, true, _("\"%s\" is not a date. Write it like %s."), s, d);
			ok = false;
		}
	}
	free(s);
	return ok;
}

static void apply(struct ui *u, struct filter_st *s)
{
	struct ui_field *fields = s->fields;
	int64_t since, until;
	if (!parse_day(u, &fields[FF_SINCE], &since, false) || !parse_day(u, &fields[FF_UNTIL], &until, true))
		return;
	char *a = ui_field_utf8(&fields[FF_AUTH]);
	char *c = ui_field_utf8(&fields[FF_COUNTRY]);
	if (*c && (strlen(c) != 2 || !isalpha((unsigned char)c[0]) || !isalpha((unsigned char)c[1]))) {
		/* TRANSLATORS: filter and entry forms. */
		ui_message(u, true, "%s", _("A country is two letters, for example DE."));
		free(a);
		free(c);
		return;
	}
	snprintf(u->f_authority, sizeof u->f_authority, "%s", a);
	snprintf(u->f_country, sizeof u->f_country, "%c%c", toupper((unsigned char)c[0]), c[0] ? toupper((unsigned char)c[1]) : 0);
	free(a);
	free(c);
	struct rc_event_filter *f = &u->filter;
	f->authority = u->f_authority[0] ? u->f_authority : NULL;
	f->country = u->f_country[0] ? u->f_country : NULL;
	int ch = fields[FF_FLAG].choice;
	f->flag = ch == 0 ? 0 : ch == 1 ? RC_FLAGGED_ANY : rc_flag_bit(ch - 2);
	f->since_ts = since;
	f->until_ts = until;
	ui_log_reload(u);
	ui_pop(u);
}

static bool filter_key(struct ui *u, int key)
{
	struct filter_st *s = st(u);
	if (key == UI_KEY_ENTER) {
		apply(u, s);
		return true;
	}
	return ui_form_key(&s->form, key);
}

static bool filter_action(struct ui *u, enum ui_action a)
{
	struct filter_st *s = st(u);
	if (a == UI_A_SAVE) {
		apply(u, s);
		return true;
	}
	return ui_form_action(&s->form, a);
}

static void filter_click(struct ui *u, int row)
{
	ui_form_click(&st(u)->form, row - 2);
}

static const enum ui_action filter_actions[] = { UI_A_SAVE, UI_A_BACK, UI_A_NONE };

const struct ui_screen scr_filter = {
	.name = "filter",
	.state_size = sizeof(struct filter_st),
	.init = filter_init,
	.draw = filter_draw,
	.action = filter_action,
	.key = filter_key,
	.click = filter_click,
	.leave = filter_leave,
	.actions = filter_actions,
};
