/* movies.cgi — /api/movies: the local movies (logged in; a film showing
 * this week for anyone), the provider's catalog, importing a movie by
 * IMDb id and setting a film's certificate (admin).  The one CGI that
 * links libcurl (through movie_provider.c). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "certificate.h"
#include "json.h"
#include "movie.h"
#include "movie_provider.h"
#include "publish.h"
#include "show.h"

static int
get_list(struct ctx *c)
{
	cJSON	*list;
	int	 rc;

	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = movie_list(c->db, &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, list);
}

static int
get_one(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	struct movie m;
	int	 rc;

	if (id == 0)
		return ctx_fail(c, 404, "NOT_FOUND", "no such movie");
	if (ctx_db(c) == NULL)
		return -1;
	/* Anyone may read a film that is showing this week (DESIGN §7); a
	 * logged-in account, any film.  Others look like no film at all. */
	if (!ctx_try_auth(c) && (rc = show_movie_in_window(c->db, &c->conf,
	    c->now, id)) != SQLITE_ROW)
		return rc == SQLITE_DONE ? ctx_fail(c, 404, "NOT_FOUND",
		    "no such movie") : ctx_fail_db(c, rc);
	if ((rc = movie_get(c->db, id, &m)) == SQLITE_DONE)
		return ctx_fail(c, 404, "NOT_FOUND", "no such movie");
	if (rc != SQLITE_ROW)
		return ctx_fail_db(c, rc);
	rc = ctx_ok(c, 200, movie_json(&m));
	movie_free(&m);
	return rc;
}

static int
provider_error(struct ctx *c, const char *why)
{
	fprintf(stderr, "skyfox[%s] movie provider: %s\n", c->request_id, why);
	return ctx_fail(c, 502, "MOVIE_PROVIDER_ERROR", "%s", why);
}

static int
get_catalog(struct ctx *c)
{
	const char *q = req_query(&c->req, "q");
	char	 why[256];
	cJSON	*list;
	int	 rc;

	if (q != NULL && strlen(q) > 100) {
		err_field(&c->err, "q", "must be at most 100 characters");
		return ctx_fail(c, 400, "VALIDATION_ERROR", "search too long");
	}
	if (movie_provider_catalog(&c->conf, q, &list, why, sizeof(why)) !=
	    PROVIDER_OK)
		return provider_error(c, why);
	if (ctx_db(c) == NULL) {
		cJSON_Delete(list);
		return -1;
	}
	if ((rc = movie_mark_imported(c->db, list)) != SQLITE_OK) {
		cJSON_Delete(list);
		return ctx_fail_db(c, rc);
	}
	return ctx_ok(c, 200, list);
}

static int
post_movie(struct ctx *c)
{
	const char *imdb_id = NULL;
	struct movie m;
	char	 why[256];
	int	 created, dbrc, r;

	if (c->req.body == NULL ||
	    (r = json_get_str(c->req.body, "imdb_id", &imdb_id)) == 0)
		err_field(&c->err, "imdb_id", "is required");
	else if (r < 0 || !movie_valid_imdb_id(imdb_id))
		err_field(&c->err, "imdb_id", "must be an IMDb title id: tt and "
		    "7 to 9 digits, e.g. tt0111161");
	if (ctx_fail_fields(c, "imdb_id is not valid") != 0)
		return -1;
	if (ctx_db(c) == NULL)
		return -1;
	/* Importing a film again refreshes its record: the days that list
	 * it are republished before the answer (DESIGN §12). */
	publish_attach(c->db, &c->conf);
	switch (movie_import(&c->conf, c->db, imdb_id, c->now, &m, &created,
	    &dbrc, why, sizeof(why))) {
	case PROVIDER_OK:
		break;
	case PROVIDER_NOT_FOUND:
		err_field(&c->err, "imdb_id", "the movie provider has no movie "
		    "with this id");
		return ctx_fail(c, 404, "NOT_FOUND", "%s", why);
	case PROVIDER_ERROR:
		return provider_error(c, why);
	case PROVIDER_DB:
		return ctx_fail_db(c, dbrc);
	}
	fprintf(stderr, "skyfox[%s] movie %s %s by %s\n", c->request_id,
	    m.imdb_id, created ? "imported" : "refreshed", c->user.username);
	r = ctx_ok(c, created ? 201 : 200, movie_json(&m));
	movie_free(&m);
	return r;
}

/* PATCH /<id> {"certificate":"UA13"}: the admin sets the film's age
 * rating (lib/certificate.h); a refresh of its record never changes it
 * back.  The days that list the film are republished before the answer,
 * which is the film. */
static int
patch_movie(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	const char *code = NULL;
	struct certificate cert;
	struct movie m;
	int	 r, rc;

	if (id == 0)
		return ctx_fail(c, 404, "NOT_FOUND", "no such movie");
	if (c->req.body == NULL ||
	    (r = json_get_str(c->req.body, "certificate", &code)) == 0)
		err_field(&c->err, "certificate", "is required: the code of "
		    "one of GET /api/certificates, e.g. UA13");
	else if (r < 0)
		err_field(&c->err, "certificate", "must be a certificate's "
		    "code, e.g. UA13");
	if (ctx_fail_fields(c, "certificate is not valid") != 0 ||
	    ctx_db(c) == NULL)
		return -1;
	publish_attach(c->db, &c->conf);
	switch (certificate_set(c->db, id, code, &cert, &rc)) {
	case CERTIFICATE_OK:
		break;
	case CERTIFICATE_ERR_UNKNOWN:
		err_field(&c->err, "certificate", "is not a certificate this "
		    "cinema uses (see GET /api/certificates)");
		return ctx_fail_fields(c, "no such certificate");
	case CERTIFICATE_ERR_NO_MOVIE:
		return ctx_fail(c, 404, "NOT_FOUND", "no such movie");
	case CERTIFICATE_ERR_DB:
		return ctx_fail_db(c, rc);
	}
	if ((rc = movie_get(c->db, id, &m)) != SQLITE_ROW)
		return ctx_fail_db(c, rc == SQLITE_DONE ? SQLITE_ERROR : rc);
	fprintf(stderr, "skyfox[%s] movie %s certificate %s by %s\n",
	    c->request_id, m.imdb_id, cert.code, c->user.username);
	r = ctx_ok(c, 200, movie_json(&m));
	movie_free(&m);
	return r;
}

static const struct route routes[] = {
	{ "GET",  "",         ROLES_USER, get_list },
	{ "GET",  "/",        ROLES_USER, get_list },
	{ "POST", "",         ROLE_ADMIN, post_movie },
	{ "POST", "/",        ROLE_ADMIN, post_movie },
	{ "GET",  "/catalog", ROLE_ADMIN, get_catalog },
	{ "GET",  "/:id",     ROLES_PUBLIC, get_one },
	{ "PATCH", "/:id",    ROLE_ADMIN, patch_movie },
};

int
main(void)
{
	static const struct app app = { "movies", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
