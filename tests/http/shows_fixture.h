/* shows_fixture — helpers for the shows and movies suites: demo logins,
 * the site's dates, a free slot, a fresh show, and writing to the test
 * database (to put a booking in place before the booking feature exists). */
#ifndef SKYFOX_TEST_SHOWS_FIXTURE_H
#define SKYFOX_TEST_SHOWS_FIXTURE_H

/* A Bearer token for a demo account: "admin", "staff" or "customer". */
char		*fx_login(const char *who);
/* The site's today (its clock, its zone) + offset days. */
void		 fx_day(int offset, char out[11]);
/* Some local movie's id. */
long long	 fx_movie(const char *admin_token);
/* A free slot of screen on day (asserts there is one). */
long long	 fx_free_slot(const char *admin_token, const char *day, int screen);
/* Schedule a show today + offset on screen in a free slot; its id. */
long long	 fx_show(const char *admin_token, int offset, int screen,
		    long long price);
/* A new screen with the seats of screen (same rows, labels, categories and
 * grid): a place for a test's show on any date with every slot free.  Its
 * id. */
long long	 fx_screen_like(int screen);
/* Run SQL against the test database as its owner (read-write). */
void		 fx_db_exec(const char *sql);
/* Replace (not append) key's line in the test site's skyfox.conf. */
void		 fx_conf_put(const char *key, const char *value);

#endif
