/*
 * rules_flags.h - what the rules' tests share: running one rule, and every
 * flagged field of a record as text ("path reasons\n", document order), so
 * that a test asserts the exact set of flags a rule raised.
 * Include after <cmocka.h> and rules.h.
 */
#ifndef HB_TEST_RULES_FLAGS_H
#define HB_TEST_RULES_FLAGS_H

#include <stdio.h>
#include <string.h>

static inline void run(int (*rule)(hb_record *, hb_err *), hb_record *r)
{
    hb_err e;
    err_clear(&e);
    assert_int_equal(rule(r, &e), 0);
}

static char listing[32768];


static inline int collect(const char *path, hb_field *f, void *ctx)
{
    (void)ctx;
    if (!f->review && !f->reason)
        return 0;
    size_t n = strlen(listing);
    snprintf(listing + n, sizeof listing - n, "%s %s%s\n", path,
             f->reason ? f->reason : "", f->review ? "" : " (no review)");
    return 0;
}

/* Every flagged field as "path reasons\n", in document order. */
static inline const char *flags(hb_record *r)
{
    listing[0] = '\0';
    record_visit_fields(r, 1, collect, NULL);
    return listing;
}

/* record_visit_fields callback: the field at `path` of record `ctx` holds
 * the same value (rule zero: a rule flags, it never changes a value). */
static inline int same_value(const char *path, hb_field *f, void *ctx)
{
    hb_field *g = record_find_field(ctx, path);
    assert_non_null(g);
    if (f->value == NULL)
        assert_null(g->value);
    else
        assert_string_equal(f->value, g->value);
    return 0;
}

#endif
