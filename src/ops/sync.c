/* sync.c - the registry's access log into the case, page by page
 * (doc/registry-api.md, "The access log").  Each page streams from the
 * network thread through a socket pair into the importer (no temporary
 * file, no page held twice in memory), while the Bundle's envelope is
 * read beside it; the page is stored in one transaction, and only when
 * the transfer was whole, the envelope a searchset, every event about
 * the case's own record and the next link on the registry's origin.
 * Where the sync stands (the next link) is saved with each page, so a
 * sync cut short goes on from there; events are put by (source, id), so
 * a page read twice changes nothing.  Pages are committed in batches (a
 * commit every BATCH_MS or BATCH_PAGES, each a synchronous write to
 * disk; the first page alone): a page refused rolls back the pages of
 * its batch too, and they are asked for again from the last commit; a
 * sync stopped by the user commits what it received first. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ops-int.h"

#define PAGE_DEFAULT 1000u
#define PAGE_MAX 1000u
#define PAGE_BYTES_MAX ((uint64_t)64 << 20)
#define BATCH_MS 3000.0
#define BATCH_PAGES 64u

struct page {
	/* in */
	const char *url, *base;
	int64_t registry;
	const struct rc_net_opts *net;
	const struct rc_sync_opts *o;
	const char *refs;
	int fd_w;
	/* the network thread's */
	pthread_t th;
	bool joined;
	enum rc_status net_st;
	char net_msg[600];
	struct rc_net_result res;
	struct rc_bundle_env *env;
	/* the importer's reader thread's */
	bool foreign;
	int64_t newest_ts;
	uint64_t events;
	/* after */
	struct rc_bundle_info info;
	enum rc_status env_st;
	char env_msg[600];
};

static enum rc_status body(void *ud, const void *p, size_t n)
{
	struct page *pg = ud;
	enum rc_status st = rc_bundle_env_feed(pg->env, p, n);
	if (st != RC_OK)
		return st;
	const char *q = p;
	while (n) {
		ssize_t w = send(pg->fd_w, q, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return RC_IO; /* the importer stopped reading */
		q += w;
		n -= (size_t)w;
	}
	return RC_OK;
}

static bool net_wait(void *ud, long s)
{
	struct page *pg = ud;
	return !pg->o->wait || pg->o->wait(pg->o->ud, s);
}

static void *fetch(void *arg)
{
	struct page *pg = arg;
	pg->net_st = rc_net_get_retry_via(pg->o->get, pg->o->get_ud, pg->url, "application/fhir+json", pg->net, body,
	                                  pg, &pg->res, 3, 60, net_wait, pg);
	snprintf(pg->net_msg, sizeof pg->net_msg, "%s", rc_error_detail());
	if (pg->net_st == RC_OK) {
		pg->env_st = rc_bundle_env_finish(pg->env);
		snprintf(pg->env_msg, sizeof pg->env_msg, "%s", rc_error_detail());
	}
	close(pg->fd_w);
	pg->fd_w = -1;
	return NULL;
}

static void page_join(struct page *pg)
{
	if (!pg->joined) {
		pthread_join(pg->th, NULL);
		pg->joined = true;
	}
}

/* The page's verdict once everything is known: the first thing wrong. */
static enum rc_status page_verdict(struct page *pg)
{
	page_join(pg);
	/* first: the importer stopped at someone else's event, and the
	 * transfer then broke off because nobody read on */
	if (pg->foreign) {
		rc_error_set("%s", _("The registry sent an access to another person's record among this person's. "
		                     "recourse refused the whole page and stored nothing from it. Tell the registry: "
		                     "it has disclosed someone else's data."));
		return RC_BADREG;
	}
	if (pg->net_st != RC_OK) {
		rc_error_set("%s", pg->net_msg);
		return pg->net_st;
	}
	if (pg->env_st != RC_OK) {
		rc_error_set("%s", pg->env_msg);
		return pg->env_st;
	}
	rc_bundle_env_info(pg->env, &pg->info);
	if (pg->info.next && !rc_net_same_origin(pg->base, pg->info.next)) {
		char host[200];
		rc_net_host(pg->info.next, host, sizeof host);
		/* TRANSLATORS: %s is a host name. The sign-in would go with the link, so it is not followed. */
		rc_error_set(_("The registry's link to the next page leads to another address (%s). recourse does not "
		               "follow it, so the sign-in never leaves the registry; nothing of the page was stored."),
		             *host ? host : "?");
		return RC_BADREG;
	}
	return RC_OK;
}

static enum rc_status confirm(void *ud)
{
	return page_verdict(ud);
}

/* On the importer's reader thread: every event must be this person's. */
static enum rc_accept page_accept(void *ud, const struct rc_event *ev)
{
	struct page *pg = ud;
	if (ev->patient && !ops_record_is(pg->refs, ev->patient)) {
		pg->foreign = true;
		return RC_STOP;
	}
	int64_t t = ev->recorded_ts != RC_TS_UNKNOWN ? ev->recorded_ts : ev->occurred_ts;
	if (t != RC_TS_UNKNOWN && t > pg->newest_ts)
		pg->newest_ts = t;
	pg->events++;
	return RC_ACCEPT;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? rc_xstrdup(s) : NULL;
}

static char *first_url(const struct rc_registry *reg, const char *fhir_base, const char *ref, bool full,
	unsigned count)
{
	char *p = rc_net_escape(ref);
	char *d = !full && reg->since ? rc_net_escape(reg->since) : NULL;
	struct rc_buf b;
	rc_buf_init(&b);
	/* a reference (Patient/...) is the patient parameter; an identifier
	 * (system|value) its :identifier modifier (FHIR R4 search 3.1.1.4.9) */
	bool ident = strchr(ref, '|') && strncmp(ref, "Patient/", 8);
	rc_buf_printf(&b, "%s/AuditEvent?patient%s=%s&_sort=-date&_count=%u", fhir_base, ident ? ":identifier" : "",
	              p ? p : "", count);
	if (d)
		rc_buf_printf(&b, "&date=ge%s", d);
	free(p);
	free(d);
	return b.data;
}

/* One page: fetch on a thread, import here. */
static enum rc_status one_page(struct rc_case *c, const struct rc_flag_ctx *ctx, struct page *pg,
	const char *origin, struct rc_import_file_result *ir)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return rc_status_from_errno(errno);
	pg->fd_w = sv[1];
	pg->env = rc_bundle_env_new();
	if (!pg->env) {
		close(sv[0]);
		close(sv[1]);
		return RC_NOMEM;
	}
	pg->newest_ts = INT64_MIN;
	if (pthread_create(&pg->th, NULL, fetch, pg) != 0) {
		close(sv[0]);
		close(sv[1]);
		rc_bundle_env_free(&pg->env);
		return RC_NOMEM;
	}
	struct rc_import_file_opts io = {
		.format = RC_IMPORT_FHIR,
		.origin = origin,
		.ctx = ctx,
		.skip_invalid = true,
		.accept = page_accept,
		.accept_ud = pg,
		.confirm = confirm,
		.confirm_ud = pg,
		.kind = "sync",
		.registry = pg->registry,
		.url = pg->url,
	};
	enum rc_status st = rc_case_import_fd(c, sv[0], &io, ir);
	close(sv[0]); /* a network thread still sending gets an error and stops */
	enum rc_status v = page_verdict(pg);
	if (v != RC_OK)
		st = v; /* the reason the page was refused, not how the importer saw it */
	return st;
}

static void page_free(struct page *pg)
{
	page_join(pg);
	rc_bundle_env_free(&pg->env);
}

static enum rc_status attempt_end(struct rc_case *c, struct rc_registry *reg, enum rc_status st)
{
	char msg[600];
	snprintf(msg, sizeof msg, "%s", rc_error_detail());
	set_str(&reg->last_result, st == RC_NONET ? "unreachable" : st == RC_CANCELLED ? "cancelled" : "refused");
	set_str(&reg->last_note, *msg ? msg : rc_status_message(st));
	enum rc_status s2 = rc_registry_save_sync(c, reg, true);
	rc_error_set("%s", msg);
	return s2 == RC_OK ? st : s2;
}

enum rc_status rc_op_sync(struct rc_case *c, const char *name, const struct rc_sync_opts *o,
	struct rc_sync_result *r)
{
	static const struct rc_sync_opts none;
	if (!o)
		o = &none;
	memset(r, 0, sizeof *r);
	rc_error_clear();
	struct rc_registry reg;
	enum rc_status st = rc_op_registry_get(c, name, &reg);
	if (st != RC_OK)
		return st;
	struct rc_case_meta m;
	st = rc_case_meta_get(c, &m);
	if (st != RC_OK) {
		rc_registry_clear(&reg);
		return st;
	}
	if (!m.record_ref || !*m.record_ref) {
		rc_case_meta_clear(&m);
		rc_registry_clear(&reg);
		/* TRANSLATORS: keep the command as it is. */
		rc_error_set("%s", _("The case does not say which record is this person's, so the registry cannot be "
		                     "asked for its log. Give the record's reference first: recourse case set CASE record REF"));
		return RC_USAGE;
	}
	/* the first reference is the one asked for; any of them is this person's */
	char *refs = rc_xstrdup(m.record_ref);
	char *ask = rc_xstrdup(m.record_ref);
	ask[strcspn(ask, ",;")] = 0;
	rc_case_meta_clear(&m);
	struct rc_flag_ctx ctx;
	st = rc_op_flag_ctx(c, &ctx);
	if (st != RC_OK) {
		free(refs);
		free(ask);
		rc_registry_clear(&reg);
		return st;
	}
	struct rc_net_opts net;
	rc_op_net_opts(&reg, &net);
	net.max_body = PAGE_BYTES_MAX;
	char now[32];
	rc_time_iso(rc_now(), now, sizeof now);
	set_str(&reg.last_attempt, now);
	char origin[120];
	snprintf(origin, sizeof origin, "registry %s", reg.name);
	unsigned count = o->page_size ? (o->page_size > PAGE_MAX ? PAGE_MAX : o->page_size) : PAGE_DEFAULT;

	char *url = NULL;
	if (!o->full && reg.next_url && rc_net_same_origin(reg.base_url, reg.next_url)) {
		url = rc_xstrdup(reg.next_url);
		r->resumed = true;
	} else {
		struct rc_discovery d;
		struct rc_net_result res;
		st = rc_discovery_fetch_via(o->get, o->get_ud, reg.base_url, &net, &d, &res);
		if (res.http_status == 401)
			r->signin = true;
		if (st == RC_OK) {
			set_str(&reg.fhir_base, d.fhir_base);
			set_str(&reg.sync_high, NULL);
			url = first_url(&reg, d.fhir_base, ask, o->full, count);
			if (!o->full && reg.since)
				snprintf(r->asked_since, sizeof r->asked_since, "%s", reg.since);
		}
		rc_discovery_clear(&d);
	}
	bool withheld = false;
	int64_t total = -1;
	/* the batch: its transaction, what it holds, and where the sync stood
	 * at the last commit (what a rolled back batch goes back to) */
	bool in_batch = false, reached = false;
	double batch_t0 = 0;
	struct rc_sync_result pend;
	memset(&pend, 0, sizeof pend);
	char *kept_next = reg.next_url ? rc_xstrdup(reg.next_url) : NULL;
	char *kept_high = reg.sync_high ? rc_xstrdup(reg.sync_high) : NULL;
	while (st == RC_OK && url) {
		if (!in_batch) {
			st = rc_case_begin(c);
			if (st != RC_OK)
				break;
			in_batch = true;
			batch_t0 = rc_mono_ms();
			memset(&pend, 0, sizeof pend);
		}
		struct page pg = { .url = url, .base = reg.base_url, .net = &net, .o = o, .refs = refs, .fd_w = -1,
		                   .registry = reg.id };
		struct rc_import_file_result ir;
		st = one_page(c, &ctx, &pg, origin, &ir);
		if (pg.res.http_status == 401)
			r->signin = true;
		if (st == RC_OK) {
			reached = true;
			pend.pages++;
			pend.received += pg.events;
			pend.added += ir.counts.added;
			pend.updated += ir.counts.updated;
			pend.unchanged += ir.counts.unchanged;
			pend.invalid += ir.invalid;
			pend.flagged += ir.flagged;
			if (pg.info.total >= 0 && total < 0)
				total = pg.info.total;
			if (pg.info.suppressed) {
				withheld = true;
				if (!r->withheld[0] && pg.info.withheld)
					snprintf(r->withheld, sizeof r->withheld, "%s", pg.info.withheld);
			}
			if (pg.newest_ts != INT64_MIN) {
				char iso[32];
				rc_time_iso((time_t)pg.newest_ts, iso, sizeof iso);
				if (!reg.sync_high || strcmp(iso, reg.sync_high) > 0)
					set_str(&reg.sync_high, iso);
			}
			set_str(&reg.next_url, pg.info.next);
			st = rc_registry_save_sync(c, &reg, false);
			free(url);
			url = pg.info.next ? rc_xstrdup(pg.info.next) : NULL;
			struct rc_sync_progress p = { r->pages + pend.pages, r->received + pend.received, total, r->resumed };
			bool stop = st == RC_OK && o->progress && !o->progress(o->ud, &p);
			/* the first page alone, so that something is saved at once */
			if (st == RC_OK && (stop || !url || r->pages == 0 || pend.pages >= BATCH_PAGES
			                    || rc_mono_ms() - batch_t0 >= BATCH_MS)) {
				in_batch = false;
				st = rc_case_commit(c);
				if (st == RC_OK) {
					r->pages += pend.pages;
					r->received += pend.received;
					r->added += pend.added;
					r->updated += pend.updated;
					r->unchanged += pend.unchanged;
					r->invalid += pend.invalid;
					r->flagged += pend.flagged;
					set_str(&kept_next, reg.next_url);
					set_str(&kept_high, reg.sync_high);
				}
			}
			if (st == RC_OK && stop) {
				rc_error_set("%s", _("The sync was stopped. What was received is kept; the next sync goes on "
				                     "from there."));
				st = RC_CANCELLED;
			}
		}
		page_free(&pg);
	}
	free(url);
	if (in_batch) {
		/* a page refused (its import rolled the batch back already) or
		 * a failure between: the batch's pages are asked for again */
		rc_case_rollback(c);
		set_str(&reg.next_url, kept_next);
		set_str(&reg.sync_high, kept_high);
	}
	free(kept_next);
	free(kept_high);
	if (st == RC_OK) {
		if (reg.sync_high)
			set_str(&reg.since, reg.sync_high);
		set_str(&reg.sync_high, NULL);
		set_str(&reg.next_url, NULL);
		set_str(&reg.last_reached, now);
		r->outcome = withheld ? RC_SYNC_WITHHELD : r->received == 0 ? RC_SYNC_NONE : RC_SYNC_COMPLETE;
		set_str(&reg.last_result, withheld ? "withheld" : r->received == 0 ? "none" : "complete");
		set_str(&reg.last_note, withheld ? r->withheld : NULL);
		reg.last_events = (int64_t)r->received;
		st = rc_registry_save_sync(c, &reg, true);
	} else {
		if (reached)
			set_str(&reg.last_reached, now);
		st = attempt_end(c, &reg, st);
	}
	rc_flag_ctx_clear(&ctx);
	free(refs);
	free(ask);
	rc_registry_clear(&reg);
	return st;
}
