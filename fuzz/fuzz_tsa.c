/* fuzz_tsa.c - a time stamp authority's answer (RFC 3161), outside input:
 * the input is one flag byte, a nonce (8 bytes, big-endian), then the
 * answer, checked against fixed bytes ("recourse fuzz signature bytes\n")
 * by rc_tsa_reply_check (flag & 2: rc_tsa_token_check, a stamp read back
 * from a bag, a TimeStampResp or a bare token), with a fixed configured
 * TSA certificate when flag & 1 (fictional, made for this target; the
 * seed corpus holds answers it signed, made by openssl ts -reply, and a
 * rejection, a cut one, another nonce, other bytes, garbage).  OpenSSL
 * parses the DER; this target exercises what recourse does around it.
 * Traps when an accepted answer has a failure recorded, a time, serial,
 * fingerprint or name of the wrong shape or with a control character, or
 * when a refusal records no check or no reason. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

static const char tsa_cert[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBvDCCAWKgAwIBAgIBCTAKBggqhkjOPQQDAjArMSkwJwYDVQQDDCByZWNvdXJz\n"
	"ZSBmdXp6IFRTQSBDQSAoZmljdGlvbmFsKTAgFw0yNjEyMDcwMTE3MzhaGA8yMTI2\n"
	"MTExMzAxMTczOFowKDEmMCQGA1UEAwwdcmVjb3Vyc2UgZnV6eiBUU0EgKGZpY3Rp\n"
	"b25hbCkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQlNBluU57rv+avWK8rseH2\n"
	"8uIy5FV+jFmKxPS5zJr+dnPz5FiBErIm+mNN5ChjK2iijddIYWrfI+QW5jok0qNs\n"
	"o3gwdjAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIHgDAWBgNVHSUBAf8EDDAK\n"
	"BggrBgEFBQcDCDAdBgNVHQ4EFgQUWG42Fqh8UxqMJEBzCz0SxyXzdfQwHwYDVR0j\n"
	"BBgwFoAUIl8RYBAvKHm9JxCvIhIIlTtKWVYwCgYIKoZIzj0EAwIDSAAwRQIgY/ty\n"
	"GTC0D2kE6AvjZZqGJaZOdRxHLtTjbnaYxTnYlGcCIQD0lsk4ea7DEJE3BjbVvzjA\n"
	"dUSMFmGVT/tSFXYA34Ei6g==\n"
	"-----END CERTIFICATE-----\n"
	;

static const char data[] = "recourse fuzz signature bytes\n";

static void clean(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	if (size < 9)
		return 0;
	uint64_t nonce = 0;
	for (int i = 1; i < 9; i++)
		nonce = nonce << 8 | in[i];
	const char *cert = in[0] & 1 ? tsa_cert : NULL;
	struct rc_tsa_info info;
	unsigned char *token = NULL;
	size_t tlen = 0;
	enum rc_status st;
	if (in[0] & 2)
		st = rc_tsa_token_check(in + 9, size - 9, data, sizeof data - 1, cert, &info);
	else
		st = rc_tsa_reply_check(in + 9, size - 9, data, sizeof data - 1, nonce, cert, &info, &token, &tlen);
	clean(info.tsa_name, sizeof info.tsa_name - 1);
	clean(info.tsa_subject, sizeof info.tsa_subject - 1);
	clean(info.status_text, sizeof info.status_text - 1);
	clean(info.serial, sizeof info.serial - 1);
	clean(info.policy, sizeof info.policy - 1);
	if (st == RC_OK) {
		if (info.failed != RC_TSA_NONE || strlen(info.gen_time_text) != 20 || strlen(info.tsa_fp) != 95
		    || !info.serial[0] || !info.tsa_name[0])
			__builtin_trap();
		if (!(in[0] & 2) && (!token || !tlen))
			__builtin_trap();
	} else {
		if (st != RC_BADREG || info.failed == RC_TSA_NONE || !*rc_error_detail() || token)
			__builtin_trap();
	}
	free(token);
	return 0;
}
