/* Password resets over the real Apache: question (with decoys for unknown
 * emails), answer → token, token → new password; replayed, expired and
 * forged tokens; the history rule; rate limits on answers and tokens. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "burst.h"
#include "client.h"
#include "fixture.h"

static struct hresp *
question(const char *email)
{
	char	 path[300];

	snprintf(path, sizeof(path), "/api/password-resets/question?email=%s",
	    email);
	return api("GET", path, NULL, NULL);
}

static struct hresp *
verify(const char *email, const char *answer)
{
	char	 body[300];

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"answer\":\"%s\"}",
	    email, answer);
	return api("POST", "/api/password-resets/verify", body, NULL);
}

static struct hresp *
reset(const char *token, const char *password)
{
	char	 body[300];

	snprintf(body, sizeof(body), "{\"reset_token\":\"%s\",\"password\":"
	    "\"%s\"}", token, password);
	return api("POST", "/api/password-resets", body, NULL);
}

/* A token for tc, asserting success. */
static char *
token_for(const struct fx_account *tc)
{
	struct hresp *r = verify(tc->email, tc->answer);
	char	*t;

	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	t = strdup(jstr(r->json, "data.reset_token"));
	ck_assert_int_eq(strlen(t), 43);
	hresp_free(r);
	return t;
}

START_TEST(test_question_for_known_email)
{
	struct fx_account tc;
	struct hresp *r;

	fx_signup("rq", &tc);
	r = question(tc.email);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.question_id"), 2);
	ck_assert_str_eq(jstr(r->json, "data.question"),
	    "In which city were you born?");
	hresp_free(r);
}
END_TEST

/* Unknown emails get a question too, the same one every time, in the
 * same shape: nobody can tell which emails have accounts. */
START_TEST(test_unknown_email_gets_a_stable_decoy)
{
	struct hresp *a, *b;
	int	 differs = 0;
	long long first = -1;

	a = question("nobody-here-1@example.com");
	b = question("Nobody-Here-1@Example.com");
	ck_assert_int_eq(a->status, 200);
	ck_assert_int_ge(jint(a->json, "data.question_id"), 1);
	ck_assert_int_eq(jint(a->json, "data.question_id"),
	    jint(b->json, "data.question_id"));
	ck_assert_str_eq(jstr(a->json, "data.question"),
	    jstr(b->json, "data.question"));
	/* The same keys as a real one. */
	ck_assert_ptr_nonnull(jget(a->json, "data.email"));
	ck_assert_int_eq(cJSON_GetArraySize(jget(a->json, "data")), 3);
	hresp_free(a);
	hresp_free(b);
	/* Decoys are spread over the questions, not always the same one. */
	for (int i = 0; i < 12; i++) {
		char	 e[64];
		struct hresp *r;

		snprintf(e, sizeof(e), "decoy%d@example.org", i);
		r = question(e);
		if (first == -1)
			first = jint(r->json, "data.question_id");
		else if (jint(r->json, "data.question_id") != first)
			differs = 1;
		hresp_free(r);
	}
	ck_assert(differs);
}
END_TEST

START_TEST(test_question_needs_a_valid_email)
{
	struct hresp *r = question("not-an-email");

	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("GET", "/api/password-resets/question", NULL, NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
}
END_TEST

START_TEST(test_wrong_answer_and_unknown_email_look_the_same)
{
	struct fx_account tc;
	struct hresp *a, *b;

	fx_signup("rw", &tc);
	client_set_source(client_fresh_source());
	a = verify(tc.email, "Kolkata");
	b = verify("nobody-at-all@example.com", "Kolkata");
	expect_error(a, 403, "INVALID_SECURITY_ANSWER");
	expect_error(b, 403, "INVALID_SECURITY_ANSWER");
	ck_assert_str_eq(jstr(a->json, "error.message"),
	    jstr(b->json, "error.message"));
	hresp_free(a);
	hresp_free(b);
}
END_TEST

/* The whole flow: old sessions end, the new password works, the old one
 * does not, and the token cannot be used twice. */
START_TEST(test_reset_flow_and_replayed_token)
{
	struct fx_account tc;
	char	*before, *tok, body[200];
	struct hresp *r;

	fx_signup("rf", &tc);
	before = login(tc.username, tc.password);
	tok = token_for(&tc);
	r = reset(tok, "Brand#New2026");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.username"), tc.username);
	hresp_free(r);
	r = api("GET", "/api/session", NULL, before);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	client_set_source(client_fresh_source());
	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}",
	    tc.username, tc.password);
	r = api("POST", "/api/session", body, NULL);
	expect_error(r, 401, "INVALID_CREDENTIALS");
	hresp_free(r);
	free(before);
	before = login(tc.username, "Brand#New2026");
	/* Replay. */
	r = reset(tok, "Another#2026");
	expect_error(r, 400, "INVALID_RESET_TOKEN");
	hresp_free(r);
	free(before);
	free(tok);
}
END_TEST

/* Stored hashed: the token itself is nowhere in the database. */
START_TEST(test_reset_token_is_stored_hashed)
{
	struct fx_account tc;
	char	*tok, sql[300], *v;

	fx_signup("rh", &tc);
	tok = token_for(&tc);
	snprintf(sql, sizeof(sql), "SELECT count(*) || ' ' || "
	    "max(t.expires_at - t.created_at) FROM reset_tokens t JOIN users u ON "
	    "u.id = t.user_id WHERE u.username = '%s'", tc.username);
	v = db_scalar(sql);
	ck_assert_str_eq(v, "1 300");
	free(v);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM reset_tokens WHERE "
	    "instr(CAST(token_hash AS TEXT), '%.20s') > 0 OR hex(token_hash) "
	    "= upper('%s')", tok, tok);
	v = db_scalar(sql);
	ck_assert_str_eq(v, "0");
	free(v);
	free(tok);
}
END_TEST

START_TEST(test_expired_token_is_refused)
{
	struct fx_account tc;
	char	*tok;
	struct hresp *r;
	long	 status;

	fx_signup("rx", &tc);
	tok = token_for(&tc);
	client_set_source(client_fresh_source());	/* a counted failure */
	/* Five minutes and a second later (the whole site's clock). */
	fx_clock_offset(301);
	r = reset(tok, "Late#2026x");
	fx_clock_back();
	status = r->status;
	expect_error(r, 400, "INVALID_RESET_TOKEN");
	hresp_free(r);
	ck_assert_int_eq(status, 400);
	/* Back in time, the same token still works: expiry was the reason. */
	r = reset(tok, "OnTime#2026");
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_forged_and_malformed_tokens)
{
	struct hresp *r;

	client_set_source(client_fresh_source());
	r = reset("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Forged#2026");
	expect_error(r, 400, "INVALID_RESET_TOKEN");
	hresp_free(r);
	r = reset("short", "Forged#2026");
	expect_error(r, 400, "INVALID_RESET_TOKEN");
	hresp_free(r);
	r = api("POST", "/api/password-resets", "{\"password\":\"weak\"}", NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
}
END_TEST

/* A session token is not a reset token, and a reset token is not a
 * session token. */
START_TEST(test_reset_and_session_tokens_do_not_mix)
{
	struct fx_account tc;
	char	*sess, *tok;
	struct hresp *r;

	fx_signup("rm", &tc);
	sess = login(tc.username, tc.password);
	client_set_source(client_fresh_source());
	r = reset(sess, "Mixed#2026");
	expect_error(r, 400, "INVALID_RESET_TOKEN");
	hresp_free(r);
	tok = token_for(&tc);
	r = api("GET", "/api/session", NULL, tok);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	free(sess);
	free(tok);
}
END_TEST

/* A recent password is refused, and the token survives for another try. */
START_TEST(test_reset_refuses_recent_password_keeps_token)
{
	struct fx_account tc;
	char	*tok;
	struct hresp *r;

	fx_signup("rr", &tc);
	tok = token_for(&tc);
	r = reset(tok, tc.password);
	expect_error(r, 422, "PASSWORD_REUSE");
	hresp_free(r);
	r = reset(tok, "weakpass");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = reset(tok, "Fresh#2026");
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(tok);
}
END_TEST

/* A new token replaces the previous one. */
START_TEST(test_new_token_replaces_old)
{
	struct fx_account tc;
	char	*a, *b;
	struct hresp *r;

	fx_signup("rn", &tc);
	a = token_for(&tc);
	b = token_for(&tc);
	client_set_source(client_fresh_source());	/* a counted failure */
	r = reset(a, "Fresh#2026");
	expect_error(r, 400, "INVALID_RESET_TOKEN");
	hresp_free(r);
	r = reset(b, "Fresh#2026");
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_wrong_answers_lock_the_email)
{
	struct fx_account tc;
	struct hresp *r;

	fx_signup("rl", &tc);
	client_set_source(client_fresh_source());
	for (int i = 0; i < 5; i++) {
		r = verify(tc.email, "Pune");
		expect_error(r, 403, "INVALID_SECURITY_ANSWER");
		hresp_free(r);
	}
	r = verify(tc.email, tc.answer);
	expect_error(r, 429, "RATE_LIMITED");
	ck_assert_int_gt(atol(hdr(r, "Retry-After")), 0);
	hresp_free(r);
	/* … from any address. */
	client_set_source(client_fresh_source());
	r = verify(tc.email, tc.answer);
	expect_error(r, 429, "RATE_LIMITED");
	hresp_free(r);
}
END_TEST

static struct hresp *
wrong_answer(int i, void *email)
{
	(void)i;
	return verify(email, "Pune");
}

/* 30 wrong answers for one email at once: at most 5 are evaluated (403),
 * the rest get 429 with Retry-After before any hashing. */
START_TEST(test_burst_of_wrong_answers_evaluates_at_most_the_limit)
{
	static const long ok[] = { 403, 429, 0 };
	struct fx_account tc;
	struct burst b;

	fx_signup("rb", &tc);
	client_set_source(client_fresh_source());
	burst_run(30, wrong_answer, tc.email, &b);
	burst_expect_only(&b, ok);
	ck_assert_msg(burst_count(&b, 403) <= 5, "%s", burst_summary(&b));
	ck_assert_msg(burst_count(&b, 429) >= 25, "%s", burst_summary(&b));
}
END_TEST

START_TEST(test_bad_tokens_lock_the_address)
{
	struct fx_account tc;
	char	*tok;
	struct hresp *r;

	fx_signup("rt", &tc);
	tok = token_for(&tc);
	client_set_source(client_fresh_source());
	for (int i = 0; i < 20; i++) {
		r = reset("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Guess#2026");
		expect_error(r, 400, "INVALID_RESET_TOKEN");
		hresp_free(r);
	}
	r = reset(tok, "Fresh#2026");
	expect_error(r, 429, "RATE_LIMITED");
	hresp_free(r);
	client_set_source(client_fresh_source());
	r = reset(tok, "Fresh#2026");
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(tok);
}
END_TEST

/* Locked out by wrong passwords, the owner resets and can log in at once. */
START_TEST(test_reset_unlocks_the_login)
{
	struct fx_account tc;
	char	 body[200], *tok;
	struct hresp *r;

	fx_signup("ru", &tc);
	client_set_source(client_fresh_source());
	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":"
	    "\"Nope#2026\"}", tc.username);
	for (int i = 0; i < 6; i++) {
		r = api("POST", "/api/session", body, NULL);
		hresp_free(r);
	}
	tok = token_for(&tc);
	r = reset(tok, "Unlocked#2026");
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(tok);
	tok = login(tc.username, "Unlocked#2026");
	free(tok);
}
END_TEST

Suite *
password_resets_suite(void)
{
	Suite	*s = suite_create("http password resets");
	TCase	*t = tcase_create("resets");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_question_for_known_email);
	tcase_add_test(t, test_unknown_email_gets_a_stable_decoy);
	tcase_add_test(t, test_question_needs_a_valid_email);
	tcase_add_test(t, test_wrong_answer_and_unknown_email_look_the_same);
	tcase_add_test(t, test_reset_flow_and_replayed_token);
	tcase_add_test(t, test_reset_token_is_stored_hashed);
	tcase_add_test(t, test_expired_token_is_refused);
	tcase_add_test(t, test_forged_and_malformed_tokens);
	tcase_add_test(t, test_reset_and_session_tokens_do_not_mix);
	tcase_add_test(t, test_reset_refuses_recent_password_keeps_token);
	tcase_add_test(t, test_new_token_replaces_old);
	tcase_add_test(t, test_wrong_answers_lock_the_email);
	tcase_add_test(t, test_burst_of_wrong_answers_evaluates_at_most_the_limit);
	tcase_add_test(t, test_bad_tokens_lock_the_address);
	tcase_add_test(t, test_reset_unlocks_the_login);
	suite_add_tcase(s, t);
	return s;
}
