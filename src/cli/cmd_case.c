/* cmd_case.c - recourse case new|list|info|set|slots|add-slot|remove-slot|
 * passwd|rekey|verify|journal|erase. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int need_pos(const struct cli *cli, int n, const char *what)
{
	if (cli->npos >= n)
		return 0;
	fprintf(stderr, _("recourse: %s %s needs %s.\n"), cli->noun, cli->verb, what);
	fprintf(stderr, _("Try: recourse %s %s --help\n"), cli->noun, cli->verb);
	return 2;
}

/* A wrong argument: the reason (rc_error_detail) and usage's exit code. */
static int bad_arg(void)
{
	fprintf(stderr, "recourse: %s\n", rc_error_detail());
	return rc_status_exit(RC_USAGE);
}

static int case_new(struct cli *cli)
{
	int r = need_pos(cli, 1, _("the label of the new case"));
	if (r)
		return r;
	const char *slot = cli->slot ? cli->slot : "applicant";
	struct rc_profile prof = {
		.display_name = cli->name, .record_ref = cli->record, .countries = cli->countries,
		.regimes = cli->regimes, .language = cli->language, .record_created = cli->record_created,
		.record_dates = cli->record_dates,
	};
	/* Everything is checked before the passphrase is asked for. */
	const char *arg = cli->pos[0];
	const char *base = strrchr(arg, '/') ? strrchr(arg, '/') + 1 : arg;
	char *label = rc_xstrdup(base);
	char *dot = strstr(label, ".case");
	if (dot && dot[5] == 0)
		*dot = 0;
	bool label_ok = rc_case_label_valid(label);
	if (!label_ok)
		fprintf(stderr, _("recourse: \"%s\" cannot be a case label. Use letters, digits, '-', '_' or '.', up to 64, and no name of a person.\n"), label);
	free(label);
	if (!label_ok)
		return 2;
	if (!rc_slot_label_valid(slot)) {
		fprintf(stderr, _("recourse: \"%s\" cannot be a key slot label.\n"), slot);
		return 2;
	}
	enum rc_profile_field bad;
	enum rc_status st = rc_op_profile_validate(&prof, &bad);
	if (st == RC_INVALID)
		return bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	char *path = rc_case_resolve(cli->pos[0]);
	if (access(path, F_OK) == 0) {
		rc_error_set("%s", path);
		free(path);
		return cli_fail(RC_EXISTS);
	}
	if (cli->passphrase_fd < 0 && !cli_quiet) {
		fprintf(stderr, "%s\n", _("Choose a passphrase for this case. It protects everything in it."));
		fprintf(stderr, "%s\n", _("Nobody can open the case without it, and nobody can recover it for you, unless you add another key slot (for example for your lawyer or the office)."));
	}
	struct rc_secret *pass = cli_passphrase(cli, _("New passphrase: "), true, true);
	if (!pass) {
		free(path);
		return cli_pass_fail_exit();
	}
	struct rc_case *c;
	st = rc_op_case_create(path, slot, pass, &prof, &c);
	rc_secret_free(&pass);
	if (st != RC_OK) {
		free(path);
		return cli_fail(st);
	}
	rc_case_close(&c);
	cli_say(_("Created the case %s with the key slot \"%s\".\n"), path, slot);
	printf("%s\n", path);
	free(path);
	return 0;
}

static int case_list(struct cli *cli)
{
	char *dir = rc_cases_dir();
	char **labels;
	size_t n;
	rc_cases_list(dir, &labels, &n);
	static const char *const keys[] = { "label", "path" };
	/* TRANSLATORS: column headers of "recourse case list". */
	static const char *const heads[] = { N_("Case"), N_("Folder") };
	struct cli_table *t = cli_table_new(cli->format, 2, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char *p = rc_case_resolve(labels[i]);
		const char *cells[] = { labels[i], p };
		cli_table_add(t, cells);
		free(p);
	}
	cli_table_print(t, stdout);
	rc_strv_free(&labels, n);
	free(dir);
	return 0;
}

static int case_slots(struct cli *cli)
{
	int r = need_pos(cli, 1, _("a case"));
	if (r)
		return r;
	char *path = cli_case_path(cli);
	struct rc_slot_info *slots;
	size_t n;
	enum rc_status st = rc_case_slots(path, &slots, &n);
	if (st == RC_NOTCASE && access(path, F_OK) != 0)
		st = RC_NOCASE;
	free(path);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "label", "created", "kdf" };
	/* TRANSLATORS: column headers of "recourse case slots". */
	static const char *const heads[] = { N_("Key slot"), N_("Created"), N_("Key derivation") };
	struct cli_table *t = cli_table_new(cli->format, 3, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char kdf[64];
		snprintf(kdf, sizeof kdf, "argon2id t=%llu m=%zuMiB", slots[i].opslimit, slots[i].memlimit >> 20);
		const char *cells[] = { slots[i].label, slots[i].created, kdf };
		cli_table_add(t, cells);
	}
	cli_table_print(t, stdout);
	free(slots);
	return 0;
}

/* false: it could not be printed (the reason was printed). */
static bool print_kv(struct cli *cli, int n, const char *const *keys, const char *const *heads,
	const char *const *vals)
{
	if (cli->format == CLI_JSON)
		return cli_json_kv_print(stdout, n, keys, vals);
	static const char *const k2[] = { "field", "value" };
	/* TRANSLATORS: column headers of a two-column listing. */
	static const char *const h2[] = { N_("Field"), N_("Value") };
	struct cli_table *t = cli_table_new(cli->format, 2, cli->format == CLI_CSV ? k2 : k2, h2);
	for (int i = 0; i < n; i++) {
		const char *cells[] = { cli->format == CLI_CSV ? keys[i] : _(heads[i]), vals[i] };
		cli_table_add(t, cells);
	}
	return cli_table_print(t, stdout);
}

static int case_info(struct cli *cli)
{
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_case_meta m;
	st = rc_case_meta_get(c, &m);
	uint64_t events = 0, flagged = 0;
	struct rc_event_filter f;
	rc_event_filter_init(&f);
	if (st == RC_OK)
		st = rc_events_count(c, &f, &events);
	f.flag = RC_FLAGGED_ANY;
	if (st == RC_OK)
		st = rc_events_count(c, &f, &flagged);
	if (st != RC_OK) {
		rc_case_close(&c);
		return cli_fail(st);
	}
	struct rc_slot_info *slots;
	size_t ns;
	struct rc_buf sl;
	rc_buf_init(&sl);
	if (rc_case_slots(rc_case_path(c), &slots, &ns) == RC_OK) {
		for (size_t i = 0; i < ns; i++)
			rc_buf_printf(&sl, "%s%s", i ? ", " : "", slots[i].label);
		free(slots);
	}
	char ev[32], fl[32];
	snprintf(ev, sizeof ev, "%llu", (unsigned long long)events);
	snprintf(fl, sizeof fl, "%llu", (unsigned long long)flagged);
	static const char *const keys[] = { "label", "name", "record", "record_created", "record_dates", "countries",
		"regimes", "language", "created", "slots", "opened_with", "accesses", "flagged" };
	/* TRANSLATORS: field names in "recourse case info". */
	static const char *const heads[] = { N_("Case"), N_("Name"), N_("Record"), N_("Record made on"),
		/* TRANSLATORS: field name in "recourse case info": the dates from
		 * which each retention period of the record runs. */
		N_("Record dates"), N_("Countries fled or feared"), N_("Legal regimes"), N_("Language"), N_("Created"),
		N_("Key slots"), N_("Opened with"), N_("Accesses"), N_("Flagged accesses") };
	const char *vals[] = { m.label, m.display_name, m.record_ref, m.record_created, m.record_dates, m.countries,
		m.regimes, m.language, m.created, rc_buf_cstr(&sl), rc_case_slot_label(c), ev, fl };
	int nk = (int)(sizeof keys / sizeof keys[0]);
	_Static_assert(sizeof keys / sizeof keys[0] == sizeof heads / sizeof heads[0], "a heading for each field");
	bool printed = print_kv(cli, nk, keys, heads, vals);
	rc_buf_free(&sl);
	rc_case_meta_clear(&m);
	rc_case_close(&c);
	return printed ? 0 : rc_status_exit(RC_ERR);
}

static int case_set(struct cli *cli)
{
	int r = need_pos(cli, 3, _("a case, a field and a value"));
	if (r)
		return r;
	enum rc_profile_field field;
	if (!rc_profile_field_parse(cli->pos[1], &field)) {
		fprintf(stderr, _("recourse: \"%s\" is not a field. Fields: %s.\n"), cli->pos[1], rc_profile_field_list());
		return 2;
	}
	/* The name and the record's reference are personal text: given as
	 * "-" and read, never taken as an argument (doc/recourse.1). */
	const char *value = cli->pos[2];
	if (field == RC_PF_NAME || field == RC_PF_RECORD) {
		const char *fname = rc_profile_field_name(field);
		if (*value && strcmp(value, "-") != 0) {
			char example[128];
			snprintf(example, sizeof example, "recourse case set CASE %s -", fname);
			return cli_personal_refuse(fname, example);
		}
		if (*value) {
			value = cli_read_text(cli, fname, field == RC_PF_NAME ? N_("the applicant's name, kept encrypted in the case")
			                                                       : N_("the reference of the record in the registry"));
			if (!value)
				return 2;
		}
	}
	/* Checked before the passphrase is asked for. */
	char *norm = NULL;
	enum rc_status st = rc_op_profile_check(field, value, &norm);
	free(norm);
	if (st == RC_INVALID)
		return bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_case *c;
	st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct cli_progress *p = NULL;
	if (rc_profile_field_flags(field)) {
		cli_cancel_install();
		p = cli_progress_new(_("Checking every access again"), 0);
	}
	st = rc_op_profile_set(c, field, value, p ? cli_progress_update : NULL, p);
	cli_progress_free(&p);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say("%s\n", rc_status_message(RC_OK));
	return 0;
}

static int case_add_slot(struct cli *cli)
{
	int r = need_pos(cli, 2, _("a case and the label of the new key slot"));
	if (r)
		return r;
	if (!rc_slot_label_valid(cli->pos[1])) {
		fprintf(stderr, _("recourse: \"%s\" cannot be a key slot label.\n"), cli->pos[1]);
		return 2;
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	char prompt[256];
	snprintf(prompt, sizeof prompt, _("New passphrase for \"%s\": "), cli->pos[1]);
	struct rc_secret *pass = cli_passphrase(cli, prompt, true, true);
	if (!pass) {
		rc_case_close(&c);
		return cli_pass_fail_exit();
	}
	st = rc_op_slot_add(c, cli->pos[1], pass);
	rc_secret_free(&pass);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say(_("Added the key slot \"%s\".\n"), cli->pos[1]);
	return 0;
}

static int case_remove_slot(struct cli *cli)
{
	int r = need_pos(cli, 2, _("a case and the label of the key slot to remove"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	st = rc_op_slot_remove(c, cli->pos[1]);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say(_("Removed the key slot \"%s\".\n"), cli->pos[1]);
	cli_say("%s\n", _("Whoever held it may have kept a copy of the case key. To lock them out for good, run: recourse case rekey CASE"));
	return 0;
}

static int case_passwd(struct cli *cli)
{
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	/* a copy: the case (and its slot label) is gone before the message */
	char label[RC_LABEL_MAX + 1];
	snprintf(label, sizeof label, "%s", cli->slot ? cli->slot : rc_case_slot_label(c));
	char prompt[256];
	snprintf(prompt, sizeof prompt, _("New passphrase for \"%s\": "), label);
	struct rc_secret *pass = cli_passphrase(cli, prompt, true, true);
	if (!pass) {
		rc_case_close(&c);
		return cli_pass_fail_exit();
	}
	st = rc_op_slot_passwd(c, label, pass);
	rc_secret_free(&pass);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say(_("Changed the passphrase of \"%s\".\n"), label);
	return 0;
}

static int case_rekey(struct cli *cli)
{
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_cancel_install();
	struct cli_progress *p = cli_progress_new(_("Re-encrypting the case"), 0);
	st = rc_op_rekey(c, cli_progress_update, p);
	cli_progress_free(&p);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say("%s\n", _("The case has a new key. Removed key slots and old copies of the key no longer open it."));
	return 0;
}

static int case_verify(struct cli *cli)
{
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_verify_report rep;
	st = rc_case_verify(c, &rep);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	printf(ngettext("Journal: %lld entry checked.\n", "Journal: %lld entries checked.\n", rep.entries),
	       (long long)rep.entries);
	if (rep.first_bad_seq) {
		printf(_("Journal: BROKEN at entry %lld: %s.\n"), (long long)rep.first_bad_seq, rep.bad_reason);
	} else {
		printf(_("Journal: unbroken. Last entry's hash: %s\n"), rep.head);
	}
	if (rep.integrity_ok)
		printf("%s\n", _("Database: whole (integrity check passed)."));
	else
		printf(_("Database: DAMAGED: %s\n"), rep.integrity_msg);
	if (rep.first_bad_seq)
		return rc_status_exit(RC_JOURNAL);
	if (!rep.integrity_ok)
		return rc_status_exit(RC_CORRUPT);
	return 0;
}

struct journal_ctx {
	struct cli_table *t;
};

static bool journal_row(void *ud, const struct rc_journal_entry *e)
{
	struct journal_ctx *jc = ud;
	char seq[24];
	snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
	const char *cells[] = { seq, e->at, e->slot, e->action, e->object, e->hash };
	cli_table_add(jc->t, cells);
	return true;
}

static int case_journal(struct cli *cli)
{
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "seq", "at", "slot", "action", "object", "hash" };
	/* TRANSLATORS: column headers of "recourse case journal". */
	static const char *const heads[] = { N_("No."), N_("When"), N_("Key slot"), N_("Action"), N_("Object"), N_("Hash") };
	struct journal_ctx jc = { cli_table_new(cli->format, 6, keys, heads) };
	st = rc_journal_each(c, journal_row, &jc);
	cli_table_print(jc.t, stdout);
	rc_case_close(&c);
	return st == RC_OK ? 0 : cli_fail(st);
}

static int case_erase(struct cli *cli)
{
	int r = need_pos(cli, 1, _("a case"));
	if (r)
		return r;
	if (!cli->yes) {
		int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (tty < 0 || cli->passphrase_fd >= 0) {
			if (tty >= 0)
				close(tty);
			fprintf(stderr, "%s\n", _("recourse: erasing needs --yes when it is not typed on a terminal."));
			return 2;
		}
		char *path = cli_case_path(cli);
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		char want[128];
		snprintf(want, sizeof want, "%.*s", (int)(strlen(base) - 5), base);
		free(path);
		dprintf(tty, _("This destroys the case \"%s\" for good: its keys, then its files. Nobody can undo it.\n"
		               "Type the case label to confirm: "), want);
		char got[128] = "";
		ssize_t n = read(tty, got, sizeof got - 1);
		close(tty);
		if (n > 0) {
			got[n] = 0;
			got[strcspn(got, "\r\n")] = 0;
		}
		if (strcmp(got, want) != 0) {
			fprintf(stderr, "%s\n", rc_status_message(RC_CANCELLED));
			return rc_status_exit(RC_CANCELLED);
		}
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	st = rc_op_erase(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say("%s\n", _("The case keys were destroyed first, then its files were removed."));
	/* TRANSLATORS: after "case erase": what erase cannot reach.  btrfs and ZFS are names of file systems. */
	cli_say("%s\n", _("Without its keys the case cannot be decrypted, even from a copy of case.db. Erase cannot reach copies it does not see: backups, snapshots, copies of the folder, and old blocks that SSDs, USB sticks and copy-on-write file systems (btrfs, ZFS) keep for a while. Anyone holding such a copy of the keyslots file and a passphrase could still open the case."));
	return 0;
}

int cmd_case(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const struct { const char *verb; int (*fn)(struct cli *); } verbs[] = {
		{ "new", case_new }, { "list", case_list }, { "info", case_info }, { "set", case_set },
		{ "slots", case_slots }, { "add-slot", case_add_slot }, { "remove-slot", case_remove_slot },
		{ "passwd", case_passwd }, { "rekey", case_rekey }, { "verify", case_verify },
		{ "journal", case_journal }, { "erase", case_erase },
	};
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i].verb)) {
			if (strcmp(cli->verb, "list") && strcmp(cli->verb, "new") && cli->npos < 1)
				return need_pos(cli, 1, _("a case"));
			return verbs[i].fn(cli);
		}
	fprintf(stderr, _("recourse: \"case %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, _("Try: recourse case --help\n"));
	return 2;
}
