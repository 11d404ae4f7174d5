/* password-resets.cgi — a forgotten password, through the security
 * question (DESIGN §7; the flow is described in lib/reset.h).
 *
 *   GET  /api/password-resets/question?email=   the question (a decoy for
 *                                              an unknown email)
 *   POST /api/password-resets/verify            {email, answer} → token
 *   POST /api/password-resets                   {reset_token, password}
 *
 * Each answer is reserved against the email and the client address, each
 * token against the address, before any hashing (ratelimit.h): 429 past
 * the limits, even for a burst; a wrong one keeps its count. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "app.h"
#include "clock.h"
#include "json.h"
#include "keys.h"
#include "guard.h"
#include "ratelimit.h"
#include "reset.h"

/* The email from the query or body, lowercased into out; NULL (with a
 * field error) when missing or malformed. */
static const char *
email_of(struct ctx *c, const char *in, char *out, size_t n)
{
	const char *why;

	if (in == NULL || *in == '\0') {
		err_field(&c->err, "email", "enter your email address");
		return NULL;
	}
	account_normalise_email(in, out, n);
	if ((why = account_check_email(out)) != NULL) {
		err_field(&c->err, "email", "%s", why);
		return NULL;
	}
	return out;
}

static int
reset_fail(struct ctx *c, enum reset_err e)
{
	if (e == RESET_DB)
		return ctx_fail_db(c, reset_db_rc());
	if (e == RESET_BUSY)
		return guard_busy(c);
	return ctx_fail(c, 500, "INTERNAL_ERROR", "internal error");
}

static int
get_question(struct ctx *c)
{
	unsigned char key[KEYS_SECRET_LEN];
	char	 email[300], question[200];
	long long qid;
	enum reset_err e;
	cJSON	*d;

	if (email_of(c, req_query(&c->req, "email"), email, sizeof(email)) ==
	    NULL)
		return ctx_fail_fields(c, "enter a valid email address");
	if (ctx_db(c) == NULL)
		return -1;
	if (keys_load_secret(&c->conf, key) == -1)
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the site is not configured");
	e = reset_question(c->db, key, email, &qid, question);
	explicit_bzero(key, sizeof(key));
	if (e != RESET_OK)
		return reset_fail(c, e);
	d = cJSON_CreateObject();
	json_add_str(d, "email", email);
	json_add_int(d, "question_id", qid);
	json_add_str(d, "question", question);
	return ctx_ok(c, 200, d);
}

static int
post_verify(struct ctx *c)
{
	const char *in = NULL, *answer = NULL;
	char	 email[300], token[RESET_TOKEN_LEN];
	struct ratelimit rl;
	enum reset_err e;
	time_t	 x;
	cJSON	*d;

	(void)json_get_str(c->req.body, "email", &in);
	(void)email_of(c, in, email, sizeof(email));
	if (json_get_str(c->req.body, "answer", &answer) != 1 || *answer == '\0')
		err_field(&c->err, "answer", "answer the question");
	else if (strlen(answer) > 256)
		err_field(&c->err, "answer", "is too long");
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	ratelimit_init(&rl, &c->conf, "reset", email, c->req.remote_addr);
	if (guard_reserve(c, &rl) != 0)
		return -1;
	e = reset_verify(c->db, &c->conf, email, answer, c->now, token, &x);
	if (e == RESET_BAD_ANSWER)
		return ctx_fail(c, 403, "INVALID_SECURITY_ANSWER",
		    "that email and answer do not match an account");
	if (e != RESET_OK) {
		guard_release(c, &rl);
		return reset_fail(c, e);
	}
	if (guard_succeed(c, &rl) != 0)
		return -1;
	d = cJSON_CreateObject();
	json_add_str(d, "reset_token", token);
	json_add_time(d, "expires_at", x);
	explicit_bzero(token, sizeof(token));
	return ctx_ok(c, 200, d);
}

static int
post_reset(struct ctx *c)
{
	const char *token = NULL, *pw = NULL, *why;
	char	 username[32] = "";
	struct ratelimit rl, login;
	enum reset_err e;
	cJSON	*d;

	if (json_get_str(c->req.body, "reset_token", &token) != 1 ||
	    *token == '\0')
		err_field(&c->err, "reset_token", "is required");
	if (json_get_str(c->req.body, "password", &pw) != 1 || *pw == '\0')
		err_field(&c->err, "password", "choose a new password");
	else if ((why = account_check_password(pw)) != NULL)
		err_field(&c->err, "password", "%s", why);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	ratelimit_init(&rl, &c->conf, "reset-token", NULL, c->req.remote_addr);
	if (guard_reserve(c, &rl) != 0)
		return -1;
	e = reset_complete(c->db, &c->conf, token, pw, c->now, username);
	if (e == RESET_BAD_TOKEN)
		return ctx_fail(c, 400, "INVALID_RESET_TOKEN", "this reset link "
		    "is not valid, was used, or has expired; start again");
	/* A real token: whatever follows, the attempt was not a guess. */
	if (guard_succeed(c, &rl) != 0)
		return -1;
	if (e == RESET_PASSWORD_REUSE) {
		err_field(&c->err, "password", "was used recently");
		return ctx_fail(c, 422, "PASSWORD_REUSE", "choose a password "
		    "you have not used for your last %d", ACCOUNT_HISTORY);
	}
	if (e != RESET_OK)
		return reset_fail(c, e);
	/* Whoever proved the answer may log in at once, even if the account
	 * was locked by failed logins. */
	ratelimit_init(&login, &c->conf, "login", username, NULL);
	if (guard_succeed(c, &login) != 0)
		return -1;
	d = cJSON_CreateObject();
	json_add_str(d, "username", username);
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "GET",  "/question", ROLES_PUBLIC, get_question },
	{ "POST", "/verify",   ROLES_PUBLIC, post_verify },
	{ "POST", "",          ROLES_PUBLIC, post_reset },
};

int
main(void)
{
	static const struct app app = { "password-resets", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, NULL };

	return app_main(&app);
}
