/* rotation: which backup archives `skyfoxctl backup` deletes — the newest
 * N hourly, the newest of each of the last M days that have one, and never
 * a file not named exactly like an archive. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotation.h"
#include "unit.h"

#define MAXN	200

struct set {
	char		 buf[MAXN][40];
	const char	*names[MAXN];
	int		 del[MAXN];
	int		 n;
};

static void
add(struct set *s, const char *name)
{
	ck_assert_int_lt(s->n, MAXN);
	snprintf(s->buf[s->n], sizeof(s->buf[0]), "%s", name);
	s->names[s->n] = s->buf[s->n];
	s->n++;
}

/* day 1..28 of March 2026, hour 0..23 */
static void
add_stamp(struct set *s, int day, int hour)
{
	char	 n[40];

	snprintf(n, sizeof(n), "skyfox-202603%02d-%02d0000.tar.gz", day, hour);
	add(s, n);
}

static int
deleted(const struct set *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return s->del[i];
	ck_abort_msg("%s is not in the set", name);
	return -1;
}

static int
kept_count(const struct set *s)
{
	int	 k = 0;

	for (int i = 0; i < s->n; i++)
		k += !s->del[i];
	return k;
}

START_TEST(test_rotation_keeps_the_newest_hourly_archives)
{
	struct set s = { .n = 0 };

	for (int h = 0; h < 24; h++)		/* two days, hourly */
		add_stamp(&s, 9, h);
	for (int h = 0; h < 6; h++)
		add_stamp(&s, 10, h);
	ck_assert_int_eq(rotation_select(s.names, s.n, 24, 14, s.del), 0);
	/* The newest 24: all of the 10th and 9th 06:00..23:00; the 9th's
	 * newest is among them, so the daily rule keeps nothing more. */
	ck_assert_int_eq(kept_count(&s), 24);
	ck_assert(!deleted(&s, "skyfox-20260310-050000.tar.gz"));
	ck_assert(!deleted(&s, "skyfox-20260309-060000.tar.gz"));
	ck_assert(deleted(&s, "skyfox-20260309-050000.tar.gz"));
	ck_assert(deleted(&s, "skyfox-20260309-000000.tar.gz"));
}
END_TEST

START_TEST(test_rotation_keeps_the_newest_of_each_recent_day)
{
	struct set s = { .n = 0 };

	for (int d = 1; d <= 20; d++)		/* 20 days, three a day */
		for (int h = 8; h <= 16; h += 4)
			add_stamp(&s, d, h);
	ck_assert_int_eq(rotation_select(s.names, s.n, 2, 5, s.del), 0);
	/* 2 newest (the 20th 16:00 and 12:00) + the 16:00 of the 19th .. 16th */
	ck_assert_int_eq(kept_count(&s), 6);
	ck_assert(!deleted(&s, "skyfox-20260320-120000.tar.gz"));
	ck_assert(deleted(&s, "skyfox-20260320-080000.tar.gz"));
	for (int d = 16; d <= 19; d++) {
		char	 n[40];

		snprintf(n, sizeof(n), "skyfox-202603%02d-160000.tar.gz", d);
		ck_assert_msg(!deleted(&s, n), "%s deleted", n);
		snprintf(n, sizeof(n), "skyfox-202603%02d-120000.tar.gz", d);
		ck_assert_msg(deleted(&s, n), "%s kept", n);
	}
	ck_assert(deleted(&s, "skyfox-20260315-160000.tar.gz"));
}
END_TEST

/* Days without a backup do not count: after a gap, M days of history. */
START_TEST(test_rotation_counts_days_that_have_a_backup)
{
	struct set s = { .n = 0 };

	add_stamp(&s, 1, 10);
	add_stamp(&s, 2, 10);
	add_stamp(&s, 3, 10);
	add_stamp(&s, 28, 10);
	ck_assert_int_eq(rotation_select(s.names, s.n, 1, 3, s.del), 0);
	ck_assert(!deleted(&s, "skyfox-20260328-100000.tar.gz"));
	ck_assert(!deleted(&s, "skyfox-20260303-100000.tar.gz"));
	ck_assert(!deleted(&s, "skyfox-20260302-100000.tar.gz"));
	ck_assert(deleted(&s, "skyfox-20260301-100000.tar.gz"));
}
END_TEST

START_TEST(test_rotation_never_deletes_other_names)
{
	struct set s = { .n = 0 };
	const char *others[] = { "skyfox-20200101-000000.db",
	    "skyfox-20200101-000000.tar.gz.part", "mine.tar.gz",
	    "skyfox-20201301-000000.tar.gz", "skyfox-20200101-0000000.tar.gz",
	    "skyfox-20200101-000000.tar.gz~", "SKYFOX-20200101-000000.tar.gz",
	    "skyfox-2020010a-000000.tar.gz", "skyfox-20200101-240000.tar.gz",
	    "xskyfox-20200101-000000.tar.gz", "skyfox-20200101_000000.tar.gz",
	    ".skyfox-backup-Ab12Cd" };

	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		add(&s, others[i]);
		ck_assert_msg(!rotation_name_ok(others[i]), "%s", others[i]);
	}
	add_stamp(&s, 1, 0);
	add_stamp(&s, 2, 0);
	ck_assert(rotation_name_ok("skyfox-20260302-000000.tar.gz"));
	ck_assert_int_eq(rotation_select(s.names, s.n, 0, 0, s.del), 0);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ck_assert_msg(!deleted(&s, others[i]), "%s deleted", others[i]);
	ck_assert(deleted(&s, "skyfox-20260301-000000.tar.gz"));
	ck_assert(deleted(&s, "skyfox-20260302-000000.tar.gz"));
}
END_TEST

/* The order names come in (readdir's) changes nothing. */
START_TEST(test_rotation_ignores_input_order)
{
	struct set a = { .n = 0 }, b = { .n = 0 };

	for (int d = 1; d <= 10; d++)
		for (int h = 0; h < 24; h += 5)
			add_stamp(&a, d, h);
	for (int i = a.n - 1; i >= 0; i -= 2)
		add(&b, a.names[i]);
	for (int i = a.n - 2; i >= 0; i -= 2)
		add(&b, a.names[i]);
	ck_assert_int_eq(rotation_select(a.names, a.n, 7, 4, a.del), 0);
	ck_assert_int_eq(rotation_select(b.names, b.n, 7, 4, b.del), 0);
	for (int i = 0; i < a.n; i++)
		ck_assert_int_eq(a.del[i], deleted(&b, a.names[i]));
	ck_assert_int_eq(kept_count(&a), 9);	/* 7 + the 8th and 7th */
}
END_TEST

Suite *
rotation_suite(void)
{
	Suite	*s = suite_create("rotation");
	TCase	*t = tcase_create("rotation");

	tcase_add_test(t, test_rotation_keeps_the_newest_hourly_archives);
	tcase_add_test(t, test_rotation_keeps_the_newest_of_each_recent_day);
	tcase_add_test(t, test_rotation_counts_days_that_have_a_backup);
	tcase_add_test(t, test_rotation_never_deletes_other_names);
	tcase_add_test(t, test_rotation_ignores_input_order);
	suite_add_tcase(s, t);
	return s;
}
