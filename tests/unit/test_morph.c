/* test_morph.c - ocr/morph.c: every brick operation is Leptonica's, bit
 * for bit, on random images of awkward widths (a word boundary inside, at
 * and beside the edge) and every size up to past a word. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "morph.h"

/* A deterministic random 1 bpp image: ink with density num/16, in runs
 * (so that openings keep something), and garbage in the pad bits (which
 * must read as outside). */
static PIX *random_image(int w, int h, int num, uint32_t seed)
{
    PIX *p = pixCreate(w, h, 1);
    assert_non_null(p);
    uint32_t s = seed * 2654435761u + 1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w;) {
            s = s * 1103515245u + 12345u;
            int run = 1 + (int)((s >> 8) % 9);
            int on = (int)((s >> 20) & 15) < num;
            for (int k = 0; k < run && x < w; k++, x++)
                if (on)
                    pixSetPixel(p, x, y, 1);
        }
    pixSetPadBits(p, 1);
    return p;
}

/* Every pixel of a and b equal (pad bits aside), and b's pad bits 0 as
 * Leptonica leaves them. */
static void assert_same(PIX *a, PIX *b)
{
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(pixGetWidth(a), pixGetWidth(b));
    assert_int_equal(pixGetHeight(a), pixGetHeight(b));
    l_int32 same = 0;
    assert_int_equal(pixEqual(a, b, &same), 0);
    assert_true(same);
    PIX *c = pixCopy(NULL, b);
    pixSetPadBits(c, 0);
    assert_memory_equal(pixGetData(c), pixGetData(b),
                        (size_t)pixGetWpl(b) * pixGetHeight(b) * 4);
    pixDestroy(&c);
}

typedef PIX *(*mine_fn)(PIX *, int, int);
typedef PIX *(*lept_fn)(PIX *, PIX *, l_int32, l_int32);

static void compare(mine_fn mine, lept_fn lept, PIX *s, int hs, int vs)
{
    PIX *clean = pixCopy(NULL, s);
    pixSetPadBits(clean, 0); /* Leptonica's own result on a clean image */
    PIX *want = lept(NULL, clean, hs, vs);
    PIX *got = mine(s, hs, vs);
    assert_same(want, got);
    pixDestroy(&want);
    pixDestroy(&got);
    pixDestroy(&clean);
}

static const int widths[] = { 1, 5, 31, 32, 33, 64, 95, 130 };

static void one_direction_all_sizes(void **state)
{
    (void)state;
    for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++) {
        int w = widths[wi];
        for (int density = 3; density <= 13; density += 5) {
            PIX *s = random_image(w, 47, density, (uint32_t)(w * 31 + density));
            for (int n = 1; n <= 40; n++) {
                compare(morph_dilate_brick, pixDilateBrick, s, n, 1);
                compare(morph_dilate_brick, pixDilateBrick, s, 1, n);
                compare(morph_erode_brick, pixErodeBrick, s, n, 1);
                compare(morph_erode_brick, pixErodeBrick, s, 1, n);
                compare(morph_open_brick, pixOpenBrick, s, n, 1);
                compare(morph_open_brick, pixOpenBrick, s, 1, n);
                compare(morph_close_brick, pixCloseBrick, s, n, 1);
                compare(morph_close_brick, pixCloseBrick, s, 1, n);
            }
            pixDestroy(&s);
        }
    }
}

static void rectangles(void **state)
{
    (void)state;
    static const int sizes[][2] = { { 3, 3 }, { 2, 5 }, { 7, 7 }, { 25, 25 },
                                    { 37, 2 }, { 4, 13 }, { 64, 3 } };
    for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++) {
        PIX *s = random_image(widths[wi], 71, 8, (uint32_t)widths[wi]);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            int hs = sizes[i][0], vs = sizes[i][1];
            compare(morph_dilate_brick, pixDilateBrick, s, hs, vs);
            compare(morph_erode_brick, pixErodeBrick, s, hs, vs);
            compare(morph_open_brick, pixOpenBrick, s, hs, vs);
            compare(morph_close_brick, pixCloseBrick, s, hs, vs);
        }
        pixDestroy(&s);
    }
}

/* A page-sized case as the cleanup meets it: a 300 dpi page's speck
 * dilation (25 x 25) and the faint-line openings at 150 dpi. */
static void page_sized(void **state)
{
    (void)state;
    PIX *s = random_image(1240, 300, 2, 7);
    compare(morph_dilate_brick, pixDilateBrick, s, 25, 25);
    compare(morph_open_brick, pixOpenBrick, s, 37, 1);
    compare(morph_open_brick, pixOpenBrick, s, 1, 25);
    pixDestroy(&s);
}

static void refuses_what_leptonica_refuses(void **state)
{
    (void)state;
    PIX *g = pixCreate(10, 10, 8);
    assert_null(morph_dilate_brick(g, 3, 3));
    assert_null(morph_dilate_brick(NULL, 3, 3));
    PIX *b = pixCreate(10, 10, 1);
    assert_null(morph_erode_brick(b, 0, 3));
    pixDestroy(&b);
    pixDestroy(&g);
}

int main(void)
{
    setMsgSeverity(L_SEVERITY_NONE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_direction_all_sizes),
        cmocka_unit_test(rectangles),
        cmocka_unit_test(page_sized),
        cmocka_unit_test(refuses_what_leptonica_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
