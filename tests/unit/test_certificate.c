/* certificate: the age rule on its boundaries, the Rated map, the admin's
 * choice surviving a refresh, a show's certificate read inside a
 * transaction, and migration 7 rating the films already there. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "booking.h"
/* The one place a booking refusal becomes the API's error (a header of
 * cgi-bin/, so its AGE_RESTRICTED row is tested before any route can
 * answer it). */
#include "../../cgi-bin/booking_errors.h"
#include "certificate.h"
#include "db.h"
#include "migrate.h"
#include "movie.h"
#include "unit.h"

static sqlite3 *
memdb(void)
{
	sqlite3	*db;
	int	 from, to;
	char	 why[256];

	ck_assert_int_eq(db_open(":memory:", &db), SQLITE_OK);
	ck_assert_msg(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "%s", why);
	return db;
}

static void
exec(sqlite3 *db, const char *sql)
{
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
}

/* An OMDb record with this Rated (NULL: the field is "N/A"). */
static void
record(char *out, size_t n, const char *imdb_id, const char *rated)
{
	snprintf(out, n, "{\"imdbID\":\"%s\",\"Title\":\"Film %s\","
	    "\"Rated\":\"%s\",\"Runtime\":\"100 min\",\"Response\":\"True\"}",
	    imdb_id, imdb_id, rated != NULL ? rated : "N/A");
}

/* Import (or refresh) a record: the film's id; *cert its certificate
 * after the write. */
static long long
import(sqlite3 *db, const char *imdb_id, const char *rated, long long now,
    struct certificate *cert)
{
	char	 raw[512], why[160];
	struct movie m;
	int	 created;
	long long id;

	record(raw, sizeof(raw), imdb_id, rated);
	ck_assert_int_eq(movie_parse_omdb(raw, strlen(raw), NULL, &m, why,
	    sizeof(why)), MOVIE_PARSED);
	ck_assert_int_eq(movie_upsert(db, &m, raw, now, &created), SQLITE_OK);
	id = m.id;
	*cert = m.cert;
	movie_free(&m);
	return id;
}

START_TEST(test_child_ticket_refused_for_ua13_allowed_for_ua7)
{
	/* Child: 0..12; Senior: 60..; Adult and Student: no bounds. */
	ck_assert(!certificate_allows(13, -1, 12));
	ck_assert(certificate_allows(7, -1, 12));
	ck_assert(certificate_allows(12, -1, 12));	/* the boundary */
	ck_assert(!certificate_allows(18, -1, 12));
	ck_assert(!certificate_allows(16, 13, 15));
	ck_assert(certificate_allows(16, 13, 16));
	ck_assert(certificate_allows(0, -1, 12));	/* U: anyone */
	ck_assert(certificate_allows(0, 0, 0));
}
END_TEST

START_TEST(test_types_without_ages_are_always_sold)
{
	ck_assert(certificate_allows(18, -1, -1));	/* Adult for A */
	ck_assert(certificate_allows(18, 60, -1));	/* Senior for A */
	ck_assert(certificate_allows(18, 18, -1));	/* Student */
	ck_assert(certificate_allows(13, 5, -1));
}
END_TEST

START_TEST(test_list_is_the_cbfc_set_in_order)
{
	sqlite3	*db = memdb();
	cJSON	*list, *e;
	static const char *const codes[] = { "U", "UA7", "UA13", "UA16", "A",
	    "S" };
	static const int ages[] = { 0, 7, 13, 16, 18, 18 };
	int	 i = 0;
	char	*s;

	ck_assert_int_eq(certificate_list(db, &list), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 6);
	cJSON_ArrayForEach(e, list) {
		ck_assert_str_eq(cJSON_GetObjectItem(e, "code")->valuestring,
		    codes[i]);
		ck_assert_int_eq(cJSON_GetObjectItem(e, "min_age")->valueint,
		    ages[i]);
		i++;
	}
	s = cJSON_PrintUnformatted(cJSON_GetArrayItem(list, 2));
	ck_assert_str_eq(s, "{\"code\":\"UA13\",\"name\":\"UA 13+\","
	    "\"min_age\":13}");
	free(s);
	cJSON_Delete(list);
	db_close(db);
}
END_TEST

/* Rated → code, as OMDb and the boards spell it. */
static const char *
mapped(sqlite3 *db, const char *rated)
{
	static struct certificate c;
	int	 rc = certificate_for_rated(db, rated, &c);

	ck_assert(rc == SQLITE_ROW || rc == SQLITE_DONE);
	ck_assert_int_eq(rc == SQLITE_ROW, c.code[0] != '\0');
	return rc == SQLITE_ROW ? c.code : "-";
}

START_TEST(test_rated_maps_to_cbfc_codes)
{
	sqlite3	*db = memdb();

	ck_assert_str_eq(mapped(db, "G"), "U");
	ck_assert_str_eq(mapped(db, "PG"), "UA7");
	ck_assert_str_eq(mapped(db, "PG-13"), "UA13");
	ck_assert_str_eq(mapped(db, "R"), "A");
	ck_assert_str_eq(mapped(db, "NC-17"), "A");
	ck_assert_str_eq(mapped(db, "TV-Y"), "U");
	ck_assert_str_eq(mapped(db, "TV-G"), "U");
	ck_assert_str_eq(mapped(db, "TV-PG"), "UA7");
	ck_assert_str_eq(mapped(db, "TV-14"), "UA16");
	ck_assert_str_eq(mapped(db, "TV-MA"), "A");
	ck_assert_str_eq(mapped(db, "U"), "U");
	ck_assert_str_eq(mapped(db, "U/A"), "UA13");
	ck_assert_str_eq(mapped(db, "UA"), "UA13");
	ck_assert_str_eq(mapped(db, "UA 16+"), "UA16");
	ck_assert_str_eq(mapped(db, "A"), "A");
	ck_assert_str_eq(mapped(db, "S"), "S");
	/* Case and surrounding spaces do not matter. */
	ck_assert_str_eq(mapped(db, "  pg-13 "), "UA13");
	ck_assert_str_eq(mapped(db, "tv-ma"), "A");
	/* No map: the film waits for the admin. */
	ck_assert_str_eq(mapped(db, "Not Rated"), "-");
	ck_assert_str_eq(mapped(db, "Unrated"), "-");
	ck_assert_str_eq(mapped(db, ""), "-");
	ck_assert_str_eq(mapped(db, "   "), "-");
	ck_assert_str_eq(mapped(db, NULL), "-");
	ck_assert_str_eq(mapped(db, "PG-13 but much longer than any key"), "-");
	db_close(db);
}
END_TEST

START_TEST(test_another_countrys_set_is_data)
{
	sqlite3	*db = memdb();

	exec(db, "INSERT INTO certificates (code, name, min_age, sort) VALUES"
	    " ('FSK12', 'FSK 12', 12, 100);"
	    "INSERT INTO certificate_ratings (rated, code) VALUES"
	    " ('FSK 12', 'FSK12')");
	ck_assert_str_eq(mapped(db, "fsk 12"), "FSK12");
	db_close(db);
}
END_TEST

START_TEST(test_import_sets_certificate_from_rated)
{
	sqlite3	*db = memdb();
	struct certificate c;
	struct movie m;
	cJSON	*j;
	char	*s;
	long long id;

	id = import(db, "tt0000101", "PG-13", 1000, &c);
	ck_assert_str_eq(c.code, "UA13");
	ck_assert_str_eq(c.name, "UA 13+");
	ck_assert_int_eq(c.min_age, 13);
	ck_assert_int_eq(movie_get(db, id, &m), SQLITE_ROW);
	ck_assert_str_eq(m.cert.code, "UA13");
	j = movie_json(&m);
	s = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "certificate"));
	ck_assert_str_eq(s, "{\"code\":\"UA13\",\"name\":\"UA 13+\","
	    "\"min_age\":13}");
	free(s);
	cJSON_Delete(j);
	j = movie_summary_json(&m);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j,
	    "certificate"), "code")->valuestring, "UA13");
	cJSON_Delete(j);
	movie_free(&m);
	/* Not Rated: no certificate, and the JSON says null. */
	id = import(db, "tt0000102", "Not Rated", 1000, &c);
	ck_assert_str_eq(c.code, "");
	ck_assert_int_eq(movie_get(db, id, &m), SQLITE_ROW);
	j = movie_json(&m);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "certificate")));
	cJSON_Delete(j);
	movie_free(&m);
	db_close(db);
}
END_TEST

START_TEST(test_refresh_keeps_the_admins_choice)
{
	sqlite3	*db = memdb();
	struct certificate c;
	struct movie m;
	long long id;
	int	 rc;

	id = import(db, "tt0000201", "PG", 1000, &c);
	ck_assert_str_eq(c.code, "UA7");
	ck_assert_int_eq(certificate_set(db, id, "UA16", &c, &rc),
	    CERTIFICATE_OK);
	ck_assert_str_eq(c.code, "UA16");
	/* The provider now says R (A); the admin said UA 16+. */
	ck_assert_int_eq(import(db, "tt0000201", "R", 2000, &c), id);
	ck_assert_str_eq(c.code, "UA16");
	ck_assert_int_eq(movie_get(db, id, &m), SQLITE_ROW);
	ck_assert_str_eq(m.cert.code, "UA16");
	ck_assert_str_eq(m.rated, "R");		/* the record is refreshed */
	ck_assert_int_eq(m.fetched_at, 2000);
	movie_free(&m);
	db_close(db);
}
END_TEST

START_TEST(test_refresh_fills_a_certificate_still_missing)
{
	sqlite3	*db = memdb();
	struct certificate c;
	long long id;

	id = import(db, "tt0000301", "Not Rated", 1000, &c);
	ck_assert_str_eq(c.code, "");
	ck_assert_int_eq(import(db, "tt0000301", "TV-14", 2000, &c), id);
	ck_assert_str_eq(c.code, "UA16");
	/* And a later Rated of another band leaves it alone. */
	ck_assert_int_eq(import(db, "tt0000301", "G", 3000, &c), id);
	ck_assert_str_eq(c.code, "UA16");
	db_close(db);
}
END_TEST

START_TEST(test_set_refuses_unknown_code_and_movie)
{
	sqlite3	*db = memdb();
	struct certificate c;
	long long id;
	int	 rc;

	id = import(db, "tt0000401", "G", 1000, &c);
	ck_assert_int_eq(certificate_set(db, id, "PG-13", &c, &rc),
	    CERTIFICATE_ERR_UNKNOWN);
	ck_assert_int_eq(certificate_set(db, id, "ua13", &c, &rc),
	    CERTIFICATE_ERR_UNKNOWN);		/* codes are exact */
	ck_assert_int_eq(certificate_set(db, id, "", &c, &rc),
	    CERTIFICATE_ERR_UNKNOWN);
	ck_assert_int_eq(certificate_set(db, id, "UA13UA13UA13", &c, &rc),
	    CERTIFICATE_ERR_UNKNOWN);
	ck_assert_int_eq(certificate_set(db, id + 99, "A", &c, &rc),
	    CERTIFICATE_ERR_NO_MOVIE);
	ck_assert_str_eq(c.code, "");
	/* Nothing was left open or changed. */
	ck_assert(sqlite3_get_autocommit(db));
	ck_assert_int_eq(unit_scalar(db, "SELECT certificate = 'U' FROM movies"),
	    1);
	ck_assert_int_eq(certificate_set(db, id, "S", &c, &rc), CERTIFICATE_OK);
	ck_assert_int_eq(c.min_age, 18);
	ck_assert(sqlite3_get_autocommit(db));
	db_close(db);
}
END_TEST

START_TEST(test_show_certificate_read_inside_a_transaction)
{
	sqlite3	*db = memdb();
	struct certificate c;
	long long film, bare;
	int	 rc;

	exec(db, "INSERT OR IGNORE INTO slots (id, name, start_min, end_min)"
	    " VALUES (1, 'Morning', 510, 690);"
	    "INSERT OR IGNORE INTO screens (id, name) VALUES (1, 'Screen 1')");
	film = import(db, "tt0000501", "PG-13", 1000, &c);
	bare = import(db, "tt0000502", "Not Rated", 1000, &c);
	exec(db, "INSERT INTO shows (id, movie_id, screen_id, slot_id, date,"
	    " starts_at, ends_at, price, created_at) VALUES"
	    " (7, 1, 1, 1, '2030-01-01', 100, 200, 15000, 0),"
	    " (8, 2, 1, 1, '2030-01-02', 100, 200, 15000, 0)");
	ck_assert_int_eq(film, 1);
	ck_assert_int_eq(bare, 2);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(certificate_of_show(db, 7, &c), SQLITE_ROW);
	ck_assert_str_eq(c.code, "UA13");
	ck_assert_int_eq(c.min_age, 13);
	ck_assert_int_eq(certificate_of_show(db, 8, &c), SQLITE_DONE);
	ck_assert_str_eq(c.code, "");
	ck_assert_int_eq(certificate_of_show(db, 99, &c), SQLITE_DONE);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	/* The admin's change is what the next hold reads. */
	ck_assert_int_eq(certificate_set(db, bare, "A", &c, &rc),
	    CERTIFICATE_OK);
	ck_assert_int_eq(certificate_of_show(db, 8, &c), SQLITE_ROW);
	ck_assert_int_eq(c.min_age, 18);
	db_close(db);
}
END_TEST

START_TEST(test_refusal_reads_as_a_sentence)
{
	struct certificate ua13 = { "UA13", "UA 13+", 13 };
	struct certificate a = { "A", "A", 18 };
	struct certificate s = { "S", "S", 18 };
	struct booking_fail f;
	char	 out[160];

	certificate_refusal_text("F7", "Child", &ua13, out, sizeof(out));
	ck_assert_str_eq(out, "Seat F7: a Child ticket can't be sold for a "
	    "UA 13+ film.");
	certificate_refusal_text("A1", "Child", &a, out, sizeof(out));
	ck_assert_str_eq(out, "Seat A1: a Child ticket can't be sold for an "
	    "A film.");
	certificate_refusal_text("B2", "Infant", &s, out, sizeof(out));
	ck_assert_str_eq(out, "Seat B2: an Infant ticket can't be sold for an "
	    "S film.");
	/* The booking error carries what the sentence needs. */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_fail_age(&f, "F7", "Child", &ua13), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_AGE_RESTRICTED);
	ck_assert_int_eq(f.seats.n, 1);
	ck_assert_str_eq(f.seats.label[0], "F7");
	ck_assert_str_eq(f.ticket_type, "Child");
	ck_assert_str_eq(f.certificate, "UA 13+");
}
END_TEST

/* What the hold and the walk-in call (the lead wires it in with ticket
 * types): the first seat whose type is too young is named; a film without
 * a certificate refuses nothing; a database failure is BOOKING_ERR_DB. */
START_TEST(test_booking_check_ages_names_the_first_refused_seat)
{
	sqlite3	*db = memdb();
	struct certificate c;
	struct booking_fail f;
	static const struct certificate_ticket family[] = {
		{ "F5", "Adult", -1, -1 }, { "F6", "Senior", 60, -1 },
		{ "F7", "Child", -1, 12 }, { "F8", "Child", -1, 12 },
	};
	static const struct certificate_ticket adults[] = {
		{ "F5", "Adult", -1, -1 }, { "F6", "Student", -1, -1 },
	};

	exec(db, "INSERT OR IGNORE INTO slots (id, name, start_min, end_min)"
	    " VALUES (1, 'Morning', 510, 690);"
	    "INSERT OR IGNORE INTO screens (id, name) VALUES (1, 'Screen 1')");
	(void)import(db, "tt0000701", "PG-13", 1000, &c);	/* UA 13+ */
	(void)import(db, "tt0000702", "PG", 1000, &c);		/* UA 7+ */
	(void)import(db, "tt0000703", "Not Rated", 1000, &c);
	exec(db, "INSERT INTO shows (id, movie_id, screen_id, slot_id, date,"
	    " starts_at, ends_at, price, created_at) VALUES"
	    " (1, 1, 1, 1, '2030-01-01', 100, 200, 15000, 0),"
	    " (2, 2, 1, 1, '2030-01-02', 100, 200, 15000, 0),"
	    " (3, 3, 1, 1, '2030-01-03', 100, 200, 15000, 0)");
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_check_ages(db, 1, family, 4, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_AGE_RESTRICTED);
	ck_assert_str_eq(f.seats.label[0], "F7");
	ck_assert_str_eq(f.ticket_type, "Child");
	ck_assert_str_eq(f.certificate, "UA 13+");
	ck_assert(!sqlite3_get_autocommit(db));	/* the caller rolls back */
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_check_ages(db, 1, adults, 2, &f), 0);
	ck_assert_int_eq(booking_check_ages(db, 2, family, 4, &f), 0);
	ck_assert_int_eq(booking_check_ages(db, 3, family, 4, &f), 0);
	ck_assert_int_eq(f.err, BOOKING_OK);
	db_rollback(db);
	/* A failing read is the database's error, rolled back. */
	exec(db, "PRAGMA foreign_keys = OFF; DROP TABLE certificate_ratings;"
	    " DROP TABLE certificates");
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(booking_check_ages(db, 1, family, 4, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_DB);
	ck_assert(sqlite3_get_autocommit(db));
	db_close(db);
}
END_TEST

/* 422 AGE_RESTRICTED, the sentence as the message, the seat on the
 * field the seats came from. */
START_TEST(test_age_restricted_answer_names_the_seat)
{
	struct certificate ua13 = { "UA13", "UA 13+", 13 };
	struct booking_fail f;
	static struct ctx c;

	memset(&f, 0, sizeof(f));
	memset(&c, 0, sizeof(c));
	(void)booking_fail_age(&f, "F7", "Child", &ua13);
	ck_assert_int_eq(booking_fail_answer(&c, &f), -1);
	ck_assert_int_eq(c.err.status, 422);
	ck_assert_str_eq(c.err.code, "AGE_RESTRICTED");
	ck_assert_str_eq(c.err.message, "Seat F7: a Child ticket can't be sold "
	    "for a UA 13+ film.");
	ck_assert_int_eq(c.err.nfields, 1);
	ck_assert_str_eq(c.err.fields[0].field, "seats");
	ck_assert_str_eq(c.err.fields[0].message, "F7 (Child ticket): this "
	    "film is UA 13+");
	/* A change of a hold names its add field, as the other seat errors. */
	memset(&c, 0, sizeof(c));
	snprintf(f.field, sizeof(f.field), "add");
	(void)booking_fail_answer(&c, &f);
	ck_assert_str_eq(c.err.fields[0].field, "add");
}
END_TEST

START_TEST(test_migration_7_rates_the_films_already_there)
{
	sqlite3	*db;
	char	 why[256];
	int	 from, to;

	ck_assert_int_eq(db_open(":memory:", &db), SQLITE_OK);
	ck_assert_msg(migrate_apply_upto(db, skyfox_schema_sql, 6, why,
	    sizeof(why)) == 0, "%s", why);
	exec(db, "INSERT INTO movies (id, imdb_id, title, rated, raw_json,"
	    " fetched_at) VALUES (1, 'tt0000601', 'A', 'PG-13', '{}', 0),"
	    " (2, 'tt0000602', 'B', 'Not Rated', '{}', 0),"
	    " (3, 'tt0000603', 'C', NULL, '{}', 0),"
	    " (4, 'tt0000604', 'D', ' tv-ma ', '{}', 0)");
	ck_assert_msg(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(from, 6);
	ck_assert_int_ge(to, 7);
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM movies WHERE"
	    " (id = 1 AND certificate = 'UA13') OR (id IN (2, 3) AND"
	    " certificate IS NULL) OR (id = 4 AND certificate = 'A')"), 4);
	/* The column points at a real certificate. */
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE movies SET certificate ="
	    " 'XX' WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
	db_close(db);
}
END_TEST

Suite *
certificate_suite(void)
{
	Suite	*s = suite_create("certificate");
	TCase	*t = tcase_create("certificate");

	tcase_add_test(t, test_child_ticket_refused_for_ua13_allowed_for_ua7);
	tcase_add_test(t, test_types_without_ages_are_always_sold);
	tcase_add_test(t, test_list_is_the_cbfc_set_in_order);
	tcase_add_test(t, test_rated_maps_to_cbfc_codes);
	tcase_add_test(t, test_another_countrys_set_is_data);
	tcase_add_test(t, test_import_sets_certificate_from_rated);
	tcase_add_test(t, test_refresh_keeps_the_admins_choice);
	tcase_add_test(t, test_refresh_fills_a_certificate_still_missing);
	tcase_add_test(t, test_set_refuses_unknown_code_and_movie);
	tcase_add_test(t, test_show_certificate_read_inside_a_transaction);
	tcase_add_test(t, test_refusal_reads_as_a_sentence);
	tcase_add_test(t, test_booking_check_ages_names_the_first_refused_seat);
	tcase_add_test(t, test_age_restricted_answer_names_the_seat);
	tcase_add_test(t, test_migration_7_rates_the_films_already_there);
	suite_add_tcase(s, t);
	return s;
}
