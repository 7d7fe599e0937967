/* fuzz_board.c - the office board's update text (rc_board_decode; it
 * reaches the office index from outside: anyone who can write into the
 * inbox has the office's public key).  Traps when an accepted text does
 * not encode back to a text that decodes to the same thing, or when a
 * refusal leaves anything filled. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rc_board_snapshot s;
	if (rc_board_decode((const char *)data, size, &s) != RC_OK) {
		if (s.label || s.reqs || s.steps || s.nreqs || s.nsteps)
			__builtin_trap();
		return 0;
	}
	if (!rc_board_label_valid(s.label) || s.seq == 0)
		__builtin_trap();
	struct rc_buf b;
	rc_buf_init(&b);
	rc_board_encode(&s, &b);
	struct rc_board_snapshot t;
	if (rc_board_decode(b.data, b.len, &t) != RC_OK)
		__builtin_trap();
	struct rc_buf b2;
	rc_buf_init(&b2);
	rc_board_encode(&t, &b2);
	if (b.len != b2.len || memcmp(b.data, b2.data, b.len) != 0)
		__builtin_trap();
	/* what the decoder accepted is what it was given, byte for byte */
	if (b.len != size || memcmp(b.data, data, size) != 0)
		__builtin_trap();
	rc_buf_free(&b);
	rc_buf_free(&b2);
	rc_board_snapshot_clear(&s);
	rc_board_snapshot_clear(&t);
	return 0;
}
