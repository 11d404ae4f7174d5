/* maintenance — see maintenance.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maintenance.h"
#include "text.h"

static int
switch_path(const struct conf *c, char *out, size_t n)
{
	int	 w = snprintf(out, n, "%s/maintenance", c->data_dir);

	return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* How many bytes of s (at most n) make one valid UTF-8 character; 0 when
 * s does not start with one. */
static size_t
utf8_len(const char *s, size_t n)
{
	unsigned char b = (unsigned char)*s;
	size_t	 len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 :
	    b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;

	if (len == 0 || len > n || !text_utf8_valid(s, len))
		return 0;
	return len;
}

/* Copy the message in[0..n) to out (outsz bytes, NUL-terminated) as one
 * line of valid UTF-8: control characters become spaces, a byte that is
 * not UTF-8 becomes '?', surrounding blanks go, and a cut falls between
 * characters.  The message reaches a JSON body and a page's banner. */
static void
clean(const char *in, size_t n, char *out, size_t outsz)
{
	size_t	 i = 0, o = 0, len;

	while (i < n && o + 1 < outsz) {
		unsigned char b = (unsigned char)in[i];

		if (b < 0x20 || b == 0x7f) {
			if (o > 0)
				out[o++] = ' ';
			i++;
			continue;
		}
		if ((len = utf8_len(in + i, n - i)) == 0) {
			out[o++] = '?';
			i++;
			continue;
		}
		if (o + len + 1 > outsz)
			break;
		if (len == 1 && b == ' ' && o == 0) {
			i++;
			continue;
		}
		memcpy(out + o, in + i, len);
		o += len;
		i += len;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static void
set_msg(char *msg, size_t n, const char *m, size_t len)
{
	if (msg == NULL || n == 0)
		return;
	clean(m, len, msg, n);
	if (*msg == '\0')
		clean(MAINTENANCE_DEFAULT_MSG, strlen(MAINTENANCE_DEFAULT_MSG),
		    msg, n);
}

int
maintenance_get(const struct conf *c, char *msg, size_t n, time_t *since)
{
	char	 path[600], buf[32 + MAINTENANCE_MSG_MAX + 2], *nl;
	ssize_t	 got;
	int	 fd;
	long long t;

	if (msg != NULL && n > 0)
		*msg = '\0';
	if (since != NULL)
		*since = 0;
	if (switch_path(c, path, sizeof(path)) == -1) {
		set_msg(msg, n, "", 0);
		return 1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT)
			return 0;
		set_msg(msg, n, "", 0);
		return 1;
	}
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got < 0)
		got = 0;
	buf[got] = '\0';
	nl = memchr(buf, '\n', (size_t)got);
	/* The first line is the time maintenance_on wrote. */
	if (since != NULL && text_parse_intn(buf, nl != NULL ?
	    (size_t)(nl - buf) : strlen(buf), LLONG_MIN, LLONG_MAX, &t) ==
	    TEXT_OK)
		*since = (time_t)t;
	if (nl != NULL) {
		const char *m = nl + 1;

		set_msg(msg, n, m, strcspn(m, "\n"));
	} else
		set_msg(msg, n, "", 0);
	return 1;
}

int
maintenance_on(const struct conf *c, const char *msg, time_t now)
{
	char	 path[600], tmp[620], text[MAINTENANCE_MSG_MAX + 1];
	FILE	*f;
	int	 fd, e;

	set_msg(text, sizeof(text), msg ? msg : "", msg ? strlen(msg) : 0);
	if (switch_path(c, path, sizeof(path)) == -1 ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1)
		return -1;
	if ((f = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	fprintf(f, "%lld\n%s\n", (long long)now, text);
	if (fflush(f) != 0 || fsync(fd) != 0) {
		e = errno;
		fclose(f);
		unlink(tmp);
		errno = e;
		return -1;
	}
	fclose(f);
	if (rename(tmp, path) == -1) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int
maintenance_off(const struct conf *c)
{
	char	 path[600];

	if (switch_path(c, path, sizeof(path)) == -1)
		return -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}
