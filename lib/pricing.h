/* pricing — ticket types, price cards, and the one price of a seat.
 *
 * A ticket type (Adult, Child, Senior, Student, and any the admin adds) is
 * who a seat is sold to.  Its code is a lowercase slug that never changes
 * (sold seats name it); a type is never deleted, only made inactive, and
 * the default type (PRICING_DEFAULT_TYPE, "adult": a seat held without a
 * type is an adult's) stays active.
 *
 * A price card prices every seat category for every active type; a card
 * missing a pair, naming an unknown category or type, or pricing a pair
 * twice is refused (pricing_card_check: the first problem is named).  A
 * card is never changed once made.
 *
 * A show is priced by a card (shows.price_card_id) or by a single price
 * (shows.price), which means every type pays the category's price: the
 * show's price plus the category's price_offset.  Either way the price of
 * a (show, seat category, type) comes from one place, struct pricing_show
 * loaded by pricing_show_load() and asked with pricing_price(): the hold,
 * the change of a hold, the walk-in sale, the seat map, the published
 * seat files and best available all read it.  A type a show's card does
 * not price (added after the card was made) is not sold for that show.
 *
 * Errors are values: enum pricing_err, with the fields of a bad request
 * recorded in a struct err (lib/err.h) for the CGI to answer. */
#ifndef SKYFOX_PRICING_H
#define SKYFOX_PRICING_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "err.h"

#define PRICING_DEFAULT_TYPE	"adult"
#define PRICING_CODE_MAX	20	/* a type's code: [a-z][a-z0-9-]* */
#define PRICING_NAME_MAX	40	/* a type's name, in characters */
#define PRICING_CARD_NAME_MAX	60
#define PRICING_TYPES_MAX	16	/* active types a show can price */
#define PRICING_CATS_MAX	16	/* seat categories */
#define PRICING_AGE_MAX		120
#define PRICING_PRICE_MAX	300000	/* paise, as a show's price */

enum pricing_err {
	PRICING_OK = 0,
	PRICING_ERR_DB,		/* rc holds the SQLite code */
	PRICING_ERR_INVALID,	/* the request's fields are in the struct err */
	PRICING_ERR_NOT_FOUND,	/* no such ticket type / card */
	PRICING_ERR_EXISTS	/* a type's code or name, a card's name, is
				 * taken (the field is in the struct err) */
};

struct tickettype {
	char		 code[PRICING_CODE_MAX + 1];
	char		 name[PRICING_NAME_MAX * 4 + 1];	/* UTF-8 */
	int		 min_age;	/* -1: none */
	int		 max_age;	/* -1: none */
	int		 active;
	int		 sort;
};

/* The prices of one show: for each seat category, for each active type
 * the show sells, in the types' order.  price 0: not sold. */
struct pricing_show {
	long long	 card_id;	/* 0: a single price */
	long long	 base_price;	/* shows.price */
	int		 ntypes;
	struct tickettype types[PRICING_TYPES_MAX];
	int		 ncats;
	struct pricing_cat {
		long long	 id;
		char		 name[32];
		long long	 offset;
		long long	 price[PRICING_TYPES_MAX];
	} cats[PRICING_CATS_MAX];
};

/* 1 when s is a type code as the schema takes it. */
int		 pricing_code_valid(const char *s);

/* --- ticket types ---------------------------------------------------------- */

/* Every type (active_only: the active ones) in sort order, to fn; stops
 * when fn returns non-zero.  SQLITE_OK or an error. */
int		 tickettype_each(sqlite3 *, int active_only,
		    int (*fn)(const struct tickettype *, void *), void *arg);
/* One type by code: SQLITE_ROW, SQLITE_DONE (none) or an error. */
int		 tickettype_get(sqlite3 *, const char *code, struct tickettype *);
/* {"code","name","min_age","max_age","active"} (ages null when none). */
cJSON		*tickettype_json(const struct tickettype *);
/* All types as a JSON array: SQLITE_OK or an error. */
int		 tickettype_list_json(sqlite3 *, cJSON **out);
/* Read a new type {"code","name","min_age","max_age","active","sort"}
 * (create = 1: code and name required) or a change of one (create = 0:
 * any of name, min_age, max_age, active, sort; *set says which were
 * given, PRICING_SET_* bits).  Bad fields go into e.  0 or -1. */
#define PRICING_SET_NAME	0x01
#define PRICING_SET_MIN		0x02
#define PRICING_SET_MAX		0x04
#define PRICING_SET_ACTIVE	0x08
#define PRICING_SET_SORT	0x10
int		 tickettype_parse(const cJSON *, int create,
		    struct tickettype *, unsigned *set, struct err *e);
/* Add a type (its own transaction).  PRICING_ERR_EXISTS (code or name). */
enum pricing_err tickettype_create(sqlite3 *, const struct tickettype *,
		    struct err *e, int *rc);
/* Change type code by the fields in set (tickettype_parse); *out is the
 * type after.  PRICING_ERR_NOT_FOUND, _EXISTS (name), _INVALID (the
 * default type made inactive; ages crossed). */
enum pricing_err tickettype_update(sqlite3 *, const char *code,
		    const struct tickettype *in, unsigned set,
		    struct tickettype *out, struct err *e, int *rc);

/* --- price cards ------------------------------------------------------------ */

#define PRICING_CARD_PRICES_MAX	(PRICING_TYPES_MAX * PRICING_CATS_MAX * 2)

/* A card as asked for: the names as given (checked for shape only). */
struct pricing_card_in {
	char		 name[PRICING_CARD_NAME_MAX * 4 + 1];
	int		 n;
	struct pricing_card_price {
		char		 category[32];
		char		 type[PRICING_CODE_MAX + 1];
		long long	 price;
	} p[PRICING_CARD_PRICES_MAX];
};

/* {"name","prices":[{"category","type","price"}]}: the shape and each
 * price's bounds (1..PRICING_PRICE_MAX).  Bad fields go into e ("name",
 * "prices", "prices[3].price").  0 or -1. */
int		 pricing_card_parse(const cJSON *, struct pricing_card_in *,
		    struct err *e);
/* The card against the categories and the active types (pure: no
 * database): every category named exists, every type named is active,
 * no (category, type) twice, and every active type x category priced.
 * 0, or -1 with the first problem in why ("no price for Deluxe x child",
 * "no seat category \"Gold\"", "no active ticket type \"kid\"",
 * "Standard x adult is priced twice"). */
int		 pricing_card_check(const struct pricing_card_in *,
		    const char *const *categories, int ncats,
		    const struct tickettype *types, int ntypes,
		    char *why, size_t whylen);
/* Check the card against the database and store it (its own
 * transaction): *id the new card.  PRICING_ERR_INVALID (e: "prices" with
 * pricing_card_check's why), _EXISTS (the name). */
enum pricing_err pricing_card_create(sqlite3 *, const struct pricing_card_in *,
		    long long created_by, time_t now, long long *id,
		    struct err *e, int *rc);
/* Every card, newest first: [{"id","name","created_at","prices":
 * [{"category","type","price"}]}].  SQLITE_OK or an error. */
int		 pricing_card_list_json(sqlite3 *, cJSON **out);
/* Inside the caller's transaction: card id exists and prices every active
 * type x category now (a type added since it was made leaves it short).
 * *base gets the card's default-type price of the cheapest category (what
 * shows.price carries).  PRICING_OK, _NOT_FOUND, _INVALID (why says what
 * is missing), _DB (*rc). */
enum pricing_err pricing_card_usable(sqlite3 *, long long id, long long *base,
		    char *why, size_t whylen, int *rc);

/* --- a show's prices -------------------------------------------------------- */

/* The price table of a show priced by card_id (> 0) or by base_price
 * (card_id 0).  SQLITE_OK or an error. */
int		 pricing_load(sqlite3 *, long long card_id, long long base_price,
		    struct pricing_show *);
/* The same for show id (cancelled or not): SQLITE_OK, SQLITE_DONE (no
 * such show) or an error. */
int		 pricing_show_load(sqlite3 *, long long show_id,
		    struct pricing_show *);
/* The price of a seat of category (by name) for type (NULL or "": the
 * default type); 0 when the show does not sell that type or the category
 * is unknown. */
long long	 pricing_price(const struct pricing_show *, const char *category,
		    const char *type);
/* The active type code the show sells, or NULL. */
const struct tickettype *pricing_type(const struct pricing_show *,
		    const char *code);
/* The index in ps->cats of category (by name), or -1. */
int		 pricing_cat_index(const struct pricing_show *,
		    const char *category);
/* The longest prices text: every type, its longest code, a 7-digit
 * price: {"<code>":<price>,...}. */
#define PRICING_PRICES_TEXT_MAX	\
	(PRICING_TYPES_MAX * (PRICING_CODE_MAX + 12) + 3)
/* Append "code":price to a prices text being built in out ("{" then
 * len bytes so far: start with len 1): a pair that would not leave room
 * for the closing brace is left out.  The caller closes it with "}". */
void		 pricing_text_put(char out[PRICING_PRICES_TEXT_MAX], size_t *len,
		    const char *code, long long price);
/* The prices of ps->cats[c] as JSON text {"adult":25000,"child":15000}
 * (the types the show sells, in order; "{}" when c is -1): what a seat
 * map's seat carries as "prices", worked out once per category and
 * copied per seat. */
void		 pricing_prices_text(const struct pricing_show *, int c,
		    char out[PRICING_PRICES_TEXT_MAX]);
/* {"adult":25000,"child":15000,...} for a seat of category, added to o as
 * "prices". */
void		 pricing_add_prices(const struct pricing_show *, cJSON *o,
		    const char *category);

#endif
