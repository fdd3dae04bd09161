/*
 * clean_orient.c - which way is up, and how much the page is tilted.
 *
 * Both are measured on a small 1 bpp copy of the page (about 150 dpi),
 * which is plenty for text lines and ruling lines and costs a quarter of
 * the full-resolution work.
 *
 * Orientation: a transcript page is portrait A4, so a landscape scan was
 * turned a quarter (clean.c turns it clockwise first); whether the page
 * (then) stands on its head is told by its text lines.  Leptonica's
 * ascender/descender detector (pixUpDownDetect) was tried and is fooled by
 * Vietnamese: the diacritics above the letters look like ascenders either
 * way up (on a crafted page it scored an upside-down page as upright at
 * 250 dpi).  The statistic used here turns that into an advantage: in each
 * text line, the ink above the x-height band (ascenders, capitals and the
 * very frequent tone and vowel marks) outweighs the ink below it
 * (descenders and the dot below).  Measured on crafted pages at 150-400
 * dpi: +32..+46 upright, the exact opposite upside down.
 */
#include "clean_priv.h"

#include <stdlib.h>

#include "grid.h"

/* Text lines are between 1/25 and 1/2 inch tall (a line of 8 pt text to a
 * heading; a table's merged cell with two lines counts as one line and
 * still works). */
static int line_ok(int h, int dpi)
{
    return h >= dpi / 25 && h <= dpi / 2;
}

float clean_updown_score(PIX *small1, int dpi_small)
{
    PIX *text = grid_remove_lines(small1, dpi_small);
    if (!text)
        return 0.0f;
    NUMA *na = pixCountPixelsByRow(text, NULL);
    pixDestroy(&text);
    if (!na)
        return 0.0f;
    int n = numaGetCount(na);
    l_int32 *p = numaGetIArray(na);
    numaDestroy(&na);
    if (!p)
        return 0.0f;
    /* A row with 2+ ink pixels is in a line; lines are runs of such rows,
     * allowing gaps of 1/50 inch (a mark above a capital floats clear of
     * it). */
    int gap = dpi_small / 50 > 1 ? dpi_small / 50 : 1;
    double above = 0, below = 0;
    for (int y = 0; y < n;) {
        if (p[y] < 2) {
            y++;
            continue;
        }
        int lo = y, hi = y;
        while (++y < n) {
            if (p[y] >= 2)
                hi = y;
            else if (y - hi > gap)
                break;
        }
        if (!line_ok(hi - lo + 1, dpi_small))
            continue;
        int mx = 0;
        for (int i = lo; i <= hi; i++)
            mx = p[i] > mx ? p[i] : mx;
        /* The x-height band: the rows at least half as dense as the
         * densest. */
        int b0 = lo, b1 = hi;
        while (p[b0] * 2 < mx)
            b0++;
        while (p[b1] * 2 < mx)
            b1--;
        for (int i = lo; i < b0; i++)
            above += p[i];
        for (int i = b1 + 1; i <= hi; i++)
            below += p[i];
    }
    free(p);
    if (above + below <= 0)
        return 0.0f;
    return (float)(100.0 * (above - below) / (above + below));
}

float clean_find_skew(PIX *small1, float *conf)
{
    l_float32 angle = 0.0f, c = 0.0f, endscore = 0.0f;
    *conf = 0.0f;
    /* Sweep +-8 degrees (scanner feeders and hand placement stay well
     * inside; Leptonica's default is 7) at half the given resolution, then
     * a binary search to 0.01 degree at full small resolution. */
    if (pixFindSkewSweepAndSearchScore(small1, &angle, &c, &endscore, 2, 1,
                                       0.0f, 8.0f, 1.0f, 0.01f) != 0)
        return 0.0f;
    *conf = c;
    /* Leptonica's own threshold for trusting a measured angle. */
    if (c < 3.0f)
        return 0.0f;
    return angle;
}
