/* letter_print.c - the letter of a request sent to a print queue: made
 * whole as a PDF in memory first (a memfd: no file on any disk, and no
 * half letter reaches the printer when making it fails), then handed to
 * the system's "lp" on its standard input.  lp's own messages are kept
 * (its first line) to say why a printer refused.  The print system keeps
 * its own copy until the job is printed (CUPS deletes it then, unless
 * the printer's administrator set PreserveJobFiles): doc/letters.md says
 * so. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ops-int.h"

/* The job's title, seen by anyone who looks at the queue: nothing
 * personal, only the program's name. */
#define JOB_TITLE "recourse"

/* Copy the whole of fd (from its start) into the pipe w. */
static bool copy_all(int fd, int w)
{
	char buf[65536];
	if (lseek(fd, 0, SEEK_SET) != 0)
		return false;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			explicit_bzero(buf, sizeof buf);
			return false;
		}
		if (rc_fd_write_all(w, buf, (size_t)n) != RC_OK) {
			explicit_bzero(buf, sizeof buf);
			return false;
		}
	}
	explicit_bzero(buf, sizeof buf);
	return true;
}

enum rc_status rc_op_request_letter_print(struct rc_case *c, int64_t id, const struct rc_letter_opts *o)
{
	rc_error_clear();
	int mem = memfd_create("letter", MFD_CLOEXEC);
	if (mem < 0)
		return RC_IO;
	struct rc_letter_opts po = o ? *o : (struct rc_letter_opts){ 0 };
	po.pdf = true;
	enum rc_status st = rc_op_request_letter(c, id, &po, mem);
	if (st != RC_OK) {
		close(mem);
		return st;
	}
	int in[2], err[2];
	if (pipe2(in, O_CLOEXEC) != 0) {
		close(mem);
		return RC_IO;
	}
	if (pipe2(err, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		close(mem);
		return RC_IO;
	}
	/* -s: no "request id is ..." on its output; the default printer
	 * (lp reads $PRINTER and $LPDEST) */
	const char *const argv[] = { "lp", "-s", "-t", JOB_TITLE, NULL };
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (dup2(in[0], 0) < 0 || dup2(err[1], 2) < 0 || null < 0 || dup2(null, 1) < 0)
			_exit(126);
		execvp("lp", (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(err[1]);
	if (pid < 0) {
		close(in[1]);
		close(err[0]);
		close(mem);
		return RC_IO;
	}
	/* lp may end before reading it all (no such printer): a write to its
	 * closed pipe must fail, not end this program. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	bool sent = copy_all(mem, in[1]);
	close(in[1]);
	sigaction(SIGPIPE, &old, NULL);
	close(mem);
	char msg[512];
	size_t got = 0;
	for (;;) {
		ssize_t n = read(err[0], msg + got, sizeof msg - 1 - got);
		if (n > 0 && (got += (size_t)n) < sizeof msg - 1)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0) { /* full: drain the rest */
			char drop[256];
			while (read(err[0], drop, sizeof drop) > 0)
				;
		}
		break;
	}
	msg[got] = 0;
	close(err[0]);
	char *nl = strchr(msg, '\n');
	if (nl)
		*nl = 0;
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	if (code == 127) {
		/* TRANSLATORS: error detail: printing a letter on a computer with no print system. */
		rc_error_set("%s", _("This computer has no print command (lp, in the Debian package cups-client). "
		                     "Save the letter as a PDF on a USB stick and print it elsewhere."));
		return RC_IO;
	}
	if (code != 0 || !sent) {
		if (*msg)
			/* TRANSLATORS: error detail: the print system refused the letter; %s is its own message (often in English). */
			rc_error_set(_("The printer did not take the letter: %s"), msg);
		else
			rc_error_set("%s", _("The printer did not take the letter."));
		return RC_IO;
	}
	return RC_OK;
}
