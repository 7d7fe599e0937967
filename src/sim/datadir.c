/* datadir.c - --data DIR: fictional persons written by hand.
 *
 * DIR/persons holds one person a line ('#' starts a comment):
 *
 *     REFERENCE  COUNT|FILE  [withheld]
 *
 * COUNT: a generated log, as --person REF:COUNT makes.  FILE: a path
 * relative to DIR of an NDJSON file of the person's AuditEvents (FHIR R4
 * or R5 JSON, one resource a line), kept in memory and served as written,
 * newest first by their time (recorded, else occurredDateTime,
 * occurredPeriod or period: its end, else its start).  A line that is not
 * an AuditEvent, has no id or no time, repeats an id, or names another
 * patient is refused with its line number. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sim.h"

#define FILE_EVENTS_MAX 100000
#define DATA_BYTES_MAX (64UL << 20)

static size_t g_bytes; /* of all the files' events */

static bool fhir_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')
			|| *s == '-' || *s == '.'))
			return false;
	return true;
}

static bool time_str(json_t *v, int64_t *t)
{
	int64_t from, to;
	const char *s = json_string_value(v);
	if (!s || strlen(s) > 40 || !parse_search_date(s, &from, &to))
		return false;
	*t = from;
	return true;
}

static bool time_period(json_t *per, int64_t *t)
{
	return json_is_object(per)
		&& (time_str(json_object_get(per, "end"), t) || time_str(json_object_get(per, "start"), t));
}

/* The event's time: recorded, else when it occurred. */
static bool event_time_of(json_t *o, int64_t *t)
{
	return time_str(json_object_get(o, "recorded"), t)
		|| time_str(json_object_get(o, "occurredDateTime"), t)
		|| time_period(json_object_get(o, "occurredPeriod"), t)
		|| time_period(json_object_get(o, "period"), t);
}

/* Does the Reference what name p (or nobody)?  By its reference if it has
 * one (the same, or an absolute URL ending in it), else by its identifier
 * (system|value); a display alone names nobody. */
static bool names_p(const struct person *p, json_t *what)
{
	if (!json_is_object(what))
		return true;
	const char *r = json_string_value(json_object_get(what, "reference"));
	if (r) {
		if (strcmp(r, p->ref) == 0)
			return true;
		size_t n = strlen(r), m = strlen(p->ref);
		return !p->is_ident && strstr(r, "://") && n > m && r[n - m - 1] == '/'
			&& strcmp(r + n - m, p->ref) == 0;
	}
	json_t *id = json_object_get(what, "identifier");
	const char *sys = json_string_value(json_object_get(id, "system"));
	const char *val = json_string_value(json_object_get(id, "value"));
	if (!sys && !val)
		return true;
	size_t ls = sys ? strlen(sys) : 0;
	return p->is_ident && sys && val && strncmp(p->ref, sys, ls) == 0 && p->ref[ls] == '|'
		&& strcmp(p->ref + ls + 1, val) == 0;
}

static bool is_patient_ref(json_t *what)
{
	const char *r = json_string_value(json_object_get(what, "reference"));
	return r && (strncmp(r, "Patient/", 8) == 0 || strstr(r, "/Patient/"));
}

/* object-role 1 "Patient": an R4 Coding or an R5 CodeableConcept */
static bool role_patient(json_t *role)
{
	json_t *codings = json_object_get(role, "coding");
	size_t n = json_is_array(codings) ? json_array_size(codings) : 0;
	for (size_t i = 0; i <= n; i++) {
		json_t *c = i < n ? json_array_get(codings, i) : role;
		const char *code = json_string_value(json_object_get(c, "code"));
		const char *sys = json_string_value(json_object_get(c, "system"));
		size_t ls = sys ? strlen(sys) : 0;
		if (code && strcmp(code, "1") == 0 && (!sys || (ls >= 11 && strcmp(sys + ls - 11, "object-role") == 0)))
			return true;
	}
	return false;
}

/* Every patient the event names must be p: the R5 patient, each entity
 * in the role Patient, each entity that is a Patient reference. */
static bool only_p(const struct person *p, json_t *o)
{
	if (!names_p(p, json_object_get(o, "patient")))
		return false;
	json_t *ents = json_object_get(o, "entity");
	size_t i;
	json_t *e;
	if (!json_is_array(ents))
		return true;
	json_array_foreach(ents, i, e) {
		json_t *what = json_object_get(e, "what");
		if ((role_patient(json_object_get(e, "role")) || is_patient_ref(what)) && !names_p(p, what))
			return false;
	}
	return true;
}

static int by_time(const void *a, const void *b)
{
	const struct fevent *x = a, *y = b;
	if (x->t != y->t)
		return x->t > y->t ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static const struct fevent *g_sort_fev;

static int by_id(const void *a, const void *b)
{
	return strcmp(g_sort_fev[*(const size_t *)a].id, g_sort_fev[*(const size_t *)b].id);
}

static void *slurp(const char *path, size_t max, size_t *len, bool *too_big)
{
	*too_big = false;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct jbuf b;
	jb_init(&b);
	char tmp[65536];
	size_t k;
	*too_big = false;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) {
		if (b.len + k > max) {
			*too_big = true;
			break;
		}
		jb_add(&b, tmp, k);
	}
	bool err = ferror(f);
	fclose(f);
	if (err || *too_big) {
		jb_free(&b);
		if (err)
			errno = EIO;
		return NULL;
	}
	jb_reserve(&b, 1);
	b.p[b.len] = '\0';
	*len = b.len;
	return b.p;
}

/* p's events from path (shown as name); false with err. */
static bool load_events(struct person *p, const char *path, const char *name, char *err, size_t errlen)
{
	size_t len = 0;
	bool too_big;
	size_t room = DATA_BYTES_MAX - g_bytes;
	char *text = slurp(path, room + (size_t)FILE_EVENTS_MAX * 2 + 1, &len, &too_big);
	if (!text) {
		if (too_big)
			snprintf(err, errlen, "%s: the data files hold more than 64 MiB of events", name);
		else
			snprintf(err, errlen, "%s: cannot read it: %s", name, strerror(errno));
		return false;
	}
	struct fevent *fev = NULL;
	size_t n = 0, cap = 0;
	uint64_t line = 0;
	bool ok = false;
	if (strlen(text) != len) {
		for (char *c = text; *c; c++)
			line += *c == '\n';
		snprintf(err, errlen, "%s:%llu: a NUL byte", name, (unsigned long long)line + 1);
		free(text);
		return false;
	}
	for (char *s = text; *s || s == text;) {
		char *nl = strchr(s, '\n');
		char *end = nl ? nl : s + strlen(s);
		line++;
		char *a = s, *z = end;
		while (a < z && (*a == ' ' || *a == '\t' || *a == '\r'))
			a++;
		while (z > a && (z[-1] == ' ' || z[-1] == '\t' || z[-1] == '\r'))
			z--;
		s = nl ? nl + 1 : end;
		if (a == z) {
			if (!nl)
				break;
			continue;
		}
		json_error_t je;
		json_t *o = json_loadb(a, (size_t)(z - a), JSON_REJECT_DUPLICATES, &je);
		const char *why = NULL;
		const char *id = NULL;
		int64_t t = 0;
		if (!o)
			why = "not JSON (one resource a line)";
		else if (!json_is_object(o) || !json_is_string(json_object_get(o, "resourceType"))
			|| strcmp(json_string_value(json_object_get(o, "resourceType")), "AuditEvent") != 0)
			why = "not an AuditEvent";
		else if (!(id = json_string_value(json_object_get(o, "id"))))
			why = "an AuditEvent without an id";
		else if (!fhir_id_ok(id))
			why = "its id is not a FHIR id (1 to 64 of A-Z a-z 0-9 - .)";
		else if (!event_time_of(o, &t))
			why = "no time (recorded, occurredDateTime, occurredPeriod or period)";
		else if (!only_p(p, o))
			why = "the event names another patient than this person";
		if (why) {
			snprintf(err, errlen, "%s:%llu: %s", name, (unsigned long long)line, why);
			json_decref(o);
			goto out;
		}
		if (n == FILE_EVENTS_MAX) {
			snprintf(err, errlen, "%s:%llu: more than %d events in one file", name,
				(unsigned long long)line, FILE_EVENTS_MAX);
			json_decref(o);
			goto out;
		}
		size_t l = (size_t)(z - a);
		if (l > DATA_BYTES_MAX - g_bytes) {
			snprintf(err, errlen, "%s:%llu: the data files hold more than 64 MiB of events", name,
				(unsigned long long)line);
			json_decref(o);
			goto out;
		}
		g_bytes += l;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			struct fevent *f = realloc(fev, cap * sizeof *f);
			if (!f)
				abort();
			fev = f;
		}
		struct fevent *e = &fev[n++];
		e->json = xmalloc(l + 1);
		memcpy(e->json, a, l);
		e->json[l] = '\0';
		e->len = l;
		e->id = xstrdup(id);
		e->t = t;
		e->line = line;
		json_decref(o);
		if (!nl)
			break;
	}
	if (n)
		qsort(fev, n, sizeof *fev, by_time);
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	g_sort_fev = fev;
	if (n)
		qsort(idx, n, sizeof *idx, by_id);
	for (size_t i = 1; i < n; i++)
		if (strcmp(fev[idx[i - 1]].id, fev[idx[i]].id) == 0) {
			const struct fevent *x = &fev[idx[i - 1]], *y = &fev[idx[i]];
			snprintf(err, errlen, "%s:%llu: the id %s is also on line %llu", name,
				(unsigned long long)(x->line > y->line ? x->line : y->line), x->id,
				(unsigned long long)(x->line > y->line ? y->line : x->line));
			free(idx);
			goto out;
		}
	/* ids are looked up across persons: one id, one event */
	for (size_t i = 0; i < n; i++) {
		const struct person *q;
		uint64_t k;
		if (parse_event_id(fev[i].id, &q, &k)) {
			snprintf(err, errlen, "%s:%llu: the id %s is already another person's event", name,
				(unsigned long long)fev[i].line, fev[i].id);
			free(idx);
			goto out;
		}
	}
	p->fev = fev;
	p->by_id = idx;
	p->count = n;
	fev = NULL;
	ok = true;
out:
	if (fev) {
		for (size_t i = 0; i < n; i++) {
			free(fev[i].json);
			free(fev[i].id);
		}
		free(fev);
	}
	free(text);
	return ok;
}

bool data_load(const char *dir, char *err, size_t errlen)
{
	size_t dl = strlen(dir);
	char *path = xmalloc(dl + 16);
	snprintf(path, dl + 16, "%s/persons", dir);
	size_t len;
	bool too_big;
	char *text = slurp(path, 1UL << 20, &len, &too_big);
	if (!text) {
		if (too_big)
			snprintf(err, errlen, "%s: larger than 1 MiB", path);
		else
			snprintf(err, errlen, "%s: cannot read it: %s", path, strerror(errno));
		free(path);
		return false;
	}
	bool ok = false;
	unsigned long line = 0, persons = 0;
	char *save = NULL;
	for (char *s = text; s; s = save) {
		char *nl = strchr(s, '\n');
		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		line++;
		if (!save && !*s)
			break;
		for (char *c = s; *c; c++)
			if (*c == '#' && (c == s || c[-1] == ' ' || c[-1] == '\t')) {
				*c = '\0';
				break;
			}
		char *tok[4];
		int nt = 0;
		for (char *w = strtok(s, " \t\r"); w; w = strtok(NULL, " \t\r"))
			if (nt < 4)
				tok[nt++] = w;
			else
				nt = 5;
		if (nt == 0)
			continue;
		if (nt < 2 || nt > 3 || (nt == 3 && strcmp(tok[2], "withheld") != 0)) {
			snprintf(err, errlen, "%s:%lu: a person is REFERENCE COUNT|FILE [withheld]", path, line);
			goto out;
		}
		bool withheld = nt == 3;
		const char *what = tok[1];
		size_t wl = strlen(what);
		bool is_count = strspn(what, "0123456789") == wl;
		if (is_count && wl > 9) {
			snprintf(err, errlen, "%s:%lu: at most %llu events per person", path, line, SIM_EVENTS_MAX);
			goto out;
		}
		if (!is_count && what[0] == '/') {
			snprintf(err, errlen, "%s:%lu: the file is a path relative to %s", path, line, dir);
			goto out;
		}
		char why[200];
		struct person *p = person_make(xstrdup(tok[0]), is_count ? strtoull(what, NULL, 10) : 0,
			withheld, why, sizeof why);
		if (!p) {
			snprintf(err, errlen, "%s:%lu: %s", path, line, why);
			goto out;
		}
		persons++;
		if (!is_count) {
			char *fp = xmalloc(dl + wl + 2);
			snprintf(fp, dl + wl + 2, "%s/%s", dir, what);
			bool lok = load_events(p, fp, fp, err, errlen);
			free(fp);
			if (!lok)
				goto out;
		}
	}
	if (!persons) {
		snprintf(err, errlen, "%s: names no person", path);
		goto out;
	}
	ok = true;
out:
	free(text);
	free(path);
	return ok;
}
