/* rawz.c - the original bytes of imported events, compressed.
 *
 * Every event keeps the exact bytes it was read from, for evidence.  An
 * access log repeats itself: the same keys, code systems, authorities
 * and URLs in every record.  So an import takes its first records
 * (RAWZ_DICT_MAX bytes) as a zstd "raw content" dictionary, stores it
 * once in raw_dict, and compresses each record against it (zstd level 1):
 * about 14 times smaller on the synthetic logs in bench/, which the case
 * file does not have to encrypt, write and sync.  Compression is
 * lossless: what comes back out is byte for byte what was read.
 *
 * event_raw.dict says how a record is stored: 0 as is (manual entries,
 * small imports, anything older), N compressed against raw_dict N. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "store-int.h"

struct rawz_enc {
	ZSTD_CCtx *cctx[2]; /* one per thread that compresses */
	ZSTD_CDict *cdict;
	unsigned char *dict;
	size_t dict_len;
};

struct rawz_enc *rawz_enc_new(const void *dict, size_t len)
{
	struct rawz_enc *z = rc_xcalloc(1, sizeof *z);
	z->dict = rc_xmalloc(len ? len : 1);
	memcpy(z->dict, dict, len);
	z->dict_len = len;
	z->cctx[0] = ZSTD_createCCtx();
	z->cctx[1] = ZSTD_createCCtx();
	z->cdict = ZSTD_createCDict(z->dict, len, RAWZ_LEVEL);
	if (!z->cctx[0] || !z->cctx[1] || !z->cdict) {
		rawz_enc_free(&z);
		return NULL;
	}
	return z;
}

void rawz_enc_free(struct rawz_enc **zp)
{
	if (!zp || !*zp)
		return;
	struct rawz_enc *z = *zp;
	ZSTD_freeCDict(z->cdict);
	ZSTD_freeCCtx(z->cctx[0]);
	ZSTD_freeCCtx(z->cctx[1]);
	sodium_memzero(z->dict, z->dict_len);
	free(z->dict);
	free(z);
	*zp = NULL;
}

const unsigned char *rawz_enc_dict(const struct rawz_enc *z, size_t *len)
{
	*len = z->dict_len;
	return z->dict;
}

size_t rawz_bound(size_t n)
{
	return ZSTD_compressBound(n);
}

size_t rawz_compress(struct rawz_enc *z, int side, unsigned char *out, size_t cap, const void *src, size_t n)
{
	size_t r = ZSTD_compress_usingCDict(z->cctx[side & 1], out, cap, src, n, z->cdict);
	return ZSTD_isError(r) ? 0 : r;
}

/* ---- reading back ---- */

struct rawz_ddict {
	int64_t id;
	ZSTD_DDict *dd;
};

struct rawz_cache {
	ZSTD_DCtx *dctx;
	struct rawz_ddict *d;
	size_t n;
};

void rawz_cache_free(struct rawz_cache **cp)
{
	if (!cp || !*cp)
		return;
	struct rawz_cache *k = *cp;
	for (size_t i = 0; i < k->n; i++)
		ZSTD_freeDDict(k->d[i].dd);
	free(k->d);
	ZSTD_freeDCtx(k->dctx);
	free(k);
	*cp = NULL;
}

static enum rc_status ddict_of(struct rc_case *c, int64_t id, ZSTD_DDict **out)
{
	if (!c->rawz)
		c->rawz = rc_xcalloc(1, sizeof *c->rawz);
	struct rawz_cache *k = c->rawz;
	for (size_t i = 0; i < k->n; i++)
		if (k->d[i].id == id) {
			*out = k->d[i].dd;
			return RC_OK;
		}
	sqlite3_stmt *q;
	enum rc_status st = db_prepare(&c->db, "SELECT dict FROM raw_dict WHERE id = ?1", &q);
	if (st != RC_OK)
		return st;
	sqlite3_bind_int64(q, 1, id);
	ZSTD_DDict *dd = NULL;
	if (db_row(&c->db, q, &st))
		dd = ZSTD_createDDict(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0));
	else if (st == RC_OK)
		st = RC_CORRUPT;
	sqlite3_finalize(q);
	if (st != RC_OK)
		return st;
	if (!dd)
		return RC_NOMEM;
	k->d = rc_xrealloc(k->d, (k->n + 1) * sizeof *k->d);
	k->d[k->n++] = (struct rawz_ddict){ id, dd };
	*out = dd;
	return RC_OK;
}

enum rc_status rawz_load(struct rc_case *c, int64_t dict, const void *blob, size_t n, char **out,
	size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (dict == 0) {
		if (n == 0)
			return RC_OK;
		*out = rc_xmalloc(n + 1);
		memcpy(*out, blob, n);
		(*out)[n] = 0;
		*out_len = n;
		return RC_OK;
	}
	ZSTD_DDict *dd;
	enum rc_status st = ddict_of(c, dict, &dd);
	if (st != RC_OK)
		return st;
	/* The frame says how big the record is; a record is never bigger
	 * than an importer accepts for one entry. */
	unsigned long long size = ZSTD_getFrameContentSize(blob, n);
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > RAWZ_RECORD_MAX)
		return RC_CORRUPT;
	if (!c->rawz->dctx && !(c->rawz->dctx = ZSTD_createDCtx()))
		return RC_NOMEM;
	char *buf = rc_xmalloc((size_t)size + 1);
	size_t r = ZSTD_decompress_usingDDict(c->rawz->dctx, buf, (size_t)size, blob, n, dd);
	if (ZSTD_isError(r) || r != size) {
		free(buf);
		return RC_CORRUPT;
	}
	buf[size] = 0;
	*out = buf;
	*out_len = (size_t)size;
	return RC_OK;
}
