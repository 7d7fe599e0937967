/* board.c - the text a case's board update travels in (doc/office.md,
 * "The update").  Lines of tab-separated fields:
 *
 *   recourse-board 1
 *   office  OFFICE-ID
 *   case    CASE-ID  SEQ  LABEL
 *   left                                   (only when the case left)
 *   req     ID KIND REGIME STATE FILED RECEIVED CONTROLLER EXT-NOTICE
 *           EXT-REASONS ANSWERED ANSWER RELATION FOLLOWS CHECK DUE
 *           DUE-STATE NEXT UPDATED         (one line)
 *   step    REQ DAY FROM TO
 *   end
 *
 * An empty field is "none".  The decoder takes nothing the encoder could
 * not have written: the text reaches the office index from outside it
 * (anyone who can write to the office's inbox has its public key). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define NREQ_FIELDS 19 /* "req" and 18 fields */

void rc_board_req_clear(struct rc_board_req *r)
{
	char **f[] = { &r->kind, &r->regime, &r->state, &r->filed, &r->received, &r->controller, &r->ext_notice,
		&r->answered, &r->answer, &r->relation, &r->check_result, &r->due, &r->due_state, &r->next_action,
		&r->updated };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

void rc_board_snapshot_clear(struct rc_board_snapshot *s)
{
	for (size_t i = 0; i < s->nreqs; i++)
		rc_board_req_clear(&s->reqs[i]);
	free(s->reqs);
	free(s->steps);
	free(s->label);
	memset(s, 0, sizeof *s);
}

static void field(struct rc_buf *b, const char *s)
{
	rc_buf_printf(b, "\t%s", s ? s : "");
}

void rc_board_encode(const struct rc_board_snapshot *s, struct rc_buf *b)
{
	rc_buf_printf(b, "recourse-board 1\noffice\t%s\ncase\t%s\t%" PRIu64 "\t%s\n", s->office, s->case_id, s->seq,
	              s->label ? s->label : "");
	if (s->left)
		rc_buf_addstr(b, "left\n");
	for (size_t i = 0; i < s->nreqs; i++) {
		const struct rc_board_req *r = &s->reqs[i];
		rc_buf_printf(b, "req\t%" PRId64, r->id);
		field(b, r->kind);
		field(b, r->regime);
		field(b, r->state);
		field(b, r->filed);
		field(b, r->received);
		field(b, r->controller);
		field(b, r->ext_notice);
		field(b, r->ext_reasons ? "1" : "0");
		field(b, r->answered);
		field(b, r->answer);
		field(b, r->relation);
		rc_buf_printf(b, "\t%" PRId64, r->follows);
		field(b, r->check_result);
		field(b, r->due);
		field(b, r->due_state);
		field(b, r->next_action);
		field(b, r->updated);
		rc_buf_addstr(b, "\n");
	}
	for (size_t i = 0; i < s->nsteps; i++)
		rc_buf_printf(b, "step\t%" PRId64 "\t%s\t%s\t%s\n", s->steps[i].req, s->steps[i].day, s->steps[i].from,
		              s->steps[i].to);
	rc_buf_addstr(b, "end\n");
}

/* ---- decoding ---- */

bool rc_board_label_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > RC_BOARD_LABEL_MAX || !rc_text_is_clean(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static bool hex_id(const char *s)
{
	if (strlen(s) != RC_BOARD_ID_HEX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* An id of the program's own vocabularies: [a-z0-9] with - _ : . inside,
 * or a country code in capitals (the holiday calendar). */
static bool token(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'
			|| *p == '_' || *p == ':' || *p == '.'))
			return false;
	return true;
}

static bool date(const char *s)
{
	struct rc_ymd d;
	return strlen(s) == 10 && rc_ymd_parse(s, &d);
}

static bool stamp(const char *s)
{
	size_t n = strlen(s);
	if (n < 10 || n > 35 || !date((char[11]){ s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], 0 }))
		return false;
	for (const char *p = s + 10; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == 'T' || *p == 'Z' || *p == ':' || *p == '.' || *p == '+'
			|| *p == '-' || *p == ' '))
			return false;
	return true;
}

static bool number(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!*s || strlen(s) > 19)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (s[0] == '0' && s[1])
		return false; /* one way to write each number */
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Split line (NUL-terminated, no newline) at tabs into at most max
 * fields; the count, or max + 1 when there are more. */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (char *p = line;;) {
		if (n == max)
			return max + 1;
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			return n;
		*t = 0;
		p = t + 1;
	}
}

static char *opt_dup(const char *s)
{
	return *s ? rc_xstrdup(s) : NULL;
}

static enum rc_status bad(unsigned line, const char *what)
{
	rc_error_set(_("Board update, line %u: %s."), line, what);
	return RC_INVALID;
}

static enum rc_status req_line(char **f, size_t n, unsigned ln, struct rc_board_req *r)
{
	if (n != NREQ_FIELDS - 1) /* without "req" */
		return bad(ln, _("a request has the wrong number of fields"));
	int64_t v;
	if (!number(f[0], 1, INT64_MAX, &v))
		return bad(ln, _("a request's number is not valid"));
	r->id = v;
	/* fields that are ids or empty: kind regime state controller answer
	 * relation check due-state next */
	static const int ids[] = { 1, 2, 3, 6, 10, 11, 13, 15, 16 };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (*f[ids[i]] && !token(f[ids[i]], 32))
			return bad(ln, _("a request's field is not a known word"));
	if (!*f[1] || !*f[3])
		return bad(ln, _("a request has no kind or no state"));
	static const int dates[] = { 4, 5, 7, 9, 14 };
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (*f[dates[i]] && !date(f[dates[i]]))
			return bad(ln, _("a request's date is not a date"));
	if (strcmp(f[8], "0") != 0 && strcmp(f[8], "1") != 0)
		return bad(ln, _("a request's field is not a known word"));
	if (!number(f[12], 0, INT64_MAX, &v))
		return bad(ln, _("a request's number is not valid"));
	r->follows = v;
	if (*f[17] && !stamp(f[17]))
		return bad(ln, _("a request's date is not a date"));
	r->kind = opt_dup(f[1]);
	r->regime = opt_dup(f[2]);
	r->state = opt_dup(f[3]);
	r->filed = opt_dup(f[4]);
	r->received = opt_dup(f[5]);
	r->controller = opt_dup(f[6]);
	r->ext_notice = opt_dup(f[7]);
	r->ext_reasons = f[8][0] == '1';
	r->answered = opt_dup(f[9]);
	r->answer = opt_dup(f[10]);
	r->relation = opt_dup(f[11]);
	r->check_result = opt_dup(f[13]);
	r->due = opt_dup(f[14]);
	r->due_state = opt_dup(f[15]);
	r->next_action = opt_dup(f[16]);
	r->updated = opt_dup(f[17]);
	return RC_OK;
}

enum rc_status rc_board_decode(const char *text, size_t len, struct rc_board_snapshot *out)
{
	memset(out, 0, sizeof *out);
	if (len > RC_BOARD_TEXT_MAX)
		return bad(0, _("it is too long"));
	if (memchr(text, 0, len))
		return bad(0, _("it holds a NUL byte"));
	char *copy = rc_xstrndup(text, len);
	struct rc_board_snapshot s;
	memset(&s, 0, sizeof s);
	enum rc_status st = RC_OK;
	unsigned ln = 0;
	int part = 0; /* 0 header, 1 office, 2 case, 3 body, 4 end */
	size_t cap_r = 0, cap_s = 0;
	char *p = copy;
	while (st == RC_OK && *p) {
		char *nl = strchr(p, '\n');
		if (!nl) {
			st = bad(ln + 1, _("the last line is not ended"));
			break;
		}
		*nl = 0;
		ln++;
		char *f[NREQ_FIELDS + 2];
		size_t n = split(p, f, NREQ_FIELDS + 1);
		p = nl + 1;
		if (part == 4) {
			st = bad(ln, _("something follows its end"));
		} else if (part == 0) {
			if (n != 1 || strcmp(f[0], "recourse-board 1") != 0)
				st = bad(ln, _("it is not a board update recourse can read"));
			part = 1;
		} else if (part == 1) {
			if (n != 2 || strcmp(f[0], "office") || !hex_id(f[1]))
				st = bad(ln, _("the office is not named"));
			else
				memcpy(s.office, f[1], RC_BOARD_ID_HEX + 1);
			part = 2;
		} else if (part == 2) {
			int64_t seq;
			if (n != 4 || strcmp(f[0], "case") || !hex_id(f[1]) || !number(f[2], 1, INT64_MAX, &seq))
				st = bad(ln, _("the case is not named"));
			else if (!rc_board_label_valid(f[3]))
				st = bad(ln, _("the case's label is not valid"));
			else {
				memcpy(s.case_id, f[1], RC_BOARD_ID_HEX + 1);
				s.seq = (uint64_t)seq;
				s.label = rc_xstrdup(f[3]);
			}
			part = 3;
		} else if (n == 1 && !strcmp(f[0], "end")) {
			part = 4;
		} else if (n == 1 && !strcmp(f[0], "left")) {
			if (s.left || s.nreqs || s.nsteps)
				st = bad(ln, _("\"left\" is not where it belongs"));
			s.left = true;
		} else if (!strcmp(f[0], "req")) {
			if (s.left || s.nsteps)
				st = bad(ln, _("a request is not where it belongs"));
			else if (s.nreqs == RC_BOARD_MAX_REQUESTS)
				st = bad(ln, _("it has too many requests"));
			else {
				if (s.nreqs == cap_r) {
					cap_r = cap_r ? cap_r * 2 : 16;
					s.reqs = rc_xrealloc(s.reqs, cap_r * sizeof *s.reqs);
				}
				struct rc_board_req *r = &s.reqs[s.nreqs];
				memset(r, 0, sizeof *r);
				st = req_line(f + 1, n - 1, ln, r);
				if (st == RC_OK && s.nreqs && r->id <= s.reqs[s.nreqs - 1].id)
					st = bad(ln, _("the requests are not in order"));
				if (st != RC_OK)
					rc_board_req_clear(r);
				else
					s.nreqs++;
			}
		} else if (!strcmp(f[0], "step")) {
			int64_t req;
			if (n != 5 || !number(f[1], 1, INT64_MAX, &req) || !date(f[2]) || !token(f[3], 23)
				|| !token(f[4], 23))
				st = bad(ln, _("a step is not valid"));
			else if (s.nsteps == RC_BOARD_MAX_STEPS)
				st = bad(ln, _("it has too many steps"));
			else {
				/* steps by request, in the order of the requests */
				bool known = false;
				for (size_t i = 0; i < s.nreqs && !known; i++)
					known = s.reqs[i].id == req;
				if (!known || (s.nsteps && req < s.steps[s.nsteps - 1].req))
					st = bad(ln, _("a step is not where it belongs"));
				else {
					if (s.nsteps == cap_s) {
						cap_s = cap_s ? cap_s * 2 : 32;
						s.steps = rc_xrealloc(s.steps, cap_s * sizeof *s.steps);
					}
					struct rc_board_step *t = &s.steps[s.nsteps++];
					t->req = req;
					memcpy(t->day, f[2], 11);
					snprintf(t->from, sizeof t->from, "%s", f[3]);
					snprintf(t->to, sizeof t->to, "%s", f[4]);
				}
			}
		} else {
			st = bad(ln, _("a line is not one recourse writes"));
		}
	}
	if (st == RC_OK && part != 4)
		st = bad(ln, _("it is cut short"));
	free(copy);
	if (st != RC_OK) {
		rc_board_snapshot_clear(&s);
		return st;
	}
	*out = s;
	return RC_OK;
}

/* ---- judging an update ---- */

static void steps_of(const struct rc_board_snapshot *s, int64_t req, const struct rc_board_step **first, size_t *n)
{
	*first = NULL;
	*n = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->steps[i].req == req) {
			if (!*first)
				*first = &s->steps[i];
			(*n)++;
		}
}

static bool step_eq(const struct rc_board_step *a, const struct rc_board_step *b)
{
	return !strcmp(a->day, b->day) && !strcmp(a->from, b->from) && !strcmp(a->to, b->to);
}

/* -1 in is older (a beginning of have), 0 the same, 1 newer, 2 neither */
static int history_cmp(const struct rc_board_step *h, size_t nh, const struct rc_board_step *n, size_t nn)
{
	size_t k = nh < nn ? nh : nn;
	for (size_t i = 0; i < k; i++)
		if (!step_eq(&h[i], &n[i]))
			return 2;
	return nh == nn ? 0 : nn > nh ? 1 : -1;
}

enum rc_board_verdict rc_board_judge(const struct rc_board_snapshot *have, const struct rc_board_snapshot *in,
	int64_t *req)
{
	*req = 0;
	if (!have)
		return RC_BOARD_APPLY;
	if (in->left || have->left)
		return in->seq > have->seq ? RC_BOARD_APPLY : RC_BOARD_SKIP;
	bool older = false, newer = false;
	for (size_t i = 0; i < in->nreqs; i++) {
		int64_t id = in->reqs[i].id;
		bool found = false;
		for (size_t j = 0; j < have->nreqs && !found; j++)
			found = have->reqs[j].id == id;
		if (!found) {
			newer = true; /* a request the board has not heard of */
			continue;
		}
		const struct rc_board_step *hs, *ns;
		size_t nh, nn;
		steps_of(have, id, &hs, &nh);
		steps_of(in, id, &ns, &nn);
		int c = history_cmp(hs, nh, ns, nn);
		if (c == 2) {
			*req = id;
			return RC_BOARD_CONFLICT;
		}
		if (c < 0)
			older = true;
		if (c > 0)
			newer = true;
		if ((older && newer) && !*req)
			*req = id;
	}
	/* requests are never taken out of a case: one the update lacks means
	 * the update is older than the board */
	for (size_t j = 0; j < have->nreqs; j++) {
		bool found = false;
		for (size_t i = 0; i < in->nreqs && !found; i++)
			found = in->reqs[i].id == have->reqs[j].id;
		if (!found) {
			older = true;
			if (newer && !*req)
				*req = have->reqs[j].id;
		}
	}
	if (older && newer)
		return RC_BOARD_CONFLICT;
	if (older)
		return RC_BOARD_SKIP;
	if (newer)
		return RC_BOARD_APPLY;
	return in->seq > have->seq ? RC_BOARD_APPLY : RC_BOARD_SKIP;
}
