/* cli.h - the non-interactive front end: recourse NOUN VERB [CASE] [options].
 * Every capability of the terminal interface is also a command here. */
#ifndef RECOURSE_CLI_H
#define RECOURSE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base.h"
#include "core.h"
#include "store.h"
#include "ops.h"

/* ---- options ---- */
#define CLI_TEXT_MAX 8192 /* bytes of one text read for an option given as "-" */

enum cli_format { CLI_TABLE, CLI_CSV, CLI_JSON, CLI_ICAL /* deadlines only */ };

struct cli {
	const char *noun, *verb;
	char **pos;          /* positional arguments after NOUN VERB */
	int npos;
	int passphrase_fd;   /* -1: ask on the terminal */
	const char *slot;    /* --slot */
	enum cli_format format;
	bool format_given;
	const char *format_text; /* raw --format, for commands where it names an input */
	bool quiet, yes, skip_invalid, raw, oldest_first;
	const char *since, *until, *flag, *authority, *country, *after;
	long limit;
	/* case new / log add / request add */
	const char *label, *name, *record, *record_created, *record_dates, *language;
	char *countries;     /* joined with ',' (malloc'ed) */
	char *regimes;
	char *also_records;  /* log import --also-record, joined with ',' */
	const char *when, *role, *agent, *system, *action, *categories, *purpose, *legal_basis,
		*outcome, *dest, *dest_country, *source_document, *note, *kind, *filed, *confirmed,
		*addressee, *regime, *reason;
	/* request add / move */
	const char *channel, *about, *correct_value, *controller, *to, *day, *received, *answer, *detail,
		*authority_language, *proof, *mandate, *holder, *granted;
	/* request add --follows, suggest --draft, compare */
	const char *follows, *draft, *held_value, *still_held;
	bool with_reasons;
	bool reminder;       /* request letter --reminder */
	char *accesses;      /* request add --access, joined with ',' */
	const char *output;  /* log show --output FILE */
	/* the office board */
	bool office;         /* deadlines --office */
	const char *office_dir, *office_db, *to_db, *to_dir, *state;
	long due_within;     /* -1: not given */
	long times;          /* office watch --times, 0: until Ctrl-C */
	const char *url, *pin, *ca; /* registry add */
	const char *signing_cert;   /* registry add|set --signing-cert FILE */
	const char *out;            /* export save --out DIR */
	const char *client_id, *scope, *client_cert; /* registry add, set */
	int client_key_fd;   /* --client-key-fd, -1: not given */
	bool no_client_cert; /* registry set --no-client-cert */
	const char *drp_agent, *drp_business; /* registry add */
	const char *registry;  /* request submit --registry */
	bool full;           /* registry sync --full */
	long page_size;      /* registry sync --page-size, 0: default */
	/* bundle create */
	const char *as, *requests, *documents, *court, *prepared_by, *court_lang;
	bool flagged_only, whole_files, no_log, no_exports, unsigned_ok, preview, no_stamp;
	/* bundle signer, office signer */
	bool new_signer, from_office;
	const char *cert;
	int key_fd;          /* --key-fd, -1: not given */
	/* Personal text read from the terminal or standard input (options
	 * given as "-"): the fields above point into these locked buffers,
	 * wiped by cli_free. */
	struct rc_secret **texts;
	int ntexts;
	struct rc_kdf kdf;
	bool show_help;
};

/* args.c */
int cli_parse(struct cli *cli, int argc, char **argv); /* 0, or an exit code */
void cli_free(struct cli *cli);
void cli_usage(FILE *out);
bool cli_help_for(const struct cli *cli); /* prints the verb's help when asked */
/* Personal text (doc/recourse.1, "Personal text") is never taken as an
 * argument.  cli_personal_refuse says so and shows the safe form, e.g.
 * what "--name" and example "recourse case new CASE --name -"; returns 2. */
int cli_personal_refuse(const char *what, const char *example);
/* Read the text of an option given as "-" (what: "--note" or "name"; help:
 * the option's N_() help, for the prompt): one line from standard input,
 * after a prompt when it is a terminal, byte by byte into locked memory
 * that cli_free wipes.  NULL when nothing could be read (the reason was
 * printed: exit 2). */
const char *cli_read_text(struct cli *cli, const char *what, const char *help);

/* Report a failure: the status's message, the detail, a hint.  Returns the
 * exit code. */
int cli_fail(enum rc_status st);
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* stderr, unless quiet */
extern bool cli_quiet;

/* passphrase.c */
/* Read one passphrase: from --passphrase-fd (one line) or the terminal
 * (no echo, key by key, into locked memory).  confirm: ask twice on a
 * terminal.  NULL on failure (the reason was printed). */
struct rc_secret *cli_passphrase(const struct cli *cli, const char *prompt, bool confirm, bool is_new);
/* The exit code after cli_passphrase returned NULL: cancelled (11) or
 * unusable (2). */
int cli_pass_fail_exit(void);
/* A private key (PEM) read from fd to its end into locked memory,
 * NUL-terminated; NULL with the reason printed (exit 2). */
struct rc_secret *cli_read_key_fd(int fd);
/* Open the case named by pos[0], asking for the passphrase. */
enum rc_status cli_open_case(const struct cli *cli, struct rc_case **out);
/* cmd_office.c: open the office board (--office-db, else the folder,
 * asking for its passphrase); *dir_out (may be NULL) where it is. */
enum rc_status cli_open_board(const struct cli *cli, struct rc_office **o, char **dir_out);
/* cmd_bundle.c: a signing certificate's description; and what "bundle
 * signer" and "office signer" were given (--new, --cert with --key-fd,
 * --from-office): 0, or the exit code after saying what is wrong. */
struct rc_signer_desc;
void cli_print_signer(const struct rc_signer_desc *d);
int cli_signer_input(const struct cli *cli, char **cert, struct rc_secret **key);
char *cli_case_path(const struct cli *cli);

/* output.c - tables, CSV and JSON */
struct cli_table;
struct cli_table *cli_table_new(enum cli_format fmt, int ncols, const char *const *keys,
	const char *const *headers);
void cli_table_add(struct cli_table *t, const char *const *cells);
/* Column col holds numbers the program computed: written as numbers in
 * CSV (a "-3" there is not guarded as a formula; other cells are). */
void cli_table_numeric(struct cli_table *t, int col);
/* Print and free t.  false when it could not be printed (the reason was
 * printed on stderr; nothing, not even an empty "[]", on out). */
bool cli_table_print(struct cli_table *t, FILE *out);
bool cli_json_kv_print(FILE *out, int n, const char *const *keys, const char *const *vals);
/* A JSON string for text from a case: as it is when it is valid UTF-8,
 * else cleaned (rc_text_sanitize); JSON null for NULL. */
struct json_t;
struct json_t *cli_json_text(const char *s);

/* progress.c - on a terminal only: done of total, time left; Ctrl-C cancels */
struct cli_progress;
struct cli_progress *cli_progress_new(const char *what, uint64_t total);
bool cli_progress_update(void *p, uint64_t done, uint64_t total); /* false: cancelled */
void cli_progress_free(struct cli_progress **p);
bool cli_cancel_requested(void);
void cli_cancel_install(void);

/* commands */
int cmd_case(struct cli *cli);
int cmd_log(struct cli *cli);
int cmd_request(struct cli *cli);
/* cmd_log.c: "needs a case" and the like (2) when fewer than n arguments;
 * rc_error_detail of a refused value (exit of RC_USAGE). */
int cli_need(const struct cli *cli, int n, const char *what);
int cli_bad_arg(void);
/* --output FILE: a new file only (O_EXCL, O_NOFOLLOW), 0600; -1 with the
 * reason printed.  cli_output_exists says so (before a passphrase). */
int cli_output_open(const char *file);
bool cli_output_exists(const char *file);
int cmd_deadlines(struct cli *cli);
int cmd_office(struct cli *cli);
int cmd_registry(struct cli *cli);
int cmd_export(struct cli *cli);
int cmd_settings(struct cli *cli);
int cmd_bundle(struct cli *cli);
/* qr.c: draw a QR code of text on out (a terminal), dark on light
 * whatever the terminal's colours; false when it cannot be drawn. */
bool cli_qr_draw(FILE *out, const char *text);
/* cmd_office.c: deadlines --office */
int cmd_deadlines_office(struct cli *cli);
/* cmd_request.c: why a request has no date (the case's words, malloc'ed) */
char *cli_unknown_why(const char *regime, const char *controller);
/* ical.c: iCalendar (RFC 5545) on out */
void cli_ical_begin(FILE *out);
void cli_ical_event(FILE *out, const char *uid, struct rc_ymd due, const char *summary, const char *description);
bool cli_ical_end(FILE *out);
int cmd_mandate(struct cli *cli);
int cmd_document(struct cli *cli);

#endif
