/*
 * test_spelling.c - the labelled values read from a known list
 * (ocr/spelling.c): the promotion line snapped to its phrase, or left for
 * a person when it could be two; occupations' blanks; the stray stop.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "spelling.h"
#include "text.h"

static hb_reading reading(const char *value, int conf)
{
    hb_reading rd;
    memset(&rd, 0, sizeof rd);
    rd.value = text_dup(value);
    assert_non_null(rd.value);
    rd.conf = conf;
    return rd;
}

static void len_lop_snaps_a_near_phrase(void **state)
{
    (void)state;
    /* a lost mark: the same letters as the phrase */
    hb_reading rd = reading("Duoc len lop", 95);
    spelling_snap_len_lop(&rd);
    assert_string_equal(rd.value, "Được lên lớp");
    assert_int_equal(rd.conf, 80);
    free(rd.value);

    /* a letter misread, far from every other phrase */
    rd = reading("2ược lên lớp", 90);
    spelling_snap_len_lop(&rd);
    assert_string_equal(rd.value, "Được lên lớp");
    assert_int_equal(rd.conf, 70);
    free(rd.value);

    /* read right: untouched, confidence kept */
    rd = reading("Hoàn thành chương trình lớp 3", 91);
    spelling_snap_len_lop(&rd);
    assert_string_equal(rd.value, "Hoàn thành chương trình lớp 3");
    assert_int_equal(rd.conf, 91);
    free(rd.value);
}

/* seed 108 book 10: the digit of "Hoàn thành chương trình lớp 1" lost.
 * As near lớp 1 as lớp 2, 3 and 4: the text stays as read (no guess) and
 * the confidence goes below review, so it is not a silent error. */
static void len_lop_lost_digit_goes_to_review(void **state)
{
    (void)state;
    hb_reading rd = reading("Hoàn thành chương trình lớp", 93);
    spelling_snap_len_lop(&rd);
    assert_string_equal(rd.value, "Hoàn thành chương trình lớp");
    assert_int_equal(rd.conf, 50);
    free(rd.value);

    /* far from every phrase: a written remark, left alone */
    rd = reading("Chuyển trường ngày 12/3", 88);
    spelling_snap_len_lop(&rd);
    assert_string_equal(rd.value, "Chuyển trường ngày 12/3");
    assert_int_equal(rd.conf, 88);
    free(rd.value);
}

static void occupation_blanks_and_final_stop(void **state)
{
    (void)state;
    hb_reading rd = reading("Ytá", 90);
    spelling_snap_occupation(&rd);
    assert_string_equal(rd.value, "Y tá");
    free(rd.value);
    rd = reading("Y tế", 90); /* not listed: as read */
    spelling_snap_occupation(&rd);
    assert_string_equal(rd.value, "Y tế");
    free(rd.value);

    rd = reading("Hà Nội.", 90);
    spelling_drop_final_stop(&rd);
    assert_string_equal(rd.value, "Hà Nội");
    free(rd.value);
    rd = reading("Hà Nội...", 90);
    spelling_drop_final_stop(&rd);
    assert_string_equal(rd.value, "Hà Nội...");
    free(rd.value);
    rd = reading(".", 90);
    spelling_drop_final_stop(&rd);
    assert_string_equal(rd.value, ".");
    free(rd.value);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(len_lop_snaps_a_near_phrase),
        cmocka_unit_test(len_lop_lost_digit_goes_to_review),
        cmocka_unit_test(occupation_blanks_and_final_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
