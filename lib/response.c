/* response — building and writing the CGI response; see response.h. */
#include <string.h>
#include <strings.h>

#include "json.h"
#include "response.h"
#include "text.h"

int
resp_header(struct resp *r, const char *name, const char *value)
{
	if (!text_header_safe(name) || !text_header_safe(value) ||
	    strchr(name, ':') != NULL)
		return -1;
	if (strcasecmp(name, "Cache-Control") == 0)
		r->has_cache_control = 1;
	buf_printf(&r->headers, "%s: %s\r\n", name, value);
	return 0;
}

void
resp_bytes(struct resp *r, int status, const char *ct, const void *p, size_t n)
{
	r->status = status;
	r->content_type = ct;
	buf_reset(&r->body);
	buf_append(&r->body, p, n);
}

static void
set_json(struct resp *r, int status, cJSON *root)
{
	buf_reset(&r->body);
	if (json_write(&r->body, root) == -1 || !buf_ok(&r->body)) {
		buf_reset(&r->body);
		r->status = 500;
		r->content_type = "application/json";
		buf_puts(&r->body, "{\"error\":{\"code\":\"INTERNAL_ERROR\","
		    "\"message\":\"the response could not be written\","
		    "\"fields\":[]}}");
		return;
	}
	r->status = status;
	r->content_type = "application/json";
	buf_putc(&r->body, '\n');
}

void
resp_data(struct resp *r, int status, cJSON *data, const char *rid)
{
	cJSON	*root = cJSON_CreateObject();

	if (data == NULL)
		data = cJSON_CreateNull();
	cJSON_AddItemToObject(root, "data", data);
	cJSON_AddStringToObject(root, "request_id", rid);
	set_json(r, status, root);
	cJSON_Delete(root);
}

void
resp_error(struct resp *r, const struct err *e, const char *rid)
{
	resp_error_extra(r, e, rid, NULL);
}

void
resp_error_extra(struct resp *r, const struct err *e, const char *rid,
    cJSON *extra)
{
	cJSON	*root = cJSON_CreateObject();
	cJSON	*err = cJSON_AddObjectToObject(root, "error");
	cJSON	*fields = NULL, *m;

	cJSON_AddStringToObject(err, "code", e->code ? e->code : "INTERNAL_ERROR");
	cJSON_AddStringToObject(err, "message", e->message);
	fields = cJSON_AddArrayToObject(err, "fields");
	for (int i = 0; i < e->nfields; i++) {
		cJSON *f = cJSON_CreateObject();

		cJSON_AddStringToObject(f, "field", e->fields[i].field);
		cJSON_AddStringToObject(f, "message", e->fields[i].message);
		cJSON_AddItemToArray(fields, f);
	}
	cJSON_AddStringToObject(root, "request_id", rid);
	while (cJSON_IsObject(extra) && (m = extra->child) != NULL) {
		cJSON_DetachItemViaPointer(extra, m);
		if (m->string == NULL || strcmp(m->string, "error") == 0 ||
		    strcmp(m->string, "request_id") == 0)
			cJSON_Delete(m);
		else
			cJSON_AddItemToObject(root, m->string, m);
	}
	cJSON_Delete(extra);
	set_json(r, e->status ? e->status : 500, root);
	cJSON_Delete(root);
}

void
resp_empty(struct resp *r, int status)
{
	r->status = status;
	r->content_type = NULL;
	buf_reset(&r->body);
}

int
resp_write(struct resp *r, const char *rid, FILE *out)
{
	struct buf h = BUF_INIT;
	int	 status = r->status ? r->status : 500;
	int	 rc;

	if (err_status_text(status) == NULL) {
		/* A status without its standard phrase is a bug: say so in the
		 * log and send a well-formed 500, never "402 Status". */
		fprintf(stderr, "skyfox[%s] response status %d has no reason "
		    "phrase in lib/err.c\n", rid, status);
		status = 500;
		r->content_type = "application/json";
		buf_reset(&r->body);
		buf_puts(&r->body, "{\"error\":{\"code\":\"INTERNAL_ERROR\","
		    "\"message\":\"internal error\",\"fields\":[]}}\n");
	}
	buf_printf(&h, "Status: %d %s\r\n", status, err_status_text(status));
	if (r->content_type != NULL)
		buf_printf(&h, "Content-Type: %s\r\n", r->content_type);
	if (status != 304)
		buf_printf(&h, "Content-Length: %zu\r\n", r->body.len);
	buf_printf(&h, "X-Request-ID: %s\r\n", rid);
	buf_puts(&h, "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n");
	if (!r->has_cache_control)
		buf_puts(&h, "Cache-Control: no-store\r\n");
	buf_append(&h, r->headers.data, r->headers.len);
	buf_puts(&h, "\r\n");
	rc = fwrite(h.data, 1, h.len, out) == h.len ? 0 : -1;
	if (rc == 0 && r->body.len > 0 && status != 304 &&
	    fwrite(r->body.data, 1, r->body.len, out) != r->body.len)
		rc = -1;
	if (fflush(out) != 0)
		rc = -1;
	buf_free(&h);
	return rc;
}

void
resp_free(struct resp *r)
{
	buf_free(&r->headers);
	buf_free(&r->body);
}
