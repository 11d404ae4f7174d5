/* seatmap — the state of every seat of a show, and its ETag.
 *
 * The rule every reader and writer shares (DESIGN §2: an expired hold is free
 * the moment it expires, whether or not the sweeper has run): a booking_seats
 * row is TAKEN when live = 1 and (hold_expires_at IS NULL or hold_expires_at
 * > now).  A taken seat is "held" while its booking is pending, "sold" once
 * confirmed or checked in, and "mine" when the booking is the viewer's.
 * SEATMAP_TAKEN is that rule as SQL over a booking_seats alias "bs" with the
 * parameter :now, so the seat map, the show list's seats_available and the
 * booking engine cannot drift apart.
 *
 * The ETag must change whenever any seat's status changes, including a hold
 * lapsing with no write at all: W/"<shows.version>-<taken seats>-<viewer>".
 * Every write that changes a seat of a show bumps shows.version (so held →
 * sold, which keeps the count, still changes it); between writes the taken
 * count can only fall, and it falls exactly when a hold lapses.  A sweeper
 * that frees lapsed rows changes no status and so may leave the ETag as it
 * is, but bumping the version does no harm.
 *
 * A seat blocked for the show (lib/seatblock.h) and taken by nobody is
 * "blocked": no customer can hold it (a house seat the counter sold reads
 * "sold" like any sale).  Blocking and unblocking bump shows.version, so
 * the ETag moves with them too.  Who blocked it and why is for staff
 * (seatmap_add_blocks); the public file and customers see the status.
 *
 * A seat of kind blocked (lib/seatkind.h: never sold) is "blocked" for
 * every show and counts in neither seats_total nor seats_available; a
 * seat the screen editor removed (retired) is not on the map at all.  An
 * edit of the screen bumps the version of every show it touches. */
#ifndef SKYFOX_SEATMAP_H
#define SKYFOX_SEATMAP_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "pricing.h"
#include "seatkind.h"

#define SEATMAP_TAKEN \
	"bs.live = 1 AND (bs.hold_expires_at IS NULL OR bs.hold_expires_at > :now)"

#define SEATMAP_ETAG_LEN	80

enum seat_status {
	SEAT_AVAILABLE = 0,
	SEAT_HELD,
	SEAT_SOLD,
	SEAT_MINE,
	SEAT_BLOCKED		/* blocked for this show, free otherwise */
};

struct seat_state {
	long long	 seat_id;
	char		 label[16];	/* "F7" */
	char		 row[8];	/* "F" */
	int		 number;
	int		 grid_row;
	int		 grid_col;
	char		 category[32];
	int		 category_index;	/* in prices.cats, -1: none */
	long long	 price;		/* the default ticket type's price
					 * (lib/pricing.h pricing_price) */
	enum seat_status status;
	long long	 booking_id;	/* the taking booking, 0 when free */
	time_t		 hold_expires_at;	/* a held seat's lapse, else 0 */
	/* A block of the seat for this show (sold or not): block_reason is
	 * NULL when there is none (seatmap_free frees it). */
	char		*block_reason;
	int		 block_house;	/* a house seat: the counter may sell */
	/* The seat's kind (lib/seatkind.h): a kind-blocked seat reads
	 * SEAT_BLOCKED for every show; a companion's wheelchair space. */
	enum seat_kind	 kind;
	char		 companion_of[16];	/* "" unless a companion */
};

struct seatmap {
	long long	 show_id;
	long long	 screen_id;
	long long	 version;	/* shows.version */
	long long	 base_price;	/* shows.price */
	struct pricing_show prices;	/* per category and ticket type */
	long long	 starts_at;
	size_t		 n;
	struct seat_state *seats;	/* by grid_row, grid_col */
	size_t		 taken;
	size_t		 blocked;	/* status SEAT_BLOCKED: blocked, not taken */
	size_t		 unsellable;	/* kind blocked: not in seats_total */
	int		 grid_rows, grid_cols;
};

/* Every seat of the show with its status for viewer_id (0: nobody's
 * "mine").  SQLITE_OK, SQLITE_DONE when there is no such show, or an error.
 * Free with seatmap_free(). */
int		 seatmap_status(sqlite3 *, long long show_id, long long viewer_id,
		    time_t now, struct seatmap *);
void		 seatmap_free(struct seatmap *);
/* The seat with this label ("F7"), or NULL. */
struct seat_state *seatmap_find(const struct seatmap *, const char *label);
const char	*seatmap_status_name(enum seat_status);

/* {"show_id","version","currency","price_card_id","ticket_types":[{"code",
 *  "name","min_age","max_age"}],"grid":{"rows","cols"},"categories":
 *  [{"name","price","prices"}],"seats_total","seats_available","rows":
 *  [{"row","grid_row","seats":[{"seat","number","grid_col","category",
 *  "price","prices":{"adult":25000,"child":15000,...},"status","kind",
 *  "companion_of"}]}]}: price is the default type's; prices has every
 *  type the show sells; kind as lib/seatkind.h names it, companion_of the
 *  wheelchair space's label or null. */
cJSON		*seatmap_json(const struct seatmap *, const char *currency);
/* (The tree borrows strings from the seatmap: print it before
 * seatmap_free.  Its integers are raw cJSON items: read them back from the
 * printed text, not from valuedouble.)  seats_available is seats_total
 * less the taken and the blocked seats. */
/* For staff: each blocked seat of map (seatmap_json's, of the same sm) gets
 * "blocked": {"reason","house"}, sold house seats too, so the counter can
 * tell a house seat it may sell from a broken one. */
void		 seatmap_add_blocks(const struct seatmap *, cJSON *map);

/* The ETag of the show's seat map for viewer_id, cheaply (no seat rows
 * read).  SQLITE_OK, SQLITE_DONE when there is no such show, or an error. */
int		 seatmap_etag(sqlite3 *, long long show_id, long long viewer_id,
		    time_t now, char out[SEATMAP_ETAG_LEN]);
void		 seatmap_etag_format(long long version, long long taken,
		    long long viewer_id, char out[SEATMAP_ETAG_LEN]);
/* RFC 9110 §13.1.2: does If-None-Match (a list, or "*") match etag by weak
 * comparison? */
int		 seatmap_etag_matches(const char *if_none_match, const char *etag);

#endif
