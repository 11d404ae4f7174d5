/* auth: HS256 session tokens, their verification against every kind of
 * forgery, CSRF tokens, and auth_authenticate over a real database. */
#include <check.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "keys.h"
#include "migrate.h"
#include "unit.h"

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char key2[32] = "fedcba9876543210fedcba9876543210";

#define NOW	1800000000LL

static struct auth_claims
claims(void)
{
	struct auth_claims c;

	memset(&c, 0, sizeof(c));
	c.uid = 7;
	snprintf(c.username, sizeof(c.username), "asha");
	snprintf(c.role, sizeof(c.role), "customer");
	c.ver = 3;
	c.iat = NOW;
	c.exp = NOW + AUTH_SESSION_SECONDS;
	return c;
}

static char *
b64(const void *p, size_t n)
{
	size_t	 sz = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char	*out = malloc(sz);

	sodium_bin2base64(out, sz, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* Replace part i (0 header, 1 payload, 2 signature) of tok with s. */
static char *
with_part(const char *tok, int i, const char *s)
{
	const char *d1 = strchr(tok, '.'), *d2 = strchr(d1 + 1, '.');
	char	*out;

	if (i == 0)
		ck_assert_int_ne(asprintf(&out, "%s%s", s, d1), -1);
	else if (i == 1)
		ck_assert_int_ne(asprintf(&out, "%.*s.%s%s", (int)(d1 - tok), tok,
		    s, d2), -1);
	else
		ck_assert_int_ne(asprintf(&out, "%.*s.%s", (int)(d2 - tok), tok, s),
		    -1);
	return out;
}

START_TEST(test_jwt_sign_then_verify_round_trips_claims)
{
	struct auth_claims in = claims(), out;
	struct buf t = BUF_INIT;

	ck_assert_int_eq(auth_jwt_sign(key, &in, &t), 0);
	/* header.payload.signature, with the one header we issue. */
	ck_assert(strncmp(buf_str(&t), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
	    37) == 0);
	ck_assert_int_eq(auth_jwt_verify(key, buf_str(&t), NOW, &out), 0);
	ck_assert_int_eq(out.uid, 7);
	ck_assert_str_eq(out.username, "asha");
	ck_assert_str_eq(out.role, "customer");
	ck_assert_int_eq(out.ver, 3);
	ck_assert_int_eq(out.iat, NOW);
	ck_assert_int_eq(out.exp, NOW + AUTH_SESSION_SECONDS);
	buf_free(&t);
}
END_TEST

START_TEST(test_jwt_refuses_tampered_payload)
{
	struct auth_claims in = claims(), out;
	struct buf t = BUF_INIT;
	static const char admin[] = "{\"sub\":\"asha\",\"uid\":7,\"role\":\"admin\","
	    "\"ver\":3,\"iat\":1800000000,\"exp\":1800086400}";
	char	*p = b64(admin, strlen(admin)), *forged;

	ck_assert_int_eq(auth_jwt_sign(key, &in, &t), 0);
	forged = with_part(buf_str(&t), 1, p);
	ck_assert_int_eq(auth_jwt_verify(key, forged, NOW, &out), -1);
	ck_assert_str_eq(out.role, "");		/* nothing leaks out */
	free(forged);
	free(p);
	buf_free(&t);
}
END_TEST

START_TEST(test_jwt_refuses_tampered_signature)
{
	struct auth_claims in = claims(), out;
	struct buf t = BUF_INIT;
	char	*tok, *sig;

	ck_assert_int_eq(auth_jwt_sign(key, &in, &t), 0);
	tok = strdup(buf_str(&t));
	sig = strrchr(tok, '.') + 1;
	sig[5] = sig[5] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(auth_jwt_verify(key, tok, NOW, &out), -1);
	/* Truncated, empty and over-long signatures. */
	sig[5] = '\0';
	ck_assert_int_eq(auth_jwt_verify(key, tok, NOW, &out), -1);
	sig[0] = '\0';
	ck_assert_int_eq(auth_jwt_verify(key, tok, NOW, &out), -1);
	free(tok);
	ck_assert_int_ne(asprintf(&tok, "%sAAAA", buf_str(&t)), -1);
	ck_assert_int_eq(auth_jwt_verify(key, tok, NOW, &out), -1);
	free(tok);
	buf_free(&t);
}
END_TEST

START_TEST(test_jwt_refuses_other_headers_and_alg_none)
{
	struct auth_claims in = claims(), out;
	struct buf t = BUF_INIT;
	static const char none[] = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
	static const char hs512[] = "{\"alg\":\"HS512\",\"typ\":\"JWT\"}";
	static const char spaced[] = "{\"alg\": \"HS256\", \"typ\": \"JWT\"}";
	char	*h, *tok, *unsigned_tok;

	ck_assert_int_eq(auth_jwt_sign(key, &in, &t), 0);
	h = b64(none, strlen(none));
	tok = with_part(buf_str(&t), 0, h);
	ck_assert_int_eq(auth_jwt_verify(key, tok, NOW, &out), -1);
	/* The classic: alg none with an empty signature. */
	unsigned_tok = with_part(tok, 2, "");
	ck_assert_int_eq(auth_jwt_verify(key, unsigned_tok, NOW, &out), -1);
	free(unsigned_tok);
	free(tok);
	free(h);
	h = b64(hs512, strlen(hs512));
	tok = with_part(buf_str(&t), 0, h);
	ck_assert_int_eq(auth_jwt_verify(key, tok, NOW, &out), -1);
	free(tok);
	free(h);
	/* Even an equivalent header, re-signed properly, is not ours. */
	{
		struct buf m = BUF_INIT;
		unsigned char mac[crypto_auth_hmacsha256_BYTES];
		const char *d1 = strchr(buf_str(&t), '.');
		const char *d2 = strchr(d1 + 1, '.');
		char	*sig;

		h = b64(spaced, strlen(spaced));
		buf_printf(&m, "%s%.*s", h, (int)(d2 - d1), d1);
		crypto_auth_hmacsha256(mac, (const unsigned char *)buf_str(&m),
		    m.len, key);
		sig = b64(mac, sizeof(mac));
		buf_printf(&m, ".%s", sig);
		ck_assert_int_eq(auth_jwt_verify(key, buf_str(&m), NOW, &out), -1);
		free(sig);
		free(h);
		buf_free(&m);
	}
	buf_free(&t);
}
END_TEST

START_TEST(test_jwt_refuses_expired_token)
{
	struct auth_claims in = claims(), out;
	struct buf t = BUF_INIT;

	ck_assert_int_eq(auth_jwt_sign(key, &in, &t), 0);
	ck_assert_int_eq(auth_jwt_verify(key, buf_str(&t), in.exp - 1, &out), 0);
	ck_assert_int_eq(auth_jwt_verify(key, buf_str(&t), in.exp, &out), -1);
	ck_assert_int_eq(auth_jwt_verify(key, buf_str(&t), in.exp + 3600, &out),
	    -1);
	buf_free(&t);
}
END_TEST

START_TEST(test_jwt_refuses_wrong_key)
{
	struct auth_claims in = claims(), out;
	struct buf t = BUF_INIT;

	ck_assert_int_eq(auth_jwt_sign(key, &in, &t), 0);
	ck_assert_int_eq(auth_jwt_verify(key2, buf_str(&t), NOW, &out), -1);
	buf_free(&t);
}
END_TEST

START_TEST(test_jwt_refuses_malformed_tokens)
{
	struct auth_claims in = claims(), out;
	struct buf t = BUF_INIT;
	char	*tok;
	char	 big[3000];

	ck_assert_int_eq(auth_jwt_verify(key, NULL, NOW, &out), -1);
	ck_assert_int_eq(auth_jwt_verify(key, "", NOW, &out), -1);
	ck_assert_int_eq(auth_jwt_verify(key, "a.b.c", NOW, &out), -1);
	ck_assert_int_eq(auth_jwt_verify(key,
	    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", NOW, &out), -1);
	ck_assert_int_eq(auth_jwt_sign(key, &in, &t), 0);
	/* A fourth part. */
	ck_assert_int_ne(asprintf(&tok, "%s.x", buf_str(&t)), -1);
	ck_assert_int_eq(auth_jwt_verify(key, tok, NOW, &out), -1);
	free(tok);
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, buf_str(&t), t.len);
	ck_assert_int_eq(auth_jwt_verify(key, big, NOW, &out), -1);
	buf_free(&t);
}
END_TEST

START_TEST(test_jwt_refuses_validly_signed_payload_with_bad_claims)
{
	/* Signed with our key but missing or mistyped claims. */
	static const char *payloads[] = {
		"{\"sub\":\"asha\",\"role\":\"customer\",\"ver\":1,\"iat\":1,\"exp\":9999999999}",
		"{\"sub\":\"asha\",\"uid\":\"7x\",\"role\":\"customer\",\"ver\":1,\"iat\":1,\"exp\":9999999999}",
		"{\"sub\":7,\"uid\":7,\"role\":\"customer\",\"ver\":1,\"iat\":1,\"exp\":9999999999}",
		"{\"sub\":\"asha\",\"uid\":7,\"role\":\"customer\",\"ver\":1,\"iat\":1}",
		"{\"sub\":\"asha\",\"uid\":7,\"role\":\"superuser!\",\"ver\":1,\"iat\":1,\"exp\":9999999999}",
		"{\"sub\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"uid\":7,\"role\":\"customer\",\"ver\":1,\"iat\":1,\"exp\":9999999999}",
		"[1,2,3]",
		"not json",
	};
	struct auth_claims out;

	for (size_t i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
		struct buf m = BUF_INIT;
		unsigned char mac[crypto_auth_hmacsha256_BYTES];
		char	*p = b64(payloads[i], strlen(payloads[i])), *sig;

		buf_printf(&m, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.%s", p);
		crypto_auth_hmacsha256(mac, (const unsigned char *)buf_str(&m),
		    m.len, key);
		sig = b64(mac, sizeof(mac));
		buf_printf(&m, ".%s", sig);
		ck_assert_msg(auth_jwt_verify(key, buf_str(&m), NOW, &out) == -1,
		    "accepted payload %zu", i);
		free(sig);
		free(p);
		buf_free(&m);
	}
}
END_TEST

START_TEST(test_csrf_token_differs_per_session_and_key)
{
	struct auth_claims a = claims(), b = claims();
	struct buf ta = BUF_INIT, tb = BUF_INIT;
	char	 ca[AUTH_CSRF_LEN], ca2[AUTH_CSRF_LEN], cb[AUTH_CSRF_LEN],
		 ck[AUTH_CSRF_LEN];

	b.iat++;
	ck_assert_int_eq(auth_jwt_sign(key, &a, &ta), 0);
	ck_assert_int_eq(auth_jwt_sign(key, &b, &tb), 0);
	ck_assert_int_eq(auth_csrf_token(key, buf_str(&ta), ca), 0);
	ck_assert_int_eq(auth_csrf_token(key, buf_str(&ta), ca2), 0);
	ck_assert_int_eq(auth_csrf_token(key, buf_str(&tb), cb), 0);
	ck_assert_int_eq(auth_csrf_token(key2, buf_str(&ta), ck), 0);
	ck_assert_str_eq(ca, ca2);		/* stable for a session */
	ck_assert_str_ne(ca, cb);		/* another session, another token */
	ck_assert_str_ne(ca, ck);
	ck_assert_uint_eq(strlen(ca), AUTH_CSRF_LEN - 1);
	/* It is not the token's signature itself. */
	ck_assert_ptr_null(strstr(buf_str(&ta), ca));
	ck_assert_int_eq(auth_csrf_token(key, "no-dots", ca), -1);
	buf_free(&ta);
	buf_free(&tb);
}
END_TEST

/* --- auth_authenticate over a real database and key file ---------------- */

static char *dir;
static struct ctx *c;
static struct buf tok;

static void
ctx_setup(void)
{
	char	*conf, *dbp;
	sqlite3	*db;
	int	 from, to;
	char	 why[256];
	struct auth_claims cl = claims();

	dir = unit_tmpdir();
	conf = unit_write_file(dir, "secret.key", key, sizeof(key));
	ck_assert_int_eq(chmod(conf, 0600), 0);	/* as skyfoxctl makes it */
	free(conf);
	ck_assert_int_ne(asprintf(&dbp, "%s/skyfox.db", dir), -1);
	ck_assert_int_eq(db_open(dbp, &db), SQLITE_OK);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO users (id, username, name, "
	    "role, password_hash, token_version, created_at, updated_at) VALUES "
	    "(7, 'asha', 'Asha Rao', 'customer', 'x', 3, 0, 0)"), SQLITE_OK);
	db_close(db);
	c = calloc(1, sizeof(*c));
	ck_assert_int_ne(asprintf(&conf, "db_path = %s\ndata_dir = %s\n", dbp,
	    dir), -1);
	ck_assert_int_eq(conf_parse(&c->conf, conf, why, sizeof(why)), 0);
	free(conf);
	free(dbp);
	c->now = NOW;
	c->req.method = "GET";
	snprintf(c->request_id, sizeof(c->request_id), "test");
	memset(&tok, 0, sizeof(tok));
	ck_assert_int_eq(auth_jwt_sign(key, &cl, &tok), 0);
}

static void
ctx_teardown(void)
{
	db_close(c->db);
	params_free(&c->req.cookies);
	cJSON_Delete(c->req.body);
	resp_free(&c->resp);
	free(c);
	buf_free(&tok);
	unit_rmdir(dir);
}

static char bearer[4096];

START_TEST(test_authenticate_accepts_bearer_token_and_loads_user)
{
	snprintf(bearer, sizeof(bearer), "Bearer %s", buf_str(&tok));
	c->req.authorization = bearer;
	c->req.method = "POST";		/* no CSRF for bearer tokens */
	ck_assert_int_eq(auth_authenticate(c), 0);
	ck_assert_int_eq(c->user.id, 7);
	ck_assert_str_eq(c->user.username, "asha");
	ck_assert_str_eq(c->user.name, "Asha Rao");
	ck_assert_int_eq(c->user.role, ROLE_CUSTOMER);
	ck_assert_int_eq(c->user.via_cookie, 0);
}
END_TEST

START_TEST(test_authenticate_refuses_missing_or_bad_token)
{
	ck_assert_int_eq(auth_authenticate(c), -1);
	ck_assert_int_eq(c->err.status, 401);
	ck_assert_str_eq(c->err.code, "UNAUTHORIZED");
	memset(&c->err, 0, sizeof(c->err));
	c->req.authorization = "Bearer not.a.token";
	ck_assert_int_eq(auth_authenticate(c), -1);
	ck_assert_int_eq(c->err.status, 401);
	memset(&c->err, 0, sizeof(c->err));
	c->req.authorization = "Basic YXNoYTpwdw==";
	ck_assert_int_eq(auth_authenticate(c), -1);
	ck_assert_int_eq(c->err.status, 401);
}
END_TEST

START_TEST(test_authenticate_refuses_revoked_token_version)
{
	sqlite3	*db;

	ck_assert_int_eq(db_open(c->conf.db_path, &db), SQLITE_OK);
	ck_assert_int_eq(db_exec(db, "UPDATE users SET token_version = 4"),
	    SQLITE_OK);
	db_close(db);
	snprintf(bearer, sizeof(bearer), "Bearer %s", buf_str(&tok));
	c->req.authorization = bearer;
	ck_assert_int_eq(auth_authenticate(c), -1);
	ck_assert_int_eq(c->err.status, 401);
	ck_assert_str_eq(c->err.code, "UNAUTHORIZED");
}
END_TEST

START_TEST(test_authenticate_refuses_disabled_user)
{
	sqlite3	*db;

	ck_assert_int_eq(db_open(c->conf.db_path, &db), SQLITE_OK);
	ck_assert_int_eq(db_exec(db, "UPDATE users SET disabled_at = 1"),
	    SQLITE_OK);
	db_close(db);
	snprintf(bearer, sizeof(bearer), "Bearer %s", buf_str(&tok));
	c->req.authorization = bearer;
	ck_assert_int_eq(auth_authenticate(c), -1);
	/* Deactivated by an admin (lib/staff.h): the holder is told why. */
	ck_assert_int_eq(c->err.status, 403);
	ck_assert_str_eq(c->err.code, "ACCOUNT_DISABLED");
}
END_TEST

START_TEST(test_authenticate_cookie_write_needs_csrf_token)
{
	char	 csrf[AUTH_CSRF_LEN];
	char	 cookie[4096];

	snprintf(cookie, sizeof(cookie), "%s=%s", AUTH_COOKIE, buf_str(&tok));
	ck_assert_int_eq(form_parse_cookies(cookie, &c->req.cookies), FORM_OK);
	/* A cookie GET needs nothing more. */
	ck_assert_int_eq(auth_authenticate(c), 0);
	ck_assert_int_eq(c->user.via_cookie, 1);
	/* A cookie POST without the token is refused… */
	c->req.method = "POST";
	ck_assert_int_eq(auth_authenticate(c), -1);
	ck_assert_int_eq(c->err.status, 403);
	ck_assert_str_eq(c->err.code, "CSRF_FAILED");
	/* …as is a wrong one… */
	memset(&c->err, 0, sizeof(c->err));
	c->req.csrf_header = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	ck_assert_int_eq(auth_authenticate(c), -1);
	ck_assert_str_eq(c->err.code, "CSRF_FAILED");
	/* …and the right one in the header passes. */
	memset(&c->err, 0, sizeof(c->err));
	ck_assert_int_eq(auth_csrf_token(key, buf_str(&tok), csrf), 0);
	c->req.csrf_header = csrf;
	ck_assert_int_eq(auth_authenticate(c), 0);
	/* Or as the csrf_token form field. */
	c->req.csrf_header = NULL;
	c->req.body = cJSON_CreateObject();
	json_add_str(c->req.body, "csrf_token", csrf);
	ck_assert_int_eq(auth_authenticate(c), 0);
}
END_TEST

START_TEST(test_authenticate_without_key_file_is_503)
{
	char	 path[600];

	keys_secret_path(&c->conf, path, sizeof(path));
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));	/* the log line */
	snprintf(bearer, sizeof(bearer), "Bearer %s", buf_str(&tok));
	c->req.authorization = bearer;
	ck_assert_int_eq(auth_authenticate(c), -1);
	ck_assert_int_eq(c->err.status, 503);
}
END_TEST

START_TEST(test_start_session_sets_cookie_and_returns_tokens)
{
	struct user u = { 0 };
	cJSON	*data = cJSON_CreateObject();
	const char *t, *csrf;
	char	 want[AUTH_CSRF_LEN];
	struct auth_claims out;

	u.id = 7;
	snprintf(u.username, sizeof(u.username), "asha");
	snprintf(u.name, sizeof(u.name), "Asha Rao");
	u.role = ROLE_CUSTOMER;
	u.token_version = 3;
	clock_use_zone("Asia/Kolkata");
	ck_assert_int_eq(auth_start_session(c, &u, data), 0);
	ck_assert_int_eq(json_get_str(data, "token", &t), 1);
	ck_assert_int_eq(json_get_str(data, "csrf_token", &csrf), 1);
	ck_assert_int_eq(auth_jwt_verify(key, t, NOW, &out), 0);
	ck_assert_int_eq(out.exp, NOW + AUTH_SESSION_SECONDS);
	ck_assert_int_eq(auth_csrf_token(key, t, want), 0);
	ck_assert_str_eq(csrf, want);
	ck_assert_ptr_nonnull(strstr(buf_str(&c->resp.headers),
	    "Set-Cookie: sf_session="));
	ck_assert_ptr_nonnull(strstr(buf_str(&c->resp.headers),
	    "; HttpOnly; SameSite=Strict"));
	ck_assert_ptr_null(strstr(buf_str(&c->resp.headers), "Secure"));
	ck_assert_int_eq(json_get_str(cJSON_GetObjectItem(data, "user"), "role",
	    &t), 1);
	ck_assert_str_eq(t, "customer");
	ck_assert_int_eq(json_get_str(data, "expires_at", &t), 1);
	ck_assert_ptr_nonnull(strstr(t, "+05:30"));
	cJSON_Delete(data);
	auth_clear_cookie(c);
	ck_assert_ptr_nonnull(strstr(buf_str(&c->resp.headers),
	    "sf_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"));
}
END_TEST

Suite *
auth_suite(void)
{
	Suite	*s = suite_create("auth");
	TCase	*jc = tcase_create("jwt");
	TCase	*ac = tcase_create("authenticate");

	tcase_add_test(jc, test_jwt_sign_then_verify_round_trips_claims);
	tcase_add_test(jc, test_jwt_refuses_tampered_payload);
	tcase_add_test(jc, test_jwt_refuses_tampered_signature);
	tcase_add_test(jc, test_jwt_refuses_other_headers_and_alg_none);
	tcase_add_test(jc, test_jwt_refuses_expired_token);
	tcase_add_test(jc, test_jwt_refuses_wrong_key);
	tcase_add_test(jc, test_jwt_refuses_malformed_tokens);
	tcase_add_test(jc, test_jwt_refuses_validly_signed_payload_with_bad_claims);
	tcase_add_test(jc, test_csrf_token_differs_per_session_and_key);
	tcase_add_checked_fixture(ac, ctx_setup, ctx_teardown);
	tcase_add_test(ac, test_authenticate_accepts_bearer_token_and_loads_user);
	tcase_add_test(ac, test_authenticate_refuses_missing_or_bad_token);
	tcase_add_test(ac, test_authenticate_refuses_revoked_token_version);
	tcase_add_test(ac, test_authenticate_refuses_disabled_user);
	tcase_add_test(ac, test_authenticate_cookie_write_needs_csrf_token);
	tcase_add_test(ac, test_authenticate_without_key_file_is_503);
	tcase_add_test(ac, test_start_session_sets_cookie_and_returns_tokens);
	suite_add_tcase(s, jc);
	suite_add_tcase(s, ac);
	return s;
}
