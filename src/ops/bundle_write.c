/* bundle_write.c - writing a planned evidence bundle (rc_op_bundle_write;
 * doc/bundles.md): the journal up to a checkpoint, the checkpoint signed,
 * then the bag (src/bundle) a file at a time: the access log's files made
 * together in one pass over the chosen accesses (which also gathers what
 * the index says of them), the received files and documents streamed
 * from the case, the journal, then the index, which lists every other
 * file with its SHA-256; its tag manifest signed and time-stamped, and
 * the bundle recorded in the journal.  The bag writer hashes and writes
 * on a second thread while this one makes the bytes.  Nothing is
 * recorded unless the bag was committed, and a bag that fails is removed
 * by the bag writer. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

/* ------------------------------------------------------------------ */
/* Progress: bytes given to the bag, against the plan's (partly
 * estimated) total. */

struct progress {
	rc_progress_fn fn;
	void *ud;
	uint64_t done, total;
	double last;
	bool cancelled;
	enum rc_status failed; /* what stopped the pass, when not the person */
};

/* false when the person cancelled */
static bool progress_add(struct progress *pr, uint64_t n)
{
	pr->done += n;
	double t = rc_mono_ms();
	if (!pr->fn || t - pr->last < 100)
		return !pr->cancelled;
	pr->last = t;
	/* the access log's sizes were estimated: never show it done early */
	uint64_t total = pr->total > pr->done ? pr->total : pr->done + pr->done / 50 + 1;
	if (!pr->fn(pr->ud, pr->done, total))
		pr->cancelled = true;
	return !pr->cancelled;
}

/* The other files of the plan (received files, documents, letters, the
 * lists), fed to the bag a piece after each page of accesses: the worker
 * thread then hashes them while this one makes the access log's files,
 * instead of after it. */
struct feeder {
	struct rc_case *c;
	struct rc_bag_writer *bw;
	const struct rc_bundle_plan *p;
	size_t i;                  /* the item being fed, or next */
	struct rc_received_reader *rr;
	struct rc_doc_reader *dr;
	struct rc_bag_out *f;
	unsigned char *buf;
	size_t cap;
	uint64_t per_page;         /* bytes fed after each page of accesses */
	struct progress *pr;
};

static void feeder_close(struct feeder *fd)
{
	rc_received_close(&fd->rr);
	rc_doc_reader_close(&fd->dr);
	fd->f = NULL;
}

/* Up to budget bytes more (UINT64_MAX: the rest). */
static enum rc_status feed(struct feeder *fd, uint64_t budget)
{
	enum rc_status st = RC_OK;
	while (st == RC_OK && budget > 0 && fd->i < fd->p->n) {
		const struct rc_bundle_item *it = &fd->p->v[fd->i];
		if (it->src != SRC_MEM && it->src != SRC_RECEIVED && it->src != SRC_DOC) {
			fd->i++;
			continue;
		}
		if (!fd->f) {
			if (it->src == SRC_RECEIVED)
				st = rc_received_open(fd->c, it->ref, &fd->rr);
			else if (it->src == SRC_DOC)
				st = rc_case_document_open(fd->c, it->ref, &fd->dr);
			if (st == RC_OK)
				st = rc_bag_file_open(fd->bw, it->path, (int64_t)it->size, &fd->f);
			if (st != RC_OK)
				break;
		}
		size_t got = 0;
		if (it->src == SRC_MEM) {
			if (it->size)
				st = rc_bag_file_write(fd->f, it->mem, it->size);
			got = it->size;
		} else {
			size_t want = budget < fd->cap ? (size_t)budget : fd->cap;
			st = fd->rr ? rc_received_read(fd->rr, fd->buf, want, &got) : rc_doc_read(fd->dr, fd->buf, want, &got);
			if (st == RC_OK && got)
				st = rc_bag_file_write(fd->f, fd->buf, got);
		}
		if (st == RC_OK && !progress_add(fd->pr, got))
			st = RC_CANCELLED;
		if (st != RC_OK)
			break;
		budget = budget > got ? budget - got : 0;
		if (it->src == SRC_MEM || !got) {
			st = rc_bag_file_close(fd->f);
			feeder_close(fd);
			fd->i++;
		}
	}
	return st;
}

/* The pass over the accesses: each file's bytes into the bag. */
struct pass_out {
	struct rc_bag_writer *bw;
	struct rc_bag_out *f[8];
	const char *path[8];
	struct progress *pr;
	struct feeder *fd;
};

static enum rc_status pass_out(void *ud, size_t k, const void *bytes, size_t len)
{
	struct pass_out *po = ud;
	enum rc_status st = RC_OK;
	if (!po->f[k])
		st = rc_bag_file_open(po->bw, po->path[k], -1, &po->f[k]);
	if (st == RC_OK)
		st = rc_bag_file_write(po->f[k], bytes, len);
	if (st == RC_OK && !progress_add(po->pr, len))
		st = RC_CANCELLED;
	return st;
}

static bool pass_page(void *ud)
{
	struct pass_out *po = ud;
	enum rc_status st = feed(po->fd, po->fd->per_page);
	if (st != RC_OK) {
		po->fd->pr->failed = st;
		return false;
	}
	return progress_add(po->pr, 0);
}

/* The access log's files of the plan, made in one pass, the other files
 * fed along. */
static enum rc_status write_log(struct bundle_work *w, struct rc_bag_writer *bw, const struct bundle_sel *sel,
	const struct rc_flag_ctx *ctx, struct bundle_index_acc *acc, struct feeder *fd)
{
	const struct rc_bundle_plan *p = w->p;
	enum bundle_gen_kind kinds[8];
	struct pass_out po = { bw, { NULL }, { NULL }, fd->pr, fd };
	size_t nk = 0;
	uint64_t other = 0;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].src == SRC_GEN && nk < 8) {
			kinds[nk] = (enum bundle_gen_kind)p->v[i].ref;
			po.path[nk++] = p->v[i].path;
		} else {
			other += p->v[i].size;
		}
	if (w->o->no_log)
		return RC_OK;
	uint64_t pages = p->events / GEN_PAGE + 1;
	fd->per_page = other / pages + 1;
	struct bundle_pass ps = { pass_out, bundle_index_acc_event, pass_page, &po, acc, 0 };
	uint64_t events[8] = { 0 }, seen = 0;
	enum rc_status st = bundle_gen_pass(w->c, sel, ctx, kinds, nk, &ps, events, &seen);
	if (st == RC_CANCELLED && fd->pr->failed)
		st = fd->pr->failed;
	for (size_t k = 0; k < nk; k++) {
		if (po.f[k] && st == RC_OK)
			st = rc_bag_file_close(po.f[k]);
		if (kinds[k] == GEN_FLAGGED_CSV)
			w->flagged = events[k];
	}
	w->events = seen;
	return st;
}

static enum rc_status write_mem(struct rc_bag_writer *bw, const char *path, const void *data, size_t len,
	struct progress *pr)
{
	struct rc_bag_out *f;
	enum rc_status st = rc_bag_file_open(bw, path, (int64_t)len, &f);
	if (st == RC_OK && len)
		st = rc_bag_file_write(f, data, len);
	if (st == RC_OK)
		st = rc_bag_file_close(f);
	if (st == RC_OK && !progress_add(pr, len))
		st = RC_CANCELLED;
	return st;
}

/* ------------------------------------------------------------------ */
/* The journal up to the checkpoint. */

struct jctx {
	json_t *a;
	int64_t upto;
};

static bool journal_one(void *ud, const struct rc_journal_entry *e)
{
	struct jctx *j = ud;
	if (e->seq > j->upto)
		return false;
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(e->seq));
	json_object_set_new(o, "at", json_string(e->at));
	json_object_set_new(o, "slot", json_string(e->slot ? e->slot : ""));
	json_object_set_new(o, "action", json_string(e->action ? e->action : ""));
	json_t *obj = json_string(e->object ? e->object : "");
	json_object_set_new(o, "object", obj ? obj : json_string(""));
	json_object_set_new(o, "hash", json_string(e->hash));
	json_array_append_new(j->a, o);
	return true;
}

static char *dump(json_t *o, size_t *len)
{
	char *s = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!s)
		return NULL;
	size_t n = strlen(s);
	s = rc_xrealloc(s, n + 2);
	s[n] = '\n';
	s[n + 1] = 0;
	*len = n + 1;
	return s;
}

/* ------------------------------------------------------------------ */

enum rc_status rc_op_bundle_write(struct rc_case *c, const struct rc_bundle_opts *o, struct rc_bundle_plan *p,
	struct rc_bundle_result *r)
{
	memset(r, 0, sizeof *r);
	rc_error_clear();
	struct rc_case_meta m;
	enum rc_status st = rc_case_meta_get(c, &m);
	if (st != RC_OK)
		return st;
	struct bundle_work w;
	memset(&w, 0, sizeof w);
	w.c = c;
	w.o = o;
	w.p = p;
	w.m = &m;
	const struct rc_bundle_priv *pv = p->priv;

	/* the checkpoint: the journal's head now, and the chain up to it */
	char head[65];
	st = rc_journal_head(c, &w.seq, head);
	if (st == RC_OK) {
		snprintf(w.head, sizeof w.head, "%s", head);
		struct jctx j = { json_array(), w.seq };
		st = rc_journal_each(c, journal_one, &j);
		json_t *doc = json_object();
		json_object_set_new(doc, "format", json_string("recourse journal 1"));
		json_object_set_new(doc, "hash", json_string("SHA-256(prev_hash || seq (8 bytes, big-endian) || for each "
		                                             "of at, slot, action, object: length (4 bytes, big-endian) || "
		                                             "bytes); the first prev_hash is 32 zero bytes"));
		json_object_set_new(doc, "entries", j.a);
		w.journal = dump(doc, &w.journal_len);
		char at[32];
		rc_time_iso(rc_now(), at, sizeof at);
		json_t *cp = json_object();
		json_object_set_new(cp, "format", json_string("recourse checkpoint 1"));
		json_object_set_new(cp, "case", json_string(m.label ? m.label : ""));
		json_object_set_new(cp, "seq", json_integer(w.seq));
		json_object_set_new(cp, "head", json_string(w.head));
		json_object_set_new(cp, "at", json_string(at));
		json_object_set_new(cp, "bundle", json_string(p->name));
		w.checkpoint = dump(cp, &w.checkpoint_len);
		if (!w.journal || !w.checkpoint)
			st = RC_NOMEM;
	}
	/* signed (and time-stamped) when the case has a certificate */
	double t0 = rc_mono_ms(), t_log = 0, t_index = 0, t_files = 0;
	if (st == RC_OK)
		st = bundle_sign_begin(&w);
	struct rc_flag_ctx ctx;
	bool have_ctx = false;
	if (st == RC_OK) {
		st = rc_op_flag_ctx(c, &ctx);
		have_ctx = st == RC_OK;
	}
	struct bundle_sel sel = { o->since_ts, o->until_ts, o->flagged_only, pv->court_lang,
	                          *pv->applicant_lang ? pv->applicant_lang : NULL, pv->whole ? &pv->kept : NULL };
	struct progress pr = { o->progress, o->progress_ud, 0, 0, 0, false, RC_OK };
	/* the journal's files, made before the bag */
	const struct { const char *path; const void *data; size_t len; const char *what; } jf[] = {
		/* TRANSLATORS: the index of a bundle: what a file is. */
		{ "journal/journal.json", w.journal, w.journal_len, N_("The case journal up to the checkpoint") },
		/* TRANSLATORS: the index of a bundle: what a file is. */
		{ "journal/checkpoint.json", w.checkpoint, w.checkpoint_len,
		  N_("The journal checkpoint: the journal's last entry and its hash") },
		/* TRANSLATORS: the index of a bundle: what a file is. */
		{ "journal/checkpoint.json.p7s", w.checkpoint_sig, w.checkpoint_sig_len,
		  N_("The checkpoint's signature (CMS, DER)") },
		/* TRANSLATORS: the index of a bundle: what a file is. */
		{ "journal/checkpoint.json.p7s.tsr", w.checkpoint_tsr, w.checkpoint_tsr_len,
		  N_("The time stamp of that signature (RFC 3161)") },
	};
	size_t njf = sizeof jf / sizeof jf[0];
	pr.total = p->bytes;
	uint64_t gen_bytes = 0;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].src == SRC_GEN)
			gen_bytes += p->v[i].size;
	for (size_t i = 0; i < njf; i++)
		pr.total += jf[i].len;

#ifdef RC_TEST_HOOKS
	/* RECOURSE_TEST_BAG_FAIL=BYTES:ENOSPC|EIO: the stick is full, or
	 * pulled, after BYTES (tests/cli/bundle.sh) */
	const char *fail = getenv("RECOURSE_TEST_BAG_FAIL");
	if (fail && strchr(fail, ':'))
		rc_bag_test_fail_after(strtoull(fail, NULL, 10), strstr(fail, ":EIO") ? EIO : ENOSPC);
#endif
	struct rc_bag_writer *bw = NULL;
	if (st == RC_OK)
		st = rc_bag_writer_new(&bw, p->dest, o->format);
	/* room for the payload (the log's files are estimates: a tenth more;
	 * an archive holds them twice until they are copied in), a block
	 * and a header a file, the index and the tag files */
	uint64_t about = pr.total + gen_bytes / 10 + (o->format != RC_BAG_DIR ? gen_bytes : 0) +
	                 (uint64_t)(p->n + 8) * (4096 + 1024 + 300) + ((uint64_t)4 << 20);
	if (st == RC_OK)
		st = rc_bag_begin(bw, about);
	struct bundle_index_acc *acc = bundle_index_acc_new(&w, have_ctx ? &ctx : NULL);
	struct feeder fd = { c, bw, p, 0, NULL, NULL, NULL, rc_xmalloc((size_t)256 << 10), (size_t)256 << 10, 0, &pr };
	double tl = rc_mono_ms();
	if (st == RC_OK)
		st = write_log(&w, bw, &sel, have_ctx ? &ctx : NULL, acc, &fd);
	t_log = rc_mono_ms() - tl;
	double tf = rc_mono_ms();
	if (st == RC_OK)
		st = feed(&fd, UINT64_MAX);
	feeder_close(&fd);
	free(fd.buf);
	for (size_t i = 0; st == RC_OK && i < njf; i++)
		if (jf[i].data)
			st = write_mem(bw, jf[i].path, jf[i].data, jf[i].len, &pr);
	t_files = rc_mono_ms() - tf;
	/* the index: every file written so far, with its SHA-256 */
	if (st == RC_OK) {
		w.written = rc_xcalloc(p->n + njf + 1, sizeof *w.written);
		for (size_t i = 0; st == RC_OK && i < p->n + njf; i++) {
			const char *path = i < p->n ? p->v[i].path : jf[i - p->n].path;
			struct bundle_written *x = &w.written[w.nwritten];
			enum rc_status s2 = rc_bag_file_sha256(bw, path, x->sha256, &x->size);
			if (s2 == RC_NOTFOUND)
				continue; /* planned but empty (original records of no access) */
			st = s2;
			x->path = path;
			x->what_id = i < p->n ? p->v[i].what_id : jf[i - p->n].what;
			w.nwritten++;
		}
	}
	if (st == RC_OK) {
		double ti = rc_mono_ms();
		st = bundle_index(&w, acc);
		t_index = rc_mono_ms() - ti;
	}
	bundle_index_acc_free(&acc);
	if (st == RC_OK && w.index)
		st = write_mem(bw, "index.pdf", w.index, w.index_len, &pr);
	if (pr.cancelled)
		st = RC_CANCELLED;

	/* bag-info.txt */
	char date[16];
	time_t now = rc_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	char *desc = bundle_description(&w);
	char agent[64];
	snprintf(agent, sizeof agent, "recourse %s", PACKAGE_VERSION);
	struct rc_bag_field f[8];
	size_t nf = 0;
	char *org = o->prepared_by ? rc_text_sanitize(o->prepared_by, strlen(o->prepared_by), false) : NULL;
	/* Contact-Name: the person to ask about the bag; without one, who prepared it */
	const char *who = o->contact && *o->contact ? o->contact : o->prepared_by;
	char *contact = who ? rc_text_sanitize(who, strlen(who), false) : NULL;
	if (org && *org)
		f[nf++] = (struct rc_bag_field){ "Source-Organization", org };
	if (contact && *contact)
		f[nf++] = (struct rc_bag_field){ "Contact-Name", contact };
	char ext_id[200];
	snprintf(ext_id, sizeof ext_id, "%s", m.label ? m.label : "case");
	char *ext_clean = rc_text_sanitize(ext_id, strlen(ext_id), false);
	f[nf++] = (struct rc_bag_field){ "External-Identifier", ext_clean };
	f[nf++] = (struct rc_bag_field){ "Bagging-Date", date };
	f[nf++] = (struct rc_bag_field){ "External-Description", desc };
	f[nf++] = (struct rc_bag_field){ "Bag-Software-Agent", agent };

	if (st == RC_OK)
		st = rc_bag_finish(bw, f, nf);
	if (st == RC_OK) {
		const char *tm_text;
		size_t tm_len;
		unsigned char sha[32];
		rc_bag_tagmanifest(bw, &tm_text, &tm_len, sha);
		rc_hex_encode(sha, 32, r->tagmanifest_sha256);
		st = bundle_sign_bag(&w, bw, tm_text, tm_len);
	}
	if (st == RC_OK)
		st = rc_bag_commit(bw);
	rc_log(RC_LOG_DEBUG, "bundle: write %.0f ms (access log and files along %.0f ms; files left %.0f ms; index %.0f ms, %zu bytes; "
	       "the rest %.0f ms)", rc_mono_ms() - t0, t_log, t_files, t_index, w.index_len,
	       rc_mono_ms() - t0 - t_log - t_files - t_index);
	if (st == RC_CANCELLED || pr.cancelled)
		rc_error_set("%s", _("The bundle was not written: it was cancelled. Nothing was left at the destination."));
	rc_bag_writer_free(&bw);
	if (st == RC_OK) {
		r->files = w.nwritten + (w.index ? 1 : 0);
		r->bytes = pr.done;
		snprintf(r->signer_fp, sizeof r->signer_fp, "%s", w.signer_fp);
		snprintf(r->stamped, sizeof r->stamped, "%s", w.stamped);
		struct rc_bundle_rec rec = {
			.name = p->name,
			.format = o->format == RC_BAG_TAR ? "tar" : o->format == RC_BAG_ZIP ? "zip" : "folder",
			.content = p->content ? p->content : "",
			.tagmanifest_sha256 = r->tagmanifest_sha256,
			.files = r->files,
			.bytes = r->bytes,
			.signer = *w.signer_fp ? w.signer_fp : NULL,
			.stamped = *w.stamped ? w.stamped : NULL,
			.checkpoint_seq = w.seq,
			.checkpoint_head = w.head,
			.checkpoint_doc = w.checkpoint,
			.checkpoint_len = w.checkpoint_len,
			.checkpoint_sig = w.checkpoint_sig,
			.checkpoint_sig_len = w.checkpoint_sig_len,
			.checkpoint_stamp = w.checkpoint_tsr,
			.checkpoint_stamp_len = w.checkpoint_tsr_len,
		};
		st = rc_bundle_record(c, &rec, &r->id);
		if (st != RC_OK)
			/* TRANSLATORS: %s is where the bundle was written. */
			rc_error_set(_("The bundle was written to %s, but the case could not record it."), p->dest);
	}
	free(org);
	free(contact);
	free(ext_clean);
	free(desc);
	if (have_ctx)
		rc_flag_ctx_clear(&ctx);
	bundle_work_clear(&w);
	rc_case_meta_clear(&m);
	return st;
}
