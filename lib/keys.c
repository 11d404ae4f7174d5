/* keys — secret key files; see keys.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "keys.h"

void
keys_secret_path(const struct conf *c, char *out, size_t n)
{
	const char *p = conf_get(c, "key_file", NULL);

	if (p != NULL)
		snprintf(out, n, "%s", p);
	else
		snprintf(out, n, "%s/secret.key", c->data_dir);
}

int
keys_load_secret(const struct conf *c, unsigned char out[KEYS_SECRET_LEN])
{
	char	 path[600];
	int	 fd;
	ssize_t	 n;

	keys_secret_path(c, path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, out, KEYS_SECRET_LEN);
	close(fd);
	return n == KEYS_SECRET_LEN ? 0 : -1;
}

int
keys_create_secret(const char *path)
{
	unsigned char k[KEYS_SECRET_LEN];
	int	 fd;
	ssize_t	 n;

	if (access(path, F_OK) == 0)
		return 0;
	if (sodium_init() < 0)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1)
		return -1;
	randombytes_buf(k, sizeof(k));
	n = write(fd, k, sizeof(k));
	sodium_memzero(k, sizeof(k));
	if (close(fd) != 0 || n != (ssize_t)sizeof(k))
		return -1;
	return 0;
}
