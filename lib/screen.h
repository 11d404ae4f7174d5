/* screen — auditoriums and their seats, which are data (DESIGN §7): a screen
 * of any shape is rows of seats placed on a grid (gaps in grid_col are
 * aisles), each seat in a category that carries a price offset. */
#ifndef SKYFOX_SCREEN_H
#define SKYFOX_SCREEN_H

#include <sqlite3.h>
#include <cjson/cJSON.h>

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

#endif
