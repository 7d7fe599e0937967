/* catalogue.c - the regime catalogue, found and read once per process,
 * and the flag context of a case built from it. */
#include "config.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ops.h"

static pthread_mutex_t cat_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rc_regimes *cat;   /* every regime file and common.json */
static char *cat_dir;            /* the data folder it came from */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json of dir (sorted, so errors and ids come in one order). */
static enum rc_status load_dir(const char *dir, struct rc_regimes **out)
{
	*out = NULL;
	DIR *d = opendir(dir);
	if (!d)
		return RC_IO;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".json"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = rc_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = rc_xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	enum rc_status st = RC_OK;
	struct rc_regimes *r = NULL;
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		char *p = rc_path_join(dir, names[i]);
		char *text = NULL;
		size_t len = 0;
		st = rc_file_read_all(p, 4u << 20, &text, &len);
		if (st == RC_OK)
			st = rc_regimes_add_json(&r, text, len);
		if (st != RC_OK) {
			char *why = rc_xstrdup(rc_error_detail());
			/* TRANSLATORS: error detail; %1$s a file, %2$s what is wrong in it. */
			rc_error_set(_("%1$s: %2$s"), p, *why ? why : rc_status_message(st));
			free(why);
			st = RC_INVALID;
		}
		free(text);
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (st == RC_OK && !rc_regimes_has_common(r)) {
		/* TRANSLATORS: error detail; %s is a folder. */
		rc_error_set(_("%s has no common.json (areas and the mandate keyword lists)."), dir);
		st = RC_INVALID;
	}
	if (st != RC_OK) {
		rc_regimes_free(&r);
		return st;
	}
	*out = r;
	return RC_OK;
}

static bool holds_regimes(const char *data)
{
	char *p = rc_path_join(data, "regimes/common.json");
	struct stat sb;
	bool ok = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
	free(p);
	return ok;
}

enum rc_status rc_op_catalogue(const struct rc_regimes **out)
{
	rc_error_clear();
	pthread_mutex_lock(&cat_mu);
	enum rc_status st = RC_OK;
	if (!cat) {
		/* An explicit setting is the only place looked in; otherwise
		 * the installed folder, then the source tree of this build. */
		const char *env = getenv("RECOURSE_DATA_DIR");
		const char *places[3];
		size_t np = 0;
		if (env && *env) {
			places[np++] = env;
		} else {
			places[np++] = PKGDATADIR;
#ifdef SRCDATADIR
			places[np++] = SRCDATADIR;
#endif
		}
		const char *found = NULL;
		for (size_t i = 0; i < np && !found; i++)
			if (holds_regimes(places[i]))
				found = places[i];
		if (!found) {
			struct rc_buf b;
			rc_buf_init(&b);
			for (size_t i = 0; i < np; i++)
				rc_buf_printf(&b, "%s%s/regimes", i ? ", " : "", places[i]);
			/* TRANSLATORS: error detail; %s lists folders. */
			rc_error_set(_("Looked for the legal regime files in: %s. Install recourse (make install), or set RECOURSE_DATA_DIR to its data folder."),
			             rc_buf_cstr(&b));
			rc_buf_free(&b);
			st = RC_NODATA;
		} else {
			char *dir = rc_path_join(found, "regimes");
			st = load_dir(dir, &cat);
			free(dir);
			if (st == RC_OK) {
				cat_dir = rc_xstrdup(found);
				rc_log(RC_LOG_DEBUG, "regimes: %zu from %s/regimes", rc_regimes_count(cat), found);
			}
		}
	}
	*out = cat;
	pthread_mutex_unlock(&cat_mu);
	return st;
}

const char *rc_op_data_dir(void)
{
	return cat_dir;
}

enum rc_status rc_op_flag_ctx(struct rc_case *c, struct rc_flag_ctx *ctx)
{
	rc_error_clear();
	rc_flag_ctx_init(ctx);
	const struct rc_regimes *all;
	enum rc_status st = rc_op_catalogue(&all);
	if (st != RC_OK)
		return st;
	struct rc_case_meta m;
	st = rc_case_meta_get(c, &m);
	if (st != RC_OK)
		return st;
	/* Stored values were checked when they were set; a value written by
	 * an older version is read as leniently as it was then. */
	if (m.countries) {
		size_t cap = 0;
		for (char *save = NULL, *t = strtok_r(m.countries, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
			char cc[3];
			if (!rc_country_parse(t, cc))
				continue;
			if (ctx->n_feared == cap) {
				cap = cap ? cap * 2 : 4;
				ctx->feared = rc_xrealloc(ctx->feared, cap * sizeof *ctx->feared);
			}
			memcpy(ctx->feared[ctx->n_feared++], cc, 3);
		}
	}
	/* Where retention periods start, per system: checked when set; a
	 * catalogue that no longer knows one is said, not ignored. */
	if (m.record_dates)
		st = rc_record_dates_parse(all, m.record_dates, &ctx->dates, &ctx->n_dates, NULL);
	if (st != RC_OK) {
		rc_case_meta_clear(&m);
		rc_flag_ctx_clear(ctx);
		return st;
	}
	if (m.burst_count && atoi(m.burst_count) >= 2)
		ctx->burst_count = (unsigned)atoi(m.burst_count);
	if (m.burst_window && atoi(m.burst_window) >= 1)
		ctx->burst_window_s = (unsigned)atoi(m.burst_window);
	/* requests */
	struct rc_request_row *rows = NULL;
	size_t n = 0;
	st = rc_case_requests(c, &rows, &n);
	if (st == RC_OK && n) {
		ctx->requests = rc_xcalloc(n, sizeof *ctx->requests);
		for (size_t i = 0; i < n; i++) {
			struct rc_request_mark *r = &ctx->requests[ctx->n_requests++];
			snprintf(r->kind, sizeof r->kind, "%s", rows[i].kind ? rows[i].kind : "");
			snprintf(r->regime, sizeof r->regime, "%s", rows[i].regime ? rows[i].regime : "");
			r->filed_ts = r->confirmed_ts = RC_TS_UNKNOWN;
			char norm[32];
			int64_t ts;
			if (rows[i].filed && rc_date_parse(rows[i].filed, &ts, norm, sizeof norm))
				r->filed_ts = ts;
			if (rows[i].confirmed && rc_date_parse(rows[i].confirmed, &ts, norm, sizeof norm))
				r->confirmed_ts = ts;
		}
	}
	rc_request_rows_free(&rows, n);
	/* the case's regimes: a subset of the catalogue */
	if (st == RC_OK)
		st = rc_regimes_subset(all, m.regimes, &ctx->own_regimes);
	if (st == RC_OK)
		ctx->regimes = ctx->own_regimes;
	rc_case_meta_clear(&m);
	if (st != RC_OK)
		rc_flag_ctx_clear(ctx);
	return st;
}

/* ---- public holidays ---- */

static pthread_mutex_t hol_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rc_holidays *hol;

/* Every *.json of dir into *set; a file that does not load names itself. */
static enum rc_status holidays_dir(const char *dir, struct rc_holidays **set, bool must_exist)
{
	DIR *d = opendir(dir);
	if (!d)
		return must_exist ? RC_NODATA : RC_OK;
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".json"))
			continue;
		names = rc_xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = rc_xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	enum rc_status st = RC_OK;
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		char *p = rc_path_join(dir, names[i]);
		char *text = NULL;
		size_t len = 0;
		st = rc_file_read_all(p, 4u << 20, &text, &len);
		if (st == RC_OK)
			st = rc_holidays_add_json(set, text, len);
		if (st != RC_OK) {
			char *why = rc_xstrdup(rc_error_detail());
			rc_error_set(_("%1$s: %2$s"), p, *why ? why : rc_status_message(st));
			free(why);
			st = RC_INVALID;
		}
		free(text);
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return st;
}

enum rc_status rc_op_holidays(const struct rc_holidays **out)
{
	rc_error_clear();
	*out = NULL;
	const struct rc_regimes *catalogue;
	enum rc_status st = rc_op_catalogue(&catalogue); /* finds the data folder */
	if (st != RC_OK)
		return st;
	pthread_mutex_lock(&hol_mu);
	if (!hol) {
		struct rc_holidays *set = NULL;
		char *dir = rc_path_join(cat_dir, "holidays");
		st = holidays_dir(dir, &set, true);
		if (st == RC_NODATA)
			/* TRANSLATORS: error detail; %s is a folder. */
			rc_error_set(_("The public holiday calendars were not found in %s."), dir);
		free(dir);
		/* an office's own calendars (a region, a court) */
		if (st == RC_OK) {
			const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
			char *base = x && *x == '/' ? rc_xstrdup(x) : rc_path_join(home && *home ? home : "/", ".config");
			char *own = rc_path_join(base, "recourse/holidays");
			st = holidays_dir(own, &set, false);
			free(own);
			free(base);
		}
		if (st == RC_OK)
			hol = set;
		else
			rc_holidays_free(&set);
	}
	*out = hol;
	pthread_mutex_unlock(&hol_mu);
	return st;
}

enum rc_status rc_op_calendar_of(const char *in, const char **id)
{
	*id = NULL;
	const struct rc_holidays *h;
	enum rc_status st = rc_op_holidays(&h);
	if (st != RC_OK)
		return st;
	char want[64] = "";
	char cc[3];
	if (in && rc_country_parse(in, cc)) {
		/* a country: its nationwide calendar */
		static const struct { const char *cc, *cal; } special[] = {
			{ "GB", "uk-england-wales" }, { "US", "us-federal" }, { "CA", "ca-federal" },
		};
		snprintf(want, sizeof want, "%c%c", cc[0] | 0x20, cc[1] | 0x20);
		for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
			if (!strcmp(cc, special[i].cc))
				snprintf(want, sizeof want, "%s", special[i].cal);
	} else if (in && !strcasecmp(in, "EU")) {
		snprintf(want, sizeof want, "eu-commission");
	} else if (in) {
		snprintf(want, sizeof want, "%s", in);
	}
	for (size_t i = 0; *want && i < rc_holidays_count(h); i++)
		if (!strcmp(rc_holidays_id(h, i), want)) {
			*id = rc_holidays_id(h, i);
			return RC_OK;
		}
	struct rc_buf b;
	rc_buf_init(&b);
	for (size_t i = 0; i < rc_holidays_count(h); i++)
		rc_buf_printf(&b, "%s%s", i ? ", " : "", rc_holidays_id(h, i));
	/* TRANSLATORS: error detail; %1$s what was given, %2$s the calendars known. */
	rc_error_set(_("\"%1$s\" is not a public holiday calendar recourse knows. Give the authority's country (two letters) or one of: %2$s."),
	             in ? in : "", rc_buf_cstr(&b));
	rc_buf_free(&b);
	return RC_INVALID;
}
