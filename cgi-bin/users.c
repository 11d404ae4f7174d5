/* users.cgi — accounts (DESIGN §7, §8).
 *
 *   POST  /api/users               sign up (customer); admin: staff/admin
 *   GET   /api/users               staff and admin accounts (admin)
 *   GET   /api/users/me            my profile
 *   PATCH /api/users/me            change name / email / phone
 *   PUT   /api/users/me/password   change password (current one needed)
 *   PUT   /api/users/me/avatar     new photo
 *   GET   /api/users/me/avatar     a signed URL for my photo (24 h)
 *
 * Changes to the profile and photo re-ask the customer's security answer
 * (staff and admins, who have none, give their password); wrong answers
 * and passwords are rate limited like logins, each attempt reserved
 * before the hashing (guard.h).  Every anonymous sign-up attempt counts
 * against signup_per_hour for its address, and a taken email, username
 * or phone costs the same Argon2id work as a new one.  Photos go through
 * lib/avatar.c (avatar_accept), which runs the image helper in a few slots
 * (503 when none is free): this binary never loads MagickWand; how a
 * refused photo answers is avatar_errors.h.  A new photo is a temp file
 * until the account row points at it.  The fields and their rules are
 * lib/account.c's (account_parse_*); how a refusal answers is
 * account_errors.h. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "account_errors.h"
#include "app.h"
#include "auth.h"
#include "avatar.h"
#include "avatar_errors.h"
#include "json.h"
#include "guard.h"
#include "ratelimit.h"

/* A 5 MB photo base64-encoded in JSON, with room for the other fields
 * (Apache's LimitRequestBody is 8 MB). */
#define USERS_MAX_BODY	(7864320u)

/* --- photos -------------------------------------------------------------- */

/* The photo's fields, checked with the others before any work: a photo
 * (missing says what to do) and its SHA-256. */
static void
photo_fields(struct ctx *c, const char *missing)
{
	const char *s;

	if (c->req.nfiles == 0 && (json_get_str(c->req.body, "avatar", &s) != 1
	    || *s == '\0'))
		err_field(&c->err, "avatar", "%s", missing);
	if (json_get_str(c->req.body, "avatar_sha256", &s) != 1 ||
	    strlen(s) != 64)
		err_field(&c->err, "avatar_sha256",
		    "the photo's SHA-256, 64 hex digits");
}

/* Take the request's photo (a multipart file part "avatar", or base64 in
 * the "avatar" field) in as a temp file: the caller commits or discards
 * name.  A busy helper is no verdict, so rl's attempt (if any) is given
 * back.  0, or -1 with c failed. */
static int
photo_take(struct ctx *c, char name[AVATAR_NAME_LEN], struct ratelimit *rl)
{
	struct avatar_upload up;
	struct avatar_fail f;

	memset(&up, 0, sizeof(up));
	for (size_t i = 0; i < c->req.nfiles; i++)
		if (strcmp(c->req.files[i].name, "avatar") == 0) {
			up.file = c->req.files[i].data;
			up.file_len = c->req.files[i].len;
			break;
		}
	(void)json_get_str(c->req.body, "avatar", &up.base64);
	(void)json_get_str(c->req.body, "avatar_sha256", &up.sha256);
	if (avatar_accept(&c->conf, &up, name, &f) == 0)
		return 0;
	if (f.err == AVATAR_BUSY && rl != NULL)
		guard_release(c, rl);
	return avatar_failed(c, &f);
}

/* The signed link of a stored photo, as JSON; NULL with c failed. */
static cJSON *
photo_link(struct ctx *c, const char *name)
{
	struct avatar_link l;
	struct avatar_fail f;

	if (avatar_link(&c->conf, name, c->now, &l, &f) != 0) {
		(void)avatar_failed(c, &f);
		return NULL;
	}
	return avatar_json(&l);
}

/* --- sign-up -------------------------------------------------------------- */

/* The sign-up's fields into a, the name and email normalised into their
 * buffers; staff and admin accounts are made by an admin.  0, or -1 with c
 * failed. */
static int
signup_fields(struct ctx *c, struct account_new *a,
    char name[ACCOUNT_FIELD_LEN], char email[ACCOUNT_FIELD_LEN])
{
	const char *role = NULL;

	if (json_get_str(c->req.body, "role", &role) == -1)
		err_field(&c->err, "role", "must be a string");
	if (role != NULL && strcmp(role, "customer") != 0 &&
	    role_from_name(role) != 0) {
		if (!ctx_try_auth(c))
			return ctx_fail(c, 401, "UNAUTHORIZED",
			    "log in as an admin to create staff accounts");
		if (c->user.role != ROLE_ADMIN)
			return ctx_fail(c, 403, "FORBIDDEN",
			    "only an admin may create staff accounts");
	}
	(void)account_parse_new(c->req.body, role, a, name, email, &c->err);
	if (a->email != NULL)
		photo_fields(c, "a profile photo is required");
	account_validate_new(a, &c->err);
	return ctx_fail_fields(c, "please correct the marked fields");
}

static int
post_user(struct ctx *c)
{
	struct account_new a;
	struct account_hashes h;
	struct ratelimit rl;
	char	 name[ACCOUNT_FIELD_LEN], email[ACCOUNT_FIELD_LEN];
	char	 avatar[AVATAR_NAME_LEN] = "";
	struct account_fail f;

	memset(&rl, 0, sizeof(rl));
	if (signup_fields(c, &a, name, email) != 0 || ctx_db(c) == NULL)
		return -1;
	/* Anonymous sign-ups: every attempt counts for the address, the
	 * helpful 409s included (an admin making staff is not limited).
	 * The photo first, then the hashes, then what is taken: an email
	 * that exists costs the same work as a new one (the photo waits as a
	 * temp file, discarded on any refusal). */
	if (a.email != NULL) {
		ratelimit_init_signup(&rl, &c->conf, c->req.remote_addr);
		if (guard_reserve(c, &rl) != 0 ||
		    photo_take(c, avatar, &rl) != 0)
			return -1;
		a.avatar = avatar;
	}
	if (account_signup_check(c->db, &c->conf, &a, &c->err, &h, &f) ==
	    -1) {
		if (f.err == ACCOUNT_BUSY || f.err == ACCOUNT_DB)
			guard_release(c, &rl);	/* no verdict */
		avatar_discard(&c->conf, avatar);
		return account_failed(c, &f);
	}
	if (ctx_fail_fields(c, "please correct the marked fields") != 0 ||
	    account_create_hashed(c->db, &a, &h, c->now, NULL, &f) == -1) {
		avatar_discard(&c->conf, avatar);
		return c->err.status ? -1 : account_failed(c, &f);
	}
	/* Committed: now the photo may be reachable.  Should the rename
	 * fail, the sweeper finishes it (avatar_strays). */
	if (a.email != NULL)
		(void)avatar_commit(&c->conf, avatar);
	return ctx_ok(c, 201, account_new_json(&a));
}

static int
list_users(struct ctx *c)
{
	cJSON	*arr = cJSON_CreateArray();
	int	 rc = SQLITE_OK;

	if (ctx_db(c) == NULL || (rc = account_list_staff(c->db, arr)) !=
	    SQLITE_OK) {
		cJSON_Delete(arr);
		return c->err.status ? -1 : ctx_fail_db(c, rc);
	}
	return ctx_ok(c, 200, arr);
}

/* --- my profile ------------------------------------------------------------ */

/* My profile into p; -1 with c failed. */
static int
my_profile(struct ctx *c, struct account_profile *p)
{
	struct account_fail f;

	if (ctx_db(c) == NULL)
		return -1;
	if (account_profile(c->db, c->user.id, p, &f) == -1)
		return account_failed(c, &f);
	return 0;
}

/* My profile with my photo's link: GET's answer, and PATCH's. */
static int
get_me(struct ctx *c)
{
	struct account_profile p;
	cJSON	*av = NULL;

	if (my_profile(c, &p) != 0)
		return -1;
	if (p.role == ROLE_CUSTOMER && *p.avatar != '\0' &&
	    (av = photo_link(c, p.avatar)) == NULL)
		return -1;
	return ctx_ok(c, 200, account_profile_json(&p, av));
}

/* Verify secret, the user's security answer (answer) or password, with
 * the attempt reserved before the hashing, like a login (guard.h).  0 when
 * right; 1 when wrong, the attempt counted and c not failed (the caller
 * says what was wrong); -1 with c failed. */
static int
verify_limited(struct ctx *c, int answer, const char *secret)
{
	struct ratelimit rl;
	struct account_fail f;
	int	 r;

	ratelimit_init(&rl, &c->conf, answer ? "answer" : "password",
	    c->user.username, c->req.remote_addr);
	if (guard_reserve(c, &rl) != 0)
		return -1;
	r = answer ? account_verify_answer(c->db, &c->conf, c->user.id,
	    secret, &f) : account_verify_password(c->db, &c->conf, c->user.id,
	    secret, &f);
	if (r == 0)
		return guard_succeed(c, &rl);
	if (f.err != ACCOUNT_DB && f.err != ACCOUNT_BUSY)
		return 1;			/* the reservation stays */
	guard_release(c, &rl);			/* no verdict */
	return account_failed(c, &f);
}

/* The proof a profile or photo change needs (account_parse_proof).  0
 * when proven; -1 with c failed. */
static int
prove_it(struct ctx *c)
{
	int	 customer = c->user.role == ROLE_CUSTOMER, r;
	const char *s;

	s = account_parse_proof(c->req.body, c->user.role, &c->err);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	if (strlen(s) > ACCOUNT_PROOF_MAX)
		return ctx_fail(c, 422, "VALIDATION_ERROR", "too long");
	if ((r = verify_limited(c, customer, s)) != 1)
		return r;
	if (customer)
		return ctx_fail(c, 403, "INVALID_SECURITY_ANSWER",
		    "that is not the answer to your security question");
	return ctx_fail(c, 403, "INCORRECT_PASSWORD",
	    "that is not your password");
}

static int
patch_me(struct ctx *c)
{
	struct account_change ch;
	struct account_fail f;

	(void)account_parse_change(c->req.body, c->user.role, &ch, &c->err);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	if (ctx_db(c) == NULL || prove_it(c) != 0)
		return -1;
	if (account_update(c->db, c->user.id, ch.name, ch.email, ch.phone,
	    c->now, &f) == -1) {
		if (f.err == ACCOUNT_EMAIL_EXISTS)
			err_field(&c->err, "email", "already has an account");
		if (f.err == ACCOUNT_PHONE_EXISTS)
			err_field(&c->err, "phone", "already has an account");
		return account_failed(c, &f);
	}
	return get_me(c);
}

/* A new password ends every other session; this one gets a fresh token
 * (and cookie) so the user stays logged in where they changed it. */
static int
put_password(struct ctx *c)
{
	const char *cur, *pw;
	struct user u = c->user;
	struct account_fail f;
	int	 r;
	cJSON	*d;

	(void)account_parse_password_change(c->req.body, &cur, &pw, &c->err);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0 ||
	    (r = verify_limited(c, 0, cur)) == -1)
		return -1;
	if (r == 1) {
		err_field(&c->err, "current_password", "is not your password");
		return ctx_fail(c, 403, "INCORRECT_PASSWORD",
		    "your current password is not right");
	}
	if (account_set_password(c->db, &c->conf, u.id, pw, c->now,
	    &u.token_version, &f) == -1)
		return account_failed(c, &f);
	d = cJSON_CreateObject();
	if (auth_start_session(c, &u, d) != 0) {
		cJSON_Delete(d);
		return -1;
	}
	return ctx_ok(c, 200, d);
}

static int
put_avatar(struct ctx *c)
{
	char	 name[AVATAR_NAME_LEN] = "", old[64];
	struct account_fail f;
	cJSON	*d;

	photo_fields(c, "choose a photo");
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	if (ctx_db(c) == NULL || prove_it(c) != 0 ||
	    photo_take(c, name, NULL) != 0)
		return -1;
	if (account_set_avatar(c->db, c->user.id, name, old, c->now, &f) ==
	    -1) {
		avatar_discard(&c->conf, name);
		return account_failed(c, &f);
	}
	(void)avatar_commit(&c->conf, name);
	avatar_remove(&c->conf, old);
	if ((d = photo_link(c, name)) == NULL)
		return -1;
	return ctx_ok(c, 200, d);
}

static int
get_avatar(struct ctx *c)
{
	struct account_profile p;
	cJSON	*d;

	if (my_profile(c, &p) != 0)
		return -1;
	if (*p.avatar == '\0')
		return ctx_fail(c, 404, "NOT_FOUND", "you have no photo");
	if ((d = photo_link(c, p.avatar)) == NULL)
		return -1;
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "POST",  "",             ROLES_PUBLIC,  post_user },
	{ "GET",   "",             ROLE_ADMIN,    list_users },
	{ "GET",   "/me",          ROLES_USER,    get_me },
	{ "PATCH", "/me",          ROLES_USER,    patch_me },
	{ "PUT",   "/me/password", ROLES_USER,    put_password },
	{ "PUT",   "/me/avatar",   ROLE_CUSTOMER, put_avatar },
	{ "GET",   "/me/avatar",   ROLES_USER,    get_avatar },
};

int
main(void)
{
	static const struct app app = { "users", routes,
	    sizeof(routes) / sizeof(routes[0]), USERS_MAX_BODY,
	    auth_authenticate };

	return app_main(&app);
}
