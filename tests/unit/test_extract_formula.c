/* test_extract_formula.c - a disputed score the year-average formula
 * settles (extract_formula_settle, ocr/extract_formula.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract_int.h"

/* A subject row HK1 / HK2 / CN with their confidences. */
static void row(hb_subject *s, const char *h1, int c1, const char *h2, int c2,
                const char *cn, int c3)
{
    assert_int_equal(record_field_set(&s->hk1, h1), 0);
    assert_int_equal(record_field_set(&s->hk2, h2), 0);
    assert_int_equal(record_field_set(&s->cn, cn), 0);
    s->hk1.conf = c1;
    s->hk2.conf = c2;
    s->cn.conf = c3;
}

static hb_subject *new_row(hb_record **r)
{
    *r = record_new();
    assert_non_null(*r);
    hb_subject *s = record_add_subject(*r, "TOAN", "Toán");
    assert_non_null(s);
    return s;
}

/* The case it is for: HK2 "7.5" chosen by the ink against the digit
 * engine's "7.9" (read twice); 7.2 and 7.4 read surely.  (7.2 + 15) / 3 =
 * 7.4 holds; (7.2 + 15.8) / 3 = 7.67 does not: the paper has chosen. */
static void formula_settles_a_disputed_term(void **state)
{
    (void)state;
    hb_record *r;
    hb_subject *s = new_row(&r);
    row(s, "7.2", 90, "7.5", 45, "7.4", 88);
    const hb_cell_votes v[3] = { { 0, "" }, { 0, "7.9" }, { 0, "" } };
    assert_int_equal(extract_formula_settle(s, v), 1);
    assert_int_equal(s->hk2.conf, CONF_REVIEW);
    assert_int_equal(s->hk1.conf, 90); /* the sure cells untouched */
    assert_int_equal(s->cn.conf, 88);
    assert_false(s->hk2.review);
    record_free(r);
}

/* The formula fixes HK1 only to about three tenths: 7.3 in place of 7.2
 * gives (7.3 + 15) / 3 = 7.43, still 7.4.  It cannot choose between them,
 * and the cell stays doubtful. */
static void no_choice_within_the_formulas_window(void **state)
{
    (void)state;
    hb_record *r;
    hb_subject *s = new_row(&r);
    row(s, "7.2", 40, "7.5", 90, "7.4", 90);
    const hb_cell_votes v[3] = { { 0, "7.3" }, { 0, "" }, { 0, "" } };
    assert_int_equal(extract_formula_settle(s, v), 0);
    assert_int_equal(s->hk1.conf, 40);
    /* an alternative far enough away is ruled out: settled */
    const hb_cell_votes far[3] = { { 0, "7.7 9.2" }, { 0, "" }, { 0, "" } };
    assert_int_equal(extract_formula_settle(s, far), 1);
    assert_int_equal(s->hk1.conf, CONF_REVIEW);
    record_free(r);
}

/* A term cell read low by one reader alone: a value no reader proposed
 * may still lie in the formula's window, so it stays.  Read alike by both
 * models (one of them unsure), it is settled; the year average is fixed
 * by the terms alone and is settled either way. */
static void a_term_needs_the_readers_evidence(void **state)
{
    (void)state;
    hb_record *r;
    hb_subject *s = new_row(&r);
    row(s, "6.8", 30, "8.1", 95, "7.7", 95);
    assert_int_equal(extract_formula_settle(s, NULL), 0);
    const hb_cell_votes alone[3] = { { 0, "" }, { 1, "" }, { 1, "" } };
    assert_int_equal(extract_formula_settle(s, alone), 0);
    assert_int_equal(s->hk1.conf, 30);
    const hb_cell_votes agreed[3] = { { 1, "" }, { 0, "" }, { 0, "" } };
    assert_int_equal(extract_formula_settle(s, agreed), 1);
    assert_int_equal(s->hk1.conf, CONF_REVIEW);
    row(s, "6.8", 95, "8.1", 95, "7.7", 30);
    assert_int_equal(extract_formula_settle(s, NULL), 1);
    assert_int_equal(s->cn.conf, CONF_REVIEW);
    record_free(r);
}

/* What the formula cannot vouch for: two doubtful cells, a formula that
 * does not hold, an other cell read below 75, a cell already sent to a
 * person for another reason, a cell unread. */
static void nothing_settled_on_weak_ground(void **state)
{
    (void)state;
    hb_record *r;
    hb_subject *s = new_row(&r);
    const hb_cell_votes alts[3] = { { 0, "" }, { 0, "7.9" }, { 0, "" } };
    row(s, "7.2", 50, "7.5", 45, "7.4", 90); /* two doubtful */
    assert_int_equal(extract_formula_settle(s, alts), 0);
    row(s, "7.2", 90, "7.5", 45, "7.6", 90); /* formula broken */
    assert_int_equal(extract_formula_settle(s, alts), 0);
    row(s, "7.2", 70, "7.5", 45, "7.4", 90); /* 7.2 not sure enough */
    assert_int_equal(extract_formula_settle(s, alts), 0);
    row(s, "7.2", 90, "7.5", 45, "7.4", 90);
    assert_int_equal(record_field_flag(&s->hk2, "glyphs"), 0);
    assert_int_equal(extract_formula_settle(s, alts), 0);
    assert_int_equal(s->hk2.conf, 45);
    record_free(r);
    s = new_row(&r);
    row(s, "7.2", 90, "", 0, "7.4", 90);
    assert_int_equal(extract_formula_settle(s, alts), 0);
    record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formula_settles_a_disputed_term),
        cmocka_unit_test(no_choice_within_the_formulas_window),
        cmocka_unit_test(a_term_needs_the_readers_evidence),
        cmocka_unit_test(nothing_settled_on_weak_ground),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
