/* test_regimes.c - the regime files we ship load and say what the law
 * says; malformed documents are refused with the field named, leave
 * what was loaded untouched, and never crash. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static const char *const shipped[] = {
	"common.json", "gdpr.json", "eurodac.json", "sis.json", "vis-ees.json",
	"uk-dpa.json", "us-privacy-act.json", "ca-privacy-act.json", NULL
};

static char *read_data(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/regimes/%s", top && *top ? top : ".", name);
	char *buf = NULL;
	enum rc_status st = rc_file_read_all(path, 1u << 20, &buf, len);
	if (st != RC_OK)
		fail_msg("cannot read %s: %s", path, rc_status_name(st));
	return buf;
}

static void load(struct rc_regimes **r, const char *name)
{
	size_t len;
	char *buf = read_data(name, &len);
	rc_error_clear();
	enum rc_status st = rc_regimes_add_json(r, buf, len);
	if (st != RC_OK)
		fail_msg("%s: %s", name, rc_error_detail());
	free(buf);
}

static struct rc_regimes *load_all(void)
{
	struct rc_regimes *r = NULL;
	for (size_t i = 0; shipped[i]; i++)
		load(&r, shipped[i]);
	return r;
}

static struct rc_regimes *load_some(const char *a, const char *b, const char *c)
{
	struct rc_regimes *r = NULL;
	load(&r, a);
	if (b)
		load(&r, b);
	if (c)
		load(&r, c);
	return r;
}

static bool has_id(const struct rc_regimes *r, const char *id)
{
	for (size_t i = 0; i < rc_regimes_count(r); i++)
		if (!strcmp(rc_regimes_id(r, i), id))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */

static void test_shipped_files_load(void **state)
{
	(void)state;
	struct rc_regimes *r = load_all();
	assert_non_null(r);
	/* common.json is not a regime */
	assert_int_equal(rc_regimes_count(r), 7);
	const char *ids[] = { "gdpr", "eurodac", "sis", "vis-ees", "uk-dpa", "us-privacy-act",
		"ca-privacy-act" };
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		assert_true(has_id(r, ids[i]));
	for (size_t i = 0; i < rc_regimes_count(r); i++) {
		assert_non_null(rc_regimes_title(r, i));
		assert_true(strlen(rc_regimes_title(r, i)) > 3);
		/* every shipped title is in the translatable list (regime_titles.c) */
		if (!rc_regime_title_known(rc_regimes_title(r, i)))
			fail_msg("title of %s missing from src/core/regime_titles.c: %s",
			         rc_regimes_id(r, i), rc_regimes_title(r, i));
	}
	assert_string_equal(rc_regime_title_translated("A regime we did not ship"), "A regime we did not ship");
	assert_null(rc_regimes_id(r, 7));
	assert_null(rc_regimes_title(r, 99));
	assert_null(rc_regimes_id(NULL, 0));
	assert_int_equal(rc_regimes_count(NULL), 0);
	rc_regimes_free(&r);
	assert_null(r);
	rc_regimes_free(&r); /* twice is fine */
	rc_regimes_free(NULL);
}

static void test_retention_days(void **state)
{
	(void)state;
	struct rc_regimes *r = load_all();
	/* Eurodac: 10 years for applicants (603/2013 Art. 12; 2024/1358 Art. 29) */
	assert_int_equal(rc_regimes_retention_days(r, "Eurodac Central System"), 3653);
	assert_int_equal(rc_regimes_retention_days(r, "EURODAC"), 3653);
	assert_int_equal(rc_regimes_retention_days(r, "eu-LISA eurodac CS"), 3653);
	/* VIS: at most 5 years (767/2008 Art. 23) */
	assert_int_equal(rc_regimes_retention_days(r, "Visa Information System (VIS)"), 1827);
	assert_int_equal(rc_regimes_retention_days(r, "N-VIS"), 1827);
	/* EES: 3 years, 5 for overstayers (2017/2226 Art. 34): the longest */
	assert_int_equal(rc_regimes_retention_days(r, "Entry/Exit System"), 1827);
	assert_int_equal(rc_regimes_retention_days(r, "EES central system"), 1827);
	/* SIS has review periods, not retention */
	assert_int_equal(rc_regimes_retention_days(r, "Schengen Information System (SIS)"), -1);
	assert_int_equal(rc_regimes_retention_days(r, "SIS II"), -1);
	/* nothing says */
	assert_int_equal(rc_regimes_retention_days(r, "National AFIS (INPOL-Z)"), -1);
	assert_int_equal(rc_regimes_retention_days(r, "Revision system"), -1); /* not " vis " */
	assert_int_equal(rc_regimes_retention_days(r, "Division"), -1);
	assert_int_equal(rc_regimes_retention_days(r, ""), -1);
	assert_int_equal(rc_regimes_retention_days(r, NULL), -1);
	assert_int_equal(rc_regimes_retention_days(NULL, "Eurodac"), -1);
	rc_regimes_free(&r);
}

static void test_in_area(void **state)
{
	(void)state;
	struct rc_regimes *r = load_some("gdpr.json", "eurodac.json", "common.json");
	const char *eu = "Eurodac Central System";
	assert_int_equal(rc_regimes_in_area(r, eu, "DE"), 1);
	assert_int_equal(rc_regimes_in_area(r, eu, "de"), 1);
	assert_int_equal(rc_regimes_in_area(r, eu, " FR "), 1);
	assert_int_equal(rc_regimes_in_area(r, eu, "CH"), 1); /* Schengen associated */
	assert_int_equal(rc_regimes_in_area(r, eu, "NO"), 1);
	assert_int_equal(rc_regimes_in_area(r, eu, "EU"), 1); /* Europol, Frontex */
	assert_int_equal(rc_regimes_in_area(r, eu, "EL"), 1);
	assert_int_equal(rc_regimes_in_area(r, eu, "US"), 0);
	assert_int_equal(rc_regimes_in_area(r, eu, "ER"), 0);
	assert_int_equal(rc_regimes_in_area(r, eu, "GB"), 0);
	/* a system no regime covers: the area of all loaded regimes */
	assert_int_equal(rc_regimes_in_area(r, "National AFIS", "US"), 0);
	assert_int_equal(rc_regimes_in_area(r, NULL, "IT"), 1);
	/* not a country code */
	assert_int_equal(rc_regimes_in_area(r, eu, "USA"), -1);
	assert_int_equal(rc_regimes_in_area(r, eu, "U"), -1);
	assert_int_equal(rc_regimes_in_area(r, eu, "1A"), -1);
	assert_int_equal(rc_regimes_in_area(r, eu, ""), -1);
	assert_int_equal(rc_regimes_in_area(r, eu, NULL), -1);
	assert_int_equal(rc_regimes_in_area(NULL, eu, "US"), -1);
	rc_regimes_free(&r);

	/* without common.json the named area is unknown */
	r = load_some("gdpr.json", NULL, NULL);
	assert_int_equal(rc_regimes_in_area(r, NULL, "US"), -1);
	/* order does not matter: loaded later, it resolves */
	load(&r, "common.json");
	assert_int_equal(rc_regimes_in_area(r, NULL, "US"), 0);
	rc_regimes_free(&r);

	/* the UK regime: the EEA is inside, the US outside */
	r = load_some("common.json", "uk-dpa.json", NULL);
	assert_int_equal(rc_regimes_in_area(r, NULL, "GB"), 1);
	assert_int_equal(rc_regimes_in_area(r, NULL, "FR"), 1);
	assert_int_equal(rc_regimes_in_area(r, NULL, "US"), 0);
	rc_regimes_free(&r);

	/* only common.json: no regime in force, nothing known */
	r = load_some("common.json", NULL, NULL);
	assert_int_equal(rc_regimes_count(r), 0);
	assert_int_equal(rc_regimes_in_area(r, NULL, "US"), -1);
	rc_regimes_free(&r);
}

static const char inline_regime[] =
	"{\"kind\":\"regime\",\"format\":1,\"id\":\"test-inline\",\"title\":\"Test\","
	"\"instruments\":[{\"id\":\"t\",\"title\":\"T\"}],"
	"\"area\":[\"DE\",\"FR\"],"
	"\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"testsys\"],"
	"\"retention\":[{\"days\":30,\"text\":\"30 days\",\"article\":\"Art. 1\"},"
	"{\"days\":90,\"text\":\"90 days\",\"article\":\"Art. 2\"}]}],"
	"\"requests\":{}}";

static void test_inline_area_and_longest_retention(void **state)
{
	(void)state;
	struct rc_regimes *r = NULL;
	assert_int_equal(rc_regimes_add_json(&r, inline_regime, strlen(inline_regime)), RC_OK);
	assert_int_equal(rc_regimes_in_area(r, "TESTSYS 2", "FR"), 1);
	assert_int_equal(rc_regimes_in_area(r, "testsys", "IT"), 0);
	assert_int_equal(rc_regimes_retention_days(r, "the TestSys"), 90);
	/* another regime with a longer period for the same system wins */
	const char other[] =
		"{\"kind\":\"regime\",\"format\":1,\"id\":\"test-two\",\"title\":\"Two\","
		"\"instruments\":[{\"id\":\"t\",\"title\":\"T\"}],"
		"\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"testsys\"],"
		"\"retention\":[{\"days\":400,\"text\":\"400 days\",\"article\":\"Art. 3\"}]}],"
		"\"requests\":{}}";
	assert_int_equal(rc_regimes_add_json(&r, other, strlen(other)), RC_OK);
	assert_int_equal(rc_regimes_retention_days(r, "testsys"), 400);
	/* test-two has no area: the covering regimes' known area decides */
	assert_int_equal(rc_regimes_in_area(r, "testsys", "IT"), 0);
	rc_regimes_free(&r);
}

static void test_mandate_shipped_keywords(void **state)
{
	(void)state;
	struct rc_regimes *r = load_some("common.json", NULL, NULL);
	struct {
		const char *type, *name;
		bool purpose;
		enum rc_mandate want;
	} cases[] = {
		/* the sample's bodies */
		{ "hospital", "Klinikum Nord Hamburg", true, RC_MANDATE_NO },
		{ "employment and welfare office", "Jobcenter Hamburg-Mitte", true, RC_MANDATE_NO },
		{ "local police", "Landespolizei Hamburg", false, RC_MANDATE_NO },
		{ "local police", "Landespolizei Hamburg", true, RC_MANDATE_YES },
		{ "border police", "Bundespolizei", true, RC_MANDATE_YES },
		{ "border police", "Bundespolizei", false, RC_MANDATE_YES },
		{ "asylum authority", "Bundesamt für Migration und Flüchtlinge", true, RC_MANDATE_YES },
		{ "national immigration authority", "Immigration and Nationality Department", false, RC_MANDATE_YES },
		{ "law enforcement agency", "Europol", true, RC_MANDATE_YES },
		{ "law enforcement agency", "Europol", false, RC_MANDATE_UNKNOWN },
		{ NULL, "Préfecture de police de Paris", true, RC_MANDATE_YES },
		{ NULL, "Ministero dell'Interno", false, RC_MANDATE_UNKNOWN },
		/* names alone, in several languages and cases */
		{ NULL, "Universitätsklinikum Hamburg-Eppendorf", false, RC_MANDATE_NO },
		{ NULL, "KRANKENHAUS St. Georg", true, RC_MANDATE_NO },
		{ NULL, "Agentur für Arbeit Köln", true, RC_MANDATE_NO },
		{ NULL, "Sozialamt Bezirk Nord", true, RC_MANDATE_NO },
		{ NULL, "Finanzamt Altona", true, RC_MANDATE_NO },
		{ NULL, "Hôpital Lariboisière", true, RC_MANDATE_NO },
		{ NULL, "HOPITAL NECKER", true, RC_MANDATE_NO },
		{ NULL, "École élémentaire Jean Jaurès", true, RC_MANDATE_NO },
		{ NULL, "Pôle emploi Île-de-France", true, RC_MANDATE_NO },
		{ NULL, "Azienda Sanitaria Locale Roma 1", true, RC_MANDATE_NO },
		{ NULL, "Centro per l'impiego di Milano", true, RC_MANDATE_NO },
		{ NULL, "Polizia Municipale di Roma", false, RC_MANDATE_NO },
		{ NULL, "Polizia Municipale di Roma", true, RC_MANDATE_YES },
		{ NULL, "Hospital Universitario La Paz", true, RC_MANDATE_NO },
		{ NULL, "Servicio Público de Empleo Estatal", true, RC_MANDATE_NO },
		{ NULL, "Agencia Tributaria", true, RC_MANDATE_NO },
		{ NULL, "Ziekenhuis Rijnstate", true, RC_MANDATE_NO },
		{ NULL, "UWV Amsterdam", true, RC_MANDATE_NO },
		{ NULL, "Belastingdienst", true, RC_MANDATE_NO },
		{ NULL, "ΓΕΝΙΚΟ ΝΟΣΟΚΟΜΕΙΟ ΑΘΗΝΩΝ", true, RC_MANDATE_NO },
		{ NULL, "Γενικό Νοσοκομείο Αθηνών", true, RC_MANDATE_NO },
		{ NULL, "Υπηρεσία Ασύλου", false, RC_MANDATE_YES },
		{ NULL, "Δημοτική Αστυνομία Αθηνών", false, RC_MANDATE_NO },
		{ NULL, "HM Revenue & Customs", true, RC_MANDATE_NO },
		{ NULL, "Home Office (UK Visas and Immigration)", false, RC_MANDATE_YES },
		{ NULL, "Consulate General of Eritrea", false, RC_MANDATE_YES },
		/* mandate keywords win over service words */
		{ "hospital", "Border Health Unit", true, RC_MANDATE_YES },
		/* refugee services are services */
		{ NULL, "Refugee Health Centre", true, RC_MANDATE_NO },
		/* word boundaries */
		{ NULL, "Taxi Licensing Office", true, RC_MANDATE_UNKNOWN },
		{ NULL, "Local Tax Office", true, RC_MANDATE_NO },
		/* nothing known */
		{ NULL, "Some Office", true, RC_MANDATE_UNKNOWN },
		{ NULL, NULL, true, RC_MANDATE_UNKNOWN },
		{ "", "", false, RC_MANDATE_UNKNOWN },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		enum rc_mandate m = rc_regimes_mandate(r, cases[i].type, cases[i].name, cases[i].purpose);
		if (m != cases[i].want)
			fail_msg("case %zu (%s / %s, purpose %d): got %d, want %d", i,
				cases[i].type ? cases[i].type : "-", cases[i].name ? cases[i].name : "-",
				cases[i].purpose, (int)m, (int)cases[i].want);
	}
	assert_int_equal(rc_regimes_mandate(NULL, "hospital", NULL, true), RC_MANDATE_UNKNOWN);
	rc_regimes_free(&r);
	/* a regime without common.json has no keywords */
	r = load_some("gdpr.json", NULL, NULL);
	assert_int_equal(rc_regimes_mandate(r, "hospital", NULL, true), RC_MANDATE_UNKNOWN);
	rc_regimes_free(&r);
}

static void test_mandate_folding(void **state)
{
	(void)state;
	/* keywords are folded the same way as names: accents, case, signs */
	const char doc[] =
		"{\"kind\":\"common\",\"format\":1,\"mandate\":{"
		"\"with_mandate\":[\"Ausländerbehörde\"],"
		"\"without_mandate\":{\"health\":[\"Νοσοκομείο\", \"ŒUVRE-médicale\"],"
		"\"tax\":[\" tax \"]}}}";
	struct rc_regimes *r = NULL;
	assert_int_equal(rc_regimes_add_json(&r, doc, strlen(doc)), RC_OK);
	assert_int_equal(rc_regimes_mandate(r, NULL, "AUSLANDERBEHORDE Hamburg", false), RC_MANDATE_YES);
	assert_int_equal(rc_regimes_mandate(r, NULL, "ausländer-behörde", false), RC_MANDATE_UNKNOWN);
	assert_int_equal(rc_regimes_mandate(r, NULL, "ΝΟΣΟΚΟΜΕΙΟ", false), RC_MANDATE_NO);
	assert_int_equal(rc_regimes_mandate(r, NULL, "νοσοκομειο", false), RC_MANDATE_NO);
	assert_int_equal(rc_regimes_mandate(r, NULL, "oeuvre medicale", false), RC_MANDATE_NO);
	/* combining accents (decomposed text) are dropped too */
	assert_int_equal(rc_regimes_mandate(r, NULL, "Oeuvre me\xcc\x81" "dicale", false), RC_MANDATE_NO);
	assert_int_equal(rc_regimes_mandate(r, NULL, "Local-Tax/Office", false), RC_MANDATE_NO);
	assert_int_equal(rc_regimes_mandate(r, NULL, "Taxation", false), RC_MANDATE_UNKNOWN);
	/* invalid UTF-8 in a name does not break matching */
	assert_int_equal(rc_regimes_mandate(r, NULL, "\xff\xfe tax \xc3", false), RC_MANDATE_NO);
	rc_regimes_free(&r);
}

/* ------------------------------------------------------------------ */
/* Malformed documents. */

#define REGIME_HEAD "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\",\"title\":\"T\"," \
	"\"instruments\":[{\"id\":\"i\",\"title\":\"I\"}],"
#define OK_ACCESS "\"access\":{\"article\":\"Art. 15\",\"addressee\":\"them\"," \
	"\"answer\":{\"n\":1,\"unit\":\"months\"}}"

static const struct bad {
	const char *json;
	const char *detail; /* a part of rc_error_detail() */
} bad_docs[] = {
	{ "", "line" },
	{ "{", "line" },
	{ "[]", "must be" },
	{ "\"regime\"", "line" },
	{ "{} trailing", "line" },
	{ "{\"kind\":\"regime\",\"kind\":\"common\"}", "duplicate" },
	{ "{\"format\":1}", "\"kind\"" },
	{ "{\"kind\":\"other\",\"format\":1}", "\"kind\"" },
	{ "{\"kind\":\"regime\",\"format\":2}", "\"format\"" },
	{ "{\"kind\":\"regime\",\"format\":\"1\"}", "\"format\"" },
	{ "{\"kind\":\"regime\",\"format\":1}", "\"id\"" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"GDPR\"}", "\"id\"" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"\"}", "\"id\"" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\"}", "\"title\"" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\",\"title\":\"  \"}", "\"title\"" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\",\"title\":\"T\"}", "\"instruments\"" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\",\"title\":\"T\",\"instruments\":[]}", "\"instruments\"" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\",\"title\":\"T\",\"instruments\":[{\"id\":\"i\"}]}",
		"\"instruments[0].title\"" },
	{ REGIME_HEAD "\"requests\":{},\"retention_days\":5}", "\"retention_days\"" },
	{ REGIME_HEAD "\"notes\":5,\"requests\":{}}", "\"notes\"" },
	{ REGIME_HEAD "\"notes\":[\"a\",1],\"requests\":{}}", "\"notes[1]\"" },
	{ REGIME_HEAD "\"title2\":\"x\"}", "\"title2\"" },
	{ REGIME_HEAD "\"cite\":3,\"requests\":{}}", "\"cite\"" },
	{ REGIME_HEAD "\"area\":5,\"requests\":{}}", "\"area\"" },
	{ REGIME_HEAD "\"area\":[\"de\"],\"requests\":{}}", "\"area[0]\"" },
	{ REGIME_HEAD "\"area\":[\"DEU\"],\"requests\":{}}", "\"area[0]\"" },
	{ REGIME_HEAD "\"area\":\"No Such Area\",\"requests\":{}}", "\"area\"" },
	{ REGIME_HEAD "\"systems\":{},\"requests\":{}}", "\"systems\"" },
	{ REGIME_HEAD "\"systems\":[5],\"requests\":{}}", "\"systems[0]\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\"}],\"requests\":{}}", "\"systems[0].match\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[]}],\"requests\":{}}",
		"\"systems[0].match\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"--\"]}],\"requests\":{}}",
		"\"systems[0].match[0]\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\",7]}],\"requests\":{}}",
		"\"systems[0].match[1]\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"retention\":[{\"days\":-5,\"text\":\"x\",\"article\":\"y\"}]}],\"requests\":{}}",
		"\"systems[0].retention[0].days\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"retention\":[{\"days\":\"10\",\"text\":\"x\",\"article\":\"y\"}]}],\"requests\":{}}",
		"\"systems[0].retention[0].days\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"retention\":[{\"days\":1e3,\"text\":\"x\",\"article\":\"y\"}]}],\"requests\":{}}",
		"\"systems[0].retention[0].days\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"retention\":[{\"days\":99999999999,\"text\":\"x\",\"article\":\"y\"}]}],\"requests\":{}}",
		"\"systems[0].retention[0].days\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"retention\":[{\"text\":\"x\",\"article\":\"y\"}]}],\"requests\":{}}",
		"\"systems[0].retention[0].days\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"retention\":[{\"days\":5,\"text\":\"x\"}]}],\"requests\":{}}",
		"\"systems[0].retention[0].article\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"retention\":[{\"days\":5,\"text\":\"x\",\"article\":\"y\",\"counted_from\":\"then\"}]}],"
		"\"requests\":{}}",
		"\"systems[0].retention[0].counted_from\"" },
	{ REGIME_HEAD "\"systems\":[{\"id\":\"s\",\"name\":\"S\",\"match\":[\"a\"],"
		"\"review\":[{\"text\":\"x\"}]}],\"requests\":{}}",
		"\"systems[0].review[0].article\"" },
	{ REGIME_HEAD "\"foo\":1}", "\"foo\"" },
	{ REGIME_HEAD "\"notes\":\"x\"}", "\"requests\"" },
	{ REGIME_HEAD "\"requests\":[]}", "\"requests\"" },
	{ REGIME_HEAD "\"requests\":{\"deletion\":{}}}", "\"requests.deletion\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":5}}", "\"requests.access\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":{\"article\":\"a\",\"addressee\":\"b\"}}}",
		"\"requests.access.answer\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":{\"addressee\":\"b\",\"answer\":null}}}",
		"\"requests.access.article\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":{\"n\":1,\"unit\":\"weeks\"}}}}", "\"requests.access.answer.unit\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":{\"n\":0,\"unit\":\"months\"}}}}", "\"requests.access.answer.n\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":{\"unit\":\"months\"}}}}", "\"requests.access.answer.n\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":{\"n\":1,\"unit\":\"months\",\"days\":3}}}}", "\"requests.access.answer.days\"" },
	{ REGIME_HEAD "\"requests\":{\"access\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":\"one month\"}}}", "\"requests.access.answer\"" },
	{ REGIME_HEAD "\"requests\":{" OK_ACCESS ",\"erasure\":{\"available\":\"no\"}}}",
		"\"requests.erasure.available\"" },
	{ REGIME_HEAD "\"requests\":{" OK_ACCESS ",\"complaint\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":null,\"extension\":{\"n\":2,\"unit\":\"months\",\"notice\":{\"n\":1}}}}}",
		"\"requests.complaint.extension.notice.unit\"" },
	{ REGIME_HEAD "\"requests\":{" OK_ACCESS ",\"complaint\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":null,\"escalation\":{}}}}", "\"requests.complaint.escalation\"" },
	{ REGIME_HEAD "\"requests\":{" OK_ACCESS ",\"complaint\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":null,\"escalation\":[{\"article\":\"x\"}]}}}",
		"\"requests.complaint.escalation[0].to\"" },
	{ REGIME_HEAD "\"requests\":{" OK_ACCESS ",\"complaint\":{\"article\":\"a\",\"addressee\":\"b\","
		"\"answer\":null,\"escalation\":[{\"to\":\"x\",\"period\":{\"n\":1}}]}}}",
		"\"requests.complaint.escalation[0].period.unit\"" },
	/* the common document */
	{ "{\"kind\":\"common\",\"format\":1,\"areas\":[]}", "\"areas\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"areas\":{\"eu\":{}}}", "\"areas.eu.countries\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"areas\":{\"eu\":{\"countries\":[\"XXX\"]}}}",
		"\"areas.eu.countries[0]\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"areas\":{\"EU\":{\"countries\":[]}}}", "\"areas.EU\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"areas\":{\"eu\":{\"countries\":[],\"size\":3}}}",
		"\"areas.eu.size\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"mandate\":[]}", "\"mandate\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"mandate\":{\"with_mandate\":\"asylum\"}}",
		"\"mandate.with_mandate\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"mandate\":{\"with_mandate\":[\"asylum\",\" \"]}}",
		"\"mandate.with_mandate[1]\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"mandate\":{\"without_mandate\":{\"Health\":[\"a\"]}}}",
		"\"mandate.without_mandate.Health\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"mandate\":{\"without_mandate\":{\"health\":\"a\"}}}",
		"\"mandate.without_mandate.health\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"mandate\":{\"without_mandate\":[\"a\"]}}",
		"\"mandate.without_mandate\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"mandate\":{\"firewall\":[]}}", "\"mandate.firewall\"" },
	{ "{\"kind\":\"common\",\"format\":1,\"regimes\":[]}", "\"regimes\"" },
	/* text that is not UTF-8, an escaped NUL */
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\",\"title\":\"\xff\"}", "line" },
	{ "{\"kind\":\"regime\",\"format\":1,\"id\":\"t\",\"title\":\"a\\u0000b\"}", "line" },
};

static void test_malformed_documents(void **state)
{
	(void)state;
	struct rc_regimes *loaded = load_some("common.json", "gdpr.json", NULL);
	for (size_t i = 0; i < sizeof bad_docs / sizeof *bad_docs; i++) {
		const struct bad *b = &bad_docs[i];
		struct rc_regimes *r = NULL;
		rc_error_clear();
		enum rc_status st = rc_regimes_add_json(&r, b->json, strlen(b->json));
		if (st != RC_INVALID)
			fail_msg("bad document %zu was accepted (%d): %s", i, (int)st, b->json);
		assert_null(r);
		if (!strstr(rc_error_detail(), b->detail))
			fail_msg("bad document %zu: detail \"%s\" does not name %s", i, rc_error_detail(), b->detail);
		/* into a set already loaded: refused, nothing changed */
		st = rc_regimes_add_json(&loaded, b->json, strlen(b->json));
		assert_int_equal(st, RC_INVALID);
		assert_int_equal(rc_regimes_count(loaded), 1);
		assert_int_equal(rc_regimes_in_area(loaded, NULL, "US"), 0);
		assert_int_equal(rc_regimes_mandate(loaded, "hospital", NULL, true), RC_MANDATE_NO);
	}
	rc_regimes_free(&loaded);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	struct rc_regimes *r = NULL;
	assert_int_equal(rc_regimes_add_json(NULL, "{}", 2), RC_INVALID);
	assert_int_equal(rc_regimes_add_json(&r, NULL, 5), RC_INVALID);
	assert_int_equal(rc_regimes_add_json(&r, NULL, 0), RC_INVALID);
	assert_null(r);
	/* an embedded NUL byte ends nothing: the length counts */
	const char nul[] = "{\"kind\":\"common\",\"format\":1}\0{";
	assert_int_equal(rc_regimes_add_json(&r, nul, sizeof nul - 1), RC_INVALID);
	assert_null(r);
	assert_int_equal(rc_regimes_add_json(&r, nul, strlen(nul)), RC_OK);
	assert_non_null(r);
	rc_regimes_free(&r);
	/* too big */
	size_t big = 5u << 20;
	char *huge = rc_xmalloc(big);
	memset(huge, ' ', big);
	huge[0] = '{';
	huge[big - 1] = '}';
	assert_int_equal(rc_regimes_add_json(&r, huge, big), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "MiB"));
	free(huge);
	/* deep nesting */
	size_t depth = 200000;
	char *deep = rc_xmalloc(2 * depth);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	assert_int_equal(rc_regimes_add_json(&r, deep, 2 * depth), RC_INVALID);
	free(deep);
	assert_null(r);
}

static void test_duplicates_refused(void **state)
{
	(void)state;
	struct rc_regimes *r = load_some("common.json", "gdpr.json", NULL);
	size_t len;
	char *buf = read_data("gdpr.json", &len);
	assert_int_equal(rc_regimes_add_json(&r, buf, len), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "\"gdpr\""));
	free(buf);
	buf = read_data("common.json", &len);
	assert_int_equal(rc_regimes_add_json(&r, buf, len), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "already loaded"));
	free(buf);
	assert_int_equal(rc_regimes_count(r), 1);
	/* a second common document with new areas and keywords adds to the first */
	const char more[] = "{\"kind\":\"common\",\"format\":1,\"areas\":{\"test\":{\"countries\":[\"JP\"]}},"
		"\"mandate\":{\"without_mandate\":{\"zoo\":[\"zoo\"]}}}";
	assert_int_equal(rc_regimes_add_json(&r, more, strlen(more)), RC_OK);
	assert_int_equal(rc_regimes_mandate(r, NULL, "City Zoo", true), RC_MANDATE_NO);
	assert_int_equal(rc_regimes_mandate(r, "hospital", NULL, true), RC_MANDATE_NO);
	rc_regimes_free(&r);
}

/* Every prefix of the shipped files, and random damage to them: no crash,
 * no leak (ASan), a clear status each time. */
static void test_damaged_files(void **state)
{
	(void)state;
	const char *names[] = { "gdpr.json", "common.json", "eurodac.json" };
	uint32_t seed = 12345;
	for (size_t f = 0; f < sizeof names / sizeof *names; f++) {
		size_t len;
		char *buf = read_data(names[f], &len);
		for (size_t cut = 0; cut < len; cut += (f == 0 ? 1 : 7)) {
			struct rc_regimes *r = NULL;
			enum rc_status st = rc_regimes_add_json(&r, buf, cut);
			assert_true(st == RC_OK || st == RC_INVALID);
			if (st == RC_INVALID) {
				assert_null(r);
				assert_true(rc_error_detail()[0] != '\0');
			}
			rc_regimes_free(&r);
		}
		char *copy = rc_xmalloc(len);
		for (int round = 0; round < 400; round++) {
			memcpy(copy, buf, len);
			for (int k = 0; k < 3; k++) {
				seed = seed * 1103515245u + 12345u;
				size_t pos = (seed >> 8) % len;
				seed = seed * 1103515245u + 12345u;
				copy[pos] = (char)(seed >> 16);
			}
			struct rc_regimes *r = NULL;
			enum rc_status st = rc_regimes_add_json(&r, copy, len);
			assert_true(st == RC_OK || st == RC_INVALID);
			if (st == RC_OK) {
				/* still answers queries */
				(void)rc_regimes_retention_days(r, "Eurodac");
				(void)rc_regimes_in_area(r, "Eurodac", "US");
				(void)rc_regimes_mandate(r, "hospital", "x", false);
			}
			rc_regimes_free(&r);
		}
		free(copy);
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_files_load),
		cmocka_unit_test(test_retention_days),
		cmocka_unit_test(test_in_area),
		cmocka_unit_test(test_inline_area_and_longest_retention),
		cmocka_unit_test(test_mandate_shipped_keywords),
		cmocka_unit_test(test_mandate_folding),
		cmocka_unit_test(test_malformed_documents),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_duplicates_refused),
		cmocka_unit_test(test_damaged_files),
	};
	return cmocka_run_group_tests_name("regimes", tests, NULL, NULL);
}
