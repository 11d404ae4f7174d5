/* checkins.cgi — the door.
 *
 *   POST /api/checkins           {"codes":[…]} and/or {"booking_ids":[…]},
 *                                optional "show_id" (refuse other shows'
 *                                tickets); at most 50 → three lists
 *   GET  /api/checkins?show_id=  a show's ticket holders, who is in, counts
 *   GET  /api/checkins?date=     the day's shows with counts (default today)
 *   GET  /api/checkins/key       the public key that verifies ticket codes
 *
 * Staff and admin, except the key, which is public: a scanner holding only
 * it can verify codes offline.  The rules live in lib/checkin.c.  Links no
 * libharu, libqrencode or libpng. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "checkin.h"
#include "clock.h"
#include "json.h"
#include "keys.h"
#include "text.h"
#include "ticketcode.h"

static int
opens_minutes(const struct ctx *c)
{
	long long m = conf_int(&c->conf, "checkin_opens_minutes",
	    CHECKIN_OPENS_DEFAULT);

	return m < 0 || m > 24 * 60 ? CHECKIN_OPENS_DEFAULT : (int)m;
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

static void
add_ticket_seats(cJSON *o, const struct ticket *t)
{
	cJSON	*a = cJSON_AddArrayToObject(o, "seats");

	for (int i = 0; i < t->nseats; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(t->seats[i]));
}

/* --- POST ---------------------------------------------------------------- */

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

	return json_item_int(v, &id) == 1 && id >= 1 && id < 1000000000000000LL ?
	    id : 0;
}

/* Turn the body into items; -1 with the error set. */
static int
read_items(struct ctx *c, const unsigned char pk[KEYS_SIGN_PUBLIC_LEN],
    struct checkin_item *items, int *n)
{
	const cJSON *codes = cJSON_GetObjectItemCaseSensitive(c->req.body, "codes");
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(c->req.body,
	    "booking_ids");
	const cJSON *v;
	int	 total;

	if (codes != NULL && !cJSON_IsNull(codes) && !cJSON_IsArray(codes))
		err_field(&c->err, "codes", "must be a list of ticket codes");
	if (ids != NULL && !cJSON_IsNull(ids) && !cJSON_IsArray(ids))
		err_field(&c->err, "booking_ids", "must be a list of booking ids");
	if (c->err.nfields > 0)
		return ctx_fail_fields(c, "nothing to check in");
	total = (cJSON_IsArray(codes) ? cJSON_GetArraySize(codes) : 0) +
	    (cJSON_IsArray(ids) ? cJSON_GetArraySize(ids) : 0);
	if (total == 0) {
		err_field(&c->err, "codes", "give at least one ticket code or "
		    "booking id");
		return ctx_fail_fields(c, "nothing to check in");
	}
	if (total > CHECKIN_MAX_BATCH) {
		err_field(&c->err, cJSON_IsArray(codes) ? "codes" : "booking_ids",
		    "at most %d tickets at a time", CHECKIN_MAX_BATCH);
		return ctx_fail_fields(c, "too many tickets in one request");
	}
	*n = 0;
	if (!cJSON_IsArray(codes))
		codes = NULL;
	if (!cJSON_IsArray(ids))
		ids = NULL;
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
	return 0;
}

static cJSON *
done_json(const struct checkin_item *it)
{
	cJSON	*o = cJSON_CreateObject();

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

static int
post_checkins(struct ctx *c)
{
	static struct checkin_item items[CHECKIN_MAX_BATCH];
	unsigned char pk[KEYS_SIGN_PUBLIC_LEN];
	struct checkin_opts o;
	long long show_id = 0;
	sqlite3	*db;
	cJSON	*d, *in, *already, *bad;
	int	 n = 0, rc;

	if (json_get_int(c->req.body, "show_id", &show_id) == -1 || show_id < 0) {
		err_field(&c->err, "show_id", "must be a show id");
		return ctx_fail_fields(c, "invalid show");
	}
	if (keys_load_ticket_public(&c->conf, pk) == -1) {
		fprintf(stderr, "skyfox[%s] ticket public key missing; run "
		    "skyfoxctl migrate\n", c->request_id);
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "check-in is unavailable right now; try again later");
	}
	if (read_items(c, pk, items, &n) == -1)
		return -1;
	if ((db = ctx_db(c)) == NULL)
		return -1;
	o.now = c->now;
	o.user_id = c->user.id;
	o.opens_minutes = opens_minutes(c);
	o.show_id = show_id;
	if ((rc = checkin_apply(db, &o, items, n)) != SQLITE_OK)
		return ctx_fail_db(c, rc);

	d = cJSON_CreateObject();
	in = cJSON_AddArrayToObject(d, "checked_in");
	already = cJSON_AddArrayToObject(d, "already_done");
	bad = cJSON_AddArrayToObject(d, "invalid");
	for (int i = 0; i < n; i++) {
		switch (items[i].outcome) {
		case CHECKIN_DONE:
			cJSON_AddItemToArray(in, done_json(&items[i]));
			break;
		case CHECKIN_ALREADY:
			cJSON_AddItemToArray(already, done_json(&items[i]));
			break;
		case CHECKIN_INVALID:
			cJSON_AddItemToArray(bad, invalid_json(&items[i]));
			break;
		}
	}
	return ctx_ok(c, 200, d);
}

/* --- GET ----------------------------------------------------------------- */

static cJSON *
show_json(const struct checkin_show *s, time_t now)
{
	cJSON	*o = cJSON_CreateObject(), *counts;

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
	return o;
}

static int
get_show(struct ctx *c, const char *arg)
{
	struct checkin_show s;
	long long id;
	sqlite3	*db;
	cJSON	*d, *list;
	int	 rc, found;

	if (text_parse_id(arg, strlen(arg), &id) != TEXT_OK) {
		err_field(&c->err, "show_id", "must be a show id");
		return ctx_fail_fields(c, "invalid show");
	}
	if ((db = ctx_db(c)) == NULL)
		return -1;
	rc = checkin_show_load(db, id, opens_minutes(c), 1, &s, &found);
	if (rc != SQLITE_OK) {
		checkin_show_free(&s);
		return ctx_fail_db(c, rc);
	}
	if (!found)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	d = show_json(&s, c->now);
	list = cJSON_AddArrayToObject(d, "bookings");
	for (int i = 0; i < s.n; i++) {
		const struct checkin_entry *e = &s.e[i];
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
		cJSON_AddItemToArray(list, o);
	}
	checkin_show_free(&s);
	return ctx_ok(c, 200, d);
}

static int
get_checkins(struct ctx *c)
{
	const char *show = req_query(&c->req, "show_id");
	const char *date = req_query(&c->req, "date");
	struct checkin_show *v;
	char	 today[11];
	int	 y, m, dd, n, rc;
	sqlite3	*db;
	cJSON	*d, *list;

	if (show != NULL)
		return get_show(c, show);
	if (date == NULL || *date == '\0') {
		clock_date(c->now, today);
		date = today;
	} else if (clock_parse_date(date, &y, &m, &dd) == -1) {
		err_field(&c->err, "date", "must be a date, YYYY-MM-DD");
		return ctx_fail_fields(c, "invalid date");
	}
	if ((db = ctx_db(c)) == NULL)
		return -1;
	if ((rc = checkin_day_load(db, date, opens_minutes(c), &v, &n)) !=
	    SQLITE_OK)
		return ctx_fail_db(c, rc);
	d = cJSON_CreateObject();
	json_add_str(d, "date", date);
	list = cJSON_AddArrayToObject(d, "shows");
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(list, show_json(&v[i], c->now));
	free(v);
	return ctx_ok(c, 200, d);
}

static int
get_key(struct ctx *c)
{
	unsigned char pk[KEYS_SIGN_PUBLIC_LEN];
	char	 b64[KEYS_SIGN_PUBLIC_B64];
	cJSON	*d;

	if (keys_load_ticket_public(&c->conf, pk) == -1) {
		fprintf(stderr, "skyfox[%s] ticket public key missing; run "
		    "skyfoxctl migrate\n", c->request_id);
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the ticket key is not available right now");
	}
	keys_public_b64(pk, b64);
	d = cJSON_CreateObject();
	json_add_str(d, "algorithm", "Ed25519");
	json_add_str(d, "public_key", b64);
	json_add_str(d, "encoding", "base64url, no padding");
	json_add_str(d, "format", "SKYFOX1.<booking id>.<signature>");
	json_add_str(d, "signed_message", "SKYFOX1.<booking id>");
	/* Public, and changes only when the sysadmin replaces the key. */
	resp_header(&c->resp, "Cache-Control", "public, max-age=300");
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "GET", "/key", ROLES_PUBLIC, get_key },
	{ "GET", "", ROLES_STAFF, get_checkins },
	{ "GET", "/", ROLES_STAFF, get_checkins },
	{ "POST", "", ROLES_STAFF, post_checkins },
	{ "POST", "/", ROLES_STAFF, post_checkins },
};

int
main(void)
{
	static const struct app app = { "checkins", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
