/* account: the rules of DESIGN §7 (the name and phone rule itself:
 * test_person.c), reading sign-ups and profile and password changes from
 * request bodies (the field errors in the order the client sees them), the
 * profile's JSON, creating accounts, logging in, token versions, password
 * history, security answers. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "accounts_db.h"
#include "password.h"
#include "unit.h"
#include "workslot.h"

START_TEST(test_username_rules)
{
	ck_assert_ptr_null(account_check_username("asha"));
	ck_assert_ptr_null(account_check_username("a_b.c-9"));
	ck_assert_ptr_null(account_check_username("_x1"));
	ck_assert_ptr_nonnull(account_check_username("ab"));
	ck_assert_ptr_nonnull(account_check_username("Asha"));
	ck_assert_ptr_nonnull(account_check_username("1asha"));
	ck_assert_ptr_nonnull(account_check_username("asha rao"));
	ck_assert_ptr_nonnull(account_check_username("ash@"));
	ck_assert_ptr_null(account_check_username("abcdefghijklmnopqrstuvwxyzabcd"));
	ck_assert_ptr_nonnull(account_check_username("abcdefghijklmnopqrstuvwxyzabcde"));
}
END_TEST

START_TEST(test_email_rules)
{
	char	 e[64];

	ck_assert_ptr_null(account_check_email("a@example.com"));
	ck_assert_ptr_null(account_check_email("first.last+tag@mail.example.co.in"));
	ck_assert_ptr_nonnull(account_check_email("a@b"));
	ck_assert_ptr_nonnull(account_check_email("@example.com"));
	ck_assert_ptr_nonnull(account_check_email("a@@example.com"));
	ck_assert_ptr_nonnull(account_check_email("a..b@example.com"));
	ck_assert_ptr_nonnull(account_check_email(".a@example.com"));
	ck_assert_ptr_nonnull(account_check_email("a @example.com"));
	ck_assert_ptr_nonnull(account_check_email("a@-example.com"));
	ck_assert_ptr_nonnull(account_check_email("a@example.c"));
	ck_assert_ptr_nonnull(account_check_email("a@example.123"));
	ck_assert_ptr_nonnull(account_check_email("a@exa_mple.com"));
	ck_assert_ptr_nonnull(account_check_email("a@.com"));
	account_normalise_email("  Asha@Example.COM ", e, sizeof(e));
	ck_assert_str_eq(e, "asha@example.com");
}
END_TEST

START_TEST(test_phone_and_password_rules)
{
	ck_assert_ptr_null(person_check_phone("9876543210"));
	ck_assert_ptr_nonnull(person_check_phone("987654321"));
	ck_assert_ptr_nonnull(person_check_phone("98765432100"));
	ck_assert_ptr_nonnull(person_check_phone("98765 4321"));
	ck_assert_ptr_nonnull(person_check_phone("+919876543"));
	ck_assert_ptr_null(account_check_password("Popcorn#42"));
	ck_assert_ptr_null(account_check_password("Popcorn42"));
	ck_assert_ptr_null(account_check_password("Popcorn!x"));
	ck_assert_ptr_nonnull(account_check_password("Pop#42"));
	ck_assert_ptr_nonnull(account_check_password("popcorn#42"));
	ck_assert_ptr_nonnull(account_check_password("POPCORN#42"));
	ck_assert_ptr_nonnull(account_check_password("Popcornxx"));
	ck_assert_ptr_nonnull(account_check_answer_text(" a "));
	ck_assert_ptr_null(account_check_answer_text("Chennai"));
}
END_TEST

static void
customer(struct account_new *a, const char *u, const char *email,
    const char *phone)
{
	memset(a, 0, sizeof(*a));
	a->username = u;
	a->name = "Test Person";
	a->password = "Popcorn#42";
	a->email = email;
	a->phone = phone;
	a->question_id = 2;
	a->answer = "Chennai";
}

START_TEST(test_validate_new_names_each_field)
{
	struct account_new a;
	struct err e;

	memset(&a, 0, sizeof(a));
	memset(&e, 0, sizeof(e));
	account_validate_new(&a, &e);
	ck_assert(err_has_field(&e, "name"));
	ck_assert(err_has_field(&e, "username"));
	ck_assert(err_has_field(&e, "password"));
	ck_assert(err_has_field(&e, "email"));
	ck_assert(err_has_field(&e, "phone"));
	ck_assert(err_has_field(&e, "security_question_id"));
	ck_assert(err_has_field(&e, "security_answer"));
	ck_assert(!err_has_field(&e, "counter_no"));
	memset(&e, 0, sizeof(e));
	customer(&a, "valid", "v@example.com", "9876543210");
	account_validate_new(&a, &e);
	ck_assert_int_eq(e.nfields, 0);
	/* Staff: counter number instead of contact details. */
	memset(&e, 0, sizeof(e));
	a.role = "staff";
	a.email = NULL;
	a.counter_no = 0;
	account_validate_new(&a, &e);
	ck_assert_int_eq(e.nfields, 1);
	ck_assert(err_has_field(&e, "counter_no"));
}
END_TEST

/* The name and phone rule walk-ins keep too (person.h): a fifth word or
 * a phone that is not 10 digits is refused, each naming its field. */
START_TEST(test_validate_new_keeps_the_person_rule)
{
	struct account_new a;
	struct err e;

	memset(&e, 0, sizeof(e));
	customer(&a, "valid", "v@example.com", "9876543210");
	a.name = "Lakshmi Devi Narayanan Iyer Subramanian";
	account_validate_new(&a, &e);
	ck_assert_int_eq(e.nfields, 1);
	ck_assert(err_has_field(&e, "name"));
	memset(&e, 0, sizeof(e));
	customer(&a, "valid", "v@example.com", "98765-4321");
	account_validate_new(&a, &e);
	ck_assert_int_eq(e.nfields, 1);
	ck_assert(err_has_field(&e, "phone"));
}
END_TEST

/* Field errors as "field: message|..." in the order they were named: the
 * order the client sees them in. */
static const char *
fields_of(const struct err *e)
{
	static char buf[1024];
	size_t	 n = 0;

	buf[0] = '\0';
	for (int i = 0; i < e->nfields && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s: %s",
		    i ? "|" : "", e->fields[i].field, e->fields[i].message);
	return buf;
}

START_TEST(test_parse_new_reads_contact_details_of_customers_only)
{
	struct account_new a;
	char	 name[ACCOUNT_FIELD_LEN], email[ACCOUNT_FIELD_LEN];
	struct err e;
	cJSON	*b;

	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{\"username\":\"asha\",\"name\":\"  Asha   Rao \","
	    "\"password\":\"Popcorn#42\",\"email\":\" Asha@Example.COM \","
	    "\"phone\":\"9876543210\",\"security_question_id\":2,"
	    "\"security_answer\":\"Chennai\"}");
	ck_assert_int_eq(account_parse_new(b, NULL, &a, name, email, &e), 0);
	ck_assert_str_eq(a.name, "Asha Rao");
	ck_assert_str_eq(a.email, "asha@example.com");
	ck_assert_str_eq(a.phone, "9876543210");
	ck_assert_int_eq(a.question_id, 2);
	cJSON_Delete(b);
	/* Staff: no contact details are read, whatever was sent. */
	b = cJSON_Parse("{\"username\":\"desk\",\"name\":\"Desk One\","
	    "\"email\":7,\"counter_no\":\"x\"}");
	ck_assert_int_eq(account_parse_new(b, "staff", &a, name, email, &e),
	    -1);
	ck_assert_ptr_null(a.email);
	ck_assert_str_eq(a.role, "staff");
	ck_assert_str_eq(fields_of(&e), "counter_no: must be a whole number");
	cJSON_Delete(b);
}
END_TEST

START_TEST(test_parse_change_checks_what_a_role_may_change)
{
	struct account_change ch;
	struct err e;
	cJSON	*b;

	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{\"name\":\" Asha   Rao\","
	    "\"email\":\"A@Example.com\"}");
	ck_assert_int_eq(account_parse_change(b, ROLE_CUSTOMER, &ch, &e), 0);
	ck_assert_str_eq(ch.name, "Asha Rao");
	ck_assert_str_eq(ch.email, "a@example.com");
	ck_assert_ptr_null(ch.phone);
	ck_assert_int_eq(e.nfields, 0);
	cJSON_Delete(b);
	b = cJSON_Parse("{\"email\":\"a@example.com\",\"phone\":\"123\"}");
	ck_assert_int_eq(account_parse_change(b, ROLE_STAFF, &ch, &e), -1);
	ck_assert_str_eq(fields_of(&e), "phone: must be 10 digits|"
	    "email: staff accounts have no email|"
	    "phone: staff accounts have no phone");
	cJSON_Delete(b);
	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{}");
	ck_assert_int_eq(account_parse_change(b, ROLE_CUSTOMER, &ch, &e), -1);
	ck_assert_str_eq(fields_of(&e),
	    "name: send name, email or phone to change");
	cJSON_Delete(b);
	/* A name of the wrong type is the one complaint. */
	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{\"name\":5}");
	ck_assert_int_eq(account_parse_change(b, ROLE_CUSTOMER, &ch, &e), -1);
	ck_assert_str_eq(fields_of(&e), "name: must be a string");
	cJSON_Delete(b);
}
END_TEST

START_TEST(test_parse_password_change_and_proof)
{
	const char *cur, *pw;
	char	 big[ACCOUNT_PROOF_MAX + 20];
	struct err e;
	cJSON	*b;

	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{}");
	ck_assert_int_eq(account_parse_password_change(b, &cur, &pw, &e), -1);
	ck_assert_str_eq(fields_of(&e), "current_password: enter your "
	    "password|new_password: choose a new password");
	memset(&e, 0, sizeof(e));
	ck_assert_ptr_null(account_parse_proof(b, ROLE_CUSTOMER, &e));
	ck_assert_str_eq(fields_of(&e), "security_answer: answer your "
	    "security question to make this change");
	memset(&e, 0, sizeof(e));
	ck_assert_ptr_null(account_parse_proof(b, ROLE_ADMIN, &e));
	ck_assert_str_eq(fields_of(&e),
	    "password: enter your password to make this change");
	cJSON_Delete(b);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "current_password", big);
	cJSON_AddStringToObject(b, "new_password", "popcorn");
	cJSON_AddStringToObject(b, "password", "Popcorn#42");
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(account_parse_password_change(b, &cur, &pw, &e), -1);
	ck_assert_str_eq(fields_of(&e), "current_password: is too long|"
	    "new_password: must be at least 8 characters");
	memset(&e, 0, sizeof(e));
	ck_assert_str_eq(account_parse_proof(b, ROLE_STAFF, &e), "Popcorn#42");
	ck_assert_int_eq(e.nfields, 0);
	cJSON_Delete(b);
}
END_TEST

START_TEST(test_profile_json_keys_in_order)
{
	struct account_profile p;
	cJSON	*d, *av;
	char	*s;

	memset(&p, 0, sizeof(p));
	snprintf(p.username, sizeof(p.username), "asha");
	snprintf(p.name, sizeof(p.name), "Asha Rao");
	p.role = ROLE_CUSTOMER;
	snprintf(p.email, sizeof(p.email), "asha@example.com");
	snprintf(p.phone, sizeof(p.phone), "9876543210");
	p.question_id = 2;
	snprintf(p.question, sizeof(p.question), "Where were you born?");
	d = account_profile_json(&p, NULL);
	s = cJSON_PrintUnformatted(d);
	ck_assert_str_eq(s, "{\"username\":\"asha\",\"name\":\"Asha Rao\","
	    "\"role\":\"customer\",\"created_at\":null,\"email\":"
	    "\"asha@example.com\",\"phone\":\"9876543210\","
	    "\"security_question\":{\"id\":2,\"question\":"
	    "\"Where were you born?\"},\"avatar\":null}");
	cJSON_free(s);
	cJSON_Delete(d);
	av = cJSON_CreateObject();
	cJSON_AddStringToObject(av, "url", "/x");
	d = account_profile_json(&p, av);
	ck_assert_ptr_eq(cJSON_GetObjectItem(d, "avatar"), av);
	cJSON_Delete(d);
	/* Staff show their counter; a link passed anyway is freed. */
	p.role = ROLE_STAFF;
	p.counter_no = 3;
	d = account_profile_json(&p, cJSON_CreateObject());
	s = cJSON_PrintUnformatted(d);
	ck_assert_str_eq(s, "{\"username\":\"asha\",\"name\":\"Asha Rao\","
	    "\"role\":\"staff\",\"created_at\":null,\"counter_no\":3}");
	cJSON_free(s);
	cJSON_Delete(d);
}
END_TEST

START_TEST(test_create_login_and_conflicts)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct account_new a;
	struct account_fail f;
	struct err e;
	struct user u;
	long long uid;

	test_conf(&c);
	customer(&a, "meera", "meera@example.com", "9876500001");
	ck_assert_int_eq(account_create(db, &c, &a, 1000, &uid, &f), 0);
	ck_assert_int_eq(account_login(db, &c, "meera", "Popcorn#42", &u, &f),
	    0);
	ck_assert_int_eq(u.id, uid);
	ck_assert_int_eq(u.role, ROLE_CUSTOMER);
	ck_assert_int_eq(u.token_version, 1);
	ck_assert_int_eq(account_login(db, &c, "meera", "popcorn#42", &u, &f),
	    -1);
	ck_assert_int_eq(f.err, ACCOUNT_BAD_CREDENTIALS);
	ck_assert_int_eq(u.id, 0);
	ck_assert_int_eq(account_login(db, &c, "nobody", "Popcorn#42", &u, &f),
	    -1);
	ck_assert_int_eq(f.err, ACCOUNT_BAD_CREDENTIALS);
	/* Conflicts, each named. */
	memset(&e, 0, sizeof(e));
	customer(&a, "meera", "MEERA@example.com", "9876500001");
	ck_assert_int_eq(account_check_taken(db, &a, &e, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_USERNAME_EXISTS);
	ck_assert(err_has_field(&e, "username"));
	ck_assert(err_has_field(&e, "email"));
	ck_assert(err_has_field(&e, "phone"));
	memset(&e, 0, sizeof(e));
	customer(&a, "other", "meera@example.com", "9876500002");
	ck_assert_int_eq(account_check_taken(db, &a, &e, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_EMAIL_EXISTS);
	memset(&e, 0, sizeof(e));
	customer(&a, "other", "o@example.com", "9876500001");
	ck_assert_int_eq(account_check_taken(db, &a, &e, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_PHONE_EXISTS);
	/* The constraint backs the check up when two sign-ups race. */
	customer(&a, "meera", "x@example.com", "9876500009");
	ck_assert_int_eq(account_create(db, &c, &a, 1000, NULL, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_USERNAME_EXISTS);
	memset(&e, 0, sizeof(e));
	customer(&a, "other", "o@example.com", "9876500003");
	a.question_id = 99;
	ck_assert_int_eq(account_check_taken(db, &a, &e, &f), 0);
	ck_assert(err_has_field(&e, "security_question_id"));
	sqlite3_close(db);
}
END_TEST

START_TEST(test_customer_gets_wallet_staff_gets_counter)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct account_new a;
	struct account_profile p;
	struct account_fail f;
	long long uid;

	test_conf(&c);
	customer(&a, "wally", "w@example.com", "9876500011");
	ck_assert_int_eq(account_create(db, &c, &a, 1000, &uid, &f), 0);
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM wallets WHERE "
	    "balance = 0"), 1);
	memset(&a, 0, sizeof(a));
	a.role = "staff";
	a.username = "sunil";
	a.name = "Sunil Staff";
	a.password = "Counter#12";
	a.counter_no = 12;
	ck_assert_int_eq(account_create(db, &c, &a, 1000, &uid, &f), 0);
	ck_assert_int_eq(account_profile(db, uid, &p, &f), 0);
	ck_assert_int_eq(p.role, ROLE_STAFF);
	ck_assert_int_eq(p.counter_no, 12);
	ck_assert_str_eq(p.email, "");
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM wallets"), 1);
	ck_assert_int_eq(account_verify_answer(db, &c, uid, "x", &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_NO_ANSWER);
	sqlite3_close(db);
}
END_TEST

/* Logout and password changes bump token_version. */
START_TEST(test_token_version_bumps)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct account_new a;
	struct account_fail f;
	struct user u;
	long long uid, v = 0;

	test_conf(&c);
	customer(&a, "tok", "t@example.com", "9876500021");
	ck_assert_int_eq(account_create(db, &c, &a, 1000, &uid, &f), 0);
	ck_assert_int_eq(account_revoke_sessions(db, uid, 1001, &v), SQLITE_OK);
	ck_assert_int_eq(v, 2);
	ck_assert_int_eq(account_set_password(db, &c, uid, "Second#2026", 1002,
	    &v, &f), 0);
	ck_assert_int_eq(v, 3);
	ck_assert_int_eq(account_login(db, &c, "tok", "Second#2026", &u, &f),
	    0);
	ck_assert_int_eq(u.token_version, 3);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_password_history_of_three)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct account_new a;
	struct account_fail f;
	long long uid;

	test_conf(&c);
	customer(&a, "hist", "h@example.com", "9876500031");
	ck_assert_int_eq(account_create(db, &c, &a, 1000, &uid, &f), 0);
	ck_assert_int_eq(account_set_password(db, &c, uid, "Popcorn#42", 1,
	    NULL, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_PASSWORD_REUSE);
	ck_assert_int_eq(account_set_password(db, &c, uid, "Second#1", 1, NULL,
	    &f), 0);
	ck_assert_int_eq(account_set_password(db, &c, uid, "Third#1", 1, NULL,
	    &f), 0);
	ck_assert_int_eq(account_set_password(db, &c, uid, "Popcorn#42", 1,
	    NULL, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_PASSWORD_REUSE);
	ck_assert_int_eq(account_set_password(db, &c, uid, "Fourth#1", 1, NULL,
	    &f), 0);
	/* Popcorn#42 is now 4 back: allowed again; history stays at 3. */
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM password_history"), 3);
	ck_assert_int_eq(account_set_password(db, &c, uid, "Popcorn#42", 1,
	    NULL, &f), 0);
	ck_assert_int_eq(account_verify_password(db, &c, uid, "Popcorn#42",
	    &f), 0);
	ck_assert_int_eq(account_verify_password(db, &c, uid, "Fourth#1", &f),
	    -1);
	ck_assert_int_eq(f.err, ACCOUNT_BAD_CREDENTIALS);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_security_answer_normalised)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct account_new a;
	struct account_fail f;
	long long uid;

	test_conf(&c);
	customer(&a, "ans", "a@example.com", "9876500041");
	a.answer = "  New   Delhi ";
	ck_assert_int_eq(account_create(db, &c, &a, 1000, &uid, &f), 0);
	ck_assert_int_eq(account_verify_answer(db, &c, uid, "new delhi", &f),
	    0);
	ck_assert_int_eq(account_verify_answer(db, &c, uid, "NEW DELHI", &f),
	    0);
	ck_assert_int_eq(account_verify_answer(db, &c, uid, "newdelhi", &f),
	    -1);
	ck_assert_int_eq(f.err, ACCOUNT_BAD_ANSWER);
	sqlite3_close(db);
}
END_TEST

/* The same cost parameters a real hash has (so an unknown user costs
 * what a wrong password costs), at both settings. */
START_TEST(test_dummy_hash_matches_the_configured_cost)
{
	struct conf c;
	char	 why[128], h[PASSWORD_HASH_LEN];

	ck_assert_int_eq(conf_parse(&c, "data_dir = /tmp\n", why, sizeof(why)),
	    0);
	ck_assert_int_eq(password_hash(&c, "x", h), 0);
	ck_assert_ptr_nonnull(strstr(h, "m=65536,t=2,p=1"));
	ck_assert_int_eq(password_check_dummy(&c, "x"), PASSWORD_MISMATCH);
	ck_assert_int_eq(password_check(&c, h, "x"), PASSWORD_OK);
	ck_assert_int_eq(password_check(&c, h, "y"), PASSWORD_MISMATCH);
}
END_TEST

/* Sign-up's check hashes before it looks for a taken email: the 409 costs
 * the Argon2id work of a new account.  Pinned so that it can fail: with
 * every hashing slot held, a duplicate email is not told EMAIL_EXISTS at
 * once but waits for a slot and hears ACCOUNT_BUSY. */
START_TEST(test_signup_check_hashes_before_answering_taken)
{
	sqlite3	*db = test_db();
	char	*dir = unit_tmpdir(), text[700], why[128];
	struct workslot held[WORKSLOT_PWHASH_SLOTS];
	struct account_hashes h;
	struct account_new a;
	struct account_fail f;
	struct conf c;
	struct err e;

	snprintf(text, sizeof(text), "data_dir = %s\ndb_path = %s/db\n"
	    "pwhash_cost = test\n", dir, dir);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	customer(&a, "first", "taken@example.com", "9876500071");
	ck_assert_int_eq(account_create(db, &c, &a, 1000, NULL, &f), 0);
	customer(&a, "second", "taken@example.com", "9876500072");
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(account_signup_check(db, &c, &a, &e, &h, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_EMAIL_EXISTS);
	/* It did the work: both hashes are real. */
	ck_assert_int_eq(password_check(&c, h.password, a.password),
	    PASSWORD_OK);
	ck_assert_int_eq(password_check(&c, h.answer, "chennai"), PASSWORD_OK);
	for (int i = 0; i < WORKSLOT_PWHASH_SLOTS; i++)
		ck_assert_int_eq(workslot_acquire(workslot_base(&c), "pwhash",
		    WORKSLOT_PWHASH_SLOTS, 0, &held[i]), WORKSLOT_HELD);
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(account_signup_check(db, &c, &a, &e, &h, &f), -1);
	ck_assert_int_eq(f.err, ACCOUNT_BUSY);
	for (int i = 0; i < WORKSLOT_PWHASH_SLOTS; i++)
		workslot_release(&held[i]);
	sqlite3_close(db);
	unit_rmdir(dir);
}
END_TEST

Suite *
account_suite(void)
{
	Suite	*s = suite_create("account");
	TCase	*t = tcase_create("account");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_username_rules);
	tcase_add_test(t, test_signup_check_hashes_before_answering_taken);
	tcase_add_test(t, test_email_rules);
	tcase_add_test(t, test_phone_and_password_rules);
	tcase_add_test(t, test_validate_new_names_each_field);
	tcase_add_test(t, test_validate_new_keeps_the_person_rule);
	tcase_add_test(t, test_parse_new_reads_contact_details_of_customers_only);
	tcase_add_test(t, test_parse_change_checks_what_a_role_may_change);
	tcase_add_test(t, test_parse_password_change_and_proof);
	tcase_add_test(t, test_profile_json_keys_in_order);
	tcase_add_test(t, test_create_login_and_conflicts);
	tcase_add_test(t, test_customer_gets_wallet_staff_gets_counter);
	tcase_add_test(t, test_token_version_bumps);
	tcase_add_test(t, test_password_history_of_three);
	tcase_add_test(t, test_security_answer_normalised);
	tcase_add_test(t, test_dummy_hash_matches_the_configured_cost);
	suite_add_tcase(s, t);
	return s;
}
