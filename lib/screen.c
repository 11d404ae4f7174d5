/* screen — screens, seats and categories; see screen.h. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "screen.h"

int
screen_get(sqlite3 *db, long long id, struct screen *s)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(s, 0, sizeof(*s));
	if ((rc = db_prepare(db, "SELECT sc.id, sc.name, (SELECT count(*) FROM"
	    " seats se WHERE se.screen_id = sc.id) FROM screens sc"
	    " WHERE sc.id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		snprintf(s->name, sizeof(s->name), "%s", db_text(st, 1));
		s->seats = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The categories of one screen, cheapest first. */
static int
categories(sqlite3 *db, long long screen_id, cJSON *out)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT c.name, c.price_offset, count(*)"
	    " FROM seats se JOIN seat_categories c ON c.id = se.category_id"
	    " WHERE se.screen_id = :s GROUP BY c.id"
	    " ORDER BY c.price_offset, c.id", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":s", screen_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *c = cJSON_CreateObject();

		json_add_str(c, "name", db_text(st, 0));
		json_add_int(c, "price_offset", sqlite3_column_int64(st, 1));
		json_add_int(c, "seats", sqlite3_column_int64(st, 2));
		cJSON_AddItemToArray(out, c);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
screen_list(sqlite3 *db, cJSON **out)
{
	sqlite3_stmt *st;
	int	 rc;

	*out = NULL;
	if ((rc = db_prepare(db, "SELECT sc.id, sc.name, count(se.id),"
	    " coalesce(max(se.grid_row), 0), coalesce(max(se.grid_col), 0)"
	    " FROM screens sc LEFT JOIN seats se ON se.screen_id = sc.id"
	    " GROUP BY sc.id ORDER BY sc.id", &st)) != SQLITE_OK)
		return rc;
	*out = cJSON_CreateArray();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON	*s = cJSON_CreateObject(), *g;

		cJSON_AddItemToArray(*out, s);
		json_add_int(s, "id", sqlite3_column_int64(st, 0));
		json_add_str(s, "name", db_text(st, 1));
		json_add_int(s, "seats_total", sqlite3_column_int64(st, 2));
		g = cJSON_AddObjectToObject(s, "grid");
		json_add_int(g, "rows", sqlite3_column_int64(st, 3));
		json_add_int(g, "cols", sqlite3_column_int64(st, 4));
		if ((rc = categories(db, sqlite3_column_int64(st, 0),
		    cJSON_AddArrayToObject(s, "categories"))) != SQLITE_OK)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}
