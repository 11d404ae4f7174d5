/* libFuzzer target: query strings / urlencoded bodies and Cookie headers
 * (lib/form.c over lib/text.c).  The same bytes are parsed both ways. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "text.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_params(const struct params *p)
{
	if (p->n > FORM_MAX_PARAMS)
		abort();
	for (size_t i = 0; i < p->n; i++) {
		const struct param *v = &p->v[i];

		/* Every accepted parameter obeys the documented limits. */
		if (!text_is_param_name(v->name, strlen(v->name)) ||
		    v->len > FORM_MAX_VALUE || strlen(v->value) != v->len ||
		    !text_utf8_valid(v->value, v->len))
			abort();
		if (params_get(p, v->name) == NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params p = { NULL, 0 };
	char	*s;

	/* Exactly size bytes, no terminator: the parser must respect n. */
	if (form_parse_urlencoded((const char *)data, size, &p) == FORM_OK)
		check_params(&p);
	params_free(&p);

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)form_parse_cookies(s, &p);	/* junk is skipped, never fatal */
	check_params(&p);
	params_free(&p);
	free(s);
	return 0;
}
