/*
 * extract.h - a book's page images in, one draft record per school year out.
 *
 * This is the machine part of the pipeline: clean each page, classify it,
 * find its table grid, read every cell with the recognizer that fits what the
 * cell must hold, assemble the pages of a book into student-year drafts, and
 * run the consistency rules so that every doubtful field is flagged.
 */
#ifndef HB_EXTRACT_H
#define HB_EXTRACT_H

#include <stddef.h>

#include "err.h"
#include "record.h"

/* One worker's recognition engines (Tesseract, initialised once: that costs
 * far more than reading a page).  Not shared between threads. */
typedef struct hb_ocr hb_ocr;

hb_ocr *ocr_new(hb_err *e);
void ocr_free(hb_ocr *o);

/* The worker's CPU time by stage (stagetime.h), from ocr_new on: the
 * extraction charges its stages there; callers add their own (decoding,
 * writing) and read the totals. */
struct hb_stagetime;
struct hb_stagetime *ocr_stagetime(hb_ocr *o);

typedef struct hb_page_in {
    const char *image;       /* path of the stored page image */
    const char *source_file; /* as scanned, for NGUON_SO_HOA */
    int source_page;         /* 1-based page within source_file */
    const char *sha256;      /* of the page image as scanned */
} hb_page_in;

typedef struct hb_book_out {
    hb_record **records;  /* one draft per school year found */
    size_t n_records;
    char **clean_images;  /* per input page: the cleaned image written under
                             clean_dir (what review shows and boxes refer
                             to), or NULL when clean_dir was NULL */
    size_t n_pages;
} hb_book_out;

/* Reads a book.  Field `page` annotations are 1-based indexes into `pages`.
 * Returns 0 on success (a book with unreadable pages still yields drafts,
 * with those fields empty and flagged). */
int extract_book(hb_ocr *o, const hb_page_in *pages, size_t n,
                 const char *clean_dir, hb_book_out *out, hb_err *e);
void extract_book_free(hb_book_out *out);

/* The same, one page at a time, for callers that hold pages in memory
 * (load_book's callback): only one page image is alive at a time, and
 * each page's reading is kept small until the book is assembled.
 * extract_add_page reads `pix` (not kept; `meta->image` may be NULL) as
 * the book's next page; extract_finish assembles the drafts and frees `x`
 * whatever it returns. */
typedef struct hb_extract hb_extract;
struct Pix; /* leptonica/allheaders.h */
hb_extract *extract_start(hb_ocr *o, const char *clean_dir, hb_err *e);
int extract_add_page(hb_extract *x, struct Pix *pix, int dpi,
                     const hb_page_in *meta, hb_err *e);
int extract_finish(hb_extract *x, hb_book_out *out, hb_err *e);
void extract_abort(hb_extract *x);

#endif
