/*
 * gen.h - synthetic scanned books with their ground truth (`samples/gen`).
 *
 * One book is one student's học bạ as a school would scan it: the personal
 * page, then one or two pages per school year, for 1-3 consecutive years.
 * gen makes the records (synth.h), draws them as the paper pages
 * (render.h), "scans" each page (scan.h) and writes the book as a
 * multi-page TIFF, a PDF or a folder of JPEG pages.  Beside the book it
 * writes the ground truth: one record XML per student-year, named as
 * `hocba extract` names its drafts, so that the scorer can pair them:
 *     book-7-003.tiff   book-7-003.xml                     (one year)
 *     book-7-004.pdf    book-7-004-2019-2020.xml, ...      (several years)
 *     book-7-005/page-01.jpg ...  book-7-005-....xml       (JPEG folder)
 * Everything is deterministic in the options: the same command writes the
 * same bytes.
 */
#ifndef HB_GEN_H
#define HB_GEN_H

#include "err.h"
#include "record.h"
#include "scan.h"

typedef enum gen_format {
    GEN_TIFF = 0, /* multi-page TIFF, JPEG-compressed as scanners write it
                     (at libtiff's quality 75: Leptonica 1.82 sets none) */
    GEN_PDF,      /* one JPEG image per page */
    GEN_JPEG      /* a folder, page-01.jpg ... */
} gen_format;

typedef struct gen_opts {
    unsigned seed;
    int count;           /* books to write */
    scan_level level;
    int handwritten;     /* values written by hand (render_opts.handwritten) */
    gen_format format;
    hb_family family;    /* HB_FAMILY_UNKNOWN = a mix of TT58, TT22, TT27 */
    int single_page;     /* one page per year instead of the two-page spread */
    int no_frame;        /* tables without their outer lines (render_opts) */
    int split_table;     /* each year's subject table runs over to a third
                            page (render_opts.split_table; two-page form) */
    int layouts;         /* each book in a layout variant of its own
                            (render_opts.layout): other wordings, header
                            arrangements, columns, results as lines, one
                            page or two per year unless single_page or
                            split_table says */
    int years;           /* years per book; 0 = 1-3 drawn per book */
    int dpi;             /* output dpi; 0 = the level's */
    int gray;            /* 8 bpp pages */
    int quality;         /* JPEG quality of PDF and JPEG pages; 0 = the level's */
    int truth_only;      /* only the XML files (fast) */
    const char *out;     /* directory, created if missing */
} gen_opts;

/* What one book came out as, for progress lines and tests. */
typedef struct gen_book_info {
    char name[64];       /* "book-7-003" */
    char path[4096];     /* the book's file or folder */
    hb_family family;
    int grade;           /* first grade */
    int years;           /* records (truth files) written */
    int pages;
} gen_book_info;

/* "tiff" / "pdf" / "jpeg" (also "jpg", "tif"); -1 on anything else. */
int gen_format_parse(const char *s, gen_format *out);
/* "TT58" / "TT22" / "TT27" / "mixed" (-> HB_FAMILY_UNKNOWN); -1 else. */
int gen_family_parse(const char *s, hb_family *out);

/* The name of book `index` (1-based): "book-<seed>-<index>" with the index
 * zero-padded to at least 3 digits (more when count needs them). */
void gen_book_name(const gen_opts *o, int index, char *buf, size_t size);

/* Writes book `index` (1-based) and its truth files into o->out.  0 on
 * success; on failure `e` names the book and the reason, and files already
 * written for that book may remain. */
int gen_book(const gen_opts *o, int index, gen_book_info *info, hb_err *e);

/* Process-wide setup the libraries force on a deterministic writer
 * (Leptonica's PDF date stamp, its message level).  Call once, first. */
void gen_init(void);

#endif
