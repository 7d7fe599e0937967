/* test_validate.c - core's typed validators: country codes against
 * Debian's iso-codes (when installed), lists, labels, request kinds. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

/* Every alpha_2 of iso-codes is known, and every code we know is one of
 * them (or XK). */
static void test_countries_match_iso_codes(void **state)
{
	(void)state;
	FILE *f = fopen(ISO_JSON, "r");
	if (!f) {
		/* reported as skipped, never as passed */
		skip();
	}
	char *text = NULL;
	size_t cap = 0, len = 0;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		text = rc_xrealloc(text, cap = len + n + 1);
		memcpy(text + len, buf, n);
		len += n;
	}
	fclose(f);
	text[len] = 0;
	size_t theirs = 0;
	for (char *p = text; (p = strstr(p, "\"alpha_2\": \"")) != NULL; p += 12) {
		char code[3] = { p[12], p[13], 0 };
		if (!rc_country_known(code)) {
			fprintf(stderr, "iso-codes has %s, we do not\n", code);
			fail();
		}
		theirs++;
	}
	const char *ours;
	size_t nours = rc_country_codes(&ours);
	for (size_t i = 0; i < nours; i++) {
		char key[24];
		snprintf(key, sizeof key, "\"alpha_2\": \"%c%c\"", ours[2 * i], ours[2 * i + 1]);
		if (!strstr(text, key) && strncmp(ours + 2 * i, "XK", 2) != 0) {
			fprintf(stderr, "we have %.2s, iso-codes does not\n", ours + 2 * i);
			fail();
		}
	}
	assert_int_equal(nours, theirs + 1); /* + XK */
	free(text);
}

static void test_country_parse(void **state)
{
	(void)state;
	char c[3];
	assert_true(rc_country_parse("er", c));
	assert_string_equal(c, "ER");
	assert_true(rc_country_parse(" sy ", c));
	assert_string_equal(c, "SY");
	assert_true(rc_country_parse("EL", c));
	assert_string_equal(c, "GR");
	assert_false(rc_country_parse("1x", c));
	assert_false(rc_country_parse("\x01x", c));
	assert_false(rc_country_parse("e", c));
	assert_false(rc_country_parse("eri", c));
	assert_false(rc_country_parse("QQ", c));
	assert_false(rc_country_parse("\xc3\x89R", c));
	assert_false(rc_country_parse(NULL, c));
}

static void test_labels(void **state)
{
	(void)state;
	assert_true(rc_case_label_valid("A-2025-014"));
	assert_false(rc_case_label_valid("Amina Yusuf"));
	assert_false(rc_case_label_valid(".hidden"));
	assert_false(rc_case_label_valid("-x"));
	assert_false(rc_case_label_valid(""));
	assert_true(rc_slot_label_valid("counsel:Lopez"));
	assert_false(rc_slot_label_valid(" applicant"));
	assert_false(rc_slot_label_valid("a\tb"));
	assert_false(rc_slot_label_valid("a\xe2\x80\xae" "b")); /* a bidi override */
}

static void test_request_kinds(void **state)
{
	(void)state;
	enum rc_request_kind k;
	assert_true(rc_request_kind_parse("erasure", &k));
	assert_int_equal(k, RC_REQ_ERASURE);
	assert_false(rc_request_kind_parse("deletion", &k));
	for (int i = 0; i < RC_REQ_KIND_COUNT; i++) {
		assert_true(rc_request_kind_parse(rc_request_kind_id((enum rc_request_kind)i), &k));
		assert_int_equal(k, i);
	}
	char *list = rc_request_kind_list();
	assert_non_null(strstr(list, "rectification"));
	free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countries_match_iso_codes),
		cmocka_unit_test(test_country_parse),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_request_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
