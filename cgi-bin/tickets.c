/* tickets.cgi — a confirmed booking's ticket.
 *
 *   GET /api/tickets/<id>       the ticket as JSON, with its signed code
 *   GET /api/tickets/<id>.pdf   the one-page PDF (libharu)
 *   GET /api/tickets/<id>.png   the QR code alone (libpng)
 *   GET /api/tickets/<id>.svg   the QR code alone, as vectors
 *
 * Who: the booking's customer, staff, admin; anyone else 404
 * BOOKING_NOT_FOUND (ids cannot be probed).  Pending, expired or cancelled
 * bookings have no ticket: 409 INVALID_BOOKING_STATUS.
 *
 * Caching: the files are private (Cache-Control: private, no-cache) with a
 * strong ETag over everything they show, so a browser revalidates each time
 * and a 304 costs one database read, not a rendering.  Only this binary
 * links libharu, libqrencode and libpng. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "checkin.h"
#include "json.h"
#include "ticket.h"
#include "ticket_pdf.h"
#include "ticket_png.h"
#include "ticket_qr.h"
#include "ticketcode.h"

/* Why there is no ticket to show, as the API says it.  A message may use
 * the booking's id and status, in that order (%lld, %s). */
struct ticket_error {
	int		 status;
	const char	*code;
	const char	*message;
};

static const struct ticket_error ticket_errors[] = {
	[TICKET_NOT_FOUND] = { 404, "BOOKING_NOT_FOUND", "no such booking" },
	[TICKET_NOT_ISSUED] = { 409, "INVALID_BOOKING_STATUS",
	    "booking %lld is %s: a ticket exists once the booking is confirmed" },
};

/* The ticket of the booking in the path, or -1 with the error set. */
static int
load(struct ctx *c, struct ticket *t)
{
	const struct ticket_error *e;
	enum ticket_access a = TICKET_NOT_FOUND;
	long long id = ctx_arg_id(c, 0);
	sqlite3	*db;
	int	 rc, found = 0;

	memset(t, 0, sizeof(*t));
	if (id > 0) {
		if ((db = ctx_db(c)) == NULL)
			return -1;
		if ((rc = ticket_load(db, id, t, &found)) != SQLITE_OK)
			return ctx_fail_db(c, rc);
	}
	if (found)
		a = ticket_access(t, c->user.id,
		    (c->user.role & ROLES_STAFF) != 0);
	if (a == TICKET_OK)
		return 0;
	e = &ticket_errors[a];
	return ctx_fail(c, e->status, e->code, e->message, t->booking_id,
	    t->status);
}

static int
sign(struct ctx *c, const struct ticket *t, char code[TICKETCODE_MAX])
{
	unsigned char sk[KEYS_SIGN_SECRET_LEN];
	int	 rc;

	if (keys_load_ticket_secret(&c->conf, sk) == -1) {
		fprintf(stderr, "skyfox[%s] ticket signing key missing or "
		    "invalid; run skyfoxctl migrate\n", c->request_id);
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "tickets cannot be issued right now; try again later");
	}
	rc = ticketcode_make(sk, t->booking_id, code);
	sodium_memzero(sk, sizeof(sk));
	return rc == 0 ? 0 : ctx_fail(c, 500, "INTERNAL_ERROR",
	    "could not sign the ticket");
}

static char font_regular[600], font_bold[600];

static void
pdf_opts(const struct ctx *c, struct ticket_pdf_opts *o)
{
	o->cinema = c->conf.cinema_name;
	o->currency = c->conf.currency;
	o->font = ticket_pdf_font(conf_get(&c->conf, "ticket_font", NULL),
	    "DejaVuSans.ttf", TICKET_FONT_DEFAULT, font_regular,
	    sizeof(font_regular));
	o->font_bold = ticket_pdf_font(conf_get(&c->conf, "ticket_font_bold",
	    NULL), "DejaVuSans-Bold.ttf", TICKET_FONT_BOLD_DEFAULT, font_bold,
	    sizeof(font_bold));
	o->opens_minutes = checkin_opens_minutes(&c->conf);
}

/* Set the validators; 1 when the client's copy is current (304 sent). */
static int
fresh(struct ctx *c, const struct ticket *t, const char *code, const char *kind)
{
	struct ticket_pdf_opts o;
	char	 etag[TICKET_ETAG_LEN], extra[1400];
	const char *inm = c->req.if_none_match;

	pdf_opts(c, &o);
	snprintf(extra, sizeof(extra), "v1|%s|%s|%s|%s|%d", o.cinema,
	    o.currency, o.font, o.font_bold, o.opens_minutes);
	ticket_etag(t, code, kind, extra, etag);
	resp_header(&c->resp, "ETag", etag);
	resp_header(&c->resp, "Cache-Control", "private, no-cache");
	if (inm != NULL && (strstr(inm, etag) != NULL || strcmp(inm, "*") == 0)) {
		resp_empty(&c->resp, 304);
		return 1;
	}
	return 0;
}

static void
disposition(struct ctx *c, const char *how, long long id, const char *ext)
{
	char	 v[96];

	snprintf(v, sizeof(v), "%s; filename=\"skyfox-ticket-%lld.%s\"", how, id,
	    ext);
	resp_header(&c->resp, "Content-Disposition", v);
}

static int
get_pdf(struct ctx *c)
{
	struct ticket t;
	struct ticket_qr q;
	struct ticket_pdf_opts o;
	struct buf out = BUF_INIT;
	char	 code[TICKETCODE_MAX], why[200];
	int	 rc;

	if (load(c, &t) == -1 || sign(c, &t, code) == -1)
		return -1;
	if (fresh(c, &t, code, "pdf"))
		return 0;
	if (ticket_qr_encode(code, &q) == -1)
		return ctx_fail(c, 500, "INTERNAL_ERROR", "could not make the QR code");
	pdf_opts(c, &o);
	rc = ticket_pdf_render(&t, &q, &o, &out, why, sizeof(why));
	ticket_qr_free(&q);
	if (rc == -1) {
		buf_free(&out);
		fprintf(stderr, "skyfox[%s] ticket PDF: %s\n", c->request_id, why);
		return ctx_fail(c, 500, "INTERNAL_ERROR", "could not make the PDF");
	}
	disposition(c, "attachment", t.booking_id, "pdf");
	resp_bytes(&c->resp, 200, "application/pdf", out.data, out.len);
	buf_free(&out);
	return 0;
}

/* The QR alone: PNG (libpng) or SVG. */
static int
get_qr(struct ctx *c, int png)
{
	struct ticket t;
	struct ticket_qr q;
	struct buf out = BUF_INIT;
	char	 code[TICKETCODE_MAX];
	int	 rc = 0;

	if (load(c, &t) == -1 || sign(c, &t, code) == -1)
		return -1;
	if (fresh(c, &t, code, png ? "png" : "svg"))
		return 0;
	if (ticket_qr_encode(code, &q) == -1)
		return ctx_fail(c, 500, "INTERNAL_ERROR", "could not make the QR code");
	if (png)
		rc = ticket_png_render(&q, TICKET_PNG_SCALE, &out);
	else
		ticket_qr_svg(&q, &out);
	ticket_qr_free(&q);
	if (rc == -1 || !buf_ok(&out)) {
		buf_free(&out);
		return ctx_fail(c, 500, "INTERNAL_ERROR", "could not draw the QR code");
	}
	disposition(c, "inline", t.booking_id, png ? "png" : "svg");
	resp_bytes(&c->resp, 200, png ? "image/png" : "image/svg+xml", out.data,
	    out.len);
	buf_free(&out);
	return 0;
}

static int
get_png(struct ctx *c)
{
	return get_qr(c, 1);
}

static int
get_svg(struct ctx *c)
{
	return get_qr(c, 0);
}

/* The ticket as data: what the "my bookings" and ticket pages show, with
 * links to this binary's three files. */
static int
get_ticket(struct ctx *c)
{
	static const char *const files[] = { "pdf", "png", "svg" };
	struct ticket t;
	char	 code[TICKETCODE_MAX], key[16], url[64];
	long long opens, closes;
	cJSON	*d;

	if (load(c, &t) == -1 || sign(c, &t, code) == -1)
		return -1;
	checkin_window(t.starts_at, t.ends_at, checkin_opens_minutes(&c->conf),
	    &opens, &closes);
	d = ticket_json(&t, code, c->conf.currency, opens, closes);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(key, sizeof(key), "%s_url", files[i]);
		snprintf(url, sizeof(url), "/api/tickets/%lld.%s", t.booking_id,
		    files[i]);
		json_add_str(d, key, url);
	}
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "GET", "/:id.pdf", ROLES_USER, get_pdf },
	{ "GET", "/:id.png", ROLES_USER, get_png },
	{ "GET", "/:id.svg", ROLES_USER, get_svg },
	{ "GET", "/:id", ROLES_USER, get_ticket },
};

int
main(void)
{
	static const struct app app = { "tickets", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
