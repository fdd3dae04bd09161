/*
 * clean_binarize.c - even paper, black and white, no specks.
 */
#include "clean_priv.h"

#include "morph.h"

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

/* Sauvola's threshold surface for gray at whsize (uncapped), or NULL. */
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
    return th;
}

/* How dark the page's ink is: the gray below which a fifth of the pixels
 * of `gray` under `ink` lie, i.e. the strokes' cores (about 20-30 for
 * fresh print, 100 and more for faded ink seen through a blurry scanner).
 * Not the median: at half resolution a thin stroke's pixels mix with the
 * paper, and the median of crisp print came out at 68.  -1 when there is
 * no ink. */
static int ink_level(PIX *gray, PIX *ink)
{
    NUMA *hist = pixGetGrayHistogramMasked(gray, ink, 0, 0, 1);
    if (!hist)
        return -1;
    double total = 0, acc = 0;
    int n = numaGetCount(hist), level = -1;
    for (int i = 0; i < n; i++) {
        l_float32 v;
        numaGetFValue(hist, i, &v);
        total += v;
    }
    for (int i = 0; i < n && total > 0; i++) {
        l_float32 v;
        numaGetFValue(hist, i, &v);
        acc += v;
        if (acc * 5 >= total) {
            level = i;
            break;
        }
    }
    numaDestroy(&hist);
    return level;
}

/* Clears from the line mask `lines` the pieces that run through text.
 * Two signs, either is enough:
 *  - thickness over 1/30 inch: a blurred bold heading bridged into a bar
 *    is as thick as its letters' middle; a printed line, even faded and
 *    blurred, is a few pixels (measured: 5 px against 1-3 px at 100 dpi);
 *  - more than 1/12 of the band beside it (dpi/20 on each side, across
 *    the line, outside the line itself) is ink that is not line: a table
 *    line has its cells' text at a distance (measured on hard scans: 0-4%
 *    beside line pieces, 10-20% beside bridged words).  Tesseract's
 *    FilterFalsePositives has the same idea.
 * (Whether the piece is mostly ink already says nothing: a line printed
 * unevenly is dark in one place and faint in the next.) */
static void drop_textlike(PIX *lines, PIX *nonline, int dpi, int horiz)
{
    PIXA *pixa = NULL;
    BOXA *boxa = pixConnComp(lines, &pixa, 8);
    int m = dpi / 20 > 1 ? dpi / 20 : 1;
    int thick = dpi / 30 > 2 ? dpi / 30 : 2;
    int W = pixGetWidth(lines), H = pixGetHeight(lines);
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        l_int32 x, y, w, h, near = 0;
        boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
        int textlike = (horiz ? h : w) > thick;
        if (!textlike) {
            int bx = horiz ? x : x - m, by = horiz ? y - m : y;
            int bw = horiz ? w : w + 2 * m, bh = horiz ? h + 2 * m : h;
            BOX *band = boxCreate(bx, by, bw, bh);
            BOX *cb = band ? boxClipToRectangle(band, W, H) : NULL;
            PIX *c = cb ? pixClipRectangle(nonline, cb, NULL) : NULL;
            if (c)
                pixCountPixels(c, &near, NULL);
            /* the band minus the line and its 1 px rim */
            int area = cb ? cb->w * cb->h - (horiz ? w * (h + 2) : h * (w + 2)) : 0;
            textlike = area > 0 && near * 12 > area;
            pixDestroy(&c);
            boxDestroy(&cb);
            boxDestroy(&band);
        }
        if (textlike) {
            PIX *comp = pixaGetPix(pixa, i, L_CLONE);
            if (comp)
                pixRasterop(lines, x, y, w, h, PIX_DST & PIX_NOT(PIX_SRC), comp,
                            0, 0);
            pixDestroy(&comp);
        }
    }
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
}

/* Faint ruling lines of `g` (at resolution dpi) as a 1 bpp mask; `text` is
 * the page's ink as binarized for text.  A worn or cheaply copied form
 * keeps its printed lines only 25-50 gray levels below the paper: far too
 * light for a text threshold, which must not turn paper noise and
 * bleed-through into ink.  Lines are told apart by their length instead:
 * a gray closing with a 1/8 inch brick (max, then min, along the line's
 * direction) leaves dark only what is dark along the whole brick, which no
 * letter is; what is left may then be thresholded close to the paper, and
 * must still be a long run (1/4 inch across, 1/6 inch down, as in
 * grid_lines.c).  Solid dark areas (a photo) are not lines. */
static PIX *faint_lines(PIX *g, int dpi, PIX *text)
{
    int len = (dpi / 8) | 1;
    /* 20 levels under the paper: sensor noise of a bad scan (sigma ~6)
     * cannot stay there along a whole brick; bleed-through of the back
     * page's lines is a few levels at most. */
    int thr = CLEAN_PAPER - 14;
    /* Thresholding commutes with flat morphology: the pixels darker than
     * thr after the gray closing (max, then min, along the brick) are the
     * binary opening of the pixels darker than thr with the same brick.
     * And an opening by a line segment followed by one by a longer
     * segment is the opening by the longer one.  So the gray closing,
     * which was a sixth of the page cleanup's time, is one threshold and
     * two binary openings with the longer bricks: the same mask (but for
     * half a brick at the image's edges, where no form prints a line). */
    int hlen = dpi / 4 > 2 ? dpi / 4 : 2, vlen = dpi / 6 > 2 ? dpi / 6 : 2;
    hlen = hlen > len ? hlen : len;
    vlen = vlen > len ? vlen : len;
    PIX *dark = pixThresholdToBinary(g, thr);
    PIX *h = dark ? morph_open_brick(dark, hlen, 1) : NULL;
    PIX *v = dark ? morph_open_brick(dark, 1, vlen) : NULL;
    pixDestroy(&dark);
    PIX *all = h && v ? pixOr(NULL, h, v) : NULL;
    if (!all) {
        pixDestroy(&h);
        pixDestroy(&v);
        return NULL;
    }
    PIX *fat = morph_dilate_brick(all, 3, 3);
    PIX *nonline = fat ? pixSubtract(NULL, text, fat) : NULL;
    if (nonline) {
        /* Judge pieces of 1/4 inch, not whole lines: a line may be dark in
         * one place (ink already) and faint in the next. */
        int step = dpi / 4 > 4 ? dpi / 4 : 4;
        PIX *h0 = pixCopy(NULL, h), *v0 = pixCopy(NULL, v);
        for (int x = step; x < pixGetWidth(h); x += step)
            pixRasterop(h, x, 0, 1, pixGetHeight(h), PIX_CLR, NULL, 0, 0);
        for (int y = step; y < pixGetHeight(v); y += step)
            pixRasterop(v, 0, y, pixGetWidth(v), 1, PIX_CLR, NULL, 0, 0);
        drop_textlike(h, nonline, dpi, 1);
        drop_textlike(v, nonline, dpi, 0);
        /* Mend the cracks between pieces that stayed. */
        PIX *hc = morph_close_brick(h, 3, 1), *vc = morph_close_brick(v, 1, 3);
        if (hc && vc) {
            pixDestroy(&h);
            pixDestroy(&v);
            h = hc;
            v = vc;
        } else {
            pixDestroy(&hc);
            pixDestroy(&vc);
        }
        if (h0 && v0) {
            pixAnd(h, h, h0);
            pixAnd(v, v, v0);
        }
        pixDestroy(&h0);
        pixDestroy(&v0);
        pixOr(all, h, v);
    }
    pixDestroy(&nonline);
    pixDestroy(&fat);
    pixDestroy(&h);
    pixDestroy(&v);
    int t = dpi / 20 > 2 ? dpi / 20 : 2;
    PIX *solid = morph_open_brick(all, t, t);
    if (solid) {
        pixSubtract(all, all, solid);
        pixDestroy(&solid);
    }
    return all;
}

/* `small` (dpi/f) scaled back to w x h by pixel replication. */
static PIX *expand_to(PIX *small, int f, int w, int h)
{
    if (f == 1)
        return pixClone(small);
    PIX *big = pixExpandReplicate(small, f);
    PIX *out = big ? pixResizeToMatch(big, NULL, w, h) : NULL;
    pixDestroy(&big);
    return out;
}

PIX *clean_threshold_by_map(PIX *gray, PIX *th, int f)
{
    /* The map's pixel (x / f, y / f), or its last row or column where the
     * page's odd pixels have none (what expanding the map by replication
     * and stretching it over them gave, without the page-sized copy). */
    if (!gray || !th || pixGetDepth(gray) != 8 || pixGetDepth(th) != 8 ||
        (f != 1 && f != 2))
        return NULL;
    int w = pixGetWidth(gray), h = pixGetHeight(gray);
    int tw = pixGetWidth(th), tht = pixGetHeight(th);
    if (tw < 1 || tht < 1 || tw > (w + f - 1) / f || tht > (h + f - 1) / f)
        return NULL;
    PIX *bin = pixCreate(w, h, 1);
    if (!bin)
        return NULL;
    pixCopyResolution(bin, gray);
    l_uint32 *gd = pixGetData(gray), *td = pixGetData(th), *bd = pixGetData(bin);
    int gwpl = pixGetWpl(gray), twpl = pixGetWpl(th), bwpl = pixGetWpl(bin);
    int xlast = tw * f; /* from here on, the map's last column */
    for (int y = 0; y < h; y++) {
        const l_uint32 *gl = gd + (size_t)y * gwpl;
        int sh = f - 1; /* f is 1 or 2: x / f as a shift, not a division
                         * per pixel (which cost more than the rest) */
        int ty = y >> sh < tht ? y >> sh : tht - 1;
        const l_uint32 *tl = td + (size_t)ty * twpl;
        l_uint32 *bl = bd + (size_t)y * bwpl;
        int x = 0;
        for (; x < w && x < xlast; x++)
            if ((int)GET_DATA_BYTE(gl, x) < (int)GET_DATA_BYTE(tl, x >> sh))
                bl[x >> 5] |= 0x80000000u >> (x & 31);
        int tlast = (int)GET_DATA_BYTE(tl, tw - 1);
        for (; x < w; x++)
            if ((int)GET_DATA_BYTE(gl, x) < tlast)
                bl[x >> 5] |= 0x80000000u >> (x & 31);
    }
    return bin;
}

PIX *clean_binarize(PIX *gray, int dpi)
{
    int w = pixGetWidth(gray), h = pixGetHeight(gray);
    /* The threshold surface and the line masks vary slowly, so from 200
     * dpi on they are computed at half resolution and applied at full
     * resolution: the same result within a gray level or two at a
     * fraction of the cost (Sauvola alone was half of the cleanup time). */
    int f = dpi >= 200 && w >= 64 && h >= 64 ? 2 : 1;
    int sdpi = dpi / f;
    PIX *small = f == 2 ? pixScaleAreaMap2(gray) : pixClone(gray);
    /* Sauvola as Tesseract 5 does it: window about a third of an inch,
     * k = 0.34 (see notes, section 1). */
    PIX *th = small ? sauvola_threshold(small, sdpi / 6 > 7 ? sdpi / 6 : 7)
                    : NULL;
    PIX *ink = th ? pixVarThresholdToBinary(small, th) : NULL;
    if (!th || !ink) {
        pixDestroy(&th);
        pixDestroy(&ink);
        pixDestroy(&small);
        return pixThresholdToBinary(gray, CLEAN_PAPER * 3 / 4);
    }
    /* Sauvola's dynamic range is fixed (R = 128): next to crisp black text
     * its threshold climbs to ~0.92 of the local mean, so anti-aliased
     * edges become ink, strokes fatten and small gaps close (a tilde
     * merges with the circumflex under it in "ễ" at 10 pt; the loops of a
     * small 6, 8 or 9 fill).  So the threshold is capped at the middle
     * between the paper and the page's ink: ~130 for fresh print, up to
     * 3/4 of the paper gray for faded ink, whose strokes would break
     * apart at a crisp page's cap. */
    int level = ink_level(small, ink);
    int cap = level < 0 ? CLEAN_PAPER * 2 / 3 : (CLEAN_PAPER + level) / 2 + 10;
    cap = cap < CLEAN_PAPER / 2 ? CLEAN_PAPER / 2 : cap;
    cap = cap > CLEAN_PAPER * 3 / 4 ? CLEAN_PAPER * 3 / 4 : cap;
    cap_gray(th, cap);
    PIX *lines_small = faint_lines(small, sdpi, ink);
    PIX *lines = lines_small ? expand_to(lines_small, f, w, h) : NULL;
    PIX *bin = clean_threshold_by_map(gray, th, f);
    if (!bin)
        bin = pixThresholdToBinary(gray, cap);
    if (bin && lines)
        pixOr(bin, bin, lines);
    pixDestroy(&lines);
    pixDestroy(&lines_small);
    pixDestroy(&ink);
    pixDestroy(&th);
    pixDestroy(&small);
    return bin;
}

void clean_remove_specks(PIX *bin, int dpi)
{
    /* "Big" ink: components with a run longer than s pixels (1/100 inch)
     * somewhere, horizontally or vertically. */
    int s = dpi / 100 > 1 ? dpi / 100 : 1;
    PIX *seed = morph_erode_brick(bin, s + 1, 1);
    PIX *ev = morph_erode_brick(bin, 1, s + 1);
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
    PIX *near = morph_dilate_brick(big, 2 * d + 1, 2 * d + 1);
    if (near) {
        pixAnd(near, near, bin);        /* small and big ink near big ink */
        pixOr(bin, big, near);          /* = bin without far specks */
        pixDestroy(&near);
    }
    pixDestroy(&big);
}
