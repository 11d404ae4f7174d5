/* avatars.cgi — GET /api/avatars/<name>?expires=…&sig=…: a profile photo.
 *
 * The signed URL is the permission (users.cgi hands it only to the photo's
 * owner): no login, so an <img> works without credentials.  A bad or
 * expired signature is 403; the browser may keep the bytes privately until
 * the URL expires.  lib/avatar.c checks the link and reads the photo;
 * avatar_errors.h says how a refusal answers. */
#include <stdio.h>

#include "app.h"
#include "avatar.h"
#include "avatar_errors.h"

static int
get_avatar(struct ctx *c)
{
	struct avatar_fail f;
	struct buf img = BUF_INIT;
	long long left = 0;
	char	 cc[64];

	if (avatar_fetch(&c->conf, ctx_arg(c, 0), req_query(&c->req,
	    "expires"), req_query(&c->req, "sig"), c->now, &img, &left,
	    &f) != 0) {
		buf_free(&img);
		return avatar_failed(c, &f);
	}
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
