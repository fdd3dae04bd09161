/*
 * clean.c - a scanned page made fit to read (see clean.h).
 *
 * The steps, in order, each in its own file:
 *   gray      any depth to 8 bpp; red seals suppressed on colour scans
 *             (clean_color.c)
 *   marks     the scanner's dark border and punch holes whitened
 *             (clean_marks.c)
 *   paper     background normalized, so uneven lighting and yellowed paper
 *             become one paper gray (clean_binarize.c)
 *   upright   quarter turns and skew measured on a small binary copy,
 *             applied once to the full-resolution gray (clean_orient.c)
 *   binary    Sauvola binarization and speck removal (clean_binarize.c)
 * The gray result is what the review UI shows and what field boxes refer
 * to; the binary one has the same geometry, for the table finder and the
 * recognizers.
 */
#include "clean.h"

#include <math.h>

#include "clean_priv.h"

/* The scan's own resolution when it is believable, else the caller's.
 * Scanners and PDF rasterization write 150-600; 72 and 96 are the
 * "unknown" defaults of image libraries, 0 means unset. */
static int pick_dpi(PIX *in, int dpi)
{
    int res = pixGetXRes(in);
    if (res >= 100 && res <= 1200)
        return res;
    if (dpi >= 50 && dpi <= 2400)
        return dpi;
    return 300;
}

/* A small 1 bpp copy at about 150 dpi for orientation and skew. */
static PIX *small_binary(PIX *gray, int dpi, int *dpi_small)
{
    PIX *g = dpi >= 250 ? pixScaleAreaMap2(gray) : pixClone(gray);
    *dpi_small = dpi >= 250 ? dpi / 2 : dpi;
    if (!g)
        return NULL;
    /* Paper is normalized to 240: ink is anything clearly darker. */
    PIX *b = pixThresholdToBinary(g, 170);
    pixDestroy(&g);
    return b;
}

/* Clears ink that touches the image edge and stays within 4 mm of it:
 * the paper's own edge and thin scanner-frame remains, which would
 * otherwise read as ruling lines or as characters. */
static void clear_edge_strips(PIX *bin, int dpi)
{
    int w = pixGetWidth(bin), h = pixGetHeight(bin);
    int m = 4 * dpi / 25;
    if (w <= 2 * m || h <= 2 * m)
        return;
    PIX *band = pixCreate(w, h, 1);
    PIX *seed = pixCreate(w, h, 1);
    if (band && seed) {
        pixSetAll(band);
        pixRasterop(band, m, m, w - 2 * m, h - 2 * m, PIX_CLR, NULL, 0, 0);
        pixAnd(band, band, bin);
        pixSetOrClearBorder(seed, 1, 1, 1, 1, PIX_SET);
        pixAnd(seed, seed, band);
        pixSeedfillBinary(seed, seed, band, 8);
        pixSubtract(bin, bin, seed);
    }
    pixDestroy(&band);
    pixDestroy(&seed);
}

int clean_page(PIX *in, int dpi, PIX **gray, PIX **bin, hb_clean_info *info,
               hb_err *e)
{
    if (gray)
        *gray = NULL;
    if (bin)
        *bin = NULL;
    if (!in || !gray || !bin)
        return err_set(e, HB_EUSAGE, "clean_page: no image given");
    int w = pixGetWidth(in), h = pixGetHeight(in);
    /* Smaller than a 2 cm square at 50 dpi is not a page (the loader
     * already refuses absurdly large ones). */
    if (w < 40 || h < 40)
        return err_set(e, HB_EFORMAT,
                       "page image is %dx%d pixels: too small to be a page",
                       w, h);
    hb_clean_info inf = {0};
    inf.dpi = pick_dpi(in, dpi);
    int d = inf.dpi;

    PIX *g = clean_to_gray(in, d, &inf.stamps, &inf.red_ink);
    if (!g)
        return err_set(e, HB_ENOMEM, "page image %dx%d: cannot convert to gray",
                       w, h);
    clean_whiten_marks(g, d);
    PIX *n = clean_normalize_background(g, d);
    pixDestroy(&g);
    if (!n)
        return err_set(e, HB_ENOMEM, "page image %dx%d: out of memory", w, h);

    /* Upright, on a small binary copy: a landscape page is turned a
     * quarter clockwise, its skew measured (text lines must be horizontal
     * for that) and undone, then the text lines tell whether it stands on
     * its head.  The full-resolution gray is turned and rotated once. */
    int ds = d, q = 0;
    float angle = 0.0f;
    PIX *s1 = small_binary(n, d, &ds);
    if (s1 && pixGetWidth(s1) > pixGetHeight(s1)) {
        q = 1;
        PIX *t = pixRotateOrth(s1, 1);
        pixDestroy(&s1);
        s1 = t;
    }
    if (s1) {
        /* Specks far from any ink would count as marks above or below the
         * text lines. */
        clean_remove_specks(s1, ds);
        float conf = 0.0f;
        angle = clean_find_skew(s1, &conf);
        /* Leptonica itself skips angles under 0.1 degree; so do we: the
         * rotation would only blur. */
        if (fabsf(angle) < 0.1f)
            angle = 0.0f;
        PIX *straight = angle != 0.0f
                            ? pixRotate(s1, angle * (float)M_PI / 180.0f,
                                        L_ROTATE_SHEAR, L_BRING_IN_WHITE, 0, 0)
                            : pixClone(s1);
        if (straight && clean_needs_half_turn(straight, ds))
            q += 2;
        pixDestroy(&straight);
        pixDestroy(&s1);
    }
    if (q) {
        PIX *t = pixRotateOrth(n, q);
        pixDestroy(&n);
        n = t;
        if (!n)
            return err_set(e, HB_ENOMEM, "page image %dx%d: out of memory", w, h);
    }
    inf.rotation = 90 * q;
    if (angle != 0.0f) {
        /* Area-map rotation (anti-aliased); the canvas grows so that no
         * corner of the page is cut off.  A half turn before it does not
         * change the angle: rotations about the centre commute. */
        PIX *t = clean_rotate_gray(n, angle * (float)M_PI / 180.0f);
        if (t) {
            pixDestroy(&n);
            n = t;
            inf.skew_deg = angle;
        }
    }

    PIX *b = clean_binarize(n, d);
    if (!b) {
        pixDestroy(&n);
        return err_set(e, HB_ENOMEM, "page image %dx%d: cannot binarize", w, h);
    }
    clear_edge_strips(b, d);
    clean_remove_specks(b, d);
    pixSetResolution(n, d, d);
    pixSetResolution(b, d, d);
    *gray = n;
    *bin = b;
    if (info)
        *info = inf;
    return 0;
}
