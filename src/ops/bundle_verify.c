/* bundle_verify.c - checking an evidence bundle made here or anywhere
 * (rc_op_bundle_verify; doc/bundles.md, "Verification"): the bag (src/
 * bundle: structure, every checksum, Payload-Oxum, files altered, added
 * or removed), its signature over the tag manifest and the time stamp
 * over that signature, each registry export's signature, the journal's
 * chain, and the signed checkpoint against that chain.  Each check says
 * what it found in words; none needs the case. */
#include "config.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

/* Files read whole for the checks beyond the bag's, at most this big. */
#define KEEP_MAX ((size_t)64 << 20)

static const char *const keep[] = { "signature/", "journal/", "data/journal/", "data/exports/", "tagmanifest-sha256.txt",
	                             NULL };

const char *rc_bundle_check_name(enum rc_bundle_check_kind k)
{
	static const char *const names[] = { "bag", "signature", "time-stamp", "export", "journal", "checkpoint" };
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void bundle_check_add(struct rc_bundle_verification *v, enum rc_bundle_check_kind k, enum rc_bundle_verdict verdict,
	const char *path, const char *fmt, ...)
{
	v->v = rc_xrealloc(v->v, (v->n + 1) * sizeof *v->v);
	struct rc_bundle_check *c = &v->v[v->n++];
	c->kind = k;
	c->verdict = verdict;
	c->path = rc_xstrdup(path ? path : "");
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->text = rc_xstrdup(buf);
	if (verdict == RC_BV_FAILED)
		v->valid = false;
}

void rc_bundle_verification_free(struct rc_bundle_verification *v)
{
	rc_bag_report_free(&v->bag);
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].path);
		free(v->v[i].text);
	}
	free(v->v);
	memset(v, 0, sizeof *v);
}

/* ------------------------------------------------------------------ */
/* The journal's chain, and the checkpoint against it. */

static void check_journal(struct rc_bundle_verification *v)
{
	const struct rc_bag_file *jf = rc_bag_report_file(&v->bag, "data/journal/journal.json");
	const struct rc_bag_file *cf = rc_bag_report_file(&v->bag, "data/journal/checkpoint.json");
	if (!jf && !cf) {
		/* TRANSLATORS: bundle verify; the bag holds no copy of a case journal (a bag made by another program). */
		bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_ABSENT, "", "%s", _("The bag holds no case journal."));
		return;
	}
	struct rc_journal_check jc;
	rc_journal_check_texts(jf && !jf->too_big ? (const char *)jf->data : NULL, jf ? jf->len : 0,
	                       cf && !cf->too_big ? (const char *)cf->data : NULL, cf ? cf->len : 0, &jc);
	const char *jp = "data/journal/journal.json", *cpath = "data/journal/checkpoint.json";
	if (!jf || jf->too_big)
		bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_FAILED, jp, "%s",
		                 _("The case journal is missing from the bag or too large to read."));
	else if (!jc.journal_read)
		bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_FAILED, jp, "%s", _("The case journal in the bag cannot be read."));
	else if (jc.chain_ok)
		/* TRANSLATORS: bundle verify; %lld is a number of journal entries. */
		bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_OK, jp, _("The case journal's %lld entries form an unbroken "
		                                                     "chain: none was changed, removed or put in between."),
		                 (long long)jc.entries);
	else
		/* TRANSLATORS: bundle verify; %lld is the entry's number. */
		bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_FAILED, jp,
		                 _("The case journal's chain is broken at entry %lld: an entry was changed, removed or "
		                   "put in between."), (long long)jc.broken_at);
	if (!cf || cf->too_big) {
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, cpath, "%s",
		                 _("The journal checkpoint is missing from the bag."));
		return;
	}
	if (!jc.checkpoint_read)
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, cpath, "%s", _("The journal checkpoint cannot be read."));
	else if (!jc.checkpoint_ok)
		/* TRANSLATORS: bundle verify; %lld is an entry's number, %s a hash. */
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, cpath,
		                 _("The journal checkpoint (entry %lld, %s) does not match the journal in the bag."),
		                 (long long)jc.checkpoint_seq, jc.checkpoint_head);
	else
		/* TRANSLATORS: bundle verify; %lld is an entry's number, %s a hash. */
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_OK, cpath,
		                 _("The journal checkpoint matches the journal in the bag: entry %lld, head %s."),
		                 (long long)jc.checkpoint_seq, jc.checkpoint_head);
	bundle_verify_checkpoint_sig(v, cf);
}

/* ------------------------------------------------------------------ */
/* Each registry export: its signature, with the registry's certificate
 * shipped beside it. */

static void check_exports(struct rc_bundle_verification *v)
{
	for (size_t i = 0; i < v->bag.nkept; i++) {
		const struct rc_bag_file *sig = &v->bag.kept[i];
		size_t pl = strlen(sig->path);
		if (strncmp(sig->path, "data/exports/", 13) || pl < 5 || strcmp(sig->path + pl - 4, ".p7s"))
			continue;
		char content_path[1100], cert_path[1100];
		snprintf(content_path, sizeof content_path, "%.*s", (int)(pl - 4), sig->path);
		const char *slash = strrchr(sig->path, '/');
		snprintf(cert_path, sizeof cert_path, "%.*sregistry-certificate.pem", (int)(slash - sig->path + 1),
		         sig->path);
		const struct rc_bag_file *content = rc_bag_report_file(&v->bag, content_path);
		const struct rc_bag_file *cert = rc_bag_report_file(&v->bag, cert_path);
		if (!content || content->too_big || sig->too_big) {
			/* TRANSLATORS: bundle verify; %s is a file in the bag. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_FAILED, sig->path, _("The export this signature is for (%s) is missing "
			                                                  "or too large to check."), content_path);
			continue;
		}
		if (!cert || cert->too_big) {
			/* TRANSLATORS: bundle verify. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_NOTE, content_path, "%s",
			    _("The registry's certificate is not in the bag, so this export's signature was not checked."));
			continue;
		}
		struct rc_cms_info info;
		enum rc_cms_check failed = RC_CMS_NONE;
		enum rc_status st = rc_cms_verify(content->data, content->len, sig->data, sig->len, (const char *)cert->data,
		                                  &info, &failed);
		if (st == RC_OK)
			/* TRANSLATORS: bundle verify; %s: the certificate's fingerprint, then its subject. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_OK, content_path,
			    _("The registry's signature over this export is valid (certificate %s, %s)."), info.signer_fp,
			    info.signer_subject);
		else
			/* TRANSLATORS: bundle verify; %s is why the signature was refused. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_FAILED, content_path, _("The registry's signature over this export does "
			                                                     "not verify: %s"), rc_error_detail());
		rc_error_clear();
	}
}

enum rc_status rc_op_bundle_verify(const char *path, struct rc_bundle_verification *out)
{
	memset(out, 0, sizeof *out);
	rc_error_clear();
	out->valid = true;
	enum rc_status st = rc_bag_verify_keep(path, keep, KEEP_MAX, &out->bag);
	if (st != RC_OK)
		return st;
	if (out->bag.valid)
		/* TRANSLATORS: bundle verify; %llu: files, then bytes. */
		bundle_check_add(out, RC_BCHK_BAG, RC_BV_OK, "", _("The bag is complete and unaltered: %llu files, %llu bytes, every "
		                                     "SHA-256 and SHA-512 checksum matches."),
		    (unsigned long long)out->bag.payload_files, (unsigned long long)out->bag.payload_bytes);
	else
		for (size_t i = 0; i < out->bag.n; i++)
			if (out->bag.v[i].kind != RC_BAG_OK)
				bundle_check_add(out, RC_BCHK_BAG, RC_BV_FAILED, out->bag.v[i].path, "%s", rc_bag_kind_text(out->bag.v[i].kind));
	bool readable = true;
	for (size_t i = 0; i < out->bag.n; i++)
		if (out->bag.v[i].kind == RC_BAG_NOT_A_BAG || out->bag.v[i].kind == RC_BAG_UNREADABLE ||
		    out->bag.v[i].kind == RC_BAG_TRUNCATED)
			readable = false;
	if (!readable)
		return RC_OK;
	bundle_verify_signature(out);
	check_exports(out);
	check_journal(out);
	return RC_OK;
}
