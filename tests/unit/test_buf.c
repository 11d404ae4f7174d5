/* buf: the growable buffer every response is built in. */
#include <check.h>
#include <string.h>

#include "buf.h"

START_TEST(test_buf_empty_reads_as_empty_string)
{
	struct buf b = BUF_INIT;

	ck_assert_str_eq(buf_str(&b), "");
	ck_assert_uint_eq(b.len, 0);
	ck_assert(buf_ok(&b));
	buf_free(&b);
}
END_TEST

START_TEST(test_buf_appends_grow_past_initial_capacity)
{
	struct buf b = BUF_INIT;
	char	 want[5001];

	for (int i = 0; i < 5000; i++) {
		buf_putc(&b, (char)('a' + i % 26));
		want[i] = (char)('a' + i % 26);
	}
	want[5000] = '\0';
	ck_assert(buf_ok(&b));
	ck_assert_uint_eq(b.len, 5000);
	ck_assert_str_eq(buf_str(&b), want);
	ck_assert_uint_ge(b.cap, 5001);
	buf_free(&b);
}
END_TEST

START_TEST(test_buf_keeps_binary_bytes_and_stays_nul_terminated)
{
	struct buf b = BUF_INIT;
	const char bin[] = { 'P', '\0', 'N', '\xff', 'G' };

	buf_append(&b, bin, sizeof(bin));
	ck_assert_uint_eq(b.len, 5);
	ck_assert_mem_eq(b.data, bin, sizeof(bin));
	ck_assert_int_eq(b.data[5], '\0');
	buf_free(&b);
}
END_TEST

START_TEST(test_buf_printf_formats_and_appends)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "Status: ");
	buf_printf(&b, "%d %s", 404, "Not Found");
	buf_printf(&b, "%s", "");
	ck_assert_str_eq(buf_str(&b), "Status: 404 Not Found");
	/* Longer than the first allocation in one call. */
	buf_reset(&b);
	buf_printf(&b, "%0999d|", 7);
	ck_assert_uint_eq(b.len, 1000);
	ck_assert_int_eq(b.data[998], '7');
	buf_free(&b);
}
END_TEST

START_TEST(test_buf_reset_empties_and_clears_failure)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "hello");
	buf_reset(&b);
	ck_assert_str_eq(buf_str(&b), "");
	ck_assert_uint_eq(b.len, 0);
	b.failed = 1;
	buf_reset(&b);
	ck_assert(buf_ok(&b));
	buf_puts(&b, "again");
	ck_assert_str_eq(buf_str(&b), "again");
	buf_free(&b);
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_buf_refuses_growth_past_ceiling_and_stays_failed)
{
	struct buf b = BUF_INIT;
	static const char one[1] = { 'x' };

	buf_puts(&b, "kept");
	/* 64 MiB is the ceiling: the size is refused before anything is
	 * read from the source. */
	buf_append(&b, one, 64u * 1024 * 1024);
	ck_assert(!buf_ok(&b));
	ck_assert_str_eq(buf_str(&b), "kept");
	/* A failed buffer ignores later appends: the caller checks once. */
	buf_puts(&b, "more");
	buf_printf(&b, "%d", 1);
	ck_assert(!buf_ok(&b));
	ck_assert_str_eq(buf_str(&b), "kept");
	buf_free(&b);
}
END_TEST

Suite *
buf_suite(void)
{
	Suite	*s = suite_create("buf");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_buf_empty_reads_as_empty_string);
	tcase_add_test(tc, test_buf_appends_grow_past_initial_capacity);
	tcase_add_test(tc, test_buf_keeps_binary_bytes_and_stays_nul_terminated);
	tcase_add_test(tc, test_buf_printf_formats_and_appends);
	tcase_add_test(tc, test_buf_reset_empties_and_clears_failure);
	tcase_add_test(tc, test_buf_refuses_growth_past_ceiling_and_stays_failed);
	suite_add_tcase(s, tc);
	return s;
}
