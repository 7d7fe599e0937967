/* index-sample.c - render a sample evidence-bundle index (rc_index_pdf),
 * to see the API work and for tests/letter/index-pdf.sh:
 *   index-sample [-c COURT_LANG] [-a APPLICANT_LANG] [-r ROWS] [-f FLAGGED]
 *                [-s SHOWN] [-q REQUESTS] [-u] DATA_DIR OUT.pdf
 * ROWS authority rows (purposes, files: a share of it), FLAGGED flagged
 * accesses of which SHOWN (default all) are printed in full, -u unsigned.
 * Everything in it is invented: fictional names, hashes made from a
 * counter. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "letter.h"

/* a 64-digit hex string made from n (not a real checksum) */
static char *fake_hash(unsigned long n, const char *sep)
{
	unsigned char b[32];
	uint64_t s = n * 0x9e3779b97f4a7c15ull + 1;
	for (size_t i = 0; i < 32; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		b[i] = (unsigned char)s;
	}
	char *r = malloc(32 * 3 + 1), *w = r;
	for (size_t i = 0; i < 32; i++)
		w += sprintf(w, "%s%02X", i && sep ? sep : "", b[i]);
	if (!sep)
		for (char *p = r; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'F' ? *p + 32 : *p);
	return r;
}

static char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xfmt(const char *fmt, ...)
{
	char *r = malloc(256);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r, 256, fmt, ap);
	va_end(ap);
	return r;
}

/* The applicant's words for the sample's flag and explanation. */
static void applicant_words(const char *lang, const char **flag, const char **why)
{
	if (!lang) {
		*flag = *why = NULL;
	} else if (!strcmp(lang, "ar")) {
		*flag = "جهة بلا صلاحية";
		*why = "لم يكن لهذه الجهة أي صلاحية للاطلاع على السجل، ولم يُذكر أي غرض.";
	} else if (!strcmp(lang, "fa")) {
		*flag = "نهاد بدون صلاحیت";
		*why = "این نهاد هیچ صلاحیتی برای دیدن پرونده نداشت و هیچ هدفی ثبت نشده است.";
	} else if (!strcmp(lang, "ti")) {
		*flag = "ስልጣን ዘይብሉ ኣካል";
		*why = "እዚ ኣካል ነቲ መዝገብ ክርኢ ስልጣን ኣይነበሮን።";
	} else {
		*flag = "authority without a mandate";
		*why = "This authority had no mandate to consult the record, and no purpose was recorded.";
	}
}

int main(int argc, char **argv)
{
	const char *court = "en", *app = NULL;
	unsigned long rows = 20, nflag = 6, shown = (unsigned long)-1, nreq = 2;
	bool unsigned_ = false;
	int o;
	while ((o = getopt(argc, argv, "c:a:r:f:s:q:u")) != -1) {
		switch (o) {
		case 'c': court = optarg; break;
		case 'a': app = optarg; break;
		case 'r': rows = strtoul(optarg, NULL, 10); break;
		case 'f': nflag = strtoul(optarg, NULL, 10); break;
		case 's': shown = strtoul(optarg, NULL, 10); break;
		case 'q': nreq = strtoul(optarg, NULL, 10); break;
		case 'u': unsigned_ = true; break;
		default:
			fprintf(stderr, "usage: index-sample [-c LANG] [-a LANG] [-r ROWS] [-f FLAGGED] [-s SHOWN] "
				"[-q REQUESTS] [-u] DATA_DIR OUT.pdf\n");
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "index-sample: DATA_DIR and OUT.pdf are needed\n");
		return 2;
	}
	if (shown > nflag)
		shown = nflag;

	static const char *const auth[] = {
		"Bundespolizeidirektion Musterstadt", "Border Agency of Utopia", "Préfecture de Exempleville",
		"Ministry of Interior of Freedonia", "Jobcenter Beispielhausen",
		/* hostile: a bidi override and a control character, which must not reach the page */
		"Evil\xe2\x80\xae" "Corp\x07 Registry",
		/* a long unbreakable string */
		"https://registry.example.invalid/very/long/path/without/any/spaces/at/all/0123456789abcdef0123456789abcdef",
	};
	size_t na = sizeof auth / sizeof auth[0];
	struct rc_index_row *ba = calloc(rows ? rows : 1, sizeof *ba);
	char **keep = calloc(rows * 8 + nflag * 4 + 64, sizeof *keep);
	size_t nk = 0;
	for (unsigned long i = 0; i < rows; i++) {
		ba[i].cell[0] = i < na ? auth[i] : (keep[nk++] = xfmt("Fictional Authority no. %lu", i + 1));
		ba[i].cell[1] = i % 3 == 0 ? "DE" : i % 3 == 1 ? "UT" : "FR";
		ba[i].cell[2] = keep[nk++] = xfmt("%lu", 1000 - i % 1000);
		ba[i].cell[3] = keep[nk++] = xfmt("%lu", i % 7);
	}
	unsigned long np = rows / 4 + 2;
	struct rc_index_row *bp = calloc(np, sizeof *bp);
	for (unsigned long i = 0; i < np; i++) {
		bp[i].cell[0] = i == 0 ? "(none recorded)" : (keep[nk++] = xfmt("Purpose no. %lu: identity check", i));
		bp[i].cell[1] = keep[nk++] = xfmt("%lu", 500 - i % 500);
		bp[i].cell[2] = keep[nk++] = xfmt("%lu", i % 3);
	}
	const char *fa, *ea;
	applicant_words(app, &fa, &ea);
	struct rc_index_flagged *fl = calloc(nflag ? nflag : 1, sizeof *fl);
	for (unsigned long i = 0; i < shown; i++) {
		fl[i] = (struct rc_index_flagged){
			.event_ref = keep[nk++] = xfmt("%lu", 17 + i * 3),
			.when = "2026-03-04 10:12 UTC",
			.authority = auth[i % na],
			.role = "case worker",
			.country = "DE",
			.purpose = i % 2 ? "identity check" : NULL,
			.legal_basis = i % 3 ? NULL : "Art. 9(1), Regulation (EU) 2024/1358",
			.flag = "authority without a mandate",
			.explanation = "This authority had no mandate to consult the record, and no purpose was recorded.",
			.rule = "Art. 9(1), Regulation (EU) 2024/1358",
			.uncertain = i % 2 == 0,
			.flag_applicant = fa,
			.explanation_applicant = ea,
		};
	}
	struct rc_index_request req[8];
	if (nreq > 8)
		nreq = 8;
	for (unsigned long i = 0; i < nreq; i++)
		req[i] = (struct rc_index_request){
			.title = i == 0 ? "Access request, sent 2026-04-01" : "Correction request, sent 2026-05-02",
			.state = i == 0 ? "answered in part" : "overdue",
			.due = i == 0 ? "2026-05-01" : "2026-06-02",
			.due_rule = "Art. 12(3), Regulation (EU) 2016/679",
			.timeline = "2026-05-02  sent by registered post\n2026-05-04  received by the authority\n"
				"2026-06-02  deadline passed without an answer",
			.files = "data/requests/2/letter-2026-05-02.pdf\ndata/requests/2/receipt-2026-05-04.pdf",
		};
	char *fp = fake_hash(1, ":"), *jh = fake_hash(2, NULL);
	struct rc_index_row ex[2] = {
		{ { "Eurodac (training registry)", "2026-03-10", keep[nk++] = fake_hash(3, NULL),
		    keep[nk++] = fake_hash(4, ":"), "valid" } },
		{ { "SIS (training registry)", "2026-03-11", keep[nk++] = fake_hash(5, NULL), NULL, "not signed" } },
	};
	unsigned long nf = 10 + rows / 10;
	struct rc_index_file *files = calloc(nf, sizeof *files);
	static const char *const fixed[] = { "data/index.pdf", "data/log/accesses.csv", "data/log/accesses.json",
		"data/log/flagged.csv", "data/log/flagged.json", "data/log/original/export-2026-03-10.json" };
	for (unsigned long i = 0; i < nf; i++) {
		files[i].path = i < 6 ? fixed[i] : (keep[nk++] = xfmt("data/documents/document-%04lu.pdf", i));
		files[i].size = 1234567ull * (i + 1);
		files[i].sha256 = keep[nk++] = fake_hash(100 + i, NULL);
		files[i].what = i == 1 ? "The access log, normalized (CSV)" : "A document of the case";
	}
	struct rc_index ix = {
		.data_dir = argv[optind],
		.court_lang = court,
		.applicant_lang = app,
		.case_label = "CASE-2026-0042 Musterfrau",
		.court = "Verwaltungsgericht Musterstadt, 3. Kammer",
		.prepared_by = "M. Beispiel, Beratungsstelle Nord (fictional)",
		.date = "2026-12-04",
		.period = "2025-01-01 to 2026-12-01",
		.signer_fp = unsigned_ ? NULL : fp,
		.signer_subject = "CN=Beratungsstelle Nord (test), O=Example",
		.journal_head = jh,
		.n_events = 1000000,
		.n_flagged = nflag,
		.first = "2025-01-03 08:00 UTC",
		.last = "2026-11-30 17:45 UTC",
		.by_authority = ba, .n_by_authority = rows,
		.by_purpose = bp, .n_by_purpose = np,
		.flagged = fl, .n_flagged_shown = shown,
		.requests = req, .n_requests = nreq,
		.exports = ex, .n_exports = 2,
		.files = files, .n_files = nf,
	};
	unsigned char *pdf = NULL;
	size_t len = 0;
	enum rc_status st = rc_index_pdf(&ix, &pdf, &len);
	int rc = 1;
	if (st != RC_OK) {
		fprintf(stderr, "index-sample: %s %s\n", rc_status_name(st), rc_error_detail());
	} else {
		FILE *f = fopen(argv[optind + 1], "wb");
		if (f && fwrite(pdf, 1, len, f) == len && fclose(f) == 0) {
			rc = 0;
			if (!unsigned_)
				printf("fingerprint %s\n", fp);
		}
		else
			fprintf(stderr, "index-sample: %s could not be written\n", argv[optind + 1]);
	}
	free(pdf);
	for (size_t i = 0; i < nk; i++)
		free(keep[i]);
	free(keep);
	free(ba);
	free(bp);
	free(fl);
	free(files);
	free(fp);
	free(jh);
	return rc;
}
