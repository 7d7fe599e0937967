/* regimes.c - the legal regimes once read (regime_read.c): subsets for a
 * case, and the questions the flags and the deadlines ask of them, each
 * answered by the version of the law in force on the date that matters
 * and with the article and act it rests on. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regimes-int.h"

/* ------------------------------------------------------------------ */
/* Subsets of a catalogue. */

static const struct regime *regime_find(const struct rc_regimes *r, const char *id)
{
	for (size_t i = 0; r && id && i < r->n_reg; i++)
		if (!strcmp(r->reg[i].id, id))
			return &r->reg[i];
	return NULL;
}

bool rc_regimes_has(const struct rc_regimes *r, const char *id)
{
	return regime_find(r, id) != NULL;
}

bool rc_regimes_has_common(const struct rc_regimes *r)
{
	return r && (r->n_areas > 0 || r->n_kw > 0);
}

char *rc_regimes_ids(const struct rc_regimes *r)
{
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; r && i < r->n_reg; i++)
		rc_buf_printf(&b, "%s%s", i ? ", " : "", r->reg[i].id);
	rc_buf_cstr(&b);
	return b.data;
}

enum rc_status rc_regimes_subset(const struct rc_regimes *cat, const char *ids, struct rc_regimes **out)
{
	*out = NULL;
	struct rc_regimes *s = rc_xcalloc(1, sizeof *s);
	s->borrowed = true;
	if (cat) {
		s->areas = cat->areas;
		s->n_areas = cat->n_areas;
		s->kw = cat->kw;
		s->n_kw = cat->n_kw;
	}
	char *copy = rc_xstrdup(ids ? ids : "");
	enum rc_status st = RC_OK;
	for (char *save = NULL, *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		const struct regime *g = regime_find(cat, t);
		if (!g) {
			char *known = rc_regimes_ids(cat);
			char *shown = rc_text_sanitize(t, strlen(t), false);
			/* TRANSLATORS: %1$s is what was given, %2$s the list of
			 * known regime ids ("gdpr, eurodac, ..."). */
			rc_error_set(_("\"%1$s\" is not a legal regime recourse knows. Known regimes: %2$s."),
			             shown, *known ? known : "-");
			free(shown);
			free(known);
			st = RC_INVALID;
			break;
		}
		if (regime_find(s, t))
			continue;
		s->reg = rc_xrealloc(s->reg, (s->n_reg + 1) * sizeof *s->reg);
		s->reg[s->n_reg++] = *g; /* shallow: the catalogue owns it */
	}
	free(copy);
	if (st != RC_OK) {
		rc_regimes_free(&s);
		return st;
	}
	*out = s;
	return RC_OK;
}

const char *rc_regimes_cite(const struct rc_regimes *r, size_t i)
{
	return r && i < r->n_reg ? r->reg[i].cite : NULL;
}

/* ------------------------------------------------------------------ */
/* Queries. */

size_t rc_regimes_count(const struct rc_regimes *r)
{
	return r ? r->n_reg : 0;
}

const char *rc_regimes_id(const struct rc_regimes *r, size_t i)
{
	return r && i < r->n_reg ? r->reg[i].id : NULL;
}

const char *rc_regimes_title(const struct rc_regimes *r, size_t i)
{
	return r && i < r->n_reg ? r->reg[i].title : NULL;
}

const char *rc_regimes_system_name(const struct rc_regimes *r, size_t i)
{
	return r && i < r->n_reg && r->reg[i].n_sys ? r->reg[i].sys[0].name : NULL;
}

/* ------------------------------------------------------------------ */
/* Versions by date. */

const struct version *regime_version_at(const struct regime *g, struct rc_ymd d)
{
	for (size_t i = 0; i < g->n_ver; i++) {
		const struct version *v = &g->ver[i];
		if (rc_ymd_cmp(d, v->from) >= 0 && (!v->until.y || rc_ymd_cmp(d, v->until) <= 0))
			return v;
	}
	return NULL;
}

const char *rc_regimes_version_at(const struct rc_regimes *r, const char *id, struct rc_ymd day)
{
	const struct regime *g = regime_find(r, id);
	const struct version *v = g ? regime_version_at(g, day) : NULL;
	return v ? v->id : NULL;
}

const struct rc_request_rule *rc_regimes_request_at(const struct rc_regimes *r, const char *id,
	enum rc_request_kind kind, struct rc_ymd day)
{
	const struct regime *g = regime_find(r, id);
	const struct version *v = g ? regime_version_at(g, day) : NULL;
	if (!v || kind < 0 || kind >= RC_REQ_KIND_COUNT || !v->req[kind].known)
		return NULL;
	return &v->req[kind];
}

/* The system of g whose patterns the folded name matches, or NULL. */
static const struct system *covered_by(const struct regime *g, const char *folded)
{
	for (size_t i = 0; folded && i < g->n_sys; i++)
		if (fold_matches_any(g->sys[i].match, g->sys[i].n_match, folded))
			return &g->sys[i];
	return NULL;
}

static void basis_of(struct rc_basis *b, const struct regime *g, const struct version *v,
	const struct cite *c)
{
	b->regime_title = g->title;
	b->version = v->id;
	b->article = c ? c->article : NULL;
	b->instrument = c && c->instrument ? c->instrument : v->instrument;
	b->uncertain = c && c->uncertain ? c->uncertain : v->uncertain;
}

/* ------------------------------------------------------------------ */
/* Record dates. */

static const struct system *system_by_id(const struct rc_regimes *r, const char *id,
	const struct regime **gout)
{
	for (size_t i = 0; r && i < r->n_reg; i++)
		for (size_t j = 0; j < r->reg[i].n_sys; j++)
			if (!strcmp(r->reg[i].sys[j].id, id)) {
				if (gout)
					*gout = &r->reg[i];
				return &r->reg[i].sys[j];
			}
	return NULL;
}

static char *system_ids(const struct rc_regimes *r)
{
	struct rc_strset seen = { 0 };
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; r && i < r->n_reg; i++)
		for (size_t j = 0; j < r->reg[i].n_sys; j++)
			if (rc_strset_add(&seen, r->reg[i].sys[j].id))
				rc_buf_printf(&b, "%s%s", b.len ? ", " : "", r->reg[i].sys[j].id);
	rc_strset_free(&seen);
	rc_buf_cstr(&b);
	return b.data;
}

enum rc_status rc_record_dates_parse(const struct rc_regimes *r, const char *in,
	struct rc_record_date **dates, size_t *n, char **norm)
{
	*dates = NULL;
	*n = 0;
	if (norm)
		*norm = NULL;
	char *copy = rc_xstrdup(in ? in : "");
	struct rc_buf b;
	rc_buf_init(&b);
	enum rc_status st = RC_OK;
	size_t cap = 0;
	for (char *save = NULL, *t = strtok_r(copy, ",; \t", &save); t; t = strtok_r(NULL, ",; \t", &save)) {
		char *eq = strchr(t, '=');
		char *colon = eq ? memchr(t, ':', (size_t)(eq - t)) : NULL;
		struct rc_record_date d;
		memset(&d, 0, sizeof d);
		char *shown = rc_text_sanitize(t, strlen(t), false);
		if (!eq || !rc_ymd_parse(eq + 1, &d.date)) {
			/* TRANSLATORS: error detail; %s is what was given; keep the example as it is. */
			rc_error_set(_("\"%s\" is not a record date. Write SYSTEM:DATASET=DATE, for example eurodac:applicant=2023-09-04."), shown);
			st = RC_INVALID;
		} else {
			size_t sl = (size_t)((colon ? colon : eq) - t);
			snprintf(d.system, sizeof d.system, "%.*s", (int)(sl < sizeof d.system ? sl : 0), t);
			const struct system *s = sl && sl < sizeof d.system ? system_by_id(r, d.system, NULL) : NULL;
			if (!s) {
				char *known = system_ids(r);
				/* TRANSLATORS: error detail; %1$s what was given, %2$s the known systems. */
				rc_error_set(_("\"%1$s\": no legal regime of this case knows that system. Systems: %2$s."), shown, *known ? known : "-");
				free(known);
				st = RC_INVALID;
			} else if (colon) {
				size_t dl = (size_t)(eq - colon - 1);
				snprintf(d.dataset, sizeof d.dataset, "%.*s", (int)(dl < sizeof d.dataset ? dl : 0), colon + 1);
				bool found = false;
				for (size_t i = 0; dl && dl < sizeof d.dataset && i < s->n_ds; i++)
					found |= !strcmp(s->ds[i].id, d.dataset);
				if (!found) {
					struct rc_buf k;
					rc_buf_init(&k);
					for (size_t i = 0; i < s->n_ds; i++)
						rc_buf_printf(&k, "%s%s", i ? ", " : "", s->ds[i].id);
					/* TRANSLATORS: error detail; %1$s what was given, %2$s the datasets of that system. */
					rc_error_set(_("\"%1$s\": that system keeps no such dataset. Datasets: %2$s."), shown, rc_buf_cstr(&k));
					rc_buf_free(&k);
					st = RC_INVALID;
				}
			} else if (s->n_ds == 1) {
				snprintf(d.dataset, sizeof d.dataset, "%s", s->ds[0].id);
			} else {
				struct rc_buf k;
				rc_buf_init(&k);
				for (size_t i = 0; i < s->n_ds; i++)
					rc_buf_printf(&k, "%s%s", i ? ", " : "", s->ds[i].id);
				/* TRANSLATORS: error detail; %1$s what was given, %2$s the datasets of that system. */
				rc_error_set(_("\"%1$s\": that system keeps several kinds of record; say which, as SYSTEM:DATASET=DATE. Datasets: %2$s."), shown, rc_buf_cstr(&k));
				rc_buf_free(&k);
				st = RC_INVALID;
			}
		}
		free(shown);
		if (st != RC_OK)
			break;
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*dates = rc_xrealloc(*dates, cap * sizeof **dates);
		}
		(*dates)[(*n)++] = d;
		char day[RC_YMD_LEN];
		rc_ymd_format(d.date, day);
		rc_buf_printf(&b, "%s%s:%s=%s", b.len ? "," : "", d.system, d.dataset, day);
	}
	free(copy);
	if (st != RC_OK) {
		free(*dates);
		*dates = NULL;
		*n = 0;
	} else if (norm && b.len) {
		*norm = rc_xstrdup(rc_buf_cstr(&b));
	}
	rc_buf_free(&b);
	return st;
}

/* ------------------------------------------------------------------ */
/* Retention. */

static struct rc_ymd end_of(struct rc_ymd start, struct rc_period p)
{
	switch (p.unit) {
	case RC_UNIT_YEARS:
		return rc_ymd_add_months(start, 12 * p.n);
	case RC_UNIT_MONTHS:
		return rc_ymd_add_months(start, p.n);
	default:
		return rc_ymd_add_days(start, p.n);
	}
}

static const struct system *system_of_regime(const struct regime *g, const char *id)
{
	for (size_t i = 0; id && i < g->n_sys; i++)
		if (!strcmp(g->sys[i].id, id))
			return &g->sys[i];
	return NULL;
}

static void retention_of(const struct rc_regimes *r, const char *system, bool by_id, struct rc_ymd day,
	const struct rc_record_date *dates, size_t n, struct rc_retention_finding *out)
{
	memset(out, 0, sizeof *out);
	out->after = RC_VERDICT_UNKNOWN;
	if (!r || !system || !n)
		return;
	char *f = by_id ? NULL : fold(system, true);
	bool any = false, missing = false, uncertain = false;
	for (size_t i = 0; i < r->n_reg && !missing; i++) {
		const struct regime *g = &r->reg[i];
		const struct system *s = by_id ? system_of_regime(g, system) : covered_by(g, f);
		const struct version *v = s ? regime_version_at(g, day) : NULL;
		if (!v)
			continue;
		for (size_t k = 0; k < n && !missing; k++) {
			if (strcmp(dates[k].system, s->id))
				continue;
			const struct retention *rt = NULL;
			for (size_t j = 0; j < v->n_ret; j++)
				if (&g->sys[v->ret[j].sys] == s && !strcmp(s->ds[v->ret[j].ds].id, dates[k].dataset))
					rt = &v->ret[j];
			if (!rt) {
				missing = true; /* a dataset without a rule: not computable */
				break;
			}
			struct rc_ymd end = end_of(dates[k].date, rt->period);
			const char *unc = rt->cite.uncertain ? rt->cite.uncertain
				: s->ds[rt->ds].uncertain ? s->ds[rt->ds].uncertain : v->uncertain;
			uncertain |= unc != NULL;
			if (!any || rc_ymd_cmp(end, out->end) > 0) {
				out->start = dates[k].date;
				out->end = end;
				out->period = rt->period;
				out->system_name = s->name;
				out->dataset_title = s->ds[rt->ds].title;
				out->system_id = s->id;
				out->regime_id = g->id;
				basis_of(&out->basis, g, v, &rt->cite);
				out->basis.uncertain = unc;
			}
			any = true;
		}
	}
	free(f);
	if (!any || missing) {
		memset(out, 0, sizeof *out);
		out->after = RC_VERDICT_UNKNOWN;
		return;
	}
	out->after = rc_ymd_cmp(day, out->end) > 0 ? RC_VERDICT_YES : RC_VERDICT_NO;
	if (uncertain && !out->basis.uncertain)
		out->basis.uncertain = N_("another dataset's period is uncertain");
}

void rc_regimes_retention(const struct rc_regimes *r, const char *system, struct rc_ymd day,
	const struct rc_record_date *dates, size_t n, struct rc_retention_finding *out)
{
	retention_of(r, system, false, day, dates, n, out);
}

void rc_regimes_retention_id(const struct rc_regimes *r, const char *system_id, struct rc_ymd day,
	const struct rc_record_date *dates, size_t n, struct rc_retention_finding *out)
{
	retention_of(r, system_id, true, day, dates, n, out);
}

/* ------------------------------------------------------------------ */
/* Transfers. */

static const struct area *area_find(const struct rc_regimes *r, const char *name)
{
	for (size_t i = 0; i < r->n_areas; i++)
		if (!strcmp(r->areas[i].name, name))
			return &r->areas[i];
	return NULL;
}

static bool cc_in(char (*cc)[3], size_t n, const char *c)
{
	for (size_t i = 0; i < n; i++)
		if (cc[i][0] == c[0] && cc[i][1] == c[1])
			return true;
	return false;
}

/* 1 inside, 0 outside, -1 unknown, for one version. */
static int version_area_has(const struct rc_regimes *r, const struct version *ver, const char *c)
{
	if (!ver->has_area)
		return -1;
	if (ver->area_ref) {
		const struct area *a = area_find(r, ver->area_ref);
		if (!a)
			return -1;
		return cc_in(a->cc, a->n, c);
	}
	return cc_in(ver->area, ver->n_area, c);
}



static enum rc_transfer_rule rule_of(int word)
{
	switch (word) {
	case 0: case 3: return RC_TRANSFER_FORBIDDEN;
	case 1: return RC_TRANSFER_CONDITIONS;
	case 2: return RC_TRANSFER_ALLOWED;
	default: return RC_TRANSFER_UNKNOWN;
	}
}

/* What one version says of this recipient. */
static enum rc_transfer_rule version_transfer(const struct rc_regimes *r, const struct version *v,
	enum rc_dest_kind kind, const char *cc)
{
	int in = cc ? version_area_has(r, v, cc) : -1;
	switch (kind) {
	case RC_DEST_INTL:
		return v->tr.known ? rule_of(v->tr.international) : RC_TRANSFER_UNKNOWN;
	case RC_DEST_PRIVATE:
		if (v->tr.known && v->tr.private_ == 3)
			return RC_TRANSFER_FORBIDDEN; /* inside the area too */
		if (in == 1)
			return RC_TRANSFER_INSIDE;
		return v->tr.known && in == 0 ? rule_of(v->tr.private_) : RC_TRANSFER_UNKNOWN;
	default: /* a public body, or not said: by its country */
		if (in == 1)
			return RC_TRANSFER_INSIDE;
		return v->tr.known && in == 0 ? rule_of(v->tr.outside) : RC_TRANSFER_UNKNOWN;
	}
}

void rc_regimes_transfer(const struct rc_regimes *r, const char *system, struct rc_ymd day,
	enum rc_dest_kind kind, const char *country, struct rc_transfer_finding *out)
{
	memset(out, 0, sizeof *out);
	if (!r)
		return;
	char c[3];
	const char *cc = rc_country_parse(country, c) ? c : NULL;
	if (!cc && kind != RC_DEST_INTL && kind != RC_DEST_PRIVATE)
		return; /* no country, no kind: nothing shows the data left */
	char *f = system ? fold(system, true) : NULL;
	/* First the regimes that cover the system, then all of them. */
	bool covered = false;
	for (int pass = f ? 0 : 1; pass < 2 && out->rule == RC_TRANSFER_UNKNOWN && !covered; pass++) {
		for (size_t i = 0; i < r->n_reg; i++) {
			const struct regime *g = &r->reg[i];
			if (pass == 0 && !covered_by(g, f))
				continue;
			covered |= pass == 0;
			const struct version *v = regime_version_at(g, day);
			if (!v)
				continue;
			enum rc_transfer_rule t = version_transfer(r, v, kind, cc);
			if (t > out->rule) {
				out->rule = t;
				basis_of(&out->basis, g, v, &v->tr.cite);
				out->exception = v->tr.exception;
				out->exception_article = v->tr.exception_article;
			}
		}
	}
	free(f);
}

/* ------------------------------------------------------------------ */
/* What a log must record. */

bool rc_regimes_log_requires(const struct rc_regimes *r, const char *system, struct rc_ymd day,
	bool legal_basis, struct rc_basis *basis)
{
	memset(basis, 0, sizeof *basis);
	if (!r || !system)
		return false;
	char *f = fold(system, true);
	bool req = false;
	for (size_t i = 0; i < r->n_reg && !req; i++) {
		const struct regime *g = &r->reg[i];
		const struct version *v = covered_by(g, f) ? regime_version_at(g, day) : NULL;
		const struct log_rule *lr = v ? (legal_basis ? &v->log_legal_basis : &v->log_purpose) : NULL;
		if (lr && lr->known && lr->required) {
			req = true;
			basis_of(basis, g, v, &lr->cite);
		}
	}
	free(f);
	return req;
}

/* ------------------------------------------------------------------ */
/* Mandates. */

static bool class_matches(const struct rc_regimes *r, enum kw_class cls,
	const char *ftype, const char *fname)
{
	for (size_t i = 0; i < r->n_kw; i++) {
		const struct kwset *k = &r->kw[i];
		if (k->cls != cls)
			continue;
		if ((ftype && fold_matches_any(k->kw, k->n, ftype)) || (fname && fold_matches_any(k->kw, k->n, fname)))
			return true;
	}
	return false;
}

enum rc_mandate rc_regimes_mandate(const struct rc_regimes *r, const char *authority_type,
	const char *authority, bool has_purpose)
{
	if (!r || r->n_kw == 0 || (!authority_type && !authority))
		return RC_MANDATE_UNKNOWN;
	char *ft = authority_type ? fold(authority_type, true) : NULL;
	char *fn = authority ? fold(authority, true) : NULL;
	enum rc_mandate m = RC_MANDATE_UNKNOWN;
	if (class_matches(r, KW_MANDATE, ft, fn))
		m = RC_MANDATE_YES;
	else if (has_purpose && class_matches(r, KW_MANDATE_IF_PURPOSE, ft, fn))
		m = RC_MANDATE_YES;
	else if (class_matches(r, KW_NONE, ft, fn))
		m = RC_MANDATE_NO;
	else if (!has_purpose && class_matches(r, KW_NONE_IF_NO_PURPOSE, ft, fn))
		m = RC_MANDATE_NO;
	free(ft);
	free(fn);
	return m;
}
