/* client — the HTTP test suites' client: libcurl against $SKYFOX_URL (the
 * real Apache started by tests/http/run.sh), with JSON helpers.
 *
 *   struct hresp *r = api("POST", "/api/session", "{\"username\":…}", NULL);
 *   ck_assert_int_eq(r->status, 200);
 *   ck_assert_str_eq(jstr(r->json, "data.user.role"), "admin");
 *   hresp_free(r);
 */
#ifndef SKYFOX_TEST_CLIENT_H
#define SKYFOX_TEST_CLIENT_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct hresp {
	long	 status;
	char	*body;
	size_t	 len;
	char	*headers;	/* raw header block, lines joined by \n */
	cJSON	*json;		/* parsed body when it is JSON, else NULL */
};

/* One extra request header, "Name: value"; a NULL-terminated list. */
void		 client_global_init(void);
const char	*client_base(void);

/* Send the following requests from this loopback source address (e.g.
 * "127.0.0.7"; NULL: the default), so a test that provokes per-address
 * rate limits does not share its counter with every other test.  Tests run
 * in forked children, so the setting ends with the test. */
void		 client_set_source(const char *ip);
/* A loopback address no other test in this run has used. */
const char	*client_fresh_source(void);

/* Any request: body may be NULL; headers is a NULL-terminated list of
 * "Name: value" strings or NULL. */
struct hresp	*http(const char *method, const char *path,
		    const char *content_type, const void *body, size_t len,
		    const char *const *headers);
/* JSON request with an optional Bearer token. */
struct hresp	*api(const char *method, const char *path, const char *json,
		    const char *token);
void		 hresp_free(struct hresp *);

/* Header value (first match, case-insensitive) copied into a static
 * buffer, or NULL. */
const char	*hdr(const struct hresp *, const char *name);
/* Walk "data.user.role" or "data.rows.0.seats.3.status"; NULL if absent. */
const cJSON	*jget(const cJSON *, const char *path);
const char	*jstr(const cJSON *, const char *path);	/* "" if absent */
long long	 jint(const cJSON *, const char *path);	/* -1 if absent */

/* Asserts a JSON error response: status, code, a request_id equal to the
 * X-Request-ID header. */
void		 expect_error(const struct hresp *, long status, const char *code);

/* Log in and return the bearer token (malloc'd), asserting success. */
char		*login(const char *username, const char *password);
/* Log in for a cookie session: returns "sf_session=…" (malloc'd) and the
 * CSRF token in csrf (malloc'd). */
char		*login_cookie(const char *username, const char *password,
		    char **csrf);

/* Run bin/skyfoxctl with args against the test site; its exit status. */
int		 skyfoxctl(const char *args);
/* Run a shell command; its standard output without the trailing newline
 * (malloc'd). */
char		*shell_output(const char *cmd);
/* A stand-in for an outside service on a free loopback port (*port): a
 * forked server that forks again per connection and calls serve(fd) on
 * it.  Its pid, for kill(SIGKILL) + waitpid when the test is done. */
int		 loopback_server(void (*serve)(int fd), int *port);
/* Run one SQL query against the test database (as the data dir's owner,
 * read-only) and return the first column of the first row (malloc'd). */
char		*db_scalar(const char *sql);
/* Run SQL (several statements may be given, the last ';' optional; writes
 * allowed) against the test database as the data dir's owner, waiting up
 * to 10 s for the writers' lock; the output's first line (malloc'd).  The
 * one way the tests change the database (fixture.h builds on it). */
char		*db_sql(const char *sql);
/* Set a key in the test site's skyfox.conf (e.g. clock_offset), replacing
 * its line; NULL removes the key. */
void		 conf_set(const char *key, const char *value);

#endif
