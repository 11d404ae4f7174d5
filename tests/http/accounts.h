/* accounts — making accounts for tests through the real API.
 *
 *   struct test_customer tc;
 *   signup_customer("bob", &tc);            // signed up with a real PNG
 *   char *tok = login(tc.username, tc.password);
 *
 * Every call makes a new, unique account (username, email and phone), so
 * suites never depend on each other's state. */
#ifndef SKYFOX_TEST_ACCOUNTS_H
#define SKYFOX_TEST_ACCOUNTS_H

struct test_customer {
	char	 username[32];
	char	 name[64];
	char	 email[64];
	char	 phone[11];
	char	 password[32];
	char	 answer[32];
	int	 question_id;
};

/* A unique suffix of lowercase letters and digits (starts with a letter). */
const char	*unique_name(const char *prefix);
/* A unique 10-digit phone number. */
const char	*unique_phone(void);
/* Sign up a customer (JSON, base64 PNG); asserts 201.  Password
 * "Secret#2026", question 2, answer "Chennai". */
void		 signup_customer(const char *prefix, struct test_customer *);
/* Create a staff (or admin) account through the admin; asserts 201. */
void		 create_staff(const char *role, const char *username,
		    const char *password, int counter);

#endif
