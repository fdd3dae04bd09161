/*
 * grid.c - ruled tables found on a binarized page (see grid.h).
 *
 * A transcript table is a set of horizontal and vertical ruling lines.  The
 * recipe, per table:
 *   1. line masks (grid_lines.c); each connected group of lines is one
 *      table candidate, so several tables on a page come apart;
 *   2. projection profiles of the masks give the lines' positions: a line
 *      is a band of rows (or columns) with enough line pixels.  A profile
 *      sums a whole row, so a broken line still shows as one band;
 *      outer lines that are not there (a form ruled inside only, an edge
 *      lost to the scanner's lid) are put back where the inner lines that
 *      run on past them end, or, for a column with no ruling at all, where
 *      its text ends (see "outer lines that are not there" below);
 *   3. for every line and every cell side along it, is the segment there?
 *      (enough of the side covered, reaching both ends).  A line with no
 *      segment at all is a false line (an underline, a long pen stroke)
 *      and goes; so does an outer line that only adds a row or column
 *      outside the table's box; a missing segment merges the two cells it
 *      separated: merged header cells get their rowspan / colspan that way;
 *   4. cells are the merged groups, made rectangular, with their boxes
 *      inside the lines (line thickness and skew residue excluded).
 */
#include "grid.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "grid_priv.h"
#include "morph.h"

/* A line's extent across its direction (rows for a horizontal line,
 * columns for a vertical one), in table-local coordinates. */
typedef struct gline {
    int lo, hi;
} gline;

/* One table candidate: its masks clipped to the region. */
typedef struct region {
    PIX *bin;          /* the whole page (not owned) */
    PIX *ph, *pv;      /* the page's line masks (not owned) */
    PIX *h, *v;
    int x0, y0, w, ht;
    int dpi;
    gline *hl, *vl;
    int nh, nv;
} region;

/* Bands of a profile: maximal runs of values >= minv; bands separated by
 * fewer than `gap` positions are one line (a double rule, or a thick line
 * whose middle binarized light).  Returns the count, -1 on no memory. */
static int profile_bands(const l_int32 *prof, int n, int minv, int gap,
                         gline **out)
{
    gline *b = malloc(sizeof *b * (size_t)(n / 2 + 1));
    if (!b)
        return -1;
    int nb = 0;
    for (int i = 0; i < n;) {
        if (prof[i] < minv) {
            i++;
            continue;
        }
        int lo = i;
        while (i < n && prof[i] >= minv)
            i++;
        if (nb > 0 && lo - b[nb - 1].hi <= gap)
            b[nb - 1].hi = i - 1;
        else
            b[nb++] = (gline){lo, i - 1};
    }
    *out = b;
    return nb;
}

static int bands_of(PIX *mask, int horiz, int minv, int gap, gline **out)
{
    NUMA *na = horiz ? pixCountPixelsByRow(mask, NULL)
                     : pixCountPixelsByColumn(mask);
    if (!na)
        return -1;
    l_int32 *prof = numaGetIArray(na);
    int n = numaGetCount(na);
    numaDestroy(&na);
    if (!prof)
        return -1;
    int nb = profile_bands(prof, n, minv, gap, out);
    free(prof);
    return nb;
}

/* What a line shows along one cell side, from the covered positions:
 *  SEG_SOLID    most of it covered and both ends reached: a line (a pen
 *               stroke floating in a cell does not touch the lines around
 *               it, an underline does not reach the cell's sides);
 *  SEG_PRESENT  at least a quarter covered: a broken or faint piece of a
 *               line that is real elsewhere -- the cells stay apart;
 *  SEG_ABSENT   (nearly) nothing: a merged cell.  A merged header cell has
 *               no line at all there; its text is no long straight run. */
enum { SEG_ABSENT = 0, SEG_PRESENT = 1, SEG_SOLID = 2 };

static int segment_eval(const unsigned char *hit, int n, int *covered)
{
    *covered = 0;
    if (n <= 0)
        return SEG_SOLID; /* the lines touch: nothing in between to miss */
    int tot = 0, head = 0, tail = 0, q = n / 4 > 1 ? n / 4 : 1;
    for (int i = 0; i < n; i++) {
        tot += hit[i];
        if (i < q)
            head += hit[i];
        if (i >= n - q)
            tail += hit[i];
    }
    *covered = tot;
    if (tot * 10 >= n * 6 && head * 3 >= q && tail * 3 >= q)
        return SEG_SOLID;
    return tot * 4 >= n ? SEG_PRESENT : SEG_ABSENT;
}

static int tolerance(const region *r)
{
    return r->dpi / 100 > 2 ? r->dpi / 100 : 2;
}

/* Drops the vertical bands that meet no horizontal line.  Every ruling of
 * a table crosses or ends on another, but letters can stack into a short
 * vertical run as well: the stems of "H" over "h" in a two-line subject
 * label ("Hoạt động trải nghiệm, / hướng nghiệp") make one 50 px tall.  In a
 * table without its outer frame such a stack, left of the first real
 * line, was taken for the table's left border, and the label column was
 * lost with it. */
static void drop_floating_verticals(region *r)
{
    int tol = tolerance(r), k = 0;
    for (int j = 0; j < r->nv; j++) {
        /* the band's vertical extent in the mask */
        int top = -1, bottom = -1;
        l_uint32 *data = pixGetData(r->v);
        int wpl = pixGetWpl(r->v);
        for (int y = 0; y < r->ht; y++) {
            l_uint32 *line = data + (size_t)y * wpl;
            for (int x = r->vl[j].lo; x <= r->vl[j].hi; x++)
                if (GET_DATA_BIT(line, x)) {
                    if (top < 0)
                        top = y;
                    bottom = y;
                    break;
                }
        }
        int meets = 0;
        for (int i = 0; i < r->nh && !meets && top >= 0; i++)
            meets = r->hl[i].lo - tol <= bottom && r->hl[i].hi + tol >= top;
        if (meets || r->nh == 0)
            r->vl[k++] = r->vl[j];
    }
    r->nv = k;
}

/* Horizontal line i over the column interval between vertical lines j and
 * j + 1. */
static int hseg_eval(const region *r, int i, int j, unsigned char *hit,
                     int *covered, int *len)
{
    int tol = tolerance(r);
    int a = r->vl[j].hi + 1, b = r->vl[j + 1].lo - 1;
    int y0 = r->hl[i].lo - tol, y1 = r->hl[i].hi + tol;
    y0 = y0 < 0 ? 0 : y0;
    y1 = y1 >= r->ht ? r->ht - 1 : y1;
    l_uint32 *data = pixGetData(r->h);
    int wpl = pixGetWpl(r->h);
    for (int x = a; x <= b; x++) {
        hit[x - a] = 0;
        for (int y = y0; y <= y1; y++)
            if (GET_DATA_BIT(data + (size_t)y * wpl, x)) {
                hit[x - a] = 1;
                break;
            }
    }
    *len = b - a + 1 > 0 ? b - a + 1 : 0;
    return segment_eval(hit, b - a + 1, covered);
}

/* Vertical line j over the row interval between horizontal lines i and
 * i + 1. */
static int vseg_eval(const region *r, int j, int i, unsigned char *hit,
                     int *covered, int *len)
{
    int tol = tolerance(r);
    int a = r->hl[i].hi + 1, b = r->hl[i + 1].lo - 1;
    int x0 = r->vl[j].lo - tol, x1 = r->vl[j].hi + tol;
    x0 = x0 < 0 ? 0 : x0;
    x1 = x1 >= r->w ? r->w - 1 : x1;
    l_uint32 *data = pixGetData(r->v);
    int wpl = pixGetWpl(r->v);
    for (int y = a; y <= b; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        hit[y - a] = 0;
        for (int x = x0; x <= x1; x++)
            if (GET_DATA_BIT(line, x)) {
                hit[y - a] = 1;
                break;
            }
    }
    *len = b - a + 1 > 0 ? b - a + 1 : 0;
    return segment_eval(hit, b - a + 1, covered);
}

static int hseg_present(const region *r, int i, int j, unsigned char *hit)
{
    int cov, len;
    return hseg_eval(r, i, j, hit, &cov, &len) != SEG_ABSENT;
}

static int vseg_present(const region *r, int j, int i, unsigned char *hit)
{
    int cov, len;
    return vseg_eval(r, j, i, hit, &cov, &len) != SEG_ABSENT;
}

static void drop_line(gline *l, int *n, int k)
{
    memmove(l + k, l + k + 1, sizeof *l * (size_t)(*n - k - 1));
    (*n)--;
}

/* A table is closed: its outermost column lies between the top and the
 * bottom lines, its outermost row between the left and right borders.  An
 * outer column neither of them spans (a scanner's shadow band beside the
 * table, a stray stroke past its edge), an outer row neither border spans
 * (a bar through a heading just above), or an outer sliver too narrow to
 * hold anything is not part of the table: its outer line goes.  1 when a
 * line went. */
static int trim_outside(region *r, unsigned char *hit)
{
    if (r->nh < 2 || r->nv < 3 || r->nh < 3)
        return 0;
    int top = 0, bot = r->nh - 1, left = 0, right = r->nv - 1;
    /* Narrower than 1/8 inch (lower than 1/10 inch) holds no field. */
    int minw = r->dpi / 8, minh = r->dpi / 10;
    if (r->vl[1].lo - r->vl[0].hi < minw ||
        (!hseg_present(r, top, 0, hit) && !hseg_present(r, bot, 0, hit))) {
        drop_line(r->vl, &r->nv, left);
        return 1;
    }
    if (r->vl[right].lo - r->vl[right - 1].hi < minw ||
        (!hseg_present(r, top, right - 1, hit) &&
         !hseg_present(r, bot, right - 1, hit))) {
        drop_line(r->vl, &r->nv, right);
        return 1;
    }
    if (r->hl[1].lo - r->hl[0].hi < minh ||
        (!vseg_present(r, left, 0, hit) && !vseg_present(r, right, 0, hit))) {
        drop_line(r->hl, &r->nh, top);
        return 1;
    }
    if (r->hl[bot].lo - r->hl[bot - 1].hi < minh ||
        (!vseg_present(r, left, bot - 1, hit) &&
         !vseg_present(r, right, bot - 1, hit))) {
        drop_line(r->hl, &r->nh, bot);
        return 1;
    }
    return 0;
}

/* ---- outer lines that are not there ---------------------------------------
 *
 * Some printed forms draw only a table's inner rulings, and a scanner's lid
 * or a worn edge can take the outer line away.  Then the outermost line
 * found is an inner one, and the first or last row or column would be lost
 * (or read as part of the page margin).  The inner lines tell: they run on
 * past the outermost line of the other direction, to where the missing
 * line was -- "where the table's other rows end".  So per side, when at
 * least two lines run on by a column's (row's) worth, the outer line is
 * put back where the second farthest of them ends; one line running on is
 * enough when the strip it closes holds text (a merged cell, such as the
 * days-absent cell beside the term rows of a conduct table, has one line
 * reaching the table's edge: the heading's).  A frame that is there stops
 * the lines that meet it, so nothing changes for a closed table. */

enum { SIDE_LEFT, SIDE_RIGHT, SIDE_TOP, SIDE_BOTTOM };

/* How far line `l` (of the direction across `side`) runs on from `from`
 * (the outermost line's inner edge) towards `side`, through breaks of up
 * to `gap`: the position of its last pixel that way, or `from` when it
 * does not pass. */
static int run_on(const region *r, const gline *l, int side, int from, int gap)
{
    int horiz = side == SIDE_LEFT || side == SIDE_RIGHT; /* l is horizontal */
    PIX *m = horiz ? r->h : r->v;
    int tol = tolerance(r);
    int a = l->lo - tol, b = l->hi + tol;
    int lim = horiz ? r->ht : r->w;
    a = a < 0 ? 0 : a;
    b = b >= lim ? lim - 1 : b;
    int step = side == SIDE_LEFT || side == SIDE_TOP ? -1 : 1;
    int end = horiz ? (step < 0 ? -1 : r->w) : (step < 0 ? -1 : r->ht);
    l_uint32 *data = pixGetData(m);
    int wpl = pixGetWpl(m);
    int last = from;
    for (int p = from; p != end && abs(p - last) <= gap; p += step) {
        int hit = 0;
        for (int q = a; q <= b && !hit; q++)
            hit = horiz ? GET_DATA_BIT(data + (size_t)q * wpl, p)
                        : GET_DATA_BIT(data + (size_t)p * wpl, q);
        if (hit)
            last = p;
    }
    return last;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The median gap between consecutive lines (inside their thickness). */
static int median_gap(const gline *l, int n)
{
    int g[64], k = 0;
    for (int i = 0; i + 1 < n && k < 64; i++)
        g[k++] = l[i + 1].lo - l[i].hi;
    qsort(g, (size_t)k, sizeof *g, cmp_int);
    return k ? g[k / 2] : 0;
}

/* Text pixels (ink that is no line) of the page in the rectangle
 * (x, y, w, h) of the page. */
static int text_pixels_at(const region *r, int x, int y, int w, int h)
{
    if (!r->bin || w <= 0 || h <= 0)
        return 0;
    BOX *b = boxCreate(x, y, w, h);
    PIX *ink = b ? pixClipRectangle(r->bin, b, NULL) : NULL;
    PIX *hl = b ? pixClipRectangle(r->ph, b, NULL) : NULL;
    PIX *vl = b ? pixClipRectangle(r->pv, b, NULL) : NULL;
    l_int32 n = 0;
    if (ink && hl && vl) {
        /* a pixel or two beside a line is the line's ragged edge */
        PIX *lines = pixOr(NULL, hl, vl);
        PIX *fat = lines ? morph_dilate_brick(lines, 5, 5) : NULL;
        if (fat) {
            pixSubtract(ink, ink, fat);
            pixCountPixels(ink, &n, NULL);
        }
        pixDestroy(&fat);
        pixDestroy(&lines);
    }
    pixDestroy(&ink);
    pixDestroy(&hl);
    pixDestroy(&vl);
    boxDestroy(&b);
    return n;
}

/* The same in the region's coordinates. */
static int text_pixels(const region *r, int x, int y, int w, int h)
{
    return text_pixels_at(r, r->x0 + x, r->y0 + y, w, h);
}

/* Where the missing outer line of `side` was (its outer edge, local
 * coordinates), or -1 when the side is closed. */
static int missing_edge(const region *r, int side)
{
    int horiz = side == SIDE_LEFT || side == SIDE_RIGHT;
    const gline *across = horiz ? r->hl : r->vl; /* the lines that run on */
    int n_across = horiz ? r->nh : r->nv;
    const gline *outer = horiz ? (side == SIDE_LEFT ? &r->vl[0] : &r->vl[r->nv - 1])
                               : (side == SIDE_TOP ? &r->hl[0] : &r->hl[r->nh - 1]);
    if (n_across < 1 || (horiz ? r->nv : r->nh) < 1)
        return -1;
    int far = side == SIDE_LEFT || side == SIDE_TOP ? -1 : 1;
    int from = far < 0 ? outer->hi : outer->lo;
    /* a column at least 1/8 inch wide, a row 1/10 inch high */
    int minlen = horiz ? r->dpi / 8 : r->dpi / 10;
    int gap = r->dpi / 25 > 2 ? r->dpi / 25 : 2;
    int ends[64], k = 0;
    for (int i = 0; i < n_across && k < 64; i++) {
        int e = run_on(r, &across[i], side, from, gap);
        int past = far < 0 ? outer->lo - e : e - outer->hi;
        if (past >= minlen)
            ends[k++] = e;
    }
    if (k == 0)
        return -1;
    /* farthest first */
    qsort(ends, (size_t)k, sizeof *ends, cmp_int);
    if (far > 0)
        for (int i = 0; i < k / 2; i++) {
            int t = ends[i];
            ends[i] = ends[k - 1 - i];
            ends[k - 1 - i] = t;
        }
    int edge = k >= 2 ? ends[1] : ends[0];
    if (k == 1) {
        /* one line only: the strip it closes must hold text */
        int a = far < 0 ? edge : outer->hi + 1;
        int b = far < 0 ? outer->lo - 1 : edge;
        /* across the whole extent of the table's lines */
        int lo = 0, hi = (horiz ? r->ht : r->w) - 1;
        int need = (r->dpi / 30) * (r->dpi / 30);
        int n = horiz ? text_pixels(r, a, lo, b - a + 1, hi - lo + 1)
                      : text_pixels(r, lo, a, hi - lo + 1, b - a + 1);
        if (n < need)
            return -1;
    }
    return edge;
}

/* A column whose lines are all gone (no line runs on past the outermost
 * vertical one, yet the rows hold text beyond it: a form that rules only
 * the value columns): it ends where its text ends, plus a margin.  Only
 * for columns: text above or below a table is the page's own (its header
 * lines, a note under the table), but text beside a table in at least
 * half of its rows, no farther than a column's width and with no line in
 * between (a neighbouring table's frame stops the search), is one of its
 * columns.  The outer edge in region coordinates (it may lie outside the
 * region), or INT_MIN when there is none. */
static int ink_edge(const region *r, int side)
{
    if (r->nh < 3 || r->nv < 2 || !r->bin)
        return INT_MIN;
    int far = side == SIDE_LEFT ? -1 : 1;
    const gline *outer = far < 0 ? &r->vl[0] : &r->vl[r->nv - 1];
    int colw = median_gap(r->vl, r->nv);
    int pw = pixGetWidth(r->bin);
    /* page columns from the line outwards: the text must start within a
     * column's width and may run on over two, not past a vertical line
     * (another table's) */
    int start = r->x0 + (far < 0 ? outer->lo - 1 : outer->hi + 1);
    /* (the line's own ragged edge is no text) */
    int skip = tolerance(r) + 2;
    int y0 = r->y0 + r->hl[0].lo, y1 = r->y0 + r->hl[r->nh - 1].hi;
    int first = start + far * colw, limit = start + 2 * far * colw;
    limit = limit < 0 ? 0 : limit >= pw ? pw - 1 : limit;
    if ((limit - start) * far <= 0)
        return INT_MIN;
    l_uint32 *vd = pixGetData(r->pv), *bd = pixGetData(r->bin);
    int wpl = pixGetWpl(r->pv), bwpl = pixGetWpl(r->bin);
    int minline = r->dpi / 10;
    int gapmax = r->dpi / 6, last = INT_MIN, blank = 0;
    for (int x = start + far * skip; (limit - x) * far >= 0; x += far) {
        int line = 0, ink = 0;
        for (int y = y0; y <= y1; y++) {
            line += GET_DATA_BIT(vd + (size_t)y * wpl, x);
            ink += GET_DATA_BIT(bd + (size_t)y * bwpl, x);
        }
        if (line >= minline)
            break; /* another table's line: nothing of ours beyond */
        if (last == INT_MIN && (x - first) * far > 0)
            break; /* no text near enough */
        if (ink > 0) {
            last = x;
            blank = 0;
        } else if (last != INT_MIN && ++blank > gapmax) {
            break;
        }
    }
    if (last == INT_MIN)
        return INT_MIN;
    /* text in at least half of the rows, between the line and there */
    int a = far < 0 ? last : start, w = (far < 0 ? start - last : last - start) + 1;
    int rows = 0, with = 0, need = (r->dpi / 30) * (r->dpi / 30) / 4;
    for (int i = 0; i + 1 < r->nh; i++) {
        int top = r->y0 + r->hl[i].hi + 1, h = r->hl[i + 1].lo - r->hl[i].hi - 1;
        if (h < r->dpi / 10)
            continue;
        rows++;
        with += text_pixels_at(r, a, top, w, h) >= need;
    }
    if (rows < 2 || with * 2 < rows)
        return INT_MIN;
    int margin = r->dpi / 50 > 2 ? r->dpi / 50 : 2;
    int edge = last + far * margin;
    edge = edge < 0 ? 0 : edge >= pw ? pw - 1 : edge;
    /* narrower than 1/8 inch holds no field */
    if ((edge - start) * far < r->dpi / 8)
        return INT_MIN;
    return edge - r->x0;
}

/* Widens the region by `left` and `right` pixels of the page (a column
 * found beyond its box): masks clipped again, columns shifted.  0 on
 * success. */
static int region_widen(region *r, int left, int right)
{
    if (left <= 0 && right <= 0)
        return 0;
    left = left > 0 ? left : 0;
    right = right > 0 ? right : 0;
    BOX *b = boxCreate(r->x0 - left, r->y0, r->w + left + right, r->ht);
    PIX *h = b ? pixClipRectangle(r->ph, b, NULL) : NULL;
    PIX *v = b ? pixClipRectangle(r->pv, b, NULL) : NULL;
    boxDestroy(&b);
    if (!h || !v || pixGetWidth(h) != r->w + left + right) {
        pixDestroy(&h);
        pixDestroy(&v);
        return -1;
    }
    pixDestroy(&r->h);
    pixDestroy(&r->v);
    r->h = h;
    r->v = v;
    r->x0 -= left;
    r->w += left + right;
    for (int j = 0; j < r->nv; j++) {
        r->vl[j].lo += left;
        r->vl[j].hi += left;
    }
    return 0;
}

static int median_thickness(const gline *l, int n)
{
    int t[64], k = 0;
    for (int i = 0; i < n && k < 64; i++)
        t[k++] = l[i].hi - l[i].lo + 1;
    qsort(t, (size_t)k, sizeof *t, cmp_int);
    return k ? t[k / 2] : 1;
}

/* Inserts line `l` into the sorted lines *ls (n of them).  0 on success. */
static int insert_line(gline **ls, int *n, gline l)
{
    gline *a = realloc(*ls, sizeof *a * (size_t)(*n + 1));
    if (!a)
        return -1;
    int i = *n;
    while (i > 0 && a[i - 1].lo > l.lo) {
        a[i] = a[i - 1];
        i--;
    }
    a[i] = l;
    *ls = a;
    (*n)++;
    return 0;
}

/* Puts back the outer lines that are missing (see above), into the line
 * lists and as pixels into the region's masks, so that the cells along
 * them are closed like any other.  0 on success, -1 on no memory. */
static int recover_outer(region *r)
{
    if (r->nh < 1 || r->nv < 1 || r->nh + r->nv < 3)
        return 0;
    int edge[4];
    for (int s = 0; s < 4; s++)
        edge[s] = missing_edge(r, s);
    /* a column without any line: its text, which may reach out of the
     * region */
    int ink[2] = { INT_MIN, INT_MIN };
    for (int s = SIDE_LEFT; s <= SIDE_RIGHT; s++)
        if (edge[s] < 0)
            ink[s] = ink_edge(r, s);
    int grow_l = ink[SIDE_LEFT] != INT_MIN && ink[SIDE_LEFT] < 0 ? -ink[SIDE_LEFT] : 0;
    int grow_r = ink[SIDE_RIGHT] != INT_MIN && ink[SIDE_RIGHT] >= r->w
                     ? ink[SIDE_RIGHT] - r->w + 1 : 0;
    if (region_widen(r, grow_l, grow_r))
        return -1;
    for (int s = SIDE_LEFT; s <= SIDE_RIGHT; s++)
        if (ink[s] != INT_MIN) {
            edge[s] = ink[s] + grow_l;
            /* the rows go on into the column the rulings left out */
            const gline *o = s == SIDE_LEFT ? &r->vl[0] : &r->vl[r->nv - 1];
            int a = s == SIDE_LEFT ? edge[s] : o->hi;
            int b = s == SIDE_LEFT ? o->lo : edge[s];
            for (int i = 0; i < r->nh; i++)
                pixRasterop(r->h, a, r->hl[i].lo, b - a + 1,
                            r->hl[i].hi - r->hl[i].lo + 1, PIX_SET, NULL, 0, 0);
        }
    if (edge[0] < 0 && edge[1] < 0 && edge[2] < 0 && edge[3] < 0)
        return 0;
    int tv = median_thickness(r->vl, r->nv), th = median_thickness(r->hl, r->nh);
    /* the table's outer box once the lines are back */
    int x0 = edge[SIDE_LEFT] >= 0 ? edge[SIDE_LEFT] : r->vl[0].lo;
    int x1 = edge[SIDE_RIGHT] >= 0 ? edge[SIDE_RIGHT] : r->vl[r->nv - 1].hi;
    int y0 = edge[SIDE_TOP] >= 0 ? edge[SIDE_TOP] : r->hl[0].lo;
    int y1 = edge[SIDE_BOTTOM] >= 0 ? edge[SIDE_BOTTOM] : r->hl[r->nh - 1].hi;
    if (edge[SIDE_LEFT] >= 0) {
        gline l = { x0, x0 + tv - 1 };
        if (insert_line(&r->vl, &r->nv, l))
            return -1;
        pixRasterop(r->v, l.lo, y0, tv, y1 - y0 + 1, PIX_SET, NULL, 0, 0);
    }
    if (edge[SIDE_RIGHT] >= 0) {
        gline l = { x1 - tv + 1, x1 };
        if (insert_line(&r->vl, &r->nv, l))
            return -1;
        pixRasterop(r->v, l.lo, y0, tv, y1 - y0 + 1, PIX_SET, NULL, 0, 0);
    }
    if (edge[SIDE_TOP] >= 0) {
        gline l = { y0, y0 + th - 1 };
        if (insert_line(&r->hl, &r->nh, l))
            return -1;
        pixRasterop(r->h, x0, l.lo, x1 - x0 + 1, th, PIX_SET, NULL, 0, 0);
    }
    if (edge[SIDE_BOTTOM] >= 0) {
        gline l = { y1 - th + 1, y1 };
        if (insert_line(&r->hl, &r->nh, l))
            return -1;
        pixRasterop(r->h, x0, l.lo, x1 - x0 + 1, th, PIX_SET, NULL, 0, 0);
    }
    return 0;
}

/* Step 3's pruning: a line is real when one of its cell sides is solid,
 * or when it covers at least half of all its sides together (a line
 * broken all along).  The others go, until stable. */
static void prune_lines(region *r, unsigned char *hit)
{
    int changed = 1;
    while (changed && r->nh >= 2 && r->nv >= 2) {
        changed = 0;
        for (int j = 0; j < r->nv && r->nv >= 2; j++) {
            int solid = 0, cov = 0, len = 0;
            for (int i = 0; i + 1 < r->nh && !solid; i++) {
                int c, l;
                solid = vseg_eval(r, j, i, hit, &c, &l) == SEG_SOLID;
                cov += c;
                len += l;
            }
            if (!solid && cov * 2 < len) {
                drop_line(r->vl, &r->nv, j--);
                changed = 1;
            }
        }
        for (int i = 0; i < r->nh && r->nv >= 2; i++) {
            int solid = 0, cov = 0, len = 0;
            for (int j = 0; j + 1 < r->nv && !solid; j++) {
                int c, l;
                solid = hseg_eval(r, i, j, hit, &c, &l) == SEG_SOLID;
                cov += c;
                len += l;
            }
            if (!solid && cov * 2 < len) {
                drop_line(r->hl, &r->nh, i--);
                changed = 1;
            }
        }
        if (!changed)
            changed = trim_outside(r, hit);
    }
}

static int uf_find(int *p, int a)
{
    while (p[a] != a)
        a = p[a] = p[p[a]];
    return a;
}

static void uf_union(int *p, int a, int b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a != b)
        p[a < b ? b : a] = a < b ? a : b;
}

/* Step 4: cells from the present segments.  0 on success. */
static int build_cells(const region *r, unsigned char *hit, hb_grid *g)
{
    int nr = r->nh - 1, nc = r->nv - 1, n = nr * nc;
    int *p = malloc(sizeof *p * (size_t)n);
    int *rmin = malloc(sizeof *rmin * (size_t)n * 4);
    if (!p || !rmin) {
        free(p);
        free(rmin);
        return -1;
    }
    int *rmax = rmin + n, *cmin = rmin + 2 * n, *cmax = rmin + 3 * n;
    for (int k = 0; k < n; k++)
        p[k] = k;
    for (int i = 0; i < nr; i++)
        for (int j = 1; j < nc; j++)
            if (!vseg_present(r, j, i, hit))
                uf_union(p, i * nc + j - 1, i * nc + j);
    for (int i = 1; i < nr; i++)
        for (int j = 0; j < nc; j++)
            if (!hseg_present(r, i, j, hit))
                uf_union(p, (i - 1) * nc + j, i * nc + j);
    /* Merged areas must be rectangles: an L-shaped group swallows what its
     * bounding box covers, until nothing changes. */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int k = 0; k < n; k++) {
            rmin[k] = cmin[k] = 1 << 30;
            rmax[k] = cmax[k] = -1;
        }
        for (int k = 0; k < n; k++) {
            int root = uf_find(p, k), i = k / nc, j = k % nc;
            if (i < rmin[root]) rmin[root] = i;
            if (i > rmax[root]) rmax[root] = i;
            if (j < cmin[root]) cmin[root] = j;
            if (j > cmax[root]) cmax[root] = j;
        }
        for (int k = 0; k < n && !changed; k++) {
            if (uf_find(p, k) != k)
                continue;
            for (int i = rmin[k]; i <= rmax[k]; i++)
                for (int j = cmin[k]; j <= cmax[k]; j++)
                    if (uf_find(p, i * nc + j) != k) {
                        uf_union(p, k, i * nc + j);
                        changed = 1;
                    }
        }
    }
    size_t ncells = 0;
    for (int k = 0; k < n; k++)
        ncells += uf_find(p, k) == k;
    g->cells = calloc(ncells ? ncells : 1, sizeof *g->cells);
    if (!g->cells) {
        free(p);
        free(rmin);
        return -1;
    }
    /* Row-major order of the cells' top-left positions; a root is the
     * smallest index of its group, which is its top-left cell. */
    for (int k = 0; k < n; k++) {
        if (uf_find(p, k) != k)
            continue;
        hb_cell *c = &g->cells[g->n_cells++];
        c->row = rmin[k];
        c->col = cmin[k];
        c->rowspan = rmax[k] - rmin[k] + 1;
        c->colspan = cmax[k] - cmin[k] + 1;
        int x0 = r->vl[cmin[k]].hi + 1, x1 = r->vl[cmax[k] + 1].lo - 1;
        int y0 = r->hl[rmin[k]].hi + 1, y1 = r->hl[rmax[k] + 1].lo - 1;
        c->box.x = r->x0 + x0;
        c->box.y = r->y0 + y0;
        c->box.w = x1 >= x0 ? x1 - x0 + 1 : 1;
        c->box.h = y1 >= y0 ? y1 - y0 + 1 : 1;
    }
    free(p);
    free(rmin);
    return 0;
}

static void region_free(region *r)
{
    pixDestroy(&r->h);
    pixDestroy(&r->v);
    free(r->hl);
    free(r->vl);
}

static void grid_free_one(hb_grid *g)
{
    free(g->row_y);
    free(g->col_x);
    free(g->cells);
    memset(g, 0, sizeof *g);
}

/* Whether cells of this grid can hold a field at all: rows of 1/10 inch
 * and columns of 1/8 inch at the median.  A comb of streaks left by a
 * scanner's edge shadow, or stacked underlines, is no table. */
static int fields_fit(const region *r)
{
    return median_gap(r->hl, r->nh) >= r->dpi / 10 &&
           median_gap(r->vl, r->nv) >= r->dpi / 8;
}

/* Steps 2-4 for the candidate in box b.  1 when a table was found (into
 * *g), 0 when it is not a table, -1 on no memory. */
static int table_in_box(PIX *bin, PIX *h, PIX *v, BOX *b, int dpi, hb_grid *g)
{
    region r = {0};
    r.bin = bin;
    r.ph = h;
    r.pv = v;
    r.dpi = dpi;
    boxGetGeometry(b, &r.x0, &r.y0, &r.w, &r.ht);
    r.h = pixClipRectangle(h, b, NULL);
    r.v = pixClipRectangle(v, b, NULL);
    unsigned char *hit = NULL;
    int rc = -1;
    if (!r.h || !r.v)
        goto out;
    /* Lines closer than 1/25 inch are one line: no text fits between. */
    int gap = dpi / 25 > 2 ? dpi / 25 : 2;
    r.nh = bands_of(r.h, 1, dpi / 8 > 4 ? dpi / 8 : 4, gap, &r.hl);
    r.nv = bands_of(r.v, 0, dpi / 12 > 4 ? dpi / 12 : 4, gap, &r.vl);
    if (r.nh < 0 || r.nv < 0)
        goto out;
    drop_floating_verticals(&r);
    rc = 0;
    if (recover_outer(&r)) {
        rc = -1;
        goto out;
    }
    hit = malloc((size_t)(r.w > r.ht ? r.w : r.ht) + 1);
    if (!hit) {
        rc = -1;
        goto out;
    }
    prune_lines(&r, hit);
    if (r.nh < 2 || r.nv < 2 || (r.nh - 1) * (r.nv - 1) < 2 ||
        !fields_fit(&r))
        goto out;
    memset(g, 0, sizeof *g);
    g->n_rows = r.nh - 1;
    g->n_cols = r.nv - 1;
    g->row_y = malloc(sizeof *g->row_y * (size_t)r.nh);
    g->col_x = malloc(sizeof *g->col_x * (size_t)r.nv);
    if (!g->row_y || !g->col_x || build_cells(&r, hit, g) != 0) {
        grid_free_one(g);
        rc = -1;
        goto out;
    }
    for (int i = 0; i < r.nh; i++)
        g->row_y[i] = r.y0 + (r.hl[i].lo + r.hl[i].hi) / 2;
    for (int j = 0; j < r.nv; j++)
        g->col_x[j] = r.x0 + (r.vl[j].lo + r.vl[j].hi) / 2;
    g->bounds.x = r.x0 + r.vl[0].lo;
    g->bounds.y = r.y0 + r.hl[0].lo;
    g->bounds.w = r.vl[r.nv - 1].hi - r.vl[0].lo + 1;
    g->bounds.h = r.hl[r.nh - 1].hi - r.hl[0].lo + 1;
    rc = 1;
out:
    free(hit);
    region_free(&r);
    return rc;
}

/* Reading order: top to bottom; tables side by side (tops within a
 * quarter inch, as the two assessment tables of a results page) left to
 * right, whatever a pixel or two of skew residue says.  Insertion sort:
 * that comparison is not a strict order qsort may rely on, and a page has
 * a handful of tables. */
static void sort_reading_order(hb_grid *t, size_t n, int dpi)
{
    for (size_t i = 1; i < n; i++) {
        hb_grid cur = t[i];
        size_t j = i;
        while (j > 0) {
            const hb_grid *p = &t[j - 1];
            int same_band = abs(p->bounds.y - cur.bounds.y) < dpi / 4;
            int before = same_band ? cur.bounds.x < p->bounds.x
                                   : cur.bounds.y < p->bounds.y;
            if (!before)
                break;
            t[j] = t[j - 1];
            j--;
        }
        t[j] = cur;
    }
}

int grid_find_tables_with(PIX *bin, const hb_line_masks *m, hb_grid **tables,
                          size_t *n, hb_err *e)
{
    if (tables)
        *tables = NULL;
    if (n)
        *n = 0;
    if (!bin || !tables || !n || pixGetDepth(bin) != 1 || !m || !m->h || !m->v)
        return err_set(e, HB_EUSAGE, "grid_find_tables: needs a 1 bpp image");
    int dpi = m->dpi > 0 ? m->dpi : 300;
    PIX *h = m->h, *v = m->v;
    /* Candidates: groups of lines that touch (bridging a few pixels where a
     * thin vertical line stops short of a horizontal one). */
    PIX *all = pixOr(NULL, h, v);
    int k = dpi / 30 > 1 ? dpi / 30 : 1;
    PIX *fat = all ? morph_dilate_brick(all, 2 * k + 1, 2 * k + 1) : NULL;
    BOXA *boxa = fat ? pixConnComp(fat, NULL, 8) : NULL;
    pixDestroy(&all);
    pixDestroy(&fat);
    int rc = 0;
    hb_grid *out = NULL;
    size_t nout = 0;
    int nb = boxa ? boxaGetCount(boxa) : 0;
    if (!boxa) {
        rc = err_set(e, HB_ENOMEM, "grid_find_tables: out of memory");
        goto done;
    }
    out = calloc(nb ? (size_t)nb : 1, sizeof *out);
    if (!out) {
        rc = err_set(e, HB_ENOMEM, "grid_find_tables: out of memory");
        goto done;
    }
    for (int i = 0; i < nb; i++) {
        BOX *b = boxaGetBox(boxa, i, L_CLONE);
        l_int32 bx, by, bw, bh;
        boxGetGeometry(b, &bx, &by, &bw, &bh);
        /* At least two columns of a third of an inch and two rows of a
         * sixth: anything smaller holds no field. */
        int got = 0;
        if (bw >= dpi * 2 / 3 && bh >= dpi / 3)
            got = table_in_box(bin, h, v, b, dpi, &out[nout]);
        boxDestroy(&b);
        if (got < 0) {
            rc = err_set(e, HB_ENOMEM, "grid_find_tables: out of memory");
            goto done;
        }
        nout += (size_t)got;
    }
    sort_reading_order(out, nout, dpi);
done:
    boxaDestroy(&boxa);
    if (rc != 0) {
        grid_free_all(out, nout);
        return rc;
    }
    *tables = out;
    *n = nout;
    return 0;
}

int grid_find_tables(PIX *bin, int dpi, hb_grid **tables, size_t *n, hb_err *e)
{
    if (tables)
        *tables = NULL;
    if (n)
        *n = 0;
    if (!bin || !tables || !n || pixGetDepth(bin) != 1)
        return err_set(e, HB_EUSAGE, "grid_find_tables: needs a 1 bpp image");
    if (dpi <= 0)
        dpi = pixGetXRes(bin) > 0 ? pixGetXRes(bin) : 300;
    hb_line_masks m;
    if (grid_masks_make(bin, dpi, &m, NULL) != 0) {
        grid_masks_free(&m);
        return err_set(e, HB_ENOMEM, "grid_find_tables: out of memory");
    }
    int rc = grid_find_tables_with(bin, &m, tables, n, e);
    grid_masks_free(&m);
    return rc;
}

void grid_free_all(hb_grid *tables, size_t n)
{
    if (!tables)
        return;
    for (size_t i = 0; i < n; i++)
        grid_free_one(&tables[i]);
    free(tables);
}

const hb_cell *grid_cell_at(const hb_grid *g, int row, int col)
{
    if (!g || row < 0 || col < 0 || row >= g->n_rows || col >= g->n_cols)
        return NULL;
    for (size_t i = 0; i < g->n_cells; i++) {
        const hb_cell *c = &g->cells[i];
        if (row >= c->row && row < c->row + c->rowspan && col >= c->col &&
            col < c->col + c->colspan)
            return c;
    }
    return NULL;
}
