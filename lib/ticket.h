/* ticket — what a ticket says: one booking with its show, movie, seats,
 * payment and customer, read in one go for the PDF, the QR, the API's JSON
 * (ticket_json) and check-in.
 *
 * A ticket exists for a confirmed or checked-in booking only ("issued").
 * Who may read it: its customer, staff and admin; anyone else is told it
 * does not exist (ticket_access), so booking ids cannot be probed.  This
 * module links no PDF or image library: those are ticket_pdf.c and
 * ticket_png.c, which only tickets.cgi reaches. */
#ifndef SKYFOX_TICKET_H
#define SKYFOX_TICKET_H

#include <stddef.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "certificate.h"

#define TICKET_SEATS_MAX	50	/* bookings.seat_count's upper bound */
#define TICKET_SEAT_LEN		12
#define TICKET_TYPE_LEN		48	/* a ticket type's name, cut */

struct ticket {
	long long	 booking_id;
	long long	 show_id;
	long long	 user_id;	/* 0 for a walk-in sale */
	int		 walkin;
	char		 status[16];	/* bookings.status */
	char		 title[320];
	char		 screen[64];
	char		 slot[32];
	char		 date[11];	/* the show's local date */
	long long	 starts_at, ends_at;
	long long	 created_at, confirmed_at;
	long long	 amount;	/* minor units */
	char		 method[16];	/* card, wallet, wallet+card, cash; "" unpaid */
	char		 card_brand[16];
	char		 card_last4[5];
	char		 customer[128];	/* account name, or the walk-in's name */
	char		 seats[TICKET_SEATS_MAX][TICKET_SEAT_LEN];
	/* Each seat's ticket type (lib/pricing.h): code and name. */
	char		 seat_type[TICKET_SEATS_MAX][24];
	char		 seat_type_name[TICKET_SEATS_MAX][TICKET_TYPE_LEN];
	int		 typed;		/* some seat is not the default type */
	int		 nseats;
	struct certificate cert;	/* the film's age rating; code "" none */
};

enum ticket_access {
	TICKET_OK = 0,
	TICKET_NOT_FOUND,	/* no such booking, or not the caller's */
	TICKET_NOT_ISSUED	/* pending, expired or cancelled */
};

/* Read booking id.  SQLITE_OK with *found 0 or 1; another code on error. */
int		 ticket_load(sqlite3 *, long long booking_id, struct ticket *,
		    int *found);
/* May user uid (staff: 1 for staff/admin) see this ticket, and is it one? */
enum ticket_access ticket_access(const struct ticket *, long long uid, int staff);
/* 1 when the booking is confirmed or checked in. */
int		 ticket_issued(const struct ticket *);

/* Words for people, shared by the PDF and the JSON. */
/* "Card (Visa ending 1111)", "Wallet", "Wallet + card", "Cash". */
void		 ticket_payment_text(const struct ticket *, char *out, size_t);
/* "Confirmed", "Checked in", … */
const char	*ticket_status_text(const char *status);
/* "A1, A2, A3"; when some seat is not the default ticket type, each
 * seat with its type's name: "F5 Adult, F6 Adult, F7 Child". */
void		 ticket_seats_text(const struct ticket *, char *out, size_t);
/* Local "Wed, 25 Nov 2026" ("Sat, 5 Dec 2026": no leading zero, English
 * names) and "19:30" of a time: the pages' style (js/cinema-time.js). */
void		 ticket_day_text(long long t, char *out, size_t);
void		 ticket_time_text(long long t, char *out, size_t);

/* A strong ETag ("\"…\"", 36 bytes with NUL) over everything a rendering
 * of kind ("pdf", "png", …) shows, plus extra (cinema name, currency…):
 * a changed booking or setting changes it. */
#define TICKET_ETAG_LEN	40
void		 ticket_etag(const struct ticket *, const char *code,
		    const char *kind, const char *extra, char out[TICKET_ETAG_LEN]);

/* The ticket as the API shows it (GET /api/tickets/<id>) with its signed
 * code and the check-in window the door keeps (checkin_window); the
 * caller adds the links to the files, which are its routes. */
cJSON		*ticket_json(const struct ticket *, const char *code,
		    const char *currency, long long opens_at,
		    long long closes_at);

/* Copy at most n-1 bytes of s, never cutting a UTF-8 sequence. */
void		 ticket_copy_utf8(char *out, size_t n, const char *s);

#endif
