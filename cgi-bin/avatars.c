/* avatars.cgi — GET /api/avatars/<name>?expires=…&sig=…: a profile photo.
 *
 * The signed URL is the permission (users.cgi hands it only to the photo's
 * owner): no login, so an <img> works without credentials.  A bad or
 * expired signature is 403; the browser may keep the bytes privately until
 * the URL expires. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "avatar.h"
#include "keys.h"
#include "text.h"

static int
get_avatar(struct ctx *c)
{
	unsigned char key[KEYS_SECRET_LEN];
	const char *name = ctx_arg(c, 0), *x = req_query(&c->req, "expires");
	struct buf img = BUF_INIT;
	enum avatar_err e;
	long long left = 0;
	char	 cc[64];
	int	 ok;

	if (keys_load_secret(&c->conf, key) == -1)
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the site is not configured");
	ok = avatar_verify(key, name, x, req_query(&c->req, "sig"), c->now);
	explicit_bzero(key, sizeof(key));
	if (!ok)
		return ctx_fail(c, 403, "FORBIDDEN",
		    "this photo link is not valid or has expired");
	if ((e = avatar_read(&c->conf, name, &img)) != AVATAR_OK) {
		buf_free(&img);
		if (e == AVATAR_INVALID)
			return ctx_fail(c, 404, "NOT_FOUND", "no such photo");
		return ctx_fail(c, 500, "INTERNAL_ERROR", "cannot read photo");
	}
	/* avatar_verify has read the expiry: it parses. */
	(void)text_parse_int(x, 0, AVATAR_EXPIRES_MAX, &left);
	left -= (long long)c->now;
	snprintf(cc, sizeof(cc), "private, max-age=%lld, immutable",
	    left > AVATAR_URL_SECONDS + 3600 ? AVATAR_URL_SECONDS + 3600 : left);
	resp_header(&c->resp, "Cache-Control", cc);
	resp_bytes(&c->resp, 200, "image/jpeg", img.data, img.len);
	buf_free(&img);
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/:name", ROLES_PUBLIC, get_avatar },
};

int
main(void)
{
	static const struct app app = { "avatars", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, NULL };

	return app_main(&app);
}
