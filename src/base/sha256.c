/* sha256.c - SHA-256 of long streams (files received, kept whole in the
 * case, read back into evidence bundles) through OpenSSL's EVP, which
 * uses the processor's SHA instructions where there are some: several
 * times libsodium's portable code on hundreds of megabytes.  Short
 * inputs (an event's fingerprint) keep libsodium. */
#include "config.h"

#include <openssl/evp.h>

#include "base.h"

bool rc_sha256_init(struct rc_sha256 *h)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		c = NULL;
	}
	h->ctx = c;
	return c != NULL;
}

void rc_sha256_update(struct rc_sha256 *h, const void *p, size_t n)
{
	if (h->ctx && n)
		EVP_DigestUpdate(h->ctx, p, n);
}

bool rc_sha256_final(struct rc_sha256 *h, unsigned char out[32])
{
	unsigned int n;
	bool ok = h->ctx && EVP_DigestFinal_ex(h->ctx, out, &n) == 1;
	rc_sha256_free(h);
	return ok;
}

void rc_sha256_free(struct rc_sha256 *h)
{
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}
