/*
 * json.h - reading the review server's request bodies (Jansson).
 *
 * A body is one JSON object whose members each have one type and bounded
 * strings: a client (or an attacker with a session) must not be able to
 * pass a number where text is expected, a megabyte of "name", two "rev"
 * members of which different layers would read different ones, or text
 * that is not UTF-8.  Jansson checks UTF-8 and refuses "\u0000" in
 * strings; the duplicate check is asked for (JSON_REJECT_DUPLICATES).
 *
 * Strings returned by the getters point into the object: they live as long
 * as the object does.
 */
#ifndef HB_REVIEW_JSON_H
#define HB_REVIEW_JSON_H

#include <stddef.h>

#include <jansson.h>

/* What a getter found. */
enum {
    REVIEW_J_OK = 0,
    REVIEW_J_ABSENT = 1,   /* not there (or null, for an optional member) */
    REVIEW_J_BAD = -1,     /* there but of the wrong type: 400 */
    REVIEW_J_LONG = -2     /* a string over its bound: 422 */
};

/* The body as an object, or NULL (not JSON, duplicate keys, not an
 * object, nested deeper than 32). */
json_t *review_json_parse(const char *buf, size_t len);

/* REVIEW_J_BAD naming the first member of `o` that is not in the
 * NULL-terminated list `allowed` (its name in *bad), else REVIEW_J_OK. */
int review_json_only(json_t *o, const char *const *allowed, const char **bad);

/* Member `key` as a string of at most `max` bytes.  A null member counts
 * as absent. */
int review_json_string(json_t *o, const char *key, size_t max,
                       const char **out);

/* Member `key` as an integer within [min, max] (REVIEW_J_BAD outside). */
int review_json_int(json_t *o, const char *key, long long min, long long max,
                    long long *out);

/* Member `key` as true/false. */
int review_json_bool(json_t *o, const char *key, int *out);

/* Member `key` as an array of at most `max_items` strings of at most
 * `max_len` bytes each: *out is a new array (free() it; the strings belong
 * to `o`), *n its length.  REVIEW_J_BAD also on allocation failure. */
int review_json_strings(json_t *o, const char *key, size_t max_items,
                        size_t max_len, const char ***out, size_t *n);

/* A JSON string for `s`, null for NULL (or for text that is not UTF-8,
 * which the workspace never stores).  Never NULL: json_null() cannot
 * fail. */
json_t *review_json_str(const char *s);

/* Appends `v` (consumed, may be NULL) to array `a`: -1 when `v` is NULL
 * or the append fails. */
int review_json_push(json_t *a, json_t *v);

#endif
