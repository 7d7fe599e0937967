/* followup.c - what follows from the law and from an answer: erasure
 * requests the retention periods call for (the data should already be
 * gone), and checking that a granted correction or erasure was done (an
 * access request that follows it, and what its answer shows compared
 * with what was asked). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops-int.h"

/* ------------------------------------------------------------------ */
/* Retention periods that have run out. */

static bool day_of(const char *s, struct rc_ymd *d)
{
	if (!s || strlen(s) < 10)
		return false;
	char b[11];
	memcpy(b, s, 10);
	b[10] = 0;
	return rc_ymd_parse(b, d);
}

/* An erasure request still waiting (a draft, sent and not yet answered,
 * or escalated) that covers system of regime: one made from a suggestion
 * for that system, or any other erasure under that regime. */
static int64_t open_erasure(const struct rc_request_row *rows, size_t n, const char *regime, const char *system)
{
	char rel[64];
	snprintf(rel, sizeof rel, "retention:%s", system);
	for (size_t i = 0; i < n; i++) {
		const struct rc_request_row *r = &rows[i];
		enum rc_request_state s;
		if (!r->kind || strcmp(r->kind, "erasure") || !r->state || !rc_request_state_parse(r->state, &s))
			continue;
		if (!(s == RC_RS_DRAFT || s == RC_RS_ESCALATED || rc_request_state_open(s)))
			continue;
		if ((r->relation && !strcmp(r->relation, rel))
			|| (!r->relation && r->regime && regime && !strcmp(r->regime, regime)))
			return r->id;
	}
	return 0;
}

void rc_retention_suggestions_free(struct rc_retention_suggestion **s, size_t n)
{
	for (size_t i = 0; *s && i < n; i++)
		free((*s)[i].accesses);
	free(*s);
	*s = NULL;
}

enum rc_status rc_op_retention_suggestions(struct rc_case *c, struct rc_retention_suggestion **out, size_t *nout)
{
	rc_error_clear();
	*out = NULL;
	*nout = 0;
	struct rc_flag_ctx ctx;
	enum rc_status st = rc_op_flag_ctx(c, &ctx);
	if (st != RC_OK)
		return st;
	struct rc_request_row *rows = NULL;
	size_t nrows = 0;
	st = rc_case_requests(c, &rows, &nrows);
	struct rc_ymd today = rc_op_today();
	struct rc_retention_suggestion *v = NULL;
	size_t n = 0;
	for (size_t i = 0; st == RC_OK && i < ctx.n_dates; i++) {
		bool seen = false; /* one suggestion per system, whatever its datasets */
		for (size_t j = 0; j < i; j++)
			seen |= !strcmp(ctx.dates[j].system, ctx.dates[i].system);
		if (seen)
			continue;
		struct rc_retention_finding f;
		/* the law in force today: the day the data is still held */
		rc_regimes_retention_id(ctx.regimes, ctx.dates[i].system, today, ctx.dates, ctx.n_dates, &f);
		if (f.after != RC_VERDICT_YES)
			continue; /* not over yet, or not computable: never a guess */
		/* The data should have been erased under the law in force on
		 * the day its period ended, not under a later one: the period
		 * again, by the version in force on that day, while it moves
		 * the end (still before today).  A record of 2013 whose ten
		 * years ended in 2023 cites 603/2013, not 2024/1358. */
		for (int k = 0; k < 3; k++) {
			struct rc_retention_finding h;
			rc_regimes_retention_id(ctx.regimes, ctx.dates[i].system, f.end, ctx.dates, ctx.n_dates, &h);
			if (!rc_ymd_valid(h.end) || rc_ymd_cmp(h.end, today) >= 0 || !h.regime_id)
				break;
			bool same = rc_ymd_cmp(h.end, f.end) == 0 && h.basis.instrument == f.basis.instrument;
			h.after = RC_VERDICT_YES;
			f = h;
			if (same)
				break;
		}
		v = rc_xrealloc(v, (n + 1) * sizeof *v);
		struct rc_retention_suggestion *s = &v[n++];
		memset(s, 0, sizeof *s);
		s->n = n;
		s->system_id = f.system_id;
		s->system_name = f.system_name;
		s->dataset_title = f.dataset_title;
		s->regime_id = f.regime_id;
		s->start = f.start;
		s->end = f.end;
		s->period = f.period;
		s->basis = f.basis;
		s->open_request = open_erasure(rows, nrows, f.regime_id, f.system_id);
	}
	/* the accesses that show the data still held: each flagged as after
	 * its retention period, in a system a suggestion names */
	if (st == RC_OK && n) {
		struct rc_event_filter flt;
		rc_event_filter_init(&flt);
		flt.flag = RC_FLAG_RETENTION;
		flt.sort = RC_SORT_OLDEST;
		struct rc_event_cursor cur = { .valid = false };
		struct rc_event page[64];
		size_t got;
		do {
			got = 0;
			st = rc_events_page(c, &flt, &cur, 64, page, &got);
			for (size_t k = 0; st == RC_OK && k < got; k++) {
				struct rc_ymd d;
				if (day_of(page[k].occurred, &d)) {
					struct rc_retention_finding f;
					rc_regimes_retention(ctx.regimes, page[k].system, d, ctx.dates, ctx.n_dates, &f);
					for (size_t j = 0; f.system_id && j < n; j++)
						if (!strcmp(v[j].system_id, f.system_id) && v[j].n_accesses < RC_SUGGESTION_MAX_ACCESSES) {
							v[j].accesses = rc_xrealloc(v[j].accesses, (v[j].n_accesses + 1) * sizeof *v[j].accesses);
							v[j].accesses[v[j].n_accesses++] = page[k].id;
						}
				}
			}
			for (size_t k = 0; k < got; k++)
				rc_event_clear(&page[k]);
		} while (st == RC_OK && got == 64);
	}
	rc_request_rows_free(&rows, nrows);
	/* the strings point into the catalogue (kept until exit), not into
	 * the ctx's subset: the subset shares the catalogue's strings */
	rc_flag_ctx_clear(&ctx);
	if (st != RC_OK) {
		rc_retention_suggestions_free(&v, n);
		return st;
	}
	*out = v;
	*nout = n;
	return RC_OK;
}

char *rc_retention_suggestion_about(const struct rc_retention_suggestion *s)
{
	char end[RC_YMD_LEN], start[RC_YMD_LEN];
	rc_ymd_format(s->end, end);
	rc_ymd_format(s->start, start);
	struct rc_buf b;
	rc_buf_init(&b);
	const char *art = s->basis.article, *ins = s->basis.instrument;
	char cite[256];
	snprintf(cite, sizeof cite, "%s%s%s", art ? art : "", art && ins ? ", " : "", ins ? ins : "");
	/* TRANSLATORS: the text of an erasure request made from an expired
	 * retention period.  %1$s the system ("Eurodac"), %2$s the dataset,
	 * %3$s the day its period started, %4$s the rule ("Art. 17(1),
	 * 2024/1358"), %5$s the day the data should have been erased. */
	rc_buf_printf(&b, _("My data in %1$s (%2$s, kept from %3$s) may be kept only for the period %4$s sets. "
	                    "That period ended on %5$s: the data should have been erased by then."),
		s->system_name ? s->system_name : s->system_id, s->dataset_title ? s->dataset_title : "", start,
		*cite ? cite : s->regime_id, end);
	if (s->n_accesses)
		rc_buf_printf(&b, " %s", ngettext("The access log shows the data was still used after that day "
		                                   "(the access listed below).",
		                                   "The access log shows the data was still used after that day "
		                                   "(the accesses listed below).", s->n_accesses));
	rc_buf_cstr(&b);
	return b.data;
}

enum rc_status rc_op_retention_draft(struct rc_case *c, size_t number, rc_progress_fn progress, void *ud,
	int64_t *id)
{
	struct rc_retention_suggestion *v;
	size_t n;
	enum rc_status st = rc_op_retention_suggestions(c, &v, &n);
	if (st != RC_OK)
		return st;
	if (number < 1 || number > n) {
		if (n)
			/* TRANSLATORS: %zu is how many suggestions there are. */
			rc_error_set(ngettext("There is %zu suggestion (see request suggest).",
			                      "There are %zu suggestions (see request suggest).", n), n);
		else
			rc_error_set("%s", _("No retention period of this case has run out: there is nothing to suggest."));
		rc_retention_suggestions_free(&v, n);
		return RC_INVALID;
	}
	struct rc_retention_suggestion *s = &v[number - 1];
	if (s->open_request) {
		/* TRANSLATORS: %lld is the number of a request. */
		rc_error_set(_("An erasure request about this data is open already: request %lld (see request show)."),
			(long long)s->open_request);
		rc_retention_suggestions_free(&v, n);
		return RC_INVALID;
	}
	char *about = rc_retention_suggestion_about(s);
	char rel[64];
	snprintf(rel, sizeof rel, "retention:%s", s->system_id);
	struct rc_request_in in = {
		.kind = "erasure", .regime = s->regime_id, .about = about,
		.accesses = s->accesses, .n_accesses = s->n_accesses,
	};
	st = ops_request_add_rel(c, &in, rel, progress, ud, id);
	free(about);
	rc_retention_suggestions_free(&v, n);
	return st;
}

/* ------------------------------------------------------------------ */
/* Checking that a granted correction or erasure was done. */

static bool checkable(const struct rc_request_row *r)
{
	enum rc_answer_kind a = RC_AK_NONE;
	if (!r->kind || !r->answer || !rc_answer_kind_parse(r->answer, &a))
		return false;
	return (a == RC_AK_GRANTED || a == RC_AK_PARTLY) && r->state && !strcmp(r->state, "answered")
		&& (!strcmp(r->kind, "rectification") || !strcmp(r->kind, "completion") || !strcmp(r->kind, "erasure"));
}

enum rc_status rc_op_request_check_of(struct rc_case *c, int64_t id, int64_t *check)
{
	*check = 0;
	struct rc_request_row *rows;
	size_t n;
	enum rc_status st = rc_case_requests(c, &rows, &n);
	if (st != RC_OK)
		return st;
	for (size_t i = 0; i < n; i++)
		if (rows[i].follows == id && rows[i].relation && !strcmp(rows[i].relation, "checks"))
			*check = rows[i].id; /* the last one */
	rc_request_rows_free(&rows, n);
	return RC_OK;
}

bool rc_op_request_checkable(const struct rc_request_row *r)
{
	return checkable(r) && !r->check_result;
}

enum rc_status rc_op_request_check_add(struct rc_case *c, int64_t id, rc_progress_fn progress, void *ud,
	int64_t *check)
{
	rc_error_clear();
	struct rc_request_row r;
	enum rc_status st = rc_case_request_get(c, id, &r);
	if (st != RC_OK)
		return st;
	int64_t have = 0;
	if (!checkable(&r)) {
		rc_error_set(_("Request %lld cannot be checked: only a correction, completion or erasure the authority "
		               "answered it granted (or partly) can be."), (long long)id);
		st = RC_INVALID;
	} else if ((st = rc_op_request_check_of(c, id, &have)) == RC_OK && have) {
		/* TRANSLATORS: %1$lld is the number of the check, %2$lld of the request it checks. */
		rc_error_set(_("Request %1$lld checks request %2$lld already."), (long long)have, (long long)id);
		st = RC_INVALID;
	}
	if (st == RC_OK) {
		/* TRANSLATORS: what a follow-up access request asks; %1$s is the
		 * kind of the earlier request ("correction"), %2$s the day the
		 * authority answered it. */
		char *about = NULL;
		struct rc_buf b;
		rc_buf_init(&b);
		enum rc_request_kind k = RC_REQ_ACCESS;
		rc_request_kind_parse(r.kind, &k);
		rc_buf_printf(&b, _("A copy of the data held about me, to check the %1$s you granted on %2$.10s."),
			rc_request_kind_label(k), r.answered ? r.answered : "");
		about = rc_xstrdup(rc_buf_cstr(&b));
		rc_buf_free(&b);
		struct rc_request_in in = {
			.kind = "access", .regime = r.regime, .controller = r.controller, .about = about,
			.follows = id,
		};
		st = ops_request_add_rel(c, &in, "checks", progress, ud, check);
		free(about);
	}
	rc_request_row_clear(&r);
	return st;
}

/* Spaces at the ends and runs of spaces do not count, nor letter case
 * (ASCII): "Amina  Yusuf " is "amina yusuf". */
static char *norm_value(const char *s)
{
	struct rc_buf b;
	rc_buf_init(&b);
	bool space = false;
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			rc_buf_addstr(&b, " ");
		space = false;
		char ch = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		rc_buf_printf(&b, "%c", ch);
	}
	char *r = rc_xstrdup(rc_buf_cstr(&b));
	explicit_bzero(b.data, b.len);
	rc_buf_free(&b);
	return r;
}

enum rc_check_result rc_check_compare(const char *asked, const char *held)
{
	if (!asked || !held)
		return RC_CHECK_NONE;
	char *a = norm_value(asked), *h = norm_value(held);
	enum rc_check_result r = *a && !strcmp(a, h) ? RC_CHECK_DONE : RC_CHECK_NOT_DONE;
	explicit_bzero(a, strlen(a));
	explicit_bzero(h, strlen(h));
	free(a);
	free(h);
	return r;
}

static const char *const result_ids[] = {
	[RC_CHECK_NONE] = NULL, [RC_CHECK_DONE] = "done", [RC_CHECK_NOT_DONE] = "not-done",
	[RC_CHECK_ERASED] = "erased", [RC_CHECK_STILL_HELD] = "still-held",
};

const char *rc_check_result_id(enum rc_check_result r)
{
	return r > RC_CHECK_NONE && r <= RC_CHECK_STILL_HELD ? result_ids[r] : NULL;
}

bool rc_check_result_parse(const char *id, enum rc_check_result *out)
{
	for (int i = RC_CHECK_DONE; id && i <= RC_CHECK_STILL_HELD; i++)
		if (!strcmp(id, result_ids[i])) {
			*out = (enum rc_check_result)i;
			return true;
		}
	return false;
}

char *rc_check_explain(const struct rc_request_row *r)
{
	enum rc_check_result res;
	if (!r->check_result || !rc_check_result_parse(r->check_result, &res))
		return NULL;
	struct rc_buf b;
	rc_buf_init(&b);
	switch (res) {
	case RC_CHECK_DONE:
		/* TRANSLATORS: the result of checking a correction; %s is the day of the check. */
		rc_buf_printf(&b, _("Corrected as asked (checked on %s)."), r->check_day ? r->check_day : "");
		break;
	case RC_CHECK_NOT_DONE:
		/* TRANSLATORS: %1$s what the record says now, %2$s what the person asked for, %3$s the day of the check. */
		rc_buf_printf(&b, _("The record still says \"%1$s\"; you asked for \"%2$s\" (checked on %3$s)."),
			r->held_value ? r->held_value : "", r->correct_value ? r->correct_value : "",
			r->check_day ? r->check_day : "");
		break;
	case RC_CHECK_ERASED:
		rc_buf_printf(&b, _("Erased as asked: the answer shows the data is no longer held (checked on %s)."),
			r->check_day ? r->check_day : "");
		break;
	case RC_CHECK_STILL_HELD:
		rc_buf_printf(&b, _("The data is still held, although the erasure was granted (checked on %s)."),
			r->check_day ? r->check_day : "");
		break;
	default:
		break;
	}
	rc_buf_cstr(&b);
	return b.data;
}

enum rc_status rc_op_request_compare(struct rc_case *c, int64_t id, const struct rc_check_in *in,
	enum rc_check_result *result)
{
	rc_error_clear();
	/* id: the check, or the request it checks */
	struct rc_request_row chk, orig;
	memset(&orig, 0, sizeof orig);
	enum rc_status st = rc_case_request_get(c, id, &chk);
	if (st != RC_OK)
		return st;
	int64_t check_id = 0, orig_id = 0;
	if (chk.relation && !strcmp(chk.relation, "checks")) {
		check_id = id;
		orig_id = chk.follows;
	} else {
		orig_id = id;
		st = rc_op_request_check_of(c, id, &check_id);
		if (st == RC_OK && !check_id) {
			rc_error_set(_("Request %lld has no check yet: make one with request check, send it, and record "
			               "its answer first."), (long long)id);
			st = RC_INVALID;
		}
		rc_request_row_clear(&chk);
		if (st == RC_OK)
			st = rc_case_request_get(c, check_id, &chk);
	}
	if (st == RC_OK)
		st = rc_case_request_get(c, orig_id, &orig);
	if (st == RC_OK && (!chk.state || strcmp(chk.state, "answered"))) {
		rc_error_set(_("The check (request %lld) has no answer yet: record it with request move --to answered "
		               "first."), (long long)check_id);
		st = RC_INVALID;
	}
	char day[RC_YMD_LEN];
	struct rc_ymd d = rc_op_today();
	if (st == RC_OK && chk.answered)
		day_of(chk.answered, &d);
	rc_ymd_format(d, day);
	enum rc_check_result res = RC_CHECK_NONE;
	char *held = NULL;
	bool erasure = orig.kind && !strcmp(orig.kind, "erasure");
	if (st == RC_OK && erasure) {
		if (in->still_held < 0) {
			rc_error_set("%s", _("Say whether the answer shows the data still held: --still-held yes or no."));
			st = RC_INVALID;
		} else {
			res = in->still_held ? RC_CHECK_STILL_HELD : RC_CHECK_ERASED;
		}
	} else if (st == RC_OK) {
		st = ops_clean_text(in->held_value, 4000, &held);
		if (st == RC_OK && !held) {
			rc_error_set("%s", _("Give what the record says now, from the answer: --held-value - (read from "
			                     "standard input)."));
			st = RC_INVALID;
		} else if (st == RC_OK && !orig.correct_value) {
			rc_error_set(_("Request %lld does not say what the record should say, so there is nothing to "
			               "compare with."), (long long)orig_id);
			st = RC_INVALID;
		}
		if (st == RC_OK)
			res = rc_check_compare(orig.correct_value, held);
	}
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		struct rc_request_row shown = orig;
		shown.check_day = day;
		shown.check_result = (char *)rc_check_result_id(res);
		shown.held_value = held;
		char *note = rc_check_explain(&shown);
		st = rc_case_request_checked(c, orig_id, day, rc_check_result_id(res), held, note);
		if (st == RC_OK)
			st = rc_case_request_checked(c, check_id, day, rc_check_result_id(res), held, note);
		if (note) {
			explicit_bzero(note, strlen(note));
			free(note);
		}
		if (st == RC_OK)
			st = ops_request_board(c, orig_id, rc_op_today());
		if (st == RC_OK)
			st = ops_request_board(c, check_id, rc_op_today());
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	if (held) {
		explicit_bzero(held, strlen(held));
		free(held);
	}
	if (st == RC_OK && result)
		*result = res;
	rc_request_row_clear(&chk);
	rc_request_row_clear(&orig);
	return st;
}
