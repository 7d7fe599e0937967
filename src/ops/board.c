/* board.c - the office deadline board as the front ends show it: each row's
 * deadline computed on the day it is shown, from the same rules and with
 * the same sentence as in the case (rc_op_request_due_of,
 * rc_request_due_explain). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ops-int.h"

void rc_board_view_clear(struct rc_board_view *v)
{
	free(v->explain);
	v->explain = NULL;
	v->filled = false;
}

enum rc_status rc_op_board_fill(struct rc_board_view *v, struct rc_ymd today)
{
	if (v->filled)
		return RC_OK;
	const struct rc_board_row *b = v->row;
	/* the request as the case holds it, without anything personal */
	struct rc_request_row r;
	memset(&r, 0, sizeof r);
	r.id = b->r.id;
	r.kind = b->r.kind;
	r.regime = b->r.regime;
	r.state = b->r.state;
	r.filed = b->r.filed;
	r.received = b->r.received;
	r.controller = b->r.controller;
	r.ext_notice = b->r.ext_notice;
	r.ext_reasons = b->r.ext_reasons;
	r.answered = b->r.answered;
	r.answer = b->r.answer;
	r.relation = b->r.relation;
	r.follows = b->r.follows;
	r.check_result = b->r.check_result;
	struct rc_request_step *steps = rc_xcalloc(b->nsteps ? b->nsteps : 1, sizeof *steps);
	for (size_t i = 0; i < b->nsteps; i++) {
		steps[i].request = b->r.id;
		steps[i].day = (char *)b->steps[i].day;
		steps[i].from_state = (char *)b->steps[i].from;
		steps[i].to_state = (char *)b->steps[i].to;
	}
	enum rc_status st = rc_op_request_due_of(&r, steps, b->nsteps, today, &v->d);
	free(steps);
	if (st != RC_OK)
		return st;
	v->next = rc_op_request_next(&r, &v->d);
	v->due[0] = 0;
	if (v->d.state == RC_DUE_PENDING || v->d.state == RC_DUE_OVERDUE)
		rc_ymd_format(v->d.deadline.due, v->due);
	free(v->explain);
	v->explain = NULL;
	if (v->d.state == RC_DUE_PENDING || v->d.state == RC_DUE_OVERDUE || v->d.state == RC_DUE_PAUSED)
		v->explain = rc_request_due_explain(&v->d);
	v->filled = true;
	return RC_OK;
}

bool rc_op_board_row_open(const struct rc_board_row *b)
{
	enum rc_request_state s;
	return b->r.state && rc_request_state_parse(b->r.state, &s) && rc_request_state_open(s);
}

/* Urgency: overdue first (the most overdue first), then by due date,
 * then paused, then what has no date, by case and number. */
static int rank(const struct rc_board_view *v)
{
	switch (v->d.state) {
	case RC_DUE_OVERDUE: return 0;
	case RC_DUE_PENDING: return 1;
	case RC_DUE_PAUSED: return 2;
	case RC_DUE_UNKNOWN: return 3;
	default: return 4;
	}
}

int rc_op_board_cmp(const void *a, const void *b)
{
	const struct rc_board_view *x = a, *y = b;
	int rx = rank(x), ry = rank(y);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	int c = strcmp(x->due, y->due);
	if (c)
		return c;
	c = strcmp(x->row->label ? x->row->label : "", y->row->label ? y->row->label : "");
	if (c)
		return c;
	return x->row->r.id < y->row->r.id ? -1 : x->row->r.id > y->row->r.id;
}

bool rc_op_board_state_parse(const char *s, struct rc_board_filter *f)
{
	enum rc_request_state rs;
	if (rc_request_state_parse(s, &rs)) {
		f->request_state = s;
		return true;
	}
	static const char *const due[] = { "overdue", "pending", "paused", "unknown" };
	for (size_t i = 0; i < sizeof due / sizeof due[0]; i++)
		if (!strcmp(s, due[i])) {
			f->due_state = due[i];
			return true;
		}
	return false;
}

bool rc_op_board_keep(const struct rc_board_view *v, const struct rc_board_filter *f, struct rc_ymd today)
{
	const struct rc_board_row *b = v->row;
	if (f->request_state) {
		if (!b->r.state || strcmp(b->r.state, f->request_state) != 0)
			return false;
	} else if (!rc_op_board_row_open(b)) {
		return false;
	}
	if (f->due_state && strcmp(rc_due_state_id(v->d.state), f->due_state) != 0)
		return false;
	if (f->due_within >= 0) {
		if (!*v->due)
			return false;
		struct rc_ymd last = rc_ymd_add_days(today, f->due_within);
		if (rc_ymd_cmp(v->d.deadline.due, last) > 0)
			return false;
	}
	return true;
}

enum rc_status rc_op_board_views(struct rc_board_row *rows, size_t n, struct rc_ymd today,
	const struct rc_board_filter *f, struct rc_board_view **out, size_t *nout)
{
	struct rc_board_view *v = rc_xcalloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	enum rc_status st = RC_OK;
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		v[k].row = &rows[i];
		st = rc_op_board_fill(&v[k], today);
		if (st == RC_OK && rc_op_board_keep(&v[k], f, today))
			k++;
		else
			rc_board_view_clear(&v[k]);
	}
	if (st != RC_OK) {
		rc_board_views_free(&v, k);
		return st;
	}
	if (k > 1)
		qsort(v, k, sizeof *v, rc_op_board_cmp);
	*out = v;
	*nout = k;
	return RC_OK;
}

void rc_board_views_free(struct rc_board_view **v, size_t n)
{
	if (!*v)
		return;
	for (size_t i = 0; i < n; i++)
		rc_board_view_clear(&(*v)[i]);
	free(*v);
	*v = NULL;
}
