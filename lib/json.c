/* json — bounded JSON over cJSON; see json.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"

/* Maximum nesting, counted outside strings, before cJSON sees the text. */
static int
depth_ok(const char *s, size_t n)
{
	int	 depth = 0, in_str = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"')
			in_str = 1;
		else if (c == '{' || c == '[') {
			if (++depth > JSON_MAX_DEPTH)
				return 0;
		} else if (c == '}' || c == ']')
			depth--;
	}
	return 1;
}

cJSON *
json_parse_object(const char *s, size_t n, enum json_err *err)
{
	cJSON	*j;
	const char *end = NULL;

	*err = JSON_OK;
	if (!text_utf8_valid(s, n)) {
		*err = JSON_BAD_UTF8;
		return NULL;
	}
	if (!depth_ok(s, n)) {
		*err = JSON_TOO_DEEP;
		return NULL;
	}
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

int
json_get_int(const cJSON *o, const char *key, long long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

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
	if (cJSON_IsString(v) && v->valuestring != NULL) {
		const char *s = v->valuestring;
		char	*end;
		long long x;

		if (*s == '\0' || strlen(s) > 17)	/* "-" and 16 digits */
			return -1;
		errno = 0;
		x = strtoll(s, &end, 10);
		if (errno != 0 || *end != '\0' || (*s != '-' &&
		    (*s < '0' || *s > '9')) || x > JSON_MAX_INT ||
		    x < -JSON_MAX_INT)
			return -1;
		*out = x;
		return 1;
	}
	return -1;
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
	if (cJSON_IsString(v) && v->valuestring != NULL) {
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
