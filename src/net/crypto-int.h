/* crypto-int.h - what cms.c, sign.c and tsa.c share: a certificate's
 * fingerprint and names as recourse shows them, and the checks of a CMS
 * signer.  Private to src/net (libcrypto stays in this layer). */
#ifndef RECOURSE_CRYPTO_INT_H
#define RECOURSE_CRYPTO_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "net.h"

/* SHA-256 of x's DER, "AB:CD:..." (95 characters); "" on failure. */
void net_cert_fingerprint(X509 *x, char out[RC_CERT_FP_LEN]);
/* A name as RFC 2253 text, cleaned (rc_net_clean), at most len-1 bytes. */
void net_name_text(const X509_NAME *name, char *out, size_t len);
/* The signing-time attribute as ISO 8601 UTC, or "". */
void net_cms_signing_time(CMS_SignerInfo *si, char *out, size_t len);
/* SHA-2 or SHA-3 (not MD5 nor SHA-1). */
bool net_cms_digest_strong(CMS_SignerInfo *si);
/* messageDigest against the bytes: 1 equal, 0 different, -1 absent. */
int net_cms_digest_matches(CMS_SignerInfo *si, const void *content, size_t n);

#endif
