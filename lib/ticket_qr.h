/* ticket_qr — the QR code of a ticket code, as a matrix of modules, and
 * the renderers that need no image library (SVG).  libqrencode is reached
 * only from here; only tickets.cgi links it.
 *
 * Error correction level M (15 %), 8-bit mode: a code of a booking id up to
 * 10 digits fits version 6 (41 × 41 modules). */
#ifndef SKYFOX_TICKET_QR_H
#define SKYFOX_TICKET_QR_H

#include "buf.h"

#define TICKET_QR_QUIET	4	/* modules of white border (ISO/IEC 18004) */

struct ticket_qr {
	int		 width;		/* modules per side */
	unsigned char	*dark;		/* width × width, row by row: 1 = dark */
};

/* Encode text.  0 or -1. */
int	 ticket_qr_encode(const char *text, struct ticket_qr *);
void	 ticket_qr_free(struct ticket_qr *);
int	 ticket_qr_is_dark(const struct ticket_qr *, int x, int y);
/* A standalone SVG: one path of unit squares (runs of a row merged), a
 * quiet zone of TICKET_QR_QUIET modules, crisp edges. */
void	 ticket_qr_svg(const struct ticket_qr *, struct buf *out);

#endif
