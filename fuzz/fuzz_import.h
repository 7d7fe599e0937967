/* fuzz_import.h - the harness the importer targets share.
 *
 * Each input is imported twice: whole, and in 2 or 3 chunks cut at places
 * chosen from a hash of the input (sometimes one byte at a time).  Both
 * runs must give the same events and the same problems.  Every event must
 * have an identity and a time, fields clean for display, and raw bytes
 * that are a slice of the input.  Anything else is a crash. */
#ifndef RECOURSE_FUZZ_IMPORT_H
#define RECOURSE_FUZZ_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	const uint8_t *data;
	size_t size;
	struct rc_buf out;
	bool json;            /* FHIR or NDJSON: every text at most 1,000 bytes */
};

static void fz_check_text(const char *s, bool newlines, bool short_text)
{
	if (!s)
		return;
	if (short_text && strlen(s) > 1000)
		__builtin_trap(); /* RC_IMPORT_TEXT_MAX */
	if (!*s)
		__builtin_trap(); /* empty strings are NULL */
	for (const char *p = s; *p; p++)
		if (*p == '\n' && !newlines)
			__builtin_trap();
	if (!newlines && !rc_text_is_clean(s, strlen(s)))
		__builtin_trap();
}

static enum rc_status fz_event(void *ud, struct rc_event *ev)
{
	struct fz *f = ud;
	if (!ev->source || !ev->ext_id || !ev->occurred || ev->occurred_ts == RC_TS_UNKNOWN)
		__builtin_trap();
	if (!ev->raw || !ev->raw_len || !memmem(f->data, f->size, ev->raw, ev->raw_len))
		__builtin_trap();
	const char *fields[] = { ev->source, ev->ext_id, ev->occurred, ev->recorded, ev->authority,
		ev->authority_country, ev->authority_type, ev->role, ev->agent, ev->system,
		ev->purpose, ev->legal_basis, ev->dest, ev->dest_country, ev->organization, ev->client,
		ev->patient, ev->authorization };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		fz_check_text(fields[i], false, f->json);
	fz_check_text(ev->note, true, false);
	/* FHIR names no legal basis; a missing record is marked. */
	if (f->json && (ev->legal_basis || !ev->patient != !!(ev->marks & RC_MARK_NO_RECORD)))
		__builtin_trap();
	char *cats = rc_categories_format(ev->categories, false);
	rc_buf_printf(&f->out, "E %s|%s|%s|%lld|%s|%s|%s|%s|%s|%s|%s|%d|%d|%s|%s|%s|%s|%s|%zu\n",
		ev->source, ev->ext_id, ev->occurred, (long long)ev->occurred_ts,
		ev->authority ? ev->authority : "-", ev->authority_country ? ev->authority_country : "-",
		ev->role ? ev->role : "-", ev->agent ? ev->agent : "-", ev->system ? ev->system : "-",
		cats, ev->purpose ? ev->purpose : "-", (int)ev->action, (int)ev->outcome,
		ev->legal_basis ? ev->legal_basis : "-", ev->dest ? ev->dest : "-",
		ev->note ? ev->note : "-", ev->origin ? ev->origin : "-",
		ev->recorded ? ev->recorded : "-", ev->raw_len);
	rc_buf_printf(&f->out, "  %s|%s|%s|%s|%u\n", ev->organization ? ev->organization : "-",
		ev->client ? ev->client : "-", ev->patient ? ev->patient : "-",
		ev->authorization ? ev->authorization : "-", (unsigned)ev->marks);
	free(cats);
	rc_event_clear(ev);
	return RC_OK;
}

static void fz_invalid(void *ud, const struct rc_import_error *e)
{
	struct fz *f = ud;
	if (!e->message || !*e->message || e->offset > f->size)
		__builtin_trap();
	rc_buf_printf(&f->out, "I %llu %llu %llu %s\n", (unsigned long long)e->entry,
		(unsigned long long)e->line, (unsigned long long)e->offset, e->message);
}

static uint64_t fz_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

/* Imports data cut at the given places; the transcript goes to f->out. */
static void fz_run(enum rc_import_format fmt, const struct rc_import_limits *lim, struct fz *f,
	const size_t *cuts, size_t ncuts, bool bytewise)
{
	struct rc_import *imp = rc_import_new(fmt, "fuzz", lim, fz_event, fz_invalid, f);
	enum rc_status st = RC_OK;
	size_t at = 0;
	if (bytewise) {
		for (; at < f->size && st == RC_OK; at++)
			st = rc_import_feed(imp, f->data + at, 1);
	} else {
		for (size_t i = 0; i <= ncuts && st == RC_OK; i++) {
			size_t end = i < ncuts ? cuts[i] : f->size;
			st = rc_import_feed(imp, f->data + at, end - at);
			at = end;
		}
	}
	if (st == RC_OK)
		st = rc_import_finish(imp);
	if (rc_import_invalid(imp) > rc_import_entries(imp))
		__builtin_trap();
	rc_buf_printf(&f->out, "S %d %llu %llu %llu %d\n", (int)st,
		(unsigned long long)rc_import_entries(imp), (unsigned long long)rc_import_invalid(imp),
		(unsigned long long)rc_import_apart(imp), (int)rc_import_format_of(imp));
	rc_import_free(&imp);
}

static int fz_import(enum rc_import_format fmt, const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		rc_base_init();
		init = 1;
	}
	uint64_t h = fz_hash(data, size);
	/* Small limits now and then, so that they are reached. */
	struct rc_import_limits lim = { 0, 0 };
	if (h % 5 == 0) {
		lim.max_entry_bytes = 64 + (size_t)(h >> 8) % 2048;
		lim.max_depth = 2 + (unsigned)(h >> 24) % 20;
	}
	bool json = fmt == RC_IMPORT_FHIR || fmt == RC_IMPORT_NDJSON;
	struct fz whole = { data, size, { 0 }, json }, cut = { data, size, { 0 }, json };
	rc_buf_init(&whole.out);
	rc_buf_init(&cut.out);
	fz_run(fmt, &lim, &whole, NULL, 0, false);
	size_t cuts[2];
	cuts[0] = size ? (size_t)(h >> 3) % (size + 1) : 0;
	cuts[1] = cuts[0] + (size - cuts[0] ? (size_t)(h >> 17) % (size - cuts[0] + 1) : 0);
	bool bytewise = size < 2048 && h % 7 == 0;
	fz_run(fmt, &lim, &cut, cuts, h % 2 ? 2 : 1, bytewise);
	if (whole.out.len != cut.out.len || memcmp(whole.out.data, cut.out.data, whole.out.len) != 0) {
		fprintf(stderr, "whole:\n%s\ncut at %zu,%zu%s:\n%s\n", rc_buf_cstr(&whole.out),
			cuts[0], cuts[1], bytewise ? " (byte by byte)" : "", rc_buf_cstr(&cut.out));
		__builtin_trap();
	}
	rc_buf_free(&whole.out);
	rc_buf_free(&cut.out);
	return 0;
}

#endif
