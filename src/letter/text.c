/* text.c - a request's letter from its templates: the letter in the
 * authority's language, the applicant's copy in theirs, the notes for
 * the applicant; and the letter as plain text (rc_letter_text). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter-int.h"

/* Plural categories (CLDR, integers only) of the languages with
 * templates; a words file names the forms it needs, "other" last. */
const char *lt_plural_cat(const char *lang, unsigned long long n)
{
	if (strcmp(lang, "ar") == 0) {
		unsigned long long m = n % 100;
		return n == 0 ? "zero" : n == 1 ? "one" : n == 2 ? "two" : (m >= 3 && m <= 10) ? "few"
			: (m >= 11 && m <= 99) ? "many" : "other";
	}
	if (strcmp(lang, "uk") == 0 || strcmp(lang, "ru") == 0) {
		unsigned long long m10 = n % 10, m100 = n % 100;
		if (m10 == 1 && m100 != 11)
			return "one";
		if (m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14))
			return "few";
		return "many";
	}
	if (strcmp(lang, "fr") == 0 || strcmp(lang, "fa") == 0 || strcmp(lang, "ti") == 0)
		return n <= 1 ? "one" : "other";
	return n == 1 ? "one" : "other";
}

static const char *unit_key(enum rc_unit u)
{
	switch (u) {
	case RC_UNIT_CALENDAR_DAYS: return "days";
	case RC_UNIT_WORKING_DAYS: return "working-days";
	case RC_UNIT_WEEKS: return "weeks";
	case RC_UNIT_MONTHS: return "months";
	case RC_UNIT_YEARS: return "years";
	default: return NULL;
	}
}

/* Lines tidied: no blanks at their ends, at most one empty line in a
 * row, none at the start; one newline at the end. */
/* A segment (between ';') of a regime file's article, as a letter cites
 * it: the parenthesised notes for the reader ("(not read)", "(right: Art.
 * 29(1)(e))", "(FOIA, any person)"; any with a word of three letters or
 * more, nested ones included) and a trailing ", first sentence" or ", as
 * replaced by ..." (a comma, then a lower-case word) left out; "Arts"
 * written "Art." as the continental texts write it.  Into b. */
static void cite_segment(const char *seg, size_t n, struct rc_buf *b)
{
	struct rc_buf t;
	rc_buf_init(&t);
	for (size_t i = 0; i < n; i++) {
		if (seg[i] == '(') {
			size_t j = i, depth = 0;
			bool word = false;
			int run = 0;
			for (; j < n; j++) {
				char c = seg[j];
				if (c == '(')
					depth++;
				else if (c == ')' && --depth == 0)
					break;
				run = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' ? run + 1 : 0;
				if (run >= 3)
					word = true;
			}
			if (j < n && word) {
				while (t.len && t.data[t.len - 1] == ' ')
					t.len--; /* the space before it */
				i = j;
				continue;
			}
		}
		if (seg[i] == ',' && i + 2 < n && seg[i + 1] == ' ' && seg[i + 2] >= 'a' && seg[i + 2] <= 'z')
			break;
		if (!strncmp(seg + i, "Arts ", 5) && i + 5 <= n && (i == 0 || seg[i - 1] == ' ')) {
			rc_buf_addstr(&t, "Art. ");
			i += 4;
			continue;
		}
		rc_buf_add(&t, seg + i, 1);
	}
	/* trimmed */
	const char *c = rc_buf_cstr(&t);
	size_t a = 0, e = t.len;
	while (a < e && c[a] == ' ')
		a++;
	while (e > a && c[e - 1] == ' ')
		e--;
	rc_buf_add(b, c + a, e - a);
	rc_buf_free(&t);
}

char *rc_letter_cite(const char *article)
{
	if (!article)
		return NULL;
	struct rc_buf b;
	rc_buf_init(&b);
	const char *p = article;
	while (*p) {
		/* the next ';' outside brackets ("(data stored unlawfully; not
		 * read)" is one note) */
		size_t n = 0;
		int depth = 0;
		for (; p[n] && (p[n] != ';' || depth > 0); n++)
			depth += p[n] == '(' ? 1 : p[n] == ')' && depth > 0 ? -1 : 0;
		const char *s = p;
		size_t m = n;
		while (m && *s == ' ') {
			s++;
			m--;
		}
		/* the answer period is cited where the letter states it; a part
		 * without a number names no article */
		bool digit = false;
		for (size_t i = 0; i < m; i++)
			digit = digit || (s[i] >= '0' && s[i] <= '9');
		if (digit && strncmp(s, "time limit", 10) != 0) {
			size_t before = b.len;
			if (before)
				rc_buf_addstr(&b, "; ");
			size_t mark = b.len;
			cite_segment(s, m, &b);
			if (b.len == mark) /* nothing left: no separator either */
				b.len = before;
		}
		p += n;
		if (*p == ';')
			p++;
	}
	char *r = rc_xstrdup(b.len ? rc_buf_cstr(&b) : article);
	rc_buf_free(&b);
	return r;
}

static char *tidy(const char *s)
{
	struct rc_buf b;
	rc_buf_init(&b);
	int empty = 2; /* empty lines just written (2: at the start) */
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		size_t e = n;
		while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e == 0) {
			if (empty == 0)
				rc_buf_addstr(&b, "\n");
			if (empty < 2)
				empty++;
		} else {
			rc_buf_add(&b, s, e);
			rc_buf_addstr(&b, "\n");
			empty = 0;
		}
		s += n + (nl ? 1 : 0);
	}
	while (b.len > 1 && b.data[b.len - 1] == '\n' && b.data[b.len - 2] == '\n')
		b.data[--b.len] = '\0';
	char *r = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	return r;
}

/* Personal texts, cleaned once for both languages. */
struct clean {
	char *addressee, *name, *address, *birth, *nationality, *refs, *about, *value;
	char *representative, *attachments, *system;
};

static char *clean1(const char *s, bool lines)
{
	if (!s || !*s)
		return NULL;
	char *r = rc_text_sanitize(s, strlen(s), lines);
	if (r && !*r) {
		free(r);
		r = NULL;
	}
	return r;
}

static void clean_free(struct clean *c)
{
	char **f[] = { &c->addressee, &c->name, &c->address, &c->birth, &c->nationality, &c->refs,
		&c->about, &c->value, &c->representative, &c->attachments, &c->system };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

/* "- line" for each line of s */
static void add_list(struct rc_buf *b, const char *s)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n) {
			if (b->len)
				rc_buf_addstr(b, "\n");
			rc_buf_addstr(b, "- ");
			rc_buf_add(b, s, n);
		}
		s += n + (nl ? 1 : 0);
	}
}

/* Values put into a right-to-left letter for the PDF: each line in a
 * first-strong isolate (U+2068 ... U+2069), so that "50667 Köln" or
 * "Art. 12(3), 2016/679" keep their own order inside Arabic text. */
struct iso {
	bool on;
	char **s; /* the strings made, freed by iso_free */
	size_t n, cap;
};

static const char *iso(struct iso *k, const char *s)
{
	if (!k->on || !s || !*s)
		return s;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 32;
		k->s = rc_xrealloc(k->s, k->cap * sizeof *k->s);
	}
	struct rc_buf b;
	rc_buf_init(&b);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n) {
			rc_buf_addstr(&b, "\xe2\x81\xa8");
			rc_buf_add(&b, s, n);
			rc_buf_addstr(&b, "\xe2\x81\xa9");
		}
		if (nl)
			rc_buf_addstr(&b, "\n");
		s += n + (nl ? 1 : 0);
	}
	k->s[k->n++] = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	return k->s[k->n - 1];
}

static void iso_free(struct iso *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->s[i]);
	free(k->s);
	k->s = NULL;
	k->n = k->cap = 0;
}

/* The letter in t's language (isolate: for the PDF, values isolated in a
 * right-to-left letter). */
static enum rc_status render_letter(const struct rc_letter *l, const struct clean *c,
	const struct lt_lang *t, bool isolate, char **out)
{
	struct iso k = { .on = isolate && lt_lang_rtl(t->lang) };
	const struct rc_request_rule *r = l->rule;
	char where[128];
	struct lt_vars v = { .n = 0 };
	enum rc_status st = RC_INVALID;
	struct rc_buf period, access, attach, sender, subject, body, letter, cite;
	char *cite_art = rc_letter_cite(r->article);
	rc_buf_init(&period);
	rc_buf_init(&access);
	rc_buf_init(&attach);
	rc_buf_init(&sender);
	rc_buf_init(&subject);
	rc_buf_init(&body);
	rc_buf_init(&letter);
	rc_buf_init(&cite);

	/* the answer period, in words: "1 month" */
	char nbuf[16];
	snprintf(nbuf, sizeof nbuf, "%d", r->answer.p.n);
	const char *uk = unit_key(r->answer.p.unit);
	if (r->answer.p.n > 0 && uk && !l->reminder) {
		char key[64];
		snprintf(key, sizeof key, "period.%s.%s", uk, lt_plural_cat(t->lang, (unsigned long long)r->answer.p.n));
		const char *w = lt_word(t, key);
		if (!w) {
			snprintf(key, sizeof key, "period.%s.other", uk);
			w = lt_word(t, key);
		}
		if (!w) {
			rc_error_set(_("Letter template %s/common.txt: no word for %s."), t->lang, key);
			goto out;
		}
		struct lt_vars pv = { .n = 0 };
		lt_vars_set(&pv, "n", nbuf);
		snprintf(where, sizeof where, "%s/common.txt %s", t->lang, key);
		if (!lt_expand(w, &pv, where, &period))
			goto out;
		const char *art = r->answer.article ? r->answer.article : r->article;
		const char *ins = r->answer.instrument ? r->answer.instrument : r->instrument;
		rc_buf_printf(&cite, "%s%s%s", art ? art : "", art && ins ? ", " : "", ins ? ins : "");
	}

	/* the values every template of this language sees */
	lt_vars_set(&v, "regime", iso(&k, l->regime));
	/* the system the data are in: its name when the regime has one,
	 * else the language's words for the authority's records (the
	 * supervisory authority's for a complaint: it does not hold them) */
	const char *sys = c->system;
	if (!sys) {
		const char *key = l->kind == RC_REQ_COMPLAINT ? "system.none.complaint" : "system.none";
		if (!(sys = lt_word(t, key))) {
			rc_error_set(_("Letter template %s/common.txt: no word for %s."), t->lang, key);
			goto out;
		}
	}
	lt_vars_set(&v, "system", iso(&k, sys));
	/* the legal basis as a letter cites it: the file's notes for the
	 * reader ("(not read)", "time limits ...") are not sent */
	lt_vars_set(&v, "article", iso(&k, cite_art));
	lt_vars_set(&v, "instrument", iso(&k, r->instrument));
	lt_vars_set(&v, "period", period.len ? rc_buf_cstr(&period) : NULL);
	lt_vars_set(&v, "answer_cite", iso(&k, cite.len ? rc_buf_cstr(&cite) : NULL));
	lt_vars_set(&v, "date", iso(&k, l->date));
	lt_vars_set(&v, "due", iso(&k, period.len && l->due && *l->due ? l->due : NULL));
	lt_vars_set(&v, "mandate", l->mandate ? "yes" : NULL);
	/* in sentences, the representative's first line (the name) */
	char rep1[256] = "";
	if (l->mandate && c->representative)
		snprintf(rep1, sizeof rep1, "%.*s", (int)strcspn(c->representative, "\n"), c->representative);
	lt_vars_set(&v, "representative", iso(&k, rep1[0] ? rep1 : NULL));
	lt_vars_set(&v, "applicant_name", iso(&k, c->name));
	lt_vars_set(&v, "applicant_address", iso(&k, c->address));
	lt_vars_set(&v, "birth_date", iso(&k, c->birth));
	lt_vars_set(&v, "nationality", iso(&k, c->nationality));
	lt_vars_set(&v, "record_refs", iso(&k, c->refs));
	lt_vars_set(&v, "about", iso(&k, c->about));
	lt_vars_set(&v, "correct_value", iso(&k, c->value));
	lt_vars_set(&v, "addressee", iso(&k, c->addressee ? c->addressee : r->addressee));

	/* the earlier request a complaint is about: its kind in words, its
	 * dates, the deadline it missed with its rule, or the refusal */
	const struct rc_letter_earlier *e = l->earlier;
	const char *ekind = NULL;
	if (e) {
		char key[64];
		snprintf(key, sizeof key, "earlier.%s", rc_request_kind_id(e->kind));
		if (!(ekind = lt_word(t, key))) {
			rc_error_set(_("Letter template %s/common.txt: no word for %s."), t->lang, key);
			goto out;
		}
	}
	lt_vars_set(&v, "earlier_kind", ekind);
	lt_vars_set(&v, "earlier_sent", iso(&k, e ? e->sent : NULL));
	lt_vars_set(&v, "earlier_received", iso(&k, e && e->received && (!e->sent || strcmp(e->received, e->sent))
		? e->received : NULL));
	lt_vars_set(&v, "earlier_due", iso(&k, e ? e->due : NULL));
	lt_vars_set(&v, "earlier_rule", iso(&k, e ? e->due_rule : NULL));
	lt_vars_set(&v, "earlier_refused", iso(&k, e ? e->refused : NULL));
	lt_vars_set(&v, "earlier_partly", iso(&k, e ? e->partly : NULL));
	lt_vars_set(&v, "earlier_granted", iso(&k, e && e->not_done ? e->granted : NULL));
	lt_vars_set(&v, "earlier_not_done", iso(&k, e && e->granted ? e->not_done : NULL));

	/* the accesses, one line each (access.line) */
	const char *aline = lt_word(t, "access.line");
	if (l->n_accesses && !aline) {
		rc_error_set(_("Letter template %s/common.txt: no word for %s."), t->lang, "access.line");
		goto out;
	}
	for (size_t i = 0; i < l->n_accesses; i++) {
		const struct rc_letter_access *a = &l->accesses[i];
		char *f[6] = { clean1(a->when, false), clean1(a->authority, false), clean1(a->role, false),
			clean1(a->country, false), clean1(a->purpose, false), clean1(a->flag, false) };
		struct lt_vars av = { .n = 0 };
		lt_vars_set(&av, "when", iso(&k, f[0]));
		lt_vars_set(&av, "authority", iso(&k, f[1]));
		lt_vars_set(&av, "role", iso(&k, f[2]));
		lt_vars_set(&av, "country", iso(&k, f[3]));
		lt_vars_set(&av, "purpose", iso(&k, f[4]));
		lt_vars_set(&av, "flag", iso(&k, f[5]));
		if (access.len)
			rc_buf_addstr(&access, "\n");
		snprintf(where, sizeof where, "%s/common.txt access.line", t->lang);
		bool ok = lt_expand(aline, &av, where, &access);
		for (size_t j = 0; j < 6; j++)
			free(f[j]);
		if (!ok)
			goto out;
	}
	lt_vars_set(&v, "accesses", access.len ? rc_buf_cstr(&access) : NULL);

	/* the article of the first remedy the regime names (a reminder says
	 * it is the next step): "Art. 77(1), 2016/679" */
	char ccite[200] = "";
	if (l->reminder && r->n_esc > 0 && r->esc[0].article) {
		char *ea = rc_letter_cite(r->esc[0].article);
		snprintf(ccite, sizeof ccite, "%s%s%s", ea, r->esc[0].instrument ? ", " : "",
			r->esc[0].instrument ? r->esc[0].instrument : "");
		free(ea);
	}
	lt_vars_set(&v, "remedy_cite", iso(&k, ccite[0] ? ccite : NULL));

	/* attachments: a reminder's copy of the request, the power of
	 * attorney, then the caller's */
	if (l->reminder) {
		const char *w = lt_word(t, "attach.copy");
		if (!w) {
			rc_error_set(_("Letter template %s/common.txt: no word for %s."), t->lang, "attach.copy");
			goto out;
		}
		struct rc_buf cb;
		rc_buf_init(&cb);
		snprintf(where, sizeof where, "%s/common.txt attach.copy", t->lang);
		bool ok = lt_expand(w, &v, where, &cb);
		if (ok)
			add_list(&attach, rc_buf_cstr(&cb));
		rc_buf_free(&cb);
		if (!ok)
			goto out;
	}
	if (l->mandate) {
		const char *w = lt_word(t, "attach.mandate");
		add_list(&attach, w ? w : "Power of attorney");
	}
	add_list(&attach, iso(&k, c->attachments));
	lt_vars_set(&v, "attachments", attach.len ? rc_buf_cstr(&attach) : NULL);

	/* sender: the representative, or the applicant */
	if (l->mandate && c->representative)
		rc_buf_addstr(&sender, c->representative);
	else
		rc_buf_printf(&sender, "%s%s%s", c->name ? c->name : "", c->name && c->address ? "\n" : "",
			c->address ? c->address : "");
	lt_vars_set(&v, "sender", iso(&k, sender.len ? rc_buf_cstr(&sender) : NULL));

	/* the kind's subject and body, then the frame around them */
	lt_vars_set(&v, "subject", NULL);
	lt_vars_set(&v, "request", NULL);
	snprintf(where, sizeof where, "%s/%s.txt", t->lang, l->reminder ? "reminder" : rc_request_kind_id(l->kind));
	if (!lt_expand(t->subject, &v, where, &subject) || !lt_expand(t->body, &v, where, &body))
		goto out;
	lt_vars_set(&v, "subject", rc_buf_cstr(&subject));
	lt_vars_set(&v, "request", rc_buf_cstr(&body));
	snprintf(where, sizeof where, "%s/letter.txt", t->lang);
	if (!lt_expand(t->frame, &v, where, &letter))
		goto out;
	*out = tidy(rc_buf_cstr(&letter));
	st = RC_OK;
out:
	free(cite_art);
	rc_buf_free(&period);
	rc_buf_free(&access);
	rc_buf_free(&attach);
	rc_buf_free(&sender);
	rc_buf_free(&subject);
	rc_buf_free(&body);
	rc_buf_free(&letter);
	rc_buf_free(&cite);
	iso_free(&k);
	return st;
}

/* A word with {{name}} values (language names, uncertain reasons). */
static bool word_into(const struct lt_lang *t, const char *key, const struct lt_vars *v, struct rc_buf *b)
{
	const char *w = lt_word(t, key);
	if (!w) {
		rc_error_set(_("Letter template %s/common.txt: no word for %s."), t->lang, key);
		return false;
	}
	char where[96];
	snprintf(where, sizeof where, "%s/common.txt %s", t->lang, key);
	return lt_expand(w, v, where, b);
}

static const char *lang_name(const struct lt_lang *t, const char *code)
{
	char key[32];
	snprintf(key, sizeof key, "lang.%s", code);
	const char *w = lt_word(t, key);
	return w ? w : code;
}

void lt_letter_free(struct lt_letter *o)
{
	for (size_t i = 0; i < 2; i++) {
		free(o->part[i].header);
		free(o->part[i].body);
		free(o->part[i].notes);
	}
	memset(o, 0, sizeof *o);
}

enum rc_status lt_render(const struct rc_letter *l, bool isolate, struct lt_letter *out)
{
	memset(out, 0, sizeof *out);
	struct rc_ymd d;
	if (!l || !l->data_dir || !l->rule) {
		rc_error_set(_("A letter needs the regime's rule for its kind of request."));
		return RC_INVALID;
	}
	const struct rc_request_rule *r = l->rule;
	if (r->kind != l->kind || !r->known || !r->available) {
		rc_error_set(_("The regime gives no right to this kind of request (%s): there is no letter for it."),
			rc_request_kind_id(l->kind));
		return RC_INVALID;
	}
	if (!l->date || !rc_ymd_parse(l->date, &d) || (l->due && *l->due && !rc_ymd_parse(l->due, &d))) {
		rc_error_set(_("A letter's date and due date must be written YYYY-MM-DD."));
		return RC_INVALID;
	}

	/* the languages: the authority's (or the first the rule names), the applicant's */
	char auth[LT_LANG_MAX] = "en", app[LT_LANG_MAX];
	if (l->authority_lang && *l->authority_lang) {
		if (!lt_lang_norm(l->authority_lang, auth)) {
			rc_error_set(_("\"%s\" is not a language code."), l->authority_lang);
			return RC_INVALID;
		}
	} else if (r->languages) {
		char first[LT_LANG_MAX + 1];
		snprintf(first, sizeof first, "%.*s", (int)strcspn(r->languages, ", ;"), r->languages);
		if (!lt_lang_norm(first, auth))
			snprintf(auth, sizeof auth, "en");
	}
	if (!l->applicant_lang || !*l->applicant_lang || !lt_lang_norm(l->applicant_lang, app))
		snprintf(app, sizeof app, "%s", auth);

	struct lt_lang ta, tp;
	bool fallback = false;
	const char *tname = l->reminder ? "reminder" : rc_request_kind_id(l->kind);
	enum rc_status st = lt_lang_load_named(l->data_dir, auth, tname, &ta);
	if (st == RC_NOTFOUND && strcmp(auth, "en") != 0) {
		fallback = true;
		st = lt_lang_load_named(l->data_dir, "en", tname, &ta);
	}
	if (st == RC_NOTFOUND)
		return RC_NODATA;
	if (st != RC_OK)
		return st;
	bool app_missing = false;
	if (strcmp(app, ta.lang) == 0) {
		tp = ta;
	} else {
		st = lt_lang_load_named(l->data_dir, app, tname, &tp);
		if (st == RC_NOTFOUND) {
			app_missing = true;
			st = strcmp(ta.lang, "en") == 0 ? RC_OK : lt_lang_load_named(l->data_dir, "en", tname, &tp);
			if (st == RC_OK && strcmp(ta.lang, "en") == 0)
				tp = ta;
		}
		if (st != RC_OK) {
			lt_lang_free(&ta);
			return st == RC_NOTFOUND ? RC_NODATA : st;
		}
	}
	bool same = tp.words == ta.words;

	struct clean c = {
		.addressee = clean1(l->addressee, true), .name = clean1(l->applicant_name, false),
		.address = clean1(l->applicant_address, true), .birth = clean1(l->birth_date, false),
		.nationality = clean1(l->nationality, false), .refs = clean1(l->record_refs, true),
		.about = clean1(l->about, true), .value = clean1(l->correct_value, true),
		.representative = clean1(l->representative, true), .attachments = clean1(l->attachments, true),
		.system = clean1(l->system_name, false),
	};
	struct rc_buf notes;
	rc_buf_init(&notes);
	st = render_letter(l, &c, &ta, isolate, &out->part[0].body);
	snprintf(out->part[0].lang, LT_LANG_MAX, "%s", ta.lang);
	out->n = 1;
	if (st == RC_OK && !same) {
		st = render_letter(l, &c, &tp, isolate, &out->part[1].body);
		out->n = 2;
	}
	snprintf(out->part[1].lang, LT_LANG_MAX, "%s", tp.lang);

	/* the notes for the applicant, in their language */
	struct lt_vars nv = { .n = 0 };
	lt_vars_set(&nv, "authority_language", lang_name(&tp, auth));
	lt_vars_set(&nv, "letter_language", lang_name(&tp, ta.lang));
	lt_vars_set(&nv, "applicant_language", lang_name(&tp, app));
	lt_vars_set(&nv, "uncertain", NULL);
	bool ok = st == RC_OK;
#define NOTE(key)                                                    \
	do {                                                             \
		if (ok) {                                                    \
			if (notes.len)                                           \
				rc_buf_addstr(&notes, "\n\n");                       \
			ok = word_into(&tp, key, &nv, &notes);                   \
		}                                                            \
	} while (0)
	if (fallback)
		NOTE("note.no_template");
	if (app_missing)
		NOTE("note.no_applicant_template");
	if (r->indirect)
		NOTE("note.indirect");
	const char *unc[2] = { r->uncertain, r->answer.uncertain };
	for (size_t i = 0; i < 2; i++) {
		if (!unc[i] || (i == 1 && unc[0] && strcmp(unc[0], unc[1]) == 0))
			continue;
		struct iso k = { .on = isolate && lt_lang_rtl(tp.lang) };
		lt_vars_set(&nv, "uncertain", iso(&k, unc[i]));
		NOTE("note.uncertain");
		iso_free(&k);
	}
	if (r->answer.p.n == 0 && !l->reminder)
		NOTE("note.no_period");
	if (l->reminder)
		NOTE("note.reminder");
#undef NOTE
	if (ok && notes.len) {
		struct rc_buf h;
		rc_buf_init(&h);
		ok = word_into(&tp, "notes.header", &nv, &h);
		if (ok) {
			rc_buf_addstr(&h, "\n\n");
			rc_buf_add(&h, notes.data, notes.len);
			out->part[1].notes = tidy(rc_buf_cstr(&h));
		}
		rc_buf_free(&h);
		if (out->n == 1)
			out->n = 2; /* notes only: the letter was in their language */
	}
	if (ok && out->part[1].body) {
		struct rc_buf h;
		rc_buf_init(&h);
		ok = word_into(&tp, "copy.header", &nv, &h);
		if (ok)
			out->part[1].header = rc_xstrdup(rc_buf_cstr(&h));
		rc_buf_free(&h);
	}
	if (st == RC_OK && !ok)
		st = RC_INVALID;
	rc_buf_free(&notes);
	clean_free(&c);
	if (!same)
		lt_lang_free(&tp);
	lt_lang_free(&ta);
	if (st != RC_OK)
		lt_letter_free(out);
	return st;
}

#define LT_RULE "\n\n------------------------------------------------------------------------\n\n"

enum rc_status rc_letter_text(const struct rc_letter *l, char **out)
{
	struct lt_letter o;
	*out = NULL;
	enum rc_status st = lt_render(l, false, &o);
	if (st != RC_OK)
		return st;
	struct rc_buf b;
	rc_buf_init(&b);
	rc_buf_addstr(&b, o.part[0].body);
	if (o.n > 1) {
		const struct lt_part *p = &o.part[1];
		rc_buf_addstr(&b, LT_RULE);
		if (p->header) {
			rc_buf_addstr(&b, p->header);
			rc_buf_addstr(&b, "\n\n");
		}
		if (p->body)
			rc_buf_addstr(&b, p->body);
		if (p->notes) {
			if (p->body)
				rc_buf_addstr(&b, LT_RULE);
			rc_buf_addstr(&b, p->notes);
		}
	}
	*out = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	lt_letter_free(&o);
	return RC_OK;
}
