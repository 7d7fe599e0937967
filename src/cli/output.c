/* output.c - listings as aligned tables, CSV (RFC 4180) or JSON.
 *
 * CSV cells are guarded against spreadsheet formulas.  A spreadsheet may
 * split a line on another separator than the comma (a semicolon in German,
 * French or Spanish settings, a tab, a bar), and then a cell of its own
 * begins after any of them inside our cell, where our quotes mean
 * nothing.  So a cell is guarded when any place a cell may begin in it
 * (its start, and after each , ; tab | or line break, past spaces and
 * quotes) holds = + - or @, or it starts with a tab or CR: it is quoted,
 * starts with an apostrophe (as a spreadsheet writes text that looks like
 * a formula), and an apostrophe also goes before each such character
 * inside it, so that whichever separator is used, no cell begins with
 * one. */
#include "config.h"

#include <ctype.h>

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct cli_table {
	enum cli_format fmt;
	int ncols;
	const char *const *keys;
	const char *const *headers;
	char **cells; /* rows * ncols */
	size_t rows, cap;
	uint64_t numeric; /* columns of numbers the program computed (bit per column) */
};

void cli_table_numeric(struct cli_table *t, int col)
{
	if (col >= 0 && col < 64)
		t->numeric |= (uint64_t)1 << col;
}

struct cli_table *cli_table_new(enum cli_format fmt, int ncols, const char *const *keys,
	const char *const *headers)
{
	struct cli_table *t = rc_xcalloc(1, sizeof *t);
	t->fmt = fmt;
	t->ncols = ncols;
	t->keys = keys;
	t->headers = headers;
	return t;
}

void cli_table_add(struct cli_table *t, const char *const *cells)
{
	if (t->rows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->cells = rc_xrealloc(t->cells, t->cap * (size_t)t->ncols * sizeof *t->cells);
	}
	for (int i = 0; i < t->ncols; i++) {
		const char *c = cells[i];
		/* Text that came from outside is made safe for the terminal. */
		t->cells[t->rows * (size_t)t->ncols + (size_t)i] = c ? rc_text_sanitize(c, strlen(c), false) : NULL;
	}
	t->rows++;
}

/* A CSV cell, guarded against spreadsheet formulas (base: rc_csv_cell). */
static void csv_field(FILE *out, const char *s, bool numeric)
{
	if (!s)
		return;
	struct rc_buf b;
	rc_buf_init(&b);
	rc_csv_cell(&b, s, numeric);
	fwrite(b.data, 1, b.len, out);
	rc_buf_free(&b);
}

json_t *cli_json_text(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s); /* NULL when s is not UTF-8 */
	if (!j) {
		char *clean = rc_text_sanitize(s, strlen(s), true);
		j = json_string(clean);
		free(clean);
	}
	return j ? j : json_null();
}

/* JSON text of v, or NULL with the reason printed (never an empty
 * document that would look like an empty result). */
static char *json_text_of(json_t *v, size_t flags)
{
	char *s = json_dumps(v, flags);
	if (!s)
		fprintf(stderr, "%s\n", _("recourse: the result could not be written as JSON. Nothing was printed."));
	return s;
}

static void print_padded(FILE *out, const char *s, int width, bool last)
{
	fputs(s, out);
	if (last)
		return;
	for (int w = rc_text_width(s); w < width + 2; w++)
		fputc(' ', out);
}

bool cli_table_print(struct cli_table *t, FILE *out)
{
	size_t nc = (size_t)t->ncols;
	bool ok = true;
	if (t->fmt == CLI_JSON) {
		json_t *arr = json_array();
		for (size_t r = 0; r < t->rows; r++) {
			json_t *o = json_object();
			for (size_t i = 0; i < nc; i++) {
				const char *c = t->cells[r * nc + i];
				json_object_set_new(o, t->keys[i], c ? json_string(c) : json_null());
			}
			json_array_append_new(arr, o);
		}
		char *s = json_text_of(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s)
			fprintf(out, "%s\n", s);
		ok = s != NULL;
		free(s);
		json_decref(arr);
	} else if (t->fmt == CLI_CSV) {
		for (size_t i = 0; i < nc; i++) {
			if (i)
				fputc(',', out);
			csv_field(out, t->keys[i], false);
		}
		fputs("\r\n", out);
		for (size_t r = 0; r < t->rows; r++) {
			for (size_t i = 0; i < nc; i++) {
				if (i)
					fputc(',', out);
				csv_field(out, t->cells[r * nc + i], (t->numeric >> i) & 1);
			}
			fputs("\r\n", out);
		}
	} else {
		int *w = rc_xcalloc(nc, sizeof *w);
		for (size_t i = 0; i < nc; i++)
			w[i] = rc_text_width(_(t->headers[i]));
		for (size_t r = 0; r < t->rows; r++)
			for (size_t i = 0; i < nc; i++) {
				const char *c = t->cells[r * nc + i];
				int cw = c ? rc_text_width(c) : 1;
				if (cw > w[i])
					w[i] = cw;
			}
		for (size_t i = 0; i < nc; i++)
			print_padded(out, _(t->headers[i]), w[i], i + 1 == nc);
		fputc('\n', out);
		for (size_t r = 0; r < t->rows; r++) {
			for (size_t i = 0; i < nc; i++) {
				const char *c = t->cells[r * nc + i];
				print_padded(out, c && *c ? c : "-", w[i], i + 1 == nc);
			}
			fputc('\n', out);
		}
		free(w);
	}
	for (size_t k = 0; k < t->rows * nc; k++)
		free(t->cells[k]);
	free(t->cells);
	free(t);
	return ok;
}

bool cli_json_kv_print(FILE *out, int n, const char *const *keys, const char *const *vals)
{
	json_t *o = json_object();
	for (int i = 0; i < n; i++)
		json_object_set_new(o, keys[i], cli_json_text(vals[i]));
	char *s = json_text_of(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	bool ok = s != NULL;
	if (ok)
		fprintf(out, "%s\n", s);
	free(s);
	json_decref(o);
	return ok;
}
