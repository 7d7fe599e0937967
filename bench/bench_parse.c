/* bench_parse.c - how fast one core gets through an NDJSON access log
 * before anything is stored: the floor under the import's speed.
 *
 *   1. read(2) alone, 256 KiB at a time;
 *   2. yajl with callbacks that do nothing (the parser's own ceiling);
 *   3. recourse's importer: the parse, the duplicate-key and size checks,
 *      the mapping to the event model, the sanitizing of displayed text,
 *      the original bytes kept;
 *   4. the same and the flags of each event (rc_flags_event_memo), with
 *      the regimes of bench_import's case (common, gdpr, eurodac).
 *
 * Each figure is one thread on one core; the import itself runs the
 * reader (3 + 4) and the writer on two threads. */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

#include "bench.h"

static unsigned char buf[1 << 18];

struct count {
	uint64_t events;
	int depth;
};

static int cb_null(void *c) { (void)c; return 1; }
static int cb_bool(void *c, int b) { (void)c; (void)b; return 1; }
static int cb_num(void *c, const char *s, size_t l) { (void)c; (void)s; (void)l; return 1; }
static int cb_str(void *c, const unsigned char *s, size_t l) { (void)c; (void)s; (void)l; return 1; }
static int cb_open_map(void *c) { ((struct count *)c)->depth++; return 1; }
static int cb_close_map(void *c)
{
	struct count *k = c;
	if (--k->depth == 0)
		k->events++;
	return 1;
}
static int cb_array(void *c) { (void)c; return 1; }

static const yajl_callbacks nothing = {
	cb_null, cb_bool, NULL, NULL, cb_num, cb_str, cb_open_map, cb_str, cb_close_map, cb_array, cb_array
};

static int open_or_die(const char *file)
{
	int fd = open(file, O_RDONLY);
	if (fd < 0) {
		perror(file);
		exit(1);
	}
	return fd;
}

static void report(const char *what, uint64_t n, double ms, uint64_t bytes)
{
	double s = ms / 1000.0;
	printf("  %-44s %9" PRIu64 " events in %6.2f s = %8.0f events/s (%4.0f MB/s)\n", what, n, s,
	       s > 0 ? (double)n / s : 0.0, s > 0 ? (double)bytes / 1e6 / s : 0.0);
}

static uint64_t read_only(const char *file, uint64_t *bytes)
{
	int fd = open_or_die(file);
	uint64_t lines = 0;
	ssize_t r;
	*bytes = 0;
	while ((r = read(fd, buf, sizeof buf)) > 0) {
		*bytes += (uint64_t)r;
		for (const unsigned char *p = buf, *end = buf + r; (p = memchr(p, '\n', (size_t)(end - p))); p++)
			lines++;
	}
	close(fd);
	return lines;
}

static uint64_t yajl_only(const char *file)
{
	int fd = open_or_die(file);
	struct count k = { 0, 0 };
	yajl_handle h = yajl_alloc(&nothing, NULL, &k);
	yajl_config(h, yajl_allow_multiple_values, 1);
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		if (yajl_parse(h, buf, (size_t)r) != yajl_status_ok) {
			fprintf(stderr, "yajl: the file is not JSON\n");
			exit(1);
		}
	yajl_complete_parse(h);
	yajl_free(h);
	close(fd);
	return k.events;
}

struct take {
	uint64_t events, invalid;
	const struct rc_flag_ctx *ctx;
	struct rc_flag_memo *memo;
	uint32_t any;
};

static enum rc_status on_event(void *ud, struct rc_event *ev)
{
	struct take *t = ud;
	if (t->ctx)
		t->any |= rc_flags_event_memo(t->ctx, t->memo, ev, NULL);
	t->events++;
	rc_event_clear(ev);
	return RC_OK;
}

static void on_invalid(void *ud, const struct rc_import_error *e)
{
	(void)e;
	((struct take *)ud)->invalid++;
}

static uint64_t importer(const char *file, const struct rc_flag_ctx *ctx)
{
	int fd = open_or_die(file);
	struct take t = { 0, 0, ctx, ctx ? rc_flag_memo_new() : NULL, 0 };
	struct rc_import *imp = rc_import_new(RC_IMPORT_NDJSON, "bench.ndjson", NULL, on_event, on_invalid, &t);
	ssize_t r;
	enum rc_status st = RC_OK;
	while (st == RC_OK && (r = read(fd, buf, sizeof buf)) > 0)
		st = rc_import_feed(imp, (const char *)buf, (size_t)r);
	if (st == RC_OK)
		st = rc_import_finish(imp);
	rc_import_free(&imp);
	rc_flag_memo_free(&t.memo);
	close(fd);
	if (st != RC_OK || t.invalid) {
		fprintf(stderr, "import: %s, %" PRIu64 " invalid\n", rc_status_message(st), t.invalid);
		exit(1);
	}
	if (ctx && !t.any) {
		fprintf(stderr, "flags: no event flagged; are the regimes there?\n");
		exit(1);
	}
	return t.events;
}

static void load_regime(struct rc_regimes **r, const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/regimes/%s.json", dir, name);
	char *text;
	size_t len;
	if (rc_file_read_all(path, 1u << 22, &text, &len) != RC_OK || rc_regimes_add_json(r, text, len) != RC_OK) {
		fprintf(stderr, "%s: cannot load\n", path);
		exit(1);
	}
	free(text);
}

int main(int argc, char **argv)
{
	if (argc < 2 || rc_base_init() != 0) {
		fprintf(stderr, "usage: bench_parse FILE.ndjson  (RECOURSE_DATA_DIR: the data folder)\n");
		return 2;
	}
	const char *file = argv[1];
	const char *data = getenv("RECOURSE_DATA_DIR");
	uint64_t bytes;
	double t0 = rc_mono_ms();
	uint64_t n = read_only(file, &bytes);
	report("read(2) alone", n, rc_mono_ms() - t0, bytes);
	t0 = rc_mono_ms();
	n = yajl_only(file);
	report("yajl, callbacks that do nothing", n, rc_mono_ms() - t0, bytes);
	t0 = rc_mono_ms();
	n = importer(file, NULL);
	report("recourse's importer (parse, map, sanitize)", n, rc_mono_ms() - t0, bytes);
	if (data && *data) {
		struct rc_regimes *r = NULL;
		load_regime(&r, data, "common");
		load_regime(&r, data, "gdpr");
		load_regime(&r, data, "eurodac");
		struct rc_flag_ctx ctx;
		rc_flag_ctx_init(&ctx);
		ctx.feared = rc_xcalloc(1, sizeof *ctx.feared);
		memcpy(ctx.feared[0], "ER", 3);
		ctx.n_feared = 1;
		ctx.regimes = r;
		t0 = rc_mono_ms();
		n = importer(file, &ctx);
		report("the importer and the flags of each event", n, rc_mono_ms() - t0, bytes);
		rc_flag_ctx_clear(&ctx);
		rc_regimes_free(&r);
	}
	return 0;
}
