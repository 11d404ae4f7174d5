/* ops — skyfoxctl's switches for running the site.
 *
 *   skyfoxctl maintenance              is the site in maintenance, and why
 *   skyfoxctl maintenance on [MESSAGE] every CGI but health answers 503
 *                                      SERVICE_UNAVAILABLE with MESSAGE
 *                                      (the words after "on" are joined)
 *   skyfoxctl maintenance off          back to normal
 *
 * The switch itself is lib/maintenance (a file in the data directory, so
 * restore shares it); this file only reads the command line and says what
 * it did.  The time it records is the site's clock, like everything else. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "maintenance.h"
#include "skyfoxctl.h"

static int
maintenance_usage(void)
{
	fputs("usage: skyfoxctl maintenance [on [MESSAGE] | off]\n", stderr);
	return 2;
}

static int
maintenance_show(const struct conf *c)
{
	char	 msg[MAINTENANCE_MSG_MAX + 1], iso[32];
	time_t	 since;

	if (!maintenance_get(c, msg, sizeof(msg), &since)) {
		puts("maintenance off");
		return 0;
	}
	if (since > 0) {
		clock_iso8601(since, iso);
		printf("maintenance on: %s (since %s)\n", msg, iso);
	} else
		printf("maintenance on: %s\n", msg);
	return 0;
}

/* The words after "on", joined by spaces, so an unquoted message works. */
static void
join_words(int argc, char **argv, char *out, size_t n)
{
	size_t	 len = 0;

	*out = '\0';
	for (int i = 0; i < argc && len + 1 < n; i++) {
		int	 w = snprintf(out + len, n - len, "%s%s",
		    i > 0 ? " " : "", argv[i]);

		if (w < 0)
			break;
		len += (size_t)w < n - len ? (size_t)w : n - len - 1;
	}
}

int
ctl_maintenance(const struct conf *c, int argc, char **argv)
{
	char	 text[4 * MAINTENANCE_MSG_MAX], msg[MAINTENANCE_MSG_MAX + 1];

	if (argc == 0)
		return maintenance_show(c);
	if (strcmp(argv[0], "off") == 0) {
		if (argc != 1)
			return maintenance_usage();
		if (maintenance_off(c) == -1) {
			fprintf(stderr, "skyfoxctl: maintenance off: %s/"
			    "maintenance: %s\n", c->data_dir, strerror(errno));
			return 1;
		}
		puts("maintenance off");
		return 0;
	}
	if (strcmp(argv[0], "on") != 0)
		return maintenance_usage();
	join_words(argc - 1, argv + 1, text, sizeof(text));
	if (maintenance_on(c, text, clock_now(c)) == -1) {
		fprintf(stderr, "skyfoxctl: maintenance on: %s/maintenance: "
		    "%s\n", c->data_dir, strerror(errno));
		return 1;
	}
	/* Say what the site says: the message as stored (cleaned, cut). */
	maintenance_get(c, msg, sizeof(msg), NULL);
	printf("maintenance on: %s\n", msg);
	return 0;
}
