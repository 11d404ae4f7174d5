/* rotation — the keep-hourly, keep-daily choice; see rotation.h. */
#include <stdlib.h>
#include <string.h>

#include "rotation.h"
#include "text.h"

/* n digits at p, as a number within [lo, hi]; -1 otherwise. */
static int
digits(const char *p, int n, int lo, int hi)
{
	long long v;

	if (text_parse_intn(p, (size_t)n, lo, hi, &v) != TEXT_OK)
		return -1;
	return (int)v;
}

int
rotation_name_ok(const char *s)
{
	/* skyfox-YYYYMMDD-HHMMSS.tar.gz
	 * 0      7       15     22 */
	return strlen(s) == ROTATION_NAME_LEN &&
	    strncmp(s, "skyfox-", 7) == 0 && s[15] == '-' &&
	    strcmp(s + 22, ".tar.gz") == 0 &&
	    digits(s + 7, 4, 1970, 9999) != -1 &&
	    digits(s + 11, 2, 1, 12) != -1 && digits(s + 13, 2, 1, 31) != -1 &&
	    digits(s + 16, 2, 0, 23) != -1 && digits(s + 18, 2, 0, 59) != -1 &&
	    digits(s + 20, 2, 0, 60) != -1;
}

static const char *const *sort_names;

/* Newest first: the stamps are fixed-width, so names sort as times. */
static int
newest_first(const void *a, const void *b)
{
	return strcmp(sort_names[*(const int *)b], sort_names[*(const int *)a]);
}

int
rotation_select(const char *const *names, int n, int hourly, int daily,
    int *del)
{
	int	*idx, k = 0, days = 0;
	const char *day = NULL;

	for (int i = 0; i < n; i++)
		del[i] = 0;
	if (n <= 0)
		return 0;
	if ((idx = malloc((size_t)n * sizeof(*idx))) == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (rotation_name_ok(names[i]))
			idx[k++] = i;
	sort_names = names;
	qsort(idx, (size_t)k, sizeof(*idx), newest_first);
	for (int j = 0; j < k; j++) {
		const char *s = names[idx[j]];
		int	 new_day = day == NULL || strncmp(day, s + 7, 8) != 0;

		if (new_day) {
			day = s + 7;
			days++;
		}
		del[idx[j]] = !(j < hourly || (new_day && days <= daily));
	}
	free(idx);
	return 0;
}
