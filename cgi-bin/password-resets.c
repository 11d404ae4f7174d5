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

/* What each reset_err answers (kcgi's khttps[] way: one table, indexed
 * by the enum).  RESET_DB and RESET_BUSY are answered by ctx_fail_db and
 * guard_busy, with the SQLite code and Retry-After; a reused password
 * also names the field and the history's length. */
static const struct {
	int		 status;
	const char	*code;
	const char	*message;
} reset_errors[] = {
	[RESET_INTERNAL] = { 500, "INTERNAL_ERROR", "internal error" },
	[RESET_BAD_ANSWER] = { 403, "INVALID_SECURITY_ANSWER",
	    "that email and answer do not match an account" },
	[RESET_BAD_TOKEN] = { 400, "INVALID_RESET_TOKEN", "this reset link "
	    "is not valid, was used, or has expired; start again" },
};

static int
fail_reset(struct ctx *c, const struct reset_fail *f)
{
	size_t	 e = (size_t)f->err;

	if (f->err == RESET_DB)
		return ctx_fail_db(c, f->rc);
	if (f->err == RESET_BUSY)
		return guard_busy(c);
	if (f->err == RESET_PASSWORD_REUSE) {
		err_field(&c->err, "password", "was used recently");
		return ctx_fail(c, 422, "PASSWORD_REUSE", "choose a password "
		    "you have not used for your last %d", ACCOUNT_HISTORY);
	}
	if (e >= sizeof(reset_errors) / sizeof(reset_errors[0]) ||
	    reset_errors[e].status == 0)
		e = RESET_INTERNAL;
	return ctx_fail(c, reset_errors[e].status, reset_errors[e].code, "%s",
	    reset_errors[e].message);
}

static int
get_question(struct ctx *c)
{
	unsigned char key[KEYS_SECRET_LEN];
	char	 email[300], question[200];
	long long qid;
	struct reset_fail f;
	int	 r;
	cJSON	*d;

	if (email_of(c, req_query(&c->req, "email"), email, sizeof(email)) ==
	    NULL)
		return ctx_fail_fields(c, "enter a valid email address");
	if (ctx_db(c) == NULL)
		return -1;
	if (keys_load_secret(&c->conf, key) == -1)
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the site is not configured");
	r = reset_question(c->db, key, email, &qid, question, &f);
	explicit_bzero(key, sizeof(key));
	if (r == -1)
		return fail_reset(c, &f);
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
	struct reset_fail f;
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
	if (reset_verify(c->db, &c->conf, email, answer, c->now, token, &x,
	    &f) == -1) {
		/* A wrong answer keeps its count; no verdict gives it back. */
		if (f.err != RESET_BAD_ANSWER)
			guard_release(c, &rl);
		return fail_reset(c, &f);
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
	struct reset_fail f;
	int	 r;
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
	r = reset_complete(c->db, &c->conf, token, pw, c->now, username, &f);
	if (r == -1 && f.err == RESET_BAD_TOKEN)
		return fail_reset(c, &f);
	/* A real token: whatever follows, the attempt was not a guess. */
	if (guard_succeed(c, &rl) != 0)
		return -1;
	if (r == -1)
		return fail_reset(c, &f);
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
