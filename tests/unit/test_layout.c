/* test_layout.c - what a page is and where its values are (ocr/layout.c):
 * labels in a row of words, table kinds and column roles from headings,
 * row labels to subject codes, the family from the regulation line.  No
 * images: the words are what the line reader would hand over.  < 0.1 s. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

/* A row of words laid out left to right, 20 px per character. */
static hb_text_row make_row(const char *const *words, size_t n)
{
    hb_text_row row = { { 100, 500, 0, 40 }, calloc(n, sizeof(hb_word)), n };
    int x = 100;
    for (size_t i = 0; i < n; i++) {
        int w = (int)strlen(words[i]) * 20;
        row.words[i].text = strdup(words[i]);
        row.words[i].conf = 95;
        row.words[i].box = (hb_box){ x, 500, w, 40 };
        x += w + 25;
    }
    row.box.w = x - 100;
    return row;
}

static void free_row(hb_text_row *row)
{
    for (size_t i = 0; i < row->n_words; i++)
        free(row->words[i].text);
    free(row->words);
}

static void free_hits(hb_label_hit *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(h[i].line_text);
    free(h);
}

static const hb_label_hit *hit_for(const hb_label_hit *h, size_t n,
                                   const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(h[i].path, path) == 0)
            return &h[i];
    return NULL;
}

static void header_line_labels(void **state)
{
    (void)state;
    const char *w[] = { "Họ", "và", "tên:", "Nguyễn", "Thị", "Hồng", "Nhung",
                        "Lớp:", "8A", "Năm", "học:", "2019-2020" };
    hb_text_row row = make_row(w, 12);
    hb_label_hit *h = NULL;
    size_t n = 0;
    hb_err e;
    assert_int_equal(layout_find_labels(&row, &h, &n, &e), 0);
    assert_int_equal(n, 3);
    const hb_label_hit *name = hit_for(h, n, "LY_LICH/HO_TEN");
    assert_non_null(name);
    assert_string_equal(name->line_text, "Nguyễn Thị Hồng Nhung");
    assert_int_equal(name->kind, HB_FK_NAME);
    /* the name's area stops where the next label starts */
    assert_true(name->area.x + name->area.w <= row.words[7].box.x);
    const hb_label_hit *lop = hit_for(h, n, "THONG_TIN_HOC_BA/LOP");
    assert_non_null(lop);
    assert_string_equal(lop->line_text, "8A");
    const hb_label_hit *nh = hit_for(h, n, "THONG_TIN_HOC_BA/NAM_HOC");
    assert_non_null(nh);
    assert_string_equal(nh->line_text, "2019-2020");
    free_hits(h, n);
    free_row(&row);
}

static void labels_lost_colons_and_lookalikes(void **state)
{
    (void)state;
    /* "Nội Tỉnh" is one edit from "Nơi sinh": without its colon it is
     * not the birthplace label, and "Tỉnh/Thành phố" (colon lost) is */
    const char *w[] = { "Xã/Phường:", "xã", "Vân", "Nội", "Tỉnh/Thành", "phố",
                        "Hà", "Nội" };
    hb_text_row row = make_row(w, 8);
    hb_label_hit *h = NULL;
    size_t n = 0;
    hb_err e;
    assert_int_equal(layout_find_labels(&row, &h, &n, &e), 0);
    assert_null(hit_for(h, n, "LY_LICH/NOI_SINH"));
    const hb_label_hit *xa = hit_for(h, n, "CO_SO_GIAO_DUC/XA_PHUONG");
    const hb_label_hit *tinh = hit_for(h, n, "CO_SO_GIAO_DUC/TINH");
    assert_non_null(xa);
    assert_non_null(tinh);
    assert_string_equal(xa->line_text, "xã Vân Nội");
    assert_string_equal(tinh->line_text, "Hà Nội");
    free_hits(h, n);
    free_row(&row);

    /* a one-word label inside a remark is not a label */
    const char *r[] = { "Tích", "cực", "xây", "dựng", "lớp", "học." };
    row = make_row(r, 6);
    h = NULL;
    n = 0;
    assert_int_equal(layout_find_labels(&row, &h, &n, &e), 0);
    assert_int_equal(n, 0);
    free_hits(h, n);
    free_row(&row);

    /* the parent's occupation follows the parent's name */
    const char *m[] = { "Họ", "và", "tên", "mẹ:", "Lê", "Diệu", "Nhi",
                        "Nghề", "nghiệp:", "Lái", "xe" };
    row = make_row(m, 11);
    h = NULL;
    n = 0;
    assert_int_equal(layout_find_labels(&row, &h, &n, &e), 0);
    assert_non_null(hit_for(h, n, "LY_LICH/HO_TEN_ME"));
    const hb_label_hit *job = hit_for(h, n, "LY_LICH/NGHE_NGHIEP_ME");
    assert_non_null(job);
    assert_string_equal(job->line_text, "Lái xe");
    free_hits(h, n);
    free_row(&row);
}

static void row_labels_with_variant_spellings(void **state)
{
    (void)state;
    static const struct {
        const char *printed, *code;
    } cases[] = {
        { "Vật lý", "VATLI" },         { "Vật lí", "VATLI" },
        { "Hoá học", "HOAHOC" },       { "Địa lý", "DIALI" },
        { "Ngữvăn ˆ", "NGUVAN" },      { "| Toán", "TOAN" },
        { "GDQP-AN", "GDQPAN" },       { "Tiếng Anh", "NGOAINGU" },
        { "Mỹ thuật", "MITHUAT" },     { "Giáo dục công dàn", "GDCD" },
        /* the first line of a name wrapped in a narrow cell */
        { "Nội dung giáo dục của", "GDDP" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t d = 99;
        const hb_subject_def *s = layout_match_subject(cases[i].printed, &d);
        assert_non_null(s);
        assert_string_equal(s->code, cases[i].code);
    }
    /* a language the catalogue does not list stays unknown */
    assert_null(layout_match_subject("Tiếng Hàn", NULL));
    assert_null(layout_match_subject("Thư pháp", NULL));
}

static void family_from_regulation_line(void **state)
{
    (void)state;
    assert_int_equal(layout_family_from_text(
                         "(Đánh giá, xếp loại theo Thông tư số 58/2011/TT-BGDĐT)"),
                     HB_FAMILY_TT58);
    assert_int_equal(layout_family_from_text("Thông tư số 22/2021/TT-BGDĐT"),
                     HB_FAMILY_TT22);
    /* the slashes lost to OCR */
    assert_int_equal(layout_family_from_text("Thông tư số 27 2020 TT-BGDĐT"),
                     HB_FAMILY_TT27);
    assert_int_equal(layout_family_from_text("Thông tư số 22/2016/TT-BGDĐT"),
                     HB_FAMILY_TT30);
    assert_int_equal(layout_family_from_text("HỌC BẠ TRUNG HỌC CƠ SỞ"),
                     HB_FAMILY_UNKNOWN);
}

static void tables_and_columns_by_heading(void **state)
{
    (void)state;
    assert_int_equal(layout_table_kind("Môn học/Hoạt động giáo dục Kết quả "
                                       "đánh giá Học kỳ I Học kỳ II Cả năm"),
                     HB_TABLE_SUBJECTS);
    assert_int_equal(layout_table_kind("Học kì Hạnh kiểm Học lực Tổng số "
                                       "buổi nghỉ học cả năm"),
                     HB_TABLE_CONDUCT);
    assert_int_equal(layout_table_kind("Năng lực cốt lõi Mức đạt được"),
                     HB_TABLE_NANG_LUC);
    assert_int_equal(layout_table_kind("Năm học Lớp Tên trường, huyện, tỉnh "
                                       "Số đăng bộ Ngày nhập học"),
                     HB_TABLE_HISTORY);
    /* the three spellings of the semester columns, and OCR's roman II */
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, "Kết quả đánh giá",
                                        "Học kỳ I"), HB_COL_HK1);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, "Kết quả đánh giá",
                                        "Học kì II"), HB_COL_HK2);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL, "HKH"),
                     HB_COL_HK2);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL, "CN"),
                     HB_COL_CN);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, "Điểm KTĐK",
                                        "Cuối HK I"), HB_COL_KTDK1);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, "Điểm KTĐK",
                                        "Cuối năm"), HB_COL_KTDK2);
    /* the remark column says "giáo viên môn học": not the label column */
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL,
                                        "Nhận xét sự tiến bộ ... chữ kí của "
                                        "giáo viên môn học"),
                     HB_COL_NX);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL,
                                        "Điểm hoặc mức đánh giá lại (nếu có)"),
                     HB_COL_DGL);
    assert_int_equal(layout_column_role(HB_TABLE_CONDUCT, NULL,
                                        "Kết quả rèn luyện"), HB_COL_CONDUCT);
    assert_int_equal(layout_term_of("Học kỳ II"), 2);
    assert_int_equal(layout_term_of("Cả năm"), 3);
    assert_string_equal(layout_match_muc("Tu chu va tu hoc", 1),
                        "Tự chủ và tự học");
    assert_null(layout_match_muc("Bóng đá", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_line_labels),
        cmocka_unit_test(labels_lost_colons_and_lookalikes),
        cmocka_unit_test(row_labels_with_variant_spellings),
        cmocka_unit_test(family_from_regulation_line),
        cmocka_unit_test(tables_and_columns_by_heading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
