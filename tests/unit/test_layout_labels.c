/* test_layout_labels.c - the values a page announces with printed labels
 * outside its tables (ocr/layout_labels.c), as other printers' forms word
 * and place them (issue 10): an occupation after a parent's name or on
 * its own line, the promotion written alone or after a colon-less label,
 * results lines without colons, a value on the line under its label, the
 * approval heading worded the other way round.  No images: the words are
 * what the line reader would hand over.  < 0.1 s. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "layout_int.h"
#include "layout_rows.h"

/* The page's rows, one string of blank-separated words each, read in
 * order into one list of hits as layout_page does. */
static hb_label_hit *page_labels(const char *const *lines, size_t nl,
                                 size_t *n)
{
    hb_label_hit *h = NULL;
    *n = 0;
    for (size_t i = 0; i < nl; i++) {
        char *copy = strdup(lines[i]), *save = NULL;
        const char *w[32];
        size_t nw = 0;
        for (char *p = strtok_r(copy, " ", &save); p && nw < 32;
             p = strtok_r(NULL, " ", &save))
            w[nw++] = p;
        hb_text_row row = row_at(500 + 60 * (int)i, w, nw);
        hb_err e;
        assert_int_equal(layout_find_labels(&row, &h, n, &e), 0);
        free_row(&row);
        free(copy);
    }
    return h;
}

/* The line's value of `path` is `want` ("" for a present, empty value). */
static void expect(const hb_label_hit *h, size_t n, const char *path,
                   const char *want)
{
    const hb_label_hit *x = hit_for(h, n, path);
    if (!x)
        fail_msg("no value for %s", path);
    assert_string_equal(x->line_text, want);
}

#define LL_ "LY_LICH/"
#define TK_ "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/"

/* "Họ tên cha: Nguyễn Hoàng Đăng  Nghề Công an": the occupation's label
 * without its colon after the name is a label, and no part of the name. */
static void occupation_after_the_name(void **state)
{
    (void)state;
    const char *lines[] = {
        "Họ tên cha: Nguyễn Hoàng Đăng Nghề Công an",
        "Họ tên mẹ: Đoàn Minh Thảo Nghề Bác sĩ",
    };
    size_t n;
    hb_label_hit *h = page_labels(lines, 2, &n);
    expect(h, n, LL_ "HO_TEN_CHA", "Nguyễn Hoàng Đăng");
    expect(h, n, LL_ "NGHE_NGHIEP_CHA", "Công an");
    expect(h, n, LL_ "HO_TEN_ME", "Đoàn Minh Thảo");
    expect(h, n, LL_ "NGHE_NGHIEP_ME", "Bác sĩ");
    free_hits(h, n);
}

/* An occupation on a line of its own belongs to the parent named on the
 * line above; "Nghệ An, ngày ... tháng ..." under the guardian's empty
 * line is the place of a date, no occupation. */
static void occupation_on_its_own_line(void **state)
{
    (void)state;
    const char *lines[] = {
        "Họ và tên cha: Lương Công Hoàng",
        "Nghề: Kinh doanh",
        "Họ và tên mẹ: Mai Ngọc Anh",
        "Nghề Nội trợ",
        "Họ và tên người giám hộ:",
        "Nghệ An, ngày tháng năm",
    };
    size_t n;
    hb_label_hit *h = page_labels(lines, 6, &n);
    expect(h, n, LL_ "NGHE_NGHIEP_CHA", "Kinh doanh");
    expect(h, n, LL_ "NGHE_NGHIEP_ME", "Nội trợ");
    expect(h, n, LL_ "HO_TEN_NGUOI_GIAM_HO", "");
    /* one occupation of the father, none read off the date line */
    size_t cha = 0;
    for (size_t i = 0; i < n; i++)
        cha += strcmp(h[i].path, LL_ "NGHE_NGHIEP_CHA") == 0;
    assert_int_equal(cha, 1);
    free_hits(h, n);
}

/* The promotion: after "Lên lớp" without its colon, written alone, after
 * a label OCR garbled, beside another label on the line. */
static void promotion_without_its_label(void **state)
{
    (void)state;
    static const struct {
        const char *line, *want;
    } cases[] = {
        { "Lên lớp Hoàn thành chương trình THPT", "Hoàn thành chương trình THPT" },
        { "Được lên lớp", "Được lên lớp" },
        { "Lân lớp: Được lên lớp", "Được lên lớp" },
        { "Ở lại lớp Danh hiệu: Học sinh Giỏi", "Ở lại lớp" },
        /* TT27: the short label without its colon, then the value */
        { "Hoàn thành chương trình Hoàn thành chương trình lớp 3",
          "Hoàn thành chương trình lớp 3" },
        { "Hoàn thành chương trình: Hoàn thành chương trình lớp 3",
          "Hoàn thành chương trình lớp 3" },
        /* numbered, as TT27's results are */
        { "6. Hoàn thành chương trình: Hoàn thành chương trình tiểu học",
          "Hoàn thành chương trình tiểu học" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n;
        hb_label_hit *h = page_labels(&cases[c].line, 1, &n);
        expect(h, n, TK_ "LEN_LOP", cases[c].want);
        assert_null(hit_for(h, n, "THONG_TIN_HOC_BA/LOP"));
        free_hits(h, n);
    }
}

/* A long label leaves no room on its line: the value is written on the
 * line under it. */
static void value_on_the_line_under_its_label(void **state)
{
    (void)state;
    const char *lines[] = {
        "4. Đánh giá kết quả giáo dục:",
        "Hoàn thành tốt",
        "6. Hoàn thành chương trình lớp học/chương trình tiểu học:",
        "Hoàn thành chương trình lớp 4",
    };
    size_t n;
    hb_label_hit *h = page_labels(lines, 4, &n);
    expect(h, n, TK_ "KET_QUA_HOC_TAP/CA_NAM", "Hoàn thành tốt");
    expect(h, n, TK_ "LEN_LOP", "Hoàn thành chương trình lớp 4");
    assert_int_equal(n, 2);
    free_hits(h, n);
}

/* The year's results as lines with no colons at all. */
static void results_lines_without_colons(void **state)
{
    (void)state;
    const char *one[] = { "Hạnh kiểm Khá Học lực Trung bình" };
    size_t n;
    hb_label_hit *h = page_labels(one, 1, &n);
    expect(h, n, TK_ "HANH_KIEM/CA_NAM", "Khá");
    expect(h, n, TK_ "HOC_LUC/CA_NAM", "Trung bình");
    free_hits(h, n);

    const char *terms[] = {
        "Học kỳ I Hạnh kiểm Tốt Học lực Khá",
        "Học kỳ II Hạnh kiểm Tốt Học lực Giỏi",
        "Cả năm Hạnh kiểm Tốt Học lực Giỏi",
    };
    h = page_labels(terms, 3, &n);
    expect(h, n, TK_ "HANH_KIEM/HOC_KY_1", "Tốt");
    expect(h, n, TK_ "HOC_LUC/HOC_KY_1", "Khá");
    expect(h, n, TK_ "HOC_LUC/HOC_KY_2", "Giỏi");
    expect(h, n, TK_ "HOC_LUC/CA_NAM", "Giỏi");
    free_hits(h, n);

    const char *kinds[] = {
        "Kết quả rèn luyện HK I Tốt HK II Khá Cả năm Tốt",
    };
    h = page_labels(kinds, 1, &n);
    expect(h, n, TK_ "REN_LUYEN/HOC_KY_1", "Tốt");
    expect(h, n, TK_ "REN_LUYEN/HOC_KY_2", "Khá");
    expect(h, n, TK_ "REN_LUYEN/CA_NAM", "Tốt");
    free_hits(h, n);

    /* a remark that starts with a result's words is no result */
    const char *remark[] = { "Học lực tiến bộ rõ rệt so với học kì I." };
    h = page_labels(remark, 1, &n);
    assert_int_equal(n, 0);
    free_hits(h, n);
}

/* A label's short last word misread by a stroke is still that label
 * when its colon follows, and is not left in the value before it. */
static void label_word_a_stroke_off(void **state)
{
    (void)state;
    const char *lines[] = {
        "Xã (Phường): xã Trường Yên Tỉnh (Thành phối): Ninh Bình",
    };
    size_t n;
    hb_label_hit *h = page_labels(lines, 1, &n);
    expect(h, n, "CO_SO_GIAO_DUC/XA_PHUONG", "xã Trường Yên");
    expect(h, n, "CO_SO_GIAO_DUC/TINH", "Ninh Bình");
    free_hits(h, n);
}

/* The approval's place and date: in words or in figures; never the
 * birth date's label, never the personal page's dotted line. */
static void approval_date_line_wordings(void **state)
{
    (void)state;
    static const struct {
        const char *line, *want; /* NULL: no date line */
    } cases[] = {
        { "Hà Nội, ngày 25 tháng 5 năm 2020", "ngày 25 tháng 5 năm 2020" },
        { "Hà Nội, ngày 25/5/2020", "ngày 25/5/2020" },
        { "Ngày 03-06-2019", "Ngày 03-06-2019" },
        { "Ngày sinh: 17/02/2006", NULL },
        { "Nghệ An, ngày tháng năm", NULL },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *copy = strdup(cases[c].line), *save = NULL;
        const char *w[16];
        size_t nw = 0;
        for (char *p = strtok_r(copy, " ", &save); p; p = strtok_r(NULL, " ", &save))
            w[nw++] = p;
        hb_text_row row = row_at(1800, w, nw);
        hb_label_hit *h = NULL;
        size_t n = 0;
        assert_int_equal(layout_find_date_line(&row, &h, &n), 0);
        if (cases[c].want)
            expect(h, n, "THONG_TIN_HOC_BA/PHE_DUYET/NGAY", cases[c].want);
        else
            assert_int_equal(n, 0);
        free_hits(h, n);
        free_row(&row);
        free(copy);
    }
}

/* The principal's name under the heading "Hiệu trưởng phê duyệt" (the
 * words the other way round), and under "PHÊ DUYỆT" misread by a stroke. */
static void approval_heading_wordings(void **state)
{
    (void)state;
    static const char *const heads[] = { "Hiệu trưởng phê duyệt",
                                         "PHÊ DUYÊỆT CỦA HIỆU TRƯỞNG" };
    for (int k = 0; k < 2; k++) {
        char *copy = strdup(heads[k]), *save = NULL;
        const char *w[8];
        size_t nw = 0;
        for (char *p = strtok_r(copy, " ", &save); p; p = strtok_r(NULL, " ", &save))
            w[nw++] = p;
        const char *date[] = { "Hà", "Nội,", "ngày", "25", "tháng", "5", "năm", "2017" };
        const char *title[] = { "HIỆU", "TRƯỞNG" };
        const char *name[] = { "Đinh", "Tường", "Lan" };
        hb_text_row rows[4] = { row_at(1700, w, nw), row_at(1780, date, 8),
                                row_at(1850, title, 2), row_at(2200, name, 3) };
        hb_layout l;
        memset(&l, 0, sizeof l);
        l.rows = rows;
        l.n_rows = 4;
        hb_label_hit *h = NULL;
        size_t n = 0;
        assert_int_equal(layout_find_approval_name(&l, &h, &n), 0);
        expect(h, n, "THONG_TIN_HOC_BA/PHE_DUYET/HO_TEN", "Đinh Tường Lan");
        free_hits(h, n);
        for (int i = 0; i < 4; i++)
            free_row(&rows[i]);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(occupation_after_the_name),
        cmocka_unit_test(occupation_on_its_own_line),
        cmocka_unit_test(promotion_without_its_label),
        cmocka_unit_test(value_on_the_line_under_its_label),
        cmocka_unit_test(results_lines_without_colons),
        cmocka_unit_test(label_word_a_stroke_off),
        cmocka_unit_test(approval_heading_wordings),
        cmocka_unit_test(approval_date_line_wordings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
