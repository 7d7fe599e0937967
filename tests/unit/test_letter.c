/* test_letter.c - the letters of src/letter: every kind of every shipped
 * regime in every template language, read back for what a lawyer checks
 * (the article and act exactly as the rule gives them, the period and the
 * due date, the accesses, the applicant's identifiers, both languages, no
 * placeholder left); the template language itself; the English fallback;
 * the notes on what is uncertain; plural forms; the PDF's first bytes. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "testutil.h"
#include "letter.h"
#include "letter-int.h"

static const char *const LANGS[] = { "en", "de", "fr", "es", "ar", "fa", "ps", "ti", "uk" };
#define N_LANGS (sizeof LANGS / sizeof LANGS[0])

static struct rc_regimes *regimes;
static char data_dir[2048];

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(rc_file_read_all(path, 1u << 22, &buf, &len), RC_OK);
	return buf;
}

static int setup(void **state)
{
	(void)state;
	const char *top = getenv("top_srcdir");
	snprintf(data_dir, sizeof data_dir, "%s/data", top ? top : "..");
	char dir[2100];
	snprintf(dir, sizeof dir, "%s/regimes", data_dir);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		char p[4200];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		char *buf = slurp(p);
		assert_int_equal(rc_regimes_add_json(&regimes, buf, strlen(buf)), RC_OK);
		free(buf);
	}
	closedir(d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rc_regimes_free(&regimes);
	return 0;
}

static struct rc_ymd ymd(const char *s)
{
	struct rc_ymd d;
	assert_true(rc_ymd_parse(s, &d));
	return d;
}

static const struct rc_letter_access ACC[] = {
	{ "2026-03-04 10:12", "Jobcenter Köln", "Sachbearbeiter", "DE", NULL, "kein Mandat für Asyl" },
	{ "2026-05-19 08:40", "Ministry of Interior", NULL, "ER", "identity check", NULL },
};

static struct rc_letter sample(const struct rc_request_rule *rule, const char *auth, const char *app)
{
	struct rc_letter l = {
		.data_dir = data_dir,
		.kind = rule->kind,
		.regime = "eurodac",
		.system_name = "Eurodac",
		.rule = rule,
		.addressee = "Bundesamt für Migration und Flüchtlinge\nFrankenstraße 210\n90461 Nürnberg",
		.applicant_name = "Amanuel Tesfay",
		.applicant_address = "Musterweg 1\n50667 Köln",
		.birth_date = "1998-01-01",
		.nationality = "ER",
		.record_refs = "DE1-2023-000123",
		.about = "Date of first application: 2023-09-14",
		.correct_value = "2023-09-04",
		.date = "2026-12-04",
		.due = "2027-01-04",
		.accesses = ACC,
		.n_accesses = 2,
		.authority_lang = auth,
		.applicant_lang = app,
	};
	return l;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The longest piece of the subject of lang's template for kind between
 * its placeholders ("Request for access to my personal data in "): what
 * shows that the letter in that language is there. */
static char *subject_head(const char *lang, enum rc_request_kind kind)
{
	char p[2300];
	snprintf(p, sizeof p, "%s/templates/%s/%s.txt", data_dir, lang, rc_request_kind_id(kind));
	char *t = slurp(p);
	t[strcspn(t, "\n")] = '\0';
	const char *best = t;
	size_t best_n = 0;
	for (const char *s = t; *s;) {
		const char *o = strstr(s, "{{");
		size_t n = o ? (size_t)(o - s) : strlen(s);
		if (n > best_n) {
			best = s;
			best_n = n;
		}
		if (!o)
			break;
		const char *c = strstr(o, "}}");
		assert_non_null(c);
		s = c + 2;
	}
	char *r = rc_xstrndup(best, best_n);
	free(t);
	return r;
}

/* Every kind of every regime, in every template language as the
 * authority's, with the applicant's copy in Arabic (and in the same
 * language: one letter, no copy). */
static void test_every_kind_every_language(void **state)
{
	(void)state;
	struct rc_ymd day = ymd("2026-12-04");
	size_t letters = 0;
	for (size_t i = 0; i < rc_regimes_count(regimes); i++) {
		const char *id = rc_regimes_id(regimes, i);
		for (int k = 0; k < RC_REQ_KIND_COUNT; k++) {
			const struct rc_request_rule *r = rc_regimes_request_at(regimes, id, (enum rc_request_kind)k, day);
			if (!r || !r->available)
				continue;
			for (size_t a = 0; a < N_LANGS; a++) {
				const char *apps[] = { "ar", LANGS[a] };
				for (size_t b = 0; b < 2; b++) {
					struct rc_letter l = sample(r, LANGS[a], apps[b]);
					char *text = NULL;
					enum rc_status st = rc_letter_text(&l, &text);
					if (st != RC_OK)
						fail_msg("%s/%s %s->%s: %s", id, rc_request_kind_id(r->kind), LANGS[a], apps[b],
							rc_error_detail());
					bool two = strcmp(LANGS[a], apps[b]) != 0;
					size_t copies = two ? 2 : 1;
					/* the legal basis as the rule gives it, without the file's
					 * notes for the reader, in every copy */
					assert_non_null(r->article);
					char *cite = rc_letter_cite(r->article);
					assert_true(count(text, cite) >= copies);
					free(cite);
					/* and none of those notes in what is sent (the notes
					 * for the applicant, after the line, may quote them) */
					const char *cut = strstr(text, "\n-----");
					size_t sent = cut ? (size_t)(cut - text) : strlen(text);
					static const char *const notes[] = { "not read", "time limit", "(reading)",
						"first sentence", "second sentence", "named in", "as replaced by" };
					for (size_t q = 0; q < sizeof notes / sizeof notes[0]; q++) {
						const char *hit = strstr(text, notes[q]);
						if (hit && (size_t)(hit - text) < sent)
							fail_msg("%s/%s %s: the letter sent says \"%s\"", id,
								rc_request_kind_id(r->kind), LANGS[a], notes[q]);
					}
					if (r->instrument)
						assert_true(count(text, r->instrument) >= copies);
					/* the period: its due date and the article that sets it */
					if (r->answer.p.n > 0) {
						assert_true(count(text, "2027-01-04") >= copies);
						assert_non_null(strstr(text, r->answer.article ? r->answer.article : r->article));
					} else {
						assert_null(strstr(text, "2027-01-04"));
					}
					/* the accesses, the person, what is wrong */
					assert_true(count(text, "Jobcenter Köln") >= copies);
					assert_true(count(text, "Ministry of Interior") >= copies);
					assert_true(count(text, "identity check") >= copies);
					assert_true(count(text, "Amanuel Tesfay") >= copies);
					assert_true(count(text, "DE1-2023-000123") >= copies);
					assert_true(count(text, "Frankenstraße 210") >= copies);
					assert_true(count(text, "2023-09-14") >= copies);
					if (r->kind == RC_REQ_RECTIFICATION || r->kind == RC_REQ_COMPLETION)
						assert_true(count(text, "2023-09-04") >= copies);
					/* both languages */
					char *h1 = subject_head(LANGS[a], r->kind), *h2 = subject_head(apps[b], r->kind);
					assert_true(strlen(h1) > 3);
					if (!strstr(text, h1) || !strstr(text, h2))
						fail_msg("%s/%s %s->%s: subject \"%s\" or \"%s\" missing", id,
							rc_request_kind_id(r->kind), LANGS[a], apps[b], h1, h2);
					free(h1);
					free(h2);
					/* every placeholder filled */
					assert_null(strstr(text, "{{"));
					assert_null(strstr(text, "}}"));
					free(text);
					letters++;
				}
			}
		}
	}
	/* 10 regimes, most with 5 to 7 kinds available */
	assert_true(letters > 9 * 2 * 40);
}

/* rc_letter_cite: the notes the regime files keep in an article for the
 * reader are not cited to an authority; the articles are, whole. */
static void test_cite(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "Art. 16, first sentence; time limits Art. 12(3)", "Art. 16" },
		{ "2018/1861 Art. 53; 2018/1862 Art. 67 (data stored unlawfully; not read); time limits GDPR Art. 12(3) (reading)",
		  "2018/1861 Art. 53; 2018/1862 Art. 67" },
		{ "2024/1358 Arts 43(1)-(2), 40(3); time limits GDPR Art. 12(3)", "2024/1358 Art. 43(1)-(2), 40(3)" },
		{ "5 U.S.C. 552(a)(3), (a)(6)(A)(i) (FOIA, any person); 5 U.S.C. 552a(d)(1) (Privacy Act, citizens and permanent residents)",
		  "5 U.S.C. 552(a)(3), (a)(6)(A)(i); 5 U.S.C. 552a(d)(1)" },
		{ "DPA 2018 s. 164A (inserted by the Data (Use and Access) Act 2025 s. 103)", "DPA 2018 s. 164A" },
		{ "603/2013 Art. 29(1)(e) (unlawfully processed data)", "603/2013 Art. 29(1)(e)" },
		{ "767/2008 Art. 38(1), as replaced by 2021/1134", "767/2008 Art. 38(1)" },
		{ "GDPR Art. 77; the rules for EU bodies for the Central Unit (not read)", "GDPR Art. 77" },
		{ "Art. 78(1), (3)", "Art. 78(1), (3)" },
		{ "s. 12(1); time limits ss. 14-15", "s. 12(1)" },
		/* nothing would be left: the text as it is, never an empty basis */
		{ "time limits Art. 12(3)", "time limits Art. 12(3)" },
		/* a bracket not closed is kept */
		{ "Art. 12 (see", "Art. 12 (see" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *c = rc_letter_cite(cases[i][0]);
		assert_string_equal(c, cases[i][1]);
		free(c);
	}
	assert_null(rc_letter_cite(NULL));
}

/* The applicant's copy says what the regime file leaves uncertain, in
 * the applicant's language around the file's own (English) words. */
static void test_uncertain_in_copy(void **state)
{
	(void)state;
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "eurodac", RC_REQ_ACCESS, ymd("2026-12-04"));
	assert_non_null(r);
	assert_non_null(r->uncertain);
	struct rc_letter l = sample(r, "de", "ar");
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	char *copy = strstr(text, "ترجمة لك");
	assert_non_null(copy);
	assert_non_null(strstr(copy, r->uncertain));
	assert_non_null(strstr(copy, "غير مؤكد"));
	/* never in the letter that is sent */
	assert_true(strstr(text, r->uncertain) > copy);
	free(text);

	/* settled law: no such note */
	r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_ERASURE, ymd("2026-12-04"));
	assert_non_null(r);
	assert_null(r->uncertain);
	assert_null(r->answer.uncertain);
	l = sample(r, "en", "fr");
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_null(strstr(text, "Pas certain"));
	assert_non_null(strstr(text, "TRADUCTION POUR VOUS"));
	assert_non_null(strstr(text, "within 1 month of receiving this request (Art. 12(3), 2016/679), that is by 2027-01-04"));
	assert_non_null(strstr(text, "dans un délai de 1 mois"));
	free(text);
}

/* An authority whose language has no template gets English; the
 * applicant's copy says why. */
static void test_english_fallback(void **state)
{
	(void)state;
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_ACCESS, ymd("2026-12-04"));
	struct rc_letter l = sample(r, "it", "uk");
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_true(strncmp(text, "Amanuel Tesfay", 14) == 0);
	assert_non_null(strstr(text, "Subject: Request for access to my personal data in Eurodac"));
	char *copy = strstr(text, "ПЕРЕКЛАД ДЛЯ ВАС");
	assert_non_null(copy);
	assert_non_null(strstr(copy, "Лист англійською, бо в recourse немає зразка листа італійською мовою"));
	free(text);

	/* English to the authority and the applicant: one letter, then the note */
	l = sample(r, "pl", "en");
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_int_equal(count(text, "Subject: "), 1);
	assert_non_null(strstr(text, "NOTES FOR YOU - NOT SENT"));
	assert_non_null(strstr(text, "no letter template in Polish"));
	free(text);

	/* an applicant language without templates: the copy in English */
	l = sample(r, "de", "so_SO.UTF-8");
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_non_null(strstr(text, "Betreff: "));
	assert_non_null(strstr(text, "Subject: "));
	assert_non_null(strstr(text, "recourse has no letter template in so, so this copy is in English."));
	free(text);

	assert_true(rc_letter_has_language(data_dir, "ar_EG.UTF-8"));
	assert_true(rc_letter_has_language(data_dir, "ti"));
	assert_false(rc_letter_has_language(data_dir, "it"));
	assert_false(rc_letter_has_language(data_dir, "../en"));
}

/* Periods in words, with each language's plural forms. */
static void test_periods(void **state)
{
	(void)state;
	struct rc_ymd day = ymd("2026-12-04");
	const struct rc_request_rule *foia = rc_regimes_request_at(regimes, "us-privacy-act", RC_REQ_ACCESS, day);
	const struct rc_request_rule *ees = rc_regimes_request_at(regimes, "ees", RC_REQ_ACCESS, day);
	assert_non_null(foia);
	assert_non_null(ees);
	assert_int_equal(foia->answer.p.n, 20);
	assert_int_equal(foia->answer.p.unit, RC_UNIT_WORKING_DAYS);
	assert_int_equal(ees->answer.p.n, 45);
	struct {
		const struct rc_request_rule *r;
		const char *lang, *want;
	} cases[] = {
		{ foia, "en", "within 20 working days of receiving" },
		{ foia, "de", "innerhalb von 20 Arbeitstagen nach Eingang" },
		{ foia, "ar", "خلال 20 يوم عمل من" },
		{ foia, "uk", "протягом 20 робочих днів" },
		{ ees, "uk", "протягом 45 днів" },
		{ ees, "ar", "خلال 45 يومًا من" },
		{ ees, "fr", "dans un délai de 45 jours" },
		{ ees, "ti", "ኣብ ውሽጢ 45 መዓልታት" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rc_letter l = sample(cases[i].r, cases[i].lang, NULL);
		char *text = NULL;
		assert_int_equal(rc_letter_text(&l, &text), RC_OK);
		if (!strstr(text, cases[i].want))
			fail_msg("%s: no \"%s\" in:\n%s", cases[i].lang, cases[i].want, text);
		free(text);
	}
}

/* A complaint: the law sets no answer period here, so none is invented. */
static void test_no_period(void **state)
{
	(void)state;
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_COMPLAINT, ymd("2026-12-04"));
	assert_non_null(r);
	assert_int_equal(r->answer.p.n, 0);
	struct rc_letter l = sample(r, "en", "es");
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_non_null(strstr(text, "Legal basis: Art. 77 (2016/679)."));
	assert_non_null(strstr(text, "Please answer without undue delay."));
	assert_null(strstr(text, "You must answer within"));
	assert_null(strstr(text, "2027-01-04"));
	assert_non_null(strstr(text, "La ley no fija un plazo"));
	free(text);
}

/* A representative sends it: named, the power of attorney attached. */
static void test_mandate(void **state)
{
	(void)state;
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_RECTIFICATION, ymd("2026-12-04"));
	struct rc_letter l = sample(r, "en", "en");
	l.mandate = true;
	l.representative = "M. Beispiel, Rechtsanwältin\nRing 5, 50672 Köln";
	l.attachments = "Copy of the registration certificate";
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_true(strncmp(text, "M. Beispiel, Rechtsanwältin\nRing 5, 50672 Köln\n", 46) == 0);
	assert_non_null(strstr(text, "sent in my name by M. Beispiel, Rechtsanwältin, who holds my power of attorney"));
	assert_non_null(strstr(text, "Please answer in writing, to M. Beispiel, Rechtsanwältin."));
	assert_non_null(strstr(text, "Attachments:\n- Power of attorney\n- Copy of the registration certificate\n"));
	assert_non_null(strstr(text, "What they should say: 2023-09-04"));
	free(text);
	/* without: the applicant sends it */
	l.mandate = false;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_true(strncmp(text, "Amanuel Tesfay\nMusterweg 1\n50667 Köln\n", 36) == 0);
	assert_null(strstr(text, "power of attorney"));
	free(text);
}

/* Refused: no rule, a kind the rule does not give, a bad date; control
 * characters in personal text dropped. */
static void test_refused(void **state)
{
	(void)state;
	struct rc_ymd day = ymd("2026-12-04");
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "ca-privacy-act", RC_REQ_ERASURE, day);
	assert_non_null(r);
	assert_false(r->available);
	struct rc_letter l = sample(r, "en", "en");
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_INVALID);
	assert_null(text);
	l.rule = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_INVALID);
	r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_ACCESS, day);
	l = sample(r, "en", "en");
	l.kind = RC_REQ_ERASURE; /* not the rule's kind */
	assert_int_equal(rc_letter_text(&l, &text), RC_INVALID);
	l = sample(r, "en", "en");
	l.date = "4.12.2026";
	assert_int_equal(rc_letter_text(&l, &text), RC_INVALID);
	l = sample(r, "en", "en");
	l.authority_lang = "e";
	assert_int_equal(rc_letter_text(&l, &text), RC_INVALID);
	l = sample(r, "en", "en");
	l.data_dir = "/nonexistent";
	assert_int_equal(rc_letter_text(&l, &text), RC_NODATA);

	l = sample(r, "en", "en");
	l.applicant_name = "Amanuel\x1b[31m Tesfay\xe2\x80\xae";
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_null(strchr(text, '\x1b'));
	assert_null(strstr(text, "\xe2\x80\xae"));
	free(text);
}

/* A complaint about an earlier request: in every language, every kind of
 * earlier request is worded (common.txt earlier.KIND), its dates, the
 * deadline missed with its rule, the refusal, or a check showing it not
 * done; and nothing of it in another kind's letter or without earlier. */
static void test_complaint_earlier(void **state)
{
	(void)state;
	struct rc_ymd day = ymd("2026-05-04");
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_COMPLAINT, day);
	assert_non_null(r);
	for (size_t a = 0; a < N_LANGS; a++) {
		for (int k = 0; k < RC_REQ_KIND_COUNT; k++) {
			struct rc_letter_earlier e = {
				.kind = (enum rc_request_kind)k, .sent = "2026-03-02", .received = "2026-03-04",
				.due = "2026-04-02", .due_rule = "Art. 12(3), 2016/679",
			};
			struct rc_letter l = sample(r, LANGS[a], LANGS[a]);
			l.regime = "gdpr";
			l.earlier = &e;
			char *text = NULL;
			assert_int_equal(rc_letter_text(&l, &text), RC_OK);
			assert_non_null(strstr(text, "2026-03-02"));
			assert_non_null(strstr(text, "2026-03-04"));
			assert_non_null(strstr(text, "2026-04-02"));
			assert_non_null(strstr(text, "(Art. 12(3), 2016/679)"));
			assert_null(strstr(text, "{{"));
			assert_null(strstr(text, "earlier"));
			free(text);
		}
		/* refused: its day, no deadline */
		struct rc_letter_earlier e = { .kind = RC_REQ_ERASURE, .sent = "2026-03-02", .refused = "2026-03-20" };
		struct rc_letter l = sample(r, LANGS[a], LANGS[a]);
		l.earlier = &e;
		char *text = NULL;
		assert_int_equal(rc_letter_text(&l, &text), RC_OK);
		assert_non_null(strstr(text, "2026-03-20"));
		assert_null(strstr(text, "2027-01-04 ("));
		free(text);
		/* granted, but a check found it not done */
		struct rc_letter_earlier g = { .kind = RC_REQ_RECTIFICATION, .sent = "2026-03-02",
			.granted = "2026-03-25", .not_done = "2026-04-29" };
		l.earlier = &g;
		assert_int_equal(rc_letter_text(&l, &text), RC_OK);
		assert_non_null(strstr(text, "2026-03-25"));
		assert_non_null(strstr(text, "2026-04-29"));
		free(text);
		/* without an earlier request: none of it */
		l.earlier = NULL;
		assert_int_equal(rc_letter_text(&l, &text), RC_OK);
		assert_null(strstr(text, "2026-03-02"));
		free(text);
	}
	/* the English wording, in full */
	struct rc_letter_earlier e = { .kind = RC_REQ_ERASURE, .sent = "2026-03-02", .received = "2026-03-02",
		.due = "2026-04-02", .due_rule = "Art. 12(3), 2016/679" };
	struct rc_letter l = sample(r, "en", "en");
	l.earlier = &e;
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_non_null(strstr(text, "On 2026-03-02 I sent a request for erasure of my personal data to the authority "
	                             "that holds the data.\nThe answer was due by 2026-04-02 (Art. 12(3), 2016/679). "
	                             "I have received no answer."));
	assert_null(strstr(text, "it received the request on")); /* the same day as sent: said once */
	free(text);
	/* an access letter does not name it */
	const struct rc_request_rule *ra = rc_regimes_request_at(regimes, "gdpr", RC_REQ_ACCESS, day);
	l = sample(ra, "en", "en");
	l.earlier = &e;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_null(strstr(text, "I have received no answer"));
	free(text);
}

/* A reminder of a request not answered in time: in every language and
 * for every kind the regime gives, reminder.txt instead of the kind's
 * text: the day it was sent and received, the deadline it missed with
 * its rule, the first remedy's article (GDPR Art. 77(1)), the copy of the
 * request among the attachments, no answer period stated (the law gives
 * a reminder none, and the due date it would print has passed), and the
 * applicant's note that a reminder gives no new time limit. */
static void test_reminder(void **state)
{
	(void)state;
	struct rc_ymd day = ymd("2026-03-02");
	for (size_t a = 0; a < N_LANGS; a++) {
		char p[2300];
		snprintf(p, sizeof p, "%s/templates/%s/reminder.txt", data_dir, LANGS[a]);
		char *tpl = slurp(p);
		char *subj_end = strstr(tpl, "{{earlier_kind}}");
		assert_non_null(subj_end);
		free(tpl);
		char *note = NULL;
		{
			snprintf(p, sizeof p, "%s/templates/%s/common.txt", data_dir, LANGS[a]);
			char *c = slurp(p);
			char *n = strstr(c, "\nnote.reminder = ");
			assert_non_null(n);
			n += strlen("\nnote.reminder = ");
			note = rc_xstrndup(n, strcspn(n, "\n"));
			free(c);
		}
		for (int k = 0; k < RC_REQ_KIND_COUNT; k++) {
			const struct rc_request_rule *r = rc_regimes_request_at(regimes, "gdpr", (enum rc_request_kind)k, day);
			if (!r || !r->known || !r->available || r->kind != (enum rc_request_kind)k)
				continue;
			struct rc_letter_earlier e = {
				.kind = (enum rc_request_kind)k, .sent = "2026-03-02", .received = "2026-03-04",
				.due = "2026-04-04", .due_rule = "Art. 12(3), 2016/679",
			};
			struct rc_letter l = sample(r, LANGS[a], "en");
			l.regime = "gdpr";
			l.system_name = NULL;
			l.earlier = &e;
			l.reminder = true;
			char *text = NULL;
			assert_int_equal(rc_letter_text(&l, &text), RC_OK);
			assert_non_null(strstr(text, "2026-03-02"));
			assert_non_null(strstr(text, "2026-03-04"));
			assert_non_null(strstr(text, "2026-04-04"));
			assert_non_null(strstr(text, "Art. 12(3), 2016/679"));
			/* the first remedy the rule names: a complaint, Art. 77(1),
			 * or for a complaint, the court, Art. 78(2) */
			assert_true(r->n_esc > 0);
			char cite[160];
			snprintf(cite, sizeof cite, "(%s, %s)", r->esc[0].article, r->esc[0].instrument);
			assert_non_null(strstr(text, cite));
			if (k != RC_REQ_COMPLAINT)
				assert_string_equal(cite, "(Art. 77(1), 2016/679)");
			assert_null(strstr(text, "2027-01-04")); /* sample's due: not stated */
			assert_null(strstr(text, "{{"));
			/* the applicant's copy is English here: its note, word for word */
			assert_non_null(strstr(text, "gives the authority no new time limit"));
			if (strcmp(LANGS[a], "en") != 0) {
				/* and the note in the language itself, when the copy is in it */
				char *t2 = NULL;
				l.applicant_lang = LANGS[a];
				assert_int_equal(rc_letter_text(&l, &t2), RC_OK);
				assert_non_null(strstr(t2, note));
				free(t2);
			}
			free(text);
		}
		free(note);
	}
	/* English, in full: the subject, the sentences, the attachment */
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_RECTIFICATION, day);
	struct rc_letter_earlier e = { .kind = RC_REQ_RECTIFICATION, .sent = "2026-03-02", .received = "2026-03-02",
		.due = "2026-04-02", .due_rule = "Art. 12(3), 2016/679" };
	struct rc_letter l = sample(r, "en", "en");
	l.earlier = &e;
	l.reminder = true;
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_non_null(strstr(text, "Subject: Reminder: a request for rectification of my personal data, sent on 2026-03-02, not answered"));
	assert_non_null(strstr(text, "On 2026-03-02 I sent you a request for rectification of my personal data in Eurodac. I enclose a copy.\n"
	                             "The answer was due by 2026-04-02 (Art. 12(3), 2016/679). I have received no answer."));
	assert_null(strstr(text, "you received it on")); /* the same day as sent: said once */
	assert_non_null(strstr(text, "- A copy of my request of 2026-03-02"));
	assert_null(strstr(text, "You must answer within"));
	assert_non_null(strstr(text, "I will use the remedies the law gives me (Art. 77(1), 2016/679)."));
	free(text);
	/* without reminder, the same request is the request again */
	l.reminder = false;
	l.earlier = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_OK);
	assert_null(strstr(text, "Reminder"));
	assert_non_null(strstr(text, "You must answer within"));
	free(text);
}

/* The lines of lang's template for kind that name the system, with
 * {{system}} replaced by sys (only lines with no other placeholder): the
 * subject and the first sentence, as the letter must say them. */
static void assert_system_lines(const char *text, const char *lang, enum rc_request_kind kind, const char *sys,
	const char *what)
{
	char p[2300];
	snprintf(p, sizeof p, "%s/templates/%s/%s.txt", data_dir, lang, rc_request_kind_id(kind));
	char *t = slurp(p);
	size_t lines = 0;
	for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
		char *o = strstr(line, "{{system}}");
		if (!o || strstr(o + 10, "{{") || (o > line && strstr(line, "{{") != o))
			continue;
		struct rc_buf b;
		rc_buf_init(&b);
		rc_buf_printf(&b, "%.*s%s%s", (int)(o - line), line, sys, o + 10);
		if (!strstr(text, rc_buf_cstr(&b)))
			fail_msg("%s %s/%s: \"%s\" missing", what, lang, rc_request_kind_id(kind), rc_buf_cstr(&b));
		rc_buf_free(&b);
		lines++;
	}
	/* the subject and the first sentence */
	if (lines < 2)
		fail_msg("%s %s/%s: %zu lines name the system", what, lang, rc_request_kind_id(kind), lines);
	free(t);
}

/* {{system}}: a regime without systems (a general law) is never named
 * by its title where the system goes ("... in General Data Protection
 * Regulation (EU)"): the language's words for the authority's records
 * (for a complaint, the records of the authority concerned), in the
 * letter and in the applicant's copy; a regime with a system names it. */
static void test_system_words(void **state)
{
	(void)state;
	struct rc_ymd day = ymd("2026-12-04");
	static const char *const general[] = { "gdpr", "uk-dpa", "us-privacy-act", "ca-privacy-act" };
	size_t checked = 0;
	for (size_t g = 0; g < sizeof general / sizeof general[0]; g++) {
		const char *title = NULL;
		for (size_t i = 0; i < rc_regimes_count(regimes); i++)
			if (!strcmp(rc_regimes_id(regimes, i), general[g])) {
				title = rc_regimes_title(regimes, i);
				assert_null(rc_regimes_system_name(regimes, i));
			}
		if (!title)
			continue;
		for (int k = 0; k < RC_REQ_KIND_COUNT; k++) {
			const struct rc_request_rule *r = rc_regimes_request_at(regimes, general[g], (enum rc_request_kind)k, day);
			if (!r || !r->available)
				continue;
			for (size_t a = 0; a < N_LANGS; a++) {
				struct lt_lang t, tc;
				assert_int_equal(lt_lang_load(data_dir, LANGS[a], r->kind, &t), RC_OK);
				assert_int_equal(lt_lang_load(data_dir, "fa", r->kind, &tc), RC_OK);
				const char *key = r->kind == RC_REQ_COMPLAINT ? "system.none.complaint" : "system.none";
				const char *w = lt_word(&t, key), *wc = lt_word(&tc, key);
				assert_non_null(w);
				assert_non_null(wc);
				struct rc_letter l = sample(r, LANGS[a], "fa");
				l.regime = general[g];
				l.system_name = NULL;
				char *text = NULL;
				if (rc_letter_text(&l, &text) != RC_OK)
					fail_msg("%s/%s %s: %s", general[g], rc_request_kind_id(r->kind), LANGS[a], rc_error_detail());
				if (strstr(text, title))
					fail_msg("%s/%s %s: the regime's title \"%s\" in the letter", general[g],
						rc_request_kind_id(r->kind), LANGS[a], title);
				assert_null(strstr(text, "Eurodac"));
				assert_system_lines(text, LANGS[a], r->kind, w, general[g]);
				assert_system_lines(text, "fa", r->kind, wc, general[g]);
				free(text);
				lt_lang_free(&t);
				lt_lang_free(&tc);
				checked++;
			}
		}
	}
	assert_true(checked >= 4 * N_LANGS);

	/* a regime with systems: the program passes its system's name */
	const char *name = NULL;
	for (size_t i = 0; i < rc_regimes_count(regimes); i++)
		if (!strcmp(rc_regimes_id(regimes, i), "eurodac"))
			name = rc_regimes_system_name(regimes, i);
	assert_non_null(name);
	assert_string_equal(name, "Eurodac Central System");
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "eurodac", RC_REQ_ERASURE, day);
	assert_non_null(r);
	for (size_t a = 0; a < N_LANGS; a++) {
		struct rc_letter l = sample(r, LANGS[a], "en");
		l.system_name = name;
		char *text = NULL;
		assert_int_equal(rc_letter_text(&l, &text), RC_OK);
		assert_system_lines(text, LANGS[a], r->kind, name, "eurodac");
		assert_system_lines(text, "en", r->kind, name, "eurodac");
		free(text);
	}

	/* a language without the words: the letter fails, naming the key */
	char *dir = tu_tmpdir();
	char cmd[3000];
	snprintf(cmd, sizeof cmd,
		"mkdir -p '%s/templates' && cp -r '%s/templates/en' '%s/templates/en'"
		" && sed -i '/^system\\.none/d' '%s/templates/en/common.txt'", dir, data_dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_ERASURE, day);
	struct rc_letter l = sample(r, "en", "en");
	l.data_dir = dir;
	l.regime = "gdpr";
	l.system_name = NULL;
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "en/common.txt"));
	assert_non_null(strstr(rc_error_detail(), "system.none"));
	tu_rmdir(dir);
}

/* The template language: values, sections, inverted sections, errors. */
static void test_template_language(void **state)
{
	(void)state;
	struct lt_vars v = { .n = 0 };
	lt_vars_set(&v, "a", "A");
	lt_vars_set(&v, "b", NULL);
	lt_vars_set(&v, "c", "");
	struct rc_buf b;
	rc_buf_init(&b);
	assert_true(lt_expand("x{{a}}y{{b}}z{{#a}}[{{a}}{{#b}}no{{/b}}]{{/a}}{{^c}}<{{#a}}in{{/a}}>{{/c}}{{^a}}no{{/a}}", &v, "t", &b));
	assert_string_equal(rc_buf_cstr(&b), "xAyz[A]<in>");
	/* a value is never expanded again */
	rc_buf_reset(&b);
	lt_vars_set(&v, "a", "{{b}}");
	assert_true(lt_expand("{{a}}", &v, "t", &b));
	assert_string_equal(rc_buf_cstr(&b), "{{b}}");
	const char *bad[] = { "{{nope}}", "{{a}", "{{#a}}open", "{{/a}}", "{{ a }}", "{{}}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rc_buf_reset(&b);
		if (lt_expand(bad[i], &v, "t", &b))
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_non_null(strstr(rc_error_detail(), "t"));
	}
	rc_buf_free(&b);

	char l[LT_LANG_MAX];
	assert_true(lt_lang_norm("ar_EG.UTF-8", l));
	assert_string_equal(l, "ar");
	assert_true(lt_lang_norm("TI", l));
	assert_string_equal(l, "ti");
	assert_false(lt_lang_norm("e", l));
	assert_false(lt_lang_norm("engl", l));
	assert_false(lt_lang_norm("../x", l));
}

/* A template with a misspelt placeholder fails, naming it. */
static void test_bad_template(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char p[1024], cmd[3000];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/templates' && cp -r '%s/templates/en' '%s/templates/en'", dir, data_dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(p, sizeof p, "%s/templates/en/erasure.txt", dir);
	const char *t = "Erasure\n\nPlease erase {{sytem}}.\n";
	assert_int_equal(rc_file_write_atomic(p, t, strlen(t), 0600), RC_OK);
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "gdpr", RC_REQ_ERASURE, ymd("2026-12-04"));
	struct rc_letter l = sample(r, "en", "en");
	l.data_dir = dir;
	char *text = NULL;
	assert_int_equal(rc_letter_text(&l, &text), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "{{sytem}}"));
	assert_non_null(strstr(rc_error_detail(), "en/erasure.txt"));
	tu_rmdir(dir);
}

/* The PDF: written whole to the descriptor; a descriptor that cannot be
 * written is an error. */
static void test_pdf(void **state)
{
	(void)state;
	const struct rc_request_rule *r = rc_regimes_request_at(regimes, "eurodac", RC_REQ_ERASURE, ymd("2026-12-04"));
	struct rc_letter l = sample(r, "de", "ps");
	int fds[2];
	char *dir = tu_tmpdir();
	char p[1024];
	snprintf(p, sizeof p, "%s/letter.pdf", dir);
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(rc_letter_pdf(&l, fd), RC_OK);
	close(fd);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(rc_file_read_all(p, 1u << 24, &buf, &len), RC_OK);
	assert_true(len > 10000);
	assert_memory_equal(buf, "%PDF-1.5", 8);
	assert_non_null(strstr(buf + len - 64, "%%EOF"));
	free(buf);
	tu_rmdir(dir);

	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	assert_int_not_equal(rc_letter_pdf(&l, fds[1]), RC_OK);
	close(fds[1]);
}

/* The bundle's index (rc_index_pdf): the fields it cannot do without
 * (data folder, court's language, case label, a YYYY-MM-DD date, rows for
 * a count of rows, a file's name and checksum) are RC_INVALID, with
 * nothing handed back; no English index.txt is RC_NODATA; a language
 * without index.txt falls back to English; a bad word file is RC_INVALID
 * naming the file. */
static void test_index_invalid(void **state)
{
	(void)state;
	const struct rc_index_file file = { "data/log/accesses.csv", 12, "00", "the log" };
	const struct rc_index good = {
		.data_dir = data_dir, .court_lang = "de", .case_label = "CASE-1", .date = "2026-12-04",
		.files = &file, .n_files = 1,
	};
	unsigned char *pdf = (unsigned char *)"x";
	size_t len = 7;
	struct rc_index ix = good;
	assert_int_equal(rc_index_pdf(&ix, &pdf, &len), RC_OK);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-1.5", 8);
	free(pdf);

	struct rc_index bad[12];
	size_t n = 0;
	bad[n] = good; bad[n++].data_dir = NULL;
	bad[n] = good; bad[n++].court_lang = NULL;
	bad[n] = good; bad[n++].court_lang = "1x";
	bad[n] = good; bad[n++].applicant_lang = "-";
	bad[n] = good; bad[n++].case_label = NULL;
	bad[n] = good; bad[n++].case_label = "";
	bad[n] = good; bad[n++].case_label = "\x07\x1b";  /* nothing left once cleaned */
	bad[n] = good; bad[n++].date = NULL;
	bad[n] = good; bad[n++].date = "4.12.2026";
	bad[n] = good; bad[n++].n_by_authority = 3;        /* rows counted, none given */
	bad[n] = good; bad[n].files = NULL; n++;
	struct rc_index_file nosum = file;
	nosum.sha256 = NULL;
	bad[n] = good; bad[n++].files = &nosum;
	for (size_t i = 0; i < n; i++) {
		pdf = (unsigned char *)"x";
		len = 7;
		rc_error_set("unset");
		assert_int_equal(rc_index_pdf(&bad[i], &pdf, &len), RC_INVALID);
		assert_null(pdf);
		assert_int_equal(len, 0);
		assert_string_not_equal(rc_error_detail(), "unset");
	}
	assert_int_equal(rc_index_pdf(NULL, &pdf, &len), RC_INVALID);
	assert_int_equal(rc_index_pdf(&good, NULL, &len), RC_INVALID);

	/* no English index.txt: RC_NODATA; only English: a German court gets it */
	char *dir = tu_tmpdir();
	char cmd[3000], p[1024];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/templates/de'", dir);
	assert_int_equal(system(cmd), 0);
	ix = good;
	ix.data_dir = dir;
	assert_int_equal(rc_index_pdf(&ix, &pdf, &len), RC_NODATA);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/templates/en' && cp '%s/templates/en/index.txt' '%s/templates/en/'",
		dir, data_dir, dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(rc_index_pdf(&ix, &pdf, &len), RC_OK);
	free(pdf);
	/* a German file with a misspelt placeholder fails, naming it */
	snprintf(p, sizeof p, "%s/templates/de/index.txt", dir);
	const char *t = "page = Seite {{nn}} von {{total}}\n";
	assert_int_equal(rc_file_write_atomic(p, t, strlen(t), 0600), RC_OK);
	assert_int_equal(rc_index_pdf(&ix, &pdf, &len), RC_INVALID);
	assert_null(pdf);
	assert_non_null(strstr(rc_error_detail(), "{{nn}}"));
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_language),
		cmocka_unit_test(test_every_kind_every_language),
		cmocka_unit_test(test_uncertain_in_copy),
		cmocka_unit_test(test_english_fallback),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_no_period),
		cmocka_unit_test(test_mandate),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_complaint_earlier),
		cmocka_unit_test(test_reminder),
		cmocka_unit_test(test_cite),
		cmocka_unit_test(test_bad_template),
		cmocka_unit_test(test_system_words),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_index_invalid),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
