/* maintenance: the switch file in the data directory — on, off, the state
 * and message read back, messages cleaned for a JSON body and a banner, and
 * a switch that cannot be read counting as on (restore must never be
 * raced by a CGI that thought the site was up). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "maintenance.h"
#include "text.h"
#include "unit.h"

static char	*dir;
static struct conf conf;

static void
setup(void)
{
	char	 text[700], why[256];

	dir = unit_tmpdir();
	snprintf(text, sizeof(text), "data_dir = %s\ndb_path = %s/t.db\n",
	    dir, dir);
	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
}

static void
teardown(void)
{
	unit_rmdir(dir);
}

START_TEST(test_maintenance_is_off_without_the_switch_file)
{
	char	 msg[64] = "stale";
	time_t	 since = 99;

	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), &since), 0);
	ck_assert_str_eq(msg, "");
	ck_assert_int_eq(since, 0);
	ck_assert_int_eq(maintenance_get(&conf, NULL, 0, NULL), 0);
}
END_TEST

START_TEST(test_maintenance_on_then_off_round_trips_message_and_time)
{
	char	 msg[MAINTENANCE_MSG_MAX + 1], path[700];
	time_t	 since = 0;
	struct stat st;

	ck_assert_int_eq(maintenance_on(&conf, "Back at 18:00, sorry!",
	    1800000000), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), &since), 1);
	ck_assert_str_eq(msg, "Back at 18:00, sorry!");
	ck_assert_int_eq(since, 1800000000);
	snprintf(path, sizeof(path), "%s/maintenance", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(maintenance_off(&conf), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), &since), 0);
	/* Off twice is still off, not an error. */
	ck_assert_int_eq(maintenance_off(&conf), 0);
}
END_TEST

START_TEST(test_maintenance_without_a_message_uses_the_default)
{
	char	 msg[MAINTENANCE_MSG_MAX + 1];

	ck_assert_int_eq(maintenance_on(&conf, NULL, 1), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_str_eq(msg, MAINTENANCE_DEFAULT_MSG);
	ck_assert_int_eq(maintenance_on(&conf, "", 1), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_str_eq(msg, MAINTENANCE_DEFAULT_MSG);
	/* Only blanks is no message either: a banner must say something. */
	ck_assert_int_eq(maintenance_on(&conf, "  \t\n ", 1), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_str_eq(msg, MAINTENANCE_DEFAULT_MSG);
}
END_TEST

START_TEST(test_maintenance_message_loses_control_characters)
{
	char	 msg[MAINTENANCE_MSG_MAX + 1];

	ck_assert_int_eq(maintenance_on(&conf, "  Line one\nline\ttwo\r\x1b[31m"
	    "red\x7f  ", 1), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_str_eq(msg, "Line one line two  [31mred");
}
END_TEST

START_TEST(test_maintenance_message_is_cut_whole_characters_and_valid_utf8)
{
	char	 in[3 * MAINTENANCE_MSG_MAX], msg[MAINTENANCE_MSG_MAX + 1];
	size_t	 n = 0;

	/* "é" is two bytes; one ASCII byte first puts every cut mid-letter. */
	in[n++] = 'x';
	while (n + 2 < sizeof(in)) {
		in[n++] = (char)0xc3;
		in[n++] = (char)0xa9;
	}
	in[n] = '\0';
	ck_assert_int_eq(maintenance_on(&conf, in, 1), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_uint_le(strlen(msg), MAINTENANCE_MSG_MAX);
	ck_assert_uint_ge(strlen(msg), MAINTENANCE_MSG_MAX - 1);
	ck_assert_msg(text_utf8_valid(msg, strlen(msg)), "cut mid-letter");

	/* Bytes that are not UTF-8 (Latin-1 from an old terminal) become '?'. */
	ck_assert_int_eq(maintenance_on(&conf, "caf\xe9 closed \xc3\xa9t\xe9", 1),
	    0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_str_eq(msg, "caf? closed \xc3\xa9t?");

	/* A short buffer gets whole letters too. */
	ck_assert_int_eq(maintenance_on(&conf, "\xc3\xa9\xc3\xa9\xc3\xa9", 1), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, 6, NULL), 1);
	ck_assert_str_eq(msg, "\xc3\xa9\xc3\xa9");
}
END_TEST

START_TEST(test_maintenance_hand_edited_file_is_read_safely)
{
	char	 msg[MAINTENANCE_MSG_MAX + 1], *p;
	time_t	 since = 5;

	/* No time line, raw control bytes and a broken letter. */
	p = unit_write_file(dir, "maintenance", "soon\n\x01gone \xff\n", 12);
	free(p);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), &since), 1);
	ck_assert_int_eq(since, 0);
	ck_assert_str_eq(msg, "gone ?");
	/* An empty file: on, with the default message. */
	p = unit_write_file(dir, "maintenance", "", 0);
	free(p);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), &since), 1);
	ck_assert_str_eq(msg, MAINTENANCE_DEFAULT_MSG);
}
END_TEST

START_TEST(test_maintenance_unreadable_switch_counts_as_on)
{
	char	 path[700], msg[MAINTENANCE_MSG_MAX + 1];

	/* A symbolic link is never followed (O_NOFOLLOW): unreadable. */
	snprintf(path, sizeof(path), "%s/maintenance", dir);
	ck_assert_int_eq(symlink("/etc/passwd", path), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_str_eq(msg, MAINTENANCE_DEFAULT_MSG);
	ck_assert_int_eq(unlink(path), 0);
	/* Nor is a directory where the file should be. */
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 1);
	ck_assert_str_eq(msg, MAINTENANCE_DEFAULT_MSG);
	ck_assert_int_eq(rmdir(path), 0);
	ck_assert_int_eq(maintenance_get(&conf, msg, sizeof(msg), NULL), 0);
}
END_TEST

Suite *
maintenance_suite(void)
{
	Suite	*s = suite_create("maintenance");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_maintenance_is_off_without_the_switch_file);
	tcase_add_test(tc,
	    test_maintenance_on_then_off_round_trips_message_and_time);
	tcase_add_test(tc, test_maintenance_without_a_message_uses_the_default);
	tcase_add_test(tc, test_maintenance_message_loses_control_characters);
	tcase_add_test(tc,
	    test_maintenance_message_is_cut_whole_characters_and_valid_utf8);
	tcase_add_test(tc, test_maintenance_hand_edited_file_is_read_safely);
	tcase_add_test(tc, test_maintenance_unreadable_switch_counts_as_on);
	suite_add_tcase(s, tc);
	return s;
}
