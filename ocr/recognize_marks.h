/*
 * recognize_marks.h - the ink's own say on a diacritic the models doubt
 * (recognize_marks.c explains the case: the dot of an "i" read as a hook).
 */
#ifndef HB_RECOGNIZE_MARKS_H
#define HB_RECOGNIZE_MARKS_H

#include <leptonica/allheaders.h>

#include "record.h"

typedef enum hb_mark {
    HB_MARK_UNKNOWN = 0, /* no single mark, or one the ink cannot class */
    HB_MARK_DOT,         /* the letter's own dot: "i" */
    HB_MARK_OTHER,       /* a larger, open mark: a tone (hook, accent) */
    HB_MARK_SMALL        /* dot-sized, fairly filled: an italic's slanted
                            dot, or a tone the scan blurred */
} hb_mark;

/* What the ink shows at one i-stem: the mark above it, and whether a dot
 * sits below it (ị). */
typedef struct hb_i_ink {
    hb_mark above;
    int below;
} hb_i_ink;

/* The i-stems of the word whose box is `word` (page coordinates) on the
 * 1 bpp page `bin`, left to right, in ink[] (at most `max` written).
 * Returns how many stems were found (which may be more than max), or -1
 * when the region cannot be read.  The caller pairs them with the word's
 * i-letters only when the counts agree. */
int recognize_i_marks(PIX *bin, hb_box word, hb_i_ink *ink, int max);

#endif
