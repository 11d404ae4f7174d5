/* text: UTF-8 validation, strict percent-decoding, parameter names and
 * header safety — the first line of defence for every input byte. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define VALID(lit)	text_utf8_valid(lit, sizeof(lit) - 1)

START_TEST(test_utf8_accepts_ascii_and_multibyte_text)
{
	ck_assert(VALID(""));
	ck_assert(VALID("plain ascii ~"));
	ck_assert(VALID("caf\xc3\xa9"));			/* é */
	ck_assert(VALID("\xe2\x82\xb9" "150"));			/* ₹ */
	ck_assert(VALID("\xf0\x9f\x8e\xac"));			/* 🎬 U+1F3AC */
	ck_assert(VALID("\xf4\x8f\xbf\xbf"));			/* U+10FFFF */
	ck_assert(VALID("\xed\x9f\xbf"));			/* U+D7FF */
	ck_assert(VALID("\xee\x80\x80"));			/* U+E000 */
}
END_TEST

START_TEST(test_utf8_refuses_overlong_forms)
{
	ck_assert(!VALID("\xc0\xaf"));		/* '/' in two bytes */
	ck_assert(!VALID("\xc1\xbf"));
	ck_assert(!VALID("\xe0\x80\xaf"));	/* '/' in three */
	ck_assert(!VALID("\xe0\x9f\xbf"));	/* U+07FF in three */
	ck_assert(!VALID("\xf0\x80\x80\xaf"));	/* '/' in four */
	ck_assert(!VALID("\xf0\x8f\xbf\xbf"));	/* U+FFFF in four */
	ck_assert(!VALID("\xc0\x80"));		/* "modified UTF-8" NUL */
}
END_TEST

START_TEST(test_utf8_refuses_surrogates)
{
	ck_assert(!VALID("\xed\xa0\x80"));	/* U+D800 */
	ck_assert(!VALID("\xed\xbf\xbf"));	/* U+DFFF */
	ck_assert(!VALID("\xed\xa0\xbd\xed\xb2\xa9"));	/* CESU-8 pair */
}
END_TEST

START_TEST(test_utf8_refuses_code_points_above_10ffff)
{
	ck_assert(!VALID("\xf4\x90\x80\x80"));	/* U+110000 */
	ck_assert(!VALID("\xf5\x80\x80\x80"));
	ck_assert(!VALID("\xf8\x88\x80\x80\x80"));	/* old 5-byte form */
	ck_assert(!VALID("\xff"));
	ck_assert(!VALID("\xfe"));
}
END_TEST

START_TEST(test_utf8_refuses_truncated_and_stray_sequences)
{
	ck_assert(!VALID("\xc3"));		/* lead byte at the end */
	ck_assert(!VALID("abc\xe2\x82"));	/* 2 of 3 */
	ck_assert(!VALID("\xf0\x9f\x8e"));	/* 3 of 4 */
	ck_assert(!VALID("\x80"));		/* lone continuation */
	ck_assert(!VALID("a\xbfz"));
	ck_assert(!VALID("\xc3\x28"));		/* lead + non-continuation */
	ck_assert(!VALID("\xe2\x28\xa1"));
	/* The length is respected: a valid prefix of a longer buffer. */
	ck_assert(text_utf8_valid("ab\xc3\xa9", 2));
	ck_assert(!text_utf8_valid("ab\xc3\xa9", 3));
}
END_TEST

START_TEST(test_utf8_refuses_embedded_nul)
{
	ck_assert(!VALID("a\0b"));
	ck_assert(!text_utf8_valid("\0", 1));
}
END_TEST

static char *
decode(const char *in, int plus, size_t max, enum text_err *e)
{
	char	*out;
	size_t	 n;

	*e = text_percent_decode(in, strlen(in), plus, max, &out, &n);
	if (*e == TEXT_OK)
		ck_assert_uint_eq(strlen(out), n);
	else
		ck_assert_ptr_null(out);
	return out;
}

START_TEST(test_percent_decode_decodes_escapes_and_plus)
{
	enum text_err e;
	char	*s;

	s = decode("a%20b%2Fc%2fd", 0, 100, &e);
	ck_assert_int_eq(e, TEXT_OK);
	ck_assert_str_eq(s, "a b/c/d");
	free(s);
	s = decode("two+words", 1, 100, &e);
	ck_assert_str_eq(s, "two words");
	free(s);
	/* Outside forms (paths) '+' is a plus. */
	s = decode("two+words", 0, 100, &e);
	ck_assert_str_eq(s, "two+words");
	free(s);
	s = decode("%2B", 1, 100, &e);
	ck_assert_str_eq(s, "+");
	free(s);
	s = decode("caf%C3%A9", 1, 100, &e);
	ck_assert_str_eq(s, "caf\xc3\xa9");
	free(s);
	s = decode("", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_OK);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_percent_decode_refuses_truncated_escape)
{
	enum text_err e;

	decode("%", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
	decode("abc%4", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
	decode("abc%", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
	/* The escape is judged within n, not by what follows in memory. */
	{
		char	*out;
		size_t	 n;

		ck_assert_int_eq(text_percent_decode("a%41", 3, 1, 100, &out,
		    &n), TEXT_BAD_ESCAPE);
		ck_assert_int_eq(text_percent_decode("a%41", 4, 1, 100, &out,
		    &n), TEXT_OK);
		ck_assert_str_eq(out, "aA");
		free(out);
	}
}
END_TEST

START_TEST(test_percent_decode_refuses_non_hex_escape)
{
	enum text_err e;

	decode("%zz", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
	decode("%4g", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
	decode("%g4", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
	decode("% 41", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
	decode("%-1", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_ESCAPE);
}
END_TEST

START_TEST(test_percent_decode_refuses_decoded_nul_and_bad_utf8)
{
	enum text_err e;

	decode("a%00b", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_UTF8);
	decode("%C0%AF", 1, 100, &e);		/* overlong '/' */
	ck_assert_int_eq(e, TEXT_BAD_UTF8);
	decode("%ED%A0%80", 1, 100, &e);	/* surrogate */
	ck_assert_int_eq(e, TEXT_BAD_UTF8);
	decode("%F4%90%80%80", 1, 100, &e);	/* > U+10FFFF */
	ck_assert_int_eq(e, TEXT_BAD_UTF8);
	decode("%E2%82", 1, 100, &e);		/* truncated sequence */
	ck_assert_int_eq(e, TEXT_BAD_UTF8);
	decode("%FF", 1, 100, &e);
	ck_assert_int_eq(e, TEXT_BAD_UTF8);
}
END_TEST

START_TEST(test_percent_decode_limits_decoded_length)
{
	enum text_err e;
	char	*s;

	/* The limit is on decoded bytes: "%41%41%41" is 3 bytes long. */
	s = decode("%41%41%41", 1, 3, &e);
	ck_assert_int_eq(e, TEXT_OK);
	free(s);
	decode("%41%41%41%41", 1, 3, &e);
	ck_assert_int_eq(e, TEXT_TOO_LONG);
	decode("abcd", 1, 3, &e);
	ck_assert_int_eq(e, TEXT_TOO_LONG);
}
END_TEST

START_TEST(test_param_name_allows_only_lowercase_digits_underscore)
{
	char	 long65[66], long64[65];

	ck_assert(text_is_param_name("show_id", 7));
	ck_assert(text_is_param_name("a", 1));
	ck_assert(text_is_param_name("x2", 2));
	ck_assert(!text_is_param_name("", 0));
	ck_assert(!text_is_param_name("Show", 4));
	ck_assert(!text_is_param_name("a-b", 3));
	ck_assert(!text_is_param_name("a b", 3));
	ck_assert(!text_is_param_name("a[]", 3));
	ck_assert(!text_is_param_name("PATH", 4));
	ck_assert(!text_is_param_name("a\0", 2));
	ck_assert(!text_is_param_name("caf\xc3\xa9", 5));
	memset(long64, 'a', 64);
	long64[64] = '\0';
	memset(long65, 'a', 65);
	long65[65] = '\0';
	ck_assert(text_is_param_name(long64, 64));
	ck_assert(!text_is_param_name(long65, 65));
}
END_TEST

START_TEST(test_header_safe_refuses_cr_lf_and_controls)
{
	ck_assert(text_header_safe("text/html; charset=utf-8"));
	ck_assert(text_header_safe("a\tb"));
	ck_assert(text_header_safe(""));
	ck_assert(!text_header_safe("a\r\nSet-Cookie: x=1"));
	ck_assert(!text_header_safe("a\nb"));
	ck_assert(!text_header_safe("a\rb"));
	ck_assert(!text_header_safe("a\x01"));
	ck_assert(!text_header_safe("a\x7f"));
	ck_assert(!text_header_safe("caf\xc3\xa9"));	/* non-ASCII */
}
END_TEST

START_TEST(test_skip_prefix_ci_matches_case_insensitively)
{
	const char *s = "Content-Type: text/plain";

	ck_assert_str_eq(text_skip_prefix_ci(s, "content-type:"), " text/plain");
	ck_assert_str_eq(text_skip_prefix_ci(s, "CONTENT-TYPE:"), " text/plain");
	ck_assert_ptr_null(text_skip_prefix_ci(s, "Content-Length:"));
	ck_assert_ptr_null(text_skip_prefix_ci("Content", "Content-Type"));
	ck_assert_str_eq(text_skip_prefix_ci("abc", ""), "abc");
}
END_TEST

/* One integer parser: what it reads, and into which error each refusal
 * falls.  IS(s, min, max, want) asserts TEXT_OK and the value. */
static enum text_err
parse(const char *s, long long min, long long max, long long *v)
{
	*v = -12345;
	return text_parse_int(s, min, max, v);
}

#define IS(s, lo, hi, want) do {					\
	long long v_;							\
	ck_assert_int_eq(parse(s, lo, hi, &v_), TEXT_OK);		\
	ck_assert(v_ == (want));					\
} while (0)

#define REFUSED(s, lo, hi, why) do {					\
	long long v_;							\
	ck_assert_msg(parse(s, lo, hi, &v_) == (why), "%s", s);		\
	ck_assert(v_ == -12345);	/* untouched */			\
} while (0)

START_TEST(test_parse_int_bounds_are_inclusive)
{
	IS("1", 1, 10, 1);
	IS("10", 1, 10, 10);
	IS("0", 0, 0, 0);
	IS("-5", -5, 5, -5);
	REFUSED("0", 1, 10, TEXT_OUT_OF_RANGE);
	REFUSED("11", 1, 10, TEXT_OUT_OF_RANGE);
	REFUSED("-6", -5, 5, TEXT_OUT_OF_RANGE);
	REFUSED("6", -5, 5, TEXT_OUT_OF_RANGE);
}
END_TEST

START_TEST(test_parse_int_reaches_llong_min_and_max)
{
	IS("9223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX);
	IS("-9223372036854775808", LLONG_MIN, LLONG_MAX, LLONG_MIN);
	REFUSED("9223372036854775808", LLONG_MIN, LLONG_MAX,
	    TEXT_OUT_OF_RANGE);
	REFUSED("-9223372036854775809", LLONG_MIN, LLONG_MAX,
	    TEXT_OUT_OF_RANGE);
	REFUSED("99999999999999999999999", 0, LLONG_MAX, TEXT_OUT_OF_RANGE);
	/* Malformed wins over overflow, as in strtonum. */
	REFUSED("99999999999999999999999x", 0, LLONG_MAX, TEXT_NOT_INT);
}
END_TEST

START_TEST(test_parse_int_refuses_anything_but_plain_digits)
{
	static const char *bad[] = { "", "-", "+1", " 1", "1 ", "\t1", "1\n",
	    "1x", "x1", "0x10", "1.0", "1e3", "--1", "-+1", "1-", "\xd9\xa1" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		REFUSED(bad[i], -100, 100, TEXT_NOT_INT);
}
END_TEST

START_TEST(test_parse_int_reads_leading_zeros_as_decimal)
{
	IS("007", 0, 100, 7);
	IS("010", 0, 100, 10);		/* not octal */
	IS("-007", -100, 100, -7);
	IS("000", 0, 100, 0);
	IS("-0", -1, 1, 0);
}
END_TEST

START_TEST(test_parse_int_refuses_a_minus_when_min_is_not_negative)
{
	REFUSED("-1", 0, 100, TEXT_NOT_INT);
	REFUSED("-0", 0, 100, TEXT_NOT_INT);
	REFUSED("-1", 1, 100, TEXT_NOT_INT);
	IS("-1", -1, 100, -1);
}
END_TEST

START_TEST(test_parse_intn_reads_only_n_bytes)
{
	long long v = 0;

	ck_assert_int_eq(text_parse_intn("123min", 3, 0, 1000, &v), TEXT_OK);
	ck_assert(v == 123);
	ck_assert_int_eq(text_parse_intn("123", 0, 0, 1000, &v), TEXT_NOT_INT);
	ck_assert_int_eq(text_parse_intn("1\0" "2", 3, 0, 1000, &v),
	    TEXT_NOT_INT);
}
END_TEST

START_TEST(test_parse_id_wants_one_spelling_of_a_positive_id)
{
	long long v = 0;

	ck_assert_int_eq(text_parse_id("42", 2, &v), TEXT_OK);
	ck_assert(v == 42);
	ck_assert_int_eq(text_parse_id("999999999999999", 15, &v), TEXT_OK);
	ck_assert(v == TEXT_ID_MAX);
	ck_assert_int_eq(text_parse_id("42.sig", 2, &v), TEXT_OK);
	ck_assert_int_eq(text_parse_id("042", 3, &v), TEXT_NOT_INT);
	ck_assert_int_eq(text_parse_id("0", 1, &v), TEXT_NOT_INT);
	ck_assert_int_eq(text_parse_id("", 0, &v), TEXT_NOT_INT);
	ck_assert_int_eq(text_parse_id("-1", 2, &v), TEXT_NOT_INT);
	ck_assert_int_eq(text_parse_id("1000000000000000", 16, &v),
	    TEXT_OUT_OF_RANGE);
	ck_assert(v == 42);
}
END_TEST

Suite *
text_suite(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc = tcase_create("utf8");
	TCase	*pc = tcase_create("percent");
	TCase	*oc = tcase_create("names and headers");
	TCase	*ic = tcase_create("integers");

	tcase_add_test(tc, test_utf8_accepts_ascii_and_multibyte_text);
	tcase_add_test(tc, test_utf8_refuses_overlong_forms);
	tcase_add_test(tc, test_utf8_refuses_surrogates);
	tcase_add_test(tc, test_utf8_refuses_code_points_above_10ffff);
	tcase_add_test(tc, test_utf8_refuses_truncated_and_stray_sequences);
	tcase_add_test(tc, test_utf8_refuses_embedded_nul);
	tcase_add_test(pc, test_percent_decode_decodes_escapes_and_plus);
	tcase_add_test(pc, test_percent_decode_refuses_truncated_escape);
	tcase_add_test(pc, test_percent_decode_refuses_non_hex_escape);
	tcase_add_test(pc, test_percent_decode_refuses_decoded_nul_and_bad_utf8);
	tcase_add_test(pc, test_percent_decode_limits_decoded_length);
	tcase_add_test(oc, test_param_name_allows_only_lowercase_digits_underscore);
	tcase_add_test(oc, test_header_safe_refuses_cr_lf_and_controls);
	tcase_add_test(oc, test_skip_prefix_ci_matches_case_insensitively);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, pc);
	tcase_add_test(ic, test_parse_int_bounds_are_inclusive);
	tcase_add_test(ic, test_parse_int_reaches_llong_min_and_max);
	tcase_add_test(ic, test_parse_int_refuses_anything_but_plain_digits);
	tcase_add_test(ic, test_parse_int_reads_leading_zeros_as_decimal);
	tcase_add_test(ic, test_parse_int_refuses_a_minus_when_min_is_not_negative);
	tcase_add_test(ic, test_parse_intn_reads_only_n_bytes);
	tcase_add_test(ic, test_parse_id_wants_one_spelling_of_a_positive_id);
	suite_add_tcase(s, oc);
	suite_add_tcase(s, ic);
	return s;
}
