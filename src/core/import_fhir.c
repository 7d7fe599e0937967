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
 * The mapping (build() below, doc/access-log-formats.md) follows the
 * definitions of FHIR R4 and R5 AuditEvent and IHE BALP, not one
 * registry's habits:
 *
 *   - who acted is the agent with requestor true, else the first agent
 *     that is a person or user by its type, role or reference; never the
 *     server, the source of the record, the custodian or the observer;
 *   - the client (the application or machine used) and the recipient of
 *     an onward transfer are agents of their own, shown as such;
 *   - agent.policy is a token id, consent or policy reference (BALP puts
 *     the OAuth/SAML token id there): authorization, never a legal basis;
 *     no AuditEvent element carries a law, so legal_basis stays empty;
 *   - a code without text or display is shown with its meaning from its
 *     code system (fhir_codes.c): "patient requested (PATRQT)";
 *   - the record the event is about (patient) is kept, or its absence
 *     marked.
 *
 * An entry is the unit of failure: a Bundle's entry[i], a single
 * AuditEvent document, or one NDJSON line.  What is wrong inside an entry
 * makes that entry invalid and reading goes on with the next one; only a
 * JSON syntax error in a single document (or a document that would need
 * unbounded memory, or whose Bundle's entry is not a list) stops the
 * import.
 *
 * Memory stays bounded: an entry bigger than max_entry_bytes is no longer
 * captured nor collected; nesting deeper than max_depth is no longer
 * tracked frame by frame; yajl itself is fed at most CHUNK bytes at a time
 * and stopped when one token grows beyond TOKEN_CAP (a string of several
 * MiB that yajl would otherwise buffer whole).  Only the first MAX_AGENTS
 * agents, MAX_RES contained resources and MAX_CC codeable concepts of a
 * kind are looked at. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <yajl/yajl_parse.h>

#include "import_int.h"

#define CHUNK ((size_t)64 * 1024)
#define MAX_AGENTS 16
#define MAX_RES 8
#define MAX_CC 4
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
	N_HNAME,     /* contained.name[]: a HumanName, or an R5 Device name */
	N_GIVEN,     /* HumanName.given[] */
	N_DEVNAME,   /* R4 Device.deviceName[] */
	N_PERIOD,    /* R4 period, R5 occurredPeriod */
	N_OUTCOME5,  /* R5 outcome */
	N_AGENT,
	N_AG_NET,    /* R4 agent.network */
	N_AG_EXT,    /* agent.extension[] */
	N_EXT_ID,    /* agent.extension.valueIdentifier */
	N_REF,       /* a Reference; its tag says whose */
	N_REF_ID,    /* its identifier */
	N_POLICY,    /* agent.policy[] */
	N_SOURCE,
	N_ENTITY,
	N_DETAIL,
	N_CC,        /* CodeableConcept, or a Coding in its place */
	N_CODING,
};

/* Where a CodeableConcept or Coding goes (T_), or whose a Reference is (R_). */
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
	T_ENT_ROLE,
	T_ENT_TYPE,
	R_WHO,           /* agent.who */
	R_OBS,           /* source.observer */
	R_SITE,          /* R5 source.site */
	R_PATIENT,       /* R5 patient */
	R_WHAT,          /* entity.what (STU3: entity.reference) */
	R_EXTREF,        /* agent.extension.valueReference */
	R_NETREF,        /* R5 agent.networkReference */
	R_PR_ORG,        /* contained PractitionerRole.organization */
	R_PR_PRAC,       /* contained PractitionerRole.practitioner */
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
	K_SYSTEM, K_END, K_URL, K_WHAT, K_ALTID, K_NETWORK, K_EXTENSION, K_NETWORKSTRING,
	K_NETWORKURI, K_NETWORKREFERENCE, K_PATIENT, K_ORGANIZATION, K_PRACTITIONER,
	K_FAMILY, K_GIVEN, K_DEVICENAME, K_VALUEREFERENCE, K_VALUEIDENTIFIER,
	K_UNREAD,
	K_DIV = K_UNREAD, K_TAG, K_META, K_STATUS, K_PROFILE, K_FULLURL, K_SECURITY,
	K_COUNT
};

/* key_dup keeps the keys of an object as bits of two uint64_t. */
_Static_assert(K_COUNT <= 128, "too many keys for a 128-bit set");

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
		case 'g': if (KEQ("given")) return K_GIVEN; break;
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
		case 'f': if (KEQ("family")) return K_FAMILY; break;
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
		case 'p': if (KEQ("profile")) return K_PROFILE; if (KEQ("patient")) return K_PATIENT; break;
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
	case 10:
		if (KEQ("identifier")) return K_IDENTIFIER;
		if (KEQ("networkUri")) return K_NETWORKURI;
		if (KEQ("deviceName")) return K_DEVICENAME;
		break;
	case 11: if (KEQ("valueString")) return K_VALUESTRING; break;
	case 12:
		if (KEQ("resourceType")) return K_RESOURCETYPE;
		if (KEQ("purposeOfUse")) return K_PURPOSEOFUSE;
		if (KEQ("organization")) return K_ORGANIZATION;
		if (KEQ("practitioner")) return K_PRACTITIONER;
		break;
	case 13:
		if (KEQ("authorization")) return K_AUTHORIZATION;
		if (KEQ("networkString")) return K_NETWORKSTRING;
		break;
	case 14:
		if (KEQ("occurredPeriod")) return K_OCCURREDPERIOD;
		if (KEQ("purposeOfEvent")) return K_PURPOSEOFEVENT;
		if (KEQ("valueReference")) return K_VALUEREFERENCE;
		break;
	case 15: if (KEQ("valueIdentifier")) return K_VALUEIDENTIFIER; break;
	case 16:
		if (KEQ("occurredDateTime")) return K_OCCURREDDATETIME;
		if (KEQ("networkReference")) return K_NETWORKREFERENCE;
		break;
	case 20: if (KEQ("valueCodeableConcept")) return K_VALUECODEABLECONCEPT; break;
	}
	return K_NONE;
}

#undef KEQ

/* A slice of js->str; len 0 means absent. */
struct slice {
	uint32_t off, len;
};

/* A Reference: what it points to, its text, its identifier. */
struct ref {
	struct slice ref, display, sys, val;
};

/* A CodeableConcept (or a Coding) as read: its text, the first display,
 * the codes (and systems) of its first two codings that have one: their
 * meaning is looked up only if it is shown (put_cc). */
struct ccv {
	struct slice text, display, code, system, code2, system2;
};

/* Agent classes, from agent.type and agent.role codes and who.reference
 * (the code lists are in agent_class and ref_class). */
enum {
	AG_REQUESTOR = 1 << 0,
	AG_PERSON    = 1 << 1,  /* a person or user: by type, role or reference */
	AG_ORG       = 1 << 2,  /* an organization */
	AG_DEVICE    = 1 << 3,  /* who.reference Device/... */
	AG_APP       = 1 << 4,  /* DICOM 110150 Application, 110151 Application Launcher */
	AG_DEST      = 1 << 5,  /* DICOM 110152 Destination Role ID */
	AG_SRC       = 1 << 6,  /* DICOM 110153 Source Role ID */
	AG_DMEDIA    = 1 << 7,  /* DICOM 110154 Destination Media */
	AG_SMEDIA    = 1 << 8,  /* DICOM 110155 Source Media */
	AG_CUSTODIAN = 1 << 9,  /* provenance-participant-type custodian */
	AG_SERVER    = 1 << 10, /* an authorization server */
};

struct agent {
	struct ref who, obo;           /* obo: the auditevent-OnBehalfOf extension */
	struct slice name, altid, network, policy;
	struct ccv type;
	struct ccv roles[MAX_CC], purposes[MAX_CC];
	uint8_t nroles, npurposes;
	unsigned cls;
};

/* An agent.extension being read. */
struct ext {
	struct slice url;
	struct ref ref;                /* valueReference */
	struct slice id;               /* valueIdentifier.value */
};

/* A contained resource: an Organization, a Practitioner, a PractitionerRole,
 * a Patient, a RelatedPerson, a Device. */
struct res {
	struct slice rtype, id, name, family, given, country;
	struct ccv type;               /* Organization.type */
	struct ref org, prac;          /* PractitionerRole.organization, .practitioner */
};

/* An entity being read: the record, a consent, a token. */
struct ent {
	struct ref what;
	struct slice role_code, role_system, type_code;
};

/* What one AuditEvent says, as far as we map it. */
struct coll {
	struct slice id, action, occ_dt, period_start, period_end, recorded, outcome;
	struct ref obs, site5, patient5;
	struct slice site;             /* R4 source.site */
	struct ref ent_patient, ent_patient_ref, consent, token;
	unsigned categories;
	int hint_rest, hint_atc, hint_iti, hint_dicom; /* enum rc_action + 1; 0 none */
	bool hint_disclose, atc_other, dcm_export, dcm_import;
	unsigned nagents;
	struct agent *cur;             /* agents[nagents], or spare once they are full */
	struct ext cur_ext;
	struct ent cur_ent;
	unsigned nres;
	struct res cur_res;
	unsigned npurposes;
	/* scratch for the CodeableConcept, Coding and detail being read */
	struct ccv cc;
	struct slice cd_code, cd_display, cd_system;
	bool det_bio;
	struct slice det_value;
	struct ccv purposes[MAX_CC];
	/* Last: ctx_begin clears only what comes before them, as no more
	 * than the first nagents and nres are ever read. */
	struct agent agents[MAX_AGENTS], spare;
	struct res res[MAX_RES];
};

enum rtype { RT_UNKNOWN, RT_AUDIT, RT_BUNDLE, RT_OTHER };

/* Why an entry is invalid (the messages are in ctx_finish). */
enum why {
	W_NONE, W_TOO_BIG, W_TOO_DEEP, W_DUP_KEY, W_LINE_NOT_OBJECT, W_LINE_MULTI,
	W_ENTRY_NOT_OBJECT, W_RES_NOT_OBJECT, W_ENTRIES_NOT_LIST,
};

/* The entry being read. */
struct ctx {
	uint32_t serial;       /* 0: none */
	uint64_t no;           /* entry number */
	uint64_t start, line;  /* where it starts */
	bool ok;
	enum why why;          /* first problem, when !ok */
	char arg[64];          /* its argument, e.g. the duplicate key */
	char rtname[64];       /* the resourceType when not an AuditEvent, if fit to show */
	unsigned uarg;
	bool has_res, res_done, outcome_mode, include_mode;
	enum rtype rtype;
};

struct keyrec {
	uint32_t off, len, hash;
};

struct frame {
	uint8_t kind, tag, key;
	bool array, check;
	uint8_t rtype;        /* N_RES: enum rtype */
	bool entry_bad;       /* N_RES: an "entry" that is not a list, before resourceType */
	uint32_t serial;      /* the ctx it belongs to */
	uint64_t no;          /* N_RES: the number of the entry it is in */
	uint64_t known[2];    /* keys seen that key_of knows: bit (enum key) */
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
	struct rc_buf tmp;        /* texts being put together (build) */
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
	js->c.cur = &js->c.spare;
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
	return s.len ? js->str.data + s.off : "";
}

static inline bool slice_is(const struct rc_impjson *js, struct slice s, const char *lit)
{
	size_t n = strlen(lit); /* folded for literals */
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

static inline bool starts(const unsigned char *p, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	return len >= n && memcmp(p, lit, n) == 0;
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
}, atc_codes[] = {
	/* CH:ATC event types (urn:oid:2.16.756.5.30.1.127.3.10.7) */
	CM("ATC_DOC_CREATE", RC_ACT_CREATE), CM("ATC_DOC_READ", RC_ACT_READ),
	CM("ATC_DOC_UPDATE", RC_ACT_UPDATE), CM("ATC_DOC_DELETE", RC_ACT_DELETE),
	CM("ATC_DOC_SEARCH", RC_ACT_SEARCH), CM("ATC_LOG_READ", RC_ACT_READ),
	{ NULL, 0, RC_ACT_UNKNOWN },
}, dicom_codes[] = {
	/* DICOM audit event IDs (PS3.16 CID 400); 110106 Export and 110107
	 * Import are told apart in action_hint. */
	CM("110112", RC_ACT_SEARCH), /* Query */
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
	switch (p[0]) {
	case '1':
		if (eq(p, len, "110106"))
			c->dcm_export = true;
		else if (eq(p, len, "110107"))
			c->dcm_import = true;
		else if (!c->hint_dicom && (a = code_lookup(dicom_codes, p, len, false)))
			c->hint_dicom = a;
		return;
	case 'A':
		if (starts(p, len, "ATC_")) {
			if (!c->hint_atc && (a = code_lookup(atc_codes, p, len, false)))
				c->hint_atc = a;
			else
				c->atc_other = true;
		}
		return;
	case 'I': case 'i':
		if (!c->hint_iti && (a = code_lookup(iti_codes, p, len, true)))
			c->hint_iti = a;
		return;
	case 'd': case 'D':
		/* ISO 21089 lifecycle "disclose"; HL7's example "Disclosure" */
		if (eq_nocase(p, len, "disclose") || eq_nocase(p, len, "disclosure")) {
			c->hint_disclose = true;
			return;
		}
		break;
	}
	if (!c->hint_rest && (a = code_lookup(rest_codes, p, len, false)))
		c->hint_rest = a;
}

/* The class an agent.type or agent.role code gives (see the enum).  The
 * codes are those of DICOM CID 402, extra-security-role-type, IHE BALP
 * UserAgentTypes, v3 ParticipationType and RoleClass (FHIR R4's
 * ParticipationRoleType), the Swiss EPR roles and CH:ATC's group. */
static unsigned agent_class(const unsigned char *p, size_t len)
{
#define P(s) { s, sizeof(s) - 1 }
	static const struct { const char *code; size_t len; } persons[] = {
		P("humanuser"), P("UserOauthAgent"), P("UserSamlAgent"),
		P("AUT"), P("CST"), P("INF"), P("IRCP"), P("LA"), P("TRC"), P("WIT"),
		P("AFFL"), P("AGNT"), P("ASSIGNED"), P("CLAIM"), P("COVPTY"), P("DEPEN"), P("ECON"),
		P("EMP"), P("GUARD"), P("INVSBJ"), P("NAMED"), P("NOK"), P("NOT"), P("PAT"),
		P("HCP"), P("ASS"), P("REP"), P("TCU"), P("DADM"), P("PADM"),
	};
#undef P
	if (len == 6 && memcmp(p, "11015", 5) == 0) {
		switch (p[5]) {
		case '0': case '1': return AG_APP;
		case '2': return AG_DEST;
		case '3': return AG_SRC;
		case '4': return AG_DMEDIA;
		case '5': return AG_SMEDIA;
		}
		return 0;
	}
	if (eq(p, len, "custodian"))
		return AG_CUSTODIAN;
	if (eq(p, len, "authserver"))
		return AG_SERVER;
	if (eq(p, len, "PROV") || eq(p, len, "GRP"))
		return AG_ORG;
	for (size_t i = 0; i < sizeof persons / sizeof persons[0]; i++)
		if (persons[i].len == len && memcmp(p, persons[i].code, len) == 0)
			return AG_PERSON;
	return 0;
}

/* Which parts of a concept each use reads: code, display, system, text
 * (bits 0-3); the others are skipped as soon as their key is seen. */
enum { W_CODE = 1, W_DISPLAY = 2, W_SYSTEM = 4, W_TEXT = 8, W_ALL = 15 };
static const uint8_t cc_wants[R_WHO] = {
	[T_NONE] = 0,
	[T_ACTION] = W_CODE,
	[T_PURPOSE] = W_ALL,
	[T_AGENT_TYPE] = W_ALL,
	[T_AGENT_ROLE] = W_ALL,
	[T_AGENT_PURPOSE] = W_ALL,
	[T_ORG_TYPE] = W_ALL,
	[T_DETAIL_TYPE] = W_CODE | W_DISPLAY | W_TEXT,
	[T_DETAIL_VALUE] = W_CODE | W_DISPLAY | W_TEXT,
	[T_OUTCOME] = W_CODE,
	[T_ENT_ROLE] = W_CODE | W_SYSTEM,
	[T_ENT_TYPE] = W_CODE,
};

/* A Coding's code, system or display was read (in a Coding, or in a
 * CodeableConcept frame that is a Coding in R4's place of one). */
static inline __attribute__((always_inline)) void coding_value(struct rc_impjson *js, enum tag tag, enum key key,
	const unsigned char *p, size_t len)
{
	struct coll *c = &js->c;
	if (key == K_CODE) {
		SET_FIRST(c->cd_code, p, len);
		if (tag == T_ACTION)
			action_hint(js, p, len);
		else if (tag == T_AGENT_TYPE || tag == T_AGENT_ROLE)
			c->cur->cls |= agent_class(p, len);
		else if (tag == T_DETAIL_TYPE && eq(p, len, "biometric-modality"))
			c->det_bio = true;
	} else if (key == K_DISPLAY) {
		SET_FIRST(c->cd_display, p, len);
		if (tag == T_DETAIL_TYPE && eq(p, len, "biometric-modality"))
			c->det_bio = true;
	} else if (key == K_SYSTEM && tag != T_ACTION && tag != T_DETAIL_TYPE
		&& tag != T_DETAIL_VALUE && tag != T_OUTCOME) {
		/* kept only where a code is shown, or its system matters */
		SET_FIRST(c->cd_system, p, len);
	}
}

/* A Coding ends: its values go to the CodeableConcept being read. */
static void coding_end(struct rc_impjson *js)
{
	struct coll *c = &js->c;
	struct ccv *v = &c->cc;
	if (c->cd_display.len && !v->display.len)
		v->display = c->cd_display;
	if (c->cd_code.len) {
		if (!v->code.len) {
			v->code = c->cd_code;
			v->system = c->cd_system;
		} else if (!v->code2.len) {
			v->code2 = c->cd_code;
			v->system2 = c->cd_system;
		}
	}
	c->cd_code.len = c->cd_display.len = c->cd_system.len = 0;
}

static void cc_add(struct ccv *list, unsigned *n, const struct ccv *v)
{
	if (*n < MAX_CC && (v->text.len || v->display.len || v->code.len))
		list[(*n)++] = *v;
}

/* A CodeableConcept ends (or a Coding read in its place). */
static void cc_end(struct rc_impjson *js, enum tag tag)
{
	struct coll *c = &js->c;
	unsigned n;
	if (c->cd_code.len || c->cd_display.len || c->cd_system.len)
		coding_end(js);
	const struct ccv *v = &c->cc;
	switch (tag) {
	case T_PURPOSE:
		cc_add(c->purposes, &c->npurposes, v);
		break;
	case T_AGENT_ROLE:
		n = c->cur->nroles;
		cc_add(c->cur->roles, &n, v);
		c->cur->nroles = (uint8_t)n;
		/* R4, R5: "the security role that the user was acting under" */
		if (v->text.len || v->display.len || v->code.len)
			c->cur->cls |= AG_PERSON;
		break;
	case T_AGENT_TYPE:
		if (!c->cur->type.text.len && !c->cur->type.display.len && !c->cur->type.code.len)
			c->cur->type = *v;
		break;
	case T_AGENT_PURPOSE:
		n = c->cur->npurposes;
		cc_add(c->cur->purposes, &n, v);
		c->cur->npurposes = (uint8_t)n;
		break;
	case T_ORG_TYPE:
		if (!c->cur_res.type.text.len && !c->cur_res.type.display.len && !c->cur_res.type.code.len)
			c->cur_res.type = *v;
		break;
	case T_DETAIL_VALUE:
		/* a code names a modality better than a display */
		if (!c->det_value.len)
			c->det_value = v->code.len ? v->code : v->text.len ? v->text : v->display;
		break;
	case T_OUTCOME:
		if (!c->outcome.len)
			c->outcome = v->code;
		break;
	case T_ENT_ROLE:
		if (!c->cur_ent.role_code.len) {
			c->cur_ent.role_code = v->code;
			c->cur_ent.role_system = v->system;
		}
		break;
	case T_ENT_TYPE:
		if (!c->cur_ent.type_code.len)
			c->cur_ent.type_code = v->code;
		break;
	default:
		break;
	}
	memset(&c->cc, 0, sizeof c->cc);
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

/* Is this a Patient reference ("Patient/1", "https://x/fhir/Patient/1")? */
static bool patient_ref(const struct rc_impjson *js, struct slice r)
{
	const unsigned char *p = (const unsigned char *)sp(js, r);
	if (!r.len)
		return false;
	if (starts(p, r.len, "Patient/"))
		return true;
	for (size_t i = 0; i + 9 <= r.len; i++)
		if (p[i] == '/' && memcmp(p + i, "/Patient/", 9) == 0)
			return true;
	return false;
}

static bool ref_given(const struct ref *r)
{
	return r->ref.len || r->display.len || r->val.len;
}

/* An entity ends: is it the record (the patient), a consent, a token? */
static void entity_end(struct rc_impjson *js)
{
	struct coll *c = &js->c;
	struct ent *e = &c->cur_ent;
	if (ref_given(&e->what)) {
		/* object-role 1 "Patient" (R4 Coding, R5 CodeableConcept) */
		bool role_patient = e->role_code.len == 1 && sp(js, e->role_code)[0] == '1'
			&& (!e->role_system.len
				|| (e->role_system.len >= 11
					&& memcmp(sp(js, e->role_system) + e->role_system.len - 11,
						"object-role", 11) == 0));
		if (role_patient && !ref_given(&c->ent_patient))
			c->ent_patient = e->what;
		else if (!ref_given(&c->ent_patient_ref) && patient_ref(js, e->what.ref))
			c->ent_patient_ref = e->what;
		const unsigned char *t = (const unsigned char *)sp(js, e->type_code);
		if (!ref_given(&c->consent) && (eq(t, e->type_code.len, "Consent")
			|| starts((const unsigned char *)sp(js, e->what.ref), e->what.ref.len, "Consent/")))
			c->consent = e->what;
		if (!ref_given(&c->token) && (eq(t, e->type_code.len, "UserOauthAgent")
			|| eq(t, e->type_code.len, "UserSamlAgent")))
			c->token = e->what;
	}
	memset(e, 0, sizeof *e);
}

/* An agent.extension ends: R5's (and the R4 backport's) OnBehalfOf and
 * AlternativeUserID. */
static void ext_end(struct rc_impjson *js)
{
	struct coll *c = &js->c;
	struct ext *x = &c->cur_ext;
	const unsigned char *u = (const unsigned char *)sp(js, x->url);
	if (eq(u, x->url.len, "http://hl7.org/fhir/StructureDefinition/auditevent-OnBehalfOf")) {
		if (!ref_given(&c->cur->obo))
			c->cur->obo = x->ref;
	} else if (eq(u, x->url.len, "http://hl7.org/fhir/StructureDefinition/auditevent-AlternativeUserID")) {
		if (!c->cur->altid.len)
			c->cur->altid = x->id;
	}
	memset(x, 0, sizeof *x);
}

/* The Reference a N_REF frame fills. */
static struct ref *ref_for(struct rc_impjson *js, enum tag tag)
{
	struct coll *c = &js->c;
	switch (tag) {
	case R_WHO: return &c->cur->who;
	case R_OBS: return &c->obs;
	case R_SITE: return &c->site5;
	case R_PATIENT: return &c->patient5;
	case R_WHAT: return &c->cur_ent.what;
	case R_EXTREF: return &c->cur_ext.ref;
	case R_PR_ORG: return &c->cur_res.org;
	case R_PR_PRAC: return &c->cur_res.prac;
	default: return NULL;
	}
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
	uint64_t bit = (uint64_t)1 << (key & 63);
	if (f->known[key >> 6] & bit)
		return true;
	f->known[key >> 6] |= bit;
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
	f->entry_bad = false;
	f->serial = js->ctx.serial;
	f->no = js->ctx.no;
	f->known[0] = f->known[1] = 0;
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
		case K_TYPE: case K_SUBTYPE: case K_CATEGORY: case K_CODE:
			*tag = T_ACTION;
			return N_CC;
		case K_PERIOD: case K_OCCURREDPERIOD: return N_PERIOD;
		case K_OUTCOME: return N_OUTCOME5;
		case K_PURPOSEOFEVENT: case K_AUTHORIZATION: *tag = T_PURPOSE; return N_CC;
		case K_AGENT: return N_AGENT;
		case K_SOURCE: return N_SOURCE;
		case K_ENTITY: return N_ENTITY;
		case K_PATIENT: *tag = R_PATIENT; return N_REF;
		default: return N_SKIP;
		}
	case N_ENTRY:
		if (f->key == K_RESOURCE)
			return N_RES;
		return f->key == K_SEARCH ? N_ESEARCH : N_SKIP;
	case N_OUTCOME5:
		if (f->key == K_CODE) {
			*tag = T_OUTCOME;
			return N_CC;
		}
		return N_SKIP;
	case N_AGENT:
		switch ((enum key)f->key) {
		case K_TYPE: *tag = T_AGENT_TYPE; return N_CC;
		case K_ROLE: *tag = T_AGENT_ROLE; return N_CC;
		case K_WHO: *tag = R_WHO; return N_REF;
		case K_POLICY: return N_POLICY;
		case K_PURPOSEOFUSE: case K_AUTHORIZATION: *tag = T_AGENT_PURPOSE; return N_CC;
		case K_NETWORK: return N_AG_NET;
		case K_NETWORKREFERENCE: *tag = R_NETREF; return N_REF;
		case K_EXTENSION: return N_AG_EXT;
		default: return N_SKIP;
		}
	case N_AG_EXT:
		if (f->key == K_VALUEREFERENCE) {
			*tag = R_EXTREF;
			return N_REF;
		}
		return f->key == K_VALUEIDENTIFIER ? N_EXT_ID : N_SKIP;
	case N_REF:
		if (f->key == K_IDENTIFIER) {
			*tag = (enum tag)f->tag;
			return N_REF_ID;
		}
		return N_SKIP;
	case N_SOURCE:
		if (f->key == K_OBSERVER) {
			*tag = R_OBS;
			return N_REF;
		}
		if (f->key == K_SITE) {
			*tag = R_SITE;
			return N_REF;
		}
		return N_SKIP;
	case N_CONTAINED:
		switch ((enum key)f->key) {
		case K_TYPE: *tag = T_ORG_TYPE; return N_CC;
		case K_ADDRESS: return N_ADDRESS;
		case K_NAME: return N_HNAME;
		case K_DEVICENAME: return N_DEVNAME;
		case K_ORGANIZATION: *tag = R_PR_ORG; return N_REF;
		case K_PRACTITIONER: *tag = R_PR_PRAC; return N_REF;
		default: return N_SKIP;
		}
	case N_HNAME:
		return f->key == K_GIVEN && array ? N_GIVEN : N_SKIP;
	case N_ENTITY:
		switch ((enum key)f->key) {
		case K_DETAIL: return N_DETAIL;
		case K_WHAT: case K_REFERENCE: *tag = R_WHAT; return N_REF;
		case K_ROLE: *tag = T_ENT_ROLE; return N_CC;
		case K_TYPE: *tag = T_ENT_TYPE; return N_CC;
		default: return N_SKIP;
		}
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

static void put(struct rc_buf *b, struct rc_impjson *js, struct slice s)
{
	if (s.len)
		rc_buf_add(b, sp(js, s), s.len);
}

/* b as the text of a field (sanitized, cut, marks told); b emptied. */
static char *take(struct rc_buf *b, uint32_t *marks)
{
	char *t = b->len ? rc_import_text_ex(b->data, b->len, false, marks) : NULL;
	rc_buf_reset(b);
	return t;
}

static char *text_of(struct rc_impjson *js, struct slice s, uint32_t *marks)
{
	return s.len ? rc_import_text_ex(sp(js, s), s.len, false, marks) : NULL;
}

/* A field that is part of the event's identity (ext_id, source): not cut
 * short (two events would become one), but, past RC_IMPORT_TEXT_MAX
 * bytes, its first part followed by "…" and the SHA-256 of the whole. */
static char *ident_text(const char *s, size_t len, uint32_t *marks)
{
	if (!s || !len)
		return NULL;
	if (len <= RC_IMPORT_TEXT_MAX)
		return rc_import_text_ex(s, len, false, marks);
	unsigned what = 0;
	char *t = rc_text_sanitize_ex(s, len, false, &what);
	*marks |= rc_marks_of_text(what);
	size_t n = strlen(t);
	if (!n) {
		free(t);
		return NULL;
	}
	if (n <= RC_IMPORT_TEXT_MAX)
		return t;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)t, n);
	size_t keep = RC_IMPORT_TEXT_MAX - 3 - 2 * sizeof h;
	while (keep && ((unsigned char)t[keep] & 0xC0) == 0x80)
		keep--;
	memcpy(t + keep, "\xe2\x80\xa6", 3);
	rc_hex_encode(h, sizeof h, t + keep + 3);
	*marks |= RC_MARK_CUT;
	return t;
}

static const struct res *res_by_ref(struct rc_impjson *js, struct slice ref)
{
	if (ref.len < 2 || sp(js, ref)[0] != '#')
		return NULL;
	for (unsigned i = 0; i < js->c.nres; i++) {
		const struct res *r = &js->c.res[i];
		if (r->id.len == ref.len - 1 && memcmp(sp(js, r->id), sp(js, ref) + 1, r->id.len) == 0)
			return r;
	}
	return NULL;
}

/* The kinds of resource a reference can name, and the agent class each
 * gives; PractitionerRole before Practitioner. */
#define RT(s, c) { s, sizeof(s) - 1, c }
static const struct {
	const char *type;
	size_t len;
	unsigned cls;
} ref_types[] = {
	RT("Organization", AG_ORG), RT("PractitionerRole", AG_PERSON),
	RT("Practitioner", AG_PERSON), RT("Patient", AG_PERSON),
	RT("RelatedPerson", AG_PERSON), RT("Device", AG_DEVICE),
};
#undef RT

static unsigned type_class(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < sizeof ref_types / sizeof ref_types[0]; i++)
		if (ref_types[i].len == len && memcmp(p, ref_types[i].type, len) == 0)
			return ref_types[i].cls;
	return 0;
}

/* The class a who.reference gives: "#id" by the contained resource,
 * "Practitioner/1" or ".../fhir/Practitioner/1" by its type. */
static unsigned ref_class(struct rc_impjson *js, struct slice ref)
{
	if (!ref.len)
		return 0;
	const unsigned char *p = (const unsigned char *)sp(js, ref);
	if (p[0] == '#') {
		const struct res *r = res_by_ref(js, ref);
		return r ? type_class((const unsigned char *)sp(js, r->rtype), r->rtype.len) : 0;
	}
	for (size_t i = 0; i < ref.len; i++) {
		if (i && p[i - 1] != '/')
			continue;
		const unsigned char *slash = memchr(p + i, '/', ref.len - i);
		if (!slash)
			break;
		unsigned cls = type_class(p + i, (size_t)(slash - (p + i)));
		if (cls)
			return cls;
	}
	return 0;
}

static void put_ident(struct rc_buf *b, struct rc_impjson *js, struct slice sys, struct slice val)
{
	if (sys.len) {
		put(b, js, sys);
		rc_buf_add(b, "|", 1);
	}
	put(b, js, val);
}

/* The name of a contained resource: an Organization's or a Device's
 * name, a HumanName's text (else given and family), a PractitionerRole's
 * practitioner. */
static bool put_res_name(struct rc_buf *b, struct rc_impjson *js, const struct res *r, int depth)
{
	if (r->name.len) {
		put(b, js, r->name);
		return true;
	}
	if (r->given.len || r->family.len) {
		put(b, js, r->given);
		if (r->given.len && r->family.len)
			rc_buf_add(b, " ", 1);
		put(b, js, r->family);
		return true;
	}
	if (r->prac.display.len) {
		put(b, js, r->prac.display);
		return true;
	}
	const struct res *p = depth < 2 ? res_by_ref(js, r->prac.ref) : NULL;
	return p && p != r && put_res_name(b, js, p, depth + 1);
}

/* A party given by a Reference, as the log names it: its display, else
 * name (R4 agent.name), else the identifier ("system|value"), else the
 * reference: the name of the contained resource it points to, else as
 * written. */
static bool put_ref_name(struct rc_buf *b, struct rc_impjson *js, const struct ref *r,
	struct slice name)
{
	if (r->display.len) {
		put(b, js, r->display);
	} else if (name.len) {
		put(b, js, name);
	} else if (r->val.len) {
		put_ident(b, js, r->sys, r->val);
	} else if (r->ref.len) {
		const struct res *c = res_by_ref(js, r->ref);
		if (!c || !put_res_name(b, js, c, 0))
			put(b, js, r->ref);
	} else {
		return false;
	}
	return true;
}

/* A record (the patient): the reference as written, else the identifier,
 * else its display. */
static bool put_record(struct rc_buf *b, struct rc_impjson *js, const struct ref *r)
{
	if (r->ref.len)
		put(b, js, r->ref);
	else if (r->val.len)
		put_ident(b, js, r->sys, r->val);
	else if (r->display.len)
		put(b, js, r->display);
	else
		return false;
	return true;
}

/* A CodeableConcept in words: its text, else a display, else a code with
 * the meaning its code system gives it, "patient requested (PATRQT)",
 * else the code alone. */
static void put_cc(struct rc_buf *b, struct rc_impjson *js, const struct ccv *v)
{
	if (v->text.len) {
		put(b, js, v->text);
	} else if (v->display.len) {
		put(b, js, v->display);
	} else {
		/* of the first two codings, the one whose meaning is known */
		struct slice code = v->code;
		const char *m = rc_fhir_code_meaning(sp(js, v->system), v->system.len, sp(js, code),
			code.len);
		if (!m && v->code2.len) {
			m = rc_fhir_code_meaning(sp(js, v->system2), v->system2.len, sp(js, v->code2),
				v->code2.len);
			if (m)
				code = v->code2;
		}
		if (m) {
			rc_buf_addstr(b, _(m));
			rc_buf_add(b, " (", 2);
			put(b, js, code);
			rc_buf_add(b, ")", 1);
		} else {
			put(b, js, code);
		}
	}
}

static void put_ccs(struct rc_buf *b, struct rc_impjson *js, const struct ccv *v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		size_t before = b->len;
		if (before)
			rc_buf_add(b, "; ", 2);
		size_t mark = b->len;
		put_cc(b, js, &v[i]);
		if (b->len == mark) {
			b->len = before;
			b->data[before] = 0;
		}
	}
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

/* A date field: false when present but not a date. */
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

/* A date-time without a zone (read as UTC)? */
static bool no_zone(struct rc_impjson *js, struct slice s)
{
	const char *p = sp(js, s), *t = memchr(p, 'T', s.len);
	if (!t)
		return false;
	size_t n = s.len - (size_t)(t - p);
	return !memchr(t, 'Z', n) && !memchr(t, 'z', n) && !memchr(t, '+', n) && !memchr(t, '-', n);
}

static bool same_slice(struct rc_impjson *js, struct slice a, struct slice b)
{
	return a.len && a.len == b.len && memcmp(sp(js, a), sp(js, b), a.len) == 0;
}

/* Is the agent the system that recorded the event (source.observer)? */
static bool is_observer(struct rc_impjson *js, const struct agent *a)
{
	const struct ref *o = &js->c.obs;
	return same_slice(js, a->who.ref, o->ref) || same_slice(js, a->who.val, o->val)
		|| same_slice(js, a->who.display, o->display);
}

/* The action the event's codes give, without an onward recipient
 * (doc/access-log-formats.md, "What"). */
static enum rc_action base_action(struct rc_impjson *js)
{
	struct coll *c = &js->c;
	if (c->hint_disclose)
		return c->dcm_import ? RC_ACT_CREATE : RC_ACT_EXPORT;
	if (c->dcm_import)
		return RC_ACT_CREATE; /* DICOM 110107 Import: nearest honest value */
	if (c->hint_rest)
		return (enum rc_action)(c->hint_rest - 1);
	if (c->hint_atc)
		return (enum rc_action)(c->hint_atc - 1);
	if (c->hint_iti)
		return (enum rc_action)(c->hint_iti - 1);
	/* CH:ATC types every event DICOM 110106: there, its own code or the
	 * action code says what was done. */
	if (c->dcm_export && !c->atc_other)
		return RC_ACT_EXPORT;
	if (c->hint_dicom)
		return (enum rc_action)(c->hint_dicom - 1);
	if (c->action.len == 1) {
		switch (sp(js, c->action)[0]) {
		case 'C': return RC_ACT_CREATE;
		case 'R': return RC_ACT_READ;
		case 'U': return RC_ACT_UPDATE;
		case 'D': return RC_ACT_DELETE;
		case 'E': return RC_ACT_OTHER;
		default: break;
		}
	}
	return RC_ACT_UNKNOWN;
}

#define AT(i) (&c->agents[i])

/* Fills ev from js->c and the raw bytes.  NULL on success, else why the
 * entry is invalid (a format with no argument). */
static const char *build(struct rc_impjson *js, struct rc_event *ev)
{
	struct coll *c = &js->c;
	struct rc_buf *b = &js->tmp;
	uint32_t marks = 0;
	rc_event_init(ev);
	rc_buf_reset(b);

	/* When: R5 occurredDateTime or occurredPeriod.start, R4 period.start,
	 * else recorded.  A period that ends before it starts is refused. */
	if (!date_of(js, c->recorded, &ev->recorded, &ev->recorded_ts))
		return N_("The AuditEvent's \"recorded\" time is not a valid date.");
	struct slice when = c->occ_dt.len ? c->occ_dt : c->period_start;
	if (when.len) {
		if (!date_of(js, when, &ev->occurred, &ev->occurred_ts))
			return N_("The AuditEvent's time of the access is not a valid date.");
		if (no_zone(js, when))
			marks |= RC_MARK_NO_TIMEZONE;
	} else if (ev->recorded) {
		ev->occurred = rc_xstrdup(ev->recorded);
		ev->occurred_ts = ev->recorded_ts;
		if (no_zone(js, c->recorded))
			marks |= RC_MARK_NO_TIMEZONE;
	} else {
		return N_("The AuditEvent has no time (period, occurredDateTime or recorded).");
	}
	if (c->period_end.len) {
		char *end = NULL, *start = NULL;
		int64_t end_ts = 0, start_ts = 0;
		bool ok = date_of(js, c->period_end, &end, &end_ts);
		bool has_start = false;
		bool start_day = false;
		if (ok && c->period_start.len && when.off == c->period_start.off
			&& when.len == c->period_start.len) {
			start_ts = ev->occurred_ts; /* read above */
			start_day = strlen(ev->occurred) == 10;
			has_start = true;
		} else if (ok && c->period_start.len) {
			has_start = date_of(js, c->period_start, &start, &start_ts);
			start_day = has_start && strlen(start) == 10;
		}
		bool reversed = false;
		if (has_start) {
			/* A date alone is a whole day, somewhere on Earth. */
			bool end_day = strlen(end) == 10;
			if (end_day == start_day)
				reversed = end_ts < start_ts;
			else if (end_day)
				reversed = end_ts + 86400 + 14 * 3600 <= start_ts;
			else
				reversed = end_ts < start_ts - 12 * 3600;
		}
		free(end);
		free(start);
		if (!ok)
			return N_("The AuditEvent's end of the access (period end) is not a valid date.");
		if (reversed)
			return N_("The AuditEvent's period ends before it starts.");
	}

	/* The agents' classes, now that every contained resource is known. */
	for (unsigned i = 0; i < c->nagents; i++)
		AT(i)->cls |= ref_class(js, AT(i)->who.ref);

	/* Who acted: the requestor, else the first person or user. */
	int prim = -1, dest = -1, cl = -1, orgi = -1;
	for (unsigned i = 0; i < c->nagents && prim < 0; i++)
		if (AT(i)->cls & AG_REQUESTOR)
			prim = (int)i;
	for (unsigned i = 0; i < c->nagents && prim < 0; i++)
		if (AT(i)->cls & AG_PERSON)
			prim = (int)i;
	const struct agent *P = prim >= 0 ? AT(prim) : NULL;

	/* An onward recipient: a DICOM destination (or destination medium),
	 * not the one who acted, of an export or disclosure, or a contained
	 * organization.  In a RESTful read or search (IHE BALP) the
	 * destination is the client that asked; in an import (DICOM 110107)
	 * it is the system that recorded the event. */
	bool import = c->dcm_import;
	bool export_code = !import && (c->hint_disclose || c->hint_iti == RC_ACT_EXPORT + 1
		|| (c->dcm_export && !c->hint_atc && !c->atc_other));
	for (unsigned i = 0; i < c->nagents && dest < 0 && !import; i++) {
		const struct agent *a = AT(i);
		if ((int)i != prim && (a->cls & (AG_DEST | AG_DMEDIA))
			&& (export_code || (res_by_ref(js, a->who.ref)
				&& (ref_class(js, a->who.ref) & AG_ORG))))
			dest = (int)i;
	}
	enum rc_action base = base_action(js);
	ev->action = dest >= 0 ? RC_ACT_EXPORT : base;

	/* The client: an application (DICOM 110150/110151); else, of the two
	 * ends of a transfer, the one that asked: the destination of a read
	 * (it receives the data), the source of anything else (it sends the
	 * query or the data; IHE BALP's client agent); else another machine
	 * with a network address that is not the recorder. */
	for (unsigned i = 0; i < c->nagents && cl < 0; i++)
		if ((int)i != prim && (int)i != dest && (AT(i)->cls & AG_APP))
			cl = (int)i;
	if (cl < 0 && !import) {
		/* In an export (IHE BALP's disclosure at the source) the source
		 * is the system that recorded the event, not a client. */
		unsigned side = base == RC_ACT_READ ? AG_DEST : AG_SRC;
		for (unsigned i = 0; i < c->nagents && cl < 0; i++)
			if ((int)i != prim && (int)i != dest && (AT(i)->cls & side)
				&& !(AT(i)->cls & (AG_PERSON | AG_ORG))
				&& !(ev->action == RC_ACT_EXPORT && is_observer(js, AT(i))))
				cl = (int)i;
	}
	for (unsigned i = 0; i < c->nagents && cl < 0; i++) {
		const struct agent *a = AT(i);
		if ((int)i != prim && (int)i != dest && a->network.len
			&& !(a->cls & (AG_PERSON | AG_ORG | AG_CUSTODIAN | AG_SERVER | AG_DMEDIA | AG_SMEDIA))
			&& !(import && (a->cls & (AG_SRC | AG_DEST))) && !is_observer(js, a))
			cl = (int)i;
	}

	/* The organisation the actor acted for: OnBehalfOf, the organization
	 * of the PractitionerRole the actor is, an organization agent; an
	 * organization named only as custodian last. */
	const struct res *org_res = NULL;
	char *org = NULL;
	if (P && put_ref_name(b, js, &P->obo, (struct slice){ 0, 0 })) {
		org = take(b, &marks);
		const struct res *r = res_by_ref(js, P->obo.ref);
		if (r && slice_is(js, r->rtype, "Organization"))
			org_res = r;
	}
	if (!org && P) {
		const struct res *r = res_by_ref(js, P->who.ref);
		if (r && slice_is(js, r->rtype, "PractitionerRole") && put_ref_name(b, js, &r->org,
				(struct slice){ 0, 0 })) {
			org = take(b, &marks);
			const struct res *o = res_by_ref(js, r->org.ref);
			if (o && slice_is(js, o->rtype, "Organization"))
				org_res = o;
		} else if (r && slice_is(js, r->rtype, "Organization")) {
			org_res = r; /* the actor is the organization */
		}
	}
	if (!org && !(P && (P->cls & AG_ORG))) {
		for (int pass = 0; pass < 2 && orgi < 0; pass++)
			for (unsigned i = 0; i < c->nagents && orgi < 0; i++) {
				const struct agent *a = AT(i);
				if ((int)i != prim && (int)i != dest && (a->cls & AG_ORG)
					&& !(a->cls & AG_CUSTODIAN) == !pass
					&& put_ref_name(b, js, &a->who, a->name)) {
					orgi = (int)i;
					org = take(b, &marks);
				}
			}
		if (orgi >= 0) {
			const struct res *r = res_by_ref(js, AT(orgi)->who.ref);
			if (r && slice_is(js, r->rtype, "Organization"))
				org_res = r;
		}
	}

	/* Who acted, by name; without anyone who acted, the organisation,
	 * else the client, else another party the log names. */
	if (P && put_ref_name(b, js, &P->who, P->name))
		ev->authority = take(b, &marks);
	if (!ev->authority && org) {
		ev->authority = org;
		org = NULL;
	}
	if (!ev->authority && cl >= 0 && put_ref_name(b, js, &AT(cl)->who, AT(cl)->name))
		ev->authority = take(b, &marks);
	for (unsigned i = 0; i < c->nagents && !ev->authority; i++) {
		const struct agent *a = AT(i);
		if ((int)i != prim && (int)i != dest && !(a->cls & (AG_CUSTODIAN | AG_SERVER | AG_SRC
				| AG_DEST | AG_DMEDIA | AG_SMEDIA)) && !is_observer(js, a)
			&& put_ref_name(b, js, &a->who, a->name))
			ev->authority = take(b, &marks);
	}
	rc_buf_reset(b);
	if (org && ev->authority && strcmp(org, ev->authority) == 0) {
		free(org);
		org = NULL;
	}
	ev->organization = org;
	if (org_res) {
		ev->authority_country = org_res->country.len
			? rc_import_country(sp(js, org_res->country), org_res->country.len) : NULL;
		if (org_res->type.text.len || org_res->type.display.len || org_res->type.code.len) {
			put_cc(b, js, &org_res->type);
			ev->authority_type = take(b, &marks);
		}
	}

	if (P) {
		/* The role: agent.role (the security role acted under), else
		 * agent.type (how the agent took part). */
		if (P->nroles)
			put_ccs(b, js, P->roles, P->nroles);
		else
			put_cc(b, js, &P->type);
		ev->role = take(b, &marks);
		/* The person's user id: who.identifier, else altId (R4) or the
		 * AlternativeUserID extension (R5). */
		if (!(P->cls & AG_ORG))
			ev->agent = text_of(js, P->who.val.len ? P->who.val : P->altid, &marks);
	}

	/* A token, consent or policy reference: never a legal basis. */
	struct slice policy = P ? P->policy : (struct slice){ 0, 0 };
	for (unsigned i = 0; i < c->nagents && !policy.len; i++)
		policy = AT(i)->policy;
	if (policy.len)
		ev->authorization = text_of(js, policy, &marks);
	else if (put_record(b, js, &c->consent))
		ev->authorization = take(b, &marks);
	else if (c->token.val.len)
		ev->authorization = text_of(js, c->token.val, &marks);
	rc_buf_reset(b);

	/* Purpose: the event's, else the actor's, else any agent's. */
	if (c->npurposes)
		put_ccs(b, js, c->purposes, c->npurposes);
	else if (P && P->npurposes)
		put_ccs(b, js, P->purposes, P->npurposes);
	for (unsigned i = 0; i < c->nagents && !b->len; i++)
		put_ccs(b, js, AT(i)->purposes, AT(i)->npurposes);
	ev->purpose = take(b, &marks);

	/* Whose record. */
	if (put_record(b, js, &c->patient5) || put_record(b, js, &c->ent_patient)
		|| put_record(b, js, &c->ent_patient_ref))
		ev->patient = take(b, &marks);
	rc_buf_reset(b);
	if (!ev->patient)
		marks |= RC_MARK_NO_RECORD;

	/* The client: its name, with its network address. */
	if (cl >= 0) {
		const struct agent *a = AT(cl);
		bool named = put_ref_name(b, js, &a->who, a->name);
		if (a->network.len && !(named && b->len == a->network.len
				&& memcmp(b->data, sp(js, a->network), b->len) == 0)) {
			if (named)
				rc_buf_add(b, " (", 2);
			put(b, js, a->network);
			if (named)
				rc_buf_add(b, ")", 1);
		}
		ev->client = take(b, &marks);
	}

	if (dest >= 0) {
		const struct agent *D = AT(dest);
		const struct res *o = res_by_ref(js, D->who.ref);
		if (o && slice_is(js, o->rtype, "Organization")) {
			ev->dest = text_of(js, o->name, &marks);
			ev->dest_country = o->country.len
				? rc_import_country(sp(js, o->country), o->country.len) : NULL;
		}
		if (!ev->dest && put_ref_name(b, js, &D->who, D->name))
			ev->dest = take(b, &marks);
		rc_buf_reset(b);
	}

	/* The system, and the identity of the recorder. */
	struct slice site = c->site.len ? c->site : c->site5.display.len ? c->site5.display
		: c->site5.val.len ? c->site5.val : c->site5.ref;
	struct slice sys = c->obs.display.len ? c->obs.display : c->obs.val.len ? c->obs.val
		: site.len ? site : c->obs.ref;
	ev->system = text_of(js, sys, &marks);
	{
		/* As it always was: each part sanitized, then joined. */
		struct slice obs = c->obs.ref.len ? c->obs.ref : c->obs.val.len ? c->obs.val
			: c->obs.display;
		char *o = ident_text(sp(js, obs), obs.len, &marks);
		char *s = ident_text(sp(js, site), site.len, &marks);
		if (o && s) {
			size_t on = strlen(o), sn = strlen(s);
			if (on + 3 + sn <= RC_IMPORT_TEXT_MAX) {
				/* both clean already */
				ev->source = rc_xmalloc(on + sn + 4);
				memcpy(ev->source, o, on);
				memcpy(ev->source + on, " @ ", 3);
				memcpy(ev->source + on + 3, s, sn + 1);
			} else {
				rc_buf_add(b, o, on);
				rc_buf_add(b, " @ ", 3);
				rc_buf_add(b, s, sn);
				ev->source = ident_text(b->data, b->len, &marks);
				rc_buf_reset(b);
			}
			free(o);
			free(s);
		} else {
			ev->source = o ? o : s ? s : rc_xstrdup("unknown");
		}
	}

	ev->outcome = outcome_of(js);
	ev->categories = c->categories;

	ev->raw = rc_xmalloc(js->raw_len ? js->raw_len : 1);
	memcpy(ev->raw, js->raw, js->raw_len);
	ev->raw_len = js->raw_len;
	ev->ext_id = ident_text(sp(js, c->id), c->id.len, &marks);
	if (!ev->ext_id) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, js->raw, js->raw_len);
		ev->ext_id = rc_xmalloc(2 * sizeof h + 1);
		rc_hex_encode(h, sizeof h, ev->ext_id);
	}
	ev->marks |= marks;
	return NULL;
}

#undef AT

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
	if (x->rtype == RT_BUNDLE)
		return true;
	/* An OperationOutcome of a search (search.mode "outcome"), or a
	 * resource it included that is not an access: set apart, counted. */
	if (x->outcome_mode || (x->include_mode && x->rtype == RT_OTHER)) {
		imp->n_apart++;
		return true;
	}
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
		case W_ENTRIES_NOT_LIST:
			rc_import_report(imp, x->no, x->line, x->start, "%s",
				/* TRANSLATORS: "entry" is the name of a field of a FHIR
				 * Bundle (leave it untranslated); a Bundle is a set of
				 * records. */
				_("The entry holds a Bundle whose \"entry\" is not a list of entries."));
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
	if (x->rtype == RT_OTHER) {
		if (x->rtname[0] && js->ndjson)
			rc_import_report(imp, x->no, x->line, x->start,
				/* TRANSLATORS: %s is a kind of FHIR resource, e.g. "Patient"
				 * or "OperationOutcome" (as the file names it, in English). */
				_("The line holds a resource of type %s, not an AuditEvent."), x->rtname);
		else if (x->rtname[0])
			rc_import_report(imp, x->no, x->line, x->start,
				/* TRANSLATORS: %s is a kind of FHIR resource, e.g. "Patient"
				 * or "OperationOutcome" (as the file names it, in English). */
				_("The entry holds a resource of type %s, not an AuditEvent."), x->rtname);
		else
			rc_import_report(imp, x->no, x->line, x->start, "%s", js->ndjson
				? _("The line holds a resource that is not an AuditEvent.")
				: _("The entry holds a resource that is not an AuditEvent."));
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

/* A Bundle's "entry" that is not a list (an object, a string, ...): a
 * Bundle that is the document cannot be read; one inside an entry makes
 * that entry invalid.  Returns 0 to stop. */
static int entries_not_list(struct rc_impjson *js, struct frame *f, uint64_t start)
{
	if (f == js->frames) {
		rc_import_report(js->imp, 0, line_at(js, start), start, "%s",
			/* TRANSLATORS: "entry" is the name of a field of a FHIR Bundle
			 * (leave it untranslated); a Bundle is a set of records. */
			_("The Bundle's \"entry\" is not a list of entries; the file cannot be read."));
		js->fatal = true;
		js->stop = RC_INVALID;
		return 0;
	}
	/* The entry the Bundle is in was handed on to the Bundle's own
	 * entries (ctx cleared); it is told once, here. */
	struct ctx *x = &js->ctx;
	if (x->serial)
		return 1; /* an entry of the inner Bundle is being read: cannot be */
	memset(x, 0, sizeof *x);
	if (++js->next_serial == 0)
		js->next_serial = 1;
	x->serial = js->next_serial;
	x->no = f->no;
	x->start = start;
	x->line = line_at(js, start);
	x->has_res = true;
	x->why = W_ENTRIES_NOT_LIST;
	x->rtype = RT_AUDIT;
	return ctx_finish(js) ? 1 : 0;
}

/* The resourceType of a resource that is not an AuditEvent, kept for the
 * message when it looks like the name of a FHIR resource type (never the
 * file's other text). */
static void keep_rtname(struct rc_impjson *js, const unsigned char *p, size_t len)
{
	char *out = js->ctx.rtname;
	out[0] = 0;
	if (!len || len >= sizeof js->ctx.rtname || p[0] < 'A' || p[0] > 'Z')
		return;
	for (size_t i = 0; i < len; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')))
			return;
	memcpy(out, p, len);
	out[len] = 0;
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
		/* The first problem in the bytes wins, however the input was
		 * cut: a cut inside a long value already found it too big. */
		check_size(js, pos_now(js));
		ctx_fail(js, W_RES_NOT_OBJECT);
	}
	return 1;
}

/* The "entry" of a resource is something else than a list: wrong for a
 * Bundle (now or once its resourceType says so), nothing for an
 * AuditEvent.  0: stop. */
static int entry_not_list(struct rc_impjson *js, struct frame *f, uint64_t start)
{
	if (js->ndjson)
		return 1;
	if (f->rtype == RT_BUNDLE)
		return entries_not_list(js, f, start);
	if (f->rtype == RT_UNKNOWN)
		f->entry_bad = true;
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
		else if (f->key == K_MODE && is_string && eq(p, len, "include"))
			js->ctx.include_mode = true;
		return;
	}
	if (!collecting(js))
		return;
	if (f->array) {
		if (f->kind == N_POLICY && is_string)
			SET_FIRST(c->cur->policy, p, len);
		else if (f->kind == N_GIVEN && is_string)
			SET_FIRST(c->cur_res.given, p, len);
		return;
	}
	if (!is_string) {
		if (f->kind == N_AGENT && f->key == K_REQUESTOR && bool_true)
			c->cur->cls |= AG_REQUESTOR;
		return;
	}
	struct ref *r;
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
			SET_FIRST(c->cur_res.rtype, p, len);
		else if (f->key == K_ID)
			SET_FIRST(c->cur_res.id, p, len);
		else if (f->key == K_NAME)
			SET_FIRST(c->cur_res.name, p, len);
		break;
	case N_HNAME:
		/* HumanName.text, .family; R5 Device.name.value */
		if (f->key == K_TEXT || f->key == K_VALUE)
			SET_FIRST(c->cur_res.name, p, len);
		else if (f->key == K_FAMILY)
			SET_FIRST(c->cur_res.family, p, len);
		break;
	case N_DEVNAME:
		if (f->key == K_NAME)
			SET_FIRST(c->cur_res.name, p, len);
		break;
	case N_ADDRESS:
		if (f->key == K_COUNTRY)
			SET_FIRST(c->cur_res.country, p, len);
		break;
	case N_PERIOD:
		if (f->key == K_START)
			SET_FIRST(c->period_start, p, len);
		else if (f->key == K_END)
			SET_FIRST(c->period_end, p, len);
		break;
	case N_AGENT:
		switch ((enum key)f->key) {
		case K_NAME: SET_FIRST(c->cur->name, p, len); break;
		case K_ALTID: SET_FIRST(c->cur->altid, p, len); break;
		case K_POLICY: SET_FIRST(c->cur->policy, p, len); break;
		case K_NETWORKSTRING: case K_NETWORKURI: SET_FIRST(c->cur->network, p, len); break;
		default: break;
		}
		break;
	case N_AG_NET:
		if (f->key == K_ADDRESS)
			SET_FIRST(c->cur->network, p, len);
		break;
	case N_AG_EXT:
		if (f->key == K_URL)
			SET_FIRST(c->cur_ext.url, p, len);
		break;
	case N_EXT_ID:
		if (f->key == K_VALUE)
			SET_FIRST(c->cur_ext.id, p, len);
		break;
	case N_REF:
		if ((enum tag)f->tag == R_NETREF) {
			if (f->key == K_DISPLAY || f->key == K_REFERENCE)
				SET_FIRST(c->cur->network, p, len);
			break;
		}
		if (!(r = ref_for(js, (enum tag)f->tag)))
			break;
		if (f->key == K_REFERENCE)
			SET_FIRST(r->ref, p, len);
		else if (f->key == K_DISPLAY)
			SET_FIRST(r->display, p, len);
		break;
	case N_REF_ID:
		if (!(r = ref_for(js, (enum tag)f->tag)))
			break;
		if (f->key == K_VALUE)
			SET_FIRST(r->val, p, len);
		else if (f->key == K_SYSTEM)
			SET_FIRST(r->sys, p, len);
		break;
	case N_SOURCE:
		if (f->key == K_SITE)
			SET_FIRST(c->site, p, len);
		break;
	case N_DETAIL:
		if (f->key == K_TYPE && eq(p, len, "biometric-modality"))
			c->det_bio = true;
		else if (f->key == K_VALUESTRING || f->key == K_VALUECODE)
			SET_FIRST(c->det_value, p, len);
		break;
	case N_CC:
		if (f->key == K_TEXT) {
			SET_FIRST(c->cc.text, p, len);
			if (f->tag == T_DETAIL_TYPE && eq(p, len, "biometric-modality"))
				c->det_bio = true;
		} else if (f->key == K_CODE || f->key == K_DISPLAY || f->key == K_SYSTEM) {
			/* A Coding where R4 has one (type, subtype, entity.role,
			 * R5 outcome.code): read as a concept of one coding. */
			coding_value(js, (enum tag)f->tag, (enum key)f->key, p, len);
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
	if (!f->array && f->kind == N_RES && f->key == K_ENTRY)
		return entry_not_list(js, f, scalar_start(js, len));
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
			if (f->entry_bad)
				return entries_not_list(js, f, scalar_start(js, len));
		} else {
			f->rtype = RT_OTHER;
			f->check = false;
			if (js->depth == 1 && !js->ndjson)
				return doc_refused(js, js->ctx.start, js->ctx.line);
			if (mine)
				keep_rtname(js, p, len);
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
	if (f->kind == N_SKIP || key >= K_UNREAD)
		key = K_NONE;
	else if ((f->kind == N_CC || f->kind == N_CODING)
		&& (key == K_CODE || key == K_DISPLAY || key == K_SYSTEM || key == K_TEXT)
		&& !(cc_wants[f->tag] & (1u << (key == K_CODE ? 0 : key == K_DISPLAY ? 1
			: key == K_SYSTEM ? 2 : 3))))
		key = K_NONE; /* a part of a concept that nothing reads */
	f->key = (uint8_t)key;
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
		} else if (f->kind == N_RES && f->key == K_ENTRY && !array) {
			if (!entry_not_list(js, f, pos_now(js) - 1))
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
		{
			c->cur = c->nagents < MAX_AGENTS ? &c->agents[c->nagents] : &c->spare;
			memset(c->cur, 0, sizeof *c->cur);
		}
		break;
	case N_CONTAINED:
		if (collecting(js))
			memset(&c->cur_res, 0, sizeof c->cur_res);
		break;
	case N_ENTITY:
		memset(&c->cur_ent, 0, sizeof c->cur_ent);
		break;
	case N_AG_EXT:
		memset(&c->cur_ext, 0, sizeof c->cur_ext);
		break;
	case N_CC:
		memset(&c->cc, 0, sizeof c->cc);
		c->cd_code.len = c->cd_display.len = c->cd_system.len = 0;
		break;
	case N_CODING:
		c->cd_code.len = c->cd_display.len = c->cd_system.len = 0;
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
			c->nagents++; /* read in place */
		break;
	case N_CONTAINED:
		if (mine && collecting(js) && c->nres < MAX_RES && c->cur_res.id.len
			&& type_class((const unsigned char *)sp(js, c->cur_res.rtype), c->cur_res.rtype.len))
			c->res[c->nres++] = c->cur_res;
		break;
	case N_ENTITY:
		if (mine && collecting(js))
			entity_end(js);
		break;
	case N_AG_EXT:
		if (mine && collecting(js))
			ext_end(js);
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
	rc_buf_init(&js->tmp);
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
	rc_buf_free(&js->tmp);
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
