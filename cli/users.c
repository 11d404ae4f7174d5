/* users.c — skyfoxctl's account creation (the sysadmin's first admin, and
 * the demo accounts), through lib/account.c: the same rules and the same
 * inserts as sign-up on the site, so there is one way to make an account. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "db.h"
#include "skyfoxctl.h"

int
ctl_insert_user(const struct conf *c, sqlite3 *db, const char *role,
    const char *username, const char *name, const char *password, int counter,
    const char *email, const char *phone, int question, const char *answer)
{
	struct account_new a;
	struct account_fail f;
	struct err e;

	memset(&a, 0, sizeof(a));
	memset(&e, 0, sizeof(e));
	a.role = role;
	a.username = username;
	a.name = name;
	a.password = password;
	a.counter_no = counter;
	a.email = email;
	a.phone = phone;
	a.question_id = question;
	a.answer = answer;
	account_validate_new(&a, &e);
	if (e.nfields == 0)
		(void)account_check_taken(db, &a, &e, &f);
	if (e.nfields > 0) {
		for (int i = 0; i < e.nfields; i++)
			fprintf(stderr, "skyfoxctl: %s %s\n", e.fields[i].field,
			    e.fields[i].message);
		return -1;
	}
	if (account_create(db, c, &a, time(NULL), NULL, &f) == 0)
		return 0;
	if (f.err == ACCOUNT_DB)
		fprintf(stderr, "skyfoxctl: add user: %s\n",
		    sqlite3_errstr(f.rc));
	else
		fprintf(stderr, "skyfoxctl: add user %s failed (%d)\n", username,
		    (int)f.err);
	return -1;
}

int
demo_add_user(const struct conf *c, sqlite3 *db, const char *role,
    const char *username, const char *name, const char *password, int counter)
{
	if (strcmp(role, "admin") != 0 && strcmp(role, "staff") != 0) {
		fputs("skyfoxctl: ROLE is admin or staff (customers sign up "
		    "on the site)\n", stderr);
		return -1;
	}
	return ctl_insert_user(c, db, role, username, name, password, counter,
	    NULL, NULL, 0, NULL);
}
