/* auth — JWT sessions and CSRF; see auth.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "auth.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "keys.h"

/* base64url of {"alg":"HS256","typ":"JWT"}: the only header we accept, so
 * "alg":"none" and algorithm confusion cannot even be expressed. */
#define JWT_HEADER	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
#define B64V		sodium_base64_VARIANT_URLSAFE_NO_PADDING

static void
b64(struct buf *out, const void *p, size_t n)
{
	char	 tmp[1024];

	if (sodium_base64_ENCODED_LEN(n, B64V) > sizeof(tmp)) {
		out->failed = 1;
		return;
	}
	sodium_bin2base64(tmp, sizeof(tmp), p, n, B64V);
	buf_puts(out, tmp);
}

static void
hmac(const unsigned char key[32], const char *msg, size_t n,
    unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, 32);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, n);
	crypto_auth_hmacsha256_final(&st, mac);
}

int
auth_jwt_sign(const unsigned char key[32], const struct auth_claims *cl,
    struct buf *out)
{
	cJSON	*p = cJSON_CreateObject();
	char	*json;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	if (sodium_init() < 0 || p == NULL)
		return -1;
	json_add_str(p, "sub", cl->username);
	json_add_int(p, "uid", cl->uid);
	json_add_str(p, "role", cl->role);
	json_add_int(p, "ver", cl->ver);
	json_add_int(p, "iat", cl->iat);
	json_add_int(p, "exp", cl->exp);
	json = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	if (json == NULL)
		return -1;
	buf_reset(out);
	buf_puts(out, JWT_HEADER ".");
	b64(out, json, strlen(json));
	cJSON_free(json);
	hmac(key, out->data, out->len, mac);
	buf_putc(out, '.');
	b64(out, mac, sizeof(mac));
	return buf_ok(out) ? 0 : -1;
}

int
auth_jwt_verify(const unsigned char key[32], const char *tok, time_t now,
    struct auth_claims *cl)
{
	const char *dot1, *dot2;
	unsigned char mac[crypto_auth_hmacsha256_BYTES], got[64];
	unsigned char payload[1024];
	size_t	 glen, plen;
	cJSON	*j;
	const char *s;
	int	 ok;

	memset(cl, 0, sizeof(*cl));
	if (sodium_init() < 0 || tok == NULL || strlen(tok) > 2048)
		return -1;
	if (strncmp(tok, JWT_HEADER ".", sizeof(JWT_HEADER)) != 0)
		return -1;
	dot1 = tok + sizeof(JWT_HEADER) - 1;
	if ((dot2 = strchr(dot1 + 1, '.')) == NULL || strchr(dot2 + 1, '.'))
		return -1;
	if (sodium_base642bin(got, sizeof(got), dot2 + 1, strlen(dot2 + 1),
	    NULL, &glen, NULL, B64V) != 0 || glen != sizeof(mac))
		return -1;
	hmac(key, tok, (size_t)(dot2 - tok), mac);
	if (sodium_memcmp(mac, got, sizeof(mac)) != 0)
		return -1;
	if (sodium_base642bin(payload, sizeof(payload) - 1, dot1 + 1,
	    (size_t)(dot2 - dot1 - 1), NULL, &plen, NULL, B64V) != 0)
		return -1;
	payload[plen] = '\0';
	if ((j = cJSON_ParseWithLength((const char *)payload, plen)) == NULL)
		return -1;
	ok = json_get_int(j, "uid", &cl->uid) == 1 &&
	    json_get_int(j, "ver", &cl->ver) == 1 &&
	    json_get_int(j, "iat", &cl->iat) == 1 &&
	    json_get_int(j, "exp", &cl->exp) == 1 &&
	    json_get_str(j, "sub", &s) == 1 && strlen(s) < sizeof(cl->username);
	if (ok) {
		snprintf(cl->username, sizeof(cl->username), "%s", s);
		ok = json_get_str(j, "role", &s) == 1 && strlen(s) < sizeof(cl->role);
		if (ok)
			snprintf(cl->role, sizeof(cl->role), "%s", s);
	}
	cJSON_Delete(j);
	if (!ok || cl->exp <= (long long)now)
		return -1;
	return 0;
}

int
auth_csrf_token(const unsigned char key[32], const char *tok,
    char out[AUTH_CSRF_LEN])
{
	const char *sig = strrchr(tok, '.');
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	struct buf m = BUF_INIT;

	if (sig == NULL || sodium_init() < 0)
		return -1;
	buf_puts(&m, "csrf:");
	buf_puts(&m, sig + 1);
	hmac(key, buf_str(&m), m.len, mac);
	buf_free(&m);
	sodium_bin2base64(out, AUTH_CSRF_LEN, mac, sizeof(mac), B64V);
	return 0;
}

static int
unauthorized(struct ctx *c)
{
	return ctx_fail(c, 401, "UNAUTHORIZED", "log in first");
}

/* The user row behind a verified token; revoked tokens fail here.  A
 * token of an account deactivated since it was issued (lib/staff.h) is
 * 403 ACCOUNT_DISABLED, before its version (which deactivating bumped) is
 * compared: the holder learns why. */
static int
load_user(struct ctx *c, const struct auth_claims *cl)
{
	sqlite3	*db;
	sqlite3_stmt *st;
	int	 rc;

	if ((db = ctx_db(c)) == NULL)
		return -1;
	if ((rc = db_prepare(db, "SELECT username, name, role, token_version, "
	    "disabled_at IS NOT NULL FROM users WHERE id = :id", &st)) !=
	    SQLITE_OK)
		return ctx_fail_db(c, rc);
	db_bind_int(st, ":id", cl->uid);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? unauthorized(c) : ctx_fail_db(c, rc);
	}
	if (sqlite3_column_int(st, 4) && strcmp(db_text(st, 0),
	    cl->username) == 0) {
		sqlite3_finalize(st);
		return ctx_fail(c, 403, "ACCOUNT_DISABLED",
		    "this account has been deactivated; ask an admin");
	}
	if (strcmp(db_text(st, 0), cl->username) != 0 ||
	    sqlite3_column_int64(st, 3) != cl->ver) {
		sqlite3_finalize(st);
		return ctx_fail(c, 401, "UNAUTHORIZED",
		    "your session has ended; log in again");
	}
	c->user.id = cl->uid;
	snprintf(c->user.username, sizeof(c->user.username), "%s", db_text(st, 0));
	snprintf(c->user.name, sizeof(c->user.name), "%s", db_text(st, 1));
	c->user.role = role_from_name(db_text(st, 2));
	c->user.token_version = cl->ver;
	sqlite3_finalize(st);
	return 0;
}

/* Secure when this request came over HTTPS, or when the site's address is
 * https:// (a host that ends TLS at a proxy hands the CGI plain HTTP; the
 * browser still talks HTTPS and must never send the cookie without it). */
static int
secure_cookie(const struct ctx *c)
{
	return c->req.https ||
	    strncmp(conf_get(&c->conf, "site_url", ""), "https://", 8) == 0;
}

/* The pages' hint that this browser has a session (auth.h); max_age 0
 * clears it. */
static void
set_hint(struct ctx *c, int max_age)
{
	char	 v[96];

	snprintf(v, sizeof(v), "%s=%s; Path=/; SameSite=Strict; Max-Age=%d%s",
	    AUTH_HINT_COOKIE, max_age > 0 ? "1" : "", max_age > 0 ? max_age : 0,
	    secure_cookie(c) ? "; Secure" : "");
	resp_header(&c->resp, "Set-Cookie", v);
}

int
auth_authenticate(struct ctx *c)
{
	unsigned char key[KEYS_SECRET_LEN];
	struct auth_claims cl;
	const char *tok = NULL, *a = c->req.authorization;
	int	 via_cookie = 0;

	if (a != NULL && strncasecmp(a, "Bearer ", 7) == 0)
		tok = a + 7;
	else if ((tok = req_cookie(&c->req, AUTH_COOKIE)) != NULL)
		via_cookie = 1;
	if (tok == NULL || *tok == '\0')
		return unauthorized(c);
	if (keys_load_secret(&c->conf, key) == -1) {
		fprintf(stderr, "skyfox[%s] cannot read the secret key\n",
		    c->request_id);
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the site is not configured");
	}
	if (auth_jwt_verify(key, tok, c->now, &cl) == -1) {
		sodium_memzero(key, sizeof(key));
		if (via_cookie)
			set_hint(c, 0);
		return ctx_fail(c, 401, "UNAUTHORIZED",
		    "your session is invalid or has expired; log in again");
	}
	if (via_cookie && strcmp(c->req.method, "GET") != 0 &&
	    strcmp(c->req.method, "HEAD") != 0) {
		char	 want[AUTH_CSRF_LEN];
		const char *got = c->req.csrf_header;

		if (got == NULL && c->req.body != NULL)
			(void)json_get_str(c->req.body, "csrf_token", &got);
		auth_csrf_token(key, tok, want);
		if (got == NULL || strlen(got) != strlen(want) ||
		    sodium_memcmp(got, want, strlen(want)) != 0) {
			sodium_memzero(key, sizeof(key));
			return ctx_fail(c, 403, "CSRF_FAILED",
			    "missing or wrong CSRF token");
		}
	}
	sodium_memzero(key, sizeof(key));
	if (load_user(c, &cl) != 0) {
		if (via_cookie)
			set_hint(c, 0);		/* revoked: the page may stop asking */
		return -1;
	}
	c->user.via_cookie = via_cookie;
	if (via_cookie && req_cookie(&c->req, AUTH_HINT_COOKIE) == NULL)
		set_hint(c, (int)(cl.exp - (long long)c->now));
	return 0;
}

int
auth_start_session(struct ctx *c, const struct user *u, cJSON *data)
{
	unsigned char key[KEYS_SECRET_LEN];
	struct auth_claims cl;
	struct buf tok = BUF_INIT, cookie = BUF_INIT;
	char	 csrf[AUTH_CSRF_LEN];
	cJSON	*ju;

	memset(&cl, 0, sizeof(cl));
	if (keys_load_secret(&c->conf, key) == -1)
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the site is not configured");
	cl.uid = u->id;
	snprintf(cl.username, sizeof(cl.username), "%s", u->username);
	snprintf(cl.role, sizeof(cl.role), "%s", role_name(u->role));
	cl.ver = u->token_version;
	cl.iat = (long long)c->now;
	cl.exp = (long long)c->now + AUTH_SESSION_SECONDS;
	if (auth_jwt_sign(key, &cl, &tok) == -1 ||
	    auth_csrf_token(key, buf_str(&tok), csrf) == -1) {
		sodium_memzero(key, sizeof(key));
		buf_free(&tok);
		return ctx_fail(c, 500, "INTERNAL_ERROR", "cannot sign token");
	}
	sodium_memzero(key, sizeof(key));
	buf_printf(&cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; "
	    "Max-Age=%d%s", AUTH_COOKIE, buf_str(&tok), AUTH_SESSION_SECONDS,
	    secure_cookie(c) ? "; Secure" : "");
	resp_header(&c->resp, "Set-Cookie", buf_str(&cookie));
	set_hint(c, AUTH_SESSION_SECONDS);
	ju = cJSON_AddObjectToObject(data, "user");
	json_add_str(ju, "username", u->username);
	json_add_str(ju, "name", u->name);
	json_add_str(ju, "role", role_name(u->role));
	json_add_str(data, "token", buf_str(&tok));
	json_add_str(data, "csrf_token", csrf);
	json_add_time(data, "expires_at", cl.exp);
	buf_free(&tok);
	buf_free(&cookie);
	return 0;
}

void
auth_clear_cookie(struct ctx *c)
{
	char	 v[128];

	snprintf(v, sizeof(v), "%s=; Path=/; HttpOnly; SameSite=Strict; "
	    "Max-Age=0%s", AUTH_COOKIE, secure_cookie(c) ? "; Secure" : "");
	resp_header(&c->resp, "Set-Cookie", v);
	set_hint(c, 0);
}
