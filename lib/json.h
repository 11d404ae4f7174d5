/* json — bounded parsing and typed access over cJSON.
 *
 * cJSON itself does not validate UTF-8 and allows 1000 levels of nesting;
 * json_parse checks both first, so a hostile body costs at most one linear
 * scan.  The getters accept what a browser form would send too (numbers as
 * strings), because form and multipart bodies are turned into JSON objects of
 * strings by the request parser: handlers see one shape of input. */
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
	JSON_NOT_OBJECT
};

/* Parse a request body that must be a JSON object. */
cJSON		*json_parse_object(const char *s, size_t n, enum json_err *);
const char	*json_strerror(enum json_err);

/* Typed getters.  Each returns 1 when key is present with a usable value,
 * 0 when absent (or JSON null), -1 when present but of the wrong type. */
int		 json_get_str(const cJSON *, const char *key, const char **out);
int		 json_get_int(const cJSON *, const char *key, long long *out);
int		 json_get_bool(const cJSON *, const char *key, int *out);

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

#endif
