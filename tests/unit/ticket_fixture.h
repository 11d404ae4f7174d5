/* ticket_fixture — a throw-away SkyFox database for the ticket and check-in
 * suites: migrated and seeded like a real one, with helpers that make
 * users, shows and bookings the way the booking engine leaves them (a
 * booking is inserted pending, paid with a succeeded payment of exactly its
 * amount, then confirmed: the schema's trigger insists). */
#ifndef SKYFOX_TICKET_FIXTURE_H
#define SKYFOX_TICKET_FIXTURE_H

#include <sqlite3.h>

struct tf {
	char		 dir[64];
	char		 path[96];
	sqlite3		*db;
	long long	 customer, customer2, staff, staff2;	/* user ids */
};

/* A fresh database in a new temporary directory; Asia/Kolkata time. */
void		 tf_open(struct tf *);
void		 tf_close(struct tf *);
long long	 tf_user(struct tf *, const char *username, const char *role,
		    const char *name);
/* A show of a new movie titled title on a new 10-seat screen (A1–A10),
 * starting at starts, ending at ends. */
long long	 tf_show(struct tf *, const char *title, long long starts,
		    long long ends);
/* A booking of seats ("A1,A2") for user (0: a walk-in named walkin_name),
 * ending in status: pending, confirmed, cancelled or expired.  method is
 * the payment's (card, wallet, wallet+card, cash) for a confirmed one. */
long long	 tf_booking(struct tf *, long long show, long long user,
		    const char *walkin_name, const char *seats,
		    const char *status, const char *method);
/* The first column of the first row of sql, as an integer. */
long long	 tf_int(struct tf *, const char *sql);

#endif
