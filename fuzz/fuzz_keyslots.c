/* fuzz_keyslots.c - the keyslots parser (a file anyone with access to the
 * case folder can change).  Every input must parse or be refused with a
 * status, never crash, hang or read out of bounds; a parsed file must
 * serialize back to bytes that parse to the same slots. */
#include <stddef.h>
#include <stdint.h>
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
	if (ks_parse((const char *)data, size, &ks) != RC_OK)
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
