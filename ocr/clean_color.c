/*
 * clean_color.c - a scan of any depth to gray, with red seals suppressed.
 *
 * The principal's approval on a year page carries a round red seal (con
 * dấu) stamped over the signature and often over the printed name and the
 * date.  Its ink would read as strokes through those fields, so on colour
 * scans it is pushed to paper colour before gray conversion.
 *
 * Inside a seal's box the gray is taken from the red channel (see
 * seal_to_red_channel), which removes the seal and keeps the print under
 * it.
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
 * On a worn book scanned badly the seal is faded and patchy: it is looked
 * for with a looser notion of red than the leftover red ink is.
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

/* Reddish: clearly more red than green and blue, and not dark (red ink
 * over black print stays dark and is kept).  `loose` is for finding seals:
 * a faded, patchy stamp on a blurred scan keeps an excess of only 20-80;
 * the strict test is for red handwriting, which is fresh and saturated. */
static int is_red(l_uint32 px, int loose)
{
    return loose ? red_excess(px) >= 30 && (int)(px >> 24) >= 100
                 : red_excess(px) >= 50 && (int)(px >> 24) >= 110;
}

/* A 1 bpp mask of reddish pixels of the sampled colour image. */
static PIX *red_mask(PIX *small, int loose)
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
            if (is_red(sl[x], loose))
                SET_DATA_BIT(ml, x);
    }
    return m;
}

/* The median of the red channel over the pixels of box b whose red excess
 * is in [elo, ehi) and red channel at least rmin; -1 when none. */
static int median_red(PIX *rgb, const BOX *b, int elo, int ehi, int rmin)
{
    int hist[256] = {0}, n = 0;
    l_uint32 *sd = pixGetData(rgb);
    int swpl = pixGetWpl(rgb);
    for (int y = b->y; y < b->y + b->h; y++) {
        l_uint32 *sl = sd + (size_t)y * swpl;
        for (int x = b->x; x < b->x + b->w; x++) {
            int e = red_excess(sl[x]), r = (int)(sl[x] >> 24);
            if (e >= elo && e < ehi && r >= rmin) {
                hist[r]++;
                n++;
            }
        }
    }
    for (int v = 0, acc = 0; v < 256 && n > 0; v++)
        if ((acc += hist[v]) * 2 >= n)
            return v;
    return -1;
}

/* Inside box b (a seal and its margin), gray comes from the red channel.
 * Stamp ink is red because it lets red light through: in the red channel
 * the page looks almost as if it had not been stamped, while black print
 * under the seal (which a stamp darkens, not replaces) and a blue or black
 * signature stay dark.  "Almost": the ink passes 80-90 % of the red, which
 * is divided out (seal pixels' median red against the paper's), in
 * proportion to how red a pixel is, so that neutral print is untouched.
 * On neutral paper and print the red channel is the luminance within a few
 * levels: the box leaves no seam. */
static void seal_to_red_channel(PIX *rgb, PIX *gray, const BOX *b)
{
    int paper = median_red(rgb, b, -255, 12, 150);
    int seal = median_red(rgb, b, 30, 256, 0);
    /* gain * 256: paper / seal, within 1..1.6 */
    int gain = paper > 0 && seal > 0 ? paper * 256 / seal : 256;
    gain = gain < 256 ? 256 : gain > 410 ? 410 : gain;
    l_uint32 *sd = pixGetData(rgb), *gd = pixGetData(gray);
    int swpl = pixGetWpl(rgb), gwpl = pixGetWpl(gray);
    for (int y = b->y; y < b->y + b->h; y++) {
        l_uint32 *sl = sd + (size_t)y * swpl, *gl = gd + (size_t)y * gwpl;
        for (int x = b->x; x < b->x + b->w; x++) {
            int r = (int)(sl[x] >> 24), e = red_excess(sl[x]);
            /* weight 0..256: red excess 12 (yellowed paper) to 40 */
            int w = e <= 12 ? 0 : e >= 40 ? 256 : (e - 12) * 256 / 28;
            int g = r * (256 * 256 + (gain - 256) * w) / (256 * 256);
            SET_DATA_BYTE(gl, x, g > 255 ? 255 : g);
        }
    }
}

PIX *clean_rgb_to_gray(PIX *rgb)
{
    /* Leptonica's luminance (pixConvertRGBToLuminance): per pixel
     * (int)(0.3f r + 0.5f g + 0.2f b + 0.5), the sum in float, the
     * rounding term in double.  The products come from tables instead of
     * three conversions and multiplications per pixel: the same float
     * values, added in the same order (test_clean checks all 2^24
     * colours). */
    if (!rgb || pixGetDepth(rgb) != 32)
        return NULL;
    int w = pixGetWidth(rgb), h = pixGetHeight(rgb);
    PIX *gray = pixCreate(w, h, 8);
    if (!gray)
        return NULL;
    pixCopyResolution(gray, rgb);
    float rt[256], gt[256], bt[256];
    for (int v = 0; v < 256; v++) {
        rt[v] = L_RED_WEIGHT * (float)v;
        gt[v] = L_GREEN_WEIGHT * (float)v;
        bt[v] = L_BLUE_WEIGHT * (float)v;
    }
    l_uint32 *sd = pixGetData(rgb), *gd = pixGetData(gray);
    int swpl = pixGetWpl(rgb), gwpl = pixGetWpl(gray);
    for (int y = 0; y < h; y++) {
        const l_uint32 *sl = sd + (size_t)y * swpl;
        l_uint32 *gl = gd + (size_t)y * gwpl;
        for (int x = 0; x < w; x++) {
            l_uint32 px = sl[x];
            float sum = rt[px >> 24] + gt[(px >> 16) & 255] + bt[(px >> 8) & 255];
            SET_DATA_BYTE(gl, x, (int)(sum + 0.5));
        }
    }
    return gray;
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
    PIX *gray = clean_rgb_to_gray(rgb);
    if (!gray) {
        pixDestroy(&rgb);
        return NULL;
    }
    /* Find seals on a 4x subsampled image (about 75 dpi at 300): seal rings
     * are a millimetre thick, several samples wide. */
    int f = dpi >= 250 ? 4 : 2;
    int dpis = dpi / f;
    PIX *small = pixScaleByIntSampling(rgb, f);
    PIX *mask = small ? red_mask(small, 1) : NULL;
    l_int32 nred = 0;
    if (mask)
        pixCountPixels(mask, &nred, NULL);
    if (mask && nred > 0) {
        /* Close the ring, its lettering and its patchy gaps into one blob
         * (4 mm: a seal's ring and inner text are closer than that). */
        int k = dpis / 6 > 1 ? dpis / 6 : 2;
        PIX *closed = pixCloseSafeBrick(NULL, mask, k, k);
        BOXA *boxa = closed ? pixConnComp(closed, NULL, 8) : NULL;
        int minsz = 15 * dpis / 25, maxsz = 80 * dpis / 25;
        PIX *left = red_mask(small, 0); /* red not explained by a seal */
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
                seal_to_red_channel(rgb, gray, cb);
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
