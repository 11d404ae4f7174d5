/* password: Argon2id hashes of passwords and security answers. */
#include <check.h>
#include <string.h>

#include "config.h"
#include "password.h"

static struct conf conf;

static void
cheap(void)
{
	char	 why[64];

	ck_assert_int_eq(conf_parse(&conf, "pwhash_cost = test\n", why,
	    sizeof(why)), 0);
}

START_TEST(test_password_hash_then_verify)
{
	char	 h[PASSWORD_HASH_LEN];

	ck_assert_int_eq(password_hash(&conf, "Customer#2026", h), 0);
	ck_assert(strncmp(h, "$argon2id$", 10) == 0);
	ck_assert(password_verify(h, "Customer#2026"));
	ck_assert(!password_verify(h, "customer#2026"));
	ck_assert(!password_verify(h, "Customer#2026 "));
	ck_assert(!password_verify(h, ""));
}
END_TEST

START_TEST(test_password_same_secret_hashes_differently)
{
	char	 a[PASSWORD_HASH_LEN], b[PASSWORD_HASH_LEN];

	ck_assert_int_eq(password_hash(&conf, "Admin#2026", a), 0);
	ck_assert_int_eq(password_hash(&conf, "Admin#2026", b), 0);
	ck_assert_str_ne(a, b);			/* salted */
	ck_assert(password_verify(a, "Admin#2026"));
	ck_assert(password_verify(b, "Admin#2026"));
}
END_TEST

START_TEST(test_password_verify_refuses_garbage_hash)
{
	ck_assert(!password_verify("", "x"));
	ck_assert(!password_verify("not a hash", "x"));
	ck_assert(!password_verify("$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB", "x"));
}
END_TEST

START_TEST(test_password_default_cost_is_interactive)
{
	struct conf dflt;
	char	 why[64], h[PASSWORD_HASH_LEN];

	ck_assert_int_eq(conf_parse(&dflt, "", why, sizeof(why)), 0);
	ck_assert_int_eq(password_hash(&dflt, "Staff#2026", h), 0);
	ck_assert_int_eq(crypto_pwhash_str_needs_rehash(h,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	ck_assert_int_eq(password_hash(&conf, "Staff#2026", h), 0);
	ck_assert_int_eq(crypto_pwhash_str_needs_rehash(h,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE), 1);
}
END_TEST

static const char *
norm(const char *in)
{
	static char out[256];

	password_normalise_answer(in, out);
	return out;
}

START_TEST(test_password_normalise_answer)
{
	ck_assert_str_eq(norm("  Chennai "), "chennai");
	ck_assert_str_eq(norm("New   \tDelhi"), "new delhi");
	ck_assert_str_eq(norm("\t MUMBAI\t"), "mumbai");
	ck_assert_str_eq(norm(""), "");
	ck_assert_str_eq(norm("   "), "");
	/* Non-ASCII bytes pass through untouched. */
	ck_assert_str_eq(norm("Caf\xc3\x89"), "caf\xc3\x89");
	ck_assert_str_eq(norm("Tom's Dog-2"), "tom's dog-2");
}
END_TEST

START_TEST(test_password_normalise_answer_bounds_output)
{
	char	 in[1000], out[256];

	memset(in, 'A', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	password_normalise_answer(in, out);
	ck_assert_uint_eq(strlen(out), 255);
	/* Spaces near the end never push past the buffer. */
	for (size_t i = 0; i < sizeof(in) - 1; i++)
		in[i] = i % 2 ? ' ' : 'b';
	password_normalise_answer(in, out);
	ck_assert_uint_le(strlen(out), 255);
}
END_TEST

Suite *
password_suite(void)
{
	Suite	*s = suite_create("password");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, cheap, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_password_hash_then_verify);
	tcase_add_test(tc, test_password_same_secret_hashes_differently);
	tcase_add_test(tc, test_password_verify_refuses_garbage_hash);
	tcase_add_test(tc, test_password_default_cost_is_interactive);
	tcase_add_test(tc, test_password_normalise_answer);
	tcase_add_test(tc, test_password_normalise_answer_bounds_output);
	suite_add_tcase(s, tc);
	return s;
}
