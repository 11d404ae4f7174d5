/* Ticket codes and their keys: a code verifies with its key and no other,
 * and changing any single character of it makes it invalid. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "config.h"
#include "keys.h"
#include "ticketcode.h"

static unsigned char sk[KEYS_SIGN_SECRET_LEN], pk[KEYS_SIGN_PUBLIC_LEN];

static void
setup(void)
{
	ck_assert_int_ge(sodium_init(), 0);
	crypto_sign_keypair(pk, sk);
}

START_TEST(test_code_verifies_to_its_booking)
{
	char	 code[TICKETCODE_MAX];
	long long id = -1;

	ck_assert_int_eq(ticketcode_make(sk, 4711, code), 0);
	ck_assert_str_eq(strstr(code, "SKYFOX1.4711.") == code ? "ok" : code, "ok");
	ck_assert_uint_eq(strlen(code), strlen("SKYFOX1.4711.") + TICKETCODE_SIG_B64);
	ck_assert_int_eq(ticketcode_verify(pk, code, &id), TICKETCODE_OK);
	ck_assert_int_eq(id, 4711);
	/* Deterministic (Ed25519): the same booking always gets the same code. */
	{
		char	 again[TICKETCODE_MAX];

		ck_assert_int_eq(ticketcode_make(sk, 4711, again), 0);
		ck_assert_str_eq(code, again);
	}
	/* The largest id fits. */
	ck_assert_int_eq(ticketcode_make(sk, 999999999999999LL, code), 0);
	ck_assert_int_eq(ticketcode_verify(pk, code, &id), TICKETCODE_OK);
	ck_assert_int_eq(id, 999999999999999LL);
}
END_TEST

START_TEST(test_make_refuses_impossible_ids)
{
	char	 code[TICKETCODE_MAX];

	ck_assert_int_eq(ticketcode_make(sk, 0, code), -1);
	ck_assert_int_eq(ticketcode_make(sk, -5, code), -1);
	ck_assert_int_eq(ticketcode_make(sk, 1000000000000000LL, code), -1);
}
END_TEST

/* Every position, several replacements each (letters of both cases,
 * digits, the base64url symbols, the separator). */
START_TEST(test_any_altered_character_is_refused)
{
	static const char repl[] = "AaZz09-_.Sx";
	char	 code[TICKETCODE_MAX], bad[TICKETCODE_MAX];
	long long id;
	size_t	 len, tried = 0;

	ck_assert_int_eq(ticketcode_make(sk, 123, code), 0);
	len = strlen(code);
	for (size_t i = 0; i < len; i++) {
		for (const char *r = repl; *r != '\0'; r++) {
			if (*r == code[i])
				continue;
			memcpy(bad, code, len + 1);
			bad[i] = *r;
			id = -1;
			ck_assert_msg(ticketcode_verify(pk, bad, &id) != TICKETCODE_OK,
			    "altered position %zu to '%c' still verifies: %s", i,
			    *r, bad);
			ck_assert_int_eq(id, 0);
			tried++;
		}
	}
	ck_assert_uint_ge(tried, len * 9);
}
END_TEST

START_TEST(test_signature_of_another_booking_is_bad_signature)
{
	char	 a[TICKETCODE_MAX], b[TICKETCODE_MAX], mixed[TICKETCODE_MAX];
	long long id;

	ck_assert_int_eq(ticketcode_make(sk, 12, a), 0);
	ck_assert_int_eq(ticketcode_make(sk, 13, b), 0);
	/* Booking 13's id with booking 12's (valid) signature. */
	snprintf(mixed, sizeof(mixed), "SKYFOX1.13.%s", strrchr(a, '.') + 1);
	ck_assert_int_eq(ticketcode_verify(pk, mixed, &id), TICKETCODE_BAD_SIGNATURE);
	ck_assert_int_eq(ticketcode_verify(pk, b, &id), TICKETCODE_OK);
	ck_assert_int_eq(id, 13);
}
END_TEST

START_TEST(test_another_key_is_bad_signature)
{
	unsigned char pk2[KEYS_SIGN_PUBLIC_LEN], sk2[KEYS_SIGN_SECRET_LEN];
	char	 code[TICKETCODE_MAX];
	long long id;

	crypto_sign_keypair(pk2, sk2);
	ck_assert_int_eq(ticketcode_make(sk2, 77, code), 0);
	ck_assert_int_eq(ticketcode_verify(pk, code, &id), TICKETCODE_BAD_SIGNATURE);
	ck_assert_int_eq(ticketcode_verify(pk2, code, &id), TICKETCODE_OK);
}
END_TEST

START_TEST(test_malformed_codes)
{
	char	 code[TICKETCODE_MAX], bad[TICKETCODE_MAX * 2];
	const char *sig;
	long long id;
	size_t	 len;

	ck_assert_int_eq(ticketcode_make(sk, 5, code), 0);
	sig = strrchr(code, '.') + 1;
	len = strlen(code);
	const char *cases[] = { "", "SKYFOX1.", "SKYFOX1.5", "SKYFOX1.5.",
	    "skyfox1.5.x", "junk", "5" };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_int_eq(ticketcode_verify(pk, cases[i], &id),
		    TICKETCODE_MALFORMED);
	ck_assert_int_eq(ticketcode_verify(pk, NULL, &id), TICKETCODE_MALFORMED);
	/* Wrong prefix or version. */
	snprintf(bad, sizeof(bad), "SKYFOX2.5.%s", sig);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	/* The id spelt another way: leading zero, sign, spaces. */
	snprintf(bad, sizeof(bad), "SKYFOX1.05.%s", sig);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	snprintf(bad, sizeof(bad), "SKYFOX1.+5.%s", sig);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	snprintf(bad, sizeof(bad), " %s", code);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	snprintf(bad, sizeof(bad), "%s ", code);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	/* Truncated, extended, padded, standard-base64 alphabet. */
	snprintf(bad, sizeof(bad), "%.*s", (int)len - 1, code);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	snprintf(bad, sizeof(bad), "%sA", code);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	snprintf(bad, sizeof(bad), "%s==", code);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	snprintf(bad, sizeof(bad), "%s", code);
	bad[len - 5] = '+';
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	bad[len - 5] = '/';
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	/* A very long input is refused without reading it all. */
	memset(bad, 'A', sizeof(bad) - 1);
	bad[sizeof(bad) - 1] = '\0';
	memcpy(bad, "SKYFOX1.5.", 10);
	ck_assert_int_eq(ticketcode_verify(pk, bad, &id), TICKETCODE_MALFORMED);
	ck_assert_str_eq(ticketcode_reason(TICKETCODE_MALFORMED), "malformed");
	ck_assert_str_eq(ticketcode_reason(TICKETCODE_BAD_SIGNATURE), "bad_signature");
}
END_TEST

/* The last of 86 characters carries 2 bits of the signature and 4 unused
 * bits: a second spelling with those bits set must not be accepted. */
START_TEST(test_non_canonical_base64_is_refused)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char	 code[TICKETCODE_MAX];
	long long id;
	size_t	 len;
	int	 v;

	ck_assert_int_eq(ticketcode_make(sk, 9, code), 0);
	len = strlen(code);
	v = (int)(strchr(alphabet, code[len - 1]) - alphabet);
	ck_assert_int_eq(v & 0x0F, 0);
	code[len - 1] = alphabet[v | 0x01];
	ck_assert_int_eq(ticketcode_verify(pk, code, &id), TICKETCODE_MALFORMED);
}
END_TEST

/* --- key files ---------------------------------------------------------- */

static void
conf_for(struct conf *c, const char *dir)
{
	char	 text[256], why[128];

	snprintf(text, sizeof(text), "data_dir = %s\n", dir);
	ck_assert_int_eq(conf_parse(c, text, why, sizeof(why)), 0);
}

static long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

START_TEST(test_keys_made_once_with_private_mode)
{
	char	 dir[] = "/tmp/skyfox-keys.XXXXXX", sp[600], pp[600], cmd[700];
	unsigned char s1[KEYS_SIGN_SECRET_LEN], s2[KEYS_SIGN_SECRET_LEN];
	unsigned char p1[KEYS_SIGN_PUBLIC_LEN];
	struct conf c;
	struct stat st;
	char	 code[TICKETCODE_MAX];
	long long id;
	int	 made = -1;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	conf_for(&c, dir);
	keys_ticket_paths(&c, sp, pp, sizeof(sp));
	ck_assert_ptr_nonnull(strstr(sp, "/ticket-sign.key"));
	ck_assert_ptr_nonnull(strstr(pp, "/ticket-sign.pub"));
	ck_assert_int_eq(keys_load_ticket_secret(&c, s1), -1);	/* none yet */
	ck_assert_int_eq(keys_ensure_ticket_pair(&c, &made), 0);
	ck_assert_int_eq(made, 1);
	ck_assert_int_eq(stat(sp, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(file_size(sp), KEYS_SIGN_SECRET_LEN);
	ck_assert_int_eq(file_size(pp), 44);	/* 43 base64url + newline */
	ck_assert_int_eq(keys_load_ticket_secret(&c, s1), 0);
	ck_assert_int_eq(keys_load_ticket_public(&c, p1), 0);

	/* Again: nothing new, same key. */
	ck_assert_int_eq(keys_ensure_ticket_pair(&c, &made), 0);
	ck_assert_int_eq(made, 0);
	ck_assert_int_eq(keys_load_ticket_secret(&c, s2), 0);
	ck_assert_mem_eq(s1, s2, sizeof(s1));

	/* The pair works together. */
	ck_assert_int_eq(ticketcode_make(s1, 31, code), 0);
	ck_assert_int_eq(ticketcode_verify(p1, code, &id), TICKETCODE_OK);

	/* A lost or wrong .pub file is rewritten from the secret. */
	unlink(pp);
	ck_assert_int_eq(keys_load_ticket_public(&c, p1), 0);	/* derived */
	ck_assert_int_eq(keys_ensure_ticket_pair(&c, &made), 0);
	ck_assert_int_eq(file_size(pp), 44);
	{
		FILE	*f = fopen(pp, "w");

		fputs("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", f);
		fclose(f);
	}
	ck_assert_int_eq(keys_ensure_ticket_pair(&c, &made), 0);
	ck_assert_int_eq(keys_load_ticket_public(&c, p1), 0);
	ck_assert_int_eq(ticketcode_verify(p1, code, &id), TICKETCODE_OK);

	/* A damaged secret is refused, never silently replaced. */
	{
		int fd = open(sp, O_WRONLY | O_TRUNC);

		ck_assert_int_ne(fd, -1);
		ck_assert_int_eq(write(fd, "short", 5), 5);
		close(fd);
	}
	ck_assert_int_eq(keys_load_ticket_secret(&c, s2), -1);
	ck_assert_int_eq(keys_ensure_ticket_pair(&c, &made), -1);
	/* 64 bytes whose second half is not the first half's public key. */
	{
		unsigned char junk[KEYS_SIGN_SECRET_LEN];
		int fd = open(sp, O_WRONLY | O_TRUNC);

		memcpy(junk, s1, sizeof(junk));
		junk[40] ^= 1;
		ck_assert_int_eq(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
		close(fd);
	}
	ck_assert_int_eq(keys_load_ticket_secret(&c, s2), -1);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_key_paths_follow_conf)
{
	struct conf c;
	char	 text[] = "data_dir = /srv/x\nticket_key_file = /etc/sk\n"
	    "ticket_pub_file = /srv/pub\n", why[64], sp[64], pp[64];

	ck_assert_int_eq(conf_parse(&c, text, why, sizeof(why)), 0);
	keys_ticket_paths(&c, sp, pp, sizeof(sp));
	ck_assert_str_eq(sp, "/etc/sk");
	ck_assert_str_eq(pp, "/srv/pub");
}
END_TEST

Suite *
ticketcode_suite(void)
{
	Suite	*s = suite_create("ticketcode");
	TCase	*t = tcase_create("codes");

	tcase_add_checked_fixture(t, setup, NULL);
	tcase_add_test(t, test_code_verifies_to_its_booking);
	tcase_add_test(t, test_make_refuses_impossible_ids);
	tcase_add_test(t, test_any_altered_character_is_refused);
	tcase_add_test(t, test_signature_of_another_booking_is_bad_signature);
	tcase_add_test(t, test_another_key_is_bad_signature);
	tcase_add_test(t, test_malformed_codes);
	tcase_add_test(t, test_non_canonical_base64_is_refused);
	suite_add_tcase(s, t);
	t = tcase_create("keys");
	tcase_add_test(t, test_keys_made_once_with_private_mode);
	tcase_add_test(t, test_key_paths_follow_conf);
	suite_add_tcase(s, t);
	return s;
}
