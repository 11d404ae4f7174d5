/* fixture — what the HTTP tests stand on, made one way; see fixture.h. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "clock.h"
#include "fixture.h"
#include "images.h"

/* A screen's seats copied from screen %d to the newest screen. */
#define COPY_SEATS \
	"INSERT INTO seats (screen_id, row_label, number, label, " \
	"category_id, grid_row, grid_col) SELECT (SELECT max(id) FROM " \
	"screens), row_label, number, label, category_id, grid_row, " \
	"grid_col FROM seats WHERE screen_id = %d;"

/* --- names and SQL ---------------------------------------------------- */

static unsigned
rnd(void)
{
	unsigned r;
	FILE	*f = fopen("/dev/urandom", "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fread(&r, sizeof(r), 1, f), 1);
	fclose(f);
	return r;
}

const char *
fx_unique(const char *prefix)
{
	static char s[32];

	snprintf(s, sizeof(s), "%.12s%u", prefix, rnd() % 1000000000u);
	return s;
}

const char *
fx_phone(void)
{
	static char s[11];

	snprintf(s, sizeof(s), "9%09u", rnd() % 1000000000u);
	return s;
}

long long
fx_sql_int(const char *fmt, ...)
{
	char	 q[4096], *s;
	va_list	 ap;
	long long v;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	ck_assert_msg(n >= 0 && (size_t)n < sizeof(q), "SQL too long: %s", q);
	s = db_sql(q);
	v = strtoll(s, NULL, 10);
	free(s);
	return v;
}

/* --- accounts ----------------------------------------------------------- */

char *
fx_login(const char *who)
{
	if (strcmp(who, "admin") == 0)
		return login("admin", "Admin#2026");
	if (strcmp(who, "staff") == 0)
		return login("staff", "Staff#2026");
	return login("customer", "Customer#2026");
}

char *
fx_cookie(const char *username, const char *password)
{
	char	*csrf, *cookie, *h;

	cookie = login_cookie(username, password, &csrf);
	ck_assert_int_ge(asprintf(&h, "Cookie: %s", cookie), 0);
	free(cookie);
	free(csrf);
	return h;
}

void
fx_signup(const char *prefix, struct fx_account *a)
{
	size_t	 n;
	unsigned char *png = img_make("PNG", 120, 90, 0, NULL, &n);
	char	 sha[65], *b64, *body;
	cJSON	*j = cJSON_CreateObject();
	struct hresp *r;

	memset(a, 0, sizeof(*a));
	snprintf(a->username, sizeof(a->username), "%s", fx_unique(prefix));
	snprintf(a->name, sizeof(a->name), "Test Customer");
	snprintf(a->email, sizeof(a->email), "%s@example.com", a->username);
	snprintf(a->phone, sizeof(a->phone), "%s", fx_phone());
	snprintf(a->password, sizeof(a->password), FX_SIGNUP_PASSWORD);
	snprintf(a->answer, sizeof(a->answer), "Chennai");
	a->question_id = 2;
	img_sha256_hex(png, n, sha);
	b64 = img_base64(png, n);
	cJSON_AddStringToObject(j, "name", a->name);
	cJSON_AddStringToObject(j, "username", a->username);
	cJSON_AddStringToObject(j, "email", a->email);
	cJSON_AddStringToObject(j, "phone", a->phone);
	cJSON_AddStringToObject(j, "password", a->password);
	cJSON_AddNumberToObject(j, "security_question_id", a->question_id);
	cJSON_AddStringToObject(j, "security_answer", a->answer);
	cJSON_AddStringToObject(j, "avatar", b64);
	cJSON_AddStringToObject(j, "avatar_sha256", sha);
	body = cJSON_PrintUnformatted(j);
	r = api("POST", "/api/users", body, NULL);
	ck_assert_msg(r->status == 201, "sign-up %s: %ld %s", a->username,
	    r->status, r->body);
	hresp_free(r);
	free(body);
	free(b64);
	free(png);
	cJSON_Delete(j);
}

char *
fx_sql_customer(const char *prefix, char name[32])
{
	char	 q[2048], phone[11];

	snprintf(name, 32, "%s", fx_unique(prefix));
	/* 6…: never one of fx_phone's (sign-ups, walk-ins), which start
	 * with 9. */
	snprintf(phone, sizeof(phone), "6%09u", rnd() % 1000000000u);
	snprintf(q, sizeof(q),
	    "INSERT INTO users (username, name, role, password_hash, "
	    "created_at, updated_at) SELECT '%s', 'Test Customer', "
	    "'customer', password_hash, 0, 0 FROM users "
	    "WHERE username = 'customer';"
	    "INSERT INTO customers (user_id, email, phone, "
	    "security_question_id, security_answer_hash) SELECT u.id, "
	    "u.username || '@example.com', '%s', 1, c.security_answer_hash "
	    "FROM users u, customers c JOIN users d ON d.id = c.user_id "
	    "WHERE u.username = '%s' AND d.username = 'customer';"
	    "INSERT INTO wallets (user_id, balance, updated_at) SELECT id, 0, 0 "
	    "FROM users WHERE username = '%s';", name, phone, name, name);
	free(db_sql(q));
	return login(name, FX_CUSTOMER_PASSWORD);
}

void
fx_staff(const char *role, const char *username, const char *password,
    int counter)
{
	char	*admin = fx_login("admin"), body[512];
	struct hresp *r;

	snprintf(body, sizeof(body), "{\"role\":\"%s\",\"username\":\"%s\","
	    "\"name\":\"Test Staff\",\"password\":\"%s\",\"counter_no\":%d}",
	    role, username, password, counter);
	r = api("POST", "/api/users", body, admin);
	ck_assert_msg(r->status == 201, "create %s %s: %ld %s", role, username,
	    r->status, r->body);
	hresp_free(r);
	free(admin);
}

/* --- the site's clock -------------------------------------------------- */

void
fx_day(int offset, char out[11])
{
	struct hresp *r = api("GET", "/api/health", NULL, NULL);
	char	 today[11];

	ck_assert_int_eq(r->status, 200);
	snprintf(today, sizeof(today), "%.10s", jstr(r->json, "data.time"));
	hresp_free(r);
	ck_assert_int_eq(clock_add_days(today, offset, out), 0);
}

void
fx_clock_offset(long long seconds)
{
	char	 v[32];

	snprintf(v, sizeof(v), "%lld", seconds);
	conf_set("clock_offset", v);
}

void
fx_clock_to(long long at)
{
	fx_clock_offset(at - (long long)time(NULL));
}

void
fx_clock_back(void)
{
	conf_set("clock_offset", NULL);
}

/* --- shows ---------------------------------------------------------------- */

long long
fx_movie(const char *admin)
{
	struct hresp *r = api("GET", "/api/movies", NULL, admin);
	long long id;

	ck_assert_int_eq(r->status, 200);
	id = jint(r->json, "data.0.id");
	ck_assert_int_gt(id, 0);
	hresp_free(r);
	return id;
}

long long
fx_free_slot(const char *admin, const char *day, int screen)
{
	char	 path[96];
	struct hresp *r;
	const cJSON *s;
	long long id = 0;

	snprintf(path, sizeof(path), "/api/slots?date=%s&screen_id=%d", day,
	    screen);
	r = api("GET", path, NULL, admin);
	ck_assert_int_eq(r->status, 200);
	cJSON_ArrayForEach(s, jget(r->json, "data"))
		if (id == 0 && cJSON_IsTrue(jget(s, "available")))
			id = jint(s, "id");
	hresp_free(r);
	ck_assert_msg(id > 0, "no free slot on screen %d on %s", screen, day);
	return id;
}

long long
fx_show(const char *admin, int offset, int screen, long long price)
{
	char	 day[11], body[256];
	struct hresp *r;
	long long id;

	fx_day(offset, day);
	snprintf(body, sizeof(body), "{\"movie_id\":%lld,\"screen_id\":%d,"
	    "\"slot_id\":%lld,\"date\":\"%s\",\"price\":%lld}", fx_movie(admin),
	    screen, fx_free_slot(admin, day, screen), day, price);
	r = api("POST", "/api/shows", body, admin);
	ck_assert_msg(r->status == 201, "schedule: %ld %s", r->status, r->body);
	id = jint(r->json, "data.id");
	hresp_free(r);
	return id;
}

long long
fx_screen_like(int screen)
{
	char	 sql[1024], *id;
	long long v;

	snprintf(sql, sizeof(sql), "BEGIN IMMEDIATE;"
	    "INSERT INTO screens (name) SELECT 'Test Screen ' || (max(id) + 1) "
	    "FROM screens;" COPY_SEATS "COMMIT;", screen);
	free(db_sql(sql));
	id = db_scalar("SELECT max(id) FROM screens");
	v = atoll(id);
	free(id);
	ck_assert_int_gt(v, 2);
	return v;
}

/* The show of film on a new screen; day, starts and ends are SQL over
 * the one-row table "w" that from selects. */
static long long
sql_show(const struct fx_film *f, const char *day, const char *starts,
    const char *ends, const char *from)
{
	char	 q[4096];
	long long id;
	int	 n;

	n = snprintf(q, sizeof(q), "BEGIN IMMEDIATE;"
	    "INSERT OR IGNORE INTO movies (imdb_id, title, raw_json, "
	    "fetched_at) VALUES ('%s', '%s', '{}', "
	    "CAST(strftime('%%s', 'now') AS INTEGER));"
	    "INSERT INTO screens (name) SELECT '%s ' || (max(id) + 1) "
	    "FROM screens;" COPY_SEATS
	    "INSERT INTO shows (movie_id, screen_id, slot_id, date, starts_at, "
	    "ends_at, price, created_at) SELECT (SELECT id FROM movies WHERE "
	    "imdb_id = '%s'), (SELECT max(id) FROM screens), %d, %s, %s, %s, "
	    "%lld, 0 FROM (%s) AS w;"
	    "SELECT last_insert_rowid();"
	    "COMMIT;", f->imdb_id, f->title, f->screen, 1, f->imdb_id,
	    f->slot, day, starts, ends, f->price, from);
	ck_assert_int_lt(n, (int)sizeof(q));
	id = fx_sql_int("%s", q);
	ck_assert_int_gt(id, 0);
	return id;
}

long long
fx_sql_show(const struct fx_film *f, int days)
{
	char	 from[128], starts[128], ends[160];

	ck_assert_ptr_nonnull(f->at);
	/* The cinema's zone is the test site's default, Asia/Kolkata. */
	snprintf(from, sizeof(from), "SELECT date('now', '+330 minutes', "
	    "'+%d day') AS d", days);
	snprintf(starts, sizeof(starts), "CAST(strftime('%%s', w.d || ' %s') "
	    "AS INTEGER)", f->at);
	snprintf(ends, sizeof(ends), "%s + 10800", starts);
	return sql_show(f, "w.d", starts, ends, from);
}

long long
fx_sql_show_in(const struct fx_film *f, int minutes)
{
	char	 from[160];

	snprintf(from, sizeof(from), "SELECT CAST(strftime('%%s', 'now') AS "
	    "INTEGER) AS now, CAST(strftime('%%s', 'now') AS INTEGER) + %d "
	    "AS t", minutes * 60);
	return sql_show(f, "date(max(w.t, w.now), 'unixepoch', "
	    "'+330 minutes')", "w.t", "w.t + 10800", from);
}

/* --- bookings and payments ----------------------------------------------- */

struct hresp *
fx_try_hold(const char *token, long long show, const char *seats)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":%s}", show,
	    seats);
	return api("POST", "/api/bookings", body, token);
}

long long
fx_hold(const char *token, long long show, const char *seats)
{
	struct hresp *r = fx_try_hold(token, show, seats);
	long long id;

	ck_assert_msg(r->status == 201, "hold %s: %ld %s", seats, r->status,
	    r->body);
	id = jint(r->json, "data.id");
	hresp_free(r);
	return id;
}

struct hresp *
fx_try_walkin(const char *token, long long show, const char *seats,
    long long paid, const char *name, const char *phone)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":%s,"
	    "\"customer_name\":\"%s\",\"phone\":\"%s\",\"amount_paid\":%lld}",
	    show, seats, name, phone, paid);
	return api("POST", "/api/bookings", body, token);
}

long long
fx_walkin(const char *staff, long long show, const char *seats,
    long long paid, const char *name)
{
	struct hresp *r = fx_try_walkin(staff, show, seats, paid, name,
	    fx_phone());
	long long id;

	ck_assert_msg(r->status == 201, "walk-in: %ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.status"), "confirmed");
	id = jint(r->json, "data.id");
	hresp_free(r);
	return id;
}

struct hresp *
fx_try_pay(const char *token, long long booking, const char *method,
    const char *number)
{
	char	 body[1024];

	if (number == NULL)
		snprintf(body, sizeof(body), "{\"booking_id\":%lld,"
		    "\"method\":\"%s\"}", booking, method);
	else
		snprintf(body, sizeof(body), "{\"booking_id\":%lld,"
		    "\"method\":\"%s\",\"card\":{\"number\":\"%s\","
		    "\"cvv\":\"123\",\"expiry\":\"12/35\","
		    "\"name\":\"Payment Tester\"}}", booking, method, number);
	return api("POST", "/api/payments", body, token);
}

void
fx_pay(const char *token, long long booking)
{
	struct hresp *r = fx_try_pay(token, booking, "card", FX_VISA);

	ck_assert_msg(r->status == 200, "pay %lld: %ld %s", booking, r->status,
	    r->body);
	hresp_free(r);
}
