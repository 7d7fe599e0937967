/* test_office.c - the office deadline board on one terminal
 * (doc/office.md): the update's text, the index and its key slots, cases
 * joining and leaving, updates arriving twice, late or damaged, a case
 * that could not reach the office catching up, the board's dates being
 * the case's, and a canary in every personal field of a case found
 * nowhere in the index. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "ops.h"

#define CANARY "Zq7CANARYxK"

/* ---- the text ---- */

static void sample(struct rc_board_snapshot *s)
{
	memset(s, 0, sizeof *s);
	memset(s->office, 'a', RC_BOARD_ID_HEX);
	memset(s->case_id, 'b', RC_BOARD_ID_HEX);
	s->seq = 7;
	s->label = rc_xstrdup("case-2026.x");
	s->nreqs = 2;
	s->reqs = rc_xcalloc(2, sizeof *s->reqs);
	s->reqs[0].id = 1;
	s->reqs[0].kind = rc_xstrdup("access");
	s->reqs[0].regime = rc_xstrdup("gdpr");
	s->reqs[0].state = rc_xstrdup("extended");
	s->reqs[0].filed = rc_xstrdup("2026-10-01");
	s->reqs[0].ext_notice = rc_xstrdup("2026-10-20");
	s->reqs[0].ext_reasons = true;
	s->reqs[0].controller = rc_xstrdup("DE");
	s->reqs[0].updated = rc_xstrdup("2026-10-20T10:00:00Z");
	s->reqs[1].id = 4;
	s->reqs[1].kind = rc_xstrdup("complaint");
	s->reqs[1].state = rc_xstrdup("draft");
	s->reqs[1].follows = 1;
	s->reqs[1].relation = rc_xstrdup("escalates");
	s->nsteps = 2;
	s->steps = rc_xcalloc(2, sizeof *s->steps);
	s->steps[0] = (struct rc_board_step){ 1, "2026-10-01", "none", "filed" };
	s->steps[1] = (struct rc_board_step){ 1, "2026-10-20", "filed", "extended" };
}

static void test_text_round_trip(void **state)
{
	(void)state;
	struct rc_board_snapshot s, back;
	sample(&s);
	struct rc_buf b;
	rc_buf_init(&b);
	rc_board_encode(&s, &b);
	assert_int_equal(rc_board_decode(b.data, b.len, &back), RC_OK);
	assert_string_equal(back.label, "case-2026.x");
	assert_int_equal(back.seq, 7);
	assert_int_equal(back.nreqs, 2);
	assert_string_equal(back.reqs[0].ext_notice, "2026-10-20");
	assert_true(back.reqs[0].ext_reasons);
	assert_null(back.reqs[0].answered);
	assert_int_equal(back.reqs[1].follows, 1);
	assert_int_equal(back.nsteps, 2);
	assert_string_equal(back.steps[1].to, "extended");
	/* the same text again */
	struct rc_buf b2;
	rc_buf_init(&b2);
	rc_board_encode(&back, &b2);
	assert_int_equal(b.len, b2.len);
	assert_memory_equal(b.data, b2.data, b.len);
	rc_buf_free(&b2);
	rc_board_snapshot_clear(&back);
	rc_board_snapshot_clear(&s);
	rc_buf_free(&b);
}

/* Each change of one line of a good text, and the decoder refuses it. */
static void test_text_refuses(void **state)
{
	(void)state;
	struct rc_board_snapshot s;
	sample(&s);
	struct rc_buf b;
	rc_buf_init(&b);
	rc_board_encode(&s, &b);
	rc_board_snapshot_clear(&s);
	const char *good = rc_buf_cstr(&b);
	static const struct { const char *from, *to; } bad[] = {
		{ "recourse-board 1", "recourse-board 2" },
		{ "\tgdpr\t", "\tgd pr\t" },
		{ "2026-10-01", "2026-13-01" },
		{ "case-2026.x", "case\x01x" },
		{ "\textended\t2026-10-01", "\tExtended!\t2026-10-01" },
		{ "step\t1\t2026-10-20", "step\t9\t2026-10-20" },   /* a step of no request */
		{ "req\t4", "req\t1" },                            /* out of order */
		{ "\t7\t", "\t07\t" },                              /* one way to write a number */
		{ "end\n", "end\nreq\n" },
		{ "end\n", "" },                                    /* cut short */
		{ "aaaa", "aaaA" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *at = strstr(good, bad[i].from);
		assert_non_null(at);
		struct rc_buf m;
		rc_buf_init(&m);
		rc_buf_add(&m, good, (size_t)(at - good));
		rc_buf_addstr(&m, bad[i].to);
		rc_buf_addstr(&m, at + strlen(bad[i].from));
		struct rc_board_snapshot out;
		enum rc_status st = rc_board_decode(m.data, m.len, &out);
		if (st != RC_INVALID)
			fail_msg("change %zu (%s -> %s) was taken", i, bad[i].from, bad[i].to);
		assert_true(*rc_error_detail());
		rc_buf_free(&m);
	}
	rc_buf_free(&b);
}

/* ---- the index with cases ---- */

struct fx {
	char *dir, *office, *cpath;
	struct rc_case *c;
};

static int setup(void **state)
{
	struct fx *f = rc_xcalloc(1, sizeof *f);
	f->dir = tu_tmpdir();
	f->office = rc_path_join(f->dir, "office");
	f->cpath = rc_path_join(f->dir, "k-17.case");
	struct rc_kdf k = tu_kdf();
	rc_op_test_kdf(&k);
	struct rc_secret *p = tu_secret("office passphrase");
	struct rc_office *o;
	assert_int_equal(rc_office_create(f->office, "office", p, &k, &o), RC_OK);
	rc_office_close(&o);
	rc_secret_free(&p);
	p = tu_secret("case passphrase 1");
	struct rc_profile prof = { .regimes = "gdpr,eurodac", .display_name = CANARY "name",
		.record_ref = CANARY "ref" };
	assert_int_equal(rc_op_case_create(f->cpath, "applicant", p, &prof, &f->c), RC_OK);
	rc_secret_free(&p);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	rc_case_close(&f->c);
	tu_rmdir(f->dir);
	free(f->office);
	free(f->cpath);
	free(f);
	return 0;
}

static struct rc_office *board_open(struct fx *f)
{
	struct rc_secret *p = tu_secret("office passphrase");
	struct rc_office *o = NULL;
	assert_int_equal(rc_office_open(f->office, p, &o), RC_OK);
	rc_secret_free(&p);
	return o;
}

static int64_t add_request(struct rc_case *c, const char *kind, const char *filed)
{
	struct rc_request_in in = { .kind = kind, .regime = "gdpr", .filed = filed, .controller = "DE",
		.addressee = CANARY "addressee", .about = CANARY "about", .correct_value = CANARY "value" };
	int64_t id = 0;
	assert_int_equal(rc_op_request_add(c, &in, NULL, NULL, &id), RC_OK);
	return id;
}

static size_t inbox_files(const char *office, const char *suffix)
{
	char *p = rc_path_join(office, "inbox");
	DIR *d = opendir(p);
	free(p);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name), s = strlen(suffix);
		n += l > s && !strcmp(e->d_name + l - s, suffix);
	}
	closedir(d);
	return n;
}

static void test_wrong_passphrase_and_slots(void **state)
{
	struct fx *f = *state;
	struct rc_secret *bad = tu_secret("not the office passphrase");
	struct rc_office *o = NULL;
	assert_int_equal(rc_office_open(f->office, bad, &o), RC_BADPASS);
	assert_null(o);
	/* a case passphrase does not open the board either */
	struct rc_secret *cp = tu_secret("case passphrase 1");
	assert_int_equal(rc_office_open(f->office, cp, &o), RC_BADPASS);
	rc_secret_free(&cp);
	o = board_open(f);
	struct rc_kdf k = tu_kdf();
	struct rc_secret *p2 = tu_secret("caseworker two passphrase");
	assert_int_equal(rc_office_slot_add(o, "caseworker:2", p2, &k), RC_OK);
	assert_int_equal(rc_office_slot_add(o, "caseworker:2", p2, &k), RC_EXISTS);
	rc_office_close(&o);
	assert_int_equal(rc_office_open(f->office, p2, &o), RC_OK);
	rc_office_close(&o);
	rc_secret_free(&p2);
	rc_secret_free(&bad);
	/* not an office */
	struct rc_secret *p = tu_secret("office passphrase");
	assert_int_not_equal(rc_office_open(f->dir, p, &o), RC_OK);
	rc_secret_free(&p);
	assert_int_equal(rc_office_create(f->office, "office", p2 = tu_secret("whatever passphrase"), &k, &o), RC_EXISTS);
	rc_secret_free(&p2);
}

static void test_join_change_leave(void **state)
{
	struct fx *f = *state;
	int64_t r1 = add_request(f->c, "access", "2026-10-01");
	assert_int_equal(rc_case_office_join(f->c, f->office), RC_OK);
	assert_int_equal(inbox_files(f->office, ".board"), 1);
	int64_t r2 = add_request(f->c, "erasure", "2026-11-20");
	assert_int_equal(inbox_files(f->office, ".board"), 2);
	struct rc_office *o = board_open(f);
	assert_int_equal(inbox_files(f->office, ".board"), 0); /* read and removed */
	struct rc_board_row *rows;
	size_t n;
	assert_int_equal(rc_office_board(o, false, true, &rows, &n), RC_OK);
	assert_int_equal(n, 2);
	/* soonest due first */
	assert_int_equal(rows[0].r.id, r1);
	assert_int_equal(rows[1].r.id, r2);
	assert_string_equal(rows[0].label, "k-17");
	assert_true(rows[0].nsteps >= 1);
	rc_board_rows_free(&rows, n);

	/* while the board is open, a step: seen at the next ingest */
	struct rc_request_move m = { .to = "answered", .day = "2026-10-15", .answer = "granted", .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, r1, &m, NULL, NULL), RC_OK);
	assert_true(rc_office_inbox_waiting(f->office));
	unsigned applied = 0, refused = 0;
	assert_int_equal(rc_office_ingest(o, &applied, &refused), RC_OK);
	assert_int_equal(applied, 1);
	assert_int_equal(refused, 0);
	assert_int_equal(rc_office_board(o, false, false, &rows, &n), RC_OK);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		if (rows[i].r.id == r1)
			seen = !strcmp(rows[i].r.state, "answered");
	assert_true(seen);
	rc_board_rows_free(&rows, n);

	/* leaving takes its rows away */
	assert_int_equal(rc_case_office_leave(f->c), RC_OK);
	assert_int_equal(rc_office_ingest(o, &applied, NULL), RC_OK);
	assert_int_equal(rc_office_board(o, false, false, &rows, &n), RC_OK);
	assert_int_equal(n, 0);
	size_t cases;
	assert_int_equal(rc_office_cases(o, &cases), RC_OK);
	assert_int_equal(cases, 0);
	rc_office_close(&o);
	char *dir;
	bool behind;
	assert_int_equal(rc_case_office(f->c, &dir, &behind), RC_OK);
	assert_null(dir);
}

/* Updates read in any order, or twice, leave the newest. */
static void test_late_and_repeated_updates(void **state)
{
	struct fx *f = *state;
	add_request(f->c, "access", "2026-10-01");
	assert_int_equal(rc_case_office_join(f->c, f->office), RC_OK);
	/* keep a copy of the first update */
	char *inbox = rc_path_join(f->office, "inbox");
	DIR *d = opendir(inbox);
	struct dirent *e;
	char first[512] = "";
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".board"))
			snprintf(first, sizeof first, "%s/%s", inbox, e->d_name);
	closedir(d);
	assert_true(*first);
	char copy[600];
	snprintf(copy, sizeof copy, "%s/old.keep", inbox);
	assert_int_equal(link(first, copy), 0);
	add_request(f->c, "erasure", "2026-11-20");
	struct rc_office *o = board_open(f);
	/* the first update comes again, after the second */
	char again[600];
	snprintf(again, sizeof again, "%s/zzz-again.board", inbox);
	assert_int_equal(rename(copy, again), 0);
	unsigned applied = 9;
	assert_int_equal(rc_office_ingest(o, &applied, NULL), RC_OK);
	assert_int_equal(applied, 0);
	struct rc_board_row *rows;
	size_t n;
	assert_int_equal(rc_office_board(o, false, false, &rows, &n), RC_OK);
	assert_int_equal(n, 2); /* not back to one request */
	rc_board_rows_free(&rows, n);
	rc_office_close(&o);
	free(inbox);
}

/* Damaged or foreign updates are set aside, the board keeps the rest. */
static void test_damaged_update_set_aside(void **state)
{
	struct fx *f = *state;
	add_request(f->c, "access", "2026-10-01");
	assert_int_equal(rc_case_office_join(f->c, f->office), RC_OK);
	char *inbox = rc_path_join(f->office, "inbox");
	char path[600];
	snprintf(path, sizeof path, "%s/junk.board", inbox);
	int fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not sealed at all, a long enough line of bytes to look like one", 63), 63);
	close(fd);
	/* sealed to the right key, but not a board update */
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	char *pub = rc_path_join(f->office, "public");
	FILE *pf = fopen(pub, "r");
	char line[200], pkhex[100];
	assert_non_null(fgets(line, sizeof line, pf));
	assert_non_null(fgets(line, sizeof line, pf));
	assert_int_equal(fscanf(pf, "pk %99s", pkhex), 1);
	fclose(pf);
	free(pub);
	assert_true(rc_hex_decode(pkhex, strlen(pkhex), pk, sizeof pk));
	const char *msg = "recourse-board 1\noffice\tnothing\n";
	unsigned char sealed[200];
	crypto_box_seal(sealed, (const unsigned char *)msg, strlen(msg), pk);
	snprintf(path, sizeof path, "%s/forged.board", inbox);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_int_equal(write(fd, sealed, strlen(msg) + crypto_box_SEALBYTES), (ssize_t)(strlen(msg) + crypto_box_SEALBYTES));
	close(fd);
	struct rc_office *o = board_open(f);
	unsigned applied, refused;
	rc_office_inbox_counts(o, &applied, &refused);
	assert_int_equal(applied, 1);
	assert_int_equal(refused, 2);
	assert_int_equal(inbox_files(f->office, ".refused"), 2);
	struct rc_board_row *rows;
	size_t n;
	assert_int_equal(rc_office_board(o, true, false, &rows, &n), RC_OK);
	assert_int_equal(n, 1);
	rc_board_rows_free(&rows, n);
	rc_office_close(&o);
	free(inbox);
}

/* A case that cannot reach the office (its folder gone: a pulled stick)
 * loses nothing: the change is saved, and the board catches up. */
static void test_catch_up(void **state)
{
	struct fx *f = *state;
	add_request(f->c, "access", "2026-10-01");
	assert_int_equal(rc_case_office_join(f->c, f->office), RC_OK);
	char *away = rc_path_join(f->dir, "office-away");
	assert_int_equal(rename(f->office, away), 0);
	int64_t r2 = add_request(f->c, "erasure", "2026-11-20");
	assert_true(r2 > 0); /* the change itself is saved */
	char *dir;
	bool behind;
	assert_int_equal(rc_case_office(f->c, &dir, &behind), RC_OK);
	assert_true(behind);
	free(dir);
	assert_int_equal(rename(away, f->office), 0);
	/* the next opening of the case writes it */
	rc_case_close(&f->c);
	struct rc_secret *p = tu_secret("case passphrase 1");
	assert_int_equal(rc_case_open(f->cpath, p, &f->c), RC_OK);
	rc_secret_free(&p);
	assert_int_equal(rc_case_office(f->c, &dir, &behind), RC_OK);
	assert_false(behind);
	free(dir);
	struct rc_office *o = board_open(f);
	struct rc_board_row *rows;
	size_t n;
	assert_int_equal(rc_office_board(o, false, false, &rows, &n), RC_OK);
	assert_int_equal(n, 2);
	rc_board_rows_free(&rows, n);
	rc_office_close(&o);
	free(away);
}

/* The board's date and sentence are the case's. */
static void test_board_dates_are_the_cases(void **state)
{
	struct fx *f = *state;
	int64_t id = add_request(f->c, "access", "2026-10-30");
	struct rc_request_move m = { .to = "extended", .day = "2026-11-10", .reasons = true, .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, id, &m, NULL, NULL), RC_OK);
	assert_int_equal(rc_case_office_join(f->c, f->office), RC_OK);
	struct rc_ymd today = { 2026, 12, 6 };
	struct rc_request_view cv;
	assert_int_equal(rc_op_request_view(f->c, id, today, &cv), RC_OK);
	struct rc_office *o = board_open(f);
	struct rc_board_row *rows;
	size_t n;
	assert_int_equal(rc_office_board(o, true, true, &rows, &n), RC_OK);
	assert_int_equal(n, 1);
	struct rc_board_filter flt = { -1, NULL, NULL };
	struct rc_board_view *v;
	size_t k;
	assert_int_equal(rc_op_board_views(rows, n, today, &flt, &v, &k), RC_OK);
	assert_int_equal(k, 1);
	assert_string_equal(v[0].due, cv.due);
	assert_int_equal(v[0].d.state, cv.d.state);
	assert_int_equal(v[0].next, cv.next);
	assert_non_null(cv.explain);
	assert_string_equal(v[0].explain, cv.explain);
	/* --due-within 0 keeps it only when it is due by today */
	struct rc_board_filter soon = { 0, NULL, NULL };
	struct rc_board_view *v2;
	size_t k2;
	assert_int_equal(rc_op_board_views(rows, n, today, &soon, &v2, &k2), RC_OK);
	assert_int_equal(k2, cv.d.state == RC_DUE_OVERDUE ? 1 : 0);
	rc_board_views_free(&v2, k2);
	rc_board_views_free(&v, k);
	rc_request_view_clear(&cv);
	rc_board_rows_free(&rows, n);
	rc_office_close(&o);
}

/* A canary in every personal field of a case is nowhere in the index,
 * nor in any file of the office folder. */
static bool file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	struct rc_buf b;
	rc_buf_init(&b);
	char chunk[65536];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, fp)) > 0)
		rc_buf_add(&b, chunk, r);
	fclose(fp);
	bool found = memmem(b.data, b.len, needle, strlen(needle)) != NULL;
	rc_buf_free(&b);
	return found;
}

static void scan_dir(const char *dir, const char *needle)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = rc_path_join(dir, e->d_name);
		struct stat sb;
		assert_int_equal(lstat(p, &sb), 0);
		if (S_ISDIR(sb.st_mode))
			scan_dir(p, needle);
		else if (file_has(p, needle))
			fail_msg("%s holds the canary", p);
		free(p);
	}
	closedir(d);
}

static void test_canary_reaches_no_index(void **state)
{
	struct fx *f = *state;
	/* every personal field: the profile (setup), an access written by
	 * hand, a request with its texts, a step's detail and proof, a
	 * mandate, a check's held value */
	struct rc_manual_access a;
	rc_manual_access_init(&a);
	a.when = "2026-09-01";
	a.authority = CANARY "authority";
	a.country = "DE";
	a.role = CANARY "role";
	a.agent = CANARY "agent";
	a.system = CANARY "system";
	a.purpose = CANARY "purpose";
	a.legal_basis = CANARY "basis";
	a.dest = CANARY "dest";
	a.source_document = CANARY "srcdoc";
	a.note = CANARY "note";
	struct rc_access_result res;
	assert_int_equal(rc_op_access_add(f->c, &a, &res), RC_OK);
	int64_t mandate;
	assert_int_equal(rc_op_mandate_add(f->c, CANARY "holder", "2026-09-02", -1, NULL, &mandate), RC_OK);
	struct rc_request_in in = { .kind = "rectification", .regime = "gdpr", .filed = "2026-09-10",
		.controller = "DE", .addressee = CANARY "addressee", .about = CANARY "about",
		.correct_value = CANARY "value", .mandate = mandate };
	int64_t id;
	assert_int_equal(rc_op_request_add(f->c, &in, NULL, NULL, &id), RC_OK);
	assert_int_equal(rc_case_office_join(f->c, f->office), RC_OK);
	int pfd[2];
	assert_int_equal(pipe(pfd), 0);
	assert_int_equal(write(pfd[1], CANARY "proof", 16), 16);
	close(pfd[1]);
	struct rc_request_move m = { .to = "answered", .day = "2026-09-30", .answer = "granted",
		.detail = CANARY "detail", .proof_fd = pfd[0], .proof_name = CANARY "proof.txt" };
	assert_int_equal(rc_op_request_move(f->c, id, &m, NULL, NULL), RC_OK);
	close(pfd[0]);
	int64_t check;
	assert_int_equal(rc_op_request_check_add(f->c, id, NULL, NULL, &check), RC_OK);
	char today[RC_YMD_LEN];
	rc_ymd_format(rc_op_today(), today);
	struct rc_request_move m2 = { .to = "filed", .day = today, .channel = "post", .detail = CANARY "detail2", .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, check, &m2, NULL, NULL), RC_OK);
	struct rc_request_move m3 = { .to = "answered", .day = today, .answer = "granted", .proof_fd = -1 };
	assert_int_equal(rc_op_request_move(f->c, check, &m3, NULL, NULL), RC_OK);
	struct rc_check_in ci = { .held_value = CANARY "held", .still_held = -1 };
	assert_int_equal(rc_op_request_compare(f->c, check, &ci, NULL), RC_OK);

	/* the updates, sealed, before the board reads them */
	scan_dir(f->office, CANARY);
	struct rc_office *o = board_open(f);
	struct rc_buf dump;
	rc_buf_init(&dump);
	assert_int_equal(rc_office_test_dump(o, &dump), RC_OK);
	/* the dump is not empty: the requests are there */
	assert_non_null(strstr(rc_buf_cstr(&dump), "rectification"));
	assert_non_null(strstr(rc_buf_cstr(&dump), "2026-09-10"));
	if (strstr(rc_buf_cstr(&dump), CANARY))
		fail_msg("the office index holds the canary: %s", strstr(rc_buf_cstr(&dump), CANARY));
	rc_buf_free(&dump);
	rc_office_close(&o);
	scan_dir(f->office, CANARY);
}

int main(void)
{
	assert_int_equal(rc_base_init(), 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_text_refuses),
		cmocka_unit_test_setup_teardown(test_wrong_passphrase_and_slots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join_change_leave, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_and_repeated_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_update_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catch_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_board_dates_are_the_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_canary_reaches_no_index, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
