/* err: errors as values, with their failing fields. */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "response.h"

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

/* Every status the code passes — found by reading the sources, so a new
 * ctx_fail(c, 402, …) without a phrase in lib/err.c fails here — has its
 * standard reason phrase.  The sources include the error tables of the
 * cgi-bin/ headers, whose rows read { 402, "CARD_DECLINED", … }. */
START_TEST(test_err_status_text_for_every_status_the_code_passes)
{
	static const char *const dirs[] = { "lib", "cgi-bin", "cli", "cron" };
	static const char *const shapes[] = {
		"(ctx_fail|ctx_ok|err_set|resp_data|resp_bytes|resp_empty)"
		    "\\([^,;]*, *([1-5][0-9][0-9])[,)]",
		"(return|status =) ([1-5][0-9][0-9]);",
		"(\\{) *([1-5][0-9][0-9]), *\"[A-Z_]+\"",
	};
	char	 root[PATH_MAX], path[PATH_MAX + 300], line[1024];
	int	 seen[ERR_STATUS_MAX + 1] = { 0 }, kinds = 0;
	ssize_t	 n;
	regex_t	 re[3];

	/* build/unit-tests → the checkout it was built in. */
	n = readlink("/proc/self/exe", root, sizeof(root) - 1);
	ck_assert_int_gt(n, 0);
	root[n] = '\0';
	*strrchr(root, '/') = '\0';
	*strrchr(root, '/') = '\0';
	for (int k = 0; k < 3; k++)
		ck_assert_int_eq(regcomp(&re[k], shapes[k], REG_EXTENDED), 0);
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		DIR	*dir;
		struct dirent *e;

		snprintf(path, sizeof(path), "%s/%s", root, dirs[d]);
		ck_assert_ptr_nonnull(dir = opendir(path));
		while ((e = readdir(dir)) != NULL) {
			size_t	 len = strlen(e->d_name);
			const char *ext = len < 3 ? "" : e->d_name + len - 2;
			FILE	*f;

			if (strcmp(ext, ".c") != 0 && strcmp(ext, ".h") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", root, dirs[d],
			    e->d_name);
			ck_assert_ptr_nonnull(f = fopen(path, "r"));
			while (fgets(line, sizeof(line), f) != NULL)
				for (int k = 0; k < 3; k++) {
					regmatch_t m[3];
					int	 st;

					if (regexec(&re[k], line, 3, m, 0) != 0)
						continue;
					st = atoi(line + m[2].rm_so);
					if (err_status_text(st) == NULL)
						ck_abort_msg("%s: status %d has no "
						    "reason phrase", path, st);
					if (!seen[st]++)
						kinds++;
				}
			fclose(f);
		}
		closedir(dir);
	}
	for (int k = 0; k < 3; k++)
		regfree(&re[k]);
	/* The walk really read the code: these are all sent somewhere. */
	ck_assert_int_ge(kinds, 15);
	ck_assert(seen[402] && seen[429] && seen[503] && seen[201]);
	ck_assert_str_eq(err_status_text(402), "Payment Required");
	ck_assert_str_eq(err_status_text(413), "Content Too Large");
	ck_assert_ptr_null(err_status_text(299));
	ck_assert_ptr_null(err_status_text(999));
	ck_assert_ptr_null(err_status_text(-1));
}
END_TEST

/* A status without a phrase never reaches the wire as "NNN Status". */
START_TEST(test_err_status_without_phrase_is_sent_as_500)
{
	struct resp r = { 0 };
	char	 out[2048] = "";
	FILE	*f = fmemopen(out, sizeof(out) - 1, "w");

	ck_assert_ptr_nonnull(f);
	resp_bytes(&r, 299, "text/plain", "hi", 2);
	ck_assert_int_eq(resp_write(&r, "rid", f), 0);
	fclose(f);
	ck_assert_msg(strncmp(out, "Status: 500 Internal Server Error\r\n",
	    35) == 0, "got %.40s", out);
	ck_assert_ptr_null(strstr(out, "Status: 299"));
	resp_free(&r);
	memset(&r, 0, sizeof(r));
	f = fmemopen(out, sizeof(out) - 1, "w");
	resp_bytes(&r, 402, "application/json", "{}", 2);
	ck_assert_int_eq(resp_write(&r, "rid", f), 0);
	fclose(f);
	ck_assert_msg(strncmp(out, "Status: 402 Payment Required\r\n", 30) == 0,
	    "got %.40s", out);
	resp_free(&r);
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
	tcase_add_test(tc, test_err_status_text_for_every_status_the_code_passes);
	tcase_add_test(tc, test_err_status_without_phrase_is_sent_as_500);
	suite_add_tcase(s, tc);
	return s;
}
