/* ops-int.h - shared between the files of src/ops only. */
#ifndef RECOURSE_OPS_INT_H
#define RECOURSE_OPS_INT_H

#include "ops.h"

/* profile.c: every access's flags checked again with the case's context
 * as it is now, inside the caller's transaction. */
enum rc_status ops_reflag(struct rc_case *c, rc_progress_fn progress, void *ud);

/* access.c: does an event's record (patient, as written) name one of the
 * case's record references (a "," or ";" list)? */
bool ops_record_is(const char *record_refs, const char *patient);

/* Personal text as typed: cleaned of control and bidi-override
 * characters, at most max bytes (RC_INVALID beyond).  *out NULL when
 * nothing is left. */
enum rc_status ops_clean_text(const char *in, size_t max, char **out);

/* request_flow.c: the office board's fields of one request (due date,
 * its state, the next action), inside the caller's transaction. */
enum rc_status ops_request_board(struct rc_case *c, int64_t id, struct rc_ymd today);
/* requests.c: rc_op_request_add with the request's relation to
 * in->follows ("checks", "retention:SYSTEM"; NULL: as rc_op_request_add,
 * where follows makes a complaint "escalates"). */
enum rc_status ops_request_add_rel(struct rc_case *c, const struct rc_request_in *in, const char *relation,
	rc_progress_fn progress, void *ud, int64_t *id);
/* Whether a complaint may cite request id today (requests.c). */
enum rc_status ops_escalation_check(struct rc_case *c, int64_t id);
/* A complaint sent on day: the request it is about is now escalated
 * (inside the caller's transaction; nothing when id is no complaint). */
enum rc_status ops_escalate_followed(struct rc_case *c, int64_t id, const char *day);

/* documents.c: a document's bytes from fd (at most 64 MiB), and kept in
 * the case under its file's own name, inside the caller's transaction. */
enum rc_status ops_read_doc(int fd, unsigned char **out, size_t *len);
enum rc_status ops_doc_add(struct rc_case *c, const char *name, const unsigned char *b, size_t n,
	const char *note, int64_t *id);

#endif
