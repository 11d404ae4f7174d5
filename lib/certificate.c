/* certificate — age ratings and the ticket rule; see certificate.h. */
#include <stdio.h>
#include <string.h>

#include "certificate.h"
#include "db.h"
#include "json.h"

int
certificate_allows(int min_age, int type_min_age, int type_max_age)
{
	(void)type_min_age;
	/* Everyone a type admits must be old enough: its oldest is enough
	 * only when the youngest is, and the youngest is bounded by the
	 * type's max_age alone (a Child ticket is for 0..12). */
	return type_max_age < 0 || type_max_age >= min_age;
}

int
certificate_first_refused(const struct certificate *c,
    const struct certificate_ticket *t, int n)
{
	if (c->code[0] == '\0')
		return -1;
	for (int i = 0; i < n; i++)
		if (!certificate_allows(c->min_age, t[i].min_age, t[i].max_age))
			return i;
	return -1;
}

void
certificate_from_row(sqlite3_stmt *st, int i, struct certificate *c)
{
	memset(c, 0, sizeof(*c));
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return;
	snprintf(c->code, sizeof(c->code), "%s", db_text(st, i));
	snprintf(c->name, sizeof(c->name), "%s", db_text(st, i + 1));
	c->min_age = sqlite3_column_int(st, i + 2);
}

cJSON *
certificate_json(const struct certificate *c)
{
	cJSON	*o;

	if (c->code[0] == '\0')
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	json_add_str(o, "code", c->code);
	json_add_str(o, "name", c->name);
	json_add_int(o, "min_age", c->min_age);
	return o;
}

int
certificate_list(sqlite3 *db, cJSON **out)
{
	sqlite3_stmt *st;
	struct certificate c;
	int	 rc;

	*out = NULL;
	if ((rc = db_prepare(db, "SELECT code, name, min_age FROM certificates"
	    " ORDER BY sort, min_age, code", &st)) != SQLITE_OK)
		return rc;
	*out = cJSON_CreateArray();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		certificate_from_row(st, 0, &c);
		cJSON_AddItemToArray(*out, certificate_json(&c));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}

/* One row of sql (binding text to :t) into *c: SQLITE_ROW, SQLITE_DONE
 * (c is "none") or an error. */
static int
get_one(sqlite3 *db, const char *sql, const char *text, long long id,
    struct certificate *c)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(c, 0, sizeof(*c));
	if ((rc = db_prepare(db, sql, &st)) != SQLITE_OK)
		return rc;
	if (text != NULL)
		db_bind_text(st, ":t", text);
	else
		db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		certificate_from_row(st, 0, c);
		if (c->code[0] == '\0')
			rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc;
}

int
certificate_get(sqlite3 *db, const char *code, struct certificate *c)
{
	memset(c, 0, sizeof(*c));
	if (code == NULL || strlen(code) > CERTIFICATE_CODE_MAX)
		return SQLITE_DONE;
	return get_one(db, "SELECT code, name, min_age FROM certificates"
	    " WHERE code = :t", code, 0, c);
}

int
certificate_for_rated(sqlite3 *db, const char *rated, struct certificate *c)
{
	char	 t[CERTIFICATE_RATED_MAX + 1];
	size_t	 n;

	memset(c, 0, sizeof(*c));
	if (rated == NULL)
		return SQLITE_DONE;
	/* Trimmed here (a provider's " PG-13 "), compared without case by
	 * the table's COLLATE NOCASE; anything longer than the longest key
	 * cannot match. */
	while (*rated == ' ' || *rated == '\t')
		rated++;
	n = strlen(rated);
	while (n > 0 && (rated[n - 1] == ' ' || rated[n - 1] == '\t'))
		n--;
	if (n == 0 || n > CERTIFICATE_RATED_MAX)
		return SQLITE_DONE;
	memcpy(t, rated, n);
	t[n] = '\0';
	return get_one(db, "SELECT c.code, c.name, c.min_age FROM"
	    " certificate_ratings r JOIN certificates c ON c.code = r.code"
	    " WHERE r.rated = :t", t, 0, c);
}

int
certificate_of_show(sqlite3 *db, long long show_id, struct certificate *c)
{
	return get_one(db, "SELECT c.code, c.name, c.min_age FROM shows sh"
	    " JOIN movies m ON m.id = sh.movie_id"
	    " JOIN certificates c ON c.code = m.certificate"
	    " WHERE sh.id = :id", NULL, show_id, c);
}

enum certificate_err
certificate_apply(sqlite3 *db, long long movie_id, const char *code,
    struct certificate *out, int *rc)
{
	sqlite3_stmt *st;
	long long changed = 0;

	memset(out, 0, sizeof(*out));
	if ((*rc = certificate_get(db, code, out)) != SQLITE_ROW) {
		if (*rc != SQLITE_DONE)
			return CERTIFICATE_ERR_DB;
		*rc = SQLITE_OK;
		return CERTIFICATE_ERR_UNKNOWN;
	}
	/* Written even when unchanged: the admin's save republishes the
	 * film's days, which repairs a file that missed an earlier one. */
	if ((*rc = db_prepare(db, "UPDATE movies SET certificate = :c"
	    " WHERE id = :id RETURNING id", &st)) != SQLITE_OK)
		return CERTIFICATE_ERR_DB;
	db_bind_text(st, ":c", out->code);
	db_bind_int(st, ":id", movie_id);
	if ((*rc = db_step_returning(st, &changed)) != SQLITE_OK)
		return CERTIFICATE_ERR_DB;
	if (changed == 0) {
		memset(out, 0, sizeof(*out));
		return CERTIFICATE_ERR_NO_MOVIE;
	}
	return CERTIFICATE_OK;
}

enum certificate_err
certificate_set(sqlite3 *db, long long movie_id, const char *code,
    struct certificate *out, int *rc)
{
	enum certificate_err e;

	memset(out, 0, sizeof(*out));
	if ((*rc = db_begin(db)) != SQLITE_OK)
		return CERTIFICATE_ERR_DB;
	if ((e = certificate_apply(db, movie_id, code, out, rc)) !=
	    CERTIFICATE_OK) {
		db_rollback(db);
		return e;
	}
	if ((*rc = db_commit(db)) != SQLITE_OK) {
		db_rollback(db);
		memset(out, 0, sizeof(*out));
		return CERTIFICATE_ERR_DB;
	}
	return CERTIFICATE_OK;
}

void
certificate_refusal_text(const char *seat, const char *type_name,
    const struct certificate *c, char *out, size_t n)
{
	/* "an Adult", "a Child": the article follows the type's first
	 * letter, as people say it (ticket types are admin-named words). */
	const char *article = strchr("AEIOUaeiou", type_name[0]) != NULL &&
	    type_name[0] != '\0' ? "an" : "a";

	snprintf(out, n, "Seat %s: %s %s ticket can't be sold for a%s %s film.",
	    seat, article, type_name,
	    strchr("AEFHILMNORSX", c->name[0]) != NULL && c->name[0] != '\0' ?
	    "n" : "", c->name);
}
