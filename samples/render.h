/*
 * render.h - a record drawn as the paper học bạ pages it came from.
 *
 * The same renderer makes the project's synthetic sample books (with ground
 * truth) and the PDF copy a family receives (`hocba print`).  Layout follows
 * the official paper books of each family: a personal page (lý lịch), and per
 * school year either a two-page spread (left: subject table; right: conduct,
 * results, remarks, principal's approval) or a single page.
 */
#ifndef HB_RENDER_H
#define HB_RENDER_H

#include <leptonica/allheaders.h>

#include "err.h"
#include "record.h"

typedef struct render_opts {
    int dpi;            /* raster pages: 300 by default when 0 */
    unsigned seed;      /* layout variation (column widths, row heights, row
                           order, label spellings, decimal comma, fonts);
                           0 = the plain standard layout */
    int single_page;    /* one page per year instead of the two-page spread */
    int handwritten;    /* values written by hand (handwriting fonts, blue or
                           black ink, jitter) over the printed form */
    int personal_page;  /* also draw the personal page (first) */
} render_opts;

/* Renders a book: the personal page of recs[0] (when o->personal_page), then
 * each year's pages, in order, as 32 bpp RGB images at o->dpi.  The caller
 * owns the PIXA.  NULL on failure. */
PIXA *render_book(hb_record *const *recs, size_t n, const render_opts *o,
                  hb_err *e);

/* Writes the record as an A4 PDF with embedded fonts (vector, searchable
 * text): personal page and the year's pages, plain layout, printed values.
 * This is `hocba print`. */
int render_pdf(const hb_record *r, const char *path, hb_err *e);

#endif
