/* ticket_qr — QR matrix from libqrencode, and its SVG; see ticket_qr.h. */
#include <stdlib.h>
#include <string.h>
#include <qrencode.h>

#include "ticket_qr.h"

int
ticket_qr_encode(const char *text, struct ticket_qr *q)
{
	QRcode	*qr;
	size_t	 n;

	memset(q, 0, sizeof(*q));
	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
		return -1;
	n = (size_t)qr->width * (size_t)qr->width;
	if ((q->dark = malloc(n)) == NULL) {
		QRcode_free(qr);
		return -1;
	}
	q->width = qr->width;
	/* libqrencode: bit 0 of each byte is the module's colour. */
	for (size_t i = 0; i < n; i++)
		q->dark[i] = qr->data[i] & 1;
	QRcode_free(qr);
	return 0;
}

void
ticket_qr_free(struct ticket_qr *q)
{
	free(q->dark);
	q->dark = NULL;
	q->width = 0;
}

int
ticket_qr_is_dark(const struct ticket_qr *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->dark[(size_t)y * (size_t)q->width + (size_t)x];
}

void
ticket_qr_svg(const struct ticket_qr *q, struct buf *out)
{
	int	 side = q->width + 2 * TICKET_QR_QUIET;

	buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">"
	    "<title>Ticket QR code</title>"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    side, side, side * 8, side * 8, side, side);
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width; x++) {
			int run = 0;

			while (x + run < q->width && ticket_qr_is_dark(q, x + run, y))
				run++;
			if (run == 0)
				continue;
			buf_printf(out, "M%d %dh%dv1h-%dz", x + TICKET_QR_QUIET,
			    y + TICKET_QR_QUIET, run, run);
			x += run;
		}
	}
	buf_puts(out, "\"/></svg>\n");
}
