/* booking — seat holds, walk-in sales, reading, cancelling and sweeping
 * bookings.
 *
 * The rule every function here keeps (and the seat map shares): a seat of a
 * show is taken by a booking_seats row with live = 1 and (hold_expires_at IS
 * NULL or hold_expires_at > now).  A hold whose time has passed is free at
 * that instant: the transaction that wants the seat first retires the lapsed
 * row (live = 0, its booking 'expired'), then inserts its own, all in one
 * BEGIN IMMEDIATE transaction.  The unique index booking_seats_one_live
 * (show_id, seat_id) WHERE live = 1 makes a double sale impossible even if
 * this code were wrong; a violation is reported as SEATS_UNAVAILABLE.
 *
 * Every write that changes a seat of a show bumps shows.version (the seat
 * map's ETag input).  The cron sweeper only tidies: correctness never waits
 * for it.
 *
 * Functions return 0 or -1; on -1 the struct booking_fail says why (an enum,
 * the offending seat labels, the SQLite code).  The refund module (refund.h)
 * reports through the same struct, so cancelling reads one way whichever
 * module decided.  Which HTTP status and API code an error is belongs to
 * the CGI (cgi-bin/booking_errors.h), not here.
 *
 * What one customer may hold (DESIGN §7), decided inside the hold's own
 * BEGIN IMMEDIATE transaction, so parallel requests queue on the write lock
 * and each sees the ones before it (a check before the transaction would
 * let a burst through):
 *   - the show is in the customer's date window (show_in_customer_window,
 *     lib/show.h): else BOOKING_ERR_DATE_OUT_OF_RANGE;
 *   - their seats in live holds of that show plus the new ones are at most
 *     max_seats: else BOOKING_ERR_SHOW_SEATS_CAP;
 *   - their live holds across all shows are fewer than max_pending_bookings:
 *     else BOOKING_ERR_PENDING_CAP, fail.retry_after = seconds until the
 *     oldest of them lapses.
 * "Live" is pending with expires_at > now: a lapsed hold counts for nothing
 * the moment it lapses, swept or not.  Walk-ins (staff) are not limited.
 *
 * The single-seat-gap rule (gap_rule = on|off, default on; lib/seatpick.h)
 * is decided in the same transaction, against the seats' statuses after
 * lapsed holds are retired: a customer's hold, or a change of one, whose
 * seats would leave an empty seat alone in a row (between taken seats, or
 * a taken seat and the row's end or an aisle) is refused with
 * BOOKING_ERR_SINGLE_SEAT_GAP naming that seat, unless every choice of that
 * many seats in that row would.  A change is judged on the rows it adds
 * to or lets go of, with the hold's own seats counted as its choice.  Staff
 * walk-ins are not held to it.
 *
 * A seat blocked for the show (lib/seatblock.h) is refused in the same
 * transaction with BOOKING_ERR_SEAT_BLOCKED: to every customer's hold and
 * change, and to the counter unless it is a house seat.  The counter's
 * sale of a house seat leaves the block in place (the seat map shows the
 * sale; were the sale undone, the seat would go back to the house).  A
 * seat both taken and blocked is reported as taken.
 *
 * Configuration (skyfox.conf): hold_minutes (5), max_seats (10, at most
 * BOOKING_SEATS_LIMIT), max_pending_bookings (BOOKING_PENDING_DEFAULT, at
 * most BOOKING_PENDING_LIMIT), booking_window_days (lib/show.h), gap_rule
 * (on). */
#ifndef SKYFOX_BOOKING_H
#define SKYFOX_BOOKING_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "certificate.h"
#include "config.h"
#include "person.h"
#include "pricing.h"

#define BOOKING_SEATS_LIMIT	50	/* the schema's seat_count bound */
#define BOOKING_LABEL_MAX	8	/* "A1", "J10", "AA12" */
#define BOOKING_LIST_MAX	200	/* rows per page of a list */
#define BOOKING_PENDING_DEFAULT	3	/* max_pending_bookings: live holds */
#define BOOKING_PENDING_LIMIT	100	/* max_pending_bookings is clamped */

enum booking_err {
	BOOKING_OK = 0,
	BOOKING_ERR_DB,			/* fail.rc holds the SQLite code */
	BOOKING_ERR_VALIDATION,		/* fail.field / fail.detail */
	BOOKING_ERR_SHOW_NOT_FOUND,
	BOOKING_ERR_SHOW_STARTED,
	BOOKING_ERR_TOO_MANY_SEATS,
	BOOKING_ERR_DUPLICATE_SEAT,	/* fail.seats: the repeated labels */
	BOOKING_ERR_INVALID_SEAT,	/* fail.seats: labels not on the screen */
	BOOKING_ERR_SEATS_UNAVAILABLE,	/* fail.seats: the taken labels */
	BOOKING_ERR_INVALID_AMOUNT,	/* fail.amount_due */
	BOOKING_ERR_NOT_FOUND,
	BOOKING_ERR_EXPIRED,
	BOOKING_ERR_BAD_STATUS,		/* fail.status: the booking's status */
	BOOKING_ERR_DATE_OUT_OF_RANGE,	/* outside the customer's window:
					 * fail.window_days */
	BOOKING_ERR_SHOW_SEATS_CAP,	/* fail.held_seats + asked > max_seats */
	BOOKING_ERR_PENDING_CAP,	/* fail.max_pending live holds already;
					 * fail.retry_after seconds */
	BOOKING_ERR_REFUND_TOO_LATE,	/* confirmed, inside the refund cutoff:
					 * fail.cutoff_minutes, fail.starts_at */
	BOOKING_ERR_REFUND_WALKIN,	/* confirmed, but sold for cash at the
					 * counter: no wallet to refund to */
	BOOKING_ERR_SHOW_CANCELLED,	/* the show was cancelled (lib/show.h
					 * show_cancel): nothing of it can be
					 * held, sold or paid */
	BOOKING_ERR_SINGLE_SEAT_GAP,	/* a customer's seats would leave one
					 * empty seat alone in its row
					 * (gap_rule, lib/seatpick.h):
					 * fail.seats names it */
	BOOKING_ERR_SEAT_BLOCKED,	/* fail.seats: blocked for the show
					 * (lib/seatblock.h): a customer holds
					 * none, the counter sells only a house
					 * seat */
	BOOKING_ERR_NOT_BLOCKED,	/* seatblock_remove: fail.seats, the
					 * seat that has no block to lift */
	BOOKING_ERR_AGE_RESTRICTED,	/* a seat's ticket type is for ages
					 * below the film's certificate
					 * (lib/certificate.h): fail.seats
					 * names the seat, fail.ticket_type
					 * the type, fail.certificate the
					 * film's; booking_fail_age() */
	BOOKING_ERR_COMPANION_ONLY,	/* fail.seats: companion seats a
					 * customer would hold without their
					 * wheelchair space (lib/seatkind.h) */
	BOOKING_ERR_INVALID_TYPE	/* fail.seats.label[0] is a seat asked
					 * for with a ticket type that does not
					 * exist, is inactive, or that the
					 * show's price card does not price
					 * (lib/pricing.h); fail.detail the
					 * type's code ("" when it could not
					 * be one) */
};

/* A list of seat labels as asked for, each with its ticket type
 * (lib/pricing.h; "" as asked: the default type, PRICING_DEFAULT_TYPE).
 * A booking read back, or made, has every type filled in and each seat's
 * price (paise) as sold; a list as asked for has price 0. */
struct booking_seats {
	int	 n;
	char	 label[BOOKING_SEATS_LIMIT][BOOKING_LABEL_MAX + 1];
	char	 type[BOOKING_SEATS_LIMIT][PRICING_CODE_MAX + 1];
	long long price[BOOKING_SEATS_LIMIT];
	/* The customer says they need the wheelchair spaces among them
	 * (lib/seatkind.h: "wheelchair_confirmed" of the request). */
	int	 wheelchair_confirmed;
};

struct booking_fail {
	enum booking_err err;
	int		 rc;		/* BOOKING_ERR_DB */
	struct booking_seats seats;	/* the labels the error is about */
	long long	 amount_due;	/* BOOKING_ERR_INVALID_AMOUNT */
	int		 max_seats;	/* BOOKING_ERR_TOO_MANY_SEATS, _SHOW_SEATS_CAP */
	int		 held_seats;	/* BOOKING_ERR_SHOW_SEATS_CAP: in live holds */
	int		 max_pending;	/* BOOKING_ERR_PENDING_CAP */
	long long	 retry_after;	/* BOOKING_ERR_PENDING_CAP: seconds, >= 1 */
	int		 window_days;	/* BOOKING_ERR_DATE_OUT_OF_RANGE */
	int		 cutoff_minutes; /* BOOKING_ERR_REFUND_TOO_LATE */
	time_t		 starts_at;	/* BOOKING_ERR_REFUND_TOO_LATE: the show */
	char		 status[12];	/* BOOKING_ERR_BAD_STATUS */
	char		 field[32];	/* BOOKING_ERR_VALIDATION */
	char		 detail[160];
	char		 ticket_type[64];	/* BOOKING_ERR_AGE_RESTRICTED:
						 * the type's name, "Child" */
	char		 certificate[CERTIFICATE_NAME_MAX * 4 + 1];
					/* BOOKING_ERR_AGE_RESTRICTED: the
					 * film's, as printed: "UA 13+" */
};

/* Record a refusal in f and return -1 (the writers of lib/booking.c and
 * lib/seatblock.c): err e; a database error rc, after rolling back; or a
 * field's error (BOOKING_ERR_VALIDATION with field and detail). */
int	 booking_fail(struct booking_fail *, enum booking_err);
int	 booking_fail_db(sqlite3 *, struct booking_fail *, int rc);
int	 booking_fail_field(struct booking_fail *, const char *field,
	    const char *detail);
/* BOOKING_ERR_AGE_RESTRICTED for seat (its label) sold as ticket type
 * type_name, which certificate_allows() refused for the film's
 * certificate cert.  Rolls nothing back, as booking_fail. */
int	 booking_fail_age(struct booking_fail *, const char *seat,
	    const char *type_name, const struct certificate *cert);

/* The age rule (issue 15 item 2), inside a hold's or a walk-in's write
 * transaction, once the seats and their ticket types are known and before
 * any row is written: show_id's certificate (certificate_of_show) against
 * each of the n seats' ticket types.  0 when all may be sold; -1 with
 * BOOKING_ERR_AGE_RESTRICTED naming the first refused seat (nothing rolled
 * back, as booking_fail: the caller rolls back as for its other refusals),
 * or BOOKING_ERR_DB (rolled back, as booking_fail_db).  Walk-ins too: the
 * counter cannot sell a Child ticket for an A film either. */
int	 booking_check_ages(sqlite3 *, long long show_id,
	    const struct certificate_ticket *, int n, struct booking_fail *);

/* One booking as everyone reads it: the booking, its show and its seats. */
struct booking {
	long long	 id;
	long long	 show_id;
	long long	 user_id;	/* 0 for a walk-in */
	long long	 walkin_customer_id;
	long long	 sold_by;	/* staff user for walk-ins, else 0 */
	char		 status[12];	/* effective: a lapsed pending hold
					 * reads 'expired' */
	long long	 amount;
	struct booking_seats seats;	/* in seat-map order */
	time_t		 created_at;
	time_t		 expires_at;	/* 0: none */
	time_t		 confirmed_at;	/* 0: not yet */
	time_t		 cancelled_at;
	char		 payment_type[16];	/* "card", "cash"…; "" unpaid */
	/* The show. */
	char		 date[11];
	time_t		 starts_at;
	time_t		 ends_at;
	long long	 movie_id;
	char		 movie_title[160];
	long long	 screen_id;
	char		 screen_name[64];
	long long	 slot_id;
	char		 slot_name[32];
	time_t		 show_cancelled_at;	/* 0: the show is on */
	char		 show_cancel_reason[801];	/* show.h SHOW_REASON_MAX
						 * characters of UTF-8 */
	/* Who it is for: the customer's or the walk-in's name and phone. */
	char		 customer_name[80];
	char		 customer_phone[16];
	char		 username[32];	/* "" for a walk-in */
};

/* A change to a customer's live hold (PATCH /api/bookings/<id>): seats
 * to add, seats to let go; either may be empty, not both. */
struct booking_change {
	struct booking_seats add;
	struct booking_seats remove;
};

/* A walk-in sale at the counter: paid in cash, confirmed at once. */
struct booking_walkin {
	long long	 show_id;
	const char	*customer_name;	/* person.h: as account names */
	const char	*phone;		/* 10 digits */
	long long	 amount_paid;	/* must equal the computed price */
	long long	 sold_by;	/* the staff/admin user */
};

/* What GET /api/bookings asks for.  user_id > 0 restricts to one
 * customer's bookings; the other filters are optional (0 / "" = any). */
struct booking_filter {
	long long	 user_id;
	long long	 show_id;
	char		 date[11];	/* the show's local date */
	char		 status[12];	/* effective status */
	long long	 before_id;	/* cursor: only ids below this */
	int		 limit;		/* 1..BOOKING_LIST_MAX */
	int		 offset;
};

/* Seat labels from a request: a JSON array whose items are labels ("A1":
 * the default ticket type) or {"seat":"A2","type":"child"}, or one string
 * of comma-separated labels (a browser form).  Checks count (1..max_seats:
 * BOOKING_ERR_VALIDATION for none, BOOKING_ERR_TOO_MANY_SEATS above),
 * repeats (BOOKING_ERR_DUPLICATE_SEAT) and that a type could be a code
 * (else BOOKING_ERR_INVALID_TYPE naming the seat); a label that cannot
 * exist is kept for the hold to report as INVALID_SEAT, a type that does
 * not exist for the hold to report as INVALID_TYPE.  0 or -1. */
int		 booking_parse_seats(const cJSON *, int max_seats,
		    struct booking_seats *, struct booking_fail *);
/* 1 when s names a booking status (the schema's list, as the filter of a
 * list takes it), else 0. */
int		 booking_status_known(const char *s);
/* conf max_seats, clamped to 1..BOOKING_SEATS_LIMIT. */
int		 booking_max_seats(const struct conf *);
/* conf max_pending_bookings, clamped to 1..BOOKING_PENDING_LIMIT. */
int		 booking_max_pending(const struct conf *);
/* conf gap_rule: 1 (on, the default) or 0 ("off", "no", "false", "0"). */
int		 booking_gap_rule(const struct conf *);
/* conf hold_minutes, clamped to 1..60. */
int		 booking_hold_minutes(const struct conf *);
/* Walk-in details by the rules of person.h, the ones accounts keep: the
 * name normalised into name (what is stored), then name and phone checked;
 * BOOKING_ERR_VALIDATION naming the field. */
int		 booking_check_walkin(const struct booking_walkin *,
		    char name[PERSON_NAME_MAX], struct booking_fail *);

/* Hold seats of a show for a customer: one BEGIN IMMEDIATE transaction
 * that also keeps the customer's window and caps (above).  On success *out
 * is the new pending booking (expires_at = now + hold). */
int		 booking_hold(sqlite3 *, const struct conf *, time_t now,
		    long long show_id, long long user_id,
		    const struct booking_seats *, struct booking *out,
		    struct booking_fail *);
/* Sell seats at the counter: walk-in customer + pending booking + seats +
 * cash payment + confirmation, one transaction.  *out is confirmed. */
int		 booking_sell_walkin(sqlite3 *, const struct conf *, time_t now,
		    const struct booking_walkin *, const struct booking_seats *,
		    struct booking *out, struct booking_fail *);

/* Read one booking (any owner: the caller decides who may see it). */
int		 booking_get(sqlite3 *, long long id, time_t now,
		    struct booking *out, struct booking_fail *);
/* Read one booking as user_id may see it: user_id > 0 only their own
 * (another's reads as BOOKING_ERR_NOT_FOUND, so its existence does not
 * leak); 0 any (staff). */
int		 booking_get_as(sqlite3 *, long long id, long long user_id,
		    time_t now, struct booking *out, struct booking_fail *);
/* Call fn for each booking matching f, newest first; stops when fn
 * returns non-zero.  0 or -1. */
int		 booking_list(sqlite3 *, const struct booking_filter *,
		    time_t now, int (*fn)(const struct booking *, void *),
		    void *arg, struct booking_fail *);

/* A change's body: {"add": seats, "remove": seats}, each as
 * booking_parse_seats takes them, absent or [] for none.  Errors name the
 * list ("add"/"remove") in fail.field. */
int		 booking_parse_change(const cJSON *body, int max_seats,
		    struct booking_change *, struct booking_fail *);
/* Add seats to or let go of seats of user_id's live hold id, in one
 * transaction, keeping its expires_at: the added seats follow the hold's
 * rules (they exist, are free — a lapsed hold's are taken over — the show
 * has not started and is in the window, the customer's seats of the show
 * stay within max_seats), the removed ones must be the hold's own, and at
 * least one seat stays (cancel to let go of all).  The amount and count
 * follow.  BOOKING_ERR_NOT_FOUND (not theirs), _EXPIRED, _BAD_STATUS (not
 * pending, or a payment of it under way: fail.status "being paid"),
 * _VALIDATION (fail.field "add" or "remove"), and the hold's errors for the
 * added seats.  *out is the booking after the change. */
int		 booking_change(sqlite3 *, const struct conf *, time_t now,
		    long long id, long long user_id,
		    const struct booking_change *, struct booking *out,
		    struct booking_fail *);

/* "Best available" (GET /api/shows/<id>/best): the best count seats of
 * the show for a customer as they stand at now (lib/seatpick.h: a block
 * side by side in one row, nearest the centre and about two-thirds back,
 * that the gap rule allows; else the best split, *together = 0).
 * Wheelchair spaces are never suggested, nor companion seats before
 * their release (conf's companion_release_minutes before the show).
 * Fewer free seats than count: out->n = 0.  SQLITE_OK, SQLITE_DONE for
 * no such (or a cancelled) show, or an error. */
int		 booking_best(sqlite3 *, const struct conf *, long long show_id,
		    time_t now, int count, struct booking_seats *out,
		    int *together);

/* Cancel a pending booking, freeing its seats at once, in its own
 * transaction.  user_id as booking_get_as.  A confirmed booking gives
 * BOOKING_ERR_BAD_STATUS: cancelling with a refund belongs to the payments
 * feature (refund_cancel() in refund.h decides which of the two a booking
 * gets; DELETE /api/bookings/<id> calls that). */
int		 booking_cancel(sqlite3 *, long long id, long long user_id,
		    time_t now, struct booking *out, struct booking_fail *);

/* --- for the payments feature, inside the caller's BEGIN IMMEDIATE ---- */

/* Cancel *b, read earlier in the same transaction: BOOKING_ERR_BAD_STATUS
 * (fail.status) unless it is pending; else released, and *b reads as the
 * cancelled booking. */
int		 booking_cancel_pending(sqlite3 *, struct booking *b, time_t now,
		    struct booking_fail *);

/* Load a booking that user_id is about to pay: BOOKING_ERR_NOT_FOUND when
 * it is not theirs, BOOKING_ERR_EXPIRED when the hold has lapsed,
 * BOOKING_ERR_BAD_STATUS when it is not pending. */
int		 booking_load_for_payment(sqlite3 *, long long id,
		    long long user_id, time_t now, struct booking *out,
		    struct booking_fail *);
/* Mark a paid pending booking confirmed and its seats sold (the schema
 * requires a succeeded payment of exactly the amount to exist first). */
int		 booking_confirm(sqlite3 *, long long id, time_t now,
		    struct booking_fail *);
/* End a booking: status := new_status ('cancelled' or 'expired'), its
 * seats live = 0, the show's version bumped.  No status checks: the caller
 * decided (e.g. after a refund). */
int		 booking_release(sqlite3 *, long long id, const char *new_status,
		    time_t now, struct booking_fail *);

/* --- the sweeper --------------------------------------------------------- */

struct booking_sweep_stats {
	long long	 bookings;	/* marked expired */
	long long	 seats;		/* rows set live = 0 */
	int		 transactions;
	long long	 max_tx_us;	/* longest BEGIN..COMMIT */
	long long	 last_tx_us;
	int		 over_target;	/* transactions longer than target */
	long long	 total_us;
	int		 final_batch;
};

/* One batch: at most `batch` lapsed pending bookings marked expired, their
 * seats freed, their shows' versions bumped; one BEGIN IMMEDIATE
 * transaction.  *n receives how many bookings it expired.  0 or -1 (SQLite
 * code in fail->rc). */
int		 booking_sweep_batch(sqlite3 *, time_t now, int batch, int *n,
		    struct booking_sweep_stats *, struct booking_fail *);
/* Batches until none is left.  Starts at `batch` bookings per transaction
 * and halves it whenever a transaction took longer than target_us (and
 * grows it back when well under), pausing between batches so live traffic
 * gets the write lock.  Sets temp_store = MEMORY on the connection and
 * checkpoints (PASSIVE) between batches rather than inside commits. */
int		 booking_sweep(sqlite3 *, time_t now, int batch,
		    long long target_us, struct booking_sweep_stats *,
		    struct booking_fail *);

/* The booking as the API shows it (DESIGN §8.1).  staff adds the walk-in
 * customer's phone and the username. */
cJSON		*booking_json(const struct booking *, const char *currency,
		    int staff);

#endif
