/* letter.h - the printable letters of a request (access, correction,
 * deletion, ...): plain data in, bytes out.  A layer between core and
 * ops (doc/architecture.md): it reads its templates from the data folder
 * (data/templates/LANG/, doc/letters.md) and renders text or a PDF
 * (Pango/Cairo, the only layer that calls them).  Nothing is written but
 * to the caller's buffer or file descriptor: no temp file. */
#ifndef RECOURSE_LETTER_H
#define RECOURSE_LETTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "core.h"

/* One access the letter names (each field may be NULL or ""). */
struct rc_letter_access {
	const char *when;      /* "2026-03-04 10:12" */
	const char *authority; /* who looked */
	const char *role;      /* as the log says */
	const char *country;   /* ISO code or name */
	const char *purpose;   /* as the log says; NULL: none recorded */
	const char *flag;      /* why it is contested, in the authority's language */
};

/* The earlier request a complaint is about (doc/letters.md): what was
 * asked, when, and the deadline it missed or the refusal.  Dates are
 * YYYY-MM-DD; each may be NULL. */
struct rc_letter_earlier {
	enum rc_request_kind kind;   /* its kind: worded by common.txt earlier.KIND */
	const char *sent;            /* the day it was sent */
	const char *received;        /* the day the authority received it, when not the same */
	const char *due;             /* the deadline it missed (NULL: not overdue) */
	const char *due_rule;        /* the rule of that deadline ("Art. 12(3), 2016/679") */
	const char *refused;         /* the day the authority refused it */
	const char *partly;          /* the day the authority granted it only in part */
	const char *granted;         /* the day the authority said it granted it ... */
	const char *not_done;        /* ... and the day a copy of the record showed it was not done */
};

/* Everything a letter says.  Nothing is owned: every pointer is borrowed
 * for the call.  Personal texts (names, addresses, about, ...) may be
 * NULL; control characters in them are dropped. */
struct rc_letter {
	const char *data_dir;                /* holds templates/ (ops: rc_op_data_dir()) */
	enum rc_request_kind kind;
	const char *regime;                  /* regime id ("eurodac") */
	const char *system_name;             /* the system as the authority knows it ("Eurodac Central
	                                      * System"); NULL: a regime without systems (a general law):
	                                      * common.txt system.none ("your records"), for a complaint
	                                      * system.none.complaint */
	const struct rc_request_rule *rule;  /* rc_regimes_request_at(); required, available */
	const char *addressee;               /* postal address, lines; NULL: rule->addressee */
	const char *applicant_name, *applicant_address, *birth_date, *nationality;
	const char *record_refs;             /* "Eurodac ref DE-..." (lines) */
	const char *about;                   /* what is wrong, which data */
	const char *correct_value;           /* what it should say (rectification, completion) */
	const char *date;                    /* YYYY-MM-DD of the letter; required */
	const char *due;                     /* YYYY-MM-DD the answer is due; NULL: not known */
	const struct rc_letter_access *accesses;
	size_t n_accesses;
	const char *attachments;             /* more attachments, one a line; may be NULL */
	const char *authority_lang;          /* "de"; NULL: the first of rule->languages, else "en" */
	const char *applicant_lang;          /* "ar" (the UI's language); NULL: authority_lang */
	bool mandate;                        /* sent by a representative with a power of attorney */
	const char *representative;          /* name and office, when mandate */
	const struct rc_letter_earlier *earlier; /* a complaint about an earlier request; NULL: none */
	/* A reminder of this request, which was not answered in time
	 * (reminder.txt instead of KIND.txt): earlier holds the request
	 * itself (its kind, when it was sent and received, the due date it
	 * missed and its rule); no answer period is stated (the law gives
	 * the reminder none); the copy of the request is listed among the
	 * attachments and the applicant's notes say what a reminder does
	 * not do (note.reminder). */
	bool reminder;
};

/* The letter as UTF-8 text: the letter in the authority's language (or in
 * English, when there is no template in it), then "translation for the
 * applicant, not sent" in the applicant's language with the notes for the
 * applicant (what the law leaves uncertain, why the letter is in
 * English); when both languages are the same, the letter and the notes
 * only.  *out malloc'ed.  RC_INVALID (rc_error_set says what) for a
 * missing rule or date, a kind the rule does not give, a bad template;
 * RC_NODATA when the English templates are missing. */
enum rc_status rc_letter_text(const struct rc_letter *l, char **out);

/* The same as a PDF (A4, fonts embedded; Arabic, Persian and Pashto
 * shaped and right to left, Tigrinya in Ethiopic script), each part from
 * a new page, written to fd (which is not closed).  When writing fails:
 * the status of its errno (RC_NOSPACE for a full disk, else RC_IO ...),
 * and what was written so far is not a whole PDF. */
enum rc_status rc_letter_pdf(const struct rc_letter *l, int fd);

/* A regime file's article (rc_request_rule.article) as a letter cites
 * it (malloc'ed): without the notes for the reader the file keeps in it
 * ("(not read)", "; time limits Art. 12(3)", ", first sentence"), which
 * are not sent to an authority.  "2018/1861 Art. 53; 2018/1862 Art. 67
 * (not read); time limits GDPR Art. 12(3) (reading)" is cited "2018/1861
 * Art. 53; 2018/1862 Art. 67". */
char *rc_letter_cite(const char *article);

/* Whether templates exist for lang ("ar", "ar_EG.UTF-8") in data_dir. */
bool rc_letter_has_language(const char *data_dir, const char *lang);

/* ------------------------------------------------------------------ */
/* The evidence bundle's index (data/index.pdf; doc/bundles.md). */

struct rc_index_row { const char *cell[6]; };   /* a table row; unused cells NULL */

struct rc_index_flagged {        /* one flagged access, in full */
	const char *event_ref;   /* its id in the bag's CSV and JSON ("17") */
	const char *when;        /* "2026-03-04 10:12 UTC" */
	const char *authority, *role, *country, *purpose, *legal_basis; /* as recorded; may be NULL */
	const char *flag;        /* the flag's short name, court's language */
	const char *explanation; /* why it is questionable, plain words, court's language */
	const char *rule;        /* the rule it cites ("Art. 9(1), Regulation (EU) 2024/1358") */
	bool uncertain;          /* the law is uncertain here: say so, visibly */
	const char *flag_applicant, *explanation_applicant; /* applicant's language, or NULL */
};

struct rc_index_request {
	const char *title;       /* "Correction request, sent 2026-05-02" (court's language) */
	const char *state;       /* its state, court's language */
	const char *due, *due_rule;          /* YYYY-MM-DD and its rule; may be NULL */
	const char *timeline;    /* lines "YYYY-MM-DD  what happened" */
	const char *files;       /* its letters and answers in the bag, one path a line; may be NULL */
};

struct rc_index_file {           /* one payload file, for the list of contents */
	const char *path;        /* "data/log/accesses.csv" */
	uint64_t size;
	const char *sha256;      /* 64 hex digits */
	const char *what;        /* what it is, court's language */
};

struct rc_index {
	const char *data_dir;       /* holds templates/LANG/index.txt */
	const char *court_lang;     /* "de"; a language without index.txt falls back to "en" */
	const char *applicant_lang; /* "ar", or NULL/same as court_lang: one language only */
	const char *case_label;     /* External-Identifier */
	const char *court;          /* court or tribunal; may be NULL */
	const char *prepared_by;    /* who prepared it (name, office); may be NULL */
	const char *date;           /* YYYY-MM-DD, the bagging date */
	const char *period;         /* "2025-01-01 to 2026-12-01", or NULL: the whole log */
	const char *signer_fp;      /* signing certificate's SHA-256 fingerprint (hex pairs with ':'), or NULL: unsigned */
	const char *signer_subject; /* its subject, or NULL */
	const char *journal_head;   /* the case journal's head hash in the bag's checkpoint, or NULL */
	uint64_t n_events, n_flagged;
	const char *first, *last;   /* first and last access shown; NULL when none */
	const struct rc_index_row *by_authority; size_t n_by_authority; /* authority, country, accesses, flagged */
	const struct rc_index_row *by_purpose; size_t n_by_purpose;     /* purpose, accesses, flagged */
	const struct rc_index_flagged *flagged; size_t n_flagged_shown; /* printed in full; when fewer than
	                            * n_flagged, the index says the rest are in the CSV and JSON (name them) */
	const struct rc_index_request *requests; size_t n_requests;
	const struct rc_index_row *exports; size_t n_exports; /* registry, downloaded, sha256, signer fp, verified */
	const struct rc_index_file *files; size_t n_files;
};

/* The index as a PDF in memory (*out malloc'ed, *len bytes).  RC_INVALID
 * (rc_error_set) for missing required fields; RC_NODATA when the English
 * index template is missing. */
enum rc_status rc_index_pdf(const struct rc_index *ix, unsigned char **out, size_t *len);

#endif
