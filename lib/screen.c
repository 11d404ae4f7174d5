/* screen — screens, seats and categories; see screen.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "screen.h"
#include "text.h"

int
screen_get(sqlite3 *db, long long id, struct screen *s)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(s, 0, sizeof(*s));
	if ((rc = db_prepare(db, "SELECT sc.id, sc.name, (SELECT count(*) FROM"
	    " seats se WHERE se.screen_id = sc.id AND se.retired_at IS NULL)"
	    " FROM screens sc"
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
	    " WHERE se.screen_id = :s AND se.retired_at IS NULL GROUP BY c.id"
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
	/* seats_total counts the seats that can be sold, as a show's does
	 * (a seat of kind blocked never is). */
	if ((rc = db_prepare(db, "SELECT sc.id, sc.name,"
	    " coalesce(sum(se.kind <> 'blocked'), 0),"
	    " coalesce(max(se.grid_row), 0), coalesce(max(se.grid_col), 0)"
	    " FROM screens sc LEFT JOIN seats se ON se.screen_id = sc.id"
	    " AND se.retired_at IS NULL"
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

/* --- the layout ----------------------------------------------------------- */

static int
fail_field(struct screen_fail *f, const char *field, const char *detail)
{
	f->err = SCREEN_ERR_VALIDATION;
	snprintf(f->field, sizeof(f->field), "%s", field);
	snprintf(f->detail, sizeof(f->detail), "%s", detail);
	return -1;
}

static int
fail_db(sqlite3 *db, struct screen_fail *f, int rc)
{
	db_rollback(db);
	f->err = SCREEN_ERR_DB;
	f->rc = rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE ?
	    SQLITE_ERROR : rc;
	return -1;
}

/* "A", "AB": 1..SCREEN_ROW_LABEL_MAX capital letters. */
static int
row_label_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n < 1 || n > SCREEN_ROW_LABEL_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

/* The seat number of label when it is row followed by 1..99 written
 * plainly ("A7", not "A07"), else 0. */
static int
label_number(const char *label, const char *row)
{
	size_t	 r = strlen(row);
	const char *d = label + r;
	int	 v = 0;

	if (strncmp(label, row, r) != 0 || *d < '1' || *d > '9' ||
	    strlen(d) > 2)
		return 0;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return 0;
		v = v * 10 + (*d - '0');
	}
	return v <= SCREEN_NUMBER_MAX ? v : 0;
}

static const struct screen_seat *
layout_find(const struct screen_layout *l, const char *label)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->seat[i].label, label) == 0)
			return &l->seat[i];
	return NULL;
}

/* One seat object of row r (its label row) into l->seat[l->n]. */
static int
parse_seat(const cJSON *o, const char *row, int grid_row, const char *where,
    struct screen_layout *l, struct screen_fail *f)
{
	struct screen_seat *s = &l->seat[l->n];
	const cJSON *v;
	char	 field[96], why[160];

	memset(s, 0, sizeof(*s));
	if (!cJSON_IsObject(o))
		return fail_field(f, where, "a seat: {\"seat\",\"col\","
		    "\"category\",\"kind\",\"companion_of\"}");
	snprintf(field, sizeof(field), "%s.seat", where);
	v = cJSON_GetObjectItemCaseSensitive(o, "seat");
	if (!cJSON_IsString(v) || strlen(v->valuestring) > SCREEN_LABEL_MAX ||
	    (s->number = label_number(v->valuestring, row)) == 0) {
		snprintf(why, sizeof(why), "the seat's label: its row %s and "
		    "a number from 1 to %d, such as %s1", row,
		    SCREEN_NUMBER_MAX, row);
		return fail_field(f, field, why);
	}
	snprintf(s->label, sizeof(s->label), "%s", v->valuestring);
	snprintf(s->row, sizeof(s->row), "%s", row);
	if (layout_find(l, s->label) != NULL) {
		snprintf(why, sizeof(why), "%s is in the layout twice",
		    s->label);
		return fail_field(f, field, why);
	}
	s->grid_row = grid_row;
	snprintf(field, sizeof(field), "%s.col", where);
	v = cJSON_GetObjectItemCaseSensitive(o, "col");
	{
		long long col;

		if (json_item_int(v, &col) != 1 || col < 1 ||
		    col > SCREEN_COL_MAX) {
			snprintf(why, sizeof(why), "the seat's grid column: "
			    "a whole number from 1 to %d", SCREEN_COL_MAX);
			return fail_field(f, field, why);
		}
		s->col = (int)col;
	}
	for (int i = l->n - 1; i >= 0 && l->seat[i].grid_row == grid_row;
	    i--)
		if (l->seat[i].col == s->col) {
			snprintf(why, sizeof(why), "%s and %s are in the same "
			    "column", l->seat[i].label, s->label);
			return fail_field(f, field, why);
		}
	snprintf(field, sizeof(field), "%s.category", where);
	v = cJSON_GetObjectItemCaseSensitive(o, "category");
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    strlen(v->valuestring) >= sizeof(s->category))
		return fail_field(f, field, "the seat's category, such as "
		    "Standard");
	snprintf(s->category, sizeof(s->category), "%s", v->valuestring);
	snprintf(field, sizeof(field), "%s.kind", where);
	v = cJSON_GetObjectItemCaseSensitive(o, "kind");
	s->kind = SEAT_KIND_STANDARD;
	if (v != NULL && !cJSON_IsNull(v) && (!cJSON_IsString(v) ||
	    seatkind_parse(v->valuestring, &s->kind) == -1))
		return fail_field(f, field, "one of standard, wheelchair, "
		    "companion, blocked");
	snprintf(field, sizeof(field), "%s.companion_of", where);
	v = cJSON_GetObjectItemCaseSensitive(o, "companion_of");
	if (v != NULL && !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v) || strlen(v->valuestring) >
		    SCREEN_LABEL_MAX || v->valuestring[0] == '\0')
			return fail_field(f, field, "the label of the "
			    "wheelchair space this companion seat goes with, "
			    "or null");
		snprintf(s->companion_of, sizeof(s->companion_of), "%s",
		    v->valuestring);
	}
	if (s->kind == SEAT_KIND_COMPANION && s->companion_of[0] == '\0')
		return fail_field(f, field, "a companion seat names the "
		    "wheelchair space it goes with");
	if (s->kind != SEAT_KIND_COMPANION && s->companion_of[0] != '\0')
		return fail_field(f, field, "only a companion seat goes with a "
		    "wheelchair space: null for this kind");
	l->n++;
	return 0;
}

int
screen_parse_layout(const cJSON *body, struct screen_layout *l,
    struct screen_fail *f)
{
	const cJSON *v, *rows, *row;
	char	 labels[SCREEN_ROWS_MAX][SCREEN_ROW_LABEL_MAX + 1];
	char	 where[64], why[160];
	int	 r = 0;

	memset(l, 0, sizeof(*l));
	memset(f, 0, sizeof(*f));
	v = cJSON_GetObjectItemCaseSensitive(body, "name");
	if (!cJSON_IsString(v) || !text_reason_valid(v->valuestring,
	    SCREEN_NAME_MAX))
		return fail_field(f, "name", "the screen's name: 1 to 40 "
		    "characters");
	snprintf(l->name, sizeof(l->name), "%s", v->valuestring);
	rows = cJSON_GetObjectItemCaseSensitive(body, "rows");
	if (!cJSON_IsArray(rows) || cJSON_GetArraySize(rows) < 1 ||
	    cJSON_GetArraySize(rows) > SCREEN_ROWS_MAX) {
		snprintf(why, sizeof(why), "the rows, front first: 1 to %d of "
		    "{\"row\":\"A\",\"seats\":[…]}", SCREEN_ROWS_MAX);
		return fail_field(f, "rows", why);
	}
	cJSON_ArrayForEach(row, rows) {
		const cJSON *seats, *seat;
		int	 j = 0, n;

		snprintf(where, sizeof(where), "rows[%d].row", r);
		v = cJSON_GetObjectItemCaseSensitive(row, "row");
		if (!cJSON_IsString(v) || !row_label_ok(v->valuestring))
			return fail_field(f, where, "the row's letter: A to "
			    "Z, or two of them (AA)");
		for (int k = 0; k < r; k++)
			if (strcmp(labels[k], v->valuestring) == 0) {
				snprintf(why, sizeof(why), "row %s is in the "
				    "layout twice", v->valuestring);
				return fail_field(f, where, why);
			}
		snprintf(labels[r], sizeof(labels[0]), "%s", v->valuestring);
		snprintf(where, sizeof(where), "rows[%d].seats", r);
		seats = cJSON_GetObjectItemCaseSensitive(row, "seats");
		n = cJSON_IsArray(seats) ? cJSON_GetArraySize(seats) : -1;
		if (n < 1 || n > SCREEN_ROW_SEATS_MAX) {
			snprintf(why, sizeof(why), "the row's seats: 1 to %d",
			    SCREEN_ROW_SEATS_MAX);
			return fail_field(f, where, why);
		}
		if (l->n + n > SCREEN_SEATS_MAX) {
			snprintf(why, sizeof(why), "a screen has at most %d "
			    "seats", SCREEN_SEATS_MAX);
			return fail_field(f, where, why);
		}
		cJSON_ArrayForEach(seat, seats) {
			snprintf(where, sizeof(where), "rows[%d].seats[%d]",
			    r, j++);
			if (parse_seat(seat, labels[r], r + 1, where, l,
			    f) == -1)
				return -1;
		}
		r++;
	}
	l->nrows = r;
	/* Companions go with a wheelchair space of this same layout. */
	for (int i = 0; i < l->n; i++) {
		const struct screen_seat *s = &l->seat[i], *w;

		if (s->kind != SEAT_KIND_COMPANION)
			continue;
		w = layout_find(l, s->companion_of);
		if (w == NULL || w->kind != SEAT_KIND_WHEELCHAIR) {
			int	 row_i = 0, seat_i = 0;

			for (int k = 0; k < i; k++) {
				if (l->seat[k].grid_row != s->grid_row)
					continue;
				seat_i++;
			}
			row_i = s->grid_row - 1;
			snprintf(where, sizeof(where), "rows[%d].seats[%d]."
			    "companion_of", row_i, seat_i);
			snprintf(why, sizeof(why), "%s is not a wheelchair "
			    "space of this screen", s->companion_of);
			return fail_field(f, where, why);
		}
	}
	return 0;
}

/* --- saving ---------------------------------------------------------------- */

/* A seat of the screen as it stands (retired ones too: a label put back
 * revives its row). */
struct old_seat {
	long long	 id;
	char		 label[SCREEN_LABEL_MAX + 1];
	long long	 category_id;
	enum seat_kind	 kind;
	char		 companion_of[SCREEN_LABEL_MAX + 1];
	int		 retired;
};

static int
load_old(sqlite3 *db, long long screen, struct old_seat **out, int *n)
{
	sqlite3_stmt *st;
	int	 rc, cap = 0;

	*out = NULL;
	*n = 0;
	if ((rc = db_prepare(db, "SELECT s.id, s.label, s.category_id, "
	    "s.kind, coalesce(w.label, ''), s.retired_at IS NOT NULL FROM "
	    "seats s LEFT JOIN seats w ON w.id = s.companion_of WHERE "
	    "s.screen_id = :s", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":s", screen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct old_seat *o;

		if (*n == cap) {
			void	*p = realloc(*out, (size_t)(cap ? cap * 2 :
			    128) * sizeof(**out));

			if (p == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			*out = p;
			cap = cap ? cap * 2 : 128;
		}
		o = &(*out)[(*n)++];
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->label, sizeof(o->label), "%.*s", SCREEN_LABEL_MAX,
		    db_text(st, 1));
		o->category_id = sqlite3_column_int64(st, 2);
		(void)seatkind_parse(db_text(st, 3), &o->kind);
		snprintf(o->companion_of, sizeof(o->companion_of), "%.*s",
		    SCREEN_LABEL_MAX, db_text(st, 4));
		o->retired = sqlite3_column_int(st, 5);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static struct old_seat *
old_find(struct old_seat *o, int n, const char *label)
{
	for (int i = 0; i < n; i++)
		if (strcmp(o[i].label, label) == 0)
			return &o[i];
	return NULL;
}

/* The category ids of l's seats, into cat[]; an unknown name is a field
 * error. */
static int
resolve_categories(sqlite3 *db, const struct screen_layout *l,
    long long *cat, struct screen_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT id FROM seat_categories WHERE name "
	    "= :n", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	for (int i = 0; i < l->n; i++) {
		sqlite3_reset(st);
		db_bind_text(st, ":n", l->seat[i].category);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			cat[i] = sqlite3_column_int64(st, 0);
		else if (rc == SQLITE_DONE) {
			char	 where[64], why[160];
			int	 k = 0;

			for (int j = 0; j < i; j++)
				k += l->seat[j].grid_row == l->seat[i].grid_row;
			sqlite3_finalize(st);
			db_rollback(db);
			snprintf(where, sizeof(where), "rows[%d].seats[%d]."
			    "category", l->seat[i].grid_row - 1, k);
			snprintf(why, sizeof(why), "no seat category is named "
			    "%.60s", l->seat[i].category);
			return fail_field(f, where, why);
		} else {
			sqlite3_finalize(st);
			return fail_db(db, f, rc);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* The first show of the screen that has not ended and is not cancelled
 * with a live hold or a sale on seat o: SCREEN_ERR_IN_USE naming both. */
static int
seat_in_use(sqlite3 *db, long long screen, time_t now,
    const struct old_seat *o, struct screen_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT sh.id, m.title, sh.date, "
	    "sh.starts_at FROM shows sh JOIN movies m ON m.id = sh.movie_id "
	    "JOIN booking_seats bs ON bs.show_id = sh.id AND bs.seat_id = "
	    ":seat AND bs.live = 1 AND (bs.hold_expires_at IS NULL OR "
	    "bs.hold_expires_at > :now) WHERE sh.screen_id = :screen AND "
	    "sh.cancelled_at IS NULL AND sh.ends_at > :now ORDER BY "
	    "sh.starts_at, sh.id LIMIT 1", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_int(st, ":seat", o->id);
	db_bind_int(st, ":screen", screen);
	db_bind_int(st, ":now", (long long)now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->err = SCREEN_ERR_IN_USE;
		f->show_id = sqlite3_column_int64(st, 0);
		snprintf(f->show_title, sizeof(f->show_title), "%s",
		    db_text(st, 1));
		snprintf(f->show_date, sizeof(f->show_date), "%.10s",
		    db_text(st, 2));
		f->show_starts_at = (time_t)sqlite3_column_int64(st, 3);
		snprintf(f->seat, sizeof(f->seat), "%s", o->label);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		db_rollback(db);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : fail_db(db, f, rc);
}

/* The name, for a screen id (0: a new screen, inserted). */
static int
save_name(sqlite3 *db, long long *id, const char *name, struct screen_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT id FROM screens WHERE name = :n AND "
	    "id <> :id", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":n", name);
	db_bind_int(st, ":id", *id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		db_rollback(db);
		f->err = SCREEN_ERR_NAME_TAKEN;
		return -1;
	}
	if (rc != SQLITE_DONE)
		return fail_db(db, f, rc);
	if (*id == 0) {
		if ((rc = db_prepare(db, "INSERT INTO screens (name) VALUES "
		    "(:n)", &st)) != SQLITE_OK)
			return fail_db(db, f, rc);
		db_bind_text(st, ":n", name);
		if ((rc = db_step_done(st)) != SQLITE_OK)
			return fail_db(db, f, rc);
		*id = sqlite3_last_insert_rowid(db);
		return 0;
	}
	if ((rc = db_prepare(db, "UPDATE screens SET name = :n WHERE id = :id",
	    &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":n", name);
	db_bind_int(st, ":id", *id);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (sqlite3_changes(db) == 0) {
		db_rollback(db);
		f->err = SCREEN_ERR_NOT_FOUND;
		return -1;
	}
	return 0;
}

/* Write seat s of the layout (category cat): the row of its label,
 * revived if it was retired, else a new one.  Companions go after the
 * wheelchair spaces they name (the schema's trigger checks them). */
static int
write_seat(sqlite3 *db, long long screen, const struct screen_seat *s,
    long long cat, struct old_seat *old, int nold)
{
	struct old_seat *o = old_find(old, nold, s->label);
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, o != NULL ? "UPDATE seats SET row_label = :row,"
	    " number = :num, category_id = :cat, grid_row = :gr, grid_col = "
	    ":gc, kind = :kind, companion_of = (SELECT id FROM seats WHERE "
	    "screen_id = :screen AND label = :comp), retired_at = NULL WHERE "
	    "id = :id" : "INSERT INTO seats (screen_id, row_label, number, "
	    "label, category_id, grid_row, grid_col, kind, companion_of) VALUES "
	    "(:screen, :row, :num, :label, :cat, :gr, :gc, :kind, (SELECT id "
	    "FROM seats WHERE screen_id = :screen AND label = :comp))", &st)) !=
	    SQLITE_OK)
		return rc;
	if (o != NULL)
		db_bind_int(st, ":id", o->id);
	else
		db_bind_text(st, ":label", s->label);
	db_bind_int(st, ":screen", screen);
	db_bind_text(st, ":row", s->row);
	db_bind_int(st, ":num", s->number);
	db_bind_int(st, ":cat", cat);
	db_bind_int(st, ":gr", s->grid_row);
	db_bind_int(st, ":gc", s->col);
	db_bind_text(st, ":kind", seatkind_name(s->kind));
	if (s->companion_of[0])
		db_bind_text(st, ":comp", s->companion_of);
	else
		db_bind_null(st, ":comp");
	return db_step_done(st);
}

/* Retire seat o, and drop the blocks of shows not ended on it (also for a
 * seat now of kind blocked: it is never sold anyway). */
static int
retire_or_unblock(sqlite3 *db, long long screen, time_t now,
    const struct old_seat *o, int retire)
{
	sqlite3_stmt *st;
	int	 rc;

	if (retire) {
		if ((rc = db_prepare(db, "UPDATE seats SET retired_at = :now "
		    "WHERE id = :id", &st)) != SQLITE_OK)
			return rc;
		db_bind_int(st, ":now", (long long)now);
		db_bind_int(st, ":id", o->id);
		if ((rc = db_step_done(st)) != SQLITE_OK)
			return rc;
	}
	if ((rc = db_prepare(db, "DELETE FROM show_blocks WHERE seat_id = :id "
	    "AND show_id IN (SELECT id FROM shows WHERE screen_id = :screen "
	    "AND ends_at > :now)", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", o->id);
	db_bind_int(st, ":screen", screen);
	db_bind_int(st, ":now", (long long)now);
	return db_step_done(st);
}

/* Old seat o against the layout: 1 when the edit changes what it sells
 * (removed, or another kind, category or companion). */
static int
changed(const struct old_seat *o, const struct screen_seat *s, long long cat)
{
	return s == NULL || s->kind != o->kind || cat != o->category_id ||
	    strcmp(s->companion_of, o->companion_of) != 0;
}

int
screen_save(sqlite3 *db, time_t now, long long *id,
    const struct screen_layout *l, struct screen_fail *f)
{
	struct old_seat *old = NULL;
	long long *cat;
	sqlite3_stmt *st;
	int	 nold = 0, rc;

	memset(f, 0, sizeof(*f));
	if ((cat = calloc((size_t)(l->n ? l->n : 1), sizeof(*cat))) == NULL)
		return fail_db(db, f, SQLITE_NOMEM);
	if ((rc = db_begin(db)) != SQLITE_OK) {
		free(cat);
		return fail_db(db, f, rc);
	}
	if (save_name(db, id, l->name, f) == -1 ||
	    resolve_categories(db, l, cat, f) == -1)
		goto out;
	if ((rc = load_old(db, *id, &old, &nold)) != SQLITE_OK) {
		fail_db(db, f, rc);
		goto out;
	}
	/* Refused as a whole when a changed seat is held or sold for a show
	 * to come: checked before anything is written. */
	for (int i = 0; i < nold; i++) {
		const struct screen_seat *s = layout_find(l, old[i].label);
		long long c = s != NULL ? cat[s - l->seat] : 0;

		if (!old[i].retired && changed(&old[i], s, c) &&
		    seat_in_use(db, *id, now, &old[i], f) == -1)
			goto out;
	}
	for (int i = 0; i < nold; i++) {
		const struct screen_seat *s = layout_find(l, old[i].label);

		if (old[i].retired)
			continue;
		if ((s == NULL || s->kind == SEAT_KIND_BLOCKED) &&
		    (rc = retire_or_unblock(db, *id, now, &old[i],
		    s == NULL)) != SQLITE_OK) {
			fail_db(db, f, rc);
			goto out;
		}
	}
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < l->n; i++) {
			if ((l->seat[i].kind == SEAT_KIND_COMPANION) != pass)
				continue;
			if ((rc = write_seat(db, *id, &l->seat[i], cat[i], old,
			    nold)) != SQLITE_OK) {
				fail_db(db, f, rc);
				goto out;
			}
		}
	/* Every show to come sees the new layout: its seat map's version
	 * moves, and the connection publishes it after the COMMIT. */
	if ((rc = db_prepare(db, "UPDATE shows SET version = version + 1 "
	    "WHERE screen_id = :s AND cancelled_at IS NULL AND ends_at > :now",
	    &st)) != SQLITE_OK) {
		fail_db(db, f, rc);
		goto out;
	}
	db_bind_int(st, ":s", *id);
	db_bind_int(st, ":now", (long long)now);
	if ((rc = db_step_done(st)) != SQLITE_OK ||
	    (rc = db_commit(db)) != SQLITE_OK) {
		fail_db(db, f, rc);
		goto out;
	}
	free(old);
	free(cat);
	return 0;
out:
	free(old);
	free(cat);
	return -1;
}

int
screen_layout_json(sqlite3 *db, long long id, cJSON **out)
{
	struct screen sc;
	sqlite3_stmt *st;
	cJSON	*rows, *row = NULL, *seats = NULL;
	int	 rc, cur = -1;

	*out = NULL;
	if ((rc = screen_get(db, id, &sc)) != SQLITE_ROW)
		return rc;
	if ((rc = db_prepare(db, "SELECT s.row_label, s.grid_row, s.label, "
	    "s.grid_col, c.name, s.kind, w.label FROM seats s JOIN "
	    "seat_categories c ON c.id = s.category_id LEFT JOIN seats w ON "
	    "w.id = s.companion_of WHERE s.screen_id = :s AND s.retired_at IS "
	    "NULL ORDER BY s.grid_row, s.grid_col", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":s", id);
	*out = cJSON_CreateObject();
	json_add_int(*out, "id", sc.id);
	json_add_str(*out, "name", sc.name);
	rows = cJSON_AddArrayToObject(*out, "rows");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON	*o;

		if (row == NULL || sqlite3_column_int(st, 1) != cur) {
			row = cJSON_CreateObject();
			cJSON_AddItemToArray(rows, row);
			json_add_str(row, "row", db_text(st, 0));
			seats = cJSON_AddArrayToObject(row, "seats");
			cur = sqlite3_column_int(st, 1);
		}
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(seats, o);
		json_add_str(o, "seat", db_text(st, 2));
		json_add_int(o, "col", sqlite3_column_int64(st, 3));
		json_add_str(o, "category", db_text(st, 4));
		json_add_str(o, "kind", db_text(st, 5));
		if (sqlite3_column_type(st, 6) == SQLITE_NULL)
			cJSON_AddNullToObject(o, "companion_of");
		else
			json_add_str(o, "companion_of", db_text(st, 6));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}
