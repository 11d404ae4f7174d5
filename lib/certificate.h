/* certificate — a film's age rating and the rule it puts on tickets.
 *
 * The certificates are rows (schema migration 7: the Indian CBFC's U,
 * UA 7+, UA 13+, UA 16+, A and S), so another country's set is data, and
 * so is the map from what a movie record's Rated field says ("PG-13",
 * "TV-MA", "U/A") to a code.  A film has at most one certificate
 * (movies.certificate): filled from Rated when it is imported and has
 * none yet, set by the admin (PATCH /api/movies/<id>) whenever; a refresh
 * never overwrites it.
 *
 * The rule (DESIGN §7, issue 15 item 2): a ticket type whose age range
 * ends below the film's min_age cannot be held or sold for its shows
 * (AGE_RESTRICTED).  certificate_allows() is that rule and nothing else;
 * certificate_of_show() reads a show's certificate inside the caller's
 * transaction, so a hold decides it against the row it commits with.
 *
 * Nothing here knows HTTP. */
#ifndef SKYFOX_CERTIFICATE_H
#define SKYFOX_CERTIFICATE_H

#include <stddef.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#define CERTIFICATE_CODE_MAX	8	/* the schema's bound on code */
#define CERTIFICATE_NAME_MAX	16	/* and on name ("UA 13+") */
#define CERTIFICATE_RATED_MAX	16	/* the longest Rated value mapped */

/* One certificate; code[0] == '\0' is "none" (a film not rated yet). */
struct certificate {
	char	 code[CERTIFICATE_CODE_MAX + 1];	/* "UA13" */
	char	 name[CERTIFICATE_NAME_MAX * 4 + 1];	/* as printed, "UA 13+"
							 * (UTF-8) */
	int	 min_age;				/* 0: anyone */
};

enum certificate_err {
	CERTIFICATE_OK = 0,
	CERTIFICATE_ERR_DB,		/* *rc holds the SQLite code */
	CERTIFICATE_ERR_UNKNOWN,	/* no such code */
	CERTIFICATE_ERR_NO_MOVIE	/* no such movie */
};

/* The age rule.  type_min_age and type_max_age are the ticket type's
 * range, -1 where it has no bound (an Adult ticket has neither).  A type
 * is refused when its max_age is set and below min_age: a Child ticket
 * (max 12) for a UA 13+ film.  A type with no upper bound is sold for
 * any film (the door checks a face, the box office a ticket type).
 * type_min_age does not matter to the rule (a Senior ticket is sold for
 * a U film); it is taken so the call names the whole range. */
int		 certificate_allows(int min_age, int type_min_age,
		    int type_max_age);

/* One seat as a hold or a walk-in asks for it: its label, its ticket
 * type's name ("Child") and age range (-1 where unbounded). */
struct certificate_ticket {
	const char	*seat;
	const char	*type_name;
	int		 min_age;
	int		 max_age;
};
/* The index of the first of n tickets the certificate refuses
 * (certificate_allows), or -1 when it refuses none ("none" refuses
 * nothing). */
int		 certificate_first_refused(const struct certificate *,
		    const struct certificate_ticket *, int n);

/* Every certificate, in the board's order: a JSON array of
 * certificate_json objects.  SQLite result code. */
int		 certificate_list(sqlite3 *, cJSON **out);
/* By code (exact): SQLITE_ROW (found), SQLITE_DONE (none) or an error. */
int		 certificate_get(sqlite3 *, const char *code,
		    struct certificate *);
/* The certificate a Rated value maps to (case and surrounding spaces
 * ignored): SQLITE_ROW, SQLITE_DONE (no map: "Not Rated", NULL) or an
 * error. */
int		 certificate_for_rated(sqlite3 *, const char *rated,
		    struct certificate *);
/* The admin's choice: movie movie_id's certificate becomes code, in one
 * short transaction (the days that list the film are republished on
 * COMMIT when publish_attach() was called).  *out is the certificate
 * set.  CERTIFICATE_OK, or an error (*rc for CERTIFICATE_ERR_DB). */
enum certificate_err certificate_set(sqlite3 *, long long movie_id,
		    const char *code, struct certificate *out, int *rc);
/* The same inside the caller's open transaction (skyfoxctl seed --demo):
 * nothing is rolled back here on an error. */
enum certificate_err certificate_apply(sqlite3 *, long long movie_id,
		    const char *code, struct certificate *out, int *rc);
/* The certificate of show show_id's film, read on the caller's
 * connection (inside a hold's BEGIN IMMEDIATE it is the state the hold
 * commits with): SQLITE_ROW when the film has one, SQLITE_DONE when it
 * has none (or there is no such show: the caller has checked that), or
 * an error. */
int		 certificate_of_show(sqlite3 *, long long show_id,
		    struct certificate *);

/* Fill c from three columns of a row (code, name, min_age), starting at
 * column i; a NULL code is "none".  For queries that LEFT JOIN
 * certificates (movie.c, show.c, ticket.c). */
void		 certificate_from_row(sqlite3_stmt *, int i,
		    struct certificate *);
/* {"code","name","min_age"}, or JSON null for "none". */
cJSON		*certificate_json(const struct certificate *);
/* The sentence for a refused seat: "Seat F7: a Child ticket can't be sold
 * for a UA 13+ film." */
void		 certificate_refusal_text(const char *seat,
		    const char *type_name, const struct certificate *,
		    char *out, size_t);

#endif
