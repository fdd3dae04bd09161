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
    unsigned no_frame;  /* the ruled tables' outer lines not drawn on these
                           sides (RENDER_OPEN_* bits; RENDER_OPEN_ALL: inner
                           rulings only, as some schools' forms print them,
                           or an edge line lost); the remark box keeps its
                           frame.  0: closed tables */
    int split_table;    /* two-page form: each year's subject table runs
                           past its page, and the rest of its rows open the
                           next page, without the column headings (1) or
                           under them printed again (2); a year then takes
                           three pages (subjects, the rest of them,
                           results) */
    unsigned layout;    /* 0: the standard forms above, unchanged.  Any
                           other value seeds a layout variant, as other
                           printers and decades printed the forms: label
                           wordings and colons, which header fields share
                           a line and where they stand, column headings,
                           order and extra columns of the subject table,
                           year results as a table, transposed or written
                           as lines, the remark box or ruled lines, and
                           (unless single_page or split_table says) one
                           page or two per year.  Independent of `seed`,
                           which keeps varying the look (fonts, widths).
                           See render_variant.c. */
} render_opts;

enum {
    RENDER_OPEN_LEFT = 1, RENDER_OPEN_TOP = 2, RENDER_OPEN_RIGHT = 4,
    RENDER_OPEN_BOTTOM = 8, RENDER_OPEN_ALL = 15
};

/* Renders a book: the personal page of recs[0] (when o->personal_page), then
 * each year's pages, in order, as 32 bpp RGB images at o->dpi.  The caller
 * owns the PIXA.  NULL on failure. */
PIXA *render_book(hb_record *const *recs, size_t n, const render_opts *o,
                  hb_err *e);

/* The layout truth of a rendered book: where each value was drawn.  The
 * scan simulator, the OCR work and the scorer use it to look at (or crop)
 * exactly the region of a field. */
typedef struct render_box {
    char *path;  /* field path of record.h, e.g. "LY_LICH/HO_TEN" or
                    "THONG_TIN_HOC_BA/BANG_DIEM/DIEM_TONG_KET[TOAN]/CA_NAM";
                    a value shown on several pages (the name in every
                    year header) has one box per page */
    size_t rec;  /* index into recs[] of the record the value belongs to */
    int page;    /* 1-based page of the book (PIXA index + 1) */
    hb_box box;  /* in pixels of that page, ink and line height included */
} render_box;

/* A piece of printed form text (a label, a heading, a title): what the
 * form says around the values.  Layout variants change these, so tests
 * and the reader's developers look here to see which wording a page
 * printed and where. */
typedef struct render_label {
    char *text;  /* as printed, UTF-8 NFC, e.g. "Ngày, tháng, năm sinh:" */
    int page;    /* 1-based page of the book */
    hb_box box;  /* in pixels of that page */
} render_label;

typedef struct render_boxes {
    render_box *items;
    size_t n;
    int tofu;    /* texts drawn with a glyph that no installed font has
                    (shown as a box); 0 unless fonts are missing */
    render_label *labels; /* every piece of form text, in drawing order */
    size_t n_labels;
} render_boxes;

/* render_book, and also the boxes of every value drawn (empty and absent
 * fields have none), in drawing order.  `boxes` may be NULL.  Free with
 * render_boxes_free (also after a failure). */
PIXA *render_book_boxes(hb_record *const *recs, size_t n, const render_opts *o,
                        render_boxes *boxes, hb_err *e);
void render_boxes_free(render_boxes *b);

/* Page order of render_book: the personal page (if asked), then for each
 * record either its single page, or its left page (subject table), the
 * rest of the table (with split_table) and the right page (results,
 * remarks, approval). */

/* Pages each year takes with these options: 1 (single page), 2 (the
 * spread) or 3 (a split subject table).  A layout variant may choose the
 * single page by itself, so callers ask instead of guessing. */
int render_year_pages(const render_opts *o);

/* Writes the record as an A4 PDF with embedded fonts (vector, searchable
 * text): personal page and the year's pages, plain layout, printed values,
 * a footer with the record id, its version and "Trang x/y".
 * This is `hocba print`. */
int render_pdf(const hb_record *r, const char *path, hb_err *e);

#endif
