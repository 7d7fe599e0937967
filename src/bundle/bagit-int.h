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

#endif
