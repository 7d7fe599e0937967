/* profile.c - making a case, and changing what it knows about itself:
 * each field checked by one validator, and the flags that depend on a
 * field checked again in the same transaction as the change. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops-int.h"

static const struct {
	const char *arg;  /* on the command line */
	const char *meta; /* in the case file */
	bool flags;       /* the access-log flags depend on it */
} fields[RC_PF_COUNT] = {
#define RC_PF_ROW(name, arg, meta) { arg, meta, false },
	RC_PROFILE_FIELD_INFO(RC_PF_ROW)
#undef RC_PF_ROW
};

bool rc_profile_field_parse(const char *name, enum rc_profile_field *out)
{
	for (int i = 0; name && i < RC_PF_COUNT; i++)
		if (!strcmp(name, fields[i].arg)) {
			*out = (enum rc_profile_field)i;
			return true;
		}
	return false;
}

const char *rc_profile_field_name(enum rc_profile_field f)
{
	return f >= 0 && f < RC_PF_COUNT ? fields[f].arg : NULL;
}

const char *rc_profile_field_list(void)
{
	return "name, record, record-created, record-dates, countries, regimes, language, burst-count, burst-window";
}

bool rc_profile_field_flags(enum rc_profile_field f)
{
	return f == RC_PF_COUNTRIES || f == RC_PF_REGIMES || f == RC_PF_RECORD_DATES ||
	       f == RC_PF_BURST_COUNT || f == RC_PF_BURST_WINDOW;
}

enum rc_status ops_clean_text(const char *in, size_t max, char **out)
{
	*out = NULL;
	if (!in)
		return RC_OK;
	char *t = rc_text_sanitize(in, strlen(in), false);
	if (strlen(t) > max) {
		free(t);
		/* TRANSLATORS: error detail; %zu is a number of bytes. */
		rc_error_set(_("This is too long (at most %zu bytes)."), max);
		return RC_INVALID;
	}
	if (*t)
		*out = t;
	else
		free(t);
	return RC_OK;
}

static enum rc_status check_number(const char *v, long min, long max, char **norm)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || end == v || *end || n < min || n > max) {
		/* TRANSLATORS: error detail; %1$s what was given, %2$ld and %3$ld the bounds. */
		rc_error_set(_("\"%1$s\" is not a whole number from %2$ld to %3$ld."), v, min, max);
		return RC_INVALID;
	}
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", n);
	*norm = rc_xstrdup(buf);
	return RC_OK;
}

/* A language tag: "ar", "fa", "pt-BR". */
static bool language_valid(const char *s)
{
	size_t i = 0;
	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return false;
	if (!s[i])
		return true;
	if (s[i] != '-' && s[i] != '_')
		return false;
	size_t j = ++i;
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))
		i++;
	return !s[i] && i - j >= 2 && i - j <= 8;
}

enum rc_status rc_op_profile_check(enum rc_profile_field f, const char *value, char **norm)
{
	rc_error_clear();
	*norm = NULL;
	if (!value)
		return RC_OK;
	const char *v = value;
	while (*v == ' ' || *v == '\t')
		v++;
	if (!*v)
		return RC_OK;
	switch (f) {
	case RC_PF_NAME:
	case RC_PF_RECORD:
		return ops_clean_text(v, 500, norm);
	case RC_PF_RECORD_CREATED: {
		int64_t ts;
		char d[32];
		if (!rc_date_parse(v, &ts, d, sizeof d)) {
			char *shown = rc_text_sanitize(v, strlen(v), false);
			/* TRANSLATORS: error detail; %s is what was typed. */
			rc_error_set(_("\"%s\" is not a date. Write it like 2024-05-22."), shown);
			free(shown);
			return RC_INVALID;
		}
		*norm = rc_xstrdup(d);
		return RC_OK;
	}
	case RC_PF_COUNTRIES:
		return rc_country_list_parse(v, norm);
	case RC_PF_RECORD_DATES: {
		const struct rc_regimes *cat;
		enum rc_status st = rc_op_catalogue(&cat);
		struct rc_record_date *d = NULL;
		size_t n = 0;
		if (st == RC_OK)
			st = rc_record_dates_parse(cat, v, &d, &n, norm);
		free(d);
		return st;
	}
	case RC_PF_REGIMES: {
		const struct rc_regimes *cat;
		enum rc_status st = rc_op_catalogue(&cat);
		struct rc_regimes *sub = NULL;
		if (st == RC_OK)
			st = rc_regimes_subset(cat, v, &sub);
		if (st == RC_OK) {
			/* the ids as the catalogue spells them, each once */
			struct rc_buf b;
			rc_buf_init(&b);
			for (size_t i = 0; i < rc_regimes_count(sub); i++)
				rc_buf_printf(&b, "%s%s", i ? "," : "", rc_regimes_id(sub, i));
			if (b.len)
				*norm = rc_xstrdup(rc_buf_cstr(&b));
			rc_buf_free(&b);
		}
		rc_regimes_free(&sub);
		return st;
	}
	case RC_PF_LANGUAGE:
		if (!language_valid(v)) {
			char *shown = rc_text_sanitize(v, strlen(v), false);
			/* TRANSLATORS: error detail; %s is what was typed. */
			rc_error_set(_("\"%s\" is not a language code. Use two or three small letters, for example ar, fa, ti."), shown);
			free(shown);
			return RC_INVALID;
		}
		*norm = rc_xstrdup(v);
		return RC_OK;
	case RC_PF_BURST_COUNT:
		return check_number(v, 2, RC_BURST_MAX, norm);
	case RC_PF_BURST_WINDOW:
		return check_number(v, 1, 31 * 24 * 3600, norm);
	default:
		return RC_USAGE;
	}
}

static void profile_fields(const struct rc_profile *p, const char *in[RC_PF_COUNT])
{
	memset(in, 0, RC_PF_COUNT * sizeof *in);
	if (!p)
		return;
	in[RC_PF_NAME] = p->display_name;
	in[RC_PF_RECORD] = p->record_ref;
	in[RC_PF_RECORD_CREATED] = p->record_created;
	in[RC_PF_RECORD_DATES] = p->record_dates;
	in[RC_PF_COUNTRIES] = p->countries;
	in[RC_PF_REGIMES] = p->regimes;
	in[RC_PF_LANGUAGE] = p->language;
	in[RC_PF_BURST_COUNT] = p->burst_count;
	in[RC_PF_BURST_WINDOW] = p->burst_window;
}

enum rc_status rc_op_profile_validate(const struct rc_profile *p, enum rc_profile_field *bad)
{
	const char *in[RC_PF_COUNT];
	profile_fields(p, in);
	for (int f = 0; f < RC_PF_COUNT; f++) {
		char *norm = NULL;
		enum rc_status st = rc_op_profile_check((enum rc_profile_field)f, in[f], &norm);
		free(norm);
		if (st != RC_OK) {
			if (bad)
				*bad = (enum rc_profile_field)f;
			return st;
		}
	}
	return RC_OK;
}

enum rc_status rc_op_case_create(const char *path, const char *slot_label, const struct rc_secret *pass,
	const struct rc_profile *p, struct rc_case **out)
{
	rc_error_clear();
	*out = NULL;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t bl = strlen(base);
	char *label = rc_xstrndup(base, bl > 5 && !strcmp(base + bl - 5, ".case") ? bl - 5 : bl);
	bool ok = rc_case_label_valid(label);
	if (!ok) {
		char *shown = rc_text_sanitize(label, strlen(label), false);
		/* TRANSLATORS: error detail; %s is the label given. */
		rc_error_set(_("\"%s\" cannot be a case label. Use letters, digits, '-', '_' or '.', up to 64, and never the name of a person: anyone at this computer can see the labels."), shown);
		free(shown);
	}
	free(label);
	if (!ok)
		return RC_INVALID;
	if (!rc_slot_label_valid(slot_label)) {
		/* TRANSLATORS: error detail; %s is the label given. */
		rc_error_set(_("\"%s\" cannot be a key slot label."), slot_label);
		return RC_INVALID;
	}
	const char *in[RC_PF_COUNT];
	profile_fields(p, in);
	char *norm[RC_PF_COUNT] = { 0 };
	enum rc_status st = RC_OK;
	for (int f = 0; f < RC_PF_COUNT && st == RC_OK; f++)
		st = rc_op_profile_check((enum rc_profile_field)f, in[f], &norm[f]);
	/* The flags of every access need the catalogue: a case is not made
	 * where it cannot be found. */
	const struct rc_regimes *cat;
	if (st == RC_OK)
		st = rc_op_catalogue(&cat);
	if (st == RC_OK) {
		struct rc_case_meta m = { 0 };
		m.display_name = norm[RC_PF_NAME];
		m.record_ref = norm[RC_PF_RECORD];
		m.record_created = norm[RC_PF_RECORD_CREATED];
		m.record_dates = norm[RC_PF_RECORD_DATES];
		m.countries = norm[RC_PF_COUNTRIES];
		m.regimes = norm[RC_PF_REGIMES];
		m.language = norm[RC_PF_LANGUAGE];
		m.burst_count = norm[RC_PF_BURST_COUNT];
		m.burst_window = norm[RC_PF_BURST_WINDOW];
		struct rc_kdf kdf;
		rc_op_kdf(&kdf);
		st = rc_case_create(path, slot_label, pass, &kdf, &m, out);
	}
	for (int f = 0; f < RC_PF_COUNT; f++)
		free(norm[f]);
	return st;
}

enum rc_status ops_reflag(struct rc_case *c, rc_progress_fn progress, void *ud)
{
	struct rc_flag_ctx ctx;
	enum rc_status st = rc_op_flag_ctx(c, &ctx);
	if (st == RC_OK)
		st = rc_events_reflag(c, &ctx, progress, ud);
	rc_flag_ctx_clear(&ctx);
	return st;
}

enum rc_status rc_op_profile_set(struct rc_case *c, enum rc_profile_field f, const char *value,
	rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	if (f < 0 || f >= RC_PF_COUNT)
		return RC_USAGE;
	char *norm = NULL;
	enum rc_status st = rc_op_profile_check(f, value, &norm);
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		st = rc_case_meta_set(c, fields[f].meta, norm);
		if (st == RC_OK && rc_profile_field_flags(f))
			st = ops_reflag(c, progress, ud);
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	free(norm);
	return st;
}

