/* config: skyfox.conf parsing — comments, last-wins, strict lines,
 * defaults, clock_offset. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "unit.h"

START_TEST(test_config_parses_keys_values_and_comments)
{
	struct conf c;
	char	 why[128];

	ck_assert_int_eq(conf_parse(&c, "# SkyFox\n"
	    "  db_path = /srv/skyfox/skyfox.db  \n"
	    "\n"
	    "\t# indented comment\n"
	    "cinema_name=Sky Fox = Best\r\n"
	    "hold_minutes = 5\n"
	    "empty =\n"
	    "timezone = Europe/London", why, sizeof(why)), 0);
	ck_assert_str_eq(c.db_path, "/srv/skyfox/skyfox.db");
	/* Only the first '=' separates; the rest is the value. */
	ck_assert_str_eq(c.cinema_name, "Sky Fox = Best");
	ck_assert_str_eq(c.timezone, "Europe/London");
	ck_assert_str_eq(conf_get(&c, "empty", "dflt"), "");
	ck_assert_int_eq(conf_int(&c, "hold_minutes", 9), 5);
	ck_assert_int_eq(conf_int(&c, "empty", 9), 9);
}
END_TEST

START_TEST(test_config_last_setting_wins)
{
	struct conf c;
	char	 why[128];

	ck_assert_int_eq(conf_parse(&c, "hold_minutes = 5\nhold_minutes = 7\n",
	    why, sizeof(why)), 0);
	ck_assert_int_eq(conf_int(&c, "hold_minutes", 0), 7);
}
END_TEST

START_TEST(test_config_defaults_when_absent)
{
	struct conf c;
	char	 why[128];

	ck_assert_int_eq(conf_parse(&c, "", why, sizeof(why)), 0);
	ck_assert_str_eq(c.db_path, "skyfox.db");
	ck_assert_str_eq(c.data_dir, ".");
	ck_assert_str_eq(c.timezone, "Asia/Kolkata");
	ck_assert_str_eq(c.currency, "INR");
	ck_assert_str_eq(c.cinema_name, "SkyFox Cinema");
	ck_assert_int_eq(c.clock_offset, 0);
	ck_assert_ptr_null(conf_get(&c, "missing", NULL));
	ck_assert_str_eq(conf_get(&c, "missing", "x"), "x");
	ck_assert_int_eq(conf_int(&c, "missing", 42), 42);
}
END_TEST

START_TEST(test_config_refuses_malformed_line)
{
	struct conf c;
	char	 why[128] = "";

	ck_assert_int_eq(conf_parse(&c, "db_path = x\nhold_minutes 5\n", why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "line 2: expected key = value");
	ck_assert_int_eq(conf_parse(&c, " = value\n", why, sizeof(why)), -1);
}
END_TEST

START_TEST(test_config_refuses_too_long_value_or_line)
{
	struct conf c;
	char	 why[128] = "";
	char	 text[700];

	/* A value that fits the line but not the entry. */
	snprintf(text, sizeof(text), "k = %0500d\n", 0);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "line 1: key or value too long");
	snprintf(text, sizeof(text), "%060d = v\n", 0);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), -1);
	/* A line longer than any entry could be. */
	snprintf(text, sizeof(text), "k = %0650d\n", 0);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "line 1 too long");
	/* Just under the limits is fine. */
	snprintf(text, sizeof(text), "k = %0463d\n", 0);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	ck_assert_uint_eq(strlen(conf_get(&c, "k", "")), 463);
}
END_TEST

START_TEST(test_config_refuses_too_many_settings)
{
	struct conf c;
	char	 why[128];
	char	 text[4096] = "";

	for (int i = 0; i < CONF_MAX_ENTRIES + 1; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
		    "k%d = %d\n", i, i);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "too many settings");
}
END_TEST

START_TEST(test_config_clock_offset_and_integers)
{
	struct conf c;
	char	 why[128];

	ck_assert_int_eq(conf_parse(&c, "clock_offset = 86400\nneg = -3600\n"
	    "junk = 12abc\nbig = 99999999999999999999\n", why, sizeof(why)), 0);
	ck_assert_int_eq(c.clock_offset, 86400);
	ck_assert_int_eq(conf_int(&c, "neg", 0), -3600);
	/* A malformed number falls back to the caller's default. */
	ck_assert_int_eq(conf_int(&c, "junk", 5), 5);
	ck_assert_int_eq(conf_int(&c, "big", 5), 5);
	ck_assert_int_eq(conf_parse(&c, "clock_offset = -300\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(c.clock_offset, -300);
}
END_TEST

/* A limit set to 0, to a negative number or to 10^9 means its nearest sane
 * value; junk means the default. */
START_TEST(test_config_int_in_holds_a_limit_to_its_range)
{
	struct conf c;
	char	 why[128];

	ck_assert_int_eq(conf_parse(&c, "db_path = /x.db\ndata_dir = /x\n"
	    "a = 0\nb = -4\nc = 1000000000\nd = 7\ne = 7x\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(conf_int_in(&c, "a", 3, 1, 100), 1);
	ck_assert_int_eq(conf_int_in(&c, "b", 3, 1, 100), 1);
	ck_assert_int_eq(conf_int_in(&c, "c", 3, 1, 100), 100);
	ck_assert_int_eq(conf_int_in(&c, "d", 3, 1, 100), 7);
	ck_assert_int_eq(conf_int_in(&c, "e", 3, 1, 100), 3);
	ck_assert_int_eq(conf_int_in(&c, "absent", 3, 1, 100), 3);
}
END_TEST

START_TEST(test_config_load_reads_file_named_by_skyfox_conf)
{
	char	*dir = unit_tmpdir();
	static const char text[] = "db_path = /data/x.db\nclock_offset = 60\n";
	char	*path = unit_write_file(dir, "skyfox.conf", text, sizeof(text) - 1);
	struct conf c;
	char	 why[256];

	setenv("SKYFOX_CONF", path, 1);
	ck_assert_int_eq(conf_load(&c, NULL, why, sizeof(why)), 0);
	ck_assert_str_eq(c.db_path, "/data/x.db");
	ck_assert_int_eq(c.clock_offset, 60);
	ck_assert_str_eq(c.path, path);
	ck_assert_int_eq(conf_load(&c, path, why, sizeof(why)), 0);
	unsetenv("SKYFOX_CONF");
	ck_assert_int_eq(conf_load(&c, NULL, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "SKYFOX_CONF is not set"));
	free(path);
	ck_assert_int_ne(asprintf(&path, "%s/absent.conf", dir), -1);
	ck_assert_int_eq(conf_load(&c, path, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "cannot open"));
	free(path);
	unit_rmdir(dir);
}
END_TEST

Suite *
config_suite(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_config_parses_keys_values_and_comments);
	tcase_add_test(tc, test_config_last_setting_wins);
	tcase_add_test(tc, test_config_defaults_when_absent);
	tcase_add_test(tc, test_config_refuses_malformed_line);
	tcase_add_test(tc, test_config_refuses_too_long_value_or_line);
	tcase_add_test(tc, test_config_refuses_too_many_settings);
	tcase_add_test(tc, test_config_clock_offset_and_integers);
	tcase_add_test(tc, test_config_load_reads_file_named_by_skyfox_conf);
	tcase_add_test(tc, test_config_int_in_holds_a_limit_to_its_range);
	suite_add_tcase(s, tc);
	return s;
}
