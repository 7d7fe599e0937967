/* event.c - one access event: life cycle, its stable id, and the tables of
 * actions, outcomes and data categories (from the X-macros in core.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core.h"

void rc_event_init(struct rc_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->occurred_ts = RC_TS_UNKNOWN;
	ev->recorded_ts = RC_TS_UNKNOWN;
	ev->action = RC_ACT_UNKNOWN;
	ev->outcome = RC_OUT_UNKNOWN;
}

void rc_event_clear(struct rc_event *ev)
{
	free(ev->source);
	free(ev->ext_id);
	free(ev->occurred);
	free(ev->recorded);
	free(ev->authority);
	free(ev->authority_country);
	free(ev->authority_type);
	free(ev->organization);
	free(ev->role);
	free(ev->agent);
	free(ev->client);
	free(ev->system);
	free(ev->patient);
	free(ev->purpose);
	free(ev->legal_basis);
	free(ev->authorization);
	free(ev->dest);
	free(ev->dest_country);
	free(ev->origin);
	free(ev->note);
	free(ev->imported);
	free(ev->raw);
	rc_event_init(ev);
}

static void hash_field(crypto_hash_sha256_state *st, const char *name, const char *v)
{
	/* name, then the value's length and bytes, so that no two different
	 * events can give the same byte stream. */
	unsigned char len[9];
	size_t n = v ? strlen(v) : 0;
	crypto_hash_sha256_update(st, (const unsigned char *)name, strlen(name) + 1);
	len[0] = v ? 1 : 0;
	for (int i = 0; i < 8; i++)
		len[1 + i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
	crypto_hash_sha256_update(st, len, sizeof len);
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)v, n);
}

/* The fields that say what happened.  Left out on purpose: where the
 * event came from (origin: a file name can change between two imports of
 * the same letter), when it was imported, its flags and its raw bytes. */
char *rc_event_hash_id(const struct rc_event *ev)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char num[64];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"recourse-event-v1", 18);
	hash_field(&st, "source", ev->source);
	hash_field(&st, "occurred", ev->occurred);
	hash_field(&st, "authority", ev->authority);
	hash_field(&st, "authority_country", ev->authority_country);
	hash_field(&st, "authority_type", ev->authority_type);
	hash_field(&st, "role", ev->role);
	hash_field(&st, "agent", ev->agent);
	hash_field(&st, "system", ev->system);
	snprintf(num, sizeof num, "%u", ev->categories);
	hash_field(&st, "categories", num);
	hash_field(&st, "action", rc_action_id(ev->action));
	hash_field(&st, "outcome", rc_outcome_id(ev->outcome));
	hash_field(&st, "purpose", ev->purpose);
	hash_field(&st, "legal_basis", ev->legal_basis);
	hash_field(&st, "dest", ev->dest);
	hash_field(&st, "dest_country", ev->dest_country);
	hash_field(&st, "note", ev->note);
	crypto_hash_sha256_final(&st, h);
	char *out = rc_xmalloc(2 * sizeof h + 1);
	rc_hex_encode(h, sizeof h, out);
	return out;
}

/* ------------------------------------------------------------------ */
/* Actions and outcomes. */

static const struct {
	const char *id;
	const char *label;
} action_info[] = {
#define RC_ROW(name, id, label) { id, label },
	RC_ACTION_INFO(RC_ROW)
#undef RC_ROW
};

static const struct {
	const char *id;
	const char *label;
} outcome_info[] = {
#define RC_ROW(name, id, label) { id, label },
	RC_OUTCOME_INFO(RC_ROW)
#undef RC_ROW
};

const char *rc_action_id(enum rc_action a)
{
	if ((unsigned)a >= RC_ACT_COUNT)
		a = RC_ACT_UNKNOWN;
	return action_info[a].id;
}

const char *rc_action_label(enum rc_action a)
{
	if ((unsigned)a >= RC_ACT_COUNT)
		a = RC_ACT_UNKNOWN;
	return _(action_info[a].label);
}

bool rc_action_parse(const char *id, enum rc_action *out)
{
	if (!id)
		return false;
	for (int i = 0; i < RC_ACT_COUNT; i++) {
		if (strcasecmp(id, action_info[i].id) == 0) {
			*out = (enum rc_action)i;
			return true;
		}
	}
	return false;
}

const char *rc_outcome_id(enum rc_outcome o)
{
	if ((unsigned)o >= RC_OUT_COUNT)
		o = RC_OUT_UNKNOWN;
	return outcome_info[o].id;
}

const char *rc_outcome_label(enum rc_outcome o)
{
	if ((unsigned)o >= RC_OUT_COUNT)
		o = RC_OUT_UNKNOWN;
	return _(outcome_info[o].label);
}

bool rc_outcome_parse(const char *id, enum rc_outcome *out)
{
	if (!id)
		return false;
	for (int i = 0; i < RC_OUT_COUNT; i++) {
		if (strcasecmp(id, outcome_info[i].id) == 0) {
			*out = (enum rc_outcome)i;
			return true;
		}
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Data categories. */

static const struct {
	unsigned bit;
	const char *id;
	const char *label;
} category_info[] = {
#define RC_ROW(name, bit, id, label) { bit, id, label },
	RC_CATEGORY_INFO(RC_ROW)
#undef RC_ROW
};
#define N_CATEGORIES (sizeof category_info / sizeof category_info[0])

/* "fingerprints, face-image;iris": ids separated by ',' or ';', blanks
 * around them ignored, case ignored.  An empty list is 0. */
/* The length of a list separator at p: "," ";" and the commas of other
 * scripts (Arabic "،" U+060C, fullwidth "，" U+FF0C, ideographic "、"
 * U+3001, Arabic semicolon "؛" U+061B), 0 when none. */
static size_t list_sep(const char *p)
{
	static const char *const seps[] = { ",", ";", "\xD8\x8C", "\xEF\xBC\x8C", "\xE3\x80\x81", "\xD8\x9B" };
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		if (!strncmp(p, seps[i], strlen(seps[i])))
			return strlen(seps[i]);
	return 0;
}

bool rc_categories_parse(const char *list, unsigned *out)
{
	unsigned bits = 0;
	const char *p = list ? list : "";
	while (*p) {
		size_t k;
		while (*p == ' ' || *p == '\t' || (k = list_sep(p)) > 0)
			p += *p == ' ' || *p == '\t' ? 1 : k;
		if (!*p)
			break;
		const char *start = p;
		while (*p && !list_sep(p))
			p++;
		const char *end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		size_t n = (size_t)(end - start);
		size_t i;
		for (i = 0; i < N_CATEGORIES; i++) {
			if (strlen(category_info[i].id) == n
				&& strncasecmp(start, category_info[i].id, n) == 0)
				break;
		}
		if (i == N_CATEGORIES)
			return false;
		bits |= category_info[i].bit;
	}
	*out = bits;
	return true;
}

/* Ids joined by "," (what rc_categories_parse reads back), or translated
 * labels joined by ", ".  Malloc'ed; "" for none. */
char *rc_categories_format(unsigned cats, bool translated)
{
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, "");
	for (size_t i = 0; i < N_CATEGORIES; i++) {
		if (!(cats & category_info[i].bit))
			continue;
		if (b.len)
			rc_buf_addstr(&b, translated ? ", " : ",");
		rc_buf_addstr(&b, translated ? _(category_info[i].label) : category_info[i].id);
	}
	return b.data;
}

/* ---- recipients and marks ---- */

static const struct {
	const char *id, *label;
} dest_kinds[RC_DEST_KIND_COUNT] = {
#define RC_DK_ROW(name, id, label) { id, label },
	RC_DEST_KIND_INFO(RC_DK_ROW)
#undef RC_DK_ROW
};

const char *rc_dest_kind_id(enum rc_dest_kind k)
{
	return k >= 0 && k < RC_DEST_KIND_COUNT ? dest_kinds[k].id : NULL;
}

const char *rc_dest_kind_label(enum rc_dest_kind k)
{
	return k >= 0 && k < RC_DEST_KIND_COUNT ? _(dest_kinds[k].label) : NULL;
}

bool rc_dest_kind_parse(const char *id, enum rc_dest_kind *out)
{
	for (int i = 0; id && i < RC_DEST_KIND_COUNT; i++)
		if (!strcmp(id, dest_kinds[i].id)) {
			*out = (enum rc_dest_kind)i;
			return true;
		}
	return false;
}

static const struct {
	uint32_t bit;
	const char *id, *text;
} marks[RC_MARK_COUNT] = {
#define RC_MARK_ROW(name, bit, id, text) { bit, id, text },
	RC_MARK_INFO(RC_MARK_ROW)
#undef RC_MARK_ROW
};

uint32_t rc_mark_bit(int i)
{
	return i >= 0 && i < RC_MARK_COUNT ? marks[i].bit : 0;
}

const char *rc_mark_id(uint32_t bit)
{
	for (int i = 0; i < RC_MARK_COUNT; i++)
		if (marks[i].bit == bit)
			return marks[i].id;
	return NULL;
}

const char *rc_mark_text(uint32_t bit)
{
	for (int i = 0; i < RC_MARK_COUNT; i++)
		if (marks[i].bit == bit)
			return _(marks[i].text);
	return NULL;
}

uint32_t rc_marks_of_text(unsigned what)
{
	uint32_t m = 0;
	if (what & RC_TEXT_NOT_UTF8)
		m |= RC_MARK_NOT_UTF8;
	if (what & RC_TEXT_INVISIBLE)
		m |= RC_MARK_INVISIBLE;
	if (what & (RC_TEXT_CONTROL | RC_TEXT_BIDI))
		m |= RC_MARK_CONTROL;
	if (what & RC_TEXT_MARKS_CUT)
		m |= RC_MARK_CUT;
	return m;
}

const char *rc_event_body(const struct rc_event *ev)
{
	return ev->organization && *ev->organization ? ev->organization : ev->authority;
}
