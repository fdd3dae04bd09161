/*
 * test_rules_structure.c - the rules that catch what reading gets wrong
 * about the structure of a page (pipeline/rules_structure.c, and the
 * `empty` check on rows of unknown kind in rules_format.c).
 *
 * Each test starts from a consistent record (the samples of
 * record_sample.c), damages it the way a reader that put a column in the
 * wrong place would, and checks the complete list of flags of the rule
 * concerned.  Clean records, the three samples and synthetic books of
 * every family (also with the family made unknown), must raise none of
 * these flags: a false alarm costs a reviewer's look on every record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "record_sample.h"
#include "rules.h"
#include "synth.h"

#define SUBJ(code, leaf) "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[" code "]/" leaf

static void set(hb_field *f, const char *v)
{
    assert_int_equal(record_field_set(f, v), 0);
}

static hb_subject *subj(hb_record *r, const char *code)
{
    hb_subject *s = record_find_subject(r, code);
    assert_non_null(s);
    return s;
}

/* ---- listing the flags: rules_flags.h --------------------------------- */

#include "rules_flags.h"

/* What a column flag looks like: "path reason\n" for every present cell of
 * the term columns in `cols` (a string of 1 HOC_KY_1, 2 HOC_KY_2, 3 CA_NAM,
 * 4 KTDK_1, 5 KTDK_2), in document order. */
static char want[32768];

static const char *column_lines(hb_record *r, const char *cols,
                                const char *reason)
{
    static const char *const leaf[] = { "HOC_KY_1", "HOC_KY_2", "CA_NAM",
                                        "KTDK_1", "KTDK_2" };
    want[0] = '\0';
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        hb_field *f[] = { &s->hk1, &s->hk2, &s->cn, &s->ktdk1, &s->ktdk2 };
        for (int c = 0; c < 5; c++) {
            if (!strchr(cols, '1' + c) || !f[c]->value)
                continue;
            size_t n = strlen(want);
            snprintf(want + n, sizeof want - n,
                     "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[%s]/%s %s\n",
                     s->code ? s->code : s->name, leaf[c], reason);
        }
    }
    return want;
}

static void check_listing(hb_record *r, const char *expected)
{
    if (strcmp(flags(r), expected) != 0)
        fail_msg("got:\n%s\nwanted:\n%s", listing, expected);
}

/* Nonzero when any field of r carries one of the codes. */
static const char *const structure_codes[] = { "rule:columns", "rule:kind",
                                               "rule:rows", "empty",
                                               "not-found", NULL };

static int has_structure_code(const char *path, hb_field *f, void *ctx)
{
    (void)ctx;
    for (size_t i = 0; structure_codes[i]; i++)
        if (record_field_has_reason(f, structure_codes[i])) {
            fprintf(stderr, "unexpected: %s %s (value '%s')\n", path,
                    f->reason, f->value ? f->value : "(absent)");
            return 1;
        }
    return 0;
}

static void assert_no_structure_flag(hb_record *r)
{
    run(rules_check_record, r);
    assert_int_equal(record_visit_fields(r, 1, has_structure_code, NULL), 0);
}

/* The values of the term cells of every row, as (HK1, HK2, CN) -> the
 * columns reordered: dst[k] takes the value of column src[k]. */
static void reorder(hb_subject *s, const int src[3])
{
    hb_field *f[] = { &s->hk1, &s->hk2, &s->cn };
    char *v[3];
    for (int k = 0; k < 3; k++)
        v[k] = f[k]->value ? strdup(f[k]->value) : NULL;
    for (int k = 0; k < 3; k++)
        assert_int_equal(record_field_set(f[k], v[src[k]]), 0);
    for (int k = 0; k < 3; k++)
        free(v[k]);
}

/* ---- no false alarms -------------------------------------------------- */

static void samples_raise_no_structure_flag(void **state)
{
    (void)state;
    hb_record *(*make[])(void) = { record_sample_tt58, record_sample_tt22,
                                   record_sample_tt27 };
    for (size_t i = 0; i < 3; i++) {
        hb_record *r = make[i]();
        assert_non_null(r);
        assert_no_structure_flag(r);
        record_free(r);
        /* the same record with its family not read */
        r = make[i]();
        set(&r->year.che_do, "");
        assert_no_structure_flag(r);
        record_free(r);
        /* ... nor its class, nor its level: nothing but the table */
        r = make[i]();
        set(&r->year.che_do, "");
        set(&r->year.lop, "");
        set(&r->year.cap_hoc, "");
        run(rules_check_kind, r);
        run(rules_check_column_order, r);
        run(rules_check_column_twice, r);
        run(rules_check_column_empty, r);
        assert_int_equal(record_visit_fields(r, 1, has_structure_code, NULL), 0);
        record_free(r);
    }
}

static void synthetic_books_raise_no_structure_flag(void **state)
{
    (void)state;
    static const struct {
        hb_family fam;
        int grade;
    } books[] = {
        { HB_FAMILY_TT58, 6 }, { HB_FAMILY_TT58, 10 }, { HB_FAMILY_TT22, 6 },
        { HB_FAMILY_TT22, 10 }, { HB_FAMILY_TT27, 1 }, { HB_FAMILY_TT27, 3 },
        { HB_FAMILY_UNKNOWN, 7 },
    };
    size_t checked = 0;
    for (unsigned seed = 1; seed <= 12; seed++) {
        for (size_t b = 0; b < sizeof books / sizeof *books; b++) {
            hb_record *recs[3];
            size_t n = synth_book(seed * 31 + (unsigned)b, books[b].fam,
                                  books[b].grade, 3, recs);
            for (size_t k = 0; k < n; k++) {
                hb_record *copy = record_clone(recs[k]);
                assert_non_null(copy);
                assert_no_structure_flag(recs[k]);
                set(&copy->year.che_do, ""); /* the family not read */
                assert_no_structure_flag(copy);
                record_free(copy);
                record_free(recs[k]);
                checked++;
            }
        }
    }
    assert_true(checked > 100);
}

/* ---- columns in the wrong order --------------------------------------- */

static void columns_swapped_hk1_hk2(void **state)
{
    (void)state;
    static const int swap12[3] = { 1, 0, 2 };
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    /* Every row but Toán and Tin học read with HK I and HK II swapped, the
     * comment subjects too (their cells are in the same columns). */
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (strcmp(s->code, "TOAN") != 0 && strcmp(s->code, "TINHOC") != 0)
            reorder(s, swap12);
    }
    hb_record *damaged = record_clone(r);
    assert_non_null(damaged);
    run(rules_check_column_order, r);
    check_listing(r, column_lines(r, "12", "rule:columns"));
    record_free(r);

    /* In the whole run the comment subjects' cells, which rule 1 cannot
     * see, carry the column flag alone. */
    run(rules_check_record, damaged);
    hb_field *f = record_find_field(damaged, SUBJ("THEDUC", "HOC_KY_1"));
    assert_non_null(f);
    assert_string_equal(f->reason, "rule:columns");
    f = record_find_field(damaged, SUBJ("TOAN", "HOC_KY_2"));
    assert_non_null(f);
    assert_string_equal(f->reason, "rule:columns");
    f = record_find_field(damaged, SUBJ("VATLI", "CA_NAM"));
    assert_non_null(f);
    assert_string_equal(f->reason, "rule:ca-nam");
    record_free(damaged);
}

static void columns_swapped_hk2_cn_and_rotated(void **state)
{
    (void)state;
    static const int swap23[3] = { 0, 2, 1 };
    hb_record *r = record_sample_tt22();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++)
        reorder(&r->year.subjects[i], swap23);
    run(rules_check_column_order, r);
    /* every row, the unknown "Tiếng Hàn" and the comment subjects too */
    check_listing(r, column_lines(r, "23", "rule:columns"));
    record_free(r);

    /* all three roles shifted by one: read (CN, HK1, HK2) */
    static const int rotated[3] = { 2, 0, 1 };
    r = record_sample_tt58();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++)
        reorder(&r->year.subjects[i], rotated);
    run(rules_check_column_order, r);
    check_listing(r, column_lines(r, "123", "rule:columns"));
    record_free(r);
}

/* Arithmetic slips and misreads in a correctly placed table: rule 1 flags
 * their rows, the columns stay unaccused. */
static void column_order_tolerates_slips(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    /* Toán 7.2 / 7.8 -> 7.6: written 7.4, which is what HK I and HK II
     * swapped would give; Vật lí 6.8 / 7.4 -> 7.2 written 7.0, likewise */
    set(&subj(r, "TOAN")->cn, "7.4");
    set(&subj(r, "VATLI")->cn, "7.0");
    run(rules_check_column_order, r);
    check_listing(r, "");
    /* a third such row, but eight rows the reading as is explains */
    set(&subj(r, "HOAHOC")->cn, "6.7"); /* 6.5 / 7.0 -> 6.8; swapped 6.7 */
    run(rules_check_column_order, r);
    check_listing(r, "");
    record_free(r);

    /* Too few score rows to tell (two swapped, none else): no flag. */
    r = record_sample_tt58();
    assert_non_null(r);
    static const int swap12[3] = { 1, 0, 2 };
    size_t kept = 0;
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (!strcmp(s->code, "TOAN") || !strcmp(s->code, "VATLI"))
            reorder(s, swap12);
        else if (rules_score_tenths(s->hk1.value) >= 0) {
            set(&s->hk1, ""); /* not read: no evidence either way */
            kept++;
        }
    }
    assert_int_equal(kept, 9);
    run(rules_check_column_order, r);
    check_listing(r, "");
    record_free(r);
}

/* ---- one column read twice -------------------------------------------- */

static void column_read_twice(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    /* the HK II column read again as CA_NAM */
    for (size_t i = 0; i < r->year.n_subjects; i++)
        set(&r->year.subjects[i].cn, r->year.subjects[i].hk2.value);
    run(rules_check_column_twice, r);
    check_listing(r, column_lines(r, "23", "rule:columns"));
    record_free(r);

    /* HK I read for HK II, one row differing (a box a little off) */
    r = record_sample_tt22();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++)
        set(&r->year.subjects[i].hk2, r->year.subjects[i].hk1.value);
    set(&subj(r, "TOAN")->hk2, "8.0");
    run(rules_check_column_twice, r);
    check_listing(r, column_lines(r, "12", "rule:columns"));
    record_free(r);
}

/* A steady student: every subject the same in both semesters and the
 * year.  The columns agree everywhere, and rightly. */
static void identical_columns_of_a_steady_student(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (rules_score_tenths(s->hk1.value) < 0)
            continue;
        set(&s->hk2, s->hk1.value);
        set(&s->cn, s->hk1.value);
    }
    run(rules_check_column_twice, r);
    run(rules_check_column_order, r);
    check_listing(r, "");
    record_free(r);
}

/* ---- a column read empty ---------------------------------------------- */

static void column_read_empty(void **state)
{
    (void)state;
    /* TT58: the HK II column lost.  Its cells are required (each flagged
     * `empty` too); the column flag says why. */
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++)
        set(&r->year.subjects[i].hk2, "");
    run(rules_check_column_empty, r);
    check_listing(r, column_lines(r, "2", "rule:columns"));
    record_free(r);

    /* TT27: the mid-year level column and the first test column read
     * empty.  Neither is required cell by cell, so before this rule the
     * draft lost them without a flag. */
    r = record_sample_tt27();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        set(&s->hk1, "");
        if (s->ktdk1.value)
            set(&s->ktdk1, "");
    }
    run(rules_check_record, r);
    check_listing(r, column_lines(r, "14", "rule:columns"));
    record_free(r);

    /* Handwriting the reader could not read is ink, not a blank column:
     * extraction leaves such a cell empty and flagged `format`. */
    r = record_sample_tt27();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++) {
        hb_subject *s = &r->year.subjects[i];
        if (!s->ktdk1.value)
            continue;
        set(&s->ktdk1, "");
        assert_int_equal(record_field_flag(&s->ktdk1, "format"), 0);
    }
    run(rules_check_column_empty, r);
    check_listing(r, column_lines(r, "4", "format"));
    record_free(r);

    /* A few cells blank in a full column: those cells, not the column. */
    r = record_sample_tt58();
    assert_non_null(r);
    set(&subj(r, "TOAN")->hk2, "");
    set(&subj(r, "THEDUC")->hk2, "");
    run(rules_check_column_empty, r);
    check_listing(r, "");
    run(rules_check_empty, r);
    check_listing(r, SUBJ("TOAN", "HOC_KY_2") " empty\n"
                     SUBJ("THEDUC", "HOC_KY_2") " empty\n");
    record_free(r);
}

/* ---- a column slid by a row ------------------------------------------- */

static void column_slid_by_a_row(void **state)
{
    (void)state;
    /* TT58: the CA_NAM column matched one row down (each row holds the
     * year average of the subject above it; the first row's is lost to
     * the header and the last row's value is the one below the table) */
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    hb_year *y = &r->year;
    char *prev = NULL;
    for (size_t i = 0; i < y->n_subjects; i++) {
        hb_subject *s = &y->subjects[i];
        char *mine = s->cn.value ? strdup(s->cn.value) : NULL;
        set(&s->cn, prev ? prev : "");
        free(prev);
        prev = mine;
    }
    free(prev);
    run(rules_check_row_slide, r);
    /* the score rows' CA_NAM cells, each read as a score */
    want[0] = '\0';
    for (size_t i = 0; i < y->n_subjects; i++) {
        hb_subject *s = &y->subjects[i];
        if (rules_score_tenths(s->hk1.value) < 0 ||
            rules_score_tenths(s->hk2.value) < 0 ||
            rules_score_tenths(s->cn.value) < 0)
            continue;
        size_t n = strlen(want);
        snprintf(want + n, sizeof want - n, "THONG_TIN_HOC_BA/BANG_DIEM/"
                 "DIEM_TONG_KET[%s]/CA_NAM rule:rows\n", s->code);
    }
    assert_true(strlen(want) > 0);
    char expected[sizeof want];
    memcpy(expected, want, sizeof want);
    check_listing(r, expected);
    record_free(r);

    /* the table as read: nothing */
    r = record_sample_tt58();
    run(rules_check_row_slide, r);
    check_listing(r, "");
    record_free(r);
}

/* ---- a test column read from elsewhere -------------------------------- */

static void test_column_in_untested_rows(void **state)
{
    (void)state;
    /* seed 9023: the first KTĐK column read from another column of the
     * page, "7" in every row, the level-only subjects' rows too.  The
     * tested subjects' 7s look like any test score; only the untested
     * rows give the column away, and the whole column is flagged. */
    hb_record *r = record_sample_tt27();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++)
        set(&r->year.subjects[i].ktdk1, "7");
    run(rules_check_column_tests, r);
    check_listing(r, column_lines(r, "4", "rule:columns"));
    record_free(r);

    /* the same with the family not read: the class says primary */
    r = record_sample_tt27();
    set(&r->year.che_do, "");
    set(&subj(r, "DAODUC")->ktdk2, "9");
    set(&subj(r, "AMNHAC")->ktdk2, "8");
    run(rules_check_column_tests, r);
    check_listing(r, column_lines(r, "5", "rule:columns"));
    record_free(r);

    /* one stray mark in a blank cell: that cell alone */
    r = record_sample_tt27();
    set(&subj(r, "GDTC")->ktdk1, "1");
    run(rules_check_column_tests, r);
    check_listing(r, SUBJ("GDTC", "KTDK_1") " rule:columns\n");
    record_free(r);

    /* untested rows present but blank, as extraction leaves them: nothing */
    r = record_sample_tt27();
    set(&subj(r, "DAODUC")->ktdk1, "");
    set(&subj(r, "HDTN")->ktdk1, "");
    run(rules_check_column_tests, r);
    check_listing(r, "");
    record_free(r);
}

/* ---- a row half read -------------------------------------------------- */

static void row_half_read_of_unknown_kind(void **state)
{
    (void)state;
    /* The family not read: the row's cells are still required once the
     * row is used. */
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    set(&r->year.che_do, "");
    set(&subj(r, "TOAN")->hk2, "");
    set(&subj(r, "THEDUC")->cn, "");
    hb_subject *s = record_add_subject(r, NULL, "Tiếng Hàn");
    assert_non_null(s);
    set(&s->hk1, "");
    set(&s->hk2, "");
    set(&s->cn, ""); /* an elective not taken: quiet */
    run(rules_check_empty, r);
    check_listing(r, SUBJ("TOAN", "HOC_KY_2") " empty\n"
                     SUBJ("THEDUC", "CA_NAM") " empty\n");
    record_free(r);

    /* A row the family does not know, half read: flagged unknown-subject
     * for its values, and empty where the rest of the row is missing. */
    r = record_sample_tt22();
    assert_non_null(r);
    set(&subj(r, "Tiếng Hàn")->hk2, "");
    run(rules_check_empty, r);
    check_listing(r, SUBJ("Tiếng Hàn", "HOC_KY_2") " empty\n");
    record_free(r);

    /* Primary, family not read: the year-end level and the year-end test
     * of a tested row; the mid-year level is not required. */
    r = record_sample_tt27();
    assert_non_null(r);
    set(&r->year.che_do, "");
    set(&subj(r, "TOAN")->ktdk2, "");
    set(&subj(r, "DAODUC")->cn, "");
    set(&subj(r, "AMNHAC")->hk1, "");
    run(rules_check_empty, r);
    check_listing(r, SUBJ("TOAN", "KTDK_2") " empty\n"
                     SUBJ("DAODUC", "CA_NAM") " empty\n");
    record_free(r);
}

/* ---- the kind of a value ---------------------------------------------- */

static void kind_in_a_known_family(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    set(&subj(r, "TOAN")->cn, "Đ");
    set(&subj(r, "THEDUC")->hk2, "8.0");
    run(rules_check_record, r);
    check_listing(r, SUBJ("TOAN", "CA_NAM") " format rule:kind\n"
                     SUBJ("THEDUC", "HOC_KY_2") " format rule:kind\n");
    record_free(r);

    /* Not a value of the other kind, only a misread one: format alone. */
    r = record_sample_tt58();
    assert_non_null(r);
    set(&subj(r, "TOAN")->cn, "7.6|");
    set(&subj(r, "THEDUC")->hk2, "Dat!");
    run(rules_check_kind, r);
    check_listing(r, "");
    record_free(r);

    /* TT27: a test score in the level column, a level in the test one. */
    r = record_sample_tt27();
    assert_non_null(r);
    set(&subj(r, "TOAN")->cn, "10");
    set(&subj(r, "TIENGVIET")->ktdk2, "Hoàn thành tốt");
    run(rules_check_kind, r);
    check_listing(r, SUBJ("TIENGVIET", "KTDK_2") " rule:kind\n"
                     SUBJ("TOAN", "CA_NAM") " rule:kind\n");
    record_free(r);
}

static void kind_when_the_family_is_unknown(void **state)
{
    (void)state;
    /* The class says secondary: Toán is scored there, Thể dục never. */
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    set(&r->year.che_do, "");
    set(&subj(r, "TOAN")->cn, "Đạt");
    set(&subj(r, "THEDUC")->hk1, "7.5");
    /* a row the catalogue does not know, mixing: the level is the odd one */
    hb_subject *s = record_add_subject(r, NULL, "Tiếng Hàn");
    assert_non_null(s);
    set(&s->hk1, "8.0");
    set(&s->hk2, "Đạt");
    set(&s->cn, "8.3");
    /* ... and one where scores and levels are as many: both */
    s = record_add_subject(r, NULL, "Nghề phổ thông");
    assert_non_null(s);
    set(&s->hk1, "Đạt");
    set(&s->hk2, "");
    set(&s->cn, "7.0");
    run(rules_check_kind, r);
    check_listing(r, SUBJ("TOAN", "CA_NAM") " rule:kind\n"
                     SUBJ("THEDUC", "HOC_KY_1") " rule:kind\n"
                     SUBJ("Tiếng Hàn", "HOC_KY_2") " rule:kind\n"
                     SUBJ("Nghề phổ thông", "HOC_KY_1") " rule:kind\n"
                     SUBJ("Nghề phổ thông", "CA_NAM") " rule:kind\n");
    record_free(r);

    /* Nothing says the level (no class, no CAP_HOC): Toán can be scored
     * or given a level, and the column's other rows are scores. */
    r = record_sample_tt58();
    assert_non_null(r);
    set(&r->year.che_do, "");
    set(&r->year.lop, "");
    set(&r->year.cap_hoc, "");
    set(&subj(r, "TOAN")->hk1, "Hoàn thành tốt");
    run(rules_check_kind, r);
    check_listing(r, SUBJ("TOAN", "HOC_KY_1") " rule:kind\n");
    record_free(r);

    /* A primary page whose family was not read: levels in the level
     * columns, also for a row the catalogue does not know. */
    r = record_sample_tt27();
    assert_non_null(r);
    set(&r->year.che_do, "");
    set(&subj(r, "TOAN")->cn, "8.5");
    s = record_add_subject(r, NULL, "Tiếng Thái");
    assert_non_null(s);
    set(&s->hk1, "Hoàn thành");
    set(&s->cn, "9");
    run(rules_check_kind, r);
    check_listing(r, SUBJ("TOAN", "CA_NAM") " rule:kind\n"
                     SUBJ("Tiếng Thái", "CA_NAM") " rule:kind\n");
    record_free(r);
}

/* The family not read on a primary page (class 3A): the year's overall
 * result is a primary word ("Hoàn thành"), not a TT22 one. */
static void primary_result_when_the_family_is_unknown(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt27();
    assert_non_null(r);
    set(&r->year.che_do, "");
    run(rules_check_format, r);
    check_listing(r, "");
    set(&r->year.ket_qua_hoc_tap.cn, "Khá"); /* a secondary word */
    run(rules_check_format, r);
    check_listing(r, "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/KET_QUA_HOC_TAP/CA_NAM format\n");
    record_free(r);
}

/* ---- rule zero -------------------------------------------------------- */

static void structure_rules_flag_never_change(void **state)
{
    (void)state;
    static const int swap12[3] = { 1, 0, 2 };
    hb_record *r = record_sample_tt58();
    assert_non_null(r);
    for (size_t i = 0; i < r->year.n_subjects; i++)
        reorder(&r->year.subjects[i], swap12);
    set(&subj(r, "TOAN")->cn, "Đạt");
    set(&r->year.che_do, "");
    hb_record *before = record_clone(r);
    assert_non_null(before);
    run(rules_check_record, r);
    char first[sizeof listing];
    snprintf(first, sizeof first, "%s", flags(r));
    assert_non_null(strstr(first, "rule:columns"));
    assert_non_null(strstr(first, "rule:kind"));
    run(rules_check_record, r);
    assert_string_equal(flags(r), first);
    record_visit_fields(r, 1, same_value, before);
    record_free(before);
    record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(samples_raise_no_structure_flag),
        cmocka_unit_test(synthetic_books_raise_no_structure_flag),
        cmocka_unit_test(columns_swapped_hk1_hk2),
        cmocka_unit_test(columns_swapped_hk2_cn_and_rotated),
        cmocka_unit_test(column_order_tolerates_slips),
        cmocka_unit_test(column_read_twice),
        cmocka_unit_test(identical_columns_of_a_steady_student),
        cmocka_unit_test(column_read_empty),
        cmocka_unit_test(test_column_in_untested_rows),
        cmocka_unit_test(column_slid_by_a_row),
        cmocka_unit_test(row_half_read_of_unknown_kind),
        cmocka_unit_test(kind_in_a_known_family),
        cmocka_unit_test(kind_when_the_family_is_unknown),
        cmocka_unit_test(primary_result_when_the_family_is_unknown),
        cmocka_unit_test(structure_rules_flag_never_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
