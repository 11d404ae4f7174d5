/* movie — the local movie table and the OMDb record format.
 *
 * Movies arrive as OMDb-format JSON (DESIGN §7 "Movies"): from the provider
 * over libcurl (movie_provider.c, which only the importing binaries link), or
 * from the bundled catalog files for the demo data.  This module parses such a
 * record and keeps it in the movies table; it never touches the network, so
 * light CGIs (shows, bookings) can read movies without loading libcurl.
 *
 * OMDb conventions handled here: every value is a string, "N/A" means absent,
 * Runtime is "142 min", imdbRating "9.3", and a lookup that found nothing is
 * {"Response":"False","Error":"…"}. */
#ifndef SKYFOX_MOVIE_H
#define SKYFOX_MOVIE_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "certificate.h"

/* Runtimes beyond this are treated as this for scheduling (a show never
 * blocks its screen for more than a day). */
#define MOVIE_MAX_RUNTIME_MIN	720

/* One movie; strings are malloc'd (NULL when absent), movie_free() frees. */
struct movie {
	long long	 id;		/* 0 until stored */
	char		*imdb_id;
	char		*title;
	char		*year;
	char		*rated;
	int		 runtime_min;	/* 0: unknown */
	char		*genre;
	char		*director;
	char		*actors;
	char		*language;
	char		*plot;
	char		*rating;	/* imdbRating, "9.3" */
	char		*poster;	/* http(s) URL or a site path "/…" */
	long long	 fetched_at;
	/* The film's age rating (lib/certificate.h): read with the row;
	 * movie_upsert fills it from rated while the film has none. */
	struct certificate cert;
};

enum movie_parse {
	MOVIE_PARSED = 0,
	MOVIE_NOT_FOUND,	/* {"Response":"False"} */
	MOVIE_MALFORMED		/* not JSON, not an object, no imdbID/Title… */
};

/* 1 when s is an IMDb title id: "tt" and 7 to 9 digits. */
int		 movie_valid_imdb_id(const char *s);
/* "142 min" → 142; "2 h 22 min" → 142; "N/A", "", garbage → 0. */
int		 movie_parse_runtime(const char *s);

/* Parse one OMDb record (bytes as received).  On MOVIE_PARSED, m is filled
 * (caller frees with movie_free); on MOVIE_NOT_FOUND, why holds the
 * provider's Error text.  want_id, when not NULL, must equal the record's
 * imdbID (a provider answering with another film is malformed). */
enum movie_parse movie_parse_omdb(const char *json, size_t len,
		    const char *want_id, struct movie *m, char *why, size_t);
/* An OMDb "Response":"False" object with an Error that means "no such
 * movie" (as opposed to "Invalid API key!", "Request limit reached!"). */
int		 movie_omdb_says_not_found(const char *error);
void		 movie_free(struct movie *);
/* 1 when p may be an <img src>: an http(s) URL or a site path "/…". */
int		 movie_poster_ok(const char *p);

/* Insert or refresh by imdb_id; raw is the record as received.  Sets m->id
 * and m->cert (the film's certificate after the write: the one rated maps
 * to when the film had none, else the one it had — an admin's choice is
 * never overwritten by a refresh); *created = 1 when the row is new.
 * SQLite result code. */
int		 movie_upsert(sqlite3 *, struct movie *m, const char *raw,
		    time_t now, int *created);
/* Load by id: SQLITE_ROW (found), SQLITE_DONE (absent) or an error. */
int		 movie_get(sqlite3 *, long long id, struct movie *);
int		 movie_get_by_imdb(sqlite3 *, const char *imdb_id, struct movie *);
/* All local movies, by title, as a JSON array of movie_json objects. */
int		 movie_list(sqlite3 *, cJSON **out);
/* Add "movie_id" (the local id, or null) to each {"imdb_id"} of a
 * catalog list, so a page knows which entries are already imported. */
int		 movie_mark_imported(sqlite3 *, cJSON *catalog);
/* imdb ids of records fetched before cutoff (at most limit), oldest first. */
int		 movie_stale(sqlite3 *, time_t cutoff, int limit, cJSON **ids);

/* Mark a record fetched now without changing it (the provider no longer
 * has it: keep our copy, ask again only after another refresh period). */
int		 movie_touch(sqlite3 *, const char *imdb_id, time_t now);

/* {"id","imdb_id","title","year","rated","runtime_min","genre","director",
 *  "actors","language","plot","rating","poster","fetched_at",
 *  "certificate":{"code","name","min_age"}|null} */
cJSON		*movie_json(const struct movie *);
/* The summary a show carries (DESIGN §8.1): id, imdb_id, title,
 * runtime_min, genre, plot, rating, poster, certificate. */
cJSON		*movie_summary_json(const struct movie *);

#endif
