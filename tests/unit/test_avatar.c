/* avatar: signed URLs (valid ≥ 24 h, tamper-proof, expiring), names,
 * base64 and SHA-256 checks, and the image helper's timeout and failure
 * handling (with stand-in helpers, so no ImageMagick is needed here). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "avatar.h"
#include "config.h"

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

	helper_conf(&c, "exec sleep 30", 1, path);
	ck_assert_int_eq(avatar_process(&c, "x", 1, &out), AVATAR_INVALID);
	ck_assert_int_le(time(NULL) - t0, 3);
	unlink(path);
	buf_free(&out);
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
	suite_add_tcase(s, t);
	return s;
}
