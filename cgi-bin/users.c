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
 * until the account row points at it. */
#include <stdio.h>
#include <string.h>

#include "account.h"
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
/* A name or email as typed, before account_normalise_* trims it. */
#define USERS_FIELD_LEN	300

/* A string field, or NULL when absent; a non-string is a field error. */
static const char *
str_field(struct ctx *c, const char *key)
{
	const char *s = NULL;

	if (json_get_str(c->req.body, key, &s) == -1)
		err_field(&c->err, key, "must be a string");
	return s;
}

static long long
int_field(struct ctx *c, const char *key)
{
	long long v = 0;

	if (json_get_int(c->req.body, key, &v) == -1)
		err_field(&c->err, key, "must be a whole number");
	return v;
}

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

/* --- errors from lib/account.c ------------------------------------------- */

/* What each account_err answers (kcgi's khttps[] way: one table, indexed
 * by the enum; any other is a 500).  ACCOUNT_DB and ACCOUNT_BUSY are
 * answered by ctx_fail_db and guard_busy, with the SQLite code and
 * Retry-After; a reused password also names the field and the history's
 * length. */
static const struct {
	int		 status;
	const char	*code;
	const char	*message;
} account_errors[] = {
	[ACCOUNT_INTERNAL] = { 500, "INTERNAL_ERROR", "internal error" },
	[ACCOUNT_NOT_FOUND] = { 404, "NOT_FOUND", "no such account" },
	[ACCOUNT_USERNAME_EXISTS] = { 409, "USERNAME_EXISTS",
	    "that username is taken" },
	[ACCOUNT_EMAIL_EXISTS] = { 409, "EMAIL_EXISTS",
	    "an account with that email already exists" },
	[ACCOUNT_PHONE_EXISTS] = { 409, "PHONE_EXISTS",
	    "an account with that phone number already exists" },
};

static int
fail_account(struct ctx *c, const struct account_fail *f)
{
	size_t	 e = (size_t)f->err;

	if (f->err == ACCOUNT_DB)
		return ctx_fail_db(c, f->rc);
	if (f->err == ACCOUNT_BUSY)
		return guard_busy(c);
	if (f->err == ACCOUNT_PASSWORD_REUSE) {
		err_field(&c->err, "new_password", "was used recently");
		return ctx_fail(c, 422, "PASSWORD_REUSE", "choose a password "
		    "you have not used for your last %d", ACCOUNT_HISTORY);
	}
	if (e >= sizeof(account_errors) / sizeof(account_errors[0]) ||
	    account_errors[e].status == 0)
		e = ACCOUNT_INTERNAL;
	return ctx_fail(c, account_errors[e].status, account_errors[e].code,
	    "%s", account_errors[e].message);
}

/* --- sign-up -------------------------------------------------------------- */

/* The sign-up's fields into a, the name and email normalised into their
 * buffers (USERS_FIELD_LEN); staff and admin accounts are made by an
 * admin.  0, or -1 with c failed. */
static int
signup_fields(struct ctx *c, struct account_new *a, char *name, char *email)
{
	memset(a, 0, sizeof(*a));
	a->role = str_field(c, "role");
	if (a->role != NULL && strcmp(a->role, "customer") != 0 &&
	    role_from_name(a->role) != 0) {
		if (!ctx_try_auth(c))
			return ctx_fail(c, 401, "UNAUTHORIZED",
			    "log in as an admin to create staff accounts");
		if (c->user.role != ROLE_ADMIN)
			return ctx_fail(c, 403, "FORBIDDEN",
			    "only an admin may create staff accounts");
	}
	a->username = str_field(c, "username");
	person_normalise_name(str_field(c, "name") ? str_field(c, "name") : "",
	    name, USERS_FIELD_LEN);
	a->name = name;
	a->password = str_field(c, "password");
	a->counter_no = int_field(c, "counter_no");
	if (a->role == NULL || strcmp(a->role, "customer") == 0) {
		account_normalise_email(str_field(c, "email") ?
		    str_field(c, "email") : "", email, USERS_FIELD_LEN);
		a->email = email;
		a->phone = str_field(c, "phone");
		a->question_id = int_field(c, "security_question_id");
		a->answer = str_field(c, "security_answer");
		photo_fields(c, "a profile photo is required");
	}
	account_validate_new(a, &c->err);
	return ctx_fail_fields(c, "please correct the marked fields");
}

static int
post_user(struct ctx *c)
{
	struct account_new a;
	struct account_hashes h;
	struct ratelimit rl;
	char	 name[USERS_FIELD_LEN], email[USERS_FIELD_LEN];
	char	 avatar[AVATAR_NAME_LEN] = "";
	struct account_fail f;
	sqlite3	*db;
	cJSON	*d;

	memset(&rl, 0, sizeof(rl));
	if (signup_fields(c, &a, name, email) != 0)
		return -1;
	if ((db = ctx_db(c)) == NULL)
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
	if (account_signup_check(db, &c->conf, &a, &c->err, &h, &f) == -1) {
		if (f.err == ACCOUNT_BUSY || f.err == ACCOUNT_DB)
			guard_release(c, &rl);	/* no verdict */
		avatar_discard(&c->conf, avatar);
		return fail_account(c, &f);
	}
	if (ctx_fail_fields(c, "please correct the marked fields") != 0) {
		avatar_discard(&c->conf, avatar);
		return -1;
	}
	if (account_create_hashed(db, &a, &h, c->now, NULL, &f) == -1) {
		avatar_discard(&c->conf, avatar);
		return fail_account(c, &f);
	}
	/* Committed: now the photo may be reachable.  Should the rename
	 * fail, the sweeper finishes it (avatar_strays). */
	if (a.email != NULL)
		(void)avatar_commit(&c->conf, avatar);
	d = cJSON_CreateObject();
	json_add_str(d, "username", a.username);
	json_add_str(d, "name", a.name);
	json_add_str(d, "role", a.email != NULL ? "customer" : a.role);
	return ctx_ok(c, 201, d);
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

static int
profile_json(struct ctx *c, cJSON **out)
{
	struct account_profile p;
	struct account_fail f;
	cJSON	*d, *q, *av;

	if (ctx_db(c) == NULL)
		return -1;
	if (account_profile(c->db, c->user.id, &p, &f) == -1)
		return fail_account(c, &f);
	d = cJSON_CreateObject();
	json_add_str(d, "username", p.username);
	json_add_str(d, "name", p.name);
	json_add_str(d, "role", role_name(p.role));
	json_add_time(d, "created_at", p.created_at);
	if (p.role == ROLE_CUSTOMER) {
		json_add_str(d, "email", p.email);
		json_add_str(d, "phone", p.phone);
		q = cJSON_AddObjectToObject(d, "security_question");
		json_add_int(q, "id", p.question_id);
		json_add_str(q, "question", p.question);
		if (*p.avatar == '\0')
			cJSON_AddNullToObject(d, "avatar");
		else if ((av = photo_link(c, p.avatar)) != NULL)
			cJSON_AddItemToObject(d, "avatar", av);
		else {
			cJSON_Delete(d);
			return -1;
		}
	} else
		json_add_int(d, "counter_no", p.counter_no);
	*out = d;
	return 0;
}

static int
get_me(struct ctx *c)
{
	cJSON	*d;

	if (profile_json(c, &d) != 0)
		return -1;
	return ctx_ok(c, 200, d);
}

/* The proof a profile or photo change needs: the customer's security
 * answer, or (staff and admins have none) the password.  Rate limited
 * like logins.  0 when proven; -1 with c failed. */
static int
prove_it(struct ctx *c)
{
	struct ratelimit rl;
	const char *answer = NULL, *password = NULL;
	struct account_fail f;
	int	 customer = c->user.role == ROLE_CUSTOMER, r;

	if (customer && (json_get_str(c->req.body, "security_answer", &answer)
	    != 1 || *answer == '\0'))
		err_field(&c->err, "security_answer",
		    "answer your security question to make this change");
	if (!customer && (json_get_str(c->req.body, "password", &password)
	    != 1 || *password == '\0'))
		err_field(&c->err, "password",
		    "enter your password to make this change");
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	if ((answer && strlen(answer) > 256) ||
	    (password && strlen(password) > 256))
		return ctx_fail(c, 422, "VALIDATION_ERROR", "too long");
	ratelimit_init(&rl, &c->conf, customer ? "answer" : "password",
	    c->user.username, c->req.remote_addr);
	if (guard_reserve(c, &rl) != 0)
		return -1;
	r = customer ? account_verify_answer(c->db, &c->conf, c->user.id,
	    answer, &f) : account_verify_password(c->db, &c->conf, c->user.id,
	    password, &f);
	if (r == 0)
		return guard_succeed(c, &rl);
	if (f.err == ACCOUNT_DB || f.err == ACCOUNT_BUSY) {
		guard_release(c, &rl);		/* no verdict */
		return fail_account(c, &f);
	}
	if (customer)
		return ctx_fail(c, 403, "INVALID_SECURITY_ANSWER",
		    "that is not the answer to your security question");
	return ctx_fail(c, 403, "INCORRECT_PASSWORD",
	    "that is not your password");
}

static int
patch_me(struct ctx *c)
{
	const char *name_in = str_field(c, "name"), *email_in =
	    str_field(c, "email"), *phone = str_field(c, "phone"), *why;
	char	 name[PERSON_NAME_MAX], email[300];
	struct account_fail f;
	cJSON	*d;

	if (name_in != NULL) {
		person_normalise_name(name_in, name, sizeof(name));
		if ((why = person_check_name(name)) != NULL)
			err_field(&c->err, "name", "%s", why);
	}
	if (email_in != NULL) {
		account_normalise_email(email_in, email, sizeof(email));
		if ((why = account_check_email(email)) != NULL)
			err_field(&c->err, "email", "%s", why);
	}
	if (phone != NULL && (why = person_check_phone(phone)) != NULL)
		err_field(&c->err, "phone", "%s", why);
	if (c->user.role != ROLE_CUSTOMER && email_in != NULL)
		err_field(&c->err, "email", "staff accounts have no email");
	if (c->user.role != ROLE_CUSTOMER && phone != NULL)
		err_field(&c->err, "phone", "staff accounts have no phone");
	if (name_in == NULL && email_in == NULL && phone == NULL &&
	    c->err.nfields == 0)
		err_field(&c->err, "name", "send name, email or phone to change");
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	if (ctx_db(c) == NULL || prove_it(c) != 0)
		return -1;
	if (account_update(c->db, c->user.id, name_in ? name : NULL,
	    email_in ? email : NULL, phone, c->now, &f) == -1) {
		if (f.err == ACCOUNT_EMAIL_EXISTS)
			err_field(&c->err, "email", "already has an account");
		if (f.err == ACCOUNT_PHONE_EXISTS)
			err_field(&c->err, "phone", "already has an account");
		return fail_account(c, &f);
	}
	if (profile_json(c, &d) != 0)
		return -1;
	return ctx_ok(c, 200, d);
}

/* A new password ends every other session; this one gets a fresh token
 * (and cookie) so the user stays logged in where they changed it. */
static int
put_password(struct ctx *c)
{
	const char *cur = str_field(c, "current_password");
	const char *pw = str_field(c, "new_password"), *why;
	struct ratelimit rl;
	struct user u;
	struct account_fail f;
	cJSON	*d;

	if (cur == NULL || *cur == '\0')
		err_field(&c->err, "current_password", "enter your password");
	else if (strlen(cur) > 256)
		err_field(&c->err, "current_password", "is too long");
	if (pw == NULL || *pw == '\0')
		err_field(&c->err, "new_password", "choose a new password");
	else if ((why = account_check_password(pw)) != NULL)
		err_field(&c->err, "new_password", "%s", why);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	if (ctx_db(c) == NULL)
		return -1;
	ratelimit_init(&rl, &c->conf, "password", c->user.username,
	    c->req.remote_addr);
	if (guard_reserve(c, &rl) != 0)
		return -1;
	if (account_verify_password(c->db, &c->conf, c->user.id, cur, &f) ==
	    -1) {
		if (f.err == ACCOUNT_DB || f.err == ACCOUNT_BUSY) {
			guard_release(c, &rl);	/* no verdict */
			return fail_account(c, &f);
		}
		/* Not the password: the reservation stays. */
		err_field(&c->err, "current_password", "is not your password");
		return ctx_fail(c, 403, "INCORRECT_PASSWORD",
		    "your current password is not right");
	}
	if (guard_succeed(c, &rl) != 0)
		return -1;
	u = c->user;
	if (account_set_password(c->db, &c->conf, c->user.id, pw, c->now,
	    &u.token_version, &f) == -1)
		return fail_account(c, &f);
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
		return fail_account(c, &f);
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
	struct account_fail f;
	cJSON	*d;

	if (ctx_db(c) == NULL)
		return -1;
	if (account_profile(c->db, c->user.id, &p, &f) == -1)
		return fail_account(c, &f);
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
