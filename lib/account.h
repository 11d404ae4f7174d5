/* account — the accounts of DESIGN §7: creating them (sign-up, staff,
 * skyfoxctl), logging in and out, profiles, passwords and their history,
 * and security answers.  The one place that writes the users, customers,
 * staff and password_history tables (reset tokens: reset.h; an admin
 * disabling a staff account: staff.h).  The name and
 * phone rules are person.h's, shared with walk-in customers.
 *
 * Functions that can fail for a reason of the domain return 0, or -1 with
 * the struct account_fail saying why: an enum account_err, and for
 * ACCOUNT_DB the SQLite result code (the CGI answers 503 or 500).  Those
 * whose only failure is SQLite return its result code (SQLITE_OK).  No
 * HTTP here: cgi-bin/ turns an account_err into a status and a message.
 * Passwords and security answers are hashed with Argon2id (password.h)
 * before any write transaction opens, so the write lock is never held
 * across hashing.  Writers open their own BEGIN IMMEDIATE unless the
 * caller already has a transaction open (skyfoxctl seed); a failed writer
 * has rolled back whatever transaction was open (but
 * account_store_password, a step inside its caller's transaction, leaves
 * that to the caller). */
#ifndef SKYFOX_ACCOUNT_H
#define SKYFOX_ACCOUNT_H

#include <sqlite3.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "config.h"
#include "err.h"
#include "password.h"
#include "person.h"
#include "user.h"

#define ACCOUNT_PASSWORD_MAX	128	/* bytes; bounds hashing work */
#define ACCOUNT_HISTORY		3	/* a new password is none of these */
/* Bytes of a password or security answer sent to be verified: bounds the
 * hashing work of an attempt (a new password's bound is the rule above). */
#define ACCOUNT_PROOF_MAX	256
/* A name or email as typed, before person_normalise_name or
 * account_normalise_email trims it. */
#define ACCOUNT_FIELD_LEN	300

enum account_err {
	ACCOUNT_OK = 0,			/* never the err of a failure */
	ACCOUNT_DB,			/* fail.rc holds the SQLite code */
	ACCOUNT_INTERNAL,		/* hashing or memory failed */
	ACCOUNT_BAD_CREDENTIALS,	/* unknown user or wrong password */
	ACCOUNT_NOT_FOUND,
	ACCOUNT_USERNAME_EXISTS,
	ACCOUNT_EMAIL_EXISTS,
	ACCOUNT_PHONE_EXISTS,
	ACCOUNT_PASSWORD_REUSE,		/* one of the last ACCOUNT_HISTORY */
	ACCOUNT_BAD_ANSWER,		/* wrong security answer */
	ACCOUNT_NO_ANSWER,		/* staff/admin: no security question */
	ACCOUNT_BUSY,			/* no hashing slot free: try later */
	ACCOUNT_DISABLED		/* right password, account disabled */
};

/* Why a function returned -1. */
struct account_fail {
	enum account_err err;
	int		 rc;		/* ACCOUNT_DB: the SQLite result code */
};

/* --- the rules of DESIGN §7; each returns NULL or what is wrong -------
 * (names and phones: person_normalise_name, person_check_name and
 * person_check_phone of person.h) */
const char *account_check_username(const char *);
const char *account_check_email(const char *);
const char *account_check_password(const char *);
const char *account_check_answer_text(const char *);
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

/* The sign-up's fields from a request body into a, for role (read by
 * the caller first: it decides who may ask; NULL is a customer): the name,
 * and a customer's email, normalised into name and email.  A field of the
 * wrong type is named in e; the rules are account_validate_new's.  0, or
 * -1 when a field failed. */
int	 account_parse_new(const cJSON *body, const char *role,
	    struct account_new *a, char name[ACCOUNT_FIELD_LEN],
	    char email[ACCOUNT_FIELD_LEN], struct err *e);
/* Every rule of DESIGN §7 on a (its name already normalised); failing
 * fields go to e (err_field). */
void	 account_validate_new(const struct account_new *, struct err *);
/* A new account as the API shows it: username, name and role. */
cJSON	*account_new_json(const struct account_new *);
/* Taken username, email or phone: -1 with the first conflict in f
 * (ACCOUNT_USERNAME_EXISTS, _EMAIL_EXISTS, _PHONE_EXISTS), and every
 * conflicting field named in e.  Also names an unknown
 * security_question_id in e (returning 0 then). */
int	 account_check_taken(sqlite3 *, const struct account_new *,
	    struct err *, struct account_fail *);
/* The Argon2id hashes of a new account (the answer: customers only). */
struct account_hashes {
	char	 password[PASSWORD_HASH_LEN];
	char	 answer[PASSWORD_HASH_LEN];
};
int	 account_hash_new(const struct conf *, const struct account_new *,
	    struct account_hashes *, struct account_fail *);
/* Sign-up's check: the hashes first, then account_check_taken — so the
 * answer for a taken email, username or phone costs the same Argon2id
 * work as a new one (ACCOUNT_BUSY when no hashing slot is free). */
int	 account_signup_check(sqlite3 *, const struct conf *,
	    const struct account_new *, struct err *, struct account_hashes *,
	    struct account_fail *);
/* Hash and insert: user row, password history, customer details + empty
 * wallet, or staff details.  *uid may be NULL. */
int	 account_create(sqlite3 *, const struct conf *,
	    const struct account_new *, time_t now, long long *uid,
	    struct account_fail *);
/* The insert of account_create with hashes already made. */
int	 account_create_hashed(sqlite3 *, const struct account_new *,
	    const struct account_hashes *, time_t now, long long *uid,
	    struct account_fail *);

/* Check username + password; fills u on success (ACCOUNT_BAD_CREDENTIALS
 * otherwise).  An unknown user costs one dummy verification, so both
 * failures look alike.  A disabled account (staff.h) with the right
 * password is ACCOUNT_DISABLED; with a wrong one, ACCOUNT_BAD_CREDENTIALS:
 * only who knows the password learns that it is disabled. */
int	 account_login(sqlite3 *, const struct conf *, const char *username,
	    const char *password, struct user *u, struct account_fail *);
/* Bump the user's token_version: every session token issued so far is
 * refused from now on.  Fills *new_version when not NULL.  A SQLite
 * result code. */
int	 account_revoke_sessions(sqlite3 *, long long uid, time_t now,
	    long long *new_version);

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

/* ACCOUNT_NOT_FOUND when there is no such user. */
int	 account_profile(sqlite3 *, long long uid, struct account_profile *,
	    struct account_fail *);
/* A profile as the API shows it.  A customer's "avatar" is the link
 * object of the photo (avatar_json of avatar.h), which this takes over, or
 * NULL when there is none; staff and admins pass NULL. */
cJSON	*account_profile_json(const struct account_profile *, cJSON *avatar);

/* The proof a change of profile or photo needs, from a request body: a
 * customer's security answer, or (staff and admins have none) the
 * password.  NULL, with the field named in e, when it is missing. */
const char *account_parse_proof(const cJSON *body, int role, struct err *);

/* A change of profile: each of name, email and phone is NULL when it
 * stays as it is; name and email point into the buffers, normalised. */
struct account_change {
	const char	*name;
	const char	*email;
	const char	*phone;
	char		 name_buf[PERSON_NAME_MAX];
	char		 email_buf[ACCOUNT_FIELD_LEN];
};
/* The change a user of role asks for in a request body, checked against
 * DESIGN §7: each failing field named in e, including email and phone for
 * staff and admins (who have none) and a change of nothing.  0, or -1
 * when a field failed. */
int	 account_parse_change(const cJSON *body, int role,
	    struct account_change *, struct err *);
/* A change of password from a request body: the current one (to prove
 * it, at most ACCOUNT_PROOF_MAX) and the new one, under the rules of
 * account_check_password.  Each failing field named in e.  0, or -1 when
 * a field failed. */
int	 account_parse_password_change(const cJSON *body, const char **current,
	    const char **password, struct err *);
/* The user's current password?  0, or ACCOUNT_BAD_CREDENTIALS. */
int	 account_verify_password(sqlite3 *, const struct conf *, long long uid,
	    const char *password, struct account_fail *);
/* The user's security answer?  0, ACCOUNT_BAD_ANSWER, or
 * ACCOUNT_NO_ANSWER for staff and admins. */
int	 account_verify_answer(sqlite3 *, const struct conf *, long long uid,
	    const char *answer, struct account_fail *);
/* Change name / email / phone (NULL: unchanged); validated by the caller
 * (account_parse_change).  ACCOUNT_EMAIL_EXISTS / ACCOUNT_PHONE_EXISTS
 * when taken by another. */
int	 account_update(sqlite3 *, long long uid, const char *name,
	    const char *email, const char *phone, time_t now,
	    struct account_fail *);
/* Set a new password (its rules checked by the caller: account_check_password
 * or account_parse_password_change): refuses the last ACCOUNT_HISTORY
 * passwords (ACCOUNT_PASSWORD_REUSE), keeps the history at that length,
 * and bumps token_version (other sessions end).  *new_version may be
 * NULL. */
int	 account_set_password(sqlite3 *, const struct conf *, long long uid,
	    const char *password, time_t now, long long *new_version,
	    struct account_fail *);
/* The two halves of account_set_password, for a caller that must claim
 * something (a reset token) in the same transaction: is password one of
 * the last ACCOUNT_HISTORY (no transaction; -1 with ACCOUNT_PASSWORD_REUSE
 * when it is), and store an already made hash + history + token_version
 * bump (inside the caller's transaction, which the caller rolls back on
 * failure; a SQLite result code). */
int	 account_password_reused(sqlite3 *, const struct conf *, long long uid,
	    const char *password, struct account_fail *);
int	 account_store_password(sqlite3 *, long long uid, const char *hash,
	    time_t now, long long *new_version);
/* Point the customer at a new photo file; the previous file name goes to
 * old (may be "") so the caller can delete it after the commit.
 * ACCOUNT_NOT_FOUND for a user who is not a customer. */
int	 account_set_avatar(sqlite3 *, long long uid, const char *name,
	    char old[64], time_t now, struct account_fail *);
/* The security questions [{id, question}] into arr.  A SQLite result
 * code. */
int	 account_list_questions(sqlite3 *, cJSON *arr);
/* Staff and admin accounts for the admin, into arr (cJSON array).  A
 * SQLite result code. */
int	 account_list_staff(sqlite3 *, cJSON *arr);

#endif
