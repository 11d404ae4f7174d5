/* libFuzzer target: a whole POST through req_parse (lib/request.c), with a
 * fixed CGI environment and the body from the input.  The first byte picks
 * the content type (JSON, urlencoded, multipart with a fixed boundary,
 * multipart with a boundary taken from the input) and whether
 * CONTENT_LENGTH lies (claims one byte more than arrives). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "request.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *content_type;
static char content_length[32];

static const char *
env(const char *name)
{
	static const char *const fixed[] = {
		"REQUEST_METHOD", "POST", "PATH_INFO", "/12/seats",
		"QUERY_STRING", "date=2026-11-25&screen_id=1",
		"HTTP_HOST", "127.0.0.1:8080", "REMOTE_ADDR", "127.0.0.1",
		"HTTP_COOKIE", "sf_session=a.b.c; theme=dark",
		NULL };

	if (strcmp(name, "CONTENT_TYPE") == 0)
		return content_type;
	if (strcmp(name, "CONTENT_LENGTH") == 0)
		return content_length;
	for (const char *const *p = fixed; *p != NULL; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char ct[160];
	static char one[1];
	struct req r;
	enum req_err e;
	const uint8_t *body;
	size_t	 blen;
	FILE	*in;

	if (size < 1)
		return 0;
	body = data + 1;
	blen = size - 1;
	switch (data[0] & 3) {
	case 0:
		content_type = "application/json";
		break;
	case 1:
		content_type = "application/x-www-form-urlencoded";
		break;
	case 2:
		content_type = "multipart/form-data; boundary=xYzZy";
		break;
	default: {
		/* "multipart/form-data; " + the input's first line. */
		const uint8_t *nl = memchr(body, '\n', blen);
		size_t	 n = nl ? (size_t)(nl - body) : 0;

		if (n > 100)
			n = 100;
		snprintf(ct, sizeof(ct), "multipart/form-data; %.*s", (int)n,
		    (const char *)body);
		content_type = ct;
		if (nl != NULL) {
			blen -= (size_t)(nl - body) + 1;
			body = nl + 1;
		}
	}
	}
	snprintf(content_length, sizeof(content_length), "%zu",
	    blen + ((data[0] & 4) ? 1 : 0));
	in = fmemopen(blen ? (void *)body : one, blen ? blen : 1, "r");
	if (in == NULL)
		return 0;
	if (blen == 0)
		(void)fgetc(in);
	e = req_parse(&r, env, in, REQ_DEFAULT_MAX_BODY);
	if ((data[0] & 4) && blen > 0 && e == REQ_OK)
		abort();		/* a lying length must never pass */
	if (e == REQ_OK && blen > 0 && !(data[0] & 4)) {
		const cJSON *it;

		if (!cJSON_IsObject(r.body))
			abort();
		cJSON_ArrayForEach(it, r.body) {
			const char *s;
			long long v;

			(void)json_get_str(r.body, it->string, &s);
			(void)json_get_int(r.body, it->string, &v);
		}
		for (size_t i = 0; i < r.nfiles; i++)
			if (r.files[i].data < r.raw ||
			    r.files[i].data + r.files[i].len > r.raw + r.rawlen)
				abort();
	}
	(void)req_err_status(e);
	(void)req_err_code(e);
	req_drain(&r, in);
	fclose(in);
	req_free(&r);
	return 0;
}
