/* bundle.c - an evidence bundle of a case (doc/bundles.md): what the
 * person chose, planned file by file (rc_op_bundle_plan: nothing is
 * written, the sizes are known), then written as a BagIt bag to the place
 * they chose, signed with the case's certificate, time-stamped when an
 * authority is configured, and recorded in the journal with a signed
 * checkpoint of the journal (rc_op_bundle_write).  The bytes come from
 * the case a piece at a time (received files, documents, the access log
 * as CSV and JSON): a bag of a million accesses and 200 MB of documents
 * is never held whole. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "ops-int.h"

/* ------------------------------------------------------------------ */
/* Names. */

/* s as a safe bag name part ([A-Za-z0-9._-], at most max bytes, no
 * leading dot), or fallback when nothing is left. */
static void safe_name(const char *s, size_t max, const char *fallback, char *out, size_t outlen)
{
	size_t n = 0;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && n + 1 < outlen && n < max; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		          *p == '_' || *p == '-';
		if (ok && !(n == 0 && *p == '.')) {
			out[n++] = (char)*p;
			dash = false;
		} else if (n > 0 && !dash) {
			out[n++] = '-';
			dash = true;
		}
	}
	while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '.'))
		n--;
	out[n] = 0;
	if (!n)
		snprintf(out, outlen, "%s", fallback);
}

/* The language the messages are in now ("fr"), for the court's when the
 * person does not name one. */
static void current_lang(char *out, size_t len)
{
	const char *l = getenv("LANGUAGE");
	if (!l || !*l)
		l = setlocale(LC_MESSAGES, NULL);
	if (!l || !*l || !strcmp(l, "C") || !strcmp(l, "POSIX") || !strncmp(l, "C.", 2))
		l = "en";
	size_t n = 0;
	while (l[n] && l[n] != ':' && l[n] != '_' && l[n] != '.' && l[n] != '@' && n + 1 < len)
		n++;
	snprintf(out, len, "%.*s", (int)n, l);
}

/* ------------------------------------------------------------------ */
/* The plan. */

static struct rc_bundle_item *add_item(struct rc_bundle_plan *p, const char *path, enum bundle_src src, int64_t ref,
	uint64_t size, const char *what)
{
	p->v = rc_xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	struct rc_bundle_item *it = &p->v[p->n++];
	memset(it, 0, sizeof *it);
	it->path = rc_xstrdup(path);
	it->src = src;
	it->ref = ref;
	it->size = size;
	it->what_id = what;
	it->what = rc_xstrdup(what ? _(what) : "");
	p->bytes += size;
	return it;
}

static struct rc_bundle_item *add_mem(struct rc_bundle_plan *p, const char *path, char *bytes, size_t len,
	const char *what)
{
	struct rc_bundle_item *it = add_item(p, path, SRC_MEM, 0, len, what);
	it->mem = (unsigned char *)bytes;
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, it->mem, len);
	rc_hex_encode(d, sizeof d, it->sha256);
	return it;
}

static bool has_path(const struct rc_bundle_plan *p, const char *path)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].path, path))
			return true;
	return false;
}

void rc_bundle_plan_free(struct rc_bundle_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].path);
		free(p->v[i].what);
		free(p->v[i].mem);
	}
	free(p->v);
	free(p->name);
	free(p->dest);
	free(p->content);
	free(p->signer_fp);
	if (p->priv)
		free(p->priv->kept.v);
	free(p->priv);
	memset(p, 0, sizeof *p);
}

static char *json_text_of(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!s)
		return rc_xstrdup("{}\n");
	size_t n = strlen(s);
	s = rc_xrealloc(s, n + 2);
	s[n] = '\n';
	s[n + 1] = 0;
	return s;
}

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	return j ? j : json_null();
}

/* The received files of the choice, whole, and the ranges of accesses
 * they hold; received.csv lists them all with their SHA-256. */
static enum rc_status plan_received(struct rc_case *c, const struct rc_bundle_opts *o, bool whole,
	struct rc_bundle_plan *p, struct bundle_ranges *kept)
{
	struct rc_received_row *rows = NULL;
	size_t n = 0;
	enum rc_status st = rc_received_list(c, o->since_ts, o->until_ts, &rows, &n);
	if (st != RC_OK)
		return st;
	struct rc_buf csv;
	rc_buf_init(&csv);
	static const char *const head[] = { "id", "kind", "name", "format", "size", "sha256", "received", "url",
	                                    "first_access", "last_access", "in_bag" };
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) {
		if (i)
			rc_buf_add(&csv, ",", 1);
		rc_buf_addstr(&csv, head[i]);
	}
	rc_buf_add(&csv, "\r\n", 2);
	for (size_t i = 0; i < n; i++) {
		const struct rc_received_row *r = &rows[i];
		char path[300] = "", base[120], id[24], size[24], from[24], to[24];
		if (whole) {
			safe_name(r->name ? strrchr(r->name, '/') ? strrchr(r->name, '/') + 1 : r->name : NULL, 80,
			          r->kind && !strcmp(r->kind, "sync") ? "page.json" : "log", base, sizeof base);
			snprintf(path, sizeof path, "log/received/%04lld-%s", (long long)r->id, base);
			/* TRANSLATORS: what a file of the bag is (the bundle's list). */
			struct rc_bundle_item *it = add_item(p, path, SRC_RECEIVED, r->id, r->size,
			                                     N_("An access log file exactly as it was received"));
			snprintf(it->sha256, sizeof it->sha256, "%s", r->sha256 ? r->sha256 : "");
			p->received_files++;
			if (r->events_from > 0 && r->events_to >= r->events_from) {
				kept->v = rc_xrealloc(kept->v, (kept->n + 1) * sizeof *kept->v);
				kept->v[kept->n++] = (struct bundle_range){ r->events_from, r->events_to };
			}
		}
		snprintf(id, sizeof id, "%lld", (long long)r->id);
		snprintf(size, sizeof size, "%llu", (unsigned long long)r->size);
		snprintf(from, sizeof from, "%lld", (long long)r->events_from);
		snprintf(to, sizeof to, "%lld", (long long)r->events_to);
		char inbag[320];
		snprintf(inbag, sizeof inbag, "%s%s", *path ? "data/" : "", path);
		const char *cells[] = { id, r->kind, r->name, r->format, size, r->sha256, r->at, r->url,
		                        r->events_from ? from : "", r->events_from ? to : "", inbag };
		for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
			if (k)
				rc_buf_add(&csv, ",", 1);
			if (cells[k])
				rc_csv_cell(&csv, cells[k], k == 4 || k == 8 || k == 9);
		}
		rc_buf_add(&csv, "\r\n", 2);
	}
	rc_received_rows_free(rows, n);
	/* ranges sorted (ids grow with each file, but a file adding nothing
	 * new has none) */
	for (size_t i = 1; i < kept->n; i++)
		for (size_t j = i; j > 0 && kept->v[j - 1].from > kept->v[j].from; j--) {
			struct bundle_range t = kept->v[j];
			kept->v[j] = kept->v[j - 1];
			kept->v[j - 1] = t;
		}
	size_t len = csv.len;
	rc_buf_cstr(&csv);
	/* TRANSLATORS: what a file of the bag is. */
	add_mem(p, "log/received.csv", csv.data, len, N_("The list of files received, with their SHA-256"));
	return RC_OK;
}

/* The access log's files, their sizes told from the first page of the
 * chosen accesses (estimated when there are more: exact sizes would
 * cost a pass over a million accesses before the one that writes). */
struct est {
	uint64_t head[8], page[8], tail[8];
	int phase; /* 0 header, 1 the page, 2 the end */
};

static enum rc_status est_out(void *ud, size_t k, const void *bytes, size_t len)
{
	(void)bytes;
	struct est *e = ud;
	(e->phase == 0 ? e->head : e->phase == 1 ? e->page : e->tail)[k] += len;
	return RC_OK;
}

static void est_each(void *ud, const struct rc_event *ev)
{
	(void)ev;
	((struct est *)ud)->phase = 1;
}

static bool est_page(void *ud)
{
	((struct est *)ud)->phase = 2;
	return true;
}

static enum rc_status plan_log(struct rc_case *c, struct rc_bundle_plan *p, const struct bundle_sel *sel,
	const struct rc_flag_ctx *ctx, bool records)
{
	static const enum bundle_gen_kind kinds[] = { GEN_CSV, GEN_NDJSON, GEN_FLAGGED_CSV, GEN_FLAGGED_JSON,
		                                      GEN_RECORDS };
	static const char *const paths[] = { "log/accesses.csv", "log/accesses.ndjson", "log/flagged.csv",
		                             "log/flagged.json", "log/original-records.ndjson" };
	static const char *const whats[] = {
		/* TRANSLATORS: what a file of the bag is. */
		N_("Every access chosen, its fields as recourse read them (CSV)"),
		/* TRANSLATORS: what a file of the bag is. */
		N_("The same accesses as JSON, one a line"),
		/* TRANSLATORS: what a file of the bag is. */
		N_("The flagged accesses, each flag explained (CSV)"),
		/* TRANSLATORS: what a file of the bag is. */
		N_("The same flagged accesses as JSON"),
		/* TRANSLATORS: what a file of the bag is. */
		N_("The original bytes of accesses whose file is not in the bag"),
	};
	size_t nk = records ? 5 : 4;
	/* the counts, exact */
	struct rc_event_filter f;
	bundle_sel_filter(sel, &f);
	double t0 = rc_mono_ms();
	enum rc_status st = rc_events_count(c, &f, &p->events);
	double t1 = rc_mono_ms();
	f.flag = RC_FLAGGED_ANY;
	if (st == RC_OK)
		st = rc_events_count(c, &f, &p->flagged);
	rc_log(RC_LOG_DEBUG, "bundle: plan: count %.0f ms, flagged %.0f ms", t1 - t0, rc_mono_ms() - t1);
	/* the sizes, from the first page */
	struct est e;
	memset(&e, 0, sizeof e);
	struct bundle_pass ps = { est_out, est_each, est_page, &e, &e, 1 };
	uint64_t events[8] = { 0 }, seen = 0;
	if (st == RC_OK)
		st = bundle_gen_pass(c, sel, ctx, kinds, nk, &ps, events, &seen);
	bool exact = seen < GEN_PAGE || seen >= p->events;
	for (size_t k = 0; st == RC_OK && k < nk; k++) {
		uint64_t size = e.head[k] + e.page[k] + e.tail[k];
		if (!exact && seen)
			size = e.head[k] + e.tail[k] + (uint64_t)((double)e.page[k] * ((double)p->events / (double)seen));
		if (kinds[k] == GEN_RECORDS && exact && !size)
			continue;
		struct rc_bundle_item *it = add_item(p, paths[k], SRC_GEN, kinds[k], size, whats[k]);
		it->estimated = !exact;
	}
	return st;
}

/* A letter of request id as a PDF, made in memory (memfd: nothing on disk). */
static char *letter_pdf(struct rc_case *c, int64_t id, size_t *len)
{
	*len = 0;
	int fd = memfd_create("letter", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct rc_letter_opts lo = { .pdf = true };
	char *out = NULL;
	if (rc_op_request_letter(c, id, &lo, fd) == RC_OK) {
		struct stat sb;
		if (fstat(fd, &sb) == 0 && sb.st_size > 0 && lseek(fd, 0, SEEK_SET) == 0) {
			out = rc_xmalloc((size_t)sb.st_size);
			size_t got = 0;
			while (got < (size_t)sb.st_size) {
				ssize_t k = read(fd, out + got, (size_t)sb.st_size - got);
				if (k < 0 && errno == EINTR)
					continue;
				if (k <= 0)
					break;
				got += (size_t)k;
			}
			if (got == (size_t)sb.st_size) {
				*len = got;
			} else {
				free(out);
				out = NULL;
			}
		}
	}
	close(fd);
	rc_error_clear();
	return out;
}

static bool wanted(int64_t id, const int64_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static void doc_path(const struct rc_document *d, const char *dir, char *out, size_t len)
{
	char base[100];
	safe_name(d->name, 80, "document", base, sizeof base);
	snprintf(out, len, "%s/doc-%lld-%s", dir, (long long)d->id, base);
}

static const struct rc_document *doc_find(const struct rc_document *docs, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (docs[i].id == id)
			return &docs[i];
	return NULL;
}

static enum rc_status plan_requests(struct rc_case *c, const struct rc_bundle_opts *o, struct rc_bundle_plan *p,
	const struct rc_document *docs, size_t ndocs, bool *doc_used)
{
	struct rc_request_view *v = NULL;
	size_t n = 0;
	enum rc_status st = rc_op_request_views(c, rc_op_today(), &v, &n);
	if (st != RC_OK)
		return st;
	for (size_t k = 0; k < o->n_requests; k++) {
		bool there = false;
		for (size_t i = 0; i < n; i++)
			there = there || v[i].r.id == o->requests[k];
		if (!there) {
			/* TRANSLATORS: %lld is a request's number. */
			rc_error_set(_("There is no request with the number %lld."), (long long)o->requests[k]);
			rc_request_views_free(&v, n);
			return RC_NOTFOUND;
		}
	}
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		const struct rc_request_row *r = &v[i].r;
		if (!o->all_requests && !wanted(r->id, o->requests, o->n_requests))
			continue;
		char dir[64], path[300];
		snprintf(dir, sizeof dir, "requests/request-%lld", (long long)r->id);
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(r->id));
		json_object_set_new(j, "kind", jstr(r->kind));
		json_object_set_new(j, "regime", jstr(r->regime));
		json_object_set_new(j, "state", jstr(r->state));
		json_object_set_new(j, "channel", jstr(r->channel));
		json_object_set_new(j, "filed", jstr(r->filed));
		json_object_set_new(j, "received", jstr(r->received));
		json_object_set_new(j, "answered", jstr(r->answered));
		json_object_set_new(j, "answer", jstr(r->answer));
		json_object_set_new(j, "about", jstr(r->about));
		json_object_set_new(j, "correct_value", jstr(r->correct_value));
		json_object_set_new(j, "due", jstr(v[i].due[0] ? v[i].due : NULL));
		json_object_set_new(j, "due_rule", jstr(v[i].d.cite));
		json_object_set_new(j, "due_uncertain", json_boolean(v[i].d.uncertain));
		json_object_set_new(j, "due_explained", jstr(v[i].explain));
		json_object_set_new(j, "registry_status", jstr(r->remote_status));
		json_object_set_new(j, "registry_expected_by", jstr(r->expected_by));
		json_object_set_new(j, "follows", r->follows ? json_integer(r->follows) : json_null());
		json_object_set_new(j, "relation", jstr(r->relation));
		struct rc_request_step *steps = NULL;
		size_t ns = 0;
		st = rc_case_request_steps(c, r->id, &steps, &ns);
		json_t *tl = json_array();
		int64_t *evs = NULL, *dids = NULL;
		size_t nev = 0, nd = 0;
		if (st == RC_OK)
			st = rc_case_request_links(c, r->id, &evs, &nev, &dids, &nd);
		json_t *files = json_array();
		for (size_t s = 0; st == RC_OK && s < ns; s++) {
			json_t *sj = json_object();
			json_object_set_new(sj, "day", jstr(steps[s].day));
			json_object_set_new(sj, "recorded", jstr(steps[s].at));
			json_object_set_new(sj, "by", jstr(steps[s].slot));
			json_object_set_new(sj, "from", jstr(steps[s].from_state));
			json_object_set_new(sj, "to", jstr(steps[s].to_state));
			json_object_set_new(sj, "detail", jstr(steps[s].detail));
			const struct rc_document *d = steps[s].document ? doc_find(docs, ndocs, steps[s].document) : NULL;
			if (d) {
				doc_path(d, dir, path, sizeof path);
				json_object_set_new(sj, "document", json_string(path));
				if (!has_path(p, path)) {
					/* TRANSLATORS: what a file of the bag is. */
					struct rc_bundle_item *it = add_item(p, path, SRC_DOC, d->id, d->size,
					                                     N_("A document of the request"));
					snprintf(it->sha256, sizeof it->sha256, "%s", d->sha256 ? d->sha256 : "");
					json_array_append_new(files, json_string(path));
				}
				doc_used[d - docs] = true;
			}
			json_array_append_new(tl, sj);
		}
		for (size_t k = 0; st == RC_OK && k < nd; k++) {
			const struct rc_document *d = doc_find(docs, ndocs, dids[k]);
			if (!d)
				continue;
			doc_path(d, dir, path, sizeof path);
			if (!has_path(p, path)) {
				struct rc_bundle_item *it = add_item(p, path, SRC_DOC, d->id, d->size,
				                                     N_("A document of the request"));
				snprintf(it->sha256, sizeof it->sha256, "%s", d->sha256 ? d->sha256 : "");
				json_array_append_new(files, json_string(path));
			}
			doc_used[d - docs] = true;
		}
		json_t *ea = json_array();
		for (size_t k = 0; k < nev; k++)
			json_array_append_new(ea, json_integer(evs[k]));
		json_object_set_new(j, "accesses", ea);
		json_object_set_new(j, "timeline", tl);
		free(evs);
		free(dids);
		rc_request_steps_free(&steps, ns);
		size_t plen = 0;
		char *pdf = st == RC_OK ? letter_pdf(c, r->id, &plen) : NULL;
		if (pdf) {
			snprintf(path, sizeof path, "%s/letter.pdf", dir);
			/* TRANSLATORS: what a file of the bag is. */
			add_mem(p, path, pdf, plen, N_("The request's letter, as recourse writes it"));
			json_array_append_new(files, json_string(path));
		}
		json_object_set_new(j, "files", files);
		char *text = json_text_of(j);
		snprintf(path, sizeof path, "%s/request.json", dir);
		/* TRANSLATORS: what a file of the bag is. */
		add_mem(p, path, text, strlen(text), N_("The request, its deadline and its timeline"));
		p->requests++;
	}
	rc_request_views_free(&v, n);
	return st;
}

static enum rc_status plan_exports(struct rc_case *c, struct rc_bundle_plan *p)
{
	struct rc_export_row *rows = NULL;
	size_t n = 0;
	enum rc_status st = rc_export_list(c, &rows, &n);
	for (size_t i = 0; st == RC_OK && i < n; i++) {
		struct rc_export_row row;
		void *bytes = NULL, *sig = NULL;
		size_t bn = 0, sn = 0;
		st = rc_export_get(c, rows[i].id, &row, &bytes, &bn, &sig, &sn);
		if (st != RC_OK)
			break;
		char base[100], path[300];
		safe_name(row.name, 80, "export.json", base, sizeof base);
		snprintf(path, sizeof path, "exports/export-%lld/%s", (long long)row.id, base);
		/* TRANSLATORS: what a file of the bag is. */
		add_mem(p, path, bytes, bn, N_("A registry's signed export, exactly as downloaded"));
		snprintf(path, sizeof path, "exports/export-%lld/%s.p7s", (long long)row.id, base);
		/* TRANSLATORS: what a file of the bag is. */
		add_mem(p, path, sig, sn, N_("The registry's signature of that export (CMS, DER)"));
		/* the certificate the registry's exports must be signed with,
		 * so the bag's reader can check the signature without the case */
		struct rc_registry reg;
		if (row.registry && rc_op_registry_get(c, row.registry, &reg) == RC_OK) {
			if (reg.signing_cert && *reg.signing_cert) {
				snprintf(path, sizeof path, "exports/export-%lld/registry-certificate.pem", (long long)row.id);
				/* TRANSLATORS: what a file of the bag is. */
				add_mem(p, path, rc_xstrdup(reg.signing_cert), strlen(reg.signing_cert),
				        N_("The registry's certificate its exports must be signed with"));
			}
			rc_registry_clear(&reg);
		}
		rc_error_clear();
		json_t *j = json_object();
		json_object_set_new(j, "registry", jstr(row.registry));
		json_object_set_new(j, "downloaded", jstr(row.fetched));
		json_object_set_new(j, "file", jstr(base));
		json_object_set_new(j, "sha256", jstr(row.sha256));
		json_object_set_new(j, "signer", jstr(row.signer));
		json_object_set_new(j, "signed_at", jstr(row.signed_at));
		char *text = json_text_of(j);
		snprintf(path, sizeof path, "exports/export-%lld/export-info.json", (long long)row.id);
		/* TRANSLATORS: what a file of the bag is. */
		add_mem(p, path, text, strlen(text), N_("Where the export came from and who signed it"));
		rc_export_row_clear(&row);
		p->exports++;
	}
	rc_export_rows_free(rows, n);
	return st;
}

enum rc_status rc_op_bundle_plan(struct rc_case *c, const struct rc_bundle_opts *o, struct rc_bundle_plan *p)
{
	double t0 = rc_mono_ms();
	memset(p, 0, sizeof *p);
	rc_error_clear();
	if (!o->dest_dir || !*o->dest_dir) {
		rc_error_set("%s", _("Say where the bundle goes (a folder, for example on a USB stick)."));
		return RC_USAGE;
	}
	struct stat sb;
	if (stat(o->dest_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		/* TRANSLATORS: %s is a folder. */
		rc_error_set(_("The folder %s does not exist (is the USB stick plugged in?)."), o->dest_dir);
		return RC_IO;
	}
	if (o->since_ts != RC_TS_UNKNOWN && o->until_ts != RC_TS_UNKNOWN && o->since_ts > o->until_ts) {
		rc_error_set("%s", _("The period ends before it begins."));
		return RC_INVALID;
	}
	struct rc_case_meta m;
	enum rc_status st = rc_case_meta_get(c, &m);
	if (st != RC_OK)
		return st;
	/* the name */
	char name[200], stem[160], day[16];
	time_t now = rc_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y%m%d", &tm);
	const char *ext = o->format == RC_BAG_TAR ? ".tar" : o->format == RC_BAG_ZIP ? ".zip" : "";
	if (o->name) {
		if (!rc_bag_path_ok(o->name) || strchr(o->name, '/')) {
			rc_error_set("%s", _("A bundle's name may hold only letters A-Z and a-z, digits, '.', '_' and '-'."));
			rc_case_meta_clear(&m);
			return RC_INVALID;
		}
		snprintf(name, sizeof name, "%s", o->name);
	} else {
		char label[80];
		safe_name(m.label, 60, "case", label, sizeof label);
		snprintf(stem, sizeof stem, "%s-bundle-%s", label, day);
		snprintf(name, sizeof name, "%s", stem);
	}
	size_t dl = strlen(o->dest_dir) + strlen(name) + 16;
	p->dest = rc_xmalloc(dl);
	for (int k = 1;; k++) {
		snprintf(p->dest, dl, "%s/%s%s", o->dest_dir, name, ext);
		if (lstat(p->dest, &sb) != 0)
			break;
		if (o->name || k > 99) {
			/* TRANSLATORS: %s is a file or folder. */
			rc_error_set(_("%s is there already; nothing was written over it."), p->dest);
			rc_case_meta_clear(&m);
			rc_bundle_plan_free(p);
			return RC_EXISTS;
		}
		snprintf(name, sizeof name, "%s-%d", stem, k + 1);
	}
	p->name = rc_xstrdup(name);
	/* the signer */
	struct rc_signer sg;
	st = rc_signer_get(c, false, &sg);
	if (st == RC_OK) {
		p->signing = true;
		p->signer_fp = rc_xstrdup(sg.fingerprint);
		rc_signer_clear(&sg);
	} else if (st == RC_NOTFOUND) {
		st = RC_OK;
		if (!o->unsigned_ok) {
			/* TRANSLATORS: keep the commands as they are. */
			rc_error_set("%s", _("This case has no certificate to sign bundles with. Make one with "
			                     "\"recourse bundle signer CASE --new\" (or give the office's with --cert and "
			                     "--key-fd), or write the bundle unsigned with --unsigned."));
			st = RC_USAGE;
		}
	}
	char court_lang[16];
	if (o->court_lang && *o->court_lang)
		snprintf(court_lang, sizeof court_lang, "%s", o->court_lang);
	else
		current_lang(court_lang, sizeof court_lang);
	struct rc_flag_ctx ctx;
	bool have_ctx = false;
	if (st == RC_OK) {
		st = rc_op_flag_ctx(c, &ctx);
		have_ctx = st == RC_OK;
	}
	p->priv = rc_xcalloc(1, sizeof *p->priv);
	struct bundle_ranges *kept = &p->priv->kept;
	bool part = o->since_ts != RC_TS_UNKNOWN || o->until_ts != RC_TS_UNKNOWN || o->flagged_only;
	struct bundle_sel sel = { o->since_ts, o->until_ts, o->flagged_only, court_lang,
	                          o->applicant_lang && strcmp(o->applicant_lang, court_lang) ? o->applicant_lang : NULL,
	                          NULL };
	if (st == RC_OK && !o->no_log) {
		bool whole = !part || o->whole_files;
		st = plan_received(c, o, whole, p, kept);
		p->priv->whole = whole;
		sel.kept = whole ? kept : NULL;
		/* the original bytes of accesses no file in the bag holds: only
		 * when there are some */
		uint64_t unkept = 1;
		double tu = rc_mono_ms();
		if (st == RC_OK && whole)
			st = rc_received_count_unkept(c, &unkept);
		rc_log(RC_LOG_DEBUG, "bundle: plan: unkept %.0f ms", rc_mono_ms() - tu);
		if (st == RC_OK)
			st = plan_log(c, p, &sel, &ctx, unkept > 0);
	}
	struct rc_document *docs = NULL;
	size_t ndocs = 0;
	if (st == RC_OK)
		st = rc_case_documents(c, &docs, &ndocs);
	bool *doc_used = rc_xcalloc(ndocs + 1, sizeof *doc_used);
	if (st == RC_OK && (o->all_requests || o->n_requests))
		st = plan_requests(c, o, p, docs, ndocs, doc_used);
	if (st == RC_OK && !o->no_exports)
		st = plan_exports(c, p);
	for (size_t k = 0; st == RC_OK && k < o->n_documents; k++)
		if (!doc_find(docs, ndocs, o->documents[k])) {
			/* TRANSLATORS: error detail; %lld is a document number. */
			rc_error_set(_("There is no document with the number %lld."), (long long)o->documents[k]);
			st = RC_NOTFOUND;
		}
	for (size_t i = 0; st == RC_OK && i < ndocs; i++) {
		if (doc_used[i] || !(o->all_documents || wanted(docs[i].id, o->documents, o->n_documents)))
			continue;
		char path[300];
		doc_path(&docs[i], "documents", path, sizeof path);
		/* TRANSLATORS: what a file of the bag is. */
		struct rc_bundle_item *it = add_item(p, path, SRC_DOC, docs[i].id, docs[i].size,
		                                     N_("A document kept in the case"));
		snprintf(it->sha256, sizeof it->sha256, "%s", docs[i].sha256 ? docs[i].sha256 : "");
		p->documents++;
	}
	for (size_t i = 0; i < ndocs; i++)
		if (doc_used[i])
			p->documents++;
	free(doc_used);
	rc_documents_free(&docs, ndocs);
	snprintf(p->priv->court_lang, sizeof p->priv->court_lang, "%s", court_lang);
	snprintf(p->priv->applicant_lang, sizeof p->priv->applicant_lang, "%s",
	         sel.applicant_lang ? sel.applicant_lang : "");
	if (have_ctx)
		rc_flag_ctx_clear(&ctx);
	/* the choice in words, for the journal */
	if (st == RC_OK) {
		struct rc_buf b;
		rc_buf_init(&b);
		if (o->no_log)
			rc_buf_addstr(&b, "no access log");
		else
			rc_buf_printf(&b, "%s accesses (%llu, %llu flagged)%s", o->flagged_only ? "flagged" : "all",
			              (unsigned long long)p->events, (unsigned long long)p->flagged,
			              part ? "" : ", received files whole");
		if (o->since_ts != RC_TS_UNKNOWN || o->until_ts != RC_TS_UNKNOWN) {
			char a[32] = "-", z[32] = "-";
			if (o->since_ts != RC_TS_UNKNOWN)
				rc_time_iso((time_t)o->since_ts, a, sizeof a);
			if (o->until_ts != RC_TS_UNKNOWN)
				rc_time_iso((time_t)o->until_ts, z, sizeof z);
			rc_buf_printf(&b, " from %s to %s", a, z);
		}
		rc_buf_printf(&b, "; %llu requests, %llu documents, %llu exports; index in %s%s%s",
		              (unsigned long long)p->requests, (unsigned long long)p->documents,
		              (unsigned long long)p->exports, court_lang, sel.applicant_lang ? " and " : "",
		              sel.applicant_lang ? sel.applicant_lang : "");
		rc_buf_cstr(&b);
		p->content = b.data;
	}
	rc_case_meta_clear(&m);
	rc_log(RC_LOG_DEBUG, "bundle: plan %.0f ms (%zu files, %llu bytes)", rc_mono_ms() - t0, p->n,
	       (unsigned long long)p->bytes);
	if (st != RC_OK) {
		char keep[1024];
		snprintf(keep, sizeof keep, "%s", rc_error_detail());
		rc_bundle_plan_free(p);
		if (*keep)
			rc_error_set("%s", keep);
	}
	return st;
}
