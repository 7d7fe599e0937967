/* sign.c - the office's (or counsel's) signing key and the detached CMS
 * signature of an evidence bundle (doc/bundles.md): a key and a
 * self-signed certificate made here, or a CA-issued one given with its
 * chain; the signature over tagmanifest-sha256.txt (DER, SHA-256, signed
 * attributes content-type, message-digest, signing-time and ESS
 * signing-certificate-v2, so CAdES-BES readers such as the EU DSS
 * validator take it); and the check of a bag's signature by the
 * certificate it carries (someone else's bag: there is no configured
 * certificate to hold it against, so the signer is shown, by fingerprint,
 * for the reader to recognise).
 *
 * "Now" is rc_now() (src/base/clock.c) everywhere, so tests can move the
 * clock: validity, the certificate's start and the signing time. */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/buffer.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sodium.h>

#include "crypto-int.h"
#include "i18n.h"
#include "net.h"

#define MAX_CHAIN 16

/* The why buffer and rc_error_detail say the same. */
static void say(char *why, size_t whylen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t whylen, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	rc_error_set("%s", buf);
	if (why && whylen)
		snprintf(why, whylen, "%s", buf);
}

/* A PEM: the leaf, then (optionally) its chain.  NULL when no certificate
 * or more than MAX_CHAIN; *chain holds the rest (maybe empty). */
static X509 *chain_read(const char *pem, STACK_OF(X509) **chain)
{
	*chain = NULL;
	size_t n = pem ? strlen(pem) : 0;
	if (!n || n > RC_SIGN_PEM_MAX)
		return NULL;
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	STACK_OF(X509) *rest = sk_X509_new_null();
	X509 *leaf = b && rest ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	X509 *x;
	while (leaf && (x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
		if (sk_X509_num(rest) >= MAX_CHAIN || !sk_X509_push(rest, x)) {
			X509_free(x);
			X509_free(leaf);
			leaf = NULL;
		}
	}
	BIO_free(b);
	ERR_clear_error();
	if (!leaf) {
		sk_X509_pop_free(rest, X509_free);
		return NULL;
	}
	*chain = rest;
	return leaf;
}

/* No passphrase prompt: an encrypted key is refused, not asked for. */
static int no_pass(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

static EVP_PKEY *key_read(const char *pem)
{
	size_t n = pem ? strlen(pem) : 0;
	if (!n || n > RC_SIGN_PEM_MAX)
		return NULL;
	/* the BIO reads the caller's memory in place: no copy of the key */
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, no_pass, NULL) : NULL;
	BIO_free(b);
	ERR_clear_error();
	return k;
}

static void time_text(const ASN1_TIME *t, char *out, size_t len)
{
	struct tm tm;
	out[0] = 0;
	if (t && ASN1_TIME_to_tm(t, &tm) == 1)
		strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A memory BIO whose buffer is wiped when it grows and when it is freed
 * (BUF_MEM_FLAG_SECURE): for the private key's PEM. */
static BIO *secret_bio(void)
{
	BUF_MEM *bm = BUF_MEM_new_ex(BUF_MEM_FLAG_SECURE);
	BIO *b = bm ? BIO_new(BIO_s_mem()) : NULL;
	if (!b) {
		BUF_MEM_free(bm);
		return NULL;
	}
	BIO_set_mem_buf(b, bm, BIO_CLOSE);
	return b;
}

static char *bio_string(BIO *b)
{
	char *p;
	long n = BIO_get_mem_data(b, &p);
	if (n <= 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s) {
		memcpy(s, p, (size_t)n);
		s[n] = 0;
	}
	return s;
}

static bool add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	bool ok = e && X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	return ok;
}

enum rc_status rc_signer_create(const char *common_name, const char *organization, int days, char **cert_pem,
	char **key_pem)
{
	*cert_pem = *key_pem = NULL;
	rc_error_clear();
	if (!common_name || !*common_name || strlen(common_name) > 64 || (organization && strlen(organization) > 64)
	    || days < 1 || days > 3650) {
		/* TRANSLATORS: a signing certificate being made; 64 characters and 3650 days are the limits. */
		rc_error_set("%s", _("A signing certificate needs a name of 1 to 64 characters (the organization at most 64) "
		                     "and a validity of 1 to 3650 days."));
		return RC_INVALID;
	}
	enum rc_status st = RC_NOMEM;
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	BIGNUM *bn = NULL;
	BIO *cb = BIO_new(BIO_s_mem()), *kb = secret_bio();
	if (!k || !x || !name || !cb || !kb)
		goto out;
	/* 16 random bytes, the top bit clear: a positive serial of at most 16
	 * bytes, unpredictable as CA/B guidance asks of any serial */
	unsigned char serial[16];
	randombytes_buf(serial, sizeof serial);
	serial[0] = (unsigned char)((serial[0] & 0x7f) | 0x40);
	time_t now = rc_now();
	if (!(bn = BN_bin2bn(serial, sizeof serial, NULL)) || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x))
	    || !X509_set_version(x, X509_VERSION_3)
	    || !X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &now)
	    || !X509_time_adj_ex(X509_getm_notAfter(x), days, 0, &now)
	    || !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)common_name, -1, -1, 0)
	    || (organization && *organization
	        && !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)organization, -1, -1,
	                                       0))
	    || !X509_set_subject_name(x, name) || !X509_set_issuer_name(x, name) || !X509_set_pubkey(x, k))
		goto out;
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	/* a signer, never a CA; its key signs documents (and says so:
	 * nonRepudiation), nothing else */
	if (!add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE")
	    || !add_ext(x, &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation")
	    || !add_ext(x, &ctx, NID_subject_key_identifier, "hash") || !X509_sign(x, k, EVP_sha256()))
		goto out;
	if (!PEM_write_bio_X509(cb, x) || !PEM_write_bio_PKCS8PrivateKey(kb, k, NULL, NULL, 0, NULL, NULL))
		goto out;
	*cert_pem = bio_string(cb);
	*key_pem = bio_string(kb);
	if (*cert_pem && *key_pem)
		st = RC_OK;
	else {
		free(*cert_pem);
		rc_signer_key_free(key_pem);
		*cert_pem = NULL;
	}
out:
	if (st == RC_NOMEM)
		rc_error_set("%s", _("The signing key and certificate could not be made."));
	ERR_clear_error();
	BIO_free(cb);
	BIO_free(kb);
	BN_free(bn);
	X509_NAME_free(name);
	X509_free(x);
	EVP_PKEY_free(k);
	return st;
}

void rc_signer_key_free(char **key_pem)
{
	if (!*key_pem)
		return;
	sodium_memzero(*key_pem, strlen(*key_pem));
	free(*key_pem);
	*key_pem = NULL;
}

/* Does x chain, through the certificates of untrusted, to the system's CAs
 * at time t?  Informational: a self-signed signer is normal. */
static bool system_trusted(X509 *x, STACK_OF(X509) *untrusted, time_t t)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *xc = X509_STORE_CTX_new();
	bool ok = false;
	if (store && xc && X509_STORE_set_default_paths(store) && X509_STORE_CTX_init(xc, store, x, untrusted)) {
		X509_STORE_CTX_set_time(xc, 0, t);
		X509_STORE_CTX_set_purpose(xc, X509_PURPOSE_ANY);
		ok = X509_verify_cert(xc) == 1;
	}
	X509_STORE_CTX_free(xc);
	X509_STORE_free(store);
	ERR_clear_error();
	return ok;
}

/* The OIDs of an extendedKeyUsage that make a certificate one for signing
 * documents: anyExtendedKeyUsage, emailProtection (S/MIME, what
 * openssl cms -verify wants), Microsoft's and the IETF's document signing. */
static bool eku_signs(X509 *x)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	if (!eku)
		return true; /* no restriction */
	bool ok = false;
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && !ok; i++) {
		const ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
		char txt[80];
		int nid = OBJ_obj2nid(o);
		OBJ_obj2txt(txt, sizeof txt, o, 1);
		ok = nid == NID_anyExtendedKeyUsage || nid == NID_email_protect
		     || !strcmp(txt, "1.3.6.1.4.1.311.10.3.12") || !strcmp(txt, "1.3.6.1.5.5.7.3.36");
	}
	EXTENDED_KEY_USAGE_free(eku);
	return ok;
}

static void describe(X509 *x, STACK_OF(X509) *chain, struct rc_signer_desc *d)
{
	memset(d, 0, sizeof *d);
	net_name_text(X509_get_subject_name(x), d->subject, sizeof d->subject);
	net_name_text(X509_get_issuer_name(x), d->issuer, sizeof d->issuer);
	time_text(X509_get0_notBefore(x), d->not_before, sizeof d->not_before);
	time_text(X509_get0_notAfter(x), d->not_after, sizeof d->not_after);
	net_cert_fingerprint(x, d->fp);
	d->self_signed = X509_self_signed(x, 1) == 1;
	d->chain = chain ? (size_t)sk_X509_num(chain) : 0;
	d->system_trusted = system_trusted(x, chain, rc_now());
	ERR_clear_error();
}

/* The checks of rc_signer_check on parsed pieces (k NULL: no key check). */
static enum rc_status signer_ok(X509 *x, STACK_OF(X509) *chain, EVP_PKEY *k, char *why, size_t whylen)
{
	if (k && X509_check_private_key(x, k) != 1) {
		ERR_clear_error();
		say(why, whylen, "%s", _("The signing key does not belong to the signing certificate: they do not match."));
		return RC_INVALID;
	}
	time_t now = rc_now();
	char when[32];
	if (X509_cmp_time(X509_get0_notBefore(x), &now) >= 0) {
		time_text(X509_get0_notBefore(x), when, sizeof when);
		/* TRANSLATORS: %s is a date and time in UTC, 2026-01-15T12:00:00Z. */
		say(why, whylen, _("The signing certificate is not valid yet: it starts on %s. Check the computer's clock."),
		    when);
		return RC_INVALID;
	}
	if (X509_cmp_time(X509_get0_notAfter(x), &now) <= 0) {
		time_text(X509_get0_notAfter(x), when, sizeof when);
		/* TRANSLATORS: %s is a date and time in UTC, 2026-01-15T12:00:00Z. */
		say(why, whylen, _("The signing certificate expired on %s. Make or obtain a new one."), when);
		return RC_INVALID;
	}
	uint32_t ku = X509_get_key_usage(x); /* UINT32_MAX: no keyUsage, any use */
	if (!(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		say(why, whylen, "%s", _("The signing certificate does not allow signing documents (its key usage has "
		                         "neither digital signature nor non-repudiation)."));
		return RC_INVALID;
	}
	if (!eku_signs(x)) {
		say(why, whylen, "%s", _("The signing certificate is meant for other uses (such as a web server), not for "
		                         "signing documents."));
		return RC_INVALID;
	}
	if (chain && sk_X509_num(chain) > 0) {
		/* the certificates after the leaf must be its chain, each one
		 * issuing the one before: checked with the last as the anchor */
		X509_STORE *store = X509_STORE_new();
		X509_STORE_CTX *xc = X509_STORE_CTX_new();
		bool ok = store && xc && X509_STORE_add_cert(store, sk_X509_value(chain, sk_X509_num(chain) - 1));
		if (ok) {
			X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
			ok = X509_STORE_CTX_init(xc, store, x, chain) == 1;
		}
		if (ok) {
			X509_STORE_CTX_set_time(xc, 0, now);
			X509_STORE_CTX_set_purpose(xc, X509_PURPOSE_ANY);
			ok = X509_verify_cert(xc) == 1;
			if (!ok)
				/* TRANSLATORS: %s is OpenSSL's reason, in English (e.g. "certificate has expired"). */
				say(why, whylen, _("The certificates after the signing certificate are not its chain (%s)."),
				    X509_verify_cert_error_string(X509_STORE_CTX_get_error(xc)));
		} else
			say(why, whylen, "%s", _("The signing certificate's chain could not be checked."));
		X509_STORE_CTX_free(xc);
		X509_STORE_free(store);
		ERR_clear_error();
		if (!ok)
			return RC_INVALID;
	}
	return RC_OK;
}

enum rc_status rc_signer_check(const char *cert_pem, const char *key_pem, struct rc_signer_desc *desc, char *why,
	size_t whylen)
{
	rc_error_clear();
	if (why && whylen)
		why[0] = 0;
	if (desc)
		memset(desc, 0, sizeof *desc);
	STACK_OF(X509) *chain;
	X509 *x = chain_read(cert_pem, &chain);
	if (!x) {
		/* TRANSLATORS: PEM is a file format; leave it as it is. */
		say(why, whylen, "%s", _("The signing certificate is not a certificate in PEM form "
		                         "(-----BEGIN CERTIFICATE-----), or its chain is too long."));
		return RC_INVALID;
	}
	if (desc)
		describe(x, chain, desc);
	EVP_PKEY *k = NULL;
	enum rc_status st = RC_OK;
	if (key_pem && !(k = key_read(key_pem))) {
		/* TRANSLATORS: PEM is a file format; leave it as it is. */
		say(why, whylen, "%s", _("The signing key is not a private key in PEM form without a passphrase."));
		st = RC_INVALID;
	}
	if (st == RC_OK)
		st = signer_ok(x, chain, k, why, whylen);
	EVP_PKEY_free(k);
	sk_X509_pop_free(chain, X509_free);
	X509_free(x);
	return st;
}

enum rc_status rc_cms_sign(const char *cert_pem, const char *key_pem, const void *content, size_t n,
	unsigned char **der, size_t *dlen)
{
	*der = NULL;
	*dlen = 0;
	rc_error_clear();
	STACK_OF(X509) *chain = NULL;
	X509 *x = chain_read(cert_pem, &chain);
	EVP_PKEY *k = x ? key_read(key_pem) : NULL;
	if (!x || !k) {
		EVP_PKEY_free(k);
		X509_free(x);
		sk_X509_pop_free(chain, X509_free);
		/* TRANSLATORS: PEM is a file format; leave it as it is. */
		rc_error_set("%s", _("The signing certificate or key cannot be read (PEM, without a passphrase)."));
		return RC_INVALID;
	}
	enum rc_status st = signer_ok(x, chain, k, NULL, 0);
	CMS_ContentInfo *cms = NULL;
	BIO *in = NULL;
	ASN1_TIME *t = NULL;
	unsigned char *p = NULL;
	if (st != RC_OK)
		goto out;
	st = RC_NOMEM;
	if (n > INT32_MAX || !(in = BIO_new_mem_buf(content, (int)n)))
		goto out;
	/* CMS_PARTIAL: the signer is added by hand, with the signing time of
	 * rc_now() (OpenSSL would take time(NULL)); CMS_CADES adds ESS
	 * signing-certificate-v2, naming the certificate by its SHA-256, so the
	 * signature cannot be moved to another certificate of the same key */
	unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES;
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	CMS_SignerInfo *si = cms ? CMS_add1_signer(cms, x, k, EVP_sha256(), flags) : NULL;
	if (!si || !(t = ASN1_TIME_set(NULL, rc_now()))
	    || !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1))
		goto out;
	for (int i = 0; i < sk_X509_num(chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(chain, i)))
			goto out;
	if (CMS_final(cms, in, NULL, flags & ~(unsigned)CMS_PARTIAL) != 1)
		goto out;
	int len = i2d_CMS_ContentInfo(cms, &p);
	if (len <= 0)
		goto out;
	*der = malloc((size_t)len);
	if (!*der)
		goto out;
	memcpy(*der, p, (size_t)len);
	*dlen = (size_t)len;
	st = RC_OK;
out:
	if (st == RC_NOMEM)
		rc_error_set("%s", _("The signature could not be made."));
	ERR_clear_error();
	OPENSSL_free(p);
	ASN1_TIME_free(t);
	BIO_free(in);
	CMS_ContentInfo_free(cms);
	EVP_PKEY_free(k);
	sk_X509_pop_free(chain, X509_free);
	X509_free(x);
	return st;
}

/* The ESS signing-certificate attributes (v1, v2) against signer: 1
 * present and naming it, 0 absent, -1 naming another (or unreadable). */
static int ess_check(CMS_SignerInfo *si, X509 *signer)
{
	ASN1_STRING *v1 = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3,
	                                              V_ASN1_SEQUENCE);
	ASN1_STRING *v2 = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3,
	                                              V_ASN1_SEQUENCE);
	ERR_clear_error();
	if (!v1 && !v2)
		return CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificate, -1) < 0
		       && CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) < 0 ? 0 : -1;
	ESS_SIGNING_CERT *ss = NULL;
	ESS_SIGNING_CERT_V2 *ss2 = NULL;
	const unsigned char *p;
	int r = -1;
	if (v1 && (p = ASN1_STRING_get0_data(v1), !(ss = d2i_ESS_SIGNING_CERT(NULL, &p, ASN1_STRING_length(v1)))))
		goto out;
	if (v2 && (p = ASN1_STRING_get0_data(v2), !(ss2 = d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(v2)))))
		goto out;
	STACK_OF(X509) *chain = sk_X509_new_null();
	if (chain && sk_X509_push(chain, signer))
		r = OSSL_ESS_check_signing_certs(ss, ss2, chain, 1) > 0 ? 1 : -1;
	sk_X509_free(chain);
out:
	ESS_SIGNING_CERT_free(ss);
	ESS_SIGNING_CERT_V2_free(ss2);
	ERR_clear_error();
	return r;
}

enum rc_status rc_cms_check_bag(const void *content, size_t n, const void *sig, size_t sn,
	struct rc_bag_sig_info *info, enum rc_cms_check *failed)
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
	enum rc_status st = RC_INVALID;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *certs = NULL;
	BIO *dc = NULL;
	const unsigned char *p = sig;
	if (sn == 0 || sn > RC_EXPORT_SIG_MAX || !(cms = d2i_CMS_ContentInfo(NULL, &p, (long)sn))
	    || p != (const unsigned char *)sig + sn || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed
	    || CMS_is_detached(cms) != 1) {
		rc_error_set("%s", _("The bundle's signature is not a detached CMS signature (a .p7s file) recourse can "
		                     "read."));
		goto out;
	}
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	if (!sis || sk_CMS_SignerInfo_num(sis) != 1) {
		rc_error_set("%s", _("The signature must have exactly one signer, and this one has not."));
		goto out;
	}
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
	certs = CMS_get1_certs(cms);
	info->certs = certs ? (size_t)sk_X509_num(certs) : 0;
	X509 *signer = NULL;
	for (int i = 0; i < sk_X509_num(certs) && !signer; i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			signer = sk_X509_value(certs, i);
	*failed = RC_CMS_SIGNER;
	if (!signer) {
		rc_error_set("%s", _("The bundle's signature does not carry the certificate of its signer, so it cannot be "
		                     "checked."));
		goto out;
	}
	net_cert_fingerprint(signer, info->signer_fp);
	net_name_text(X509_get_subject_name(signer), info->signer_subject, sizeof info->signer_subject);
	net_name_text(X509_get_issuer_name(signer), info->signer_issuer, sizeof info->signer_issuer);
	time_text(X509_get0_notAfter(signer), info->not_after, sizeof info->not_after);
	info->self_signed = X509_self_signed(signer, 1) == 1;
	net_cms_signing_time(si, info->signed_at, sizeof info->signed_at);
	*failed = RC_CMS_SIGNATURE;
	if (!net_cms_digest_strong(si)) {
		rc_error_set("%s", _("The signature uses a weak digest algorithm (such as MD5 or SHA-1), which recourse "
		                     "does not accept as evidence."));
		goto out;
	}
	*failed = RC_CMS_DIGEST;
	int dm = net_cms_digest_matches(si, content, n);
	if (dm != 1) {
		rc_error_set("%s", dm < 0 ? _("The bundle's signature has no digest of what it signs (no signed "
		                              "attributes), which recourse does not accept.")
		                          : _("The bundle's tag manifest is not the one that was signed: the bundle was "
		                              "changed after signing."));
		goto out;
	}
	*failed = RC_CMS_SIGNATURE;
	CMS_SignerInfo_set1_signer_cert(si, signer);
	if (CMS_SignerInfo_verify(si) != 1) {
		rc_error_set("%s", _("The bundle's signature itself is not valid: it was not made with the key of the "
		                     "certificate it carries, or it was damaged."));
		goto out;
	}
	/* the whole of it as openssl cms -verify does (content type, the ESS
	 * signing-certificate attributes against the signer), without a trust
	 * anchor: whose certificate it is, the reader decides by the
	 * fingerprint */
	dc = n <= INT32_MAX ? BIO_new_mem_buf(content, (int)n) : NULL;
	if (!dc) {
		st = RC_NOMEM;
		goto out;
	}
	if (CMS_verify(cms, NULL, NULL, dc, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
		rc_error_set("%s", _("The bundle's signature could not be verified."));
		goto out;
	}
	/* ESS signing-certificate(-v2) names the signer's certificate by its
	 * hash.  OpenSSL checks it only with CMS_CADES, which also wants a
	 * trust anchor we do not have: checked here.  A signature made
	 * elsewhere without it is still taken (info->cades says). */
	int ess = ess_check(si, signer);
	if (ess < 0) {
		*failed = RC_CMS_SIGNER;
		rc_error_set("%s", _("The certificate the bundle's signature carries is not the one it was made for: it was "
		                     "replaced or damaged."));
		goto out;
	}
	info->cades = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0 && ess > 0;
	/* trusted as of the signing time it claims, when it claims one */
	time_t at = rc_now();
	struct tm tm;
	if (info->signed_at[0] && strptime(info->signed_at, "%Y-%m-%dT%H:%M:%SZ", &tm))
		at = timegm(&tm);
	info->system_trusted = system_trusted(signer, certs, at);
	*failed = RC_CMS_NONE;
	st = RC_OK;
out:
	ERR_clear_error();
	BIO_free(dc);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	return st;
}
