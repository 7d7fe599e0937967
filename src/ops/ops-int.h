/* ops-int.h - shared between the files of src/ops only. */
#ifndef RECOURSE_OPS_INT_H
#define RECOURSE_OPS_INT_H

#include "ops.h"

/* profile.c: every access's flags checked again with the case's context
 * as it is now, inside the caller's transaction. */
enum rc_status ops_reflag(struct rc_case *c, rc_progress_fn progress, void *ud);

/* Personal text as typed: cleaned of control and bidi-override
 * characters, at most max bytes (RC_INVALID beyond).  *out NULL when
 * nothing is left. */
enum rc_status ops_clean_text(const char *in, size_t max, char **out);

/* request_flow.c: the office board's fields of one request (due date,
 * its state, the next action), inside the caller's transaction. */
enum rc_status ops_request_board(struct rc_case *c, int64_t id, struct rc_ymd today);

#endif
