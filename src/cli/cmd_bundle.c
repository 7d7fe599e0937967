/* cmd_bundle.c - bundle create|verify|list: evidence bundles a court
 * will accept and anyone can verify (doc/bundles.md). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* "all" or "1,2,3" into *all or a list (malloc'ed); false when bad. */
static bool id_list(const char *opt, const char *v, bool *all, int64_t **ids, size_t *n)
{
	*all = false;
	*ids = NULL;
	*n = 0;
	if (!v)
		return true;
	if (!strcmp(v, "all")) {
		*all = true;
		return true;
	}
	const char *p = v;
	while (*p) {
		char *end;
		long long x = strtoll(p, &end, 10);
		if (end == p || x <= 0 || (*end && *end != ',')) {
			/* TRANSLATORS: %s is the option (--requests); keep "all" in English. */
			fprintf(stderr, _("recourse: %s needs all, or numbers with commas (1,4), not \"%s\".\n"), opt, v);
			free(*ids);
			*ids = NULL;
			*n = 0;
			return false;
		}
		*ids = rc_xrealloc(*ids, (*n + 1) * sizeof **ids);
		(*ids)[(*n)++] = x;
		p = *end ? end + 1 : end;
	}
	return true;
}

static bool date_opt(const char *opt, const char *v, int64_t *ts)
{
	char norm[32];
	*ts = RC_TS_UNKNOWN;
	if (!v || rc_date_parse(v, ts, norm, sizeof norm))
		return true;
	fprintf(stderr, _("recourse: %s needs a date like 2024-05-22, not \"%s\".\n"), opt, v);
	return false;
}

/* Sizes for people: "12.3 MB" (decimal units, as the bag's Bag-Size). */
static void human_size(uint64_t n, char *out, size_t len)
{
	if (n < 1000)
		/* TRANSLATORS: a size in bytes. */
		snprintf(out, len, _("%" PRIu64 " bytes"), n);
	else if (n < 1000000)
		snprintf(out, len, "%.1f kB", (double)n / 1e3);
	else if (n < 1000000000)
		snprintf(out, len, "%.1f MB", (double)n / 1e6);
	else
		snprintf(out, len, "%.2f GB", (double)n / 1e9);
}

/* A size, "about 41.3 MB" when it is an estimate. */
static void about_size(uint64_t n, bool estimated, char *out, size_t len)
{
	char s[32];
	human_size(n, s, sizeof s);
	if (estimated)
		/* TRANSLATORS: an estimated size, as "about 41.3 MB" (the access log's files of a bundle: known exactly once written). */
		snprintf(out, len, _("about %s"), s);
	else
		snprintf(out, len, "%s", s);
}

static void print_plan(const struct rc_bundle_plan *p, FILE *out)
{
	char size[64];
	bool estimated = false;
	/* TRANSLATORS: the preview of a bundle; %s is where it will be written. */
	fprintf(out, _("The bundle %s will hold:\n"), p->dest);
	for (size_t i = 0; i < p->n; i++) {
		char s[64];
		about_size(p->v[i].size, p->v[i].estimated, s, sizeof s);
		estimated |= p->v[i].estimated;
		fprintf(out, "  data/%-44s %16s  %s\n", p->v[i].path, s, p->v[i].what);
	}
	about_size(p->bytes, estimated, size, sizeof size);
	/* TRANSLATORS: the files every bundle also holds; keep the file names. */
	fprintf(out, "  %s\n", _("data/journal/ (the case journal and its checkpoint), data/index.pdf, and the bag's own "
	                         "files (bagit.txt, bag-info.txt, the manifests)"));
	/* TRANSLATORS: a bundle's preview: accesses, flagged, requests, documents, exports. */
	fprintf(out, _("In all: %" PRIu64 " accesses (%" PRIu64 " flagged), %" PRIu64 " requests, %" PRIu64
	               " documents, %" PRIu64 " registry exports; %s.\n"),
	        p->events, p->flagged, p->requests, p->documents, p->exports, size);
	if (p->signing)
		/* TRANSLATORS: %s is a certificate's SHA-256 fingerprint. */
		fprintf(out, _("It will be signed with the case's certificate %s.\n"), p->signer_fp);
	else
		fprintf(out, "%s\n", _("It will not be signed (--unsigned)."));
}

static int bundle_create(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	struct rc_bundle_opts o = { .dest_dir = cli->out };
	if (!cli->as || !strcmp(cli->as, "folder"))
		o.format = RC_BAG_DIR;
	else if (!strcmp(cli->as, "tar"))
		o.format = RC_BAG_TAR;
	else if (!strcmp(cli->as, "zip"))
		o.format = RC_BAG_ZIP;
	else {
		/* TRANSLATORS: keep folder, tar and zip in English. */
		fprintf(stderr, _("recourse: --as needs folder, tar or zip, not \"%s\".\n"), cli->as);
		return 2;
	}
	int64_t *reqs = NULL, *docs = NULL;
	if (!date_opt("--since", cli->since, &o.since_ts) || !date_opt("--until", cli->until, &o.until_ts) ||
	    !id_list("--requests", cli->requests, &o.all_requests, &reqs, &o.n_requests) ||
	    !id_list("--documents", cli->documents, &o.all_documents, &docs, &o.n_documents)) {
		free(reqs);
		return 2;
	}
	o.requests = reqs;
	o.documents = docs;
	o.flagged_only = cli->flagged_only;
	o.whole_files = cli->whole_files;
	o.no_log = cli->no_log;
	o.no_exports = cli->no_exports;
	o.court = cli->court;
	o.prepared_by = cli->prepared_by;
	o.court_lang = cli->court_lang;
	o.applicant_lang = cli->language;
	o.unsigned_ok = cli->unsigned_ok;
	o.no_stamp = cli->no_stamp;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK) {
		free(reqs);
		free(docs);
		return cli_fail(st);
	}
	struct rc_bundle_plan plan;
	struct cli_progress *pr = cli_progress_new(_("Preparing the bundle"), 0);
	st = rc_op_bundle_plan(c, &o, &plan);
	cli_progress_free(&pr);
	if (st == RC_OK) {
		if (cli->preview || !cli_quiet)
			print_plan(&plan, cli->preview ? stdout : stderr);
		if (!cli->preview) {
			pr = cli_progress_new(_("Writing the bundle"), plan.bytes);
			o.progress = cli_progress_update;
			o.progress_ud = pr;
			struct rc_bundle_result res;
			st = rc_op_bundle_write(c, &o, &plan, &res);
			cli_progress_free(&pr);
			if (st == RC_OK) {
				/* TRANSLATORS: after "bundle create": %s is where it was written. */
				printf(_("Bundle written: %s\n"), plan.dest);
				/* TRANSLATORS: the SHA-256 that identifies a bundle (its tag manifest's). */
				printf("%s: %s\n", _("Tag manifest SHA-256"), res.tagmanifest_sha256);
				if (*res.signer_fp)
					printf("%s: %s\n", _("Signed with the certificate"), res.signer_fp);
				if (*res.stamped)
					printf("%s: %s\n", _("Time stamp"), res.stamped);
				/* TRANSLATORS: keep the command as it is. */
				cli_say(_("Check it at any time with: recourse bundle verify %s\n"), plan.dest);
			}
		}
		rc_bundle_plan_free(&plan);
	}
	rc_case_close(&c);
	free(reqs);
	free(docs);
	return st == RC_OK ? 0 : cli_fail(st);
}

static const char *verdict_word(enum rc_bundle_verdict v)
{
	switch (v) {
	/* TRANSLATORS: the verdict of one check of "bundle verify", in a column; short. */
	case RC_BV_OK: return _("ok");
	/* TRANSLATORS: the verdict of one check of "bundle verify", in a column; short. */
	case RC_BV_FAILED: return _("FAILED");
	/* TRANSLATORS: the verdict of one check of "bundle verify": there was nothing to check. */
	case RC_BV_ABSENT: return _("absent");
	/* TRANSLATORS: the verdict of one check of "bundle verify": not a failure, but to know. */
	case RC_BV_NOTE: return _("note");
	}
	return "?";
}

static int bundle_verify(struct cli *cli)
{
	int r = cli_need(cli, 1, _("the bundle (a folder, .tar or .zip)"));
	if (r)
		return r;
	struct rc_bundle_verification v;
	enum rc_status st = rc_op_bundle_verify(cli->pos[0], &v);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "check", "verdict", "file", "found" };
	/* TRANSLATORS: the columns of "recourse bundle verify". */
	static const char *const heads[] = { N_("Check"), N_("Verdict"), N_("File"), N_("What was found") };
	struct cli_table *t = cli_table_new(cli->format, 4, keys, heads);
	for (size_t i = 0; i < v.n; i++) {
		const char *vw = cli->format == CLI_TABLE ? verdict_word(v.v[i].verdict)
		                 : v.v[i].verdict == RC_BV_OK ? "ok" : v.v[i].verdict == RC_BV_FAILED ? "failed"
		                 : v.v[i].verdict == RC_BV_ABSENT ? "absent" : "note";
		const char *cells[] = { rc_bundle_check_name(v.v[i].kind), vw, v.v[i].path, v.v[i].text };
		cli_table_add(t, cells);
	}
	bool ok = cli_table_print(t, stdout);
	bool valid = v.valid;
	rc_bundle_verification_free(&v);
	if (!ok)
		return 1;
	if (!valid)
		return cli_fail(RC_BADBAG);
	if (cli->format == CLI_TABLE)
		cli_say("%s\n", _("The bundle verifies: it is as it was made."));
	return 0;
}

static int bundle_list(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_bundle_row *rows;
	size_t n;
	st = rc_bundle_list(c, &rows, &n);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "id", "made", "slot", "name", "format", "files", "bytes", "content",
	                                    "tagmanifest_sha256", "signer", "checkpoint_seq" };
	/* TRANSLATORS: the columns of "recourse bundle list". */
	static const char *const heads[] = { N_("ID"), N_("Made"), N_("Made by"), N_("Name"), N_("Form"), N_("Files"),
		N_("Bytes"), N_("Content"), N_("Tag manifest SHA-256"), N_("Signed by"), N_("Journal entry") };
	struct cli_table *t = cli_table_new(cli->format, 11, keys, heads);
	cli_table_numeric(t, 0);
	cli_table_numeric(t, 5);
	cli_table_numeric(t, 6);
	cli_table_numeric(t, 10);
	for (size_t i = 0; i < n; i++) {
		char id[24], files[24], bytes[24], seq[24];
		snprintf(id, sizeof id, "%" PRId64, rows[i].id);
		snprintf(files, sizeof files, "%" PRIu64, rows[i].files);
		snprintf(bytes, sizeof bytes, "%" PRIu64, rows[i].bytes);
		snprintf(seq, sizeof seq, "%" PRId64, rows[i].checkpoint_seq);
		const char *cells[] = { id, rows[i].made, rows[i].slot, rows[i].name, rows[i].format, files, bytes,
		                        rows[i].content, rows[i].tagmanifest_sha256, rows[i].signer, seq };
		cli_table_add(t, cells);
	}
	bool ok = cli_table_print(t, stdout);
	rc_bundle_rows_free(rows, n);
	return ok ? 0 : 1;
}

void cli_print_signer(const struct rc_signer_desc *d)
{
	/* TRANSLATORS: "bundle signer": the lines describing a certificate. */
	printf("%s: %s\n", _("Certificate"), d->subject);
	printf("%s: %s\n", _("Issued by"), d->self_signed ? _("itself (self-signed)") : d->issuer);
	printf("%s: %s\n", _("Valid from"), d->not_before);
	printf("%s: %s\n", _("Valid until"), d->not_after);
	printf("%s: %s\n", _("SHA-256 fingerprint"), d->fp);
	if (d->self_signed)
		cli_say("%s\n", _("Give this fingerprint to the court and the other side by another channel (on paper, by "
		                  "phone): it is how they know the bundles are yours. It is also printed on each bundle's "
		                  "index."));
}

int cli_signer_input(const struct cli *cli, char **cert, struct rc_secret **key)
{
	*cert = NULL;
	*key = NULL;
	if (cli->new_signer + (cli->cert != NULL) + cli->from_office > 1) {
		fprintf(stderr, "%s\n", _("recourse: --new, --cert and --from-office cannot go together."));
		return 2;
	}
	if (!cli->cert != (cli->key_fd < 0)) {
		fprintf(stderr, "%s\n", _("recourse: --cert FILE and --key-fd N go together (the key is read from a file "
		                          "descriptor, never named on the command line)."));
		return 2;
	}
	if (cli->new_signer && !cli->prepared_by) {
		fprintf(stderr, "%s\n", _("recourse: a new certificate needs a name: --prepared-by - (the office or "
		                          "counsel), typed when asked."));
		return 2;
	}
	if (cli->cert) {
		size_t n;
		if (rc_file_read_all(cli->cert, 256 * 1024, cert, &n) != RC_OK) {
			/* TRANSLATORS: %s is a file name. */
			fprintf(stderr, _("recourse: the certificate %s cannot be read.\n"), cli->cert);
			return 4;
		}
		*key = cli_read_key_fd(cli->key_fd);
		if (!*key) {
			free(*cert);
			*cert = NULL;
			return 2;
		}
	}
	return 0;
}

static int bundle_signer(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	char *cert;
	struct rc_secret *key;
	r = cli_signer_input(cli, &cert, &key);
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK) {
		free(cert);
		rc_secret_free(&key);
		return cli_fail(st);
	}
	struct rc_signer_desc d;
	memset(&d, 0, sizeof d);
	if (cli->new_signer) {
		st = rc_op_signer_new(c, cli->prepared_by, NULL, &d);
	} else if (cert) {
		st = rc_op_signer_import(c, cert, (const char *)key->data, &d);
	} else if (cli->from_office) {
		/* the case's passphrase first, then the office's */
		struct rc_office *o;
		st = cli_open_board(cli, &o, NULL);
		if (st == RC_OK)
			st = rc_op_signer_from_office(c, o, &d);
		rc_office_close(&o);
	} else {
		st = rc_op_signer_show(c, &d, NULL);
	}
	rc_case_close(&c);
	free(cert);
	rc_secret_free(&key);
	if (st != RC_OK)
		return cli_fail(st);
	if (cli->new_signer || cli->cert || cli->from_office)
		cli_say("%s\n", _("The case will sign its bundles with this certificate:"));
	cli_print_signer(&d);
	return 0;
}

int cmd_bundle(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const struct { const char *verb; int (*fn)(struct cli *); } verbs[] = {
		{ "create", bundle_create }, { "verify", bundle_verify }, { "list", bundle_list },
		{ "signer", bundle_signer },
	};
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i].verb))
			return verbs[i].fn(cli);
	/* TRANSLATORS: %s is what was typed after "bundle". */
	fprintf(stderr, _("recourse: \"bundle %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, "%s\n", _("Try: recourse bundle --help"));
	return 2;
}
