/* bundle_verify.c - checking an evidence bundle made here or anywhere
 * (rc_op_bundle_verify; doc/bundles.md, "Verification"): the bag (src/
 * bundle: structure, every checksum, Payload-Oxum, files altered, added
 * or removed), its signature over the tag manifest and the time stamp
 * over that signature, each registry export's signature, the journal's
 * chain, and the signed checkpoint against that chain.  Each check says
 * what it found in words; none needs the case. */
#include "config.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ops-int.h"

/* Files read whole for the checks beyond the bag's, at most this big. */
#define KEEP_MAX ((size_t)64 << 20)

static const char *const keep[] = { "signature/", "journal/", "data/journal/", "data/exports/", "tagmanifest-sha256.txt",
	                             NULL };

const char *rc_bundle_check_name(enum rc_bundle_check_kind k)
{
	static const char *const names[] = { "bag", "signature", "time-stamp", "export", "journal", "checkpoint" };
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void bundle_check_add(struct rc_bundle_verification *v, enum rc_bundle_check_kind k, enum rc_bundle_verdict verdict,
	const char *path, const char *fmt, ...)
{
	v->v = rc_xrealloc(v->v, (v->n + 1) * sizeof *v->v);
	struct rc_bundle_check *c = &v->v[v->n++];
	c->kind = k;
	c->verdict = verdict;
	c->path = rc_xstrdup(path ? path : "");
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->text = rc_xstrdup(buf);
	if (verdict == RC_BV_FAILED)
		v->valid = false;
}

void rc_bundle_verification_free(struct rc_bundle_verification *v)
{
	rc_bag_report_free(&v->bag);
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].path);
		free(v->v[i].text);
	}
	free(v->v);
	memset(v, 0, sizeof *v);
}

/* ------------------------------------------------------------------ */
/* The journal's chain, and the checkpoint against it. */

static bool hex32(const char *s, unsigned char out[32])
{
	size_t bin = 0;
	return s && strlen(s) == 64 && sodium_hex2bin(out, 32, s, 64, NULL, &bin, NULL) == 0 && bin == 32;
}

static void check_journal(struct rc_bundle_verification *v)
{
	const struct rc_bag_file *jf = rc_bag_report_file(&v->bag, "data/journal/journal.json");
	const struct rc_bag_file *cf = rc_bag_report_file(&v->bag, "data/journal/checkpoint.json");
	if (!jf && !cf) {
		/* TRANSLATORS: bundle verify; the bag holds no copy of a case journal (a bag made by another program). */
		bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_ABSENT, "", "%s", _("The bag holds no case journal."));
		return;
	}
	int64_t last_seq = 0;
	char last_hash[65] = "";
	bool chain_ok = false;
	if (!jf || jf->too_big) {
		bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_FAILED, "data/journal/journal.json", "%s",
		    _("The case journal is missing from the bag or too large to read."));
	} else {
		json_error_t err;
		json_t *doc = json_loadb((const char *)jf->data, jf->len, JSON_REJECT_DUPLICATES, &err);
		json_t *entries = doc ? json_object_get(doc, "entries") : NULL;
		if (!json_is_array(entries)) {
			bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_FAILED, jf->path, "%s", _("The case journal in the bag cannot be read."));
		} else {
			unsigned char prev[32] = { 0 }, h[32], want[32];
			size_t i, n = json_array_size(entries);
			chain_ok = true;
			for (i = 0; i < n && chain_ok; i++) {
				json_t *e = json_array_get(entries, i);
				int64_t seq = json_integer_value(json_object_get(e, "seq"));
				const char *at = json_string_value(json_object_get(e, "at"));
				const char *slot = json_string_value(json_object_get(e, "slot"));
				const char *action = json_string_value(json_object_get(e, "action"));
				const char *object = json_string_value(json_object_get(e, "object"));
				const char *hash = json_string_value(json_object_get(e, "hash"));
				if (seq != (int64_t)i + 1 || !at || !slot || !action || !object || !hex32(hash, want)) {
					chain_ok = false;
					break;
				}
				rc_journal_entry_hash(prev, seq, at, slot, action, object, h);
				if (sodium_memcmp(h, want, 32) != 0) {
					chain_ok = false;
					break;
				}
				memcpy(prev, h, 32);
				last_seq = seq;
				snprintf(last_hash, sizeof last_hash, "%s", hash);
			}
			if (chain_ok)
				/* TRANSLATORS: bundle verify; %lld is a number of journal entries. */
				bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_OK, jf->path, _("The case journal's %lld entries form an unbroken "
				                                              "chain: none was changed, removed or put in between."),
				    (long long)last_seq);
			else
				/* TRANSLATORS: bundle verify; %zu is the entry's number. */
				bundle_check_add(v, RC_BCHK_JOURNAL, RC_BV_FAILED, jf->path,
				    _("The case journal's chain is broken at entry %zu: an entry was changed, removed or put in "
				      "between."), i + 1);
		}
		json_decref(doc);
	}
	if (!cf || cf->too_big) {
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, "data/journal/checkpoint.json", "%s",
		    _("The journal checkpoint is missing from the bag."));
		return;
	}
	json_error_t err;
	json_t *cp = json_loadb((const char *)cf->data, cf->len, JSON_REJECT_DUPLICATES, &err);
	int64_t seq = cp ? json_integer_value(json_object_get(cp, "seq")) : -1;
	const char *head = cp ? json_string_value(json_object_get(cp, "head")) : NULL;
	if (!cp || !head) {
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, cf->path, "%s", _("The journal checkpoint cannot be read."));
	} else if (!chain_ok || seq != last_seq || strcmp(head, last_hash)) {
		/* TRANSLATORS: bundle verify; %lld is an entry's number, %s a hash. */
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_FAILED, cf->path,
		    _("The journal checkpoint (entry %lld, %s) does not match the journal in the bag."), (long long)seq,
		    head);
	} else {
		/* TRANSLATORS: bundle verify; %lld is an entry's number, %s a hash. */
		bundle_check_add(v, RC_BCHK_CHECKPOINT, RC_BV_OK, cf->path,
		    _("The journal checkpoint matches the journal in the bag: entry %lld, head %s."), (long long)seq, head);
	}
	json_decref(cp);
	bundle_verify_checkpoint_sig(v, cf);
}

/* ------------------------------------------------------------------ */
/* Each registry export: its signature, with the registry's certificate
 * shipped beside it. */

static void check_exports(struct rc_bundle_verification *v)
{
	for (size_t i = 0; i < v->bag.nkept; i++) {
		const struct rc_bag_file *sig = &v->bag.kept[i];
		size_t pl = strlen(sig->path);
		if (strncmp(sig->path, "data/exports/", 13) || pl < 5 || strcmp(sig->path + pl - 4, ".p7s"))
			continue;
		char content_path[1100], cert_path[1100];
		snprintf(content_path, sizeof content_path, "%.*s", (int)(pl - 4), sig->path);
		const char *slash = strrchr(sig->path, '/');
		snprintf(cert_path, sizeof cert_path, "%.*sregistry-certificate.pem", (int)(slash - sig->path + 1),
		         sig->path);
		const struct rc_bag_file *content = rc_bag_report_file(&v->bag, content_path);
		const struct rc_bag_file *cert = rc_bag_report_file(&v->bag, cert_path);
		if (!content || content->too_big || sig->too_big) {
			/* TRANSLATORS: bundle verify; %s is a file in the bag. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_FAILED, sig->path, _("The export this signature is for (%s) is missing "
			                                                  "or too large to check."), content_path);
			continue;
		}
		if (!cert || cert->too_big) {
			/* TRANSLATORS: bundle verify. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_NOTE, content_path, "%s",
			    _("The registry's certificate is not in the bag, so this export's signature was not checked."));
			continue;
		}
		struct rc_cms_info info;
		enum rc_cms_check failed = RC_CMS_NONE;
		enum rc_status st = rc_cms_verify(content->data, content->len, sig->data, sig->len, (const char *)cert->data,
		                                  &info, &failed);
		if (st == RC_OK)
			/* TRANSLATORS: bundle verify; %s: the certificate's fingerprint, then its subject. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_OK, content_path,
			    _("The registry's signature over this export is valid (certificate %s, %s)."), info.signer_fp,
			    info.signer_subject);
		else
			/* TRANSLATORS: bundle verify; %s is why the signature was refused. */
			bundle_check_add(v, RC_BCHK_EXPORT, RC_BV_FAILED, content_path, _("The registry's signature over this export does "
			                                                     "not verify: %s"), rc_error_detail());
		rc_error_clear();
	}
}

enum rc_status rc_op_bundle_verify(const char *path, struct rc_bundle_verification *out)
{
	memset(out, 0, sizeof *out);
	rc_error_clear();
	out->valid = true;
	enum rc_status st = rc_bag_verify_keep(path, keep, KEEP_MAX, &out->bag);
	if (st != RC_OK)
		return st;
	if (out->bag.valid)
		/* TRANSLATORS: bundle verify; %llu: files, then bytes. */
		bundle_check_add(out, RC_BCHK_BAG, RC_BV_OK, "", _("The bag is complete and unaltered: %llu files, %llu bytes, every "
		                                     "SHA-256 and SHA-512 checksum matches."),
		    (unsigned long long)out->bag.payload_files, (unsigned long long)out->bag.payload_bytes);
	else
		for (size_t i = 0; i < out->bag.n; i++)
			if (out->bag.v[i].kind != RC_BAG_OK)
				bundle_check_add(out, RC_BCHK_BAG, RC_BV_FAILED, out->bag.v[i].path, "%s", rc_bag_kind_text(out->bag.v[i].kind));
	bool readable = true;
	for (size_t i = 0; i < out->bag.n; i++)
		if (out->bag.v[i].kind == RC_BAG_NOT_A_BAG || out->bag.v[i].kind == RC_BAG_UNREADABLE ||
		    out->bag.v[i].kind == RC_BAG_TRUNCATED)
			readable = false;
	if (!readable)
		return RC_OK;
	bundle_verify_signature(out);
	check_exports(out);
	check_journal(out);
	return RC_OK;
}
