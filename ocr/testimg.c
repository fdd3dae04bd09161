/*
 * testimg.c - crafted page images for tests (see testimg.h).
 *
 * Cairo paints straight into the PIX's pixel words: Leptonica stores an RGB
 * pixel as one 32-bit word 0xRRGGBBxx, cairo's RGB24 as 0x??RRGGBB, both in
 * native word order with rows of 4*w bytes, so a shift of every word is
 * the whole conversion.
 */
#include "testimg.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_rgb(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0,
                         ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0);
}

PIX *testimg_blank(int w, int h, int dpi)
{
    PIX *p = pixCreate(w, h, 32);
    if (!p)
        return NULL;
    pixSetAllArbitrary(p, 0xffffff00);
    pixSetResolution(p, dpi, dpi);
    return p;
}

PIX *testimg_a4(int dpi)
{
    return testimg_blank((int)lround(210.0 / 25.4 * dpi),
                         (int)lround(297.0 / 25.4 * dpi), dpi);
}

/* Cairo painting into the rectangle (x, y, w, h) of the page only: the
 * pixel words of that rectangle are converted, and the context's origin is
 * the page's.  A test page gets dozens of text calls; converting the whole
 * page each time was most of the tests' run time. */
typedef struct rect {
    int x, y, w, h;
} rect;

static void convert_rect(PIX *page, const rect *r, int to_cairo)
{
    l_uint32 *d = pixGetData(page);
    int wpl = pixGetWpl(page);
    for (int y = r->y; y < r->y + r->h; y++) {
        l_uint32 *line = d + (size_t)y * wpl;
        for (int x = r->x; x < r->x + r->w; x++)
            line[x] = to_cairo ? line[x] >> 8 : line[x] << 8;
    }
}

static cairo_t *begin_rect(PIX *page, rect *r)
{
    int W = pixGetWidth(page), H = pixGetHeight(page);
    int x1 = r->x + r->w, y1 = r->y + r->h;
    r->x = r->x < 0 ? 0 : r->x > W ? W : r->x;
    r->y = r->y < 0 ? 0 : r->y > H ? H : r->y;
    x1 = x1 < r->x ? r->x : x1 > W ? W : x1;
    y1 = y1 < r->y ? r->y : y1 > H ? H : y1;
    r->w = x1 - r->x;
    r->h = y1 - r->y;
    convert_rect(page, r, 1);
    int wpl = pixGetWpl(page);
    l_uint32 *origin = pixGetData(page) + (size_t)r->y * wpl + r->x;
    cairo_surface_t *s = cairo_image_surface_create_for_data(
        (unsigned char *)origin, CAIRO_FORMAT_RGB24, r->w, r->h, wpl * 4);
    cairo_t *cr = cairo_create(s);
    cairo_surface_destroy(s); /* the context keeps its reference */
    cairo_translate(cr, -r->x, -r->y);
    return cr;
}

static void end_rect(PIX *page, cairo_t *cr, const rect *r)
{
    cairo_surface_flush(cairo_get_target(cr));
    cairo_destroy(cr);
    convert_rect(page, r, 0);
}

cairo_t *testimg_cairo(PIX *page)
{
    rect r = {0, 0, pixGetWidth(page), pixGetHeight(page)};
    return begin_rect(page, &r);
}

void testimg_cairo_done(PIX *page, cairo_t *cr)
{
    rect r = {0, 0, pixGetWidth(page), pixGetHeight(page)};
    end_rect(page, cr, &r);
}

void testimg_table_init(testimg_table *t, int x, int y, int n_rows, int n_cols,
                        int row_h, int col_w, int thick)
{
    memset(t, 0, sizeof *t);
    t->x = x;
    t->y = y;
    t->n_rows = n_rows < TESTIMG_MAX_ROWS ? n_rows : TESTIMG_MAX_ROWS;
    t->n_cols = n_cols < TESTIMG_MAX_COLS ? n_cols : TESTIMG_MAX_COLS;
    for (int r = 0; r < t->n_rows; r++)
        t->row_h[r] = row_h;
    for (int c = 0; c < t->n_cols; c++)
        t->col_w[c] = col_w;
    t->thick = thick;
    t->ink = 0x000000;
}

int testimg_line_y(const testimg_table *t, int r)
{
    int y = t->y;
    for (int i = 0; i < r && i < t->n_rows; i++)
        y += t->row_h[i];
    return y;
}

int testimg_line_x(const testimg_table *t, int c)
{
    int x = t->x;
    for (int i = 0; i < c && i < t->n_cols; i++)
        x += t->col_w[i];
    return x;
}

BOX *testimg_cell_box(const testimg_table *t, int row, int col, int rowspan,
                      int colspan)
{
    int x0 = testimg_line_x(t, col) + t->thick;
    int y0 = testimg_line_y(t, row) + t->thick;
    int x1 = testimg_line_x(t, col + colspan);
    int y1 = testimg_line_y(t, row + rowspan);
    return boxCreate(x0, y0, x1 - x0, y1 - y0);
}

void testimg_fill(PIX *page, int x, int y, int w, int h, unsigned rgb)
{
    BOX *b = boxCreate(x, y, w, h);
    if (b) {
        pixSetInRectArbitrary(page, b, (l_uint32)rgb << 8);
        boxDestroy(&b);
    }
}

void testimg_draw_table(PIX *page, const testimg_table *t)
{
    int w = testimg_line_x(t, t->n_cols) - t->x + t->thick;
    int h = testimg_line_y(t, t->n_rows) - t->y + t->thick;
    for (int r = 0; r <= t->n_rows; r++)
        if (!(r == 0 && (t->open & TESTIMG_OPEN_TOP)) &&
            !(r == t->n_rows && (t->open & TESTIMG_OPEN_BOTTOM)))
            testimg_fill(page, t->x, testimg_line_y(t, r), w, t->thick, t->ink);
    for (int c = 0; c <= t->n_cols; c++)
        if (!(c == 0 && (t->open & TESTIMG_OPEN_LEFT)) &&
            !(c == t->n_cols && (t->open & TESTIMG_OPEN_RIGHT)))
            testimg_fill(page, testimg_line_x(t, c), t->y, t->thick, h, t->ink);
}

void testimg_merge(PIX *page, const testimg_table *t, int row, int col,
                   int rowspan, int colspan)
{
    BOX *b = testimg_cell_box(t, row, col, rowspan, colspan);
    if (b) {
        pixSetInRectArbitrary(page, b, 0xffffff00);
        boxDestroy(&b);
    }
}

static PangoLayout *make_layout(cairo_t *cr, const char *utf8,
                                const char *font, double px)
{
    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(lay, utf8, -1);
    return lay;
}

/* Draws a prepared layout (made on any context) with its top-left at
 * (x, y), converting only the pixels it can touch. */
static void show_layout(PIX *page, PangoLayout *lay, double x, double y,
                        unsigned rgb, int multiply)
{
    PangoRectangle ink, logical;
    pango_layout_get_pixel_extents(lay, &ink, &logical);
    int x0 = ink.x < logical.x ? ink.x : logical.x;
    int y0 = ink.y < logical.y ? ink.y : logical.y;
    int x1 = ink.x + ink.width > logical.x + logical.width
                 ? ink.x + ink.width : logical.x + logical.width;
    int y1 = ink.y + ink.height > logical.y + logical.height
                 ? ink.y + ink.height : logical.y + logical.height;
    rect r = {(int)floor(x) + x0 - 2, (int)floor(y) + y0 - 2, x1 - x0 + 5,
              y1 - y0 + 5};
    cairo_t *cr = begin_rect(page, &r);
    if (multiply)
        cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
    set_rgb(cr, rgb);
    cairo_move_to(cr, x, y);
    pango_cairo_update_layout(cr, lay);
    pango_cairo_show_layout(cr, lay);
    end_rect(page, cr, &r);
}

/* A context on a 1x1 surface, to make and measure layouts. */
static cairo_t *scratch_cr(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr = cairo_create(s);
    cairo_surface_destroy(s);
    return cr;
}

int testimg_text(PIX *page, int x, int y, const char *utf8, const char *font,
                 double px, unsigned rgb)
{
    cairo_t *cr = scratch_cr();
    PangoLayout *lay = make_layout(cr, utf8, font, px);
    int tw, th;
    pango_layout_get_pixel_size(lay, &tw, &th);
    show_layout(page, lay, x, y, rgb, 0);
    g_object_unref(lay);
    cairo_destroy(cr);
    return tw;
}

void testimg_text_in_cell(PIX *page, const testimg_table *t, int row, int col,
                          int rowspan, int colspan, const char *utf8, double px)
{
    BOX *b = testimg_cell_box(t, row, col, rowspan, colspan);
    if (!b)
        return;
    cairo_t *cr = scratch_cr();
    PangoLayout *lay = make_layout(cr, utf8, "DejaVu Serif", px);
    int tw, th;
    pango_layout_get_pixel_size(lay, &tw, &th);
    show_layout(page, lay, b->x + (b->w - tw) / 2, b->y + (b->h - th) / 2,
                0x000000, 0);
    g_object_unref(lay);
    cairo_destroy(cr);
    boxDestroy(&b);
}

/* Words from a transcript's remarks and headers, to make prose that has the
 * ascenders, descenders and diacritics of real Vietnamese text. */
static const char *const prose_words[] = {
    "Học", "sinh", "có", "ý", "thức", "học", "tập", "tốt,", "chăm", "chỉ,",
    "ngoan", "ngoãn,", "lễ", "phép", "với", "thầy", "cô", "giáo.", "Kết",
    "quả", "rèn", "luyện", "và", "học", "tập", "của", "năm", "học", "được",
    "đánh", "giá", "theo", "quy", "định;", "tiếp", "tục", "phát", "huy",
    "trong", "năm", "học", "tới.", "Giáo", "viên", "chủ", "nhiệm", "ghi",
    "nhận", "xét", "về", "phẩm", "chất", "năng", "lực", "đặc", "biệt.",
};

void testimg_prose(PIX *page, int x, int y, int w, int lines, double px)
{
    size_t nw = sizeof prose_words / sizeof prose_words[0];
    size_t cap = (size_t)lines * 40 * 12 + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return;
    buf[0] = '\0';
    /* Enough words for `lines` lines (about 12 per line at this size). */
    for (size_t i = 0; len + 16 < cap && i < (size_t)lines * 14; i++) {
        const char *wd = prose_words[i % nw];
        size_t l = strlen(wd);
        if (len + l + 2 >= cap)
            break;
        memcpy(buf + len, wd, l);
        len += l;
        buf[len++] = ' ';
        buf[len] = '\0';
    }
    cairo_t *scr = scratch_cr();
    PangoLayout *lay = make_layout(scr, buf, "DejaVu Serif", px);
    pango_layout_set_width(lay, w * PANGO_SCALE);
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
    pango_layout_set_spacing(lay, (int)(px * 0.5 * PANGO_SCALE));
    /* Keep only `lines` lines: clip below the last. */
    int bottom = 0;
    PangoLayoutIter *it = pango_layout_get_iter(lay);
    int n = 0;
    do {
        PangoRectangle lr;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        bottom = (lr.y + lr.height) / PANGO_SCALE;
    } while (++n < lines && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    rect r = {x - 2, y - 2, w + 4, bottom + 4};
    cairo_t *cr = begin_rect(page, &r);
    cairo_rectangle(cr, x - 2, y - 2, w + 4, bottom + 2);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, x, y);
    pango_cairo_update_layout(cr, lay);
    pango_cairo_show_layout(cr, lay);
    end_rect(page, cr, &r);
    g_object_unref(lay);
    cairo_destroy(scr);
    free(buf);
}

PIX *testimg_year_page(int dpi, testimg_table *t)
{
    return testimg_year_page_open(dpi, t, 0);
}

PIX *testimg_year_page_open(int dpi, testimg_table *t, unsigned open)
{
    static const char *const subj[14] = {
        "Toán", "Vật lí", "Hoá học", "Sinh học", "Ngữ văn", "Lịch sử",
        "Địa lí", "Tiếng Anh", "GDCD", "Công nghệ", "Thể dục", "Âm nhạc",
        "Mĩ thuật", "Tin học"};
    PIX *p = testimg_a4(dpi);
    if (!p)
        return NULL;
    double s = dpi / 300.0;
    int thick = (int)lround(3 * s) > 0 ? (int)lround(3 * s) : 1;
    testimg_text(p, (int)(600 * s), (int)(150 * s), "HỌC BẠ TRUNG HỌC CƠ SỞ",
                 "DejaVu Serif Bold", 60 * s, 0);
    testimg_text(p, (int)(200 * s), (int)(260 * s),
                 "Họ và tên: Nguyễn Thị Ngọc Ánh   Lớp: 8A   Năm học: 2019-2020",
                 "DejaVu Serif", 40 * s, 0);
    testimg_table_init(t, (int)(200 * s), (int)(360 * s), 16, 5,
                       (int)(110 * s), (int)(360 * s), thick);
    t->col_w[0] = (int)(560 * s);
    t->open = open;
    testimg_draw_table(p, t);
    testimg_merge(p, t, 0, 1, 1, 3);
    testimg_merge(p, t, 0, 0, 2, 1);
    testimg_merge(p, t, 0, 4, 2, 1);
    double px = 38 * s;
    testimg_text_in_cell(p, t, 0, 0, 2, 1, "Môn học", px);
    testimg_text_in_cell(p, t, 0, 1, 1, 3, "Điểm trung bình các môn", px);
    testimg_text_in_cell(p, t, 1, 1, 1, 1, "HK I", px);
    testimg_text_in_cell(p, t, 1, 2, 1, 1, "HK II", px);
    testimg_text_in_cell(p, t, 1, 3, 1, 1, "CN", px);
    testimg_text_in_cell(p, t, 0, 4, 2, 1, "Ghi chú", px);
    for (int r = 2; r < 16; r++) {
        char b[3][8];
        snprintf(b[0], sizeof b[0], "%d,%d", 5 + r % 5, r % 10);
        snprintf(b[1], sizeof b[1], "%d,%d", 4 + r % 6, (r * 3) % 10);
        snprintf(b[2], sizeof b[2], "%d,%d", 6 + r % 4, (r * 7) % 10);
        testimg_text_in_cell(p, t, r, 0, 1, 1, subj[r - 2], px);
        for (int c = 0; c < 3; c++)
            testimg_text_in_cell(p, t, r, c + 1, 1, 1, b[c], px);
    }
    testimg_prose(p, (int)(200 * s), testimg_line_y(t, 16) + (int)(120 * s),
                  (int)(2000 * s), 8, 40 * s);
    return p;
}

void testimg_dark_border(PIX *page, int width, unsigned rgb)
{
    int w = pixGetWidth(page), h = pixGetHeight(page);
    testimg_fill(page, 0, 0, w, width, rgb);
    testimg_fill(page, 0, h - width, w, width, rgb);
    testimg_fill(page, 0, 0, width, h, rgb);
    testimg_fill(page, w - width, 0, width, h, rgb);
}

void testimg_punch_holes(PIX *page, int n, int cx, int d, unsigned rgb)
{
    int h = pixGetHeight(page);
    rect r = {cx - d, 0, 2 * d + 1, h};
    cairo_t *cr = begin_rect(page, &r);
    set_rgb(cr, rgb);
    for (int i = 0; i < n; i++) {
        double cy = h * (i + 1.0) / (n + 1.0);
        cairo_arc(cr, cx, cy, d / 2.0, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    end_rect(page, cr, &r);
}

void testimg_stamp(PIX *page, int cx, int cy, int r, unsigned rgb)
{
    rect rr = {cx - r - r / 10 - 2, cy - r - r / 10 - 2, 2 * r + r / 5 + 5,
               2 * r + r / 5 + 5};
    cairo_t *cr = begin_rect(page, &rr);
    /* Ink on paper darkens what is under it: print under a seal stays
     * dark, as on a real stamped page. */
    cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
    set_rgb(cr, rgb);
    cairo_set_line_width(cr, r * 0.06);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    cairo_stroke(cr);
    cairo_set_line_width(cr, r * 0.03);
    cairo_arc(cr, cx, cy, r * 0.72, 0, 2 * M_PI);
    cairo_stroke(cr);
    /* A star in the middle and the school's name across it, as seals have. */
    PangoLayout *lay = make_layout(cr, "TRƯỜNG THCS", "DejaVu Sans Bold",
                                   r * 0.22);
    int tw, th;
    pango_layout_get_pixel_size(lay, &tw, &th);
    cairo_move_to(cr, cx - tw / 2.0, cy - th / 2.0);
    pango_cairo_show_layout(cr, lay);
    g_object_unref(lay);
    for (int i = 0; i < 5; i++) {
        double a = -M_PI / 2 + i * 4 * M_PI / 5;
        double x = cx + r * 0.3 * cos(a), y = cy - r * 0.35 + r * 0.3 * sin(a);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
    end_rect(page, cr, &rr);
}

void testimg_shade(PIX *page, int dark)
{
    int w = pixGetWidth(page), h = pixGetHeight(page), wpl = pixGetWpl(page);
    l_uint32 *data = pixGetData(page);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < w; x++) {
            /* scale each channel by f = 1 .. dark/255 from left to right */
            int f = 256 - (256 - dark) * x / (w > 1 ? w - 1 : 1);
            l_int32 r, g, b;
            extractRGBValues(line[x], &r, &g, &b);
            composeRGBPixel(r * f >> 8, g * f >> 8, b * f >> 8, line + x);
        }
    }
}

/* A small deterministic generator (xorshift), so that pages are
 * reproducible and tests carry no hidden global state. */
static unsigned next_rand(unsigned *s)
{
    unsigned x = *s ? *s : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

void testimg_noise(PIX *page, unsigned seed, int amp, int specks, int size)
{
    int w = pixGetWidth(page), h = pixGetHeight(page), wpl = pixGetWpl(page);
    l_uint32 *data = pixGetData(page);
    unsigned s = seed * 2654435761u + 1;
    if (amp > 0) {
        for (int y = 0; y < h; y++) {
            l_uint32 *line = data + (size_t)y * wpl;
            for (int x = 0; x < w; x++) {
                /* sum of two uniforms: a cheap bell shape */
                unsigned v = next_rand(&s);
                int n = (int)((v & 0xff) + ((v >> 8) & 0xff)) - 255;
                n = n * amp / 255;
                l_int32 r, g, b;
                extractRGBValues(line[x], &r, &g, &b);
                r += n;
                g += n;
                b += n;
                r = r < 0 ? 0 : r > 255 ? 255 : r;
                g = g < 0 ? 0 : g > 255 ? 255 : g;
                b = b < 0 ? 0 : b > 255 ? 255 : b;
                composeRGBPixel(r, g, b, line + x);
            }
        }
    }
    for (int i = 0; i < specks; i++) {
        int x = (int)(next_rand(&s) % (unsigned)w);
        int y = (int)(next_rand(&s) % (unsigned)h);
        int sz = 1 + (int)(next_rand(&s) % (unsigned)(size > 0 ? size : 1));
        testimg_fill(page, x, y, sz, sz, 0x202020);
    }
}

PIX *testimg_rotate(PIX *page, double deg)
{
    return pixRotate(page, (float)(deg * M_PI / 180.0), L_ROTATE_AREA_MAP,
                     L_BRING_IN_WHITE, 0, 0);
}
