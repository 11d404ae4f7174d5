/* money: integer minor units parsed and formatted from decimal digits,
 * never through floating point. */
#include <check.h>
#include <limits.h>
#include <string.h>

#include "money.h"

static long long
parsed(const char *s)
{
	long long v = -999;

	ck_assert_msg(money_parse(s, &v) == 0, "\"%s\" refused", s);
	return v;
}

START_TEST(test_money_parses_whole_and_decimal_amounts)
{
	ck_assert_int_eq(parsed("150"), 15000);
	ck_assert_int_eq(parsed("150.5"), 15050);
	ck_assert_int_eq(parsed("150.50"), 15050);
	ck_assert_int_eq(parsed("150.05"), 15005);
	ck_assert_int_eq(parsed("0"), 0);
	ck_assert_int_eq(parsed("0.01"), 1);
	ck_assert_int_eq(parsed("3000.00"), 300000);
	ck_assert_int_eq(parsed("007"), 700);
	/* The largest: 11 whole digits, under 10^13 minor units. */
	ck_assert_int_eq(parsed("99999999999.99"), 9999999999999LL);
}
END_TEST

START_TEST(test_money_refuses_malformed_amounts)
{
	static const char *bad[] = { "1.234", "-1", "+1", "1e3", "", ".", ".5",
	    "150.", "1.2.3", " 150", "150 ", "1,000", "0x10", "\xe2\x82\xb9" "150",
	    "NaN", "inf", "100000000000", "1_000" };
	long long v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(money_parse(bad[i], &v) == -1, "\"%s\" accepted",
		    bad[i]);
	ck_assert_int_eq(money_parse(NULL, &v), -1);
}
END_TEST

static const char *
fmt(long long minor, const char *cur, int symbol)
{
	static char out[64];

	return money_format(minor, cur, symbol, out, sizeof(out));
}

START_TEST(test_money_formats_inr_with_indian_grouping)
{
	ck_assert_str_eq(fmt(123456789, "INR", 1), "\xe2\x82\xb9" "12,34,567.89");
	ck_assert_str_eq(fmt(123456789, "INR", 0), "12,34,567.89");
	ck_assert_str_eq(fmt(10000000000LL, "INR", 0), "10,00,00,000.00");
	ck_assert_str_eq(fmt(100000, "INR", 0), "1,000.00");
	ck_assert_str_eq(fmt(10000000, "INR", 0), "1,00,000.00");
	ck_assert_str_eq(fmt(99999, "INR", 0), "999.99");
	ck_assert_str_eq(fmt(15050, "INR", 1), "\xe2\x82\xb9" "150.50");
	ck_assert_str_eq(fmt(5, "INR", 0), "0.05");
}
END_TEST

START_TEST(test_money_formats_usd_with_thousands_grouping)
{
	ck_assert_str_eq(fmt(123456789, "USD", 1), "$1,234,567.89");
	ck_assert_str_eq(fmt(100000000000LL, "USD", 0), "1,000,000,000.00");
	ck_assert_str_eq(fmt(99999, "USD", 1), "$999.99");
	ck_assert_str_eq(fmt(100000, "EUR", 1), "\xe2\x82\xac" "1,000.00");
	ck_assert_str_eq(fmt(100, "GBP", 1), "\xc2\xa3" "1.00");
	/* A currency without a symbol shows its code. */
	ck_assert_str_eq(fmt(123456, "JPY", 1), "JPY 1,234.56");
	ck_assert_ptr_null(money_symbol("JPY"));
}
END_TEST

START_TEST(test_money_formats_negatives_and_zero)
{
	ck_assert_str_eq(fmt(0, "INR", 1), "\xe2\x82\xb9" "0.00");
	ck_assert_str_eq(fmt(0, "USD", 0), "0.00");
	ck_assert_str_eq(fmt(-15050, "INR", 1), "-\xe2\x82\xb9" "150.50");
	ck_assert_str_eq(fmt(-123456789, "USD", 0), "-1,234,567.89");
	ck_assert_str_eq(fmt(-1, "USD", 1), "-$0.01");
	/* The extremes do not overflow. */
	ck_assert_str_eq(fmt(LLONG_MIN, "USD", 0),
	    "-92,233,720,368,547,758.08");
	ck_assert_str_eq(fmt(LLONG_MAX, "INR", 0),
	    "92,23,37,20,36,85,47,758.07");
}
END_TEST

START_TEST(test_money_format_respects_small_buffers)
{
	char	 out[6];

	money_format(123456789, "INR", 1, out, sizeof(out));
	ck_assert_uint_eq(strlen(out), 5);
}
END_TEST

START_TEST(test_money_parse_and_format_round_trip)
{
	static const char *in[] = { "0.01", "1", "150.5", "2999.99", "12345.67" };
	long long v;
	char	 out[64];

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		long long back;

		ck_assert_int_eq(money_parse(in[i], &v), 0);
		money_format(v, "XXX", 0, out, sizeof(out));
		/* Strip the grouping commas, then parse again. */
		{
			char	 plain[64];
			size_t	 o = 0;

			for (const char *p = out; *p; p++)
				if (*p != ',')
					plain[o++] = *p;
			plain[o] = '\0';
			ck_assert_int_eq(money_parse(plain, &back), 0);
		}
		ck_assert_int_eq(back, v);
	}
}
END_TEST

Suite *
money_suite(void)
{
	Suite	*s = suite_create("money");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_money_parses_whole_and_decimal_amounts);
	tcase_add_test(tc, test_money_refuses_malformed_amounts);
	tcase_add_test(tc, test_money_formats_inr_with_indian_grouping);
	tcase_add_test(tc, test_money_formats_usd_with_thousands_grouping);
	tcase_add_test(tc, test_money_formats_negatives_and_zero);
	tcase_add_test(tc, test_money_format_respects_small_buffers);
	tcase_add_test(tc, test_money_parse_and_format_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
