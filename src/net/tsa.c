/* tsa.c - RFC 3161 time stamps of the bundle's signature: the request,
 * the check of the authority's answer (outside input: size-capped, parsed
 * by OpenSSL, every text cleaned before it is shown), and the POST.
 *
 * What the bag keeps (signature/tagmanifest-sha256.txt.p7s.tsr) is the
 * whole TimeStampResp as received, because that is what
 * openssl ts -verify -in X.tsr reads; rc_tsa_token_check takes it back (or
 * a bare TimeStampToken).
 *
 * Order of the checks, so each refusal names its real cause: the status,
 * the imprint (the bytes stamped), the nonce (our request), the signer
 * certificate (carried, the configured one when there is one,
 * timeStamping), then the signature, by OpenSSL's TS_RESP_verify_token
 * with that certificate (or the configured one) as the only trust anchor
 * and genTime as the time the chain must be valid at: a stamp stays good
 * after the TSA's certificate expires. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sodium.h>

#include "crypto-int.h"
#include "i18n.h"
#include "net.h"

enum rc_status rc_tsa_request_make(const void *data, size_t n, unsigned char **req, size_t *rlen, uint64_t *nonce)
{
	*req = NULL;
	*rlen = 0;
	*nonce = 0;
	unsigned char d[32];
	unsigned int dl = 0;
	if (!EVP_Digest(data, n, d, &dl, EVP_sha256(), NULL) || dl != 32)
		return RC_NOMEM;
	/* never 0: an absent nonce must not compare equal to ours */
	while (!*nonce)
		randombytes_buf(nonce, sizeof *nonce);
	enum rc_status st = RC_NOMEM;
	TS_REQ *r = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	ASN1_INTEGER *ni = ASN1_INTEGER_new();
	unsigned char *p = NULL;
	if (!r || !mi || !alg || !ni || !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL)
	    || !TS_MSG_IMPRINT_set_algo(mi, alg) || !TS_MSG_IMPRINT_set_msg(mi, d, 32) || !TS_REQ_set_version(r, 1)
	    || !TS_REQ_set_msg_imprint(r, mi) || !ASN1_INTEGER_set_uint64(ni, *nonce) || !TS_REQ_set_nonce(r, ni)
	    || !TS_REQ_set_cert_req(r, 1))
		goto out;
	int len = i2d_TS_REQ(r, &p);
	if (len <= 0 || !(*req = malloc((size_t)len)))
		goto out;
	memcpy(*req, p, (size_t)len);
	*rlen = (size_t)len;
	st = RC_OK;
out:
	ERR_clear_error();
	OPENSSL_free(p);
	ASN1_INTEGER_free(ni);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(r);
	return st;
}

/* The one certificate of a PEM (the configured TSA's), or NULL. */
static X509 *cert_read(const char *pem)
{
	size_t n = strlen(pem);
	if (!n || n > RC_SIGN_PEM_MAX)
		return NULL;
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	ERR_clear_error();
	return x;
}

static void set_failed(struct rc_tsa_info *info, enum rc_tsa_check c, const char *msg)
{
	info->failed = c;
	rc_error_set("%s", msg);
}

/* The words of a refusal: status, statusString, failInfo's bits. */
static void status_words(TS_STATUS_INFO *si, long status, char *out, size_t len)
{
	static const char *const names[] = { "granted", "grantedWithMods", "rejection", "waiting",
		"revocationWarning", "revocationNotification" };
	static const struct { int bit; const char *name; } fails[] = {
		{ TS_INFO_BAD_ALG, "badAlg" }, { TS_INFO_BAD_REQUEST, "badRequest" },
		{ TS_INFO_BAD_DATA_FORMAT, "badDataFormat" }, { TS_INFO_TIME_NOT_AVAILABLE, "timeNotAvailable" },
		{ TS_INFO_UNACCEPTED_POLICY, "unacceptedPolicy" }, { TS_INFO_UNACCEPTED_EXTENSION, "unacceptedExtension" },
		{ TS_INFO_ADD_INFO_NOT_AVAILABLE, "addInfoNotAvailable" }, { TS_INFO_SYSTEM_FAILURE, "systemFailure" },
	};
	struct rc_buf b;
	rc_buf_init(&b);
	if (status >= 0 && status < (long)(sizeof names / sizeof names[0]))
		rc_buf_addstr(&b, names[status]);
	else
		rc_buf_printf(&b, "status %ld", status);
	const ASN1_BIT_STRING *fi = TS_STATUS_INFO_get0_failure_info(si);
	for (size_t i = 0; fi && i < sizeof fails / sizeof fails[0]; i++)
		if (ASN1_BIT_STRING_get_bit(fi, fails[i].bit))
			rc_buf_printf(&b, ", %s", fails[i].name);
	const STACK_OF(ASN1_UTF8STRING) *text = TS_STATUS_INFO_get0_text(si);
	for (int i = 0; i < sk_ASN1_UTF8STRING_num(text) && i < 8; i++) {
		const ASN1_UTF8STRING *s = sk_ASN1_UTF8STRING_value(text, i);
		rc_buf_addstr(&b, i ? "; " : ": ");
		rc_buf_add(&b, ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s));
	}
	char *clean = b.data ? rc_net_clean(b.data, b.len, len - 1) : NULL;
	snprintf(out, len, "%s", clean ? clean : "");
	free(clean);
	rc_buf_free(&b);
}

/* The imprint against data: 1 equal, 0 other bytes, -1 a digest recourse
 * does not take (weak or unknown). */
static int imprint_matches(TS_TST_INFO *tst, const void *data, size_t n)
{
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
	X509_ALGOR *alg = mi ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
	ASN1_OCTET_STRING *msg = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
	const ASN1_OBJECT *obj = NULL;
	if (alg)
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
	const EVP_MD *md;
	switch (obj ? OBJ_obj2nid(obj) : NID_undef) {
	case NID_sha256: md = EVP_sha256(); break;
	case NID_sha384: md = EVP_sha384(); break;
	case NID_sha512: md = EVP_sha512(); break;
	default: return -1;
	}
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dl = 0;
	if (!msg || !EVP_Digest(data, n, d, &dl, md, NULL))
		return -1;
	return (int)dl == ASN1_STRING_length(msg) && !memcmp(d, ASN1_STRING_get0_data(msg), dl) ? 1 : 0;
}

static void general_name_text(GENERAL_NAME *gn, char *out, size_t len)
{
	out[0] = 0;
	if (!gn)
		return;
	if (gn->type == GEN_DIRNAME) {
		net_name_text(gn->d.directoryName, out, len);
		return;
	}
	BIO *b = BIO_new(BIO_s_mem());
	if (b && GENERAL_NAME_print(b, gn) > 0) {
		char *p;
		long n = BIO_get_mem_data(b, &p);
		char *clean = n > 0 ? rc_net_clean(p, (size_t)n, len - 1) : NULL;
		snprintf(out, len, "%s", clean ? clean : "");
		free(clean);
	}
	BIO_free(b);
}

static bool system_trusted(X509 *x, STACK_OF(X509) *untrusted, time_t t)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *xc = X509_STORE_CTX_new();
	bool ok = false;
	if (store && xc && X509_STORE_set_default_paths(store) && X509_STORE_CTX_init(xc, store, x, untrusted)) {
		X509_STORE_CTX_set_time(xc, 0, t);
		X509_STORE_CTX_set_purpose(xc, X509_PURPOSE_TIMESTAMP_SIGN);
		ok = X509_verify_cert(xc) == 1;
	}
	X509_STORE_CTX_free(xc);
	X509_STORE_free(store);
	ERR_clear_error();
	return ok;
}

/* The checks common to a fresh answer and a stamp read back: token and
 * tst belong to the caller.  want_nonce: check nonce. */
static enum rc_status token_check(PKCS7 *token, TS_TST_INFO *tst, const void *data, size_t n, bool want_nonce,
	uint64_t nonce, const char *tsa_cert_pem, struct rc_tsa_info *info)
{
	enum rc_status st = RC_BADREG;
	X509 *conf = NULL, *signer = NULL;
	STACK_OF(X509) *extra = NULL, *signers = NULL;
	TS_VERIFY_CTX *vc = NULL;
	X509_STORE *store = NULL;
	if (!token || !tst || !PKCS7_type_is_signed(token) || TS_TST_INFO_get_version(tst) != 1) {
		set_failed(info, RC_TSA_MALFORMED, _("The time stamp is not an RFC 3161 time stamp recourse can read."));
		goto out;
	}
	/* genTime first: the chain is checked as of it */
	struct tm tm;
	const ASN1_GENERALIZEDTIME *gt = TS_TST_INFO_get_time(tst);
	if (!gt || ASN1_TIME_to_tm(gt, &tm) != 1) {
		set_failed(info, RC_TSA_MALFORMED, _("The time stamp has no time recourse can read."));
		goto out;
	}
	info->gen_time = timegm(&tm);
	strftime(info->gen_time_text, sizeof info->gen_time_text, "%Y-%m-%dT%H:%M:%SZ", &tm);
	{
		BIGNUM *bn = ASN1_INTEGER_to_BN(TS_TST_INFO_get_serial(tst), NULL);
		char *hex = bn ? BN_bn2hex(bn) : NULL;
		if (hex)
			snprintf(info->serial, sizeof info->serial, "%s", hex);
		OPENSSL_free(hex);
		BN_free(bn);
		ASN1_OBJECT *pol = TS_TST_INFO_get_policy_id(tst);
		if (pol)
			OBJ_obj2txt(info->policy, sizeof info->policy, pol, 1);
	}
	int im = imprint_matches(tst, data, n);
	if (im != 1) {
		set_failed(info, RC_TSA_IMPRINT,
		           im < 0 ? _("The time stamp uses a digest algorithm recourse does not accept (SHA-256 or "
		                      "stronger is needed).")
		                  : _("The time stamp is for other bytes than the signature it should stamp."));
		goto out;
	}
	if (want_nonce) {
		const ASN1_INTEGER *ni = TS_TST_INFO_get_nonce(tst);
		uint64_t got = 0;
		if (!ni || ASN1_INTEGER_get_uint64(&got, ni) != 1 || got != nonce) {
			set_failed(info, RC_TSA_NONCE, _("The time stamp authority's answer is not the answer to recourse's "
			                                 "request (another nonce): it may be an old answer replayed."));
			goto out;
		}
	}
	/* the signer: carried (certReq), or the configured certificate */
	extra = sk_X509_new_null();
	if (!extra)
		goto nomem;
	if (tsa_cert_pem) {
		if (!(conf = cert_read(tsa_cert_pem))) {
			set_failed(info, RC_TSA_CERT, _("The time stamp authority's configured certificate cannot be read."));
			st = RC_INVALID;
			goto out;
		}
		if (!sk_X509_push(extra, conf))
			goto nomem;
		X509_up_ref(conf);
	}
	STACK_OF(PKCS7_SIGNER_INFO) *sis = PKCS7_get_signer_info(token);
	signers = sk_PKCS7_SIGNER_INFO_num(sis) == 1 ? PKCS7_get0_signers(token, extra, 0) : NULL;
	ERR_clear_error();
	if (!signers || sk_X509_num(signers) != 1) {
		set_failed(info, RC_TSA_SIGNER, _("The time stamp does not carry the certificate of the authority that "
		                                  "signed it (or has more than one signer)."));
		goto out;
	}
	signer = sk_X509_value(signers, 0);
	X509_up_ref(signer);
	net_cert_fingerprint(signer, info->tsa_fp);
	net_name_text(X509_get_subject_name(signer), info->tsa_subject, sizeof info->tsa_subject);
	general_name_text(TS_TST_INFO_get_tsa(tst), info->tsa_name, sizeof info->tsa_name);
	if (!info->tsa_name[0])
		snprintf(info->tsa_name, sizeof info->tsa_name, "%s", info->tsa_subject);
	/* the certificates the token carries, for the chain */
	STACK_OF(X509) *carried = token->d.sign ? token->d.sign->cert : NULL;
	for (int i = 0; i < sk_X509_num(carried); i++) {
		if (!sk_X509_push(extra, sk_X509_value(carried, i)))
			goto nomem;
		X509_up_ref(sk_X509_value(carried, i));
	}
	if (!(X509_get_extension_flags(signer) & EXFLAG_XKUSAGE)
	    || !(X509_get_extended_key_usage(signer) & XKU_TIMESTAMP)) {
		set_failed(info, RC_TSA_CERT, _("The certificate that signed the time stamp is not one for time stamping "
		                                "(its extended key usage lacks timeStamping)."));
		goto out;
	}
	/* the only trust anchor: the configured certificate (the signer
	 * itself, or its issuer), else the signer itself */
	store = X509_STORE_new();
	if (!store || !X509_STORE_add_cert(store, conf ? conf : signer))
		goto nomem;
	X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), info->gen_time);
	if (conf && X509_cmp(conf, signer) != 0) {
		X509_STORE_CTX *xc = X509_STORE_CTX_new();
		bool issued = xc && X509_STORE_CTX_init(xc, store, signer, extra) == 1;
		if (issued) {
			X509_STORE_CTX_set_time(xc, 0, info->gen_time);
			X509_STORE_CTX_set_purpose(xc, X509_PURPOSE_TIMESTAMP_SIGN);
			issued = X509_verify_cert(xc) == 1;
		}
		X509_STORE_CTX_free(xc);
		ERR_clear_error();
		if (!issued) {
			set_failed(info, RC_TSA_SIGNER, _("The time stamp was signed by another authority than the one "
			                                  "configured."));
			goto out;
		}
	}
	vc = TS_VERIFY_CTX_new();
	if (!vc)
		goto nomem;
	TS_VERIFY_CTX_set_flags(vc, TS_VFY_SIGNATURE | TS_VFY_VERSION);
	TS_VERIFY_CTX_set_store(vc, store); /* the context owns them now */
	store = NULL;
	TS_VERIFY_CTX_set_certs(vc, extra);
	extra = NULL;
	ERR_clear_error();
	if (TS_RESP_verify_token(vc, token) != 1) {
		unsigned long e = ERR_peek_last_error();
		if (ERR_GET_LIB(e) == ERR_LIB_TS && ERR_GET_REASON(e) == TS_R_CERTIFICATE_VERIFY_ERROR) {
			const char *data_txt = NULL;
			int flags = 0;
			ERR_peek_last_error_data(&data_txt, &flags);
			char *clean = data_txt && (flags & ERR_TXT_STRING) ? rc_net_clean(data_txt, strlen(data_txt), 200) : NULL;
			info->failed = RC_TSA_CERT;
			/* TRANSLATORS: %s is OpenSSL's reason, in English (e.g. "certificate has expired"). */
			rc_error_set(_("The certificate that signed the time stamp was not valid when it was made (%s)."),
			             clean ? clean : "?");
			free(clean);
		} else
			set_failed(info, RC_TSA_SIGNATURE, _("The time stamp's signature is not valid: it was not made with "
			                                     "the key of the authority's certificate, or it was damaged."));
		goto out;
	}
	{
		STACK_OF(X509) *chain = token->d.sign ? token->d.sign->cert : NULL;
		info->system_trusted = system_trusted(signer, chain, info->gen_time);
	}
	info->failed = RC_TSA_NONE;
	st = RC_OK;
	goto out;
nomem:
	st = RC_NOMEM;
	info->failed = RC_TSA_MALFORMED;
out:
	ERR_clear_error();
	X509_STORE_free(store);
	TS_VERIFY_CTX_free(vc);
	sk_X509_pop_free(extra, X509_free);
	sk_X509_free(signers);
	X509_free(signer);
	X509_free(conf);
	return st;
}

/* A TimeStampResp: its status, then its token.  *resp_out takes it. */
static enum rc_status resp_check(const void *reply, size_t rn, const void *data, size_t n, bool want_nonce,
	uint64_t nonce, const char *tsa_cert_pem, struct rc_tsa_info *info, unsigned char **token, size_t *tlen)
{
	const unsigned char *p = reply;
	TS_RESP *resp = NULL;
	enum rc_status st = RC_BADREG;
	if (rn == 0 || rn > RC_TSA_REPLY_MAX || !(resp = d2i_TS_RESP(NULL, &p, (long)rn))
	    || p != (const unsigned char *)reply + rn) {
		set_failed(info, RC_TSA_MALFORMED, _("The time stamp authority's answer is not an RFC 3161 answer "
		                                     "recourse can read (damaged, cut short, or too large)."));
		goto out;
	}
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	const ASN1_INTEGER *status = si ? TS_STATUS_INFO_get0_status(si) : NULL;
	long sv = status ? ASN1_INTEGER_get(status) : -1;
	if (sv != 0 && sv != 1) {
		status_words(si, sv, info->status_text, sizeof info->status_text);
		info->failed = RC_TSA_REJECTED;
		/* TRANSLATORS: %s is the authority's own status and words (cleaned), e.g. "rejection, badAlg: ...". */
		rc_error_set(_("The time stamp authority refused to stamp (%s)."), info->status_text);
		goto out;
	}
	st = token_check(TS_RESP_get_token(resp), TS_RESP_get_tst_info(resp), data, n, want_nonce, nonce,
	                 tsa_cert_pem, info);
	if (st == RC_OK && token) {
		unsigned char *der = NULL;
		int len = i2d_PKCS7(TS_RESP_get_token(resp), &der);
		if (len <= 0 || !(*token = malloc((size_t)len)))
			st = RC_NOMEM;
		else {
			memcpy(*token, der, (size_t)len);
			*tlen = (size_t)len;
		}
		OPENSSL_free(der);
	}
out:
	ERR_clear_error();
	TS_RESP_free(resp);
	return st;
}

enum rc_status rc_tsa_reply_check(const void *reply, size_t rn, const void *data, size_t n, uint64_t nonce,
	const char *tsa_cert_pem, struct rc_tsa_info *info, unsigned char **token, size_t *tlen)
{
	memset(info, 0, sizeof *info);
	info->failed = RC_TSA_MALFORMED;
	if (token) {
		*token = NULL;
		*tlen = 0;
	}
	rc_error_clear();
	return resp_check(reply, rn, data, n, true, nonce, tsa_cert_pem, info, token, tlen);
}

enum rc_status rc_tsa_token_check(const void *tok, size_t tn, const void *data, size_t n,
	const char *tsa_cert_pem, struct rc_tsa_info *info)
{
	memset(info, 0, sizeof *info);
	info->failed = RC_TSA_MALFORMED;
	rc_error_clear();
	if (tn == 0 || tn > RC_TSA_REPLY_MAX) {
		set_failed(info, RC_TSA_MALFORMED, _("The time stamp is not an RFC 3161 time stamp recourse can read."));
		return RC_BADREG;
	}
	/* a TimeStampResp is a SEQUENCE whose first element is a SEQUENCE
	 * (PKIStatusInfo); a token (ContentInfo) starts with an OID */
	const unsigned char *p = tok;
	PKCS7 *token = d2i_PKCS7(NULL, &p, (long)tn);
	if (!token || p != (const unsigned char *)tok + tn) {
		PKCS7_free(token);
		ERR_clear_error();
		return resp_check(tok, tn, data, n, false, 0, tsa_cert_pem, info, NULL, NULL);
	}
	TS_TST_INFO *tst = PKCS7_to_TS_TST_INFO(token);
	enum rc_status st = token_check(token, tst, data, n, false, 0, tsa_cert_pem, info);
	TS_TST_INFO_free(tst);
	PKCS7_free(token);
	ERR_clear_error();
	return st;
}

struct collect {
	struct rc_buf b;
	uint64_t max;
};

static enum rc_status collect_body(void *ud, const void *p, size_t n)
{
	struct collect *c = ud;
	if (c->b.len + n > c->max)
		return RC_BADREG;
	return rc_buf_add(&c->b, p, n) ? RC_OK : RC_NOMEM;
}

enum rc_status rc_tsa_stamp(const char *url, const struct rc_net_opts *o, const void *data, size_t n,
	const char *tsa_cert_pem, struct rc_tsa_info *info, unsigned char **reply, size_t *rlen)
{
	memset(info, 0, sizeof *info);
	info->failed = RC_TSA_MALFORMED;
	*reply = NULL;
	*rlen = 0;
	unsigned char *req = NULL;
	size_t qlen = 0;
	uint64_t nonce = 0;
	enum rc_status st = rc_tsa_request_make(data, n, &req, &qlen, &nonce);
	if (st != RC_OK)
		return st;
	struct rc_net_opts opts = { 0 };
	if (o)
		opts = *o;
	if (!opts.max_body || opts.max_body > RC_TSA_REPLY_MAX)
		opts.max_body = RC_TSA_REPLY_MAX;
	opts.bearer = NULL; /* a TSA is no registry: no token goes to it */
	struct collect c = { .max = RC_TSA_REPLY_MAX };
	rc_buf_init(&c.b);
	struct rc_net_result res;
	st = rc_net_post(url, "application/timestamp-reply", "application/timestamp-query", req, qlen, &opts, collect_body,
	                 &c, &res);
	free(req);
	if (st == RC_OK) {
		st = rc_tsa_reply_check(c.b.data, c.b.len, data, n, nonce, tsa_cert_pem, info, NULL, NULL);
		if (st == RC_OK) {
			if (!(*reply = malloc(c.b.len)))
				st = RC_NOMEM;
			else {
				memcpy(*reply, c.b.data, c.b.len);
				*rlen = c.b.len;
			}
		}
	}
	rc_buf_free(&c.b);
	return st;
}
