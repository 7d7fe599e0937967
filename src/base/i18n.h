/* i18n.h - gettext wrappers used by every part of recourse. */
#ifndef RECOURSE_I18N_H
#define RECOURSE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* pgettext with a context: P_("menu", "Open") */
#define RC_GETTEXT_CTXT_GLUE "\004"
#define P_(ctx, s) rc_pgettext(ctx RC_GETTEXT_CTXT_GLUE s, s)

static inline const char *rc_pgettext(const char *msg_ctxt_id, const char *msgid)
{
	const char *t = dgettext(0, msg_ctxt_id);
	return t == msg_ctxt_id ? msgid : t;
}

#endif
