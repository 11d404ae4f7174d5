/* slot — the daily slots; see slot.h. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "slot.h"

static void
from_row(sqlite3_stmt *st, struct slot *s)
{
	s->id = sqlite3_column_int64(st, 0);
	snprintf(s->name, sizeof(s->name), "%s", db_text(st, 1));
	s->start_min = sqlite3_column_int(st, 2);
	s->end_min = sqlite3_column_int(st, 3);
}

int
slot_get(sqlite3 *db, long long id, struct slot *s)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(s, 0, sizeof(*s));
	if ((rc = db_prepare(db, "SELECT id, name, start_min, end_min FROM slots"
	    " WHERE id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		from_row(st, s);
	sqlite3_finalize(st);
	return rc;
}

int
slot_list(sqlite3 *db, cJSON **out)
{
	sqlite3_stmt *st;
	struct slot s;
	int	 rc;

	*out = NULL;
	if ((rc = db_prepare(db, "SELECT id, name, start_min, end_min FROM slots"
	    " ORDER BY start_min, id", &st)) != SQLITE_OK)
		return rc;
	*out = cJSON_CreateArray();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		from_row(st, &s);
		cJSON_AddItemToArray(*out, slot_json(&s));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}

void
slot_hhmm(int m, char out[6])
{
	if (m < 0)
		m = 0;
	snprintf(out, 6, "%02d:%02d", (m / 60) % 100, m % 60);
}

cJSON *
slot_json(const struct slot *s)
{
	cJSON	*o = cJSON_CreateObject();
	char	 t[6];

	json_add_int(o, "id", s->id);
	json_add_str(o, "name", s->name);
	slot_hhmm(s->start_min, t);
	json_add_str(o, "start", t);
	slot_hhmm(s->end_min, t);
	json_add_str(o, "end", t);
	return o;
}
