/* keys — secret key files; see keys.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
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

static enum keys_status
fd_private(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return KEYS_MISSING;
	return (st.st_mode & 077) != 0 ? KEYS_EXPOSED : KEYS_OK;
}

enum keys_status
keys_file_private(const char *path)
{
	enum keys_status ks;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return KEYS_MISSING;
	ks = fd_private(fd);
	close(fd);
	return ks;
}

/* Open a key file for reading, refusing one that others can read. */
static int
open_private(const char *path)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fd_private(fd) == KEYS_EXPOSED) {
		fprintf(stderr, "skyfox: refusing %s: other users can read it; "
		    "run: chmod 600 %s\n", path, path);
		close(fd);
		return -1;
	}
	return fd;
}

int
keys_load_secret(const struct conf *c, unsigned char out[KEYS_SECRET_LEN])
{
	char	 path[600];
	int	 fd;
	ssize_t	 n;

	keys_secret_path(c, path, sizeof(path));
	if ((fd = open_private(path)) == -1)
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

/* --- ticket signing keys ------------------------------------------------ */

#define B64V	sodium_base64_VARIANT_URLSAFE_NO_PADDING

void
keys_ticket_paths(const struct conf *c, char *secret, char *pub, size_t n)
{
	const char *s = conf_get(c, "ticket_key_file", NULL);
	const char *p = conf_get(c, "ticket_pub_file", NULL);

	if (s != NULL)
		snprintf(secret, n, "%s", s);
	else
		snprintf(secret, n, "%s/ticket-sign.key", c->data_dir);
	if (p != NULL)
		snprintf(pub, n, "%s", p);
	else
		snprintf(pub, n, "%s/ticket-sign.pub", c->data_dir);
}

/* Read exactly n bytes of a small private file (one byte more means a
 * wrong file). */
static int
read_exact(const char *path, unsigned char *out, size_t n)
{
	unsigned char extra;
	int	 fd;
	ssize_t	 got;

	if ((fd = open_private(path)) == -1)
		return -1;
	got = read(fd, out, n);
	if (got == (ssize_t)n && read(fd, &extra, 1) != 0)
		got = -1;
	close(fd);
	return got == (ssize_t)n ? 0 : -1;
}

int
keys_load_ticket_secret(const struct conf *c, unsigned char sk[KEYS_SIGN_SECRET_LEN])
{
	char	 spath[600], ppath[600];
	unsigned char pk[KEYS_SIGN_PUBLIC_LEN], again[KEYS_SIGN_SECRET_LEN];
	int	 same;

	keys_ticket_paths(c, spath, ppath, sizeof(spath));
	if (sodium_init() < 0 || read_exact(spath, sk, KEYS_SIGN_SECRET_LEN) == -1)
		return -1;
	/* libsodium's secret key is seed || public key.  Re-derive the pair
	 * from the seed: a damaged file would sign codes nobody can verify. */
	crypto_sign_seed_keypair(pk, again, sk);
	same = sodium_memcmp(again, sk, KEYS_SIGN_SECRET_LEN) == 0;
	sodium_memzero(again, sizeof(again));
	if (!same) {
		sodium_memzero(sk, KEYS_SIGN_SECRET_LEN);
		return -1;
	}
	return 0;
}

static int
parse_public(const char *text, unsigned char pk[KEYS_SIGN_PUBLIC_LEN])
{
	size_t	 len = 0;

	return sodium_base642bin(pk, KEYS_SIGN_PUBLIC_LEN, text, strlen(text),
	    "\r\n", &len, NULL, B64V) == 0 && len == KEYS_SIGN_PUBLIC_LEN ? 0 : -1;
}

int
keys_load_ticket_public(const struct conf *c, unsigned char pk[KEYS_SIGN_PUBLIC_LEN])
{
	char	 spath[600], ppath[600], text[128];
	unsigned char sk[KEYS_SIGN_SECRET_LEN];
	FILE	*f;
	int	 rc = -1;

	keys_ticket_paths(c, spath, ppath, sizeof(spath));
	if (sodium_init() < 0)
		return -1;
	if ((f = fopen(ppath, "re")) != NULL) {
		if (fgets(text, sizeof(text), f) != NULL)
			rc = parse_public(text, pk);
		fclose(f);
		if (rc == 0)
			return 0;
	}
	if (keys_load_ticket_secret(c, sk) == -1)
		return -1;
	memcpy(pk, sk + 32, KEYS_SIGN_PUBLIC_LEN);
	sodium_memzero(sk, sizeof(sk));
	return 0;
}

void
keys_public_b64(const unsigned char pk[KEYS_SIGN_PUBLIC_LEN],
    char out[KEYS_SIGN_PUBLIC_B64])
{
	sodium_bin2base64(out, KEYS_SIGN_PUBLIC_B64, pk, KEYS_SIGN_PUBLIC_LEN, B64V);
}

/* Write the .pub file through a temporary file and rename, so a scanner
 * never reads half a key. */
static int
write_public(const char *path, const unsigned char pk[KEYS_SIGN_PUBLIC_LEN])
{
	char	 tmp[640], line[KEYS_SIGN_PUBLIC_B64 + 1];
	int	 fd;
	size_t	 n;
	ssize_t	 w;

	keys_public_b64(pk, line);
	n = strlen(line);
	line[n++] = '\n';
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1)
		return -1;
	w = write(fd, line, n);
	if (close(fd) != 0 || w != (ssize_t)n || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int
public_matches(const char *path, const unsigned char pk[KEYS_SIGN_PUBLIC_LEN])
{
	unsigned char have[KEYS_SIGN_PUBLIC_LEN];
	char	 text[128];
	FILE	*f;
	int	 same = 0;

	if ((f = fopen(path, "re")) == NULL)
		return 0;
	if (fgets(text, sizeof(text), f) != NULL && parse_public(text, have) == 0)
		same = memcmp(have, pk, sizeof(have)) == 0;
	fclose(f);
	return same;
}

int
keys_ensure_ticket_pair(const struct conf *c, int *made)
{
	char	 spath[600], ppath[600];
	unsigned char sk[KEYS_SIGN_SECRET_LEN], pk[KEYS_SIGN_PUBLIC_LEN];
	int	 fd;
	ssize_t	 w;

	if (made != NULL)
		*made = 0;
	if (sodium_init() < 0)
		return -1;
	keys_ticket_paths(c, spath, ppath, sizeof(spath));
	if (access(spath, F_OK) != 0) {
		if (errno != ENOENT)
			return -1;
		/* O_EXCL: two concurrent runs cannot both make a key; the loser
		 * falls through to loading the winner's. */
		fd = open(spath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST)
			return -1;
		if (fd != -1) {
			crypto_sign_keypair(pk, sk);
			w = write(fd, sk, sizeof(sk));
			sodium_memzero(sk, sizeof(sk));
			if (close(fd) != 0 || w != (ssize_t)sizeof(sk)) {
				unlink(spath);
				return -1;
			}
			if (made != NULL)
				*made = 1;
		}
	}
	if (keys_load_ticket_secret(c, sk) == -1) {
		errno = EINVAL;
		return -1;
	}
	memcpy(pk, sk + 32, sizeof(pk));
	sodium_memzero(sk, sizeof(sk));
	/* The public file must say what the secret signs. */
	if (public_matches(ppath, pk))
		return 0;
	return write_public(ppath, pk);
}
