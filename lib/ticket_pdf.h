/* ticket_pdf — the one-page PDF ticket (libharu).  Only tickets.cgi links
 * libharu.
 *
 * A5 portrait: the cinema's name on a dark band, the movie title (wrapped to
 * at most three lines, smaller type for longer titles, an ellipsis beyond),
 * date, start time, screen, seats, amount with the currency sign, payment
 * type, customer, booking id, booking time, status, and the QR code drawn
 * as vector squares (sharp at any zoom and on any printer) with "Scan this
 * at the entrance".  Text is set in an embedded TrueType font (DejaVu Sans
 * by default) through libharu's UTF-8 encoder, so ₹ and names in any Latin
 * script print. */
#ifndef SKYFOX_TICKET_PDF_H
#define SKYFOX_TICKET_PDF_H

#include <stddef.h>

#include "buf.h"
#include "ticket.h"
#include "ticket_qr.h"

#define TICKET_FONT_DEFAULT	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define TICKET_FONT_BOLD_DEFAULT "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

struct ticket_pdf_opts {
	const char	*cinema;	/* conf cinema_name */
	const char	*currency;	/* conf currency */
	const char	*font;		/* TrueType files (conf ticket_font, */
	const char	*font_bold;	/* ticket_font_bold) */
	int		 opens_minutes;	/* check-in opens this long before */
};

/* The font file to use: configured when set; else name in the fonts/
 * folder beside this program's folder (<prefix>/cgi-bin/../fonts/: the
 * subsets tools/subset-fonts.sh makes, a quarter of the work of the full
 * fonts); else fallback (Debian's full DejaVu file).  Returns a pointer to
 * configured, out or fallback. */
const char *ticket_pdf_font(const char *configured, const char *name,
	    const char *fallback, char *out, size_t n);

/* Append the PDF to out.  0, or -1 with why (for the log). */
int	 ticket_pdf_render(const struct ticket *, const struct ticket_qr *,
	    const struct ticket_pdf_opts *, struct buf *out, char *why, size_t);

#endif
