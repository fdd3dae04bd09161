/*
 * load_int.h - what load.c and load_tiff.c share (not for other modules).
 */
#ifndef HB_LOAD_INT_H
#define HB_LOAD_INT_H

#include <stddef.h>

#include "load.h"

#define LOAD_MAX_SIDE 32767 /* cairo's image surface limit */

/* Page `index` (0-based) of the TIFF in buf: read row by row when it is a
 * plain 8-bit RGB page, else by Leptonica.  NULL when damaged. */
PIX *load_tiff_page(const unsigned char *buf, size_t len, int index);

/* The row-by-row reader alone: *taken says whether the page was plain RGB
 * (then NULL means its rows failed); NULL with *taken 0 otherwise.  For
 * the tests, which compare it with Leptonica's reading. */
PIX *load_tiff_rows(const unsigned char *buf, size_t len, int index,
                    int *taken);

#endif
