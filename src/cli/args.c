/* args.c - the command line: options, usage and per-command help. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool cli_quiet;

/* One row per command: the help text comes from here only. */
static const struct cmd_help {
	const char *noun, *verb, *synopsis, *text;
} commands[] = {
	{ "tui", "", "tui [CASE] [--lang LL]",
	  /* TRANSLATORS: help for "recourse tui". */
	  N_("Start the terminal interface (also what recourse does on a terminal without a command), on the case picker or on CASE, in language LL (ar, fa, ps, ti, uk, es, fr, en).") },
	{ "case", "new", "case new CASE [--slot LABEL] [--country CC]... [--regime ID]... [--name TEXT] [--record REF] [--record-created DATE] [--language LL]",
	  /* TRANSLATORS: help for "recourse case new". */
	  N_("Create a new encrypted case. You choose its first passphrase; nobody can open the case without it, and nobody can recover it unless you add another key slot (for example office-recovery).") },
	{ "case", "list", "case list [--format table|csv|json]",
	  N_("List the cases on this computer by label only. No passphrase is needed and nothing inside the cases is read.") },
	{ "case", "info", "case info CASE [--format table|csv|json]",
	  N_("Show what the case knows about itself: label, countries, regimes, key slots, number of accesses.") },
	{ "case", "set", "case set CASE FIELD VALUE",
	  N_("Change one detail of the case: name, record, record-created, countries, regimes, language, burst-count, burst-window. Changing countries or regimes re-checks every access.") },
	{ "case", "slots", "case slots CASE [--format table|csv|json]",
	  N_("List the key slots (who can open the case). No passphrase is needed.") },
	{ "case", "add-slot", "case add-slot CASE LABEL",
	  N_("Add a key slot with its own passphrase, for example counsel:NAME or office-recovery. Asks first for a passphrase that opens the case, then for the new one.") },
	{ "case", "remove-slot", "case remove-slot CASE LABEL",
	  N_("Remove a key slot. Whoever held it may have kept a copy of the key: run \"case rekey\" afterwards to lock them out for good.") },
	{ "case", "passwd", "case passwd CASE [--slot LABEL]",
	  N_("Change the passphrase of a key slot (the one you open the case with, or --slot).") },
	{ "case", "rekey", "case rekey CASE",
	  N_("Give the case a new data key and re-encrypt it. Every remaining key slot keeps working; removed slots and copies of the old key stop working.") },
	{ "case", "verify", "case verify CASE",
	  N_("Check the case file: its history (journal) must be unbroken and the database whole.") },
	{ "case", "journal", "case journal CASE [--format table|csv|json]",
	  N_("Show the case history: every change and every opening, with who did it.") },
	{ "case", "erase", "case erase CASE [--yes]",
	  N_("Destroy the case: its keys first, then its files. Asks you to type the case label unless --yes is given.") },
	{ "log", "import", "log import CASE FILE [--format auto|fhir|ndjson|csv] [--skip-invalid]",
	  N_("Import an access log: FHIR AuditEvent (a Bundle or one resource), NDJSON, or CSV transcribed from a letter. Importing the same events again never duplicates them. A file with an invalid entry imports nothing unless --skip-invalid is given.") },
	{ "log", "list", "log list CASE [--since DATE] [--until DATE] [--flag ID] [--authority TEXT] [--country CC] [--limit N] [--after CURSOR] [--oldest-first] [--format table|csv|json]",
	  N_("List who accessed the record, newest first, one page at a time. The last line gives the --after value for the next page.") },
	{ "log", "show", "log show CASE ID [--raw] [--format table|json]",
	  N_("Show one access: every field, its flags with their explanations, and (with --raw) the original record exactly as received.") },
	{ "log", "add", "log add CASE --when DATE --authority TEXT [--country CC] [--role TEXT] [--system TEXT] [--action ID] [--categories LIST] [--purpose TEXT] [--legal-basis TEXT] [--outcome ID] [--source-document TEXT] [--note TEXT]",
	  N_("Add one access by hand, for example from a paper answer.") },
	{ "log", "correct", "log correct CASE ID --when DATE --authority TEXT [the other options of log add] [--reason TEXT]",
	  N_("Correct an access you wrote down by hand: give the whole corrected entry. The earlier version stays in the case journal. Accesses imported from a registry's log cannot be changed.") },
	{ "log", "withdraw", "log withdraw CASE ID [--reason TEXT]",
	  N_("Withdraw an access you wrote down by hand by mistake. It stays in the case journal.") },
	{ "log", "summary", "log summary CASE [--format table|csv|json]",
	  N_("Count the accesses by authority, country, purpose and flag, and say what is new since the last summary.") },
	{ "log", "flags", "log flags [--format table|csv|json]",
	  N_("List every flag with its explanation.") },
	{ "request", "add", "request add CASE --kind erasure|restriction|rectification|access --filed DATE [--confirmed DATE] [--regime ID] [--addressee TEXT]",
	  N_("Record a request already sent to an authority, so that accesses after it are flagged.") },
	{ "request", "confirm", "request confirm CASE ID --confirmed DATE",
	  N_("Record that the authority confirmed an erasure or restriction, so that accesses after that date are flagged.") },
	{ "request", "list", "request list CASE [--format table|csv|json]",
	  N_("List the requests recorded in the case.") },
};

void cli_usage(FILE *out)
{
	fprintf(out, _("Usage: recourse NOUN VERB [CASE] [options]\n"
	               "       recourse            (start the terminal interface)\n\n"));
	fprintf(out, "%s\n\n", _("See who accessed a biometric record, and keep an encrypted case file."));
	fprintf(out, "%s\n", _("Commands:"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  recourse %s\n", commands[i].synopsis);
	fprintf(out, "\n%s\n", _("Options for every command:"));
	fprintf(out, "  --passphrase-fd N   %s\n", _("read passphrases from file descriptor N, one per line (for scripts)"));
	fprintf(out, "  --slot LABEL        %s\n", _("try only this key slot"));
	fprintf(out, "  --cases-dir DIR     %s\n", _("where cases live (default: ~/.local/share/recourse/cases)"));
	fprintf(out, "  --format FORMAT     %s\n", _("table, csv or json for listings"));
	fprintf(out, "  --quiet             %s\n", _("print only results and errors"));
	fprintf(out, "  --help              %s\n", _("help for a command, e.g. recourse log import --help"));
	fprintf(out, "  --version           %s\n", _("show the version"));
	fprintf(out, "\n%s\n", _("Exit status: 0 done, 1 error, 2 usage, 3 wrong passphrase, 4 disk or file error, 5 no such case, 6 damaged case, 7 case open elsewhere, 8 journal altered, 9 invalid input, 10 not found, 11 cancelled. See man recourse."));
}

bool cli_help_for(const struct cli *cli)
{
	if (!cli->show_help)
		return false;
	bool any = false;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (!cli->noun || strcmp(commands[i].noun, cli->noun) != 0)
			continue;
		if (cli->verb && *commands[i].verb && strcmp(commands[i].verb, cli->verb) != 0)
			continue;
		printf(_("Usage: recourse %s\n"), commands[i].synopsis);
		printf("  %s\n\n", _(commands[i].text));
		any = true;
	}
	if (!any)
		cli_usage(stdout);
	return true;
}

enum {
	O_PASSFD = 256, O_SLOT, O_FORMAT, O_YES, O_SKIP, O_RAW, O_OLDEST, O_SINCE, O_UNTIL, O_FLAG,
	O_AUTH, O_COUNTRY, O_AFTER, O_LIMIT, O_NAME, O_RECORD, O_RECORD_CREATED, O_LANGUAGE, O_REGIME,
	O_WHEN, O_ROLE, O_AGENT, O_SYSTEM, O_ACTION, O_CATS, O_PURPOSE, O_LEGAL, O_OUTCOME, O_DEST,
	O_DEST_COUNTRY, O_SRCDOC, O_NOTE, O_KIND, O_FILED, O_CONFIRMED, O_ADDRESSEE, O_KDF_MEM,
	O_KDF_OPS, O_CASES_DIR, O_VERSION, O_LANG, O_REASON
};

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ "quiet", no_argument, NULL, 'q' },
	{ "passphrase-fd", required_argument, NULL, O_PASSFD },
	{ "slot", required_argument, NULL, O_SLOT },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "yes", no_argument, NULL, O_YES },
	{ "skip-invalid", no_argument, NULL, O_SKIP },
	{ "raw", no_argument, NULL, O_RAW },
	{ "oldest-first", no_argument, NULL, O_OLDEST },
	{ "since", required_argument, NULL, O_SINCE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "flag", required_argument, NULL, O_FLAG },
	{ "authority", required_argument, NULL, O_AUTH },
	{ "country", required_argument, NULL, O_COUNTRY },
	{ "after", required_argument, NULL, O_AFTER },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "name", required_argument, NULL, O_NAME },
	{ "record", required_argument, NULL, O_RECORD },
	{ "record-created", required_argument, NULL, O_RECORD_CREATED },
	{ "language", required_argument, NULL, O_LANGUAGE },
	{ "regime", required_argument, NULL, O_REGIME },
	{ "when", required_argument, NULL, O_WHEN },
	{ "role", required_argument, NULL, O_ROLE },
	{ "agent", required_argument, NULL, O_AGENT },
	{ "system", required_argument, NULL, O_SYSTEM },
	{ "action", required_argument, NULL, O_ACTION },
	{ "categories", required_argument, NULL, O_CATS },
	{ "purpose", required_argument, NULL, O_PURPOSE },
	{ "legal-basis", required_argument, NULL, O_LEGAL },
	{ "outcome", required_argument, NULL, O_OUTCOME },
	{ "dest", required_argument, NULL, O_DEST },
	{ "dest-country", required_argument, NULL, O_DEST_COUNTRY },
	{ "source-document", required_argument, NULL, O_SRCDOC },
	{ "note", required_argument, NULL, O_NOTE },
	{ "kind", required_argument, NULL, O_KIND },
	{ "filed", required_argument, NULL, O_FILED },
	{ "confirmed", required_argument, NULL, O_CONFIRMED },
	{ "addressee", required_argument, NULL, O_ADDRESSEE },
#ifdef RC_TEST_HOOKS
	/* Test hooks (--enable-test-hooks): quick key derivation for the
	 * tests.  A release always gives new slots the default. */
	{ "kdf-memory", required_argument, NULL, O_KDF_MEM },
	{ "kdf-ops", required_argument, NULL, O_KDF_OPS },
#endif
	{ "cases-dir", required_argument, NULL, O_CASES_DIR },
	{ "lang", required_argument, NULL, O_LANG },
	{ NULL, 0, NULL, 0 }
};

static void join_append(char **list, const char *item)
{
	size_t a = *list ? strlen(*list) : 0, b = strlen(item);
	*list = rc_xrealloc(*list, a + b + 2);
	if (a)
		(*list)[a++] = ',';
	memcpy(*list + a, item, b + 1);
}

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || !*s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int cli_parse(struct cli *cli, int argc, char **argv)
{
	memset(cli, 0, sizeof *cli);
	cli->passphrase_fd = -1;
	cli->limit = 50;
	rc_kdf_default(&cli->kdf);
	opterr = 0;
	int ch;
	long v;
	while ((ch = getopt_long(argc, argv, "hq", long_opts, NULL)) != -1) {
		switch (ch) {
		case 'h': cli->show_help = true; break;
		case 'q': cli->quiet = cli_quiet = true; break;
		case O_VERSION:
			printf("recourse %s\n", PACKAGE_VERSION);
			return -1;
		case O_PASSFD:
			if (!parse_long(optarg, 0, 1 << 20, &v)) {
				fprintf(stderr, _("recourse: --passphrase-fd needs a file descriptor number, not \"%s\".\n"), optarg);
				return 2;
			}
			cli->passphrase_fd = (int)v;
			break;
		case O_SLOT: cli->slot = optarg; break;
		case O_FORMAT:
			cli->format_text = optarg;
			cli->format_given = true;
			if (!strcmp(optarg, "table")) cli->format = CLI_TABLE;
			else if (!strcmp(optarg, "csv")) cli->format = CLI_CSV;
			else if (!strcmp(optarg, "json")) cli->format = CLI_JSON;
			break;
		case O_YES: cli->yes = true; break;
		case O_SKIP: cli->skip_invalid = true; break;
		case O_RAW: cli->raw = true; break;
		case O_OLDEST: cli->oldest_first = true; break;
		case O_SINCE: cli->since = optarg; break;
		case O_UNTIL: cli->until = optarg; break;
		case O_FLAG: cli->flag = optarg; break;
		case O_AUTH: cli->authority = optarg; break;
		case O_COUNTRY:
			cli->country = optarg;
			join_append(&cli->countries, optarg);
			break;
		case O_AFTER: cli->after = optarg; break;
		case O_LIMIT:
			if (!parse_long(optarg, 1, 100000, &cli->limit)) {
				fprintf(stderr, _("recourse: --limit needs a number from 1 to 100000.\n"));
				return 2;
			}
			break;
		case O_NAME: cli->name = optarg; break;
		case O_RECORD: cli->record = optarg; break;
		case O_RECORD_CREATED: cli->record_created = optarg; break;
		case O_LANGUAGE: cli->language = optarg; break;
		case O_REGIME:
			cli->regime = optarg;
			join_append(&cli->regimes, optarg);
			break;
		case O_WHEN: cli->when = optarg; break;
		case O_ROLE: cli->role = optarg; break;
		case O_AGENT: cli->agent = optarg; break;
		case O_SYSTEM: cli->system = optarg; break;
		case O_ACTION: cli->action = optarg; break;
		case O_CATS: cli->categories = optarg; break;
		case O_PURPOSE: cli->purpose = optarg; break;
		case O_LEGAL: cli->legal_basis = optarg; break;
		case O_OUTCOME: cli->outcome = optarg; break;
		case O_DEST: cli->dest = optarg; break;
		case O_DEST_COUNTRY: cli->dest_country = optarg; break;
		case O_SRCDOC: cli->source_document = optarg; break;
		case O_NOTE: cli->note = optarg; break;
		case O_KIND: cli->kind = optarg; break;
		case O_FILED: cli->filed = optarg; break;
		case O_CONFIRMED: cli->confirmed = optarg; break;
		case O_ADDRESSEE: cli->addressee = optarg; break;
#ifdef RC_TEST_HOOKS
		case O_KDF_MEM:
			if (!parse_long(optarg, 64, 4096, &v)) {
				fprintf(stderr, _("recourse: --kdf-memory needs a size in MiB from 64 to 4096.\n"));
				return 2;
			}
			cli->kdf.memlimit = (size_t)v << 20;
			break;
		case O_KDF_OPS:
			if (!parse_long(optarg, 3, 64, &v)) {
				fprintf(stderr, _("recourse: --kdf-ops needs a number from 3 to 64.\n"));
				return 2;
			}
			cli->kdf.opslimit = (unsigned long long)v;
			break;
#endif
		case O_CASES_DIR: setenv("RECOURSE_CASES_DIR", optarg, 1); break;
		case O_LANG: break; /* handled before gettext starts, in main.c */
		case '?':
		default:
			if (optopt)
				fprintf(stderr, _("recourse: the option -%c is not known.\n"), optopt);
			else
				fprintf(stderr, _("recourse: the option %s is not known or needs a value.\n"), argv[optind - 1]);
			fprintf(stderr, _("Try: recourse --help\n"));
			return 2;
		}
	}
	int rest = argc - optind;
	if (rest > 0)
		cli->noun = argv[optind];
	if (rest > 1)
		cli->verb = argv[optind + 1];
	if (rest > 2) {
		cli->pos = argv + optind + 2;
		cli->npos = rest - 2;
	}
	if (cli->format_given && strcmp(cli->noun ? cli->noun : "", "log") == 0 &&
	    strcmp(cli->verb ? cli->verb : "", "import") == 0)
		return 0; /* --format names the input there */
	if (cli->format_given && strcmp(cli->format_text, "table") && strcmp(cli->format_text, "csv") &&
	    strcmp(cli->format_text, "json")) {
		fprintf(stderr, _("recourse: --format must be table, csv or json, not \"%s\".\n"), cli->format_text);
		return 2;
	}
	return 0;
}

void cli_free(struct cli *cli)
{
	free(cli->countries);
	free(cli->regimes);
	cli->countries = cli->regimes = NULL;
}

void cli_say(const char *fmt, ...)
{
	if (cli_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int cli_fail(enum rc_status st)
{
	const char *detail = rc_error_detail();
	fprintf(stderr, "recourse: %s\n", rc_status_message(st));
	if (detail && *detail)
		fprintf(stderr, "  %s\n", detail);
	switch (st) {
	case RC_BADPASS:
		fprintf(stderr, "  %s\n", _("Check the keyboard layout and Caps Lock, and try again. Nothing was changed."));
		break;
	case RC_LOCKED:
		fprintf(stderr, "  %s\n", _("Another recourse window or command has this case open. Nothing was changed."));
		break;
	case RC_KEYSLOTS:
	case RC_CORRUPT:
		fprintf(stderr, "  %s\n", _("Nothing was changed. Restore the case folder from a backup, or ask your office's technical contact."));
		break;
	case RC_NOSPACE:
		fprintf(stderr, "  %s\n", _("The case is as it was before this command."));
		break;
	default:
		break;
	}
	return rc_status_exit(st);
}
