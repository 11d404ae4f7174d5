/* checkin — letting ticket holders in at the door.
 *
 * Staff scan a ticket's code (ticketcode.h) or type a booking id.  A
 * booking may be checked in when it is confirmed and the site's clock is in
 * the show's window: from checkin_opens_minutes (conf, default 60) before
 * the show starts until it ends (half-open: [starts - opens, ends)).
 *
 * A batch is one BEGIN IMMEDIATE transaction.  Each item ends in one of
 * three lists: checked in now, already checked in (when and by whom), or
 * invalid (why).  checkins.booking_id is the primary key, so even two staff
 * scanning the same ticket at the same instant make one check-in: the
 * second writer waits for the first's lock and then sees its row.
 *
 * Reasons for invalid: "malformed" (not a code, not an id),
 * "bad_signature" (a forged or altered code),
 * "unknown_booking", "wrong_show" (a show was chosen and the ticket is for
 * another), "not_confirmed" (pending, expired, cancelled),
 * "CHECKIN_WINDOW_CLOSED".
 *
 * The door's JSON is shaped here too (checkin_*_json), one function per
 * shape, so checkins.cgi only routes: a batch's three lists, a show with
 * its window and counts, and the list of who holds tickets and who is in. */
#ifndef SKYFOX_CHECKIN_H
#define SKYFOX_CHECKIN_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "config.h"
#include "err.h"
#include "keys.h"
#include "ticket.h"

#define CHECKIN_MAX_BATCH	50
#define CHECKIN_INPUT_MAX	160
#define CHECKIN_OPENS_DEFAULT	60	/* minutes before the show */

enum checkin_outcome {
	CHECKIN_DONE = 0,	/* checked in by this request */
	CHECKIN_ALREADY,	/* checked in before (or earlier in the batch) */
	CHECKIN_INVALID
};

struct checkin_item {
	/* Filled by checkin_item_code / checkin_item_id. */
	char		 input[CHECKIN_INPUT_MAX];	/* echoed back, cut */
	long long	 booking_id;	/* 0 when the code did not verify */
	const char	*method;	/* "code" or "booking_id" */
	/* Filled by checkin_apply. */
	enum checkin_outcome outcome;
	const char	*reason;	/* invalid only */
	char		 message[256];
	int		 found;		/* the booking exists: t is valid */
	struct ticket	 t;
	long long	 checked_in_at;
	char		 checked_in_by[32];	/* username */
	long long	 opens_at, closes_at;	/* the show's window */
};

struct checkin_opts {
	long long	 now;		/* the site clock */
	long long	 user_id;	/* who is checking in */
	int		 opens_minutes;
	long long	 show_id;	/* 0: any show; else refuse others */
};

/* conf checkin_opens_minutes: 0..24 hours in minutes, else the default. */
int	 checkin_opens_minutes(const struct conf *);

/* Prepare an item from a scanned or typed code (verified against pk) or
 * from a booking id.  A code that fails is already CHECKIN_INVALID. */
void	 checkin_item_code(struct checkin_item *,
	    const unsigned char pk[KEYS_SIGN_PUBLIC_LEN], const char *code);
void	 checkin_item_id(struct checkin_item *, long long booking_id,
	    const char *input);

/* What a POST body asks for: {"codes":[…]} and/or {"booking_ids":[…]}. */
enum checkin_parse {
	CHECKIN_PARSE_OK = 0,
	CHECKIN_PARSE_NOTHING,	/* not lists, or empty ones: e says which */
	CHECKIN_PARSE_TOO_MANY	/* more than CHECKIN_MAX_BATCH */
};

/* Turn the body into items (codes first, then ids), at most
 * CHECKIN_MAX_BATCH of them; codes are trimmed of the spaces scanners and
 * copy-paste add and verified against pk.  Bad fields go to e. */
enum checkin_parse checkin_parse(const cJSON *body,
	    const unsigned char pk[KEYS_SIGN_PUBLIC_LEN],
	    struct checkin_item *items, int *n, struct err *e);

/* Check in every item still undecided, in one transaction.  SQLite result
 * code (SQLITE_OK, or the error that rolled it all back). */
int	 checkin_apply(sqlite3 *, const struct checkin_opts *,
	    struct checkin_item *, int n);

/* One decided item: the ticket it let in (CHECKIN_DONE, CHECKIN_ALREADY,
 * which adds checked_in_by), or the input and why not (CHECKIN_INVALID). */
cJSON	*checkin_item_json(const struct checkin_item *);
/* A batch as {"checked_in":[…],"already_done":[…],"invalid":[…]}. */
cJSON	*checkin_batch_json(const struct checkin_item *, int n);

/* The window of a show starting at starts, ending at ends. */
void	 checkin_window(long long starts, long long ends, int opens_minutes,
	    long long *opens_at, long long *closes_at);

/* One show at the door: its bookings that hold tickets and who is in. */
struct checkin_entry {
	long long	 booking_id;
	char		 status[16];
	char		 name[128];
	int		 walkin;
	char		 seats[TICKET_SEATS_MAX * (TICKET_SEAT_LEN + 1)];	/* "A1,A2" */
	int		 seat_count;
	long long	 checked_in_at;	/* 0 if not in */
	char		 checked_in_by[32];
};

struct checkin_show {
	long long	 show_id;
	char		 title[320];
	char		 screen[64];
	char		 slot[32];
	char		 date[11];
	long long	 starts_at, ends_at, opens_at, closes_at;
	int		 bookings, checked_in;	/* counts of bookings */
	int		 seats, seats_in;	/* and of their seats */
	struct checkin_entry *e;	/* malloc'd; checkin_show_free */
	int		 n;
};

/* Load show_id (with_entries: also its bookings).  SQLITE_OK with *found. */
int	 checkin_show_load(sqlite3 *, long long show_id, int opens_minutes,
	    int with_entries, struct checkin_show *, int *found);
void	 checkin_show_free(struct checkin_show *);
/* The shows of a local date (YYYY-MM-DD), counts only, by start time.
 * *out is malloc'd (free it); SQLite result code. */
int	 checkin_day_load(sqlite3 *, const char *date, int opens_minutes,
	    struct checkin_show **out, int *n);

/* A ticket holder at the door: the booking, its seats, who let them in. */
cJSON	*checkin_entry_json(const struct checkin_entry *);
/* A show with its window ("open" at now) and counts; with_entries adds
 * "bookings", each a checkin_entry_json. */
cJSON	*checkin_show_json(const struct checkin_show *, time_t now,
	    int with_entries);
/* A day: {"date", "shows":[checkin_show_json without entries]}. */
cJSON	*checkin_day_json(const char *date, const struct checkin_show *, int n,
	    time_t now);

#endif
