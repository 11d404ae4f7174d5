/* auth — who is calling: session tokens (JWT, HS256), cookies and CSRF.
 *
 * A session token is a JWT signed with HMAC-SHA-256 over the site's secret
 * key: {"sub": username, "uid": id, "role", "ver": token_version, "iat",
 * "exp"}.  It is accepted from "Authorization: Bearer" or the HttpOnly
 * SameSite=Strict cookie sf_session.  Every request re-reads the user's row:
 * a token whose "ver" is not the user's current token_version (bumped by
 * logout, password change and deactivation) is revoked, and the role comes
 * from the row.  A deactivated account's token is 403 ACCOUNT_DISABLED.
 * Cookie-authenticated writes must carry the CSRF token returned at login
 * (X-CSRF-Token header or csrf_token field); it is an HMAC of the session
 * token's signature, so it needs no storage and dies with the session. */
#ifndef SKYFOX_AUTH_H
#define SKYFOX_AUTH_H

#include <time.h>

#include "app.h"
#include "buf.h"

#define AUTH_COOKIE		"sf_session"
/* Beside the session cookie, one pages can see: "this browser has a
 * session", nothing secret and trusted for nothing.  A page asks GET
 * /api/session only when it is there, so an anonymous visitor's every page
 * is not a 401 (DESIGN §7: the week is public).  Set with the session,
 * cleared with it, and put back on a cookie session that lacks it. */
#define AUTH_HINT_COOKIE	"sf_in"
#define AUTH_SESSION_SECONDS	(24 * 60 * 60)
#define AUTH_CSRF_LEN		44	/* base64url of 32 bytes + NUL */

struct auth_claims {
	long long	 uid;
	char		 username[32];
	char		 role[10];
	long long	 ver;
	long long	 iat;
	long long	 exp;
};

/* Sign claims into out.  0 or -1. */
int	 auth_jwt_sign(const unsigned char key[32], const struct auth_claims *,
	    struct buf *out);
/* Verify signature, algorithm and expiry against now.  0 or -1. */
int	 auth_jwt_verify(const unsigned char key[32], const char *token,
	    time_t now, struct auth_claims *);
/* The CSRF token that belongs to a session token. */
int	 auth_csrf_token(const unsigned char key[32], const char *token,
	    char out[AUTH_CSRF_LEN]);

/* The app hook (struct app.authenticate): fills c->user or fails with 401
 * UNAUTHORIZED / 403 CSRF_FAILED. */
int	 auth_authenticate(struct ctx *);

/* Start a session for u: sets the cookie and fills data with token,
 * csrf_token, expires_at and user.  0 or -1 (c->err set). */
int	 auth_start_session(struct ctx *, const struct user *, cJSON *data);
/* End the session: clear the cookie.  Revocation (token_version bump) is
 * the caller's SQL. */
void	 auth_clear_cookie(struct ctx *);

#endif
