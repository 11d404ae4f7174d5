/* ticket — a booking as its ticket shows it; see ticket.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "buf.h"
#include "db.h"
#include "json.h"
#include "money.h"
#include "pricing.h"
#include "ticket.h"

void
ticket_copy_utf8(char *out, size_t n, const char *s)
{
	size_t	 len = strlen(s);

	if (n == 0)
		return;
	if (len >= n) {
		len = n - 1;
		/* Step back over continuation bytes to a sequence start. */
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
}

static const char TICKET_SQL[] =
    "SELECT b.id, b.show_id, coalesce(b.user_id, 0), b.walkin_customer_id "
    "IS NOT NULL, b.status, b.amount, b.created_at, coalesce(b.confirmed_at, 0), "
    "m.title, sc.name, sl.name, s.date, s.starts_at, s.ends_at, "
    "coalesce(u.name, w.name, ''), coalesce(p.method, ''), "
    "coalesce(p.card_brand, ''), coalesce(p.card_last4, ''), "
    "ce.code, ce.name, ce.min_age "
    "FROM bookings b "
    "JOIN shows s ON s.id = b.show_id "
    "JOIN movies m ON m.id = s.movie_id "
    "LEFT JOIN certificates ce ON ce.code = m.certificate "
    "JOIN screens sc ON sc.id = s.screen_id "
    "JOIN slots sl ON sl.id = s.slot_id "
    "LEFT JOIN users u ON u.id = b.user_id "
    "LEFT JOIN walkin_customers w ON w.id = b.walkin_customer_id "
    "LEFT JOIN payments p ON p.booking_id = b.id AND p.purpose = 'booking' "
    "AND p.status = 'succeeded' "
    "WHERE b.id = :id";

static const char SEATS_SQL[] =
    "SELECT st.label, bs.type, coalesce(tt.name, bs.type) FROM booking_seats bs "
    "JOIN seats st ON st.id = bs.seat_id "
    "LEFT JOIN ticket_types tt ON tt.code = bs.type "
    "WHERE bs.booking_id = :id ORDER BY st.grid_row, st.grid_col, st.label";

int
ticket_load(sqlite3 *db, long long id, struct ticket *t, int *found)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(t, 0, sizeof(*t));
	*found = 0;
	if ((rc = db_prepare(db, TICKET_SQL, &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*found = 1;
		t->booking_id = sqlite3_column_int64(st, 0);
		t->show_id = sqlite3_column_int64(st, 1);
		t->user_id = sqlite3_column_int64(st, 2);
		t->walkin = sqlite3_column_int(st, 3);
		ticket_copy_utf8(t->status, sizeof(t->status), db_text(st, 4));
		t->amount = sqlite3_column_int64(st, 5);
		t->created_at = sqlite3_column_int64(st, 6);
		t->confirmed_at = sqlite3_column_int64(st, 7);
		ticket_copy_utf8(t->title, sizeof(t->title), db_text(st, 8));
		ticket_copy_utf8(t->screen, sizeof(t->screen), db_text(st, 9));
		ticket_copy_utf8(t->slot, sizeof(t->slot), db_text(st, 10));
		ticket_copy_utf8(t->date, sizeof(t->date), db_text(st, 11));
		t->starts_at = sqlite3_column_int64(st, 12);
		t->ends_at = sqlite3_column_int64(st, 13);
		ticket_copy_utf8(t->customer, sizeof(t->customer), db_text(st, 14));
		ticket_copy_utf8(t->method, sizeof(t->method), db_text(st, 15));
		ticket_copy_utf8(t->card_brand, sizeof(t->card_brand),
		    db_text(st, 16));
		ticket_copy_utf8(t->card_last4, sizeof(t->card_last4),
		    db_text(st, 17));
		certificate_from_row(st, 18, &t->cert);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK || !*found)
		return rc;

	if ((rc = db_prepare(db, SEATS_SQL, &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    t->nseats < TICKET_SEATS_MAX) {
		int	 i = t->nseats++;

		ticket_copy_utf8(t->seats[i], TICKET_SEAT_LEN, db_text(st, 0));
		ticket_copy_utf8(t->seat_type[i], sizeof(t->seat_type[i]),
		    db_text(st, 1));
		ticket_copy_utf8(t->seat_type_name[i], TICKET_TYPE_LEN,
		    db_text(st, 2));
		t->typed |= strcmp(t->seat_type[i], PRICING_DEFAULT_TYPE) != 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
ticket_issued(const struct ticket *t)
{
	return strcmp(t->status, "confirmed") == 0 ||
	    strcmp(t->status, "checked_in") == 0;
}

enum ticket_access
ticket_access(const struct ticket *t, long long uid, int staff)
{
	if (!staff && (t->user_id == 0 || t->user_id != uid))
		return TICKET_NOT_FOUND;
	return ticket_issued(t) ? TICKET_OK : TICKET_NOT_ISSUED;
}

void
ticket_payment_text(const struct ticket *t, char *out, size_t n)
{
	char	 brand[sizeof(t->card_brand)];

	/* Brands are stored as the gateway names them ("visa"). */
	snprintf(brand, sizeof(brand), "%s", t->card_brand[0] ? t->card_brand :
	    "card");
	if (brand[0] >= 'a' && brand[0] <= 'z')
		brand[0] = (char)(brand[0] - 'a' + 'A');
	if (strcmp(t->method, "card") == 0 && t->card_last4[0] != '\0')
		snprintf(out, n, "Card (%s ending %s)", brand, t->card_last4);
	else if (strcmp(t->method, "card") == 0)
		snprintf(out, n, "Card");
	else if (strcmp(t->method, "wallet") == 0)
		snprintf(out, n, "Wallet");
	else if (strcmp(t->method, "wallet+card") == 0)
		snprintf(out, n, "Wallet + card");
	else if (strcmp(t->method, "cash") == 0)
		snprintf(out, n, "Cash");
	else
		snprintf(out, n, "Not paid");
}

const char *
ticket_status_text(const char *s)
{
	if (strcmp(s, "confirmed") == 0)
		return "Confirmed";
	if (strcmp(s, "checked_in") == 0)
		return "Checked in";
	if (strcmp(s, "pending") == 0)
		return "Pending payment";
	if (strcmp(s, "expired") == 0)
		return "Expired";
	if (strcmp(s, "cancelled") == 0)
		return "Cancelled";
	return s;
}

void
ticket_seats_text(const struct ticket *t, char *out, size_t n)
{
	size_t	 len = 0;

	if (n == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < t->nseats && len + 1 < n; i++) {
		int w = snprintf(out + len, n - len, "%s%s%s%s", i ? ", " : "",
		    t->seats[i], t->typed ? " " : "", t->typed ?
		    t->seat_type_name[i] : "");

		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* t in the cinema's zone, as strftime's fmt writes it. */
static void
local_text(long long t, const char *fmt, char *out, size_t n)
{
	time_t	 tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, n, fmt, &tm);
}

/*
 * "Sat, 5 Dec 2026": the site's one day style (htdocs/js/cinema-time.js
 * cinemaDay), so a ticket, an error message and the pages say a day the
 * same way.  Written by hand rather than with strftime: "%d" pads the day
 * with a zero ("05") and "%a"/"%b" follow the locale, while the pages are
 * English whatever the server's LANG.
 */
void
ticket_day_text(long long t, char *out, size_t n)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t	 tt = (time_t)t;
	struct tm tm;

	if (n == 0)
		return;
	if (localtime_r(&tt, &tm) == NULL) {
		out[0] = '\0';
		return;
	}
	snprintf(out, n, "%s, %d %s %d", days[tm.tm_wday], tm.tm_mday,
	    months[tm.tm_mon], tm.tm_year + 1900);
}

void
ticket_time_text(long long t, char *out, size_t n)
{
	local_text(t, "%H:%M", out, n);
}

void
ticket_etag(const struct ticket *t, const char *code, const char *kind,
    const char *extra, char out[TICKET_ETAG_LEN])
{
	struct buf b = BUF_INIT;
	unsigned char h[16];
	char	 hex[2 * sizeof(h) + 1];

	buf_printf(&b, "%s\n%s\n%s\n%lld\n%lld\n%s\n%s\n%s\n%s\n%s\n%lld\n%lld\n"
	    "%lld\n%lld\n%lld\n%s\n%s\n%s\n%s\n", kind, extra, code,
	    t->booking_id, t->show_id, t->status, t->title, t->screen, t->slot,
	    t->date, t->starts_at, t->ends_at, t->created_at, t->confirmed_at,
	    t->amount, t->method, t->card_brand, t->card_last4, t->customer);
	for (int i = 0; i < t->nseats; i++)
		buf_printf(&b, "%s %s %s,", t->seats[i], t->seat_type[i],
		    t->seat_type_name[i]);
	/* The PDF prints the film's certificate: a new one is a new PDF.
	 * (Only when there is one, so a ticket without keeps its ETag.) */
	if (t->cert.code[0] != '\0')
		buf_printf(&b, "\n%s", t->cert.name);
	crypto_generichash(h, sizeof(h), (const unsigned char *)buf_str(&b),
	    b.len, NULL, 0);
	buf_free(&b);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(out, TICKET_ETAG_LEN, "\"%s\"", hex);
}

cJSON *
ticket_json(const struct ticket *t, const char *code, const char *currency,
    long long opens_at, long long closes_at)
{
	cJSON	*d = cJSON_CreateObject(), *seats, *o;
	char	 s[160];

	json_add_int(d, "booking_id", t->booking_id);
	json_add_str(d, "status", t->status);
	json_add_str(d, "code", code);
	json_add_int(d, "show_id", t->show_id);
	json_add_str(d, "title", t->title);
	cJSON_AddItemToObject(d, "certificate", certificate_json(&t->cert));
	json_add_str(d, "date", t->date);
	json_add_str(d, "slot", t->slot);
	json_add_str(d, "screen", t->screen);
	json_add_time(d, "starts_at", t->starts_at);
	json_add_time(d, "ends_at", t->ends_at);
	seats = cJSON_AddArrayToObject(d, "seats");
	for (int i = 0; i < t->nseats; i++)
		cJSON_AddItemToArray(seats, cJSON_CreateString(t->seats[i]));
	/* Who each seat is for: [{"seat","type","name"}]. */
	seats = cJSON_AddArrayToObject(d, "tickets");
	for (int i = 0; i < t->nseats; i++) {
		o = cJSON_CreateObject();
		json_add_str(o, "seat", t->seats[i]);
		json_add_str(o, "type", t->seat_type[i]);
		json_add_str(o, "name", t->seat_type_name[i]);
		cJSON_AddItemToArray(seats, o);
	}
	json_add_int(d, "amount", t->amount);
	json_add_str(d, "currency", currency);
	json_add_str(d, "amount_text", money_format(t->amount, currency, 1, s,
	    sizeof(s)));
	json_add_str(d, "payment_type", t->method);
	ticket_payment_text(t, s, sizeof(s));
	json_add_str(d, "payment_text", s);
	json_add_str(d, "customer_name", t->customer);
	cJSON_AddBoolToObject(d, "walkin", t->walkin);
	json_add_time(d, "booked_at", t->created_at);
	o = cJSON_AddObjectToObject(d, "checkin_window");
	json_add_time(o, "opens_at", opens_at);
	json_add_time(o, "closes_at", closes_at);
	return d;
}
