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

/* bundle_data.c: the access log's files in an evidence bundle. */
enum bundle_gen_kind { GEN_CSV, GEN_NDJSON, GEN_FLAGGED_CSV, GEN_FLAGGED_JSON, GEN_RECORDS };
struct bundle_range {
	int64_t from, to;
};
struct bundle_ranges {      /* sorted, not overlapping */
	struct bundle_range *v;
	size_t n;
};
struct bundle_sel {
	int64_t since_ts, until_ts;
	bool flagged_only;
	const char *court_lang, *applicant_lang; /* applicant_lang NULL: one language */
	const struct bundle_ranges *kept; /* GEN_RECORDS: accesses whose whole file is in the bag (NULL: none) */
};
bool bundle_event_unkept(const struct bundle_ranges *k, int64_t id);
/* The accesses a selection chooses, as a filter (period, flagged only). */
void bundle_sel_filter(const struct bundle_sel *sel, struct rc_event_filter *f);
/* One pass over the chosen accesses making the files of kinds[0..nk)
 * together: each piece of file k goes to out(ud, k, bytes, len) as it is
 * made (the header first, the end last), each access to each(ud, e) (may
 * be NULL; its own ud), and page_done(ud) (may be NULL) is asked after each page of
 * them whether to go on (false: RC_CANCELLED).  max_pages 0: all of them.
 * events[k]: the accesses file k holds; *seen: the accesses read. */
struct bundle_pass {
	enum rc_status (*out)(void *ud, size_t k, const void *bytes, size_t len);
	void (*each)(void *ud, const struct rc_event *e);
	bool (*page_done)(void *ud);
	void *ud;
	void *each_ud;     /* each's */
	size_t max_pages;
};
enum rc_status bundle_gen_pass(struct rc_case *c, const struct bundle_sel *sel, const struct rc_flag_ctx *ctx,
	const enum bundle_gen_kind *kinds, size_t nk, const struct bundle_pass *ps, uint64_t *events, uint64_t *seen);
#define GEN_PAGE 512

/* bundle*.c: the plan's sources, and what the writer shares with the
 * signing and the index. */
enum bundle_src {
	SRC_MEM,       /* mem, made in advance */
	SRC_RECEIVED,  /* a received file, whole (ref: its id) */
	SRC_DOC,       /* a document (ref: its id) */
	SRC_GEN,       /* the access log's files (ref: enum bundle_gen_kind) */
};
struct rc_bundle_priv {
	struct bundle_ranges kept;   /* the accesses of the received files in the bag */
	bool whole;                  /* the received files are in the bag whole */
	char court_lang[16], applicant_lang[16]; /* applicant_lang "": none */
};
struct bundle_work {
	struct rc_case *c;
	const struct rc_bundle_opts *o;
	const struct rc_bundle_plan *p;
	const struct rc_case_meta *m;
	int64_t seq;                 /* the checkpoint: the journal's head */
	char head[65];
	char *journal, *checkpoint;
	size_t journal_len, checkpoint_len;
	unsigned char *checkpoint_sig, *checkpoint_tsr, *index;
	size_t checkpoint_sig_len, checkpoint_tsr_len, index_len;
	char signer_fp[RC_CERT_FP_LEN], signer_subject[300];
	char stamped[40];
	struct rc_signer signer;     /* with its key while signing */
	bool signing;
	uint64_t events, flagged;    /* the accesses written, of them flagged */
	struct bundle_written {      /* the payload as written, for the index */
		const char *path;    /* under data/ */
		uint64_t size;
		char sha256[65];
		const char *what_id; /* untranslated */
	} *written;
	size_t nwritten;
};
/* bundle_sign.c: the case's certificate loaded and the checkpoint signed
 * (and time-stamped); then the bag's tag manifest. */
enum rc_status bundle_sign_begin(struct bundle_work *w);
enum rc_status bundle_sign_bag(struct bundle_work *w, struct rc_bag_writer *bw, const char *tm, size_t len);
/* bundle_index.c: what the index gathers in the pass over the accesses
 * (bundle_index_acc_event is a bundle_pass's each); then data/index.pdf
 * into w->index, from it and w->written; and bag-info's
 * External-Description in the court's language (malloc'ed). */
struct bundle_index_acc;
struct bundle_index_acc *bundle_index_acc_new(const struct bundle_work *w, const struct rc_flag_ctx *ctx);
void bundle_index_acc_event(void *acc, const struct rc_event *e);
void bundle_index_acc_free(struct bundle_index_acc **acc);
enum rc_status bundle_index(struct bundle_work *w, struct bundle_index_acc *acc);
char *bundle_description(const struct bundle_work *w);
void bundle_work_clear(struct bundle_work *w);

/* bundle_verify.c, bundle_sign.c: one check's finding, and the checks
 * of the signatures (the bag's and the checkpoint's). */
void bundle_check_add(struct rc_bundle_verification *v, enum rc_bundle_check_kind k,
	enum rc_bundle_verdict verdict, const char *path, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void bundle_verify_signature(struct rc_bundle_verification *v);
void bundle_verify_checkpoint_sig(struct rc_bundle_verification *v, const struct rc_bag_file *cp);

#endif
