/* show — scheduling and listing shows; see show.h. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "json.h"
#include "movie.h"
#include "pricing.h"
#include "seatmap.h"
#include "show.h"
#include "slot.h"

int
show_price_valid(long long price)
{
	return price > 0 && price <= SHOW_MAX_PRICE;
}

int
show_window_days(const struct conf *c)
{
	return conf_int_in(c, "booking_window_days", SHOW_WINDOW_DAYS_DEFAULT,
	    1, SHOW_WINDOW_DAYS_MAX);
}

int
show_date_in_window(const char *today, const char *date, int days)
{
	int	 d = clock_days_between(today, date);

	return d != INT_MIN && d >= 0 && d < days;
}

int
show_in_customer_window(const struct conf *c, time_t now, const char *date)
{
	char	 today[11];

	clock_date(now, today);
	return show_date_in_window(today, date, show_window_days(c));
}

int
show_movie_in_window(sqlite3 *db, const struct conf *c, time_t now,
    long long movie_id)
{
	sqlite3_stmt *st;
	char	 today[11];
	int	 rc;

	clock_date(now, today);
	/* The film's first show from today on (shows_by_movie): the window
	 * holds it or none. */
	if ((rc = db_prepare(db, "SELECT min(date) FROM shows WHERE movie_id = "
	    ":m AND date >= :today AND cancelled_at IS NULL", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":m", movie_id);
	db_bind_text(st, ":today", today);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    show_in_customer_window(c, now,
		    (const char *)sqlite3_column_text(st, 0)) ? SQLITE_ROW :
		    SQLITE_DONE;
	sqlite3_finalize(st);
	return rc;
}

int
show_date_of(sqlite3 *db, long long id, char date[11])
{
	sqlite3_stmt *st;
	int	 rc;

	date[0] = '\0';
	if ((rc = db_prepare(db, "SELECT date FROM shows WHERE id = :id",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(date, 11, "%s", db_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

static void
need_id(const cJSON *b, const char *key, long long *out, struct err *e)
{
	int	 r = json_get_int(b, key, out);

	if (r == 0)
		err_field(e, key, "is required");
	else if (r < 0 || *out <= 0)
		err_field(e, key, "must be a positive whole number (an id)");
}

int
show_parse_new(const cJSON *body, struct show_new *n, struct err *e)
{
	const char *date;
	int	 before = e->nfields, r, y, m, d;

	memset(n, 0, sizeof(*n));
	need_id(body, "movie_id", &n->movie_id, e);
	need_id(body, "screen_id", &n->screen_id, e);
	need_id(body, "slot_id", &n->slot_id, e);
	if ((r = json_get_str(body, "date", &date)) == 0)
		err_field(e, "date", "is required");
	else if (r < 0 || clock_parse_date(date, &y, &m, &d) == -1)
		err_field(e, "date", "must be a calendar date as YYYY-MM-DD");
	else
		snprintf(n->date, sizeof(n->date), "%s", date);
	(void)show_parse_pricing(body, &n->price, &n->price_card_id, e);
	return e->nfields > before ? -1 : 0;
}

int
show_parse_pricing(const cJSON *body, long long *price, long long *card,
    struct err *e)
{
	int	 before = e->nfields, r, rc;

	*price = *card = 0;
	r = json_get_int(body, "price", price);
	rc = json_get_int(body, "price_card_id", card);
	if (r != 0 && rc != 0) {
		err_field(e, "price_card_id", "give a price card or a single "
		    "price, not both");
		return -1;
	}
	if (rc != 0) {
		if (rc < 0 || *card <= 0)
			err_field(e, "price_card_id", "must be a price card's "
			    "id");
	} else if (r == 0)
		err_field(e, "price", "is required (or price_card_id)");
	else if (r < 0)
		err_field(e, "price", "must be a whole number of paise "
		    "(₹350.00 is 35000)");
	else if (!show_price_valid(*price))
		err_field(e, "price", "must be more than 0 and at most 300000 "
		    "paise (₹3000.00)");
	return e->nfields > before ? -1 : 0;
}

/* Inside the caller's transaction: a price card the show can be priced
 * by (lib/pricing.h), and the price shows.price then carries. */
static int
card_price(sqlite3 *db, long long card, long long *price,
    struct show_fail *f)
{
	int	 rc;

	switch (pricing_card_usable(db, card, price, f->why, sizeof(f->why),
	    &rc)) {
	case PRICING_OK:
		return 0;
	case PRICING_ERR_NOT_FOUND:
		snprintf(f->why, sizeof(f->why), "no such price card");
		/* FALLTHROUGH */
	case PRICING_ERR_INVALID:
		f->err = SHOW_ERR_CARD;
		return -1;
	default:
		f->err = SHOW_ERR_DB;
		f->rc = rc;
		return -1;
	}
}

int
show_trailer_minutes(const struct conf *c)
{
	return conf_int_in(c, "trailer_minutes", SHOW_TRAILER_MIN_DEFAULT, 0,
	    SHOW_TRAILER_MIN_MAX);
}

int
show_length_min(int runtime_min, int trailer_min)
{
	if (runtime_min <= 0)
		return 0;
	if (runtime_min > MOVIE_MAX_RUNTIME_MIN)
		runtime_min = MOVIE_MAX_RUNTIME_MIN;
	if (trailer_min < 0 || trailer_min > SHOW_TRAILER_MIN_MAX)
		trailer_min = SHOW_TRAILER_MIN_DEFAULT;
	return runtime_min + trailer_min;
}

/* How long a show keeps its screen: until it ends (DESIGN §7: trailers
 * and film), or its whole slot when the film's length is unknown.  The
 * slot is only the grid shows start on: a show shorter than its slot
 * frees the screen early, a longer one runs into the next slot. */
static int
occupies_min(const struct slot *s, int length_min)
{
	return length_min > 0 ? length_min : s->end_min - s->start_min;
}

/* The show on screen that overlaps [start, end), if any: SQLITE_ROW with
 * *id (preferring the one in slot_id on date), SQLITE_DONE, or an error.
 * Shows run at most MOVIE_MAX_RUNTIME_MIN, so the neighbouring dates are
 * all that can reach; the date range keeps the search on the
 * (screen_id, date, slot_id) index. */
static int
find_clash(sqlite3 *db, long long screen, const char *date, long long slot,
    time_t start, time_t end, long long *id, long long *clash_slot,
    char clash_date[11])
{
	sqlite3_stmt *st;
	char	 d0[11], d1[11];
	int	 rc;

	*id = 0;
	if (clock_add_days(date, -1, d0) == -1 ||
	    clock_add_days(date, 1, d1) == -1)
		return SQLITE_MISUSE;
	if ((rc = db_prepare(db, "SELECT id, slot_id, date FROM shows"
	    " WHERE screen_id = :screen AND date BETWEEN :d0 AND :d1"
	    " AND starts_at < :end AND ends_at > :start"
	    " AND cancelled_at IS NULL"
	    " ORDER BY (slot_id = :slot AND date = :date) DESC, starts_at"
	    " LIMIT 1", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":screen", screen);
	db_bind_text(st, ":d0", d0);
	db_bind_text(st, ":d1", d1);
	db_bind_int(st, ":start", (long long)start);
	db_bind_int(st, ":end", (long long)end);
	db_bind_int(st, ":slot", slot);
	db_bind_text(st, ":date", date);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*clash_slot = sqlite3_column_int64(st, 1);
		snprintf(clash_date, 11, "%s", db_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc;
}

/* SQLITE_ROW with the movie's runtime (0 unknown), SQLITE_DONE, error. */
static int
movie_runtime(sqlite3 *db, long long id, int *runtime)
{
	sqlite3_stmt *st;
	int	 rc;

	*runtime = 0;
	if ((rc = db_prepare(db, "SELECT coalesce(runtime_min, 0) FROM movies"
	    " WHERE id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*runtime = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static int
screen_exists(sqlite3 *db, long long id)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT 1 FROM screens WHERE id = :id", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc;
}

/* -1 with f saying why: a rule (refuse) or SQLite (db_fail). */
static int
refuse(struct show_fail *f, enum show_err err)
{
	f->err = err;
	return -1;
}

static int
db_fail(struct show_fail *f, int rc)
{
	f->err = SHOW_ERR_DB;
	f->rc = rc;
	return -1;
}

/* The show's start and end, after checking what it names exists and that
 * it is in the future: 0, or -1 with f set. */
static int
show_times(sqlite3 *db, const struct show_new *n, time_t now, time_t *start,
    time_t *end, struct show_fail *f)
{
	struct slot slot;
	int	 rc, runtime;

	if ((rc = movie_runtime(db, n->movie_id, &runtime)) == SQLITE_DONE)
		return refuse(f, SHOW_ERR_INVALID_MOVIE);
	if (rc != SQLITE_ROW)
		return db_fail(f, rc);
	if ((rc = screen_exists(db, n->screen_id)) == SQLITE_DONE)
		return refuse(f, SHOW_ERR_UNKNOWN_SCREEN);
	if (rc != SQLITE_ROW)
		return db_fail(f, rc);
	if ((rc = slot_get(db, n->slot_id, &slot)) == SQLITE_DONE)
		return refuse(f, SHOW_ERR_UNKNOWN_SLOT);
	if (rc != SQLITE_ROW)
		return db_fail(f, rc);
	if ((*start = clock_local(n->date, slot.start_min)) == -1)
		return db_fail(f, SQLITE_MISUSE);
	if (*start <= now)
		return refuse(f, SHOW_ERR_PAST);
	*end = *start + (time_t)occupies_min(&slot,
	    show_length_min(runtime, n->trailer_min)) * 60;
	return 0;
}

int
show_insert(sqlite3 *db, const struct show_new *n, time_t now, long long *id,
    struct show_fail *f)
{
	sqlite3_stmt *st;
	time_t	 start, end;
	long long cslot, price = n->price;
	char	 cdate[11];
	int	 rc;

	*id = 0;
	memset(f, 0, sizeof(*f));
	if (show_times(db, n, now, &start, &end, f) == -1)
		return -1;
	if (n->price_card_id > 0 && card_price(db, n->price_card_id, &price,
	    f) == -1)
		return -1;
	rc = find_clash(db, n->screen_id, n->date, n->slot_id, start, end,
	    &f->clash, &cslot, cdate);
	if (rc == SQLITE_ROW)
		return refuse(f, SHOW_ERR_SLOT_TAKEN);
	if (rc != SQLITE_DONE)
		return db_fail(f, rc);
	if ((rc = db_prepare(db, "INSERT INTO shows (movie_id, screen_id,"
	    " slot_id, date, starts_at, ends_at, price, price_card_id,"
	    " created_by, created_at) VALUES (:movie, :screen, :slot, :date,"
	    " :start, :end, :price, :card, :by, :now)", &st)) != SQLITE_OK)
		return db_fail(f, rc);
	db_bind_int(st, ":movie", n->movie_id);
	db_bind_int(st, ":screen", n->screen_id);
	db_bind_int(st, ":slot", n->slot_id);
	db_bind_text(st, ":date", n->date);
	db_bind_int(st, ":start", (long long)start);
	db_bind_int(st, ":end", (long long)end);
	db_bind_int(st, ":price", price);
	if (n->price_card_id > 0)
		db_bind_int(st, ":card", n->price_card_id);
	else
		db_bind_null(st, ":card");
	if (n->created_by > 0)
		db_bind_int(st, ":by", n->created_by);
	else
		db_bind_null(st, ":by");
	db_bind_int(st, ":now", (long long)now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return refuse(f, SHOW_ERR_SLOT_TAKEN);
	if (rc != SQLITE_DONE)
		return db_fail(f, rc);
	*id = sqlite3_last_insert_rowid(db);
	return 0;
}

int
show_create(sqlite3 *db, const struct show_new *n, time_t now, long long *id,
    struct show_fail *f)
{
	int	 rc;

	*id = 0;
	memset(f, 0, sizeof(*f));
	if ((rc = db_begin(db)) != SQLITE_OK)
		return db_fail(f, rc);
	if (show_insert(db, n, now, id, f) == -1) {
		db_rollback(db);
		return -1;
	}
	if ((rc = db_commit(db)) != SQLITE_OK) {
		db_rollback(db);
		return db_fail(f, rc);
	}
	return 0;
}

/* Inside the transaction: is a seat of show id held or sold at now? */
static int
has_bookings(sqlite3 *db, long long id, time_t now, int *yes)
{
	sqlite3_stmt *st;
	int	 rc;

	*yes = 0;
	if ((rc = db_prepare(db, "SELECT 1 FROM booking_seats bs WHERE"
	    " bs.show_id = :id AND " SEATMAP_TAKEN " LIMIT 1", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	db_bind_int(st, ":now", (long long)now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*yes = 1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
show_set_pricing(sqlite3 *db, long long id, long long price, long long card,
    time_t now, struct show_fail *f)
{
	sqlite3_stmt *st;
	long long changed = 0;
	int	 rc, booked = 0, cancelled = 0;

	memset(f, 0, sizeof(*f));
	if ((rc = db_begin(db)) != SQLITE_OK)
		return db_fail(f, rc);
	/* Decided in the one write transaction, so no hold can slip in
	 * between the check and the new prices. */
	if ((rc = show_cancelled(db, id, &cancelled)) == SQLITE_DONE) {
		db_rollback(db);
		return refuse(f, SHOW_ERR_NOT_FOUND);
	}
	if (rc != SQLITE_ROW)
		goto dberr;
	if (cancelled) {
		db_rollback(db);
		return refuse(f, SHOW_ERR_CANCELLED);
	}
	if ((rc = has_bookings(db, id, now, &booked)) != SQLITE_OK)
		goto dberr;
	if (booked) {
		db_rollback(db);
		return refuse(f, SHOW_ERR_HAS_BOOKINGS);
	}
	if (card > 0 && card_price(db, card, &price, f) == -1) {
		db_rollback(db);
		return -1;
	}
	if ((rc = db_prepare(db, "UPDATE shows SET price = :p, price_card_id ="
	    " :card, version = version + 1 WHERE id = :id AND starts_at > :now"
	    " RETURNING id", &st)) != SQLITE_OK)
		goto dberr;
	db_bind_int(st, ":p", price);
	if (card > 0)
		db_bind_int(st, ":card", card);
	else
		db_bind_null(st, ":card");
	db_bind_int(st, ":id", id);
	db_bind_int(st, ":now", (long long)now);
	if ((rc = db_step_returning(st, &changed)) != SQLITE_OK)
		goto dberr;
	if (changed == 0) {
		db_rollback(db);
		return refuse(f, SHOW_ERR_STARTED);
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		goto dberr;
	return 0;
dberr:
	db_rollback(db);
	return db_fail(f, rc);
}

/* One slot of a date on a screen as show_slots() answers it: whether it
 * is free, and if not, why (reason: NULL, "past", "taken" or "overlap")
 * and the show in the way (show_id, 0 for none). */
struct slot_state {
	struct slot	 slot;
	time_t		 starts_at;
	time_t		 ends_at;	/* a show of the film asked about would
					 * end then (trailers and film); 0 when
					 * no film or its runtime is unknown */
	const char	*reason;
	long long	 show_id;
};

/* Fill ss->starts_at, reason and show_id for ss->slot: SQLITE_OK or an
 * error. */
static int
slot_state_fill(sqlite3 *db, long long screen, const char *date,
    int length_min, time_t now, struct slot_state *ss)
{
	time_t	 end;
	long long cslot = 0;
	char	 cdate[11] = "";
	int	 rc;

	ss->reason = NULL;
	if ((ss->starts_at = clock_local(date, ss->slot.start_min)) == -1)
		return SQLITE_MISUSE;
	end = ss->starts_at + (time_t)occupies_min(&ss->slot, length_min) * 60;
	ss->ends_at = length_min > 0 ? end : 0;
	rc = find_clash(db, screen, date, ss->slot.id, ss->starts_at, end,
	    &ss->show_id, &cslot, cdate);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (ss->starts_at <= now)
		ss->reason = "past";
	else if (ss->show_id != 0)
		ss->reason = cslot == ss->slot.id && strcmp(cdate, date) == 0 ?
		    "taken" : "overlap";
	return SQLITE_OK;
}

/* slot_json plus "starts_at", "ends_at" (a film of known runtime asked
 * about), "available", "reason" and "show_id". */
static cJSON *
slot_state_json(const struct slot_state *ss)
{
	cJSON	*o = slot_json(&ss->slot);

	json_add_time(o, "starts_at", ss->starts_at);
	if (ss->ends_at != 0)
		json_add_time(o, "ends_at", ss->ends_at);
	cJSON_AddBoolToObject(o, "available", ss->reason == NULL);
	json_add_str(o, "reason", ss->reason);
	if (ss->show_id != 0)
		json_add_int(o, "show_id", ss->show_id);
	else
		cJSON_AddNullToObject(o, "show_id");
	return o;
}

int
show_slots(sqlite3 *db, long long screen, const char *date, int length_min,
    time_t now, cJSON **out)
{
	sqlite3_stmt *st;
	struct slot_state ss;
	int	 rc;

	*out = NULL;
	if ((rc = db_prepare(db, "SELECT id, name, start_min, end_min FROM slots"
	    " ORDER BY start_min, id", &st)) != SQLITE_OK)
		return rc;
	*out = cJSON_CreateArray();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&ss, 0, sizeof(ss));
		ss.slot.id = sqlite3_column_int64(st, 0);
		snprintf(ss.slot.name, sizeof(ss.slot.name), "%s",
		    db_text(st, 1));
		ss.slot.start_min = sqlite3_column_int(st, 2);
		ss.slot.end_min = sqlite3_column_int(st, 3);
		if ((rc = slot_state_fill(db, screen, date, length_min, now,
		    &ss)) != SQLITE_OK)
			break;
		cJSON_AddItemToArray(*out, slot_state_json(&ss));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}

/* A show's "prices": the cheapest category's price for each active
 * ticket type the show sells, as JSON text {"adult":25000,...}: by its
 * card (a type the card does not price is left out), or (a single price)
 * the show's price for every active type.  Worked out here rather than
 * as a subquery per show row: a day's shows share a handful of cards, so
 * the types are read once and each card once (the day file is written
 * on every hold). */
#define SHOW_PRICE_CARDS	8	/* cards remembered per listing */

struct prices_memo {
	int		 ntypes;		/* -1: not read yet */
	char		 codes[PRICING_TYPES_MAX][PRICING_CODE_MAX + 1];
	sqlite3_stmt	*card;			/* a card's prices */
	int		 ncards;
	struct {
		long long	 id;
		char		 json[PRICING_PRICES_TEXT_MAX];
	}		 cards[SHOW_PRICE_CARDS];
	char		 row[PRICING_PRICES_TEXT_MAX];	/* the current show's */
};

#define PRICES_MEMO_INIT	{ .ntypes = -1 }

static int
memo_type(const struct tickettype *t, void *arg)
{
	struct prices_memo *m = arg;

	if (m->ntypes < PRICING_TYPES_MAX)
		snprintf(m->codes[m->ntypes++], sizeof(m->codes[0]), "%s",
		    t->code);
	return 0;
}

/* The prices of card into out: SQLITE_OK or an error. */
static int
card_prices(sqlite3 *db, struct prices_memo *m, long long card, char *out)
{
	size_t	 len = 1;
	int	 rc;

	if (m->card == NULL && (rc = db_prepare(db, "SELECT p.type, p.price"
	    " FROM price_card_prices p JOIN ticket_types t ON t.code = p.type"
	    " WHERE p.card_id = :card AND t.active = 1 AND p.category_id ="
	    " (SELECT cat.id FROM seat_categories cat ORDER BY"
	    " cat.price_offset, cat.id LIMIT 1) ORDER BY t.sort, t.code",
	    &m->card)) != SQLITE_OK)
		return rc;
	sqlite3_reset(m->card);
	db_bind_int(m->card, ":card", card);
	out[0] = '{';
	while ((rc = sqlite3_step(m->card)) == SQLITE_ROW)
		pricing_text_put(out, &len, db_text(m->card, 0),
		    sqlite3_column_int64(m->card, 1));
	memcpy(out + len, "}", 2);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* s's prices, into s->prices (valid until the next call or
 * memo_free): SQLITE_OK or an error. */
static int
memo_prices(sqlite3 *db, struct prices_memo *m, struct show *s)
{
	size_t	 len = 1;
	int	 rc, i;

	if (s->price_card_id > 0) {
		for (i = 0; i < m->ncards; i++)
			if (m->cards[i].id == s->price_card_id) {
				s->prices = m->cards[i].json;
				return SQLITE_OK;
			}
		if (m->ncards < SHOW_PRICE_CARDS) {
			i = m->ncards;
			if ((rc = card_prices(db, m, s->price_card_id,
			    m->cards[i].json)) != SQLITE_OK)
				return rc;
			m->cards[i].id = s->price_card_id;
			m->ncards++;
			s->prices = m->cards[i].json;
			return SQLITE_OK;
		}
		s->prices = m->row;
		return card_prices(db, m, s->price_card_id, m->row);
	}
	if (m->ntypes < 0) {
		m->ntypes = 0;
		if ((rc = tickettype_each(db, 1, memo_type, m)) != SQLITE_OK)
			return rc;
	}
	m->row[0] = '{';
	for (i = 0; i < m->ntypes; i++)
		pricing_text_put(m->row, &len, m->codes[i], s->price);
	memcpy(m->row + len, "}", 2);
	s->prices = m->row;
	return SQLITE_OK;
}

static void
memo_free(struct prices_memo *m)
{
	sqlite3_finalize(m->card);
	m->card = NULL;
}

/* The columns show_read reads, in order. */
#define SHOW_SELECT \
	"SELECT sh.id, sh.date, sh.starts_at, sh.ends_at, sh.price," \
	" coalesce(sh.price_card_id, 0)," \
	" m.id, m.imdb_id, m.title, m.runtime_min, m.genre, m.plot, m.rating," \
	" m.poster, sc.id, sc.name, sl.id, sl.name, sl.start_min, sl.end_min," \
	" (SELECT count(*) FROM seats se WHERE se.screen_id = sh.screen_id" \
	"  AND se.retired_at IS NULL AND se.kind <> 'blocked')," \
	" (SELECT count(*) FROM booking_seats bs WHERE bs.show_id = sh.id" \
	"  AND " SEATMAP_TAKEN ") + (SELECT count(*) FROM show_blocks k" \
	"  WHERE k.show_id = sh.id AND NOT EXISTS (SELECT 1 FROM" \
	"  booking_seats bs WHERE bs.show_id = k.show_id AND" \
	"  bs.seat_id = k.seat_id AND " SEATMAP_TAKEN "))," \
	" coalesce(sh.cancelled_at, 0), sh.cancel_reason," \
	" ce.code, ce.name, ce.min_age" \
	" FROM shows sh JOIN movies m ON m.id = sh.movie_id" \
	" LEFT JOIN certificates ce ON ce.code = m.certificate" \
	" JOIN screens sc ON sc.id = sh.screen_id" \
	" JOIN slots sl ON sl.id = sh.slot_id"

/* A column's text, NULL for SQL NULL; valid until the next step.  struct
 * movie's strings are not const (it owns them elsewhere); a show's movie
 * only borrows them and never writes through them. */
static char *
text_or_null(sqlite3_stmt *st, int i)
{
	return (char *)sqlite3_column_text(st, i);
}

/* The one row reader: a SHOW_SELECT row into *s (see struct show for how
 * long its strings live). */
static void
show_read(sqlite3_stmt *st, struct show *s)
{
	/* Taken, or blocked for the show (lib/seatblock.h) and free: the
	 * seat map's seats_available counts the same way. */
	long long taken = sqlite3_column_int64(st, 21);

	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	snprintf(s->date, sizeof(s->date), "%s", db_text(st, 1));
	s->starts_at = (time_t)sqlite3_column_int64(st, 2);
	s->ends_at = (time_t)sqlite3_column_int64(st, 3);
	s->price = sqlite3_column_int64(st, 4);
	s->price_card_id = sqlite3_column_int64(st, 5);
	s->movie.id = sqlite3_column_int64(st, 6);
	s->movie.imdb_id = text_or_null(st, 7);
	s->movie.title = text_or_null(st, 8);
	s->movie.runtime_min = sqlite3_column_int(st, 9);
	s->movie.genre = text_or_null(st, 10);
	s->movie.plot = text_or_null(st, 11);
	s->movie.rating = text_or_null(st, 12);
	s->movie.poster = text_or_null(st, 13);
	s->screen_id = sqlite3_column_int64(st, 14);
	s->screen_name = db_text(st, 15);
	s->slot.id = sqlite3_column_int64(st, 16);
	snprintf(s->slot.name, sizeof(s->slot.name), "%s", db_text(st, 17));
	s->slot.start_min = sqlite3_column_int(st, 18);
	s->slot.end_min = sqlite3_column_int(st, 19);
	s->seats_total = sqlite3_column_int64(st, 20);
	s->seats_available = s->seats_total > taken ? s->seats_total - taken :
	    0;
	s->cancelled_at = (time_t)sqlite3_column_int64(st, 22);
	s->cancel_reason = text_or_null(st, 23);
	certificate_from_row(st, 24, &s->movie.cert);
}

cJSON *
show_json(const struct show *s, const char *currency)
{
	cJSON	*o = cJSON_CreateObject(), *sc;

	json_add_int(o, "id", s->id);
	json_add_str(o, "date", s->date);
	cJSON_AddItemToObject(o, "movie", movie_summary_json(&s->movie));
	sc = cJSON_AddObjectToObject(o, "screen");
	json_add_int(sc, "id", s->screen_id);
	json_add_str(sc, "name", s->screen_name);
	cJSON_AddItemToObject(o, "slot", slot_json(&s->slot));
	json_add_time(o, "starts_at", s->starts_at);
	json_add_time(o, "ends_at", s->ends_at);
	json_add_int(o, "price", s->price);
	if (s->price_card_id > 0)
		json_add_int(o, "price_card_id", s->price_card_id);
	else
		cJSON_AddNullToObject(o, "price_card_id");
	/* JSON already (memo_prices); type codes need no escaping. */
	cJSON_AddItemToObject(o, "prices", cJSON_CreateRaw(s->prices &&
	    *s->prices ? s->prices : "{}"));
	json_add_str(o, "currency", currency);
	json_add_int(o, "seats_total", s->seats_total);
	json_add_int(o, "seats_available", s->seats_available);
	if (s->cancelled_at != 0) {
		cJSON	*c = cJSON_AddObjectToObject(o, "cancelled");

		json_add_time(c, "at", s->cancelled_at);
		json_add_str(c, "reason", s->cancel_reason);
	}
	return o;
}

int
show_each(sqlite3 *db, const char *date, int upcoming_only, time_t now,
    int (*fn)(const struct show *, void *), void *arg)
{
	struct prices_memo m = PRICES_MEMO_INIT;
	sqlite3_stmt *st;
	struct show s;
	int	 rc;

	if ((rc = db_prepare(db, SHOW_SELECT " WHERE sh.date = :date"
	    " AND sh.cancelled_at IS NULL AND sh.starts_at > :after ORDER BY sh.starts_at, sc.id", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_text(st, ":date", date);
	db_bind_int(st, ":now", (long long)now);
	db_bind_int(st, ":after", upcoming_only ? (long long)now : LLONG_MIN);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		show_read(st, &s);
		if ((rc = memo_prices(db, &m, &s)) != SQLITE_OK)
			break;
		if (fn(&s, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	memo_free(&m);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

struct list_arg {
	cJSON		*list;
	const char	*currency;
};

static int
add_to_list(const struct show *s, void *arg)
{
	struct list_arg *a = arg;

	cJSON_AddItemToArray(a->list, show_json(s, a->currency));
	return 0;
}

int
show_list(sqlite3 *db, const char *date, int upcoming_only, time_t now,
    const char *currency, cJSON **out)
{
	struct list_arg a = { cJSON_CreateArray(), currency };
	int	 rc;

	*out = NULL;
	if ((rc = show_each(db, date, upcoming_only, now, add_to_list, &a)) !=
	    SQLITE_OK) {
		cJSON_Delete(a.list);
		return rc;
	}
	*out = a.list;
	return SQLITE_OK;
}

int
show_get(sqlite3 *db, long long id, time_t now, const char *currency,
    cJSON **out)
{
	struct prices_memo m = PRICES_MEMO_INIT;
	sqlite3_stmt *st;
	struct show s;
	int	 rc;

	*out = NULL;
	if ((rc = db_prepare(db, SHOW_SELECT " WHERE sh.id = :id", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	db_bind_int(st, ":now", (long long)now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		show_read(st, &s);
		if ((rc = memo_prices(db, &m, &s)) == SQLITE_OK) {
			*out = show_json(&s, currency);
			rc = SQLITE_ROW;
		}
	}
	sqlite3_finalize(st);
	memo_free(&m);
	return rc;
}
