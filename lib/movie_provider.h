/* movie_provider — fetching OMDb-format records over HTTP(S) with libcurl.
 *
 * Only the binaries that import movies (movies.cgi, cron/refresh-movies)
 * call into this file, so only they load libcurl (check with ldd).
 *
 * Configuration (skyfox.conf):
 *   movie_provider_url   template of one record's URL; {imdb_id} and
 *                        {apikey} are replaced (percent-encoded), e.g.
 *                        https://www.omdbapi.com/?i={imdb_id}&apikey={apikey}
 *   movie_catalog_url    template of the list of importable movies (OMDb
 *                        search shape {"Search":[…]}); {query} and {apikey}
 *   movie_provider_key   the {apikey} value (a secret: never logged)
 *   movie_provider_timeout_ms   whole-request timeout (default 5000;
 *                        connecting gets at most 3000 of it)
 *
 * The client distrusts the provider: TLS is verified, proxy environment
 * variables are ignored (httpoxy: a CGI's HTTP_PROXY comes from the
 * client's "Proxy:" header), only http/https are spoken, redirects are not
 * followed, and an answer above MOVIE_PROVIDER_MAX_BYTES is cut off and
 * refused. */
#ifndef SKYFOX_MOVIE_PROVIDER_H
#define SKYFOX_MOVIE_PROVIDER_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "config.h"
#include "movie.h"

#define MOVIE_PROVIDER_MAX_BYTES	(1024 * 1024)
#define MOVIE_PROVIDER_TIMEOUT_MS	5000
#define MOVIE_PROVIDER_CONNECT_MS	3000
#define MOVIE_CATALOG_MAX		500

enum provider_result {
	PROVIDER_OK = 0,
	PROVIDER_NOT_FOUND,		/* the provider has no such movie */
	PROVIDER_ERROR,		/* unreachable, slow, oversized, malformed: 502 */
	PROVIDER_DB			/* storing failed: *dbrc has the SQLite code */
};

/* Expand {imdb_id}, {apikey} and {query} in tmpl (values percent-encoded;
 * NULL values expand to "").  0, or -1 when the result does not fit or the
 * template has an unknown {placeholder}. */
int		 movie_provider_url(const char *tmpl, const char *imdb_id,
		    const char *apikey, const char *query, char *out,
		    size_t outsz);

/* Fetch and parse one record.  On PROVIDER_OK, m is filled and *raw is the record
 * as received (malloc'd).  why: a message safe to show (no URL, no key). */
enum provider_result	 movie_provider_fetch(const struct conf *, const char *imdb_id,
		    struct movie *m, char **raw, char *why, size_t);

/* The provider's list, filtered by query (case-insensitive title
 * substring; also passed to the provider as {query}): a JSON array of
 * {"imdb_id","title","year","poster"}. */
enum provider_result	 movie_provider_catalog(const struct conf *, const char *query,
		    cJSON **out, char *why, size_t);
/* Parse an OMDb search answer into that array (exposed for the tests). */
enum provider_result	 movie_catalog_parse(const char *json, size_t len,
		    const char *query, cJSON **out, char *why, size_t);

/* Fetch, then store (insert or refresh) in one short transaction.  m is
 * filled on PROVIDER_OK (caller frees); *created = 1 for a new row. */
enum provider_result	 movie_import(const struct conf *, sqlite3 *,
		    const char *imdb_id, time_t now, struct movie *m,
		    int *created, int *dbrc, char *why, size_t);

#endif
