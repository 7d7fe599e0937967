/* fuzz_index.c - the bundle's index (rc_index_pdf, src/letter/index_pdf.c)
 * with hostile strings from a case: authority names, explanations,
 * request titles, paths, any bytes (invalid UTF-8, controls, bidi
 * overrides, combining marks, long words).  The input is cut at NUL
 * bytes into the strings of the index; its first byte chooses the
 * languages and whether the applicant's are given.  Traps when a
 * rendering that succeeded is not a whole PDF. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter.h"

#ifndef FUZZ_DATA_DIR
#define FUZZ_DATA_DIR "data"
#endif

#define NS 24

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* Fontconfig, Pango and Cairo keep their caches to the end (as in
 * tests/lsan.supp): not leaks of ours. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libpango-1.0.so\nleak:libpangoft2-1.0.so\nleak:libpangocairo-1.0.so\n"
		"leak:libcairo.so\nleak:libglib-2.0.so\nleak:libgobject-2.0.so\nleak:libharfbuzz.so\nleak:libfreetype.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = { "en", "de", "fr", "es", "ar", "fa", "ps", "ti", "uk", "xx" };
	if (size < 1 || size > 8192)
		return 0;
	unsigned sel = data[0];
	/* the strings: NUL-terminated pieces of a copy */
	char *buf = malloc(size);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	const char *s[NS] = { 0 };
	size_t n = 0;
	for (char *p = buf; n < NS && p < buf + size - 1; p += strlen(p) + 1)
		s[n++] = p;
	const char *str = "";
#define S(i) (s[(i)] ? s[(i)] : str)
	struct rc_index_row rows[3] = {
		{ { S(0), S(1), S(2), S(3), NULL, NULL } },
		{ { S(4), S(5), "1", "0", NULL, NULL } },
		{ { S(6), S(7), S(8), S(9), S(10), NULL } },
	};
	struct rc_index_flagged fl[2] = {
		{ .event_ref = S(11), .when = S(12), .authority = S(0), .role = S(13), .country = S(1),
		  .purpose = S(4), .legal_basis = S(14), .flag = S(15), .explanation = S(16), .rule = S(17),
		  .uncertain = sel & 0x10, .flag_applicant = S(18), .explanation_applicant = S(19) },
		{ .event_ref = "2", .when = "2026-01-01", .flag = S(20), .explanation = S(21), .uncertain = true },
	};
	struct rc_index_request rq = { .title = S(20), .state = S(21), .due = NULL, .due_rule = S(22),
		.timeline = S(23), .files = S(16) };
	struct rc_index_file f = { .path = S(22), .size = size, .sha256 = S(23), .what = S(21) };
	struct rc_index ix = {
		.data_dir = FUZZ_DATA_DIR,
		.court_lang = langs[sel % 10],
		.applicant_lang = sel & 0x80 ? langs[(sel >> 4) % 10] : NULL,
		.case_label = s[0] && *s[0] ? s[0] : "CASE-1",
		.court = S(5), .prepared_by = S(6), .date = "2026-12-04", .period = S(7),
		.signer_fp = sel & 0x20 ? S(8) : NULL, .signer_subject = S(9), .journal_head = S(10),
		.n_events = size, .n_flagged = 5, .first = S(12), .last = S(13),
		.by_authority = rows, .n_by_authority = 3, .by_purpose = rows, .n_by_purpose = 2,
		.flagged = fl, .n_flagged_shown = 2, .requests = &rq, .n_requests = 1,
		.exports = rows, .n_exports = 3, .files = &f, .n_files = 1,
	};
	unsigned char *pdf = NULL;
	size_t len = 0;
	enum rc_status st = rc_index_pdf(&ix, &pdf, &len);
	if (st == RC_OK && (len < 1000 || memcmp(pdf, "%PDF-", 5) != 0 || !memmem(pdf + len - 32, 32, "%%EOF", 5)))
		__builtin_trap();
	if (st != RC_OK && pdf)
		__builtin_trap();
	free(pdf);
	free(buf);
	return 0;
}
