/* qr.c - the QR code of a sign-in address (libqrencode), as a matrix of
 * modules; drawing it is the front end's (src/cli). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "net.h"

bool rc_qr_matrix(const char *text, unsigned char **out, int *width)
{
	*out = NULL;
	*width = 0;
	if (!text || !*text || strlen(text) > 2000)
		return false;
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return false;
	size_t n = (size_t)q->width * (size_t)q->width;
	unsigned char *m = malloc(n);
	if (m) {
		for (size_t i = 0; i < n; i++)
			m[i] = q->data[i] & 1; /* bit 0: dark */
		*out = m;
		*width = q->width;
	}
	QRcode_free(q);
	return m != NULL;
}
