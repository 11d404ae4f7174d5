/* session.cgi — logging in and out (DESIGN §8).
 *
 *   POST   /api/session  {"username","password"}  log in: cookie + token
 *   GET    /api/session                           who am I
 *   DELETE /api/session                           log out everywhere
 *
 * Wrong username and wrong password get the same 401 INVALID_CREDENTIALS
 * after the same Argon2id work; the right password of an account an admin
 * deactivated gets 403 ACCOUNT_DISABLED (lib/staff.h).  Each attempt is reserved per account and
 * per client address before any hashing, in one atomic step
 * (ratelimit.h); past the limit, 429 RATE_LIMITED with Retry-After, so a
 * burst gets at most the limit evaluated.  No free hashing slot: 503.
 * Logging out bumps the user's token version, so every token issued
 * before — on any device — dies. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "account_errors.h"
#include "app.h"
#include "auth.h"
#include "json.h"
#include "keys.h"
#include "guard.h"
#include "ratelimit.h"

static int
post_session(struct ctx *c)
{
	const char *username = NULL, *password = NULL;
	char	 lower[64];
	struct ratelimit rl;
	struct user u;
	struct account_fail f;
	sqlite3	*db;
	cJSON	*d;

	if (json_get_str(c->req.body, "username", &username) != 1 ||
	    *username == '\0')
		err_field(&c->err, "username", "enter your username");
	else if (strlen(username) > 64)
		err_field(&c->err, "username", "is too long");
	if (json_get_str(c->req.body, "password", &password) != 1 ||
	    *password == '\0')
		err_field(&c->err, "password", "enter your password");
	else if (strlen(password) > ACCOUNT_PROOF_MAX)
		err_field(&c->err, "password", "is too long");
	if (ctx_fail_fields(c, "enter your username and password") != 0)
		return -1;
	/* Usernames are lowercase: "Admin" logs in as admin. */
	for (size_t i = 0; i <= strlen(username); i++)
		lower[i] = (char)((username[i] >= 'A' && username[i] <= 'Z') ?
		    username[i] - 'A' + 'a' : username[i]);
	if ((db = ctx_db(c)) == NULL)
		return -1;
	ratelimit_init(&rl, &c->conf, "login", lower, c->req.remote_addr);
	if (guard_reserve(c, &rl) != 0)
		return -1;
	if (account_login(db, &c->conf, lower, password, &u, &f) == -1) {
		if (f.err == ACCOUNT_DB || f.err == ACCOUNT_BUSY) {
			guard_release(c, &rl);	/* no verdict: not counted */
			return account_failed(c, &f);
		}
		/* The right password of a deactivated account: counted. */
		if (f.err == ACCOUNT_DISABLED)
			return account_failed(c, &f);
		/* A wrong password or user: the reservation stays. */
		return ctx_fail(c, 401, "INVALID_CREDENTIALS",
		    "wrong username or password");
	}
	if (guard_succeed(c, &rl) != 0)
		return -1;
	d = cJSON_CreateObject();
	if (auth_start_session(c, &u, d) != 0) {
		cJSON_Delete(d);
		return -1;
	}
	return ctx_ok(c, 200, d);
}

/* Who am I.  The CSRF token is repeated so a new tab of a cookie session
 * (empty sessionStorage) can write without logging in again. */
static int
get_session(struct ctx *c)
{
	cJSON	*d = cJSON_CreateObject(), *u;

	u = cJSON_AddObjectToObject(d, "user");
	json_add_str(u, "username", c->user.username);
	json_add_str(u, "name", c->user.name);
	json_add_str(u, "role", role_name(c->user.role));
	if (c->user.via_cookie) {
		unsigned char key[KEYS_SECRET_LEN];
		char	 csrf[AUTH_CSRF_LEN];
		const char *tok = req_cookie(&c->req, AUTH_COOKIE);

		if (tok != NULL && keys_load_secret(&c->conf, key) == 0 &&
		    auth_csrf_token(key, tok, csrf) == 0)
			json_add_str(d, "csrf_token", csrf);
		explicit_bzero(key, sizeof(key));
	}
	return ctx_ok(c, 200, d);
}

static int
delete_session(struct ctx *c)
{
	sqlite3	*db;
	int	 rc;

	if ((db = ctx_db(c)) == NULL)
		return -1;
	if ((rc = account_revoke_sessions(db, c->user.id, c->now, NULL)) !=
	    SQLITE_OK)
		return ctx_fail_db(c, rc);
	auth_clear_cookie(c);
	resp_empty(&c->resp, 204);
	return 0;
}

static const struct route routes[] = {
	{ "POST",   "", ROLES_PUBLIC, post_session },
	{ "GET",    "", ROLES_USER,   get_session },
	{ "DELETE", "", ROLES_USER,   delete_session },
};

int
main(void)
{
	static const struct app app = { "session", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
