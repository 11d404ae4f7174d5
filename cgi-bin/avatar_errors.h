/* avatar_errors — the HTTP face of lib/avatar.c, shared by users.cgi
 * (uploads and links) and avatars.cgi (serving through a link): the one
 * place where an enum avatar_err becomes a status, a code and a message.
 * Header-only: each CGI is one .c. */
#ifndef SKYFOX_AVATAR_ERRORS_H
#define SKYFOX_AVATAR_ERRORS_H

#include "app.h"
#include "avatar.h"
#include "guard.h"

struct avatar_http {
	int		 status;
	const char	*code;
	const char	*message;
	const char	*field;		/* marks "avatar" with this, or NULL */
};

/* Fail c for f, by enum avatar_err (kcgi's khttps[] way).  A row with a
 * field message is a validation error that marks "avatar".  -1. */
static inline int
avatar_failed(struct ctx *c, const struct avatar_fail *f)
{
	static const struct avatar_http http[] = {
		[AVATAR_MISSING] = { 422, "VALIDATION_ERROR",
		    "a profile photo is required",
		    "a profile photo is required" },
		[AVATAR_TOO_LARGE] = { 413, "PAYLOAD_TOO_LARGE",
		    "the photo is over 5 MB", NULL },
		[AVATAR_BAD_ENCODING] = { 422, "VALIDATION_ERROR",
		    "the photo is not base64", "must be base64" },
		[AVATAR_BAD_HASH] = { 422, "INVALID_IMAGE_HASH",
		    "the photo does not match its avatar_sha256: it was "
		    "damaged on the way", NULL },
		[AVATAR_INVALID] = { 422, "INVALID_IMAGE", "the photo must be "
		    "a JPEG, PNG or WebP image of at most 40 megapixels",
		    NULL },
		[AVATAR_INTERNAL] = { 500, "INTERNAL_ERROR",
		    "cannot process the photo", NULL },
		/* AVATAR_BUSY: guard_busy(), 503 with Retry-After. */
		[AVATAR_NO_KEY] = { 503, "SERVICE_UNAVAILABLE",
		    "the site is not configured", NULL },
		[AVATAR_BAD_LINK] = { 403, "FORBIDDEN",
		    "this photo link is not valid or has expired", NULL },
		[AVATAR_NOT_FOUND] = { 404, "NOT_FOUND", "no such photo",
		    NULL },
		[AVATAR_UNREADABLE] = { 500, "INTERNAL_ERROR",
		    "cannot read photo", NULL },
	};
	const struct avatar_http *h = &http[AVATAR_INTERNAL];

	if (f->err == AVATAR_BUSY)
		return guard_busy(c);
	if ((size_t)f->err < sizeof(http) / sizeof(http[0]) &&
	    http[f->err].code != NULL)
		h = &http[f->err];
	if (h->field != NULL)
		err_field(&c->err, "avatar", "%s", h->field);
	return ctx_fail(c, h->status, h->code, "%s", h->message);
}

#endif
