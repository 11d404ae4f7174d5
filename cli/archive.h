/* archive — the backup archive's container: a plain POSIX ustar stream of
 * regular files, over any byte stream (archive_gz_* put it in gzip).
 *
 * Why our own: a backup needs a few regular files in and out, and a restore
 * reads an archive that may come from anywhere.  A reader that knows only
 * regular files, relative names without "..", and sizes it was told to
 * expect has nothing to get wrong about links, devices, permissions or
 * owners — and no library to ship to a shared host.
 *
 * Writing: archive_put() per member (header, data, padding to 512 bytes),
 * then archive_end() (two zero blocks).  Every member is a regular file of
 * mode 0600, owner 0.  Names must fit the 100-byte name field.
 *
 * Reading: archive_next() reads one header and refuses (before any data is
 * read) a bad checksum or magic, any type but a regular file, a name that
 * is absolute, empty, has an empty, "." or ".." component, or a byte
 * outside printable ASCII, and a size over the caller's bound; then
 * archive_copy() moves exactly the member's bytes.  A stream that ends
 * before the two zero blocks is truncated.  Sizes are 11 octal digits, so
 * a member is under 8 GiB (ARCHIVE_SIZE_MAX). */
#ifndef SKYFOX_ARCHIVE_H
#define SKYFOX_ARCHIVE_H

#include <stddef.h>
#include <sys/types.h>

#define ARCHIVE_BLOCK		512
#define ARCHIVE_NAME_MAX	256	/* prefix (155) + '/' + name (100) */
#define ARCHIVE_SIZE_MAX	077777777777LL
#define ARCHIVE_TRAILER_MAX	(1024 * 1024)	/* bytes after the end */

/* The byte stream under the archive. */
struct archive_io {
	void	*ctx;
	/* Up to n bytes into buf: how many, 0 at the end, -1 on error. */
	ssize_t	(*read)(void *ctx, void *buf, size_t n);
	/* All n bytes: 0, or -1. */
	int	(*write)(void *ctx, const void *buf, size_t n);
};

enum archive_err {
	ARCHIVE_OK = 0,
	ARCHIVE_END,		/* archive_next: no more members */
	ARCHIVE_IO,		/* the stream failed (or is not gzip) */
	ARCHIVE_TRUNCATED,	/* ended inside a member or before its end */
	ARCHIVE_BAD_HEADER,	/* checksum, magic, a number field */
	ARCHIVE_BAD_TYPE,	/* a link, directory, device, extension… */
	ARCHIVE_BAD_NAME,
	ARCHIVE_TOO_BIG,	/* over the caller's bound */
	ARCHIVE_SOURCE,		/* archive_put: the file changed or failed */
	ARCHIVE_OUTPUT		/* archive_copy: writing the file failed */
};

struct archive_member {
	char		 name[ARCHIVE_NAME_MAX + 1];
	long long	 size;
	long long	 mtime;
};

/* What went wrong, in a few words. */
const char	*archive_strerror(enum archive_err);
/* 1 when name is one the reader accepts (see above). */
int		 archive_name_ok(const char *name);

/* Fill a 512-byte header for a regular file (type '0', mode 0600); the
 * name is not checked beyond its length (tests use it to craft hostile
 * headers; type lets them make links).  0, or -1 when it does not fit. */
int		 archive_header(unsigned char block[ARCHIVE_BLOCK],
		    const char *name, long long size, long long mtime,
		    char type);
/* One member whose bytes come from fd (exactly size of them; a file that
 * is shorter now is ARCHIVE_SOURCE), or from mem when fd is -1. */
enum archive_err archive_put(struct archive_io *, const char *name,
		    long long size, long long mtime, int fd, const void *mem);
enum archive_err archive_end(struct archive_io *);

/* The next member's header into m; ARCHIVE_END after the last. */
enum archive_err archive_next(struct archive_io *, long long max_size,
		    struct archive_member *m);
/* The member's bytes to fd (-1: skipped), then its padding. */
enum archive_err archive_copy(struct archive_io *,
		    const struct archive_member *, int fd);

/* gzip under it (zlib; archive_gz.c).  The writer takes a dup of fd; the
 * reader refuses a file that does not start as gzip (zlib would pass it
 * through).  Closing a reader reads to the end of the gzip stream (at most
 * ARCHIVE_TRAILER_MAX bytes past the archive), so a cut or corrupted
 * stream fails its check there.  0, or -1. */
struct archive_gz;
struct archive_gz *archive_gz_write(int fd, int level, struct archive_io *);
struct archive_gz *archive_gz_read(int fd, struct archive_io *);
int		 archive_gz_close(struct archive_gz *);
/* 1 when the n bytes at p start a gzip stream. */
int		 archive_gz_magic(const void *p, size_t n);

#endif
