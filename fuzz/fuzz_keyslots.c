/* fuzz_keyslots.c - the keyslots parser (a file anyone with access to the
 * case folder can change).  Every input must parse or be refused with a
 * status, never crash, hang or read out of bounds; what parses must
 * encode back to a copy that decodes to the same slots.
 *
 * The first byte picks what the rest is:
 *   0  a whole file, as given (format 2 or version 1);
 *   1  the payload of a format-2 copy: header and check made right around
 *      it (the flags from bits 2-3 of the first byte), so the fuzzer
 *      reaches the slot decoding behind the checksum;
 *   2  version 1 text, with a correct check line appended;
 *   3  a whole format-2 file: copy A from the first half of the rest,
 *      copy B from the second (each padded with zeros), the magic and
 *      the checks made right: generations, flags, kinds from the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fix_sum(unsigned char *copy)
{
	crypto_generichash(copy + KS_COPY_BYTES - 32, 32, copy, KS_COPY_BYTES - 32, NULL, 0);
}

/* A decoded copy encodes back to one that decodes the same. */
static void roundtrip(const struct keyslots *ks, uint64_t gen)
{
	static unsigned char copy[KS_COPY_BYTES];
	static struct keyslots back;
	int kind;
	uint64_t g;
	ks_encode_copy(ks, KS_KIND_KEYS, gen, copy);
	if (ks_decode_copy(copy, &back, &kind, &g) != RC_OK || kind != KS_KIND_KEYS || g != gen ||
	    back.n != ks->n || back.flags != ks->flags || back.page_size != ks->page_size ||
	    back.compat != ks->compat || memcmp(back.slot, ks->slot, ks->n * sizeof ks->slot[0]) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	static struct keyslots ks;
	static struct ks_state st;
	static unsigned char file[KS_FILE_BYTES];
	if (!init) {
		if (sodium_init() < 0)
			return 0;
		init = 1;
	}
	if (size == 0)
		return 0;
	unsigned mode = data[0] & 3, flags = (data[0] >> 2) & 3;
	data++;
	size--;
	if (mode == 0) {
		if (ks_parse(data, size, &ks, &st) == RC_OK && st.format == 2)
			roundtrip(&ks, st.gen[st.winner]);
		return 0;
	}
	if (mode == 1) {
		/* header: magic, version 2, keys, generation 1, the flags, the
		 * length of what is left */
		if (size > KS_COPY_BYTES - 40 - 32)
			return 0;
		memset(file, 0, KS_COPY_BYTES);
		memcpy(file, "recourse-keyslots", 18);
		file[19] = 2;
		file[20] = KS_KIND_KEYS;
		file[31] = 1;
		file[35] = (unsigned char)flags;
		file[36] = (unsigned char)(size >> 24);
		file[37] = (unsigned char)(size >> 16);
		file[38] = (unsigned char)(size >> 8);
		file[39] = (unsigned char)size;
		memcpy(file + 40, data, size);
		fix_sum(file);
		int kind;
		uint64_t g;
		if (ks_decode_copy(file, &ks, &kind, &g) == RC_OK && kind == KS_KIND_KEYS)
			roundtrip(&ks, g);
		return 0;
	}
	if (mode == 2) {
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
		enum rc_status s = ks_parse(fixed, n, &ks, &st);
		free(fixed);
		if (s == RC_OK && st.format == 1) {
			/* a version 1 file converts to format 2 and back */
			ks.flags = 0;
			roundtrip(&ks, 1);
		}
		return 0;
	}
	/* mode 3: two copies from the input, checks made right */
	memset(file, 0, sizeof file);
	size_t half = size / 2;
	if (half > KS_COPY_BYTES - 32 || size - half > KS_COPY_BYTES - 32)
		return 0;
	memcpy(file, data, half);
	memcpy(file + KS_COPY_BYTES, data + half, size - half);
	memcpy(file, "recourse-keyslots", 18);
	memcpy(file + KS_COPY_BYTES, "recourse-keyslots", 18);
	fix_sum(file);
	fix_sum(file + KS_COPY_BYTES);
	if (ks_parse(file, sizeof file, &ks, &st) == RC_OK && st.format == 2)
		roundtrip(&ks, st.gen[st.winner]);
	return 0;
}
