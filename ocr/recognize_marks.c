/*
 * recognize_marks.c - is the mark over an "i" its dot or a tone mark?
 *
 * Vietnamese writes a tone on the vowel: "tinh" (essence, as in "tinh
 * thần", spirit) and "tỉnh" (province) differ only in the mark over the
 * i, where the hook (dấu hỏi) replaces the letter's own dot.  Both of
 * Tesseract's Vietnamese models read a printed i's dot as that hook now
 * and then, with high confidence and the same mistake, so voting cannot
 * catch it: "Nghi Thái" became "Nghỉ Thái" and "Đinh Tiên Hoàng" "Đỉnh".
 *
 * The ink can tell.  Measured on the faces the forms use (Liberation,
 * DejaVu and Noto, serif and sans, 11-12 pt at 300 dpi), a dot is at
 * most a quarter of the stem's height across and nearly fills its box
 * (5x5 px, 80-90% ink); a hook is a third of the stem's height or more and
 * an open curve (8x8 to 11x12 px, 40-65% ink).  Between the two, or with
 * more than one mark, the ink does not say.  Italic faces (what the
 * handwriting of a Vietnamese value is drawn in when the hand's font lacks
 * its letters) slant the dot into a parallelogram: 67-69% ink at 10-12 pt
 * in Noto Sans and DejaVu Serif Italic, still at most a quarter of the
 * stem across, while the smallest tone mark of any of the faces, upright
 * or italic (a grave, Noto Serif Italic 12 pt), is 0.29 of the stem
 * across and 50-55% ink.  But a hard scan's blur shrinks a hook into the
 * same small, fairly filled blot (seed 733: "chỉ" would have become
 * "chi"), so such a mark is only HB_MARK_SMALL: evidence for a doubt, not
 * for a correction.
 *
 * Tesseract's own boxes for single characters are too rough for this (a
 * "ỉ" box often covers the "h" before it), so the stems are found in the
 * word's ink: a narrow piece with one small mark right above it is an i
 * (no other Vietnamese letter is a bare stem carrying a mark), and the
 * word's i-letters, in order, are paired with those stems in order.
 */
#include "recognize_marks.h"

#include <stdlib.h>

/* Thresholds of the measurements above, with room for a scan's blur. */
#define DOT_MAX_SIZE 0.27  /* dot: largest side / stem height at most */
#define DOT_MIN_FILL 0.70  /* dot: ink / box area at least */
#define SMALL_MIN_FILL 0.60 /* a slanted dot, or a blurred tone */
#define HOOK_MIN_SIZE 0.30
#define HOOK_MAX_FILL 0.68

typedef struct stem {
    int x;
    hb_i_ink ink;
} stem;

/* The centre, in the clip's x, of the ink in the top rows of component
 * i, whose box is (x, w, h).  An upright stem's top is over its box's
 * centre; an italic one leans right, so its top end, which the dot sits
 * on, is right of the centre (seed 9047: the dot 7 px right of an italic
 * "i"'s box centre, past the reach an upright stem is allowed).  A mark
 * is the stem's when it is over either.  (The foot is no guide to a dot
 * below: an italic i ends in a tail to the right, and the dot of ị hangs
 * under the box's centre.) */
static int top_centre(PIXA *pa, int i, int x, int w, int h)
{
    PIX *c = pixaGetPix(pa, i, L_CLONE);
    long sum = 0, n = 0;
    int rows = h < 12 ? 2 : 3;
    for (int y = 0; c && y < rows; y++) {
        for (int k = 0; k < w; k++) {
            l_uint32 v = 0;
            pixGetPixel(c, k, y, &v);
            if (v) {
                sum += k;
                n++;
            }
        }
    }
    pixDestroy(&c);
    return n ? x + (int)(sum / n) : x + w / 2;
}

/* Whether component k (box kx, ky, kw, kh), under a stem, is one of a
 * row of leader dots: the form's dotted line runs under a handwritten or
 * typed value, and one of its dots under an i looked like the dot of ị, so
 * "Đinh" read "Định" on a dotted line passed the ink check (seed 9011).
 * A leader dot has neighbours of its own size at its height on both
 * sides, evenly spaced; the dot of a real ị standing among them breaks
 * the spacing (or the size) unless it falls exactly in step. */
static int leader_dot(BOXA *ba, int k, int kx, int ky, int kw, int kh)
{
    int left = -1, right = -1, n = boxaGetCount(ba);
    for (int j = 0; j < n; j++) {
        l_int32 jx, jy, jw, jh;
        if (j == k)
            continue;
        boxaGetBoxGeometry(ba, j, &jx, &jy, &jw, &jh);
        if (abs(jy - ky) > 1 || abs(jw - kw) > 1 || abs(jh - kh) > 1)
            continue;
        if (jx < kx && (left < 0 || jx > left))
            left = jx;
        if (jx > kx && (right < 0 || jx < right))
            right = jx;
    }
    return left >= 0 && right >= 0 && abs((kx - left) - (right - kx)) <= 2;
}

/* The word's baseline: the median foot of its letter-sized pieces other
 * than component `self` (at least half the stem's height `h`), or -1
 * when there are none. */
static int baseline_of(BOXA *ba, int n, int self, int h)
{
    int feet[64], nf = 0;
    for (int j = 0; j < n && nf < 64; j++) {
        l_int32 jx, jy, jw, jh;
        boxaGetBoxGeometry(ba, j, &jx, &jy, &jw, &jh);
        if (j != self && 2 * jh >= h)
            feet[nf++] = jy + jh;
    }
    if (nf == 0)
        return -1;
    for (int a = 1; a < nf; a++) /* insertion sort: a word's few letters */
        for (int b = a; b > 0 && feet[b - 1] > feet[b]; b--) {
            int t = feet[b];
            feet[b] = feet[b - 1];
            feet[b - 1] = t;
        }
    return feet[nf / 2];
}

static int by_x(const void *a, const void *b)
{
    return ((const stem *)a)->x - ((const stem *)b)->x;
}

static hb_mark classify(PIXA *pa, int mi, int mw, int mh, int stem_h)
{
    l_int32 ink = 0;
    PIX *m = pixaGetPix(pa, mi, L_CLONE);
    if (m)
        pixCountPixels(m, &ink, NULL);
    pixDestroy(&m);
    double size = (double)(mw > mh ? mw : mh) / stem_h;
    double fill = (double)ink / ((double)mw * mh);
    if (size <= DOT_MAX_SIZE && fill >= DOT_MIN_FILL)
        return HB_MARK_DOT;
    if (size <= DOT_MAX_SIZE && fill >= SMALL_MIN_FILL)
        return HB_MARK_SMALL;
    if (size >= HOOK_MIN_SIZE && fill <= HOOK_MAX_FILL)
        return HB_MARK_OTHER;
    return HB_MARK_UNKNOWN;
}

int recognize_i_marks(PIX *bin, hb_box word, hb_i_ink *ink, int max)
{
    if (!bin || word.w <= 0 || word.h <= 4 || max <= 0)
        return -1;
    /* a little room around the word, more above and below: a mark may
     * stand outside the box Tesseract drew */
    int pad = 3;
    hb_box win = { word.x - pad, word.y - word.h / 3 - pad, word.w + 2 * pad,
                   word.h + 2 * (word.h / 3) + 2 * pad };
    int pw = pixGetWidth(bin), ph = pixGetHeight(bin);
    if (win.x < 0)
        win.w += win.x, win.x = 0;
    if (win.y < 0)
        win.h += win.y, win.y = 0;
    if (win.x + win.w > pw)
        win.w = pw - win.x;
    if (win.y + win.h > ph)
        win.h = ph - win.y;
    if (win.w <= 0 || win.h <= 0)
        return -1;
    BOX *b = boxCreate(win.x, win.y, win.w, win.h);
    PIX *clip = b ? pixClipRectangle(bin, b, NULL) : NULL;
    boxDestroy(&b);
    PIXA *pa = NULL;
    BOXA *ba = clip ? pixConnCompPixa(clip, &pa, 8) : NULL;
    pixDestroy(&clip);
    int n = ba ? boxaGetCount(ba) : 0;
    stem *st = n > 0 ? calloc((size_t)n, sizeof *st) : NULL;
    if (!ba || !pa || (n > 0 && !st)) {
        boxaDestroy(&ba);
        pixaDestroy(&pa);
        free(st);
        return -1;
    }
    int ns = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        /* an i's stem, serifs included, is at most about half as wide as
         * it is tall */
        if (h < 8 || w * 10 > h * 6)
            continue;
        int count = 0, mi = -1, below = 0;
        int top = -1; /* the stem's top end, found when needed */
        l_int32 mw = 0, mh = 0;
        for (int k = 0; k < n; k++) {
            l_int32 kx, ky, kw, kh;
            if (k == i)
                continue;
            boxaGetBoxGeometry(ba, k, &kx, &ky, &kw, &kh);
            if (kh * 10 >= h * 7)
                continue;
            int over = ky + kh <= y + 1 && ky >= y - h;
            int under = !over && ky >= y + h - 1 && ky <= y + h + h / 2 &&
                        kw * 10 <= h * 4;
            if (!over && !under)
                continue;
            /* centred over (or under) this stem's box, or over its top
             * end: a t's box must not claim the dot of the i after it */
            int reach = w > 6 ? w : 6;
            int dx = 2 * kx + kw - (2 * x + w);
            if (over && (dx < -reach || dx > reach)) {
                if (top < 0)
                    top = top_centre(pa, i, x, w, h);
                dx = 2 * kx + kw - 2 * top;
            }
            if (dx < -reach || dx > reach)
                continue;
            if (over) {
                count++;
                mi = k, mw = kw, mh = kh;
            } else if (!leader_dot(ba, k, kx, ky, kw, kh)) {
                below = 1; /* the dot of ị, under the baseline */
            }
        }
        if (count == 0)
            continue; /* l, t, r, I: a stem without a mark */
        /* A scan's blur or the dotted line can join the dot of ị to its
         * stem, which then reaches below the baseline by about a dot
         * (printed "Nam Định": 6 px): that is a dot below too. */
        if (!below) {
            int base = baseline_of(ba, n, i, h);
            below = base >= 0 && y + h - base >= (h / 8 > 3 ? h / 8 : 3);
        }
        st[ns].x = x;
        st[ns].ink.above =
            count == 1 ? classify(pa, mi, mw, mh, h) : HB_MARK_UNKNOWN;
        st[ns].ink.below = below;
        ns++;
    }
    qsort(st, (size_t)ns, sizeof *st, by_x);
    for (int i = 0; i < ns && i < max; i++)
        ink[i] = st[i].ink;
    free(st);
    boxaDestroy(&ba);
    pixaDestroy(&pa);
    return ns;
}
