/* load — shared by the load programs; see load.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "load.h"
#include "privs.h"

struct load_env load;

int
load_init(void)
{
	load.base = getenv("SKYFOX_URL");
	load.data_dir = getenv("SKYFOX_DATA");
	load.root = getenv("SKYFOX_ROOT");
	if (load.base == NULL || load.data_dir == NULL || load.root == NULL) {
		fputs("load: set SKYFOX_URL, SKYFOX_DATA and SKYFOX_ROOT "
		    "(tests/load/run.sh does)\n", stderr);
		return -1;
	}
	snprintf(load.db_path, sizeof(load.db_path), "%s/skyfox.db",
	    load.data_dir);
	snprintf(load.conf_path, sizeof(load.conf_path), "%s/skyfox.conf",
	    load.data_dir);
	/* As the CGIs: SQLite's -shm must never become root's. */
	if (privs_become_owner_of(load.data_dir) == -1)
		return -1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return 0;
}

size_t
load_collect(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

long
load_request(CURL *c, const char *method, const char *path, const char *body,
    const char *token, cJSON **json)
{
	char	 url[1024], auth[2200];
	struct curl_slist *h = NULL;
	struct buf b = BUF_INIT;
	long	 status = 0;

	snprintf(url, sizeof(url), "%s%s", load.base, path);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, load_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		h = curl_slist_append(h, "Content-Type: application/json");
	}
	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	if (json != NULL)
		*json = b.data ? cJSON_ParseWithLength(b.data, b.len) : NULL;
	buf_free(&b);
	return status;
}

const char *
load_jstr(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) ? v->valuestring : "";
}

long long
load_jnum(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

sqlite3 *
load_db(void)
{
	sqlite3	*db;

	if (db_open(load.db_path, &db) != SQLITE_OK) {
		fprintf(stderr, "load: cannot open %s\n", load.db_path);
		exit(1);
	}
	return db;
}

void
load_exec(sqlite3 *db, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "load: SQL failed: %s\n  %s\n", msg, sql);
		exit(1);
	}
}

long long
load_scalar(sqlite3 *db, const char *sql)
{
	return load_scalar_ids(db, sql, 0);
}

long long
load_scalar_ids(sqlite3 *db, const char *sql, int n, ...)
{
	sqlite3_stmt *st;
	long long v = -1;
	va_list	 ap;

	if (db_prepare(db, sql, &st) != SQLITE_OK) {
		fprintf(stderr, "load: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
	va_start(ap, n);
	for (int i = 1; i <= n; i++)
		sqlite3_bind_int64(st, i, va_arg(ap, long long));
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Customers with the demo customer's password and answer hashes (so no
 * Argon2 work here), their details and an empty wallet; then log each in
 * through POST /api/session like any client. */
void
load_customers(sqlite3 *db, const char *prefix, int n, char **tokens)
{
	char	 sql[2048], body[256];
	long	 tag = (long)getpid();
	CURL	*c = curl_easy_init();

	load_exec(db, "BEGIN IMMEDIATE");
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql),
		    "INSERT INTO users (username, name, role, password_hash, "
		    "created_at, updated_at) SELECT '%s%d_%ld', 'Load Tester', "
		    "'customer', password_hash, 0, 0 FROM users "
		    "WHERE username = 'customer';"
		    "INSERT INTO customers (user_id, email, phone, "
		    "security_question_id, security_answer_hash) SELECT "
		    "last_insert_rowid(), '%s%d_%ld@example.com', "
		    "'5' || substr('000000000' || abs(random() %% 1000000000), "
		    "-9), 1, security_answer_hash FROM customers WHERE user_id = "
		    "(SELECT id FROM users WHERE username = 'customer');"
		    "INSERT INTO wallets (user_id, balance, updated_at) SELECT id, "
		    "0, 0 FROM users WHERE username = '%s%d_%ld';",
		    prefix, i, tag, prefix, i, tag, prefix, i, tag);
		load_exec(db, sql);
	}
	load_exec(db, "COMMIT");
	for (int i = 0; i < n; i++) {
		cJSON	*j;
		long	 st;

		snprintf(body, sizeof(body), "{\"username\":\"%s%d_%ld\","
		    "\"password\":\"%s\"}", prefix, i, tag, LOAD_PASSWORD);
		st = load_request(c, "POST", "/api/session", body, NULL, &j);
		if (st != 200) {
			fprintf(stderr, "load: login %s%d_%ld: %ld\n", prefix, i,
			    tag, st);
			exit(1);
		}
		tokens[i] = strdup(load_jstr(j, "data", "token"));
		cJSON_Delete(j);
	}
	curl_easy_cleanup(c);
}

long long
load_show(sqlite3 *db)
{
	/* Tomorrow at 16:30 in the cinema's zone (Asia/Kolkata, the test
	 * site's default): inside the customers' window (DESIGN §7), which a
	 * hold must be.  Each show gets a screen of its own, a copy of screen
	 * 1, so any number of shows fit in the window's days. */
	load_exec(db, "BEGIN IMMEDIATE;"
	    "INSERT OR IGNORE INTO movies (imdb_id, title, raw_json, "
	    "fetched_at) VALUES ('tt7700002', 'Load Test Movie', '{}', 0);"
	    "INSERT INTO screens (name) SELECT 'Load Screen ' || (max(id) + 1) "
	    "FROM screens;"
	    "INSERT INTO seats (screen_id, row_label, number, label, "
	    "category_id, grid_row, grid_col) SELECT (SELECT max(id) FROM "
	    "screens), row_label, number, label, category_id, grid_row, "
	    "grid_col FROM seats WHERE screen_id = 1;"
	    /* Priced by a card of its own (issue 15 item 1), each type
	     * its price, so a typed hold's amount says whether every seat
	     * was priced by its category and type: LOAD_PRICES_WRONG. */
	    "INSERT INTO price_cards (name, created_at) SELECT 'Load card ' "
	    "|| max(id), 0 FROM screens;"
	    "INSERT INTO price_card_prices (card_id, category_id, type, price) "
	    "SELECT (SELECT max(id) FROM price_cards), c.id, t.code, "
	    "c.price_offset + CASE t.code WHEN 'child' THEN 12000 WHEN "
	    "'senior' THEN 15000 WHEN 'student' THEN 17000 ELSE 20000 END "
	    "FROM seat_categories c, ticket_types t;"
	    "INSERT INTO shows (movie_id, screen_id, slot_id, date, starts_at, "
	    "ends_at, price, price_card_id, created_at) SELECT (SELECT id FROM "
	    "movies WHERE imdb_id = 'tt7700002'), (SELECT max(id) FROM "
	    "screens), 3, d, "
	    "CAST(strftime('%s', d || ' 11:00:00') AS INTEGER), "
	    "CAST(strftime('%s', d || ' 14:00:00') AS INTEGER), 20000, "
	    "(SELECT max(id) FROM price_cards), 0 "
	    "FROM (SELECT date('now', '+330 minutes', '+1 day') AS d);"
	    "COMMIT;");
	return load_scalar(db, "SELECT max(id) FROM shows");
}

static int
cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

long long
load_percentile(long long *v, size_t n, double p)
{
	size_t	 i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp);
	i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

void
load_conf_set(const char *key, const char *value)
{
	char	 line[1024];
	struct buf text = BUF_INIT;
	size_t	 klen = strlen(key);
	FILE	*f;

	/* Like the HTTP tests' conf_set: the key's line replaced in place
	 * (the file keeps its owner), NULL removes it. */
	if ((f = fopen(load.conf_path, "r")) == NULL) {
		perror(load.conf_path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *p = line + strspn(line, " \t");

		if (strncmp(p, key, klen) != 0 || strchr(" \t=", p[klen]) ==
		    NULL || p[klen] == '\0')
			buf_puts(&text, line);
	}
	fclose(f);
	if (value != NULL)
		buf_printf(&text, "%s = %s\n", key, value);
	if ((f = fopen(load.conf_path, "w")) == NULL) {
		perror(load.conf_path);
		exit(1);
	}
	fputs(buf_str(&text), f);
	fclose(f);
	buf_free(&text);
}
