/* lang.c - switching the language of the messages while the program
 * runs: the terminal interface's language menu, and an evidence bundle
 * written in a court's language by someone reading another.
 *
 * LANGUAGE plus a new catalog generation, so every _() that follows
 * answers in the new language.  _nl_msg_cat_cntr is GNU gettext's
 * generation counter (what its own manual says to bump after changing
 * LANGUAGE); no header declares it, and this is its one user.  Not for
 * threads: the caller switches where no other thread translates. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "i18n.h"

extern int _nl_msg_cat_cntr;

void rc_lang_switch(const char *code, char *prev, size_t prevlen)
{
	const char *cur = getenv("LANGUAGE");
	if (prev && prevlen)
		snprintf(prev, prevlen, "%s", cur ? cur : "");
	/* the language already in use: nothing to do (and nothing another
	 * thread could see change) */
	if (code && *code && cur && !strcmp(cur, code))
		return;
	if (code && *code)
		setenv("LANGUAGE", code, 1);
	else
		unsetenv("LANGUAGE");
	/* LANGUAGE is ignored under the C locale. */
	const char *loc = setlocale(LC_MESSAGES, NULL);
	if (code && *code && (!loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX")))
		setlocale(LC_ALL, "C.UTF-8");
	++_nl_msg_cat_cntr;
	textdomain(PACKAGE);
}
