/* fuzz_keyslots.c - the keyslots parser (a file anyone with access to the
 * case folder can change).  Every input must parse or be refused with a
 * status, never crash, hang or read out of bounds; a parsed file must
 * serialize back to bytes that parse to the same slots. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		if (sodium_init() < 0)
			return 0;
		init = 1;
	}
	struct keyslots ks, back;
	/* As given (mutations almost always break the check line) ... */
	ks_parse((const char *)data, size, &ks);
	/* ... and with a correct check line appended, so the fuzzer reaches
	 * the field parsing behind the checksum. */
	if (size > 60000)
		return 0;
	char *fixed = malloc(size + 80);
	if (!fixed)
		return 0;
	memcpy(fixed, data, size);
	size_t n = size;
	if (n && fixed[n - 1] != '\n')
		fixed[n++] = '\n';
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (unsigned char *)fixed, n, NULL, 0);
	memcpy(fixed + n, "check\t", 6);
	n += 6;
	rc_hex_encode(h, 32, fixed + n);
	n += 64;
	fixed[n++] = '\n';
	enum rc_status st = ks_parse(fixed, n, &ks);
	free(fixed);
	if (st != RC_OK)
		return 0;
	struct rc_buf b;
	rc_buf_init(&b);
	ks_serialize(&ks, &b);
	if (ks_parse(b.data, b.len, &back) != RC_OK || back.n != ks.n ||
	    memcmp(back.slot, ks.slot, ks.n * sizeof ks.slot[0]) != 0)
		__builtin_trap();
	rc_buf_free(&b);
	return 0;
}
