/* bagit-int.h - what the writer and the verifier of src/bundle share. */
#ifndef RECOURSE_BAGIT_INT_H
#define RECOURSE_BAGIT_INT_H

#include "bagit.h"

/* Longest path accepted in a bag (bytes). */
#define RC_BAG_PATH_MAX 1024
/* Largest tag file the verifier reads into memory (the manifests of a
 * bag with a million files fit). */
#define RC_BAG_TAG_MAX ((size_t)256 << 20)

/* True for the names of the tag files at the top of a bag: bagit.txt,
 * bag-info.txt, fetch.txt, manifest-*.txt, tagmanifest-*.txt. */
bool rc_bag_is_tag_name(const char *path);

/* bag_hash.c: SHA-256 and SHA-512 together (OpenSSL EVP). */
struct bag_hash {
	void *s256, *s512; /* EVP_MD_CTX */
};
bool bag_hash_init(struct bag_hash *h);
void bag_hash_update(struct bag_hash *h, const void *p, size_t n);
/* Both digests, and the contexts freed. */
void bag_hash_final(struct bag_hash *h, unsigned char sha256[32], unsigned char sha512[64]);
void bag_hash_free(struct bag_hash *h);

#endif
