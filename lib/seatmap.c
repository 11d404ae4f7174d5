/* seatmap — seat statuses and the seat map's ETag; see seatmap.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "seatmap.h"

const char *
seatmap_status_name(enum seat_status s)
{
	switch (s) {
	case SEAT_AVAILABLE:
		return "available";
	case SEAT_HELD:
		return "held";
	case SEAT_SOLD:
		return "sold";
	case SEAT_MINE:
		return "mine";
	case SEAT_BLOCKED:
		return "blocked";
	}
	return "available";
}

static enum seat_status
status_of(const char *booking_status, long long owner, long long viewer)
{
	if (viewer > 0 && owner == viewer)
		return SEAT_MINE;
	if (strcmp(booking_status, "confirmed") == 0 ||
	    strcmp(booking_status, "checked_in") == 0)
		return SEAT_SOLD;
	/* pending, or a live row of a booking in any other state (which
	 * `skyfoxctl check` reports): taken all the same, since the unique
	 * live-seat index would refuse a new hold on it. */
	return SEAT_HELD;
}

/* Bounded copy of a column's text (no printf on the hot path). */
static void
copy(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const char *t = db_text(st, col);
	size_t	 len = strlen(t);

	if (len >= n)
		len = n - 1;
	memcpy(dst, t, len);
	dst[len] = '\0';
}

static int
by_grid(const void *a, const void *b)
{
	const struct seat_state *x = a, *y = b;

	if (x->grid_row != y->grid_row)
		return x->grid_row < y->grid_row ? -1 : 1;
	return (x->grid_col > y->grid_col) - (x->grid_col < y->grid_col);
}

/* A seat's block for the show (columns 8 and 9 of load_seats), if any:
 * the status is "blocked" until load_taken finds the seat taken. */
static int
read_block(struct seat_state *s, sqlite3_stmt *st)
{
	if (sqlite3_column_type(st, 8) == SQLITE_NULL)
		return SQLITE_OK;
	if ((s->block_reason = strdup(db_text(st, 8))) == NULL)
		return SQLITE_NOMEM;
	s->block_house = sqlite3_column_int(st, 9);
	s->status = SEAT_BLOCKED;
	return SQLITE_OK;
}

/* The screen's seats, priced for the show, with its blocks, in grid
 * order. */
static int
load_seats(sqlite3 *db, struct seatmap *sm)
{
	sqlite3_stmt *st;
	size_t	 cap = 0;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT se.id, se.label, se.row_label,"
	    " se.number, se.grid_row, se.grid_col, c.name, c.price_offset,"
	    " k.reason, k.house, se.kind, coalesce(w.label, '')"
	    " FROM seats se JOIN seat_categories c ON c.id = se.category_id"
	    " LEFT JOIN show_blocks k ON k.show_id = :show AND k.seat_id = se.id"
	    " LEFT JOIN seats w ON w.id = se.companion_of"
	    " WHERE se.screen_id = :screen AND se.retired_at IS NULL", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_int(st, ":screen", sm->screen_id);
	db_bind_int(st, ":show", sm->show_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct seat_state *s;

		if (sm->n == cap) {
			size_t	 ncap = cap ? cap * 2 : 128;
			void	*p = realloc(sm->seats, ncap * sizeof(*s));

			if (p == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			sm->seats = p;
			cap = ncap;
		}
		s = &sm->seats[sm->n++];
		memset(s, 0, sizeof(*s));
		s->seat_id = sqlite3_column_int64(st, 0);
		copy(s->label, sizeof(s->label), st, 1);
		copy(s->row, sizeof(s->row), st, 2);
		s->number = sqlite3_column_int(st, 3);
		s->grid_row = sqlite3_column_int(st, 4);
		s->grid_col = sqlite3_column_int(st, 5);
		copy(s->category, sizeof(s->category), st, 6);
		s->category_index = pricing_cat_index(&sm->prices,
		    s->category);
		s->price = pricing_price(&sm->prices, s->category, NULL);
		if ((rc = read_block(s, st)) != SQLITE_OK)
			break;
		(void)seatkind_parse(db_text(st, 10), &s->kind);
		copy(s->companion_of, sizeof(s->companion_of), st, 11);
		if (s->kind == SEAT_KIND_BLOCKED) {
			s->status = SEAT_BLOCKED;
			sm->unsellable++;
		}
		if (s->grid_row > sm->grid_rows)
			sm->grid_rows = s->grid_row;
		if (s->grid_col > sm->grid_cols)
			sm->grid_cols = s->grid_col;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? SQLITE_ERROR : rc;
	if (sm->n > 1)
		qsort(sm->seats, sm->n, sizeof(sm->seats[0]), by_grid);
	return SQLITE_OK;
}

/* The show's taken seats (booking_seats_one_live), onto the seats. */
static int
load_taken(sqlite3 *db, struct seatmap *sm, long long viewer, time_t now)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT bs.seat_id, bs.booking_id, b.status,"
	    " b.user_id, coalesce(bs.hold_expires_at, 0) FROM booking_seats bs JOIN bookings b"
	    " ON b.id = bs.booking_id WHERE bs.show_id = :show AND "
	    SEATMAP_TAKEN, &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":show", sm->show_id);
	db_bind_int(st, ":now", (long long)now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seat = sqlite3_column_int64(st, 0);

		for (size_t i = 0; i < sm->n; i++) {
			struct seat_state *s = &sm->seats[i];

			if (s->seat_id != seat)
				continue;
			if (s->booking_id == 0)
				sm->taken++;
			s->booking_id = sqlite3_column_int64(st, 1);
			s->status = status_of(db_text(st, 2),
			    sqlite3_column_int64(st, 3), viewer);
			s->hold_expires_at =
			    (time_t)sqlite3_column_int64(st, 4);
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
seatmap_status(sqlite3 *db, long long show_id, long long viewer, time_t now,
    struct seatmap *sm)
{
	sqlite3_stmt *st;
	int	 rc;
	long long card = 0;

	memset(sm, 0, sizeof(*sm));
	if ((rc = db_prepare(db, "SELECT screen_id, price, version, starts_at,"
	    " coalesce(price_card_id, 0) FROM shows WHERE id = :id AND"
	    " cancelled_at IS NULL", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", show_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sm->show_id = show_id;
		sm->screen_id = sqlite3_column_int64(st, 0);
		sm->base_price = sqlite3_column_int64(st, 1);
		sm->version = sqlite3_column_int64(st, 2);
		sm->starts_at = sqlite3_column_int64(st, 3);
		card = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc;
	/* The prices first: each seat is priced as it is read. */
	if ((rc = pricing_load(db, card, sm->base_price, &sm->prices)) !=
	    SQLITE_OK)
		return rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
	/* Two plain reads merged here: the seats (one index range) and the
	 * few taken ones (booking_seats_one_live), rather than probing the
	 * live index once per seat. */
	if ((rc = load_seats(db, sm)) != SQLITE_OK ||
	    (rc = load_taken(db, sm, viewer, now)) != SQLITE_OK) {
		seatmap_free(sm);
		return rc;
	}
	for (size_t i = 0; i < sm->n; i++)
		if (sm->seats[i].status == SEAT_BLOCKED)
			sm->blocked++;
	return SQLITE_OK;
}

void
seatmap_free(struct seatmap *sm)
{
	for (size_t i = 0; i < sm->n; i++)
		free(sm->seats[i].block_reason);
	free(sm->seats);
	sm->seats = NULL;
	sm->n = 0;
}

struct seat_state *
seatmap_find(const struct seatmap *sm, const char *label)
{
	for (size_t i = 0; i < sm->n; i++)
		if (strcmp(sm->seats[i].label, label) == 0)
			return &sm->seats[i];
	return NULL;
}

/* The seat map is the hottest body the site sends (everyone looking at a
 * show polls it), about a hundred objects of six fields.  It is built the
 * cheap way cJSON allows (measured with callgrind): constant keys (not
 * copied), labels, categories and statuses by reference (they live in sm,
 * which the caller frees only after the response is written); integers
 * are plain numbers, which json_write prints without a format string. */
static void
add_ref(cJSON *o, const char *key, const char *v)
{
	cJSON_AddItemToObjectCS(o, key, cJSON_CreateStringReference(v));
}

static void
add_int(cJSON *o, const char *key, long long v)
{
	cJSON_AddItemToObjectCS(o, key, cJSON_CreateNumber((double)v));
}

/* The distinct categories in price order, with this show's price. */
static void
add_categories(const struct seatmap *sm, cJSON *out)
{
	const struct seat_state *seen[16];
	size_t	 n = 0;

	for (size_t i = 0; i < sm->n && n < 16; i++) {
		size_t	 j;

		for (j = 0; j < n; j++)
			if (strcmp(seen[j]->category, sm->seats[i].category) == 0)
				break;
		if (j == n)
			seen[n++] = &sm->seats[i];
	}
	for (size_t i = 1; i < n; i++)		/* insertion sort by price */
		for (size_t j = i; j > 0 && seen[j]->price < seen[j - 1]->price;
		    j--) {
			const struct seat_state *t = seen[j];

			seen[j] = seen[j - 1];
			seen[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		cJSON	*c = cJSON_CreateObject();

		add_ref(c, "name", seen[i]->category);
		add_int(c, "price", seen[i]->price);
		pricing_add_prices(&sm->prices, c, seen[i]->category);
		cJSON_AddItemToArray(out, c);
	}
}

cJSON *
seatmap_json(const struct seatmap *sm, const char *currency)
{
	cJSON	*o = cJSON_CreateObject(), *g, *rows, *row = NULL, *seats = NULL;
	char	 texts[PRICING_CATS_MAX][PRICING_PRICES_TEXT_MAX];
	char	 none[PRICING_PRICES_TEXT_MAX];
	int	 cur_row = -1, c;

	add_int(o, "show_id", sm->show_id);
	add_int(o, "version", sm->version);
	json_add_str(o, "currency", currency);
	add_int(o, "seats_total", (long long)(sm->n - sm->unsellable));
	add_int(o, "seats_available", (long long)(sm->n - sm->taken -
	    sm->blocked));
	if (sm->prices.card_id > 0)
		add_int(o, "price_card_id", sm->prices.card_id);
	else
		cJSON_AddNullToObject(o, "price_card_id");
	/* The types this show sells, in order: the page's steppers. */
	g = cJSON_AddArrayToObject(o, "ticket_types");
	for (int t = 0; t < sm->prices.ntypes; t++) {
		const struct tickettype *tt = &sm->prices.types[t];
		cJSON	*x;

		if (sm->prices.ncats == 0 || sm->prices.cats[0].price[t] <= 0)
			continue;
		x = cJSON_CreateObject();
		add_ref(x, "code", tt->code);
		add_ref(x, "name", tt->name);
		if (tt->min_age >= 0)
			add_int(x, "min_age", tt->min_age);
		else
			cJSON_AddNullToObject(x, "min_age");
		if (tt->max_age >= 0)
			add_int(x, "max_age", tt->max_age);
		else
			cJSON_AddNullToObject(x, "max_age");
		cJSON_AddItemToArray(g, x);
	}
	g = cJSON_AddObjectToObject(o, "grid");
	add_int(g, "rows", sm->grid_rows);
	add_int(g, "cols", sm->grid_cols);
	add_categories(sm, cJSON_AddArrayToObject(o, "categories"));
	rows = cJSON_AddArrayToObject(o, "rows");
	/* Each category's prices as text, once: a seat copies its own. */
	for (c = 0; c < sm->prices.ncats; c++)
		pricing_prices_text(&sm->prices, c, texts[c]);
	pricing_prices_text(&sm->prices, -1, none);
	for (size_t i = 0; i < sm->n; i++) {
		const struct seat_state *s = &sm->seats[i];
		cJSON	*j;

		if (row == NULL || s->grid_row != cur_row) {
			row = cJSON_CreateObject();
			cJSON_AddItemToArray(rows, row);
			add_ref(row, "row", s->row);
			add_int(row, "grid_row", s->grid_row);
			seats = cJSON_CreateArray();
			cJSON_AddItemToObjectCS(row, "seats", seats);
			cur_row = s->grid_row;
		}
		j = cJSON_CreateObject();
		add_ref(j, "seat", s->label);
		add_int(j, "number", s->number);
		add_int(j, "grid_col", s->grid_col);
		add_ref(j, "category", s->category);
		add_int(j, "price", s->price);
		c = s->category_index;
		cJSON_AddItemToObjectCS(j, "prices", cJSON_CreateRaw(c >= 0 ?
		    texts[c] : none));
		add_ref(j, "status", seatmap_status_name(s->status));
		add_ref(j, "kind", seatkind_name(s->kind));
		cJSON_AddItemToObjectCS(j, "companion_of", s->companion_of[0] ?
		    cJSON_CreateStringReference(s->companion_of) :
		    cJSON_CreateNull());
		cJSON_AddItemToArray(seats, j);
	}
	return o;
}

void
seatmap_add_blocks(const struct seatmap *sm, cJSON *map)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(map, "rows"), *row;
	size_t	 i = 0;

	/* seatmap_json lists the seats in sm's order, row by row. */
	cJSON_ArrayForEach(row, rows) {
		cJSON	*seat, *b, *seats = cJSON_GetObjectItemCaseSensitive(row,
		    "seats");

		cJSON_ArrayForEach(seat, seats) {
			if (i < sm->n && sm->seats[i].block_reason != NULL) {
				b = cJSON_AddObjectToObject(seat, "blocked");
				add_ref(b, "reason", sm->seats[i].block_reason);
				cJSON_AddBoolToObject(b, "house",
				    sm->seats[i].block_house);
			}
			i++;
		}
	}
}

void
seatmap_etag_format(long long version, long long taken, long long viewer,
    char out[SEATMAP_ETAG_LEN])
{
	snprintf(out, SEATMAP_ETAG_LEN, "W/\"%lld-%lld-%lld\"", version, taken,
	    viewer);
}

int
seatmap_etag(sqlite3 *db, long long show_id, long long viewer, time_t now,
    char out[SEATMAP_ETAG_LEN])
{
	sqlite3_stmt *st;
	int	 rc;

	out[0] = '\0';
	if ((rc = db_prepare(db, "SELECT sh.version, (SELECT count(*) FROM"
	    " booking_seats bs WHERE bs.show_id = sh.id AND " SEATMAP_TAKEN ")"
	    " FROM shows sh WHERE sh.id = :id AND sh.cancelled_at IS NULL",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", show_id);
	db_bind_int(st, ":now", (long long)now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seatmap_etag_format(sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1), viewer, out);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The opaque part of an entity tag: without W/ (weak comparison). */
static const char *
opaque(const char *t, size_t *len)
{
	if (t[0] == 'W' && t[1] == '/')
		t += 2;
	*len = strlen(t);
	return t;
}

int
seatmap_etag_matches(const char *inm, const char *etag)
{
	size_t	 elen;
	const char *e;

	if (inm == NULL || etag == NULL || *etag == '\0')
		return 0;
	e = opaque(etag, &elen);
	while (*inm != '\0') {
		const char *start, *end;

		while (*inm == ' ' || *inm == '\t' || *inm == ',')
			inm++;
		if (*inm == '\0')
			break;
		if (*inm == '*')
			return 1;
		start = inm;
		if (start[0] == 'W' && start[1] == '/')
			start += 2;
		if (*start != '"')
			return 0;		/* malformed: no match */
		if ((end = strchr(start + 1, '"')) == NULL)
			return 0;
		if ((size_t)(end + 1 - start) == elen &&
		    memcmp(start, e, elen) == 0)
			return 1;
		inm = end + 1;
	}
	return 0;
}
