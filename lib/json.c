/* json — bounded JSON over cJSON; see json.h. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "json.h"
#include "text.h"

/* "card.name": the keys of the objects around a string, joined by dots
 * (array levels add nothing); only printable ASCII of each key is kept. */
static void
json_field_path(const char *const *key, const size_t *keylen,
    const char *kind, int depth, char *out, size_t outsz)
{
	size_t	 o = 0;

	if (out == NULL || outsz == 0)
		return;
	for (int d = 1; d <= depth; d++) {
		if (kind[d] != '{' || key[d] == NULL)
			continue;
		if (o > 0 && o + 1 < outsz)
			out[o++] = '.';
		for (size_t k = 0; k < keylen[d] && o + 1 < outsz; k++)
			if (key[d][k] > ' ' && key[d][k] < 0x7f &&
			    key[d][k] != '"' && key[d][k] != '\\')
				out[o++] = key[d][k];
	}
	out[o] = '\0';
}

/* One pass over the text before cJSON sees it: the nesting depth (counted
 * outside strings) and strings holding U+0000.  cJSON decodes "\u0000"
 * into a NUL byte and so cuts the string there ("F1\u0000X" would book F1,
 * "alice\u0000" log in as alice); such a body is refused instead, naming
 * the keys that lead to the string ("card.name") in field.  Raw NUL bytes
 * never get this far: text_utf8_valid refuses them. */
static enum json_err
prescan(const char *s, size_t n, char *field, size_t fieldsz)
{
	const char *key[JSON_MAX_DEPTH + 1];
	size_t	 keylen[JSON_MAX_DEPTH + 1];
	char	 kind[JSON_MAX_DEPTH + 1];
	int	 depth = 0;

	for (size_t i = 0; i < n; i++) {
		char	 c = s[i];

		if (c == '"') {
			size_t	 start = ++i, end, j;
			int	 nul = 0, is_key;

			for (; i < n && s[i] != '"'; i++) {
				if (s[i] != '\\' || i + 1 >= n)
					continue;
				if (s[i + 1] == 'u' && i + 5 < n &&
				    memcmp(s + i + 2, "0000", 4) == 0)
					nul = 1;
				i++;		/* the escaped character */
			}
			end = i;
			for (j = i + 1; j < n && (s[j] == ' ' || s[j] == '\t' ||
			    s[j] == '\n' || s[j] == '\r'); j++)
				;
			is_key = depth > 0 && kind[depth] == '{' && j < n &&
			    s[j] == ':';
			if (is_key) {
				key[depth] = s + start;
				keylen[depth] = end - start;
			}
			if (nul) {
				json_field_path(key, keylen, kind, depth, field,
				    fieldsz);
				return JSON_NUL_CHAR;
			}
		} else if (c == '{' || c == '[') {
			if (++depth > JSON_MAX_DEPTH)
				return JSON_TOO_DEEP;
			kind[depth] = c;
			keylen[depth] = 0;
			key[depth] = NULL;
		} else if ((c == '}' || c == ']') && depth > 0)
			depth--;
	}
	return JSON_OK;
}

cJSON *
json_parse_object(const char *s, size_t n, enum json_err *err)
{
	return json_parse_body(s, n, err, NULL, 0);
}

cJSON *
json_parse_body(const char *s, size_t n, enum json_err *err, char *field,
    size_t fieldsz)
{
	cJSON	*j;
	const char *end = NULL;

	*err = JSON_OK;
	if (field != NULL && fieldsz > 0)
		*field = '\0';
	if (!text_utf8_valid(s, n)) {
		*err = JSON_BAD_UTF8;
		return NULL;
	}
	if ((*err = prescan(s, n, field, fieldsz)) != JSON_OK)
		return NULL;
	/* cJSON's require_null_terminated wants the NUL inside the length, so
	 * it would refuse every exact-length body: check the tail ourselves
	 * (only whitespace may follow the value). */
	if ((j = cJSON_ParseWithLengthOpts(s, n, &end, 0)) == NULL) {
		*err = JSON_SYNTAX;
		return NULL;
	}
	for (; end < s + n; end++)
		if (*end != ' ' && *end != '\t' && *end != '\n' &&
		    *end != '\r') {
			cJSON_Delete(j);
			*err = JSON_SYNTAX;
			return NULL;
		}
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		*err = JSON_NOT_OBJECT;
		return NULL;
	}
	return j;
}

const char *
json_strerror(enum json_err e)
{
	switch (e) {
	case JSON_OK:
		return "ok";
	case JSON_BAD_UTF8:
		return "body is not valid UTF-8";
	case JSON_TOO_DEEP:
		return "JSON nested too deeply";
	case JSON_SYNTAX:
		return "body is not valid JSON";
	case JSON_NOT_OBJECT:
		return "body must be a JSON object";
	case JSON_NUL_CHAR:
		return "text must not contain the character U+0000";
	}
	return "bad JSON";
}

int
json_get_str(const cJSON *o, const char *key, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return -1;
	*out = v->valuestring;
	return 1;
}

/* Form text that is exactly a decimal integer within ±2^53. */
static int
text_int(const char *s, long long *out)
{
	if (text_parse_int(s, -JSON_MAX_INT, JSON_MAX_INT, out) != TEXT_OK)
		return -1;
	return 1;
}

static int
is_form_text(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring != NULL &&
	    (v->type & JSON_FORM_TEXT) != 0;
}

int
json_item_int(const cJSON *v, long long *out)
{
	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (!isfinite(d) || d != floor(d) || fabs(d) > JSON_MAX_INT)
			return -1;
		*out = (long long)d;
		return 1;
	}
	if (is_form_text(v))
		return text_int(v->valuestring, out);
	return -1;
}

int
json_get_int(const cJSON *o, const char *key, long long *out)
{
	return json_item_int(cJSON_GetObjectItemCaseSensitive(o, key), out);
}

int
json_get_bool(const cJSON *o, const char *key, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v);
		return 1;
	}
	if (is_form_text(v)) {
		if (strcmp(v->valuestring, "true") == 0 ||
		    strcmp(v->valuestring, "on") == 0 ||
		    strcmp(v->valuestring, "1") == 0) {
			*out = 1;
			return 1;
		}
		if (strcmp(v->valuestring, "false") == 0 ||
		    strcmp(v->valuestring, "0") == 0)
			return 1;
	}
	return -1;
}

cJSON *
json_add_form_text(cJSON *o, const char *key, const char *s)
{
	cJSON	*v = cJSON_AddStringToObject(o, key, s);

	if (v != NULL)
		v->type |= JSON_FORM_TEXT;
	return v;
}

cJSON *
json_add_int(cJSON *o, const char *key, long long v)
{
	return cJSON_AddNumberToObject(o, key, (double)v);
}

cJSON *
json_add_str(cJSON *o, const char *key, const char *s)
{
	if (s == NULL)
		return cJSON_AddNullToObject(o, key);
	return cJSON_AddStringToObject(o, key, s);
}

/* The writer gathers output in a chunk on the stack and hands it to the
 * buf a few kilobytes at a time: a seat map is ~700 small tokens, and a
 * buf_append per token was a third of the writing. */
struct jw {
	struct buf	*b;
	size_t		 n;
	char		 chunk[4096];
};

static void
jw_flush(struct jw *w)
{
	buf_append(w->b, w->chunk, w->n);
	w->n = 0;
}

static void
jw_put(struct jw *w, const char *p, size_t n)
{
	if (w->n + n > sizeof(w->chunk)) {
		jw_flush(w);
		if (n > sizeof(w->chunk)) {
			buf_append(w->b, p, n);
			return;
		}
	}
	memcpy(w->chunk + w->n, p, n);
	w->n += n;
}

static void
jw_putc(struct jw *w, char c)
{
	if (w->n == sizeof(w->chunk))
		jw_flush(w);
	w->chunk[w->n++] = c;
}

/* A JSON string: '"', '\\' and control characters escaped as cJSON does
 * (\b \f \n \r \t, else \u00XX); other bytes, UTF-8 included, as
 * they are.  Runs of plain bytes are copied in one piece. */
static void
write_string(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	jw_putc(w, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char	 esc[6] = { '\\', 'u', '0', '0', 0, 0 };
		size_t	 n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jw_put(w, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		jw_put(w, esc, n);
	}
	jw_put(w, run, (size_t)(s - run));
	jw_putc(w, '"');
}

/* A number as cJSON prints it: integers as digits (exactly, up to 2^53,
 * where cJSON would write 16-digit ids as 9.00719925474099e+15), NaN and
 * infinities as null, anything else as "%1.15g", or "%1.17g" when the
 * shorter text does not read back within an epsilon (cJSON's rule). */
static void
write_number(struct jw *w, double d)
{
	char	 tmp[32];
	double	 back;

	if (isnan(d) || isinf(d)) {
		jw_put(w, "null", 4);
		return;
	}
	if (fabs(d) <= (double)JSON_MAX_INT && d == (double)(long long)d) {
		long long v = (long long)d;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
		    (unsigned long long)v;
		char	*p = tmp + sizeof(tmp);

		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u != 0);
		if (v < 0)
			*--p = '-';
		jw_put(w, p, (size_t)(tmp + sizeof(tmp) - p));
		return;
	}
	snprintf(tmp, sizeof(tmp), "%1.15g", d);
	back = strtod(tmp, NULL);
	if (fabs(back - d) > fmax(fabs(back), fabs(d)) * DBL_EPSILON)
		snprintf(tmp, sizeof(tmp), "%1.17g", d);
	jw_put(w, tmp, strlen(tmp));
}

static int
write_value(struct jw *w, const cJSON *item)
{
	const cJSON *c;
	int	 type = item->type & 0xff;

	switch (type) {
	case cJSON_NULL:
		jw_put(w, "null", 4);
		return 0;
	case cJSON_False:
		jw_put(w, "false", 5);
		return 0;
	case cJSON_True:
		jw_put(w, "true", 4);
		return 0;
	case cJSON_Number:
		write_number(w, item->valuedouble);
		return 0;
	case cJSON_String:
		if (item->valuestring == NULL)
			return -1;
		write_string(w, item->valuestring);
		return 0;
	case cJSON_Raw:
		if (item->valuestring == NULL)
			return -1;
		jw_put(w, item->valuestring, strlen(item->valuestring));
		return 0;
	case cJSON_Array:
	case cJSON_Object:
		jw_putc(w, type == cJSON_Array ? '[' : '{');
		for (c = item->child; c != NULL; c = c->next) {
			if (c != item->child)
				jw_putc(w, ',');
			if (type == cJSON_Object) {
				if (c->string == NULL)
					return -1;
				write_string(w, c->string);
				jw_putc(w, ':');
			}
			if (write_value(w, c) == -1)
				return -1;
		}
		jw_putc(w, type == cJSON_Array ? ']' : '}');
		return 0;
	default:
		return -1;
	}
}

int
json_write(struct buf *b, const cJSON *item)
{
	struct jw w;
	int	 rc;

	w.b = b;
	w.n = 0;
	rc = write_value(&w, item);
	jw_flush(&w);
	return rc;
}

cJSON *
json_add_time(cJSON *o, const char *key, long long t)
{
	char	 iso[32];

	if (t <= 0)
		return cJSON_AddNullToObject(o, key);
	clock_iso8601((time_t)t, iso);
	return cJSON_AddStringToObject(o, key, iso);
}
