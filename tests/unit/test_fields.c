/* test_fields.c - OCR text to record formats (ocr/fields.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

/* Asserts that parse `rc`/`out` gave OK and `want`, then frees out. */
#define EXPECT_OK(call, out, want)                                            \
    do {                                                                      \
        char *out = NULL;                                                     \
        hb_parse rc_ = call;                                                  \
        assert_int_equal(rc_, HB_PARSE_OK);                                   \
        assert_string_equal(out, want);                                       \
        free(out);                                                            \
    } while (0)
#define EXPECT_RC(call, out, want_rc)                                         \
    do {                                                                      \
        char *out = NULL;                                                     \
        hb_parse rc_ = call;                                                  \
        assert_int_equal(rc_, want_rc);                                       \
        assert_null(out);                                                     \
    } while (0)

static void score_decimal_comma_and_point(void **state)
{
    (void)state;
    EXPECT_OK(fields_parse_score("7,5", 0, &o), o, "7.5");
    EXPECT_OK(fields_parse_score("7.5", 0, &o), o, "7.5");
    EXPECT_OK(fields_parse_score(" 8 ", 0, &o), o, "8.0");
    EXPECT_OK(fields_parse_score("10,0", 0, &o), o, "10.0");
    EXPECT_OK(fields_parse_score("0.0", 0, &o), o, "0.0");
    EXPECT_OK(fields_parse_score("6,3.", 0, &o), o, "6.3");
    EXPECT_OK(fields_parse_score("9", 1, &o), o, "9");
    EXPECT_OK(fields_parse_score("10", 1, &o), o, "10");
}

static void score_refuses_what_is_not_one(void **state)
{
    (void)state;
    EXPECT_RC(fields_parse_score("75", 0, &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_score("7.25", 0, &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_score("10.5", 0, &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_score("7.5.1", 0, &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_score("Đ", 0, &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_score("0", 1, &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_score("7.5", 1, &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_score("", 0, &o), o, HB_PARSE_EMPTY);
    EXPECT_RC(fields_parse_score(" . ", 0, &o), o, HB_PARSE_EMPTY);
}

static void date_in_the_three_paper_styles(void **state)
{
    (void)state;
    EXPECT_OK(fields_parse_date("12/03/2006", &o), o, "2006-03-12");
    EXPECT_OK(fields_parse_date("12-3-2006", &o), o, "2006-03-12");
    EXPECT_OK(fields_parse_date("ngày 12 tháng 3 năm 2006", &o), o,
              "2006-03-12");
    EXPECT_OK(fields_parse_date("Ngày 5 tháng 11 năm 2019", &o), o,
              "2019-11-05");
    EXPECT_OK(fields_parse_date("29/02/2008", &o), o, "2008-02-29");
    EXPECT_RC(fields_parse_date("29/02/2007", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_date("12/13/2006", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_date("1203/2006", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_date("12/03/06", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_date("12 x 3 2006", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_date("....", &o), o, HB_PARSE_EMPTY);
}

static void school_year_and_class(void **state)
{
    (void)state;
    EXPECT_OK(fields_parse_school_year("2019-2020", &o), o, "2019-2020");
    EXPECT_OK(fields_parse_school_year("2019 – 2020", &o), o, "2019-2020");
    EXPECT_RC(fields_parse_school_year("2019-2021", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_school_year("20192020", &o), o, HB_PARSE_FORMAT);
    int g = 0;
    char *o = NULL;
    assert_int_equal(fields_parse_class("10A1", &o, &g), HB_PARSE_OK);
    assert_string_equal(o, "10A1");
    assert_int_equal(g, 10);
    free(o);
    assert_int_equal(fields_parse_class("12 Văn", &o, &g), HB_PARSE_OK);
    assert_string_equal(o, "12 Văn");
    assert_int_equal(g, 12);
    free(o);
    assert_int_equal(fields_parse_class("13A", &o, &g), HB_PARSE_FORMAT);
    assert_null(o);
    assert_int_equal(fields_parse_class("8", &o, &g), HB_PARSE_FORMAT);
    assert_null(o);
    assert_int_equal(fields_parse_class("A8", &o, &g), HB_PARSE_FORMAT);
    assert_null(o);
}

/* Số đăng bộ: entry number, a slash and the register's year. */
static void registration_number(void **state)
{
    (void)state;
    EXPECT_OK(fields_parse_regno("350/2022", &o), o, "350/2022");
    EXPECT_OK(fields_parse_regno(" 12 / 2019 ", &o), o, "12/2019");
    EXPECT_OK(fields_parse_regno("7/19", &o), o, "7/19");
    EXPECT_OK(fields_parse_regno("4115", &o), o, "4115");
    EXPECT_RC(fields_parse_regno("37/3/2023", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_regno("350/202", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_regno("/2022", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_regno("1234567/2022", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_regno("35a/2022", &o), o, HB_PARSE_FORMAT);
    EXPECT_RC(fields_parse_regno("....", &o), o, HB_PARSE_EMPTY);
}

static void names_and_text(void **state)
{
    (void)state;
    /* U+00D0 (eth) is what OCR returns for Đ; the name keeps the real Đ. */
    EXPECT_OK(fields_clean_name(": \xc3\x90\xe1\xbb\x97 Th\xe1\xbb\x8b Lan ..", &o),
              o, "Đỗ Thị Lan");
    EXPECT_OK(fields_clean_name("Nguyễn  Thị Hồng Nhung", &o), o,
              "Nguyễn Thị Hồng Nhung");
    char *o = NULL;
    assert_int_equal(fields_clean_name("Nguy3n Van", &o), HB_PARSE_FORMAT);
    free(o);
    EXPECT_OK(fields_clean_text(": Tổ 3, phường Đông Thành...", &o), o,
              "Tổ 3, phường Đông Thành");
    EXPECT_OK(fields_clean_text("Có tiến bộ. ....", &o), o, "Có tiến bộ.");
    /* specks: a dot inside a name, a quote before a remark */
    EXPECT_OK(fields_clean_name("Cao Duy. Thịnh", &o), o, "Cao Duy Thịnh");
    EXPECT_OK(fields_clean_text("'Tích cực, chăm chỉ.", &o), o,
              "Tích cực, chăm chỉ.");
    /* leader dots showing between the words of an address */
    EXPECT_OK(fields_clean_place("Thôn 3, phường.10, quận. Gò.Vấp .", &o), o,
              "Thôn 3, phường 10, quận Gò Vấp");
    EXPECT_RC(fields_clean_text(" .... ", &o), o, HB_PARSE_EMPTY);
    EXPECT_OK(fields_parse_int("03", &o), o, "3");
    EXPECT_RC(fields_parse_int("3a", &o), o, HB_PARSE_FORMAT);
    EXPECT_OK(fields_parse_id12("037 206 001234", &o), o, "037206001234");
    EXPECT_RC(fields_parse_id12("03720600123", &o), o, HB_PARSE_FORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(score_decimal_comma_and_point),
        cmocka_unit_test(score_refuses_what_is_not_one),
        cmocka_unit_test(date_in_the_three_paper_styles),
        cmocka_unit_test(school_year_and_class),
        cmocka_unit_test(registration_number),
        cmocka_unit_test(names_and_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
