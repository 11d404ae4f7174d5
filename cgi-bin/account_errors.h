/* account_errors — the HTTP face of a struct account_fail (lib/account.h),
 * shared by users.cgi and session.cgi: the one place where an enum
 * account_err becomes a status, an API code and a message.  The table is
 * kcgi's khttps[] habit: one row an enum value; an error without a row is
 * a 500.  Header-only: each CGI is one .c. */
#ifndef SKYFOX_ACCOUNT_ERRORS_H
#define SKYFOX_ACCOUNT_ERRORS_H

#include "account.h"
#include "app.h"
#include "guard.h"

struct account_http {
	int		 status;
	const char	*code;
	const char	*message;
};

/* Fail c for f.  ACCOUNT_DB and ACCOUNT_BUSY are answered by ctx_fail_db
 * and guard_busy, with the SQLite code and Retry-After; a reused password
 * also names the field and the history's length.  -1. */
static inline int
account_failed(struct ctx *c, const struct account_fail *f)
{
	static const struct account_http http[] = {
		[ACCOUNT_INTERNAL] = { 500, "INTERNAL_ERROR",
		    "internal error" },
		[ACCOUNT_NOT_FOUND] = { 404, "NOT_FOUND", "no such account" },
		[ACCOUNT_USERNAME_EXISTS] = { 409, "USERNAME_EXISTS",
		    "that username is taken" },
		[ACCOUNT_EMAIL_EXISTS] = { 409, "EMAIL_EXISTS",
		    "an account with that email already exists" },
		[ACCOUNT_PHONE_EXISTS] = { 409, "PHONE_EXISTS",
		    "an account with that phone number already exists" },
		[ACCOUNT_DISABLED] = { 403, "ACCOUNT_DISABLED",
		    "this account has been deactivated; ask an admin" },
	};
	const struct account_http *h = &http[ACCOUNT_INTERNAL];

	if (f->err == ACCOUNT_DB)
		return ctx_fail_db(c, f->rc);
	if (f->err == ACCOUNT_BUSY)
		return guard_busy(c);
	if (f->err == ACCOUNT_PASSWORD_REUSE) {
		err_field(&c->err, "new_password", "was used recently");
		return ctx_fail(c, 422, "PASSWORD_REUSE", "choose a password "
		    "you have not used for your last %d", ACCOUNT_HISTORY);
	}
	if ((size_t)f->err < sizeof(http) / sizeof(http[0]) &&
	    http[f->err].status != 0)
		h = &http[f->err];
	return ctx_fail(c, h->status, h->code, "%s", h->message);
}

#endif
