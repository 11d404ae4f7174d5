/* account — the accounts of DESIGN §7: creating them (sign-up, staff,
 * skyfoxctl), logging in and out, profiles, passwords and their history,
 * and security answers.  The one place that writes the users, customers,
 * staff and password_history tables (reset tokens: reset.h).
 *
 * Functions return an enum account_err; ACCOUNT_DB means SQLite failed and
 * account_db_rc() holds its result code (the CGI answers 503 or 500).
 * Passwords and security answers are hashed with Argon2id (password.h)
 * before any write transaction opens, so the write lock is never held
 * across hashing.  Writers open their own BEGIN IMMEDIATE unless the
 * caller already has a transaction open (skyfoxctl seed). */
#ifndef SKYFOX_ACCOUNT_H
#define SKYFOX_ACCOUNT_H

#include <sqlite3.h>
#include <time.h>

#include "app.h"
#include "config.h"
#include "err.h"
#include "password.h"

#define ACCOUNT_PASSWORD_MAX	128	/* bytes; bounds hashing work */
#define ACCOUNT_HISTORY		3	/* a new password is none of these */

enum account_err {
	ACCOUNT_OK = 0,
	ACCOUNT_DB,			/* see account_db_rc() */
	ACCOUNT_INTERNAL,		/* hashing or memory failed */
	ACCOUNT_BAD_CREDENTIALS,	/* unknown user or wrong password */
	ACCOUNT_NOT_FOUND,
	ACCOUNT_USERNAME_EXISTS,
	ACCOUNT_EMAIL_EXISTS,
	ACCOUNT_PHONE_EXISTS,
	ACCOUNT_PASSWORD_REUSE,		/* one of the last ACCOUNT_HISTORY */
	ACCOUNT_BAD_ANSWER,		/* wrong security answer */
	ACCOUNT_NO_ANSWER,		/* staff/admin: no security question */
	ACCOUNT_BUSY			/* no hashing slot free: try later */
};

/* The SQLite result code behind the last ACCOUNT_DB. */
int	 account_db_rc(void);

/* --- the rules of DESIGN §7; each returns NULL or what is wrong ----- */
const char *account_check_username(const char *);
const char *account_check_name(const char *);	/* after account_normalise_name */
const char *account_check_email(const char *);
const char *account_check_phone(const char *);
const char *account_check_password(const char *);
const char *account_check_answer_text(const char *);
/* Trim and collapse runs of spaces: "  Asha   Rao " → "Asha Rao". */
void	 account_normalise_name(const char *in, char *out, size_t outsz);
/* Trim and ASCII-lowercase an email address. */
void	 account_normalise_email(const char *in, char *out, size_t outsz);

/* A new account.  Customers: email, phone, question, answer, avatar (file
 * name under <data_dir>/avatars, may be NULL).  Staff and admins:
 * counter_no (1..999). */
struct account_new {
	const char	*role;		/* "customer", "staff", "admin" */
	const char	*username;
	const char	*name;
	const char	*password;
	const char	*email;
	const char	*phone;
	long long	 question_id;
	const char	*answer;
	const char	*avatar;
	long long	 counter_no;
};

/* Every rule of DESIGN §7 on a; failing fields go to e (err_field). */
void	 account_validate_new(const struct account_new *, struct err *);
/* Taken username, email or phone: the first conflict is returned, and
 * every conflicting field is named in e.  Also names an unknown
 * security_question_id in e (returns ACCOUNT_OK then). */
enum account_err account_check_taken(sqlite3 *, const struct account_new *,
	    struct err *);
/* The Argon2id hashes of a new account (the answer: customers only). */
struct account_hashes {
	char	 password[PASSWORD_HASH_LEN];
	char	 answer[PASSWORD_HASH_LEN];
};
enum account_err account_hash_new(const struct conf *,
	    const struct account_new *, struct account_hashes *);
/* Sign-up's check: the hashes first, then account_check_taken — so the
 * answer for a taken email, username or phone costs the same Argon2id
 * work as a new one (ACCOUNT_BUSY when no hashing slot is free). */
enum account_err account_signup_check(sqlite3 *, const struct conf *,
	    const struct account_new *, struct err *, struct account_hashes *);
/* Hash and insert: user row, password history, customer details + empty
 * wallet, or staff details.  *uid may be NULL. */
enum account_err account_create(sqlite3 *, const struct conf *,
	    const struct account_new *, time_t now, long long *uid);
/* The insert of account_create with hashes already made. */
enum account_err account_create_hashed(sqlite3 *, const struct account_new *,
	    const struct account_hashes *, time_t now, long long *uid);

/* Check username + password; fills u on success.  An unknown or disabled
 * user costs one dummy verification, so both failures look alike. */
enum account_err account_login(sqlite3 *, const struct conf *,
	    const char *username, const char *password, struct user *u);
/* Bump the user's token_version: every session token issued so far is
 * refused from now on.  Fills *new_version when not NULL. */
enum account_err account_revoke_sessions(sqlite3 *, long long uid,
	    time_t now, long long *new_version);

struct account_profile {
	long long	 id;
	char		 username[32];
	char		 name[80];
	int		 role;		/* ROLE_* */
	long long	 created_at;
	/* customers */
	char		 email[256];
	char		 phone[16];
	long long	 question_id;
	char		 question[200];
	char		 avatar[64];	/* "" when none */
	/* staff and admins */
	long long	 counter_no;
};

enum account_err account_profile(sqlite3 *, long long uid,
	    struct account_profile *);
/* The user's current password?  ACCOUNT_OK or ACCOUNT_BAD_CREDENTIALS. */
enum account_err account_verify_password(sqlite3 *, const struct conf *,
	    long long uid, const char *password);
/* The user's security answer?  ACCOUNT_OK, ACCOUNT_BAD_ANSWER, or
 * ACCOUNT_NO_ANSWER for staff and admins. */
enum account_err account_verify_answer(sqlite3 *, const struct conf *,
	    long long uid, const char *answer);
/* Change name / email / phone (NULL: unchanged); validated by the caller.
 * ACCOUNT_EMAIL_EXISTS / ACCOUNT_PHONE_EXISTS when taken by another. */
enum account_err account_update(sqlite3 *, long long uid, const char *name,
	    const char *email, const char *phone, time_t now);
/* Set a new password (policy checked by the caller): refuses the last
 * ACCOUNT_HISTORY passwords, keeps the history at that length, and bumps
 * token_version (other sessions end).  *new_version may be NULL. */
enum account_err account_set_password(sqlite3 *, const struct conf *,
	    long long uid, const char *password, time_t now,
	    long long *new_version);
/* The two halves of account_set_password, for a caller that must claim
 * something (a reset token) in the same transaction: is password one of
 * the last ACCOUNT_HISTORY (no transaction; ACCOUNT_OK or
 * ACCOUNT_PASSWORD_REUSE), and store an already made hash + history +
 * token_version bump (inside the caller's transaction). */
enum account_err account_password_reused(sqlite3 *, const struct conf *,
	    long long uid, const char *password);
enum account_err account_store_password(sqlite3 *, long long uid,
	    const char *hash, time_t now, long long *new_version);
/* Point the customer at a new photo file; the previous file name goes to
 * old (may be "") so the caller can delete it after the commit. */
enum account_err account_set_avatar(sqlite3 *, long long uid,
	    const char *name, char old[64], time_t now);
/* The security questions [{id, question}] into arr. */
enum account_err account_list_questions(sqlite3 *, cJSON *arr);
/* Staff and admin accounts for the admin, into arr (cJSON array). */
enum account_err account_list_staff(sqlite3 *, cJSON *arr);

#endif
