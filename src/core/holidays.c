/* holidays.c - public-holiday calendars read from data/holidays/ (JSON,
 * format in data/holidays/README.md): explicit dated lists, one calendar
 * a document, loaded into one set.
 *
 * Documents are read with jansson, duplicate keys rejected, and every
 * field checked the way regimes.c checks regime files, so a broken or
 * hand-edited calendar (an office adds its own) fails with the field's
 * name instead of silently moving a deadline.  The days must be sorted,
 * without a date twice, and inside the calendar's declared years: a
 * question about a year outside them is answered "unknown", never "no". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core.h"
#include "holidays_int.h"

#define DOC_MAX_BYTES (1024u * 1024u)
#define ID_MAX 31
#define YEARS_SPAN_MAX 300

struct hday {
	int32_t day;   /* rc_ymd_to_days */
	char *name;
	bool observed;
};

struct hcal {
	char *id;
	char *title;
	int from, to;
	int32_t first, last; /* day numbers of 1 January from, 31 December to */
	bool has_observed;
	struct hday *days;
	size_t n;
};

struct rc_holidays {
	struct hcal *cal;
	size_t n;
};

static void hcal_clear(struct hcal *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->days[i].name);
	free(c->days);
	free(c->id);
	free(c->title);
	memset(c, 0, sizeof *c);
}

void rc_holidays_free(struct rc_holidays **set)
{
	if (!set || !*set)
		return;
	for (size_t i = 0; i < (*set)->n; i++)
		hcal_clear(&(*set)->cal[i]);
	free((*set)->cal);
	free(*set);
	*set = NULL;
}

/* ------------------------------------------------------------------ */
/* Checking a document; path names the field for the error detail. */

struct path {
	char s[128];
	size_t len;
};

static size_t push_key(struct path *p, const char *key)
{
	size_t old = p->len;
	int n = snprintf(p->s + p->len, sizeof p->s - p->len, "%s%s", p->len ? "." : "", key);
	if (n > 0)
		p->len += (size_t)n < sizeof p->s - p->len ? (size_t)n : sizeof p->s - p->len - 1;
	return old;
}

static size_t push_idx(struct path *p, size_t i)
{
	size_t old = p->len;
	int n = snprintf(p->s + p->len, sizeof p->s - p->len, "[%zu]", i);
	if (n > 0)
		p->len += (size_t)n < sizeof p->s - p->len ? (size_t)n : sizeof p->s - p->len - 1;
	return old;
}

static void pop(struct path *p, size_t old)
{
	p->len = old;
	p->s[old] = '\0';
}

static const char *pname(const struct path *p)
{
	return p->len ? p->s : _("(the whole file)");
}

static enum rc_status bad_missing(const struct path *p)
{
	/* TRANSLATORS: error detail when a holiday calendar file lacks a
	 * field; %s is the field's name, e.g. "days[3].date". */
	rc_error_set(_("Holiday calendar: the field \"%s\" is missing."), pname(p));
	return RC_INVALID;
}

static enum rc_status bad_type(const struct path *p, const char *what)
{
	/* TRANSLATORS: error detail for a holiday calendar file; %s (1) is a
	 * field's name, %s (2) what it must be, e.g. "a text". */
	rc_error_set(_("Holiday calendar: the field \"%s\" must be %s."), pname(p), what);
	return RC_INVALID;
}

static enum rc_status bad_key(const struct path *p)
{
	/* TRANSLATORS: error detail for a holiday calendar file with a field
	 * it should not have (often a typing mistake); %s is the field. */
	rc_error_set(_("Holiday calendar: the field \"%s\" is not known."), pname(p));
	return RC_INVALID;
}

static enum rc_status check_keys(struct path *p, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val) {
		size_t i;
		for (i = 0; allowed[i] && strcmp(key, allowed[i]); i++)
			;
		if (!allowed[i]) {
			size_t o = push_key(p, key);
			enum rc_status st = bad_key(p);
			pop(p, o);
			return st;
		}
	}
	return RC_OK;
}

static bool nonblank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

/* A text that is not blank; *out borrows jansson's string. */
static enum rc_status get_text(struct path *p, json_t *obj, const char *key, bool required,
	const char **out)
{
	size_t o = push_key(p, key);
	enum rc_status st = RC_OK;
	json_t *j = json_object_get(obj, key);
	if (out)
		*out = NULL;
	if (!j) {
		if (required)
			st = bad_missing(p);
	} else if (!json_is_string(j) || !nonblank(json_string_value(j))) {
		/* TRANSLATORS: what a field of a holiday calendar must be. */
		st = bad_type(p, _("a text that is not empty"));
	} else if (out) {
		*out = json_string_value(j);
	}
	pop(p, o);
	return st;
}

/* A list of texts (nonempty: at least one), or with also_text a text. */
static enum rc_status get_texts(struct path *p, json_t *obj, const char *key, bool required,
	bool also_text)
{
	json_t *j = json_object_get(obj, key);
	size_t o = push_key(p, key);
	enum rc_status st = RC_OK;
	if (!j) {
		if (required)
			st = bad_missing(p);
	} else if (also_text && json_is_string(j)) {
		;
	} else if (!json_is_array(j) || (required && json_array_size(j) == 0)) {
		/* TRANSLATORS: what a field of a holiday calendar must be. */
		st = bad_type(p, _("a list of texts that is not empty"));
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(j, i, e) {
			if (!json_is_string(e) || !nonblank(json_string_value(e))) {
				size_t o2 = push_idx(p, i);
				st = bad_type(p, _("a text that is not empty"));
				pop(p, o2);
				break;
			}
		}
	}
	pop(p, o);
	return st;
}

static enum rc_status get_year(struct path *p, json_t *obj, const char *key, int *out)
{
	size_t o = push_key(p, key);
	enum rc_status st = RC_OK;
	json_t *j = json_object_get(obj, key);
	if (!j) {
		st = bad_missing(p);
	} else if (!json_is_integer(j) || json_integer_value(j) < RC_YMD_YEAR_MIN
		|| json_integer_value(j) > RC_YMD_YEAR_MAX) {
		char what[96];
		/* TRANSLATORS: what a field of a holiday calendar must be; the
		 * two numbers are the first and last year allowed. */
		snprintf(what, sizeof what, _("a year from %d to %d"), RC_YMD_YEAR_MIN, RC_YMD_YEAR_MAX);
		st = bad_type(p, what);
	} else {
		*out = (int)json_integer_value(j);
	}
	pop(p, o);
	return st;
}

static bool valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static enum rc_status read_day(struct path *p, json_t *e, const struct hcal *c, int32_t prev,
	struct hday *out)
{
	static const char *const keys[] = { "date", "name", "en", "observed", "notes", NULL };
	if (!json_is_object(e))
		/* TRANSLATORS: what an entry of a holiday calendar must be; keep
		 * the JSON as it is. */
		return bad_type(p, _("an object like {\"date\": \"2025-12-25\", \"name\": \"…\"}"));
	enum rc_status st = check_keys(p, e, keys);
	const char *date, *name;
	if (st != RC_OK || (st = get_text(p, e, "date", true, &date)) != RC_OK
		|| (st = get_text(p, e, "name", true, &name)) != RC_OK
		|| (st = get_text(p, e, "en", false, NULL)) != RC_OK
		|| (st = get_texts(p, e, "notes", false, true)) != RC_OK)
		return st;
	struct rc_ymd d;
	size_t o = push_key(p, "date");
	if (!rc_ymd_parse(date, &d))
		/* TRANSLATORS: what a date in a holiday calendar must be; keep
		 * YYYY-MM-DD as it is. */
		st = bad_type(p, _("a real date written YYYY-MM-DD"));
	else if (d.y < c->from || d.y > c->to)
		/* TRANSLATORS: what a date in a holiday calendar must be. */
		st = bad_type(p, _("a date inside the calendar's years"));
	else if (rc_ymd_to_days(d) <= prev)
		/* TRANSLATORS: what a date in a holiday calendar must be. */
		st = bad_type(p, _("later than the date before it (dates in order, each once)"));
	pop(p, o);
	if (st != RC_OK)
		return st;
	json_t *obs = json_object_get(e, "observed");
	if (obs && !json_is_boolean(obs)) {
		o = push_key(p, "observed");
		/* TRANSLATORS: what a field of a holiday calendar must be; keep
		 * true and false as they are. */
		st = bad_type(p, _("true or false"));
		pop(p, o);
		return st;
	}
	out->day = rc_ymd_to_days(d);
	out->name = rc_xstrdup(name);
	out->observed = obs && json_is_true(obs);
	return RC_OK;
}

static enum rc_status read_calendar(struct path *p, json_t *doc, struct hcal *c)
{
	static const char *const keys[] = {
		"kind", "format", "id", "title", "source", "notes", "years", "days", NULL
	};
	static const char *const ykeys[] = { "from", "to", NULL };
	enum rc_status st = check_keys(p, doc, keys);
	const char *id, *title;
	if (st != RC_OK || (st = get_text(p, doc, "id", true, &id)) != RC_OK)
		return st;
	if (!valid_id(id)) {
		size_t o = push_key(p, "id");
		/* TRANSLATORS: what a field of a holiday calendar must be. */
		st = bad_type(p, _("small letters, digits and '-' (at most 31)"));
		pop(p, o);
		return st;
	}
	if ((st = get_text(p, doc, "title", true, &title)) != RC_OK
		|| (st = get_texts(p, doc, "source", true, false)) != RC_OK
		|| (st = get_texts(p, doc, "notes", false, true)) != RC_OK)
		return st;
	json_t *years = json_object_get(doc, "years");
	size_t o = push_key(p, "years");
	if (!years)
		st = bad_missing(p);
	else if (!json_is_object(years))
		/* TRANSLATORS: what a field of a holiday calendar must be; keep
		 * the JSON as it is. */
		st = bad_type(p, _("an object like {\"from\": 2024, \"to\": 2030}"));
	else if ((st = check_keys(p, years, ykeys)) == RC_OK
		&& (st = get_year(p, years, "from", &c->from)) == RC_OK
		&& (st = get_year(p, years, "to", &c->to)) == RC_OK
		&& (c->to < c->from || c->to - c->from > YEARS_SPAN_MAX))
		/* TRANSLATORS: what the years of a holiday calendar must be. */
		st = bad_type(p, _("\"from\" no later than \"to\", at most 300 years apart"));
	pop(p, o);
	if (st != RC_OK)
		return st;
	c->id = rc_xstrdup(id);
	c->title = rc_xstrdup(title);
	c->first = rc_ymd_to_days((struct rc_ymd){ c->from, 1, 1 });
	c->last = rc_ymd_to_days((struct rc_ymd){ c->to, 12, 31 });

	json_t *days = json_object_get(doc, "days");
	o = push_key(p, "days");
	if (!days) {
		st = bad_missing(p);
	} else if (!json_is_array(days)) {
		/* TRANSLATORS: what a field of a holiday calendar must be. */
		st = bad_type(p, _("a list of days"));
	} else {
		size_t count = json_array_size(days);
		c->days = rc_xcalloc(count ? count : 1, sizeof *c->days);
		int32_t prev = INT32_MIN;
		size_t i;
		json_t *e;
		json_array_foreach(days, i, e) {
			size_t o2 = push_idx(p, i);
			st = read_day(p, e, c, prev, &c->days[i]);
			pop(p, o2);
			if (st != RC_OK)
				break;
			prev = c->days[i].day;
			c->has_observed |= c->days[i].observed;
			c->n = i + 1;
		}
	}
	pop(p, o);
	return st;
}

enum rc_status rc_holidays_add_json(struct rc_holidays **set, const char *json, size_t len)
{
	if (!set || (!json && len > 0)) {
		rc_error_set("%s", _("Holiday calendar: nothing to read."));
		return RC_INVALID;
	}
	if (len > DOC_MAX_BYTES) {
		/* TRANSLATORS: error detail; %u is a size in mebibytes. */
		rc_error_set(_("Holiday calendar: larger than %u MiB."), DOC_MAX_BYTES / (1024u * 1024u));
		return RC_INVALID;
	}
	json_error_t jerr;
	json_t *doc = json_loadb(json ? json : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		/* TRANSLATORS: error detail; line and column numbers, then the
		 * JSON parser's own message (in English). */
		rc_error_set(_("Holiday calendar, line %d, column %d: %s"), jerr.line, jerr.column, jerr.text);
		return RC_INVALID;
	}
	struct path p = { .s = "", .len = 0 };
	struct hcal c;
	memset(&c, 0, sizeof c);
	enum rc_status st;
	const char *kind;
	if (!json_is_object(doc)) {
		/* TRANSLATORS: what a holiday calendar must be. */
		st = bad_type(&p, _("an object"));
	} else if ((st = get_text(&p, doc, "kind", true, &kind)) == RC_OK) {
		json_t *f = json_object_get(doc, "format");
		if (strcmp(kind, "holidays")) {
			size_t o = push_key(&p, "kind");
			/* TRANSLATORS: what a field of a holiday calendar must be;
			 * keep the word in quotes as it is. */
			st = bad_type(&p, _("\"holidays\""));
			pop(&p, o);
		} else if (!f || !json_is_integer(f) || json_integer_value(f) != 1) {
			size_t o = push_key(&p, "format");
			st = f ? bad_type(&p, "1") : bad_missing(&p);
			pop(&p, o);
		} else {
			st = read_calendar(&p, doc, &c);
		}
	}
	json_decref(doc);
	if (st == RC_OK && *set && rc_holidays_years(*set, c.id, NULL, NULL)) {
		/* TRANSLATORS: error detail; %s is a calendar id like "de". */
		rc_error_set(_("Holiday calendar: the calendar \"%s\" is already loaded."), c.id);
		st = RC_INVALID;
	}
	if (st != RC_OK) {
		hcal_clear(&c);
		return st;
	}
	if (!*set)
		*set = rc_xcalloc(1, sizeof **set);
	struct rc_holidays *s = *set;
	s->cal = rc_xrealloc(s->cal, (s->n + 1) * sizeof *s->cal);
	s->cal[s->n++] = c;
	return RC_OK;
}

/* ------------------------------------------------------------------ */
/* Queries. */

size_t rc_holidays_count(const struct rc_holidays *set)
{
	return set ? set->n : 0;
}

const char *rc_holidays_id(const struct rc_holidays *set, size_t i)
{
	return set && i < set->n ? set->cal[i].id : NULL;
}

const char *rc_holidays_title(const struct rc_holidays *set, size_t i)
{
	return set && i < set->n ? set->cal[i].title : NULL;
}

static const struct hcal *find(const struct rc_holidays *set, const char *id)
{
	if (!set || !id)
		return NULL;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->cal[i].id, id))
			return &set->cal[i];
	return NULL;
}

bool rc_holidays_years(const struct rc_holidays *set, const char *cal, int *from, int *to)
{
	const struct hcal *c = find(set, cal);
	if (!c)
		return false;
	if (from)
		*from = c->from;
	if (to)
		*to = c->to;
	return true;
}

bool rc_holidays_entry(const struct rc_holidays *set, const char *cal, size_t i,
	struct rc_ymd *date, const char **name, bool *observed)
{
	const struct hcal *c = find(set, cal);
	if (!c || i >= c->n)
		return false;
	if (date)
		*date = rc_ymd_from_days(c->days[i].day);
	if (name)
		*name = c->days[i].name;
	if (observed)
		*observed = c->days[i].observed;
	return true;
}

/* Binary search in the calendar's sorted days. */
enum rc_answer rc_hcal_holiday(const struct hcal *c, int32_t day, bool count_observed,
	const char **name)
{
	if (name)
		*name = NULL;
	if (!c || day < c->first || day > c->last)
		return RC_ANSWER_UNKNOWN;
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && c->days[lo].day == day && (count_observed || !c->days[lo].observed)) {
		if (name)
			*name = c->days[lo].name;
		return RC_ANSWER_YES;
	}
	return RC_ANSWER_NO;
}

const struct hcal *rc_hcal_find(const struct rc_holidays *set, const char *id)
{
	return find(set, id);
}

bool rc_hcal_has_observed(const struct hcal *c)
{
	return c && c->has_observed;
}

enum rc_answer rc_holidays_is_holiday(const struct rc_holidays *set, const char *cal,
	struct rc_ymd date, bool count_observed, const char **name)
{
	if (name)
		*name = NULL;
	if (!rc_ymd_valid(date))
		return RC_ANSWER_UNKNOWN;
	return rc_hcal_holiday(find(set, cal), rc_ymd_to_days(date), count_observed, name);
}

enum rc_answer rc_holidays_is_working_day(const struct rc_holidays *set, const char *cal,
	struct rc_ymd date, bool count_observed)
{
	enum rc_answer h = rc_holidays_is_holiday(set, cal, date, count_observed, NULL);
	if (h == RC_ANSWER_UNKNOWN)
		return h;
	if (rc_ymd_weekday(date) >= 6 || h == RC_ANSWER_YES)
		return RC_ANSWER_NO;
	return RC_ANSWER_YES;
}
