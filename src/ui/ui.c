/* ui.c - the frame: start-up, the sources it registers with the loop
 * (keyboard, a self-pipe for signals, the idle lock's timer), painting
 * between turns, the screen stack and the screens' state, tasks the
 * screen waits for, language switching, the quick exit. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ui-int.h"

const struct ui_screen *const ui_screens[SCR_COUNT] = {
	[SCR_WELCOME] = &scr_welcome, [SCR_PICKER] = &scr_picker, [SCR_NEWCASE] = &scr_newcase,
	[SCR_UNLOCK] = &scr_unlock, [SCR_HOME] = &scr_home, [SCR_LOG] = &scr_log,
	[SCR_DETAIL] = &scr_detail, [SCR_ENTRY] = &scr_entry, [SCR_FILTER] = &scr_filter,
	[SCR_SETTINGS] = &scr_settings, [SCR_SLOTFORM] = &scr_slotform, [SCR_HELP] = &scr_help,
	[SCR_FILES] = &scr_files,
	[SCR_REQUESTS] = &scr_requests, [SCR_REQUEST] = &scr_request, [SCR_REQSTEP] = &scr_reqstep,
	[SCR_REQNEW] = &scr_reqnew, [SCR_REQLETTER] = &scr_reqletter, [SCR_BOARD] = &scr_board,
	[SCR_BUNDLE] = &scr_bundle,
};

const struct ui_lang ui_langs[] = {
	{ "en", "English", false },
	{ "ar", "العربية", true },
	{ "fa", "دری / فارسی", true },
	{ "ps", "پښتو", true },
	{ "ti", "ትግርኛ", false },
	{ "uk", "Українська", false },
	{ "es", "Español", false },
	{ "fr", "Français", false },
};
const size_t ui_nlangs = sizeof ui_langs / sizeof ui_langs[0];

const struct ui_lang *ui_lang_find(const char *code)
{
	for (size_t i = 0; code && i < ui_nlangs; i++)
		if (!strcmp(ui_langs[i].code, code))
			return &ui_langs[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Signals: the handler writes one byte to a pipe; the loop does the rest. */
static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int e = errno;
	unsigned char b = (unsigned char)sig;
	if (write(sig_pipe[1], &b, 1) < 0) { /* the pipe is full: a byte is already waiting */ }
	errno = e;
}

static void signals_install(void)
{
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/* Ctrl-Z must not leave an open case suspended. */
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
}

/* ------------------------------------------------------------------ */
/* Screen stack.  A screen's state is made when it is pushed and wiped
 * when it leaves (typed text and anything else it held). */

enum ui_screen_id ui_top(const struct ui *u)
{
	return u->depth > 0 ? u->stack[u->depth - 1].id : SCR_WELCOME;
}

void *ui_st(const struct ui *u, enum ui_screen_id id)
{
	for (int i = u->depth - 1; i >= 0; i--)
		if (u->stack[i].id == id)
			return u->stack[i].st;
	return NULL;
}

/* The top screen leaves: its leave(), then its state wiped and freed. */
static void frame_leave(struct ui *u)
{
	struct ui_frame *f = &u->stack[u->depth - 1];
	const struct ui_screen *s = ui_screens[f->id];
	if (s->leave)
		s->leave(u);
	if (f->st) {
		explicit_bzero(f->st, s->state_size);
		free(f->st);
		f->st = NULL;
	}
	u->depth--;
}

void ui_push(struct ui *u, enum ui_screen_id id)
{
	if (u->depth >= (int)(sizeof u->stack / sizeof u->stack[0]))
		return;
	const struct ui_screen *s = ui_screens[id];
	struct ui_frame *f = &u->stack[u->depth++];
	f->id = id;
	f->st = s->state_size ? rc_xcalloc(1, s->state_size) : NULL;
	int d = u->depth;
	if (s->init)
		s->init(u);
	if (u->depth == d && s->enter)
		s->enter(u);
	u->dirty = true;
}

void ui_pop(struct ui *u)
{
	if (u->depth <= 1)
		return;
	frame_leave(u);
	if (ui_screens[ui_top(u)]->enter)
		ui_screens[ui_top(u)]->enter(u);
	u->dirty = true;
}

void ui_replace(struct ui *u, enum ui_screen_id id)
{
	if (u->depth > 0)
		frame_leave(u);
	ui_push(u, id);
}

void ui_message(struct ui *u, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	u->msg_error = error;
	u->dirty = true;
}

/* ------------------------------------------------------------------ */
/* Languages: rc_lang_switch (base/lang.c). */
void ui_set_language(struct ui *u, const char *code)
{
	const struct ui_lang *l = ui_lang_find(code);
	if (!l)
		l = &ui_langs[0];
	u->lang = l;
	rc_lang_switch(l->code, NULL, 0);
	snprintf(u->set.lang, sizeof u->set.lang, "%s", l->code);
	ui_apply_settings(u);
}

static bool terminal_bidi_off;

void ui_apply_settings(struct ui *u)
{
	u->rtl = u->lang && u->lang->rtl && u->set.bidi_program;
	/* The terminal's own bidi off while we lay out ourselves (ECMA-48
	 * BDSM, CSI 8 l), so the text is not reordered twice. */
	bool want_off = u->set.bidi_program;
	if (want_off != terminal_bidi_off) {
		fputs(want_off ? "\033[8l" : "\033[8h", stdout);
		fflush(stdout);
		terminal_bidi_off = want_off;
	}
	u->dirty = true;
}

/* ------------------------------------------------------------------ */
/* Drawing the whole screen. */

static void draw_too_small(void)
{
	erase();
	/* TRANSLATORS: shown alone when the terminal window is smaller than 80 columns by 24 lines. */
	const char *m = _("This window is too small. Make it at least 80 columns wide and 24 lines high.");
	char **lines;
	size_t n = ui_wrap(m, COLS > 4 ? COLS - 2 : 4, &lines);
	int y = LINES / 2 - (int)n / 2;
	for (size_t i = 0; i < n; i++)
		ui_text(y + (int)i, 0, COLS, lines[i], R_HEADER, AL_START);
	ui_lines_free(&lines, n);
	move(y < 0 ? 0 : y, 0);
}

/* The message line while a task runs: what it does, how far it is (a
 * percentage when the operation knows its total, else a mark that turns
 * as the worker reports progress), and the time so far. */
static void busy_text(const struct ui *u, char *buf, size_t len)
{
	uint64_t done, total;
	ui_task_progress_get(&done, &total);
	/* TRANSLATORS: the message line after Esc was pressed during a long operation. */
	const char *what = u->busy.cancelling ? _("Cancelling...") : _(u->busy.label);
	if (u->busy.asking && !u->busy.cancelling) {
		char k[16];
		ui_action_key_name(UI_A_BACK, k, sizeof k);
		size_t o = (size_t)snprintf(buf, len, "%s ", _(u->busy.cancel_question));
		if (o < len)
			/* TRANSLATORS: follows a question such as "Stop the import? Nothing will be added."; %s is a key such as Esc. */
			snprintf(buf + o, len - o, _("Press %s again to stop, or any other key to go on."), k);
		return;
	}
	size_t o = (size_t)snprintf(buf, len, "%s", what);
	if (o < len && total)
		o += (size_t)snprintf(buf + o, len - o, " %d%%", (int)(done * 100 / total));
	else if (o < len && done)
		o += (size_t)snprintf(buf + o, len - o, " %c", "|/-\\"[done % 4]);
	double el = rc_mono_ms() - u->busy.t0;
	int secs = (int)(el / 1000);
	if (u->busy.accesses && done && o + 3 < len) {
		/* The mark or percentage above says it moves; this says how far. */
		unsigned long long d = done, t = total;
		o += (size_t)snprintf(buf + o, len - o, "   ");
		if (total)
			/* TRANSLATORS: progress of fetching a registry's log: accesses received of the registry's count. */
			o += (size_t)snprintf(buf + o, len - o, ngettext("%llu of %llu access", "%llu of %llu accesses", t), d, t);
		else
			/* TRANSLATORS: progress of fetching a registry's log when the registry gives no count. */
			o += (size_t)snprintf(buf + o, len - o, ngettext("%llu access", "%llu accesses", d), d);
		int left = total && done < total ? (int)(el / 1000 * (double)(total - done) / (double)done + 0.5) : 0;
		if (left > 0 && el >= 1000 && o + 3 < len) {
			o += (size_t)snprintf(buf + o, len - o, ", ");
			o += (size_t)snprintf(buf + o, len - o, ngettext("about %d second left", "about %d seconds left", left), left);
		}
		if (o >= len)
			o = len - 1;
	}
	if (u->busy.bytes && total && o + 3 < len) {
		char d[32], t[32];
		/* The operation's total can be more than the bytes it reads (an
		 * import counts its last steps too): sizes in proportion. */
		uint64_t part = done > total ? total : done;
		ui_fmt_size((uint64_t)((double)part / (double)total * (double)u->busy.bytes), d, sizeof d);
		ui_fmt_size(u->busy.bytes, t, sizeof t);
		o += (size_t)snprintf(buf + o, len - o, "   ");
		/* TRANSLATORS: progress of a long operation: how much is done of how much, e.g. "1.5 MB of 20 MB". */
		o += (size_t)snprintf(buf + o, len - o, _("%s of %s"), d, t);
		int left = done && done < total ? (int)(el / 1000 * (double)(total - done) / (double)done + 0.5) : 0;
		if (left > 0 && el >= 1000 && o + 3 < len) {
			o += (size_t)snprintf(buf + o, len - o, ", ");
			/* TRANSLATORS: progress of a long operation: the time it still needs, in seconds (an estimate). */
			o += (size_t)snprintf(buf + o, len - o, ngettext("about %d second left", "about %d seconds left", left), left);
		}
		if (o < len)
			buf[o] = 0;
	}
	if (o + 3 < len && secs > 0) {
		o += (size_t)snprintf(buf + o, len - o, "   ");
		/* TRANSLATORS: after "Changing the data key..." and the like: how long it has taken so far. */
		snprintf(buf + o, len - o, ngettext("%d second", "%d seconds", secs), secs);
	}
	ui_local_digits(buf, len);
}

void ui_paint(struct ui *u)
{
	ui_cur = u;
	if (u->busy.on && u->busy.frozen) {
		/* No gettext now (struct ui_busy): the screen's strings only;
		 * too small a window is left blank until the task ends. */
		erase();
		u->cur_y = -1;
		u->nhits = 0;
		if (LINES >= 24 && COLS >= 80)
			ui_screens[ui_top(u)]->draw(u);
		move(LINES - 1, u->rtl ? COLS - 1 : 0);
		wnoutrefresh(stdscr);
		doupdate();
		u->dirty = false;
		return;
	}
	if (LINES < 24 || COLS < 80) {
		draw_too_small();
	} else {
		erase();
		u->cur_y = -1;
		const struct ui_screen *s = ui_screens[ui_top(u)];
		s->draw(u);
		char busy[512];
		const char *msg = u->msg;
		if (u->busy.on) {
			busy_text(u, busy, sizeof busy);
			msg = busy;
		}
		if (msg[0]) {
			/* One or two lines above the footer. */
			bool err = u->msg_error && !u->busy.on;
			char **ml;
			size_t mall = ui_wrap(msg, COLS - 2, &ml);
			size_t mn = mall > 2 ? 2 : mall;
			for (size_t i = 0; i < mn; i++) {
				int my = LINES - 1 - (int)mn + (int)i;
				ui_fill(my, 0, COLS, err ? R_ERROR : R_NORMAL);
				ui_text(my, 1, COLS - 2, ml[i], err ? R_ERROR : R_HEADER, AL_START);
			}
			ui_lines_free(&ml, mall);
		}
		ui_footer(u);
		if (u->cur_y >= 0)
			move(u->cur_y, u->cur_x);
		else
			move(LINES - 1, u->rtl ? COLS - 1 : 0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	u->dirty = false;
}

/* ------------------------------------------------------------------ */
/* Ending: nothing of the case may stay on the screen, in the scrollback
 * or in ncurses' input buffer, so the process ends. */

static void terminal_restore(void)
{
	if (isendwin())
		return;
	erase();
	wnoutrefresh(stdscr);
	doupdate();
	endwin();
	/* Clear the screen and the scrollback; terminal bidi back on. */
	fputs("\033[H\033[2J\033[3J", stdout);
	if (terminal_bidi_off)
		fputs("\033[8h", stdout);
	fflush(stdout);
	terminal_bidi_off = false;
}

void ui_close_and_exit(struct ui *u, int code)
{
	u->exit_code = code;
	if (u->busy.on) {
		/* The loop clears the screen before its next turn; the case is
		 * the task's until it stops (busy_done comes back here). */
		u->busy.hiding = true;
		ui_task_cancel();
		return;
	}
	/* Every screen wipes what it holds. */
	while (u->depth > 0)
		frame_leave(u);
	ui_requests_forget(u);
	rc_case_close(&u->c);
	u->running = false;
}

/* ------------------------------------------------------------------ */
/* The idle lock: a timer, set again on every key press and when a task
 * ends (the time a task takes does not count). */

static bool idle_applies(const struct ui *u)
{
	return u->c || ui_screens[ui_top(u)]->sensitive;
}

static void idle_arm(struct ui *u);

/* The warning before the lock: its last 20 seconds (the last half of a
 * shorter lock), counted down on the message line; any key keeps the
 * case open (on_keyboard takes that key for nothing else). */
static double idle_warn_ms(const struct ui *u)
{
	double w = u->set.idle_s * 1000.0 / 2;
	return w < 20000 ? w : 20000;
}

static void on_idle(void *ud)
{
	struct ui *u = ud;
	u->idle_timer = 0;
	if (u->busy.on)
		return; /* held off: busy_done sets it again */
	if (!idle_applies(u)) {
		idle_arm(u);
		return;
	}
	double now = rc_mono_ms();
	if (u->idle_deadline == 0)
		u->idle_deadline = now + idle_warn_ms(u);
	double left = u->idle_deadline - now;
	if (left <= 0) {
		/* Idle lock: close the case and end, as the quick exit. */
		ui_close_and_exit(u, 0);
		return;
	}
	int secs = (int)((left + 999) / 1000);
	/* TRANSLATORS: the message line, counted down before the idle lock. */
	ui_message(u, true, ngettext("The case closes in %d second. Press any key to keep it open.",
	                             "The case closes in %d seconds. Press any key to keep it open.",
	                             secs), secs);
	ui_local_digits(u->msg, sizeof u->msg);
	/* Again at the next whole second. */
	double next = left - (secs - 1) * 1000.0;
	u->idle_timer = ui_timer_add(next > 0 ? next : 1, on_idle, u);
}

static void idle_arm(struct ui *u)
{
	ui_timer_cancel(u->idle_timer);
	u->idle_deadline = 0;
	u->idle_timer = ui_timer_add(u->set.idle_s * 1000.0 - idle_warn_ms(u), on_idle, u);
}

/* ------------------------------------------------------------------ */
/* Tasks the screen waits for. */

/* What the worker gets: the screen's function and argument, nothing of
 * struct ui (u is only carried back to the loop's thread). */
struct busy_call {
	struct ui *u;
	ui_task_fn fn;
	void *arg;
	ui_busy_done_fn done;
};

static void busy_work(void *p)
{
	struct busy_call *bc = p;
	bc->fn(bc->arg);
}

static void busy_repaint(void *ud)
{
	struct ui *u = ud;
	u->dirty = true;
}

static void busy_done(void *p)
{
	struct busy_call *bc = p;
	struct ui *u = bc->u;
	ui_timer_cancel(u->busy.repaint);
	bool hiding = u->busy.hiding;
	memset(&u->busy, 0, sizeof u->busy);
	u->msg[0] = 0;
	u->dirty = true;
	bc->done(u, bc->arg);
	free(bc);
	if (hiding)
		ui_close_and_exit(u, u->exit_code);
	else
		idle_arm(u);
}

bool ui_busy_run(struct ui *u, const char *label, bool can_cancel, ui_task_fn fn, void *arg,
	ui_busy_done_fn done)
{
	if (u->busy.on)
		return false;
	struct busy_call *bc = rc_xmalloc(sizeof *bc);
	*bc = (struct busy_call){ u, fn, arg, done };
	if (!ui_task_run(busy_work, bc, busy_done)) {
		free(bc);
		return false;
	}
	u->busy.on = true;
	u->busy.can_cancel = can_cancel;
	u->busy.label = label;
	u->busy.t0 = rc_mono_ms();
	u->busy.repaint = ui_timer_every(100, busy_repaint, u);
	u->msg[0] = 0;
	u->dirty = true;
	return true;
}

/* ------------------------------------------------------------------ */
/* Keys and the mouse. */

static void handle_action(struct ui *u, enum ui_action a)
{
	const struct ui_screen *s = ui_screens[ui_top(u)];
	if (s->action && s->action(u, a))
		return;
	switch (a) {
	case UI_A_HELP:
		if (ui_top(u) != SCR_HELP)
			ui_push(u, SCR_HELP);
		break;
	case UI_A_LANG:
		if (ui_top(u) != SCR_WELCOME)
			ui_push(u, SCR_WELCOME);
		break;
	case UI_A_BACK:
		ui_pop(u);
		break;
	case UI_A_QUIT:
	case UI_A_HIDE:
		ui_close_and_exit(u, 0);
		break;
	default:
		break;
	}
}

/* While a task runs: cancel (Back's keys) and the quick exit only. */
static void busy_action(struct ui *u, enum ui_action a)
{
	if (a == UI_A_HIDE) {
		ui_close_and_exit(u, 0);
	} else if (a == UI_A_BACK && u->busy.can_cancel && !u->busy.cancelling) {
		if (u->busy.cancel_question && !u->busy.asking) {
			u->busy.asking = true; /* asked first; Esc again cancels */
		} else {
			ui_task_cancel();
			u->busy.cancelling = true;
		}
		u->dirty = true;
	} else {
		u->busy.asking = false; /* any other key: go on */
		u->dirty = true;
	}
}

static void handle_mouse(struct ui *u)
{
	MEVENT me;
	if (getmouse(&me) != OK)
		return;
	if (!(me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
		return;
	if (me.y == LINES - 1) {
		for (int i = 0; i < u->nhits; i++)
			if (me.x >= u->hits[i].x0 && me.x < u->hits[i].x1) {
				if (u->busy.on)
					busy_action(u, u->hits[i].a);
				else
					handle_action(u, u->hits[i].a);
				return;
			}
		return;
	}
	if (u->busy.on)
		return;
	const struct ui_screen *s = ui_screens[ui_top(u)];
	int row = me.y - ui_body_top();
	if (s->click && row >= 0 && me.y < LINES - 2)
		s->click(u, row);
	u->dirty = true;
}

static const enum ui_action busy_scope[] = { UI_A_BACK, UI_A_NONE };

static void handle_key(struct ui *u, int key)
{
	if (!u->busy.on)
		u->msg[0] = 0;
	u->dirty = true;
	double now = rc_mono_ms();
	if (key == (UI_KEY_FN | KEY_MOUSE)) {
		handle_mouse(u);
		return;
	}
	/* Esc always means back (twice: back twice); the quick exit is F12
	 * alone, a key nobody presses on the way somewhere else.  A form
	 * that asked before discarding (ui_confirm_discard) forgets the
	 * question on any other key. */
	u->last_esc_ms = key == UI_KEY_ESC ? now : 0;
	if (ui_key_action(key, ui_screens[ui_top(u)]->actions) != UI_A_BACK)
		u->discard_asked = false;
	if (u->busy.on) {
		busy_action(u, ui_key_action(key, busy_scope));
		return;
	}
	bool small = LINES < 24 || COLS < 80;
	const struct ui_screen *s = ui_screens[ui_top(u)];
	if (!small && s->key && s->key(u, key))
		return;
	enum ui_action a = ui_key_action(key, s->actions);
	if (small && a != UI_A_HIDE && a != UI_A_QUIT)
		return;
	if (a != UI_A_NONE && s->offers && !s->offers(u, a))
		return;
	if (a != UI_A_NONE)
		handle_action(u, a);
}

static int read_key(void)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return UI_KEY_ENTER;
		return UI_KEY_FN | (int)wc;
	}
	if (wc == '\r' || wc == '\n')
		return UI_KEY_ENTER;
	if (wc == 127 || wc == 8)
		return UI_KEY_FN | KEY_BACKSPACE;
	return (int)wc;
}

/* ------------------------------------------------------------------ */
/* The sources ui.c registers. */

static void on_keyboard(int fd, short revents, void *ud)
{
	struct ui *u = ud;
	if ((revents & (POLLHUP | POLLERR | POLLNVAL)) && !(revents & POLLIN)) {
		/* The terminal is gone. */
		ui_unwatch(u->kbd_watch);
		u->kbd_watch = 0;
		ui_close_and_exit(u, 0);
		return;
	}
	int key;
	while (u->running && !u->busy.hiding && (key = read_key()) != -1) {
		if (key == (UI_KEY_FN | KEY_RESIZE)) {
			u->dirty = true;
			continue;
		}
		if (u->idle_deadline > 0 && !u->busy.on) {
			/* The idle warning: this key only keeps the case open. */
			u->msg[0] = 0;
			u->dirty = true;
			idle_arm(u);
			continue;
		}
		handle_key(u, key);
	}
	if (u->running && !u->busy.on)
		idle_arm(u);
}

static void on_signals(int fd, short revents, void *ud)
{
	struct ui *u = ud;
	unsigned char sigs[16];
	ssize_t n = read(fd, sigs, sizeof sigs);
	for (ssize_t i = 0; i < n; i++) {
		if (sigs[i] == SIGWINCH) {
			if (u->busy.hiding || !u->running)
				continue;
			struct winsize ws;
			if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
				resizeterm(ws.ws_row, ws.ws_col);
			clearok(curscr, TRUE);
			u->dirty = true;
		} else {
			/* SIGTERM, SIGHUP, SIGINT, SIGQUIT: close and end. */
			ui_close_and_exit(u, 0);
		}
	}
}

/* ------------------------------------------------------------------ */

#ifdef RC_TEST_HOOKS
/* The benchmark (bench/bench-ui.sh): --bench-ui or RECOURSE_BENCH_UI=1.
 * It opens the case with a passphrase read from file descriptor 3 (one
 * line, like --passphrase-fd 3), pages through the log (scr_log.c) and
 * prints the times to stderr. */
static int bench(struct ui *u, double t_first, const struct timespec *painted)
{
	if (u->case_path) {
		struct rc_secret *pw = rc_secret_new(RC_PASSPHRASE_MAX);
		unsigned char ch;
		while (pw && read(3, &ch, 1) == 1 && ch != '\n')
			rc_secret_append(pw, ch);
		enum rc_status st = pw ? rc_case_open(u->case_path, pw, &u->c) : RC_NOMEM;
		rc_secret_free(&pw);
		if (st != RC_OK) {
			terminal_restore();
			fprintf(stderr, "bench: %s\n", rc_status_message(st));
			return 1;
		}
	}
	const char *be = getenv("RECOURSE_BENCH_UI");
	int r = be && !strcmp(be, "requests") ? ui_bench_requests(u) : ui_bench_run(u);
	terminal_restore();
	fprintf(stderr, "startup-to-first-screen-ms %.2f\n", t_first);
	/* From before exec (the launcher's clock, in ns) to the painted
	 * first screen: dynamic linking and main()'s setup included. */
	const char *t0s = getenv("RECOURSE_BENCH_T0");
	if (t0s && *t0s) {
		long long launch = strtoll(t0s, NULL, 10);
		long long now = (long long)painted->tv_sec * 1000000000LL + painted->tv_nsec;
		fprintf(stderr, "exec-to-first-screen-ms %.2f\n", (double)(now - launch) / 1e6);
	}
	fflush(stderr);
	return r;
}
#endif

int ui_main(const struct ui_options *opts)
{
#ifdef RC_TEST_HOOKS
	double t0 = rc_mono_ms();
#endif
	struct ui u0;
	memset(&u0, 0, sizeof u0);
	struct ui *u = &u0;
	ui_cur = u;
	u->opts = opts;
	u->running = true;
	rc_event_filter_init(&u->filter);
	ui_settings_load(&u->set);
	ui_actions_init();
#ifdef RC_TEST_HOOKS
	/* Test builds: quick key derivation for new passphrases,
	 * RECOURSE_KDF_MEMORY (MiB) and RECOURSE_KDF_OPS, never below the
	 * floor (rc_op_test_kdf ignores what is not acceptable). */
	{
		struct rc_kdf k;
		rc_kdf_default(&k);
		const char *m = getenv("RECOURSE_KDF_MEMORY"), *o = getenv("RECOURSE_KDF_OPS");
		if (m && *m)
			k.memlimit = (size_t)strtoul(m, NULL, 10) * 1024 * 1024;
		if (o && *o)
			k.opslimit = strtoull(o, NULL, 10);
		rc_op_test_kdf(&k);
		const char *slow = getenv("RECOURSE_TEST_TASK_SLOW_MS");
		if (slow && *slow)
			ui_task_test_slow(atoi(slow));
		/* RECOURSE_TEST_KEYS=1: print the action table as it is in
		 * effect (one line each: the action's name, then its keys) and
		 * end (tests/tui/keys.sh checks that no key has two meanings). */
		const char *dump = getenv("RECOURSE_TEST_KEYS");
		if (dump && !strcmp(dump, "1")) {
			for (int a = 1; a < UI_A_COUNT; a++) {
				printf("%s", ui_actions[a].name);
				for (int i = 0; i < ui_actions[a].nkeys; i++) {
					char kn[32];
					ui_key_name(ui_actions[a].keys[i], kn, sizeof kn);
					printf(" %s", kn);
				}
				putchar('\n');
			}
			return fflush(stdout) == 0 ? 0 : 1;
		}
	}
#endif

	/* A kiosk starts neutral: English until the person chooses. */
	const char *ke = getenv("RECOURSE_KIOSK");
	u->kiosk = opts->kiosk || (ke && !strcmp(ke, "1"));
	const char *lang = opts->lang;
	ui_set_language(u, lang ? lang : (u->set.lang[0] && !u->kiosk && u->set.personal ? u->set.lang : "en"));

	signals_install();
	set_escdelay(60);
	if (!initscr()) {
		fputs(_("recourse: this terminal cannot be used.\n"), stderr);
		return 1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	ui_colours_init(u);

	if (opts->case_arg) {
		char *path = rc_case_resolve(opts->case_arg);
		u->case_path = path;
		const char *slash = strrchr(path, '/');
		u->case_label = rc_xstrdup(slash ? slash + 1 : path);
		size_t l = strlen(u->case_label);
		if (l > 5 && !strcmp(u->case_label + l - 5, ".case"))
			u->case_label[l - 5] = 0;
		ui_push(u, SCR_PICKER);
		ui_push(u, SCR_UNLOCK);
	} else if (opts->lang) {
		ui_push(u, SCR_PICKER);
	} else {
		ui_push(u, SCR_WELCOME);
	}
	ui_paint(u);
#ifdef RC_TEST_HOOKS
	const char *be = getenv("RECOURSE_BENCH_UI");
	if (opts->bench_ui || (be && (!strcmp(be, "1") || !strcmp(be, "requests")))) {
		double t_first = rc_mono_ms() - t0;
		struct timespec painted;
		clock_gettime(CLOCK_REALTIME, &painted);
		int r = bench(u, t_first, &painted);
		ui_close_and_exit(u, 0);
		free(u->case_path);
		free(u->case_label);
		ui_cur = NULL;
		return r;
	}
#endif

	u->kbd_watch = ui_watch_fd(0, POLLIN, on_keyboard, u);
	if (sig_pipe[0] >= 0)
		u->sig_watch = ui_watch_fd(sig_pipe[0], POLLIN, on_signals, u);
	idle_arm(u);
	while (u->running) {
		if (u->busy.hiding) {
			/* The quick exit during a task: clear the screen now, read
			 * no more keys; the process ends when the task stops. */
			if (!isendwin())
				terminal_restore();
			ui_unwatch(u->kbd_watch);
			u->kbd_watch = 0;
		} else if (u->dirty) {
			ui_paint(u);
		}
		if (ui_loop_turn(-1) < 0) {
			/* poll() failed: end as the quick exit does (a task
			 * first finishes: ui_loop_reset waits for it). */
			terminal_restore();
			break;
		}
	}
	ui_net_stop();
	ui_loop_reset();
	u->idle_timer = u->kbd_watch = u->sig_watch = 0;
	ui_close_and_exit(u, u->exit_code);
	terminal_restore();
	free(u->case_path);
	free(u->case_label);
	free(u->proof_path);
	u->proof_path = NULL;
	ui_cur = NULL;
	return u->exit_code;
}
