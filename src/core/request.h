/* request.h - requests to an authority (access, correction, deletion,
 * ...): their states and the moves between them, and the deadlines that
 * follow from a regime's rules.  Part of src/core (included by core.h):
 * pure rules, no I/O, no clock (callers pass "today"). */
#ifndef RECOURSE_REQUEST_H
#define RECOURSE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The states a request goes through.  "Overdue" is not a state: it is
 * what the deadline says of an open request (rc_request_due). */
#define RC_REQUEST_STATE_INFO(_) \
	/* TRANSLATORS: states of a request to an authority. */ \
	_(DRAFT,         "draft",         N_("draft (not sent yet)")) \
	_(FILED,         "filed",         N_("sent")) \
	_(ACKNOWLEDGED,  "acknowledged",  N_("received by the authority")) \
	_(CLARIFICATION, "clarification", N_("the authority asked for more information")) \
	_(EXTENDED,      "extended",      N_("the authority took more time")) \
	_(ANSWERED,      "answered",      N_("answered")) \
	_(ESCALATED,     "escalated",     N_("complaint filed")) \
	_(CLOSED,        "closed",        N_("closed"))

enum rc_request_state {
#define RC_RS_ENUM(name, id, label) RC_RS_##name,
	RC_REQUEST_STATE_INFO(RC_RS_ENUM)
#undef RC_RS_ENUM
	RC_RS_COUNT
};
const char *rc_request_state_id(enum rc_request_state s);
const char *rc_request_state_label(enum rc_request_state s); /* translated */
bool rc_request_state_parse(const char *id, enum rc_request_state *out);
/* Waiting for the authority: filed, acknowledged, clarification, extended. */
bool rc_request_state_open(enum rc_request_state s);

/* The answer, when there is one. */
#define RC_ANSWER_KIND_INFO(_) \
	/* TRANSLATORS: what an authority answered to a request. */ \
	_(NONE,     "none",          N_("no answer")) \
	_(GRANTED,  "granted",       N_("granted")) \
	_(PARTLY,   "partly",        N_("partly granted")) \
	_(REFUSED,  "refused",       N_("refused")) \
	_(NO_DATA,  "no-data",       N_("no data held"))

enum rc_answer_kind {
#define RC_AK_ENUM(name, id, label) RC_AK_##name,
	RC_ANSWER_KIND_INFO(RC_AK_ENUM)
#undef RC_AK_ENUM
	RC_AK_COUNT
};
const char *rc_answer_kind_id(enum rc_answer_kind a);
const char *rc_answer_kind_label(enum rc_answer_kind a);
bool rc_answer_kind_parse(const char *id, enum rc_answer_kind *out);

/* How a request reached the authority. */
#define RC_CHANNEL_INFO(_) \
	/* TRANSLATORS: how a request was sent. */ \
	_(API,   "api",   N_("the registry's online service")) \
	_(POST,  "post",  N_("post")) \
	_(EMAIL, "email", N_("e-mail")) \
	_(HAND,  "hand",  N_("by hand")) \
	_(FAX,   "fax",   N_("fax"))

enum rc_channel {
#define RC_CH_ENUM(name, id, label) RC_CH_##name,
	RC_CHANNEL_INFO(RC_CH_ENUM)
#undef RC_CH_ENUM
	RC_CH_COUNT
};
const char *rc_channel_id(enum rc_channel c);
const char *rc_channel_label(enum rc_channel c);
bool rc_channel_parse(const char *id, enum rc_channel *out);

/* Whether a request may move from one state to another; when not, a
 * translated reason (static) in *why. */
bool rc_request_move_allowed(enum rc_request_state from, enum rc_request_state to, const char **why);

/* ------------------------------------------------------------------ */
/* A request's timeline, as far as its deadline needs it: the day it was
 * received (filed, unless the authority gave another date), the pauses of
 * the clock while a clarification the authority asked for was awaited,
 * and an extension the authority claimed (with the day it told the
 * person, and whether it gave reasons). */
struct rc_request_times {
	enum rc_request_kind kind;
	enum rc_request_state state;
	struct rc_ymd received;          /* y 0: not filed */
	struct rc_pause pauses[RC_DEADLINE_MAX_PAUSES];
	size_t n_pauses;
	bool extension_claimed;
	struct rc_ymd extension_notice;  /* the day the authority said so */
	bool extension_reasons;          /* with reasons */
	struct rc_ymd answered;          /* y 0: not answered */
};

/* What the law says of one request, on a given day. */
enum rc_due_state {
	RC_DUE_NONE,        /* not filed, or closed, or answered */
	RC_DUE_PENDING,     /* the answer period runs */
	RC_DUE_OVERDUE,     /* the period (extension included when lawful) has ended */
	RC_DUE_PAUSED,      /* the clock stands while a clarification is awaited */
	RC_DUE_UNKNOWN      /* the rules or a calendar are missing: no date shown */
};

struct rc_request_due {
	enum rc_due_state state;
	struct rc_deadline deadline;     /* of the answer, extension included when lawful */
	struct rc_deadline_query query;  /* what produced it (for the explanation) */
	const char *cite;                /* "Art. 12(3), 2016/679" (static buffer of the result) */
	char cite_buf[160];
	bool extension_counted;          /* the extension is in the date */
	bool extension_unlawful;         /* claimed, but not allowed or not told in time */
	const char *extension_why;       /* translated reason when unlawful */
	int days_left;                   /* from today to the due date (negative: overdue) */
	bool uncertain;                  /* the law leaves the date open (deadline.uncertain) */
	const char *rule_uncertain;      /* the regime file's reason, or NULL */
};

/* The deadline of a request under its regime's rule (rc_regimes_request_at
 * for the day it was received), the public holidays in holidays (calendar
 * "controller" resolved to controller_calendar), on today. */
enum rc_status rc_request_due(const struct rc_request_rule *rule, const struct rc_holidays *holidays,
	const char *controller_calendar, const struct rc_request_times *t, struct rc_ymd today,
	struct rc_request_due *out);

/* The sentence shown with a deadline: "Due 3 March 2027: one month from
 * receipt, GDPR Art. 12(3); moved from Sunday 28 February." with
 * "overdue by 3 days" / "due in 5 days", the extension's verdict and
 * "uncertain" with the other date.  Translated, malloc'ed. */
char *rc_request_due_explain(const struct rc_request_due *d);

#endif
