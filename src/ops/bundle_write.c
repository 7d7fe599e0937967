/* bundle_write.c - writing a planned evidence bundle (rc_op_bundle_write;
 * doc/bundles.md): the journal up to a checkpoint, the checkpoint signed,
 * the index, then the bag (src/bundle) with every file streamed from the
 * case, its tag manifest signed and time-stamped, and the bundle recorded
 * in the journal.  Nothing is recorded unless the bag was committed, and
 * a bag that fails is removed by the bag writer. */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

/* ------------------------------------------------------------------ */
/* Streams of the plan's files, opened when the bag writer first reads
 * them and closed at their end (one open at a time). */

struct stream {
	struct rc_case *c;
	const struct rc_bundle_item *it;
	const struct bundle_sel *sel;
	const struct rc_flag_ctx *ctx;
	struct rc_received_reader *rr;
	struct rc_doc_reader *dr;
	struct bundle_gen *g;
	bool opened;
	struct progress *pr;
};

struct progress {
	rc_progress_fn fn;
	void *ud;
	uint64_t done, total;
	double last;
	bool cancelled;
};

static void stream_close(struct stream *s)
{
	rc_received_close(&s->rr);
	rc_doc_reader_close(&s->dr);
	bundle_gen_free(&s->g);
}

static enum rc_status stream_read(void *ctx, unsigned char *buf, size_t cap, size_t *got)
{
	struct stream *s = ctx;
	*got = 0;
	enum rc_status st = RC_OK;
	if (!s->opened) {
		s->opened = true;
		if (s->it->src == SRC_RECEIVED)
			st = rc_received_open(s->c, s->it->ref, &s->rr);
		else if (s->it->src == SRC_DOC)
			st = rc_case_document_open(s->c, s->it->ref, &s->dr);
		else if (s->it->src == SRC_GEN)
			s->g = bundle_gen_new(s->c, (enum bundle_gen_kind)s->it->ref, s->sel, s->ctx);
		if (st != RC_OK)
			return st;
	}
	if (s->rr)
		st = rc_received_read(s->rr, buf, cap, got);
	else if (s->dr)
		st = rc_doc_read(s->dr, buf, cap, got);
	else if (s->g)
		st = bundle_gen_read(s->g, buf, cap, got);
	if (st != RC_OK || *got == 0) {
		stream_close(s);
		return st;
	}
	struct progress *pr = s->pr;
	pr->done += *got;
	double t = rc_mono_ms();
	if (pr->fn && t - pr->last >= 100) {
		pr->last = t;
		if (!pr->fn(pr->ud, pr->done, pr->total)) {
			pr->cancelled = true;
			stream_close(s);
			return RC_CANCELLED;
		}
	}
	return RC_OK;
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
	double t0 = rc_mono_ms(), t_index = 0, t_bag = 0;
	if (st == RC_OK)
		st = bundle_sign_begin(&w);
	if (st == RC_OK) {
		double ti = rc_mono_ms();
		st = bundle_index(&w);
		t_index = rc_mono_ms() - ti;
	}

	/* the entries: the plan's, then the journal, the checkpoint and the index */
	size_t ne = p->n + 6;
	struct rc_bag_entry *e = rc_xcalloc(ne, sizeof *e);
	struct stream *ss = rc_xcalloc(p->n + 1, sizeof *ss);
	struct progress pr = { o->progress, o->progress_ud, 0, 0, 0, false };
	struct rc_flag_ctx ctx;
	bool have_ctx = false;
	if (st == RC_OK) {
		st = rc_op_flag_ctx(c, &ctx);
		have_ctx = st == RC_OK;
	}
	struct bundle_sel sel = { o->since_ts, o->until_ts, o->flagged_only, pv->court_lang,
	                          *pv->applicant_lang ? pv->applicant_lang : NULL, pv->whole ? &pv->kept : NULL };
	size_t k = 0;
	for (size_t i = 0; st == RC_OK && i < p->n; i++) {
		const struct rc_bundle_item *it = &p->v[i];
		e[k].path = it->path;
		e[k].len = it->size;
		if (it->src == SRC_MEM) {
			e[k].data = it->mem;
		} else {
			ss[i] = (struct stream){ c, it, &sel, have_ctx ? &ctx : NULL, NULL, NULL, NULL, false, &pr };
			e[k].read = stream_read;
			e[k].ctx = &ss[i];
		}
		pr.total += it->size;
		k++;
	}
	if (st == RC_OK) {
		e[k++] = (struct rc_bag_entry){ "journal/journal.json", w.journal, w.journal_len, NULL, NULL };
		e[k++] = (struct rc_bag_entry){ "journal/checkpoint.json", w.checkpoint, w.checkpoint_len, NULL, NULL };
		if (w.checkpoint_sig)
			e[k++] = (struct rc_bag_entry){ "journal/checkpoint.json.p7s", w.checkpoint_sig, w.checkpoint_sig_len,
			                                NULL, NULL };
		if (w.checkpoint_tsr)
			e[k++] = (struct rc_bag_entry){ "journal/checkpoint.json.p7s.tsr", w.checkpoint_tsr,
			                                w.checkpoint_tsr_len, NULL, NULL };
		if (w.index)
			e[k++] = (struct rc_bag_entry){ "index.pdf", w.index, w.index_len, NULL, NULL };
		pr.total += w.journal_len + w.checkpoint_len + w.checkpoint_sig_len + w.checkpoint_tsr_len + w.index_len;
	}

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
	double tb = rc_mono_ms();
	if (st == RC_OK)
		st = rc_bag_write(bw, e, k, f, nf);
	t_bag = rc_mono_ms() - tb;
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
	rc_log(RC_LOG_DEBUG, "bundle: write %.0f ms (index %.0f ms, %zu bytes; bag %.0f ms; commit and the rest %.0f ms)",
	       rc_mono_ms() - t0, t_index, w.index_len, t_bag, rc_mono_ms() - t0 - t_index - t_bag);
	if (st == RC_CANCELLED || pr.cancelled)
		rc_error_set("%s", _("The bundle was not written: it was cancelled. Nothing was left at the destination."));
	rc_bag_writer_free(&bw);
	for (size_t i = 0; i < p->n; i++)
		if (ss[i].it)
			stream_close(&ss[i]);
	if (st == RC_OK) {
		r->files = p->n + (k - p->n);
		r->bytes = pr.total;
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
	free(e);
	free(ss);
	if (have_ctx)
		rc_flag_ctx_clear(&ctx);
	bundle_work_clear(&w);
	rc_case_meta_clear(&m);
	return st;
}
