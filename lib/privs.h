/* privs — command-line tools run as the web user.
 *
 * SQLite in WAL mode creates -wal and -shm files beside the database owned
 * by whoever opens it first; a root-owned -shm would lock the CGIs (which
 * run as www-data) out.  So skyfoxctl and the cron jobs, when started as
 * root, become the owner of the data directory before touching it. */
#ifndef SKYFOX_PRIVS_H
#define SKYFOX_PRIVS_H

/* When running as root and path is owned by another user, switch to that
 * user and group.  0 on success or when nothing was needed; -1 on failure. */
int	 privs_become_owner_of(const char *path);

#endif
