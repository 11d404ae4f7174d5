/* clock: UTC storage, the cinema's zone for dates and display, strict dates,
 * and the site clock's offset. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "config.h"

/* UTC seconds of a UTC calendar time. */
static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

static void
kolkata(void)
{
	clock_use_zone("Asia/Kolkata");
}

START_TEST(test_clock_iso8601_carries_kolkata_offset)
{
	char	 s[32];

	clock_iso8601(utc(2026, 11, 25, 14, 0), s);
	ck_assert_str_eq(s, "2026-11-25T19:30:00+05:30");
	clock_iso8601(0, s);
	ck_assert_str_eq(s, "1970-01-01T05:30:00+05:30");
}
END_TEST

START_TEST(test_clock_iso8601_in_utc_and_dst_zones)
{
	char	 s[32];

	clock_use_zone("UTC");
	clock_iso8601(utc(2026, 1, 2, 3, 4), s);
	ck_assert_str_eq(s, "2026-01-02T03:04:00+00:00");
	clock_use_zone("America/New_York");
	clock_iso8601(utc(2026, 1, 15, 17, 0), s);
	ck_assert_str_eq(s, "2026-01-15T12:00:00-05:00");
	clock_iso8601(utc(2026, 7, 15, 16, 0), s);
	ck_assert_str_eq(s, "2026-07-15T12:00:00-04:00");
}
END_TEST

START_TEST(test_clock_local_is_cinema_time)
{
	/* The Evening slot, 16:30 in Kolkata, is 11:00 UTC. */
	ck_assert_int_eq(clock_local("2026-11-25", 16 * 60 + 30),
	    utc(2026, 11, 25, 11, 0));
	/* Local midnight is the previous day in UTC. */
	ck_assert_int_eq(clock_local("2026-11-25", 0), utc(2026, 11, 24, 18, 30));
	ck_assert_int_eq(clock_local("2026-11-25", 1439),
	    utc(2026, 11, 25, 18, 29));
	ck_assert_int_eq(clock_local("2026-02-30", 600), -1);
	ck_assert_int_eq(clock_local("tomorrow", 600), -1);
}
END_TEST

START_TEST(test_clock_local_follows_dst)
{
	clock_use_zone("America/New_York");
	ck_assert_int_eq(clock_local("2026-01-15", 12 * 60),
	    utc(2026, 1, 15, 17, 0));
	ck_assert_int_eq(clock_local("2026-07-15", 12 * 60),
	    utc(2026, 7, 15, 16, 0));
}
END_TEST

START_TEST(test_clock_date_is_the_local_calendar_date)
{
	char	 d[11];

	/* 20:00 UTC is 01:30 the next day in Kolkata. */
	clock_date(utc(2026, 11, 25, 20, 0), d);
	ck_assert_str_eq(d, "2026-11-26");
	clock_date(utc(2026, 11, 25, 18, 29), d);
	ck_assert_str_eq(d, "2026-11-25");
	clock_date(utc(2026, 12, 31, 18, 30), d);
	ck_assert_str_eq(d, "2027-01-01");
}
END_TEST

START_TEST(test_clock_parse_date_accepts_real_dates_and_leap_days)
{
	int	 y, m, d;

	ck_assert_int_eq(clock_parse_date("2026-11-25", &y, &m, &d), 0);
	ck_assert_int_eq(y, 2026);
	ck_assert_int_eq(m, 11);
	ck_assert_int_eq(d, 25);
	ck_assert_int_eq(clock_parse_date("2024-02-29", &y, &m, &d), 0);
	ck_assert_int_eq(clock_parse_date("2000-02-29", &y, &m, &d), 0);
	ck_assert_int_eq(clock_parse_date("2026-12-31", &y, &m, &d), 0);
	ck_assert_int_eq(clock_parse_date("2026-04-30", &y, &m, &d), 0);
	ck_assert_int_eq(clock_parse_date("1970-01-01", &y, &m, &d), 0);
}
END_TEST

START_TEST(test_clock_parse_date_refuses_invalid_dates)
{
	static const char *bad[] = { "2023-02-29", "2100-02-29", "2026-02-30",
	    "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
	    "2026-01-32", "1969-12-31", "2201-01-01", "2026-4-1", "2026/04/01",
	    "26-04-01", "2026-04-01x", "2026-04-0", "", "2026-04-01T00:00",
	    " 2026-04-01", "2026-0a-01", "+026-04-01", "2026--4-01" };
	int	 y, m, d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(clock_parse_date(bad[i], &y, &m, &d) == -1,
		    "%s accepted", bad[i]);
	ck_assert_int_eq(clock_parse_date(NULL, &y, &m, &d), -1);
}
END_TEST

START_TEST(test_clock_add_days_crosses_month_and_year_ends)
{
	char	 out[11];

	ck_assert_int_eq(clock_add_days("2026-01-31", 1, out), 0);
	ck_assert_str_eq(out, "2026-02-01");
	ck_assert_int_eq(clock_add_days("2026-12-31", 1, out), 0);
	ck_assert_str_eq(out, "2027-01-01");
	ck_assert_int_eq(clock_add_days("2024-02-28", 1, out), 0);
	ck_assert_str_eq(out, "2024-02-29");
	ck_assert_int_eq(clock_add_days("2026-02-28", 1, out), 0);
	ck_assert_str_eq(out, "2026-03-01");
	ck_assert_int_eq(clock_add_days("2026-03-01", -1, out), 0);
	ck_assert_str_eq(out, "2026-02-28");
	ck_assert_int_eq(clock_add_days("2027-01-01", -1, out), 0);
	ck_assert_str_eq(out, "2026-12-31");
	ck_assert_int_eq(clock_add_days("2026-11-25", 6, out), 0);
	ck_assert_str_eq(out, "2026-12-01");
	ck_assert_int_eq(clock_add_days("2026-11-25", 0, out), 0);
	ck_assert_str_eq(out, "2026-11-25");
	ck_assert_int_eq(clock_add_days("2024-01-01", 366, out), 0);
	ck_assert_str_eq(out, "2025-01-01");
	ck_assert_int_eq(clock_add_days("2026-02-29", 1, out), -1);
}
END_TEST

START_TEST(test_clock_add_days_across_dst_change)
{
	char	 out[11];

	clock_use_zone("America/New_York");
	ck_assert_int_eq(clock_add_days("2026-03-07", 1, out), 0);
	ck_assert_str_eq(out, "2026-03-08");
	ck_assert_int_eq(clock_add_days("2026-03-08", 1, out), 0);
	ck_assert_str_eq(out, "2026-03-09");
	ck_assert_int_eq(clock_add_days("2026-11-01", 1, out), 0);
	ck_assert_str_eq(out, "2026-11-02");
}
END_TEST

START_TEST(test_clock_days_between_counts_whole_days)
{
	ck_assert_int_eq(clock_days_between("2026-11-25", "2026-11-25"), 0);
	ck_assert_int_eq(clock_days_between("2026-11-25", "2026-12-01"), 6);
	ck_assert_int_eq(clock_days_between("2026-12-01", "2026-11-25"), -6);
	ck_assert_int_eq(clock_days_between("2026-01-01", "2026-12-31"), 364);
	ck_assert_int_eq(clock_days_between("2024-01-01", "2025-01-01"), 366);
	ck_assert_int_eq(clock_days_between("2024-02-28", "2024-03-01"), 2);
	ck_assert_int_eq(clock_days_between("1970-01-01", "2000-01-01"), 10957);
	ck_assert_int_eq(clock_days_between("2026-02-30", "2026-03-01"), INT_MIN);
	ck_assert_int_eq(clock_days_between("2026-03-01", "bad"), INT_MIN);
}
END_TEST

START_TEST(test_clock_now_adds_clock_offset)
{
	struct conf c;
	char	 why[64];
	time_t	 before, now;

	ck_assert_int_eq(conf_parse(&c, "clock_offset = 86400\n", why,
	    sizeof(why)), 0);
	before = time(NULL);
	now = clock_now(&c);
	ck_assert_int_ge(now, before + 86400);
	ck_assert_int_le(now, time(NULL) + 86400);
	/* No config: the wall clock. */
	ck_assert_int_le(clock_now(NULL), time(NULL));
	ck_assert_int_ge(clock_now(NULL), before);
}
END_TEST

START_TEST(test_clock_mono_us_never_goes_back)
{
	long long a = clock_mono_us(), b = clock_mono_us();

	ck_assert_int_gt(a, 0);
	ck_assert_int_ge(b, a);
}
END_TEST

/* timezone = ../../../etc/passwd silently showed every time in UTC. */
START_TEST(test_clock_refuses_unknown_zones)
{
	static const char *const bad[] = { "../../../etc/passwd", "Mars/Base",
	    "/usr/share/zoneinfo/UTC", "", "Asia/Kolkata;x", "Asia/../UTC",
	    "zone.tab" };

	ck_assert(clock_zone_valid("Asia/Kolkata"));
	ck_assert(clock_zone_valid("UTC"));
	ck_assert(clock_zone_valid("America/New_York"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!clock_zone_valid(bad[i]), "%s", bad[i]);
		ck_assert_int_eq(clock_use_zone(bad[i]), -1);
	}
	ck_assert_int_eq(clock_use_zone("Asia/Kolkata"), 0);
}
END_TEST

Suite *
clock_suite(void)
{
	Suite	*s = suite_create("clock");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, kolkata, NULL);
	tcase_add_test(tc, test_clock_iso8601_carries_kolkata_offset);
	tcase_add_test(tc, test_clock_iso8601_in_utc_and_dst_zones);
	tcase_add_test(tc, test_clock_local_is_cinema_time);
	tcase_add_test(tc, test_clock_local_follows_dst);
	tcase_add_test(tc, test_clock_date_is_the_local_calendar_date);
	tcase_add_test(tc, test_clock_parse_date_accepts_real_dates_and_leap_days);
	tcase_add_test(tc, test_clock_parse_date_refuses_invalid_dates);
	tcase_add_test(tc, test_clock_add_days_crosses_month_and_year_ends);
	tcase_add_test(tc, test_clock_add_days_across_dst_change);
	tcase_add_test(tc, test_clock_days_between_counts_whole_days);
	tcase_add_test(tc, test_clock_now_adds_clock_offset);
	tcase_add_test(tc, test_clock_mono_us_never_goes_back);
	tcase_add_test(tc, test_clock_refuses_unknown_zones);
	suite_add_tcase(s, tc);
	return s;
}
