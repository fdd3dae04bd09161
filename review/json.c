/* json.c - checked members of request bodies (see json.h). */
#include "json.h"

#include <stdlib.h>
#include <string.h>

/* Bodies are small flat objects; anything nested deeper is not ours and
 * would only cost stack and time. */
#define MAX_DEPTH 32

static int depth_ok(json_t *v, int depth)
{
    if (depth > MAX_DEPTH)
        return 0;
    if (json_is_object(v)) {
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m)
            if (!depth_ok(m, depth + 1))
                return 0;
    } else if (json_is_array(v)) {
        size_t i;
        json_t *m;
        json_array_foreach(v, i, m)
            if (!depth_ok(m, depth + 1))
                return 0;
    }
    return 1;
}

json_t *review_json_parse(const char *buf, size_t len)
{
    json_error_t err;
    if (!buf || len == 0)
        return NULL;
    json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    if (o && (!json_is_object(o) || !depth_ok(o, 0))) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

int review_json_only(json_t *o, const char *const *allowed, const char **bad)
{
    const char *k;
    json_t *m;
    json_object_foreach(o, k, m) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], k) != 0)
            i++;
        if (!allowed[i]) {
            *bad = k;
            return REVIEW_J_BAD;
        }
    }
    return REVIEW_J_OK;
}

int review_json_string(json_t *o, const char *key, size_t max,
                       const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return REVIEW_J_ABSENT;
    if (!json_is_string(v))
        return REVIEW_J_BAD;
    /* json_string_length counts bytes; strlen would stop at a NUL, which
     * the parser refuses anyway (no JSON_ALLOW_NUL). */
    size_t len = json_string_length(v);
    if (len != strlen(json_string_value(v)))
        return REVIEW_J_BAD;
    if (len > max)
        return REVIEW_J_LONG;
    *out = json_string_value(v);
    return REVIEW_J_OK;
}

int review_json_int(json_t *o, const char *key, long long min, long long max,
                    long long *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return REVIEW_J_ABSENT;
    if (!json_is_integer(v))
        return REVIEW_J_BAD;
    json_int_t i = json_integer_value(v);
    if (i < min || i > max)
        return REVIEW_J_BAD;
    *out = i;
    return REVIEW_J_OK;
}

int review_json_bool(json_t *o, const char *key, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return REVIEW_J_ABSENT;
    if (!json_is_boolean(v))
        return REVIEW_J_BAD;
    *out = json_is_true(v);
    return REVIEW_J_OK;
}

int review_json_strings(json_t *o, const char *key, size_t max_items,
                        size_t max_len, const char ***out, size_t *n)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    *n = 0;
    if (!v || json_is_null(v))
        return REVIEW_J_ABSENT;
    if (!json_is_array(v))
        return REVIEW_J_BAD;
    size_t count = json_array_size(v);
    if (count > max_items)
        return REVIEW_J_LONG;
    /* one slot more so that an empty list is still a real allocation */
    const char **list = calloc(count + 1, sizeof *list);
    if (!list)
        return REVIEW_J_BAD;
    for (size_t i = 0; i < count; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s) ||
            json_string_length(s) != strlen(json_string_value(s))) {
            free(list);
            return REVIEW_J_BAD;
        }
        if (json_string_length(s) > max_len) {
            free(list);
            return REVIEW_J_LONG;
        }
        list[i] = json_string_value(s);
    }
    *out = list;
    *n = count;
    return REVIEW_J_OK;
}

json_t *review_json_str(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

int review_json_push(json_t *a, json_t *v)
{
    if (!v)
        return -1;
    return json_array_append_new(a, v) == 0 ? 0 : -1;
}
