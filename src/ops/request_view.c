/* request_view.c - requests as the front ends show them: each with its
 * deadline computed on a day, the next action and the sentence that
 * explains the date; whether a step is allowed; the letter saved to a
 * new file.  The terminal interface and the command line both read
 * requests through here, so they show the same dates. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops-int.h"

static enum rc_status fill(struct rc_case *c, struct rc_request_view *v, struct rc_ymd today)
{
	enum rc_status st = rc_op_request_due(c, &v->r, today, &v->d);
	if (st != RC_OK)
		return st;
	v->next = rc_op_request_next(&v->r, &v->d);
	v->due[0] = 0;
	if (v->d.state == RC_DUE_PENDING || v->d.state == RC_DUE_OVERDUE)
		rc_ymd_format(v->d.deadline.due, v->due);
	if (v->d.state == RC_DUE_PENDING || v->d.state == RC_DUE_OVERDUE || v->d.state == RC_DUE_PAUSED)
		v->explain = rc_request_due_explain(&v->d);
	return RC_OK;
}

enum rc_status rc_op_request_view(struct rc_case *c, int64_t id, struct rc_ymd today, struct rc_request_view *out)
{
	memset(out, 0, sizeof *out);
	enum rc_status st = rc_case_request_get(c, id, &out->r);
	if (st != RC_OK)
		return st;
	st = fill(c, out, today);
	if (st != RC_OK)
		rc_request_view_clear(out);
	return st;
}

enum rc_status rc_op_request_views(struct rc_case *c, struct rc_ymd today, struct rc_request_view **out,
	size_t *nout)
{
	*out = NULL;
	*nout = 0;
	/* One transaction around the reads (nothing is written; rolled back):
	 * every request and its steps from one state of the case, and one
	 * lock instead of one per request (on 1,000 requests the locks were
	 * most of the time: bench/bench-ui-requests.sh). */
	enum rc_status st = rc_case_begin(c);
	if (st != RC_OK)
		return st;
	struct rc_request_row *rows;
	size_t n;
	st = rc_case_requests(c, &rows, &n);
	if (st != RC_OK) {
		rc_case_rollback(c);
		return st;
	}
	struct rc_request_view *v = rc_xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		v[i].r = rows[i];
		memset(&rows[i], 0, sizeof rows[i]);
		st = fill(c, &v[i], today);
	}
	rc_request_rows_free(&rows, n);
	rc_case_rollback(c);
	if (st != RC_OK) {
		rc_request_views_free(&v, n);
		return st;
	}
	*out = v;
	*nout = n;
	return RC_OK;
}

void rc_request_view_clear(struct rc_request_view *v)
{
	rc_request_row_clear(&v->r);
	free(v->explain);
	memset(v, 0, sizeof *v);
}

void rc_request_views_free(struct rc_request_view **v, size_t n)
{
	if (!*v)
		return;
	for (size_t i = 0; i < n; i++)
		rc_request_view_clear(&(*v)[i]);
	free(*v);
	*v = NULL;
}

bool rc_op_request_can_move(const struct rc_request_row *r, enum rc_request_state to, const char **why)
{
	enum rc_request_state from = RC_RS_DRAFT;
	if (r->state)
		rc_request_state_parse(r->state, &from);
	return rc_request_move_allowed(from, to, why);
}

enum rc_status rc_op_request_letter_save(struct rc_case *c, int64_t id, const struct rc_letter_opts *o,
	const char *path)
{
	rc_error_clear();
	if (!path || !*path) {
		/* TRANSLATORS: error detail: saving a letter without a file name. */
		rc_error_set("%s", _("Type the name of the file to write the letter to."));
		return RC_INVALID;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST)
			/* TRANSLATORS: error detail; %s is a file name. */
			rc_error_set(_("%s exists already: choose another name (recourse never writes over a file)."), path);
		else
			/* TRANSLATORS: error detail; %1$s is a file name, %2$s the system's reason. */
			rc_error_set(_("Cannot write %1$s: %2$s."), path, strerror(e));
		return RC_IO;
	}
	enum rc_status st = rc_op_request_letter(c, id, o, fd);
	if (st == RC_OK && fsync(fd) != 0) {
		rc_error_set(_("Cannot write %1$s: %2$s."), path, strerror(errno));
		st = RC_IO;
	}
	if (close(fd) != 0 && st == RC_OK) {
		rc_error_set(_("Cannot write %1$s: %2$s."), path, strerror(errno));
		st = RC_IO;
	}
	if (st != RC_OK)
		unlink(path); /* half a letter is of no use to anyone */
	return st;
}
