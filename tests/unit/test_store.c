/* test_store.c - the case file: create, unlock, lock, slots, rekey,
 * journal, events (upsert, flags index, keyset pages). */
#include "config.h"

#include <sys/stat.h>

#include "testutil.h"
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>

#include "store-int.h" /* bulk mode, the plain opener */

static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = tu_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmdir(dir);
	return 0;
}

static struct rc_case *make_case(const char *name, const char *pass)
{
	char *p = rc_path_join(dir, name);
	struct rc_secret *s = tu_secret(pass);
	struct rc_kdf k = tu_kdf();
	struct rc_case_meta m = { 0 };
	m.countries = (char *)"ER";
	struct rc_case *c = NULL;
	assert_int_equal(rc_case_create(p, "applicant", s, &k, &m, &c), RC_OK);
	rc_secret_free(&s);
	free(p);
	return c;
}

static enum rc_status open_case(const char *name, const char *pass, struct rc_case **c)
{
	char *p = rc_path_join(dir, name);
	struct rc_secret *s = tu_secret(pass);
	enum rc_status st = rc_case_open(p, s, c);
	rc_secret_free(&s);
	free(p);
	return st;
}

static void test_create_open(void **state)
{
	(void)state;
	struct rc_case *c = make_case("a.case", "first passphrase");
	struct stat sb;
	assert_int_equal(stat(rc_case_path(c), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	char *db = rc_path_join(rc_case_path(c), "case.db");
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	free(db);
	/* a second open while the first holds it: LOCKED */
	struct rc_case *c2 = NULL;
	assert_int_equal(open_case("a.case", "first passphrase", &c2), RC_LOCKED);
	assert_null(c2);
	rc_case_close(&c);
	assert_int_equal(open_case("a.case", "wrong passphrase", &c2), RC_BADPASS);
	assert_int_equal(open_case("a.case", "first passphrase", &c2), RC_OK);
	struct rc_case_meta m;
	assert_int_equal(rc_case_meta_get(c2, &m), RC_OK);
	assert_string_equal(m.label, "a");
	assert_string_equal(m.countries, "ER");
	rc_case_meta_clear(&m);
	assert_string_equal(rc_case_slot_label(c2), "applicant");
	rc_case_close(&c2);
	assert_int_equal(open_case("missing.case", "x", &c2), RC_NOCASE);
	/* creating over an existing case refuses */
	char *p = rc_path_join(dir, "a.case");
	struct rc_secret *s = tu_secret("another one");
	struct rc_kdf k = tu_kdf();
	assert_int_equal(rc_case_create(p, "applicant", s, &k, NULL, &c2), RC_EXISTS);
	rc_secret_free(&s);
	free(p);
}

static void test_slots_and_rekey(void **state)
{
	(void)state;
	struct rc_case *c = make_case("b.case", "applicant pass");
	struct rc_kdf k = tu_kdf();
	struct rc_secret *s = tu_secret("counsel pass 1");
	assert_int_equal(rc_case_slot_add(c, "counsel:Lopez", s, &k), RC_OK);
	assert_int_equal(rc_case_slot_add(c, "counsel:Lopez", s, &k), RC_USAGE);
	rc_secret_free(&s);
	assert_int_equal(rc_case_slot_remove(c, "nobody"), RC_NOTFOUND);
	rc_case_close(&c);
	/* both passphrases open it */
	assert_int_equal(open_case("b.case", "counsel pass 1", &c), RC_OK);
	assert_string_equal(rc_case_slot_label(c), "counsel:Lopez");
	assert_int_equal(rc_case_slot_remove(c, "applicant"), RC_OK);
	assert_int_equal(rc_case_slot_remove(c, "counsel:Lopez"), RC_LASTSLOT);
	assert_int_equal(rc_case_rekey(c, NULL, NULL), RC_OK);
	rc_case_close(&c);
	assert_int_equal(open_case("b.case", "applicant pass", &c), RC_BADPASS);
	assert_int_equal(open_case("b.case", "counsel pass 1", &c), RC_OK);
	struct rc_verify_report rep;
	assert_int_equal(rc_case_verify(c, &rep), RC_OK);
	assert_int_equal(rep.first_bad_seq, 0);
	assert_true(rep.integrity_ok);
	assert_true(rep.entries >= 6);
	/* change the passphrase */
	s = tu_secret("counsel pass 2");
	assert_int_equal(rc_case_slot_passwd(c, NULL, s, &k), RC_OK);
	rc_secret_free(&s);
	rc_case_close(&c);
	assert_int_equal(open_case("b.case", "counsel pass 1", &c), RC_BADPASS);
	assert_int_equal(open_case("b.case", "counsel pass 2", &c), RC_OK);
	rc_case_close(&c);
}

struct jcount {
	int n;
	bool saw_unlock, saw_rekey;
};

static bool count_entry(void *ud, const struct rc_journal_entry *e)
{
	struct jcount *j = ud;
	j->n++;
	if (!strcmp(e->action, "unlock"))
		j->saw_unlock = true;
	if (!strcmp(e->action, "rekey"))
		j->saw_rekey = true;
	assert_int_equal(strlen(e->hash), 64);
	return true;
}

static void test_journal(void **state)
{
	(void)state;
	struct rc_case *c = make_case("j.case", "journal pass");
	assert_int_equal(rc_journal_append(c, "test-action", "object"), RC_OK);
	assert_int_equal(rc_case_rekey(c, NULL, NULL), RC_OK);
	struct jcount j = { 0 };
	assert_int_equal(rc_journal_each(c, count_entry, &j), RC_OK);
	assert_true(j.n >= 3);
	assert_true(j.saw_rekey);
	rc_case_close(&c);
	assert_int_equal(open_case("j.case", "journal pass", &c), RC_OK);
	memset(&j, 0, sizeof j);
	rc_journal_each(c, count_entry, &j);
	assert_true(j.saw_unlock);
	rc_case_close(&c);
}

static struct rc_event mkevent(const char *id, const char *auth, const char *country, int64_t ts)
{
	struct rc_event e;
	rc_event_init(&e);
	e.source = rc_xstrdup("test-system");
	e.ext_id = rc_xstrdup(id);
	char iso[32];
	rc_time_iso((time_t)ts, iso, sizeof iso);
	e.occurred = rc_xstrdup(iso);
	e.occurred_ts = ts;
	e.authority = rc_xstrdup(auth);
	e.authority_country = rc_xstrdup(country);
	e.agent = rc_xstrdup(id); /* a different agent each: no bursts */
	e.purpose = rc_xstrdup("border check");
	e.legal_basis = rc_xstrdup("Art. 1");
	e.raw = rc_xstrdup(id);
	e.raw_len = strlen(id);
	return e;
}

static void test_events(void **state)
{
	(void)state;
	struct rc_case *c = make_case("e.case", "events pass");
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.feared = rc_xcalloc(1, sizeof *ctx.feared);
	memcpy(ctx.feared[0], "ER", 3);
	ctx.n_feared = 1;
	struct rc_event_tx *tx;
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	/* 120 events: authorities A (DE), B (ER, flagged), C (FR) */
	for (int i = 0; i < 120; i++) {
		char id[16];
		snprintf(id, sizeof id, "ev-%03d", i);
		const char *auth = i % 3 == 0 ? "Authority A" : i % 3 == 1 ? "Authority B" : "Authority C";
		const char *cc = i % 3 == 1 ? "ER" : i % 3 == 0 ? "DE" : "FR";
		struct rc_event e = mkevent(id, auth, cc, 1700000000 + i * 60);
		assert_int_equal(rc_events_put(tx, &e), RC_OK);
		rc_event_clear(&e);
	}
	assert_int_equal(rc_events_counts(tx)->added, 120);
	assert_int_equal(rc_events_commit(&tx, "test"), RC_OK);

	/* re-import: nothing new; one changed record is updated */
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	for (int i = 0; i < 10; i++) {
		char id[16];
		snprintf(id, sizeof id, "ev-%03d", i);
		struct rc_event e = mkevent(id, i % 3 == 0 ? "Authority A" : i % 3 == 1 ? "Authority B" : "Authority C",
		                            i % 3 == 1 ? "ER" : i % 3 == 0 ? "DE" : "FR", 1700000000 + i * 60);
		if (i == 4) {
			free(e.raw);
			e.raw = rc_xstrdup("changed");
			e.raw_len = 7;
		}
		assert_int_equal(rc_events_put(tx, &e), RC_OK);
		rc_event_clear(&e);
	}
	assert_int_equal(rc_events_counts(tx)->added, 0);
	assert_int_equal(rc_events_counts(tx)->updated, 1);
	assert_int_equal(rc_events_counts(tx)->unchanged, 9);
	assert_int_equal(rc_events_commit(&tx, "again"), RC_OK);

	struct rc_event_filter f;
	rc_event_filter_init(&f);
	uint64_t n;
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 120);
	f.flag = RC_FLAG_FLED_COUNTRY;
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 40);

	/* keyset pages over the flag index: 40 in pages of 15, newest first */
	struct rc_event page[15];
	struct rc_event_cursor cur = { 0 };
	size_t got, total = 0;
	int64_t last_ts = INT64_MAX;
	do {
		assert_int_equal(rc_events_page(c, &f, &cur, 15, page, &got), RC_OK);
		for (size_t i = 0; i < got; i++) {
			assert_string_equal(page[i].authority, "Authority B");
			assert_true(page[i].flags & RC_FLAG_FLED_COUNTRY);
			assert_true(page[i].occurred_ts < last_ts);
			last_ts = page[i].occurred_ts;
			rc_event_clear(&page[i]);
		}
		total += got;
	} while (got == 15);
	assert_int_equal(total, 40);

	/* authority filter by substring: two authorities merged in order */
	rc_event_filter_init(&f);
	f.authority = "authority ";
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 120);
	f.authority = "ity c";
	memset(&cur, 0, sizeof cur);
	assert_int_equal(rc_events_page(c, &f, &cur, 15, page, &got), RC_OK);
	assert_int_equal(got, 15);
	for (size_t i = 0; i < got; i++) {
		assert_string_equal(page[i].authority, "Authority C");
		rc_event_clear(&page[i]);
	}
	/* page back from the second page returns the first */
	struct rc_event_cursor first = cur;
	rc_event_filter_init(&f);
	memset(&cur, 0, sizeof cur);
	assert_int_equal(rc_events_page(c, &f, &cur, 15, page, &got), RC_OK);
	int64_t top = page[0].id;
	for (size_t i = 0; i < got; i++)
		rc_event_clear(&page[i]);
	first = cur;
	assert_int_equal(rc_events_page(c, &f, &cur, 15, page, &got), RC_OK);
	first.ts = page[0].occurred_ts;
	first.id = page[0].id;
	for (size_t i = 0; i < got; i++)
		rc_event_clear(&page[i]);
	assert_int_equal(rc_events_page_before(c, &f, &first, 15, page, &got), RC_OK);
	assert_int_equal(got, 15);
	assert_int_equal(page[0].id, top);
	for (size_t i = 0; i < got; i++)
		rc_event_clear(&page[i]);

	/* one event with its original bytes */
	struct rc_event e;
	assert_int_equal(rc_events_get(c, top, &e), RC_OK);
	assert_non_null(e.raw);
	rc_event_clear(&e);
	assert_int_equal(rc_events_get(c, 999999, &e), RC_NOTFOUND);

	/* new since mark */
	uint64_t nn, nf;
	assert_int_equal(rc_events_new_since_mark(c, "t", true, &nn, &nf), RC_OK);
	assert_int_equal(nn, 120);
	assert_int_equal(nf, 40);
	assert_int_equal(rc_events_new_since_mark(c, "t", true, &nn, &nf), RC_OK);
	assert_int_equal(nn, 0);

	/* reflag after the feared countries change */
	memcpy(ctx.feared[0], "FR", 3);
	assert_int_equal(rc_events_reflag(c, &ctx, NULL, NULL), RC_OK);
	f.flag = RC_FLAG_FLED_COUNTRY;
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 40);
	struct rc_event_cursor c0 = { 0 };
	assert_int_equal(rc_events_page(c, &f, &c0, 1, page, &got), RC_OK);
	assert_string_equal(page[0].authority, "Authority C");
	rc_event_clear(&page[0]);
	rc_flag_ctx_clear(&ctx);
	rc_case_close(&c);
}

/* Bulk mode switched on half-way and left early: the flag index and the
 * rebuilt indexes must give the same answers as the ordinary path. */
/* All the events of a filter, newest first, paged by 4 (ids into out). */
static size_t page_all(struct rc_case *c, const struct rc_event_filter *f, int64_t *ids, size_t max)
{
	struct rc_event page[4];
	struct rc_event_cursor cur = { 0 };
	size_t got, n = 0;
	int64_t last_ts = INT64_MAX, last_id = INT64_MAX;
	do {
		assert_int_equal(rc_events_page(c, f, &cur, 4, page, &got), RC_OK);
		for (size_t i = 0; i < got; i++) {
			/* in order, and no event twice */
			assert_true(page[i].occurred_ts < last_ts ||
			            (page[i].occurred_ts == last_ts && page[i].id < last_id));
			last_ts = page[i].occurred_ts;
			last_id = page[i].id;
			if (n < max)
				ids[n] = page[i].id;
			n++;
			rc_event_clear(&page[i]);
		}
	} while (got == 4);
	return n;
}

/* The text search (rc_event_filter.text) and the visit mark kept for the
 * visit under way (rc_events_visit_before). */
static void test_search_and_visit(void **state)
{
	(void)state;
	struct rc_case *c = make_case("s.case", "search pass");
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	struct rc_event_tx *tx;
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	/* 30 events: 0,3,6..: Bundesamt für Migration (DE), role "Sachbearbeiter";
	 * 1,4,..: Пограничная служба (UA), purpose "border check";
	 * 2,5,..: Police (FR), system "SIS", every tenth with role "analyst" */
	for (int i = 0; i < 30; i++) {
		char id[16];
		snprintf(id, sizeof id, "s-%02d", i);
		const char *auth = i % 3 == 0 ? "Bundesamt für Migration" : i % 3 == 1 ? "Пограничная служба" : "Police";
		const char *cc = i % 3 == 0 ? "DE" : i % 3 == 1 ? "UA" : "FR";
		struct rc_event e = mkevent(id, auth, cc, 1700000000 + i * 60);
		free(e.purpose);
		e.purpose = rc_xstrdup(i % 3 == 1 ? "border check" : "asylum");
		if (i % 3 == 0)
			e.role = rc_xstrdup("Sachbearbeiter");
		if (i % 3 == 2) {
			e.system = rc_xstrdup("SIS");
			if (i % 10 == 2)
				e.role = rc_xstrdup("analyst");
		}
		if (i == 7)
			e.organization = rc_xstrdup("Office of Ærø");
		assert_int_equal(rc_events_put(tx, &e), RC_OK);
		rc_event_clear(&e);
	}
	assert_int_equal(rc_events_commit(&tx, "test"), RC_OK);

	struct rc_event_filter f;
	rc_event_filter_init(&f);
	int64_t ids[64];
	uint64_t n;
	/* case and accents ignored in Latin script */
	f.text = "FUR MIGR";
	assert_int_equal(page_all(c, &f, ids, 64), 10);
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 10);
	/* Cyrillic, in another case */
	f.text = "ПОГРАНИЧ";
	assert_int_equal(page_all(c, &f, ids, 64), 10);
	/* role, purpose, system, organisation */
	f.text = "sachbear";
	assert_int_equal(page_all(c, &f, ids, 64), 10);
	f.text = "Border";
	assert_int_equal(page_all(c, &f, ids, 64), 10);
	f.text = "analyst";
	assert_int_equal(page_all(c, &f, ids, 64), 1); /* only 2 (12, 22 are not Police) */
	f.text = "aero";
	assert_int_equal(page_all(c, &f, ids, 64), 1);
	/* a country the caller found by name; two runs, each event once */
	f.text = "police";
	f.text_countries = "FR,DE";
	assert_int_equal(page_all(c, &f, ids, 64), 20);
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 20);
	f.text_countries = "FR"; /* the same events by both runs: once each */
	assert_int_equal(page_all(c, &f, ids, 64), 10);
	/* nothing matches: nothing, at once */
	f.text = "nowhere at all";
	f.text_countries = NULL;
	assert_int_equal(page_all(c, &f, ids, 64), 0);
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 0);
	/* with another filter: both apply */
	f.text = "sis";
	f.country = "FR";
	assert_int_equal(page_all(c, &f, ids, 64), 10);
	f.country = "DE";
	assert_int_equal(page_all(c, &f, ids, 64), 0);
	f.country = NULL;
	f.authority = "police";
	f.text = "analyst";
	assert_int_equal(page_all(c, &f, ids, 64), 1);
	f.authority = "bundesamt";
	assert_int_equal(page_all(c, &f, ids, 64), 0);
	/* page back from the second page of a search returns the first */
	rc_event_filter_init(&f);
	f.text = "border";
	struct rc_event p1[4], p2[4], back[4];
	struct rc_event_cursor cur = { 0 };
	size_t g1, g2, gb;
	assert_int_equal(rc_events_page(c, &f, &cur, 4, p1, &g1), RC_OK);
	struct rc_event_cursor first = rc_event_cursor_of(&p1[g1 - 1]);
	assert_int_equal(rc_events_page(c, &f, &cur, 4, p2, &g2), RC_OK);
	first = rc_event_cursor_of(&p2[0]);
	assert_int_equal(rc_events_page_before(c, &f, &first, 4, back, &gb), RC_OK);
	assert_int_equal(gb, g1);
	for (size_t i = 0; i < gb; i++)
		assert_int_equal(back[i].id, p1[i].id);
	for (size_t i = 0; i < 4; i++) {
		if (i < g1)
			rc_event_clear(&p1[i]);
		if (i < g2)
			rc_event_clear(&p2[i]);
		if (i < gb)
			rc_event_clear(&back[i]);
	}
	/* the cache follows a change: a new event is found */
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	struct rc_event e = mkevent("s-new", "Zollamt Nord", "DE", 1700009999);
	assert_int_equal(rc_events_put(tx, &e), RC_OK);
	rc_event_clear(&e);
	assert_int_equal(rc_events_commit(&tx, "more"), RC_OK);
	rc_event_filter_init(&f);
	f.text = "zollamt";
	assert_int_equal(page_all(c, &f, ids, 64), 1);

	/* visits: never visited, every event is new */
	int64_t before;
	uint64_t nn, nf;
	assert_int_equal(rc_events_visit_before(c, "visit:applicant", &before), RC_OK);
	assert_int_equal(before, 0);
	assert_int_equal(rc_events_new_since_mark(c, "visit:applicant", true, &nn, &nf), RC_OK);
	assert_int_equal(nn, 31);
	/* during this visit, still every event is new */
	assert_int_equal(rc_events_visit_before(c, "visit:applicant", &before), RC_OK);
	assert_int_equal(before, 0);
	/* one more import, then the next visit: only it is new */
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	e = mkevent("s-later", "Zollamt Süd", "DE", 1600000000); /* older date, imported later */
	assert_int_equal(rc_events_put(tx, &e), RC_OK);
	rc_event_clear(&e);
	assert_int_equal(rc_events_commit(&tx, "later"), RC_OK);
	assert_int_equal(rc_events_new_since_mark(c, "visit:applicant", true, &nn, &nf), RC_OK);
	assert_int_equal(nn, 1);
	assert_int_equal(rc_events_visit_before(c, "visit:applicant", &before), RC_OK);
	rc_event_filter_init(&f);
	size_t total = page_all(c, &f, ids, 64);
	assert_int_equal(total, 32);
	int newer = 0;
	struct rc_event got;
	for (size_t i = 0; i < total; i++)
		if (ids[i] > before) {
			newer++;
			assert_int_equal(rc_events_get(c, ids[i], &got), RC_OK);
			assert_string_equal(got.authority, "Zollamt Süd");
			rc_event_clear(&got);
		}
	assert_int_equal(newer, 1);
	/* another slot's visits are its own */
	assert_int_equal(rc_events_visit_before(c, "visit:counsel", &before), RC_OK);
	assert_int_equal(before, 0);
	rc_flag_ctx_clear(&ctx);
	rc_case_close(&c);
}

static void test_bulk(void **state)
{
	(void)state;
	struct rc_case *c = make_case("bulk.case", "bulk passphrase");
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.feared = rc_xcalloc(1, sizeof *ctx.feared);
	memcpy(ctx.feared[0], "ER", 3);
	ctx.n_feared = 1;
	struct rc_event_tx *tx;
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	for (int i = 0; i < 300; i++) {
		if (i == 120)
			assert_int_equal(rc_events_bulk(tx), RC_OK);
		if (i == 220) { /* leaving bulk mode early (RC_BULK_MAX) */
			assert_int_equal(rc_events_bulk_rows(tx), 100);
			assert_int_equal(rc_events_bulk_end(tx), RC_OK);
			assert_false(rc_events_is_bulk(tx));
		}
		char id[16];
		snprintf(id, sizeof id, "b-%03d", i);
		/* times out of order on purpose */
		struct rc_event e = mkevent(id, i % 2 ? "Authority B" : "Authority A", i % 2 ? "ER" : "DE",
		                            1700000000 + (i * 7919 % 300) * 60);
		assert_int_equal(rc_events_put(tx, &e), RC_OK);
		rc_event_clear(&e);
	}
	assert_int_equal(rc_events_commit(&tx, "bulk"), RC_OK);
	struct rc_event_filter f;
	rc_event_filter_init(&f);
	f.flag = RC_FLAG_FLED_COUNTRY;
	uint64_t n;
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 150);
	f.flag = RC_FLAGGED_ANY;
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 150);
	/* pages over the flag index come newest first, all of them */
	f.flag = RC_FLAG_FLED_COUNTRY;
	struct rc_event page[40];
	struct rc_event_cursor cur = { 0 };
	size_t got, total = 0;
	int64_t last = INT64_MAX;
	do {
		assert_int_equal(rc_events_page(c, &f, &cur, 40, page, &got), RC_OK);
		for (size_t i = 0; i < got; i++) {
			assert_string_equal(page[i].authority_country, "ER");
			assert_true(page[i].occurred_ts <= last);
			last = page[i].occurred_ts;
			rc_event_clear(&page[i]);
		}
		total += got;
	} while (got == 40);
	assert_int_equal(total, 150);
	/* the rebuilt authority index answers */
	rc_event_filter_init(&f);
	f.authority = "Authority A";
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 150);
	struct rc_verify_report rep;
	assert_int_equal(rc_case_verify(c, &rep), RC_OK);
	assert_true(rep.integrity_ok);
	rc_flag_ctx_clear(&ctx);
	rc_case_close(&c);
}

/* Finishing a bulk transaction reports its steps in order, ends with
 * (steps, steps), and stops at any of them when asked: nothing kept. */
struct finish_log {
	uint64_t calls, last_step, steps, stop_at; /* stop_at: UINT64_MAX never */
	bool ordered;
};

static bool on_finish(void *ud, uint64_t step, uint64_t steps)
{
	struct finish_log *l = ud;
	if (l->calls && (step < l->last_step || steps != l->steps))
		l->ordered = false;
	l->calls++;
	l->last_step = step;
	l->steps = steps;
	return step < l->stop_at;
}

static void test_finish_progress(void **state)
{
	(void)state;
	struct rc_case *c = make_case("fin.case", "finish passphrase");
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	/* the steps: 5 indexes, the flag rows, the bursts */
	for (uint64_t stop = 0; stop <= 8; stop++) {
		struct finish_log l = { 0, 0, 0, stop == 8 ? UINT64_MAX : stop, true };
		struct rc_event_tx *tx;
		assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
		rc_events_on_finish(tx, on_finish, &l);
		assert_int_equal(rc_events_bulk(tx), RC_OK);
		for (int i = 0; i < 200; i++) {
			char id[16];
			snprintf(id, sizeof id, "f-%03d", i);
			struct rc_event e = mkevent(id, "Authority F", "DE", 1700000000 + i * 60);
			assert_int_equal(rc_events_put(tx, &e), RC_OK);
			rc_event_clear(&e);
		}
		enum rc_status st = rc_events_commit(&tx, "finish");
		assert_null(tx);
		assert_true(l.ordered);
		assert_int_equal(l.steps, 7);
		struct rc_event_filter f;
		rc_event_filter_init(&f);
		uint64_t n = 99;
		assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
		if (stop == 8) {
			assert_int_equal(st, RC_OK);
			assert_int_equal(l.last_step, 7); /* the last word before the commit */
			assert_int_equal(n, 200);
		} else {
			assert_int_equal(st, RC_CANCELLED);
			assert_int_equal(l.last_step, stop);
			assert_int_equal(n, 0);
		}
	}
	struct rc_verify_report rep;
	assert_int_equal(rc_case_verify(c, &rep), RC_OK);
	assert_true(rep.integrity_ok);
	rc_flag_ctx_clear(&ctx);
	rc_case_close(&c);
}

/* An access updated to another agent leaves its old agent's burst: the
 * old agent's accesses are looked at again, not only the new agent's. */
static void put_agent(struct rc_event_tx *tx, const char *id, const char *agent, int64_t ts, const char *raw)
{
	struct rc_event e = mkevent(id, "Authority U", "DE", ts);
	free(e.agent);
	e.agent = rc_xstrdup(agent);
	free(e.raw);
	e.raw = rc_xstrdup(raw);
	e.raw_len = strlen(raw);
	assert_int_equal(rc_events_put(tx, &e), RC_OK);
	rc_event_clear(&e);
}

static uint64_t bursts(struct rc_case *c)
{
	struct rc_event_filter f;
	rc_event_filter_init(&f);
	f.flag = RC_FLAG_BURST;
	uint64_t n = 99;
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	return n;
}

static void test_update_moves_burst(void **state)
{
	(void)state;
	struct rc_case *c = make_case("u.case", "update passphrase");
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.burst_count = 3;
	ctx.burst_window_s = 600;
	struct rc_event_tx *tx;
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	put_agent(tx, "u1", "agent A", 1700000000, "{1}");
	put_agent(tx, "u2", "agent A", 1700000060, "{2}");
	put_agent(tx, "u3", "agent A", 1700000120, "{3}");
	assert_int_equal(rc_events_commit(&tx, "three by A"), RC_OK);
	assert_int_equal(bursts(c), 3);

	/* the registry corrects u3: it was agent B */
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	put_agent(tx, "u3", "agent B", 1700000120, "{3 corrected}");
	assert_int_equal(rc_events_counts(tx)->updated, 1);
	assert_int_equal(rc_events_commit(&tx, "u3 corrected"), RC_OK);
	assert_int_equal(bursts(c), 0); /* A has two accesses left, B one */

	/* the same again, unchanged: nothing moves */
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	put_agent(tx, "u1", "agent A", 1700000000, "{1}");
	put_agent(tx, "u3", "agent B", 1700000120, "{3 corrected}");
	assert_int_equal(rc_events_counts(tx)->unchanged, 2);
	assert_int_equal(rc_events_commit(&tx, "again"), RC_OK);
	assert_int_equal(bursts(c), 0);

	/* a new access by A within the window makes A's burst again */
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	put_agent(tx, "u4", "agent A", 1700000180, "{4}");
	assert_int_equal(rc_events_commit(&tx, "u4"), RC_OK);
	assert_int_equal(bursts(c), 3);

	/* more agents in one import than the burst pass looks at one by one:
	 * it walks them all, and still finds the burst among them */
	assert_int_equal(rc_events_begin(c, &ctx, &tx), RC_OK);
	put_agent(tx, "z1", "agent Z", 1700200000, "{z1}");
	put_agent(tx, "z2", "agent Z", 1700200100, "{z2}");
	put_agent(tx, "z3", "agent Z", 1700200200, "{z3}");
	for (int i = 0; i < 2100; i++) {
		char id[16], agent[24];
		snprintf(id, sizeof id, "m%04d", i);
		snprintf(agent, sizeof agent, "agent m%04d", i);
		put_agent(tx, id, agent, 1700100000 + i * 3600, id);
	}
	assert_int_equal(rc_events_commit(&tx, "many agents"), RC_OK);
	assert_int_equal(bursts(c), 6);
	rc_flag_ctx_clear(&ctx);
	rc_case_close(&c);
}

/* The burst-flagged accesses' ids joined in one string, oldest first. */
static char *burst_ids(struct rc_case *c)
{
	struct rc_event_filter f;
	rc_event_filter_init(&f);
	f.flag = RC_FLAG_BURST;
	f.sort = RC_SORT_OLDEST;
	struct rc_event_cursor cur = { 0 };
	struct rc_buf b;
	rc_buf_init(&b);
	struct rc_event ev[64];
	size_t n;
	do {
		assert_int_equal(rc_events_page(c, &f, &cur, 64, ev, &n), RC_OK);
		for (size_t i = 0; i < n; i++) {
			rc_buf_addstr(&b, ev[i].ext_id);
			rc_buf_addstr(&b, " ");
			rc_event_clear(&ev[i]);
		}
	} while (n == 64);
	char *s = rc_xstrdup(rc_buf_cstr(&b));
	rc_buf_free(&b);
	return s;
}

/* The oracle: a new case holding n accesses at once, then every flag
 * computed again from nothing (rc_events_reflag); its bursts' ids. */
static char *whole_bursts(const char *name, const struct rc_flag_ctx *ctx, const int64_t *ts, const int *agent, int n)
{
	struct rc_case *whole = make_case(name, "whole bursts pass");
	struct rc_event_tx *tx;
	char id[16], ag[16], raw[48];
	assert_int_equal(rc_events_begin(whole, ctx, &tx), RC_OK);
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "p%04d", i);
		snprintf(ag, sizeof ag, "agent %d", agent[i]);
		snprintf(raw, sizeof raw, "{%d}", i);
		put_agent(tx, id, ag, ts[i], raw);
	}
	assert_int_equal(rc_events_commit(&tx, "whole"), RC_OK);
	assert_int_equal(rc_events_reflag(whole, ctx, NULL, NULL), RC_OK);
	char *s = burst_ids(whole);
	rc_case_close(&whole);
	return s;
}

/* A log that comes in pages, newest first (a registry's sync), then
 * accesses sent again one by one, moved in time or to another agent,
 * ends with the same bursts as the whole log checked at once: each
 * transaction's burst pass looks only around the times it changed
 * (bursts_recompute_in), and that is enough. */
static void test_paged_bursts_match_whole(void **state)
{
	(void)state;
	struct rc_case *paged = make_case("pb.case", "paged bursts pass");
	struct rc_flag_ctx ctx;
	rc_flag_ctx_init(&ctx);
	ctx.burst_count = 3;
	ctx.burst_window_s = 600;
	enum { N = 900, PAGE = 40 };
	static int64_t ts[N];
	static int agent[N];
	uint32_t x = 12345;
	int64_t t = 1700000000;
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		/* gaps of 1 to 400 s mostly, now and then an hour: clusters */
		t += (x >> 16) % 10 == 0 ? 3600 : 1 + (int64_t)((x >> 8) % 400);
		ts[i] = t;
		agent[i] = (int)((x >> 20) % 3);
	}
	char id[16], ag[16], raw[48];
	struct rc_event_tx *tx;
	for (int end = N; end > 0; end -= PAGE) {
		assert_int_equal(rc_events_begin(paged, &ctx, &tx), RC_OK);
		for (int i = end - 1; i >= 0 && i >= end - PAGE; i--) {
			snprintf(id, sizeof id, "p%04d", i);
			snprintf(ag, sizeof ag, "agent %d", agent[i]);
			snprintf(raw, sizeof raw, "{%d}", i);
			put_agent(tx, id, ag, ts[i], raw);
		}
		assert_int_equal(rc_events_commit(&tx, "page"), RC_OK);
	}
	char *a = burst_ids(paged), *b = whole_bursts("wb1.case", &ctx, ts, agent, N);
	assert_true(strlen(b) > 100); /* there are bursts to find */
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* some sent again, one a transaction: another agent, or two hours later */
	for (int i = 5; i < N; i += 97) {
		assert_int_equal(rc_events_begin(paged, &ctx, &tx), RC_OK);
		snprintf(id, sizeof id, "p%04d", i);
		agent[i] = (agent[i] + 1) % 3;
		if (i % 2)
			ts[i] += 7200;
		snprintf(ag, sizeof ag, "agent %d", agent[i]);
		snprintf(raw, sizeof raw, "{%d corrected}", i);
		put_agent(tx, id, ag, ts[i], raw);
		assert_int_equal(rc_events_counts(tx)->updated, 1);
		assert_int_equal(rc_events_commit(&tx, "a correction"), RC_OK);
	}
	a = burst_ids(paged);
	b = whole_bursts("wb2.case", &ctx, ts, agent, N);
	assert_string_equal(a, b);
	free(a);
	free(b);
	rc_flag_ctx_clear(&ctx);
	rc_case_close(&paged);
}

static void test_rollback(void **state)
{
	(void)state;
	struct rc_case *c = make_case("r.case", "rollback pass");
	struct rc_event_tx *tx;
	assert_int_equal(rc_events_begin(c, NULL, &tx), RC_OK);
	struct rc_event e = mkevent("x", "A", "DE", 1700000000);
	assert_int_equal(rc_events_put(tx, &e), RC_OK);
	rc_event_clear(&e);
	rc_events_rollback(&tx);
	struct rc_event_filter f;
	rc_event_filter_init(&f);
	uint64_t n = 1;
	assert_int_equal(rc_events_count(c, &f, &n), RC_OK);
	assert_int_equal(n, 0);
	rc_case_close(&c);
}

static void test_labels(void **state)
{
	(void)state;
	assert_true(rc_case_label_valid("sample-A17"));
	assert_false(rc_case_label_valid("../etc"));
	assert_false(rc_case_label_valid(".hidden"));
	assert_false(rc_case_label_valid("a b"));
	char *p = rc_case_resolve("./x");
	assert_string_equal(p, "./x.case");
	free(p);
	setenv("RECOURSE_CASES_DIR", "/cases", 1);
	p = rc_case_resolve("sample");
	assert_string_equal(p, "/cases/sample.case");
	free(p);
}

/* The indexes a new case gets from its (frozen) migrations are exactly
 * the ones a large import drops and rebuilds: a change to one without a
 * migration, or the reverse, fails here. */
/* A file received is kept whole: read back byte for byte (several
 * chunks of the zstd stream), its SHA-256 and size recorded, the events it
 * added named; a damaged chunk is reported, never handed out as other
 * bytes; an import that fails keeps no file. */
static void test_received_files(void **state)
{
	(void)state;
	struct rc_case *c = make_case("recv.case", "received passphrase");
	/* 3 MB of NDJSON: some events, then random padding inside "note"s so
	 * that it compresses into more than one chunk */
	struct rc_buf in;
	rc_buf_init(&in);
	unsigned char rnd[600];
	for (int i = 0; i < 3000; i++) {
		randombytes_buf(rnd, sizeof rnd);
		char hex[1201];
		rc_hex_encode(rnd, sizeof rnd, hex);
		rc_buf_printf(&in, "{\"resourceType\":\"AuditEvent\",\"id\":\"r-%d\",\"recorded\":\"2024-01-01T00:%02d:%02dZ\","
		              "\"agent\":[{\"who\":{\"display\":\"Authority R\"},\"requestor\":true}],"
		              "\"source\":{\"observer\":{\"display\":\"S\"}},\"outcomeDesc\":\"%s\"}\n",
		              i, (i / 60) % 60, i % 60, hex);
	}
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		size_t off = 0;
		while (off < in.len) {
			ssize_t k = write(fds[1], in.data + off, in.len - off);
			if (k <= 0)
				_exit(1);
			off += (size_t)k;
		}
		_exit(0);
	}
	close(fds[1]);
	struct rc_import_file_opts o = { .format = RC_IMPORT_NDJSON, .origin = "recv.ndjson", .skip_invalid = true };
	struct rc_import_file_result r;
	assert_int_equal(rc_case_import_fd(c, fds[0], &o, &r), RC_OK);
	close(fds[0]);
	waitpid(pid, NULL, 0);
	assert_true(r.counts.added > 0);
	struct rc_received_row *rows;
	size_t n;
	assert_int_equal(rc_received_list(c, RC_TS_UNKNOWN, RC_TS_UNKNOWN, &rows, &n), RC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].size, in.len);
	assert_string_equal(rows[0].kind, "import");
	assert_string_equal(rows[0].name, "recv.ndjson");
	unsigned char d[32];
	char hex[65];
	crypto_hash_sha256(d, (const unsigned char *)in.data, in.len);
	rc_hex_encode(d, 32, hex);
	assert_string_equal(rows[0].sha256, hex);
	assert_int_equal(rows[0].events_to - rows[0].events_from + 1, (int64_t)r.counts.added);
	int64_t id = rows[0].id;
	rc_received_rows_free(rows, n);
	/* read back, in small pieces */
	struct rc_received_reader *rd;
	assert_int_equal(rc_received_open(c, id, &rd), RC_OK);
	struct rc_buf out;
	rc_buf_init(&out);
	unsigned char buf[7000];
	size_t got;
	do {
		assert_int_equal(rc_received_read(rd, buf, sizeof buf, &got), RC_OK);
		rc_buf_add(&out, buf, got);
	} while (got);
	rc_received_close(&rd);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.data, in.data, in.len);
	enum rc_status st = RC_OK;
	int64_t chunks = db_one_int(&c->db, "SELECT count(*) FROM received_chunk", 0, &st);
	assert_true(chunks >= 2);
	/* one byte of a chunk changed: refused */
	assert_int_equal(db_exec(&c->db, "UPDATE received_chunk SET bytes = substr(bytes, 1, 100) || x'00' || "
	                                 "substr(bytes, 102) WHERE id = (SELECT min(id) FROM received_chunk)"), RC_OK);
	assert_int_equal(rc_received_open(c, id, &rd), RC_OK);
	st = RC_OK;
	do
		st = rc_received_read(rd, buf, sizeof buf, &got);
	while (st == RC_OK && got);
	rc_received_close(&rd);
	assert_int_equal(st, RC_CORRUPT);
	rc_buf_free(&out);
	rc_buf_free(&in);
	rc_case_close(&c);
}

static void test_migrations_match_indexes(void **state)
{
	(void)state;
	char *tmp = tu_tmpdir();
	char *path = rc_path_join(tmp, "m.case");
	struct rc_secret *p = tu_secret("correct horse battery");
	struct rc_kdf k = tu_kdf();
	struct rc_case *c;
	assert_int_equal(rc_case_create(path, "applicant", p, &k, NULL, &c), RC_OK);
	sqlite3_stmt *q;
	assert_int_equal(db_prepare(&c->db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1", &q), RC_OK);
	int n = 0;
	for (int i = 0; schema_event_indexes[i]; i++, n++) {
		sqlite3_bind_text(q, 1, schema_event_index_names[i], -1, SQLITE_STATIC);
		enum rc_status st = RC_OK;
		assert_true(db_row(&c->db, q, &st));
		assert_string_equal((const char *)sqlite3_column_text(q, 0), schema_event_indexes[i]);
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	assert_int_equal(n, 5);
	/* and nothing else indexes the event table (but its identity) */
	enum rc_status st = RC_OK;
	int64_t all = db_one_int(&c->db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
		"AND tbl_name = 'event' AND sql IS NOT NULL AND name != 'event_identity'", -1, &st);
	assert_int_equal(st, RC_OK);
	assert_int_equal(all, n);
	rc_case_close(&c);
	rc_secret_free(&p);
	free(path);
	tu_rmdir(tmp);
}

int main(void)
{
	assert_int_equal(rc_base_init(), 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_open),
		cmocka_unit_test(test_slots_and_rekey),
		cmocka_unit_test(test_journal),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_search_and_visit),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_finish_progress),
		cmocka_unit_test(test_update_moves_burst),
		cmocka_unit_test(test_paged_bursts_match_whole),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_migrations_match_indexes),
		cmocka_unit_test(test_received_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
