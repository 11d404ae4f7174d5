/* maintenance — the site's maintenance switch.
 *
 * The switch is a file, <data_dir>/maintenance: its first line is the Unix
 * time it was turned on (the site's clock), the rest is the message shown
 * to customers.  A request pays one failed open() to learn the site is up;
 * the file is written to a temp name and renamed, so a reader sees the old
 * state or the new one, never half a message.  skyfoxctl maintenance and
 * skyfoxctl restore turn it on and off; every CGI but health answers 503
 * SERVICE_UNAVAILABLE while it is on (lib/app.c), and cron jobs stand down. */
#ifndef SKYFOX_MAINTENANCE_H
#define SKYFOX_MAINTENANCE_H

#include <stddef.h>
#include <time.h>

#include "config.h"

#define MAINTENANCE_MSG_MAX	400	/* bytes of message kept */
#define MAINTENANCE_RETRY_AFTER	60	/* seconds, for the 503s */
#define MAINTENANCE_DEFAULT_MSG \
	"The box office is closed for maintenance; please try again in a few minutes."

/* 1 when the site is in maintenance (msg holds the message, NUL-terminated,
 * at most n - 1 bytes of valid UTF-8, MAINTENANCE_DEFAULT_MSG when the file
 * has none; since the time it was turned on, 0 when the file does not
 * say), 0 when it is not.  msg and since may be NULL.  A switch file that
 * cannot be read counts as on: a restore must never race a CGI that
 * thought the site was up. */
int	 maintenance_get(const struct conf *, char *msg, size_t n, time_t *since);
/* Turn it on with msg (NULL or blank for MAINTENANCE_DEFAULT_MSG; control
 * characters become spaces, bytes that are not UTF-8 '?', blanks around it
 * go; cut between characters at MAINTENANCE_MSG_MAX bytes).  Mode 0600.
 * 0, or -1 with errno set. */
int	 maintenance_on(const struct conf *, const char *msg, time_t now);
/* Turn it off; 0 when it is off afterwards (also when it was), else -1. */
int	 maintenance_off(const struct conf *);

#endif
