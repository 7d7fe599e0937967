/* cmd_log.c - recourse log import|list|show|add|summary|flags, and
 * request add|list (what the flags need to know of requests). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_need(const struct cli *cli, int n, const char *what)
{
	if (cli->npos >= n)
		return 0;
	fprintf(stderr, _("recourse: %s %s needs %s.\n"), cli->noun, cli->verb, what);
	fprintf(stderr, _("Try: recourse %s %s --help\n"), cli->noun, cli->verb);
	return 2;
}

/* "fled-country, burst" (ids) or translated labels. */
static char *flags_text(uint32_t flags, bool translated)
{
	struct rc_buf b;
	rc_buf_init(&b);
	for (int i = 0; i < RC_FLAG_COUNT; i++) {
		uint32_t bit = rc_flag_bit(i);
		if (flags & bit)
			rc_buf_printf(&b, "%s%s", b.len ? ", " : "", translated ? rc_flag_label(bit) : rc_flag_id(bit));
	}
	rc_buf_cstr(&b);
	return b.data;
}

/* ---------------------------------------------------------------- import */

/* Called from the reader thread: print at once, in order. */
static void on_invalid(void *ud, const struct rc_import_error *e)
{
	uint64_t *shown = ud;
	if (++*shown <= 50) {
		if (e->entry)
			/* TRANSLATORS: where an invalid entry is: entry number, line, byte offset, then why. */
			fprintf(stderr, _("  entry %" PRIu64 " (line %" PRIu64 ", byte %" PRIu64 "): %s\n"),
				e->entry, e->line, e->offset, e->message);
		else
			fprintf(stderr, _("  line %" PRIu64 ", byte %" PRIu64 ": %s\n"), e->line, e->offset, e->message);
	} else if (*shown == 51) {
		fprintf(stderr, "%s\n", _("  (more invalid entries are not shown)"));
	}
}

static bool import_progress(void *ud, uint64_t done, uint64_t total)
{
	return cli_progress_update(ud, done, total);
}

static int log_import(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and a file to import"));
	if (r)
		return r;
	enum rc_import_format fmt = RC_IMPORT_AUTO;
	if (cli->format_text) {
		if (!strcmp(cli->format_text, "fhir") || !strcmp(cli->format_text, "json"))
			fmt = RC_IMPORT_FHIR;
		else if (!strcmp(cli->format_text, "ndjson"))
			fmt = RC_IMPORT_NDJSON;
		else if (!strcmp(cli->format_text, "csv"))
			fmt = RC_IMPORT_CSV;
		else if (strcmp(cli->format_text, "auto")) {
			fprintf(stderr, _("recourse: the import --format is auto, fhir, ndjson or csv, not \"%s\".\n"), cli->format_text);
			return 2;
		}
	}
	const char *file = cli->pos[1];
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, _("recourse: cannot read %s: %s\n"), file, strerror(errno));
		return rc_status_exit(RC_IO);
	}
	struct stat sb;
	uint64_t total = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	/* Ctrl-C from here on cancels the whole import, unlock included. */
	cli_cancel_install();
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st == RC_OK && cli_cancel_requested()) {
		rc_case_close(&c);
		st = RC_CANCELLED;
	}
	if (st != RC_OK) {
		close(fd);
		return cli_fail(st);
	}
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	struct cli_progress *p = cli_progress_new(_("Importing"), total);
	uint64_t shown = 0;
	struct rc_import_file_opts o = {
		.format = fmt, .origin = base, .skip_invalid = cli->skip_invalid,
		.on_invalid = on_invalid, .invalid_ud = &shown,
		.progress = import_progress, .total_bytes = total, .progress_ud = p,
	};
	struct rc_import_file_result res;
	st = rc_op_import_fd(c, fd, &o, cli->also_records, &res);
	cli_progress_free(&p);
	close(fd);
	rc_case_close(&c);
	if (st == RC_INVALID && res.invalid) {
		fprintf(stderr, ngettext("recourse: nothing was imported: %" PRIu64 " entry is not valid (see above).\n",
		                         "recourse: nothing was imported: %" PRIu64 " entries are not valid (see above).\n", res.invalid), res.invalid);
		fprintf(stderr, "%s\n", _("  Correct the file, or import only the valid entries with --skip-invalid."));
		return rc_status_exit(RC_INVALID);
	}
	if (st != RC_OK)
		return cli_fail(st);
	/* TRANSLATORS: result of an import; %s is the file name. */
	cli_say(_("Imported %s: %" PRIu64 " new, %" PRIu64 " updated, %" PRIu64 " already there.\n"),
		base, res.counts.added, res.counts.updated, res.counts.unchanged);
	if (res.invalid)
		cli_say(ngettext("%" PRIu64 " invalid entry was skipped.\n", "%" PRIu64 " invalid entries were skipped.\n", res.invalid), res.invalid);
	if (res.left_out)
		/* TRANSLATORS: after an import; keep the option as it is. */
		cli_say(ngettext("%" PRIu64 " access to another person's record was left out (if the registry names this person's record in another way, import again with --also-record REF).\n",
		                 "%" PRIu64 " accesses to another person's record were left out (if the registry names this person's record in another way, import again with --also-record REF).\n",
		                 res.left_out), res.left_out);
	return 0;
}

/* ---------------------------------------------------------------- list */

static bool parse_date_opt(const char *opt, const char *v, int64_t *ts)
{
	char norm[32];
	if (rc_date_parse(v, ts, norm, sizeof norm))
		return true;
	fprintf(stderr, _("recourse: %s needs a date like 2024-05-22, not \"%s\".\n"), opt, v);
	return false;
}

static int filter_from_cli(const struct cli *cli, struct rc_event_filter *f, char *country, size_t clen)
{
	rc_event_filter_init(f);
	if (cli->since && !parse_date_opt("--since", cli->since, &f->since_ts))
		return 2;
	if (cli->until && !parse_date_opt("--until", cli->until, &f->until_ts))
		return 2;
	if (cli->flag) {
		if (!strcmp(cli->flag, "any"))
			f->flag = RC_FLAGGED_ANY;
		else if (!rc_flag_parse(cli->flag, &f->flag)) {
			fprintf(stderr, _("recourse: \"%s\" is not a flag. See: recourse log flags\n"), cli->flag);
			return 2;
		}
	}
	f->authority = cli->authority;
	if (cli->country) {
		if (strlen(cli->country) != 2) {
			fprintf(stderr, _("recourse: --country needs a two-letter code such as DE.\n"));
			return 2;
		}
		snprintf(country, clen, "%c%c", cli->country[0] & ~0x20, cli->country[1] & ~0x20);
		f->country = country;
	}
	f->sort = cli->oldest_first ? RC_SORT_OLDEST : RC_SORT_NEWEST;
	return 0;
}

/* One word for a shell: as it is when it is safe, else in single quotes. */
static void shell_word(struct rc_buf *b, const char *w)
{
	rc_buf_add(b, " ", 1);
	bool plain = *w != '\0';
	for (const char *p = w; *p && plain; p++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/:=+,@%-", *p) != NULL;
	if (plain) {
		rc_buf_addstr(b, w);
		return;
	}
	rc_buf_add(b, "'", 1);
	for (const char *p = w; *p; p++) {
		if (*p == '\'')
			rc_buf_addstr(b, "'\\''");
		else
			rc_buf_add(b, p, 1);
	}
	rc_buf_add(b, "'", 1);
}

static void shell_opt(struct rc_buf *b, const char *opt, const char *value)
{
	if (!value)
		return;
	shell_word(b, opt);
	shell_word(b, value);
}

/* The command that shows the next page: this one, with its case and
 * filters, and --after the last row shown. */
static char *next_page_command(const struct cli *cli, const struct rc_event_cursor *cur)
{
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, "recourse log list");
	shell_word(&b, cli->npos > 0 ? cli->pos[0] : "CASE");
	shell_opt(&b, "--slot", cli->slot);
	shell_opt(&b, "--since", cli->since);
	shell_opt(&b, "--until", cli->until);
	shell_opt(&b, "--flag", cli->flag);
	shell_opt(&b, "--authority", cli->authority);
	shell_opt(&b, "--country", cli->country);
	if (cli->oldest_first)
		shell_word(&b, "--oldest-first");
	char num[48];
	if (cli->limit != 50) {
		snprintf(num, sizeof num, "%ld", cli->limit);
		shell_opt(&b, "--limit", num);
	}
	if (cli->format == CLI_CSV)
		shell_opt(&b, "--format", "csv");
	else if (cli->format == CLI_JSON)
		shell_opt(&b, "--format", "json");
	snprintf(num, sizeof num, "%" PRId64 ":%" PRId64, cur->ts, cur->id);
	shell_opt(&b, "--after", num);
	rc_buf_cstr(&b);
	return b.data;
}

static int log_list(struct cli *cli)
{
	struct rc_event_filter f;
	char country[3];
	int r = filter_from_cli(cli, &f, country, sizeof country);
	if (r)
		return r;
	struct rc_event_cursor cur = { 0 };
	if (cli->after) {
		long long ts, id;
		if (sscanf(cli->after, "%lld:%lld", &ts, &id) != 2) {
			fprintf(stderr, _("recourse: --after takes the value printed after the last page, like 1700000000:42.\n"));
			return 2;
		}
		cur.ts = ts;
		cur.id = id;
		cur.valid = true;
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	size_t lim = (size_t)cli->limit, n = 0;
	struct rc_event *evs = rc_xcalloc(lim, sizeof *evs);
	st = rc_events_page(c, &f, &cur, lim, evs, &n);
	if (st != RC_OK) {
		free(evs);
		rc_case_close(&c);
		return cli_fail(st);
	}
	bool full = cli->format != CLI_TABLE;
	static const char *const keys_short[] = { "id", "occurred", "authority", "country", "role", "system", "action", "flags" };
	/* TRANSLATORS: column headers of "recourse log list". */
	static const char *const heads_short[] = { N_("ID"), N_("When"), N_("Authority"), N_("Country"), N_("Role"), N_("System"), N_("Action"), N_("Flags") };
	static const char *const keys_full[] = { "id", "occurred", "recorded", "authority", "country", "authority_type",
		"role", "agent", "system", "action", "categories", "outcome", "purpose", "legal_basis", "dest",
		"dest_country", "origin", "source", "ext_id", "imported", "flags", "uncertain", "marks",
		"organization", "client", "patient", "authorization", "dest_kind" };
	struct cli_table *t = full ? cli_table_new(cli->format, 28, keys_full, keys_full)
	                           : cli_table_new(cli->format, 8, keys_short, heads_short);
	for (size_t i = 0; i < n; i++) {
		struct rc_event *e = &evs[i];
		char id[24];
		snprintf(id, sizeof id, "%" PRId64, e->id);
		char *fl = flags_text(e->flags, !full);
		char *flshown = fl;
		if (!full && *fl) {
			flshown = rc_xmalloc(strlen(fl) + 8);
			sprintf(flshown, "[!] %s", fl);
		}
		if (full) {
			char *cats = rc_categories_format(e->categories, false);
			char *unc = flags_text(e->uncertain, false);
			struct rc_buf mk;
			rc_buf_init(&mk);
			for (int m = 0; m < RC_MARK_COUNT; m++)
				if (e->marks & rc_mark_bit(m))
					rc_buf_printf(&mk, "%s%s", mk.len ? ", " : "", rc_mark_id(rc_mark_bit(m)));
			const char *cells[] = { id, e->occurred, e->recorded, e->authority, e->authority_country,
				e->authority_type, e->role, e->agent, e->system, rc_action_id(e->action), cats,
				rc_outcome_id(e->outcome), e->purpose, e->legal_basis, e->dest, e->dest_country,
				e->origin, e->source, e->ext_id, e->imported, fl, unc, rc_buf_cstr(&mk),
				e->organization, e->client, e->patient, e->authorization,
				e->dest_kind == RC_DEST_UNKNOWN ? NULL : rc_dest_kind_id(e->dest_kind) };
			cli_table_add(t, cells);
			free(unc);
			rc_buf_free(&mk);
			free(cats);
		} else {
			/* the body that accessed: the organisation the person
			 * acted for when the log names it apart (log show gives
			 * both) */
			const char *cells[] = { id, e->occurred ? e->occurred : _("unknown"), rc_event_body(e),
				e->authority_country, e->role, e->system, rc_action_label(e->action), flshown };
			cli_table_add(t, cells);
		}
		if (flshown != fl)
			free(flshown);
		free(fl);
	}
	cli_table_print(t, stdout);
	fflush(stdout); /* the hint below goes to stderr: keep the order */
	if (n == lim) {
		char *next = next_page_command(cli, &cur);
		/* TRANSLATORS: after a page of "log list"; %s is the command
		 * that shows the next page (keep it as it is). */
		cli_say(_("More: %s\n"), next);
		free(next);
	}
	else if (n == 0)
		cli_say("%s\n", _("No accesses match."));
	for (size_t i = 0; i < n; i++)
		rc_event_clear(&evs[i]);
	free(evs);
	rc_case_close(&c);
	return 0;
}

/* ---------------------------------------------------------------- show */

/* The original record on standard output: cleaned like every text shown,
 * whether or not standard output is a terminal, since a pipe often ends
 * at one (| cat, | less -R): a record's own escape sequences could set
 * the terminal's title, write to its clipboard or hide text.  The exact
 * bytes are only written to a file asked for by name (--output). */
static void print_raw(const char *raw, size_t len)
{
	char *s = rc_text_sanitize(raw, len, true);
	printf("%s\n", s);
	free(s);
}

/* --output FILE: a new file only (O_EXCL: never over an existing file,
 * and O_NOFOLLOW: never through a link planted in its place), 0600. */
bool cli_output_exists(const char *file)
{
	struct stat sb;
	if (lstat(file, &sb) != 0)
		return false;
	/* TRANSLATORS: %s is a file name given with --output. */
	fprintf(stderr, _("recourse: %s exists already, and recourse never writes over a file. Give the name of a new file, or remove this one first.\n"),
	        file);
	return true;
}

int cli_output_open(const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int err = errno;
		if (err == EEXIST)
			cli_output_exists(file);
		else
			/* TRANSLATORS: %s is a file name, then the system's reason. */
			fprintf(stderr, _("recourse: cannot write %s: %s\n"), file, strerror(err));
	}
	return fd;
}

static enum rc_status write_output(const char *file, const char *data, size_t len)
{
	int fd = cli_output_open(file);
	if (fd < 0)
		return RC_IO;
	size_t done = 0;
	int err = 0;
	while (done < len && !err) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		else
			done += (size_t)n;
	}
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (err) {
		unlink(file); /* no half record left behind */
		fprintf(stderr, _("recourse: cannot write %s: %s\n"), file, strerror(err));
		return rc_status_from_errno(err);
	}
	return RC_OK;
}

/* The original record in the JSON document of log show: "raw" as a string
 * when it is UTF-8 (JSON escapes its control characters), else its bytes
 * as base64 in "raw_base64", with "raw_encoding": "base64". */
static void json_raw(json_t *o, const char *raw, size_t len)
{
	json_t *j = json_stringn(raw, len); /* NULL when it is not UTF-8 */
	if (j) {
		json_object_set_new(o, "raw", j);
		return;
	}
	size_t blen = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b = rc_xmalloc(blen);
	sodium_bin2base64(b, blen, (const unsigned char *)raw, len, sodium_base64_VARIANT_ORIGINAL);
	json_object_set_new(o, "raw_base64", json_string(b));
	json_object_set_new(o, "raw_encoding", json_string("base64"));
	free(b);
}

static int log_show(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of an access"));
	if (r)
		return r;
	char *end;
	long long id = strtoll(cli->pos[1], &end, 10);
	if (*end || id <= 0) {
		fprintf(stderr, _("recourse: \"%s\" is not an access ID (see the first column of log list).\n"), cli->pos[1]);
		return 2;
	}
	if (cli->output && cli_output_exists(cli->output)) /* before the passphrase */
		return rc_status_exit(RC_IO);
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_event e;
	st = rc_events_get(c, id, &e);
	/* the case's context, so each flag is explained with its facts and rule */
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	if (st == RC_OK)
		st = rc_op_flag_ctx(c, &ctx);
	rc_case_close(&c);
	if (st != RC_OK) {
		if (st == RC_NOTFOUND)
			rc_error_set(_("There is no access with the ID %lld."), id);
		rc_event_clear(&e);
		return cli_fail(st);
	}
	/* --output first: when the exact bytes cannot be written, nothing
	 * else is printed either. */
	if (cli->output) {
		if (!e.raw)
			/* TRANSLATORS: with log show --output, for an access typed by hand. */
			rc_error_set("%s", _("This access has no original record: it was written down by hand."));
		else
			st = write_output(cli->output, e.raw, e.raw_len);
		if (!e.raw || st != RC_OK) {
			int code = e.raw ? rc_status_exit(st) : cli_fail(RC_NOTFOUND);
			rc_flag_ctx_clear(&ctx);
			rc_event_clear(&e);
			return code;
		}
	}
	int ret = 0;
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	char *cats = rc_categories_format(e.categories, cli->format == CLI_TABLE);
	char *fl = flags_text(e.flags, false);
	const char *dk = e.dest_kind == RC_DEST_UNKNOWN ? NULL
		: cli->format == CLI_TABLE ? rc_dest_kind_label(e.dest_kind) : rc_dest_kind_id(e.dest_kind);
	static const char *const keys[] = { "id", "occurred", "recorded", "authority", "country", "authority_type",
		"organization", "role", "agent", "client", "system", "patient", "action", "categories", "outcome",
		"purpose", "legal_basis", "authorization", "dest", "dest_country", "dest_kind", "origin", "note",
		"source", "ext_id", "imported", "flags" };
	/* TRANSLATORS: field names in "recourse log show" (one access). */
	static const char *const heads[] = { N_("ID"), N_("When it happened"), N_("When it was recorded"),
		N_("Authority"), N_("Country"), N_("Kind of authority"),
		/* TRANSLATORS: the person (or system) who acted for the
		 * authority shown above, as the log names them. */
		N_("Who acted"), N_("Role or unit"),
		N_("Staff number"), N_("Application or machine"), N_("System"), N_("Whose record"),
		N_("What was done"), N_("Data touched"), N_("Result"), N_("Stated purpose"),
		N_("Stated legal basis"), N_("Token or consent reference"), N_("Shared with"),
		N_("Shared to country"), N_("Kind of recipient"), N_("Where this came from"),
		N_("Note"), N_("Recording system"), N_("Its own ID"), N_("Imported"), N_("Flags") };
	/* in a table, "Authority" is the body (the organisation the person
	 * acted for, when the log names it apart) and "Who acted" the one who
	 * did; csv and json keep the fields as read (authority: who acted) */
	bool body = cli->format == CLI_TABLE && e.organization;
	const char *vals[] = { ids, e.occurred, e.recorded, body ? e.organization : e.authority,
		e.authority_country, e.authority_type, body ? e.authority : e.organization, e.role, e.agent, e.client, e.system, e.patient,
		cli->format == CLI_TABLE ? rc_action_label(e.action) : rc_action_id(e.action),
		cats, cli->format == CLI_TABLE ? rc_outcome_label(e.outcome) : rc_outcome_id(e.outcome),
		e.purpose, e.legal_basis, e.authorization, e.dest, e.dest_country, dk, e.origin, e.note,
		e.source, e.ext_id, e.imported, fl };
	int nk = (int)(sizeof keys / sizeof keys[0]);
	if (cli->format == CLI_JSON) {
		/* one document: the fields, the flags with their explanations,
		 * the marks, and (with --raw) the original record as a string */
		json_t *o = json_object();
		for (int i = 0; i < nk; i++)
			json_object_set_new(o, keys[i], cli_json_text(vals[i]));
		json_t *fa = json_array();
		for (int i = 0; i < RC_FLAG_COUNT; i++) {
			uint32_t bit = rc_flag_bit(i);
			if (!(e.flags & bit))
				continue;
			json_t *fo = json_object();
			char *why = rc_flag_explain(&ctx, &e, bit);
			json_object_set_new(fo, "id", json_string(rc_flag_id(bit)));
			json_object_set_new(fo, "label", json_string(rc_flag_label(bit)));
			json_object_set_new(fo, "uncertain", json_boolean(e.uncertain & bit));
			json_object_set_new(fo, "explanation", json_string(why ? why : rc_flag_explanation(bit)));
			free(why);
			json_array_append_new(fa, fo);
		}
		json_object_set_new(o, "flag_details", fa);
		json_t *ma = json_array();
		for (int i = 0; i < RC_MARK_COUNT; i++) {
			uint32_t bit = rc_mark_bit(i);
			if (!(e.marks & bit))
				continue;
			json_t *mo = json_object();
			json_object_set_new(mo, "id", json_string(rc_mark_id(bit)));
			json_object_set_new(mo, "text", json_string(rc_mark_text(bit)));
			json_array_append_new(ma, mo);
		}
		json_object_set_new(o, "marks", ma);
		if (cli->raw && e.raw)
			json_raw(o, e.raw, e.raw_len);
		/* With the original record, every character beyond ASCII is
		 * escaped too (\uXXXX), so that none of its C1 controls or bidi
		 * characters reaches a terminal; the text reads back the same. */
		char *txt = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | (cli->raw ? JSON_ENSURE_ASCII : 0));
		if (txt) {
			printf("%s\n", txt);
		} else {
			/* never "{}": that would look like an empty access */
			fprintf(stderr, "%s\n", _("recourse: the result could not be written as JSON. Nothing was printed."));
			ret = rc_status_exit(RC_ERR);
		}
		free(txt);
		json_decref(o);
	} else {
		static const char *const k2[] = { "field", "value" };
		static const char *const h2[] = { N_("Field"), N_("Value") };
		struct cli_table *t = cli_table_new(cli->format, 2, k2, h2);
		for (int i = 0; i < nk; i++) {
			if (!vals[i] || !*vals[i])
				continue;
			const char *cells[] = { cli->format == CLI_CSV ? keys[i] : _(heads[i]), vals[i] };
			cli_table_add(t, cells);
		}
		cli_table_print(t, stdout);
		if (cli->format == CLI_TABLE) {
			for (int i = 0; i < RC_MARK_COUNT; i++)
				if (e.marks & rc_mark_bit(i))
					printf("\n(i) %s", rc_mark_text(rc_mark_bit(i)));
			if (e.marks)
				putchar('\n');
			for (int i = 0; i < RC_FLAG_COUNT; i++) {
				uint32_t bit = rc_flag_bit(i);
				if (!(e.flags & bit))
					continue;
				char *why = rc_flag_explain(&ctx, &e, bit);
				/* TRANSLATORS: after a flag's label when the law behind it is uncertain. */
				printf("\n[!] %s%s\n", rc_flag_label(bit), e.uncertain & bit ? _(" (uncertain)") : "");
				/* the explanation's lines, indented */
				for (const char *p = why ? why : rc_flag_explanation(bit); *p;) {
					size_t n = strcspn(p, "\n");
					printf("    %.*s\n", (int)n, p);
					p += n + (p[n] == '\n');
				}
				free(why);
			}
			if (!e.flags)
				printf("\n%s\n", _("No flags: nothing unusual was seen in this access."));
		}
	}
	if (cli->raw && e.raw && cli->format != CLI_JSON) {
		if (cli->format == CLI_TABLE)
			/* TRANSLATORS: keep --output FILE as it is. */
			printf("\n%s\n", _("Original record as received, with control characters removed (its exact bytes: --output FILE):"));
		print_raw(e.raw, e.raw_len);
	}
	if (cli->output && ret == 0)
		/* TRANSLATORS: after log show --output; %zu is a number of bytes, %s the file. */
		cli_say(_("Wrote the original record (%zu bytes) to %s. That file is not encrypted: delete it when it is no longer needed.\n"),
		        e.raw_len, cli->output);
	free(cats);
	free(fl);
	rc_flag_ctx_clear(&ctx);
	rc_event_clear(&e);
	return ret;
}

/* ---------------------------------------------------------------- add */

/* A wrong argument: the reason (rc_error_detail) and usage's exit code. */
int cli_bad_arg(void)
{
	fprintf(stderr, "recourse: %s\n", rc_error_detail());
	return rc_status_exit(RC_USAGE);
}

/* The entry as the options give it; false (message printed) when an
 * action, result or category list is not one of ours. */
static bool manual_from_cli(const struct cli *cli, struct rc_manual_access *in)
{
	rc_manual_access_init(in);
	in->when = cli->when;
	in->authority = cli->authority;
	in->country = cli->country;
	in->role = cli->role;
	in->agent = cli->agent;
	in->system = cli->system;
	in->categories = cli->categories;
	in->purpose = cli->purpose;
	in->legal_basis = cli->legal_basis;
	in->dest = cli->dest;
	in->dest_country = cli->dest_country;
	in->source_document = cli->source_document;
	in->note = cli->note;
	if (cli->action && !rc_action_parse(cli->action, &in->action)) {
		fprintf(stderr, _("recourse: \"%s\" is not an action (search, read, create, update, delete, export, other).\n"), cli->action);
		return false;
	}
	if (cli->outcome && !rc_outcome_parse(cli->outcome, &in->outcome)) {
		fprintf(stderr, _("recourse: \"%s\" is not a result (hit, no-hit, error, unknown).\n"), cli->outcome);
		return false;
	}
	return true;
}

static int log_add(struct cli *cli)
{
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	if (!cli->when || !cli->authority) {
		fprintf(stderr, "%s\n", _("recourse: log add needs at least --when DATE and --authority TEXT."));
		return 2;
	}
	struct rc_manual_access in;
	if (!manual_from_cli(cli, &in))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_access_result res;
	st = rc_op_access_add(c, &in, &res);
	rc_case_close(&c);
	if (st == RC_INVALID && res.bad)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	if (res.duplicate)
		cli_say(_("This access was already in the case (ID %" PRId64 ").\n"), res.id);
	else
		cli_say(_("Added the access with ID %" PRId64 ".\n"), res.id);
	printf("%" PRId64 "\n", res.id);
	return 0;
}

static bool access_id(const struct cli *cli, int64_t *id)
{
	char *end;
	long long v = strtoll(cli->pos[1], &end, 10);
	if (*end || v <= 0) {
		fprintf(stderr, _("recourse: \"%s\" is not an access ID (see the first column of log list).\n"), cli->pos[1]);
		return false;
	}
	*id = v;
	return true;
}

static int log_correct(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of an access"));
	if (r)
		return r;
	int64_t id;
	if (!access_id(cli, &id))
		return 2;
	if (!cli->when || !cli->authority) {
		fprintf(stderr, "%s\n", _("recourse: log correct needs the whole corrected entry: at least --when DATE and --authority TEXT."));
		return 2;
	}
	struct rc_manual_access in;
	if (!manual_from_cli(cli, &in))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_access_result res;
	st = rc_op_access_correct(c, id, &in, cli->reason, &res);
	rc_case_close(&c);
	if (st == RC_INVALID && res.bad)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	cli_say(_("Corrected the access with ID %" PRId64 ". The earlier version is kept in the case journal.\n"), id);
	return 0;
}

static int log_withdraw(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of an access"));
	if (r)
		return r;
	int64_t id;
	if (!access_id(cli, &id))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	st = rc_op_access_withdraw(c, id, cli->reason);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_say(_("Withdrew the access with ID %" PRId64 ". It is kept in the case journal.\n"), id);
	return 0;
}

/* ---------------------------------------------------------------- summary */

static int log_summary(struct cli *cli)
{
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	static const struct { enum rc_summary_by by; const char *id; const char *title; } parts[] = {
		/* TRANSLATORS: section titles of "recourse log summary". */
		{ RC_BY_AUTHORITY, "authority", N_("By authority") },
		{ RC_BY_COUNTRY, "country", N_("By country") },
		{ RC_BY_PURPOSE, "purpose", N_("By stated purpose") },
		{ RC_BY_FLAG, "flag", N_("By flag") },
	};
	static const char *const keys[] = { "by", "key", "count", "flagged" };
	/* TRANSLATORS: column headers of "recourse log summary". */
	static const char *const heads[] = { N_("By"), N_("What"), N_("Accesses"), N_("Flagged") };
	struct cli_table *all = cli->format != CLI_TABLE ? cli_table_new(cli->format, 4, keys, heads) : NULL;
	char mark[RC_LABEL_MAX + 16];
	snprintf(mark, sizeof mark, "summary:%s", rc_case_slot_label(c));
	uint64_t n_new = 0, n_flag = 0;
	st = rc_events_new_since_mark(c, mark, true, &n_new, &n_flag);
	for (size_t p = 0; st == RC_OK && p < sizeof parts / sizeof parts[0]; p++) {
		struct rc_count_row *rows;
		size_t n;
		st = rc_events_summary(c, parts[p].by, &rows, &n);
		if (st != RC_OK)
			break;
		struct cli_table *t = all ? all : cli_table_new(CLI_TABLE, 3, keys + 1, heads + 1);
		if (!all)
			printf("%s\n", _(parts[p].title));
		for (size_t i = 0; i < n; i++) {
			char cnt[24], fl[24];
			snprintf(cnt, sizeof cnt, "%" PRIu64, rows[i].count);
			snprintf(fl, sizeof fl, "%" PRIu64, rows[i].flagged);
			const char *key = rows[i].key ? rows[i].key : (all ? NULL : _("(not recorded)"));
			if (parts[p].by == RC_BY_FLAG && !all) {
				uint32_t bit;
				if (rows[i].key && rc_flag_parse(rows[i].key, &bit))
					key = rc_flag_label(bit);
			}
			const char *cells[] = { parts[p].id, key, cnt, fl };
			cli_table_add(t, all ? cells : cells + 1);
		}
		if (!all) {
			cli_table_print(t, stdout);
			putchar('\n');
		}
		rc_count_rows_free(&rows, n);
	}
	if (st == RC_OK && all) {
		char a[24], b[24];
		snprintf(a, sizeof a, "%" PRIu64, n_new);
		snprintf(b, sizeof b, "%" PRIu64, n_flag);
		const char *cells[] = { "new-since-last-summary", NULL, a, b };
		cli_table_add(all, cells);
		cli_table_print(all, stdout);
	} else if (st == RC_OK) {
		/* TRANSLATORS: %1$ new accesses, %2$ of them flagged. */
		printf(ngettext("New since the last summary: %" PRIu64 " access, %" PRIu64 " flagged.\n",
		                "New since the last summary: %" PRIu64 " accesses, %" PRIu64 " flagged.\n", n_new),
		       n_new, n_flag);
	} else if (all) {
		cli_table_print(all, stdout);
	}
	rc_case_close(&c);
	return st == RC_OK ? 0 : cli_fail(st);
}

static int log_flags(struct cli *cli)
{
	static const char *const keys[] = { "id", "label", "explanation" };
	/* TRANSLATORS: column headers of "recourse log flags". */
	static const char *const heads[] = { N_("Flag"), N_("Name"), N_("Explanation") };
	if (cli->format == CLI_TABLE) {
		for (int i = 0; i < RC_FLAG_COUNT; i++) {
			uint32_t bit = rc_flag_bit(i);
			printf("%s  [%s]\n    %s\n\n", rc_flag_label(bit), rc_flag_id(bit), rc_flag_explanation(bit));
		}
		return 0;
	}
	struct cli_table *t = cli_table_new(cli->format, 3, keys, heads);
	for (int i = 0; i < RC_FLAG_COUNT; i++) {
		uint32_t bit = rc_flag_bit(i);
		const char *cells[] = { rc_flag_id(bit), rc_flag_label(bit), rc_flag_explanation(bit) };
		cli_table_add(t, cells);
	}
	cli_table_print(t, stdout);
	return 0;
}

int cmd_log(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const struct { const char *verb; int (*fn)(struct cli *); bool needs_case; } verbs[] = {
		{ "import", log_import, true }, { "list", log_list, true }, { "show", log_show, true },
		{ "add", log_add, true }, { "correct", log_correct, true }, { "withdraw", log_withdraw, true },
		{ "summary", log_summary, true }, { "flags", log_flags, false },
	};
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i].verb)) {
			if (verbs[i].needs_case && cli->npos < 1)
				return cli_need(cli, 1, _("a case"));
			return verbs[i].fn(cli);
		}
	fprintf(stderr, _("recourse: \"log %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, _("Try: recourse log --help\n"));
	return 2;
}

