/* Backups that restore a whole site, with skyfoxctl while the real site
 * runs: one archive of database, keys, skyfox.conf and photos, taken under
 * a crowd of bookings; a restore that brings every confirmed ticket back
 * (its QR code still opens the door), refuses bad archives without
 * touching the site, runs under maintenance, and leaves no stray files;
 * rotation through the real command. */
#include <check.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "backup_fixture.h"
#include "client.h"
#include "fixture.h"
#include "images.h"

#define RESTORE_MSG	"Restoring from a backup; back in a minute."
#define CROWD		4

/* The crowd's shows: the suite's own movie, on screens of their own. */
static const struct fx_film film = {
	"tt7700016", "Backup Test Movie", "Backup Screen", 2, 20000, NULL
};

/* GET /api/users/me/avatar's URL and the photo's file name in it. */
static char *
photo_url(const char *token, char name[64])
{
	struct hresp *r = api("GET", "/api/users/me/avatar", NULL, token);
	const char *u, *p;
	char	*url;

	ck_assert_msg(r->status == 200, "avatar url: %ld %s", r->status,
	    r->body);
	u = jstr(r->json, "data.url");
	ck_assert_ptr_nonnull(p = strstr(u, "/api/avatars/"));
	snprintf(name, 64, "%.*s", (int)strcspn(p + 13, "?"), p + 13);
	url = strdup(u);
	hresp_free(r);
	return url;
}

static void
expect_photo_served(const char *url)
{
	struct hresp *r = http("GET", url, NULL, NULL, 0, NULL);

	ck_assert_msg(r->status == 200, "%s: %ld", url, r->status);
	ck_assert_str_eq(hdr(r, "Content-Type"), "image/jpeg");
	ck_assert(r->len > 3 && (unsigned char)r->body[0] == 0xff &&
	    (unsigned char)r->body[1] == 0xd8);
	hresp_free(r);
}

static char *
ticket_code(const char *token, long long id)
{
	char	 path[64], *code;
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/tickets/%lld", id);
	r = api("GET", path, NULL, token);
	ck_assert_msg(r->status == 200, "ticket %lld: %ld %s", id, r->status,
	    r->body);
	code = strdup(jstr(r->json, "data.code"));
	hresp_free(r);
	return code;
}

static char *
public_key(void)
{
	struct hresp *r = api("GET", "/api/checkins/key", NULL, NULL);
	char	*k;

	ck_assert_int_eq(r->status, 200);
	k = strdup(jstr(r->json, "data.public_key"));
	hresp_free(r);
	return k;
}

static int
in_maintenance(void)
{
	char	*p = bf_data("maintenance");
	int	 on = access(p, F_OK) == 0;

	free(p);
	return on;
}

static void
expect_site_answers(void)
{
	struct hresp *r = api("GET", "/api/health", NULL, NULL);

	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	ck_assert(!in_maintenance());
}

/* Both listings the tests compare: the data directory and backups/. */
static char *
site_files(void)
{
	char	*a = bf_listing(""), *b = bf_listing("backups"), *s;

	ck_assert_int_ne(asprintf(&s, "%s\n--- backups:\n%s", a, b), -1);
	free(a);
	free(b);
	return s;
}

/* Run skyfoxctl; assert its exit status; its output (malloc'd). */
static char *
ctl_expect(const char *args, int want_ok)
{
	int	 rc;
	char	*out = bf_ctl(args, &rc);

	ck_assert_msg(want_ok ? rc == 0 : rc != 0,
	    "skyfoxctl %s: exit %d\n%s", args, rc, out);
	return out;
}

START_TEST(test_backup_then_restore_brings_back_the_old_state)
{
	char	 args[1024], cmd[1400], *n;
	struct hresp *r;

	snprintf(args, sizeof(args), "backup %s/backups/test-backup.tar.gz",
	    getenv("SKYFOX_DATA"));
	ck_assert_int_eq(skyfoxctl(args), 0);

	/* A change after the backup … */
	snprintf(cmd, sizeof(cmd), "echo 'Later#2026' | %s/bin/skyfoxctl "
	    "add-user staff laterstaff 'Later Staff' 7 >/dev/null 2>&1",
	    getenv("SKYFOX_ROOT"));
	ck_assert_int_eq(system(cmd), 0);
	n = db_scalar("SELECT count(*) FROM users WHERE username='laterstaff'");
	ck_assert_str_eq(n, "1");
	free(n);

	/* … is gone after restoring it, and the site still answers. */
	snprintf(args, sizeof(args), "restore %s/backups/test-backup.tar.gz",
	    getenv("SKYFOX_DATA"));
	ck_assert_int_eq(skyfoxctl(args), 0);
	n = db_scalar("SELECT count(*) FROM users WHERE username='laterstaff'");
	ck_assert_str_eq(n, "0");
	free(n);
	r = api("GET", "/api/health", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
}
END_TEST

START_TEST(test_restore_refuses_a_file_that_is_not_a_database)
{
	char	 path[1024], args[1100];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/backups/garbage.db",
	    getenv("SKYFOX_DATA"));
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("this is not SQLite\n", f);
	fclose(f);
	snprintf(args, sizeof(args), "restore %s", path);
	ck_assert_int_ne(skyfoxctl(args), 0);
	ck_assert_int_eq(skyfoxctl("check"), 0);
}
END_TEST

/* The names in backups/ after a backup to FILE: those before, plus it. */
static void
expect_backups_plus(const char *before, const char *name)
{
	char	 cmd[4096], *after = bf_listing("backups"), *want;

	snprintf(cmd, sizeof(cmd), "printf '%%s\\n%%s\\n' '%s' '%s' | "
	    "grep -v '^$' | LC_ALL=C sort", before, name);
	want = shell_output(cmd);
	ck_assert_str_eq(after, want);
	free(want);
	free(after);
}

static void
expect_archive_members(const char *path, const char *photo)
{
	char	 cmd[1400], *toc, *first;

	snprintf(cmd, sizeof(cmd), "tar -tvzf '%s'; echo .", path);
	toc = shell_output(cmd);	/* ends "\n.": every name ends a line */
	first = strndup(toc, strcspn(toc, "\n"));
	ck_assert_msg(strncmp(first, "-rw------- 0/0", 14) == 0 &&
	    strstr(first, " MANIFEST") != NULL, "MANIFEST is not first:\n%s",
	    toc);
	for (const char *want = "skyfox.db\0secret.key\0ticket-sign.key\0"
	    "ticket-sign.pub\0skyfox.conf\0"; *want; want += strlen(want) + 1) {
		snprintf(cmd, sizeof(cmd), " %s\n", want);
		ck_assert_msg(strstr(toc, cmd) != NULL, "no %s in\n%s", want,
		    toc);
	}
	snprintf(cmd, sizeof(cmd), " avatars/%s\n", photo);
	ck_assert_msg(strstr(toc, cmd) != NULL, "no photo %s in\n%s", photo,
	    toc);
	ck_assert_msg(strstr(toc, ".tmp") == NULL && strstr(toc, "-rw-r") ==
	    NULL && strstr(toc, "\nd") == NULL, "%s", toc);
	free(first);
	free(toc);
}

/* Copy the photo file name to path (an upload's temp file); path. */
static const char *
url_file_copy(const char *photo, const char *path)
{
	char	 cmd[1400];

	snprintf(cmd, sizeof(cmd), "cp \"$SKYFOX_DATA/avatars/%s\" '%s'",
	    photo, path);
	ck_assert_int_eq(system(cmd), 0);
	return path;
}

/* What the archive holds, as tar(1) sees it. */
START_TEST(test_backup_is_one_archive_of_db_keys_conf_and_photos)
{
	struct fx_account tc;
	char	*before, *path = bf_data("backups/whole.tar.gz");
	char	*tok, *url, photo[64], cmd[1400], *out, *m, *tmp;
	struct stat st;

	fx_signup("bk", &tc);
	tok = login(tc.username, tc.password);
	url = photo_url(tok, photo);
	/* an upload under way (nothing serves it) is no photo yet */
	snprintf(cmd, sizeof(cmd), "avatars/%s.tmp", photo);
	tmp = bf_data(cmd);
	free(bf_read(url_file_copy(photo, tmp), NULL));
	before = bf_listing("backups");
	snprintf(cmd, sizeof(cmd), "backup %s", path);
	free(ctl_expect(cmd, 1));
	unlink(tmp);
	free(tmp);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* Nothing else appeared: no temp database, no .part. */
	expect_backups_plus(before, "whole.tar.gz");
	expect_archive_members(path, photo);

	snprintf(cmd, sizeof(cmd), "tar -xzOf '%s' MANIFEST", path);
	m = shell_output(cmd);
	ck_assert_msg(strncmp(m, "skyfox-backup 1\nschema ", 23) == 0 &&
	    strstr(m, "\ncinema SkyFox Cinema\n") != NULL &&
	    strstr(m, "\ncreated 20") != NULL && strstr(m, "\nmembers ") !=
	    NULL, "MANIFEST:\n%s", m);
	/* The database in it is whole, in rollback mode (no -wal needed). */
	snprintf(cmd, sizeof(cmd), "d=$(mktemp -d) && tar -xzf '%s' -C \"$d\" "
	    "skyfox.db && sqlite3 \"$d/skyfox.db\" 'PRAGMA integrity_check; "
	    "PRAGMA journal_mode' | tr '\\n' ' '; rm -rf \"$d\"", path);
	out = shell_output(cmd);
	ck_assert_str_eq(out, "ok delete ");
	free(out);
	unlink(path);
	free(m);
	free(url);
	free(tok);
	free(before);
	free(path);
}
END_TEST

/* A backup that cannot be finished (a key it cannot read) leaves nothing
 * behind: no archive, no .part, no temp database. */
START_TEST(test_failed_backup_leaves_nothing_behind)
{
	char	*key = bf_data("ticket-sign.key"), *before, *after;
	char	*target = bf_data("backups/never.tar.gz"), args[1100];
	char	*out1, *out2;
	int	 rc1, rc2;

	before = site_files();
	snprintf(args, sizeof(args), "backup %s", target);
	ck_assert_int_eq(chmod(key, 0), 0);	/* skyfoxctl cannot read it */
	out1 = bf_ctl("backup", &rc1);
	out2 = bf_ctl(args, &rc2);
	ck_assert_int_eq(chmod(key, 0600), 0);
	after = site_files();
	ck_assert_msg(rc1 != 0 && strstr(out1, "ticket-sign.key") != NULL,
	    "exit %d: %s", rc1, out1);
	ck_assert_msg(rc2 != 0, "exit %d: %s", rc2, out2);
	ck_assert_str_eq(before, after);
	free(out1);
	free(out2);
	free(before);
	free(after);
	free(key);
	free(target);
}
END_TEST

/* --- a) a backup under a crowd, a restore after more changes ---------- */

struct load_site {
	struct fx_account tc[CROWD];
	char		*tok[CROWD];
	long long	 show[CROWD];
	char		 photo[CROWD][64];
};

static void
load_setup(struct load_site *ls)
{
	for (int i = 0; i < CROWD; i++) {
		fx_signup("ld", &ls->tc[i]);
		ls->tok[i] = login(ls->tc[i].username, ls->tc[i].password);
		/* in half an hour: holds are open, and so is the door */
		ls->show[i] = fx_sql_show_in(&film, 30);
		free(photo_url(ls->tok[i], ls->photo[i]));
	}
}

/* After the backup: a new photo for the first customer, a new staff
 * account, and new keys (a site that lost them). */
static void
change_after_backup(struct load_site *ls, const char *key0)
{
	size_t	 n;
	unsigned char *jpg = img_make("JPEG", 400, 300, 1, NULL, &n);
	char	 sha[65], *b64 = img_base64(jpg, n), *body, cmd[1400], *k;
	struct hresp *r;

	img_sha256_hex(jpg, n, sha);
	ck_assert_int_ne(asprintf(&body, "{\"avatar\":\"%s\",\"avatar_sha256\":"
	    "\"%s\",\"security_answer\":\"%s\"}", b64, sha,
	    ls->tc[0].answer), -1);
	r = api("PUT", "/api/users/me/avatar", body, ls->tok[0]);
	ck_assert_msg(r->status == 200, "new photo: %ld %s", r->status,
	    r->body);
	hresp_free(r);
	snprintf(cmd, sizeof(cmd), "echo 'Later#2026' | %s/bin/skyfoxctl "
	    "add-user staff afterbackup 'After Backup' 9 >/dev/null 2>&1",
	    getenv("SKYFOX_ROOT"));
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "cd '%s' && head -c 32 /dev/urandom > "
	    "secret.key && rm ticket-sign.key ticket-sign.pub",
	    getenv("SKYFOX_DATA"));
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(skyfoxctl("migrate"), 0);
	k = public_key();
	ck_assert_str_ne(k, key0);
	free(k);
	free(body);
	free(b64);
	free(jpg);
}

/* The door takes every ticket confirmed before the backup. */
static void
expect_checked_in(char **codes, int n)
{
	char	*staff = fx_login("staff");

	for (int from = 0; from < n; from += 50) {
		cJSON	*j = cJSON_CreateObject();
		cJSON	*a = cJSON_AddArrayToObject(j, "codes");
		char	*body;
		struct hresp *r;
		int	 k = n - from < 50 ? n - from : 50;

		for (int i = from; i < from + k; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(codes[i]));
		body = cJSON_PrintUnformatted(j);
		r = api("POST", "/api/checkins", body, staff);
		ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
		ck_assert_msg(cJSON_GetArraySize(jget(r->json,
		    "data.checked_in")) == k, "not all checked in: %s",
		    r->body);
		hresp_free(r);
		free(body);
		cJSON_Delete(j);
	}
	free(staff);
}

static void
expect_restored(struct load_site *ls, struct bf_crowd *cr, long long t0,
    long long t1, char **codes, int ncodes, const char *key0)
{
	char	 q[256], name[64], *url, *k;

	for (int i = 0; i < cr->nbooked; i++) {
		const struct bf_booked *b = &cr->booked[i];

		snprintf(q, sizeof(q), "SELECT coalesce((SELECT status FROM "
		    "bookings WHERE id = %lld), 'gone')", b->id);
		k = db_scalar(q);
		if (b->at_ns < t0)
			ck_assert_msg(strcmp(k, "confirmed") == 0,
			    "booking %lld confirmed before the backup is %s",
			    b->id, k);
		else if (b->held_ns > t1)
			ck_assert_msg(strcmp(k, "gone") == 0,
			    "booking %lld made after the backup is %s", b->id,
			    k);
		free(k);
	}
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM users WHERE "
	    "username = 'afterbackup'"), 0);
	k = public_key();
	ck_assert_str_eq(k, key0);
	free(k);
	for (int i = 0; i < CROWD; i++) {
		char	*tok = login(ls->tc[i].username, ls->tc[i].password);

		url = photo_url(tok, name);
		ck_assert_str_eq(name, ls->photo[i]);
		expect_photo_served(url);
		free(url);
		free(tok);
	}
	expect_checked_in(codes, ncodes);
}

START_TEST(test_backup_under_load_restores_every_confirmed_booking)
{
	static struct load_site ls;
	static struct bf_crowd cr;
	char	*path = bf_data("backups/load.tar.gz"), args[1100], *key0;
	char	*codes[BF_BOOKINGS], *files0, *files1;
	long long t0, t1, t2;
	int	 ncodes = 0, nafter = 0;
	struct stat st;

	load_setup(&ls);
	key0 = public_key();
	bf_crowd_start(&cr, CROWD, ls.tok, ls.show);
	/* The crowd has paid for some before the backup, and goes on after
	 * it: wait for those bookings themselves, as the workers timed them
	 * (the database may count one whose answer is still on its way). */
	bf_crowd_wait(&cr, CROWD);
	snprintf(args, sizeof(args), "backup %s", path);
	t0 = bf_now_ns();
	free(ctl_expect(args, 1));
	t1 = bf_now_ns();
	/* CROWD + 1 more: some worker finished two after t1, and the second
	 * of those was held after t1. */
	bf_crowd_wait(&cr, bf_crowd_wait(&cr, 0) + CROWD + 1);
	bf_crowd_stop(&cr);
	for (int i = 0; i < cr.nbooked; i++)
		if (cr.booked[i].at_ns < t0)
			codes[ncodes++] = ticket_code(ls.tok[cr.booked[i].worker],
			    cr.booked[i].id);
		else
			nafter += cr.booked[i].held_ns > t1;
	ck_assert_msg(ncodes >= CROWD && nafter >= 1, "%d bookings before "
	    "the backup, %d after, %d failed", ncodes, nafter, cr.failed);
	ck_assert_int_eq(stat(path, &st), 0);

	change_after_backup(&ls, key0);
	files0 = site_files();
	snprintf(args, sizeof(args), "restore %s", path);
	t2 = bf_now_ns();
	free(ctl_expect(args, 1));
	fprintf(stderr, "backup under load: %.2f s, %lld bytes (%d bookings "
	    "before it, %d during, %d after); restore: %.2f s\n",
	    (t1 - t0) / 1e9, (long long)st.st_size, ncodes, cr.nbooked -
	    ncodes - nafter, nafter, (bf_now_ns() - t2) / 1e9);
	files1 = site_files();
	ck_assert_str_eq(files0, files1);
	expect_site_answers();
	expect_restored(&ls, &cr, t0, t1, codes, ncodes, key0);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	for (int i = 0; i < ncodes; i++)
		free(codes[i]);
	for (int i = 0; i < CROWD; i++)
		free(ls.tok[i]);
	unlink(path);
	free(path);
	free(key0);
	free(files0);
	free(files1);
}
END_TEST

/* --- b) refusals ---------------------------------------------------------- */

/* A database that SQLite opens but integrity_check fails: an index
 * declared DESC over entries stored ascending. */
static char *
corrupt_db(size_t *n)
{
	char	 cmd[1024], *p, *v = db_scalar("PRAGMA user_version");
	char	 path[] = "/tmp/skyfox-corrupt.XXXXXX";
	int	 fd = mkstemp(path);

	close(fd);
	unlink(path);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"CREATE TABLE t(a); "
	    "CREATE INDEX ti ON t(a); WITH RECURSIVE c(x) AS (SELECT 1 UNION "
	    "ALL SELECT x + 1 FROM c WHERE x < 2000) INSERT INTO t SELECT "
	    "x * 7 %% 1000 FROM c; PRAGMA user_version = %s; PRAGMA "
	    "writable_schema = ON; UPDATE sqlite_schema SET sql = 'CREATE "
	    "INDEX ti ON t(a DESC)' WHERE name = 'ti';\"", path, v);
	ck_assert_int_eq(system(cmd), 0);
	p = bf_read(path, n);
	unlink(path);
	free(v);
	return p;
}

/* The bad archives, in backups/; their names and why each is refused. */
static int
make_bad_archives(const char *good, char names[8][64], const char *why[8])
{
	size_t	 n, dbn, k1, k2, cn;
	char	*g = bf_read(good, &n), *db = corrupt_db(&dbn), *p;
	char	*sk = bf_data("secret.key"), *tk = bf_data("ticket-sign.key");
	char	*ks = bf_read(sk, &k1), *kt = bf_read(tk, &k2);
	char	*conf = bf_read(getenv("SKYFOX_CONF"), &cn);
	char	*m5 = bf_manifest(5), *m2 = bf_manifest(2);
	struct bf_member corrupt[] = { { "MANIFEST", '0', m5, strlen(m5) },
	    { "skyfox.db", '0', db, dbn }, { "secret.key", '0', ks, k1 },
	    { "ticket-sign.key", '0', kt, k2 }, { "skyfox.conf", '0', conf,
	    cn } };
	struct bf_member climb[] = { { "MANIFEST", '0', m2, strlen(m2) },
	    { "../skyfox.conf", '0', conf, cn } };
	struct bf_member link[] = { { "MANIFEST", '0', m2, strlen(m2) },
	    { "skyfox.db", '2', "", 0 } };
	FILE	*f;

#define BAD(i, name, reason) (snprintf(names[i], 64, "%s", name), \
	    why[i] = reason, p = bf_data(names[i]))
	BAD(0, "backups/garbage.tar.gz", "not a SkyFox backup");
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	for (int i = 0; i < 100; i++)
		fputs("this is not a backup at all\n", f);
	fclose(f);
	free(p);
	BAD(1, "backups/half.tar.gz", "truncated");
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fwrite(g, 1, n / 2, f);
	fclose(f);
	free(p);
	BAD(2, "backups/cut.tar.gz", "truncated");	/* only its trailer */
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fwrite(g, 1, n - 4, f);
	fclose(f);
	free(p);
	BAD(3, "backups/climb.tar.gz", "unsafe member name");
	bf_archive(p, climb, 2);
	free(p);
	BAD(4, "backups/link.tar.gz", "not a regular file");
	bf_archive(p, link, 2);
	free(p);
	BAD(5, "backups/corrupt.tar.gz", "integrity");
	bf_archive(p, corrupt, 5);
	free(p);
#undef BAD
	free(g), free(db), free(sk), free(tk), free(ks), free(kt);
	free(conf), free(m5), free(m2);
	return 6;
}

START_TEST(test_restore_refuses_bad_archives_and_leaves_the_site_alone)
{
	char	*good = bf_data("backups/good.tar.gz"), args[1200], *out;
	char	 names[8][64], *files0, *files1;
	const char *why[8];
	long long users;
	int	 n, rc;

	snprintf(args, sizeof(args), "backup %s", good);
	free(ctl_expect(args, 1));
	n = make_bad_archives(good, names, why);
	files0 = site_files();
	users = fx_sql_int("SELECT count(*) FROM users");
	for (int i = 0; i < n; i++) {
		snprintf(args, sizeof(args), "restore %s/%s",
		    getenv("SKYFOX_DATA"), names[i]);
		out = bf_ctl(args, &rc);
		ck_assert_msg(rc != 0 && strstr(out, why[i]) != NULL,
		    "%s: exit %d, wanted \"%s\":\n%s", names[i], rc, why[i],
		    out);
		ck_assert_msg(!in_maintenance(), "%s left maintenance on",
		    names[i]);
		files1 = site_files();
		ck_assert_str_eq(files0, files1);
		free(files1);
		free(out);
	}
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM users"), users);
	expect_site_answers();
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(files0);
	free(good);
}
END_TEST

/* --- c) rotation through the real command -------------------------------- */

static void
touch_backup(const char *name)
{
	char	*p = bf_data(name);
	FILE	*f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fclose(f);
	free(p);
}

static int
backup_exists(const char *name)
{
	char	*p = bf_data(name);
	int	 ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

static const char *const others[] = { "backups/skyfox-20210501-080000.db",
    "backups/mine.tar.gz", "backups/skyfox-20210501-0800.tar.gz",
    "backups/notes.txt", "backups/skyfox-20210501-080000.tar.gz.part" };

START_TEST(test_backup_rotation_keeps_hourly_and_daily_and_nothing_else)
{
	char	 name[128], *newest;
	int	 kept = 0;

	for (int d = 1; d <= 5; d++)
		for (int h = 8; h <= 16; h += 4) {
			snprintf(name, sizeof(name), "backups/skyfox-202105%02d-"
			    "%02d0000.tar.gz", d, h);
			touch_backup(name);
		}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		touch_backup(others[i]);
	conf_set("backup_keep_hourly", "3");
	conf_set("backup_keep_daily", "3");
	free(ctl_expect("backup", 1));
	/* hourly 3: today's new one, the 5th 16:00 and 12:00; daily 3:
	 * today, the 5th (16:00), the 4th (16:00) */
	for (int d = 1; d <= 5; d++)
		for (int h = 8; h <= 16; h += 4) {
			int	 keep = (d == 5 && h >= 12) || (d == 4 && h == 16);

			snprintf(name, sizeof(name), "backups/skyfox-202105%02d-"
			    "%02d0000.tar.gz", d, h);
			ck_assert_msg(backup_exists(name) == keep, "%s %s", name,
			    keep ? "deleted" : "kept");
		}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ck_assert_msg(backup_exists(others[i]), "%s deleted", others[i]);
	newest = shell_output("cd \"$SKYFOX_DATA/backups\" && ls | grep -c "
	    "'^skyfox-[0-9]\\{8\\}-[0-9]\\{6\\}\\.tar\\.gz$'");
	kept = atoi(newest);
	free(newest);
	ck_assert_int_eq(kept, 4);

	/* The old key: backup_keep is the number of days when the new one
	 * is not set. */
	conf_set("backup_keep_daily", NULL);
	conf_set("backup_keep_hourly", "1");
	conf_set("backup_keep", "2");
	/* another second's name: move the site's clock, never sleep */
	fx_clock_offset(1);
	free(ctl_expect("backup", 1));
	fx_clock_back();
	ck_assert(backup_exists("backups/skyfox-20210505-160000.tar.gz"));
	ck_assert(!backup_exists("backups/skyfox-20210505-120000.tar.gz"));
	ck_assert(!backup_exists("backups/skyfox-20210504-160000.tar.gz"));
	newest = shell_output("cd \"$SKYFOX_DATA/backups\" && ls | grep -c "
	    "'^skyfox-[0-9]\\{8\\}-[0-9]\\{6\\}\\.tar\\.gz$'");
	ck_assert_str_eq(newest, "2");
	free(newest);
	conf_set("backup_keep_hourly", NULL);
	conf_set("backup_keep", NULL);
	free(shell_output("cd \"$SKYFOX_DATA/backups\" && rm -f skyfox-* "
	    "mine.tar.gz notes.txt"));
}
END_TEST

/* --- d) the site is in maintenance while a restore runs ------------------- */

/* A child holding the database's write lock (as the data dir's owner)
 * until told to let go: the restore must wait for it, in maintenance. */
static pid_t
hold_write_lock(int *release)
{
	int	 locked[2], go[2];
	pid_t	 pid;
	char	 c;

	ck_assert_int_eq(pipe(locked), 0);
	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		struct passwd *pw = getpwnam("www-data");
		char	*db = bf_data("skyfox.db");
		sqlite3	*h;

		if (getuid() == 0 && pw != NULL &&
		    (setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0))
			_exit(1);
		if (sqlite3_open(db, &h) != SQLITE_OK ||
		    sqlite3_busy_timeout(h, 10000) != SQLITE_OK ||
		    sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK || write(locked[1], "L", 1) != 1)
			_exit(1);
		if (read(go[0], &c, 1) < 0)
			_exit(1);
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(h);
		_exit(0);
	}
	close(locked[1]);
	close(go[0]);
	ck_assert_int_eq(read(locked[0], &c, 1), 1);
	close(locked[0]);
	*release = go[1];
	return pid;
}

START_TEST(test_site_is_in_maintenance_while_restoring)
{
	char	*path = bf_data("backups/during.tar.gz"), args[1200], *msg;
	char	*mfile = bf_data("maintenance");
	pid_t	 locker, restore;
	int	 release, st, waited = 0;
	long	 status;
	struct hresp *r;

	snprintf(args, sizeof(args), "backup %s", path);
	free(ctl_expect(args, 1));
	locker = hold_write_lock(&release);
	ck_assert_int_ne(restore = fork(), -1);
	if (restore == 0) {
		close(release);		/* the locker waits for its end */
		snprintf(args, sizeof(args), "exec %s/bin/skyfoxctl restore %s "
		    ">/dev/null 2>&1", getenv("SKYFOX_ROOT"), path);
		execl("/bin/sh", "sh", "-c", args, (char *)NULL);
		_exit(127);
	}
	while (!in_maintenance() && waited++ < 1500)	/* 15 s */
		usleep(10 * 1000);
	msg = in_maintenance() ? bf_read(mfile, NULL) : strdup("");
	/* still restoring: it waits for the lock; customers are told */
	ck_assert_int_eq(waitpid(restore, &st, WNOHANG), 0);
	r = api("GET", "/api/shows", NULL, NULL);
	status = r->status;
	hresp_free(r);
	ck_assert_int_eq(write(release, "G", 1), 1);
	close(release);
	waitpid(locker, &st, 0);
	for (waited = 0; waitpid(restore, &st, WNOHANG) == 0; waited++) {
		if (waited == 6000) {		/* a minute */
			kill(restore, SIGKILL);
			ck_abort_msg("the restore did not finish");
		}
		usleep(10 * 1000);
	}
	ck_assert_msg(strstr(msg, RESTORE_MSG) != NULL, "maintenance file "
	    "during the restore: \"%s\"", msg);
	ck_assert_int_eq(status, 503);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "restore: %d", st);
	expect_site_answers();
	unlink(path);
	free(path);
	free(mfile);
	free(msg);
}
END_TEST

/* --- compatibility and a conf from another site ---------------------------- */

START_TEST(test_restore_of_an_old_db_backup_restores_the_database_only)
{
	char	*old = bf_data("backups/skyfox-20240101-000000.db"), cmd[1400];
	char	*key0 = public_key(), *out, *k;

	snprintf(cmd, sizeof(cmd), "cd / && %s sqlite3 '%s/skyfox.db' "
	    "\".backup '%s'\"", getuid() == 0 ? "runuser -u www-data --" : "",
	    getenv("SKYFOX_DATA"), old);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "echo 'Later#2026' | %s/bin/skyfoxctl "
	    "add-user staff olddbstaff 'Old Db Staff' 8 >/dev/null 2>&1",
	    getenv("SKYFOX_ROOT"));
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "restore %s", old);
	out = ctl_expect(cmd, 1);
	ck_assert_msg(strstr(out, "database only") != NULL, "%s", out);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM users WHERE "
	    "username = 'olddbstaff'"), 0);
	k = public_key();
	ck_assert_str_eq(k, key0);
	expect_site_answers();
	ck_assert_int_eq(skyfoxctl("check"), 0);
	unlink(old);
	free(old);
	free(out);
	free(k);
	free(key0);
}
END_TEST

/* An archive from a site with other paths (repacked here by GNU tar, as a
 * sysadmin might): the database, keys and photos come back; the conf is
 * left beside the live one. */
START_TEST(test_restore_keeps_the_conf_of_another_site_aside)
{
	char	*good = bf_data("backups/other.tar.gz"), args[1200], cmd[2400];
	char	*conf0 = bf_read(getenv("SKYFOX_CONF"), NULL), *conf1, *out;
	char	*aside = bf_data("skyfox.conf.from-backup"), *c;

	snprintf(args, sizeof(args), "backup %s", good);
	free(ctl_expect(args, 1));
	snprintf(cmd, sizeof(cmd), "set -e; d=$(mktemp -d); cd \"$d\"; "
	    "tar -xzf '%s'; sed -i 's|^data_dir.*|data_dir = /srv/elsewhere|' "
	    "skyfox.conf; tar --format=ustar -czf '%s' MANIFEST skyfox.db "
	    "secret.key ticket-sign.key ticket-sign.pub skyfox.conf "
	    "$(ls avatars/* 2>/dev/null); cd /; rm -rf \"$d\"; chmod 644 '%s'",
	    good, good, good);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(args, sizeof(args), "restore %s", good);
	out = ctl_expect(args, 1);
	ck_assert_msg(strstr(out, "skyfox.conf.from-backup") != NULL, "%s",
	    out);
	conf1 = bf_read(getenv("SKYFOX_CONF"), NULL);
	ck_assert_str_eq(conf1, conf0);
	c = bf_read(aside, NULL);
	ck_assert_ptr_nonnull(strstr(c, "data_dir = /srv/elsewhere"));
	expect_site_answers();
	unlink(aside);
	unlink(good);
	free(c), free(out), free(conf0), free(conf1), free(aside), free(good);
}
END_TEST

/* A restore that fails after the database went in (here: the ticket's
 * public key file is configured as a directory, so the keys cannot go in
 * place) puts the database back and stays in maintenance. */
START_TEST(test_failed_restore_rolls_back_and_stays_in_maintenance)
{
	char	*path = bf_data("backups/rollback.tar.gz"), *dir, args[1200];
	char	 cmd[1400], *key0, *key1, *out, *files;
	size_t	 n0, n1;
	int	 rc;

	snprintf(args, sizeof(args), "backup %s", path);
	free(ctl_expect(args, 1));
	snprintf(cmd, sizeof(cmd), "echo 'Later#2026' | %s/bin/skyfoxctl "
	    "add-user staff rollbackstaff 'Roll Back' 6 >/dev/null 2>&1",
	    getenv("SKYFOX_ROOT"));
	ck_assert_int_eq(system(cmd), 0);
	dir = bf_data("pub-is-a-directory");
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	conf_set("ticket_pub_file", dir);
	key0 = bf_data("secret.key");
	key1 = bf_read(key0, &n1);
	snprintf(args, sizeof(args), "restore %s", path);
	out = bf_ctl(args, &rc);
	conf_set("ticket_pub_file", NULL);
	rmdir(dir);
	files = bf_listing("");
	ck_assert_msg(rc != 0 && strstr(out, "put back as it was") != NULL &&
	    strstr(out, "maintenance off") != NULL, "exit %d:\n%s", rc, out);
	ck_assert(in_maintenance());
	free(shell_output("rm -f \"$SKYFOX_DATA/maintenance\""));
	/* the database is the one from before the restore */
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM users WHERE "
	    "username = 'rollbackstaff'"), 1);
	free(out);
	out = bf_read(key0, &n0);
	ck_assert(n0 == n1 && memcmp(out, key1, n0) == 0);
	ck_assert_msg(strstr(files, ".restore") == NULL, "%s", files);
	expect_site_answers();
	ck_assert_int_eq(skyfoxctl("check"), 0);
	unlink(path);
	free(path), free(dir), free(key0), free(key1), free(out), free(files);
}
END_TEST

static char *
health_backup_state(void)
{
	struct hresp *r = api("GET", "/api/health", NULL, NULL);
	char	*s = strdup(jstr(r->json, "data.cron.backup"));

	hresp_free(r);
	return s;
}

/* The hourly job (`skyfoxctl backup`, no FILE) records its good runs, so
 * /api/health's "cron" says the backups are being taken. */
START_TEST(test_backup_tells_health_the_hourly_job_ran)
{
	char	*rec = bf_data("cron/backup"), *s, args[1200];
	char	*mine = bf_data("backups/named.tar.gz");

	unlink(rec);
	ck_assert_str_eq(s = health_backup_state(), "late");
	free(s);
	snprintf(args, sizeof(args), "backup %s", mine);
	free(ctl_expect(args, 1));		/* a FILE: not the job */
	ck_assert_str_eq(s = health_backup_state(), "late");
	free(s);
	free(ctl_expect("backup", 1));
	ck_assert_str_eq(s = health_backup_state(), "ok");
	free(s);
	unlink(mine);
	free(shell_output("cd \"$SKYFOX_DATA/backups\" && rm -f skyfox-*.tar.gz"));
	free(mine);
	free(rec);
}
END_TEST

Suite *
backup_suite(void)
{
	Suite	*s = suite_create("backup");
	TCase	*t = tcase_create("backup");

	tcase_set_timeout(t, 240);
	tcase_add_test(t, test_backup_then_restore_brings_back_the_old_state);
	tcase_add_test(t, test_restore_refuses_a_file_that_is_not_a_database);
	tcase_add_test(t, test_backup_is_one_archive_of_db_keys_conf_and_photos);
	tcase_add_test(t, test_failed_backup_leaves_nothing_behind);
	tcase_add_test(t, test_backup_under_load_restores_every_confirmed_booking);
	tcase_add_test(t, test_restore_refuses_bad_archives_and_leaves_the_site_alone);
	tcase_add_test(t, test_backup_rotation_keeps_hourly_and_daily_and_nothing_else);
	tcase_add_test(t, test_site_is_in_maintenance_while_restoring);
	tcase_add_test(t, test_restore_of_an_old_db_backup_restores_the_database_only);
	tcase_add_test(t, test_restore_keeps_the_conf_of_another_site_aside);
	tcase_add_test(t, test_failed_restore_rolls_back_and_stays_in_maintenance);
	tcase_add_test(t, test_backup_tells_health_the_hourly_job_ran);
	suite_add_tcase(s, t);
	return s;
}
