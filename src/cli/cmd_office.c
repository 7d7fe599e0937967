/* cmd_office.c - the office deadline board: office new|join|leave|status|
 * add-slot|move|watch, deadlines --office (doc/office.md); and office
 * signer, the office's certificate for evidence bundles (doc/bundles.md). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static char *office_dir(const struct cli *cli)
{
	return cli->office_dir ? rc_xstrdup(cli->office_dir) : rc_office_default_dir();
}

/* --office-db, else $RECOURSE_OFFICE_DB, else NULL (the board on this
 * computer). */
static const char *office_db(const struct cli *cli)
{
	if (cli->office_db)
		return cli->office_db;
	const char *e = getenv("RECOURSE_OFFICE_DB");
	return e && *e ? e : NULL;
}

/* Open the board: the office's PostgreSQL (no passphrase: the database's
 * own login), or the folder on this computer, asking for its passphrase. */
enum rc_status cli_open_board(const struct cli *cli, struct rc_office **o, char **dir_out)
{
	*o = NULL;
	const char *db = office_db(cli);
	if (db && !cli->to_db) {
		enum rc_status st = rc_office_open_db(db, false, o);
		if (st == RC_OK && dir_out)
			*dir_out = rc_xstrdup(db);
		return st;
	}
	char *dir = office_dir(cli);
	if (access(dir, F_OK) != 0) {
		rc_error_set(_("There is no office board at %s. Make one with: recourse office new"), dir);
		free(dir);
		return RC_NOTFOUND;
	}
	struct rc_secret *pass = cli_passphrase(cli, _("Passphrase for the office board: "), false, false);
	if (!pass) {
		free(dir);
		return cli_pass_fail_exit() == 11 ? RC_CANCELLED : RC_USAGE;
	}
	if (isatty(2) && !cli_quiet)
		fprintf(stderr, "%s\r", _("Opening the office board (this takes a moment)..."));
	enum rc_status st = rc_office_open(dir, pass, o);
	if (isatty(2) && !cli_quiet)
		fprintf(stderr, "\033[K");
	rc_secret_free(&pass);
	if (dir_out && st == RC_OK)
		*dir_out = dir;
	else
		free(dir);
	return st;
}

static int office_new(struct cli *cli)
{
	if (office_db(cli)) {
		struct rc_office *o;
		enum rc_status st = rc_office_open_db(office_db(cli), true, &o);
		if (st != RC_OK)
			return cli_fail(st);
		rc_office_close(&o);
		cli_say("%s\n", _("The office board is ready in the office's PostgreSQL database. Put a case on it with: recourse office join CASE --office-db CONNECTION"));
		return 0;
	}
	const char *slot = cli->slot ? cli->slot : "office";
	if (!rc_slot_label_valid(slot)) {
		fprintf(stderr, _("recourse: \"%s\" cannot be a key slot label.\n"), slot);
		return 2;
	}
	char *dir = office_dir(cli);
	if (access(dir, F_OK) == 0) {
		rc_error_set(_("There is already an office board at %s."), dir);
		free(dir);
		return cli_fail(RC_EXISTS);
	}
	if (cli->passphrase_fd < 0 && !cli_quiet)
		fprintf(stderr, "%s\n", _("Choose a passphrase for the office board. Every caseworker who reads the board needs it (or a key slot of their own); it never opens a case."));
	struct rc_secret *pass = cli_passphrase(cli, _("New passphrase: "), true, true);
	if (!pass) {
		free(dir);
		return cli_pass_fail_exit();
	}
	struct rc_kdf kdf;
	rc_op_kdf(&kdf);
	struct rc_office *o;
	enum rc_status st = rc_office_create(dir, slot, pass, &kdf, &o);
	rc_secret_free(&pass);
	if (st != RC_OK) {
		free(dir);
		return cli_fail(st);
	}
	rc_office_close(&o);
	cli_say(_("Made the office board %s with the key slot \"%s\". Put a case on it with: recourse office join CASE\n"), dir, slot);
	printf("%s\n", dir);
	free(dir);
	return 0;
}

static int office_join(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	const char *db = office_db(cli);
	char *dir = db ? rc_xstrdup(db) : office_dir(cli);
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK) {
		free(dir);
		return cli_fail(st);
	}
	st = db ? rc_case_office_join_db(c, db) : rc_case_office_join(c, dir);
	rc_case_close(&c);
	if (st != RC_OK) {
		free(dir);
		return cli_fail(st);
	}
	cli_say(_("The case is on the office board %s. Each change of its requests now updates the board.\n"), dir);
	free(dir);
	return 0;
}

static int office_leave(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	st = rc_case_office_leave(c);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say("%s\n", _("The case has left the office board. Its rows go the next time the board is opened."));
	return 0;
}

static int office_status(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	char *dir;
	bool behind;
	st = rc_case_office(c, &dir, &behind);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "office", "behind" };
	/* TRANSLATORS: the two lines of "recourse office status". */
	static const char *const heads[] = { N_("Office board"), N_("Last change not on the board yet") };
	struct cli_table *t = cli_table_new(cli->format, 2, keys, heads);
	bool words = cli->format == CLI_TABLE;
	const char *cells[] = { dir ? dir : (words ? _("none") : NULL),
		behind ? (words ? _("yes") : "true") : (words ? _("no") : "false") };
	cli_table_add(t, cells);
	bool ok = cli_table_print(t, stdout);
	free(dir);
	return ok ? 0 : 1;
}

/* office signer: show, make or give the office's certificate for
 * signing evidence bundles (doc/bundles.md, "Who signs"). */
static int office_signer(struct cli *cli)
{
	char *cert;
	struct rc_secret *key;
	int r = cli_signer_input(cli, &cert, &key);
	if (r)
		return r;
	struct rc_office *o;
	enum rc_status st = cli_open_board(cli, &o, NULL);
	struct rc_signer_desc d;
	memset(&d, 0, sizeof d);
	if (st == RC_OK) {
		if (cli->new_signer)
			st = rc_op_office_signer_new(o, cli->prepared_by, &d);
		else if (cert)
			st = rc_op_office_signer_import(o, cert, (const char *)key->data, &d);
		else
			st = rc_op_office_signer_show(o, &d);
	}
	rc_office_close(&o);
	free(cert);
	rc_secret_free(&key);
	if (st != RC_OK)
		return cli_fail(st);
	if (cli->new_signer || cli->cert)
		cli_say("%s\n", _("The office will sign with this certificate. Each case takes it with: recourse bundle "
		                  "signer CASE --from-office"));
	cli_print_signer(&d);
	return 0;
}

static int office_add_slot(struct cli *cli)
{
	int r = cli_need(cli, 1, _("the label of the new key slot"));
	if (r)
		return r;
	if (!rc_slot_label_valid(cli->pos[0])) {
		fprintf(stderr, _("recourse: \"%s\" cannot be a key slot label.\n"), cli->pos[0]);
		return 2;
	}
	struct rc_office *o;
	enum rc_status st = cli_open_board(cli, &o, NULL);
	if (st != RC_OK)
		return cli_fail(st);
	char prompt[256];
	snprintf(prompt, sizeof prompt, _("New passphrase for \"%s\": "), cli->pos[0]);
	struct rc_secret *pass = cli_passphrase(cli, prompt, true, true);
	if (!pass) {
		rc_office_close(&o);
		return cli_pass_fail_exit();
	}
	struct rc_kdf kdf;
	rc_op_kdf(&kdf);
	st = rc_office_slot_add(o, cli->pos[0], pass, &kdf);
	rc_secret_free(&pass);
	rc_office_close(&o);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say(_("Added the key slot \"%s\".\n"), cli->pos[0]);
	return 0;
}

/* ------------------------------------------------------------ deadlines --office */

/* The board as deadlines --office prints it. */
static int print_board(struct cli *cli, struct rc_office *o, const struct rc_board_filter *fp, bool ical)
{
	struct rc_board_filter f = *fp;
	unsigned applied = 0, refused = 0;
	enum rc_status st = rc_office_ingest(o, NULL, NULL);
	rc_office_inbox_counts(o, &applied, &refused);
	struct rc_board_row *rows = NULL;
	size_t n = 0;
	if (st == RC_OK)
		st = rc_office_board(o, f.request_state == NULL, true, &rows, &n);
	if (st != RC_OK)
		return cli_fail(st);
	static unsigned said;
	if (refused > said)
		/* TRANSLATORS: on standard error after "deadlines --office". */
		fprintf(stderr, ngettext("recourse: %u update in the office board's inbox could not be read; it was set aside (NAME.refused) and the board does not show it.\n",
		                         "recourse: %u updates in the office board's inbox could not be read; they were set aside (NAME.refused) and the board does not show them.\n",
		                         refused - said), refused - said);
	said = refused;
	struct rc_ymd today = rc_op_today();
	struct rc_board_view *v;
	size_t k;
	st = rc_op_board_views(rows, n, today, &f, &v, &k);
	if (st != RC_OK) {
		rc_board_rows_free(&rows, n);
		return cli_fail(st);
	}
	int ret;
	if (ical) {
		cli_ical_begin(stdout);
		for (size_t i = 0; i < k; i++) {
			if (!*v[i].due)
				continue;
			const struct rc_board_row *b = v[i].row;
			char uid[200], kindw[128], summary[512];
			enum rc_request_kind rk;
			snprintf(kindw, sizeof kindw, "%s", b->r.kind ? b->r.kind : "");
			if (b->r.kind && rc_request_kind_parse(b->r.kind, &rk))
				snprintf(kindw, sizeof kindw, "%s", rc_request_kind_label(rk));
			/* the same as "deadlines CASE --format ical": a calendar
			 * that has both keeps one event */
			snprintf(uid, sizeof uid, "request-%" PRId64 "-%s@recourse.invalid", b->r.id, b->label);
			snprintf(summary, sizeof summary, _("Answer due: %1$s (case %2$s, request %3$" PRId64 ")"), kindw,
			         b->label, b->r.id);
			cli_ical_event(stdout, uid, v[i].d.deadline.due, summary, v[i].explain);
		}
		ret = cli_ical_end(stdout) ? 0 : 1;
	} else {
		bool words = cli->format == CLI_TABLE;
		static const char *const keys[] = { "case", "id", "kind", "regime", "state", "due", "days_left",
			"due_state", "uncertain", "next", "rule" };
		/* TRANSLATORS: column headers of "recourse deadlines --office". */
		static const char *const heads[] = { N_("Case"), N_("ID"), N_("Kind"), N_("Regime"), N_("State"),
			N_("Due"), N_("Days left"), N_("Deadline"), N_("Uncertain"), N_("Next"), N_("Rule") };
		struct cli_table *t = cli_table_new(cli->format, 11, keys, heads);
		cli_table_numeric(t, 6);
		for (size_t i = 0; i < k; i++) {
			const struct rc_board_row *b = v[i].row;
			char id[24], left[24] = "";
			snprintf(id, sizeof id, "%" PRId64, b->r.id);
			if (*v[i].due)
				snprintf(left, sizeof left, "%d", v[i].d.days_left);
			enum rc_request_kind rk;
			const char *kind = b->r.kind;
			if (words && kind && rc_request_kind_parse(kind, &rk))
				kind = rc_request_kind_label(rk);
			enum rc_request_state rs;
			const char *state = b->r.state;
			if (words && state && rc_request_state_parse(state, &rs))
				state = rc_request_state_label(rs);
			const char *unc = v[i].d.uncertain || v[i].d.rule_uncertain ? (words ? _("yes") : "true")
			                                                          : (words ? _("no") : "false");
			char *why = NULL;
			const char *rule = v[i].explain;
			if (!rule && v[i].d.state == RC_DUE_UNKNOWN)
				rule = why = cli_unknown_why(b->r.regime, b->r.controller);
			const char *cells[] = { b->label, id, kind, b->r.regime, state, *v[i].due ? v[i].due : NULL,
				*left ? left : NULL, rc_due_state_id(v[i].d.state), unc,
				words ? rc_next_action_label(v[i].next) : rc_next_action_id(v[i].next), rule };
			cli_table_add(t, cells);
			free(why);
		}
		ret = cli_table_print(t, stdout) ? 0 : 1;
	}
	rc_board_views_free(&v, k);
	rc_board_rows_free(&rows, n);
	return ret;
}

static bool board_filter(const struct cli *cli, struct rc_board_filter *f)
{
	f->due_within = (int)cli->due_within;
	f->request_state = NULL;
	f->due_state = NULL;
	if (cli->state && !rc_op_board_state_parse(cli->state, f)) {
		fprintf(stderr, _("recourse: --state must be a request's state (filed, acknowledged, clarification, extended, answered, escalated, draft, closed) or a deadline's (overdue, pending, paused, unknown), not \"%s\".\n"), cli->state);
		return false;
	}
	return true;
}

int cmd_deadlines_office(struct cli *cli)
{
	struct rc_board_filter f;
	if (!board_filter(cli, &f))
		return 2;
	bool ical = cli->format_given && !strcmp(cli->format_text, "ical");
	struct rc_office *o;
	enum rc_status st = cli_open_board(cli, &o, NULL);
	if (st != RC_OK)
		return cli_fail(st);
	int ret = print_board(cli, o, &f, ical);
	rc_office_close(&o);
	return ret;
}

static int office_watch(struct cli *cli)
{
	struct rc_board_filter f;
	if (!board_filter(cli, &f))
		return 2;
	struct rc_office *o;
	enum rc_status st = cli_open_board(cli, &o, NULL);
	if (st != RC_OK)
		return cli_fail(st);
	cli_cancel_install();
	bool tty = isatty(1);
	int ret = 0;
	for (long shown = 0; !cli_cancel_requested() && (cli->times == 0 || shown < cli->times); shown++) {
		if (tty)
			fputs("\033[H\033[2J", stdout);
		ret = print_board(cli, o, &f, false);
		fflush(stdout);
		if ((ret != 0 && ret != 16) || (cli->times && shown + 1 >= cli->times))
			break;
		bool changed = false;
		/* a day that turns changes every "days left" too */
		for (int waited = 0; !changed && !cli_cancel_requested() && waited < 600; waited++) {
			st = rc_office_wait(o, 1000, &changed);
			if (st == RC_NOSERVER) {
				/* TRANSLATORS: office watch, when the server went away; the next line says why. */
				fprintf(stderr, "%s\n  %s\n", _("recourse: the office database cannot be reached; trying again."), rc_error_detail());
				sleep(2);
			}
			if (rc_office_reconnected(o))
				fprintf(stderr, "%s\n", _("recourse: the connection to the office database was lost and has been made again."));
		}
	}
	rc_office_close(&o);
	return ret;
}

static int office_move(struct cli *cli)
{
	if (!!cli->to_db == !!cli->to_dir) {
		fprintf(stderr, "%s\n", _("recourse: office move needs --to-db CONNECTION or --to-dir DIR."));
		return 2;
	}
	struct rc_office *from = NULL, *to = NULL;
	enum rc_status st;
	char *to_name = NULL;
	if (cli->to_db) {
		st = cli_open_board(cli, &from, NULL); /* the folder: --to-db is set */
		if (st == RC_OK)
			st = rc_office_open_db(cli->to_db, true, &to);
		to_name = rc_xstrdup(cli->to_db);
	} else {
		if (!office_db(cli)) {
			fprintf(stderr, "%s\n", _("recourse: office move --to-dir moves the board out of PostgreSQL: give it with --office-db."));
			return 2;
		}
		if (access(cli->to_dir, F_OK) == 0) {
			rc_error_set(_("There is already an office board at %s."), cli->to_dir);
			return cli_fail(RC_EXISTS);
		}
		st = cli_open_board(cli, &from, NULL);
		struct rc_secret *pass = NULL;
		if (st == RC_OK) {
			pass = cli_passphrase(cli, _("New passphrase: "), true, true);
			if (!pass) {
				rc_office_close(&from);
				return cli_pass_fail_exit();
			}
			struct rc_kdf kdf;
			rc_op_kdf(&kdf);
			st = rc_office_create(cli->to_dir, cli->slot ? cli->slot : "office", pass, &kdf, &to);
			rc_secret_free(&pass);
		}
		to_name = realpath(cli->to_dir, NULL);
		if (!to_name)
			to_name = rc_xstrdup(cli->to_dir);
	}
	size_t cases = 0;
	if (st == RC_OK)
		st = rc_office_move(from, to, to_name, &cases);
	rc_office_close(&from);
	rc_office_close(&to);
	free(to_name);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say(ngettext("Moved the office board: %zu case. Cases that still write to the old place follow it the next time they change.\n",
	                 "Moved the office board: %zu cases. Cases that still write to the old place follow it the next time they change.\n",
	                 cases), cases);
	return 0;
}

int cmd_office(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const struct { const char *verb; int (*fn)(struct cli *); } verbs[] = {
		{ "new", office_new }, { "join", office_join }, { "leave", office_leave }, { "status", office_status },
		{ "add-slot", office_add_slot }, { "move", office_move }, { "watch", office_watch },
		{ "signer", office_signer },
	};
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i].verb))
			return verbs[i].fn(cli);
	fprintf(stderr, _("recourse: \"office %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, "%s\n", _("Try: recourse office --help"));
	return 2;
}
