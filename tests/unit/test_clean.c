/*
 * test_clean.c - page cleanup on crafted pages: orientation, diacritics
 * through speck removal, dark border and punch holes, red seal, dpi, bad
 * input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "clean.h"
#include "clean_priv.h"
#include "grid.h"
#include "testimg.h"

typedef struct cleaned {
    PIX *gray, *bin;
    hb_clean_info info;
} cleaned;

static cleaned clean_ok(PIX *in, int dpi)
{
    cleaned c = {0};
    hb_err e;
    if (clean_page(in, dpi, &c.gray, &c.bin, &c.info, &e) != 0)
        fail_msg("clean_page: %s", e.msg);
    assert_non_null(c.gray);
    assert_non_null(c.bin);
    assert_int_equal(pixGetDepth(c.gray), 8);
    assert_int_equal(pixGetDepth(c.bin), 1);
    assert_int_equal(pixGetWidth(c.gray), pixGetWidth(c.bin));
    assert_int_equal(pixGetHeight(c.gray), pixGetHeight(c.bin));
    assert_int_equal(pixGetXRes(c.bin), c.info.dpi);
    assert_int_equal(pixGetXRes(c.gray), c.info.dpi);
    return c;
}

static void cleaned_free(cleaned *c)
{
    pixDestroy(&c->gray);
    pixDestroy(&c->bin);
}

static l_int32 ink_in(PIX *bin, int x, int y, int w, int h)
{
    BOX *b = boxCreate(x, y, w, h);
    PIX *c = pixClipRectangle(bin, b, NULL);
    l_int32 n = 0;
    if (c)
        pixCountPixels(c, &n, NULL);
    pixDestroy(&c);
    boxDestroy(&b);
    return n;
}

/* The year page turned by `quads` clockwise quarters comes back upright:
 * the right correction is reported, and the table is found where it was
 * drawn. */
static void upright(int quads, int dpi)
{
    testimg_table t;
    PIX *p = testimg_year_page(dpi, &t);
    PIX *r = pixRotateOrth(p, quads);
    pixSetResolution(r, dpi, dpi);
    cleaned c = clean_ok(r, dpi);
    assert_int_equal(c.info.rotation, (4 - quads) % 4 * 90);
    assert_true(pixGetHeight(c.bin) > pixGetWidth(c.bin));
    hb_grid *g = NULL;
    size_t n = 0;
    hb_err e;
    assert_int_equal(grid_find_tables(c.bin, dpi, &g, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 16);
    assert_true(abs(g[0].bounds.x - t.x) <= 2);
    assert_true(abs(g[0].bounds.y - t.y) <= 2);
    /* The merged header cell is top-left, not bottom-right. */
    assert_int_equal(grid_cell_at(&g[0], 0, 0)->rowspan, 2);
    grid_free_all(g, n);
    cleaned_free(&c);
    pixDestroy(&r);
    pixDestroy(&p);
}

static void upright_page_stays(void **state)
{
    (void)state;
    upright(0, 300);
}

static void quarter_turn_clockwise(void **state)
{
    (void)state;
    upright(1, 300);
}

static void upside_down(void **state)
{
    (void)state;
    upright(2, 200);
}

static void quarter_turn_counterclockwise(void **state)
{
    (void)state;
    upright(3, 200);
}

/* When the two cues decide without OSD: both beyond CLEAN_UPDOWN_SURE, or
 * strong marks with the ink weak but not against them (scores measured on
 * generated table pages whose weak ink made OSD run); everything else,
 * a page with too few marks to count (0) included, goes to OSD. */
static void cues_decide_alone(void **state)
{
    (void)state;
    assert_int_equal(clean_half_turn_by_cues(59.3f, 26.9f), 0);
    assert_int_equal(clean_half_turn_by_cues(-59.3f, -26.9f), 1);
    assert_int_equal(clean_half_turn_by_cues(24.2f, 7.3f), 0);
    assert_int_equal(clean_half_turn_by_cues(-24.2f, -7.3f), 1);
    assert_int_equal(clean_half_turn_by_cues(40.9f, 0.0f), 0);
    /* the ink against strong marks, weak marks, or no marks: OSD */
    assert_int_equal(clean_half_turn_by_cues(24.2f, -7.3f), -1);
    assert_int_equal(clean_half_turn_by_cues(-24.2f, 7.3f), -1);
    assert_int_equal(clean_half_turn_by_cues(11.1f, 15.6f), -1);
    assert_int_equal(clean_half_turn_by_cues(0.0f, 44.0f), -1);
    assert_int_equal(clean_half_turn_by_cues(0.0f, -17.6f), -1);
}

/* The cheap up/down cues on a small binary copy of the year page: both
 * clearly positive upright, clearly negative upside down (the same page
 * turned, so nothing but orientation differs). */
static void updown_cues_agree(void **state)
{
    (void)state;
    testimg_table t;
    PIX *p = testimg_year_page(300, &t);
    PIX *g = pixConvertTo8(p, 0);
    PIX *s2 = pixScaleAreaMap2(g);
    PIX *s1 = pixThresholdToBinary(s2, 170);
    PIX *f = pixRotateOrth(s1, 2);
    float m, k, fm, fk;
    clean_updown_cues(s1, 150, &m, &k);
    clean_updown_cues(f, 150, &fm, &fk);
    if (!(m > CLEAN_UPDOWN_SURE && k > CLEAN_UPDOWN_SURE))
        fail_msg("upright page: marks %.1f ink %.1f", m, k);
    if (!(fm < -CLEAN_UPDOWN_SURE && fk < -CLEAN_UPDOWN_SURE))
        fail_msg("upside-down page: marks %.1f ink %.1f", fm, fk);
    assert_int_equal(clean_needs_half_turn(s1, 150), 0);
    assert_int_equal(clean_needs_half_turn(f, 150), 1);
    pixDestroy(&f);
    pixDestroy(&s1);
    pixDestroy(&s2);
    pixDestroy(&g);
    pixDestroy(&p);
}

/* The arbiter for unclear pages: Tesseract's OSD on prose without
 * Vietnamese marks (the cheap cues' favourite evidence is missing). */
static void osd_arbiter(void **state)
{
    (void)state;
    PIX *p = testimg_a4(150);
    testimg_text(p, 100, 150,
                 "Student transcript, school year 2019-2020, grade eight.",
                 "DejaVu Serif", 20, 0);
    for (int i = 0; i < 14; i++)
        testimg_text(p, 100, 230 + 40 * i,
                     "Results of the year: the student passed all subjects "
                     "and was promoted; conduct good, study fair.",
                     "DejaVu Serif", 18, 0);
    PIX *g = pixConvertTo8(p, 0);
    PIX *b = pixThresholdToBinary(g, 170);
    PIX *f = pixRotateOrth(b, 2);
    assert_int_equal(clean_osd_half_turn(b, 150), 0);
    assert_int_equal(clean_osd_half_turn(f, 150), 1);
    /* Nothing to read: unknown, not a guess. */
    PIX *blank = pixCreate(1240, 1754, 1);
    assert_int_equal(clean_osd_half_turn(blank, 150), -1);
    pixDestroy(&blank);
    pixDestroy(&f);
    pixDestroy(&b);
    pixDestroy(&g);
    pixDestroy(&p);
}

/* The small components (marks: dots below, hooks, tildes, breves, the dot
 * of i) of a 1 bpp image. */
static BOXA *marks_of(PIX *b, int dpi)
{
    BOXA *all = pixConnComp(b, NULL, 8);
    BOXA *m = boxaSelectBySize(all, dpi * 6 / 100, dpi * 4 / 100,
                               L_SELECT_IF_BOTH, L_SELECT_IF_LTE, NULL);
    boxaDestroy(&all);
    return m;
}

/* Dots below, hooks and tildes are separate small components: speck
 * removal must keep every one of them, at 200 and 300 dpi, in a small
 * 10 pt font, while specks on blank paper go. */
static void diacritics(int dpi)
{
    PIX *p = testimg_a4(dpi);
    double pt = dpi / 72.0; /* pixels per point */
    const char *line = "ạ ị ọ ả ẹ ỵ ụ ũ ỡ ặ ậ ỹ ẽ Nguyễn Thị Ngọc Ảnh";
    int x = dpi / 2, y = dpi, wpx;
    wpx = testimg_text(p, x, y, line, "DejaVu Serif", 10 * pt, 0);
    int hpx = (int)(20 * pt);
    /* Reference: the clean rendering thresholded. */
    PIX *g0 = pixConvertTo8(p, 0);
    PIX *b0 = pixThresholdToBinary(g0, 128);
    BOX *tb = boxCreate(x - 10, y - 10, wpx + 20, hpx + 20);
    PIX *c0 = pixClipRectangle(b0, tb, NULL);
    BOXA *want = marks_of(c0, dpi);
    l_int32 nall0 = 0;
    pixCountConnComp(c0, 8, &nall0);
    /* 13 dots below / hooks / tildes / breves in the first group, more in
     * the name. */
    assert_true(boxaGetCount(want) >= 18);
    /* Specks on the blank lower half: single pixels and 2 px squares. */
    for (int i = 0; i < 300; i++) {
        int sx = 50 + (i * 7919) % (pixGetWidth(p) - 100);
        int sy = pixGetHeight(p) / 2 + (i * 104729) % (pixGetHeight(p) / 3);
        int sz = 1 + (i % 2) * (dpi >= 300 ? 1 : 0);
        testimg_fill(p, sx, sy, sz, sz, 0x000000);
    }
    cleaned c = clean_ok(p, dpi);
    assert_true(c.info.skew_deg == 0.0f && c.info.rotation == 0);
    PIX *c1 = pixClipRectangle(c.bin, tb, NULL);
    BOXA *got = marks_of(c1, dpi);
    /* Every mark is still there, at its place, on its own (not merged into
     * its letter, not split). */
    for (int i = 0; i < boxaGetCount(want); i++) {
        l_int32 wx, wy, ww, wh, found = 0;
        boxaGetBoxGeometry(want, i, &wx, &wy, &ww, &wh);
        for (int k = 0; k < boxaGetCount(got) && !found; k++) {
            l_int32 gx, gy, gw, gh;
            boxaGetBoxGeometry(got, k, &gx, &gy, &gw, &gh);
            found = abs(2 * gx + gw - 2 * wx - ww) <= 4 &&
                    abs(2 * gy + gh - 2 * wy - wh) <= 4;
        }
        if (!found)
            fail_msg("%d dpi: the mark at %d,%d (%dx%d) is lost", dpi, wx, wy,
                     ww, wh);
    }
    assert_int_equal(boxaGetCount(got), boxaGetCount(want));
    /* Letters may touch a little more after binarization, no more. */
    l_int32 nall1 = 0;
    pixCountConnComp(c1, 8, &nall1);
    assert_true(nall1 <= nall0 && nall1 >= nall0 - 3);
    assert_int_equal(ink_in(c.bin, 0, pixGetHeight(p) / 2, pixGetWidth(p),
                            pixGetHeight(p) / 2 - 10),
                     0);
    boxaDestroy(&got);
    boxaDestroy(&want);
    pixDestroy(&c1);
    pixDestroy(&c0);
    boxDestroy(&tb);
    pixDestroy(&b0);
    pixDestroy(&g0);
    cleaned_free(&c);
    pixDestroy(&p);
}

static void diacritics_survive_specks_300(void **state)
{
    (void)state;
    diacritics(300);
}

static void diacritics_survive_specks_200(void **state)
{
    (void)state;
    diacritics(200);
}

/* A dark scanner frame and two punch holes go; the text and the table
 * stay.  The page is straight so that positions can be compared. */
static void border_and_holes_removed(void **state)
{
    (void)state;
    int dpi = 200;
    testimg_table t;
    PIX *p = testimg_year_page(dpi, &t);
    int W = pixGetWidth(p), H = pixGetHeight(p);
    int bw = dpi / 6, hole = dpi / 4, hx = dpi / 3; /* 6 mm holes */
    testimg_dark_border(p, bw, 0x1a1a1a);
    testimg_punch_holes(p, 2, hx, hole, 0x101010);
    cleaned c = clean_ok(p, dpi);
    assert_true(c.info.skew_deg == 0.0f && c.info.rotation == 0);
    assert_int_equal(ink_in(c.bin, 0, 0, W, bw + 4), 0);
    assert_int_equal(ink_in(c.bin, 0, H - bw - 4, W, bw + 4), 0);
    assert_int_equal(ink_in(c.bin, 0, 0, bw + 4, H), 0);
    assert_int_equal(ink_in(c.bin, W - bw - 4, 0, bw + 4, H), 0);
    for (int i = 1; i <= 2; i++) {
        int cy = H * i / 3;
        assert_int_equal(ink_in(c.bin, hx - hole, cy - hole, 2 * hole, 2 * hole), 0);
    }
    /* The gray image shows paper there too. */
    l_uint32 v = 0;
    pixGetPixel(c.gray, hx, H / 3, &v);
    assert_true(v > 200);
    pixGetPixel(c.gray, bw / 2, H / 2, &v);
    assert_true(v > 200);
    hb_grid *g = NULL;
    size_t n = 0;
    hb_err e;
    assert_int_equal(grid_find_tables(c.bin, dpi, &g, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(g[0].n_rows, 16);
    assert_int_equal(g[0].n_cols, 5);
    grid_free_all(g, n);
    /* The prose below the table is still there. */
    assert_true(ink_in(c.bin, t.x, testimg_line_y(&t, 16) + dpi / 3, W / 2,
                       dpi / 2) > 1000);
    cleaned_free(&c);
    pixDestroy(&p);
}

/* A red seal over the principal's printed name: the seal goes, the name
 * stays; blue handwriting stays; red handwriting elsewhere is kept as ink
 * and reported. */
static void red_seal_suppressed(void **state)
{
    (void)state;
    int dpi = 300;
    PIX *p = testimg_a4(dpi);
    testimg_prose(p, 200, 200, 2000, 6, 40);
    int nx = 1500, ny = 2900;
    int nw = testimg_text(p, nx, ny, "Nguyễn Văn Bình", "DejaVu Serif", 42, 0);
    int bx = 300, by = 1500;
    testimg_text(p, bx, by, "Điểm: 7,5 (Bảy rưỡi)", "DejaVu Sans", 60, 0x1c2cb0);
    /* Reference ink of the name alone. */
    cleaned ref = clean_ok(p, dpi);
    l_int32 name_ink = ink_in(ref.bin, nx, ny, nw, 60);
    assert_true(name_ink > 500);
    assert_int_equal(ref.info.stamps, 0);
    assert_int_equal(ref.info.red_ink, 0);
    cleaned_free(&ref);

    testimg_stamp(p, nx + nw / 2, ny + 20, 200, 0xd42a2a);
    cleaned c = clean_ok(p, dpi);
    assert_int_equal(c.info.stamps, 1);
    assert_int_equal(c.info.red_ink, 0);
    /* Ring area above the name: nothing left of the seal. */
    assert_int_equal(ink_in(c.bin, nx + nw / 2 - 220, ny - 220, 440, 180), 0);
    l_int32 after = ink_in(c.bin, nx, ny, nw, 60);
    if (abs(after - name_ink) > name_ink / 10)
        fail_msg("name ink %d without seal, %d with the seal suppressed",
                 name_ink, after);
    /* Blue handwriting is read, not suppressed. */
    assert_true(ink_in(c.bin, bx, by, 600, 80) > 2000);
    cleaned_free(&c);

    /* A correction in red ink elsewhere: kept, and reported. */
    int cx = 1400, cy = 1500;
    testimg_text(p, cx, cy, "8,0", "DejaVu Sans", 60, 0xd42a2a);
    c = clean_ok(p, dpi);
    assert_int_equal(c.info.stamps, 1);
    assert_int_equal(c.info.red_ink, 1);
    assert_true(ink_in(c.bin, cx, cy, 150, 80) > 800);
    cleaned_free(&c);
    pixDestroy(&p);
}

/* Resolution: the scan's when believable, else the caller's; kept on the
 * outputs. */
static void dpi_is_kept(void **state)
{
    (void)state;
    PIX *p = testimg_blank(800, 1100, 200);
    testimg_prose(p, 60, 60, 680, 5, 28);
    cleaned c = clean_ok(p, 300);
    assert_int_equal(c.info.dpi, 200);
    cleaned_free(&c);
    pixSetXRes(p, 0);
    pixSetYRes(p, 0);
    c = clean_ok(p, 400);
    assert_int_equal(c.info.dpi, 400);
    cleaned_free(&c);
    pixSetResolution(p, 72, 72); /* an image library's "unknown" */
    c = clean_ok(p, 0);
    assert_int_equal(c.info.dpi, 300);
    cleaned_free(&c);
    pixDestroy(&p);
}

/* Odd inputs: a clean error or a sane result, never a crash. */
static void corrupt_and_odd_input(void **state)
{
    (void)state;
    PIX *gray = NULL, *bin = NULL;
    hb_clean_info info;
    hb_err e;
    assert_int_not_equal(clean_page(NULL, 300, &gray, &bin, &info, &e), 0);
    assert_int_equal(e.code, HB_EUSAGE);
    PIX *tiny = pixCreate(1, 1, 32);
    assert_int_not_equal(clean_page(tiny, 300, &gray, &bin, &info, &e), 0);
    assert_int_equal(e.code, HB_EFORMAT);
    assert_null(gray);
    assert_null(bin);
    pixDestroy(&tiny);
    /* All black, all white, 1 bpp, colormapped, 16 bpp, thin strips. */
    PIX *black = pixCreate(600, 850, 8);
    pixSetAll(black);
    pixSetAllGray(black, 0);
    cleaned c = clean_ok(black, 75);
    cleaned_free(&c);
    PIX *white = pixCreate(600, 850, 8);
    pixSetAll(white);
    c = clean_ok(white, 75);
    l_int32 n = 1;
    pixCountPixels(c.bin, &n, NULL);
    assert_int_equal(n, 0);
    cleaned_free(&c);
    PIX *one = pixCreate(600, 850, 1);
    pixRasterop(one, 50, 50, 500, 3, PIX_SET, NULL, 0, 0);
    c = clean_ok(one, 75);
    cleaned_free(&c);
    PIX *cm = pixConvertGrayToColormap(white);
    c = clean_ok(cm, 75);
    cleaned_free(&c);
    PIX *d16 = pixConvert8To16(white, 8);
    c = clean_ok(d16, 75);
    cleaned_free(&c);
    PIX *strip = pixCreate(4000, 41, 32);
    c = clean_ok(strip, 300);
    cleaned_free(&c);
    /* A clean page with info == NULL is fine too. */
    assert_int_equal(clean_page(white, 300, &gray, &bin, NULL, &e), 0);
    pixDestroy(&gray);
    pixDestroy(&bin);
    pixDestroy(&strip);
    pixDestroy(&d16);
    pixDestroy(&cm);
    pixDestroy(&one);
    pixDestroy(&white);
    pixDestroy(&black);
}

/* A deterministic noisy 8 bpp image. */
static PIX *noise_gray(int w, int h, uint32_t seed)
{
    PIX *p = pixCreate(w, h, 8);
    assert_non_null(p);
    uint32_t s = seed * 2654435761u + 7;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            s = s * 1103515245u + 12345u;
            pixSetPixel(p, x, y, (s >> 16) & 255);
        }
    return p;
}

/* Thresholding against the half-resolution map directly gives what
 * expanding the map to the page's size and thresholding gave, odd sizes
 * included (the page's last row and column have no map pixel of their
 * own). */
static void threshold_by_map_is_the_expanded_map(void **state)
{
    (void)state;
    static const int sizes[][2] = { { 64, 64 }, { 67, 45 }, { 33, 98 },
                                    { 65, 3 }, { 2, 2 }, { 130, 71 } };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int w = sizes[i][0], h = sizes[i][1];
        PIX *g = noise_gray(w, h, (uint32_t)i);
        for (int f = 1; f <= 2; f++) {
            PIX *th = noise_gray(w / f, h / f, (uint32_t)(i + 100 * f));
            PIX *big = f == 1 ? pixClone(th) : pixExpandReplicate(th, f);
            PIX *full = pixResizeToMatch(big, NULL, w, h);
            PIX *want = pixVarThresholdToBinary(g, full);
            PIX *got = clean_threshold_by_map(g, th, f);
            assert_non_null(want);
            assert_non_null(got);
            l_int32 same = 0;
            pixEqual(want, got, &same);
            assert_true(same);
            pixDestroy(&got);
            pixDestroy(&want);
            pixDestroy(&full);
            pixDestroy(&big);
            pixDestroy(&th);
        }
        pixDestroy(&g);
    }
}

/* The deskew rotation is pixRotate's area map, bit for bit, at small and
 * larger angles of both signs, on odd and even sizes. */
static void rotation_is_leptonicas(void **state)
{
    (void)state;
    static const int sizes[][2] = { { 64, 64 }, { 67, 45 }, { 33, 98 },
                                    { 1201, 1703 } };
    static const float deg[] = { 0.1f, -0.1f, 0.344f, -1.016f, 2.5f, -7.0f,
                                 0.05f, 30.0f };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        PIX *g = noise_gray(sizes[i][0], sizes[i][1], (uint32_t)(i + 9));
        for (size_t k = 0; k < sizeof deg / sizeof deg[0]; k++) {
            /* the page-sized one (large coordinates) at two angles only */
            if (sizes[i][0] > 1000 && k != 2 && k != 3)
                continue;
            float a = deg[k] * 3.14159265f / 180.0f;
            PIX *want = pixRotate(g, a, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
                                  pixGetWidth(g), pixGetHeight(g));
            PIX *got = clean_rotate_gray(g, a);
            assert_non_null(want);
            assert_non_null(got);
            l_int32 same = 0;
            pixEqual(want, got, &same);
            assert_true(same);
            pixDestroy(&got);
            pixDestroy(&want);
        }
        pixDestroy(&g);
    }
}

/* The gray conversion is Leptonica's luminance for every one of the 2^24
 * colours (a 4096 x 4096 image holding each once). */
static void gray_is_leptonicas_luminance(void **state)
{
    (void)state;
    PIX *rgb = pixCreate(4096, 4096, 32);
    assert_non_null(rgb);
    l_uint32 *d = pixGetData(rgb);
    for (l_uint32 c = 0; c < (1u << 24); c++)
        d[c] = c << 8 | (c & 255); /* some junk in the unused low byte */
    PIX *want = pixConvertRGBToLuminance(rgb);
    PIX *got = clean_rgb_to_gray(rgb);
    assert_non_null(want);
    assert_non_null(got);
    l_int32 same = 0;
    pixEqual(want, got, &same);
    assert_true(same);
    pixDestroy(&got);
    pixDestroy(&want);
    pixDestroy(&rgb);
}

int main(void)
{
    setMsgSeverity(L_SEVERITY_NONE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threshold_by_map_is_the_expanded_map),
        cmocka_unit_test(rotation_is_leptonicas),
        cmocka_unit_test(gray_is_leptonicas_luminance),
        cmocka_unit_test(upright_page_stays),
        cmocka_unit_test(quarter_turn_clockwise),
        cmocka_unit_test(upside_down),
        cmocka_unit_test(quarter_turn_counterclockwise),
        cmocka_unit_test(updown_cues_agree),
        cmocka_unit_test(cues_decide_alone),
        cmocka_unit_test(osd_arbiter),
        cmocka_unit_test(diacritics_survive_specks_300),
        cmocka_unit_test(diacritics_survive_specks_200),
        cmocka_unit_test(border_and_holes_removed),
        cmocka_unit_test(red_seal_suppressed),
        cmocka_unit_test(dpi_is_kept),
        cmocka_unit_test(corrupt_and_odd_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
