/* bag_hash.c - SHA-256 and SHA-512 of every byte a bag holds, through
 * OpenSSL's EVP (its SHA-256 uses the processor's SHA instructions where
 * there are some: several times libsodium's portable code on a bundle of
 * gigabytes; bench/bench-bundle.sh). */
#include "config.h"

#include <openssl/evp.h>

#include "bagit-int.h"

bool bag_hash_init(struct bag_hash *h)
{
	h->s256 = EVP_MD_CTX_new();
	h->s512 = EVP_MD_CTX_new();
	if (!h->s256 || !h->s512 || EVP_DigestInit_ex(h->s256, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestInit_ex(h->s512, EVP_sha512(), NULL) != 1) {
		bag_hash_free(h);
		return false;
	}
	return true;
}

void bag_hash_update(struct bag_hash *h, const void *p, size_t n)
{
	if (!h->s256 || !n)
		return;
	EVP_DigestUpdate(h->s256, p, n);
	EVP_DigestUpdate(h->s512, p, n);
}

void bag_hash_final(struct bag_hash *h, unsigned char sha256[32], unsigned char sha512[64])
{
	unsigned int n;
	if (h->s256) {
		EVP_DigestFinal_ex(h->s256, sha256, &n);
		EVP_DigestFinal_ex(h->s512, sha512, &n);
	}
	bag_hash_free(h);
}

void bag_hash_free(struct bag_hash *h)
{
	EVP_MD_CTX_free(h->s256);
	EVP_MD_CTX_free(h->s512);
	h->s256 = h->s512 = NULL;
}

void *rc_bag_sha256_new(void)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		c = NULL;
	}
	return c;
}

void rc_bag_sha256_update(void *c, const void *p, size_t n)
{
	if (c && n)
		EVP_DigestUpdate(c, p, n);
}

bool rc_bag_sha256_final(void *c, unsigned char out[32])
{
	unsigned int n;
	bool ok = c && EVP_DigestFinal_ex(c, out, &n) == 1;
	EVP_MD_CTX_free(c);
	return ok;
}
