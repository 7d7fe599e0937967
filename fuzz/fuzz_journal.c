/* fuzz_journal.c - an evidence bundle's case journal and checkpoint
 * (data/journal/journal.json and checkpoint.json, read by bundle verify
 * from a bag that comes from outside: src/core/journal_check.c).  The
 * input is split at its first NUL byte: the journal, then the checkpoint.
 * Traps when a chain is called whole with a broken entry number, when a
 * checkpoint matches a chain that is not whole, or when the last hash
 * reported is not 64 hex digits. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, 0, size);
	size_t jn = nul ? (size_t)(nul - (const char *)data) : size;
	const char *cp = nul ? nul + 1 : NULL;
	size_t cn = nul ? size - jn - 1 : 0;
	struct rc_journal_check c;
	rc_journal_check_texts((const char *)data, jn, cp, cn, &c);
	if (c.chain_ok && c.broken_at != 0)
		__builtin_trap();
	if (!c.chain_ok && c.journal_read && c.broken_at < 1)
		__builtin_trap();
	if (c.checkpoint_ok && (!c.chain_ok || c.checkpoint_seq != c.entries))
		__builtin_trap();
	if (c.entries > 0 && strspn(c.last_hash, "0123456789abcdefABCDEF") != 64)
		__builtin_trap();
	return 0;
}
