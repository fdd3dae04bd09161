/* test_extract_hint.c - a year the book's other years describe
 * (extract_hint_years, ocr/extract.c): handwritten school years and classes
 * the readers could not make out get their hints from the years around;
 * and a reading's own doubt is kept by its field (extract_put). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "extract_int.h"

/* Three years in page order, the middle one's header unread: its school
 * year is the one between, its grade the one between. */
static void middle_year_from_neighbours(void **state)
{
    (void)state;
    int start[] = { 2021, 0, 2023 }, grade[] = { 10, 0, 12 };
    hb_year_hint h[3];
    extract_hint_years(start, grade, 3, h);
    assert_int_equal(h[1].start, 2022);
    assert_int_equal(h[1].grade, 11);
    /* a year that read its own school year gets no school-year hint */
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[2].start, 0);
}

/* The first year unread: counted back from the nearest year that read. */
static void first_year_counted_back(void **state)
{
    (void)state;
    int start[] = { 0, 0, 2024 }, grade[] = { 0, 0, 9 };
    hb_year_hint h[3];
    extract_hint_years(start, grade, 3, h);
    assert_int_equal(h[0].start, 2022);
    assert_int_equal(h[0].grade, 7);
    assert_int_equal(h[1].start, 2023);
    assert_int_equal(h[1].grade, 8);
}

/* A year that read its school year but not a usable class ("1œ" read as
 * grade 1 on a secondary form) still gets the grade its year implies. */
static void grade_hint_beside_a_read_year(void **state)
{
    (void)state;
    int start[] = { 2022, 2023 }, grade[] = { 1, 11 };
    hb_year_hint h[2];
    extract_hint_years(start, grade, 2, h);
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[0].grade, 10);
    assert_int_equal(h[1].grade, 2); /* hints are hints: the reading wins */
}

/* Nothing read anywhere, or only one year: no hint; a grade out of 1-12
 * is none. */
static void no_hint_without_evidence(void **state)
{
    (void)state;
    int start[] = { 0, 0 }, grade[] = { 0, 0 };
    hb_year_hint h[2];
    extract_hint_years(start, grade, 2, h);
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[0].grade, 0);
    assert_int_equal(h[1].start, 0);
    int s1[] = { 2020 }, g1[] = { 5 };
    extract_hint_years(s1, g1, 1, h);
    assert_int_equal(h[0].start, 0);
    assert_int_equal(h[0].grade, 0);
    int s2[] = { 2020, 2021 }, g2[] = { 12, 0 };
    extract_hint_years(s2, g2, 2, h);
    assert_int_equal(h[1].grade, 0); /* grade 13 does not exist */
}

/* School years read in part: the plausible year of the two tells. */
static void school_year_read_in_part(void **state)
{
    (void)state;
    assert_int_equal(extract_partial_start("202-2022"), 2021);  /* end read */
    assert_int_equal(extract_partial_start("2922-2023"), 2022); /* start garbled */
    assert_int_equal(extract_partial_start("2019-20"), 2019);   /* end cut short */
    assert_int_equal(extract_partial_start("2021 - 2022"), 2021);
    /* two years that contradict each other, or nothing to go by */
    assert_int_equal(extract_partial_start("2022-2005"), 0);
    assert_int_equal(extract_partial_start("202-29272"), 0);
    assert_int_equal(extract_partial_start("2022"), 0);
    assert_int_equal(extract_partial_start("--3"), 0);
    assert_int_equal(extract_partial_start(""), 0);
    assert_int_equal(extract_partial_start(NULL), 0);
    assert_int_equal(extract_partial_start("1850-1851"), 0);
}

/* A reading's own doubt becomes the field's: a class with fewer characters
 * than glyphs is flagged "glyphs" however confident the readers were, so
 * that another page reading it alike (extract.c's vote) cannot clear it. */
static void glyph_doubt_goes_to_review(void **state)
{
    (void)state;
    hb_field f = { 0 };
    hb_reading rd = { .value = "6N", .raw = "6N", .conf = 80,
                      .flags = HB_RD_GLYPHS };
    assert_int_equal(extract_put(&f, &rd, 2), 0);
    assert_string_equal(f.value, "6N");
    assert_true(f.review);
    assert_non_null(strstr(f.reason, "glyphs"));
    record_field_reset(&f);

    hb_field g = { 0 };
    rd.flags = 0;
    assert_int_equal(extract_put(&g, &rd, 2), 0);
    assert_false(g.review);
    record_field_reset(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(school_year_read_in_part),
        cmocka_unit_test(glyph_doubt_goes_to_review),
        cmocka_unit_test(middle_year_from_neighbours),
        cmocka_unit_test(first_year_counted_back),
        cmocka_unit_test(grade_hint_beside_a_read_year),
        cmocka_unit_test(no_hint_without_evidence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
