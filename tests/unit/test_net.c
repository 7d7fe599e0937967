/* test_net.c - src/net without a network: which addresses may be asked,
 * the origin rule for next links, the searchset envelope read as it
 * streams (in pieces of every size), and the discovery document. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_rules),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_envelope_any_split),
		cmocka_unit_test(test_envelope_refusals),
		cmocka_unit_test(test_discovery),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
