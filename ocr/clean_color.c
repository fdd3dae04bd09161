/*
 * clean_color.c - a scan of any depth to gray, with red seals suppressed.
 *
 * The principal's approval on a year page carries a round red seal (con
 * dấu) stamped over the signature and often over the printed name and the
 * date.  Its ink would read as strokes through those fields, so on colour
 * scans it is pushed to paper colour before gray conversion.
 *
 * Trade-off, on purpose: only red, and only inside seal-shaped regions.
 *  - Blue is never suppressed: values and signatures are written by hand in
 *    blue (or black) ink and are exactly what must be read.
 *  - Red elsewhere is kept as ink: a teacher who corrects a transcript
 *    crosses the old value out and writes the new one in red ink next to
 *    it.  Suppressing all red would silently read the crossed-out value.
 *    Such red ink is reported (red_ink) so that extraction can flag review.
 * A seal is a red region between 15 and 80 mm on both sides, not too
 * elongated; a red correction is a few digits or one line of words.
 */
#include "clean_priv.h"

#include <stdlib.h>

/* How much red dominates a pixel: r - max(g, b). */
static int red_excess(l_uint32 px)
{
    int r = (int)(px >> 24), g = (int)((px >> 16) & 255), b = (int)((px >> 8) & 255);
    int m = g > b ? g : b;
    return r - m;
}

/* Reddish: clearly more red than green and blue, and not dark (red ink over
 * black print stays dark and is kept). */
static int is_red(l_uint32 px)
{
    return red_excess(px) >= 50 && (int)(px >> 24) >= 110;
}

/* A 1 bpp mask of reddish pixels of the sampled colour image. */
static PIX *red_mask(PIX *small)
{
    int w = pixGetWidth(small), h = pixGetHeight(small);
    PIX *m = pixCreate(w, h, 1);
    if (!m)
        return NULL;
    l_uint32 *sd = pixGetData(small), *md = pixGetData(m);
    int swpl = pixGetWpl(small), mwpl = pixGetWpl(m);
    for (int y = 0; y < h; y++) {
        l_uint32 *sl = sd + (size_t)y * swpl, *ml = md + (size_t)y * mwpl;
        for (int x = 0; x < w; x++)
            if (is_red(sl[x]))
                SET_DATA_BIT(ml, x);
    }
    return m;
}

/* Pushes red pixels of `rgb` inside box b to the paper level in `gray`,
 * with a soft ramp so that anti-aliased seal edges leave no halo. */
static void suppress_red(PIX *rgb, PIX *gray, const BOX *b, int paper)
{
    l_uint32 *sd = pixGetData(rgb), *gd = pixGetData(gray);
    int swpl = pixGetWpl(rgb), gwpl = pixGetWpl(gray);
    for (int y = b->y; y < b->y + b->h; y++) {
        l_uint32 *sl = sd + (size_t)y * swpl, *gl = gd + (size_t)y * gwpl;
        for (int x = b->x; x < b->x + b->w; x++) {
            int e = red_excess(sl[x]);
            if (e <= 25 || (int)(sl[x] >> 24) < 90)
                continue;
            int g = GET_DATA_BYTE(gl, x);
            int wgt = e >= 75 ? 256 : (e - 25) * 256 / 50;
            if (g < paper)
                g += (paper - g) * wgt / 256;
            SET_DATA_BYTE(gl, x, g);
        }
    }
}

PIX *clean_to_gray(PIX *in, int dpi, int *stamps, int *red_ink)
{
    *stamps = 0;
    *red_ink = 0;
    PIX *rgb = NULL;
    if (pixGetColormap(in))
        rgb = pixRemoveColormap(in, REMOVE_CMAP_BASED_ON_SRC);
    else
        rgb = pixClone(in);
    if (!rgb)
        return NULL;
    if (pixGetDepth(rgb) != 32) {
        PIX *g = pixConvertTo8(rgb, 0);
        pixDestroy(&rgb);
        return g;
    }
    PIX *gray = pixConvertRGBToLuminance(rgb);
    if (!gray) {
        pixDestroy(&rgb);
        return NULL;
    }
    /* Find seals on a 4x subsampled image (about 75 dpi at 300): seal rings
     * are a millimetre thick, several samples wide. */
    int f = dpi >= 250 ? 4 : 2;
    int dpis = dpi / f;
    PIX *small = pixScaleByIntSampling(rgb, f);
    PIX *mask = small ? red_mask(small) : NULL;
    l_int32 nred = 0;
    if (mask)
        pixCountPixels(mask, &nred, NULL);
    if (mask && nred > 0) {
        /* Close the ring and its lettering into one blob. */
        int k = dpis / 8 > 1 ? dpis / 8 : 2;
        PIX *closed = pixCloseSafeBrick(NULL, mask, k, k);
        BOXA *boxa = closed ? pixConnComp(closed, NULL, 8) : NULL;
        int minsz = 15 * dpis / 25, maxsz = 80 * dpis / 25;
        PIX *left = pixCopy(NULL, mask); /* red not explained by a seal */
        l_uint32 paper = 255;
        if (pixGetRankValue(gray, 8, 0.5f, &paper) != 0)
            paper = 255;
        for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
            l_int32 bx, by, bw, bh;
            boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
            int lo = bw < bh ? bw : bh, hi = bw < bh ? bh : bw;
            if (lo < minsz || hi > maxsz || hi > 2 * lo)
                continue;
            (*stamps)++;
            if (left)
                pixRasterop(left, bx, by, bw, bh, PIX_CLR, NULL, 0, 0);
            /* Back to full resolution with a 2 mm margin for the halo. */
            int m = 2 * dpi / 25;
            BOX *fb = boxCreate(bx * f - m, by * f - m, bw * f + 2 * m,
                                bh * f + 2 * m);
            BOX *cb = fb ? boxClipToRectangle(fb, pixGetWidth(gray),
                                              pixGetHeight(gray))
                         : NULL;
            if (cb)
                suppress_red(rgb, gray, cb, (int)paper);
            boxDestroy(&fb);
            boxDestroy(&cb);
        }
        /* Red left over: more than about 4 mm^2 of it (one handwritten
         * digit's worth; colour fringes of JPEG scans stay below) is
         * handwriting, most likely a correction. */
        l_int32 nleft = 0;
        if (left)
            pixCountPixels(left, &nleft, NULL);
        *red_ink = nleft * 645 > 4 * dpis * dpis;
        pixDestroy(&left);
        boxaDestroy(&boxa);
        pixDestroy(&closed);
    }
    pixDestroy(&mask);
    pixDestroy(&small);
    pixDestroy(&rgb);
    return gray;
}
