/* bench_insert.c - 100,000 access events of a realistic width (normalized
 * columns plus ~1.9 KB of original JSON) into the encrypted case file, and
 * the same rows into a plain SQLite file with the same schema, in one run.
 * Target: encrypted within 1.5x of plain.  Usage: bench_insert DIR [N] */
#include "config.h"

#include <inttypes.h>

#include "bench.h"

static char raw[1900];

static void fill(struct rc_event *e, uint64_t i)
{
	char id[32], agent[32], iso[32];
	rc_event_init(e);
	snprintf(id, sizeof id, "ae-%09" PRIu64, i);
	snprintf(agent, sizeof agent, "STAFF-%04" PRIu64, i % 997);
	e->source = rc_xstrdup("Eurodac Central System");
	e->ext_id = rc_xstrdup(id);
	e->occurred_ts = 1600000000 + (int64_t)i * 37;
	rc_time_iso((time_t)e->occurred_ts, iso, sizeof iso);
	e->occurred = rc_xstrdup(iso);
	e->recorded = rc_xstrdup(iso);
	e->recorded_ts = e->occurred_ts;
	static const char *const auth[] = { "Bundespolizei", "Bundesamt für Migration und Flüchtlinge",
		"Préfecture de police de Paris", "Ministero dell'Interno", "Immigratie- en Naturalisatiedienst" };
	e->authority = rc_xstrdup(auth[i % 5]);
	e->authority_country = rc_xstrdup(i % 5 == 2 ? "FR" : i % 5 == 3 ? "IT" : i % 5 == 4 ? "NL" : "DE");
	e->authority_type = rc_xstrdup("border police");
	e->role = rc_xstrdup("border officer");
	e->agent = rc_xstrdup(agent);
	e->system = rc_xstrdup("Eurodac Central System");
	e->categories = RC_CAT_FINGERPRINTS | RC_CAT_FACE;
	e->action = RC_ACT_SEARCH;
	e->outcome = RC_OUT_HIT;
	e->purpose = rc_xstrdup("Border check");
	e->legal_basis = rc_xstrdup("https://eur-lex.europa.eu/eli/reg/2024/1358/oj");
	e->origin = rc_xstrdup("bench");
	e->raw = rc_xmalloc(sizeof raw);
	memcpy(e->raw, raw, sizeof raw);
	memcpy(e->raw, id, strlen(id));
	e->raw_len = sizeof raw;
}

static double run(struct rc_case *c, uint64_t n)
{
	double t0 = rc_mono_ms();
	struct rc_event_tx *tx = NULL;
	for (uint64_t i = 0; i < n; i++) {
		if (!tx && rc_events_begin(c, NULL, &tx) != RC_OK)
			exit(1);
		struct rc_event e;
		fill(&e, i);
		if (rc_events_put(tx, &e) != RC_OK)
			exit(1);
		rc_event_clear(&e);
		if ((i + 1) % 10000 == 0 && rc_events_commit(&tx, "bench") != RC_OK)
			exit(1);
	}
	if (tx && rc_events_commit(&tx, "bench") != RC_OK)
		exit(1);
	return (rc_mono_ms() - t0) / 1000.0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || rc_base_init() != 0) {
		fprintf(stderr, "usage: bench_insert DIR [N]\n");
		return 2;
	}
	uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 100000;
	for (size_t i = 0; i < sizeof raw; i++)
		raw[i] = "{\"resourceType\":\"AuditEvent\",\"agent\":[]} "[i % 42];
	char *path = rc_path_join(argv[1], "insert.case");
	struct rc_secret *pass = bench_secret("benchmark passphrase");
	struct rc_kdf k = { 3, (size_t)64 << 20 };
	struct rc_case *c;
	if (rc_case_create(path, "bench", pass, &k, NULL, &c) != RC_OK)
		return 1;
	double te = run(c, n);
	rc_case_close(&c);
	char *plain = rc_path_join(argv[1], "plain.sqlite");
	if (rc_case_open_plain_for_bench(plain, &c) != RC_OK)
		return 1;
	double tp = run(c, n);
	rc_case_close(&c);
	printf("insert  %" PRIu64 " rows (~1.9 KB raw each, transactions of 10,000, synchronous=FULL)\n", n);
	printf("  encrypted (SQLCipher, 16 KiB pages): %8.0f rows/s  (%.2f s)\n", n / te, te);
	printf("  plain SQLite, same schema:           %8.0f rows/s  (%.2f s)\n", n / tp, tp);
	printf("  ratio encrypted/plain time:           %.2fx  (target <= 1.5x)\n", te / tp);
	rc_secret_free(&pass);
	free(path);
	free(plain);
	return 0;
}
