/* request.c - a request's states and the moves between them, and its
 * deadline under the regime's rule (deadline.c does the counting). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* ---- names ---- */

#define NAME_TABLE(type, count, INFO, ROW, idfn, labelfn, parsefn) \
	static const struct { const char *id, *label; } type##_names[count] = { INFO(ROW) }; \
	const char *idfn(enum type v) { return v >= 0 && (int)v < count ? type##_names[v].id : NULL; } \
	const char *labelfn(enum type v) { return v >= 0 && (int)v < count ? _(type##_names[v].label) : NULL; } \
	bool parsefn(const char *id, enum type *out) \
	{ \
		for (int i = 0; id && i < count; i++) \
			if (!strcmp(id, type##_names[i].id)) { \
				*out = (enum type)i; \
				return true; \
			} \
		return false; \
	}

#define ROW3(name, id, label) { id, label },
NAME_TABLE(rc_request_state, RC_RS_COUNT, RC_REQUEST_STATE_INFO, ROW3, rc_request_state_id,
	rc_request_state_label, rc_request_state_parse)
NAME_TABLE(rc_answer_kind, RC_AK_COUNT, RC_ANSWER_KIND_INFO, ROW3, rc_answer_kind_id,
	rc_answer_kind_label, rc_answer_kind_parse)
NAME_TABLE(rc_channel, RC_CH_COUNT, RC_CHANNEL_INFO, ROW3, rc_channel_id, rc_channel_label,
	rc_channel_parse)

bool rc_request_state_open(enum rc_request_state s)
{
	return s == RC_RS_FILED || s == RC_RS_ACKNOWLEDGED || s == RC_RS_CLARIFICATION || s == RC_RS_EXTENDED;
}

/* ---- moves ---- */

/* allowed[from][to]: the steps a request can take.  A request once sent
 * never becomes a draft again; once closed it stays closed (a new request
 * is a new request); a complaint (escalated) can come from any open state
 * and after an answer (a refusal); the authority's answer can still come
 * after a complaint. */
static const bool allowed[RC_RS_COUNT][RC_RS_COUNT] = {
	/*                    DRAFT  FILED  ACK    CLAR   EXT    ANS    ESC    CLOSED */
	[RC_RS_DRAFT]         = { 0,     1,     0,     0,     0,     0,     0,     1 },
	[RC_RS_FILED]         = { 0,     0,     1,     1,     1,     1,     1,     1 },
	[RC_RS_ACKNOWLEDGED]  = { 0,     0,     0,     1,     1,     1,     1,     1 },
	[RC_RS_CLARIFICATION] = { 0,     0,     1,     0,     1,     1,     1,     1 },
	[RC_RS_EXTENDED]      = { 0,     0,     0,     1,     0,     1,     1,     1 },
	[RC_RS_ANSWERED]      = { 0,     0,     0,     0,     0,     0,     1,     1 },
	[RC_RS_ESCALATED]     = { 0,     0,     0,     0,     0,     1,     0,     1 },
	[RC_RS_CLOSED]        = { 0,     0,     0,     0,     0,     0,     0,     0 },
};

bool rc_request_move_allowed(enum rc_request_state from, enum rc_request_state to, const char **why)
{
	const char *w = NULL;
	if (from < 0 || from >= RC_RS_COUNT || to < 0 || to >= RC_RS_COUNT)
		/* TRANSLATORS: why a request cannot take a step. */
		w = N_("That is not a state a request can be in.");
	else if (allowed[from][to])
		return true;
	else if (from == to)
		w = N_("The request is in that state already.");
	else if (from == RC_RS_CLOSED)
		w = N_("The request is closed. Make a new request instead.");
	else if (to == RC_RS_DRAFT)
		w = N_("A request that was sent cannot become a draft again.");
	else if (to == RC_RS_FILED)
		w = N_("The request was sent already.");
	else if (from == RC_RS_DRAFT)
		w = N_("Send the request first (the step \"filed\").");
	else if (from == RC_RS_ANSWERED)
		w = N_("The authority has answered already.");
	else
		w = N_("That step does not follow from where the request is.");
	if (why)
		*why = _(w);
	return false;
}

/* ---- the deadline ---- */

static bool ymd_set(struct rc_ymd d)
{
	return d.y != 0;
}

enum rc_status rc_request_due(const struct rc_request_rule *rule, const struct rc_holidays *holidays,
	const char *controller_calendar, const struct rc_request_times *t, struct rc_ymd today,
	struct rc_request_due *out)
{
	memset(out, 0, sizeof *out);
	if (!ymd_set(t->received) || t->state == RC_RS_DRAFT || t->state == RC_RS_CLOSED ||
	    (t->state == RC_RS_ANSWERED && ymd_set(t->answered))) {
		out->state = RC_DUE_NONE;
		return RC_OK;
	}
	if (!rule || !rule->known || !rule->available) {
		out->state = RC_DUE_UNKNOWN;
		return RC_OK;
	}
	if (rule->answer.p.n == 0) {
		out->state = RC_DUE_NONE; /* the law sets no period */
		return RC_OK;
	}
	const struct rc_rule_period *ans = &rule->answer;
	struct rc_deadline_query *q = &out->query;
	q->event = t->received;
	q->period = ans->p;
	q->rule = ans->has_counting ? ans->counting : RC_RULE_EU_1182_71;
	if (!ans->has_counting)
		out->rule_uncertain = N_("the regime file does not say how this period is counted");
	if (ans->uncertain)
		out->rule_uncertain = ans->uncertain;
	else if (rule->uncertain)
		out->rule_uncertain = rule->uncertain;
	q->calendar = ans->calendar && strcmp(ans->calendar, "controller") ? ans->calendar : controller_calendar;
	q->whose = RC_WHOSE_AUTHORITY;
	/* The clock stands while a clarification is awaited, where the regime
	 * says so; one still awaited runs to today. */
	struct rc_pause pauses[RC_DEADLINE_MAX_PAUSES];
	size_t np = 0;
	bool paused_now = false;
	if (rule->clock_stops) {
		for (size_t i = 0; i < t->n_pauses && np < RC_DEADLINE_MAX_PAUSES; i++) {
			pauses[np] = t->pauses[i];
			if (!ymd_set(pauses[np].received)) {
				pauses[np].received = today;
				paused_now = true;
			}
			np++;
		}
	}
	q->pauses = np ? pauses : NULL;
	q->n_pauses = np;
	/* An extension counts only when the regime allows one and the
	 * authority said so, with reasons, within the time for telling. */
	if (t->extension_claimed) {
		const char *why = NULL;
		if (rule->extension.p.n == 0) {
			/* TRANSLATORS: why an extension the authority claimed does not count. */
			why = N_("the law gives no extension for this request");
		} else if (!ymd_set(t->extension_notice)) {
			why = N_("the day the authority said it needed more time is not recorded");
		} else if (!t->extension_reasons) {
			why = N_("the authority gave no reasons for the delay");
		} else {
			struct rc_deadline_query nq = *q;
			nq.period = rule->notice.p.n ? rule->notice.p : ans->p;
			nq.n_ext = 0;
			struct rc_deadline nd;
			if (rc_deadline_compute(holidays, &nq, &nd) == RC_OK && rc_ymd_cmp(t->extension_notice, nd.latest) > 0)
				why = N_("the authority said so after the time it had to tell you");
		}
		if (why) {
			out->extension_unlawful = true;
			out->extension_why = _(why);
		} else {
			q->ext[0] = rule->extension.p;
			q->n_ext = 1;
			out->extension_counted = true;
		}
	}
	enum rc_status st = rc_deadline_compute(holidays, q, &out->deadline);
	q->pauses = NULL; /* the local array goes out of scope */
	q->n_pauses = 0;
	if (st == RC_NOTFOUND) {
		out->state = RC_DUE_UNKNOWN;
		return RC_OK;
	}
	if (st != RC_OK)
		return st;
	const char *art = ans->article ? ans->article : rule->article;
	const char *ins = ans->instrument ? ans->instrument : rule->instrument;
	if (art && ins)
		snprintf(out->cite_buf, sizeof out->cite_buf, "%s, %s", art, ins);
	else
		snprintf(out->cite_buf, sizeof out->cite_buf, "%s", art ? art : ins ? ins : "");
	out->cite = out->cite_buf[0] ? out->cite_buf : NULL;
	out->uncertain = out->deadline.uncertain != 0 || out->rule_uncertain;
	out->days_left = rc_ymd_diff(today, out->deadline.due); /* due - today */
	if (paused_now)
		out->state = RC_DUE_PAUSED;
	else
		out->state = out->days_left < 0 ? RC_DUE_OVERDUE : RC_DUE_PENDING;
	return RC_OK;
}

char *rc_request_due_explain(const struct rc_request_due *d)
{
	struct rc_buf b;
	rc_buf_init(&b);
	switch (d->state) {
	case RC_DUE_NONE:
		/* TRANSLATORS: a request with no deadline running. */
		rc_buf_addstr(&b, _("No answer is awaited now."));
		break;
	case RC_DUE_UNKNOWN:
		/* TRANSLATORS: the deadline cannot be computed; never a guess. */
		rc_buf_addstr(&b, _("The deadline cannot be computed: the rules of this regime or the public holidays of this authority are missing. Ask your lawyer."));
		break;
	default: {
		int n = d->days_left < 0 ? -d->days_left : d->days_left;
		if (d->state == RC_DUE_PAUSED)
			/* TRANSLATORS: the clock of a request stands. */
			rc_buf_addstr(&b, _("The time limit is paused while the authority waits for the information it asked for."));
		else if (d->state == RC_DUE_OVERDUE)
			/* TRANSLATORS: %d is a number of days. */
			rc_buf_printf(&b, ngettext("Overdue by %d day.", "Overdue by %d days.", n), n);
		else if (n == 0)
			rc_buf_addstr(&b, _("Due today."));
		else
			/* TRANSLATORS: %d is a number of days. */
			rc_buf_printf(&b, ngettext("Due in %d day.", "Due in %d days.", n), n);
		struct rc_deadline_query q = d->query;
		char *e = rc_deadline_explain(&q, &d->deadline, d->cite);
		if (e)
			rc_buf_printf(&b, " %s", e);
		free(e);
		if (d->extension_unlawful)
			/* TRANSLATORS: %s says why the extension does not count. */
			rc_buf_printf(&b, _(" The authority said it needed more time, but that does not count: %s."), d->extension_why);
		if (d->rule_uncertain) {
			/* the regime file's reason, without its own full stop: the
			 * sentence gives one */
			const char *why = _(d->rule_uncertain);
			size_t wl = strlen(why);
			while (wl && (why[wl - 1] == '.' || why[wl - 1] == ' '))
				wl--;
			char *w = rc_xstrndup(why, wl);
			/* TRANSLATORS: %s says why (from the regime file, in English). */
			rc_buf_printf(&b, _(" Uncertain: %s."), w);
			free(w);
		}
		break;
	}
	}
	rc_buf_cstr(&b);
	return b.data;
}
