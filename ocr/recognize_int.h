/*
 * recognize_int.h - what the field readers of recognize*.c share; not for
 * use outside them (recognize.h is the module's interface).
 *
 *   recognize.c         the engines, reading a region, the shared helpers
 *   recognize_field.c   one field: find its ink, pick the reader by kind
 *   recognize_number.c  scores, integers, codes: two engines and the ink's
 *                       holes vote
 *   recognize_level.c   closed value sets (Đ/CĐ, T/H/C, Tốt/Khá, ...)
 *   recognize_text.c    names, places, remarks, dates, classes: two models
 *                       vote line by line
 *   recognize_marks.c   the mark over an i, from the ink
 */
#ifndef HB_RECOGNIZE_INT_H
#define HB_RECOGNIZE_INT_H

#include "fields.h"
#include "recognize.h"

/* Ink heights (pixels of the image handed to Tesseract) at which the fast
 * LSTM models read best.  Measured on rendered cells in nine faces, 9-14
 * pt at 300 dpi: `eng` under a digit whitelist read 96.8% of scores with
 * the crop as scanned, 99.2% with the digits' ink brought to 28-32 px;
 * both larger and smaller lose the decimal separator or turn 5 into 9. */
#define DIGIT_INK_H 30.0f
#define TEXT_INK_H 40.0f

#define SCORE_CHARS "0123456789.,"

/* Tesseract's page segmentation modes used here (TessPageSegMode's
 * PSM_SINGLE_LINE and PSM_SINGLE_CHAR: only recognize.c includes
 * Tesseract's header). */
#define HB_PSM_LINE 7
#define HB_PSM_CHAR 10

/* A field's format: raw OCR text in, the record's value out (fields.h). */
typedef hb_parse (*hb_parse_fn)(const char *raw, int arg, char **out);

/* What one field read works on. */
typedef struct hb_rec_job {
    hb_recognizer *r;
    const hb_page_img *pg;
    hb_box region; /* ink plus a margin, page coordinates */
    int ink_h;     /* height of the ink */
} hb_rec_job;

/* One pass of one engine over the region, parsed. */
typedef struct hb_rec_pass {
    hb_ocr_text t;
    hb_parse rc;
    char *value;
} hb_rec_pass;

int recognize_clamp(int v, int lo, int hi);
/* The resize that brings the job's ink to `target` pixels high. */
float recognize_scale_for(const hb_rec_job *j, float target);
/* One engine over the job's region at `scale`, then `parse`. */
int recognize_run_pass(const hb_rec_job *j, hb_engine eng, float scale, int psm,
                       const char *wl, hb_parse_fn parse, int arg,
                       hb_rec_pass *p, hb_err *e);
void recognize_pass_free(hb_rec_pass *p);
/* The pieces of ink (8-connected) of the job's region, in region
 * coordinates, and the tallest one's height in *maxh; NULL on failure. */
BOXA *recognize_job_pieces(const hb_rec_job *j, int *maxh);

/* recognize_number.c */
int recognize_read_number(const hb_rec_job *j, const char *wl, hb_parse_fn parse,
                          int arg, int is_score, hb_reading *out, hb_err *e);
/* Holes of each digit-sized piece of ink, left to right (count, or -1). */
int recognize_digit_holes(const hb_rec_job *j, int *holes, int max);

/* recognize_level.c */
int recognize_read_level(const hb_rec_job *j, hb_valueset vs, hb_reading *out,
                         hb_err *e);
/* Letter-sized pieces of ink in the region (-1 on failure). */
int recognize_glyph_count(const hb_rec_job *j);

/* recognize_text.c */
/* Nonzero when the last piece of ink on the region's last line is a mark
 * (a full stop or a comma: far smaller than the letters, on the line), 0
 * when it is not, -1 on failure. */
int recognize_trailing_mark(const hb_rec_job *j);
int recognize_read_text(const hb_rec_job *j, hb_engine eng, const char *wl,
                        hb_parse_fn parse, hb_reading *out, hb_err *e);
int recognize_read_voted(const hb_rec_job *j, hb_parse_fn parse,
                         const char *prior, int prior_conf, hb_reading *out,
                         hb_err *e);
int recognize_read_class(const hb_rec_job *j, const char *hint, int hint_conf,
                         hb_reading *out, hb_err *e);

#endif
