/* cmd_registry.c - registry add|set|list|test|sync: the registries a case
 * talks to, and the access log fetched from them (doc/registry-api.md). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* ---- the sign-in's and mutual TLS's options (add and set) ---- */

struct auth_in {
	char *cert;                 /* --client-cert FILE's content */
	struct rc_secret *key;      /* --client-key-fd N's content, locked */
};

static void auth_in_free(struct auth_in *a)
{
	free(a->cert);
	rc_secret_free(&a->key);
}

/* Read --client-cert FILE and the key from --client-key-fd N (once: the
 * key is never read from a file at use time), into a and in.  0 or an
 * exit code (the reason printed). */
static int auth_options_read(struct cli *cli, struct auth_in *a, struct rc_registry_in *in)
{
	memset(a, 0, sizeof *a);
	in->client_id = cli->client_id;
	in->scope = cli->scope;
	if (!cli->client_cert != (cli->client_key_fd < 0)) {
		fprintf(stderr, "%s\n", _("recourse: --client-cert FILE and --client-key-fd N go together (the key is "
		                          "read from a file descriptor, never named on the command line)."));
		return 2;
	}
	if (cli->no_client_cert && cli->client_cert) {
		fprintf(stderr, "%s\n", _("recourse: --no-client-cert and --client-cert cannot go together."));
		return 2;
	}
	if (cli->no_client_cert) {
		in->client_cert_pem = "";
		in->client_key_pem = "";
		return 0;
	}
	if (!cli->client_cert)
		return 0;
	size_t n;
	if (rc_file_read_all(cli->client_cert, 256 * 1024, &a->cert, &n) != RC_OK) {
		/* TRANSLATORS: %s is a file name. */
		fprintf(stderr, _("recourse: the client certificate %s cannot be read.\n"), cli->client_cert);
		return 4;
	}
	a->key = cli_read_key_fd(cli->client_key_fd);
	if (!a->key)
		return 2;
	in->client_cert_pem = a->cert;
	in->client_key_pem = (const char *)a->key->data;
	return 0;
}

static int registry_add(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a name for the registry"));
	if (r)
		return r;
	struct auth_in auth;
	struct rc_registry_in in = { .name = cli->pos[1], .url = cli->url, .regime = cli->regime, .pins = cli->pin };
	r = auth_options_read(cli, &auth, &in);
	if (r) {
		auth_in_free(&auth);
		return r;
	}
	char *ca = NULL;
	if (cli->ca) {
		size_t n;
		enum rc_status st = rc_file_read_all(cli->ca, 256 * 1024, &ca, &n);
		if (st != RC_OK) {
			/* TRANSLATORS: %s is a file name. */
			fprintf(stderr, _("recourse: the CA file %s cannot be read.\n"), cli->ca);
			auth_in_free(&auth);
			return cli_fail(st);
		}
	}
	char *sc = NULL;
	if (cli->signing_cert) {
		size_t n;
		enum rc_status st = rc_file_read_all(cli->signing_cert, 256 * 1024, &sc, &n);
		if (st != RC_OK) {
			/* TRANSLATORS: %s is a file name. */
			fprintf(stderr, _("recourse: the signing certificate file %s cannot be read.\n"), cli->signing_cert);
			free(ca);
			auth_in_free(&auth);
			return cli_fail(st);
		}
	}
	/* the certificate and key are checked before the passphrase is asked */
	enum rc_status st = ops_registry_auth_check(&in);
	struct rc_case *c = NULL;
	if (st == RC_OK)
		st = cli_open_case(cli, &c);
	if (st != RC_OK) {
		free(ca);
		free(sc);
		auth_in_free(&auth);
		return cli_fail(st);
	}
	in.ca_pem = ca;
	in.signing_cert_pem = sc;
	in.drp_agent = cli->drp_agent;
	in.drp_business = cli->drp_business;
	st = rc_op_registry_add(c, &in);
	rc_case_close(&c);
	free(ca);
	free(sc);
	auth_in_free(&auth);
	if (st != RC_OK)
		return cli_fail(st);
	/* TRANSLATORS: %s is the registry's name; the command after it is to be typed as it is. */
	cli_say(_("Registry \"%s\" added. Nothing was sent to it. recourse registry test CASE NAME checks that it answers.\n"),
	        cli->pos[1]);
	return 0;
}

/* The fingerprint of a stored certificate, or "" (fp holds RC_CERT_FP_LEN). */
static const char *cert_fp(const char *pem, char *fp)
{
	fp[0] = 0;
	struct rc_cert_info ci = { 0 };
	if (pem && rc_cert_check(pem, strlen(pem), &ci) == RC_OK)
		snprintf(fp, RC_CERT_FP_LEN, "%s", ci.fp);
	rc_cert_info_clear(&ci);
	return fp;
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
		"result", "events", "note", "signed_in", "client_cert", "signing_cert" };
	/* TRANSLATORS: the columns of "recourse registry list"; the last is the SHA-256 fingerprint of the certificate that signs its exports. */
	static const char *const heads[] = { N_("Name"), N_("Address"), N_("Regime"), N_("Pinned"),
		N_("Last tried"), N_("Last reached"), N_("Last sync"), N_("Events"), N_("Note"), N_("Signed in"),
		N_("Client certificate"), N_("Signing certificate (SHA-256)") };
	struct cli_table *t = cli_table_new(cli->format, 12, keys, heads);
	char now[32];
	rc_time_iso(rc_now(), now, sizeof now);
	cli_table_numeric(t, 7);
	bool words = cli->format == CLI_TABLE;
	for (size_t i = 0; i < n; i++) {
		char ev[24], signin[80], fp[RC_CERT_FP_LEN];
		snprintf(ev, sizeof ev, "%" PRId64, regs[i].last_events);
		cert_fp(regs[i].signing_cert, fp);
		if (!regs[i].has_token)
			snprintf(signin, sizeof signin, "%s", words ? _("no") : "false");
		else if (!words)
			snprintf(signin, sizeof signin, "%s", regs[i].token_expires ? regs[i].token_expires : "true");
		else if (regs[i].token_expires && strcmp(regs[i].token_expires, now) <= 0)
			/* TRANSLATORS: in "registry list": the sign-in has ended; %s is a date and time (UTC). */
			snprintf(signin, sizeof signin, _("ended %s"), regs[i].token_expires);
		else if (regs[i].token_expires)
			/* TRANSLATORS: in "registry list": signed in until a date and time (UTC). */
			snprintf(signin, sizeof signin, _("until %s"), regs[i].token_expires);
		else
			snprintf(signin, sizeof signin, "%s", _("yes"));
		const char *cells[] = { regs[i].name, regs[i].base_url, regs[i].regime,
			regs[i].pins ? (words ? _("yes") : "true") : (words ? _("no") : "false"),
			regs[i].last_attempt, regs[i].last_reached,
			words ? result_words(regs[i].last_result) : regs[i].last_result,
			regs[i].last_result ? ev : NULL, regs[i].last_note, signin,
			regs[i].has_client_cert ? (words ? _("yes") : "true") : (words ? _("no") : "false"),
			*fp ? fp : NULL };
		cli_table_add(t, cells);
	}
	bool ok = cli_table_print(t, stdout);
	rc_registries_free(regs, n);
	return ok ? 0 : 1;
}

/* The one line on stderr that says how the registry is reached. */
static void say_route(void)
{
	char how[300];
	rc_op_net_route(NULL, how, sizeof how);
	/* TRANSLATORS: %s says how: "no proxy", or "through the proxy http://...". */
	cli_say(_("Connecting: %s.\n"), how);
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
	say_route();
	st = rc_op_registry_test(c, cli->pos[1], &d);
	struct rc_registry reg = { 0 };
	if (st == RC_OK)
		st = rc_op_registry_get(c, cli->pos[1], &reg);
	rc_case_close(&c);
	if (st != RC_OK) {
		rc_discovery_clear(&d);
		return cli_fail(st);
	}
	/* TRANSLATORS: what "recourse registry test" found: one line each. */
	printf("%s: %s\n", _("Registry"), d.registry ? d.registry : "?");
	printf("%s: %s\n", _("API version"), d.api_version);
	printf("%s: %s\n", _("Access log at"), d.fhir_base);
	printf("%s: %s\n", _("Requests it takes"), d.request_kinds && *d.request_kinds ? d.request_kinds : _("none"));
	printf("%s: %s\n", _("Sign-in"), d.oauth ? _("offered") : _("not needed"));
	/* TRANSLATORS: what "recourse registry test" found: whether the registry offers a signed export. */
	printf("%s: %s\n", _("Signed export"), d.export_endpoint ? _("offered") : _("not offered"));
	char mine[RC_CERT_FP_LEN], theirs[RC_CERT_FP_LEN];
	cert_fp(reg.signing_cert, mine);
	cert_fp(d.signing_cert, theirs);
	if (*mine)
		/* TRANSLATORS: the SHA-256 fingerprint of the certificate configured in the case for the registry's exports. */
		printf("%s: %s\n", _("Signing certificate (configured)"), mine);
	if (*theirs)
		/* TRANSLATORS: the SHA-256 fingerprint of the certificate the registry says signs its exports. */
		printf("%s: %s\n", _("Signing certificate (the registry says)"), theirs);
	if (d.signing_cert_bad)
		printf("%s\n", _("The registry publishes a signing certificate that is not one certificate recourse can "
		                 "read."));
	if (*mine && *theirs)
		printf("%s\n", !strcmp(mine, theirs)
			? _("The registry's signing certificate is the one configured.")
			: _("WARNING: the registry's signing certificate is NOT the one configured. Its exports will be "
			    "refused until you check the new certificate with the registry by another channel (a letter, "
			    "a call) and set it with recourse registry set CASE NAME --signing-cert FILE."));
	else if (*theirs)
		printf("%s\n", _("No signing certificate is configured, so exports cannot be verified yet. recourse does "
		                 "not trust the one the registry publishes by itself: compare the fingerprint above with "
		                 "the one the registry gives you by another channel (a letter, a call), then save the "
		                 "certificate in a file and run recourse registry set CASE NAME --signing-cert FILE."));
	rc_registry_clear(&reg);
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
	say_route();
	st = rc_op_sync(c, cli->pos[1], &o, &res);
	cli_progress_free(&ui.p);
	rc_case_close(&c);
	if (res.resumed)
		cli_say("%s\n", _("The last sync had been cut short; this one went on from where it stopped."));
	if (st != RC_OK) {
		int ex = cli_fail(st);
		if (res.signin)
			/* TRANSLATORS: after a registry answered "not signed in"; %s %s are the case and the registry's name, in the command to type. */
			fprintf(stderr, _("  Sign in again: recourse registry login %s %s\n"), cli->pos[0], cli->pos[1]);
		return ex;
	}
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

/* ---- set, login, logout ---- */

static int registry_set(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a registry's name"));
	if (r)
		return r;
	bool auth_given = cli->client_id || cli->scope || cli->client_cert || cli->client_key_fd >= 0 || cli->no_client_cert;
	if (!auth_given && !cli->signing_cert) {
		fprintf(stderr, "%s\n", _("recourse: registry set needs something to change: --signing-cert, --client-id, "
		                          "--scope, --client-cert with --client-key-fd, or --no-client-cert."));
		return 2;
	}
	struct auth_in auth;
	struct rc_registry_in in = { .name = cli->pos[1] };
	r = auth_options_read(cli, &auth, &in);
	if (r) {
		auth_in_free(&auth);
		return r;
	}
	char *pem = NULL;
	size_t n = 0;
	enum rc_status st = RC_OK;
	if (cli->signing_cert && (st = rc_file_read_all(cli->signing_cert, 256 * 1024, &pem, &n)) != RC_OK) {
		/* TRANSLATORS: %s is a file name. */
		fprintf(stderr, _("recourse: the signing certificate file %s cannot be read.\n"), cli->signing_cert);
		auth_in_free(&auth);
		return cli_fail(st);
	}
	if (auth_given)
		st = ops_registry_auth_check(&in);
	struct rc_case *c = NULL;
	if (st == RC_OK)
		st = cli_open_case(cli, &c);
	struct rc_cert_info ci = { 0 };
	if (st == RC_OK && pem)
		st = rc_op_registry_set_signing_cert(c, cli->pos[1], pem, n, &ci);
	if (st == RC_OK && auth_given)
		st = rc_op_registry_set(c, &in);
	rc_case_close(&c);
	bool new_cert = in.client_cert_pem && *in.client_cert_pem;
	auth_in_free(&auth);
	free(pem);
	if (st != RC_OK) {
		rc_cert_info_clear(&ci);
		return cli_fail(st == RC_INVALID && !auth_given ? RC_USAGE : st);
	}
	if (ci.fp[0])
		/* TRANSLATORS: %s: a registry's name, then a certificate's subject, then its SHA-256 fingerprint. */
		cli_say(_("The exports of \"%s\" must now be signed with this certificate:\n  %s\n  SHA-256 %s\n"),
		        cli->pos[1], ci.subject, ci.fp);
	rc_cert_info_clear(&ci);
	if (auth_given) {
		/* TRANSLATORS: %s is the registry's name. */
		cli_say(_("Registry \"%s\" changed. Nothing was sent to it.\n"), cli->pos[1]);
		if (new_cert)
			cli_say("%s\n", _("A sign-in kept for it was forgotten: a sign-in goes with the client certificate."));
	}
	return 0;
}

struct login_ui {
	bool tty;
	bool shown;
};

static void login_route(void *ud, const char *how)
{
	(void)ud;
	/* TRANSLATORS: %s says how: "no proxy", or "through the proxy http://...". */
	cli_say(_("Connecting: %s.\n"), how);
}

static void login_show(void *ud, const char *registry, const char *user_code, const char *uri,
	const char *uri_complete, long expires_in)
{
	struct login_ui *u = ud;
	/* what the person must see goes to standard output, script or not */
	/* TRANSLATORS: %s is the registry's name as the case calls it. */
	printf(_("Signing in to the registry \"%s\".\n"), registry);
	printf("%s\n", _("Enter this code ONLY if you started this sign-in here, on this computer, just now. If "
	                 "someone sent you the code or the address, do not enter it."));
	/* TRANSLATORS: %s is the address (https://...) to open on a phone or another computer. */
	printf(_("On a phone or another computer, open: %s\n"), uri);
	/* TRANSLATORS: %s is the short code to type there, e.g. WDJB-MJHT. */
	printf(_("and enter the code: %s\n"), user_code);
	if (u->tty) {
		printf("%s\n", uri_complete ? _("Or scan this QR code (it holds the address and the code):")
		                            : _("Or scan this QR code of the address:"));
		fflush(stdout);
		if (!cli_qr_draw(stdout, uri_complete ? uri_complete : uri))
			printf("%s\n", _("(The address is too long for a QR code.)"));
	}
	/* TRANSLATORS: %ld is a number of minutes. */
	printf(_("The code is valid for %ld minutes. Ctrl-C stops waiting.\n"), (expires_in + 59) / 60);
	fflush(stdout);
	u->shown = true;
}

static bool login_tick(void *ud, long left, long interval)
{
	struct login_ui *u = ud;
	if (cli_cancel_requested())
		return false;
	if (u->tty && !cli_quiet) {
		/* TRANSLATORS: while waiting for the sign-in on the phone: minutes and seconds left, seconds between asks. */
		fputc('\r', stderr);
		fprintf(stderr, _("Waiting for the sign-in: %ld:%02ld left (asking every %ld s)"), left / 60, left % 60,
		        interval);
		fputs("\033[K", stderr);
	}
	return true;
}

static int registry_login(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a registry's name"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_cancel_install();
	struct login_ui u = { .tty = isatty(1) && isatty(2) };
	struct rc_login_ui ui = { .show = login_show, .tick = login_tick, .route = login_route, .ud = &u };
	struct rc_login_result res;
	st = rc_op_registry_login(c, cli->pos[1], &ui, &res);
	rc_case_close(&c);
	if (u.tty && !cli_quiet)
		fputs("\r\033[K", stderr);
	if (st != RC_OK)
		return cli_fail(st);
	if (res.expires[0])
		/* TRANSLATORS: %s is the registry's name, then a date and time (UTC). */
		printf(_("Signed in to \"%s\" until %s. The sign-in is kept inside the case only.\n"), cli->pos[1],
		       res.expires);
	else
		/* TRANSLATORS: %s is the registry's name. */
		printf(_("Signed in to \"%s\". The sign-in is kept inside the case only.\n"), cli->pos[1]);
	return 0;
}

static int registry_logout(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a registry's name"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	bool had;
	st = rc_op_registry_logout(c, cli->pos[1], &had);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	if (had)
		/* TRANSLATORS: %s is the registry's name. */
		printf(_("The sign-in to \"%s\" was forgotten.\n"), cli->pos[1]);
	else
		/* TRANSLATORS: %s is the registry's name. */
		printf(_("There was no sign-in to \"%s\" to forget.\n"), cli->pos[1]);
	return 0;
}

int cmd_registry(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const struct { const char *verb; int (*fn)(struct cli *); } verbs[] = {
		{ "add", registry_add }, { "list", registry_list }, { "test", registry_test }, { "sync", registry_sync },
		{ "set", registry_set }, { "login", registry_login }, { "logout", registry_logout },
	};
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i].verb))
			return verbs[i].fn(cli);
	/* TRANSLATORS: %s is what was typed after "registry". */
	fprintf(stderr, _("recourse: \"registry %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, "%s\n", _("Try: recourse registry --help"));
	return 2;
}
