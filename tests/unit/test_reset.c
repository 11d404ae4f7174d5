/* reset: the security-question flow of lib/reset.c on a real (in-memory)
 * database — each refusal as its reset_err, the token single-use, and a
 * reused password that does not spend the token. */
#include <check.h>
#include <string.h>

#include "account.h"
#include "accounts_db.h"
#include "reset.h"

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";

static long long
asha(sqlite3 *db, const struct conf *c)
{
	struct account_new a;
	struct account_fail f;
	long long uid;

	memset(&a, 0, sizeof(a));
	a.username = "asha";
	a.name = "Asha Rao";
	a.password = "Popcorn#42";
	a.email = "asha@example.com";
	a.phone = "9876500051";
	a.question_id = 2;
	a.answer = "Chennai";
	ck_assert_int_eq(account_create(db, c, &a, 1000, &uid, &f), 0);
	return uid;
}

/* An unknown email gets a question too, the same one each time. */
START_TEST(test_question_real_and_decoy)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct reset_fail f;
	char	 q1[200], q2[200];
	long long id1, id2;

	test_conf(&c);
	(void)asha(db, &c);
	ck_assert_int_eq(reset_question(db, key, "asha@example.com", &id1, q1,
	    &f), 0);
	ck_assert_int_eq(id1, 2);
	ck_assert_int_eq(reset_question(db, key, "nobody@example.com", &id1,
	    q1, &f), 0);
	ck_assert_int_eq(reset_question(db, key, "nobody@example.com", &id2,
	    q2, &f), 0);
	ck_assert_int_eq(id1, id2);
	ck_assert_str_eq(q1, q2);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_wrong_answer_and_unknown_email_fail_alike)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct reset_fail f;
	char	 token[RESET_TOKEN_LEN];
	time_t	 x;

	test_conf(&c);
	(void)asha(db, &c);
	ck_assert_int_eq(reset_verify(db, &c, "asha@example.com", "Delhi", 2000,
	    token, &x, &f), -1);
	ck_assert_int_eq(f.err, RESET_BAD_ANSWER);
	ck_assert_int_eq(reset_verify(db, &c, "nobody@example.com", "Chennai",
	    2000, token, &x, &f), -1);
	ck_assert_int_eq(f.err, RESET_BAD_ANSWER);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_token_resets_once_and_survives_a_reused_password)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct reset_fail f;
	struct account_fail af;
	struct user u;
	char	 token[RESET_TOKEN_LEN], username[32];
	time_t	 x;

	test_conf(&c);
	(void)asha(db, &c);
	ck_assert_int_eq(reset_verify(db, &c, "asha@example.com", " chennai ",
	    2000, token, &x, &f), 0);
	ck_assert_int_eq(x, 2000 + RESET_TOKEN_SECONDS);
	/* The password history refuses; the token is not spent. */
	ck_assert_int_eq(reset_complete(db, &c, token, "Popcorn#42", 2001,
	    username, &f), -1);
	ck_assert_int_eq(f.err, RESET_PASSWORD_REUSE);
	ck_assert_int_eq(reset_complete(db, &c, token, "Fresh#2026", 2002,
	    username, &f), 0);
	ck_assert_str_eq(username, "asha");
	ck_assert_int_eq(account_login(db, &c, "asha", "Fresh#2026", &u, &af),
	    0);
	/* Single use, and a made-up token is no better. */
	ck_assert_int_eq(reset_complete(db, &c, token, "Other#2026", 2003,
	    username, &f), -1);
	ck_assert_int_eq(f.err, RESET_BAD_TOKEN);
	ck_assert_int_eq(reset_complete(db, &c, "short", "Other#2026", 2003,
	    username, &f), -1);
	ck_assert_int_eq(f.err, RESET_BAD_TOKEN);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_token_expires)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct reset_fail f;
	char	 token[RESET_TOKEN_LEN], username[32];
	time_t	 x;

	test_conf(&c);
	(void)asha(db, &c);
	ck_assert_int_eq(reset_verify(db, &c, "asha@example.com", "Chennai",
	    2000, token, &x, &f), 0);
	ck_assert_int_eq(reset_complete(db, &c, token, "Fresh#2026", x,
	    username, &f), -1);
	ck_assert_int_eq(f.err, RESET_BAD_TOKEN);
	sqlite3_close(db);
}
END_TEST

Suite *
reset_suite(void)
{
	Suite	*s = suite_create("reset");
	TCase	*t = tcase_create("reset");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_question_real_and_decoy);
	tcase_add_test(t, test_wrong_answer_and_unknown_email_fail_alike);
	tcase_add_test(t, test_token_resets_once_and_survives_a_reused_password);
	tcase_add_test(t, test_token_expires);
	suite_add_tcase(s, t);
	return s;
}
