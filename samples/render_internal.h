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
 *                      value formatting, the date line
 *   render_variant.c   the layout variant drawn from render_opts.layout:
 *                      label wordings, arrangements, headings, orders
 *   render_header.c    label+value lines and the header of year pages
 *   render_year.c      the year pages of each family (subject table, page
 *                      plans)
 *   render_results.c   the year's results (conduct and learning, TT27
 *                      qualities), result lines, remark, approval
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

/* ---- a layout variant (render_variant.c) ------------------------------ */

/* Printed labels that forms word differently.  Each is kept without its
 * colon: whether a label ends with ':' is a choice of the variant too. */
typedef enum rd_lkey {
    RD_L_NAME,       /* the student's name, personal page and year headers */
    RD_L_CLASS, RD_L_YEAR, RD_L_SCHOOL,
    RD_L_MA_TRUONG, RD_L_XA, RD_L_TINH,
    RD_L_SEX, RD_L_BIRTH, RD_L_ETHNIC, RD_L_BIRTHPLACE, RD_L_DOI_TUONG,
    RD_L_CHO_O, RD_L_ID, RD_L_MHS, RD_L_CHA, RD_L_ME, RD_L_NGHE,
    RD_L_GIAM_HO,
    RD_L_LEN_LOP,    /* TT58/TT22 promotion */
    RD_L_DANH_HIEU,  /* TT58/TT22 title */
    RD_L_DAYS,       /* days absent, on a line of its own */
    RD_L_T27_RESULT, RD_L_T27_PRIZE, RD_L_T27_DONE,
    RD_L_COUNT
} rd_lkey;

/* Everything a layout variant decides, drawn once per book from
 * render_opts.layout.  With layout 0 every member holds what the standard
 * forms print, so the drawing code has one path and today's pages come
 * out byte for byte as before. */
typedef struct rd_variant {
    int on;                        /* a variant (render_opts.layout != 0) */
    const char *label[RD_L_COUNT]; /* wordings, without colon */
    int colon;                     /* 0 every label ends with ':', 1 none,
                                      2 those in colon_bits */
    unsigned colon_bits;
    int birth_slots;               /* "Sinh ngày 12 tháng 3 năm 2006" */
    int numbered;                  /* TT27 sections "2.", "4." numbered */
    int single;                    /* one page per year (when the options
                                      leave it open) */
    int header;                    /* year header arrangement, RD_HDR_* */
    double hdr_f[2];               /* its width fractions */
    int regulation;                /* 0 "(Đánh giá ... theo Thông tư ...)",
                                      1 "(Ban hành kèm theo ...)", 2 none */
    int personal;                  /* personal page arrangement, 0-3 */
    int history_swap;              /* history table: "Lớp" before "Năm học" */
    /* the subject table (read only when on) */
    const char *head_hk1, *head_hk2, *head_cn; /* TT58/TT22 */
    const char *term_word;         /* "Học kỳ" or "Học kì" where a table
                                      names the term in full */
    int dgl_column;                /* the re-assessment column printed even
                                      when empty (the style's otherwise) */
    const char *head_t27[2];       /* TT27: end of term I, end of year */
    const char *group58, *group22; /* spanning heading; NULL: none */
    const char *dgl58, *dgl22;     /* the re-assessment column */
    const char *sign58, *nx22;     /* signature / remark column */
    const char *stt;               /* a numbering column first ("TT",
                                      "STT"); NULL: none */
    int swap_last;                 /* TT58: signature before re-test; TT22:
                                      remark before re-assessment */
    int t27_by_term;               /* TT27: columns grouped by term (level
                                      and test under "Cuối HK I") */
    const char *t27_kind[2];       /* their headings: level, test */
    /* the results */
    int results;                   /* TT58/TT22, RD_RES_* */
    int results_left;              /* two-page: results under the subject
                                      table, the right page only remark
                                      and approval */
    int days_unit;                 /* "... : 3 buổi" */
    int len_alone;                 /* "Được lên lớp" with no label */
    int results_pair;              /* promotion and title on one line */
    int muc_swap;                  /* TT27: the competences' table on the
                                      left, the qualities' on the right */
    int remark_lines;              /* remark on dotted lines, no box */
    const char *remark_title, *approval_title; /* when on */
} rd_variant;

enum { RD_HDR_STANDARD = 0, /* name | class | year, then school */
       RD_HDR_THREE,        /* name; class | year; school */
       RD_HDR_TOP,          /* school | year above the title; name | class */
       RD_HDR_PAIRS,        /* name | class; school | year */
       RD_HDR_LINES,        /* one field per line */
       RD_HDR_COUNT };

enum { RD_RES_TABLE = 0,    /* terms down, conduct and learning across */
       RD_RES_TRANSPOSED,   /* conduct and learning down, terms across */
       RD_RES_LINES_TERM,   /* "Học kỳ I:  Hạnh kiểm: Tốt   Học lực: Khá" */
       RD_RES_LINES_KIND,   /* "Hạnh kiểm:  HK I: Tốt  HK II: Tốt  Cả năm: Tốt" */
       RD_RES_COUNT };

/* Fills v from `layout` (0: the standard forms). */
void rd_variant_init(rd_variant *v, unsigned layout);

/* One value drawn: the field it shows and where. */
typedef struct rd_drawn {
    const hb_field *f;
    size_t rec;
    int page;
    hb_box box; /* device pixels */
} rd_drawn;

/* One piece of form text drawn (render_label). */
typedef struct rd_printed {
    char *text;
    int page;
    hb_box box;
} rd_printed;

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
    unsigned layout;         /* render_opts.layout */
    rd_variant var;          /* drawn from it (rd_style_init) */
    rd_rng rng;              /* layout variation */
    rd_rng hand;             /* handwriting jitter */
    int page;                /* 1-based page of the book being drawn */
    size_t rec;              /* index of the record being drawn */
    const char *writer;      /* hand of the value being drawn (NULL: main) */
    rd_drawn *drawn;
    size_t n_drawn, cap_drawn;
    rd_printed *printed;     /* form text drawn (raster pages only) */
    size_t n_printed, cap_printed;
    int tofu;                /* texts with a glyph that no font had */
    int failed;              /* allocation failure while drawing */
} rd_ctx;

/* render_layout.c ------------------------------------------------------- */

/* Fills c->st from c->seed (0: the plain standard look) and c->var from
 * c->layout. */
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

/* "<place>, ngày d tháng m năm y" centred in (x, w) at y, the date (ISO in
 * the record) written as a value.  Returns the y below. */
double rd_date_line(rd_ctx *c, const char *place, const hb_field *date,
                    double x, double y, double w);
/* The place name printed before dates: the school's province without
 * "Thành phố"/"Tỉnh" (static text, not a value). */
const char *rd_place(const hb_record *r);

/* render_header.c ------------------------------------------------------- */

/* A label of the variant as printed, with its colon or not (into buf). */
const char *rd_lb(const rd_ctx *c, rd_lkey k, char *buf, size_t size);
/* "Label: value" on one line from x to x+w; returns nothing. */
void rd_field_line(rd_ctx *c, const char *label, const hb_field *f,
                   const char *text, double x, double y, double w, double h);
/* rd_field_line as wide as the label plus `slot` mm for the value, then
 * `unit` (form text, may be NULL) after the value's slot; returns the x
 * where it ends.  For several fields on one line. */
double rd_field_inline(rd_ctx *c, const char *label, const hb_field *f,
                       const char *text, const char *unit, double x,
                       double y, double slot, double h);
/* "Sinh ngày 12 tháng 3 năm 2006": a date written into the printed
 * form's day, month and year slots after `label`, from x to x+w. */
void rd_date_slots(rd_ctx *c, const char *label, const hb_field *date,
                   double x, double y, double w, double h);
/* The title (form and regulation) and the header every year page repeats
 * (name, class, school year, school); returns the y below it. */
double rd_year_header(rd_ctx *c, const hb_record *r, double y);

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

/* render_results.c ------------------------------------------------------ */

/* The year's results from y: TT58/TT22 conduct and learning (a table, or
 * as the variant prints them), TT27 qualities and competences, then the
 * result lines (promotion, title, days absent).  `single`: the compact
 * sizes of the one-page form.  Returns the y below. */
double rd_results(rd_ctx *c, const hb_record *r, double x, double y,
                  double w, int single);
/* How high rd_results will be (for planning a page). */
double rd_results_height(rd_ctx *c, const hb_record *r, int single);
/* The homeroom teacher's remark (title, box or ruled lines, signature
 * caption); returns the y below. */
double rd_remark(rd_ctx *c, const hb_record *r, double x, double y, double w,
                 double box_h);
/* The principal's approval: title, dated line, name; returns the y below. */
double rd_approval(rd_ctx *c, const hb_record *r, double x, double y,
                   double w, double sign_h);

/* render_year.c / render_personal.c ------------------------------------- */

void rd_draw_personal(rd_ctx *c, const hb_record *r);
/* part: 0 single page, 1 left page (subjects), 2 right page (results),
 * 3 the rest of a split subject table (c->split_table, after part 1) */
void rd_draw_year(rd_ctx *c, const hb_record *r, int part);

/* A PangoContext for drawing in millimetres; caller unrefs both. */
PangoContext *rd_pango_context(PangoFontMap **fm);

#endif
