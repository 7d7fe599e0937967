/* test_ops.c - the case operations (src/ops): the regime catalogue and
 * where it is found, profile checks, changes saved together with the
 * flags they move, hand-written accesses corrected and withdrawn; what
 * follows a request (retention suggestions, a complaint citing an earlier
 * request, checking a granted correction). */
#include "config.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testutil.h"
#include "ops.h"

struct fx {
	char *dir;
	char *path;
	struct rc_case *c;
};

static int setup(void **state)
{
	struct fx *f = rc_xcalloc(1, sizeof *f);
	f->dir = tu_tmpdir();
	f->path = rc_path_join(f->dir, "t.case");
	struct rc_kdf k = tu_kdf();
	rc_op_test_kdf(&k);
	struct rc_secret *p = tu_secret("correct horse battery");
	struct rc_profile prof = { .regimes = "gdpr,eurodac" };
	assert_int_equal(rc_op_case_create(f->path, "applicant", p, &prof, &f->c), RC_OK);
	rc_secret_free(&p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	rc_case_close(&f->c);
	free(f->path);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- the catalogue ---- */

static size_t json_files(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 5 && !strcmp(e->d_name + l - 5, ".json") && strcmp(e->d_name, "common.json"))
			n++;
	}
	closedir(d);
	return n;
}

static void test_catalogue_keeps_everything(void **state)
{
	(void)state;
	const struct rc_regimes *cat;
	assert_int_equal(rc_op_catalogue(&cat), RC_OK);
	assert_non_null(rc_op_data_dir());
	char *dir = rc_path_join(rc_op_data_dir(), "regimes");
	assert_int_equal(rc_regimes_count(cat), json_files(dir));
	free(dir);
	assert_true(rc_regimes_has(cat, "gdpr"));
	assert_true(rc_regimes_has(cat, "eurodac"));
	assert_true(rc_regimes_has_common(cat));
	/* the requests section is kept, not only validated */
	struct rc_ymd day = { 2026, 12, 4 };
	const struct rc_request_rule *r = rc_regimes_request_at(cat, "gdpr", RC_REQ_ERASURE, day);
	assert_non_null(r);
	assert_true(r->available);
	assert_int_equal(r->answer.p.n, 1);
	assert_int_equal(r->answer.p.unit, RC_UNIT_MONTHS);
	assert_non_null(strstr(r->answer.article ? r->answer.article : r->article, "12(3)"));
	assert_int_equal(r->extension.p.n, 2);
	assert_true(r->n_esc >= 1);
	assert_non_null(strstr(r->esc[0].article, "77"));
	assert_null(rc_regimes_request_at(cat, "no-such-regime", RC_REQ_ACCESS, day));
	/* before the GDPR applied, no version: no rule */
	struct rc_ymd before = { 2018, 5, 24 };
	assert_null(rc_regimes_request_at(cat, "gdpr", RC_REQ_ERASURE, before));
}

/* Run fn in a child whose environment is set first (the catalogue is
 * read once per process). */
static void in_child(void (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
}

static void check_or_die(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "child: %s (detail: %s)\n", what, rc_error_detail());
		_exit(1);
	}
}

static void nodata_child(void *arg)
{
	setenv("RECOURSE_DATA_DIR", (const char *)arg, 1);
	const struct rc_regimes *cat;
	check_or_die(rc_op_catalogue(&cat) == RC_NODATA, "a folder without regimes gives RC_NODATA");
	check_or_die(strstr(rc_error_detail(), (const char *)arg) != NULL, "the detail names where it looked");
	/* and nothing is made without it */
	struct rc_secret *p = tu_secret("correct horse battery");
	char *path = rc_path_join((const char *)arg, "n.case");
	struct rc_case *c = NULL;
	check_or_die(rc_op_case_create(path, "applicant", p, NULL, &c) == RC_NODATA, "no case without regimes");
	struct stat sb;
	check_or_die(stat(path, &sb) != 0, "no folder was made");
	free(path);
	rc_secret_free(&p);
}

static void test_catalogue_missing_is_an_error(void **state)
{
	(void)state;
	char *d = tu_tmpdir();
	in_child(nodata_child, d);
	tu_rmdir(d);
}

/* The binary of a build folder, not installed, without RECOURSE_DATA_DIR:
 * the source tree's data (or an installed copy) is found. */
static void builddir_child(void *arg)
{
	(void)arg;
	unsetenv("RECOURSE_DATA_DIR");
	const struct rc_regimes *cat;
	check_or_die(rc_op_catalogue(&cat) == RC_OK, "found without RECOURSE_DATA_DIR");
	check_or_die(!strcmp(rc_op_data_dir(), PKGDATADIR) || !strcmp(rc_op_data_dir(), SRCDATADIR),
	             "from the installed folder or this build's source tree");
	check_or_die(rc_regimes_has(cat, "gdpr") && rc_regimes_has(cat, "eurodac"), "with every regime");
}

static void test_catalogue_found_from_build_folder(void **state)
{
	(void)state;
	in_child(builddir_child, NULL);
}

static void broken_child(void *arg)
{
	setenv("RECOURSE_DATA_DIR", (const char *)arg, 1);
	const struct rc_regimes *cat;
	check_or_die(rc_op_catalogue(&cat) == RC_INVALID, "a broken file fails the catalogue");
	check_or_die(strstr(rc_error_detail(), "broken.json") != NULL, "the detail names the file");
}

static void test_catalogue_broken_file(void **state)
{
	(void)state;
	char *d = tu_tmpdir();
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/regimes' && cp '%s/data/regimes/common.json' '%s/regimes/' && "
	         "printf '{\"kind\": \"regime\", \"format\": 1, \"id\": \"x\"}' > '%s/regimes/broken.json'",
	         d, getenv("top_srcdir"), d, d);
	assert_int_equal(system(cmd), 0);
	in_child(broken_child, d);
	tu_rmdir(d);
}

/* ---- profile checks ---- */

static void expect_norm(enum rc_profile_field f, const char *in, const char *want)
{
	char *n = NULL;
	assert_int_equal(rc_op_profile_check(f, in, &n), RC_OK);
	if (want)
		assert_string_equal(n, want);
	else
		assert_null(n);
	free(n);
}

static void expect_bad(enum rc_profile_field f, const char *in, const char *detail_has)
{
	char *n = NULL;
	rc_error_clear();
	assert_int_equal(rc_op_profile_check(f, in, &n), RC_INVALID);
	assert_null(n);
	if (detail_has && !strstr(rc_error_detail(), detail_has)) {
		fprintf(stderr, "detail \"%s\" lacks \"%s\"\n", rc_error_detail(), detail_has);
		fail();
	}
}

static void test_profile_checks(void **state)
{
	(void)state;
	expect_norm(RC_PF_COUNTRIES, "er, sd", "ER,SD");
	expect_norm(RC_PF_COUNTRIES, "ER,er;SY", "ER,SY");
	expect_norm(RC_PF_COUNTRIES, "AF\xd8\x8c" "SY", "AF,SY"); /* the Arabic comma */
	expect_norm(RC_PF_COUNTRIES, "uk", "GB");
	expect_norm(RC_PF_COUNTRIES, "", NULL);
	expect_bad(RC_PF_COUNTRIES, "1x", "1x");
	expect_bad(RC_PF_COUNTRIES, "E\x01", NULL);   /* a control character */
	expect_bad(RC_PF_COUNTRIES, "ZZ", "ZZ");      /* two letters, no country */
	expect_bad(RC_PF_COUNTRIES, "ERI", "ERI");
	expect_norm(RC_PF_REGIMES, "gdpr, eurodac,gdpr", "gdpr,eurodac");
	expect_bad(RC_PF_REGIMES, "gdrp", "gdpr");    /* names the known ones */
	expect_bad(RC_PF_REGIMES, "gdpr,../../etc", "../../etc");
	expect_norm(RC_PF_RECORD_CREATED, "2024-02-29", "2024-02-29");
	expect_bad(RC_PF_RECORD_CREATED, "2023-02-29", NULL);
	expect_bad(RC_PF_BURST_COUNT, "1", NULL);
	expect_norm(RC_PF_BURST_COUNT, " 12 ", "12");
	expect_bad(RC_PF_BURST_WINDOW, "ten", NULL);
	expect_norm(RC_PF_LANGUAGE, "ar", "ar");
	expect_bad(RC_PF_LANGUAGE, "a", NULL);
	expect_norm(RC_PF_NAME, "  Amina \x1b[31mX\xe2\x80\xae ", "Amina [31mX");
}

static void test_create_refuses_unknown_regime(void **state)
{
	struct fx *f = *state;
	char *path = rc_path_join(f->dir, "bad.case");
	struct rc_secret *p = tu_secret("correct horse battery");
	struct rc_profile prof = { .regimes = "gdpr,gdrp" };
	struct rc_case *c = NULL;
	assert_int_equal(rc_op_case_create(path, "applicant", p, &prof, &c), RC_INVALID);
	assert_null(c);
	assert_non_null(strstr(rc_error_detail(), "gdrp"));
	struct stat sb;
	assert_int_not_equal(stat(path, &sb), 0);
	/* and a label that is not one */
	char *bad = rc_path_join(f->dir, "Amina Y.case");
	assert_int_equal(rc_op_case_create(bad, "applicant", p, NULL, &c), RC_INVALID);
	free(bad);
	rc_secret_free(&p);
	free(path);
}

/* ---- changes and their flags together ---- */

static int64_t add_access(struct rc_case *c, const char *when, const char *authority, const char *country)
{
	struct rc_manual_access in;
	rc_manual_access_init(&in);
	in.when = when;
	in.authority = authority;
	in.country = country;
	struct rc_access_result res;
	assert_int_equal(rc_op_access_add(c, &in, &res), RC_OK);
	return res.id;
}

static uint32_t flags_of(struct rc_case *c, int64_t id)
{
	struct rc_event ev;
	assert_int_equal(rc_events_get(c, id, &ev), RC_OK);
	uint32_t f = ev.flags;
	rc_event_clear(&ev);
	return f;
}

static bool stop_now(void *ud, uint64_t done, uint64_t total)
{
	(void)done;
	(void)total;
	(*(int *)ud)++;
	return false;
}

static char *meta_countries(struct rc_case *c)
{
	struct rc_case_meta m;
	assert_int_equal(rc_case_meta_get(c, &m), RC_OK);
	char *v = m.countries ? rc_xstrdup(m.countries) : NULL;
	rc_case_meta_clear(&m);
	return v;
}

static void test_profile_set_cancel_keeps_case(void **state)
{
	struct fx *f = *state;
	int64_t id = add_access(f->c, "2025-03-01T10:00:00Z", "Police of Eritrea", "ER");
	assert_int_equal(flags_of(f->c, id) & RC_FLAG_FLED_COUNTRY, 0);
	/* Cancelled while the accesses are checked again: the change is
	 * not saved either. */
	int calls = 0;
	assert_int_equal(rc_op_profile_set(f->c, RC_PF_COUNTRIES, "ER", stop_now, &calls), RC_CANCELLED);
	assert_true(calls > 0);
	char *v = meta_countries(f->c);
	assert_null(v);
	assert_int_equal(flags_of(f->c, id) & RC_FLAG_FLED_COUNTRY, 0);
	/* Done: both. */
	assert_int_equal(rc_op_profile_set(f->c, RC_PF_COUNTRIES, "er", NULL, NULL), RC_OK);
	v = meta_countries(f->c);
	assert_string_equal(v, "ER");
	free(v);
	assert_int_not_equal(flags_of(f->c, id) & RC_FLAG_FLED_COUNTRY, 0);
	/* An unknown regime is refused and nothing changes. */
	assert_int_equal(rc_op_profile_set(f->c, RC_PF_REGIMES, "gdrp", NULL, NULL), RC_INVALID);
	struct rc_case_meta m;
	assert_int_equal(rc_case_meta_get(f->c, &m), RC_OK);
	assert_string_equal(m.regimes, "gdpr,eurodac");
	rc_case_meta_clear(&m);
}

static void test_request_add_flags_in_one_step(void **state)
{
	struct fx *f = *state;
	int64_t id = add_access(f->c, "2025-06-10T10:00:00Z", "Some office", "DE");
	struct rc_request_in in = { .kind = "erasure", .regime = "gdpr", .filed = "2025-05-01" };
	int calls = 0;
	int64_t rid = 0;
	assert_int_equal(rc_op_request_add(f->c, &in, stop_now, &calls, &rid), RC_CANCELLED);
	struct rc_request_row *rows;
	size_t n;
	assert_int_equal(rc_case_requests(f->c, &rows, &n), RC_OK);
	assert_int_equal(n, 0); /* cancelled: no request either */
	rc_request_rows_free(&rows, n);
	assert_int_equal(rc_op_request_add(f->c, &in, NULL, NULL, &rid), RC_OK);
	assert_true(rid > 0);
	/* filed, not answered: the access came while it was waiting */
	assert_int_not_equal(flags_of(f->c, id) & RC_FLAG_REQUEST_PENDING, 0);
	assert_int_equal(flags_of(f->c, id) & RC_FLAG_AFTER_ERASURE, 0);
	struct rc_request_in bad = { .kind = "deletion", .regime = NULL, .filed = "2025-05-01" };
	assert_int_equal(rc_op_request_add(f->c, &bad, NULL, NULL, &rid), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "erasure"));
	struct rc_request_in badreg = { .kind = "erasure", .regime = "gdrp", .filed = "2025-05-01" };
	assert_int_equal(rc_op_request_add(f->c, &badreg, NULL, NULL, &rid), RC_INVALID);
	assert_int_equal(rc_op_request_confirm(f->c, rid, "2025-05-20", NULL, NULL), RC_OK);
	/* confirmed before the access: after deletion was confirmed */
	assert_int_not_equal(flags_of(f->c, id) & RC_FLAG_AFTER_ERASURE, 0);
	assert_int_equal(flags_of(f->c, id) & RC_FLAG_REQUEST_PENDING, 0);
	assert_int_equal(rc_op_request_confirm(f->c, 999, "2025-05-20", NULL, NULL), RC_NOTFOUND);
}

/* ---- what follows a request (issue 17) ---- */

#ifdef RC_TEST_HOOKS
static time_t may_first_2026(void)
{
	return 1777636800; /* 2026-05-01T12:00:00Z */
}
#endif

static char *request_field(struct rc_case *c, int64_t id, int which)
{
	struct rc_request_row r;
	assert_int_equal(rc_case_request_get(c, id, &r), RC_OK);
	const char *v = which == 0 ? r.next_action : which == 1 ? r.check_result : which == 2 ? r.relation : r.state;
	char *out = v ? rc_xstrdup(v) : NULL;
	rc_request_row_clear(&r);
	return out;
}

static void expect_field(struct rc_case *c, int64_t id, int which, const char *want)
{
	char *v = request_field(c, id, which);
	if (want)
		assert_string_equal(v, want);
	else
		assert_null(v);
	free(v);
}

static void test_check_compare(void **state)
{
	(void)state;
	assert_int_equal(rc_check_compare("Amina Yusuf", "  amina   YUSUF "), RC_CHECK_DONE);
	assert_int_equal(rc_check_compare("1990-02-03", "1990-03-02"), RC_CHECK_NOT_DONE);
	assert_int_equal(rc_check_compare("", ""), RC_CHECK_NOT_DONE); /* nothing asked is never "done" */
	assert_int_equal(rc_check_compare(NULL, "x"), RC_CHECK_NONE);
	assert_int_equal(rc_check_compare("x", NULL), RC_CHECK_NONE);
	enum rc_check_result r;
	for (int i = RC_CHECK_DONE; i <= RC_CHECK_STILL_HELD; i++) {
		assert_true(rc_check_result_parse(rc_check_result_id((enum rc_check_result)i), &r));
		assert_int_equal(r, i);
	}
	assert_null(rc_check_result_id(RC_CHECK_NONE));
	assert_false(rc_check_result_parse("maybe", &r));
	char nd[] = "not-done", day[] = "2026-04-30", held[] = "1990-03-02", want[] = "1990-02-03";
	struct rc_request_row row = { .check_result = nd, .check_day = day, .held_value = held, .correct_value = want };
	char *e = rc_check_explain(&row);
	assert_string_equal(e, "The record still says \"1990-03-02\"; you asked for \"1990-02-03\" (checked on 2026-04-30).");
	free(e);
	row.check_result = NULL;
	assert_null(rc_check_explain(&row));
	/* the next action follows the check */
	struct rc_request_due d = { .state = RC_DUE_NONE };
	/* (writable copies: the row's fields are not const) */
	char rectification[] = "rectification", access[] = "access", erasure[] = "erasure";
	char answered[] = "answered", granted[] = "granted", refused_s[] = "refused";
	char not_done[] = "not-done", done[] = "done", checks[] = "checks", still_held[] = "still-held";
	struct rc_request_row a = { .kind = rectification, .state = answered, .answer = granted };
	assert_int_equal(rc_op_request_next(&a, &d), RC_NEXT_FOLLOW_UP);
	assert_true(rc_op_request_checkable(&a));
	a.check_result = not_done;
	assert_int_equal(rc_op_request_next(&a, &d), RC_NEXT_COMPLAIN_NOT_DONE);
	assert_false(rc_op_request_checkable(&a));
	a.check_result = done;
	assert_int_equal(rc_op_request_next(&a, &d), RC_NEXT_CLOSE);
	struct rc_request_row chk = { .kind = access, .state = answered, .answer = granted, .follows = 1,
		.relation = checks };
	assert_int_equal(rc_op_request_next(&chk, &d), RC_NEXT_COMPARE);
	chk.check_result = still_held;
	assert_int_equal(rc_op_request_next(&chk, &d), RC_NEXT_CLOSE);
	struct rc_request_row refused = { .kind = erasure, .state = answered, .answer = refused_s };
	assert_false(rc_op_request_checkable(&refused));
}

#ifdef RC_TEST_HOOKS
/* Retention: Eurodac, irregular crossing recorded 10 January 2023: 18
 * months (603/2013 Art. 16(1)), to be erased by 10 July 2024; one
 * suggestion, with the access after that day only; its draft once. */
static void test_retention_suggestions(void **state)
{
	struct fx *f = *state;
	rc_clock_set(may_first_2026);
	struct rc_retention_suggestion *v;
	size_t n;
	assert_int_equal(rc_op_retention_suggestions(f->c, &v, &n), RC_OK);
	assert_int_equal(n, 0); /* no record dates: nothing, never a guess */
	rc_retention_suggestions_free(&v, n);
	assert_int_equal(rc_op_profile_set(f->c, RC_PF_RECORD_DATES, "eurodac:irregular-crossing=2023-01-10", NULL, NULL),
		RC_OK);
	struct rc_manual_access in;
	rc_manual_access_init(&in);
	in.when = "2024-01-01";
	in.authority = "Bundespolizei";
	in.system = "Eurodac";
	struct rc_access_result res;
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_OK);
	in.when = "2025-03-01";
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_OK);
	int64_t late = res.id;
	assert_int_equal(rc_op_retention_suggestions(f->c, &v, &n), RC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].system_id, "eurodac");
	assert_string_equal(v[0].regime_id, "eurodac");
	char end[RC_YMD_LEN];
	rc_ymd_format(v[0].end, end);
	assert_string_equal(end, "2024-07-10");
	assert_string_equal(v[0].basis.article, "Art. 16(1)");
	assert_string_equal(v[0].basis.instrument, "603/2013");
	assert_non_null(v[0].basis.uncertain);
	assert_int_equal(v[0].n_accesses, 1);
	assert_int_equal(v[0].accesses[0], late);
	assert_int_equal(v[0].open_request, 0);
	char *about = rc_retention_suggestion_about(&v[0]);
	assert_non_null(strstr(about, "Art. 16(1), 603/2013"));
	assert_non_null(strstr(about, "2024-07-10"));
	free(about);
	rc_retention_suggestions_free(&v, n);

	int64_t id = 0;
	assert_int_equal(rc_op_retention_draft(f->c, 2, NULL, NULL, &id), RC_INVALID);
	assert_int_equal(rc_op_retention_draft(f->c, 1, NULL, NULL, &id), RC_OK);
	expect_field(f->c, id, 2, "retention:eurodac");
	expect_field(f->c, id, 3, "draft");
	int64_t *evs, *docs;
	size_t nev, ndoc;
	assert_int_equal(rc_case_request_links(f->c, id, &evs, &nev, &docs, &ndoc), RC_OK);
	assert_int_equal(nev, 1);
	assert_int_equal(evs[0], late);
	free(evs);
	free(docs);
	/* never twice while it is open */
	int64_t again = 0;
	assert_int_equal(rc_op_retention_draft(f->c, 1, NULL, NULL, &again), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "open already"));
	assert_int_equal(rc_op_retention_suggestions(f->c, &v, &n), RC_OK);
	assert_int_equal(v[0].open_request, id);
	rc_retention_suggestions_free(&v, n);
	/* closed: it may be suggested again */
	struct rc_request_move m = { .to = "closed", .day = "2026-04-30", .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, id, &m, NULL, NULL), RC_OK);
	assert_int_equal(rc_op_retention_suggestions(f->c, &v, &n), RC_OK);
	assert_int_equal(v[0].open_request, 0);
	rc_retention_suggestions_free(&v, n);
	rc_clock_set(NULL);
}

/* A complaint cites an overdue or refused request only; a check follows
 * a granted correction once, and its comparison is kept on both. */
static void test_escalation_and_check(void **state)
{
	struct fx *f = *state;
	rc_clock_set(may_first_2026);
	struct rc_request_in rect = { .kind = "rectification", .regime = "gdpr", .filed = "2026-03-02",
		.controller = "DE", .about = "date of birth", .correct_value = "1990-02-03" };
	int64_t r1 = 0, r2 = 0, cid = 0;
	assert_int_equal(rc_op_request_add(f->c, &rect, NULL, NULL, &r1), RC_OK);
	struct rc_request_in late = { .kind = "access", .regime = "gdpr", .filed = "2026-04-20", .controller = "DE" };
	assert_int_equal(rc_op_request_add(f->c, &late, NULL, NULL, &r2), RC_OK);
	struct rc_request_in comp = { .kind = "complaint", .regime = "gdpr", .follows = r2 };
	assert_int_equal(rc_op_request_add(f->c, &comp, NULL, NULL, &cid), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "2026-05-20"));
	comp.follows = 999;
	assert_int_equal(rc_op_request_add(f->c, &comp, NULL, NULL, &cid), RC_INVALID);
	struct rc_request_in notcomp = { .kind = "access", .regime = "gdpr", .follows = r1 };
	assert_int_equal(rc_op_request_add(f->c, &notcomp, NULL, NULL, &cid), RC_INVALID);
	comp.follows = r1; /* due 2 April 2026: overdue */
	assert_int_equal(rc_op_request_add(f->c, &comp, NULL, NULL, &cid), RC_OK);
	expect_field(f->c, cid, 2, "escalates");
	expect_field(f->c, r1, 3, "filed"); /* a draft complaint moves nothing */
	/* the complaint sent: the request it is about is escalated that day */
	struct rc_request_move csent = { .to = "filed", .day = "2026-04-10", .channel = "post", .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, cid, &csent, NULL, NULL), RC_OK);
	expect_field(f->c, r1, 3, "escalated");
	expect_field(f->c, r1, 0, "wait-complaint");
	expect_field(f->c, r2, 3, "filed"); /* only the one it is about */

	/* check: not before the answer, once after it */
	int64_t chk = 0;
	assert_int_equal(rc_op_request_check_add(f->c, r1, NULL, NULL, &chk), RC_INVALID);
	struct rc_request_move ans = { .to = "answered", .day = "2026-04-20", .answer = "granted", .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, r1, &ans, NULL, NULL), RC_OK);
	expect_field(f->c, r1, 0, "follow-up");
	assert_int_equal(rc_op_request_check_add(f->c, r1, NULL, NULL, &chk), RC_OK);
	int64_t found = 0;
	assert_int_equal(rc_op_request_check_of(f->c, r1, &found), RC_OK);
	assert_int_equal(found, chk);
	int64_t chk2 = 0;
	assert_int_equal(rc_op_request_check_add(f->c, r1, NULL, NULL, &chk2), RC_INVALID);
	struct rc_check_in held = { .held_value = "1990-03-02", .still_held = -1 };
	assert_int_equal(rc_op_request_compare(f->c, chk, &held, NULL), RC_INVALID); /* not answered yet */
	struct rc_request_move sent = { .to = "filed", .day = "2026-04-21", .channel = "post", .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, chk, &sent, NULL, NULL), RC_OK);
	ans.day = "2026-04-30";
	assert_int_equal(rc_op_request_move(f->c, chk, &ans, NULL, NULL), RC_OK);
	expect_field(f->c, chk, 0, "compare");
	struct rc_check_in none = { .held_value = NULL, .still_held = -1 };
	assert_int_equal(rc_op_request_compare(f->c, chk, &none, NULL), RC_INVALID);
	enum rc_check_result res = RC_CHECK_NONE;
	assert_int_equal(rc_op_request_compare(f->c, r1, &held, &res), RC_OK);
	assert_int_equal(res, RC_CHECK_NOT_DONE);
	expect_field(f->c, r1, 1, "not-done");
	expect_field(f->c, chk, 1, "not-done");
	expect_field(f->c, r1, 0, "complain-not-done");
	expect_field(f->c, chk, 0, "close");
	/* a step on the original records it, and a complaint may now cite it */
	struct rc_request_step *steps;
	size_t ns;
	assert_int_equal(rc_case_request_steps(f->c, r1, &steps, &ns), RC_OK);
	assert_non_null(strstr(steps[ns - 1].detail, "you asked for \"1990-02-03\""));
	rc_request_steps_free(&steps, ns);
	/* a second complaint, sent when it is added: after the answer */
	comp.filed = "2026-04-30";
	assert_int_equal(rc_op_request_add(f->c, &comp, NULL, NULL, &cid), RC_OK);
	expect_field(f->c, r1, 3, "escalated");
	assert_int_equal(rc_case_request_steps(f->c, r1, &steps, &ns), RC_OK);
	assert_string_equal(steps[ns - 1].to_state, "escalated");
	assert_string_equal(steps[ns - 1].day, "2026-04-30");
	assert_string_equal(steps[ns - 1].from_state, "answered");
	rc_request_steps_free(&steps, ns);
	rc_clock_set(NULL);
}
#endif

/* ---- hand-written accesses ---- */

struct jfind {
	const char *action;
	const char *has;
	int found;
};

static bool journal_find(void *ud, const struct rc_journal_entry *e)
{
	struct jfind *j = ud;
	if (!strcmp(e->action, j->action) && strstr(e->object, j->has))
		j->found++;
	return true;
}

static void test_access_add_checks_fields(void **state)
{
	struct fx *f = *state;
	struct rc_manual_access in;
	rc_manual_access_init(&in);
	in.when = "2025-03-01";
	in.authority = "Bundespolizei";
	in.country = "1x"; /* was stored as a control character */
	struct rc_access_result res;
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_INVALID);
	assert_int_equal(res.bad, RC_AF_COUNTRY);
	in.country = "de";
	in.dest_country = "ZZ";
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_INVALID);
	assert_int_equal(res.bad, RC_AF_DEST_COUNTRY);
	in.dest_country = NULL;
	in.when = "yesterday";
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_INVALID);
	assert_int_equal(res.bad, RC_AF_WHEN);
	in.when = "2025-03-01";
	in.authority = " \x1b\x07 ";
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_INVALID);
	assert_int_equal(res.bad, RC_AF_AUTHORITY);
	in.authority = "Bundespolizei";
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_OK);
	struct rc_event ev;
	assert_int_equal(rc_events_get(f->c, res.id, &ev), RC_OK);
	assert_string_equal(ev.authority_country, "DE");
	rc_event_clear(&ev);
	int64_t first = res.id;
	assert_int_equal(rc_op_access_add(f->c, &in, &res), RC_OK);
	assert_true(res.duplicate);
	assert_int_equal(res.id, first);
}

static void test_access_correct_and_withdraw(void **state)
{
	struct fx *f = *state;
	assert_int_equal(rc_op_profile_set(f->c, RC_PF_COUNTRIES, "ER", NULL, NULL), RC_OK);
	int64_t id = add_access(f->c, "2025-03-01T10:00:00Z", "Embassy of Eritrea", "ER");
	assert_int_not_equal(flags_of(f->c, id) & RC_FLAG_FLED_COUNTRY, 0);
	struct rc_manual_access in;
	rc_manual_access_init(&in);
	in.when = "2025-03-01T10:00:00Z";
	in.authority = "Embassy of Ethiopia";
	in.country = "ET";
	struct rc_access_result res;
	assert_int_equal(rc_op_access_correct(f->c, id, &in, "misread the letter", &res), RC_OK);
	assert_int_equal(flags_of(f->c, id) & RC_FLAG_FLED_COUNTRY, 0);
	struct rc_event ev;
	assert_int_equal(rc_events_get(f->c, id, &ev), RC_OK);
	assert_string_equal(ev.authority, "Embassy of Ethiopia");
	rc_event_clear(&ev);
	struct jfind j = { "access-correct", "Embassy of Eritrea", 0 };
	assert_int_equal(rc_journal_each(f->c, journal_find, &j), RC_OK);
	assert_int_equal(j.found, 1);
	struct jfind j2 = { "access-correct", "misread the letter", 0 };
	assert_int_equal(rc_journal_each(f->c, journal_find, &j2), RC_OK);
	assert_int_equal(j2.found, 1);
	/* the same details as another hand-written access: refused */
	int64_t other = add_access(f->c, "2025-04-01", "Other office", "DE");
	in.when = "2025-04-01";
	in.authority = "Other office";
	in.country = "DE";
	assert_int_equal(rc_op_access_correct(f->c, id, &in, NULL, &res), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "number"));
	(void)other;
	/* withdrawn: gone from the log, kept in the journal */
	assert_int_equal(rc_op_access_withdraw(f->c, id, "entered twice"), RC_OK);
	assert_int_equal(rc_events_get(f->c, id, &ev), RC_NOTFOUND);
	struct jfind j3 = { "access-withdraw", "Embassy of Ethiopia", 0 };
	assert_int_equal(rc_journal_each(f->c, journal_find, &j3), RC_OK);
	assert_int_equal(j3.found, 1);
	assert_int_equal(rc_op_access_withdraw(f->c, id, NULL), RC_NOTFOUND);
	struct rc_verify_report rep;
	assert_int_equal(rc_case_verify(f->c, &rep), RC_OK);
	assert_int_equal(rep.first_bad_seq, 0);
	assert_true(rep.integrity_ok);
}

static void test_imported_access_is_not_changed(void **state)
{
	struct fx *f = *state;
	/* an access as a registry's log gives it */
	struct rc_flag_ctx ctx;
	assert_int_equal(rc_op_flag_ctx(f->c, &ctx), RC_OK);
	struct rc_event_tx *tx;
	assert_int_equal(rc_events_begin(f->c, &ctx, &tx), RC_OK);
	struct rc_event ev;
	rc_event_init(&ev);
	ev.source = rc_xstrdup("https://registry.example/fhir");
	ev.ext_id = rc_xstrdup("ae-1");
	ev.occurred = rc_xstrdup("2025-01-01T00:00:00Z");
	ev.occurred_ts = 1735689600;
	ev.authority = rc_xstrdup("Registry");
	assert_int_equal(rc_events_put(tx, &ev), RC_OK);
	int64_t id = ev.id;
	rc_event_clear(&ev);
	assert_int_equal(rc_events_commit(&tx, "test"), RC_OK);
	rc_flag_ctx_clear(&ctx);
	struct rc_manual_access in;
	rc_manual_access_init(&in);
	in.when = "2025-01-01";
	in.authority = "Someone else";
	struct rc_access_result res;
	assert_int_equal(rc_op_access_correct(f->c, id, &in, NULL, &res), RC_USAGE);
	assert_non_null(strstr(rc_error_detail(), "registry"));
	assert_int_equal(rc_op_access_withdraw(f->c, id, NULL), RC_USAGE);
}

/* ---- errors ---- */

static void test_error_detail_is_fresh(void **state)
{
	struct fx *f = *state;
	rc_case_close(&f->c);
	struct rc_secret *p = tu_secret("correct horse battery");
	/* an error with a detail ... */
	assert_int_equal(rc_case_open_as(f->path, "nobody", p, &f->c), RC_NOTFOUND);
	assert_non_null(strstr(rc_error_detail(), "nobody"));
	assert_int_equal(rc_case_open(f->path, p, &f->c), RC_OK);
	rc_secret_free(&p);
	/* ... then one without: no stale detail from the first */
	assert_int_equal(rc_op_slot_remove(f->c, "applicant"), RC_LASTSLOT);
	assert_string_equal(rc_error_detail(), "");
	assert_int_equal(rc_case_slot_remove(f->c, "applicant"), RC_LASTSLOT);
	assert_string_equal(rc_error_detail(), "");
	rc_error_set("stale");
	uint64_t n;
	assert_int_equal(rc_events_count(f->c, NULL, &n), RC_OK);
	assert_string_equal(rc_error_detail(), "");
}

int main(void)
{
	assert_int_equal(rc_base_init(), 0);
	const struct CMUnitTest tests[] = {
		/* First: these fork before this process reads the catalogue
		 * (it is read once per process and kept). */
		cmocka_unit_test(test_catalogue_missing_is_an_error),
		cmocka_unit_test(test_catalogue_found_from_build_folder),
		cmocka_unit_test(test_catalogue_broken_file),
		cmocka_unit_test(test_catalogue_keeps_everything),
		cmocka_unit_test(test_profile_checks),
		cmocka_unit_test_setup_teardown(test_create_refuses_unknown_regime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_set_cancel_keeps_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_add_flags_in_one_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_add_checks_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_correct_and_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imported_access_is_not_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_detail_is_fresh, setup, teardown),
		cmocka_unit_test(test_check_compare),
#ifdef RC_TEST_HOOKS
		cmocka_unit_test_setup_teardown(test_retention_suggestions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escalation_and_check, setup, teardown),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
