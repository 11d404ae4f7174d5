/* hosting.c — what skyfoxctl init and upgrade write outside the database:
 * the data directory's modes, the web folder's .htaccess and a crontab,
 * with this install's real paths filled in, so a customer copies files
 * instead of editing them (INSTALL §3, DESIGN §13).
 *
 * Two layouts are known, told apart from where skyfoxctl itself lives:
 *   the release bundle   skyfox/bin/skyfoxctl, skyfox/cron/, skyfox/libexec/,
 *                        skyfox/public_html/ (make dist)
 *   make install         PREFIX/bin/skyfoxctl, PREFIX/lib/skyfox/cron/ */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "skyfoxctl.h"

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
layout_find(struct layout *l)
{
	char	 exe[PATH_MAX], up[PATH_MAX + 8], p[PATH_MAX + 64];
	ssize_t	 n;
	char	*slash;

	memset(l, 0, sizeof(*l));
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0';
	snprintf(up, sizeof(up), "%s/..", exe);
	if (realpath(up, l->root) == NULL)
		return -1;
	snprintf(p, sizeof(p), "%s/share/htaccess.example", l->root);
	if (access(p, R_OK) == 0 && snprintf(up, sizeof(up), "%s/public_html",
	    l->root) < (int)sizeof(up) && is_dir(up)) {
		l->bundle = 1;
		snprintf(l->cron, sizeof(l->cron), "%s/cron", l->root);
		snprintf(l->web, sizeof(l->web), "%s/public_html", l->root);
	} else {
		snprintf(l->cron, sizeof(l->cron), "%s/lib/skyfox/cron", l->root);
		if (!is_dir(l->cron))
			l->cron[0] = '\0';
	}
	snprintf(l->ctl, sizeof(l->ctl), "%s/skyfoxctl", exe);
	return 0;
}

/* Write text to path through a temp file and rename, with mode. */
static int
write_file(const char *path, const char *text, mode_t mode)
{
	char	 tmp[PATH_MAX + 16];
	size_t	 len = strlen(text);
	int	 fd, ok;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, mode)) == -1)
		return -1;
	ok = write(fd, text, len) == (ssize_t)len && fchmod(fd, mode) == 0 &&
	    fsync(fd) == 0;
	if (close(fd) != 0 || !ok || rename(tmp, path) == -1) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
layout_write_crontab(const struct layout *l, const char *conf,
    const char *datadir, char *out, size_t n)
{
	char	 text[8192];

	if (l->cron[0] == '\0')
		return 1;
	if (snprintf(out, n, "%s/crontab", datadir) >= (int)n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (snprintf(text, sizeof(text),
	    "# BEGIN SkyFox — written by skyfoxctl for %s (INSTALL §6).\n"
	    "# Install or update: (crontab -l 2>/dev/null | sed '/^# BEGIN SkyFox/,"
	    "/^# END SkyFox/d'; cat %s) | crontab -\n"
	    "# The jobs print nothing when all is well, so cron mails only "
	    "problems.\n"
	    "SKYFOX_CONF=%s\n"
	    "* * * * * %s/sweep-holds >/dev/null\n"
	    "* * * * * %s/settle-payments\n"
	    "7 * * * * %s/sweep-avatars\n"
	    "17 * * * * %s/refresh-movies\n"
	    "3 * * * * %s publish >/dev/null\n"
	    "41 * * * * %s backup >/dev/null\n"
	    "# END SkyFox\n",
	    l->root, out, conf, l->cron, l->cron, l->cron, l->cron,
	    l->ctl, l->ctl) >= (int)sizeof(text)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return write_file(out, text, 0600);
}

/* The bundle's .htaccess: share/htaccess.example with the SetEnv line
 * pointing at this configuration — or, when it is the bundle's own
 * data/skyfox.conf, which every program finds by itself (config.h,
 * conf_find: suEXEC strips SetEnv), commented out. */
int
layout_write_htaccess(const struct layout *l, const char *conf,
    char *out, size_t n)
{
	char	 tpl[PATH_MAX + 32], own[PATH_MAX + 32], line[1024], *text;
	size_t	 len = 0, cap = 65536;
	FILE	*f;
	int	 rc;

	if (!l->bundle)
		return 1;
	snprintf(tpl, sizeof(tpl), "%s/share/htaccess.example", l->root);
	snprintf(own, sizeof(own), "%s/data/skyfox.conf", l->root);
	snprintf(out, n, "%s/.htaccess", l->web);
	if ((f = fopen(tpl, "r")) == NULL || (text = malloc(cap)) == NULL) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	text[0] = '\0';
	while (fgets(line, sizeof(line), f) != NULL) {
		char	 put[PATH_MAX + 128];

		if (strstr(line, "SetEnv SKYFOX_CONF ") != NULL)
			snprintf(put, sizeof(put), strcmp(conf, own) == 0 ?
			    "\t# SetEnv SKYFOX_CONF %s  (found without it)\n" :
			    "\tSetEnv SKYFOX_CONF %s\n", conf);
		else
			snprintf(put, sizeof(put), "%s", line);
		if (len + strlen(put) + 1 > cap)
			break;
		memcpy(text + len, put, strlen(put) + 1);
		len += strlen(put);
	}
	fclose(f);
	rc = write_file(out, text, 0644);
	free(text);
	return rc;
}

/* Is path the folder keep (both resolved)? */
static int
is_folder(const char *path, const char *keep)
{
	char	 a[PATH_MAX], b[PATH_MAX];

	return keep != NULL && realpath(path, a) != NULL &&
	    realpath(keep, b) != NULL && strcmp(a, b) == 0;
}

/* The data directory 0700 and everything in it 0600 (directories 0700),
 * whatever the umask was when they were made: another account on a shared
 * host must not read the database, keys or photos.  depth levels of
 * subdirectories (avatars/, backups/, logs/, cron/).  keep (NULL: none)
 * is a folder left as it is, with all it holds: the published files'
 * (skyfox.conf public_dir, by default <data_dir>/public), which are
 * public by design (0755, files 0644) for Apache to serve.  Counts what
 * it changed (with dry set: what it would change); -1 on an error. */
int
layout_tighten(const char *dir, const char *keep, int depth, int dry)
{
	DIR	*d;
	struct dirent *e;
	struct stat st;
	char	 p[PATH_MAX];
	int	 changed = 0, sub;

	if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		return -1;
	if ((st.st_mode & 07777) != 0700) {
		if (!dry && chmod(dir, 0700) == -1)
			return -1;
		changed++;
	}
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == -1 || S_ISLNK(st.st_mode))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (is_folder(p, keep))
				continue;
			if (depth > 0 &&
			    (sub = layout_tighten(p, keep, depth - 1, dry)) > 0)
				changed += sub;
		} else if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) {
			if (dry || chmod(p, st.st_mode & 0700) == 0)
				changed++;
		}
	}
	closedir(d);
	return changed;
}
