/* letter-sample.c - render a sample letter, to see the API work and for
 * tests/letter/pdf.sh:
 *   letter-sample DATA_DIR KIND REGIME AUTHORITY_LANG APPLICANT_LANG text|pdf [YYYY-MM-DD]
 * prints the letter (text) or writes the PDF to standard output.  The
 * sample person is invented. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "letter.h"

static struct rc_regimes *load_regimes(const char *data_dir)
{
	char *dir = rc_path_join(data_dir, "regimes");
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "letter-sample: no %s\n", dir);
		exit(2);
	}
	struct rc_regimes *r = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		char *p = rc_path_join(dir, e->d_name), *buf = NULL;
		size_t len = 0;
		if (rc_file_read_all(p, 1u << 22, &buf, &len) != RC_OK || rc_regimes_add_json(&r, buf, len) != RC_OK) {
			fprintf(stderr, "letter-sample: %s: %s\n", p, rc_error_detail());
			exit(2);
		}
		free(buf);
		free(p);
	}
	closedir(d);
	free(dir);
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 7) {
		fprintf(stderr, "usage: letter-sample DATA_DIR KIND REGIME AUTHORITY_LANG APPLICANT_LANG text|pdf [DATE]\n");
		return 2;
	}
	const char *date = argc > 7 ? argv[7] : "2026-12-04";
	enum rc_request_kind kind;
	struct rc_ymd day;
	if (!rc_request_kind_parse(argv[2], &kind) || !rc_ymd_parse(date, &day)) {
		fprintf(stderr, "letter-sample: bad kind or date\n");
		return 2;
	}
	struct rc_regimes *r = load_regimes(argv[1]);
	const struct rc_request_rule *rule = rc_regimes_request_at(r, argv[3], kind, day);
	if (!rule) {
		fprintf(stderr, "letter-sample: %s has no %s rule on %s\n", argv[3], argv[2], date);
		return 2;
	}
	/* the system as the program names it: the regime's first system */
	const char *sys = NULL;
	for (size_t i = 0; i < rc_regimes_count(r); i++)
		if (!strcmp(rc_regimes_id(r, i), argv[3]))
			sys = rc_regimes_system_name(r, i);
	static const struct rc_letter_access acc[] = {
		{ "2026-03-04 10:12", "Bundesagentur für Arbeit, Jobcenter Köln", "Sachbearbeiter", "DE", NULL,
		  "no asylum, immigration or border mandate" },
		{ "2026-05-19 08:40", "Ministry of Interior", "border officer", "ER", "identity check",
		  "a country the applicant fled" },
	};
	char due[RC_YMD_LEN];
	rc_ymd_format(rc_ymd_add_months(day, 1), due);
	struct rc_letter l = {
		.data_dir = argv[1],
		.kind = kind,
		.regime = argv[3],
		.system_name = sys,
		.rule = rule,
		.addressee = "Bundesamt für Migration und Flüchtlinge\nFrankenstraße 210\n90461 Nürnberg\nDeutschland",
		.applicant_name = "Amanuel Tesfay",
		.applicant_address = "c/o Beratungsstelle Nord\nMusterweg 1\n50667 Köln",
		.birth_date = "1998-01-01",
		.nationality = "ER",
		.record_refs = "Eurodac DE1-2023-000123",
		.about = "The date of the first application is recorded as 2023-09-14.",
		.correct_value = "2023-09-04",
		.date = date,
		.due = due,
		.accesses = acc,
		.n_accesses = 2,
		.authority_lang = argv[4],
		.applicant_lang = argv[5],
		.mandate = getenv("LETTER_MANDATE") != NULL,
		.representative = "Rechtsanwältin M. Beispiel\nKanzlei Beispiel, Ring 5, 50672 Köln",
	};
	enum rc_status st;
	if (strcmp(argv[6], "pdf") == 0) {
		st = rc_letter_pdf(&l, STDOUT_FILENO);
	} else {
		char *text = NULL;
		st = rc_letter_text(&l, &text);
		if (st == RC_OK)
			fputs(text, stdout);
		free(text);
	}
	if (st != RC_OK)
		fprintf(stderr, "letter-sample: %s %s\n", rc_status_name(st), rc_error_detail());
	rc_regimes_free(&r);
	return st == RC_OK ? 0 : 1;
}
