/* letter-int.h - inside src/letter: the templates and the parts of a
 * rendered letter, shared by the text and the PDF output. */
#ifndef RECOURSE_LETTER_INT_H
#define RECOURSE_LETTER_INT_H

#include "letter.h"

#define LT_LANG_MAX 8

/* Named values for a template: a NULL or "" value is empty (a section
 * {{#name}} is left out, {{^name}} kept).  Names not in the list are an
 * error, so a misspelt placeholder never reaches a letter. */
#define LT_VARS_MAX 48
struct lt_vars {
	const char *name[LT_VARS_MAX];
	const char *val[LT_VARS_MAX];
	size_t n;
};
void lt_vars_set(struct lt_vars *v, const char *name, const char *val);

/* Expand tpl into out: {{name}}, {{#name}}...{{/name}} (kept when the
 * value is not empty), {{^name}}...{{/name}} (kept when it is).  where
 * names the template in the error.  False with rc_error_set. */
bool lt_expand(const char *tpl, const struct lt_vars *v, const char *where, struct rc_buf *out);

/* One language's templates: the frame (letter.txt), the words
 * (common.txt: key = value lines) and a kind's body (KIND.txt, its first
 * line the subject). */
struct lt_lang {
	char lang[LT_LANG_MAX];
	char *frame;
	char *subject, *body; /* of the kind asked */
	char *words;          /* the file's text; keys and values point in it */
	const char **key, **val;
	size_t n_words;
};
/* Load lang's templates for kind from data_dir/templates/LANG/.
 * RC_NOTFOUND when the folder or a file is missing (quietly: the caller
 * falls back to English), RC_INVALID for a bad words file. */
enum rc_status lt_lang_load(const char *data_dir, const char *lang, enum rc_request_kind kind,
	struct lt_lang *out);
/* The same with the body template named ("reminder": reminder.txt). */
enum rc_status lt_lang_load_named(const char *data_dir, const char *lang, const char *name,
	struct lt_lang *out);
/* Only a words file ("index.txt", in common.txt's format) of lang: words,
 * key and val set, nothing else.  Statuses as lt_lang_load. */
enum rc_status lt_words_load(const char *data_dir, const char *lang, const char *file, struct lt_lang *out);
void lt_lang_free(struct lt_lang *t);
/* A word (NULL when the file has no such key). */
const char *lt_word(const struct lt_lang *t, const char *key);

/* The CLDR plural category ("one", "few", "other", ...) of n in lang,
 * for words with a form per category ("other" the fallback). */
const char *lt_plural_cat(const char *lang, unsigned long long n);

/* "ar_EG.UTF-8" -> "ar" (lower case, 2 or 3 letters); false when not a language. */
bool lt_lang_norm(const char *in, char out[LT_LANG_MAX]);
/* Written right to left. */
bool lt_lang_rtl(const char *lang);

/* The rendered letter: the letter as sent, then (optionally) the
 * applicant's copy with its notes. */
struct lt_part {
	char lang[LT_LANG_MAX];
	char *header; /* NULL for the letter sent; "Translation for you ..." */
	char *body;   /* the letter (NULL: only notes) */
	char *notes;  /* notes for the applicant, or NULL */
};
struct lt_letter {
	struct lt_part part[2];
	size_t n;
};
/* isolate: each value put into a right-to-left letter in a first-strong
 * isolate (for the PDF; the plain text keeps the values as they are). */
enum rc_status lt_render(const struct rc_letter *l, bool isolate, struct lt_letter *out);
void lt_letter_free(struct lt_letter *o);

#endif
