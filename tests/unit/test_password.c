/* password: Argon2id hashes of passwords and security answers. */
#include <check.h>
#include <string.h>

#include "config.h"
#include "password.h"
#include "unit.h"
#include "workslot.h"

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
	ck_assert_int_eq(password_check(&conf, h, "Customer#2026"), PASSWORD_OK);
	ck_assert_int_eq(password_check(&conf, h, "customer#2026"), PASSWORD_MISMATCH);
	ck_assert_int_eq(password_check(&conf, h, "Customer#2026 "), PASSWORD_MISMATCH);
	ck_assert_int_eq(password_check(&conf, h, ""), PASSWORD_MISMATCH);
}
END_TEST

START_TEST(test_password_same_secret_hashes_differently)
{
	char	 a[PASSWORD_HASH_LEN], b[PASSWORD_HASH_LEN];

	ck_assert_int_eq(password_hash(&conf, "Admin#2026", a), 0);
	ck_assert_int_eq(password_hash(&conf, "Admin#2026", b), 0);
	ck_assert_str_ne(a, b);			/* salted */
	ck_assert_int_eq(password_check(&conf, a, "Admin#2026"), PASSWORD_OK);
	ck_assert_int_eq(password_check(&conf, b, "Admin#2026"), PASSWORD_OK);
}
END_TEST

START_TEST(test_password_verify_refuses_garbage_hash)
{
	ck_assert_int_eq(password_check(&conf, "", "x"), PASSWORD_MISMATCH);
	ck_assert_int_eq(password_check(&conf, "not a hash", "x"), PASSWORD_MISMATCH);
	ck_assert_int_eq(password_check(&conf,
	    "$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB", "x"), PASSWORD_MISMATCH);
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

/* Hashing and checking run in the pwhash slots: with every slot held
 * elsewhere they wait WORKSLOT_PWHASH_WAIT_MS and answer PASSWORD_BUSY,
 * never hashing unbounded. */
START_TEST(test_password_busy_when_every_slot_is_held)
{
	char	*dir = unit_tmpdir(), text[700], why[128];
	char	 h[PASSWORD_HASH_LEN], good[PASSWORD_HASH_LEN];
	struct workslot held[WORKSLOT_PWHASH_SLOTS];
	struct conf c;

	snprintf(text, sizeof(text), "pwhash_cost = test\ndb_path = %s/db\n",
	    dir);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	ck_assert_int_eq(password_hash(&c, "Popcorn#42", good), PASSWORD_OK);
	for (int i = 0; i < WORKSLOT_PWHASH_SLOTS; i++)
		ck_assert_int_eq(workslot_acquire(workslot_base(&c), "pwhash",
		    WORKSLOT_PWHASH_SLOTS, 0, &held[i]), WORKSLOT_HELD);
	ck_assert_int_eq(password_hash(&c, "Popcorn#42", h), PASSWORD_BUSY);
	ck_assert_int_eq(password_check(&c, good, "Popcorn#42"), PASSWORD_BUSY);
	ck_assert_int_eq(password_check_dummy(&c, "x"), PASSWORD_BUSY);
	workslot_release(&held[0]);
	ck_assert_int_eq(password_check(&c, good, "Popcorn#42"), PASSWORD_OK);
	for (int i = 1; i < WORKSLOT_PWHASH_SLOTS; i++)
		workslot_release(&held[i]);
	unit_rmdir(dir);
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
	tcase_add_test(tc, test_password_busy_when_every_slot_is_held);
	tcase_add_test(tc, test_password_default_cost_is_interactive);
	tcase_add_test(tc, test_password_normalise_answer);
	tcase_add_test(tc, test_password_normalise_answer_bounds_output);
	suite_add_tcase(s, tc);
	return s;
}
