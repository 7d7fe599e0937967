/* flags.c - the flags: transparent rules about the authorities' conduct
 * (never a score of the person), their labels and their explanations,
 * and the streaming burst detector.  Each flag says only what the data
 * and the law support, cites the rule it rests on, and says "uncertain"
 * where the law is.
 *
 * The rules, one line each (the law: the version in force on the day of
 * the access, rc_regimes_* in regimes.c):
 * - FLED_COUNTRY: the authority's country or the destination's country is
 *   one the person fled or fears (the case's profile).
 * - NO_MANDATE: the keyword lists of common.json say the accessing body is
 *   not an asylum, immigration or border authority (services; local police
 *   only when no purpose is recorded).  It says what is known and what to
 *   ask: national law sometimes lets such bodies check status.
 * - NO_PURPOSE: no purpose recorded (blank, or only dashes, dots, slashes
 *   or question marks); the explanation cites the article that makes the
 *   log record it where a regime covering the system does.
 * - NO_LEGAL_BASIS: no legal basis recorded, only where a regime covering
 *   the system requires the log to carry one.
 * - RETENTION: the access came after the retention period of every
 *   dataset of the system the case has a start date for (so never early);
 *   nothing when it cannot be computed; uncertain where the rule is.
 * - AFTER_ERASURE: the access came after the authority confirmed an
 *   erasure or granted a restriction.
 * - REQUEST_PENDING: the access came while such a request was waiting for
 *   an answer (lawful while the authority decides: said as such).
 * - BURST: rc_burst_* below.
 * - ONWARD: the data went to a recipient the regimes covering the system
 *   forbid, or allow only on conditions the log cannot show (by kind: a
 *   country's authorities outside the area, an international
 *   organisation, a private body).  A recipient without a country or kind
 *   is not flagged: the data do not show that anything left the area.  An
 *   access by an authority abroad is not ONWARD either (it is FLED_COUNTRY
 *   when that country is feared). */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"

enum {
#define RC_FLAG_IDX(name, bit, id) FLAG_IDX_##name,
	RC_FLAG_INFO(RC_FLAG_IDX)
#undef RC_FLAG_IDX
	FLAG_IDX_COUNT
};
_Static_assert(FLAG_IDX_COUNT == RC_FLAG_COUNT, "RC_FLAG_COUNT does not match RC_FLAG_INFO");

static const uint32_t flag_bits[RC_FLAG_COUNT] = {
#define RC_FLAG_BIT(name, bit, id) bit,
	RC_FLAG_INFO(RC_FLAG_BIT)
#undef RC_FLAG_BIT
};

static const char *const flag_ids[RC_FLAG_COUNT] = {
#define RC_FLAG_ID(name, bit, id) id,
	RC_FLAG_INFO(RC_FLAG_ID)
#undef RC_FLAG_ID
};

struct flag_text {
	const char *label;
	const char *explanation;
};

/* Labels are short (a column in the access log, a line on the case home
 * screen).  These explanations are the general ones (the list of flags);
 * an access's own explanation is rc_flag_explain's, with its facts and
 * its rule. */
static const struct flag_text flag_texts[RC_FLAG_COUNT] = {
	[FLAG_IDX_FLED_COUNTRY] = {
		/* TRANSLATORS: short label of a flag on an access to the
		 * applicant's record, shown in the access log and on the case
		 * home screen.  An authority of a country the applicant fled or
		 * fears was involved. */
		N_("Country you fled"),
		/* TRANSLATORS: explanation of the flag "Country you fled",
		 * addressed to the applicant.  Short sentences, everyday words. */
		N_("An authority of a country you fled or fear used your record, or your data "
		   "was sent there. This can put you or your family in danger. Tell your lawyer "
		   "now: they can ask who allowed it and ask for it to stop.")
	},
	[FLAG_IDX_NO_MANDATE] = {
		/* TRANSLATORS: short label of a flag: the office that used the
		 * record is not an asylum, immigration or border authority (e.g.
		 * a hospital or a job centre). */
		N_("Not an asylum or border authority"),
		/* TRANSLATORS: explanation of the flag "Not an asylum or border
		 * authority", addressed to the applicant. */
		N_("Your record was used by an office that is not an asylum, immigration or "
		   "border authority, such as a hospital, a school or a job centre. In some "
		   "countries the law lets such offices check a person's status, so this may be "
		   "lawful or not. Your lawyer can ask the office which law allowed it.")
	},
	[FLAG_IDX_NO_PURPOSE] = {
		/* TRANSLATORS: short label of a flag: no reason (purpose) was
		 * written down for an access. */
		N_("No purpose recorded"),
		/* TRANSLATORS: explanation of the flag "No purpose recorded". */
		N_("The log does not say why your record was used this time. Where the law says "
		   "the log must record it, this is a gap the authority must explain; where it "
		   "does not, you may still ask why it looked.")
	},
	[FLAG_IDX_RETENTION] = {
		/* TRANSLATORS: short label of a flag: the access happened after
		 * the time the law allows the data to be kept. */
		N_("Kept too long"),
		/* TRANSLATORS: explanation of the flag "Kept too long". */
		N_("This access came after the time the law allows your data to be kept in this "
		   "system, counted from the start date of your record there. By then your data "
		   "should have been deleted. You can ask for it to be deleted, and your lawyer "
		   "can ask why it was still there.")
	},
	[FLAG_IDX_AFTER_ERASURE] = {
		/* TRANSLATORS: short label of a flag: the access happened after
		 * the authority confirmed the data was deleted (or blocked). */
		N_("After deletion was confirmed"),
		/* TRANSLATORS: explanation of the flag "After deletion was confirmed". */
		N_("This access came after the authority confirmed that your data was deleted, "
		   "or that its use was restricted. Your data should not have been used after "
		   "that. Your lawyer can ask why, and you can complain to the data protection "
		   "authority.")
	},
	[FLAG_IDX_BURST] = {
		/* TRANSLATORS: short label of a flag: many accesses by the same
		 * person or office within a few minutes. */
		N_("Many searches at once"),
		/* TRANSLATORS: explanation of the flag "Many searches at once". */
		N_("The same person or office used your record many times within a few minutes. "
		   "This is unusual and may mean your data was searched without a good reason. "
		   "Your lawyer can ask the authority to explain these searches.")
	},
	[FLAG_IDX_ONWARD] = {
		/* TRANSLATORS: short label of a flag: the data was sent to a
		 * recipient the law forbids, or allows only on conditions. */
		N_("Sent outside the rules"),
		/* TRANSLATORS: explanation of the flag "Sent outside the rules". */
		N_("Your data was sent to a country outside the area where these rules apply, to "
		   "an international organisation or to a private body, where the law forbids it "
		   "or allows it only on conditions the log does not show. Your lawyer can ask who "
		   "received it and on which law, and ask for it to be deleted there.")
	},
	[FLAG_IDX_NO_LEGAL_BASIS] = {
		/* TRANSLATORS: short label of a flag: the log does not name the
		 * law that allowed an access, where the law says it must. */
		N_("No legal basis recorded"),
		/* TRANSLATORS: explanation of the flag "No legal basis recorded". */
		N_("The log does not name the law that allowed this access, although the law of "
		   "this system says the log must. Your lawyer can ask the authority to name it.")
	},
	[FLAG_IDX_REQUEST_PENDING] = {
		/* TRANSLATORS: short label of a flag: the access happened while
		 * the applicant's request to delete (or block) the data was
		 * waiting for an answer. */
		N_("While your request was waiting"),
		/* TRANSLATORS: explanation of the flag "While your request was waiting". */
		N_("This access came while your request to delete your data, or to restrict its "
		   "use, was waiting for an answer. The authority may lawfully keep using your "
		   "data while it decides, but you can ask it to restrict the use until then.")
	},
};

static int flag_index(uint32_t bit)
{
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		if (flag_bits[i] == bit)
			return i;
	return -1;
}

uint32_t rc_flag_bit(int i)
{
	return i >= 0 && i < RC_FLAG_COUNT ? flag_bits[i] : 0;
}

const char *rc_flag_id(uint32_t bit)
{
	int i = flag_index(bit);
	return i < 0 ? NULL : flag_ids[i];
}

bool rc_flag_parse(const char *id, uint32_t *bit)
{
	if (!id)
		return false;
	for (int i = 0; i < RC_FLAG_COUNT; i++)
		if (!strcasecmp(id, flag_ids[i])) {
			if (bit)
				*bit = flag_bits[i];
			return true;
		}
	return false;
}

const char *rc_flag_label(uint32_t bit)
{
	int i = flag_index(bit);
	return i < 0 ? NULL : _(flag_texts[i].label);
}

const char *rc_flag_explanation(uint32_t bit)
{
	int i = flag_index(bit);
	return i < 0 ? NULL : _(flag_texts[i].explanation);
}

/* ------------------------------------------------------------------ */
/* The context. */

void rc_flag_ctx_init(struct rc_flag_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->burst_count = 10;
	ctx->burst_window_s = 600;
}

void rc_flag_ctx_clear(struct rc_flag_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->feared);
	free(ctx->requests);
	free(ctx->dates);
	rc_regimes_free(&ctx->own_regimes);
	rc_flag_ctx_init(ctx);
}

/* ------------------------------------------------------------------ */
/* The rules. */

/* True when s holds something other than blanks and placeholder marks
 * ("-", "--", ".", "/", "?", en and em dashes, no-break spaces). */
static bool has_text(const char *s)
{
	if (!s)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f'
			|| *p == '-' || *p == '.' || *p == '/' || *p == '?') {
			p++;
		} else if (p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2; /* U+00A0 */
		} else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94 || p[2] == 0xAF)) {
			p += 3; /* U+2013, U+2014, U+202F */
		} else {
			return true;
		}
	}
	return false;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Two country codes, the event's (blanks around it allowed) and a feared
 * one, are the same letters in any case. */
static bool same_cc(const char *a, const char *feared)
{
	if (!a)
		return false;
	while (*a == ' ')
		a++;
	if (!is_alpha(a[0]) || !is_alpha(a[1]))
		return false;
	for (const char *p = a + 2; *p; p++)
		if (*p != ' ')
			return false;
	if (!is_alpha(feared[0]) || !is_alpha(feared[1]))
		return false;
	return (a[0] | 0x20) == (feared[0] | 0x20) && (a[1] | 0x20) == (feared[1] | 0x20);
}

static bool feared_country(const struct rc_flag_ctx *ctx, const char *cc)
{
	if (!cc || !ctx->feared)
		return false;
	for (size_t i = 0; i < ctx->n_feared; i++)
		if (same_cc(cc, ctx->feared[i]))
			return true;
	return false;
}

static bool date_only(const char *s)
{
	return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-';
}

/* The earliest moment the event may have happened, or RC_TS_UNKNOWN.  A
 * date without a time may be that day in any time zone: UTC+14 starts
 * 14 hours before 00:00Z. */
static int64_t event_time(const struct rc_event *ev)
{
	int64_t t;
	const char *text;
	if (ev->occurred_ts != RC_TS_UNKNOWN) {
		t = ev->occurred_ts;
		text = ev->occurred;
	} else if (ev->recorded_ts != RC_TS_UNKNOWN) {
		t = ev->recorded_ts;
		text = ev->recorded;
	} else {
		return RC_TS_UNKNOWN;
	}
	if (date_only(text) && t > INT64_MIN + 14 * 3600 + 1)
		t -= 14 * 3600;
	return t;
}

/* The latest moment a reference time may stand for.  A time at exactly
 * 00:00:00Z almost always comes from a date without a time ("filed on
 * 2 June"); that date ends everywhere only at 12:00Z the next day
 * (UTC-12), so "after it" starts there. */
static int64_t latest_of(int64_t ts)
{
	const int64_t day = 86400;
	if (ts % day == 0 && ts < INT64_MAX - 36 * 3600)
		return ts + 36 * 3600 - 1;
	return ts;
}

static bool kind_counts_for_erasure(const char *kind)
{
	return !strncasecmp(kind, "erasure", 16) || !strncasecmp(kind, "restriction", 16);
}

/* The day an instant falls on (UTC). */
static struct rc_ymd day_of(int64_t t)
{
	/* clamped to years 0..10000: the calendar arithmetic stays in range */
	const int64_t lo = -719468, hi = 2932896;
	int64_t d = t >= 0 ? t / 86400 : t / 86400 - (t % 86400 != 0);
	if (d < lo)
		d = lo;
	if (d > hi)
		d = hi;
	return rc_ymd_from_days((int32_t)d);
}

static struct rc_ymd day_of_ts(int64_t ts)
{
	return day_of(ts);
}

/* Whether the regime the request was made under gives the right at all
 * (a regime the case does not name, or none: yes). */
static bool right_exists(const struct rc_flag_ctx *ctx, const struct rc_request_mark *m)
{
	if (!ctx->regimes || !m->regime[0] || m->filed_ts == RC_TS_UNKNOWN)
		return true;
	enum rc_request_kind k;
	char kind[sizeof m->kind + 1];
	for (size_t i = 0; i < sizeof m->kind; i++)
		kind[i] = (char)((m->kind[i] >= 'A' && m->kind[i] <= 'Z') ? m->kind[i] + 32 : m->kind[i]);
	kind[sizeof m->kind] = '\0';
	if (!rc_request_kind_parse(kind, &k))
		return true;
	const struct rc_request_rule *r = rc_regimes_request_at(ctx->regimes, m->regime, k, day_of_ts(m->filed_ts));
	return !r || r->available;
}

/* The request the access came after: confirmed (AFTER_ERASURE) or only
 * filed (REQUEST_PENDING); NULL when none. */
static const struct rc_request_mark *request_before(const struct rc_flag_ctx *ctx, int64_t t, bool confirmed)
{
	if (t == RC_TS_UNKNOWN || !ctx->requests)
		return NULL;
	for (size_t i = 0; i < ctx->n_requests; i++) {
		const struct rc_request_mark *m = &ctx->requests[i];
		char kind[sizeof m->kind + 1];
		memcpy(kind, m->kind, sizeof m->kind);
		kind[sizeof m->kind] = '\0';
		if (!kind_counts_for_erasure(kind) || !right_exists(ctx, m))
			continue;
		if (confirmed) {
			if (m->confirmed_ts != RC_TS_UNKNOWN && t > latest_of(m->confirmed_ts))
				return m;
		} else if (m->filed_ts != RC_TS_UNKNOWN && t > latest_of(m->filed_ts)
		           && (m->confirmed_ts == RC_TS_UNKNOWN || t <= latest_of(m->confirmed_ts))) {
			return m;
		}
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The memo: the regime lookups are pure functions of the regimes and a
 * few strings, and an access log names the same few authorities and
 * systems again and again, so a thread that flags many events keeps
 * their answers.  Direct-mapped: a clash replaces the older answer. */

#define MEMO_SLOTS 1024
#define MEMO_KEY_MAX 512

enum memo_kind { MEMO_RETENTION = 1, MEMO_MANDATE, MEMO_TRANSFER, MEMO_LOG };

struct memo_slot {
	uint64_t h;
	char *key; /* NULL: empty */
	size_t len;
	int val;
};

struct rc_flag_memo {
	const struct rc_regimes *regimes; /* the answers are for these */
	struct memo_slot slot[MEMO_SLOTS];
	char key[MEMO_KEY_MAX];
	size_t len;
	bool too_long;
};

struct rc_flag_memo *rc_flag_memo_new(void)
{
	return rc_xcalloc(1, sizeof(struct rc_flag_memo));
}

static void memo_empty(struct rc_flag_memo *m)
{
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		free(m->slot[i].key);
		m->slot[i].key = NULL;
	}
}

void rc_flag_memo_free(struct rc_flag_memo **m)
{
	if (!m || !*m)
		return;
	memo_empty(*m);
	free(*m);
	*m = NULL;
}

static void memo_start(struct rc_flag_memo *m, enum memo_kind kind)
{
	m->key[0] = (char)kind;
	m->len = 1;
	m->too_long = false;
}

/* Each part is 0 for NULL, or 1, the text and its NUL: "" and NULL differ,
 * and no two lists of parts give the same key. */
static void memo_part(struct rc_flag_memo *m, const char *s)
{
	size_t n = s ? strlen(s) + 2 : 1;
	if (m->too_long || n > MEMO_KEY_MAX - m->len) {
		m->too_long = true;
		return;
	}
	if (!s) {
		m->key[m->len++] = 0;
		return;
	}
	m->key[m->len] = 1;
	memcpy(m->key + m->len + 1, s, n - 1);
	m->len += n;
}

static uint64_t memo_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot for the key built, and whether it holds the answer; NULL when
 * there is no memo or the key was too long to keep. */
static struct memo_slot *memo_find(struct rc_flag_memo *m, bool *hit)
{
	*hit = false;
	if (!m || m->too_long)
		return NULL;
	uint64_t h = memo_hash(m->key, m->len);
	struct memo_slot *s = &m->slot[h % MEMO_SLOTS];
	*hit = s->key && s->h == h && s->len == m->len && !memcmp(s->key, m->key, m->len);
	if (!*hit) { /* the slot now belongs to this key: memo_keep fills in the answer */
		free(s->key);
		s->key = rc_xmalloc(m->len);
		memcpy(s->key, m->key, m->len);
		s->len = m->len;
		s->h = h;
	}
	return s;
}

static int memo_keep(struct memo_slot *s, int val)
{
	if (s)
		s->val = val;
	return val;
}

/* A day as a key part. */
static void memo_day(struct rc_flag_memo *m, struct rc_ymd d)
{
	char buf[RC_YMD_LEN];
	rc_ymd_format(d, buf);
	memo_part(m, buf);
}

/* Answers kept as one int: the verdict in the low bits, uncertain as 16. */
#define MEMO_UNCERTAIN 16

static int retention(const struct rc_flag_ctx *ctx, struct rc_flag_memo *m, const char *system,
	struct rc_ymd day)
{
	if (m) {
		memo_start(m, MEMO_RETENTION);
		memo_part(m, system);
		memo_day(m, day);
	}
	bool hit;
	struct memo_slot *s = memo_find(m, &hit);
	if (hit)
		return s->val;
	struct rc_retention_finding f;
	rc_regimes_retention(ctx->regimes, system, day, ctx->dates, ctx->n_dates, &f);
	return memo_keep(s, (int)f.after | (f.basis.uncertain ? MEMO_UNCERTAIN : 0));
}

static enum rc_mandate mandate(const struct rc_regimes *r, struct rc_flag_memo *m,
	const char *type, const char *authority, bool purpose)
{
	if (m) {
		memo_start(m, MEMO_MANDATE);
		memo_part(m, type);
		memo_part(m, authority);
		memo_part(m, purpose ? "1" : "0");
	}
	bool hit;
	struct memo_slot *s = memo_find(m, &hit);
	return (enum rc_mandate)(hit ? s->val : memo_keep(s, (int)rc_regimes_mandate(r, type, authority, purpose)));
}

static int transfer(const struct rc_regimes *r, struct rc_flag_memo *m, const struct rc_event *ev,
	struct rc_ymd day)
{
	if (m) {
		char k[4];
		snprintf(k, sizeof k, "%d", (int)ev->dest_kind);
		memo_start(m, MEMO_TRANSFER);
		memo_part(m, ev->system);
		memo_part(m, ev->dest_country);
		memo_part(m, k);
		memo_day(m, day);
	}
	bool hit;
	struct memo_slot *s = memo_find(m, &hit);
	if (hit)
		return s->val;
	struct rc_transfer_finding f;
	rc_regimes_transfer(r, ev->system, day, ev->dest_kind, ev->dest_country, &f);
	return memo_keep(s, (int)f.rule | (f.basis.uncertain ? MEMO_UNCERTAIN : 0));
}

static int log_requires(const struct rc_regimes *r, struct rc_flag_memo *m, const char *system,
	struct rc_ymd day, bool legal_basis)
{
	if (m) {
		memo_start(m, MEMO_LOG);
		memo_part(m, system);
		memo_part(m, legal_basis ? "1" : "0");
		memo_day(m, day);
	}
	bool hit;
	struct memo_slot *s = memo_find(m, &hit);
	if (hit)
		return s->val;
	struct rc_basis b;
	bool req = rc_regimes_log_requires(r, system, day, legal_basis, &b);
	return memo_keep(s, (req ? 1 : 0) | (b.uncertain ? MEMO_UNCERTAIN : 0));
}

uint32_t rc_flags_event(const struct rc_flag_ctx *ctx, const struct rc_event *ev, uint32_t *uncertain)
{
	return rc_flags_event_memo(ctx, NULL, ev, uncertain);
}

uint32_t rc_flags_event_memo(const struct rc_flag_ctx *ctx, struct rc_flag_memo *m,
	const struct rc_event *ev, uint32_t *uncertain)
{
	uint32_t f = 0, u = 0;
	if (uncertain)
		*uncertain = 0;
	if (!ctx || !ev)
		return 0;
	if (m && m->regimes != ctx->regimes) {
		memo_empty(m);
		m->regimes = ctx->regimes;
	}
	bool purpose = has_text(ev->purpose);
	int64_t t = event_time(ev);
	struct rc_ymd day = t != RC_TS_UNKNOWN ? day_of(t) : (struct rc_ymd){ 0, 0, 0 };
	struct rc_ymd law_day = t != RC_TS_UNKNOWN ? day_of(ev->occurred_ts != RC_TS_UNKNOWN ? ev->occurred_ts : ev->recorded_ts) : day;

	if (feared_country(ctx, ev->authority_country) || feared_country(ctx, ev->dest_country))
		f |= RC_FLAG_FLED_COUNTRY;
	if (ctx->regimes
		&& mandate(ctx->regimes, m, ev->authority_type, rc_event_body(ev), purpose) == RC_MANDATE_NO)
		f |= RC_FLAG_NO_MANDATE;
	if (!purpose)
		f |= RC_FLAG_NO_PURPOSE;
	if (ctx->regimes && t != RC_TS_UNKNOWN && !has_text(ev->legal_basis)) {
		int lr = log_requires(ctx->regimes, m, ev->system, law_day, true);
		if (lr & 1) {
			f |= RC_FLAG_NO_LEGAL_BASIS;
			if (lr & MEMO_UNCERTAIN)
				u |= RC_FLAG_NO_LEGAL_BASIS;
		}
	}
	if (ctx->regimes && t != RC_TS_UNKNOWN && ctx->n_dates) {
		int r = retention(ctx, m, ev->system, day);
		if ((r & 15) == RC_VERDICT_YES) {
			f |= RC_FLAG_RETENTION;
			if (r & MEMO_UNCERTAIN)
				u |= RC_FLAG_RETENTION;
		}
	}
	if (request_before(ctx, t, true))
		f |= RC_FLAG_AFTER_ERASURE;
	else if (request_before(ctx, t, false))
		f |= RC_FLAG_REQUEST_PENDING;
	if (ctx->regimes && t != RC_TS_UNKNOWN && (ev->dest_country || ev->dest_kind != RC_DEST_UNKNOWN)) {
		int tr = transfer(ctx->regimes, m, ev, law_day);
		if ((tr & 15) == RC_TRANSFER_FORBIDDEN || (tr & 15) == RC_TRANSFER_CONDITIONS) {
			f |= RC_FLAG_ONWARD;
			if (tr & MEMO_UNCERTAIN)
				u |= RC_FLAG_ONWARD;
		}
	}
	if (uncertain)
		*uncertain = u;
	return f;
}

/* ------------------------------------------------------------------ */
/* An access's own explanation. */

static void words_of(struct rc_ymd d, char *buf, size_t len)
{
	rc_date_words(d, false, buf, len);
}

static void period_words(struct rc_period p, char *buf, size_t len)
{
	switch (p.unit) {
	case RC_UNIT_YEARS:
		/* TRANSLATORS: a retention period. */
		snprintf(buf, len, ngettext("%d year", "%d years", p.n), p.n);
		break;
	case RC_UNIT_MONTHS:
		snprintf(buf, len, ngettext("%d month", "%d months", p.n), p.n);
		break;
	default:
		snprintf(buf, len, ngettext("%d day", "%d days", p.n), p.n);
		break;
	}
}

/* "Rule: Art. 29(1), 2024/1358 (Eurodac ...), version 2024/1358." */
static void rule_line(struct rc_buf *b, const struct rc_basis *bs)
{
	const char *title = bs->regime_title ? rc_regime_title_translated(bs->regime_title) : "";
	if (bs->article && bs->instrument)
		/* TRANSLATORS: the rule a flag rests on: %1$s an article ("Art. 29(1)"),
		 * %2$s the act ("2024/1358"), %3$s the regime's title. */
		rc_buf_printf(b, _("\nRule: %1$s, %2$s (%3$s)."), bs->article, bs->instrument, title);
	else if (bs->article)
		rc_buf_printf(b, _("\nRule: %1$s (%2$s)."), bs->article, title);
	else if (bs->instrument)
		rc_buf_printf(b, _("\nRule: %1$s (%2$s)."), bs->instrument, title);
	if (bs->uncertain) {
		/* the reason as the file gives it, without its final full stop */
		const char *why = _(bs->uncertain);
		int n = (int)strlen(why);
		while (n > 0 && (why[n - 1] == '.' || why[n - 1] == ' '))
			n--;
		/* TRANSLATORS: after the rule of a flag; %.*s says why the law is uncertain (in English, from the regime file). */
		rc_buf_printf(b, _("\nUncertain: %.*s. Check with your lawyer before you rely on it."), n, why);
	}
}

char *rc_flag_explain(const struct rc_flag_ctx *ctx, const struct rc_event *ev, uint32_t bit)
{
	if (!ev || !(ev->flags & bit) || flag_index(bit) < 0)
		return NULL;
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, rc_flag_explanation(bit));
	int64_t t = event_time(ev);
	struct rc_ymd day = t != RC_TS_UNKNOWN ? day_of(t) : (struct rc_ymd){ 0, 0, 0 };
	struct rc_ymd law_day = t != RC_TS_UNKNOWN ? day_of(ev->occurred_ts != RC_TS_UNKNOWN ? ev->occurred_ts : ev->recorded_ts) : day;
	const struct rc_regimes *r = ctx ? ctx->regimes : NULL;
	char d1[64], d2[64], d3[64], per[48];
	struct rc_basis bs;
	switch (bit) {
	case RC_FLAG_FLED_COUNTRY:
		/* TRANSLATORS: the rule of the flag "Country you fled". */
		rc_buf_addstr(&b, _("\nRule: the countries this case names as fled or feared; the protection "
		                    "from being sent back there (non-refoulement: 1951 Refugee Convention, Art. 33)."));
		break;
	case RC_FLAG_NO_MANDATE:
		/* TRANSLATORS: the rule of the flag "Not an asylum or border authority". */
		rc_buf_addstr(&b, _("\nRule: recourse's list of kinds of office (data/regimes/common.json), not a "
		                    "law: it says what kind of body this is, not that the access was unlawful."));
		break;
	case RC_FLAG_NO_PURPOSE:
		if (r && t != RC_TS_UNKNOWN && rc_regimes_log_requires(r, ev->system, law_day, false, &bs)) {
			/* TRANSLATORS: %s is a regime's title. */
			rc_buf_printf(&b, _("\n%s requires the log to record the purpose of every access."),
				rc_regime_title_translated(bs.regime_title));
			rule_line(&b, &bs);
		} else {
			/* TRANSLATORS: the rule of the flag "No purpose recorded" where no law recourse knows requires it. */
			rc_buf_addstr(&b, _("\nRule: no law recourse knows for this system says the log must record "
			                    "the purpose; this is what the log shows, not a breach."));
		}
		break;
	case RC_FLAG_NO_LEGAL_BASIS:
		if (r && t != RC_TS_UNKNOWN && rc_regimes_log_requires(r, ev->system, law_day, true, &bs))
			rule_line(&b, &bs);
		break;
	case RC_FLAG_RETENTION: {
		struct rc_retention_finding f;
		rc_regimes_retention(r, ev->system, day, ctx->dates, ctx->n_dates, &f);
		if (f.after != RC_VERDICT_YES)
			break;
		words_of(f.start, d1, sizeof d1);
		words_of(f.end, d2, sizeof d2);
		words_of(day, d3, sizeof d3);
		period_words(f.period, per, sizeof per);
		/* TRANSLATORS: the facts of the flag "Kept too long": %1$s a system,
		 * %2$s a kind of record, %3$s its start date, %4$s a period ("10
		 * years"), %5$s the last day, %6$s the day of the access. */
		rc_buf_printf(&b, _("\n%1$s keeps %2$s from %3$s for %4$s: until %5$s. This access: %6$s."),
			f.system_name, f.dataset_title ? f.dataset_title : "-", d1, per, d2, d3);
		rule_line(&b, &f.basis);
		break;
	}
	case RC_FLAG_AFTER_ERASURE:
	case RC_FLAG_REQUEST_PENDING: {
		const struct rc_request_mark *m = request_before(ctx, t, bit == RC_FLAG_AFTER_ERASURE);
		if (!m)
			break;
		int64_t when = bit == RC_FLAG_AFTER_ERASURE ? m->confirmed_ts : m->filed_ts;
		words_of(day_of(when), d1, sizeof d1);
		if (bit == RC_FLAG_AFTER_ERASURE)
			/* TRANSLATORS: %s is a date. */
			rc_buf_printf(&b, _("\nConfirmed on %s, as recorded in this case."), d1);
		else
			/* TRANSLATORS: %s is a date. */
			rc_buf_printf(&b, _("\nFiled on %s; no answer was recorded before this access."), d1);
		const struct rc_request_rule *rule = NULL;
		if (r && m->regime[0] && m->filed_ts != RC_TS_UNKNOWN) {
			/* the request's own right, as the regime gives it */
			enum rc_request_kind k = !strncasecmp(m->kind, "erasure", 16) ? RC_REQ_ERASURE : RC_REQ_RESTRICTION;
			rule = rc_regimes_request_at(r, m->regime, k, day_of(m->filed_ts));
		}
		if (rule && rule->article) {
			struct rc_basis rb = { NULL, NULL, rule->article, rule->instrument, rule->uncertain };
			for (size_t i = 0; i < rc_regimes_count(r); i++)
				if (!strcmp(rc_regimes_id(r, i), m->regime))
					rb.regime_title = rc_regimes_title(r, i);
			rule_line(&b, &rb);
		} else {
			/* TRANSLATORS: the rule of the flags about requests when the request names no regime. */
			rc_buf_addstr(&b, _("\nRule: the request recorded in this case (it names no legal regime, so "
			                    "recourse cannot cite the article)."));
		}
		break;
	}
	case RC_FLAG_BURST:
		/* TRANSLATORS: the rule of the flag "Many searches at once": %1$u accesses, %2$u minutes. */
		rc_buf_printf(&b, _("\nRule: recourse's own rule, not a law: at least %1$u accesses by one person "
		                    "or office within %2$u minutes (this case's settings)."),
			ctx ? ctx->burst_count : 10, ctx ? (ctx->burst_window_s + 59) / 60 : 10);
		break;
	case RC_FLAG_ONWARD: {
		struct rc_transfer_finding f;
		rc_regimes_transfer(r, ev->system, law_day, ev->dest_kind, ev->dest_country, &f);
		const char *who = ev->dest ? ev->dest : rc_dest_kind_label(ev->dest_kind);
		/* TRANSLATORS: %1$s the recipient, %2$s its country code (or "-"), %3$s what kind of body it is. */
		rc_buf_printf(&b, _("\nSent to: %1$s (%2$s; %3$s)."), who ? who : "-",
			ev->dest_country ? ev->dest_country : "-", rc_dest_kind_label(ev->dest_kind));
		if (f.rule == RC_TRANSFER_FORBIDDEN)
			/* TRANSLATORS: %s is a regime's title. */
			rc_buf_printf(&b, _("\n%s forbids sending these data to such a recipient."),
				rc_regime_title_translated(f.basis.regime_title));
		else if (f.rule == RC_TRANSFER_CONDITIONS)
			/* TRANSLATORS: %s is a regime's title. */
			rc_buf_printf(&b, _("\n%s allows it only on conditions the log does not show (such as an "
			                    "adequacy decision or safeguards): ask which one applied."),
				rc_regime_title_translated(f.basis.regime_title));
		rule_line(&b, &f.basis);
		if (f.exception)
			/* TRANSLATORS: %1$s an exception the law makes (in English, from the regime file), %2$s its article. */
			rc_buf_printf(&b, _("\nException: %1$s (%2$s)."), f.exception, f.exception_article);
		break;
	}
	default:
		break;
	}
	rc_buf_cstr(&b);
	return b.data;
}

/* ------------------------------------------------------------------ */
/* Bursts.  Events come sorted by (key, ts).  A window of at least N
 * events within W seconds exists around the newest event exactly when
 * the N-1 events before it (same key) started no more than W seconds
 * earlier, so a ring of the last N events is all we keep.  Every event
 * in some such window is in the ring when the window's last event (or
 * the N-th of the window, whichever comes later) arrives, and is marked
 * then.  Marked events always form the oldest part of the ring. */

struct burst_slot {
	int64_t ts;
	int64_t id;
	bool marked;
};

struct rc_burst {
	void (*mark)(void *ud, int64_t id);
	void *ud;
	unsigned count;   /* N; below 2: disabled */
	int64_t window;   /* W */
	char *key;        /* current group */
	struct burst_slot *ring;
	size_t head;      /* index of the oldest */
	size_t n;         /* slots in use */
};

struct rc_burst *rc_burst_new(const struct rc_flag_ctx *ctx,
	void (*mark)(void *ud, int64_t id), void *ud)
{
	if (!mark)
		return NULL;
	unsigned count = ctx ? ctx->burst_count : 10;
	unsigned window = ctx ? ctx->burst_window_s : 600;
	if (count > RC_BURST_MAX)
		return NULL;
	struct rc_burst *b = rc_xcalloc(1, sizeof *b);
	b->mark = mark;
	b->ud = ud;
	b->count = count;
	b->window = window;
	if (count >= 2)
		b->ring = rc_xcalloc(count, sizeof *b->ring);
	return b;
}

static struct burst_slot *slot(struct rc_burst *b, size_t i)
{
	return &b->ring[(b->head + i) % b->count];
}

static void burst_reset(struct rc_burst *b, const char *key)
{
	b->n = 0;
	b->head = 0;
	if (!b->key || strcmp(b->key, key)) {
		free(b->key);
		b->key = rc_xstrdup(key);
	}
}

void rc_burst_feed(struct rc_burst *b, const char *key, int64_t ts, int64_t id)
{
	if (!b || !b->ring || !key || ts == RC_TS_UNKNOWN)
		return;
	if (!b->key || strcmp(b->key, key))
		burst_reset(b, key);
	else if (b->n > 0 && ts < slot(b, b->n - 1)->ts)
		burst_reset(b, key); /* out of order: start again, never mark wrongly */

	if (b->n == b->count) {
		b->head = (b->head + 1) % b->count;
		b->n--;
	}
	struct burst_slot *s = slot(b, b->n);
	s->ts = ts;
	s->id = id;
	s->marked = false;
	b->n++;

	if (b->n < b->count)
		return;
	/* ts >= oldest (sorted), so the difference is not negative; do it
	 * unsigned so that extreme values cannot overflow. */
	uint64_t span = (uint64_t)ts - (uint64_t)slot(b, 0)->ts;
	if (span > (uint64_t)b->window)
		return;
	/* The unmarked ones are the newest part: mark and report them,
	 * oldest first, each once. */
	size_t first = b->n;
	while (first > 0 && !slot(b, first - 1)->marked)
		first--;
	for (size_t i = first; i < b->n; i++) {
		struct burst_slot *e = slot(b, i);
		e->marked = true;
		b->mark(b->ud, e->id);
	}
}

void rc_burst_free(struct rc_burst **b)
{
	if (!b || !*b)
		return;
	free((*b)->key);
	free((*b)->ring);
	free(*b);
	*b = NULL;
}
