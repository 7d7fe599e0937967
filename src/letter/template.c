/* template.c - the letter templates of data/templates/LANG/ (format in
 * doc/letters.md): loading them and filling their placeholders. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "letter-int.h"

/* A template is ours, but a broken one must fail loudly, never print. */
#define LT_FILE_MAX (256u * 1024u)

void lt_vars_set(struct lt_vars *v, const char *name, const char *val)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->name[i], name) == 0) {
			v->val[i] = val;
			return;
		}
	if (v->n >= LT_VARS_MAX)
		abort(); /* a programming error: raise LT_VARS_MAX */
	v->name[v->n] = name;
	v->val[v->n] = val;
	v->n++;
}

static bool var_find(const struct lt_vars *v, const char *name, size_t len, const char **val)
{
	for (size_t i = 0; i < v->n; i++)
		if (strlen(v->name[i]) == len && memcmp(v->name[i], name, len) == 0) {
			*val = v->val[i];
			return true;
		}
	return false;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* The end of the section opened by {{#name}} or {{^name}} (s points
 * after its tag): where its {{/name}} starts, nested sections of the
 * same name counted; NULL when it is never closed. */
static const char *section_end(const char *s, const char *name, size_t len)
{
	int depth = 1;
	for (const char *p = strstr(s, "{{"); p; p = strstr(p + 2, "{{")) {
		char c = p[2];
		if ((c == '#' || c == '^' || c == '/') && strncmp(p + 3, name, len) == 0 &&
		    strncmp(p + 3 + len, "}}", 2) == 0) {
			if (c == '/') {
				if (--depth == 0)
					return p;
			} else {
				depth++;
			}
		}
	}
	return NULL;
}

static bool expand_n(const char *tpl, size_t n, const struct lt_vars *v, const char *where,
	struct rc_buf *out, int level)
{
	if (level > 16) {
		rc_error_set(_("Letter template %s: sections are nested too deep."), where);
		return false;
	}
	const char *end = tpl + n;
	const char *p = tpl;
	while (p < end) {
		const char *o = strstr(p, "{{");
		if (!o || o >= end) {
			rc_buf_add(out, p, (size_t)(end - p));
			break;
		}
		rc_buf_add(out, p, (size_t)(o - p));
		const char *q = o + 2;
		char sigil = 0;
		if (*q == '#' || *q == '^' || *q == '/')
			sigil = *q++;
		const char *name = q;
		while (q < end && name_char(*q))
			q++;
		size_t len = (size_t)(q - name);
		if (len == 0 || q + 2 > end || q[0] != '}' || q[1] != '}') {
			rc_error_set(_("Letter template %s: a placeholder is not closed with }} or has a bad name: \"%.20s\"."),
				where, o);
			return false;
		}
		const char *val = NULL;
		if (!var_find(v, name, len, &val)) {
			rc_error_set(_("Letter template %s: unknown placeholder {{%.*s}}."), where, (int)len, name);
			return false;
		}
		const char *after = q + 2;
		if (sigil == '/') {
			rc_error_set(_("Letter template %s: {{/%.*s}} closes no section."), where, (int)len, name);
			return false;
		}
		if (sigil == 0) {
			if (val)
				rc_buf_addstr(out, val);
			p = after;
			continue;
		}
		char nm[64];
		snprintf(nm, sizeof nm, "%.*s", (int)len, name);
		const char *close = section_end(after, nm, len);
		if (!close || close > end) {
			rc_error_set(_("Letter template %s: the section {{%c%s}} is not closed."), where, sigil, nm);
			return false;
		}
		bool full = val && *val;
		if ((sigil == '#') == full && !expand_n(after, (size_t)(close - after), v, where, out, level + 1))
			return false;
		p = close + len + 5; /* {{/ name }} */
	}
	return true;
}

bool lt_expand(const char *tpl, const struct lt_vars *v, const char *where, struct rc_buf *out)
{
	return expand_n(tpl, strlen(tpl), v, where, out, 0);
}

bool lt_lang_norm(const char *in, char out[LT_LANG_MAX])
{
	size_t n = 0;
	if (!in)
		return false;
	while (in[n] && isalpha((unsigned char)in[n]) && n < 3) {
		out[n] = (char)tolower((unsigned char)in[n]);
		n++;
	}
	out[n] = '\0';
	if (n < 2 || (in[n] && isalpha((unsigned char)in[n])))
		return false;
	return in[n] == '\0' || in[n] == '_' || in[n] == '.' || in[n] == '@' || in[n] == '-';
}

bool lt_lang_rtl(const char *lang)
{
	static const char *const rtl[] = { "ar", "fa", "ps", "ur", "he", "ckb", "prs" };
	for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
		if (strcmp(lang, rtl[i]) == 0)
			return true;
	return false;
}

static enum rc_status read_file(const char *data_dir, const char *lang, const char *name, char **out)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s/templates/%s/%s", data_dir, lang, name) >= sizeof path) {
		rc_error_set(_("The data folder's name is too long."));
		return RC_INVALID;
	}
	size_t len = 0;
	enum rc_status st = rc_file_read_all(path, LT_FILE_MAX, out, &len);
	if (st != RC_OK) {
		rc_error_set(_("Letter template %s could not be read."), path);
		return RC_NOTFOUND;
	}
	/* ours, so only text: no NUL, no control but tab and newline */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)(*out)[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			rc_error_set(_("Letter template %s holds control characters."), path);
			free(*out);
			*out = NULL;
			return RC_INVALID;
		}
	}
	return RC_OK;
}

/* common.txt: "key = value" a line; "#" starts a comment line; "\n" in a
 * value is a new line. */
static enum rc_status parse_words(struct lt_lang *t, const char *file)
{
	size_t cap = 0;
	for (char *line = t->words, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '\0' || *line == '#')
			continue;
		char *eq = strstr(line, " = ");
		if (!eq) {
			rc_error_set(_("Letter template %s: a line is not \"key = value\": \"%.30s\"."), file, line);
			return RC_INVALID;
		}
		*eq = '\0';
		char *val = eq + 3;
		/* "\n" -> newline, in place */
		char *w = val;
		for (char *r = val; *r; r++) {
			if (r[0] == '\\' && r[1] == 'n') {
				*w++ = '\n';
				r++;
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
		if (t->n_words == cap) {
			cap = cap ? cap * 2 : 64;
			t->key = rc_xrealloc(t->key, cap * sizeof *t->key);
			t->val = rc_xrealloc(t->val, cap * sizeof *t->val);
		}
		t->key[t->n_words] = line;
		t->val[t->n_words] = val;
		t->n_words++;
	}
	return RC_OK;
}

const char *lt_word(const struct lt_lang *t, const char *key)
{
	for (size_t i = 0; i < t->n_words; i++)
		if (strcmp(t->key[i], key) == 0)
			return t->val[i];
	return NULL;
}

void lt_lang_free(struct lt_lang *t)
{
	free(t->frame);
	free(t->subject);
	free(t->words);
	free(t->key);
	free(t->val);
	memset(t, 0, sizeof *t);
}

enum rc_status lt_lang_load(const char *data_dir, const char *lang, enum rc_request_kind kind,
	struct lt_lang *out)
{
	return lt_lang_load_named(data_dir, lang, rc_request_kind_id(kind), out);
}

enum rc_status lt_lang_load_named(const char *data_dir, const char *lang, const char *name,
	struct lt_lang *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->lang, sizeof out->lang, "%s", lang);
	char kindfile[64];
	snprintf(kindfile, sizeof kindfile, "%s.txt", name);
	enum rc_status st = read_file(data_dir, lang, "letter.txt", &out->frame);
	if (st == RC_OK)
		st = read_file(data_dir, lang, "common.txt", &out->words);
	if (st == RC_OK)
		st = read_file(data_dir, lang, kindfile, &out->subject);
	if (st == RC_OK) {
		char where[96];
		snprintf(where, sizeof where, "%s/common.txt", lang);
		st = parse_words(out, where);
	}
	if (st == RC_OK) {
		/* the first line is the subject, the rest (after blank lines) the body */
		char *nl = strchr(out->subject, '\n');
		if (nl) {
			*nl++ = '\0';
			while (*nl == '\n')
				nl++;
		}
		out->body = nl ? nl : out->subject + strlen(out->subject);
	}
	if (st != RC_OK)
		lt_lang_free(out);
	return st;
}

enum rc_status lt_words_load(const char *data_dir, const char *lang, const char *file, struct lt_lang *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->lang, sizeof out->lang, "%s", lang);
	enum rc_status st = read_file(data_dir, lang, file, &out->words);
	if (st == RC_OK) {
		char where[96];
		snprintf(where, sizeof where, "%s/%s", lang, file);
		st = parse_words(out, where);
	}
	if (st != RC_OK)
		lt_lang_free(out);
	return st;
}

bool rc_letter_has_language(const char *data_dir, const char *lang)
{
	char l[LT_LANG_MAX], path[4096];
	if (!data_dir || !lt_lang_norm(lang, l))
		return false;
	snprintf(path, sizeof path, "%s/templates/%s/letter.txt", data_dir, l);
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}
