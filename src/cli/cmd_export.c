/* cmd_export.c - export download|list|save: the registry's signed export
 * of the person's record and its access log, verified before it is kept
 * (doc/registry-api.md, section 6). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static bool export_wait(void *ud, long seconds)
{
	(void)ud;
	/* TRANSLATORS: %ld is a number of seconds. */
	cli_say(_("The registry is busy and asked to wait %ld seconds; waiting.\n"), seconds);
	return !cli_cancel_requested();
}

static int export_download(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a registry's name"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_export_opts o = { .wait = export_wait };
	struct rc_export_result res;
	st = rc_op_export_download(c, cli->pos[1], &o, &res);
	rc_case_close(&c);
	if (st != RC_OK) {
		int e = cli_fail(st);
		if (st == RC_BADREG && res.failed != RC_CMS_NONE)
			fprintf(stderr, "  %s\n", _("The export and its signature were not kept. If the registry cannot "
			                            "explain this, keep a note of it: a wrongly signed export is evidence "
			                            "of a fault, or of someone interfering."));
		return e;
	}
	/* TRANSLATORS: after "export download": %lld is the export's number in the case, %" PRIu64 " its size in bytes. */
	printf(_("Export %lld kept: %" PRIu64 " bytes, its signature verified.\n"), (long long)res.id, res.size);
	printf("SHA-256: %s\n", res.sha256);
	/* TRANSLATORS: who signed the export: a certificate's subject, then its fingerprint. */
	printf("%s: %s (SHA-256 %s)\n", _("Signed by"), res.signer_subject, res.signer_fp);
	/* TRANSLATORS: when the registry signed the export, as it says. */
	printf("%s: %s\n", _("Signed at"), *res.signed_at ? res.signed_at : _("not said"));
	if (res.foreign) {
		printf("%s\n", _("The export holds an access to another person's record, so none of its accesses were put "
		                 "in the case's log. The export itself is kept as evidence: the registry has disclosed "
		                 "someone else's data."));
	} else if (res.imported) {
		/* TRANSLATORS: after "export download": accesses new in the log, already there, flagged. */
		printf(_("Its accesses are in the case's log: %" PRIu64 " new, %" PRIu64 " already there, %" PRIu64
		         " flagged.\n"), res.added, res.unchanged, res.flagged);
	} else {
		fprintf(stderr, "%s\n", _("recourse: the export is kept, but its accesses could not be put in the case's "
		                          "log:"));
		if (*res.import_error)
			fprintf(stderr, "  %s\n", res.import_error);
		return rc_status_exit(res.import_status);
	}
	return 0;
}

static int export_list(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_export_row *rows;
	size_t n;
	st = rc_export_list(c, &rows, &n);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "id", "registry", "fetched", "size", "sha256", "signer", "signed_at" };
	/* TRANSLATORS: the columns of "recourse export list". */
	static const char *const heads[] = { N_("ID"), N_("Registry"), N_("Fetched"), N_("Bytes"), N_("SHA-256"),
		N_("Signed by"), N_("Signed at") };
	struct cli_table *t = cli_table_new(cli->format, 7, keys, heads);
	cli_table_numeric(t, 0);
	cli_table_numeric(t, 3);
	for (size_t i = 0; i < n; i++) {
		char id[24], size[24];
		snprintf(id, sizeof id, "%" PRId64, rows[i].id);
		snprintf(size, sizeof size, "%" PRId64, rows[i].size);
		const char *cells[] = { id, rows[i].registry, rows[i].fetched, size, rows[i].sha256, rows[i].signer,
			rows[i].signed_at };
		cli_table_add(t, cells);
	}
	bool ok = cli_table_print(t, stdout);
	rc_export_rows_free(rows, n);
	return ok ? 0 : 1;
}

static int export_save(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of an export"));
	if (r)
		return r;
	char *end;
	long long v = strtoll(cli->pos[1], &end, 10);
	if (*end || v <= 0) {
		/* TRANSLATORS: %s is what was typed. */
		fprintf(stderr, _("recourse: \"%s\" is not an export ID (see the first column of export list).\n"),
		        cli->pos[1]);
		return 2;
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	st = rc_op_export_save(c, v, cli->out);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	/* TRANSLATORS: %s is a folder; the command after it checks the signature with OpenSSL. */
	cli_say(_("Wrote export.json and export.p7s in %s. Anyone can check them with the registry's certificate:\n"
	          "  openssl cms -verify -binary -inform DER -in export.p7s -content export.json -CAfile registry.pem "
	          "-purpose any -out /dev/null\n"), cli->out);
	return 0;
}

int cmd_export(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const struct { const char *verb; int (*fn)(struct cli *); } verbs[] = {
		{ "download", export_download }, { "list", export_list }, { "save", export_save },
	};
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i].verb))
			return verbs[i].fn(cli);
	/* TRANSLATORS: %s is what was typed after "export". */
	fprintf(stderr, _("recourse: \"export %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, "%s\n", _("Try: recourse export --help"));
	return 2;
}
