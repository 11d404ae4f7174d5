/* account — accounts, passwords, profiles; see account.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "password.h"
#include "person.h"

static int
fail(struct account_fail *f, enum account_err e)
{
	f->err = e;
	f->rc = SQLITE_OK;
	return -1;
}

/* A SQLite failure: whatever transaction is open is rolled back. */
static int
fail_db(sqlite3 *db, struct account_fail *f, int rc)
{
	if (db != NULL && !sqlite3_get_autocommit(db))
		db_rollback(db);
	f->err = ACCOUNT_DB;
	f->rc = rc;
	return -1;
}

/* A refusal inside a transaction: roll it back. */
static int
fail_rollback(sqlite3 *db, struct account_fail *f, enum account_err e)
{
	db_rollback(db);
	return fail(f, e);
}

/* --- rules -------------------------------------------------------------- */

const char *
account_check_username(const char *s)
{
	size_t	 n = strlen(s);

	if (n < 3 || n > 30)
		return "must be 3 to 30 characters";
	if (!(islower((unsigned char)s[0]) || s[0] == '_'))
		return "must start with a lowercase letter or _";
	for (; *s != '\0'; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
		    *s == '_' || *s == '.' || *s == '-'))
			return "may hold only lowercase letters, digits, _ . -";
	return NULL;
}

static int
label_ok(const char *s, size_t n)
{
	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

const char *
account_check_email(const char *s)
{
	const char *at = strchr(s, '@'), *d, *dot, *tld;
	static const char *bad = "must be a valid email address";

	if (strlen(s) > 254 || at == NULL || at == s || at - s > 64 ||
	    strchr(at + 1, '@') != NULL)
		return bad;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return bad;
	for (const char *p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) &&
		    strchr(".!#$%&'*+/=?^_`{|}~-", *p) == NULL)
			return bad;
	for (d = at + 1; (dot = strchr(d, '.')) != NULL; d = dot + 1)
		if (!label_ok(d, (size_t)(dot - d)))
			return bad;
	if (d == at + 1)
		return bad;		/* no dot in the domain */
	tld = d;
	if (!label_ok(tld, strlen(tld)) || strlen(tld) < 2)
		return bad;
	for (const char *p = tld; *p; p++)
		if (!isalpha((unsigned char)*p))
			return bad;
	return NULL;
}

const char *
account_check_password(const char *s)
{
	int	 upper = 0, lower = 0, other = 0;
	size_t	 n = strlen(s);

	if (n < 8)
		return "must be at least 8 characters";
	if (n > ACCOUNT_PASSWORD_MAX)
		return "must be at most 128 characters";
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isupper(ch))
			upper = 1;
		else if (islower(ch))
			lower = 1;
		else if (isdigit(ch) || ispunct(ch) || ch >= 0x80)
			other = 1;
	}
	if (!upper || !lower || !other)
		return "needs an uppercase letter, a lowercase letter, and a "
		    "digit or symbol";
	return NULL;
}

const char *
account_check_answer_text(const char *s)
{
	char	 norm[256];

	if (strlen(s) > 100)
		return "must be at most 100 characters";
	password_normalise_answer(s, norm);
	if (strlen(norm) < 2)
		return "must be at least 2 characters";
	return NULL;
}

void
account_normalise_email(const char *in, char *out, size_t outsz)
{
	size_t	 o = 0, n;

	if (outsz == 0)
		return;
	while (*in == ' ' || *in == '\t')
		in++;
	for (; *in != '\0' && o + 1 < outsz; in++)
		out[o++] = (char)tolower((unsigned char)*in);
	out[o] = '\0';
	n = o;
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		out[--n] = '\0';
}

static int
is_customer(const struct account_new *a)
{
	return a->role == NULL || strcmp(a->role, "customer") == 0;
}

/* --- request bodies ------------------------------------------------------ */

/* A string field of body, or NULL when absent; a non-string is named in
 * e. */
static const char *
str_of(const cJSON *body, const char *key, struct err *e)
{
	const char *s = NULL;

	if (json_get_str(body, key, &s) == -1)
		err_field(e, key, "must be a string");
	return s;
}

static long long
int_of(const cJSON *body, const char *key, struct err *e)
{
	long long v = 0;

	if (json_get_int(body, key, &v) == -1)
		err_field(e, key, "must be a whole number");
	return v;
}

int
account_parse_new(const cJSON *body, const char *role, struct account_new *a,
    char name[ACCOUNT_FIELD_LEN], char email[ACCOUNT_FIELD_LEN],
    struct err *e)
{
	const char *s;
	int	 before = e->nfields;

	memset(a, 0, sizeof(*a));
	a->role = role;
	a->username = str_of(body, "username", e);
	s = str_of(body, "name", e);
	person_normalise_name(s != NULL ? s : "", name, ACCOUNT_FIELD_LEN);
	a->name = name;
	a->password = str_of(body, "password", e);
	a->counter_no = int_of(body, "counter_no", e);
	if (is_customer(a)) {
		s = str_of(body, "email", e);
		account_normalise_email(s != NULL ? s : "", email,
		    ACCOUNT_FIELD_LEN);
		a->email = email;
		a->phone = str_of(body, "phone", e);
		a->question_id = int_of(body, "security_question_id", e);
		a->answer = str_of(body, "security_answer", e);
	}
	return e->nfields > before ? -1 : 0;
}

const char *
account_parse_proof(const cJSON *body, int role, struct err *e)
{
	const char *s = NULL;

	if (role == ROLE_CUSTOMER) {
		if (json_get_str(body, "security_answer", &s) != 1 ||
		    *s == '\0') {
			err_field(e, "security_answer",
			    "answer your security question to make this "
			    "change");
			return NULL;
		}
	} else if (json_get_str(body, "password", &s) != 1 || *s == '\0') {
		err_field(e, "password", "enter your password to make this "
		    "change");
		return NULL;
	}
	return s;
}

/* The order of the checks is the order of the field errors the client
 * sees: types first, then the rules, then what a role may not change. */
int
account_parse_change(const cJSON *body, int role, struct account_change *ch,
    struct err *e)
{
	const char *name, *email, *why;
	int	 before = e->nfields;

	memset(ch, 0, sizeof(*ch));
	name = str_of(body, "name", e);
	email = str_of(body, "email", e);
	ch->phone = str_of(body, "phone", e);
	if (name != NULL) {
		person_normalise_name(name, ch->name_buf,
		    sizeof(ch->name_buf));
		if ((why = person_check_name(ch->name_buf)) != NULL)
			err_field(e, "name", "%s", why);
		ch->name = ch->name_buf;
	}
	if (email != NULL) {
		account_normalise_email(email, ch->email_buf,
		    sizeof(ch->email_buf));
		if ((why = account_check_email(ch->email_buf)) != NULL)
			err_field(e, "email", "%s", why);
		ch->email = ch->email_buf;
	}
	if (ch->phone != NULL && (why = person_check_phone(ch->phone)) != NULL)
		err_field(e, "phone", "%s", why);
	if (role != ROLE_CUSTOMER && email != NULL)
		err_field(e, "email", "staff accounts have no email");
	if (role != ROLE_CUSTOMER && ch->phone != NULL)
		err_field(e, "phone", "staff accounts have no phone");
	if (name == NULL && email == NULL && ch->phone == NULL &&
	    e->nfields == before)
		err_field(e, "name", "send name, email or phone to change");
	return e->nfields > before ? -1 : 0;
}

int
account_parse_password_change(const cJSON *body, const char **current,
    const char **password, struct err *e)
{
	const char *why;
	int	 before = e->nfields;

	*current = str_of(body, "current_password", e);
	*password = str_of(body, "new_password", e);
	if (*current == NULL || **current == '\0')
		err_field(e, "current_password", "enter your password");
	else if (strlen(*current) > ACCOUNT_PROOF_MAX)
		err_field(e, "current_password", "is too long");
	if (*password == NULL || **password == '\0')
		err_field(e, "new_password", "choose a new password");
	else if ((why = account_check_password(*password)) != NULL)
		err_field(e, "new_password", "%s", why);
	return e->nfields > before ? -1 : 0;
}

void
account_validate_new(const struct account_new *a, struct err *e)
{
	const char *why;

	if (a->role != NULL && role_from_name(a->role) == 0)
		err_field(e, "role", "must be customer, staff or admin");
	if (a->name == NULL || *a->name == '\0')
		err_field(e, "name", "is required");
	else if ((why = person_check_name(a->name)) != NULL)
		err_field(e, "name", "%s", why);
	if (a->username == NULL || *a->username == '\0')
		err_field(e, "username", "is required");
	else if ((why = account_check_username(a->username)) != NULL)
		err_field(e, "username", "%s", why);
	if (a->password == NULL || *a->password == '\0')
		err_field(e, "password", "is required");
	else if ((why = account_check_password(a->password)) != NULL)
		err_field(e, "password", "%s", why);
	if (!is_customer(a)) {
		if (a->counter_no < 1 || a->counter_no > 999)
			err_field(e, "counter_no", "must be 1 to 999");
		return;
	}
	if (a->email == NULL || *a->email == '\0')
		err_field(e, "email", "is required");
	else if ((why = account_check_email(a->email)) != NULL)
		err_field(e, "email", "%s", why);
	if (a->phone == NULL || *a->phone == '\0')
		err_field(e, "phone", "is required");
	else if ((why = person_check_phone(a->phone)) != NULL)
		err_field(e, "phone", "%s", why);
	if (a->question_id < 1)
		err_field(e, "security_question_id", "choose a security question");
	if (a->answer == NULL || *a->answer == '\0')
		err_field(e, "security_answer", "is required");
	else if ((why = account_check_answer_text(a->answer)) != NULL)
		err_field(e, "security_answer", "%s", why);
}

cJSON *
account_new_json(const struct account_new *a)
{
	cJSON	*d = cJSON_CreateObject();

	json_add_str(d, "username", a->username);
	json_add_str(d, "name", a->name);
	json_add_str(d, "role", is_customer(a) ? "customer" : a->role);
	return d;
}

/* Does the query (one :v parameter, optional :id to exclude) find a row?
 * *found says; a SQLite result code. */
static int
exists(sqlite3 *db, const char *sql, const char *v, long long id, int *found)
{
	sqlite3_stmt *st;
	int	 rc;

	*found = 0;
	if ((rc = db_prepare(db, sql, &st)) != SQLITE_OK)
		return rc;
	if (v != NULL)
		db_bind_text(st, ":v", v);
	if (sqlite3_bind_parameter_index(st, ":id") > 0)
		db_bind_int(st, ":id", id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		*found = 1;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

#define SQL_USERNAME	"SELECT 1 FROM users WHERE username = :v"
#define SQL_EMAIL	"SELECT 1 FROM customers WHERE email = :v AND user_id <> :id"
#define SQL_PHONE	"SELECT 1 FROM customers WHERE phone = :v AND user_id <> :id"

/* Reads only: a failure leaves the caller's transaction (skyfoxctl seed)
 * alone, hence fail_db(NULL, ...). */
int
account_check_taken(sqlite3 *db, const struct account_new *a, struct err *e,
    struct account_fail *f)
{
	enum account_err first = ACCOUNT_OK;
	int	 rc, x;
	char	 qid[24];

	if ((rc = exists(db, SQL_USERNAME, a->username, 0, &x)) != SQLITE_OK)
		return fail_db(NULL, f, rc);
	if (x) {
		err_field(e, "username", "is taken");
		first = ACCOUNT_USERNAME_EXISTS;
	}
	if (!is_customer(a))
		goto out;
	if ((rc = exists(db, SQL_EMAIL, a->email, 0, &x)) != SQLITE_OK)
		return fail_db(NULL, f, rc);
	if (x) {
		err_field(e, "email", "already has an account");
		if (first == ACCOUNT_OK)
			first = ACCOUNT_EMAIL_EXISTS;
	}
	if ((rc = exists(db, SQL_PHONE, a->phone, 0, &x)) != SQLITE_OK)
		return fail_db(NULL, f, rc);
	if (x) {
		err_field(e, "phone", "already has an account");
		if (first == ACCOUNT_OK)
			first = ACCOUNT_PHONE_EXISTS;
	}
	if (first != ACCOUNT_OK)
		goto out;
	snprintf(qid, sizeof(qid), "%lld", a->question_id);
	if ((rc = exists(db, "SELECT 1 FROM security_questions WHERE id = "
	    "CAST(:v AS INTEGER)", qid, 0, &x)) != SQLITE_OK)
		return fail_db(NULL, f, rc);
	if (!x)
		err_field(e, "security_question_id", "no such question");
out:
	return first == ACCOUNT_OK ? 0 : fail(f, first);
}

/* A failed insert: a UNIQUE failure from a write racing ours names the
 * field that was taken meanwhile; anything else is the database's. */
static int
fail_insert(sqlite3 *db, struct account_fail *f, int rc)
{
	const char *m = sqlite3_errmsg(db);

	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		return fail_db(db, f, rc);
	if (strstr(m, "users.username") != NULL)
		return fail_rollback(db, f, ACCOUNT_USERNAME_EXISTS);
	if (strstr(m, "customers.email") != NULL)
		return fail_rollback(db, f, ACCOUNT_EMAIL_EXISTS);
	if (strstr(m, "customers.phone") != NULL)
		return fail_rollback(db, f, ACCOUNT_PHONE_EXISTS);
	return fail_db(db, f, rc);
}

static int
add_history(sqlite3 *db, long long uid, const char *hash, time_t now)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO password_history (user_id, "
	    "password_hash, created_at) VALUES (:id, :h, :t)", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", uid);
	db_bind_text(st, ":h", hash);
	db_bind_int(st, ":t", (long long)now);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return rc;
	if ((rc = db_prepare(db, "DELETE FROM password_history WHERE user_id = "
	    ":id AND id NOT IN (SELECT id FROM password_history WHERE user_id = "
	    ":id ORDER BY id DESC LIMIT :keep)", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", uid);
	db_bind_int(st, ":keep", ACCOUNT_HISTORY);
	return db_step_done(st);
}

/* A verdict of password.h: 0 when PASSWORD_OK, else -1 with the
 * account_err it means. */
static int
verdict(struct account_fail *f, enum password_rc r)
{
	switch (r) {
	case PASSWORD_OK:
		return 0;
	case PASSWORD_MISMATCH:
		return fail(f, ACCOUNT_BAD_CREDENTIALS);
	case PASSWORD_BUSY:
		return fail(f, ACCOUNT_BUSY);
	default:
		return fail(f, ACCOUNT_INTERNAL);
	}
}

int
account_hash_new(const struct conf *c, const struct account_new *a,
    struct account_hashes *h, struct account_fail *f)
{
	char	 norm[256];

	memset(h, 0, sizeof(*h));
	if (verdict(f, password_hash(c, a->password, h->password)) == -1)
		return -1;
	if (is_customer(a)) {
		password_normalise_answer(a->answer, norm);
		if (verdict(f, password_hash(c, norm, h->answer)) == -1)
			return -1;
	}
	return 0;
}

int
account_signup_check(sqlite3 *db, const struct conf *c,
    const struct account_new *a, struct err *e, struct account_hashes *h,
    struct account_fail *f)
{
	/* Hash first, whatever the answer: a taken email must cost what a
	 * new one costs, or the time of the 409 tells it apart. */
	if (account_hash_new(c, a, h, f) == -1)
		return -1;
	return account_check_taken(db, a, e, f);
}

int
account_create(sqlite3 *db, const struct conf *c, const struct account_new *a,
    time_t now, long long *uidp, struct account_fail *f)
{
	struct account_hashes h;

	if (account_hash_new(c, a, &h, f) == -1)
		return -1;
	return account_create_hashed(db, a, &h, now, uidp, f);
}

int
account_create_hashed(sqlite3 *db, const struct account_new *a,
    const struct account_hashes *h, time_t now, long long *uidp,
    struct account_fail *f)
{
	const char *hash = h->password, *ahash = h->answer;
	sqlite3_stmt *st;
	long long uid;
	int	 rc, own = sqlite3_get_autocommit(db);
	int	 customer = is_customer(a);

	if (own && (rc = db_begin(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_prepare(db, "INSERT INTO users (username, name, role, "
	    "password_hash, created_at, updated_at) VALUES (:u, :n, :r, :h, "
	    ":t, :t)", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":u", a->username);
	db_bind_text(st, ":n", a->name);
	db_bind_text(st, ":r", customer ? "customer" : a->role);
	db_bind_text(st, ":h", hash);
	db_bind_int(st, ":t", (long long)now);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return own ? fail_insert(db, f, rc) : fail_db(db, f, rc);
	uid = sqlite3_last_insert_rowid(db);
	if ((rc = add_history(db, uid, hash, now)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (!customer) {
		if ((rc = db_prepare(db, "INSERT INTO staff (user_id, counter_no) "
		    "VALUES (:id, :c)", &st)) != SQLITE_OK)
			return fail_db(db, f, rc);
		db_bind_int(st, ":id", uid);
		db_bind_int(st, ":c", a->counter_no);
		if ((rc = db_step_done(st)) != SQLITE_OK)
			return fail_db(db, f, rc);
	} else {
		if ((rc = db_prepare(db, "INSERT INTO customers (user_id, email, "
		    "phone, security_question_id, security_answer_hash, avatar) "
		    "VALUES (:id, :e, :p, :q, :a, :av)", &st)) != SQLITE_OK)
			return fail_db(db, f, rc);
		db_bind_int(st, ":id", uid);
		db_bind_text(st, ":e", a->email);
		db_bind_text(st, ":p", a->phone);
		db_bind_int(st, ":q", a->question_id);
		db_bind_text(st, ":a", ahash);
		db_bind_text(st, ":av", a->avatar);
		if ((rc = db_step_done(st)) != SQLITE_OK)
			return own ? fail_insert(db, f, rc) : fail_db(db, f, rc);
		if ((rc = db_prepare(db, "INSERT INTO wallets (user_id, balance, "
		    "updated_at) VALUES (:id, 0, :t)", &st)) != SQLITE_OK)
			return fail_db(db, f, rc);
		db_bind_int(st, ":id", uid);
		db_bind_int(st, ":t", (long long)now);
		if ((rc = db_step_done(st)) != SQLITE_OK)
			return fail_db(db, f, rc);
	}
	if (own && (rc = db_commit(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (uidp != NULL)
		*uidp = uid;
	return 0;
}

/* --- sessions ------------------------------------------------------------ */

int
account_login(sqlite3 *db, const struct conf *c, const char *username,
    const char *password, struct user *u, struct account_fail *f)
{
	sqlite3_stmt *st;
	char	 hash[PASSWORD_HASH_LEN] = "";
	int	 rc, found = 0, disabled = 0;

	memset(u, 0, sizeof(*u));
	if ((rc = db_prepare(db, "SELECT id, username, name, role, "
	    "password_hash, token_version, disabled_at IS NOT NULL "
	    "FROM users WHERE username = :u", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":u", username);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		u->id = sqlite3_column_int64(st, 0);
		snprintf(u->username, sizeof(u->username), "%s", db_text(st, 1));
		snprintf(u->name, sizeof(u->name), "%s", db_text(st, 2));
		u->role = role_from_name(db_text(st, 3));
		snprintf(hash, sizeof(hash), "%s", db_text(st, 4));
		u->token_version = sqlite3_column_int64(st, 5);
		disabled = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(db, f, rc);
	if (!found)
		return verdict(f, password_check_dummy(c, password));
	if (verdict(f, password_check(c, hash, password)) == -1) {
		memset(u, 0, sizeof(*u));
		return -1;
	}
	if (disabled) {
		memset(u, 0, sizeof(*u));
		return fail(f, ACCOUNT_DISABLED);
	}
	return 0;
}

int
account_revoke_sessions(sqlite3 *db, long long uid, time_t now,
    long long *new_version)
{
	sqlite3_stmt *st;
	long long v = 0;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE users SET token_version = "
	    "token_version + 1, updated_at = :t WHERE id = :id "
	    "RETURNING token_version", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", uid);
	db_bind_int(st, ":t", (long long)now);
	if ((rc = db_step_returning(st, &v)) == SQLITE_OK && new_version != NULL)
		*new_version = v;
	return rc;
}

/* --- profile ------------------------------------------------------------- */

int
account_profile(sqlite3 *db, long long uid, struct account_profile *p,
    struct account_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(p, 0, sizeof(*p));
	if ((rc = db_prepare(db, "SELECT u.id, u.username, u.name, u.role, "
	    "u.created_at, c.email, c.phone, c.security_question_id, "
	    "q.question, c.avatar, s.counter_no FROM users u "
	    "LEFT JOIN customers c ON c.user_id = u.id "
	    "LEFT JOIN security_questions q ON q.id = c.security_question_id "
	    "LEFT JOIN staff s ON s.user_id = u.id WHERE u.id = :id", &st)) !=
	    SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_int(st, ":id", uid);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? fail(f, ACCOUNT_NOT_FOUND) :
		    fail_db(db, f, rc);
	}
	p->id = sqlite3_column_int64(st, 0);
	snprintf(p->username, sizeof(p->username), "%s", db_text(st, 1));
	snprintf(p->name, sizeof(p->name), "%s", db_text(st, 2));
	p->role = role_from_name(db_text(st, 3));
	p->created_at = sqlite3_column_int64(st, 4);
	snprintf(p->email, sizeof(p->email), "%s", db_text(st, 5));
	snprintf(p->phone, sizeof(p->phone), "%s", db_text(st, 6));
	p->question_id = sqlite3_column_int64(st, 7);
	snprintf(p->question, sizeof(p->question), "%s", db_text(st, 8));
	snprintf(p->avatar, sizeof(p->avatar), "%s", db_text(st, 9));
	p->counter_no = sqlite3_column_int64(st, 10);
	sqlite3_finalize(st);
	return 0;
}

cJSON *
account_profile_json(const struct account_profile *p, cJSON *avatar)
{
	cJSON	*d = cJSON_CreateObject(), *q;

	json_add_str(d, "username", p->username);
	json_add_str(d, "name", p->name);
	json_add_str(d, "role", role_name(p->role));
	json_add_time(d, "created_at", p->created_at);
	if (p->role != ROLE_CUSTOMER) {
		cJSON_Delete(avatar);
		json_add_int(d, "counter_no", p->counter_no);
		return d;
	}
	json_add_str(d, "email", p->email);
	json_add_str(d, "phone", p->phone);
	q = cJSON_AddObjectToObject(d, "security_question");
	json_add_int(q, "id", p->question_id);
	json_add_str(q, "question", p->question);
	if (avatar == NULL)
		cJSON_AddNullToObject(d, "avatar");
	else
		cJSON_AddItemToObject(d, "avatar", avatar);
	return d;
}

/* One text column of one row by user id into out; ACCOUNT_NOT_FOUND when
 * there is no row (or the value is NULL). */
static int
text_by_id(sqlite3 *db, const char *sql, long long uid, char *out, size_t n,
    struct account_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	*out = '\0';
	if ((rc = db_prepare(db, sql, &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_int(st, ":id", uid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(out, n, "%s", db_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(db, f, rc);
	return *out ? 0 : fail(f, ACCOUNT_NOT_FOUND);
}

int
account_verify_password(sqlite3 *db, const struct conf *c, long long uid,
    const char *password, struct account_fail *f)
{
	char	 hash[PASSWORD_HASH_LEN];

	if (text_by_id(db, "SELECT password_hash FROM users WHERE id = :id",
	    uid, hash, sizeof(hash), f) == -1)
		return f->err == ACCOUNT_NOT_FOUND ?
		    fail(f, ACCOUNT_BAD_CREDENTIALS) : -1;
	return verdict(f, password_check(c, hash, password));
}

int
account_verify_answer(sqlite3 *db, const struct conf *c, long long uid,
    const char *answer, struct account_fail *f)
{
	char	 hash[PASSWORD_HASH_LEN], norm[256];

	if (text_by_id(db, "SELECT security_answer_hash FROM customers WHERE "
	    "user_id = :id", uid, hash, sizeof(hash), f) == -1)
		return f->err == ACCOUNT_NOT_FOUND ?
		    fail(f, ACCOUNT_NO_ANSWER) : -1;
	password_normalise_answer(answer, norm);
	if (verdict(f, password_check(c, hash, norm)) == -1)
		return f->err == ACCOUNT_BAD_CREDENTIALS ?
		    fail(f, ACCOUNT_BAD_ANSWER) : -1;
	return 0;
}

int
account_update(sqlite3 *db, long long uid, const char *name,
    const char *email, const char *phone, time_t now, struct account_fail *f)
{
	sqlite3_stmt *st;
	int	 rc, x;

	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (email != NULL) {
		if ((rc = exists(db, SQL_EMAIL, email, uid, &x)) != SQLITE_OK)
			return fail_db(db, f, rc);
		if (x)
			return fail_rollback(db, f, ACCOUNT_EMAIL_EXISTS);
	}
	if (phone != NULL) {
		if ((rc = exists(db, SQL_PHONE, phone, uid, &x)) != SQLITE_OK)
			return fail_db(db, f, rc);
		if (x)
			return fail_rollback(db, f, ACCOUNT_PHONE_EXISTS);
	}
	if ((rc = db_prepare(db, "UPDATE users SET name = coalesce(:n, name), "
	    "updated_at = :t WHERE id = :id", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":n", name);
	db_bind_int(st, ":t", (long long)now);
	db_bind_int(st, ":id", uid);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (email != NULL || phone != NULL) {
		if ((rc = db_prepare(db, "UPDATE customers SET email = "
		    "coalesce(:e, email), phone = coalesce(:p, phone) WHERE "
		    "user_id = :id", &st)) != SQLITE_OK)
			return fail_db(db, f, rc);
		db_bind_text(st, ":e", email);
		db_bind_text(st, ":p", phone);
		db_bind_int(st, ":id", uid);
		if ((rc = db_step_done(st)) != SQLITE_OK)
			return fail_db(db, f, rc);
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	return 0;
}

int
account_password_reused(sqlite3 *db, const struct conf *c, long long uid,
    const char *password, struct account_fail *f)
{
	sqlite3_stmt *st;
	char	 old[ACCOUNT_HISTORY][PASSWORD_HASH_LEN];
	int	 rc, n = 0;

	if ((rc = db_prepare(db, "SELECT password_hash FROM password_history "
	    "WHERE user_id = :id ORDER BY id DESC LIMIT :keep", &st)) !=
	    SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_int(st, ":id", uid);
	db_bind_int(st, ":keep", ACCOUNT_HISTORY);
	while (n < ACCOUNT_HISTORY && (rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(old[n++], PASSWORD_HASH_LEN, "%s", db_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(db, f, rc);
	for (int i = 0; i < n; i++)
		switch (password_check(c, old[i], password)) {
		case PASSWORD_OK:
			return fail(f, ACCOUNT_PASSWORD_REUSE);
		case PASSWORD_BUSY:
			return fail(f, ACCOUNT_BUSY);
		default:
			break;
		}
	return 0;
}

int
account_store_password(sqlite3 *db, long long uid, const char *hash,
    time_t now, long long *new_version)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE users SET password_hash = :h, "
	    "updated_at = :t WHERE id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":h", hash);
	db_bind_int(st, ":t", (long long)now);
	db_bind_int(st, ":id", uid);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return rc;
	if ((rc = add_history(db, uid, hash, now)) != SQLITE_OK)
		return rc;
	return account_revoke_sessions(db, uid, now, new_version);
}

int
account_set_password(sqlite3 *db, const struct conf *c, long long uid,
    const char *password, time_t now, long long *new_version,
    struct account_fail *f)
{
	char	 hash[PASSWORD_HASH_LEN];
	int	 rc;

	/* Compare with the history and hash outside any transaction:
	 * Argon2id is slow on purpose and must not hold the write lock. */
	if (account_password_reused(db, c, uid, password, f) == -1)
		return -1;
	if (verdict(f, password_hash(c, password, hash)) == -1)
		return -1;
	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = account_store_password(db, uid, hash, now, new_version)) !=
	    SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_commit(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	return 0;
}

int
account_set_avatar(sqlite3 *db, long long uid, const char *name,
    char old[64], time_t now, struct account_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (text_by_id(db, "SELECT coalesce(avatar, '') || '.' FROM customers "
	    "WHERE user_id = :id", uid, old, 64, f) == -1) {
		if (f->err == ACCOUNT_NOT_FOUND)
			db_rollback(db);
		return -1;
	}
	old[strlen(old) - 1] = '\0';	/* the '.' told "" from no row */
	if ((rc = db_prepare(db, "UPDATE customers SET avatar = :a WHERE "
	    "user_id = :id", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":a", name);
	db_bind_int(st, ":id", uid);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_prepare(db, "UPDATE users SET updated_at = :t WHERE "
	    "id = :id", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_int(st, ":t", (long long)now);
	db_bind_int(st, ":id", uid);
	if ((rc = db_step_done(st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_commit(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	return 0;
}

int
account_list_staff(sqlite3 *db, cJSON *arr)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT u.username, u.name, u.role, "
	    "s.counter_no, u.created_at FROM users u JOIN staff s ON "
	    "s.user_id = u.id WHERE u.disabled_at IS NULL ORDER BY u.role, "
	    "s.counter_no, u.username LIMIT 1000", &st)) != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON	*o = cJSON_CreateObject();

		json_add_str(o, "username", db_text(st, 0));
		json_add_str(o, "name", db_text(st, 1));
		json_add_str(o, "role", db_text(st, 2));
		json_add_int(o, "counter_no", sqlite3_column_int64(st, 3));
		json_add_time(o, "created_at", sqlite3_column_int64(st, 4));
		cJSON_AddItemToArray(arr, o);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
account_list_questions(sqlite3 *db, cJSON *arr)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT id, question FROM security_questions "
	    "ORDER BY id", &st)) != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON	*o = cJSON_CreateObject();

		json_add_int(o, "id", sqlite3_column_int64(st, 0));
		json_add_str(o, "question", db_text(st, 1));
		cJSON_AddItemToArray(arr, o);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
