/* test_balp.c - the 46 AuditEvent examples of IHE Basic Audit Log
 * Patterns 1.1.4 (tests/data/samples/fhir-examples/r4-ihe-balp/), each
 * imported alone and checked against what the resource itself says, read
 * here with jansson, apart from the importer:
 *
 *   - someone acted: authority is never empty;
 *   - no legal basis: FHIR AuditEvent has no element for one, and BALP's
 *     agent.policy holds a token id (it goes to authorization);
 *   - a purpose the resource states (purposeOfEvent, agent.purposeOfUse)
 *     is never lost, and a code is shown with its meaning, not alone;
 *
 * and prints the three counts (each must be 0); then who acted, the
 * client and the record for examples checked by hand against the IG. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core.h"

#define DIR "fhir-examples/r4-ihe-balp/"

static char *slurp(const char *rel, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char *data = NULL, *path = rc_xmalloc(strlen(top ? top : ".") + strlen(rel) + 32);
	sprintf(path, "%s/tests/data/samples/%s", top ? top : ".", rel);
	if (rc_file_read_all(path, 16u << 20, &data, len) != RC_OK)
		fail_msg("cannot read %s (is top_srcdir set?)", path);
	free(path);
	return data;
}

struct one {
	struct rc_event ev;
	int n, ninv;
};

static enum rc_status on_event(void *ud, struct rc_event *ev)
{
	struct one *o = ud;
	if (o->n++ == 0)
		o->ev = *ev;
	else
		rc_event_clear(ev);
	return RC_OK;
}

static void on_invalid(void *ud, const struct rc_import_error *e)
{
	struct one *o = ud;
	o->ninv++;
	print_message("# invalid: %s\n", e->message);
}

/* Imports one example; its event in o->ev (rc_event_clear it). */
static char *example(const char *name, size_t *len)
{
	char *rel = rc_xmalloc(strlen(DIR) + strlen(name) + 1);
	strcpy(rel, DIR);
	strcat(rel, name);
	char *data = slurp(rel, len);
	free(rel);
	return data;
}

static void import_one(const char *name, struct one *o)
{
	size_t len;
	char *data = example(name, &len);
	memset(o, 0, sizeof *o);
	struct rc_import *imp = rc_import_new(RC_IMPORT_FHIR, name, NULL, on_event, on_invalid, o);
	assert_int_equal(rc_import_feed(imp, data, len), RC_OK);
	assert_int_equal(rc_import_finish(imp), RC_OK);
	rc_import_free(&imp);
	free(data);
	if (o->n != 1 || o->ninv)
		fail_msg("%s: %d events, %d invalid", name, o->n, o->ninv);
}

/* Does a CodeableConcept say anything (a text, a code, a display)? */
static bool cc_says(json_t *cc)
{
	if (json_is_string(json_object_get(cc, "text")))
		return true;
	size_t i;
	json_t *cd;
	json_array_foreach(json_object_get(cc, "coding"), i, cd)
		if (json_is_string(json_object_get(cd, "code"))
			|| json_is_string(json_object_get(cd, "display")))
			return true;
	return false;
}

static bool any_says(json_t *list)
{
	size_t i;
	json_t *cc;
	json_array_foreach(list, i, cc)
		if (cc_says(cc))
			return true;
	return false;
}

/* What the resource states, read from its JSON. */
struct states {
	bool purpose;          /* purposeOfEvent or an agent's purposeOfUse */
	char bare[8][64];      /* purposes given as a code alone (no text, no display) */
	int nbare;
	char policies[8][128]; /* every agent.policy */
	int npolicies;
};

/* The code of a concept that gives neither text nor display. */
static void note_bare(json_t *list, struct states *s)
{
	size_t i, j;
	json_t *cc, *cd;
	json_array_foreach(list, i, cc) {
		if (json_is_string(json_object_get(cc, "text")))
			continue;
		const char *code = NULL;
		bool display = false;
		json_array_foreach(json_object_get(cc, "coding"), j, cd) {
			display |= json_is_string(json_object_get(cd, "display"));
			if (!code && json_is_string(json_object_get(cd, "code")))
				code = json_string_value(json_object_get(cd, "code"));
		}
		if (code && !display && s->nbare < 8)
			snprintf(s->bare[s->nbare++], sizeof s->bare[0], "%s", code);
	}
}

/* Is the purpose shown only as one of those codes, not in words? */
static bool purpose_as_bare_code(const char *purpose, const struct states *s)
{
	for (int k = 0; k < s->nbare; k++) {
		size_t n = strlen(s->bare[k]);
		for (const char *p = purpose; p; p = strstr(p, "; ")) {
			if (p != purpose)
				p += 2;
			if (strncmp(p, s->bare[k], n) == 0 && (p[n] == 0 || p[n] == ';'))
				return true;
		}
	}
	return false;
}

static void read_states(const char *name, struct states *s)
{
	size_t len;
	char *data = example(name, &len);
	json_error_t err;
	json_t *r = json_loadb(data, len, 0, &err);
	free(data);
	if (!r)
		fail_msg("%s: %s", name, err.text);
	memset(s, 0, sizeof *s);
	s->purpose = any_says(json_object_get(r, "purposeOfEvent"));
	note_bare(json_object_get(r, "purposeOfEvent"), s);
	size_t i, j;
	json_t *a, *p;
	json_array_foreach(json_object_get(r, "agent"), i, a) {
		if (any_says(json_object_get(a, "purposeOfUse")))
			s->purpose = true;
		note_bare(json_object_get(a, "purposeOfUse"), s);
		json_array_foreach(json_object_get(a, "policy"), j, p)
			if (json_is_string(p) && s->npolicies < 8)
				snprintf(s->policies[s->npolicies++], sizeof s->policies[0], "%s",
					json_string_value(p));
	}
	json_decref(r);
}

/* The examples: the IG's AuditEvent files, as expected.tsv lists them. */
static int example_names(char names[][128], int max)
{
	size_t len;
	char *tsv = slurp("fhir-examples/expected.tsv", &len);
	int n = 0;
	char *save = NULL;
	for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *pre = "r4-ihe-balp/AuditEvent-";
		if (strncmp(line, pre, strlen(pre)) != 0)
			continue;
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = 0;
		assert_true(n < max);
		snprintf(names[n++], 128, "%s", line + strlen("r4-ihe-balp/"));
	}
	free(tsv);
	return n;
}

static void test_balp_counts(void **state)
{
	char names[64][128];
	int n = example_names(names, 64);
	assert_int_equal(n, 46);
	unsigned no_who = 0, legal_not_act = 0, purpose_lost = 0, stated = 0, tokens = 0, tokens_lost = 0;
	for (int i = 0; i < n; i++) {
		struct one o;
		struct states s;
		import_one(names[i], &o);
		read_states(names[i], &s);
		const struct rc_event *e = &o.ev;
		if (!e->authority) {
			no_who++;
			print_message("# %s: no one who acted\n", names[i]);
		}
		/* No AuditEvent element holds a law; whatever would sit in
		 * legal_basis (a token id, a policy) is not a legal act. */
		if (e->legal_basis) {
			legal_not_act++;
			print_message("# %s: legal basis \"%s\"\n", names[i], e->legal_basis);
		}
		if (s.purpose) {
			stated++;
			if (!e->purpose || purpose_as_bare_code(e->purpose, &s)) {
				purpose_lost++;
				print_message("# %s: the purpose it states is lost (%s)\n", names[i],
					e->purpose ? e->purpose : "none");
			}
		}
		/* A token id is an authorization, one of the agents' policies. */
		if (s.npolicies) {
			tokens++;
			bool found = false;
			for (int k = 0; k < s.npolicies && e->authorization; k++)
				found |= strcmp(e->authorization, s.policies[k]) == 0;
			if (!found) {
				tokens_lost++;
				print_message("# %s: the token id is not the authorization\n", names[i]);
			}
		}
		rc_event_clear(&o.ev);
	}
	print_message("# BALP 1.1.4, %d examples: %u with no one who acted, %u with a legal basis "
		"that is not a legal act, %u without the purpose they state in words (of %u stating one; "
		"%u token ids kept as authorization)\n", n, no_who, legal_not_act, purpose_lost,
		stated, tokens);
	assert_int_equal(no_who, 0);
	assert_int_equal(legal_not_act, 0);
	assert_int_equal(purpose_lost, 0);
	assert_int_equal(tokens_lost, 0);
	/* Counted from the JSON: the disclosures' purposeOfEvent, the
	 * AuthZ and SAML users' purposeOfUse; the OAuth and SAML tokens. */
	assert_int_equal(stated, 11);
	assert_int_equal(tokens, 8);
}

#define assert_str(a, b) do { \
		const char *a_ = (a), *b_ = (b); \
		if (!b_ && a_) \
			fail_msg("%s is \"%s\", expected NULL", #a, a_); \
		if (b_ && !a_) \
			fail_msg("%s is NULL, expected \"%s\"", #a, b_); \
		if (a_) \
			assert_string_equal(a_, b_); \
	} while (0)

#define IP "2001:0db8:85a3:0000:0000:8a2e:0370:7334"

/* Checked by hand against the IG's FSH (IHE/ITI.BasicAudit 1.1.4). */
static const struct expect {
	const char *file;
	const char *authority, *client, *patient;
	const char *organization, *role, *purpose, *authorization;
	enum rc_action action;
} expected[] = {
	/* The user given only by reference; the organization they act for
	 * (BALP's userorg, v3 PROV); the client app (DICOM 110150). */
	{ "AuditEvent-ex-auditAuthZconsent.json", "Practitioner/ex-practitioner",
		"Device/ex-device (" IP ")", "Patient/ex-patient", "Organization/ex-organization",
		"information recipient (IRCP)", "patient requested (PATRQT)", "Consent/ex-consent",
		RC_ACT_OTHER },
	/* A create: the client is the source (110153), the server the
	 * destination. */
	{ "AuditEvent-ex-auditBasicCreate1.json", "Betty Jones",
		"myMachine.example.org (" IP ")", "Patient/ex-patient", NULL, "Informant", NULL, NULL,
		RC_ACT_CREATE },
	/* No user: the client acted, and is shown as the client too. */
	{ "AuditEvent-ex-auditBasicCreateNoUser.json", "myMachine.example.org",
		"myMachine.example.org (" IP ")", "Patient/ex-patient", NULL, NULL, NULL, NULL,
		RC_ACT_CREATE },
	/* A delete: the client is the application (110150), the server the
	 * custodian, who never acted. */
	{ "AuditEvent-ex-auditBasicDelete2.json", "Charley Miller",
		"myMachine.example.org (" IP ")", "Patient/ex-patient", NULL, "Custodian", NULL, NULL,
		RC_ACT_DELETE },
	{ "AuditEvent-ex-auditBasicDeleteNoUser.json", "myMachine.example.org",
		"myMachine.example.org (" IP ")", "Patient/ex-patient", NULL, NULL, NULL, NULL,
		RC_ACT_DELETE },
	/* A read: the client is the destination (110152), the server the
	 * source (110153). */
	{ "AuditEvent-ex-auditBasicReadNoUser.json", "myMachine.example.org",
		"myMachine.example.org (" IP ")", "Patient/ex-patient", NULL, NULL, NULL, NULL,
		RC_ACT_READ },
	{ "AuditEvent-ex-auditBasicQueryGetNoPatient.json", "John Smith",
		"myMachine.example.org (" IP ")", NULL, NULL, "information recipient", NULL, NULL,
		RC_ACT_SEARCH },
	/* OAuth: the token id in policy; the OAuth client. */
	{ "AuditEvent-ex-auditBasicReadOServer.json", "JohnSmith", "SampleApp (" IP ")",
		"Patient/ex-patient", NULL, "information recipient", NULL,
		"C187CC480FAC40A0936902D8BC324F5F", RC_ACT_READ },
	/* An OAuth user not named at all: the client that read. */
	{ "AuditEvent-ex-auditBasicReadOServerMin.json", "myMachine.example.org",
		"myMachine.example.org (" IP ")", "Patient/ex-patient", NULL,
		"user (OAuth token) (UserOauthAgent)", NULL, "C187CC480FAC40A0936902D8BC324F5F",
		RC_ACT_READ },
	/* SAML: the user by identifier, the SAML assertion ID in policy. */
	{ "AuditEvent-ex-auditPoke-SAML-Min.json", "https://sts.sykehuspartner.no|05086900124",
		NULL, NULL, NULL, "information recipient (IRCP)", NULL, "XC4WdYS0W5bjsMGc5Ue6tClD_5U",
		RC_ACT_READ },
	{ "AuditEvent-ex-auditPoke-SAML-Min2.json", "https://carequality.org|JoeL", NULL, NULL,
		NULL, "information recipient",
		"treatment (TREAT); emergency treatment (ETREAT); healthcare payment (HPAYMT); "
		"healthcare operations (HOPERAT)", "_5a6b51b7-cd3e-4629-aac8-9846cbc3cf84",
		RC_ACT_READ },
	{ "AuditEvent-ex-auditPoke-SAML-QDI-Comp.json",
		"ldap:///CN%3DSAML%20User%2COU%3DHarris%2CO%3DHITS%2CL%3DMelbourne%2CST%3DFL%2CC%3DUS"
		"|UID=kskagerb", NULL, NULL, "connectred5.fedsconnect.org", "Public health officier",
		"Uses and disclosures for public health activities.",
		"_d87f8adf-711a-4545-bf77-ff8517b498e4", RC_ACT_READ },
	/* A disclosure as its recipient recorded it: an import (110107),
	 * which the action list can only call a creation; no onward
	 * recipient, and the sender is no client. */
	{ "AuditEvent-ex-auditPrivacyDisclosure-recipient.json", "Patient/ex-patient", NULL,
		"Patient/ex-patient", NULL, "Patient Advocate", "patient requested", NULL,
		RC_ACT_CREATE },
	{ "AuditEvent-ex-auditPrivacyDisclosure-recipient-minCodes.json", "Patient/ex-patient",
		NULL, "Patient/ex-patient", NULL, "Patient Advocate", "patient requested (PATRQT)", NULL,
		RC_ACT_CREATE },
	/* ... and at its source: an export, whose source is the recorder. */
	{ "AuditEvent-ex-auditPrivacyDisclosure-source.json", "Patient/ex-patient", NULL,
		"Patient/ex-patient", NULL, "Patient Advocate", "patient requested", NULL,
		RC_ACT_EXPORT },
};

static void test_balp_hand_checked(void **state)
{
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		const struct expect *x = &expected[i];
		struct one o;
		import_one(x->file, &o);
		const struct rc_event *e = &o.ev;
		print_message("# %s\n", x->file);
		assert_str(e->authority, x->authority);
		assert_str(e->client, x->client);
		assert_str(e->patient, x->patient);
		assert_str(e->organization, x->organization);
		assert_str(e->role, x->role);
		assert_str(e->purpose, x->purpose);
		assert_str(e->authorization, x->authorization);
		assert_null(e->legal_basis);
		assert_int_equal(e->action, x->action);
		/* Whose record, or the mark that the log does not say. */
		assert_int_equal(!!(e->marks & RC_MARK_NO_RECORD), !x->patient);
		rc_event_clear(&o.ev);
	}
	/* The onward recipient of the disclosure at its source. */
	struct one o;
	import_one("AuditEvent-ex-auditPrivacyDisclosure-source.json", &o);
	assert_str(o.ev.dest, "myMachine.example.org");
	rc_event_clear(&o.ev);
	import_one("AuditEvent-ex-auditPrivacyDisclosure-recipient.json", &o);
	assert_null(o.ev.dest);
	rc_event_clear(&o.ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_balp_counts),
		cmocka_unit_test(test_balp_hand_checked),
	};
	return cmocka_run_group_tests_name("balp", tests, NULL, NULL);
}
