/* libFuzzer target: PATH_INFO against the route patterns the CGIs use
 * (route_match in lib/app.c), and the id parse of what it captures. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const patterns[] = {
	"", "/", "/:id", "/:id/seats", "/:id.pdf", "/:id.png", "/me",
	"/me/avatar", "/me/password", "/catalog", "/question", "/verify",
	"/topups", "/transactions", "/revenue", "/bookings.csv",
	"/:show/seats/:seat", "/:a/:b/:c/:d", "/:name.:ext",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 path[2048];
	struct ctx c;

	if (size >= sizeof(path))
		return 0;
	memcpy(path, data, size);
	path[size] = '\0';
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		memset(c.arg, 0, sizeof(c.arg));
		c.nargs = 0;
		if (!route_match(patterns[i], path, c.arg, &c.nargs))
			continue;
		if (c.nargs < 0 || c.nargs > CTX_MAX_ARGS)
			abort();
		for (int k = 0; k < c.nargs; k++) {
			size_t	 n = strlen(c.arg[k]);

			/* Captures are non-empty, bounded, one segment. */
			if (n == 0 || n >= sizeof(c.arg[k]) ||
			    strchr(c.arg[k], '/') != NULL)
				abort();
			if (ctx_arg_id(&c, k) < 0)
				abort();
		}
		if (strcmp(patterns[i], "/:id.pdf") == 0 &&
		    (strlen(path) < 6 ||
		    strcmp(path + strlen(path) - 4, ".pdf") != 0))
			abort();
	}
	return 0;
}
