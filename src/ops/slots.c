/* slots.c - who can open a case: key slots, the data key, erasing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

#ifdef RC_TEST_HOOKS
static struct rc_kdf test_kdf;
static bool test_kdf_set;

void rc_op_test_kdf(const struct rc_kdf *k)
{
	test_kdf_set = k && rc_kdf_acceptable(k);
	if (test_kdf_set)
		test_kdf = *k;
}
#endif

void rc_op_kdf(struct rc_kdf *out)
{
	rc_kdf_default(out);
#ifdef RC_TEST_HOOKS
	if (test_kdf_set)
		*out = test_kdf;
#endif
}

static bool label_ok(const char *label)
{
	if (rc_slot_label_valid(label))
		return true;
	char *shown = rc_text_sanitize(label ? label : "", label ? strlen(label) : 0, false);
	/* TRANSLATORS: error detail; %s is the label given. */
	rc_error_set(_("\"%s\" cannot be a key slot label: use up to 64 printable characters, for example counsel:Lopez or office-recovery."), shown);
	free(shown);
	return false;
}

enum rc_status rc_op_slot_add(struct rc_case *c, const char *label, const struct rc_secret *pass)
{
	rc_error_clear();
	if (!label_ok(label))
		return RC_INVALID;
	struct rc_kdf kdf;
	rc_op_kdf(&kdf);
	return rc_case_slot_add(c, label, pass, &kdf);
}

enum rc_status rc_op_slot_remove(struct rc_case *c, const char *label)
{
	rc_error_clear();
	return rc_case_slot_remove(c, label);
}

enum rc_status rc_op_slot_passwd(struct rc_case *c, const char *label, const struct rc_secret *pass)
{
	rc_error_clear();
	struct rc_kdf kdf;
	rc_op_kdf(&kdf);
	return rc_case_slot_passwd(c, label, pass, &kdf);
}

enum rc_status rc_op_rekey(struct rc_case *c, rc_progress_fn progress, void *ud)
{
	rc_error_clear();
	return rc_case_rekey(c, progress, ud);
}

enum rc_status rc_op_erase(struct rc_case **c)
{
	rc_error_clear();
	return rc_case_erase(c);
}
