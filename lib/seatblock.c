/* seatblock — seats of one show that can't be sold; see seatblock.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "seatblock.h"
#include "seatmap.h"
#include "text.h"

static void
seats_add(struct booking_seats *s, const char *label)
{
	if (s->n < BOOKING_SEATS_LIMIT)
		snprintf(s->label[s->n++], BOOKING_LABEL_MAX + 1, "%s",
		    label[0] != '\0' ? label : "?");
}

int
seatblock_reason_valid(const char *r)
{
	return text_reason_valid(r, SEATBLOCK_REASON_MAX);
}

int
seatblock_parse(const cJSON *body, struct seatblock_req *req,
    struct booking_fail *f)
{
	int	 r;

	memset(req, 0, sizeof(*req));
	memset(f, 0, sizeof(*f));
	if (!cJSON_IsObject(body))
		return booking_fail_field(f, "seats",
		    "send {\"seats\": [\"C4\"], "
		    "\"reason\": \"broken\", \"house\": false}");
	if (booking_parse_seats(cJSON_GetObjectItemCaseSensitive(body,
	    "seats"), BOOKING_SEATS_LIMIT, &req->seats, f) == -1)
		return -1;
	if ((r = json_get_str(body, "reason", &req->reason)) == 0)
		return booking_fail_field(f, "reason",
		    "is required: say why the seats "
		    "can't be sold (a broken seat, house seats for guests)");
	if (r < 0 || !seatblock_reason_valid(req->reason))
		return booking_fail_field(f, "reason",
		    "must be 1 to 100 characters "
		    "of text");
	if ((r = json_get_bool(body, "house", &req->house)) < 0)
		return booking_fail_field(f, "house", "must be true or false");
	if (r == 0)
		req->house = 0;
	return 0;
}

/* Inside the transaction: the show can take a block now; its screen. */
static int
show_open(sqlite3 *db, long long show_id, time_t now, long long *screen,
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	long long starts = 0;
	int	 rc, cancelled = 0;

	if ((rc = db_prepare(db, "SELECT screen_id, starts_at, cancelled_at "
	    "IS NOT NULL FROM shows WHERE id = :id", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":id", show_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*screen = sqlite3_column_int64(st, 0);
		starts = sqlite3_column_int64(st, 1);
		cancelled = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return booking_fail(f, BOOKING_ERR_SHOW_NOT_FOUND);
	if (rc != SQLITE_ROW)
		return booking_fail_db(db, f, rc);
	if (cancelled)
		return booking_fail(f, BOOKING_ERR_SHOW_CANCELLED);
	if (starts <= (long long)now)
		return booking_fail(f, BOOKING_ERR_SHOW_STARTED);
	return 0;
}

/* The seat ids of the labels on screen (all the bad labels reported
 * together, BOOKING_ERR_INVALID_SEAT). */
static int
resolve(sqlite3 *db, long long screen, const struct booking_seats *want,
    long long ids[], struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	/* A seat the screen's editor removed, or made a blocked seat for
	 * good (lib/seatkind.h), has nothing to block. */
	if ((rc = db_prepare(db, "SELECT id FROM seats WHERE screen_id = "
	    ":screen AND label = :label AND retired_at IS NULL AND kind <> "
	    "'blocked'", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	memset(&f->seats, 0, sizeof(f->seats));
	for (int i = 0; i < want->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":screen", screen);
		db_bind_text(st, ":label", want->label[i]);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			ids[i] = sqlite3_column_int64(st, 0);
		else if (rc == SQLITE_DONE)
			seats_add(&f->seats, want->label[i]);
		else {
			sqlite3_finalize(st);
			return booking_fail_db(db, f, rc);
		}
	}
	sqlite3_finalize(st);
	return f->seats.n > 0 ? booking_fail(f, BOOKING_ERR_INVALID_SEAT) : 0;
}

/* None of the seats is taken at now (a lapsed hold is free: the seat
 * map's rule); the taken ones are named. */
static int
all_free(sqlite3 *db, long long show_id, time_t now,
    const struct booking_seats *want, const long long ids[],
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT 1 FROM booking_seats bs WHERE "
	    "bs.show_id = :show AND bs.seat_id = :seat AND " SEATMAP_TAKEN,
	    &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	memset(&f->seats, 0, sizeof(f->seats));
	for (int i = 0; i < want->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":show", show_id);
		db_bind_int(st, ":seat", ids[i]);
		db_bind_int(st, ":now", (long long)now);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			seats_add(&f->seats, want->label[i]);
		else if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return booking_fail_db(db, f, rc);
		}
	}
	sqlite3_finalize(st);
	return f->seats.n > 0 ?
	    booking_fail(f, BOOKING_ERR_SEATS_UNAVAILABLE) : 0;
}

/* The show's version moves: its seat map's ETag and file follow. */
static int
bump(sqlite3 *db, long long show_id, struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE shows SET version = version + 1 "
	    "WHERE id = :id", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":id", show_id);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return 0;
}

/* The rows: a seat blocked already takes the new reason and flag. */
static int
insert(sqlite3 *db, time_t now, long long show_id, long long by,
    const struct seatblock_req *req, const long long ids[],
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc = SQLITE_OK;

	if ((rc = db_prepare(db, "INSERT INTO show_blocks (show_id, seat_id, "
	    "reason, house, blocked_by, blocked_at) VALUES (:show, :seat, "
	    ":reason, :house, :by, :now) ON CONFLICT (show_id, seat_id) DO "
	    "UPDATE SET reason = excluded.reason, house = excluded.house, "
	    "blocked_by = excluded.blocked_by, blocked_at = "
	    "excluded.blocked_at", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	for (int i = 0; rc == SQLITE_OK && i < req->seats.n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":show", show_id);
		db_bind_int(st, ":seat", ids[i]);
		db_bind_text(st, ":reason", req->reason);
		db_bind_int(st, ":house", req->house ? 1 : 0);
		if (by > 0)
			db_bind_int(st, ":by", by);
		else
			db_bind_null(st, ":by");
		db_bind_int(st, ":now", (long long)now);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK :
		    sqlite3_errcode(db);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : booking_fail_db(db, f, rc);
}

int
seatblock_add(sqlite3 *db, time_t now, long long show_id, long long by,
    const struct seatblock_req *req, struct booking_fail *f)
{
	long long ids[BOOKING_SEATS_LIMIT], screen = 0;
	int	 rc;

	memset(f, 0, sizeof(*f));
	if ((rc = db_begin(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (show_open(db, show_id, now, &screen, f) == -1 ||
	    resolve(db, screen, &req->seats, ids, f) == -1 ||
	    all_free(db, show_id, now, &req->seats, ids, f) == -1 ||
	    insert(db, now, show_id, by, req, ids, f) == -1 ||
	    bump(db, show_id, f) == -1) {
		db_rollback(db);
		return -1;
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return 0;
}

int
seatblock_remove(sqlite3 *db, time_t now, long long show_id,
    const char *label, struct booking_fail *f)
{
	struct booking_seats one;
	sqlite3_stmt *st;
	long long id, screen = 0;
	int	 rc;

	memset(f, 0, sizeof(*f));
	memset(&one, 0, sizeof(one));
	/* A label that could name a seat, or "" (never found, reported as
	 * "?"): a path is never echoed back unchecked. */
	seats_add(&one, strlen(label) <= BOOKING_LABEL_MAX &&
	    strspn(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-") == strlen(label) ? label : "");
	if ((rc = db_begin(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (show_open(db, show_id, now, &screen, f) == -1 ||
	    resolve(db, screen, &one, &id, f) == -1)
		goto refused;
	if ((rc = db_prepare(db, "DELETE FROM show_blocks WHERE show_id = "
	    ":show AND seat_id = :seat", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":show", show_id);
	db_bind_int(st, ":seat", id);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (sqlite3_changes(db) == 0) {
		f->seats = one;
		booking_fail(f, BOOKING_ERR_NOT_BLOCKED);
		goto refused;
	}
	if (bump(db, show_id, f) == -1)
		return -1;
	if ((rc = db_commit(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return 0;
refused:
	db_rollback(db);
	return -1;
}

int
seatblock_list_json(sqlite3 *db, long long show_id, cJSON **out)
{
	sqlite3_stmt *st;
	cJSON	*list;
	int	 rc;

	*out = NULL;
	if ((rc = db_prepare(db, "SELECT se.label, k.reason, k.house, "
	    "u.username, k.blocked_at FROM show_blocks k JOIN seats se ON "
	    "se.id = k.seat_id LEFT JOIN users u ON u.id = k.blocked_by "
	    "WHERE k.show_id = :show ORDER BY se.grid_row, se.grid_col",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":show", show_id);
	*out = cJSON_CreateObject();
	json_add_int(*out, "show_id", show_id);
	list = cJSON_AddArrayToObject(*out, "blocks");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON	*b = cJSON_CreateObject();

		json_add_str(b, "seat", db_text(st, 0));
		json_add_str(b, "reason", db_text(st, 1));
		cJSON_AddBoolToObject(b, "house", sqlite3_column_int(st, 2));
		json_add_str(b, "blocked_by", (const char *)
		    sqlite3_column_text(st, 3));
		json_add_time(b, "blocked_at", sqlite3_column_int64(st, 4));
		cJSON_AddItemToArray(list, b);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}
