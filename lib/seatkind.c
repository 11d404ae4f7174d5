/* seatkind — what a seat's kind asks of whoever holds it; see seatkind.h. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "seatkind.h"

static const char *const names[] = {
	[SEAT_KIND_STANDARD] = "standard",
	[SEAT_KIND_WHEELCHAIR] = "wheelchair",
	[SEAT_KIND_COMPANION] = "companion",
	[SEAT_KIND_BLOCKED] = "blocked",
};

const char *
seatkind_name(enum seat_kind k)
{
	return (unsigned)k < sizeof(names) / sizeof(*names) ? names[k] :
	    "standard";
}

int
seatkind_parse(const char *s, enum seat_kind *out)
{
	for (size_t i = 0; s != NULL && i < sizeof(names) / sizeof(*names);
	    i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum seat_kind)i;
			return 0;
		}
	return -1;
}

int
seatkind_release_minutes(const struct conf *c)
{
	return conf_int_in(c, "companion_release_minutes",
	    SEATKIND_RELEASE_DEFAULT, 0, SEATKIND_RELEASE_MAX);
}

int
seatkind_released(const struct conf *c, time_t starts_at, time_t now)
{
	return now >= starts_at - (time_t)seatkind_release_minutes(c) * 60;
}

int
seatkind_parse_confirm(const cJSON *body, int *confirmed,
    struct booking_fail *f)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(body,
	    "wheelchair_confirmed");

	*confirmed = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	/* A browser form has only text: "true" and "false" stand for the
	 * JSON values there. */
	if (cJSON_IsString(v) && (strcmp(v->valuestring, "true") == 0 ||
	    strcmp(v->valuestring, "false") == 0)) {
		*confirmed = strcmp(v->valuestring, "true") == 0;
		return 0;
	}
	if (!cJSON_IsBool(v))
		return booking_fail_field(f, "wheelchair_confirmed",
		    "true when the customer needs the wheelchair spaces they "
		    "hold, else false or absent");
	*confirmed = cJSON_IsTrue(v);
	return 0;
}

/* A list of labels the booking will stand on: (its live seats - remove) +
 * add, each with its kind and, for a companion, its wheelchair space. */
struct kinded {
	int	 n;
	struct {
		char	 label[BOOKING_LABEL_MAX + 1];
		char	 space[BOOKING_LABEL_MAX + 1];	/* companion_of */
		enum seat_kind kind;
		int	 added;
	} s[BOOKING_SEATS_LIMIT * 2];
};

static int
has(const struct booking_seats *l, const char *label)
{
	for (int i = 0; l != NULL && i < l->n; i++)
		if (strcmp(l->label[i], label) == 0)
			return 1;
	return 0;
}

static int
kinded_has(const struct kinded *k, const char *label)
{
	for (int i = 0; i < k->n; i++)
		if (strcmp(k->s[i].label, label) == 0)
			return 1;
	return 0;
}

/* Add label (a seat of screen; a label that is no seat is the
 * resolver's to report, so it is left out). */
static int
kinded_add(sqlite3_stmt *st, long long screen, const char *label, int added,
    struct kinded *k)
{
	int	 rc;

	if (k->n >= (int)(sizeof(k->s) / sizeof(k->s[0])) ||
	    kinded_has(k, label))
		return SQLITE_OK;
	sqlite3_reset(st);
	db_bind_int(st, ":screen", screen);
	db_bind_text(st, ":label", label);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		enum seat_kind kind = SEAT_KIND_STANDARD;

		(void)seatkind_parse(db_text(st, 0), &kind);
		snprintf(k->s[k->n].label, sizeof(k->s[0].label), "%s", label);
		snprintf(k->s[k->n].space, sizeof(k->s[0].space), "%.*s",
		    BOOKING_LABEL_MAX, db_text(st, 1));
		k->s[k->n].kind = kind;
		k->s[k->n].added = added;
		k->n++;
		return SQLITE_OK;
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The seats the booking would stand on, with their kinds. */
static int
load(sqlite3 *db, long long screen, long long booking_id,
    const struct booking_seats *add, const struct booking_seats *remove,
    struct kinded *k)
{
	sqlite3_stmt *st, *mine = NULL;
	int	 rc;

	memset(k, 0, sizeof(*k));
	if ((rc = db_prepare(db, "SELECT s.kind, coalesce(w.label, '') FROM "
	    "seats s LEFT JOIN seats w ON w.id = s.companion_of WHERE "
	    "s.screen_id = :screen AND s.label = :label AND s.retired_at IS "
	    "NULL", &st)) != SQLITE_OK)
		return rc;
	for (int i = 0; i < add->n && rc == SQLITE_OK; i++)
		rc = kinded_add(st, screen, add->label[i], 1, k);
	if (rc == SQLITE_OK && booking_id > 0 &&
	    (rc = db_prepare(db, "SELECT se.label FROM booking_seats bs JOIN "
	    "seats se ON se.id = bs.seat_id WHERE bs.booking_id = :b AND "
	    "bs.live = 1", &mine)) == SQLITE_OK) {
		char	 kept[BOOKING_SEATS_LIMIT][BOOKING_LABEL_MAX + 1];
		int	 n = 0;

		db_bind_int(mine, ":b", booking_id);
		while ((rc = sqlite3_step(mine)) == SQLITE_ROW)
			if (n < BOOKING_SEATS_LIMIT && !has(remove,
			    db_text(mine, 0)))
				snprintf(kept[n++], sizeof(kept[0]), "%.*s",
				    BOOKING_LABEL_MAX, db_text(mine, 0));
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		for (int i = 0; i < n && rc == SQLITE_OK; i++)
			rc = kinded_add(st, screen, kept[i], 0, k);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(mine);
	return rc;
}

static void
fail_seat(struct booking_fail *f, const char *label)
{
	if (f->seats.n < BOOKING_SEATS_LIMIT)
		snprintf(f->seats.label[f->seats.n++], sizeof(f->seats.label[0]),
		    "%s", label);
}

int
seatkind_check_hold(sqlite3 *db, const struct conf *conf, time_t now,
    long long show_id, long long booking_id, const struct booking_seats *add,
    const struct booking_seats *remove, int counter, struct booking_fail *f)
{
	struct kinded k;
	sqlite3_stmt *st;
	long long screen = 0;
	time_t	 starts_at = 0;
	char	 why[BOOKING_LABEL_MAX + 160];
	int	 rc;

	if ((rc = db_prepare(db, "SELECT screen_id, starts_at FROM shows "
	    "WHERE id = :id", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":id", show_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		screen = sqlite3_column_int64(st, 0);
		starts_at = (time_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return booking_fail(f, BOOKING_ERR_SHOW_NOT_FOUND);
	if (rc != SQLITE_ROW)
		return booking_fail_db(db, f, rc);
	if ((rc = load(db, screen, booking_id, add, remove, &k)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);

	memset(&f->seats, 0, sizeof(f->seats));
	for (int i = 0; i < k.n; i++)
		if (k.s[i].added && k.s[i].kind == SEAT_KIND_BLOCKED)
			fail_seat(f, k.s[i].label);
	if (f->seats.n > 0) {
		/* Not a block of this show: the counter can't sell it either. */
		snprintf(f->detail, sizeof(f->detail), "never sold");
		return booking_fail(f, BOOKING_ERR_SEAT_BLOCKED);
	}
	if (counter)
		return 0;
	for (int i = 0; i < k.n; i++)
		if (k.s[i].added && k.s[i].kind == SEAT_KIND_WHEELCHAIR &&
		    !add->wheelchair_confirmed) {
			snprintf(why, sizeof(why), "%s is a wheelchair space: "
			    "it is held for a customer who needs one, so "
			    "confirm that you do (true)", k.s[i].label);
			return booking_fail_field(f, "wheelchair_confirmed",
			    why);
		}
	if (seatkind_released(conf, starts_at, now))
		return 0;
	for (int i = 0; i < k.n; i++)
		if (k.s[i].kind == SEAT_KIND_COMPANION &&
		    !kinded_has(&k, k.s[i].space))
			fail_seat(f, k.s[i].label);
	return f->seats.n > 0 ? booking_fail(f, BOOKING_ERR_COMPANION_ONLY) : 0;
}
