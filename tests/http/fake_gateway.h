/* fake_gateway — a card gateway on loopback for the payment tests: the
 * protocol of lib/gateway.h, with behaviour switched by the test.
 *
 * It is forked from the test runner and forks once per connection, so a
 * request it is holding open (a "slow" charge) does not stop it answering
 * the next one (a lookup); its books are in shared memory.  It counts
 * charges per idempotency key — a charge is "taken" the first time a key is
 * approved — so a test can prove a retry never charged twice.
 *
 * Modes (per charge request; lookups always answer from the books):
 *   normal       decide by card number like the simulator, answer at once
 *   slow         decide and record, then answer only after `delay` seconds
 *   hang         record nothing, answer only after `delay` seconds
 *   error        record nothing, answer 500
 *   error_after  decide and record, then answer 500
 *   garbage      decide and record, then answer 200 with a non-JSON body
 *   down         answer 503 to everything, lookups included
 * A request without X-Api-Key: test-key is answered 401. */
#ifndef SKYFOX_TEST_FAKE_GATEWAY_H
#define SKYFOX_TEST_FAKE_GATEWAY_H

#include <sys/types.h>

#define FAKE_GATEWAY_KEY	"test-key"

struct fake_gateway {
	pid_t	 pid;
	int	 port;
	char	 url[64];	/* http://127.0.0.1:PORT */
};

/* Start (in the caller's process: use from an unchecked fixture).  0/-1. */
int	 fake_gateway_start(struct fake_gateway *);
void	 fake_gateway_stop(struct fake_gateway *);
void	 fake_gateway_mode(const struct fake_gateway *, const char *mode,
	    int delay_seconds);
/* Charges taken: for one key, or in total (key NULL). */
long	 fake_gateway_charges(const struct fake_gateway *, const char *key);
/* Charge requests received (any outcome, repeats included). */
long	 fake_gateway_requests(const struct fake_gateway *);
/* The last charge request as the gateway saw it: {"api_key",
 * "idempotency_header", "body": {…}} (malloc'd JSON text). */
char	*fake_gateway_last(const struct fake_gateway *);

#endif
