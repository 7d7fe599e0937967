/* args.c - the command line: every option once, each command's own options
 * as data, the parser that holds a command to them, and the help made from
 * the same tables.
 *
 * Parsing is two steps.  getopt_long reads every option recourse knows (so
 * that one given to the wrong command is named as such, not "unknown"), and
 * each occurrence is written down in order.  Once the noun and verb are
 * known, each occurrence is checked against that command's table: an option
 * it does not take, an unknown one, or one given twice where one value is
 * read, is refused with exit 2 before anything is done.  Only then are the
 * values stored in struct cli, where the cmd_*.c functions read them.
 *
 * Personal text (a name, a record's reference, what a letter says) is
 * never taken as an argument: every process's arguments can be read by
 * the other users of the computer (ps, /proc/PID/cmdline) while it runs,
 * and the shell keeps them in its history.  An option a command takes as
 * personal text (U_PERSONAL) is given as "-" and its text is read from the
 * terminal or standard input (cli_read_text); any other value is refused
 * with exit 2 and the safe form (doc/recourse.1, "Personal text"). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool cli_quiet;

/* ------------------------------------------------------------------ */
/* Every option, once: _(ID, scope, long name, short letter or 0, value
 * placeholder or NULL when it takes no value, help line).
 * Scope ALL: every command takes it (listed under "Options for every
 * command").  Scope VERB: only the commands whose table below names it.
 * A command's table may give its own placeholder and help where the option
 * means something more precise there (--country in case new, log list and
 * log add).  The help lines follow the option in --help, lower case, no
 * full stop. */
#define CLI_OPTION_INFO(_) \
	_(HELP,        ALL,  "help",            'h', NULL,             N_("help for a command, e.g. recourse log import --help")) \
	_(VERSION,     ALL,  "version",          0,  NULL,             N_("show the version")) \
	_(QUIET,       ALL,  "quiet",           'q', NULL,             N_("print only results and errors")) \
	_(PASSFD,      ALL,  "passphrase-fd",    0,  "N",              N_("read passphrases from file descriptor N, one per line (for scripts)")) \
	_(SLOT,        ALL,  "slot",             0,  "LABEL",          N_("try only this key slot")) \
	_(CASES_DIR,   ALL,  "cases-dir",        0,  "DIR",            N_("where cases live (default: ~/.local/share/recourse/cases)")) \
	/* TRANSLATORS: help of an option in --help, shown after it (e.g. after "--lang LL"). */ \
	_(LANG,        ALL,  "lang",             0,  "LL",             N_("language of the messages: ar, fa, ps, ti, uk, es, fr or en")) \
	_(FORMAT,      VERB, "format",           0,  "table|csv|json", N_("table, csv or json for listings")) \
	_(YES,         VERB, "yes",              0,  NULL,             N_("do not ask to type the case label first")) \
	_(SKIP,        VERB, "skip-invalid",     0,  NULL,             N_("import the valid entries and skip the invalid ones")) \
	/* TRANSLATORS: help of --also-record in "recourse log import --help". */ \
	_(ALSO_RECORD, VERB, "also-record",      0,  "-",              N_("also take accesses to another reference of this person's record, for a registry that names it in another way")) \
	/* TRANSLATORS: help of --raw in "recourse log show --help". */ \
	_(RAW,         VERB, "raw",              0,  NULL,             N_("also show the original record as received, with control characters removed")) \
	/* TRANSLATORS: help of --output in "recourse log show --help"; keep FILE in capitals. */ \
	_(OUTPUT,      VERB, "output",           0,  "FILE",           N_("write the original record, exactly as received, to FILE, a new file (never over an existing one)")) \
	_(OLDEST,      VERB, "oldest-first",     0,  NULL,             N_("oldest first instead of newest first")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(SINCE,       VERB, "since",            0,  "DATE",           N_("only accesses on or after DATE")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(UNTIL,       VERB, "until",            0,  "DATE",           N_("only accesses before DATE")) \
	/* TRANSLATORS: keep "any" in English: it is the value to type. */ \
	_(FLAG,        VERB, "flag",             0,  "ID",             N_("only accesses with this flag (see log flags), or \"any\" for every flagged one")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(AUTHORITY,   VERB, "authority",        0,  "TEXT",           N_("only accesses by this authority (or any whose name contains TEXT)")) \
	_(COUNTRY,     VERB, "country",          0,  "CC",             N_("only accesses by authorities of this country (two-letter code)")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(AFTER,       VERB, "after",            0,  "CURSOR",         N_("the page after CURSOR, as given under the last page")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(LIMIT,       VERB, "limit",            0,  "N",              N_("at most N accesses on a page (default 50)")) \
	_(NAME,        VERB, "name",             0,  "TEXT",           N_("the applicant's name, kept encrypted in the case")) \
	_(RECORD,      VERB, "record",           0,  "REF",            N_("the reference of the record in the registry")) \
	_(RECORD_MADE, VERB, "record-created",   0,  "DATE",           N_("the date the record was made")) \
	/* TRANSLATORS: keep SYSTEM:DATASET=DATE and the example in English: they are what to type. */ \
	_(RECORD_DATES, VERB, "record-dates",    0,  "LIST",           N_("where each retention period starts, as SYSTEM:DATASET=DATE with commas, e.g. eurodac:applicant=2023-09-04")) \
	_(LANGUAGE,    VERB, "language",         0,  "LL",             N_("the applicant's language, e.g. ar, fa, ti")) \
	_(REGIME,      VERB, "regime",           0,  "ID",             N_("the legal regime the request was made under (gdpr, eurodac...)")) \
	_(WHEN,        VERB, "when",             0,  "DATE",           N_("when the access happened")) \
	_(ROLE,        VERB, "role",             0,  "TEXT",           N_("the role or unit of whoever accessed the record")) \
	_(AGENT,       VERB, "agent",            0,  "TEXT",           N_("the staff number of whoever accessed the record")) \
	_(SYSTEM,      VERB, "system",           0,  "TEXT",           N_("the system used to access it")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(ACTION,      VERB, "action",           0,  "ID",             N_("what was done: search, read, create, update, delete, export or other")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(CATEGORIES,  VERB, "categories",       0,  "LIST",           N_("data touched: fingerprints, face-image, iris, biographic, other (comma-separated)")) \
	_(PURPOSE,     VERB, "purpose",          0,  "TEXT",           N_("the stated purpose")) \
	_(LEGAL,       VERB, "legal-basis",      0,  "TEXT",           N_("the stated legal basis")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(OUTCOME,     VERB, "outcome",          0,  "ID",             N_("the result: hit, no-hit, error or unknown")) \
	_(DEST,        VERB, "dest",             0,  "TEXT",           N_("who the data was shared with")) \
	_(DEST_COUNTRY, VERB, "dest-country",    0,  "CC",             N_("the country it was shared to (two-letter code)")) \
	_(SRCDOC,      VERB, "source-document",  0,  "TEXT",           N_("the letter or document this access was copied from")) \
	_(NOTE,        VERB, "note",             0,  "TEXT",           N_("a note of your own")) \
	_(REASON,      VERB, "reason",           0,  "TEXT",           N_("why, kept in the case journal")) \
	/* TRANSLATORS: keep the five kinds in English: they are the values to type. */ \
	_(KIND,        VERB, "kind",             0,  "KIND",           N_("the kind of request: access, rectification, erasure, restriction or complaint")) \
	_(FILED,       VERB, "filed",            0,  "DATE",           N_("the date the request was sent")) \
	_(CONFIRMED,   VERB, "confirmed",        0,  "DATE",           N_("the date the authority confirmed it")) \
	_(ADDRESSEE,   VERB, "addressee",        0,  "TEXT",           N_("the authority the request was sent to")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(CHANNEL,     VERB, "channel",          0,  "HOW",            N_("how it was sent: post, email, hand, fax or api")) \
	_(ABOUT,       VERB, "about",            0,  "TEXT",           N_("what is wrong in the record, or what is asked")) \
	_(CORRECT,     VERB, "correct-value",    0,  "TEXT",           N_("what the record should say instead")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(CONTROLLER,  VERB, "controller",       0,  "CC",             N_("the country of the authority that must answer (two-letter code), for its public holidays")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(TO,          VERB, "to",               0,  "STATE",          N_("the new state: filed, acknowledged, clarification, extended, answered, escalated or closed")) \
	_(DAY,         VERB, "day",              0,  "DATE",           N_("the day it happened")) \
	_(RECEIVED,    VERB, "received",         0,  "DATE",           N_("the day the authority received the request, when it says so")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(ANSWER,      VERB, "answer",           0,  "ID",             N_("what the authority answered: granted, partly, refused or no-data")) \
	_(REASONS,     VERB, "with-reasons",     0,  NULL,             N_("the authority gave its reasons for taking more time")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(ACCESS,      VERB, "access",           0,  "ID",             N_("an access this request relies on (its ID in log list); give it again for more")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(AUTH_LANG,   VERB, "authority-language", 0, "LL",            N_("the language of the letter sent (default: the first the authority accepts; English when there is no template in it)")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(PROOF,       VERB, "proof",            0,  "FILE",           N_("a file that proves it (a receipt, a scan, an e-mail with its headers, the answer), kept inside the case")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(MANDATE,     VERB, "mandate",          0,  "ID",             N_("the power of attorney it is made under (see mandate list)")) \
	_(HOLDER,      VERB, "holder",           0,  "TEXT",           N_("who holds the power of attorney: the lawyer's or the office's name")) \
	_(GRANTED,     VERB, "granted",          0,  "DATE",           N_("the day the applicant signed it")) \
	_(DETAIL,      VERB, "detail",           0,  "TEXT",           N_("what was sent or said, a registered-post number")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(FOLLOWS,     VERB, "follows",          0,  "ID",             N_("the earlier request a complaint is about (overdue or refused); its letter cites it")) \
	/* TRANSLATORS: keep the word in capitals: it stands for the value typed after the option. */ \
	_(DRAFT,       VERB, "draft",            0,  "N",              N_("make a draft erasure request from suggestion N")) \
	_(HELD_VALUE,  VERB, "held-value",       0,  "TEXT",           N_("what the record says now, as the answer gives it")) \
	/* TRANSLATORS: keep yes and no in English: they are the values to type. */ \
	_(STILL_HELD,  VERB, "still-held",       0,  "yes|no",         N_("whether the answer shows the erased data still held")) \
	_(REMINDER,    VERB, "reminder",         0,  NULL,             N_("a reminder of the request instead, when its answer is overdue: the day it was sent, the deadline it missed and its rule")) \
	/* TRANSLATORS: help of --office in "recourse deadlines --help". */ \
	_(OFFICE,      VERB, "office",           0,  NULL,             N_("every case of the office board instead of one case")) \
	/* TRANSLATORS: keep DIR in capitals: it stands for the folder typed after the option. */ \
	_(OFFICE_DIR,  VERB, "office-dir",       0,  "DIR",            N_("the office board's folder on this computer (default: ~/.local/share/recourse/office)")) \
	/* TRANSLATORS: keep CONNECTION in capitals; "service=office" is an example to type as it is. */ \
	_(OFFICE_DB,   VERB, "office-db",        0,  "CONNECTION",     N_("the office board in the office's PostgreSQL server: a service name (service=office) or a postgresql:// address, never with a password in it")) \
	/* TRANSLATORS: help of --to-db in "recourse office move --help". */ \
	_(TO_DB,       VERB, "to-db",            0,  "CONNECTION",     N_("move the board on this computer into the office's PostgreSQL server")) \
	/* TRANSLATORS: help of --to-dir in "recourse office move --help". */ \
	_(TO_DIR,      VERB, "to-dir",           0,  "DIR",            N_("move the board from PostgreSQL into a new board folder on this computer")) \
	/* TRANSLATORS: help of --times in "recourse office watch --help"; keep N in capitals. */ \
	_(TIMES,       VERB, "times",            0,  "N",              N_("show the board N times, then stop (default: until Ctrl-C)")) \
	/* TRANSLATORS: help of --url in "recourse registry add --help"; keep URL in capitals. */ \
	_(URL,         VERB, "url",              0,  "URL",            N_("the registry's address (https://...; plain http:// only to this computer, for training)")) \
	/* TRANSLATORS: help of --pin in "recourse registry add --help"; keep "sha256//" as it is. */ \
	_(PIN,         VERB, "pin",              0,  "PINS",           N_("the registry's public key(s) to expect: sha256//BASE64, several separated by \";\" (a backup)")) \
	/* TRANSLATORS: help of --ca in "recourse registry add --help"; PEM is a file format. */ \
	_(CA,          VERB, "ca",               0,  "FILE",           N_("the certificate (PEM) of the authority that signs the registry's certificate, when it is not one this computer trusts; kept inside the case")) \
	/* TRANSLATORS: help of --signing-cert in "recourse registry add --help"; PEM is a file format. */ \
	_(SIGNING_CERT, VERB, "signing-cert",    0,  "FILE",           N_("the certificate (PEM) that signs the registry's exports, as checked with the registry by another channel; kept inside the case")) \
	/* TRANSLATORS: help of --out in "recourse export save --help"; keep DIR in capitals. */ \
	_(OUT,         VERB, "out",              0,  "DIR",            N_("the folder to write export.json and export.p7s into (new files only)")) \
	/* TRANSLATORS: help of --client-id in "recourse registry add --help"; keep ID in capitals. */ \
	_(CLIENT_ID,   VERB, "client-id",        0,  "ID",             N_("the office's client id at the registry, for signing in (the registry gives it)")) \
	/* TRANSLATORS: help of --scope in "recourse registry add --help"; keep the word in capitals. */ \
	_(SCOPE,       VERB, "scope",            0,  "SCOPES",         N_("what to ask for when signing in, separated by spaces (default: all the registry offers)")) \
	/* TRANSLATORS: help of --client-cert in "recourse registry add --help"; PEM is a file format. */ \
	_(CLIENT_CERT, VERB, "client-cert",      0,  "FILE",           N_("the office's client certificate (PEM) for a registry that asks for one (mutual TLS); kept inside the case")) \
	/* TRANSLATORS: help of --client-key-fd in "recourse registry add --help"; keep N in capitals. */ \
	_(CLIENT_KEY_FD, VERB, "client-key-fd",  0,  "N",              N_("read the client certificate's private key (PEM) from file descriptor N; kept inside the case, never read from a file again")) \
	/* TRANSLATORS: help of --no-client-cert in "recourse registry set --help". */ \
	_(NO_CLIENT_CERT, VERB, "no-client-cert", 0, NULL,             N_("forget the client certificate and its key")) \
	/* TRANSLATORS: help of --drp-agent in "recourse registry add --help"; the Data Rights Protocol is a name. */ \
	_(DRP_AGENT,   VERB, "drp-agent",        0,  "ID",             N_("the office's agent id under the Data Rights Protocol, for erasure and access requests sent online (with --drp-business)")) \
	/* TRANSLATORS: help of --drp-business in "recourse registry add --help". */ \
	_(DRP_BUSINESS, VERB, "drp-business",    0,  "ID",             N_("the registry's business id under the Data Rights Protocol (with --drp-agent)")) \
	/* TRANSLATORS: help of --registry in "recourse request submit --help"; keep NAME in capitals. */ \
	_(REGISTRY,    VERB, "registry",         0,  "NAME",           N_("the registry to send it to, as named in registry add")) \
	/* TRANSLATORS: help of --full in "recourse registry sync --help". */ \
	_(FULL,        VERB, "full",             0,  NULL,             N_("ask for the whole log again, not only what is newer than the last sync")) \
	/* TRANSLATORS: help of --page-size in "recourse registry sync --help"; keep N in capitals. */ \
	_(PAGE_SIZE,   VERB, "page-size",        0,  "N",              N_("events per page asked of the registry (1 to 1000, default 1000)")) \
	/* TRANSLATORS: keep DAYS in capitals: it stands for the number typed after the option. */ \
	_(DUE_WITHIN,  VERB, "due-within",       0,  "DAYS",           N_("only what is due within DAYS days, overdue included")) \
	/* TRANSLATORS: keep the words after the colon in English: they are the values to type. */ \
	_(STATE,       VERB, "state",            0,  "S",              N_("only requests in this state: filed, acknowledged, clarification, extended, answered, escalated, draft or closed; or whose deadline is overdue, pending, paused or unknown")) \
	/* TRANSLATORS: help of --as in "recourse bundle create --help"; keep the three words in English. */ \
	_(AS,          VERB, "as",               0,  "folder|tar|zip", N_("write the bundle as a folder (default), a .tar or a .zip file")) \
	/* TRANSLATORS: help of --flagged-only in "recourse bundle create --help". */ \
	_(FLAGGED_ONLY, VERB, "flagged-only",    0,  NULL,             N_("only the flagged accesses")) \
	/* TRANSLATORS: help of --whole-files in "recourse bundle create --help". */ \
	_(WHOLE_FILES, VERB, "whole-files",      0,  NULL,             N_("put the received files in whole even when only part of the log is chosen (they hold the other accesses too)")) \
	/* TRANSLATORS: help of --no-log in "recourse bundle create --help". */ \
	_(NO_LOG,      VERB, "no-log",           0,  NULL,             N_("leave the access log out")) \
	/* TRANSLATORS: help of --no-exports in "recourse bundle create --help". */ \
	_(NO_EXPORTS,  VERB, "no-exports",       0,  NULL,             N_("leave the registries' signed exports out")) \
	/* TRANSLATORS: help of --requests in "recourse bundle create --help"; keep "all" in English. */ \
	_(REQUESTS,    VERB, "requests",         0,  "all|NUMBERS",      N_("the requests to put in, with their letters, answers and timelines: all, or their numbers")) \
	/* TRANSLATORS: help of --documents in "recourse bundle create --help"; keep "all" in English. */ \
	_(DOCUMENTS,   VERB, "documents",        0,  "all|NUMBERS",      N_("the documents to put in: all, or their numbers (a request's own go in with it)")) \
	/* TRANSLATORS: help of --court in "recourse bundle create --help". */ \
	_(COURT,       VERB, "court",            0,  "-",              N_("the court or tribunal the bundle is for, printed on its cover")) \
	/* TRANSLATORS: help of --prepared-by in "recourse bundle create --help". */ \
	_(PREPARED_BY, VERB, "prepared-by",      0,  "-",              N_("who prepared it (counsel, the office), printed on its cover")) \
	/* TRANSLATORS: help of --court-language in "recourse bundle create --help". */ \
	_(COURT_LANG,  VERB, "court-language",   0,  "LL",             N_("the language of the court, for the index (default: the language of the messages)")) \
	/* TRANSLATORS: help of --unsigned in "recourse bundle create --help". */ \
	_(UNSIGNED,    VERB, "unsigned",         0,  NULL,             N_("write it unsigned when the case has no certificate to sign with")) \
	/* TRANSLATORS: help of --preview in "recourse bundle create --help". */ \
	_(PREVIEW,     VERB, "preview",          0,  NULL,             N_("only show what the bundle would hold; write nothing")) \
	/* TRANSLATORS: help of --no-stamp in "recourse bundle create --help". */ \
	_(NO_STAMP,    VERB, "no-stamp",         0,  NULL,             N_("no time stamp, even when a time stamp authority is set (settings set tsa)")) \
	/* TRANSLATORS: help of --new in "recourse bundle signer --help". */ \
	_(NEW,         VERB, "new",              0,  NULL,             N_("make a new self-signed certificate, named after --prepared-by")) \
	/* TRANSLATORS: help of --cert in "recourse bundle signer --help"; keep FILE in capitals. */ \
	_(CERT,        VERB, "cert",             0,  "FILE",           N_("the office's or counsel's certificate (PEM, its chain after it), issued by a certification authority")) \
	/* TRANSLATORS: help of --key-fd in "recourse bundle signer --help"; keep N in capitals. */ \
	_(KEY_FD,      VERB, "key-fd",           0,  "N",              N_("read that certificate's private key (PEM) from file descriptor N; kept inside the case only")) \
	/* TRANSLATORS: help of --from-office in "recourse bundle signer --help". */ \
	_(FROM_OFFICE, VERB, "from-office",      0,  NULL,             N_("take the office's certificate (recourse office signer): asks for the office passphrase after the case's")) \
	CLI_TEST_OPTION_INFO(_)

/* Quick key derivation for the tests: these options exist only in a build
 * with test hooks; in any other build they are unknown options. */
#ifdef RC_TEST_HOOKS
#define CLI_TEST_OPTION_INFO(_) \
	_(KDF_MEM,     VERB, "kdf-memory",       0,  "MiB",            N_("memory of the key derivation for the new passphrase (for tests)")) \
	_(KDF_OPS,     VERB, "kdf-ops",          0,  "N",              N_("passes of the key derivation for the new passphrase (for tests)"))
#else
#define CLI_TEST_OPTION_INFO(_)
#endif

enum cli_opt {
	O_NONE,
#define O_ENUM(id, scope, name, letter, arg, help) O_##id,
	CLI_OPTION_INFO(O_ENUM)
#undef O_ENUM
	O_COUNT
};

enum opt_scope { ALL, VERB };

static const struct cli_option {
	const char *name;
	enum opt_scope scope;
	char letter;
	const char *arg;  /* placeholder; NULL: takes no value */
	const char *help; /* N_() */
} options[O_COUNT] = {
#define O_ROW(id, scope_, name_, letter_, arg_, help_) \
	[O_##id] = { .name = name_, .scope = scope_, .letter = letter_, .arg = arg_, .help = help_ },
	CLI_OPTION_INFO(O_ROW)
#undef O_ROW
};

/* ------------------------------------------------------------------ */
/* How one command takes one of its options. */
struct cli_use {
	enum cli_opt opt;
	unsigned flags;
	const char *arg;  /* placeholder when it differs from the option's own */
	const char *help; /* N_() help when it differs from the option's own */
};
enum {
	U_REQUIRED = 1, /* the command needs it: shown without [ ] */
	U_MANY = 2,     /* may be given again; the values add up */
	U_OWN_CHECK = 4, /* the command checks the value (--format of log import) */
	U_PERSONAL = 8  /* personal text: given as "-" and read (cli_read_text) */
};
#define USE(id) { O_##id, 0, NULL, NULL }
#define USE_AS(id, flags, arg, help) { O_##id, flags, arg, help }
/* Personal text: its placeholder is "-", the only value taken. */
#define USE_PERSONAL(id) { O_##id, U_PERSONAL, "-", NULL }
#define USE_END { O_NONE, 0, NULL, NULL }

#ifdef RC_TEST_HOOKS
#define USE_KDF USE(KDF_MEM), USE(KDF_OPS),
#else
#define USE_KDF
#endif

#define USE_LISTING USE(FORMAT)

static const struct cli_use tui_opts[] = { USE(LANG), USE_END };
static const struct cli_use case_new_opts[] = {
	/* TRANSLATORS: help of --slot in "recourse case new --help". */
	USE_AS(SLOT, 0, NULL, N_("label of the first key slot (default: applicant)")),
	/* TRANSLATORS: help of --country in "recourse case new --help". */
	USE_AS(COUNTRY, U_MANY, NULL, N_("a country the applicant fled or fears (two-letter code); may be repeated")),
	/* TRANSLATORS: help of --regime in "recourse case new --help". */
	USE_AS(REGIME, U_MANY, NULL, N_("a legal regime (gdpr, eurodac, sis, vis, ees, etias...); may be repeated")),
	USE_PERSONAL(NAME), USE_PERSONAL(RECORD), USE(RECORD_MADE), USE(RECORD_DATES), USE(LANGUAGE), USE_KDF
	USE_END
};
static const struct cli_use listing_opts[] = { USE_LISTING, USE_END };
static const struct cli_use no_opts[] = { USE_END };
static const struct cli_use new_pass_opts[] = { USE_KDF USE_END };
static const struct cli_use case_passwd_opts[] = {
	/* TRANSLATORS: help of --slot in "recourse case passwd --help". */
	USE_AS(SLOT, 0, NULL, N_("the key slot to change (default: the one that opens the case)")),
	USE_KDF
	USE_END
};
static const struct cli_use case_erase_opts[] = { USE(YES), USE_END };
static const struct cli_use log_import_opts[] = {
	/* TRANSLATORS: help of --format in "recourse log import --help". */
	USE_AS(FORMAT, U_OWN_CHECK, "auto|fhir|ndjson|csv", N_("the format of the file (default: auto, found from its content)")),
	USE(SKIP), USE_AS(ALSO_RECORD, U_MANY | U_PERSONAL, NULL, NULL), USE_END
};
static const struct cli_use log_list_opts[] = {
	USE(SINCE), USE(UNTIL), USE(FLAG), USE(AUTHORITY), USE(COUNTRY), USE(LIMIT), USE(AFTER),
	USE(OLDEST), USE_LISTING, USE_END
};
static const struct cli_use log_show_opts[] = { USE(RAW), USE(OUTPUT), USE_LISTING, USE_END };
/* An access written down by hand: log add, and log correct with the whole
 * corrected entry. */
#define USE_ENTRY \
	USE_AS(WHEN, U_REQUIRED, NULL, NULL), \
	/* TRANSLATORS: help of --authority in "recourse log add --help". */ \
	USE_AS(AUTHORITY, U_REQUIRED | U_PERSONAL, "-", N_("the authority that accessed the record")), \
	/* TRANSLATORS: help of --country in "recourse log add --help". */ \
	USE_AS(COUNTRY, 0, NULL, N_("the country of that authority (two-letter code)")), \
	USE_PERSONAL(ROLE), USE_PERSONAL(AGENT), USE_PERSONAL(SYSTEM), USE(ACTION), USE(CATEGORIES), \
	USE_PERSONAL(PURPOSE), USE_PERSONAL(LEGAL), USE(OUTCOME), USE_PERSONAL(DEST), USE(DEST_COUNTRY), \
	USE_PERSONAL(SRCDOC), USE_PERSONAL(NOTE)
static const struct cli_use log_add_opts[] = { USE_ENTRY, USE_END };
static const struct cli_use log_correct_opts[] = { USE_ENTRY, USE_PERSONAL(REASON), USE_END };
static const struct cli_use log_withdraw_opts[] = { USE_PERSONAL(REASON), USE_END };
static const struct cli_use request_add_opts[] = {
	USE_AS(KIND, U_REQUIRED, NULL, NULL),
	/* TRANSLATORS: help of --filed in "recourse request add --help". */
	USE_AS(FILED, 0, NULL, N_("the date the request was sent; without it, a draft not sent yet")),
	USE(CHANNEL), USE(CONFIRMED), USE(REGIME), USE(CONTROLLER), USE_AS(ACCESS, U_MANY, NULL, NULL), USE(MANDATE), USE_PERSONAL(ADDRESSEE),
	USE_PERSONAL(ABOUT), USE_PERSONAL(CORRECT), USE(FOLLOWS), USE_END
};
static const struct cli_use request_suggest_opts[] = { USE(DRAFT), USE_LISTING, USE_END };
static const struct cli_use request_compare_opts[] = { USE_PERSONAL(HELD_VALUE), USE(STILL_HELD), USE_END };
static const struct cli_use mandate_add_opts[] = {
	USE_AS(HOLDER, U_REQUIRED | U_PERSONAL, "-", NULL), USE_AS(GRANTED, U_REQUIRED, NULL, NULL), USE(PROOF), USE_END
};
static const struct cli_use mandate_revoke_opts[] = {
	/* TRANSLATORS: help of --day in "recourse mandate revoke --help". */
	USE_AS(DAY, U_REQUIRED, NULL, N_("the day it was revoked")), USE_END
};
static const struct cli_use request_letter_opts[] = {
	/* TRANSLATORS: help of --format in "recourse request letter --help"; keep text and pdf in English. */
	USE_AS(FORMAT, U_OWN_CHECK, "text|pdf", N_("text (default) or pdf")),
	/* TRANSLATORS: help of --output in "recourse request letter --help". */
	USE_AS(OUTPUT, 0, NULL, N_("write the letter to this new file (never over an existing one), e.g. on a USB stick")),
	/* TRANSLATORS: help of --language in "recourse request letter --help". */
	USE_AS(LANGUAGE, 0, NULL, N_("the applicant's language for the copy they read (default: the case's)")),
	USE(AUTH_LANG), USE(REMINDER), USE_END
};
static const struct cli_use request_move_opts[] = {
	USE_AS(TO, U_REQUIRED, NULL, NULL), USE_AS(DAY, U_REQUIRED, NULL, NULL), USE(CHANNEL), USE(RECEIVED),
	USE(ANSWER), USE(REASONS), USE(CONTROLLER), USE(PROOF), USE_PERSONAL(DETAIL), USE_END
};
static const struct cli_use deadlines_opts[] = {
	/* TRANSLATORS: help of --format in "recourse deadlines --help"; keep the four words in English. */
	USE_AS(FORMAT, U_OWN_CHECK, "table|csv|json|ical", N_("table, csv, json, or ical (iCalendar, RFC 5545, for a calendar program)")),
	USE(OFFICE), USE(OFFICE_DIR), USE(OFFICE_DB), USE(DUE_WITHIN), USE(STATE),
	USE_END
};
static const struct cli_use office_new_opts[] = {
	/* TRANSLATORS: help of --slot in "recourse office new --help". */
	USE_AS(SLOT, 0, NULL, N_("label of the first key slot (default: office)")),
	USE(OFFICE_DIR), USE(OFFICE_DB), USE_KDF USE_END
};
static const struct cli_use office_opts[] = { USE(OFFICE_DIR), USE(OFFICE_DB), USE_END };
static const struct cli_use office_status_opts[] = { USE_LISTING, USE(OFFICE_DIR), USE_END };
static const struct cli_use office_move_opts[] = { USE(OFFICE_DIR), USE(OFFICE_DB), USE(TO_DB), USE(TO_DIR), USE_KDF USE_END };
static const struct cli_use office_watch_opts[] = {
	/* TRANSLATORS: help of --format in "recourse office watch --help"; keep the three words in English. */
	USE_AS(FORMAT, U_OWN_CHECK, "table|csv|json", N_("table, csv or json, printed again at every change")),
	USE(OFFICE_DIR), USE(OFFICE_DB), USE(DUE_WITHIN), USE(STATE), USE(TIMES), USE_END
};
static const struct cli_use office_slot_opts[] = { USE(OFFICE_DIR), USE_KDF USE_END };
static const struct cli_use registry_add_opts[] = {
	USE_AS(URL, U_REQUIRED, NULL, NULL),
	/* TRANSLATORS: help of --regime in "recourse registry add --help". */
	USE_AS(REGIME, 0, NULL, N_("the legal regime the registry works under (eurodac, gdpr...)")),
	USE(PIN), USE(CA), USE(SIGNING_CERT), USE(CLIENT_ID), USE(SCOPE), USE(CLIENT_CERT), USE(CLIENT_KEY_FD),
	USE(DRP_AGENT), USE(DRP_BUSINESS), USE_END
};
static const struct cli_use registry_set_opts[] = {
	USE(CLIENT_ID), USE(SCOPE), USE(CLIENT_CERT), USE(CLIENT_KEY_FD), USE(NO_CLIENT_CERT), USE(SIGNING_CERT), USE_END
};
static const struct cli_use export_save_opts[] = { USE_AS(OUT, U_REQUIRED, NULL, NULL), USE_END };
static const struct cli_use request_submit_opts[] = { USE_AS(REGISTRY, U_REQUIRED, NULL, NULL), USE_END };
static const struct cli_use registry_sync_opts[] = { USE(FULL), USE(PAGE_SIZE), USE_END };
static const struct cli_use bundle_create_opts[] = {
	/* TRANSLATORS: help of --out in "recourse bundle create --help". */
	USE_AS(OUT, U_REQUIRED, NULL, N_("the folder to write the bundle into, e.g. on a USB stick")),
	USE(AS), USE(SINCE), USE(UNTIL), USE(FLAGGED_ONLY), USE(WHOLE_FILES), USE(NO_LOG), USE(REQUESTS), USE(DOCUMENTS),
	USE(NO_EXPORTS), USE_PERSONAL(COURT), USE_PERSONAL(PREPARED_BY), USE(COURT_LANG),
	/* TRANSLATORS: help of --language in "recourse bundle create --help". */
	USE_AS(LANGUAGE, 0, NULL, N_("also the applicant's language in the index, e.g. ar")),
	USE(UNSIGNED), USE(NO_STAMP), USE(PREVIEW), USE_END
};
static const struct cli_use bundle_signer_opts[] = {
	USE(NEW),
	/* TRANSLATORS: help of --prepared-by in "recourse bundle signer --help". */
	USE_AS(PREPARED_BY, U_PERSONAL, "-", N_("the name in a new certificate: the office or counsel")),
	USE(CERT), USE(KEY_FD), USE(FROM_OFFICE), USE(OFFICE_DIR), USE_END
};
static const struct cli_use office_signer_opts[] = {
	USE(NEW),
	/* TRANSLATORS: help of --prepared-by in "recourse office signer --help". */
	USE_AS(PREPARED_BY, U_PERSONAL, "-", N_("the name in a new certificate: the office")),
	USE(CERT),
	/* TRANSLATORS: help of --key-fd in "recourse office signer --help"; keep N in capitals. */
	USE_AS(KEY_FD, 0, "N", N_("read that certificate's private key (PEM) from file descriptor N; kept inside the office board's folder")),
	USE(OFFICE_DIR), USE_END
};
static const struct cli_use request_confirm_opts[] = { USE_AS(CONFIRMED, U_REQUIRED, NULL, NULL), USE_END };

/* One row per command: its arguments, its options and its help.  The
 * usage lines, each command's --help and the option checks all come from
 * here. */
static const struct cli_command {
	const char *noun, *verb;
	const char *args;            /* the arguments before the options */
	const struct cli_use *opts;  /* its own options, to USE_END */
	const char *text;            /* N_() */
} commands[] = {
	{ "tui", "", "[CASE]", tui_opts,
	  /* TRANSLATORS: help for "recourse tui". */
	  N_("Start the terminal interface (also what recourse does on a terminal without a command), on the case picker or on CASE, in language LL (ar, fa, ps, ti, uk, es, fr, en).") },
	{ "case", "new", "CASE", case_new_opts,
	  /* TRANSLATORS: help for "recourse case new". */
	  N_("Create a new encrypted case. You choose its first passphrase; nobody can open the case without it, and nobody can recover it unless you add another key slot (for example office-recovery).") },
	{ "case", "list", "", listing_opts,
	  N_("List the cases on this computer by label only. No passphrase is needed and nothing inside the cases is read.") },
	{ "case", "info", "CASE", listing_opts,
	  N_("Show what the case knows about itself: label, countries, regimes, key slots, number of accesses.") },
	{ "case", "set", "CASE FIELD VALUE", no_opts,
	  N_("Change one detail of the case: name, record, record-created, record-dates, countries, regimes, language, burst-count, burst-window. Changing countries, regimes, record dates or the burst settings re-checks every access.") },
	{ "case", "slots", "CASE", listing_opts,
	  N_("List the key slots (who can open the case). No passphrase is needed.") },
	{ "case", "add-slot", "CASE LABEL", new_pass_opts,
	  N_("Add a key slot with its own passphrase, for example counsel:NAME or office-recovery. Asks first for a passphrase that opens the case, then for the new one.") },
	{ "case", "remove-slot", "CASE LABEL", no_opts,
	  N_("Remove a key slot. Whoever held it may have kept a copy of the key: run \"case rekey\" afterwards to lock them out for good.") },
	{ "case", "passwd", "CASE", case_passwd_opts,
	  N_("Change the passphrase of a key slot (the one you open the case with, or --slot).") },
	{ "case", "rekey", "CASE", no_opts,
	  N_("Give the case a new data key and re-encrypt it. Every remaining key slot keeps working; removed slots and copies of the old key stop working.") },
	{ "case", "verify", "CASE", no_opts,
	  N_("Check the case file: its history (journal) must be unbroken and the database whole.") },
	{ "case", "journal", "CASE", listing_opts,
	  N_("Show the case history: every change and every opening, with who did it.") },
	{ "case", "erase", "CASE", case_erase_opts,
	  N_("Destroy the case: its keys first, then its files. Asks you to type the case label unless --yes is given.") },
	{ "log", "import", "CASE FILE", log_import_opts,
	  N_("Import an access log: FHIR AuditEvent (a Bundle or one resource), NDJSON, or CSV transcribed from a letter. Importing the same events again never duplicates them. A file with an invalid entry imports nothing unless --skip-invalid is given.") },
	{ "log", "list", "CASE", log_list_opts,
	  N_("List who accessed the record, newest first, one page at a time. The last line gives the --after value for the next page.") },
	{ "log", "show", "CASE ID", log_show_opts,
	  /* TRANSLATORS: help for "recourse log show"; keep --raw and --output FILE as they are. */
	  N_("Show one access: every field, its flags with their explanations, and (with --raw) the original record as received, with control characters removed. --output FILE writes its exact bytes to a new file.") },
	{ "log", "add", "CASE", log_add_opts,
	  N_("Add one access by hand, for example from a paper answer.") },
	{ "log", "correct", "CASE ID", log_correct_opts,
	  N_("Correct an access you wrote down by hand: give the whole corrected entry. The earlier version stays in the case journal. Accesses imported from a registry's log cannot be changed.") },
	{ "log", "withdraw", "CASE ID", log_withdraw_opts,
	  N_("Withdraw an access you wrote down by hand by mistake. It stays in the case journal.") },
	{ "log", "summary", "CASE", listing_opts,
	  N_("Count the accesses by authority, country, purpose and flag, and say what is new since the last summary.") },
	{ "log", "flags", "", listing_opts,
	  N_("List every flag with its explanation.") },
	{ "request", "add", "CASE", request_add_opts,
	  N_("Record a request to an authority: a draft, or one already sent (--filed), so that its deadline is followed and accesses after it are flagged.") },
	{ "request", "show", "CASE ID", listing_opts,
	  N_("Show one request: what it asks, its deadline with the rule that produced it, and every step with its day.") },
	{ "request", "move", "CASE ID", request_move_opts,
	  N_("Record the next step of a request (sent, received, more information asked, more time taken, answered, complaint, closed). A step the law does not allow from its state is refused.") },
	{ "request", "letter", "CASE ID", request_letter_opts,
	  N_("The letter of a request, ready to sign: in the authority's language with a copy in the applicant's, as text or PDF, on standard output or in a new file (--output). A PDF is never written to a terminal.") },
	{ "request", "confirm", "CASE ID", request_confirm_opts,
	  N_("Record that the authority confirmed an erasure or restriction, so that accesses after that date are flagged.") },
	{ "request", "suggest", "CASE", request_suggest_opts,
	  N_("List the data whose retention period has run out (it should already have been erased), each with its rule and the accesses that show it still held; --draft N makes a draft erasure request from suggestion N.") },
	{ "request", "check", "CASE ID", no_opts,
	  N_("After a correction or erasure was granted: make a draft access request that follows it, to check it was done.") },
	{ "request", "compare", "CASE ID", request_compare_opts,
	  N_("When the check is answered: compare what the answer shows with what was asked (a correction: --held-value -, what the record says now; an erasure: --still-held yes or no), and keep the result on the request.") },
	{ "request", "submit", "CASE ID", request_submit_opts,
	  N_("Send a request to a registry online: a correction (rectification) by the registry's correction service, an erasure or access request by the Data Rights Protocol. A draft is recorded as sent on the day the registry received it. A request is never sent twice.") },
	{ "request", "status", "CASE [ID]", listing_opts,
	  N_("Ask the registry how a request sent online stands (without ID: every open one), and record what it says as the request's next step, on the registry's dates. Its expected date is shown beside the legal deadline, never instead of it.") },
	{ "request", "list", "CASE", listing_opts,
	  N_("List the requests recorded in the case, with their state, deadline and what to do next.") },
	{ "mandate", "add", "CASE", mandate_add_opts,
	  N_("Record a power of attorney the applicant signed for a lawyer or the office, with its signed copy (--proof), so that requests can be made under it.") },
	{ "mandate", "list", "CASE", listing_opts,
	  N_("List the powers of attorney of the case.") },
	{ "mandate", "revoke", "CASE ID", mandate_revoke_opts,
	  N_("Record that a power of attorney was revoked: no new request can be made under it.") },
	{ "document", "list", "CASE", listing_opts,
	  N_("List the documents kept inside the case (proofs of sending, answers, powers of attorney).") },
	{ "deadlines", "", "[CASE]", deadlines_opts,
	  N_("List the deadlines of the case's open requests, soonest first, each with its rule; --format ical writes them for a calendar program. With --office instead of a case: every open request of every case on the office board, overdue first (asks for the office passphrase).") },
	{ "office", "new", "", office_new_opts,
	  N_("Make the office deadline board on this computer, under an office passphrase. It holds only what the board needs: case labels, kinds of request, regimes, dates and states; no names, no accesses, no letters.") },
	{ "office", "join", "CASE", office_opts,
	  N_("Put a case on the office board: from now on each change of its requests updates the board. Asks for the case's passphrase only; the board can never open the case.") },
	{ "office", "leave", "CASE", no_opts,
	  N_("Take a case off the office board: its rows are removed the next time the board is opened.") },
	{ "office", "status", "CASE", office_status_opts,
	  N_("Say which office board the case tells of its requests, and whether the board has heard of its last change.") },
	{ "office", "move", "", office_move_opts,
	  N_("Move the office board between this computer and the office's PostgreSQL server (--to-db, or --to-dir from --office-db), losing nothing. Cases that still write to the old place follow the board the next time they change.") },
	{ "office", "watch", "", office_watch_opts,
	  N_("Show the office board and show it again each time a case or another terminal changes it, until Ctrl-C (a screen on the wall of the office).") },
	{ "registry", "add", "CASE NAME", registry_add_opts,
	  N_("Tell the case about a registry that keeps the person's record: its address, and how to check that it is really the registry (--pin, --ca) and its signed exports (--signing-cert). Nothing is sent yet.") },
	{ "registry", "set", "CASE NAME", registry_set_opts,
	  N_("Change what the case keeps of a registry: the certificate that signs its exports (--signing-cert FILE, PEM, after checking its fingerprint with the registry by another channel: recourse never takes it from the registry by itself), the office's client id (--client-id), what to ask for when signing in (--scope), the office's client certificate and its key (--client-cert with --client-key-fd, or --no-client-cert). A new certificate ends the sign-in.") },
	{ "registry", "list", "CASE", listing_opts,
	  N_("List the case's registries: when each was last reached, and what its last sync found (all of the log, no accesses, part of the log withheld, or no answer).") },
	{ "registry", "test", "CASE NAME", no_opts,
	  N_("Reach a registry and read what it says about itself (its discovery document), without asking for anything.") },
	{ "registry", "sync", "CASE NAME", registry_sync_opts,
	  N_("Fetch the access log of the person's record from a registry, page by page, into the case. Stopped or cut short, the next sync goes on from where it was; nothing is ever counted twice. A page that is damaged, about someone else, or leads elsewhere is refused whole.") },
	{ "export", "download", "CASE REGISTRY", no_opts,
	  N_("Fetch the registry's signed export of the person's record and its access log, with its signature, and verify the signature against the registry's configured signing certificate before keeping anything. A pair that does not verify is refused and nothing is kept.") },
	{ "export", "list", "CASE", listing_opts,
	  N_("List the signed exports kept in the case: when each was fetched, from which registry, its size, its SHA-256, who signed it and when.") },
	{ "export", "save", "CASE ID", export_save_opts,
	  N_("Write a kept export and its signature as export.json and export.p7s into a folder, so that anyone can check them (openssl cms -verify, see the manual page).") },
	{ "registry", "login", "CASE NAME", no_opts,
	  N_("Sign in to a registry that asks for it: recourse shows a short code and an address (and a QR code on a terminal); open the address on a phone or another computer, sign in there and enter the code. The sign-in is kept inside the case.") },
	{ "registry", "logout", "CASE NAME", no_opts,
	  N_("Forget the sign-in to a registry kept in the case.") },
	{ "settings", "show", "", no_opts,
	  N_("Show the program's settings for talking to registries: the proxy, and whether the environment's proxy variables are honoured.") },
	{ "settings", "set", "KEY VALUE", no_opts,
	  N_("Change a setting: proxy (http://HOST:PORT, https://HOST:PORT or socks5h://HOST:PORT; none to remove it) or proxy-env (yes: honour https_proxy and the like; no, the default: ignore them).") },
	{ "bundle", "create", "CASE", bundle_create_opts,
	  N_("Make an evidence bundle for a court: a BagIt bag with the access log as received and as a table, the flagged accesses explained, the requests chosen with their letters and answers, the registries' signed exports, the documents chosen and the case journal, an index (PDF), and a signature. Shows what it will hold, then writes it to the folder given (a temporary name until it is whole) and records it in the case.") },
	{ "bundle", "verify", "PATH", listing_opts,
	  N_("Check an evidence bundle (a folder, .tar or .zip), made here or anywhere: every checksum, the files added, removed or changed, its signature and time stamp, the registries' signatures inside, and the case journal against its signed checkpoint. Needs no case and no passphrase.") },
	{ "bundle", "signer", "CASE", bundle_signer_opts,
	  N_("Show the certificate the case signs bundles with and its fingerprint (give the fingerprint to the court or the other side by another channel); or make a new self-signed one (--new), or take the office's or counsel's (--cert with --key-fd, or --from-office: the one the office board keeps). The key is kept inside the case.") },
	{ "bundle", "list", "CASE", listing_opts,
	  N_("List the evidence bundles made from the case: when, by which key slot, what they held, the SHA-256 of their tag manifest, and who signed them.") },
	{ "office", "signer", "", office_signer_opts,
	  N_("Show the certificate the office signs evidence bundles with, kept in the office board's folder under the office passphrase; or make a new self-signed one (--new), or give the office's (--cert with --key-fd). Each case takes it with: recourse bundle signer CASE --from-office.") },
	{ "office", "add-slot", "LABEL", office_slot_opts,
	  N_("Add a key slot to the office board, with its own passphrase (for example one per caseworker). Asks first for a passphrase that opens the board, then for the new one.") },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* The command NOUN VERB names; no noun is the terminal interface, whose
 * "verb" is its case.  NULL: no such command (its dispatcher says so). */
static const struct cli_command *command_find(const char *noun, const char *verb)
{
	if (!noun)
		noun = "tui";
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].noun, noun) != 0)
			continue;
		if (!*commands[i].verb || (verb && strcmp(commands[i].verb, verb) == 0))
			return &commands[i];
	}
	return NULL;
}

/* How cmd takes option o; NULL when it is not in its table. */
static const struct cli_use *use_find(const struct cli_command *cmd, enum cli_opt o)
{
	for (const struct cli_use *u = cmd->opts; u->opt != O_NONE; u++)
		if (u->opt == o)
			return u;
	return NULL;
}

static const char *use_arg(const struct cli_use *u)
{
	return u->arg ? u->arg : options[u->opt].arg;
}

/* ------------------------------------------------------------------ */
/* Help, made from the tables. */

enum { HELP_WIDTH = 79, OPT_COLUMN = 30 };

/* "log list CASE [--since DATE] ... [--format table|csv|json]", broken
 * into lines of at most HELP_WIDTH columns (the first starts at column
 * first_col); the lines after the first are indented by indent. */
static void synopsis(struct rc_buf *b, const struct cli_command *cmd, int first_col, int indent)
{
	int col = first_col;
	size_t line_start = b->len;
	rc_buf_printf(b, "%s%s%s%s%s", cmd->noun, *cmd->verb ? " " : "", cmd->verb, *cmd->args ? " " : "",
	              cmd->args);
	col += (int)(b->len - line_start);
	for (const struct cli_use *u = cmd->opts; u->opt != O_NONE; u++) {
		char word[128];
		const char *arg = use_arg(u);
		snprintf(word, sizeof word, "%s--%s%s%s%s%s", u->flags & U_REQUIRED ? "" : "[",
		         options[u->opt].name, arg ? " " : "", arg ? arg : "",
		         u->flags & U_REQUIRED ? "" : "]", u->flags & U_MANY ? "..." : "");
		int w = (int)strlen(word);
		if (col + 1 + w > HELP_WIDTH) {
			rc_buf_printf(b, "\n%*s%s", indent, "", word);
			col = indent + w;
		} else {
			rc_buf_printf(b, " %s", word);
			col += 1 + w;
		}
	}
	rc_buf_cstr(b);
}

/* One line of an option list: "  -h, --help" or "      --since DATE", then
 * its help in a column (on the next line when the option is too wide). */
static void option_line(FILE *out, enum cli_opt o, const char *arg, const char *help)
{
	char left[128];
	const struct cli_option *op = &options[o];
	if (op->letter)
		snprintf(left, sizeof left, "-%c, --%s%s%s", op->letter, op->name, arg ? " " : "", arg ? arg : "");
	else
		snprintf(left, sizeof left, "    --%s%s%s", op->name, arg ? " " : "", arg ? arg : "");
	if ((int)strlen(left) + 2 > OPT_COLUMN)
		fprintf(out, "  %s\n  %*s%s\n", left, OPT_COLUMN, "", _(help));
	else
		fprintf(out, "  %-*s%s\n", OPT_COLUMN, left, _(help));
}

/* The options every command takes; skip those cmd lists as its own. */
static void global_options(FILE *out, const struct cli_command *cmd)
{
	fprintf(out, "%s\n", _("Options for every command:"));
	for (int o = O_NONE + 1; o < O_COUNT; o++)
		if (options[o].scope == ALL && !(cmd && use_find(cmd, (enum cli_opt)o)))
			option_line(out, (enum cli_opt)o, options[o].arg, options[o].help);
}

void cli_usage(FILE *out)
{
	fprintf(out, _("Usage: recourse NOUN VERB [CASE] [options]\n"
	               "       recourse            (start the terminal interface)\n\n"));
	fprintf(out, "%s\n\n", _("See who accessed a biometric record, and keep an encrypted case file."));
	fprintf(out, "%s\n", _("Commands:"));
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		rc_buf_reset(&b);
		synopsis(&b, &commands[i], 11, 8);
		fprintf(out, "  recourse %s\n", rc_buf_cstr(&b));
	}
	rc_buf_free(&b);
	fputc('\n', out);
	global_options(out, NULL);
	fprintf(out, "\n%s\n", _("Exit status: 0 done, 1 error, 2 usage, 3 wrong passphrase, 4 disk or file error, 5 no such case, 6 damaged case, 7 case open elsewhere, 8 journal altered, 9 invalid input, 10 not found, 11 cancelled, 12 data files missing. See man recourse."));
	/* TRANSLATORS: continues the list of exit statuses above. */
	fprintf(out, "%s\n", _("Also: 13 the case's folder or files could be changed by someone else, 14 too many wrong passphrases (wait)."));
}

/* One command's whole help: usage, what it does, its options, then the
 * options every command takes. */
static void command_help(FILE *out, const struct cli_command *cmd)
{
	struct rc_buf b;
	rc_buf_init(&b);
	synopsis(&b, cmd, 16, 8);
	fprintf(out, _("Usage: recourse %s\n"), rc_buf_cstr(&b));
	rc_buf_free(&b);
	fprintf(out, "  %s\n\n", _(cmd->text));
	if (cmd->opts->opt != O_NONE) {
		bool personal = false;
		fprintf(out, "%s\n", _("Options:"));
		for (const struct cli_use *u = cmd->opts; u->opt != O_NONE; u++) {
			option_line(out, u->opt, use_arg(u), u->help ? u->help : options[u->opt].help);
			personal |= (u->flags & U_PERSONAL) != 0;
		}
		if (personal)
			/* TRANSLATORS: after the options of a command that takes
			 * personal text; keep "-" as it is. */
			fprintf(out, "\n%s\n", _("Options shown with - take personal text, which is never typed on the command line: give - and type the text when asked, or send it on standard input, one line for each such option, in the order given."));
		fputc('\n', out);
	}
	global_options(out, cmd);
}

bool cli_help_for(const struct cli *cli)
{
	if (!cli->show_help)
		return false;
	const struct cli_command *cmd = command_find(cli->noun, cli->verb);
	if (cmd) {
		command_help(stdout, cmd);
		return true;
	}
	/* "recourse case --help": every command of the noun, without options */
	bool any = false;
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; cli->noun && i < NCOMMANDS; i++) {
		if (strcmp(commands[i].noun, cli->noun) != 0)
			continue;
		rc_buf_reset(&b);
		synopsis(&b, &commands[i], 16, 8);
		printf(_("Usage: recourse %s\n"), rc_buf_cstr(&b));
		printf("  %s\n\n", _(commands[i].text));
		any = true;
	}
	rc_buf_free(&b);
	if (any)
		printf(_("Try: recourse %s VERB --help\n"), cli->noun);
	else
		cli_usage(stdout);
	return true;
}

/* ------------------------------------------------------------------ */
/* Parsing. */

static void join_append(char **list, const char *item)
{
	size_t a = *list ? strlen(*list) : 0, b = strlen(item);
	*list = rc_xrealloc(*list, a + b + 2);
	if (a)
		(*list)[a++] = ',';
	memcpy(*list + a, item, b + 1);
}

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || !*s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* One option as it was given, in command-line order. */
struct given {
	enum cli_opt opt;    /* O_NONE: not an option recourse knows */
	enum { G_OK, G_UNKNOWN, G_NEEDS_VALUE, G_NO_VALUE } what;
	const char *value;
	const char *typed;   /* the word typed, for an unknown option */
	char letter;         /* an unknown short option */
};

/* getopt_long's table: every option, so that a known option given to the
 * wrong command is told apart from an unknown one.  val is 256 + ID. */
static void long_options(struct option *lo)
{
	int n = 0;
	for (int o = O_NONE + 1; o < O_COUNT; o++)
		lo[n++] = (struct option){ options[o].name, options[o].arg ? required_argument : no_argument,
		                           NULL, 256 + o };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
}

static enum cli_opt opt_of(int ch)
{
	if (ch >= 256 + O_NONE + 1 && ch < 256 + O_COUNT)
		return (enum cli_opt)(ch - 256);
	for (int o = O_NONE + 1; o < O_COUNT; o++)
		if (options[o].letter && options[o].letter == ch)
			return (enum cli_opt)o;
	return O_NONE;
}

/* "Try: recourse log list --help" */
static void try_help(const struct cli_command *cmd)
{
	if (cmd && *cmd->verb)
		fprintf(stderr, _("Try: recourse %s %s --help\n"), cmd->noun, cmd->verb);
	else if (cmd)
		fprintf(stderr, _("Try: recourse %s --help\n"), cmd->noun);
	else
		fprintf(stderr, _("Try: recourse --help\n"));
}

/* How many options start with the len bytes at p (getopt_long takes any
 * unambiguous start of an option's name). */
static int prefix_count(const char *p, size_t len)
{
	int n = 0;
	for (int o = O_NONE + 1; o < O_COUNT; o++)
		n += strncmp(options[o].name, p, len) == 0;
	return n;
}

/* Each option given, held to cmd's table (any known option when cmd is
 * NULL: the dispatcher then says the command is not one).  0, or 2 with
 * the reason printed. */
static int check_given(const struct cli_command *cmd, const struct given *g, int n)
{
	int count[O_COUNT] = { 0 };
	for (int i = 0; i < n; i++) {
		if (g[i].what == G_UNKNOWN) {
			/* "--frob" of "--frob=3" */
			char typed[128];
			snprintf(typed, sizeof typed, "%.*s", (int)strcspn(g[i].typed, "="), g[i].typed);
			if (g[i].letter)
				fprintf(stderr, _("recourse: the option -%c is not known.\n"), g[i].letter);
			else if (!strncmp(typed, "--", 2) && prefix_count(typed + 2, strlen(typed + 2)) > 1)
				/* TRANSLATORS: %s is the start of an option's name, such as --re. */
				fprintf(stderr, _("recourse: %s is the start of more than one option: write the option in full.\n"),
				        typed);
			else
				fprintf(stderr, _("recourse: the option %s is not known.\n"), typed);
			try_help(cmd);
			return 2;
		}
		const struct cli_option *op = &options[g[i].opt];
		const struct cli_use *u = cmd ? use_find(cmd, g[i].opt) : NULL;
		if (cmd && !u && op->scope != ALL) {
			char name[64];
			snprintf(name, sizeof name, "%s%s%s", cmd->noun, *cmd->verb ? " " : "", cmd->verb);
			/* TRANSLATORS: the first %s is a command such as "log list", the
			 * second the name of an option it does not take, such as "kind". */
			fprintf(stderr, _("recourse: \"%s\" does not take the option --%s.\n"), name, op->name);
			try_help(cmd);
			return 2;
		}
		if (g[i].what == G_NEEDS_VALUE || g[i].what == G_NO_VALUE) {
			if (g[i].what == G_NEEDS_VALUE)
				/* TRANSLATORS: the first %s is the name of an option, the
				 * second what its value stands for (DATE, N, TEXT...). */
				fprintf(stderr, _("recourse: the option --%s needs a value (%s).\n"), op->name,
				        u ? use_arg(u) : op->arg);
			else
				fprintf(stderr, _("recourse: the option --%s takes no value.\n"), op->name);
			try_help(cmd);
			return 2;
		}
		/* A value given twice where one is read: which one was meant? */
		if (op->arg && ++count[g[i].opt] == 2 && !(u && (u->flags & U_MANY))) {
			fprintf(stderr, _("recourse: the option --%s can be given only once.\n"), op->name);
			try_help(cmd);
			return 2;
		}
	}
	return 0;
}

/* Store one checked option in cli.  0, -1 (--version: done), or 2. */
static int apply(struct cli *cli, enum cli_opt o, const char *v)
{
	long n;
	switch (o) {
	case O_HELP: cli->show_help = true; break;
	case O_QUIET: cli->quiet = cli_quiet = true; break;
	case O_VERSION:
		printf("recourse %s\n", PACKAGE_VERSION);
		return -1;
	case O_PASSFD:
		if (!parse_long(v, 0, 1 << 20, &n)) {
			fprintf(stderr, _("recourse: --passphrase-fd needs a file descriptor number, not \"%s\".\n"), v);
			return 2;
		}
		cli->passphrase_fd = (int)n;
		break;
	case O_SLOT: cli->slot = v; break;
	case O_CASES_DIR: setenv("RECOURSE_CASES_DIR", v, 1); break;
	case O_LANG: break; /* handled before gettext starts, in main.c */
	case O_FORMAT:
		cli->format_text = v;
		cli->format_given = true;
		if (!strcmp(v, "table")) cli->format = CLI_TABLE;
		else if (!strcmp(v, "csv")) cli->format = CLI_CSV;
		else if (!strcmp(v, "json")) cli->format = CLI_JSON;
		break;
	case O_YES: cli->yes = true; break;
	case O_SKIP: cli->skip_invalid = true; break;
	case O_RAW: cli->raw = true; break;
	case O_OUTPUT: cli->output = v; break;
	case O_OLDEST: cli->oldest_first = true; break;
	case O_SINCE: cli->since = v; break;
	case O_UNTIL: cli->until = v; break;
	case O_FLAG: cli->flag = v; break;
	case O_AUTHORITY: cli->authority = v; break;
	case O_COUNTRY:
		cli->country = v;
		join_append(&cli->countries, v);
		break;
	case O_AFTER: cli->after = v; break;
	case O_LIMIT:
		if (!parse_long(v, 1, 100000, &cli->limit)) {
			fprintf(stderr, _("recourse: --limit needs a number from 1 to 100000.\n"));
			return 2;
		}
		break;
	case O_NAME: cli->name = v; break;
	case O_RECORD: cli->record = v; break;
	case O_RECORD_MADE: cli->record_created = v; break;
	case O_RECORD_DATES: cli->record_dates = v; break;
	case O_LANGUAGE: cli->language = v; break;
	case O_ALSO_RECORD:
		join_append(&cli->also_records, v);
		break;
	case O_REGIME:
		cli->regime = v;
		join_append(&cli->regimes, v);
		break;
	case O_WHEN: cli->when = v; break;
	case O_ROLE: cli->role = v; break;
	case O_AGENT: cli->agent = v; break;
	case O_SYSTEM: cli->system = v; break;
	case O_ACTION: cli->action = v; break;
	case O_CATEGORIES: cli->categories = v; break;
	case O_PURPOSE: cli->purpose = v; break;
	case O_LEGAL: cli->legal_basis = v; break;
	case O_OUTCOME: cli->outcome = v; break;
	case O_DEST: cli->dest = v; break;
	case O_DEST_COUNTRY: cli->dest_country = v; break;
	case O_SRCDOC: cli->source_document = v; break;
	case O_NOTE: cli->note = v; break;
	case O_REASON: cli->reason = v; break;
	case O_KIND: cli->kind = v; break;
	case O_FILED: cli->filed = v; break;
	case O_CONFIRMED: cli->confirmed = v; break;
	case O_ADDRESSEE: cli->addressee = v; break;
	case O_CHANNEL: cli->channel = v; break;
	case O_ABOUT: cli->about = v; break;
	case O_CORRECT: cli->correct_value = v; break;
	case O_CONTROLLER: cli->controller = v; break;
	case O_TO: cli->to = v; break;
	case O_DAY: cli->day = v; break;
	case O_RECEIVED: cli->received = v; break;
	case O_ANSWER: cli->answer = v; break;
	case O_REASONS: cli->with_reasons = true; break;
	case O_REMINDER: cli->reminder = true; break;
	case O_DETAIL: cli->detail = v; break;
	case O_PROOF: cli->proof = v; break;
	case O_MANDATE: cli->mandate = v; break;
	case O_HOLDER: cli->holder = v; break;
	case O_GRANTED: cli->granted = v; break;
	case O_ACCESS: join_append(&cli->accesses, v); break;
	case O_AUTH_LANG: cli->authority_language = v; break;
	case O_FOLLOWS: cli->follows = v; break;
	case O_DRAFT: cli->draft = v; break;
	case O_HELD_VALUE: cli->held_value = v; break;
	case O_STILL_HELD: cli->still_held = v; break;
	case O_OFFICE: cli->office = true; break;
	case O_OFFICE_DIR: cli->office_dir = v; break;
	case O_OFFICE_DB: cli->office_db = v; break;
	case O_TIMES:
		if (!parse_long(v, 1, 1000000, &n)) {
			fprintf(stderr, _("recourse: --times needs a number from 1 to 1000000.\n"));
			return 2;
		}
		cli->times = n;
		break;
	case O_TO_DB: cli->to_db = v; break;
	case O_URL: cli->url = v; break;
	case O_PIN: cli->pin = v; break;
	case O_CA: cli->ca = v; break;
	case O_SIGNING_CERT: cli->signing_cert = v; break;
	case O_OUT: cli->out = v; break;
	case O_AS: cli->as = v; break;
	case O_FLAGGED_ONLY: cli->flagged_only = true; break;
	case O_WHOLE_FILES: cli->whole_files = true; break;
	case O_NO_LOG: cli->no_log = true; break;
	case O_NO_EXPORTS: cli->no_exports = true; break;
	case O_REQUESTS: cli->requests = v; break;
	case O_DOCUMENTS: cli->documents = v; break;
	case O_COURT: cli->court = v; break;
	case O_PREPARED_BY: cli->prepared_by = v; break;
	case O_COURT_LANG: cli->court_lang = v; break;
	case O_UNSIGNED: cli->unsigned_ok = true; break;
	case O_PREVIEW: cli->preview = true; break;
	case O_NO_STAMP: cli->no_stamp = true; break;
	case O_NEW: cli->new_signer = true; break;
	case O_FROM_OFFICE: cli->from_office = true; break;
	case O_CERT: cli->cert = v; break;
	case O_KEY_FD:
		if (!parse_long(v, 0, 1 << 20, &n)) {
			fprintf(stderr, _("recourse: --key-fd needs a file descriptor number, not \"%s\".\n"), v);
			return 2;
		}
		cli->key_fd = (int)n;
		break;
	case O_DRP_AGENT: cli->drp_agent = v; break;
	case O_DRP_BUSINESS: cli->drp_business = v; break;
	case O_REGISTRY: cli->registry = v; break;
	case O_FULL: cli->full = true; break;
	case O_CLIENT_ID: cli->client_id = v; break;
	case O_SCOPE: cli->scope = v; break;
	case O_CLIENT_CERT: cli->client_cert = v; break;
	case O_CLIENT_KEY_FD:
		if (!parse_long(v, 0, 1 << 20, &n)) {
			fprintf(stderr, _("recourse: --client-key-fd needs a file descriptor number, not \"%s\".\n"), v);
			return 2;
		}
		cli->client_key_fd = (int)n;
		break;
	case O_NO_CLIENT_CERT: cli->no_client_cert = true; break;
	case O_PAGE_SIZE:
		if (!parse_long(v, 1, 1000, &n)) {
			fprintf(stderr, _("recourse: --page-size needs a number from 1 to 1000.\n"));
			return 2;
		}
		cli->page_size = n;
		break;
	case O_TO_DIR: cli->to_dir = v; break;
	case O_STATE: cli->state = v; break;
	case O_DUE_WITHIN:
		if (!parse_long(v, 0, 36500, &n)) {
			fprintf(stderr, _("recourse: --due-within needs a number of days from 0 to 36500.\n"));
			return 2;
		}
		cli->due_within = n;
		break;
#ifdef RC_TEST_HOOKS
	case O_KDF_MEM:
		if (!parse_long(v, 64, 4096, &n)) {
			fprintf(stderr, _("recourse: --kdf-memory needs a size in MiB from 64 to 4096.\n"));
			return 2;
		}
		cli->kdf.memlimit = (size_t)n << 20;
		break;
	case O_KDF_OPS:
		if (!parse_long(v, 3, 64, &n)) {
			fprintf(stderr, _("recourse: --kdf-ops needs a number from 3 to 64.\n"));
			return 2;
		}
		cli->kdf.opslimit = (unsigned long long)n;
		break;
#endif
	case O_NONE:
	case O_COUNT:
		break;
	}
	return 0;
}

int cli_parse(struct cli *cli, int argc, char **argv)
{
	memset(cli, 0, sizeof *cli);
	cli->passphrase_fd = -1;
	cli->client_key_fd = -1;
	cli->key_fd = -1;
	cli->limit = 50;
	cli->due_within = -1;
	rc_kdf_default(&cli->kdf);

	struct option lo[O_COUNT];
	long_options(lo);
	struct given *g = rc_xcalloc((size_t)argc + 1, sizeof *g);
	int n = 0, ch;
	opterr = 0;
	optind = 0; /* a fresh scan (glibc), also when called twice */
	/* ':' first: a missing value is told apart from an unknown option */
	while ((ch = getopt_long(argc, argv, ":hq", lo, NULL)) != -1) {
		struct given *x = &g[n++];
		if (ch == ':') {
			x->opt = opt_of(optopt);
			x->what = G_NEEDS_VALUE;
		} else if (ch == '?') {
			/* glibc: optopt is the option's val when a value was given
			 * to an option that takes none, 0 for an unknown or
			 * ambiguous long option, the letter for a short one */
			x->opt = optopt >= 256 ? opt_of(optopt) : O_NONE;
			x->what = x->opt != O_NONE ? G_NO_VALUE : G_UNKNOWN;
			x->letter = optopt > 0 && optopt < 256 ? (char)optopt : 0;
			x->typed = argv[optind - 1];
		} else {
			x->opt = opt_of(ch);
			x->value = optarg;
		}
	}
	int rest = argc - optind;
	if (rest > 0)
		cli->noun = argv[optind];
	if (rest > 1)
		cli->verb = argv[optind + 1];
	if (rest > 2) {
		cli->pos = argv + optind + 2;
		cli->npos = rest - 2;
	}
	const struct cli_command *cmd = command_find(cli->noun, cli->verb);
	int r = check_given(cmd, g, n);
	for (int i = 0; r == 0 && i < n; i++)
		if (g[i].opt == O_HELP)
			cli->show_help = true;
	/* Personal text: refused as an argument (every option is checked
	 * before any text is read), then read where given as "-", in the order
	 * given, before anything else is done.  Not with --help, which only
	 * prints the help. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; r == 0 && !cli->show_help && i < n; i++) {
			const struct cli_use *u = cmd ? use_find(cmd, g[i].opt) : NULL;
			if (!u || !(u->flags & U_PERSONAL) || !g[i].value || !*g[i].value)
				continue;
			bool dash = strcmp(g[i].value, "-") == 0;
			char what[64], example[256];
			snprintf(what, sizeof what, "--%s", options[g[i].opt].name);
			if (pass == 0 && !dash) {
				snprintf(example, sizeof example, "recourse %s %s%s%s %s -", cmd->noun, cmd->verb,
				         *cmd->args ? " " : "", cmd->args, what);
				r = cli_personal_refuse(what, example);
			} else if (pass == 1 && dash) {
				g[i].value = cli_read_text(cli, what, u->help ? u->help : options[g[i].opt].help);
				if (!g[i].value)
					r = 2;
			}
		}
	for (int i = 0; r == 0 && i < n; i++)
		r = apply(cli, g[i].opt, g[i].value);
	free(g);
	if (r != 0)
		return r;
	const struct cli_use *fu = cmd ? use_find(cmd, O_FORMAT) : NULL;
	if (cli->format_given && !(fu && (fu->flags & U_OWN_CHECK)) && strcmp(cli->format_text, "table") &&
	    strcmp(cli->format_text, "csv") && strcmp(cli->format_text, "json")) {
		fprintf(stderr, _("recourse: --format must be table, csv or json, not \"%s\".\n"), cli->format_text);
		return 2;
	}
	return 0;
}

void cli_free(struct cli *cli)
{
	free(cli->countries);
	free(cli->regimes);
	free(cli->accesses);
	cli->accesses = NULL;
	if (cli->also_records) /* references read as personal text */
		sodium_memzero(cli->also_records, strlen(cli->also_records));
	free(cli->also_records);
	cli->countries = cli->regimes = cli->also_records = NULL;
	for (int i = 0; i < cli->ntexts; i++)
		rc_secret_free(&cli->texts[i]); /* wiped */
	free(cli->texts);
	cli->texts = NULL;
	cli->ntexts = 0;
}

int cli_personal_refuse(const char *what, const char *example)
{
	/* TRANSLATORS: %s is an option such as --name, or a field of "case
	 * set" such as name. */
	fprintf(stderr, _("recourse: %s is personal text, and personal text is not taken on the command line: while a command runs, other users of this computer can read its arguments, and the shell keeps them in its history. Nothing was done.\n"),
	        what);
	/* TRANSLATORS: keep "-" as it is; an example command follows on the next line. */
	fprintf(stderr, "  %s\n", _("Write - in its place: recourse then asks for the text on a terminal, or reads it from standard input (one line for each -), for example:"));
	fprintf(stderr, "    printf '%%s\\n' \"$TEXT\" | %s\n", example);
	return 2;
}

void cli_say(const char *fmt, ...)
{
	if (cli_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int cli_fail(enum rc_status st)
{
	const char *detail = rc_error_detail();
	fprintf(stderr, "recourse: %s\n", rc_status_message(st));
	if (detail && *detail)
		fprintf(stderr, "  %s\n", detail);
	switch (st) {
	case RC_BADPASS:
		fprintf(stderr, "  %s\n", _("Check the keyboard layout and Caps Lock, and try again. Nothing was changed."));
		break;
	case RC_LOCKED:
		fprintf(stderr, "  %s\n", _("Another recourse window or command has this case open. Nothing was changed."));
		break;
	case RC_KEYSLOTS:
	case RC_CORRUPT:
		fprintf(stderr, "  %s\n", _("Nothing was changed. Restore the case folder from a backup, or ask your office's technical contact."));
		break;
	case RC_NOSPACE:
		fprintf(stderr, "  %s\n", _("The case is as it was before this command."));
		break;
	default:
		break;
	}
	return rc_status_exit(st);
}
