/* ticket_keys.c — the ticket signing pair (keys.h) for `skyfoxctl init`, and
 * for `skyfoxctl migrate`, so a data directory made before tickets existed
 * gets its keys on upgrade.  Idempotent: existing keys are kept. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "skyfoxctl.h"

int
demo_init_keys(const struct conf *c)
{
	char	 spath[600], ppath[600];
	int	 made;

	keys_ticket_paths(c, spath, ppath, sizeof(spath));
	if (keys_ensure_ticket_pair(c, &made) == -1) {
		fprintf(stderr, "skyfoxctl: ticket signing key %s: %s\n", spath,
		    errno == EINVAL ? "not an Ed25519 secret key" :
		    strerror(errno));
		return -1;
	}
	if (made)
		printf("made ticket signing key %s (public key %s)\n", spath,
		    ppath);
	return 0;
}
