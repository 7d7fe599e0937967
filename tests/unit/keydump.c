/* keydump.c - TEST ONLY (never installed): print the raw data key of a
 * case, given a passphrase on stdin, so the tests can show that the
 * stock sqlcipher shell opens case.db with it, and that an old key no
 * longer does after a rekey. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

int main(int argc, char **argv)
{
	if (argc != 2 || rc_base_init() != 0) {
		fprintf(stderr, "usage: keydump CASE_DIR < passphrase\n");
		return 2;
	}
	char line[1024];
	if (!fgets(line, sizeof line, stdin))
		return 2;
	line[strcspn(line, "\n")] = 0;
	struct rc_secret *s = rc_secret_new(RC_PASSPHRASE_MAX);
	for (char *p = line; *p; p++)
		rc_secret_append(s, (unsigned char)*p);
	char *path = rc_path_join(argv[1], "keyslots");
	struct keyslots ks;
	enum rc_status st = ks_load(path, &ks);
	free(path);
	int ret = st == RC_OK ? 3 : 1;
	unsigned char key[RC_DATA_KEY_BYTES];
	for (size_t i = 0; st == RC_OK && i < ks.n; i++) {
		if (ks_slot_open(&ks.slot[i], s, key) == RC_OK) {
			char hex[2 * RC_DATA_KEY_BYTES + 1];
			rc_hex_encode(key, sizeof key, hex);
			printf("%s %d\n", hex, ks.page_size);
			ret = 0;
			break;
		}
	}
	rc_secret_free(&s);
	fflush(stdout);
	return ret;
}
