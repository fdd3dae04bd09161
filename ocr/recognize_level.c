/*
 * recognize_level.c - a cell that holds one member of a closed set: Đ or
 * CĐ for a comment subject, T/H/C (Hoàn thành tốt, Hoàn thành, Chưa hoàn
 * thành) in primary school, Tốt/Khá/Đạt/Chưa đạt for conduct, ...  The
 * reading is mapped to the nearest member, and the margin to the runner-up
 * is part of the confidence; the number of letters in the ink checks an
 * abbreviation, and the script model's reading checks a confident one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "recognize_int.h"
#include "text.h"

/* Folded text with everything but letters and blanks dropped ("| Đ." ->
 * "d"), for comparing a reading with the value set. */
static char *fold_letters(const char *s)
{
    char *f = text_fold(s);
    if (!f)
        return NULL;
    char *o = f;
    for (const char *p = f; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || *p == ' ' || (*p & 0x80))
            *o++ = *p;
    *o = '\0';
    char *n = text_normalize(f);
    free(f);
    return n;
}

/* The initials of a word list, upper case ("Chưa đạt" -> "CĐ"). */
static void initials(const char *w, char *out, size_t cap)
{
    size_t o = 0;
    int at_start = 1;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)w;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(w);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0)
            break;
        if (cp == ' ') {
            at_start = 1;
        } else if (at_start) {
            at_start = 0;
            utf8proc_uint8_t buf[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), buf);
            if (o + (size_t)m + 1 < cap) {
                memcpy(out + o, buf, (size_t)m);
                o += (size_t)m;
            }
        }
        p += k;
        left -= k;
    }
    out[o] = '\0';
}

/* Distance from the folded reading to word `w` of `vs`, over the word and
 * the abbreviations the paper may print for it.  Abbreviation candidates
 * (the initials, the first letter, the renderer's abbreviation) count only
 * when the catalogue itself maps them back to `w`, so the catalogue stays
 * the one list of what a paper may write. */
static int level_distance(hb_valueset vs, const char *w, const char *fread)
{
    int best = -1;
    char cand[4][64];
    snprintf(cand[0], sizeof cand[0], "%s", w);
    initials(w, cand[1], sizeof cand[1]);
    snprintf(cand[2], sizeof cand[2], "%s", catalog_abbrev(w));
    {
        /* the first letter alone ("C" for "Cần cố gắng") */
        int k = 0;
        while (cand[1][k] && (cand[1][k] & 0xC0) != 0x80 && k == 0)
            k++;
        while (cand[1][k] && (cand[1][k] & 0xC0) == 0x80)
            k++;
        memcpy(cand[3], cand[1], (size_t)k);
        cand[3][k] = '\0';
    }
    for (int i = 0; i < 4; i++) {
        if (!cand[i][0])
            continue;
        if (i > 0) {
            const char *back = catalog_canonical_value(vs, cand[i]);
            if (!back || strcmp(back, w) != 0)
                continue;
        }
        char *fc = fold_letters(cand[i]);
        if (!fc)
            continue;
        int d = (int)text_distance(fread, fc);
        free(fc);
        if (best < 0 || d < best)
            best = d;
    }
    return best < 0 ? 1000 : best;
}

const char *recognize_closest_level(hb_valueset vs, const char *text,
                                    int *dist, int *margin)
{
    if (dist)
        *dist = 1000;
    if (margin)
        *margin = 0;
    if ((unsigned)vs >= HB_VS_COUNT || !text)
        return NULL;
    char *fr = fold_letters(text);
    if (!fr || !*fr) {
        free(fr);
        return NULL;
    }
    const char *best = NULL;
    int bd = 1000, second = 1000;
    for (const char *const *w = catalog_values[vs]; *w; w++) {
        int d = level_distance(vs, *w, fr);
        if (d < bd) {
            second = bd;
            bd = d;
            best = *w;
        } else if (d < second) {
            second = d;
        }
    }
    free(fr);
    if (dist)
        *dist = bd;
    if (margin)
        *margin = second - bd;
    return best;
}

/* Letter-sized pieces of ink in the region: components at least half as
 * tall as the tallest, so that tone marks and dots do not count. */
int recognize_glyph_count(const hb_rec_job *j)
{
    int maxh, count = 0;
    BOXA *ba = recognize_job_pieces(j, &maxh);
    if (!ba)
        return -1;
    int n = boxaGetCount(ba);
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        count += h * 2 >= maxh;
    }
    boxaDestroy(&ba);
    return count;
}

/* The letters of a folded reading, without blanks. */
static size_t letter_count(const char *folded)
{
    size_t n = 0;
    for (const char *p = folded; *p; p++)
        n += *p != ' ';
    return n;
}

/* Below this a level is flagged for review anyway (extract.c's
 * CONF_REVIEW); the second opinion is only worth its cost above it. */
#define LEVEL_TRUSTED 60

/* A level that would pass unflagged rests on one reading by `vie`, and
 * handwriting fools one model with confidence: a written H taken for a T,
 * and the letter count (one letter each) cannot tell them apart (seed
 * 9025: "Hoàn thành" stored as "Hoàn thành tốt", unflagged).  The script
 * model reads the cell again; when it names another member of the set,
 * clearly (an exact abbreviation or word, with a margin), the two readers
 * disagree and the value becomes a guess a person checks.  A second
 * reading that names nothing (or the same member) changes nothing: it is
 * no evidence against the first. */
static int second_opinion(const hb_rec_job *j, hb_valueset vs, hb_reading *out,
                          hb_err *e)
{
    if (out->conf < LEVEL_TRUSTED)
        return 0;
    hb_ocr_text t;
    if (recognize_region(j->r, HB_ENGINE_ALT, j->pg, j->region,
                         recognize_scale_for(j, TEXT_INK_H), HB_PSM_LINE, NULL, &t,
                         e))
        return -1;
    int dist = 0, margin = 0;
    const char *w = recognize_closest_level(vs, t.text, &dist, &margin);
    if (w && dist == 0 && margin >= 1 && strcmp(w, out->value) != 0) {
        out->flags |= HB_RD_DISAGREE;
        out->conf = out->conf > 45 ? 45 : out->conf;
        size_t o = strlen(out->detail);
        snprintf(out->detail + o, sizeof out->detail - o, " | alt %.20s",
                 t.text);
    }
    recognize_text_free(&t);
    return 0;
}

/* Whether the number of letters in the ink tells the members of `vs`
 * apart: only one member's paper abbreviation has `letters` letters.  So
 * for Đ against CĐ, not for T, H and C (Hoàn thành tốt, Hoàn thành, Chưa
 * hoàn thành), one letter each: there a handwritten H that `vie` reads as
 * a doubtful "t" has the one letter of a T, and the count must not turn
 * the doubt into certainty (seed 9027: three "Hoàn thành" stored as "Hoàn
 * thành tốt" with confidence 85, read "t" at 19 to 80). */
static int count_settles(hb_valueset vs, size_t letters)
{
    if ((unsigned)vs >= HB_VS_COUNT)
        return 0;
    int same = 0;
    for (const char *const *w = catalog_values[vs]; *w; w++) {
        char ab[64];
        const char *a = catalog_abbrev(*w);
        if (a && *a)
            snprintf(ab, sizeof ab, "%s", a);
        else
            initials(*w, ab, sizeof ab);
        char *fa = fold_letters(ab);
        same += fa && letter_count(fa) == letters;
        free(fa);
    }
    return same == 1;
}

/* Whether the first letter of s is a small letter. */
static int starts_lower(const char *s)
{
    utf8proc_int32_t cp;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0) {
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);
        if (k <= 0)
            return 0;
        utf8proc_category_t c = utf8proc_category(cp);
        if (c == UTF8PROC_CATEGORY_LL)
            return 1;
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT)
            return 0;
        p += k;
        left -= k;
    }
    return 0;
}

/* Level cells hold a member of a closed set, most often as the paper's
 * one- or two-letter abbreviation (Đ, CĐ, T, H, C).  LSTM reads a lone
 * capital with little confidence and now and then twice ("ĐÐ").  The ink
 * itself says how many letters there are, which settles the abbreviations
 * of a set apart from each other when the reading is consistent with it. */
int recognize_read_level(const hb_rec_job *j, hb_valueset vs, hb_reading *out,
                      hb_err *e)
{
    hb_ocr_text t;
    if (recognize_region(j->r, HB_ENGINE_TEXT, j->pg, j->region,
                         recognize_scale_for(j, TEXT_INK_H), HB_PSM_LINE, NULL, &t,
                         e))
        return -1;
    int glyphs = recognize_glyph_count(j);
    char *fr = fold_letters(t.text);
    char reading[64];
    snprintf(reading, sizeof reading, "%s", t.text);
    /* a doubled lone letter ("ĐÐ" for one Đ) when the ink is one letter */
    if (fr && glyphs == 1 && letter_count(fr) == 2 && fr[0] == fr[1]) {
        const char *second = t.text;
        /* keep the first code point of the reading */
        size_t k = 1;
        while (second[k] && ((unsigned char)second[k] & 0xC0) == 0x80)
            k++;
        snprintf(reading, sizeof reading, "%.*s", (int)k, t.text);
    }
    int dist = 0, margin = 0;
    const char *w = recognize_closest_level(vs, reading, &dist, &margin);
    snprintf(out->detail, sizeof out->detail, "%s %.0f | d %d m %d | g %d",
             t.text, t.min_conf, dist, margin, glyphs);
    out->raw = text_dup(t.text);
    int c = (int)t.min_conf;
    /* One letter of ink in a comment cell is Đ: the other member, CĐ, is
     * two letters.  Unless the reading says C, the count decides, and
     * only if that one piece is no wider than a letter (a C touching its
     * Đ on a blotted scan is one piece too, twice as wide). */
    int ink_w = j->region.w - 2 * (j->pg->dpi / 50);
    if (vs == HB_VS_COMMENT && glyphs == 1 && fr && !strchr(fr, 'c') &&
        ink_w * 10 <= j->ink_h * 15 &&
        (!w || strcmp(w, "Đạt") != 0 || dist > 0)) {
        w = "Đạt";
        dist = 0;
        margin = 1;
        c = c > 70 ? c : 70;
    }
    if (!w) {
        out->flags |= HB_RD_FORMAT;
        out->value = text_dup(t.text);
        out->conf = 0;
    } else {
        out->value = text_dup(w);
        /* A lost mark or a stray letter costs much; a runner-up as close
         * as the winner makes the reading a guess. */
        c -= 25 * dist;
        if (margin <= dist || margin < 1) {
            out->flags |= HB_RD_AMBIGUOUS;
            c = c > 30 ? 30 : c;
        } else if (dist > 0) {
            c = c > 60 ? 60 : c;
        }
        if (dist > 0 && text_length(reading) <= 2)
            out->flags |= HB_RD_FORMAT; /* a one-letter misread */
        /* the ink has as many letters as the abbreviation read: the
         * reading is the member, whatever the engine's doubt */
        char *fw = fr ? fold_letters(reading) : NULL;
        if (dist == 0 && margin >= 1 && fw && glyphs > 0 &&
            letter_count(fw) <= 3 && (size_t)glyphs == letter_count(fw) &&
            count_settles(vs, letter_count(fw)) && c < 85)
            c = 85;
        /* The paper abbreviates with capitals; a one-letter cell read as
         * a small letter ("t", "h") is handwriting the model only half
         * recognised, and where the letter count cannot settle the
         * member, that is a guess (seed 9027: of five such cells three
         * were an H read "t") */
        if (dist == 0 && fw && letter_count(fw) == 1 &&
            !count_settles(vs, 1) && starts_lower(reading) && c > 55)
            c = 55;
        free(fw);
        out->conf = recognize_clamp(c, 0, 100);
    }
    free(fr);
    recognize_text_free(&t);
    if (out->value && !(out->flags & HB_RD_FORMAT) &&
        second_opinion(j, vs, out, e))
        return -1;
    if (!out->raw || !out->value)
        return err_set(e, HB_ENOMEM, "recognize: out of memory");
    return 0;
}
