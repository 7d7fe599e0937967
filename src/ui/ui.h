/* ui.h - the ncurses front end.  The one public header of src/ui. */
#ifndef RECOURSE_UI_H
#define RECOURSE_UI_H

struct ui_options {
	const char *case_arg;   /* open this case first (NULL: the picker) */
	const char *lang;       /* start in this language (NULL: ask) */
#ifdef RC_TEST_HOOKS
	int bench_ui;           /* measure and print, then exit (bench/bench-ui.sh); test builds only */
#endif
	int kiosk;              /* started by recourse-kiosk */
};

/* Run the terminal interface; returns the process exit code. */
int ui_main(const struct ui_options *opts);

#endif
