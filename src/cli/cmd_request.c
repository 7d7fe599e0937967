/* cmd_request.c - requests to authorities followed to their answer:
 * request add|list|show|move|confirm, and the case's deadlines
 * (table, CSV, JSON, or iCalendar for a lawyer's calendar). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ops.h"

/* A proof file given by name: opened before the passphrase is asked, so
 * that a wrong name costs nothing. */
static int open_proof(const char *file)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		/* TRANSLATORS: %s is a file name, then the system's reason. */
		fprintf(stderr, _("recourse: cannot read %s: %s\n"), file, strerror(errno));
	return fd;
}

static bool parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0) {
		fprintf(stderr, _("recourse: \"%s\" is not a request ID (see the first column of request list).\n"), s);
		return false;
	}
	*id = v;
	return true;
}

static int request_add(struct cli *cli)
{
	if (!cli->kind) {
		fprintf(stderr, "%s\n", _("recourse: request add needs --kind (access, rectification, erasure, restriction or complaint)."));
		return 2;
	}
	struct rc_request_in in = {
		.kind = cli->kind, .regime = cli->regime, .filed = cli->filed, .confirmed = cli->confirmed,
		.addressee = cli->addressee, .channel = cli->channel, .about = cli->about,
		.correct_value = cli->correct_value, .controller = cli->controller,
	};
	int64_t acc[64];
	size_t nacc = 0;
	for (const char *s = cli->accesses; s && *s;) {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (end == s || v <= 0 || (*end && *end != ',') || nacc == 64) {
			fprintf(stderr, "%s\n", _("recourse: --access needs the number of an access (see log list), at most 64 of them."));
			return 2;
		}
		acc[nacc++] = v;
		s = *end ? end + 1 : end;
	}
	in.accesses = acc;
	in.n_accesses = nacc;
	if (cli->mandate && !parse_id(cli->mandate, &in.mandate))
		return 2;
	if (cli->follows && !parse_id(cli->follows, &in.follows))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_cancel_install();
	struct cli_progress *p = cli_progress_new(_("Checking every access again"), 0);
	int64_t id = 0;
	st = rc_op_request_add(c, &in, cli_progress_update, p, &id);
	cli_progress_free(&p);
	rc_case_close(&c);
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	/* before it is sent: what the texts would tell the authority */
	const char *texts[] = { cli->about, cli->correct_value, cli->addressee };
	unsigned risks = rc_op_request_risks(texts, 3);
	if (risks) {
		fprintf(stderr, "%s\n", _("Think before sending: this request would tell the authority"));
		if (risks & RC_RISK_PHONE)
			fprintf(stderr, "  - %s\n", _("a telephone number"));
		if (risks & RC_RISK_EMAIL)
			fprintf(stderr, "  - %s\n", _("an e-mail address"));
		if (risks & RC_RISK_ADDRESS)
			fprintf(stderr, "  - %s\n", _("a street address"));
		fprintf(stderr, "%s\n", _("If the applicant does not want the authority to know it, take it out of the "
		                         "request (request show gives the route: some regimes let you ask through the "
		                         "data protection authority instead)."));
	}
	if (cli->filed)
		cli_say("%s\n", _("The request was recorded. Its deadline is followed, and accesses after it are flagged."));
	else
		cli_say("%s\n", _("The draft was recorded. When you send it, record that with: recourse request move CASE ID --to filed --day DATE --channel post"));
	printf("%" PRId64 "\n", id);
	return 0;
}

/* ------------------------------------------ what follows from the law */

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int request_suggest(struct cli *cli)
{
	long draft = 0;
	if (cli->draft) {
		char *end;
		draft = strtol(cli->draft, &end, 10);
		if (*end || draft <= 0) {
			fprintf(stderr, _("recourse: --draft needs the number of a suggestion (the first column of request suggest), not \"%s\".\n"),
			        cli->draft);
			return 2;
		}
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	if (draft) {
		cli_cancel_install();
		struct cli_progress *p = cli_progress_new(_("Checking every access again"), 0);
		int64_t id = 0;
		st = rc_op_retention_draft(c, (size_t)draft, cli_progress_update, p, &id);
		cli_progress_free(&p);
		rc_case_close(&c);
		if (st == RC_INVALID)
			return cli_bad_arg();
		if (st != RC_OK)
			return cli_fail(st);
		cli_say("%s\n", _("A draft erasure request was made from the suggestion. Read it (request show, request letter), add the authority's address, and record when you send it: recourse request move CASE ID --to filed --day DATE --channel post"));
		printf("%" PRId64 "\n", id);
		return 0;
	}
	struct rc_retention_suggestion *v;
	size_t n;
	st = rc_op_retention_suggestions(c, &v, &n);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	bool words = cli->format == CLI_TABLE;
	static const char *const keys[] = { "n", "system", "dataset", "regime", "rule", "started", "erase_by",
		"uncertain", "accesses", "open_request", "about" };
	/* TRANSLATORS: column headers of "recourse request suggest". */
	static const char *const heads[] = { N_("No."), N_("System"), N_("Data"), N_("Regime"), N_("Rule"),
		N_("Kept from"), N_("Should have been erased by"), N_("Uncertain"), N_("Accesses after that day"),
		N_("Erasure request open"), N_("What the request would say") };
	/* On a terminal (table), one block a suggestion, "Heading: value"
	 * lines: eleven columns, some of them sentences, make a table no
	 * screen can show; CSV and JSON keep one row each. */
	struct cli_table *t = words ? NULL : cli_table_new(cli->format, 11, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char num[24], start[RC_YMD_LEN], end[RC_YMD_LEN], open[64] = "";
		snprintf(num, sizeof num, "%zu", v[i].n);
		rc_ymd_format(v[i].start, start);
		rc_ymd_format(v[i].end, end);
		struct rc_buf rule, acc;
		rc_buf_init(&rule);
		rc_buf_init(&acc);
		rc_buf_printf(&rule, "%s%s%s", v[i].basis.article ? v[i].basis.article : "",
		              v[i].basis.article && v[i].basis.instrument ? ", " : "",
		              v[i].basis.instrument ? v[i].basis.instrument : "");
		if (v[i].n_accesses > 1) /* none: no array at all (qsort's NULL is undefined) */
			qsort(v[i].accesses, v[i].n_accesses, sizeof *v[i].accesses, cmp_id);
		for (size_t k = 0; k < v[i].n_accesses; k++)
			rc_buf_printf(&acc, "%s%" PRId64, k ? " " : "", v[i].accesses[k]);
		if (v[i].open_request)
			snprintf(open, sizeof open, "%" PRId64, v[i].open_request);
		struct rc_buf unc;
		rc_buf_init(&unc);
		if (v[i].basis.uncertain)
			/* TRANSLATORS: %s says why (from the regime file, in English). */
			rc_buf_printf(&unc, words ? _("yes: %s") : "%s", v[i].basis.uncertain);
		else
			rc_buf_addstr(&unc, words ? _("no") : "");
		char *about = rc_retention_suggestion_about(&v[i]);
		const char *cells[] = { num, v[i].system_name, v[i].dataset_title, v[i].regime_id,
			rule.len ? rc_buf_cstr(&rule) : NULL, start, end, unc.len ? rc_buf_cstr(&unc) : NULL,
			acc.len ? rc_buf_cstr(&acc) : NULL, *open ? open : NULL, about };
		if (t) {
			cli_table_add(t, cells);
		} else {
			printf("%s%s %s: %s\n", i ? "\n" : "", _(heads[0]), num, v[i].system_name ? v[i].system_name : "");
			for (int k = 2; k < 11; k++)
				printf("  %s: %s\n", _(heads[k]), cells[k] ? cells[k] : "-");
		}
		free(about);
		rc_buf_free(&rule);
		rc_buf_free(&acc);
		rc_buf_free(&unc);
	}
	bool ok = t ? cli_table_print(t, stdout) : fflush(stdout) == 0 && !ferror(stdout);
	if (words) {
		if (!n)
			cli_say("%s\n", _("No retention period has run out for the record dates this case knows (case set CASE record-dates)."));
		for (size_t i = 0; i < n; i++)
			if (v[i].open_request)
				/* TRANSLATORS: %1$zu is a suggestion's number, %2$lld a request's. */
				cli_say(_("Suggestion %1$zu: an erasure request about this data is open already (request %2$lld); no new one is needed.\n"),
				        v[i].n, (long long)v[i].open_request);
		if (n)
			cli_say("%s\n", _("Make a draft erasure request from one: recourse request suggest CASE --draft N"));
	}
	rc_retention_suggestions_free(&v, n);
	return ok ? 0 : 1;
}

static int request_check(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of a request"));
	if (r)
		return r;
	int64_t id;
	if (!parse_id(cli->pos[1], &id))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_cancel_install();
	struct cli_progress *p = cli_progress_new(_("Checking every access again"), 0);
	int64_t chk = 0;
	st = rc_op_request_check_add(c, id, cli_progress_update, p, &chk);
	cli_progress_free(&p);
	rc_case_close(&c);
	if (st == RC_NOTFOUND) {
		fprintf(stderr, _("recourse: there is no request %s in this case (see request list).\n"), cli->pos[1]);
		return rc_status_exit(RC_NOTFOUND);
	}
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	cli_say("%s\n", _("A draft access request was made to check it: it asks for a copy of the record. When it is answered, compare: recourse request compare CASE ID"));
	printf("%" PRId64 "\n", chk);
	return 0;
}

static int request_compare(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of a request"));
	if (r)
		return r;
	int64_t id;
	if (!parse_id(cli->pos[1], &id))
		return 2;
	struct rc_check_in in = { .held_value = cli->held_value, .still_held = -1 };
	if (cli->still_held) {
		if (!strcmp(cli->still_held, "yes"))
			in.still_held = 1;
		else if (!strcmp(cli->still_held, "no"))
			in.still_held = 0;
		else {
			fprintf(stderr, _("recourse: --still-held must be yes or no, not \"%s\".\n"), cli->still_held);
			return 2;
		}
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	enum rc_check_result res = RC_CHECK_NONE;
	st = rc_op_request_compare(c, id, &in, &res);
	rc_case_close(&c);
	if (st == RC_NOTFOUND) {
		fprintf(stderr, _("recourse: there is no request %s in this case (see request list).\n"), cli->pos[1]);
		return rc_status_exit(RC_NOTFOUND);
	}
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	if (res == RC_CHECK_DONE || res == RC_CHECK_ERASED)
		cli_say("%s\n", _("Done as asked. The request can be closed."));
	else
		cli_say("%s\n", _("Not done as asked: request show says what the record holds. Next: complain (request add --kind complaint --follows ID)."));
	return 0;
}

static int request_confirm(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of a request"));
	if (r)
		return r;
	int64_t id;
	if (!parse_id(cli->pos[1], &id))
		return 2;
	if (!cli->confirmed) {
		fprintf(stderr, "%s\n", _("recourse: request confirm needs --confirmed DATE: the date the authority confirmed it."));
		return 2;
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	cli_cancel_install();
	struct cli_progress *p = cli_progress_new(_("Checking every access again"), 0);
	st = rc_op_request_confirm(c, id, cli->confirmed, cli_progress_update, p);
	cli_progress_free(&p);
	rc_case_close(&c);
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	cli_say("%s\n", _("The confirmation was recorded. Accesses after it are now flagged."));
	return 0;
}

static int request_move(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of a request"));
	if (r)
		return r;
	int64_t id;
	if (!parse_id(cli->pos[1], &id))
		return 2;
	struct rc_request_move m = {
		.to = cli->to, .day = cli->day, .channel = cli->channel, .received = cli->received,
		.answer = cli->answer, .reasons = cli->with_reasons, .detail = cli->detail,
		.controller = cli->controller,
	};
	m.proof_fd = -1;
	if (cli->proof && (m.proof_fd = open_proof(cli->proof)) < 0)
		return rc_status_exit(RC_IO);
	m.proof_name = cli->proof;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK) {
		if (m.proof_fd >= 0)
			close(m.proof_fd);
		return cli_fail(st);
	}
	cli_cancel_install();
	struct cli_progress *p = cli_progress_new(_("Checking every access again"), 0);
	st = rc_op_request_move(c, id, &m, cli_progress_update, p);
	if (m.proof_fd >= 0)
		close(m.proof_fd);
	cli_progress_free(&p);
	struct rc_request_row row;
	bool have = st == RC_OK && rc_case_request_get(c, id, &row) == RC_OK;
	rc_case_close(&c);
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	enum rc_next_action next = RC_NEXT_NONE;
	if (have) {
		rc_next_action_parse(row.next_action, &next);
		rc_request_row_clear(&row);
	}
	/* TRANSLATORS: %s is what to do next, e.g. "wait for the answer". */
	cli_say(_("The step was recorded. Next: %s.\n"), rc_next_action_label(next));
	return 0;
}

/* A request's row with its deadline computed on today, as the case
 * operations give it (the terminal's screens read the same). */
#define req_view rc_request_view

/* Why no deadline is shown: what is missing, and how to give it. */
char *cli_unknown_why(const char *regime, const char *controller)
{
	if (!regime || !*regime)
		return rc_xstrdup(_("No deadline: the request names no legal regime, so no rule gives a period. "
		                    "Check the deadline yourself."));
	if (!controller)
		return rc_xstrdup(_("No deadline yet: the period counts the public holidays of the authority that "
		                    "must answer. Give its country: recourse request move CASE ID --controller CC "
		                    "(with the request's next step)."));
	return rc_xstrdup(_("No deadline could be computed: the regime has no period for this kind of request "
	                    "on that day, or the holiday calendar does not cover these years. Check the deadline "
	                    "yourself."));
}

static void views_free(struct req_view *v, size_t n)
{
	rc_request_views_free(&v, n);
}

/* Every request (rc_op_request_views), with the reason when no date
 * could be computed (said for the command line). */
static enum rc_status views_of(struct rc_case *c, struct req_view **out, size_t *nout)
{
	enum rc_status st = rc_op_request_views(c, rc_op_today(), out, nout);
	for (size_t i = 0; st == RC_OK && i < *nout; i++)
		if ((*out)[i].d.state == RC_DUE_UNKNOWN && !(*out)[i].explain)
			(*out)[i].explain = cli_unknown_why((*out)[i].r.regime, (*out)[i].r.controller);
	return st;
}

static const char *state_shown(const char *id, bool words)
{
	enum rc_request_state s;
	if (!words || !id || !rc_request_state_parse(id, &s))
		return id;
	return rc_request_state_label(s);
}

static int request_list(struct cli *cli)
{
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct req_view *v;
	size_t n;
	st = views_of(c, &v, &n);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	bool words = cli->format == CLI_TABLE;
	static const char *const keys[] = { "id", "kind", "regime", "state", "filed", "due", "due_state", "next",
		"confirmed", "addressee" };
	/* TRANSLATORS: column headers of "recourse request list". */
	static const char *const heads[] = { N_("ID"), N_("Kind"), N_("Regime"), N_("State"), N_("Sent"),
		N_("Due"), N_("Deadline"), N_("Next"), N_("Confirmed"), N_("Addressed to") };
	struct cli_table *t = cli_table_new(cli->format, 10, keys, heads);
	for (size_t i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof id, "%" PRId64, v[i].r.id);
		enum rc_request_kind k;
		const char *kind = v[i].r.kind;
		if (words && kind && rc_request_kind_parse(kind, &k))
			kind = rc_request_kind_label(k);
		const char *ds = rc_due_state_id(v[i].d.state);
		const char *cells[] = { id, kind, v[i].r.regime, state_shown(v[i].r.state, words), v[i].r.filed,
			*v[i].due ? v[i].due : NULL, ds,
			words ? rc_next_action_label(v[i].next) : rc_next_action_id(v[i].next),
			v[i].r.confirmed, v[i].r.addressee };
		cli_table_add(t, cells);
	}
	bool ok = cli_table_print(t, stdout);
	views_free(v, n);
	return ok ? 0 : 1;
}

static int request_show(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of a request"));
	if (r)
		return r;
	int64_t id;
	if (!parse_id(cli->pos[1], &id))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct req_view v;
	memset(&v, 0, sizeof v);
	struct rc_request_step *steps = NULL;
	size_t ns = 0;
	st = rc_case_request_get(c, id, &v.r);
	if (st == RC_OK)
		st = rc_op_request_due(c, &v.r, rc_op_today(), &v.d);
	if (st == RC_OK)
		st = rc_case_request_steps(c, id, &steps, &ns);
	int64_t checked_by = 0;
	if (st == RC_OK)
		st = rc_op_request_check_of(c, id, &checked_by);
	/* a check says what it found against what its request asked */
	struct rc_request_row asked;
	memset(&asked, 0, sizeof asked);
	if (st == RC_OK && v.r.follows > 0 && v.r.relation && !strcmp(v.r.relation, "checks")
		&& rc_case_request_get(c, v.r.follows, &asked) != RC_OK)
		memset(&asked, 0, sizeof asked);
	rc_case_close(&c);
	if (st == RC_NOTFOUND) {
		fprintf(stderr, _("recourse: there is no request %s in this case (see request list).\n"), cli->pos[1]);
		return rc_status_exit(RC_NOTFOUND);
	}
	if (st != RC_OK) {
		rc_request_row_clear(&v.r);
		return cli_fail(st);
	}
	v.next = rc_op_request_next(&v.r, &v.d);
	if (v.d.state != RC_DUE_NONE && v.d.state != RC_DUE_UNKNOWN)
		v.explain = rc_request_due_explain(&v.d);
	else if (v.d.state == RC_DUE_UNKNOWN)
		v.explain = cli_unknown_why(v.r.regime, v.r.controller);
	bool words = cli->format == CLI_TABLE;
	char ids[24];
	snprintf(ids, sizeof ids, "%" PRId64, id);
	enum rc_request_kind k;
	const char *kind = v.r.kind;
	if (words && kind && rc_request_kind_parse(kind, &k))
		kind = rc_request_kind_label(k);
	enum rc_channel ch;
	const char *channel = v.r.channel;
	if (words && channel && rc_channel_parse(channel, &ch))
		channel = rc_channel_label(ch);
	enum rc_answer_kind ak;
	const char *answer = v.r.answer;
	if (words && answer && rc_answer_kind_parse(answer, &ak))
		answer = rc_answer_kind_label(ak);
	const char *ext = v.r.ext_notice ? (v.r.ext_reasons ? (words ? _("with reasons") : "with-reasons")
	                                                    : (words ? _("without reasons") : "without-reasons")) : NULL;
	/* where it goes, by the regime's rule in force: the addressee, the
	 * route, the languages, and where to turn when it is late or refused */
	const struct rc_request_rule *rule = rc_op_request_rule(&v.r);
	const char *route = NULL;
	struct rc_buf esc;
	rc_buf_init(&esc);
	if (rule) {
		route = rule->indirect ? (words ? _("only through the data protection authority (indirect access)") : "indirect")
		                       : (words ? _("to the authority directly") : "direct");
		for (size_t i = 0; i < rule->n_esc; i++) {
			const struct rc_escalation *e = &rule->esc[i];
			rc_buf_printf(&esc, "%s%zu. %s", i ? " " : "", i + 1, e->to ? e->to : "");
			if (e->article)
				rc_buf_printf(&esc, " (%s%s%s)", e->article, e->instrument ? ", " : "",
				              e->instrument ? e->instrument : "");
			if (e->uncertain)
				/* TRANSLATORS: %s says why (from the regime file, in English). */
				rc_buf_printf(&esc, _(" Uncertain: %s"), e->uncertain);
		}
	}
	/* what it follows, and checking that it was done */
	char follows[160] = "", check[320] = "";
	if (v.r.follows > 0) {
		if (v.r.relation && !strcmp(v.r.relation, "checks"))
			/* TRANSLATORS: %lld is the number of the request this one checks. */
			snprintf(follows, sizeof follows, words ? _("checks request %lld (was it done?)") : "checks %lld",
			         (long long)v.r.follows);
		else
			/* TRANSLATORS: %lld is the number of the request this complaint is about. */
			snprintf(follows, sizeof follows, words ? _("a complaint about request %lld") : "escalates %lld",
			         (long long)v.r.follows);
	} else if (v.r.relation && !strncmp(v.r.relation, "retention:", 10)) {
		/* TRANSLATORS: %s is a system's id ("eurodac"). */
		snprintf(follows, sizeof follows, words ? _("suggested: the retention period in %s ran out") : "%s",
		         words ? v.r.relation + 10 : v.r.relation);
	}
	if (checked_by)
		/* TRANSLATORS: %lld is the number of the access request that checks this one. */
		snprintf(check, sizeof check, words ? _("checked by request %lld") : "checked-by %lld", (long long)checked_by);
	else if (rc_op_request_checkable(&v.r))
		/* TRANSLATORS: %s is the case, %lld the request; keep the command as it is. */
		snprintf(check, sizeof check, words ? _("Check it: ask for a copy of the record (recourse request check %s %lld)")
		                                    : "propose", cli->pos[0], (long long)id);
	char *check_result = rc_check_explain(asked.id ? &asked : &v.r);
	rc_request_row_clear(&asked);
	static const char *const keys[] = { "id", "kind", "regime", "state", "filed", "channel", "received",
		"addressee", "about", "correct_value", "controller", "ext_notice", "ext_reasons", "answered", "answer",
		"confirmed", "due", "registry_expects", "due_state", "deadline", "registry_status", "registry_reason",
		"registry_id", "registry_checked", "next", "law", "send_to", "route", "languages", "escalation",
		"follows", "check", "check_result", "held_value" };
	/* TRANSLATORS: field names in "recourse request show". */
	static const char *const heads[] = { N_("ID"), N_("Kind"), N_("Regime"), N_("State"), N_("Sent"),
		N_("How it was sent"), N_("Received by the authority"), N_("Addressed to"), N_("What is asked"),
		N_("What it should say"), N_("Holiday calendar"), N_("More time claimed on"), N_("Reasons given"),
		N_("Answered on"), N_("Answer"), N_("Confirmed on"), N_("Due"),
		/* TRANSLATORS: the registry's own date, shown beside the legal deadline ("Due"), never instead of it. */
		N_("The registry expects to answer by"), N_("Deadline state"),
		N_("Deadline"), N_("At the registry"), N_("The registry's reason"), N_("Its reference at the registry"),
		N_("Registry last asked"), N_("Next"), N_("The law it relies on"), N_("Who must answer (the law)"), N_("Route"),
		N_("Languages the authority accepts"), N_("If late or refused"), N_("Follows"), N_("Check"),
		N_("What the check found"), N_("What the record says now") };
	char due[RC_YMD_LEN] = "";
	if (v.d.state == RC_DUE_PENDING || v.d.state == RC_DUE_OVERDUE)
		rc_ymd_format(v.d.deadline.due, due);
	const char *vals[] = { ids, kind, v.r.regime, state_shown(v.r.state, words), v.r.filed, channel,
		v.r.received, v.r.addressee, v.r.about, v.r.correct_value, v.r.controller, v.r.ext_notice, ext,
		v.r.answered, answer, v.r.confirmed, *due ? due : NULL, v.r.expected_by, rc_due_state_id(v.d.state), v.explain,
		words ? rc_op_remote_status_label(v.r.remote_status) : v.r.remote_status, v.r.remote_reason, v.r.remote_id,
		v.r.remote_checked,
		words ? rc_next_action_label(v.next) : rc_next_action_id(v.next),
		rule ? rule->article : NULL, rule ? rule->addressee : NULL, route, rule ? rule->languages : NULL, esc.len ? rc_buf_cstr(&esc) : NULL,
		*follows ? follows : NULL, *check ? check : NULL, check_result, words ? NULL : v.r.held_value };
	int nk = (int)(sizeof keys / sizeof keys[0]);
	int ret = 0;
	if (cli->format == CLI_JSON) {
		json_t *o = json_object();
		for (int i = 0; i < nk; i++)
			json_object_set_new(o, keys[i], cli_json_text(vals[i]));
		json_object_set_new(o, "uncertain", json_boolean(v.d.uncertain));
		json_t *a = json_array();
		for (size_t i = 0; i < ns; i++) {
			json_t *s = json_object();
			json_object_set_new(s, "day", cli_json_text(steps[i].day));
			json_object_set_new(s, "at", cli_json_text(steps[i].at));
			json_object_set_new(s, "slot", cli_json_text(steps[i].slot));
			json_object_set_new(s, "from", cli_json_text(steps[i].from_state));
			json_object_set_new(s, "to", cli_json_text(steps[i].to_state));
			json_object_set_new(s, "detail", cli_json_text(steps[i].detail));
			json_object_set_new(s, "document", steps[i].document ? json_integer(steps[i].document) : json_null());
			json_array_append_new(a, s);
		}
		json_object_set_new(o, "steps", a);
		if (json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 || fputc('\n', stdout) == EOF)
			ret = 1;
		json_decref(o);
	} else {
		static const char *const fkeys[] = { "field", "value" };
		/* TRANSLATORS: column headers of "recourse request show". */
		static const char *const fheads[] = { N_("Field"), N_("Value") };
		struct cli_table *t = cli_table_new(cli->format, 2, fkeys, fheads);
		for (int i = 0; i < nk; i++) {
			if (!vals[i] || !*vals[i])
				continue;
			const char *cells[] = { words ? _(heads[i]) : keys[i], vals[i] };
			cli_table_add(t, cells);
		}
		/* the timeline: one row per step */
		for (size_t i = 0; i < ns; i++) {
			struct rc_buf b;
			rc_buf_init(&b);
			rc_buf_printf(&b, "%s %s", steps[i].day ? steps[i].day : "", state_shown(steps[i].to_state, words));
			if (steps[i].slot)
				rc_buf_printf(&b, " (%s)", steps[i].slot);
			if (steps[i].detail)
				rc_buf_printf(&b, ": %s", steps[i].detail);
			if (steps[i].document)
				/* TRANSLATORS: %lld is the number of a document kept in the case (document list). */
				rc_buf_printf(&b, words ? _(" [proof: document %lld]") : " [document %lld]",
				              (long long)steps[i].document);
			char key[32];
			snprintf(key, sizeof key, words ? _("Step %zu") : "step %zu", i + 1);
			const char *cells[] = { key, rc_buf_cstr(&b) };
			cli_table_add(t, cells);
			rc_buf_free(&b);
		}
		if (!cli_table_print(t, stdout))
			ret = 1;
	}
	rc_request_steps_free(&steps, ns);
	rc_request_row_clear(&v.r);
	free(v.explain);
	if (check_result) {
		explicit_bzero(check_result, strlen(check_result)); /* the values: personal text */
		free(check_result);
	}
	rc_buf_free(&esc);
	return ret;
}

static int request_letter(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of a request"));
	if (r)
		return r;
	int64_t id;
	if (!parse_id(cli->pos[1], &id))
		return 2;
	bool pdf = false;
	if (cli->format_given) {
		if (!strcmp(cli->format_text, "pdf"))
			pdf = true;
		else if (strcmp(cli->format_text, "text")) {
			fprintf(stderr, _("recourse: --format must be text or pdf, not \"%s\".\n"), cli->format_text);
			return 2;
		}
	}
	if (pdf && !cli->output && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("recourse: a PDF is not written to the terminal. Give --output FILE, or send it to a printer: ... | lp"));
		return 2;
	}
	if (cli->output && cli_output_exists(cli->output)) /* before the passphrase */
		return rc_status_exit(RC_IO);
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	int fd = STDOUT_FILENO;
	if (cli->output && (fd = cli_output_open(cli->output)) < 0) {
		rc_case_close(&c);
		return rc_status_exit(RC_IO);
	}
	struct rc_letter_opts o = { .lang = cli->language, .authority_lang = cli->authority_language, .pdf = pdf,
		.reminder = cli->reminder };
	st = rc_op_request_letter(c, id, &o, fd);
	rc_case_close(&c);
	if (cli->output) {
		if (st == RC_OK && fsync(fd) != 0)
			st = RC_IO;
		if (close(fd) != 0 && st == RC_OK)
			st = RC_IO;
		if (st != RC_OK)
			unlink(cli->output); /* half a letter is of no use to anyone */
	}
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st == RC_NOTFOUND) {
		fprintf(stderr, _("recourse: there is no request %s in this case (see request list).\n"), cli->pos[1]);
		return rc_status_exit(RC_NOTFOUND);
	}
	if (st != RC_OK)
		return cli_fail(st);
	if (cli->output)
		/* TRANSLATORS: %s is the file the letter was written to. */
		cli_say(_("The letter was written to %s. Read it with the applicant, sign it, and keep a copy.\n"), cli->output);
	return 0;
}

/* ------------------------------------------------------------ deadlines */

static int deadlines_ical(const char *label, struct req_view *v, size_t n)
{
	FILE *out = stdout;
	cli_ical_begin(out);
	for (size_t i = 0; i < n; i++) {
		if (!*v[i].due)
			continue;
		char uid[160], kindw[128];
		enum rc_request_kind k;
		snprintf(kindw, sizeof kindw, "%s", v[i].r.kind ? v[i].r.kind : "");
		if (v[i].r.kind && rc_request_kind_parse(v[i].r.kind, &k))
			snprintf(kindw, sizeof kindw, "%s", rc_request_kind_label(k));
		snprintf(uid, sizeof uid, "request-%" PRId64 "-%s@recourse.invalid", v[i].r.id, label);
		char summary[512];
		/* TRANSLATORS: a calendar entry's title; %1$s is the kind of
		 * request, %2$s the case's label, %3$s the request's number. */
		snprintf(summary, sizeof summary, _("Answer due: %1$s (case %2$s, request %3$" PRId64 ")"),
		         kindw, label, v[i].r.id);
		cli_ical_event(out, uid, v[i].d.deadline.due, summary, v[i].explain);
	}
	return cli_ical_end(out) ? 0 : 1;
}

static int cmp_due(const void *a, const void *b)
{
	const struct req_view *x = a, *y = b;
	if (!*x->due != !*y->due)
		return *x->due ? -1 : 1;
	int c = strcmp(x->due, y->due);
	return c ? c : (x->r.id < y->r.id ? -1 : x->r.id > y->r.id);
}

int cmd_deadlines(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	/* "deadlines CASE": the case stands where a verb would */
	struct cli d = *cli;
	char *casearg[1] = { (char *)cli->verb };
	d.pos = casearg;
	d.npos = cli->verb ? 1 : 0;
	d.verb = "";
	if (cli->office) {
		if (cli->verb) {
			fprintf(stderr, "%s\n", _("recourse: deadlines takes a case or --office, not both."));
			return 2;
		}
	} else if (cli->office_dir || cli->office_db || cli->state || cli->due_within >= 0) {
		fprintf(stderr, "%s\n", _("recourse: --office-dir, --office-db, --state and --due-within go with --office."));
		return 2;
	}
	if (cli->format_given && strcmp(cli->format_text, "ical") && strcmp(cli->format_text, "table")
		&& strcmp(cli->format_text, "csv") && strcmp(cli->format_text, "json")) {
		fprintf(stderr, _("recourse: --format must be table, csv, json or ical, not \"%s\".\n"), cli->format_text);
		return 2;
	}
	if (cli->office)
		return cmd_deadlines_office(cli);
	if (!cli->verb) {
		fprintf(stderr, "%s\n", _("recourse: deadlines needs a case."));
		fprintf(stderr, "%s\n", _("Try: recourse deadlines --help"));
		return 2;
	}
	bool ical = false;
	if (cli->format_given) {
		if (!strcmp(cli->format_text, "ical"))
			ical = true;
		else if (strcmp(cli->format_text, "table") && strcmp(cli->format_text, "csv")
			&& strcmp(cli->format_text, "json")) {
			fprintf(stderr, _("recourse: --format must be table, csv, json or ical, not \"%s\".\n"), cli->format_text);
			return 2;
		}
	}
	struct rc_case *c;
	enum rc_status st = cli_open_case(&d, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct req_view *v;
	size_t n;
	st = views_of(c, &v, &n);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	/* only what waits for an answer: open requests with or without a date */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		enum rc_request_state s;
		bool open = v[i].r.state && rc_request_state_parse(v[i].r.state, &s) && rc_request_state_open(s);
		if (open) {
			v[k++] = v[i];
		} else {
			rc_request_row_clear(&v[i].r);
			free(v[i].explain);
		}
	}
	if (k > 1)
		qsort(v, k, sizeof *v, cmp_due);
	int ret;
	if (ical) {
		ret = deadlines_ical(cli->verb, v, k);
	} else {
		bool words = cli->format == CLI_TABLE;
		static const char *const keys[] = { "id", "kind", "regime", "state", "due", "days_left", "due_state",
			"uncertain", "next", "rule" };
		/* TRANSLATORS: column headers of "recourse deadlines". */
		static const char *const heads[] = { N_("ID"), N_("Kind"), N_("Regime"), N_("State"), N_("Due"),
			N_("Days left"), N_("Deadline"), N_("Uncertain"), N_("Next"), N_("Rule") };
		struct cli_table *t = cli_table_new(cli->format, 10, keys, heads);
		cli_table_numeric(t, 5);
		for (size_t i = 0; i < k; i++) {
			char id[24], left[24] = "";
			snprintf(id, sizeof id, "%" PRId64, v[i].r.id);
			if (*v[i].due)
				snprintf(left, sizeof left, "%d", v[i].d.days_left);
			enum rc_request_kind rk;
			const char *kind = v[i].r.kind;
			if (words && kind && rc_request_kind_parse(kind, &rk))
				kind = rc_request_kind_label(rk);
			const char *unc = v[i].d.uncertain || v[i].d.rule_uncertain ? (words ? _("yes") : "true")
			                                                          : (words ? _("no") : "false");
			const char *cells[] = { id, kind, v[i].r.regime, state_shown(v[i].r.state, words),
				*v[i].due ? v[i].due : NULL, *left ? left : NULL, rc_due_state_id(v[i].d.state), unc,
				words ? rc_next_action_label(v[i].next) : rc_next_action_id(v[i].next), v[i].explain };
			cli_table_add(t, cells);
		}
		ret = cli_table_print(t, stdout) ? 0 : 1;
	}
	views_free(v, k);
	return ret;
}

/* ------------------------------------------ sent to a registry online */

static int request_submit(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a case and the ID of a request"));
	if (r)
		return r;
	int64_t id;
	if (!parse_id(cli->pos[1], &id))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_submit_result res;
	st = rc_op_request_submit(c, id, cli->registry, &res);
	rc_case_close(&c);
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	if (*res.drp_public_key)
		/* TRANSLATORS: %s is a public key (base64): not secret. */
		cli_say(_("A Data Rights Protocol key was made for this registry and kept in the case. Its public key, "
		          "to register in the registry's directory if it asks: %s\n"), res.drp_public_key);
	if (res.paired)
		cli_say("%s\n", _("The case is now paired with the registry (its token is kept in the case, encrypted)."));
	/* TRANSLATORS: %1$s is the day the registry received the request, %2$s its id there. */
	cli_say(_("Sent. The registry received it on %1$s; its reference there is %2$s.\n"), res.received, res.remote_id);
	if (*res.expected_by)
		/* TRANSLATORS: %s is a date the registry gave; the legal deadline is another date (request show). */
		cli_say(_("The registry expects to answer by %s. The legal deadline is computed from the law (request show).\n"),
		        res.expected_by);
	if (!res.drp && res.letter_attached)
		cli_say("%s\n", _("The printable letter went with it, as a PDF."));
	else if (!res.drp)
		cli_say("%s\n", _("The printable letter could not be made, so only the text of the correction was sent. "
		                  "Send the letter as the law requires (recourse request letter)."));
	else
		cli_say("%s\n", _("The Data Rights Protocol carries no legal basis: send the letter too, as the law "
		                  "requires (recourse request letter)."));
	if (!res.tracked)
		cli_say("%s\n", _("The registry gives no status to follow: follow this request by hand, and send the "
		                  "letter as the law requires."));
	else
		cli_say("%s\n", _("Follow it with: recourse request status CASE ID"));
	printf("%s\n", res.remote_id);
	return 0;
}

static int request_status(struct cli *cli)
{
	int64_t id = 0;
	if (cli->npos >= 2 && !parse_id(cli->pos[1], &id))
		return 2;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_status_change *v = NULL;
	size_t n = 0;
	st = rc_op_request_status(c, id, &v, &n);
	rc_case_close(&c);
	/* what was asked before a failure stays recorded: show it first */
	bool words = cli->format == CLI_TABLE;
	static const char *const keys[] = { "id", "state_before", "state", "registry_status", "registry_says", "reason",
		"expected_by", "day", "changed", "results_url" };
	/* TRANSLATORS: column headers of "recourse request status". */
	static const char *const heads[] = { N_("ID"), N_("Was"), N_("Now"), N_("Registry status"),
		N_("The registry says"), N_("Reason"), N_("Registry expects to answer by"), N_("Step on"),
		N_("Changed"), N_("Results") };
	if (n) {
		struct cli_table *t = cli_table_new(cli->format, 10, keys, heads);
		for (size_t i = 0; i < n; i++) {
			char ids[24];
			snprintf(ids, sizeof ids, "%" PRId64, v[i].id);
			const char *changed = v[i].changed ? (words ? _("yes") : "yes") : (words ? _("no") : "no");
			const char *cells[] = { ids, state_shown(v[i].from, words), state_shown(v[i].to, words),
				v[i].untracked ? NULL : v[i].remote_status,
				v[i].untracked ? (words ? _("nothing to follow") : "untracked") : v[i].shown,
				*v[i].reason ? v[i].reason : NULL, *v[i].expected_by ? v[i].expected_by : NULL,
				*v[i].day ? v[i].day : NULL, changed, *v[i].results_url ? v[i].results_url : NULL };
			cli_table_add(t, cells);
		}
		if (!cli_table_print(t, stdout))
			st = st == RC_OK ? RC_IO : st;
	} else if (st == RC_OK) {
		cli_say("%s\n", _("No open request of this case was sent to a registry online."));
	}
	free(v);
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st != RC_OK)
		return cli_fail(st);
	return 0;
}

int cmd_request(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	static const char *const verbs[] = { "add", "list", "show", "move", "confirm", "letter", "suggest", "check",
		"compare", "submit", "status" };
	for (size_t i = 0; cli->verb && i < sizeof verbs / sizeof verbs[0]; i++)
		if (!strcmp(cli->verb, verbs[i]) && cli->npos < 1)
			return cli_need(cli, 1, _("a case"));
	if (cli->verb && !strcmp(cli->verb, "add"))
		return request_add(cli);
	if (cli->verb && !strcmp(cli->verb, "confirm"))
		return request_confirm(cli);
	if (cli->verb && !strcmp(cli->verb, "list"))
		return request_list(cli);
	if (cli->verb && !strcmp(cli->verb, "show"))
		return request_show(cli);
	if (cli->verb && !strcmp(cli->verb, "move"))
		return request_move(cli);
	if (cli->verb && !strcmp(cli->verb, "letter"))
		return request_letter(cli);
	if (cli->verb && !strcmp(cli->verb, "suggest"))
		return request_suggest(cli);
	if (cli->verb && !strcmp(cli->verb, "check"))
		return request_check(cli);
	if (cli->verb && !strcmp(cli->verb, "compare"))
		return request_compare(cli);
	if (cli->verb && !strcmp(cli->verb, "submit"))
		return request_submit(cli);
	if (cli->verb && !strcmp(cli->verb, "status"))
		return request_status(cli);
	fprintf(stderr, _("recourse: \"request %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, _("Try: recourse request --help\n"));
	return 2;
}

/* -------------------------------------------------- powers of attorney */

int cmd_mandate(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	bool add = cli->verb && !strcmp(cli->verb, "add"), list = cli->verb && !strcmp(cli->verb, "list"),
	     revoke = cli->verb && !strcmp(cli->verb, "revoke");
	if (!add && !list && !revoke) {
		fprintf(stderr, _("recourse: \"mandate %s\" is not a command.\n"), cli->verb ? cli->verb : "");
		fprintf(stderr, _("Try: recourse mandate --help\n"));
		return 2;
	}
	int r = cli_need(cli, revoke ? 2 : 1, revoke ? _("a case and the ID of a power of attorney") : _("a case"));
	if (r)
		return r;
	int64_t id = 0;
	if (revoke && !parse_id(cli->pos[1], &id))
		return 2;
	int proof = -1;
	if (add && cli->proof && (proof = open_proof(cli->proof)) < 0)
		return rc_status_exit(RC_IO);
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK) {
		if (proof >= 0)
			close(proof);
		return cli_fail(st);
	}
	int ret = 0;
	if (add) {
		st = rc_op_mandate_add(c, cli->holder, cli->granted, proof, cli->proof, &id);
		if (proof >= 0)
			close(proof);
		if (st == RC_OK) {
			cli_say("%s\n", _("The power of attorney was recorded. Give its number to request add --mandate."));
			printf("%" PRId64 "\n", id);
		}
	} else if (revoke) {
		st = rc_op_mandate_revoke(c, id, cli->day);
		if (st == RC_OK)
			cli_say("%s\n", _("The power of attorney is recorded as revoked."));
	} else {
		struct rc_mandate_row *m;
		size_t n;
		st = rc_case_mandates(c, &m, &n);
		if (st == RC_OK) {
			static const char *const keys[] = { "id", "holder", "granted", "revoked", "document" };
			/* TRANSLATORS: column headers of "recourse mandate list". */
			static const char *const heads[] = { N_("ID"), N_("Held by"), N_("Signed"), N_("Revoked"),
				N_("Signed copy") };
			struct cli_table *t = cli_table_new(cli->format, 5, keys, heads);
			for (size_t i = 0; i < n; i++) {
				char ids[24], doc[24] = "";
				snprintf(ids, sizeof ids, "%" PRId64, m[i].id);
				if (m[i].document)
					snprintf(doc, sizeof doc, "%" PRId64, m[i].document);
				const char *cells[] = { ids, m[i].holder, m[i].granted, m[i].revoked, *doc ? doc : NULL };
				cli_table_add(t, cells);
			}
			ret = cli_table_print(t, stdout) ? 0 : 1;
			rc_mandates_free(&m, n);
		}
	}
	rc_case_close(&c);
	if (st == RC_INVALID)
		return cli_bad_arg();
	if (st == RC_NOTFOUND) {
		fprintf(stderr, "%s\n", _("recourse: there is no such power of attorney in this case (see mandate list)."));
		return rc_status_exit(RC_NOTFOUND);
	}
	if (st != RC_OK)
		return cli_fail(st);
	return ret;
}

int cmd_document(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	if (!cli->verb || strcmp(cli->verb, "list")) {
		fprintf(stderr, _("recourse: \"document %s\" is not a command.\n"), cli->verb ? cli->verb : "");
		fprintf(stderr, _("Try: recourse document --help\n"));
		return 2;
	}
	int r = cli_need(cli, 1, _("a case"));
	if (r)
		return r;
	struct rc_case *c;
	enum rc_status st = cli_open_case(cli, &c);
	if (st != RC_OK)
		return cli_fail(st);
	struct rc_document *d;
	size_t n;
	st = rc_case_documents(c, &d, &n);
	rc_case_close(&c);
	if (st != RC_OK)
		return cli_fail(st);
	static const char *const keys[] = { "id", "name", "mime", "size", "sha256", "added" };
	/* TRANSLATORS: column headers of "recourse document list". */
	static const char *const heads[] = { N_("ID"), N_("Name"), N_("Kind"), N_("Bytes"), N_("SHA-256"), N_("Added") };
	struct cli_table *t = cli_table_new(cli->format, 6, keys, heads);
	cli_table_numeric(t, 3);
	for (size_t i = 0; i < n; i++) {
		char ids[24], size[24];
		snprintf(ids, sizeof ids, "%" PRId64, d[i].id);
		snprintf(size, sizeof size, "%" PRIu64, d[i].size);
		const char *cells[] = { ids, d[i].name, d[i].mime, size, d[i].sha256, d[i].added };
		cli_table_add(t, cells);
	}
	bool ok = cli_table_print(t, stdout);
	rc_documents_free(&d, n);
	return ok ? 0 : 1;
}
