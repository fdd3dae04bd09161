/*
 * grid_priv.h - ruling-line masks shared by the table finder and line
 * removal (internal to ocr/).
 */
#ifndef HB_GRID_PRIV_H
#define HB_GRID_PRIV_H

#include <leptonica/allheaders.h>

/* 1 bpp masks (the size of bin) of the horizontal and vertical ruling
 * lines: long straight runs, small breaks bridged.  0 on success. */
int grid_line_masks(PIX *bin, int dpi, PIX **h, PIX **v);

#endif
