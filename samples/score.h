/*
 * score.h - how good are the drafts?  Compares the pipeline's drafts with
 * the ground truth leaf by leaf (the paths of record.md) and counts, per
 * kind of field and overall:
 *
 *   accuracy      the draft's value is the truth's (normalised text, exact)
 *   review rate   fields the draft flags (review="1"), right or wrong
 *   silent        wrong and not flagged: the number that matters most, a
 *                 wrong value nobody will look at
 *   caught        wrong and flagged: the review will fix it
 *   CER           character error rate on free text (Levenshtein / length)
 *
 * Counting conventions:
 *  - The truth decides which fields exist: every leaf present in the truth
 *    (value not NULL, "" included: an empty cell must be read as empty).
 *  - A leaf the draft does not have at all (or a whole subject row it
 *    missed) is *missing*: wrong, and silent, since no flag can be on it.
 *  - A truth record with no draft (file absent or unreadable) is *lost*:
 *    its fields count in the total and against accuracy, but not as silent
 *    errors: a record that was not produced is a visible failure the clerk
 *    sees in the batch, not a wrong value slipping through review.
 *  - Leaves in a draft that the truth does not have (a row invented from a
 *    smudge) are *extra*, reported apart with how many were unflagged;
 *    so are draft files no truth record pairs with (an invented year).
 */
#ifndef HB_SCORE_H
#define HB_SCORE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "record.h"

typedef enum score_kind {
    SCORE_KIND_SCORE,   /* 0.0-10.0 subject scores */
    SCORE_KIND_LEVEL,   /* closed sets: Đạt, Hoàn thành tốt, Giỏi, Nam, ... */
    SCORE_KIND_NAME,    /* people's names */
    SCORE_KIND_DATE,
    SCORE_KIND_INTEGER, /* KTĐK test scores, days absent */
    SCORE_KIND_TEXT,    /* free text: remarks (NHAN_XET*) */
    SCORE_KIND_OTHER,   /* header and the rest: class, school year, ... */
    SCORE_KIND_COUNT
} score_kind;

extern const char *const score_kind_names[SCORE_KIND_COUNT];

typedef struct score_counts {
    size_t fields;   /* truth leaves */
    size_t correct;
    size_t flagged;  /* review=1 in the draft */
    size_t caught;   /* wrong and flagged */
    size_t silent;   /* wrong (or missing) and not flagged */
    size_t missing;  /* absent from a present draft (part of silent) */
    size_t lost;     /* in records without a draft */
    size_t chars;       /* SCORE_KIND_TEXT: code points of the truth */
    size_t char_errors; /* SCORE_KIND_TEXT: edit distance to the reading */
} score_counts;

/* One wrong field, for --worst (silent) and --caught. */
typedef struct score_error {
    char *record; /* the truth file name (or the name given) */
    char *path;
    char *truth;
    char *read;   /* NULL when missing */
    score_kind kind;
} score_error;

typedef struct score_stats {
    score_counts kind[SCORE_KIND_COUNT];
    score_counts total;
    size_t records, records_lost;
    size_t drafts_unpaired; /* score_dirs: drafts no truth paired with */
    size_t extra, extra_unflagged;
    score_error *silent; /* every silent error, in the order met */
    size_t n_silent;
    score_error *caught; /* every wrong but flagged field, in the order met */
    size_t n_caught;
} score_stats;

void score_stats_init(score_stats *st);
void score_stats_free(score_stats *st);

/* The kind of the field at `path` of `truth` (its family decides whether a
 * subject's HOC_KY_1 is a score or a level). */
score_kind score_field_kind(const hb_record *truth, const char *path,
                            const char *value);

/* Adds one truth/draft pair to `st`.  `draft` NULL: the record was lost.
 * `name` labels silent errors (NULL: ""); both records are only read,
 * although the visiting API takes them non-const.  0, or -1 on allocation
 * failure. */
int score_compare(hb_record *truth, hb_record *draft, const char *name,
                  score_stats *st);

/* Every TRUTH_DIR/X.xml against DRAFT_DIR/X.xml (see score.c for the
 * multi-year names).  Warnings about unreadable drafts go to `log` (may be
 * NULL).  Fails (HB_EIO/HB_EFORMAT) when the truth cannot be read. */
int score_dirs(const char *truth_dir, const char *draft_dir, score_stats *st,
               FILE *log, hb_err *e);

/* Rates as fractions; 0 when there are no fields. */
double score_accuracy(const score_counts *c);
double score_review_rate(const score_counts *c);
double score_silent_rate(const score_counts *c);
double score_cer(const score_counts *c);

/* The human table, the JSON object (for the bench script), and the first
 * `n` silent errors. */
void score_print_table(const score_stats *st, FILE *out);
void score_print_json(const score_stats *st, size_t worst, FILE *out);
void score_print_worst(const score_stats *st, size_t n, FILE *out);
/* The first `n` wrong fields that were flagged (where accuracy is lost
 * without harm: the review fixes them). */
void score_print_caught(const score_stats *st, size_t n, FILE *out);

#endif
