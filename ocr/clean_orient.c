/*
 * clean_orient.c - which way is up, and how much the page is tilted.
 *
 * Both are measured on a small 1 bpp copy of the page (about 150 dpi),
 * which is plenty for text lines and ruling lines and costs a quarter of
 * the full-resolution work.
 *
 * Orientation: a transcript page is portrait A4, so a landscape scan was
 * turned a quarter (clean.c turns it clockwise first); whether the page
 * (then) stands on its head is decided here.
 *  - Leptonica's ascender/descender detector (pixUpDownDetect) was tried
 *    first and is fooled by Vietnamese: the marks above the letters look
 *    like ascenders either way up (it scored an upside-down crafted page
 *    as upright at 250 dpi).
 *  - The ink profile of each text line (ink above vs below the x-height
 *    band) separated crafted pages well (+-32..46) but was confidently
 *    wrong (-45) on a blurred generated scan, where fragments of faint
 *    table rules hug the rows.
 *  - Used now: per text line, the small separate marks wholly above the
 *    x-height band (tone and vowel marks, i-dots: very frequent in
 *    Vietnamese) against those wholly below it (only the dot below).
 *    Score +-100; on 106 generated pages every score beyond +-15 had the
 *    right sign.  Under +-20 (about one page in six) Tesseract's OSD
 *    decides (clean_osd.c), which was right on every page tried.
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

/* Counts, in the rows lo..hi of `text` whose x-height band is b0..b1,
 * the small separate marks lying wholly above the band and wholly below
 * it. */
static void count_marks(PIX *text, int lo, int hi, int b0, int b1,
                        int *above, int *below)
{
    int W = pixGetWidth(text);
    BOX *strip = boxCreate(0, lo, W, hi - lo + 1);
    PIX *s = strip ? pixClipRectangle(text, strip, NULL) : NULL;
    BOXA *boxa = s ? pixConnComp(s, NULL, 8) : NULL;
    int xh = b1 - b0 + 1;
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
        y += lo;
        /* A mark: mark-sized (tone and vowel marks and dots are a fifth
         * to a half of the x-height; stacked ones up to 0.6), not a
         * sliver of a ruling line (long and flat), not a noise pixel. */
        if (h * 10 > 6 * xh || w * 10 > 9 * xh || w > 3 * h + 1 || w * h < 3)
            continue;
        if (y + h - 1 < b0)
            (*above)++;
        else if (y > b1)
            (*below)++;
    }
    boxaDestroy(&boxa);
    pixDestroy(&s);
    boxDestroy(&strip);
}

/* Both cues of the text lines of `text`: marks (above vs below the band,
 * counted) and ink (rows above vs below the band, summed), each as a score
 * from -100 to +100; 0 when there is too little to tell. */
static void updown_cues(PIX *text, int dpi_small, float *marks, float *ink)
{
    *marks = *ink = 0.0f;
    NUMA *na = pixCountPixelsByRow(text, NULL);
    l_int32 *p = na ? numaGetIArray(na) : NULL;
    int n = na ? numaGetCount(na) : 0;
    numaDestroy(&na);
    if (!p)
        return;
    /* A row with 2+ ink pixels is in a line; lines are runs of such rows,
     * allowing gaps of 1/50 inch (a mark above a capital floats clear of
     * it). */
    int gap = dpi_small / 50 > 1 ? dpi_small / 50 : 1;
    int above = 0, below = 0;
    double ink_above = 0, ink_below = 0;
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
        /* One line of text spans about 2.2-2.6 x-heights (ascenders,
         * descenders, stacked marks); more is two lines run together,
         * whose second line would count as marks below the first. */
        if ((hi - lo + 1) * 10 > 28 * (b1 - b0 + 1))
            continue;
        count_marks(text, lo, hi, b0, b1, &above, &below);
        for (int i = lo; i < b0; i++)
            ink_above += p[i];
        for (int i = b1 + 1; i <= hi; i++)
            ink_below += p[i];
    }
    free(p);
    /* Too few marks to tell (a page of digits): undecided. */
    if (above + below >= 20)
        *marks = (float)(100.0 * (above - below) / (above + below));
    if (ink_above + ink_below > 0)
        *ink = (float)(100.0 * (ink_above - ink_below) / (ink_above + ink_below));
}

void clean_updown_cues(PIX *small1, int dpi_small, float *marks, float *ink)
{
    *marks = *ink = 0.0f;
    PIX *text = grid_remove_lines(small1, dpi_small);
    if (text)
        updown_cues(text, dpi_small, marks, ink);
    pixDestroy(&text);
}

int clean_half_turn_by_cues(float m, float k)
{
    if (m >= CLEAN_UPDOWN_SURE && k >= CLEAN_UPDOWN_SURE)
        return 0;
    if (m <= -CLEAN_UPDOWN_SURE && k <= -CLEAN_UPDOWN_SURE)
        return 1;
    /* Marks alone, when strong and the ink does not lean the other way.
     * The marks cue had the right sign on every page beyond +-15 (106
     * generated pages at first; on 2026-12-06, 125 more pages of six
     * development sets, typical to hard, handwritten and unseen layouts,
     * each also read turned over: 250 scores, none of the wrong sign).
     * The ink cue is the one a blurred scan fools (above).  Of those 125
     * pages, 13 asked OSD; on the 7 whose marks were beyond 20 with the
     * ink weak but not against them, OSD said what the marks said, and
     * OSD costs about 0.24 CPU-s where a whole page costs 0.9. */
    if (m >= CLEAN_UPDOWN_MARKS && k >= 0.0f)
        return 0;
    if (m <= -CLEAN_UPDOWN_MARKS && k <= 0.0f)
        return 1;
    return -1;
}

int clean_needs_half_turn(PIX *small1, int dpi_small)
{
    PIX *text = grid_remove_lines(small1, dpi_small);
    if (!text)
        return 0;
    float m, k;
    updown_cues(text, dpi_small, &m, &k);
    int turn = clean_half_turn_by_cues(m, k);
    if (turn < 0) {
        int osd = clean_osd_half_turn(text, dpi_small);
        /* OSD unsure too: turn only when both cues lean that way. */
        turn = osd >= 0 ? osd : (m < 0.0f && k < 0.0f);
    }
    pixDestroy(&text);
    return turn;
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
