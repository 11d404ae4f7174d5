/* user — the roles' names; see user.h. */
#include <string.h>

#include "user.h"

const char *
role_name(int role)
{
	switch (role) {
	case ROLE_CUSTOMER:
		return "customer";
	case ROLE_STAFF:
		return "staff";
	case ROLE_ADMIN:
		return "admin";
	}
	return "none";
}

int
role_from_name(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "customer") == 0)
		return ROLE_CUSTOMER;
	if (strcmp(s, "staff") == 0)
		return ROLE_STAFF;
	if (strcmp(s, "admin") == 0)
		return ROLE_ADMIN;
	return 0;
}
