/* ui.h - the ncurses front end.  The one public header of src/ui. */
#ifndef RECOURSE_UI_H
#define RECOURSE_UI_H

struct ui_options {
	const char *case_arg;   /* open this case first (NULL: the picker) */
	const char *lang;       /* start in this language (NULL: ask) */
#ifdef RC_TEST_HOOKS
	int bench_ui;           /* the benchmark (test hook; no option sets it yet,
	                         * RECOURSE_BENCH_UI=1 does): measure, print, exit */
#endif
	int kiosk;              /* started by recourse-kiosk */
};

/* Run the terminal interface; returns the process exit code. */
int ui_main(const struct ui_options *opts);

#endif
