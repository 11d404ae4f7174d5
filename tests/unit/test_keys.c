/* keys: the secret key file — 32 random bytes, mode 0600, never replaced. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "keys.h"
#include "unit.h"

START_TEST(test_keys_create_makes_private_32_byte_file_once)
{
	char	*dir = unit_tmpdir(), *path;
	unsigned char a[KEYS_SECRET_LEN], b[KEYS_SECRET_LEN];
	struct conf c;
	struct stat st;
	char	*text, why[128];
	static const unsigned char zero[KEYS_SECRET_LEN];

	ck_assert_int_ne(asprintf(&path, "%s/secret.key", dir), -1);
	ck_assert_int_eq(keys_create_secret(path), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(st.st_size, KEYS_SECRET_LEN);
	ck_assert_int_ne(asprintf(&text, "data_dir = %s\n", dir), -1);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	ck_assert_int_eq(keys_load_secret(&c, a), 0);
	ck_assert(memcmp(a, zero, sizeof(zero)) != 0);
	/* A second create keeps the existing key (sessions stay valid). */
	ck_assert_int_eq(keys_create_secret(path), 0);
	ck_assert_int_eq(keys_load_secret(&c, b), 0);
	ck_assert_mem_eq(a, b, sizeof(a));
	free(text);
	free(path);
	unit_rmdir(dir);
}
END_TEST

START_TEST(test_keys_path_honours_key_file_setting)
{
	struct conf c;
	char	 why[128], p[600];

	ck_assert_int_eq(conf_parse(&c, "data_dir = /srv/data\n", why,
	    sizeof(why)), 0);
	keys_secret_path(&c, p, sizeof(p));
	ck_assert_str_eq(p, "/srv/data/secret.key");
	ck_assert_int_eq(conf_parse(&c, "data_dir = /srv/data\n"
	    "key_file = /etc/skyfox/k\n", why, sizeof(why)), 0);
	keys_secret_path(&c, p, sizeof(p));
	ck_assert_str_eq(p, "/etc/skyfox/k");
}
END_TEST

START_TEST(test_keys_load_refuses_short_or_missing_file)
{
	char	*dir = unit_tmpdir(), *text, why[128];
	unsigned char k[KEYS_SECRET_LEN];
	struct conf c;

	ck_assert_int_ne(asprintf(&text, "key_file = %s/secret.key\n", dir), -1);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	ck_assert_int_eq(keys_load_secret(&c, k), -1);
	free(unit_write_file(dir, "secret.key", "short", 5));
	ck_assert_int_eq(keys_load_secret(&c, k), -1);
	free(text);
	unit_rmdir(dir);
}
END_TEST

/* On a shared host, 0644 means every other account can read the key:
 * such a file is refused, and keys_file_private says why. */
START_TEST(test_keys_load_refuses_a_file_others_can_read)
{
	char	*dir = unit_tmpdir(), *text, *path, why[128];
	unsigned char k[KEYS_SECRET_LEN], key[KEYS_SECRET_LEN] = { 7 };
	struct conf c;

	ck_assert_int_ne(asprintf(&text, "key_file = %s/secret.key\n", dir), -1);
	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	path = unit_write_file(dir, "secret.key", key, sizeof(key));
	ck_assert_int_eq(keys_file_private("/nonexistent/secret.key"),
	    KEYS_MISSING);
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(keys_file_private(path), KEYS_OK);
	ck_assert_int_eq(keys_load_secret(&c, k), 0);
	ck_assert_mem_eq(k, key, sizeof(key));
	for (mode_t m = 0; m < 6; m++) {
		static const mode_t bad[] = { 0644, 0640, 0604, 0660, 0606,
		    0620 };

		ck_assert_int_eq(chmod(path, bad[m]), 0);
		ck_assert_int_eq(keys_file_private(path), KEYS_EXPOSED);
		ck_assert_int_eq(keys_load_secret(&c, k), -1);
	}
	ck_assert_int_eq(chmod(path, 0400), 0);
	ck_assert_int_eq(keys_load_secret(&c, k), 0);
	free(path);
	free(text);
	unit_rmdir(dir);
}
END_TEST

Suite *
keys_suite(void)
{
	Suite	*s = suite_create("keys");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_keys_create_makes_private_32_byte_file_once);
	tcase_add_test(tc, test_keys_path_honours_key_file_setting);
	tcase_add_test(tc, test_keys_load_refuses_short_or_missing_file);
	tcase_add_test(tc, test_keys_load_refuses_a_file_others_can_read);
	suite_add_tcase(s, tc);
	return s;
}
