/* A fresh in-memory database with the real schema and reference data, for
 * the account unit tests. */
#ifndef SKYFOX_TEST_ACCOUNTS_DB_H
#define SKYFOX_TEST_ACCOUNTS_DB_H

#include <check.h>
#include <sqlite3.h>

#include "config.h"
#include "db.h"
#include "migrate.h"

static inline sqlite3 *
test_db(void)
{
	sqlite3	*db;
	int	 from, to;
	char	 why[256];

	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	ck_assert_int_eq(db_exec(db, "PRAGMA foreign_keys = ON"), SQLITE_OK);
	ck_assert_msg(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(sqlite3_exec(db, skyfox_seed_sql, NULL, NULL, NULL),
	    SQLITE_OK);
	return db;
}

/* Configuration with the cheap test hashing cost. */
static inline void
test_conf(struct conf *c)
{
	char	 why[128];

	ck_assert_int_eq(conf_parse(c, "data_dir = /tmp\ndb_path = :memory:\n"
	    "pwhash_cost = test\n", why, sizeof(why)), 0);
}

#endif
