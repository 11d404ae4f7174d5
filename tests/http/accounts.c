/* accounts — test accounts through the API; see accounts.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "accounts.h"
#include "client.h"
#include "images.h"

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
unique_name(const char *prefix)
{
	static char s[32];

	snprintf(s, sizeof(s), "%.12s%u", prefix, rnd() % 1000000000u);
	return s;
}

const char *
unique_phone(void)
{
	static char s[11];

	snprintf(s, sizeof(s), "9%09u", rnd() % 1000000000u);
	return s;
}

void
signup_customer(const char *prefix, struct test_customer *tc)
{
	size_t	 n;
	unsigned char *png = img_make("PNG", 120, 90, 0, NULL, &n);
	char	 sha[65], *b64, *body;
	cJSON	*j = cJSON_CreateObject();
	struct hresp *r;

	memset(tc, 0, sizeof(*tc));
	snprintf(tc->username, sizeof(tc->username), "%s", unique_name(prefix));
	snprintf(tc->name, sizeof(tc->name), "Test Customer");
	snprintf(tc->email, sizeof(tc->email), "%s@example.com", tc->username);
	snprintf(tc->phone, sizeof(tc->phone), "%s", unique_phone());
	snprintf(tc->password, sizeof(tc->password), "Secret#2026");
	snprintf(tc->answer, sizeof(tc->answer), "Chennai");
	tc->question_id = 2;
	img_sha256_hex(png, n, sha);
	b64 = img_base64(png, n);
	cJSON_AddStringToObject(j, "name", tc->name);
	cJSON_AddStringToObject(j, "username", tc->username);
	cJSON_AddStringToObject(j, "email", tc->email);
	cJSON_AddStringToObject(j, "phone", tc->phone);
	cJSON_AddStringToObject(j, "password", tc->password);
	cJSON_AddNumberToObject(j, "security_question_id", tc->question_id);
	cJSON_AddStringToObject(j, "security_answer", tc->answer);
	cJSON_AddStringToObject(j, "avatar", b64);
	cJSON_AddStringToObject(j, "avatar_sha256", sha);
	body = cJSON_PrintUnformatted(j);
	r = api("POST", "/api/users", body, NULL);
	ck_assert_msg(r->status == 201, "sign-up %s: %ld %s", tc->username,
	    r->status, r->body);
	hresp_free(r);
	free(body);
	free(b64);
	free(png);
	cJSON_Delete(j);
}

void
create_staff(const char *role, const char *username, const char *password,
    int counter)
{
	char	*admin = login("admin", "Admin#2026"), body[512];
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
