/* seatpick: the single-seat-gap rule and best available, on rows drawn
 * here and on the two demo screens as seed.sql lays them out. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "accounts_db.h"
#include "seatpick.h"

#define SCREEN_MAX	256

struct screen {
	int	 n;
	struct seatpick_seat s[SCREEN_MAX];
	char	 label[SCREEN_MAX][16];
	unsigned char chosen[SCREEN_MAX];
};

/* A demo screen as seed.sql lays it out: grid rows and columns, and its
 * wheelchair spaces (never suggested). */
static void
load_screen(struct screen *sc, int screen_id)
{
	sqlite3	*db = test_db();
	sqlite3_stmt *st;

	memset(sc, 0, sizeof(*sc));
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT s.grid_row, "
	    "s.grid_col, s.label, c.name = 'Wheelchair' FROM seats s JOIN "
	    "seat_categories c ON c.id = s.category_id WHERE s.screen_id = ? "
	    "ORDER BY s.grid_row, s.grid_col", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, screen_id);
	while (sqlite3_step(st) == SQLITE_ROW && sc->n < SCREEN_MAX) {
		sc->s[sc->n].row = sqlite3_column_int(st, 0);
		sc->s[sc->n].col = sqlite3_column_int(st, 1);
		snprintf(sc->label[sc->n], sizeof(sc->label[0]), "%s",
		    (const char *)sqlite3_column_text(st, 2));
		sc->s[sc->n].avoid = sqlite3_column_int(st, 3);
		sc->n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static int
find(const struct screen *sc, const char *label)
{
	for (int i = 0; i < sc->n; i++)
		if (strcmp(sc->label[i], label) == 0)
			return i;
	ck_abort_msg("no seat %s", label);
	return -1;
}

/* "F5 F6 F7": the result's labels, space separated. */
static const char *
labels(const struct screen *sc, const struct seatpick_result *r)
{
	static char out[512];

	out[0] = '\0';
	for (int i = 0; i < r->n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
		    i ? " " : "", sc->label[r->idx[i]]);
	return out;
}

/* A row drawn as text: one character a grid column from column 1;
 * '.' free, 'x' taken, 'c' chosen, ' ' an aisle (no seat). */
static void
draw(struct screen *sc, const char *row)
{
	memset(sc, 0, sizeof(*sc));
	for (int col = 1; row[col - 1] != '\0'; col++) {
		if (row[col - 1] == ' ')
			continue;
		sc->s[sc->n].row = 1;
		sc->s[sc->n].col = col;
		sc->s[sc->n].taken = row[col - 1] == 'x';
		sc->chosen[sc->n] = row[col - 1] == 'c';
		snprintf(sc->label[sc->n], sizeof(sc->label[0]), "A%d", col);
		sc->n++;
	}
}

/* The label of the seat the drawn choice strands, or "-" for none. */
static const char *
stranded(const char *row)
{
	static struct screen sc;
	int	 i;

	draw(&sc, row);
	i = seatpick_stranded(sc.s, sc.n, sc.chosen);
	return i < 0 ? "-" : sc.label[i];
}

/* What the rule says of the drawn choice: the seat refused, or "-". */
static const char *
rule(const char *row)
{
	static struct screen sc;
	int	 i;

	draw(&sc, row);
	i = seatpick_check(sc.s, sc.n, sc.chosen);
	return i < 0 ? "-" : sc.label[i];
}

START_TEST(test_stranding_at_a_row_end_an_aisle_and_a_taken_seat)
{
	ck_assert_str_eq(stranded(".cc......."), "A1");	/* row's end */
	ck_assert_str_eq(stranded(".......cc."), "A10");
	ck_assert_str_eq(stranded("ccccc. ......"), "A6");	/* aisle */
	ck_assert_str_eq(stranded("...... .ccccc"), "A8");
	ck_assert_str_eq(stranded("....x.cc.."), "A6");	/* taken seat */
	ck_assert_str_eq(stranded("cc.cc....."), "A3");	/* between two */
	ck_assert_str_eq(stranded("ccc......."), "-");
	ck_assert_str_eq(stranded("..cc......"), "-");
	ck_assert_str_eq(stranded("....x..cc."), "A10");
	ck_assert_str_eq(stranded("....xcc..."), "-");
}
END_TEST

START_TEST(test_a_seat_already_alone_is_nobodys_doing)
{
	/* A1 was alone before (row end + a staff sale at A2), and a lone
	 * seat between aisles can be nothing else. */
	ck_assert_str_eq(stranded(".x..cc...."), "-");
	ck_assert_str_eq(stranded(". . cc..."), "-");
	ck_assert_str_eq(rule(".x..cc...."), "-");
}
END_TEST

START_TEST(test_all_taken_row_and_no_choice)
{
	struct screen sc;

	draw(&sc, "xxxxxxxxxx");
	ck_assert_int_eq(seatpick_stranded(sc.s, sc.n, sc.chosen), -1);
	ck_assert_int_eq(seatpick_check(sc.s, sc.n, sc.chosen), -1);
	/* No k free seats: nothing better exists. */
	ck_assert_int_eq(seatpick_unavoidable(sc.s, sc.n, 1), 1);
	draw(&sc, "..........");
	ck_assert_int_eq(seatpick_check(sc.s, sc.n, sc.chosen), -1);
}
END_TEST

START_TEST(test_rule_refuses_only_what_another_choice_avoids)
{
	/* Two of four free seats: taking an end pair strands nothing, so
	 * the middle pair is refused. */
	ck_assert_str_eq(rule("x.cc.x"), "A2");
	ck_assert_str_eq(rule("xcc..x"), "-");
	/* Two of three between aisles: every pair strands one. */
	ck_assert_str_eq(rule("xcc.x"), "-");
	ck_assert_str_eq(rule("x.ccx"), "-");
	/* ...but of two such triples, one seat from an end of each strands
	 * nothing. */
	ck_assert_str_eq(rule("cc. ..."), "A3");
	/* Runs combine: 4 = 2 (a whole pair) + 2 (an end of four). */
	ck_assert_str_eq(rule("x..x....x.ccx"), "A10");	/* the pair */
	ck_assert_str_eq(rule("x.ccx.cc.x"), "A2");	/* the four */
}
END_TEST

START_TEST(test_unavoidable_counts_runs)
{
	struct screen sc;

	draw(&sc, "x...x..x");	/* runs of 3 and 2 */
	ck_assert_int_eq(seatpick_unavoidable(sc.s, sc.n, 1), 0);
	ck_assert_int_eq(seatpick_unavoidable(sc.s, sc.n, 2), 0);
	ck_assert_int_eq(seatpick_unavoidable(sc.s, sc.n, 3), 0);
	ck_assert_int_eq(seatpick_unavoidable(sc.s, sc.n, 4), 1);
	ck_assert_int_eq(seatpick_unavoidable(sc.s, sc.n, 5), 0);
	ck_assert_int_eq(seatpick_unavoidable(sc.s, sc.n, 6), 1);
}
END_TEST

START_TEST(test_best_on_empty_screen_1_is_centred_two_thirds_back)
{
	struct screen sc;
	struct seatpick_result r;

	load_screen(&sc, 1);
	ck_assert_int_eq(sc.n, 100);
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 3, &r), 0);
	ck_assert_str_eq(labels(&sc, &r), "G4 G5 G6");
	ck_assert_int_eq(r.together, 1);
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 1, &r), 0);
	ck_assert_str_eq(labels(&sc, &r), "G5");
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 2, &r), 0);
	ck_assert_str_eq(labels(&sc, &r), "G5 G6");
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 10, &r), 0);
	ck_assert_str_eq(labels(&sc, &r), "G1 G2 G3 G4 G5 G6 G7 G8 G9 G10");
}
END_TEST

START_TEST(test_best_on_screen_2_keeps_to_one_side_of_the_aisle)
{
	struct screen sc;
	struct seatpick_result r;

	load_screen(&sc, 2);
	ck_assert_int_eq(sc.n, 90);
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 3, &r), 0);
	ck_assert_str_eq(labels(&sc, &r), "F4 F5 F6");
	ck_assert_int_eq(r.together, 1);
	/* Seven: six a side at most, and an aisle is not "together"; the
	 * seventh seat is across the aisle. */
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 7, &r), 0);
	ck_assert_int_eq(r.together, 0);
	ck_assert_str_eq(labels(&sc, &r), "F1 F2 F3 F4 F5 F6 F7");
	/* Wheelchair spaces are never suggested, even when the rest is
	 * taken. */
	for (int i = 0; i < sc.n; i++)
		sc.s[i].taken = !sc.s[i].avoid;
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 1, &r), -1);
	ck_assert_int_eq(r.n, 0);
}
END_TEST

START_TEST(test_best_moves_round_a_blocked_seat)
{
	struct screen sc;
	struct seatpick_result r;

	load_screen(&sc, 1);
	sc.s[find(&sc, "G5")].taken = 1;
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 3, &r), 0);
	/* G2–G4 would strand G1, G1–G3 would strand G4: the best block
	 * of row G left is G6–G8, which leaves G9–G10 a pair. */
	ck_assert_str_eq(labels(&sc, &r), "G6 G7 G8");
	/* The whole middle of row G taken: the next row back's centre. */
	for (int i = find(&sc, "G1"); i <= find(&sc, "G10"); i++)
		sc.s[i].taken = 1;
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 3, &r), 0);
	ck_assert_str_eq(labels(&sc, &r), "H4 H5 H6");
}
END_TEST

START_TEST(test_best_splits_a_count_larger_than_any_row)
{
	struct screen sc;
	struct seatpick_result r;
	unsigned char chosen[SCREEN_MAX];

	load_screen(&sc, 1);
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 12, &r), 0);
	ck_assert_int_eq(r.together, 0);
	ck_assert_int_eq(r.n, 12);
	/* The biggest group first: all of row G, then the best pair. */
	ck_assert_str_eq(labels(&sc, &r),
	    "G1 G2 G3 G4 G5 G6 G7 G8 G9 G10 H5 H6");
	memset(chosen, 0, sizeof(chosen));
	for (int i = 0; i < r.n; i++)
		chosen[r.idx[i]] = 1;
	ck_assert_int_eq(seatpick_check(sc.s, sc.n, chosen), -1);
	/* More than there are free seats: none suggested. */
	for (int i = 0; i < 95; i++)
		sc.s[i].taken = 1;
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 6, &r), -1);
	ck_assert_int_eq(r.n, 0);
	ck_assert_int_eq(seatpick_best(sc.s, sc.n, 5, &r), 0);
	ck_assert_str_eq(labels(&sc, &r), "J6 J7 J8 J9 J10");
}
END_TEST

/* Whatever is taken, what best suggests the rule allows. */
START_TEST(test_best_always_passes_the_rule)
{
	struct screen sc;
	struct seatpick_result r;
	unsigned char chosen[SCREEN_MAX];
	unsigned int seed = 12345;

	for (int round = 0; round < 200; round++) {
		load_screen(&sc, 1 + round % 2);
		for (int i = 0; i < sc.n; i++) {
			seed = seed * 1103515245u + 12345u;
			sc.s[i].taken = (seed >> 16) % 100 < 40;
		}
		for (int count = 1; count <= 10; count++) {
			if (seatpick_best(sc.s, sc.n, count, &r) == -1)
				continue;
			ck_assert_int_eq(r.n, count);
			memset(chosen, 0, sizeof(chosen));
			for (int i = 0; i < r.n; i++) {
				ck_assert(!sc.s[r.idx[i]].taken);
				ck_assert(!chosen[r.idx[i]]);
				chosen[r.idx[i]] = 1;
			}
			ck_assert_int_eq(seatpick_check(sc.s, sc.n, chosen), -1);
		}
	}
}
END_TEST

Suite *
seatpick_suite(void)
{
	Suite	*s = suite_create("seatpick");
	TCase	*tc = tcase_create("rule");

	/* test_best_always_passes_the_rule runs best available 2,000 times:
	 * a second when alone, past Check's default 4 s under the sanitizers
	 * beside a browser run. */
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_stranding_at_a_row_end_an_aisle_and_a_taken_seat);
	tcase_add_test(tc, test_a_seat_already_alone_is_nobodys_doing);
	tcase_add_test(tc, test_all_taken_row_and_no_choice);
	tcase_add_test(tc, test_rule_refuses_only_what_another_choice_avoids);
	tcase_add_test(tc, test_unavoidable_counts_runs);
	tcase_add_test(tc, test_best_on_empty_screen_1_is_centred_two_thirds_back);
	tcase_add_test(tc, test_best_on_screen_2_keeps_to_one_side_of_the_aisle);
	tcase_add_test(tc, test_best_moves_round_a_blocked_seat);
	tcase_add_test(tc, test_best_splits_a_count_larger_than_any_row);
	tcase_add_test(tc, test_best_always_passes_the_rule);
	suite_add_tcase(s, tc);
	return s;
}
