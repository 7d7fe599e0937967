/* test_request.c - a request's states and moves, and its deadline under a
 * regime's rule (GDPR-like: one month, two more with notice and reasons;
 * a UK-like rule whose clock stops for a clarification). */
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

static struct rc_holidays *cals;

static void load_cal(const char *id)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/data/holidays/%s.json", getenv("top_srcdir"), id);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_int_equal(rc_holidays_add_json(&cals, buf, n), RC_OK);
}

static int setup(void **state)
{
	(void)state;
	load_cal("de");
	load_cal("uk-england-wales");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rc_holidays_free(&cals);
	return 0;
}

static struct rc_ymd ymd(const char *s)
{
	struct rc_ymd d;
	assert_true(rc_ymd_parse(s, &d));
	return d;
}

static void expect_day(struct rc_ymd got, const char *want)
{
	char b[RC_YMD_LEN];
	rc_ymd_format(got, b);
	assert_string_equal(b, want);
}

static void test_moves(void **state)
{
	(void)state;
	const char *why = NULL;
	assert_true(rc_request_move_allowed(RC_RS_DRAFT, RC_RS_FILED, NULL));
	assert_true(rc_request_move_allowed(RC_RS_FILED, RC_RS_EXTENDED, NULL));
	assert_true(rc_request_move_allowed(RC_RS_CLARIFICATION, RC_RS_ACKNOWLEDGED, NULL));
	assert_true(rc_request_move_allowed(RC_RS_ANSWERED, RC_RS_ESCALATED, NULL));
	assert_true(rc_request_move_allowed(RC_RS_ESCALATED, RC_RS_ANSWERED, NULL));
	assert_false(rc_request_move_allowed(RC_RS_FILED, RC_RS_DRAFT, &why));
	assert_non_null(strstr(why, "draft"));
	assert_false(rc_request_move_allowed(RC_RS_CLOSED, RC_RS_FILED, &why));
	assert_non_null(strstr(why, "closed"));
	assert_false(rc_request_move_allowed(RC_RS_DRAFT, RC_RS_ANSWERED, &why));
	assert_false(rc_request_move_allowed(RC_RS_ANSWERED, RC_RS_EXTENDED, &why));
	assert_false(rc_request_move_allowed(RC_RS_FILED, RC_RS_FILED, &why));
	/* every pair either allowed or refused with a reason */
	for (int a = 0; a < RC_RS_COUNT; a++)
		for (int b = 0; b < RC_RS_COUNT; b++) {
			why = NULL;
			if (!rc_request_move_allowed((enum rc_request_state)a, (enum rc_request_state)b, &why))
				assert_non_null(why);
		}
	enum rc_request_state s;
	assert_true(rc_request_state_parse("extended", &s));
	assert_int_equal(s, RC_RS_EXTENDED);
	assert_false(rc_request_state_parse("overdue", &s)); /* computed, not a state */
}

/* GDPR-like: one month (gdpr-12-3 counting, the controller's holidays),
 * two more with notice within one month. */
static struct rc_request_rule gdpr_rule(void)
{
	struct rc_request_rule r;
	memset(&r, 0, sizeof r);
	r.kind = RC_REQ_ERASURE;
	r.known = r.available = true;
	r.article = "Art. 17";
	r.instrument = "2016/679";
	r.answer.p = (struct rc_period){ 1, RC_UNIT_MONTHS };
	r.answer.article = "Art. 12(3)";
	r.answer.has_counting = true;
	r.answer.counting = RC_RULE_GDPR_12_3;
	r.answer.calendar = "controller";
	r.extension.p = (struct rc_period){ 2, RC_UNIT_MONTHS };
	r.notice.p = (struct rc_period){ 1, RC_UNIT_MONTHS };
	return r;
}

static void test_due_gdpr(void **state)
{
	(void)state;
	struct rc_request_rule r = gdpr_rule();
	struct rc_request_times t;
	memset(&t, 0, sizeof t);
	t.kind = RC_REQ_ERASURE;
	t.state = RC_RS_FILED;
	t.received = ymd("2025-03-10");
	struct rc_request_due d;
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-03-20"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_PENDING);
	expect_day(d.deadline.due, "2025-04-10");
	assert_int_equal(d.days_left, 21);
	char *e = rc_request_due_explain(&d);
	assert_non_null(strstr(e, "Due in 21 days"));
	assert_non_null(strstr(e, "Art. 12(3)"));
	free(e);
	/* overdue */
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-04-14"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_OVERDUE);
	assert_int_equal(d.days_left, -4);
	e = rc_request_due_explain(&d);
	assert_non_null(strstr(e, "Overdue by 4 days"));
	free(e);
	/* an extension told in time with reasons counts: 10 June */
	t.state = RC_RS_EXTENDED;
	t.extension_claimed = true;
	t.extension_notice = ymd("2025-04-02");
	t.extension_reasons = true;
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-04-14"), &d), RC_OK);
	assert_true(d.extension_counted);
	expect_day(d.deadline.due, "2025-06-10");
	assert_int_equal(d.state, RC_DUE_PENDING);
	/* told too late, or without reasons: it does not count, and says why */
	t.extension_notice = ymd("2025-04-25");
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-04-26"), &d), RC_OK);
	assert_false(d.extension_counted);
	assert_true(d.extension_unlawful);
	expect_day(d.deadline.due, "2025-04-10");
	e = rc_request_due_explain(&d);
	assert_non_null(strstr(e, "does not count"));
	free(e);
	t.extension_notice = ymd("2025-04-02");
	t.extension_reasons = false;
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-04-26"), &d), RC_OK);
	assert_true(d.extension_unlawful);
	/* a regime without extensions */
	r.extension.p.n = 0;
	t.extension_reasons = true;
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-04-26"), &d), RC_OK);
	assert_true(d.extension_unlawful);
	/* answered, draft or closed: nothing awaited */
	t.state = RC_RS_ANSWERED;
	t.answered = ymd("2025-04-01");
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-04-26"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_NONE);
}

static void test_due_unknown_never_guessed(void **state)
{
	(void)state;
	struct rc_request_rule r = gdpr_rule();
	struct rc_request_times t;
	memset(&t, 0, sizeof t);
	t.state = RC_RS_FILED;
	t.received = ymd("2025-03-10");
	struct rc_request_due d;
	/* a calendar the set lacks, or no controller calendar */
	assert_int_equal(rc_request_due(&r, cals, "xx", &t, ymd("2025-03-20"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_UNKNOWN);
	assert_int_equal(rc_request_due(&r, cals, NULL, &t, ymd("2025-03-20"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_UNKNOWN);
	/* a year beyond the calendar */
	t.received = ymd("2031-06-10");
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2031-06-20"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_UNKNOWN);
	char *e = rc_request_due_explain(&d);
	assert_non_null(strstr(e, "cannot be computed"));
	free(e);
	/* no rule, or a right the regime does not give */
	t.received = ymd("2025-03-10");
	assert_int_equal(rc_request_due(NULL, cals, "de", &t, ymd("2025-03-20"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_UNKNOWN);
	r.available = false;
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-03-20"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_UNKNOWN);
	/* a counting rule the file does not give: uncertain, said so */
	r = gdpr_rule();
	r.answer.has_counting = false;
	assert_int_equal(rc_request_due(&r, cals, "de", &t, ymd("2025-03-20"), &d), RC_OK);
	assert_true(d.uncertain);
	assert_non_null(d.rule_uncertain);
}

/* UK-like: one month beginning with receipt; the clock stops while a
 * clarification is awaited, and runs on from its arrival. */
static void test_due_clock_stops(void **state)
{
	(void)state;
	struct rc_request_rule r = gdpr_rule();
	r.answer.counting = RC_RULE_UK_BEGINNING;
	r.answer.calendar = "uk-england-wales";
	r.clock_stops = "while the controller waits for information it asked for";
	r.clock_stops_article = "Art. 12A";
	struct rc_request_times t;
	memset(&t, 0, sizeof t);
	t.state = RC_RS_ACKNOWLEDGED;
	t.received = ymd("2026-03-02");
	t.pauses[0] = (struct rc_pause){ ymd("2026-03-05"), ymd("2026-03-12") };
	t.n_pauses = 1;
	struct rc_request_due d;
	assert_int_equal(rc_request_due(&r, cals, NULL, &t, ymd("2026-03-20"), &d), RC_OK);
	/* the deadline helper's worked example: 10 April (9 April strictly) */
	expect_day(d.deadline.due, "2026-04-10");
	assert_true(d.uncertain);
	/* awaited still: paused */
	t.state = RC_RS_CLARIFICATION;
	t.pauses[0].received = (struct rc_ymd){ 0, 0, 0 };
	assert_int_equal(rc_request_due(&r, cals, NULL, &t, ymd("2026-03-20"), &d), RC_OK);
	assert_int_equal(d.state, RC_DUE_PAUSED);
	/* a regime whose clock does not stop ignores the pause */
	r.clock_stops = NULL;
	t.state = RC_RS_ACKNOWLEDGED;
	t.pauses[0].received = ymd("2026-03-12");
	assert_int_equal(rc_request_due(&r, cals, NULL, &t, ymd("2026-03-20"), &d), RC_OK);
	expect_day(d.deadline.due, "2026-04-02");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_due_gdpr),
		cmocka_unit_test(test_due_unknown_never_guessed),
		cmocka_unit_test(test_due_clock_stops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
