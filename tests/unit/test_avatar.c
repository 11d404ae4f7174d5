/* avatar: signed URLs (valid ≥ 24 h, tamper-proof, expiring), names,
 * base64 and SHA-256 checks, the image helper's timeout and failure
 * handling (with stand-in helpers, so no ImageMagick is needed here), an
 * upload taken in (avatar_accept) and a photo served through its link. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "accounts_db.h"
#include "avatar.h"
#include "clock.h"
#include "config.h"
#include "unit.h"
#include "workslot.h"

static const unsigned char KEY[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char KEY2[32] = "fedcba9876543210fedcba9876543210";
#define NAME	"0123456789abcdef0123456789abcdef.jpg"

START_TEST(test_url_lasts_at_least_a_day_and_verifies)
{
	char	 url[200], x[24], sig[AVATAR_SIG_LEN];
	time_t	 now = 1800000123, exp;

	avatar_url(KEY, NAME, now, url, sizeof(url), &exp);
	ck_assert_int_ge(exp - now, AVATAR_URL_SECONDS);
	ck_assert_int_lt(exp - now, AVATAR_URL_SECONDS + 3600);
	ck_assert_int_eq(exp % 3600, 0);
	ck_assert(strncmp(url, "/api/avatars/" NAME "?expires=", 13 + 36 + 9) == 0);
	snprintf(x, sizeof(x), "%lld", (long long)exp);
	snprintf(sig, sizeof(sig), "%s", strstr(url, "sig=") + 4);
	ck_assert_int_eq(avatar_verify(KEY, NAME, x, sig, now), 1);
	ck_assert_int_eq(avatar_verify(KEY, NAME, x, sig, exp - 1), 1);
	/* Expired, other key, other name, other expiry, changed signature. */
	ck_assert_int_eq(avatar_verify(KEY, NAME, x, sig, exp), 0);
	ck_assert_int_eq(avatar_verify(KEY2, NAME, x, sig, now), 0);
	ck_assert_int_eq(avatar_verify(KEY, "1123456789abcdef0123456789abcdef.jpg",
	    x, sig, now), 0);
	snprintf(x, sizeof(x), "%lld", (long long)exp + 1);
	ck_assert_int_eq(avatar_verify(KEY, NAME, x, sig, now), 0);
	snprintf(x, sizeof(x), "%lld", (long long)exp);
	sig[3] = sig[3] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(avatar_verify(KEY, NAME, x, sig, now), 0);
	ck_assert_int_eq(avatar_verify(KEY, NAME, NULL, sig, now), 0);
	ck_assert_int_eq(avatar_verify(KEY, NAME, x, NULL, now), 0);
	ck_assert_int_eq(avatar_verify(KEY, NAME, "12x", sig, now), 0);
	/* Asked again within the hour: the same URL (browser cache). */
	{
		char	 again[200];

		avatar_url(KEY, NAME, now + 60, again, sizeof(again), NULL);
		ck_assert_str_eq(url, again);
	}
}
END_TEST

START_TEST(test_names)
{
	ck_assert(avatar_name_ok(NAME));
	ck_assert(!avatar_name_ok("0123456789ABCDEF0123456789abcdef.jpg"));
	ck_assert(!avatar_name_ok("../../../../../../../../skyfox.db.jpg"));
	ck_assert(!avatar_name_ok("0123456789abcdef0123456789abcdef.png"));
	ck_assert(!avatar_name_ok(""));
	ck_assert(!avatar_name_ok(NULL));
}
END_TEST

START_TEST(test_base64_and_hash)
{
	struct buf b = BUF_INIT;

	ck_assert_int_eq(avatar_decode_base64("aGVsbG8=", &b), AVATAR_OK);
	ck_assert_int_eq(b.len, 5);
	ck_assert(memcmp(b.data, "hello", 5) == 0);
	ck_assert_int_eq(avatar_decode_base64("data:image/png;base64,aGVs\nbG8=",
	    &b), AVATAR_OK);
	ck_assert(memcmp(b.data, "hello", 5) == 0);
	ck_assert_int_eq(avatar_decode_base64("aGVsbG8", &b), AVATAR_OK);
	ck_assert_int_eq(avatar_decode_base64("a*b", &b), AVATAR_BAD_ENCODING);
	/* sha256("hello") */
	ck_assert(avatar_hash_matches("hello", 5, "2cf24dba5fb0a30e26e83b2ac5b9e2"
	    "9e1b161e5c1fa7425e73043362938b9824"));
	ck_assert(avatar_hash_matches("hello", 5, "2CF24DBA5FB0A30E26E83B2AC5B9E2"
	    "9E1B161E5C1FA7425E73043362938B9824"));
	ck_assert(!avatar_hash_matches("hellp", 5, "2cf24dba5fb0a30e26e83b2ac5b9e2"
	    "9e1b161e5c1fa7425e73043362938b9824"));
	ck_assert(!avatar_hash_matches("hello", 5, "2cf24dba"));
	ck_assert(!avatar_hash_matches("hello", 5, NULL));
	buf_free(&b);
}
END_TEST

START_TEST(test_base64_over_five_megabytes_is_too_large)
{
	size_t	 n = 7400000;
	char	*s = malloc(n + 1);
	struct buf b = BUF_INIT;

	memset(s, 'A', n);
	s[n] = '\0';
	ck_assert_int_eq(avatar_decode_base64(s, &b), AVATAR_TOO_LARGE);
	/* 5 MB + 3 bytes decoded: over by the decoded count. */
	n = (AVATAR_MAX_BYTES + 3) / 3 * 4;
	s[n] = '\0';
	ck_assert_int_eq(avatar_decode_base64(s, &b), AVATAR_TOO_LARGE);
	free(s);
	buf_free(&b);
}
END_TEST

/* A stand-in helper script; conf points image_helper at it. */
static void
helper_conf(struct conf *c, const char *script, int timeout, char path[64])
{
	char	 text[400], why[128];
	FILE	*f;

	snprintf(path, 64, "/tmp/skyfox-helper-%d.sh", (int)getpid());
	f = fopen(path, "w");
	fprintf(f, "#!/bin/sh\n%s\n", script);
	fclose(f);
	chmod(path, 0755);
	snprintf(text, sizeof(text), "data_dir = /tmp\nimage_helper = %s\n"
	    "image_timeout = %d\n", path, timeout);
	ck_assert_int_eq(conf_parse(c, text, why, sizeof(why)), 0);
}

START_TEST(test_helper_output_and_exit_codes)
{
	struct conf c;
	struct buf out = BUF_INIT;
	char	 path[64];

	helper_conf(&c, "cat >/dev/null; printf JPEGDATA", 5, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_OK);
	ck_assert_int_eq(out.len, 8);
	helper_conf(&c, "cat >/dev/null; exit 2", 5, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_INVALID);
	helper_conf(&c, "cat >/dev/null; exit 3", 5, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_TOO_LARGE);
	helper_conf(&c, "cat >/dev/null; exit 4", 5, path);	/* out of time */
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_BUSY);
	helper_conf(&c, "cat >/dev/null; exit 1", 5, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_INTERNAL);
	/* A helper that is not there. */
	unlink(path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_INTERNAL);
	buf_free(&out);
}
END_TEST

/* A helper that stops reading at once while we still have megabytes to
 * send: an error, not a SIGPIPE that kills us. */
START_TEST(test_helper_that_stops_reading)
{
	struct conf c;
	struct buf out = BUF_INIT;
	char	 path[64], *big = calloc(1, 4 * 1024 * 1024);

	helper_conf(&c, "exit 2", 5, path);
	ck_assert_int_eq(avatar_process(&c, big, 4 * 1024 * 1024, &out),
	    AVATAR_INVALID);
	unlink(path);
	free(big);
	buf_free(&out);
}
END_TEST

START_TEST(test_helper_that_hangs_is_killed)
{
	struct conf c;
	struct buf out = BUF_INIT;
	char	 path[64];
	time_t	 t0 = time(NULL);

	/* Out of time is no verdict on the photo: busy (503), not invalid. */
	helper_conf(&c, "exec sleep 30", 1, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_BUSY);
	ck_assert_int_le(time(NULL) - t0, 3);
	unlink(path);
	buf_free(&out);
}
END_TEST

/* A helper the kernel kills for CPU time is busy too; one that crashes on
 * the file (SIGSEGV) found it hostile. */
START_TEST(test_helper_killed_for_time_is_busy_crash_is_invalid)
{
	struct conf c;
	struct buf out = BUF_INIT;
	char	 path[64];

	helper_conf(&c, "cat >/dev/null; kill -XCPU $$", 5, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_BUSY);
	helper_conf(&c, "cat >/dev/null; kill -SEGV $$", 5, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_INVALID);
	unlink(path);
	buf_free(&out);
}
END_TEST

/* With every image slot held elsewhere, a photo waits and is told busy
 * (503), and the helper never runs. */
START_TEST(test_no_image_slot_is_busy)
{
	char	*dir = unit_tmpdir(), text[900], why[128], path[64];
	struct workslot held[WORKSLOT_IMAGE_SLOTS];
	struct buf out = BUF_INIT;
	struct conf c;

	helper_conf(&c, "cat >/dev/null; printf JPEGDATA", 5, path);
	snprintf(text, sizeof(text), "data_dir = %s\ndb_path = %s/db\n"
	    "image_helper = %s\n", dir, dir, path);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	for (int i = 0; i < WORKSLOT_IMAGE_SLOTS; i++)
		ck_assert_int_eq(workslot_acquire(workslot_base(&c), "image",
		    WORKSLOT_IMAGE_SLOTS, 0, &held[i]), WORKSLOT_HELD);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_BUSY);
	workslot_release(&held[0]);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_OK);
	for (int i = 1; i < WORKSLOT_IMAGE_SLOTS; i++)
		workslot_release(&held[i]);
	unlink(path);
	buf_free(&out);
	unit_rmdir(dir);
}
END_TEST

static int
files_in(const char *dir)
{
	char	 cmd[700], *out;
	FILE	*p;
	char	 line[64] = "";

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	out = fgets(line, sizeof(line), p);
	pclose(p);
	return out ? atoi(line) : -1;
}

static void
data_conf(struct conf *c, const char *dir)
{
	char	 text[700], why[128];

	snprintf(text, sizeof(text), "data_dir = %s\npwhash_cost = test\n",
	    dir);
	ck_assert_int_eq(conf_parse(c, text, why, sizeof(why)), 0);
}

/* sha256("hello") */
#define HELLO_SHA	"2cf24dba5fb0a30e26e83b2ac5b9e29e" \
			"1b161e5c1fa7425e73043362938b9824"

/* A conf with its own data_dir (and db_path, for the image slots) and a
 * stand-in helper. */
static void
upload_conf(struct conf *c, const char *dir, const char *script,
    char path[64])
{
	char	 text[900], why[128];

	helper_conf(c, script, 5, path);
	snprintf(text, sizeof(text), "data_dir = %s\ndb_path = %s/db\n"
	    "image_helper = %s\n", dir, dir, path);
	ck_assert_int_eq(conf_parse(c, text, why, sizeof(why)), 0);
}

/* What is wrong with the upload itself is told before the helper runs
 * (this helper would fail every photo with AVATAR_INTERNAL). */
START_TEST(test_accept_refuses_the_upload_before_the_helper)
{
	char	*dir = unit_tmpdir(), path[64], name[AVATAR_NAME_LEN];
	char	*big = calloc(1, AVATAR_MAX_BYTES + 1), avdir[700];
	struct avatar_upload up;
	struct avatar_fail f;
	struct conf c;

	upload_conf(&c, dir, "cat >/dev/null; exit 1", path);
	snprintf(avdir, sizeof(avdir), "%s/avatars", dir);
	ck_assert_int_eq(mkdir(avdir, 0750), 0);
	memset(&up, 0, sizeof(up));
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_MISSING);
	up.base64 = "";
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_MISSING);
	up.base64 = "a*b";
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_BAD_ENCODING);
	up.base64 = "aGVsbG8=";
	up.sha256 = NULL;
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_BAD_HASH);
	up.sha256 = "2cf24dba";
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_BAD_HASH);
	/* A file part wins over base64; too large before any hashing. */
	up.file = big;
	up.file_len = AVATAR_MAX_BYTES + 1;
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_TOO_LARGE);
	/* A good upload reaches the helper, which fails it. */
	up.file = NULL;
	up.sha256 = HELLO_SHA;
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_INTERNAL);
	ck_assert_int_eq(files_in(avdir), 0);	/* nothing stored */
	unlink(path);
	free(big);
	unit_rmdir(dir);
}
END_TEST

/* An accepted photo, from base64 or a file part, is the helper's output
 * in a temp file until avatar_commit. */
START_TEST(test_accept_stores_the_helpers_jpeg_as_a_temp_file)
{
	char	*dir = unit_tmpdir(), path[64], name[AVATAR_NAME_LEN];
	struct avatar_upload up;
	struct avatar_fail f;
	struct buf b = BUF_INIT;
	struct conf c;

	upload_conf(&c, dir, "cat >/dev/null; printf JPEGDATA", path);
	memset(&up, 0, sizeof(up));
	up.base64 = "aGVsbG8=";
	up.sha256 = HELLO_SHA;
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), 0);
	ck_assert(avatar_name_ok(name));
	ck_assert_int_eq(avatar_read(&c, name, &b), AVATAR_INVALID);
	ck_assert_int_eq(avatar_commit(&c, name), AVATAR_OK);
	ck_assert_int_eq(avatar_read(&c, name, &b), AVATAR_OK);
	ck_assert_int_eq(b.len, 8);
	ck_assert(memcmp(b.data, "JPEGDATA", 8) == 0);
	up.base64 = NULL;
	up.file = "hello";
	up.file_len = 5;
	ck_assert_int_eq(avatar_accept(&c, &up, name, &f), 0);
	avatar_discard(&c, name);
	unlink(path);
	buf_free(&b);
	unit_rmdir(dir);
}
END_TEST

/* The link as the API shows it, and the photo served through it: no key,
 * a bad or expired link, no such photo. */
START_TEST(test_link_json_and_fetch)
{
	char	*dir = unit_tmpdir(), *kp, text[700], why[128], x[24], iso[32];
	char	 name[AVATAR_NAME_LEN];
	const char *sig;
	struct avatar_link l;
	struct avatar_fail f;
	struct buf b = BUF_INIT;
	struct conf c;
	long long exp = 0;
	time_t	 now = 1800000123;
	cJSON	*j;

	snprintf(text, sizeof(text), "data_dir = %s\n", dir);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	ck_assert_int_eq(avatar_link(&c, NAME, now, &l, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_NO_KEY);
	ck_assert_int_eq(avatar_fetch(&c, NAME, "1", "x", now, &b, &exp, &f),
	    -1);
	ck_assert_int_eq(f.err, AVATAR_NO_KEY);
	kp = unit_write_file(dir, "secret.key", KEY, sizeof(KEY));
	ck_assert_int_eq(chmod(kp, 0600), 0);
	free(kp);
	ck_assert_int_eq(avatar_store(&c, "JPEG", 4, name), AVATAR_OK);
	ck_assert_int_eq(avatar_link(&c, name, now, &l, &f), 0);
	ck_assert_int_ge(l.expires_at - now, AVATAR_URL_SECONDS);
	j = avatar_json(&l);
	clock_iso8601(l.expires_at, iso);
	ck_assert_str_eq(cJSON_GetObjectItem(j, "url")->valuestring, l.url);
	ck_assert_str_eq(cJSON_GetObjectItem(j, "expires_at")->valuestring,
	    iso);
	cJSON_Delete(j);
	snprintf(x, sizeof(x), "%lld", (long long)l.expires_at);
	sig = strstr(l.url, "sig=") + 4;
	/* Not committed yet: a good link to nothing. */
	ck_assert_int_eq(avatar_fetch(&c, name, x, sig, now, &b, &exp, &f), -1);
	ck_assert_int_eq(f.err, AVATAR_NOT_FOUND);
	ck_assert_int_eq(avatar_commit(&c, name), AVATAR_OK);
	ck_assert_int_eq(avatar_fetch(&c, name, x, sig, now, &b, &exp, &f), 0);
	ck_assert_int_eq(exp, (long long)l.expires_at);
	ck_assert_int_eq(b.len, 4);
	ck_assert_int_eq(avatar_fetch(&c, name, x, sig, l.expires_at, &b, &exp,
	    &f), -1);
	ck_assert_int_eq(f.err, AVATAR_BAD_LINK);
	ck_assert_int_eq(avatar_fetch(&c, name, x, "AAAA", now, &b, &exp, &f),
	    -1);
	ck_assert_int_eq(f.err, AVATAR_BAD_LINK);
	buf_free(&b);
	unit_rmdir(dir);
}
END_TEST

/* A new photo is only a temp file (nothing serves it) until the account
 * commit; a failed commit discards it and leaves no file at all. */
START_TEST(test_photo_is_a_temp_file_until_the_commit)
{
	char	*dir = unit_tmpdir(), avdir[700], name[AVATAR_NAME_LEN];
	char	 other[AVATAR_NAME_LEN];
	sqlite3	*db = test_db();
	struct account_new a;
	struct account_fail f;
	struct buf b = BUF_INIT;
	struct conf c;

	data_conf(&c, dir);
	snprintf(avdir, sizeof(avdir), "%s/avatars", dir);
	ck_assert_int_eq(avatar_store(&c, "JPEG", 4, name), AVATAR_OK);
	ck_assert_int_eq(files_in(avdir), 1);
	ck_assert_int_eq(avatar_read(&c, name, &b), AVATAR_INVALID);
	ck_assert_int_eq(avatar_commit(&c, name), AVATAR_OK);
	ck_assert_int_eq(avatar_read(&c, name, &b), AVATAR_OK);
	ck_assert_int_eq(b.len, 4);
	/* A sign-up whose insert fails (the username is taken): the
	 * handler's path discards the photo and nothing is left. */
	memset(&a, 0, sizeof(a));
	a.role = "customer";
	a.username = "asha";
	a.name = "Asha Rao";
	a.password = "Popcorn#42";
	a.email = "asha@example.com";
	a.phone = "9876500099";
	a.question_id = 1;
	a.answer = "Chennai";
	a.avatar = name;
	ck_assert_int_eq(account_create(db, &c, &a, 1000, NULL, &f), 0);
	a.email = "other@example.com";		/* same username: taken */
	a.phone = "9876500096";
	ck_assert_int_eq(avatar_store(&c, "JPEG", 4, other), AVATAR_OK);
	a.avatar = other;
	ck_assert_int_eq(account_create(db, &c, &a, 1000, NULL, &f), -1);
	avatar_discard(&c, other);
	ck_assert_int_eq(files_in(avdir), 1);	/* only the committed one */
	ck_assert_int_eq(avatar_commit(&c, other), AVATAR_INTERNAL);
	buf_free(&b);
	sqlite3_close(db);
	unit_rmdir(dir);
}
END_TEST

static void
put_file(const char *dir, const char *name, time_t mtime)
{
	char	 path[900];
	struct timespec ts[2];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/avatars/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("JPEG", f);
	fclose(f);
	ts[0].tv_sec = ts[1].tv_sec = mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int
exists_in(const char *dir, const char *name)
{
	char	 path[900];

	snprintf(path, sizeof(path), "%s/avatars/%s", dir, name);
	return access(path, F_OK) == 0;
}

#define HEX(c)	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

/* The sweeper removes temp files and unreferenced photos older than
 * AVATAR_STRAY_AGE, keeps fresh ones (a sign-up in progress), referenced
 * photos and files that are not ours; a referenced temp file (committed,
 * rename lost) is put in place.  Time moves by file mtimes, not sleep. */
START_TEST(test_sweeper_removes_old_strays_only)
{
	char	*dir = unit_tmpdir(), avdir[700];
	sqlite3	*db = test_db();
	struct avatar_stray_stats st;
	struct avatar_fail f;
	struct account_new a;
	struct account_fail af;
	struct conf c;
	time_t	 now = 1800000000, old = now - AVATAR_STRAY_AGE - 5,
		 young = now - 60;

	data_conf(&c, dir);
	snprintf(avdir, sizeof(avdir), "%s/avatars", dir);
	ck_assert_int_eq(mkdir(avdir, 0750), 0);
	memset(&a, 0, sizeof(a));
	a.role = "customer";
	a.username = "kept";
	a.name = "Asha Rao";
	a.password = "Popcorn#42";
	a.email = "kept@example.com";
	a.phone = "9876500098";
	a.question_id = 1;
	a.answer = "Chennai";
	a.avatar = HEX("a") ".jpg";
	ck_assert_int_eq(account_create(db, &c, &a, 1000, NULL, &af), 0);
	a.username = "unfinished";
	a.email = "unfinished@example.com";
	a.phone = "9876500097";
	a.avatar = HEX("f") ".jpg";
	ck_assert_int_eq(account_create(db, &c, &a, 1000, NULL, &af), 0);
	put_file(dir, HEX("a") ".jpg", old);		/* referenced */
	put_file(dir, HEX("b") ".jpg", old);		/* stray */
	put_file(dir, HEX("c") ".jpg.tmp", old);		/* stray temp */
	put_file(dir, HEX("d") ".jpg.tmp", young);	/* in progress */
	put_file(dir, HEX("e") ".jpg", young);		/* too young */
	put_file(dir, HEX("f") ".jpg.tmp", old);		/* rename lost */
	put_file(dir, "notes.txt", old);		/* not ours */
	/* check: reports, touches nothing. */
	ck_assert_int_eq(avatar_strays(db, &c, now, AVATAR_STRAY_AGE, 0, &st,
	    &f), 0);
	ck_assert_int_eq(st.files, 6);
	ck_assert_int_eq(st.strays, 2);
	ck_assert_int_eq(st.bytes, 8);
	ck_assert_int_eq(st.fresh, 2);
	ck_assert_int_eq(st.unfinished, 1);
	ck_assert_int_eq(st.removed, 0);
	ck_assert_int_eq(files_in(avdir), 7);
	/* sweep */
	ck_assert_int_eq(avatar_strays(db, &c, now, AVATAR_STRAY_AGE, 1, &st,
	    &f), 0);
	ck_assert_int_eq(st.removed, 2);
	ck_assert_int_eq(st.finished, 1);
	ck_assert(exists_in(dir, HEX("a") ".jpg"));
	ck_assert(!exists_in(dir, HEX("b") ".jpg"));
	ck_assert(!exists_in(dir, HEX("c") ".jpg.tmp"));
	ck_assert(exists_in(dir, HEX("d") ".jpg.tmp"));
	ck_assert(exists_in(dir, HEX("e") ".jpg"));
	ck_assert(exists_in(dir, HEX("f") ".jpg"));
	ck_assert(!exists_in(dir, HEX("f") ".jpg.tmp"));
	ck_assert(exists_in(dir, "notes.txt"));
	/* An hour on, the young ones are strays too (the temp and the
	 * unreferenced photo). */
	ck_assert_int_eq(avatar_strays(db, &c, now + AVATAR_STRAY_AGE,
	    AVATAR_STRAY_AGE, 1, &st, &f), 0);
	ck_assert_int_eq(st.removed, 2);
	ck_assert_int_eq(files_in(avdir), 3);
	sqlite3_close(db);
	unit_rmdir(dir);
}
END_TEST

Suite *
avatar_suite(void)
{
	Suite	*s = suite_create("avatar");
	TCase	*t = tcase_create("avatar");

	tcase_set_timeout(t, 20);
	tcase_add_test(t, test_url_lasts_at_least_a_day_and_verifies);
	tcase_add_test(t, test_names);
	tcase_add_test(t, test_base64_and_hash);
	tcase_add_test(t, test_base64_over_five_megabytes_is_too_large);
	tcase_add_test(t, test_helper_output_and_exit_codes);
	tcase_add_test(t, test_helper_that_stops_reading);
	tcase_add_test(t, test_helper_that_hangs_is_killed);
	tcase_add_test(t, test_helper_killed_for_time_is_busy_crash_is_invalid);
	tcase_add_test(t, test_no_image_slot_is_busy);
	tcase_add_test(t, test_accept_refuses_the_upload_before_the_helper);
	tcase_add_test(t, test_accept_stores_the_helpers_jpeg_as_a_temp_file);
	tcase_add_test(t, test_link_json_and_fetch);
	tcase_add_test(t, test_photo_is_a_temp_file_until_the_commit);
	tcase_add_test(t, test_sweeper_removes_old_strays_only);
	suite_add_tcase(s, t);
	return s;
}
