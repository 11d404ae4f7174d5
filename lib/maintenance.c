/* maintenance — see maintenance.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maintenance.h"

static int
switch_path(const struct conf *c, char *out, size_t n)
{
	int	 w = snprintf(out, n, "%s/maintenance", c->data_dir);

	return w < 0 || (size_t)w >= n ? -1 : 0;
}

int
maintenance_get(const struct conf *c, char *msg, size_t n, time_t *since)
{
	char	 path[600], buf[32 + MAINTENANCE_MSG_MAX + 2], *nl, *end;
	ssize_t	 got;
	int	 fd;
	long long t;

	if (msg != NULL && n > 0)
		*msg = '\0';
	if (since != NULL)
		*since = 0;
	if (switch_path(c, path, sizeof(path)) == -1)
		return 1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? 0 : 1;
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got < 0)
		got = 0;
	buf[got] = '\0';
	nl = strchr(buf, '\n');
	t = strtoll(buf, &end, 10);
	if (since != NULL && end != buf && (end == nl || *end == '\0'))
		*since = (time_t)t;
	if (msg != NULL && n > 0) {
		const char *m = nl != NULL ? nl + 1 : "";
		size_t	 len = strcspn(m, "\n");

		if (len == 0) {
			m = MAINTENANCE_DEFAULT_MSG;
			len = strlen(m);
		}
		if (len >= n)
			len = n - 1;
		memcpy(msg, m, len);
		msg[len] = '\0';
	}
	return 1;
}

int
maintenance_on(const struct conf *c, const char *msg, time_t now)
{
	char	 path[600], tmp[620], clean[MAINTENANCE_MSG_MAX + 1];
	size_t	 len = 0;
	FILE	*f;
	int	 fd, e;

	if (msg == NULL || *msg == '\0')
		msg = MAINTENANCE_DEFAULT_MSG;
	for (; msg[len] != '\0' && len < MAINTENANCE_MSG_MAX; len++)
		clean[len] = (unsigned char)msg[len] < 0x20 ||
		    msg[len] == 0x7f ? ' ' : msg[len];
	clean[len] = '\0';
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
	fprintf(f, "%lld\n%s\n", (long long)now, clean);
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
