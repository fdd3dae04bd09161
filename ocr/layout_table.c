/*
 * layout_table.c - the tables' headings and their columns' roles (see
 * layout.h): each heading cell read once (a column's own slice of a cell
 * that spans several), the numerals of "HK I" / "HK II" counted in the
 * ink, and the roles shared out by what each column's heading says, the
 * printed order filling only what the headings leave open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "layout_int.h"
#include "text.h"

/* ---- column roles ---------------------------------------------------------- */

const char *layout_role_name(hb_col_role r)
{
    static const char *const names[] = {
        "none", "label", "hk1", "hk2", "cn", "ktdk1", "ktdk2", "dgl", "nx",
        "conduct", "learning", "days", "level", "nam_hoc", "lop", "truong",
        "so_dang_bo", "ngay_nhap_hoc", "sign"
    };
    return (unsigned)r < sizeof names / sizeof *names ? names[r] : "?";
}

/* Nonzero when folded heading text speaks of a semester ("HK", "Học kỳ",
 * "Cuối kì"): its numeral is then worth counting in the ink. */
static int names_semester(const char *f)
{
    return strstr(f, "hk") || strstr(f, "hoc ky") || strstr(f, "hoc ki") ||
           strstr(f, "cuoi ky") || strstr(f, "cuoi ki");
}

/* Adds what a heading says of the term to s[1..3].  The year's words
 * ("Cả năm", "CN", "Cuối năm") are read reliably; a semester's numeral is
 * not, so the strokes counted in the ink weigh more than OCR's reading of
 * them, and the two agreeing more than either. */
static void term_evidence(const char *text, int bars, float s[4])
{
    char *f = layout_fold_tokens(text ? text : "");
    if (!f)
        return;
    int t = layout_term_folded(f);
    if (t == 3) {
        s[3] += 3;
    } else if (names_semester(f)) {
        /* the two disagreeing: a glyph touching the "K" hides a stroke
         * from the count as often as OCR misreads one, so neither wins
         * (the order decides) */
        int counted = bars == 1 || bars == 2, read = t == 1 || t == 2;
        if (counted && read && bars != t) {
            s[bars] += 1;
            s[t] += 1;
        } else {
            if (counted)
                s[bars] += 2;
            if (read)
                s[t] += 1;
        }
    }
    free(f);
}

/* What a heading says of the kind of value under it: 2 the periodic test
 * ("Điểm KTĐK", "KTĐK"), 1 the level or the average ("Mức đạt được",
 * "Mức", "Điểm trung bình", "Kết quả đánh giá"), 0 nothing. */
static int kind_evidence(const char *text, int broad)
{
    char *f = layout_fold_tokens(text ? text : "");
    if (!f)
        return 0;
    int k = 0;
    /* ("kiểm tra lại" is the re-test's: not a periodic test) */
    if (strstr(f, "ktdk") || layout_phrase_in(f, "kiem tra dinh ky") ||
        (layout_phrase_in(f, "kiem tra") && !layout_phrase_in(f, "lai")))
        k = 2;
    else if (strcmp(f, "muc") == 0 || layout_phrase_in(f, "muc dat duoc"))
        k = 1; /* (TT22's "... hoặc mức đánh giá" is no level column) */
    /* a spanning heading's wordings over the averages: they name the
     * term columns' group, but a column's own heading that says
     * "đánh giá" may be the re-assessment's */
    else if (broad && (layout_phrase_in(f, "diem trung binh") ||
                       layout_phrase_in(f, "xep loai") ||
                       layout_phrase_in(f, "danh gia")))
        k = 1;
    free(f);
    return k;
}

/* The roles the term columns share out: (term, kind) each. */
typedef struct term_role {
    hb_col_role role;
    int term; /* 1, 2, 3 */
    int kind; /* 1 level or score, 2 periodic test */
} term_role;

static const term_role roles_3[] = {
    { HB_COL_HK1, 1, 1 }, { HB_COL_HK2, 2, 1 }, { HB_COL_CN, 3, 1 }
};
static const term_role roles_tt27[] = {
    { HB_COL_HK1, 1, 1 }, { HB_COL_CN, 3, 1 },
    { HB_COL_KTDK1, 1, 2 }, { HB_COL_KTDK2, 3, 2 }
};

#define TERM_COLS_MAX 8

typedef struct term_search {
    int n;                            /* term columns */
    int nr;                           /* roles */
    const term_role *rs;
    float ev[TERM_COLS_MAX][4];       /* evidence of column i for role j */
    int pick[TERM_COLS_MAX];          /* current: role index, -1 none */
    int best[TERM_COLS_MAX];
    float best_score;
    int used;                         /* role bits in use */
    float term_cost, kind_cost;       /* per pair out of order */
} term_search;

/* Pairs of columns printed against the usual order: *terms counts the
 * terms out of order within a kind (I, II, year left to right), *kinds
 * the test before the level within a term. */
static int order_violations(const term_search *ts, const int *pick,
                            int *terms, int *kinds)
{
    int t = 0, k = 0;
    for (int a = 0; a < ts->n; a++)
        for (int b = a + 1; b < ts->n; b++) {
            if (pick[a] < 0 || pick[b] < 0)
                continue;
            const term_role *x = &ts->rs[pick[a]], *y = &ts->rs[pick[b]];
            t += x->kind == y->kind && x->term > y->term;
            k += x->term == y->term && x->kind > y->kind;
        }
    if (terms)
        *terms = t;
    if (kinds)
        *kinds = k;
    return t + k;
}

/* What going against the printed order costs a sharing-out.  Forms put
 * the level before the test or after it (TT27's books do both), so that
 * order only breaks ties.  The terms, though, stand I, II, year in every
 * book: a reading that swaps them must rest on both columns' headings,
 * not on one numeral's strokes or OCR (one column's agreeing evidence is
 * worth 3, so a single misread numeral never outweighs the order). */
#define TERM_ORDER_COST 4.0f
#define KIND_ORDER_COST 0.25f

/* The headings' own support for a sharing-out, the order aside. */
static float evidence_of(const term_search *ts, const int *pick)
{
    float e = 0;
    for (int i = 0; i < ts->n; i++)
        e += pick[i] >= 0 ? ts->ev[i][pick[i]] : -5.0f;
    return e;
}

/* Every way to share the roles out (a handful of columns, at most 4
 * roles): the one the headings support most less the cost of going
 * against the printed order, a column left without a role only when
 * there are more columns than roles. */
static void term_search_from(term_search *ts, int i, float acc)
{
    if (i == ts->n) {
        int terms, kinds;
        order_violations(ts, ts->pick, &terms, &kinds);
        float sc = acc - ts->term_cost * (float)terms -
                   ts->kind_cost * (float)kinds;
        if (sc > ts->best_score) {
            ts->best_score = sc;
            memcpy(ts->best, ts->pick, sizeof ts->best);
        }
        return;
    }
    for (int j = 0; j < ts->nr; j++) {
        if (ts->used & (1 << j))
            continue;
        ts->used |= 1 << j;
        ts->pick[i] = j;
        term_search_from(ts, i + 1, acc + ts->ev[i][j]);
        ts->used &= ~(1 << j);
    }
    ts->pick[i] = -1;
    term_search_from(ts, i + 1, acc - 5.0f);
}

/* The term columns of a subject (or transposed results) table: `cols`
 * (left to right) get roles from their headings' evidence. */
static void assign_terms(const hb_col_head *h, const int *cols, int n,
                         int tt27, hb_col_role *roles, unsigned char *doubt)
{
    term_search ts;
    memset(&ts, 0, sizeof ts);
    ts.n = n > TERM_COLS_MAX ? TERM_COLS_MAX : n;
    ts.rs = tt27 ? roles_tt27 : roles_3;
    ts.nr = tt27 ? 4 : 3;
    ts.best_score = -1e9f;
    for (int i = 0; i < ts.n; i++) {
        const hb_col_head *c = &h[cols[i]];
        float s[4] = { 0, 0, 0, 0 };
        term_evidence(c->head, c->bars, s);
        term_evidence(c->group, c->group_bars, s);
        int k = kind_evidence(c->head, 0);
        if (!k)
            k = kind_evidence(c->group, 1);
        for (int j = 0; j < ts.nr; j++) {
            const term_role *r = &ts.rs[j];
            /* TT27 has no semester II: a "II" there is a misread year */
            float e = r->term == 3 && tt27 ? (s[2] > s[3] ? s[2] : s[3])
                                           : s[r->term];
            if (tt27 && k)
                e += k == r->kind ? 2.0f : -2.0f;
            ts.ev[i][j] = e;
        }
        ts.pick[i] = -1;
    }
    /* first the headings alone, then with the order weighed in */
    term_search_from(&ts, 0, 0);
    int free_pick[TERM_COLS_MAX];
    memcpy(free_pick, ts.best, sizeof free_pick);
    float free_ev = evidence_of(&ts, ts.best);
    ts.term_cost = TERM_ORDER_COST;
    ts.kind_cost = KIND_ORDER_COST;
    ts.best_score = -1e9f;
    term_search_from(&ts, 0, 0);
    /* the order overruled headings that plainly said otherwise (by one
     * column's strokes and text agreeing, uncontested): a column may be
     * missing from the grid, and a person looks */
    int overruled = memcmp(free_pick, ts.best, sizeof free_pick) != 0 &&
                    free_ev - evidence_of(&ts, ts.best) >= 3.0f;
    int viol = order_violations(&ts, ts.best, NULL, NULL);
    for (int i = 0; i < ts.n; i++) {
        int j = ts.best[i];
        roles[cols[i]] = j >= 0 ? ts.rs[j].role : HB_COL_NONE;
        /* roles against the printed order (terms I, II, year; the level
         * before the test): the headings said so, but so unusual a form
         * is more likely a misread one, and a person looks */
        if (j >= 0 && (viol || overruled))
            doubt[cols[i]] = 1;
    }
}

/* Nonzero when a heading's text reads as nothing a column is named by
 * (lost, or garbled beyond the wordings layout_column_role knows). */
static int heading_unread(hb_table_kind kind, const hb_col_head *c)
{
    float s[4] = { 0, 0, 0, 0 };
    term_evidence(c->head, c->bars, s);
    return layout_column_role(kind, NULL, c->head) == HB_COL_NONE &&
           !layout_is_number_heading(c->head) && !kind_evidence(c->head, 0) &&
           s[1] + s[2] + s[3] == 0;
}

static int is_term_role(hb_col_role r)
{
    return r == HB_COL_HK1 || r == HB_COL_HK2 || r == HB_COL_CN ||
           r == HB_COL_KTDK1 || r == HB_COL_KTDK2;
}

void layout_assign_roles(hb_table_kind kind, hb_family fam, int n_cols,
                         const hb_col_head *h, hb_col_role *roles,
                         unsigned char *doubt)
{
    for (int c = 0; c < n_cols; c++) {
        roles[c] = layout_column_role(kind, h[c].group, h[c].head);
        doubt[c] = 0;
    }
    int across = 0;
    if (kind == HB_TABLE_CONDUCT) {
        int named = 0, xep = -1;
        for (int c = 0; c < n_cols; c++) {
            named |= roles[c] == HB_COL_CONDUCT || roles[c] == HB_COL_LEARNING;
            char *f = layout_fold_tokens(h[c].head ? h[c].head : "");
            if (f && xep < 0 && layout_phrase_in(f, "xep loai"))
                xep = c;
            free(f);
        }
        across = !named;
        /* terms across: "Học kỳ I" heads a term's column there, not the
         * terms' labels ("Học kỳ" over the rows of the standard table) */
        for (int c = 0; c < n_cols && across && xep >= 0; c++)
            if (c != xep && roles[c] == HB_COL_LABEL)
                roles[c] = HB_COL_NONE;
    }
    if (kind != HB_TABLE_SUBJECTS && !across)
        return;
    int tt27 = !across && (fam == HB_FAMILY_TT27 || fam == HB_FAMILY_TT30);
    int secondary = fam == HB_FAMILY_TT58 || fam == HB_FAMILY_TT22;
    for (int c = 0; c < n_cols && !across && !secondary; c++)
        tt27 |= (roles[c] == HB_COL_NONE || is_term_role(roles[c])) &&
                (kind_evidence(h[c].head, 0) || kind_evidence(h[c].group, 0));
    int need = tt27 ? 4 : 3;
    /* the term columns: a term's role by its heading, or no role under a
     * heading that speaks of terms or kinds (the spanning heading's
     * columns), or no role and a spanning heading shared with one */
    int is_term[64] = { 0 };
    int nc = n_cols < 64 ? n_cols : 64, n = 0;
    for (int c = 0; c < nc; c++) {
        float s[4] = { 0, 0, 0, 0 };
        term_evidence(h[c].head, h[c].bars, s);
        term_evidence(h[c].group, h[c].group_bars, s);
        is_term[c] = is_term_role(roles[c]) ||
                     (roles[c] == HB_COL_NONE &&
                      (s[1] + s[2] + s[3] > 0 ||
                       (!across && (kind_evidence(h[c].head, 0) ||
                                    kind_evidence(h[c].group, 1)))));
    }
    for (int c = 0; c < nc; c++)
        for (int d = 0; d < nc && !is_term[c]; d++)
            is_term[c] = roles[c] == HB_COL_NONE && d != c && is_term[d] &&
                         h[c].group_id >= 0 && h[c].group_id == h[d].group_id;
    for (int c = 0; c < nc; c++)
        n += is_term[c];
    /* a lost heading next to the term columns, while some are missing */
    for (int pass = 0; pass < 2 && n > 0 && n < need; pass++)
        for (int c = 0; c < nc && n < need; c++)
            if (!is_term[c] && roles[c] == HB_COL_NONE &&
                heading_unread(kind, &h[c]) &&
                ((c > 0 && is_term[c - 1]) || (c + 1 < nc && is_term[c + 1]))) {
                is_term[c] = 1;
                n++;
            }
    int cols[64];
    n = 0;
    for (int c = 0; c < nc; c++)
        if (is_term[c])
            cols[n++] = c;
    if (n)
        assign_terms(h, cols, n, tt27, roles, doubt);
    if (across)
        return;
    /* An unread heading between known columns: the re-test column when
     * the table has none (the one column forms add there), and a guess,
     * so its cells go to review rather than being dropped or given to
     * another column's role. */
    int have_dgl = 0;
    for (int c = 0; c < nc; c++)
        have_dgl |= roles[c] == HB_COL_DGL;
    for (int c = 1; c + 1 < nc && !have_dgl; c++) {
        if (roles[c] != HB_COL_NONE || !heading_unread(kind, &h[c]))
            continue;
        int left = 0, right = 0;
        for (int d = 0; d < c; d++)
            left |= roles[d] != HB_COL_NONE && roles[d] != HB_COL_LABEL;
        for (int d = c + 1; d < nc; d++)
            right |= roles[d] != HB_COL_NONE;
        if (left && right) {
            roles[c] = HB_COL_DGL;
            doubt[c] = 1;
            have_dgl = 1;
        }
    }
}

/* The upright strokes that end one piece of ink (a component cut out of
 * the page), counted from its right: stems (columns inked over 80% of its
 * height) with nothing but serifs beside them.  Bold serifs make glyphs
 * touch ("HKII" can be one piece), so the count stops at the first column
 * with ink across the middle that is no stem: a letter's body (the legs
 * of "K"); a stem joined straight to such a body is that letter's own
 * (the right stem of "H").  *ended is set when a letter was met. */
static int glyph_stems(PIX *p, int *ended)
{
    *ended = 0;
    l_int32 w = pixGetWidth(p), h = pixGetHeight(p);
    if (w <= 0 || h <= 0)
        return 0;
    l_uint32 *data = pixGetData(p);
    l_int32 wpl = pixGetWpl(p);
    int *cnt = calloc((size_t)w, sizeof *cnt);
    int *mid = calloc((size_t)w, sizeof *mid);
    if (!cnt || !mid) {
        free(cnt);
        free(mid);
        return 0;
    }
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + y * wpl;
        int in_mid = y >= h / 4 && y < h - h / 4;
        for (int x = 0; x < w; x++)
            if (GET_DATA_BIT(line, x)) {
                cnt[x]++;
                mid[x] += in_mid;
            }
    }
    int edge = h / 20 > 1 ? h / 20 : 1; /* a stem's ragged side */
    int count = 0, in_stem = 0, last = -1000;
    for (int x = w - 1; x >= 0; x--) {
        if (cnt[x] * 5 >= h * 4) {
            in_stem = 1;
            last = x;
            continue;
        }
        if (in_stem && last - x <= edge)
            continue;
        if (in_stem) {
            in_stem = 0;
            if (mid[x]) { /* the stem is a letter's */
                *ended = 1;
                break;
            }
            count++;
            continue;
        }
        if (mid[x]) {
            *ended = 1;
            break;
        }
    }
    if (in_stem)
        count++;
    free(cnt);
    free(mid);
    return count;
}

int layout_heading_bars(PIX *bin, hb_box cell, int dpi)
{
    int inset = dpi / 100 + 2;
    hb_box in = { cell.x + inset, cell.y + inset, cell.w - 2 * inset,
                  cell.h - 2 * inset };
    if (!bin || in.w <= 4 || in.h <= 4)
        return 0;
    BOX *b = boxCreate(in.x, in.y, in.w, in.h);
    PIX *clip = b ? pixClipRectangle(bin, b, NULL) : NULL;
    boxDestroy(&b);
    if (!clip)
        return 0;
    /* the last text line: the lowest band of inked rows as tall as a
     * letter (a dot under "ọ" makes a band too small to count) */
    l_int32 cw = pixGetWidth(clip), chh = pixGetHeight(clip);
    NUMA *rows = pixCountPixelsByRow(clip, NULL);
    int y1 = -1, y0 = -1, min_h = dpi / 25 > 4 ? dpi / 25 : 4;
    for (int y = chh - 1; rows && y >= -1; y--) {
        l_int32 v = 0;
        if (y >= 0)
            numaGetIValue(rows, y, &v);
        if (v > 0 && y1 < 0)
            y1 = y;
        else if (v == 0 && y1 >= 0) {
            if (y1 - y >= min_h) {
                y0 = y + 1;
                break;
            }
            y1 = -1;
        }
    }
    numaDestroy(&rows);
    int bars = 0;
    if (y0 >= 0) {
        PIXA *pa = NULL;
        BOX *band = boxCreate(0, y0, cw, y1 - y0 + 1);
        PIX *line = band ? pixClipRectangle(clip, band, NULL) : NULL;
        boxDestroy(&band);
        BOXA *ba = line ? pixConnComp(line, &pa, 8) : NULL;
        int n = ba ? boxaGetCount(ba) : 0;
        /* the capitals' height: the line's first letter (H of "HK",
         * "Học", C of "Cuối"; a wrapped "II" alone: its own I), not the
         * tallest glyph ("ỳ" with its accent reaches higher) */
        int H = 0, maxh = 0, lx = cw;
        for (int i = 0; i < n; i++) {
            l_int32 x, y, w, h;
            boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
            if (h > maxh)
                maxh = h;
        }
        for (int i = 0; i < n; i++) {
            l_int32 x, y, w, h;
            boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
            if (h * 10 >= maxh * 4 && x < lx) {
                lx = x;
                H = h;
            }
        }
        /* from the right: stroke glyphs, up to the first other letter */
        int right = cw, done = 0;
        while (!done && H > 0) {
            int pick = -1;
            l_int32 px = -1, pw = 0, ph = 0;
            for (int i = 0; i < n; i++) {
                l_int32 x, y, w, h;
                boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
                if (x + w <= right && x > px && h * 10 >= H * 4) {
                    pick = i;
                    px = x;
                    pw = w;
                    ph = h;
                }
            }
            if (pick < 0)
                break;
            /* a word's gap at most: a line's residue at the edge is no
             * numeral */
            if (right < cw && right - (px + pw) > H) {
                break;
            }
            int st = 0, ended = 1;
            if (ph * 100 >= H * 85 && ph * 100 <= H * 130) {
                PIX *gp = pixaGetPix(pa, pick, L_CLONE);
                st = gp ? glyph_stems(gp, &ended) : 0;
                pixDestroy(&gp);
            }
            bars += st;
            done = ended || !st;
            right = px;
        }
        boxaDestroy(&ba);
        pixaDestroy(&pa);
        pixDestroy(&line);
    }
    pixDestroy(&clip);
    return bars == 1 || bars == 2 ? bars : 0;
}

/* ---- tables' headings ----------------------------------------------------- */

/* Reads a heading cell's text (bold, often wrapped over two lines). */
static char *read_cell_text(hb_recognizer *r, const hb_page_img *pg,
                            hb_box cell, hb_err *e)
{
    hb_box ink;
    int inset = pg->dpi / 100 + 2;
    if (recognize_ink_box(pg->bin, cell, inset, &ink) < 20)
        return text_dup("");
    int pad = pg->dpi / 60;
    hb_box reg = { ink.x - pad, ink.y - pad, ink.w + 2 * pad, ink.h + 2 * pad };
    hb_ocr_text t;
    int multi = ink.h > pg->dpi / 6;
    if (recognize_region(r, HB_ENGINE_TEXT, pg, reg, 1.0f,
                         multi ? 6 /* PSM_SINGLE_BLOCK */ : 7, NULL, &t, e))
        return NULL;
    char *s = t.text;
    t.text = NULL;
    recognize_text_free(&t);
    return s;
}

/* The part of heading cell `cl` over grid column `col`: a heading cell
 * that reaches the body yet spans several columns lost a ruling line
 * between their headings, and each column's heading is its own slice of
 * it (one merged text would give every column every term). */
static hb_box layout_heading_slice(const hb_grid *g, const hb_cell *cl,
                                   int col)
{
    hb_box b = cl->box;
    if (cl->colspan <= 1 || col < cl->col || col >= cl->col + cl->colspan)
        return b;
    int x0 = g->col_x[col], x1 = g->col_x[col + 1];
    if (x0 < b.x)
        x0 = b.x;
    if (x1 > b.x + b.w)
        x1 = b.x + b.w;
    if (x1 > x0) {
        b.x = x0;
        b.w = x1 - x0;
    }
    return b;
}

/* Counts the strokes after a semester word in a heading's ink, when its
 * text names a semester (0 otherwise). */
static int heading_bars(const hb_page_img *pg, hb_box box, const char *text)
{
    char *f = layout_fold_tokens(text ? text : "");
    int b = f && names_semester(f) ? layout_heading_bars(pg->bin, box, pg->dpi)
                                   : 0;
    free(f);
    return b;
}

/* One line per table for HB_TRACE: each column's role, '?' when
 * doubtful, and the heading it came from. */
static char *roles_why(const hb_grid *g, const hb_col_head *ch,
                       const hb_col_role *roles, const unsigned char *doubt)
{
    size_t cap = 64 + (size_t)g->n_cols * 200, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int c = 0; c < g->n_cols; c++) {
        char *hf = layout_fold_tokens(ch[c].head ? ch[c].head : "");
        char *gf = layout_fold_tokens(ch[c].group ? ch[c].group : "");
        int k = snprintf(s + len, cap - len, "%s%d=%s%s[%.40s|%.30s|b%d/%d]",
                         c ? " " : "", c, layout_role_name(roles[c]),
                         doubt[c] ? "?" : "", hf ? hf : "", gf ? gf : "",
                         ch[c].bars, ch[c].group_bars);
        free(hf);
        free(gf);
        if (k < 0 || (size_t)k >= cap - len)
            break;
        len += (size_t)k;
    }
    return s;
}

/* Each column's heading: its own cell (or its slice of a spanning one)
 * and the spanning heading above it, with the strokes of their numerals.
 * slices[c] receives an owned text when the column's heading is a slice. */
static int column_headings(hb_recognizer *r, const hb_page_img *pg,
                           const hb_grid *g, int hr, char **txt,
                           const int *cell_bars, hb_col_head *ch,
                           char **slices, hb_err *e)
{
    for (int c = 0; c < g->n_cols; c++) {
        ch[c].group_id = -1;
        int group_row = -1;
        for (size_t i = 0; i < g->n_cells; i++) {
            const hb_cell *cl = &g->cells[i];
            if (cl->row >= hr || c < cl->col || c >= cl->col + cl->colspan)
                continue;
            if (cl->row + cl->rowspan >= hr) {
                if (cl->colspan > 1 && txt[i] && *txt[i]) {
                    hb_box b = layout_heading_slice(g, cl, c);
                    slices[c] = read_cell_text(r, pg, b, e);
                    if (!slices[c])
                        return -1;
                    ch[c].head = slices[c];
                    ch[c].bars = heading_bars(pg, b, slices[c]);
                } else {
                    ch[c].head = txt[i];
                    ch[c].bars = cell_bars[i];
                }
            } else if (cl->colspan > 1 && cl->row > group_row) {
                /* the lowest spanning heading above it */
                group_row = cl->row;
                ch[c].group = txt[i];
                ch[c].group_id = (int)i;
                ch[c].group_bars = cell_bars[i];
            } else if (cl->colspan == 1 && !ch[c].group) {
                ch[c].group = txt[i];
            }
        }
    }
    return 0;
}

int layout_classify_table(hb_recognizer *r, const hb_page_img *pg,
                          const hb_grid *g, hb_family fam, hb_table *t,
                          hb_err *e)
{
    memset(t, 0, sizeof *t);
    t->grid = g;
    size_t nc = (size_t)(g->n_cols > 0 ? g->n_cols : 1);
    t->roles = calloc(nc, sizeof *t->roles);
    t->doubt = calloc(nc, sizeof *t->doubt);
    if (!t->roles || !t->doubt)
        return err_set(e, HB_ENOMEM, "layout: out of memory");
    if (g->n_cells == 1) {
        t->kind = HB_TABLE_BOX;
        return 0;
    }
    /* heading rows: as many as the tallest cell of the first row spans */
    int hr = 1;
    for (size_t i = 0; i < g->n_cells; i++)
        if (g->cells[i].row == 0 && g->cells[i].rowspan > hr)
            hr = g->cells[i].rowspan;
    if (hr >= g->n_rows)
        hr = 1;
    t->header_rows = hr;
    /* texts of the heading cells, by cell */
    char **txt = calloc(g->n_cells, sizeof *txt);
    int *bars = calloc(g->n_cells, sizeof *bars);
    hb_col_head *ch = calloc(nc, sizeof *ch);
    char **slices = calloc(nc, sizeof *slices);
    int rc = 0;
    if (!txt || !bars || !ch || !slices)
        rc = err_set(e, HB_ENOMEM, "layout: out of memory");
    size_t all_len = 1;
    for (size_t i = 0; i < g->n_cells && !rc; i++) {
        if (g->cells[i].row >= hr)
            continue;
        txt[i] = read_cell_text(r, pg, g->cells[i].box, e);
        if (!txt[i])
            rc = -1;
        else
            all_len += strlen(txt[i]) + 1;
    }
    if (!rc) {
        t->head_text = malloc(all_len);
        if (!t->head_text) {
            rc = err_set(e, HB_ENOMEM, "layout: out of memory");
        } else {
            t->head_text[0] = '\0';
            for (size_t i = 0; i < g->n_cells; i++)
                if (txt[i] && *txt[i]) {
                    strcat(t->head_text, txt[i]);
                    strcat(t->head_text, " ");
                }
        }
    }
    if (!rc) {
        t->kind = layout_table_kind(t->head_text);
        int terms = t->kind == HB_TABLE_SUBJECTS || t->kind == HB_TABLE_CONDUCT;
        for (size_t i = 0; i < g->n_cells && terms; i++)
            if (txt[i] && *txt[i])
                bars[i] = heading_bars(pg, g->cells[i].box, txt[i]);
        rc = column_headings(r, pg, g, hr, txt, bars, ch, slices, e);
    }
    if (!rc) {
        layout_assign_roles(t->kind, fam, g->n_cols, ch, t->roles, t->doubt);
        for (int c = 0; c < g->n_cols && t->kind == HB_TABLE_CONDUCT; c++)
            t->across |= t->roles[c] == HB_COL_HK1 ||
                         t->roles[c] == HB_COL_HK2 || t->roles[c] == HB_COL_CN;
        /* The rows' labels are in the column whose heading says so
         * ("Môn học"); when none does, in the first column -- unless that
         * one is a row-number column ("TT", "STT", "Số TT"): some
         * printers number the subjects, and a row named "3" would leave
         * its subject unread (the next column is the names then). */
        int have_label = 0;
        for (int c = 0; c < g->n_cols; c++)
            have_label |= t->roles[c] == HB_COL_LABEL;
        if (t->kind != HB_TABLE_HISTORY && t->kind != HB_TABLE_OTHER &&
            g->n_cols > 0 && !have_label) {
            int c0 = 0;
            for (size_t i = 0; i < g->n_cells; i++) {
                const hb_cell *cl = &g->cells[i];
                if (cl->col == 0 && cl->row < hr && cl->colspan == 1 &&
                    layout_is_number_heading(txt[i]))
                    c0 = 1;
            }
            if (c0 < g->n_cols && t->roles[c0] == HB_COL_NONE)
                t->roles[c0] = HB_COL_LABEL;
        }
        t->why = roles_why(g, ch, t->roles, t->doubt);
    }
    for (size_t i = 0; txt && i < g->n_cells; i++)
        free(txt[i]);
    for (size_t c = 0; slices && c < nc; c++)
        free(slices[c]);
    free(txt);
    free(bars);
    free(ch);
    free(slices);
    return rc;
}
