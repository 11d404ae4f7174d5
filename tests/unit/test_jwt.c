/* auth: session tokens (JWT HS256) — round trip, every kind of tampering,
 * expiry, another key, "alg":"none"; CSRF tokens tied to their session. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "buf.h"

static const unsigned char KEY[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char KEY2[32] = "fedcba9876543210fedcba9876543210";

static char *
make(long long exp, const unsigned char *key)
{
	struct auth_claims cl;
	struct buf b = BUF_INIT;
	char	*s;

	memset(&cl, 0, sizeof(cl));
	cl.uid = 42;
	strcpy(cl.username, "meera");
	strcpy(cl.role, "customer");
	cl.ver = 3;
	cl.iat = 1000;
	cl.exp = exp;
	ck_assert_int_eq(auth_jwt_sign(key, &cl, &b), 0);
	s = strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

START_TEST(test_round_trip)
{
	char	*t = make(5000, KEY);
	struct auth_claims cl;

	ck_assert_int_eq(auth_jwt_verify(KEY, t, 4999, &cl), 0);
	ck_assert_int_eq(cl.uid, 42);
	ck_assert_str_eq(cl.username, "meera");
	ck_assert_str_eq(cl.role, "customer");
	ck_assert_int_eq(cl.ver, 3);
	ck_assert_int_eq(cl.exp, 5000);
	free(t);
}
END_TEST

START_TEST(test_expired_and_other_key)
{
	char	*t = make(5000, KEY);
	struct auth_claims cl;

	ck_assert_int_eq(auth_jwt_verify(KEY, t, 5000, &cl), -1);
	ck_assert_int_eq(auth_jwt_verify(KEY, t, 99999, &cl), -1);
	ck_assert_int_eq(auth_jwt_verify(KEY2, t, 10, &cl), -1);
	free(t);
}
END_TEST

/* Flip every single character: no change anywhere verifies. */
START_TEST(test_any_changed_character_is_refused)
{
	char	*t = make(5000, KEY);
	struct auth_claims cl;
	size_t	 n = strlen(t);

	for (size_t i = 0; i < n; i++) {
		char	 was = t[i];

		if (was == '.')
			continue;
		t[i] = was == 'A' ? 'B' : 'A';
		ck_assert_msg(auth_jwt_verify(KEY, t, 10, &cl) == -1,
		    "changed char %zu verified", i);
		t[i] = was;
	}
	ck_assert_int_eq(auth_jwt_verify(KEY, t, 10, &cl), 0);
	/* Truncated, extended, extra part, empty. */
	t[n - 1] = '\0';
	ck_assert_int_eq(auth_jwt_verify(KEY, t, 10, &cl), -1);
	ck_assert_int_eq(auth_jwt_verify(KEY, "", 10, &cl), -1);
	ck_assert_int_eq(auth_jwt_verify(KEY, "a.b.c.d", 10, &cl), -1);
	ck_assert_int_eq(auth_jwt_verify(KEY, NULL, 10, &cl), -1);
	free(t);
}
END_TEST

START_TEST(test_alg_none_is_refused)
{
	char	*t = make(5000, KEY), forged[2048];
	struct auth_claims cl;
	const char *p = strchr(t, '.') + 1;

	/* {"alg":"none","typ":"JWT"} with the real payload, no signature. */
	snprintf(forged, sizeof(forged), "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
	    "%.*s.", (int)(strrchr(t, '.') - p), p);
	ck_assert_int_eq(auth_jwt_verify(KEY, forged, 10, &cl), -1);
	free(t);
}
END_TEST

START_TEST(test_csrf_token_belongs_to_its_session)
{
	char	*a = make(5000, KEY), *b = make(6000, KEY);
	char	 ca[AUTH_CSRF_LEN], ca2[AUTH_CSRF_LEN], cb[AUTH_CSRF_LEN],
		 ck[AUTH_CSRF_LEN];

	ck_assert_int_eq(auth_csrf_token(KEY, a, ca), 0);
	ck_assert_int_eq(auth_csrf_token(KEY, a, ca2), 0);
	ck_assert_int_eq(auth_csrf_token(KEY, b, cb), 0);
	ck_assert_int_eq(auth_csrf_token(KEY2, a, ck), 0);
	ck_assert_str_eq(ca, ca2);
	ck_assert_str_ne(ca, cb);
	ck_assert_str_ne(ca, ck);
	ck_assert_int_eq(strlen(ca), 43);
	/* Not derivable from the token alone: it is not in it. */
	ck_assert_ptr_null(strstr(a, ca));
	free(a);
	free(b);
}
END_TEST

Suite *
jwt_suite(void)
{
	Suite	*s = suite_create("jwt");
	TCase	*t = tcase_create("jwt");

	tcase_add_test(t, test_round_trip);
	tcase_add_test(t, test_expired_and_other_key);
	tcase_add_test(t, test_any_changed_character_is_refused);
	tcase_add_test(t, test_alg_none_is_refused);
	tcase_add_test(t, test_csrf_token_belongs_to_its_session);
	suite_add_tcase(s, t);
	return s;
}
