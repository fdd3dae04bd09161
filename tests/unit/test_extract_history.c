/* test_extract_history.c - the schooling history a draft must hold
 * (extract_expect_history, ocr/extract_history.c): a lost table, a lost
 * row, a lost column come out present, empty and flagged; a misread year
 * is not taken for a lost row. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "extract_int.h"

/* A book of `n` year records, school years from `first` on. */
static void make_book(hb_record **r, size_t n, int first)
{
    for (size_t k = 0; k < n; k++) {
        r[k] = record_new();
        assert_non_null(r[k]);
        char y[16];
        snprintf(y, sizeof y, "%d-%d", first + (int)k, first + (int)k + 1);
        assert_int_equal(record_field_set(&r[k]->year.nam_hoc, y), 0);
        r[k]->year.nam_hoc.conf = 95;
    }
}

/* A history row read whole (every leaf at 90, unflagged). */
static void add_row(hb_record *r, const char *year, const char *lop)
{
    hb_history *h = record_add_history(r);
    assert_non_null(h);
    const char *v[] = { year, lop, "THCS Lê Lợi", "12/2022", "" };
    int k = 0;
    for (const hb_leaf *l = record_history_leaves; l->tag; l++, k++) {
        assert_int_equal(record_field_set(HB_FIELD_AT(h, l), v[k]), 0);
        HB_FIELD_AT(h, l)->conf = 90;
    }
}

static void free_book(hb_record **r, size_t n)
{
    for (size_t k = 0; k < n; k++)
        record_free(r[k]);
}

/* Every leaf of row i is present, empty and flagged. */
static void assert_row_lost(const hb_record *r, size_t i)
{
    for (const hb_leaf *l = record_history_leaves; l->tag; l++) {
        const hb_field *f = HB_FIELD_AT(&r->student.history[i], l);
        assert_non_null(f->value);
        assert_string_equal(f->value, "");
        assert_true(f->review);
        assert_string_equal(f->reason, "not-found");
    }
}

/* The table not found (a degraded scan, seed 739): a row per year of the
 * book in each record, for a person to fill in; was no row at all. */
static void lost_table(void **state)
{
    (void)state;
    hb_record *r[2];
    make_book(r, 2, 2023);
    assert_int_equal(extract_expect_history(r, 2), 0);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(r[k]->student.n_history, 2);
        assert_row_lost(r[k], 0);
        assert_row_lost(r[k], 1);
    }
    free_book(r, 2);
}

/* A middle row lost: put back between its neighbours, which are left as
 * they were read. */
static void lost_row_at_its_place(void **state)
{
    (void)state;
    hb_record *r[3];
    make_book(r, 3, 2022);
    for (int k = 0; k < 3; k++) {
        add_row(r[k], "2022-2023", "6A");
        add_row(r[k], "2024-2025", "8A");
    }
    assert_int_equal(extract_expect_history(r, 3), 0);
    for (int k = 0; k < 3; k++) {
        const hb_student *s = &r[k]->student;
        assert_int_equal(s->n_history, 3);
        assert_string_equal(s->history[0].nam_hoc.value, "2022-2023");
        assert_row_lost(r[k], 1);
        assert_string_equal(s->history[2].nam_hoc.value, "2024-2025");
        assert_string_equal(s->history[2].lop.value, "8A");
        assert_false(s->history[0].lop.review);
        assert_false(s->history[2].ngay_nhap_hoc.review);
    }
    free_book(r, 3);
}

/* A column whose heading was not read: its cells absent from every row;
 * present, empty and flagged now.  A cell read empty stays as read. */
static void lost_column(void **state)
{
    (void)state;
    hb_record *r[1];
    make_book(r, 1, 2023);
    add_row(r[0], "2023-2024", "4A");
    hb_field *f = &r[0]->student.history[0].so_dang_bo;
    record_field_reset(f);
    assert_null(f->value);
    assert_int_equal(extract_expect_history(r, 1), 0);
    assert_int_equal(r[0]->student.n_history, 1);
    f = &r[0]->student.history[0].so_dang_bo;
    assert_non_null(f->value);
    assert_string_equal(f->value, "");
    assert_true(f->review);
    /* read empty (a row that does not start at a new school): believed */
    assert_false(r[0]->student.history[0].ngay_nhap_hoc.review);
    free_book(r, 1);
}

/* As many rows as years, one year misread: no row was lost, none is
 * added.  Fewer rows than unnamed years: which was lost cannot be told,
 * so the lost ones go at the end. */
static void misread_year_is_not_a_lost_row(void **state)
{
    (void)state;
    hb_record *r[3];
    make_book(r, 3, 2022);
    add_row(r[0], "2022-2023", "6A");
    add_row(r[0], "2O23-2024", "7A");
    add_row(r[0], "2024-2025", "8A");
    add_row(r[1], "2022-2023", "6A");
    add_row(r[1], "2O23-2024", "7A");
    assert_int_equal(extract_expect_history(r, 3), 0);
    assert_int_equal(r[0]->student.n_history, 3);
    assert_false(r[0]->student.history[1].lop.review);
    assert_int_equal(r[1]->student.n_history, 3);
    assert_string_equal(r[1]->student.history[1].lop.value, "7A");
    assert_row_lost(r[1], 2);
    /* the third record read no history: three rows */
    assert_int_equal(r[2]->student.n_history, 3);
    free_book(r, 3);
}

/* Records whose school year was not read name no year to expect. */
static void unread_years_expect_nothing(void **state)
{
    (void)state;
    hb_record *r[1];
    make_book(r, 1, 2023);
    record_field_reset(&r[0]->year.nam_hoc);
    assert_int_equal(extract_expect_history(r, 1), 0);
    assert_int_equal(r[0]->student.n_history, 0);
    free_book(r, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lost_table),
        cmocka_unit_test(lost_row_at_its_place),
        cmocka_unit_test(lost_column),
        cmocka_unit_test(misread_year_is_not_a_lost_row),
        cmocka_unit_test(unread_years_expect_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
