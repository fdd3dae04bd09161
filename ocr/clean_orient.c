/*
 * clean_orient.c - which way is up, and how much the page is tilted.
 *
 * Both are measured on a small 1 bpp copy of the page (about 150 dpi),
 * which is plenty for text lines and ruling lines and costs a quarter of
 * the full-resolution work.
 *
 * Orientation: a transcript page is portrait A4, so a landscape scan was
 * turned a quarter; which quarter, and whether a portrait scan is upside
 * down, is decided by Leptonica's up/down detector (it counts ascenders
 * against descenders of the text).  Ruling lines are removed first so that
 * the table does not drown the text.  The detector needs a fair amount of
 * text; a page where it is unsure is left as it is.
 */
#include "clean_priv.h"

#include "grid.h"

/* Leptonica's up/down confidence below which we do not dare to turn a page
 * upside down (makeOrientDecision uses 8 by default for its own decision). */
#define CLEAN_MIN_UPDOWN_CONF 5.0f

static float updown_conf(PIX *pix1)
{
    l_float32 conf = 0.0f;
    if (pixUpDownDetect(pix1, &conf, 0, 0, 0) != 0)
        return 0.0f;
    return conf;
}

int clean_find_quarter_turns(PIX *small1, int dpi_small)
{
    int turns = 0;
    PIX *text = grid_remove_lines(small1, dpi_small);
    if (!text)
        text = pixClone(small1);
    if (!text)
        return 0;
    if (pixGetWidth(text) > pixGetHeight(text)) {
        /* Landscape: turned a quarter one way or the other.  Try the
         * clockwise quarter and look whether the text then stands up. */
        PIX *r = pixRotate90(text, 1);
        float up = r ? updown_conf(r) : 0.0f;
        turns = up < 0.0f ? 3 : 1;
        pixDestroy(&r);
    } else {
        float up = updown_conf(text);
        turns = up < -CLEAN_MIN_UPDOWN_CONF ? 2 : 0;
    }
    pixDestroy(&text);
    return turns;
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
