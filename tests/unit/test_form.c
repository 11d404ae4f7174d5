/* form: query strings, urlencoded bodies and cookies, all bounded. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"

static enum form_err
parse(const char *s, struct params *p)
{
	memset(p, 0, sizeof(*p));
	return form_parse_urlencoded(s, strlen(s), p);
}

START_TEST(test_form_parses_pairs_in_order)
{
	struct params p;

	ck_assert_int_eq(parse("date=2026-11-25&screen_id=1&q=a+b%21", &p),
	    FORM_OK);
	ck_assert_uint_eq(p.n, 3);
	ck_assert_str_eq(p.v[0].name, "date");
	ck_assert_str_eq(params_get(&p, "date"), "2026-11-25");
	ck_assert_str_eq(params_get(&p, "screen_id"), "1");
	ck_assert_str_eq(params_get(&p, "q"), "a b!");
	ck_assert_uint_eq(p.v[2].len, 4);
	ck_assert_ptr_null(params_get(&p, "missing"));
	params_free(&p);
	ck_assert_uint_eq(p.n, 0);
	ck_assert_ptr_null(p.v);
}
END_TEST

START_TEST(test_form_first_value_of_repeated_name_wins)
{
	struct params p;

	ck_assert_int_eq(parse("a=1&a=2", &p), FORM_OK);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_str_eq(params_get(&p, "a"), "1");
	params_free(&p);
}
END_TEST

START_TEST(test_form_name_without_value_is_empty_string)
{
	struct params p;

	ck_assert_int_eq(parse("flag&x=", &p), FORM_OK);
	ck_assert_str_eq(params_get(&p, "flag"), "");
	ck_assert_str_eq(params_get(&p, "x"), "");
	params_free(&p);
}
END_TEST

START_TEST(test_form_tolerates_empty_pairs)
{
	struct params p;

	ck_assert_int_eq(parse("&&a=1&&&b=2&", &p), FORM_OK);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_str_eq(params_get(&p, "b"), "2");
	params_free(&p);
	ck_assert_int_eq(parse("", &p), FORM_OK);
	ck_assert_uint_eq(p.n, 0);
	params_free(&p);
}
END_TEST

START_TEST(test_form_refuses_more_than_64_params)
{
	struct buf b = BUF_INIT;
	struct params p;

	for (int i = 0; i < FORM_MAX_PARAMS; i++)
		buf_printf(&b, "%sp%d=%d", i ? "&" : "", i, i);
	ck_assert_int_eq(parse(buf_str(&b), &p), FORM_OK);
	ck_assert_uint_eq(p.n, 64);
	params_free(&p);
	buf_puts(&b, "&one_more=1");
	ck_assert_int_eq(parse(buf_str(&b), &p), FORM_TOO_MANY);
	params_free(&p);
	buf_free(&b);
}
END_TEST

START_TEST(test_form_refuses_value_over_8192_bytes)
{
	struct buf b = BUF_INIT;
	struct params p;

	buf_puts(&b, "v=");
	for (int i = 0; i < FORM_MAX_VALUE; i++)
		buf_putc(&b, 'x');
	ck_assert_int_eq(parse(buf_str(&b), &p), FORM_OK);
	ck_assert_uint_eq(p.v[0].len, 8192);
	params_free(&p);
	buf_putc(&b, 'x');
	ck_assert_int_eq(parse(buf_str(&b), &p), FORM_TOO_LONG);
	params_free(&p);
	/* Decoded length counts: 8193 bytes written as escapes too. */
	buf_reset(&b);
	buf_puts(&b, "v=");
	for (int i = 0; i < FORM_MAX_VALUE + 1; i++)
		buf_puts(&b, "%41");
	ck_assert_int_eq(parse(buf_str(&b), &p), FORM_TOO_LONG);
	params_free(&p);
	buf_free(&b);
}
END_TEST

START_TEST(test_form_refuses_bad_names)
{
	struct params p;
	char	 name[80];

	ck_assert_int_eq(parse("Upper=1", &p), FORM_BAD_NAME);
	params_free(&p);
	ck_assert_int_eq(parse("a-b=1", &p), FORM_BAD_NAME);
	params_free(&p);
	ck_assert_int_eq(parse("=value", &p), FORM_BAD_NAME);
	params_free(&p);
	ck_assert_int_eq(parse("seats[]=A1", &p), FORM_BAD_NAME);
	params_free(&p);
	ck_assert_int_eq(parse("a%20b=1", &p), FORM_BAD_NAME);
	params_free(&p);
	/* An escape cannot smuggle a bad name past the check. */
	ck_assert_int_eq(parse("%41=1", &p), FORM_BAD_NAME);
	params_free(&p);
	memset(name, 'n', 65);
	strcpy(name + 65, "=1");
	ck_assert_int_eq(parse(name, &p), FORM_BAD_NAME);
	params_free(&p);
	/* A good pair before the bad one does not make it through. */
	ck_assert_int_eq(parse("ok=1&B=2", &p), FORM_BAD_NAME);
	params_free(&p);
}
END_TEST

START_TEST(test_form_refuses_bad_escapes_and_utf8)
{
	struct params p;

	ck_assert_int_eq(parse("a=%zz", &p), FORM_BAD_ESCAPE);
	params_free(&p);
	ck_assert_int_eq(parse("a=%4", &p), FORM_BAD_ESCAPE);
	params_free(&p);
	ck_assert_int_eq(parse("a=1%&b=2", &p), FORM_BAD_ESCAPE);
	params_free(&p);
	ck_assert_int_eq(parse("a%=1", &p), FORM_BAD_ESCAPE);
	params_free(&p);
	ck_assert_int_eq(parse("a=%00", &p), FORM_BAD_UTF8);
	params_free(&p);
	ck_assert_int_eq(parse("a=%C3", &p), FORM_BAD_UTF8);
	params_free(&p);
	ck_assert_int_eq(parse("a=\xff", &p), FORM_BAD_UTF8);
	params_free(&p);
}
END_TEST

START_TEST(test_form_respects_length_not_nul)
{
	struct params p = { NULL, 0 };

	/* Only the first n bytes are the form. */
	ck_assert_int_eq(form_parse_urlencoded("a=1&b=2", 3, &p), FORM_OK);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(params_get(&p, "a"), "1");
	params_free(&p);
	/* A raw NUL in the body is not text. */
	ck_assert_int_eq(form_parse_urlencoded("a=1\0x", 5, &p), FORM_BAD_UTF8);
	params_free(&p);
}
END_TEST

START_TEST(test_form_add_enforces_the_same_limits)
{
	struct params p = { NULL, 0 };
	char	 big[FORM_MAX_VALUE + 1];

	ck_assert_int_eq(form_add(&p, "name", 4, "v", 1), FORM_OK);
	ck_assert_int_eq(form_add(&p, "Name", 4, "v", 1), FORM_BAD_NAME);
	ck_assert_int_eq(form_add(&p, "x", 1, "a\0b", 3), FORM_BAD_UTF8);
	memset(big, 'a', sizeof(big));
	ck_assert_int_eq(form_add(&p, "x", 1, big, sizeof(big)), FORM_TOO_LONG);
	ck_assert_uint_eq(p.n, 1);
	params_free(&p);
}
END_TEST

static enum form_err
cookies(const char *s, struct params *p)
{
	memset(p, 0, sizeof(*p));
	return form_parse_cookies(s, p);
}

START_TEST(test_cookies_parse_semicolon_pairs)
{
	struct params p;

	ck_assert_int_eq(cookies("sf_session=abc.def.ghi; theme=dark", &p),
	    FORM_OK);
	ck_assert_str_eq(params_get(&p, "sf_session"), "abc.def.ghi");
	ck_assert_str_eq(params_get(&p, "theme"), "dark");
	params_free(&p);
	/* Quoted values lose their quotes (RFC 6265 cookie-value). */
	ck_assert_int_eq(cookies("a=\"quoted\";b=x", &p), FORM_OK);
	ck_assert_str_eq(params_get(&p, "a"), "quoted");
	ck_assert_str_eq(params_get(&p, "b"), "x");
	params_free(&p);
	/* Cookie values are not percent-decoded. */
	ck_assert_int_eq(cookies("a=%41", &p), FORM_OK);
	ck_assert_str_eq(params_get(&p, "a"), "%41");
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_skip_junk_from_other_software)
{
	struct params p;

	ck_assert_int_eq(cookies(";;  ; _ga=GA1.2.3; Foreign-Name=1; "
	    "noequals; =novalue; x=caf\xc3\xa9; bad=\xff\xfe; sf_session=tok; ",
	    &p), FORM_OK);
	ck_assert_str_eq(params_get(&p, "_ga"), "GA1.2.3");
	ck_assert_str_eq(params_get(&p, "x"), "caf\xc3\xa9");
	ck_assert_str_eq(params_get(&p, "sf_session"), "tok");
	ck_assert_ptr_null(params_get(&p, "bad"));
	ck_assert_ptr_null(params_get(&p, "noequals"));
	ck_assert_uint_eq(p.n, 3);
	params_free(&p);
	ck_assert_int_eq(cookies("", &p), FORM_OK);
	ck_assert_uint_eq(p.n, 0);
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_first_of_a_name_wins)
{
	struct params p;

	ck_assert_int_eq(cookies("sf_session=specific; sf_session=general", &p),
	    FORM_OK);
	ck_assert_str_eq(params_get(&p, "sf_session"), "specific");
	ck_assert_uint_eq(p.n, 1);
	params_free(&p);
}
END_TEST

START_TEST(test_cookies_skip_over_long_value)
{
	struct buf b = BUF_INIT;
	struct params p;

	buf_puts(&b, "big=");
	for (int i = 0; i < FORM_MAX_VALUE + 1; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "; small=1");
	ck_assert_int_eq(cookies(buf_str(&b), &p), FORM_OK);
	ck_assert_ptr_null(params_get(&p, "big"));
	ck_assert_str_eq(params_get(&p, "small"), "1");
	params_free(&p);
	buf_free(&b);
}
END_TEST

START_TEST(test_form_strerror_names_every_error)
{
	for (int e = FORM_OK; e <= FORM_NOMEM; e++) {
		ck_assert_ptr_nonnull(form_strerror((enum form_err)e));
		ck_assert_str_ne(form_strerror((enum form_err)e), "bad parameters");
	}
}
END_TEST

Suite *
form_suite(void)
{
	Suite	*s = suite_create("form");
	TCase	*tc = tcase_create("urlencoded");
	TCase	*cc = tcase_create("cookies");

	tcase_add_test(tc, test_form_parses_pairs_in_order);
	tcase_add_test(tc, test_form_first_value_of_repeated_name_wins);
	tcase_add_test(tc, test_form_name_without_value_is_empty_string);
	tcase_add_test(tc, test_form_tolerates_empty_pairs);
	tcase_add_test(tc, test_form_refuses_more_than_64_params);
	tcase_add_test(tc, test_form_refuses_value_over_8192_bytes);
	tcase_add_test(tc, test_form_refuses_bad_names);
	tcase_add_test(tc, test_form_refuses_bad_escapes_and_utf8);
	tcase_add_test(tc, test_form_respects_length_not_nul);
	tcase_add_test(tc, test_form_add_enforces_the_same_limits);
	tcase_add_test(tc, test_form_strerror_names_every_error);
	tcase_add_test(cc, test_cookies_parse_semicolon_pairs);
	tcase_add_test(cc, test_cookies_skip_junk_from_other_software);
	tcase_add_test(cc, test_cookies_first_of_a_name_wins);
	tcase_add_test(cc, test_cookies_skip_over_long_value);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, cc);
	return s;
}
