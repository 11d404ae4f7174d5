/* demo.c — `skyfoxctl seed --demo`: the demo accounts of DESIGN §4, and the
 * demo movies and shows.  Runs inside cmd_seed's transaction and is
 * idempotent: an existing demo account is left as it is. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "skyfoxctl.h"

int	 ctl_insert_user(const struct conf *, sqlite3 *, const char *role,
	    const char *username, const char *name, const char *password,
	    int counter, const char *email, const char *phone, int question,
	    const char *answer);

static int
exists(sqlite3 *db, const char *username)
{
	sqlite3_stmt *st;
	int	 found = 0;

	if (db_prepare(db, "SELECT 1 FROM users WHERE username = :u", &st) ==
	    SQLITE_OK) {
		db_bind_text(st, ":u", username);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return found;
}

static int
demo_users(const struct conf *c, sqlite3 *db)
{
	if (!exists(db, "admin") && ctl_insert_user(c, db, "admin", "admin",
	    "Asha Admin", "Admin#2026", 1, NULL, NULL, 0, NULL) == -1)
		return -1;
	if (!exists(db, "staff") && ctl_insert_user(c, db, "staff", "staff",
	    "Sunil Staff", "Staff#2026", 2, NULL, NULL, 0, NULL) == -1)
		return -1;
	/* Security question 2 ("In which city were you born?"): Chennai. */
	if (!exists(db, "customer") && ctl_insert_user(c, db, "customer",
	    "customer", "Chitra Customer", "Customer#2026", 0,
	    "customer@example.com", "9876543210", 2, "Chennai") == -1)
		return -1;
	return 0;
}

int
demo_seed(const struct conf *c, sqlite3 *db)
{
	if (demo_users(c, db) == -1)
		return -1;
	/* Demo movies and shows: added with the shows feature. */
	return 0;
}
