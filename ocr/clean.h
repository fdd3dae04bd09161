/*
 * clean.h - a scanned page made fit to read.
 *
 * Scans arrive rotated, skewed, unevenly lit, with punch holes, dark borders,
 * a red stamp and a signature over the approval.  Cleaning turns them into a
 * deskewed gray image (what the review UI shows and what field boxes refer
 * to) and a binarized image for the table finder and the recognizers.
 */
#ifndef HB_CLEAN_H
#define HB_CLEAN_H

#include <leptonica/allheaders.h>

#include "err.h"

typedef struct hb_clean_info {
    int rotation;     /* 0, 90, 180, 270: quarter turns applied (orientation) */
    float skew_deg;   /* deskew angle applied */
    int dpi;          /* resolution of the cleaned images */
    /* Added by the cleanup implementation: */
    int stamps;       /* red seals found and suppressed (colour scans) */
    int red_ink;      /* 1 when red ink remains outside the seals: on a
                         transcript that is usually a teacher's correction
                         (corrections are written in red), so the fields
                         there deserve review */
} hb_clean_info;

/* Cleans `in` (any depth; colour keeps stamp suppression possible).  On
 * success *gray (8 bpp, deskewed, background normalized, border/holes
 * whitened, red/blue stamp ink suppressed) and *bin (1 bpp, same geometry)
 * are set; the caller destroys both. */
int clean_page(PIX *in, int dpi, PIX **gray, PIX **bin, hb_clean_info *info,
               hb_err *e);

#endif
