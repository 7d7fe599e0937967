/* fuzz_oauth.c - what a registry's sign-in service sends (RFC 8628;
 * doc/registry-api.md, section 7): the device authorization answer and
 * the token endpoint's answers (rc_oauth_device_parse,
 * rc_oauth_token_parse), the first byte choosing which and the HTTP
 * status.  Traps when an accepted device answer lacks a device code, a
 * code to type, or has a verification URI that is not https; when a shown
 * text holds a control character or is over its cap; when a token is
 * accepted that is not printable ASCII; when an answer says "signed in"
 * without a token. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

static void shown(const char *s, size_t max)
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

static void vschar(const char *s)
{
	if (!s)
		return;
	if (!*s || strlen(s) > 8192)
		__builtin_trap();
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t how = data[0];
	data++, size--;
	if (how & 0x80) {
		struct rc_oauth_device d;
		if (rc_oauth_device_parse(data, size, &d) == RC_OK) {
			if (!d.device_code || !d.user_code || !d.verification_uri)
				__builtin_trap();
			if (strncmp(d.verification_uri, "https://", 8))
				__builtin_trap();
			if (d.verification_uri_complete && strncmp(d.verification_uri_complete, "https://", 8))
				__builtin_trap();
			if (d.interval < 1 || d.expires_in <= 0)
				__builtin_trap();
			vschar(d.device_code);
			shown(d.user_code, 64);
			shown(d.verification_uri, 2000);
			shown(d.verification_uri_complete, 2000);
		}
		rc_oauth_device_clear(&d);
		return 0;
	}
	static const long statuses[] = { 200, 400, 401, 201 };
	struct rc_oauth_token t;
	if (rc_oauth_token_parse(statuses[how & 3], data, size, &t) == RC_OK) {
		if (t.answer == RC_OAUTH_TOKEN && !t.access_token)
			__builtin_trap();
		if (t.answer != RC_OAUTH_TOKEN && t.access_token)
			__builtin_trap();
		vschar(t.access_token);
		vschar(t.refresh_token);
		shown(t.error, 500);
	}
	rc_oauth_token_clear(&t);
	return 0;
}
