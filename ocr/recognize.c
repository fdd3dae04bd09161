#include "recognize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>
#include <utf8proc.h>

#include "fields.h"
#include "recognize_marks.h"
#include "text.h"

struct hb_recognizer {
    TessBaseAPI *api[HB_ENGINE_COUNT];
};

static const struct engine_def {
    const char *lang;
    int dictionaries;
} engine_defs[HB_ENGINE_COUNT] = {
    [HB_ENGINE_TEXT] = { "vie", 1 },
    [HB_ENGINE_ALT] = { "Vietnamese", 0 },
    [HB_ENGINE_DIGITS] = { "eng", 0 },
};

hb_recognizer *recognize_new(hb_err *e)
{
    hb_recognizer *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(e, HB_ENOMEM, "recognizer: out of memory");
        return NULL;
    }
    for (int i = 0; i < HB_ENGINE_COUNT; i++) {
        const struct engine_def *d = &engine_defs[i];
        /* Dictionaries are init-only parameters: SetVariable after Init
         * returns true and changes nothing (c-libraries.md, section 2), so
         * they go through Init4.  Tesseract's chatter ("Estimating
         * resolution", "Empty page") goes nowhere: errors reach us through
         * return values. */
        /* lstm_choice_mode 2 keeps each character's alternatives, which
         * is how a doubtful diacritic is seen (hb_ocr_text.doubt) */
        char *names[] = { "load_system_dawg", "load_freq_dawg",
                          "debug_file", "lstm_choice_mode" };
        char *vals[] = { d->dictionaries ? "1" : "0",
                         d->dictionaries ? "1" : "0", "/dev/null",
                         i == HB_ENGINE_ALT ? "2" : "0" };
        const char *lang = d->lang;
        r->api[i] = TessBaseAPICreate();
        int rc = r->api[i] ? TessBaseAPIInit4(r->api[i], NULL, lang,
                                              OEM_LSTM_ONLY, NULL, 0, names,
                                              vals, 4, 0)
                           : -1;
        if (rc != 0 && i == HB_ENGINE_ALT && r->api[i]) {
            /* the script model is optional: vie without dictionaries is
             * a weaker second opinion, but still one */
            lang = "vie";
            rc = TessBaseAPIInit4(r->api[i], NULL, lang, OEM_LSTM_ONLY, NULL,
                                  0, names, vals, 4, 0);
        }
        if (rc != 0) {
            err_set(e, HB_EIO,
                    "tesseract: cannot load the '%s' model (is "
                    "tesseract-ocr-%s installed?)",
                    lang, lang);
            recognize_free(r);
            return NULL;
        }
        /* A cell never holds white-on-black text; skipping the inverted
         * retry saves a second recognition of every doubtful word. */
        TessBaseAPISetVariable(r->api[i], "tessedit_do_invert", "0");
    }
    return r;
}

void recognize_free(hb_recognizer *r)
{
    if (!r)
        return;
    for (int i = 0; i < HB_ENGINE_COUNT; i++) {
        if (r->api[i]) {
            TessBaseAPIEnd(r->api[i]);
            TessBaseAPIDelete(r->api[i]);
        }
    }
    free(r);
}

void recognize_text_free(hb_ocr_text *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_words; i++)
        free(t->words[i].text);
    free(t->words);
    free(t->text);
    memset(t, 0, sizeof *t);
}

void recognize_reading_free(hb_reading *rd)
{
    if (!rd)
        return;
    free(rd->value);
    free(rd->raw);
    memset(rd, 0, sizeof *rd);
}

/* Clips `b` to the image; returns 0 when nothing is left. */
static int clip_box(PIX *img, hb_box *b)
{
    int w = pixGetWidth(img), h = pixGetHeight(img);
    int x0 = b->x < 0 ? 0 : b->x, y0 = b->y < 0 ? 0 : b->y;
    int x1 = b->x + b->w > w ? w : b->x + b->w;
    int y1 = b->y + b->h > h ? h : b->y + b->h;
    if (x1 <= x0 || y1 <= y0)
        return 0;
    *b = (hb_box){ x0, y0, x1 - x0, y1 - y0 };
    return 1;
}

int recognize_ink_box(PIX *bin, hb_box cell, int inset, hb_box *ink)
{
    hb_box in = { cell.x + inset, cell.y + inset, cell.w - 2 * inset,
                  cell.h - 2 * inset };
    if (in.w <= 2 || in.h <= 2 || !bin || pixGetDepth(bin) != 1 ||
        !clip_box(bin, &in))
        return 0;
    BOX *b = boxCreate(in.x, in.y, in.w, in.h);
    PIX *clip = pixClipRectangle(bin, b, NULL);
    boxDestroy(&b);
    if (!clip)
        return 0;
    /* Specks of 1-2 px are scanner noise; the dot below "ạ" is about
     * dpi/75 px across, so the size limit stays well under it. */
    int res = pixGetXRes(bin) > 0 ? pixGetXRes(bin) : 300;
    int minsz = res >= 200 ? 3 : 2;
    PIX *kept = pixSelectBySize(clip, minsz, minsz, 8, L_SELECT_IF_EITHER,
                                L_SELECT_IF_GTE, NULL);
    pixDestroy(&clip);
    if (!kept)
        return 0;
    l_int32 count = 0;
    pixCountPixels(kept, &count, NULL);
    BOX *fg = NULL;
    if (count > 0 && pixClipToForeground(kept, NULL, &fg) == 0 && fg) {
        l_int32 x, y, w, h;
        boxGetGeometry(fg, &x, &y, &w, &h);
        *ink = (hb_box){ in.x + x, in.y + y, w, h };
        boxDestroy(&fg);
    } else {
        count = 0;
    }
    pixDestroy(&kept);
    return count;
}

/* Joins the words' texts with single blanks. */
static char *join_words(const hb_word *w, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(w[i].text) + 1;
    char *s = malloc(len), *o = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *o++ = ' ';
        size_t k = strlen(w[i].text);
        memcpy(o, w[i].text, k);
        o += k;
    }
    *o = '\0';
    return s;
}

/* The gray crop with everything far from the binarized ink painted white.
 * The ink mask is dilated a little so that the strokes' antialiased edges,
 * which the LSTM uses, survive. */
static PIX *masked_crop(const hb_page_img *pg, BOX *b)
{
    PIX *crop = pixClipRectangle(pg->gray, b, NULL);
    if (!crop || !pg->bin || pixGetDepth(crop) != 8)
        return crop;
    PIX *m = pixClipRectangle(pg->bin, b, NULL);
    PIX *d = m ? pixDilateBrick(NULL, m, 5, 5) : NULL;
    if (d && pixGetWidth(d) == pixGetWidth(crop) &&
        pixGetHeight(d) == pixGetHeight(crop)) {
        pixInvert(d, d);
        pixSetMasked(crop, d, 255);
    }
    pixDestroy(&m);
    pixDestroy(&d);
    return crop;
}

/* The strongest alternative any character had (see hb_ocr_text.doubt). */
static float symbol_doubt(TessBaseAPI *api)
{
    float doubt = 0;
    TessResultIterator *ri = TessBaseAPIGetIterator(api);
    if (!ri)
        return 0;
    do {
        /* a choice iterator needs a word under the symbol (Tesseract
         * asserts otherwise) */
        char *sym = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL);
        if (!sym)
            continue;
        TessDeleteText(sym);
        TessChoiceIterator *ci = TessResultIteratorGetChoiceIterator(ri);
        if (!ci)
            continue;
        int k = 0;
        do {
            if (k++ == 1) {
                float c = TessChoiceIteratorConfidence(ci);
                if (c > doubt)
                    doubt = c;
                break;
            }
        } while (TessChoiceIteratorNext(ci));
        TessChoiceIteratorDelete(ci);
    } while (TessResultIteratorNext(ri, RIL_SYMBOL));
    TessResultIteratorDelete(ri);
    return doubt;
}

/* The letters that are an i with or without a tone, as NFC code points:
 * i ì í ỉ ĩ ị and the capitals that carry a mark (a bare I has none). */
static int is_i_letter(utf8proc_int32_t c)
{
    return c == 'i' || c == 0xEC || c == 0xED || c == 0x1EC9 || c == 0x129 ||
           c == 0x1ECB || c == 0xCC || c == 0xCD || c == 0x1EC8 ||
           c == 0x128 || c == 0x1ECA;
}

/* Holds the i-letters of `word` (NFC, box `box`) against the ink
 * (recognize_marks.c): an "ỉ" (or ì, í, ĩ: "Vinh" read "Vĩnh") whose mark
 * is plainly a dot is an "i", and an "i" whose mark is plainly a tone is
 * doubt the models did not show.  Only when the word's i-letters and the
 * stems found pair up one to one. */
static void check_i_marks(const hb_page_img *pg, hb_box box, char *word,
                          float *doubt)
{
    hb_i_ink ink[16];
    utf8proc_int32_t cp[64];
    size_t off[64], len[64];
    int nl = 0;
    for (size_t o = 0; word[o] && nl < 64;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)word + o,
                                              -1, &c);
        if (k <= 0)
            return;
        if (is_i_letter(c)) {
            cp[nl] = c;
            len[nl] = (size_t)k;
            off[nl++] = o;
        }
        o += (size_t)k;
    }
    if (nl == 0 || nl > 16)
        return;
    int ns = recognize_i_marks(pg->bin, box, ink, 16);
    if (ns != nl)
        return;
    /* right to left, so that shortening the text keeps earlier offsets */
    for (int i = nl - 1; i >= 0; i--) {
        /* ì í ỉ ĩ: a tone where the ink has a plain dot; ị: a dot below
         * that the ink does not have ("Đinh" read "Định") */
        int toned = cp[i] == 0xEC || cp[i] == 0xED || cp[i] == 0x1EC9 ||
                    cp[i] == 0x129 || (cp[i] == 0x1ECB && !ink[i].below);
        if (toned && ink[i].above == HB_MARK_DOT) {
            char *p = word + off[i];
            *p = 'i';
            memmove(p + 1, p + len[i], strlen(p + len[i]) + 1);
        } else if (cp[i] == 'i' && *doubt < 80 &&
                   ink[i].above == HB_MARK_OTHER) {
            /* (ink below an i is not doubt: measured, it is a speck or
             * the next line far more often than a lost ị) */
            *doubt = 80;
        }
    }
}

int recognize_region(hb_recognizer *r, hb_engine eng, const hb_page_img *pg,
                     hb_box region, float scale, int psm,
                     const char *whitelist, hb_ocr_text *out, hb_err *e)
{
    memset(out, 0, sizeof *out);
    if (!r || (unsigned)eng >= HB_ENGINE_COUNT || !pg || !pg->gray)
        return err_set(e, HB_EUSAGE, "recognize: bad arguments");
    int dpi = pg->dpi > 0 ? pg->dpi : 300;
    if (!clip_box(pg->gray, &region)) {
        out->text = text_dup("");
        return out->text ? 0 : err_set(e, HB_ENOMEM, "recognize: out of memory");
    }
    BOX *b = boxCreate(region.x, region.y, region.w, region.h);
    PIX *crop = b ? masked_crop(pg, b) : NULL;
    boxDestroy(&b);
    if (!crop)
        return err_set(e, HB_ENOMEM, "recognize: cannot crop a region");
    if (scale <= 0.0f)
        scale = 1.0f;
    if (scale < 0.25f)
        scale = 0.25f;
    if (scale > 4.0f)
        scale = 4.0f;
    PIX *scaled = fabsf(scale - 1.0f) > 0.01f ? pixScale(crop, scale, scale)
                                             : pixClone(crop);
    pixDestroy(&crop);
    int border = dpi / 20;
    PIX *framed = scaled ? pixAddBorder(scaled, border,
                                        pixGetDepth(scaled) == 1 ? 0 : 0xffffff)
                         : NULL;
    pixDestroy(&scaled);
    if (!framed)
        return err_set(e, HB_ENOMEM, "recognize: cannot frame a region");
    if (pixGetDepth(framed) == 8)
        pixSetPadBits(framed, 1);

    TessBaseAPI *api = r->api[eng];
    TessBaseAPISetPageSegMode(api, (TessPageSegMode)psm);
    TessBaseAPISetVariable(api, "tessedit_char_whitelist",
                           whitelist ? whitelist : "");
    TessBaseAPISetImage2(api, framed);
    TessBaseAPISetSourceResolution(api, (int)lroundf((float)dpi * scale));
    int rc = TessBaseAPIRecognize(api, NULL);
    pixDestroy(&framed);
    if (rc != 0) {
        TessBaseAPIClear(api);
        return err_set(e, HB_EIO, "tesseract: recognition failed");
    }
    size_t cap = 0;
    TessResultIterator *ri = TessBaseAPIGetIterator(api);
    int fail = 0;
    float i_doubt = 0;
    if (ri) {
        do {
            char *w = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
            if (!w)
                continue;
            char *nw = text_normalize(w);
            TessDeleteText(w);
            if (!nw || !*nw) {
                free(nw);
                continue;
            }
            if (out->n_words == cap) {
                size_t nc = cap ? cap * 2 : 8;
                hb_word *g = realloc(out->words, nc * sizeof *g);
                if (!g) {
                    free(nw);
                    fail = 1;
                    break;
                }
                out->words = g;
                cap = nc;
            }
            hb_word *hw = &out->words[out->n_words++];
            hw->text = nw;
            hw->conf = TessResultIteratorConfidence(ri, RIL_WORD);
            int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
            TessPageIteratorBoundingBox(
                TessResultIteratorGetPageIteratorConst(ri), RIL_WORD, &x1,
                &y1, &x2, &y2);
            hw->box.x = region.x + (int)lroundf((float)(x1 - border) / scale);
            hw->box.y = region.y + (int)lroundf((float)(y1 - border) / scale);
            hw->box.w = (int)lroundf((float)(x2 - x1) / scale);
            hw->box.h = (int)lroundf((float)(y2 - y1) / scale);
            if (eng != HB_ENGINE_DIGITS && !whitelist && pg->bin &&
                (strchr(nw, 'i') || strstr(nw, "\xe1\xbb\x89")))
                check_i_marks(pg, hw->box, nw, &i_doubt);
        } while (TessResultIteratorNext(ri, RIL_WORD));
        TessResultIteratorDelete(ri);
    }
    if (eng == HB_ENGINE_ALT && !fail && out->n_words > 0)
        out->doubt = symbol_doubt(api);
    if (i_doubt > out->doubt)
        out->doubt = i_doubt;
    TessBaseAPIClear(api);
    if (fail) {
        recognize_text_free(out);
        return err_set(e, HB_ENOMEM, "recognize: out of memory");
    }
    out->text = join_words(out->words, out->n_words);
    if (!out->text) {
        recognize_text_free(out);
        return err_set(e, HB_ENOMEM, "recognize: out of memory");
    }
    float sum = 0, mn = 100;
    for (size_t i = 0; i < out->n_words; i++) {
        sum += out->words[i].conf;
        if (out->words[i].conf < mn)
            mn = out->words[i].conf;
    }
    out->conf = out->n_words ? sum / (float)out->n_words : 0;
    out->min_conf = out->n_words ? mn : 0;
    return 0;
}

/* ---- levels ------------------------------------------------------------- */

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

/* ---- fields ------------------------------------------------------------- */

/* Ink heights (pixels of the image handed to Tesseract) at which the fast
 * LSTM models read best.  Measured on rendered cells in nine faces, 9-14
 * pt at 300 dpi: `eng` under a digit whitelist read 96.8% of scores with
 * the crop as scanned, 99.2% with the digits' ink brought to 28-32 px;
 * both larger and smaller lose the decimal separator or turn 5 into 9. */
#define DIGIT_INK_H 30.0f
#define TEXT_INK_H 40.0f

#define SCORE_CHARS "0123456789.,"

typedef hb_parse (*parse_fn)(const char *raw, int arg, char **out);

static hb_parse parse_score_fn(const char *raw, int integer, char **out)
{
    return fields_parse_score(raw, integer, out);
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* What one field read works on. */
typedef struct job {
    hb_recognizer *r;
    const hb_page_img *pg;
    hb_box region; /* ink plus a margin, page coordinates */
    int ink_h;     /* height of the ink */
} job;

static float scale_for(const job *j, float target)
{
    if (j->ink_h <= 0)
        return 1.0f;
    return target / (float)j->ink_h;
}

/* One pass of one engine over the region, parsed. */
typedef struct pass {
    hb_ocr_text t;
    hb_parse rc;
    char *value;
} pass;

static int run_pass(const job *j, hb_engine eng, float scale, int psm,
                    const char *wl, parse_fn parse, int arg, pass *p,
                    hb_err *e)
{
    memset(p, 0, sizeof *p);
    if (recognize_region(j->r, eng, j->pg, j->region, scale, psm, wl, &p->t,
                         e))
        return -1;
    p->rc = parse(p->t.text, arg, &p->value);
    return 0;
}

static void pass_free(pass *p)
{
    recognize_text_free(&p->t);
    free(p->value);
}

/* The printed decimal separator is a blob a tenth of a digit's size and
 * the recognizers drop it now and then ("4.5" read "45").  The ink says
 * whether one is there: a small component sitting on the baseline between
 * digit-sized ones.  Returns the number of digit components left of the
 * only such blob, or -1 when there is none (or several). */
static int separator_position(const job *j)
{
    BOX *b = boxCreate(j->region.x, j->region.y, j->region.w, j->region.h);
    PIX *clip = b ? pixClipRectangle(j->pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    if (!clip)
        return -1;
    BOXA *ba = pixConnComp(clip, NULL, 8);
    pixDestroy(&clip);
    if (!ba)
        return -1;
    int n = boxaGetCount(ba), maxh = 0, maxbot = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h > maxh)
            maxh = h;
    }
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h > maxh / 2 && y + h > maxbot)
            maxbot = y + h;
    }
    int seps = 0, sep_x = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        int small = h * 100 < maxh * 40 && w * 100 < maxh * 40 && w >= 2 &&
                    h >= 2;
        /* on the baseline: its bottom within a fifth of a digit of the
         * digits' bottom (a comma hangs a little below) */
        int low = y + h >= maxbot - maxh / 5 && y < maxbot + maxh / 5 &&
                  y > maxbot - maxh / 2;
        if (small && low) {
            seps++;
            sep_x = x;
        }
    }
    int left = 0;
    for (int i = 0; seps == 1 && i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h > maxh / 2 && x + w <= sep_x + 1)
            left++;
    }
    boxaDestroy(&ba);
    return seps == 1 ? left : -1;
}

/* When a pass read only digits that do not make a score ("45"), and the ink
 * shows a separator after the k-th digit, the score with the separator put
 * back; NULL otherwise. */
static char *repair_separator(const job *j, const char *text)
{
    char digits[8];
    size_t nd = 0;
    for (const char *p = text; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (nd + 1 >= sizeof digits)
                return NULL;
            digits[nd++] = *p;
        } else if (*p != ' ') {
            return NULL;
        }
    }
    if (nd < 2 || nd > 3)
        return NULL;
    int k = separator_position(j);
    if (k < 1 || (size_t)k != nd - 1)
        return NULL;
    char buf[8];
    memcpy(buf, digits, (size_t)k);
    buf[k] = '.';
    memcpy(buf + k + 1, digits + k, nd - (size_t)k);
    buf[nd + 1] = '\0';
    char *out = NULL;
    if (fields_parse_score(buf, 0, &out) != HB_PARSE_OK) {
        free(out);
        return NULL;
    }
    return out;
}

/* Holes in each printed digit, left to right: an independent check on
 * what the LSTM read.  A 9 has a closed bowl and a 5 has none, a 3 none and
 * an 8 two, so the misreads the engines make with high confidence (5 as 9,
 * 8 as 3 or 6) disagree with the ink's topology.  Returns the number of
 * digit-sized components (holes[] filled up to `max`), or -1. */
static int digit_holes(const job *j, int *holes, int max)
{
    BOX *b = boxCreate(j->region.x, j->region.y, j->region.w, j->region.h);
    PIX *clip = b ? pixClipRectangle(j->pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    if (!clip)
        return -1;
    PIXA *pa = NULL;
    BOXA *ba = pixConnCompPixa(clip, &pa, 8);
    pixDestroy(&clip);
    if (!ba || !pa) {
        boxaDestroy(&ba);
        pixaDestroy(&pa);
        return -1;
    }
    int n = boxaGetCount(ba), maxh = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h > maxh)
            maxh = h;
    }
    /* digits in x order (pixConnComp gives raster order of first pixels) */
    int idx[16], xs[16], nd = 0;
    for (int i = 0; i < n && nd < 16; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h * 10 < maxh * 6)
            continue;
        int k = nd++;
        while (k > 0 && xs[k - 1] > x) {
            xs[k] = xs[k - 1];
            idx[k] = idx[k - 1];
            k--;
        }
        xs[k] = x;
        idx[k] = i;
    }
    int min_area = (maxh / 8) * (maxh / 8);
    if (min_area < 4)
        min_area = 4;
    for (int d = 0; d < nd && d < max; d++) {
        PIX *pc = pixaGetPix(pa, idx[d], L_CLONE);
        PIX *hp = pc ? pixHolesByFilling(pc, 4) : NULL;
        BOXA *hb = hp ? pixConnComp(hp, NULL, 4) : NULL;
        int nh = 0;
        for (int k = 0; hb && k < boxaGetCount(hb); k++) {
            l_int32 x, y, w, h;
            boxaGetBoxGeometry(hb, k, &x, &y, &w, &h);
            if (w * h >= min_area)
                nh++;
        }
        holes[d] = nh;
        boxaDestroy(&hb);
        pixDestroy(&hp);
        pixDestroy(&pc);
    }
    boxaDestroy(&ba);
    pixaDestroy(&pa);
    return nd;
}

/* 1 when the digits of `text` have the holes the ink shows, 0 when one of
 * them cannot, -1 when the ink does not tell (digits touching or broken). */
static int topology_agrees(const char *text, const int *holes, int nd)
{
    /* holes per digit; 4 is open in some faces and closed in others */
    static const int lo[10] = { 1, 0, 0, 0, 0, 0, 1, 0, 2, 1 };
    static const int hi[10] = { 1, 0, 0, 0, 1, 0, 1, 0, 2, 1 };
    int k = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '/') {
            /* as tall as a digit, so one of the components: no hole */
            if (k >= nd || holes[k] != 0)
                return k >= nd ? -1 : 0;
            k++;
            continue;
        }
        if (*p < '0' || *p > '9')
            continue;
        if (k >= nd)
            return -1;
        int d = *p - '0';
        if (holes[k] < lo[d] || holes[k] > hi[d])
            return 0;
        k++;
    }
    return k == nd ? 1 : -1;
}

/* The majority reading contradicts the ink's holes: a digit the engines
 * confuse in some serif faces is put back by its holes (a 9 with no bowl
 * is the 5 that `eng` reads as 9; an 8 with none a 3, a 3 with two an 8, a
 * 6 with none a 5), when every digit then fits.  Not on a degraded scan,
 * where ink fills a bowl: there a 9 without a hole is still a 9 (measured
 * on the bench's hard set: score accuracy 98.7% fell to 90.4%).  Rewrites
 * `v` in place; nonzero when it did. */
static int repair_by_holes(char *v, const int *holes, int nd)
{
    if (!v)
        return 0;
    char t[32];
    snprintf(t, sizeof t, "%s", v);
    int k = 0, changed = 0;
    for (char *q = t; *q && k < nd; q++) {
        if (*q == '/') {
            k++;
            continue;
        }
        if (*q < '0' || *q > '9')
            continue;
        int h = holes[k++];
        char to = *q == '9' && h == 0   ? '5'
                  : *q == '8' && h == 0 ? '3'
                  : *q == '3' && h == 2 ? '8'
                  : *q == '6' && h == 0 ? '5'
                                        : 0;
        if (to) {
            *q = to;
            changed = 1;
        }
    }
    if (!changed || strlen(t) != strlen(v) || topology_agrees(t, holes, nd) != 1)
        return 0;
    memcpy(v, t, strlen(t));
    return 1;
}

/* Scores and integers: `eng` and `vie`, both restricted to the field's
 * characters, vote; when they differ, `eng` reads again at a second ink
 * height and the majority wins, with the confidence of a disputed value.
 * One engine's confidence alone is not enough: `eng` reads 5 as 9 in some
 * serif faces with a confidence of ~80. */
static int read_number(const job *j, const char *wl, parse_fn parse, int arg,
                       int is_score, hb_reading *out, hb_err *e)
{
    pass p[4];
    int np = 0, rc = 0;
    float s = scale_for(j, DIGIT_INK_H);
    if (run_pass(j, HB_ENGINE_DIGITS, s, PSM_SINGLE_LINE, wl, parse, arg,
                 &p[np++], e) ||
        run_pass(j, HB_ENGINE_TEXT, s, PSM_SINGLE_LINE, wl, parse, arg,
                 &p[np++], e)) {
        rc = -1;
        goto done;
    }
    /* put back a separator the ink shows and a pass dropped */
    for (int i = 0; is_score && i < np; i++) {
        if (p[i].rc != HB_PARSE_FORMAT)
            continue;
        char *fixed = repair_separator(j, p[i].t.text);
        if (fixed) {
            p[i].value = fixed;
            p[i].rc = HB_PARSE_OK;
            p[i].t.min_conf -= 10;
        }
    }
    int holes[16];
    int nd = digit_holes(j, holes, 16);
    int agree = p[0].rc == HB_PARSE_OK && p[1].rc == HB_PARSE_OK &&
                strcmp(p[0].value, p[1].value) == 0;
    pass *win = &p[0];
    if (agree && topology_agrees(p[0].value, holes, nd) != 0) {
        /* two different models agreeing is worth more than either alone */
        out->conf = clampi((int)fminf(p[0].t.min_conf, p[1].t.min_conf) + 5,
                           0, 100);
    } else {
        if (run_pass(j, HB_ENGINE_DIGITS, s * 34.0f / DIGIT_INK_H,
                     PSM_SINGLE_LINE, wl, parse, arg, &p[np++], e)) {
            rc = -1;
            goto done;
        }
        if (is_score && p[2].rc == HB_PARSE_FORMAT) {
            char *fixed = repair_separator(j, p[2].t.text);
            if (fixed) {
                p[2].value = fixed;
                p[2].rc = HB_PARSE_OK;
            }
        }
        /* Majority of the three readings, where the ink's topology counts
         * as a voter of its own: it cannot name a digit, but it can rule
         * one out. */
        out->flags |= HB_RD_DISAGREE;
        int best = -1, best_score = -100, best_votes = 0, best_topo = -1;
        for (int a = 0; a < np; a++) {
            if (p[a].rc != HB_PARSE_OK)
                continue;
            int v = 0;
            for (int b = 0; b < np; b++)
                v += p[b].rc == HB_PARSE_OK &&
                     strcmp(p[a].value, p[b].value) == 0;
            int topo = topology_agrees(p[a].value, holes, nd);
            int score = 2 * v + (topo == 1 ? 3 : topo == 0 ? -4 : 0);
            if (score > best_score) {
                best_score = score;
                best = a;
                best_votes = v;
                best_topo = topo;
            }
        }
        int all_empty = 1;
        for (int a = 0; a < np; a++)
            all_empty &= p[a].rc == HB_PARSE_EMPTY;
        if (best < 0 && all_empty && j->ink_h >= j->pg->dpi / 20 && np < 4) {
            /* A glyph-sized mark the line reader skipped: a lone "1" is
             * too narrow for it.  Read it as a single character. */
            if (run_pass(j, HB_ENGINE_DIGITS, s, 10 /* PSM_SINGLE_CHAR */, wl,
                         parse, arg, &p[np++], e)) {
                rc = -1;
                goto done;
            }
            if (p[np - 1].rc == HB_PARSE_OK) {
                best = np - 1;
                win = &p[best];
                out->conf = clampi((int)win->t.min_conf - 30, 0, 50);
            } else {
                out->flags |= HB_RD_FORMAT;
                out->conf = 0;
            }
        } else if (best < 0 && all_empty) {
            /* specks the engines read as "." or nothing */
            out->flags = HB_RD_EMPTY;
            out->conf = 70;
        } else if (best < 0) {
            out->flags |= HB_RD_FORMAT;
            out->conf = 0;
        } else {
            win = &p[best];
            int c = (int)win->t.min_conf;
            if (best_topo == 0 && !j->pg->poor &&
                repair_by_holes(win->value, holes, nd))
                c = c > 40 ? 40 : c; /* put back, not read: still a guess */
            else if (best_topo == 0)
                c = c > 20 ? 20 : c;
            else if (best_votes >= 2 && best_topo == 1)
                c = c - 10 > 75 ? 75 : c - 10;
            else if (best_votes >= 2 || best_topo == 1)
                c = c - 20 > 55 ? 55 : c - 20;
            else
                c = c / 3 > 30 ? 30 : c / 3;
            out->conf = clampi(c, 0, 100);
        }
    }
    {
        size_t o = 0;
        for (int i = 0; i < np && o < sizeof out->detail; i++)
            o += (size_t)snprintf(out->detail + o, sizeof out->detail - o,
                                  "%s%s %.0f", i ? " | " : "", p[i].t.text,
                                  p[i].t.min_conf);
        if (o < sizeof out->detail)
            snprintf(out->detail + o, sizeof out->detail - o, " | topo %d",
                     topology_agrees(win->value ? win->value : win->t.text,
                                     holes, nd));
    }
    out->raw = text_dup(win->t.text);
    if (win->rc == HB_PARSE_OK) {
        out->value = win->value;
        win->value = NULL;
    } else if (!(out->flags & HB_RD_EMPTY)) {
        out->value = text_dup(win->t.text);
    }
    if (!out->raw || (!out->value && !(out->flags & HB_RD_EMPTY)))
        rc = err_set(e, HB_ENOMEM, "recognize: out of memory");
done:
    for (int i = 0; i < np; i++)
        pass_free(&p[i]);
    return rc;
}

/* Letter-sized pieces of ink in the region: components at least half as
 * tall as the tallest, so that tone marks and dots do not count. */
static int glyph_count(const job *j)
{
    BOX *b = boxCreate(j->region.x, j->region.y, j->region.w, j->region.h);
    PIX *clip = b ? pixClipRectangle(j->pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    if (!clip)
        return -1;
    BOXA *ba = pixConnComp(clip, NULL, 8);
    pixDestroy(&clip);
    if (!ba)
        return -1;
    int n = boxaGetCount(ba), maxh = 0, count = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h > maxh)
            maxh = h;
    }
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

/* Level cells hold a member of a closed set, most often as the paper's
 * one- or two-letter abbreviation (Đ, CĐ, T, H, C).  LSTM reads a lone
 * capital with little confidence and now and then twice ("ĐÐ").  The ink
 * itself says how many letters there are, which settles the abbreviations
 * of a set apart from each other when the reading is consistent with it. */
static int read_level(const job *j, hb_valueset vs, hb_reading *out,
                      hb_err *e)
{
    hb_ocr_text t;
    if (recognize_region(j->r, HB_ENGINE_TEXT, j->pg, j->region,
                         scale_for(j, TEXT_INK_H), PSM_SINGLE_LINE, NULL, &t,
                         e))
        return -1;
    int glyphs = glyph_count(j);
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
            c < 85)
            c = 85;
        free(fw);
        out->conf = clampi(c, 0, 100);
    }
    free(fr);
    recognize_text_free(&t);
    if (!out->raw || !out->value)
        return err_set(e, HB_ENOMEM, "recognize: out of memory");
    return 0;
}

static hb_parse parse_name_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_clean_name(raw, out);
}

static hb_parse parse_text_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_clean_text(raw, out);
}

static hb_parse parse_place_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_clean_place(raw, out);
}

static hb_parse parse_date_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_date(raw, out);
}

static hb_parse parse_int_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_int(raw, out);
}

static hb_parse parse_year_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_school_year(raw, out);
}

static hb_parse parse_class_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_class(raw, out, NULL);
}

static hb_parse parse_id_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_id12(raw, out);
}

static hb_parse parse_regno_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_regno(raw, out);
}

static hb_parse parse_code_fn(const char *raw, int arg, char **out)
{
    (void)arg;
    return fields_parse_digits(raw, 4, 16, out);
}

/* The text lines inside a region, top to bottom, from the rows of ink:
 * bands of rows with ink, a band thinner than a letter (a tone mark
 * floating above its line, a dot below) merged into its neighbour.
 * Returns the number of lines written to lines[] (at most max). */
static int split_lines(const job *j, hb_box *lines, int max)
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
static int run_lines(const job *j, hb_engine eng, parse_fn parse, pass *p,
                     hb_err *e)
{
    memset(p, 0, sizeof *p);
    hb_box lines[16];
    int nl = split_lines(j, lines, 16);
    if (nl <= 1)
        return run_pass(j, eng, scale_for(j, TEXT_INK_H), PSM_SINGLE_LINE,
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
        job lj = *j;
        lj.region = (hb_box){ lines[i].x, lines[i].y - pad, lines[i].w,
                              lines[i].h + 2 * pad };
        lj.ink_h = lines[i].h;
        hb_ocr_text t;
        if (recognize_region(j->r, eng, j->pg, lj.region,
                             scale_for(&lj, TEXT_INK_H), PSM_SINGLE_LINE, NULL,
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
static int read_text(const job *j, hb_engine eng, const char *wl,
                     parse_fn parse, hb_reading *out, hb_err *e)
{
    pass a;
    /* taller than about one and a half lines of 12 pt: several lines */
    int multi = j->ink_h > j->pg->dpi / 5;
    int rc = multi && !wl ? run_lines(j, eng, parse, &a, e)
                          : run_pass(j, eng, scale_for(j, TEXT_INK_H),
                                     PSM_SINGLE_LINE, wl, parse, 0, &a, e);
    if (rc)
        return -1;
    out->box = j->region;
    out->raw = text_dup(a.t.text);
    out->conf = (int)a.t.min_conf;
    snprintf(out->detail, sizeof out->detail, "%.0f/%.0f d%.0f", a.t.min_conf,
             a.t.conf, a.t.doubt);
    out->doubt_hint = (int)a.t.doubt;
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
    pass_free(&a);
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
static int read_voted(const job *j, parse_fn parse, const char *prior,
                      int prior_conf, hb_reading *out, hb_err *e)
{
    hb_reading alt, viet;
    memset(&alt, 0, sizeof alt);
    memset(&viet, 0, sizeof viet);
    if (!prior) {
        if (read_text(j, HB_ENGINE_TEXT, NULL, parse, out, e))
            return -1;
        if (out->flags & HB_RD_EMPTY)
            return 0;
        if (out->flags & HB_RD_FORMAT) {
            /* vie's read fails the format ("95B" for a clean "5B"): the
             * script model's, when it passes, is the better guess; one
             * reader alone, so a person confirms it */
            if (read_text(j, HB_ENGINE_ALT, NULL, parse, &alt, e))
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
            out->conf = clampi(out->conf - 30, 0, 45);
            size_t o = strlen(out->detail);
            if (o + strlen(d) < sizeof out->detail)
                memcpy(out->detail + o, d, strlen(d) + 1);
            return 0;
        }
    }
    if (read_text(j, HB_ENGINE_ALT, NULL, parse, &alt, e))
        return -1;
    if (prior) {
        if (alt.value && strcmp(alt.value, prior) == 0) {
            /* the line's vie reading and the script model agree */
            *out = alt;
            out->conf = clampi(alt.conf < prior_conf ? alt.conf : prior_conf,
                               0, 100);
            if (out->doubt_hint >= 70 && out->conf > 55)
                out->conf = 55;
            return 0;
        }
        /* they differ: vie reads the region itself, the majority wins */
        if (read_text(j, HB_ENGINE_TEXT, NULL, parse, &viet, e)) {
            recognize_reading_free(&alt);
            return -1;
        }
        int va = viet.value && alt.value && !strcmp(viet.value, alt.value);
        int vp = viet.value && !strcmp(viet.value, prior);
        char d[64];
        snprintf(d, sizeof d, " | line %.40s", prior);
        if (va) {
            *out = viet;
            recognize_reading_free(&alt);
            out->conf = clampi((out->conf < alt.conf ? out->conf : alt.conf) - 10,
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
            out->conf = clampi(prior_conf - 40, 0, 35);
        } else {
            *out = viet;
            recognize_reading_free(&alt);
            out->flags |= HB_RD_DISAGREE;
            out->conf = clampi(out->conf - 30, 0, vp ? 45 : 30);
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
        out->conf = clampi(out->conf < alt.conf ? out->conf : alt.conf, 0, 100);
        /* both agree, yet one of them nearly chose another character for
         * some letter: a likely shared misreading of a tone mark */
        if (out->doubt_hint >= 70 && out->conf > 55)
            out->conf = 55;
    } else {
        out->flags |= HB_RD_DISAGREE;
        out->conf = clampi(out->conf - 30, 0, 45);
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

static int read_class(const job *j, const char *hint, int hint_conf,
                      hb_reading *out, hb_err *e)
{
    if (read_voted(j, parse_class_fn, hint, hint_conf, out, e))
        return -1;
    if (!(out->flags & HB_RD_FORMAT) && !(out->flags & HB_RD_DISAGREE))
        return 0;
    int g = glyph_count(j);
    if (!(out->flags & HB_RD_FORMAT) && out->value && g > 0 &&
        class_glyphs(out->value) != g) {
        /* The readers disagree and the one kept has a character the ink
         * has no glyph for ("1B11" where three glyphs are printed): the
         * script model's reading, when its length fits the ink, is the
         * better guess (still a guess: the flag stays). */
        hb_reading alt;
        memset(&alt, 0, sizeof alt);
        if (read_text(j, HB_ENGINE_ALT, NULL, parse_class_fn, &alt, e))
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
    int nd = digit_holes(j, holes, 4);
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

int recognize_field(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                    int inset, hb_field_kind kind, hb_valueset vs,
                    hb_reading *out, hb_err *e)
{
    return recognize_field_hint(r, pg, cell, inset, kind, vs, NULL, 0, out, e);
}

int recognize_field_hint(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                         int inset, hb_field_kind kind, hb_valueset vs,
                         const char *hint, int hint_conf, hb_reading *out,
                         hb_err *e)
{
    memset(out, 0, sizeof *out);
    out->box = cell;
    hb_box ink;
    int count = recognize_ink_box(pg->bin, cell, inset, &ink);
    /* Less ink than the smallest digit stroke is a speck, not a value. */
    int min_ink = pg->dpi >= 200 ? 20 : 8;
    if (count < min_ink) {
        out->flags |= HB_RD_EMPTY;
        out->conf = count == 0 ? 95 : 70;
        return 0;
    }
    /* Read a little more than the ink (a hook above may be a separate
     * speck-sized mark), never past the inset cell. */
    int pad = pg->dpi / 50;
    hb_box lim = { cell.x + inset, cell.y + inset, cell.w - 2 * inset,
                   cell.h - 2 * inset };
    int x0 = ink.x - pad < lim.x ? lim.x : ink.x - pad;
    int y0 = ink.y - pad < lim.y ? lim.y : ink.y - pad;
    int x1 = ink.x + ink.w + pad > lim.x + lim.w ? lim.x + lim.w
                                                 : ink.x + ink.w + pad;
    int y1 = ink.y + ink.h + pad > lim.y + lim.h ? lim.y + lim.h
                                                 : ink.y + ink.h + pad;
    job j = { r, pg, { x0, y0, x1 - x0, y1 - y0 }, ink.h };
    out->box = j.region;
    switch (kind) {
    case HB_FK_SCORE:
        return read_number(&j, SCORE_CHARS, parse_score_fn, 0, 1, out, e);
    case HB_FK_TEST_SCORE:
        return read_number(&j, "0123456789", parse_score_fn, 1, 0, out, e);
    case HB_FK_INT:
        return read_number(&j, "0123456789", parse_int_fn, 0, 0, out, e);
    case HB_FK_LEVEL:
        return read_level(&j, vs, out, e);
    case HB_FK_NAME:
        return read_voted(&j, parse_name_fn, hint, hint_conf, out, e);
    case HB_FK_TEXT:
        return read_voted(&j, parse_text_fn, hint, hint_conf, out, e);
    case HB_FK_PLACE:
        return read_voted(&j, parse_place_fn, hint, hint_conf, out, e);
    case HB_FK_LABEL:
        return read_text(&j, HB_ENGINE_TEXT, NULL, parse_text_fn, out, e);
    case HB_FK_DATE:
        return read_voted(&j, parse_date_fn, hint, hint_conf, out, e);
    case HB_FK_SCHOOL_YEAR:
        return read_number(&j, "0123456789-", parse_year_fn, 0, 0, out, e);
    case HB_FK_CLASS:
        return read_class(&j, hint, hint_conf, out, e);
    case HB_FK_ID12:
        return read_number(&j, "0123456789", parse_id_fn, 0, 0, out, e);
    case HB_FK_CODE:
        return read_number(&j, "0123456789", parse_code_fn, 0, 0, out, e);
    case HB_FK_REGNO:
        return read_number(&j, "0123456789/", parse_regno_fn, 0, 0, out, e);
    }
    return err_set(e, HB_EUSAGE, "recognize: unknown field kind %d", (int)kind);
}

int recognize_parse(hb_field_kind kind, hb_valueset vs, const char *raw,
                    char **out)
{
    *out = NULL;
    switch (kind) {
    case HB_FK_SCORE:
        return (int)fields_parse_score(raw, 0, out);
    case HB_FK_TEST_SCORE:
        return (int)fields_parse_score(raw, 1, out);
    case HB_FK_INT:
        return (int)fields_parse_int(raw, out);
    case HB_FK_LEVEL: {
        int dist = 0, margin = 0;
        const char *w = recognize_closest_level(vs, raw, &dist, &margin);
        if (!w)
            return HB_PARSE_EMPTY;
        if (dist != 0 || margin < 1)
            return HB_PARSE_FORMAT;
        *out = text_dup(w);
        return *out ? HB_PARSE_OK : HB_PARSE_FORMAT;
    }
    case HB_FK_NAME:
        return (int)fields_clean_name(raw, out);
    case HB_FK_TEXT:
    case HB_FK_LABEL:
        return (int)fields_clean_text(raw, out);
    case HB_FK_PLACE:
        return (int)fields_clean_place(raw, out);
    case HB_FK_DATE:
        return (int)fields_parse_date(raw, out);
    case HB_FK_SCHOOL_YEAR:
        return (int)fields_parse_school_year(raw, out);
    case HB_FK_CLASS:
        return (int)fields_parse_class(raw, out, NULL);
    case HB_FK_ID12:
        return (int)fields_parse_id12(raw, out);
    case HB_FK_CODE:
        return (int)fields_parse_digits(raw, 4, 16, out);
    case HB_FK_REGNO:
        return (int)fields_parse_regno(raw, out);
    }
    return HB_PARSE_FORMAT;
}
