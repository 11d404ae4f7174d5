/* pricing — ticket types, price cards, a show's prices; see pricing.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "json.h"
#include "pricing.h"
#include "text.h"

int
pricing_code_valid(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > PRICING_CODE_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* --- ticket types ---------------------------------------------------------- */

#define TYPE_COLUMNS "SELECT code, name, coalesce(min_age, -1), " \
	"coalesce(max_age, -1), active, sort FROM ticket_types "

static void
type_read(sqlite3_stmt *st, struct tickettype *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->code, sizeof(t->code), "%s", db_text(st, 0));
	snprintf(t->name, sizeof(t->name), "%s", db_text(st, 1));
	t->min_age = sqlite3_column_int(st, 2);
	t->max_age = sqlite3_column_int(st, 3);
	t->active = sqlite3_column_int(st, 4);
	t->sort = sqlite3_column_int(st, 5);
}

int
tickettype_each(sqlite3 *db, int active_only,
    int (*fn)(const struct tickettype *, void *), void *arg)
{
	sqlite3_stmt *st;
	struct tickettype t;
	int	 rc;

	if ((rc = db_prepare(db, active_only ? TYPE_COLUMNS "WHERE active = 1 "
	    "ORDER BY sort, code" : TYPE_COLUMNS "ORDER BY sort, code", &st)) !=
	    SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		type_read(st, &t);
		if (fn(&t, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
tickettype_get(sqlite3 *db, const char *code, struct tickettype *t)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, TYPE_COLUMNS "WHERE code = :code", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_text(st, ":code", code);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		type_read(st, t);
	sqlite3_finalize(st);
	return rc;
}

static void
add_age(cJSON *o, const char *key, int age)
{
	if (age < 0)
		cJSON_AddNullToObject(o, key);
	else
		json_add_int(o, key, age);
}

cJSON *
tickettype_json(const struct tickettype *t)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_str(o, "code", t->code);
	json_add_str(o, "name", t->name);
	add_age(o, "min_age", t->min_age);
	add_age(o, "max_age", t->max_age);
	cJSON_AddBoolToObject(o, "active", t->active);
	json_add_int(o, "sort", t->sort);
	return o;
}

static int
add_type_json(const struct tickettype *t, void *arg)
{
	cJSON_AddItemToArray(arg, tickettype_json(t));
	return 0;
}

int
tickettype_list_json(sqlite3 *db, cJSON **out)
{
	int	 rc;

	*out = cJSON_CreateArray();
	if ((rc = tickettype_each(db, 0, add_type_json, *out)) != SQLITE_OK) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

/* An age field: absent (0), null (1, age -1), 0..PRICING_AGE_MAX (1), or
 * bad (-1, recorded). */
static int
parse_age(const cJSON *body, const char *key, int *age, struct err *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, key);
	long long n;

	if (v == NULL)
		return 0;
	if (cJSON_IsNull(v)) {
		*age = -1;
		return 1;
	}
	if (json_item_int(v, &n) != 1 || n < 0 || n > PRICING_AGE_MAX) {
		err_field(e, key, "an age in years from 0 to %d, or null",
		    PRICING_AGE_MAX);
		return -1;
	}
	*age = (int)n;
	return 1;
}

int
tickettype_parse(const cJSON *body, int create, struct tickettype *t,
    unsigned *set, struct err *e)
{
	const char *s;
	long long n;
	int	 before = e->nfields, r, b;

	memset(t, 0, sizeof(*t));
	t->min_age = t->max_age = -1;
	t->active = 1;
	*set = 0;
	if (!cJSON_IsObject(body)) {
		err_field(e, create ? "code" : "name", "send a JSON object");
		return -1;
	}
	if (create) {
		if ((r = json_get_str(body, "code", &s)) == 0)
			err_field(e, "code", "is required: a short lowercase "
			    "name such as \"child\"");
		else if (r < 0 || !pricing_code_valid(s))
			err_field(e, "code", "1 to %d lowercase letters, "
			    "digits and '-', starting with a letter",
			    PRICING_CODE_MAX);
		else
			snprintf(t->code, sizeof(t->code), "%s", s);
	}
	if ((r = json_get_str(body, "name", &s)) == 0) {
		if (create)
			err_field(e, "name", "is required");
	} else if (r < 0 || !text_reason_valid(s, PRICING_NAME_MAX))
		err_field(e, "name", "1 to %d characters of text",
		    PRICING_NAME_MAX);
	else {
		snprintf(t->name, sizeof(t->name), "%s", s);
		*set |= PRICING_SET_NAME;
	}
	if (parse_age(body, "min_age", &t->min_age, e) == 1)
		*set |= PRICING_SET_MIN;
	if (parse_age(body, "max_age", &t->max_age, e) == 1)
		*set |= PRICING_SET_MAX;
	if ((r = json_get_bool(body, "active", &b)) < 0)
		err_field(e, "active", "true or false");
	else if (r == 1) {
		t->active = b;
		*set |= PRICING_SET_ACTIVE;
	}
	if ((r = json_get_int(body, "sort", &n)) < 0 || (r == 1 &&
	    (n < 0 || n > 10000)))
		err_field(e, "sort", "a whole number from 0 to 10000");
	else if (r == 1) {
		t->sort = (int)n;
		*set |= PRICING_SET_SORT;
	}
	if (t->min_age >= 0 && t->max_age >= 0 && t->min_age > t->max_age)
		err_field(e, "max_age", "must not be below min_age");
	if (e->nfields == before && !create && *set == 0)
		err_field(e, "name", "give name, min_age, max_age, active or "
		    "sort to change");
	return e->nfields > before ? -1 : 0;
}

static void
bind_age(sqlite3_stmt *st, const char *name, int age)
{
	if (age < 0)
		db_bind_null(st, name);
	else
		db_bind_int(st, name, age);
}

/* Which of code and name a unique violation was about. */
static enum pricing_err
type_exists(sqlite3 *db, const struct tickettype *t, int create,
    struct err *e, int *rc)
{
	struct tickettype o;

	*rc = create ? tickettype_get(db, t->code, &o) : SQLITE_DONE;
	if (*rc == SQLITE_ROW)
		err_field(e, "code", "there is already a ticket type \"%s\"",
		    t->code);
	else
		err_field(e, "name", "another ticket type is called that");
	return PRICING_ERR_EXISTS;
}

enum pricing_err
tickettype_create(sqlite3 *db, const struct tickettype *t, struct err *e,
    int *rc)
{
	sqlite3_stmt *st;

	/* Its own transaction, so a publisher attached to db (the seat
	 * maps list the types on sale) runs after the COMMIT. */
	if ((*rc = db_begin(db)) != SQLITE_OK)
		return PRICING_ERR_DB;
	if ((*rc = db_prepare(db, "INSERT INTO ticket_types (code, name, "
	    "min_age, max_age, active, sort) VALUES (:code, :name, :min, :max, "
	    ":active, coalesce(:sort, (SELECT coalesce(max(sort), 0) + 10 FROM "
	    "ticket_types)))", &st)) != SQLITE_OK) {
		db_rollback(db);
		return PRICING_ERR_DB;
	}
	db_bind_text(st, ":code", t->code);
	db_bind_text(st, ":name", t->name);
	bind_age(st, ":min", t->min_age);
	bind_age(st, ":max", t->max_age);
	db_bind_int(st, ":active", t->active);
	if (t->sort > 0)
		db_bind_int(st, ":sort", t->sort);
	else
		db_bind_null(st, ":sort");
	*rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (*rc == SQLITE_CONSTRAINT_PRIMARYKEY || *rc ==
	    SQLITE_CONSTRAINT_UNIQUE) {
		db_rollback(db);
		return type_exists(db, t, 1, e, rc);
	}
	if (*rc != SQLITE_DONE || (*rc = db_commit(db)) != SQLITE_OK) {
		db_rollback(db);
		return PRICING_ERR_DB;
	}
	return PRICING_OK;
}

enum pricing_err
tickettype_update(sqlite3 *db, const char *code, const struct tickettype *in,
    unsigned set, struct tickettype *out, struct err *e, int *rc)
{
	struct tickettype t;
	sqlite3_stmt *st;

	if ((*rc = db_begin(db)) != SQLITE_OK)
		return PRICING_ERR_DB;
	if ((*rc = tickettype_get(db, code, &t)) != SQLITE_ROW) {
		db_rollback(db);
		return *rc == SQLITE_DONE ? PRICING_ERR_NOT_FOUND :
		    PRICING_ERR_DB;
	}
	if (set & PRICING_SET_NAME)
		snprintf(t.name, sizeof(t.name), "%s", in->name);
	if (set & PRICING_SET_MIN)
		t.min_age = in->min_age;
	if (set & PRICING_SET_MAX)
		t.max_age = in->max_age;
	if (set & PRICING_SET_ACTIVE)
		t.active = in->active;
	if (set & PRICING_SET_SORT)
		t.sort = in->sort;
	if (!t.active && strcmp(t.code, PRICING_DEFAULT_TYPE) == 0)
		err_field(e, "active", "%s is the default ticket type (a seat "
		    "held without a type): it stays on sale", t.name);
	if (t.min_age >= 0 && t.max_age >= 0 && t.min_age > t.max_age)
		err_field(e, "max_age", "must not be below min_age (%d)",
		    t.min_age);
	if (e->nfields > 0) {
		db_rollback(db);
		return PRICING_ERR_INVALID;
	}
	if ((*rc = db_prepare(db, "UPDATE ticket_types SET name = :name, "
	    "min_age = :min, max_age = :max, active = :active, sort = :sort "
	    "WHERE code = :code", &st)) != SQLITE_OK) {
		db_rollback(db);
		return PRICING_ERR_DB;
	}
	db_bind_text(st, ":name", t.name);
	bind_age(st, ":min", t.min_age);
	bind_age(st, ":max", t.max_age);
	db_bind_int(st, ":active", t.active);
	db_bind_int(st, ":sort", t.sort);
	db_bind_text(st, ":code", t.code);
	*rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (*rc == SQLITE_CONSTRAINT_UNIQUE) {
		db_rollback(db);
		return type_exists(db, &t, 0, e, rc);
	}
	if (*rc != SQLITE_DONE || (*rc = db_commit(db)) != SQLITE_OK) {
		db_rollback(db);
		return PRICING_ERR_DB;
	}
	*out = t;
	return PRICING_OK;
}

/* --- price cards ------------------------------------------------------------ */

/* A short string field of one price, copied, or recorded as bad. */
static void
price_str(const cJSON *it, const char *key, int i, char *dst, size_t n,
    struct err *e)
{
	const char *s;

	if (json_get_str(it, key, &s) != 1 || *s == '\0' || strlen(s) >= n ||
	    !text_utf8_valid(s, strlen(s)))
		err_field(e, "prices", "prices[%d].%s: give the %s's name", i,
		    key, strcmp(key, "type") == 0 ? "ticket type" :
		    "seat category");
	else
		snprintf(dst, n, "%s", s);
}

int
pricing_card_parse(const cJSON *body, struct pricing_card_in *in,
    struct err *e)
{
	const cJSON *prices, *it;
	const char *s;
	int	 before = e->nfields, r, i = 0;

	memset(in, 0, sizeof(*in));
	if ((r = json_get_str(body, "name", &s)) == 0)
		err_field(e, "name", "is required: what the card is called, "
		    "such as \"Evening\"");
	else if (r < 0 || !text_reason_valid(s, PRICING_CARD_NAME_MAX))
		err_field(e, "name", "1 to %d characters of text",
		    PRICING_CARD_NAME_MAX);
	else
		snprintf(in->name, sizeof(in->name), "%s", s);
	prices = cJSON_GetObjectItemCaseSensitive(body, "prices");
	if (!cJSON_IsArray(prices) || cJSON_GetArraySize(prices) == 0) {
		err_field(e, "prices", "a list of {\"category\", \"type\", "
		    "\"price\"}, one for every seat category and ticket type");
		return -1;
	}
	cJSON_ArrayForEach(it, prices) {
		struct pricing_card_price *p;
		long long n;

		if (i >= PRICING_CARD_PRICES_MAX) {
			err_field(e, "prices", "at most %d prices",
			    PRICING_CARD_PRICES_MAX);
			break;
		}
		p = &in->p[i];
		if (!cJSON_IsObject(it)) {
			err_field(e, "prices", "prices[%d]: send {\"category\", "
			    "\"type\", \"price\"}", i);
			i++;
			continue;
		}
		price_str(it, "category", i, p->category, sizeof(p->category),
		    e);
		price_str(it, "type", i, p->type, sizeof(p->type), e);
		if (json_get_int(it, "price", &n) != 1 || n <= 0 ||
		    n > PRICING_PRICE_MAX)
			err_field(e, "prices", "prices[%d].price: more than 0 "
			    "and at most %d paise", i, PRICING_PRICE_MAX);
		else
			p->price = n;
		i++;
	}
	in->n = i;
	return e->nfields > before ? -1 : 0;
}

int
pricing_card_check(const struct pricing_card_in *in,
    const char *const *cats, int ncats, const struct tickettype *types,
    int ntypes, char *why, size_t whylen)
{
	for (int i = 0; i < in->n; i++) {
		const struct pricing_card_price *p = &in->p[i];
		int	 c, t;

		for (c = 0; c < ncats && strcmp(cats[c], p->category) != 0; c++)
			;
		if (c == ncats) {
			snprintf(why, whylen, "prices[%d]: no seat category "
			    "\"%s\"", i, p->category);
			return -1;
		}
		for (t = 0; t < ntypes && strcmp(types[t].code, p->type) != 0;
		    t++)
			;
		if (t == ntypes) {
			snprintf(why, whylen, "prices[%d]: no ticket type "
			    "\"%s\" on sale", i, p->type);
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (strcmp(in->p[j].category, p->category) == 0 &&
			    strcmp(in->p[j].type, p->type) == 0) {
				snprintf(why, whylen, "%s × %s is priced "
				    "twice", p->category, p->type);
				return -1;
			}
	}
	/* Every pair, categories in the caller's order, types in theirs:
	 * the first one missing is named. */
	for (int c = 0; c < ncats; c++)
		for (int t = 0; t < ntypes; t++) {
			int	 j;

			for (j = 0; j < in->n; j++)
				if (strcmp(in->p[j].category, cats[c]) == 0 &&
				    strcmp(in->p[j].type, types[t].code) == 0)
					break;
			if (j == in->n) {
				snprintf(why, whylen, "no price for %s × %s",
				    cats[c], types[t].code);
				return -1;
			}
		}
	return 0;
}

/* The categories (cheapest first) and the active types, for checking a
 * card. */
struct card_ctx {
	int		 ncats;
	long long	 cat_id[PRICING_CATS_MAX];
	char		 cat_name[PRICING_CATS_MAX][32];
	const char	*cats[PRICING_CATS_MAX];
	int		 ntypes;
	struct tickettype types[PRICING_TYPES_MAX];
};

static int
collect_type(const struct tickettype *t, void *arg)
{
	struct card_ctx *cc = arg;

	if (cc->ntypes < PRICING_TYPES_MAX)
		cc->types[cc->ntypes++] = *t;
	return 0;
}

static int
card_ctx_load(sqlite3 *db, struct card_ctx *cc)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(cc, 0, sizeof(*cc));
	if ((rc = db_prepare(db, "SELECT id, name FROM seat_categories "
	    "ORDER BY price_offset, id", &st)) != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    cc->ncats < PRICING_CATS_MAX) {
		cc->cat_id[cc->ncats] = sqlite3_column_int64(st, 0);
		snprintf(cc->cat_name[cc->ncats], sizeof(cc->cat_name[0]), "%s",
		    db_text(st, 1));
		cc->cats[cc->ncats] = cc->cat_name[cc->ncats];
		cc->ncats++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return rc;
	return tickettype_each(db, 1, collect_type, cc);
}

static long long
cat_id_of(const struct card_ctx *cc, const char *name)
{
	for (int i = 0; i < cc->ncats; i++)
		if (strcmp(cc->cat_name[i], name) == 0)
			return cc->cat_id[i];
	return 0;
}

enum pricing_err
pricing_card_create(sqlite3 *db, const struct pricing_card_in *in,
    long long created_by, time_t now, long long *id, struct err *e, int *rc)
{
	struct card_ctx cc;
	sqlite3_stmt *st;
	char	 why[160];

	*id = 0;
	if ((*rc = db_begin(db)) != SQLITE_OK)
		return PRICING_ERR_DB;
	if ((*rc = card_ctx_load(db, &cc)) != SQLITE_OK)
		goto dberr;
	if (pricing_card_check(in, cc.cats, cc.ncats, cc.types, cc.ntypes,
	    why, sizeof(why)) == -1) {
		db_rollback(db);
		err_field(e, "prices", "%s", why);
		return PRICING_ERR_INVALID;
	}
	if ((*rc = db_prepare(db, "INSERT INTO price_cards (name, created_by, "
	    "created_at) VALUES (:name, :by, :now)", &st)) != SQLITE_OK)
		goto dberr;
	db_bind_text(st, ":name", in->name);
	if (created_by > 0)
		db_bind_int(st, ":by", created_by);
	else
		db_bind_null(st, ":by");
	db_bind_int(st, ":now", (long long)now);
	*rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (*rc == SQLITE_CONSTRAINT_UNIQUE) {
		db_rollback(db);
		err_field(e, "name", "there is already a price card called "
		    "that");
		return PRICING_ERR_EXISTS;
	}
	if (*rc != SQLITE_DONE)
		goto dberr;
	*id = sqlite3_last_insert_rowid(db);
	if ((*rc = db_prepare(db, "INSERT INTO price_card_prices (card_id, "
	    "category_id, type, price) VALUES (:card, :cat, :type, :price)",
	    &st)) != SQLITE_OK)
		goto dberr;
	for (int i = 0; i < in->n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":card", *id);
		db_bind_int(st, ":cat", cat_id_of(&cc, in->p[i].category));
		db_bind_text(st, ":type", in->p[i].type);
		db_bind_int(st, ":price", in->p[i].price);
		if ((*rc = sqlite3_step(st)) != SQLITE_DONE) {
			sqlite3_finalize(st);
			goto dberr;
		}
	}
	sqlite3_finalize(st);
	if ((*rc = db_commit(db)) != SQLITE_OK)
		goto dberr;
	return PRICING_OK;
dberr:
	db_rollback(db);
	*id = 0;
	return PRICING_ERR_DB;
}

int
pricing_card_list_json(sqlite3 *db, cJSON **out)
{
	sqlite3_stmt *st;
	cJSON	*card = NULL, *prices = NULL;
	long long cur = 0;
	int	 rc;

	*out = cJSON_CreateArray();
	if ((rc = db_prepare(db, "SELECT pc.id, pc.name, pc.created_at, "
	    "c.name, p.type, p.price FROM price_cards pc "
	    "JOIN price_card_prices p ON p.card_id = pc.id "
	    "JOIN seat_categories c ON c.id = p.category_id "
	    "LEFT JOIN ticket_types t ON t.code = p.type "
	    "ORDER BY pc.id DESC, c.price_offset, c.id, t.sort, t.code",
	    &st)) != SQLITE_OK) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON	*p;

		if (card == NULL || sqlite3_column_int64(st, 0) != cur) {
			cur = sqlite3_column_int64(st, 0);
			card = cJSON_CreateObject();
			cJSON_AddItemToArray(*out, card);
			json_add_int(card, "id", cur);
			json_add_str(card, "name", db_text(st, 1));
			json_add_time(card, "created_at",
			    sqlite3_column_int64(st, 2));
			prices = cJSON_AddArrayToObject(card, "prices");
		}
		p = cJSON_CreateObject();
		json_add_str(p, "category", db_text(st, 3));
		json_add_str(p, "type", db_text(st, 4));
		json_add_int(p, "price", sqlite3_column_int64(st, 5));
		cJSON_AddItemToArray(prices, p);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}

enum pricing_err
pricing_card_usable(sqlite3 *db, long long id, long long *base, char *why,
    size_t whylen, int *rc)
{
	struct pricing_show ps;

	*base = 0;
	if ((*rc = pricing_load(db, id, 0, &ps)) != SQLITE_OK)
		return *rc == SQLITE_DONE ? PRICING_ERR_NOT_FOUND :
		    PRICING_ERR_DB;
	/* pricing_load lists every active type; a pair the card does not
	 * price reads 0: that is what is missing. */
	for (int c = 0; c < ps.ncats; c++)
		for (int t = 0; t < ps.ntypes; t++)
			if (ps.cats[c].price[t] == 0) {
				snprintf(why, whylen, "no price for %s × %s",
				    ps.cats[c].name, ps.types[t].code);
				return PRICING_ERR_INVALID;
			}
	*base = ps.ncats > 0 ? pricing_price(&ps, ps.cats[0].name, NULL) : 0;
	if (*base <= 0) {
		snprintf(why, whylen, "no price for %s × %s", ps.ncats > 0 ?
		    ps.cats[0].name : "?", PRICING_DEFAULT_TYPE);
		return PRICING_ERR_INVALID;
	}
	return PRICING_OK;
}

/* --- a show's prices -------------------------------------------------------- */

static int
load_type(const struct tickettype *t, void *arg)
{
	struct pricing_show *ps = arg;

	if (ps->ntypes < PRICING_TYPES_MAX)
		ps->types[ps->ntypes++] = *t;
	return 0;
}

static int
type_index(const struct pricing_show *ps, const char *code)
{
	if (code == NULL || *code == '\0')
		code = PRICING_DEFAULT_TYPE;
	for (int i = 0; i < ps->ntypes; i++)
		if (strcmp(ps->types[i].code, code) == 0)
			return i;
	return -1;
}

int
pricing_load(sqlite3 *db, long long card_id, long long base_price,
    struct pricing_show *ps)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(ps, 0, sizeof(*ps));
	ps->card_id = card_id;
	ps->base_price = base_price;
	if ((rc = tickettype_each(db, 1, load_type, ps)) != SQLITE_OK)
		return rc;
	/* (A handful of rows: "cat", so no plan reads as a scan of seats.) */
	if ((rc = db_prepare(db, "SELECT cat.id, cat.name, cat.price_offset "
	    "FROM seat_categories cat ORDER BY cat.price_offset, cat.id", &st)) !=
	    SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    ps->ncats < PRICING_CATS_MAX) {
		struct pricing_cat *c = &ps->cats[ps->ncats++];

		c->id = sqlite3_column_int64(st, 0);
		snprintf(c->name, sizeof(c->name), "%s", db_text(st, 1));
		c->offset = sqlite3_column_int64(st, 2);
		/* A single price: every type pays the category's price. */
		if (card_id == 0)
			for (int t = 0; t < ps->ntypes; t++)
				c->price[t] = base_price + c->offset;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return rc;
	if (card_id == 0)
		return SQLITE_OK;
	if ((rc = db_prepare(db, "SELECT p.category_id, p.type, p.price FROM "
	    "price_cards pc LEFT JOIN price_card_prices p ON p.card_id = pc.id "
	    "WHERE pc.id = :card", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":card", card_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return SQLITE_DONE;		/* no such card */
	}
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		long long cat = sqlite3_column_int64(st, 0);
		int	 t = type_index(ps, db_text(st, 1));

		if (t < 0)
			continue;		/* inactive now */
		for (int c = 0; c < ps->ncats; c++)
			if (ps->cats[c].id == cat)
				ps->cats[c].price[t] =
				    sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
pricing_show_load(sqlite3 *db, long long show_id, struct pricing_show *ps)
{
	sqlite3_stmt *st;
	long long card = 0, price = 0;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT price, coalesce(price_card_id, 0) "
	    "FROM shows WHERE id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", show_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		price = sqlite3_column_int64(st, 0);
		card = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc;
	return pricing_load(db, card, price, ps);
}

long long
pricing_price(const struct pricing_show *ps, const char *category,
    const char *type)
{
	int	 t = type_index(ps, type);

	if (t < 0)
		return 0;
	for (int c = 0; c < ps->ncats; c++)
		if (strcmp(ps->cats[c].name, category) == 0)
			return ps->cats[c].price[t];
	return 0;
}

const struct tickettype *
pricing_type(const struct pricing_show *ps, const char *code)
{
	int	 t = type_index(ps, code);

	return t < 0 ? NULL : &ps->types[t];
}

int
pricing_cat_index(const struct pricing_show *ps, const char *category)
{
	for (int c = 0; c < ps->ncats; c++)
		if (strcmp(ps->cats[c].name, category) == 0)
			return c;
	return -1;
}

void
pricing_text_put(char out[PRICING_PRICES_TEXT_MAX], size_t *len,
    const char *code, long long price)
{
	int	 n;

	n = snprintf(out + *len, PRICING_PRICES_TEXT_MAX - *len, "%s\"%s\":%lld",
	    *len > 1 ? "," : "", code, price);
	if (n > 0 && (size_t)n < PRICING_PRICES_TEXT_MAX - *len - 1)
		*len += (size_t)n;
	out[*len] = '\0';
}

void
pricing_prices_text(const struct pricing_show *ps, int c,
    char out[PRICING_PRICES_TEXT_MAX])
{
	size_t	 len = 1;

	out[0] = '{';
	for (int t = 0; c >= 0 && c < ps->ncats && t < ps->ntypes; t++)
		if (ps->cats[c].price[t] > 0)
			pricing_text_put(out, &len, ps->types[t].code,
			    ps->cats[c].price[t]);
	memcpy(out + len, "}", 2);
}

void
pricing_add_prices(const struct pricing_show *ps, cJSON *o,
    const char *category)
{
	char	 text[PRICING_PRICES_TEXT_MAX];

	pricing_prices_text(ps, pricing_cat_index(ps, category), text);
	cJSON_AddItemToObjectCS(o, "prices", cJSON_CreateRaw(text));
}
