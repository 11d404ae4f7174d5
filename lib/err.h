/* err — an error as a value: HTTP status, API code, message, failing fields.
 *
 * Handlers fill one of these and return; app.c is the one place that turns it
 * into the JSON error envelope of DESIGN §8 with the request id. */
#ifndef SKYFOX_ERR_H
#define SKYFOX_ERR_H

#define ERR_MAX_FIELDS	16

struct err_field {
	char	 field[48];
	char	 message[160];
};

struct err {
	int		 status;	/* 0: no error */
	const char	*code;		/* "SEATS_UNAVAILABLE": a string literal */
	char		 message[512];	/* > MAINTENANCE_MSG_MAX */
	struct err_field fields[ERR_MAX_FIELDS];
	int		 nfields;
};

void	 err_set(struct err *, int status, const char *code, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* Record a failing field; extra ones beyond ERR_MAX_FIELDS are dropped. */
void	 err_field(struct err *, const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* 1 when err_field was called for field. */
int	 err_has_field(const struct err *, const char *field);
#define ERR_STATUS_MAX	599
/* The standard reason phrase of status, or NULL for a status this site
 * does not send (the response writer then sends 500). */
const char *err_status_text(int status);

#endif
