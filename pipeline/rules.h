/*
 * rules.h - the consistency rules of domain.md that flag fields for review.
 *
 * Rules only *flag* (record_field_flag with a reason code); they never change
 * a value.  When the paper itself is inconsistent, the reviewer keeps what
 * the paper says.  Which rules apply depends on the record's family.
 */
#ifndef HB_RULES_H
#define HB_RULES_H

#include <stddef.h>

#include "err.h"
#include "record.h"

/* Runs every per-record rule that applies to r's family (formats, CA_NAM
 * formula, comment values, Học lực / Kết quả học tập derivation, Danh hiệu,
 * grade vs level vs birth year, CCCD structure, expected-but-empty). */
int rules_check_record(hb_record *r, hb_err *e);

/* Header agreement across a book: name and birth date on every year record
 * must agree (diacritic-insensitive; edit distance <= 1 is a soft flag). */
int rules_check_book(hb_record **recs, size_t n, hb_err *e);

#endif
