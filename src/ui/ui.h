/* ui.h - the ncurses front end.  The one public header of src/ui. */
#ifndef RECOURSE_UI_H
#define RECOURSE_UI_H

struct ui_options {
	const char *case_arg;   /* open this case first (NULL: the picker) */
	const char *lang;       /* start in this language (NULL: ask) */
	int bench_ui;           /* --bench-ui: measure and print, then exit */
	int kiosk;              /* started by recourse-kiosk */
};

/* Run the terminal interface; returns the process exit code. */
int ui_main(const struct ui_options *opts);

#endif
