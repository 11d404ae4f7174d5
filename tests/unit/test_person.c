/* person: the one name and phone rule of DESIGN §7 that accounts and
 * walk-in customers share (the walk-in side: test_booking.c; the account
 * side: test_account.c). */
#include <check.h>
#include <string.h>

#include "person.h"

START_TEST(test_name_rules)
{
	char	 n[100];

	ck_assert_ptr_null(person_check_name("Asha Rao"));
	ck_assert_ptr_null(person_check_name("Ana"));
	ck_assert_ptr_null(person_check_name("Zo\xc3\xab Salda\xc3\xb1" "a"));
	ck_assert_ptr_null(person_check_name("One Two Three Four"));
	ck_assert_ptr_nonnull(person_check_name("One Two Three Four Five"));
	ck_assert_ptr_nonnull(person_check_name("Al"));
	ck_assert_ptr_nonnull(person_check_name("R2 D2"));
	ck_assert_ptr_nonnull(person_check_name("O'Brien"));
	memset(n, 'a', 70);
	n[70] = '\0';
	ck_assert_ptr_null(person_check_name(n));
	n[70] = 'a';
	n[71] = '\0';
	ck_assert_ptr_nonnull(person_check_name(n));
	person_normalise_name("  Asha \t  Rao  ", n, sizeof(n));
	ck_assert_str_eq(n, "Asha Rao");
}
END_TEST

/* Each refusal says what is wrong, in the words the sign-up page uses
 * (htdocs/js/rules.js). */
START_TEST(test_name_refusals_say_why)
{
	ck_assert_str_eq(person_check_name("One Two Three Four Five"),
	    "may have at most 4 words");
	ck_assert_str_eq(person_check_name("Me"), "must be 3 to 70 characters");
	ck_assert_str_eq(person_check_name("Meena 1yer"),
	    "may hold only letters and spaces");
	ck_assert_str_eq(person_check_phone("900000000"), "must be 10 digits");
}
END_TEST

/* Normalising first is what makes the spacing of a name not matter: the
 * same name however it was typed, and the word count taken after. */
START_TEST(test_normalise_then_check)
{
	char	 n[PERSON_NAME_MAX];

	person_normalise_name("\tAsha   Rao ", n, sizeof(n));
	ck_assert_str_eq(n, "Asha Rao");
	ck_assert_ptr_null(person_check_name(n));
	person_normalise_name("   ", n, sizeof(n));
	ck_assert_str_eq(n, "");
	ck_assert_ptr_nonnull(person_check_name(n));
	person_normalise_name(" a  b   c  d    e ", n, sizeof(n));
	ck_assert_str_eq(n, "a b c d e");
	ck_assert_str_eq(person_check_name(n), "may have at most 4 words");
}
END_TEST

/* A name longer than the buffer is cut to fit, and what is left is still
 * over 70 characters: cutting never lets a long name through. */
START_TEST(test_overlong_name_cut_still_fails)
{
	char	 in[1000], n[PERSON_NAME_MAX];

	memset(in, 'a', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	person_normalise_name(in, n, sizeof(n));
	ck_assert_uint_eq(strlen(n), PERSON_NAME_MAX - 1);
	ck_assert_ptr_nonnull(person_check_name(n));
	/* Four bytes a character: 299 bytes are still 74 characters. */
	for (size_t i = 0; i + 4 < sizeof(in); i += 4)
		memcpy(in + i, "\xf0\x9d\x90\x80", 4);
	in[sizeof(in) - 1] = '\0';
	person_normalise_name(in, n, sizeof(n));
	ck_assert_ptr_nonnull(person_check_name(n));
}
END_TEST

START_TEST(test_phone_rules)
{
	ck_assert_ptr_null(person_check_phone("9876543210"));
	ck_assert_ptr_nonnull(person_check_phone("987654321"));
	ck_assert_ptr_nonnull(person_check_phone("98765432100"));
	ck_assert_ptr_nonnull(person_check_phone("98765 4321"));
	ck_assert_ptr_nonnull(person_check_phone("+919876543"));
	ck_assert_ptr_nonnull(person_check_phone(""));
}
END_TEST

Suite *
person_suite(void)
{
	Suite	*s = suite_create("person");
	TCase	*t = tcase_create("person");

	tcase_add_test(t, test_name_rules);
	tcase_add_test(t, test_name_refusals_say_why);
	tcase_add_test(t, test_normalise_then_check);
	tcase_add_test(t, test_overlong_name_cut_still_fails);
	tcase_add_test(t, test_phone_rules);
	suite_add_tcase(s, t);
	return s;
}
