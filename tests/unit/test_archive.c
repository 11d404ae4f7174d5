/* archive: the backup archive's ustar writer and its strict reader — a
 * round trip, GNU tar reading what we write, and every refusal a restored
 * archive from anywhere may need (unsafe names, links, devices, a cut
 * stream, a member over its bound, a bad header). */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "unit.h"

/* An in-memory stream; cut < len makes reads end early (a truncated file). */
struct mem {
	unsigned char	*p;
	size_t		 len, cap, off, cut;
};

static ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;
	size_t	 end = m->cut < m->len ? m->cut : m->len;

	if (n > end - m->off)
		n = end - m->off;
	if (n > 700)			/* short reads, as a pipe gives */
		n = 700;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

static int
mem_write(void *ctx, const void *buf, size_t n)
{
	struct mem *m = ctx;

	if (m->len + n > m->cap) {
		m->cap = (m->len + n) * 2;
		m->p = realloc(m->p, m->cap);
		ck_assert_ptr_nonnull(m->p);
	}
	memcpy(m->p + m->len, buf, n);
	m->len += n;
	return 0;
}

static struct archive_io
mem_io(struct mem *m)
{
	struct archive_io io = { m, mem_read, mem_write };

	m->cut = (size_t)-1;
	return io;
}

/* Append a raw header (any name, any type) and size bytes of data. */
static void
raw_member(struct archive_io *io, const char *name, char type, size_t size)
{
	unsigned char b[ARCHIVE_BLOCK];

	ck_assert_int_eq(archive_header(b, name, (long long)size, 0, type), 0);
	ck_assert_int_eq(io->write(io->ctx, b, sizeof(b)), 0);
	memset(b, 'x', sizeof(b));
	for (size_t i = 0; i < (size + ARCHIVE_BLOCK - 1) / ARCHIVE_BLOCK; i++)
		ck_assert_int_eq(io->write(io->ctx, b, sizeof(b)), 0);
}

/* The first header's verdict for an archive holding one raw member. */
static enum archive_err
first_verdict(const char *name, char type, size_t size, long long bound)
{
	struct mem m = { 0 };
	struct archive_io io = mem_io(&m);
	struct archive_member am;
	enum archive_err e;

	raw_member(&io, name, type, size);
	ck_assert_int_eq(archive_end(&io), ARCHIVE_OK);
	e = archive_next(&io, bound, &am);
	free(m.p);
	return e;
}

/* A small archive: MANIFEST from memory, a 1000-byte file from a file
 * descriptor, an empty member, one of exactly one block. */
static void
make_sample(struct mem *m, unsigned char data[1000])
{
	struct archive_io io = mem_io(m);
	char	*dir = unit_tmpdir(), *path;
	unsigned char block[ARCHIVE_BLOCK];
	int	 fd;

	for (int i = 0; i < 1000; i++)
		data[i] = (unsigned char)(i * 7 + i / 3);
	memset(block, 'b', sizeof(block));
	path = unit_write_file(dir, "f", data, 1000);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(archive_put(&io, "MANIFEST", 9, 1700000000, -1,
	    "format 1\n"), ARCHIVE_OK);
	ck_assert_int_eq(archive_put(&io, "skyfox.db", 1000, 1700000000, fd,
	    NULL), ARCHIVE_OK);
	ck_assert_int_eq(archive_put(&io, "avatars/empty.jpg", 0, 0, -1, ""),
	    ARCHIVE_OK);
	ck_assert_int_eq(archive_put(&io, "avatars/block.jpg", ARCHIVE_BLOCK,
	    0, -1, block), ARCHIVE_OK);
	ck_assert_int_eq(archive_end(&io), ARCHIVE_OK);
	close(fd);
	free(path);
	unit_rmdir(dir);
}

START_TEST(test_archive_round_trip_gives_back_names_sizes_and_bytes)
{
	struct mem m = { 0 };
	struct archive_io io;
	struct archive_member am;
	unsigned char data[1000], got[1100];
	const char *names[] = { "MANIFEST", "skyfox.db", "avatars/empty.jpg",
	    "avatars/block.jpg" };
	const long long sizes[] = { 9, 1000, 0, ARCHIVE_BLOCK };
	int	 p[2];

	make_sample(&m, data);
	ck_assert_uint_eq(m.len % ARCHIVE_BLOCK, 0);
	io = mem_io(&m);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(archive_next(&io, 1 << 20, &am), ARCHIVE_OK);
		ck_assert_str_eq(am.name, names[i]);
		ck_assert_int_eq(am.size, sizes[i]);
		ck_assert_int_eq(pipe(p), 0);
		ck_assert_int_eq(archive_copy(&io, &am, i == 1 ? p[1] : -1),
		    ARCHIVE_OK);
		close(p[1]);
		if (i == 1) {
			ck_assert_int_eq(read(p[0], got, sizeof(got)), 1000);
			ck_assert_mem_eq(got, data, 1000);
			ck_assert_int_eq(am.mtime, 1700000000);
		}
		close(p[0]);
	}
	ck_assert_int_eq(archive_next(&io, 1 << 20, &am), ARCHIVE_END);
	free(m.p);
}
END_TEST

START_TEST(test_archive_gnu_tar_reads_what_we_write)
{
	struct mem m = { 0 };
	unsigned char data[1000];
	char	*dir, *path, cmd[700], out[600];
	FILE	*p;
	size_t	 n;

	make_sample(&m, data);
	dir = unit_tmpdir();
	path = unit_write_file(dir, "a.tar", m.p, m.len);
	snprintf(cmd, sizeof(cmd), "tar -tvf '%s' 2>&1", path);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	n = fread(out, 1, sizeof(out) - 1, p);
	ck_assert_int_eq(pclose(p), 0);
	out[n] = '\0';
	ck_assert_msg(strstr(out, "-rw------- 0/0            1000 2023-11-1") &&
	    strstr(out, " skyfox.db\n") && strstr(out, " avatars/block.jpg\n"),
	    "tar -tv says: %s", out);
	snprintf(cmd, sizeof(cmd), "cd '%s' && tar -xf a.tar && cmp -s "
	    "skyfox.db f", dir);
	free(unit_write_file(dir, "f", data, 1000));
	ck_assert_int_eq(system(cmd), 0);
	free(path);
	free(m.p);
	unit_rmdir(dir);
}
END_TEST

START_TEST(test_archive_refuses_names_that_climb_or_are_absolute)
{
	const char *bad[] = { "../x", "a/../../x", "..", "/etc/passwd", "./x",
	    "a//b", "a/", "a/.", "", "a\\..\\b", "new\nline" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(first_verdict(bad[i], '0', 10, 1 << 20) ==
		    ARCHIVE_BAD_NAME, "accepted \"%s\"", bad[i]);
		ck_assert(!archive_name_ok(bad[i]));
	}
	ck_assert_int_eq(first_verdict("avatars/a.jpg", '0', 10, 1 << 20),
	    ARCHIVE_OK);
	ck_assert_int_eq(first_verdict("..a/b..", '0', 10, 1 << 20),
	    ARCHIVE_OK);
}
END_TEST

START_TEST(test_archive_writer_refuses_an_unsafe_name)
{
	struct mem m = { 0 };
	struct archive_io io = mem_io(&m);

	ck_assert_int_eq(archive_put(&io, "../skyfox.conf", 1, 0, -1, "x"),
	    ARCHIVE_BAD_NAME);
	ck_assert_uint_eq(m.len, 0);
	free(m.p);
}
END_TEST

START_TEST(test_archive_refuses_links_devices_and_extensions)
{
	const char types[] = { '1', '2', '3', '4', '5', '6', '7', 'x', 'g',
	    'L', 'K' };

	for (size_t i = 0; i < sizeof(types); i++)
		ck_assert_msg(first_verdict("skyfox.db", types[i], 0, 1 << 20) ==
		    ARCHIVE_BAD_TYPE, "accepted type %c", types[i]);
	ck_assert_int_eq(first_verdict("skyfox.db", '\0', 0, 1 << 20),
	    ARCHIVE_OK);
}
END_TEST

START_TEST(test_archive_refuses_a_member_over_the_bound)
{
	ck_assert_int_eq(first_verdict("skyfox.db", '0', 2000, 1999),
	    ARCHIVE_TOO_BIG);
	ck_assert_int_eq(first_verdict("skyfox.db", '0', 2000, 2000),
	    ARCHIVE_OK);
}
END_TEST

/* Cut the sample anywhere: reading it through never reaches the end. */
START_TEST(test_archive_refuses_a_truncated_archive)
{
	struct mem m = { 0 };
	unsigned char data[1000];
	size_t	 full;

	make_sample(&m, data);
	full = m.len;
	for (size_t cut = 0; cut < full; cut += 97) {
		struct archive_io io = { &m, mem_read, mem_write };
		struct archive_member am;
		enum archive_err e;

		m.off = 0;
		m.cut = cut;
		while ((e = archive_next(&io, 1 << 20, &am)) == ARCHIVE_OK &&
		    (e = archive_copy(&io, &am, -1)) == ARCHIVE_OK)
			;
		ck_assert_msg(e == ARCHIVE_TRUNCATED, "cut at %zu of %zu: %s",
		    cut, full, archive_strerror(e));
	}
	free(m.p);
}
END_TEST

/* Set a header's checksum right after changing it. */
static void
fix_checksum(unsigned char *b)
{
	unsigned sum = 0;

	memset(b + 148, ' ', 8);
	for (int i = 0; i < ARCHIVE_BLOCK; i++)
		sum += b[i];
	snprintf((char *)b + 148, 8, "%06o", sum);
}

START_TEST(test_archive_refuses_a_bad_checksum_magic_or_size)
{
	for (int k = 0; k < 5; k++) {
		struct mem m = { 0 };
		struct archive_io io = mem_io(&m);
		struct archive_member am;

		raw_member(&io, "skyfox.db", '0', 10);
		if (k == 0)
			m.p[3] ^= 1;			/* checksum now wrong */
		else if (k == 1)
			memcpy(m.p + 257, "notar", 5);	/* magic */
		else if (k == 2)
			m.p[124] = 0x80;		/* base-256 size */
		else if (k == 3)
			memcpy(m.p + 124, "0000000001x", 11);
		else
			memset(m.p + 124, ' ', 12);	/* no digits */
		if (k > 0)
			fix_checksum(m.p);
		ck_assert_msg(archive_next(&io, 1 << 20, &am) ==
		    ARCHIVE_BAD_HEADER, "case %d accepted", k);
		free(m.p);
	}
}
END_TEST

START_TEST(test_archive_gzip_magic_tells_gzip_from_anything_else)
{
	static const unsigned char gz[] = { 0x1f, 0x8b, 0x08, 0x00 };

	ck_assert(archive_gz_magic(gz, sizeof(gz)));
	ck_assert(!archive_gz_magic("SQLite format 3", 16));
	ck_assert(!archive_gz_magic("skyfox.db\0\0\0", 12));
	ck_assert(!archive_gz_magic(gz, 2));
}
END_TEST

Suite *
archive_suite(void)
{
	Suite	*s = suite_create("archive");
	TCase	*t = tcase_create("archive");

	tcase_add_test(t, test_archive_round_trip_gives_back_names_sizes_and_bytes);
	tcase_add_test(t, test_archive_gnu_tar_reads_what_we_write);
	tcase_add_test(t, test_archive_refuses_names_that_climb_or_are_absolute);
	tcase_add_test(t, test_archive_writer_refuses_an_unsafe_name);
	tcase_add_test(t, test_archive_refuses_links_devices_and_extensions);
	tcase_add_test(t, test_archive_refuses_a_member_over_the_bound);
	tcase_add_test(t, test_archive_refuses_a_truncated_archive);
	tcase_add_test(t, test_archive_refuses_a_bad_checksum_magic_or_size);
	tcase_add_test(t, test_archive_gzip_magic_tells_gzip_from_anything_else);
	suite_add_tcase(s, t);
	return s;
}
