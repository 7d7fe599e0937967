/* access.c - accesses written down by hand (add, correct, withdraw) and
 * the import of an access log. */
#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops-int.h"

#define TEXT_MAX 2000

void rc_manual_access_init(struct rc_manual_access *in)
{
	memset(in, 0, sizeof *in);
	in->action = RC_ACT_READ;
	in->outcome = RC_OUT_UNKNOWN;
}

static enum rc_status bad(struct rc_access_result *res, enum rc_access_field f)
{
	res->bad = f;
	return RC_INVALID;
}

static enum rc_status country(const char *in, char **out, struct rc_access_result *res,
	enum rc_access_field f)
{
	*out = NULL;
	if (!in || !*in)
		return RC_OK;
	char cc[3];
	if (!rc_country_parse(in, cc)) {
		char *shown = rc_text_sanitize(in, strlen(in), false);
		/* TRANSLATORS: error detail; %s is what was typed. */
		rc_error_set(_("\"%s\" is not a country code. Use two letters, for example DE."), shown);
		free(shown);
		return bad(res, f);
	}
	*out = rc_xstrdup(cc);
	return RC_OK;
}

/* The event a hand-written entry stands for: source "manual", its id
 * the hash of its fields (the same entry typed twice is one access). */
static enum rc_status build(const struct rc_manual_access *in, struct rc_event *ev,
	struct rc_access_result *res)
{
	rc_event_init(ev);
	char norm[32];
	if (!in->when || !rc_date_parse(in->when, &ev->occurred_ts, norm, sizeof norm)) {
		char *shown = rc_text_sanitize(in->when ? in->when : "", in->when ? strlen(in->when) : 0, false);
		/* TRANSLATORS: error detail; %s is what was typed. */
		rc_error_set(_("\"%s\" is not a date. Write it like 2024-05-22 or 2024-05-22T08:15:00+02:00."), shown);
		free(shown);
		return bad(res, RC_AF_WHEN);
	}
	ev->occurred = rc_xstrdup(norm);
	struct {
		const char *in;
		char **out;
		enum rc_access_field f;
	} texts[] = {
		{ in->authority, &ev->authority, RC_AF_AUTHORITY },
		{ in->role, &ev->role, RC_AF_ROLE },
		{ in->agent, &ev->agent, RC_AF_AGENT },
		{ in->system, &ev->system, RC_AF_SYSTEM },
		{ in->purpose, &ev->purpose, RC_AF_PURPOSE },
		{ in->legal_basis, &ev->legal_basis, RC_AF_LEGAL_BASIS },
		{ in->dest, &ev->dest, RC_AF_DEST },
		{ in->source_document, &ev->origin, RC_AF_SOURCE_DOCUMENT },
		{ in->note, &ev->note, RC_AF_NOTE },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (ops_clean_text(texts[i].in, TEXT_MAX, texts[i].out) != RC_OK)
			return bad(res, texts[i].f);
	if (!ev->authority) {
		/* TRANSLATORS: error detail, when the authority is empty. */
		rc_error_set("%s", _("Write who looked at the record (the authority), as the letter names them."));
		return bad(res, RC_AF_AUTHORITY);
	}
	enum rc_status st = country(in->country, &ev->authority_country, res, RC_AF_COUNTRY);
	if (st == RC_OK)
		st = country(in->dest_country, &ev->dest_country, res, RC_AF_DEST_COUNTRY);
	if (st != RC_OK)
		return st;
	if (in->categories && *in->categories && !rc_categories_parse(in->categories, &ev->categories)) {
		/* TRANSLATORS: error detail; keep the category names as they are. */
		rc_error_set("%s", _("Data touched: use fingerprints, face-image, iris, biographic or other, with commas."));
		return bad(res, RC_AF_CATEGORIES);
	}
	if (in->action < 0 || in->action >= RC_ACT_COUNT)
		return bad(res, RC_AF_ACTION);
	if (in->outcome < 0 || in->outcome >= RC_OUT_COUNT)
		return bad(res, RC_AF_OUTCOME);
	ev->action = in->action;
	ev->outcome = in->outcome;
	if (!ev->origin)
		ev->origin = rc_xstrdup("manual entry");
	ev->source = rc_xstrdup("manual");
	ev->ext_id = rc_event_hash_id(ev);
	return RC_OK;
}

enum rc_status rc_op_access_add(struct rc_case *c, const struct rc_manual_access *in,
	struct rc_access_result *res)
{
	rc_error_clear();
	memset(res, 0, sizeof *res);
	struct rc_event ev;
	enum rc_status st = build(in, &ev, res);
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event_tx *tx = NULL;
	if (st == RC_OK)
		st = rc_op_flag_ctx(c, &ctx);
	if (st == RC_OK)
		st = rc_events_begin(c, &ctx, &tx);
	if (st == RC_OK)
		st = rc_events_put(tx, &ev);
	if (st == RC_OK) {
		res->duplicate = rc_events_counts(tx)->added == 0;
		res->id = ev.id;
		st = rc_events_commit(&tx, "manual entry");
	} else {
		rc_events_rollback(&tx);
	}
	rc_flag_ctx_clear(&ctx);
	rc_event_clear(&ev);
	return st;
}

static void put_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

/* For the journal: the access as it was, and why it changed. */
static char *journal_object(int64_t id, const char *reason, const struct rc_event *old)
{
	json_t *o = json_object();
	json_object_set_new(o, "access", json_integer(id));
	put_str(o, "reason", reason);
	json_t *w = json_object();
	put_str(w, "occurred", old->occurred);
	put_str(w, "authority", old->authority);
	put_str(w, "country", old->authority_country);
	put_str(w, "role", old->role);
	put_str(w, "agent", old->agent);
	put_str(w, "system", old->system);
	put_str(w, "action", rc_action_id(old->action));
	char *cats = rc_categories_format(old->categories, false);
	if (*cats)
		put_str(w, "categories", cats);
	free(cats);
	put_str(w, "purpose", old->purpose);
	put_str(w, "legal_basis", old->legal_basis);
	put_str(w, "outcome", rc_outcome_id(old->outcome));
	put_str(w, "dest", old->dest);
	put_str(w, "dest_country", old->dest_country);
	put_str(w, "origin", old->origin);
	put_str(w, "note", old->note);
	json_object_set_new(o, "was", w);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s ? s : rc_xstrdup("{}");
}

/* The earlier version and the reason, checked first. */
static enum rc_status before_change(struct rc_case *c, int64_t id, const char *reason, char **object)
{
	*object = NULL;
	char *why = NULL;
	enum rc_status st = ops_clean_text(reason, TEXT_MAX, &why);
	struct rc_event old;
	rc_event_init(&old);
	if (st == RC_OK)
		st = rc_events_get(c, id, &old);
	if (st == RC_NOTFOUND)
		/* TRANSLATORS: error detail; %lld is an access number. */
		rc_error_set(_("There is no access with the number %lld."), (long long)id);
	if (st == RC_OK)
		*object = journal_object(id, why, &old);
	rc_event_clear(&old);
	free(why);
	return st;
}

enum rc_status rc_op_access_correct(struct rc_case *c, int64_t id, const struct rc_manual_access *in,
	const char *reason, struct rc_access_result *res)
{
	rc_error_clear();
	memset(res, 0, sizeof *res);
	res->id = id;
	struct rc_event ev;
	enum rc_status st = build(in, &ev, res);
	char *object = NULL;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	if (st == RC_OK)
		st = before_change(c, id, reason, &object);
	if (st == RC_OK)
		st = rc_op_flag_ctx(c, &ctx);
	if (st == RC_OK)
		st = rc_events_manual_replace(c, &ctx, id, &ev, object);
	rc_flag_ctx_clear(&ctx);
	rc_event_clear(&ev);
	free(object);
	return st;
}

enum rc_status rc_op_access_withdraw(struct rc_case *c, int64_t id, const char *reason)
{
	rc_error_clear();
	char *object = NULL;
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	enum rc_status st = before_change(c, id, reason, &object);
	if (st == RC_OK)
		st = rc_op_flag_ctx(c, &ctx);
	if (st == RC_OK)
		st = rc_events_manual_remove(c, &ctx, id, object);
	rc_flag_ctx_clear(&ctx);
	free(object);
	return st;
}

/* ---- whose record: only the person's own accesses go into the case ---- */

#define REF_MAX 256

/* A reference as compared: "https://x/fhir/Patient/123" and "Patient/123"
 * are the same; an identifier "system|value" stays whole. */
static void ref_norm(const char *in, char out[REF_MAX])
{
	while (*in == ' ' || *in == '\t')
		in++;
	const char *p = strstr(in, "Patient/");
	snprintf(out, REF_MAX, "%s", p && !strchr(in, '|') ? p : in);
	size_t n = strlen(out);
	while (n && (out[n - 1] == ' ' || out[n - 1] == '/'))
		out[--n] = 0;
}

struct whose {
	char (*refs)[REF_MAX];
	size_t n;
	char first[REF_MAX];
	bool have_first, ambiguous;
};

static bool same_record(const char *want, const char *got)
{
	if (!strcmp(want, got))
		return true;
	/* the case knows a value alone; the log gives "system|value" */
	const char *bar = strrchr(got, '|');
	return !strchr(want, '|') && bar && !strcmp(want, bar + 1);
}

/* On the reader thread: no rc_error_set here (thread-local); what it
 * found is read after the import. */
static enum rc_accept whose_accept(void *ud, const struct rc_event *ev)
{
	struct whose *w = ud;
	if (!ev->patient)
		return RC_ACCEPT; /* marked: the record does not say whose */
	char got[REF_MAX];
	ref_norm(ev->patient, got);
	if (w->n) {
		for (size_t i = 0; i < w->n; i++)
			if (same_record(w->refs[i], got))
				return RC_ACCEPT;
		return RC_LEAVE_OUT;
	}
	if (!w->have_first) {
		memcpy(w->first, got, sizeof got);
		w->have_first = true;
		return RC_ACCEPT;
	}
	if (strcmp(w->first, got) == 0)
		return RC_ACCEPT;
	w->ambiguous = true;
	return RC_STOP;
}

static void whose_add(struct whose *w, const char *list)
{
	char *copy = rc_xstrdup(list ? list : "");
	for (char *save = NULL, *t = strtok_r(copy, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) {
		char r[REF_MAX];
		ref_norm(t, r);
		if (!*r)
			continue;
		w->refs = rc_xrealloc(w->refs, (w->n + 1) * sizeof *w->refs);
		memcpy(w->refs[w->n++], r, REF_MAX);
	}
	free(copy);
}

enum rc_status rc_op_import_fd(struct rc_case *c, int fd, const struct rc_import_file_opts *opts,
	const char *also_records, struct rc_import_file_result *res)
{
	rc_error_clear();
	memset(res, 0, sizeof *res);
	struct rc_flag_ctx ctx;
	enum rc_status st = rc_op_flag_ctx(c, &ctx);
	if (st != RC_OK)
		return st;
	struct rc_case_meta m;
	st = rc_case_meta_get(c, &m);
	if (st != RC_OK) {
		rc_flag_ctx_clear(&ctx);
		return st;
	}
	struct whose w;
	memset(&w, 0, sizeof w);
	whose_add(&w, m.record_ref);
	whose_add(&w, also_records);
	rc_case_meta_clear(&m);
	struct rc_import_file_opts o = *opts;
	o.ctx = &ctx;
	o.accept = whose_accept;
	o.accept_ud = &w;
	st = rc_case_import_fd(c, fd, &o, res);
	if (w.ambiguous) {
		/* TRANSLATORS: the import stopped; keep the commands as they are. */
		rc_error_set("%s", _("The log holds accesses to more than one person's record, and the case does "
		                     "not say which is this person's. Nothing was imported. Give the record's reference "
		                     "first (recourse case set CASE record REF), or name it for this import with "
		                     "--also-record REF."));
		st = RC_INVALID;
	}
	free(w.refs);
	rc_flag_ctx_clear(&ctx);
	return st;
}

bool ops_record_is(const char *record_refs, const char *patient)
{
	char got[REF_MAX];
	ref_norm(patient, got);
	struct whose w;
	memset(&w, 0, sizeof w);
	whose_add(&w, record_refs);
	bool same = false;
	for (size_t i = 0; i < w.n && !same; i++)
		same = same_record(w.refs[i], got);
	free(w.refs);
	return same;
}
