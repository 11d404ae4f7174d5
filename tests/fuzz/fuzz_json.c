/* libFuzzer target: request bodies as JSON (lib/json.c over cJSON), and the
 * typed getters on whatever parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
getters(const cJSON *o)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o) {
		const char *s;
		long long v;
		int	 b;

		if (it->string == NULL)
			abort();
		if (json_get_str(o, it->string, &s) == 1 && s == NULL)
			abort();
		if (json_get_int(o, it->string, &v) == 1 &&
		    (v > JSON_MAX_INT || v < -JSON_MAX_INT))
			abort();
		(void)json_get_bool(o, it->string, &b);
		if (cJSON_IsObject(it))
			getters(it);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum json_err e;
	cJSON	*j = json_parse_object((const char *)data, size, &e);
	char	*out;

	(void)json_strerror(e);
	if (j == NULL) {
		if (e == JSON_OK)
			abort();
		return 0;
	}
	if (e != JSON_OK || !cJSON_IsObject(j))
		abort();
	getters(j);
	/* What we accept, cJSON prints, and the printout parses again. */
	if ((out = cJSON_PrintUnformatted(j)) != NULL) {
		cJSON	*k = json_parse_object(out, strlen(out), &e);

		if (k == NULL)
			abort();
		cJSON_Delete(k);
		cJSON_free(out);
	}
	cJSON_Delete(j);
	return 0;
}
