/* documents.c - what proves a step (a registered-post receipt, a fax
 * confirmation, an e-mail with its headers, a scan of the stamped copy,
 * the authority's answer) and the powers of attorney, kept inside the
 * encrypted case: read from a file descriptor, never copied elsewhere. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops-int.h"

#define DOC_MAX ((size_t)64 << 20) /* 64 MiB: a long scan */

static bool utf8_valid(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = b[i];
		size_t k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
		if (k == 9 || i + k >= n + (k ? 0 : 1) || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
			return false;
		for (size_t j = 1; j <= k; j++)
			if ((b[i + j] & 0xc0) != 0x80)
				return false;
		i += k + 1;
	}
	return true;
}

/* What kind of file it is, from its first bytes (never from its name). */
static const char *mime_of(const unsigned char *b, size_t n)
{
	if (n >= 5 && !memcmp(b, "%PDF-", 5))
		return "application/pdf";
	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (n >= 3 && !memcmp(b, "\xff\xd8\xff", 3))
		return "image/jpeg";
	if (n >= 4 && (!memcmp(b, "II*\0", 4) || !memcmp(b, "MM\0*", 4)))
		return "image/tiff";
	static const char *const mail[] = { "Received:", "Return-Path:", "From:", "Date:", "Message-ID:",
		"MIME-Version:", "Delivered-To:", "From " };
	for (size_t i = 0; i < sizeof mail / sizeof mail[0]; i++)
		if (n >= strlen(mail[i]) && !strncasecmp((const char *)b, mail[i], strlen(mail[i])))
			return "message/rfc822";
	if (utf8_valid(b, n))
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

enum rc_status ops_read_doc(int fd, unsigned char **out, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	unsigned char *b = rc_xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap >= DOC_MAX) {
				explicit_bzero(b, n);
				free(b);
				rc_error_set(_("The document is larger than %d MiB; keep a smaller scan."), (int)(DOC_MAX >> 20));
				return RC_INVALID;
			}
			cap *= 2;
			b = rc_xrealloc(b, cap);
		}
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;
			explicit_bzero(b, n);
			free(b);
			return rc_status_from_errno(err);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n == 0) {
		free(b);
		rc_error_set("%s", _("The document is empty."));
		return RC_INVALID;
	}
	*out = b;
	*len = n;
	return RC_OK;
}

enum rc_status ops_doc_add(struct rc_case *c, const char *name, const unsigned char *b, size_t n,
	const char *note, int64_t *id)
{
	/* the name shown: the file's own name, without its folder */
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name;
	char *clean = NULL;
	enum rc_status st = ops_clean_text(base, 255, &clean);
	if (st == RC_OK)
		st = rc_case_document_add(c, clean ? clean : "document", mime_of(b, n), b, n, note, id);
	free(clean);
	return st;
}

enum rc_status rc_op_document_add(struct rc_case *c, int fd, const char *name, int64_t *id)
{
	rc_error_clear();
	unsigned char *b;
	size_t n;
	enum rc_status st = ops_read_doc(fd, &b, &n);
	if (st != RC_OK)
		return st;
	st = ops_doc_add(c, name, b, n, NULL, id);
	explicit_bzero(b, n);
	free(b);
	return st;
}

enum rc_status rc_op_mandate_add(struct rc_case *c, const char *holder, const char *granted, int proof_fd,
	const char *proof_name, int64_t *id)
{
	rc_error_clear();
	char *who = NULL;
	struct rc_ymd d;
	enum rc_status st = ops_clean_text(holder, 500, &who);
	if (st == RC_OK && !who) {
		rc_error_set("%s", _("Say who holds the power of attorney (the lawyer's or the office's name)."));
		st = RC_INVALID;
	}
	if (st == RC_OK && (!granted || !rc_ymd_parse(granted, &d))) {
		rc_error_set(_("%1$s: \"%2$s\" is not a date. Write it like 2024-05-22."), "--granted", granted ? granted : "");
		st = RC_INVALID;
	}
	unsigned char *b = NULL;
	size_t n = 0;
	if (st == RC_OK && proof_fd >= 0)
		st = ops_read_doc(proof_fd, &b, &n);
	if (st == RC_OK)
		st = rc_case_begin(c);
	if (st == RC_OK) {
		int64_t doc = 0;
		if (b)
			st = ops_doc_add(c, proof_name, b, n, NULL, &doc);
		if (st == RC_OK)
			st = rc_case_mandate_add(c, who, granted, doc, NULL, id);
		if (st == RC_OK)
			st = rc_case_commit(c);
		else
			rc_case_rollback(c);
	}
	if (b) {
		explicit_bzero(b, n);
		free(b);
	}
	free(who);
	return st;
}

enum rc_status rc_op_mandate_revoke(struct rc_case *c, int64_t id, const char *day)
{
	rc_error_clear();
	struct rc_ymd d;
	if (!day || !rc_ymd_parse(day, &d)) {
		rc_error_set(_("%1$s: \"%2$s\" is not a date. Write it like 2024-05-22."), "--day", day ? day : "");
		return RC_INVALID;
	}
	return rc_case_mandate_revoke(c, id, day);
}
