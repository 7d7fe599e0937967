/* bagit-tool.c - for tests/unit/bagit-tools.sh only (never installed):
 *   bagit-tool write PATH [dir|tar|zip]
 *                           a bag at PATH (a folder unless told), from
 *                           synthetic files (one of 1 MB streamed)
 *   bagit-tool verify PATH  one line per finding, "KIND PATH"; exit 0 when
 *                           the bag is valid, 1 when not, 2 on an error */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bagit.h"

#define BIG ((size_t)1 << 20)

static enum rc_status stream(void *ctx, unsigned char *buf, size_t cap, size_t *got)
{
	size_t *done = ctx, n = BIG - *done;
	if (n > cap)
		n = cap;
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)((*done + i) * 131 >> 3);
	*done += n;
	*got = n;
	return RC_OK;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (rc_base_init() != 0 || argc < 3 || argc > 4)
		return 2;
	if (!strcmp(argv[1], "write")) {
		size_t done = 0;
		static const char json[] = "{\"resourceType\":\"AuditEvent\",\"id\":\"synthetic-1\"}\n";
		struct rc_bag_entry e[] = {
			{ .path = "log/access.json", .data = json, .len = sizeof json - 1 },
			{ .path = "docs/stream.bin", .len = BIG, .read = stream, .ctx = &done },
			{ .path = "empty.txt", .len = 0 },
		};
		struct rc_bag_field f[] = {
			{ "Source-Organization", "Example Legal Aid (synthetic)" },
			{ "External-Identifier", "case-0001" },
			{ "Bagging-Date", "2026-12-06" },
			{ "External-Description", "A synthetic bag written by tests/unit/bagit-tool to be checked "
			                          "with sha256sum, sha512sum and, when installed, the Library of "
			                          "Congress's bagit validator." },
		};
		enum rc_bag_format fmt = RC_BAG_DIR;
		if (argc == 4)
			fmt = !strcmp(argv[3], "tar") ? RC_BAG_TAR : !strcmp(argv[3], "zip") ? RC_BAG_ZIP : RC_BAG_DIR;
		struct rc_bag_writer *w;
		enum rc_status st = rc_bag_writer_new(&w, argv[2], fmt);
		if (st == RC_OK)
			st = rc_bag_write(w, e, 3, f, 4);
		if (st == RC_OK)
			st = rc_bag_write_unlisted(w, "signature/tagmanifest-sha256.txt.p7s", "not a signature", 15);
		if (st == RC_OK)
			st = rc_bag_commit(w);
		rc_bag_writer_free(&w);
		if (st != RC_OK)
			fprintf(stderr, "%s %s\n", rc_status_message(st), rc_error_detail());
		return st == RC_OK ? 0 : 2;
	}
	if (!strcmp(argv[1], "verify")) {
		struct rc_bag_report r;
		if (rc_bag_verify(argv[2], &r) != RC_OK)
			return 2;
		for (size_t i = 0; i < r.n; i++)
			printf("%s %s\n", rc_bag_kind_name(r.v[i].kind), r.v[i].path);
		int rc = r.valid ? 0 : 1;
		rc_bag_report_free(&r);
		return rc;
	}
	return 2;
}
