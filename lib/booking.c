/* booking — holds, walk-ins, reads, cancels, the sweeper; see booking.h.
 *
 * Every writer here runs in one BEGIN IMMEDIATE transaction (the write lock
 * is taken up front, so concurrent holds queue instead of deadlocking on a
 * lock upgrade) and keeps it short: a handful of indexed statements per
 * seat, no work that could happen outside. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "booking.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "seatkind.h"
#include "pricing.h"
#include "seatmap.h"
#include "seatpick.h"
#include "show.h"

int
booking_fail(struct booking_fail *f, enum booking_err e)
{
	f->err = e;
	return -1;
}

int
booking_fail_db(sqlite3 *db, struct booking_fail *f, int rc)
{
	f->err = BOOKING_ERR_DB;
	f->rc = rc;
	db_rollback(db);
	return -1;
}

int
booking_fail_field(struct booking_fail *f, const char *field,
    const char *detail)
{
	f->err = BOOKING_ERR_VALIDATION;
	snprintf(f->field, sizeof(f->field), "%s", field);
	snprintf(f->detail, sizeof(f->detail), "%s", detail);
	return -1;
}

int
booking_fail_age(struct booking_fail *f, const char *seat,
    const char *type_name, const struct certificate *cert)
{
	memset(&f->seats, 0, sizeof(f->seats));
	f->seats.n = 1;
	snprintf(f->seats.label[0], sizeof(f->seats.label[0]), "%s", seat);
	snprintf(f->ticket_type, sizeof(f->ticket_type), "%s", type_name);
	snprintf(f->certificate, sizeof(f->certificate), "%s", cert->name);
	return booking_fail(f, BOOKING_ERR_AGE_RESTRICTED);
}

int
booking_check_ages(sqlite3 *db, long long show_id,
    const struct certificate_ticket *t, int n, struct booking_fail *f)
{
	struct certificate cert;
	int	 rc, i;

	if ((rc = certificate_of_show(db, show_id, &cert)) == SQLITE_DONE)
		return 0;		/* not rated: nothing to refuse */
	if (rc != SQLITE_ROW)
		return booking_fail_db(db, f, rc);
	if ((i = certificate_first_refused(&cert, t, n)) < 0)
		return 0;
	return booking_fail_age(f, t[i].seat, t[i].type_name, &cert);
}

static int	 seats_has(const struct booking_seats *, const char *);

static void
seats_add(struct booking_seats *s, const char *label)
{
	if (s->n < BOOKING_SEATS_LIMIT) {
		s->type[s->n][0] = '\0';
		s->price[s->n] = 0;
		snprintf(s->label[s->n++], BOOKING_LABEL_MAX + 1, "%s", label);
	}
}

/* Seat i's ticket type: the default when none was asked for. */
static const char *
seat_type(const struct booking_seats *s, int i)
{
	return s->type[i][0] != '\0' ? s->type[i] : PRICING_DEFAULT_TYPE;
}

int
booking_status_known(const char *s)
{
	static const char *const names[] = { "pending", "confirmed",
	    "checked_in", "expired", "cancelled" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(s, names[i]) == 0)
			return 1;
	return 0;
}

int
booking_max_seats(const struct conf *c)
{
	return conf_int_in(c, "max_seats", 10, 1, BOOKING_SEATS_LIMIT);
}

int
booking_max_pending(const struct conf *c)
{
	return conf_int_in(c, "max_pending_bookings", BOOKING_PENDING_DEFAULT,
	    1, BOOKING_PENDING_LIMIT);
}

int
booking_gap_rule(const struct conf *c)
{
	const char *v = conf_get(c, "gap_rule", "on");

	return !(strcmp(v, "off") == 0 || strcmp(v, "no") == 0 ||
	    strcmp(v, "false") == 0 || strcmp(v, "0") == 0);
}

int
booking_hold_minutes(const struct conf *c)
{
	return conf_int_in(c, "hold_minutes", 5, 1, 60);
}

/* A label that could name a seat: 1..BOOKING_LABEL_MAX of [A-Za-z0-9-].
 * Anything else cannot exist on any screen. */
static int
label_plausible(const char *s, size_t n)
{
	if (n == 0 || n > BOOKING_LABEL_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* Add one label as asked.  One that cannot name a seat is kept as "" (it
 * never matches, and the hold reports it as INVALID_SEAT "?") so input is
 * never echoed back unchecked. */
static void
add_label(struct booking_seats *s, const char *p, size_t n)
{
	char	 l[BOOKING_LABEL_MAX + 1] = "";

	if (label_plausible(p, n)) {
		memcpy(l, p, n);
		l[n] = '\0';
	}
	seats_add(s, l);
}

#define SEATS_SHAPE "seats must be a list of seat labels such as \"A1\", " \
	"or {\"seat\": \"A2\", \"type\": \"child\"}"

/* One item of a list of seats: "A1" (the default type) or {"seat":"A2",
 * "type":"child"}.  A type that cannot be a code is refused here, naming
 * the seat; one that could is checked by the hold against the show. */
static int
add_item(struct booking_seats *s, const cJSON *it, struct booking_fail *f)
{
	const char *label, *type = NULL;
	int	 r;

	if (cJSON_IsString(it)) {
		add_label(s, it->valuestring, strlen(it->valuestring));
		return 0;
	}
	if (!cJSON_IsObject(it) || json_get_str(it, "seat", &label) != 1)
		return booking_fail_field(f, "seats", SEATS_SHAPE);
	add_label(s, label, strlen(label));
	if ((r = json_get_str(it, "type", &type)) == 0)
		return 0;
	if (r < 0 || !pricing_code_valid(type)) {
		memset(&f->seats, 0, sizeof(f->seats));
		seats_add(&f->seats, s->label[s->n - 1][0] ?
		    s->label[s->n - 1] : "?");
		f->detail[0] = '\0';
		return booking_fail(f, BOOKING_ERR_INVALID_TYPE);
	}
	snprintf(s->type[s->n - 1], sizeof(s->type[0]), "%s", type);
	return 0;
}

int
booking_parse_seats(const cJSON *v, int max_seats, struct booking_seats *s,
    struct booking_fail *f)
{
	int	 count = 0;

	memset(s, 0, sizeof(*s));
	if (v == NULL || cJSON_IsNull(v))
		return booking_fail_field(f, "seats",
		    "choose at least one seat");
	if (cJSON_IsString(v)) {
		const char *p = v->valuestring;

		/* "A1,A2" from a form: split on commas, spaces allowed. */
		while (*p != '\0') {
			size_t	 n;

			while (*p == ' ' || *p == ',')
				p++;
			if (*p == '\0')
				break;
			n = strcspn(p, ", ");
			if (++count > max_seats)
				break;
			add_label(s, p, n);
			p += n;
		}
	} else if (cJSON_IsArray(v)) {
		const cJSON *it;

		cJSON_ArrayForEach(it, v) {
			if (++count > max_seats)
				break;
			if (add_item(s, it, f) == -1)
				return -1;
		}
	} else
		return booking_fail_field(f, "seats", SEATS_SHAPE);
	if (count == 0)
		return booking_fail_field(f, "seats",
		    "choose at least one seat");
	if (count > max_seats) {
		f->max_seats = max_seats;
		return booking_fail(f, BOOKING_ERR_TOO_MANY_SEATS);
	}
	memset(&f->seats, 0, sizeof(f->seats));
	for (int i = 0; i < s->n; i++)
		for (int j = 0; j < i; j++)
			if (s->label[i][0] != '\0' &&
			    strcmp(s->label[i], s->label[j]) == 0) {
				seats_add(&f->seats, s->label[i]);
				break;
			}
	if (f->seats.n > 0)
		return booking_fail(f, BOOKING_ERR_DUPLICATE_SEAT);
	return 0;
}

/* One side of a change ("add" or "remove"): absent or [] is none. */
static int
parse_change_list(const cJSON *body, const char *name, int max_seats,
    struct booking_seats *s, struct booking_fail *f)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);

	memset(s, 0, sizeof(*s));
	if (v == NULL || (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0))
		return 0;
	if (booking_parse_seats(v, max_seats, s, f) == 0)
		return 0;
	/* The parser names "seats"; here the list is this one. */
	snprintf(f->field, sizeof(f->field), "%s", name);
	return -1;
}

int
booking_parse_change(const cJSON *body, int max_seats,
    struct booking_change *ch, struct booking_fail *f)
{
	memset(ch, 0, sizeof(*ch));
	if (!cJSON_IsObject(body))
		return booking_fail_field(f, "add", "send {\"add\": [seats], "
		    "\"remove\": [seats]}");
	if (parse_change_list(body, "add", max_seats, &ch->add, f) == -1 ||
	    parse_change_list(body, "remove", max_seats, &ch->remove, f) == -1)
		return -1;
	return 0;
}

/* The rules of person.h, the ones accounts keep: the name is normalised
 * first (trimmed, inner spaces collapsed), and that form is checked and
 * stored. */
int
booking_check_walkin(const struct booking_walkin *w,
    char name[PERSON_NAME_MAX], struct booking_fail *f)
{
	const char *why;

	person_normalise_name(w->customer_name != NULL ? w->customer_name : "",
	    name, PERSON_NAME_MAX);
	if ((why = person_check_name(name)) != NULL)
		return booking_fail_field(f, "customer_name", why);
	if ((why = person_check_phone(w->phone != NULL ? w->phone : "")) !=
	    NULL)
		return booking_fail_field(f, "phone", why);
	return 0;
}

/* --- the hold transaction ------------------------------------------------ */

/* One seat of a hold, sale or change as claim_resolve() resolved it: the
 * seat, its ticket type and the price the show charges for that pair.
 * This is THE resolved (seat, type) list of a write (struct claim's
 * seat[], in the order asked): a check that depends on who sits where
 * (an age limit on the type, a wheelchair space) reads it here, after
 * claim_resolve and inside the same transaction. */
struct seat_pick {
	long long	 id;
	long long	 price;
	const struct tickettype *type;	/* into claim.prices: code, name,
					 * min_age, max_age (-1: none) */
};

struct claim {
	long long	 show_id;
	const struct conf *window;	/* a customer's hold: their window
					 * applies; NULL for the counter */
	long long	 screen_id;
	time_t		 starts_at;
	char		 date[11];
	struct pricing_show prices;	/* the show's, read in the write's
					 * transaction (lib/pricing.h) */
	struct seat_pick seat[BOOKING_SEATS_LIMIT];
	long long	 amount;
};

/* Inside the transaction: the show exists, has not started and (for a
 * customer) is in their date window; every label is a seat of its screen
 * (all bad ones reported together). */
static int
claim_resolve(sqlite3 *db, time_t now, const struct booking_seats *want,
    struct claim *cl, struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc, cancelled = 0, typo;

	if ((rc = db_prepare(db, "SELECT screen_id, starts_at, date, "
	    "cancelled_at IS NOT NULL FROM shows WHERE id = :id", &st)) !=
	    SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":id", cl->show_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cl->screen_id = sqlite3_column_int64(st, 0);
		cl->starts_at = (time_t)sqlite3_column_int64(st, 1);
		snprintf(cl->date, sizeof(cl->date), "%s", db_text(st, 2));
		cancelled = sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return booking_fail(f, BOOKING_ERR_SHOW_NOT_FOUND);
	if (rc != SQLITE_ROW)
		return booking_fail_db(db, f, rc);
	if (cancelled)
		return booking_fail(f, BOOKING_ERR_SHOW_CANCELLED);
	if (cl->starts_at <= now)
		return booking_fail(f, BOOKING_ERR_SHOW_STARTED);
	if (cl->window != NULL &&
	    !show_in_customer_window(cl->window, now, cl->date)) {
		f->window_days = show_window_days(cl->window);
		return booking_fail(f, BOOKING_ERR_DATE_OUT_OF_RANGE);
	}

	if ((rc = pricing_show_load(db, cl->show_id, &cl->prices)) !=
	    SQLITE_OK)
		return booking_fail_db(db, f, rc == SQLITE_DONE ? SQLITE_ERROR :
		    rc);
	if ((rc = db_prepare(db, "SELECT s.id, c.name FROM seats s "
	    "JOIN seat_categories c ON c.id = s.category_id "
	    "WHERE s.screen_id = :screen AND s.label = :label "
	    "AND s.retired_at IS NULL", &st)) !=
	    SQLITE_OK)
		return booking_fail_db(db, f, rc);
	memset(&f->seats, 0, sizeof(f->seats));
	cl->amount = 0;
	typo = -1;
	for (int i = 0; i < want->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":screen", cl->screen_id);
		db_bind_text(st, ":label", want->label[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			/* The one price of a (show, seat, type). */
			cl->seat[i].id = sqlite3_column_int64(st, 0);
			cl->seat[i].type = pricing_type(&cl->prices,
			    seat_type(want, i));
			cl->seat[i].price = pricing_price(&cl->prices,
			    db_text(st, 1), seat_type(want, i));
			if ((cl->seat[i].type == NULL || cl->seat[i].price <=
			    0) && typo < 0)
				typo = i;
			cl->amount += cl->seat[i].price;
		} else if (rc == SQLITE_DONE)
			seats_add(&f->seats, want->label[i][0] ? want->label[i] :
			    "?");
		else {
			sqlite3_finalize(st);
			return booking_fail_db(db, f, rc);
		}
	}
	sqlite3_finalize(st);
	if (f->seats.n > 0)
		return booking_fail(f, BOOKING_ERR_INVALID_SEAT);
	if (typo >= 0) {
		/* Unknown, inactive, or not priced by the show's card. */
		seats_add(&f->seats, want->label[typo]);
		snprintf(f->detail, sizeof(f->detail), "%s",
		    seat_type(want, typo));
		return booking_fail(f, BOOKING_ERR_INVALID_TYPE);
	}
	return 0;
}

/* Inside the transaction, after claim_resolve: no seat's ticket type is
 * for ages the film's certificate keeps out (a Child ticket for a UA 13+
 * film: AGE_RESTRICTED naming the seat).  The counter is held to it too. */
static int
claim_ages(sqlite3 *db, const struct booking_seats *want,
    const struct claim *cl, struct booking_fail *f)
{
	struct certificate_ticket t[BOOKING_SEATS_LIMIT];

	for (int i = 0; i < want->n; i++) {
		t[i].seat = want->label[i];
		t[i].type_name = cl->seat[i].type->name;
		t[i].min_age = cl->seat[i].type->min_age;
		t[i].max_age = cl->seat[i].type->max_age;
	}
	return booking_check_ages(db, cl->show_id, t, want->n, f);
}

/* Inside the hold's transaction, before any seat is touched: the customer's
 * live holds (pending, not lapsed at now) allow this one.  One pass over
 * the live holds of the whole site through bookings_pending_expiry (the
 * unary + keeps the planner off bookings_by_user, which would walk every
 * booking the customer ever made); it is short because these very caps
 * bound it, and lapsed holds fall out of the range whether swept or not. */
static int
claim_caps(sqlite3 *db, const struct conf *conf, time_t now, long long user_id,
    int asked, int new_hold, const struct claim *cl, struct booking_fail *f)
{
	sqlite3_stmt *st;
	long long holds = 0, oldest = 0, on_show = 0;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT count(*), min(expires_at), "
	    "coalesce(sum(CASE WHEN show_id = :show THEN seat_count END), 0) "
	    "FROM bookings WHERE status = 'pending' AND expires_at > :now "
	    "AND +user_id = :user", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":show", cl->show_id);
	db_bind_int(st, ":now", (long long)now);
	db_bind_int(st, ":user", user_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		holds = sqlite3_column_int64(st, 0);
		oldest = sqlite3_column_int64(st, 1);
		on_show = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return booking_fail_db(db, f, rc);
	f->max_seats = booking_max_seats(conf);
	if (on_show + asked > f->max_seats) {
		f->held_seats = (int)on_show;
		return booking_fail(f, BOOKING_ERR_SHOW_SEATS_CAP);
	}
	f->max_pending = booking_max_pending(conf);
	if (new_hold && holds >= f->max_pending) {
		f->retry_after = oldest > (long long)now ? oldest -
		    (long long)now : 1;
		return booking_fail(f, BOOKING_ERR_PENDING_CAP);
	}
	return 0;
}

/* Retire lapsed holds on the wanted seats: their rows go live = 0 and
 * their bookings, every seat of which lapsed at the same instant, become
 * 'expired' with all their seats freed.  Then any live row left is a real
 * holder: report those seats. */
static int
claim_take_over(sqlite3 *db, time_t now, const struct booking_seats *want,
    const struct claim *cl, struct booking_fail *f)
{
	sqlite3_stmt *lapse = NULL, *seats = NULL, *book = NULL, *live = NULL;
	long long lapsed[BOOKING_SEATS_LIMIT];
	int	 nlapsed = 0, rc;

	if ((rc = db_prepare(db, "UPDATE booking_seats SET live = 0 "
	    "WHERE show_id = :show AND seat_id = :seat AND live = 1 "
	    "AND hold_expires_at <= :now RETURNING booking_id", &lapse)) !=
	    SQLITE_OK)
		goto dberr;
	for (int i = 0; i < want->n; i++) {
		sqlite3_reset(lapse);
		db_bind_int(lapse, ":show", cl->show_id);
		db_bind_int(lapse, ":seat", cl->seat[i].id);
		db_bind_int(lapse, ":now", (long long)now);
		while ((rc = sqlite3_step(lapse)) == SQLITE_ROW) {
			long long b = sqlite3_column_int64(lapse, 0);
			int	 seen = 0;

			for (int j = 0; j < nlapsed; j++)
				seen |= lapsed[j] == b;
			if (!seen && nlapsed < BOOKING_SEATS_LIMIT)
				lapsed[nlapsed++] = b;
		}
		if (rc != SQLITE_DONE)
			goto dberr;
	}
	if (nlapsed > 0) {
		if ((rc = db_prepare(db, "UPDATE booking_seats SET live = 0 "
		    "WHERE booking_id = :b AND live = 1 "
		    "AND hold_expires_at <= :now", &seats)) != SQLITE_OK ||
		    (rc = db_prepare(db, "UPDATE bookings SET status = 'expired' "
		    "WHERE id = :b AND status = 'pending' "
		    "AND expires_at <= :now", &book)) != SQLITE_OK)
			goto dberr;
		for (int j = 0; j < nlapsed; j++) {
			sqlite3_reset(seats);
			sqlite3_reset(book);
			db_bind_int(seats, ":b", lapsed[j]);
			db_bind_int(seats, ":now", (long long)now);
			db_bind_int(book, ":b", lapsed[j]);
			db_bind_int(book, ":now", (long long)now);
			if ((rc = sqlite3_step(seats)) != SQLITE_DONE ||
			    (rc = sqlite3_step(book)) != SQLITE_DONE)
				goto dberr;
		}
	}

	if ((rc = db_prepare(db, "SELECT 1 FROM booking_seats "
	    "WHERE show_id = :show AND seat_id = :seat AND live = 1",
	    &live)) != SQLITE_OK)
		goto dberr;
	memset(&f->seats, 0, sizeof(f->seats));
	for (int i = 0; i < want->n; i++) {
		sqlite3_reset(live);
		db_bind_int(live, ":show", cl->show_id);
		db_bind_int(live, ":seat", cl->seat[i].id);
		rc = sqlite3_step(live);
		if (rc == SQLITE_ROW)
			seats_add(&f->seats, want->label[i]);
		else if (rc != SQLITE_DONE)
			goto dberr;
	}
	sqlite3_finalize(lapse);
	sqlite3_finalize(seats);
	sqlite3_finalize(book);
	sqlite3_finalize(live);
	if (f->seats.n > 0)
		return booking_fail(f, BOOKING_ERR_SEATS_UNAVAILABLE);
	return 0;
dberr:
	rc = rc == SQLITE_OK || rc == SQLITE_ROW ? sqlite3_errcode(db) : rc;
	sqlite3_finalize(lapse);
	sqlite3_finalize(seats);
	sqlite3_finalize(book);
	sqlite3_finalize(live);
	return booking_fail_db(db, f, rc);
}

/* The seats of sm as the gap rule sees them (lib/seatpick.h): anything
 * not available is taken (held, sold, blocked) except booking id's own
 * (0: a new hold); chosen is what the hold would stand on — what it keeps
 * plus add, less remove — in the rows add and remove touch only. */
static void
gap_input(const struct seatmap *sm, long long id,
    const struct booking_seats *keep, const struct booking_seats *add,
    const struct booking_seats *remove, struct seatpick_seat *s,
    unsigned char *chosen)
{
	for (size_t a = 0, b; a < sm->n; a = b) {
		int	 touched = 0;

		for (b = a; b < sm->n && sm->seats[b].grid_row ==
		    sm->seats[a].grid_row; b++)
			touched |= seats_has(add, sm->seats[b].label) ||
			    seats_has(remove, sm->seats[b].label);
		for (size_t i = a; i < b; i++) {
			const struct seat_state *x = &sm->seats[i];

			s[i].row = x->grid_row;
			s[i].col = x->grid_col;
			s[i].taken = x->status != SEAT_AVAILABLE &&
			    (id == 0 || x->booking_id != id);
			/* A companion seat beside its space is sold on its
			 * own, released or not: never stranded. */
			s[i].avoid = x->kind == SEAT_KIND_WHEELCHAIR ||
			    x->kind == SEAT_KIND_COMPANION;
			chosen[i] = touched && (seats_has(add, x->label) ||
			    (seats_has(keep, x->label) &&
			    !seats_has(remove, x->label)));
		}
	}
}

/* The single-seat-gap rule (booking.h) inside the hold's transaction,
 * after lapsed holds are retired, so it judges the seats as they stand. */
static int
claim_gap(sqlite3 *db, const struct conf *conf, time_t now, long long show_id,
    long long id, const struct booking_seats *keep,
    const struct booking_seats *add, const struct booking_seats *remove,
    struct booking_fail *f)
{
	struct seatmap sm;
	struct seatpick_seat *s;
	unsigned char *chosen;
	int	 rc, bad = -1;

	if (!booking_gap_rule(conf))
		return 0;
	if ((rc = seatmap_status(db, show_id, 0, now, &sm)) != SQLITE_OK)
		return booking_fail_db(db, f, rc == SQLITE_DONE ?
		    SQLITE_ERROR : rc);
	s = calloc(sm.n ? sm.n : 1, sizeof(*s));
	chosen = calloc(sm.n ? sm.n : 1, 1);
	if (s != NULL && chosen != NULL) {
		gap_input(&sm, id, keep, add, remove, s, chosen);
		if ((bad = seatpick_check(s, (int)sm.n, chosen)) >= 0) {
			memset(&f->seats, 0, sizeof(f->seats));
			snprintf(f->seats.label[0], sizeof(f->seats.label[0]),
			    "%.*s", BOOKING_LABEL_MAX, sm.seats[bad].label);
			f->seats.n = 1;
		}
	} else
		rc = SQLITE_NOMEM;
	free(s);
	free(chosen);
	seatmap_free(&sm);
	if (rc != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return bad >= 0 ? booking_fail(f, BOOKING_ERR_SINGLE_SEAT_GAP) : 0;
}

int
booking_best(sqlite3 *db, const struct conf *conf, long long show_id,
    time_t now, int count, struct booking_seats *out, int *together)
{
	struct seatmap sm;
	struct seatpick_seat *s;
	struct seatpick_result r;
	int	 rc, released;

	memset(out, 0, sizeof(*out));
	*together = 0;
	if ((rc = seatmap_status(db, show_id, 0, now, &sm)) != SQLITE_OK)
		return rc;
	if ((s = calloc(sm.n ? sm.n : 1, sizeof(*s))) == NULL) {
		seatmap_free(&sm);
		return SQLITE_NOMEM;
	}
	released = seatkind_released(conf, (time_t)sm.starts_at, now);
	for (size_t i = 0; i < sm.n; i++) {
		s[i].row = sm.seats[i].grid_row;
		s[i].col = sm.seats[i].grid_col;
		s[i].taken = sm.seats[i].status != SEAT_AVAILABLE;
		/* A wheelchair space, and a companion seat until its release
		 * (then it is on general sale, lib/seatkind.h), are for
		 * whoever needs them: picked by hand, never handed out.  So
		 * are the demo's seats of the legacy "Wheelchair" category.
		 * A kind-blocked seat reads "blocked": taken above. */
		s[i].avoid = sm.seats[i].kind == SEAT_KIND_WHEELCHAIR ||
		    (sm.seats[i].kind == SEAT_KIND_COMPANION && !released) ||
		    strcmp(sm.seats[i].category, "Wheelchair") == 0;
	}
	if (sm.n > 0 && seatpick_best(s, (int)sm.n, count, &r) == 0) {
		for (int i = 0; i < r.n; i++)
			snprintf(out->label[out->n++], sizeof(out->label[0]),
			    "%.*s", BOOKING_LABEL_MAX, sm.seats[r.idx[i]].label);
		*together = r.together;
	}
	free(s);
	seatmap_free(&sm);
	return SQLITE_OK;
}

/* After claim_take_over (a taken seat reads as taken, not blocked): no
 * wanted seat is blocked for the show (lib/seatblock.h), but the counter
 * (counter = 1) may sell a house seat. */
static int
claim_unblocked(sqlite3 *db, const struct booking_seats *want,
    const struct claim *cl, int counter, struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT house FROM show_blocks WHERE show_id "
	    "= :show AND seat_id = :seat", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	memset(&f->seats, 0, sizeof(f->seats));
	for (int i = 0; i < want->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":show", cl->show_id);
		db_bind_int(st, ":seat", cl->seat[i].id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (!counter || sqlite3_column_int(st, 0) == 0)
				seats_add(&f->seats, want->label[i]);
		} else if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return booking_fail_db(db, f, rc);
		}
	}
	sqlite3_finalize(st);
	return f->seats.n > 0 ? booking_fail(f, BOOKING_ERR_SEAT_BLOCKED) : 0;
}

static int
bump_show(sqlite3 *db, long long show_id)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE shows SET version = version + 1 "
	    "WHERE id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", show_id);
	return db_step_done(st);
}

/* Run sql (a write to booking id's seat rows) and bump its show's version,
 * so seat-map ETags change. */
static int
seats_changed(sqlite3 *db, const char *sql, long long id, long long show_id,
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, sql, &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":id", id);
	if ((rc = db_step_done(st)) != SQLITE_OK ||
	    (rc = bump_show(db, show_id)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return 0;
}

/* Booking id's rows for the wanted seats (resolved into cl), then the
 * show's version.  A unique-index violation here means another writer owns
 * a seat after all: the schema's last line of defence, reported like any
 * taken seat. */
static int
claim_insert_seats(sqlite3 *db, const struct booking_seats *want,
    const struct claim *cl, long long id, time_t expires,
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price, type, live, hold_expires_at) VALUES (:b, "
	    ":show, :seat, :price, :type, 1, :expires)", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	memset(&f->seats, 0, sizeof(f->seats));
	for (int i = 0; i < want->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":b", id);
		db_bind_int(st, ":show", cl->show_id);
		db_bind_int(st, ":seat", cl->seat[i].id);
		db_bind_int(st, ":price", cl->seat[i].price);
		db_bind_text(st, ":type", cl->seat[i].type->code);
		if (expires > 0)
			db_bind_int(st, ":expires", (long long)expires);
		else
			db_bind_null(st, ":expires");
		rc = sqlite3_step(st);
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			seats_add(&f->seats, want->label[i]);
		else if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return booking_fail_db(db, f, rc);
		}
	}
	sqlite3_finalize(st);
	if (f->seats.n > 0) {
		db_rollback(db);
		return booking_fail(f, BOOKING_ERR_SEATS_UNAVAILABLE);
	}
	if ((rc = bump_show(db, cl->show_id)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return 0;
}

/* Insert the pending booking and its seat rows (claim_insert_seats). */
static int
claim_insert(sqlite3 *db, time_t now, const struct booking_seats *want,
    const struct claim *cl, long long user_id, long long walkin_id,
    long long sold_by, time_t expires, long long *id, struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO bookings (show_id, user_id, "
	    "walkin_customer_id, sold_by, status, amount, seat_count, "
	    "created_at, expires_at) VALUES (:show, :user, :walkin, :sold_by, "
	    "'pending', :amount, :n, :now, :expires)", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":show", cl->show_id);
	if (user_id > 0)
		db_bind_int(st, ":user", user_id);
	else
		db_bind_null(st, ":user");
	if (walkin_id > 0)
		db_bind_int(st, ":walkin", walkin_id);
	else
		db_bind_null(st, ":walkin");
	if (sold_by > 0)
		db_bind_int(st, ":sold_by", sold_by);
	else
		db_bind_null(st, ":sold_by");
	db_bind_int(st, ":amount", cl->amount);
	db_bind_int(st, ":n", want->n);
	db_bind_int(st, ":now", (long long)now);
	if (expires > 0)
		db_bind_int(st, ":expires", (long long)expires);
	else
		db_bind_null(st, ":expires");
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	*id = sqlite3_last_insert_rowid(db);
	return claim_insert_seats(db, want, cl, *id, expires, f);
}


/* Fill *out from what the transaction knows, without another query. */
static void
fill_new(struct booking *out, long long id, const struct claim *cl,
    const struct booking_seats *want, long long user_id, const char *status,
    time_t now, time_t expires)
{
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->show_id = cl->show_id;
	out->user_id = user_id;
	snprintf(out->status, sizeof(out->status), "%s", status);
	out->amount = cl->amount;
	out->seats = *want;
	for (int i = 0; i < want->n; i++) {
		snprintf(out->seats.type[i], sizeof(out->seats.type[i]), "%s",
		    cl->seat[i].type->code);
		out->seats.price[i] = cl->seat[i].price;
	}
	out->created_at = now;
	out->expires_at = expires;
	out->starts_at = cl->starts_at;
	out->screen_id = cl->screen_id;
}

int
booking_hold(sqlite3 *db, const struct conf *conf, time_t now,
    long long show_id, long long user_id, const struct booking_seats *want,
    struct booking *out, struct booking_fail *f)
{
	struct claim cl;
	time_t	 expires = now + (time_t)booking_hold_minutes(conf) * 60;
	long long id;
	int	 rc;

	memset(&cl, 0, sizeof(cl));
	cl.show_id = show_id;
	cl.window = conf;
	if ((rc = db_begin(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (claim_resolve(db, now, want, &cl, f) == -1 ||
	    claim_ages(db, want, &cl, f) == -1 ||
	    seatkind_check_hold(db, conf, now, show_id, 0, want, NULL, 0,
	    f) == -1 ||
	    claim_caps(db, conf, now, user_id, want->n, 1, &cl, f) == -1 ||
	    claim_take_over(db, now, want, &cl, f) == -1 ||
	    claim_unblocked(db, want, &cl, 0, f) == -1 ||
	    claim_gap(db, conf, now, show_id, 0, NULL, want, NULL, f) == -1 ||
	    claim_insert(db, now, want, &cl, user_id, 0, 0, expires, &id,
	    f) == -1) {
		db_rollback(db);
		return -1;
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	fill_new(out, id, &cl, want, user_id, "pending", now, expires);
	return 0;
}

/* --- changing a hold ------------------------------------------------------ */

static int
seats_has(const struct booking_seats *s, const char *label)
{
	if (s == NULL)
		return 0;
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->label[i], label) == 0)
			return 1;
	return 0;
}

/* What a change asks of hold b, before any seat is touched: something to
 * do, only its own seats to let go, no seat both ways or held already,
 * and 1..max_seats seats after. */
static int
change_check(const struct booking *b, const struct booking_change *ch,
    int max_seats, struct booking_fail *f)
{
	char	 why[BOOKING_LABEL_MAX + 64];
	int	 after = b->seats.n - ch->remove.n + ch->add.n;

	if (ch->add.n + ch->remove.n == 0)
		return booking_fail_field(f, "add",
		    "give seats to add or to remove");
	for (int i = 0; i < ch->remove.n; i++) {
		snprintf(why, sizeof(why), "%s is not in this hold",
		    ch->remove.label[i]);
		if (!seats_has(&b->seats, ch->remove.label[i]))
			return booking_fail_field(f, "remove", why);
		snprintf(why, sizeof(why), "%s is both added and removed",
		    ch->remove.label[i]);
		if (seats_has(&ch->add, ch->remove.label[i]))
			return booking_fail_field(f, "remove", why);
	}
	for (int i = 0; i < ch->add.n; i++) {
		snprintf(why, sizeof(why), "%s is already in this hold",
		    ch->add.label[i]);
		if (seats_has(&b->seats, ch->add.label[i]))
			return booking_fail_field(f, "add", why);
	}
	if (after < 1)
		return booking_fail_field(f, "remove",
		    "a hold keeps at least one seat; "
		    "cancel it to let go of them all");
	if (after > max_seats) {
		f->max_seats = max_seats;
		snprintf(f->field, sizeof(f->field), "add");
		return booking_fail(f, BOOKING_ERR_TOO_MANY_SEATS);
	}
	return 0;
}

/* A payment of the hold under way (its gateway call between two
 * transactions) fixes the amount: no change until it ends. */
static int
change_not_paying(sqlite3 *db, long long id, struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT 1 FROM payments WHERE booking_id = "
	    ":b AND status = 'started'", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":b", id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		snprintf(f->status, sizeof(f->status), "being paid");
		return booking_fail(f, BOOKING_ERR_BAD_STATUS);
	}
	return rc == SQLITE_DONE ? 0 : booking_fail_db(db, f, rc);
}

/* Let go of the removed seats (their rows go: they were never sold), then
 * the booking's amount and count from the rows left, and the show's
 * version. */
static int
change_apply(sqlite3 *db, const struct booking *b,
    const struct booking_seats *remove, struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "DELETE FROM booking_seats WHERE booking_id = "
	    ":b AND seat_id = (SELECT id FROM seats WHERE screen_id = :screen "
	    "AND label = :label)", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	for (int i = 0; i < remove->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":b", b->id);
		db_bind_int(st, ":screen", b->screen_id);
		db_bind_text(st, ":label", remove->label[i]);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return booking_fail_db(db, f, rc);
		}
	}
	sqlite3_finalize(st);
	if ((rc = db_prepare(db, "UPDATE bookings SET (amount, seat_count) = "
	    "(SELECT sum(price), count(*) FROM booking_seats WHERE booking_id "
	    "= :b AND live = 1) WHERE id = :b", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":b", b->id);
	if ((rc = db_step_done(st)) != SQLITE_OK ||
	    (rc = bump_show(db, b->show_id)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return 0;
}

int
booking_change(sqlite3 *db, const struct conf *conf, time_t now, long long id,
    long long user_id, const struct booking_change *ch, struct booking *out,
    struct booking_fail *f)
{
	struct booking b;
	struct claim cl;
	int	 rc;

	memset(&cl, 0, sizeof(cl));
	if ((rc = db_begin(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (booking_load_for_payment(db, id, user_id, now, &b, f) == -1 ||
	    change_check(&b, ch, booking_max_seats(conf), f) == -1 ||
	    change_not_paying(db, id, f) == -1)
		goto refused;
	cl.show_id = b.show_id;
	cl.window = conf;
	/* The added seats: the hold's rules, its clock (expires_at); what
	 * is wrong with them is about the "add" list. */
	snprintf(f->field, sizeof(f->field), "add");
	if (ch->add.n > 0 && (claim_resolve(db, now, &ch->add, &cl, f) == -1 ||
	    claim_ages(db, &ch->add, &cl, f) == -1 ||
	    claim_caps(db, conf, now, user_id, ch->add.n - ch->remove.n, 0,
	    &cl, f) == -1 || claim_take_over(db, now, &ch->add, &cl, f) == -1 ||
	    claim_unblocked(db, &ch->add, &cl, 0, f) == -1))
		goto refused;
	/* The rule judges the hold as it would stand: what the change lets
	 * go of is its customer's doing too.  So do the seats' kinds: a
	 * companion seat kept without its wheelchair space is refused. */
	snprintf(f->field, sizeof(f->field), "%s", ch->add.n > 0 ? "add" :
	    "remove");
	if (seatkind_check_hold(db, conf, now, b.show_id, id, &ch->add,
	    &ch->remove, 0, f) == -1)
		goto refused;
	if (claim_gap(db, conf, now, b.show_id, id, &b.seats, &ch->add,
	    &ch->remove, f) == -1)
		goto refused;
	snprintf(f->field, sizeof(f->field), "add");
	if (ch->add.n > 0 && claim_insert_seats(db, &ch->add, &cl, id,
	    b.expires_at, f) == -1)
		goto refused;
	if (change_apply(db, &b, &ch->remove, f) == -1)
		goto refused;
	if ((rc = db_commit(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return booking_get(db, id, now, out, f);
refused:
	db_rollback(db);
	return -1;
}

/* The counter's cash payment and the confirmation, inside the sale. */
static int
walkin_pay(sqlite3 *db, time_t now, long long id, long long amount,
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO payments (purpose, booking_id, "
	    "method, amount, cash_amount, status, created_at, settled_at) "
	    "VALUES ('booking', :b, 'cash', :amount, :amount, 'succeeded', "
	    ":now, :now)", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":b", id);
	db_bind_int(st, ":amount", amount);
	db_bind_int(st, ":now", (long long)now);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if ((rc = db_prepare(db, "UPDATE bookings SET status = 'confirmed', "
	    "confirmed_at = :now WHERE id = :b", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":b", id);
	db_bind_int(st, ":now", (long long)now);
	rc = db_step_done(st);
	return rc == SQLITE_OK ? 0 : booking_fail_db(db, f, rc);
}

int
booking_sell_walkin(sqlite3 *db, const struct conf *conf, time_t now,
    const struct booking_walkin *w, const struct booking_seats *want,
    struct booking *out, struct booking_fail *f)
{
	struct claim cl;
	sqlite3_stmt *st;
	char	 name[PERSON_NAME_MAX];
	long long id, walkin;
	int	 rc;

	if (booking_check_walkin(w, name, f) == -1)
		return -1;
	memset(&cl, 0, sizeof(cl));
	cl.show_id = w->show_id;
	if ((rc = db_begin(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (claim_resolve(db, now, want, &cl, f) == -1 ||
	    claim_ages(db, want, &cl, f) == -1 ||
	    seatkind_check_hold(db, conf, now, w->show_id, 0, want, NULL, 1,
	    f) == -1 ||
	    claim_take_over(db, now, want, &cl, f) == -1 ||
	    claim_unblocked(db, want, &cl, 1, f) == -1)
		goto fail;
	if (w->amount_paid != cl.amount) {
		f->amount_due = cl.amount;
		booking_fail(f, BOOKING_ERR_INVALID_AMOUNT);
		goto fail;
	}
	if ((rc = db_prepare(db, "INSERT INTO walkin_customers (name, phone, "
	    "created_at) VALUES (:name, :phone, :now)", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_text(st, ":name", name);
	db_bind_text(st, ":phone", w->phone);
	db_bind_int(st, ":now", (long long)now);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	walkin = sqlite3_last_insert_rowid(db);
	/* Sold outright: the seat rows carry no hold expiry. */
	if (claim_insert(db, now, want, &cl, 0, walkin, w->sold_by, 0, &id,
	    f) == -1 || walkin_pay(db, now, id, cl.amount, f) == -1)
		goto fail;
	if ((rc = db_commit(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	fill_new(out, id, &cl, want, 0, "confirmed", now, 0);
	out->walkin_customer_id = walkin;
	out->sold_by = w->sold_by;
	out->confirmed_at = now;
	snprintf(out->payment_type, sizeof(out->payment_type), "cash");
	/* Cut to the struct's size, as booking_get reads it back. */
	snprintf(out->customer_name, sizeof(out->customer_name), "%.*s",
	    (int)sizeof(out->customer_name) - 1, name);
	snprintf(out->customer_phone, sizeof(out->customer_phone), "%s",
	    w->phone);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* --- reading ------------------------------------------------------------- */

#define BOOKING_COLUMNS \
	"SELECT b.id, b.show_id, coalesce(b.user_id, 0), " \
	"coalesce(b.walkin_customer_id, 0), coalesce(b.sold_by, 0), " \
	"CASE WHEN b.status = 'pending' AND b.expires_at <= :now " \
	"THEN 'expired' ELSE b.status END, b.amount, b.created_at, " \
	"coalesce(b.expires_at, 0), coalesce(b.confirmed_at, 0), " \
	"coalesce(b.cancelled_at, 0), " \
	"(SELECT p.method FROM payments p WHERE p.booking_id = b.id " \
	"AND p.purpose = 'booking' AND p.status = 'succeeded'), " \
	"s.date, s.starts_at, s.ends_at, m.id, m.title, sc.id, sc.name, " \
	"sl.id, sl.name, coalesce(u.name, w.name), " \
	"coalesce(c.phone, w.phone), u.username, " \
	"(SELECT json_group_array(json_array(label, type, price)) FROM " \
	"(SELECT se.label, bs.type, bs.price " \
	"FROM booking_seats bs JOIN seats se ON se.id = bs.seat_id " \
	"WHERE bs.booking_id = b.id ORDER BY se.grid_row, se.grid_col)), " \
	"coalesce(s.cancelled_at, 0), s.cancel_reason " \
	"FROM bookings b JOIN shows s ON s.id = b.show_id " \
	"JOIN movies m ON m.id = s.movie_id " \
	"JOIN screens sc ON sc.id = s.screen_id " \
	"JOIN slots sl ON sl.id = s.slot_id " \
	"LEFT JOIN users u ON u.id = b.user_id " \
	"LEFT JOIN customers c ON c.user_id = b.user_id " \
	"LEFT JOIN walkin_customers w ON w.id = b.walkin_customer_id "

static void
copy(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	snprintf(dst, n, "%s", db_text(st, col));
}

static void
read_row(sqlite3_stmt *st, struct booking *b)
{
	cJSON	*labels, *it;

	memset(b, 0, sizeof(*b));
	b->id = sqlite3_column_int64(st, 0);
	b->show_id = sqlite3_column_int64(st, 1);
	b->user_id = sqlite3_column_int64(st, 2);
	b->walkin_customer_id = sqlite3_column_int64(st, 3);
	b->sold_by = sqlite3_column_int64(st, 4);
	copy(b->status, sizeof(b->status), st, 5);
	b->amount = sqlite3_column_int64(st, 6);
	b->created_at = (time_t)sqlite3_column_int64(st, 7);
	b->expires_at = (time_t)sqlite3_column_int64(st, 8);
	b->confirmed_at = (time_t)sqlite3_column_int64(st, 9);
	b->cancelled_at = (time_t)sqlite3_column_int64(st, 10);
	copy(b->payment_type, sizeof(b->payment_type), st, 11);
	copy(b->date, sizeof(b->date), st, 12);
	b->starts_at = (time_t)sqlite3_column_int64(st, 13);
	b->ends_at = (time_t)sqlite3_column_int64(st, 14);
	b->movie_id = sqlite3_column_int64(st, 15);
	copy(b->movie_title, sizeof(b->movie_title), st, 16);
	b->screen_id = sqlite3_column_int64(st, 17);
	copy(b->screen_name, sizeof(b->screen_name), st, 18);
	b->slot_id = sqlite3_column_int64(st, 19);
	copy(b->slot_name, sizeof(b->slot_name), st, 20);
	copy(b->customer_name, sizeof(b->customer_name), st, 21);
	copy(b->customer_phone, sizeof(b->customer_phone), st, 22);
	copy(b->username, sizeof(b->username), st, 23);
	b->show_cancelled_at = (time_t)sqlite3_column_int64(st, 25);
	copy(b->show_cancel_reason, sizeof(b->show_cancel_reason), st, 26);
	/* [[label, type, price], ...] */
	labels = cJSON_Parse(db_text(st, 24));
	cJSON_ArrayForEach(it, labels) {
		const cJSON *l = cJSON_GetArrayItem(it, 0),
		    *t = cJSON_GetArrayItem(it, 1), *p = cJSON_GetArrayItem(it, 2);
		long long price = 0;
		int	 i = b->seats.n;

		if (!cJSON_IsString(l) || i >= BOOKING_SEATS_LIMIT)
			continue;
		seats_add(&b->seats, l->valuestring);
		if (cJSON_IsString(t))
			snprintf(b->seats.type[i], sizeof(b->seats.type[i]),
			    "%s", t->valuestring);
		if (json_item_int(p, &price) == 1)
			b->seats.price[i] = price;
	}
	cJSON_Delete(labels);
}

int
booking_get(sqlite3 *db, long long id, time_t now, struct booking *out,
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, BOOKING_COLUMNS "WHERE b.id = :id", &st)) !=
	    SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":id", id);
	db_bind_int(st, ":now", (long long)now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return booking_fail(f, BOOKING_ERR_NOT_FOUND);
	return rc == SQLITE_ROW ? 0 : booking_fail_db(db, f, rc);
}

int
booking_get_as(sqlite3 *db, long long id, long long user_id, time_t now,
    struct booking *out, struct booking_fail *f)
{
	if (booking_get(db, id, now, out, f) == -1)
		return -1;
	if (user_id > 0 && out->user_id != user_id)
		return booking_fail(f, BOOKING_ERR_NOT_FOUND);
	return 0;
}

int
booking_list(sqlite3 *db, const struct booking_filter *flt, time_t now,
    int (*fn)(const struct booking *, void *), void *arg,
    struct booking_fail *f)
{
	char	 sql[4096];
	sqlite3_stmt *st;
	struct booking *b;
	int	 rc;

	/* The query is assembled from constant fragments only; every value
	 * is bound.  Each filter picks its own index (bookings_by_user,
	 * bookings_by_show, shows_by_date). */
	snprintf(sql, sizeof(sql), "%s WHERE 1%s%s%s%s%s "
	    "ORDER BY b.id DESC LIMIT :limit OFFSET :offset", BOOKING_COLUMNS,
	    flt->user_id > 0 ? " AND b.user_id = :user" : "",
	    flt->show_id > 0 ? " AND b.show_id = :show" : "",
	    flt->date[0] ? " AND s.date = :date" : "",
	    flt->before_id > 0 ? " AND b.id < :before" : "",
	    !flt->status[0] ? "" :
	    strcmp(flt->status, "pending") == 0 ?
	    " AND b.status = 'pending' AND b.expires_at > :now" :
	    strcmp(flt->status, "expired") == 0 ?
	    " AND (b.status = 'expired' OR (b.status = 'pending' "
	    "AND b.expires_at <= :now))" : " AND b.status = :status");
	if ((rc = db_prepare(db, sql, &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":now", (long long)now);
	if (flt->user_id > 0)
		db_bind_int(st, ":user", flt->user_id);
	if (flt->show_id > 0)
		db_bind_int(st, ":show", flt->show_id);
	if (flt->date[0])
		db_bind_text(st, ":date", flt->date);
	if (flt->before_id > 0)
		db_bind_int(st, ":before", flt->before_id);
	if (flt->status[0] && strcmp(flt->status, "pending") != 0 &&
	    strcmp(flt->status, "expired") != 0)
		db_bind_text(st, ":status", flt->status);
	db_bind_int(st, ":limit", flt->limit > 0 && flt->limit <=
	    BOOKING_LIST_MAX ? flt->limit : BOOKING_LIST_MAX);
	db_bind_int(st, ":offset", flt->offset > 0 ? flt->offset : 0);
	if ((b = malloc(sizeof(*b))) == NULL) {
		sqlite3_finalize(st);
		return booking_fail_db(db, f, SQLITE_NOMEM);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, b);
		if (fn(b, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	free(b);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : booking_fail_db(db, f, rc);
}

/* --- changing state ------------------------------------------------------ */

int
booking_release(sqlite3 *db, long long id, const char *new_status, time_t now,
    struct booking_fail *f)
{
	sqlite3_stmt *st;
	long long show_id = 0;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE bookings SET status = :status, "
	    "cancelled_at = CASE WHEN :status = 'cancelled' THEN :now "
	    "ELSE cancelled_at END WHERE id = :id RETURNING show_id", &st)) !=
	    SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_text(st, ":status", new_status);
	db_bind_int(st, ":now", (long long)now);
	db_bind_int(st, ":id", id);
	if ((rc = db_step_returning(st, &show_id)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (show_id == 0)
		return booking_fail(f, BOOKING_ERR_NOT_FOUND);
	return seats_changed(db, "UPDATE booking_seats SET live = 0 "
	    "WHERE booking_id = :id AND live = 1", id, show_id, f);
}

int
booking_cancel_pending(sqlite3 *db, struct booking *b, time_t now,
    struct booking_fail *f)
{
	if (strcmp(b->status, "pending") != 0) {
		/* A confirmed booking is cancelled with a refund, by
		 * refund.c (the refund, then booking_release). */
		snprintf(f->status, sizeof(f->status), "%s", b->status);
		return booking_fail(f, BOOKING_ERR_BAD_STATUS);
	}
	if (booking_release(db, b->id, "cancelled", now, f) == -1)
		return -1;
	snprintf(b->status, sizeof(b->status), "cancelled");
	b->cancelled_at = now;
	return 0;
}

int
booking_cancel(sqlite3 *db, long long id, long long user_id, time_t now,
    struct booking *out, struct booking_fail *f)
{
	int	 rc;

	if ((rc = db_begin(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (booking_get_as(db, id, user_id, now, out, f) == -1 ||
	    booking_cancel_pending(db, out, now, f) == -1) {
		db_rollback(db);
		return -1;
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	return 0;
}

int
booking_load_for_payment(sqlite3 *db, long long id, long long user_id,
    time_t now, struct booking *out, struct booking_fail *f)
{
	if (booking_get(db, id, now, out, f) == -1)
		return -1;
	if (out->user_id != user_id || user_id <= 0)
		return booking_fail(f, BOOKING_ERR_NOT_FOUND);
	snprintf(f->status, sizeof(f->status), "%s", out->status);
	if (strcmp(out->status, "pending") != 0) {
		int	 cancelled = 0, rc;

		/* A hold its show's cancellation ended says so. */
		if ((rc = show_cancelled(db, out->show_id, &cancelled)) !=
		    SQLITE_ROW && rc != SQLITE_DONE)
			return booking_fail_db(db, f, rc);
		if (cancelled)
			return booking_fail(f, BOOKING_ERR_SHOW_CANCELLED);
	}
	if (strcmp(out->status, "expired") == 0)
		return booking_fail(f, BOOKING_ERR_EXPIRED);
	if (strcmp(out->status, "pending") != 0)
		return booking_fail(f, BOOKING_ERR_BAD_STATUS);
	return 0;
}

int
booking_confirm(sqlite3 *db, long long id, time_t now, struct booking_fail *f)
{
	sqlite3_stmt *st;
	long long show_id = 0;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE bookings SET status = 'confirmed', "
	    "confirmed_at = :now WHERE id = :id AND status = 'pending' "
	    "AND expires_at > :now RETURNING show_id", &st)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	db_bind_int(st, ":id", id);
	db_bind_int(st, ":now", (long long)now);
	if ((rc = db_step_returning(st, &show_id)) != SQLITE_OK)
		return booking_fail_db(db, f, rc);
	if (show_id == 0) {
		struct booking b;

		if (booking_get(db, id, now, &b, f) == -1)
			return -1;
		snprintf(f->status, sizeof(f->status), "%s", b.status);
		return booking_fail(f, strcmp(b.status, "expired") == 0 ?
		    BOOKING_ERR_EXPIRED : BOOKING_ERR_BAD_STATUS);
	}
	/* Sold: the rows no longer lapse. */
	return seats_changed(db, "UPDATE booking_seats SET hold_expires_at = "
	    "NULL WHERE booking_id = :id AND live = 1", id, show_id, f);
}

/* --- the sweeper --------------------------------------------------------- */

int
booking_sweep_batch(sqlite3 *db, time_t now, int batch, int *n,
    struct booking_sweep_stats *stats, struct booking_fail *f)
{
	sqlite3_stmt *pick = NULL, *seats = NULL;
	long long *shows = NULL, t0, dt;
	int	 nshows = 0, rc;

	*n = 0;
	if (batch < 1)
		batch = 1;
	if ((shows = calloc((size_t)batch, sizeof(*shows))) == NULL) {
		f->rc = SQLITE_NOMEM;
		return booking_fail(f, BOOKING_ERR_DB);
	}
	if ((rc = db_begin(db)) != SQLITE_OK)
		goto dberr;
	/* The lock is held from here (BEGIN IMMEDIATE has returned) to the
	 * commit; the wait for it beside live traffic is not holding it. */
	t0 = clock_mono_us();
	/* The oldest lapsed holds first, through bookings_pending_expiry. */
	if ((rc = db_prepare(db, "UPDATE bookings SET status = 'expired' "
	    "WHERE id IN (SELECT id FROM bookings WHERE status = 'pending' "
	    "AND expires_at <= :now ORDER BY expires_at LIMIT :batch) "
	    "RETURNING id, show_id", &pick)) != SQLITE_OK ||
	    (rc = db_prepare(db, "UPDATE booking_seats SET live = 0 "
	    "WHERE booking_id = :b AND live = 1", &seats)) != SQLITE_OK)
		goto dberr;
	db_bind_int(pick, ":now", (long long)now);
	db_bind_int(pick, ":batch", batch);
	/* RETURNING rows are all computed on the first step; the seat
	 * updates may interleave. */
	while ((rc = sqlite3_step(pick)) == SQLITE_ROW) {
		long long show = sqlite3_column_int64(pick, 1);
		int	 seen = 0;

		sqlite3_reset(seats);
		db_bind_int(seats, ":b", sqlite3_column_int64(pick, 0));
		if ((rc = sqlite3_step(seats)) != SQLITE_DONE)
			goto dberr;
		stats->seats += sqlite3_changes(db);
		(*n)++;
		for (int i = 0; i < nshows && !seen; i++)
			seen = shows[i] == show;
		if (!seen && nshows < batch)
			shows[nshows++] = show;
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(pick);
	sqlite3_finalize(seats);
	pick = seats = NULL;
	for (int i = 0; i < nshows; i++)
		if ((rc = bump_show(db, shows[i])) != SQLITE_OK)
			goto dberr;
	if ((rc = db_commit(db)) != SQLITE_OK)
		goto dberr;
	free(shows);
	dt = clock_mono_us() - t0;
	stats->bookings += *n;
	stats->transactions++;
	stats->total_us += dt;
	stats->last_tx_us = dt;
	if (dt > stats->max_tx_us)
		stats->max_tx_us = dt;
	return 0;
dberr:
	sqlite3_finalize(pick);
	sqlite3_finalize(seats);
	free(shows);
	return booking_fail_db(db, f, rc);
}

int
booking_sweep(sqlite3 *db, time_t now, int batch, long long target_us,
    struct booking_sweep_stats *stats, struct booking_fail *f)
{
	int	 n, rc = 0, max = batch < 1 ? 1 : batch;

	/* This connection checkpoints between batches, never inside a
	 * commit, and keeps its scratch b-trees in memory: the time between
	 * BEGIN and COMMIT is then the time the write lock is really held. */
	(void)db_exec(db, "PRAGMA temp_store = MEMORY");
	(void)db_exec(db, "PRAGMA wal_autocheckpoint = 0");
	batch = max;
	for (;;) {
		long long t0 = clock_mono_us(), dt;

		if (booking_sweep_batch(db, now, batch, &n, stats, f) == -1) {
			rc = -1;
			break;
		}
		stats->final_batch = batch;
		if (stats->last_tx_us > target_us)
			stats->over_target++;
		if (n < batch)
			break;
		/* Too long a lock: halve.  Comfortably short: grow back. */
		if (stats->last_tx_us > target_us && batch > 1)
			batch /= 2;
		else if (stats->last_tx_us < target_us / 4 && batch < max)
			batch = batch * 2 > max ? max : batch * 2;
		/* Let waiting writers in before taking the lock again; a
		 * passive checkpoint takes no write lock. */
		dt = clock_mono_us() - t0;
		if (stats->transactions % 8 == 0)
			(void)db_exec(db, "PRAGMA wal_checkpoint(PASSIVE)");
		usleep((useconds_t)(dt < 1000 ? 1000 : dt));
	}
	(void)db_exec(db, "PRAGMA wal_checkpoint(PASSIVE)");
	(void)db_exec(db, "PRAGMA wal_autocheckpoint = 1000");
	return rc;
}

/* --- representation ------------------------------------------------------ */

cJSON *
booking_json(const struct booking *b, const char *currency, int staff)
{
	cJSON	*o = cJSON_CreateObject(), *a, *show, *x;
	int	 typed = 0;

	json_add_int(o, "id", b->id);
	json_add_str(o, "status", b->status);
	json_add_int(o, "show_id", b->show_id);
	a = cJSON_AddArrayToObject(o, "seats");
	for (int i = 0; i < b->seats.n; i++)
		typed |= strcmp(seat_type(&b->seats, i),
		    PRICING_DEFAULT_TYPE) != 0;
	for (int i = 0; i < b->seats.n; i++) {
		/* Plain labels while every seat is the default type, as
		 * before ticket types (old clients keep working); objects
		 * once any is not. */
		if (!typed) {
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(b->seats.label[i]));
			continue;
		}
		x = cJSON_CreateObject();
		json_add_str(x, "seat", b->seats.label[i]);
		json_add_str(x, "type", seat_type(&b->seats, i));
		json_add_int(x, "price", b->seats.price[i]);
		cJSON_AddItemToArray(a, x);
	}
	json_add_int(o, "amount", b->amount);
	json_add_str(o, "currency", currency);
	json_add_time(o, "expires_at", strcmp(b->status, "pending") == 0 ||
	    strcmp(b->status, "expired") == 0 ? b->expires_at : 0);
	json_add_time(o, "created_at", b->created_at);
	json_add_time(o, "confirmed_at", b->confirmed_at);
	json_add_time(o, "cancelled_at", b->cancelled_at);
	json_add_str(o, "payment_type", b->payment_type[0] ? b->payment_type :
	    NULL);
	if (b->date[0] != '\0') {
		show = cJSON_AddObjectToObject(o, "show");
		json_add_int(show, "id", b->show_id);
		json_add_str(show, "date", b->date);
		json_add_time(show, "starts_at", b->starts_at);
		json_add_time(show, "ends_at", b->ends_at);
		x = cJSON_AddObjectToObject(show, "movie");
		json_add_int(x, "id", b->movie_id);
		json_add_str(x, "title", b->movie_title);
		x = cJSON_AddObjectToObject(show, "screen");
		json_add_int(x, "id", b->screen_id);
		json_add_str(x, "name", b->screen_name);
		x = cJSON_AddObjectToObject(show, "slot");
		json_add_int(x, "id", b->slot_id);
		json_add_str(x, "name", b->slot_name);
		if (b->show_cancelled_at != 0) {
			/* The cinema cancelled the show (show_cancel): why,
			 * for the customer's list. */
			x = cJSON_AddObjectToObject(show, "cancelled");
			json_add_time(x, "at", b->show_cancelled_at);
			json_add_str(x, "reason", b->show_cancel_reason);
		}
	}
	if (b->customer_name[0] != '\0') {
		x = cJSON_AddObjectToObject(o, "customer");
		json_add_str(x, "name", b->customer_name);
		cJSON_AddBoolToObject(x, "walk_in", b->walkin_customer_id > 0);
		if (staff) {
			json_add_str(x, "username", b->username[0] ?
			    b->username : NULL);
			json_add_str(x, "phone", b->customer_phone[0] ?
			    b->customer_phone : NULL);
		}
	}
	return o;
}
