/* ui-int.h - what the files of src/ui share: the state of the interface,
 * the action table, drawing with bidi, widgets, screens.  Not public:
 * the rest of recourse sees only ui.h. */
#ifndef RECOURSE_UI_INT_H
#define RECOURSE_UI_INT_H

#include <curses.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "base.h"
#include "core.h"
#include "store.h"
#include "ops.h"
#include "ui.h"

/* ------------------------------------------------------------------ */
/* Actions: one table.  id, config name, footer label, default keys
 * (names as in the keys file, doc/tui.md), help text.  The footer, the
 * help screen and the keys file all come from here. */
#define UI_ACTION_INFO(_) \
	/* TRANSLATORS: footer key label (keep it short, one or two words); the help text follows. */ \
	_(HELP,     "help",       N_("Help"),       "F1 ?",          N_("Show the keys and what this program does.")) \
	_(LANG,     "language",   N_("Language"),   "F2",            N_("Choose another language. It changes at once.")) \
	_(SELECT,   "open",       N_("Open"),       "Enter",         N_("Open or choose the selected line.")) \
	/* TRANSLATORS: footer key label: look for a word in the list of accesses. */ \
	_(SEARCH,   "search",     N_("Search"),     "F3 /",          N_("Accesses: show only those whose authority, role, purpose, system or country contains a word you type. Pressed again: the next match.")) \
	_(FILTER,   "filter",     N_("Filter"),     "F4",            N_("Show only some accesses: by authority, country, flag or date.")) \
	_(FLAGGED,  "flagged",    N_("Flagged"),    "f",             N_("Show only the accesses with a warning.")) \
	_(LOG,      "accesses",   N_("Accesses"),   "l",             N_("See every access to your record, newest first.")) \
	_(SORT,     "sort",       N_("Sort"),       "o",             N_("Switch between newest first and oldest first.")) \
	_(RAW,      "original",   N_("Original"),   "F6",            N_("Show or hide the record exactly as it was received.")) \
	_(NEW,      "new",        N_("New"),        "F7",            N_("Create a new case, or write down an access by hand.")) \
	/* TRANSLATORS: footer key label: bring in the access log a registry sent (a file, e.g. on a USB stick). */ \
	_(IMPORT,   "import",     N_("Import"),     "i",             N_("Import the access log a registry sent you: choose the file, on a USB stick or in your home folder.")) \
	_(REMOVE,   "remove",     N_("Remove"),     "F8 Del",        N_("Remove the selected key slot.")) \
	_(EDIT,     "correct",    N_("Correct"),    "e",             N_("Correct or withdraw an access you wrote down by hand.")) \
	_(SETTINGS, "settings",   N_("Settings"),   "F9 s",          N_("Key slots, lock time, text direction, colours.")) \
	_(SAVE,     "save",       N_("Save"),       "F5",            N_("Save what you typed.")) \
	_(QUIT,     "quit",       N_("Quit"),       "F10",           N_("Close the case and end the program.")) \
	_(HIDE,     "quick-exit", N_("Hide now"),   "F12",           N_("Quick exit: the screen is cleared at once and the case is closed.")) \
	/* TRANSLATORS: footer key label: show every access again (no filter). */ \
	_(CLEAR,    "clear-filter", N_("All"),      "^U",            N_("Clear every filter: show all the accesses again.")) \
	/* TRANSLATORS: footer key label: the next access in the list (from one access). */ \
	_(NEXT,     "next",       N_("Next"),       "Right",         N_("One access: go to the next access in the list (in Arabic, Dari and Pashto the other arrow: the way you read).")) \
	/* TRANSLATORS: footer key label: the access before in the list (from one access). */ \
	_(PREV,     "previous",   N_("Previous"),   "Left",          N_("One access: go to the access before in the list.")) \
	/* TRANSLATORS: footer key label: look again for USB sticks and files (choosing a file to import). */ \
	_(REFRESH,  "look-again", N_("Look again"), "^R",            N_("Choosing a file: look again for USB sticks and files (after putting a stick in).")) \
	/* TRANSLATORS: footer key label: the requests sent to authorities (case home). */ \
	_(REQUESTS, "requests",   N_("Requests"),   "r",             N_("Case home: the requests to authorities, the most urgent first.")) \
	/* TRANSLATORS: footer key label: send a request through the registry's online service, or ask it where the request stands (one request). */ \
	_(ONLINE,   "online",     N_("Online"),     "u",             N_("One request: send it through the registry's online service (a correction, erasure or access request the registry takes online), or, once sent, ask the registry where it stands. The printable letter stays the request the law knows.")) \
	/* TRANSLATORS: footer key label: fetch the access log from a registry's online service (case home). */ \
	_(SYNC,     "fetch-log",  N_("Fetch log"),  "g",             N_("Case home: fetch the newest accesses from each registry this case is connected to, over the internet. Esc stops it; what was fetched is kept.")) \
	/* TRANSLATORS: footer key label: write down what happened to a request (sent, answered, ...). */ \
	_(STEP,     "record-step", N_("Record a step"), "m",         N_("One request: write down what happened (sent, received, answered, ...) and on which day.")) \
	/* TRANSLATORS: footer key label: show the printable letter of a request. */ \
	_(LETTER,   "letter",     N_("Letter"),     "t",             N_("One request: show its letter, and save it as a PDF or a text file.")) \
	/* TRANSLATORS: footer key label: show a reminder letter for a request whose answer is overdue. */ \
	_(REMIND,   "reminder",   N_("Reminder"),   "w",             N_("One request whose answer is overdue: show a reminder letter to the authority, to save or print.")) \
	/* TRANSLATORS: footer key label: send a request's letter to the printer. */ \
	_(PRINT,    "print",      N_("Print"),      "p",             N_("A request's letter: send it to this computer's printer, as a PDF.")) \
	/* TRANSLATORS: footer key label on the list of cases: every case's deadlines on the office board (keep it short). */ \
	_(OFFICE,   "office-deadlines", N_("Deadlines"), "d",          N_("Cases: every case's deadlines on the office board, overdue first (when this computer has one).")) \
	/* TRANSLATORS: footer key label on the case home: make an evidence bundle for a court (keep it short). */ \
	_(BUNDLE,   "bundle",     N_("Bundle"),     "b",             N_("Case home: an evidence bundle for a court (what goes in, where, a preview, then written, signed and checked); or check any bundle.")) \
	_(BACK,     "back",       N_("Back"),       "Esc Backspace q", N_("Go back to the screen before.")) \
	/* TRANSLATORS: help: the key that goes to the next access matching the search. */ \
	_(MATCH_NEXT, "search-next", N_("Next match"), "n",          N_("Accesses, with a search: go to the next access that matches.")) \
	/* TRANSLATORS: help: the key that goes to the access before that matches the search. */ \
	_(MATCH_PREV, "search-previous", N_("Previous match"), "N",  N_("Accesses, with a search: go to the access before that matches.")) \
	_(UP,       "up",         N_("Up"),         "Up k",          N_("Move up one line.")) \
	_(DOWN,     "down",       N_("Down"),       "Down j Tab",    N_("Move down one line.")) \
	_(PGUP,     "page-up",    N_("Page up"),    "PgUp",          N_("Move up one page.")) \
	_(PGDN,     "page-down",  N_("Page down"),  "PgDn Space",    N_("Move down one page.")) \
	_(TOP,      "first",      N_("First"),      "Home",          N_("Go to the first line.")) \
	_(BOTTOM,   "last",       N_("Last"),       "End",           N_("Go to the last line."))

enum ui_action {
	UI_A_NONE = 0,
#define UI_A_ENUM(id, name, label, keys, help) UI_A_##id,
	UI_ACTION_INFO(UI_A_ENUM)
#undef UI_A_ENUM
	UI_A_COUNT
};

#define UI_MAX_KEYS 4
/* A key: a character (wchar_t value) or a curses key code | UI_KEY_FN. */
#define UI_KEY_FN 0x40000000
#define UI_KEY_ENTER '\n'
#define UI_KEY_ESC 27

struct ui_action_def {
	const char *name;   /* in the keys file */
	const char *label;  /* msgid */
	const char *help;   /* msgid */
	int keys[UI_MAX_KEYS];
	int nkeys;
};
extern struct ui_action_def ui_actions[UI_A_COUNT];

void ui_actions_init(void);                 /* defaults, then the keys file */
int ui_key_parse(const char *name);         /* 0 when unknown */
void ui_key_name(int key, char *buf, size_t len);
/* The action of a key on a screen whose actions are scope (ends with
 * UI_A_NONE); global actions (help, language, quit, quick exit) too. */
enum ui_action ui_key_action(int key, const enum ui_action *scope);
/* The first key of an action, named, for the footer ("F5"). */
void ui_action_key_name(enum ui_action a, char *buf, size_t len);
/* A key as it acts: in a right-to-left language Left and Right are
 * swapped (Left goes on, the way the text reads); other keys as they
 * are.  ui_key_action looks keys up through it, the footer and the
 * help name them through it. */
int ui_key_as_read(int key);
/* The Latin letter on the same key of the keyboard for a letter of the
 * Arabic, Persian, Pashto or Ukrainian layout (ث: 'e'), else 0: a letter
 * key of the action table works whatever layout the keyboard writes. */
int ui_key_latin(int key);

/* ------------------------------------------------------------------ */
/* Settings (the config file holds settings only, never case data). */
enum ui_colours { UI_COLOURS_AUTO, UI_COLOURS_ON, UI_COLOURS_OFF };
struct ui_settings {
	int idle_s;           /* idle lock, seconds */
	bool bidi_program;    /* true: recourse reorders and shapes RTL text */
	enum ui_colours colours;
	char lang[16];        /* last language chosen (kept only when personal) */
	bool personal;        /* this terminal is one person's: remember the language */
	char office_db[512];  /* the office board's PostgreSQL (service or URI, no password), "" none */
	/* read and written by recourse settings (src/ops/netset.c); kept
	 * here so that saving the interface's settings keeps them */
	char proxy[512];      /* "" none */
	bool proxy_env;
};
/* The office board's PostgreSQL: $RECOURSE_OFFICE_DB, else the settings'
 * office-db, else NULL. */
struct ui;
const char *ui_office_db(const struct ui *u);
void ui_settings_load(struct ui_settings *s);
enum rc_status ui_settings_save(const struct ui_settings *s);
char *ui_config_path(const char *file); /* malloc'ed */

/* ------------------------------------------------------------------ */
/* Languages. */
struct ui_lang {
	const char *code;
	const char *name;     /* in its own script */
	bool rtl;
};
extern const struct ui_lang ui_langs[];
extern const size_t ui_nlangs;
const struct ui_lang *ui_lang_find(const char *code);

/* ------------------------------------------------------------------ */
/* The loop (loop.c): one poll() over every registered source, with the
 * nearest timer as its timeout.  Callbacks run on the loop's thread, one
 * at a time; they change state and mark what is dirty (u->dirty), and
 * never draw: ui.c paints between two turns.  One loop per process (the
 * terminal is one), so the calls take no loop argument.  Ids are > 0;
 * 0 or a stale id given back does nothing. */

/* A file descriptor: cb(fd, revents, ud) when poll() reports one of
 * events (POLLIN, POLLOUT) or POLLHUP/POLLERR/POLLNVAL.  For libcurl's
 * CURLMOPT_SOCKETFUNCTION: watch on CURL_POLL_IN/OUT, change events on
 * CURL_POLL_INOUT, unwatch on CURL_POLL_REMOVE. */
typedef void (*ui_fd_fn)(int fd, short revents, void *ud);
int ui_watch_fd(int fd, short events, ui_fd_fn cb, void *ud);
void ui_watch_events(int id, short events); /* 0: not polled until changed again */
void ui_unwatch(int id);

/* Timers, on the monotonic clock: cb(ud) once, ms from now (0: on the
 * next turn), or every ms until cancelled.  Due timers run earliest
 * first (the earlier made on a tie), after the ready sources.  For
 * libcurl's CURLMOPT_TIMERFUNCTION: cancel the last, add the new one. */
typedef void (*ui_timer_fn)(void *ud);
int ui_timer_add(double ms, ui_timer_fn cb, void *ud);
int ui_timer_every(double ms, ui_timer_fn cb, void *ud);
void ui_timer_cancel(int id);

/* One turn: wait (at most max_ms; -1: until something happens) for a
 * ready source or the first due timer, then run the callbacks of every
 * ready source and due timer.  Returns how many ran, -1 when poll()
 * failed. */
int ui_loop_turn(int max_ms);
/* Every source and timer dropped (a running task waited for first). */
void ui_loop_reset(void);

/* Background work.  fn(arg) runs on a worker thread and touches neither
 * curses nor struct ui; when it returns, the worker writes a byte to a
 * pipe the loop watches, and the loop calls done(arg) on its own thread.
 * One task at a time: the case handle (struct rc_case) is not
 * thread-safe, so while a task has it the loop's thread leaves it alone.
 * False: a task is running already, or no thread could be started. */
typedef void (*ui_task_fn)(void *arg);
bool ui_task_run(ui_task_fn fn, void *arg, ui_task_fn done);
bool ui_task_running(void);
/* Block until the running task is done and done(arg) has run (exit). */
void ui_task_wait(void);
/* The worker's rc_progress_fn (ud unused): keeps done and total for the
 * screen, and returns false once the task is cancelled, which cancels
 * recourse's operations. */
bool ui_task_progress(void *ud, uint64_t done, uint64_t total);
void ui_task_progress_get(uint64_t *done, uint64_t *total); /* at paint time */
void ui_task_cancel(void);
bool ui_task_cancelled(void); /* of the last task, also in its done() */
#ifdef RC_TEST_HOOKS
/* Test builds: every progress call of a task waits ms first, as on a
 * slow machine (RECOURSE_TEST_TASK_SLOW_MS, tests/tui/busy.sh). */
void ui_task_test_slow(int ms);
#endif

/* ------------------------------------------------------------------ */
/* Screens.  Each scr_*.c keeps its state in a struct of its own: made
 * (zeroed, state_size bytes) when the screen is pushed, wiped and freed
 * when it leaves, found with ui_st().  Nothing a screen changes lives in
 * a file-static variable. */
enum ui_screen_id {
	SCR_WELCOME, SCR_PICKER, SCR_NEWCASE, SCR_UNLOCK, SCR_HOME, SCR_LOG, SCR_DETAIL,
	SCR_ENTRY, SCR_FILTER, SCR_SETTINGS, SCR_SLOTFORM, SCR_HELP, SCR_FILES,
	SCR_REQUESTS, SCR_REQUEST, SCR_REQSTEP, SCR_REQNEW, SCR_REQLETTER, SCR_BOARD, SCR_BUNDLE, SCR_COUNT
};

struct ui;
struct ui_screen {
	const char *name;
	size_t state_size;                    /* its struct, 0 when it has none */
	void (*init)(struct ui *u);           /* pushed: its state is new (zeroed) */
	void (*enter)(struct ui *u);          /* shown: after init, and again when back on top */
	void (*draw)(struct ui *u);
	bool (*action)(struct ui *u, enum ui_action a); /* true: handled */
	bool (*key)(struct ui *u, int key);   /* typed input, before actions */
	void (*click)(struct ui *u, int row); /* a body row (0 = first body line) */
	void (*leave)(struct ui *u);          /* popped: let go of what it holds (its state is wiped after) */
	const enum ui_action *actions;        /* footer and key scope */
	bool sensitive;                       /* holds typed input: idle lock applies */
	/* Whether an action of actions is offered now (footer and keys);
	 * NULL: every one.  For a key that only works sometimes (the office
	 * board's key on the case list, only when there is a board). */
	bool (*offers)(struct ui *u, enum ui_action a);
};
extern const struct ui_screen scr_welcome, scr_picker, scr_newcase, scr_unlock, scr_home,
	scr_log, scr_detail, scr_entry, scr_filter, scr_settings, scr_slotform, scr_help, scr_files,
	scr_requests, scr_request, scr_reqstep, scr_reqnew, scr_reqletter, scr_board, scr_bundle;
extern const struct ui_screen *const ui_screens[SCR_COUNT]; /* by id (ui.c) */

/* One screen on the stack and its state.  A screen may be on the stack
 * twice (the language chooser, the help), each time with its own state. */
struct ui_frame {
	enum ui_screen_id id;
	void *st;
};

/* The footer's clickable items, as drawn. */
struct ui_hit {
	int x0, x1;
	enum ui_action a;
};

/* A task the interface waits for (ui_busy_run). */
typedef void (*ui_busy_done_fn)(struct ui *u, void *arg);
struct ui_busy {
	bool on;
	bool can_cancel;     /* Back's keys (Esc) cancel it */
	bool cancelling;
	bool hiding;         /* quick exit asked: the screen is cleared; end when the task stops */
	const char *label;   /* msgid: "Changing the data key..." */
	double t0;
	int repaint;         /* timer: repaint while it runs */
	/* Added for issue 16 (set after ui_busy_run, which clears them). */
	const char *cancel_question; /* msgid: the first Esc asks this (and Esc again cancels); NULL: cancels at once */
	bool asking;         /* the question is shown */
	uint64_t bytes;      /* > 0: the size of what the task reads, shown as "1.2 MB of 41 MB" in
	                      * proportion to its progress, with the time left */
	bool accesses;       /* progress counts accesses: "1,000 of 5,000 accesses", the time
	                      * left when the total is known */
	/* Added for the bundle screen (set after ui_busy_run).  The task
	 * switches the messages' language (rc_lang_switch, process-wide):
	 * this thread calls no gettext while it runs.  ui_paint then draws
	 * only the screen's draw, which shows strings it translated before
	 * (its own footer and message line too); nothing else is drawn. */
	bool frozen;
};

struct ui {
	const struct ui_options *opts;
	struct ui_settings set;
	const struct ui_lang *lang;
	bool rtl;            /* lay out right to left (language RTL and bidi_program) */
	bool colour;
	bool running;
	bool kiosk;
	int exit_code;

	struct ui_frame stack[16];
	int depth;

	char *case_path;     /* the case being unlocked or open (malloc'ed) */
	char *case_label;
	struct rc_case *c;   /* open case, or NULL; a task's alone while one runs */
	uint64_t new_accesses, new_flagged; /* since the last visit */
	unsigned unlock_failed;  /* wrong passphrases since the unlock before this one */
	bool unlock_tampered;    /* their record was removed or changed meanwhile */

	/* What one screen hands the next (set before ui_push). */
	struct rc_event_filter filter; /* the log's filter (home and the filter form set it) */
	char f_authority[128], f_country[3];
	int64_t detail_id;   /* the event the detail screen shows */
	int64_t entry_edit_id; /* the letter form: 0 a new access, else the one to correct */
	int slot_mode;       /* the slot form: 0 add, 1 change passphrase */
	char slot_target[RC_LABEL_MAX + 1];

	char msg[512];       /* one line above the footer; cleared on the next key */
	bool msg_error;

	int cur_y, cur_x;    /* where the terminal cursor goes (screen coords) */
	struct ui_hit hits[UI_A_COUNT];
	int nhits;
	double last_esc_ms;
	bool dirty;          /* the loop repaints before its next turn */

	/* The loop's sources (ui.c). */
	int kbd_watch, sig_watch, idle_timer;
	double idle_deadline; /* the idle lock's countdown is shown: when it closes (0: not shown) */
	struct ui_busy busy;

	/* Added for issue 16 (keep additions at the end). */
	bool discard_asked;  /* a form asked "Esc again to throw away" (ui_confirm_discard) */
	uint64_t log_total;  /* accesses under the log's filter (for "12/84") */
	char search[128];    /* the log's text search, "" when none */

	/* Added for the request screens (keep additions at the end). */
	int64_t request_id;  /* the request the detail, step form and letter show */
	/* The requests of the open case as shown, the most urgent first
	 * (ui_requests_get): read again when the case changed or the day did. */
	struct rc_request_view *reqs;
	size_t nreqs;
	const struct rc_case *reqs_case;
	int64_t reqs_changes;
	struct rc_ymd reqs_day;

	/* The file chooser asked for a step's proof, not for a log to
	 * import: set before ui_push(SCR_FILES); the chooser hands back the
	 * file's path (malloc'ed; the step form takes it) and its name as
	 * shown. */
	bool files_for_proof;
	char *proof_path;
	char proof_shown[256];
	bool letter_reminder; /* the letter screen shows the request's reminder (set before ui_push) */

	/* The office board asked to open a case at one of its requests: once
	 * unlocked, the requests screen opens with this request selected
	 * (0: the case home, as from the case list). */
	int64_t open_request;
};

void ui_push(struct ui *u, enum ui_screen_id id);
void ui_pop(struct ui *u);
void ui_replace(struct ui *u, enum ui_screen_id id);
enum ui_screen_id ui_top(const struct ui *u);
/* The state of the topmost screen id on the stack, or NULL.  Each
 * scr_*.c wraps it in a typed accessor. */
void *ui_st(const struct ui *u, enum ui_screen_id id);
void ui_message(struct ui *u, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_set_language(struct ui *u, const char *code);
void ui_apply_settings(struct ui *u);
/* Paint the whole screen.  Only the loop calls it (and the benchmark). */
void ui_paint(struct ui *u);
/* Close the case (wipes the key), clear the screen and the scrollback,
 * and leave the loop: the process ends.  While a task runs: the screen
 * is cleared at once, the task told to stop, and the rest happens when
 * it has. */
void ui_close_and_exit(struct ui *u, int code);

/* Run fn(arg) as a task (above) while the screen stays live: the message
 * line shows _(label) with the progress (ui_task_progress) and the time
 * so far, repainted by a timer; only cancel (Back's keys, when
 * can_cancel), the quick exit and a resize are taken; the idle lock
 * waits.  done(u, arg) runs on the loop's thread when fn has returned,
 * always (after a quick exit too, to free arg; the case is closed
 * after it).  False: a task is running already (nothing started). */
bool ui_busy_run(struct ui *u, const char *label, bool can_cancel, ui_task_fn fn, void *arg,
	ui_busy_done_fn done);

/* A size in bytes as the reader reads it ("1.5 MB", the reader's digits). */
void ui_fmt_size(uint64_t bytes, char *buf, size_t len);

/* Esc on a form: true when it may go back now.  With typed text
 * (has_text) the first Esc only asks, on the message line, and a second
 * Esc right after it discards; any other key forgets the question. */
bool ui_confirm_discard(struct ui *u, bool has_text);

/* A day typed in a form, in the form the screen shows it: any digits
 * recourse draws (ASCII, Arabic-Indic, Extended Arabic-Indic), year
 * first or last (2024-05-22, 22-05-2024, 22/05/2024), or ISO 8601.
 * *ts is the start of that day (UTC); false when it is no date. */
bool ui_date_parse(const char *typed, int64_t *ts);

/* What screens ask of each other. */
void ui_log_reload(struct ui *u); /* the log's filter changed, or an access was added */
/* The detail's next/previous access: the log's selection moves one row
 * (dir +1 down, -1 up) and its id comes back; 0 at an end. */
int64_t ui_log_step(struct ui *u, int dir);
/* The selected access's place in the log's list (1-based) and the
 * number the filter lets through; 0 when unknown. */
void ui_log_position(struct ui *u, uint64_t *pos, uint64_t *total);
/* The requests of the open case, the most urgent first (scr_requests.c):
 * overdue, then by due date, then those without a date.  Borrowed from
 * u->reqs, good until the next call (read again only when the case has
 * changed since, or the day has); ui_requests_forget frees them (the
 * case is closed). */
enum rc_status ui_requests_get(struct ui *u, const struct rc_request_view **out, size_t *n);
void ui_requests_forget(struct ui *u);
/* A request's mark: "[!] overdue", "[>] due soon", "[?] uncertain"
 * (several joined; below 100 columns "[?]" alone after another), ""
 * when none; and whether it needs doing now. */
void ui_request_mark(const struct rc_request_view *v, char *buf, size_t len);
bool ui_request_urgent(const struct rc_request_view *v);
/* A stored day ("2026-04-02") in the reader's form; false when none. */
bool ui_day_shown(const char *iso, char *buf, size_t len);
/* netpump.c: registries' answers fetched in the loop (libcurl multi).
 * ui_net_start on the loop's thread before the first ui_net_get (false:
 * it could not start: ui_net_get then fetches on its caller's thread);
 * ui_net_get (an rc_net_get_fn) on any thread but the loop's. */
bool ui_net_start(void);
void ui_net_stop(void);
size_t ui_net_running(void);
unsigned long ui_net_resumes(void); /* transfers paused by a full ring, then resumed */
enum rc_status ui_net_get(void *get_ud, const char *url, const char *accept, const struct rc_net_opts *o,
	rc_net_body_fn fn, void *ud, struct rc_net_result *res);
/* sync.c: fetch the access log from every registry of the case on the
 * worker (progress, Esc stops); after(u) runs on the loop's thread before
 * the result is said.  false: nothing started (a message says why). */
bool ui_sync_start(struct ui *u, void (*after)(struct ui *u));
/* Send request id through a registry's online service (the one whose
 * regime is the request's, else the case's first), or, when it was sent,
 * ask the registry where it stands; on the worker (progress, message
 * after); after(u) runs on the loop's thread first.  false: nothing
 * started (a message says why). */
bool ui_request_online(struct ui *u, int64_t id, void (*after)(struct ui *u));
/* A registry in one line: its name, when it was last reached, what the
 * last fetch found. */
void ui_registry_line(const struct rc_registry *r, char *buf, size_t len);
#ifdef RC_TEST_HOOKS
/* bench/bench-ui.sh (RECOURSE_BENCH_UI=1): page through the open case's
 * log and print the times (scr_log.c).  Test builds only. */
int ui_bench_run(struct ui *u);
/* bench/bench-ui-requests.sh (RECOURSE_BENCH_UI=requests): open the
 * requests screen from the home many times (scr_requests.c). */
int ui_bench_requests(struct ui *u);
#endif

/* ------------------------------------------------------------------ */
/* Drawing.  Coordinates are logical: x counts from the start of the
 * line, which is the right edge in a right-to-left language. */
enum ui_role {
	R_NORMAL, R_TITLE, R_KEY, R_KEYLABEL, R_SELECTED, R_FLAG, R_ERROR, R_HINT, R_FIELD,
	R_HEADER, R_GOOD, R_ROLE_COUNT
};
enum ui_align { AL_START, AL_END, AL_CENTRE };

void ui_colours_init(struct ui *u);
extern struct ui *ui_cur;   /* the one interface (for drawing helpers) */
int ui_body_top(void);      /* first body row */
int ui_body_rows(void);     /* rows between the title and the message line */
/* Draw s into [x, x+w) of row y, reordered and shaped when RTL; cut
 * with an ellipsis when too wide.  Returns the columns used. */
int ui_text(int y, int x, int w, const char *s, enum ui_role role, enum ui_align al);
/* The same, always left to right from the left edge (x counts from the
 * left in every language): for text that must stay exactly as received,
 * such as the original record. */
int ui_text_ltr(int y, int x, int w, const char *s, enum ui_role role);
/* Whether the first strong letter of s is a left-to-right one (a
 * paragraph in a Latin script, such as a text not yet translated). */
bool ui_text_is_ltr(const char *s);
/* Fill a row segment with the role's background. */
void ui_fill(int y, int x, int w, enum ui_role role);
/* A selectable row: marker, role, and the cursor when selected. */
void ui_row(int y, bool selected, const char *s, enum ui_role role);
void ui_cursor_at(int y, int x); /* logical column */
void ui_title(const char *title);
void ui_footer(struct ui *u);
/* Word-wrap s into lines of at most w columns: *lines malloc'ed strings. */
size_t ui_wrap(const char *s, int w, char ***lines);
void ui_lines_free(char ***lines, size_t n);
/* Paragraph text from row y, wrapped to the body width; returns the next row. */
int ui_para(int y, int x, const char *s, enum ui_role role);
/* Dates in the chosen language: "2024-03-01 14:05" or the locale's own. */
void ui_fmt_time(int64_t ts, bool with_time, char *buf, size_t len);
void ui_local_digits(char *buf, size_t len);
/* A country's name in the reader's language (Debian's iso-codes, its
 * gettext domain iso_3166-1), or the code when the list does not have
 * it or is not installed. */
void ui_country_name(const char *alpha2, char *buf, size_t len);
/* The codes of the countries whose name (in the reader's language or
 * in English) contains the folded text (rc_text_fold), or whose code it
 * is: "DE,FR" into buf; how many. */
size_t ui_countries_matching(const char *folded, char *buf, size_t len);
/* Field label width used by forms and the detail view. */
int ui_label_width(void);

/* ------------------------------------------------------------------ */
/* Widgets. */
struct ui_list {
	int n, sel, top;
};
/* Move by an action; false when not a movement. */
bool ui_list_nav(struct ui_list *l, enum ui_action a, int page);
/* Scrolling keys for a text of nlines lines; *top is the first shown. */
bool ui_scroll_nav(int *top, int nlines, enum ui_action a);
void ui_list_scroll(struct ui_list *l, int page);

enum ui_field_kind { FK_TEXT, FK_SECRET, FK_CHOICE };
#define UI_FIELD_MAX 200
struct ui_field {
	const char *label;      /* msgid */
	const char *hint;       /* msgid, shown when the field is focused */
	enum ui_field_kind kind;
	wchar_t buf[UI_FIELD_MAX + 1];
	int len, pos;
	int maxlen;
	struct rc_secret *secret; /* FK_SECRET: key by key, locked memory */
	const char *const *choices; /* FK_CHOICE: msgids, or literal when literal_choices */
	bool literal_choices;
	int nchoices, choice;
};
struct ui_form {
	struct ui_field *f;
	int n, cur, top;
};
void ui_field_init(struct ui_field *f, enum ui_field_kind kind, const char *label, const char *hint, int maxlen);
void ui_field_set(struct ui_field *f, const char *utf8);
char *ui_field_utf8(const struct ui_field *f); /* malloc'ed, trimmed */
void ui_field_wipe(struct ui_field *f);        /* text zeroed, secret freed */
/* FK_SECRET: what was typed, handed over (the caller frees it with
 * rc_secret_free); the field is empty again. */
struct rc_secret *ui_field_take_secret(struct ui_field *f);
bool ui_form_key(struct ui_form *fm, int key); /* editing and moving */
bool ui_form_action(struct ui_form *fm, enum ui_action a);
/* Draw fields from row y; returns the row after the last. */
int ui_form_draw(struct ui_form *fm, int y, int rows);
void ui_form_click(struct ui_form *fm, int row);
size_t ui_secret_chars(const struct rc_secret *s);

/* A text that scrolls (textview.c): lines made once for the window's
 * width, drawn from top with a foot line that says what is above and
 * below and which lines are shown (as the access detail does). */
struct ui_tline {
	char *text;
	enum ui_role role;
	int indent;
	bool ltr;            /* drawn left to right (a paragraph in a Latin script) */
};
struct ui_tview {
	struct ui_tline *l;
	size_t n, cap;
	int top;
};
void ui_tview_add(struct ui_tview *t, const char *text, enum ui_role role, int indent);
/* A paragraph (several when it holds newlines), wrapped to the window,
 * each of its own direction. */
void ui_tview_wrap(struct ui_tview *t, const char *text, enum ui_role role, int indent);
/* "Label     value", the value wrapped beside the label; nothing when empty. */
void ui_tview_field(struct ui_tview *t, const char *label, const char *value);
void ui_tview_clear(struct ui_tview *t);   /* the lines freed (wiped first) */
/* rows rows from y, the last of them the foot line. */
void ui_tview_draw(struct ui_tview *t, int y, int rows);
bool ui_tview_nav(struct ui_tview *t, enum ui_action a, int rows);

#endif
