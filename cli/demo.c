/* demo.c — `skyfoxctl seed --demo`: the demo accounts of DESIGN §4, and the
 * demo movies and shows.  Runs inside cmd_seed's transaction and is
 * idempotent: an existing demo account is left as it is. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "certificate.h"
#include "movie.h"
#include "show.h"
#include "skyfoxctl.h"

int	 ctl_insert_user(const struct conf *, sqlite3 *, const char *role,
	    const char *username, const char *name, const char *password,
	    int counter, const char *email, const char *phone, int question,
	    const char *answer);

static int
exists(sqlite3 *db, const char *username)
{
	sqlite3_stmt *st;
	int	 found = 0;

	if (db_prepare(db, "SELECT 1 FROM users WHERE username = :u", &st) ==
	    SQLITE_OK) {
		db_bind_text(st, ":u", username);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return found;
}

static int
demo_users(const struct conf *c, sqlite3 *db)
{
	if (!exists(db, "admin") && ctl_insert_user(c, db, "admin", "admin",
	    "Asha Admin", "Admin#2026", 1, NULL, NULL, 0, NULL) == -1)
		return -1;
	if (!exists(db, "staff") && ctl_insert_user(c, db, "staff", "staff",
	    "Sunil Staff", "Staff#2026", 2, NULL, NULL, 0, NULL) == -1)
		return -1;
	/* Security question 2 ("In which city were you born?"): Chennai. */
	if (!exists(db, "customer") && ctl_insert_user(c, db, "customer",
	    "customer", "Chitra Customer", "Customer#2026", 0,
	    "customer@example.com", "9876543210", 2, "Chennai") == -1)
		return -1;
	return 0;
}

/* The demo's films, from the bundled catalog: all shorter than a 3-hour
 * slot, in six languages. */
static const char *const demo_movies[] = {
	"tt1187043",	/* 3 Idiots */
	"tt5074352",	/* Dangal */
	"tt1375666",	/* Inception */
	"tt0245429",	/* Spirited Away */
	"tt2631186",	/* Baahubali: The Beginning */
	"tt15097216",	/* Jai Bhim */
	"tt2380307",	/* Coco */
	"tt8413338",	/* Kumbalangi Nights */
};
#define NDEMO_MOVIES	(sizeof(demo_movies) / sizeof(demo_movies[0]))

/* The demo films whose records say "Not Rated" get a certificate, as an
 * admin would set it on the schedule page (the
 * others map from Rated: 3 Idiots and Inception PG-13 → UA 13+, Spirited
 * Away and Coco PG → UA 7+), so the demo shows every kind of badge and a
 * film a Child ticket can't see. */
static const struct { const char *imdb_id, *code; } demo_certificates[] = {
	{ "tt5074352", "U" },		/* Dangal */
	{ "tt2631186", "UA13" },	/* Baahubali: The Beginning */
	{ "tt15097216", "A" },		/* Jai Bhim */
	{ "tt8413338", "UA16" },	/* Kumbalangi Nights */
};
#define DEMO_DAYS	7

static int
has_catalog(const char *dir)
{
	char	 p[PATH_MAX];

	return snprintf(p, sizeof(p), "%s/catalog/index.json", dir) <
	    (int)sizeof(p) && access(p, R_OK) == 0;
}

/* The installed htdocs: conf htdocs_dir, else beside the binary — the
 * source tree (bin/../htdocs) or an install (bin/../share/skyfox/htdocs).
 * skyfoxctl reads the catalog files directly: it must work offline and with
 * Apache stopped. */
static int
find_htdocs(const struct conf *c, char *out, size_t n)
{
	const char *d = conf_get(c, "htdocs_dir", NULL);
	static const char *const rel[] = { "../htdocs", "../share/skyfox/htdocs" };
	char	 exe[PATH_MAX];
	ssize_t	 k;

	if (d != NULL) {
		snprintf(out, n, "%s", d);
		return has_catalog(out) ? 0 : -1;
	}
	if ((k = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return -1;
	exe[k] = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(out, n, "%s/%s", dirname(exe), rel[i]);
		if (has_catalog(out))
			return 0;
		exe[k] = '\0';		/* dirname may have cut it */
	}
	return -1;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*b;

	if (f == NULL)
		return NULL;
	b = malloc(1024 * 1024 + 1);
	*len = b ? fread(b, 1, 1024 * 1024, f) : 0;
	if (b != NULL)
		b[*len] = '\0';
	fclose(f);
	return b;
}

/* Import the demo films from the catalog files; ids[] gets their rows. */
static int
demo_movies_import(const struct conf *c, sqlite3 *db, long long ids[])
{
	char	 dir[PATH_MAX], path[PATH_MAX + 64], why[160];
	time_t	 now = clock_now(c);

	if (find_htdocs(c, dir, sizeof(dir)) == -1) {
		fprintf(stderr, "skyfoxctl: cannot find the movie catalog "
		    "(htdocs/catalog); set htdocs_dir in skyfox.conf\n");
		return -1;
	}
	for (size_t i = 0; i < NDEMO_MOVIES; i++) {
		struct movie m;
		size_t	 len;
		char	*raw;
		int	 created, rc;

		snprintf(path, sizeof(path), "%s/catalog/%s.json", dir,
		    demo_movies[i]);
		if ((raw = read_file(path, &len)) == NULL) {
			fprintf(stderr, "skyfoxctl: %s: %s\n", path,
			    strerror(errno));
			return -1;
		}
		if (movie_parse_omdb(raw, len, demo_movies[i], &m, why,
		    sizeof(why)) != MOVIE_PARSED) {
			fprintf(stderr, "skyfoxctl: %s: %s\n", path, why);
			free(raw);
			return -1;
		}
		rc = movie_upsert(db, &m, raw, now, &created);
		ids[i] = m.id;
		for (size_t k = 0; rc == SQLITE_OK && m.cert.code[0] == '\0' &&
		    k < sizeof(demo_certificates) / sizeof(*demo_certificates);
		    k++) {
			struct certificate cert;

			if (strcmp(demo_certificates[k].imdb_id, m.imdb_id) == 0 &&
			    certificate_apply(db, m.id, demo_certificates[k].code,
			    &cert, &rc) == CERTIFICATE_ERR_UNKNOWN)
				rc = SQLITE_OK;	/* a cinema that dropped it */
		}
		movie_free(&m);
		free(raw);
		if (rc != SQLITE_OK) {
			fprintf(stderr, "skyfoxctl: movie %s: %s\n",
			    demo_movies[i], sqlite3_errmsg(db));
			return -1;
		}
	}
	return 0;
}

/* Shows on both screens for today..today+6: a fixed pattern of the
 * calendar date (so a second run, even days later, fills the same slots
 * with the same films), about a quarter of the slots left free for the
 * admin to schedule, and today's started slots skipped. */
static int
demo_shows(const struct conf *c, sqlite3 *db, const long long movies[])
{
	static const long long slot_price[] = { 15000, 18000, 22000, 25000 };
	char	 today[11];
	time_t	 now = clock_now(c);

	clock_date(now, today);
	for (int d = 0; d < DEMO_DAYS; d++) {
		struct show_new n;
		int	 day;

		memset(&n, 0, sizeof(n));
		n.trailer_min = show_trailer_minutes(c);
		if (clock_add_days(today, d, n.date) == -1)
			return -1;
		day = clock_days_between("1970-01-01", n.date);
		for (int screen = 1; screen <= 2; screen++)
			for (int slot = 1; slot <= 4; slot++) {
				struct show_fail f;
				long long id;

				if ((day + 2 * screen + slot) % 4 == 3)
					continue;	/* left free */
				n.movie_id = movies[(day * 3 + screen * 5 +
				    slot) % NDEMO_MOVIES];
				n.screen_id = screen;
				n.slot_id = slot;
				n.price = slot_price[slot - 1];
				if (show_insert(db, &n, now, &id, &f) == -1 &&
				    f.err == SHOW_ERR_DB) {
					fprintf(stderr, "skyfoxctl: show: %s\n",
					    sqlite3_errstr(f.rc));
					return -1;
				}
				/* SHOW_ERR_PAST (today's started slots)
				 * and SHOW_ERR_SLOT_TAKEN (a second run)
				 * are fine. */
			}
	}
	return 0;
}

int
demo_seed(const struct conf *c, sqlite3 *db)
{
	long long movies[NDEMO_MOVIES];

	if (demo_users(c, db) == -1)
		return -1;
	if (demo_movies_import(c, db, movies) == -1)
		return -1;
	return demo_shows(c, db, movies);
}
