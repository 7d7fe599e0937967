/* output.c - listings as aligned tables, CSV (RFC 4180) or JSON. */
#include "config.h"

#include <jansson.h>
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
};

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

static void csv_field(FILE *out, const char *s)
{
	if (!s)
		return;
	bool quote = strpbrk(s, ",\"\r\n") != NULL || *s == ' ';
	/* Cells starting with = + - @ are read as formulas by spreadsheets. */
	bool formula = strchr("=+-@", *s) && *s;
	if (!quote && !formula) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void print_padded(FILE *out, const char *s, int width, bool last)
{
	fputs(s, out);
	if (last)
		return;
	for (int w = rc_text_width(s); w < width + 2; w++)
		fputc(' ', out);
}

void cli_table_print(struct cli_table *t, FILE *out)
{
	size_t nc = (size_t)t->ncols;
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
		char *s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fprintf(out, "%s\n", s ? s : "[]");
		free(s);
		json_decref(arr);
	} else if (t->fmt == CLI_CSV) {
		for (size_t i = 0; i < nc; i++) {
			if (i)
				fputc(',', out);
			csv_field(out, t->keys[i]);
		}
		fputs("\r\n", out);
		for (size_t r = 0; r < t->rows; r++) {
			for (size_t i = 0; i < nc; i++) {
				if (i)
					fputc(',', out);
				csv_field(out, t->cells[r * nc + i]);
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
}

void cli_json_kv_print(FILE *out, int n, const char *const *keys, const char *const *vals)
{
	json_t *o = json_object();
	for (int i = 0; i < n; i++)
		json_object_set_new(o, keys[i], vals[i] ? json_string(vals[i]) : json_null());
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fprintf(out, "%s\n", s ? s : "{}");
	free(s);
	json_decref(o);
}
