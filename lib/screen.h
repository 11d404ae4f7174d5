/* screen — auditoriums and their seats, which are data (DESIGN §7): a screen
 * of any shape is rows of seats placed on a grid (gaps in grid_col are
 * aisles), each seat in a category that carries a price offset and of a
 * kind (lib/seatkind.h).
 *
 * The manager draws a screen (issue 15 item 3): POST /api/screens and PUT
 * /api/screens/<id> take the layout GET /api/screens/<id> gives,
 *   {"name","rows":[{"row":"A","seats":[{"seat":"A1","col":1,
 *     "category":"Standard","kind":"standard","companion_of":null}]}]}
 * and screen_save replaces the screen's layout with it, matching seats by
 * label.  A seat the new layout leaves out is retired (its id stays for
 * the bookings of past shows; the label put back revives it).  A seat
 * removed, or whose kind, category or companion_of changes, is CHANGED:
 * when a show that has not ended and is not cancelled has a live hold or a
 * sale on a changed seat, the whole save is refused (SCREEN_ERR_IN_USE,
 * naming the show and the seat), so no edit alters what a customer holds
 * or bought.  Otherwise every show of the screen that has not ended sees
 * the new layout (its version bumped, so its seat map and published file
 * change: lib/publish.h), and per-show blocks of removed or kind-blocked
 * seats are dropped.  One BEGIN IMMEDIATE. */
#ifndef SKYFOX_SCREEN_H
#define SKYFOX_SCREEN_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "seatkind.h"

#define SCREEN_NAME_MAX		40	/* characters */
#define SCREEN_ROWS_MAX		30
#define SCREEN_ROW_SEATS_MAX	60
#define SCREEN_COL_MAX		80
#define SCREEN_SEATS_MAX	1000
#define SCREEN_NUMBER_MAX	99	/* the number of a label "A12" */
#define SCREEN_ROW_LABEL_MAX	2	/* "A".."Z", "AA".."ZZ" */
#define SCREEN_LABEL_MAX	8

struct screen {
	long long	 id;
	char		 name[64];
	int		 seats;		/* how many seats it has */
};

/* SQLITE_ROW (found), SQLITE_DONE (no such screen) or an error. */
int	 screen_get(sqlite3 *, long long id, struct screen *);
/* [{"id","name","seats_total","grid":{"rows","cols"},
 *   "categories":[{"name","price_offset","seats"}]}], by id. */
int	 screen_list(sqlite3 *, cJSON **out);

/* --- the layout ----------------------------------------------------------- */

struct screen_seat {
	char		 label[SCREEN_LABEL_MAX + 1];	/* "A12" */
	char		 row[SCREEN_ROW_LABEL_MAX + 1];	/* "A" */
	int		 number;			/* 12 */
	int		 grid_row;			/* 1: the front row */
	int		 col;
	char		 category[32];
	enum seat_kind	 kind;
	char		 companion_of[SCREEN_LABEL_MAX + 1];	/* "" or "A11" */
};

struct screen_layout {
	char		 name[SCREEN_NAME_MAX * 4 + 1];
	int		 nrows;
	int		 n;
	struct screen_seat seat[SCREEN_SEATS_MAX];	/* by row, then as given */
};

enum screen_err {
	SCREEN_OK = 0,
	SCREEN_ERR_DB,		/* fail.rc */
	SCREEN_ERR_VALIDATION,	/* fail.field ("rows[2].seats[0].col"), detail */
	SCREEN_ERR_NOT_FOUND,
	SCREEN_ERR_NAME_TAKEN,	/* another screen has the name */
	SCREEN_ERR_IN_USE	/* fail.show_*, fail.seat */
};

struct screen_fail {
	enum screen_err	 err;
	int		 rc;
	char		 field[96];
	char		 detail[160];
	/* SCREEN_ERR_IN_USE: the first show holding a changed seat. */
	long long	 show_id;
	char		 show_title[160];
	char		 show_date[11];
	time_t		 show_starts_at;
	char		 seat[SCREEN_LABEL_MAX + 1];
};

/* The layout of a body (the shape above), bounded and checked: row labels
 * 1..2 capital letters, unique; 1..SCREEN_ROWS_MAX rows of
 * 1..SCREEN_ROW_SEATS_MAX seats; each seat labelled by its row and a
 * number 1..99, unique; col 1..SCREEN_COL_MAX, unique in its row; a
 * category name (its existence is screen_save's to check); kind one of
 * four (default standard); companion_of, for a companion and only for
 * one, the label of a wheelchair space of the layout.  Every fault is
 * SCREEN_ERR_VALIDATION naming its field.  0 or -1. */
int	 screen_parse_layout(const cJSON *body, struct screen_layout *,
	    struct screen_fail *);
/* Save l as screen id's layout (id 0: a new screen, *id set), at now, as
 * the header says.  0 or -1. */
int	 screen_save(sqlite3 *, time_t now, long long *id,
	    const struct screen_layout *, struct screen_fail *);
/* {"id","name","rows":[{"row","seats":[{"seat","col","category","kind",
 * "companion_of"}]}]}: SQLITE_OK, SQLITE_DONE (no such screen) or an
 * error. */
int	 screen_layout_json(sqlite3 *, long long id, cJSON **out);

#endif
