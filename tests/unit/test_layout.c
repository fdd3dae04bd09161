/* test_layout.c - what a page is and where its values are (ocr/layout.c):
 * labels in a row of words, table kinds and column roles from headings,
 * row labels to subject codes, the family from the regulation line, a
 * subject table that goes on over the page.  No images: the words are
 * what the line reader would hand over, the grids what grid.c would find.
 * < 0.1 s. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "layout.h"
#include "layout_rows.h"
#include "testimg.h"

/* A row of words at y = 500 (layout_rows.h has the shape). */
static hb_text_row make_row(const char *const *words, size_t n)
{
    return row_at(500, words, n);
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

/* A label with a bracketed tail, and OCR gluing the value to the tail's
 * colon: the glued word's end is the value's first word. */
static void value_glued_to_a_bracketed_label(void **state)
{
    (void)state;
    const char *w[] = { "Đối", "tượng", "(con", "liệt", "sĩ,", "con", "thương",
                        "binh,", "...):Con", "thương", "binh" };
    hb_text_row row = make_row(w, 11);
    hb_label_hit *h = NULL;
    size_t n = 0;
    hb_err e;
    assert_int_equal(layout_find_labels(&row, &h, &n, &e), 0);
    const hb_label_hit *dt = hit_for(h, n, "LY_LICH/DOI_TUONG");
    assert_non_null(dt);
    assert_string_equal(dt->line_text, "Con thương binh");
    /* the value's box starts inside the glued word, after its colon */
    assert_true(dt->value.x > row.words[8].box.x);
    assert_true(dt->value.x < row.words[9].box.x);
    free_hits(h, n);
    free_row(&row);

    const char *v[] = { "Đối", "tượng", "(con", "liệt", "sĩ,", "con", "thương",
                        "binh,", "...):", "Hộ", "nghèo" };
    row = make_row(v, 11);
    h = NULL;
    n = 0;
    assert_int_equal(layout_find_labels(&row, &h, &n, &e), 0);
    dt = hit_for(h, n, "LY_LICH/DOI_TUONG");
    assert_non_null(dt);
    assert_string_equal(dt->line_text, "Hộ nghèo");
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

/* ---- a table that goes on over the page --------------------------------- */

/* A grid with column lines at xs (n_cols + 1 of them) plus `dx`, scaled
 * by num/den, 10 rows; no cells (the continuation needs none). */
static hb_grid make_grid(const int *xs, int n_cols, int dx, int num, int den)
{
    hb_grid g;
    memset(&g, 0, sizeof g);
    g.n_cols = n_cols;
    g.n_rows = 10;
    g.col_x = calloc((size_t)n_cols + 1, sizeof *g.col_x);
    g.row_y = calloc(11, sizeof *g.row_y);
    for (int c = 0; c <= n_cols; c++)
        g.col_x[c] = xs[c] * num / den + dx;
    for (int r = 0; r <= 10; r++)
        g.row_y[r] = 200 + 80 * r;
    return g;
}

static void free_grid(hb_grid *g)
{
    free(g->col_x);
    free(g->row_y);
}

/* A layout of the given tables (kinds), each on grids[i]. */
static void make_layout(hb_layout *l, const hb_grid *grids,
                        const hb_table_kind *kinds, size_t n, hb_family fam)
{
    memset(l, 0, sizeof *l);
    l->family = fam;
    l->tables = calloc(n, sizeof *l->tables);
    l->n_tables = n;
    for (size_t i = 0; i < n; i++) {
        l->tables[i].grid = &grids[i];
        l->tables[i].kind = kinds[i];
        l->tables[i].header_rows = 1;
        l->tables[i].roles = calloc((size_t)grids[i].n_cols, sizeof(hb_col_role));
    }
}

static void add_hit(hb_layout *l, const char *path)
{
    l->hits = realloc(l->hits, (l->n_hits + 1) * sizeof *l->hits);
    memset(&l->hits[l->n_hits], 0, sizeof *l->hits);
    l->hits[l->n_hits++].path = path;
}

static void table_goes_on_over_the_page(void **state)
{
    (void)state;
    /* a TT58 subject table: label, HK I, HK II, CN, re-assessment,
     * signature */
    static const int xs[] = { 150, 700, 900, 1100, 1300, 1550, 2200 };
    static const hb_col_role roles[] = { HB_COL_LABEL, HB_COL_HK1, HB_COL_HK2,
                                         HB_COL_CN, HB_COL_DGL, HB_COL_NONE };
    hb_grid g0 = make_grid(xs, 6, 0, 1, 1);
    hb_table_kind k_subj = HB_TABLE_SUBJECTS, k_other = HB_TABLE_OTHER;
    hb_layout first;
    make_layout(&first, &g0, &k_subj, 1, HB_FAMILY_TT58);
    for (int c = 0; c < 6; c++)
        first.tables[0].roles[c] = roles[c];
    hb_table_shape prev;
    layout_table_shape(&first, 300, &prev);
    assert_int_equal(prev.kind, HB_TABLE_SUBJECTS);
    assert_int_equal(prev.family, HB_FAMILY_TT58);
    assert_int_equal(prev.n_cols, 6);
    assert_int_equal(prev.col_x[0], 0);
    assert_int_equal(prev.col_x[6], 2050);
    assert_int_equal(prev.roles[3], HB_COL_CN);

    /* the next page: a headless table, the sheet shifted and scaled by
     * the scanner (0.6%), the page naming no family */
    hb_grid g1 = make_grid(xs, 6, 35, 1006, 1000);
    hb_layout next;
    make_layout(&next, &g1, &k_other, 1, HB_FAMILY_UNKNOWN);
    assert_int_equal(layout_continue_table(&next, 300, &prev), 1);
    assert_int_equal(next.kind, HB_PAGE_CONTINUED);
    assert_string_equal(layout_page_kind_name(next.kind), "continued");
    assert_int_equal(next.family, HB_FAMILY_TT58);
    assert_int_equal(next.tables[0].kind, HB_TABLE_SUBJECTS);
    assert_int_equal(next.tables[0].header_rows, 0);
    for (int c = 0; c < 6; c++)
        assert_int_equal(next.tables[0].roles[c], roles[c]);
    /* and its own shape carries on to a third page */
    hb_table_shape again;
    layout_table_shape(&next, 300, &again);
    assert_int_equal(again.kind, HB_TABLE_SUBJECTS);
    layout_free(&next);

    /* the same at 200 dpi: positions scale */
    hb_grid g2 = make_grid(xs, 6, 10, 2, 3);
    make_layout(&next, &g2, &k_other, 1, HB_FAMILY_UNKNOWN);
    assert_int_equal(layout_continue_table(&next, 200, &prev), 1);
    layout_free(&next);
    free_grid(&g2);

    /* one column line 1/5 inch off: another table */
    hb_grid g3 = make_grid(xs, 6, 0, 1, 1);
    g3.col_x[2] += 60;
    make_layout(&next, &g3, &k_other, 1, HB_FAMILY_UNKNOWN);
    assert_int_equal(layout_continue_table(&next, 300, &prev), 0);
    assert_int_equal(next.tables[0].kind, HB_TABLE_OTHER);
    assert_int_equal(next.tables[0].header_rows, 1);
    assert_int_equal(next.kind, HB_PAGE_UNKNOWN);
    layout_free(&next);
    free_grid(&g3);

    /* another number of columns */
    hb_grid g4 = make_grid(xs, 5, 0, 1, 1);
    make_layout(&next, &g4, &k_other, 1, HB_FAMILY_UNKNOWN);
    assert_int_equal(layout_continue_table(&next, 300, &prev), 0);
    layout_free(&next);
    free_grid(&g4);

    /* the headings printed again, on a page with no school year: goes
     * on, with its own roles; with a year header it opens a new year */
    make_layout(&next, &g1, &k_subj, 1, HB_FAMILY_UNKNOWN);
    next.tables[0].roles[0] = HB_COL_LABEL;
    next.tables[0].roles[1] = HB_COL_HK1;
    assert_int_equal(layout_continue_table(&next, 300, &prev), 1);
    assert_int_equal(next.kind, HB_PAGE_CONTINUED);
    assert_int_equal(next.tables[0].header_rows, 1);
    assert_int_equal(next.tables[0].roles[2], HB_COL_NONE);
    layout_free(&next);
    make_layout(&next, &g1, &k_subj, 1, HB_FAMILY_UNKNOWN);
    next.kind = HB_PAGE_SUBJECTS;
    add_hit(&next, "THONG_TIN_HOC_BA/NAM_HOC");
    assert_int_equal(layout_continue_table(&next, 300, &prev), 0);
    assert_int_equal(next.kind, HB_PAGE_SUBJECTS);
    layout_free(&next);

    /* the rest of the rows and the year's results below: a results page
     * (it closes the year the previous page opened) */
    hb_grid gr[2] = { g1, make_grid(xs, 3, 0, 1, 1) };
    hb_table_kind kr[2] = { HB_TABLE_OTHER, HB_TABLE_CONDUCT };
    make_layout(&next, gr, kr, 2, HB_FAMILY_UNKNOWN);
    assert_int_equal(layout_continue_table(&next, 300, &prev), 1);
    assert_int_equal(next.kind, HB_PAGE_RESULTS);
    layout_free(&next);
    free_grid(&gr[1]);

    /* nothing goes on from a page whose last table is not a subject one */
    hb_table_shape none;
    hb_grid gc = make_grid(xs, 3, 0, 1, 1);
    hb_table_kind kc = HB_TABLE_CONDUCT;
    hb_layout res;
    make_layout(&res, &gc, &kc, 1, HB_FAMILY_TT58);
    layout_table_shape(&res, 300, &none);
    assert_int_equal(none.kind, HB_TABLE_OTHER);
    make_layout(&next, &g1, &k_other, 1, HB_FAMILY_UNKNOWN);
    assert_int_equal(layout_continue_table(&next, 300, &none), 0);
    assert_int_equal(layout_continue_table(&next, 300, NULL), 0);
    layout_free(&next);
    layout_free(&res);
    free_grid(&gc);

    layout_free(&first);
    free_grid(&g0);
    free_grid(&g1);
}

/* Labels of `words` (one row): the hits, *n their count. */
static hb_label_hit *labels_of(const char *const *words, size_t nw, size_t *n)
{
    hb_text_row row = make_row(words, nw);
    hb_label_hit *h = NULL;
    *n = 0;
    hb_err e;
    assert_int_equal(layout_find_labels(&row, &h, n, &e), 0);
    free_row(&row);
    return h;
}

#define TK_ "THONG_TIN_HOC_BA/TONG_KET_CA_NAM/"

/* Issue 10: other printers' label wordings, several labels on a line, and
 * no word of a label left in a value or taken for one. */
static void label_wordings_of_other_printers(void **state)
{
    (void)state;
    size_t n;
    const char *a[] = { "Tên", "trường:", "THPT", "Kim", "Đồng", "Mã", "số",
                        "trường:", "7931947" };
    hb_label_hit *h = labels_of(a, 9, &n);
    const hb_label_hit *x = hit_for(h, n, "CO_SO_GIAO_DUC/TEN_TRUONG");
    assert_non_null(x);
    assert_string_equal(x->line_text, "THPT Kim Đồng");
    x = hit_for(h, n, "CO_SO_GIAO_DUC/MA_TRUONG");
    assert_non_null(x);
    assert_string_equal(x->line_text, "7931947");
    free_hits(h, n);

    /* "(nam, nữ)" is the label's, not a value */
    const char *b[] = { "Giới", "tính", "(nam,", "nữ):", "Nữ" };
    h = labels_of(b, 5, &n);
    x = hit_for(h, n, "LY_LICH/GIOI_TINH");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Nữ");
    free_hits(h, n);
    const char *b2[] = { "Giới", "tính", "(nam,", "nữ):" };
    h = labels_of(b2, 4, &n);
    x = hit_for(h, n, "LY_LICH/GIOI_TINH");
    assert_non_null(x);
    assert_string_equal(x->line_text, "");
    free_hits(h, n);

    const char *c[] = { "Họ", "tên", "học", "sinh:", "Mai", "Quỳnh", "Nga",
                        "Ngày,", "tháng,", "năm", "sinh:", "12/03/2006" };
    h = labels_of(c, 12, &n);
    x = hit_for(h, n, "LY_LICH/HO_TEN");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Mai Quỳnh Nga");
    x = hit_for(h, n, "LY_LICH/NGAY_SINH");
    assert_non_null(x);
    assert_string_equal(x->line_text, "12/03/2006");
    free_hits(h, n);

    /* the caption under a signature names no one */
    const char *cap[] = { "(Ký", "và", "ghi", "rõ", "họ", "tên)" };
    h = labels_of(cap, 6, &n);
    assert_int_equal(n, 0);
    free_hits(h, n);

    const char *d[] = { "Cha:", "Lý", "Văn", "Thịnh", "Nghề:", "Làm", "ruộng" };
    h = labels_of(d, 7, &n);
    x = hit_for(h, n, "LY_LICH/HO_TEN_CHA");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Lý Văn Thịnh");
    x = hit_for(h, n, "LY_LICH/NGHE_NGHIEP_CHA");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Làm ruộng");
    free_hits(h, n);

    /* "Xét lên lớp:" is the promotion's label, not the class's; the
     * value "Được lên lớp" holds no label */
    const char *d3[] = { "Mẹ:", "Trần", "Mai", "Dung", "Nghề:", "Kế", "toán" };
    h = labels_of(d3, 7, &n);
    x = hit_for(h, n, "LY_LICH/NGHE_NGHIEP_ME");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Kế toán");
    free_hits(h, n);

    const char *f[] = { "Xét", "lên", "lớp:", "Được", "lên", "lớp" };
    h = labels_of(f, 6, &n);
    assert_null(hit_for(h, n, "THONG_TIN_HOC_BA/LOP"));
    x = hit_for(h, n, TK_ "LEN_LOP");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Được lên lớp");
    assert_int_equal(n, 1);
    free_hits(h, n);

    /* "Danh hiệu thi đua:" with nothing written: an empty value, not
     * "thi đua" for the level reader to snap to a title */
    const char *g[] = { "Danh", "hiệu", "thi", "đua:" };
    h = labels_of(g, 4, &n);
    x = hit_for(h, n, TK_ "DANH_HIEU");
    assert_non_null(x);
    assert_string_equal(x->line_text, "");
    free_hits(h, n);

    const char *k[] = { "Số", "buổi", "nghỉ:", "6", "buổi" };
    h = labels_of(k, 5, &n);
    x = hit_for(h, n, TK_ "SO_BUOI_NGHI");
    assert_non_null(x);
    free_hits(h, n);
}

/* Issue 10: the year's results written as lines, per term or per result. */
static void results_written_as_lines(void **state)
{
    (void)state;
    size_t n;
    const char *a[] = { "Học", "kỳ", "II:", "Hạnh", "kiểm:", "Tốt", "Học",
                        "lực:", "Khá" };
    hb_label_hit *h = labels_of(a, 9, &n);
    const hb_label_hit *x = hit_for(h, n, TK_ "HANH_KIEM/HOC_KY_2");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Tốt");
    x = hit_for(h, n, TK_ "HOC_LUC/HOC_KY_2");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Khá");
    assert_int_equal(n, 2);
    free_hits(h, n);

    /* no term: the year's */
    const char *b[] = { "Hạnh", "kiểm:", "Khá", "Học", "lực:", "Trung", "bình" };
    h = labels_of(b, 7, &n);
    x = hit_for(h, n, TK_ "HOC_LUC/CA_NAM");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Trung bình");
    assert_non_null(hit_for(h, n, TK_ "HANH_KIEM/CA_NAM"));
    free_hits(h, n);

    /* one line per result, the terms across */
    const char *c[] = { "Kết", "quả", "rèn", "luyện:", "HK", "I:", "Tốt",
                        "HKII:", "Khá", "Cả", "năm:", "Tốt" };
    h = labels_of(c, 12, &n);
    assert_int_equal(n, 3);
    x = hit_for(h, n, TK_ "REN_LUYEN/HOC_KY_1");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Tốt");
    x = hit_for(h, n, TK_ "REN_LUYEN/HOC_KY_2");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Khá");
    x = hit_for(h, n, TK_ "REN_LUYEN/CA_NAM");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Tốt");
    free_hits(h, n);

    /* no colons after the terms, "TBCN" for the year */
    const char *c2[] = { "Hạnh", "kiểm:", "Học", "kỳ", "I", "Khá", "Học", "kỳ",
                         "II", "Tốt", "TBCN", "Tốt" };
    h = labels_of(c2, 12, &n);
    assert_int_equal(n, 3);
    x = hit_for(h, n, TK_ "HANH_KIEM/HOC_KY_1");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Khá");
    x = hit_for(h, n, TK_ "HANH_KIEM/CA_NAM");
    assert_non_null(x);
    assert_string_equal(x->line_text, "Tốt");
    free_hits(h, n);

    /* a remark that says "học lực" is no result */
    const char *d[] = { "Có", "tiến", "bộ", "về", "học", "lực", "và", "hạnh",
                        "kiểm." };
    h = labels_of(d, 9, &n);
    assert_int_equal(n, 0);
    free_hits(h, n);
    const char *d2[] = { "Học", "lực", "tiến", "bộ", "rõ", "rệt." };
    h = labels_of(d2, 6, &n);
    assert_int_equal(n, 0);
    free_hits(h, n);
}

/* Issue 10: a numbered table's first column is not the subjects'; the
 * family by the phase-in schedule and by what a year holds. */
static void number_column_and_family_inference(void **state)
{
    (void)state;
    assert_true(layout_is_number_heading("TT"));
    assert_true(layout_is_number_heading("STT"));
    assert_true(layout_is_number_heading("Số TT"));
    assert_false(layout_is_number_heading("Môn học"));
    assert_false(layout_is_number_heading(""));
    assert_int_equal(layout_term_of("TBCN"), 3);
    assert_int_equal(layout_term_of("TB cả năm"), 3);
    assert_int_equal(layout_term_of("HKII"), 2);
    assert_int_equal(layout_term_of("HKI"), 1);

    assert_int_equal(catalog_family_for(6, 2021), HB_FAMILY_TT22);
    assert_int_equal(catalog_family_for(6, 2020), HB_FAMILY_TT58);
    assert_int_equal(catalog_family_for(9, 2023), HB_FAMILY_TT58);
    assert_int_equal(catalog_family_for(9, 2024), HB_FAMILY_TT22);
    assert_int_equal(catalog_family_for(10, 2022), HB_FAMILY_TT22);
    assert_int_equal(catalog_family_for(12, 2023), HB_FAMILY_TT58);
    assert_int_equal(catalog_family_for(1, 2020), HB_FAMILY_TT27);
    assert_int_equal(catalog_family_for(5, 2023), HB_FAMILY_TT30);
    assert_int_equal(catalog_family_for(0, 2023), HB_FAMILY_UNKNOWN);
    assert_int_equal(catalog_family_for(7, 0), HB_FAMILY_UNKNOWN);

    hb_record *r = record_new();
    assert_non_null(r);
    assert_int_equal(layout_family_from_content(r, 2022), HB_FAMILY_UNKNOWN);
    assert_non_null(record_add_subject(r, "TOAN", "Toán"));
    assert_non_null(record_add_subject(r, "KHTN", "Khoa học tự nhiên"));
    assert_int_equal(layout_family_from_content(r, 2022), HB_FAMILY_TT22);
    /* contradicting evidence: no guess */
    assert_int_equal(record_field_set(&r->year.hanh_kiem.cn, "Tốt"), 0);
    assert_int_equal(layout_family_from_content(r, 2022), HB_FAMILY_UNKNOWN);
    record_free(r);
    r = record_new();
    assert_int_equal(record_field_set(&r->year.hoc_luc.hk1, "Khá"), 0);
    assert_int_equal(layout_family_from_content(r, 2015), HB_FAMILY_TT58);
    record_free(r);
    r = record_new();
    assert_non_null(record_add_subject(r, "TIENGVIET", "Tiếng Việt"));
    assert_int_equal(layout_family_from_content(r, 2018), HB_FAMILY_TT30);
    assert_int_equal(layout_family_from_content(r, 2023), HB_FAMILY_TT27);
    record_free(r);
}

/* ---- issue 10: column roles by their own headings ---------------------- */

/* Heading wordings of other printers: TT27's "Cuối kì I", the re-test
 * column's "thi lại", the signature's "Chữ ký GVBM", and the results
 * table with the terms across. */
static void heading_variants(void **state)
{
    (void)state;
    assert_int_equal(layout_term_of("Cuối kì I"), 1);
    assert_int_equal(layout_term_of("Cuối HK I"), 1);
    assert_int_equal(layout_term_of("TB cả năm"), 3);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL,
                                        "Điểm thi lại (nếu có)"), HB_COL_DGL);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL,
                                        "Điểm KT lại"), HB_COL_DGL);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL,
                                        "Đánh giá lại"), HB_COL_DGL);
    assert_int_equal(layout_column_role(HB_TABLE_SUBJECTS, NULL,
                                        "Chữ ký GVBM"), HB_COL_SIGN);
    assert_int_equal(layout_table_kind("Xếp loại Học kì I Học kì II TB cả năm"),
                     HB_TABLE_CONDUCT);
    /* the subject table's "ĐTB hoặc xếp loại các môn" stays a subject one */
    assert_int_equal(layout_table_kind("Môn học ĐTB hoặc xếp loại các môn "
                                       "HK I HK II CN"), HB_TABLE_SUBJECTS);
}

/* n columns' headings: own texts, spanning texts, group ids, strokes. */
static void roles_of(hb_table_kind kind, hb_family fam, int n,
                     const char *const *head, const char *const *group,
                     const int *gid, const int *bars, const int *gbars,
                     hb_col_role *roles, unsigned char *doubt)
{
    hb_col_head h[12];
    memset(h, 0, sizeof h);
    for (int c = 0; c < n; c++) {
        h[c].head = head[c];
        h[c].group = group ? group[c] : NULL;
        h[c].group_id = gid ? gid[c] : -1;
        h[c].bars = bars ? bars[c] : 0;
        h[c].group_bars = gbars ? gbars[c] : 0;
    }
    layout_assign_roles(kind, fam, n, h, roles, doubt);
}

static void term_columns_by_their_own_heading(void **state)
{
    (void)state;
    hb_col_role r[12];
    unsigned char d[12];
    const char *g3 = "Điểm trung bình môn học hoặc mức đánh giá";

    /* the spanning heading found as two cells (a ruling broke): HK II is
     * still HK II, not the year of a two-column group */
    const char *h1[] = { "Môn học", "Học kì I", "Học kì II", "TB cả năm", "Nhận xét" };
    const char *gr1[] = { NULL, g3, g3, g3, NULL };
    const int id1[] = { -1, 7, 7, 8, -1 };
    const int b1[] = { 0, 1, 2, 0, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT22, 5, h1, gr1, id1, b1, NULL, r, d);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_HK2);
    assert_int_equal(r[3], HB_COL_CN);
    assert_int_equal(r[4], HB_COL_NX);
    assert_int_equal(d[1] + d[2] + d[3], 0);

    /* OCR read "II" for a bold "I": the strokes in the ink and the other
     * column decide */
    const char *h2[] = { "Môn học", "HK II", "HK II", "CN" };
    const int b2[] = { 0, 1, 2, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT58, 4, h2, NULL, NULL, b2, NULL, r, d);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_HK2);
    assert_int_equal(r[3], HB_COL_CN);

    /* a heading lost, the next one read "I" by both its strokes and its
     * text: terms are printed I, II, year in every book, so the order
     * stands, but the heading plainly said otherwise and a person looks */
    const char *h3[] = { "Môn học", "", "Học kỳ I", "Cả năm", "Điểm KT lại" };
    const char *gr3[] = { NULL, g3, g3, g3, NULL };
    const int id3[] = { -1, 5, 5, 5, -1 };
    const int b3[] = { 0, 0, 1, 0, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT58, 5, h3, gr3, id3, b3, NULL, r, d);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_HK2);
    assert_int_equal(r[3], HB_COL_CN);
    assert_int_equal(r[4], HB_COL_DGL);
    assert_true(d[1] && d[2]);

    /* one numeral misread against another column's reading (a clean
     * page: "Học kì I" read "1" without strokes, "Học kì II" read "h1"
     * with one stroke counted): the order stands, no doubt */
    const char *h6[] = { "Môn học", "Học kì 1", "Học kì h1", "Cả năm" };
    const char *gr6[] = { NULL, g3, g3, g3 };
    const int id6[] = { -1, 5, 5, 5 };
    const int b6[] = { 0, 0, 1, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT58, 4, h6, gr6, id6, b6, NULL, r, d);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_HK2);
    assert_int_equal(r[3], HB_COL_CN);
    assert_int_equal(d[1] + d[2] + d[3], 0);

    /* both semester headings read, strokes and text agreeing, the other
     * way round: so printed a form is a person's to see, but the
     * headings win */
    const char *h7[] = { "Môn học", "HK II", "HK I", "Cả năm" };
    const int b7[] = { 0, 2, 1, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT58, 4, h7, NULL, NULL, b7, NULL, r, d);
    assert_int_equal(r[1], HB_COL_HK2);
    assert_int_equal(r[2], HB_COL_HK1);
    assert_true(d[1] && d[2]);

    /* "kiểm tra lại" is the re-test, no periodic test: three terms */
    const char *h5[] = { "TT", "Môn học", "HK I", "HK II", "Cả năm",
                         "Sau kiểm tra lại", "Chữ ký GVBM" };
    const char *gr5[] = { NULL, NULL, "ĐTB hoặc xếp loại các môn",
                          "ĐTB hoặc xếp loại các môn",
                          "ĐTB hoặc xếp loại các môn", NULL, NULL };
    const int id5[] = { -1, -1, 9, 9, 9, -1, -1 };
    const int b5[] = { 0, 0, 1, 2, 0, 0, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_UNKNOWN, 7, h5, gr5, id5, b5, NULL,
             r, d);
    assert_int_equal(r[2], HB_COL_HK1);
    assert_int_equal(r[3], HB_COL_HK2);
    assert_int_equal(r[4], HB_COL_CN);
    assert_int_equal(r[5], HB_COL_DGL);
    assert_int_equal(d[2] + d[3] + d[4] + d[5], 0);

    /* no heading read: the printed order, no doubt */
    const char *h4[] = { "Môn học", "", "", "", "Nhận xét" };
    const char *gr4[] = { NULL, g3, g3, g3, NULL };
    const int id4[] = { -1, 5, 5, 5, -1 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT22, 5, h4, gr4, id4, NULL, NULL, r, d);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_HK2);
    assert_int_equal(r[3], HB_COL_CN);
    assert_int_equal(d[1] + d[2] + d[3], 0);
}

static void tt27_columns_grouped_by_term(void **state)
{
    (void)state;
    hb_col_role r[12];
    unsigned char d[12];
    /* "Cuối HK I" over its level and its test, then "Cuối năm" */
    const char *h[] = { "Môn học và hoạt động giáo dục", "Mức", "KTĐK", "Mức",
                        "KTĐK", "Nhận xét" };
    const char *g[] = { NULL, "Cuối HK I", "Cuối HK I", "Cuối năm", "Cuối năm",
                        NULL };
    const int id[] = { -1, 6, 6, 7, 7, -1 };
    const int gb[] = { 0, 1, 1, 0, 0, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_UNKNOWN, 6, h, g, id, NULL, gb, r, d);
    assert_int_equal(r[0], HB_COL_LABEL);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_KTDK1);
    assert_int_equal(r[3], HB_COL_CN);
    assert_int_equal(r[4], HB_COL_KTDK2);
    assert_int_equal(r[5], HB_COL_NX);

    /* grouped by kind, a test column's heading lost */
    const char *h2[] = { "Môn học", "Cuối kì I", "Cuối năm", "", "Cuối năm",
                         "Nhận xét" };
    const char *g2[] = { NULL, "Mức đạt được", "Mức đạt được", "Điểm KTĐK",
                         "Điểm KTĐK", NULL };
    const int id2[] = { -1, 6, 6, 7, 7, -1 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT27, 6, h2, g2, id2, NULL, NULL, r, d);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_CN);
    assert_int_equal(r[3], HB_COL_KTDK1);
    assert_int_equal(r[4], HB_COL_KTDK2);

    /* the family unknown and "KTĐK" garbled: "Mức đạt được" says TT27,
     * and the other group's columns are the tests */
    const char *g3[] = { NULL, "Mức đạt được", "Mức đạt được", "Điểm KIĐ",
                         "Điểm KIĐ", NULL };
    const char *h3[] = { "Môn học", "Cuối HK I", "Cuối năm", "Cuối HK I",
                         "Cuối năm", "Nhận xét" };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_UNKNOWN, 6, h3, g3, id2, NULL, NULL,
             r, d);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_CN);
    assert_int_equal(r[3], HB_COL_KTDK1);
    assert_int_equal(r[4], HB_COL_KTDK2);
}

static void unread_heading_between_known_ones(void **state)
{
    (void)state;
    hb_col_role r[12];
    unsigned char d[12];
    /* a garbled heading between the year and the remark: the re-test
     * column, flagged, not dropped */
    const char *h[] = { "Môn học", "HK I", "HK II", "CN", "Ðáuh gỉá 1ạ1",
                        "Nhận xét của giáo viên môn học" };
    const int b[] = { 0, 1, 2, 0, 0, 0 };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT22, 6, h, NULL, NULL, b, NULL, r, d);
    assert_int_equal(r[4], HB_COL_DGL);
    assert_int_equal(d[4], 1);
    assert_int_equal(d[1] + d[2] + d[3] + d[5], 0);
    /* the signature column is known: not a re-test column */
    const char *h2[] = { "Môn học", "HK I", "HK II", "CN", "Chữ ký GVBM",
                         "Điểm thi lại (nếu có)" };
    roles_of(HB_TABLE_SUBJECTS, HB_FAMILY_TT58, 6, h2, NULL, NULL, b, NULL, r, d);
    assert_int_equal(r[4], HB_COL_SIGN);
    assert_int_equal(r[5], HB_COL_DGL);
    assert_int_equal(d[4] + d[5], 0);
}

static void results_table_with_terms_across(void **state)
{
    (void)state;
    hb_col_role r[12];
    unsigned char d[12];
    const char *h[] = { "Xếp loại", "Học kì", "Học kì II", "TB cả năm" };
    const int b[] = { 0, 1, 2, 0 };
    roles_of(HB_TABLE_CONDUCT, HB_FAMILY_TT22, 4, h, NULL, NULL, b, NULL, r, d);
    assert_int_equal(r[0], HB_COL_LABEL);
    assert_int_equal(r[1], HB_COL_HK1);
    assert_int_equal(r[2], HB_COL_HK2);
    assert_int_equal(r[3], HB_COL_CN);
    /* the standard table keeps its roles */
    const char *s[] = { "Học kỳ", "Hạnh kiểm", "Học lực",
                        "Tổng số buổi nghỉ học cả năm" };
    roles_of(HB_TABLE_CONDUCT, HB_FAMILY_TT58, 4, s, NULL, NULL, NULL, NULL, r, d);
    assert_int_equal(r[0], HB_COL_LABEL);
    assert_int_equal(r[1], HB_COL_CONDUCT);
    assert_int_equal(r[2], HB_COL_LEARNING);
    assert_int_equal(r[3], HB_COL_DAYS);
}

/* The strokes of a bold roman numeral counted in the ink of a heading
 * cell: what tells "I" from "II" when OCR cannot. */
static void numeral_strokes_in_the_ink(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int bars;
    } cases[] = {
        { "HK I", 1 }, { "HK II", 2 }, { "HKII", 2 }, { "Học kì I", 1 },
        { "Học kỳ II", 2 }, { "Cuối HK I", 1 }, { "Cuối kì I", 1 },
        { "Cả năm", 0 }, { "CN", 0 },
    };
    static const char *const fonts[] = { "Liberation Serif Bold",
                                         "DejaVu Serif Bold", "Noto Serif Bold",
                                         "Liberation Sans Bold" };
    for (size_t k = 0; k < sizeof cases / sizeof *cases * 4; k++) {
        size_t i = k / 4;
        const char *font = fonts[k % 4];
        PIX *page = testimg_blank(600, 200, 300);
        testimg_table tb;
        testimg_table_init(&tb, 20, 20, 1, 1, 120, 400, 3);
        testimg_draw_table(page, &tb);
        testimg_text(page, 120, 60, cases[i].text, font, 40, 0x000000);
        PIX *gray = pixConvertRGBToLuminance(page);
        PIX *bin = pixThresholdToBinary(gray, 128);
        BOX *cb = testimg_cell_box(&tb, 0, 0, 1, 1);
        l_int32 x, y, w, h;
        boxGetGeometry(cb, &x, &y, &w, &h);
        hb_box cell = { x, y, w, h };
        int got = layout_heading_bars(bin, cell, 300);
        if (got != cases[i].bars)
            fail_msg("\"%s\" (%s): %d strokes, want %d", cases[i].text,
                     font, got, cases[i].bars);
        boxDestroy(&cb);
        pixDestroy(&bin);
        pixDestroy(&gray);
        pixDestroy(&page);
    }
    /* bold serifs touching: "HK" and its numeral one piece of ink; "HK"
     * alone has none */
    static const struct {
        const char *tail;
        int bars;
    } glued[] = { { "I", 1 }, { "II", 2 }, { "", 0 } };
    for (size_t i = 0; i < sizeof glued / sizeof *glued; i++) {
        PIX *page = testimg_blank(600, 200, 300);
        testimg_table tb;
        testimg_table_init(&tb, 20, 20, 1, 1, 120, 400, 3);
        testimg_draw_table(page, &tb);
        int w = testimg_text(page, 120, 60, "HK", "Liberation Serif Bold", 40,
                             0x000000);
        if (*glued[i].tail)
            testimg_text(page, 120 + w - 3, 60, glued[i].tail,
                         "Liberation Serif Bold", 40, 0x000000);
        PIX *gray = pixConvertRGBToLuminance(page);
        PIX *bin = pixThresholdToBinary(gray, 128);
        BOX *cb = testimg_cell_box(&tb, 0, 0, 1, 1);
        l_int32 x, y, cw, ch;
        boxGetGeometry(cb, &x, &y, &cw, &ch);
        hb_box cell = { x, y, cw, ch };
        assert_int_equal(layout_heading_bars(bin, cell, 300), glued[i].bars);
        boxDestroy(&cb);
        pixDestroy(&bin);
        pixDestroy(&gray);
        pixDestroy(&page);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_line_labels),
        cmocka_unit_test(labels_lost_colons_and_lookalikes),
        cmocka_unit_test(value_glued_to_a_bracketed_label),
        cmocka_unit_test(row_labels_with_variant_spellings),
        cmocka_unit_test(family_from_regulation_line),
        cmocka_unit_test(tables_and_columns_by_heading),
        cmocka_unit_test(table_goes_on_over_the_page),
        cmocka_unit_test(label_wordings_of_other_printers),
        cmocka_unit_test(results_written_as_lines),
        cmocka_unit_test(number_column_and_family_inference),
        cmocka_unit_test(heading_variants),
        cmocka_unit_test(term_columns_by_their_own_heading),
        cmocka_unit_test(tt27_columns_grouped_by_term),
        cmocka_unit_test(unread_heading_between_known_ones),
        cmocka_unit_test(results_table_with_terms_across),
        cmocka_unit_test(numeral_strokes_in_the_ink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
