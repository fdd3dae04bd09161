/* test_scan.c - the scan simulator: deterministic, within its levels'
 * bounds, measurably degrading yet readable, stamp and signature where the
 * principal signs.  The clean page is drawn here (a ruled table of
 * Vietnamese text and an approval block) so that these tests do not depend
 * on the renderer.  Cost: about 2 s (8 s under ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

#define W 2480 /* A4 at 300 dpi */
#define H 3508

static PIX *clean_page;  /* shared by the tests, made once */
static PIX *back_page;

static void text_at(cairo_t *cr, PangoLayout *lay, double x, double y, const char *s)
{
    cairo_move_to(cr, x, y);
    pango_layout_set_text(lay, s, -1);
    pango_cairo_show_layout(cr, lay);
}

/* A page like a học bạ year page: a 30-row subject table in the upper two
 * thirds, the approval block lower right, blank paper at the top. */
static PIX *make_page(const char *row_text)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 3);
    for (int i = 0; i <= 30; i++) {
        cairo_move_to(cr, 200, 500 + i * 70);
        cairo_line_to(cr, 2280, 500 + i * 70);
    }
    for (int j = 0; j <= 4; j++) {
        cairo_move_to(cr, 200 + j * 520, 500);
        cairo_line_to(cr, 200 + j * 520, 500 + 30 * 70);
    }
    cairo_stroke(cr);
    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Serif");
    pango_font_description_set_absolute_size(fd, 42 * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    for (int i = 0; i < 30; i++)
        text_at(cr, lay, 220, 510 + i * 70, row_text);
    text_at(cr, lay, 1500, 2900, "HIỆU TRƯỞNG");
    text_at(cr, lay, 1450, 3250, "Nguyễn Văn Thành");
    pango_font_description_free(fd);
    g_object_unref(lay);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    PIX *p = pixCreate(W, H, 32);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < H; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(d + (size_t)y * stride);
        l_uint32 *line = pixGetData(p) + (size_t)y * pixGetWpl(p);
        for (int x = 0; x < W; x++) {
            uint32_t v = row[x];
            line[x] = (((v >> 16) & 0xff) << L_RED_SHIFT) | (((v >> 8) & 0xff) << L_GREEN_SHIFT) |
                      ((v & 0xff) << L_BLUE_SHIFT);
        }
    }
    cairo_surface_destroy(s);
    pixSetResolution(p, 300, 300);
    return p;
}

static int setup(void **state)
{
    (void)state;
    setMsgSeverity(L_SEVERITY_ERROR);
    clean_page = make_page("Ngữ văn   8,5   Vật lý 7.3 Hóa học 6,8");
    back_page = make_page("Lịch sử 9,0 Địa lí 5.5 Tiếng Anh 7,1");
    return clean_page && back_page ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pixDestroy(&clean_page);
    pixDestroy(&back_page);
    return 0;
}

static scan_opts opts(scan_level l, unsigned seed)
{
    scan_opts o;
    memset(&o, 0, sizeof o);
    o.level = l;
    o.seed = seed;
    o.marks = 1;
    o.stamp_text = "Trường THCS Nguyễn Du • Ninh Bình";
    o.back = back_page;
    return o;
}

/* Mean and standard deviation of the gray values in a box. */
static void box_stats(PIX *pix, int x, int y, int w, int h, double *mean, double *sd)
{
    BOX *box = boxCreate(x, y, w, h);
    PIX *cl = pixClipRectangle(pix, box, NULL);
    PIX *c = pixGetDepth(cl) == 8 ? pixClone(cl) : pixConvertRGBToLuminance(cl);
    pixDestroy(&cl);
    double s = 0, s2 = 0;
    for (int j = 0; j < (int)pixGetHeight(c); j++) {
        const l_uint32 *line = pixGetData(c) + (size_t)j * pixGetWpl(c);
        for (int i = 0; i < (int)pixGetWidth(c); i++) {
            double v = GET_DATA_BYTE(line, i);
            s += v;
            s2 += v * v;
        }
    }
    double n = (double)pixGetWidth(c) * pixGetHeight(c);
    *mean = s / n;
    *sd = sqrt(s2 / n - (s / n) * (s / n));
    pixDestroy(&c);
    boxDestroy(&box);
}

/* Text-sized dark components in the table area of a deskewed, binarized
 * page: the glyphs a reader has to see. */
static int glyph_count(PIX *pix)
{
    PIX *g = pixGetDepth(pix) == 8 ? pixClone(pix) : pixConvertRGBToLuminance(pix);
    /* Sauvola as Tesseract does it (window ~ dpi/6, k = 0.34): local
     * thresholds that follow faded ink and uneven light. */
    int dpi = pixGetXRes(pix) > 0 ? pixGetXRes(pix) : 300;
    PIX *b = NULL;
    pixSauvolaBinarizeTiled(g, dpi / 6, 0.34f, 4, 4, NULL, &b);
    PIX *d = pixDeskew(b, 2);
    int w = pixGetWidth(d), h = pixGetHeight(d);
    BOX *box = boxCreate(w / 10, (int)(h * 0.16), w * 8 / 10, (int)(h * 0.55));
    PIX *c = pixClipRectangle(d, box, NULL);
    /* Glyphs at 300 dpi: 8-60 px tall, narrower than 80 px (not rules). */
    BOXA *cc = pixConnComp(c, NULL, 8);
    int count = 0;
    for (int i = 0; i < boxaGetCount(cc); i++) {
        l_int32 bx, by, bw, bh;
        boxaGetBoxGeometry(cc, i, &bx, &by, &bw, &bh);
        double k = pixGetXRes(pix) > 0 ? 300.0 / pixGetXRes(pix) : 1.0;
        if (bh * k >= 8 && bh * k <= 60 && bw * k <= 80)
            count++;
    }
    boxaDestroy(&cc);
    boxDestroy(&box);
    pixDestroy(&c);
    pixDestroy(&d);
    pixDestroy(&b);
    pixDestroy(&g);
    return count;
}

static void level_names_round_trip(void **state)
{
    (void)state;
    scan_level l;
    for (int i = SCAN_CLEAN; i <= SCAN_HARD; i++) {
        assert_int_equal(scan_level_parse(scan_level_name((scan_level)i), &l), 0);
        assert_int_equal(l, i);
    }
    assert_int_equal(scan_level_parse("medium", &l), -1);
    assert_int_equal(scan_level_parse(NULL, &l), -1);
}

/* Every level's parameters stay inside the documented table, for many
 * seeds. */
static void params_within_level_bounds(void **state)
{
    (void)state;
    int holes[3] = {0}, borders[3] = {0};
    for (unsigned seed = 1; seed <= 300; seed++) {
        for (int l = SCAN_CLEAN; l <= SCAN_HARD; l++) {
            scan_opts o = opts((scan_level)l, seed);
            scan_params p;
            scan_params_draw(&o, W, H, 300, &p);
            double maxa = l == SCAN_CLEAN ? 0.3 : l == SCAN_TYPICAL ? 1.5 : 3.0;
            assert_true(fabs(p.angle_deg) <= maxa);
            double maxs = (l == SCAN_CLEAN ? 1 : l == SCAN_TYPICAL ? 3 : 6) * p.dpi / 25.4 + 1;
            assert_true(abs(p.shift_x) <= maxs && abs(p.shift_y) <= maxs);
            if (l == SCAN_HARD) {
                assert_true(fabs(p.angle_deg) >= 1.0);
                assert_in_range(p.dpi, 200, 260);
                assert_in_range(p.jpeg_quality, 45, 60);
                assert_true(p.fade >= 0.6 && p.fade <= 0.75);
            } else {
                assert_int_equal(p.dpi, 300);
            }
            if (l == SCAN_TYPICAL) {
                assert_in_range(p.jpeg_quality, 85, 90);
                assert_true(fabs(p.scale_x - 1) <= 0.004 && fabs(p.scale_y - 1) <= 0.004);
            }
            if (l == SCAN_CLEAN) {
                assert_int_equal(p.jpeg_quality, 0);
                assert_int_equal(p.holes, 0);
                assert_true(p.scale_x == 1.0 && p.fade == 1.0 && p.bleed == 0.0);
                assert_true(!p.border[0] && !p.border[1] && !p.border[2] && !p.border[3]);
            }
            assert_true(p.stamp && p.signature);
            holes[l] += p.holes;
            borders[l] += p.border[0] || p.border[1] || p.border[2] || p.border[3];
        }
    }
    /* Holes and lid edges appear on some typical pages, most hard ones. */
    assert_in_range(holes[SCAN_TYPICAL], 40, 120);
    assert_in_range(holes[SCAN_HARD], 140, 220);
    assert_in_range(borders[SCAN_TYPICAL], 80, 160);
    assert_int_equal(borders[SCAN_HARD], 300);
    /* An explicit dpi wins over the level's. */
    scan_opts o = opts(SCAN_HARD, 5);
    o.dpi = 400;
    scan_params p;
    scan_params_draw(&o, W, H, 300, &p);
    assert_int_equal(p.dpi, 400);
}

static void same_seed_same_bytes(void **state)
{
    (void)state;
    hb_err e;
    scan_opts o = opts(SCAN_TYPICAL, 42);
    PIX *a = scan_degrade(clean_page, &o, NULL, &e);
    PIX *b = scan_degrade(clean_page, &o, NULL, &e);
    o.seed = 43;
    PIX *c = scan_degrade(clean_page, &o, NULL, &e);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    l_int32 same = 0;
    pixEqual(a, b, &same);
    assert_true(same);
    pixEqual(a, c, &same);
    assert_false(same);
    pixDestroy(&a);
    pixDestroy(&b);
    pixDestroy(&c);
}

/* The page comes back rotated by the drawn angle (as a deskewer measures
 * it), at the drawn dpi and the matching size. */
static void skew_and_size_follow_params(void **state)
{
    (void)state;
    hb_err e;
    for (int l = SCAN_TYPICAL; l <= SCAN_HARD; l++) {
        scan_opts o = opts((scan_level)l, 7);
        scan_params p;
        PIX *s = scan_degrade(clean_page, &o, &p, &e);
        assert_non_null(s);
        assert_int_equal(pixGetXRes(s), p.dpi);
        assert_int_equal(pixGetYRes(s), p.dpi);
        assert_true(abs(pixGetWidth(s) - (int)lround(W * p.dpi / 300.0)) <= 1);
        assert_true(abs(pixGetHeight(s) - (int)lround(H * p.dpi / 300.0)) <= 1);
        PIX *g = pixConvertRGBToLuminance(s);
        PIX *b = pixThresholdToBinary(g, 130);
        l_float32 angle = 0, conf = 0;
        assert_int_equal(pixFindSkew(b, &angle, &conf), 0);
        /* Leptonica reports the angle that undoes the skew. */
        print_message("# %s: drawn %.2f deg, measured %.2f (conf %.1f)\n",
                      scan_level_name(o.level), p.angle_deg, -angle, conf);
        assert_true(fabs(-angle - p.angle_deg) < 0.15);
        pixDestroy(&b);
        pixDestroy(&g);
        pixDestroy(&s);
    }
}

/* Each level is worse than the one before (noise on blank paper, ink
 * contrast), yet the glyphs of the table survive binarization at all of
 * them, as they would for a reader. */
static void levels_degrade_but_stay_readable(void **state)
{
    (void)state;
    hb_err e;
    int clean_glyphs = glyph_count(clean_page);
    assert_true(clean_glyphs > 500);
    double noise[3], contrast[3];
    for (int l = SCAN_CLEAN; l <= SCAN_HARD; l++) {
        scan_opts o = opts((scan_level)l, 11);
        o.marks = 0;
        scan_params p;
        PIX *s = scan_degrade(clean_page, &o, &p, &e);
        assert_non_null(s);
        double k = p.dpi / 300.0, paper, ink, sd;
        /* Blank paper between the top margin and the table. */
        box_stats(s, (int)(800 * k), (int)(300 * k), (int)(800 * k), (int)(100 * k), &paper,
                  &noise[l]);
        /* A ruling line's darkness relative to the paper: the table's
         * bottom rule, sampled along a short stretch. */
        double best = 255;
        for (int dy = -40; dy <= 40; dy++) {
            int y = (int)((500 + 30 * 70) * k) + dy;
            double m;
            box_stats(s, (int)(1200 * k), y, (int)(10 * k) + 1, 1, &m, &sd);
            if (m < best)
                best = m;
        }
        ink = best;
        contrast[l] = paper - ink;
        int glyphs = glyph_count(s);
        print_message("# %s: noise sd %.1f, contrast %.0f, glyphs %d of %d\n",
                      scan_level_name(o.level), noise[l], contrast[l], glyphs, clean_glyphs);
        assert_true(glyphs > clean_glyphs * 0.85 && glyphs < clean_glyphs * 1.15);
        pixDestroy(&s);
    }
    assert_true(noise[SCAN_CLEAN] < noise[SCAN_TYPICAL]);
    assert_true(noise[SCAN_TYPICAL] < noise[SCAN_HARD]);
    assert_true(contrast[SCAN_CLEAN] > contrast[SCAN_TYPICAL]);
    assert_true(contrast[SCAN_TYPICAL] > contrast[SCAN_HARD]);
    assert_true(contrast[SCAN_HARD] > 60); /* still plainly ink on paper */
}

/* Counts pixels of a colour family in a box: red = stamp, blue = pen. */
static int count_ink(PIX *pix, int x0, int y0, int w, int h, int red)
{
    int n = 0, pw = (int)pixGetWidth(pix), ph = (int)pixGetHeight(pix);
    for (int y = y0 < 0 ? 0 : y0; y < y0 + h && y < ph; y++) {
        const l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
        for (int x = x0 < 0 ? 0 : x0; x < x0 + w && x < pw; x++) {
            int r = (int)((line[x] >> L_RED_SHIFT) & 0xff);
            int g = (int)((line[x] >> L_GREEN_SHIFT) & 0xff);
            int b = (int)((line[x] >> L_BLUE_SHIFT) & 0xff);
            if (red ? (r > g + 50 && r > b + 40) : (b > r + 40 && b > g + 25))
                n++;
        }
    }
    return n;
}

/* The red stamp sits over the approval block (lower right by default), the
 * signature's ink is there too, and nowhere else on the page. */
static void stamp_red_near_approval(void **state)
{
    (void)state;
    hb_err e;
    unsigned seed;
    scan_params p;
    scan_opts o;
    /* A seed whose signature is in blue ballpoint. */
    for (seed = 1;; seed++) {
        o = opts(SCAN_CLEAN, seed);
        scan_params_draw(&o, W, H, 300, &p);
        if (p.sig_blue)
            break;
    }
    PIX *s = scan_degrade(clean_page, &o, &p, &e);
    assert_non_null(s);
    assert_true(p.stamp_x > W / 2 && p.stamp_y > H * 2 / 3);
    int r = p.stamp_r;
    int red_in = count_ink(s, p.stamp_x - r - 40, p.stamp_y - r - 40, 2 * r + 80, 2 * r + 80, 1);
    int red_out = count_ink(s, 0, 0, W, H / 2, 1);
    int blue_in = count_ink(s, p.sig_x - 40, p.sig_y - 40, p.sig_w + 80, p.sig_h + 80, 0);
    print_message("# stamp r=%d: %d red pixels, %d elsewhere; signature %d blue\n", r, red_in,
                  red_out, blue_in);
    /* The ring alone covers 2*pi*r*(ring width) ~ 0.28 r^2 pixels. */
    assert_true(red_in > r * r / 5);
    assert_true(red_out < 50);
    assert_true(blue_in > 2000);
    pixDestroy(&s);

    /* Gray mode keeps the marks as gray ink: darker than the paper there. */
    o.gray = 1;
    s = scan_degrade(clean_page, &o, &p, &e);
    assert_non_null(s);
    assert_int_equal(pixGetDepth(s), 8);
    double m_stamp, m_paper, sd;
    box_stats(s, p.stamp_x - r, p.stamp_y - r, 2 * r, 2 * r, &m_stamp, &sd);
    box_stats(s, 800, 300, 800, 100, &m_paper, &sd);
    assert_true(m_stamp < m_paper - 10);
    pixDestroy(&s);

    /* Without marks: no red at all. */
    o.gray = 0;
    o.marks = 0;
    s = scan_degrade(clean_page, &o, &p, &e);
    assert_int_equal(count_ink(s, 0, 0, W, H, 1), 0);
    pixDestroy(&s);
}

/* An explicit approval box moves the marks there. */
static void marks_follow_approval_box(void **state)
{
    (void)state;
    scan_opts o = opts(SCAN_TYPICAL, 3);
    o.approval = (hb_box){200, 200, 900, 400};
    scan_params p;
    scan_params_draw(&o, W, H, 300, &p);
    assert_in_range(p.sig_x, 0, 1100);
    assert_in_range(p.sig_y, 0, 600);
    assert_in_range(p.stamp_x, 0, 1100);
    assert_in_range(p.stamp_y, 0, 700);
}

/* Hard pages carry the lid's dark edges where the parameters put them. */
static void hard_border_is_dark(void **state)
{
    (void)state;
    hb_err e;
    scan_opts o;
    scan_params p;
    unsigned seed;
    for (seed = 1;; seed++) {
        o = opts(SCAN_HARD, seed);
        scan_params_draw(&o, W, H, 300, &p);
        if (p.border[0] >= 20)
            break;
    }
    o.marks = 0;
    PIX *s = scan_degrade(clean_page, &o, &p, &e);
    assert_non_null(s);
    double m, sd;
    box_stats(s, 0, pixGetHeight(s) / 3, p.border[0] / 2, 200, &m, &sd);
    assert_true(m < 130);
    pixDestroy(&s);
}

static void bad_input_fails_cleanly(void **state)
{
    (void)state;
    hb_err e;
    err_clear(&e);
    scan_opts o = opts(SCAN_TYPICAL, 1);
    assert_null(scan_degrade(NULL, &o, NULL, &e));
    assert_int_equal(e.code, HB_EUSAGE);
    assert_non_null(strstr(e.msg, "scan"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(level_names_round_trip),
        cmocka_unit_test(params_within_level_bounds),
        cmocka_unit_test(same_seed_same_bytes),
        cmocka_unit_test(skew_and_size_follow_params),
        cmocka_unit_test(levels_degrade_but_stay_readable),
        cmocka_unit_test(stamp_red_near_approval),
        cmocka_unit_test(marks_follow_approval_box),
        cmocka_unit_test(hard_border_is_dark),
        cmocka_unit_test(bad_input_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
