/* multipart: strict multipart/form-data parsing (RFC 7578, RFC 2046 §5.1). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "multipart.h"

#define CRLF "\r\n"
#define B "----skyfoxB0undary"

static enum mp_err
parse(const char *body, struct multipart *mp)
{
	memset(mp, 0, sizeof(*mp));
	return mp_parse(body, strlen(body), B, mp);
}

START_TEST(test_multipart_boundary_from_content_type)
{
	char	 b[72];

	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=abc123", b,
	    sizeof(b)), MP_OK);
	ck_assert_str_eq(b, "abc123");
	ck_assert_int_eq(mp_boundary("multipart/form-data; BOUNDARY=\"a b'()+_,-./:=?\"",
	    b, sizeof(b)), MP_BAD_BOUNDARY);	/* space is not accepted */
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=\"q'()+_,-./:=?\"; x=1",
	    b, sizeof(b)), MP_OK);
	ck_assert_str_eq(b, "q'()+_,-./:=?");
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=xyz; charset=utf-8",
	    b, sizeof(b)), MP_OK);
	ck_assert_str_eq(b, "xyz");
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=xyz other", b,
	    sizeof(b)), MP_OK);
	ck_assert_str_eq(b, "xyz");
}
END_TEST

START_TEST(test_multipart_refuses_missing_boundary)
{
	char	 b[72];

	ck_assert_int_eq(mp_boundary("multipart/form-data", b, sizeof(b)),
	    MP_NO_BOUNDARY);
	ck_assert_int_eq(mp_boundary("multipart/form-data; charset=utf-8", b,
	    sizeof(b)), MP_NO_BOUNDARY);
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=", b,
	    sizeof(b)), MP_BAD_BOUNDARY);
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=\"\"", b,
	    sizeof(b)), MP_BAD_BOUNDARY);
}
END_TEST

START_TEST(test_multipart_refuses_bad_boundary_chars)
{
	char	 b[72];

	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=a\"b", b,
	    sizeof(b)), MP_BAD_BOUNDARY);
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=a\\b", b,
	    sizeof(b)), MP_BAD_BOUNDARY);
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=a\r\nb", b,
	    sizeof(b)), MP_BAD_BOUNDARY);
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=caf\xc3\xa9",
	    b, sizeof(b)), MP_BAD_BOUNDARY);
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=a\tb", b,
	    sizeof(b)), MP_BAD_BOUNDARY);
	/* An unterminated quoted boundary. */
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=\"abc", b,
	    sizeof(b)), MP_BAD_BOUNDARY);
}
END_TEST

START_TEST(test_multipart_refuses_over_long_boundary)
{
	char	 ct[200], b[72];

	/* RFC 2046: 1 to 70 characters. */
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.70s",
	    "0123456789012345678901234567890123456789012345678901234567890123456789XYZ");
	ck_assert_int_eq(mp_boundary(ct, b, sizeof(b)), MP_OK);
	ck_assert_uint_eq(strlen(b), 70);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.71s",
	    "0123456789012345678901234567890123456789012345678901234567890123456789XYZ");
	ck_assert_int_eq(mp_boundary(ct, b, sizeof(b)), MP_BAD_BOUNDARY);
	/* A caller's buffer that is too small is respected. */
	ck_assert_int_eq(mp_boundary("multipart/form-data; boundary=abcdef", b,
	    4), MP_BAD_BOUNDARY);
}
END_TEST

START_TEST(test_multipart_parses_single_field)
{
	struct multipart mp;

	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"show_id\"" CRLF CRLF
	    "42" CRLF
	    "--" B "--" CRLF, &mp), MP_OK);
	ck_assert_uint_eq(mp.n, 1);
	ck_assert_str_eq(mp.v[0].name, "show_id");
	ck_assert_ptr_null(mp.v[0].filename);
	ck_assert_ptr_null(mp.v[0].content_type);
	ck_assert_uint_eq(mp.v[0].len, 2);
	ck_assert_mem_eq(mp.v[0].data, "42", 2);
	mp_free(&mp);
	ck_assert_uint_eq(mp.n, 0);
}
END_TEST

START_TEST(test_multipart_parses_multiple_parts_and_a_file)
{
	struct multipart mp;
	static const char body[] = "--" B CRLF
	    "Content-Disposition: form-data; name=\"name\"" CRLF CRLF
	    "Asha Rao" CRLF
	    "--" B CRLF
	    "content-disposition: form-data; name=avatar; filename=\"me.png\"" CRLF
	    "Content-Type: image/png" CRLF CRLF
	    "\x89PNG\r\n\x1a\n\0\0binary\r\n--not-the-boundary" CRLF
	    "--" B CRLF
	    "Content-Disposition: form-data; name=\"empty\"" CRLF CRLF
	    CRLF
	    "--" B "--";

	memset(&mp, 0, sizeof(mp));
	ck_assert_int_eq(mp_parse(body, sizeof(body) - 1, B, &mp), MP_OK);
	ck_assert_uint_eq(mp.n, 3);
	ck_assert_str_eq(mp.v[0].name, "name");
	ck_assert_mem_eq(mp.v[0].data, "Asha Rao", 8);
	ck_assert_uint_eq(mp.v[0].len, 8);
	ck_assert_str_eq(mp.v[1].name, "avatar");
	ck_assert_str_eq(mp.v[1].filename, "me.png");
	ck_assert_str_eq(mp.v[1].content_type, "image/png");
	/* Binary content with NULs, CRLFs and a near-boundary survives. */
	ck_assert_uint_eq(mp.v[1].len, 36);
	ck_assert_mem_eq(mp.v[1].data, "\x89PNG\r\n\x1a\n\0\0binary", 16);
	ck_assert_str_eq(mp.v[2].name, "empty");
	ck_assert_uint_eq(mp.v[2].len, 0);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_skips_preamble_and_epilogue)
{
	struct multipart mp;

	ck_assert_int_eq(parse("This is the preamble; ignore it." CRLF
	    "--" B CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "1" CRLF
	    "--" B "--" CRLF
	    "and an epilogue", &mp), MP_OK);
	ck_assert_uint_eq(mp.n, 1);
	ck_assert_mem_eq(mp.v[0].data, "1", 1);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_allows_transport_padding_after_delimiter)
{
	struct multipart mp;

	ck_assert_int_eq(parse("--" B "  \t" CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "1" CRLF
	    "--" B "--", &mp), MP_OK);
	ck_assert_uint_eq(mp.n, 1);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_body_without_close_delimiter)
{
	struct multipart mp;

	/* Cut after the part's data: no "--B--". */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "half an upl", &mp), MP_TRUNCATED);
	mp_free(&mp);
	/* Cut inside the part's headers. */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-da", &mp), MP_TRUNCATED);
	mp_free(&mp);
	/* Cut right after a delimiter. */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B, &mp), MP_TRUNCATED);
	mp_free(&mp);
	/* Only "-" of the closing "--". */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "-", &mp), MP_TRUNCATED);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_body_without_any_delimiter)
{
	struct multipart mp;

	ck_assert_int_eq(parse("just some bytes", &mp), MP_TRUNCATED);
	mp_free(&mp);
	ck_assert_int_eq(parse("", &mp), MP_TRUNCATED);
	mp_free(&mp);
	/* A different boundary than the one announced. */
	ck_assert_int_eq(parse("--other" CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "1" CRLF "--other--", &mp), MP_TRUNCATED);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_garbage_after_delimiter)
{
	struct multipart mp;

	ck_assert_int_eq(parse("--" B "junk" CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_TRUNCATED);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_part_without_name)
{
	struct multipart mp;

	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"\"" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
	/* "filename" does not count as "name". */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; filename=\"x.png\"" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_part_without_content_disposition)
{
	struct multipart mp;

	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Type: text/plain" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
	/* Not form-data. */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: attachment; name=\"a\"" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
	/* A header line that is not a header. */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF
	    "no colon here" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_escaped_or_unterminated_quotes)
{
	struct multipart mp;

	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"a\\\"b\"" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"abc" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
	/* Invalid UTF-8 in the name. */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"\xff\"" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_duplicate_content_disposition)
{
	struct multipart mp;

	/* Found by fuzz_multipart: the second header leaked the first name. */
	ck_assert_int_eq(parse("--" B CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF
	    "Content-Disposition: form-data; name=\"b\"" CRLF CRLF
	    "1" CRLF "--" B "--", &mp), MP_BAD_PART);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_header_injection_in_content_type)
{
	struct multipart mp;
	static const char body[] = "--" B CRLF
	    "Content-Disposition: form-data; name=\"f\"; filename=\"a\"" CRLF
	    "Content-Type: image/png\x01" CRLF CRLF
	    "1" CRLF "--" B "--";

	memset(&mp, 0, sizeof(mp));
	ck_assert_int_eq(mp_parse(body, sizeof(body) - 1, B, &mp), MP_BAD_PART);
	mp_free(&mp);
}
END_TEST

START_TEST(test_multipart_refuses_over_long_part_headers)
{
	struct buf b = BUF_INIT;
	struct multipart mp;

	buf_puts(&b, "--" B CRLF
	    "Content-Disposition: form-data; name=\"a\"" CRLF "X-Pad: ");
	for (int i = 0; i < MP_MAX_HEADERS; i++)
		buf_putc(&b, 'p');
	buf_puts(&b, CRLF CRLF "1" CRLF "--" B "--");
	ck_assert_int_eq(parse(buf_str(&b), &mp), MP_BAD_PART);
	mp_free(&mp);
	buf_free(&b);
}
END_TEST

static void
many_parts(struct buf *b, int n)
{
	buf_reset(b);
	for (int i = 0; i < n; i++)
		buf_printf(b, "--" B CRLF
		    "Content-Disposition: form-data; name=\"p%d\"" CRLF CRLF
		    "%d" CRLF, i, i);
	buf_puts(b, "--" B "--" CRLF);
}

START_TEST(test_multipart_refuses_more_than_32_parts)
{
	struct buf b = BUF_INIT;
	struct multipart mp;

	many_parts(&b, MP_MAX_PARTS);
	ck_assert_int_eq(parse(buf_str(&b), &mp), MP_OK);
	ck_assert_uint_eq(mp.n, 32);
	ck_assert_str_eq(mp.v[31].name, "p31");
	mp_free(&mp);
	many_parts(&b, MP_MAX_PARTS + 1);
	ck_assert_int_eq(parse(buf_str(&b), &mp), MP_TOO_MANY);
	mp_free(&mp);
	buf_free(&b);
}
END_TEST

START_TEST(test_multipart_strerror_names_every_error)
{
	for (int e = MP_OK; e <= MP_NOMEM; e++)
		ck_assert_str_ne(mp_strerror((enum mp_err)e), "bad multipart body");
}
END_TEST

Suite *
multipart_suite(void)
{
	Suite	*s = suite_create("multipart");
	TCase	*bc = tcase_create("boundary");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(bc, test_multipart_boundary_from_content_type);
	tcase_add_test(bc, test_multipart_refuses_missing_boundary);
	tcase_add_test(bc, test_multipart_refuses_bad_boundary_chars);
	tcase_add_test(bc, test_multipart_refuses_over_long_boundary);
	tcase_add_test(tc, test_multipart_parses_single_field);
	tcase_add_test(tc, test_multipart_parses_multiple_parts_and_a_file);
	tcase_add_test(tc, test_multipart_skips_preamble_and_epilogue);
	tcase_add_test(tc, test_multipart_allows_transport_padding_after_delimiter);
	tcase_add_test(tc, test_multipart_refuses_body_without_close_delimiter);
	tcase_add_test(tc, test_multipart_refuses_body_without_any_delimiter);
	tcase_add_test(tc, test_multipart_refuses_garbage_after_delimiter);
	tcase_add_test(tc, test_multipart_refuses_part_without_name);
	tcase_add_test(tc, test_multipart_refuses_part_without_content_disposition);
	tcase_add_test(tc, test_multipart_refuses_escaped_or_unterminated_quotes);
	tcase_add_test(tc, test_multipart_refuses_duplicate_content_disposition);
	tcase_add_test(tc, test_multipart_refuses_header_injection_in_content_type);
	tcase_add_test(tc, test_multipart_refuses_over_long_part_headers);
	tcase_add_test(tc, test_multipart_refuses_more_than_32_parts);
	tcase_add_test(tc, test_multipart_strerror_names_every_error);
	suite_add_tcase(s, bc);
	suite_add_tcase(s, tc);
	return s;
}
