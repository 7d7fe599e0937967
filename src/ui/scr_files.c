/* scr_files.c - importing a registry's access log from the terminal
 * (issue 16): a file picker that lists the USB sticks and disks mounted
 * (the folders under /media/$USER, /media, /run/media/$USER, /mnt) and
 * the person's home folder, folders first and then files with their
 * size and date; a confirmation with the file's name, size and the
 * format it looks like; the import as a task (progress, Esc asks, then
 * cancels: the import is one transaction, so a cancel or an error leaves
 * the case as it was); a summary, and the access list.
 *
 * Nothing is written outside the case: the file is read through one
 * descriptor, no copy and no temporary file is made.
 *
 * The same chooser picks the file that proves a step of a request (a
 * receipt, a scan, the authority's answer: u->files_for_proof): then
 * Enter on the confirmation hands the file's path back to the step form,
 * which keeps the file inside the case when the step is saved. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui-int.h"

enum fe_kind { FE_MEDIA, FE_HOME, FE_DIR, FE_FILE };

struct fent {
	enum fe_kind kind;
	char *name;          /* as on the disk (a place: its folder) */
	char *shown;         /* sanitized for the screen */
	uint64_t size;
	int64_t mtime;
	bool readable;
};

#define FILES_MAX 5000

struct files_st {
	struct ui_list list;
	char *root;          /* the place chosen (a stick, the home), NULL: the places */
	char *dir;           /* the folder shown, within root */
	struct fent *e;
	size_t n;
	size_t nmedia;       /* places: the sticks and disks found */
	bool truncated;
	/* The file chosen, waiting for Enter. */
	bool confirm;
	char *file;          /* its path */
	char *file_shown;
	uint64_t file_size;
	int64_t file_mtime;
	const char *file_format; /* msgid, or NULL */
	bool for_proof;      /* choosing a step's proof, not a log */
};

static struct files_st *st(struct ui *u)
{
	return ui_st(u, SCR_FILES);
}

static void entries_free(struct files_st *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->e[i].name);
		free(s->e[i].shown);
	}
	free(s->e);
	s->e = NULL;
	s->n = s->nmedia = 0;
	s->truncated = false;
}

static void confirm_free(struct files_st *s)
{
	s->confirm = false;
	free(s->file);
	free(s->file_shown);
	s->file = s->file_shown = NULL;
}

static char *shown(const char *name)
{
	return rc_text_sanitize(name, strlen(name), false);
}

static struct fent *add(struct files_st *s, enum fe_kind kind, const char *name)
{
	s->e = rc_xrealloc(s->e, (s->n + 1) * sizeof *s->e);
	struct fent *f = &s->e[s->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->name = rc_xstrdup(name);
	f->shown = shown(name);
	f->readable = true;
	return f;
}

/* ------------------------------------------------------------------ */
/* The places: removable media, then the home folder. */

static const char *user_name(void)
{
	const char *n = getenv("USER");
	if (n && *n && !strchr(n, '/'))
		return n;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name && !strchr(pw->pw_name, '/') ? pw->pw_name : NULL;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h == '/')
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : NULL;
}

struct seen {
	dev_t dev[64];
	ino_t ino[64];
	int n;
};

static bool seen_add(struct seen *sn, const struct stat *sb)
{
	for (int i = 0; i < sn->n; i++)
		if (sn->dev[i] == sb->st_dev && sn->ino[i] == sb->st_ino)
			return false;
	if (sn->n < 64) {
		sn->dev[sn->n] = sb->st_dev;
		sn->ino[sn->n] = sb->st_ino;
		sn->n++;
	}
	return true;
}

/* The folders under root, each a stick or a disk (once each, however it
 * is reached: /media/$USER is itself under /media).  With mounts_only,
 * only the folders where a file system is mounted (another device than
 * the root's): an empty /mnt/backup or a system's own folder there is
 * not a stick. */
static void scan_root(struct files_st *s, const char *root, struct seen *sn, bool mounts_only)
{
	struct stat rb;
	if (stat(root, &rb) != 0)
		return;
	DIR *d = opendir(root);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)) && s->n < 64) {
		if (de->d_name[0] == '.')
			continue;
		char *p = rc_path_join(root, de->d_name);
		struct stat sb;
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode) && (!mounts_only || sb.st_dev != rb.st_dev) &&
		    seen_add(sn, &sb)) {
			struct fent *f = add(s, FE_MEDIA, p);
			free(f->shown);
			f->shown = shown(de->d_name);
			f->mtime = sb.st_mtime;
			s->nmedia++;
		}
		free(p);
	}
	closedir(d);
}

static int by_shown(const void *a, const void *b)
{
	const struct fent *x = a, *y = b;
	return strcoll(x->shown, y->shown);
}

static void load_places(struct files_st *s)
{
	entries_free(s);
	char roots[4][512];
	int nroots = 0;
	const char *user = user_name();
	const char *env = NULL;
#ifdef RC_TEST_HOOKS
	/* Test builds: RECOURSE_TEST_MEDIA, a list of folders separated by
	 * ":", replaces the media roots (tests/tui/import.sh). */
	env = getenv("RECOURSE_TEST_MEDIA");
#endif
	if (env) {
		char tmp[2048];
		snprintf(tmp, sizeof tmp, "%s", env);
		char *save = NULL;
		for (char *t = strtok_r(tmp, ":", &save); t && nroots < 4; t = strtok_r(NULL, ":", &save))
			snprintf(roots[nroots++], sizeof roots[0], "%s", t);
	} else {
		if (user)
			snprintf(roots[nroots++], sizeof roots[0], "/media/%s", user);
		snprintf(roots[nroots++], sizeof roots[0], "/media");
		if (user)
			snprintf(roots[nroots++], sizeof roots[0], "/run/media/%s", user);
		snprintf(roots[nroots++], sizeof roots[0], "/mnt");
	}
	struct seen sn;
	sn.n = 0;
	/* The roots themselves are not sticks. */
	for (int i = 0; i < nroots; i++) {
		struct stat sb;
		if (stat(roots[i], &sb) == 0)
			seen_add(&sn, &sb);
	}
	/* test builds list the folders of their roots, mounted or not */
	for (int i = 0; i < nroots; i++)
		scan_root(s, roots[i], &sn, env == NULL);
	if (s->n > 1)
		qsort(s->e, s->n, sizeof *s->e, by_shown);
	const char *h = home_dir();
	if (h)
		add(s, FE_HOME, h);
	s->list.n = (int)s->n;
	if (s->list.sel >= s->list.n)
		s->list.sel = s->list.n ? s->list.n - 1 : 0;
}

/* ------------------------------------------------------------------ */
/* A folder: its folders, then its files, by name; hidden ones left out. */

static int by_kind_name(const void *a, const void *b)
{
	const struct fent *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind == FE_DIR ? -1 : 1;
	return strcoll(x->shown, y->shown);
}

static bool load_dir(struct files_st *s, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	entries_free(s);
	int dfd = dirfd(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (s->n >= FILES_MAX) {
			s->truncated = true;
			break;
		}
		struct stat sb;
		if (fstatat(dfd, de->d_name, &sb, 0) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			add(s, FE_DIR, de->d_name);
		} else if (S_ISREG(sb.st_mode)) {
			struct fent *f = add(s, FE_FILE, de->d_name);
			f->size = (uint64_t)sb.st_size;
			f->mtime = sb.st_mtime;
			f->readable = faccessat(dfd, de->d_name, R_OK, 0) == 0;
		}
		/* Devices, pipes and sockets are no files to import. */
	}
	closedir(d);
	if (s->n > 1)
		qsort(s->e, s->n, sizeof *s->e, by_kind_name);
	s->list.n = (int)s->n;
	s->list.sel = s->list.top = 0;
	return true;
}

static void go_dir(struct ui *u, struct files_st *s, const char *root_in, char *dir)
{
	/* root may be an entry's name, which load_dir frees */
	char *root = root_in != s->root ? rc_xstrdup(root_in) : NULL;
	if (!load_dir(s, dir)) {
		free(root);
		int e = errno;
		char *sh = shown(dir);
		/* TRANSLATORS: choosing a file to import; %s is a folder, the second %s why it cannot be opened. */
		ui_message(u, true, _("The folder %s cannot be opened: %s"), sh, strerror(e));
		free(sh);
		free(dir);
		return;
	}
	if (root) {
		free(s->root);
		s->root = root;
	}
	free(s->dir);
	s->dir = dir;
}

/* Back one level: the folder above (within the place), or the places. */
static bool go_up(struct ui *u, struct files_st *s)
{
	if (!s->dir)
		return false;
	if (!strcmp(s->dir, s->root)) {
		char *was = s->root;
		s->root = NULL;
		free(s->dir);
		s->dir = NULL;
		load_places(s);
		for (size_t i = 0; i < s->n; i++)
			if (!strcmp(s->e[i].name, was))
				s->list.sel = (int)i;
		free(was);
		return true;
	}
	char *slash = strrchr(s->dir, '/');
	char *child = rc_xstrdup(slash ? slash + 1 : "");
	char *up = slash && slash != s->dir ? strndup(s->dir, (size_t)(slash - s->dir)) : rc_xstrdup("/");
	if (!up)
		abort();
	char *root = rc_xstrdup(s->root);
	go_dir(u, s, root, up);
	free(root);
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].kind == FE_DIR && !strcmp(s->e[i].name, child))
			s->list.sel = (int)i;
	free(child);
	return true;
}

/* ------------------------------------------------------------------ */
/* The screen. */

static void files_init(struct ui *u)
{
	st(u)->for_proof = u->files_for_proof;
	u->files_for_proof = false;
	load_places(st(u));
	/* The first stick, else the home folder. */
	st(u)->list.sel = 0;
}

static void files_leave(struct ui *u)
{
	struct files_st *s = st(u);
	entries_free(s);
	confirm_free(s);
	free(s->root);
	free(s->dir);
	s->root = s->dir = NULL;
}

static int list_y(void)
{
	return ui_body_top() + 3;
}

static int list_rows(const struct files_st *s)
{
	/* the places keep a line for "no USB stick found" */
	return ui_body_rows() - 5 - (!s->dir && !s->nmedia ? 2 : 0);
}

/* Size and date columns at the end of a row. */
#define COL_SIZE 10
#define COL_DATE 17

static void draw_entry(int y, bool sel, const struct fent *f)
{
	char t[600], size[32], date[64];
	enum ui_role r = sel ? R_SELECTED : !f->readable ? R_HINT : f->kind == FE_FILE ? R_NORMAL : R_HEADER;
	if (sel)
		ui_fill(y, 0, COLS, R_SELECTED);
	ui_text(y, 0, 2, sel ? ">" : " ", r, AL_START);
	int w = COLS - 3;
	switch (f->kind) {
	case FE_MEDIA:
		/* TRANSLATORS: choosing a file to import, a place; %s is the stick's or disk's name. */
		snprintf(t, sizeof t, _("USB stick or disk: %s"), f->shown);
		break;
	case FE_HOME:
		/* TRANSLATORS: choosing a file to import, a place; %s is the folder, e.g. /home/amina. */
		snprintf(t, sizeof t, _("Your home folder (%s)"), f->shown);
		break;
	case FE_DIR:
		snprintf(t, sizeof t, "%s/", f->shown);
		break;
	case FE_FILE:
		snprintf(t, sizeof t, "%s", f->shown);
		w = COLS - 3 - COL_SIZE - COL_DATE - 2;
		ui_fmt_size(f->size, size, sizeof size);
		ui_text(y, COLS - 1 - COL_DATE - COL_SIZE - 1, COL_SIZE, size, r, AL_END);
		ui_fmt_time(f->mtime, true, date, sizeof date);
		ui_text(y, COLS - 1 - COL_DATE, COL_DATE, date, r, AL_END);
		break;
	}
	ui_text(y, 2, w, t, r, AL_START);
	if (sel)
		ui_cursor_at(y, 0);
}

static void draw_confirm(struct ui *u, struct files_st *s)
{
	(void)u;
	char t[700], v[128];
	int y = ui_body_top();
	y = ui_para(y, 2, s->for_proof
		/* TRANSLATORS: choosing the file that proves a step of a request: the last step. */
		? _("Keep this file in the case as the proof of the step?")
		/* TRANSLATORS: choosing a file to import: the last step before the import. */
		: _("Import this file into the case?"), R_HEADER) + 1;
	int lw = ui_label_width();
	/* TRANSLATORS: the file about to be imported: label of its name. */
	ui_text(y, 2, lw, _("File:"), R_NORMAL, AL_START);
	ui_text(y++, 2 + lw, COLS - 4 - lw, s->file_shown, R_FIELD, AL_START);
	/* TRANSLATORS: the file about to be imported: label of its size. */
	ui_text(y, 2, lw, _("Size:"), R_NORMAL, AL_START);
	ui_fmt_size(s->file_size, v, sizeof v);
	ui_text(y++, 2 + lw, COLS - 4 - lw, v, R_NORMAL, AL_START);
	/* TRANSLATORS: the file about to be imported: label of the day it was last changed. */
	ui_text(y, 2, lw, _("Changed:"), R_NORMAL, AL_START);
	ui_fmt_time(s->file_mtime, true, v, sizeof v);
	ui_text(y++, 2 + lw, COLS - 4 - lw, v, R_NORMAL, AL_START);
	if (s->file_format && !s->for_proof) {
		/* TRANSLATORS: the file about to be imported: label of the kind of log it looks like. */
		ui_text(y, 2, lw, _("Looks like:"), R_NORMAL, AL_START);
		ui_text(y++, 2 + lw, COLS - 4 - lw, _(s->file_format), R_NORMAL, AL_START);
	}
	y++;
	char k[16];
	ui_action_key_name(UI_A_BACK, k, sizeof k);
	if (s->for_proof)
		/* TRANSLATORS: choosing the file that proves a step; %s is a key such as Esc. */
		snprintf(t, sizeof t, _("Press Enter to choose it. A copy is kept inside the case, locked like the rest, when the step is saved. %s: choose another file."), k);
	else
		/* TRANSLATORS: choosing a file to import; %s is a key such as Esc. */
		snprintf(t, sizeof t, _("Press Enter to import it. Importing the same log again adds nothing twice. %s: choose another file."), k);
	ui_para(y, 2, t, R_HINT);
}

static void files_draw(struct ui *u)
{
	struct files_st *s = st(u);
	ui_title(s->for_proof
		/* TRANSLATORS: title of the screen that chooses the file proving a step of a request. */
		? _("Choose the proof of the step")
		/* TRANSLATORS: title of the screen that chooses a registry's log to import. */
		: _("Import a registry's log"));
	if (s->confirm) {
		draw_confirm(u, s);
		return;
	}
	int y = ui_body_top();
	char t[700];
	if (!s->dir) {
		ui_para(y, 2, s->for_proof
			/* TRANSLATORS: choosing the file that proves a step, the first screen. */
			? _("Where is the proof: a receipt, a scan of the stamped copy, an e-mail with its headers, the authority's answer? Choose a USB stick, or your home folder, and press Enter.")
			/* TRANSLATORS: choosing a file to import, the first screen. */
			: _("Where is the file the registry sent you? Choose a USB stick, or your home folder, and press Enter."), R_NORMAL);
	} else {
		char *sh = shown(s->dir);
		/* TRANSLATORS: choosing a file to import; %s is the folder shown. */
		snprintf(t, sizeof t, _("Folder: %s"), sh);
		free(sh);
		ui_text(y, 2, COLS - 4, t, R_HEADER, AL_START);
		/* TRANSLATORS: choosing a file to import, in a folder. */
		ui_text(y + 1, 2, COLS - 4, _("Enter opens a folder or chooses a file. Esc or Backspace goes back."), R_HINT, AL_START);
	}
	int rows = list_rows(s);
	ui_list_scroll(&s->list, rows);
	y = list_y();
	if (!s->dir && !s->nmedia) {
		char k[16];
		ui_action_key_name(UI_A_REFRESH, k, sizeof k);
		/* TRANSLATORS: choosing a file to import, when no stick is mounted; %s is a key such as ^R. */
		snprintf(t, sizeof t, _("No USB stick found. Put one in and press %s to look again."), k);
		ui_text(y, 4, COLS - 6, t, R_FLAG, AL_START);
		y += 2;
	}
	int y0 = y;
	for (int i = s->list.top; i < s->list.n && y < y0 + rows; i++, y++)
		draw_entry(y, s->list.sel == i, &s->e[i]);
	if (s->dir && s->n == 0)
		/* TRANSLATORS: choosing a file to import: an empty folder (hidden files are not shown). */
		ui_text(y, 4, COLS - 6, _("There is nothing here."), R_HINT, AL_START);
	else if (s->truncated && y < LINES - 3)
		/* TRANSLATORS: choosing a file to import: a folder with very many files. */
		ui_text(y, 4, COLS - 6, _("Only the first 5000 are shown."), R_HINT, AL_START);
}

/* What the first bytes look like (cheap: 4 KiB). */
static const char *sniff_format(int fd)
{
	unsigned char b[4096];
	ssize_t n = pread(fd, b, sizeof b, 0);
	if (n <= 0)
		return NULL;
	size_t i = 0, len = (size_t)n;
	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
		i = 3;
	if (memchr(b, 0, len))
		/* TRANSLATORS: choosing a file to import: what the file looks like. */
		return N_("not a text file (not an access log)");
	while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	if (i == len)
		/* TRANSLATORS: choosing a file to import: what the file looks like. */
		return N_("an empty file");
	if (b[i] == '[')
		/* TRANSLATORS: choosing a file to import: what the file looks like (the standard's name). */
		return N_("FHIR AuditEvent (JSON)");
	if (b[i] == '{') {
		const unsigned char *nl = memchr(b + i, '\n', len - i);
		const unsigned char *after = nl;
		while (after && after < b + len && (*after == '\n' || *after == '\r' || *after == ' '))
			after++;
		if (nl && after < b + len && *after == '{' && nl[-1 - (nl[-1] == '\r')] == '}')
			/* TRANSLATORS: choosing a file to import: what the file looks like (one record a line). */
			return N_("FHIR AuditEvent, one a line (NDJSON)");
		return N_("FHIR AuditEvent (JSON)");
	}
	/* TRANSLATORS: choosing a file to import: what the file looks like (a table of text, as transcribed from a letter). */
	return N_("CSV table (or another text)");
}

static void choose(struct ui *u, struct files_st *s, const struct fent *f)
{
	if (!f->readable) {
		/* TRANSLATORS: choosing a file to import: the file chosen cannot be read. */
		ui_message(u, true, "%s", _("You may not read this file. Choose another one."));
		return;
	}
	char *path = rc_path_join(s->dir, f->name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		int e = fd < 0 ? errno : EINVAL;
		/* TRANSLATORS: choosing a file to import; %s is why the file cannot be read. */
		ui_message(u, true, _("This file cannot be read: %s. Choose another one."), strerror(e));
		if (fd >= 0)
			close(fd);
		free(path);
		return;
	}
	confirm_free(s);
	s->confirm = true;
	s->file = path;
	s->file_shown = rc_xstrdup(f->shown);
	s->file_size = (uint64_t)sb.st_size;
	s->file_mtime = sb.st_mtime;
	s->file_format = sniff_format(fd);
	close(fd);
}

/* ------------------------------------------------------------------ */
/* The import, as a task. */

struct import_job {
	struct rc_case *c;
	int fd;
	char origin[256];
	uint64_t total;
	enum rc_status st;
	struct rc_import_file_result res;
	char detail[512];
	char first_invalid[512]; /* the importer's first complaint */
	uint64_t invalid_seen;
};

/* On the importer's reader thread. */
static void on_invalid(void *ud, const struct rc_import_error *e)
{
	struct import_job *j = ud;
	if (j->invalid_seen++)
		return;
	if (e->entry)
		/* TRANSLATORS: where an invalid entry is: entry number, line, then why. */
		snprintf(j->first_invalid, sizeof j->first_invalid, _("entry %" PRIu64 ", line %" PRIu64 ": %s"),
		         e->entry, e->line, e->message);
	else
		/* TRANSLATORS: where the log stops being readable: a line number, then why. */
		snprintf(j->first_invalid, sizeof j->first_invalid, _("line %" PRIu64 ": %s"), e->line, e->message);
}

/* On the worker: no curses, no struct ui. */
static void import_work(void *p)
{
	struct import_job *j = p;
	struct rc_import_file_opts o = {
		.format = RC_IMPORT_AUTO, .origin = j->origin, .skip_invalid = false,
		.on_invalid = on_invalid, .invalid_ud = j,
		.progress = ui_task_progress, .total_bytes = j->total, .progress_ud = NULL,
	};
	memset(&j->res, 0, sizeof j->res);
	j->st = rc_op_import_fd(j->c, j->fd, &o, NULL, &j->res);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
	close(j->fd);
	j->fd = -1;
}

static void summary(struct ui *u, const struct import_job *j)
{
	char t[512], part[160];
	const struct rc_import_counts *k = &j->res.counts;
	unsigned long long added = k->added, there = k->unchanged, upd = k->updated;
	/* TRANSLATORS: after an import, the first part of the summary; %llu is a number of accesses. */
	snprintf(t, sizeof t, ngettext("%llu access added", "%llu accesses added", added), added);
	if (there) {
		/* TRANSLATORS: after an import, continues the summary; %llu is a number of accesses. */
		snprintf(part, sizeof part, ngettext(", %llu was already there", ", %llu were already there", there), there);
		strncat(t, part, sizeof t - strlen(t) - 1);
	}
	if (upd) {
		/* TRANSLATORS: after an import, continues the summary: accesses the registry's log now tells differently. */
		snprintf(part, sizeof part, ngettext(", %llu updated", ", %llu updated", upd), upd);
		strncat(t, part, sizeof t - strlen(t) - 1);
	}
	/* TRANSLATORS: the full stop that ends the first sentence of an import's summary (Tigrinya: ።). */
	strncat(t, P_("end of a sentence", "."), sizeof t - strlen(t) - 1);
	if (j->res.flagged) {
		unsigned long long fl = j->res.flagged;
		/* TRANSLATORS: after an import: how many of the log's accesses have a warning. */
		snprintf(part, sizeof part, ngettext(" Of the log's accesses, %llu has a warning [!].",
		                                     " Of the log's accesses, %llu have a warning [!].", fl), fl);
		strncat(t, part, sizeof t - strlen(t) - 1);
	}
	if (j->res.left_out) {
		unsigned long long lo = j->res.left_out;
		/* TRANSLATORS: after an import: accesses to someone else's record were not taken. */
		snprintf(part, sizeof part, ngettext(" %llu access to another person's record was left out.",
		                                     " %llu accesses to another person's record were left out.", lo), lo);
		strncat(t, part, sizeof t - strlen(t) - 1);
	}
	ui_local_digits(t, sizeof t);
	ui_message(u, false, "%s", t);
}

static void import_done(struct ui *u, void *p)
{
	struct import_job *j = p;
	struct files_st *s = st(u);
	if (j->st == RC_OK) {
		/* The access list, everything shown, the new ones marked. */
		rc_event_filter_init(&u->filter);
		u->f_authority[0] = u->f_country[0] = 0;
		u->search[0] = 0;
		if (ui_top(u) == SCR_FILES)
			ui_replace(u, SCR_LOG);
		summary(u, j);
	} else if (j->st == RC_CANCELLED || ui_task_cancelled()) {
		/* TRANSLATORS: after Esc stopped an import. */
		ui_message(u, false, "%s", _("The import was stopped. Nothing was added."));
	} else if (j->st == RC_INVALID && j->invalid_seen && j->res.counts.seen) {
		unsigned long long n = j->invalid_seen;
		/* Some accesses were read: a log, but not whole (cut short, damaged). */
		/* TRANSLATORS: an import that failed part way; %llu is how many entries could not be read, %s the first problem. */
		ui_message(u, true, ngettext("Nothing was added: this log could not be read whole, it may be cut short or damaged (%llu problem; %s).",
		                             "Nothing was added: this log could not be read whole, it may be cut short or damaged (%llu problems; the first: %s).", n),
		           n, j->first_invalid);
	} else if (j->st == RC_INVALID && j->invalid_seen) {
		unsigned long long n = j->invalid_seen;
		/* TRANSLATORS: an import that failed; %llu is how many entries could not be read, %s the first problem. */
		ui_message(u, true, ngettext("Nothing was added: this file is not an access log recourse can read (%llu problem; %s).",
		                             "Nothing was added: this file is not an access log recourse can read (%llu problems; the first: %s).", n),
		           n, j->first_invalid);
	} else if (j->st == RC_IO) {
		/* TRANSLATORS: an import that failed while reading; %s says more. */
		ui_message(u, true, _("The file could not be read to the end (was the USB stick taken out?). Nothing was added. %s"), j->detail);
	} else {
		/* TRANSLATORS: an import that failed; the first %s is what went wrong, the second says more. */
		ui_message(u, true, _("%s %s Nothing was added."), rc_status_message(j->st), j->detail);
	}
	if (s && ui_top(u) == SCR_FILES)
		confirm_free(s);
	free(j);
}

static void start_import(struct ui *u, struct files_st *s)
{
	int fd = open(s->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		int e = fd < 0 ? errno : EINVAL;
		if (fd >= 0)
			close(fd);
		/* TRANSLATORS: the file chosen for an import is gone or cannot be read; %s says why. */
		ui_message(u, true, _("This file cannot be read: %s. Nothing was added."), strerror(e));
		confirm_free(s);
		return;
	}
	/* Blocking reads from here on (a regular file). */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	struct import_job *j = rc_xcalloc(1, sizeof *j);
	j->c = u->c;
	j->fd = fd;
	j->total = (uint64_t)sb.st_size;
	const char *base = strrchr(s->file, '/');
	snprintf(j->origin, sizeof j->origin, "%s", base ? base + 1 : s->file);
	/* TRANSLATORS: the message line while a registry's log is imported (it can take a while). */
	if (!ui_busy_run(u, N_("Importing the log..."), true, import_work, j, import_done)) {
		close(fd);
		j->st = RC_ERR;
		import_done(u, j);
		return;
	}
	/* TRANSLATORS: asked when Esc is pressed during an import. */
	u->busy.cancel_question = N_("Stop the import? Nothing will be added.");
	u->busy.bytes = (uint64_t)sb.st_size;
}

static bool files_action(struct ui *u, enum ui_action a)
{
	struct files_st *s = st(u);
	if (s->confirm) {
		if (a == UI_A_SELECT && s->for_proof) {
			free(u->proof_path);
			u->proof_path = s->file;
			snprintf(u->proof_shown, sizeof u->proof_shown, "%s", s->file_shown);
			s->file = NULL;
			ui_pop(u);
			return true;
		}
		if (a == UI_A_SELECT) {
			start_import(u, s);
			return true;
		}
		if (a == UI_A_BACK) {
			confirm_free(s);
			return true;
		}
		if (a == UI_A_REFRESH) {
			/* Look again at the file: its size, or that it is gone. */
			struct stat sb;
			if (stat(s->file, &sb) == 0 && S_ISREG(sb.st_mode)) {
				s->file_size = (uint64_t)sb.st_size;
				s->file_mtime = sb.st_mtime;
			} else {
				int e = errno;
				confirm_free(s);
				/* TRANSLATORS: choosing a file to import; %s is why the file cannot be read. */
				ui_message(u, true, _("This file cannot be read: %s. Choose another one."), strerror(e));
				files_action(u, UI_A_REFRESH);
			}
			return true;
		}
		return a != UI_A_HELP && a != UI_A_LANG && a != UI_A_QUIT && a != UI_A_HIDE;
	}
	if (ui_list_nav(&s->list, a, list_rows(s)))
		return true;
	switch (a) {
	case UI_A_SELECT: {
		if (s->list.sel < 0 || s->list.sel >= s->list.n)
			return true;
		const struct fent *f = &s->e[s->list.sel];
		if (f->kind == FE_FILE)
			choose(u, s, f);
		else if (f->kind == FE_DIR)
			go_dir(u, s, s->root, rc_path_join(s->dir, f->name));
		else
			go_dir(u, s, f->name, rc_xstrdup(f->name));
		return true;
	}
	case UI_A_REFRESH:
		if (s->dir) {
			int sel = s->list.sel;
			if (load_dir(s, s->dir)) {
				s->list.sel = sel < s->list.n ? sel : s->list.n ? s->list.n - 1 : 0;
			} else {
				go_up(u, s);
			}
		} else {
			load_places(s);
		}
		return true;
	case UI_A_BACK:
		return go_up(u, s); /* at the places: back to the case */
	default:
		return false;
	}
}

static void files_click(struct ui *u, int row)
{
	struct files_st *s = st(u);
	if (s->confirm)
		return;
	int y0 = list_y() + (!s->dir && !s->nmedia ? 2 : 0);
	int i = s->list.top + row - (y0 - ui_body_top());
	if (i < 0 || i >= s->list.n)
		return;
	if (i == s->list.sel)
		files_action(u, UI_A_SELECT);
	else
		s->list.sel = i;
}

static const enum ui_action files_actions[] = {
	UI_A_REFRESH, UI_A_SELECT, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM,
	UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_files = {
	.name = "files",
	.state_size = sizeof(struct files_st),
	.init = files_init,
	.draw = files_draw,
	.action = files_action,
	.click = files_click,
	.leave = files_leave,
	.actions = files_actions,
};
