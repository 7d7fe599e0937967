/* fuzz_remote_status.c - what a registry says of a request submitted
 * online (doc/registry-api.md, sections 4 and 5), before anything is
 * stored: the CapabilityStatement's correction operation, the
 * Communication the operation returns, a Task and its _history, DRP's
 * pairing answer and Exercise Status (src/net/remote.c).  The first byte
 * chooses the parser.  Traps when an accepted answer gives a text longer
 * than its cap or holding a control character, an id or operation name
 * that could not go into a URL path as it is, a Task businessStatus or a
 * DRP status outside the tables, or a date that does not start YYYY-MM-DD. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

static void no_controls(const char *s, size_t max)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (n > max)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			__builtin_trap();
}

static void path_safe(const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (!n || n > 64 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._") != n)
		__builtin_trap();
}

static void date_like(const char *s)
{
	if (!s)
		return;
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		__builtin_trap();
	no_controls(s, 40);
}

static void one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return;
	__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t how = data[0] % 6;
	data++, size--;
	struct rc_remote_status s;
	char *x = NULL;
	switch (how) {
	case 0:
		if (rc_remote_correction_op(data, size, &x) == RC_OK)
			path_safe(x);
		break;
	case 1:
		if (rc_remote_communication(data, size, &x) == RC_OK)
			path_safe(x);
		break;
	case 2:
		if (rc_remote_task(data, size, &s) == RC_OK) {
			static const char *const codes[] = { "queued", "in-review", "waiting-for-information",
				"requester-cancelled", "accepted", "partial-accept", "amendment-completed", "denied",
				"disagreement-logged", "completed" };
			if (!s.status)
				__builtin_trap();
			if (s.code)
				one_of(s.code, codes, sizeof codes / sizeof *codes);
			path_safe(s.id);
			no_controls(s.reason, 1000);
			date_like(s.modified);
			rc_remote_status_clear(&s);
		}
		break;
	case 3: {
		static const char *const codes[] = { "accepted", "partial-accept", "denied" };
		if (rc_remote_task_history(data, size, codes, 3, &x) == RC_OK)
			date_like(x);
		break;
	}
	case 4:
		if (rc_remote_drp_pairing(data, size, &x) == RC_OK)
			no_controls(x, 4096);
		break;
	default:
		if (rc_remote_drp_status(data, size, &s) == RC_OK) {
			static const char *const st[] = { "open", "in_progress", "fulfilled", "denied", "revoked",
				"expired" };
			one_of(s.status, st, sizeof st / sizeof *st);
			path_safe(s.id);
			no_controls(s.code, 80);
			no_controls(s.reason, 1000);
			no_controls(s.results_url, 1000);
			date_like(s.received_at);
			date_like(s.expected_by);
			rc_remote_status_clear(&s);
		}
		break;
	}
	free(x);
	return 0;
}
