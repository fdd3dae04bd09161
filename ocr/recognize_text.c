/*
 * recognize_text.c - names, places, remarks, dates and classes: `vie` and
 * the Vietnamese script model read the region, line by line when it holds
 * several, and vote; a class read with look-alike letters is put back.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recognize_int.h"
#include "text.h"

static hb_parse parse_class_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_class(raw, out, NULL);
}

/* The text lines inside a region, top to bottom, from the rows of ink:
 * bands of rows with ink, a band thinner than a letter (a tone mark
 * floating above its line, a dot below) merged into its neighbour.
 * Returns the number of lines written to lines[] (at most max). */
static int split_lines(const hb_rec_job *j, hb_box *lines, int max)
{
    BOX *b = boxCreate(j->region.x, j->region.y, j->region.w, j->region.h);
    PIX *clip = b ? pixClipRectangle(j->pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    if (!clip)
        return 0;
    NUMA *na = pixCountPixelsByRow(clip, NULL);
    pixDestroy(&clip);
    if (!na)
        return 0;
    int n = numaGetCount(na), dpi = j->pg->dpi;
    int lo[32], hi[32], nb = 0;
    for (int y = 0; y < n && nb < 32;) {
        l_int32 v;
        numaGetIValue(na, y, &v);
        if (v == 0) {
            y++;
            continue;
        }
        int start = y;
        while (y < n) {
            numaGetIValue(na, y, &v);
            if (v == 0)
                break;
            y++;
        }
        lo[nb] = start;
        hi[nb] = y;
        nb++;
    }
    numaDestroy(&na);
    /* marks: bands lower than a third of a line join the nearer band */
    int minh = dpi / 25;
    for (int i = 0; i < nb && nb > 1;) {
        if (hi[i] - lo[i] >= minh) {
            i++;
            continue;
        }
        int gap_up = i > 0 ? lo[i] - hi[i - 1] : 1 << 30;
        int gap_dn = i + 1 < nb ? lo[i + 1] - hi[i] : 1 << 30;
        int into = gap_dn <= gap_up ? i + 1 : i - 1;
        if (lo[i] < lo[into])
            lo[into] = lo[i];
        if (hi[i] > hi[into])
            hi[into] = hi[i];
        for (int k = i; k + 1 < nb; k++) {
            lo[k] = lo[k + 1];
            hi[k] = hi[k + 1];
        }
        nb--;
        i = 0;
    }
    int k = 0;
    for (int i = 0; i < nb && k < max; i++)
        lines[k++] = (hb_box){ j->region.x, j->region.y + lo[i], j->region.w,
                               hi[i] - lo[i] };
    return k;
}

/* One engine over a region of several lines: each line on its own (the
 * block mode of Tesseract misreads narrow wrapped cells), joined by
 * blanks. */
static int run_lines(const hb_rec_job *j, hb_engine eng, hb_parse_fn parse, hb_rec_pass *p,
                     hb_err *e)
{
    memset(p, 0, sizeof *p);
    hb_box lines[16];
    int nl = split_lines(j, lines, 16);
    if (nl <= 1)
        return recognize_run_pass(j, eng, recognize_scale_for(j, TEXT_INK_H), HB_PSM_LINE,
                        NULL, parse, 0, p, e);
    size_t len = 1;
    char *all = malloc(len);
    if (!all)
        return err_set(e, HB_ENOMEM, "recognize: out of memory");
    all[0] = '\0';
    float mn = 100, sum = 0;
    int nw = 0;
    for (int i = 0; i < nl; i++) {
        int pad = j->pg->dpi / 100;
        hb_rec_job lj = *j;
        lj.region = (hb_box){ lines[i].x, lines[i].y - pad, lines[i].w,
                              lines[i].h + 2 * pad };
        lj.ink_h = lines[i].h;
        hb_ocr_text t;
        if (recognize_region(j->r, eng, j->pg, lj.region,
                             recognize_scale_for(&lj, TEXT_INK_H), HB_PSM_LINE, NULL,
                             &t, e)) {
            free(all);
            return -1;
        }
        if (*t.text) {
            len += strlen(t.text) + 1;
            char *g = realloc(all, len);
            if (!g) {
                recognize_text_free(&t);
                free(all);
                return err_set(e, HB_ENOMEM, "recognize: out of memory");
            }
            all = g;
            if (*all)
                strcat(all, " ");
            strcat(all, t.text);
            if (t.min_conf < mn)
                mn = t.min_conf;
            if (t.doubt > p->t.doubt)
                p->t.doubt = t.doubt;
            p->t.marks += t.marks;
            sum += t.conf * (float)t.n_words;
            nw += (int)t.n_words;
        }
        recognize_text_free(&t);
    }
    p->t.text = all;
    p->t.min_conf = nw ? mn : 0;
    p->t.conf = nw ? sum / (float)nw : 0;
    p->rc = parse(all, 0, &p->value);
    return 0;
}

/* Text-like fields: one engine, the format check, the weakest word's
 * confidence. */
int recognize_read_text(const hb_rec_job *j, hb_engine eng, const char *wl,
                     hb_parse_fn parse, hb_reading *out, hb_err *e)
{
    hb_rec_pass a;
    /* taller than about one and a half lines of 12 pt: several lines */
    int multi = j->ink_h > j->pg->dpi / 5;
    int rc = multi && !wl ? run_lines(j, eng, parse, &a, e)
                          : recognize_run_pass(j, eng, recognize_scale_for(j, TEXT_INK_H),
                                     HB_PSM_LINE, wl, parse, 0, &a, e);
    if (rc)
        return -1;
    out->box = j->region;
    out->raw = text_dup(a.t.text);
    out->conf = (int)a.t.min_conf;
    snprintf(out->detail, sizeof out->detail, "%.0f/%.0f d%.0f", a.t.min_conf,
             a.t.conf, a.t.doubt);
    out->doubt_hint = (int)a.t.doubt;
    if (a.t.marks)
        out->flags |= HB_RD_MARK;
    if (a.rc == HB_PARSE_OK) {
        out->value = a.value;
        a.value = NULL;
    } else if (a.rc == HB_PARSE_EMPTY) {
        /* ink, but only dots and dashes: a leader line, an empty value */
        out->flags |= HB_RD_EMPTY;
        out->conf = 80;
    } else {
        out->flags |= HB_RD_FORMAT;
        out->value = text_dup(a.t.text);
        out->conf = 0;
    }
    recognize_pass_free(&a);
    if (!out->raw || (!out->value && !(out->flags & HB_RD_EMPTY)))
        return err_set(e, HB_ENOMEM, "recognize: out of memory");
    return 0;
}

/* Names and free text: `vie` and the script model each read the region;
 * the same text from both is trusted as far as the weaker of the two, a
 * difference is a guess (vie's reading is kept: it is the more accurate
 * of the two on printed forms).  Their confidences alone mean little: a
 * misread diacritic comes back at 90 and more.
 *
 * `prior`, when not NULL, is vie's reading of the same value made already
 * (a text line read whole by the layout, already in the field's format):
 * then the script model reads first, and vie reads the region again only
 * when the two differ, as the tie-breaker. */
int recognize_read_voted(const hb_rec_job *j, hb_parse_fn parse, const char *prior,
                      int prior_conf, hb_reading *out, hb_err *e)
{
    hb_reading alt, viet;
    memset(&alt, 0, sizeof alt);
    memset(&viet, 0, sizeof viet);
    if (!prior) {
        if (recognize_read_text(j, HB_ENGINE_TEXT, NULL, parse, out, e))
            return -1;
        if (out->flags & HB_RD_EMPTY)
            return 0;
        if (out->flags & HB_RD_FORMAT) {
            /* vie's read fails the format ("95B" for a clean "5B"): the
             * script model's, when it passes, is the better guess; one
             * reader alone, so a person confirms it */
            if (recognize_read_text(j, HB_ENGINE_ALT, NULL, parse, &alt, e))
                return -1;
            if (alt.flags & (HB_RD_FORMAT | HB_RD_EMPTY)) {
                recognize_reading_free(&alt);
                return 0;
            }
            char d[64];
            snprintf(d, sizeof d, " | vie %.40s", out->raw ? out->raw : "");
            recognize_reading_free(out);
            *out = alt;
            out->flags |= HB_RD_DISAGREE;
            out->conf = recognize_clamp(out->conf - 30, 0, 45);
            size_t o = strlen(out->detail);
            if (o + strlen(d) < sizeof out->detail)
                memcpy(out->detail + o, d, strlen(d) + 1);
            return 0;
        }
    }
    if (recognize_read_text(j, HB_ENGINE_ALT, NULL, parse, &alt, e))
        return -1;
    if (prior) {
        if (alt.value && strcmp(alt.value, prior) == 0) {
            /* the line's vie reading and the script model agree */
            *out = alt;
            out->conf = recognize_clamp(alt.conf < prior_conf ? alt.conf : prior_conf,
                               0, 100);
            if (out->doubt_hint >= 70 && out->conf > 55)
                out->conf = 55;
            return 0;
        }
        /* they differ: vie reads the region itself, the majority wins */
        if (recognize_read_text(j, HB_ENGINE_TEXT, NULL, parse, &viet, e)) {
            recognize_reading_free(&alt);
            return -1;
        }
        int va = viet.value && alt.value && !strcmp(viet.value, alt.value);
        int vp = viet.value && !strcmp(viet.value, prior);
        char d[64];
        snprintf(d, sizeof d, " | line %.40s", prior);
        if (va) {
            *out = viet;
            out->flags |= alt.flags & HB_RD_MARK;
            recognize_reading_free(&alt);
            out->conf = recognize_clamp((out->conf < alt.conf ? out->conf : alt.conf) - 10,
                               0, 99);
        } else if (!vp && (viet.flags & (HB_RD_FORMAT | HB_RD_EMPTY))) {
            /* The region's read fails the format ("1ồ" for a name's "Hồ"
             * whose first stroke the crop touched) where the line's read
             * passed it: the line's is the better guess, still a guess. */
            char *v = text_dup(prior);
            if (!v) {
                recognize_reading_free(&viet);
                recognize_reading_free(&alt);
                return err_set(e, HB_ENOMEM, "recognize: out of memory");
            }
            *out = viet;
            recognize_reading_free(&alt);
            free(out->value);
            out->value = v;
            out->flags = (out->flags & ~(HB_RD_FORMAT | HB_RD_EMPTY)) |
                         HB_RD_DISAGREE;
            out->conf = recognize_clamp(prior_conf - 40, 0, 35);
        } else {
            *out = viet;
            recognize_reading_free(&alt);
            out->flags |= HB_RD_DISAGREE;
            out->conf = recognize_clamp(out->conf - 30, 0, vp ? 45 : 30);
        }
        size_t o = strlen(out->detail);
        if (o + strlen(d) < sizeof out->detail)
            memcpy(out->detail + o, d, strlen(d) + 1);
        return 0;
    }
    int same = alt.value && out->value && strcmp(alt.value, out->value) == 0;
    size_t o = strlen(out->detail);
    if (o + 8 < sizeof out->detail)
        snprintf(out->detail + o, sizeof out->detail - o, " | alt %.*s %d",
                 (int)(sizeof out->detail - o - 16),
                 alt.value ? alt.value : "-", alt.conf);
    if (same) {
        out->doubt_hint = alt.doubt_hint;
        out->flags |= alt.flags & HB_RD_MARK;
        out->conf = recognize_clamp(out->conf < alt.conf ? out->conf : alt.conf, 0, 100);
        /* both agree, yet one of them nearly chose another character for
         * some letter: a likely shared misreading of a tone mark */
        if (out->doubt_hint >= 70 && out->conf > 55)
            out->conf = 55;
    } else {
        out->flags |= HB_RD_DISAGREE;
        out->conf = recognize_clamp(out->conf - 30, 0, 45);
    }
    recognize_reading_free(&alt);
    return 0;
}

/* A class read with letters where the paper has digits: text engines read
 * the grade's 8 or 5 as "S", its 0 as "O", and a section's 1 as "I"
 * ("SA1" for 8A1, "2BI" for 2B1).  The look-alikes are put back by
 * position (the grade comes first, a digit after the section's letter),
 * and an "S" becomes 8 or 5 by the holes of the ink's first glyph (an 8
 * has two, a 5 none).  NULL when no repair makes a class. */
static char *repair_class(const char *raw, int first_holes)
{
    char t[32];
    size_t n = 0;
    for (const char *p = raw; *p && n + 1 < sizeof t; p++)
        if (*p != ' ' && *p != '.' && *p != ',')
            t[n++] = *p;
    t[n] = '\0';
    if (n < 2 || n > 6)
        return NULL;
    size_t i = 0;
    /* the grade: one or two digits */
    for (; i < 2 && i < n; i++) {
        char c = t[i];
        if (c >= '0' && c <= '9')
            continue;
        if (c == 'S' || c == 's')
            c = first_holes == 2 && i == 0 ? '8' : first_holes == 0 && i == 0 ? '5' : 0;
        else if (c == 'O' || c == 'o' || c == 'D')
            c = i > 0 ? '0' : 0;
        else if (c == 'I' || c == 'l' || c == '|')
            c = '1';
        else if (c == 'B' && i == 0)
            c = first_holes == 2 ? '8' : 0;
        else if (c == 'Z')
            c = '2';
        else
            break;
        if (!c)
            return NULL;
        t[i] = c;
    }
    /* "SOA1": a 5 read as two letters; a grade digit then a stray O */
    if (i == 2 && t[1] == '0' && t[0] != '1')
        memmove(t + 1, t + 2, n-- - 1);
    /* the section: a letter, then digits */
    for (size_t k = 1; k < n; k++)
        if ((t[k] == 'I' || t[k] == 'l' || t[k] == '|') && k > 0 &&
            ((t[k - 1] >= 'A' && t[k - 1] <= 'Z') || (t[k - 1] >= '0' && t[k - 1] <= '9')) &&
            k >= 2)
            t[k] = '1';
    char *out = NULL;
    if (fields_parse_class(t, &out, NULL) != HB_PARSE_OK) {
        free(out);
        return NULL;
    }
    return out;
}

/* Characters of a class as printed, blanks left out: one glyph each
 * ("12 Văn" has 5; a breve is too small to count as one). */
static int class_glyphs(const char *v)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        n += *p != ' ' && (*p & 0xC0) != 0x80;
    return n;
}

/* The class read by two models; `g` is the ink's glyph count (or <= 0). */
static int read_class(const hb_rec_job *j, const char *hint, int hint_conf,
                      int g, hb_reading *out, hb_err *e)
{
    if (recognize_read_voted(j, parse_class_fn, hint, hint_conf, out, e))
        return -1;
    if (!(out->flags & HB_RD_FORMAT) && !(out->flags & HB_RD_DISAGREE))
        return 0;
    if (!(out->flags & HB_RD_FORMAT) && out->value && g > 0 &&
        class_glyphs(out->value) != g) {
        /* The readers disagree and the one kept has a character the ink
         * has no glyph for ("1B11" where three glyphs are printed): the
         * script model's reading, when its length fits the ink, is the
         * better guess (still a guess: the flag stays). */
        hb_reading alt;
        memset(&alt, 0, sizeof alt);
        if (recognize_read_text(j, HB_ENGINE_ALT, NULL, parse_class_fn, &alt, e))
            return -1;
        int took = alt.value && !(alt.flags & (HB_RD_FORMAT | HB_RD_EMPTY)) &&
                   class_glyphs(alt.value) == g;
        if (took) {
            free(out->value);
            out->value = alt.value;
            alt.value = NULL;
            out->conf = out->conf > 50 ? 50 : out->conf;
        }
        recognize_reading_free(&alt);
        if (took)
            return 0;
    }
    int holes[4];
    int nd = recognize_digit_holes(j, holes, 4);
    char *fix = repair_class(out->raw ? out->raw : "", nd > 0 ? holes[0] : -1);
    if (!fix && hint)
        fix = repair_class(hint, nd > 0 ? holes[0] : -1);
    if (!fix)
        return 0;
    free(out->value);
    out->value = fix;
    out->flags &= ~HB_RD_FORMAT;
    out->flags |= HB_RD_DISAGREE;
    out->conf = 50; /* put back, not read: a person confirms it, unless
                       another reading of the class agrees */
    return 0;
}

int recognize_trailing_mark(const hb_rec_job *j)
{
    int maxh = 0;
    BOXA *ba = recognize_job_pieces(j, &maxh);
    if (!ba)
        return -1;
    int n = boxaGetCount(ba), low = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h * 2 >= maxh && y + h > low)
            low = y + h;
    }
    /* The last line's baseline: the median bottom of its letters (a g or
     * a y reaches below it). */
    int bottoms[256], nb = 0;
    for (int i = 0; i < n && nb < 256; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h * 2 >= maxh && y + h >= low - maxh / 2)
            bottoms[nb++] = y + h;
    }
    for (int a = 1; a < nb; a++) /* insertion sort: a line's letters */
        for (int b = a; b > 0 && bottoms[b - 1] > bottoms[b]; b--) {
            int t = bottoms[b];
            bottoms[b] = bottoms[b - 1];
            bottoms[b - 1] = t;
        }
    int bottom = nb ? bottoms[nb / 2] : low;
    /* the rightmost piece that stands on the last line */
    int last = -1, right = -1;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (y + h >= bottom - maxh / 4 && y + h <= bottom + maxh / 4 &&
            x + w > right)
            right = x + w, last = i;
    }
    int mark = 0;
    if (last >= 0) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, last, &x, &y, &w, &h);
        mark = w * 3 <= maxh && h * 3 <= maxh;
    }
    boxaDestroy(&ba);
    return mark;
}

int recognize_read_class(const hb_rec_job *j, const char *hint, int hint_conf,
                         hb_reading *out, hb_err *e)
{
    int g = recognize_glyph_count(j);
    if (read_class(j, hint, hint_conf, g, out, e))
        return -1;
    /* Fewer characters than the ink has glyphs: a handwritten "A1" run
     * together reads as one "N" ("6N" for 6A1, seed 9022).  Both models
     * make that mistake, on every page the class is written on, so
     * neither their agreement nor the pages' can clear it: the field
     * carries the doubt itself (extract_put's "glyphs"). */
    if (!(out->flags & HB_RD_FORMAT) && out->value && g > 0 &&
        class_glyphs(out->value) < g)
        out->flags |= HB_RD_GLYPHS;
    return 0;
}
