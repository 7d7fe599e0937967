/* requests.c - requests to authorities, as far as the access-log flags
 * need them; each change and the flags it moves in one transaction. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops-int.h"

static enum rc_status date_of(const char *in, const char *what, char norm[32])
{
	int64_t ts;
	if (in && rc_date_parse(in, &ts, norm, 32))
		return RC_OK;
	char *shown = rc_text_sanitize(in ? in : "", in ? strlen(in) : 0, false);
	/* TRANSLATORS: error detail; %1$s names the date (its option), %2$s what was typed. */
	rc_error_set(_("%1$s: \"%2$s\" is not a date. Write it like 2024-05-22."), what, shown);
	free(shown);
	return RC_INVALID;
}

/* Whether a complaint may be made about request id today: it is overdue,
 * or was refused or granted only in part.  RC_INVALID saying why not. */
enum rc_status ops_escalation_check(struct rc_case *c, int64_t id)
{
	struct rc_request_row e;
	enum rc_status st = rc_case_request_get(c, id, &e);
	if (st == RC_NOTFOUND) {
		/* TRANSLATORS: %lld is the number of a request. */
		rc_error_set(_("There is no request %lld in this case (see request list)."), (long long)id);
		return RC_INVALID;
	}
	if (st != RC_OK)
		return st;
	enum rc_answer_kind a = RC_AK_NONE;
	if (e.answer)
		rc_answer_kind_parse(e.answer, &a);
	/* refused, granted in part, or granted but a check found it not done */
	bool not_done = e.check_result && (!strcmp(e.check_result, "not-done") || !strcmp(e.check_result, "still-held"));
	bool ok = e.answered && (a == RC_AK_REFUSED || a == RC_AK_PARTLY || not_done);
	if (!ok && !e.answered) {
		struct rc_request_due d;
		st = rc_op_request_due(c, &e, rc_op_today(), &d);
		ok = st == RC_OK && d.state == RC_DUE_OVERDUE;
		if (st == RC_OK && !ok) {
			char due[RC_YMD_LEN];
			if (d.state == RC_DUE_PENDING) {
				rc_ymd_format(d.deadline.due, due);
				/* TRANSLATORS: %1$lld is the number of a request, %2$s the day its answer is due. */
				rc_error_set(_("Request %1$lld is not overdue: its answer is due on %2$s. A complaint about it "
				               "can be made once that day has passed."), (long long)id, due);
			} else if (!e.filed) {
				rc_error_set(_("Request %lld was never sent, so no complaint can be made about it."), (long long)id);
			} else {
				rc_error_set(_("Request %lld is neither overdue nor refused (or its deadline is not known), so a "
				               "complaint cannot cite it. Check its deadline with request show."), (long long)id);
			}
		}
	} else if (!ok) {
		rc_error_set(_("Request %lld was answered and not refused, so a complaint cannot cite a refusal or a "
		               "missed deadline."), (long long)id);
	}
	if (st == RC_OK && !ok)
		st = RC_INVALID;
	rc_request_row_clear(&e);
	return st;
}

enum rc_status ops_escalate_followed(struct rc_case *c, int64_t id, const char *day)
{
	struct rc_request_row r, e;
	enum rc_status st = rc_case_request_get(c, id, &r);
	if (st != RC_OK)
		return st;
	if (r.follows <= 0 || !r.relation || strcmp(r.relation, "escalates") != 0) {
		rc_request_row_clear(&r);
		return RC_OK;
	}
	char day10[RC_YMD_LEN], filed10[RC_YMD_LEN];
	snprintf(day10, sizeof day10, "%.10s", day); /* a time of day is dropped */
	st = rc_case_request_get(c, r.follows, &e);
	if (st == RC_OK) {
		enum rc_request_state from;
		struct rc_ymd d, f;
		/* a step on the earlier request, on the day the complaint was
		 * sent, unless it is closed (or escalated) already or the day
		 * comes before it was sent */
		if (e.state && rc_request_state_parse(e.state, &from)
			&& rc_request_move_allowed(from, RC_RS_ESCALATED, NULL)
			&& rc_ymd_parse(day10, &d) && !(e.filed && snprintf(filed10, sizeof filed10, "%.10s", e.filed) > 0
			&& rc_ymd_parse(filed10, &f) && rc_ymd_cmp(d, f) < 0)) {
			st = rc_case_request_step(c, e.id, rc_request_state_id(RC_RS_ESCALATED), day10, NULL, 0, NULL);
			if (st == RC_OK)
				st = ops_request_board(c, e.id, rc_op_today());
		}
		rc_request_row_clear(&e);
	} else if (st == RC_NOTFOUND) {
		st = RC_OK;
	}
	rc_request_row_clear(&r);
	return st;
}

enum rc_status rc_op_request_add(struct rc_case *c, const struct rc_request_in *in,
	rc_progress_fn progress, void *ud, int64_t *id)
{
	return ops_request_add_rel(c, in, NULL, progress, ud, id);
}

enum rc_status ops_request_add_rel(struct rc_case *c, const struct rc_request_in *in, const char *relation,
	rc_progress_fn progress, void *ud, int64_t *id)
{
	rc_error_clear();
	enum rc_request_kind kind;
	if (!in->kind || !rc_request_kind_parse(in->kind, &kind)) {
		char *list = rc_request_kind_list();
		/* TRANSLATORS: error detail; %s lists the kinds ("access, rectification, ..."). */
		rc_error_set(_("The kind of request must be one of: %s."), list);
		free(list);
		return RC_INVALID;
	}
	char filed[32], confirmed[32];
	bool sent = in->filed && *in->filed;
	enum rc_status st = sent ? date_of(in->filed, "--filed", filed) : RC_OK;
	if (st == RC_OK && sent && strlen(filed) >= 10) {
		struct rc_ymd d, today = rc_op_today();
		char day[11];
		memcpy(day, filed, 10);
		day[10] = 0;
		if (rc_ymd_parse(day, &d) && rc_ymd_cmp(d, today) > 0) {
			rc_error_set(_("The request cannot have been sent on %s: that day has not come yet."), day);
			st = RC_INVALID;
		}
	}
	if (st == RC_OK && in->confirmed && *in->confirmed)
		st = date_of(in->confirmed, "--confirmed", confirmed);
	enum rc_channel ch = RC_CH_POST;
	if (st == RC_OK && in->channel && *in->channel && !rc_channel_parse(in->channel, &ch)) {
		rc_error_set("%s", _("Say how the request was sent: --channel post, email, hand, fax or api."));
		st = RC_INVALID;
	}
	char *regime = NULL, *addressee = NULL, *about = NULL, *correct = NULL;
	const char *calendar = NULL;
	if (st == RC_OK && in->regime && *in->regime) {
		st = rc_op_profile_check(RC_PF_REGIMES, in->regime, &regime);
		if (st == RC_OK && regime && strchr(regime, ',')) {
			rc_error_set("%s", _("A request is made under one legal regime."));
			st = RC_INVALID;
		}
	}
	if (st == RC_OK && in->controller && *in->controller)
		st = rc_op_calendar_of(in->controller, &calendar);
	if (st == RC_OK && in->follows > 0 && !relation && kind != RC_REQ_COMPLAINT) {
		rc_error_set("%s", _("--follows is for a complaint about an earlier request. To check that a correction "
		                     "or erasure was done, use: recourse request check CASE ID."));
		st = RC_INVALID;
	}
	if (st == RC_OK && in->follows > 0 && !relation) {
		st = ops_escalation_check(c, in->follows);
		relation = "escalates";
	}
	if (st == RC_OK)
		st = ops_clean_text(in->addressee, 500, &addressee);
	if (st == RC_OK)
		st = ops_clean_text(in->about, 4000, &about);
	if (st == RC_OK)
		st = ops_clean_text(in->correct_value, 4000, &correct);
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		/* the day of the first step: the day it was sent, or today for
		 * a draft */
		char today[RC_YMD_LEN];
		rc_ymd_format(rc_op_today(), today);
		struct rc_request_row row = {
			.kind = (char *)rc_request_kind_id(kind), .regime = regime,
			.filed = sent ? filed : NULL,
			.confirmed = in->confirmed && *in->confirmed ? confirmed : NULL,
			.addressee = addressee, .state = (char *)(sent ? "filed" : "draft"),
			.channel = sent ? (char *)rc_channel_id(ch) : NULL,
			.about = about, .correct_value = correct, .controller = (char *)calendar,
			.follows = in->follows, .relation = (char *)relation,
		};
		if (in->mandate > 0) {
			struct rc_mandate_row *m = NULL;
			size_t nm = 0;
			bool found = false;
			st = rc_case_mandates(c, &m, &nm);
			for (size_t i = 0; st == RC_OK && i < nm; i++)
				if (m[i].id == in->mandate) {
					found = true;
					if (m[i].revoked) {
						/* TRANSLATORS: %s is the date the power of attorney was revoked. */
						rc_error_set(_("That power of attorney was revoked on %s."), m[i].revoked);
						st = RC_INVALID;
					}
				}
			if (st == RC_OK && !found) {
				rc_error_set("%s", _("There is no such power of attorney in this case (see mandate list)."));
				st = RC_INVALID;
			}
			if (m)
				rc_mandates_free(&m, nm);
			row.mandate = in->mandate;
		}
		int64_t rid = 0;
		if (st == RC_OK)
			st = rc_case_request_create(c, &row, sent ? filed : today, NULL, 0, &rid);
		if (st == RC_OK && sent)
			st = ops_escalate_followed(c, rid, filed);
		for (size_t i = 0; st == RC_OK && i < in->n_accesses; i++) {
			struct rc_event ev;
			st = rc_events_get(c, in->accesses[i], &ev);
			if (st == RC_NOTFOUND) {
				/* TRANSLATORS: %lld is the number of an access. */
				rc_error_set(_("There is no access %lld in this case (see log list)."), (long long)in->accesses[i]);
				st = RC_INVALID;
			} else if (st == RC_OK) {
				rc_event_clear(&ev);
				st = rc_case_request_link(c, rid, in->accesses[i], 0);
			}
		}
		if (st == RC_OK)
			st = ops_reflag(c, progress, ud);
		if (st == RC_OK)
			st = ops_request_board(c, rid, rc_op_today());
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
		if (st == RC_OK && id)
			*id = rid;
	}
	free(regime);
	free(addressee);
	free(about);
	free(correct);
	return st;
}

enum rc_status rc_op_request_confirm(struct rc_case *c, int64_t id, const char *date,
	rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	char d[32];
	enum rc_status st = date_of(date, "--confirmed", d);
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		st = rc_case_request_confirm(c, id, d);
		if (st == RC_OK)
			st = ops_reflag(c, progress, ud);
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	return st;
}
