/* skyfoxctl — the sysadmin's tool.
 *
 *   skyfoxctl init DATA_DIR [SITE_URL]
 *                               make DATA_DIR, skyfox.conf (the movie
 *                               provider at SITE_URL/catalog/), secret key,
 *                               database (migrated, reference data seeded)
 *   skyfoxctl migrate           apply pending schema migrations; make
 *                               missing key files (ticket signing pair)
 *   skyfoxctl upgrade           after unpacking a new release: migrate,
 *                               rewrite .htaccess and crontab, check,
 *                               leave maintenance mode
 *   skyfoxctl doctor            what this host lacks, in words to send to
 *                               the host (doctor.c)
 *   skyfoxctl version           this release
 *   skyfoxctl seed [--demo]     reference data; --demo adds demo accounts,
 *                               movies and shows
 *   skyfoxctl add-user ROLE USERNAME "FULL NAME" [COUNTER]
 *                               create an admin/staff account; the password
 *                               is read from stdin (never an argument)
 *   skyfoxctl check             integrity and the invariants of DESIGN §6,
 *                               the published files (DESIGN §12)
 *   skyfoxctl publish           rewrite every published seat map and show
 *                               list of the window from the database
 *   skyfoxctl backup [FILE]     the whole site (database taken online,
 *                               keys, skyfox.conf, photos) in one archive
 *   skyfoxctl restore FILE      put an archive back, under maintenance
 *   skyfoxctl maintenance [on [MESSAGE] | off]   the maintenance switch
 *
 * The configuration is -c FILE, $SKYFOX_CONF, or the release bundle's own
 * data/skyfox.conf (config.h, conf_find).  Run as root, it becomes the
 * owner of the data directory first (see privs.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "avatar.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "invariant.h"
#include "keys.h"
#include "maintenance.h"
#include "migrate.h"
#include "password.h"
#include "privs.h"
#include "publish.h"
#include "skyfoxctl.h"
#include "version.h"

static void
usage(void)
{
	fputs("usage: skyfoxctl [-c skyfox.conf] init DATA_DIR [SITE_URL] | migrate | "
	    "upgrade | seed [--demo] | add-user ROLE USERNAME \"FULL NAME\" "
	    "[COUNTER] | check | publish | doctor | backup [FILE] | restore FILE | "
	    "maintenance [on [MESSAGE] | off] | version\n", stderr);
	exit(2);
}

static int
open_db(const struct conf *c, sqlite3 **db)
{
	int	 rc = db_open(c->db_path, db);

	if (rc != SQLITE_OK)
		fprintf(stderr, "skyfoxctl: open %s: %s\n", c->db_path,
		    sqlite3_errstr(rc));
	return rc == SQLITE_OK ? 0 : -1;
}

static int
cmd_migrate(const struct conf *c)
{
	sqlite3	*db;
	int	 from, to;
	char	 why[256];

	if (open_db(c, &db) == -1)
		return 1;
	if (migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == -1) {
		fprintf(stderr, "skyfoxctl: %s\n", why);
		db_close(db);
		return 1;
	}
	if (from == to)
		printf("schema is current (version %d)\n", to);
	else
		printf("migrated schema from version %d to %d\n", from, to);
	db_close(db);
	return demo_init_keys(c) == 0 ? 0 : 1;
}

static int
cmd_seed(const struct conf *c, int demo)
{
	sqlite3	*db;
	char	*msg = NULL;
	int	 rc = 0;

	if (open_db(c, &db) == -1)
		return 1;
	if (db_begin(db) != SQLITE_OK ||
	    sqlite3_exec(db, skyfox_seed_sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "skyfoxctl: seed: %s\n",
		    msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		db_rollback(db);
		db_close(db);
		return 1;
	}
	if (demo && demo_seed(c, db) != 0)
		rc = 1;
	if (rc == 0 && db_commit(db) != SQLITE_OK) {
		fprintf(stderr, "skyfoxctl: seed: %s\n", sqlite3_errmsg(db));
		rc = 1;
	}
	if (rc != 0)
		db_rollback(db);
	else
		printf("seeded reference data%s\n", demo ? " and demo data" : "");
	db_close(db);
	/* The seed wrote with plain SQL, which publishes nothing: write the
	 * window's files now, so the site and skyfoxctl check agree from the
	 * first minute rather than from cron's next hourly publish. */
	return rc == 0 ? ctl_publish(c) : rc;
}

/* site: the address the site will answer on (http://cinema.example), or
 * NULL.  The movie provider defaults to the catalog bundled in htdocs/,
 * fetched from the site itself, so a fresh install imports movies offline;
 * without the address the lines are left for the sysadmin to fill in.  In
 * the release bundle the photo converter and the ticket's fonts are named
 * where the bundle put them (outside the web folder). */
static int
write_default_conf(const char *dir, const char *path, const char *site,
    const struct layout *l)
{
	FILE	*f;
	size_t	 n = site ? strlen(site) : 0;
	int	 fd;

	if (access(path, F_OK) == 0)
		return 0;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "skyfoxctl: %s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	fprintf(f,
	    "# SkyFox Cinema configuration (read on every request).\n"
	    "# See INSTALL for every key.\n"
	    "cinema_name = SkyFox Cinema\n"
	    "data_dir = %s\n"
	    "db_path = %s/skyfox.db\n"
	    "key_file = %s/secret.key\n"
	    "timezone = Asia/Kolkata\n"
	    "currency = INR\n"
	    "hold_minutes = 5\n"
	    "max_seats = 10\n"
	    "# Refuse a customer's seats that leave one empty seat alone.\n"
	    "gap_rule = on\n"
	    "# Companion seats go on general sale this long before a show.\n"
	    "companion_release_minutes = 60\n"
	    "clock_offset = 0\n"
	    "payment_gateway = simulated\n",
	    dir, dir, dir);
	while (n > 0 && site[n - 1] == '/')
		n--;
	if (site != NULL)
		fprintf(f, "# This site's own address (skyfoxctl doctor asks it).\n"
		    "site_url = %.*s\n"
		    "# The movie catalog bundled with the site (works offline);\n"
		    "# for OMDb see INSTALL.\n"
		    "movie_provider_url = %.*s/catalog/{imdb_id}.json\n"
		    "movie_catalog_url = %.*s/catalog/index.json\n",
		    (int)n, site, (int)n, site, (int)n, site);
	else
		fprintf(f, "# The movie provider: the catalog bundled with the site,\n"
		    "# at this site's own address (or OMDb: see INSTALL).\n"
		    "#site_url = https://cinema.example\n"
		    "#movie_provider_url = https://cinema.example/catalog/{imdb_id}.json\n"
		    "#movie_catalog_url = https://cinema.example/catalog/index.json\n");
	if (l->bundle)
		fprintf(f, "# The release bundle's photo converter and ticket fonts.\n"
		    "image_helper = %s/libexec/skyfox-image\n"
		    "ticket_font = %s/fonts/DejaVuSans.ttf\n"
		    "ticket_font_bold = %s/fonts/DejaVuSans-Bold.ttf\n"
		    "# The published seat maps and show lists, served at /live/\n"
		    "# by the web folder's .htaccess (DESIGN §12).\n"
		    "public_dir = %s/live\n",
		    l->root, l->root, l->root, l->web);
	return fclose(f);
}

/* A path made absolute (the .htaccess and crontab need absolute ones). */
static void
absolute(const char *path, char *out, size_t n)
{
	char	 cwd[PATH_MAX];

	if (realpath(path, out) != NULL)
		return;
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL &&
	    snprintf(out, n, "%s/%s", cwd, path) < (int)n)
		return;
	snprintf(out, n, "%s", path);
}

/* The files with this install's paths: the bundle's .htaccess and the
 * crontab (in the data directory). */
static int
write_install_files(const struct layout *l, const char *confpath,
    const char *dir)
{
	char	 conf[PATH_MAX], out[PATH_MAX + 32];
	int	 rc;

	absolute(confpath, conf, sizeof(conf));
	if ((rc = layout_write_htaccess(l, conf, out, sizeof(out))) == -1) {
		fprintf(stderr, "skyfoxctl: cannot write %s: %s\n", out,
		    strerror(errno));
		return -1;
	} else if (rc == 0)
		printf("wrote %s\n", out);
	if ((rc = layout_write_crontab(l, conf, dir, out, sizeof(out))) == -1) {
		fprintf(stderr, "skyfoxctl: cannot write %s: %s\n", out,
		    strerror(errno));
		return -1;
	} else if (rc == 0)
		printf("wrote %s; install it beside your other jobs with\n"
		    "  (crontab -l 2>/dev/null | sed '/^# BEGIN SkyFox/,"
		    "/^# END SkyFox/d'; cat %s) | crontab -\n", out, out);
	return 0;
}

static int
cmd_init(const char *arg, const char *confpath, const char *site)
{
	char	 dir[PATH_MAX], path[PATH_MAX + 16], sub[PATH_MAX + 16];
	char	 pub[PUBLISH_PATH_MAX];
	struct conf c;
	struct layout l;
	char	 why[256];
	const char *subs[] = { "avatars", "backups", "logs" };

	if (site != NULL && strncmp(site, "http://", 7) != 0 &&
	    strncmp(site, "https://", 8) != 0) {
		fprintf(stderr, "skyfoxctl: SITE_URL must start with http:// or "
		    "https://: %s\n", site);
		return 2;
	}
	layout_find(&l);
	if ((mkdir(arg, 0700) == -1 && errno != EEXIST) ||
	    realpath(arg, dir) == NULL) {
		fprintf(stderr, "skyfoxctl: mkdir %s: %s\n", arg, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, subs[i]);
		if (mkdir(sub, 0700) == -1 && errno != EEXIST) {
			fprintf(stderr, "skyfoxctl: mkdir %s: %s\n", sub,
			    strerror(errno));
			return 1;
		}
	}
	if (confpath == NULL) {
		snprintf(path, sizeof(path), "%s/skyfox.conf", dir);
		confpath = path;
	}
	if (write_default_conf(dir, confpath, site, &l) == -1)
		return 1;
	if (conf_load(&c, confpath, why, sizeof(why)) == -1) {
		fprintf(stderr, "skyfoxctl: %s\n", why);
		return 1;
	}
	/* The cinema's days, for the files the seed publishes. */
	if (clock_use_zone(c.timezone) == -1) {
		fprintf(stderr, "skyfoxctl: timezone \"%s\" is not a known "
		    "time zone; fix %s\n", c.timezone, confpath);
		return 1;
	}
	keys_secret_path(&c, sub, sizeof(sub));
	if (keys_create_secret(sub) == -1) {
		fprintf(stderr, "skyfoxctl: cannot create %s: %s\n", sub,
		    strerror(errno));
		return 1;
	}
	if (demo_init_keys(&c) != 0)
		return 1;
	if (cmd_migrate(&c) != 0 || cmd_seed(&c, 0) != 0)
		return 1;
	publish_dir(&c, pub, sizeof(pub));
	if (layout_tighten(dir, pub, 1, 0) == -1) {
		fprintf(stderr, "skyfoxctl: cannot make %s private: %s\n", dir,
		    strerror(errno));
		return 1;
	}
	if (write_install_files(&l, confpath, dir) == -1)
		return 1;
	printf("initialised %s (configuration %s; the folder is private: "
	    "0700, files 0600)\n", dir, confpath);
	return 0;
}

/* Read a password from the terminal without echo, or a line from a pipe. */
static int
read_password(char *out, size_t n)
{
	struct termios old, quiet;
	int	 tty = isatty(STDIN_FILENO);
	size_t	 len;

	if (tty) {
		fputs("password: ", stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	if (fgets(out, (int)n, stdin) == NULL)
		out[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return len > 0 ? 0 : -1;
}

static int
cmd_add_user(const struct conf *c, int argc, char **argv)
{
	sqlite3	*db;
	char	 pw[256];
	long	 counter;
	int	 rc;

	if (argc < 3)
		usage();
	counter = argc > 3 ? strtol(argv[3], NULL, 10) : 1;
	if (read_password(pw, sizeof(pw)) == -1) {
		fputs("skyfoxctl: no password given\n", stderr);
		return 1;
	}
	if (open_db(c, &db) == -1)
		return 1;
	rc = demo_add_user(c, db, argv[0], argv[1], argv[2], pw, (int)counter);
	explicit_bzero(pw, sizeof(pw));
	db_close(db);
	if (rc == 0)
		printf("created %s %s\n", argv[0], argv[1]);
	return rc == 0 ? 0 : 1;
}

/* One invariant's result in skyfoxctl check's words.  A SHOULD speaks
 * only when broken; one that cannot be read stays quiet, as the unsettled
 * payments warning always has. */
static void
print_invariant(const struct invariant *inv, const struct invariant_fail *f,
    void *arg)
{
	(void)arg;
	if (inv->level == INVARIANT_SHOULD) {
		if (f->err == INVARIANT_ERR_BROKEN)
			printf("warn %lld %s: %s\n", f->rows, inv->name,
			    inv->hint);
		return;
	}
	if (f->err == INVARIANT_ERR_DB)
		printf("FAIL %s: %s\n", inv->name, f->msg);
	else if (f->err == INVARIANT_ERR_BROKEN)
		printf("FAIL %s (violations found)\n", inv->name);
	else
		printf("ok   %s\n", inv->name);
}

static int
check_key_file(const char *path)
{
	switch (keys_file_private(path)) {
	case KEYS_OK:
		printf("ok   %s is private (0600)\n", path);
		return 0;
	case KEYS_EXPOSED:
		printf("FAIL %s is readable by other users: chmod 600 %s\n",
		    path, path);
		return 1;
	default:
		printf("FAIL %s is missing or unreadable: skyfoxctl migrate "
		    "makes the keys\n", path);
		return 1;
	}
}

/* Settings the CGIs refuse to run with (503): say so here first. */
static int
check_settings(const struct conf *c)
{
	char	 path[600], pub[600];
	int	 fails = 0;

	if (!clock_zone_valid(c->timezone)) {
		printf("FAIL timezone \"%s\" is not a known time zone (a name "
		    "under %s, like Asia/Kolkata)\n", c->timezone,
		    CLOCK_ZONEINFO);
		fails++;
	} else
		printf("ok   timezone %s\n", c->timezone);
	keys_secret_path(c, path, sizeof(path));
	fails += check_key_file(path);
	keys_ticket_paths(c, path, pub, sizeof(path));
	fails += check_key_file(path);
	return fails;
}

/* SQLite's own page-level check. */
static int
check_integrity(sqlite3 *db)
{
	sqlite3_stmt *st;
	int	 fails = 0;

	if (db_prepare(db, "PRAGMA integrity_check", &st) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) != SQLITE_ROW ||
	    strcmp(db_text(st, 0), "ok") != 0) {
		printf("FAIL integrity_check: %s\n", db_text(st, 0));
		fails++;
	} else
		printf("ok   integrity_check\n");
	sqlite3_finalize(st);
	return fails;
}

static int
check_schema_version(sqlite3 *db)
{
	int	 v;

	db_user_version(db, &v);
	if (v != migrate_latest(skyfox_schema_sql)) {
		printf("FAIL schema version %d, this release expects %d\n", v,
		    migrate_latest(skyfox_schema_sql));
		return 1;
	}
	printf("ok   schema version %d\n", v);
	return 0;
}

/* Warnings only: photos the sweeper has not tidied, settings that leave a
 * feature off or a test value on. */
static void
check_warnings(const struct conf *c, sqlite3 *db)
{
	struct avatar_stray_stats as;
	struct avatar_fail af;

	if (avatar_strays(db, c, clock_now(c), AVATAR_STRAY_AGE, 0,
	    &as, &af) != 0)
		printf("warn cannot scan the photos in %s/avatars\n",
		    c->data_dir);
	else if (as.strays > 0 || as.unfinished > 0)
		printf("warn %d stray photo file%s (%lld bytes) and %d "
		    "committed photo%s not in place: is "
		    "cron/sweep-avatars running?\n", as.strays,
		    as.strays == 1 ? "" : "s", as.bytes, as.unfinished,
		    as.unfinished == 1 ? "" : "s");
	else
		printf("ok   no stray photo files\n");
	if (*conf_get(c, "movie_provider_url", "") == '\0' ||
	    *conf_get(c, "movie_catalog_url", "") == '\0')
		printf("warn movie_provider_url / movie_catalog_url are not set: "
		    "movies cannot be imported (see INSTALL)\n");
	if (strcmp(conf_get(c, "pwhash_cost", "interactive"), "test") == 0)
		printf("warn pwhash_cost = test: passwords are hashed at the "
		    "test cost; never use this in production\n");
}

/* One published file that is missing or older than the database (a
 * warning: the hourly publish, or the show's next write, replaces it) or
 * that disagrees with the database (a failure). */
static void
print_file(const char *file, const char *why, void *arg)
{
	(void)arg;
	if (strcmp(why, PUBLISH_MISSING) == 0)
		printf("warn /live/%s is not published yet: skyfoxctl publish "
		    "writes it (cron runs it hourly)\n", file);
	else if (publish_warning(why))
		printf("warn /live/%s is %s (a write's publishing was cut "
		    "short): skyfoxctl publish rewrites it\n", file, why);
	else
		printf("FAIL /live/%s %s: skyfoxctl publish rewrites it\n",
		    file, why);
}

/* The published files (lib/publish.h) against the database, compared while
 * holding the writers' queue so no write publishes half-way through. */
static int
check_published(const struct conf *c, sqlite3 *db)
{
	struct publish_fail f;
	char	 dir[PUBLISH_PATH_MAX];
	int	 bad;

	if (db_begin(db) != SQLITE_OK) {
		printf("FAIL published files: the database is busy: %s\n",
		    sqlite3_errmsg(db));
		return 1;
	}
	bad = publish_compare(db, c, clock_now(c), print_file, NULL, &f);
	db_rollback(db);
	publish_dir(c, dir, sizeof(dir));
	if (bad == -1)
		printf("FAIL published files in %s: %s\n", dir,
		    f.err == PUBLISH_ERR_DB ? sqlite3_errstr(f.rc) :
		    strerror(f.errnum));
	else if (bad == 0)
		printf("ok   published files in %s agree with the database\n",
		    dir);
	return bad == 0 ? 0 : 1;
}

/* skyfoxctl publish: every file of the window, under the writers' queue
 * (BEGIN IMMEDIATE), so it lands between two writes, never inside one's
 * publishing. */
int
ctl_publish(const struct conf *c)
{
	struct publish_stats st;
	struct publish_fail f;
	char	 dir[PUBLISH_PATH_MAX];
	sqlite3	*db;
	int	 rc;

	if (open_db(c, &db) == -1)
		return 1;
	if ((rc = db_begin(db)) != SQLITE_OK) {
		fprintf(stderr, "skyfoxctl: publish: %s\n", sqlite3_errstr(rc));
		db_close(db);
		return 1;
	}
	rc = publish_window(db, c, clock_now(c), &st, &f);
	db_rollback(db);
	db_close(db);
	publish_dir(c, dir, sizeof(dir));
	if (rc == -1) {
		fprintf(stderr, "skyfoxctl: publish: %s: %s\n",
		    f.err == PUBLISH_ERR_IO ? f.path : dir,
		    f.err == PUBLISH_ERR_IO ? strerror(f.errnum) :
		    sqlite3_errstr(f.rc));
		return 1;
	}
	printf("published %d show lists and %d seat maps in %s (%d old "
	    "files removed)\n", st.days, st.seats, dir, st.removed);
	return 0;
}

/* skyfoxctl check: settings, the database's integrity and schema, the
 * invariants (lib/invariant.h), the published files, warnings.  The lines are read by people
 * and by the tests: "ok   …", "FAIL …", "warn …", then one verdict. */
int
ctl_check(const struct conf *c)
{
	struct invariant_fail fk;
	sqlite3	*db;
	int	 fails = 0;
	char	 now[32];

	fails += check_settings(c);
	if (open_db(c, &db) == -1)
		return 1;
	fails += check_integrity(db);
	if (invariant_check(db, &invariant_foreign_keys, clock_now(c),
	    &fk) == -1)
		fails++;
	print_invariant(&invariant_foreign_keys, &fk, NULL);
	fails += check_schema_version(db);
	fails += invariant_check_all(db, clock_now(c), print_invariant, NULL);
	fails += check_published(c, db);
	check_warnings(c, db);
	clock_iso8601(clock_now(c), now);
	printf("%s at %s\n", fails ? "PROBLEMS FOUND" : "all checks passed", now);
	db_close(db);
	return fails ? 1 : 0;
}

/* After a new release is unpacked over the old one (INSTALL §7): the
 * schema, the install files from the new templates, the data directory's
 * modes, the checks; then the site leaves maintenance mode. */
static int
cmd_upgrade(const struct conf *c)
{
	char	 pub[PUBLISH_PATH_MAX];
	struct layout l;

	printf("SkyFox %s\n", skyfox_version);
	if (cmd_migrate(c) != 0)
		return 1;
	layout_find(&l);
	if (write_install_files(&l, c->path, c->data_dir) == -1)
		return 1;
	publish_dir(c, pub, sizeof(pub));
	if (layout_tighten(c->data_dir, pub, 1, 0) > 0)
		printf("made %s private again (0700, files 0600)\n", c->data_dir);
	if (ctl_check(c) != 0) {
		printf("the checks found problems: the site stays as it is; "
		    "see above\n");
		return 1;
	}
	if (maintenance_get(c, NULL, 0, NULL)) {
		if (maintenance_off(c) == -1) {
			fprintf(stderr, "skyfoxctl: cannot leave maintenance "
			    "mode: %s\n", strerror(errno));
			return 1;
		}
		printf("maintenance off: the site is open again\n");
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *confpath = NULL;
	struct conf c;
	char	 why[256];
	char	 found[sizeof(c.path)];
	int	 ch;

	/* Whatever the shell's umask: files made here (the database, its
	 * -wal and -shm, keys, backups) are the owner's alone. */
	umask(077);
	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		if (ch == 'c')
			confpath = optarg;
		else
			usage();
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if (strcmp(argv[0], "version") == 0) {
		printf("SkyFox %s\n", skyfox_version);
		return 0;
	}
	if (strcmp(argv[0], "init") == 0) {
		if (argc != 2 && argc != 3)
			usage();
		if (privs_become_owner_of(argv[1]) == -1)
			return 1;
		return cmd_init(argv[1], confpath, argc == 3 ? argv[2] : NULL);
	}
	if (strcmp(argv[0], "doctor") == 0 && argc == 1)
		return ctl_doctor(confpath);
	if (confpath == NULL) {
		if (conf_find(found, sizeof(found)) == -1) {
			fputs("skyfoxctl: set SKYFOX_CONF or pass -c skyfox.conf\n",
			    stderr);
			return 2;
		}
		confpath = found;
	}
	if (conf_load(&c, confpath, why, sizeof(why)) == -1) {
		fprintf(stderr, "skyfoxctl: %s\n", why);
		return 1;
	}
	if (privs_become_owner_of(c.data_dir) == -1)
		return 1;
	if (clock_use_zone(c.timezone) == -1 && strcmp(argv[0], "check") != 0) {
		fprintf(stderr, "skyfoxctl: timezone \"%s\" is not a known time "
		    "zone (a name under %s, like Asia/Kolkata); fix %s\n",
		    c.timezone, CLOCK_ZONEINFO, confpath);
		return 1;
	}
	if (strcmp(argv[0], "migrate") == 0)
		return cmd_migrate(&c);
	if (strcmp(argv[0], "upgrade") == 0 && argc == 1)
		return cmd_upgrade(&c);
	if (strcmp(argv[0], "seed") == 0)
		return cmd_seed(&c, argc > 1 && strcmp(argv[1], "--demo") == 0);
	if (strcmp(argv[0], "add-user") == 0)
		return cmd_add_user(&c, argc - 1, argv + 1);
	if (strcmp(argv[0], "check") == 0)
		return ctl_check(&c);
	if (strcmp(argv[0], "publish") == 0 && argc == 1)
		return ctl_publish(&c);
	if (strcmp(argv[0], "backup") == 0)
		return ctl_backup(&c, argc > 1 ? argv[1] : NULL);
	if (strcmp(argv[0], "restore") == 0 && argc == 2)
		return ctl_restore(&c, argv[1]);
	if (strcmp(argv[0], "maintenance") == 0)
		return ctl_maintenance(&c, argc - 1, argv + 1);
	usage();
	return 2;
}
