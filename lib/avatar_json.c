/* avatar_json — a photo's signed link as the API shows it; see avatar.h.
 * Apart from avatar.c so that a program that only sweeps photos
 * (cron/sweep-avatars) does not link cJSON: a static library brings in a
 * whole object for any one symbol of it. */
#include "avatar.h"
#include "json.h"

cJSON *
avatar_json(const struct avatar_link *l)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_str(o, "url", l->url);
	json_add_time(o, "expires_at", (long long)l->expires_at);
	return o;
}
