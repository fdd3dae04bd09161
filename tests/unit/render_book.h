/*
 * render_book.h - what the renderer's tests share: a synthetic book
 * rendered with its layout truth, and finding a value's box in it.
 * Include after <cmocka.h>, <tesseract/capi.h>, render.h, synth.h and
 * text.h.
 */
#ifndef HB_TEST_RENDER_BOOK_H
#define HB_TEST_RENDER_BOOK_H

typedef struct book {
    hb_record *r[4];
    size_t n;
    PIXA *pages;
    render_boxes boxes;
} book;

static inline void book_render(book *b, unsigned synth_seed, hb_family f, int grade,
                        size_t years, const render_opts *o)
{
    memset(b, 0, sizeof *b);
    b->n = synth_book(synth_seed, f, grade, years, b->r);
    assert_int_equal(b->n, years);
    hb_err e;
    b->pages = render_book_boxes(b->r, b->n, o, &b->boxes, &e);
    if (!b->pages)
        fail_msg("render_book_boxes: %s", e.msg);
}

static inline void book_free(book *b)
{
    pixaDestroy(&b->pages);
    render_boxes_free(&b->boxes);
    for (size_t i = 0; i < b->n; i++)
        record_free(b->r[i]);
}

static inline const render_box *find_box(const book *b, const char *path, int page)
{
    for (size_t i = 0; i < b->boxes.n; i++)
        if (strcmp(b->boxes.items[i].path, path) == 0 &&
            (page == 0 || b->boxes.items[i].page == page))
            return &b->boxes.items[i];
    return NULL;
}

/* Tesseract (vie, one line) for the tests that read the pixels back. */
static inline int ocr_setup(void **state)
{
    TessBaseAPI *api = TessBaseAPICreate();
    if (TessBaseAPIInit3(api, NULL, "vie") != 0) {
        TessBaseAPIDelete(api);
        return -1;
    }
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
    *state = api;
    return 0;
}

static inline int ocr_teardown(void **state)
{
    TessBaseAPIEnd(*state);
    TessBaseAPIDelete(*state);
    return 0;
}

/* Tesseract's reading of `box` on page `page` (1-based), NFC, trimmed;
 * `whitelist` restricts the characters as extraction does for a number
 * cell (NULL: any).  Free the result. */
static inline char *ocr_region(TessBaseAPI *api, PIXA *pa, int page, hb_box box,
                               const char *whitelist)
{
    TessBaseAPISetVariable(api, "tessedit_char_whitelist", whitelist ? whitelist : "");
    PIX *pg = pixaGetPix(pa, page - 1, L_CLONE);
    BOX *bx = boxCreate(box.x, box.y, box.w, box.h);
    PIX *clip = pixClipRectangle(pg, bx, NULL);
    PIX *gray = pixConvertRGBToLuminance(clip);
    TessBaseAPISetImage2(api, gray);
    TessBaseAPISetSourceResolution(api, 300);
    char *t = TessBaseAPIGetUTF8Text(api);
    char *n = text_normalize(t ? t : "");
    TessDeleteText(t);
    pixDestroy(&gray);
    pixDestroy(&clip);
    boxDestroy(&bx);
    pixDestroy(&pg);
    return n;
}

#endif
