/* libFuzzer target: the typed reads handlers rely on (lib/json.c).
 *
 * The first byte chooses the body's kind: 'F' a urlencoded form (its values
 * become form text, as request.c makes them), anything else JSON.  Oracles:
 *   - JSON is refused with JSON_NUL_CHAR exactly when a string holds a
 *     "\u0000" escape, and never accepted with one (cJSON would cut it);
 *   - in JSON, json_get_int/json_item_int read only JSON numbers, exactly
 *     (a string "500" is never ₹5.00), json_get_bool only booleans;
 *   - from a form, json_get_int reads only text that is a plain decimal
 *     integer within ±2^53, and gives its exact value. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "json.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Does the text hold a "\u0000" escape (a backslash that is not itself
 * escaped, then u0000)?  Outside strings valid JSON has no backslashes, so
 * this is the same as "a string holds U+0000" for text cJSON accepts. */
static int
has_nul_escape(const char *s, size_t n)
{
	for (size_t i = 0; i + 6 <= n; i++) {
		size_t	 k = 0;

		if (memcmp(s + i, "\\u0000", 6) != 0)
			continue;
		while (k < i && s[i - 1 - k] == '\\')
			k++;
		if (k % 2 == 0)
			return 1;
	}
	return 0;
}

static int
plain_decimal(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void
json_reads(const cJSON *o)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o) {
		long long v;
		int	 b, r;

		if ((it->type & JSON_FORM_TEXT) != 0)
			abort();	/* only request.c marks form text */
		r = json_item_int(it, &v);
		if (r == 1 && (!cJSON_IsNumber(it) || (double)v != it->valuedouble ||
		    v > JSON_MAX_INT || v < -JSON_MAX_INT))
			abort();
		if (r == 0 && it != NULL && !cJSON_IsNull(it))
			abort();
		if (it->string != NULL) {
			if (json_get_int(o, it->string, &v) == 1 &&
			    !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o,
			    it->string)))
				abort();
			if (json_get_bool(o, it->string, &b) == 1 &&
			    !cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(o,
			    it->string)))
				abort();
		}
		if (cJSON_IsObject(it) || cJSON_IsArray(it))
			json_reads(it);
	}
}

static void
fuzz_json(const char *s, size_t n)
{
	enum json_err e;
	char	 field[JSON_FIELD_MAX];
	cJSON	*j = json_parse_body(s, n, &e, field, sizeof(field));
	int	 nul = has_nul_escape(s, n);

	if (j == NULL) {
		if (e == JSON_OK)
			abort();
		if (e == JSON_NUL_CHAR && (!nul || strlen(field) >=
		    sizeof(field)))
			abort();
		return;
	}
	if (nul)
		abort();	/* accepted a string cJSON has cut short */
	json_reads(j);
	cJSON_Delete(j);
}

static void
fuzz_form(const char *s, size_t n)
{
	struct params p = { NULL, 0 };
	cJSON	*o;

	if (form_parse_urlencoded(s, n, &p) != FORM_OK) {
		params_free(&p);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL)
		abort();
	for (size_t i = 0; i < p.n; i++)
		if (cJSON_GetObjectItemCaseSensitive(o, p.v[i].name) == NULL)
			json_add_form_text(o, p.v[i].name, p.v[i].value);
	for (size_t i = 0; i < p.n; i++) {
		const char *text;
		long long v;
		int	 b;

		if (json_get_str(o, p.v[i].name, &text) != 1)
			abort();
		if (json_get_int(o, p.v[i].name, &v) == 1) {
			/* Exactly a decimal integer, and exactly its value. */
			if (!plain_decimal(text) || v > JSON_MAX_INT ||
			    v < -JSON_MAX_INT || strtoll(text, NULL, 10) != v)
				abort();
		} else if (plain_decimal(text) &&
		    strlen(text) - (*text == '-') <= 15)
			abort();	/* a plain small integer must be read */
		if (json_get_bool(o, p.v[i].name, &b) == 1 &&
		    strcmp(text, "true") != 0 && strcmp(text, "on") != 0 &&
		    strcmp(text, "1") != 0 && strcmp(text, "false") != 0 &&
		    strcmp(text, "0") != 0)
			abort();
	}
	cJSON_Delete(o);
	params_free(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] == 'F')
		fuzz_form((const char *)data + 1, size - 1);
	else
		fuzz_json((const char *)data + 1, size - 1);
	return 0;
}
