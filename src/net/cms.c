/* cms.c - the signed export's signature (doc/registry-api.md, section 6):
 * a DER CMS SignedData (RFC 5652) with detached content, checked against
 * the one certificate the office configured for the registry, and that
 * certificate's fingerprint.  With sign.c and tsa.c (which share its
 * helpers through crypto-int.h), the only place, beside the simulator,
 * that calls libcrypto's CMS and X.509 functions (tools/check-layers). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto-int.h"
#include "i18n.h"
#include "net.h"

#define CERT_PEM_MAX ((size_t)256 << 10)

/* The one certificate in pem (nothing but whitespace around it), or NULL. */
static X509 *cert_read(const char *pem, size_t n)
{
	if (!pem || !n || n > CERT_PEM_MAX)
		return NULL;
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	if (!b)
		return NULL;
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	if (x) {
		/* a second PEM block (a key, another certificate) is refused:
		 * the office names one certificate */
		char rest[64];
		int r;
		while ((r = BIO_read(b, rest, sizeof rest)) > 0)
			for (int i = 0; i < r; i++)
				if (rest[i] != ' ' && rest[i] != '\n' && rest[i] != '\r' && rest[i] != '\t') {
					X509_free(x);
					x = NULL;
					r = 0;
					break;
				}
	}
	BIO_free(b);
	ERR_clear_error();
	return x;
}

void net_cert_fingerprint(X509 *x, char out[RC_CERT_FP_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	out[0] = 0;
	if (!X509_digest(x, EVP_sha256(), md, &mdlen) || mdlen != 32)
		return;
	static const char hex[] = "0123456789ABCDEF";
	for (unsigned i = 0; i < mdlen; i++) {
		out[3 * i] = hex[md[i] >> 4];
		out[3 * i + 1] = hex[md[i] & 15];
		out[3 * i + 2] = i + 1 < mdlen ? ':' : 0;
	}
}

void net_name_text(const X509_NAME *name, char *out, size_t len)
{
	out[0] = 0;
	BIO *b = BIO_new(BIO_s_mem());
	if (!b)
		return;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253) >= 0) {
		char *p;
		long n = BIO_get_mem_data(b, &p);
		char *clean = n > 0 ? rc_net_clean(p, (size_t)n, len - 1) : NULL;
		if (clean)
			snprintf(out, len, "%s", clean);
		free(clean);
	}
	BIO_free(b);
}

static void subject(X509 *x, char *out, size_t len)
{
	net_name_text(X509_get_subject_name(x), out, len);
}

enum rc_status rc_cert_check(const char *pem, size_t n, struct rc_cert_info *out)
{
	memset(out, 0, sizeof *out);
	X509 *x = cert_read(pem, n);
	if (!x)
		return RC_INVALID;
	net_cert_fingerprint(x, out->fp);
	subject(x, out->subject, sizeof out->subject);
	BIO *b = BIO_new(BIO_s_mem());
	if (b && PEM_write_bio_X509(b, x)) {
		char *p;
		long len = BIO_get_mem_data(b, &p);
		out->pem = len > 0 ? rc_xstrndup(p, (size_t)len) : NULL;
	}
	BIO_free(b);
	X509_free(x);
	ERR_clear_error();
	return out->pem && out->fp[0] ? RC_OK : RC_NOMEM;
}

void rc_cert_info_clear(struct rc_cert_info *c)
{
	free(c->pem);
	memset(c, 0, sizeof *c);
}

/* The signing-time attribute as ISO 8601 UTC, or "". */
void net_cms_signing_time(CMS_SignerInfo *si, char *out, size_t len)
{
	out[0] = 0;
	int i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (i < 0)
		return;
	X509_ATTRIBUTE *a = CMS_signed_get_attr(si, i);
	ASN1_TYPE *t = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
	if (!t || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME))
		return;
	struct tm tm;
	if (ASN1_TIME_to_tm((const ASN1_TIME *)t->value.asn1_string, &tm) != 1)
		return;
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Is the signer's digest algorithm one recourse accepts (SHA-2 or SHA-3;
 * not MD5 nor SHA-1, whose collisions can be made)? */
bool net_cms_digest_strong(CMS_SignerInfo *si)
{
	X509_ALGOR *alg = NULL;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &alg, NULL);
	const ASN1_OBJECT *obj = NULL;
	if (alg)
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
	switch (obj ? OBJ_obj2nid(obj) : NID_undef) {
	case NID_sha224: case NID_sha256: case NID_sha384: case NID_sha512:
	case NID_sha512_224: case NID_sha512_256:
	case NID_sha3_224: case NID_sha3_256: case NID_sha3_384: case NID_sha3_512:
		return true;
	default:
		return false;
	}
}

/* The messageDigest signed attribute against the digest of the bytes:
 * 1 equal, 0 different, -1 no such attribute (or unknown algorithm). */
int net_cms_digest_matches(CMS_SignerInfo *si, const void *content, size_t n)
{
	ASN1_OCTET_STRING *md = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3,
	                                                    V_ASN1_OCTET_STRING);
	X509_ALGOR *alg = NULL;
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &alg, NULL);
	if (!md || !alg)
		return -1;
	const ASN1_OBJECT *obj = NULL;
	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	const EVP_MD *type = obj ? EVP_get_digestbyobj(obj) : NULL;
	if (!type)
		return -1;
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dl = 0;
	if (!EVP_Digest(content, n, d, &dl, type, NULL))
		return -1;
	return (int)dl == ASN1_STRING_length(md) && !memcmp(d, ASN1_STRING_get0_data(md), dl) ? 1 : 0;
}

enum rc_status rc_cms_verify(const void *content, size_t n, const void *sig, size_t sn, const char *cert_pem,
	struct rc_cms_info *info, enum rc_cms_check *failed)
{
	memset(info, 0, sizeof *info);
	*failed = RC_CMS_MALFORMED;
	rc_error_clear();
	{
		unsigned char d[32];
		unsigned int dl = 0;
		if (!EVP_Digest(content, n, d, &dl, EVP_sha256(), NULL) || dl != 32)
			return RC_NOMEM;
		rc_hex_encode(d, 32, info->sha256);
	}
	X509 *cert = cert_read(cert_pem, cert_pem ? strlen(cert_pem) : 0);
	if (!cert) {
		*failed = RC_CMS_CERT;
		rc_error_set("%s", _("The signing certificate configured for this registry cannot be read."));
		return RC_INVALID;
	}
	net_cert_fingerprint(cert, info->signer_fp);
	subject(cert, info->signer_subject, sizeof info->signer_subject);

	enum rc_status st = RC_BADREG;
	CMS_ContentInfo *cms = NULL;
	BIO *dc = NULL;
	X509_STORE *store = NULL;
	STACK_OF(X509) *certs = NULL;
	X509_STORE_CTX *xc = NULL;
	const unsigned char *p = sig;
	if (sn == 0 || sn > RC_EXPORT_SIG_MAX || !(cms = d2i_CMS_ContentInfo(NULL, &p, (long)sn))
	    || p != (const unsigned char *)sig + sn || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed
	    || CMS_is_detached(cms) != 1) {
		rc_error_set("%s", _("The signature is not a detached CMS signature (a .p7s file) recourse can read."));
		goto out;
	}
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (!sis || sk_CMS_SignerInfo_num(sis) != 1) {
		rc_error_set("%s", _("The signature must have exactly one signer, and this one has not."));
		goto out;
	}
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
	*failed = RC_CMS_SIGNER;
	if (CMS_SignerInfo_cert_cmp(si, cert) != 0) {
		rc_error_set("%s", _("The export was not signed with the certificate configured for this registry. "
		                     "Someone else may have signed it, or the registry changed its certificate: check "
		                     "with the registry by another channel (a letter, a call) before changing it."));
		goto out;
	}
	/* the configured certificate, alone, is the trust anchor */
	*failed = RC_CMS_CERT;
	store = X509_STORE_new();
	certs = sk_X509_new_null();
	xc = X509_STORE_CTX_new();
	if (!store || !certs || !xc || !X509_STORE_add_cert(store, cert) || !sk_X509_push(certs, cert)) {
		st = RC_NOMEM;
		goto out;
	}
	X509_up_ref(cert);
	X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	X509_STORE_set_purpose(store, X509_PURPOSE_ANY);
	if (!X509_STORE_CTX_init(xc, store, cert, NULL)) {
		st = RC_NOMEM;
		goto out;
	}
	if (X509_verify_cert(xc) != 1) {
		/* TRANSLATORS: %s is OpenSSL's reason, in English (e.g. "certificate has expired"). */
		rc_error_set(_("The signing certificate configured for this registry is not valid now (%s)."),
		             X509_verify_cert_error_string(X509_STORE_CTX_get_error(xc)));
		goto out;
	}
	*failed = RC_CMS_SIGNATURE;
	if (!net_cms_digest_strong(si)) {
		rc_error_set("%s", _("The signature uses a weak digest algorithm (such as MD5 or SHA-1), which recourse "
		                     "does not accept as evidence."));
		goto out;
	}
	*failed = RC_CMS_DIGEST;
	int dm = net_cms_digest_matches(si, content, n);
	if (dm == 0) {
		rc_error_set("%s", _("The export's bytes are not the ones that were signed: they were changed after "
		                     "signing, or the registry signed something else."));
		goto out;
	}
	*failed = RC_CMS_SIGNATURE;
	CMS_SignerInfo_set1_signer_cert(si, cert);
	if (dm == 1 && CMS_SignerInfo_verify(si) != 1) {
		rc_error_set("%s", _("The signature itself is not valid: it was not made with the key of the configured "
		                     "certificate over what it claims, or it was damaged."));
		goto out;
	}
	/* and the whole of it, as openssl cms -verify does: only the
	 * configured certificate may be the signer (CMS_NOINTERN) */
	dc = n <= INT32_MAX ? BIO_new_mem_buf(content, (int)n) : NULL;
	if (!dc) {
		st = RC_NOMEM;
		goto out;
	}
	if (CMS_verify(cms, certs, store, dc, NULL, CMS_BINARY | CMS_NOINTERN) != 1) {
		rc_error_set("%s", dm < 0 ? _("The signature does not match the export's bytes.")
		                          : _("The signature could not be verified."));
		goto out;
	}
	net_cms_signing_time(si, info->signed_at, sizeof info->signed_at);
	*failed = RC_CMS_NONE;
	st = RC_OK;
out:
	ERR_clear_error();
	X509_STORE_CTX_free(xc);
	sk_X509_pop_free(certs, X509_free);
	X509_STORE_free(store);
	BIO_free(dc);
	CMS_ContentInfo_free(cms);
	X509_free(cert);
	return st;
}
