/* board.h - what a case tells the office deadline board about its
 * requests (doc/office.md), and the text it travels in.  Only what the
 * board needs: the case's label, each request's kind, regime, state,
 * dates, the authority's holiday calendar and its steps' days and states.
 * No name, no reference, no text anybody wrote, no access, no letter.
 * Included by core.h. */
#ifndef RECOURSE_BOARD_H
#define RECOURSE_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RC_BOARD_ID_HEX 32          /* an office's or a case's id: 16 random bytes in hex */
#define RC_BOARD_LABEL_MAX 200      /* bytes of a case label */
#define RC_BOARD_MAX_REQUESTS 10000 /* in one case */
#define RC_BOARD_MAX_STEPS 100000   /* of all the requests of one case */
#define RC_BOARD_TEXT_MAX (16u << 20)

struct rc_board_step {
	int64_t req;
	char day[11];
	char from[24], to[24];
};

struct rc_board_req {
	int64_t id;
	/* ids (rc_request_kind_id, ...) and "YYYY-MM-DD" dates; NULL: none */
	char *kind, *regime, *state, *filed, *received, *controller, *ext_notice;
	bool ext_reasons;
	char *answered, *answer, *relation;
	int64_t follows;
	char *check_result;
	/* as the case computed them when it sent this (the board computes
	 * them again on the day it shows them) */
	char *due, *due_state, *next_action;
	char *updated;
};

/* One case's whole board, as it stands after its last change: the office
 * keeps the one with the highest seq and replaces the case's rows with it. */
struct rc_board_snapshot {
	char office[RC_BOARD_ID_HEX + 1];
	char case_id[RC_BOARD_ID_HEX + 1];
	uint64_t seq;
	char *label;
	bool left;                   /* the case left the office: its rows go */
	struct rc_board_req *reqs;
	size_t nreqs;
	struct rc_board_step *steps; /* by request, then in order */
	size_t nsteps;
};

/* The text (doc/office.md, "The update"): appended to out. */
void rc_board_encode(const struct rc_board_snapshot *s, struct rc_buf *out);
/* Read it back: RC_OK, or RC_INVALID with rc_error_detail saying what is
 * wrong (nothing filled).  Every field is checked against what the
 * encoder can write: the text comes from outside the index. */
enum rc_status rc_board_decode(const char *text, size_t len, struct rc_board_snapshot *out);
void rc_board_snapshot_clear(struct rc_board_snapshot *s);
void rc_board_req_clear(struct rc_board_req *r);
/* What to do with an update given what the board holds for its case
 * (have NULL: nothing).  Each request's steps are its history: an update
 * whose history of every request extends the board's is newer (applied);
 * one whose histories are all the board's or a beginning of them is
 * older or repeated (skipped, unless only its sequence number is higher:
 * a change without a step, from the same copy of the case); one whose
 * history of a request goes another way than the board's, or is newer for
 * one request and older for another, comes from a copy of the case that
 * was changed elsewhere too: refused, naming the request (*req), so that
 * no terminal's record silently replaces another's (doc/office.md,
 * "Two terminals, one request"). */
enum rc_board_verdict { RC_BOARD_APPLY, RC_BOARD_SKIP, RC_BOARD_CONFLICT };
enum rc_board_verdict rc_board_judge(const struct rc_board_snapshot *have, const struct rc_board_snapshot *in,
	int64_t *req);

/* A case label the board accepts (UTF-8, no control character, no tab,
 * 1 to RC_BOARD_LABEL_MAX bytes). */
bool rc_board_label_valid(const char *s);

#endif
