/* card checks (DESIGN §7 "Payment"): Luhn, brands by prefix and length,
 * CVV, expiry through the end of its month in the cinema's zone and at
 * most 20 years ahead, holder names; every failing field reported. */
#include <check.h>
#include <string.h>
#include <time.h>

#include "card.h"
#include "clock.h"
#include "err.h"

/* A UTC instant. */
static time_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

/* An instant in the cinema's zone (Asia/Kolkata, UTC+05:30). */
static time_t
ist(int y, int mo, int d, int h, int mi, int s)
{
	return utc(y, mo, d, h, mi, s) - (5 * 3600 + 30 * 60);
}

static void
setup(void)
{
	clock_use_zone("Asia/Kolkata");
}

START_TEST(test_luhn_accepts_valid_and_refuses_one_digit_off)
{
	ck_assert(card_luhn_ok("4111111111111111"));
	ck_assert(card_luhn_ok("4242424242424242"));
	ck_assert(card_luhn_ok("5555555555554444"));
	ck_assert(card_luhn_ok("4000000000000002"));
	ck_assert(card_luhn_ok("4000000000009995"));
	ck_assert(card_luhn_ok("4222222222222"));
	ck_assert(!card_luhn_ok("4111111111111112"));
	ck_assert(!card_luhn_ok("4111111111111121"));	/* swapped digits */
	ck_assert(!card_luhn_ok("5555555555554445"));
	ck_assert(!card_luhn_ok("0"));
	ck_assert(!card_luhn_ok("41111111111111x1"));
}
END_TEST

START_TEST(test_visa_is_4_with_13_16_or_19_digits)
{
	ck_assert_int_eq(card_brand_of("4000000000006"), CARD_BRAND_VISA);
	ck_assert_int_eq(card_brand_of("4000000000000002"), CARD_BRAND_VISA);
	ck_assert_int_eq(card_brand_of("4000000000000000006"), CARD_BRAND_VISA);
	ck_assert_int_eq(card_brand_of("40000000000002"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("400000000000006"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("40000000000000006"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("400000000000000002"), CARD_BRAND_NONE);
	ck_assert_str_eq(card_brand_name(CARD_BRAND_VISA), "visa");
}
END_TEST

START_TEST(test_mastercard_prefixes_and_edges)
{
	ck_assert_int_eq(card_brand_of("5100000000000008"), CARD_BRAND_MASTERCARD);
	ck_assert_int_eq(card_brand_of("5500000000000004"), CARD_BRAND_MASTERCARD);
	ck_assert_int_eq(card_brand_of("5000000000000009"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("5600000000000003"), CARD_BRAND_NONE);
	/* The 2-series: 2221–2720 inclusive. */
	ck_assert_int_eq(card_brand_of("2220000000000000"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("2221000000000009"), CARD_BRAND_MASTERCARD);
	ck_assert_int_eq(card_brand_of("2720000000000005"), CARD_BRAND_MASTERCARD);
	ck_assert_int_eq(card_brand_of("2721000000000004"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("2223003122003222"), CARD_BRAND_MASTERCARD);
	/* Mastercard is 16 digits only; Amex and Discover are not taken. */
	ck_assert_int_eq(card_brand_of("510000000000003"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("340000000000009"), CARD_BRAND_NONE);
	ck_assert_int_eq(card_brand_of("6011000000000004"), CARD_BRAND_NONE);
	ck_assert_str_eq(card_brand_name(CARD_BRAND_MASTERCARD), "mastercard");
	ck_assert_ptr_null(card_brand_name(CARD_BRAND_NONE));
}
END_TEST

START_TEST(test_digits_tolerate_spaces_and_dashes_only)
{
	char	 d[CARD_MAX_DIGITS + 1];

	ck_assert_int_eq(card_digits("4111 1111 1111 1111", d), 0);
	ck_assert_str_eq(d, "4111111111111111");
	ck_assert_int_eq(card_digits("4111-1111-1111-1111", d), 0);
	ck_assert_str_eq(d, "4111111111111111");
	ck_assert_int_eq(card_digits("4111.1111.1111.1111", d), -1);
	ck_assert_int_eq(card_digits("4111 1111 1111 111a", d), -1);
	ck_assert_int_eq(card_digits("41111111111111111111", d), -1);	/* 20 */
	ck_assert_int_eq(card_digits(" - ", d), -1);
	ck_assert_int_eq(card_digits("４１１１", d), -1);	/* fullwidth */
}
END_TEST

START_TEST(test_expiry_valid_through_last_second_of_month)
{
	int	 m, y;

	ck_assert_int_eq(card_expiry_check("11/26", ist(2026, 11, 30, 23, 59,
	    59), &m, &y), CARD_EXPIRY_OK);
	ck_assert_int_eq(m, 11);
	ck_assert_int_eq(y, 2026);
	ck_assert_int_eq(card_expiry_check("11/26", ist(2026, 12, 1, 0, 0, 0),
	    &m, &y), CARD_EXPIRY_PAST);
	ck_assert_int_eq(card_expiry_check("12/26", ist(2026, 12, 1, 0, 0, 0),
	    &m, &y), CARD_EXPIRY_OK);
	/* Leap February. */
	ck_assert_int_eq(card_expiry_check("02/28", ist(2028, 2, 29, 23, 59,
	    59), &m, &y), CARD_EXPIRY_OK);
	ck_assert_int_eq(card_expiry_check("02/28", ist(2028, 3, 1, 0, 0, 0),
	    &m, &y), CARD_EXPIRY_PAST);
}
END_TEST

START_TEST(test_expiry_month_end_is_the_cinemas_not_utc)
{
	int	 m, y;

	/* 2026-11-30 19:00 UTC is already 1 December 00:30 in Kolkata. */
	ck_assert_int_eq(card_expiry_check("11/26", utc(2026, 11, 30, 19, 0,
	    0), &m, &y), CARD_EXPIRY_PAST);
	ck_assert_int_eq(card_expiry_check("11/26", utc(2026, 11, 30, 18, 29,
	    59), &m, &y), CARD_EXPIRY_OK);
}
END_TEST

START_TEST(test_expiry_across_year_wrap)
{
	int	 m, y;

	ck_assert_int_eq(card_expiry_check("12/26", ist(2026, 12, 31, 23, 59,
	    59), &m, &y), CARD_EXPIRY_OK);
	ck_assert_int_eq(card_expiry_check("12/26", ist(2027, 1, 1, 0, 0, 0),
	    &m, &y), CARD_EXPIRY_PAST);
	ck_assert_int_eq(card_expiry_check("01/27", ist(2026, 12, 31, 23, 59,
	    59), &m, &y), CARD_EXPIRY_OK);
	ck_assert_int_eq(y, 2027);
	/* Near a century: 2099 → "01/00" is 2100, not 2000. */
	ck_assert_int_eq(card_expiry_check("01/00", ist(2099, 12, 15, 0, 0, 0),
	    &m, &y), CARD_EXPIRY_OK);
	ck_assert_int_eq(y, 2100);
}
END_TEST

START_TEST(test_expiry_at_most_20_years_ahead)
{
	int	 m, y;
	time_t	 now = ist(2026, 11, 25, 12, 0, 0);

	ck_assert_int_eq(card_expiry_check("11/46", now, &m, &y), CARD_EXPIRY_OK);
	ck_assert_int_eq(card_expiry_check("12/46", now, &m, &y),
	    CARD_EXPIRY_TOO_FAR);
	ck_assert_int_eq(card_expiry_check("01/70", now, &m, &y),
	    CARD_EXPIRY_TOO_FAR);
	/* "99" is 1999 from 2026: long gone, not 73 years ahead. */
	ck_assert_int_eq(card_expiry_check("12/99", now, &m, &y),
	    CARD_EXPIRY_PAST);
	ck_assert_int_eq(y, 1999);
}
END_TEST

START_TEST(test_expiry_format)
{
	int	 m, y;
	time_t	 now = ist(2026, 11, 25, 12, 0, 0);
	static const char *bad[] = { "", "1/27", "13/27", "00/27", "12/2027",
	    "12-27", "1227", "ab/cd", "12/27x", "12//27", NULL };

	for (int i = 0; bad[i] != NULL; i++)
		ck_assert_msg(card_expiry_check(bad[i], now, &m, &y) ==
		    CARD_EXPIRY_FORMAT, "%s", bad[i]);
	ck_assert_int_eq(card_expiry_check(" 12 / 27 ", now, &m, &y),
	    CARD_EXPIRY_OK);
	ck_assert_int_eq(card_expiry_check(NULL, now, &m, &y),
	    CARD_EXPIRY_FORMAT);
}
END_TEST

START_TEST(test_holder_names)
{
	static const char *good[] = { "Chitra Customer", "AB", "Jo",
	    "José Álvarez", "Zoë O'Brien-Smith", "Łukasz Żółć",
	    "Nguyễn Văn An", "Søren Kierkegård", "O’Brien",
	    "Abcdefghij Abcdefghij Abcdefghij Abcdefg",	/* 40 */
	    NULL };
	static const char *bad[] = { "", "A", "A-", "'A", "-Jo", "Jo-",
	    "J0hn Smith", "John  Smith", "John.Smith", "John_Smith",
	    "Abcdefghij Abcdefghij Abcdefghij Abcdefgh",	/* 41 */
	    "राम कुमार", "Иван Петров", "张伟", "Jo\xc3\x97n",	/* × */
	    NULL };

	for (int i = 0; good[i] != NULL; i++)
		ck_assert_msg(card_name_ok(good[i]), "refused %s", good[i]);
	for (int i = 0; bad[i] != NULL; i++)
		ck_assert_msg(!card_name_ok(bad[i]), "accepted %s", bad[i]);
}
END_TEST

START_TEST(test_check_reports_every_failing_field)
{
	struct card c;
	struct err e;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check("4111111111111112", "12", "13/27", "X",
	    ist(2026, 11, 25, 12, 0, 0), &c, &e), -1);
	ck_assert_int_eq(e.nfields, 4);
	ck_assert(err_has_field(&e, "card.number"));
	ck_assert(err_has_field(&e, "card.cvv"));
	ck_assert(err_has_field(&e, "card.expiry"));
	ck_assert(err_has_field(&e, "card.name"));
	ck_assert_str_eq(c.number, "");		/* nothing kept */

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check(NULL, NULL, NULL, NULL,
	    ist(2026, 11, 25, 12, 0, 0), &c, &e), -1);
	ck_assert_int_eq(e.nfields, 4);
	ck_assert_str_eq(e.fields[0].message, "is required");

	/* One bad field among good ones: only it is reported. */
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check("4111111111111111", "1234", "12/27",
	    "Chitra Customer", ist(2026, 11, 25, 12, 0, 0), &c, &e), -1);
	ck_assert_int_eq(e.nfields, 1);
	ck_assert_str_eq(e.fields[0].field, "card.cvv");

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check("4111111111111111", "123", "10/26",
	    "Chitra Customer", ist(2026, 11, 25, 12, 0, 0), &c, &e), -1);
	ck_assert_int_eq(e.nfields, 1);
	ck_assert_str_eq(e.fields[0].field, "card.expiry");
	ck_assert_str_eq(e.fields[0].message, "the card has expired");

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check("6011000000000004", "123", "12/27",
	    "राम कुमार", ist(2026, 11, 25, 12, 0, 0), &c, &e), -1);
	ck_assert_int_eq(e.nfields, 2);
	ck_assert_ptr_nonnull(strstr(e.fields[0].message, "Visa"));
	ck_assert_ptr_nonnull(strstr(e.fields[1].message, "Latin"));
}
END_TEST

START_TEST(test_check_fills_brand_last4_and_wipes)
{
	struct card c;
	struct err e;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check("5555-5555-5555-4444", "737", "3/ 27",
	    "  Zoë O'Brien  ", ist(2026, 11, 25, 12, 0, 0), &c, &e), -1);
	ck_assert(err_has_field(&e, "card.expiry"));	/* "3/" is not MM */

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check("5555-5555-5555-4444", "737", "03/27",
	    "  Zoë O'Brien  ", ist(2026, 11, 25, 12, 0, 0), &c, &e), 0);
	ck_assert_int_eq(e.nfields, 0);
	ck_assert_int_eq(c.brand, CARD_BRAND_MASTERCARD);
	ck_assert_str_eq(c.last4, "4444");
	ck_assert_str_eq(c.number, "5555555555554444");
	ck_assert_str_eq(c.expiry, "03/27");
	ck_assert_str_eq(c.name, "Zoë O'Brien");
	card_wipe(&c);
	ck_assert_str_eq(c.number, "");
	ck_assert_str_eq(c.cvv, "");
	ck_assert_str_eq(c.last4, "4444");
}
END_TEST

Suite *
card_suite(void)
{
	Suite	*s = suite_create("card");
	TCase	*t = tcase_create("card");

	tcase_add_checked_fixture(t, setup, NULL);
	tcase_add_test(t, test_luhn_accepts_valid_and_refuses_one_digit_off);
	tcase_add_test(t, test_visa_is_4_with_13_16_or_19_digits);
	tcase_add_test(t, test_mastercard_prefixes_and_edges);
	tcase_add_test(t, test_digits_tolerate_spaces_and_dashes_only);
	tcase_add_test(t, test_expiry_valid_through_last_second_of_month);
	tcase_add_test(t, test_expiry_month_end_is_the_cinemas_not_utc);
	tcase_add_test(t, test_expiry_across_year_wrap);
	tcase_add_test(t, test_expiry_at_most_20_years_ahead);
	tcase_add_test(t, test_expiry_format);
	tcase_add_test(t, test_holder_names);
	tcase_add_test(t, test_check_reports_every_failing_field);
	tcase_add_test(t, test_check_fills_brand_last4_and_wipes);
	suite_add_tcase(s, t);
	return s;
}
