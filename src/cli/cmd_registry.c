/* cmd_registry.c - registry add|list|test|sync: the registries a case
 * talks to, and the access log fetched from them (doc/registry-api.md). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int registry_add(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a name for the registry"));
	if (r)
		return r;
	char *ca = NULL;
	if (cli->ca) {
		size_t n;
		enum rc_status st = rc_file_read_all(cli->ca, 256 * 1024, &ca, &n);
		if (st != RC_OK) {
			/* TRANSLATORS: %s is a file name. */
			fprintf(stderr, _("recourse: the CA file %s cannot be read.\n"), cli->ca);
			return cli_fail(st);
		}
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK) {
		free(ca);
		return cli_fail(st);
	}
	struct rc_registry_in in = { .name = cli->pos[1], .url = cli->url, .regime = cli->regime, .pins = cli->pin,
		.ca_pem = ca, .drp_agent = cli->drp_agent, .drp_business = cli->drp_business };
	st = rc_op_registry_add(c, &in);
	rc_case_close(&c);
	free(ca);
	if (st != RC_OK)
		return cli_fail(st);
	/* TRANSLATORS: %s is the registry's name; the command after it is to be typed as it is. */
	cli_say(_("Registry \"%s\" added. Nothing was sent to it. recourse registry test CASE NAME checks that it answers.\n"),
	        cli->pos[1]);
	return 0;
}

/* The words of a sync's result, for the table. */
static const char *result_words(const char *res)
{
	if (!res)
		/* TRANSLATORS: a registry's last result in "registry list": it was never asked. */
		return _("never synced");
	if (!strcmp(res, "complete"))
		/* TRANSLATORS: a registry's last result in "registry list". */
		return _("whole log received");
	if (!strcmp(res, "none"))
		/* TRANSLATORS: a registry's last result in "registry list": the registry says nobody accessed the record (since the last sync). */
		return _("no accesses");
	if (!strcmp(res, "withheld"))
		/* TRANSLATORS: a registry's last result in "registry list": the registry says it keeps part of the log back. */
		return _("part of the log withheld");
	if (!strcmp(res, "unreachable"))
		/* TRANSLATORS: a registry's last result in "registry list". */
		return _("did not answer");
	if (!strcmp(res, "refused"))
		/* TRANSLATORS: a registry's last result in "registry list": recourse refused what it sent. */
		return _("answer refused");
	if (!strcmp(res, "cancelled"))
		/* TRANSLATORS: a registry's last result in "registry list": the person stopped the sync. */
		return _("stopped");
	return res;
}

static int registry_list(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_registry *regs;
	size_t n;
	st = rc_registry_list(c, &regs, &n);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "name", "url", "regime", "pinned", "last_attempt", "last_reached",
		"result", "events", "note" };
	/* TRANSLATORS: the columns of "recourse registry list". */
	static const char *const heads[] = { N_("Name"), N_("Address"), N_("Regime"), N_("Pinned"),
		N_("Last tried"), N_("Last reached"), N_("Last sync"), N_("Events"), N_("Note") };
	struct cli_table *t = cli_table_new(cli->format, 9, keys, heads);
	cli_table_numeric(t, 7);
	bool words = cli->format == CLI_TABLE;
	for (size_t i = 0; i < n; i++) {
		char ev[24];
		snprintf(ev, sizeof ev, "%" PRId64, regs[i].last_events);
		const char *cells[] = { regs[i].name, regs[i].base_url, regs[i].regime,
			regs[i].pins ? (words ? _("yes") : "true") : (words ? _("no") : "false"),
			regs[i].last_attempt, regs[i].last_reached,
			words ? result_words(regs[i].last_result) : regs[i].last_result,
			regs[i].last_result ? ev : NULL, regs[i].last_note };
		cli_table_add(t, cells);
	}
	bool ok = cli_table_print(t, stdout);
	rc_registries_free(regs, n);
	return ok ? 0 : 1;
}

static int registry_test(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a registry's name"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_discovery d;
	st = rc_op_registry_test(c, cli->pos[1], &d);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	/* TRANSLATORS: what "recourse registry test" found: one line each. */
	printf("%s: %s\n", _("Registry"), d.registry ? d.registry : "?");
	printf("%s: %s\n", _("API version"), d.api_version);
	printf("%s: %s\n", _("Access log at"), d.fhir_base);
	printf("%s: %s\n", _("Requests it takes"), d.request_kinds && *d.request_kinds ? d.request_kinds : _("none"));
	printf("%s: %s\n", _("Sign-in"), d.oauth ? _("offered") : _("not needed"));
	rc_discovery_clear(&d);
	return 0;
}

struct sync_ui {
	struct cli_progress *p;
};

static bool sync_progress(void *ud, const struct rc_sync_progress *p)
{
	struct sync_ui *s = ud;
	if (!s->p)
		/* TRANSLATORS: shown while the access log is fetched from a registry. */
		s->p = cli_progress_new(_("Fetching the access log"), p->total > 0 ? (uint64_t)p->total : 0);
	return cli_progress_update(s->p, p->events, p->total > 0 ? (uint64_t)p->total : 0);
}

static bool sync_wait(void *ud, long seconds)
{
	/* TRANSLATORS: %ld is a number of seconds. */
	cli_say(_("The registry is busy and asked to wait %ld seconds; waiting.\n"), seconds);
	return !cli_cancel_requested();
}

static int registry_sync(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a registry's name"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct sync_ui ui = { 0 };
	struct rc_sync_opts o = { .full = cli->full, .page_size = (unsigned)cli->page_size,
		.progress = sync_progress, .wait = sync_wait, .ud = &ui };
	struct rc_sync_result res;
	st = rc_op_sync(c, cli->pos[1], &o, &res);
	cli_progress_free(&ui.p);
	rc_case_close(&c);
	if (res.resumed)
		cli_say("%s\n", _("The last sync had been cut short; this one went on from where it stopped."));
	if (st != RC_OK)
		return cli_fail(st);
	if (res.received)
		/* TRANSLATORS: after a sync: events received, pages, new ones, ones the case had, flagged ones. */
		printf(_("Received %" PRIu64 " accesses in %" PRIu64 " pages: %" PRIu64 " new, %" PRIu64
		         " already in the case, %" PRIu64 " flagged.\n"),
		       res.received, res.pages, res.added, res.unchanged + res.updated, res.flagged);
	if (res.invalid)
		/* TRANSLATORS: after a sync; "recourse case journal" is a command. */
		printf(_("%" PRIu64 " records from the registry could not be read and were left out.\n"), res.invalid);
	switch (res.outcome) {
	case RC_SYNC_NONE:
		if (res.asked_since[0])
			/* TRANSLATORS: %s is a date and time (UTC). */
			printf(_("The registry reports no new access to this record since %s.\n"), res.asked_since);
		else
			printf("%s\n", _("The registry reports no access to this record."));
		break;
	case RC_SYNC_WITHHELD:
		printf("%s\n", _("The registry says that part of the log is withheld from you. This is not the same as "
		                 "\"no access\": what is withheld is not shown here. A lawyer can ask the registry, or the "
		                 "data-protection authority, on which legal basis it is withheld."));
		if (res.withheld[0])
			/* TRANSLATORS: %s is the registry's own explanation (any language). */
			printf(_("The registry's words: %s\n"), res.withheld);
		break;
	case RC_SYNC_COMPLETE:
		printf("%s\n", _("The registry sent the whole log it holds for this record."));
		break;
	}
	return 0;
}

int cmd_registry(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const struct { const char *verb; int (*fn)(struct cli *); } verbs[] = {
		{ "add", registry_add }, { "list", registry_list }, { "test", registry_test }, { "sync", registry_sync },
	};
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i].verb))
			return verbs[i].fn(cli);
	/* TRANSLATORS: %s is what was typed after "registry". */
	fprintf(stderr, _("recourse: \"registry %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, "%s\n", _("Try: recourse registry --help"));
	return 2;
}
