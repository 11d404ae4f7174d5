/* staff.cgi — the admin manages staff accounts (issue 15 item 8).
 *
 *   GET   /api/staff                       staff and admin accounts
 *   PATCH /api/staff/<username>            {"active": false|true}
 *   PUT   /api/staff/<username>/password   {"password"}
 *
 * Admin only.  Deactivating ends the account's sessions at once and its
 * logins answer 403 ACCOUNT_DISABLED until it is reactivated; a new
 * password follows the rules of the user's own and ends its sessions too.
 * An admin account (the caller's own included) is not managed here: 409
 * ACCOUNT_PROTECTED.  The rules and the SQL are lib/staff.c's; each change
 * is logged with the admin who made it. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "app.h"
#include "auth.h"
#include "guard.h"
#include "staff.h"

/* The one place a staff_err becomes a status, a code and a message: a
 * row an enum value (an error without a row is a 500).  ACCOUNT_DB and
 * busy hashing are answered by ctx_fail_db and guard_busy; a reused
 * password also names the field.  -1. */
static int
staff_failed(struct ctx *c, const struct staff_fail *f)
{
	static const struct {
		int		 status;
		const char	*code;
		const char	*message;
	} http[] = {
		[STAFF_ERR_INTERNAL] = { 500, "INTERNAL_ERROR",
		    "internal error" },
		[STAFF_ERR_NOT_FOUND] = { 404, "NOT_FOUND",
		    "no staff account by that username" },
		[STAFF_ERR_ADMIN] = { 409, "ACCOUNT_PROTECTED",
		    "admin accounts are not managed here" },
		[STAFF_ERR_SELF] = { 409, "ACCOUNT_PROTECTED",
		    "this is your own account: change your password on your "
		    "profile" },
	};
	size_t	 e = (size_t)f->err;

	if (f->err == STAFF_ERR_DB)
		return ctx_fail_db(c, f->rc);
	if (f->err == STAFF_ERR_BUSY)
		return guard_busy(c);
	if (f->err == STAFF_ERR_PASSWORD_REUSE) {
		err_field(&c->err, "password", "was used recently by this "
		    "account: choose another");
		return ctx_fail(c, 422, "PASSWORD_REUSE", "choose a password "
		    "this account has not used for its last %d",
		    ACCOUNT_HISTORY);
	}
	if (e >= sizeof(http) / sizeof(http[0]) || http[e].status == 0)
		e = STAFF_ERR_INTERNAL;
	return ctx_fail(c, http[e].status, http[e].code, "%s",
	    http[e].message);
}

/* The username in the path, if it could be one (lowercase, 3–30): 0, or
 * -1 with c failed 404 (no account can have it). */
static int
path_username(struct ctx *c, const char **username)
{
	*username = ctx_arg(c, 0);
	if (account_check_username(*username) != NULL)
		return ctx_fail(c, 404, "NOT_FOUND", "no staff account by that "
		    "username");
	return 0;
}

static int
list_staff(struct ctx *c)
{
	cJSON	*arr = cJSON_CreateArray();
	int	 rc = SQLITE_OK;

	if (ctx_db(c) == NULL || (rc = staff_list(c->db, arr)) != SQLITE_OK) {
		cJSON_Delete(arr);
		return c->err.status ? -1 : ctx_fail_db(c, rc);
	}
	return ctx_ok(c, 200, arr);
}

/* PATCH /<username> {"active"}: the account afterwards. */
static int
patch_staff(struct ctx *c)
{
	const char *username;
	struct staff_member m;
	struct staff_fail f;
	int	 active = 1, changed;

	if (path_username(c, &username) != 0)
		return -1;
	(void)staff_parse_active(c->req.body, &active, &c->err);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0 ||
	    ctx_db(c) == NULL)
		return -1;
	if (staff_set_active(c->db, username, active, c->user.id, c->now, &m,
	    &changed, &f) == -1)
		return staff_failed(c, &f);
	if (changed)
		fprintf(stderr, "skyfox[%s] staff %s %s by %s\n", c->request_id,
		    m.username, active ? "reactivated" : "deactivated",
		    c->user.username);
	return ctx_ok(c, 200, staff_json(&m));
}

/* PUT /<username>/password {"password"}: the account's new password; its
 * sessions end.  The answer is the account. */
static int
put_password(struct ctx *c)
{
	const char *username, *password;
	struct staff_member m;
	struct staff_fail f;

	if (path_username(c, &username) != 0)
		return -1;
	(void)staff_parse_password(c->req.body, &password, &c->err);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0 ||
	    ctx_db(c) == NULL)
		return -1;
	if (staff_set_password(c->db, &c->conf, username, password,
	    c->user.id, c->now, &f) == -1 ||
	    staff_find(c->db, username, &m, &f) == -1)
		return staff_failed(c, &f);
	fprintf(stderr, "skyfox[%s] staff %s password set by %s\n",
	    c->request_id, m.username, c->user.username);
	return ctx_ok(c, 200, staff_json(&m));
}

static const struct route routes[] = {
	{ "GET",   "",                    ROLE_ADMIN, list_staff },
	{ "GET",   "/",                   ROLE_ADMIN, list_staff },
	{ "PATCH", "/:username",          ROLE_ADMIN, patch_staff },
	{ "PUT",   "/:username/password", ROLE_ADMIN, put_password },
};

int
main(void)
{
	static const struct app app = { "staff", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
