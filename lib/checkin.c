/* checkin — check-in at the door; see checkin.h. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "db.h"
#include "json.h"
#include "show.h"
#include "text.h"
#include "ticketcode.h"

int
checkin_opens_minutes(const struct conf *c)
{
	long long m = conf_int(c, "checkin_opens_minutes",
	    CHECKIN_OPENS_DEFAULT);

	return m < 0 || m > 24 * 60 ? CHECKIN_OPENS_DEFAULT : (int)m;
}

/* Echo input back, cut to fit and never mid-character. */
static void
set_input(struct checkin_item *it, const char *input)
{
	ticket_copy_utf8(it->input, sizeof(it->input), input ? input : "");
}

void
checkin_item_code(struct checkin_item *it,
    const unsigned char pk[KEYS_SIGN_PUBLIC_LEN], const char *code)
{
	enum ticketcode_err e;

	memset(it, 0, sizeof(*it));
	set_input(it, code);
	it->method = "code";
	e = ticketcode_verify(pk, code, &it->booking_id);
	if (e == TICKETCODE_OK)
		return;
	it->outcome = CHECKIN_INVALID;
	it->reason = ticketcode_reason(e);
	snprintf(it->message, sizeof(it->message), "%s",
	    e == TICKETCODE_BAD_SIGNATURE ?
	    "this code was not signed by this cinema: a forged or altered ticket" :
	    "this is not a SkyFox ticket code");
}

void
checkin_item_id(struct checkin_item *it, long long id, const char *input)
{
	memset(it, 0, sizeof(*it));
	set_input(it, input);
	it->method = "booking_id";
	it->booking_id = id;
	if (id <= 0) {
		it->outcome = CHECKIN_INVALID;
		it->reason = "malformed";
		snprintf(it->message, sizeof(it->message),
		    "a booking id is a positive whole number");
	}
}

/* Trim what scanners and copy-paste add around a code. */
static const char *
trimmed(const char *s, char *out, size_t n)
{
	size_t	 len;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	snprintf(out, n, "%s", s);
	len = strlen(out);
	while (len > 0 && isspace((unsigned char)out[len - 1]))
		out[--len] = '\0';
	return out;
}

/* A booking id: a JSON integer (or a form's text); 0 when it is neither. */
static long long
id_of(const cJSON *v)
{
	long long id;

	return json_item_int(v, &id) == 1 && id >= 1 && id <= TEXT_ID_MAX ?
	    id : 0;
}

/* The items of the two lists, codes first; the caller checked the count. */
static void
parse_items(const cJSON *codes, const cJSON *ids,
    const unsigned char pk[KEYS_SIGN_PUBLIC_LEN], struct checkin_item *items,
    int *n)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, codes) {
		char	 buf[CHECKIN_INPUT_MAX + 64];

		if (cJSON_IsString(v) && v->valuestring != NULL)
			checkin_item_code(&items[(*n)++], pk,
			    trimmed(v->valuestring, buf, sizeof(buf)));
		else
			checkin_item_code(&items[(*n)++], pk, "");
	}
	cJSON_ArrayForEach(v, ids) {
		char	 input[32] = "";
		long long id = id_of(v);

		if (id > 0)
			snprintf(input, sizeof(input), "%lld", id);
		else if (cJSON_IsString(v) && v->valuestring != NULL)
			snprintf(input, sizeof(input), "%.31s", v->valuestring);
		checkin_item_id(&items[(*n)++], id, input);
	}
}

enum checkin_parse
checkin_parse(const cJSON *body, const unsigned char pk[KEYS_SIGN_PUBLIC_LEN],
    struct checkin_item *items, int *n, struct err *e)
{
	const cJSON *codes = cJSON_GetObjectItemCaseSensitive(body, "codes");
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(body, "booking_ids");
	int	 total;

	*n = 0;
	if (codes != NULL && !cJSON_IsNull(codes) && !cJSON_IsArray(codes))
		err_field(e, "codes", "must be a list of ticket codes");
	if (ids != NULL && !cJSON_IsNull(ids) && !cJSON_IsArray(ids))
		err_field(e, "booking_ids", "must be a list of booking ids");
	if (e->nfields > 0)
		return CHECKIN_PARSE_NOTHING;
	total = (cJSON_IsArray(codes) ? cJSON_GetArraySize(codes) : 0) +
	    (cJSON_IsArray(ids) ? cJSON_GetArraySize(ids) : 0);
	if (total == 0) {
		err_field(e, "codes", "give at least one ticket code or "
		    "booking id");
		return CHECKIN_PARSE_NOTHING;
	}
	if (total > CHECKIN_MAX_BATCH) {
		err_field(e, cJSON_IsArray(codes) ? "codes" : "booking_ids",
		    "at most %d tickets at a time", CHECKIN_MAX_BATCH);
		return CHECKIN_PARSE_TOO_MANY;
	}
	parse_items(cJSON_IsArray(codes) ? codes : NULL,
	    cJSON_IsArray(ids) ? ids : NULL, pk, items, n);
	return CHECKIN_PARSE_OK;
}

void
checkin_window(long long starts, long long ends, int opens_minutes,
    long long *opens_at, long long *closes_at)
{
	*opens_at = starts - (long long)opens_minutes * 60;
	*closes_at = ends;
}

static void
invalid(struct checkin_item *it, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
invalid(struct checkin_item *it, const char *reason, const char *fmt, ...)
{
	va_list	 ap;

	it->outcome = CHECKIN_INVALID;
	it->reason = reason;
	va_start(ap, fmt);
	vsnprintf(it->message, sizeof(it->message), fmt, ap);
	va_end(ap);
}

/* The existing check-in of a booking, if any: SQLITE_ROW, SQLITE_DONE or
 * an error. */
static int
find_checkin(sqlite3 *db, struct checkin_item *it)
{
	sqlite3_stmt *st;
	int	 rc;

	rc = db_prepare(db, "SELECT c.checked_in_at, coalesce(u.username, '') "
	    "FROM checkins c LEFT JOIN users u ON u.id = c.checked_in_by "
	    "WHERE c.booking_id = :id", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", it->booking_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		it->checked_in_at = sqlite3_column_int64(st, 0);
		ticket_copy_utf8(it->checked_in_by, sizeof(it->checked_in_by),
		    db_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc;
}

static int
record(sqlite3 *db, const struct checkin_opts *o, struct checkin_item *it)
{
	sqlite3_stmt *st;
	int	 rc, changed;

	rc = db_prepare(db, "INSERT OR IGNORE INTO checkins (booking_id, "
	    "checked_in_at, checked_in_by, method) VALUES (:id, :at, :by, "
	    ":method)", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", it->booking_id);
	db_bind_int(st, ":at", o->now);
	if (o->user_id > 0)
		db_bind_int(st, ":by", o->user_id);
	else
		db_bind_null(st, ":by");
	db_bind_text(st, ":method", it->method);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return rc;
	changed = sqlite3_changes(db);
	if (changed == 0) {
		/* Someone was first (cannot happen under BEGIN IMMEDIATE, but
		 * the primary key is what guarantees it). */
		if ((rc = find_checkin(db, it)) != SQLITE_ROW &&
		    rc != SQLITE_DONE)
			return rc;
		it->outcome = CHECKIN_ALREADY;
		return SQLITE_OK;
	}
	rc = db_prepare(db, "UPDATE bookings SET status = 'checked_in' "
	    "WHERE id = :id AND status = 'confirmed'", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", it->booking_id);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return rc;
	it->outcome = CHECKIN_DONE;
	it->checked_in_at = o->now;
	snprintf(it->t.status, sizeof(it->t.status), "checked_in");
	return SQLITE_OK;
}

static void
window_text(long long t, char *out, size_t n)
{
	char	 day[40], hm[8];

	ticket_day_text(t, day, sizeof(day));
	ticket_time_text(t, hm, sizeof(hm));
	snprintf(out, n, "%s, %s", day, hm);
}

static int
check_one(sqlite3 *db, const struct checkin_opts *o, struct checkin_item *it)
{
	int	 rc, found, cancelled = 0;
	char	 from[64], to[8];

	if ((rc = ticket_load(db, it->booking_id, &it->t, &found)) != SQLITE_OK)
		return rc;
	if (!found) {
		invalid(it, "unknown_booking", "there is no booking %lld",
		    it->booking_id);
		return SQLITE_OK;
	}
	it->found = 1;
	checkin_window(it->t.starts_at, it->t.ends_at, o->opens_minutes,
	    &it->opens_at, &it->closes_at);
	if (o->show_id > 0 && it->t.show_id != o->show_id) {
		window_text(it->t.starts_at, from, sizeof(from));
		invalid(it, "wrong_show", "booking %lld is for another show: "
		    "%.120s, %s", it->booking_id, it->t.title, from);
		return SQLITE_OK;
	}
	if ((rc = find_checkin(db, it)) == SQLITE_ROW) {
		it->outcome = CHECKIN_ALREADY;
		return SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		return rc;
	if ((rc = show_cancelled(db, it->t.show_id, &cancelled)) != SQLITE_ROW &&
	    rc != SQLITE_DONE)
		return rc;
	if (cancelled) {
		invalid(it, "SHOW_CANCELLED", "booking %lld is for a show that "
		    "was cancelled; it was refunded", it->booking_id);
		return SQLITE_OK;
	}
	if (strcmp(it->t.status, "confirmed") != 0) {
		invalid(it, "not_confirmed", "booking %lld is %s, not confirmed",
		    it->booking_id, it->t.status);
		return SQLITE_OK;
	}
	if (o->now < it->opens_at || o->now >= it->closes_at) {
		window_text(it->opens_at, from, sizeof(from));
		ticket_time_text(it->closes_at, to, sizeof(to));
		invalid(it, "CHECKIN_WINDOW_CLOSED", "check-in for this show is "
		    "open from %s until %s (%s)", from, to,
		    o->now < it->opens_at ? "not open yet" : "the show has ended");
		return SQLITE_OK;
	}
	return record(db, o, it);
}

int
checkin_apply(sqlite3 *db, const struct checkin_opts *o,
    struct checkin_item *items, int n)
{
	int	 rc;

	if ((rc = db_begin(db)) != SQLITE_OK)
		return rc;
	for (int i = 0; i < n; i++) {
		if (items[i].reason != NULL)	/* decided already */
			continue;
		if ((rc = check_one(db, o, &items[i])) != SQLITE_OK) {
			db_rollback(db);
			return rc;
		}
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		db_rollback(db);
	return rc;
}

static void
add_ticket_seats(cJSON *o, const struct ticket *t)
{
	cJSON	*a = cJSON_AddArrayToObject(o, "seats");

	for (int i = 0; i < t->nseats; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(t->seats[i]));
	/* Who each seat is for (a child's ticket is a child at the door). */
	a = cJSON_AddArrayToObject(o, "tickets");
	for (int i = 0; i < t->nseats; i++) {
		cJSON	*x = cJSON_CreateObject();

		json_add_str(x, "seat", t->seats[i]);
		json_add_str(x, "type", t->seat_type[i]);
		json_add_str(x, "name", t->seat_type_name[i]);
		cJSON_AddItemToArray(a, x);
	}
}

static cJSON *
invalid_json(const struct checkin_item *it)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_str(o, "input", it->input);
	json_add_str(o, "reason", it->reason);
	json_add_str(o, "message", it->message);
	if (it->found) {
		json_add_int(o, "booking_id", it->booking_id);
		json_add_str(o, "status", it->t.status);
		json_add_int(o, "show_id", it->t.show_id);
		json_add_time(o, "opens_at", it->opens_at);
		json_add_time(o, "closes_at", it->closes_at);
	}
	return o;
}

cJSON *
checkin_item_json(const struct checkin_item *it)
{
	cJSON	*o;

	if (it->outcome == CHECKIN_INVALID)
		return invalid_json(it);
	o = cJSON_CreateObject();
	json_add_int(o, "booking_id", it->booking_id);
	json_add_time(o, "checked_in_at", it->checked_in_at);
	if (it->outcome == CHECKIN_ALREADY)
		json_add_str(o, "checked_in_by", it->checked_in_by[0] ?
		    it->checked_in_by : NULL);
	json_add_str(o, "name", it->t.customer);
	cJSON_AddBoolToObject(o, "walkin", it->t.walkin);
	add_ticket_seats(o, &it->t);
	json_add_int(o, "seat_count", it->t.nseats);
	json_add_int(o, "show_id", it->t.show_id);
	json_add_str(o, "title", it->t.title);
	json_add_time(o, "starts_at", it->t.starts_at);
	json_add_str(o, "method", it->method);
	return o;
}

cJSON *
checkin_batch_json(const struct checkin_item *items, int n)
{
	cJSON	*d = cJSON_CreateObject(), *list[3];

	/* In the order of enum checkin_outcome. */
	list[CHECKIN_DONE] = cJSON_AddArrayToObject(d, "checked_in");
	list[CHECKIN_ALREADY] = cJSON_AddArrayToObject(d, "already_done");
	list[CHECKIN_INVALID] = cJSON_AddArrayToObject(d, "invalid");
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(list[items[i].outcome],
		    checkin_item_json(&items[i]));
	return d;
}

/* --- the door's view of a show ------------------------------------------ */

#define SHOW_COLUMNS \
    "s.id, m.title, sc.name, sl.name, s.date, s.starts_at, s.ends_at, " \
    "count(b.id), coalesce(sum(b.status = 'checked_in'), 0), " \
    "coalesce(sum(b.seat_count), 0), coalesce(sum(CASE WHEN b.status = " \
    "'checked_in' THEN b.seat_count ELSE 0 END), 0) " \
    "FROM shows s JOIN movies m ON m.id = s.movie_id " \
    "JOIN screens sc ON sc.id = s.screen_id JOIN slots sl ON sl.id = s.slot_id " \
    "LEFT JOIN bookings b ON b.show_id = s.id " \
    "AND b.status IN ('confirmed', 'checked_in') "

static void
show_row(sqlite3_stmt *st, int opens_minutes, struct checkin_show *s)
{
	memset(s, 0, sizeof(*s));
	s->show_id = sqlite3_column_int64(st, 0);
	ticket_copy_utf8(s->title, sizeof(s->title), db_text(st, 1));
	ticket_copy_utf8(s->screen, sizeof(s->screen), db_text(st, 2));
	ticket_copy_utf8(s->slot, sizeof(s->slot), db_text(st, 3));
	ticket_copy_utf8(s->date, sizeof(s->date), db_text(st, 4));
	s->starts_at = sqlite3_column_int64(st, 5);
	s->ends_at = sqlite3_column_int64(st, 6);
	s->bookings = sqlite3_column_int(st, 7);
	s->checked_in = sqlite3_column_int(st, 8);
	s->seats = sqlite3_column_int(st, 9);
	s->seats_in = sqlite3_column_int(st, 10);
	checkin_window(s->starts_at, s->ends_at, opens_minutes, &s->opens_at,
	    &s->closes_at);
}

static int
entries_load(sqlite3 *db, struct checkin_show *s)
{
	sqlite3_stmt *st;
	int	 rc, cap = s->bookings > 0 ? s->bookings : 1;

	if ((s->e = calloc((size_t)cap, sizeof(*s->e))) == NULL)
		return SQLITE_NOMEM;
	rc = db_prepare(db, "SELECT b.id, b.status, coalesce(u.name, w.name, ''), "
	    "b.walkin_customer_id IS NOT NULL, b.seat_count, "
	    "coalesce(c.checked_in_at, 0), coalesce(cu.username, '') "
	    "FROM bookings b LEFT JOIN users u ON u.id = b.user_id "
	    "LEFT JOIN walkin_customers w ON w.id = b.walkin_customer_id "
	    "LEFT JOIN checkins c ON c.booking_id = b.id "
	    "LEFT JOIN users cu ON cu.id = c.checked_in_by "
	    "WHERE b.show_id = :show AND b.status IN ('confirmed', 'checked_in') "
	    "ORDER BY b.id", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_int(st, ":show", s->show_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && s->n < cap) {
		struct checkin_entry *e = &s->e[s->n++];

		e->booking_id = sqlite3_column_int64(st, 0);
		ticket_copy_utf8(e->status, sizeof(e->status), db_text(st, 1));
		ticket_copy_utf8(e->name, sizeof(e->name), db_text(st, 2));
		e->walkin = sqlite3_column_int(st, 3);
		e->seat_count = sqlite3_column_int(st, 4);
		e->checked_in_at = sqlite3_column_int64(st, 5);
		ticket_copy_utf8(e->checked_in_by, sizeof(e->checked_in_by),
		    db_text(st, 6));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;

	/* Seat labels of every live seat of the show, in booking order: one
	 * query over the live-seat index, merged into the sorted entries. */
	rc = db_prepare(db, "SELECT bs.booking_id, st.label FROM booking_seats bs "
	    "JOIN seats st ON st.id = bs.seat_id "
	    "WHERE bs.show_id = :show AND bs.live = 1 "
	    "ORDER BY bs.booking_id, st.grid_row, st.grid_col, st.label", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_int(st, ":show", s->show_id);
	{
		int	 k = 0;

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(st, 0);
			struct checkin_entry *e;
			size_t	 len;

			while (k < s->n && s->e[k].booking_id < id)
				k++;
			if (k == s->n || s->e[k].booking_id != id)
				continue;	/* a hold, not a ticket */
			e = &s->e[k];
			len = strlen(e->seats);
			if (len + TICKET_SEAT_LEN + 1 < sizeof(e->seats))
				snprintf(e->seats + len, sizeof(e->seats) - len,
				    "%s%s", len ? "," : "", db_text(st, 1));
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
checkin_show_load(sqlite3 *db, long long show_id, int opens_minutes,
    int with_entries, struct checkin_show *s, int *found)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(s, 0, sizeof(*s));
	*found = 0;
	rc = db_prepare(db, "SELECT " SHOW_COLUMNS "WHERE s.id = :show "
	    "GROUP BY s.id", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_int(st, ":show", show_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		show_row(st, opens_minutes, s);
		*found = 1;
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK || !*found || !with_entries)
		return rc;
	return entries_load(db, s);
}

void
checkin_show_free(struct checkin_show *s)
{
	free(s->e);
	s->e = NULL;
	s->n = 0;
}

int
checkin_day_load(sqlite3 *db, const char *date, int opens_minutes,
    struct checkin_show **out, int *n)
{
	sqlite3_stmt *st;
	struct checkin_show *v = NULL, *nv;
	int	 rc, cap = 0;

	*out = NULL;
	*n = 0;
	rc = db_prepare(db, "SELECT " SHOW_COLUMNS "WHERE s.date = :date "
	    "AND s.cancelled_at IS NULL GROUP BY s.id ORDER BY s.starts_at, sc.name", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_text(st, ":date", date);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nv = realloc(v, (size_t)cap * sizeof(*v))) == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			v = nv;
		}
		show_row(st, opens_minutes, &v[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return SQLITE_OK;
}

/* "A1,A2" → ["A1","A2"] */
static void
add_seat_list(cJSON *o, const char *csv)
{
	cJSON	*a = cJSON_AddArrayToObject(o, "seats");
	char	 tmp[TICKET_SEATS_MAX * (TICKET_SEAT_LEN + 1)];
	char	*save = NULL;

	snprintf(tmp, sizeof(tmp), "%s", csv);
	for (char *s = strtok_r(tmp, ",", &save); s != NULL;
	    s = strtok_r(NULL, ",", &save))
		cJSON_AddItemToArray(a, cJSON_CreateString(s));
}

cJSON *
checkin_entry_json(const struct checkin_entry *e)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_int(o, "booking_id", e->booking_id);
	json_add_str(o, "status", e->status);
	json_add_str(o, "name", e->name);
	cJSON_AddBoolToObject(o, "walkin", e->walkin);
	add_seat_list(o, e->seats);
	json_add_int(o, "seat_count", e->seat_count);
	json_add_time(o, "checked_in_at", e->checked_in_at);
	json_add_str(o, "checked_in_by", e->checked_in_by[0] ?
	    e->checked_in_by : NULL);
	return o;
}

cJSON *
checkin_show_json(const struct checkin_show *s, time_t now, int with_entries)
{
	cJSON	*o = cJSON_CreateObject(), *counts, *list;

	json_add_int(o, "show_id", s->show_id);
	json_add_str(o, "title", s->title);
	json_add_str(o, "screen", s->screen);
	json_add_str(o, "slot", s->slot);
	json_add_str(o, "date", s->date);
	json_add_time(o, "starts_at", s->starts_at);
	json_add_time(o, "ends_at", s->ends_at);
	json_add_time(o, "opens_at", s->opens_at);
	json_add_time(o, "closes_at", s->closes_at);
	cJSON_AddBoolToObject(o, "open", now >= s->opens_at && now < s->closes_at);
	counts = cJSON_AddObjectToObject(o, "counts");
	json_add_int(counts, "bookings", s->bookings);
	json_add_int(counts, "checked_in", s->checked_in);
	json_add_int(counts, "seats", s->seats);
	json_add_int(counts, "seats_checked_in", s->seats_in);
	if (!with_entries)
		return o;
	list = cJSON_AddArrayToObject(o, "bookings");
	for (int i = 0; i < s->n; i++)
		cJSON_AddItemToArray(list, checkin_entry_json(&s->e[i]));
	return o;
}

cJSON *
checkin_day_json(const char *date, const struct checkin_show *v, int n,
    time_t now)
{
	cJSON	*d = cJSON_CreateObject(), *list;

	json_add_str(d, "date", date);
	list = cJSON_AddArrayToObject(d, "shows");
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(list, checkin_show_json(&v[i], now, 0));
	return d;
}
