/* Operations over the real Apache: maintenance mode (skyfoxctl maintenance,
 * every resource's 503, health saying why without the database) and "is
 * cron running?" (each job's last good run in health's "cron", late on the
 * site's clock, cron jobs standing down in maintenance).  The suites share
 * one site: each test starts with maintenance off and clock_offset unset,
 * and the unchecked teardown (run in the parent, so even after a test that
 * failed half-way) leaves the site so for the suites after this one. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backup_fixture.h"
#include "client.h"
#include "fixture.h"

#define MSG	"Back at 18:00 \xe2\x80\x94 new projector."
#define FORM	"username=admin&password=Admin%232026"

static void
site_normal(void)
{
	char	 db[1024];

	snprintf(db, sizeof(db), "%s/skyfox.db", getenv("SKYFOX_DATA"));
	conf_set("db_path", db);
	skyfoxctl("maintenance off");
	fx_clock_back();
}

static void
maintenance_on(const char *msg)
{
	char	 args[600];

	snprintf(args, sizeof(args), "maintenance on '%s'", msg);
	ck_assert_int_eq(skyfoxctl(args), 0);
}

/* A 503 SERVICE_UNAVAILABLE in the error shape, Retry-After 60, msg. */
static void
expect_maintenance(const struct hresp *r, const char *what)
{
	ck_assert_msg(r->status == 503, "%s: %ld %s", what, r->status,
	    r->body);
	expect_error(r, 503, "SERVICE_UNAVAILABLE");
	ck_assert_msg(hdr(r, "Retry-After") != NULL, "%s: no Retry-After", what);
	ck_assert_str_eq(hdr(r, "Retry-After"), "60");
	ck_assert_msg(strcmp(jstr(r->json, "error.message"), MSG) == 0,
	    "%s: message %s", what, jstr(r->json, "error.message"));
}

/* Each /api/<resource> the site has: the CGIs beside the tests' Apache. */
static int
resources(char names[][64], int max)
{
	char	 dir[1024];
	DIR	*d;
	struct dirent *e;
	int	 n = 0;

	snprintf(dir, sizeof(dir), "%s/cgi-bin", getenv("SKYFOX_ROOT"));
	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((e = readdir(d)) != NULL && n < max) {
		size_t	 len = strlen(e->d_name);

		if (len < 5 || len >= 64 || strcmp(e->d_name + len - 4, ".cgi"))
			continue;
		snprintf(names[n], 64, "%.*s", (int)(len - 4), e->d_name);
		if (strcmp(names[n], "health") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static struct hresp *
health(void)
{
	return api("GET", "/api/health", NULL, NULL);
}

START_TEST(test_maintenance_makes_every_resource_answer_503_with_the_message)
{
	char	 names[64][64], path[128];
	int	 n = resources(names, 64);
	struct hresp *r;
	char	*tok = fx_login("admin");

	ck_assert_int_ge(n, 15);
	maintenance_on(MSG);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/api/%.63s", names[i]);
		r = api("GET", path, NULL, NULL);
		expect_maintenance(r, path);
		hresp_free(r);
		/* Logged in or not: nothing is looked up. */
		snprintf(path, sizeof(path), "/api/%.63s/1", names[i]);
		r = api("GET", path, NULL, tok);
		expect_maintenance(r, path);
		hresp_free(r);
	}
	/* A write with a body still gets the whole answer (the body is read
	 * first), JSON or form. */
	r = api("POST", "/api/bookings", "{\"show_id\":1,\"seats\":[\"A1\"]}",
	    tok);
	expect_maintenance(r, "POST /api/bookings");
	hresp_free(r);
	r = http("POST", "/api/session", "application/x-www-form-urlencoded",
	    FORM, strlen(FORM), NULL);
	expect_maintenance(r, "POST /api/session");
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_health_in_maintenance_says_why_without_the_database)
{
	struct hresp *r;

	maintenance_on(MSG);
	/* Restore replaces the database under maintenance: nothing may need
	 * it meanwhile.  A database path that cannot be opened would turn any
	 * look at it into "the database is unavailable". */
	conf_set("db_path", "/nonexistent-skyfox-ops/skyfox.db");
	r = health();
	expect_maintenance(r, "GET /api/health");
	ck_assert_str_eq(jstr(r->json, "status"), "maintenance");
	ck_assert_str_eq(jstr(r->json, "message"), MSG);
	ck_assert_int_eq((int)strlen(jstr(r->json, "since")), 25);
	ck_assert_int_eq((int)strlen(jstr(r->json, "time")), 25);
	ck_assert_str_eq(jstr(r->json, "cinema"), "SkyFox Cinema");
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "error.fields")), 0);
	ck_assert(cJSON_IsObject(jget(r->json, "cron")));
	hresp_free(r);
	/* Nor does any other resource, logged in or not. */
	r = api("GET", "/api/shows", NULL, NULL);
	expect_maintenance(r, "GET /api/shows");
	hresp_free(r);
	r = api("GET", "/api/users/me", NULL, "not.a.token");
	expect_maintenance(r, "GET /api/users/me");
	hresp_free(r);
}
END_TEST

START_TEST(test_maintenance_off_brings_the_site_back)
{
	struct hresp *r;
	char	*out, cmd[1024];

	maintenance_on(MSG);
	snprintf(cmd, sizeof(cmd), "%s/bin/skyfoxctl maintenance",
	    getenv("SKYFOX_ROOT"));
	out = shell_output(cmd);
	ck_assert_msg(strncmp(out, "maintenance on: " MSG, 16 + strlen(MSG))
	    == 0, "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/bin/skyfoxctl maintenance off",
	    getenv("SKYFOX_ROOT"));
	out = shell_output(cmd);
	ck_assert_str_eq(out, "maintenance off");
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/bin/skyfoxctl maintenance",
	    getenv("SKYFOX_ROOT"));
	out = shell_output(cmd);
	ck_assert_str_eq(out, "maintenance off");
	free(out);
	r = health();
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.status"), "ok");
	hresp_free(r);
	r = api("GET", "/api/security-questions", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
}
END_TEST

START_TEST(test_maintenance_without_message_says_the_default)
{
	struct hresp *r;

	ck_assert_int_eq(skyfoxctl("maintenance on"), 0);
	r = api("GET", "/api/movies", NULL, NULL);
	ck_assert_int_eq(r->status, 503);
	ck_assert_msg(strstr(jstr(r->json, "error.message"), "maintenance")
	    != NULL, "%s", r->body);
	hresp_free(r);
}
END_TEST

START_TEST(test_skyfoxctl_maintenance_refuses_bad_usage)
{
	struct hresp *r;

	ck_assert_int_eq(skyfoxctl("maintenance sideways"), 2);
	ck_assert_int_eq(skyfoxctl("maintenance off now"), 2);
	ck_assert_int_eq(skyfoxctl("maintenance ON"), 2);
	/* … and changed nothing. */
	r = health();
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
}
END_TEST

START_TEST(test_files_a_cgi_creates_are_private_whatever_apaches_umask)
{
	struct fx_account tc;
	char	 dir[1024], path[1400];
	time_t	 t0 = time(NULL) - 1;
	struct stat st;
	struct dirent *e;
	DIR	*d;
	int	 seen = 0;

	fx_signup("umask", &tc);		/* the CGI writes a photo */
	snprintf(dir, sizeof(dir), "%s/avatars", getenv("SKYFOX_DATA"));
	ck_assert_ptr_nonnull(d = opendir(dir));
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
		    st.st_mtime < t0)
			continue;
		ck_assert_msg((st.st_mode & 077) == 0, "%s is %o", path,
		    st.st_mode & 0777);
		seen++;
	}
	closedir(d);
	ck_assert_int_ge(seen, 1);
}
END_TEST

/* skyfoxctl args; its exit status must be want_rc (-1: any); its output,
 * both streams (malloc'd). */
static char *
ctl_says(const char *args, int want_rc)
{
	int	 rc;
	char	*out = bf_ctl(args, &rc);

	ck_assert_msg(want_rc == -1 || rc == want_rc, "skyfoxctl %s: exit "
	    "%d\n%s", args, rc, out);
	return out;
}

static int
mode_of(const char *dir, const char *rel)
{
	char	 path[1200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ck_assert_msg(stat(path, &st) == 0, "%s: missing", path);
	return (int)(st.st_mode & 07777);
}

/* A new install as INSTALL has it (init, seed --demo, check, doctor,
 * upgrade), in a data folder of its own: the seed publishes the window's
 * files, so check agrees with the site from the first minute (not after
 * cron's first hourly publish), and the published folder stays public
 * (0755, files 0644) while everything else in the data folder is private:
 * doctor does not call it open, and upgrade does not close it. */
START_TEST(test_a_fresh_install_is_published_and_private_from_the_start)
{
	char	 tmp[] = "/tmp/skyfox-init.XXXXXX", dir[64], args[600], *out;
	const char *steps[] = { "seed --demo", "upgrade" };

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(dir, sizeof(dir), "%s/data", tmp);
	snprintf(args, sizeof(args), "init %s", dir);
	free(ctl_says(args, 0));
	snprintf(args, sizeof(args), "-c %s/skyfox.conf check", dir);
	out = ctl_says(args, 0);
	ck_assert_msg(strstr(out, "not published yet") == NULL, "%s", out);
	free(out);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(args, sizeof(args), "-c %s/skyfox.conf %s", dir,
		    steps[i]);
		free(ctl_says(args, 0));
		snprintf(args, sizeof(args), "-c %s/skyfox.conf check", dir);
		out = ctl_says(args, 0);
		ck_assert_msg(strstr(out, "not published yet") == NULL,
		    "after %s: %s", steps[i], out);
		free(out);
		ck_assert_int_eq(mode_of(dir, ""), 0700);
		ck_assert_int_eq(mode_of(dir, "skyfox.db"), 0600);
		ck_assert_int_eq(mode_of(dir, "public"), 0755);
		ck_assert_int_eq(mode_of(dir, "public/seats"), 0755);
		ck_assert_int_eq(mode_of(dir, "public/shows"), 0755);
	}
	/* The demo's shows have seat files, readable by Apache. */
	snprintf(args, sizeof(args), "find %s/public/seats -name '*.json' "
	    "! -perm 0644 | wc -l; find %s/public/seats -name '*.json' | "
	    "wc -l", dir, dir);
	out = shell_output(args);
	ck_assert_msg(strncmp(out, "0\n", 2) == 0 && atoi(strchr(out, '\n') +
	    1) > 0, "seat files not 0644, or none: %s", out);
	free(out);
	snprintf(args, sizeof(args), "-c %s/skyfox.conf doctor", dir);
	out = ctl_says(args, -1);
	ck_assert_msg(strstr(out, "open to other users") == NULL, "%s", out);
	free(out);
	snprintf(args, sizeof(args), "rm -rf '%s'", tmp);
	free(shell_output(args));
}
END_TEST

/* Run a cron job as cron would (as the data's owner); its exit status and
 * its output (both streams) in out. */
static int
run_job(const char *job, char *out, size_t n)
{
	char	 cmd[1024];
	FILE	*p;
	size_t	 got;

	snprintf(cmd, sizeof(cmd), "cd / && %s env SKYFOX_CONF='%s/skyfox.conf' "
	    "'%s/cron/%s' 2>&1", getuid() == 0 ? "runuser -u www-data --" : "",
	    getenv("SKYFOX_DATA"), getenv("SKYFOX_ROOT"), job);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	got = fread(out, 1, n - 1, p);
	out[got] = '\0';
	return WEXITSTATUS(pclose(p));
}

/* health's verdict on job: "ok", "late", or "" when missing. */
static char *
cron_state(const char *job)
{
	struct hresp *r = health();
	char	 path[64], *s;

	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	snprintf(path, sizeof(path), "data.cron.%s", job);
	s = strdup(jstr(r->json, path));
	hresp_free(r);
	return s;
}

static void
forget_runs(const char *job)
{
	char	 path[1024];

	snprintf(path, sizeof(path), "%s/cron/%s", getenv("SKYFOX_DATA"), job);
	unlink(path);
}

static void
expect_cron(const char *job, const char *want)
{
	char	*s = cron_state(job);

	ck_assert_msg(strcmp(s, want) == 0, "%s: %s, want %s", job, s, want);
	free(s);
}

START_TEST(test_health_lists_every_cron_job)
{
	struct hresp *r = health();
	const cJSON *cron = jget(r->json, "data.cron");
	const char *jobs[] = { "sweep-holds", "settle-payments",
	    "sweep-avatars", "refresh-movies", "backup" };

	ck_assert(cJSON_IsObject(cron));
	ck_assert_int_eq(cJSON_GetArraySize(cron), 5);
	for (int i = 0; i < 5; i++) {
		const char *v = jstr(cron, jobs[i]);

		ck_assert_msg(strcmp(v, "ok") == 0 || strcmp(v, "late") == 0,
		    "%s: %s", jobs[i], v);
	}
	hresp_free(r);
}
END_TEST

START_TEST(test_sweep_holds_run_is_ok_then_late_six_minutes_on)
{
	char	 out[2048];

	forget_runs("sweep-holds");
	expect_cron("sweep-holds", "late");	/* never ran */
	ck_assert_msg(run_job("sweep-holds", out, sizeof(out)) == 0, "%s", out);
	expect_cron("sweep-holds", "ok");
	fx_clock_offset(240);
	expect_cron("sweep-holds", "ok");
	fx_clock_offset(360);
	expect_cron("sweep-holds", "late");
	/* A run on the moved clock is on time again. */
	ck_assert_msg(run_job("sweep-holds", out, sizeof(out)) == 0, "%s", out);
	expect_cron("sweep-holds", "ok");
}
END_TEST

START_TEST(test_every_cron_job_records_its_good_run)
{
	const char *jobs[] = { "settle-payments", "sweep-avatars",
	    "refresh-movies" };
	char	 out[4096];

	for (int i = 0; i < 3; i++) {
		forget_runs(jobs[i]);
		expect_cron(jobs[i], "late");
		ck_assert_msg(run_job(jobs[i], out, sizeof(out)) == 0, "%s: %s",
		    jobs[i], out);
		expect_cron(jobs[i], "ok");
	}
	/* Hourly jobs: still fine after an hour and a half, late past two. */
	fx_clock_offset(5400);
	expect_cron("sweep-avatars", "ok");
	fx_clock_offset(7300);
	expect_cron("sweep-avatars", "late");
	expect_cron("refresh-movies", "late");
}
END_TEST

START_TEST(test_cron_jobs_stand_down_in_maintenance)
{
	const char *jobs[] = { "sweep-holds", "settle-payments",
	    "sweep-avatars", "refresh-movies" };
	struct fx_account tc;
	char	*admin = fx_login("admin"), *tok, out[2048], body[256], q[256];
	char	*v;
	long long show, id;
	struct hresp *r;

	/* A hold that lapses: a sweeper that ran would mark it expired. */
	fx_signup("ops", &tc);
	tok = login(tc.username, tc.password);
	show = fx_show(admin, 1, (int)fx_screen_like(1), 50000);
	snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":[\"A1\"]}",
	    show);
	r = api("POST", "/api/bookings", body, tok);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	id = jint(r->json, "data.id");
	hresp_free(r);
	fx_clock_offset(400);

	maintenance_on(MSG);
	for (int i = 0; i < 4; i++) {
		forget_runs(jobs[i]);
		ck_assert_int_eq(run_job(jobs[i], out, sizeof(out)), 0);
		ck_assert_msg(out[0] == '\0', "%s said: %s", jobs[i], out);
	}
	snprintf(q, sizeof(q), "SELECT status FROM bookings WHERE id = %lld", id);
	v = db_scalar(q);
	ck_assert_str_eq(v, "pending");
	free(v);
	ck_assert_int_eq(skyfoxctl("maintenance off"), 0);
	for (int i = 0; i < 4; i++)
		expect_cron(jobs[i], "late");

	/* Back from maintenance, the sweeper does its work again. */
	ck_assert_int_eq(run_job("sweep-holds", out, sizeof(out)), 0);
	v = db_scalar(q);
	ck_assert_str_eq(v, "expired");
	free(v);
	expect_cron("sweep-holds", "ok");
	free(tok);
	free(admin);
}
END_TEST

Suite *
ops_suite(void)
{
	Suite	*s = suite_create("ops");
	TCase	*m = tcase_create("maintenance");
	TCase	*c = tcase_create("cron");

	tcase_set_timeout(m, 60);
	tcase_add_checked_fixture(m, site_normal, NULL);
	tcase_add_unchecked_fixture(m, NULL, site_normal);
	tcase_add_test(m,
	    test_maintenance_makes_every_resource_answer_503_with_the_message);
	tcase_add_test(m, test_health_in_maintenance_says_why_without_the_database);
	tcase_add_test(m, test_maintenance_off_brings_the_site_back);
	tcase_add_test(m, test_maintenance_without_message_says_the_default);
	tcase_add_test(m, test_skyfoxctl_maintenance_refuses_bad_usage);
	tcase_add_test(m,
	    test_a_fresh_install_is_published_and_private_from_the_start);
	tcase_add_test(m,
	    test_files_a_cgi_creates_are_private_whatever_apaches_umask);
	suite_add_tcase(s, m);
	tcase_set_timeout(c, 60);
	tcase_add_checked_fixture(c, site_normal, NULL);
	tcase_add_unchecked_fixture(c, NULL, site_normal);
	tcase_add_test(c, test_health_lists_every_cron_job);
	tcase_add_test(c, test_sweep_holds_run_is_ok_then_late_six_minutes_on);
	tcase_add_test(c, test_every_cron_job_records_its_good_run);
	tcase_add_test(c, test_cron_jobs_stand_down_in_maintenance);
	suite_add_tcase(s, c);
	return s;
}
