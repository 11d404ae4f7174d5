/* fixture — the one way the HTTP suites make what a test stands on:
 * accounts, logins, shows, holds, payments, walk-ins and the site's clock.
 *
 * The dialect:
 *   fx_NOUN(…)      makes one (fx_signup, fx_staff, fx_show, fx_hold…) and
 *                   returns what it made: an id (long long), or a Bearer
 *                   token (malloc'd: the caller frees it).
 *   fx_sql_NOUN(…)  the same made with SQL as the data directory's owner:
 *                   fast, no API rules in the way (a started show, a
 *                   customer without Argon2 work), for tests whose subject
 *                   is something else.
 *   fx_try_VERB(…)  sends the request and returns the response untouched
 *                   (struct hresp *, hresp_free it): for tests that judge
 *                   the answer, refusals included.
 * Every fx_ function but fx_try_ asserts that it worked (Check's
 * ck_assert, with the response in the message): a failed set-up ends the
 * test there, so no fx_ function returns an error to check.
 *
 *   char	*tok = fx_sql_customer("bk", name);
 *   long long show = fx_sql_show(&film, 1), id = fx_hold(tok, show, "[\"A1\"]");
 *   fx_pay(tok, id);
 *
 * SQL goes through client.h's db_sql (writes) and db_scalar (read-only),
 * settings through conf_set; fx_sql_int is db_sql's first line as a
 * number.  Every account, screen and show made here is new and unique, so
 * suites sharing the site never meet.  backup_fixture.h adds the backup
 * suite's own (bf_) pieces in the same dialect. */
#ifndef SKYFOX_TEST_FIXTURE_H
#define SKYFOX_TEST_FIXTURE_H

#include "client.h"

#define FX_CUSTOMER_PASSWORD	"Customer#2026"	/* fx_sql_customer's */
#define FX_SIGNUP_PASSWORD	"Secret#2026"	/* fx_signup's */
#define FX_VISA			"4242424242424242"	/* the simulator approves */

/* --- names and SQL ---------------------------------------------------- */

/* A unique name: prefix (up to 12 bytes) and digits.  A static buffer. */
const char	*fx_unique(const char *prefix);
/* A unique 10-digit phone number starting with 9.  A static buffer. */
const char	*fx_phone(void);
/* Run SQL (printf format) with db_sql; its first line as an integer. */
long long	 fx_sql_int(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* --- accounts ----------------------------------------------------------- */

/* A Bearer token for a demo account: "admin", "staff" or "customer". */
char		*fx_login(const char *who);
/* "Cookie: sf_session=…", a header line for http() (malloc'd). */
char		*fx_cookie(const char *username, const char *password);

struct fx_account {
	char	 username[32];
	char	 name[64];
	char	 email[64];
	char	 phone[11];
	char	 password[32];
	char	 answer[32];
	int	 question_id;
};
/* Sign up a customer through POST /api/users (JSON, a real PNG photo):
 * password FX_SIGNUP_PASSWORD, question 2, answer "Chennai". */
void		 fx_signup(const char *prefix, struct fx_account *);
/* A customer made with SQL (the demo customer's password and answer
 * hashes: password FX_CUSTOMER_PASSWORD), an empty wallet, logged in: the
 * token; the username in name. */
char		*fx_sql_customer(const char *prefix, char name[32]);
/* A staff (or admin) account made by the demo admin through the API. */
void		 fx_staff(const char *role, const char *username,
		    const char *password, int counter);

/* --- the site's clock -------------------------------------------------- */

/* The site's today (its clock, its zone) + offset days. */
void		 fx_day(int offset, char out[11]);
/* Move the site's clock by seconds (clock_offset in skyfox.conf). */
void		 fx_clock_offset(long long seconds);
/* Move the site's clock so that it reads at (epoch seconds). */
void		 fx_clock_to(long long at);
/* Put the site's clock back (no clock_offset).  Tests that move it put it
 * back from an unchecked fixture, so a failure half-way cannot leave the
 * next suite in the future. */
void		 fx_clock_back(void);

/* --- shows ---------------------------------------------------------------- */

/* Some local movie's id. */
long long	 fx_movie(const char *admin_token);
/* A free slot of screen on day (asserts there is one). */
long long	 fx_free_slot(const char *admin_token, const char *day, int screen);
/* Schedule a show through the API, today + offset on screen in a free
 * slot; its id. */
long long	 fx_show(const char *admin_token, int offset, int screen,
		    long long price);
/* A new screen with the seats of screen (same rows, labels, categories and
 * grid): a place for a test's show on any date with every slot free. */
long long	 fx_screen_like(int screen);

/* What a suite's SQL shows share: a test movie of its own and a name for
 * their screens, so its reads can tell its shows from everyone's. */
struct fx_film {
	const char	*imdb_id;	/* "tt7700001", one per suite */
	const char	*title;		/* "Booking Test Movie" */
	const char	*screen;	/* "Booking Screen": + " <n>" */
	int		 slot;
	long long	 price;
	const char	*at;		/* fx_sql_show's start, UTC: "15:00:00"
					 * (NULL: the film's shows are all
					 * fx_sql_show_in's) */
};
/* A show of film made with SQL on a screen of its own (a copy of screen
 * 1: rows A–J × 1–10, F–J Deluxe), three hours long: on the local day
 * today + days at film->at (UTC).  Its id. */
long long	 fx_sql_show(const struct fx_film *, int days);
/* The same, starting minutes from now (started, when negative), dated
 * the local day it starts; a started show is today's. */
long long	 fx_sql_show_in(const struct fx_film *, int minutes);

/* --- bookings and payments ----------------------------------------------- */

/* POST /api/bookings: hold seats (a JSON list, "[\"A1\",\"A2\"]"). */
struct hresp	*fx_try_hold(const char *token, long long show,
		    const char *seats);
/* The same, asserting 201: the booking's id. */
long long	 fx_hold(const char *token, long long show, const char *seats);
/* POST /api/bookings by staff: a walk-in sale of seats to name at phone,
 * amount_paid paid. */
struct hresp	*fx_try_walkin(const char *token, long long show,
		    const char *seats, long long paid, const char *name,
		    const char *phone);
/* The same with a fresh phone number, asserting 201 and "confirmed": the
 * booking's id. */
long long	 fx_walkin(const char *staff_token, long long show,
		    const char *seats, long long paid, const char *name);
/* POST /api/payments for booking by method ("card", "wallet"…); with a
 * card number, the card (CVV 123, expiry 12/35, name "Payment Tester"). */
struct hresp	*fx_try_pay(const char *token, long long booking,
		    const char *method, const char *number);
/* Pay booking by card (FX_VISA), asserting 200. */
void		 fx_pay(const char *token, long long booking);

#endif
