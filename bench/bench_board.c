/* bench_board.c - the office deadline board (doc/office.md) with CASES
 * cases of PER requests each (default 10,000 x 5 = 50,000 requests).
 *
 * Setup (not timed): an office made with the floor KDF (3 passes, 64 MiB:
 * the unlock is a deliberate cost, measured by bench_unlock), and one
 * sealed update per case written into its inbox as a case writes it
 * (rc_board_encode + crypto_box_seal to the key in OFFICE/public).  Each
 * request's stored due date is what the case would have computed
 * (rc_op_board_fill on today).  Then, timed:
 *
 *   ingest of the CASES updates (one rc_office_ingest, once);
 *   (a) board build + first screen, as "deadlines --office" does it:
 *       rc_office_board + rc_op_board_views (every row's deadline
 *       computed on today, sorted by urgency) + the first 20 lines;
 *       (a2) the rows in the stored due order SQL gives, only the first
 *       20 kept rows computed (rc_op_board_fill);
 *       (a3) as cmd_deadlines_office calls it today (open_only false);
 *   (b) an update seen by a second open board: a sealed update written
 *       (fsync'ed, renamed, as office_link.c's drop()), then on another
 *       handle rc_office_inbox_waiting + rc_office_ingest + rc_office_board;
 *   (c) the baseline: the first screen's query in plain SQL through the
 *       SQLCipher API alone, on the same index.db with the same key.
 *
 *   bench_board DIR [CASES] [PER] [RUNS]   (needs RECOURSE_DATA_DIR) */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* office.c's reader of OFFICE/public, the one rc_case_office_join uses */
enum rc_status office_public_read(const char *dir, char id[RC_BOARD_ID_HEX + 1], unsigned char *pk);

#define SCREEN 20

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static void day_str(struct rc_ymd d, char out[RC_YMD_LEN])
{
	rc_ymd_format(d, out);
}

static char *xday(struct rc_ymd d)
{
	char b[RC_YMD_LEN];
	day_str(d, b);
	return rc_xstrdup(b);
}

static void add_step(struct rc_board_snapshot *s, size_t *cap, int64_t req, struct rc_ymd d, const char *from,
	const char *to)
{
	if (s->nsteps == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		s->steps = rc_xrealloc(s->steps, *cap * sizeof *s->steps);
	}
	struct rc_board_step *t = &s->steps[s->nsteps++];
	memset(t, 0, sizeof *t);
	t->req = req;
	day_str(d, t->day);
	snprintf(t->from, sizeof t->from, "%s", from);
	snprintf(t->to, sizeof t->to, "%s", to);
}

static struct rc_ymd not_after(struct rc_ymd d, struct rc_ymd today)
{
	return rc_ymd_cmp(d, today) > 0 ? today : d;
}

/* Case i's whole board at generation gen (seq gen + 1): per requests
 * filed over the past 18 months, with their steps, and the due date,
 * deadline state and next action the case computes on today. */
static void make_snapshot(const char *office_id, unsigned i, unsigned gen, int per, struct rc_ymd today,
	struct rc_board_snapshot *s)
{
	/* holiday calendar ids (data/holidays), as a case stores them */
	static const char *const ctrl[] = { "de", "fr", "es", "it", "nl", "be", "at", "pl" };
	/* the same requests and steps for a case whatever gen: a later update
	 * of it is a newer one (seq), not another copy's history */
	rng_state = 0x9e3779b97f4a7c15ull ^ ((uint64_t)i * 1000003u + 1);
	memset(s, 0, sizeof *s);
	memcpy(s->office, office_id, sizeof s->office);
	snprintf(s->case_id, sizeof s->case_id, "%08x%024" PRIx64, i, (uint64_t)i * 2654435761u);
	s->seq = gen + 1;
	char label[64];
	snprintf(label, sizeof label, "client-%05u", i);
	s->label = rc_xstrdup(label);
	s->reqs = rc_xcalloc((size_t)per, sizeof *s->reqs);
	size_t cap = 0;
	for (int k = 0; k < per; k++) {
		struct rc_board_req *r = &s->reqs[s->nreqs++];
		r->id = k + 1;
		uint32_t kd = rnd(4);
		r->kind = rc_xstrdup(kd < 2 ? "access" : kd == 2 ? "rectification" : "erasure");
		r->regime = rc_xstrdup(rnd(5) == 0 ? "eurodac" : "gdpr");
		r->controller = rc_xstrdup(ctrl[rnd(8)]);
		struct rc_ymd filed = rc_ymd_add_days(today, -(int32_t)rnd(548));
		r->filed = xday(filed);
		if (rnd(2))
			r->received = xday(not_after(rc_ymd_add_days(filed, (int32_t)rnd(6)), today));
		/* filed 25%, acknowledged 25%, extended 10%, answered 20%, closed 20% */
		uint32_t st = rnd(20);
		const char *state = st < 5 ? "filed" : st < 10 ? "acknowledged" : st < 12 ? "extended" : st < 16 ? "answered" : "closed";
		r->state = rc_xstrdup(state);
		add_step(s, &cap, r->id, filed, "none", "filed");
		struct rc_ymd at = filed;
		const char *cur = "filed";
		if (strcmp(state, "filed") != 0) {
			at = not_after(rc_ymd_add_days(at, 2 + (int32_t)rnd(6)), today);
			add_step(s, &cap, r->id, at, cur, "acknowledged");
			cur = "acknowledged";
			if (rnd(10) == 0) { /* the authority asked for more: a pause */
				at = not_after(rc_ymd_add_days(at, 3 + (int32_t)rnd(5)), today);
				add_step(s, &cap, r->id, at, cur, "clarification");
				at = not_after(rc_ymd_add_days(at, 2 + (int32_t)rnd(10)), today);
				add_step(s, &cap, r->id, at, "clarification", cur);
			}
		}
		if (!strcmp(state, "extended") || (!strcmp(state, "answered") && rnd(4) == 0)) {
			at = not_after(rc_ymd_add_days(at, 10 + (int32_t)rnd(15)), today);
			add_step(s, &cap, r->id, at, cur, "extended");
			cur = "extended";
			r->ext_notice = xday(at);
			r->ext_reasons = rnd(3) != 0;
		}
		if (!strcmp(state, "answered") || !strcmp(state, "closed")) {
			at = not_after(rc_ymd_add_days(at, 5 + (int32_t)rnd(40)), today);
			add_step(s, &cap, r->id, at, cur, "answered");
			cur = "answered";
			r->answered = xday(at);
			uint32_t a = rnd(4);
			r->answer = rc_xstrdup(a == 0 ? "granted" : a == 1 ? "partly" : a == 2 ? "refused" : "no-data");
		}
		if (!strcmp(state, "closed")) {
			at = not_after(rc_ymd_add_days(at, 1 + (int32_t)rnd(20)), today);
			add_step(s, &cap, r->id, at, cur, "closed");
		}
		char stamp[40];
		snprintf(stamp, sizeof stamp, "%sT10:%02u:00Z", s->steps[s->nsteps - 1].day, rnd(60));
		r->updated = rc_xstrdup(stamp);
	}
	/* what the case sends: its own computation of each deadline */
	size_t from = 0;
	for (size_t k = 0; k < s->nreqs; k++) {
		struct rc_board_req *r = &s->reqs[k];
		size_t to = from;
		while (to < s->nsteps && s->steps[to].req == r->id)
			to++;
		struct rc_board_row row;
		memset(&row, 0, sizeof row);
		memcpy(row.case_id, s->case_id, sizeof row.case_id);
		row.label = s->label;
		row.r = *r;
		row.steps = s->steps + from;
		row.nsteps = to - from;
		struct rc_board_view v = { .row = &row };
		if (rc_op_board_fill(&v, today) == RC_OK) {
			if (*v.due)
				r->due = rc_xstrdup(v.due);
			r->due_state = rc_xstrdup(rc_due_state_id(v.d.state));
			r->next_action = rc_xstrdup(rc_next_action_id(v.next));
		}
		rc_board_view_clear(&v);
		from = to;
	}
}

/* Seal s to pk and write it into OFFICE/inbox as CASEID-SEQ.board;
 * durable: written to a temporary name, synced, renamed, the folder
 * synced (office_link.c's drop()). */
static void drop(const char *office, const unsigned char *pk, const struct rc_board_snapshot *s, bool durable)
{
	struct rc_buf text;
	rc_buf_init(&text);
	rc_board_encode(s, &text);
	size_t n = text.len + crypto_box_SEALBYTES;
	unsigned char *sealed = rc_xmalloc(n);
	crypto_box_seal(sealed, (const unsigned char *)text.data, text.len, pk);
	rc_buf_free(&text);
	char inbox[4096], tmp[4200], fin[4200];
	snprintf(inbox, sizeof inbox, "%s/inbox", office);
	snprintf(fin, sizeof fin, "%s/%s-%020" PRIu64 ".board", inbox, s->case_id, s->seq);
	snprintf(tmp, sizeof tmp, "%s/%s-%020" PRIu64 ".tmp", inbox, s->case_id, s->seq);
	int fd = open(durable ? tmp : fin, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, sealed, n) != (ssize_t)n || (durable && fsync(fd) != 0) || close(fd) != 0) {
		perror("bench_board: write");
		exit(1);
	}
	if (durable) {
		if (rename(tmp, fin) != 0) {
			perror("bench_board: rename");
			exit(1);
		}
		int dfd = open(inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	free(sealed);
}

struct stats {
	double t[1000], cpu[1000]; /* wall and processor ms */
	int n, ncpu;
};
static void add(struct stats *s, double v)
{
	s->t[s->n++] = v;
}
/* processor time of the whole process (all threads), in ms: steadier
 * than the wall clock when other work shares the machine */
static double cpu_ms(void)
{
	return bench_cpu_s() * 1000;
}
static void add_cpu(struct stats *s, double v)
{
	s->cpu[s->ncpu++] = v;
}
static double med(struct stats *s)
{
	qsort(s->t, (size_t)s->n, sizeof *s->t, cmp_double);
	return s->t[s->n / 2];
}
static double p95(struct stats *s)
{
	qsort(s->t, (size_t)s->n, sizeof *s->t, cmp_double);
	return s->t[s->n * 95 / 100 < s->n ? s->n * 95 / 100 : s->n - 1];
}
static void line(const char *label, struct stats *s)
{
	printf("  %-64s median-ms=%8.2f p95-ms=%8.2f", label, med(s), p95(s));
	if (s->ncpu) {
		qsort(s->cpu, (size_t)s->ncpu, sizeof *s->cpu, cmp_double);
		printf(" cpu-median-ms=%8.2f", s->cpu[s->ncpu / 2]);
	}
	printf("\n");
}

/* The first screen's lines, as the CLI's table has them (the cost of
 * formatting, not of a terminal). */
static size_t screen(struct rc_board_view *v, size_t k, char *out, size_t cap)
{
	size_t len = 0;
	for (size_t i = 0; i < k && i < SCREEN; i++) {
		const struct rc_board_row *b = v[i].row;
		int w = snprintf(out + len, cap - len, "%s\t%" PRId64 "\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", b->label,
			b->r.id, b->r.kind, b->r.regime ? b->r.regime : "", b->r.state, v[i].due, v[i].d.days_left,
			rc_due_state_id(v[i].d.state), rc_next_action_label(v[i].next), v[i].explain ? v[i].explain : "");
		if (w > 0 && (size_t)w < cap - len)
			len += (size_t)w;
	}
	return len;
}

/* The first screen as the TUI draws it first: rc_office_board_page,
 * then each row's deadline on today; the rows (SCREEN of them, freed
 * with rc_board_rows_free(&rows, SCREEN)) or NULL. */
static struct rc_board_row *first_screen(struct rc_office *o, struct rc_ymd today, const struct rc_board_filter *f,
	struct rc_board_view *v, size_t *k)
{
	struct rc_board_row *rows;
	size_t n;
	if (rc_office_board_page(o, SCREEN, &rows, &n) != RC_OK) {
		fprintf(stderr, "bench_board: page: %s\n", rc_error_detail());
		return NULL;
	}
	rows = rc_xrealloc(rows, SCREEN * sizeof *rows);
	memset(rows + n, 0, (SCREEN - n) * sizeof *rows);
	memset(v, 0, SCREEN * sizeof *v);
	*k = 0;
	for (size_t i = 0; i < n; i++) {
		v[*k].row = &rows[i];
		if (rc_op_board_fill(&v[*k], today) != RC_OK)
			return NULL;
		if (rc_op_board_keep(&v[*k], f, today))
			(*k)++;
		else
			rc_board_view_clear(&v[*k]);
	}
	return rows;
}

/* The same board moved into PostgreSQL (BENCH_BOARD_PG: a connection
 * string, e.g. host=127.0.0.1 port=N dbname=board: loopback): the first
 * screen, and an update by one terminal seen by another's open board
 * (LISTEN/NOTIFY). */
static int pg_section(struct rc_office *o, const char *office_dir, const char *conn, struct rc_ymd today, const struct rc_board_filter *f,
	int runs, char *text, size_t tlen)
{
	struct rc_office *pg, *pg2;
	if (rc_office_open_db(conn, true, &pg) != RC_OK || rc_office_open_db(conn, false, &pg2) != RC_OK) {
		fprintf(stderr, "bench_board: PostgreSQL: %s\n", rc_error_detail());
		return 1;
	}
	size_t have = 0;
	rc_office_cases(pg, &have);
	if (have == 0) {
		double a = rc_mono_ms();
		size_t moved;
		struct rc_office *tmp = pg;
		if (rc_office_move(o, tmp, conn, &moved) != RC_OK) {
			fprintf(stderr, "bench_board: move to PostgreSQL: %s\n", rc_error_detail());
			return 1;
		}
		/* the folder's board stays the benchmark's: take the note away */
		char *note = rc_path_join(office_dir, "moved");
		unlink(note);
		free(note);
		printf("PostgreSQL: %zu cases moved in by office move in %.1f s\n", moved, (rc_mono_ms() - a) / 1000);
	}
	struct stats a_all = { 0 }, a_full = { 0 };
	for (int r = 0; r < runs; r++) {
		double a = rc_mono_ms();
		size_t k = 0;
		struct rc_board_view v[SCREEN];
		struct rc_board_row *rows = first_screen(pg2, today, f, v, &k);
		if (!rows)
			return 1;
		screen(v, k, text, tlen);
		add(&a_all, rc_mono_ms() - a);
		for (size_t i = 0; i < k; i++)
			rc_board_view_clear(&v[i]);
		rc_board_rows_free(&rows, SCREEN);
		a = rc_mono_ms();
		size_t n, kk;
		struct rc_board_view *vv;
		if (rc_office_board(pg2, true, true, &rows, &n) != RC_OK || rc_op_board_views(rows, n, today, f, &vv, &kk) != RC_OK)
			return 1;
		screen(vv, kk, text, tlen);
		add(&a_full, rc_mono_ms() - a);
		rc_board_views_free(&vv, kk);
		rc_board_rows_free(&rows, n);
	}
	printf("(pg a) PostgreSQL on loopback, first screen (%d runs):\n", runs);
	line("rc_office_board_page + 20 x rc_op_board_fill + 20 lines", &a_all);
	line("whole board: rc_office_board + views + 20 lines", &a_full);
	struct stats u = { 0 };
	struct rc_board_snapshot *snaps;
	size_t ns;
	if (rc_office_snapshots(pg, &snaps, &ns) != RC_OK || ns == 0)
		return 1;
	for (int r = 0; r < runs; r++) {
		struct rc_board_snapshot *s = &snaps[(size_t)r % ns];
		s->seq += 1000000; /* newer than what the board holds */
		bool applied, changed = false;
		rc_office_wait(pg2, 0, &changed); /* nothing pending */
		double a = rc_mono_ms();
		if (rc_office_put(pg, s, &applied) != RC_OK || !applied) {
			fprintf(stderr, "bench_board: PostgreSQL update: %s\n", rc_error_detail());
			return 1;
		}
		changed = false;
		while (!changed)
			if (rc_office_wait(pg2, 1000, &changed) != RC_OK)
				return 1;
		size_t k = 0;
		struct rc_board_view v[SCREEN];
		struct rc_board_row *rows = first_screen(pg2, today, f, v, &k);
		if (!rows)
			return 1;
		screen(v, k, text, tlen);
		add(&u, rc_mono_ms() - a);
		for (size_t i = 0; i < k; i++)
			rc_board_view_clear(&v[i]);
		rc_board_rows_free(&rows, SCREEN);
	}
	printf("(pg b) an update by one terminal seen by another's open board (NOTIFY), first screen redrawn:\n");
	line("update transaction to first screen redrawn", &u);
	for (size_t i = 0; i < ns; i++)
		rc_board_snapshot_clear(&snaps[i]);
	free(snaps);
	rc_office_close(&pg2);
	rc_office_close(&pg);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || rc_base_init() != 0) {
		fprintf(stderr, "usage: bench_board DIR [CASES] [PER] [RUNS]\n");
		return 2;
	}
	unsigned ncases = argc > 2 ? (unsigned)atoi(argv[2]) : 10000;
	int per = argc > 3 ? atoi(argv[3]) : 5;
	int runs = argc > 4 ? atoi(argv[4]) : 20;
	if (runs < 1 || runs > 1000 || per < 1 || ncases < 1)
		return 2;
	char *office = rc_path_join(argv[1], "office");
	struct rc_secret *pass = bench_secret("bench office passphrase");
	struct rc_kdf floor_ = { 3, (size_t)64 << 20 };
	struct rc_office *o, *o2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	double t0 = rc_mono_ms();
	bool made = access(office, F_OK) == 0; /* made already: the timed parts only (for a profiler) */
	if (made) {
		if (rc_office_open(office, pass, &o) != RC_OK) {
			fprintf(stderr, "bench_board: cannot open %s: %s\n", office, rc_error_detail());
			return 1;
		}
		printf("office %s opened (made by an earlier run: no setup, no ingest)\n", office);
	} else if (rc_office_create(office, "bench", pass, &floor_, &o) != RC_OK) {
		fprintf(stderr, "bench_board: cannot make %s: %s\n", office, rc_error_detail());
		return 1;
	}
	else
		printf("office made in %.0f ms (Argon2id floor: 3 passes, 64 MiB; the unlock's cost is bench_unlock's, not counted below)\n",
	       rc_mono_ms() - t0);
	char id[RC_BOARD_ID_HEX + 1];
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	if (office_public_read(office, id, pk) != RC_OK) {
		fprintf(stderr, "bench_board: %s/public: %s\n", office, rc_error_detail());
		return 1;
	}
	struct rc_ymd today = rc_op_today();
	char todays[RC_YMD_LEN];
	day_str(today, todays);

	/* setup: one update per case in the inbox (not timed, not synced) */
	t0 = rc_mono_ms();
	if (made)
		ncases = 0;
	size_t nsteps = 0, bytes = 0;
	for (unsigned i = 0; i < ncases; i++) {
		struct rc_board_snapshot s;
		make_snapshot(id, i, 0, per, today, &s);
		nsteps += s.nsteps;
		struct rc_buf b;
		rc_buf_init(&b);
		rc_board_encode(&s, &b);
		bytes += b.len + crypto_box_SEALBYTES;
		rc_buf_free(&b);
		drop(office, pk, &s, false);
		rc_board_snapshot_clear(&s);
	}
	if (!made)
		printf("setup: %u cases x %d requests = %u requests, %zu steps, %zu sealed bytes, written in %.1f s (not timed; today %s)\n",
	       ncases, per, ncases * (unsigned)per, nsteps, bytes, (rc_mono_ms() - t0) / 1000, todays);

	t0 = rc_mono_ms();
	unsigned applied = 0, refused = 0;
	size_t nc = 0;
	if (made) {
		rc_office_cases(o, &nc);
		ncases = (unsigned)nc;
	} else if (rc_office_ingest(o, &applied, &refused) != RC_OK || applied != ncases) {
		fprintf(stderr, "bench_board: ingest: %u applied, %u refused: %s\n", applied, refused, rc_error_detail());
		return 1;
	}
	double ingest = rc_mono_ms() - t0;
	if (!made)
		printf("ingest of %u updates (one rc_office_ingest, synchronous=FULL): %.0f ms (%.2f ms per update)\n", ncases,
	       ingest, ingest / ncases);

	/* what the board holds */
	{
		struct rc_board_row *rows;
		size_t n;
		struct rc_board_view *v;
		size_t k;
		struct rc_board_filter f = { .due_within = -1 };
		if (rc_office_board(o, true, true, &rows, &n) != RC_OK || rc_op_board_views(rows, n, today, &f, &v, &k) != RC_OK) {
			fprintf(stderr, "bench_board: board: %s\n", rc_error_detail());
			return 1;
		}
		size_t by[8] = { 0 };
		for (size_t i = 0; i < k; i++)
			by[v[i].d.state < 8 ? v[i].d.state : 7]++;
		printf("board: %zu rows not closed, %zu waiting for an answer:", n, k);
		for (int s = 0; s < 8; s++)
			if (by[s])
				printf(" %s %zu", rc_due_state_id((enum rc_due_state)s), by[s]);
		printf("\n");
		if (k && v[0].d.state == RC_DUE_UNKNOWN)
			printf("  (every deadline unknown: is RECOURSE_DATA_DIR set?)\n");
		rc_board_views_free(&v, k);
		rc_board_rows_free(&rows, n);
	}

	static char text[64 << 10];
	struct rc_board_filter f = { .due_within = -1 };
	/* (a) the full recompute */
	struct stats a_all = { 0 }, a_sql = { 0 }, a_views = { 0 }, a_scr = { 0 };
	char first_keys[SCREEN][RC_BOARD_ID_HEX + 24];
	size_t nfirst = 0, nkept = 0;
	for (int r = 0; r < runs; r++) {
		struct rc_board_row *rows;
		size_t n, k;
		struct rc_board_view *v;
		double ca = cpu_ms(), a = rc_mono_ms();
		if (rc_office_board(o, true, true, &rows, &n) != RC_OK)
			return 1;
		double b = rc_mono_ms(), cb = cpu_ms();
		if (rc_op_board_views(rows, n, today, &f, &v, &k) != RC_OK)
			return 1;
		double c = rc_mono_ms(), cc = cpu_ms();
		size_t len = screen(v, k, text, sizeof text);
		double d = rc_mono_ms();
		add_cpu(&a_all, cpu_ms() - ca);
		add_cpu(&a_sql, cb - ca);
		add_cpu(&a_views, cc - cb);
		add(&a_all, d - a);
		add(&a_sql, b - a);
		add(&a_views, c - b);
		add(&a_scr, d - c);
		if (r == 0) {
			nkept = k;
			for (size_t i = 0; i < k && i < SCREEN; i++)
				snprintf(first_keys[nfirst++], sizeof first_keys[0], "%s/%" PRId64, v[i].row->case_id, v[i].row->r.id);
		}
		(void)len;
		rc_board_views_free(&v, k);
		rc_board_rows_free(&rows, n);
	}
	printf("(a) board build + first screen (%d runs), %zu rows shown of the board:\n", runs, nkept);
	line("whole: rc_office_board(open_only, with_steps) + views + 20 lines", &a_all);
	line("  rc_office_board (SQL, every open row with its steps)", &a_sql);
	line("  rc_op_board_views (every deadline on today, urgency sort)", &a_views);
	line("  first 20 lines formatted", &a_scr);

	/* (a2) stored due order, only the first screen computed */
	struct stats b_all = { 0 };
	size_t same = 0;
	for (int r = 0; r < runs; r++) {
		struct rc_board_row *rows;
		size_t n;
		double ca = cpu_ms(), a = rc_mono_ms();
		if (rc_office_board(o, true, true, &rows, &n) != RC_OK)
			return 1;
		struct rc_board_view v[SCREEN];
		size_t k = 0;
		memset(v, 0, sizeof v);
		for (size_t i = 0; i < n && k < SCREEN; i++) {
			v[k].row = &rows[i];
			if (rc_op_board_fill(&v[k], today) != RC_OK)
				return 1;
			if (rc_op_board_keep(&v[k], &f, today))
				k++;
			else
				rc_board_view_clear(&v[k]);
		}
		screen(v, k, text, sizeof text);
		add(&b_all, rc_mono_ms() - a);
		add_cpu(&b_all, cpu_ms() - ca);
		if (r == 0)
			for (size_t i = 0; i < k; i++) {
				char key[RC_BOARD_ID_HEX + 24];
				snprintf(key, sizeof key, "%s/%" PRId64, v[i].row->case_id, v[i].row->r.id);
				for (size_t j = 0; j < nfirst; j++)
					same += !strcmp(key, first_keys[j]);
			}
		for (size_t i = 0; i < k; i++)
			rc_board_view_clear(&v[i]);
		rc_board_rows_free(&rows, n);
	}
	printf("(a2) rows in the stored due order from SQL, only the first %d kept rows computed (rc_op_board_fill):\n", SCREEN);
	line("whole: rc_office_board + 20 x rc_op_board_fill + 20 lines", &b_all);
	printf("  its first screen holds %zu of the %zu rows of (a)'s (the stored dates were computed today; on\n"
	       "  a later day they still differ only where a clock is paused or the rules or calendars changed)\n", same, nfirst);

	/* (a3) as cmd_deadlines_office calls rc_office_board without --state */
	struct stats c_all = { 0 };
	size_t c_rows = 0;
	for (int r = 0; r < runs; r++) {
		struct rc_board_row *rows;
		size_t n, k;
		struct rc_board_view *v;
		double ca = cpu_ms(), a = rc_mono_ms();
		if (rc_office_board(o, false, true, &rows, &n) != RC_OK || rc_op_board_views(rows, n, today, &f, &v, &k) != RC_OK)
			return 1;
		screen(v, k, text, sizeof text);
		add(&c_all, rc_mono_ms() - a);
		add_cpu(&c_all, cpu_ms() - ca);
		c_rows = n;
		rc_board_views_free(&v, k);
		rc_board_rows_free(&rows, n);
	}
	printf("(a3) as cmd_deadlines_office calls it (open_only = false: %zu rows read, closed ones too):\n", c_rows);
	line("whole: rc_office_board(all, with_steps) + views + 20 lines", &c_all);

	/* (a4) the first screen by rc_office_board_page: the index's first 20
	 * rows, their deadlines computed on today (what the TUI shows first) */
	struct stats p_all = { 0 };
	size_t p_same = 0;
	for (int r = 0; r < runs; r++) {
		double ca = cpu_ms(), a = rc_mono_ms();
		size_t k = 0;
		struct rc_board_view v[SCREEN];
		struct rc_board_row *rows = first_screen(o, today, &f, v, &k);
		if (!rows)
			return 1;
		screen(v, k, text, sizeof text);
		add(&p_all, rc_mono_ms() - a);
		add_cpu(&p_all, cpu_ms() - ca);
		if (r == 0)
			for (size_t i = 0; i < k; i++) {
				char key[RC_BOARD_ID_HEX + 24];
				snprintf(key, sizeof key, "%s/%" PRId64, v[i].row->case_id, v[i].row->r.id);
				for (size_t j = 0; j < nfirst; j++)
					p_same += !strcmp(key, first_keys[j]);
			}
		for (size_t i = 0; i < k; i++)
			rc_board_view_clear(&v[i]);
		rc_board_rows_free(&rows, SCREEN);
	}
	printf("(a4) first screen by rc_office_board_page (the index's first %d rows, each computed on today):\n", SCREEN);
	line("whole: rc_office_board_page + 20 x rc_op_board_fill + 20 lines", &p_all);
	printf("  its rows: %zu of the %zu of (a)'s first screen\n", p_same, nfirst);

	/* (b) an update seen by a second open board */
	t0 = rc_mono_ms();
	if (rc_office_open(office, pass, &o2) != RC_OK) {
		fprintf(stderr, "bench_board: second open: %s\n", rc_error_detail());
		return 1;
	}
	printf("(b) second handle opened in %.0f ms (Argon2id floor; not counted)\n", rc_mono_ms() - t0);
	struct stats u_all = { 0 }, u_write = { 0 }, u_ingest = { 0 }, u_board = { 0 }, u_screen = { 0 };
	for (int r = 0; r < runs; r++) {
		unsigned ci = (unsigned)((uint64_t)r * 7919u % ncases);
		struct rc_board_snapshot s;
		/* a higher seq than any earlier run's (the office keeps the highest) */
		make_snapshot(id, ci, (unsigned)time(NULL) + (unsigned)r, per, today, &s);
		double a = rc_mono_ms();
		drop(office, pk, &s, true);
		double b = rc_mono_ms();
		rc_board_snapshot_clear(&s);
		if (!rc_office_inbox_waiting(office)) {
			fprintf(stderr, "bench_board: the update is not seen\n");
			return 1;
		}
		unsigned ap = 0, rf = 0;
		if (rc_office_ingest(o2, &ap, &rf) != RC_OK || ap != 1) {
			fprintf(stderr, "bench_board: the update was not applied (%u, %u refused): %s\n", ap, rf, rc_error_detail());
			return 1;
		}
		double c = rc_mono_ms(), cc = cpu_ms();
		struct rc_board_row *rows;
		size_t n, k;
		struct rc_board_view *v;
		if (rc_office_board(o2, true, true, &rows, &n) != RC_OK)
			return 1;
		double d = rc_mono_ms();
		add_cpu(&u_board, cpu_ms() - cc);
		if (rc_op_board_views(rows, n, today, &f, &v, &k) != RC_OK)
			return 1;
		screen(v, k, text, sizeof text);
		double e = rc_mono_ms();
		add(&u_all, d - a);
		add(&u_write, b - a);
		add(&u_ingest, c - b);
		add(&u_board, d - c);
		add(&u_screen, e - a);
		rc_board_views_free(&v, k);
		rc_board_rows_free(&rows, n);
	}
	printf("(b) update seen by a second board (%d runs; no polling delay counted):\n", runs);
	line("write to rows available (write, waiting, ingest, rc_office_board)", &u_all);
	line("  the case's side: encode, seal, write, fsync, rename, fsync dir", &u_write);
	line("  rc_office_inbox_waiting + rc_office_ingest (one update)", &u_ingest);
	line("  rc_office_board re-read", &u_board);
	line("write to first screen redrawn (+ views + 20 lines)", &u_screen);

	/* (b2) the same, the second board redrawing its first screen by
	 * rc_office_board_page */
	struct stats w_all = { 0 };
	for (int r = 0; r < runs; r++) {
		unsigned ci = (unsigned)((uint64_t)(r + runs) * 7919u % ncases);
		struct rc_board_snapshot s2;
		make_snapshot(id, ci, (unsigned)time(NULL) + (unsigned)(r + runs), per, today, &s2);
		double a = rc_mono_ms();
		drop(office, pk, &s2, true);
		rc_board_snapshot_clear(&s2);
		unsigned ap = 0, rf = 0;
		if (!rc_office_inbox_waiting(office) || rc_office_ingest(o2, &ap, &rf) != RC_OK || ap != 1)
			return 1;
		size_t k = 0;
		struct rc_board_view v[SCREEN];
		struct rc_board_row *rows = first_screen(o2, today, &f, v, &k);
		if (!rows)
			return 1;
		screen(v, k, text, sizeof text);
		add(&w_all, rc_mono_ms() - a);
		for (size_t i = 0; i < k; i++)
			rc_board_view_clear(&v[i]);
		rc_board_rows_free(&rows, SCREEN);
	}
	printf("(b2) update seen by a second board that redraws its first screen by rc_office_board_page:\n");
	line("write to first screen redrawn", &w_all);

	if (getenv("BENCH_BOARD_PG") && *getenv("BENCH_BOARD_PG") && pg_section(o, office, getenv("BENCH_BOARD_PG"), today, &f, runs, text, sizeof text) != 0)
		return 1;

	/* (c) the baseline: the same first screen in plain SQL */
	unsigned char key[RC_DATA_KEY_BYTES];
	int page_size, compat;
	rc_office_key_for_bench(o, key, &page_size, &compat);
	char *db_path = rc_path_join(office, "index.db");
	sqlite3 *h;
	if (sqlite3_open_v2(db_path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_board: %s: %s\n", db_path, sqlite3_errmsg(h));
		return 1;
	}
	char *hex = db_key_text(key);
	sqlite3_key(h, hex, (int)strlen(hex));
	sodium_free(hex);
	sodium_memzero(key, sizeof key);
	if (compat == 3)
		sqlite3_exec(h, "PRAGMA cipher_compatibility = 3", NULL, NULL, NULL);
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA cipher_page_size = %d", page_size);
	sqlite3_exec(h, pragma, NULL, NULL, NULL);
	/* the same page cache as the office's own handle (db.c) */
	sqlite3_exec(h, "PRAGMA cache_size = " RC_CACHE_PRAGMA, NULL, NULL, NULL);
	static const char *const sql_first =
		"SELECT c.label, r.req, r.kind, r.regime, r.state, r.due, r.due_state, r.next_action "
		"FROM board_request r JOIN board_case c USING(case_id) WHERE r.closed = 0 "
		"ORDER BY r.due IS NULL, r.due LIMIT 20";
	static const char *const sql_all =
		"SELECT r.case_id, c.label, r.req, r.kind, r.regime, r.state, r.filed, r.received, r.controller, "
		"r.ext_notice, r.ext_reasons, r.answered, r.answer, r.relation, r.follows, r.check_result, r.due, "
		"r.due_state, r.next_action, r.updated, c.updated FROM board_request r JOIN board_case c USING(case_id) "
		"WHERE r.closed = 0 ORDER BY r.due IS NULL, r.due, c.label, r.req";
	/* the same rows (those with a due date first), in the index's order */
	static const char *const sql_index =
		"SELECT c.label, r.req, r.kind, r.regime, r.state, r.due, r.due_state, r.next_action "
		"FROM board_request r JOIN board_case c USING(case_id) WHERE r.closed = 0 AND r.due IS NOT NULL "
		"ORDER BY r.due LIMIT 20";
	const char *const sqls[] = { sql_first, sql_index, sql_all };
	const char *const what[] = { "plain SQL: first 20 open rows by stored due (LIMIT 20)",
		"plain SQL: the same, due IS NOT NULL, ORDER BY due (the index's order)",
		"plain SQL: every open row sorted by due in SQL, stepped only" };
	for (int w = 0; w < 3; w++) {
		struct stats s = { 0 };
		size_t got = 0;
		for (int r = 0; r < runs; r++) {
			double a = rc_mono_ms();
			sqlite3_stmt *q;
			if (sqlite3_prepare_v2(h, sqls[w], -1, &q, NULL) != SQLITE_OK) {
				fprintf(stderr, "bench_board: %s\n", sqlite3_errmsg(h));
				return 1;
			}
			got = 0;
			size_t len = 0;
			while (sqlite3_step(q) == SQLITE_ROW) {
				got++;
				if (w < 2) {
					int n = snprintf(text + len, sizeof text - len, "%s\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\n",
						sqlite3_column_text(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_text(q, 2),
						sqlite3_column_text(q, 3), sqlite3_column_text(q, 4), sqlite3_column_text(q, 5),
						sqlite3_column_text(q, 6), sqlite3_column_text(q, 7));
					if (n > 0 && (size_t)n < sizeof text - len)
						len += (size_t)n;
				}
			}
			sqlite3_finalize(q);
			add(&s, rc_mono_ms() - a);
		}
		if (w == 0)
			printf("(c) baseline, index.db opened with the SQLCipher API alone, same key (%zu rows):\n", got);
		line(what[w], &s);
	}
	/* the first screen's query, once more on a handle that has read nothing yet */
	{
		sqlite3 *h2;
		sqlite3_open_v2(db_path, &h2, SQLITE_OPEN_READONLY, NULL);
		rc_office_key_for_bench(o, key, &page_size, &compat);
		hex = db_key_text(key);
		sqlite3_key(h2, hex, (int)strlen(hex));
		sodium_free(hex);
		sodium_memzero(key, sizeof key);
		if (compat == 3)
			sqlite3_exec(h2, "PRAGMA cipher_compatibility = 3", NULL, NULL, NULL);
		sqlite3_exec(h2, pragma, NULL, NULL, NULL);
		sqlite3_exec(h2, "PRAGMA cache_size = " RC_CACHE_PRAGMA, NULL, NULL, NULL);
		double k0 = rc_mono_ms();
		sqlite3_exec(h2, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
		double a = rc_mono_ms();
		sqlite3_stmt *q1;
		size_t got = 0;
		if (sqlite3_prepare_v2(h2, sql_first, -1, &q1, NULL) == SQLITE_OK) {
			while (sqlite3_step(q1) == SQLITE_ROW)
				got++;
			sqlite3_finalize(q1);
		}
		printf("  plain SQL, first screen's query on a fresh handle (raw key; %zu rows): %.2f ms, after %.2f ms for its first read (the schema)\n",
		       got, rc_mono_ms() - a, a - k0);
		sqlite3_close(h2);
	}
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(h, "EXPLAIN QUERY PLAN SELECT 1 FROM board_request r JOIN board_case c USING(case_id) "
	                          "WHERE r.closed = 0 ORDER BY r.due IS NULL, r.due LIMIT 20", -1, &q, NULL) == SQLITE_OK) {
		printf("  its plan:");
		while (sqlite3_step(q) == SQLITE_ROW)
			printf(" [%s]", sqlite3_column_text(q, 3));
		printf("\n");
		sqlite3_finalize(q);
	}
	sqlite3_close(h);
	free(db_path);
	rc_office_close(&o2);
	rc_office_close(&o);
	rc_secret_free(&pass);
	free(office);
	return 0;
}
