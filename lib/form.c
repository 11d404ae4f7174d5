/* form — bounded parameter parsing; see form.h. */
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "text.h"

enum form_err
form_add(struct params *p, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	struct param	*v;

	if (!text_is_param_name(name, nlen))
		return FORM_BAD_NAME;
	if (vlen > FORM_MAX_VALUE)
		return FORM_TOO_LONG;
	if (!text_utf8_valid(value, vlen))
		return FORM_BAD_UTF8;
	if (p->n >= FORM_MAX_PARAMS)
		return FORM_TOO_MANY;
	if ((v = realloc(p->v, (p->n + 1) * sizeof(*v))) == NULL)
		return FORM_NOMEM;
	p->v = v;
	v = &p->v[p->n];
	v->name = strndup(name, nlen);
	v->value = malloc(vlen + 1);
	if (v->name == NULL || v->value == NULL) {
		free(v->name);
		free(v->value);
		return FORM_NOMEM;
	}
	memcpy(v->value, value, vlen);
	v->value[vlen] = '\0';
	v->len = vlen;
	p->n++;
	return FORM_OK;
}

static enum form_err
map_text(enum text_err e)
{
	switch (e) {
	case TEXT_BAD_ESCAPE:
		return FORM_BAD_ESCAPE;
	case TEXT_BAD_UTF8:
		return FORM_BAD_UTF8;
	case TEXT_TOO_LONG:
		return FORM_TOO_LONG;
	default:
		return FORM_OK;
	}
}

enum form_err
form_parse_urlencoded(const char *s, size_t n, struct params *p)
{
	size_t	 i = 0;

	while (i < n) {
		size_t	 end = i, eq;
		char	*name = NULL, *value = NULL;
		size_t	 nlen, vlen;
		enum text_err te;
		enum form_err fe;

		while (end < n && s[end] != '&')
			end++;
		if (end == i) {		/* "a=1&&b=2": tolerate empty pairs */
			i++;
			continue;
		}
		for (eq = i; eq < end && s[eq] != '='; eq++)
			;
		te = text_percent_decode(s + i, eq - i, 1, 64, &name, &nlen);
		if (te != TEXT_OK)
			return te == TEXT_TOO_LONG ? FORM_BAD_NAME : map_text(te);
		te = text_percent_decode(s + (eq < end ? eq + 1 : end),
		    eq < end ? end - eq - 1 : 0, 1, FORM_MAX_VALUE, &value, &vlen);
		if (te != TEXT_OK) {
			free(name);
			return map_text(te);
		}
		fe = form_add(p, name, nlen, value, vlen);
		free(name);
		free(value);
		if (fe != FORM_OK)
			return fe;
		i = end + 1;
	}
	return FORM_OK;
}

enum form_err
form_parse_cookies(const char *s, struct params *p)
{
	while (*s != '\0') {
		const char *end, *eq;

		while (*s == ' ' || *s == ';')
			s++;
		if (*s == '\0')
			break;
		end = strchr(s, ';');
		if (end == NULL)
			end = s + strlen(s);
		eq = memchr(s, '=', (size_t)(end - s));
		if (eq != NULL && text_is_param_name(s, (size_t)(eq - s))) {
			const char *v = eq + 1;
			size_t vlen = (size_t)(end - v);

			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			{
				enum form_err fe;
				char name[65];

				memcpy(name, s, (size_t)(eq - s));
				name[eq - s] = '\0';
				/* First cookie of a name wins (RFC 6265 §5.4
				 * orders the most specific path first). */
				if (params_get(p, name) == NULL &&
				    (fe = form_add(p, name, strlen(name), v,
				    vlen)) != FORM_OK && fe != FORM_BAD_UTF8 &&
				    fe != FORM_TOO_LONG)
					return fe;
			}
		}
		s = end;
	}
	return FORM_OK;
}

const char *
params_get(const struct params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

void
params_free(struct params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

const char *
form_strerror(enum form_err e)
{
	switch (e) {
	case FORM_OK:
		return "ok";
	case FORM_TOO_MANY:
		return "too many parameters";
	case FORM_TOO_LONG:
		return "a parameter value is too long";
	case FORM_BAD_NAME:
		return "a parameter name is not lowercase letters, digits and _";
	case FORM_BAD_ESCAPE:
		return "a percent escape is not followed by two hex digits";
	case FORM_BAD_UTF8:
		return "a parameter is not valid UTF-8";
	case FORM_NOMEM:
		return "out of memory";
	}
	return "bad parameters";
}
