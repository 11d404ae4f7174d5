/* movie_provider — OMDb-format records over libcurl; see movie_provider.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dlcurl.h"
#include "db.h"
#include "json.h"
#include "movie_provider.h"

static int
unreserved(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' ||
	    ch == '~';
}

/* Append v percent-encoded (RFC 3986 §2.1: everything but unreserved). */
static void
put_encoded(struct buf *b, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; v != NULL && *v != '\0'; v++) {
		unsigned char ch = (unsigned char)*v;

		if (unreserved(ch))
			buf_putc(b, (char)ch);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[ch >> 4]);
			buf_putc(b, hex[ch & 15]);
		}
	}
}

int
movie_provider_url(const char *tmpl, const char *imdb_id, const char *apikey,
    const char *query, char *out, size_t outsz)
{
	struct buf b = BUF_INIT;
	const char *p = tmpl;
	int	 rc = 0;

	if (tmpl == NULL || *tmpl == '\0')
		return -1;
	while (*p != '\0' && rc == 0) {
		const char *close;
		size_t	 n;

		if (*p != '{') {
			buf_putc(&b, *p++);
			continue;
		}
		if ((close = strchr(p, '}')) == NULL) {
			rc = -1;
			break;
		}
		n = (size_t)(close - p - 1);
		if (n == 7 && strncmp(p + 1, "imdb_id", n) == 0)
			put_encoded(&b, imdb_id);
		else if (n == 6 && strncmp(p + 1, "apikey", n) == 0)
			put_encoded(&b, apikey);
		else if (n == 5 && strncmp(p + 1, "query", n) == 0)
			put_encoded(&b, query);
		else
			rc = -1;
		p = close + 1;
	}
	if (rc == 0 && (!buf_ok(&b) || b.len >= outsz))
		rc = -1;
	if (rc == 0)
		memcpy(out, buf_str(&b), b.len + 1);
	else if (outsz > 0)
		out[0] = '\0';
	buf_free(&b);
	return rc;
}

struct sink {
	struct buf	 b;
	int		 over;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t	 len = size * n;

	if (s->b.len + len > MOVIE_PROVIDER_MAX_BYTES) {
		s->over = 1;
		return 0;		/* aborts the transfer */
	}
	buf_append(&s->b, p, len);
	return len;
}

/* GET url into out (NUL-terminated).  PROVIDER_OK with *status set, or PROVIDER_ERROR
 * with why.  Never puts the URL in why: it may carry the API key. */
static enum provider_result
http_get(const struct conf *c, const char *url, struct buf *out, long *status,
    char *why, size_t whysz)
{
	struct sink s = { BUF_INIT, 0 };
	struct curl_slist *h = NULL;
	long long total = conf_int(c, "movie_provider_timeout_ms",
	    MOVIE_PROVIDER_TIMEOUT_MS);
	CURL	*cu;
	CURLcode rc;

	if (total < 100 || total > 60000)
		total = MOVIE_PROVIDER_TIMEOUT_MS;
	*status = 0;
	if (dlcurl_load() == -1) {
		snprintf(why, whysz, "libcurl is not available");
		return PROVIDER_ERROR;
	}
	if ((cu = dlcurl.easy_init()) == NULL) {
		snprintf(why, whysz, "cannot start an HTTP client");
		return PROVIDER_ERROR;
	}
	dlcurl.easy_setopt(cu, CURLOPT_URL, url);
	dlcurl.easy_setopt(cu, CURLOPT_PROTOCOLS_STR, "http,https");
	dlcurl.easy_setopt(cu, CURLOPT_FOLLOWLOCATION, 0L);
	/* httpoxy: never take a proxy from the environment. */
	dlcurl.easy_setopt(cu, CURLOPT_PROXY, "");
	dlcurl.easy_setopt(cu, CURLOPT_NOPROXY, "*");
	dlcurl.easy_setopt(cu, CURLOPT_SSL_VERIFYPEER, 1L);
	dlcurl.easy_setopt(cu, CURLOPT_SSL_VERIFYHOST, 2L);
	dlcurl.easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	dlcurl.easy_setopt(cu, CURLOPT_TIMEOUT_MS, (long)total);
	dlcurl.easy_setopt(cu, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(total < MOVIE_PROVIDER_CONNECT_MS ? total :
	    MOVIE_PROVIDER_CONNECT_MS));
	dlcurl.easy_setopt(cu, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)MOVIE_PROVIDER_MAX_BYTES);
	dlcurl.easy_setopt(cu, CURLOPT_USERAGENT, "SkyFox-Cinema/1.0");
	h = dlcurl.slist_append(h, "Accept: application/json");
	dlcurl.easy_setopt(cu, CURLOPT_HTTPHEADER, h);
	dlcurl.easy_setopt(cu, CURLOPT_WRITEFUNCTION, sink_write);
	dlcurl.easy_setopt(cu, CURLOPT_WRITEDATA, &s);
	rc = dlcurl.easy_perform(cu);
	dlcurl.easy_getinfo(cu, CURLINFO_RESPONSE_CODE, status);
	dlcurl.slist_free_all(h);
	dlcurl.easy_cleanup(cu);
	if (rc == CURLE_OK && !buf_ok(&s.b)) {
		snprintf(why, whysz, "out of memory reading the movie provider");
		rc = CURLE_OUT_OF_MEMORY;
	} else if (s.over || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(why, whysz, "the movie provider's answer is larger "
		    "than %d bytes", MOVIE_PROVIDER_MAX_BYTES);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(why, whysz, "the movie provider did not answer within "
		    "%lld ms", total);
	else if (rc != CURLE_OK)
		snprintf(why, whysz, "the movie provider could not be reached "
		    "(%s)", dlcurl.easy_strerror(rc));
	if (rc != CURLE_OK || s.over) {
		buf_free(&s.b);
		return PROVIDER_ERROR;
	}
	buf_putc(&s.b, '\0');		/* a C string for the parsers */
	s.b.len--;
	*out = s.b;
	return PROVIDER_OK;
}

enum provider_result
movie_provider_fetch(const struct conf *c, const char *imdb_id,
    struct movie *m, char **raw, char *why, size_t whysz)
{
	char	 url[2048], err[160];
	struct buf body = BUF_INIT;
	long	 status;
	enum movie_parse p;

	memset(m, 0, sizeof(*m));
	*raw = NULL;
	if (movie_provider_url(conf_get(c, "movie_provider_url", ""), imdb_id,
	    conf_get(c, "movie_provider_key", ""), NULL, url,
	    sizeof(url)) == -1) {
		snprintf(why, whysz, "the movie provider is not configured "
		    "(movie_provider_url)");
		return PROVIDER_ERROR;
	}
	if (http_get(c, url, &body, &status, why, whysz) != PROVIDER_OK)
		return PROVIDER_ERROR;
	p = movie_parse_omdb(body.data ? body.data : "", body.len, imdb_id, m,
	    err, sizeof(err));
	/* A 404 counts as "no such movie" only when it says so in OMDb's
	 * words (the bundled catalog answers notfound.json); any other error
	 * status is the provider's fault, whatever its body. */
	if (p == MOVIE_NOT_FOUND && (status == 200 || status == 404) &&
	    movie_omdb_says_not_found(err)) {
		buf_free(&body);
		snprintf(why, whysz, "the movie provider has no movie %s",
		    imdb_id);
		return PROVIDER_NOT_FOUND;
	}
	if (p == MOVIE_PARSED && status == 200) {
		*raw = body.data;	/* ownership passes to the caller */
		return PROVIDER_OK;
	}
	if (p == MOVIE_PARSED)
		movie_free(m);
	buf_free(&body);
	if (status != 200)
		snprintf(why, whysz, "the movie provider answered HTTP %ld",
		    status);
	else if (p == MOVIE_NOT_FOUND)
		snprintf(why, whysz, "the movie provider refused: %.100s", err);
	else
		snprintf(why, whysz, "the movie provider sent a malformed "
		    "record: %.100s", err);
	return PROVIDER_ERROR;
}

enum provider_result
movie_catalog_parse(const char *json, size_t len, const char *query,
    cJSON **out, char *why, size_t whysz)
{
	enum json_err je;
	cJSON	*o, *list, *item;
	const char *resp, *err;
	int	 n = 0;

	*out = NULL;
	if ((o = json_parse_object(json, len, &je)) == NULL) {
		snprintf(why, whysz, "the movie catalog is not a JSON object: %s",
		    json_strerror(je));
		return PROVIDER_ERROR;
	}
	if (json_get_str(o, "Response", &resp) == 1 &&
	    strcasecmp(resp, "False") == 0) {
		if (json_get_str(o, "Error", &err) != 1)
			err = NULL;
		if (!movie_omdb_says_not_found(err)) {
			snprintf(why, whysz, "the movie provider refused: %.100s",
			    err);
			cJSON_Delete(o);
			return PROVIDER_ERROR;
		}
		cJSON_Delete(o);
		*out = cJSON_CreateArray();	/* nothing matched */
		return PROVIDER_OK;
	}
	list = cJSON_GetObjectItemCaseSensitive(o, "Search");
	if (!cJSON_IsArray(list)) {
		cJSON_Delete(o);
		snprintf(why, whysz, "the movie catalog has no Search list");
		return PROVIDER_ERROR;
	}
	*out = cJSON_CreateArray();
	cJSON_ArrayForEach(item, list) {
		const char *id, *title, *year, *poster;
		cJSON	*e;

		if (n >= MOVIE_CATALOG_MAX)
			break;
		if (!cJSON_IsObject(item) ||
		    json_get_str(item, "imdbID", &id) != 1 ||
		    !movie_valid_imdb_id(id) ||
		    json_get_str(item, "Title", &title) != 1 || *title == '\0')
			continue;	/* skip a bad entry, keep the rest */
		if (query != NULL && *query != '\0' &&
		    strcasestr(title, query) == NULL)
			continue;
		if (json_get_str(item, "Year", &year) != 1 ||
		    strcmp(year, "N/A") == 0)
			year = NULL;
		if (json_get_str(item, "Poster", &poster) != 1 ||
		    !movie_poster_ok(poster))
			poster = NULL;
		e = cJSON_CreateObject();
		json_add_str(e, "imdb_id", id);
		json_add_str(e, "title", title);
		json_add_str(e, "year", year);
		json_add_str(e, "poster", poster);
		cJSON_AddItemToArray(*out, e);
		n++;
	}
	cJSON_Delete(o);
	return PROVIDER_OK;
}

enum provider_result
movie_provider_catalog(const struct conf *c, const char *query, cJSON **out,
    char *why, size_t whysz)
{
	char	 url[2048];
	struct buf body = BUF_INIT;
	long	 status;
	enum provider_result r;

	*out = NULL;
	if (movie_provider_url(conf_get(c, "movie_catalog_url", ""), NULL,
	    conf_get(c, "movie_provider_key", ""), query, url,
	    sizeof(url)) == -1) {
		snprintf(why, whysz, "the movie catalog is not configured "
		    "(movie_catalog_url)");
		return PROVIDER_ERROR;
	}
	if (http_get(c, url, &body, &status, why, whysz) != PROVIDER_OK)
		return PROVIDER_ERROR;
	if (status != 200) {
		buf_free(&body);
		snprintf(why, whysz, "the movie catalog answered HTTP %ld",
		    status);
		return PROVIDER_ERROR;
	}
	r = movie_catalog_parse(body.data ? body.data : "", body.len, query,
	    out, why, whysz);
	buf_free(&body);
	return r;
}

enum provider_result
movie_import(const struct conf *c, sqlite3 *db, const char *imdb_id,
    time_t now, struct movie *m, int *created, int *dbrc, char *why,
    size_t whysz)
{
	enum provider_result r;
	char	*raw;
	int	 rc;

	*dbrc = SQLITE_OK;
	*created = 0;
	/* The network first, outside any transaction: the write lock is held
	 * only for the insert. */
	if ((r = movie_provider_fetch(c, imdb_id, m, &raw, why, whysz)) != PROVIDER_OK)
		return r;
	if ((rc = db_begin(db)) == SQLITE_OK &&
	    (rc = movie_upsert(db, m, raw, now, created)) == SQLITE_OK)
		rc = db_commit(db);
	free(raw);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		movie_free(m);
		*dbrc = rc;
		snprintf(why, whysz, "cannot store the movie");
		return PROVIDER_DB;
	}
	return PROVIDER_OK;
}
