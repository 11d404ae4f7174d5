/* load — what the load programs share (build/load-tests, and
 * bench/holds.c's build/bench-holds): a libcurl request, SQLite as the
 * data directory's owner, customers and shows made with SQL, logins,
 * latency percentiles.
 *
 *   build/load-tests                 the load-correctness race (race.c),
 *                                     then the limit bursts (bursts.c),
 *                                     the slow-body round (stall.c) and
 *                                     the freshness round (fresh.c)
 *   build/load-tests bursts          only the limit bursts
 *   build/load-tests stall           only the slow-body round
 *   build/load-tests fresh           only the freshness round
 *
 * Environment: SKYFOX_URL, SKYFOX_DATA, SKYFOX_ROOT (tests/load/run.sh sets
 * them).  Knobs (tests/load/run.sh lowers them under SAN=1):
 *   LOAD_CLIENTS          the race's clients (60; 2..60)
 *   LOAD_SKIP_STALL       set: skip the slow-body round (its value: why)
 *   LOAD_FRESH_SECONDS    how long the freshness round runs (20; 1..600)
 *   LOAD_FRESH_HOLDERS    its clients holding and cancelling (20; 1..64)
 *   LOAD_FRESH_POLLERS    its clients polling the seat map file (20; 1..64) */
#ifndef SKYFOX_LOAD_H
#define SKYFOX_LOAD_H

#include <curl/curl.h>
#include <cjson/cJSON.h>
#include <sqlite3.h>

#define LOAD_PASSWORD	"Customer#2026"	/* the demo customer's */

struct load_env {
	const char	*base;		/* SKYFOX_URL */
	const char	*data_dir;	/* SKYFOX_DATA */
	const char	*root;		/* SKYFOX_ROOT */
	char		 db_path[1024];
	char		 conf_path[1024];
};

extern struct load_env load;

/* Read the environment and become the data directory's owner.  0 or -1. */
int		 load_init(void);
/* One request: the HTTP status (0: no answer) and the JSON body in *json
 * (caller frees; NULL when not JSON). */
long		 load_request(CURL *, const char *method, const char *path,
		    const char *body, const char *token, cJSON **json);
/* A libcurl write callback appending to the struct buf (buf.h) in ud. */
size_t		 load_collect(char *, size_t, size_t, void *ud);
const char	*load_jstr(const cJSON *, const char *a, const char *b);
long long	 load_jnum(const cJSON *, const char *a, const char *b);

sqlite3		*load_db(void);
void		 load_exec(sqlite3 *, const char *sql);
long long	 load_scalar(sqlite3 *, const char *sql);
/* The same with n integers bound to ?1..?n (never printed into the SQL). */
long long	 load_scalar_ids(sqlite3 *, const char *sql, int n, ...);
/* n customers named <prefix><i>_<pid> with password LOAD_PASSWORD, logged
 * in: tokens[i] (malloc'd). */
void		 load_customers(sqlite3 *, const char *prefix, int n,
		    char **tokens);
/* Set key = value in the site's skyfox.conf (NULL: remove the key); the
 * CGIs read it per request. */
void		 load_conf_set(const char *key, const char *value);
/* A fresh show of a test movie tomorrow (inside the customers' window), on
 * a screen of its own, priced by a price card of its own (adult 200.00,
 * child 120.00, senior 150.00, student 170.00, plus the category's
 * offset); its id. */
long long	 load_show(sqlite3 *);

/* The p-th percentile (0..100) of n samples (sorts them). */
long long	 load_percentile(long long *, size_t n, double p);

int		 race_main(void);
int		 bursts_main(void);
int		 stall_main(void);
int		 fresh_main(void);

#endif
