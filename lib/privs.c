/* privs — drop root to the data directory's owner; see privs.h. */
#include <grp.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "privs.h"

int
privs_become_owner_of(const char *path)
{
	struct stat st;

	if (geteuid() != 0 || stat(path, &st) == -1 || st.st_uid == 0)
		return 0;
	if (setgroups(0, NULL) == -1 || setgid(st.st_gid) == -1 ||
	    setuid(st.st_uid) == -1) {
		perror("skyfox: cannot drop privileges");
		return -1;
	}
	return 0;
}
