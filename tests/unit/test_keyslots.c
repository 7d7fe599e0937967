/* test_keyslots.c - the keyslots file: round trip, wrong passphrase,
 * damage told apart from a wrong passphrase, label binding, reseal. */
#include "config.h"

#include "testutil.h"
#include "store-int.h"

static unsigned char key[RC_DATA_KEY_BYTES];

static void make_two(struct keyslots *ks)
{
	memset(ks, 0, sizeof *ks);
	ks->version = 1;
	ks->page_size = 16384;
	ks->compat = 3;
	struct rc_kdf k = tu_kdf();
	struct rc_secret *a = tu_secret("correct horse battery");
	struct rc_secret *b = tu_secret("counsel passphrase 2");
	assert_int_equal(ks_slot_make(&ks->slot[0], "applicant", a, &k, key), RC_OK);
	assert_int_equal(ks_slot_make(&ks->slot[1], "counsel:Maria Lopez", b, &k, key), RC_OK);
	ks->n = 2;
	rc_secret_free(&a);
	rc_secret_free(&b);
}

static void test_roundtrip(void **state)
{
	(void)state;
	struct keyslots ks, back;
	make_two(&ks);
	struct rc_buf b;
	rc_buf_init(&b);
	assert_int_equal(ks_serialize(&ks, &b), RC_OK);
	assert_int_equal(ks_parse(b.data, b.len, &back), RC_OK);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.slot[1].label, "counsel:Maria Lopez");
	assert_int_equal(back.page_size, 16384);
	unsigned char got[RC_DATA_KEY_BYTES];
	struct rc_secret *b2 = tu_secret("counsel passphrase 2");
	assert_int_equal(ks_slot_open(&back.slot[1], b2, got), RC_OK);
	assert_memory_equal(got, key, sizeof key);
	/* the other slot's passphrase does not open this one */
	struct rc_secret *a = tu_secret("correct horse battery");
	assert_int_equal(ks_slot_open(&back.slot[1], a, got), RC_BADPASS);
	assert_int_equal(ks_slot_open(&back.slot[0], a, got), RC_OK);
	rc_secret_free(&a);
	rc_secret_free(&b2);
	rc_buf_free(&b);
}

static void test_damage_detected(void **state)
{
	(void)state;
	struct keyslots ks, back;
	make_two(&ks);
	struct rc_buf b;
	rc_buf_init(&b);
	ks_serialize(&ks, &b);
	/* every single flipped byte, truncation and appended junk: KEYSLOTS */
	for (size_t i = 0; i < b.len; i += 7) {
		char saved = b.data[i];
		b.data[i] ^= 0x01;
		enum rc_status st = ks_parse(b.data, b.len, &back);
		assert_true(st == RC_KEYSLOTS || st == RC_TOONEW);
		b.data[i] = saved;
	}
	assert_int_equal(ks_parse(b.data, b.len - 10, &back), RC_KEYSLOTS);
	assert_int_equal(ks_parse(b.data, 0, &back), RC_KEYSLOTS);
	rc_buf_add(&b, "x\n", 2);
	assert_int_equal(ks_parse(b.data, b.len, &back), RC_KEYSLOTS);
	rc_buf_free(&b);
}

static void test_newer_version(void **state)
{
	(void)state;
	struct keyslots ks, back;
	make_two(&ks);
	struct rc_buf b, c;
	rc_buf_init(&b);
	rc_buf_init(&c);
	ks_serialize(&ks, &b);
	/* rewrite the version and re-checksum it: a file from the future */
	char *v = strstr(b.data, "\t1\n");
	v[1] = '9';
	char *check = strstr(b.data, "check\t");
	unsigned char h[32];
	char hex[65];
	crypto_generichash(h, 32, (unsigned char *)b.data, (size_t)(check - b.data), NULL, 0);
	rc_hex_encode(h, 32, hex);
	rc_buf_add(&c, b.data, (size_t)(check - b.data));
	rc_buf_printf(&c, "check\t%s\n", hex);
	assert_int_equal(ks_parse(c.data, c.len, &back), RC_TOONEW);
	rc_buf_free(&b);
	rc_buf_free(&c);
}

static void test_label_bound(void **state)
{
	(void)state;
	struct keyslots ks;
	make_two(&ks);
	/* renaming a slot (even with a valid checksum) breaks its AEAD */
	snprintf(ks.slot[0].label, sizeof ks.slot[0].label, "office-recovery");
	struct rc_secret *a = tu_secret("correct horse battery");
	unsigned char got[RC_DATA_KEY_BYTES];
	assert_int_equal(ks_slot_open(&ks.slot[0], a, got), RC_BADPASS);
	rc_secret_free(&a);
}

static void test_reseal(void **state)
{
	(void)state;
	struct keyslots ks;
	make_two(&ks);
	unsigned char nk[RC_DATA_KEY_BYTES], got[RC_DATA_KEY_BYTES];
	randombytes_buf(nk, sizeof nk);
	assert_int_equal(ks_slot_reseal(&ks.slot[1], nk), RC_OK);
	struct rc_secret *b = tu_secret("counsel passphrase 2");
	assert_int_equal(ks_slot_open(&ks.slot[1], b, got), RC_OK);
	assert_memory_equal(got, nk, sizeof nk);
	rc_secret_free(&b);
}

static void test_labels(void **state)
{
	(void)state;
	assert_true(rc_slot_label_valid("applicant"));
	assert_true(rc_slot_label_valid("counsel:Maria L\xc3\xb3pez"));
	assert_false(rc_slot_label_valid(""));
	assert_false(rc_slot_label_valid("a\tb"));
	assert_false(rc_slot_label_valid(" lead"));
	assert_false(rc_slot_label_valid("bidi\xe2\x80\xaeX"));
	struct rc_kdf k = { 2, (size_t)64 << 20 };
	assert_false(rc_kdf_acceptable(&k));
	k.opslimit = 3;
	k.memlimit = (size_t)32 << 20;
	assert_false(rc_kdf_acceptable(&k));
	rc_kdf_default(&k);
	assert_true(rc_kdf_acceptable(&k));
}

int main(void)
{
	assert_int_equal(rc_base_init(), 0);
	randombytes_buf(key, sizeof key);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_damage_detected),
		cmocka_unit_test(test_newer_version),
		cmocka_unit_test(test_label_bound),
		cmocka_unit_test(test_reseal),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
