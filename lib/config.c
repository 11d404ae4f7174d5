/* config — skyfox.conf; see config.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "text.h"

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static void
finish(struct conf *c)
{
	c->db_path = conf_get(c, "db_path", "skyfox.db");
	c->data_dir = conf_get(c, "data_dir", ".");
	c->timezone = conf_get(c, "timezone", "Asia/Kolkata");
	c->currency = conf_get(c, "currency", "INR");
	c->cinema_name = conf_get(c, "cinema_name", "SkyFox Cinema");
	c->clock_offset = conf_int(c, "clock_offset", 0);
}

int
conf_parse(struct conf *c, const char *text, char *errbuf, size_t errsz)
{
	char	 line[600];
	int	 lineno = 0;
	const char *p = text;

	c->n = 0;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t	 len = nl ? (size_t)(nl - p) : strlen(p);
		char	*s, *eq, *k, *v;

		lineno++;
		if (len >= sizeof(line)) {
			snprintf(errbuf, errsz, "line %d too long", lineno);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl ? 1 : 0);
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			snprintf(errbuf, errsz, "line %d: expected key = value",
			    lineno);
			return -1;
		}
		*eq = '\0';
		k = trim(s);
		v = trim(eq + 1);
		if (*k == '\0' || strlen(k) >= sizeof(c->v[0].key) ||
		    strlen(v) >= sizeof(c->v[0].value)) {
			snprintf(errbuf, errsz, "line %d: key or value too long",
			    lineno);
			return -1;
		}
		if (c->n >= CONF_MAX_ENTRIES) {
			snprintf(errbuf, errsz, "too many settings");
			return -1;
		}
		snprintf(c->v[c->n].key, sizeof(c->v[c->n].key), "%s", k);
		snprintf(c->v[c->n].value, sizeof(c->v[c->n].value), "%s", v);
		c->n++;
	}
	finish(c);
	return 0;
}

int
conf_find(char *out, size_t n)
{
	const char *env = getenv("SKYFOX_CONF");
	char	 exe[900];
	ssize_t	 len;
	char	*slash;

	if (env != NULL && *env != '\0') {
		snprintf(out, n, "%s", env);
		return 0;
	}
	if ((len = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(out, n, "%s/../data/skyfox.conf", exe);
			if (access(out, F_OK) == 0)
				return 0;
			snprintf(out, n, "%s/../../data/skyfox.conf", exe);
			if (access(out, F_OK) == 0)
				return 0;
		}
	}
	snprintf(out, n, "SKYFOX_CONF is not set (and no data/skyfox.conf "
	    "beside the programs)");
	return -1;
}

int
conf_load(struct conf *c, const char *path, char *errbuf, size_t errsz)
{
	FILE	*f;
	char	 text[32768];
	size_t	 n;
	char	 found[sizeof(c->path)];

	if (path == NULL) {
		if (conf_find(found, sizeof(found)) == -1) {
			snprintf(errbuf, errsz, "%s", found);
			return -1;
		}
		path = found;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(errbuf, errsz, "cannot open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return conf_parse(c, text, errbuf, errsz);
}

const char *
conf_get(const struct conf *c, const char *key, const char *dflt)
{
	for (int i = c->n - 1; i >= 0; i--)	/* last one wins */
		if (strcmp(c->v[i].key, key) == 0)
			return c->v[i].value;
	return dflt;
}

long long
conf_int(const struct conf *c, const char *key, long long dflt)
{
	const char *v = conf_get(c, key, NULL);
	long long x;

	if (v == NULL)
		return dflt;
	/* Settings have always been read with strtoll, which takes "+5";
	 * an installed skyfox.conf may say so. */
	if (v[0] == '+' && v[1] != '-')
		v++;
	if (text_parse_int(v, LLONG_MIN, LLONG_MAX, &x) != TEXT_OK)
		return dflt;
	return x;
}

int
conf_int_in(const struct conf *c, const char *key, int dflt, int min, int max)
{
	long long n = conf_int(c, key, dflt);

	return n < min ? min : n > max ? max : (int)n;
}
