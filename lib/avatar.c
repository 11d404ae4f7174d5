/* avatar — photos: taking an upload in (decoding, hashing, the image
 * helper, storage), signed links, their JSON, and serving through them;
 * see avatar.h.  No MagickWand here: that lives in libexec/skyfox-image. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "avatar.h"
#include "clock.h"
#include "db.h"
#include "keys.h"
#include "text.h"
#include "workslot.h"

#define B64URL		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define OUT_MAX		(1024 * 1024)	/* a 320×320 JPEG is ~30 kB */

/* Exit statuses of libexec/skyfox-image, and ours for a helper we killed
 * (out of time or output) or the kernel killed (CPU rlimit). */
#define HELPER_OK	0
#define HELPER_INVALID	2
#define HELPER_TOO_BIG	3
#define HELPER_BUSY	4
#define HELPER_KILLED	-2

#define TMP_SUFFIX	".tmp"
#define HELPER_GRACE_MS	1000	/* after SIGTERM, before SIGKILL */

enum avatar_err
avatar_decode_base64(const char *s, struct buf *out)
{
	const char *comma;
	size_t	 n, len;

	buf_reset(out);
	if (strncmp(s, "data:", 5) == 0 && (comma = strchr(s, ',')) != NULL &&
	    comma - s < 100)
		s = comma + 1;
	n = strlen(s);
	/* Base64 is 4 characters per 3 bytes: refuse before decoding what
	 * cannot fit (with slack for line breaks). */
	if (n / 4 * 3 > AVATAR_MAX_BYTES + AVATAR_MAX_BYTES / 50)
		return AVATAR_TOO_LARGE;
	if (sodium_init() < 0)
		return AVATAR_INTERNAL;
	buf_append(out, "", 0);
	if (n / 4 * 3 + 3 > out->cap) {
		char	*p = realloc(out->data, n / 4 * 3 + 4);

		if (p == NULL)
			return AVATAR_INTERNAL;
		out->data = p;
		out->cap = n / 4 * 3 + 4;
	}
	if (sodium_base642bin((unsigned char *)out->data, out->cap, s, n,
	    " \r\n\t", &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 &&
	    sodium_base642bin((unsigned char *)out->data, out->cap, s, n,
	    " \r\n\t", &len, NULL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) !=
	    0)
		return AVATAR_BAD_ENCODING;
	out->len = len;
	if (len > AVATAR_MAX_BYTES)
		return AVATAR_TOO_LARGE;
	return AVATAR_OK;
}

int
avatar_hash_matches(const void *p, size_t n, const char *hex)
{
	unsigned char h[crypto_hash_sha256_BYTES], want[sizeof(h)];
	size_t	 len;

	if (hex == NULL || strlen(hex) != 2 * sizeof(h) || sodium_init() < 0)
		return 0;
	if (sodium_hex2bin(want, sizeof(want), hex, strlen(hex), NULL, &len,
	    NULL) != 0 || len != sizeof(want))
		return 0;
	crypto_hash_sha256(h, p, n);
	return sodium_memcmp(h, want, sizeof(h)) == 0;
}

/* <dir of this binary>/../libexec/skyfox-image, or image_helper. */
static void
helper_path(const struct conf *c, char *out, size_t n)
{
	const char *p = conf_get(c, "image_helper", NULL);
	char	 exe[512], *slash;
	ssize_t	 k;

	if (p != NULL) {
		snprintf(out, n, "%s", p);
		return;
	}
	k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[k > 0 ? k : 0] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	snprintf(out, n, "%s/../libexec/skyfox-image", exe);
}

/* A clean environment for the helper: nothing from the request reaches
 * it, and no MAGICK_* variable can point ImageMagick elsewhere.  Only the
 * sanitizers' options pass, so a SAN=1 build's helper reports like ours.
 * envp has room for 4 entries. */
static void
helper_env(char *envp[4])
{
	static char a[420], u[420];
	const char *san;
	int	 e = 0;

	envp[e++] = "PATH=/usr/bin:/bin";
	if ((san = getenv("ASAN_OPTIONS")) != NULL && strlen(san) < 400) {
		snprintf(a, sizeof(a), "ASAN_OPTIONS=%s", san);
		envp[e++] = a;
	}
	if ((san = getenv("UBSAN_OPTIONS")) != NULL && strlen(san) < 400) {
		snprintf(u, sizeof(u), "UBSAN_OPTIONS=%s", san);
		envp[e++] = u;
	}
	envp[e] = NULL;
}

static void
child(const char *path, int in, int out, long timeout)
{
	struct rlimit cpu = { (rlim_t)timeout, (rlim_t)timeout + 1 };
	char	*envp[4];
	char	*argv[] = { "skyfox-image", NULL };

	helper_env(envp);
	if (dup2(in, STDIN_FILENO) == -1 || dup2(out, STDOUT_FILENO) == -1)
		_exit(127);
	setrlimit(RLIMIT_CPU, &cpu);
	execve(path, argv, envp);
	_exit(127);
}

/* SIGTERM first, so ImageMagick deletes the pixel-cache file it may have
 * spilled to disk; SIGKILL after HELPER_GRACE_MS if it is still there. */
static void
stop_helper(pid_t pid)
{
	long long end = clock_mono_us() + HELPER_GRACE_MS * 1000LL;
	struct timespec nap = { 0, 10 * 1000000L };
	siginfo_t si;

	kill(pid, SIGTERM);
	do {
		/* Exited yet?  (WNOWAIT: the caller reaps it.) */
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT)
		    == 0 && si.si_pid == pid)
			return;
		nanosleep(&nap, NULL);
	} while (clock_mono_us() < end);
	kill(pid, SIGKILL);
}

/* Start the helper with a pipe to its stdin (*to) and one from its stdout
 * (*from), under a CPU limit of timeout seconds.  The pid, or -1. */
static pid_t
spawn_helper(const struct conf *c, long timeout, int *to, int *from)
{
	char	 path[600];
	int	 tp[2], fp[2];
	pid_t	 pid;

	helper_path(c, path, sizeof(path));
	if (access(path, X_OK) != 0) {
		fprintf(stderr, "skyfox: image helper %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (pipe2(tp, O_CLOEXEC) == -1)
		return -1;
	if (pipe2(fp, O_CLOEXEC) == -1) {
		close(tp[0]);
		close(tp[1]);
		return -1;
	}
	if ((pid = fork()) == -1) {
		close(tp[0]); close(tp[1]); close(fp[0]); close(fp[1]);
		return -1;
	}
	if (pid == 0)
		child(path, tp[0], fp[1], timeout);
	close(tp[0]);
	close(fp[1]);
	*to = tp[1];
	*from = fp[0];
	return pid;
}

/* Write in[0..n) to the helper (to) while reading its output (from) into
 * out, until its EOF or the deadline (clock_mono_us).  Closes both.  0 at
 * EOF; -1 out of time, output over OUT_MAX, or poll failed. */
static int
pump(int to, int from, const void *in, size_t n, struct buf *out,
    long long deadline)
{
	size_t	 off = 0;
	int	 rc = -1;

	fcntl(to, F_SETFL, O_NONBLOCK);
	buf_reset(out);
	for (;;) {
		struct pollfd p[2];
		int	 np = 0, wait_ms;
		long long left = deadline - clock_mono_us();
		char	 chunk[16384];
		ssize_t	 k;

		if (left <= 0)
			break;
		wait_ms = (int)(left / 1000) + 1;
		if (to != -1) {
			p[np].fd = to;
			p[np++].events = POLLOUT;
		}
		p[np].fd = from;
		p[np++].events = POLLIN;
		if (poll(p, (nfds_t)np, wait_ms) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (to != -1 && p[0].revents != 0) {
			k = write(to, (const char *)in + off, n - off);
			if (k > 0)
				off += (size_t)k;
			if ((k == -1 && errno != EAGAIN && errno != EINTR) ||
			    off == n) {
				close(to);
				to = -1;
			}
		}
		if (p[np - 1].revents != 0) {
			k = read(from, chunk, sizeof(chunk));
			if (k == -1 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (k <= 0) {
				rc = 0;		/* EOF: the helper is done */
				break;
			}
			if (out->len + (size_t)k > OUT_MAX)
				break;
			buf_append(out, chunk, (size_t)k);
		}
	}
	if (to != -1)
		close(to);
	close(from);
	return rc;
}

/* Reap the helper (stopping it first when pump gave up on it) and read its
 * exit status as run_helper returns it. */
static int
reap_helper(pid_t pid, int gave_up, long timeout)
{
	int	 status = 0;

	if (gave_up)		/* out of time or output too large */
		stop_helper(pid);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (gave_up) {
		/* Out of time says nothing about the photo (the machine may
		 * just be busy): never a verdict on it. */
		fprintf(stderr, "skyfox: image helper killed (timeout %lds or "
		    "output over %d bytes)\n", timeout, OUT_MAX);
		return HELPER_KILLED;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "skyfox: image helper died (signal %d)\n",
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	/* The CPU rlimit (SIGXCPU, then SIGKILL) is time, not a verdict; a
	 * decoder that crashes on the file (SIGSEGV, SIGABRT): hostile. */
	if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU ||
	    WTERMSIG(status) == SIGKILL))
		return HELPER_KILLED;
	return HELPER_INVALID;
}

/* Feed in[0..n) to the helper's stdin and collect its stdout, with a
 * deadline: spawn, pump, reap.  The helper's exit status, HELPER_KILLED
 * (stopped for time or output), or -1 (it could not be started). */
static int
run_helper(const struct conf *c, const void *in, size_t n, struct buf *out)
{
	long	 timeout = (long)conf_int(c, "image_timeout", 10);
	struct sigaction ign, old;
	int	 to, from, rc;
	pid_t	 pid;

	if ((pid = spawn_helper(c, timeout, &to, &from)) == -1)
		return -1;
	/* The helper may stop reading early (not an image): a write to the
	 * closed pipe must be an error, not a SIGPIPE that kills the CGI. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	rc = pump(to, from, in, n, out, clock_mono_us() + timeout * 1000000LL);
	sigaction(SIGPIPE, &old, NULL);
	return reap_helper(pid, rc != 0, timeout);
}

enum avatar_err
avatar_process(const struct conf *c, const void *p, size_t n, struct buf *jpeg)
{
	struct workslot ws;
	int	 st;

	if (n > AVATAR_MAX_BYTES)
		return AVATAR_TOO_LARGE;
	if (n == 0)
		return AVATAR_INVALID;
	/* One decode at a time per slot: waiting here does not count
	 * against the helper's own time limit, which starts at its fork. */
	if (workslot_acquire(workslot_base(c), "image", WORKSLOT_IMAGE_SLOTS,
	    WORKSLOT_IMAGE_WAIT_MS, &ws) == WORKSLOT_BUSY)
		return AVATAR_BUSY;
	st = run_helper(c, p, n, jpeg);
	workslot_release(&ws);
	if (st == HELPER_OK && buf_ok(jpeg) && jpeg->len > 0)
		return AVATAR_OK;
	if (st == HELPER_INVALID)
		return AVATAR_INVALID;
	if (st == HELPER_TOO_BIG)
		return AVATAR_TOO_LARGE;
	if (st == HELPER_KILLED || st == HELPER_BUSY)
		return AVATAR_BUSY;
	return AVATAR_INTERNAL;
}

int
avatar_name_ok(const char *name)
{
	if (name == NULL || strlen(name) != AVATAR_NAME_LEN - 1 ||
	    strcmp(name + 32, ".jpg") != 0)
		return 0;
	for (int i = 0; i < 32; i++)
		if (!((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'a' && name[i] <= 'f')))
			return 0;
	return 1;
}

static void
file_path(const struct conf *c, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/avatars/%s", c->data_dir, name);
}

static void
tmp_path(const struct conf *c, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/avatars/%s" TMP_SUFFIX, c->data_dir, name);
}

enum avatar_err
avatar_store(const struct conf *c, const void *p, size_t n,
    char name[AVATAR_NAME_LEN])
{
	unsigned char r[16];
	char	 dir[600], tmp[720];
	int	 fd;
	ssize_t	 k;

	if (sodium_init() < 0)
		return AVATAR_INTERNAL;
	randombytes_buf(r, sizeof(r));
	/* 32 hex digits, then ".jpg": AVATAR_NAME_LEN with its NUL. */
	sodium_bin2hex(name, AVATAR_NAME_LEN, r, sizeof(r));
	memcpy(name + 2 * sizeof(r), ".jpg", 5);
	snprintf(dir, sizeof(dir), "%s/avatars", c->data_dir);
	if (mkdir(dir, 0750) == -1 && errno != EEXIST)
		return AVATAR_INTERNAL;
	tmp_path(c, name, tmp, sizeof(tmp));
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) ==
	    -1) {
		fprintf(stderr, "skyfox: %s: %s\n", tmp, strerror(errno));
		return AVATAR_INTERNAL;
	}
	k = write(fd, p, n);
	if (k != (ssize_t)n || fdatasync(fd) != 0 || close(fd) != 0) {
		fprintf(stderr, "skyfox: writing %s: %s\n", tmp,
		    strerror(errno));
		if (k != (ssize_t)n)
			close(fd);
		unlink(tmp);
		return AVATAR_INTERNAL;
	}
	return AVATAR_OK;
}

enum avatar_err
avatar_commit(const struct conf *c, const char *name)
{
	char	 tmp[720], path[700];

	if (!avatar_name_ok(name))
		return AVATAR_INVALID;
	tmp_path(c, name, tmp, sizeof(tmp));
	file_path(c, name, path, sizeof(path));
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "skyfox: rename %s: %s\n", tmp, strerror(errno));
		return AVATAR_INTERNAL;
	}
	return AVATAR_OK;
}

void
avatar_discard(const struct conf *c, const char *name)
{
	char	 tmp[720];

	if (!avatar_name_ok(name))
		return;
	tmp_path(c, name, tmp, sizeof(tmp));
	unlink(tmp);
}

void
avatar_remove(const struct conf *c, const char *name)
{
	char	 path[700];

	if (!avatar_name_ok(name))
		return;
	file_path(c, name, path, sizeof(path));
	unlink(path);
}

/* The upload's bytes: the file part, else the base64 decoded into tmp. */
static enum avatar_err
upload_bytes(const struct avatar_upload *up, struct buf *tmp, const void **p,
    size_t *n)
{
	enum avatar_err e;

	if (up->file != NULL) {
		*p = up->file;
		*n = up->file_len;
		return *n > AVATAR_MAX_BYTES ? AVATAR_TOO_LARGE : AVATAR_OK;
	}
	if (up->base64 == NULL || *up->base64 == '\0')
		return AVATAR_MISSING;
	e = avatar_decode_base64(up->base64, tmp);
	*p = tmp->data;
	*n = tmp->len;
	return e;
}

int
avatar_accept(const struct conf *c, const struct avatar_upload *up,
    char name[AVATAR_NAME_LEN], struct avatar_fail *f)
{
	struct buf tmp = BUF_INIT, jpeg = BUF_INIT;
	const void *p = NULL;
	size_t	 n = 0;
	enum avatar_err e;

	/* The hash before the helper: a photo damaged on the way costs no
	 * image slot, and is told so rather than "not an image". */
	e = upload_bytes(up, &tmp, &p, &n);
	if (e == AVATAR_OK && !avatar_hash_matches(p, n, up->sha256))
		e = AVATAR_BAD_HASH;
	if (e == AVATAR_OK)
		e = avatar_process(c, p, n, &jpeg);
	buf_free(&tmp);
	if (e == AVATAR_OK)
		e = avatar_store(c, jpeg.data, jpeg.len, name);
	buf_free(&jpeg);
	f->err = e;
	return e == AVATAR_OK ? 0 : -1;
}

/* 1 when an account points at name, 0 when none, -1 on error. */
static int
referenced(sqlite3_stmt *st, const char *name)
{
	int	 rc;

	sqlite3_reset(st);
	db_bind_text(st, ":n", name);
	rc = sqlite3_step(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Whether a directory entry is ours: <32 hex>.jpg (0), or that + ".tmp"
 * (1), with name the photo's name; -1 for anything else in the directory,
 * which is not ours to judge. */
static int
our_file(const char *entry, char name[AVATAR_NAME_LEN])
{
	size_t	 len = strlen(entry);
	int	 temp = 0;

	if (*entry == '.')
		return -1;
	if (len == AVATAR_NAME_LEN - 1 + strlen(TMP_SUFFIX) &&
	    strcmp(entry + AVATAR_NAME_LEN - 1, TMP_SUFFIX) == 0)
		temp = 1;
	else if (len != AVATAR_NAME_LEN - 1)
		return -1;
	memcpy(name, entry, AVATAR_NAME_LEN - 1);
	name[AVATAR_NAME_LEN - 1] = '\0';
	return avatar_name_ok(name) ? temp : -1;
}

int
avatar_strays(sqlite3 *db, const struct conf *c, time_t now, int min_age,
    int sweep, struct avatar_stray_stats *out, struct avatar_fail *f)
{
	char	 dir[600], path[1200], name[AVATAR_NAME_LEN];
	struct dirent *de;
	struct stat sb;
	sqlite3_stmt *st;
	DIR	*d;
	int	 rc;

	memset(out, 0, sizeof(*out));
	snprintf(dir, sizeof(dir), "%s/avatars", c->data_dir);
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;		/* no photo yet */
		f->err = AVATAR_INTERNAL;
		return -1;
	}
	if ((rc = db_prepare(db, "SELECT 1 FROM customers WHERE avatar = :n",
	    &st)) != SQLITE_OK) {
		closedir(d);
		f->err = AVATAR_DB;
		f->rc = rc;
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		int	 temp, ref;

		if ((temp = our_file(de->d_name, name)) == -1)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		out->files++;
		if ((ref = referenced(st, name)) == -1) {
			rc = sqlite3_errcode(db);
			break;
		}
		if (ref && !temp)
			continue;
		if ((long long)now - (long long)sb.st_mtime < min_age) {
			out->fresh++;
			continue;
		}
		if (ref && temp) {
			/* Committed, then the rename was lost (a crash in
			 * between): finish it. */
			char	 final[1200];

			out->unfinished++;
			snprintf(final, sizeof(final), "%s/%s", dir, name);
			if (sweep && access(final, F_OK) != 0 &&
			    rename(path, final) == 0)
				out->finished++;
			continue;
		}
		out->strays++;
		out->bytes += (long long)sb.st_size;
		if (sweep && unlink(path) == 0)
			out->removed++;
	}
	sqlite3_finalize(st);
	closedir(d);
	if (rc == SQLITE_OK)
		return 0;
	f->err = AVATAR_DB;
	f->rc = rc;
	return -1;
}

enum avatar_err
avatar_read(const struct conf *c, const char *name, struct buf *out)
{
	char	 path[700], chunk[16384];
	struct stat sb;
	int	 fd;
	ssize_t	 k;

	buf_reset(out);
	if (!avatar_name_ok(name))
		return AVATAR_INVALID;
	file_path(c, name, path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT ? AVATAR_INVALID : AVATAR_INTERNAL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > OUT_MAX) {
		close(fd);
		return AVATAR_INTERNAL;
	}
	while ((k = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(out, chunk, (size_t)k);
	close(fd);
	return k == 0 && buf_ok(out) ? AVATAR_OK : AVATAR_INTERNAL;
}

void
avatar_sign(const unsigned char key[32], const char *name, long long expires,
    char sig[AVATAR_SIG_LEN])
{
	crypto_auth_hmacsha256_state h;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char	 msg[128];
	int	 n;

	if (sodium_init() < 0) {
		*sig = '\0';
		return;
	}
	/* A purpose prefix: an avatar signature can never pass as a JWT or
	 * CSRF MAC made with the same key. */
	n = snprintf(msg, sizeof(msg), "avatar\n%s\n%lld", name, expires);
	crypto_auth_hmacsha256_init(&h, key, 32);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)msg,
	    (unsigned long long)n);
	crypto_auth_hmacsha256_final(&h, mac);
	sodium_bin2base64(sig, AVATAR_SIG_LEN, mac, sizeof(mac), B64URL);
}

void
avatar_url(const unsigned char key[32], const char *name, time_t now,
    char *out, size_t outsz, time_t *expires)
{
	long long x = (long long)now + AVATAR_URL_SECONDS;
	char	 sig[AVATAR_SIG_LEN];

	x += (3600 - x % 3600) % 3600;		/* up to the hour */
	avatar_sign(key, name, x, sig);
	snprintf(out, outsz, "/api/avatars/%s?expires=%lld&sig=%s", name, x,
	    sig);
	if (expires != NULL)
		*expires = (time_t)x;
}

int
avatar_link(const struct conf *c, const char *name, time_t now,
    struct avatar_link *out, struct avatar_fail *f)
{
	unsigned char key[KEYS_SECRET_LEN];

	if (keys_load_secret(c, key) == -1) {
		f->err = AVATAR_NO_KEY;
		return -1;
	}
	avatar_url(key, name, now, out->url, sizeof(out->url),
	    &out->expires_at);
	explicit_bzero(key, sizeof(key));
	return 0;
}

int
avatar_fetch(const struct conf *c, const char *name, const char *expires,
    const char *sig, time_t now, struct buf *jpeg, long long *expires_at,
    struct avatar_fail *f)
{
	unsigned char key[KEYS_SECRET_LEN];
	enum avatar_err e;
	int	 ok;

	if (keys_load_secret(c, key) == -1) {
		f->err = AVATAR_NO_KEY;
		return -1;
	}
	ok = avatar_verify(key, name, expires, sig, now);
	explicit_bzero(key, sizeof(key));
	if (!ok) {
		f->err = AVATAR_BAD_LINK;
		return -1;
	}
	/* avatar_verify has read the expiry: it parses. */
	(void)text_parse_int(expires, 0, AVATAR_EXPIRES_MAX, expires_at);
	/* avatar_read's AVATAR_INVALID is "no such file". */
	if ((e = avatar_read(c, name, jpeg)) != AVATAR_OK) {
		f->err = e == AVATAR_INVALID ? AVATAR_NOT_FOUND :
		    AVATAR_UNREADABLE;
		return -1;
	}
	return 0;
}

int
avatar_verify(const unsigned char key[32], const char *name,
    const char *expires, const char *sig, time_t now)
{
	char	 want[AVATAR_SIG_LEN];
	long long x;

	/* The expiry as the links spell it (at most 12 digits), still ahead. */
	if (!avatar_name_ok(name) || expires == NULL || sig == NULL ||
	    text_parse_int(expires, (long long)now + 1, AVATAR_EXPIRES_MAX,
	    &x) != TEXT_OK)
		return 0;
	avatar_sign(key, name, x, want);
	if (strlen(sig) != strlen(want))
		return 0;
	return sodium_memcmp(sig, want, strlen(want)) == 0;
}
