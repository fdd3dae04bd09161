/*
 * recognize.h - reading one cell or one text line with the recognizer that
 * fits what it must hold.  The only module that talks to Tesseract.
 *
 * Plain Tesseract on a whole transcript page reads the prose and loses the
 * ruled table.  hocba instead crops each cell into its own small image and
 * reads it with an engine set up for what the cell can contain:
 *   - a score cell ("7,5", "10"): the `eng` model restricted to digits and a
 *     separator, checked against the score format, and a second opinion
 *     from `vie` with the same restriction (two recognizers that disagree
 *     are a reason to ask a person);
 *   - a level cell (Đ, CĐ, T, H, C, Tốt, Khá, ...): `vie`, then the closest
 *     member of the field's closed value set, with the margin to the runner
 *     up as part of the confidence;
 *   - names and free text: `vie` and the `Vietnamese` script model vote
 *     (both share some biases, but most misreads are one model's own);
 *   - dates, classes, school years, integers: `vie` or the digit engine,
 *     then the format of ocr/fields.h.
 *
 * One hb_recognizer holds one set of engines.  Initialising Tesseract costs
 * far more than reading a page, so each worker creates one and keeps it.
 * Not thread-safe: one per thread or process.
 */
#ifndef HB_RECOGNIZE_H
#define HB_RECOGNIZE_H

#include <leptonica/allheaders.h>
#include <stddef.h>

#include "catalog.h"
#include "err.h"
#include "record.h"
#include "stagetime.h"

typedef struct hb_recognizer hb_recognizer;

/* The engines of a recognizer. */
typedef enum hb_engine {
    HB_ENGINE_TEXT = 0, /* `vie`: labels, headings, levels, text */
    HB_ENGINE_ALT,      /* the larger `Vietnamese` script model (package
                           tesseract-ocr-script-viet), dictionaries off: a
                           second, independently trained reader of names
                           and text; `vie` without dictionaries when the
                           package is missing */
    HB_ENGINE_DIGITS,   /* `eng`: digit strings under a whitelist */
    HB_ENGINE_COUNT
} hb_engine;

/* Loads the engines (Tesseract's default tessdata, or TESSDATA_PREFIX). */
hb_recognizer *recognize_new(hb_err *e);
void recognize_free(hb_recognizer *r);

/* The recognizer's CPU accounting (stagetime.h): it lives with the engines
 * because one set of engines is one worker's.  Started by recognize_new
 * (loading the engines is charged to HB_STAGE_INIT). */
hb_stagetime *recognize_stagetime(hb_recognizer *r);

/* A page as the recognizers see it (both images have the same geometry). */
typedef struct hb_page_img {
    PIX *gray; /* 8 bpp, cleaned: what is cropped and read */
    PIX *bin;  /* 1 bpp, ruling lines removed: where the ink is */
    int dpi;
    int poor;  /* a degraded scan (layout.h: its printed words read with
                  low confidence): the ink's finer evidence, such as the
                  holes of a digit, is not trusted to change a reading */
} hb_page_img;

/* ---- raw text ----------------------------------------------------------- */

typedef struct hb_word {
    char *text;  /* NFC */
    float conf;  /* Tesseract's 0..100 */
    hb_box box;  /* page coordinates */
} hb_word;

typedef struct hb_ocr_text {
    char *text;      /* the words joined by single blanks, NFC ("" when none) */
    float conf;      /* mean word confidence, 0 when no words */
    float min_conf;  /* the weakest word's confidence */
    float doubt;     /* text engines: the strongest runner-up among the
                        characters' alternatives (0..100): a "ỉ" read where
                        "i" was nearly as likely shows here, not in the
                        word confidence */
    int marks;       /* toned i-letters (ì í ỉ ĩ) whose ink shows a dot,
                        or a small mark that may be one (recognize.c,
                        check_i_marks): HB_RD_MARK */
    hb_word *words;
    size_t n_words;
} hb_ocr_text;

/* Reads `region` of the page with engine `eng`, page segmentation mode
 * `psm` (a TessPageSegMode) and an optional character whitelist (NULL:
 * none).  The region is cropped from pg->gray into its own image with a
 * white margin (never read in place); where pg->bin shows no ink nearby the
 * crop is painted white, so that bleed-through, a tinted background or a
 * stamp's halo cannot pull Tesseract's own threshold off the ink.  The crop
 * is resized by `scale` first (<= 0: as is): Tesseract reads a cell's digits
 * far better at one ink height than at others (see recognize.c).  Word
 * boxes come back in page coordinates. */
int recognize_region(hb_recognizer *r, hb_engine eng, const hb_page_img *pg,
                     hb_box region, float scale, int psm,
                     const char *whitelist, hb_ocr_text *out, hb_err *e);
void recognize_text_free(hb_ocr_text *t);

/* The bounding box of the ink inside `cell` shrunk by `inset` pixels on
 * each side, on a 1 bpp image, ignoring specks far smaller than a
 * diacritic.  Returns the number of ink pixels (0: the cell is empty). */
int recognize_ink_box(PIX *bin, hb_box cell, int inset, hb_box *ink);

/* ---- fields ------------------------------------------------------------- */

/* What a field must hold; it chooses engine, whitelist and format. */
typedef enum hb_field_kind {
    HB_FK_SCORE = 0,  /* 0.0-10.0, one decimal ("7,5" -> "7.5") */
    HB_FK_TEST_SCORE, /* TT27 periodic test score: integer 1-10 */
    HB_FK_LEVEL,      /* a member of a closed value set (hb_valueset) */
    HB_FK_NAME,       /* a person's name */
    HB_FK_TEXT,       /* free text (one line, or a block when taller) */
    HB_FK_PLACE,      /* free text without full stops: places, occupations,
                         schools (fields_clean_place) */
    HB_FK_LABEL,      /* printed text matched afterwards (row labels): one
                         quick `vie` pass, no vote */
    HB_FK_DATE,       /* -> YYYY-MM-DD */
    HB_FK_INT,        /* non-negative integer (days absent) */
    HB_FK_SCHOOL_YEAR,/* -> YYYY-YYYY */
    HB_FK_CLASS,      /* 8A, 10A1, 12 Văn */
    HB_FK_ID12,       /* 12-digit personal identification number */
    HB_FK_CODE,       /* a code of 4-16 digits (school, student) */
    HB_FK_REGNO       /* số đăng bộ: "350/2022" (fields_parse_regno) */
} hb_field_kind;

/* Reading flags: why the recognizer itself doubts. */
#define HB_RD_EMPTY 0x1u     /* no ink in the cell */
#define HB_RD_FORMAT 0x2u    /* ink, but not this field's format */
#define HB_RD_DISAGREE 0x4u  /* the two recognizers read different values */
#define HB_RD_AMBIGUOUS 0x8u /* level: the runner-up member is nearly as close */
#define HB_RD_GLYPHS 0x10u   /* fewer characters read than the ink has glyphs */
#define HB_RD_MARK 0x20u     /* a toned i over ink that looks like the i's dot */

typedef struct hb_reading {
    char *value;    /* in the record's format; when FORMAT, the cleaned raw
                       text (kept so that a person sees what was there);
                       NULL when EMPTY */
    char *raw;      /* what the main recognizer returned, NULL when EMPTY */
    int conf;       /* 0..100: the recognizers' own estimate */
    unsigned flags; /* HB_RD_* */
    hb_box box;     /* the region read, page coordinates (the cell when EMPTY) */
    int doubt_hint;   /* text readers: hb_ocr_text.doubt of the passes */
    char detail[192]; /* what each pass read, for tracing and calibration
                         ("eng 7,9 94 | vie 7,5 82 | eng34 7,9 91 | topo 1") */
    char alts[32];    /* numbers: the other values the passes read, in the
                         record's format and blank-separated ("7.9"), when
                         they disagreed: a rule that tells them apart may
                         settle the reading (extract_formula.c) */
} hb_reading;

/* Reads one field inside `cell` (a table cell, or the value part of a text
 * line): finds the ink, crops, runs the recognizer(s) for `kind`.  `vs` is
 * used by HB_FK_LEVEL only.  `inset` keeps ruling-line residue out (line
 * thickness + 2 px for table cells, 0 for text regions). */
int recognize_field(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                    int inset, hb_field_kind kind, hb_valueset vs,
                    hb_reading *out, hb_err *e);
void recognize_reading_free(hb_reading *rd);

/* The same, given a reading of the value made already by `vie` (`hint`,
 * in the field's format, with its confidence): for names, text, dates and
 * classes it replaces one of the two votes, so that only a disagreement
 * costs a third reading.  Other kinds ignore the hint. */
int recognize_field_hint(hb_recognizer *r, const hb_page_img *pg, hb_box cell,
                         int inset, hb_field_kind kind, hb_valueset vs,
                         const char *hint, int hint_conf, hb_reading *out,
                         hb_err *e);

/* Parses text already read (a text line's words) the way recognize_field
 * parses its own reading of a `kind` field: the record's format in *out
 * (levels: the value set's word when the text is one of its forms exactly,
 * diacritics aside).  Used to compare two readings of one value. */
int recognize_parse(hb_field_kind kind, hb_valueset vs, const char *raw,
                    char **out);

/* The closest member of `vs` to `text` (canonical word, pointing into the
 * catalogue), comparing without diacritics against the words and their
 * paper abbreviations.  *margin receives the distance to the runner-up
 * minus the best distance (in folded code points), *dist the best distance.
 * NULL when `text` is empty. */
const char *recognize_closest_level(hb_valueset vs, const char *text,
                                    int *dist, int *margin);

#endif
