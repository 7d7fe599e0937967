/* test_net.c - src/net without a network: which addresses may be asked,
 * the origin rule for next links, the searchset envelope read as it
 * streams (in pieces of every size), the discovery document, and what a
 * registry says of a request submitted online (remote.c). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "net.h"

static void test_url_rules(void **state)
{
	assert_true(rc_net_url_allowed("https://registry.example/fhir"));
	assert_true(rc_net_url_allowed("http://127.0.0.1:8080/"));
	assert_true(rc_net_url_allowed("http://127.1.2.3/"));
	assert_true(rc_net_url_allowed("http://[::1]:99/"));
	assert_false(rc_net_url_allowed("http://registry.example/"));
	assert_false(rc_net_url_allowed("http://localhost/"));
	assert_false(rc_net_url_allowed("http://128.0.0.1/"));
	assert_false(rc_net_url_allowed("ftp://127.0.0.1/"));
	assert_false(rc_net_url_allowed("file:///etc/passwd"));
	assert_false(rc_net_url_allowed("not a url"));
	assert_true(strlen(rc_error_detail()) > 0);
}

static void test_same_origin(void **state)
{
	assert_true(rc_net_same_origin("https://r.example/fhir", "https://r.example/fhir/AuditEvent?x=1"));
	assert_true(rc_net_same_origin("https://r.example/", "https://R.EXAMPLE:443/other"));
	assert_false(rc_net_same_origin("https://r.example/", "https://r.example:444/"));
	assert_false(rc_net_same_origin("https://r.example/", "http://r.example/"));
	assert_false(rc_net_same_origin("https://r.example/", "https://evil.example/"));
	assert_false(rc_net_same_origin("https://r.example/", "https://r.example.evil.example/"));
	assert_false(rc_net_same_origin("https://r.example/", "https://r.example@evil.example/"));
	assert_false(rc_net_same_origin("https://r.example/", "garbage"));
}

static const char page[] =
	"{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":1234,"
	"\"link\":[{\"relation\":\"self\",\"url\":\"https://r/a?p=1\"},{\"url\":\"https://r/a?p=2\",\"relation\":\"next\"}],"
	"\"entry\":[{\"resource\":{\"resourceType\":\"AuditEvent\",\"id\":\"x\",\"entity\":[{\"what\":{\"reference\":\"Patient/1\"}}]},"
	"\"search\":{\"mode\":\"match\"}},"
	"{\"search\":{\"mode\":\"outcome\"},\"resource\":{\"resourceType\":\"OperationOutcome\",\"issue\":["
	"{\"severity\":\"information\",\"code\":\"informational\"},"
	"{\"severity\":\"information\",\"code\":\"suppressed\",\"details\":{\"text\":\"Withheld \\u202eunder Art. 43\\u001b[31m\"}}]}},"
	"{\"resource\":{\"resourceType\":\"AuditEvent\",\"id\":\"y\"}}]}";

static void test_envelope_any_split(void **state)
{
	size_t n = strlen(page);
	for (size_t cut = 1; cut < n; cut += 7) {
		struct rc_bundle_env *e = rc_bundle_env_new();
		assert_non_null(e);
		assert_int_equal(rc_bundle_env_feed(e, page, cut), RC_OK);
		assert_int_equal(rc_bundle_env_feed(e, page + cut, n - cut), RC_OK);
		assert_int_equal(rc_bundle_env_finish(e), RC_OK);
		struct rc_bundle_info in;
		rc_bundle_env_info(e, &in);
		assert_string_equal(in.type, "searchset");
		assert_int_equal(in.total, 1234);
		assert_string_equal(in.next, "https://r/a?p=2");
		assert_int_equal(in.matches, 2);
		assert_int_equal(in.outcomes, 1);
		assert_int_equal(in.suppressed, 1);
		assert_non_null(in.withheld);
		assert_null(strstr(in.withheld, "\xe2\x80\xae"));
		assert_null(strchr(in.withheld, 0x1b));
		assert_non_null(strstr(in.withheld, "Art. 43"));
		rc_bundle_env_free(&e);
		assert_null(e);
	}
}

static enum rc_status env_of(const char *doc, struct rc_bundle_info *in, struct rc_bundle_env **pe)
{
	*pe = rc_bundle_env_new();
	enum rc_status st = rc_bundle_env_feed(*pe, doc, strlen(doc));
	if (st == RC_OK)
		st = rc_bundle_env_finish(*pe);
	rc_bundle_env_info(*pe, in);
	return st;
}

static void test_envelope_refusals(void **state)
{
	struct rc_bundle_info in;
	struct rc_bundle_env *e;
	assert_int_equal(env_of("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"", &in, &e), RC_BADREG);
	rc_bundle_env_free(&e);
	assert_int_equal(env_of("{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}", &in, &e), RC_BADREG);
	rc_bundle_env_free(&e);
	assert_int_equal(env_of("[1,2]", &in, &e), RC_BADREG);
	rc_bundle_env_free(&e);
	assert_int_equal(env_of("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"} {}", &in, &e), RC_BADREG);
	rc_bundle_env_free(&e);
	assert_int_equal(env_of("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"code\":\"processing\","
	                        "\"diagnostics\":\"database \\u001bdown\"}]}", &in, &e), RC_BADREG);
	assert_non_null(strstr(rc_error_detail(), "database down"));
	rc_bundle_env_free(&e);
	/* no accesses: a searchset with total 0 and no entry */
	assert_int_equal(env_of("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}", &in, &e), RC_OK);
	assert_int_equal(in.matches, 0);
	assert_int_equal(in.total, 0);
	assert_null(in.next);
	rc_bundle_env_free(&e);
	/* deep nesting is refused, not a crash */
	char deep[4000];
	size_t k = 0;
	k += (size_t)sprintf(deep, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"x\":");
	for (int i = 0; i < 1000; i++)
		deep[k++] = '[';
	deep[k] = 0;
	assert_int_equal(env_of(deep, &in, &e), RC_BADREG);
	rc_bundle_env_free(&e);
}

static void test_discovery(void **state)
{
	struct rc_discovery d;
	const char *ok = "{\"api_version\":\"1.0\",\"registry\":\"R\\u202e\",\"fhir_base\":\"https://r.example/fhir/\","
	                 "\"request_kinds\":[\"access\",\"bogus\",\"deletion\"],\"oauth\":{}}";
	assert_int_equal(rc_discovery_parse("https://r.example", ok, strlen(ok), &d), RC_OK);
	assert_string_equal(d.fhir_base, "https://r.example/fhir");
	assert_string_equal(d.request_kinds, "access, deletion");
	assert_string_equal(d.registry, "R");
	assert_true(d.oauth);
	rc_discovery_clear(&d);
	const char *elsewhere = "{\"api_version\":\"1.0\",\"fhir_base\":\"https://evil.example/fhir\"}";
	assert_int_equal(rc_discovery_parse("https://r.example", elsewhere, strlen(elsewhere), &d), RC_BADREG);
	const char *v2 = "{\"api_version\":\"2.0\",\"fhir_base\":\"https://r.example/fhir\"}";
	assert_int_equal(rc_discovery_parse("https://r.example", v2, strlen(v2), &d), RC_BADREG);
	const char *dup = "{\"api_version\":\"1.0\",\"api_version\":\"1.0\",\"fhir_base\":\"https://r.example/f\"}";
	assert_int_equal(rc_discovery_parse("https://r.example", dup, strlen(dup), &d), RC_BADREG);
	assert_int_equal(rc_discovery_parse("https://r.example", "nope", 4, &d), RC_BADREG);
}

#define BS "\"system\":\"http://hl7.org/fhir/uv/patient-corrections/CodeSystem/PatientCorrectionBusinessStatus\""

/* A Task: its business status only from the guide's table, its reason
 * cleaned, its id and date checked. */
static void test_remote_task(void **state)
{
	struct rc_remote_status s;
	const char *ok = "{\"resourceType\":\"Task\",\"id\":\"t-1\",\"status\":\"completed\",\"businessStatus\":"
	                 "{\"coding\":[{" BS ",\"code\":\"denied\"}]},\"lastModified\":\"2026-12-06T10:00:00Z\","
	                 "\"statusReason\":{\"text\":\"No\\u001b[2J \\u202eway\"}}";
	assert_int_equal(rc_remote_task(ok, strlen(ok), &s), RC_OK);
	assert_string_equal(s.code, "denied");
	assert_string_equal(s.id, "t-1");
	assert_string_equal(s.modified, "2026-12-06T10:00:00Z");
	assert_null(strchr(s.reason, 0x1b));
	assert_null(strstr(s.reason, "\xe2\x80\xae"));
	rc_remote_status_clear(&s);
	const char *unknown = "{\"resourceType\":\"Task\",\"status\":\"completed\",\"businessStatus\":"
	                      "{\"coding\":[{" BS ",\"code\":\"exploded\"}]}}";
	assert_int_equal(rc_remote_task(unknown, strlen(unknown), &s), RC_BADREG);
	const char *badstatus = "{\"resourceType\":\"Task\",\"status\":\"whatever\"}";
	assert_int_equal(rc_remote_task(badstatus, strlen(badstatus), &s), RC_BADREG);
	const char *baddate = "{\"resourceType\":\"Task\",\"status\":\"ready\",\"lastModified\":\"yesterday\"}";
	assert_int_equal(rc_remote_task(baddate, strlen(baddate), &s), RC_BADREG);
	const char *other = "{\"resourceType\":\"Patient\",\"status\":\"ready\"}";
	assert_int_equal(rc_remote_task(other, strlen(other), &s), RC_BADREG);
	/* the Task a Communication names, only as a path-safe id */
	char *id = NULL;
	const char *comm = "{\"resourceType\":\"Communication\",\"about\":[{\"reference\":\"https://r.example/fhir/Task/t-9/_history/2\"}]}";
	assert_int_equal(rc_remote_communication(comm, strlen(comm), &id), RC_OK);
	assert_string_equal(id, "t-9");
	free(id);
	const char *slash = "{\"resourceType\":\"Communication\",\"about\":[{\"reference\":\"Task/a%2F..\"}]}";
	assert_int_equal(rc_remote_communication(slash, strlen(slash), &id), RC_BADREG);
	/* the operation's name, from the CapabilityStatement */
	const char *cap = "{\"resourceType\":\"CapabilityStatement\",\"rest\":[{\"resource\":[{\"type\":\"Communication\","
	                  "\"operation\":[{\"name\":\"$correctionrequest\",\"definition\":\"" RC_CORRECTION_OP_URL "\"}]}]}]}";
	assert_int_equal(rc_remote_correction_op(cap, strlen(cap), &id), RC_OK);
	assert_string_equal(id, "correctionrequest");
	free(id);
	const char *none = "{\"resourceType\":\"CapabilityStatement\",\"rest\":[]}";
	assert_int_equal(rc_remote_correction_op(none, strlen(none), &id), RC_BADREG);
}

/* DRP: the status from DRP's list, the dates checked, the texts cleaned;
 * the signed body verifies under the key's public half. */
static void test_remote_drp(void **state)
{
	struct rc_remote_status s;
	const char *ok = "{\"request_id\":\"d-1\",\"received_at\":\"2026-12-06T10:00:00Z\",\"expected_by\":\"2027-01-20\","
	                 "\"status\":\"denied\",\"reason\":\"outside_jurisdiction\",\"processing_details\":\"x\\u001by\"}";
	assert_int_equal(rc_remote_drp_status(ok, strlen(ok), &s), RC_OK);
	assert_string_equal(s.status, "denied");
	assert_string_equal(s.code, "outside_jurisdiction");
	assert_string_equal(s.reason, "xy");
	assert_string_equal(s.expected_by, "2027-01-20");
	rc_remote_status_clear(&s);
	const char *bad = "{\"request_id\":\"d-1\",\"status\":\"exploded\"}";
	assert_int_equal(rc_remote_drp_status(bad, strlen(bad), &s), RC_BADREG);
	const char *baddate = "{\"request_id\":\"d-1\",\"status\":\"open\",\"expected_by\":\"soon\"}";
	assert_int_equal(rc_remote_drp_status(baddate, strlen(baddate), &s), RC_BADREG);
	const char *noid = "{\"status\":\"open\"}";
	assert_int_equal(rc_remote_drp_status(noid, strlen(noid), &s), RC_BADREG);
	char *tok = NULL;
	const char *pair = "{\"agent-id\":\"a\",\"token\":\"abc def ghi\"}";
	assert_int_equal(rc_remote_drp_pairing(pair, strlen(pair), &tok), RC_BADREG);
	unsigned char pk[RC_DRP_PK_BYTES], sk[RC_DRP_SK_BYTES], pk2[RC_DRP_PK_BYTES];
	rc_drp_keypair(pk, sk);
	rc_drp_public_of(sk, pk2);
	assert_memory_equal(pk, pk2, sizeof pk);
	char *b = rc_drp_sign("{\"a\":1}", sk);
	assert_non_null(b);
	unsigned char sm[256], m[256];
	size_t smlen = 0;
	assert_int_equal(sodium_base642bin(sm, sizeof sm, b, strlen(b), NULL, &smlen, NULL,
		sodium_base64_VARIANT_ORIGINAL), 0);
	unsigned long long mlen = 0;
	assert_int_equal(crypto_sign_open(m, &mlen, sm, smlen, pk), 0);
	assert_int_equal(mlen, 7);
	assert_memory_equal(m, "{\"a\":1}", 7);
	sm[70] ^= 1; /* a changed message no longer verifies */
	assert_int_not_equal(crypto_sign_open(m, &mlen, sm, smlen, pk), 0);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_rules),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_envelope_any_split),
		cmocka_unit_test(test_envelope_refusals),
		cmocka_unit_test(test_discovery),
		cmocka_unit_test(test_remote_task),
		cmocka_unit_test(test_remote_drp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
