/* letters.c - the printable letter of a request, from what the case
 * knows: the request, the person's name and record reference, the
 * accesses it relies on, the regime's rule in force on the day it was
 * (or will be) received, and its deadline.  Written only to the caller's
 * file descriptor: never a temp file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter.h"
#include "ops-int.h"

enum rc_status rc_op_request_letter(struct rc_case *c, int64_t id, const struct rc_letter_opts *o, int fd)
{
	rc_error_clear();
	struct rc_request_row r;
	enum rc_status st = rc_case_request_get(c, id, &r);
	if (st != RC_OK)
		return st;
	struct rc_case_meta meta;
	memset(&meta, 0, sizeof meta);
	struct rc_event *evs = NULL;
	struct rc_letter_access *acc = NULL;
	int64_t *evids = NULL, *docids = NULL;
	size_t nev = 0, ndoc = 0, nacc = 0;
	struct rc_mandate_row *mand = NULL;
	size_t nmand = 0;
	char *text = NULL;
	enum rc_request_kind kind;
	struct rc_ymd today = rc_op_today(), day = today;
	char todays[RC_YMD_LEN], due[RC_YMD_LEN] = "";
	rc_ymd_format(today, todays);
	const struct rc_regimes *cat = NULL;
	const struct rc_request_rule *rule = NULL;

	if (!r.kind || !rc_request_kind_parse(r.kind, &kind)) {
		rc_error_set("%s", _("The request's kind is not known to this version of recourse."));
		st = RC_INVALID;
	}
	if (st == RC_OK && (!r.regime || !*r.regime)) {
		rc_error_set("%s", _("The request names no legal regime, so no letter can cite its law. "
		                     "Record the request again with --regime."));
		st = RC_INVALID;
	}
	if (st == RC_OK)
		st = rc_op_catalogue(&cat);
	if (st == RC_OK) {
		const char *recv = r.received ? r.received : r.filed;
		if (recv && strlen(recv) >= 10) {
			char b[11];
			memcpy(b, recv, 10);
			b[10] = 0;
			rc_ymd_parse(b, &day);
		}
		rule = rc_regimes_request_at(cat, r.regime, kind, day);
		if (!rule || !rule->available) {
			char d[RC_YMD_LEN];
			rc_ymd_format(day, d);
			/* TRANSLATORS: %1$s is a regime id (gdpr), %2$s a kind of request, %3$s a date. */
			rc_error_set(_("The regime %1$s gives no right to a %2$s request on %3$s, so no letter can cite it."),
				r.regime, rc_request_kind_label(kind), d);
			st = RC_INVALID;
		}
	}
	if (st == RC_OK)
		st = rc_case_meta_get(c, &meta);
	if (st == RC_OK)
		st = rc_case_request_links(c, id, &evids, &nev, &docids, &ndoc);
	if (st == RC_OK && nev) {
		evs = rc_xcalloc(nev, sizeof *evs);
		acc = rc_xcalloc(nev, sizeof *acc);
		for (size_t i = 0; i < nev && st == RC_OK; i++) {
			st = rc_events_get(c, evids[i], &evs[nacc]);
			if (st == RC_NOTFOUND) { /* withdrawn since: not named */
				st = RC_OK;
				continue;
			}
			if (st != RC_OK)
				break;
			struct rc_event *e = &evs[nacc];
			acc[nacc].when = e->occurred;
			acc[nacc].authority = e->organization ? e->organization : e->authority;
			acc[nacc].role = e->role;
			acc[nacc].country = e->authority_country;
			acc[nacc].purpose = e->purpose;
			nacc++;
		}
	}
	if (st == RC_OK && r.mandate > 0)
		st = rc_case_mandates(c, &mand, &nmand);
	if (st == RC_OK) {
		struct rc_request_due d;
		if (rc_op_request_due(c, &r, today, &d) == RC_OK
			&& (d.state == RC_DUE_PENDING || d.state == RC_DUE_OVERDUE))
			rc_ymd_format(d.deadline.due, due);
		/* the language the authority reads: asked for, else the
		 * language of the country whose calendar it keeps, when there
		 * is a template in it (else the letter layer's choice) */
		const char *alang = o ? o->authority_lang : NULL;
		static const struct { const char *cal, *lang; } langs[] = {
			{ "de", "de" }, { "at", "de" }, { "fr", "fr" }, { "es", "es" }, { "ua", "uk" },
			{ "uk-", "en" }, { "us-", "en" }, { "ie", "en" }, { "mt", "en" },
		};
		for (size_t i = 0; !alang && r.controller && i < sizeof langs / sizeof langs[0]; i++)
			if (!strncmp(r.controller, langs[i].cal, strlen(langs[i].cal))
				&& (r.controller[strlen(langs[i].cal)] == 0 || r.controller[strlen(langs[i].cal)] == '-'
				    || langs[i].cal[strlen(langs[i].cal) - 1] == '-')
				&& rc_letter_has_language(rc_op_data_dir(), langs[i].lang))
				alang = langs[i].lang;
		struct rc_letter l = {
			.data_dir = rc_op_data_dir(), .kind = kind, .regime = r.regime, .rule = rule,
			/* an address line to fill in by hand rather than the
			 * regime file's description of who must answer */
			.addressee = r.addressee ? r.addressee : "______________________________\n______________________________",
			.applicant_name = meta.display_name,
			.record_refs = meta.record_ref, .about = r.about, .correct_value = r.correct_value,
			.date = o && o->date ? o->date : todays, .due = *due ? due : NULL,
			.accesses = acc, .n_accesses = nacc,
			.authority_lang = alang,
			.applicant_lang = o && o->lang ? o->lang : meta.language,
		};
		/* the system as the authority knows it: the name of the
		 * regime's system (English, like the regime files; a request
		 * names no system, so the first); a regime without systems (a
		 * general law) leaves it to the letter's words for "your
		 * records", never the law's title */
		for (size_t i = 0; i < rc_regimes_count(cat); i++)
			if (!strcmp(rc_regimes_id(cat, i), r.regime))
				l.system_name = rc_regimes_system_name(cat, i);
		for (size_t i = 0; i < nmand; i++)
			if (mand[i].id == r.mandate) {
				l.mandate = true;
				l.representative = mand[i].holder;
			}
		/* a complaint about an earlier request: what it asked, when,
		 * and the deadline it missed (with its rule) or the refusal */
		struct rc_request_row er;
		memset(&er, 0, sizeof er);
		struct rc_letter_earlier ear;
		memset(&ear, 0, sizeof ear);
		char edue[RC_YMD_LEN] = "", esent[RC_YMD_LEN] = "", erecv[RC_YMD_LEN] = "", eans[RC_YMD_LEN] = "";
		char erule[sizeof ((struct rc_request_due *)0)->cite_buf] = "";
		if (r.follows > 0 && r.relation && !strcmp(r.relation, "escalates")
			&& rc_case_request_get(c, r.follows, &er) == RC_OK && er.kind
			&& rc_request_kind_parse(er.kind, &ear.kind)) {
			snprintf(esent, sizeof esent, "%.10s", er.filed ? er.filed : "");
			snprintf(erecv, sizeof erecv, "%.10s", er.received ? er.received : "");
			snprintf(eans, sizeof eans, "%.10s", er.answered ? er.answered : "");
			ear.sent = *esent ? esent : NULL;
			ear.received = *erecv ? erecv : NULL;
			char echk[RC_YMD_LEN] = "";
			snprintf(echk, sizeof echk, "%.10s", er.check_day ? er.check_day : "");
			if (er.check_result && *echk && *eans
				&& (!strcmp(er.check_result, "not-done") || !strcmp(er.check_result, "still-held"))) {
				ear.granted = eans;
				ear.not_done = rc_xstrdup(echk);
			} else if (er.answered && er.answer && !strcmp(er.answer, "refused"))
				ear.refused = eans;
			else if (er.answered && er.answer && !strcmp(er.answer, "partly"))
				ear.partly = eans;
			else if (!er.answered) {
				/* the deadline on the day of the letter, by the rule
				 * in force on the day it was received */
				struct rc_request_due ed;
				struct rc_ymd ld = today;
				if (o && o->date)
					rc_ymd_parse(o->date, &ld);
				if (rc_op_request_due(c, &er, ld, &ed) == RC_OK && ed.state == RC_DUE_OVERDUE) {
					rc_ymd_format(ed.deadline.due, edue);
					ear.due = edue;
					snprintf(erule, sizeof erule, "%s", ed.cite ? ed.cite : "");
					ear.due_rule = *erule ? erule : NULL;
				}
			}
			l.earlier = &ear;
		}
		/* a reminder: the request itself is the earlier one, and its
		 * answer must be overdue on the letter's day */
		char rsent[RC_YMD_LEN] = "", rrecv[RC_YMD_LEN] = "", rdue[RC_YMD_LEN] = "";
		char rrule[sizeof ((struct rc_request_due *)0)->cite_buf] = "";
		struct rc_letter_earlier rem;
		memset(&rem, 0, sizeof rem);
		if (o && o->reminder) {
			struct rc_request_due rd;
			struct rc_ymd ld = today;
			if (o->date)
				rc_ymd_parse(o->date, &ld);
			enum rc_status ds = rc_op_request_due(c, &r, ld, &rd);
			if (r.answered || ds != RC_OK || rd.state != RC_DUE_OVERDUE) {
				if (r.answered)
					/* TRANSLATORS: error detail: a reminder asked for a request already answered. */
					rc_error_set("%s", _("The authority has answered this request: there is nothing to remind it of."));
				else if (ds == RC_OK && rd.state == RC_DUE_PENDING) {
					char dd[RC_YMD_LEN];
					rc_ymd_format(rd.deadline.due, dd);
					/* TRANSLATORS: error detail; %s is the day the answer is due. */
					rc_error_set(_("The answer is not due yet (it is due on %s): a reminder has no ground before then."), dd);
				} else
					/* TRANSLATORS: error detail: a reminder asked for a request that is not overdue (a draft, a stopped clock, no date known). */
					rc_error_set("%s", _("This request is not overdue, so there is nothing to remind the authority of."));
				st = RC_INVALID;
			} else {
				rem.kind = kind;
				snprintf(rsent, sizeof rsent, "%.10s", r.filed ? r.filed : "");
				snprintf(rrecv, sizeof rrecv, "%.10s", r.received ? r.received : "");
				rc_ymd_format(rd.deadline.due, rdue);
				snprintf(rrule, sizeof rrule, "%s", rd.cite ? rd.cite : "");
				rem.sent = *rsent ? rsent : NULL;
				rem.received = *rrecv ? rrecv : NULL;
				rem.due = rdue;
				rem.due_rule = *rrule ? rrule : NULL;
				l.earlier = &rem;
				l.reminder = true;
				l.due = NULL;
			}
		}
		if (st != RC_OK) {
			/* refused above */
		} else if (o && o->pdf) {
			st = rc_letter_pdf(&l, fd);
		} else {
			st = rc_letter_text(&l, &text);
			if (st == RC_OK)
				st = rc_fd_write_all(fd, text, strlen(text));
		}
		rc_request_row_clear(&er);
		free((char *)ear.not_done);
	}
	if (text) {
		explicit_bzero(text, strlen(text)); /* the person's name and what they ask */
		free(text);
	}
	for (size_t i = 0; i < nacc; i++)
		rc_event_clear(&evs[i]);
	free(evs);
	free(acc);
	free(evids);
	free(docids);
	if (mand)
		rc_mandates_free(&mand, nmand);
	rc_case_meta_clear(&meta);
	rc_request_row_clear(&r);
	return st;
}

bool rc_op_letter_has_language(const char *lang)
{
	return rc_letter_has_language(rc_op_data_dir(), lang);
}
