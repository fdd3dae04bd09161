/*
 * clean_binarize.c - even paper, black and white, no specks.
 */
#include "clean_priv.h"

/* Paper gray after normalization: light enough to look like paper in the
 * review UI, below 255 so that the whitened border and holes stay
 * distinguishable when debugging. */
#define CLEAN_PAPER 240

PIX *clean_normalize_background(PIX *gray, int dpi)
{
    /* Tiles of about 4 mm hold mostly paper even in a dense table; pixels
     * darker than 100 are ink and left out of the paper estimate. */
    int t = dpi / 6 > 8 ? dpi / 6 : 8;
    if (pixGetWidth(gray) < 2 * t || pixGetHeight(gray) < 2 * t)
        return pixCopy(NULL, gray);
    PIX *n = pixBackgroundNorm(gray, NULL, NULL, t, t, 100, t * t / 4,
                               CLEAN_PAPER, 1, 1);
    return n ? n : pixCopy(NULL, gray);
}

/* Every pixel of an 8 bpp image above `cap` set to it (Leptonica's
 * pixThresholdToValue cannot: with setval == threshval it does nothing). */
static void cap_gray(PIX *pix, int cap)
{
    int w = pixGetWidth(pix), h = pixGetHeight(pix), wpl = pixGetWpl(pix);
    l_uint32 *data = pixGetData(pix);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < w; x++)
            if ((int)GET_DATA_BYTE(line, x) > cap)
                SET_DATA_BYTE(line, x, cap);
    }
}

/* Sauvola's threshold surface for gray at whsize, or NULL. */
static PIX *sauvola_threshold(PIX *gray, int whsize)
{
    int w = pixGetWidth(gray), h = pixGetHeight(gray);
    if (w < 2 * whsize + 3 || h < 2 * whsize + 3)
        whsize = (w < h ? w : h) / 2 - 2;
    if (whsize < 2)
        return NULL;
    /* Tiles keep the accumulators small on big pages. */
    int nx = (w + 1999) / 2000, ny = (h + 1999) / 2000;
    while (nx > 1 && w / nx < whsize + 3)
        nx--;
    while (ny > 1 && h / ny < whsize + 3)
        ny--;
    PIX *th = NULL;
    if (pixSauvolaBinarizeTiled(gray, whsize, 0.34f, nx, ny, &th, NULL) != 0)
        return NULL;
    /* Sauvola's dynamic range is fixed (R = 128): next to crisp black text
     * its threshold climbs to ~0.92 of the local mean, so anti-aliased
     * edges become ink, strokes fatten and small gaps close (a tilde
     * merges with the circumflex under it in "ễ" at 10 pt, the loops of a
     * small 6, 8 or 9 fill).  On plain paper with a faint line it stays
     * near 0.66 of the mean, which is what lets faint ruling through.  So
     * the cap is 2/3 of the paper gray: crisp strokes keep their printed
     * width, faint lines behave as in plain Sauvola. */
    cap_gray(th, CLEAN_PAPER * 2 / 3);
    return th;
}

PIX *clean_binarize(PIX *gray, int dpi)
{
    /* Sauvola as Tesseract 5 does it: window about a third of an inch,
     * k = 0.34 (see notes, section 1).  The threshold surface varies
     * slowly over that window, so above 250 dpi it is computed at half
     * resolution and applied at full resolution: same result within a
     * gray level or two, at less than half the cost (Sauvola was half of
     * the whole cleanup time). */
    int whsize = dpi / 6 > 7 ? dpi / 6 : 7;
    PIX *th = NULL;
    if (dpi >= 250) {
        PIX *half = pixScaleAreaMap2(gray);
        PIX *th2 = half ? sauvola_threshold(half, whsize / 2) : NULL;
        PIX *big = th2 ? pixExpandReplicate(th2, 2) : NULL;
        th = big ? pixResizeToMatch(big, NULL, pixGetWidth(gray),
                                    pixGetHeight(gray))
                 : NULL;
        pixDestroy(&big);
        pixDestroy(&th2);
        pixDestroy(&half);
    } else {
        th = sauvola_threshold(gray, whsize);
    }
    if (!th)
        return pixThresholdToBinary(gray, CLEAN_PAPER * 3 / 4);
    PIX *bin = pixVarThresholdToBinary(gray, th);
    pixDestroy(&th);
    return bin;
}

void clean_remove_specks(PIX *bin, int dpi)
{
    /* "Big" ink: components with a run longer than s pixels (1/100 inch)
     * somewhere, horizontally or vertically. */
    int s = dpi / 100 > 1 ? dpi / 100 : 1;
    PIX *seed = pixErodeBrick(NULL, bin, s + 1, 1);
    PIX *ev = pixErodeBrick(NULL, bin, 1, s + 1);
    if (!seed || !ev) {
        pixDestroy(&seed);
        pixDestroy(&ev);
        return;
    }
    pixOr(seed, seed, ev);
    pixDestroy(&ev);
    PIX *big = pixSeedfillBinary(NULL, seed, bin, 8);
    pixDestroy(&seed);
    if (!big)
        return;
    /* Small components within 1 mm of big ink are diacritics (dot below,
     * hook, tilde, the dot of i) or harmless; the rest are specks. */
    int d = dpi / 25 > 1 ? dpi / 25 : 1;
    PIX *near = pixDilateBrick(NULL, big, 2 * d + 1, 2 * d + 1);
    if (near) {
        pixAnd(near, near, bin);        /* small and big ink near big ink */
        pixOr(bin, big, near);          /* = bin without far specks */
        pixDestroy(&near);
    }
    pixDestroy(&big);
}
