/* seatpick — the single-seat-gap rule and "best available", on plain
 * arrays (no SQLite, no JSON: the rules can be tested on any screen).
 *
 * A screen is an array of seats sorted by (row, col): row is the grid row
 * (1 nearest the screen), col the grid column.  Seats of one row whose
 * columns follow each other are side by side; a missing column is an
 * aisle, and an aisle ends a block just as the row's end does.
 *
 * A seat is STRANDED by a choice when, after it, the seat is free and
 * both its sides are taken, chosen, an aisle or the row's end, while
 * before the choice it was not so (a seat already alone — a staff sale's
 * leftover, a lone wheelchair space between aisles — is nobody's doing).
 * The rule (issue 15 item 6): a customer's choice that strands a seat in
 * a row is refused unless every choice of that many free seats in that
 * row would strand one.  Of L free seats side by side, t can be taken
 * without stranding iff t = 0, t = L or t <= L - 2 (at one end); a row
 * allows k when its runs can sum to k that way. */
#ifndef SKYFOX_SEATPICK_H
#define SKYFOX_SEATPICK_H

#define SEATPICK_MAX	64	/* seats one pick may name */

struct seatpick_seat {
	int	 row;		/* grid row: 1 is nearest the screen */
	int	 col;		/* grid column: a gap is an aisle */
	int	 taken;		/* held, sold, blocked: anything not free */
	int	 avoid;		/* free, but never suggested (a wheelchair
				 * space is for who needs it), and never
				 * stranded: it is sold on its own */
};

struct seatpick_result {
	int	 n;			/* 0: not enough free seats */
	int	 idx[SEATPICK_MAX];	/* into the screen's array, in order */
	int	 together;		/* 1: one block in one row */
};

/* The first seat of one row (row[0..n-1], sorted by col) that chosen
 * (1 per seat this choice takes; never a taken one) would strand, or -1. */
int	 seatpick_stranded(const struct seatpick_seat *row, int n,
	    const unsigned char *chosen);
/* 1 when every choice of k free seats of the row would strand one (or
 * the row has fewer than k free seats), else 0. */
int	 seatpick_unavoidable(const struct seatpick_seat *row, int n, int k);
/* The rule over a whole screen: the index of the first seat that chosen
 * strands in a row where that could be avoided, or -1 when allowed. */
int	 seatpick_check(const struct seatpick_seat *s, int n,
	    const unsigned char *chosen);

/* The best count free seats (1..SEATPICK_MAX): a block side by side in
 * one row, nearest the centre column and the row about two-thirds back,
 * that the rule allows (one stranding nothing first); else the best
 * split, largest groups first.  0, or -1 with out->n = 0 when fewer than
 * count seats can be suggested. */
int	 seatpick_best(const struct seatpick_seat *s, int n, int count,
	    struct seatpick_result *out);

#endif
