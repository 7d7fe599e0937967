/* regime_titles.c - the titles of the shipped regimes (data/regimes/), as
 * translatable strings: the files are data and xgettext cannot read them.
 * tests/unit/test_regimes.c fails when a shipped title is missing here. */
#include "config.h"

#include <string.h>

#include "core.h"

static const char *const titles[] = {
	/* TRANSLATORS: names of legal regimes, in the new-case wizard. */
	N_("General Data Protection Regulation (EU)"),
	N_("Eurodac (EU asylum fingerprint database)"),
	N_("Schengen Information System (SIS)"),
	N_("Visa Information System (VIS)"),
	N_("Entry/Exit System (EES)"),
	N_("European Travel Information and Authorisation System (ETIAS)"),
	N_("UK GDPR and Data Protection Act 2018"),
	N_("US Privacy Act and Freedom of Information Act"),
	N_("Canada Privacy Act"),
	NULL
};

const char *rc_regime_title_translated(const char *title)
{
	for (int i = 0; titles[i]; i++)
		if (!strcmp(titles[i], title))
			return _(titles[i]);
	return title; /* a regime file we did not ship: as written */
}

bool rc_regime_title_known(const char *title)
{
	for (int i = 0; titles[i]; i++)
		if (!strcmp(titles[i], title))
			return true;
	return false;
}
