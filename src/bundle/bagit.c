/* bagit.c - what writing and verifying a bag share: the rule for safe
 * names, the kinds of finding and their words, and the strict parsers of
 * manifests and bag-info.txt (the verifier reads them from outside;
 * fuzz/fuzz_bagit.c).  No file I/O here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bagit-int.h"

/* A safe name: [A-Za-z0-9._-] names joined by "/", none empty, "." or
 * "..".  Enough for `sha256sum -c` (no blanks, no backslash, no newline)
 * and for every file system and archive format we write. */
bool rc_bag_path_ok(const char *path)
{
	if (!path || !*path)
		return false;
	size_t len = strlen(path);
	if (len > RC_BAG_PATH_MAX)
		return false;
	const char *seg = path;
	for (const char *p = path;; p++) {
		char c = *p;
		if (c == '/' || c == '\0') {
			size_t sl = (size_t)(p - seg);
			if (sl == 0)
				return false; /* leading "/", "//" or trailing "/" */
			if ((sl == 1 && seg[0] == '.') || (sl == 2 && seg[0] == '.' && seg[1] == '.'))
				return false;
			if (c == '\0')
				return true;
			seg = p + 1;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
}

bool rc_bag_is_tag_name(const char *path)
{
	if (!strcmp(path, "bagit.txt") || !strcmp(path, "bag-info.txt") || !strcmp(path, "fetch.txt"))
		return true;
	size_t len = strlen(path);
	if (len < 4 || strcmp(path + len - 4, ".txt") != 0 || strchr(path, '/'))
		return false;
	return !strncmp(path, "manifest-", 9) || !strncmp(path, "tagmanifest-", 12);
}

/* ------------------------------------------------------------------ */

const char *rc_bag_kind_name(enum rc_bag_kind k)
{
	static const char *const names[] = {
#define RC_BAG_KIND_STR(name, str) str,
		RC_BAG_KIND_INFO(RC_BAG_KIND_STR)
#undef RC_BAG_KIND_STR
	};
	return (unsigned)k < RC_BAG_KIND_COUNT ? names[k] : "?";
}

const char *rc_bag_kind_text(enum rc_bag_kind k)
{
	switch (k) {
	case RC_BAG_OK:
		/* TRANSLATORS: a bag (evidence bundle) check; the file's name follows. */
		return _("Unchanged: the file matches its checksums.");
	case RC_BAG_ALTERED:
		/* TRANSLATORS: a bag (evidence bundle) check; the file's name follows. */
		return _("Altered: this file was changed after the bundle was made.");
	case RC_BAG_ADDED:
		/* TRANSLATORS: a bag (evidence bundle) check; the file's name follows. */
		return _("Added: this file was not in the bundle when it was made.");
	case RC_BAG_REMOVED:
		/* TRANSLATORS: a bag (evidence bundle) check; the file's name follows. */
		return _("Removed: this file of the bundle is missing.");
	case RC_BAG_BAD_MANIFEST:
		/* TRANSLATORS: a bag check: a list of checksums (manifest) has a line that cannot be read; the file's name and the line number follow. */
		return _("Damaged list of checksums: a line cannot be read.");
	case RC_BAG_BAD_INFO:
		/* TRANSLATORS: a bag check: bag-info.txt, the bundle's description, has a line that cannot be read; the line number follows. */
		return _("Damaged bundle description: a line cannot be read.");
	case RC_BAG_BAD_OXUM:
		/* TRANSLATORS: a bag check: "Payload-Oxum" is the number of files and bytes recorded when the bundle was made; keep the name. */
		return _("The number of files or bytes differs from the one recorded (Payload-Oxum).");
	case RC_BAG_BAD_PATH:
		/* TRANSLATORS: a bag check: a file name that could write outside the bundle (such as "../x"), a link, or a name given twice; the name follows. */
		return _("Unsafe name: refused, nothing was read or written with it.");
	case RC_BAG_NOT_A_BAG:
		/* TRANSLATORS: a bag check: the folder or file is not a BagIt bag (bagit.txt or the checksum lists are missing or wrong). */
		return _("This is not an evidence bundle (BagIt bag).");
	case RC_BAG_TRUNCATED:
		/* TRANSLATORS: a bag check: a .tar or .zip file ends too early or is damaged. */
		return _("The archive is cut short or damaged: it cannot be read to its end.");
	case RC_BAG_UNREADABLE:
		/* TRANSLATORS: a bag check: a file of the bundle could not be read (a read error, a drive removed); the name follows. */
		return _("This file could not be read.");
	case RC_BAG_KIND_COUNT:
		break;
	}
	return "?";
}

/* ------------------------------------------------------------------ */
/* Parsers. */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The next line of text[*pos..len): its bytes without the LF or CRLF.
 * False at the end.  A lone CR or a NUL makes *bad true. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *ll, bool *bad)
{
	if (*pos >= len)
		return false;
	const char *s = text + *pos;
	const char *nl = memchr(s, '\n', len - *pos);
	size_t n = nl ? (size_t)(nl - s) : len - *pos;
	*pos += n + (nl ? 1 : 0);
	if (n > 0 && s[n - 1] == '\r')
		n--;
	*line = s;
	*ll = n;
	*bad = memchr(s, '\r', n) != NULL || memchr(s, '\0', n) != NULL;
	return true;
}

bool rc_bag_parse_manifest(const char *text, size_t len, size_t hexlen, bool payload,
                           rc_bag_manifest_fn fn, void *ctx, unsigned *bad_line)
{
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t ll;
	bool bad;
	struct rc_strset seen = { 0 };
	unsigned char digest[64];
	char path[RC_BAG_PATH_MAX + 1];
	*bad_line = 0;
	if (hexlen == 0 || hexlen > 128 || hexlen % 2)
		return false;
	while (next_line(text, len, &pos, &line, &ll, &bad)) {
		lineno++;
		if (bad || ll < hexlen + 3 || line[hexlen] != ' ' || line[hexlen + 1] != ' ')
			goto fail;
		for (size_t i = 0; i < hexlen; i += 2) {
			int hi = hexval(line[i]), lo = hexval(line[i + 1]);
			if (hi < 0 || lo < 0)
				goto fail;
			digest[i / 2] = (unsigned char)(hi << 4 | lo);
		}
		size_t pl = ll - hexlen - 2;
		if (pl > RC_BAG_PATH_MAX)
			goto fail;
		memcpy(path, line + hexlen + 2, pl);
		path[pl] = '\0';
		if (!rc_bag_path_ok(path))
			goto fail;
		if (payload != (strncmp(path, "data/", 5) == 0))
			goto fail;
		if (!rc_strset_add(&seen, path))
			goto fail; /* listed twice */
		if (!fn(ctx, path, digest))
			goto fail;
	}
	rc_strset_free(&seen);
	return true;
fail:
	*bad_line = lineno;
	rc_strset_free(&seen);
	return false;
}

bool rc_bag_parse_info(const char *text, size_t len, rc_bag_info_fn fn, void *ctx, unsigned *bad_line)
{
	size_t pos = 0;
	unsigned lineno = 0, start = 0;
	const char *line;
	size_t ll;
	bool bad;
	struct rc_buf label, value;
	bool have = false, ok = true;
	rc_buf_init(&label);
	rc_buf_init(&value);
	*bad_line = 0;
	while (next_line(text, len, &pos, &line, &ll, &bad)) {
		lineno++;
		if (bad)
			goto fail;
		if (ll > 0 && (line[0] == ' ' || line[0] == '\t')) {
			if (!have)
				goto fail; /* a continuation with nothing to continue */
			size_t i = 0;
			while (i < ll && (line[i] == ' ' || line[i] == '\t'))
				i++;
			if (i == ll)
				goto fail;
			/* "Label:" alone, its value on the next line: no space in front */
			if ((value.len > 0 && !rc_buf_add(&value, " ", 1)) || !rc_buf_add(&value, line + i, ll - i))
				goto nomem;
			continue;
		}
		if (have) {
			if (!rc_text_is_clean(value.data ? value.data : "", value.len) ||
			    !fn(ctx, rc_buf_cstr(&label), rc_buf_cstr(&value))) {
				lineno = start;
				goto fail;
			}
			have = false;
		}
		if (ll == 0)
			goto fail; /* RFC 8493 2.2.2: no blank lines */
		const char *colon = memchr(line, ':', ll);
		if (!colon || colon == line)
			goto fail;
		size_t labl = (size_t)(colon - line);
		if (line[0] == ' ' || line[labl - 1] == ' ' || line[labl - 1] == '\t')
			goto fail;
		for (size_t i = 0; i < labl; i++)
			if ((unsigned char)line[i] < 0x20 || (unsigned char)line[i] > 0x7e)
				goto fail;
		size_t v = labl + 1;
		while (v < ll && (line[v] == ' ' || line[v] == '\t'))
			v++;
		rc_buf_reset(&label);
		rc_buf_reset(&value);
		if (!rc_buf_add(&label, line, labl) || !rc_buf_add(&value, line + v, ll - v))
			goto nomem;
		have = true;
		start = lineno;
	}
	if (have && (!rc_text_is_clean(value.data ? value.data : "", value.len) ||
	             !fn(ctx, rc_buf_cstr(&label), rc_buf_cstr(&value)))) {
		lineno = start;
		goto fail;
	}
	goto out;
fail:
	*bad_line = lineno ? lineno : 1;
nomem:
	ok = false;
out:
	rc_buf_free(&label);
	rc_buf_free(&value);
	return ok;
}

bool rc_bag_parse_oxum(const char *value, uint64_t *octets, uint64_t *count)
{
	uint64_t v[2] = { 0, 0 };
	const char *p = value;
	for (int k = 0; k < 2; k++) {
		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (v[k] > (UINT64_MAX - 9) / 10)
				return false;
			v[k] = v[k] * 10 + (uint64_t)(*p - '0');
		}
		if (k == 0 && *p++ != '.')
			return false;
	}
	if (*p)
		return false;
	*octets = v[0];
	*count = v[1];
	return true;
}
