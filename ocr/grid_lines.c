/*
 * grid_lines.c - ruling lines as pixel masks, and their removal.
 *
 * A ruling line is a long straight run of ink; text is made of short
 * strokes.  So, per direction (horizontal shown, vertical alike):
 *   1. open with a short brick (1/10 inch): keeps runs that no letter
 *      stroke makes, including pieces of a broken or faint line;
 *   2. close with a brick of the same length: bridges breaks between
 *      those pieces (a faint line binarizes into dashes);
 *   3. open with the line length (1/4 inch, Tesseract's own minimum):
 *      keeps the lines.
 * Lengths follow the resolution so 200-400 dpi scans behave alike.  The
 * vertical lengths are shorter because a vertical line may span a single
 * header row (a third of an inch) while horizontal ones span columns.
 * Composite DWA morphology keeps the long bricks cheap (about
 * sqrt(length) operations instead of length).
 */
#include "grid.h"

#include <string.h>

#include "grid_priv.h"
#include "morph.h"

static PIX *line_mask(PIX *bin, int shortlen, int gap, int len, int horiz)
{
    PIX *a = horiz ? pixOpenCompBrickExtendDwa(NULL, bin, shortlen, 1)
                   : pixOpenCompBrickExtendDwa(NULL, bin, 1, shortlen);
    if (!a)
        return NULL;
    PIX *b = horiz ? pixCloseCompBrickExtendDwa(NULL, a, gap, 1)
                   : pixCloseCompBrickExtendDwa(NULL, a, 1, gap);
    pixDestroy(&a);
    if (!b)
        return NULL;
    PIX *c = horiz ? pixOpenCompBrickExtendDwa(NULL, b, len, 1)
                   : pixOpenCompBrickExtendDwa(NULL, b, 1, len);
    pixDestroy(&b);
    return c;
}

static int at_least(int v, int lo)
{
    return v > lo ? v : lo;
}

int grid_line_masks(PIX *bin, int dpi, PIX **h, PIX **v)
{
    *h = *v = NULL;
    if (!bin || pixGetDepth(bin) != 1)
        return -1;
    if (dpi <= 0)
        dpi = 300;
    *h = line_mask(bin, at_least(dpi / 10, 3), at_least(dpi / 10, 3),
                   at_least(dpi / 4, 5), 1);
    *v = line_mask(bin, at_least(dpi / 12, 3), at_least(dpi / 20, 2),
                   at_least(dpi / 6, 5), 0);
    if (!*h || !*v) {
        pixDestroy(h);
        pixDestroy(v);
        return -1;
    }
    /* Closing may have bridged into paper; only real ink is line. */
    pixAnd(*h, *h, bin);
    pixAnd(*v, *v, bin);
    return 0;
}

/* The pieces of the line mask m that are real lines: half an inch long
 * or more, or touching a line of the other direction (a short vertical
 * between two header rows).  Aligned bars of big bold letters ("TR" in a
 * heading) can pass the mask's openings, but are neither.  A new mask. */
static PIX *real_lines(PIX *m, PIX *other, int dpi, int horiz)
{
    int len = dpi / 2;
    PIX *longs = pixSelectBySize(m, horiz ? len : 0, horiz ? 0 : len, 8,
                                 horiz ? L_SELECT_WIDTH : L_SELECT_HEIGHT,
                                 L_SELECT_IF_GTE, NULL);
    PIX *touch = morph_dilate_brick(other, 3, 3);
    if (!longs || !touch) {
        pixDestroy(&longs);
        pixDestroy(&touch);
        return NULL;
    }
    pixAnd(touch, touch, m);
    pixSeedfillBinary(touch, touch, m, 8);
    pixOr(longs, longs, touch);
    pixDestroy(&touch);
    return longs;
}

/* Removes from `out` what is left along one set of lines after they went:
 * ink touching them that is not a stroke of its own, where "stroke" means
 * a component that survives (by reconstruction) an erosion across the
 * line's direction. */
static void remove_residue(PIX *out, PIX *lines, int k, int horiz)
{
    PIX *strokes = horiz ? morph_erode_brick(out, 1, k)
                         : morph_erode_brick(out, k, 1);
    if (!strokes)
        return;
    pixSeedfillBinary(strokes, strokes, out, 8);
    PIX *residue = pixSubtract(NULL, out, strokes);
    PIX *fat = residue ? morph_dilate_brick(lines, 3, 3) : NULL;
    if (fat) {
        pixSeedfillBinary(fat, fat, residue, 8);
        pixSubtract(out, out, fat);
    }
    pixDestroy(&fat);
    pixDestroy(&residue);
    pixDestroy(&strokes);
}

int grid_masks_make(PIX *bin, int dpi, hb_line_masks *m, hb_err *e)
{
    memset(m, 0, sizeof *m);
    if (!bin || pixGetDepth(bin) != 1)
        return err_set(e, HB_EUSAGE, "grid: needs a 1 bpp image");
    if (dpi <= 0)
        dpi = 300;
    m->dpi = dpi;
    if (grid_line_masks(bin, dpi, &m->h, &m->v) != 0)
        return err_set(e, HB_ENOMEM, "grid: out of memory");
    return 0;
}

void grid_masks_free(hb_line_masks *m)
{
    if (!m)
        return;
    pixDestroy(&m->h);
    pixDestroy(&m->v);
}

/* Tesseract's recipe (linefind.cpp, SubtractLinesAndResidue): after the
 * lines go, what is left touching them and too thin to be a stroke of its
 * own (a sliver along a ragged edge, a stub at a crossing) goes too, so it
 * cannot read as "|", "I", "1" or "-".  "Too thin" is under about 1/50
 * inch across the line. */
PIX *grid_remove_lines_with(PIX *bin, const hb_line_masks *m)
{
    if (!bin || pixGetDepth(bin) != 1 || !m || !m->h || !m->v)
        return NULL;
    int dpi = m->dpi > 0 ? m->dpi : 300;
    /* the vertical pieces are judged against the horizontal lines that
     * stayed */
    PIX *h = real_lines(m->h, m->v, dpi, 1);
    PIX *v = h ? real_lines(m->v, h, dpi, 0) : NULL;
    PIX *out = v ? pixSubtract(NULL, bin, h) : NULL;
    if (out) {
        pixSubtract(out, out, v);
        int k = dpi / 50 > 2 ? dpi / 50 : 2;
        remove_residue(out, v, k, 0);
        remove_residue(out, h, k, 1);
    }
    pixDestroy(&h);
    pixDestroy(&v);
    return out;
}

PIX *grid_remove_lines(PIX *bin, int dpi)
{
    hb_line_masks m;
    if (grid_masks_make(bin, dpi, &m, NULL) != 0)
        return NULL;
    PIX *out = grid_remove_lines_with(bin, &m);
    grid_masks_free(&m);
    return out;
}
