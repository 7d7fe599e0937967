/* journal_check.c - a case journal's hash chain, and a checkpoint of it,
 * checked from their texts (an evidence bundle's data/journal/journal.json
 * and checkpoint.json: outside input, read by bundle verify; fuzz/
 * fuzz_journal.c).  The hash of an entry is the store's (journal.c):
 *
 *   hash = SHA-256(prev_hash || seq (8 bytes, big-endian) || for each of
 *          at, slot, action, object: length (4 bytes, big-endian) || bytes)
 *
 * the first entry's prev_hash 32 zero bytes. */
#include "config.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
		                 (unsigned char)n };
	crypto_hash_sha256_update(h, len, 4);
	if (n)
		crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

void rc_journal_entry_hash(const unsigned char prev[32], int64_t seq, const char *at, const char *slot,
	const char *action, const char *object, unsigned char out[32])
{
	crypto_hash_sha256_state h;
	unsigned char s[8];
	for (int i = 0; i < 8; i++)
		s[i] = (unsigned char)((uint64_t)seq >> (56 - 8 * i));
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, prev, 32);
	crypto_hash_sha256_update(&h, s, 8);
	hash_field(&h, at);
	hash_field(&h, slot);
	hash_field(&h, action);
	hash_field(&h, object);
	crypto_hash_sha256_final(&h, out);
}

static bool hex32(const char *s, unsigned char out[32])
{
	size_t bin = 0;
	return s && strlen(s) == 64 && sodium_hex2bin(out, 32, s, 64, NULL, &bin, NULL) == 0 && bin == 32;
}

void rc_journal_check_texts(const char *journal, size_t jn, const char *checkpoint, size_t cn,
	struct rc_journal_check *out)
{
	memset(out, 0, sizeof *out);
	json_error_t err;
	json_t *doc = journal ? json_loadb(journal, jn, JSON_REJECT_DUPLICATES, &err) : NULL;
	json_t *entries = json_is_object(doc) ? json_object_get(doc, "entries") : NULL;
	if (json_is_array(entries)) {
		out->journal_read = true;
		unsigned char prev[32] = { 0 }, h[32], want[32];
		size_t n = json_array_size(entries);
		out->chain_ok = true;
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(entries, i);
			json_t *jseq = json_object_get(e, "seq");
			int64_t seq = json_is_integer(jseq) ? (int64_t)json_integer_value(jseq) : -1;
			const char *at = json_string_value(json_object_get(e, "at"));
			const char *slot = json_string_value(json_object_get(e, "slot"));
			const char *action = json_string_value(json_object_get(e, "action"));
			const char *object = json_string_value(json_object_get(e, "object"));
			const char *hash = json_string_value(json_object_get(e, "hash"));
			bool ok = seq == (int64_t)i + 1 && at && slot && action && object && hex32(hash, want);
			if (ok) {
				rc_journal_entry_hash(prev, seq, at, slot, action, object, h);
				ok = sodium_memcmp(h, want, 32) == 0;
			}
			if (!ok) {
				out->chain_ok = false;
				out->broken_at = (int64_t)i + 1;
				break;
			}
			memcpy(prev, h, 32);
			out->entries = seq;
			snprintf(out->last_hash, sizeof out->last_hash, "%s", hash);
		}
	}
	json_decref(doc);
	json_t *cp = checkpoint ? json_loadb(checkpoint, cn, JSON_REJECT_DUPLICATES, &err) : NULL;
	json_t *jseq = json_is_object(cp) ? json_object_get(cp, "seq") : NULL;
	const char *head = json_is_object(cp) ? json_string_value(json_object_get(cp, "head")) : NULL;
	unsigned char hb[32];
	if (json_is_integer(jseq) && hex32(head, hb)) {
		out->checkpoint_read = true;
		out->checkpoint_seq = (int64_t)json_integer_value(jseq);
		snprintf(out->checkpoint_head, sizeof out->checkpoint_head, "%s", head);
		out->checkpoint_ok = out->chain_ok && out->checkpoint_seq == out->entries &&
		                     !strcmp(out->checkpoint_head, out->last_hash);
	}
	json_decref(cp);
}
