/*
 * render_internal.h - what the render*.c files share; not a public header.
 *
 * Drawing happens in millimetres on an A4 page (210 x 297), whatever the
 * target: a raster page scales millimetres to pixels (dpi / 25.4), the PDF
 * copy to points (72 / 25.4).  Pango's resolution is set to 25.4 "dpi" so
 * that font sizes stay in ordinary points (1 pt = 0.3528 mm).
 *
 *   render_text.c      pango helpers: labels, values, handwriting, boxes
 *   render_layout.c    the book's style drawn from the seed, rules (lines),
 *                      value formatting, header lines, label+value lines
 *   render_year.c      the year pages of each family (subject table,
 *                      results, remarks, approval)
 *   render_personal.c  the personal page (lý lịch) and schooling history
 *   render.c           render_book: pages to Leptonica images, boxes
 *   render_pdf.c       render_pdf: the family's paper copy
 */
#ifndef HB_RENDER_INTERNAL_H
#define HB_RENDER_INTERNAL_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "render.h"
#include "scan_rng.h"

#define RD_PAGE_W 210.0 /* A4, mm */
#define RD_PAGE_H 297.0

/* ---- a small deterministic generator: the samples' one (scan_rng.h) ---- */

typedef scan_rng rd_rng;

static inline uint64_t rd_next(rd_rng *r)
{
    return scan_rng_next(r);
}

static inline double rd_unit(rd_rng *r)
{
    return scan_rng_unit(r);
}

static inline double rd_range(rd_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rd_unit(r);
}

static inline int rd_int(rd_rng *r, int lo, int hi)
{
    return hi <= lo ? lo : lo + (int)(rd_next(r) % (uint64_t)(hi - lo + 1));
}

/* ---- the look of one book --------------------------------------------- */

typedef struct rd_style {
    const char *form_font;   /* the printed form's labels */
    const char *value_font;  /* values typed by the school's software */
    double label_pt, value_pt;
    int comma;               /* decimal comma: "7,5" */
    int hoc_ki;              /* "Học kì" instead of "Học kỳ" */
    int short_heads;         /* column heads "HK I", "HK II", "CN" */
    int dgl_column;          /* re-assessment column printed even if empty */
    int leaders;             /* dotted leaders after labels (printed mode) */
    int date_style;          /* 0 12/03/2006, 1 12/3/2006, 2 12-03-2006 */
    double row_h;            /* subject row height of the two-page form, mm */
    double margin_l, table_w;
    double col_f[8];         /* per-column width factors */
    int swaps;               /* adjacent subject rows swapped */
    double line_w;           /* inner ruling, mm */
    /* handwritten mode */
    const char *hand_font;   /* the homeroom teacher's hand */
    const char *hand_alt;    /* subject teachers' hand for some rows */
    const char *hand_viet;   /* used when a value needs glyphs (ư, ơ, đ,
                                stacked tones) that the hand fonts lack */
    double ink[3];
    double hand_pt;
} rd_style;

/* One value drawn: the field it shows and where. */
typedef struct rd_drawn {
    const hb_field *f;
    size_t rec;
    int page;
    hb_box box; /* device pixels */
} rd_drawn;

typedef struct rd_ctx {
    cairo_t *cr;             /* current page, user space in mm */
    PangoContext *pc;
    int dpi;                 /* 0 for vector output (no boxes) */
    int handwritten;
    unsigned seed;
    unsigned no_frame;       /* render_opts.no_frame */
    int split_table;         /* render_opts.split_table (two-page form) */
    /* a subject table split over two pages: the printed row order (drawn
     * once, on the first page) and how many rows that page holds */
    size_t split_order[64], split_n, split_at;
    double split_rh;
    rd_style st;
    rd_rng rng;              /* layout variation */
    rd_rng hand;             /* handwriting jitter */
    int page;                /* 1-based page of the book being drawn */
    size_t rec;              /* index of the record being drawn */
    const char *writer;      /* hand of the value being drawn (NULL: main) */
    rd_drawn *drawn;
    size_t n_drawn, cap_drawn;
    int tofu;                /* texts with a glyph that no font had */
    int failed;              /* allocation failure while drawing */
} rd_ctx;

/* render_layout.c ------------------------------------------------------- */

/* Fills c->st from c->seed (0: the plain standard look). */
void rd_style_init(rd_ctx *c);

/* Ruling lines. */
void rd_hline(rd_ctx *c, double x0, double x1, double y, double w);
void rd_vline(rd_ctx *c, double x, double y0, double y1, double w);
void rd_frame(rd_ctx *c, double x, double y, double w, double h);
/* A ruled table's outer frame: rd_frame but the sides c->no_frame opens. */
void rd_table_frame(rd_ctx *c, double x, double y, double w, double h);
void rd_leader(rd_ctx *c, double x0, double x1, double y);

/* Value text as the paper prints it (into buf). */
const char *rd_fmt_score(rd_ctx *c, const char *v, char *buf, size_t size);
const char *rd_fmt_date(rd_ctx *c, const char *iso, char *buf, size_t size);

/* The family a record is drawn as, and its level ("TH", "THCS", "THPT"). */
hb_family rd_family(const hb_record *r);
const char *rd_level(const hb_record *r);

/* "Label: value" on one line from x to x+w; returns nothing. */
void rd_field_line(rd_ctx *c, const char *label, const hb_field *f,
                   const char *text, double x, double y, double w, double h);
/* The title (form and regulation) and the header every year page repeats
 * (name, class, school year, school); returns the y below it. */
double rd_year_header(rd_ctx *c, const hb_record *r, double y);
/* "<place>, ngày d tháng m năm y" centred in (x, w) at y, the date (ISO in
 * the record) written as a value.  Returns the y below. */
double rd_date_line(rd_ctx *c, const char *place, const hb_field *date,
                    double x, double y, double w);
/* The place name printed before dates: the school's province without
 * "Thành phố"/"Tỉnh" (static text, not a value). */
const char *rd_place(const hb_record *r);

/* render_text.c --------------------------------------------------------- */

enum { RD_LEFT = 0, RD_CENTER = 1, RD_RIGHT = 2 };
enum { RD_BOLD = 1, RD_ITALIC = 2, RD_WRAP = 4, RD_NOSHRINK = 8,
       RD_SMALL = 16 /* values: 85% of the usual size */ };

/* Printed form text in box (x, y, w, h), vertically centred.  With RD_WRAP
 * it wraps and shrinks to fit the box.  Returns the x where the text ends. */
double rd_label(rd_ctx *c, const char *text, double x, double y, double w,
                double h, int align, double pt, int flags);
/* A value of field f (text already formatted), written in the value font
 * or by hand; nothing for NULL/empty text.  Its box is recorded for f.
 * Returns the device box (w = 0 when nothing was drawn). */
hb_box rd_value(rd_ctx *c, const hb_field *f, const char *text, double x,
                double y, double w, double h, int align, int flags);
/* Width in mm of form text at pt (no drawing). */
double rd_text_width(rd_ctx *c, const char *text, double pt, int flags);
/* Records an extra box for f (pieces of one value, e.g. a date). */
void rd_add_box(rd_ctx *c, const hb_field *f, hb_box b);
/* Union of two device boxes (an empty box is neutral). */
hb_box rd_box_union(hb_box a, hb_box b);

/* render_year.c / render_personal.c ------------------------------------- */

void rd_draw_personal(rd_ctx *c, const hb_record *r);
/* part: 0 single page, 1 left page (subjects), 2 right page (results),
 * 3 the rest of a split subject table (c->split_table, after part 1) */
void rd_draw_year(rd_ctx *c, const hb_record *r, int part);

/* A PangoContext for drawing in millimetres; caller unrefs both. */
PangoContext *rd_pango_context(PangoFontMap **fm);

#endif
