/* passphrase.c - reading passphrases key by key into locked memory, from
 * the terminal (no echo, one '*' per character) or --passphrase-fd; and
 * personal text given as "-" (a name, a note...), from the terminal
 * (echoed) or standard input, byte by byte into locked memory too. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

static size_t utf8_chars(const struct rc_secret *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->len; i++)
		if ((s->data[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* One line from fd, byte by byte (no stdio buffer holds a copy). */
static struct rc_secret *read_fd_line(int fd)
{
	struct rc_secret *s = rc_secret_new(RC_PASSPHRASE_MAX);
	if (!s)
		return NULL;
	for (;;) {
		unsigned char c;
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (s->len == 0) {
				rc_secret_free(&s);
				return NULL;
			}
			break;
		}
		if (c == '\n')
			break;
		if (!rc_secret_append(s, c)) {
			rc_secret_free(&s);
			return NULL;
		}
	}
	if (s->len && s->data[s->len - 1] == '\r')
		s->data[--s->len] = 0;
	return s;
}

/* Key by key from the terminal, no echo: '*' for each character,
 * Backspace deletes one, Ctrl-U clears, Ctrl-C or Esc cancels. */
static struct rc_secret *read_tty(int tty, const char *prompt, bool *cancelled)
{
	struct termios old, raw;
	*cancelled = false;
	if (tcgetattr(tty, &old) != 0)
		return NULL;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG | IEXTEN);
	raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	struct rc_secret *s = rc_secret_new(RC_PASSPHRASE_MAX);
	if (!s)
		return NULL;
	if (write(tty, prompt, strlen(prompt)) < 0) { /* nothing to do */ }
	tcsetattr(tty, TCSAFLUSH, &raw);
	for (;;) {
		unsigned char c;
		ssize_t n = read(tty, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == 3 || c == 27) {
			*cancelled = true;
			rc_secret_free(&s);
			break;
		}
		if (c == '\r' || c == '\n')
			break;
		if (c == 127 || c == 8) {
			if (s->len) {
				rc_secret_pop_utf8(s);
				if (write(tty, "\b \b", 3) < 0) { }
			}
			continue;
		}
		if (c == 21) { /* Ctrl-U */
			for (size_t i = utf8_chars(s); i > 0; i--)
				if (write(tty, "\b \b", 3) < 0) { }
			rc_secret_clear(s);
			continue;
		}
		if (c < 0x20)
			continue;
		if (!rc_secret_append(s, c))
			continue; /* too long: ignore further keys */
		if ((c & 0xC0) != 0x80 && write(tty, "*", 1) < 0) { }
	}
	tcsetattr(tty, TCSAFLUSH, &old);
	if (write(tty, "\n", 1) < 0) { }
	return s;
}

/* One line of personal text from fd into s, byte by byte (no stdio
 * buffer keeps a copy, and nothing after the line is read: the next
 * text, or a passphrase on the same descriptor, is left for its reader).
 * 1: a line (possibly empty); 0: end of input before any byte; -1: longer
 * than s holds. */
static int read_text_line(int fd, struct rc_secret *s)
{
	bool any = false;
	for (;;) {
		unsigned char c;
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		any = true;
		if (c == '\n')
			break;
		if (!rc_secret_append(s, c))
			return -1;
	}
	if (!any)
		return 0;
	if (s->len && s->data[s->len - 1] == '\r')
		s->data[--s->len] = 0;
	return 1;
}

const char *cli_read_text(struct cli *cli, const char *what, const char *help)
{
	struct rc_secret *s = rc_secret_new(CLI_TEXT_MAX);
	if (!s) {
		fprintf(stderr, "recourse: %s\n", rc_status_message(RC_NOMEM));
		return NULL;
	}
	if (isatty(0)) {
		/* On a terminal: a prompt, and the text is echoed as it is
		 * typed (it is not a secret, only kept off the command line). */
		char prompt[512];
		/* TRANSLATORS: a prompt on the terminal for a text given as "-":
		 * the first %s is what to type (an option's help, such as "a note
		 * of your own"), the second the option (--note) or the field of
		 * "case set" (name). */
		snprintf(prompt, sizeof prompt, _("%s (%s): "), _(help), what);
		int tty = open("/dev/tty", O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (write(tty >= 0 ? tty : 2, prompt, strlen(prompt)) < 0) { /* nothing to do */ }
		if (tty >= 0)
			close(tty);
	}
	int r = read_text_line(0, s);
	if (r <= 0) {
		if (r < 0)
			/* TRANSLATORS: %s is an option such as --note, or a field of
			 * "case set" such as name; %d a number of bytes. */
			fprintf(stderr, _("recourse: the text for %s is longer than %d bytes.\n"), what, CLI_TEXT_MAX);
		else
			/* TRANSLATORS: %s is an option such as --note, or a field of
			 * "case set" such as name; keep "-" as it is. */
			fprintf(stderr, _("recourse: no text for %s could be read from standard input: give one line for each option given as -.\n"),
			        what);
		rc_secret_free(&s);
		return NULL;
	}
	cli->texts = rc_xrealloc(cli->texts, ((size_t)cli->ntexts + 1) * sizeof *cli->texts);
	cli->texts[cli->ntexts++] = s;
	return (const char *)s->data;
}

static bool last_cancelled;

int cli_pass_fail_exit(void)
{
	return rc_status_exit(last_cancelled ? RC_CANCELLED : RC_USAGE);
}

struct rc_secret *cli_passphrase(const struct cli *cli, const char *prompt, bool confirm, bool is_new)
{
	struct rc_secret *s = NULL;
	last_cancelled = false;
	if (cli->passphrase_fd >= 0) {
		s = read_fd_line(cli->passphrase_fd);
		if (!s) {
			fprintf(stderr, _("recourse: no passphrase could be read from file descriptor %d.\n"), cli->passphrase_fd);
			return NULL;
		}
	} else {
		int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (tty < 0) {
			fprintf(stderr, "%s\n", _("recourse: a passphrase is needed. Run this on a terminal, or give --passphrase-fd N in a script."));
			return NULL;
		}
		for (;;) {
			bool cancelled;
			s = read_tty(tty, prompt, &cancelled);
			if (!s) {
				if (cancelled) {
					last_cancelled = true;
					fprintf(stderr, "%s\n", rc_status_message(RC_CANCELLED));
				}
				break;
			}
			if (is_new && utf8_chars(s) < RC_PASSPHRASE_MIN) {
				char msg[256];
				snprintf(msg, sizeof msg, ngettext("The passphrase must have at least %d character. Please try again.\n",
				                                   "The passphrase must have at least %d characters. Please try again.\n",
				                                   RC_PASSPHRASE_MIN), RC_PASSPHRASE_MIN);
				if (write(tty, msg, strlen(msg)) < 0) { }
				rc_secret_free(&s);
				continue;
			}
			if (!confirm)
				break;
			struct rc_secret *again = read_tty(tty, _("Type the same passphrase again: "), &cancelled);
			if (!again) {
				last_cancelled = cancelled;
				rc_secret_free(&s);
				break;
			}
			bool same = again->len == s->len && memcmp(again->data, s->data, s->len) == 0;
			rc_secret_free(&again);
			if (same)
				break;
			const char *msg = _("The two passphrases are not the same. Please try again.\n");
			if (write(tty, msg, strlen(msg)) < 0) { }
			rc_secret_free(&s);
		}
		close(tty);
		if (!s)
			return NULL;
	}
	if (s->len == 0) {
		fprintf(stderr, "%s\n", _("recourse: the passphrase is empty."));
		rc_secret_free(&s);
		return NULL;
	}
	if (is_new && utf8_chars(s) < RC_PASSPHRASE_MIN) {
		fprintf(stderr, ngettext("recourse: the new passphrase must have at least %d character.\n",
		                         "recourse: the new passphrase must have at least %d characters.\n",
		                         RC_PASSPHRASE_MIN), RC_PASSPHRASE_MIN);
		rc_secret_free(&s);
		return NULL;
	}
	return s;
}

char *cli_case_path(const struct cli *cli)
{
	if (cli->npos < 1)
		return NULL;
	return rc_case_resolve(cli->pos[0]);
}

/* Commands that only read the case: they open it beside a window that
 * has it open (rc_case_open_read).  Every other command changes it and
 * needs it alone. */
static bool reads_only(const struct cli *cli)
{
	static const char *const ro[][2] = {
		{ "case", "info" }, { "case", "journal" }, { "case", "verify" },
		{ "log", "list" }, { "log", "show" }, { "log", "summary" },
		{ "request", "list" }, { "request", "show" }, { "request", "letter" },
		{ "document", "list" }, { "mandate", "list" }, { "deadlines", "" }, { "office", "status" },
		{ "registry", "list" }, { "registry", "test" },
	};
	for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++)
		if (cli->noun && !strcmp(cli->noun, ro[i][0]) && !strcmp(cli->verb ? cli->verb : "", ro[i][1]))
			return true;
	/* request suggest reads; with --draft it makes a request */
	return cli->noun && cli->verb && !strcmp(cli->noun, "request") && !strcmp(cli->verb, "suggest") && !cli->draft;
}

enum rc_status cli_open_case(const struct cli *cli, struct rc_case **out)
{
	*out = NULL;
	char *path = cli_case_path(cli);
	if (!path) {
		fprintf(stderr, _("recourse: which case? Give its label or folder after \"%s %s\".\n"), cli->noun, cli->verb);
		return RC_USAGE;
	}
	/* Say what is wrong with the folder before asking for a passphrase. */
	struct rc_slot_info *slots;
	size_t n;
	enum rc_status st = rc_case_slots(path, &slots, &n);
	free(slots);
	if (st == RC_NOTCASE) {
		char *ks = rc_path_join(path, "keyslots");
		if (access(path, F_OK) != 0)
			st = RC_NOCASE;
		free(ks);
	}
	if (st != RC_OK) {
		if (st == RC_NOCASE || st == RC_NOTCASE)
			rc_error_set("%s", path);
		free(path);
		return st;
	}
	struct rc_secret *pass = cli_passphrase(cli, _("Passphrase for this case: "), false, false);
	if (!pass) {
		free(path);
		return last_cancelled ? RC_CANCELLED : RC_USAGE;
	}
	if (isatty(2) && !cli_quiet)
		fprintf(stderr, "%s\r", _("Opening the case (this takes a moment)..."));
	st = reads_only(cli) ? rc_case_open_read(path, cli->slot, pass, out) : rc_case_open_as(path, cli->slot, pass, out);
	if (isatty(2) && !cli_quiet)
		fprintf(stderr, "\033[K");
	rc_secret_free(&pass);
	free(path);
	return st;
}

struct rc_secret *cli_read_key_fd(int fd)
{
	struct rc_secret *key = rc_secret_new(64 * 1024);
	for (;;) {
		unsigned char buf[512];
		ssize_t k = read(fd, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			explicit_bzero(buf, sizeof buf);
			/* TRANSLATORS: %d is a file descriptor number. */
			fprintf(stderr, _("recourse: the private key cannot be read from file descriptor %d.\n"), fd);
			rc_secret_free(&key);
			return NULL;
		}
		if (k == 0)
			break;
		bool fits = true;
		for (ssize_t i = 0; i < k && fits; i++)
			fits = rc_secret_append(key, buf[i]);
		explicit_bzero(buf, sizeof buf);
		if (!fits) {
			fprintf(stderr, "%s\n", _("recourse: the private key is larger than 64 KB."));
			rc_secret_free(&key);
			return NULL;
		}
	}
	if (!rc_secret_append(key, 0)) {
		fprintf(stderr, "%s\n", _("recourse: the private key is larger than 64 KB."));
		rc_secret_free(&key);
		return NULL;
	}
	return key;
}
