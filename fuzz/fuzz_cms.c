/* fuzz_cms.c - a signed export's signature as a registry sends it: the
 * input is a content length (2 bytes, big-endian, taken modulo what is
 * left), the content, then the DER signature, checked by rc_cms_verify
 * against a fixed certificate (fictional, made for this target; the seed
 * corpus holds a valid signature of it).  OpenSSL parses the CMS; this
 * target exercises what recourse does around it.  Traps when a verified
 * pair has no checks' record (failed), a fingerprint, digest or signing
 * time of the wrong shape or with a control character, or when a refusal
 * says no check or no reason.  The same pair is then checked as a
 * bundle's signature (rc_cms_check_bag: by the certificate it carries). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

static const char cert[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBsDCCAVegAwIBAgIULUf6grH4crIpYLS/CBB+UrMjh64wCgYIKoZIzj0EAwIw\n"
	"LTErMCkGA1UEAwwicmVjb3Vyc2UgZnV6eiByZWdpc3RyeSAoZmljdGlvbmFsKTAg\n"
	"Fw0yNjEyMDYyMTUxNTZaGA8yMTI2MTExMjIxNTE1NlowLTErMCkGA1UEAwwicmVj\n"
	"b3Vyc2UgZnV6eiByZWdpc3RyeSAoZmljdGlvbmFsKTBZMBMGByqGSM49AgEGCCqG\n"
	"SM49AwEHA0IABAHcZHri0BAVNEiaukkje5vyXJRd9djBKKk9Hx4uSS/cYDa8OlRq\n"
	"Juqs5rdwcbRmaO4lJhcV8vlScGq98q8gDoejUzBRMB0GA1UdDgQWBBT5Va+dc+P+\n"
	"WnP8M4gBs3gxT1e9ATAfBgNVHSMEGDAWgBT5Va+dc+P+WnP8M4gBs3gxT1e9ATAP\n"
	"BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCICRGH8lYo8a/HQq+xXAD\n"
	"VKizjdi30qAvHQQXPR+nyL9cAiA6m9pNDjvf06ECYXJcM+D54tR0JzGRb8GrCi3P\n"
	"HRPq4g==\n"
	"-----END CERTIFICATE-----\n"
	;

static void clean(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t len = ((size_t)data[0] << 8 | data[1]) % (size - 1);
	const uint8_t *content = data + 2, *sig = content + len;
	size_t sn = size - 2 - len;
	struct rc_cms_info info;
	enum rc_cms_check failed;
	enum rc_status st = rc_cms_verify(content, len, sig, sn, cert, &info, &failed);
	if (strlen(info.sha256) != 64 || strlen(info.signer_fp) != 95)
		__builtin_trap();
	clean(info.signer_subject, sizeof info.signer_subject - 1);
	if (st == RC_OK) {
		if (failed != RC_CMS_NONE)
			__builtin_trap();
		if (info.signed_at[0] && strlen(info.signed_at) != 20)
			__builtin_trap();
		clean(info.signed_at, 20);
	} else {
		if (st != RC_BADREG || failed == RC_CMS_NONE || !*rc_error_detail())
			__builtin_trap();
	}
	/* the same pair as a bundle's signature, checked by the certificate
	 * it carries (src/net/sign.c: bundle verify reads it from any bag) */
	struct rc_bag_sig_info bi;
	memset(&bi, 0, sizeof bi);
	rc_error_clear();
	st = rc_cms_check_bag(content, len, sig, sn, &bi, &failed);
	clean(bi.signer_subject, sizeof bi.signer_subject - 1);
	clean(bi.signer_issuer, sizeof bi.signer_issuer - 1);
	clean(bi.signed_at, sizeof bi.signed_at - 1);
	if (st == RC_OK) {
		if (failed != RC_CMS_NONE || strlen(bi.signer_fp) != 95 || strlen(bi.sha256) != 64)
			__builtin_trap();
	} else if (failed == RC_CMS_NONE || !*rc_error_detail()) {
		__builtin_trap();
	}
	return 0;
}
