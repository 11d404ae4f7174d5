/* movie — OMDb records and the movies table; see movie.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "db.h"
#include "json.h"
#include "movie.h"
#include "text.h"

int
movie_valid_imdb_id(const char *s)
{
	size_t	 n;

	if (s == NULL || s[0] != 't' || s[1] != 't')
		return 0;
	for (n = 0; s[2 + n] != '\0'; n++)
		if (s[2 + n] < '0' || s[2 + n] > '9' || n >= 9)
			return 0;
	return n >= 7;
}

/* Sum "<n> h" and "<n> min" parts: OMDb writes "142 min"; a few providers
 * write "2 h 22 min".  Anything else is unknown (0). */
int
movie_parse_runtime(const char *s)
{
	long	 total = 0;
	int	 parts = 0;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		size_t	 k;
		long long v;

		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		k = strspn(s, "0123456789");
		if (k > 6 || text_parse_intn(s, k, 0, 100000, &v) != TEXT_OK)
			return 0;
		s += k;
		while (*s == ' ')
			s++;
		if (strncmp(s, "min", 3) == 0) {
			s += 3;
			total += v;
		} else if (*s == 'h') {
			s += 1;
			total += v * 60;
		} else
			return 0;
		if (*s != '\0' && *s != ' ')
			return 0;
		parts++;
	}
	return parts > 0 && total > 0 && total <= 100000 ? (int)total : 0;
}

/* A string value, NULL when absent, not a string, empty or "N/A". */
static char *
field(const cJSON *o, const char *key)
{
	const char *v;

	if (json_get_str(o, key, &v) != 1 || *v == '\0' ||
	    strcmp(v, "N/A") == 0)
		return NULL;
	return strdup(v);
}

/* Posters are shown as <img src>: only http(s) URLs and site paths. */
int
movie_poster_ok(const char *p)
{
	if (p == NULL)
		return 0;
	if (strncasecmp(p, "https://", 8) == 0 || strncasecmp(p, "http://", 7) == 0)
		return strlen(p) < 1000;
	return p[0] == '/' && p[1] != '/' && p[1] != '\\' && strlen(p) < 1000;
}

int
movie_omdb_says_not_found(const char *error)
{
	/* OMDb: "Incorrect IMDb ID.", "Movie not found!", "Error getting
	 * data."; but "Invalid API key!" and "Request limit reached!" are the
	 * sysadmin's problem, not the movie's. */
	if (error == NULL)
		return 1;
	return strcasestr(error, "key") == NULL &&
	    strcasestr(error, "limit") == NULL;
}

enum movie_parse
movie_parse_omdb(const char *json, size_t len, const char *want_id,
    struct movie *m, char *why, size_t whysz)
{
	enum json_err je;
	cJSON	*o;
	const char *resp, *err;
	char	*runtime;

	memset(m, 0, sizeof(*m));
	if (whysz > 0)
		why[0] = '\0';
	if ((o = json_parse_object(json, len, &je)) == NULL) {
		snprintf(why, whysz, "record is not a JSON object: %s",
		    json_strerror(je));
		return MOVIE_MALFORMED;
	}
	if (json_get_str(o, "Response", &resp) == 1 &&
	    strcasecmp(resp, "False") == 0) {
		if (json_get_str(o, "Error", &err) != 1)
			err = "not found";
		snprintf(why, whysz, "%s", err);
		cJSON_Delete(o);
		return MOVIE_NOT_FOUND;
	}
	m->imdb_id = field(o, "imdbID");
	m->title = field(o, "Title");
	if (!movie_valid_imdb_id(m->imdb_id) || m->title == NULL ||
	    (want_id != NULL && strcmp(m->imdb_id, want_id) != 0)) {
		snprintf(why, whysz, "%s", m->title == NULL ?
		    "record has no Title" : "record has a missing or other imdbID");
		cJSON_Delete(o);
		movie_free(m);
		return MOVIE_MALFORMED;
	}
	m->year = field(o, "Year");
	m->rated = field(o, "Rated");
	runtime = field(o, "Runtime");
	m->runtime_min = movie_parse_runtime(runtime);
	free(runtime);
	m->genre = field(o, "Genre");
	m->director = field(o, "Director");
	m->actors = field(o, "Actors");
	m->language = field(o, "Language");
	m->plot = field(o, "Plot");
	m->rating = field(o, "imdbRating");
	m->poster = field(o, "Poster");
	if (!movie_poster_ok(m->poster)) {
		free(m->poster);
		m->poster = NULL;
	}
	cJSON_Delete(o);
	return MOVIE_PARSED;
}

void
movie_free(struct movie *m)
{
	free(m->imdb_id);
	free(m->title);
	free(m->year);
	free(m->rated);
	free(m->genre);
	free(m->director);
	free(m->actors);
	free(m->language);
	free(m->plot);
	free(m->rating);
	free(m->poster);
	memset(m, 0, sizeof(*m));
}

int
movie_upsert(sqlite3 *db, struct movie *m, const char *raw, time_t now,
    int *created)
{
	sqlite3_stmt *st;
	struct certificate mapped;
	int	 rc;

	*created = 0;
	/* What the record's Rated maps to; kept only where the film has no
	 * certificate yet (below). */
	if ((rc = certificate_for_rated(db, m->rated, &mapped)) != SQLITE_ROW &&
	    rc != SQLITE_DONE)
		return rc;
	/* Is it new?  (RETURNING cannot tell an insert from an update.) */
	if ((rc = db_prepare(db, "SELECT id FROM movies WHERE imdb_id = :i",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":i", m->imdb_id);
	rc = sqlite3_step(st);
	*created = rc == SQLITE_DONE;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if ((rc = db_prepare(db,
	    "INSERT INTO movies (imdb_id, title, year, rated, runtime_min, genre,"
	    " director, actors, language, plot, rating, poster, raw_json,"
	    " fetched_at, certificate) VALUES (:imdb, :title, :year, :rated,"
	    " :runtime, :genre, :director, :actors, :language, :plot, :rating,"
	    " :poster, :raw, :now, :cert) ON CONFLICT (imdb_id) DO UPDATE SET"
	    " title = excluded.title, year = excluded.year,"
	    " rated = excluded.rated, runtime_min = excluded.runtime_min,"
	    " genre = excluded.genre, director = excluded.director,"
	    " actors = excluded.actors, language = excluded.language,"
	    " plot = excluded.plot, rating = excluded.rating,"
	    " poster = excluded.poster, raw_json = excluded.raw_json,"
	    " fetched_at = excluded.fetched_at,"
	    " certificate = coalesce(movies.certificate, excluded.certificate)"
	    " RETURNING id, certificate", &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":imdb", m->imdb_id);
	db_bind_text(st, ":title", m->title);
	db_bind_text(st, ":year", m->year);
	db_bind_text(st, ":rated", m->rated);
	if (m->runtime_min > 0)
		db_bind_int(st, ":runtime", m->runtime_min);
	else
		db_bind_null(st, ":runtime");
	db_bind_text(st, ":genre", m->genre);
	db_bind_text(st, ":director", m->director);
	db_bind_text(st, ":actors", m->actors);
	db_bind_text(st, ":language", m->language);
	db_bind_text(st, ":plot", m->plot);
	db_bind_text(st, ":rating", m->rating);
	db_bind_text(st, ":poster", m->poster);
	db_bind_text(st, ":raw", raw);
	db_bind_int(st, ":now", (long long)now);
	db_bind_text(st, ":cert", mapped.code[0] != '\0' ? mapped.code : NULL);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char	 kept[CERTIFICATE_CODE_MAX + 1];

		m->id = sqlite3_column_int64(st, 0);
		m->fetched_at = (long long)now;
		snprintf(kept, sizeof(kept), "%s", db_text(st, 1));
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE && kept[0] != '\0') {
			int	 grc = certificate_get(db, kept, &m->cert);

			if (grc != SQLITE_ROW && grc != SQLITE_DONE)
				rc = grc;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Every column of a movie row and its certificate (columns 14..16). */
#define MOVIE_SELECT "SELECT m.id, m.imdb_id, m.title, m.year, m.rated," \
	" m.runtime_min, m.genre, m.director, m.actors, m.language, m.plot," \
	" m.rating, m.poster, m.fetched_at, c.code, c.name, c.min_age" \
	" FROM movies m LEFT JOIN certificates c ON c.code = m.certificate"

static char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? strdup((const char *)t) : NULL;
}

static void
from_row(sqlite3_stmt *st, struct movie *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	m->imdb_id = col(st, 1);
	m->title = col(st, 2);
	m->year = col(st, 3);
	m->rated = col(st, 4);
	m->runtime_min = sqlite3_column_int(st, 5);
	m->genre = col(st, 6);
	m->director = col(st, 7);
	m->actors = col(st, 8);
	m->language = col(st, 9);
	m->plot = col(st, 10);
	m->rating = col(st, 11);
	m->poster = col(st, 12);
	m->fetched_at = sqlite3_column_int64(st, 13);
	certificate_from_row(st, 14, &m->cert);
}

static int
get_one(sqlite3 *db, const char *sql, const char *name, long long id,
    const char *text, struct movie *m)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(m, 0, sizeof(*m));
	if ((rc = db_prepare(db, sql, &st)) != SQLITE_OK)
		return rc;
	if (text != NULL)
		db_bind_text(st, name, text);
	else
		db_bind_int(st, name, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		from_row(st, m);
	sqlite3_finalize(st);
	return rc;
}

int
movie_get(sqlite3 *db, long long id, struct movie *m)
{
	return get_one(db, MOVIE_SELECT " WHERE m.id = :id",
	    ":id", id, NULL, m);
}

int
movie_get_by_imdb(sqlite3 *db, const char *imdb_id, struct movie *m)
{
	return get_one(db, MOVIE_SELECT " WHERE m.imdb_id = :i", ":i", 0,
	    imdb_id, m);
}

int
movie_list(sqlite3 *db, cJSON **out)
{
	sqlite3_stmt *st;
	struct movie m;
	int	 rc;

	*out = NULL;
	if ((rc = db_prepare(db, MOVIE_SELECT
	    " ORDER BY m.title COLLATE NOCASE, m.id", &st)) != SQLITE_OK)
		return rc;
	*out = cJSON_CreateArray();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		from_row(st, &m);
		cJSON_AddItemToArray(*out, movie_json(&m));
		movie_free(&m);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*out);
		*out = NULL;
		return rc;
	}
	return SQLITE_OK;
}

int
movie_stale(sqlite3 *db, time_t cutoff, int limit, cJSON **ids)
{
	sqlite3_stmt *st;
	int	 rc;

	*ids = NULL;
	if ((rc = db_prepare(db, "SELECT imdb_id FROM movies"
	    " WHERE fetched_at < :cutoff ORDER BY fetched_at, id LIMIT :n",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":cutoff", (long long)cutoff);
	db_bind_int(st, ":n", limit);
	*ids = cJSON_CreateArray();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cJSON_AddItemToArray(*ids, cJSON_CreateString(db_text(st, 0)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(*ids);
		*ids = NULL;
		return rc;
	}
	return SQLITE_OK;
}

int
movie_touch(sqlite3 *db, const char *imdb_id, time_t now)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE movies SET fetched_at = :now"
	    " WHERE imdb_id = :i", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":now", (long long)now);
	db_bind_text(st, ":i", imdb_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void
add_runtime(cJSON *o, const struct movie *m)
{
	if (m->runtime_min > 0)
		json_add_int(o, "runtime_min", m->runtime_min);
	else
		cJSON_AddNullToObject(o, "runtime_min");
}

cJSON *
movie_summary_json(const struct movie *m)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_int(o, "id", m->id);
	json_add_str(o, "imdb_id", m->imdb_id);
	json_add_str(o, "title", m->title);
	add_runtime(o, m);
	json_add_str(o, "genre", m->genre);
	json_add_str(o, "plot", m->plot);
	json_add_str(o, "rating", m->rating);
	json_add_str(o, "poster", m->poster);
	cJSON_AddItemToObject(o, "certificate", certificate_json(&m->cert));
	return o;
}

cJSON *
movie_json(const struct movie *m)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_int(o, "id", m->id);
	json_add_str(o, "imdb_id", m->imdb_id);
	json_add_str(o, "title", m->title);
	json_add_str(o, "year", m->year);
	json_add_str(o, "rated", m->rated);
	add_runtime(o, m);
	json_add_str(o, "genre", m->genre);
	json_add_str(o, "director", m->director);
	json_add_str(o, "actors", m->actors);
	json_add_str(o, "language", m->language);
	json_add_str(o, "plot", m->plot);
	json_add_str(o, "rating", m->rating);
	json_add_str(o, "poster", m->poster);
	json_add_time(o, "fetched_at", m->fetched_at);
	cJSON_AddItemToObject(o, "certificate", certificate_json(&m->cert));
	return o;
}

int
movie_mark_imported(sqlite3 *db, cJSON *catalog)
{
	sqlite3_stmt *st;
	cJSON	*e;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT id FROM movies WHERE imdb_id = :i",
	    &st)) != SQLITE_OK)
		return rc;
	cJSON_ArrayForEach(e, catalog) {
		const char *id;

		if (json_get_str(e, "imdb_id", &id) != 1)
			continue;
		sqlite3_reset(st);
		db_bind_text(st, ":i", id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			json_add_int(e, "movie_id", sqlite3_column_int64(st, 0));
		else if (rc == SQLITE_DONE)
			cJSON_AddNullToObject(e, "movie_id");
		else
			break;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
