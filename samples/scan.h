/*
 * scan.h - a clean rendered page turned into what a scanner gives back.
 *
 * The project cannot ship real students' transcripts, so it measures itself on
 * synthetic books: a record rendered as clean pages (render.h), then "scanned"
 * here.  A real scan of a học bạ differs from the clean page in two ways:
 *   - the paper itself: faded ink, a yellowed sheet, the page printed on the
 *     back showing through (bleed-through), the school's red round stamp and
 *     the principal's signature over the approval text, punch holes;
 *   - the scanner: the sheet lies a little rotated and shifted on the glass,
 *     the resolution is 200-400 dpi with a small scale error, the optics blur,
 *     the lamp lights unevenly, the sensor adds noise, the lid's edges show as
 *     dark bands, and the result is saved as JPEG.
 * Every choice is drawn from a seeded generator, so the same seed gives the
 * same bytes.  The level (clean, typical, hard) sets the ranges; the table in
 * scan.c documents them.
 */
#ifndef HB_SCAN_H
#define HB_SCAN_H

#include <leptonica/allheaders.h>

#include "err.h"
#include "record.h"

typedef enum scan_level {
    SCAN_CLEAN = 0, /* nearly pristine: a careful scan of a new book */
    SCAN_TYPICAL,   /* a decent office scanner at 300 dpi, an old book */
    SCAN_HARD       /* a bad phone-copier scan of a worn book */
} scan_level;

/* What the caller knows about the page.  Zero-initialise, then set. */
typedef struct scan_opts {
    scan_level level;
    unsigned seed;       /* with `page`, decides every random choice */
    unsigned page;       /* page index in the book (varies pages of one seed) */
    int dpi;             /* output resolution; 0 = the level's default */
    int gray;            /* 8 bpp output, like a scanner's gray mode */
    int marks;           /* draw the school stamp and the principal's signature */
    hb_box approval;     /* where the approval block is on the clean page, in
                            its pixels; w == 0 = the lower right of the page */
    const char *stamp_text; /* ring text of the stamp (UTF-8; the school's
                               name), NULL = "TRƯỜNG" */
    PIX *back;           /* the page on the other side of the sheet, for
                            bleed-through; NULL = none */
} scan_opts;

/* The choices drawn for one page: what scan_apply does, in output terms.
 * Exposed so that tests can check results against what was asked. */
typedef struct scan_params {
    int src_dpi;            /* resolution of the clean page */
    int dpi;                /* nominal output resolution (stored in the PIX) */
    double scale_x, scale_y;/* the scanner's scale error: 1.0 = exact */
    double angle_deg;       /* the sheet's rotation on the glass, clockwise + */
    int shift_x, shift_y;   /* the sheet's offset on the glass, output pixels */
    int blur_half;          /* box blur half-width in pixels (0 = none) */
    double blur_weight;     /* 0..1 share of the blurred image */
    double noise;           /* sensor noise, standard deviation in gray levels */
    int jpeg_quality;       /* JPEG round trip at this quality; 0 = none */
    double light_amp;       /* lamp falloff across the page, 0..1 */
    double light_dir;       /* direction of the falloff, radians */
    double vignette;        /* extra falloff towards the corners, 0..1 */
    int paper[3];           /* paper tone, RGB */
    double fade;            /* share of the ink's darkness that survived */
    double bleed;           /* strength of the back page showing through */
    int stamp;              /* 1 = stamp drawn */
    int stamp_x, stamp_y, stamp_r; /* its centre and radius, clean pixels */
    double stamp_angle;     /* its rotation, radians */
    double stamp_ink;       /* its opacity */
    int signature;          /* 1 = signature drawn */
    int sig_x, sig_y, sig_w, sig_h; /* its box, clean pixels */
    int sig_blue;           /* 1 = blue ballpoint, 0 = black */
    int holes;              /* 1 = two punch holes near the left edge */
    int hole_dark;          /* holes show the dark lid (1) or white (0) */
    int lid;                /* gray of the glass/lid around the sheet */
    int border[4];          /* dark band widths at left, top, right, bottom
                               (output pixels) */
    int border_gray;        /* gray of those bands */
    int specks;             /* dust and toner specks */
} scan_params;

/* "clean" / "typical" / "hard" <-> level; parse returns -1 on an unknown
 * word. */
int scan_level_parse(const char *s, scan_level *out);
const char *scan_level_name(scan_level l);

/* Draws the parameters for a clean page of `w` x `h` pixels at `src_dpi`.
 * Deterministic in (o->level, o->seed, o->page, o->dpi, w, h). */
void scan_params_draw(const scan_opts *o, int w, int h, int src_dpi,
                      scan_params *p);

/* Applies `p` to `clean` (any depth; its resolution is p->src_dpi).  Returns
 * a new 32 bpp RGB page (8 bpp when o->gray) with resolution p->dpi; the
 * caller owns it.  NULL with `e` filled on failure. */
PIX *scan_apply(PIX *clean, const scan_opts *o, const scan_params *p,
                hb_err *e);

/* scan_params_draw + scan_apply; `p` may be NULL when the caller does not
 * need the choices. */
PIX *scan_degrade(PIX *clean, const scan_opts *o, scan_params *p, hb_err *e);

/* Draws the round stamp and the signature of `p` onto a 32 bpp page in place
 * (clean-page coordinates).  Used by scan_apply; public for tests. */
int scan_draw_marks(PIX *pix, const scan_opts *o, const scan_params *p,
                    hb_err *e);

#endif
