/* main.c - recourse: process hygiene, languages, and the dispatch to the
 * command line or the terminal interface. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ui.h"

#ifdef RC_TEST_HOOKS
/* Test hook (--enable-test-hooks): RECOURSE_FAKE_NOW=<unix seconds> fixes
 * the clock for the CLI and TUI tests. */
static time_t fake_now;

static time_t fixed_clock(void)
{
	return fake_now;
}
#endif

static void log_stderr(enum rc_log_level lvl, const char *msg)
{
	static const char *const names[] = { "debug", "info", "warning", "error" };
	fprintf(stderr, "recourse: %s: %s\n", names[lvl], msg);
}

static void i18n_init(int argc, char **argv)
{
	for (int i = 1; i < argc - 1; i++)
		if (strcmp(argv[i], "--lang") == 0)
			setenv("LANGUAGE", argv[i + 1], 1);
	const char *loc = setlocale(LC_ALL, "");
	/* LANGUAGE is ignored under the C locale: fall back to C.UTF-8. */
	if (!loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX"))
		setlocale(LC_ALL, "C.UTF-8");
	const char *dir = getenv("RECOURSE_LOCALEDIR");
	bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

int main(int argc, char **argv)
{
	rc_process_harden();
	rc_net_global_init();
	i18n_init(argc, argv);
	if (rc_base_init() != 0) {
		fputs(_("recourse: the cryptography library could not start.\n"), stderr);
		return 1;
	}
#ifdef RC_TEST_HOOKS
	const char *fn = getenv("RECOURSE_FAKE_NOW");
	if (fn && *fn) {
		fake_now = (time_t)strtoll(fn, NULL, 10);
		rc_clock_set(fixed_clock);
	}
#endif
	if (getenv("RECOURSE_DEBUG"))
		rc_log_set(log_stderr);

	struct cli cli;
	int r = cli_parse(&cli, argc, argv);
	if (r != 0) {
		cli_free(&cli);
		return r < 0 ? 0 : r;
	}
#ifdef RC_TEST_HOOKS
	rc_op_test_kdf(&cli.kdf); /* --kdf-memory, --kdf-ops */
#endif
	if (!cli.noun || !strcmp(cli.noun, "tui")) {
		if (cli.show_help) {
			if (!cli.noun || !cli_help_for(&cli))
				cli_usage(stdout);
			cli_free(&cli);
			return 0;
		}
		bool tty_needed = true;
#ifdef RC_TEST_HOOKS
		/* RECOURSE_TEST_KEYS=1: the interface prints its key table and
		 * ends at once, no terminal needed (tests/tui/keys.sh). */
		const char *tk = getenv("RECOURSE_TEST_KEYS");
		tty_needed = !(tk && !strcmp(tk, "1"));
#endif
		if (tty_needed && (!isatty(0) || !isatty(1))) {
			cli_usage(stderr);
			cli_free(&cli);
			return 2;
		}
		struct ui_options uo = { 0 };
		uo.case_arg = cli.noun && cli.verb ? cli.verb : NULL;
		for (int i = 1; i < argc - 1; i++)
			if (!strcmp(argv[i], "--lang"))
				uo.lang = argv[i + 1];
		r = ui_main(&uo);
		cli_free(&cli);
		return r;
	}
	if (!strcmp(cli.noun, "help")) {
		cli_usage(stdout);
		r = 0;
	} else if (!strcmp(cli.noun, "case")) {
		r = cmd_case(&cli);
	} else if (!strcmp(cli.noun, "log")) {
		r = cmd_log(&cli);
	} else if (!strcmp(cli.noun, "request")) {
		r = cmd_request(&cli);
	} else if (!strcmp(cli.noun, "mandate")) {
		r = cmd_mandate(&cli);
	} else if (!strcmp(cli.noun, "document")) {
		r = cmd_document(&cli);
	} else if (!strcmp(cli.noun, "deadlines")) {
		r = cmd_deadlines(&cli);
	} else if (!strcmp(cli.noun, "office")) {
		r = cmd_office(&cli);
	} else if (!strcmp(cli.noun, "registry")) {
		r = cmd_registry(&cli);
	} else if (!strcmp(cli.noun, "export")) {
		r = cmd_export(&cli);
	} else if (!strcmp(cli.noun, "bundle")) {
		r = cmd_bundle(&cli);
	} else if (!strcmp(cli.noun, "settings")) {
		r = cmd_settings(&cli);
	} else {
		fprintf(stderr, _("recourse: \"%s\" is not a command.\n"), cli.noun);
		fprintf(stderr, _("Try: recourse --help\n"));
		r = 2;
	}
	if (*rc_case_office_trouble())
		/* TRANSLATORS: after a change of a case that could not reach the office board; the change itself was saved. */
		fprintf(stderr, _("recourse: the change was saved, but the office board did not get it: %s\n"), rc_case_office_trouble());
	cli_free(&cli);
	return r;
}
