/*
 * deadline.h - what is still missing for the Ministry's sync deadlines
 * (`hocba queue --deadline`).
 *
 * The học bạ số of a school year YYYY-(YYYY+1) must reach the Ministry's
 * database by 25 June YYYY+1 for students who completed the year, and by
 * 10 August YYYY+1 for the rest (students who repeat the year, or whose
 * result waits on summer re-tests or training: "kiểm tra lại / rèn luyện
 * trong hè") and for corrections (a version that replaces a revoked one).
 *
 * The unit is the student-year record (MA_HO_SO), judged by its latest
 * version: issued means done; anything else (draft, in review, approved,
 * signed but not issued, revoked without an issued replacement) is
 * missing.  Whether the student completed the year is read from LEN_LOP
 * ("Được lên lớp", "Hoàn thành chương trình lớp 3", "Ở lại lớp",
 * "Kiểm tra lại trong hè", "Chưa hoàn thành …"); a record whose LEN_LOP is
 * empty or unrecognised is counted against the earlier deadline, so that
 * the clerk is warned too early rather than too late.
 */
#ifndef HB_DEADLINE_H
#define HB_DEADLINE_H

#include <stdio.h>

#include "err.h"
#include "workspace.h"

typedef enum hb_deadline_kind {
    HB_DL_COMPLETED = 0, /* 25/6: the student completed the year */
    HB_DL_REST,          /* 10/8: the rest, and corrections */
    HB_DL_COUNT
} hb_deadline_kind;

typedef struct hb_deadline_item {
    char *id;
    int version;
    char *student;   /* LY_LICH/HO_TEN, may be NULL */
    hb_rstate state;
    int correction;  /* version > 1 or THAY_THE set */
} hb_deadline_item;

typedef struct hb_deadline_due {
    char date[11];   /* ISO, e.g. "2024-06-25" */
    long days_left;  /* from today; negative when overdue */
    hb_deadline_item *missing;
    size_t n_missing;
} hb_deadline_due;

typedef struct hb_deadline_year {
    char year[16];   /* NAM_HOC */
    int records;     /* student-year records (latest versions) */
    int issued;
    hb_deadline_due due[HB_DL_COUNT];
} hb_deadline_year;

typedef struct hb_deadline_report {
    char today[11];
    hb_deadline_year *years;   /* sorted by year */
    size_t n_years;
    int no_year;               /* records without a valid NAM_HOC */
} hb_deadline_report;

/* Which deadline a LEN_LOP text belongs to (see above). */
hb_deadline_kind deadline_kind_of(const char *len_lop);

/* Days from 1970-01-01 of an ISO date "YYYY-MM-DD"; -1 (and no change to
 * *days) when it is not a valid date. */
int deadline_parse_date(const char *iso, long *days);

/* The report for `today` ("YYYY-MM-DD"; NULL: the local date now).  Free
 * with deadline_report_free. */
int deadline_report(hb_ws *w, const char *today, hb_deadline_report *r,
                    hb_err *e);
void deadline_report_free(hb_deadline_report *r);

/* Prints the report: text for a clerk (Vietnamese with English in
 * brackets) or, with json set, one JSON object. */
int deadline_print(hb_ws *w, const char *today, int json, FILE *out,
                   hb_err *e);

#endif
