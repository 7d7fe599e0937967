/* progress.c - progress on a terminal (done, total, time left), quiet
 * otherwise; Ctrl-C asks the running operation to stop and undo. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static volatile sig_atomic_t cancel_flag;

static void on_sigint(int sig)
{
	(void)sig;
	cancel_flag = 1; /* only a flag: the operation checks it and rolls back */
}

void cli_cancel_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

bool cli_cancel_requested(void)
{
	return cancel_flag != 0;
}

struct cli_progress {
	const char *what;
	uint64_t total;
	double start, last;
	bool tty;
	bool shown;
};

struct cli_progress *cli_progress_new(const char *what, uint64_t total)
{
	struct cli_progress *p = rc_xcalloc(1, sizeof *p);
	p->what = what;
	p->total = total;
	p->start = rc_mono_ms();
	p->tty = isatty(2) && !cli_quiet;
	return p;
}

bool cli_progress_update(void *ud, uint64_t done, uint64_t total)
{
	struct cli_progress *p = ud;
	if (cancel_flag)
		return false;
	if (!p || !p->tty)
		return true;
	if (total)
		p->total = total;
	double now = rc_mono_ms();
	if (now - p->start < 1000 || now - p->last < 200)
		return true; /* nothing shown for what takes under a second */
	p->last = now;
	p->shown = true;
	double el = (now - p->start) / 1000.0;
	if (p->total && done <= p->total && done > 0) {
		double left = el * (double)(p->total - done) / (double)done;
		/* TRANSLATORS: progress line: what, percent done, seconds left. */
		fputc('\r', stderr);
		fprintf(stderr, _("%s: %3d%% done, about %d s left (Ctrl-C cancels)"), p->what,
			(int)(100.0 * (double)done / (double)p->total), (int)(left + 0.5));
		fputs("\033[K", stderr);
	} else {
		/* TRANSLATORS: progress line when the total is not known. */
		fputc('\r', stderr);
		fprintf(stderr, _("%s: %d s so far (Ctrl-C cancels)"), p->what, (int)el);
		fputs("\033[K", stderr);
	}
	return true;
}

void cli_progress_free(struct cli_progress **pp)
{
	if (!pp || !*pp)
		return;
	if ((*pp)->shown)
		fputs("\r\033[K", stderr);
	free(*pp);
	*pp = NULL;
}
