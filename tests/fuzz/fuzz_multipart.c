/* libFuzzer target: multipart/form-data (lib/multipart.c).
 * Input: an optional first line holding a Content-Type value (so boundary
 * parsing is fuzzed too), then the body.  Without a newline, or when that
 * line has no usable boundary, the body is parsed with a fixed boundary. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "text.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
parse(const char *body, size_t n, const char *boundary)
{
	struct multipart mp = { NULL, 0 };
	enum mp_err e = mp_parse(body, n, boundary, &mp);

	if (e == MP_OK) {
		if (mp.n > MP_MAX_PARTS)
			abort();
		for (size_t i = 0; i < mp.n; i++) {
			const struct mp_part *p = &mp.v[i];

			/* Parts point inside the body and have a name. */
			if (p->name == NULL || p->name[0] == '\0' ||
			    p->data < body || p->data + p->len > body + n)
				abort();
			if (p->content_type != NULL &&
			    !text_header_safe(p->content_type))
				abort();
		}
	}
	(void)mp_strerror(e);
	mp_free(&mp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const char *nl = memchr(d, '\n', size);
	char	 boundary[72];

	if (nl != NULL && nl - d < 200) {
		char	 ct[200];
		size_t	 clen = (size_t)(nl - d);
		size_t	 blen = size - clen - 1;
		char	*body;

		memcpy(ct, d, clen);
		ct[clen] = '\0';
		/* A body buffer of exactly its size: overreads are caught. */
		if ((body = malloc(blen ? blen : 1)) == NULL)
			return 0;
		memcpy(body, nl + 1, blen);
		if (mp_boundary(ct, boundary, sizeof(boundary)) == MP_OK) {
			if (strlen(boundary) < 1 || strlen(boundary) > 70)
				abort();
			parse(body, blen, boundary);
		} else
			parse(body, blen, "xYzZy");
		free(body);
		return 0;
	}
	parse(d, size, "xYzZy");
	return 0;
}
