/* staff — the admin's management of staff accounts; see staff.h. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "json.h"
#include "staff.h"
#include "user.h"

static int
fail(struct staff_fail *f, enum staff_err e)
{
	f->err = e;
	f->rc = SQLITE_OK;
	return -1;
}

/* A SQLite failure: whatever transaction is open is rolled back. */
static int
fail_db(sqlite3 *db, struct staff_fail *f, int rc)
{
	if (!sqlite3_get_autocommit(db))
		db_rollback(db);
	f->err = STAFF_ERR_DB;
	f->rc = rc;
	return -1;
}

#define MEMBER_COLUMNS	"u.id, u.username, u.name, u.role, s.counter_no, " \
	"u.created_at, u.disabled_at FROM users u JOIN staff s ON " \
	"s.user_id = u.id"

static void
member_from_row(sqlite3_stmt *st, struct staff_member *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	snprintf(m->username, sizeof(m->username), "%s", db_text(st, 1));
	snprintf(m->name, sizeof(m->name), "%s", db_text(st, 2));
	m->role = role_from_name(db_text(st, 3));
	m->counter_no = sqlite3_column_int64(st, 4);
	m->created_at = sqlite3_column_int64(st, 5);
	m->disabled_at = sqlite3_column_int64(st, 6);	/* NULL reads 0 */
}

cJSON *
staff_json(const struct staff_member *m)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_str(o, "username", m->username);
	json_add_str(o, "name", m->name);
	json_add_str(o, "role", role_name(m->role));
	json_add_int(o, "counter_no", m->counter_no);
	cJSON_AddBoolToObject(o, "active", m->disabled_at == 0);
	json_add_time(o, "disabled_at", m->disabled_at);
	json_add_time(o, "created_at", m->created_at);
	return o;
}

int
staff_list(sqlite3 *db, cJSON *arr)
{
	sqlite3_stmt *st;
	struct staff_member m;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT " MEMBER_COLUMNS " ORDER BY "
	    "u.role, s.counter_no, u.username LIMIT :max", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":max", STAFF_LIST_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		member_from_row(st, &m);
		cJSON_AddItemToArray(arr, staff_json(&m));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
staff_find(sqlite3 *db, const char *username, struct staff_member *m,
    struct staff_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT " MEMBER_COLUMNS " WHERE "
	    "u.username = :u AND u.role IN ('staff', 'admin')", &st)) !=
	    SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":u", username);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		member_from_row(st, m);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return fail(f, STAFF_ERR_NOT_FOUND);
	return rc == SQLITE_ROW ? 0 : fail_db(db, f, rc);
}

/* The account username, if it is one the admin caller_uid may manage. */
static int
find_managed(sqlite3 *db, const char *username, long long caller_uid,
    struct staff_member *m, struct staff_fail *f)
{
	if (staff_find(db, username, m, f) == -1)
		return -1;
	if (m->id == caller_uid)
		return fail(f, STAFF_ERR_SELF);
	if (m->role != ROLE_STAFF)
		return fail(f, STAFF_ERR_ADMIN);
	return 0;
}

int
staff_parse_active(const cJSON *body, int *active, struct err *e)
{
	switch (json_get_bool(body, "active", active)) {
	case 1:
		return 0;
	case 0:
		err_field(e, "active", "is required: true or false");
		return -1;
	default:
		err_field(e, "active", "must be true or false");
		return -1;
	}
}

int
staff_parse_password(const cJSON *body, const char **password,
    struct err *e)
{
	const char *why;

	*password = NULL;
	if (json_get_str(body, "password", password) == -1) {
		err_field(e, "password", "must be a string");
		return -1;
	}
	if (*password == NULL || **password == '\0') {
		err_field(e, "password", "choose a new password");
		return -1;
	}
	if ((why = account_check_password(*password)) != NULL) {
		err_field(e, "password", "%s", why);
		return -1;
	}
	return 0;
}

/* Deactivating sets disabled_at and bumps token_version (every session
 * ends); reactivating clears disabled_at.  Only a row not yet so is
 * changed: *changed says whether one was. */
static int
write_active(sqlite3 *db, long long uid, int active, time_t now,
    int *changed)
{
	sqlite3_stmt *st;
	int	 rc;

	rc = db_prepare(db, active ?
	    "UPDATE users SET disabled_at = NULL, updated_at = :t "
	    "WHERE id = :id AND disabled_at IS NOT NULL" :
	    "UPDATE users SET disabled_at = :t, updated_at = :t, "
	    "token_version = token_version + 1 "
	    "WHERE id = :id AND disabled_at IS NULL", &st);
	if (rc != SQLITE_OK)
		return rc;
	db_bind_int(st, ":t", (long long)now);
	db_bind_int(st, ":id", uid);
	if ((rc = db_step_done(st)) == SQLITE_OK)
		*changed = sqlite3_changes(db) > 0;
	return rc;
}

int
staff_set_active(sqlite3 *db, const char *username, int active,
    long long caller_uid, time_t now, struct staff_member *m, int *changed,
    struct staff_fail *f)
{
	int	 rc;

	*changed = 0;
	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (find_managed(db, username, caller_uid, m, f) == -1) {
		db_rollback(db);
		return -1;
	}
	if ((rc = write_active(db, m->id, active, now, changed)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_commit(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	if (*changed)
		m->disabled_at = active ? 0 : (long long)now;
	return 0;
}

int
staff_set_password(sqlite3 *db, const struct conf *c, const char *username,
    const char *password, long long caller_uid, time_t now,
    struct staff_fail *f)
{
	struct staff_member m;
	struct account_fail af;

	if (find_managed(db, username, caller_uid, &m, f) == -1)
		return -1;
	if (account_set_password(db, c, m.id, password, now, NULL, &af) == 0)
		return 0;
	switch (af.err) {
	case ACCOUNT_DB:
		f->err = STAFF_ERR_DB;
		f->rc = af.rc;
		return -1;
	case ACCOUNT_PASSWORD_REUSE:
		return fail(f, STAFF_ERR_PASSWORD_REUSE);
	case ACCOUNT_BUSY:
		return fail(f, STAFF_ERR_BUSY);
	default:
		return fail(f, STAFF_ERR_INTERNAL);
	}
}
