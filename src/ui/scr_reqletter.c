/* scr_reqletter.c - the letter of a request, as text, in a view that
 * scrolls (rc_op_request_letter, written to memory only: no temporary
 * file), and saved as a PDF or a text file to a name typed here
 * (rc_op_request_letter_save: never over an existing file, 0600), or
 * sent to the printer as a PDF (rc_op_request_letter_print, after a
 * question: the paper carries the applicant's name).  Left and Right
 * choose the language of the letter sent (the authority's first language
 * by default, or any language recourse has letter templates in, as
 * "--authority-language" does); the applicant's copy stays in the
 * reader's language.  The operations' messages are shown as they are. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ui-int.h"

enum { LF_PATH, LF_FORMAT, LF_N };

struct letter_st {
	struct ui_tview t;
	char *text;          /* the letter (wiped when the screen goes) */
	bool saving;         /* the file name is asked */
	bool printing;       /* "print it now?" is asked */
	bool reminder;       /* the request's reminder, not the request */
	int alang;           /* the letter's language: 0 the authority's, else letter_langs[alang] */
	struct ui_field f[LF_N];
	struct ui_form form;
	const char *formats[2];
	int built_cols;
	char built_lang[16];
};

static struct letter_st *st(struct ui *u)
{
	return ui_st(u, SCR_REQLETTER);
}

/* The languages a letter can be written in (data/templates/), each named
 * in its own script; [0]: as the authority accepts. */
static const struct { const char *code, *name; } letter_langs[] = {
	{ NULL, NULL }, { "en", "English" }, { "de", "Deutsch" }, { "fr", "Français" }, { "es", "Español" },
	{ "uk", "Українська" }, { "ar", "العربية" }, { "fa", "دری / فارسی" }, { "ps", "پښتو" }, { "ti", "ትግርኛ" },
};
#define N_LETTER_LANGS ((int)(sizeof letter_langs / sizeof letter_langs[0]))

static const char *alang_code(const struct letter_st *s)
{
	return s->alang > 0 && s->alang < N_LETTER_LANGS ? letter_langs[s->alang].code : NULL;
}

/* The next language (step +1 or -1) that has templates. */
static void alang_step(struct letter_st *s, int step)
{
	for (int i = 0; i < N_LETTER_LANGS; i++) {
		s->alang = (s->alang + step + N_LETTER_LANGS) % N_LETTER_LANGS;
		if (s->alang == 0 || rc_op_letter_has_language(letter_langs[s->alang].code))
			return;
	}
}

static void drop_text(struct letter_st *s)
{
	if (s->text) {
		explicit_bzero(s->text, strlen(s->text));
		free(s->text);
		s->text = NULL;
	}
}

/* The letter as text, in the reader's language, into memory. */
static void load(struct ui *u, struct letter_st *s)
{
	drop_text(s);
	int fd = memfd_create("letter", MFD_CLOEXEC);
	if (fd < 0) {
		ui_message(u, true, "%s", rc_status_message(RC_IO));
		return;
	}
	struct rc_letter_opts o = { .lang = u->lang ? u->lang->code : NULL, .pdf = false, .reminder = s->reminder,
		.authority_lang = alang_code(s) };
	enum rc_status rs = rc_op_request_letter(u->c, u->request_id, &o, fd);
	if (rs != RC_OK) {
		if (*rc_error_detail())
			ui_message(u, true, "%s", rc_error_detail());
		else
			ui_message(u, true, "%s", rc_status_message(rs));
		close(fd);
		return;
	}
	off_t len = lseek(fd, 0, SEEK_END);
	if (len > 0 && len < 16 * 1024 * 1024 && lseek(fd, 0, SEEK_SET) == 0) {
		s->text = rc_xcalloc((size_t)len + 1, 1);
		size_t got = 0;
		while (got < (size_t)len) {
			ssize_t k = read(fd, s->text + got, (size_t)len - got);
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		s->text[got] = 0;
	}
	close(fd);
}

static void build(struct ui *u, struct letter_st *s)
{
	ui_tview_clear(&s->t);
	s->built_cols = COLS;
	snprintf(s->built_lang, sizeof s->built_lang, "%s", u->lang ? u->lang->code : "");
	if (s->text)
		ui_tview_wrap(&s->t, s->text, R_NORMAL, 2);
}

static void fill_formats(struct letter_st *s)
{
	/* TRANSLATORS: saving a letter: the kind of file. */
	s->formats[0] = _("PDF (to print)");
	s->formats[1] = _("text");
}

static void letter_init(struct ui *u)
{
	struct letter_st *s = st(u);
	s->reminder = u->letter_reminder;
	u->letter_reminder = false;
	/* TRANSLATORS: saving a letter: field labels and hints. */
	ui_field_init(&s->f[LF_PATH], FK_TEXT, N_("Save as"), N_("The file to write, for example /media/usb/letter.pdf. An existing file is never written over."), 190);
	ui_field_init(&s->f[LF_FORMAT], FK_CHOICE, N_("Kind of file"), N_("Space or Left/Right: a PDF to print, or plain text."), 0);
	fill_formats(s);
	s->f[LF_FORMAT].choices = s->formats;
	s->f[LF_FORMAT].nchoices = 2;
	s->f[LF_FORMAT].literal_choices = true;
	s->form = (struct ui_form){ s->f, LF_N, 0, 0 };
	load(u, s);
	build(u, s);
}

static void letter_leave(struct ui *u)
{
	struct letter_st *s = st(u);
	ui_tview_clear(&s->t);
	drop_text(s);
	for (int i = 0; i < LF_N; i++)
		ui_field_wipe(&s->f[i]);
}

static int text_rows(const struct letter_st *s)
{
	return ui_body_rows() - (s->saving ? 6 : s->printing ? 5 : 2);
}

static void letter_draw(struct ui *u)
{
	struct letter_st *s = st(u);
	fill_formats(s);
	if (s->built_cols != COLS || strcmp(s->built_lang, u->lang ? u->lang->code : "")) {
		int top = s->t.top;
		build(u, s);
		s->t.top = top;
	}
	char t[512], num[32], k[16], kp[16];
	snprintf(num, sizeof num, "%" PRId64, u->request_id);
	ui_local_digits(num, sizeof num);
	if (s->reminder)
		/* TRANSLATORS: title of the letter view for a reminder; %s is the request's number. */
		snprintf(t, sizeof t, _("A reminder for request %s"), num);
	else
		/* TRANSLATORS: title of the letter view; %s is the request's number. */
		snprintf(t, sizeof t, _("The letter of request %s"), num);
	ui_title(t);
	int y = ui_body_top();
	ui_action_key_name(UI_A_SAVE, k, sizeof k);
	ui_action_key_name(UI_A_PRINT, kp, sizeof kp);
	/* TRANSLATORS: letter view, one line (keep it under 76 characters); %1$s is the key that saves (F5), %2$s the key that prints (p). */
	snprintf(t, sizeof t, _("Read it with the applicant. %1$s: save it (PDF or text). %2$s: print it."), k, kp);
	ui_text(y++, 2, COLS - 4, t, R_HINT, AL_START);
	if (s->alang > 0)
		/* TRANSLATORS: letter view, one line (keep it under 76 characters): the language chosen for the letter sent; %s is a language's name in its own script. */
		snprintf(t, sizeof t, _("Letter sent in %s. Left/Right: another language."), letter_langs[s->alang].name);
	else
		/* TRANSLATORS: letter view, one line (keep it under 76 characters): the letter sent is in the authority's language (or English when there is no template in it). */
		snprintf(t, sizeof t, "%s", _("Letter sent in the authority's language. Left/Right: another language."));
	ui_text(y++, 2, COLS - 4, t, R_HINT, AL_START);
	if (!s->text) {
		/* TRANSLATORS: letter view, when the letter could not be made (the message line says why). */
		ui_text(y + 1, 2, COLS - 4, _("No letter can be made for this request."), R_HINT, AL_START);
		return;
	}
	ui_tview_draw(&s->t, y, text_rows(s));
	if (s->saving) {
		y += text_rows(s);
		y++;
		y = ui_form_draw(&s->form, y, LF_N);
		ui_para(y, 2, _(s->f[s->form.cur].hint), R_HINT);
	} else if (s->printing) {
		y += text_rows(s);
		y++;
		ui_action_key_name(UI_A_BACK, k, sizeof k);
		/* TRANSLATORS: letter view, before printing; %s is a key such as Esc. */
		snprintf(t, sizeof t, _("Print the letter now on this computer's printer? It carries the applicant's name: stand by the printer and take it at once. Enter: print. %s: not now."), k);
		ui_para(y, 2, t, R_HEADER);
	} else {
		ui_cursor_at(ui_body_top() + 1, 0);
	}
}

static void save(struct ui *u, struct letter_st *s)
{
	char *path = ui_field_utf8(&s->f[LF_PATH]);
	struct rc_letter_opts o = { .lang = u->lang ? u->lang->code : NULL, .pdf = s->f[LF_FORMAT].choice == 0,
		.reminder = s->reminder, .authority_lang = alang_code(s) };
	enum rc_status rs = rc_op_request_letter_save(u->c, u->request_id, &o, path);
	if (rs != RC_OK) {
		if (*rc_error_detail())
			ui_message(u, true, "%s", rc_error_detail());
		else
			ui_message(u, true, "%s", rc_status_message(rs));
	} else {
		/* TRANSLATORS: after saving a letter; %s is the file. */
		ui_message(u, false, _("The letter was written to %s. Read it with the applicant, sign it, and keep a copy."), path);
		s->saving = false;
		ui_field_set(&s->f[LF_PATH], "");
	}
	free(path);
}

/* Printing, as a task: a print server that does not answer (a network
 * printer away) must not freeze the screen; the quick exit still works. */
struct print_job {
	struct rc_case *c;
	int64_t id;
	char lang[16], alang[16];
	bool reminder;
	enum rc_status st;
	char detail[512];
};

static void print_work(void *p)
{
	struct print_job *j = p;
	struct rc_letter_opts o = { .lang = j->lang[0] ? j->lang : NULL, .pdf = true, .reminder = j->reminder,
		.authority_lang = j->alang[0] ? j->alang : NULL };
	j->st = rc_op_request_letter_print(j->c, j->id, &o);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
}

static void print_done(struct ui *u, void *p)
{
	struct print_job *j = p;
	if (j->st != RC_OK)
		ui_message(u, true, "%s", j->detail[0] ? j->detail : rc_status_message(j->st));
	else
		/* TRANSLATORS: after sending a letter to the printer. */
		ui_message(u, false, "%s", _("The letter was sent to the printer. Take it at once, read it with the applicant, and sign it."));
	free(j);
}

static void print(struct ui *u, struct letter_st *s)
{
	s->printing = false;
	struct print_job *j = rc_xcalloc(1, sizeof *j);
	j->c = u->c;
	j->id = u->request_id;
	j->reminder = s->reminder;
	snprintf(j->lang, sizeof j->lang, "%s", u->lang ? u->lang->code : "");
	snprintf(j->alang, sizeof j->alang, "%s", alang_code(s) ? alang_code(s) : "");
	/* TRANSLATORS: the message line while a letter is sent to the printer. */
	if (!ui_busy_run(u, N_("Sending the letter to the printer..."), false, print_work, j, print_done)) {
		j->st = RC_ERR;
		print_done(u, j);
	}
}

static bool letter_key(struct ui *u, int key)
{
	struct letter_st *s = st(u);
	if (s->printing && key == UI_KEY_ENTER) {
		print(u, s);
		return true;
	}
	if (!s->saving && !s->printing
	    && (key == (UI_KEY_FN | KEY_LEFT) || key == (UI_KEY_FN | KEY_RIGHT))) {
		/* the way the text reads: Right goes on in English, Left in Arabic */
		alang_step(s, key == ui_key_as_read(UI_KEY_FN | KEY_RIGHT) ? 1 : -1);
		load(u, s);
		build(u, s);
		return true;
	}
	if (!s->saving)
		return false;
	if (key == UI_KEY_ENTER) {
		if (s->form.cur < s->form.n - 1)
			s->form.cur++;
		else
			save(u, s);
		return true;
	}
	return ui_form_key(&s->form, key);
}

static bool letter_action(struct ui *u, enum ui_action a)
{
	struct letter_st *s = st(u);
	if (s->saving) {
		if (a == UI_A_SAVE) {
			save(u, s);
			return true;
		}
		if (a == UI_A_BACK) {
			if (ui_confirm_discard(u, s->f[LF_PATH].len > 0)) {
				s->saving = false;
				ui_field_set(&s->f[LF_PATH], "");
			}
			return true;
		}
		if (a == UI_A_PGUP || a == UI_A_PGDN)
			return ui_tview_nav(&s->t, a, text_rows(s));
		return ui_form_action(&s->form, a);
	}
	if (s->printing) {
		if (a == UI_A_SELECT) {
			print(u, s);
			return true;
		}
		if (a == UI_A_BACK || a == UI_A_PRINT) {
			s->printing = a == UI_A_PRINT; /* p again: still asked */
			return true;
		}
	}
	if (ui_tview_nav(&s->t, a, text_rows(s)))
		return true;
	if (a == UI_A_SAVE) {
		if (s->text) {
			s->printing = false;
			s->saving = true;
			s->form.cur = 0;
		}
		return true;
	}
	if (a == UI_A_PRINT) {
		if (s->text)
			s->printing = true;
		return true;
	}
	return false;
}

static const enum ui_action letter_actions[] = {
	UI_A_SAVE, UI_A_PRINT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_reqletter = {
	.name = "letter",
	.state_size = sizeof(struct letter_st),
	.init = letter_init,
	.draw = letter_draw,
	.action = letter_action,
	.key = letter_key,
	.leave = letter_leave,
	.actions = letter_actions,
	.sensitive = true,
};
