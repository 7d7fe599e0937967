/* holidays_int.h - what deadline.c asks of a calendar inside its loops,
 * without looking the calendar up by name each time.  Internal to
 * src/core. */
#ifndef RECOURSE_HOLIDAYS_INT_H
#define RECOURSE_HOLIDAYS_INT_H

#include "core.h"

struct hcal;
/* NULL when the set has no calendar of that id. */
const struct hcal *rc_hcal_find(const struct rc_holidays *set, const char *id);
/* day: rc_ymd_to_days.  UNKNOWN outside the calendar's years. */
enum rc_answer rc_hcal_holiday(const struct hcal *c, int32_t day, bool count_observed,
	const char **name);
/* Whether the calendar has entries marked observed. */
bool rc_hcal_has_observed(const struct hcal *c);

#endif
