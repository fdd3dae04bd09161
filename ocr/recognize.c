#include "recognize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>
#include <utf8proc.h>

#include "fields.h"
#include "recognize_int.h"
#include "recognize_marks.h"
#include "text.h"

struct hb_recognizer {
    TessBaseAPI *api[HB_ENGINE_COUNT];
    hb_stagetime st;
};

hb_stagetime *recognize_stagetime(hb_recognizer *r)
{
    return r ? &r->st : NULL;
}

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
    stagetime_init(&r->st);
    hb_stage prev = stagetime_enter(&r->st, HB_STAGE_INIT);
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
        /* Every face on a học bạ is proportional: the fixed-pitch analysis
         * Tesseract's word finder runs on each line (compute_fixed_pitch,
         * 1.5% of a page's instructions under callgrind) decides nothing
         * here.  A process-wide textord parameter (c-libraries.md, section
         * 2): harmless, a worker is one process with one thread. */
        TessBaseAPISetVariable(r->api[i], "textord_all_prop", "1");
    }
    stagetime_leave(&r->st, prev);
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

/* Whether `word` holds a toned i (ì í ỉ ĩ ị, either case): the tone may
 * be the i's own dot misread ("Vinh" read "Vĩnh"). */
static int has_toned_i(const char *word)
{
    for (size_t o = 0; word[o];) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)word + o,
                                              -1, &c);
        if (k <= 0)
            return 0;
        if (is_i_letter(c) && c != 'i')
            return 1;
        o += (size_t)k;
    }
    return 0;
}

/* Holds the i-letters of `word` (NFC, box `box`) against the ink
 * (recognize_marks.c).  Only when the word's i-letters and the stems found
 * pair up one to one:
 *  - in a word with a plain "i" or an "ỉ" (where the models' shared
 *    mistake was measured: a printed dot read as the hook), a toned i
 *    whose mark is plainly a dot is an "i", and an ị with nothing under
 *    it too ("Đinh" read "Định");
 *  - an "i" whose mark is plainly a tone is doubt the models did not
 *    show (*doubt);
 *  - any other toned i (ì í ỉ ĩ) over a dot, or over a small mark that
 *    may be a dot (an italic's slanted one, a blurred tone), and an ị
 *    with no dot under it, are counted in *marks: a doubt that must reach
 *    a person even when two readings agree, for the same hand makes the
 *    same mark everywhere ("Lương Thế Vinh" read "Vĩnh" in the header and
 *    the history row of a handwritten book; "Đinh" read "Định").  Only a
 *    doubt there: "Thị" is in most girls' names, and a lost dot below
 *    must not rewrite it. */
static void check_i_marks(const hb_page_img *pg, hb_box box, char *word,
                          float *doubt, int *marks)
{
    hb_i_ink ink[16];
    utf8proc_int32_t cp[64];
    size_t off[64], len[64];
    int nl = 0, fix = 0;
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
            fix |= c == 'i' || c == 0x1EC9;
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
         * that the ink does not have */
        int tone = cp[i] == 0xEC || cp[i] == 0xED || cp[i] == 0x1EC9 ||
                   cp[i] == 0x129;
        int toned = tone || (cp[i] == 0x1ECB && !ink[i].below);
        if (fix && toned && ink[i].above == HB_MARK_DOT) {
            char *p = word + off[i];
            *p = 'i';
            memmove(p + 1, p + len[i], strlen(p + len[i]) + 1);
        } else if (toned && (ink[i].above == HB_MARK_DOT ||
                             ink[i].above == HB_MARK_SMALL)) {
            (*marks)++;
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
    stagetime_count(&r->st);
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
                (strchr(nw, 'i') || has_toned_i(nw)))
                check_i_marks(pg, hw->box, nw, &i_doubt, &out->marks);
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

/* ---- what the readers share (recognize_int.h) ---------------------------- */

int recognize_clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

float recognize_scale_for(const hb_rec_job *j, float target)
{
    if (j->ink_h <= 0)
        return 1.0f;
    return target / (float)j->ink_h;
}

int recognize_run_pass(const hb_rec_job *j, hb_engine eng, float scale, int psm,
                       const char *wl, hb_parse_fn parse, int arg,
                       hb_rec_pass *p, hb_err *e)
{
    memset(p, 0, sizeof *p);
    if (recognize_region(j->r, eng, j->pg, j->region, scale, psm, wl, &p->t,
                         e))
        return -1;
    p->rc = parse(p->t.text, arg, &p->value);
    return 0;
}

void recognize_pass_free(hb_rec_pass *p)
{
    recognize_text_free(&p->t);
    free(p->value);
}

BOXA *recognize_job_pieces(const hb_rec_job *j, int *maxh)
{
    BOX *b = boxCreate(j->region.x, j->region.y, j->region.w, j->region.h);
    PIX *clip = b ? pixClipRectangle(j->pg->bin, b, NULL) : NULL;
    boxDestroy(&b);
    BOXA *ba = clip ? pixConnComp(clip, NULL, 8) : NULL;
    pixDestroy(&clip);
    *maxh = 0;
    for (int i = 0; ba && i < boxaGetCount(ba); i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(ba, i, &x, &y, &w, &h);
        if (h > *maxh)
            *maxh = h;
    }
    return ba;
}
