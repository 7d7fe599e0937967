/* test_sign.c - the bundle's signature and time stamp (src/net/sign.c,
 * tsa.c) without a network: a signer made, checked, signing, and its
 * signature checked by the certificate it carries; the content, the
 * signature, the key, the clock and the chain each made wrong in turn
 * and refused for that reason; a CA-issued certificate with its chain (a
 * CA made here, synthetic); and RFC 3161: the request as OpenSSL reads
 * it, answers made here by OpenSSL's own TSA code (TS_RESP_CTX) checked
 * right and wrong (other bytes, another nonce, another authority, a
 * certificate without timeStamping, a refusal). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "net.h"

/* 2026-01-15T12:00:00Z, as the CLI tests */
#define T0 ((time_t)1768478400)
static time_t now_val = T0;
static time_t fake_now(void)
{
	return now_val;
}

static const char content[] = "bagit.txt 0123\nmanifest-sha256.txt abcd\n";

static int setup(void **state)
{
	(void)state;
	now_val = T0;
	rc_clock_set(fake_now);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rc_clock_set(NULL);
	return 0;
}

/* ---- certificates made here (synthetic) ---- */

struct made {
	X509 *x;
	EVP_PKEY *k;
	char *cert_pem, *key_pem;
};

static char *pem_of(X509 *x, EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	assert_non_null(b);
	if (x)
		assert_int_equal(PEM_write_bio_X509(b, x), 1);
	else
		assert_int_equal(PEM_write_bio_PKCS8PrivateKey(b, k, NULL, NULL, 0, NULL, NULL), 1);
	char *p;
	long n = BIO_get_mem_data(b, &p);
	char *s = strndup(p, (size_t)n);
	BIO_free(b);
	return s;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *v)
{
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, v);
	assert_non_null(e);
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

/* A certificate for CN cn, issued by ca (NULL: self-signed), from
 * now_val + from_days for days; ku and eku NULL: none. */
static struct made make(const char *cn, const struct made *ca, bool is_ca, const char *ku, const char *eku,
	long from_days, long days)
{
	static long serial = 1000;
	struct made m = { 0 };
	m.k = EVP_EC_gen("P-256");
	m.x = X509_new();
	assert_non_null(m.k);
	X509_set_version(m.x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(m.x), serial++);
	time_t t = now_val;
	X509_time_adj_ex(X509_getm_notBefore(m.x), (int)from_days, 0, &t);
	X509_time_adj_ex(X509_getm_notAfter(m.x), (int)(from_days + days), 0, &t);
	X509_NAME *name = X509_get_subject_name(m.x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(m.x, ca ? X509_get_subject_name(ca->x) : name);
	X509_set_pubkey(m.x, m.k);
	X509 *issuer = ca ? ca->x : m.x;
	add_ext(m.x, issuer, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	if (ku)
		add_ext(m.x, issuer, NID_key_usage, ku);
	if (eku)
		add_ext(m.x, issuer, NID_ext_key_usage, eku);
	add_ext(m.x, issuer, NID_subject_key_identifier, "hash");
	add_ext(m.x, issuer, NID_authority_key_identifier, "keyid:always");
	assert_true(X509_sign(m.x, ca ? ca->k : m.k, EVP_sha256()) > 0);
	m.cert_pem = pem_of(m.x, NULL);
	m.key_pem = pem_of(NULL, m.k);
	return m;
}

static void unmake(struct made *m)
{
	X509_free(m->x);
	EVP_PKEY_free(m->k);
	free(m->cert_pem);
	free(m->key_pem);
	memset(m, 0, sizeof *m);
}

static char *concat(const char *a, const char *b)
{
	char *s = malloc(strlen(a) + strlen(b) + 1);
	strcpy(s, a);
	strcat(s, b);
	return s;
}

/* ---- signing ---- */

static void test_create_check_sign_verify(void **state)
{
	char *cert, *key;
	assert_int_equal(rc_signer_create("Counsel Test", "Legal Aid Office (synthetic)", 365, &cert, &key), RC_OK);
	assert_non_null(strstr(cert, "BEGIN CERTIFICATE"));
	assert_non_null(strstr(key, "BEGIN PRIVATE KEY")); /* PKCS#8 */
	struct rc_signer_desc d;
	char why[600];
	assert_int_equal(rc_signer_check(cert, key, &d, why, sizeof why), RC_OK);
	assert_string_equal(why, "");
	assert_true(d.self_signed);
	assert_int_equal(d.chain, 0);
	assert_string_equal(d.not_before, "2026-01-15T12:00:00Z");
	assert_string_equal(d.not_after, "2027-01-15T12:00:00Z");
	assert_non_null(strstr(d.subject, "CN=Counsel Test"));
	assert_non_null(strstr(d.subject, "O=Legal Aid Office (synthetic)"));
	assert_int_equal(strlen(d.fp), 95);
	/* the same fingerprint as cms.c gives the certificate */
	struct rc_cert_info ci;
	assert_int_equal(rc_cert_check(cert, strlen(cert), &ci), RC_OK);
	assert_string_equal(ci.fp, d.fp);
	rc_cert_info_clear(&ci);

	/* what the certificate says of itself */
	BIO *b = BIO_new_mem_buf(cert, -1);
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	assert_non_null(x);
	assert_int_equal(X509_get_key_usage(x), KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION);
	assert_int_equal(X509_check_ca(x), 0);
	int crit = -1;
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints, &crit, NULL);
	assert_non_null(bc);
	assert_int_equal(crit, 1);
	BASIC_CONSTRAINTS_free(bc);
	ASN1_BIT_STRING *ku = X509_get_ext_d2i(x, NID_key_usage, &crit, NULL);
	assert_int_equal(crit, 1);
	ASN1_BIT_STRING_free(ku);
	assert_non_null(X509_get0_subject_key_id(x));
	const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
	assert_int_equal(serial->length, 16);
	assert_int_equal(X509_get_signature_nid(x), NID_ecdsa_with_SHA256);
	X509_free(x);

	unsigned char *sig;
	size_t sn;
	now_val = T0 + 3600;
	assert_int_equal(rc_cms_sign(cert, key, content, strlen(content), &sig, &sn), RC_OK);
	assert_true(sn > 100);
	struct rc_bag_sig_info bi;
	enum rc_cms_check failed;
	assert_int_equal(rc_cms_check_bag(content, strlen(content), sig, sn, &bi, &failed), RC_OK);
	assert_int_equal(failed, RC_CMS_NONE);
	assert_string_equal(bi.signer_fp, d.fp);
	assert_string_equal(bi.signed_at, "2026-01-15T13:00:00Z");
	assert_true(bi.self_signed);
	assert_true(bi.cades);
	assert_false(bi.system_trusted);
	assert_int_equal(bi.certs, 1);
	assert_non_null(strstr(bi.signer_subject, "CN=Counsel Test"));

	/* the signed attributes, read by OpenSSL: SHA-256, signing time,
	 * signing-certificate-v2 */
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)sn);
	assert_non_null(cms);
	assert_int_equal(CMS_is_detached(cms), 1);
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	X509_ALGOR *dig = NULL;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, NULL);
	const ASN1_OBJECT *obj;
	X509_ALGOR_get0(&obj, NULL, NULL, dig);
	assert_int_equal(OBJ_obj2nid(obj), NID_sha256);
	assert_true(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0);
	assert_true(CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1) >= 0);
	assert_true(CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0);
	CMS_ContentInfo_free(cms);

	/* and it is still good years later, the certificate long expired:
	 * the reader is told when it ended */
	now_val = T0 + 3 * 365 * 86400L;
	assert_int_equal(rc_cms_check_bag(content, strlen(content), sig, sn, &bi, &failed), RC_OK);
	assert_string_equal(bi.not_after, "2027-01-15T12:00:00Z");

	free(sig);
	free(cert);
	rc_signer_key_free(&key);
	assert_null(key);
}

static void test_tampered(void **state)
{
	char *cert, *key;
	assert_int_equal(rc_signer_create("Counsel Test", NULL, 30, &cert, &key), RC_OK);
	unsigned char *sig;
	size_t sn;
	assert_int_equal(rc_cms_sign(cert, key, content, strlen(content), &sig, &sn), RC_OK);
	struct rc_bag_sig_info bi;
	enum rc_cms_check failed;

	/* one byte of the content changed */
	char *other = strdup(content);
	other[3] ^= 1;
	assert_int_equal(rc_cms_check_bag(other, strlen(other), sig, sn, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_DIGEST);
	assert_non_null(strstr(rc_error_detail(), "changed after signing"));
	/* one byte less */
	assert_int_equal(rc_cms_check_bag(content, strlen(content) - 1, sig, sn, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_DIGEST);

	/* the signature value's last byte (the ECDSA s) changed */
	unsigned char *bad = malloc(sn);
	memcpy(bad, sig, sn);
	bad[sn - 1] ^= 0x01;
	assert_int_equal(rc_cms_check_bag(content, strlen(content), bad, sn, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_SIGNATURE);

	/* a signed attribute changed: the signing time's last digit (the
	 * UTCTime after the signingTime OID, 1.2.840.113549.1.9.5) */
	static const unsigned char st_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05 };
	memcpy(bad, sig, sn);
	unsigned char *z = NULL;
	for (size_t i = 0; i + sizeof st_oid + 17 <= sn && !z; i++)
		if (!memcmp(bad + i, st_oid, sizeof st_oid))
			for (size_t j = i + sizeof st_oid; j < i + sizeof st_oid + 4; j++)
				if (bad[j] == 0x17 && bad[j + 1] == 13 && bad[j + 14] == 'Z')
					z = bad + j + 13;
	assert_non_null(z);
	*z = *z == '0' ? '1' : '0';
	assert_int_equal(rc_cms_check_bag(content, strlen(content), bad, sn, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_SIGNATURE);

	/* the carried certificate changed (a byte of its notBefore): the
	 * signing-certificate-v2 attribute names another */
	memcpy(bad, sig, sn);
	z = NULL;
	for (size_t i = 0; i + 15 <= sn && !z; i++)
		if (bad[i] == 0x17 && bad[i + 1] == 13 && bad[i + 14] == 'Z')
			z = bad + i + 13;
	assert_non_null(z);
	*z = *z == '0' ? '1' : '0';
	assert_int_equal(rc_cms_check_bag(content, strlen(content), bad, sn, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_SIGNER);

	/* cut short, garbage, empty */
	assert_int_equal(rc_cms_check_bag(content, strlen(content), sig, sn - 10, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_MALFORMED);
	assert_int_equal(rc_cms_check_bag(content, strlen(content), "garbage", 7, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_MALFORMED);
	assert_int_equal(rc_cms_check_bag(content, strlen(content), sig, 0, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_MALFORMED);
	assert_true(strlen(rc_error_detail()) > 0);

	free(bad);
	free(other);
	free(sig);
	free(cert);
	rc_signer_key_free(&key);
}

static void test_signature_without_cert(void **state)
{
	/* a valid signature that does not carry its signer's certificate:
	 * nothing to check it by */
	struct made m = make("No Cert Signer", NULL, false, "critical,digitalSignature", NULL, 0, 30);
	BIO *in = BIO_new_mem_buf(content, (int)strlen(content));
	CMS_ContentInfo *cms = CMS_sign(m.x, m.k, NULL, in, CMS_DETACHED | CMS_BINARY | CMS_NOCERTS);
	assert_non_null(cms);
	unsigned char *der = NULL;
	int len = i2d_CMS_ContentInfo(cms, &der);
	struct rc_bag_sig_info bi;
	enum rc_cms_check failed;
	assert_int_equal(rc_cms_check_bag(content, strlen(content), der, (size_t)len, &bi, &failed), RC_INVALID);
	assert_int_equal(failed, RC_CMS_SIGNER);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	unmake(&m);
}

static void test_wrong_key(void **state)
{
	char *c1, *k1, *c2, *k2;
	assert_int_equal(rc_signer_create("One", NULL, 30, &c1, &k1), RC_OK);
	assert_int_equal(rc_signer_create("Two", NULL, 30, &c2, &k2), RC_OK);
	char why[600];
	assert_int_equal(rc_signer_check(c1, k2, NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "do not match"));
	unsigned char *sig = (unsigned char *)"x";
	size_t sn = 1;
	assert_int_equal(rc_cms_sign(c1, k2, content, strlen(content), &sig, &sn), RC_INVALID);
	assert_null(sig);
	assert_int_equal(sn, 0);
	/* not a key, not a certificate */
	assert_int_equal(rc_signer_check(c1, "nonsense", NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "private key"));
	assert_int_equal(rc_signer_check("nonsense", k1, NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "PEM"));
	/* an encrypted key is refused, never asked a passphrase for */
	BIO *b = BIO_new_mem_buf(k1, -1);
	EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	b = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PKCS8PrivateKey(b, k, EVP_aes_256_cbc(), "pw", 2, NULL, NULL), 1);
	char *enc;
	long n = BIO_get_mem_data(b, &enc);
	char *encs = strndup(enc, (size_t)n);
	assert_int_equal(rc_signer_check(c1, encs, NULL, why, sizeof why), RC_INVALID);
	free(encs);
	BIO_free(b);
	EVP_PKEY_free(k);
	/* bad arguments */
	char *c3 = NULL, *k3 = NULL;
	assert_int_equal(rc_signer_create("", NULL, 30, &c3, &k3), RC_INVALID);
	assert_int_equal(rc_signer_create("X", NULL, 0, &c3, &k3), RC_INVALID);
	assert_null(c3);
	assert_null(k3);
	free(c1);
	free(c2);
	rc_signer_key_free(&k1);
	rc_signer_key_free(&k2);
}

static void test_clock(void **state)
{
	char *cert, *key;
	assert_int_equal(rc_signer_create("Counsel Test", NULL, 10, &cert, &key), RC_OK);
	char why[600];
	unsigned char *sig;
	size_t sn;
	/* the last second of validity, then the next */
	now_val = T0 + 10 * 86400L - 1;
	assert_int_equal(rc_signer_check(cert, key, NULL, why, sizeof why), RC_OK);
	now_val = T0 + 10 * 86400L + 1;
	assert_int_equal(rc_signer_check(cert, key, NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "expired on 2026-01-25T12:00:00Z"));
	assert_string_equal(rc_error_detail(), why);
	assert_int_equal(rc_cms_sign(cert, key, content, strlen(content), &sig, &sn), RC_INVALID);
	assert_non_null(strstr(rc_error_detail(), "expired"));
	/* before it starts (a clock set back) */
	now_val = T0 - 60;
	assert_int_equal(rc_signer_check(cert, key, NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "not valid yet"));
	free(cert);
	rc_signer_key_free(&key);
}

static void test_usage(void **state)
{
	char why[600];
	/* keyUsage without a signing bit */
	struct made a = make("Encipher Only", NULL, false, "critical,keyEncipherment", NULL, 0, 30);
	assert_int_equal(rc_signer_check(a.cert_pem, a.key_pem, NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "key usage"));
	/* a web server's certificate */
	struct made b = make("Web Server", NULL, false, "critical,digitalSignature", "serverAuth", 0, 30);
	assert_int_equal(rc_signer_check(b.cert_pem, b.key_pem, NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "other uses"));
	/* S/MIME: good */
	struct made c = make("Mail Signer", NULL, false, "critical,nonRepudiation", "emailProtection", 0, 30);
	assert_int_equal(rc_signer_check(c.cert_pem, c.key_pem, NULL, why, sizeof why), RC_OK);
	/* no keyUsage at all: any use */
	struct made e = make("Old Style", NULL, false, NULL, NULL, 0, 30);
	assert_int_equal(rc_signer_check(e.cert_pem, e.key_pem, NULL, why, sizeof why), RC_OK);
	unmake(&a);
	unmake(&b);
	unmake(&c);
	unmake(&e);
}

static void test_ca_chain(void **state)
{
	struct made ca = make("Test Bar Association CA (synthetic)", NULL, true, "critical,keyCertSign,cRLSign", NULL,
	                      -1, 3650);
	struct made leaf = make("Counsel Issued", &ca, false, "critical,digitalSignature,nonRepudiation", NULL, 0, 365);
	char *pem = concat(leaf.cert_pem, ca.cert_pem);
	struct rc_signer_desc d;
	char why[600];
	assert_int_equal(rc_signer_check(pem, leaf.key_pem, &d, why, sizeof why), RC_OK);
	assert_false(d.self_signed);
	assert_int_equal(d.chain, 1);
	assert_non_null(strstr(d.issuer, "CN=Test Bar Association CA (synthetic)"));
	/* the leaf alone is fine too (the chain is optional) */
	assert_int_equal(rc_signer_check(leaf.cert_pem, leaf.key_pem, NULL, why, sizeof why), RC_OK);

	unsigned char *sig;
	size_t sn;
	assert_int_equal(rc_cms_sign(pem, leaf.key_pem, content, strlen(content), &sig, &sn), RC_OK);
	struct rc_bag_sig_info bi;
	enum rc_cms_check failed;
	assert_int_equal(rc_cms_check_bag(content, strlen(content), sig, sn, &bi, &failed), RC_OK);
	assert_int_equal(bi.certs, 2); /* the chain is kept */
	assert_false(bi.self_signed);
	assert_string_equal(bi.signer_fp, d.fp);
	assert_non_null(strstr(bi.signer_issuer, "Test Bar Association CA"));
	/* the signature verifies against the CA as OpenSSL's trust anchor */
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)sn);
	X509_STORE *store = X509_STORE_new();
	X509_STORE_add_cert(store, ca.x);
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), now_val + 60);
	BIO *dc = BIO_new_mem_buf(content, (int)strlen(content));
	assert_int_equal(CMS_verify(cms, NULL, store, dc, NULL, CMS_BINARY), 1);
	BIO_free(dc);
	X509_STORE_free(store);
	CMS_ContentInfo_free(cms);
	free(sig);

	/* a "chain" that is not the leaf's */
	struct made other = make("Another CA", NULL, true, "critical,keyCertSign", NULL, -1, 3650);
	char *wrong = concat(leaf.cert_pem, other.cert_pem);
	assert_int_equal(rc_signer_check(wrong, leaf.key_pem, NULL, why, sizeof why), RC_INVALID);
	assert_non_null(strstr(why, "not its chain"));
	/* the leaf once its CA has expired */
	now_val = T0 + 3651 * 86400L;
	assert_int_equal(rc_signer_check(pem, NULL, NULL, why, sizeof why), RC_INVALID);
	free(wrong);
	free(pem);
	unmake(&other);
	unmake(&leaf);
	unmake(&ca);
}

/* ---- RFC 3161 ---- */

struct tsa {
	struct made ca, cert;
};

static struct tsa tsa_make(const char *cn, const char *eku)
{
	struct tsa t;
	t.ca = make("Test TSA CA (synthetic)", NULL, true, "critical,keyCertSign", NULL, -1, 3650);
	t.cert = make(cn, &t.ca, false, "critical,digitalSignature", eku, -1, 365);
	return t;
}

static void tsa_free(struct tsa *t)
{
	unmake(&t->cert);
	unmake(&t->ca);
}

static int tsa_time(struct TS_resp_ctx *c, void *data, long *sec, long *usec)
{
	(void)c;
	(void)data;
	*sec = (long)now_val;
	*usec = 0;
	return 1;
}

/* OpenSSL's TSA answers req (DER); refuse: told to take SHA-512 only, it
 * answers a SHA-256 request with a rejection (badAlg). */
static unsigned char *answer(const struct tsa *t, const unsigned char *req, size_t rlen, bool refuse, size_t *n)
{
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	assert_non_null(ctx);
	ASN1_OBJECT *pol = OBJ_txt2obj("1.2.3.4.1", 1);
	assert_int_equal(TS_RESP_CTX_set_signer_cert(ctx, t->cert.x), 1);
	assert_int_equal(TS_RESP_CTX_set_signer_key(ctx, t->cert.k), 1);
	assert_int_equal(TS_RESP_CTX_set_def_policy(ctx, pol), 1);
	assert_int_equal(TS_RESP_CTX_add_md(ctx, refuse ? EVP_sha512() : EVP_sha256()), 1);
	assert_int_equal(TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256()), 1);
	TS_RESP_CTX_set_time_cb(ctx, tsa_time, NULL);
	BIO *in = BIO_new_mem_buf(req, (int)rlen);
	TS_RESP *resp = TS_RESP_create_response(ctx, in);
	assert_non_null(resp);
	unsigned char *der = NULL;
	int len = i2d_TS_RESP(resp, &der);
	assert_true(len > 0);
	unsigned char *out = malloc((size_t)len);
	memcpy(out, der, (size_t)len);
	*n = (size_t)len;
	OPENSSL_free(der);
	TS_RESP_free(resp);
	BIO_free(in);
	ASN1_OBJECT_free(pol);
	TS_RESP_CTX_free(ctx);
	return out;
}

static void test_tsa_request(void **state)
{
	unsigned char *req;
	size_t rlen;
	uint64_t nonce, nonce2;
	assert_int_equal(rc_tsa_request_make(content, strlen(content), &req, &rlen, &nonce), RC_OK);
	const unsigned char *p = req;
	TS_REQ *r = d2i_TS_REQ(NULL, &p, (long)rlen);
	assert_non_null(r);
	assert_ptr_equal(p, req + rlen);
	assert_int_equal(TS_REQ_get_version(r), 1);
	assert_int_equal(TS_REQ_get_cert_req(r), 1);
	uint64_t got = 0;
	assert_int_equal(ASN1_INTEGER_get_uint64(&got, TS_REQ_get_nonce(r)), 1);
	assert_true(got == nonce);
	assert_true(nonce != 0);
	TS_MSG_IMPRINT *mi = TS_REQ_get_msg_imprint(r);
	const ASN1_OBJECT *obj;
	X509_ALGOR_get0(&obj, NULL, NULL, TS_MSG_IMPRINT_get_algo(mi));
	assert_int_equal(OBJ_obj2nid(obj), NID_sha256);
	unsigned char d[32];
	SHA256((const unsigned char *)content, strlen(content), d);
	ASN1_OCTET_STRING *msg = TS_MSG_IMPRINT_get_msg(mi);
	assert_int_equal(ASN1_STRING_length(msg), 32);
	assert_memory_equal(ASN1_STRING_get0_data(msg), d, 32);
	TS_REQ_free(r);
	free(req);
	/* another request, another nonce */
	assert_int_equal(rc_tsa_request_make(content, strlen(content), &req, &rlen, &nonce2), RC_OK);
	assert_true(nonce2 != nonce);
	free(req);
}

static void test_tsa_reply(void **state)
{
	struct tsa t = tsa_make("Test TSA (synthetic)", "critical,timeStamping");
	unsigned char *req, *rep, *token;
	size_t rlen, n, tlen;
	uint64_t nonce;
	struct rc_tsa_info ti;
	assert_int_equal(rc_tsa_request_make(content, strlen(content), &req, &rlen, &nonce), RC_OK);
	rep = answer(&t, req, rlen, false, &n);

	/* good, with and without the configured certificate (or its CA) */
	assert_int_equal(rc_tsa_reply_check(rep, n, content, strlen(content), nonce, NULL, &ti, &token, &tlen), RC_OK);
	assert_int_equal(ti.failed, RC_TSA_NONE);
	assert_int_equal(ti.gen_time, now_val);
	assert_string_equal(ti.gen_time_text, "2026-01-15T12:00:00Z");
	assert_string_equal(ti.policy, "1.2.3.4.1");
	assert_non_null(strstr(ti.tsa_subject, "CN=Test TSA (synthetic)"));
	assert_int_equal(strlen(ti.tsa_fp), 95);
	assert_true(strlen(ti.serial) > 0);
	assert_true(tlen > 100);
	assert_int_equal(rc_tsa_reply_check(rep, n, content, strlen(content), nonce, t.cert.cert_pem, &ti, NULL, NULL),
	                 RC_OK);
	assert_int_equal(rc_tsa_reply_check(rep, n, content, strlen(content), nonce, t.ca.cert_pem, &ti, NULL, NULL),
	                 RC_OK);
	/* read back from a bag: the response, or the bare token */
	assert_int_equal(rc_tsa_token_check(rep, n, content, strlen(content), t.cert.cert_pem, &ti), RC_OK);
	assert_int_equal(rc_tsa_token_check(token, tlen, content, strlen(content), NULL, &ti), RC_OK);
	/* ... years later, the TSA's certificate expired: still good (the
	 * chain is checked as of genTime) */
	now_val = T0 + 5 * 365 * 86400L;
	assert_int_equal(rc_tsa_token_check(rep, n, content, strlen(content), t.cert.cert_pem, &ti), RC_OK);
	assert_string_equal(ti.gen_time_text, "2026-01-15T12:00:00Z");
	now_val = T0;

	/* other bytes */
	assert_int_equal(rc_tsa_reply_check(rep, n, "other", 5, nonce, NULL, &ti, NULL, NULL), RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_IMPRINT);
	assert_int_equal(rc_tsa_token_check(token, tlen, "other", 5, NULL, &ti), RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_IMPRINT);
	/* another nonce */
	assert_int_equal(rc_tsa_reply_check(rep, n, content, strlen(content), nonce + 1, NULL, &ti, NULL, NULL),
	                 RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_NONCE);
	/* another authority than the configured one */
	struct tsa other = tsa_make("Other TSA (synthetic)", "critical,timeStamping");
	assert_int_equal(rc_tsa_reply_check(rep, n, content, strlen(content), nonce, other.cert.cert_pem, &ti, NULL,
	                                    NULL), RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_SIGNER);
	assert_int_equal(rc_tsa_reply_check(rep, n, content, strlen(content), nonce, other.ca.cert_pem, &ti, NULL,
	                                    NULL), RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_SIGNER);
	tsa_free(&other);
	/* a damaged signature: the last byte */
	unsigned char *bad = malloc(n);
	memcpy(bad, rep, n);
	bad[n - 1] ^= 1;
	assert_int_equal(rc_tsa_reply_check(bad, n, content, strlen(content), nonce, NULL, &ti, NULL, NULL), RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_SIGNATURE);
	/* cut short, at every length */
	for (size_t cut = 0; cut < n; cut += 7) {
		assert_int_equal(rc_tsa_reply_check(rep, cut, content, strlen(content), nonce, NULL, &ti, NULL, NULL),
		                 RC_BADREG);
		assert_int_equal(ti.failed, RC_TSA_MALFORMED);
	}
	free(bad);

	/* a refusal: the digest the TSA does not take */
	size_t fn;
	unsigned char *fail = answer(&t, req, rlen, true, &fn);
	assert_int_equal(rc_tsa_reply_check(fail, fn, content, strlen(content), nonce, NULL, &ti, NULL, NULL),
	                 RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_REJECTED);
	assert_non_null(strstr(ti.status_text, "rejection"));
	assert_non_null(strstr(ti.status_text, "badAlg"));
	assert_non_null(strstr(rc_error_detail(), "refused"));
	free(fail);

	/* a stamp made after the TSA's certificate ended (OpenSSL's TSA
	 * signs with it regardless): not valid at genTime */
	now_val = T0 + 400 * 86400L;
	size_t ln;
	unsigned char *late = answer(&t, req, rlen, false, &ln);
	assert_int_equal(rc_tsa_reply_check(late, ln, content, strlen(content), nonce, NULL, &ti, NULL, NULL),
	                 RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_CERT);
	assert_non_null(strstr(rc_error_detail(), "expired"));
	free(late);
	now_val = T0;

	free(token);
	free(rep);
	free(req);
	tsa_free(&t);
}

static void test_tsa_no_timestamping(void **state)
{
	/* a TSA certificate without timeStamping: OpenSSL's TSA will not
	 * sign with it, so the answer is made with a good certificate of the
	 * same key and name, and the token's certificate swapped */
	struct tsa t = tsa_make("Test TSA (synthetic)", "critical,timeStamping");
	X509 *plain = X509_dup(t.cert.x);
	/* same key and subject, the extendedKeyUsage dropped, re-signed by the CA */
	int i = X509_get_ext_by_NID(plain, NID_ext_key_usage, -1);
	X509_EXTENSION_free(X509_delete_ext(plain, i));
	assert_true(X509_sign(plain, t.ca.k, EVP_sha256()) > 0);
	unsigned char *req, *rep;
	size_t rlen, n;
	uint64_t nonce;
	assert_int_equal(rc_tsa_request_make(content, strlen(content), &req, &rlen, &nonce), RC_OK);
	rep = answer(&t, req, rlen, false, &n);
	const unsigned char *p = rep;
	TS_RESP *resp = d2i_TS_RESP(NULL, &p, (long)n);
	PKCS7 *tok = TS_RESP_get_token(resp);
	STACK_OF(X509) *certs = tok->d.sign->cert;
	X509_free(sk_X509_value(certs, 0));
	sk_X509_set(certs, 0, plain);
	unsigned char *der = NULL;
	int len = i2d_TS_RESP(resp, &der);
	struct rc_tsa_info ti;
	assert_int_equal(rc_tsa_reply_check(der, (size_t)len, content, strlen(content), nonce, NULL, &ti, NULL, NULL),
	                 RC_BADREG);
	assert_int_equal(ti.failed, RC_TSA_CERT);
	assert_non_null(strstr(rc_error_detail(), "timeStamping"));
	OPENSSL_free(der);
	TS_RESP_free(resp);
	free(rep);
	free(req);
	tsa_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_check_sign_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signature_without_cert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ca_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tsa_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tsa_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tsa_no_timestamping, setup, teardown),
	};
	if (rc_base_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
