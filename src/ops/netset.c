/* netset.c - the program's network settings: a proxy, and whether the
 * environment's proxy variables count (doc/registry-api.md, section 8).
 * They live in $XDG_CONFIG_HOME/recourse/settings, the file the terminal
 * interface keeps its settings in ("proxy = URL", "proxy-env = yes"),
 * never with anything of a case.  Without them no proxy is used, whatever
 * the environment says. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops-int.h"

static enum rc_status tsa_cert_set(const char *file);

static char *settings_dir(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return rc_path_join(x, "recourse");
	const char *h = getenv("HOME");
	char *cfg = rc_path_join(h && *h ? h : "/", ".config");
	char *dir = rc_path_join(cfg, "recourse");
	free(cfg);
	return dir;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

void rc_op_net_settings(struct rc_net_settings *s)
{
	memset(s, 0, sizeof *s);
	char *dir = settings_dir();
	char *path = rc_path_join(dir, "settings");
	free(dir);
	char *data = NULL;
	size_t len;
	if (rc_file_read_all(path, 65536, &data, &len) == RC_OK) {
		char *save = NULL;
		for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *l = trim(line);
			char *eq = strchr(l, '=');
			if (*l == '#' || !eq)
				continue;
			*eq = 0;
			char *k = trim(l), *v = trim(eq + 1);
			if (!strcmp(k, "proxy")) {
				/* a hand-edited file is held to the same rules */
				if (*v && rc_net_proxy_ok(v))
					snprintf(s->proxy, sizeof s->proxy, "%s", v);
				else
					s->proxy[0] = 0;
				rc_error_clear();
			} else if (!strcmp(k, "proxy-env")) {
				s->proxy_env = !strcmp(v, "yes");
			} else if (!strcmp(k, "tsa")) {
				if (*v && rc_net_url_allowed(v))
					snprintf(s->tsa, sizeof s->tsa, "%s", v);
				else
					s->tsa[0] = 0;
				rc_error_clear();
			}
		}
	}
	free(data);
	free(path);
}

enum rc_status rc_op_net_setting_set(const char *key, const char *value)
{
	rc_error_clear();
	char line[600];
	if (!key || !value) {
		return RC_USAGE;
	} else if (!strcmp(key, "proxy")) {
		if (!*value || !strcmp(value, "none"))
			line[0] = 0;
		else if (!rc_net_proxy_ok(value))
			return RC_USAGE;
		else
			snprintf(line, sizeof line, "proxy = %s\n", value);
	} else if (!strcmp(key, "proxy-env")) {
		if (strcmp(value, "yes") && strcmp(value, "no")) {
			/* TRANSLATORS: keep yes and no in English: they are the values to type. */
			rc_error_set("%s", _("proxy-env is yes or no."));
			return RC_USAGE;
		}
		snprintf(line, sizeof line, "proxy-env = %s\n", value);
	} else if (!strcmp(key, "tsa")) {
		if (!*value || !strcmp(value, "none"))
			line[0] = 0;
		else if (!rc_net_url_allowed(value) || strlen(value) >= 500) {
			/* TRANSLATORS: keep https:// as it is. */
			rc_error_set("%s", _("A time stamp authority's address must begin with https:// (plain http only to "
			                     "this computer, for tests)."));
			return RC_USAGE;
		} else
			snprintf(line, sizeof line, "tsa = %s\n", value);
	} else if (!strcmp(key, "tsa-cert")) {
		return tsa_cert_set(value);
	} else {
		/* TRANSLATORS: %s is what was typed; keep the names of the settings in English. */
		rc_error_set(_("There is no setting \"%s\" (the settings are proxy, proxy-env, tsa and tsa-cert)."), key);
		return RC_USAGE;
	}
	char *dir = settings_dir();
	/* the folders one by one (0700), as the terminal interface makes them */
	for (char *p = strchr(dir + 1, '/');; p = strchr(p + 1, '/')) {
		if (p)
			*p = 0;
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(dir);
			return rc_status_from_errno(e);
		}
		if (!p)
			break;
		*p = '/';
	}
	char *path = rc_path_join(dir, "settings");
	free(dir);
	char *data = NULL;
	size_t len = 0;
	struct rc_buf b;
	rc_buf_init(&b);
	if (rc_file_read_all(path, 65536, &data, &len) == RC_OK) {
		/* every other line as it was */
		char *save = NULL;
		for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *t = l;
			while (*t == ' ' || *t == '\t')
				t++;
			size_t kl = strlen(key);
			if (!strncmp(t, key, kl) && (t[kl] == ' ' || t[kl] == '\t' || t[kl] == '='))
				continue;
			rc_buf_printf(&b, "%s\n", l);
		}
	} else {
		rc_buf_addstr(&b, "# recourse settings (no case data is ever kept here)\n");
	}
	rc_buf_addstr(&b, line);
	enum rc_status st = rc_file_write_atomic(path, b.data ? b.data : "", b.len, 0600);
	free(data);
	free(path);
	rc_buf_free(&b);
	return st;
}

/* The time stamp authority's certificate, kept beside the settings
 * (tsa.pem) after it was checked to be one certificate. */
static char *tsa_cert_path(void)
{
	char *dir = settings_dir();
	char *p = rc_path_join(dir, "tsa.pem");
	free(dir);
	return p;
}

static enum rc_status tsa_cert_set(const char *file)
{
	char *path = tsa_cert_path();
	enum rc_status st;
	if (!*file || !strcmp(file, "none")) {
		st = unlink(path) == 0 || errno == ENOENT ? RC_OK : rc_status_from_errno(errno);
		free(path);
		return st;
	}
	char *pem = NULL;
	size_t n = 0;
	st = rc_file_read_all(file, 256 << 10, &pem, &n);
	if (st != RC_OK) {
		/* TRANSLATORS: %s is a file. */
		rc_error_set(_("%s cannot be read."), file);
		free(path);
		return st;
	}
	struct rc_cert_info ci;
	st = rc_cert_check(pem, n, &ci);
	if (st == RC_OK) {
		char *dir = settings_dir();
		for (char *p = strchr(dir + 1, '/');; p = strchr(p + 1, '/')) {
			if (p)
				*p = 0;
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				break;
			if (!p)
				break;
			*p = '/';
		}
		free(dir);
		st = rc_file_write_atomic(path, ci.pem, strlen(ci.pem), 0600);
		rc_cert_info_clear(&ci);
	}
	free(pem);
	free(path);
	return st;
}

char *rc_op_tsa_cert(void)
{
	char *path = tsa_cert_path();
	char *pem = NULL;
	size_t n = 0;
	if (rc_file_read_all(path, 256 << 10, &pem, &n) != RC_OK)
		pem = NULL;
	free(path);
	return pem;
}

void rc_op_net_route(const struct rc_net_opts *o, char *out, size_t len)
{
	if (o) {
		rc_net_proxy_describe(o, out, len);
		return;
	}
	struct rc_net_settings s;
	rc_op_net_settings(&s);
	struct rc_net_opts n = { .proxy = s.proxy[0] ? s.proxy : NULL, .proxy_env = s.proxy_env };
	rc_net_proxy_describe(&n, out, len);
}
