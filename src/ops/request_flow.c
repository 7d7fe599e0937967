/* request_flow.c - a request followed from draft to its answer: each move
 * checked against the states' rules, its deadline computed from the
 * regime's rule in force on the day the authority received it, and what
 * the office board reads (due date, its state, the next thing to do)
 * written in the same transaction as the move. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops-int.h"

static const char *const next_ids[RC_NEXT_COUNT] = {
#define RC_NX_ID(name, id, label) [RC_NEXT_##name] = id,
	RC_NEXT_ACTION_INFO(RC_NX_ID)
#undef RC_NX_ID
};
static const char *const next_labels[RC_NEXT_COUNT] = {
#define RC_NX_LABEL(name, id, label) [RC_NEXT_##name] = label,
	RC_NEXT_ACTION_INFO(RC_NX_LABEL)
#undef RC_NX_LABEL
};

const char *rc_next_action_id(enum rc_next_action a)
{
	return a < RC_NEXT_COUNT ? next_ids[a] : "none";
}

const char *rc_next_action_label(enum rc_next_action a)
{
	return _(a < RC_NEXT_COUNT ? next_labels[a] : next_labels[RC_NEXT_NONE]);
}

bool rc_next_action_parse(const char *id, enum rc_next_action *out)
{
	for (int i = 0; id && i < RC_NEXT_COUNT; i++)
		if (!strcmp(id, next_ids[i])) {
			*out = (enum rc_next_action)i;
			return true;
		}
	return false;
}

const char *rc_due_state_id(enum rc_due_state s)
{
	switch (s) {
	case RC_DUE_PENDING: return "pending";
	case RC_DUE_OVERDUE: return "overdue";
	case RC_DUE_PAUSED: return "paused";
	case RC_DUE_UNKNOWN: return "unknown";
	default: return "none";
	}
}

static bool day_of(const char *s, struct rc_ymd *d)
{
	if (!s || strlen(s) < 10)
		return false;
	char b[11];
	memcpy(b, s, 10);
	b[10] = 0;
	return rc_ymd_parse(b, d);
}

struct rc_ymd rc_op_today(void)
{
	char iso[32];
	rc_time_iso(rc_now(), iso, sizeof iso);
	struct rc_ymd d = { 0, 0, 0 };
	day_of(iso, &d);
	return d;
}

/* The clock's pauses: from a move into "clarification" to the move out
 * of it (the day the person sent what was asked). */
static size_t pauses_of(const struct rc_request_step *s, size_t n, struct rc_pause *p, size_t max)
{
	size_t k = 0;
	bool open = false;
	for (size_t i = 0; i < n; i++) {
		struct rc_ymd d;
		if (!day_of(s[i].day, &d))
			continue;
		if (s[i].to_state && !strcmp(s[i].to_state, "clarification")) {
			if (!open && k < max) {
				p[k].asked = d;
				p[k].received = (struct rc_ymd){ 0, 0, 0 };
				open = true;
			}
		} else if (open && s[i].from_state && !strcmp(s[i].from_state, "clarification")) {
			p[k++].received = d;
			open = false;
		}
	}
	if (open && k < max)
		k++; /* still waiting: received y 0 */
	return k;
}

enum rc_status rc_op_request_due(struct rc_case *c, const struct rc_request_row *r, struct rc_ymd today,
	struct rc_request_due *out)
{
	struct rc_request_step *steps = NULL;
	size_t ns = 0;
	enum rc_status st = rc_case_request_steps(c, r->id, &steps, &ns);
	if (st != RC_OK) {
		memset(out, 0, sizeof *out);
		out->state = RC_DUE_UNKNOWN;
		return st;
	}
	st = rc_op_request_due_of(r, steps, ns, today, out);
	rc_request_steps_free(&steps, ns);
	return st;
}

enum rc_status rc_op_request_due_of(const struct rc_request_row *r, const struct rc_request_step *steps, size_t ns,
	struct rc_ymd today, struct rc_request_due *out)
{
	memset(out, 0, sizeof *out);
	out->state = RC_DUE_UNKNOWN;
	enum rc_request_kind kind;
	enum rc_request_state state;
	if (!r->kind || !rc_request_kind_parse(r->kind, &kind) || !r->state
		|| !rc_request_state_parse(r->state, &state))
		return RC_OK;
	struct rc_request_times t = { .kind = kind, .state = state };
	if (!day_of(r->received ? r->received : r->filed, &t.received)) {
		out->state = RC_DUE_NONE;
		return RC_OK;
	}
	if (!r->regime || !*r->regime)
		return RC_OK; /* no rules: no date shown, never a guess */
	const struct rc_regimes *cat;
	enum rc_status st = rc_op_catalogue(&cat);
	if (st != RC_OK)
		return st;
	const struct rc_request_rule *rule = rc_regimes_request_at(cat, r->regime, kind, t.received);
	if (!rule)
		return RC_OK;
	const struct rc_holidays *hol;
	st = rc_op_holidays(&hol);
	if (st != RC_OK)
		return st;
	t.n_pauses = pauses_of(steps, ns, t.pauses, RC_DEADLINE_MAX_PAUSES);
	if (r->ext_notice && day_of(r->ext_notice, &t.extension_notice)) {
		t.extension_claimed = true;
		t.extension_reasons = r->ext_reasons;
	}
	day_of(r->answered, &t.answered);
	st = rc_request_due(rule, hol, r->controller, &t, today, out);
	if (st == RC_NOTFOUND || st == RC_INVALID) {
		/* a calendar that does not cover the years: say it is unknown */
		out->state = RC_DUE_UNKNOWN;
		return RC_OK;
	}
	return st;
}

enum rc_next_action rc_op_request_next(const struct rc_request_row *r, const struct rc_request_due *d)
{
	enum rc_request_state s;
	if (!r->state || !rc_request_state_parse(r->state, &s))
		return RC_NEXT_NONE;
	switch (s) {
	case RC_RS_DRAFT:
		return RC_NEXT_SEND;
	case RC_RS_CLOSED:
		return RC_NEXT_NONE;
	case RC_RS_ESCALATED:
		return RC_NEXT_WAIT_COMPLAINT;
	case RC_RS_CLARIFICATION:
		return RC_NEXT_CLARIFY;
	case RC_RS_ANSWERED: {
		enum rc_answer_kind a = RC_AK_NONE;
		if (r->answer)
			rc_answer_kind_parse(r->answer, &a);
		/* a check of a correction or erasure: compare its answer */
		if (r->relation && !strcmp(r->relation, "checks"))
			return r->check_result ? RC_NEXT_CLOSE : RC_NEXT_COMPARE;
		/* a correction or erasure that was checked */
		if (r->check_result)
			return !strcmp(r->check_result, "done") || !strcmp(r->check_result, "erased")
				? RC_NEXT_CLOSE : RC_NEXT_COMPLAIN_NOT_DONE;
		if (a == RC_AK_REFUSED || a == RC_AK_PARTLY)
			return RC_NEXT_CHALLENGE;
		if (a == RC_AK_GRANTED && r->kind && (!strcmp(r->kind, "erasure") || !strcmp(r->kind, "rectification")
			|| !strcmp(r->kind, "restriction") || !strcmp(r->kind, "completion")))
			return RC_NEXT_FOLLOW_UP;
		return RC_NEXT_CLOSE;
	}
	default:
		break;
	}
	if (d->extension_unlawful)
		return RC_NEXT_CONTEST_EXTENSION;
	switch (d->state) {
	case RC_DUE_OVERDUE: return RC_NEXT_ESCALATE;
	case RC_DUE_UNKNOWN: return RC_NEXT_CHECK_DATE;
	case RC_DUE_PENDING: return d->days_left <= 7 ? RC_NEXT_DUE_SOON : RC_NEXT_WAIT;
	default: return RC_NEXT_WAIT;
	}
}

/* The board's fields of one request, inside the caller's transaction. */
enum rc_status ops_request_board(struct rc_case *c, int64_t id, struct rc_ymd today)
{
	struct rc_request_row r;
	enum rc_status st = rc_case_request_get(c, id, &r);
	if (st != RC_OK)
		return st;
	struct rc_request_due d;
	st = rc_op_request_due(c, &r, today, &d);
	if (st == RC_OK) {
		char due[RC_YMD_LEN] = "";
		if (d.state == RC_DUE_PENDING || d.state == RC_DUE_OVERDUE)
			rc_ymd_format(d.deadline.due, due);
		st = rc_case_request_board(c, id, *due ? due : NULL, rc_due_state_id(d.state),
			rc_next_action_id(rc_op_request_next(&r, &d)));
	}
	rc_request_row_clear(&r);
	return st;
}

enum rc_status rc_op_requests_refresh(struct rc_case *c)
{
	rc_error_clear();
	struct rc_request_row *rows;
	size_t n;
	enum rc_status st = rc_case_requests(c, &rows, &n);
	if (st != RC_OK)
		return st;
	struct rc_ymd today = rc_op_today();
	st = rc_case_begin(c);
	for (size_t i = 0; st == RC_OK && i < n; i++)
		st = ops_request_board(c, rows[i].id, today);
	if (st == RC_OK)
		st = rc_case_commit(c);
	else
		rc_case_rollback(c);
	rc_request_rows_free(&rows, n);
	return st;
}

static enum rc_status need_date(const char *in, const char *what, char out[RC_YMD_LEN])
{
	struct rc_ymd d;
	if (in && rc_ymd_parse(in, &d)) {
		rc_ymd_format(d, out);
		return RC_OK;
	}
	char *shown = rc_text_sanitize(in ? in : "", in ? strlen(in) : 0, false);
	/* TRANSLATORS: error detail; %1$s names the date (its option), %2$s what was typed. */
	rc_error_set(_("%1$s: \"%2$s\" is not a date. Write it like 2024-05-22."), what, shown);
	free(shown);
	return RC_INVALID;
}

enum rc_status rc_op_request_move(struct rc_case *c, int64_t id, const struct rc_request_move *m,
	rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	struct rc_request_row old;
	enum rc_status st = rc_case_request_get(c, id, &old);
	if (st != RC_OK)
		return st;
	enum rc_request_state from = RC_RS_DRAFT, to;
	if (old.state)
		rc_request_state_parse(old.state, &from);
	char day[RC_YMD_LEN], other[RC_YMD_LEN];
	struct rc_request_row set;
	memset(&set, 0, sizeof set);
	char *detail = NULL;
	const char *why = NULL;
	if (!m->to || !rc_request_state_parse(m->to, &to)) {
		/* TRANSLATORS: error detail; %s is what was typed. */
		rc_error_set(_("\"%s\" is not a state of a request: draft, filed, acknowledged, clarification, "
		               "extended, answered, escalated or closed."), m->to ? m->to : "");
		st = RC_INVALID;
	} else if (!rc_request_move_allowed(from, to, &why)) {
		rc_error_set("%s", why);
		st = RC_INVALID;
	}
	if (st == RC_OK)
		st = need_date(m->day, "--day", day);
	struct rc_ymd dd, fd;
	if (st == RC_OK && old.filed && day_of(old.filed, &fd) && rc_ymd_parse(day, &dd)
		&& rc_ymd_cmp(dd, fd) < 0) {
		rc_error_set(_("The day of this step (%1$s) is before the request was sent (%2$s)."), day, old.filed);
		st = RC_INVALID;
	}
	if (st == RC_OK && rc_ymd_parse(day, &dd) && rc_ymd_cmp(dd, rc_op_today()) > 0) {
		rc_error_set(_("The day of this step (%s) is in the future: record a step once it happened."), day);
		st = RC_INVALID;
	}
	enum rc_channel ch;
	enum rc_answer_kind ak;
	if (st == RC_OK && to == RC_RS_FILED) {
		if (!m->channel || !rc_channel_parse(m->channel, &ch)) {
			rc_error_set("%s", _("Say how the request was sent: --channel post, email, hand, fax or api."));
			st = RC_INVALID;
		} else {
			set.channel = (char *)rc_channel_id(ch);
			set.filed = day;
			set.received = day;
		}
	}
	if (st == RC_OK && m->received) {
		st = need_date(m->received, "--received", other);
		if (st == RC_OK)
			set.received = other;
	}
	if (st == RC_OK && to == RC_RS_EXTENDED) {
		set.ext_notice = day;
		set.ext_reasons = m->reasons;
	}
	if (st == RC_OK && to == RC_RS_ANSWERED) {
		if (!m->answer || !rc_answer_kind_parse(m->answer, &ak) || ak == RC_AK_NONE) {
			rc_error_set("%s", _("Say what the authority answered: --answer granted, partly, refused or no-data."));
			st = RC_INVALID;
		} else {
			set.answered = day;
			set.answer = (char *)rc_answer_kind_id(ak);
			/* a granted erasure or restriction: the authority confirmed it
			 * on that day, so accesses after it are flagged */
			if (ak == RC_AK_GRANTED && old.kind
				&& (!strcmp(old.kind, "erasure") || !strcmp(old.kind, "restriction")))
				set.confirmed = day;
		}
	}
	const char *calendar = NULL;
	if (st == RC_OK && m->controller && *m->controller) {
		st = rc_op_calendar_of(m->controller, &calendar);
		set.controller = (char *)calendar;
	}
	if (st == RC_OK)
		st = ops_clean_text(m->detail, 4000, &detail);
	unsigned char *proof = NULL;
	size_t nproof = 0;
	if (st == RC_OK && m->proof_fd >= 0)
		st = ops_read_doc(m->proof_fd, &proof, &nproof);
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		int64_t doc = m->document;
		if (proof) {
			st = ops_doc_add(c, m->proof_name, proof, nproof, NULL, &doc);
			if (st == RC_OK)
				st = rc_case_request_link(c, id, 0, doc);
		}
		if (st == RC_OK)
			st = rc_case_request_step(c, id, rc_request_state_id(to), day, detail, doc, &set);
		if (st == RC_OK && to == RC_RS_FILED)
			st = ops_escalate_followed(c, id, day);
		if (st == RC_OK)
			st = ops_reflag(c, progress, ud);
		if (st == RC_OK)
			st = ops_request_board(c, id, rc_op_today());
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	if (proof) {
		explicit_bzero(proof, nproof);
		free(proof);
	}
	free(detail);
	rc_request_row_clear(&old);
	return st;
}

const struct rc_request_rule *rc_op_request_rule(const struct rc_request_row *r)
{
	enum rc_request_kind kind;
	const struct rc_regimes *cat;
	if (!r->kind || !rc_request_kind_parse(r->kind, &kind) || !r->regime || !*r->regime
		|| rc_op_catalogue(&cat) != RC_OK)
		return NULL;
	struct rc_ymd day = rc_op_today();
	day_of(r->received ? r->received : r->filed, &day);
	return rc_regimes_request_at(cat, r->regime, kind, day);
}

/* Something in text the authority may learn from the request that the
 * person may not want it to know: a telephone number (seven digits or
 * more, with spaces, dots, dashes or a leading +), an e-mail address, a
 * street address (a number next to a word for a street in the languages
 * the letters are written in).  Not a proof of anything: a prompt to
 * think before sending. */
/* A date, not a phone number: groups of 4-2-2 or 1..2-1..2-4 digits
 * split by one of - . / (trailing blanks ignored). */
static bool is_date_run(const char *p, size_t n)
{
	while (n && p[n - 1] == ' ')
		n--;
	int len[4] = { 0 }, g = 0;
	char sep = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			len[g]++;
		} else if ((p[i] == '-' || p[i] == '.' || p[i] == '/') && (!sep || sep == p[i]) && g < 2) {
			sep = p[i];
			g++;
		} else {
			return false;
		}
	}
	if (g != 2)
		return false;
	return (len[0] == 4 && len[1] >= 1 && len[1] <= 2 && len[2] >= 1 && len[2] <= 2)
		|| (len[0] >= 1 && len[0] <= 2 && len[1] >= 1 && len[1] <= 2 && len[2] == 4);
}

static bool has_phone(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (!(*p == '+' || (*p >= '0' && *p <= '9')))
			continue;
		int digits = 0;
		const char *q = p;
		for (; *q && ((*q >= '0' && *q <= '9') || *q == ' ' || *q == '-' || *q == '.' || *q == '/'
			|| *q == '(' || *q == ')' || (*q == '+' && q == p)); q++)
			if (*q >= '0' && *q <= '9')
				digits++;
		if (digits >= 7 && !is_date_run(p, (size_t)(q - p)))
			return true;
		p = q > p ? q - 1 : p;
	}
	return false;
}

static bool has_email(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at > s && at[1] && strchr(at + 1, '.');
}

static bool has_street(const char *s)
{
	static const char *const words[] = { "street", "str.", "straße", "strasse", "road", "avenue", "rue ",
		"chemin", "calle", "avenida", "plaza", "weg ", "platz", "gasse", "allee", "вул", "улица",
		"شارع", "خیابان", "کوچه", "سړک", "ጎደና", "po box", "apt", "flat " };
	char *low = rc_xstrdup(s);
	for (char *p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	bool hit = false;
	for (size_t i = 0; !hit && i < sizeof words / sizeof words[0]; i++)
		hit = strstr(low, words[i]) != NULL;
	bool digit = strpbrk(low, "0123456789") != NULL;
	explicit_bzero(low, strlen(low));
	free(low);
	return hit && digit;
}

unsigned rc_op_request_risks(const char *const *texts, size_t n)
{
	unsigned r = 0;
	for (size_t i = 0; i < n; i++) {
		if (!texts[i])
			continue;
		if (has_phone(texts[i]))
			r |= RC_RISK_PHONE;
		if (has_email(texts[i]))
			r |= RC_RISK_EMAIL;
		if (has_street(texts[i]))
			r |= RC_RISK_ADDRESS;
	}
	return r;
}
