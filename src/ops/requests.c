/* requests.c - requests to authorities, as far as the access-log flags
 * need them; each change and the flags it moves in one transaction. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops-int.h"

static enum rc_status date_of(const char *in, const char *what, char norm[32])
{
	int64_t ts;
	if (in && rc_date_parse(in, &ts, norm, 32))
		return RC_OK;
	char *shown = rc_text_sanitize(in ? in : "", in ? strlen(in) : 0, false);
	/* TRANSLATORS: error detail; %1$s names the date (its option), %2$s what was typed. */
	rc_error_set(_("%1$s: \"%2$s\" is not a date. Write it like 2024-05-22."), what, shown);
	free(shown);
	return RC_INVALID;
}

enum rc_status rc_op_request_add(struct rc_case *c, const struct rc_request_in *in,
	rc_progress_fn progress, void *ud, int64_t *id)
{
	rc_error_clear();
	enum rc_request_kind kind;
	if (!in->kind || !rc_request_kind_parse(in->kind, &kind)) {
		char *list = rc_request_kind_list();
		/* TRANSLATORS: error detail; %s lists the kinds ("access, rectification, ..."). */
		rc_error_set(_("The kind of request must be one of: %s."), list);
		free(list);
		return RC_INVALID;
	}
	char filed[32], confirmed[32];
	enum rc_status st = date_of(in->filed, "--filed", filed);
	if (st == RC_OK && in->confirmed && *in->confirmed)
		st = date_of(in->confirmed, "--confirmed", confirmed);
	char *regime = NULL, *addressee = NULL;
	if (st == RC_OK && in->regime && *in->regime) {
		st = rc_op_profile_check(RC_PF_REGIMES, in->regime, &regime);
		if (st == RC_OK && regime && strchr(regime, ',')) {
			rc_error_set("%s", _("A request is made under one legal regime."));
			st = RC_INVALID;
		}
	}
	if (st == RC_OK)
		st = ops_clean_text(in->addressee, 500, &addressee);
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		st = rc_case_request_add(c, rc_request_kind_id(kind), regime, filed,
			in->confirmed && *in->confirmed ? confirmed : NULL, addressee, id);
		if (st == RC_OK)
			st = ops_reflag(c, progress, ud);
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	free(regime);
	free(addressee);
	return st;
}

enum rc_status rc_op_request_confirm(struct rc_case *c, int64_t id, const char *date,
	rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	char d[32];
	enum rc_status st = date_of(date, "--confirmed", d);
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		st = rc_case_request_confirm(c, id, d);
		if (st == RC_OK)
			st = ops_reflag(c, progress, ud);
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	return st;
}
