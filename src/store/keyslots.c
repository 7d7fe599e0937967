/* keyslots.c - the keyslots file: the data key, wrapped once per
 * passphrase.
 *
 * Each slot holds an X25519 key pair.  Its secret half is encrypted with
 * XChaCha20-Poly1305 under a key derived from the slot's passphrase by
 * Argon2id; the case's data key is sealed to its public half
 * (crypto_box_seal).  So unlocking needs one passphrase, and a rekey can
 * seal a new data key to every remaining slot without knowing their
 * passphrases.  The label, the public key and the KDF parameters are the
 * additional data of the AEAD, so none can be swapped between slots.
 *
 * Format 2 (doc/case-file.md has the whole argument): a file of exactly
 * 65536 bytes holding two copies, A (at 0) and B (at 32768), each whole
 * on its own, with a generation and a BLAKE2b-256 check:
 *
 *      0  18  "recourse-keyslots\0"
 *     18   2  format version: 2           (numbers big-endian)
 *     20   1  kind: 1 keys, 2 erase marker (the rest of the copy random)
 *     21   3  zero
 *     24   8  generation
 *     32   4  flags: 1 a rekey is half done, 2 the case is being made
 *     36   4  payload length
 *     40      payload, then zeros up to 32736
 *  32736  32  BLAKE2b-256 of bytes 0..32735
 *
 *  payload: page size (4), compat (1), slots (1), zero (2); per slot:
 *    label length (1), label, KDF (1: argon2id13), opslimit (8),
 *    memlimit (8), created length (1), created, salt (16), public key
 *    (32), nonce (24), wrapped secret key (48), sealed data key (80), and
 *    with flag 1 the next data key sealed (80).
 *
 * The file is changed only in place, never replaced by rename (whose old
 * blocks would stay in the file system's free space, keys and all): an
 * update overwrites the older copy with generation g+1 and fsyncs, then
 * the other with g+2 and fsyncs.  A crash tears at most the copy being
 * written; the other one is whole, and the valid copy of the highest
 * generation is the one read.
 *
 * Version 1 (cases from before) was text, one record a line:
 *   recourse-keyslots\t1
 *   cipher\tsqlcipher\tpage-size=16384\tcompat=3
 *   slot\tLABEL\targon2id13\tOPS\tMEM\tCREATED\tSALT\tPK\tNONCE\tWRAPPED\tSEALED
 *   check\tBLAKE2B-256 of every byte above
 * It is still read; the first write converts it in place: copy B is
 * written past the old text (no version 1 file recourse wrote is longer
 * than 32768 bytes), then copy A over the old bytes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-int.h"

#define KS_MAGIC "recourse-keyslots" /* both formats begin with it */

static void slot_aad(const struct ks_slot *s, unsigned char *aad, size_t *len)
{
	size_t ll = strlen(s->label), o = 0;
	memcpy(aad, "recourse-slot-v1", 16);
	o = 16;
	aad[o++] = 0;
	memcpy(aad + o, s->label, ll);
	o += ll;
	aad[o++] = 0;
	memcpy(aad + o, s->pk, KS_PK_BYTES);
	o += KS_PK_BYTES;
	for (int i = 7; i >= 0; i--)
		aad[o++] = (unsigned char)(s->opslimit >> (8 * i));
	for (int i = 7; i >= 0; i--)
		aad[o++] = (unsigned char)((unsigned long long)s->memlimit >> (8 * i));
	*len = o;
}

#define AAD_MAX (16 + 1 + RC_LABEL_MAX + 1 + KS_PK_BYTES + 16)

static enum rc_status derive_kek(const struct ks_slot *s, const struct rc_secret *pass, unsigned char *kek)
{
	if (crypto_pwhash(kek, 32, (const char *)pass->data, pass->len, s->salt,
	                  s->opslimit, s->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return RC_NOMEM; /* libsodium fails only when it cannot get the memory */
	return RC_OK;
}

enum rc_status ks_slot_make(struct ks_slot *s, const char *label, const struct rc_secret *pass,
	const struct rc_kdf *kdf, const unsigned char key[RC_DATA_KEY_BYTES])
{
	memset(s, 0, sizeof *s);
	snprintf(s->label, sizeof s->label, "%s", label);
	s->opslimit = kdf->opslimit;
	s->memlimit = kdf->memlimit;
	rc_time_iso(rc_now(), s->created, sizeof s->created);
	randombytes_buf(s->salt, sizeof s->salt);
	randombytes_buf(s->nonce, sizeof s->nonce);

	unsigned char *sk = sodium_malloc(KS_SK_BYTES + 32);
	if (!sk)
		return RC_NOMEM;
	unsigned char *kek = sk + KS_SK_BYTES;
	crypto_box_keypair(s->pk, sk);
	enum rc_status st = derive_kek(s, pass, kek);
	if (st == RC_OK) {
		unsigned char aad[AAD_MAX];
		size_t aadlen;
		unsigned long long clen;
		slot_aad(s, aad, &aadlen);
		crypto_aead_xchacha20poly1305_ietf_encrypt(s->wrapped_sk, &clen, sk, KS_SK_BYTES,
			aad, aadlen, NULL, s->nonce, kek);
		crypto_box_seal(s->sealed_key, key, RC_DATA_KEY_BYTES, s->pk);
	}
	sodium_free(sk);
	return st;
}

enum rc_status ks_slot_reseal(struct ks_slot *s, const unsigned char key[RC_DATA_KEY_BYTES])
{
	return crypto_box_seal(s->sealed_key, key, RC_DATA_KEY_BYTES, s->pk) == 0 ? RC_OK : RC_ERR;
}

enum rc_status ks_slot_reseal_next(struct ks_slot *s, const unsigned char key[RC_DATA_KEY_BYTES])
{
	return crypto_box_seal(s->sealed_next, key, RC_DATA_KEY_BYTES, s->pk) == 0 ? RC_OK : RC_ERR;
}

enum rc_status ks_slot_open(const struct ks_slot *s, const struct rc_secret *pass,
	unsigned char key[RC_DATA_KEY_BYTES])
{
	unsigned char *sk = sodium_malloc(KS_SK_BYTES + 32 + KS_PK_BYTES);
	if (!sk)
		return RC_NOMEM;
	unsigned char *kek = sk + KS_SK_BYTES, *pk = kek + 32;
	enum rc_status st = derive_kek(s, pass, kek);
	if (st == RC_OK) {
		unsigned char aad[AAD_MAX];
		size_t aadlen;
		unsigned long long plen;
		slot_aad(s, aad, &aadlen);
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(sk, &plen, NULL, s->wrapped_sk,
		        KS_WRAPPED_BYTES, aad, aadlen, s->nonce, kek) != 0 || plen != KS_SK_BYTES)
			st = RC_BADPASS;
	}
	if (st == RC_OK) {
		crypto_scalarmult_base(pk, sk);
		if (sodium_memcmp(pk, s->pk, KS_PK_BYTES) != 0)
			st = RC_KEYSLOTS;
		else if (crypto_box_seal_open(key, s->sealed_key, KS_SEALED_BYTES, s->pk, sk) != 0)
			st = RC_KEYSLOTS; /* the passphrase was right: the seal is damaged */
	}
	sodium_free(sk);
	return st;
}

int ks_find(const struct keyslots *ks, const char *label)
{
	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(ks->slot[i].label, label) == 0)
			return (int)i;
	return -1;
}

/* ---- version 1: text ---- */

static void add_hex(struct rc_buf *b, const unsigned char *p, size_t n)
{
	char hex[2 * 128 + 1];
	rc_hex_encode(p, n, hex);
	rc_buf_addstr(b, "\t");
	rc_buf_addstr(b, hex);
}

enum rc_status ks_serialize_v1(const struct keyslots *ks, struct rc_buf *b)
{
	rc_buf_reset(b);
	rc_buf_printf(b, "%s\t%d\n", KS_MAGIC, 1);
	rc_buf_printf(b, "cipher\tsqlcipher\tpage-size=%d\tcompat=%d\n", ks->page_size, ks->compat);
	for (size_t i = 0; i < ks->n; i++) {
		const struct ks_slot *s = &ks->slot[i];
		rc_buf_printf(b, "slot\t%s\targon2id13\t%llu\t%zu\t%s", s->label, s->opslimit, s->memlimit, s->created);
		add_hex(b, s->salt, sizeof s->salt);
		add_hex(b, s->pk, sizeof s->pk);
		add_hex(b, s->nonce, sizeof s->nonce);
		add_hex(b, s->wrapped_sk, sizeof s->wrapped_sk);
		add_hex(b, s->sealed_key, sizeof s->sealed_key);
		rc_buf_addstr(b, "\n");
	}
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)b->data, b->len, NULL, 0);
	rc_buf_addstr(b, "check");
	add_hex(b, h, sizeof h);
	rc_buf_addstr(b, "\n");
	return RC_OK;
}

/* Split line into at most max tab-separated fields (in place). */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (char *p = line;;) {
		if (n == max)
			return max + 1;
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = 0;
		p = t + 1;
	}
	return n;
}

static bool parse_ull(const char *s, unsigned long long *out)
{
	if (!*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* Refuse parameters libsodium would reject or that would hang or exhaust
 * the machine: a damaged or hostile file must fail fast. */
static bool kdf_in_range(unsigned long long ops, unsigned long long mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= 64 && mem >= crypto_pwhash_MEMLIMIT_MIN &&
	       mem <= ((unsigned long long)4 << 30) && mem <= SIZE_MAX;
}

static bool parse_slot(char **f, struct ks_slot *s)
{
	unsigned long long mem;
	if (!rc_slot_label_valid(f[1]) || strcmp(f[2], "argon2id13") != 0)
		return false;
	snprintf(s->label, sizeof s->label, "%s", f[1]);
	if (!parse_ull(f[3], &s->opslimit) || !parse_ull(f[4], &mem) || !kdf_in_range(s->opslimit, mem))
		return false;
	s->memlimit = (size_t)mem;
	if (strlen(f[5]) >= sizeof s->created)
		return false;
	snprintf(s->created, sizeof s->created, "%s", f[5]);
	return rc_hex_decode(f[6], strlen(f[6]), s->salt, sizeof s->salt) &&
	       rc_hex_decode(f[7], strlen(f[7]), s->pk, sizeof s->pk) &&
	       rc_hex_decode(f[8], strlen(f[8]), s->nonce, sizeof s->nonce) &&
	       rc_hex_decode(f[9], strlen(f[9]), s->wrapped_sk, sizeof s->wrapped_sk) &&
	       rc_hex_decode(f[10], strlen(f[10]), s->sealed_key, sizeof s->sealed_key);
}

enum rc_status ks_parse_v1(const char *text, size_t len, struct keyslots *ks)
{
	memset(ks, 0, sizeof *ks);
	if (len == 0 || len > KS_FILE_MAX || memchr(text, 0, len))
		return RC_KEYSLOTS;
	/* The check line covers everything before it. */
	const char *check = NULL;
	for (const char *p = text; p < text + len;) {
		const char *nl = memchr(p, '\n', (size_t)(text + len - p));
		if (!nl)
			return RC_KEYSLOTS; /* truncated: every line ends in \n */
		if ((size_t)(nl - p) > 6 && memcmp(p, "check\t", 6) == 0) {
			if (nl + 1 != text + len)
				return RC_KEYSLOTS; /* the check line must be last */
			check = p;
		}
		p = nl + 1;
	}
	if (!check)
		return RC_KEYSLOTS;
	unsigned char want[32], got[32];
	if (!rc_hex_decode(check + 6, (size_t)(text + len - 1 - (check + 6)), want, sizeof want))
		return RC_KEYSLOTS;
	crypto_generichash(got, sizeof got, (const unsigned char *)text, (size_t)(check - text), NULL, 0);
	if (sodium_memcmp(want, got, sizeof got) != 0)
		return RC_KEYSLOTS;

	char *copy = rc_xstrndup(text, (size_t)(check - text));
	enum rc_status st = RC_OK;
	int lineno = 0;
	bool have_cipher = false;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line && st == RC_OK;
	     line = strtok_r(NULL, "\n", &save), lineno++) {
		char *f[12];
		size_t n = split_tabs(line, f, 11);
		if (lineno == 0) {
			unsigned long long v;
			if (n != 2 || strcmp(f[0], KS_MAGIC) != 0 || !parse_ull(f[1], &v))
				st = RC_KEYSLOTS;
			else if (v != 1)
				st = v > KS_VERSION ? RC_TOONEW : RC_KEYSLOTS; /* 2 is never text */
			else
				ks->version = (int)v;
		} else if (strcmp(f[0], "cipher") == 0 && n == 4 && !have_cipher) {
			unsigned long long ps = 0, cp = 0;
			if (strcmp(f[1], "sqlcipher") != 0 || strncmp(f[2], "page-size=", 10) != 0 ||
			    strncmp(f[3], "compat=", 7) != 0 || !parse_ull(f[2] + 10, &ps) ||
			    !parse_ull(f[3] + 7, &cp) || ps < 512 || ps > 65536 || (ps & (ps - 1)) ||
			    cp < 3 || cp > 4)
				st = RC_KEYSLOTS;
			ks->page_size = (int)ps;
			ks->compat = (int)cp;
			have_cipher = true;
		} else if (strcmp(f[0], "slot") == 0 && n == 11) {
			if (ks->n == KS_MAX_SLOTS || !parse_slot(f, &ks->slot[ks->n]) ||
			    ks_find(ks, ks->slot[ks->n].label) >= 0)
				st = RC_KEYSLOTS;
			else
				ks->n++;
		} else {
			st = RC_KEYSLOTS;
		}
	}
	sodium_memzero(copy, (size_t)(check - text));
	free(copy);
	if (st == RC_OK && (!have_cipher || ks->n == 0))
		st = RC_KEYSLOTS;
	if (st != RC_OK)
		sodium_memzero(ks, sizeof *ks);
	return st;
}

/* ---- format 2: one copy ---- */

#define HDR_BYTES 40
#define SUM_AT (KS_COPY_BYTES - 32)
#define SLOT_FIXED (1 + 8 + 8 + 1 + KS_SALT_BYTES + KS_PK_BYTES + KS_NONCE_BYTES + KS_WRAPPED_BYTES + \
	KS_SEALED_BYTES)

static const char magic2[18] = "recourse-keyslots"; /* and its NUL */

static void put_be(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (unsigned char)v;
		v >>= 8;
	}
}

static uint64_t get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static void copy_sum(const unsigned char *copy, unsigned char out[32])
{
	crypto_generichash(out, 32, copy, SUM_AT, NULL, 0);
}

void ks_encode_copy(const struct keyslots *ks, int kind, uint64_t gen, unsigned char *out)
{
	memset(out, 0, KS_COPY_BYTES);
	memcpy(out, magic2, sizeof magic2);
	put_be(out + 18, KS_VERSION, 2);
	out[20] = (unsigned char)kind;
	put_be(out + 24, gen, 8);
	size_t o = HDR_BYTES;
	if (kind == KS_KIND_KEYS) {
		put_be(out + 32, ks->flags, 4);
		put_be(out + o, (uint64_t)ks->page_size, 4);
		o += 4;
		out[o++] = (unsigned char)ks->compat;
		out[o++] = (unsigned char)ks->n;
		o += 2;
		for (size_t i = 0; i < ks->n; i++) {
			const struct ks_slot *s = &ks->slot[i];
			size_t ll = strnlen(s->label, RC_LABEL_MAX), cl = strnlen(s->created, sizeof s->created - 1);
			out[o++] = (unsigned char)ll;
			memcpy(out + o, s->label, ll);
			o += ll;
			out[o++] = 1; /* argon2id13 */
			put_be(out + o, s->opslimit, 8);
			o += 8;
			put_be(out + o, (uint64_t)s->memlimit, 8);
			o += 8;
			out[o++] = (unsigned char)cl;
			memcpy(out + o, s->created, cl);
			o += cl;
			memcpy(out + o, s->salt, KS_SALT_BYTES);
			o += KS_SALT_BYTES;
			memcpy(out + o, s->pk, KS_PK_BYTES);
			o += KS_PK_BYTES;
			memcpy(out + o, s->nonce, KS_NONCE_BYTES);
			o += KS_NONCE_BYTES;
			memcpy(out + o, s->wrapped_sk, KS_WRAPPED_BYTES);
			o += KS_WRAPPED_BYTES;
			memcpy(out + o, s->sealed_key, KS_SEALED_BYTES);
			o += KS_SEALED_BYTES;
			if (ks->flags & KS_FLAG_REKEY) {
				memcpy(out + o, s->sealed_next, KS_SEALED_BYTES);
				o += KS_SEALED_BYTES;
			}
		}
		put_be(out + 36, o - HDR_BYTES, 4);
	} else {
		/* an erase marker: nothing of the keys, random bytes */
		randombytes_buf(out + HDR_BYTES, SUM_AT - HDR_BYTES);
	}
	copy_sum(out, out + SUM_AT);
}

static bool all_zero(const unsigned char *p, size_t n)
{
	unsigned char acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

enum rc_status ks_decode_copy(const unsigned char *in, struct keyslots *ks, int *kind, uint64_t *gen)
{
	memset(ks, 0, sizeof *ks);
	*kind = 0;
	*gen = 0;
	unsigned char sum[32];
	if (memcmp(in, magic2, sizeof magic2) != 0)
		return RC_KEYSLOTS;
	copy_sum(in, sum);
	if (sodium_memcmp(sum, in + SUM_AT, 32) != 0)
		return RC_KEYSLOTS;
	uint64_t version = get_be(in + 18, 2);
	if (version > KS_VERSION)
		return RC_TOONEW;
	if (version != KS_VERSION || !all_zero(in + 21, 3))
		return RC_KEYSLOTS;
	*gen = get_be(in + 24, 8);
	if (in[20] == KS_KIND_ERASED) {
		*kind = KS_KIND_ERASED;
		return RC_OK;
	}
	if (in[20] != KS_KIND_KEYS || *gen == 0)
		return RC_KEYSLOTS;
	uint64_t flags = get_be(in + 32, 4), len = get_be(in + 36, 4);
	if ((flags & ~(uint64_t)KS_FLAGS_KNOWN) || len < 8 || len > SUM_AT - HDR_BYTES ||
	    !all_zero(in + HDR_BYTES + len, SUM_AT - HDR_BYTES - len))
		return RC_KEYSLOTS;
	ks->version = KS_VERSION;
	ks->flags = (uint32_t)flags;
	const unsigned char *p = in + HDR_BYTES, *end = p + len;
	uint64_t ps = get_be(p, 4);
	int compat = p[4];
	size_t n = p[5];
	if (ps < 512 || ps > 65536 || (ps & (ps - 1)) || compat < 3 || compat > 4 || n == 0 ||
	    n > KS_MAX_SLOTS || p[6] || p[7])
		return RC_KEYSLOTS;
	ks->page_size = (int)ps;
	ks->compat = compat;
	p += 8;
	enum rc_status st = RC_OK;
	size_t fixed = SLOT_FIXED + ((flags & KS_FLAG_REKEY) ? KS_SEALED_BYTES : 0);
	for (size_t i = 0; i < n && st == RC_OK; i++) {
		struct ks_slot *s = &ks->slot[i];
		size_t ll = (size_t)(end - p) >= 1 ? p[0] : 0;
		if ((size_t)(end - p) < 1 + ll + fixed || ll == 0 || ll > RC_LABEL_MAX) {
			st = RC_KEYSLOTS;
			break;
		}
		memcpy(s->label, p + 1, ll);
		s->label[ll] = 0;
		p += 1 + ll;
		if (strlen(s->label) != ll || !rc_slot_label_valid(s->label) || ks_find(ks, s->label) >= 0 ||
		    p[0] != 1) {
			st = RC_KEYSLOTS;
			break;
		}
		uint64_t ops = get_be(p + 1, 8), mem = get_be(p + 9, 8);
		size_t cl = p[17];
		p += 18;
		if (!kdf_in_range(ops, mem) || cl >= sizeof s->created || (size_t)(end - p) < cl + fixed - 18) {
			st = RC_KEYSLOTS;
			break;
		}
		s->opslimit = ops;
		s->memlimit = (size_t)mem;
		memcpy(s->created, p, cl);
		s->created[cl] = 0;
		if (strlen(s->created) != cl) {
			st = RC_KEYSLOTS;
			break;
		}
		p += cl;
		memcpy(s->salt, p, KS_SALT_BYTES);
		p += KS_SALT_BYTES;
		memcpy(s->pk, p, KS_PK_BYTES);
		p += KS_PK_BYTES;
		memcpy(s->nonce, p, KS_NONCE_BYTES);
		p += KS_NONCE_BYTES;
		memcpy(s->wrapped_sk, p, KS_WRAPPED_BYTES);
		p += KS_WRAPPED_BYTES;
		memcpy(s->sealed_key, p, KS_SEALED_BYTES);
		p += KS_SEALED_BYTES;
		if (flags & KS_FLAG_REKEY) {
			memcpy(s->sealed_next, p, KS_SEALED_BYTES);
			p += KS_SEALED_BYTES;
		}
		ks->n = i + 1;
	}
	if (st == RC_OK && p != end)
		st = RC_KEYSLOTS; /* the length says more than the slots hold */
	if (st != RC_OK) {
		sodium_memzero(ks, sizeof *ks);
		*kind = 0;
	} else {
		*kind = KS_KIND_KEYS;
	}
	return st;
}

/* ---- the whole file ---- */

static bool same_slots(const struct keyslots *a, const struct keyslots *b)
{
	return a->page_size == b->page_size && a->compat == b->compat && a->flags == b->flags &&
	       a->n == b->n && memcmp(a->slot, b->slot, a->n * sizeof a->slot[0]) == 0;
}

enum rc_status ks_parse(const void *data, size_t len, struct keyslots *ks, struct ks_state *stp)
{
	struct ks_state st0, *st = stp ? stp : &st0;
	memset(st, 0, sizeof *st);
	memset(ks, 0, sizeof *ks);
	st->size = len;
	const unsigned char *d = data;
	if (len > KS_FILE_MAX)
		return RC_KEYSLOTS;
	struct keyslots *copy = malloc(2 * sizeof *copy);
	if (!copy)
		return RC_NOMEM;
	bool toonew = false;
	for (int i = 0; i < 2; i++) {
		if (len < (size_t)(i + 1) * KS_COPY_BYTES)
			break;
		int kind;
		enum rc_status s = ks_decode_copy(d + (size_t)i * KS_COPY_BYTES, &copy[i], &kind, &st->gen[i]);
		if (s == RC_TOONEW)
			toonew = true;
		else if (s == RC_OK && kind == KS_KIND_ERASED)
			st->erased = true;
		else if (s == RC_OK)
			st->valid |= 1u << i;
	}
	enum rc_status ret;
	if (st->erased) {
		ret = RC_ERASED; /* one marker is enough: erase had begun */
		st->format = 2;
	} else if (toonew) {
		ret = RC_TOONEW;
	} else if (st->valid) {
		int w = st->valid == 3 ? (st->gen[1] > st->gen[0] ? 1 : 0) : st->valid == 2 ? 1 : 0;
		st->format = 2;
		st->winner = w;
		st->same = st->valid == 3 && same_slots(&copy[0], &copy[1]);
		*ks = copy[w];
		ret = RC_OK;
	} else if (len >= sizeof KS_MAGIC && memcmp(d, KS_MAGIC "\t", sizeof KS_MAGIC) == 0) {
		/* version 1, maybe with the first bytes of a conversion to
		 * format 2 after it (a crash while copy B was written): the
		 * text ends at the first NUL */
		const unsigned char *nul = memchr(d, 0, len);
		ret = ks_parse_v1((const char *)d, nul ? (size_t)(nul - d) : len, ks);
		if (ret == RC_OK)
			st->format = 1;
	} else {
		ret = RC_KEYSLOTS;
	}
	sodium_memzero(copy, 2 * sizeof *copy);
	free(copy);
	return ret;
}

/* ---- the file on disk ---- */

void store_step_kill(void)
{
	kill(getpid(), SIGKILL);
	_exit(137); /* not reached */
}

static bool step_wanted(const char *name)
{
#ifdef RC_TEST_HOOKS
	const char *want = getenv("RECOURSE_TEST_STOP");
	return want && strcmp(want, name) == 0;
#else
	(void)name;
	return false;
#endif
}

void store_step(const char *fmt, ...)
{
	char name[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	rc_log(RC_LOG_DEBUG, "step %s", name);
	if (step_wanted(name))
		store_step_kill();
}

bool store_step_torn(const char *fmt, ...)
{
	char name[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	return step_wanted(name);
}

static enum rc_status pwrite_all(int fd, const void *data, size_t len, off_t at)
{
	const unsigned char *p = data;
	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, at);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return rc_status_from_errno(errno);
		}
		if (n == 0)
			return RC_IO;
		p += n;
		len -= (size_t)n;
		at += n;
	}
	return RC_OK;
}

/* Reads up to cap bytes from the start; *got the number read. */
static enum rc_status pread_all(int fd, void *buf, size_t cap, size_t *got)
{
	unsigned char *p = buf;
	size_t n = 0;
	while (n < cap) {
		ssize_t r = pread(fd, p + n, cap - n, (off_t)n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return rc_status_from_errno(errno);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*got = n;
	return RC_OK;
}

static enum rc_status sync_fd(int fd)
{
	return fsync(fd) == 0 ? RC_OK : rc_status_from_errno(errno);
}

enum rc_status ks_read_fd(int fd, struct keyslots *ks, struct ks_state *st)
{
	if (st)
		memset(st, 0, sizeof *st);
	memset(ks, 0, sizeof *ks);
	unsigned char *buf = malloc(KS_FILE_MAX + 1);
	if (!buf)
		return RC_NOMEM;
	size_t n = 0;
	enum rc_status s = pread_all(fd, buf, KS_FILE_MAX + 1, &n);
	if (s == RC_OK)
		s = ks_parse(buf, n, ks, st);
	sodium_memzero(buf, KS_FILE_MAX + 1);
	free(buf);
	return s;
}

enum rc_status ks_load(const char *path, struct keyslots *ks)
{
	memset(ks, 0, sizeof *ks);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? RC_NOTFOUND : rc_status_from_errno(errno);
	enum rc_status st = ks_read_fd(fd, ks, NULL);
	close(fd);
	return st;
}

/* Write one copy (i: 0 A, 1 B) and fsync; the test hook can cut it in
 * the middle (half of it written) or stop right after it. */
static enum rc_status write_copy(int fd, int i, const unsigned char *copy, const char *step, int nth)
{
	if (store_step_torn("%s/torn%d", step, nth)) {
		pwrite_all(fd, copy, KS_COPY_BYTES / 2, (off_t)i * KS_COPY_BYTES);
		fsync(fd);
		store_step_kill();
	}
	enum rc_status st = pwrite_all(fd, copy, KS_COPY_BYTES, (off_t)i * KS_COPY_BYTES);
	if (st == RC_OK)
		st = sync_fd(fd);
	if (st == RC_OK)
		store_step("%s/%d", step, nth);
	return st;
}

/* Overwrite [from, size) of the file with random bytes, fsync, cut it at
 * from (a version 1 file longer than format 2, which no recourse wrote). */
static enum rc_status cut_tail(int fd, off_t from)
{
	struct stat sb;
	if (fstat(fd, &sb) != 0)
		return rc_status_from_errno(errno);
	if (sb.st_size <= from)
		return RC_OK;
	unsigned char junk[4096];
	enum rc_status st = RC_OK;
	for (off_t at = from; st == RC_OK && at < sb.st_size;) {
		size_t n = sb.st_size - at > (off_t)sizeof junk ? sizeof junk : (size_t)(sb.st_size - at);
		randombytes_buf(junk, n);
		st = pwrite_all(fd, junk, n, at);
		at += (off_t)n;
	}
	if (st == RC_OK)
		st = sync_fd(fd);
	if (st == RC_OK && ftruncate(fd, from) != 0)
		st = rc_status_from_errno(errno);
	if (st == RC_OK)
		st = sync_fd(fd);
	return st;
}

enum rc_status ks_write_fd(int fd, const struct keyslots *ks, const char *step)
{
	struct keyslots *cur = malloc(sizeof *cur);
	unsigned char *copy = malloc(KS_COPY_BYTES);
	if (!cur || !copy) {
		free(cur);
		free(copy);
		return RC_NOMEM;
	}
	struct ks_state s;
	enum rc_status st = ks_read_fd(fd, cur, &s);
	sodium_memzero(cur, sizeof *cur);
	free(cur);
	int first;
	uint64_t gen;
	if (st == RC_NOMEM || st == RC_IO || st == RC_NOSPACE || st == RC_TOONEW ||
	    (st == RC_KEYSLOTS && s.size > 0)) {
		/* never over a newer version's file, nor over one that could
		 * not be read (only a new, empty file is written blind) */
		free(copy);
		return st;
	}
	if (s.erased) {
		free(copy);
		return RC_ERASED; /* never keys again in a file erase has begun on */
	}
	if (s.format == 2 && s.valid) {
		/* the older copy (or the damaged one) first */
		first = 1 - s.winner;
		gen = s.gen[s.winner] + 1;
	} else if (s.size == 0) {
		first = 0; /* a new file */
		gen = 1;
	} else {
		/* version 1 (its text lies in copy A's bytes), or nothing valid
		 * at all: copy B first, so the old file stays readable until a
		 * whole copy of the new one is there */
		first = 1;
		gen = 1;
	}
	rc_log(RC_LOG_DEBUG, "keyslots: %s: writing copy %c (generation %llu), then %c%s", step,
		"AB"[first], (unsigned long long)gen, "AB"[1 - first],
		s.format == 1 ? " (converting a version 1 file)" : "");
	ks_encode_copy(ks, KS_KIND_KEYS, gen, copy);
	st = write_copy(fd, first, copy, step, 1);
	if (st == RC_OK) {
		ks_encode_copy(ks, KS_KIND_KEYS, gen + 1, copy);
		st = write_copy(fd, 1 - first, copy, step, 2);
	}
	if (st == RC_OK)
		st = cut_tail(fd, KS_FILE_BYTES);
	sodium_memzero(copy, KS_COPY_BYTES);
	free(copy);
	return st;
}

enum rc_status ks_mark_erased_fd(int fd, const char *step)
{
	unsigned char *copy = malloc(KS_COPY_BYTES);
	if (!copy)
		return RC_NOMEM;
	struct keyslots *cur = malloc(sizeof *cur);
	struct ks_state s;
	uint64_t gen = 1;
	if (cur && ks_read_fd(fd, cur, &s) != RC_NOMEM && (s.format == 2 || s.erased))
		gen = (s.gen[0] > s.gen[1] ? s.gen[0] : s.gen[1]) + 1;
	if (cur) {
		sodium_memzero(cur, sizeof *cur);
		free(cur);
	}
	/* B first: a version 1 file's text stays whole in A's bytes until a
	 * whole marker is in B. */
	enum rc_status st = RC_OK;
	for (int k = 0; k < 2 && st == RC_OK; k++) {
		ks_encode_copy(NULL, KS_KIND_ERASED, gen + (uint64_t)k, copy);
		st = write_copy(fd, 1 - k, copy, step, k + 1);
	}
	if (st == RC_OK)
		st = cut_tail(fd, KS_FILE_BYTES);
	free(copy);
	return st;
}

enum rc_status store_overwrite_fd(int fd)
{
	struct stat sb;
	if (fstat(fd, &sb) != 0)
		return rc_status_from_errno(errno);
	unsigned char junk[4096];
	enum rc_status st = RC_OK;
	for (off_t at = 0; st == RC_OK && at < sb.st_size;) {
		size_t n = sb.st_size - at > (off_t)sizeof junk ? sizeof junk : (size_t)(sb.st_size - at);
		randombytes_buf(junk, n);
		st = pwrite_all(fd, junk, n, at);
		at += (off_t)n;
	}
	if (st == RC_OK)
		st = sync_fd(fd);
	return st;
}

enum rc_status ks_wipe_fd(int fd)
{
	return store_overwrite_fd(fd);
}

void rc_kdf_default(struct rc_kdf *k)
{
	k->opslimit = 3;
	k->memlimit = (size_t)256 << 20;
}

bool rc_kdf_acceptable(const struct rc_kdf *k)
{
	return k->opslimit >= 3 && k->opslimit <= 64 && k->memlimit >= ((size_t)64 << 20) &&
	       k->memlimit <= ((size_t)4 << 30);
}
