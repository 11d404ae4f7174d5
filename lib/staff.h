/* staff — the admin's management of staff accounts (issue 15 item 8):
 * list them, deactivate and reactivate one, set a new password for one.
 *
 * Rules.  Only staff accounts are managed here: an admin account (the
 * caller's own included) is listed but refused (STAFF_ERR_ADMIN,
 * STAFF_ERR_SELF); a customer's username is STAFF_ERR_NOT_FOUND, as is
 * one that does not exist.  Deactivating sets users.disabled_at and bumps
 * token_version in one transaction, so every session of the account ends
 * at once; a disabled account cannot log in (account_login:
 * ACCOUNT_DISABLED) and a token issued before is refused (auth.c).
 * Reactivating clears disabled_at and nothing else: the old tokens stay
 * dead.  A new password follows the user's own change of password
 * (account_check_password, the last ACCOUNT_HISTORY refused, Argon2id
 * outside the write lock) and ends the account's sessions too.
 *
 * The one writer of users.disabled_at; passwords and token versions go
 * through account.h.  0, or -1 with a struct staff_fail; no HTTP here
 * (cgi-bin/staff.c gives each staff_err its status and code). */
#ifndef SKYFOX_STAFF_H
#define SKYFOX_STAFF_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "config.h"
#include "err.h"

#define STAFF_LIST_MAX	1000	/* accounts in one list */

enum staff_err {
	STAFF_OK = 0,			/* never the err of a failure */
	STAFF_ERR_DB,			/* fail.rc holds the SQLite code */
	STAFF_ERR_INTERNAL,		/* hashing or memory failed */
	STAFF_ERR_NOT_FOUND,		/* no staff account by that name */
	STAFF_ERR_ADMIN,		/* an admin account: not managed here */
	STAFF_ERR_SELF,			/* the caller's own account */
	STAFF_ERR_PASSWORD_REUSE,	/* one of the last ACCOUNT_HISTORY */
	STAFF_ERR_BUSY			/* no hashing slot free: try later */
};

struct staff_fail {
	enum staff_err	 err;
	int		 rc;		/* STAFF_ERR_DB: the SQLite code */
};

/* One staff or admin account as the admin sees it. */
struct staff_member {
	long long	 id;
	char		 username[32];
	char		 name[80];
	int		 role;		/* ROLE_STAFF or ROLE_ADMIN */
	long long	 counter_no;
	long long	 created_at;
	long long	 disabled_at;	/* 0 while active */
};

/* {"username","name","role","counter_no","active","disabled_at",
 * "created_at"} (disabled_at null while active). */
cJSON	*staff_json(const struct staff_member *);
/* Every staff and admin account, admins first, then by counter and
 * username (at most STAFF_LIST_MAX), as staff_json objects into arr.  A
 * SQLite result code. */
int	 staff_list(sqlite3 *, cJSON *arr);
/* The staff or admin account named username into m: STAFF_ERR_NOT_FOUND
 * for anyone else. */
int	 staff_find(sqlite3 *, const char *username, struct staff_member *m,
	    struct staff_fail *);

/* The body of PATCH /api/staff/<username>: "active", a boolean (required;
 * a value of another type is named in e).  0, or -1 when it failed. */
int	 staff_parse_active(const cJSON *body, int *active, struct err *e);
/* The body of PUT /api/staff/<username>/password: "password", under
 * account_check_password's rule, named in e when it fails.  0 or -1. */
int	 staff_parse_password(const cJSON *body, const char **password,
	    struct err *e);

/* Deactivate (active 0) or reactivate the staff account username, for the
 * admin caller_uid, in one transaction; m is the account afterwards and
 * *changed 1 when this call changed it (0: it already was so).  Refusals:
 * STAFF_ERR_NOT_FOUND, _ADMIN, _SELF. */
int	 staff_set_active(sqlite3 *, const char *username, int active,
	    long long caller_uid, time_t now, struct staff_member *m,
	    int *changed, struct staff_fail *);
/* Set the staff account's password (checked by the caller:
 * staff_parse_password), ending its sessions.  Refusals as
 * staff_set_active, and STAFF_ERR_PASSWORD_REUSE, STAFF_ERR_BUSY. */
int	 staff_set_password(sqlite3 *, const struct conf *,
	    const char *username, const char *password, long long caller_uid,
	    time_t now, struct staff_fail *);

#endif
