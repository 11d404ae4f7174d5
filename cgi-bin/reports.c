/* reports.cgi — the admin's revenue figures and bookings export.
 *
 *   GET /api/reports/revenue?group=&month=&year=&movie_id=&slot_id=&genre=
 *   GET /api/reports/bookings.csv?month=&year=&movie_id=&slot_id=&genre=
 *
 * Admin only (staff and customers 403, anonymous 401).  Validation, SQL,
 * grouping and CSV writing live in lib/report.c. */
#include "app.h"
#include "auth.h"
#include "clock.h"
#include "report.h"

static int
get_revenue(struct ctx *c)
{
	struct report_query q = {
		req_query(&c->req, "group"), req_query(&c->req, "month"),
		req_query(&c->req, "year"), req_query(&c->req, "movie_id"),
		req_query(&c->req, "slot_id"), req_query(&c->req, "genre"),
	};
	struct report_filter f;
	struct report r;
	char	 today[11];
	sqlite3	*db;
	int	 rc;

	if (report_filter_parse(&q, &f, &c->err) == -1)
		return ctx_fail_fields(c, "check the report filters");
	if ((db = ctx_db(c)) == NULL)
		return -1;
	clock_date(c->now, today);
	if ((rc = report_revenue(db, &f, today, &r)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	if ((rc = report_booked_ahead(db, &r, today)) != SQLITE_OK) {
		report_free(&r);
		return ctx_fail_db(c, rc);
	}
	rc = ctx_ok(c, 200, report_to_json(&r, c->conf.currency));
	report_free(&r);
	return rc;
}

static int
get_bookings_csv(struct ctx *c)
{
	/* The dashboard's filters (its grouping is only how it adds up). */
	struct report_query q = { NULL, req_query(&c->req, "month"),
	    req_query(&c->req, "year"), req_query(&c->req, "movie_id"),
	    req_query(&c->req, "slot_id"), req_query(&c->req, "genre") };
	struct report_filter f;
	char	 name[40], disp[80];
	sqlite3	*db;
	int	 rc;

	if (report_filter_parse(&q, &f, &c->err) == -1)
		return ctx_fail_fields(c, "check the export filters");
	if ((db = ctx_db(c)) == NULL)
		return -1;
	/* Built straight into the response body: no second copy of a large
	 * export. */
	buf_reset(&c->resp.body);
	rc = report_bookings_csv(db, &f, &c->resp.body);
	if (rc == SQLITE_TOOBIG) {
		buf_free(&c->resp.body);
		err_field(&c->err, f.year ? "month" : "year", "more than %d "
		    "bookings: export one %s at a time", REPORT_CSV_MAX_ROWS,
		    f.year ? "month" : "year");
		return ctx_fail_fields(c, "the export is too large");
	}
	if (rc != SQLITE_OK)
		return ctx_fail_db(c, rc);
	c->resp.status = 200;
	c->resp.content_type = "text/csv; charset=utf-8";
	report_csv_filename(&f, name, sizeof(name));
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", name);
	resp_header(&c->resp, "Content-Disposition", disp);
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/revenue", ROLE_ADMIN, get_revenue },
	{ "GET", "/bookings.csv", ROLE_ADMIN, get_bookings_csv },
};

int
main(void)
{
	static const struct app app = { "reports", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
