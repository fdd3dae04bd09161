/*
 * rules_internal.h - helpers shared by the rules_*.c files (not public).
 *
 * Parsing here is strict on purpose: the rules judge the *stored* value,
 * which extraction has already normalised (decimal point, ISO dates,
 * canonical level words).  Anything else is a format error for a person to
 * look at, never something the rules silently reinterpret.
 */
#ifndef HB_RULES_INTERNAL_H
#define HB_RULES_INTERNAL_H

#include "catalog.h"
#include "err.h"
#include "record.h"

/* Nonzero when the field holds a non-empty value. */
int rules_has(const hb_field *f);

/* record_field_flag, turning an allocation failure into an hb_err. */
int rules_flag(hb_field *f, const char *reason, hb_err *e);

/* Integer from a string of ASCII digits only (no sign, no space, at most 9
 * digits); -1 when it is not one. */
long rules_digits(const char *s);

/* A KTĐK test score "1".."10"; -1 otherwise. */
int rules_test_score(const char *s);

/* An ISO date YYYY-MM-DD that exists in the calendar (1900-2100); 0 on
 * success, -1 otherwise.  Any of the out pointers may be NULL. */
int rules_parse_date(const char *s, int *y, int *m, int *d);

/* NAM_HOC "YYYY-YYYY" with the second year one more than the first; the
 * first year, or -1. */
int rules_nam_hoc_start(const char *s);

/* The grade of a class "8A", "10A1", "12 Văn": 1-12, or -1 when the value
 * does not start with a grade number followed by the end or a non-digit. */
int rules_lop_grade(const char *s);

/* Nonzero when s is exactly one of the canonical words of vs. */
int rules_in_set(hb_valueset vs, const char *s);

/* Index of s in catalog_values[vs] (exact), or -1. */
int rules_set_index(hb_valueset vs, const char *s);

/* Lower case with the diacritics kept (NFC): "NGUYỄN" and "Nguyễn" agree,
 * "Nguyễn" and "Nguyên" do not.  Newly allocated; NULL on failure. */
char *rules_casefold(const char *s);

/* The school level of the record: primary (tiểu học, TT27 / TT30: subjects
 * given levels) or secondary (THCS / THPT, TT58 / TT22: scores and
 * comments).  From the family; when it was not read, from the class's
 * grade, else from CAP_HOC; RULES_LEVEL_UNKNOWN when none says. */
typedef enum rules_level {
    RULES_LEVEL_UNKNOWN,
    RULES_LEVEL_PRIMARY,
    RULES_LEVEL_SECONDARY
} rules_level;
rules_level rules_school_level(const hb_record *r);

#endif
