/* doctor.c — `skyfoxctl doctor`: can this host run SkyFox, and if not,
 * what exactly to ask the host for.
 *
 * A customer on shared hosting cannot install packages; what they can do
 * is send their host a precise request.  So every finding that the host
 * must fix is also collected as a sentence for that message, printed at
 * the end.  Checks: every program of this install finds its libraries (the
 * dynamic loader is asked, as ldd does, with LD_TRACE_LOADED_OBJECTS), the
 * C library is new enough, libcurl loads, the photo converter converts a
 * PNG and a WebP, the time zone and the ticket fonts are there; with a
 * configuration also: the data directory is private, local (SQLite's WAL
 * needs a local disk) and outside the web folder, and the site answers at
 * its own address while its private paths do not.  Exit 1 when something
 * fails. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "dlcurl.h"
#include "publish.h"
#include "skyfoxctl.h"
#include "version.h"

#define ASK_MAX	16

static struct {
	int	 fails, warns, nask;
	char	 ask[ASK_MAX][400];
} dr;

static void
say(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
say(const char *level, const char *fmt, ...)
{
	va_list	 ap;

	if (strcmp(level, "FAIL") == 0)
		dr.fails++;
	else if (strcmp(level, "warn") == 0)
		dr.warns++;
	printf("%-4s ", level);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void
ask_host(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
ask_host(const char *fmt, ...)
{
	va_list	 ap;
	char	 line[sizeof(dr.ask[0])];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Each request once, however many programs lack the same thing. */
	for (int i = 0; i < dr.nask; i++)
		if (strcmp(dr.ask[i], line) == 0)
			return;
	if (dr.nask < ASK_MAX)
		memcpy(dr.ask[dr.nask++], line, sizeof(line));
}

/* Run argv with env and stdin from in[0..inlen), collecting stdout and
 * stderr (at most outsz - 1 bytes); the exit status, or -1. */
static int
run(char *const argv[], char *const env[], const unsigned char *in,
    size_t inlen, char *out, size_t outsz)
{
	posix_spawn_file_actions_t fa;
	int	 ip[2], op[2], st;
	pid_t	 pid;
	size_t	 got = 0;
	ssize_t	 r;

	if (pipe(ip) == -1 || pipe(op) == -1)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, ip[0], 0);
	posix_spawn_file_actions_adddup2(&fa, op[1], 1);
	posix_spawn_file_actions_adddup2(&fa, op[1], 2);
	posix_spawn_file_actions_addclose(&fa, ip[1]);
	posix_spawn_file_actions_addclose(&fa, op[0]);
	st = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(ip[0]);
	close(op[1]);
	if (st != 0) {
		close(ip[1]);
		close(op[0]);
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (inlen > 0 && write(ip[1], in, inlen) < 0)
		(void)0;	/* the program's status says what happened */
	close(ip[1]);
	while ((r = read(op[0], out + got, outsz - 1 - got)) > 0 &&
	    got + (size_t)r < outsz - 1)
		got += (size_t)r;
	if (r > 0)
		got += (size_t)r;
	out[got] = '\0';
	close(op[0]);
	if (waitpid(pid, &st, 0) == -1)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The Debian/Ubuntu package that ships a library, for the host's ears. */
static const char *
package_of(const char *so)
{
	static const struct { const char *prefix, *pkg; } t[] = {
		{ "libcjson", "libcjson1" }, { "libhpdf", "libhpdf-2.3.0" },
		{ "libqrencode", "libqrencode4" }, { "libpng16", "libpng16-16" },
		{ "libz.", "zlib1g" }, { "libcurl", "libcurl4" },
		{ "libMagickWand", "libmagickwand-6.q16-6" },
		{ "libMagickCore", "libmagickcore-6.q16-6" },
		{ "libstdc++", "libstdc++6" }, { "libgcc_s", "libgcc-s1" },
		{ "libgomp", "libgomp1" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strncmp(so, t[i].prefix, strlen(t[i].prefix)) == 0)
			return t[i].pkg;
	return NULL;
}

/* One program: what the loader cannot find.  0 when it finds all. */
static int
check_program(const char *path)
{
	char	*argv[] = { (char *)path, NULL };
	char	*env[] = { "LD_TRACE_LOADED_OBJECTS=1", NULL };
	char	 out[16384], *line, *save = NULL;
	int	 bad = 0;

	if (run(argv, env, NULL, 0, out, sizeof(out)) == -1) {
		say("FAIL", "%s cannot be started: %s", path, strerror(errno));
		return 1;
	}
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char	 so[128], ver[64];
		const char *pkg;

		if (sscanf(line, " %127s => not found", so) == 1 &&
		    strstr(line, "not found") != NULL) {
			pkg = package_of(so);
			say("FAIL", "%s needs %s, which this host lacks", path, so);
			if (pkg != NULL)
				ask_host("Please install the shared library %s "
				    "(Debian/Ubuntu package %s).", so, pkg);
			else
				ask_host("Please install the shared library %s.", so);
			bad = 1;
		} else if (strstr(line, "version `GLIBC_") != NULL &&
		    sscanf(strstr(line, "GLIBC_"), "GLIBC_%63[0-9.]", ver) == 1) {
			say("FAIL", "%s needs glibc %s; this host has %s", path,
			    ver, gnu_get_libc_version());
			ask_host("My account needs a server with glibc %s or newer "
			    "(Debian 12, Ubuntu 22.04, RHEL/AlmaLinux 9 or later); "
			    "this one has %s.", ver, gnu_get_libc_version());
			bad = 1;
		}
	}
	return bad;
}

static int
check_folder(const char *dir, const char *suffix, int *count)
{
	DIR	*d = opendir(dir);
	struct dirent *e;
	char	 p[PATH_MAX + 256];
	size_t	 sl = strlen(suffix), nl;
	int	 bad = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		nl = strlen(e->d_name);
		if (e->d_name[0] == '.' || nl < sl ||
		    strcmp(e->d_name + nl - sl, suffix) != 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (access(p, X_OK) != 0)
			continue;
		bad += check_program(p);
		(*count)++;
	}
	closedir(d);
	return bad;
}

static void
check_libraries(const struct layout *l)
{
	char	 p[sizeof(l->web) + 64];
	int	 n = 0, bad = 0;

	printf("SkyFox %s on %s, glibc %s\n", skyfox_version,
	    l->bundle ? l->root : "a system install", gnu_get_libc_version());
	if (l->bundle) {
		snprintf(p, sizeof(p), "%s/api-bin", l->web);
		bad += check_folder(p, ".cgi", &n);
	} else {
		snprintf(p, sizeof(p), "%s/lib/skyfox/cgi-bin", l->root);
		bad += check_folder(p, ".cgi", &n);
	}
	if (l->cron[0] != '\0')
		bad += check_folder(l->cron, "", &n);
	snprintf(p, sizeof(p), "%s", l->ctl);
	bad += check_program(p);
	n++;
	if (bad == 0)
		say("ok", "%d programs find every library they need", n);
	if (dlcurl_load() == 0)
		say("ok", "libcurl loads (movie import, an HTTP card gateway)");
	else {
		say("warn", "libcurl does not load: movies cannot be imported "
		    "and only the simulated card gateway works");
		ask_host("Please install libcurl (Debian/Ubuntu package libcurl4).");
	}
}

/* An 8×8 PNG and a 1×1 lossless WebP: the converter must turn both into
 * JPEGs (that loads ImageMagick and its PNG, WebP and JPEG coders). */
static const unsigned char tiny_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08,
	0x08, 0x02, 0x00, 0x00, 0x00, 0x4b, 0x6d, 0x29, 0xdc, 0x00, 0x00, 0x00,
	0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x38, 0xa0, 0xa0, 0x80,
	0x15, 0x31, 0x0c, 0x2d, 0x09, 0x00, 0x2a, 0x3f, 0x40, 0x01, 0x78, 0xe6,
	0xd5, 0x63, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42,
	0x60, 0x82
};
static const unsigned char tiny_webp[] = {
	0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
	0x56, 0x50, 0x38, 0x4c, 0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00,
	0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00
};

static void
check_converter(const struct conf *c, const struct layout *l)
{
	char	 path[PATH_MAX + 64], out[65536];
	const char *conf = c != NULL ? conf_get(c, "image_helper", NULL) : NULL;
	char	*argv[2] = { path, NULL }, *env[] = { NULL };
	int	 a, b;

	if (conf != NULL && *conf != '\0')
		snprintf(path, sizeof(path), "%s", conf);
	else {
		/* The bundle and a source tree: libexec/; make install:
		 * lib/skyfox/libexec/. */
		snprintf(path, sizeof(path), "%s/lib/skyfox/libexec/skyfox-image",
		    l->root);
		if (l->bundle || access(path, X_OK) != 0)
			snprintf(path, sizeof(path), "%s/libexec/skyfox-image",
			    l->root);
	}
	a = run(argv, env, tiny_png, sizeof(tiny_png), out, sizeof(out));
	b = run(argv, env, tiny_webp, sizeof(tiny_webp), out, sizeof(out));
	if (a == 0 && b == 0)
		say("ok", "the photo converter turns a PNG and a WebP into JPEGs");
	else
		say("FAIL", "the photo converter %s fails (status %d/%d): sign-up "
		    "and profile photos will not work", path, a, b);
}

static void
check_zone_fonts(const struct conf *c, const struct layout *l)
{
	const char *tz = c != NULL ? c->timezone : "Asia/Kolkata";
	char	 f[PATH_MAX + 64];
	const char *conf = c != NULL ? conf_get(c, "ticket_font", NULL) : NULL;

	if (clock_zone_valid(tz))
		say("ok", "time zone %s", tz);
	else {
		say("FAIL", "time zone %s is not in %s", tz, CLOCK_ZONEINFO);
		ask_host("Please install the time zone database (Debian/Ubuntu "
		    "package tzdata): %s/%s is missing.", CLOCK_ZONEINFO, tz);
	}
	if (conf != NULL && *conf != '\0')
		snprintf(f, sizeof(f), "%s", conf);
	else
		snprintf(f, sizeof(f), "%s/%s", l->bundle ? l->root :
		    "/usr/share/fonts/truetype/dejavu", l->bundle ?
		    "fonts/DejaVuSans.ttf" : "DejaVuSans.ttf");
	if (access(f, R_OK) == 0)
		say("ok", "ticket font %s", f);
	else
		say("FAIL", "ticket font %s is missing: tickets cannot be made "
		    "(set ticket_font / ticket_font_bold in skyfox.conf)", f);
}

/* A path under another (both made real first). */
static int
inside(const char *path, const char *dir)
{
	char	 a[PATH_MAX], b[PATH_MAX];
	size_t	 n;

	if (realpath(path, a) == NULL || realpath(dir, b) == NULL)
		return 0;
	n = strlen(b);
	return strncmp(a, b, n) == 0 && (a[n] == '/' || a[n] == '\0');
}

/* NFS, CIFS, SMB2, FUSE (sshfs and friends): where file locks lie. */
static int
network_fs(unsigned long t)
{
	return t == 0x6969UL || t == 0xFF534D42UL || t == 0xFE534D42UL ||
	    t == 0x65735546UL;
}

static void
check_data_dir(const struct conf *c, const struct layout *l)
{
	char	 pub[PUBLISH_PATH_MAX];
	struct stat st;
	struct statfs fs;
	const char *d = c->data_dir;

	if (stat(d, &st) == -1) {
		say("FAIL", "data directory %s: %s", d, strerror(errno));
		return;
	}
	if ((st.st_mode & 077) != 0)
		say("FAIL", "data directory %s is open to other users (%03o): "
		    "run skyfoxctl upgrade, or chmod 700 %s", d,
		    st.st_mode & 0777, d);
	else
		say("ok", "data directory %s is private (%03o)", d,
		    st.st_mode & 0777);
	if (access(d, W_OK) != 0)
		say("FAIL", "data directory %s is not writable by %s", d,
		    getenv("USER") ? getenv("USER") : "this user");
	if (l->bundle && inside(d, l->web))
		say("FAIL", "data directory %s is inside the web folder %s: "
		    "anyone could download the database", d, l->web);
	if (statfs(d, &fs) == 0 && network_fs((unsigned long)fs.f_type)) {
		say("warn", "data directory %s is on a network file system: "
		    "SQLite's locking needs a local disk", d);
		ask_host("Is my home directory on a network file system (NFS)? "
		    "My application's database needs a local disk with working "
		    "file locks; could it have a folder on one?");
	} else
		say("ok", "data directory is on a local file system");
	publish_dir(c, pub, sizeof(pub));
	if (layout_tighten(d, pub, 1, 1) > 0)
		say("FAIL", "files in %s are open to other users: run "
		    "skyfoxctl upgrade (makes them 0600)", d);
}

static size_t
sink(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static char http_why[256];

/* GET site + path; the HTTP status, or -1 when the site cannot be reached
 * (why in http_why). */
static long
http_status(const char *site, const char *path)
{
	CURL	*h;
	char	 url[1200];
	long	 code = -1;
	CURLcode rc;

	snprintf(http_why, sizeof(http_why), "libcurl does not load");
	if (dlcurl_load() == -1 || (h = dlcurl.easy_init()) == NULL)
		return -1;
	snprintf(url, sizeof(url), "%s%s", site, path);
	dlcurl.easy_setopt(h, CURLOPT_URL, url);
	dlcurl.easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	dlcurl.easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	dlcurl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	dlcurl.easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	if ((rc = dlcurl.easy_perform(h)) == CURLE_OK)
		dlcurl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	else
		snprintf(http_why, sizeof(http_why), "%s",
		    dlcurl.easy_strerror(rc));
	dlcurl.easy_cleanup(h);
	return code;
}

/* The site at its own address: health answers; the programs, the
 * .htaccess and the data directory's files do not. */
static void
check_site(const struct conf *c)
{
	static const char *private[] = { "/api-bin/health.cgi", "/.htaccess",
	    "/api-bin/", "/data/skyfox.conf", "/../data/skyfox.db",
	    "/skyfox.db", "/bin/skyfoxctl", "/share/htaccess.example" };
	const char *site = conf_get(c, "site_url", "");
	char	 base[600];
	size_t	 n = strlen(site);
	long	 code;
	int	 open_paths = 0;

	if (n == 0) {
		say("warn", "site_url is not set in skyfox.conf: the site itself "
		    "was not asked");
		return;
	}
	while (n > 0 && site[n - 1] == '/')
		n--;
	snprintf(base, sizeof(base), "%.*s", (int)n, site);
	if ((code = http_status(base, "/api/health")) != 200) {
		if (code == -1)
			say("FAIL", "%s/api/health cannot be reached: %s", base,
			    http_why);
		else if (code == 500 &&
		    http_status(base, "/favicon.svg") == 500) {
			/* A static file is a 500 too: no CGI ran, Apache
			 * refused a line of the .htaccess (AllowOverride). */
			say("FAIL", "%s answers 500 to every request, static "
			    "files too: the host's Apache refuses a line of "
			    "public_html/.htaccess (its error log says which: "
			    "\"... not allowed here\")", base);
			ask_host("Please allow .htaccess in my web folder: "
			    "AllowOverride All, or at least AllowOverride "
			    "FileInfo Indexes AuthConfig "
			    "Options=ExecCGI,Indexes,SymLinksIfOwnerMatch.");
		} else
			say("FAIL", "%s/api/health answers %ld: are the web "
			    "folder and its .htaccess in place (INSTALL §3)?",
			    base, code);
		return;
	}
	say("ok", "%s/api/health answers 200", base);
	for (size_t i = 0; i < sizeof(private) / sizeof(private[0]); i++) {
		code = http_status(base, private[i]);
		if (code == 200) {
			say("FAIL", "%s%s is served to anyone", base, private[i]);
			open_paths++;
		}
	}
	if (open_paths == 0)
		say("ok", "private paths are refused (%zu tried)",
		    sizeof(private) / sizeof(private[0]));
}

int
ctl_doctor(const char *confpath)
{
	struct layout l;
	struct conf c;
	char	 found[sizeof(c.path)], why[256];
	int	 have = 0;

	layout_find(&l);
	check_libraries(&l);
	if (confpath == NULL && conf_find(found, sizeof(found)) == 0)
		confpath = found;
	if (confpath != NULL) {
		if (conf_load(&c, confpath, why, sizeof(why)) == -1)
			say("FAIL", "%s", why);
		else
			have = 1;
	}
	check_converter(have ? &c : NULL, &l);
	check_zone_fonts(have ? &c : NULL, &l);
	if (have) {
		check_data_dir(&c, &l);
		check_site(&c);
	} else
		say("warn", "no skyfox.conf yet: run skyfoxctl init (INSTALL §3), "
		    "then doctor again");
	if (dr.nask > 0) {
		printf("\nThis host lacks something SkyFox needs.  Send your host "
		    "this:\n\n");
		for (int i = 0; i < dr.nask; i++)
			printf("  %s\n", dr.ask[i]);
		putchar('\n');
	} else if (dr.fails == 0)
		printf("Nothing is missing: this host can run SkyFox.\n");
	printf("%d problem%s, %d warning%s\n", dr.fails, dr.fails == 1 ? "" : "s",
	    dr.warns, dr.warns == 1 ? "" : "s");
	return dr.fails > 0 ? 1 : 0;
}
