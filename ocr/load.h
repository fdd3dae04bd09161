/*
 * load.h - a scanned book, page by page, as images.
 *
 * A book is one input: a multi-page PDF (rasterized with poppler at a chosen
 * dpi, 300 by default), a TIFF (every page), a PNG or JPEG (one page), or a
 * folder whose images are the pages in name order.  Bad input (empty,
 * truncated, not an image, encrypted or broken PDF, absurd dimensions that
 * would exhaust memory) fails with one line naming the file and the reason;
 * it never crashes.
 */
#ifndef HB_LOAD_H
#define HB_LOAD_H

#include <leptonica/allheaders.h>

#include "err.h"

#define HB_LOAD_DEFAULT_DPI 300
#define HB_LOAD_MAX_PIXELS (80u * 1000u * 1000u) /* ~A3 at 600 dpi */

typedef struct hb_loaded_page {
    PIX *pix;           /* the page; owned by the loader, valid during the callback */
    const char *source; /* the file the page came from (inside a folder: that image) */
    int page;           /* 1-based page within `source` */
    int dpi;            /* from the file, or the rasterization dpi; 300 if unknown */
} hb_loaded_page;

/* Called once per page in book order; a nonzero return stops loading and is
 * returned by load_book. */
typedef int (*load_page_fn)(const hb_loaded_page *p, void *ctx);

/* Loads the book at `path` (file or folder).  dpi <= 0 means the default.
 * Returns 0 when every page was delivered. */
int load_book(const char *path, int dpi, load_page_fn fn, void *ctx, hb_err *e);

#endif
