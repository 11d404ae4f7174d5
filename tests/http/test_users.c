/* Accounts over the real Apache: sign-up with a real photo (JSON and
 * multipart), every validation and conflict error, photos that are not
 * photos, too large, or bombs; profiles, password changes and history,
 * new photos, signed photo URLs; staff accounts; every role on every
 * route. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "avatar.h"
#include "burst.h"
#include "client.h"
#include "fixture.h"
#include "images.h"
#include "roles.h"

/* A complete, valid sign-up body around the given photo; fields can then
 * be changed or removed by the test. */
static cJSON *
signup_body(const char *prefix, const void *photo, size_t n)
{
	cJSON	*j = cJSON_CreateObject();
	char	 sha[65], email[80], *b64;
	const char *u = fx_unique(prefix);

	snprintf(email, sizeof(email), "%s@example.com", u);
	cJSON_AddStringToObject(j, "name", "Priya Sharma");
	cJSON_AddStringToObject(j, "username", u);
	cJSON_AddStringToObject(j, "email", email);
	cJSON_AddStringToObject(j, "phone", fx_phone());
	cJSON_AddStringToObject(j, "password", "Popcorn#42");
	cJSON_AddNumberToObject(j, "security_question_id", 6);
	cJSON_AddStringToObject(j, "security_answer", "Sholay");
	if (photo != NULL) {
		img_sha256_hex(photo, n, sha);
		b64 = img_base64(photo, n);
		cJSON_AddStringToObject(j, "avatar", b64);
		cJSON_AddStringToObject(j, "avatar_sha256", sha);
		free(b64);
	}
	return j;
}

static struct hresp *
post_json(const char *path, cJSON *j, const char *token)
{
	char	*s = cJSON_PrintUnformatted(j);
	struct hresp *r = api("POST", path, s, token);

	free(s);
	return r;
}

static struct hresp *
send_json(const char *method, const char *path, cJSON *j, const char *token)
{
	char	*s = cJSON_PrintUnformatted(j);
	struct hresp *r = api(method, path, s, token);

	free(s);
	return r;
}

static void
set_str(cJSON *j, const char *k, const char *v)
{
	cJSON_DeleteItemFromObject(j, k);
	if (v != NULL)
		cJSON_AddStringToObject(j, k, v);
}

static int
has_field(const struct hresp *r, const char *field)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, jget(r->json, "error.fields"))
		if (strcmp(jstr(f, "field"), field) == 0)
			return 1;
	return 0;
}

/* Fetch a signed photo URL: the JPEG bytes must be a 320×320 JPEG. */
static void
expect_avatar(const char *url)
{
	struct hresp *r = http("GET", url, NULL, NULL, 0, NULL);
	int	 w, h;

	ck_assert_msg(r->status == 200, "%s: %ld %s", url, r->status, r->body);
	ck_assert_str_eq(hdr(r, "Content-Type"), "image/jpeg");
	ck_assert_ptr_nonnull(strstr(hdr(r, "Cache-Control"), "private"));
	ck_assert_ptr_nonnull(strstr(hdr(r, "Cache-Control"), "max-age="));
	ck_assert(img_jpeg_size((unsigned char *)r->body, r->len, &w, &h));
	ck_assert_int_eq(w, 320);
	ck_assert_int_eq(h, 320);
	hresp_free(r);
}

static long
file_count(const char *dir)
{
	char	 cmd[600], *s;
	long	 n;

	snprintf(cmd, sizeof(cmd), "ls '%s/%s' | wc -l", getenv("SKYFOX_DATA"),
	    dir);
	FILE	*p = popen(cmd, "r");
	char	 out[32] = "";

	ck_assert_ptr_nonnull(fgets(out, sizeof(out), p));
	pclose(p);
	n = strtol(out, &s, 10);
	return n;
}

/* --- sign-up ----------------------------------------------------------------- */

START_TEST(test_signup_with_png_makes_customer_wallet_and_photo)
{
	size_t	 n;
	unsigned char *png = img_make("PNG", 640, 480, 0, NULL, &n);
	cJSON	*j = signup_body("png", png, n);
	char	 u[32], sql[200], *v, *tok;
	struct hresp *r;

	snprintf(u, sizeof(u), "%s", cJSON_GetObjectItem(j, "username")->valuestring);
	r = post_json("/api/users", j, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.username"), u);
	ck_assert_str_eq(jstr(r->json, "data.name"), "Priya Sharma");
	ck_assert_str_eq(jstr(r->json, "data.role"), "customer");
	hresp_free(r);
	snprintf(sql, sizeof(sql), "SELECT w.balance FROM wallets w JOIN users u "
	    "ON u.id = w.user_id WHERE u.username = '%s'", u);
	v = db_scalar(sql);
	ck_assert_str_eq(v, "0");
	free(v);
	/* Passwords and answers are stored as Argon2id hashes only. */
	snprintf(sql, sizeof(sql), "SELECT u.password_hash || ' ' || "
	    "c.security_answer_hash FROM users u JOIN customers c ON "
	    "c.user_id = u.id WHERE u.username = '%s'", u);
	v = db_scalar(sql);
	ck_assert_ptr_nonnull(strstr(v, "$argon2id$"));
	ck_assert_ptr_null(strstr(v, "Popcorn"));
	ck_assert_ptr_null(strstr(v, "holay"));
	free(v);

	tok = login(u, "Popcorn#42");
	r = api("GET", "/api/users/me", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.email"), cJSON_GetObjectItem(j,
	    "email")->valuestring);
	ck_assert_int_eq(jint(r->json, "data.security_question.id"), 6);
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.avatar.url"),
	    "/api/avatars/"));
	expect_avatar(jstr(r->json, "data.avatar.url"));
	hresp_free(r);
	free(tok);
	free(png);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_signup_with_jpeg_as_multipart_file)
{
	size_t	 n;
	unsigned char *jpg = img_make("JPEG", 480, 640, 1, NULL, &n);
	char	 sha[65], email[80], *tok;
	const char *u = fx_unique("mp");
	char	 user[32];
	struct hresp *r;

	snprintf(user, sizeof(user), "%s", u);
	snprintf(email, sizeof(email), "%s@example.com", user);
	img_sha256_hex(jpg, n, sha);
	{
		const char *f[] = { "name", "Ravi Kumar", "username", user,
		    "email", email, "phone", fx_phone(),
		    "password", "Interval#9", "security_question_id", "1",
		    "security_answer", "Bruno", "avatar_sha256", sha, NULL };

		r = multipart("POST", "/api/users", f, "avatar", "me.jpg",
		    "image/jpeg", jpg, n, NULL);
	}
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	tok = login(user, "Interval#9");
	r = api("GET", "/api/users/me/avatar", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	expect_avatar(jstr(r->json, "data.url"));
	hresp_free(r);
	free(tok);
	free(jpg);
}
END_TEST

START_TEST(test_signup_with_webp)
{
	size_t	 n;
	unsigned char *webp = img_make("WEBP", 300, 200, 0, NULL, &n);
	cJSON	*j = signup_body("webp", webp, n);
	struct hresp *r = post_json("/api/users", j, NULL);

	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(webp);
	cJSON_Delete(j);
}
END_TEST

/* A JPEG with a comment: the stored photo keeps none of the metadata. */
START_TEST(test_photo_metadata_is_stripped)
{
	size_t	 n;
	unsigned char *jpg = img_make("JPEG", 400, 400, 0,
	    "GPS-SECRET-LOCATION-12.97N", &n);
	cJSON	*j = signup_body("meta", jpg, n);
	char	 u[32], *tok;
	struct hresp *r;

	ck_assert_ptr_nonnull(memmem(jpg, n, "GPS-SECRET", 10));
	snprintf(u, sizeof(u), "%s", cJSON_GetObjectItem(j, "username")->valuestring);
	r = post_json("/api/users", j, NULL);
	ck_assert_int_eq(r->status, 201);
	hresp_free(r);
	tok = login(u, "Popcorn#42");
	r = api("GET", "/api/users/me/avatar", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	{
		struct hresp *img = http("GET", jstr(r->json, "data.url"), NULL,
		    NULL, 0, NULL);

		ck_assert_int_eq(img->status, 200);
		ck_assert_ptr_null(memmem(img->body, img->len, "GPS-SECRET", 10));
		ck_assert_ptr_null(memmem(img->body, img->len, "Exif", 4));
		hresp_free(img);
	}
	hresp_free(r);
	free(tok);
	free(jpg);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_signup_names_every_bad_field)
{
	cJSON	*j = signup_body("bad", NULL, 0);
	struct hresp *r;
	static const char *want[] = { "name", "username", "email", "phone",
	    "password", "security_question_id", "security_answer", "avatar",
	    "avatar_sha256" };

	set_str(j, "name", "R2 D2");
	set_str(j, "username", "9lives");
	set_str(j, "email", "not-an-email@");
	set_str(j, "phone", "98765");
	set_str(j, "password", "password");
	cJSON_DeleteItemFromObject(j, "security_question_id");
	set_str(j, "security_answer", " ");
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(has_field(r, want[i]), "no %s in %s", want[i],
		    r->body);
	hresp_free(r);
	cJSON_Delete(j);
}
END_TEST

/* Each rule of DESIGN §7 on its own: the one bad value is the one field. */
START_TEST(test_signup_rules_one_by_one)
{
	static const struct { const char *field, *value; int ok; } cases[] = {
		{ "username", "ab", 0 }, { "username", "Asha", 0 },
		{ "username", "a234567890123456789012345678901", 0 },
		{ "username", "1abc", 0 }, { "username", "asha rao", 0 },
		{ "username", "abc", 1 },
		{ "name", "Al", 0 }, { "name", "One Two Three Four Five", 0 },
		{ "name", "Asha-Rao", 0 }, { "name", "Jean Luc de Picard", 1 },
		{ "name", "Zoë Saldaña", 1 },
		{ "email", "a@b", 0 }, { "email", "a b@example.com", 0 },
		{ "email", "a..b@example.com", 0 }, { "email", "ok.name+tag@mail.example.in", 1 },
		{ "phone", "98765432101", 0 }, { "phone", "98765-4321", 0 },
		{ "password", "Short#1", 0 }, { "password", "alllowercase1", 0 },
		{ "password", "ALLUPPER#1", 0 }, { "password", "NoDigitOrSymbol", 0 },
		{ "password", "Long enough1", 1 },
		{ "security_answer", "x", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON	*j = signup_body("rule", NULL, 0);
		struct hresp *r;

		set_str(j, cases[i].field, cases[i].value);
		r = post_json("/api/users", j, NULL);
		/* No photo was sent, so avatar is always among the fields; the
		 * case's own field must be there exactly when the value is bad. */
		ck_assert_int_eq(r->status, 422);
		ck_assert_msg(has_field(r, cases[i].field) == !cases[i].ok,
		    "%s=%s: %s", cases[i].field, cases[i].value, r->body);
		hresp_free(r);
		cJSON_Delete(j);
	}
}
END_TEST

START_TEST(test_signup_conflicts_are_409)
{
	struct fx_account tc;
	size_t	 n;
	unsigned char *png = img_make("PNG", 64, 64, 0, NULL, &n);
	struct hresp *r;
	cJSON	*j;

	fx_signup("dup", &tc);
	j = signup_body("dup", png, n);
	set_str(j, "username", tc.username);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 409, "USERNAME_EXISTS");
	ck_assert(has_field(r, "username"));
	hresp_free(r);
	cJSON_Delete(j);

	j = signup_body("dup", png, n);
	set_str(j, "email", tc.email);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 409, "EMAIL_EXISTS");
	hresp_free(r);
	/* Email addresses are case-insensitive. */
	{
		char	 upper[64];

		snprintf(upper, sizeof(upper), "%s", tc.email);
		for (char *p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p -= 32;
		set_str(j, "email", upper);
		r = post_json("/api/users", j, NULL);
		expect_error(r, 409, "EMAIL_EXISTS");
		hresp_free(r);
	}
	cJSON_Delete(j);

	j = signup_body("dup", png, n);
	set_str(j, "phone", tc.phone);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 409, "PHONE_EXISTS");
	hresp_free(r);
	cJSON_Delete(j);
	free(png);
}
END_TEST

START_TEST(test_signup_unknown_question_is_422)
{
	size_t	 n;
	unsigned char *png = img_make("PNG", 64, 64, 0, NULL, &n);
	cJSON	*j = signup_body("q", png, n);
	struct hresp *r;

	cJSON_DeleteItemFromObject(j, "security_question_id");
	cJSON_AddNumberToObject(j, "security_question_id", 999);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "security_question_id"));
	hresp_free(r);
	free(png);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_signup_photo_hash_mismatch)
{
	size_t	 n;
	unsigned char *png = img_make("PNG", 64, 64, 0, NULL, &n);
	cJSON	*j = signup_body("hash", png, n);
	char	 u[32], sql[160], *v;
	struct hresp *r;

	snprintf(u, sizeof(u), "%s", cJSON_GetObjectItem(j, "username")->valuestring);
	set_str(j, "avatar_sha256", "00000000000000000000000000000000"
	    "00000000000000000000000000000000");
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "INVALID_IMAGE_HASH");
	hresp_free(r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM users WHERE "
	    "username = '%s'", u);
	v = db_scalar(sql);
	ck_assert_str_eq(v, "0");	/* nothing was created */
	free(v);
	free(png);
	cJSON_Delete(j);
}
END_TEST

/* Not photos: text named .jpg, a GIF, a PNG cut in half, bad base64. */
/* An email that exists must cost what a new one costs (it answered 409 in
 * ~10 ms, undoing the reset flow's decoy): the photo is worked on first,
 * so a taken email with a broken photo hears about the photo — and the
 * photo of a refused sign-up leaves no file behind. */
START_TEST(test_taken_email_costs_the_photo_work_and_leaves_no_file)
{
	struct fx_account tc;
	const char *text = "not a picture at all\n";
	size_t	 n;
	unsigned char *png = img_make("PNG", 200, 160, 0, NULL, &n);
	char	 sha[65];
	long	 before;
	struct hresp *r;
	cJSON	*j;

	fx_signup("taken", &tc);
	before = file_count("avatars");
	j = signup_body("taken", png, n);
	set_str(j, "email", tc.email);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 409, "EMAIL_EXISTS");
	hresp_free(r);
	ck_assert_int_eq(file_count("avatars"), before);
	/* The same taken email with a photo that is no photo: the photo's
	 * verdict comes first, because its work comes first. */
	img_sha256_hex(text, strlen(text), sha);
	{
		char	*b64 = img_base64(text, strlen(text));

		set_str(j, "avatar", b64);
		set_str(j, "avatar_sha256", sha);
		free(b64);
	}
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "INVALID_IMAGE");
	hresp_free(r);
	ck_assert_int_eq(file_count("avatars"), before);
	cJSON_Delete(j);
	free(png);
}
END_TEST

START_TEST(test_signup_refuses_what_is_not_a_photo)
{
	const char *text = "this is not a picture, just text in a .jpg file\n";
	size_t	 n, gn;
	unsigned char *png = img_make("PNG", 200, 200, 1, NULL, &n);
	unsigned char *gif = img_make("GIF", 64, 64, 0, NULL, &gn);
	char	 sha[65], email[80];
	const char *u;
	long	 before = file_count("avatars");
	struct hresp *r;
	cJSON	*j;

	img_sha256_hex(text, strlen(text), sha);
	u = fx_unique("txt");
	snprintf(email, sizeof(email), "%s@example.com", u);
	{
		const char *f[] = { "name", "Ravi Kumar", "username", u,
		    "email", email, "phone", fx_phone(),
		    "password", "Interval#9", "security_question_id", "1",
		    "security_answer", "Bruno", "avatar_sha256", sha, NULL };

		r = multipart("POST", "/api/users", f, "avatar", "holiday.jpg",
		    "image/jpeg", text, strlen(text), NULL);
	}
	expect_error(r, 422, "INVALID_IMAGE");
	hresp_free(r);

	j = signup_body("gif", gif, gn);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "INVALID_IMAGE");
	hresp_free(r);
	cJSON_Delete(j);

	j = signup_body("half", png, n / 2);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "INVALID_IMAGE");
	hresp_free(r);
	cJSON_Delete(j);

	j = signup_body("b64", png, n);
	set_str(j, "avatar", "!!!not base64!!!");
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "avatar"));
	hresp_free(r);
	cJSON_Delete(j);
	/* No stray files were left behind. */
	ck_assert_int_eq(file_count("avatars"), before);
	free(png);
	free(gif);
}
END_TEST

/* A 6 MB photo: as a multipart file it reaches us and is refused by size;
 * base64 in JSON (8.4 MB) Apache refuses first — both 413 in our shape. */
START_TEST(test_signup_six_megabyte_photo_is_413)
{
	size_t	 n = 6 * 1024 * 1024;
	unsigned char *big = malloc(n);
	char	 sha[65], email[80];
	const char *u = fx_unique("big");
	struct hresp *r;
	cJSON	*j;

	for (size_t i = 0; i < n; i++)
		big[i] = (unsigned char)(i * 2654435761u >> 13);
	memcpy(big, "\xff\xd8\xff\xe0", 4);
	img_sha256_hex(big, n, sha);
	snprintf(email, sizeof(email), "%s@example.com", u);
	{
		const char *f[] = { "name", "Ravi Kumar", "username", u,
		    "email", email, "phone", fx_phone(),
		    "password", "Interval#9", "security_question_id", "1",
		    "security_answer", "Bruno", "avatar_sha256", sha, NULL };

		r = multipart("POST", "/api/users", f, "avatar", "big.jpg",
		    "image/jpeg", big, n, NULL);
	}
	expect_error(r, 413, "PAYLOAD_TOO_LARGE");
	hresp_free(r);

	j = signup_body("big", big, n);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 413, "PAYLOAD_TOO_LARGE");
	hresp_free(r);
	cJSON_Delete(j);
	/* 5.5 MB: fits the request limit as base64, over the photo limit. */
	j = signup_body("big", big, 5 * 1024 * 1024 + 512 * 1024);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 413, "PAYLOAD_TOO_LARGE");
	hresp_free(r);
	cJSON_Delete(j);
	free(big);
}
END_TEST

/* 400 megapixels in a few kB: refused from the header, quickly, without
 * decoding (a decoder would need gigabytes). */
START_TEST(test_signup_decompression_bomb_png_is_invalid)
{
	size_t	 n;
	unsigned char *bomb = img_png_bomb(20000, 20000, &n);
	cJSON	*j = signup_body("bomb", bomb, n);
	time_t	 t0 = time(NULL);
	struct hresp *r;

	ck_assert_int_lt(n, 200 * 1024);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "INVALID_IMAGE");
	ck_assert_int_le(time(NULL) - t0, 5);
	hresp_free(r);
	cJSON_Delete(j);
	free(bomb);
	/* Just over the limit (6400 × 6400 = 41 MP) is refused too … */
	bomb = img_png_bomb(6400, 6400, &n);
	j = signup_body("bomb", bomb, n);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 422, "INVALID_IMAGE");
	hresp_free(r);
	cJSON_Delete(j);
	free(bomb);
	/* … and just under it is a photo. */
	bomb = img_png_bomb(6000, 6000, &n);
	j = signup_body("bomb", bomb, n);
	r = post_json("/api/users", j, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	cJSON_Delete(j);
	free(bomb);
}
END_TEST

/* --- staff accounts ----------------------------------------------------------- */

START_TEST(test_admin_creates_staff_and_admin_accounts)
{
	char	 s[32], a[32], *tok;
	struct hresp *r;

	snprintf(s, sizeof(s), "%s", fx_unique("st"));
	snprintf(a, sizeof(a), "%s", fx_unique("ad"));
	fx_staff("staff", s, "Counter#12", 12);
	fx_staff("admin", a, "Manager#77", 3);
	tok = login(s, "Counter#12");
	r = api("GET", "/api/users/me", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.role"), "staff");
	ck_assert_int_eq(jint(r->json, "data.counter_no"), 12);
	ck_assert_ptr_null(jget(r->json, "data.email"));
	hresp_free(r);
	free(tok);
	tok = login(a, "Manager#77");
	r = api("GET", "/api/users", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(strstr(r->body, s));
	ck_assert_ptr_nonnull(strstr(r->body, a));
	ck_assert_ptr_null(strstr(r->body, "\"customer\""));
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_only_admin_creates_staff)
{
	char	 body[300], *cust = fx_login("customer");
	char	*staff = fx_login("staff"), *admin = fx_login("admin");
	struct hresp *r;

	snprintf(body, sizeof(body), "{\"role\":\"staff\",\"username\":\"%s\","
	    "\"name\":\"Sneaky Staff\",\"password\":\"Counter#12\","
	    "\"counter_no\":4}", fx_unique("sn"));
	r = api("POST", "/api/users", body, NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("POST", "/api/users", body, cust);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("POST", "/api/users", body, staff);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	/* An admin's bad counter number is a field error. */
	snprintf(body, sizeof(body), "{\"role\":\"admin\",\"username\":\"%s\","
	    "\"name\":\"New Admin\",\"password\":\"Counter#12\","
	    "\"counter_no\":1000}", fx_unique("ad"));
	r = api("POST", "/api/users", body, admin);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "counter_no"));
	hresp_free(r);
	r = api("POST", "/api/users", "{\"role\":\"superuser\"}", admin);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "role"));
	hresp_free(r);
	free(cust);
	free(staff);
	free(admin);
}
END_TEST

/* --- profile ---------------------------------------------------------------- */

START_TEST(test_profile_change_needs_the_security_answer)
{
	struct fx_account tc, other;
	char	*tok, body[300];
	struct hresp *r;

	fx_signup("pf", &tc);
	fx_signup("pf", &other);
	tok = login(tc.username, tc.password);
	r = api("PATCH", "/api/users/me", "{\"name\":\"Meera Nair\"}", tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "security_answer"));
	hresp_free(r);
	client_set_source(client_fresh_source());
	r = api("PATCH", "/api/users/me", "{\"name\":\"Meera Nair\","
	    "\"security_answer\":\"Mumbai\"}", tok);
	expect_error(r, 403, "INVALID_SECURITY_ANSWER");
	hresp_free(r);
	/* Answers compare without case or extra spaces. */
	snprintf(body, sizeof(body), "{\"name\":\"  Meera   Nair \","
	    "\"phone\":\"%s\",\"security_answer\":\" chennai \"}",
	    fx_phone());
	r = api("PATCH", "/api/users/me", body, tok);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.name"), "Meera Nair");
	hresp_free(r);
	r = api("GET", "/api/session", NULL, tok);
	ck_assert_str_eq(jstr(r->json, "data.user.name"), "Meera Nair");
	hresp_free(r);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"security_answer\":"
	    "\"Chennai\"}", other.email);
	r = api("PATCH", "/api/users/me", body, tok);
	expect_error(r, 409, "EMAIL_EXISTS");
	hresp_free(r);
	snprintf(body, sizeof(body), "{\"phone\":\"%s\",\"security_answer\":"
	    "\"Chennai\"}", other.phone);
	r = api("PATCH", "/api/users/me", body, tok);
	expect_error(r, 409, "PHONE_EXISTS");
	hresp_free(r);
	r = api("PATCH", "/api/users/me", "{\"email\":\"bad\","
	    "\"security_answer\":\"Chennai\"}", tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "email"));
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_wrong_answers_are_rate_limited)
{
	struct fx_account tc;
	char	*tok;
	struct hresp *r;

	fx_signup("ra", &tc);
	tok = login(tc.username, tc.password);
	client_set_source(client_fresh_source());
	for (int i = 0; i < 5; i++) {
		r = api("PATCH", "/api/users/me", "{\"name\":\"Meera Nair\","
		    "\"security_answer\":\"Delhi\"}", tok);
		expect_error(r, 403, "INVALID_SECURITY_ANSWER");
		hresp_free(r);
	}
	r = api("PATCH", "/api/users/me", "{\"name\":\"Meera Nair\","
	    "\"security_answer\":\"Chennai\"}", tok);
	expect_error(r, 429, "RATE_LIMITED");
	ck_assert_ptr_nonnull(hdr(r, "Retry-After"));
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_staff_profile_change_needs_password)
{
	char	 s[32], *tok;
	struct hresp *r;

	snprintf(s, sizeof(s), "%s", fx_unique("sp"));
	fx_staff("staff", s, "Counter#12", 9);
	tok = login(s, "Counter#12");
	client_set_source(client_fresh_source());
	r = api("PATCH", "/api/users/me", "{\"name\":\"Suresh Menon\","
	    "\"password\":\"Wrong#123\"}", tok);
	expect_error(r, 403, "INCORRECT_PASSWORD");
	hresp_free(r);
	r = api("PATCH", "/api/users/me", "{\"email\":\"s@example.com\","
	    "\"password\":\"Counter#12\"}", tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("PATCH", "/api/users/me", "{\"name\":\"Suresh Menon\","
	    "\"password\":\"Counter#12\"}", tok);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.name"), "Suresh Menon");
	ck_assert_int_eq(jint(r->json, "data.counter_no"), 9);
	hresp_free(r);
	free(tok);
}
END_TEST

static struct hresp *
change_password(const char *tok, const char *cur, const char *next)
{
	char	 body[300];

	snprintf(body, sizeof(body), "{\"current_password\":\"%s\","
	    "\"new_password\":\"%s\"}", cur, next);
	return api("PUT", "/api/users/me/password", body, tok);
}

START_TEST(test_password_change_history_and_revocation)
{
	struct fx_account tc;
	char	*tok, *old;
	struct hresp *r;
	static const char *pw[] = { "Secret#2026", "Second#2026",
	    "Third#2026", "Fourth#2026" };

	fx_signup("pw", &tc);
	old = login(tc.username, tc.password);
	tok = login(tc.username, tc.password);
	client_set_source(client_fresh_source());
	r = change_password(tok, "Wrong#2026", "Second#2026");
	expect_error(r, 403, "INCORRECT_PASSWORD");
	hresp_free(r);
	r = change_password(tok, tc.password, "weak");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "new_password"));
	hresp_free(r);
	r = change_password(tok, tc.password, tc.password);
	expect_error(r, 422, "PASSWORD_REUSE");
	hresp_free(r);
	/* Three changes; each answer is a fresh session. */
	for (int i = 1; i <= 3; i++) {
		r = change_password(tok, pw[i - 1], pw[i]);
		ck_assert_msg(r->status == 200, "%d: %ld %s", i, r->status,
		    r->body);
		ck_assert_ptr_nonnull(hdr(r, "Set-Cookie"));
		free(tok);
		tok = strdup(jstr(r->json, "data.token"));
		hresp_free(r);
	}
	/* The session from before is revoked; the new one works. */
	r = api("GET", "/api/session", NULL, old);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("GET", "/api/session", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	/* The last three (Second, Third, Fourth) are refused; the first,
	 * now four back, is allowed again. */
	for (int i = 1; i <= 3; i++) {
		r = change_password(tok, pw[3], pw[i]);
		expect_error(r, 422, "PASSWORD_REUSE");
		hresp_free(r);
	}
	r = change_password(tok, pw[3], pw[0]);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(old);
	free(old = login(tc.username, pw[0]));
	free(tok);
}
END_TEST

START_TEST(test_new_photo_replaces_the_old)
{
	struct fx_account tc;
	size_t	 n;
	unsigned char *jpg = img_make("JPEG", 800, 600, 0, NULL, &n);
	char	*tok, sha[65], *b64, old_url[300];
	cJSON	*j = cJSON_CreateObject();
	struct hresp *r;

	fx_signup("av", &tc);
	tok = login(tc.username, tc.password);
	r = api("GET", "/api/users/me/avatar", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	snprintf(old_url, sizeof(old_url), "%s", jstr(r->json, "data.url"));
	hresp_free(r);
	img_sha256_hex(jpg, n, sha);
	b64 = img_base64(jpg, n);
	cJSON_AddStringToObject(j, "avatar", b64);
	cJSON_AddStringToObject(j, "avatar_sha256", sha);
	r = send_json("PUT", "/api/users/me/avatar", j, tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "security_answer"));
	hresp_free(r);
	client_set_source(client_fresh_source());
	cJSON_AddStringToObject(j, "security_answer", "Madurai");
	r = send_json("PUT", "/api/users/me/avatar", j, tok);
	expect_error(r, 403, "INVALID_SECURITY_ANSWER");
	hresp_free(r);
	set_str(j, "security_answer", "Chennai");
	r = send_json("PUT", "/api/users/me/avatar", j, tok);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_ne(jstr(r->json, "data.url"), old_url);
	expect_avatar(jstr(r->json, "data.url"));
	hresp_free(r);
	/* The old file is gone: its still-valid link finds nothing. */
	r = http("GET", old_url, NULL, NULL, 0, NULL);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	free(b64);
	free(jpg);
	free(tok);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_staff_have_no_photo)
{
	char	*tok = fx_login("staff");
	struct hresp *r = api("GET", "/api/users/me/avatar", NULL, tok);

	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	r = api("PUT", "/api/users/me/avatar", "{}", tok);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	free(tok);
}
END_TEST

/* --- signed photo URLs -------------------------------------------------------- */

static void
read_key(unsigned char key[32])
{
	char	 path[1024];
	int	 fd;

	snprintf(path, sizeof(path), "%s/secret.key", getenv("SKYFOX_DATA"));
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, key, 32), 32);
	close(fd);
}

START_TEST(test_signed_url_valid_for_a_day_and_tamper_proof)
{
	struct fx_account tc, other;
	char	*tok, url[300], bad[300], name[64], *q;
	long long x;
	unsigned char key[32];
	char	 sig[AVATAR_SIG_LEN];
	struct hresp *r;

	fx_signup("url", &tc);
	fx_signup("url", &other);
	tok = login(tc.username, tc.password);
	r = api("GET", "/api/users/me/avatar", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	snprintf(url, sizeof(url), "%s", jstr(r->json, "data.url"));
	hresp_free(r);
	expect_avatar(url);
	x = atoll(strstr(url, "expires=") + 8);
	ck_assert_int_ge(x - (long long)time(NULL), 24 * 3600 - 60);
	ck_assert_int_le(x - (long long)time(NULL), 25 * 3600 + 60);
	/* One changed character of the signature. */
	snprintf(bad, sizeof(bad), "%s", url);
	q = strstr(bad, "sig=") + 6;
	*q = *q == 'A' ? 'B' : 'A';
	r = http("GET", bad, NULL, NULL, 0, NULL);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	/* A later expiry with the old signature. */
	snprintf(bad, sizeof(bad), "%.*s%lld%s", (int)(strstr(url, "expires=") +
	    8 - url), url, x + 3600, strchr(strstr(url, "expires="), '&'));
	r = http("GET", bad, NULL, NULL, 0, NULL);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	/* Another customer's photo under my signature. */
	free(tok);
	{
		char	 sql[200], *other_name;

		snprintf(sql, sizeof(sql), "SELECT c.avatar FROM customers c JOIN "
		    "users u ON u.id = c.user_id WHERE u.username = '%s'",
		    other.username);
		other_name = db_scalar(sql);
		snprintf(bad, sizeof(bad), "/api/avatars/%s%s", other_name,
		    strchr(url, '?'));
		r = http("GET", bad, NULL, NULL, 0, NULL);
		expect_error(r, 403, "FORBIDDEN");
		hresp_free(r);
		free(other_name);
	}
	/* Missing parameters, and a path that is not one of our names. */
	snprintf(bad, sizeof(bad), "%.*s", (int)(strchr(url, '?') - url), url);
	r = http("GET", bad, NULL, NULL, 0, NULL);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = http("GET", "/api/avatars/..%2f..%2fskyfox.db?expires=9999999999&sig=x",
	    NULL, NULL, 0, NULL);
	ck_assert(r->status == 403 || r->status == 404 || r->status == 400);
	hresp_free(r);
	/* Expired: correctly signed with the site key, an hour ago. */
	read_key(key);
	snprintf(name, sizeof(name), "%.*s", AVATAR_NAME_LEN - 1,
	    strstr(url, "/api/avatars/") + 13);
	avatar_sign(key, name, (long long)time(NULL) - 3600, sig);
	snprintf(bad, sizeof(bad), "/api/avatars/%s?expires=%lld&sig=%s", name,
	    (long long)time(NULL) - 3600, sig);
	r = http("GET", bad, NULL, NULL, 0, NULL);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	/* The same forge, unexpired, works: expiry was the reason. */
	avatar_sign(key, name, (long long)time(NULL) + 3600, sig);
	snprintf(bad, sizeof(bad), "/api/avatars/%s?expires=%lld&sig=%s", name,
	    (long long)time(NULL) + 3600, sig);
	expect_avatar(bad);
}
END_TEST

/* There is no way to name another customer's profile: /me is the only
 * profile route, and anything else is 404. */
START_TEST(test_no_route_to_another_customers_profile)
{
	char	*tok = fx_login("customer");
	char	*id = db_scalar("SELECT id FROM users WHERE username = 'admin'");
	char	 path[64];
	struct hresp *r;

	r = api("GET", "/api/users/admin", NULL, tok);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/users/%s", id);
	r = api("GET", path, NULL, tok);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	r = api("GET", "/api/users/admin/avatar", NULL, tok);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	free(id);
	free(tok);
}
END_TEST

START_TEST(test_security_questions_list)
{
	struct hresp *r = api("GET", "/api/security-questions", NULL, NULL);

	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 10);
	ck_assert_int_eq(jint(r->json, "data.1.id"), 2);
	ck_assert_str_eq(jstr(r->json, "data.1.question"),
	    "In which city were you born?");
	hresp_free(r);
}
END_TEST

START_TEST(test_users_routes_by_role)
{
	static const struct role_case cases[] = {
		{ "POST", "/api/users", "{}", RC_EVERYONE, 0 },
		{ "GET", "/api/users", NULL, RC_ADMIN, 0 },
		{ "GET", "/api/users/me", NULL, RC_USER, 0 },
		{ "PATCH", "/api/users/me", "{}", RC_USER, 0 },
		{ "PUT", "/api/users/me/password", "{}", RC_USER, 0 },
		{ "PUT", "/api/users/me/avatar", "{}", RC_CUSTOMER, 0 },
		{ "GET", "/api/users/me/avatar", NULL, RC_USER, 0 },
		{ "GET", "/api/security-questions", NULL, RC_EVERYONE, 0 },
		{ "GET", "/api/password-resets/question?email=a%40example.com",
		    NULL, RC_EVERYONE, 0 },
		{ "POST", "/api/password-resets/verify", "{}", RC_EVERYONE, 0 },
		{ "POST", "/api/password-resets", "{}", RC_EVERYONE, 0 },
	};

	roles_check(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_users_cgi_does_not_load_magickwand)
{
	char	 cmd[600], line[512];
	FILE	*p;
	int	 magick = 0, n = 0;

	snprintf(cmd, sizeof(cmd), "ldd %s/cgi-bin/users.cgi",
	    getenv("SKYFOX_ROOT"));
	p = popen(cmd, "r");
	while (fgets(line, sizeof(line), p) != NULL) {
		n++;
		/* ImageMagick, and what it drags in (OpenMP, colour
		 * management, fonts): none of it belongs in this CGI. */
		if (strstr(line, "Magick") != NULL || strstr(line, "gomp") ||
		    strstr(line, "lcms") || strstr(line, "freetype") ||
		    strstr(line, "libcurl") || strstr(line, "hpdf"))
			magick = 1;
	}
	pclose(p);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(magick, 0);
}
END_TEST

/* --- crowds: the sign-up limit and the image slots ------------------------ */

/* The test site's signup_per_hour (tools/site.sh sets a high one for the
 * suites), so a test that lowers it can put it back. */
static char *
signup_limit_now(void)
{
	char	 cmd[600];

	snprintf(cmd, sizeof(cmd), "sed -n 's/^signup_per_hour *= *//p' "
	    "'%s/skyfox.conf'", getenv("SKYFOX_DATA"));
	return shell_output(cmd);
}

struct photo_ref {
	const void	*p;
	size_t		 n;
};

static struct hresp *
signup_attempt(int i, void *photo)
{
	const struct photo_ref *ph = photo;
	cJSON	*j = signup_body("crowd", ph->p, ph->n);
	struct hresp *r;

	(void)i;
	r = post_json("/api/users", j, NULL);
	cJSON_Delete(j);
	return r;
}

/* Every anonymous sign-up attempt from an address counts, the helpful
 * 409s included: past signup_per_hour the address gets 429 with
 * Retry-After, even in a burst; another address and an admin creating
 * staff are not limited. */
START_TEST(test_signup_is_rate_limited_per_address)
{
	static const long ok[] = { 201, 409, 429, 0 };
	struct photo_ref ph;
	size_t	 n;
	unsigned char *png = img_make("PNG", 120, 90, 0, NULL, &n);
	char	*saved = signup_limit_now(), *admin, body[300];
	struct fx_account tc;
	struct burst b;
	struct hresp *r;
	cJSON	*j;

	fx_signup("lim", &tc);		/* an existing email */
	conf_set("signup_per_hour", "3");
	client_set_source(client_fresh_source());
	j = signup_body("lim", png, n);
	set_str(j, "email", tc.email);
	r = post_json("/api/users", j, NULL);
	expect_error(r, 409, "EMAIL_EXISTS");	/* helpful, and counted */
	hresp_free(r);
	ph.p = png;
	ph.n = n;
	burst_run(8, signup_attempt, &ph, &b);
	burst_expect_only(&b, ok);
	ck_assert_msg(burst_count(&b, 201) + burst_count(&b, 409) <= 2, "%s",
	    burst_summary(&b));
	ck_assert_msg(burst_count(&b, 429) >= 6, "%s", burst_summary(&b));
	/* The enumeration answer is refused too now. */
	r = post_json("/api/users", j, NULL);
	expect_error(r, 429, "RATE_LIMITED");
	ck_assert_int_ge(atol(hdr(r, "Retry-After")), 1);
	ck_assert_int_le(atol(hdr(r, "Retry-After")), 3600);
	hresp_free(r);
	cJSON_Delete(j);
	/* An admin creating staff from the same address is not limited. */
	admin = fx_login("admin");
	snprintf(body, sizeof(body), "{\"role\":\"staff\",\"username\":"
	    "\"%s\",\"name\":\"Test Staff\",\"password\":\"Counter#2026\","
	    "\"counter_no\":4}", fx_unique("lims"));
	r = api("POST", "/api/users", body, admin);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(admin);
	/* Another address signs up. */
	client_set_source(client_fresh_source());
	j = signup_body("lim", png, n);
	r = post_json("/api/users", j, NULL);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	cJSON_Delete(j);
	conf_set("signup_per_hour", *saved != '\0' ? saved : NULL);
	free(saved);
	free(png);
}
END_TEST

/* Six sign-ups at once, each with a 39.7-megapixel PNG (a few kB that
 * decode to hundreds of MB): the image slots let a few decode at a time;
 * each answer is the right verdict (201: it is a valid photo) or 503 with
 * Retry-After — never a 500, never a wrong 422.  A normal sign-up right
 * after succeeds. */
START_TEST(test_parallel_40_megapixel_signups_get_201_or_503)
{
	static const long ok[] = { 201, 503, 0 };
	struct photo_ref ph;
	size_t	 n;
	unsigned char *bomb = img_png_bomb(6300, 6300, &n);
	struct fx_account tc;
	struct burst b;

	client_set_source(client_fresh_source());
	ph.p = bomb;
	ph.n = n;
	burst_run(6, signup_attempt, &ph, &b);
	burst_expect_only(&b, ok);
	fx_signup("after", &tc);
	free(bomb);
}
END_TEST

static struct hresp *
wrong_current_password(int i, void *tok)
{
	(void)i;
	return change_password(tok, "Wrong#2026", "Brand#New2026");
}

/* 30 wrong current passwords at once: at most 5 evaluated (403), the rest
 * 429 with Retry-After. */
START_TEST(test_burst_of_wrong_current_passwords_evaluates_at_most_the_limit)
{
	static const long ok[] = { 403, 429, 0 };
	struct fx_account tc;
	struct burst b;
	char	*tok;

	fx_signup("pb", &tc);
	tok = login(tc.username, tc.password);
	client_set_source(client_fresh_source());
	burst_run(30, wrong_current_password, tok, &b);
	burst_expect_only(&b, ok);
	ck_assert_msg(burst_count(&b, 403) <= 5, "%s", burst_summary(&b));
	ck_assert_msg(burst_count(&b, 429) >= 25, "%s", burst_summary(&b));
	free(tok);
}
END_TEST

static struct hresp *
wrong_profile_answer(int i, void *tok)
{
	(void)i;
	return api("PATCH", "/api/users/me", "{\"name\":\"Meera Nair\","
	    "\"security_answer\":\"Delhi\"}", tok);
}

START_TEST(test_burst_of_wrong_answers_evaluates_at_most_the_limit)
{
	static const long ok[] = { 403, 429, 0 };
	struct fx_account tc;
	struct burst b;
	char	*tok;

	fx_signup("ab", &tc);
	tok = login(tc.username, tc.password);
	client_set_source(client_fresh_source());
	burst_run(30, wrong_profile_answer, tok, &b);
	burst_expect_only(&b, ok);
	ck_assert_msg(burst_count(&b, 403) <= 5, "%s", burst_summary(&b));
	ck_assert_msg(burst_count(&b, 429) >= 25, "%s", burst_summary(&b));
	free(tok);
}
END_TEST

Suite *
users_suite(void)
{
	Suite	*s = suite_create("http users");
	TCase	*t = tcase_create("users");

	tcase_set_timeout(t, 120);
	tcase_add_test(t, test_signup_with_png_makes_customer_wallet_and_photo);
	tcase_add_test(t, test_signup_with_jpeg_as_multipart_file);
	tcase_add_test(t, test_signup_with_webp);
	tcase_add_test(t, test_photo_metadata_is_stripped);
	tcase_add_test(t, test_signup_names_every_bad_field);
	tcase_add_test(t, test_signup_rules_one_by_one);
	tcase_add_test(t, test_signup_conflicts_are_409);
	tcase_add_test(t, test_signup_unknown_question_is_422);
	tcase_add_test(t, test_signup_photo_hash_mismatch);
	tcase_add_test(t, test_signup_refuses_what_is_not_a_photo);
	tcase_add_test(t, test_taken_email_costs_the_photo_work_and_leaves_no_file);
	tcase_add_test(t, test_signup_six_megabyte_photo_is_413);
	tcase_add_test(t, test_signup_decompression_bomb_png_is_invalid);
	tcase_add_test(t, test_admin_creates_staff_and_admin_accounts);
	tcase_add_test(t, test_only_admin_creates_staff);
	tcase_add_test(t, test_profile_change_needs_the_security_answer);
	tcase_add_test(t, test_wrong_answers_are_rate_limited);
	tcase_add_test(t, test_staff_profile_change_needs_password);
	tcase_add_test(t, test_password_change_history_and_revocation);
	tcase_add_test(t, test_new_photo_replaces_the_old);
	tcase_add_test(t, test_staff_have_no_photo);
	tcase_add_test(t, test_signed_url_valid_for_a_day_and_tamper_proof);
	tcase_add_test(t, test_no_route_to_another_customers_profile);
	tcase_add_test(t, test_security_questions_list);
	tcase_add_test(t, test_users_routes_by_role);
	tcase_add_test(t, test_users_cgi_does_not_load_magickwand);
	tcase_add_test(t, test_signup_is_rate_limited_per_address);
	tcase_add_test(t, test_parallel_40_megapixel_signups_get_201_or_503);
	tcase_add_test(t, test_burst_of_wrong_current_passwords_evaluates_at_most_the_limit);
	tcase_add_test(t, test_burst_of_wrong_answers_evaluates_at_most_the_limit);
	suite_add_tcase(s, t);
	return s;
}
