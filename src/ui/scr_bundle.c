/* scr_bundle.c - an evidence bundle for a court (issue 20, doc/bundles.md)
 * from the terminal: what goes in (the accesses: all, a period, only the
 * flagged ones; the requests and documents: all, none or ticked from a
 * list; the registry's exports; the court, who prepared it, the court's
 * and the applicant's language), where (a folder typed or a USB stick
 * found, and the form: folder, .tar or .zip), the preview of what the
 * bag will hold (rc_op_bundle_plan: file by file, the totals, signed or
 * not, with an offer to make the case's certificate), the writing on the
 * worker (bytes of the total, the time left, Esc stops it and nothing is
 * left there), and right after it the verification of what was written
 * (rc_op_bundle_verify: each check, the tag manifest's SHA-256, the
 * signer).  Any bundle can be verified by its path too.
 *
 * The court's and the applicant's texts are made by switching the
 * process's message language (rc_lang_switch) inside rc_op_bundle_plan
 * and rc_op_bundle_write.  So while either runs on the worker, this
 * thread calls no gettext at all: the two run with u->busy.frozen, and
 * every string their screen draws (title, lines, progress formats,
 * footer, the question Esc asks) is translated before the task starts;
 * while it runs only those and numbers are drawn (draw_frozen). */
#include "config.h"

#include <dirent.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui-int.h"

enum page { P_START, P_CONTENT, P_REQS, P_DOCS, P_DEST, P_PREVIEW, P_SIGNER, P_RESULT, P_VERIFY, P_N };
enum { CF_LOG, CF_SINCE, CF_UNTIL, CF_REQS, CF_DOCS, CF_EXPORTS, CF_COURT, CF_BY, CF_CLANG, CF_ALANG, CF_N };
enum { DF_DIR, DF_FORM, DF_MEDIA, DF_N };
enum { LOG_ALL, LOG_FLAGGED, LOG_NONE };
enum { SEL_ALL, SEL_NONE, SEL_PICK };
#define MEDIA_MAX 16
#define LANG_MAX 16

/* A request or a document offered for ticking. */
struct pick {
	int64_t id;
	char *line;
	bool ticked;
};

/* What the worker gets: no curses, no struct ui.  Owned by the screen
 * (s->job) until it leaves, so a task still running when the screen is
 * left (the quick exit) finds it whole. */
struct job {
	struct rc_case *c;
	struct rc_bundle_opts o;
	char *dest_dir, *court, *by, court_lang[16], appl_lang[16];
	int64_t *reqs, *docs;
	struct rc_bundle_plan plan;
	bool planned;
	enum rc_status st;
	char detail[512];
	struct rc_bundle_result res;
	bool written;
	char *verify_path;
	struct rc_bundle_verification v;
	enum rc_status vst;
	bool verified;
};

/* Every string drawn while a frozen task runs, translated before. */
struct frozen {
	char title[256];
	char line[1024];       /* what it does, and where */
	char of[64];           /* "%s of %s" */
	char unit[3][32];      /* "%s kB", "%s MB", "%s GB" */
	char left[96];         /* "about %s left" */
	char so_far[96];       /* "%s so far" */
	char question[512];    /* Esc asks this */
	char cancelling[256];
	char footer[160];      /* its keys */
	char footer_hide[96];  /* the quick exit's only (not cancellable, or cancelling) */
	bool can_cancel;
};

struct bundle_st {
	enum page page;
	struct ui_list start;
	/* content */
	struct ui_field cf[CF_N];
	struct ui_form cform;
	const char *log_choices[3], *sel_choices[3], *yes_no[2];
	const char *lang_names[LANG_MAX + 1];
	char lang_buf[LANG_MAX + 1][80];
	int nlangs;
	struct pick *reqs, *docs;
	size_t nreqs, ndocs;
	bool reqs_loaded, docs_loaded;
	struct ui_list rl, dl;
	/* destination */
	struct ui_field df[DF_N];
	struct ui_form dform;
	const char *form_choices[3];
	char *media[MEDIA_MAX + 1];
	const char *media_shown[MEDIA_MAX + 1];
	int nmedia;
	/* the certificate */
	struct ui_field sf;
	struct ui_form sform;
	/* verify by path */
	struct ui_field vf;
	struct ui_form vform;
	/* the preview and the result */
	struct ui_tview t;
	struct job *job;
	struct frozen fz;
	int start_y;          /* the first step's first choice, as drawn */
	char err[1200];       /* the last write's or plan's failure, shown on the destination step */
	bool err_is_error;
	char signer_msg[512]; /* said once the preview is made again (a certificate was made) */
};

static struct bundle_st *st(struct ui *u)
{
	return ui_st(u, SCR_BUNDLE);
}

static void job_free(struct job **jp)
{
	struct job *j = *jp;
	if (!j)
		return;
	if (j->planned)
		rc_bundle_plan_free(&j->plan);
	if (j->verified)
		rc_bundle_verification_free(&j->v);
	free(j->dest_dir);
	if (j->court) {
		explicit_bzero(j->court, strlen(j->court));
		free(j->court);
	}
	if (j->by) {
		explicit_bzero(j->by, strlen(j->by));
		free(j->by);
	}
	free(j->reqs);
	free(j->docs);
	free(j->verify_path);
	free(j);
	*jp = NULL;
}

/* ------------------------------------------------------------------ */
/* Choices. */

static void fill_labels(struct bundle_st *s)
{
	/* TRANSLATORS: evidence bundle, which accesses go in. */
	s->log_choices[LOG_ALL] = _("Every access");
	s->log_choices[LOG_FLAGGED] = _("Only those with a warning [!]");
	s->log_choices[LOG_NONE] = _("No access log");
	/* TRANSLATORS: evidence bundle, which requests or documents go in. */
	s->sel_choices[SEL_ALL] = _("All");
	s->sel_choices[SEL_NONE] = _("None");
	s->sel_choices[SEL_PICK] = _("Choose from a list...");
	/* TRANSLATORS: evidence bundle, whether the registry's signed exports go in. */
	s->yes_no[0] = _("Yes");
	s->yes_no[1] = _("No");
	/* TRANSLATORS: evidence bundle, the form it is written in; keep .tar and .zip. */
	s->form_choices[RC_BAG_DIR] = _("A folder");
	s->form_choices[RC_BAG_TAR] = _("One .tar file");
	s->form_choices[RC_BAG_ZIP] = _("One .zip file");
	/* TRANSLATORS: evidence bundle, the applicant's language: none asked. */
	snprintf(s->lang_buf[0], sizeof s->lang_buf[0], "%s", _("None (only the court's)"));
	s->lang_names[0] = s->lang_buf[0];
	/* TRANSLATORS: evidence bundle, the USB stick choice when the folder is typed. */
	s->media_shown[0] = _("(the folder typed above)");
}

/* The languages: ui_langs, each "name (code)"; lang_names[1..]. */
static void fill_langs(struct bundle_st *s)
{
	s->nlangs = 0;
	for (size_t i = 0; i < ui_nlangs && s->nlangs < LANG_MAX; i++) {
		snprintf(s->lang_buf[s->nlangs + 1], sizeof s->lang_buf[0], "%s (%s)", ui_langs[i].name, ui_langs[i].code);
		s->lang_names[s->nlangs + 1] = s->lang_buf[s->nlangs + 1];
		s->nlangs++;
	}
}

/* ------------------------------------------------------------------ */
/* USB sticks: the folders mounted under /media/$USER, /run/media/$USER
 * and /mnt (another device than their parent's). */

static const char *user_name(void)
{
	const char *n = getenv("USER");
	if (n && *n && !strchr(n, '/'))
		return n;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name && !strchr(pw->pw_name, '/') ? pw->pw_name : NULL;
}

static void scan_media(struct bundle_st *s, const char *root, bool mounts_only)
{
	struct stat rb;
	if (stat(root, &rb) != 0)
		return;
	DIR *d = opendir(root);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)) && s->nmedia < MEDIA_MAX) {
		if (de->d_name[0] == '.')
			continue;
		char *p = rc_path_join(root, de->d_name);
		struct stat sb;
		bool dup = false;
		for (int i = 0; i < s->nmedia; i++)
			dup |= !strcmp(s->media[i + 1], p);
		if (!dup && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode) && (!mounts_only || sb.st_dev != rb.st_dev)) {
			s->media[s->nmedia + 1] = p;
			s->media_shown[s->nmedia + 1] = p;
			s->nmedia++;
		} else {
			free(p);
		}
	}
	closedir(d);
}

static void load_media(struct bundle_st *s)
{
	const char *env = NULL;
#ifdef RC_TEST_HOOKS
	/* Test builds: RECOURSE_TEST_MEDIA (folders separated by ":")
	 * replaces the media roots, their folders mounted or not (as the
	 * import's picker, tests/tui/import.sh). */
	env = getenv("RECOURSE_TEST_MEDIA");
#endif
	if (env) {
		char tmp[2048];
		snprintf(tmp, sizeof tmp, "%s", env);
		char *save = NULL;
		for (char *t = strtok_r(tmp, ":", &save); t; t = strtok_r(NULL, ":", &save))
			scan_media(s, t, false);
		return;
	}
	const char *user = user_name();
	char root[512];
	if (user) {
		snprintf(root, sizeof root, "/media/%s", user);
		scan_media(s, root, true);
		snprintf(root, sizeof root, "/run/media/%s", user);
		scan_media(s, root, true);
	}
	scan_media(s, "/mnt", true);
}

/* ------------------------------------------------------------------ */

static void bundle_init(struct ui *u)
{
	struct bundle_st *s = st(u);
	s->start.n = 2;
	fill_labels(s);
	fill_langs(s);
	/* TRANSLATORS: evidence bundle, what goes in: field labels and hints. */
	ui_field_init(&s->cf[CF_LOG], FK_CHOICE, N_("Accesses"), N_("Space or Left/Right: every access, only those with a warning, or none."), 0);
	ui_field_init(&s->cf[CF_SINCE], FK_TEXT, N_("From the day"), N_("Only the accesses from this day on, in the form the screen shows dates. Empty: from the first."), 40);
	ui_field_init(&s->cf[CF_UNTIL], FK_TEXT, N_("Until the day"), N_("Only the accesses up to this day. Empty: up to the last."), 40);
	ui_field_init(&s->cf[CF_REQS], FK_CHOICE, N_("Requests"), N_("The requests to authorities, with their letters and proofs: all, none, or ticked from a list."), 0);
	ui_field_init(&s->cf[CF_DOCS], FK_CHOICE, N_("Documents"), N_("The documents kept in the case: all, none, or ticked from a list."), 0);
	ui_field_init(&s->cf[CF_EXPORTS], FK_CHOICE, N_("Registry exports"), N_("The registry's signed exports, as received, so the court can check them."), 0);
	ui_field_init(&s->cf[CF_COURT], FK_TEXT, N_("Court or tribunal"), N_("Named on the bundle's description. Typed here only."), 190);
	ui_field_init(&s->cf[CF_BY], FK_TEXT, N_("Prepared by"), N_("The office or counsel who prepares it (Source-Organization). Typed here only."), 190);
	ui_field_init(&s->cf[CF_CLANG], FK_CHOICE, N_("Court's language"), N_("The language of the bundle's description and explanations."), 0);
	ui_field_init(&s->cf[CF_ALANG], FK_CHOICE, N_("Applicant's language"), N_("The explanations also in this language, for the applicant."), 0);
	s->cf[CF_LOG].choices = s->log_choices;
	s->cf[CF_LOG].nchoices = 3;
	s->cf[CF_REQS].choices = s->sel_choices;
	s->cf[CF_REQS].nchoices = 3;
	s->cf[CF_DOCS].choices = s->sel_choices;
	s->cf[CF_DOCS].nchoices = 3;
	s->cf[CF_EXPORTS].choices = s->yes_no;
	s->cf[CF_EXPORTS].nchoices = 2;
	s->cf[CF_CLANG].choices = s->lang_names + 1;
	s->cf[CF_CLANG].nchoices = s->nlangs;
	s->cf[CF_ALANG].choices = s->lang_names;
	s->cf[CF_ALANG].nchoices = s->nlangs + 1;
	for (int i = 0; i < CF_N; i++)
		s->cf[i].literal_choices = true;
	for (int i = 0; i < s->nlangs; i++)
		if (u->lang && !strcmp(ui_langs[i].code, u->lang->code))
			s->cf[CF_CLANG].choice = i;
	s->cform = (struct ui_form){ s->cf, CF_N, 0, 0 };
	/* TRANSLATORS: evidence bundle, where it goes: field labels and hints. */
	ui_field_init(&s->df[DF_DIR], FK_TEXT, N_("Folder"), N_("The folder the bundle is written into, for example a USB stick's. It must exist."), UI_FIELD_MAX);
	ui_field_init(&s->df[DF_FORM], FK_CHOICE, N_("Form"), N_("Space or Left/Right: a folder, or one .tar or .zip file (easier to send)."), 0);
	ui_field_init(&s->df[DF_MEDIA], FK_CHOICE, N_("USB stick"), N_("Space or Left/Right: a USB stick or disk found; its folder is put above."), 0);
	s->df[DF_FORM].choices = s->form_choices;
	s->df[DF_FORM].nchoices = 3;
	s->df[DF_FORM].literal_choices = true;
	load_media(s);
	s->df[DF_MEDIA].choices = s->media_shown;
	s->df[DF_MEDIA].nchoices = s->nmedia + 1;
	s->df[DF_MEDIA].literal_choices = true;
	if (s->nmedia) {
		s->df[DF_MEDIA].choice = 1;
		ui_field_set(&s->df[DF_DIR], s->media[1]);
	}
	s->dform = (struct ui_form){ s->df, s->nmedia ? DF_N : DF_N - 1, 0, 0 };
	/* TRANSLATORS: evidence bundle, making the case's certificate: the name it carries. */
	ui_field_init(&s->sf, FK_TEXT, N_("In the name of"), N_("The office or counsel the certificate names (its CN). Typed here only."), 190);
	s->sform = (struct ui_form){ &s->sf, 1, 0, 0 };
	/* TRANSLATORS: verifying a bundle: the field with its path. */
	ui_field_init(&s->vf, FK_TEXT, N_("Bundle"), N_("The bundle's folder, or its .tar or .zip file."), UI_FIELD_MAX);
	s->vform = (struct ui_form){ &s->vf, 1, 0, 0 };
}

static void picks_free(struct pick **p, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*p)[i].line);
	free(*p);
	*p = NULL;
	*n = 0;
}

static void bundle_leave(struct ui *u)
{
	struct bundle_st *s = st(u);
	for (int i = 0; i < CF_N; i++)
		ui_field_wipe(&s->cf[i]);
	for (int i = 0; i < DF_N; i++)
		ui_field_wipe(&s->df[i]);
	ui_field_wipe(&s->sf);
	ui_field_wipe(&s->vf);
	picks_free(&s->reqs, &s->nreqs);
	picks_free(&s->docs, &s->ndocs);
	for (int i = 1; i <= s->nmedia; i++)
		free(s->media[i]);
	ui_tview_clear(&s->t);
	free(s->t.l);
	s->t.l = NULL;
	job_free(&s->job);
}

static void load_reqs(struct ui *u, struct bundle_st *s)
{
	if (s->reqs_loaded)
		return;
	s->reqs_loaded = true;
	struct rc_request_row *rows = NULL;
	size_t n = 0;
	if (rc_case_requests(u->c, &rows, &n) != RC_OK)
		return;
	s->reqs = rc_xcalloc(n + 1, sizeof *s->reqs);
	for (size_t i = 0; i < n; i++) {
		enum rc_request_kind k;
		const char *kind = rows[i].kind && rc_request_kind_parse(rows[i].kind, &k) ? rc_request_kind_label(k)
		                                                                           : rows[i].kind;
		char *kc = rc_text_sanitize(kind ? kind : "?", strlen(kind ? kind : "?"), false);
		char d[64] = "", line[400];
		ui_day_shown(rows[i].filed ? rows[i].filed : rows[i].created, d, sizeof d);
		snprintf(line, sizeof line, "%" PRId64 "  %s  %s  %s", rows[i].id, kc, rows[i].regime ? rows[i].regime : "", d);
		free(kc);
		s->reqs[s->nreqs].id = rows[i].id;
		s->reqs[s->nreqs++].line = rc_xstrdup(line);
	}
	rc_request_rows_free(&rows, n);
	s->rl.n = (int)s->nreqs;
}

static void load_docs(struct ui *u, struct bundle_st *s)
{
	if (s->docs_loaded)
		return;
	s->docs_loaded = true;
	struct rc_document *docs = NULL;
	size_t n = 0;
	if (rc_case_documents(u->c, &docs, &n) != RC_OK)
		return;
	s->docs = rc_xcalloc(n + 1, sizeof *s->docs);
	for (size_t i = 0; i < n; i++) {
		char *nm = rc_text_sanitize(docs[i].name ? docs[i].name : "?", strlen(docs[i].name ? docs[i].name : "?"), false);
		char size[32], line[400];
		ui_fmt_size(docs[i].size, size, sizeof size);
		snprintf(line, sizeof line, "%" PRId64 "  %s  %s", docs[i].id, nm, size);
		free(nm);
		s->docs[s->ndocs].id = docs[i].id;
		s->docs[s->ndocs++].line = rc_xstrdup(line);
	}
	rc_documents_free(&docs, n);
	s->dl.n = (int)s->ndocs;
}

/* ------------------------------------------------------------------ */
/* Drawing while a frozen task runs: no gettext (see the top). */

/* A translated format with up to two %s (or %1$s, %2$s) filled in by
 * hand: the formats are data here, made before the task. */
static void fz_fill(char *out, size_t len, const char *fmt, const char *a, const char *b)
{
	size_t o = 0;
	int next = 0;
	for (const char *p = fmt; *p && o + 1 < len; p++) {
		const char *arg = NULL;
		if (p[0] == '%' && p[1] == '%') {
			out[o++] = '%';
			p++;
			continue;
		}
		if (p[0] == '%' && p[1] == 's') {
			arg = next++ ? b : a;
			p++;
		} else if (p[0] == '%' && (p[1] == '1' || p[1] == '2') && p[2] == '$' && p[3] == 's') {
			arg = p[1] == '1' ? a : b;
			p += 3;
		} else {
			out[o++] = *p;
			continue;
		}
		for (const char *q = arg ? arg : ""; *q && o + 1 < len; q++)
			out[o++] = *q;
	}
	out[o] = 0;
}

static void fz_size(const struct frozen *fz, uint64_t n, char *buf, size_t len)
{
	double v = (double)n / 1000;
	int i = 0;
	while (v >= 1000 && i < 2) {
		v /= 1000;
		i++;
	}
	char num[32];
	snprintf(num, sizeof num, v < 10 ? "%.1f" : "%.0f", v);
	fz_fill(buf, len, fz->unit[i], num, NULL);
}

static void fz_clock(int secs, char *buf, size_t len)
{
	snprintf(buf, len, "%d:%02d", secs / 60, secs % 60);
}

static void draw_frozen(struct ui *u, struct bundle_st *s)
{
	const struct frozen *fz = &s->fz;
	ui_title(fz->title);
	int y = ui_body_top() + 1;
	y = ui_para(y, 2, fz->line, R_NORMAL) + 1;
	uint64_t done, total;
	ui_task_progress_get(&done, &total);
	double el = rc_mono_ms() - u->busy.t0;
	char t[512], a[64], b[64], c[64];
	if (total) {
		if (done > total)
			done = total;
		int w = COLS - 14;
		int fill = (int)((double)done / (double)total * w);
		char bar[400];
		int k = 0;
		bar[k++] = '[';
		for (int i = 0; i < w && k < (int)sizeof bar - 8; i++)
			bar[k++] = i < fill ? '#' : '.';
		k += snprintf(bar + k, sizeof bar - (size_t)k, "] %3d%%", (int)(done * 100 / total));
		ui_local_digits(bar, sizeof bar);
		ui_text_ltr(y++, 2, COLS - 4, bar, R_HEADER);
		fz_size(fz, done, a, sizeof a);
		fz_size(fz, total, b, sizeof b);
		fz_fill(t, sizeof t, fz->of, a, b);
		int left = done && done < total ? (int)(el / 1000 * (double)(total - done) / (double)done + 0.5) : 0;
		if (left > 0 && el >= 1000) {
			fz_clock(left, c, sizeof c);
			size_t o = strlen(t);
			snprintf(t + o, sizeof t - o, ", ");
			o = strlen(t);
			fz_fill(t + o, sizeof t - o, fz->left, c, NULL);
		}
	} else {
		fz_clock((int)(el / 1000), c, sizeof c);
		fz_fill(t, sizeof t, fz->so_far, c, NULL);
	}
	ui_local_digits(t, sizeof t);
	ui_text(y++, 2, COLS - 4, t, R_NORMAL, AL_START);
	/* the message line and the footer, as the busy line would be */
	const char *msg = u->busy.cancelling ? fz->cancelling : u->busy.asking ? fz->question : "";
	if (*msg) {
		char **ml;
		size_t mall = ui_wrap(msg, COLS - 2, &ml);
		size_t mn = mall > 2 ? 2 : mall;
		for (size_t i = 0; i < mn; i++) {
			int my = LINES - 1 - (int)mn + (int)i;
			ui_fill(my, 0, COLS, R_NORMAL);
			ui_text(my, 1, COLS - 2, ml[i], R_HEADER, AL_START);
		}
		ui_lines_free(&ml, mall);
	}
	ui_fill(LINES - 1, 0, COLS, R_KEYLABEL);
	ui_text(LINES - 1, 0, COLS, fz->can_cancel && !u->busy.cancelling ? fz->footer : fz->footer_hide, R_KEYLABEL,
	        AL_START);
}

/* Every string draw_frozen needs, translated now.  what: the line. */
static void freeze(struct ui *u, struct bundle_st *s, const char *title, const char *what, bool can_cancel)
{
	struct frozen *fz = &s->fz;
	memset(fz, 0, sizeof *fz);
	snprintf(fz->title, sizeof fz->title, "%s", title);
	snprintf(fz->line, sizeof fz->line, "%s", what);
	/* TRANSLATORS: progress of a long operation: how much is done of how much, e.g. "1.5 MB of 20 MB". */
	snprintf(fz->of, sizeof fz->of, "%s", _("%s of %s"));
	/* TRANSLATORS: a file's size in kilobytes; %s is a number such as 1.5. */
	snprintf(fz->unit[0], sizeof fz->unit[0], "%s", _("%s kB"));
	/* TRANSLATORS: a file's size in megabytes; %s is a number such as 1.5. */
	snprintf(fz->unit[1], sizeof fz->unit[1], "%s", _("%s MB"));
	/* TRANSLATORS: a file's size in gigabytes; %s is a number such as 1.5. */
	snprintf(fz->unit[2], sizeof fz->unit[2], "%s", _("%s GB"));
	/* TRANSLATORS: writing a bundle: the time it still needs; %s is minutes:seconds such as 1:05. */
	snprintf(fz->left, sizeof fz->left, "%s", _("about %s left"));
	/* TRANSLATORS: preparing a bundle: the time it has taken; %s is minutes:seconds such as 0:07. */
	snprintf(fz->so_far, sizeof fz->so_far, "%s", _("%s so far"));
	char k[16], k12[16];
	ui_action_key_name(UI_A_BACK, k, sizeof k);
	ui_action_key_name(UI_A_HIDE, k12, sizeof k12);
	/* TRANSLATORS: asked when Esc is pressed while a bundle is written. */
	int o = snprintf(fz->question, sizeof fz->question, "%s ", _("Stop writing the bundle? Nothing will be left at the destination."));
	if (o > 0 && (size_t)o < sizeof fz->question)
		snprintf(fz->question + o, sizeof fz->question - (size_t)o, _("Press %s again to stop, or any other key to go on."), k);
	snprintf(fz->cancelling, sizeof fz->cancelling, "%s", _("Cancelling..."));
	/* TRANSLATORS: footer key label while a long operation runs (keep it short). */
	snprintf(fz->footer, sizeof fz->footer, "%s %s  %s %s", k, _("Cancel"), k12, _("Hide now"));
	snprintf(fz->footer_hide, sizeof fz->footer_hide, "%s %s", k12, _("Hide now"));
	fz->can_cancel = can_cancel;
	(void)u;
}

/* ------------------------------------------------------------------ */
/* The preview and the result. */

static void verdict_line(struct ui_tview *t, const struct rc_bundle_check *c)
{
	const char *w;
	enum ui_role role = R_NORMAL;
	switch (c->verdict) {
	/* TRANSLATORS: the verdict of one check of a bundle's verification, in a column; short. */
	case RC_BV_OK: w = _("ok"); role = R_GOOD; break;
	/* TRANSLATORS: the verdict of one check of a bundle's verification, in a column; short. */
	case RC_BV_FAILED: w = _("FAILED"); role = R_FLAG; break;
	/* TRANSLATORS: the verdict of one check of a bundle's verification: there was nothing to check. */
	case RC_BV_ABSENT: w = _("absent"); role = R_HINT; break;
	/* TRANSLATORS: the verdict of one check of a bundle's verification: not a failure, but to know. */
	default: w = _("note"); role = R_HINT; break;
	}
	char line[1200];
	snprintf(line, sizeof line, "%-8s %s%s%s", w, rc_bundle_check_name(c->kind), c->path && *c->path ? "  " : "",
	         c->path ? c->path : "");
	ui_tview_add(t, line, role, 2);
	if (c->text && *c->text)
		ui_tview_wrap(t, c->text, R_NORMAL, 11);
}

/* A size, "about 41.3 MB" when it is an estimate. */
static void about_size(uint64_t n, bool estimated, char *out, size_t len)
{
	char sz[32];
	ui_fmt_size(n, sz, sizeof sz);
	if (estimated)
		/* TRANSLATORS: an estimated size, as "about 41.3 MB" (the access log's files of a bundle: known exactly once written). */
		snprintf(out, len, _("about %s"), sz);
	else
		snprintf(out, len, "%s", sz);
}

static void show_plan(struct ui *u, struct bundle_st *s)
{
	(void)u;
	const struct rc_bundle_plan *p = &s->job->plan;
	struct ui_tview *t = &s->t;
	ui_tview_clear(t);
	t->top = 0;
	char line[1200], size[64];
	/* TRANSLATORS: the preview of a bundle; %s is where it will be written. */
	snprintf(line, sizeof line, _("The bundle %s will hold:"), p->dest);
	ui_tview_wrap(t, line, R_HEADER, 2);
	bool estimated = false;
	for (size_t i = 0; i < p->n; i++) {
		about_size(p->v[i].size, p->v[i].estimated, size, sizeof size);
		estimated |= p->v[i].estimated;
		snprintf(line, sizeof line, "data/%-50s %16s", p->v[i].path, size);
		ui_tview_add(t, line, R_NORMAL, 2);
		ui_tview_wrap(t, p->v[i].what, R_HINT, 6);
	}
	/* TRANSLATORS: the files every bundle also holds; keep the file names. */
	ui_tview_wrap(t, _("and data/journal/ (the case journal and its checkpoint), and the bag's own files (bagit.txt, "
	                   "bag-info.txt, the manifests)"), R_HINT, 2);
	ui_tview_add(t, "", R_NORMAL, 0);
	about_size(p->bytes, estimated, size, sizeof size);
	/* TRANSLATORS: a bundle's preview: accesses, flagged, requests, documents, exports, then the size. */
	snprintf(line, sizeof line, _("In all: %" PRIu64 " accesses (%" PRIu64 " flagged), %" PRIu64 " requests, %" PRIu64
	                              " documents, %" PRIu64 " registry exports; %s."),
	         p->events, p->flagged, p->requests, p->documents, p->exports, size);
	ui_local_digits(line, sizeof line);
	ui_tview_wrap(t, line, R_HEADER, 2);
	if (p->signing) {
		/* TRANSLATORS: %s is a certificate's SHA-256 fingerprint. */
		snprintf(line, sizeof line, _("It will be signed with the case's certificate %s."), p->signer_fp);
		ui_tview_wrap(t, line, R_GOOD, 2);
		/* TRANSLATORS: at the end of a bundle's preview. */
		ui_tview_wrap(t, _("Press Enter to write it."), R_HEADER, 2);
	} else {
		char k[16];
		ui_action_key_name(UI_A_NEW, k, sizeof k);
		/* TRANSLATORS: a bundle's preview when the case has no certificate to sign with. */
		ui_tview_wrap(t, _("[!] This case has no certificate to sign bundles with: the bundle will not be signed. "
		                   "A court can still check that no file changed, but not who made it."), R_FLAG, 2);
		/* TRANSLATORS: %s is a key (F7). */
		snprintf(line, sizeof line, _("Press %s to make a certificate now, or Enter to write it unsigned."), k);
		ui_tview_wrap(t, line, R_FLAG, 2);
	}
}

/* "Label: value", wrapped (a fingerprint is longer than a field's room). */
static void tv_line(struct ui_tview *t, const char *label, const char *value, enum ui_role role)
{
	char line[1200];
	snprintf(line, sizeof line, "%s: %s", label, value);
	ui_tview_wrap(t, line, role, 2);
}

static void show_verification(struct ui *u, struct bundle_st *s)
{
	(void)u;
	struct job *j = s->job;
	struct ui_tview *t = &s->t;
	ui_tview_clear(t);
	t->top = 0;
	char line[1200];
	if (j->written) {
		/* TRANSLATORS: after writing a bundle; %s is where it was written. */
		snprintf(line, sizeof line, _("Bundle written: %s"), j->plan.dest);
		ui_tview_wrap(t, line, R_GOOD, 2);
		/* TRANSLATORS: the SHA-256 that identifies a bundle (its tag manifest's). */
		tv_line(t, _("Tag manifest SHA-256"), j->res.tagmanifest_sha256, R_NORMAL);
		/* TRANSLATORS: after writing a bundle, when the case has no certificate. */
		tv_line(t, _("Signed with the certificate"), *j->res.signer_fp ? j->res.signer_fp : _("not signed"), R_NORMAL);
		if (*j->res.stamped)
			tv_line(t, _("Time stamp"), j->res.stamped, R_NORMAL);
		ui_tview_add(t, "", R_NORMAL, 0);
	} else {
		/* TRANSLATORS: verifying a bundle; %s is its path. */
		snprintf(line, sizeof line, _("The bundle %s:"), j->verify_path);
		ui_tview_wrap(t, line, R_HEADER, 2);
	}
	if (j->vst != RC_OK) {
		/* TRANSLATORS: a bundle could not be verified at all; the first %s is why, the second says more. */
		snprintf(line, sizeof line, _("[!] It could not be checked: %s %s"), rc_status_message(j->vst), j->detail);
		ui_tview_wrap(t, line, R_FLAG, 2);
		return;
	}
	/* TRANSLATORS: heading above the checks of a bundle's verification. */
	ui_tview_add(t, _("What was checked:"), R_HEADER, 2);
	for (size_t i = 0; i < j->v.n; i++)
		verdict_line(t, &j->v.v[i]);
	ui_tview_add(t, "", R_NORMAL, 0);
	if (*j->v.signer_fp) {
		tv_line(t, _("Signed by"), j->v.signer_subject, R_NORMAL);
		/* TRANSLATORS: a certificate's SHA-256 fingerprint. */
		tv_line(t, _("SHA-256 fingerprint"), j->v.signer_fp, R_NORMAL);
	}
	if (j->v.valid)
		ui_tview_wrap(t, _("The bundle verifies: it is as it was made."), R_GOOD, 2);
	else
		/* TRANSLATORS: a bundle's verification found a check that failed. */
		ui_tview_wrap(t, _("[!] The bundle does NOT verify: something in it is not as it was made (see FAILED above)."),
		              R_FLAG, 2);
}

/* ------------------------------------------------------------------ */
/* The tasks. */

static void plan_work(void *p)
{
	struct job *j = p;
	rc_error_clear();
	j->st = rc_op_bundle_plan(j->c, &j->o, &j->plan);
	j->planned = j->st == RC_OK;
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
}

static void write_work(void *p)
{
	struct job *j = p;
	rc_error_clear();
	j->st = rc_op_bundle_write(j->c, &j->o, &j->plan, &j->res);
	j->written = j->st == RC_OK;
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
}

static void verify_work(void *p)
{
	struct job *j = p;
	rc_error_clear();
	const char *path = j->written ? j->plan.dest : j->verify_path;
	j->vst = rc_op_bundle_verify(path, &j->v);
	j->verified = j->vst == RC_OK;
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
}

/* What went wrong, in plain words, into buf. */
static void error_text(char *buf, size_t len, enum rc_status st, const char *detail, bool writing)
{
	if (st == RC_NOSPACE)
		/* TRANSLATORS: writing a bundle failed: the USB stick or disk is full; %s says more. */
		snprintf(buf, len, _("The bundle does not fit: the destination is full. Nothing was left there and the case "
		                     "is as it was. Free some space or choose another folder. %s"), detail);
	else if (st == RC_IO && writing)
		/* TRANSLATORS: writing a bundle failed while writing; %s says more. */
		snprintf(buf, len, _("The bundle could not be written (was the USB stick taken out, or is the folder "
		                     "read-only?). Nothing was left there and the case is as it was. %s"), detail);
	else if (st == RC_EXISTS)
		/* TRANSLATORS: a bundle of the same name is in the folder chosen. */
		snprintf(buf, len, _("There is already a bundle of that name in this folder. Choose another folder. %s"), detail);
	else if (st == RC_CANCELLED)
		/* TRANSLATORS: after Esc stopped the writing of a bundle. */
		snprintf(buf, len, "%s", _("Stopped. Nothing was left at the destination, and the case is as it was."));
	else
		/* TRANSLATORS: preparing or writing a bundle failed; the first %s is what went wrong, the second says more. */
		snprintf(buf, len, _("%s %s Nothing was written."), rc_status_message(st), detail);
}

/* Said on the message line, and whole on the destination step (the
 * message line has room for two lines only). */
static void say_error(struct ui *u, struct bundle_st *s, enum rc_status st, const char *detail, bool writing)
{
	error_text(s->err, sizeof s->err, st, detail, writing);
	s->err_is_error = st != RC_CANCELLED;
	ui_message(u, s->err_is_error, "%s", s->err);
}

static void verify_done(struct ui *u, void *p)
{
	struct bundle_st *s = ui_st(u, SCR_BUNDLE);
	if (!s || s->job != p)
		return;
	show_verification(u, s);
	s->page = P_RESULT;
}

static void start_verify(struct ui *u, struct bundle_st *s)
{
	/* TRANSLATORS: the message line while a bundle is checked. */
	if (!ui_busy_run(u, N_("Checking the bundle..."), false, verify_work, s->job, verify_done))
		ui_message(u, true, "%s", _("Something else is still running. Try again in a moment."));
}

static void write_done(struct ui *u, void *p)
{
	struct bundle_st *s = ui_st(u, SCR_BUNDLE);
	if (!s || s->job != p)
		return;
	struct job *j = s->job;
	if (j->st != RC_OK || ui_task_cancelled()) {
		enum rc_status e = j->st == RC_OK ? RC_CANCELLED : j->st;
		/* the plan is of no more use: back to the destination, the choices kept */
		s->page = P_DEST;
		char detail[512];
		snprintf(detail, sizeof detail, "%s", j->detail);
		job_free(&s->job);
		say_error(u, s, e, detail, true);
		return;
	}
	start_verify(u, s);
}

static void plan_done(struct ui *u, void *p)
{
	struct bundle_st *s = ui_st(u, SCR_BUNDLE);
	if (!s || s->job != p)
		return;
	struct job *j = s->job;
	if (j->st != RC_OK) {
		char detail[512];
		snprintf(detail, sizeof detail, "%s", j->detail);
		enum rc_status e = j->st;
		job_free(&s->job);
		s->page = P_DEST;
		s->signer_msg[0] = 0;
		say_error(u, s, e, detail, false);
		return;
	}
	show_plan(u, s);
	s->page = P_PREVIEW;
	if (*s->signer_msg)
		ui_message(u, false, "%s", s->signer_msg);
	s->signer_msg[0] = 0;
}

/* The choices into a new job's options; false (and a message) when one
 * is not right. */
static bool make_job(struct ui *u, struct bundle_st *s)
{
	job_free(&s->job);
	struct job *j = rc_xcalloc(1, sizeof *j);
	j->c = u->c;
	struct rc_bundle_opts *o = &j->o;
	o->since_ts = o->until_ts = RC_TS_UNKNOWN;
	int log = s->cf[CF_LOG].choice;
	o->no_log = log == LOG_NONE;
	o->flagged_only = log == LOG_FLAGGED;
	for (int k = 0; k < 2 && !o->no_log; k++) {
		char *d = ui_field_utf8(&s->cf[k ? CF_UNTIL : CF_SINCE]);
		int64_t ts;
		bool ok = !*d || ui_date_parse(d, &ts);
		if (*d && ok)
			*(k ? &o->until_ts : &o->since_ts) = ts;
		free(d);
		if (!ok) {
			/* TRANSLATORS: evidence bundle: a day typed that is no date. */
			ui_message(u, true, "%s", _("This is not a date. Type it in the form the screen shows dates, for example "
			                            "2024-05-22."));
			s->page = P_CONTENT;
			s->cform.cur = k ? CF_UNTIL : CF_SINCE;
			free(j);
			return false;
		}
	}
	o->all_requests = s->cf[CF_REQS].choice == SEL_ALL;
	if (s->cf[CF_REQS].choice == SEL_PICK) {
		j->reqs = rc_xcalloc(s->nreqs + 1, sizeof *j->reqs);
		for (size_t i = 0; i < s->nreqs; i++)
			if (s->reqs[i].ticked)
				j->reqs[o->n_requests++] = s->reqs[i].id;
		o->requests = j->reqs;
	}
	o->all_documents = s->cf[CF_DOCS].choice == SEL_ALL;
	if (s->cf[CF_DOCS].choice == SEL_PICK) {
		j->docs = rc_xcalloc(s->ndocs + 1, sizeof *j->docs);
		for (size_t i = 0; i < s->ndocs; i++)
			if (s->docs[i].ticked)
				j->docs[o->n_documents++] = s->docs[i].id;
		o->documents = j->docs;
	}
	o->no_exports = s->cf[CF_EXPORTS].choice == 1;
	j->court = ui_field_utf8(&s->cf[CF_COURT]);
	j->by = ui_field_utf8(&s->cf[CF_BY]);
	o->court = *j->court ? j->court : NULL;
	o->prepared_by = *j->by ? j->by : NULL;
	snprintf(j->court_lang, sizeof j->court_lang, "%s", ui_langs[s->cf[CF_CLANG].choice].code);
	o->court_lang = j->court_lang;
	if (s->cf[CF_ALANG].choice > 0) {
		snprintf(j->appl_lang, sizeof j->appl_lang, "%s", ui_langs[s->cf[CF_ALANG].choice - 1].code);
		o->applicant_lang = j->appl_lang;
	}
	j->dest_dir = ui_field_utf8(&s->df[DF_DIR]);
	o->dest_dir = j->dest_dir;
	o->format = (enum rc_bag_format)s->df[DF_FORM].choice;
	/* the preview says when it will not be signed, and offers to make one */
	o->unsigned_ok = true;
	o->progress = ui_task_progress;
	s->job = j;
	if (!*j->dest_dir) {
		/* TRANSLATORS: evidence bundle: Enter with no folder typed. */
		ui_message(u, true, "%s", _("Type the folder the bundle goes into, or choose a USB stick."));
		job_free(&s->job);
		return false;
	}
	struct stat sb;
	if (stat(j->dest_dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		/* TRANSLATORS: evidence bundle: the folder typed is not there; %s is the folder. */
		ui_message(u, true, _("There is no folder %s. Type a folder that exists, or put the USB stick in."), j->dest_dir);
		job_free(&s->job);
		return false;
	}
	if (access(j->dest_dir, W_OK | X_OK) != 0) {
		/* TRANSLATORS: evidence bundle: the folder chosen cannot be written to; %s is the folder. */
		ui_message(u, true, _("Nothing can be written into %s (it is read-only, or not yours). Choose another folder."),
		           j->dest_dir);
		job_free(&s->job);
		return false;
	}
	return true;
}

static void start_plan(struct ui *u, struct bundle_st *s)
{
	s->err[0] = 0;
	if (!make_job(u, s))
		return;
	/* TRANSLATORS: evidence bundle, the title while the preview is made. */
	char what[1024];
	/* TRANSLATORS: evidence bundle: while the preview is made; %s is the folder. */
	snprintf(what, sizeof what, _("Preparing the bundle for %s: reading the case and making its files for the "
	                              "preview. Nothing is written yet."), s->job->dest_dir);
	freeze(u, s, _("Evidence bundle: preparing"), what, false);
	if (!ui_busy_run(u, N_("Preparing the bundle..."), false, plan_work, s->job, plan_done)) {
		job_free(&s->job);
		ui_message(u, true, "%s", _("Something else is still running. Try again in a moment."));
		return;
	}
	u->busy.frozen = true;
}

static void start_write(struct ui *u, struct bundle_st *s)
{
	char what[1024];
	/* TRANSLATORS: evidence bundle: while it is written; %s is where. */
	snprintf(what, sizeof what, _("Writing the bundle %s. Esc stops it: nothing is then left there."), s->job->plan.dest);
	freeze(u, s, _("Evidence bundle: writing"), what, true);
	if (!ui_busy_run(u, N_("Writing the bundle..."), true, write_work, s->job, write_done)) {
		ui_message(u, true, "%s", _("Something else is still running. Try again in a moment."));
		return;
	}
	u->busy.frozen = true;
	u->busy.cancel_question = N_("Stop writing the bundle? Nothing will be left at the destination.");
}

static void start_verify_path(struct ui *u, struct bundle_st *s)
{
	char *path = ui_field_utf8(&s->vf);
	if (!*path) {
		free(path);
		ui_message(u, true, "%s", _("Type the bundle's folder, or its .tar or .zip file."));
		return;
	}
	job_free(&s->job);
	s->job = rc_xcalloc(1, sizeof *s->job);
	s->job->verify_path = path;
	start_verify(u, s);
}

static void make_signer(struct ui *u, struct bundle_st *s)
{
	char *name = ui_field_utf8(&s->sf);
	if (!*name) {
		free(name);
		ui_message(u, true, "%s", _("Type the name the certificate carries: the office or counsel."));
		return;
	}
	struct rc_signer_desc d;
	memset(&d, 0, sizeof d);
	enum rc_status rs = rc_op_signer_new(u->c, name, NULL, &d);
	explicit_bzero(name, strlen(name));
	free(name);
	if (rs != RC_OK) {
		ui_message(u, true, "%s %s", rc_status_message(rs), rc_error_detail());
		return;
	}
	/* TRANSLATORS: after making the case's certificate; %s is its fingerprint. */
	snprintf(s->signer_msg, sizeof s->signer_msg, _("The case will sign its bundles with the certificate %s. Give this fingerprint to the court "
	                       "and the other side by another channel (on paper, by phone)."), d.fp);
	start_plan(u, s);
}

/* ------------------------------------------------------------------ */

static void bundle_draw(struct ui *u)
{
	struct bundle_st *s = st(u);
	if (u->busy.on && u->busy.frozen) {
		draw_frozen(u, s);
		return;
	}
	fill_labels(s);
	static const char *const titles[P_N] = {
		/* TRANSLATORS: evidence bundle screen, the title of each step. */
		N_("Evidence bundle for a court"), N_("Evidence bundle (1/4): what goes in"),
		N_("Evidence bundle: which requests"), N_("Evidence bundle: which documents"),
		N_("Evidence bundle (2/4): where it goes"), N_("Evidence bundle (3/4): what it will hold"),
		N_("Evidence bundle: a certificate to sign with"), N_("Evidence bundle (4/4): written and checked"),
		N_("Verify a bundle")
	};
	const char *title = _(titles[s->page]);
	if (s->page == P_RESULT && !s->job)
		title = _(titles[P_VERIFY]);
	else if (s->page == P_RESULT && s->job && !s->job->written)
		title = _(titles[P_VERIFY]);
	char t[600];
	ui_local_digits(strncpy(t, title, sizeof t - 1), sizeof t);
	t[sizeof t - 1] = 0;
	ui_title(t);
	int y = ui_body_top();
	int ymax = ui_body_top() + ui_body_rows();
	switch (s->page) {
	case P_START:
		/* TRANSLATORS: evidence bundle screen, first step. */
		y = ui_para(y, 2, _("An evidence bundle holds what you choose of the case (the accesses, the requests, the "
		                    "documents) with checksums, signed, so a court can check that nothing was changed."), R_NORMAL) + 1;
		s->start_y = y;
		/* TRANSLATORS: evidence bundle screen, a choice. */
		ui_row(y++, s->start.sel == 0, _("Make a bundle for a court"), R_NORMAL);
		/* TRANSLATORS: evidence bundle screen, a choice. */
		ui_row(y++, s->start.sel == 1, _("Verify a bundle (a folder, .tar or .zip)"), R_NORMAL);
		break;
	case P_CONTENT:
		ui_text(y++, 2, COLS - 4, _("Move with Tab or the arrows. Enter on the last field goes on."), R_HINT, AL_START);
		y++;
		y = ui_form_draw(&s->cform, y, ymax - y - 3 < CF_N ? ymax - y - 3 : CF_N) + 1;
		ui_para(y, 2, _(s->cf[s->cform.cur].hint), R_HINT);
		break;
	case P_REQS:
	case P_DOCS: {
		struct pick *v = s->page == P_REQS ? s->reqs : s->docs;
		size_t n = s->page == P_REQS ? s->nreqs : s->ndocs;
		struct ui_list *l = s->page == P_REQS ? &s->rl : &s->dl;
		/* TRANSLATORS: evidence bundle, ticking requests or documents. */
		ui_text(y++, 2, COLS - 4, _("Space ticks what goes in. Enter goes on."), R_HINT, AL_START);
		if (!n) {
			ui_text(y + 1, 2, COLS - 4, s->page == P_REQS ? _("This case has no request.")
			                                              : _("This case has no document."), R_HINT, AL_START);
			break;
		}
		ui_list_scroll(l, ymax - y);
		for (int i = l->top; i < (int)n && y < ymax; i++, y++) {
			snprintf(t, sizeof t, "[%s] %s", v[i].ticked ? "x" : " ", v[i].line);
			ui_row(y, i == l->sel, t, R_NORMAL);
		}
		break;
	}
	case P_DEST:
		ui_text(y++, 2, COLS - 4, _("Move with Tab or the arrows. Enter on the last field: the preview."),
		        R_HINT, AL_START);
		y++;
		y = ui_form_draw(&s->dform, y, s->dform.n) + 1;
		y = ui_para(y, 2, _(s->df[s->dform.cur].hint), R_HINT) + 1;
		if (*s->err)
			y = ui_para(y, 2, s->err, s->err_is_error ? R_ERROR : R_HEADER) + 1;
		if (!s->nmedia)
			/* TRANSLATORS: evidence bundle, where it goes: no USB stick was found. */
			ui_para(y, 2, _("No USB stick was found (under /media, /run/media or /mnt). Put one in and come back "
			                "here, or type a folder."), R_HINT);
		break;
	case P_PREVIEW:
		ui_tview_draw(&s->t, y, ymax - y);
		break;
	case P_SIGNER:
		/* TRANSLATORS: evidence bundle, making the case's certificate. */
		y = ui_para(y, 2, _("A new certificate for this case, to sign its bundles (self-signed, ECDSA P-256, ten "
		                    "years). Enter makes it. The office's own can be given with \"recourse bundle signer\"."),
		            R_NORMAL) + 1;
		y = ui_form_draw(&s->sform, y, 1) + 1;
		ui_para(y, 2, _(s->sf.hint), R_HINT);
		break;
	case P_RESULT:
		ui_tview_draw(&s->t, y, ymax - y);
		break;
	case P_VERIFY:
		ui_text(y++, 2, COLS - 4, _("Type the path and press Enter."), R_HINT, AL_START);
		y++;
		y = ui_form_draw(&s->vform, y, 1) + 1;
		ui_para(y, 2, _(s->vf.hint), R_HINT);
		break;
	default:
		break;
	}
}

static void next_page(struct ui *u, struct bundle_st *s)
{
	switch (s->page) {
	case P_START:
		s->page = s->start.sel == 0 ? P_CONTENT : P_VERIFY;
		break;
	case P_CONTENT:
		if (s->cf[CF_REQS].choice == SEL_PICK) {
			load_reqs(u, s);
			s->page = P_REQS;
		} else if (s->cf[CF_DOCS].choice == SEL_PICK) {
			load_docs(u, s);
			s->page = P_DOCS;
		} else {
			s->page = P_DEST;
		}
		break;
	case P_REQS:
		if (s->cf[CF_DOCS].choice == SEL_PICK) {
			load_docs(u, s);
			s->page = P_DOCS;
		} else {
			s->page = P_DEST;
		}
		break;
	case P_DOCS:
		s->page = P_DEST;
		break;
	case P_DEST:
		start_plan(u, s);
		break;
	case P_PREVIEW:
		if (s->job)
			start_write(u, s);
		break;
	case P_SIGNER:
		make_signer(u, s);
		break;
	case P_VERIFY:
		start_verify_path(u, s);
		break;
	default:
		break;
	}
}

static void prev_page(struct ui *u, struct bundle_st *s)
{
	switch (s->page) {
	case P_START: ui_pop(u); return;
	case P_CONTENT: s->page = P_START; return;
	case P_REQS: s->page = P_CONTENT; return;
	case P_DOCS: s->page = s->cf[CF_REQS].choice == SEL_PICK ? P_REQS : P_CONTENT; return;
	case P_DEST:
		s->page = s->cf[CF_DOCS].choice == SEL_PICK ? P_DOCS : s->cf[CF_REQS].choice == SEL_PICK ? P_REQS : P_CONTENT;
		return;
	case P_PREVIEW: job_free(&s->job); s->page = P_DEST; return;
	case P_SIGNER: s->page = P_PREVIEW; return;
	case P_RESULT: job_free(&s->job); s->page = P_START; return;
	case P_VERIFY: s->page = P_START; return;
	default: return;
	}
}

static bool bundle_key(struct ui *u, int key)
{
	struct bundle_st *s = st(u);
	struct ui_form *fm = s->page == P_CONTENT ? &s->cform : s->page == P_DEST ? &s->dform
	                     : s->page == P_SIGNER ? &s->sform : s->page == P_VERIFY ? &s->vform : NULL;
	if (fm) {
		if (key == UI_KEY_ENTER) {
			if (fm->cur < fm->n - 1)
				fm->cur++;
			else
				next_page(u, s);
			return true;
		}
		int media = s->df[DF_MEDIA].choice;
		bool r = ui_form_key(fm, key);
		if (s->page == P_DEST && s->df[DF_MEDIA].choice != media && s->df[DF_MEDIA].choice > 0)
			ui_field_set(&s->df[DF_DIR], s->media[s->df[DF_MEDIA].choice]);
		return r;
	}
	if ((s->page == P_REQS || s->page == P_DOCS) && key == ' ') {
		struct pick *v = s->page == P_REQS ? s->reqs : s->docs;
		struct ui_list *l = s->page == P_REQS ? &s->rl : &s->dl;
		if (l->n)
			v[l->sel].ticked = !v[l->sel].ticked;
		return true;
	}
	return false;
}

static bool typed(const struct bundle_st *s)
{
	return s->cf[CF_COURT].len || s->cf[CF_BY].len;
}

static bool bundle_action(struct ui *u, enum ui_action a)
{
	struct bundle_st *s = st(u);
	if (a == UI_A_BACK) {
		if (s->page == P_CONTENT && !ui_confirm_discard(u, typed(s)))
			return true;
		prev_page(u, s);
		return true;
	}
	if (a == UI_A_NEW && s->page == P_PREVIEW && s->job && !s->job->plan.signing) {
		if (!s->sf.len && s->cf[CF_BY].len) {
			char *by = ui_field_utf8(&s->cf[CF_BY]);
			ui_field_set(&s->sf, by);
			explicit_bzero(by, strlen(by));
			free(by);
		}
		s->page = P_SIGNER;
		return true;
	}
	switch (s->page) {
	case P_START:
		if (ui_list_nav(&s->start, a, 2))
			return true;
		break;
	case P_CONTENT:
		if (ui_form_action(&s->cform, a))
			return true;
		break;
	case P_DEST:
		if (ui_form_action(&s->dform, a))
			return true;
		break;
	case P_REQS:
		if (ui_list_nav(&s->rl, a, ui_body_rows() - 1))
			return true;
		break;
	case P_DOCS:
		if (ui_list_nav(&s->dl, a, ui_body_rows() - 1))
			return true;
		break;
	case P_PREVIEW:
	case P_RESULT:
		if (ui_tview_nav(&s->t, a, ui_body_rows()))
			return true;
		break;
	default:
		break;
	}
	if (a == UI_A_SELECT) {
		next_page(u, s);
		return true;
	}
	return false;
}

static bool bundle_offers(struct ui *u, enum ui_action a)
{
	struct bundle_st *s = st(u);
	if (a == UI_A_NEW)
		return s->page == P_PREVIEW && s->job && !s->job->plan.signing;
	return true;
}

/* The mouse: a choice of the first step (a second click opens it), a
 * field of a form, a line of a list to tick. */
static void bundle_click(struct ui *u, int row)
{
	struct bundle_st *s = st(u);
	switch (s->page) {
	case P_START: {
		int i = row + ui_body_top() - s->start_y;
		if (i < 0 || i > 1)
			return;
		if (i == s->start.sel)
			next_page(u, s);
		else
			s->start.sel = i;
		return;
	}
	case P_CONTENT: ui_form_click(&s->cform, row - 2); return;
	case P_DEST: ui_form_click(&s->dform, row - 2); return;
	case P_REQS:
	case P_DOCS: {
		struct ui_list *l = s->page == P_REQS ? &s->rl : &s->dl;
		int i = l->top + row - 1;
		if (i >= 0 && i < l->n)
			l->sel = i;
		return;
	}
	default: return;
	}
}

static const enum ui_action bundle_actions[] = {
	UI_A_SELECT, UI_A_NEW, UI_A_UP, UI_A_DOWN, UI_A_PGUP, UI_A_PGDN, UI_A_TOP, UI_A_BOTTOM, UI_A_BACK, UI_A_NONE
};

const struct ui_screen scr_bundle = {
	.name = "bundle",
	.state_size = sizeof(struct bundle_st),
	.init = bundle_init,
	.draw = bundle_draw,
	.action = bundle_action,
	.key = bundle_key,
	.click = bundle_click,
	.leave = bundle_leave,
	.actions = bundle_actions,
	.sensitive = true,
	.offers = bundle_offers,
};
