/* json: bounded parsing of request bodies and the typed getters handlers
 * use for JSON, urlencoded and multipart input alike. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"

static cJSON *
parse(const char *s, enum json_err *e)
{
	return json_parse_object(s, strlen(s), e);
}

/* The object a form body becomes: its strings are form text (request.c
 * adds them with json_add_form_text). */
static cJSON *
form(const char *s, enum json_err *e)
{
	cJSON	*j = parse(s, e), *v;

	cJSON_ArrayForEach(v, j)
		if (cJSON_IsString(v))
			v->type |= JSON_FORM_TEXT;
	return j;
}

START_TEST(test_json_parses_an_object)
{
	enum json_err e;
	cJSON	*j = parse("{\"show_id\": 7, \"seats\": [\"A1\", \"A2\"], "
	    "\"name\": \"caf\xc3\xa9 \\u20b9\"}", &e);

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(e, JSON_OK);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "seats")), 2);
	ck_assert_str_eq(cJSON_GetObjectItem(j, "name")->valuestring,
	    "caf\xc3\xa9 \xe2\x82\xb9");
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_refuses_non_object_top_level)
{
	enum json_err e;

	ck_assert_ptr_null(parse("[1,2]", &e));
	ck_assert_int_eq(e, JSON_NOT_OBJECT);
	ck_assert_ptr_null(parse("\"text\"", &e));
	ck_assert_int_eq(e, JSON_NOT_OBJECT);
	ck_assert_ptr_null(parse("42", &e));
	ck_assert_int_eq(e, JSON_NOT_OBJECT);
	ck_assert_ptr_null(parse("null", &e));
	ck_assert_int_eq(e, JSON_NOT_OBJECT);
}
END_TEST

START_TEST(test_json_refuses_syntax_errors)
{
	enum json_err e;

	ck_assert_ptr_null(parse("", &e));
	ck_assert_int_eq(e, JSON_SYNTAX);
	ck_assert_ptr_null(parse("{", &e));
	ck_assert_int_eq(e, JSON_SYNTAX);
	ck_assert_ptr_null(parse("{\"a\":1,}", &e));
	ck_assert_int_eq(e, JSON_SYNTAX);
	ck_assert_ptr_null(parse("{'a':1}", &e));
	ck_assert_int_eq(e, JSON_SYNTAX);
	/* Trailing garbage after the object. */
	ck_assert_ptr_null(parse("{\"a\":1} {\"b\":2}", &e));
	ck_assert_int_eq(e, JSON_SYNTAX);
	ck_assert_ptr_null(parse("{\"a\":1}x", &e));
	ck_assert_int_eq(e, JSON_SYNTAX);
}
END_TEST

START_TEST(test_json_refuses_bad_utf8)
{
	enum json_err e;

	ck_assert_ptr_null(parse("{\"a\":\"\xff\"}", &e));
	ck_assert_int_eq(e, JSON_BAD_UTF8);
	ck_assert_ptr_null(parse("{\"a\":\"\xc0\xaf\"}", &e));
	ck_assert_int_eq(e, JSON_BAD_UTF8);
	ck_assert_ptr_null(parse("{\"a\":\"\xed\xa0\x80\"}", &e));
	ck_assert_int_eq(e, JSON_BAD_UTF8);
	ck_assert_ptr_null(json_parse_object("{\"a\":\"\0\"}", 8, &e));
	ck_assert_int_eq(e, JSON_BAD_UTF8);
}
END_TEST

START_TEST(test_json_refuses_nesting_deeper_than_16)
{
	struct buf b = BUF_INIT;
	enum json_err e;
	cJSON	*j;

	/* 16 levels: the object plus 15 arrays. */
	buf_puts(&b, "{\"a\":");
	for (int i = 0; i < JSON_MAX_DEPTH - 1; i++)
		buf_putc(&b, '[');
	for (int i = 0; i < JSON_MAX_DEPTH - 1; i++)
		buf_putc(&b, ']');
	buf_putc(&b, '}');
	j = parse(buf_str(&b), &e);
	ck_assert_ptr_nonnull(j);
	cJSON_Delete(j);
	/* 17 levels. */
	buf_reset(&b);
	buf_puts(&b, "{\"a\":");
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		buf_puts(&b, "{\"b\":");
	buf_puts(&b, "1");
	for (int i = 0; i < JSON_MAX_DEPTH + 1; i++)
		buf_putc(&b, '}');
	ck_assert_ptr_null(parse(buf_str(&b), &e));
	ck_assert_int_eq(e, JSON_TOO_DEEP);
	/* A hostile 100 000 levels costs one scan, not a stack overflow. */
	buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	ck_assert_ptr_null(parse(buf_str(&b), &e));
	ck_assert_int_eq(e, JSON_TOO_DEEP);
	buf_free(&b);
}
END_TEST

START_TEST(test_json_brackets_inside_strings_do_not_count_as_depth)
{
	struct buf b = BUF_INIT;
	enum json_err e;
	cJSON	*j;

	buf_puts(&b, "{\"a\":\"");
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "[{");
	buf_puts(&b, "\\\"[[[\"}");
	j = parse(buf_str(&b), &e);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(e, JSON_OK);
	cJSON_Delete(j);
	buf_free(&b);
}
END_TEST

START_TEST(test_json_parses_huge_flat_array)
{
	struct buf b = BUF_INIT;
	enum json_err e;
	cJSON	*j;

	buf_puts(&b, "{\"ids\":[");
	for (int i = 0; i < 50000; i++)
		buf_printf(&b, "%s%d", i ? "," : "", i);
	buf_puts(&b, "]}");
	j = parse(buf_str(&b), &e);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "ids")),
	    50000);
	cJSON_Delete(j);
	buf_free(&b);
}
END_TEST

START_TEST(test_json_get_str_distinguishes_absent_null_and_wrong_type)
{
	enum json_err e;
	cJSON	*j = parse("{\"s\":\"x\",\"n\":null,\"i\":1,\"o\":{}}", &e);
	const char *v;

	ck_assert_int_eq(json_get_str(j, "s", &v), 1);
	ck_assert_str_eq(v, "x");
	ck_assert_int_eq(json_get_str(j, "missing", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(json_get_str(j, "n", &v), 0);
	ck_assert_int_eq(json_get_str(j, "i", &v), -1);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(json_get_str(j, "o", &v), -1);
	/* Keys are case-sensitive. */
	ck_assert_int_eq(json_get_str(j, "S", &v), 0);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_get_int_reads_numbers_and_numeric_form_text)
{
	enum json_err e;
	const char *text = "{\"a\":42,\"b\":\"17\",\"c\":-3,\"d\":\"-8\","
	    "\"z\":0,\"e\":1e3}";
	cJSON	*j = parse(text, &e), *f = form(text, &e);
	long long v;

	ck_assert_int_eq(json_get_int(j, "a", &v), 1);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(json_get_int(j, "c", &v), 1);
	ck_assert_int_eq(v, -3);
	ck_assert_int_eq(json_get_int(j, "z", &v), 1);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(json_get_int(j, "e", &v), 1);
	ck_assert_int_eq(v, 1000);
	ck_assert_int_eq(json_get_int(j, "missing", &v), 0);
	/* A form has only text: "17" is 17 there. */
	ck_assert_int_eq(json_get_int(f, "b", &v), 1);
	ck_assert_int_eq(v, 17);
	ck_assert_int_eq(json_get_int(f, "d", &v), 1);
	ck_assert_int_eq(v, -8);
	cJSON_Delete(j);
	cJSON_Delete(f);
}
END_TEST

/* {"amount":"500"} topped a wallet up by ₹5.00: in JSON, a number is a
 * number. */
START_TEST(test_json_get_int_refuses_strings_in_a_json_body)
{
	enum json_err e;
	cJSON	*j = parse("{\"amount\":\"500\",\"id\":\"7\",\"n\":\"-8\","
	    "\"ids\":[\"12\",12]}", &e);
	long long v = 99;

	ck_assert_int_eq(json_get_int(j, "amount", &v), -1);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(json_get_int(j, "id", &v), -1);
	ck_assert_int_eq(json_get_int(j, "n", &v), -1);
	ck_assert_int_eq(json_item_int(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(j, "ids"), 0), &v), -1);
	ck_assert_int_eq(json_item_int(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(j, "ids"), 1), &v), 1);
	ck_assert_int_eq(v, 12);
	ck_assert_int_eq(json_item_int(NULL, &v), 0);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_get_int_refuses_floats_and_junk)
{
	enum json_err e;
	cJSON	*j = form("{\"f\":1.5,\"fs\":\"1.5\",\"w\":\"12abc\","
	    "\"sp\":\" 12\",\"plus\":\"+12\",\"empty\":\"\",\"minus\":\"-\","
	    "\"hex\":\"0x10\",\"t\":true,\"arr\":[1],\"tiny\":1e-300}", &e);
	long long v;

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_get_int(j, "f", &v), -1);
	ck_assert_int_eq(json_get_int(j, "fs", &v), -1);
	ck_assert_int_eq(json_get_int(j, "w", &v), -1);
	ck_assert_int_eq(json_get_int(j, "sp", &v), -1);
	ck_assert_int_eq(json_get_int(j, "plus", &v), -1);
	ck_assert_int_eq(json_get_int(j, "empty", &v), -1);
	ck_assert_int_eq(json_get_int(j, "minus", &v), -1);
	ck_assert_int_eq(json_get_int(j, "hex", &v), -1);
	ck_assert_int_eq(json_get_int(j, "t", &v), -1);
	ck_assert_int_eq(json_get_int(j, "arr", &v), -1);
	ck_assert_int_eq(json_get_int(j, "tiny", &v), -1);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_get_int_keeps_within_2_pow_53)
{
	enum json_err e;
	/* 2^53 - 1 is the largest integer a double holds exactly alongside
	 * its neighbours; 2^53 + 1 would silently read as 2^53. */
	cJSON	*j = form("{\"max\":9007199254740991,\"min\":-9007199254740991,"
	    "\"smax\":\"9007199254740991\",\"smin\":\"-9007199254740991\","
	    "\"over\":9007199254740993,\"under\":-9007199254740993,"
	    "\"p53\":9007199254740992,"
	    "\"sover\":\"9007199254740993\",\"sbig\":\"9999999999999999\","
	    "\"s17\":\"12345678901234567\",\"huge\":1e300}", &e);
	long long v;

	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_get_int(j, "max", &v), 1);
	ck_assert_int_eq(v, 9007199254740991LL);
	ck_assert_int_eq(json_get_int(j, "min", &v), 1);
	ck_assert_int_eq(v, -9007199254740991LL);
	ck_assert_int_eq(json_get_int(j, "smax", &v), 1);
	ck_assert_int_eq(v, 9007199254740991LL);
	ck_assert_int_eq(json_get_int(j, "smin", &v), 1);
	ck_assert_int_eq(v, -9007199254740991LL);
	ck_assert_int_eq(json_get_int(j, "over", &v), -1);
	ck_assert_int_eq(json_get_int(j, "under", &v), -1);
	ck_assert_int_eq(json_get_int(j, "p53", &v), -1);
	ck_assert_int_eq(json_get_int(j, "sover", &v), -1);
	ck_assert_int_eq(json_get_int(j, "sbig", &v), -1);
	ck_assert_int_eq(json_get_int(j, "s17", &v), -1);
	ck_assert_int_eq(json_get_int(j, "huge", &v), -1);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_get_bool_reads_booleans_and_form_values)
{
	enum json_err e;
	cJSON	*j = form("{\"t\":true,\"f\":false,\"on\":\"on\",\"one\":\"1\","
	    "\"st\":\"true\",\"sf\":\"false\",\"zero\":\"0\",\"yes\":\"yes\","
	    "\"num\":1}", &e);
	int	 v;

	ck_assert_int_eq(json_get_bool(j, "t", &v), 1);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(json_get_bool(j, "f", &v), 1);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(json_get_bool(j, "on", &v), 1);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(json_get_bool(j, "one", &v), 1);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(json_get_bool(j, "st", &v), 1);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(json_get_bool(j, "sf", &v), 1);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(json_get_bool(j, "zero", &v), 1);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(json_get_bool(j, "yes", &v), -1);
	ck_assert_int_eq(json_get_bool(j, "num", &v), -1);
	ck_assert_int_eq(json_get_bool(j, "missing", &v), 0);
	cJSON_Delete(j);
	/* In JSON, "true" is a string, not a boolean. */
	j = parse("{\"st\":\"true\",\"t\":true}", &e);
	ck_assert_int_eq(json_get_bool(j, "st", &v), -1);
	ck_assert_int_eq(json_get_bool(j, "t", &v), 1);
	cJSON_Delete(j);
}
END_TEST

/* "F1\u0000X" booked F1 and "alice\u0000" logged in as alice: cJSON cuts a
 * string at U+0000.  Such a body is refused, naming the field. */
START_TEST(test_json_refuses_strings_holding_nul_and_names_the_field)
{
	static const struct { const char *text, *field; } cases[] = {
		{ "{\"username\":\"alice\\u0000\",\"password\":\"x\"}",
		    "username" },
		{ "{\"show_id\":1,\"seats\":[\"A1\",\"F1\\u0000X\"]}", "seats" },
		{ "{\"card\":{\"number\":\"4\",\"name\":\"Bob\\u0000<b>\"}}",
		    "card.name" },
		{ "{\"a\":{\"b\":[{\"c\" : \"\\u0000\"}]}}", "a.b.c" },
		{ "{\"we\\u0000ird\":1}", "weu0000ird" },
		{ "{\"name\":\"\\u0000\"}", "name" },
	};
	char	 field[JSON_FIELD_MAX];
	enum json_err e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].text;

		ck_assert_ptr_null(json_parse_body(t, strlen(t), &e, field,
		    sizeof(field)));
		ck_assert_int_eq(e, JSON_NUL_CHAR);
		ck_assert_str_eq(field, cases[i].field);
	}
	/* An escaped backslash before u0000 is text, not U+0000; other
	 * escapes of control characters are fine. */
	{
		const char *t = "{\"a\":\"\\\\u0000\",\"b\":\"\\u0001\\u00e9\"}";
		cJSON	*j = json_parse_body(t, strlen(t), &e, field,
		    sizeof(field));

		ck_assert_ptr_nonnull(j);
		ck_assert_str_eq(cJSON_GetObjectItem(j, "a")->valuestring,
		    "\\u0000");
		cJSON_Delete(j);
	}
	ck_assert_str_eq(json_strerror(JSON_NUL_CHAR),
	    "text must not contain the character U+0000");
}
END_TEST

START_TEST(test_json_add_int_and_str_write_exact_values)
{
	cJSON	*o = cJSON_CreateObject();
	char	*s;

	/* cJSON prints 15 significant digits when they round-trip within
	 * its tolerance, so integers are exact below 10^15 (money is capped
	 * at 10^13 minor units by money_parse). */
	json_add_int(o, "amount", 999999999999999LL);
	json_add_int(o, "neg", -15050);
	json_add_str(o, "s", "a\"b");
	json_add_str(o, "none", NULL);
	s = cJSON_PrintUnformatted(o);
	ck_assert_str_eq(s, "{\"amount\":999999999999999,\"neg\":-15050,"
	    "\"s\":\"a\\\"b\",\"none\":null}");
	cJSON_free(s);
	cJSON_Delete(o);
}
END_TEST

START_TEST(test_json_strerror_names_every_error)
{
	for (int e = JSON_OK; e <= JSON_NOT_OBJECT; e++)
		ck_assert_str_ne(json_strerror((enum json_err)e), "bad JSON");
}
END_TEST


/* json_write writes what cJSON_PrintUnformatted writes (clients and tests
 * were written against cJSON's output) for everything a response holds:
 * strings, integers of up to 15 digits, short decimals. */
static void
assert_writes_like_cjson(const cJSON *j)
{
	struct buf b = BUF_INIT;
	char	*want = cJSON_PrintUnformatted(j);

	ck_assert_ptr_nonnull(want);
	ck_assert_int_eq(json_write(&b, j), 0);
	ck_assert_str_eq(buf_str(&b), want);
	cJSON_free(want);
	buf_free(&b);
}

/* Its text reads back as the same double (within cJSON's epsilon, as
 * cJSON's own would; integers exactly). */
static void
assert_reads_back(double d)
{
	struct buf b = BUF_INIT;
	cJSON	*n = cJSON_CreateNumber(d), *back;

	ck_assert_int_eq(json_write(&b, n), 0);
	back = cJSON_Parse(buf_str(&b));
	ck_assert_ptr_nonnull(back);
	ck_assert_msg(fabs(back->valuedouble - d) <= fmax(fabs(d),
	    fabs(back->valuedouble)) * DBL_EPSILON, "%.17g written as %s", d,
	    buf_str(&b));
	cJSON_Delete(back);
	cJSON_Delete(n);
	buf_free(&b);
}

START_TEST(test_json_write_matches_cjson_for_every_kind_of_value)
{
	static const double numbers[] = { 0, 1, -1, 42, 2147483647.0,
	    2147483648.0, -2147483649.0, 1700000000, 4102444800.0,
	    999999999999999.0, -999999999999999.0, 0.1, 1.5, -2.25,
	    8.3, 1234.5678, 1e300, -1e-300 };
	static const char *strings[] = { "", "plain", "quote \" back \\ slash",
	    "ctl \b\f\n\r\t \x01\x1f\x7f", "caf\xc3\xa9 \xe2\x82\xb9 \xf0\x9f\x8e\xac",
	    "</script><!--", "a\xe2\x80\xa8" "b" };
	cJSON	*o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "n");

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		cJSON	*one = cJSON_CreateNumber(numbers[i]);

		assert_writes_like_cjson(one);
		cJSON_Delete(one);
		cJSON_AddItemToArray(a, cJSON_CreateNumber(numbers[i]));
	}
	a = cJSON_AddArrayToObject(o, "s");
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		cJSON_AddItemToArray(a, cJSON_CreateString(strings[i]));
		cJSON_AddStringToObject(o, strings[i], strings[i]);
	}
	cJSON_AddNullToObject(o, "null");
	cJSON_AddTrueToObject(o, "t");
	cJSON_AddFalseToObject(o, "f");
	cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("[1,2]"));
	cJSON_AddItemToObject(o, "ref", cJSON_CreateStringReference("borrowed"));
	cJSON_AddObjectToObject(o, "empty object");
	cJSON_AddArrayToObject(o, "empty array");
	cJSON_AddItemToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(o,
	    "deep"), "deeper"), "deepest", cJSON_CreateNumber(-7));
	assert_writes_like_cjson(o);
	cJSON_Delete(o);
}
END_TEST

START_TEST(test_json_write_writes_integers_exactly_where_cjson_rounds)
{
	static const double numbers[] = { 1e15, 9007199254740991.0,
	    -9007199254740991.0, 9007199254740992.0, 1234567890123456.0,
	    123456789012345678.0, 3.141592653589793, 0.30000000000000004,
	    5e-324, 1.7976931348623157e308 };
	struct buf b = BUF_INIT;
	cJSON	*n;

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		assert_reads_back(numbers[i]);
	/* Integers (ids, paise) are written as digits, never as 9.007e+15. */
	n = cJSON_CreateNumber(9007199254740991.0);
	json_write(&b, n);
	ck_assert_str_eq(buf_str(&b), "9007199254740991");
	cJSON_Delete(n);
	buf_free(&b);
}
END_TEST

START_TEST(test_json_write_matches_cjson_on_random_trees)
{
	unsigned seed = 20261202;

	for (int round = 0; round < 200; round++) {
		cJSON	*o = cJSON_CreateObject();

		for (int i = 0; i < 20; i++) {
			char	 key[8], str[12];
			int	 r = rand_r(&seed);
			double	 big = (double)rand_r(&seed) * rand_r(&seed);

			snprintf(key, sizeof(key), "k%d", i);
			for (size_t k = 0; k < sizeof(str) - 1; k++)
				str[k] = (char)(1 + rand_r(&seed) % 127);
			str[sizeof(str) - 1] = '\0';
			assert_reads_back(big);
			assert_reads_back(big / 7);
			if (r % 3 == 0)
				cJSON_AddNumberToObject(o, key,
				    (double)(rand_r(&seed) - RAND_MAX / 2) *
				    (r % 2 ? 1 : 1e-3));
			else
				cJSON_AddStringToObject(o, key, str);
		}
		assert_writes_like_cjson(o);
		cJSON_Delete(o);
	}
}
END_TEST

START_TEST(test_json_write_refuses_what_cjson_cannot_print)
{
	struct buf b = BUF_INIT;
	cJSON	*o = cJSON_CreateObject(), *bad = cJSON_CreateString("x");

	cJSON_free(bad->valuestring);
	bad->valuestring = NULL;		/* a string with no text */
	cJSON_AddItemToObject(o, "bad", bad);
	ck_assert_int_eq(json_write(&b, o), -1);
	buf_free(&b);
	cJSON_Delete(o);
}
END_TEST

Suite *
json_suite(void)
{
	Suite	*s = suite_create("json");
	TCase	*pc = tcase_create("parse");
	TCase	*gc = tcase_create("getters");

	tcase_add_test(pc, test_json_parses_an_object);
	tcase_add_test(pc, test_json_refuses_non_object_top_level);
	tcase_add_test(pc, test_json_refuses_syntax_errors);
	tcase_add_test(pc, test_json_refuses_bad_utf8);
	tcase_add_test(pc, test_json_refuses_nesting_deeper_than_16);
	tcase_add_test(pc, test_json_brackets_inside_strings_do_not_count_as_depth);
	tcase_add_test(pc, test_json_parses_huge_flat_array);
	tcase_add_test(pc, test_json_strerror_names_every_error);
	tcase_add_test(gc, test_json_get_str_distinguishes_absent_null_and_wrong_type);
	tcase_add_test(gc, test_json_get_int_reads_numbers_and_numeric_form_text);
	tcase_add_test(gc, test_json_get_int_refuses_strings_in_a_json_body);
	tcase_add_test(gc, test_json_refuses_strings_holding_nul_and_names_the_field);
	tcase_add_test(gc, test_json_get_int_refuses_floats_and_junk);
	tcase_add_test(gc, test_json_get_int_keeps_within_2_pow_53);
	tcase_add_test(gc, test_json_get_bool_reads_booleans_and_form_values);
	tcase_add_test(gc, test_json_add_int_and_str_write_exact_values);
	tcase_add_test(gc, test_json_write_matches_cjson_for_every_kind_of_value);
	tcase_add_test(gc, test_json_write_writes_integers_exactly_where_cjson_rounds);
	tcase_add_test(gc, test_json_write_matches_cjson_on_random_trees);
	tcase_add_test(gc, test_json_write_refuses_what_cjson_cannot_print);
	suite_add_tcase(s, pc);
	suite_add_tcase(s, gc);
	return s;
}
