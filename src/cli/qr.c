/* qr.c - a QR code drawn in the terminal with Unicode half blocks: two
 * rows of modules a line, a quiet zone of 4 modules all round (ISO/IEC
 * 18004), black on bright white set explicitly, so that it scans on a
 * dark terminal too.  The matrix is src/net's (libqrencode). */
#include "config.h"

#include <stdlib.h>

#include "cli.h"

#define QUIET 4

bool cli_qr_draw(FILE *out, const char *text)
{
	unsigned char *m;
	int w;
	if (!rc_qr_matrix(text, &m, &w))
		return false;
	int n = w + 2 * QUIET;
	/* module (x, y) of the code with its quiet zone: 1 dark */
#define DARK(x, y) ((x) >= QUIET && (y) >= QUIET && (x) < QUIET + w && (y) < QUIET + w \
	&& m[((y) - QUIET) * w + ((x) - QUIET)])
	for (int y = 0; y < n; y += 2) {
		/* 30: black foreground, 107: bright white background */
		fputs("\033[0;30;107m", out);
		for (int x = 0; x < n; x++) {
			bool top = DARK(x, y), bottom = y + 1 < n && DARK(x, y + 1);
			/* the last line's lower half is outside: light */
			if (y + 1 >= n)
				bottom = false;
			fputs(top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ", out);
		}
		fputs("\033[0m\n", out);
	}
#undef DARK
	free(m);
	return true;
}
