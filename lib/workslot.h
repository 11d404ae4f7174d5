/* workslot — a few concurrent slots for costly work (DESIGN §10.1).
 *
 * Decoding a photo (hundreds of MB for 40 megapixels) and Argon2id (64 MB
 * each) are safe one at a time and ruinous a hundred at a time: a crowd of
 * sign-ups or failed logins would take the machine's memory.  So each kind
 * of work runs in at most n slots: the files "<base>-slot-<kind>.<i>"
 * (i < n, beside the database), each held with flock(2).  A request that
 * cannot get one within wait_ms is told WORKSLOT_BUSY and answers 503 with
 * Retry-After; it never queues without bound.  The kernel drops a flock
 * when its holder dies, kill -9 included, so a slot is never lost.
 *
 * Without a place for the files (a test's in-memory database) the work runs
 * unbounded (WORKSLOT_UNBOUNDED), as it does when the files cannot be
 * opened (logged once per request). */
#ifndef SKYFOX_WORKSLOT_H
#define SKYFOX_WORKSLOT_H

#include "config.h"

/* Image decoding: one 40 MP decode is 2–5 s of CPU and ~300 MB. */
#define WORKSLOT_IMAGE_SLOTS	2
#define WORKSLOT_IMAGE_WAIT_MS	5000
/* Argon2id at the interactive cost: 64 MB and ~0.1 s each. */
#define WORKSLOT_PWHASH_SLOTS	3
#define WORKSLOT_PWHASH_WAIT_MS	3000
/* The Retry-After of a 503 for busy slots, in seconds. */
#define WORKSLOT_RETRY_AFTER	5

#define WORKSLOT_MAX		16	/* slots of one kind */

enum workslot_rc {
	WORKSLOT_HELD = 0,	/* got a slot: release it when done */
	WORKSLOT_BUSY,		/* every slot stayed taken for wait_ms */
	WORKSLOT_UNBOUNDED	/* no slot files: go ahead, unbounded */
};

struct workslot {
	int	 fd;		/* the held slot file, or -1 */
};

/* Take one of nslots slots of kind ("image", "pwhash") under base (a path
 * prefix; NULL or "" for none), waiting at most wait_ms. */
enum workslot_rc workslot_acquire(const char *base, const char *kind,
	    int nslots, int wait_ms, struct workslot *);
/* Give the slot back (a no-op for one not held). */
void	 workslot_release(struct workslot *);
/* The base of this site's slots: its database path, or NULL when that is
 * not an absolute file path (":memory:", a test's relative default). */
const char *workslot_base(const struct conf *);

#endif
