/* sync.c - fetching the access log from the case's registries, from the
 * case home (doc/registry-api.md, doc/tui.md): each registry in turn on
 * the loop's worker, its progress (accesses received of the registry's
 * count, the time left) on the message line, Esc to stop (the pages
 * already stored stay, and the next fetch goes on from there), and one
 * line per registry saying when it was last reached and what it sent. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct sync_one {
	char *name;
	enum rc_status st;
	struct rc_sync_result res;
	char detail[512];
};

struct sync_job {
	struct rc_case *c;
	struct sync_one *r;
	size_t n;
	void (*after)(struct ui *u);
};

/* On the worker: no curses, no struct ui. */
static bool job_progress(void *ud, const struct rc_sync_progress *p)
{
	(void)ud;
	return ui_task_progress(NULL, p->events, p->total > 0 ? (uint64_t)p->total : 0);
}

static bool job_wait(void *ud, long seconds)
{
	(void)ud;
	(void)seconds;
	return !ui_task_cancelled();
}

static void sync_work(void *p)
{
	struct sync_job *j = p;
	for (size_t i = 0; i < j->n; i++) {
		if (ui_task_cancelled()) {
			j->r[i].st = RC_CANCELLED;
			continue;
		}
		struct rc_sync_opts o = { .progress = job_progress, .wait = job_wait, .ud = j, .get = ui_net_get };
		ui_task_progress(NULL, 0, 0);
		j->r[i].st = rc_op_sync(j->c, j->r[i].name, &o, &j->r[i].res);
		snprintf(j->r[i].detail, sizeof j->r[i].detail, "%s", rc_error_detail());
	}
}

/* One registry's result in a sentence (buf of len bytes). */
static void one_result(const struct sync_one *r, char *buf, size_t len)
{
	char t[700];
	unsigned long long got = r->res.received, added = r->res.added;
	switch (r->st) {
	case RC_OK:
		if (r->res.outcome == RC_SYNC_WITHHELD)
			/* TRANSLATORS: after fetching a registry's log: %1$s the registry's name, %2$llu accesses
			 * received, %3$llu of them new; part of the log is withheld (not "no access"). */
			snprintf(t, sizeof t, ngettext("%1$s: %2$llu access received, %3$llu new. Part of the log is withheld from you.",
			                               "%1$s: %2$llu accesses received, %3$llu new. Part of the log is withheld from you.", got),
			         r->name, got, added);
		else if (r->res.outcome == RC_SYNC_NONE)
			/* TRANSLATORS: after fetching a registry's log: %s the registry's name. */
			snprintf(t, sizeof t, _("%s: the registry reports no new access to your record."), r->name);
		else
			/* TRANSLATORS: after fetching a registry's log: %1$s the registry's name, %2$llu accesses
			 * received, %3$llu of them new; the registry sent all it holds. */
			snprintf(t, sizeof t, ngettext("%1$s: %2$llu access received, %3$llu new. The registry sent the whole log.",
			                               "%1$s: %2$llu accesses received, %3$llu new. The registry sent the whole log.", got),
			         r->name, got, added);
		break;
	case RC_CANCELLED:
		/* TRANSLATORS: after Esc stopped fetching a registry's log: %s the registry's name. */
		snprintf(t, sizeof t, _("%s: stopped. What was fetched is kept; the next fetch goes on from there."), r->name);
		break;
	case RC_NONET:
		/* TRANSLATORS: a registry did not answer: %1$s its name, %2$s more detail. */
		snprintf(t, sizeof t, _("%1$s did not answer. Nothing was changed; try again later. %2$s"), r->name, r->detail);
		break;
	case RC_BADREG:
		/* TRANSLATORS: a registry's answer was refused (not safe or not valid): %1$s its name, %2$s why. */
		snprintf(t, sizeof t, _("%1$s: its answer was refused and nothing of it was kept. %2$s"), r->name, r->detail);
		break;
	default:
		snprintf(t, sizeof t, "%s: %s %s", r->name, rc_status_message(r->st), r->detail);
		break;
	}
	snprintf(buf, len, "%s", t);
}

static void sync_done(struct ui *u, void *p)
{
	struct sync_job *j = p;
	char all[1600] = "";
	bool err = false;
	for (size_t i = 0; i < j->n; i++) {
		char one[800];
		one_result(&j->r[i], one, sizeof one);
		if (j->r[i].st != RC_OK && j->r[i].st != RC_CANCELLED)
			err = true;
		if (all[0])
			strncat(all, " ", sizeof all - strlen(all) - 1);
		strncat(all, one, sizeof all - strlen(all) - 1);
		free(j->r[i].name);
	}
	free(j->r);
	ui_local_digits(all, sizeof all);
	if (j->after)
		j->after(u);
	ui_message(u, err, "%s", all);
	free(j);
}

bool ui_sync_start(struct ui *u, void (*after)(struct ui *u))
{
	struct rc_registry *regs = NULL;
	size_t n = 0;
	if (!u->c || rc_registry_list(u->c, &regs, &n) != RC_OK)
		return false;
	if (!n) {
		rc_registries_free(regs, n);
		/* TRANSLATORS: case home, "Fetch log" pressed with no registry set up; "recourse registry add" is a command. */
		ui_message(u, true, "%s", _("This case is not connected to any registry's online service. A caseworker can "
		                            "connect it with the command recourse registry add."));
		return false;
	}
	/* the transfers run in this loop; without it, on the worker */
	ui_net_start();
	struct sync_job *j = rc_xcalloc(1, sizeof *j);
	j->c = u->c;
	j->after = after;
	j->r = rc_xcalloc(n, sizeof *j->r);
	j->n = n;
	for (size_t i = 0; i < n; i++)
		j->r[i].name = rc_xstrdup(regs[i].name);
	rc_registries_free(regs, n);
	/* TRANSLATORS: the message line while the access log is fetched from registries over the internet. */
	if (!ui_busy_run(u, N_("Fetching the access log..."), true, sync_work, j, sync_done)) {
		for (size_t i = 0; i < n; i++)
			free(j->r[i].name);
		free(j->r);
		free(j);
		return false;
	}
	/* TRANSLATORS: asked when Esc is pressed while the log is fetched. */
	u->busy.cancel_question = N_("Stop fetching? The pages already fetched are kept.");
	u->busy.accesses = true;
	return true;
}

void ui_registry_line(const struct rc_registry *r, char *buf, size_t len)
{
	char when[80] = "";
	int64_t ts;
	char norm[40];
	bool reached = r->last_reached && rc_date_parse(r->last_reached, &ts, norm, sizeof norm);
	if (reached)
		ui_fmt_time(ts, true, when, sizeof when);
	char *name = rc_text_sanitize(r->name, strlen(r->name), false);
	const char *res = r->last_result ? r->last_result : "";
	bool failed_last = !strcmp(res, "unreachable") || !strcmp(res, "refused") || !strcmp(res, "cancelled");
	if (!reached && !r->last_attempt)
		/* TRANSLATORS: case home, a registry the case is connected to, never fetched from; %s its name. */
		snprintf(buf, len, _("%s: not fetched yet"), name);
	else if (!reached)
		/* TRANSLATORS: case home, a registry never reached; %s its name. */
		snprintf(buf, len, _("%s: never reached (the last try failed)"), name);
	else if (!strcmp(res, "cancelled"))
		/* TRANSLATORS: case home, a registry: %1$s its name, %2$s when it last answered; the last fetch was stopped (Esc) before the end. */
		snprintf(buf, len, _("%1$s: last reached %2$s; fetch stopped part way"), name, when);
	else if (failed_last)
		/* TRANSLATORS: case home, a registry: %1$s its name, %2$s when it last answered; the last try failed. */
		snprintf(buf, len, _("%1$s: last reached %2$s; the last try failed"), name, when);
	else if (!strcmp(res, "withheld"))
		/* TRANSLATORS: case home, a registry: %1$s its name, %2$s when it last answered. */
		snprintf(buf, len, _("%1$s: last reached %2$s; part of the log is withheld"), name, when);
	else if (!strcmp(res, "none"))
		/* TRANSLATORS: case home, a registry: %1$s its name, %2$s when; it reported no (new) access. */
		snprintf(buf, len, _("%1$s: last reached %2$s; no new access"), name, when);
	else
		/* TRANSLATORS: case home, a registry: %1$s its name, %2$s when it last answered. */
		snprintf(buf, len, _("%1$s: last reached %2$s"), name, when);
	free(name);
	if (failed_last || (!reached && r->last_attempt)) {
		/* the sign first, as the warnings have theirs */
		size_t l = strlen(buf);
		if (l + 5 < len) {
			memmove(buf + 4, buf, l + 1);
			memcpy(buf, "[!] ", 4);
		}
	}
	ui_local_digits(buf, len);
}
