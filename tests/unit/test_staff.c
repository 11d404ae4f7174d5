/* staff: the admin's management of staff accounts (lib/staff.h) — the
 * list and its JSON, deactivating (disabled_at and the token version in
 * one step, idempotent), what a deactivated account's login says,
 * reactivating, setting a password under the user's own rules, and the
 * accounts that are refused (admins, the caller, customers, nobody) with
 * nothing changed and no transaction left open. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "accounts_db.h"
#include "json.h"
#include "staff.h"
#include "unit.h"

/* An account of role made through account_create: its id. */
static long long
make(sqlite3 *db, const struct conf *c, const char *role, const char *u,
    const char *password, int counter)
{
	struct account_new a;
	struct account_fail f;
	long long uid = 0;

	memset(&a, 0, sizeof(a));
	a.role = role;
	a.username = u;
	a.name = "Test Person";
	a.password = password;
	if (strcmp(role, "customer") == 0) {
		a.email = "c@example.com";
		a.phone = "9876500099";
		a.question_id = 2;
		a.answer = "Chennai";
	} else
		a.counter_no = counter;
	ck_assert_int_eq(account_create(db, c, &a, 1000, &uid, &f), 0);
	return uid;
}

static long long
version_of(sqlite3 *db, long long uid)
{
	char	 sql[96];

	snprintf(sql, sizeof(sql), "SELECT token_version FROM users WHERE "
	    "id = %lld", uid);
	return unit_scalar(db, sql);
}

START_TEST(test_list_shows_staff_and_admins_with_their_state)
{
	sqlite3	*db = test_db();
	struct conf c;
	cJSON	*arr = cJSON_CreateArray();
	char	*s;

	test_conf(&c);
	(void)make(db, &c, "staff", "sunil", "Counter#12", 12);
	(void)make(db, &c, "admin", "boss", "Manager#77", 1);
	(void)make(db, &c, "customer", "cust", "Popcorn#42", 0);
	ck_assert_int_eq(db_exec(db, "UPDATE users SET disabled_at = 2000 "
	    "WHERE username = 'sunil'"), SQLITE_OK);
	ck_assert_int_eq(staff_list(db, arr), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 2);	/* no customer */
	s = cJSON_PrintUnformatted(arr);
	/* Admins first (times in the unit runner's zone, UTC). */
	ck_assert_str_eq(s, "[{\"username\":\"boss\",\"name\":\"Test Person\","
	    "\"role\":\"admin\",\"counter_no\":1,\"active\":true,"
	    "\"disabled_at\":null,\"created_at\":\"1970-01-01T00:16:40+00:00\"},"
	    "{\"username\":\"sunil\",\"name\":\"Test Person\",\"role\":\"staff\","
	    "\"counter_no\":12,\"active\":false,"
	    "\"disabled_at\":\"1970-01-01T00:33:20+00:00\","
	    "\"created_at\":\"1970-01-01T00:16:40+00:00\"}]");
	cJSON_free(s);
	cJSON_Delete(arr);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_deactivate_ends_sessions_and_refuses_login)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct staff_member m;
	struct staff_fail f;
	struct account_fail af;
	struct user u;
	long long boss, uid, v;
	int	 changed;

	test_conf(&c);
	boss = make(db, &c, "admin", "boss", "Manager#77", 1);
	uid = make(db, &c, "staff", "sunil", "Counter#12", 12);
	v = version_of(db, uid);
	ck_assert_int_eq(staff_set_active(db, "sunil", 0, boss, 5000, &m,
	    &changed, &f), 0);
	ck_assert_int_eq(changed, 1);
	ck_assert_int_eq(m.disabled_at, 5000);
	ck_assert_int_eq(version_of(db, uid), v + 1);
	ck_assert_int_eq(unit_scalar(db, "SELECT disabled_at FROM users "
	    "WHERE username = 'sunil'"), 5000);
	/* Again: nothing changes, no second bump, the first time stays. */
	ck_assert_int_eq(staff_set_active(db, "sunil", 0, boss, 6000, &m,
	    &changed, &f), 0);
	ck_assert_int_eq(changed, 0);
	ck_assert_int_eq(m.disabled_at, 5000);
	ck_assert_int_eq(version_of(db, uid), v + 1);
	/* The right password says why; a wrong one says no more than ever. */
	ck_assert_int_eq(account_login(db, &c, "sunil", "Counter#12", &u, &af),
	    -1);
	ck_assert_int_eq(af.err, ACCOUNT_DISABLED);
	ck_assert_int_eq(u.id, 0);
	ck_assert_int_eq(account_login(db, &c, "sunil", "Counter#13", &u, &af),
	    -1);
	ck_assert_int_eq(af.err, ACCOUNT_BAD_CREDENTIALS);
	/* Reactivated: login works, at the bumped version (old tokens dead). */
	ck_assert_int_eq(staff_set_active(db, "sunil", 1, boss, 7000, &m,
	    &changed, &f), 0);
	ck_assert_int_eq(changed, 1);
	ck_assert_int_eq(m.disabled_at, 0);
	ck_assert_int_eq(account_login(db, &c, "sunil", "Counter#12", &u, &af),
	    0);
	ck_assert_int_eq(u.token_version, v + 1);
	ck_assert_int_eq(staff_set_active(db, "sunil", 1, boss, 7100, &m,
	    &changed, &f), 0);
	ck_assert_int_eq(changed, 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_refusals_change_nothing_and_close_the_transaction)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct staff_member m;
	struct staff_fail f;
	long long boss;
	int	 changed;
	static const struct { const char *who; enum staff_err err; } cases[] = {
		{ "boss", STAFF_ERR_SELF },
		{ "other", STAFF_ERR_ADMIN },
		{ "cust", STAFF_ERR_NOT_FOUND },
		{ "nobody", STAFF_ERR_NOT_FOUND },
	};

	test_conf(&c);
	boss = make(db, &c, "admin", "boss", "Manager#77", 1);
	(void)make(db, &c, "admin", "other", "Manager#78", 2);
	(void)make(db, &c, "customer", "cust", "Popcorn#42", 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(staff_set_active(db, cases[i].who, 0, boss,
		    5000, &m, &changed, &f), -1);
		ck_assert_int_eq(f.err, cases[i].err);
		ck_assert_int_eq(changed, 0);
		ck_assert(sqlite3_get_autocommit(db));
		ck_assert_int_eq(staff_set_password(db, &c, cases[i].who,
		    "Fresh#2026x", boss, 5000, &f), -1);
		ck_assert_int_eq(f.err, cases[i].err);
	}
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM users WHERE "
	    "disabled_at IS NOT NULL OR token_version <> 1"), 0);
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM "
	    "password_history"), 3);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_set_password_follows_the_users_own_rules)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct staff_fail f;
	struct account_fail af;
	struct user u;
	long long boss, uid, v;

	test_conf(&c);
	boss = make(db, &c, "admin", "boss", "Manager#77", 1);
	uid = make(db, &c, "staff", "sunil", "Counter#12", 12);
	v = version_of(db, uid);
	/* Its current password is one of the last three. */
	ck_assert_int_eq(staff_set_password(db, &c, "sunil", "Counter#12",
	    boss, 5000, &f), -1);
	ck_assert_int_eq(f.err, STAFF_ERR_PASSWORD_REUSE);
	ck_assert_int_eq(version_of(db, uid), v);
	ck_assert_int_eq(staff_set_password(db, &c, "sunil", "Fresh#2026x",
	    boss, 5000, &f), 0);
	ck_assert_int_eq(version_of(db, uid), v + 1);
	ck_assert_int_eq(account_login(db, &c, "sunil", "Counter#12", &u, &af),
	    -1);
	ck_assert_int_eq(af.err, ACCOUNT_BAD_CREDENTIALS);
	ck_assert_int_eq(account_login(db, &c, "sunil", "Fresh#2026x", &u, &af),
	    0);
	/* A deactivated account's password can be set; it stays disabled. */
	ck_assert_int_eq(db_exec(db, "UPDATE users SET disabled_at = 1 WHERE "
	    "username = 'sunil'"), SQLITE_OK);
	ck_assert_int_eq(staff_set_password(db, &c, "sunil", "Another#2026",
	    boss, 6000, &f), 0);
	ck_assert_int_eq(account_login(db, &c, "sunil", "Another#2026", &u,
	    &af), -1);
	ck_assert_int_eq(af.err, ACCOUNT_DISABLED);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_parse_active_and_password)
{
	struct err e;
	const char *pw;
	int	 active = -1;
	cJSON	*b;

	b = cJSON_Parse("{\"active\":false}");
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(staff_parse_active(b, &active, &e), 0);
	ck_assert_int_eq(active, 0);
	cJSON_Delete(b);
	b = cJSON_Parse("{\"active\":true}");
	ck_assert_int_eq(staff_parse_active(b, &active, &e), 0);
	ck_assert_int_eq(active, 1);
	ck_assert_int_eq(e.nfields, 0);
	cJSON_Delete(b);
	/* Not a boolean, and missing: each named. */
	static const char *bad[] = { "{\"active\":\"false\"}", "{\"active\":0}",
	    "{\"active\":null}", "{}", "{\"active\":[]}" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = cJSON_Parse(bad[i]);
		memset(&e, 0, sizeof(e));
		ck_assert_msg(staff_parse_active(b, &active, &e) == -1, "%s",
		    bad[i]);
		ck_assert(err_has_field(&e, "active"));
		cJSON_Delete(b);
	}
	static const char *badpw[] = { "{}", "{\"password\":\"\"}",
	    "{\"password\":\"weak\"}", "{\"password\":\"alllowercase1\"}",
	    "{\"password\":12345678}" };
	for (size_t i = 0; i < sizeof(badpw) / sizeof(badpw[0]); i++) {
		b = cJSON_Parse(badpw[i]);
		memset(&e, 0, sizeof(e));
		ck_assert_msg(staff_parse_password(b, &pw, &e) == -1, "%s",
		    badpw[i]);
		ck_assert(err_has_field(&e, "password"));
		cJSON_Delete(b);
	}
	b = cJSON_Parse("{\"password\":\"Fresh#2026x\"}");
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(staff_parse_password(b, &pw, &e), 0);
	ck_assert_str_eq(pw, "Fresh#2026x");
	cJSON_Delete(b);
}
END_TEST

Suite *
staff_suite(void)
{
	Suite	*s = suite_create("staff");
	TCase	*t = tcase_create("staff");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_list_shows_staff_and_admins_with_their_state);
	tcase_add_test(t, test_deactivate_ends_sessions_and_refuses_login);
	tcase_add_test(t, test_refusals_change_nothing_and_close_the_transaction);
	tcase_add_test(t, test_set_password_follows_the_users_own_rules);
	tcase_add_test(t, test_parse_active_and_password);
	suite_add_tcase(s, t);
	return s;
}
