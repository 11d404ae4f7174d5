/* config — skyfox.conf, "key = value" lines, read on every request.
 *
 * The file is found through $SKYFOX_CONF.  Each module reads its own keys
 * with conf_get/conf_int, giving its default beside the call, so adding a
 * setting touches only the module that uses it (and the documented example
 * in INSTALL).  Keys every request needs are parsed once into fields.
 * Unknown keys are kept and ignored; a malformed line is an error, so a typo
 * never silently falls back to a default. */
#ifndef SKYFOX_CONFIG_H
#define SKYFOX_CONFIG_H

#define CONF_MAX_ENTRIES	64

struct conf_entry {
	char	 key[48];
	char	 value[464];
};

struct conf {
	char		 path[512];
	struct conf_entry v[CONF_MAX_ENTRIES];
	int		 n;
	/* Parsed once; used by nearly every request. */
	const char	*db_path;
	const char	*data_dir;
	const char	*timezone;	/* default Asia/Kolkata */
	const char	*currency;	/* default INR */
	const char	*cinema_name;
	long long	 clock_offset;	/* seconds added to the wall clock */
};

/* Load path; when path is NULL, conf_find()'s file.  0 or -1 with why in
 * errbuf. */
int		 conf_load(struct conf *, const char *path, char *errbuf, size_t);
/* Which configuration a program uses when it is given none: $SKYFOX_CONF,
 * else data/skyfox.conf of the release bundle this program belongs to
 * (<bundle>/data/skyfox.conf, found from /proc/self/exe one or two folders
 * up: skyfox/bin/skyfoxctl, skyfox/cron/…, skyfox/public_html/api-bin/…).
 * The second is what a shared host's suEXEC leaves a CGI with: it strips
 * every environment variable it does not know, SetEnv'd ones included.
 * 0 with the path in out, or -1 (why in out). */
int		 conf_find(char *out, size_t n);
/* Parse conf text directly (tests). */
int		 conf_parse(struct conf *, const char *text, char *errbuf, size_t);
const char	*conf_get(const struct conf *, const char *key, const char *dflt);
long long	 conf_int(const struct conf *, const char *key, long long dflt);
/* conf_int held within [min, max]: a setting of 0 or 10^9 for a limit
 * means its nearest sane value, never an unbounded or empty limit. */
int		 conf_int_in(const struct conf *, const char *key, int dflt,
		    int min, int max);

#endif
