/* flags.c - the flags: transparent rules about the authorities' conduct
 * (never a score of the person), their labels and plain explanations,
 * and the streaming burst detector.
 *
 * The rules, one line each:
 * - FLED_COUNTRY: the authority's country or the destination's country is
 *   one the person fled or fears.
 * - NO_MANDATE: the regimes' keyword lists say the accessing body has no
 *   asylum, immigration or border mandate (services; local police only
 *   when no purpose is recorded).
 * - NO_PURPOSE: no purpose, or no legal basis, recorded (blank, or only
 *   dashes, dots, slashes or question marks).
 * - RETENTION: the access came after record creation + the retention of
 *   the system's regime; nothing when either is unknown.
 * - AFTER_ERASURE: the access came after an erasure or restriction
 *   request was filed, or after erasure was confirmed.
 * - BURST: rc_burst_* below.
 * - ONWARD: the destination's country is outside the area of the regimes
 *   in force.  A destination without a country is not flagged: the data
 *   do not show that anything left the area, and a flag must rest on
 *   what the log says.  An access by an authority abroad is not ONWARD
 *   either (it is FLED_COUNTRY when that country is feared). */
#include "config.h"

#include <stdint.h>
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
 * screen).  Explanations speak to the applicant, in plain words: what was
 * seen, why it may matter, what they can do. */
static const struct flag_text flag_texts[RC_FLAG_COUNT] = {
	[FLAG_IDX_FLED_COUNTRY] = {
		/* TRANSLATORS: short label of a flag on an access to the
		 * applicant's record, shown in the access log and on the case
		 * home screen.  An authority of a country the applicant fled or
		 * fears was involved. */
		N_("Country you fled"),
		/* TRANSLATORS: explanation shown under an access flagged
		 * "Country you fled", addressed to the applicant.  Keep it
		 * simple: short sentences, everyday words. */
		N_("This access involves a country you fled or fear: an authority of that "
		   "country used your record, or your data was sent there. This can put you "
		   "or your family in danger. Tell your lawyer now: they can ask who allowed "
		   "it and ask for it to stop.")
	},
	[FLAG_IDX_NO_MANDATE] = {
		/* TRANSLATORS: short label of a flag: the office that used the
		 * record does not deal with asylum, immigration or borders
		 * (e.g. a hospital or a job centre). */
		N_("Not an asylum or border office"),
		/* TRANSLATORS: explanation shown under an access flagged "Not an
		 * asylum or border office", addressed to the applicant. */
		N_("Your record was used by an office that does not deal with asylum, "
		   "immigration or borders, such as a hospital, a school or a job centre. "
		   "These services are there to help you and should not be used to check on "
		   "you. Your lawyer can ask this office why it used your record and which "
		   "law allowed it.")
	},
	[FLAG_IDX_NO_PURPOSE] = {
		/* TRANSLATORS: short label of a flag: no reason (purpose) or no
		 * law (legal basis) was written down for an access. */
		N_("No reason given"),
		/* TRANSLATORS: explanation shown under an access flagged "No
		 * reason given", addressed to the applicant. */
		N_("Nobody wrote down why your data was used this time, or which law allowed "
		   "it. An authority needs a reason and a law before it uses your fingerprints "
		   "or other data. Your lawyer can ask the authority to explain this access in "
		   "writing.")
	},
	[FLAG_IDX_RETENTION] = {
		/* TRANSLATORS: short label of a flag: the access happened after
		 * the time the law allows the data to be kept. */
		N_("Kept too long"),
		/* TRANSLATORS: explanation shown under an access flagged "Kept
		 * too long", addressed to the applicant. */
		N_("This access happened after the time the law allows your data to be kept "
		   "in this system, counted from when your record was made. By then your data "
		   "should have been deleted. You can ask for it to be deleted, and your lawyer "
		   "can ask why it was still there.")
	},
	[FLAG_IDX_AFTER_ERASURE] = {
		/* TRANSLATORS: short label of a flag: the access happened after
		 * the applicant asked for their data to be deleted or blocked. */
		N_("After you asked for deletion"),
		/* TRANSLATORS: explanation shown under an access flagged "After
		 * you asked for deletion", addressed to the applicant. */
		N_("This access happened after you asked for your data to be deleted or "
		   "blocked, or after the authority said it was deleted. Your data should not "
		   "have been used like this after that. Your lawyer can ask the authority "
		   "why, and you can complain to the data protection authority.")
	},
	[FLAG_IDX_BURST] = {
		/* TRANSLATORS: short label of a flag: many accesses by the same
		 * person or office within a few minutes. */
		N_("Many searches at once"),
		/* TRANSLATORS: explanation shown under an access flagged "Many
		 * searches at once", addressed to the applicant. */
		N_("The same person or office used your record many times within a few "
		   "minutes. This is unusual and may mean your data was searched without a "
		   "good reason. Your lawyer can ask the authority to explain these searches.")
	},
	[FLAG_IDX_ONWARD] = {
		/* TRANSLATORS: short label of a flag: the data was sent to a body
		 * in a country outside the area where the rules apply. */
		N_("Sent to another country"),
		/* TRANSLATORS: explanation shown under an access flagged "Sent
		 * to another country", addressed to the applicant. */
		N_("Your data was sent to a body in a country outside the area where these "
		   "data protection rules apply. Once it leaves, your data is harder to "
		   "protect and may reach people you fear. Your lawyer can ask who received "
		   "it and which law allowed it, and ask for it to be deleted there.")
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
	ctx->feared = NULL;
	ctx->requests = NULL;
	ctx->regimes = NULL;
	ctx->record_created_ts = RC_TS_UNKNOWN;
	ctx->burst_count = 10;
	ctx->burst_window_s = 600;
}

void rc_flag_ctx_clear(struct rc_flag_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->feared);
	free(ctx->requests);
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

static bool after_erasure(const struct rc_flag_ctx *ctx, int64_t t)
{
	if (t == RC_TS_UNKNOWN || !ctx->requests)
		return false;
	for (size_t i = 0; i < ctx->n_requests; i++) {
		const struct rc_request_mark *m = &ctx->requests[i];
		char kind[sizeof m->kind + 1];
		memcpy(kind, m->kind, sizeof m->kind);
		kind[sizeof m->kind] = '\0';
		if (!kind_counts_for_erasure(kind))
			continue;
		if (m->filed_ts != RC_TS_UNKNOWN && t > latest_of(m->filed_ts))
			return true;
		if (m->confirmed_ts != RC_TS_UNKNOWN && t > latest_of(m->confirmed_ts))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* The memo: the regime lookups are pure functions of the regimes and a
 * few strings, and an access log names the same few authorities and
 * systems again and again, so a thread that flags many events keeps
 * their answers.  Direct-mapped: a clash replaces the older answer. */

#define MEMO_SLOTS 1024
#define MEMO_KEY_MAX 512

enum memo_kind { MEMO_RETENTION = 1, MEMO_MANDATE, MEMO_AREA };

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

static int retention_days(const struct rc_regimes *r, struct rc_flag_memo *m, const char *system)
{
	if (m) {
		memo_start(m, MEMO_RETENTION);
		memo_part(m, system);
	}
	bool hit;
	struct memo_slot *s = memo_find(m, &hit);
	return hit ? s->val : memo_keep(s, rc_regimes_retention_days(r, system));
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

static int in_area(const struct rc_regimes *r, struct rc_flag_memo *m, const char *system,
	const char *country)
{
	if (m) {
		memo_start(m, MEMO_AREA);
		memo_part(m, system);
		memo_part(m, country);
	}
	bool hit;
	struct memo_slot *s = memo_find(m, &hit);
	return hit ? s->val : memo_keep(s, rc_regimes_in_area(r, system, country));
}

static bool after_retention(const struct rc_flag_ctx *ctx, struct rc_flag_memo *m,
	const struct rc_event *ev, int64_t t)
{
	if (t == RC_TS_UNKNOWN || ctx->record_created_ts == RC_TS_UNKNOWN || !ctx->regimes)
		return false;
	int days = retention_days(ctx->regimes, m, ev->system);
	if (days < 0)
		return false;
	int64_t end;
	if (__builtin_add_overflow(latest_of(ctx->record_created_ts), (int64_t)days * 86400, &end))
		return false;
	return t > end;
}

uint32_t rc_flags_event(const struct rc_flag_ctx *ctx, const struct rc_event *ev)
{
	return rc_flags_event_memo(ctx, NULL, ev);
}

uint32_t rc_flags_event_memo(const struct rc_flag_ctx *ctx, struct rc_flag_memo *m,
	const struct rc_event *ev)
{
	if (!ctx || !ev)
		return 0;
	if (m && m->regimes != ctx->regimes) {
		memo_empty(m);
		m->regimes = ctx->regimes;
	}
	uint32_t f = 0;
	bool purpose = has_text(ev->purpose);
	int64_t t = event_time(ev);

	if (feared_country(ctx, ev->authority_country) || feared_country(ctx, ev->dest_country))
		f |= RC_FLAG_FLED_COUNTRY;
	if (ctx->regimes
		&& mandate(ctx->regimes, m, ev->authority_type, ev->authority, purpose) == RC_MANDATE_NO)
		f |= RC_FLAG_NO_MANDATE;
	if (!purpose || !has_text(ev->legal_basis))
		f |= RC_FLAG_NO_PURPOSE;
	if (after_retention(ctx, m, ev, t))
		f |= RC_FLAG_RETENTION;
	if (after_erasure(ctx, t))
		f |= RC_FLAG_AFTER_ERASURE;
	if (ctx->regimes && ev->dest_country
		&& in_area(ctx->regimes, m, ev->system, ev->dest_country) == 0)
		f |= RC_FLAG_ONWARD;
	return f;
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
