/* test_base.c - text sanitizing, hex, atomic files, status table. */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>

#include "testutil.h"

static void test_sanitize_controls_and_bidi(void **state)
{
	(void)state;
	const char in[] = "Bundes\x1b[31mpolizei\xe2\x80\xae\x07 \xe2\x81\xa6X\t";
	char *out = rc_text_sanitize(in, sizeof in - 1, false);
	assert_string_equal(out, "Bundes[31mpolizei X");
	assert_false(rc_text_is_clean(in, sizeof in - 1));
	assert_true(rc_text_is_clean(out, strlen(out)));
	free(out);
}

static void test_sanitize_invalid_utf8(void **state)
{
	(void)state;
	/* overlong '/', lone continuation, surrogate, truncated sequence */
	const char in[] = "a\xc0\xaf" "b\x80" "c\xed\xa0\x80" "d\xe2\x82";
	char *out = rc_text_sanitize(in, sizeof in - 1, false);
	assert_true(rc_text_is_clean(out, strlen(out)));
	assert_non_null(strstr(out, "a\xef\xbf\xbd"));
	assert_non_null(strchr(out, 'd'));
	free(out);
	/* Arabic and Tigrinya text passes unchanged */
	const char ok[] = "\xd8\xa7\xd9\x84\xd8\xb4\xd8\xb1\xd8\xb7\xd8\xa9 \xe1\x88\x98\xe1\x8a\x95";
	out = rc_text_sanitize(ok, sizeof ok - 1, false);
	assert_string_equal(out, ok);
	free(out);
}

static void test_sanitize_newlines(void **state)
{
	(void)state;
	char *a = rc_text_sanitize("one\ntwo\r\n", 9, true);
	assert_string_equal(a, "one\ntwo");
	char *b = rc_text_sanitize("one\ntwo", 7, false);
	assert_string_equal(b, "onetwo");
	free(a);
	free(b);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(rc_text_width("abc"), 3);
	assert_int_equal(rc_text_width("\xe4\xb8\xad\xe6\x96\x87"), 4); /* two CJK: 2 columns each */
}

static void test_hex(void **state)
{
	(void)state;
	unsigned char in[3] = { 0x00, 0xab, 0xff }, out[3];
	char hex[7];
	rc_hex_encode(in, 3, hex);
	assert_string_equal(hex, "00abff");
	assert_true(rc_hex_decode("00ABff", 6, out, 3));
	assert_memory_equal(in, out, 3);
	assert_false(rc_hex_decode("00abf", 5, out, 3));
	assert_false(rc_hex_decode("00abfg", 6, out, 3));
}

static void test_atomic_write(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *p = rc_path_join(dir, "f");
	assert_int_equal(rc_file_write_atomic(p, "hello", 5, 0600), RC_OK);
	assert_int_equal(rc_file_write_atomic(p, "world!", 6, 0600), RC_OK);
	char *text;
	size_t len;
	assert_int_equal(rc_file_read_all(p, 100, &text, &len), RC_OK);
	assert_int_equal(len, 6);
	assert_string_equal(text, "world!");
	free(text);
	assert_int_equal(rc_file_read_all(p, 3, &text, &len), RC_INVALID);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char *missing = rc_path_join(dir, "nope");
	assert_int_equal(rc_file_read_all(missing, 100, &text, &len), RC_NOTFOUND);
	free(missing);
	free(p);
	tu_rmdir(dir);
}

static void test_status_table(void **state)
{
	(void)state;
	assert_int_equal(rc_status_exit(RC_OK), 0);
	assert_int_equal(rc_status_exit(RC_BADPASS), 3);
	assert_int_equal(rc_status_exit(RC_LOCKED), 7);
	assert_string_equal(rc_status_name(RC_JOURNAL), "JOURNAL");
	for (int i = 0; i < RC_STATUS_COUNT; i++)
		assert_true(strlen(rc_status_message((enum rc_status)i)) > 3);
}

static void test_secret(void **state)
{
	(void)state;
	struct rc_secret *s = tu_secret("ab\xc3\xa9");
	assert_int_equal(s->len, 4);
	rc_secret_pop_utf8(s); /* removes the two-byte é */
	assert_int_equal(s->len, 2);
	rc_secret_free(&s);
	assert_null(s);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	assert_int_equal(rc_base_init(), 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_controls_and_bidi),
		cmocka_unit_test(test_sanitize_invalid_utf8),
		cmocka_unit_test(test_sanitize_newlines),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
