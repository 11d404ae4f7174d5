/* user — who a logged-in caller is: the roles of DESIGN §7 and the user a
 * session stands for.  Plain domain declarations, shared by the accounts
 * (account.h fills a struct user at login) and the request core (each
 * request's struct ctx holds one, which auth.h fills from the session), so
 * the domain never needs the request core's header. */
#ifndef SKYFOX_USER_H
#define SKYFOX_USER_H

/* Roles as bits, so a route can list who may call it (ROLES_*). */
#define ROLE_CUSTOMER	0x1
#define ROLE_STAFF	0x2
#define ROLE_ADMIN	0x4

struct user {
	long long	 id;
	char		 username[32];
	char		 name[80];
	int		 role;		/* one ROLE_* bit */
	long long	 token_version;
	int		 via_cookie;	/* 1: cookie session, CSRF applies */
};

/* "customer", "staff", "admin"; "none" for anything else. */
const char	*role_name(int role);
/* The ROLE_* bit of a role's name; 0 for an unknown one (or NULL). */
int		 role_from_name(const char *);

#endif
