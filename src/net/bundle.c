/* bundle.c - the envelope of a FHIR searchset Bundle (R4 and R5 alike),
 * read as the page streams in beside the importer: its type, total, next
 * link, how many entries match, and the OperationOutcomes of the search
 * (search.mode "outcome"), among them "suppressed": part of the log
 * withheld (FHIR IssueType; doc/registry-api.md).  The AuditEvents
 * themselves are the importer's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "i18n.h"
#include "net.h"

#define MAX_DEPTH 256
#define URL_MAX 8192
#define TEXT_MAX 2000   /* an issue's words, before cleaning */
#define SHOWN_MAX 500

enum ctx { C_SKIP, C_ROOT, C_LINKS, C_LINK, C_ENTRIES, C_ENTRY, C_SEARCH, C_RES, C_ISSUES, C_ISSUE, C_DETAILS };
enum key { K_OTHER, K_RESOURCETYPE, K_TYPE, K_TOTAL, K_LINK, K_ENTRY, K_RELATION, K_URL, K_SEARCH, K_MODE,
	K_RESOURCE, K_ISSUE, K_CODE, K_DETAILS, K_TEXT, K_DIAGNOSTICS };

struct frame {
	enum ctx ctx;
	enum key key; /* the key whose value comes next (maps) */
};

struct rc_bundle_env {
	yajl_handle y;
	struct frame st[MAX_DEPTH];
	int depth;              /* frames in use; deeper levels are skipped */
	int skip;               /* levels beyond the stack or ignored */
	bool too_deep, too_long;
	char *root_type, *type, *next;
	int64_t total;
	uint64_t matches, outcomes, suppressed;
	char *withheld;
	/* the entry being read */
	char mode[16], rtype[40];
	/* the issue being read */
	char code[32];
	char *text, *diag;
	bool entry_suppressed;
	char *entry_text;       /* the entry's first suppressed issue's words */
	/* the link being read */
	char *rel, *url;
	/* a root OperationOutcome (an error instead of a Bundle): its words */
	char *root_issue;
	bool done;
	enum rc_status err;
};

static enum key key_of(const unsigned char *k, size_t n)
{
#define K(s, v) if (n == sizeof s - 1 && !memcmp(k, s, n)) return v
	K("resourceType", K_RESOURCETYPE);
	K("type", K_TYPE);
	K("total", K_TOTAL);
	K("link", K_LINK);
	K("entry", K_ENTRY);
	K("relation", K_RELATION);
	K("url", K_URL);
	K("search", K_SEARCH);
	K("mode", K_MODE);
	K("resource", K_RESOURCE);
	K("issue", K_ISSUE);
	K("code", K_CODE);
	K("details", K_DETAILS);
	K("text", K_TEXT);
	K("diagnostics", K_DIAGNOSTICS);
#undef K
	return K_OTHER;
}

static struct frame *top(struct rc_bundle_env *e)
{
	return e->skip || !e->depth ? NULL : &e->st[e->depth - 1];
}

static void set_str(char **dst, const unsigned char *s, size_t n, size_t max, bool *too_long)
{
	if (*dst)
		return; /* the first one counts */
	if (n > max) {
		if (too_long)
			*too_long = true;
		n = max;
	}
	*dst = malloc(n + 1);
	if (*dst) {
		memcpy(*dst, s, n);
		(*dst)[n] = 0;
	}
}

static void copy_small(char *dst, size_t cap, const unsigned char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* A container opens: which one it is, from its parent and key. */
static int open_ctx(struct rc_bundle_env *e, bool array)
{
	struct frame *f = top(e);
	enum ctx c = C_SKIP;
	if (!e->skip && !e->depth)
		c = array ? C_SKIP : C_ROOT;
	else if (f) {
		switch (f->ctx) {
		case C_ROOT:
			c = !array ? C_SKIP : f->key == K_LINK ? C_LINKS : f->key == K_ENTRY ? C_ENTRIES
				: f->key == K_ISSUE ? C_ISSUES : C_SKIP;
			break;
		case C_LINKS: c = array ? C_SKIP : C_LINK; break;
		case C_ENTRIES: c = array ? C_SKIP : C_ENTRY; break;
		case C_ENTRY:
			c = array ? C_SKIP : f->key == K_SEARCH ? C_SEARCH : f->key == K_RESOURCE ? C_RES : C_SKIP;
			break;
		case C_RES: c = f->key == K_ISSUE && array ? C_ISSUES : C_SKIP; break;
		case C_ISSUES: c = array ? C_SKIP : C_ISSUE; break;
		case C_ISSUE: c = f->key == K_DETAILS && !array ? C_DETAILS : C_SKIP; break;
		default: c = C_SKIP; break;
		}
	}
	if (c == C_SKIP || e->skip) {
		e->skip++;
		if (e->skip + e->depth > MAX_DEPTH) {
			e->too_deep = true;
			return 0;
		}
		return 1;
	}
	e->st[e->depth].ctx = c;
	e->st[e->depth].key = K_OTHER;
	e->depth++;
	if (c == C_ENTRY) {
		e->mode[0] = e->rtype[0] = 0;
		e->entry_suppressed = false;
		free(e->entry_text);
		e->entry_text = NULL;
	} else if (c == C_ISSUE) {
		e->code[0] = 0;
		free(e->text);
		free(e->diag);
		e->text = e->diag = NULL;
	} else if (c == C_LINK) {
		free(e->rel);
		free(e->url);
		e->rel = e->url = NULL;
	}
	return 1;
}

static void issue_end(struct rc_bundle_env *e, bool at_root)
{
	const char *words = e->text ? e->text : e->diag;
	if (at_root) {
		if (!e->root_issue && words)
			e->root_issue = strdup(words);
		return;
	}
	if (strcmp(e->code, "suppressed"))
		return;
	e->entry_suppressed = true;
	e->suppressed++;
	if (!e->entry_text && words)
		e->entry_text = strdup(words);
}

static int close_ctx(struct rc_bundle_env *e)
{
	if (e->skip) {
		e->skip--;
		return 1;
	}
	if (!e->depth)
		return 1;
	enum ctx c = e->st[--e->depth].ctx;
	switch (c) {
	case C_LINK:
		if (e->rel && !strcmp(e->rel, "next") && e->url && !e->next)
			e->next = strdup(e->url);
		break;
	case C_ISSUE:
		/* an issue of the root (an OperationOutcome instead of a Bundle)
		 * or of an entry's resource */
		issue_end(e, e->depth >= 2 && e->st[e->depth - 2].ctx == C_ROOT);
		break;
	case C_ENTRY: {
		bool outcome = !strcmp(e->mode, "outcome") || !strcmp(e->rtype, "OperationOutcome");
		if (outcome) {
			e->outcomes++;
			if (e->entry_suppressed && !e->withheld && e->entry_text)
				e->withheld = rc_net_clean(e->entry_text, strlen(e->entry_text), SHOWN_MAX);
		} else if (!strcmp(e->mode, "match") || !e->mode[0]) {
			e->matches++;
		}
		break;
	}
	case C_ROOT:
		e->done = true;
		break;
	default:
		break;
	}
	return 1;
}

static int y_start_map(void *u) { return open_ctx(u, false); }
static int y_start_array(void *u) { return open_ctx(u, true); }
static int y_end(void *u) { return close_ctx(u); }

static int y_key(void *u, const unsigned char *k, size_t n)
{
	struct rc_bundle_env *e = u;
	struct frame *f = top(e);
	if (f)
		f->key = key_of(k, n);
	return 1;
}

static int y_string(void *u, const unsigned char *s, size_t n)
{
	struct rc_bundle_env *e = u;
	struct frame *f = top(e);
	if (!f)
		return 1;
	switch (f->ctx) {
	case C_ROOT:
		if (f->key == K_RESOURCETYPE)
			set_str(&e->root_type, s, n, 64, NULL);
		else if (f->key == K_TYPE)
			set_str(&e->type, s, n, 64, NULL);
		break;
	case C_LINK:
		if (f->key == K_RELATION)
			set_str(&e->rel, s, n, 64, NULL);
		else if (f->key == K_URL)
			set_str(&e->url, s, n, URL_MAX, &e->too_long);
		break;
	case C_SEARCH:
		if (f->key == K_MODE)
			copy_small(e->mode, sizeof e->mode, s, n);
		break;
	case C_RES:
		if (f->key == K_RESOURCETYPE)
			copy_small(e->rtype, sizeof e->rtype, s, n);
		break;
	case C_ISSUE:
		if (f->key == K_CODE)
			copy_small(e->code, sizeof e->code, s, n);
		else if (f->key == K_DIAGNOSTICS)
			set_str(&e->diag, s, n, TEXT_MAX, NULL);
		break;
	case C_DETAILS:
		if (f->key == K_TEXT)
			set_str(&e->text, s, n, TEXT_MAX, NULL);
		break;
	default:
		break;
	}
	return 1;
}

static int y_number(void *u, const char *s, size_t n)
{
	struct rc_bundle_env *e = u;
	struct frame *f = top(e);
	if (f && f->ctx == C_ROOT && f->key == K_TOTAL && e->total < 0 && n && n < 16) {
		int64_t v = 0;
		size_t i = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			v = v * 10 + (s[i] - '0');
		if (i == n)
			e->total = v;
	}
	return 1;
}

static int y_null(void *u) { return 1; }
static int y_bool(void *u, int b) { return 1; }

static const yajl_callbacks callbacks = {
	.yajl_null = y_null,
	.yajl_boolean = y_bool,
	.yajl_number = y_number,
	.yajl_string = y_string,
	.yajl_start_map = y_start_map,
	.yajl_map_key = y_key,
	.yajl_end_map = y_end,
	.yajl_start_array = y_start_array,
	.yajl_end_array = y_end,
};

struct rc_bundle_env *rc_bundle_env_new(void)
{
	struct rc_bundle_env *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->total = -1;
	e->err = RC_OK;
	e->y = yajl_alloc(&callbacks, NULL, e);
	if (!e->y) {
		free(e);
		return NULL;
	}
	return e;
}

void rc_bundle_env_free(struct rc_bundle_env **pe)
{
	struct rc_bundle_env *e = *pe;
	if (!e)
		return;
	yajl_free(e->y);
	char *f[] = { e->root_type, e->type, e->next, e->withheld, e->text, e->diag, e->entry_text, e->rel, e->url,
		e->root_issue };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		free(f[i]);
	free(e);
	*pe = NULL;
}

static enum rc_status not_json(struct rc_bundle_env *e)
{
	if (e->too_deep)
		rc_error_set("%s", _("The registry's answer is nested too deeply to be read."));
	else
		/* TRANSLATORS: JSON is a data format; leave it as it is. */
		rc_error_set("%s", _("The registry's answer is incomplete or not valid JSON."));
	return e->err = RC_BADREG;
}

enum rc_status rc_bundle_env_feed(struct rc_bundle_env *e, const void *p, size_t n)
{
	if (e->err != RC_OK)
		return e->err;
	if (yajl_parse(e->y, p, n) != yajl_status_ok)
		return not_json(e);
	return RC_OK;
}

enum rc_status rc_bundle_env_finish(struct rc_bundle_env *e)
{
	if (e->err != RC_OK)
		return e->err;
	if (yajl_complete_parse(e->y) != yajl_status_ok || !e->done)
		return not_json(e);
	if (e->root_type && !strcmp(e->root_type, "OperationOutcome")) {
		char *words = e->root_issue ? rc_net_clean(e->root_issue, strlen(e->root_issue), SHOWN_MAX) : NULL;
		/* TRANSLATORS: %s is the registry's own explanation (any language). */
		rc_error_set(_("The registry answered with an error: %s"), words && *words ? words : "?");
		free(words);
		return e->err = RC_BADREG;
	}
	if (!e->root_type || strcmp(e->root_type, "Bundle") || !e->type || strcmp(e->type, "searchset")) {
		/* TRANSLATORS: "Bundle" and "searchset" are FHIR names; leave them untranslated. */
		rc_error_set("%s", _("The registry's answer is not a FHIR search result (a Bundle of type searchset)."));
		return e->err = RC_BADREG;
	}
	if (e->too_long) {
		rc_error_set("%s", _("The registry's link to the next page is too long to be used."));
		return e->err = RC_BADREG;
	}
	return RC_OK;
}

void rc_bundle_env_info(const struct rc_bundle_env *e, struct rc_bundle_info *out)
{
	out->type = e->type;
	out->total = e->total;
	out->next = e->too_long ? NULL : e->next;
	out->matches = e->matches;
	out->outcomes = e->outcomes;
	out->suppressed = e->suppressed;
	out->withheld = e->withheld;
}
