/* test_net.c - src/net without a network: which addresses may be asked,
 * the origin rule for next links, the searchset envelope read as it
 * streams (in pieces of every size), the discovery document, the
 * signed export's verification (a key and certificates made here), the
 * OAuth device grant's answers, the proxy setting's rules, the QR
 * matrix, and what a registry says of a request submitted online
 * (remote.c). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

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

/* ---- the signed export's signature (cms.c) ---- */

struct signer {
	EVP_PKEY *key;
	X509 *cert;
	char *pem;
};

static void signer_make(struct signer *s, const char *cn, long not_after_days)
{
	s->key = EVP_EC_gen("P-256");
	s->cert = X509_new();
	assert_non_null(s->key);
	assert_non_null(s->cert);
	X509_set_version(s->cert, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(s->cert), 7);
	X509_gmtime_adj(X509_getm_notBefore(s->cert), -2 * 86400L);
	X509_gmtime_adj(X509_getm_notAfter(s->cert), not_after_days * 86400L);
	X509_NAME *n = X509_get_subject_name(s->cert);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(s->cert, n);
	X509_set_pubkey(s->cert, s->key);
	assert_true(X509_sign(s->cert, s->key, EVP_sha256()) > 0);
	BIO *b = BIO_new(BIO_s_mem());
	assert_true(PEM_write_bio_X509(b, s->cert));
	char *p;
	long len = BIO_get_mem_data(b, &p);
	s->pem = strndup(p, (size_t)len);
	BIO_free(b);
}

static void signer_free(struct signer *s)
{
	EVP_PKEY_free(s->key);
	X509_free(s->cert);
	free(s->pem);
}

/* DER of a CMS signature of content by s (flags: CMS_DETACHED or not). */
static unsigned char *sign(const struct signer *s, const char *content, unsigned flags, int *len)
{
	BIO *in = BIO_new_mem_buf(content, (int)strlen(content));
	CMS_ContentInfo *cms = CMS_sign(s->cert, s->key, NULL, in, flags | CMS_BINARY);
	assert_non_null(cms);
	unsigned char *der = NULL;
	*len = i2d_CMS_ContentInfo(cms, &der);
	assert_true(*len > 0);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return der;
}

static void test_cms_verify(void **state)
{
	struct signer reg, other, twin, expired;
	signer_make(&reg, "Registry", 365);
	signer_make(&other, "Someone else", 365);
	signer_make(&twin, "Registry", 365); /* same name and serial, another key */
	signer_make(&expired, "Registry expired", -1);
	const char *content = "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}";
	size_t n = strlen(content);
	int sl;
	unsigned char *sig = sign(&reg, content, CMS_DETACHED, &sl);
	struct rc_cms_info info;
	enum rc_cms_check failed;

	assert_int_equal(rc_cms_verify(content, n, sig, (size_t)sl, reg.pem, &info, &failed), RC_OK);
	assert_int_equal(failed, RC_CMS_NONE);
	assert_int_equal(strlen(info.sha256), 64);
	assert_int_equal(strlen(info.signer_fp), 95);
	assert_non_null(strstr(info.signer_subject, "CN=Registry"));
	assert_int_equal(strlen(info.signed_at), 20); /* the signing-time attribute */
	/* the fingerprint is X509_digest's */
	unsigned char md[32];
	unsigned ml;
	X509_digest(reg.cert, EVP_sha256(), md, &ml);
	char hex[4];
	snprintf(hex, sizeof hex, "%02X:", md[0]);
	assert_memory_equal(info.signer_fp, hex, 3);

	/* one byte more or changed */
	char *changed = strdup(content);
	changed[3] ^= 1;
	assert_int_equal(rc_cms_verify(changed, n, sig, (size_t)sl, reg.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_DIGEST);
	assert_int_equal(rc_cms_verify(content, n - 1, sig, (size_t)sl, reg.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_DIGEST);
	assert_true(strlen(rc_error_detail()) > 0);
	/* another certificate configured than the signer's */
	assert_int_equal(rc_cms_verify(content, n, sig, (size_t)sl, other.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_SIGNER);
	/* the same issuer and serial, another key: the signature fails */
	assert_int_equal(rc_cms_verify(content, n, sig, (size_t)sl, twin.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_SIGNATURE);
	/* the signature value damaged (its last byte is the end of the ECDSA value) */
	unsigned char *bad = malloc((size_t)sl);
	memcpy(bad, sig, (size_t)sl);
	bad[sl - 1] ^= 0x5a;
	assert_int_equal(rc_cms_verify(content, n, bad, (size_t)sl, reg.pem, &info, &failed), RC_BADREG);
	assert_true(failed == RC_CMS_SIGNATURE || failed == RC_CMS_MALFORMED);
	/* truncated, garbage, empty, trailing bytes */
	assert_int_equal(rc_cms_verify(content, n, sig, (size_t)sl / 2, reg.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_MALFORMED);
	assert_int_equal(rc_cms_verify(content, n, "garbage", 7, reg.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_MALFORMED);
	assert_int_equal(rc_cms_verify(content, n, "", 0, reg.pem, &info, &failed), RC_BADREG);
	unsigned char *longer = malloc((size_t)sl + 1);
	memcpy(longer, sig, (size_t)sl);
	longer[sl] = 0;
	assert_int_equal(rc_cms_verify(content, n, longer, (size_t)sl + 1, reg.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_MALFORMED);
	/* a signature that carries its content is not a detached one */
	int al;
	unsigned char *att = sign(&reg, content, 0, &al);
	assert_int_equal(rc_cms_verify(content, n, att, (size_t)al, reg.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_MALFORMED);
	/* an expired configured certificate */
	int el;
	unsigned char *esig = sign(&expired, content, CMS_DETACHED, &el);
	assert_int_equal(rc_cms_verify(content, n, esig, (size_t)el, expired.pem, &info, &failed), RC_BADREG);
	assert_int_equal(failed, RC_CMS_CERT);
	/* a weak digest (SHA-1) is refused */
	{
		BIO *in = BIO_new_mem_buf(content, (int)n);
		CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
		assert_non_null(cms);
		assert_non_null(CMS_add1_signer(cms, reg.cert, reg.key, EVP_sha1(), CMS_BINARY));
		assert_int_equal(CMS_final(cms, in, NULL, CMS_DETACHED | CMS_BINARY), 1);
		unsigned char *der = NULL;
		int wl = i2d_CMS_ContentInfo(cms, &der);
		assert_true(wl > 0);
		assert_int_equal(rc_cms_verify(content, n, der, (size_t)wl, reg.pem, &info, &failed), RC_BADREG);
		assert_int_equal(failed, RC_CMS_SIGNATURE);
		assert_non_null(strstr(rc_error_detail(), "weak"));
		OPENSSL_free(der);
		CMS_ContentInfo_free(cms);
		BIO_free(in);
	}
	/* no certificate configured, or not one */
	assert_int_equal(rc_cms_verify(content, n, sig, (size_t)sl, "junk", &info, &failed), RC_INVALID);

	OPENSSL_free(sig);
	OPENSSL_free(att);
	OPENSSL_free(esig);
	free(bad);
	free(longer);
	free(changed);
	signer_free(&reg);
	signer_free(&other);
	signer_free(&twin);
	signer_free(&expired);
}

static void test_cert_check(void **state)
{
	struct signer s;
	signer_make(&s, "Registry", 365);
	struct rc_cert_info ci;
	assert_int_equal(rc_cert_check(s.pem, strlen(s.pem), &ci), RC_OK);
	assert_string_equal(ci.pem, s.pem);
	assert_int_equal(strlen(ci.fp), 95);
	assert_string_equal(ci.subject, "CN=Registry");
	rc_cert_info_clear(&ci);
	/* whitespace around it is fine; anything else after it is not */
	char *ws = malloc(strlen(s.pem) + 8);
	sprintf(ws, "\n%s\n\n", s.pem);
	assert_int_equal(rc_cert_check(ws, strlen(ws), &ci), RC_OK);
	rc_cert_info_clear(&ci);
	char *two = malloc(2 * strlen(s.pem) + 1);
	sprintf(two, "%s%s", s.pem, s.pem);
	assert_int_equal(rc_cert_check(two, strlen(two), &ci), RC_INVALID);
	assert_int_equal(rc_cert_check("nothing", 7, &ci), RC_INVALID);
	assert_int_equal(rc_cert_check(s.pem, strlen(s.pem) / 2, &ci), RC_INVALID);
	/* discovery shows it (re-encoded), never trusts it */
	struct rc_discovery d;
	char *doc = malloc(strlen(s.pem) * 2 + 200);
	strcpy(doc, "{\"api_version\":\"1.0\",\"fhir_base\":\"https://r.example/fhir\",\"signing_certificate\":\"");
	for (const char *p = s.pem; *p; p++)
		if (*p == '\n')
			strcat(doc, "\\n");
		else
			strncat(doc, p, 1);
	strcat(doc, "\"}");
	assert_int_equal(rc_discovery_parse("https://r.example", doc, strlen(doc), &d), RC_OK);
	assert_non_null(d.signing_cert);
	assert_string_equal(d.signing_cert, s.pem);
	assert_false(d.signing_cert_bad);
	rc_discovery_clear(&d);
	const char *badc = "{\"api_version\":\"1.0\",\"fhir_base\":\"https://r.example/fhir\",\"signing_certificate\":\"x\"}";
	assert_int_equal(rc_discovery_parse("https://r.example", badc, strlen(badc), &d), RC_OK);
	assert_null(d.signing_cert);
	assert_true(d.signing_cert_bad);
	rc_discovery_clear(&d);
	free(doc);
	free(ws);
	free(two);
	signer_free(&s);
}

static void test_discovery_oauth(void **state)
{
	struct rc_discovery d;
	const char *j = "{\"api_version\":\"1.0\",\"fhir_base\":\"https://r.example/fhir\",\"oauth\":{"
	                "\"device_authorization_endpoint\":\"https://login.example/device\","
	                "\"token_endpoint\":\"http://login.example/token\","
	                "\"scopes_supported\":[\"a.read\",\"bad scope\",7,\"b\\\"q\",\"c.write\"]}}";
	assert_int_equal(rc_discovery_parse("https://r.example", j, strlen(j), &d), RC_OK);
	assert_true(d.oauth);
	assert_string_equal(d.device_endpoint, "https://login.example/device");
	assert_null(d.token_endpoint); /* plain http, not loopback: dropped */
	assert_string_equal(d.scopes, "a.read c.write");
	rc_discovery_clear(&d);
}

static void test_oauth_device(void **state)
{
	struct rc_oauth_device d;
	const char *ok = "{\"device_code\":\"dc-1\",\"user_code\":\"WDJB\\u202e-MJHT\",\"verification_uri\":"
	                 "\"https://e.example/device\",\"expires_in\":1800}";
	assert_int_equal(rc_oauth_device_parse(ok, strlen(ok), &d), RC_OK);
	assert_string_equal(d.device_code, "dc-1");
	assert_string_equal(d.user_code, "WDJB-MJHT"); /* the override removed */
	assert_int_equal(d.interval, 5);               /* RFC 8628 3.2: the default */
	assert_null(d.verification_uri_complete);
	rc_oauth_device_clear(&d);
	assert_null(d.device_code);
	const char *http = "{\"device_code\":\"dc\",\"user_code\":\"X\",\"verification_uri\":"
	                   "\"http://e.example/device\",\"expires_in\":600}";
	assert_int_equal(rc_oauth_device_parse(http, strlen(http), &d), RC_BADREG);
	const char *complete = "{\"device_code\":\"dc\",\"user_code\":\"X\",\"verification_uri\":"
	                       "\"https://e.example/d\",\"verification_uri_complete\":\"javascript:x\",\"expires_in\":6}";
	assert_int_equal(rc_oauth_device_parse(complete, strlen(complete), &d), RC_BADREG);
	const char *nocode = "{\"user_code\":\"X\",\"verification_uri\":\"https://e.example/d\",\"expires_in\":6}";
	assert_int_equal(rc_oauth_device_parse(nocode, strlen(nocode), &d), RC_BADREG);
	const char *ctl = "{\"device_code\":\"d\\u0001c\",\"user_code\":\"X\",\"verification_uri\":"
	                  "\"https://e.example/d\",\"expires_in\":6}";
	assert_int_equal(rc_oauth_device_parse(ctl, strlen(ctl), &d), RC_BADREG);
}

static void test_oauth_token(void **state)
{
	struct rc_oauth_token t;
	const char *ok = "{\"access_token\":\"abc\",\"token_type\":\"bearer\",\"expires_in\":3600,\"refresh_token\":\"r\"}";
	assert_int_equal(rc_oauth_token_parse(200, ok, strlen(ok), &t), RC_OK);
	assert_int_equal(t.answer, RC_OAUTH_TOKEN);
	assert_string_equal(t.access_token, "abc");
	assert_string_equal(t.refresh_token, "r");
	assert_int_equal(t.expires_in, 3600);
	rc_oauth_token_clear(&t);
	static const struct { const char *e; enum rc_oauth_answer a; } errs[] = {
		{ "authorization_pending", RC_OAUTH_PENDING }, { "slow_down", RC_OAUTH_SLOW_DOWN },
		{ "access_denied", RC_OAUTH_DENIED }, { "expired_token", RC_OAUTH_EXPIRED },
		{ "invalid_grant", RC_OAUTH_ERROR },
	};
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		char j[100];
		snprintf(j, sizeof j, "{\"error\":\"%s\"}", errs[i].e);
		assert_int_equal(rc_oauth_token_parse(400, j, strlen(j), &t), RC_OK);
		assert_int_equal(t.answer, errs[i].a);
		assert_null(t.access_token);
		rc_oauth_token_clear(&t);
	}
	const char *mac = "{\"access_token\":\"abc\",\"token_type\":\"mac\"}";
	assert_int_equal(rc_oauth_token_parse(200, mac, strlen(mac), &t), RC_BADREG);
	const char *none = "{\"token_type\":\"Bearer\"}";
	assert_int_equal(rc_oauth_token_parse(200, none, strlen(none), &t), RC_BADREG);
	const char *nonascii = "{\"access_token\":\"\\u00e9\",\"token_type\":\"Bearer\"}";
	assert_int_equal(rc_oauth_token_parse(200, nonascii, strlen(nonascii), &t), RC_BADREG);
	assert_int_equal(rc_oauth_token_parse(400, "[]", 2, &t), RC_BADREG);
}

static void test_proxy_rules(void **state)
{
	assert_true(rc_net_proxy_ok("http://127.0.0.1:3128"));
	assert_true(rc_net_proxy_ok("https://proxy.example:443/"));
	assert_true(rc_net_proxy_ok("socks5h://127.0.0.1:1080"));
	assert_false(rc_net_proxy_ok("ftp://127.0.0.1:21"));
	assert_false(rc_net_proxy_ok("127.0.0.1:3128")); /* the scheme is written, never guessed */
	assert_false(rc_net_proxy_ok("http://u:p@127.0.0.1:3128"));
	assert_false(rc_net_proxy_ok("http://127.0.0.1:3128/path"));
	assert_false(rc_net_proxy_ok(""));
	char how[200];
	struct rc_net_opts o = { .proxy = "http://127.0.0.1:3128" };
	rc_net_proxy_describe(&o, how, sizeof how);
	assert_string_equal(how, "through the proxy http://127.0.0.1:3128");
	struct rc_net_opts none = { 0 };
	rc_net_proxy_describe(&none, how, sizeof how);
	assert_string_equal(how, "no proxy");
}

static void test_qr(void **state)
{
	unsigned char *m;
	int w;
	assert_true(rc_qr_matrix("https://127.0.0.1:8443/device?user_code=WDJB-MJHT", &m, &w));
	assert_true(w >= 21 && (w - 21) % 4 == 0);
	/* the top-left finder pattern: a dark ring, a light ring, a dark 3x3 */
	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 7; j++) {
			int ring = abs(i - 3) > abs(j - 3) ? abs(i - 3) : abs(j - 3);
			assert_int_equal(m[i * w + j], ring != 2);
		}
	free(m);
	assert_false(rc_qr_matrix("", &m, &w));
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
		cmocka_unit_test(test_cms_verify),
		cmocka_unit_test(test_cert_check),
		cmocka_unit_test(test_discovery_oauth),
		cmocka_unit_test(test_oauth_device),
		cmocka_unit_test(test_oauth_token),
		cmocka_unit_test(test_proxy_rules),
		cmocka_unit_test(test_qr),
		cmocka_unit_test(test_remote_task),
		cmocka_unit_test(test_remote_drp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
