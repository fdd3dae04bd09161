/*
 * testimg.h - crafted page images for tests: ruled tables, text, scanner
 * defects (skew, broken lines, dark border, punch holes, red stamp).
 *
 * Unit tests generate what they need instead of committing large binaries.
 * Pages are 32 bpp RGB PIX (paper white); every helper draws in place.  Text
 * goes through cairo + pango with real fonts, so that orientation detection
 * and OCR have real glyphs (Vietnamese diacritics included) to work with.
 *
 * Colours are 0xRRGGBB.
 */
#ifndef HB_TESTIMG_H
#define HB_TESTIMG_H

#include <cairo.h>
#include <leptonica/allheaders.h>

#define TESTIMG_MAX_ROWS 64
#define TESTIMG_MAX_COLS 32

/* A white page of w x h pixels with its resolution set to dpi. */
PIX *testimg_blank(int w, int h, int dpi);
/* A white portrait A4 page (210 x 297 mm) at dpi. */
PIX *testimg_a4(int dpi);

/* A ruled table: the outer box's top-left corner, row heights and column
 * widths measured from line to line (left edge to left edge), and line
 * thickness.  Lines are drawn over [x, x + thick). */
typedef struct testimg_table {
    int x, y;
    int n_rows, n_cols;
    int row_h[TESTIMG_MAX_ROWS];
    int col_w[TESTIMG_MAX_COLS];
    int thick;
    unsigned ink; /* 0xRRGGBB */
    unsigned open; /* outer lines not drawn: TESTIMG_OPEN_* bits (a form
                      with inner rulings only, or a lost edge line) */
} testimg_table;

enum {
    TESTIMG_OPEN_LEFT = 1, TESTIMG_OPEN_TOP = 2, TESTIMG_OPEN_RIGHT = 4,
    TESTIMG_OPEN_BOTTOM = 8, TESTIMG_OPEN_ALL = 15
};

/* Fills t with n_rows x n_cols equal cells of row_h x col_w at (x, y). */
void testimg_table_init(testimg_table *t, int x, int y, int n_rows, int n_cols,
                        int row_h, int col_w, int thick);
/* Top edge of horizontal line r (0..n_rows), left edge of vertical line c. */
int testimg_line_y(const testimg_table *t, int r);
int testimg_line_x(const testimg_table *t, int c);
/* The inside of cell (row, col): the box between its lines. */
BOX *testimg_cell_box(const testimg_table *t, int row, int col, int rowspan,
                      int colspan);

/* Draws every line of the table (but the outer ones t->open names; the
 * inner lines still run to the table's edges). */
void testimg_draw_table(PIX *page, const testimg_table *t);
/* Erases the lines inside a span, making (row, col) one merged cell. */
void testimg_merge(PIX *page, const testimg_table *t, int row, int col,
                   int rowspan, int colspan);
/* Paints a rectangle (e.g. white to break a line, gray for a smudge). */
void testimg_fill(PIX *page, int x, int y, int w, int h, unsigned rgb);

/* Draws UTF-8 text with its top-left at (x, y); `font` is a pango family
 * list ("DejaVu Serif"), px the font size in pixels.  Returns the text's
 * width in pixels. */
int testimg_text(PIX *page, int x, int y, const char *utf8, const char *font,
                 double px, unsigned rgb);
/* Text centred in a cell of the table. */
void testimg_text_in_cell(PIX *page, const testimg_table *t, int row, int col,
                          int rowspan, int colspan, const char *utf8, double px);
/* A paragraph of running Vietnamese prose wrapped to width w from (x, y),
 * `lines` lines of it (the text repeats as needed). */
void testimg_prose(PIX *page, int x, int y, int w, int lines, double px);

/* A transcript-like year page (white, upright, no defects): a heading, a
 * header line (name, class, school year), a subject table of 14 subjects
 * with a two-row header (Môn học | Điểm trung bình các môn: HK I, HK II,
 * CN | Ghi chú, merged cells) and a paragraph of remarks below.  *t
 * receives the table's geometry (16 rows x 5 columns).  Scales with dpi. */
PIX *testimg_year_page(int dpi, testimg_table *t);
/* The same page with the table's outer lines of `open` (TESTIMG_OPEN_*)
 * not drawn. */
PIX *testimg_year_page_open(int dpi, testimg_table *t, unsigned open);

/* Scanner and office defects. */
void testimg_dark_border(PIX *page, int width, unsigned rgb);
/* n round holes of diameter d, centred at x = cx, spread down the page. */
void testimg_punch_holes(PIX *page, int n, int cx, int d, unsigned rgb);
/* A round seal: ring and inner ring with text, centred at (cx, cy). */
void testimg_stamp(PIX *page, int cx, int cy, int r, unsigned rgb);
/* Uneven lighting: the page darkens linearly to `dark` (0..255) at the right. */
void testimg_shade(PIX *page, int dark);
/* Gaussian-ish pixel noise of amplitude amp and `specks` black specks of
 * 1..size px, deterministic by seed. */
void testimg_noise(PIX *page, unsigned seed, int amp, int specks, int size);

/* The page rotated by deg degrees (Leptonica's sign: positive = clockwise),
 * white brought in, same size.  A new PIX. */
PIX *testimg_rotate(PIX *page, double deg);

/* Raw drawing: a cairo context painting into the PIX (32 bpp).  Call
 * testimg_cairo_done before using the PIX again. */
cairo_t *testimg_cairo(PIX *page);
void testimg_cairo_done(PIX *page, cairo_t *cr);

#endif
