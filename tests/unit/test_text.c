#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static void normalize_composes_and_folds_space(void **state)
{
    (void)state;
    /* "Nguyễn" with e + combining circumflex + combining tilde (NFD-ish) */
    char *s = text_normalize("  Nguye\xcc\x82\xcc\x83n \t Văn\n A ");
    assert_non_null(s);
    assert_string_equal(s, "Nguyễn Văn A");
    free(s);
    assert_null(text_normalize("bad \xff utf8"));
}

static void fold_strips_marks_and_maps_d(void **state)
{
    (void)state;
    char *f = text_fold("Địa Lý");
    assert_string_equal(f, "dia ly");
    free(f);
    f = text_fold("\xc3\x90"); /* U+00D0, what OCR returns for Đ */
    assert_string_equal(f, "d");
    free(f);
    f = text_fold("Hoá học");
    char *g = text_fold("Hóa học");
    assert_string_equal(f, g);
    free(f);
    free(g);
}

static void distance_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(text_distance("Toán", "Toan"), 1);
    assert_int_equal(text_distance("", "abc"), 3);
    assert_int_equal(text_distance("Ngữ văn", "Ngữ văn"), 0);
    assert_int_equal(text_length("Ngữ"), 3);
}

/* What queue --json, the deadline report and the scorer write: a string a
 * JSON parser gives back unchanged, whatever a student's name or a file
 * name holds. */
/* A record path's last element: "/NHAN_XET" is not the end of
 * ".../NHAN_XET_GVCN", nor a longer tail the end of a shorter path. */
static void ends_with_matches_whole_tails(void **state)
{
    (void)state;
    assert_true(text_ends_with("LY_LICH/DAN_TOC", "/DAN_TOC"));
    assert_true(text_ends_with("X/NHAN_XET_GVCN", "/NHAN_XET_GVCN"));
    assert_false(text_ends_with("X/NHAN_XET_GVCN", "/NHAN_XET"));
    assert_false(text_ends_with("/TINH", "LY_LICH/TINH"));
    assert_true(text_ends_with("", ""));
}

static void json_string_escapes_quotes_backslash_and_controls(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    text_json_string(f, "Lê \"Út\" C:\\a\tb\n");
    fputc(' ', f);
    text_json_string(f, NULL);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "\"Lê \\\"Út\\\" C:\\\\a\\u0009b\\u000a\" \"\"");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalize_composes_and_folds_space),
        cmocka_unit_test(fold_strips_marks_and_maps_d),
        cmocka_unit_test(distance_counts_code_points),
        cmocka_unit_test(ends_with_matches_whole_tails),
        cmocka_unit_test(json_string_escapes_quotes_backslash_and_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
