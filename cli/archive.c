/* archive — a ustar writer and a strict reader; see archive.h.
 *
 * The header layout is POSIX.1-1988 ustar (pax's "ustar Interchange
 * Format"): name 0..99, mode 100, uid 108, gid 116, size 124 (12 bytes),
 * mtime 136 (12), chksum 148 (8), typeflag 156, linkname 157, magic 257
 * ("ustar\0"), version 263 ("00"), uname 265, gname 297, devmajor 329,
 * devminor 337, prefix 345 (155).  Numbers are octal text. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"

#define F_NAME		0
#define F_MODE		100
#define F_UID		108
#define F_GID		116
#define F_SIZE		124
#define F_MTIME		136
#define F_CHKSUM	148
#define F_TYPE		156
#define F_MAGIC		257
#define F_VERSION	263
#define F_PREFIX	345

const char *
archive_strerror(enum archive_err e)
{
	switch (e) {
	case ARCHIVE_OK:		return "ok";
	case ARCHIVE_END:		return "end of archive";
	case ARCHIVE_IO:		return "unreadable or corrupt gzip data";
	case ARCHIVE_TRUNCATED:		return "truncated";
	case ARCHIVE_BAD_HEADER:	return "a malformed tar header";
	case ARCHIVE_BAD_TYPE:		return "a member that is not a regular file";
	case ARCHIVE_BAD_NAME:		return "an unsafe member name";
	case ARCHIVE_TOO_BIG:		return "a member larger than allowed";
	case ARCHIVE_SOURCE:		return "a file changed while it was archived";
	case ARCHIVE_OUTPUT:		return "cannot write an extracted file";
	}
	return "archive error";
}

int
archive_gz_magic(const void *p, size_t n)
{
	const unsigned char *b = p;

	return n >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8;
}

int
archive_name_ok(const char *name)
{
	const char *c = name;
	size_t	 len = strlen(name);

	if (len == 0 || len > ARCHIVE_NAME_MAX || name[0] == '/')
		return 0;
	for (const char *p = name; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			return 0;
	for (;;) {			/* each component */
		size_t	 n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		if (c[n] == '\0')
			return 1;
		c += n + 1;
	}
}

static void
put_octal(unsigned char *f, size_t width, long long v)
{
	/* width - 1 digits and a NUL */
	snprintf((char *)f, width, "%0*llo", (int)width - 1, v);
}

static unsigned
checksum(const unsigned char *b)
{
	unsigned sum = 0;

	for (int i = 0; i < ARCHIVE_BLOCK; i++)
		sum += i >= F_CHKSUM && i < F_CHKSUM + 8 ? ' ' : b[i];
	return sum;
}

int
archive_header(unsigned char b[ARCHIVE_BLOCK], const char *name,
    long long size, long long mtime, char type)
{
	size_t	 len = strlen(name);

	memset(b, 0, ARCHIVE_BLOCK);
	if (len > 99 || size < 0 || size > ARCHIVE_SIZE_MAX || mtime < 0 ||
	    mtime > ARCHIVE_SIZE_MAX)
		return -1;
	memcpy(b + F_NAME, name, len);
	put_octal(b + F_MODE, 8, 0600);
	put_octal(b + F_UID, 8, 0);
	put_octal(b + F_GID, 8, 0);
	put_octal(b + F_SIZE, 12, size);
	put_octal(b + F_MTIME, 12, mtime);
	b[F_TYPE] = (unsigned char)type;
	memcpy(b + F_MAGIC, "ustar", 6);
	memcpy(b + F_VERSION, "00", 2);
	snprintf((char *)b + F_CHKSUM, 8, "%06o", checksum(b));
	b[F_CHKSUM + 7] = ' ';
	return 0;
}

static int
put_padding(struct archive_io *io, long long size)
{
	static const unsigned char zero[ARCHIVE_BLOCK];
	size_t	 pad = (size_t)((ARCHIVE_BLOCK - size % ARCHIVE_BLOCK) %
	    ARCHIVE_BLOCK);

	return pad == 0 ? 0 : io->write(io->ctx, zero, pad);
}

enum archive_err
archive_put(struct archive_io *io, const char *name, long long size,
    long long mtime, int fd, const void *mem)
{
	unsigned char b[64 * 1024];
	long long left = size;

	if (!archive_name_ok(name) ||
	    archive_header(b, name, size, mtime, '0') == -1)
		return ARCHIVE_BAD_NAME;
	if (io->write(io->ctx, b, ARCHIVE_BLOCK) == -1)
		return ARCHIVE_IO;
	while (left > 0) {
		size_t	 want = left < (long long)sizeof(b) ? (size_t)left :
		    sizeof(b);
		ssize_t	 got;

		if (fd == -1) {
			memcpy(b, (const char *)mem + (size - left), want);
			got = (ssize_t)want;
		} else if ((got = read(fd, b, want)) <= 0) {
			if (got == -1 && errno == EINTR)
				continue;
			return ARCHIVE_SOURCE;
		}
		if (io->write(io->ctx, b, (size_t)got) == -1)
			return ARCHIVE_IO;
		left -= got;
	}
	return put_padding(io, size) == -1 ? ARCHIVE_IO : ARCHIVE_OK;
}

enum archive_err
archive_end(struct archive_io *io)
{
	static const unsigned char zero[2 * ARCHIVE_BLOCK];

	return io->write(io->ctx, zero, sizeof(zero)) == -1 ? ARCHIVE_IO :
	    ARCHIVE_OK;
}

/* Exactly n bytes, or ARCHIVE_TRUNCATED at the end of the stream. */
static enum archive_err
read_full(struct archive_io *io, void *buf, size_t n)
{
	size_t	 have = 0;

	while (have < n) {
		ssize_t	 got = io->read(io->ctx, (char *)buf + have, n - have);

		if (got < 0)
			return ARCHIVE_IO;
		if (got == 0)
			return ARCHIVE_TRUNCATED;
		have += (size_t)got;
	}
	return ARCHIVE_OK;
}

/* An octal field: optional leading spaces, digits, then only NULs or
 * spaces.  Base-256 (GNU, high bit set) and anything else is refused. */
static int
get_octal(const unsigned char *f, size_t width, long long *out)
{
	size_t	 i = 0;
	long long v = 0;
	int	 digits = 0;

	while (i < width && f[i] == ' ')
		i++;
	for (; i < width && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
		if (v > ARCHIVE_SIZE_MAX)
			return -1;
		v = v * 8 + (f[i] - '0');
	}
	for (; i < width; i++)
		if (f[i] != '\0' && f[i] != ' ')
			return -1;
	*out = v;
	return digits > 0 ? 0 : -1;
}

static int
all_zero(const unsigned char *b)
{
	for (int i = 0; i < ARCHIVE_BLOCK; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

/* prefix "/" name, each field NUL-terminated or full. */
static int
header_name(const unsigned char *b, char out[ARCHIVE_NAME_MAX + 1])
{
	size_t	 np = strnlen((const char *)b + F_PREFIX, 155);
	size_t	 nn = strnlen((const char *)b + F_NAME, 100);

	if (nn == 0)
		return -1;
	if (np > 0) {
		memcpy(out, b + F_PREFIX, np);
		out[np++] = '/';
	}
	memcpy(out + np, b + F_NAME, nn);
	out[np + nn] = '\0';
	return archive_name_ok(out) ? 0 : -1;
}

enum archive_err
archive_next(struct archive_io *io, long long max_size,
    struct archive_member *m)
{
	unsigned char b[ARCHIVE_BLOCK];
	enum archive_err e;
	long long sum;

	memset(m, 0, sizeof(*m));
	if ((e = read_full(io, b, sizeof(b))) != ARCHIVE_OK)
		return e;
	if (all_zero(b)) {		/* the end: a second zero block */
		if ((e = read_full(io, b, sizeof(b))) != ARCHIVE_OK)
			return e;
		return all_zero(b) ? ARCHIVE_END : ARCHIVE_BAD_HEADER;
	}
	if (get_octal(b + F_CHKSUM, 8, &sum) == -1 ||
	    (unsigned)sum != checksum(b) ||
	    memcmp(b + F_MAGIC, "ustar", 5) != 0 ||
	    get_octal(b + F_SIZE, 12, &m->size) == -1 ||
	    get_octal(b + F_MTIME, 12, &m->mtime) == -1)
		return ARCHIVE_BAD_HEADER;
	if (b[F_TYPE] != '0' && b[F_TYPE] != '\0')
		return ARCHIVE_BAD_TYPE;
	if (header_name(b, m->name) == -1)
		return ARCHIVE_BAD_NAME;
	if (m->size > max_size)
		return ARCHIVE_TOO_BIG;
	return ARCHIVE_OK;
}

static int
write_all(int fd, const void *p, size_t n)
{
	while (n > 0) {
		ssize_t	 w = write(fd, p, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p = (const char *)p + w;
		n -= (size_t)w;
	}
	return 0;
}

enum archive_err
archive_copy(struct archive_io *io, const struct archive_member *m, int fd)
{
	unsigned char b[64 * 1024];
	long long left = m->size + (ARCHIVE_BLOCK - m->size % ARCHIVE_BLOCK) %
	    ARCHIVE_BLOCK, data = m->size;
	enum archive_err e;

	while (left > 0) {
		size_t	 n = left < (long long)sizeof(b) ? (size_t)left :
		    sizeof(b);

		if ((e = read_full(io, b, n)) != ARCHIVE_OK)
			return e;
		if (fd != -1 && data > 0 && write_all(fd, b, data <
		    (long long)n ? (size_t)data : n) == -1)
			return ARCHIVE_OUTPUT;
		data -= data < (long long)n ? data : (long long)n;
		left -= (long long)n;
	}
	return ARCHIVE_OK;
}
