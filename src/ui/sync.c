/* sync.c - the registries from the terminal: fetching the access log
 * from the case home, and a request sent online or asked about from its
 * own screen (doc/registry-api.md, doc/tui.md).  The log: each registry in turn on
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

/* ---- one request, online ---- */

struct online_job {
	struct rc_case *c;
	int64_t id;
	char registry[80];       /* "" when the request was sent already */
	enum rc_status st;
	struct rc_submit_result sub;
	struct rc_status_change *ch;
	size_t nch;
	char detail[700];
	void (*after)(struct ui *u);
};

static void online_work(void *p)
{
	struct online_job *j = p;
	if (j->registry[0])
		j->st = rc_op_request_submit(j->c, j->id, j->registry, &j->sub);
	else
		j->st = rc_op_request_status(j->c, j->id, &j->ch, &j->nch);
	snprintf(j->detail, sizeof j->detail, "%s", rc_error_detail());
}

static void online_done(struct ui *u, void *p)
{
	struct online_job *j = p;
	if (j->after)
		j->after(u);
	char t[1400];
	if (j->st != RC_OK) {
		/* TRANSLATORS: a request could not be sent or followed online; %1$s what went wrong, %2$s more detail. */
		snprintf(t, sizeof t, _("%1$s %2$s Nothing was changed in the case."), rc_status_message(j->st), j->detail);
		ui_local_digits(t, sizeof t);
		ui_message(u, true, "%s", t);
	} else if (j->registry[0]) {
		char day[64];
		if (!ui_day_shown(j->sub.received, day, sizeof day))
			snprintf(day, sizeof day, "%s", j->sub.received);
		/* TRANSLATORS: after a request was sent online: %1$s the registry's name, %2$s the day it received
		 * it, %3$s its reference at the registry. */
		snprintf(t, sizeof t, _("Sent to %1$s online. The registry received it on %2$s; its reference there is %3$s."),
		         j->registry, day, j->sub.remote_id);
		if (j->sub.expected_by[0]) {
			size_t l = strlen(t);
			/* TRANSLATORS: follows "Sent to ... online."; %s is the registry's own date. The legal deadline stays. */
			snprintf(t + l, sizeof t - l, _(" It expects to answer by %s; the legal deadline still counts."),
			         j->sub.expected_by);
		}
		ui_local_digits(t, sizeof t);
		ui_message(u, false, "%s", t);
	} else if (j->nch && j->ch[0].untracked) {
		/* TRANSLATORS: "ask the registry" on a request it gave nothing to follow. */
		ui_message(u, false, "%s", _("The registry gave nothing to follow for this request: follow it by letter."));
	} else if (j->nch) {
		const struct rc_status_change *c = &j->ch[0];
		enum rc_request_state a, b;
		const char *from = rc_request_state_parse(c->from, &a) ? rc_request_state_label(a) : c->from;
		const char *to = rc_request_state_parse(c->to, &b) ? rc_request_state_label(b) : c->to;
		if (strcmp(c->from, c->to))
			/* TRANSLATORS: after asking the registry: %1$s its words, %2$s the request's state before, %3$s after. */
			snprintf(t, sizeof t, _("The registry says: %1$s. The request went from \"%2$s\" to \"%3$s\"."),
			         c->shown[0] ? c->shown : c->remote_status, from, to);
		else
			/* TRANSLATORS: after asking the registry: %1$s its words; %2$s the request's state, unchanged. */
			snprintf(t, sizeof t, _("The registry says: %1$s. The request stays \"%2$s\"."),
			         c->shown[0] ? c->shown : c->remote_status, to);
		if (c->reason[0]) {
			size_t l = strlen(t);
			/* TRANSLATORS: the registry's reason (its own words, any language). */
			snprintf(t + l, sizeof t - l, _(" Its reason: %s"), c->reason);
		}
		ui_local_digits(t, sizeof t);
		ui_message(u, false, "%s", t);
	}
	free(j->ch);
	free(j);
}

bool ui_request_online(struct ui *u, int64_t id, void (*after)(struct ui *u))
{
	if (!u->c)
		return false;
	struct rc_request_row *rows = NULL;
	size_t n = 0;
	const struct rc_request_row *r = NULL;
	if (rc_case_requests(u->c, &rows, &n) == RC_OK)
		for (size_t i = 0; i < n && !r; i++)
			if (rows[i].id == id)
				r = &rows[i];
	if (!r) {
		rc_request_rows_free(&rows, n);
		return false;
	}
	struct online_job *j = rc_xcalloc(1, sizeof *j);
	j->c = u->c;
	j->id = id;
	j->after = after;
	bool sent = r->remote_id && *r->remote_id;
	if (!sent) {
		struct rc_registry *regs = NULL;
		size_t nr = 0;
		if (rc_registry_list(u->c, &regs, &nr) == RC_OK && nr) {
			size_t pick = 0;
			for (size_t i = 0; i < nr; i++)
				if (r->regime && regs[i].regime && !strcmp(r->regime, regs[i].regime)) {
					pick = i;
					break;
				}
			snprintf(j->registry, sizeof j->registry, "%s", regs[pick].name);
		}
		rc_registries_free(regs, nr);
		if (!j->registry[0]) {
			/* TRANSLATORS: u pressed on a request in a case with no registry; "recourse registry add" is a command. */
			ui_message(u, true, "%s", _("This case is not connected to any registry's online service: send the "
			                            "letter. A caseworker can connect it with the command recourse registry add."));
			free(j);
			rc_request_rows_free(&rows, n);
			return false;
		}
	}
	rc_request_rows_free(&rows, n);
	const char *label = sent
		/* TRANSLATORS: the message line while the registry is asked where a request stands. */
		? N_("Asking the registry...")
		/* TRANSLATORS: the message line while a request is sent through the registry's online service. */
		: N_("Sending the request online...");
	if (!ui_busy_run(u, label, false, online_work, j, online_done)) {
		free(j);
		return false;
	}
	return true;
}
