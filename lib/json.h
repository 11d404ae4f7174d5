/* json — bounded parsing and typed access over cJSON.
 *
 * cJSON itself does not validate UTF-8 and allows 1000 levels of nesting;
 * json_parse_body (and json_parse_object) checks both first, so a hostile
 * body costs at most one linear scan, and refuses strings holding U+0000
 * (cJSON would cut them short).
 *
 * Form and multipart bodies are turned into JSON objects of strings by the
 * request parser, so handlers see one shape of input.  Those strings are
 * marked as form text (JSON_FORM_TEXT, a type bit cJSON ignores): only they
 * may be read as numbers or booleans.  In a JSON body an amount, an id or a
 * count must be a JSON integer — {"amount":"500"} is refused, not read as
 * ₹5.00. */
#ifndef SKYFOX_JSON_H
#define SKYFOX_JSON_H

#include <stddef.h>
#include <cjson/cJSON.h>

#define JSON_MAX_DEPTH	16
/* 2^53 - 1: beyond it a double no longer tells neighbours apart, so
 * 9007199254740993 would silently read as ...992. */
#define JSON_MAX_INT	9007199254740991LL

enum json_err {
	JSON_OK = 0,
	JSON_BAD_UTF8,
	JSON_TOO_DEEP,
	JSON_SYNTAX,
	JSON_NOT_OBJECT,
	JSON_NUL_CHAR		/* a string holds U+0000 */
};

/* Set on strings that came from a form field (request.c): text that the
 * getters may read as a number or a boolean.  Above cJSON's own flags
 * (which end at 512); cJSON's type checks mask with 0xFF. */
#define JSON_FORM_TEXT	(1 << 12)
/* Longest field path json_parse_body reports ("card.name"). */
#define JSON_FIELD_MAX	48

/* Parse a request body that must be a JSON object. */
cJSON		*json_parse_object(const char *s, size_t n, enum json_err *);
/* The same; for JSON_NUL_CHAR, field (fieldsz bytes, may be NULL) gets the
 * keys leading to the string, joined by dots. */
cJSON		*json_parse_body(const char *s, size_t n, enum json_err *,
		    char *field, size_t fieldsz);
const char	*json_strerror(enum json_err);

/* Typed getters.  Each returns 1 when key is present with a usable value,
 * 0 when absent (or JSON null), -1 when present but of the wrong type.
 * json_get_int takes a JSON integer (within ±2^53), or form text that is
 * exactly a decimal integer; json_get_bool a JSON boolean, or form text
 * "true"/"on"/"1"/"false"/"0". */
int		 json_get_str(const cJSON *, const char *key, const char **out);
int		 json_get_int(const cJSON *, const char *key, long long *out);
int		 json_get_bool(const cJSON *, const char *key, int *out);
/* The same reads of one item (an array element); NULL or JSON null is 0. */
int		 json_item_int(const cJSON *, long long *out);
/* Add a form field's text: a string marked JSON_FORM_TEXT. */
cJSON		*json_add_form_text(cJSON *, const char *key, const char *s);

/* Append the compact text of item to b: the same bytes as
 * cJSON_PrintUnformatted, written straight into the response buffer.
 * cJSON formats every number with "%1.15g" and reads it back to check it;
 * a response is mostly integers (ids, paise, seconds), which this writes
 * directly.  Returns 0, or -1 for a tree cJSON could not print either
 * (an invalid item type); b may then hold part of the text. */
struct buf;
int		 json_write(struct buf *b, const cJSON *item);

/* Add an integer exactly (money, ids: always below 2^53). */
cJSON		*json_add_int(cJSON *, const char *key, long long);
/* Add a string, or null when s is NULL. */
cJSON		*json_add_str(cJSON *, const char *key, const char *s);
/* Add a time as ISO 8601 in the cinema's zone (clock_iso8601), or null
 * when t <= 0 (a time that has not happened: "confirmed_at": null). */
cJSON		*json_add_time(cJSON *, const char *key, long long t);

#endif
