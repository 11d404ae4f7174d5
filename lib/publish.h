/* publish — the seat maps and show lists written out as static files
 * (DESIGN §12), so Apache serves the two hottest reads without a CGI.
 *
 * Under public_dir (skyfox.conf; default <data_dir>/public), served at
 * /live/:
 *   shows/<YYYY-MM-DD>.json  {"date","version","generated_at","shows":
 *                            […]}: "shows" holds exactly the objects GET
 *                            /api/shows?date= gives a customer (show_each
 *                            + show_json); "version" grows with every
 *                            write to the day's shows (a refreshed film
 *                            record rewrites the days that list it, with
 *                            the same version: the text changes, so
 *                            Apache's ETag does);
 *   seats/<show_id>.json     the seat map of seatmap_json without "mine",
 *                            a held seat with "held_until", and
 *                            "generated_at".
 * One file per day of the public window (today .. today +
 * booking_window_days - 1) and per show of those days; nothing else.
 *
 * The invariants:
 *   - a file is written to a temp file (a dotfile beside it, never served)
 *     and rename()d over the old one: on disk there is the old file or the
 *     new one, never half of one;
 *   - every version of a path has one size, so that the same holds over
 *     HTTP: Apache stat()s a file when it maps the request and opens it
 *     later, and a rename() between the two sends the old file's
 *     Content-Length and ETag with the new file's bytes (cut short, or
 *     padded with NULs).  A file is its compact JSON followed by spaces
 *     (JSON whitespace; no newline) up to the length of the widest text
 *     the same show or day could have: for a seat map every seat held
 *     with a held_until, seats_available at seats_total, version at 19
 *     digits; for a day every show of the day (started ones too) with
 *     seats_available at seats_total, version at 19 digits.  A torn read
 *     is then the whole new file under the old ETag: one extra 200 for
 *     the reader.  Holds, payments, cancels, lapses and the sweeper never
 *     change a file's size; what does is rare and an admin's (a show
 *     scheduled, edited or removed, a film record refreshed, a screen or
 *     skyfox.conf edited).  A text over its size (a field the widest
 *     rendering missed) is written unpadded, never cut, and logged once
 *     per process.  The seat map of a 100-seat screen: 10 040 bytes of
 *     JSON, 13 658 with the padding;
 *   - writers publish after their COMMIT and before they answer, while they
 *     still hold the writers' queue (db_after_commit, lib/db.h): files are
 *     written in commit order, so a seat map's "version" never goes
 *     backwards and the writer's own next read already shows its change.
 *     publish_attach() arranges it for a connection: it notes each shows
 *     row a transaction changes (every seat write bumps shows.version,
 *     lib/booking.h; scheduling inserts one) and each movies row it
 *     updates (an import or refresh-movies), and after the COMMIT
 *     rewrites those shows' seat maps and the days that list them;
 *   - a failure to publish never undoes or fails the write: it is logged,
 *     and the next write of that show or `skyfoxctl publish` repairs it
 *     (the API's own checks decide every hold, never a file);
 *   - a file is rendered at one instant, its "generated_at": a hold that
 *     lapses later is the reader's to treat as free (DESIGN §12), and
 *     publish_compare() re-renders a file at that instant, padding and
 *     all, to judge it (a file that lost its padding differs).
 *
 * Functions return 0, or -1 with struct publish_fail (booking_fail style).
 * Nothing here knows HTTP. */
#ifndef SKYFOX_PUBLISH_H
#define SKYFOX_PUBLISH_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>

#include "config.h"

#define PUBLISH_PATH_MAX	1024
#define PUBLISH_PENDING_MAX	64	/* shows noted per transaction; more
					 * and the whole window is rewritten */

enum publish_err {
	PUBLISH_OK = 0,
	PUBLISH_ERR_DB,		/* fail.rc holds the SQLite code */
	PUBLISH_ERR_IO		/* fail.errnum, fail.path */
};

struct publish_fail {
	enum publish_err err;
	int		 rc;		/* PUBLISH_ERR_DB */
	int		 errnum;	/* PUBLISH_ERR_IO: errno */
	char		 path[PUBLISH_PATH_MAX];	/* PUBLISH_ERR_IO */
};

/* What publish_window did. */
struct publish_stats {
	int		 days;		/* show lists written */
	int		 seats;		/* seat maps written */
	int		 removed;	/* files of days/shows outside the window */
};

/* public_dir: skyfox.conf's, else <data_dir>/public.  0, or -1 when it
 * does not fit out. */
int	 publish_dir(const struct conf *, char *out, size_t);

/* Rewrite one show's seat map, rendered at the site's clock; a show
 * outside the public window (or gone) has its file removed instead. */
int	 publish_seats(sqlite3 *, const struct conf *, long long show_id,
	    struct publish_fail *);
/* Rewrite one day's show list (removed when date is outside the window). */
int	 publish_day(sqlite3 *, const struct conf *, const char *date,
	    struct publish_fail *);
/* Every file of the window at now: each day's list and each of its shows'
 * seat maps; then the files of other days and shows are deleted.  Run it
 * inside the caller's transaction (skyfoxctl publish holds the writers'
 * queue, so no write publishes beside it).  st may be NULL. */
int	 publish_window(sqlite3 *, const struct conf *, time_t now,
	    struct publish_stats *st, struct publish_fail *);

/* Make every committed write on db that changes a show publish its files
 * (above).  conf must outlive the connection.  For the programs that write
 * seats or shows: bookings, payments and shows CGIs (struct app's
 * publish), sweep-holds, settle-payments. */
void	 publish_attach(sqlite3 *, const struct conf *);

/* skyfoxctl check: each file the window at now should have, compared with
 * what the database says it held at its own generated_at.  cb gets the
 * path relative to public_dir ("seats/12.json") and why it is wrong.  Two
 * are warnings (publish_warning): PUBLISH_MISSING (not published yet: a
 * show made outside the API, a day the hourly publish has not added yet)
 * and PUBLISH_STALE (its "version" is below the database's: a write
 * committed and its publishing was cut short, say by kill -9; the next
 * write or publish replaces it).  The rest are disagreements: "differs
 * from the database" (same version, other content: edited by hand, or
 * changed by a write that did not bump the version), "unreadable", "not a
 * file skyfoxctl publish wrote".  Returns how many disagree (warnings not
 * counted), or -1 with f set. */
#define PUBLISH_MISSING	"missing"
#define PUBLISH_STALE	"older than the database"
int	 publish_warning(const char *why);
int	 publish_compare(sqlite3 *, const struct conf *, time_t now,
	    void (*cb)(const char *file, const char *why, void *), void *arg,
	    struct publish_fail *);

#endif
