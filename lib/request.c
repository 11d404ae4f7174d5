/* request — CGI request parsing; see request.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "request.h"
#include "text.h"

static const char *
envor(req_env_fn env, const char *name, const char *dflt)
{
	const char *v = env(name);

	return v != NULL ? v : dflt;
}

/* Bounded decimal parse of CONTENT_LENGTH (after kcgi's strtonum use),
 * up to REQ_LENGTH_MAX. */
static int
parse_length(const char *s, size_t *out)
{
	long long v;

	if (text_parse_int(s, 0, REQ_LENGTH_MAX, &v) != TEXT_OK)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* Media type without parameters, compared case-insensitively. */
static int
media_is(const char *ct, const char *type)
{
	size_t n = strlen(type);

	return strncasecmp(ct, type, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static enum req_err
body_from_form(struct req *r)
{
	enum form_err fe;
	struct params p = { NULL, 0 };

	fe = form_parse_urlencoded(r->raw, r->rawlen, &p);
	if (fe != FORM_OK) {
		snprintf(r->detail, sizeof(r->detail), "%s", form_strerror(fe));
		params_free(&p);
		return fe == FORM_NOMEM ? REQ_NOMEM : REQ_BAD_FORM;
	}
	if ((r->body = cJSON_CreateObject()) == NULL) {
		params_free(&p);
		return REQ_NOMEM;
	}
	for (size_t i = 0; i < p.n; i++)
		if (cJSON_GetObjectItemCaseSensitive(r->body, p.v[i].name) == NULL)
			json_add_form_text(r->body, p.v[i].name, p.v[i].value);
	params_free(&p);
	return REQ_OK;
}

static enum req_err
body_from_multipart(struct req *r)
{
	char	 boundary[REQ_BOUNDARY_SIZE];
	enum mp_err me;

	if ((me = mp_boundary(r->content_type, boundary, sizeof(boundary))) ==
	    MP_OK)
		me = mp_parse(r->raw, r->rawlen, boundary, &r->mp);
	if (me != MP_OK) {
		snprintf(r->detail, sizeof(r->detail), "%s", mp_strerror(me));
		return me == MP_NOMEM ? REQ_NOMEM : REQ_BAD_MULTIPART;
	}
	if ((r->body = cJSON_CreateObject()) == NULL)
		return REQ_NOMEM;
	for (size_t i = 0; i < r->mp.n; i++) {
		struct mp_part *p = &r->mp.v[i];
		struct req_file *f;

		if (!text_is_param_name(p->name, strlen(p->name))) {
			snprintf(r->detail, sizeof(r->detail),
			    "multipart field name is not [a-z0-9_]");
			return REQ_BAD_MULTIPART;
		}
		if (p->filename == NULL) {
			char	*v;

			if (p->len > FORM_MAX_VALUE ||
			    !text_utf8_valid(p->data, p->len)) {
				snprintf(r->detail, sizeof(r->detail),
				    "multipart field %s is too long or not UTF-8",
				    p->name);
				return REQ_BAD_MULTIPART;
			}
			if ((v = strndup(p->data, p->len)) == NULL)
				return REQ_NOMEM;
			if (cJSON_GetObjectItemCaseSensitive(r->body, p->name) ==
			    NULL)
				json_add_form_text(r->body, p->name, v);
			free(v);
			continue;
		}
		f = realloc(r->files, (r->nfiles + 1) * sizeof(*f));
		if (f == NULL)
			return REQ_NOMEM;
		r->files = f;
		f = &r->files[r->nfiles++];
		f->name = p->name;
		f->filename = p->filename;
		f->content_type = p->content_type;
		f->data = p->data;
		f->len = p->len;
	}
	return REQ_OK;
}

/* The CGI meta-variables (RFC 3875 §4.1) the handlers read; they point
 * into the environment, which outlives the request. */
static void
read_meta(struct req *r, req_env_fn env)
{
	r->method = envor(env, "REQUEST_METHOD", "GET");
	r->path = envor(env, "PATH_INFO", "");
	r->content_type = env("CONTENT_TYPE");
	r->remote_addr = envor(env, "REMOTE_ADDR", "");
	r->host = envor(env, "HTTP_HOST", "");
	r->origin = env("HTTP_ORIGIN");
	r->sec_fetch_site = env("HTTP_SEC_FETCH_SITE");
	r->authorization = env("HTTP_AUTHORIZATION");
	r->csrf_header = env("HTTP_X_CSRF_TOKEN");
	r->if_none_match = env("HTTP_IF_NONE_MATCH");
	r->user_agent = env("HTTP_USER_AGENT");
	r->https = env("HTTPS") != NULL && strcasecmp(env("HTTPS"), "on") == 0;
}

/* The body's length, before anything else can fail: whatever is refused
 * later, req_drain must know how much is still on the wire. */
static enum req_err
read_length(struct req *r, req_env_fn env, size_t *len)
{
	const char *cl = env("CONTENT_LENGTH"), *te;

	*len = 0;
	if (cl != NULL && *cl != '\0' && parse_length(cl, len) == -1) {
		snprintf(r->detail, sizeof(r->detail), "bad Content-Length");
		return REQ_BAD_LENGTH;
	}
	r->claimed = *len;
	/* A chunked body reaches a CGI with no CONTENT_LENGTH (RFC 3875
	 * §4.1.2 needs one): say so, rather than act on an empty body. */
	if ((cl == NULL || *cl == '\0') &&
	    (te = env("HTTP_TRANSFER_ENCODING")) != NULL && *te != '\0') {
		snprintf(r->detail, sizeof(r->detail), "send the body with a "
		    "Content-Length (chunked bodies are not accepted)");
		/* req_drain reads it to its end (Apache's LimitRequestBody
		 * bounds it), so the answer is not cut by an unread body. */
		r->claimed = REQ_DRAIN_MAX;
		return REQ_LENGTH_REQUIRED;
	}
	return REQ_OK;
}

/* PATH_INFO, the query string and the cookies, each bounded. */
static enum req_err
read_target(struct req *r, req_env_fn env)
{
	const char *qs, *cookie;
	enum form_err fe;

	if (strlen(r->path) > REQ_PATH_MAX ||
	    !text_utf8_valid(r->path, strlen(r->path))) {
		snprintf(r->detail, sizeof(r->detail), "path is not valid UTF-8");
		return REQ_BAD_PATH;
	}
	qs = envor(env, "QUERY_STRING", "");
	if (strlen(qs) > REQ_QUERY_MAX) {
		snprintf(r->detail, sizeof(r->detail), "query string too long");
		return REQ_BAD_QUERY;
	}
	if ((fe = form_parse_urlencoded(qs, strlen(qs), &r->query)) != FORM_OK) {
		snprintf(r->detail, sizeof(r->detail), "query: %s",
		    form_strerror(fe));
		return fe == FORM_NOMEM ? REQ_NOMEM : REQ_BAD_QUERY;
	}
	if ((cookie = env("HTTP_COOKIE")) != NULL &&
	    strlen(cookie) <= REQ_COOKIE_MAX)
		(void)form_parse_cookies(cookie, &r->cookies);
	return REQ_OK;
}

static enum req_err
body_from_json(struct req *r)
{
	enum json_err je;

	if ((r->body = json_parse_body(r->raw, r->rawlen, &je, r->field,
	    sizeof(r->field))) == NULL) {
		snprintf(r->detail, sizeof(r->detail), "%s", json_strerror(je));
		return je == JSON_NUL_CHAR ? REQ_BAD_FIELD : REQ_BAD_JSON;
	}
	return REQ_OK;
}

/* The body of len bytes: within max_body, of a type we take, all of it
 * read, then parsed into req->body (and req->files) by its type. */
static enum req_err
read_body(struct req *r, FILE *in, size_t len, size_t max_body)
{
	if (len > max_body) {
		snprintf(r->detail, sizeof(r->detail),
		    "body of %zu bytes is over the limit of %zu", len, max_body);
		return REQ_TOO_LARGE;
	}
	if (r->content_type == NULL ||
	    !(media_is(r->content_type, "application/json") ||
	    media_is(r->content_type, "application/x-www-form-urlencoded") ||
	    media_is(r->content_type, "multipart/form-data"))) {
		snprintf(r->detail, sizeof(r->detail),
		    "send application/json, x-www-form-urlencoded or multipart/form-data");
		return REQ_UNSUPPORTED_TYPE;
	}
	if ((r->raw = malloc(len + 1)) == NULL)
		return REQ_NOMEM;
	r->rawlen = fread(r->raw, 1, len, in);
	r->body_read = 1;
	r->raw[r->rawlen] = '\0';
	if (r->rawlen != len) {
		snprintf(r->detail, sizeof(r->detail),
		    "body ended after %zu of %zu bytes", r->rawlen, len);
		return REQ_SHORT_BODY;
	}
	if (media_is(r->content_type, "application/json"))
		return body_from_json(r);
	if (media_is(r->content_type, "application/x-www-form-urlencoded"))
		return body_from_form(r);
	return body_from_multipart(r);
}

enum req_err
req_parse(struct req *r, req_env_fn env, FILE *in, size_t max_body)
{
	size_t	 len;
	enum req_err e;

	memset(r, 0, sizeof(*r));
	read_meta(r, env);
	if ((e = read_length(r, env, &len)) != REQ_OK)
		return e;
	if ((e = read_target(r, env)) != REQ_OK)
		return e;
	if (len == 0)
		return REQ_OK;
	return read_body(r, in, len, max_body);
}

void
req_drain(struct req *r, FILE *in)
{
	char	 sink[16384];
	size_t	 left = r->claimed < REQ_DRAIN_MAX ? r->claimed : REQ_DRAIN_MAX;
	size_t	 n;

	if (r->body_read || left == 0)
		return;
	r->body_read = 1;
	/* Apache's LimitRequestBody bounds how much can arrive; so does
	 * REQ_DRAIN_MAX, should a host's limit be larger. */
	while (left > 0 && (n = fread(sink, 1, left < sizeof(sink) ? left :
	    sizeof(sink), in)) > 0)
		left -= n;
}

void
req_free(struct req *r)
{
	params_free(&r->query);
	params_free(&r->cookies);
	cJSON_Delete(r->body);
	free(r->files);
	mp_free(&r->mp);
	free(r->raw);
	r->body = NULL;
	r->files = NULL;
	r->raw = NULL;
}

const char *
req_query(const struct req *r, const char *name)
{
	return params_get(&r->query, name);
}

enum req_int
req_query_int(const struct req *r, const char *name, long long min,
    long long max, long long *out)
{
	const char *s = req_query(r, name);

	if (s == NULL || *s == '\0')
		return REQ_INT_ABSENT;
	switch (text_parse_int(s, min, max, out)) {
	case TEXT_OK:
		return REQ_INT_OK;
	case TEXT_OUT_OF_RANGE:
		return REQ_INT_RANGE;
	default:
		return REQ_INT_MALFORMED;
	}
}

const char *
req_cookie(const struct req *r, const char *name)
{
	return params_get(&r->cookies, name);
}

int
req_err_status(enum req_err e)
{
	switch (e) {
	case REQ_OK:
		return 200;
	case REQ_TOO_LARGE:
		return 413;
	case REQ_UNSUPPORTED_TYPE:
		return 415;
	case REQ_LENGTH_REQUIRED:
		return 411;
	case REQ_BAD_FIELD:
		return 422;
	case REQ_NOMEM:
		return 500;
	default:
		return 400;
	}
}

const char *
req_err_code(enum req_err e)
{
	switch (e) {
	case REQ_TOO_LARGE:
		return "PAYLOAD_TOO_LARGE";
	case REQ_UNSUPPORTED_TYPE:
		return "UNSUPPORTED_MEDIA_TYPE";
	case REQ_LENGTH_REQUIRED:
		return "LENGTH_REQUIRED";
	case REQ_NOMEM:
		return "INTERNAL_ERROR";
	default:
		return "VALIDATION_ERROR";
	}
}
