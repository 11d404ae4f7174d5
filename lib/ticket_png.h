/* ticket_png — a ticket's QR code as a PNG (libpng), module-exact: every
 * module is scale × scale pixels, with a quiet zone of TICKET_QR_QUIET
 * modules, 1-bit greyscale.  Only tickets.cgi links libpng. */
#ifndef SKYFOX_TICKET_PNG_H
#define SKYFOX_TICKET_PNG_H

#include "buf.h"
#include "ticket_qr.h"

#define TICKET_PNG_SCALE	8	/* pixels per module */

/* Append the PNG to out.  0 or -1. */
int	 ticket_png_render(const struct ticket_qr *, int scale, struct buf *out);

#endif
