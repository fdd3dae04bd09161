/*
 * morph.h - binary morphology with rectangular bricks, fast and exact.
 *
 * The same results, bit for bit, as Leptonica's pixDilateBrick,
 * pixErodeBrick, pixOpenBrick and pixCloseBrick (origin at the brick's
 * centre, pixels outside the image OFF), but in about 2 log2(size) passes
 * over the image instead of `size` shifted copies: the cleanup and the
 * table finder dilate by bricks of 1/12 inch (25 pixels at 300 dpi), which
 * cost Leptonica 50 full-page raster operations each.  (Leptonica's
 * composite bricks are as fast but not exact: a size that is not a
 * product of two factors is rounded.)
 *
 * Each returns a new 1 bpp image, or NULL when `s` is not 1 bpp or a size
 * is below 1.
 */
#ifndef HB_MORPH_H
#define HB_MORPH_H

#include <leptonica/allheaders.h>

PIX *morph_dilate_brick(PIX *s, int hsize, int vsize);
PIX *morph_erode_brick(PIX *s, int hsize, int vsize);
PIX *morph_open_brick(PIX *s, int hsize, int vsize);
PIX *morph_close_brick(PIX *s, int hsize, int vsize);

#endif
