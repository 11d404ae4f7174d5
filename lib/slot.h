/* slot — the fixed daily time slots (DESIGN §7: Morning 08:30–11:30 …),
 * kept as minutes after the cinema's local midnight.  Which slots are free
 * on a screen and date is a question about shows: show_slots(). */
#ifndef SKYFOX_SLOT_H
#define SKYFOX_SLOT_H

#include <sqlite3.h>
#include <cjson/cJSON.h>

struct slot {
	long long	 id;
	char		 name[32];
	int		 start_min;
	int		 end_min;
};

/* SQLITE_ROW (found), SQLITE_DONE (no such slot) or an error. */
int	 slot_get(sqlite3 *, long long id, struct slot *);
/* All slots by start time, as slot_json objects. */
int	 slot_list(sqlite3 *, cJSON **out);
/* 510 → "08:30"; out holds 6 bytes. */
void	 slot_hhmm(int minutes, char out[6]);
/* {"id","name","start":"08:30","end":"11:30"} */
cJSON	*slot_json(const struct slot *);

#endif
