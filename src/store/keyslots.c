/* keyslots.c - the keyslots sidecar: the data key, wrapped once per
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
 * The file is text, one record a line, fields separated by tabs, with a
 * BLAKE2b check line at the end so that damage is told apart from a wrong
 * passphrase:
 *
 *   recourse-keyslots\t1
 *   cipher\tsqlcipher\tpage-size=16384\tcompat=3
 *   slot\tLABEL\targon2id13\tOPS\tMEM\tCREATED\tSALT\tPK\tNONCE\tWRAPPED\tSEALED
 *   check\tBLAKE2B-256 of every byte above
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

#define KS_MAGIC "recourse-keyslots"
#define KS_VERSION 1

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

/* ---- text form ---- */

static void add_hex(struct rc_buf *b, const unsigned char *p, size_t n)
{
	char hex[2 * 128 + 1];
	rc_hex_encode(p, n, hex);
	rc_buf_addstr(b, "\t");
	rc_buf_addstr(b, hex);
}

enum rc_status ks_serialize(const struct keyslots *ks, struct rc_buf *b)
{
	rc_buf_reset(b);
	rc_buf_printf(b, "%s\t%d\n", KS_MAGIC, KS_VERSION);
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

static bool parse_slot(char **f, struct ks_slot *s)
{
	unsigned long long mem;
	if (!rc_slot_label_valid(f[1]) || strcmp(f[2], "argon2id13") != 0)
		return false;
	snprintf(s->label, sizeof s->label, "%s", f[1]);
	if (!parse_ull(f[3], &s->opslimit) || !parse_ull(f[4], &mem) || mem > SIZE_MAX)
		return false;
	s->memlimit = (size_t)mem;
	/* Refuse parameters libsodium would reject or that would hang or
	 * exhaust the machine: a damaged or hostile file must fail fast. */
	if (s->opslimit < crypto_pwhash_OPSLIMIT_MIN || s->opslimit > 64 ||
	    s->memlimit < crypto_pwhash_MEMLIMIT_MIN || s->memlimit > ((size_t)4 << 30))
		return false;
	if (strlen(f[5]) >= sizeof s->created)
		return false;
	snprintf(s->created, sizeof s->created, "%s", f[5]);
	return rc_hex_decode(f[6], strlen(f[6]), s->salt, sizeof s->salt) &&
	       rc_hex_decode(f[7], strlen(f[7]), s->pk, sizeof s->pk) &&
	       rc_hex_decode(f[8], strlen(f[8]), s->nonce, sizeof s->nonce) &&
	       rc_hex_decode(f[9], strlen(f[9]), s->wrapped_sk, sizeof s->wrapped_sk) &&
	       rc_hex_decode(f[10], strlen(f[10]), s->sealed_key, sizeof s->sealed_key);
}

enum rc_status ks_parse(const char *text, size_t len, struct keyslots *ks)
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
			else if (v > KS_VERSION)
				st = RC_TOONEW;
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
	free(copy);
	if (st == RC_OK && (!have_cipher || ks->n == 0))
		st = RC_KEYSLOTS;
	return st;
}

enum rc_status ks_load(const char *path, struct keyslots *ks)
{
	char *text;
	size_t len;
	enum rc_status st = rc_file_read_all(path, KS_FILE_MAX, &text, &len);
	if (st == RC_INVALID)
		return RC_KEYSLOTS; /* larger than any real keyslots file */
	if (st != RC_OK)
		return st;
	st = ks_parse(text, len, ks);
	free(text);
	return st;
}

enum rc_status ks_save(const char *path, const struct keyslots *ks)
{
	struct rc_buf b;
	rc_buf_init(&b);
	ks_serialize(ks, &b);
	enum rc_status st = rc_file_write_atomic(path, b.data, b.len, 0600);
	rc_buf_free(&b);
	return st;
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

enum rc_status rc_case_slots(const char *path, struct rc_slot_info **slots, size_t *n)
{
	*slots = NULL;
	*n = 0;
	char *ksp = rc_path_join(path, "keyslots");
	struct keyslots ks;
	enum rc_status st = ks_load(ksp, &ks);
	free(ksp);
	if (st == RC_NOTFOUND)
		return RC_NOTCASE;
	if (st != RC_OK)
		return st;
	*slots = rc_xcalloc(ks.n, sizeof **slots);
	for (size_t i = 0; i < ks.n; i++) {
		snprintf((*slots)[i].label, sizeof (*slots)[i].label, "%s", ks.slot[i].label);
		(*slots)[i].opslimit = ks.slot[i].opslimit;
		(*slots)[i].memlimit = ks.slot[i].memlimit;
		snprintf((*slots)[i].created, sizeof (*slots)[i].created, "%s", ks.slot[i].created);
	}
	*n = ks.n;
	return RC_OK;
}
