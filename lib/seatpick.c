/* seatpick — the single-seat-gap rule and best available; see seatpick.h.
 *
 * Everything here is a pass or two over a few hundred seats: no
 * allocation, no I/O, so the booking transaction can afford it. */
#include <stdlib.h>
#include <string.h>

#include "seatpick.h"

/* Is seat i's neighbour on side d (-1 left, +1 right) a seat beside it
 * (same row, next column), not an aisle or the row's end? */
static int
beside(const struct seatpick_seat *row, int n, int i, int d)
{
	int	 j = i + d;

	return j >= 0 && j < n && row[j].row == row[i].row &&
	    row[j].col == row[i].col + d;
}

int
seatpick_stranded(const struct seatpick_seat *row, int n,
    const unsigned char *chosen)
{
	for (int i = 0; i < n; i++) {
		int	 l = beside(row, n, i, -1), r = beside(row, n, i, 1);
		int	 lb, rb, la, ra;

		/* A wheelchair space or companion seat left alone strands
		 * nobody: it is sold on its own, to whoever needs it. */
		if (row[i].taken || chosen[i] || row[i].avoid)
			continue;
		/* Blocked on each side before and after the choice. */
		lb = !l || row[i - 1].taken;
		rb = !r || row[i + 1].taken;
		la = !l || row[i - 1].taken || chosen[i - 1];
		ra = !r || row[i + 1].taken || chosen[i + 1];
		if (la && ra && !(lb && rb))
			return i;
	}
	return -1;
}

int
seatpick_unavoidable(const struct seatpick_seat *row, int n, int k)
{
	unsigned char reach[SEATPICK_MAX + 1], next[SEATPICK_MAX + 1];

	if (k < 1)
		return 0;
	if (k > SEATPICK_MAX)
		return 1;
	memset(reach, 0, sizeof(reach));
	reach[0] = 1;
	for (int i = 0; i < n; ) {
		int	 len = 0;

		if (row[i].taken) {
			i++;
			continue;
		}
		/* A run of free seats side by side: take 0, all, or up to
		 * all but two of it (from one end) without stranding. */
		do
			len++;
		while (i + len < n && !row[i + len].taken &&
		    beside(row, n, i + len - 1, 1));
		i += len;
		memset(next, 0, sizeof(next));
		for (int r = 0; r <= k; r++) {
			if (!reach[r])
				continue;
			for (int t = 0; t <= len && r + t <= k; t++)
				if (t == 0 || t == len || t <= len - 2)
					next[r + t] = 1;
		}
		memcpy(reach, next, sizeof(reach));
	}
	return !reach[k];
}

/* The end (one past) of the row that starts at i. */
static int
row_end(const struct seatpick_seat *s, int n, int i)
{
	int	 j = i;

	while (j < n && s[j].row == s[i].row)
		j++;
	return j;
}

int
seatpick_check(const struct seatpick_seat *s, int n,
    const unsigned char *chosen)
{
	for (int a = 0, b; a < n; a = b) {
		int	 k = 0, i;

		b = row_end(s, n, a);
		for (i = a; i < b; i++)
			k += chosen[i] != 0;
		if (k == 0)
			continue;
		if ((i = seatpick_stranded(s + a, b - a, chosen + a)) >= 0 &&
		    !seatpick_unavoidable(s + a, b - a, k))
			return a + i;
	}
	return -1;
}

/* --- best available ------------------------------------------------------ */

/* The screen's extent: the centre column and the row two-thirds back. */
struct frame {
	int	 minr, maxr, minc, maxc;
};

/* A block being weighed.  Distances are in sixths of a seat, so the
 * half-seat centre and the two-thirds row need no fractions. */
struct cand {
	int	 tier;		/* 0 strands nothing; 1 strands, allowed */
	long	 score;		/* column + row distance */
	long	 rowdist;
	int	 row, col, start, size;
};

static void
frame_of(const struct seatpick_seat *s, int n, struct frame *f)
{
	f->minr = f->maxr = s[0].row;
	f->minc = f->maxc = s[0].col;
	for (int i = 1; i < n; i++) {
		f->minr = s[i].row < f->minr ? s[i].row : f->minr;
		f->maxr = s[i].row > f->maxr ? s[i].row : f->maxr;
		f->minc = s[i].col < f->minc ? s[i].col : f->minc;
		f->maxc = s[i].col > f->maxc ? s[i].col : f->maxc;
	}
}

/* Better: fewer strandings, then nearer, then nearer the ideal row, then
 * further back, then further left — never a tie, so the answer is
 * deterministic. */
static int
better(const struct cand *x, const struct cand *y)
{
	if (x->tier != y->tier)
		return x->tier < y->tier;
	if (x->score != y->score)
		return x->score < y->score;
	if (x->rowdist != y->rowdist)
		return x->rowdist < y->rowdist;
	if (x->row != y->row)
		return x->row > y->row;
	return x->col < y->col;
}

static int
suggestible(const struct seatpick_seat *s, const unsigned char *chosen, int i)
{
	return !s[i].taken && !s[i].avoid && !chosen[i];
}

/* Weigh the block of size seats from i (already known free and side by
 * side) with what was chosen before it: 0 when the rule refuses it. */
static int
weigh(const struct seatpick_seat *s, int n, unsigned char *chosen,
    const struct frame *f, int i, int size, struct cand *c)
{
	int	 a = i, b, k = 0, st;

	while (a > 0 && s[a - 1].row == s[i].row)
		a--;
	b = row_end(s, n, a);
	memset(chosen + i, 1, (size_t)size);
	for (int j = a; j < b; j++)
		k += chosen[j] != 0;
	st = seatpick_stranded(s + a, b - a, chosen + a);
	memset(chosen + i, 0, (size_t)size);
	if (st >= 0 && !seatpick_unavoidable(s + a, b - a, k))
		return 0;
	c->tier = st >= 0;
	c->rowdist = 2 * labs(3L * s[i].row - (3L * f->minr +
	    2L * (f->maxr - f->minr)));
	c->score = 3 * labs((long)s[i].col + s[i + size - 1].col -
	    (f->minc + f->maxc)) + c->rowdist;
	c->row = s[i].row;
	c->col = s[i].col;
	c->start = i;
	c->size = size;
	return 1;
}

/* The best block of size seats the rule allows, into *best: 1, or 0. */
static int
best_block(const struct seatpick_seat *s, int n, unsigned char *chosen,
    const struct frame *f, int size, struct cand *best)
{
	struct cand c = { 0 };
	int	 found = 0;

	for (int i = 0; i + size <= n; i++) {
		int	 j = 0;

		while (j < size && suggestible(s, chosen, i + j) &&
		    (j == 0 || beside(s, n, i + j - 1, 1)))
			j++;
		if (j < size || !weigh(s, n, chosen, f, i, size, &c))
			continue;
		if (!found || better(&c, best))
			*best = c;
		found = 1;
	}
	return found;
}

static int
by_index(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int
seatpick_best(const struct seatpick_seat *s, int n, int count,
    struct seatpick_result *out)
{
	unsigned char *chosen;
	struct frame f;
	struct cand c = { 0 };
	int	 left = count, groups = 0;

	memset(out, 0, sizeof(*out));
	if (n < 1 || count < 1 || count > SEATPICK_MAX ||
	    (chosen = calloc((size_t)n, 1)) == NULL)
		return -1;
	frame_of(s, n, &f);
	/* Largest groups first: the whole count together if any row
	 * allows it, else the biggest block left, and so on. */
	while (left > 0) {
		int	 size;

		for (size = left; size > 0; size--)
			if (best_block(s, n, chosen, &f, size, &c))
				break;
		if (size == 0)
			break;
		memset(chosen + c.start, 1, (size_t)size);
		for (int j = 0; j < size; j++)
			out->idx[out->n++] = c.start + j;
		left -= size;
		groups++;
	}
	free(chosen);
	if (left > 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	qsort(out->idx, (size_t)out->n, sizeof(out->idx[0]), by_index);
	out->together = groups == 1;
	return 0;
}
