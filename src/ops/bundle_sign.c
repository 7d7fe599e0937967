/* bundle_sign.c - signing an evidence bundle (doc/bundles.md, "The
 * signature"): the case's certificate signs the journal checkpoint and
 * the bag's tag manifest (CMS, detached, DER: src/net/sign.c); the time
 * stamp authority the office configured (settings: tsa, tsa-cert), when
 * there is one, stamps each signature (RFC 3161: src/net/tsa.c).  The
 * signature and the stamp go where no manifest lists them (signature/),
 * so nothing is circular; the checkpoint's go beside it under data/.
 * And the same files checked in any bag, with nothing but the bag. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

/* ------------------------------------------------------------------ */
/* The case's signing certificate. */

/* Where a certificate is kept: a case, or the office board's folder. */
struct home {
	struct rc_case *c;
	struct rc_office *o;
};

static enum rc_status home_put(struct home h, const char *cert, const char *key, const struct rc_signer_desc *d)
{
	return h.c ? rc_signer_put(h.c, cert, key, d->fp, d->subject) : rc_office_signer_put(h.o, cert, key, d->fp, d->subject);
}

static enum rc_status signer_new(struct home h, const char *name, const char *organization,
	struct rc_signer_desc *desc)
{
	rc_error_clear();
	char *cert = NULL, *key = NULL;
	enum rc_status st = rc_signer_create(name, organization, 3650, &cert, &key);
	if (st == RC_OK)
		st = rc_signer_check(cert, key, desc, NULL, 0);
	if (st == RC_OK)
		st = home_put(h, cert, key, desc);
	free(cert);
	rc_signer_key_free(&key);
	return st;
}

static enum rc_status signer_import(struct home h, const char *cert_pem, const char *key_pem,
	struct rc_signer_desc *desc)
{
	rc_error_clear();
	char why[512];
	enum rc_status st = rc_signer_check(cert_pem, key_pem, desc, why, sizeof why);
	if (st != RC_OK)
		return st;
	return home_put(h, cert_pem, key_pem, desc);
}

static enum rc_status signer_show(struct home h, struct rc_signer_desc *desc, char **cert_pem)
{
	rc_error_clear();
	struct rc_signer s;
	enum rc_status st = h.c ? rc_signer_get(h.c, false, &s) : rc_office_signer_get(h.o, false, &s);
	if (st == RC_NOTFOUND) {
		if (h.c)
			/* TRANSLATORS: keep the command as it is. */
			rc_error_set("%s", _("This case has no certificate to sign bundles with. Make one with \"recourse bundle "
			                     "signer CASE --new\"."));
		else
			/* TRANSLATORS: keep the command as it is. */
			rc_error_set("%s", _("The office has no certificate to sign bundles with. Make one with \"recourse "
			                     "office signer --new\" (or give it with --cert and --key-fd)."));
		return st;
	}
	if (st != RC_OK)
		return st;
	char why[512];
	/* an expired certificate is still described */
	(void)rc_signer_check(s.cert, NULL, desc, why, sizeof why);
	rc_error_clear();
	if (cert_pem) {
		*cert_pem = s.cert;
		s.cert = NULL;
	}
	rc_signer_clear(&s);
	return RC_OK;
}

enum rc_status rc_op_signer_new(struct rc_case *c, const char *name, const char *organization,
	struct rc_signer_desc *desc)
{
	return signer_new((struct home){ c, NULL }, name, organization, desc);
}

enum rc_status rc_op_signer_import(struct rc_case *c, const char *cert_pem, const char *key_pem,
	struct rc_signer_desc *desc)
{
	return signer_import((struct home){ c, NULL }, cert_pem, key_pem, desc);
}

enum rc_status rc_op_signer_show(struct rc_case *c, struct rc_signer_desc *desc, char **cert_pem)
{
	return signer_show((struct home){ c, NULL }, desc, cert_pem);
}

enum rc_status rc_op_office_signer_new(struct rc_office *o, const char *name, struct rc_signer_desc *desc)
{
	return signer_new((struct home){ NULL, o }, name, NULL, desc);
}

enum rc_status rc_op_office_signer_import(struct rc_office *o, const char *cert_pem, const char *key_pem,
	struct rc_signer_desc *desc)
{
	return signer_import((struct home){ NULL, o }, cert_pem, key_pem, desc);
}

enum rc_status rc_op_office_signer_show(struct rc_office *o, struct rc_signer_desc *desc)
{
	return signer_show((struct home){ NULL, o }, desc, NULL);
}

enum rc_status rc_op_signer_from_office(struct rc_case *c, struct rc_office *o, struct rc_signer_desc *desc)
{
	rc_error_clear();
	struct rc_signer s;
	enum rc_status st = rc_office_signer_get(o, true, &s);
	if (st == RC_NOTFOUND)
		return signer_show((struct home){ NULL, o }, desc, NULL); /* says how to make one */
	if (st == RC_OK)
		/* checked again: an expired one is refused here as anywhere */
		st = signer_import((struct home){ c, NULL }, s.cert, s.key, desc);
	rc_signer_clear(&s);
	return st;
}

/* ------------------------------------------------------------------ */
/* Signing while writing. */

/* Stamp sig when a TSA is configured: *tsr (malloc'ed) and the time. */
static enum rc_status stamp(struct bundle_work *w, const void *sig, size_t sn, unsigned char **tsr, size_t *tlen)
{
	*tsr = NULL;
	*tlen = 0;
	if (w->o->no_stamp)
		return RC_OK;
	struct rc_net_settings set;
	rc_op_net_settings(&set);
	if (!set.tsa[0])
		return RC_OK;
	char *tsa_cert = rc_op_tsa_cert();
	struct rc_net_opts no;
	rc_op_net_opts(NULL, &no);
	struct rc_tsa_info info;
	enum rc_status st = rc_tsa_stamp(set.tsa, &no, sig, sn, tsa_cert, &info, tsr, tlen);
	free(tsa_cert);
	if (st == RC_OK) {
		snprintf(w->stamped, sizeof w->stamped, "%s", info.gen_time_text);
	} else {
		char why[1024];
		snprintf(why, sizeof why, "%s", rc_error_detail());
		/* TRANSLATORS: %s is the time stamp authority's address, then why it failed; keep --no-stamp. */
		rc_error_set(_("The time stamp authority %s did not stamp the bundle: %s Nothing was written; try again, "
		               "or write it without a time stamp (--no-stamp)."), set.tsa, why);
		free(*tsr);
		*tsr = NULL;
		*tlen = 0;
	}
	return st;
}

enum rc_status bundle_sign_begin(struct bundle_work *w)
{
	enum rc_status st = rc_signer_get(w->c, true, &w->signer);
	if (st == RC_NOTFOUND)
		return w->o->unsigned_ok ? RC_OK : RC_USAGE;
	if (st != RC_OK)
		return st;
	struct rc_signer_desc desc;
	char why[512];
	st = rc_signer_check(w->signer.cert, w->signer.key, &desc, why, sizeof why);
	if (st != RC_OK) {
		/* TRANSLATORS: %s says what is wrong with the certificate; keep the command. */
		rc_error_set(_("The case's certificate cannot sign: %s Make a new one (recourse bundle signer CASE --new) "
		               "or give the office's."), why);
		return st;
	}
	w->signing = true;
	snprintf(w->signer_fp, sizeof w->signer_fp, "%s", desc.fp);
	snprintf(w->signer_subject, sizeof w->signer_subject, "%s", desc.subject);
	st = rc_cms_sign(w->signer.cert, w->signer.key, w->checkpoint, w->checkpoint_len, &w->checkpoint_sig,
	                 &w->checkpoint_sig_len);
	if (st == RC_OK)
		st = stamp(w, w->checkpoint_sig, w->checkpoint_sig_len, &w->checkpoint_tsr, &w->checkpoint_tsr_len);
	return st;
}

enum rc_status bundle_sign_bag(struct bundle_work *w, struct rc_bag_writer *bw, const char *tm, size_t len)
{
	if (!w->signing)
		return RC_OK;
	unsigned char *sig = NULL, *tsr = NULL;
	size_t sn = 0, tn = 0;
	enum rc_status st = rc_cms_sign(w->signer.cert, w->signer.key, tm, len, &sig, &sn);
	if (st == RC_OK)
		st = rc_bag_write_unlisted(bw, "signature/tagmanifest-sha256.txt.p7s", sig, sn);
	/* the certificate beside it, for openssl cms -verify -CAfile */
	if (st == RC_OK)
		st = rc_bag_write_unlisted(bw, "signature/signer.pem", w->signer.cert, strlen(w->signer.cert));
	if (st == RC_OK)
		st = stamp(w, sig, sn, &tsr, &tn);
	if (st == RC_OK && tsr)
		st = rc_bag_write_unlisted(bw, "signature/tagmanifest-sha256.txt.p7s.tsr", tsr, tn);
	if (st == RC_OK && tsr) {
		char *tsa_cert = rc_op_tsa_cert();
		if (tsa_cert)
			st = rc_bag_write_unlisted(bw, "signature/tsa.pem", tsa_cert, strlen(tsa_cert));
		free(tsa_cert);
	}
	free(sig);
	free(tsr);
	return st;
}

void bundle_work_clear(struct bundle_work *w)
{
	free(w->journal);
	free(w->checkpoint);
	free(w->checkpoint_sig);
	free(w->checkpoint_tsr);
	free(w->index);
	free(w->written);
	rc_signer_clear(&w->signer);
	memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------ */
/* Verifying (bundle_verify.c). */

/* A signature over content in the bag, by the certificate it carries. */
static bool check_sig(struct rc_bundle_verification *v, const struct rc_bag_file *content,
	const struct rc_bag_file *sig, struct rc_bag_sig_info *info)
{
	enum rc_cms_check failed = RC_CMS_NONE;
	if (!content || content->too_big || sig->too_big) {
		/* TRANSLATORS: bundle verify; %s is a file. */
		bundle_check_add(v, RC_BCHK_SIGNATURE, RC_BV_FAILED, sig->path, _("What %s signs is missing or too large "
		                                                                  "to check."), sig->path);
		return false;
	}
	enum rc_status st = rc_cms_check_bag(content->data, content->len, sig->data, sig->len, info, &failed);
	if (st != RC_OK) {
		/* TRANSLATORS: bundle verify; %s is why the signature was refused. */
		bundle_check_add(v, RC_BCHK_SIGNATURE, RC_BV_FAILED, sig->path, _("The signature does not verify: %s"),
		                 rc_error_detail());
		rc_error_clear();
		return false;
	}
	return true;
}

static void check_stamp(struct rc_bundle_verification *v, const struct rc_bag_file *sig, const char *tsr_path)
{
	const struct rc_bag_file *tsr = rc_bag_report_file(&v->bag, tsr_path);
	if (!tsr) {
		/* TRANSLATORS: bundle verify. */
		bundle_check_add(v, RC_BCHK_STAMP, RC_BV_ABSENT, "", "%s", _("The signature has no time stamp."));
		return;
	}
	const struct rc_bag_file *pem = rc_bag_report_file(&v->bag, "signature/tsa.pem");
	struct rc_tsa_info info;
	enum rc_status st = tsr->too_big ? RC_BADREG
	                    : rc_tsa_token_check(tsr->data, tsr->len, sig->data, sig->len,
	                                         pem && !pem->too_big ? (const char *)pem->data : NULL, &info);
	if (st != RC_OK) {
		/* TRANSLATORS: bundle verify; %s is why the time stamp was refused. */
		bundle_check_add(v, RC_BCHK_STAMP, RC_BV_FAILED, tsr->path, _("The time stamp does not verify: %s"),
		                 rc_error_detail());
		rc_error_clear();
		return;
	}
	/* TRANSLATORS: bundle verify; %s: a time, the authority's name, its certificate's fingerprint. */
	bundle_check_add(v, RC_BCHK_STAMP, RC_BV_OK, tsr->path,
	                 _("The signature existed at %s, says the time stamp authority %s (certificate %s)."),
	                 info.gen_time_text, info.tsa_name, info.tsa_fp);
	if (!info.system_trusted)
		/* TRANSLATORS: bundle verify: the TSA is not one the computer knows; not a failure. */
		bundle_check_add(v, RC_BCHK_STAMP, RC_BV_NOTE, tsr->path, "%s",
		                 _("This computer does not know the time stamp authority: compare its certificate's "
		                   "fingerprint with the one the authority publishes."));
}

void bundle_verify_signature(struct rc_bundle_verification *v)
{
	const struct rc_bag_file *sig = rc_bag_report_file(&v->bag, "signature/tagmanifest-sha256.txt.p7s");
	if (!sig) {
		/* TRANSLATORS: bundle verify. */
		bundle_check_add(v, RC_BCHK_SIGNATURE, RC_BV_ABSENT, "", "%s", _("The bag is not signed."));
		return;
	}
	const struct rc_bag_file *tm = rc_bag_report_file(&v->bag, "tagmanifest-sha256.txt");
	struct rc_bag_sig_info info;
	if (!check_sig(v, tm, sig, &info))
		return;
	snprintf(v->signer_fp, sizeof v->signer_fp, "%s", info.signer_fp);
	snprintf(v->signer_subject, sizeof v->signer_subject, "%s", info.signer_subject);
	/* TRANSLATORS: bundle verify; %s: who signed (a certificate's subject), its fingerprint, when. */
	bundle_check_add(v, RC_BCHK_SIGNATURE, RC_BV_OK, sig->path,
	                 _("The signature over the tag manifest is valid: signed by %s (certificate %s) on %s."),
	                 info.signer_subject, info.signer_fp, *info.signed_at ? info.signed_at : "?");
	if (info.self_signed)
		/* TRANSLATORS: bundle verify: a self-signed certificate; not a failure. */
		bundle_check_add(v, RC_BCHK_SIGNATURE, RC_BV_NOTE, sig->path, "%s",
		                 _("The certificate is self-signed: compare its fingerprint with the one on the index's "
		                   "cover and the one the office or counsel gives you."));
	check_stamp(v, sig, "signature/tagmanifest-sha256.txt.p7s.tsr");
}

void bundle_verify_checkpoint_sig(struct rc_bundle_verification *v, const struct rc_bag_file *cp)
{
	const struct rc_bag_file *sig = rc_bag_report_file(&v->bag, "data/journal/checkpoint.json.p7s");
	if (!sig) {
		if (*v->signer_fp)
			/* TRANSLATORS: bundle verify. */
			bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, cp->path, "%s",
			                 _("The bag is signed but its journal checkpoint is not."));
		return;
	}
	struct rc_bag_sig_info info;
	if (!check_sig(v, cp, sig, &info))
		return;
	if (*v->signer_fp && strcmp(info.signer_fp, v->signer_fp)) {
		/* TRANSLATORS: bundle verify; %s is a certificate's fingerprint. */
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, sig->path,
		                 _("The journal checkpoint is signed by another certificate (%s) than the bag."),
		                 info.signer_fp);
		return;
	}
	/* TRANSLATORS: bundle verify; %s is a time. */
	bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_OK, sig->path,
	                 _("The journal checkpoint is signed by the same certificate, on %s."),
	                 *info.signed_at ? info.signed_at : "?");
	const struct rc_bag_file *tsr = rc_bag_report_file(&v->bag, "data/journal/checkpoint.json.p7s.tsr");
	if (tsr)
		check_stamp(v, sig, "data/journal/checkpoint.json.p7s.tsr");
}
