/* err: errors as values, with their failing fields. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

START_TEST(test_err_set_records_status_code_and_message)
{
	struct err e = { 0 };

	err_set(&e, 409, "SEATS_UNAVAILABLE", "seats %s are taken", "A1, A2");
	ck_assert_int_eq(e.status, 409);
	ck_assert_str_eq(e.code, "SEATS_UNAVAILABLE");
	ck_assert_str_eq(e.message, "seats A1, A2 are taken");
}
END_TEST

START_TEST(test_err_message_is_truncated_not_overflowed)
{
	struct err e = { 0 };
	char	 big[1000];

	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err_set(&e, 400, "VALIDATION_ERROR", "%s", big);
	ck_assert_uint_eq(strlen(e.message), sizeof(e.message) - 1);
	err_field(&e, big, "%s", big);
	ck_assert_uint_eq(strlen(e.fields[0].field), sizeof(e.fields[0].field) - 1);
	ck_assert_uint_eq(strlen(e.fields[0].message),
	    sizeof(e.fields[0].message) - 1);
}
END_TEST

START_TEST(test_err_fields_are_kept_up_to_the_limit)
{
	struct err e = { 0 };
	char	 name[16];

	for (int i = 0; i < ERR_MAX_FIELDS + 5; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		err_field(&e, name, "bad %d", i);
	}
	ck_assert_int_eq(e.nfields, ERR_MAX_FIELDS);
	ck_assert(err_has_field(&e, "f0"));
	ck_assert(err_has_field(&e, "f15"));
	ck_assert(!err_has_field(&e, "f16"));
	ck_assert(!err_has_field(&e, "price"));
	ck_assert_str_eq(e.fields[3].message, "bad 3");
}
END_TEST

START_TEST(test_err_status_text_for_every_status_we_send)
{
	static const int used[] = { 200, 201, 204, 304, 400, 401, 403, 404, 405,
	    409, 410, 413, 415, 422, 429, 500, 503 };

	for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++)
		ck_assert_str_ne(err_status_text(used[i]), "Status");
	ck_assert_str_eq(err_status_text(413), "Content Too Large");
	ck_assert_str_eq(err_status_text(999), "Status");
}
END_TEST

Suite *
err_suite(void)
{
	Suite	*s = suite_create("err");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_err_set_records_status_code_and_message);
	tcase_add_test(tc, test_err_message_is_truncated_not_overflowed);
	tcase_add_test(tc, test_err_fields_are_kept_up_to_the_limit);
	tcase_add_test(tc, test_err_status_text_for_every_status_we_send);
	suite_add_tcase(s, tc);
	return s;
}
