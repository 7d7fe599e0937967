/* import_fhir.c - FHIR AuditEvents (R4 and R5) from one JSON document (a
 * Bundle of any type, or a single AuditEvent) or from NDJSON, with yajl's
 * streaming parser.
 *
 * Nothing is built as a tree.  A stack of frames follows the nesting; each
 * frame knows what kind of FHIR element it is (only the few elements that
 * doc/access-log-formats.md lists are told apart, the rest is skipped) and
 * the keys seen so far in it, for duplicate keys.  Values are copied into
 * one arena per entry, and only those that are mapped.  The bytes of the
 * resource being read are captured across chunks for ev->raw.
 *
 * An entry is the unit of failure: a Bundle's entry[i], a single
 * AuditEvent document, or one NDJSON line.  What is wrong inside an entry
 * makes that entry invalid and reading goes on with the next one; only a
 * JSON syntax error in a single document (or a document that would need
 * unbounded memory) stops the import.
 *
 * Memory stays bounded: an entry bigger than max_entry_bytes is no longer
 * captured nor collected; nesting deeper than max_depth is no longer
 * tracked frame by frame; yajl itself is fed at most CHUNK bytes at a time
 * and stopped when one token grows beyond TOKEN_CAP (a string of several
 * MiB that yajl would otherwise buffer whole). */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <yajl/yajl_parse.h>

#include "import_int.h"

#define CHUNK ((size_t)64 * 1024)
#define MAX_AGENTS 16
#define MAX_ORGS 8
#define HARD_DEPTH_EXTRA 4096 /* levels past max_depth skipped before giving up */

/* What a JSON value is, for us. */
enum node {
	N_SKIP,
	N_RES,       /* a resource: the document, entry.resource, a line */
	N_ENTRIES,   /* Bundle.entry */
	N_ENTRY,     /* Bundle.entry[i] */
	N_ESEARCH,   /* entry.search */
	N_CONTAINED, /* AuditEvent.contained[] */
	N_ADDRESS,   /* contained.address[] */
	N_PERIOD,    /* R4 period, R5 occurredPeriod */
	N_OUTCOME5,  /* R5 outcome */
	N_AGENT,
	N_WHO,
	N_WHO_ID,
	N_POLICY,    /* agent.policy[] */
	N_SOURCE,
	N_OBSERVER,
	N_OBS_ID,
	N_SITE,      /* R5 source.site (a Reference) */
	N_SITE_ID,
	N_ENTITY,
	N_DETAIL,
	N_CC,        /* CodeableConcept */
	N_CODING,
};

/* Where a CodeableConcept or Coding goes. */
enum tag {
	T_NONE,
	T_ACTION,        /* R4 type, subtype; R5 category, code */
	T_PURPOSE,       /* R4 purposeOfEvent, R5 authorization */
	T_AGENT_TYPE,
	T_AGENT_ROLE,
	T_AGENT_PURPOSE, /* R4 agent.purposeOfUse, R5 agent.authorization */
	T_ORG_TYPE,
	T_DETAIL_TYPE,
	T_DETAIL_VALUE,  /* R5 detail.valueCodeableConcept */
	T_OUTCOME,       /* R5 outcome.code */
};

/* The keys we look at.  Those from K_UNREAD on are never read: they are
 * told apart only because they are frequent in AuditEvents, so that
 * key_dup finds their duplicates with a bit test instead of comparing
 * bytes.  A frame's key is K_NONE for them, as for any other key. */
enum key {
	K_NONE, K_ID, K_WHO, K_TYPE, K_CODE, K_ROLE, K_MODE, K_NAME, K_TEXT, K_SITE,
	K_AGENT, K_ENTRY, K_START, K_VALUE, K_ACTION, K_PERIOD, K_SOURCE, K_ENTITY, K_SEARCH,
	K_POLICY, K_DETAIL, K_CODING, K_SUBTYPE, K_OUTCOME, K_ADDRESS, K_COUNTRY,
	K_DISPLAY, K_CATEGORY, K_RECORDED, K_RESOURCE, K_OBSERVER, K_CONTAINED,
	K_REFERENCE, K_REQUESTOR, K_VALUECODE, K_IDENTIFIER, K_VALUESTRING,
	K_RESOURCETYPE, K_PURPOSEOFUSE, K_AUTHORIZATION, K_OCCURREDPERIOD,
	K_PURPOSEOFEVENT, K_OCCURREDDATETIME, K_VALUECODEABLECONCEPT,
	K_UNREAD,
	K_SYSTEM = K_UNREAD, K_END, K_DIV, K_TAG, K_URL, K_WHAT, K_META, K_ALTID, K_STATUS,
	K_NETWORK, K_PROFILE, K_FULLURL, K_SECURITY, K_EXTENSION, K_NETWORKSTRING,
	K_COUNT
};

/* key_dup keeps the keys of an object as bits of a uint64_t. */
_Static_assert(K_COUNT <= 64, "too many keys for a 64-bit set");

#define KEQ(s) (len == sizeof(s) - 1 && memcmp(k, s, sizeof(s) - 1) == 0)

static enum key key_of(const unsigned char *k, size_t len)
{
	switch (len) {
	case 2: if (KEQ("id")) return K_ID; break;
	case 3:
		switch (k[0]) {
		case 'w': if (KEQ("who")) return K_WHO; break;
		case 'e': if (KEQ("end")) return K_END; break;
		case 'd': if (KEQ("div")) return K_DIV; break;
		case 't': if (KEQ("tag")) return K_TAG; break;
		case 'u': if (KEQ("url")) return K_URL; break;
		}
		break;
	case 4:
		switch (k[0]) {
		case 't': if (KEQ("type")) return K_TYPE; if (KEQ("text")) return K_TEXT; break;
		case 'c': if (KEQ("code")) return K_CODE; break;
		case 'r': if (KEQ("role")) return K_ROLE; break;
		case 'm': if (KEQ("mode")) return K_MODE; if (KEQ("meta")) return K_META; break;
		case 'n': if (KEQ("name")) return K_NAME; break;
		case 's': if (KEQ("site")) return K_SITE; break;
		case 'w': if (KEQ("what")) return K_WHAT; break;
		}
		break;
	case 5:
		switch (k[0]) {
		case 'a': if (KEQ("agent")) return K_AGENT; if (KEQ("altId")) return K_ALTID; break;
		case 'e': if (KEQ("entry")) return K_ENTRY; break;
		case 's': if (KEQ("start")) return K_START; break;
		case 'v': if (KEQ("value")) return K_VALUE; break;
		}
		break;
	case 6:
		switch (k[0]) {
		case 'a': if (KEQ("action")) return K_ACTION; break;
		case 'p': if (KEQ("period")) return K_PERIOD; if (KEQ("policy")) return K_POLICY; break;
		case 's':
			if (KEQ("system")) return K_SYSTEM;
			if (KEQ("source")) return K_SOURCE;
			if (KEQ("search")) return K_SEARCH;
			if (KEQ("status")) return K_STATUS;
			break;
		case 'e': if (KEQ("entity")) return K_ENTITY; break;
		case 'd': if (KEQ("detail")) return K_DETAIL; break;
		case 'c': if (KEQ("coding")) return K_CODING; break;
		}
		break;
	case 7:
		switch (k[0]) {
		case 's': if (KEQ("subtype")) return K_SUBTYPE; break;
		case 'o': if (KEQ("outcome")) return K_OUTCOME; break;
		case 'a': if (KEQ("address")) return K_ADDRESS; break;
		case 'c': if (KEQ("country")) return K_COUNTRY; break;
		case 'd': if (KEQ("display")) return K_DISPLAY; break;
		case 'n': if (KEQ("network")) return K_NETWORK; break;
		case 'p': if (KEQ("profile")) return K_PROFILE; break;
		case 'f': if (KEQ("fullUrl")) return K_FULLURL; break;
		}
		break;
	case 8:
		switch (k[0]) {
		case 'c': if (KEQ("category")) return K_CATEGORY; break;
		case 'r': if (KEQ("recorded")) return K_RECORDED; if (KEQ("resource")) return K_RESOURCE; break;
		case 'o': if (KEQ("observer")) return K_OBSERVER; break;
		case 's': if (KEQ("security")) return K_SECURITY; break;
		}
		break;
	case 9:
		switch (k[0]) {
		case 'c': if (KEQ("contained")) return K_CONTAINED; break;
		case 'r': if (KEQ("reference")) return K_REFERENCE; if (KEQ("requestor")) return K_REQUESTOR; break;
		case 'v': if (KEQ("valueCode")) return K_VALUECODE; break;
		case 'e': if (KEQ("extension")) return K_EXTENSION; break;
		}
		break;
	case 10: if (KEQ("identifier")) return K_IDENTIFIER; break;
	case 11: if (KEQ("valueString")) return K_VALUESTRING; break;
	case 12:
		if (KEQ("resourceType")) return K_RESOURCETYPE;
		if (KEQ("purposeOfUse")) return K_PURPOSEOFUSE;
		break;
	case 13:
		if (KEQ("authorization")) return K_AUTHORIZATION;
		if (KEQ("networkString")) return K_NETWORKSTRING;
		break;
	case 14:
		if (KEQ("occurredPeriod")) return K_OCCURREDPERIOD;
		if (KEQ("purposeOfEvent")) return K_PURPOSEOFEVENT;
		break;
	case 16: if (KEQ("occurredDateTime")) return K_OCCURREDDATETIME; break;
	case 20: if (KEQ("valueCodeableConcept")) return K_VALUECODEABLECONCEPT; break;
	}
	return K_NONE;
}

#undef KEQ

/* A slice of js->str; len 0 means absent. */
struct slice {
	uint32_t off, len;
};

/* Agent classes (from agent.type and agent.role codes, who.reference). */
enum {
	AG_REQUESTOR = 1 << 0,
	AG_DEST      = 1 << 1, /* DICOM 110152 Destination Role ID */
	AG_SOURCE    = 1 << 2, /* DICOM 110153 Source Role ID */
	AG_CUSTODIAN = 1 << 3,
	AG_ORGLIKE   = 1 << 4, /* an organization: Organization/..., GRP, PROV */
	AG_HUMAN     = 1 << 5, /* humanuser */
};

struct agent {
	struct slice who_ref, who_id, who_display, name, role, policy, purpose;
	unsigned cls;
};

struct org {
	struct slice rtype, id, name, type, country;
};

/* What one AuditEvent says, as far as we map it. */
struct coll {
	struct slice id, action, occ_dt, period_start, recorded, outcome, purpose;
	struct slice obs_ref, obs_id, obs_display, site, site_display, site_id;
	unsigned categories;
	int hint_rest, hint_dicom, hint_iti; /* enum rc_action + 1; 0 none */
	bool hint_disclose;
	unsigned nagents;
	struct agent cur;
	unsigned norgs;
	struct org cur_org;
	/* scratch for the CodeableConcept, Coding and detail being read */
	bool cc_open;
	struct slice cc_text, cc_display, cc_code;
	struct slice cd_code, cd_display;
	bool det_bio;
	struct slice det_value;
	/* Last: ctx_begin clears only what comes before them, as no more
	 * than the first nagents and norgs are ever read. */
	struct agent agents[MAX_AGENTS];
	struct org orgs[MAX_ORGS];
};

enum rtype { RT_UNKNOWN, RT_AUDIT, RT_BUNDLE, RT_OTHER };

/* Why an entry is invalid (the messages are in ctx_finish). */
enum why {
	W_NONE, W_TOO_BIG, W_TOO_DEEP, W_DUP_KEY, W_LINE_NOT_OBJECT, W_LINE_MULTI,
	W_ENTRY_NOT_OBJECT, W_RES_NOT_OBJECT,
};

/* The entry being read. */
struct ctx {
	uint32_t serial;       /* 0: none */
	uint64_t no;           /* entry number */
	uint64_t start, line;  /* where it starts */
	bool ok;
	enum why why;          /* first problem, when !ok */
	char arg[64];          /* its argument, e.g. the duplicate key */
	unsigned uarg;
	bool has_res, res_done, outcome_mode;
	enum rtype rtype;
};

struct keyrec {
	uint32_t off, len, hash;
};

struct frame {
	uint8_t kind, tag, key;
	bool array, check;
	uint8_t rtype;        /* N_RES: enum rtype */
	uint32_t serial;      /* the ctx it belongs to */
	uint64_t known;       /* keys seen that key_of knows: bit 1 << enum key */
	uint32_t rec_start, nrec; /* the other keys seen, in js->recs */
	uint32_t *table;      /* key index for objects with many keys */
	uint32_t tcap;
};

struct rc_impjson {
	struct rc_import *imp;
	bool ndjson;
	yajl_handle h;
	yajl_callbacks cb;
	enum rc_status stop;  /* why a callback cancelled */
	bool fatal;           /* a document-level problem was reported */

	struct frame *frames;
	struct frame *top;    /* frames[depth - 1], NULL at depth 0 (asked on every token) */
	unsigned depth, over, max_depth;

	/* position */
	const unsigned char *sub; /* what yajl is parsing now */
	size_t sublen;
	uint64_t base;            /* absolute offset of sub[0] */
	uint64_t ncb;             /* callbacks so far */
	uint64_t last_end;        /* absolute offset after the last token read */
	uint64_t last_line;       /* its line, once its chunk is done */
	uint64_t idle;            /* bytes fed since a callback was last seen */
	uint64_t lc_pos, lc_line; /* lines counted up to lc_pos */
	uint64_t total;           /* bytes fed so far (absolute) */
	bool saw_value;

	/* entries */
	struct ctx ctx;
	uint32_t next_serial;
	uint64_t entry_no;
	struct coll c;
	struct rc_buf str;        /* values of the entry */
	struct rc_buf keys;       /* keys of the open objects (duplicates) */
	struct keyrec *recs;
	size_t nrecs, caprecs;

	/* capture of the resource's bytes (single documents) */
	bool cap_on;
	size_t cap_from;          /* in sub */
	struct rc_buf cap;
	const unsigned char *raw;
	size_t raw_len;

	/* NDJSON */
	struct rc_buf line;
	bool line_over;           /* the line is longer than the limit */
	uint64_t line_no;         /* lines started so far */
	uint64_t line_start;      /* absolute offset of the line */
	unsigned values;          /* top-level values on the line */
};

/* ------------------------------------------------------------------ */
/* Positions and lines. */

static uint64_t pos_now(struct rc_impjson *js)
{
	return js->base + yajl_get_bytes_consumed(js->h);
}

/* The line of absolute offset pos, which lies in the current sub and not
 * before the last one asked. */
static uint64_t line_at(struct rc_impjson *js, uint64_t pos)
{
	if (js->ndjson)
		return js->line_no;
	if (js->sub && pos > js->lc_pos && pos >= js->base) {
		size_t from = js->lc_pos > js->base ? (size_t)(js->lc_pos - js->base) : 0;
		size_t to = (size_t)(pos - js->base);
		if (to > js->sublen)
			to = js->sublen;
		const unsigned char *p = js->sub + from, *end = js->sub + to;
		while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
			js->lc_line++;
			p++;
		}
		js->lc_pos = js->base + to;
	}
	return js->lc_line;
}

/* Every callback: one more token read.  In a single document, where it
 * ended, to say where a syntax error comes after (yajl's own offset of a
 * bad token is off when the token was split between two reads). */
static inline void seen(struct rc_impjson *js)
{
	js->ncb++;
	if (!js->ndjson)
		js->last_end = pos_now(js);
}

/* ------------------------------------------------------------------ */
/* Entries. */

static void ctx_begin(struct rc_impjson *js, uint64_t no, uint64_t start)
{
	struct ctx *x = &js->ctx;
	memset(x, 0, sizeof *x);
	if (++js->next_serial == 0)
		js->next_serial = 1;
	x->serial = js->next_serial;
	x->no = no;
	x->start = start;
	x->line = line_at(js, start);
	x->ok = true;
	rc_buf_reset(&js->str);
	memset(&js->c, 0, offsetof(struct coll, agents));
	js->cap_on = false;
	js->raw = NULL;
	js->raw_len = 0;
}

static void ctx_fail(struct rc_impjson *js, enum why why)
{
	struct ctx *x = &js->ctx;
	if (!x->serial || !x->ok)
		return;
	x->ok = false;
	x->why = why;
	js->cap_on = false;
}

static bool collecting(const struct rc_impjson *js)
{
	return js->ctx.serial && js->ctx.ok && js->ctx.rtype != RT_OTHER;
}

/* The entry grew too big? */
static void check_size(struct rc_impjson *js, uint64_t pos)
{
	struct ctx *x = &js->ctx;
	if (x->serial && x->ok && pos - x->start > js->imp->lim.max_entry_bytes) {
		x->uarg = (unsigned)js->imp->lim.max_entry_bytes;
		ctx_fail(js, W_TOO_BIG);
	}
}

/* rc_buf_add with the common case inline (a bulk import calls it for
 * every key and value). */
static inline void add(struct rc_buf *b, const void *p, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = 0;
	} else {
		rc_buf_add(b, p, n);
	}
}

static inline struct slice save(struct rc_impjson *js, const unsigned char *p, size_t len)
{
	struct slice s = { 0, 0 };
	if (!len || !collecting(js))
		return s;
	s.off = (uint32_t)js->str.len;
	s.len = (uint32_t)len;
	add(&js->str, p, len);
	return s;
}

static const char *sp(const struct rc_impjson *js, struct slice s)
{
	return js->str.data + s.off;
}

static bool slice_is(const struct rc_impjson *js, struct slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && memcmp(sp(js, s), lit, n) == 0;
}

#define SET_FIRST(dst, p, len) do { if (!(dst).len) (dst) = save(js, p, len); } while (0)

/* ------------------------------------------------------------------ */
/* Codes. */

static inline bool eq(const unsigned char *p, size_t len, const char *lit)
{
	size_t n = strlen(lit); /* folded for literals */
	return len == n && memcmp(p, lit, n) == 0;
}

static inline bool eq_nocase(const unsigned char *p, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	if (len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char a = p[i], b = (unsigned char)lit[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

struct code_map {
	const char *code;
	size_t len;
	enum rc_action a;
};
#define CM(s, a) { s, sizeof(s) - 1, a }

static const struct code_map rest_codes[] = {
	/* http://hl7.org/fhir/restful-interaction */
	CM("read", RC_ACT_READ), CM("vread", RC_ACT_READ),
	CM("history-instance", RC_ACT_READ),
	CM("search", RC_ACT_SEARCH), CM("search-type", RC_ACT_SEARCH),
	CM("search-system", RC_ACT_SEARCH), CM("search-compartment", RC_ACT_SEARCH),
	CM("history", RC_ACT_SEARCH), CM("history-type", RC_ACT_SEARCH),
	CM("history-system", RC_ACT_SEARCH),
	CM("create", RC_ACT_CREATE), CM("update", RC_ACT_UPDATE),
	CM("patch", RC_ACT_UPDATE), CM("delete", RC_ACT_DELETE),
	{ NULL, 0, RC_ACT_UNKNOWN },
}, dicom_codes[] = {
	/* DICOM audit event IDs (DCM) */
	CM("110112", RC_ACT_SEARCH), /* Query */
	CM("110106", RC_ACT_EXPORT), /* Export */
	CM("110107", RC_ACT_CREATE), /* Import */
	CM("110103", RC_ACT_READ),   /* DICOM Instances Accessed */
	CM("110105", RC_ACT_DELETE), /* DICOM Study Deleted */
	{ NULL, 0, RC_ACT_UNKNOWN },
}, iti_codes[] = {
	/* IHE ITI transactions */
	CM("ITI-9", RC_ACT_SEARCH), CM("ITI-18", RC_ACT_SEARCH),
	CM("ITI-21", RC_ACT_SEARCH), CM("ITI-38", RC_ACT_SEARCH),
	CM("ITI-47", RC_ACT_SEARCH), CM("ITI-51", RC_ACT_SEARCH),
	CM("ITI-55", RC_ACT_SEARCH), CM("ITI-67", RC_ACT_SEARCH),
	CM("ITI-78", RC_ACT_SEARCH), CM("ITI-81", RC_ACT_SEARCH),
	CM("ITI-83", RC_ACT_SEARCH),
	CM("ITI-39", RC_ACT_READ), CM("ITI-43", RC_ACT_READ), CM("ITI-68", RC_ACT_READ),
	CM("ITI-32", RC_ACT_EXPORT), /* Distribute Document Set on Media */
	{ NULL, 0, RC_ACT_UNKNOWN },
};
#undef CM

/* enum rc_action + 1 of the code in the table, 0 when not there. */
static int code_lookup(const struct code_map *t, const unsigned char *p, size_t len, bool nocase)
{
	for (; t->code; t++)
		if (t->len == len && (nocase ? eq_nocase(p, len, t->code) : memcmp(p, t->code, len) == 0))
			return (int)t->a + 1;
	return 0;
}

/* A code of the event's type/subtype (R4) or category/code (R5). */
static void action_hint(struct rc_impjson *js, const unsigned char *p, size_t len)
{
	struct coll *c = &js->c;
	int a;
	if (!collecting(js) || !len)
		return;
	if (!c->hint_rest && (a = code_lookup(rest_codes, p, len, false))) {
		c->hint_rest = a;
		return;
	}
	if (!c->hint_dicom && p[0] == '1' && (a = code_lookup(dicom_codes, p, len, false))) {
		c->hint_dicom = a;
		return;
	}
	if (!c->hint_iti && (p[0] == 'I' || p[0] == 'i')
		&& (a = code_lookup(iti_codes, p, len, true))) {
		c->hint_iti = a;
		return;
	}
	if ((p[0] == 'd' || p[0] == 'D')
		&& (eq_nocase(p, len, "disclose") || eq_nocase(p, len, "disclosure")))
		c->hint_disclose = true;
}

static unsigned agent_class(const unsigned char *p, size_t len)
{
	if (eq(p, len, "110152"))
		return AG_DEST;
	if (eq(p, len, "110153"))
		return AG_SOURCE;
	if (eq(p, len, "custodian"))
		return AG_CUSTODIAN;
	if (eq(p, len, "humanuser"))
		return AG_HUMAN;
	if (eq(p, len, "GRP") || eq(p, len, "PROV"))
		return AG_ORGLIKE;
	return 0;
}

/* A Coding's code or display was read. */
static void coding_value(struct rc_impjson *js, enum tag tag, enum key key,
	const unsigned char *p, size_t len)
{
	struct coll *c = &js->c;
	if (key == K_CODE) {
		SET_FIRST(c->cd_code, p, len);
		if (tag == T_ACTION)
			action_hint(js, p, len);
		else if (tag == T_AGENT_TYPE || tag == T_AGENT_ROLE)
			c->cur.cls |= agent_class(p, len);
		else if (tag == T_DETAIL_TYPE && eq(p, len, "biometric-modality"))
			c->det_bio = true;
		else if (tag == T_OUTCOME)
			SET_FIRST(c->outcome, p, len);
	} else if (key == K_DISPLAY) {
		SET_FIRST(c->cd_display, p, len);
		if (tag == T_DETAIL_TYPE && eq(p, len, "biometric-modality"))
			c->det_bio = true;
	}
}

static void coding_end(struct rc_impjson *js)
{
	struct coll *c = &js->c;
	if (c->cc_open) {
		if (!c->cc_display.len)
			c->cc_display = c->cd_display;
		if (!c->cc_code.len)
			c->cc_code = c->cd_code;
	}
	c->cd_code.len = c->cd_display.len = 0;
}

/* A CodeableConcept ends: its text, else a display, else a code. */
static void cc_end(struct rc_impjson *js, enum tag tag)
{
	struct coll *c = &js->c;
	struct slice best = c->cc_text.len ? c->cc_text
		: c->cc_display.len ? c->cc_display : c->cc_code;
	c->cc_open = false;
	switch (tag) {
	case T_PURPOSE:
		if (!c->purpose.len)
			c->purpose = best;
		break;
	case T_AGENT_ROLE:
		if (!c->cur.role.len)
			c->cur.role = best;
		break;
	case T_AGENT_PURPOSE:
		if (!c->cur.purpose.len)
			c->cur.purpose = best;
		break;
	case T_ORG_TYPE:
		if (!c->cur_org.type.len)
			c->cur_org.type = best;
		break;
	case T_DETAIL_VALUE:
		/* a code names a modality better than a display */
		if (!c->det_value.len)
			c->det_value = c->cc_code.len ? c->cc_code : best;
		break;
	default:
		break;
	}
}

static void detail_end(struct rc_impjson *js)
{
	static const struct { const char *v; unsigned bit; } cats[] = {
		{ "fingerprints", RC_CAT_FINGERPRINTS }, { "fingerprint", RC_CAT_FINGERPRINTS },
		{ "face-image", RC_CAT_FACE }, { "face", RC_CAT_FACE },
		{ "facial-image", RC_CAT_FACE }, { "face image", RC_CAT_FACE },
		{ "facial image", RC_CAT_FACE }, { "iris", RC_CAT_IRIS },
		{ "biographic", RC_CAT_BIOGRAPHIC }, { "other", RC_CAT_OTHER },
	};
	struct coll *c = &js->c;
	if (c->det_bio && c->det_value.len) {
		const unsigned char *v = (const unsigned char *)sp(js, c->det_value);
		unsigned bit = RC_CAT_OTHER;
		for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
			if (eq_nocase(v, c->det_value.len, cats[i].v)) {
				bit = cats[i].bit;
				break;
			}
		c->categories |= bit;
	}
	c->det_bio = false;
	c->det_value.len = 0;
}

/* ------------------------------------------------------------------ */
/* Duplicate keys: the keys of every open object of the entry. */

static uint32_t fnv1a(const unsigned char *p, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static bool rec_eq(struct rc_impjson *js, uint32_t i, const unsigned char *k, size_t len, uint32_t h)
{
	const struct keyrec *r = &js->recs[i];
	return r->hash == h && r->len == len && memcmp(js->keys.data + r->off, k, len) == 0;
}

static void table_put(struct frame *f, uint32_t idx, uint32_t h)
{
	uint32_t m = f->tcap - 1, i = h & m;
	while (f->table[i])
		i = (i + 1) & m;
	f->table[i] = idx + 1;
}

/* key_dup for a key that key_of does not know: its bytes are kept.
 * Small sets of them are scanned, big ones get a hash index. */
static bool other_key_dup(struct rc_impjson *js, struct frame *f, const unsigned char *k,
	size_t len)
{
	uint32_t h = 0;
	if (f->nrec < 16) {
		for (uint32_t i = f->rec_start; i < f->rec_start + f->nrec; i++) {
			const struct keyrec *r = &js->recs[i];
			const char *rk = js->keys.data + r->off;
			if (r->len == len && (!len || (rk[0] == (char)k[0] && memcmp(rk, k, len) == 0)))
				return true;
		}
	} else {
		h = fnv1a(k, len);
		if (!f->table || (f->nrec + 1) * 2 > f->tcap) {
			free(f->table);
			f->tcap = 64;
			while (f->tcap < (f->nrec + 1) * 4)
				f->tcap *= 2;
			f->table = rc_xcalloc(f->tcap, sizeof *f->table);
			for (uint32_t i = f->rec_start; i < f->rec_start + f->nrec; i++) {
				struct keyrec *r = &js->recs[i];
				r->hash = fnv1a((const unsigned char *)js->keys.data + r->off, r->len);
				table_put(f, i, r->hash);
			}
		}
		uint32_t m = f->tcap - 1;
		for (uint32_t i = h & m; f->table[i]; i = (i + 1) & m)
			if (rec_eq(js, f->table[i] - 1, k, len, h))
				return true;
	}
	if (js->nrecs == js->caprecs) {
		js->caprecs = js->caprecs ? js->caprecs * 2 : 256;
		js->recs = rc_xrealloc(js->recs, js->caprecs * sizeof *js->recs);
	}
	uint32_t idx = (uint32_t)js->nrecs++;
	js->recs[idx] = (struct keyrec){ (uint32_t)js->keys.len, (uint32_t)len, h };
	add(&js->keys, k, len);
	f->nrec++;
	if (f->table)
		table_put(f, idx, h);
	return false;
}

/* Records the key; true when the object already had it.  A key that
 * key_of knows (nearly all of them) is one bit of f->known: the same bytes
 * give the same enum key, and no other bytes do. */
static inline bool key_dup(struct rc_impjson *js, struct frame *f, enum key key,
	const unsigned char *k, size_t len)
{
	if (key == K_NONE)
		return other_key_dup(js, f, k, len);
	uint64_t bit = (uint64_t)1 << key;
	if (f->known & bit)
		return true;
	f->known |= bit;
	return false;
}

/* ------------------------------------------------------------------ */
/* The stack. */

static inline struct frame *top(struct rc_impjson *js)
{
	return js->top;
}

/* Past max_depth the entry is invalid and the levels are only counted. */
static void too_deep(struct rc_impjson *js, uint64_t start)
{
	js->over++;
	if (js->ctx.serial) {
		/* The first problem in the bytes is the one told, however the
		 * input was cut: was the entry already too big here? */
		check_size(js, start);
		js->ctx.uarg = js->max_depth;
		ctx_fail(js, W_TOO_DEEP);
	} else if (js->over == 1) {
		/* Outside any entry (a Bundle inside Bundles ...). */
		rc_import_report(js->imp, 0, line_at(js, start), start,
			_("Part of the file is nested more than %u levels deep and was skipped."),
			js->max_depth);
	}
}

/* Room for one more level?  Past max_depth the entry is invalid and the
 * levels are only counted; far past it the document is given up. */
static inline bool room(struct rc_impjson *js, uint64_t start)
{
	if (js->over || js->depth >= js->max_depth) {
		too_deep(js, start);
		return false;
	}
	return true;
}

static inline struct frame *push(struct rc_impjson *js, enum node kind, enum tag tag, bool array)
{
	struct frame *parent = top(js);
	struct frame *f = &js->frames[js->depth++];
	js->top = f;
	f->kind = (uint8_t)kind;
	f->tag = (uint8_t)tag;
	f->key = K_NONE;
	f->array = array;
	f->rtype = RT_UNKNOWN;
	f->serial = js->ctx.serial;
	f->known = 0;
	f->rec_start = (uint32_t)js->nrecs;
	f->nrec = 0;
	f->table = NULL;
	f->tcap = 0;
	/* Arrays pass the duty on to the objects inside them. */
	f->check = js->ctx.serial && js->ctx.ok
		&& (kind == N_ENTRY || kind == N_RES || (parent && parent->check
			&& parent->serial == js->ctx.serial));
	return f;
}

static void pop(struct rc_impjson *js)
{
	struct frame *f = &js->frames[--js->depth];
	js->top = js->depth ? f - 1 : NULL;
	if (f->nrec) {
		js->keys.len = js->recs[f->rec_start].off;
		js->nrecs = f->rec_start;
	}
	if (f->table) {
		free(f->table);
		f->table = NULL;
	}
}

/* What kind is the value under key k of an object of kind `kind`? */
static enum node child_kind(struct rc_impjson *js, const struct frame *f, enum tag *tag, bool array)
{
	*tag = T_NONE;
	switch ((enum node)f->kind) {
	case N_RES:
		if (f->rtype == RT_BUNDLE || f->rtype == RT_OTHER)
			return f->key == K_ENTRY && array && f->rtype == RT_BUNDLE ? N_ENTRIES : N_SKIP;
		switch ((enum key)f->key) {
		case K_ENTRY:
			/* Only a document's top level or an entry's resource may
			 * be a Bundle; an NDJSON line never is. */
			return array && !js->ndjson && f->rtype == RT_UNKNOWN ? N_ENTRIES : N_SKIP;
		case K_CONTAINED: return N_CONTAINED;
		case K_TYPE: case K_SUBTYPE: *tag = T_ACTION; return N_CODING;
		case K_CATEGORY: case K_CODE: *tag = T_ACTION; return N_CC;
		case K_PERIOD: case K_OCCURREDPERIOD: return N_PERIOD;
		case K_OUTCOME: return N_OUTCOME5;
		case K_PURPOSEOFEVENT: case K_AUTHORIZATION: *tag = T_PURPOSE; return N_CC;
		case K_AGENT: return N_AGENT;
		case K_SOURCE: return N_SOURCE;
		case K_ENTITY: return N_ENTITY;
		default: return N_SKIP;
		}
	case N_ENTRY:
		if (f->key == K_RESOURCE)
			return N_RES;
		return f->key == K_SEARCH ? N_ESEARCH : N_SKIP;
	case N_OUTCOME5:
		if (f->key == K_CODE) {
			*tag = T_OUTCOME;
			return N_CODING;
		}
		return N_SKIP;
	case N_AGENT:
		switch ((enum key)f->key) {
		case K_TYPE: *tag = T_AGENT_TYPE; return N_CC;
		case K_ROLE: *tag = T_AGENT_ROLE; return N_CC;
		case K_WHO: return N_WHO;
		case K_POLICY: return N_POLICY;
		case K_PURPOSEOFUSE: case K_AUTHORIZATION: *tag = T_AGENT_PURPOSE; return N_CC;
		default: return N_SKIP;
		}
	case N_WHO: return f->key == K_IDENTIFIER ? N_WHO_ID : N_SKIP;
	case N_SOURCE:
		if (f->key == K_OBSERVER)
			return N_OBSERVER;
		return f->key == K_SITE ? N_SITE : N_SKIP;
	case N_OBSERVER: return f->key == K_IDENTIFIER ? N_OBS_ID : N_SKIP;
	case N_SITE: return f->key == K_IDENTIFIER ? N_SITE_ID : N_SKIP;
	case N_CONTAINED:
		if (f->key == K_TYPE) {
			*tag = T_ORG_TYPE;
			return N_CC;
		}
		return f->key == K_ADDRESS ? N_ADDRESS : N_SKIP;
	case N_ENTITY: return f->key == K_DETAIL ? N_DETAIL : N_SKIP;
	case N_DETAIL:
		if (f->key == K_TYPE) {
			*tag = T_DETAIL_TYPE;
			return N_CC;
		}
		if (f->key == K_VALUECODEABLECONCEPT) {
			*tag = T_DETAIL_VALUE;
			return N_CC;
		}
		return N_SKIP;
	case N_CC:
		if (f->key == K_CODING) {
			*tag = (enum tag)f->tag;
			return N_CODING;
		}
		return N_SKIP;
	default:
		return N_SKIP;
	}
}

/* ------------------------------------------------------------------ */
/* Building the event. */

static char *text_of(struct rc_impjson *js, struct slice s)
{
	return s.len ? rc_import_text(sp(js, s), s.len, false) : NULL;
}

static struct slice first_of(struct slice a, struct slice b, struct slice c)
{
	return a.len ? a : b.len ? b : c;
}

static const struct org *org_by_ref(struct rc_impjson *js, struct slice ref)
{
	if (ref.len < 2 || sp(js, ref)[0] != '#')
		return NULL;
	for (unsigned i = 0; i < js->c.norgs; i++) {
		const struct org *o = &js->c.orgs[i];
		if (o->id.len == ref.len - 1 && memcmp(sp(js, o->id), sp(js, ref) + 1, o->id.len) == 0)
			return o;
	}
	return NULL;
}

static enum rc_outcome outcome_of(struct rc_impjson *js)
{
	struct slice o = js->c.outcome;
	if (!o.len)
		return RC_OUT_UNKNOWN;
	const unsigned char *p = (const unsigned char *)sp(js, o);
	if (eq(p, o.len, "0") || eq_nocase(p, o.len, "success") || eq_nocase(p, o.len, "information"))
		return RC_OUT_HIT;
	if (eq(p, o.len, "4") || eq_nocase(p, o.len, "warning"))
		return RC_OUT_NOHIT;
	if (eq(p, o.len, "8") || eq(p, o.len, "12") || eq_nocase(p, o.len, "error")
		|| eq_nocase(p, o.len, "fatal"))
		return RC_OUT_ERROR;
	return RC_OUT_UNKNOWN;
}

/* A date field: false (and *why) when present but not a date. */
static bool date_of(struct rc_impjson *js, struct slice s, char **out, int64_t *ts)
{
	char buf[64], norm[32];
	if (!s.len)
		return true;
	if (s.len >= sizeof buf)
		return false;
	memcpy(buf, sp(js, s), s.len);
	buf[s.len] = 0;
	if (strlen(buf) != s.len || !rc_date_parse(buf, ts, norm, sizeof norm))
		return false;
	*out = rc_xstrdup(norm);
	return true;
}

/* Fills ev from js->c and the raw bytes.  NULL on success, else why the
 * entry is invalid (a format with no argument). */
static const char *build(struct rc_impjson *js, struct rc_event *ev)
{
	struct coll *c = &js->c;
	rc_event_init(ev);

	/* When: R5 occurredDateTime or occurredPeriod.start, R4 period.start,
	 * else recorded. */
	if (!date_of(js, c->recorded, &ev->recorded, &ev->recorded_ts))
		return N_("The AuditEvent's \"recorded\" time is not a valid date.");
	struct slice when = c->occ_dt.len ? c->occ_dt : c->period_start;
	if (when.len) {
		if (!date_of(js, when, &ev->occurred, &ev->occurred_ts))
			return N_("The AuditEvent's time of the access is not a valid date.");
	} else if (ev->recorded) {
		ev->occurred = rc_xstrdup(ev->recorded);
		ev->occurred_ts = ev->recorded_ts;
	} else {
		return N_("The AuditEvent has no time (period, occurredDateTime or recorded).");
	}

	/* Who: the primary agent is the requestor, else the first human
	 * user, else the first agent that is not a source, destination or
	 * custodian. */
	int prim = -1, dest = -1, cust = -1;
	for (unsigned i = 0; i < c->nagents && prim < 0; i++)
		if (c->agents[i].cls & AG_REQUESTOR)
			prim = (int)i;
	for (unsigned i = 0; i < c->nagents && prim < 0; i++)
		if (c->agents[i].cls & AG_HUMAN)
			prim = (int)i;
	for (unsigned i = 0; i < c->nagents && prim < 0; i++)
		if (!(c->agents[i].cls & (AG_SOURCE | AG_DEST | AG_CUSTODIAN)))
			prim = (int)i;
	for (unsigned i = 0; i < c->nagents && cust < 0; i++)
		if (c->agents[i].cls & AG_CUSTODIAN)
			cust = (int)i;

	/* An onward recipient: a DICOM destination agent (not the primary
	 * one) that is a contained organization, or any destination of an
	 * export or disclosure.  (In a plain RESTful read the destination is
	 * the client that read, not a third party.) */
	bool export_code = c->hint_disclose || c->hint_dicom == RC_ACT_EXPORT + 1
		|| c->hint_iti == RC_ACT_EXPORT + 1;
	for (unsigned i = 0; i < c->nagents && dest < 0; i++) {
		const struct agent *a = &c->agents[i];
		if ((int)i != prim && (a->cls & AG_DEST) && (export_code || org_by_ref(js, a->who_ref)))
			dest = (int)i;
	}
	const struct agent *P = prim >= 0 ? &c->agents[prim] : NULL;
	const struct agent *D = dest >= 0 ? &c->agents[dest] : NULL;
	const struct agent *C = cust >= 0 ? &c->agents[cust] : NULL;

	/* The authority: a contained Organization (referenced by the primary
	 * agent, else by another agent that is not the destination, else the
	 * one with id "org"), else an organization agent's name, else the
	 * primary agent's who.display, else the custodian's, else the primary
	 * agent's name. */
	const struct org *org = P ? org_by_ref(js, P->who_ref) : NULL;
	for (unsigned i = 0; i < c->nagents && !org; i++)
		if ((int)i != dest)
			org = org_by_ref(js, c->agents[i].who_ref);
	for (unsigned i = 0; i < c->norgs && !org; i++)
		if (slice_is(js, c->orgs[i].id, "org"))
			org = &c->orgs[i];
	if (org) {
		ev->authority = text_of(js, org->name);
		ev->authority_country = org->country.len
			? rc_import_country(sp(js, org->country), org->country.len) : NULL;
		ev->authority_type = text_of(js, org->type);
	}
	if (!ev->authority) {
		const struct agent *o = NULL;
		if (P && (P->cls & AG_ORGLIKE))
			o = P;
		for (unsigned i = 0; i < c->nagents && !o; i++) {
			const struct agent *a = &c->agents[i];
			if ((int)i != dest && (a->cls & AG_ORGLIKE) && (a->who_display.len || a->name.len))
				o = a;
		}
		if (o)
			ev->authority = text_of(js, o->who_display.len ? o->who_display : o->name);
	}
	if (!ev->authority && P)
		ev->authority = text_of(js, P->who_display);
	if (!ev->authority && C)
		ev->authority = text_of(js, C->who_display.len ? C->who_display : C->name);
	if (!ev->authority && P)
		ev->authority = text_of(js, P->name);

	if (P) {
		ev->role = text_of(js, P->role);
		ev->agent = text_of(js, first_of(P->who_id, P->who_display, P->name));
	}
	/* Legal basis: the primary agent's policy, else the first agent's. */
	struct slice policy = P ? P->policy : (struct slice){ 0, 0 };
	for (unsigned i = 0; i < c->nagents && !policy.len; i++)
		policy = c->agents[i].policy;
	ev->legal_basis = text_of(js, policy);
	/* Purpose: purposeOfEvent / authorization, else the agents'. */
	struct slice purpose = c->purpose;
	if (!purpose.len && P)
		purpose = P->purpose;
	for (unsigned i = 0; i < c->nagents && !purpose.len; i++)
		purpose = c->agents[i].purpose;
	ev->purpose = text_of(js, purpose);

	if (D) {
		const struct org *o = org_by_ref(js, D->who_ref);
		if (o) {
			ev->dest = text_of(js, o->name);
			ev->dest_country = o->country.len
				? rc_import_country(sp(js, o->country), o->country.len) : NULL;
		}
		if (!ev->dest)
			ev->dest = text_of(js, first_of(D->who_display, D->who_id, D->name));
	}

	/* The system, and the identity of the recorder. */
	struct slice site = first_of(c->site, c->site_display, c->site_id);
	ev->system = text_of(js, first_of(c->obs_display, c->obs_id, site));
	{
		struct slice obs = first_of(c->obs_ref, c->obs_id, c->obs_display);
		char *o = text_of(js, obs), *s = text_of(js, site);
		if (o && s) {
			size_t on = strlen(o), sn = strlen(s);
			ev->source = rc_xmalloc(on + sn + 4);
			memcpy(ev->source, o, on);
			memcpy(ev->source + on, " @ ", 3);
			memcpy(ev->source + on + 3, s, sn + 1);
			free(o);
			free(s);
		} else {
			ev->source = o ? o : s ? s : rc_xstrdup("unknown");
		}
	}

	/* What was done. */
	enum rc_action act = RC_ACT_UNKNOWN;
	if (D)
		act = RC_ACT_EXPORT;
	else if (c->hint_rest)
		act = (enum rc_action)(c->hint_rest - 1);
	else if (c->hint_disclose)
		act = RC_ACT_EXPORT;
	else if (c->hint_iti)
		act = (enum rc_action)(c->hint_iti - 1);
	else if (c->hint_dicom)
		act = (enum rc_action)(c->hint_dicom - 1);
	else if (c->action.len == 1) {
		switch (sp(js, c->action)[0]) {
		case 'C': act = RC_ACT_CREATE; break;
		case 'R': act = RC_ACT_READ; break;
		case 'U': act = RC_ACT_UPDATE; break;
		case 'D': act = RC_ACT_DELETE; break;
		case 'E': act = RC_ACT_OTHER; break;
		default: break;
		}
	}
	ev->action = act;
	ev->outcome = outcome_of(js);
	ev->categories = c->categories;

	ev->raw = rc_xmalloc(js->raw_len ? js->raw_len : 1);
	memcpy(ev->raw, js->raw, js->raw_len);
	ev->raw_len = js->raw_len;
	ev->ext_id = text_of(js, c->id);
	if (!ev->ext_id) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, js->raw, js->raw_len);
		ev->ext_id = rc_xmalloc(2 * sizeof h + 1);
		rc_hex_encode(h, sizeof h, ev->ext_id);
	}
	return NULL;
}

/* The entry is complete: hand over its event, or say why it is invalid.
 * Returns false when on_event asked to stop. */
static bool ctx_finish(struct rc_impjson *js)
{
	struct ctx *x = &js->ctx;
	struct rc_import *imp = js->imp;
	bool go_on = true;
	if (!x->serial)
		return true;
	x->serial = 0;
	js->cap_on = false;
	if (x->outcome_mode || x->rtype == RT_OTHER || x->rtype == RT_BUNDLE)
		return true;
	if (!x->ok) {
		switch (x->why) {
		case W_TOO_BIG:
			rc_import_report(imp, x->no, x->line, x->start,
				/* TRANSLATORS: %u is a number of bytes. */
				_("The entry is larger than the limit of %u bytes."), x->uarg);
			break;
		case W_TOO_DEEP:
			rc_import_report(imp, x->no, x->line, x->start,
				/* TRANSLATORS: %u is a number of levels of nesting. */
				_("The entry is nested too deeply (more than %u levels)."), x->uarg);
			break;
		case W_DUP_KEY:
			rc_import_report(imp, x->no, x->line, x->start,
				/* TRANSLATORS: %s is a key (a field name) of the JSON, e.g. "id". */
				_("The entry has the key \"%s\" twice."), x->arg);
			break;
		case W_LINE_NOT_OBJECT:
			rc_import_report(imp, x->no, x->line, x->start, "%s",
				_("The line is not a JSON object."));
			break;
		case W_LINE_MULTI:
			rc_import_report(imp, x->no, x->line, x->start, "%s",
				_("The line holds more than one JSON value."));
			break;
		case W_ENTRY_NOT_OBJECT:
			rc_import_report(imp, x->no, x->line, x->start, "%s",
				_("The entry is not a JSON object."));
			break;
		case W_RES_NOT_OBJECT:
		case W_NONE:
			rc_import_report(imp, x->no, x->line, x->start, "%s",
				_("The entry's resource is not a JSON object."));
			break;
		}
		return true;
	}
	if (!x->has_res)
		return true;
	if (x->rtype == RT_UNKNOWN) {
		rc_import_report(imp, x->no, x->line, x->start, "%s",
			_("The entry has no resourceType."));
		return true;
	}
	struct rc_event ev;
	const char *why = build(js, &ev);
	if (why) {
		rc_event_clear(&ev);
		rc_import_report(imp, x->no, x->line, x->start, "%s", _(why));
		return true;
	}
	enum rc_status st = rc_import_emit(imp, &ev);
	if (st != RC_OK) {
		js->stop = st;
		go_on = false;
	}
	return go_on;
}

/* Not a Bundle or an AuditEvent: the whole document is refused. */
static int doc_refused(struct rc_impjson *js, uint64_t pos, uint64_t line)
{
	rc_import_report(js->imp, 0, line, pos, "%s",
		_("The file is neither a FHIR Bundle nor an AuditEvent."));
	js->fatal = true;
	js->stop = RC_INVALID;
	return 0;
}

/* ------------------------------------------------------------------ */
/* yajl callbacks. */

/* A value that is not an object or array in a place that wants one. */
static int not_object(struct rc_impjson *js, uint64_t start)
{
	struct frame *f = top(js);
	if (!f) {
		/* The document's or the line's top level. */
		if (js->ndjson) {
			ctx_fail(js, js->values++ == 0 ? W_LINE_NOT_OBJECT : W_LINE_MULTI);
			return 1;
		}
		return doc_refused(js, start, line_at(js, start));
	}
	if (f->array && f->kind == N_ENTRIES) {
		ctx_begin(js, ++js->entry_no, start);
		js->ctx.has_res = true;
		ctx_fail(js, W_ENTRY_NOT_OBJECT);
		return ctx_finish(js) ? 1 : 0;
	}
	if (!f->array && f->kind == N_ENTRY && f->key == K_RESOURCE && f->serial == js->ctx.serial) {
		js->ctx.has_res = true;
		ctx_fail(js, W_RES_NOT_OBJECT);
	}
	return 1;
}

/* A scalar read in frame f, the top one. */
static void scalar(struct rc_impjson *js, struct frame *f, const unsigned char *p, size_t len,
	bool is_string, bool bool_true)
{
	struct coll *c = &js->c;
	if (!f || js->over || f->serial != js->ctx.serial || !js->ctx.serial)
		return;
	if (!f->array && f->kind == N_ESEARCH) {
		if (f->key == K_MODE && is_string && eq(p, len, "outcome"))
			js->ctx.outcome_mode = true;
		return;
	}
	if (!collecting(js))
		return;
	if (f->array) {
		if (f->kind == N_POLICY && is_string)
			SET_FIRST(c->cur.policy, p, len);
		return;
	}
	if (!is_string) {
		if (f->kind == N_AGENT && f->key == K_REQUESTOR && bool_true)
			c->cur.cls |= AG_REQUESTOR;
		return;
	}
	switch ((enum node)f->kind) {
	case N_RES:
		switch ((enum key)f->key) {
		case K_ID: SET_FIRST(c->id, p, len); break;
		case K_ACTION: SET_FIRST(c->action, p, len); break;
		case K_OCCURREDDATETIME: SET_FIRST(c->occ_dt, p, len); break;
		case K_RECORDED: SET_FIRST(c->recorded, p, len); break;
		case K_OUTCOME: SET_FIRST(c->outcome, p, len); break;
		default: break;
		}
		break;
	case N_CONTAINED:
		if (f->key == K_RESOURCETYPE)
			SET_FIRST(c->cur_org.rtype, p, len);
		else if (f->key == K_ID)
			SET_FIRST(c->cur_org.id, p, len);
		else if (f->key == K_NAME)
			SET_FIRST(c->cur_org.name, p, len);
		break;
	case N_ADDRESS:
		if (f->key == K_COUNTRY)
			SET_FIRST(c->cur_org.country, p, len);
		break;
	case N_PERIOD:
		if (f->key == K_START)
			SET_FIRST(c->period_start, p, len);
		break;
	case N_AGENT:
		if (f->key == K_NAME)
			SET_FIRST(c->cur.name, p, len);
		else if (f->key == K_POLICY)
			SET_FIRST(c->cur.policy, p, len);
		break;
	case N_WHO:
		if (f->key == K_REFERENCE) {
			SET_FIRST(c->cur.who_ref, p, len);
			if (len > 13 && memcmp(p, "Organization/", 13) == 0)
				c->cur.cls |= AG_ORGLIKE;
		} else if (f->key == K_DISPLAY) {
			SET_FIRST(c->cur.who_display, p, len);
		}
		break;
	case N_WHO_ID:
		if (f->key == K_VALUE)
			SET_FIRST(c->cur.who_id, p, len);
		break;
	case N_SOURCE:
		if (f->key == K_SITE)
			SET_FIRST(c->site, p, len);
		break;
	case N_OBSERVER:
		if (f->key == K_REFERENCE)
			SET_FIRST(c->obs_ref, p, len);
		else if (f->key == K_DISPLAY)
			SET_FIRST(c->obs_display, p, len);
		break;
	case N_OBS_ID:
		if (f->key == K_VALUE)
			SET_FIRST(c->obs_id, p, len);
		break;
	case N_SITE:
		if (f->key == K_DISPLAY)
			SET_FIRST(c->site_display, p, len);
		else if (f->key == K_REFERENCE)
			SET_FIRST(c->site_id, p, len);
		break;
	case N_SITE_ID:
		if (f->key == K_VALUE)
			c->site_id = save(js, p, len);
		break;
	case N_DETAIL:
		if (f->key == K_TYPE && eq(p, len, "biometric-modality"))
			c->det_bio = true;
		else if (f->key == K_VALUESTRING || f->key == K_VALUECODE)
			SET_FIRST(c->det_value, p, len);
		break;
	case N_CC:
		if (f->key == K_TEXT) {
			SET_FIRST(c->cc_text, p, len);
			if (f->tag == T_DETAIL_TYPE && eq(p, len, "biometric-modality"))
				c->det_bio = true;
		}
		break;
	case N_CODING:
		coding_value(js, (enum tag)f->tag, (enum key)f->key, p, len);
		break;
	default:
		break;
	}
}

/* Where the scalar just read starts (about: a string's escapes make it
 * longer in the input than len). */
static uint64_t scalar_start(struct rc_impjson *js, size_t len)
{
	uint64_t pos = pos_now(js);
	return pos >= len ? pos - len : 0;
}

static int value_cb(struct rc_impjson *js, const unsigned char *p, size_t len, bool is_string,
	bool bool_true)
{
	seen(js);
	js->saw_value = true;
	if (js->over)
		return 1;
	struct frame *f = top(js);
	if (!f)
		return not_object(js, scalar_start(js, len));
	/* Most values are under a key that is not read (f->key is K_NONE in
	 * an object only then): nothing below would look at them. */
	if (!f->array && f->key == K_NONE)
		return 1;
	if ((f->array && f->kind == N_ENTRIES)
		|| (!f->array && f->kind == N_ENTRY && f->key == K_RESOURCE))
		if (!not_object(js, scalar_start(js, len)))
			return 0;
	/* resourceType decides what a resource is. */
	if (!f->array && f->kind == N_RES && f->key == K_RESOURCETYPE && is_string
		&& f->rtype == RT_UNKNOWN) {
		bool mine = f->serial == js->ctx.serial && js->ctx.serial;
		if (eq(p, len, "AuditEvent")) {
			f->rtype = RT_AUDIT;
		} else if (eq(p, len, "Bundle") && !js->ndjson) {
			f->rtype = RT_BUNDLE;
			f->check = false;
			if (mine) {
				js->ctx.rtype = RT_BUNDLE;
				js->ctx.serial = 0;
				js->cap_on = false;
			}
		} else {
			f->rtype = RT_OTHER;
			f->check = false;
			if (js->depth == 1 && !js->ndjson)
				return doc_refused(js, js->ctx.start, js->ctx.line);
		}
		if (mine && js->ctx.serial)
			js->ctx.rtype = (enum rtype)f->rtype;
		return 1;
	}
	scalar(js, f, p, len, is_string, bool_true);
	return 1;
}

static int cb_null(void *ud)
{
	return value_cb(ud, NULL, 0, false, false);
}

static int cb_boolean(void *ud, int b)
{
	return value_cb(ud, NULL, 0, false, b != 0);
}

static int cb_number(void *ud, const char *s, size_t len)
{
	return value_cb(ud, (const unsigned char *)s, len, false, false);
}

static int cb_string(void *ud, const unsigned char *s, size_t len)
{
	return value_cb(ud, s, len, true, false);
}

/* The entry has key k twice. */
static void dup_found(struct rc_impjson *js, const unsigned char *k, size_t len)
{
	check_size(js, pos_now(js)); /* the first problem in the bytes wins */
	size_t n = len < 40 ? len : 40;
	char *clean = rc_text_sanitize((const char *)k, n, false);
	snprintf(js->ctx.arg, sizeof js->ctx.arg, "%s", clean);
	free(clean);
	ctx_fail(js, W_DUP_KEY);
}

static int cb_map_key(void *ud, const unsigned char *k, size_t len)
{
	struct rc_impjson *js = ud;
	seen(js);
	if (js->over)
		return 1;
	struct frame *f = top(js);
	enum key key = key_of(k, len);
	if (f->check && f->serial == js->ctx.serial && js->ctx.ok && key_dup(js, f, key, k, len))
		dup_found(js, k, len);
	f->key = (uint8_t)(f->kind == N_SKIP || key >= K_UNREAD ? K_NONE : key);
	return 1;
}

static int start_container(struct rc_impjson *js, bool array)
{
	struct frame *f = top(js);
	/* Where the '{' or '[' is: asked of yajl only where it matters. */
	uint64_t start = 0;
	seen(js);
	if (!f || f->kind == N_ENTRIES || f->kind == N_ENTRY || js->over
		|| js->depth >= js->max_depth)
		start = pos_now(js) - 1;
	js->saw_value = true;
	if (js->over) {
		js->over++;
		goto deep;
	}
	enum node kind;
	enum tag tag = T_NONE;
	if (!f) {
		/* The top level of the document or of the line. */
		if (array)
			return not_object(js, start) ? (room(js, start), push(js, N_SKIP, T_NONE, true), 1) : 0;
		if (js->ndjson) {
			if (js->values++ > 0) {
				ctx_fail(js, W_LINE_MULTI);
				push(js, N_SKIP, T_NONE, false);
				return 1;
			}
		} else {
			/* Entry 1 if it is an AuditEvent; a Bundle numbers its
			 * entries from 1. */
			ctx_begin(js, 1, start);
		}
		kind = N_RES;
	} else if (f->array) {
		if (f->kind == N_ENTRIES) {
			if (array) {
				if (!not_object(js, start))
					return 0;
				kind = N_SKIP;
			} else {
				kind = N_ENTRY;
			}
		} else {
			kind = array ? N_SKIP : (enum node)f->kind;
			tag = (enum tag)f->tag;
		}
	} else {
		if (f->kind == N_ENTRY && f->key == K_RESOURCE && array) {
			if (!not_object(js, start))
				return 0;
			kind = N_SKIP;
		} else {
			kind = child_kind(js, f, &tag, array);
		}
	}
	if (kind == N_ENTRIES && f && !array)
		kind = N_SKIP;
	/* A resource inside an entry that no longer reads (or a second one). */
	if (kind == N_RES && f && f->serial != js->ctx.serial)
		kind = N_SKIP;
	if (kind == N_ENTRIES && f && f->kind == N_RES && f->rtype == RT_UNKNOWN) {
		/* An object with an entry list is read as a Bundle. */
		f->rtype = RT_BUNDLE;
		f->check = false;
		if (f->serial == js->ctx.serial && js->ctx.serial) {
			js->ctx.rtype = RT_BUNDLE;
			js->ctx.serial = 0;
			js->cap_on = false;
		}
	}
	if (!room(js, start))
		goto deep;
	if (kind == N_ENTRY)
		ctx_begin(js, ++js->entry_no, start);
	struct frame *nf = push(js, kind, tag, array);
	if (array)
		return 1;
	struct coll *c = &js->c;
	switch (kind) {
	case N_RES:
		js->ctx.has_res = true;
		nf->check = js->ctx.ok;
		if (!js->ndjson) {
			js->cap_on = js->ctx.ok;
			js->cap_from = (size_t)(start - js->base);
			rc_buf_reset(&js->cap);
		}
		break;
	case N_AGENT:
		if (collecting(js))
			memset(&c->cur, 0, sizeof c->cur);
		break;
	case N_CONTAINED:
		if (collecting(js))
			memset(&c->cur_org, 0, sizeof c->cur_org);
		break;
	case N_CC:
		c->cc_open = true;
		c->cc_text.len = c->cc_display.len = c->cc_code.len = 0;
		break;
	case N_CODING:
		c->cd_code.len = c->cd_display.len = 0;
		break;
	case N_DETAIL:
		c->det_bio = false;
		c->det_value.len = 0;
		break;
	default:
		break;
	}
	return 1;
deep:
	if (!js->ndjson && js->depth + js->over > js->max_depth + HARD_DEPTH_EXTRA) {
		/* TRANSLATORS: the file is JSON nested thousands of levels deep. */
		rc_import_report(js->imp, js->ctx.serial ? js->ctx.no : 0, line_at(js, start), start,
			"%s", _("The JSON is nested too deeply to go on reading."));
		if (js->ctx.serial)
			js->ctx.serial = 0;
		js->fatal = true;
		js->stop = RC_INVALID;
		return 0;
	}
	return 1;
}

static int end_container(struct rc_impjson *js)
{
	uint64_t pos;
	seen(js);
	if (js->over) {
		js->over--;
		return 1;
	}
	struct frame *f = top(js);
	enum node kind = (enum node)f->kind;
	bool mine = f->serial == js->ctx.serial && js->ctx.serial;
	bool array = f->array;
	pop(js);
	if (array)
		return 1;
	struct coll *c = &js->c;
	switch (kind) {
	case N_RES:
		if (!mine)
			break;
		pos = pos_now(js);
		check_size(js, pos);
		js->ctx.res_done = true;
		if (js->ndjson) {
			if (js->depth == 0)
				js->values = 1;
			break;
		}
		if (js->cap_on) {
			size_t end = (size_t)(pos - js->base);
			rc_buf_add(&js->cap, js->sub + js->cap_from, end - js->cap_from);
			js->raw = (const unsigned char *)js->cap.data;
			js->raw_len = js->cap.len;
			js->cap_on = false;
		}
		if (js->depth == 0)
			return ctx_finish(js) ? 1 : 0;
		break;
	case N_ENTRY:
		if (!mine)
			break;
		check_size(js, pos_now(js));
		return ctx_finish(js) ? 1 : 0;
	case N_AGENT:
		if (mine && collecting(js) && c->nagents < MAX_AGENTS)
			c->agents[c->nagents++] = c->cur;
		break;
	case N_CONTAINED:
		if (mine && collecting(js) && c->norgs < MAX_ORGS && c->cur_org.id.len
			&& slice_is(js, c->cur_org.rtype, "Organization"))
			c->orgs[c->norgs++] = c->cur_org;
		break;
	case N_CC:
		if (mine && collecting(js))
			cc_end(js, (enum tag)f->tag);
		break;
	case N_CODING:
		if (mine && collecting(js))
			coding_end(js);
		break;
	case N_DETAIL:
		if (mine && collecting(js))
			detail_end(js);
		break;
	default:
		break;
	}
	return 1;
}

static int cb_start_map(void *ud)
{
	return start_container(ud, false);
}

static int cb_end_map(void *ud)
{
	return end_container(ud);
}

static int cb_start_array(void *ud)
{
	return start_container(ud, true);
}

static int cb_end_array(void *ud)
{
	return end_container(ud);
}

/* ------------------------------------------------------------------ */
/* Life cycle. */

static yajl_handle new_handle(struct rc_impjson *js)
{
	yajl_handle h = yajl_alloc(&js->cb, NULL, js);
	if (!h) {
		fputs("recourse: out of memory\n", stderr);
		abort();
	}
	yajl_config(h, yajl_dont_validate_strings, 1);
	if (js->ndjson)
		yajl_config(h, yajl_allow_multiple_values, 1);
	return h;
}

struct rc_impjson *rc_impjson_new(struct rc_import *imp, bool ndjson)
{
	struct rc_impjson *js = rc_xcalloc(1, sizeof *js);
	js->imp = imp;
	js->ndjson = ndjson;
	js->cb = (yajl_callbacks){
		.yajl_null = cb_null,
		.yajl_boolean = cb_boolean,
		.yajl_number = cb_number,
		.yajl_string = cb_string,
		.yajl_start_map = cb_start_map,
		.yajl_map_key = cb_map_key,
		.yajl_end_map = cb_end_map,
		.yajl_start_array = cb_start_array,
		.yajl_end_array = cb_end_array,
	};
	js->max_depth = imp->lim.max_depth;
	js->frames = rc_xcalloc(js->max_depth + 1, sizeof *js->frames);
	js->h = new_handle(js);
	js->stop = RC_OK;
	js->total = js->lc_pos = imp->skipped;
	js->lc_line = 1;
	rc_buf_init(&js->str);
	rc_buf_init(&js->keys);
	rc_buf_init(&js->cap);
	rc_buf_init(&js->line);
	return js;
}

static void reset_stack(struct rc_impjson *js)
{
	while (js->depth)
		pop(js);
	js->over = 0;
	js->nrecs = 0;
	rc_buf_reset(&js->keys);
}

void rc_impjson_free(struct rc_impjson *js)
{
	if (!js)
		return;
	reset_stack(js);
	if (js->h)
		yajl_free(js->h);
	free(js->frames);
	free(js->recs);
	rc_buf_free(&js->str);
	rc_buf_free(&js->keys);
	rc_buf_free(&js->cap);
	rc_buf_free(&js->line);
	free(js);
}

/* ---- one document ---- */

/* A syntax error: said to come after the last token read, a place that
 * does not depend on how the input was cut into chunks. */
static enum rc_status doc_syntax_error(struct rc_impjson *js)
{
	uint64_t entry = js->ctx.serial ? js->ctx.no : 0;
	uint64_t pos = js->last_end;
	uint64_t line = pos >= js->base && js->sub ? line_at(js, pos) : js->last_line;
	js->ctx.serial = 0;
	rc_import_report(js->imp, entry, line, pos, "%s",
		/* TRANSLATORS: a FHIR JSON file has a syntax error shortly after
		 * the place given beside this message (line, byte). */
		_("The JSON is broken after this point; nothing further can be read."));
	return RC_INVALID;
}

static enum rc_status doc_feed(struct rc_impjson *js, const unsigned char *p, size_t n)
{
	uint64_t token_cap = 4 * (uint64_t)js->imp->lim.max_entry_bytes;
	if (token_cap < 4 * CHUNK)
		token_cap = 4 * CHUNK;
	while (n) {
		size_t k = n < CHUNK ? n : CHUNK;
		js->sub = p;
		js->sublen = k;
		js->base = js->total;
		uint64_t ncb = js->ncb;
		yajl_status ys = yajl_parse(js->h, p, k);
		if (ys == yajl_status_client_canceled)
			return js->stop != RC_OK ? js->stop : RC_INVALID;
		if (ys != yajl_status_ok)
			return doc_syntax_error(js);
		if (js->cap_on) {
			rc_buf_add(&js->cap, p + js->cap_from, k - js->cap_from);
			js->cap_from = 0;
		}
		if (js->last_end >= js->base)
			js->last_line = line_at(js, js->last_end);
		line_at(js, js->base + k);
		js->total += k;
		check_size(js, js->total);
		js->idle = js->ncb == ncb ? js->idle + k : 0;
		if (js->idle > token_cap) {
			rc_import_report(js->imp, js->ctx.serial ? js->ctx.no : 0,
				line_at(js, js->total), js->total,
				/* TRANSLATORS: %llu is a number of bytes. */
				_("A single value in the file is longer than %llu bytes; nothing after it can be read."),
				(unsigned long long)token_cap);
			js->ctx.serial = 0;
			return RC_INVALID;
		}
		p += k;
		n -= k;
	}
	js->sub = NULL;
	js->sublen = 0;
	return RC_OK;
}

static enum rc_status doc_finish(struct rc_impjson *js)
{
	js->sub = NULL;
	js->sublen = 0;
	js->base = js->total;
	if (!js->saw_value) {
		rc_import_report(js->imp, 0, js->lc_line, js->total, "%s", _("The file is empty."));
		return RC_INVALID;
	}
	yajl_status ys = yajl_complete_parse(js->h);
	if (ys == yajl_status_client_canceled)
		return js->stop != RC_OK ? js->stop : RC_INVALID;
	if (ys != yajl_status_ok) {
		uint64_t entry = js->ctx.serial ? js->ctx.no : 0;
		js->ctx.serial = 0;
		rc_import_report(js->imp, entry, js->lc_line, js->total, "%s",
			_("The file ends before its JSON is complete."));
		return RC_INVALID;
	}
	return RC_OK;
}

/* ---- NDJSON ---- */

static enum rc_status ndjson_line(struct rc_impjson *js, const unsigned char *p, size_t n)
{
	uint64_t start = js->line_start;
	if (n && p[n - 1] == '\r')
		n--;
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	if (i == n)
		return RC_OK; /* blank line */
	ctx_begin(js, ++js->entry_no, start);
	js->values = 0;
	js->sub = p;
	js->sublen = n;
	js->base = start;
	js->raw = p;
	js->raw_len = n;
	bool completing = false;
	yajl_status ys = yajl_parse(js->h, p, n);
	if (ys == yajl_status_ok) {
		completing = true;
		ys = yajl_complete_parse(js->h);
	}
	if (ys == yajl_status_client_canceled && js->stop != RC_OK)
		return js->stop;
	if (ys != yajl_status_ok) {
		/* Where yajl stopped on the line; the line's end when it ended
		 * too soon. */
		uint64_t at = start + n;
		if (!completing)
			at = start + yajl_get_bytes_consumed(js->h);
		if (at > start + n)
			at = start + n;
		uint64_t no = js->ctx.no;
		js->ctx.serial = 0;
		rc_import_report(js->imp, no, js->line_no, at, "%s",
			/* TRANSLATORS: one line of an NDJSON file is not valid JSON. */
			_("The line is not valid JSON; it was skipped."));
		yajl_free(js->h);
		js->h = new_handle(js);
		reset_stack(js);
		return RC_OK;
	}
	if (js->depth) {
		/* cannot happen: a complete parse closes every level */
		reset_stack(js);
	}
	return ctx_finish(js) ? RC_OK : js->stop;
}

static enum rc_status ndjson_feed(struct rc_impjson *js, const unsigned char *p, size_t n)
{
	size_t max = js->imp->lim.max_entry_bytes;
	while (n) {
		if (js->line.len == 0 && !js->line_over) {
			js->line_no++;
			js->line_start = js->total;
		}
		const unsigned char *nl = memchr(p, '\n', n);
		size_t k = nl ? (size_t)(nl - p) : n;
		if (!js->line_over && js->line.len + k > max + 1) {
			js->line_over = true;
			rc_buf_reset(&js->line);
		}
		if (nl) {
			enum rc_status st = RC_OK;
			if (js->line_over) {
				ctx_begin(js, ++js->entry_no, js->line_start);
				js->ctx.has_res = true;
				js->ctx.uarg = (unsigned)max;
				ctx_fail(js, W_TOO_BIG);
				ctx_finish(js);
				js->line_over = false;
			} else if (js->line.len) {
				rc_buf_add(&js->line, p, k);
				st = ndjson_line(js, (const unsigned char *)js->line.data, js->line.len);
				rc_buf_reset(&js->line);
			} else {
				st = ndjson_line(js, p, k);
			}
			js->total += k + 1;
			p += k + 1;
			n -= k + 1;
			/* A line that was empty still counted as started. */
			if (st != RC_OK)
				return st;
			/* mark: no line in progress */
			js->line.len = 0;
			if (!n)
				break;
			continue;
		}
		if (!js->line_over)
			rc_buf_add(&js->line, p, k);
		js->total += k;
		p += k;
		n -= k;
	}
	return RC_OK;
}

static enum rc_status ndjson_finish(struct rc_impjson *js)
{
	/* The last line may lack its newline. */
	if (js->line_over || js->line.len) {
		if (js->line_over) {
			ctx_begin(js, ++js->entry_no, js->line_start);
			js->ctx.has_res = true;
			js->ctx.uarg = (unsigned)js->imp->lim.max_entry_bytes;
			ctx_fail(js, W_TOO_BIG);
			ctx_finish(js);
			js->line_over = false;
			return RC_OK;
		}
		struct rc_buf b = js->line;
		rc_buf_init(&js->line);
		enum rc_status st = ndjson_line(js, (const unsigned char *)b.data, b.len);
		rc_buf_free(&b);
		return st;
	}
	return RC_OK;
}

enum rc_status rc_impjson_feed(struct rc_impjson *js, const unsigned char *p, size_t n)
{
	return js->ndjson ? ndjson_feed(js, p, n) : doc_feed(js, p, n);
}

enum rc_status rc_impjson_finish(struct rc_impjson *js)
{
	return js->ndjson ? ndjson_finish(js) : doc_finish(js);
}
