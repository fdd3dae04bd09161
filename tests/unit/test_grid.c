/*
 * test_grid.c - ruled tables on crafted pages: skew, broken and faint
 * lines, merged cells, several tables, line removal, bad input, speed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clean.h"
#include "grid.h"
#include "testimg.h"

/* 1 bpp version of a crafted page, without cleanup. */
static PIX *to_bin(PIX *page)
{
    PIX *g = pixConvertTo8(page, 0);
    PIX *b = pixThresholdToBinary(g, 160);
    pixDestroy(&g);
    return b;
}

/* Tables found on a crafted (straight, clean) page. */
static hb_grid *find(PIX *page, int dpi, size_t *n)
{
    PIX *b = to_bin(page);
    hb_grid *g = NULL;
    hb_err e;
    assert_int_equal(grid_find_tables(b, dpi, &g, n, &e), 0);
    pixDestroy(&b);
    return g;
}

/* |a - b| <= tol */
static void assert_near(int a, int b, int tol)
{
    if (abs(a - b) > tol)
        fail_msg("%d is not within %d of %d", a, tol, b);
}

/* Every cell of the year page's table: the grid matches the drawing, the
 * header spans are right, and boxes are inside the lines. */
static void check_year_table(const hb_grid *g, const testimg_table *t,
                             double angle_deg, int tol)
{
    assert_int_equal(g->n_rows, 16);
    assert_int_equal(g->n_cols, 5);
    /* 3 header cells + 3 sub-headers + 14 x 5 body cells */
    assert_int_equal(g->n_cells, 3 + 3 + 14 * 5);
    const hb_cell *mon = grid_cell_at(g, 1, 0);
    assert_non_null(mon);
    assert_int_equal(mon->row, 0);
    assert_int_equal(mon->rowspan, 2);
    assert_int_equal(mon->colspan, 1);
    const hb_cell *diem = grid_cell_at(g, 0, 3);
    assert_non_null(diem);
    assert_int_equal(diem->col, 1);
    assert_int_equal(diem->colspan, 3);
    assert_int_equal(diem->rowspan, 1);
    const hb_cell *cn = grid_cell_at(g, 1, 3);
    assert_int_equal(cn->colspan, 1);
    assert_int_equal(cn->rowspan, 1);
    assert_ptr_equal(grid_cell_at(g, 1, 4), grid_cell_at(g, 0, 4));
    assert_null(grid_cell_at(g, 16, 0));
    assert_null(grid_cell_at(g, 0, -1));
    if (angle_deg == 0.0) {
        /* Straight page: positions exact within tol, boxes strictly
         * between the lines. */
        for (int r = 0; r <= 16; r++)
            assert_near(g->row_y[r], testimg_line_y(t, r) + t->thick / 2, tol);
        for (int c = 0; c <= 5; c++)
            assert_near(g->col_x[c], testimg_line_x(t, c) + t->thick / 2, tol);
        const hb_cell *c = grid_cell_at(g, 7, 2);
        BOX *want = testimg_cell_box(t, 7, 2, 1, 1);
        assert_true(c->box.x >= want->x && c->box.y >= want->y);
        assert_true(c->box.x + c->box.w <= want->x + want->w);
        assert_true(c->box.y + c->box.h <= want->y + want->h);
        assert_true(c->box.w >= want->w - 2 * tol);
        assert_true(c->box.h >= want->h - 2 * tol);
        boxDestroy(&want);
    } else {
        /* Deskewed page: line spacing is what was drawn. */
        for (int r = 0; r < 16; r++)
            assert_near(g->row_y[r + 1] - g->row_y[r], t->row_h[r], tol);
        for (int c = 0; c < 5; c++)
            assert_near(g->col_x[c + 1] - g->col_x[c], t->col_w[c], tol);
    }
}

static void straight_page_gives_grid_and_spans(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    check_year_table(&g[0], &t, 0.0, 2);
    assert_near(g[0].bounds.x, t.x, 1);
    assert_near(g[0].bounds.y, t.y, 1);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* A skewed scan goes through clean_page, which must find the angle; the
 * grid on the cleaned page must be the drawn one. */
static void skewed(double deg, int dpi)
{
    testimg_table t;
    PIX *p = testimg_year_page(dpi, &t);
    testimg_noise(p, 11, 25, 2000, 2);
    PIX *r = testimg_rotate(p, deg);
    PIX *gray = NULL, *bin = NULL;
    hb_clean_info info;
    hb_err e;
    assert_int_equal(clean_page(r, dpi, &gray, &bin, &info, &e), 0);
    /* clean_page rotates back: the applied angle is the opposite. */
    if (fabs(info.skew_deg + deg) > 0.2)
        fail_msg("skew %.2f measured as %.2f", deg, -info.skew_deg);
    hb_grid *g = NULL;
    size_t n = 0;
    assert_int_equal(grid_find_tables(bin, info.dpi, &g, &n, &e), 0);
    assert_int_equal(n, 1);
    check_year_table(&g[0], &t, deg, 3 * dpi / 300 + 1);
    grid_free_all(g, n);
    pixDestroy(&gray);
    pixDestroy(&bin);
    pixDestroy(&r);
    pixDestroy(&p);
}

static void skew_plus_2_degrees(void **state)
{
    (void)state;
    skewed(2.0, 300);
}

static void skew_minus_3_degrees_at_200_dpi(void **state)
{
    (void)state;
    skewed(-3.0, 200);
}

/* Horizontal line 6 loses 40% of its length in three gaps, vertical line
 * 2 two short pieces, and line 9 is faint gray: same rows and columns, and
 * no cell is merged where only a short piece is missing. */
static void broken_and_faint_lines(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    int y6 = testimg_line_y(&t, 6);
    int x0 = t.x, width = testimg_line_x(&t, 5) - t.x;
    testimg_fill(p, x0 + width / 10, y6, width / 6, t.thick, 0xffffff);
    testimg_fill(p, x0 + width / 2, y6, width / 8, t.thick, 0xffffff);
    testimg_fill(p, x0 + width * 8 / 10, y6, width / 8, t.thick, 0xffffff);
    int x2 = testimg_line_x(&t, 2);
    testimg_fill(p, x2, testimg_line_y(&t, 4) + 20, t.thick, 25, 0xffffff);
    testimg_fill(p, x2, testimg_line_y(&t, 11) + 40, t.thick, 30, 0xffffff);
    testimg_fill(p, x0, testimg_line_y(&t, 9), width + t.thick, t.thick,
                 0xa8a8a8);
    /* Through the real cleanup: a faint line is a matter of binarization. */
    PIX *gray = NULL, *bin = NULL;
    hb_clean_info info;
    hb_err e;
    assert_int_equal(clean_page(p, 300, &gray, &bin, &info, &e), 0);
    assert_true(info.skew_deg == 0.0f);
    hb_grid *g = NULL;
    size_t n = 0;
    assert_int_equal(grid_find_tables(bin, 300, &g, &n, &e), 0);
    pixDestroy(&gray);
    pixDestroy(&bin);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 16);
    assert_int_equal(g[0].n_cols, 5);
    for (int r = 0; r <= 16; r++)
        assert_near(g[0].row_y[r], testimg_line_y(&t, r) + t.thick / 2, 2);
    /* Gaps narrower than a cell: the cells stay separate. */
    const hb_cell *c = grid_cell_at(&g[0], 4, 1);
    assert_int_equal(c->colspan, 1);
    c = grid_cell_at(&g[0], 11, 1);
    assert_int_equal(c->colspan, 1);
    assert_int_equal(g[0].n_cells, 3 + 3 + 14 * 5);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* A line segment missing over a whole cell side merges the two cells. */
static void missing_segment_merges_cells(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    testimg_merge(p, &t, 5, 2, 2, 1); /* rows 5-6 of column 2 */
    testimg_merge(p, &t, 9, 3, 1, 2); /* columns 3-4 of row 9 */
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 16);
    assert_int_equal(g[0].n_cols, 5);
    const hb_cell *c = grid_cell_at(&g[0], 6, 2);
    assert_int_equal(c->row, 5);
    assert_int_equal(c->rowspan, 2);
    c = grid_cell_at(&g[0], 9, 4);
    assert_int_equal(c->col, 3);
    assert_int_equal(c->colspan, 2);
    assert_int_equal(g[0].n_cells, 3 + 3 + 14 * 5 - 2);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* Two tables (results above, a history table below) and an underline that
 * is no table: two grids, top to bottom. */
static void several_tables_top_to_bottom(void **state)
{
    (void)state;
    PIX *p = testimg_a4(200);
    testimg_table a, b;
    testimg_table_init(&b, 150, 1000, 4, 3, 70, 300, 2);
    testimg_table_init(&a, 120, 300, 3, 6, 60, 220, 2);
    testimg_draw_table(p, &b); /* drawn first, found second */
    testimg_draw_table(p, &a);
    testimg_text_in_cell(p, &a, 0, 0, 1, 1, "Năm học", 26);
    testimg_text_in_cell(p, &b, 1, 1, 1, 1, "2019-2020", 26);
    testimg_fill(p, 150, 1600, 900, 2, 0x000000); /* signature line */
    testimg_text(p, 150, 1700, "Hiệu trưởng", "DejaVu Serif", 26, 0);
    size_t n = 0;
    hb_grid *g = find(p, 200, &n);
    assert_int_equal(n, 2);
    assert_int_equal(g[0].n_rows, 3);
    assert_int_equal(g[0].n_cols, 6);
    assert_int_equal(g[1].n_rows, 4);
    assert_int_equal(g[1].n_cols, 3);
    assert_true(g[0].bounds.y < g[1].bounds.y);
    assert_near(g[1].bounds.x, 150, 1);
    assert_near(g[1].bounds.w, 900 + 2, 2);
    assert_near(g[1].bounds.h, 280 + 2, 2);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* A scanner's shadow band just right of the table (the top line running
 * into it) and a comb of short streaks along the page's bottom edge: no
 * extra column, no extra table. */
static void shadow_band_and_streaks_ignored(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    int right = testimg_line_x(&t, 5) + t.thick;
    int top = testimg_line_y(&t, 0), bottom = testimg_line_y(&t, 16);
    testimg_fill(p, right + 14, top - 40, 12, bottom - top + 80, 0x808080);
    testimg_fill(p, right, top, 26, t.thick, 0x000000); /* line runs on */
    for (int i = 0; i < 12; i++) /* streaks 20-40 px apart, 60 px tall */
        testimg_fill(p, 1500 + i * (20 + (i * 7) % 21), 3380, 2, 60, 0x303030);
    testimg_fill(p, 1500, 3380, 400, 2, 0x303030);
    testimg_fill(p, 1500, 3438, 400, 2, 0x303030);
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 16);
    assert_int_equal(g[0].n_cols, 5);
    assert_near(g[0].bounds.x + g[0].bounds.w, right, 2);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* Two tables side by side (the assessment tables of a results page), the
 * right one a few pixels higher: left first, then the one below. */
static void side_by_side_left_first(void **state)
{
    (void)state;
    PIX *p = testimg_a4(200);
    testimg_table l, r, below;
    testimg_table_init(&l, 100, 304, 5, 2, 60, 350, 2);
    testimg_table_init(&r, 900, 300, 6, 2, 60, 330, 2);
    testimg_table_init(&below, 100, 900, 3, 4, 60, 300, 2);
    testimg_draw_table(p, &r);
    testimg_draw_table(p, &below);
    testimg_draw_table(p, &l);
    size_t n = 0;
    hb_grid *g = find(p, 200, &n);
    assert_int_equal(n, 3);
    assert_near(g[0].bounds.x, 100, 1);
    assert_int_equal(g[0].n_rows, 5);
    assert_near(g[1].bounds.x, 900, 1);
    assert_int_equal(g[1].n_rows, 6);
    assert_near(g[2].bounds.y, 900, 1);
    assert_int_equal(g[2].n_cols, 4);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* A form printed with its inner rulings only, or a scan that lost the
 * outer line on some sides: the grid is the drawn one all the same (the
 * first and last rows and columns are not lost), the spans too. */
static void open_frame_recovered(void **state)
{
    (void)state;
    static const unsigned opens[] = {
        TESTIMG_OPEN_ALL, TESTIMG_OPEN_LEFT | TESTIMG_OPEN_BOTTOM,
        TESTIMG_OPEN_TOP | TESTIMG_OPEN_RIGHT, TESTIMG_OPEN_RIGHT };
    for (size_t i = 0; i < sizeof opens / sizeof *opens; i++) {
        testimg_table t;
        PIX *p = testimg_year_page_open(300, &t, opens[i]);
        size_t n = 0;
        hb_grid *g = find(p, 300, &n);
        assert_int_equal(n, 1);
        check_year_table(&g[0], &t, 0.0, 2);
        assert_near(g[0].bounds.x, t.x, 2);
        assert_near(g[0].bounds.y, t.y, 2);
        assert_near(g[0].bounds.x + g[0].bounds.w,
                    testimg_line_x(&t, 5) + t.thick, 2);
        assert_near(g[0].bounds.y + g[0].bounds.h,
                    testimg_line_y(&t, 16) + t.thick, 2);
        grid_free_all(g, n);
        pixDestroy(&p);
    }
}

/* Letters stacked in a two-line label make a short vertical run ("H" over
 * "h"): drawn here as a bar inside the first column's cell, touching no
 * line, in a table with no left line.  It is not the table's left border:
 * the first column is kept whole. */
static void stacked_stems_are_no_border(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page_open(300, &t, TESTIMG_OPEN_LEFT);
    int x = t.x + 25, y0 = testimg_line_y(&t, 9) + 15;
    int y1 = testimg_line_y(&t, 10) - 15;
    testimg_fill(p, x, y0, 4, y1 - y0, 0x000000);
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    check_year_table(&g[0], &t, 0.0, 2);
    assert_near(g[0].bounds.x, t.x, 2);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* The same through the cleanup, skewed, at 200 dpi. */
static void open_frame_skewed(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page_open(200, &t, TESTIMG_OPEN_ALL);
    testimg_noise(p, 5, 25, 2000, 2);
    PIX *r = testimg_rotate(p, -1.5);
    PIX *gray = NULL, *bin = NULL;
    hb_clean_info info;
    hb_err e;
    assert_int_equal(clean_page(r, 200, &gray, &bin, &info, &e), 0);
    hb_grid *g = NULL;
    size_t n = 0;
    assert_int_equal(grid_find_tables(bin, info.dpi, &g, &n, &e), 0);
    assert_int_equal(n, 1);
    check_year_table(&g[0], &t, -1.5, 3);
    grid_free_all(g, n);
    pixDestroy(&gray);
    pixDestroy(&bin);
    pixDestroy(&r);
    pixDestroy(&p);
}

/* A conduct table without its frame: the days-absent cell spans the three
 * term rows, so only the heading's line reaches the table's right edge;
 * the number in the cell says the column is there. */
static void open_frame_merged_edge_column(void **state)
{
    (void)state;
    PIX *p = testimg_blank(1500, 800, 300);
    testimg_table t;
    testimg_table_init(&t, 100, 120, 4, 4, 110, 300, 2);
    t.open = TESTIMG_OPEN_ALL;
    testimg_draw_table(p, &t);
    testimg_merge(p, &t, 1, 3, 3, 1);
    static const char *const head[4] = { "Học kỳ", "Hạnh kiểm", "Học lực",
                                         "Nghỉ học" };
    static const char *const term[3] = { "Học kỳ I", "Học kỳ II", "Cả năm" };
    for (int c = 0; c < 4; c++)
        testimg_text_in_cell(p, &t, 0, c, 1, 1, head[c], 38);
    for (int r = 1; r < 4; r++) {
        testimg_text_in_cell(p, &t, r, 0, 1, 1, term[r - 1], 38);
        testimg_text_in_cell(p, &t, r, 1, 1, 1, "Tốt", 38);
        testimg_text_in_cell(p, &t, r, 2, 1, 1, "Khá", 38);
    }
    testimg_text_in_cell(p, &t, 1, 3, 3, 1, "3", 38);
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 4);
    assert_int_equal(g[0].n_cols, 4);
    const hb_cell *days = grid_cell_at(&g[0], 2, 3);
    assert_non_null(days);
    assert_int_equal(days->row, 1);
    assert_int_equal(days->rowspan, 3);
    assert_near(g[0].col_x[4], testimg_line_x(&t, 4) + 1, 2);
    assert_near(g[0].row_y[0], t.y + 1, 2);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* A two-column list of items and levels drawn with one vertical line and
 * the row lines only: two columns, every row. */
static void open_frame_one_inner_line(void **state)
{
    (void)state;
    PIX *p = testimg_blank(1400, 1000, 300);
    testimg_table t;
    testimg_table_init(&t, 100, 100, 6, 2, 100, 500, 2);
    t.open = TESTIMG_OPEN_ALL;
    testimg_draw_table(p, &t);
    testimg_text_in_cell(p, &t, 0, 0, 1, 1, "Phẩm chất", 36);
    testimg_text_in_cell(p, &t, 0, 1, 1, 1, "Mức đạt được", 36);
    for (int r = 1; r < 6; r++) {
        testimg_text_in_cell(p, &t, r, 0, 1, 1, "Chăm học, chăm làm", 36);
        testimg_text_in_cell(p, &t, r, 1, 1, 1, "T", 36);
    }
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 6);
    assert_int_equal(g[0].n_cols, 2);
    assert_int_equal(g[0].n_cells, 12);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* A form that rules only its value columns: no line at all left of the
 * first vertical one, the subject names standing free.  The names' column
 * is the table's first all the same, ending where the names begin. */
static void unruled_label_column_from_its_text(void **state)
{
    (void)state;
    static const char *const subj[6] = { "Môn học", "Toán", "Ngữ văn",
                                         "Tiếng Anh", "Lịch sử", "Địa lí" };
    PIX *p = testimg_blank(1800, 1000, 300);
    testimg_table t;
    testimg_table_init(&t, 150, 100, 6, 4, 110, 300, 2);
    t.col_w[0] = 420;
    t.open = TESTIMG_OPEN_LEFT;
    testimg_draw_table(p, &t);
    int x1 = testimg_line_x(&t, 1);
    testimg_fill(p, t.x, t.y, x1 - t.x, testimg_line_y(&t, 6) - t.y + 2,
                 0xffffff);
    int left = 1 << 30;
    for (int r = 0; r < 6; r++) {
        int w = testimg_text(p, t.x + 30, testimg_line_y(&t, r) + 30, subj[r],
                             "DejaVu Serif", 38, 0);
        (void)w;
        left = t.x + 30 < left ? t.x + 30 : left;
        for (int c = 1; c < 4; c++)
            testimg_text_in_cell(p, &t, r, c, 1, 1, r ? "8,5" : "HK I", 38);
    }
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 6);
    assert_int_equal(g[0].n_cols, 4);
    /* the first column holds the names: it starts just before them */
    assert_true(g[0].col_x[0] < left);
    assert_true(g[0].col_x[0] > left - 30);
    const hb_cell *c = grid_cell_at(&g[0], 3, 0);
    assert_non_null(c);
    assert_true(c->box.x <= left && c->box.x + c->box.w >= x1 - 5);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* Two closed tables side by side, a third of an inch apart, with text
 * in every row: neither takes the other's first column. */
static void neighbour_table_text_is_not_a_column(void **state)
{
    (void)state;
    PIX *p = testimg_blank(2400, 1000, 300);
    testimg_table a, b;
    testimg_table_init(&a, 100, 100, 6, 2, 100, 500, 2);
    testimg_table_init(&b, 1200, 100, 6, 2, 100, 500, 2);
    testimg_draw_table(p, &a);
    testimg_draw_table(p, &b);
    for (int r = 0; r < 6; r++) {
        testimg_text_in_cell(p, &a, r, 0, 1, 1, "Chăm học", 36);
        testimg_text_in_cell(p, &a, r, 1, 1, 1, "Tốt", 36);
        testimg_text(p, b.x + 12, testimg_line_y(&b, r) + 30, "Tự chủ",
                     "DejaVu Serif", 36, 0);
        testimg_text_in_cell(p, &b, r, 1, 1, 1, "Đạt", 36);
    }
    /* a note just right of the right table, in one row only */
    testimg_text(p, 2230, 340, "(1)", "DejaVu Serif", 36, 0);
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(g[i].n_cols, 2);
        assert_int_equal(g[i].n_rows, 6);
    }
    assert_near(g[0].bounds.x + g[0].bounds.w, 100 + 1000 + 2, 2);
    assert_near(g[1].bounds.x + g[1].bounds.w, 1200 + 1000 + 2, 2);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* A closed table is left as it is, even when one of its lines runs on
 * past the frame by a column's width over blank paper. */
static void closed_frame_line_running_on(void **state)
{
    (void)state;
    PIX *p = testimg_blank(1500, 800, 300);
    testimg_table t;
    testimg_table_init(&t, 100, 120, 4, 3, 110, 300, 2);
    testimg_draw_table(p, &t);
    testimg_fill(p, testimg_line_x(&t, 3), testimg_line_y(&t, 2), 200, 2, 0);
    testimg_text_in_cell(p, &t, 1, 1, 1, 1, "7,5", 38);
    size_t n = 0;
    hb_grid *g = find(p, 300, &n);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 4);
    assert_int_equal(g[0].n_cols, 3);
    assert_near(g[0].bounds.x + g[0].bounds.w, testimg_line_x(&t, 3) + 2, 2);
    grid_free_all(g, n);
    pixDestroy(&p);
}

/* Counts 8-connected components of a 1 bpp image. */
static int components(PIX *b)
{
    l_int32 n = 0;
    pixCountConnComp(b, 8, &n);
    return n;
}

/* After line removal nothing long is left, and the text is still there:
 * as many components as the text alone has (no line stubs, no letters
 * lost). */
static void remove_lines_keeps_text(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    PIX *b = to_bin(p);
    PIX *clean = grid_remove_lines(b, 300);
    assert_non_null(clean);
    /* The same page without its lines: the lines painted over in white. */
    testimg_table t2 = t;
    t2.ink = 0xffffff;
    testimg_draw_table(p, &t2); /* erase the lines from the original */
    PIX *want = to_bin(p);
    /* Within the table body (the header's text crosses the erased line
     * positions, so painting lines white would cut it): same number of
     * pieces. */
    int y2 = testimg_line_y(&t, 2);
    BOX *tb = boxCreate(t.x, y2, testimg_line_x(&t, 5) - t.x + t.thick,
                        testimg_line_y(&t, 16) - y2 + t.thick);
    PIX *got_in = pixClipRectangle(clean, tb, NULL);
    PIX *want_in = pixClipRectangle(want, tb, NULL);
    int cg = components(got_in), cw = components(want_in);
    if (abs(cg - cw) > cw / 100)
        fail_msg("%d components after line removal, %d in the text", cg, cw);
    /* No line left: no row with a long run. */
    hb_grid *g = NULL;
    size_t n = 9;
    hb_err e;
    assert_int_equal(grid_find_tables(clean, 300, &g, &n, &e), 0);
    assert_int_equal(n, 0);
    grid_free_all(g, n);
    /* And almost every text pixel kept. */
    l_int32 pg = 0, pw = 0;
    pixCountPixels(got_in, &pg, NULL);
    pixCountPixels(want_in, &pw, NULL);
    assert_true(pg >= pw * 97 / 100 && pg <= pw * 103 / 100);
    /* The bold heading above the table is text, not a line: untouched. */
    BOX *hb = boxCreate(0, 0, pixGetWidth(b), t.y - 5);
    PIX *h0 = pixClipRectangle(b, hb, NULL), *h1 = pixClipRectangle(clean, hb, NULL);
    l_int32 same = 0;
    pixEqual(h0, h1, &same);
    assert_true(same);
    pixDestroy(&h0);
    pixDestroy(&h1);
    boxDestroy(&hb);
    boxDestroy(&tb);
    pixDestroy(&got_in);
    pixDestroy(&want_in);
    pixDestroy(&want);
    pixDestroy(&clean);
    pixDestroy(&b);
    pixDestroy(&p);
}

/* Masks made once and shared give the same tables and the same page
 * without lines as the two functions that make their own. */
static void shared_masks_same_results(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    testimg_merge(p, &t, 9, 3, 1, 2);
    PIX *b = to_bin(p);
    hb_err e;
    hb_grid *g1 = NULL, *g2 = NULL;
    size_t n1 = 0, n2 = 0;
    assert_int_equal(grid_find_tables(b, 300, &g1, &n1, &e), 0);
    PIX *r1 = grid_remove_lines(b, 300);
    hb_line_masks m;
    assert_int_equal(grid_masks_make(b, 300, &m, &e), 0);
    assert_int_equal(grid_find_tables_with(b, &m, &g2, &n2, &e), 0);
    PIX *r2 = grid_remove_lines_with(b, &m);
    /* twice: the masks are not consumed */
    PIX *r3 = grid_remove_lines_with(b, &m);
    grid_masks_free(&m);
    assert_int_equal(n1, 1);
    assert_int_equal(n2, n1);
    assert_int_equal(g2[0].n_rows, g1[0].n_rows);
    assert_int_equal(g2[0].n_cols, g1[0].n_cols);
    assert_int_equal(g2[0].n_cells, g1[0].n_cells);
    for (int r = 0; r <= g1[0].n_rows; r++)
        assert_int_equal(g2[0].row_y[r], g1[0].row_y[r]);
    for (int c = 0; c <= g1[0].n_cols; c++)
        assert_int_equal(g2[0].col_x[c], g1[0].col_x[c]);
    for (size_t i = 0; i < g1[0].n_cells; i++) {
        assert_int_equal(g2[0].cells[i].box.x, g1[0].cells[i].box.x);
        assert_int_equal(g2[0].cells[i].box.w, g1[0].cells[i].box.w);
        assert_int_equal(g2[0].cells[i].colspan, g1[0].cells[i].colspan);
    }
    l_int32 same = 0;
    assert_non_null(r1);
    assert_non_null(r2);
    pixEqual(r1, r2, &same);
    assert_true(same);
    pixEqual(r1, r3, &same);
    assert_true(same);
    grid_free_all(g2, n2);
    /* bad input */
    assert_int_not_equal(grid_find_tables_with(b, NULL, &g2, &n2, &e), 0);
    assert_null(g2);
    assert_null(grid_remove_lines_with(b, NULL));
    PIX *gray = pixCreate(50, 50, 8);
    assert_int_not_equal(grid_masks_make(gray, 300, &m, &e), 0);
    grid_masks_free(&m);
    pixDestroy(&gray);
    grid_free_all(g1, n1);
    pixDestroy(&r1);
    pixDestroy(&r2);
    pixDestroy(&r3);
    pixDestroy(&b);
    pixDestroy(&p);
}

static void bad_input(void **state)
{
    (void)state;
    hb_err e;
    hb_grid *g = (hb_grid *)&e;
    size_t n = 5;
    assert_int_not_equal(grid_find_tables(NULL, 300, &g, &n, &e), 0);
    assert_int_equal(e.code, HB_EUSAGE);
    assert_null(g);
    assert_int_equal(n, 0);
    PIX *gray = pixCreate(100, 100, 8);
    assert_int_not_equal(grid_find_tables(gray, 300, &g, &n, &e), 0);
    assert_null(grid_remove_lines(gray, 300));
    pixDestroy(&gray);
    /* Degenerate images: no table, no crash. */
    int sizes[][2] = {{1, 1}, {3, 900}, {900, 2}, {64, 64}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        PIX *b = pixCreate(sizes[i][0], sizes[i][1], 1);
        assert_int_equal(grid_find_tables(b, 300, &g, &n, &e), 0);
        assert_int_equal(n, 0);
        grid_free_all(g, n);
        pixSetAll(b); /* all black */
        assert_int_equal(grid_find_tables(b, 300, &g, &n, &e), 0);
        assert_int_equal(n, 0);
        grid_free_all(g, n);
        PIX *r = grid_remove_lines(b, 0);
        assert_non_null(r);
        pixDestroy(&r);
        pixDestroy(&b);
    }
    /* An all-black page: one big blob, no table. */
    PIX *b = pixCreate(2480, 3508, 1);
    pixSetAll(b);
    assert_int_equal(grid_find_tables(b, 300, &g, &n, &e), 0);
    assert_int_equal(n, 0);
    grid_free_all(g, n);
    pixDestroy(&b);
    assert_null(grid_cell_at(NULL, 0, 0));
    grid_free_all(NULL, 0);
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Cleanup + grid on a noisy, skewed, shaded colour A4 page at 300 dpi.
 * The figure is printed (budget: 0.25 s); the assertion is only a
 * generous bound against pathologies, so that it cannot flake. */
static void time_per_page(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    testimg_shade(p, 190);
    testimg_noise(p, 3, 30, 300, 3); /* the generator's "hard" speck count */
    testimg_dark_border(p, 40, 0x181818);
    testimg_stamp(p, 1800, 3000, 200, 0xc82828);
    PIX *r = testimg_rotate(p, 1.3);
    double best = 1e9;
    /* Best of three against a busy machine; once under the sanitizers,
     * whose figure means nothing (the page is still cleaned and gridded). */
#if defined(__SANITIZE_ADDRESS__)
    const int runs = 1;
    const double bound = 9.0;
#else
    const int runs = 3;
    const double bound = 3.0;
#endif
    for (int i = 0; i < runs; i++) {
        double t0 = cpu_now();
        PIX *gray = NULL, *bin = NULL;
        hb_clean_info info;
        hb_err e;
        assert_int_equal(clean_page(r, 300, &gray, &bin, &info, &e), 0);
        double t1 = cpu_now();
        hb_grid *g = NULL;
        size_t n = 0;
        assert_int_equal(grid_find_tables(bin, 300, &g, &n, &e), 0);
        double t2 = cpu_now();
        assert_int_equal(n, 1);
        if (t2 - t0 < best)
            best = t2 - t0;
        printf("# clean %.3f s + grid %.3f s = %.3f s CPU (A4, 300 dpi, "
               "colour, skewed)\n", t1 - t0, t2 - t1, t2 - t0);
        grid_free_all(g, n);
        pixDestroy(&gray);
        pixDestroy(&bin);
    }
    assert_true(best < bound);
    pixDestroy(&r);
    pixDestroy(&p);
}

int main(void)
{
    setMsgSeverity(L_SEVERITY_NONE); /* the degenerate inputs make it talk */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(straight_page_gives_grid_and_spans),
        cmocka_unit_test(skew_plus_2_degrees),
        cmocka_unit_test(skew_minus_3_degrees_at_200_dpi),
        cmocka_unit_test(broken_and_faint_lines),
        cmocka_unit_test(missing_segment_merges_cells),
        cmocka_unit_test(several_tables_top_to_bottom),
        cmocka_unit_test(side_by_side_left_first),
        cmocka_unit_test(shadow_band_and_streaks_ignored),
        cmocka_unit_test(open_frame_recovered),
        cmocka_unit_test(stacked_stems_are_no_border),
        cmocka_unit_test(open_frame_skewed),
        cmocka_unit_test(open_frame_merged_edge_column),
        cmocka_unit_test(open_frame_one_inner_line),
        cmocka_unit_test(closed_frame_line_running_on),
        cmocka_unit_test(unruled_label_column_from_its_text),
        cmocka_unit_test(neighbour_table_text_is_not_a_column),
        cmocka_unit_test(remove_lines_keeps_text),
        cmocka_unit_test(shared_masks_same_results),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(time_per_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
