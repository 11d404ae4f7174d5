/* multipart — strict multipart/form-data parser; see multipart.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"
#include "text.h"

/* RFC 2046 §5.1.1 bchars, minus space (a trailing space is not allowed and
 * no browser sends one). */
static int
is_bchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=?", c) != NULL;
}

enum mp_err
mp_boundary(const char *ct, char *out, size_t outsz)
{
	const char *p;
	size_t	 n = 0;
	int	 quoted = 0;

	if ((p = strcasestr(ct, "boundary=")) == NULL)
		return MP_NO_BOUNDARY;
	p += strlen("boundary=");
	if (*p == '"') {
		quoted = 1;
		p++;
	}
	while (p[n] != '\0' && p[n] != ';' && !(quoted && p[n] == '"') &&
	    !(!quoted && p[n] == ' '))
		n++;
	if (quoted && p[n] != '"')
		return MP_BAD_BOUNDARY;
	if (n == 0 || n > 70 || n + 1 > outsz)
		return MP_BAD_BOUNDARY;
	for (size_t i = 0; i < n; i++)
		if (!is_bchar((unsigned char)p[i]))
			return MP_BAD_BOUNDARY;
	memcpy(out, p, n);
	out[n] = '\0';
	return MP_OK;
}

/* Extract a (possibly quoted) parameter value from a header line. */
static char *
header_param(const char *h, size_t hlen, const char *key)
{
	size_t	 klen = strlen(key);

	for (size_t i = 0; i + klen < hlen; i++) {
		size_t	 s, e;

		if ((i > 0 && h[i - 1] != ' ' && h[i - 1] != ';') ||
		    strncasecmp(h + i, key, klen) != 0 || h[i + klen] != '=')
			continue;
		s = i + klen + 1;
		if (s < hlen && h[s] == '"') {
			s++;
			for (e = s; e < hlen && h[e] != '"'; e++)
				if (h[e] == '\\')
					return NULL;	/* escapes: refuse */
			if (e >= hlen)
				return NULL;
		} else
			for (e = s; e < hlen && h[e] != ';' && h[e] != ' '; e++)
				;
		if (!text_utf8_valid(h + s, e - s))
			return NULL;
		return strndup(h + s, e - s);
	}
	return NULL;
}

/* The value after a header name when line (llen bytes, not NUL-terminated)
 * starts with prefix; never reads past the line. */
static const char *
line_prefix(const char *line, size_t llen, const char *prefix)
{
	size_t	 n = strlen(prefix);

	if (llen < n || strncasecmp(line, prefix, n) != 0)
		return NULL;
	return line + n;
}

static enum mp_err
parse_headers(const char *h, size_t hlen, struct mp_part *part)
{
	size_t	 i = 0;
	int	 have_disp = 0;

	while (i < hlen) {
		const char *line = h + i, *v;
		const char *eol = memmem(line, hlen - i, "\r\n", 2);
		size_t	 llen = eol ? (size_t)(eol - line) : hlen - i;

		if ((v = line_prefix(line, llen, "Content-Disposition:"))) {
			size_t	 vlen = llen - (size_t)(v - line);

			while (vlen > 0 && *v == ' ') {
				v++;
				vlen--;
			}
			/* One disposition per part: a second would leave two
			 * names for one value (and leak the first). */
			if (have_disp || vlen < 9 ||
			    strncasecmp(v, "form-data", 9) != 0)
				return MP_BAD_PART;
			part->name = header_param(v, vlen, "name");
			part->filename = header_param(v, vlen, "filename");
			if (part->name == NULL || part->name[0] == '\0')
				return MP_BAD_PART;
			have_disp = 1;
		} else if ((v = line_prefix(line, llen, "Content-Type:"))) {
			size_t	 vlen = llen - (size_t)(v - line);

			while (vlen > 0 && *v == ' ') {
				v++;
				vlen--;
			}
			free(part->content_type);
			part->content_type = strndup(v, vlen);
			if (part->content_type == NULL ||
			    !text_header_safe(part->content_type))
				return MP_BAD_PART;
		} else if (memchr(line, ':', llen) == NULL)
			return MP_BAD_PART;	/* not a header at all */
		i += llen + 2;
	}
	return have_disp ? MP_OK : MP_BAD_PART;
}

enum mp_err
mp_parse(const char *body, size_t n, const char *boundary, struct multipart *mp)
{
	char	 delim[80];
	size_t	 dlen, pos;
	const char *p;

	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	/* The first delimiter may start the body (no preamble CRLF). */
	if (n >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		pos = dlen - 2;
	else {
		p = memmem(body, n, delim, dlen);
		if (p == NULL)
			return MP_TRUNCATED;
		pos = (size_t)(p - body) + dlen;
	}
	for (;;) {
		const char *hend, *next;
		struct mp_part *v, *part;
		enum mp_err e;

		if (n - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			return MP_OK;		/* close delimiter */
		/* RFC 2046 allows transport padding (spaces) before CRLF. */
		while (pos < n && (body[pos] == ' ' || body[pos] == '\t'))
			pos++;
		if (n - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return MP_TRUNCATED;
		pos += 2;
		hend = memmem(body + pos, n - pos, "\r\n\r\n", 4);
		if (hend == NULL)
			return MP_TRUNCATED;
		if ((size_t)(hend - (body + pos)) > MP_MAX_HEADERS)
			return MP_BAD_PART;
		if (mp->n >= MP_MAX_PARTS)
			return MP_TOO_MANY;
		if ((v = realloc(mp->v, (mp->n + 1) * sizeof(*v))) == NULL)
			return MP_NOMEM;
		mp->v = v;
		part = &mp->v[mp->n++];
		memset(part, 0, sizeof(*part));
		if ((e = parse_headers(body + pos, (size_t)(hend - (body + pos)),
		    part)) != MP_OK)
			return e;
		pos = (size_t)(hend - body) + 4;
		next = memmem(body + pos, n - pos, delim, dlen);
		if (next == NULL)
			return MP_TRUNCATED;
		part->data = body + pos;
		part->len = (size_t)(next - (body + pos));
		pos = (size_t)(next - body) + dlen;
	}
}

void
mp_free(struct multipart *mp)
{
	for (size_t i = 0; i < mp->n; i++) {
		free(mp->v[i].name);
		free(mp->v[i].filename);
		free(mp->v[i].content_type);
	}
	free(mp->v);
	mp->v = NULL;
	mp->n = 0;
}

const char *
mp_strerror(enum mp_err e)
{
	switch (e) {
	case MP_OK:
		return "ok";
	case MP_NO_BOUNDARY:
		return "multipart body without a boundary parameter";
	case MP_BAD_BOUNDARY:
		return "multipart boundary is malformed";
	case MP_TRUNCATED:
		return "multipart body is truncated";
	case MP_BAD_PART:
		return "multipart part has malformed headers";
	case MP_TOO_MANY:
		return "too many multipart parts";
	case MP_NOMEM:
		return "out of memory";
	}
	return "bad multipart body";
}
