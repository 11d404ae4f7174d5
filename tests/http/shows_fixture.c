/* shows_fixture — see shows_fixture.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "client.h"
#include "shows_fixture.h"

char *
fx_login(const char *who)
{
	if (strcmp(who, "admin") == 0)
		return login("admin", "Admin#2026");
	if (strcmp(who, "staff") == 0)
		return login("staff", "Staff#2026");
	return login("customer", "Customer#2026");
}

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
	    "FROM screens;"
	    "INSERT INTO seats (screen_id, row_label, number, label, "
	    "category_id, grid_row, grid_col) SELECT (SELECT max(id) FROM "
	    "screens), row_label, number, label, category_id, grid_row, "
	    "grid_col FROM seats WHERE screen_id = %d;"
	    "COMMIT", screen);
	fx_db_exec(sql);
	id = db_scalar("SELECT max(id) FROM screens");
	v = atoll(id);
	free(id);
	ck_assert_int_gt(v, 2);
	return v;
}

void
fx_db_exec(const char *sql)
{
	char	 path[1024];
	FILE	*p;
	int	 rc;

	/* As www-data (the data dir's owner): a root-owned -shm would lock
	 * the CGIs out.  SQL goes through stdin, never a shell word. */
	snprintf(path, sizeof(path), "cd / && %s sqlite3 -batch -bail "
	    "-cmd '.timeout 5000' '%s/skyfox.db'",
	    getuid() == 0 ? "runuser -u www-data --" : "",
	    getenv("SKYFOX_DATA"));
	p = popen(path, "w");
	ck_assert_ptr_nonnull(p);
	fputs(sql, p);
	fputs(";\n", p);
	rc = pclose(p);
	ck_assert_msg(rc == 0, "sqlite3 failed (%d): %s", rc, sql);
}

void
fx_conf_put(const char *key, const char *value)
{
	char	 path[1024], line[1024], *text = NULL;
	size_t	 klen = strlen(key), len = 0;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/skyfox.conf", getenv("SKYFOX_DATA"));
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, key, klen) == 0 &&
		    (p[klen] == ' ' || p[klen] == '=' || p[klen] == '\t'))
			continue;		/* the old value */
		text = realloc(text, len + strlen(line) + 1);
		memcpy(text + len, line, strlen(line) + 1);
		len += strlen(line);
	}
	fclose(f);
	/* Rewritten in place: the file keeps its owner. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	if (text != NULL)
		fputs(text, f);
	if (value != NULL)
		fprintf(f, "%s = %s\n", key, value);
	fclose(f);
	free(text);
}
