/* rotation — which backup archives to keep (skyfoxctl backup prunes with
 * it after each backup it names itself).
 *
 * An archive is a file named exactly skyfox-YYYYMMDD-HHMMSS.tar.gz (UTC);
 * no other name is ever chosen for deletion: not a FILE the sysadmin named,
 * not an old-style skyfox-*.db backup, not a .part of a backup under way.
 * Kept: the newest `hourly` archives, and the newest archive of each of the
 * `daily` most recent days that have one (UTC days; counting days with a
 * backup, not calendar days, so a site that was down for a month still
 * keeps `daily` days of history).  A pure function, for the tests. */
#ifndef SKYFOX_ROTATION_H
#define SKYFOX_ROTATION_H

#define ROTATION_NAME_LEN	29	/* strlen("skyfox-20260101-000000.tar.gz") */

/* 1 when name is an archive's name (digits of a real date and time). */
int	 rotation_name_ok(const char *name);
/* del[i] = 1 for each of names[0..n) to delete, else 0.  Any order; n
 * names may include anything.  0, or -1 when out of memory (nothing
 * marked). */
int	 rotation_select(const char *const *names, int n, int hourly,
	    int daily, int *del);

#endif
