/* fuzz_bundle.c - what a registry sends before anything is stored: a
 * searchset Bundle's envelope read as it streams (rc_bundle_env_*, in two
 * pieces split where the first byte says), and the discovery document
 * (rc_discovery_parse).  Traps when an accepted envelope is not a
 * searchset, when a next link or the withheld words are longer than their
 * caps or hold a control character, or when an accepted discovery
 * document's access log is on another origin or its signing certificate
 * is not one re-encoded certificate. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t how = data[0];
	data++, size--;
	if (how & 0x80) {
		struct rc_discovery d;
		if (rc_discovery_parse("https://r.example", data, size, &d) == RC_OK) {
			if (!d.fhir_base || !rc_net_same_origin("https://r.example", d.fhir_base))
				__builtin_trap();
			no_controls(d.registry, 200);
			/* a signing certificate only as one re-encoded certificate */
			if (d.signing_cert && (strncmp(d.signing_cert, "-----BEGIN CERTIFICATE-----\n", 28)
			                       || d.signing_cert_bad))
				__builtin_trap();
			rc_discovery_clear(&d);
		}
		return 0;
	}
	struct rc_bundle_env *e = rc_bundle_env_new();
	if (!e)
		return 0;
	size_t cut = size ? (how * 7u) % (size + 1) : 0;
	enum rc_status st = rc_bundle_env_feed(e, data, cut);
	if (st == RC_OK)
		st = rc_bundle_env_feed(e, data + cut, size - cut);
	if (st == RC_OK)
		st = rc_bundle_env_finish(e);
	struct rc_bundle_info in;
	rc_bundle_env_info(e, &in);
	if (st == RC_OK) {
		if (!in.type || strcmp(in.type, "searchset"))
			__builtin_trap();
		if (in.next && strlen(in.next) > 8192)
			__builtin_trap();
		no_controls(in.withheld, 500);
		if (in.withheld && !in.suppressed)
			__builtin_trap();
	}
	rc_bundle_env_free(&e);
	return 0;
}
