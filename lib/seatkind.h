/* seatkind — seats for everyone (issue 15 item 4): what a seat's kind
 * (schema migration 8) asks of whoever holds it.
 *
 *   standard    sold like any seat;
 *   wheelchair  a space for a wheelchair: a customer holding it says they
 *               need it ("wheelchair_confirmed": true in the hold), else
 *               422 on that field;
 *   companion   the seat beside a wheelchair space (companion_of): a
 *               customer holds it only with that space in the same
 *               booking (COMPANION_ONLY), until companion_release_minutes
 *               (skyfox.conf, default 60) before the show, when an unsold
 *               companion seat goes on general sale;
 *   blocked     never sold, to anyone (SEAT_BLOCKED), the counter too.
 * The counter (staff selling to a walk-in) is held to none of the
 * wheelchair and companion rules: staff see who is at the desk.
 *
 * Every check runs inside the caller's BEGIN IMMEDIATE (lib/booking.c's
 * hold, change and walk-in sale), after the labels are resolved; the
 * schema's trigger booking_seats_on_sale is the last line for blocked
 * seats.  Errors are booking_fail values (lib/booking.h). */
#ifndef SKYFOX_SEATKIND_H
#define SKYFOX_SEATKIND_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "booking.h"
#include "config.h"

#define SEATKIND_RELEASE_DEFAULT	60	/* minutes before the show */
#define SEATKIND_RELEASE_MAX		(7 * 24 * 60)

enum seat_kind {
	SEAT_KIND_STANDARD = 0,
	SEAT_KIND_WHEELCHAIR,
	SEAT_KIND_COMPANION,
	SEAT_KIND_BLOCKED
};

/* "standard", "wheelchair", "companion", "blocked". */
const char	*seatkind_name(enum seat_kind);
/* 0 and *out for one of the four names, else -1. */
int		 seatkind_parse(const char *, enum seat_kind *);
/* skyfox.conf companion_release_minutes, clamped to 0..SEATKIND_RELEASE_MAX. */
int		 seatkind_release_minutes(const struct conf *);
/* 1 when a companion seat of a show starting at starts_at is on general
 * sale at now. */
int		 seatkind_released(const struct conf *, time_t starts_at,
		    time_t now);

/* The hold body's "wheelchair_confirmed": absent is 0; true or false; any
 * other value a BOOKING_ERR_VALIDATION on the field.  0 or -1. */
int		 seatkind_parse_confirm(const cJSON *body, int *confirmed,
		    struct booking_fail *);

/* The kinds' rules for seats about to be held for show_id: add are the
 * labels being taken (all resolved to seats already), remove those a
 * change lets go of, booking_id the hold being changed (0: a new one,
 * whose seats are add).  counter = 1 for the counter's sale.  Blocked
 * seats → BOOKING_ERR_SEAT_BLOCKED (fail.seats); then, for a customer, a
 * wheelchair space in add without add->wheelchair_confirmed → BOOKING_ERR_VALIDATION on
 * "wheelchair_confirmed"; a companion seat the booking would keep or take
 * without its wheelchair space, before the release →
 * BOOKING_ERR_COMPANION_ONLY (fail.seats: the companion seats).  0 or -1
 * (the caller rolls back). */
int		 seatkind_check_hold(sqlite3 *, const struct conf *, time_t now,
		    long long show_id, long long booking_id,
		    const struct booking_seats *add,
		    const struct booking_seats *remove, int counter,
		    struct booking_fail *);

#endif
