/* bundle_index.c - what an evidence bundle says of itself to a reader:
 * bag-info.txt's description and data/index.pdf (src/letter/index_pdf.c),
 * in the court's language, with the applicant's where asked.  The index
 * summarizes: counts of the chosen accesses by authority and by purpose
 * (one pass over them, whatever their number), the flagged ones in full
 * up to INDEX_FLAGGED_MAX (the rest are in data/log/flagged.csv and .json),
 * the requests with their timelines, the exports, and every file of the
 * bag with its SHA-256. */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "letter.h"
#include "ops-int.h"

#define INDEX_FLAGGED_MAX 200
#define INDEX_ROWS_MAX 400
#define PAGE 512

char *bundle_description(const struct bundle_work *w)
{
	char prev[64];
	rc_lang_switch(w->p->priv->court_lang, prev, sizeof prev);
	struct rc_buf b;
	rc_buf_init(&b);
	/* TRANSLATORS: bag-info.txt's description of an evidence bundle, in the court's language. */
	rc_buf_addstr(&b, _("Evidence bundle made by recourse: the record of who accessed the applicant's biometric "
	                    "data, as received from the registries, with the accesses that may be unlawful explained, "
	                    "the requests made about the record, and the documents chosen."));
	if (w->o->court && *w->o->court) {
		char *court = rc_text_sanitize(w->o->court, strlen(w->o->court), false);
		rc_buf_add(&b, " ", 1);
		/* TRANSLATORS: %s is a court or tribunal, as the person typed it. */
		rc_buf_printf(&b, _("Prepared for %s."), court);
		free(court);
	}
	rc_lang_switch(prev, NULL, 0);
	rc_buf_cstr(&b);
	return b.data;
}

/* ------------------------------------------------------------------ */
/* Counts by a key (authority and country; purpose): a small hash table,
 * the keys few whatever the number of accesses. */

struct tally_e {
	char *key, *key2;
	uint64_t n, flagged;
};
struct tally {
	struct tally_e *v;
	size_t cap, n;
};

static uint64_t fnv(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *s = a ? a : ""; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (const char *s = b ? b : ""; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void tally_add(struct tally *t, const char *key, const char *key2, bool flagged);

static void tally_grow(struct tally *t)
{
	struct tally old = *t;
	t->cap = t->cap ? t->cap * 2 : 64;
	t->v = rc_xcalloc(t->cap, sizeof *t->v);
	t->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.v[i].n) {
			size_t j = fnv(old.v[i].key, old.v[i].key2) & (t->cap - 1);
			while (t->v[j].n)
				j = (j + 1) & (t->cap - 1);
			t->v[j] = old.v[i];
			t->n++;
		}
	free(old.v);
}

static void tally_add(struct tally *t, const char *key, const char *key2, bool flagged)
{
	if ((t->n + 1) * 2 > t->cap)
		tally_grow(t);
	size_t j = fnv(key, key2) & (t->cap - 1);
	while (t->v[j].n && !(same(t->v[j].key, key) && same(t->v[j].key2, key2)))
		j = (j + 1) & (t->cap - 1);
	struct tally_e *e = &t->v[j];
	if (!e->n) {
		e->key = key ? rc_xstrdup(key) : NULL;
		e->key2 = key2 ? rc_xstrdup(key2) : NULL;
		t->n++;
	}
	e->n++;
	if (flagged)
		e->flagged++;
}

static int tally_cmp(const void *a, const void *b)
{
	const struct tally_e *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key ? x->key : "", y->key ? y->key : "");
}

/* The entries, most accesses first (compacted into t->v[0..n)). */
static void tally_sort(struct tally *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i].n)
			t->v[k++] = t->v[i];
	if (t->v)
		memset(t->v + k, 0, (t->cap - k) * sizeof *t->v);
	if (k)
		qsort(t->v, k, sizeof *t->v, tally_cmp);
}

static void tally_free(struct tally *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		free(t->v[i].key);
		free(t->v[i].key2);
	}
	free(t->v);
}

/* ------------------------------------------------------------------ */

struct strs { /* strings the index points into, freed together */
	char **v;
	size_t n;
};

static const char *keep(struct strs *s, char *p)
{
	s->v = rc_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
	s->v[s->n++] = p;
	return p;
}

static const char *num(struct strs *s, uint64_t n)
{
	char b[24];
	snprintf(b, sizeof b, "%llu", (unsigned long long)n);
	return keep(s, rc_xstrdup(b));
}

static void when_text(const struct rc_event *e, char *out, size_t len)
{
	const char *t = e->occurred ? e->occurred : e->recorded;
	if (!t) {
		snprintf(out, len, "?");
		return;
	}
	/* "2023-10-15T10:11:58Z" -> "2023-10-15 10:11 UTC" */
	if (strlen(t) >= 16 && t[10] == 'T')
		snprintf(out, len, "%.10s %.5s UTC", t, t + 11);
	else
		snprintf(out, len, "%s", t);
}

/* The flags of e, in one language: labels joined, explanations joined. */
static void flag_texts(const struct rc_flag_ctx *ctx, const struct rc_event *e, const char *lang, char **labels,
	char **texts)
{
	char prev[64];
	rc_lang_switch(lang, prev, sizeof prev);
	struct rc_buf l, t;
	rc_buf_init(&l);
	rc_buf_init(&t);
	for (int k = 0; k < RC_FLAG_COUNT; k++) {
		uint32_t bit = rc_flag_bit(k);
		if (!(e->flags & bit))
			continue;
		if (l.len)
			rc_buf_addstr(&l, "; ");
		rc_buf_addstr(&l, rc_flag_label(bit));
		char *x = rc_flag_explain(ctx, e, bit);
		if (x) {
			if (t.len)
				rc_buf_addstr(&t, "\n\n");
			rc_buf_printf(&t, "%s: %s", rc_flag_label(bit), x);
			free(x);
		}
	}
	rc_lang_switch(prev, NULL, 0);
	rc_buf_cstr(&l);
	rc_buf_cstr(&t);
	*labels = l.data ? l.data : rc_xstrdup("");
	*texts = t.data ? t.data : rc_xstrdup("");
}

/* What the pass over the accesses gathers for the index: the counts,
 * the first and last, the flagged ones in full up to the cap. */
struct bundle_index_acc {
	const struct rc_flag_ctx *ctx;
	const char *court_lang, *app;
	struct strs s;
	struct tally by_auth, by_purpose;
	struct rc_index_flagged *fl;
	size_t nfl;
	char first[40], last[40];   /* the earliest and the latest (the pass reads in the order received) */
	int64_t first_ts, last_ts;
	bool any;
};

struct bundle_index_acc *bundle_index_acc_new(const struct bundle_work *w, const struct rc_flag_ctx *ctx)
{
	struct bundle_index_acc *a = rc_xcalloc(1, sizeof *a);
	const struct rc_bundle_priv *pv = w->p->priv;
	a->ctx = ctx;
	a->court_lang = pv->court_lang;
	a->app = *pv->applicant_lang ? pv->applicant_lang : NULL;
	return a;
}

void bundle_index_acc_free(struct bundle_index_acc **ap)
{
	struct bundle_index_acc *a = *ap;
	if (!a)
		return;
	for (size_t i = 0; i < a->s.n; i++)
		free(a->s.v[i]);
	free(a->s.v);
	free(a->fl);
	tally_free(&a->by_auth);
	tally_free(&a->by_purpose);
	free(a);
	*ap = NULL;
}

void bundle_index_acc_event(void *ud, const struct rc_event *e)
{
	struct bundle_index_acc *a = ud;
	struct strs *s = &a->s;
	char wt[40];
	when_text(e, wt, sizeof wt);
	int64_t ts = rc_event_cursor_of(e).ts;
	if (!a->any || ts < a->first_ts) {
		a->first_ts = ts;
		snprintf(a->first, sizeof a->first, "%s", wt);
	}
	if (!a->any || ts > a->last_ts) {
		a->last_ts = ts;
		snprintf(a->last, sizeof a->last, "%s", wt);
	}
	a->any = true;
	tally_add(&a->by_auth, rc_event_body(e), e->authority_country, e->flags != 0);
	tally_add(&a->by_purpose, e->purpose, NULL, e->flags != 0);
	if (!e->flags || a->nfl >= INDEX_FLAGGED_MAX)
		return;
	a->fl = rc_xrealloc(a->fl, (a->nfl + 1) * sizeof *a->fl);
	struct rc_index_flagged *x = &a->fl[a->nfl++];
	memset(x, 0, sizeof *x);
	x->event_ref = num(s, (uint64_t)e->id);
	x->when = keep(s, rc_xstrdup(wt));
	x->authority = rc_event_body(e) ? keep(s, rc_xstrdup(rc_event_body(e))) : NULL;
	x->role = e->role ? keep(s, rc_xstrdup(e->role)) : NULL;
	x->country = e->authority_country ? keep(s, rc_xstrdup(e->authority_country)) : NULL;
	x->purpose = e->purpose ? keep(s, rc_xstrdup(e->purpose)) : NULL;
	x->legal_basis = e->legal_basis ? keep(s, rc_xstrdup(e->legal_basis)) : NULL;
	x->uncertain = (e->uncertain & e->flags) != 0;
	char *lb, *tx;
	flag_texts(a->ctx, e, a->court_lang, &lb, &tx);
	x->flag = keep(s, lb);
	x->explanation = keep(s, tx);
	if (a->app) {
		flag_texts(a->ctx, e, a->app, &lb, &tx);
		x->flag_applicant = keep(s, lb);
		x->explanation_applicant = keep(s, tx);
	}
}

enum rc_status bundle_index(struct bundle_work *w, struct bundle_index_acc *acc)
{
	const struct rc_bundle_priv *pv = w->p->priv;
	const struct rc_bundle_opts *o = w->o;
	const char *app = *pv->applicant_lang ? pv->applicant_lang : NULL;
	struct strs s = { NULL, 0 };
	struct rc_index ix;
	memset(&ix, 0, sizeof ix);
	enum rc_status st = RC_OK;
	ix.data_dir = rc_op_data_dir();
	ix.court_lang = pv->court_lang;
	ix.applicant_lang = app;
	ix.case_label = w->m->label ? w->m->label : "case";
	ix.court = o->court;
	ix.prepared_by = o->prepared_by;
	char date[16];
	time_t now = rc_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	ix.date = date;
	if (o->since_ts != RC_TS_UNKNOWN || o->until_ts != RC_TS_UNKNOWN) {
		char a[32] = "…", z[32] = "…";
		if (o->since_ts != RC_TS_UNKNOWN)
			rc_time_iso((time_t)o->since_ts, a, sizeof a);
		if (o->until_ts != RC_TS_UNKNOWN)
			rc_time_iso((time_t)o->until_ts, z, sizeof z);
		char per[80];
		snprintf(per, sizeof per, "%.10s – %.10s", a, z);
		ix.period = keep(&s, rc_xstrdup(per));
	}
	ix.signer_fp = w->signing ? w->signer_fp : NULL;
	ix.signer_subject = w->signing ? w->signer_subject : NULL;
	ix.journal_head = w->head;
	ix.n_events = w->events;
	ix.n_flagged = w->flagged;

	struct tally *by_auth = &acc->by_auth, *by_purpose = &acc->by_purpose;
	ix.first = *acc->first ? acc->first : NULL;
	ix.last = *acc->last ? acc->last : NULL;
	ix.flagged = acc->fl;
	ix.n_flagged_shown = acc->nfl;
	tally_sort(by_auth);
	tally_sort(by_purpose);
	char prev[64];
	rc_lang_switch(pv->court_lang, prev, sizeof prev);
	size_t na = by_auth->n < INDEX_ROWS_MAX ? by_auth->n : INDEX_ROWS_MAX;
	struct rc_index_row *ra = rc_xcalloc(na + 1, sizeof *ra);
	for (size_t i = 0; i < na; i++) {
		/* TRANSLATORS: the index of a bundle: an authority or purpose the log does not name. */
		ra[i].cell[0] = by_auth->v[i].key ? by_auth->v[i].key : _("(not recorded)");
		ra[i].cell[1] = by_auth->v[i].key2 ? by_auth->v[i].key2 : "";
		ra[i].cell[2] = num(&s, by_auth->v[i].n);
		ra[i].cell[3] = num(&s, by_auth->v[i].flagged);
	}
	size_t np = by_purpose->n < INDEX_ROWS_MAX ? by_purpose->n : INDEX_ROWS_MAX;
	struct rc_index_row *rp = rc_xcalloc(np + 1, sizeof *rp);
	for (size_t i = 0; i < np; i++) {
		rp[i].cell[0] = by_purpose->v[i].key ? by_purpose->v[i].key : _("(not recorded)");
		rp[i].cell[1] = num(&s, by_purpose->v[i].n);
		rp[i].cell[2] = num(&s, by_purpose->v[i].flagged);
	}
	ix.by_authority = ra;
	ix.n_by_authority = na;
	ix.by_purpose = rp;
	ix.n_by_purpose = np;

	/* the requests, their timelines and files, from the plan */
	struct rc_request_view *rv = NULL;
	size_t nrv = 0;
	struct rc_index_request *rq = NULL;
	size_t nrq = 0;
	if (st == RC_OK && w->p->requests)
		st = rc_op_request_views(w->c, rc_op_today(), &rv, &nrv);
	for (size_t i = 0; st == RC_OK && i < nrv; i++) {
		const struct rc_request_row *r = &rv[i].r;
		char dir[64];
		int dl = snprintf(dir, sizeof dir, "requests/request-%lld/", (long long)r->id);
		struct rc_buf files;
		rc_buf_init(&files);
		bool in = false;
		for (size_t k = 0; k < w->p->n; k++)
			if (!strncmp(w->p->v[k].path, dir, (size_t)dl)) {
				in = true;
				rc_buf_printf(&files, "%sdata/%s", files.len ? "\n" : "", w->p->v[k].path);
			}
		if (!in) {
			rc_buf_free(&files);
			continue;
		}
		rq = rc_xrealloc(rq, (nrq + 1) * sizeof *rq);
		struct rc_index_request *x = &rq[nrq++];
		memset(x, 0, sizeof *x);
		enum rc_request_kind kind;
		enum rc_request_state state;
		const char *kl = r->kind && rc_request_kind_parse(r->kind, &kind) ? rc_request_kind_label(kind) : r->kind;
		const char *sl = r->state && rc_request_state_parse(r->state, &state) ? rc_request_state_label(state)
		                                                                          : r->state;
		char title[300];
		if (r->filed)
			/* TRANSLATORS: the index of a bundle: a request's title; %lld its number, %s its kind, then its day. */
			snprintf(title, sizeof title, _("Request %lld: %s, sent %s"), (long long)r->id, kl ? kl : "?", r->filed);
		else
			/* TRANSLATORS: the index of a bundle: a request not sent yet; %lld its number, %s its kind. */
			snprintf(title, sizeof title, _("Request %lld: %s, not sent yet"), (long long)r->id, kl ? kl : "?");
		x->title = keep(&s, rc_xstrdup(title));
		x->state = sl ? keep(&s, rc_xstrdup(sl)) : NULL;
		x->due = rv[i].due[0] ? keep(&s, rc_xstrdup(rv[i].due)) : NULL;
		x->due_rule = rv[i].d.cite ? keep(&s, rc_xstrdup(rv[i].d.cite)) : NULL;
		struct rc_request_step *steps = NULL;
		size_t ns = 0;
		struct rc_buf tl;
		rc_buf_init(&tl);
		if (rc_case_request_steps(w->c, r->id, &steps, &ns) == RC_OK) {
			for (size_t k = 0; k < ns; k++) {
				enum rc_request_state to;
				const char *tw = steps[k].to_state && rc_request_state_parse(steps[k].to_state, &to)
				                 ? rc_request_state_label(to) : steps[k].to_state;
				rc_buf_printf(&tl, "%s%s  %s%s%s", tl.len ? "\n" : "", steps[k].day ? steps[k].day : "?",
				              tw ? tw : "", steps[k].detail ? ": " : "", steps[k].detail ? steps[k].detail : "");
			}
			rc_request_steps_free(&steps, ns);
		}
		rc_buf_cstr(&tl);
		x->timeline = keep(&s, tl.data ? tl.data : rc_xstrdup(""));
		rc_buf_cstr(&files);
		x->files = keep(&s, files.data);
	}
	rc_request_views_free(&rv, nrv);
	ix.requests = rq;
	ix.n_requests = nrq;

	/* the exports */
	struct rc_export_row *er = NULL;
	size_t ner = 0;
	struct rc_index_row *re = NULL;
	size_t nre = 0;
	if (st == RC_OK && w->p->exports && rc_export_list(w->c, &er, &ner) == RC_OK) {
		re = rc_xcalloc(ner + 1, sizeof *re);
		for (size_t i = 0; i < ner; i++) {
			re[nre].cell[0] = er[i].registry ? keep(&s, rc_xstrdup(er[i].registry)) : "";
			re[nre].cell[1] = er[i].fetched ? keep(&s, rc_xstrdup(er[i].fetched)) : "";
			re[nre].cell[2] = er[i].sha256 ? keep(&s, rc_xstrdup(er[i].sha256)) : "";
			re[nre].cell[3] = er[i].signer ? keep(&s, rc_xstrdup(er[i].signer)) : "";
			/* TRANSLATORS: the index of a bundle: the registry's signature was checked before the export was kept. */
			re[nre].cell[4] = _("verified when downloaded");
			nre++;
		}
		rc_export_rows_free(er, ner);
	}
	ix.exports = re;
	ix.n_exports = nre;

	/* every file, with what it is in the court's language: as written */
	struct rc_index_file *fv = rc_xcalloc(w->nwritten + 1, sizeof *fv);
	size_t nf = 0;
	for (size_t i = 0; i < w->nwritten; i++) {
		const struct bundle_written *x = &w->written[i];
		fv[nf].path = keep(&s, rc_path_join("data", x->path));
		fv[nf].size = x->size;
		fv[nf].sha256 = x->sha256;
		fv[nf].what = x->what_id ? _(x->what_id) : "";
		nf++;
	}
	ix.files = fv;
	ix.n_files = nf;
	if (st == RC_OK)
		st = rc_index_pdf(&ix, &w->index, &w->index_len);
	rc_lang_switch(prev, NULL, 0);
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	free(ra);
	free(rp);
	free(rq);
	free(re);
	free(fv);
	return st;
}
