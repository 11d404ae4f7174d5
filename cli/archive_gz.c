/* archive_gz — gzip under the archive (zlib's gz* API); see archive.h.
 *
 * Kept apart from archive.c so the tar format can be unit-tested without
 * zlib (the unit runner links lib/ only; skyfoxctl links -lz).  zlib reads
 * a file that is not gzip as plain bytes ("transparent" mode), so the
 * reader checks the magic itself; a gzip stream that is cut short or whose
 * CRC fails is an error from gzread or gzclose_r, which is why closing a
 * reader drains the stream first. */
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "archive.h"

struct archive_gz {
	gzFile	 gz;
	int	 reading;
	int	 failed;
};

static ssize_t
gz_read(void *ctx, void *buf, size_t n)
{
	struct archive_gz *a = ctx;
	int	 got;

	if (n > 1u << 30)
		n = 1u << 30;
	if ((got = gzread(a->gz, buf, (unsigned)n)) < 0) {
		int	 why;

		a->failed = 1;
		gzerror(a->gz, &why);
		if (why == Z_BUF_ERROR)	/* cut short: the reader says so */
			return 0;
	}
	return got;
}

static int
gz_write(void *ctx, const void *buf, size_t n)
{
	struct archive_gz *a = ctx;

	while (n > 0) {
		unsigned chunk = n > 1u << 30 ? 1u << 30 : (unsigned)n;

		if (gzwrite(a->gz, buf, chunk) != (int)chunk) {
			a->failed = 1;
			return -1;
		}
		buf = (const char *)buf + chunk;
		n -= chunk;
	}
	return 0;
}

struct archive_gz *
archive_gz_write(int fd, int level, struct archive_io *io)
{
	struct archive_gz *a = calloc(1, sizeof(*a));
	char	 mode[4] = { 'w', 'b', (char)('0' + level), '\0' };
	int	 dfd = dup(fd);

	if (level < 1 || level > 9)
		mode[2] = '6';
	if (a == NULL || dfd == -1 || (a->gz = gzdopen(dfd, mode)) == NULL) {
		if (dfd != -1)
			close(dfd);
		free(a);
		return NULL;
	}
	gzbuffer(a->gz, 128 * 1024);
	io->ctx = a;
	io->read = NULL;
	io->write = gz_write;
	return a;
}

struct archive_gz *
archive_gz_read(int fd, struct archive_io *io)
{
	struct archive_gz *a;
	unsigned char head[3];
	int	 dfd;

	if (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
	    !archive_gz_magic(head, sizeof(head)))
		return NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if ((dfd = dup(fd)) == -1 || (a->gz = gzdopen(dfd, "rb")) == NULL) {
		if (dfd != -1)
			close(dfd);
		free(a);
		return NULL;
	}
	gzbuffer(a->gz, 128 * 1024);
	a->reading = 1;
	io->ctx = a;
	io->read = gz_read;
	io->write = NULL;
	return a;
}

/* A reader: read on to the end of the gzip stream (the CRC and length are
 * checked there), at most ARCHIVE_TRAILER_MAX bytes. */
static int
drain(struct archive_gz *a)
{
	char	 buf[16 * 1024];
	long	 total = 0;
	int	 got;

	while ((got = gzread(a->gz, buf, sizeof(buf))) > 0)
		if ((total += got) > ARCHIVE_TRAILER_MAX)
			return -1;
	return got == 0 && gzdirect(a->gz) == 0 ? 0 : -1;
}

int
archive_gz_close(struct archive_gz *a)
{
	int	 bad;

	if (a == NULL)
		return -1;
	bad = a->failed;
	if (a->reading && !bad && drain(a) == -1)
		bad = 1;
	if ((a->reading ? gzclose_r(a->gz) : gzclose_w(a->gz)) != Z_OK)
		bad = 1;
	free(a);
	return bad ? -1 : 0;
}
