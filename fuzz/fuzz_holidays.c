/* fuzz_holidays.c - the holiday calendar parser (rc_holidays_add_json;
 * offices add their own files), then the deadline rules on whatever it
 * accepted.  Traps when an accepted calendar answers inconsistently: a
 * listed date not a holiday, a date outside its years not unknown, a
 * deadline whose earliest date is after its latest, or the same calendar
 * accepted twice. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rc_holidays *set = NULL;
	if (rc_holidays_add_json(&set, (const char *)data, size) != RC_OK) {
		if (set)
			__builtin_trap();
		return 0;
	}
	const char *id = rc_holidays_id(set, 0);
	int from, to;
	if (!id || !rc_holidays_years(set, id, &from, &to) || from > to)
		__builtin_trap();
	/* every entry is a holiday (observed ones when asked), in order */
	struct rc_ymd d, prev = { 0, 0, 0 };
	const char *name;
	bool obs;
	for (size_t i = 0; rc_holidays_entry(set, id, i, &d, &name, &obs); i++) {
		if (rc_holidays_is_holiday(set, id, d, true, NULL) != RC_ANSWER_YES)
			__builtin_trap();
		if (i > 0 && rc_ymd_cmp(prev, d) >= 0)
			__builtin_trap();
		if (!name || d.y < from || d.y > to)
			__builtin_trap();
		prev = d;
	}
	if (from > RC_YMD_YEAR_MIN
		&& rc_holidays_is_holiday(set, id, (struct rc_ymd){ from - 1, 6, 1 }, true, NULL) != RC_ANSWER_UNKNOWN)
		__builtin_trap();
	/* deadlines under every rule from a few days of its years */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	for (int rule = 0; rule < RC_RULE_COUNT; rule++) {
		struct rc_ymd ev = { from + (int)(h % (unsigned)(to - from + 1)), 1 + (int)(h >> 8) % 12, 1 + (int)(h >> 12) % 28 };
		struct rc_pause p = { rc_ymd_add_days(ev, 2), rc_ymd_add_days(ev, 2 + (int)(h >> 20) % 9) };
		struct rc_deadline_query q = { .event = ev, .rule = (enum rc_rule)rule, .calendar = id,
			.period = { 1 + (int)(h >> 3) % 40, (enum rc_unit)((h >> 7) % RC_UNIT_COUNT) },
			.ext = { { 1 + (int)(h >> 5) % 3, (enum rc_unit)((h >> 11) % RC_UNIT_COUNT) } },
			.n_ext = (h >> 13) & 1, .whose = (enum rc_whose)((h >> 17) & 1) };
		if (rule == RC_RULE_UK_BEGINNING && (h & 4)) {
			q.pauses = &p;
			q.n_pauses = 1;
		}
		struct rc_deadline r;
		enum rc_status st = rc_deadline_compute(set, &q, &r);
		if (st == RC_OK) {
			if (rc_ymd_cmp(r.earliest, r.latest) > 0 || rc_ymd_cmp(r.due, r.earliest) < 0
				|| rc_ymd_cmp(r.due, r.latest) > 0 || rc_ymd_cmp(r.earliest, ev) < 0)
				__builtin_trap();
			free(rc_deadline_explain(&q, &r, "x"));
		} else if (st != RC_NOTFOUND) {
			__builtin_trap();
		}
		h = h * 16777619u + 1u;
	}
	/* the same calendar again is refused, the set unchanged */
	if (rc_holidays_add_json(&set, (const char *)data, size) != RC_INVALID || rc_holidays_count(set) != 1)
		__builtin_trap();
	rc_holidays_free(&set);
	return 0;
}
