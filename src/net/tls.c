/* tls.c - the office's client certificate for mutual TLS
 * (doc/registry-api.md, section 7): that a key is the certificate's, read
 * once when it is given; at use time both go to libcurl as blobs. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "i18n.h"
#include "net.h"

static X509 *cert_read(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, (int)strlen(pem));
	if (!b)
		return NULL;
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	return x;
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

enum rc_status rc_net_client_cert_check(const char *cert_pem, const char *key_pem)
{
	rc_error_clear();
	if (!cert_pem || strlen(cert_pem) > 256 * 1024 || !key_pem || strlen(key_pem) > 256 * 1024) {
		rc_error_set("%s", _("The client certificate or its key is missing or too large."));
		return RC_INVALID;
	}
	X509 *x = cert_read(cert_pem);
	if (!x) {
		/* TRANSLATORS: PEM is a file format; leave it as it is. */
		rc_error_set("%s", _("The client certificate is not a certificate in PEM form (-----BEGIN CERTIFICATE-----)."));
		return RC_INVALID;
	}
	BIO *b = BIO_new_mem_buf(key_pem, (int)strlen(key_pem));
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, no_pass, NULL) : NULL;
	BIO_free(b);
	enum rc_status st = RC_OK;
	if (!k) {
		/* TRANSLATORS: PEM is a file format; leave it as it is. */
		rc_error_set("%s", _("The client key is not a private key in PEM form without a passphrase."));
		st = RC_INVALID;
	} else if (X509_check_private_key(x, k) != 1) {
		rc_error_set("%s", _("The client key does not belong to the client certificate: they do not match."));
		st = RC_INVALID;
	}
	EVP_PKEY_free(k);
	X509_free(x);
	return st;
}

void rc_net_cert_describe(const char *cert_pem, char *out, size_t len)
{
	if (!len)
		return;
	out[0] = 0;
	X509 *x = cert_pem ? cert_read(cert_pem) : NULL;
	if (!x)
		return;
	char subj[300] = "";
	X509_NAME_oneline(X509_get_subject_name(x), subj, sizeof subj);
	char until[64] = "";
	BIO *b = BIO_new(BIO_s_mem());
	if (b && ASN1_TIME_print(b, X509_get0_notAfter(x)) == 1) {
		int n = BIO_read(b, until, (int)sizeof until - 1);
		until[n > 0 ? n : 0] = 0;
	}
	BIO_free(b);
	char *clean = rc_net_clean(subj, strlen(subj), 300);
	/* TRANSLATORS: the client certificate: its subject, then the date it ends. */
	snprintf(out, len, _("%s, valid until %s"), clean ? clean : "?", until);
	free(clean);
	X509_free(x);
}
