/* seatblock — seats of one show that can't be sold (issue 15 item 5).
 *
 * Staff block seats of a show with a reason: a broken seat is sold to
 * nobody; a house seat (house = 1, kept for the cinema's guests) is off
 * the public sale but the counter may still sell it (lib/booking.h).  A
 * block is a show_blocks row (schema.sql, migration 5): show, seat,
 * reason, house, who and when.
 *
 * The rules, each write one BEGIN IMMEDIATE transaction:
 *   - the show exists, is not cancelled (BOOKING_ERR_SHOW_CANCELLED) and
 *     has not started (BOOKING_ERR_SHOW_STARTED);
 *   - every label is a seat of the show's screen (BOOKING_ERR_INVALID_SEAT
 *     lists all the bad ones);
 *   - a seat taken at that instant (lib/seatmap.h SEATMAP_TAKEN: a live
 *     hold or a sale) cannot be blocked: BOOKING_ERR_SEATS_UNAVAILABLE
 *     names it.  So a block and a hold of one seat racing each other are
 *     decided by the write lock: exactly one of them wins;
 *   - all the seats of one request are blocked, or none;
 *   - blocking a seat already blocked (and free) gives it the new reason
 *     and house flag;
 *   - every block and unblock bumps shows.version, so the seat map's ETag
 *     and its published file (lib/publish.h) follow at once.
 * Errors come back in struct booking_fail, so the CGI answers them with
 * the booking errors' table (cgi-bin/booking_errors.h).  Nothing here
 * knows HTTP. */
#ifndef SKYFOX_SEATBLOCK_H
#define SKYFOX_SEATBLOCK_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "booking.h"

#define SEATBLOCK_REASON_MAX	100	/* characters (the schema's CHECK) */

/* A request to block seats: POST /api/shows/<id>/blocks
 * {"seats":["C4"],"reason":"broken","house":false}. */
struct seatblock_req {
	struct booking_seats seats;
	const char	*reason;	/* borrowed from the request body */
	int		 house;
};

/* The body's seats (1..BOOKING_SEATS_LIMIT labels, no repeats, as
 * booking_parse_seats), reason (1..SEATBLOCK_REASON_MAX characters of
 * UTF-8, not only spaces, no control characters) and house (a boolean;
 * absent is false).  BOOKING_ERR_VALIDATION naming the field, or the
 * seat list's own errors.  0 or -1. */
int	 seatblock_parse(const cJSON *body, struct seatblock_req *,
	    struct booking_fail *);
/* 1 when reason is a block's reason (above). */
int	 seatblock_reason_valid(const char *reason);

/* Block req's seats of show_id for staff user by at now (the rules
 * above).  0 or -1. */
int	 seatblock_add(sqlite3 *, time_t now, long long show_id, long long by,
	    const struct seatblock_req *, struct booking_fail *);
/* Lift the block of one seat (label) of show_id: BOOKING_ERR_INVALID_SEAT
 * when the screen has no such seat, BOOKING_ERR_NOT_BLOCKED when it is
 * not blocked; the show's rules as for seatblock_add.  0 or -1. */
int	 seatblock_remove(sqlite3 *, time_t now, long long show_id,
	    const char *label, struct booking_fail *);

/* The show's blocks as the API answers them:
 * {"show_id","blocks":[{"seat","reason","house","blocked_by","blocked_at"}]}
 * in seat-map order (blocked_by: the username).  SQLITE_OK or an error;
 * *out is the caller's to cJSON_Delete. */
int	 seatblock_list_json(sqlite3 *, long long show_id, cJSON **out);

#endif
