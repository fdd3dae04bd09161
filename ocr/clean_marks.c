/*
 * clean_marks.c - the scanner's dark border and the binder's punch holes.
 *
 * A page smaller than the scanner bed (or scanned with the lid open) gets a
 * dark frame; a page torn from a binder has round holes near one edge, which
 * the dark lid shows as black discs.  Both are *solid* dark areas, which no
 * printed or written mark is: strokes and ruling lines are under a
 * millimetre thick.  So: threshold dark, open with a 2 mm square to keep
 * only solid areas, then whiten those that touch the image edge (border) or
 * are round, hole-sized and near an edge (holes).  A dark student photo on
 * the personal page is solid too, but it neither touches the edge nor is
 * round and hole-sized, so it stays.
 */
#include "clean_priv.h"
#include "morph.h"

/* Paper level: the median of the (mostly paper) page. */
static int paper_level(PIX *gray)
{
    l_uint32 v = 200;
    if (pixGetRankValue(gray, 4, 0.5f, &v) != 0)
        return 200;
    return (int)v;
}

static int is_hole(l_int32 x, l_int32 y, l_int32 w, l_int32 h, int W, int H,
                   int dpis, l_int32 area)
{
    /* ISO 838 holes are 5-6 mm; accept 3-12 mm, round, well filled. */
    int lo = 3 * dpis / 25, hi = 12 * dpis / 25 + 1;
    if (w < lo || h < lo || w > hi || h > hi)
        return 0;
    if (w * 10 > h * 14 || h * 10 > w * 14)
        return 0;
    if (area * 10 < w * h * 6) /* a disc fills 78% of its box */
        return 0;
    /* Near an edge: within 35 mm (holes sit 10-15 mm from the edge; the
     * page may be offset on the bed). */
    int near = 35 * dpis / 25;
    return x < near || y < near || W - (x + w) < near || H - (y + h) < near;
}

int clean_whiten_marks(PIX *gray, int dpi)
{
    int W = pixGetWidth(gray), H = pixGetHeight(gray);
    int f = dpi >= 250 ? 4 : 2;
    int dpis = dpi / f;
    PIX *small = pixScaleAreaMap2(gray);
    if (small && f == 4) {
        PIX *t = pixScaleAreaMap2(small);
        pixDestroy(&small);
        small = t;
    }
    if (!small)
        return 0;
    int sw = pixGetWidth(small), sh = pixGetHeight(small);
    int paper = paper_level(small);
    PIX *dark = pixThresholdToBinary(small, paper * 55 / 100 + 1);
    int k = 2 * dpis / 25 > 2 ? 2 * dpis / 25 : 2; /* 2 mm */
    PIX *solid = dark ? morph_open_brick(dark, k, k) : NULL;
    PIXA *pixa = NULL;
    BOXA *boxa = solid ? pixConnComp(solid, &pixa, 8) : NULL;
    PIX *kill = pixCreate(sw, sh, 1);
    int n = 0;
    for (int i = 0; boxa && kill && i < boxaGetCount(boxa); i++) {
        l_int32 x, y, w, h, area = 0;
        boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
        PIX *c = pixaGetPix(pixa, i, L_CLONE);
        if (c)
            pixCountPixels(c, &area, NULL);
        int edge = x <= 1 || y <= 1 || x + w >= sw - 1 || y + h >= sh - 1;
        if (edge || is_hole(x, y, w, h, sw, sh, dpis, area)) {
            pixRasterop(kill, x, y, w, h, PIX_SRC | PIX_DST, c, 0, 0);
            n++;
        }
        pixDestroy(&c);
    }
    /* Thin remains: where the border leaves the image at a slant (a
     * skewed page) or is narrower than 2 mm, it is not solid; take the
     * dark pixels connected to the edge or to a border, within 6 mm of the
     * edge, where no content of a page sits. */
    int band = 6 * dpis / 25;
    PIX *mask = pixCreate(sw, sh, 1);
    if (mask && kill && dark && sw > 2 * band && sh > 2 * band) {
        pixSetAll(mask);
        pixRasterop(mask, band, band, sw - 2 * band, sh - 2 * band, PIX_CLR,
                    NULL, 0, 0);
        pixAnd(mask, mask, dark);
        PIX *seed = pixCreate(sw, sh, 1);
        if (seed) {
            pixSetOrClearBorder(seed, 1, 1, 1, 1, PIX_SET);
            pixOr(seed, seed, kill);
            pixAnd(seed, seed, mask);
            pixSeedfillBinary(seed, seed, mask, 8);
            l_int32 empty = 1;
            pixZero(seed, &empty);
            if (!empty) {
                pixOr(kill, kill, seed);
                n++;
            }
            pixDestroy(&seed);
        }
    }
    pixDestroy(&mask);
    if (n > 0) {
        /* The solid core plus its gray rim (scanner shadow, anti-aliased
         * hole edge): grow by about 1 mm.  Not by seed-filling the dark
         * pixels: a ruling line running into the border would carry the
         * fill into the whole table. */
        int g = dpis / 25 > 1 ? dpis / 25 : 1;
        PIX *grown = morph_dilate_brick(kill, 2 * g + 1, 2 * g + 1);
        PIX *big = grown ? pixExpandReplicate(grown, f) : NULL;
        /* The reduced image drops up to f-1 rows and columns at the right
         * and bottom: stretch the mask over them. */
        PIX *full = big ? pixResizeToMatch(big, NULL, W, H) : NULL;
        if (full)
            pixSetMasked(gray, full, 255);
        pixDestroy(&full);
        pixDestroy(&big);
        pixDestroy(&grown);
    }
    pixDestroy(&kill);
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
    pixDestroy(&solid);
    pixDestroy(&dark);
    pixDestroy(&small);
    return n;
}
