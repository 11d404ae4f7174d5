/* show — a movie on a screen in a slot of a date, at a base price.
 *
 * Rules (DESIGN §7): the price is 1..300000 paise (₹3000.00); a show cannot
 * be scheduled in the past; a screen runs one show at a time.  The last is
 * stronger than "one show per screen, date and slot" (which the schema's
 * partial unique index also enforces among the shows not cancelled: a
 * cancelled show frees its slot): a show occupies its screen from its start until
 * the later of its slot's end and start + the film's runtime, so a film
 * longer than its slot (7 of the bundled catalog's run past 3 hours) may be
 * scheduled only where it does not run into the next show, and it makes
 * that next slot unavailable in turn.
 *
 * Customers (DESIGN §7) see, hold and pay only the shows of their window:
 * today .. today + booking_window_days - 1 in the cinema's zone (skyfox.conf
 * booking_window_days, default SHOW_WINDOW_DAYS_DEFAULT).  One function,
 * show_in_customer_window(), decides it for every customer route: the list,
 * one show, the seat map (cgi-bin/shows.c), a hold (lib/booking.c) and a
 * payment (lib/payment.c).  Staff and admin see any date.
 *
 * Scheduling returns 0, or -1 with a struct show_fail saying why (as
 * booking does); cgi-bin/shows.c turns that into a status and a code. */
#ifndef SKYFOX_SHOW_H
#define SKYFOX_SHOW_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "config.h"
#include "err.h"
#include "movie.h"
#include "slot.h"

#define SHOW_MAX_PRICE		300000	/* paise: ₹3000.00 */
#define SHOW_WINDOW_DAYS_DEFAULT 7	/* booking_window_days: today..+6 */
#define SHOW_WINDOW_DAYS_MAX	366	/* booking_window_days is clamped */
#define SHOW_TRAILER_MIN_DEFAULT 15	/* trailer_minutes: ads and trailers
					 * before the film */
#define SHOW_TRAILER_MIN_MAX	60

struct show_new {
	long long	 movie_id;
	long long	 screen_id;
	long long	 slot_id;
	char		 date[11];	/* YYYY-MM-DD, the cinema's date */
	long long	 price;		/* paise; with a card, filled in from
					 * it by show_insert */
	long long	 price_card_id;	/* 0: the single price above */
	long long	 created_by;	/* users.id, 0 for none (demo data) */
	int		 trailer_min;	/* show_trailer_minutes(): the show
					 * ends at start + trailers + film */
};

enum show_err {
	SHOW_OK = 0,
	SHOW_ERR_DB,		/* fail.rc holds the SQLite code */
	SHOW_ERR_INVALID_MOVIE,	/* no such movie */
	SHOW_ERR_UNKNOWN_SCREEN,
	SHOW_ERR_UNKNOWN_SLOT,
	SHOW_ERR_PAST,		/* starts at or before now */
	SHOW_ERR_SLOT_TAKEN,	/* the screen is busy then: fail.clash */
	SHOW_ERR_NOT_FOUND,	/* no such show (changing one) */
	SHOW_ERR_STARTED,	/* the show has started: it keeps its price,
				 * and can no longer be cancelled */
	SHOW_ERR_CANCELLED,	/* the show was cancelled (show_cancel) */
	SHOW_ERR_CARD,		/* the price card is unknown or does not
				 * price every active ticket type x seat
				 * category: fail.why says what */
	SHOW_ERR_HAS_BOOKINGS	/* a seat of the show is held or sold: its
				 * prices stay as they are */
};

/* One show as the API gives it (DESIGN §8.1), and as the published day
 * files will: one row reader fills it, show_json() renders it.  The movie's
 * strings and screen_name point into the row that was read and stay valid
 * only until that statement's next step or finalize: the schema bounds
 * none of them (a plot is a paragraph), and a fixed buffer could cut what
 * the API sends.  Render or copy a show before moving on; never
 * movie_free() its movie. */
struct show {
	long long	 id;
	char		 date[11];	/* YYYY-MM-DD, the cinema's date */
	struct movie	 movie;		/* the summary fields only: id, imdb_id,
					 * title, runtime_min, genre, plot,
					 * rating, poster, cert */
	long long	 screen_id;
	const char	*screen_name;
	struct slot	 slot;
	time_t		 starts_at;
	time_t		 ends_at;
	long long	 price;		/* paise: the default ticket type's
					 * price of the cheapest category */
	long long	 price_card_id;	/* 0: a single price */
	const char	*prices;	/* JSON text {"adult":…,"child":…}:
					 * the cheapest category's price per
					 * ticket type; borrowed */
	long long	 seats_total;
	long long	 seats_available;	/* not SEATMAP_TAKEN at now */
	time_t		 cancelled_at;	/* 0: not cancelled */
	const char	*cancel_reason;	/* NULL unless cancelled; borrowed
					 * from the row as the strings above */
};

/* Why scheduling failed (booking_fail style: err is never SHOW_OK). */
struct show_fail {
	enum show_err	 err;
	int		 rc;		/* SHOW_ERR_DB */
	long long	 clash;		/* SHOW_ERR_SLOT_TAKEN: the show in
					 * the way (0: a racing insert) */
	char		 why[160];	/* SHOW_ERR_CARD */
};

/* 1 when price (paise) is in 1..SHOW_MAX_PRICE. */
int		 show_price_valid(long long price);
/* skyfox.conf booking_window_days, clamped to 1..SHOW_WINDOW_DAYS_MAX. */
int		 show_window_days(const struct conf *);
/* skyfox.conf trailer_minutes, clamped to 0..SHOW_TRAILER_MIN_MAX. */
int		 show_trailer_minutes(const struct conf *);
/* How long a show of a film of runtime_min runs (DESIGN §7: trailers
 * then the film); 0 when the runtime is unknown (the show keeps its
 * slot). */
int		 show_length_min(int runtime_min, int trailer_min);
/* 1 when today <= date <= today + days - 1 (both YYYY-MM-DD). */
int		 show_date_in_window(const char *today, const char *date, int days);
/* The one decision: 1 when a customer may see, hold and pay for a show on
 * date (the show's local date), at the site's time now. */
int		 show_in_customer_window(const struct conf *, time_t now,
		    const char *date);
/* Whether movie_id has a show inside the public window (the film a visitor
 * may look up without logging in): SQLITE_ROW, SQLITE_DONE or an error. */
int		 show_movie_in_window(sqlite3 *, const struct conf *, time_t now,
		    long long movie_id);
/* A show's local date: SQLITE_ROW (date filled), SQLITE_DONE (no such
 * show) or an error.  One primary-key read. */
int		 show_date_of(sqlite3 *, long long id, char date[11]);
/* Read {"movie_id","screen_id","date","slot_id"} and one of "price" or
 * "price_card_id" (not both) from a request body; each bad field is
 * recorded in e.  0, or -1 when any field failed. */
int		 show_parse_new(const cJSON *body, struct show_new *, struct err *e);

/* Schedule a show in its own transaction (BEGIN IMMEDIATE): 0 with *id
 * the new show, or -1 with f saying why. */
int		 show_create(sqlite3 *, const struct show_new *, time_t now,
		    long long *id, struct show_fail *f);
/* The same inside the caller's transaction (demo data). */
int		 show_insert(sqlite3 *, const struct show_new *, time_t now,
		    long long *id, struct show_fail *f);

/* Read a change of a show's prices: {"price"} or {"price_card_id"}, one
 * of them.  Bad fields go into e.  0 or -1. */
int		 show_parse_pricing(const cJSON *body, long long *price,
		    long long *card_id, struct err *e);
/* Price show id by a single price (card_id 0: price, 1..SHOW_MAX_PRICE
 * paise, checked by the caller) or by price card card_id, before it
 * starts and while no seat of it is held or sold (at now), in its own
 * transaction; the show's version moves, so seat maps and the published
 * files show the new prices.  0, or -1 with SHOW_ERR_NOT_FOUND,
 * SHOW_ERR_STARTED, SHOW_ERR_CANCELLED, SHOW_ERR_HAS_BOOKINGS,
 * SHOW_ERR_CARD or SHOW_ERR_DB. */
int		 show_set_pricing(sqlite3 *, long long id, long long price,
		    long long card_id, time_t now, struct show_fail *f);

/* Cancelling a show (issue 15 item 7; DESIGN §7): the reason is 1 to
 * SHOW_REASON_MAX characters of valid UTF-8. */
#define SHOW_REASON_MAX		200

/* A paid online booking refunded to its customer's wallet. */
struct show_refund {
	long long	 booking_id;
	long long	 user_id;
	long long	 amount;	/* paise: all that was paid */
};

/* A walk-in (cash) booking: the counter hands its cash back. */
struct show_cash_refund {
	long long	 booking_id;
	long long	 amount;	/* paise */
	char		 customer_name[80];
	char		 phone[11];
};

/* What show_cancel() did.  The arrays are the caller's to
 * show_cancel_result_free(). */
struct show_cancel_result {
	int		 holds_cancelled;	/* live pending holds */
	int		 nrefunded;
	struct show_refund *refunded;
	long long	 refunded_total;
	int		 ncash;
	struct show_cash_refund *cash;
	long long	 cash_total;
};

/* 1 when reason is 1..SHOW_REASON_MAX characters of valid UTF-8 with
 * something besides spaces in it. */
int		 show_reason_valid(const char *reason);
/* Whether show id is cancelled: SQLITE_ROW (*cancelled set), SQLITE_DONE
 * (no such show) or an error. */
int		 show_cancelled(sqlite3 *, long long id, int *cancelled);
/* Cancel show id for reason (show_reason_valid, checked by the caller), as
 * admin (users.id) at now, in one BEGIN IMMEDIATE transaction:
 *   - the show is marked cancelled (cancelled_at, cancelled_by,
 *     cancel_reason) and its version moves: it leaves every list, its
 *     slot can be scheduled again, and nothing of it can be held, paid,
 *     sold at the counter or checked in (SHOW_CANCELLED);
 *   - each pending hold is cancelled (a lapsed one, not yet swept, is
 *     marked expired and not counted), its seats freed;
 *   - each confirmed or checked-in online booking is cancelled and its
 *     whole amount refunded to the customer's wallet as one 'refund'
 *     ledger row whose note carries the reason, whatever
 *     refund_cutoff_minutes says;
 *   - each walk-in booking is cancelled too (its seats freed, it leaves
 *     revenue and the door) and listed in result->cash: the counter owes
 *     its customer the cash back, and the API answers the list once;
 *   - an audit_log row records who, why and the sums.
 * 0, or -1 with f: SHOW_ERR_NOT_FOUND, SHOW_ERR_STARTED (it has started),
 * SHOW_ERR_CANCELLED (already), SHOW_ERR_DB; nothing is changed then.  The
 * caller must not have a transaction open. */
int		 show_cancel(sqlite3 *, long long id, const char *reason,
		    long long admin, time_t now, struct show_cancel_result *,
		    struct show_fail *f);
void		 show_cancel_result_free(struct show_cancel_result *);
/* {"cancelled":true,"refunded":[{"booking_id","amount"}],"cash_refunds":
 * [{"booking_id","amount","customer_name","phone"}],"holds_cancelled":N,
 * "currency"}. */
cJSON		*show_cancel_json(const struct show_cancel_result *,
		    const char *currency);

/* The slots of a date on a screen, each slot_json plus "starts_at",
 * "ends_at" (only when length_min > 0: when a show of that length starting
 * there would end, so a page needs no copy of trailer_minutes),
 * "available" and "reason" (null, "past", "taken": a show in this slot, or
 * "overlap": a longer show runs into it, or a show of length_min would run
 * into a later show) and "show_id" (the show in the way, or null).
 * length_min is show_length_min(); 0 = just the slot.  SQLITE_OK or an
 * error. */
int		 show_slots(sqlite3 *, long long screen_id, const char *date,
		    int length_min, time_t now, cJSON **out);

/* DESIGN §8.1: {"id","date","movie":{"id","imdb_id","title",
 * "runtime_min","genre","plot","rating","poster"},"screen":{"id","name"},
 * "slot":{"id","name","start","end"},"starts_at","ends_at","price",
 * "price_card_id","prices","currency","seats_total","seats_available"},
 * in that order (prices: the cheapest category's, per ticket type); absent movie
 * fields (and runtime 0) are null.  A cancelled show (only show_get reads
 * one) adds "cancelled":{"at","reason"}. */
cJSON		*show_json(const struct show *, const char *currency);
/* Call fn with each show of date that is not cancelled, by start time (seats counted at now);
 * upcoming_only drops the shows that have started (what customers see).
 * Stops early when fn returns non-zero.  SQLITE_OK or an error. */
int		 show_each(sqlite3 *, const char *date, int upcoming_only,
		    time_t now, int (*fn)(const struct show *, void *),
		    void *arg);
/* The same shows as a JSON array of show_json objects. */
int		 show_list(sqlite3 *, const char *date, int upcoming_only,
		    time_t now, const char *currency, cJSON **out);
/* One show in the same shape: SQLITE_ROW, SQLITE_DONE (none) or an error. */
int		 show_get(sqlite3 *, long long id, time_t now,
		    const char *currency, cJSON **out);

#endif
