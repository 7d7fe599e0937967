/* fuzz_bagit.c - the BagIt verifier's text parsers (src/bundle/bagit.c):
 * a bag comes from outside, so its manifests and bag-info.txt do.  The
 * first byte chooses: a payload manifest (SHA-256 or SHA-512), a tag
 * manifest, or bag-info.txt (with its Payload-Oxum).  Traps when an
 * accepted manifest gives a path that is not safe or not where it
 * belongs, when a refusal names no line, or when what was accepted,
 * written back in the canonical form, does not parse to the same. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bagit.h"

struct acc {
	struct rc_buf out;
	size_t n;
	size_t hexlen;
	bool payload;
};

static bool on_line(void *ctx, const char *path, const unsigned char *digest)
{
	struct acc *a = ctx;
	if (!rc_bag_path_ok(path) || a->payload != (strncmp(path, "data/", 5) == 0) || path[0] == '/')
		__builtin_trap();
	/* checked again here, apart from rc_bag_path_ok: no "." or ".." name */
	for (const char *s = path; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			__builtin_trap();
	}
	char hex[129];
	rc_hex_encode(digest, a->hexlen / 2, hex);
	rc_buf_printf(&a->out, "%s  %s\n", hex, path);
	a->n++;
	return true;
}

static bool on_field(void *ctx, const char *label, const char *value)
{
	struct acc *a = ctx;
	if (!*label || strchr(label, ':') || strchr(label, '\n') || strchr(value, '\n') || strchr(value, '\r'))
		__builtin_trap();
	if (!rc_text_is_clean(value, strlen(value)))
		__builtin_trap();
	if (!strcmp(label, "Payload-Oxum")) {
		uint64_t o, c;
		if (rc_bag_parse_oxum(value, &o, &c)) {
			char back[48];
			snprintf(back, sizeof back, "%llu.%llu", (unsigned long long)o, (unsigned long long)c);
			/* leading zeros aside, the numbers read are the ones written */
			uint64_t o2, c2;
			if (!rc_bag_parse_oxum(back, &o2, &c2) || o2 != o || c2 != c)
				__builtin_trap();
		}
	}
	rc_buf_printf(&a->out, "%s: %s\n", label, value);
	a->n++;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned which = data[0] % 4;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	struct acc a = { .hexlen = which == 1 ? 128 : 64, .payload = which < 2 };
	rc_buf_init(&a.out);
	unsigned bad = 0;
	bool ok;
	if (which < 3)
		ok = rc_bag_parse_manifest(text, len, a.hexlen, a.payload, on_line, &a, &bad);
	else
		ok = rc_bag_parse_info(text, len, on_field, &a, &bad);
	if (!ok && bad == 0)
		__builtin_trap();
	if (ok) {
		/* the canonical form parses to the same, and is a fixed point */
		struct acc b = a;
		rc_buf_init(&b.out);
		b.n = 0;
		const char *t = a.out.data ? a.out.data : "";
		bool ok2 = which < 3 ? rc_bag_parse_manifest(t, a.out.len, a.hexlen, a.payload, on_line, &b, &bad)
		                     : rc_bag_parse_info(t, a.out.len, on_field, &b, &bad);
		if (!ok2 || b.n != a.n || b.out.len != a.out.len || memcmp(b.out.data ? b.out.data : "", t, a.out.len) != 0)
			__builtin_trap();
		rc_buf_free(&b.out);
	}
	rc_buf_free(&a.out);
	return 0;
}
