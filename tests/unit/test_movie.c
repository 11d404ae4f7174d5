/* movie and movie_provider without the network: OMDb parsing ("N/A",
 * "142 min", Response False), the provider URL template, the catalog's
 * search shape, and the movies table. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "migrate.h"
#include "movie.h"
#include "movie_provider.h"

static const char shawshank[] =
    "{\"Title\":\"The Shawshank Redemption\",\"Year\":\"1994\",\"Rated\":\"R\","
    "\"Runtime\":\"142 min\",\"Genre\":\"Drama\",\"Director\":\"Frank Darabont\","
    "\"Actors\":\"Tim Robbins, Morgan Freeman\",\"Plot\":\"A banker in prison.\","
    "\"Language\":\"English\",\"Poster\":\"/catalog/posters/tt0111161.svg\","
    "\"Ratings\":[{\"Source\":\"Internet Movie Database\",\"Value\":\"9.3/10\"}],"
    "\"imdbRating\":\"9.3\",\"imdbID\":\"tt0111161\",\"Type\":\"movie\","
    "\"DVD\":\"N/A\",\"Response\":\"True\"}\n";

static enum movie_parse
parse(const char *json, const char *want, struct movie *m, char *why)
{
	return movie_parse_omdb(json, strlen(json), want, m, why, 160);
}

START_TEST(test_imdb_id_is_tt_and_7_to_9_digits)
{
	ck_assert(movie_valid_imdb_id("tt0111161"));
	ck_assert(movie_valid_imdb_id("tt15097216"));
	ck_assert(movie_valid_imdb_id("tt123456789"));
	ck_assert(!movie_valid_imdb_id("tt123456"));		/* 6 digits */
	ck_assert(!movie_valid_imdb_id("tt1234567890"));	/* 10 */
	ck_assert(!movie_valid_imdb_id("nm0000001"));
	ck_assert(!movie_valid_imdb_id("TT0111161"));
	ck_assert(!movie_valid_imdb_id("tt0111161 "));
	ck_assert(!movie_valid_imdb_id("tt01111a1"));
	ck_assert(!movie_valid_imdb_id("../etc/pa"));
	ck_assert(!movie_valid_imdb_id(""));
	ck_assert(!movie_valid_imdb_id(NULL));
}
END_TEST

START_TEST(test_runtime_reads_minutes_and_hours)
{
	ck_assert_int_eq(movie_parse_runtime("142 min"), 142);
	ck_assert_int_eq(movie_parse_runtime("81 min"), 81);
	ck_assert_int_eq(movie_parse_runtime("2 h 22 min"), 142);
	ck_assert_int_eq(movie_parse_runtime("3 h"), 180);
	ck_assert_int_eq(movie_parse_runtime("N/A"), 0);
	ck_assert_int_eq(movie_parse_runtime(""), 0);
	ck_assert_int_eq(movie_parse_runtime("142"), 0);
	ck_assert_int_eq(movie_parse_runtime("142 minutes"), 0);
	ck_assert_int_eq(movie_parse_runtime("-5 min"), 0);
	ck_assert_int_eq(movie_parse_runtime("0 min"), 0);
	ck_assert_int_eq(movie_parse_runtime("99999999999 min"), 0);
	ck_assert_int_eq(movie_parse_runtime(NULL), 0);
}
END_TEST

START_TEST(test_parse_full_record)
{
	struct movie m;
	char	 why[160];

	ck_assert_int_eq(parse(shawshank, "tt0111161", &m, why), MOVIE_PARSED);
	ck_assert_str_eq(m.imdb_id, "tt0111161");
	ck_assert_str_eq(m.title, "The Shawshank Redemption");
	ck_assert_str_eq(m.year, "1994");
	ck_assert_int_eq(m.runtime_min, 142);
	ck_assert_str_eq(m.genre, "Drama");
	ck_assert_str_eq(m.rating, "9.3");
	ck_assert_str_eq(m.poster, "/catalog/posters/tt0111161.svg");
	ck_assert_str_eq(m.actors, "Tim Robbins, Morgan Freeman");
	movie_free(&m);
}
END_TEST

START_TEST(test_parse_na_means_absent)
{
	struct movie m;
	char	 why[160];

	ck_assert_int_eq(parse("{\"Title\":\"Obscure\",\"imdbID\":\"tt7654321\","
	    "\"Runtime\":\"N/A\",\"Genre\":\"N/A\",\"Plot\":\"N/A\","
	    "\"imdbRating\":\"N/A\",\"Poster\":\"N/A\",\"Year\":\"\","
	    "\"Director\":42,\"Response\":\"True\"}", NULL, &m, why),
	    MOVIE_PARSED);
	ck_assert_int_eq(m.runtime_min, 0);
	ck_assert_ptr_null(m.genre);
	ck_assert_ptr_null(m.plot);
	ck_assert_ptr_null(m.rating);
	ck_assert_ptr_null(m.poster);
	ck_assert_ptr_null(m.year);
	ck_assert_ptr_null(m.director);		/* not a string: ignored */
	movie_free(&m);
}
END_TEST

START_TEST(test_parse_response_false_is_not_found)
{
	struct movie m;
	char	 why[160];

	ck_assert_int_eq(parse("{\"Response\":\"False\",\"Error\":"
	    "\"Incorrect IMDb ID.\"}", "tt0000001", &m, why), MOVIE_NOT_FOUND);
	ck_assert_str_eq(why, "Incorrect IMDb ID.");
	ck_assert_ptr_null(m.title);
	ck_assert(movie_omdb_says_not_found("Incorrect IMDb ID."));
	ck_assert(movie_omdb_says_not_found("Movie not found!"));
	ck_assert(!movie_omdb_says_not_found("Invalid API key!"));
	ck_assert(!movie_omdb_says_not_found("Request limit reached!"));
}
END_TEST

START_TEST(test_parse_refuses_malformed_records)
{
	static const char *const bad[] = {
		"",
		"<html>Not Found</html>",
		"[{\"Title\":\"x\",\"imdbID\":\"tt0111161\"}]",
		"{\"Title\":\"x\",\"imdbID\":\"tt0111161\"",
		"{\"imdbID\":\"tt0111161\",\"Response\":\"True\"}",	/* no Title */
		"{\"Title\":\"x\",\"Response\":\"True\"}",		/* no imdbID */
		"{\"Title\":\"x\",\"imdbID\":\"nm0000001\"}",
		"{\"Title\":\"x\",\"imdbID\":\"tt0111162\"}",	/* another film */
		"{\"Title\":\"\xc3\x28\",\"imdbID\":\"tt0111161\"}",	/* bad UTF-8 */
		"{\"Title\":\"x\",\"imdbID\":\"tt0111161\"} trailing",
	};
	struct movie m;
	char	 why[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i], "tt0111161", &m, why) ==
		    MOVIE_MALFORMED, "case %zu accepted", i);
		ck_assert_msg(*why != '\0', "case %zu: no reason", i);
	}
}
END_TEST

START_TEST(test_parse_drops_unsafe_posters)
{
	static const char *const bad[] = { "javascript:alert(1)",
	    "//evil.example/x.png", "data:image/svg+xml,<svg/>", "poster.png" };
	static const char *const good[] = { "https://m.media-amazon.com/a.jpg",
	    "http://img.example/b.jpg", "/catalog/posters/tt0111161.svg" };
	char	 json[512], why[160];
	struct movie m;

	for (size_t i = 0; i < 4; i++) {
		snprintf(json, sizeof(json), "{\"Title\":\"x\",\"imdbID\":"
		    "\"tt0111161\",\"Poster\":\"%s\"}", bad[i]);
		ck_assert_int_eq(parse(json, NULL, &m, why), MOVIE_PARSED);
		ck_assert_msg(m.poster == NULL, "kept %s", bad[i]);
		movie_free(&m);
	}
	for (size_t i = 0; i < 3; i++) {
		snprintf(json, sizeof(json), "{\"Title\":\"x\",\"imdbID\":"
		    "\"tt0111161\",\"Poster\":\"%s\"}", good[i]);
		ck_assert_int_eq(parse(json, NULL, &m, why), MOVIE_PARSED);
		ck_assert_str_eq(m.poster, good[i]);
		movie_free(&m);
	}
}
END_TEST

START_TEST(test_provider_url_template)
{
	char	 out[256];

	ck_assert_int_eq(movie_provider_url(
	    "http://127.0.0.1:8080/catalog/{imdb_id}.json", "tt0111161", "",
	    NULL, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "http://127.0.0.1:8080/catalog/tt0111161.json");
	/* A real OMDb URL works as is. */
	ck_assert_int_eq(movie_provider_url(
	    "https://www.omdbapi.com/?i={imdb_id}&apikey={apikey}", "tt0111161",
	    "ab12cd34", NULL, out, sizeof(out)), 0);
	ck_assert_str_eq(out,
	    "https://www.omdbapi.com/?i=tt0111161&apikey=ab12cd34");
	/* Values are percent-encoded: a key cannot add parameters. */
	ck_assert_int_eq(movie_provider_url("https://x/?apikey={apikey}&q={query}",
	    NULL, "a&b=c d", "Amélie/2", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "https://x/?apikey=a%26b%3Dc%20d&q=Am%C3%A9lie%2F2");
	/* No placeholder: the same URL for everything (the catalog). */
	ck_assert_int_eq(movie_provider_url("http://h/catalog/index.json", NULL,
	    NULL, NULL, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "http://h/catalog/index.json");
	/* Refused: unknown placeholder, unclosed brace, empty, too long. */
	ck_assert_int_eq(movie_provider_url("http://h/{id}", "tt0111161", NULL,
	    NULL, out, sizeof(out)), -1);
	ck_assert_int_eq(movie_provider_url("http://h/{imdb_id", "tt0111161",
	    NULL, NULL, out, sizeof(out)), -1);
	ck_assert_int_eq(movie_provider_url("", "tt0111161", NULL, NULL, out,
	    sizeof(out)), -1);
	ck_assert_int_eq(movie_provider_url("http://h/{imdb_id}", "tt0111161",
	    NULL, NULL, out, 12), -1);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_catalog_parses_search_shape)
{
	static const char s[] = "{\"Search\":["
	    "{\"Title\":\"Spider-Man: Into the Spider-Verse\",\"Year\":\"2018\","
	    "\"imdbID\":\"tt4633694\",\"Type\":\"movie\",\"Poster\":\"N/A\"},"
	    "{\"Title\":\"Up\",\"Year\":\"2009\",\"imdbID\":\"tt1049413\","
	    "\"Poster\":\"/catalog/posters/tt1049413.svg\"},"
	    "{\"Title\":\"Broken\",\"imdbID\":\"bogus\"},"
	    "{\"imdbID\":\"tt0000009\"},"
	    "42],\"totalResults\":\"3\",\"Response\":\"True\"}";
	char	 why[160];
	cJSON	*list;

	ck_assert_int_eq(movie_catalog_parse(s, strlen(s), NULL, &list, why,
	    sizeof(why)), PROVIDER_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 2);	/* bad ones skipped */
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0),
	    "imdb_id")->valuestring, "tt4633694");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0),
	    "poster")));
	cJSON_Delete(list);
	/* The query filters by title, ignoring case. */
	ck_assert_int_eq(movie_catalog_parse(s, strlen(s), "SPIDER", &list, why,
	    sizeof(why)), PROVIDER_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 1);
	cJSON_Delete(list);
}
END_TEST

START_TEST(test_catalog_errors)
{
	static const char nf[] = "{\"Response\":\"False\",\"Error\":\"Movie not found!\"}";
	static const char key[] = "{\"Response\":\"False\",\"Error\":\"Invalid API key!\"}";
	static const char none[] = "{\"Response\":\"True\"}";
	char	 why[160];
	cJSON	*list;

	ck_assert_int_eq(movie_catalog_parse(nf, strlen(nf), "zzz", &list, why,
	    sizeof(why)), PROVIDER_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 0);
	cJSON_Delete(list);
	ck_assert_int_eq(movie_catalog_parse(key, strlen(key), NULL, &list, why,
	    sizeof(why)), PROVIDER_ERROR);
	ck_assert_ptr_null(list);
	ck_assert_ptr_nonnull(strstr(why, "Invalid API key"));
	ck_assert_int_eq(movie_catalog_parse(none, strlen(none), NULL, &list,
	    why, sizeof(why)), PROVIDER_ERROR);
	ck_assert_int_eq(movie_catalog_parse("garbage", 7, NULL, &list, why,
	    sizeof(why)), PROVIDER_ERROR);
}
END_TEST

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

START_TEST(test_upsert_inserts_then_refreshes)
{
	sqlite3	*db = memdb();
	struct movie m, got;
	char	 why[160];
	cJSON	*list, *stale, *cat;
	int	 created;
	long long id;

	ck_assert_int_eq(parse(shawshank, NULL, &m, why), MOVIE_PARSED);
	ck_assert_int_eq(movie_upsert(db, &m, shawshank, 1000, &created),
	    SQLITE_OK);
	ck_assert_int_eq(created, 1);
	id = m.id;
	ck_assert_int_gt(id, 0);
	free(m.rating);
	m.rating = strdup("9.4");
	ck_assert_int_eq(movie_upsert(db, &m, shawshank, 2000, &created),
	    SQLITE_OK);
	ck_assert_int_eq(created, 0);
	ck_assert_int_eq(m.id, id);
	movie_free(&m);
	ck_assert_int_eq(movie_get(db, id, &got), SQLITE_ROW);
	ck_assert_str_eq(got.rating, "9.4");
	ck_assert_int_eq(got.fetched_at, 2000);
	ck_assert_int_eq(got.runtime_min, 142);
	movie_free(&got);
	ck_assert_int_eq(movie_get(db, id + 1, &got), SQLITE_DONE);
	ck_assert_int_eq(movie_get_by_imdb(db, "tt0111161", &got), SQLITE_ROW);
	movie_free(&got);
	ck_assert_int_eq(movie_list(db, &list), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 1);
	cJSON_Delete(list);
	/* Stale: fetched before the cutoff only. */
	ck_assert_int_eq(movie_stale(db, 2000, 10, &stale), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(stale), 0);
	cJSON_Delete(stale);
	ck_assert_int_eq(movie_stale(db, 2001, 10, &stale), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(stale), 1);
	cJSON_Delete(stale);
	/* The catalog learns which entries are here already. */
	cat = cJSON_Parse("[{\"imdb_id\":\"tt0111161\"},{\"imdb_id\":\"tt1049413\"}]");
	ck_assert_int_eq(movie_mark_imported(db, cat), SQLITE_OK);
	ck_assert_int_eq((long long)cJSON_GetObjectItem(cJSON_GetArrayItem(cat,
	    0), "movie_id")->valuedouble, id);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(cat, 1),
	    "movie_id")));
	cJSON_Delete(cat);
	db_close(db);
}
END_TEST

Suite *
movie_suite(void)
{
	Suite	*s = suite_create("movie");
	TCase	*t = tcase_create("core");

	tcase_add_test(t, test_imdb_id_is_tt_and_7_to_9_digits);
	tcase_add_test(t, test_runtime_reads_minutes_and_hours);
	tcase_add_test(t, test_parse_full_record);
	tcase_add_test(t, test_parse_na_means_absent);
	tcase_add_test(t, test_parse_response_false_is_not_found);
	tcase_add_test(t, test_parse_refuses_malformed_records);
	tcase_add_test(t, test_parse_drops_unsafe_posters);
	tcase_add_test(t, test_provider_url_template);
	tcase_add_test(t, test_catalog_parses_search_shape);
	tcase_add_test(t, test_catalog_errors);
	tcase_add_test(t, test_upsert_inserts_then_refreshes);
	suite_add_tcase(s, t);
	return s;
}
